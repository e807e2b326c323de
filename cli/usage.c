/*
 * usage.c - what bbsim says about how it is called: the --help text, a
 * usage error (exit status 2), a list of errors.
 */
#include "cli.h"
#include <stdio.h>

static const char USAGE[] =
    "usage: bbsim run SCENARIO.cfg [-o DIR] [--seed N] [--reps N] [--set PATH=VALUE]...\n"
    "       bbsim compare A.cfg B.cfg [C.cfg...] [-o DIR] [--seed N] [--reps N] [--set ...]\n"
    "       bbsim sweep SCENARIO.cfg --vary PATH=FROM:TO:STEP [--vary ...] [-o DIR]\n"
    "       bbsim check SCENARIO.cfg [--set PATH=VALUE]...\n"
    "       bbsim report OUTDIR [OUTDIR2 ...] [-o report.pdf] [--lang nl|en] [--png DIR]\n"
    "       bbsim size SCENARIO.cfg --target METRIC[/GROUP][@YEAR]{<=|>=}VALUE ...\n"
    "                  --lever PATH[@DATE]:STEP[:MAX] ... [--confidence 0.95] [--reps N]\n"
    "       bbsim COMMAND --help\n"
    "       bbsim --help | --version\n"
    "\n"
    "Simulates the Dutch B&B protection chain (Stelsel Bewaken en Beveiligen)\n"
    "from a libconfig scenario and writes CSV.\n"
    "\n"
    "commands:\n"
    "  run      run the replications; write summary.csv, timeseries.csv and\n"
    "           scenario.cfg (as run) to DIR (default out/<scenario name>/)\n"
    "  compare  run every scenario on the same random streams (common random\n"
    "           numbers); summary.csv adds the paired difference against the\n"
    "           first scenario (default DIR out/compare-<A>-vs-<B>/)\n"
    "  sweep    run a grid of settings, each point on the same random streams;\n"
    "           write sweep.csv (default DIR out/sweep-<scenario name>/)\n"
    "  check    validate the scenario; list every error with file:line\n"
    "  report   a PDF of the outputs in OUTDIR (default OUTDIR/report.pdf), a page\n"
    "           per planner question, Dutch (--lang en: English); --png DIR also\n"
    "           writes each chart as a 1920x1080 PNG (docs/report.md)\n"
    "  size     the cheapest plan of FTE steps that meets every --target at the\n"
    "           stated confidence, on common random numbers, confirmed on fresh\n"
    "           streams; write size.csv and plan.cfg (default DIR out/size-<name>/)\n"
    "\n"
    "options:\n"
    "  -o DIR             output directory; refuses one holding another scenario's\n"
    "                     results unless --force\n"
    "  --seed N           master seed (default: run.seed of the scenario)\n"
    "  --reps N           replications (default: run.replications)\n"
    "  --set PATH=VALUE   override a setting by its path, e.g.\n"
    "                     --set pools.information.fte=60 (repeatable)\n"
    "  --set K:PATH=VALUE compare: override a setting of the K-th scenario only\n"
    "  --vary PATH=FROM:TO:STEP  sweep: an inclusive grid of values (or\n"
    "                     PATH=V1,V2,...); several --vary make a full grid\n"
    "  --threads N        worker threads (default: all cores); results are the\n"
    "                     same for any N\n"
    "  --bands            write bands.csv (mean, 5th and 95th percentile over the\n"
    "                     replications per week) instead of timeseries.csv\n"
    "  --precision METRIC[/GROUP]=HALFWIDTH\n"
    "                     add replications (" CLI_STR(CLI_PRECISION_BATCH) " at a time, at least "
                                                 CLI_STR(CLI_PRECISION_MIN_REPS) ", at most\n"
    "                     --reps or " CLI_STR(CLI_PRECISION_MAX_REPS)
                                   ") until the 95% interval of that metric\n"
    "                     (compare: of the paired difference) is that narrow\n"
    "  --target METRIC[/GROUP][@YEAR]<=VALUE (or >=VALUE)\n"
    "                     size: a metric row that must hold, e.g.\n"
    "                     'first_action_within_target_share/acute@2024>=0.95'\n"
    "  --lever PATH[@DATE]:STEP[:MAX]\n"
    "                     size: a pool's or provider's fte (pools.NAME.fte,\n"
    "                     providers.NAME.fte) in steps from its value up to MAX\n"
    "                     (default " CLI_STR(BB_SIZE_DEFAULT_STEPS) " steps); @DATE: an investment at DATE\n"
    "                     through the workforce pipeline, MAX the FTE it adds\n"
    "  --confidence C     size: of the one-sided bounds (default 0.95)\n"
    "  --csv nl           CSV for Dutch Excel: ';', decimal comma, UTF-8 with BOM\n"
    "  --quiet            no progress or digest on stderr\n"
    "\n"
    "exit status: 0 ok; 1 run failed (I/O, a stated bound) or a request not met (an\n"
    "unmet --precision; size: no plan meets the targets; outputs written), 2 usage\n"
    "or scenario error\n"
    "SCENARIO may name a shipped scenario (baseline-2019) when bbsim is installed.\n"
    "docs: man bbsim, bbsim COMMAND --help, README.md, docs/experiments.md,\n"
    "docs/sizing.md, docs/scenarios.md, docs/outputs.md\n";

void cli_usage(void)
{
    fputs(USAGE, stdout);
}

int cli_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "bbsim: %s%s%s\n(see bbsim --help)\n", msg, arg ? ": " : "", arg ? arg : "");
    return BB_ERR_INPUT;
}

int cli_oom(const char *what)
{
    fprintf(stderr, "bbsim: out of memory %s\n", what);
    return BB_ERR_RUN;
}

const char *cli_shown(const char *text)
{
    static char ring[8][512];
    static int next;
    char *b = ring[next++ & 7];
    bb_escape(b, sizeof ring[0], text);
    return b;
}

void cli_print_errors(const bb_errors *e)
{
    for (int i = 0; i < e->n; i++)
        fprintf(stderr, "%s\n", e->msg[i]);
    if (e->dropped && e->n < BB_MAX_ERRORS)
        fprintf(stderr, "bbsim: out of memory (%d message%s lost)\n", e->dropped,
                e->dropped == 1 ? "" : "s");
    else if (e->dropped)
        fprintf(stderr, "bbsim: ... and %d more messages (%d in all; the first %d are shown)\n",
                e->dropped, e->n + e->dropped, e->n);
}
