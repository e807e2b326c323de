/*
 * main.c - the bbsim command line: a thin front-end over libbbsim.
 *
 *   bbsim run SCENARIO.cfg [-o DIR] [--seed N] [--reps N] [--set PATH=VALUE]...
 *   bbsim check SCENARIO.cfg [--set PATH=VALUE]...
 *   bbsim --help | --version
 *
 * Exit status: 0 success, 1 the run failed (I/O, a stated bound), 2 usage
 * or scenario error. Data goes to files (and nothing else to stdout);
 * messages and progress go to stderr.
 */
#include "bbsim.h"
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: bbsim run SCENARIO.cfg [-o DIR] [--seed N] [--reps N] [--set PATH=VALUE]...\n"
    "       bbsim check SCENARIO.cfg [--set PATH=VALUE]...\n"
    "       bbsim --help | --version\n"
    "\n"
    "Simulates the Dutch B&B protection chain (Stelsel Bewaken en Beveiligen)\n"
    "from a libconfig scenario and writes CSV.\n"
    "\n"
    "commands:\n"
    "  run      run the replications; write summary.csv, timeseries.csv and\n"
    "           scenario.cfg (as run) to DIR (default out/<scenario name>/)\n"
    "  check    validate the scenario; list every error with file:line\n"
    "\n"
    "options:\n"
    "  -o DIR             output directory\n"
    "  --seed N           master seed (default: run.seed of the scenario)\n"
    "  --reps N           replications (default: run.replications)\n"
    "  --set PATH=VALUE   override a setting by its path, e.g.\n"
    "                     --set pools.information.fte=60 (repeatable)\n"
    "  --threads N        accepted; replications run serially in this version\n"
    "  --quiet            no progress or digest on stderr\n"
    "\n"
    "exit status: 0 ok, 1 run failed (I/O, a stated bound), 2 usage or scenario error\n"
    "docs: README.md, docs/scenarios.md, docs/outputs.md\n";

typedef struct opts {
    const char *cmd, *scenario, *outdir;
    const char **sets;
    int nsets;
    long long seed; /* -1: from scenario */
    long reps;      /* -1: from scenario */
    bool quiet;
} opts;

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "bbsim: %s%s%s\n(see bbsim --help)\n", msg, arg ? ": " : "", arg ? arg : "");
    return BB_ERR_INPUT;
}

static bool parse_long(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = -1;
    o->reps = -1;
    o->sets = calloc((size_t)argc, sizeof *o->sets);
    if (!o->sets)
        return BB_ERR_RUN;
    o->cmd = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long long n;
        if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0) {
            if (!v)
                return usage_error("missing directory after", a);
            o->outdir = v;
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            if (!v || !parse_long(v, 0, INT64_MAX, &n))
                return usage_error("--seed needs a whole number >= 0", v);
            o->seed = n;
            i++;
        } else if (strcmp(a, "--reps") == 0) {
            if (!v || !parse_long(v, 1, 100000, &n))
                return usage_error("--reps needs a whole number 1..100000", v);
            o->reps = (long)n;
            i++;
        } else if (strcmp(a, "--threads") == 0) {
            if (!v || !parse_long(v, 1, 1024, &n))
                return usage_error("--threads needs a whole number 1..1024", v);
            i++;
        } else if (strcmp(a, "--set") == 0) {
            if (!v || !strchr(v, '='))
                return usage_error("--set needs PATH=VALUE", v);
            o->sets[o->nsets++] = v;
            i++;
        } else if (strncmp(a, "--set=", 6) == 0) {
            o->sets[o->nsets++] = a + 6;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option", a);
        } else if (!o->scenario) {
            o->scenario = a;
        } else {
            return usage_error("more than one scenario given to", o->cmd);
        }
    }
    if (!o->scenario)
        return usage_error("no scenario file given", NULL);
    return BB_OK;
}

static void print_errors(const bb_errors *e)
{
    for (int i = 0; i < e->n; i++)
        fprintf(stderr, "%s\n", e->msg[i]);
}

static int load(const opts *o, bb_scenario **s)
{
    bb_errors err;
    bb_errors_init(&err);
    int rc = bb_scenario_load(o->scenario, o->sets, o->nsets, s, &err);
    print_errors(&err);
    if (rc != BB_OK && err.n > 1)
        fprintf(stderr, "bbsim: %d errors in %s\n", err.n, o->scenario);
    bb_errors_free(&err);
    return rc;
}

/* ---- run ---- */

typedef struct run_ctx {
    FILE *ts;
    const char *name;
    int rep;
    int start_day;
} run_ctx;

static void write_period(bb_sim *sim, void *ud)
{
    run_ctx *c = ud;
    const char **names;
    int n = bb_sim_period_columns(sim, &names);
    const double *row = bb_sim_period_row(sim);
    char date[16];
    bb_date_format(c->start_day + (int)floor(row[0] + 1e-9), date);
    bb_csv_str(c->ts, c->name);
    fprintf(c->ts, ",%d,%s", c->rep, date);
    for (int i = 0; i < n; i++) {
        fputc(',', c->ts);
        bb_csv_num(c->ts, row[i]);
    }
    fputc('\n', c->ts);
}

static void digest(const bb_summary *sum)
{
    static const char *const show[][2] = {
        {"arrivals", "all"}, {"protected", "all"},
        {"lead_time_p50_h", "acute"}, {"lead_time_p90_h", "acute"},
        {"within_target_share", "acute"}, {"lead_time_p90_h", "regular"},
        {"within_target_share", "regular"}, {"borrowed_fte_mean", "basic_units"},
        {"borrowed_fte_years", "basic_units"}, {"unprotected_person_days", "all"},
        {"cost_eur", "total"}};
    for (size_t k = 0; k < sizeof show / sizeof show[0]; k++)
        for (int i = 0; i < bb_summary_rows(sum); i++) {
            const char *m, *g;
            double mean, lo, hi;
            bb_summary_get(sum, i, &m, &g, &mean, &lo, &hi);
            if (strcmp(m, show[k][0]) || strcmp(g, show[k][1]))
                continue;
            if (isfinite(lo))
                fprintf(stderr, "  %-28s %-12s %14.4g  [%.4g, %.4g]\n", m, g, mean, lo, hi);
            else
                fprintf(stderr, "  %-28s %-12s %14.4g\n", m, g, mean);
        }
}

static int cmd_run(const opts *o)
{
    bb_scenario *s;
    int rc = load(o, &s);
    if (rc != BB_OK)
        return rc;
    uint64_t seed = o->seed >= 0 ? (uint64_t)o->seed : bb_scenario_seed(s);
    int reps = o->reps > 0 ? (int)o->reps : bb_scenario_replications(s);
    char defdir[256];
    snprintf(defdir, sizeof defdir, "out/%s", bb_scenario_name(s));
    const char *dir = o->outdir ? o->outdir : defdir;

    bb_errors err;
    bb_errors_init(&err);
    bb_out ts = {0}, sm = {0}, sc = {0}, bu = {0};
    bb_summary *sum = bb_summary_new();
    rc = BB_ERR_RUN;
    if (!sum || bb_mkdirs(dir, &err) != 0 || bb_out_open(&ts, dir, "timeseries.csv", &err) != 0)
        goto out;

    run_ctx ctx = {ts.f, bb_scenario_name(s), 0, bb_scenario_start_day(s)};
    bool tty = !o->quiet && isatty(2);
    for (int r = 0; r < reps; r++) {
        bb_sim *sim = bb_sim_new(s, seed, r);
        if (!sim) {
            bb_errors_add(&err, "out of memory creating replication %d", r);
            goto out;
        }
        if (r == 0) {
            const char **names;
            int n = bb_sim_period_columns(sim, &names);
            fputs("scenario,rep,date", ts.f);
            for (int i = 0; i < n; i++)
                fprintf(ts.f, ",%s", names[i]);
            fputc('\n', ts.f);
        }
        ctx.rep = r;
        bb_sim_on_period(sim, write_period, &ctx);
        int st = bb_sim_run(sim);
        if (st == BB_RUN_LIMIT) {
            bb_errors_add(&err, "%s: replication %d stopped: %s", o->scenario, r, bb_sim_error(sim));
            bb_sim_free(sim);
            goto out;
        }
        const bb_metric *rows;
        int n = bb_sim_metrics(sim, &rows);
        if (bb_summary_add(sum, rows, n) != 0) {
            bb_errors_add(&err, "out of memory collecting results");
            bb_sim_free(sim);
            goto out;
        }
        bb_sim_free(sim);
        if (tty)
            fprintf(stderr, "\rbbsim: %s replication %d/%d", bb_scenario_name(s), r + 1, reps);
    }
    if (tty)
        fputc('\n', stderr);
    if (bb_out_open(&sm, dir, "summary.csv", &err) != 0)
        goto out;
    bb_summary_write(sm.f, sum, bb_scenario_name(s), 1);
    if (bb_out_open(&sc, dir, "scenario.cfg", &err) != 0)
        goto out;
    bb_scenario_write(s, sc.f, seed, reps);
    if (bb_scenario_budget_lines(s) > 0) {
        if (bb_out_open(&bu, dir, "budget.csv", &err) != 0)
            goto out;
        bb_budget_write(bu.f, sum, s, bb_scenario_name(s), 1);
    }
    if (bb_out_commit(&ts, &err) || bb_out_commit(&sm, &err) || bb_out_commit(&sc, &err) ||
        (bu.f && bb_out_commit(&bu, &err)))
        goto out;
    rc = BB_OK;
    if (!o->quiet) {
        fprintf(stderr, "bbsim: %s, %d replications, seed %" PRIu64 ": wrote %s/summary.csv, "
                        "timeseries.csv, scenario.cfg\n", bb_scenario_name(s), reps, seed, dir);
        digest(sum);
    }
out:
    if (ts.f)
        bb_out_abort(&ts);
    if (sm.f)
        bb_out_abort(&sm);
    if (sc.f)
        bb_out_abort(&sc);
    if (bu.f)
        bb_out_abort(&bu);
    print_errors(&err);
    bb_errors_free(&err);
    bb_summary_free(sum);
    bb_scenario_free(s);
    return rc;
}

static int cmd_check(const opts *o)
{
    bb_scenario *s;
    int rc = load(o, &s);
    if (rc != BB_OK)
        return rc;
    if (!o->quiet)
        fprintf(stderr, "%s: ok (scenario \"%s\", %d categories, %d providers, %.1f years)\n",
                o->scenario, bb_scenario_name(s), bb_scenario_category_count(s),
                bb_scenario_provider_count(s), bb_scenario_horizon_hours(s) / 8766.0);
    bb_scenario_free(s);
    return BB_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given", NULL);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(USAGE, stdout);
        return BB_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("bbsim %s\n", BB_VERSION);
        return BB_OK;
    }
    bool run = strcmp(argv[1], "run") == 0, check = strcmp(argv[1], "check") == 0;
    if (strcmp(argv[1], "compare") == 0 || strcmp(argv[1], "sweep") == 0)
        return usage_error("this command is not in this version yet", argv[1]);
    if (!run && !check)
        return usage_error("unknown command", argv[1]);
    opts o;
    int rc = parse(argc, argv, &o);
    if (rc == BB_OK)
        rc = run ? cmd_run(&o) : cmd_check(&o);
    free(o.sets);
    return rc;
}
