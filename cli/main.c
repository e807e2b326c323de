/*
 * main.c - the bbsim command line: a thin front-end over libbbsim.
 *
 *   bbsim run SCENARIO.cfg [-o DIR] [--seed N] [--reps N] [--set PATH=VALUE]...
 *   bbsim compare A.cfg B.cfg [C.cfg...] [-o DIR] [--seed N] [--reps N] [--set ...]
 *   bbsim sweep SCENARIO.cfg --vary PATH=FROM:TO:STEP [--vary ...] [-o DIR]
 *   bbsim check SCENARIO.cfg [--set PATH=VALUE]...
 *   common: --threads N, --bands, --precision METRIC[/GROUP]=HALFWIDTH, --quiet
 *   bbsim --help | --version
 *
 * Every command that runs replications goes through one path (execute):
 * load and validate everything first (exit 2 before anything runs), open
 * the streamed output under a temporary name, run the batch on worker
 * threads (bb_batch_run hands results back in replication order), then
 * write the summaries and rename every file into place.
 *
 * Exit status: 0 success, 1 the run failed (I/O, a stated bound), 2 usage
 * or scenario error. Data goes to files (and nothing else to stdout);
 * messages and progress go to stderr.
 */
#include "cli.h"
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static const char USAGE[] =
    "usage: bbsim run SCENARIO.cfg [-o DIR] [--seed N] [--reps N] [--set PATH=VALUE]...\n"
    "       bbsim compare A.cfg B.cfg [C.cfg...] [-o DIR] [--seed N] [--reps N] [--set ...]\n"
    "       bbsim sweep SCENARIO.cfg --vary PATH=FROM:TO:STEP [--vary ...] [-o DIR]\n"
    "       bbsim check SCENARIO.cfg [--set PATH=VALUE]...\n"
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
    "\n"
    "options:\n"
    "  -o DIR             output directory\n"
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
    "                     add replications (5 at a time, at least 5, at most\n"
    "                     --reps or 1000) until the 95%% interval of that metric\n"
    "                     (compare: of the paired difference) is that narrow\n"
    "  --quiet            no progress or digest on stderr\n"
    "\n"
    "exit status: 0 ok, 1 run failed (I/O, a stated bound), 2 usage or scenario error\n"
    "docs: README.md, docs/experiments.md, docs/scenarios.md, docs/outputs.md\n";

#define PRECISION_MIN_REPS 5
#define PRECISION_BATCH 5
#define PRECISION_MAX_REPS 1000
#define MAX_POINTS 10000

typedef struct opts {
    const char *cmd, *outdir;
    const char **files;
    int nfiles;
    const char **sets;   /* for every scenario */
    int nsets;
    const char **ksets;  /* "K:PATH=VALUE": one scenario */
    int nksets;
    long long seed;      /* -1: from scenario */
    long reps;           /* -1: from scenario */
    int threads;
    bool quiet, bands;
    cli_precision *prec;
    int nprec;
    cli_vary *vary;
    int nvary;
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

static void print_errors(const bb_errors *e)
{
    for (int i = 0; i < e->n; i++)
        fprintf(stderr, "%s\n", e->msg[i]);
}

/* "K:PATH=VALUE" (K a whole number): the scenario index K-1 (and the
 * rest after "K:"); -2 when the argument has no "K:" prefix. */
static int set_target(const char *v, const char **rest)
{
    const char *p = v;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == v || *p != ':' || p - v > 6)
        return -2;
    *rest = p + 1;
    return atoi(v) - 1;
}

static int add_set(opts *o, const char *v)
{
    if (!v || !strchr(v, '='))
        return usage_error("--set needs PATH=VALUE", v);
    const char *rest;
    if (set_target(v, &rest) != -2)
        o->ksets[o->nksets++] = v;
    else
        o->sets[o->nsets++] = v;
    return BB_OK;
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = -1;
    o->reps = -1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = cores >= 1 ? (cores > 1024 ? 1024 : (int)cores) : 1;
    size_t n = (size_t)argc;
    o->sets = calloc(n, sizeof *o->sets);
    o->ksets = calloc(n, sizeof *o->ksets);
    o->files = calloc(n, sizeof *o->files);
    o->prec = calloc(n, sizeof *o->prec);
    o->vary = calloc(n, sizeof *o->vary);
    if (!o->sets || !o->ksets || !o->files || !o->prec || !o->vary)
        return BB_ERR_RUN;
    o->cmd = argv[1];
    bool compare = strcmp(o->cmd, "compare") == 0, sweep = strcmp(o->cmd, "sweep") == 0;
    bool check = strcmp(o->cmd, "check") == 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long long k;
        bb_errors err;
        bb_errors_init(&err);
        if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0) {
            if (!v || !*v)
                return usage_error("-o: the output directory name is empty", NULL);
            o->outdir = v;
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            if (!v || !parse_long(v, 0, INT64_MAX, &k))
                return usage_error("--seed needs a whole number >= 0", v);
            o->seed = k;
            i++;
        } else if (strcmp(a, "--reps") == 0) {
            if (!v || !parse_long(v, 1, 100000, &k))
                return usage_error("--reps needs a whole number 1..100000", v);
            o->reps = (long)k;
            i++;
        } else if (strcmp(a, "--threads") == 0) {
            if (!v || !parse_long(v, 1, 1024, &k))
                return usage_error("--threads needs a whole number 1..1024", v);
            o->threads = (int)k;
            i++;
        } else if (strcmp(a, "--set") == 0) {
            if (add_set(o, v) != BB_OK)
                return BB_ERR_INPUT;
            i++;
        } else if (strncmp(a, "--set=", 6) == 0) {
            if (add_set(o, a + 6) != BB_OK)
                return BB_ERR_INPUT;
        } else if (strcmp(a, "--vary") == 0 || strncmp(a, "--vary=", 7) == 0) {
            const char *arg = a[6] == '=' ? a + 7 : v;
            if (!sweep)
                return usage_error("--vary is for bbsim sweep", NULL);
            if (!arg || cli_vary_parse(arg, &o->vary[o->nvary], &err) != 0) {
                print_errors(&err);
                bb_errors_free(&err);
                return usage_error("bad --vary", arg);
            }
            o->nvary++;
            if (a[6] != '=')
                i++;
        } else if (strcmp(a, "--precision") == 0 || strncmp(a, "--precision=", 12) == 0) {
            const char *arg = a[11] == '=' ? a + 12 : v;
            if (!arg || cli_precision_parse(arg, &o->prec[o->nprec], &err) != 0) {
                print_errors(&err);
                bb_errors_free(&err);
                return usage_error("bad --precision", arg);
            }
            o->nprec++;
            if (a[11] != '=')
                i++;
        } else if (strcmp(a, "--bands") == 0) {
            o->bands = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option", a);
        } else {
            o->files[o->nfiles++] = a;
        }
    }
    if (o->nfiles == 0)
        return usage_error("no scenario file given", NULL);
    if (!compare && o->nfiles > 1)
        return usage_error("more than one scenario given to", o->cmd);
    if (compare && o->nfiles < 2)
        return usage_error("compare needs at least two scenario files", NULL);
    if (o->nvary > 16)
        return usage_error("at most 16 --vary settings", NULL);
    if (sweep && o->nvary == 0)
        return usage_error("sweep needs at least one --vary PATH=FROM:TO:STEP", NULL);
    if (sweep && o->bands)
        return usage_error("--bands is for run and compare; sweep writes sweep.csv", NULL);
    if (check && (o->bands || o->nprec))
        return usage_error("check runs nothing; --bands and --precision are for runs", NULL);
    for (int i = 0; i < o->nksets; i++) {
        const char *rest;
        int t = set_target(o->ksets[i], &rest);
        if (t < 0 || t >= o->nfiles)
            return usage_error("--set K:PATH=VALUE names no scenario K", o->ksets[i]);
    }
    long points = 1;
    for (int i = 0; i < o->nvary; i++) {
        points *= o->vary[i].n;
        if (points > MAX_POINTS)
            return usage_error("the sweep has more than 10000 points", NULL);
    }
    return BB_OK;
}

static void free_opts(opts *o)
{
    for (int i = 0; i < o->nvary; i++)
        cli_vary_free(&o->vary[i]);
    free(o->vary);
    free(o->prec);
    free(o->sets);
    free(o->ksets);
    free(o->files);
}

/* Load scenario file k with the common --set, its own K:--set and `extra`
 * (a sweep point); errors are prefixed with `what` when given. */
static int load(const opts *o, int k, const char *const *extra, int nextra, const char *what,
                bb_scenario **s)
{
    int cap = o->nsets + o->nksets + nextra + 1;
    const char **sets = calloc((size_t)cap, sizeof *sets);
    if (!sets)
        return BB_ERR_RUN;
    int n = 0;
    for (int i = 0; i < o->nsets; i++)
        sets[n++] = o->sets[i];
    for (int i = 0; i < o->nksets; i++) {
        const char *rest;
        if (set_target(o->ksets[i], &rest) == k)
            sets[n++] = rest;
    }
    for (int i = 0; i < nextra; i++)
        sets[n++] = extra[i];
    bb_errors err;
    bb_errors_init(&err);
    int rc = bb_scenario_load(o->files[k], sets, n, s, &err);
    for (int i = 0; i < err.n; i++)
        fprintf(stderr, "%s%s%s\n", what ? what : "", what ? ": " : "", err.msg[i]);
    if (rc != BB_OK && err.n > 1)
        fprintf(stderr, "bbsim: %d errors in %s\n", err.n, o->files[k]);
    bb_errors_free(&err);
    free(sets);
    return rc;
}

/* A scenario name as part of a file or directory name. */
static void safe_name(char *dst, size_t n, const char *name)
{
    size_t k = 0;
    for (; *name && k + 1 < n; name++)
        dst[k++] = (*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z') ||
                           (*name >= '0' && *name <= '9') || *name == '-' || *name == '_' ||
                           *name == '.'
                       ? *name
                       : '_';
    dst[k] = 0;
}

/* ---- running a batch ---- */

typedef struct exec {
    const opts *o;
    bb_scenario **scen;  /* per unit */
    bb_unit *units;
    int nunits, ngroups;
    int *gfirst, *gn;    /* per group */
    bb_summary **sum;    /* per unit */
    bb_bands **bands;    /* per unit, with --bands */
    int *prow;           /* per unit and precision target */
    bool paired;         /* precision on the paired difference (compare) */
    FILE *ts;            /* timeseries.csv being written */
    const char *ts_path; /* its final path, for messages */
    bool tty;
    const char *label;
    struct sweep_progress *sweep; /* sweep: progress over all blocks */
} exec;

/* A sweep runs its points in blocks; progress counts over all of them. */
typedef struct sweep_progress {
    long points_done, points;
    long jobs_done, jobs;   /* done in earlier blocks; at most, all points */
    long jobs_max_done;     /* the at-most count of the earlier blocks */
    double t0;
} sweep_progress;

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int consume(void *ud, bb_job_result *r, bb_errors *err)
{
    exec *x = ud;
    if (bb_summary_add(x->sum[r->unit], r->rows, r->nrows) != 0) {
        bb_errors_add(err, "out of memory collecting results");
        return -1;
    }
    if (x->ts && r->text_len && fwrite(r->text, 1, r->text_len, x->ts) != r->text_len) {
        bb_errors_add(err, "%s: write failed: %s", x->ts_path ? x->ts_path : "timeseries.csv",
                      strerror(errno));
        return -1;
    }
    if (x->bands) {
        double *p = r->periods;
        r->periods = NULL;
        if (bb_bands_add(x->bands[r->unit], p, r->nperiods, r->ncols) != 0) {
            bb_errors_add(err, "out of memory collecting bands");
            return -1;
        }
    }
    return 0;
}

static int enough(void *ud, int g, int reps)
{
    exec *x = ud;
    (void)reps;
    int u0 = x->gfirst[g];
    for (int k = 0; k < x->o->nprec; k++) {
        double target = x->o->prec[k].halfwidth;
        if (x->paired) {
            for (int u = u0 + 1; u < u0 + x->gn[g]; u++) {
                double m, lo, hi;
                bb_paired_diff(x->sum[u0], x->prow[u0 * x->o->nprec + k], x->sum[u],
                               x->prow[u * x->o->nprec + k], &m, &lo, &hi);
                if (!(isfinite(lo) && 0.5 * (hi - lo) <= target))
                    return 0;
            }
        } else {
            for (int u = u0; u < u0 + x->gn[g]; u++) {
                double h = bb_summary_halfwidth(x->sum[u], x->prow[u * x->o->nprec + k]);
                if (!(isfinite(h) && h <= target))
                    return 0;
            }
        }
    }
    return 1;
}

static void fmt_time(char *buf, size_t n, double s)
{
    if (s < 60)
        snprintf(buf, n, "%.0f s", s);
    else if (s < 3600)
        snprintf(buf, n, "%d:%02d", (int)(s / 60), (int)fmod(s, 60));
    else
        snprintf(buf, n, "%d:%02d:%02d", (int)(s / 3600), (int)fmod(s / 60, 60), (int)fmod(s, 60));
}

static void progress(void *ud, const bb_progress *p)
{
    exec *x = ud;
    if (!x->tty)
        return;
    long done = p->jobs_done, total = p->jobs_total;
    double elapsed = p->elapsed_s;
    char pts[64] = "";
    if (x->sweep) {
        const sweep_progress *sp = x->sweep;
        done += sp->jobs_done;
        long block_max = 0;
        for (int u = 0; u < x->nunits; u++)
            block_max += x->units[u].max_reps;
        total = sp->jobs_done + p->jobs_total + (sp->jobs - sp->jobs_max_done - block_max);
        elapsed = mono_now() - sp->t0;
        snprintf(pts, sizeof pts, "%ld/%ld points, ", sp->points_done + p->groups_done,
                 sp->points);
    }
    char left[32] = "?";
    if (done > 0 && total >= done)
        fmt_time(left, sizeof left, elapsed * (double)(total - done) / (double)done);
    double eps = p->elapsed_s > 0 ? (double)p->events / p->elapsed_s : 0;
    bool upto = x->o->nprec > 0;
    fprintf(stderr, "\rbbsim: %s: %s%ld/%s%ld replications, %.3g events/s, %s%s left\033[K",
            x->label, pts, done, upto ? "<=" : "", total, eps, upto ? "<= " : "", left);
}

/* Run the units; fills the summaries (and bands, and the streamed
 * timeseries). Returns BB_OK or BB_ERR_RUN (messages printed). */
static int run_batch(exec *x, unsigned keep, const char *const *cols, int ncols)
{
    bb_batch b;
    memset(&b, 0, sizeof b);
    b.units = x->units;
    b.nunits = x->nunits;
    b.threads = x->o->threads;
    b.batch = PRECISION_BATCH;
    b.keep = keep;
    b.ts_cols = cols;
    b.nts_cols = ncols;
    b.consume = consume;
    b.enough = x->o->nprec ? enough : NULL;
    b.progress = x->tty ? progress : NULL;
    b.progress_every_s = 0.25;
    b.ud = x;
    bb_errors err;
    bb_errors_init(&err);
    int rc = bb_batch_run(&b, &err);
    if (x->tty && (!x->sweep || rc != BB_OK))
        fputc('\n', stderr); /* a sweep ends its line after the last block */
    print_errors(&err);
    bb_errors_free(&err);
    return rc;
}

/* Set up the units' replication counts, summaries, bands and precision
 * rows. Returns BB_OK, BB_ERR_INPUT (bad precision target) or BB_ERR_RUN. */
static int exec_init(exec *x, const opts *o, int nunits, int ngroups)
{
    memset(x, 0, sizeof *x);
    x->o = o;
    x->nunits = nunits;
    x->ngroups = ngroups;
    x->scen = calloc((size_t)nunits, sizeof *x->scen);
    x->units = calloc((size_t)nunits, sizeof *x->units);
    x->sum = calloc((size_t)nunits, sizeof *x->sum);
    x->bands = o->bands ? calloc((size_t)nunits, sizeof *x->bands) : NULL;
    x->prow = calloc((size_t)nunits * (size_t)(o->nprec + 1), sizeof *x->prow);
    x->gfirst = calloc((size_t)ngroups, sizeof *x->gfirst);
    x->gn = calloc((size_t)ngroups, sizeof *x->gn);
    x->tty = !o->quiet && isatty(2);
    if (!x->scen || !x->units || !x->sum || (o->bands && !x->bands) || !x->prow ||
        !x->gfirst || !x->gn)
        return BB_ERR_RUN;
    return BB_OK;
}

/* After the scenarios are loaded: seeds, replications, groups, summaries. */
static int exec_prepare(exec *x, const int *group)
{
    const opts *o = x->o;
    for (int u = 0; u < x->nunits; u++) {
        bb_unit *U = &x->units[u];
        const bb_scenario *s = x->scen[u];
        U->s = s;
        U->seed = o->seed >= 0 ? (uint64_t)o->seed : bb_scenario_seed(s);
        U->group = group[u];
        if (o->nprec) {
            U->max_reps = o->reps > 0 ? (int)o->reps : PRECISION_MAX_REPS;
            U->min_reps = PRECISION_MIN_REPS;
        } else {
            U->max_reps = U->min_reps = o->reps > 0 ? (int)o->reps : bb_scenario_replications(s);
        }
        if (u > 0 && group[u] == group[u - 1]) {
            /* a group runs in lockstep: the first unit's seed and count */
            U->seed = x->units[u - 1].seed;
            U->min_reps = x->units[u - 1].min_reps;
            U->max_reps = x->units[u - 1].max_reps;
        } else {
            x->gfirst[group[u]] = u;
        }
        x->gn[group[u]]++;
        if (!(x->sum[u] = bb_summary_new()))
            return BB_ERR_RUN;
        for (int k = 0; k < o->nprec; k++) {
            bb_errors err;
            bb_errors_init(&err);
            int row = cli_precision_row(&o->prec[k], s, &err);
            print_errors(&err);
            bb_errors_free(&err);
            if (row < 0)
                return BB_ERR_INPUT;
            x->prow[u * o->nprec + k] = row;
        }
        if (o->bands) {
            char **cols;
            int n = bb_period_columns_union(&s, 1, &cols);
            if (n < 0)
                return BB_ERR_RUN;
            x->bands[u] = bb_bands_new((const char *const *)cols, n);
            bb_names_free(cols, n);
            if (!x->bands[u])
                return BB_ERR_RUN;
        }
    }
    return BB_OK;
}

static void exec_free(exec *x)
{
    for (int u = 0; u < x->nunits; u++) {
        if (x->sum)
            bb_summary_free(x->sum[u]);
        if (x->bands)
            bb_bands_free(x->bands[u]);
        if (x->scen)
            bb_scenario_free(x->scen[u]);
    }
    free(x->scen);
    free(x->units);
    free(x->sum);
    free(x->bands);
    free(x->prow);
    free(x->gfirst);
    free(x->gn);
}

static void abort_all(bb_out *f, int n)
{
    for (int i = 0; i < n; i++)
        if (f[i].f)
            bb_out_abort(&f[i]);
}

/* Write the timeseries header into x->ts. */
static void ts_header(FILE *f, char **cols, int n)
{
    fputs("scenario,rep,date", f);
    for (int i = 0; i < n; i++)
        fprintf(f, ",%s", cols[i]);
    fputc('\n', f);
}

/* ---- digest on stderr ---- */

static const char *const DIGEST[][2] = {
    {"arrivals", "all"}, {"protected", "all"},
    {"lead_time_p50_h", "acute"}, {"lead_time_p90_h", "acute"},
    {"within_target_share", "acute"}, {"lead_time_p90_h", "regular"},
    {"within_target_share", "regular"}, {"borrowed_fte_mean", "basic_units"},
    {"borrowed_fte_years", "basic_units"}, {"unprotected_person_days", "all"},
    {"cost_eur", "total"}};

static void digest(const bb_summary *sum)
{
    for (size_t k = 0; k < sizeof DIGEST / sizeof DIGEST[0]; k++) {
        int i = bb_summary_find(sum, DIGEST[k][0], DIGEST[k][1]);
        if (i < 0)
            continue;
        const char *m, *g;
        double mean, lo, hi;
        bb_summary_get(sum, i, &m, &g, &mean, &lo, &hi);
        if (!isfinite(mean))
            fprintf(stderr, "  %-28s %-12s %14s\n", m, g, "(no case)");
        else if (isfinite(lo))
            fprintf(stderr, "  %-28s %-12s %14.4g  [%.4g, %.4g]\n", m, g, mean, lo, hi);
        else
            fprintf(stderr, "  %-28s %-12s %14.4g\n", m, g, mean);
    }
}

static void digest_compare(bb_summary *const *sums, bb_scenario *const *scen, int n)
{
    for (size_t k = 0; k < sizeof DIGEST / sizeof DIGEST[0]; k++) {
        int i0 = bb_summary_find(sums[0], DIGEST[k][0], DIGEST[k][1]);
        if (i0 < 0)
            continue;
        for (int j = 1; j < n; j++) {
            int i = bb_summary_find(sums[j], DIGEST[k][0], DIGEST[k][1]);
            if (i < 0)
                continue;
            double m, lo, hi;
            bb_paired_diff(sums[0], i0, sums[j], i, &m, &lo, &hi);
            fprintf(stderr, "  %-26s %-12s %-16s %+12.4g", DIGEST[k][0], DIGEST[k][1],
                    bb_scenario_name(scen[j]), m);
            if (isfinite(lo))
                fprintf(stderr, "  [%+.4g, %+.4g]%s", lo, hi, lo > 0 || hi < 0 ? " *" : "");
            fputc('\n', stderr);
        }
    }
}

/* Say whether each --precision target was met, for unit u (paired with
 * unit u0 when u0 >= 0). Returns the number of targets not met. */
static int precision_report(const exec *x, int u0, int u, bool print)
{
    int missed = 0;
    for (int k = 0; k < x->o->nprec; k++) {
        const cli_precision *p = &x->o->prec[k];
        int row = x->prow[u * x->o->nprec + k];
        const char *m, *g;
        double mean, lo, hi;
        bb_summary_get(x->sum[u], row, &m, &g, &mean, &lo, &hi);
        double h = NAN;
        if (u0 >= 0) {
            bb_paired_diff(x->sum[u0], x->prow[u0 * x->o->nprec + k], x->sum[u], row, &mean,
                           &lo, &hi);
        }
        if (isfinite(lo) && isfinite(hi))
            h = 0.5 * (hi - lo);
        bool met = isfinite(h) && h <= p->halfwidth;
        missed += !met;
        if (print)
            fprintf(stderr, "  precision %s/%s%s%s: +-%.4g %s +-%g after %d replications%s\n", m, g,
                    u0 >= 0 ? " difference of " : "", u0 >= 0 ? bb_scenario_name(x->scen[u]) : "",
                    h, met ? "<=" : "NOT <=", p->halfwidth, bb_summary_reps(x->sum[u]),
                    met ? "" : " (the maximum; raise --reps)");
    }
    return missed;
}

/* ---- run ---- */

static int cmd_run(const opts *o)
{
    exec x;
    int group[1] = {0};
    int rc = exec_init(&x, o, 1, 1);
    if (rc == BB_OK)
        rc = load(o, 0, NULL, 0, NULL, &x.scen[0]);
    if (rc == BB_OK)
        rc = exec_prepare(&x, group);
    if (rc != BB_OK) {
        exec_free(&x);
        return rc;
    }
    bb_scenario *s = x.scen[0];
    char defdir[300], nm[200];
    safe_name(nm, sizeof nm, bb_scenario_name(s));
    snprintf(defdir, sizeof defdir, "out/%s", nm);
    const char *dir = o->outdir ? o->outdir : defdir;
    x.label = bb_scenario_name(s);

    bb_errors err;
    bb_errors_init(&err);
    bb_out f[4] = {{0}}; /* timeseries or bands, summary, scenario, budget */
    char **cols = NULL;
    int ncols = 0;
    rc = BB_ERR_RUN;
    if (bb_mkdirs(dir, &err) != 0 ||
        bb_out_open(&f[0], dir, o->bands ? "bands.csv" : "timeseries.csv", &err) != 0)
        goto out;
    if (!o->bands) {
        if ((ncols = bb_period_columns_union((const bb_scenario *const *)x.scen, 1, &cols)) < 0)
            goto out;
        ts_header(f[0].f, cols, ncols);
        x.ts = f[0].f;
        x.ts_path = f[0].path;
    }
    if (run_batch(&x, o->bands ? BB_KEEP_PERIODS : BB_KEEP_TEXT, NULL, 0) != BB_OK)
        goto out;
    int reps = bb_summary_reps(x.sum[0]);
    if (o->bands)
        bb_bands_write(f[0].f, x.bands[0], bb_scenario_name(s), bb_scenario_start_day(s), 1);
    if (bb_out_open(&f[1], dir, "summary.csv", &err) != 0)
        goto out;
    bb_summary_write(f[1].f, x.sum[0], bb_scenario_name(s), 1);
    if (bb_out_open(&f[2], dir, "scenario.cfg", &err) != 0)
        goto out;
    bb_scenario_write(s, f[2].f, x.units[0].seed, reps);
    if (bb_scenario_budget_lines(s) > 0) {
        if (bb_out_open(&f[3], dir, "budget.csv", &err) != 0)
            goto out;
        bb_budget_write(f[3].f, x.sum[0], s, bb_scenario_name(s), 1);
    }
    if (bb_out_commit(&f[0], &err) || bb_out_commit(&f[1], &err) || bb_out_commit(&f[2], &err) ||
        (f[3].f && bb_out_commit(&f[3], &err)))
        goto out;
    rc = BB_OK;
    if (!o->quiet) {
        fprintf(stderr, "bbsim: %s, %d replications, seed %" PRIu64 ": wrote %s/summary.csv, "
                        "%s, scenario.cfg%s\n", bb_scenario_name(s), reps, x.units[0].seed, dir,
                o->bands ? "bands.csv" : "timeseries.csv", bb_scenario_budget_lines(s) > 0 ? ", budget.csv" : "");
        digest(x.sum[0]);
        precision_report(&x, -1, 0, true);
    }
out:
    abort_all(f, 4);
    print_errors(&err);
    bb_errors_free(&err);
    bb_names_free(cols, ncols);
    exec_free(&x);
    return rc;
}

/* ---- compare ---- */

static int cmd_compare(const opts *o)
{
    int n = o->nfiles;
    exec x;
    int *group = calloc((size_t)n, sizeof *group);
    int rc = group ? exec_init(&x, o, n, 1) : BB_ERR_RUN;
    if (rc != BB_OK) {
        free(group);
        if (rc == BB_ERR_RUN)
            fprintf(stderr, "bbsim: out of memory\n");
        return rc;
    }
    for (int k = 0; k < n; k++)
        if (load(o, k, NULL, 0, NULL, &x.scen[k]) != BB_OK)
            rc = BB_ERR_INPUT;
    for (int k = 0; k < n && rc == BB_OK; k++)
        for (int j = 0; j < k; j++)
            if (strcmp(bb_scenario_name(x.scen[j]), bb_scenario_name(x.scen[k])) == 0) {
                fprintf(stderr, "bbsim: scenarios %d and %d are both named \"%s\"; give one "
                                "another name, e.g. --set %d:name=\"%s-b\"\n",
                        j + 1, k + 1, bb_scenario_name(x.scen[k]), k + 1,
                        bb_scenario_name(x.scen[k]));
                rc = BB_ERR_INPUT;
                break;
            }
    if (rc == BB_OK)
        rc = exec_prepare(&x, group);
    free(group);
    x.paired = true;
    if (rc != BB_OK) {
        exec_free(&x);
        return rc;
    }
    char defdir[600];
    int len = snprintf(defdir, sizeof defdir, "out/compare");
    for (int k = 0; k < n && len < 400; k++) {
        char nm[128];
        safe_name(nm, sizeof nm, bb_scenario_name(x.scen[k]));
        len += snprintf(defdir + len, sizeof defdir - (size_t)len, "%s%s", k ? "-vs-" : "-", nm);
    }
    const char *dir = o->outdir ? o->outdir : defdir;
    x.label = "compare";

    bb_errors err;
    bb_errors_init(&err);
    bb_out *f = calloc((size_t)n + 2, sizeof *f); /* series, summary, one cfg per scenario */
    char **cols = NULL;
    int ncols = 0;
    rc = BB_ERR_RUN;
    if (!f)
        goto out;
    if (bb_mkdirs(dir, &err) != 0 ||
        bb_out_open(&f[0], dir, o->bands ? "bands.csv" : "timeseries.csv", &err) != 0)
        goto out;
    if (!o->bands) {
        if ((ncols = bb_period_columns_union((const bb_scenario *const *)x.scen, n, &cols)) < 0)
            goto out;
        ts_header(f[0].f, cols, ncols);
        x.ts = f[0].f;
        x.ts_path = f[0].path;
    }
    if (run_batch(&x, o->bands ? BB_KEEP_PERIODS : BB_KEEP_TEXT, (const char *const *)cols,
                  ncols) != BB_OK)
        goto out;
    const char **names = calloc((size_t)n, sizeof *names);
    if (!names)
        goto out;
    for (int k = 0; k < n; k++) {
        names[k] = bb_scenario_name(x.scen[k]);
        if (o->bands)
            bb_bands_write(f[0].f, x.bands[k], names[k], bb_scenario_start_day(x.scen[k]), k == 0);
    }
    if (bb_out_open(&f[1], dir, "summary.csv", &err) != 0) {
        free(names);
        goto out;
    }
    bb_compare_write(f[1].f, x.sum, names, n);
    free(names);
    int reps = bb_summary_reps(x.sum[0]);
    for (int k = 0; k < n; k++) {
        char nm[200], file[256];
        safe_name(nm, sizeof nm, bb_scenario_name(x.scen[k]));
        snprintf(file, sizeof file, "scenario-%s.cfg", nm);
        if (bb_out_open(&f[2 + k], dir, file, &err) != 0)
            goto out;
        bb_scenario_write(x.scen[k], f[2 + k].f, x.units[k].seed, reps);
    }
    for (int k = 0; k < n + 2; k++)
        if (bb_out_commit(&f[k], &err) != 0)
            goto out;
    rc = BB_OK;
    if (!o->quiet) {
        fprintf(stderr, "bbsim: compared %d scenarios, %d replications each, seed %" PRIu64
                        ", common random numbers: wrote %s/summary.csv, %s, scenario-*.cfg\n"
                        "  paired difference against %s, mean [95%% interval], * excludes 0:\n",
                n, reps, x.units[0].seed, dir, o->bands ? "bands.csv" : "timeseries.csv",
                bb_scenario_name(x.scen[0]));
        digest_compare(x.sum, x.scen, n);
        for (int k = 1; k < n; k++)
            precision_report(&x, 0, k, true);
    }
out:
    if (f)
        abort_all(f, n + 2);
    free(f);
    print_errors(&err);
    bb_errors_free(&err);
    bb_names_free(cols, ncols);
    exec_free(&x);
    return rc;
}

/* ---- sweep ---- */

#define SWEEP_BLOCK 64 /* points loaded at a time (a loaded scenario is ~0.2 MB) */

/* The --set values of point p (the first --vary varies slowest). */
static void point_values(const opts *o, long p, const char **vals)
{
    for (int i = o->nvary - 1; i >= 0; i--) {
        vals[i] = o->vary[i].values[p % o->vary[i].n];
        p /= o->vary[i].n;
    }
}

/* Load point p (PATH=VALUE for each --vary); errors name the point. */
static int load_point(const opts *o, long p, long n, bb_scenario **s)
{
    const char *vals[16], *sets[16];
    char *buf[16] = {0};
    point_values(o, p, vals);
    char what[600];
    int len = snprintf(what, sizeof what, "sweep point %ld/%ld (", p + 1, n);
    int rc = BB_OK;
    for (int i = 0; i < o->nvary; i++) {
        size_t sz = strlen(o->vary[i].path) + strlen(vals[i]) + 2;
        if (!(buf[i] = malloc(sz))) {
            rc = BB_ERR_RUN;
            break;
        }
        snprintf(buf[i], sz, "%s=%s", o->vary[i].path, vals[i]);
        sets[i] = buf[i];
        if (len < 500)
            len += snprintf(what + len, sizeof what - (size_t)len, "%s%s", i ? ", " : "", buf[i]);
    }
    if (len < 590)
        snprintf(what + len, sizeof what - (size_t)len, ")");
    if (rc == BB_OK)
        rc = load(o, 0, sets, o->nvary, what, s);
    for (int i = 0; i < o->nvary; i++)
        free(buf[i]);
    return rc;
}

static void write_sweep_csv(FILE *f, const opts *o, bb_summary *const *sums, long n)
{
    for (int i = 0; i < o->nvary; i++) {
        bb_csv_str(f, o->vary[i].path);
        fputc(',', f);
    }
    fputs("metric,group,mean,ci_low,ci_high,reps\n", f);
    for (long p = 0; p < n; p++) {
        const bb_summary *sum = sums[p];
        const char *vals[16];
        point_values(o, p, vals);
        for (int i = 0; i < bb_summary_rows(sum); i++) {
            const char *metric, *grp;
            double mean, lo, hi;
            bb_summary_get(sum, i, &metric, &grp, &mean, &lo, &hi);
            for (int k = 0; k < o->nvary; k++) {
                size_t l = strlen(vals[k]);
                if (l >= 2 && vals[k][0] == '"' && vals[k][l - 1] == '"') {
                    char buf[256]; /* a string setting: its value, unquoted */
                    snprintf(buf, sizeof buf, "%.*s", (int)(l - 2), vals[k] + 1);
                    bb_csv_str(f, buf);
                } else {
                    bb_csv_str(f, vals[k]);
                }
                fputc(',', f);
            }
            int defined = 0;
            for (int r = 0; r < bb_summary_reps(sum); r++)
                defined += isfinite(bb_summary_value(sum, i, r)) != 0;
            bb_csv_str(f, metric);
            fputc(',', f);
            bb_csv_str(f, grp);
            fputc(',', f);
            bb_csv_num(f, mean);
            fputc(',', f);
            bb_csv_num(f, lo);
            fputc(',', f);
            bb_csv_num(f, hi);
            fprintf(f, ",%d\n", defined);
        }
    }
}

static int cmd_sweep(const opts *o)
{
    long n = 1;
    for (int i = 0; i < o->nvary; i++)
        n *= o->vary[i].n;
    bb_scenario *base = NULL;
    bb_summary **sums = calloc((size_t)n, sizeof *sums);
    if (!sums) {
        fprintf(stderr, "bbsim: out of memory\n");
        return BB_ERR_RUN;
    }
    /* the base scenario, then every point: all validated before running */
    int rc = load(o, 0, NULL, 0, NULL, &base), bad = 0;
    long jobs_all = 0;
    for (long p = 0; p < n && rc == BB_OK; p++) {
        bb_scenario *s;
        int r = load_point(o, p, n, &s);
        if (r == BB_ERR_RUN) {
            rc = r;
            break;
        }
        if (r != BB_OK) {
            bad++;
            continue;
        }
        for (int k = 0; k < o->nprec && r == BB_OK; k++) {
            bb_errors err;
            bb_errors_init(&err);
            if (cli_precision_row(&o->prec[k], s, &err) < 0)
                r = BB_ERR_INPUT;
            print_errors(&err);
            bb_errors_free(&err);
        }
        if (r != BB_OK)
            bad++;
        jobs_all += o->nprec ? (o->reps > 0 ? o->reps : PRECISION_MAX_REPS)
                             : (o->reps > 0 ? o->reps : bb_scenario_replications(s));
        bb_scenario_free(s);
    }
    if (rc == BB_OK && bad) {
        fprintf(stderr, "bbsim: %d of %ld sweep points are not valid; nothing was run\n", bad, n);
        rc = BB_ERR_INPUT;
    }
    if (rc != BB_OK) {
        bb_scenario_free(base);
        free(sums);
        return rc;
    }
    char defdir[300], nm[200];
    safe_name(nm, sizeof nm, bb_scenario_name(base));
    snprintf(defdir, sizeof defdir, "out/sweep-%s", nm);
    const char *dir = o->outdir ? o->outdir : defdir;
    /* one seed for every point (common random numbers) */
    uint64_t seed = o->seed >= 0 ? (uint64_t)o->seed : bb_scenario_seed(base);

    bb_errors err;
    bb_errors_init(&err);
    bb_out f[2] = {{0}};
    rc = BB_ERR_RUN;
    if (bb_mkdirs(dir, &err) != 0)
        goto out;
    /* run the points a block at a time, so that memory does not grow
     * with the size of the grid */
    sweep_progress sp = {0, n, 0, jobs_all, 0, mono_now()};
    long missed = 0; /* points that did not reach a --precision target */
    for (long p0 = 0; p0 < n; p0 += SWEEP_BLOCK) {
        int k = (int)(n - p0 < SWEEP_BLOCK ? n - p0 : SWEEP_BLOCK);
        exec x;
        int group[SWEEP_BLOCK];
        int r = exec_init(&x, o, k, k);
        for (int i = 0; i < k && r == BB_OK; i++) {
            group[i] = i;
            r = load_point(o, p0 + i, n, &x.scen[i]);
        }
        if (r == BB_OK)
            r = exec_prepare(&x, group);
        x.label = "sweep";
        x.sweep = &sp;
        for (int i = 0; i < k; i++)
            x.units[i].seed = seed;
        if (r == BB_OK)
            r = run_batch(&x, 0, NULL, 0);
        for (int i = 0; i < k && r == BB_OK; i++) {
            missed += precision_report(&x, -1, i, false) > 0;
            sums[p0 + i] = x.sum[i];
            x.sum[i] = NULL;
            sp.jobs_done += bb_summary_reps(sums[p0 + i]);
            sp.jobs_max_done += x.units[i].max_reps;
        }
        sp.points_done += k;
        exec_free(&x);
        if (r != BB_OK)
            goto out;
    }
    if (!o->quiet && isatty(2))
        fputc('\n', stderr);
    if (bb_out_open(&f[0], dir, "sweep.csv", &err) != 0)
        goto out;
    write_sweep_csv(f[0].f, o, sums, n);
    int maxreps = 0;
    for (long p = 0; p < n; p++)
        if (bb_summary_reps(sums[p]) > maxreps)
            maxreps = bb_summary_reps(sums[p]);
    if (bb_out_open(&f[1], dir, "scenario.cfg", &err) != 0)
        goto out;
    fprintf(f[1].f, "# The base scenario of a sweep over");
    for (int i = 0; i < o->nvary; i++)
        fprintf(f[1].f, " --vary %s (%d values)", o->vary[i].path, o->vary[i].n);
    fputc('\n', f[1].f);
    bb_scenario_write(base, f[1].f, seed, maxreps);
    if (bb_out_commit(&f[0], &err) || bb_out_commit(&f[1], &err))
        goto out;
    rc = BB_OK;
    if (!o->quiet)
    {
        fprintf(stderr, "bbsim: sweep of %s over %ld points, seed %" PRIu64 ", common random "
                        "numbers: wrote %s/sweep.csv, scenario.cfg\n",
                bb_scenario_name(base), n, seed, dir);
        if (o->nprec)
            fprintf(stderr, "  --precision: %ld of %ld points reached every target%s\n",
                    n - missed, n, missed ? " (the others stopped at the maximum; see reps)" : "");
    }
out:
    abort_all(f, 2);
    print_errors(&err);
    bb_errors_free(&err);
    bb_scenario_free(base);
    for (long p = 0; p < n; p++)
        bb_summary_free(sums[p]);
    free(sums);
    return rc;
}

/* ---- check ---- */

static int cmd_check(const opts *o)
{
    bb_scenario *s;
    int rc = load(o, 0, NULL, 0, NULL, &s);
    if (rc != BB_OK)
        return rc;
    if (!o->quiet)
        fprintf(stderr, "%s: ok (scenario \"%s\", %d categories, %d providers, %.1f years)\n",
                o->files[0], bb_scenario_name(s), bb_scenario_category_count(s),
                bb_scenario_provider_count(s), bb_scenario_horizon_hours(s) / BB_HOURS_PER_YEAR);
    bb_scenario_free(s);
    return BB_OK;
}

int main(int argc, char **argv)
{
    /* GSL reports domain errors as return values; never abort() */
    gsl_set_error_handler_off();
#ifdef __GLIBC__
    /* Each replication allocates its cases and events afresh (a few MB)
     * and frees them: keep that memory in the process instead of giving
     * it back and faulting it in again for the next replication. */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
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
    static const char *const cmds[] = {"run", "compare", "sweep", "check"};
    int cmd = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(argv[1], cmds[i]) == 0)
            cmd = i;
    if (cmd < 0)
        return usage_error("unknown command", argv[1]);
    opts o;
    int rc = parse(argc, argv, &o);
    if (rc == BB_OK) {
        switch (cmd) {
        case 0: rc = cmd_run(&o); break;
        case 1: rc = cmd_compare(&o); break;
        case 2: rc = cmd_sweep(&o); break;
        default: rc = cmd_check(&o); break;
        }
    }
    free_opts(&o);
    return rc;
}
