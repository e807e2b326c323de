/*
 * help.c - `bbsim COMMAND --help` (and `bbsim help COMMAND`): each
 * command's synopsis, what it does, its options and its exit status, on
 * stdout. The overview (`bbsim --help`) is in usage.c; the man page
 * bbsim(1) says the same at length.
 */
#include "cli.h"
#include <stdio.h>
#include <string.h>

#define COMMON_RUN                                                                            \
    "  -o DIR               output directory (default out/<scenario name>/); refuses a\n"    \
    "                       folder holding another scenario's results unless --force\n"      \
    "  --force              write into DIR even if it holds another scenario's results\n"    \
    "  --seed N             master seed (default: run.seed of the scenario)\n"               \
    "  --reps N             replications (default: run.replications)\n"                      \
    "  --set PATH=VALUE     override a setting by its path (repeatable), e.g.\n"             \
    "                       --set pools.information.fte=60\n"                                \
    "  --with FILE          overlay a small scenario file on top (repeatable): its\n"        \
    "                       settings replace, its list entries (investments, surges,\n"      \
    "                       changes) are added\n"                                            \
    "  --add LIST=ENTRY     add one entry to a list, e.g. --add 'investments={...}'\n"       \
    "  --threads N          worker threads (default: all cores); same results for any N\n"   \
    "  --csv nl             CSV for Dutch Excel: ';' between fields, decimal comma,\n"       \
    "                       UTF-8 with BOM (default: plain CSV for R and pandas)\n"          \
    "  --quiet, -q          no progress or digest on stderr\n"

#define PRECISION                                                                             \
    "  --precision METRIC[/GROUP]=HALFWIDTH\n"                                                \
    "                       add replications (" CLI_STR(CLI_PRECISION_BATCH)                  \
    " at a time, at least " CLI_STR(CLI_PRECISION_MIN_REPS) ", at most --reps\n"              \
    "                       or " CLI_STR(CLI_PRECISION_MAX_REPS)                              \
    ") until the 95% interval is that narrow; not met:\n"                                     \
    "                       exit status 1, the outputs still written\n"

#define EXIT_RUN                                                                              \
    "exit status: 0 ok; 1 the run failed (I/O, out of memory, a stated bound) or a\n"         \
    "--precision target was not met (outputs written, the message says so); 2 usage\n"        \
    "or scenario error (every error listed as file:line: setting message)\n"

static const struct {
    const char *cmd, *text;
} HELP[] = {
    {"run",
     "usage: bbsim run SCENARIO.cfg [options]\n"
     "\n"
     "Run the replications of one scenario and write summary.csv, yearly.csv,\n"
     "timeseries.csv (or bands.csv), scenario.cfg (as run, with seed and version)\n"
     "and budget.csv to DIR. SCENARIO may be a shipped scenario's name\n"
     "(baseline-2019) when bbsim is installed.\n"
     "\n"
     "options:\n" COMMON_RUN
     "  --bands              bands.csv (weekly mean, 5th and 95th percentile) instead\n"
     "                       of timeseries.csv\n" PRECISION
     "\n" EXIT_RUN
     "example: bbsim run scenarios/baseline-2019.cfg --set pools.information.fte=90 -o out/info90\n"},
    {"compare",
     "usage: bbsim compare A.cfg B.cfg [C.cfg...] [options]\n"
     "\n"
     "Run every scenario on the same random streams (common random numbers) and\n"
     "add the paired difference against the first scenario, with its 95% interval,\n"
     "to summary.csv and yearly.csv; also timeseries.csv, scenario-NAME.cfg per\n"
     "scenario and budget.csv (every scenario with budget lines). Default DIR\n"
     "out/compare-A-vs-B/.\n"
     "\n"
     "options:\n" COMMON_RUN
     "  --set K:PATH=VALUE   override a setting of the K-th scenario only\n"
     "  --bands              bands.csv instead of timeseries.csv\n" PRECISION
     "                       (compare: of the paired difference)\n"
     "\n" EXIT_RUN
     "example: bbsim compare scenarios/baseline-2019.cfg scenarios/offensief-2020.cfg -o out/cmp\n"},
    {"sweep",
     "usage: bbsim sweep SCENARIO.cfg --vary PATH=FROM:TO:STEP [--vary ...] [options]\n"
     "\n"
     "Run every point of a grid of settings on the same random streams and write\n"
     "sweep.csv (one row per point, metric and group) and scenario.cfg. Default\n"
     "DIR out/sweep-<scenario name>/.\n"
     "\n"
     "options:\n"
     "  --vary PATH=FROM:TO:STEP  an inclusive grid (or PATH=V1,V2,...); several\n"
     "                       --vary make a full grid (at most " CLI_STR(CLI_MAX_POINTS) " points)\n"
     COMMON_RUN PRECISION
     "\n" EXIT_RUN
     "example: bbsim sweep scenarios/baseline-2019.cfg --vary pools.information.fte=60:100:10\n"},
    {"check",
     "usage: bbsim check SCENARIO.cfg [--set PATH=VALUE]... [--with FILE]... [--quiet]\n"
     "\n"
     "Load and validate the scenario, run nothing: every error is listed at once as\n"
     "file:line: setting message; with none, one line saying it is ok.\n"
     "\n"
     "exit status: 0 ok, 2 usage or scenario error\n"
     "example: bbsim check my.cfg\n"},
    {"size",
     "usage: bbsim size SCENARIO.cfg --target METRIC[/GROUP][@YEAR]{<=|>=}VALUE ...\n"
     "                  --lever PATH[@DATE]:STEP[:MAX] ... [options]\n"
     "\n"
     "Find the cheapest plan of FTE steps that meets every target at the stated\n"
     "confidence (greedy on common random numbers, confirmed on fresh streams);\n"
     "write size.csv and plan.cfg (default DIR out/size-<name>/). docs/sizing.md.\n"
     "\n"
     "options:\n"
     "  --target METRIC[/GROUP][@YEAR]<=VALUE (or >=VALUE)  a metric row that must hold\n"
     "  --lever PATH[@DATE]:STEP[:MAX]  pools.NAME.fte or providers.NAME.fte in steps\n"
     "                       (default " CLI_STR(BB_SIZE_DEFAULT_STEPS) " steps); @DATE: an investment at DATE\n"
     "  --confidence C       of the one-sided bounds (default 0.95)\n"
     "  -o DIR, --force, --seed N, --reps N, --set PATH=VALUE, --with FILE, --add,\n"
     "  --threads N, --quiet as for run\n"
     "\n"
     "exit status: 0 a plan meets the targets; 1 none does (outputs written) or the\n"
     "run failed; 2 usage or scenario error\n"
     "example: bbsim size scenarios/validation/erlang_c.cfg \\\n"
     "             --target 'wait_mean_h/advice_decentral<=1' --lever pools.advice_decentral.fte:1:12\n"},
    {"report",
     "usage: bbsim report OUTDIR [OUTDIR2 ...] [-o report.pdf] [--lang nl|en] [--png DIR] [--quiet]\n"
     "\n"
     "Make a PDF of the outputs of a run or compare (default OUTDIR/report.pdf):\n"
     "a title page and a page per planner question, in Dutch (--lang en: English).\n"
     "docs/report.md.\n"
     "\n"
     "options:\n"
     "  -o FILE              the PDF\n"
     "  --lang nl|en         the language (default nl)\n"
     "  --png DIR            also each chart as a 1920x1080 PNG in DIR\n"
     "  --quiet, -q          nothing on stderr when done\n"
     "\n"
     "exit status: 0 ok, 1 I/O error, 2 usage error or outputs it cannot read\n"
     "example: bbsim report out/baseline-2019 --lang en --png out/baseline-2019/png\n"},
};

bool cli_is_command(const char *cmd)
{
    for (size_t i = 0; i < sizeof HELP / sizeof HELP[0]; i++)
        if (strcmp(cmd, HELP[i].cmd) == 0)
            return true;
    return false;
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    }
    return false;
}

int cli_command_help(const char *cmd)
{
    for (size_t i = 0; i < sizeof HELP / sizeof HELP[0]; i++)
        if (strcmp(cmd, HELP[i].cmd) == 0) {
            fputs(HELP[i].text, stdout);
            return BB_OK;
        }
    return cli_usage_error("no such command", cmd);
}
