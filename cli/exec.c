/*
 * exec.c - running a batch of replications for run, compare and sweep:
 * the units (one per scenario or sweep point) with their seeds and
 * replication counts, the results collected in replication order
 * (bb_batch_run), the --precision stopping rule, progress on a terminal.
 */
#include "cli.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double cli_mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* regions.csv: one row per period, region and metric of a replication
 * (the regional columns of its period rows, not in timeseries.csv). */
static int write_regions(const cli_exec *x, const bb_job_result *r)
{
    const bb_scenario *s = x->scen[r->unit];
    const char *name = bb_scenario_name(s), *region, *metric;
    for (int i = 0; i < r->nperiods; i++) {
        const double *row = r->periods + (size_t)i * (size_t)r->ncols;
        char date[16], head[256];
        bb_date_format(bb_scenario_start_day(s) + (int)floor(row[0] + 1e-9), date);
        snprintf(head, sizeof head, "%s,%d,%d,%s,", name, r->rep, i + 1, date);
        for (int j = 0; j < r->ncols; j++)
            if (bb_scenario_column_region(s, j, &region, &metric)) {
                fputs(head, x->rg);
                fputs(region, x->rg);
                fputc(',', x->rg);
                fputs(metric, x->rg);
                fputc(',', x->rg);
                double v = row[j];
                if (v == floor(v) && fabs(v) < 1e15 && !(v == 0 && signbit(v)))
                    fprintf(x->rg, "%lld", (long long)v); /* as bb_csv_num writes it */
                else
                    bb_csv_num(x->rg, v);
                fputc('\n', x->rg);
            }
    }
    return ferror(x->rg) ? -1 : 0;
}

static int consume(void *ud, bb_job_result *r, bb_errors *err)
{
    cli_exec *x = ud;
    if (x->rg && r->periods && write_regions(x, r) != 0) {
        bb_errors_add(err, "regions.csv: write failed: %s", strerror(errno));
        return -1;
    }
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
            bb_errors_add(err, "bands: %s", bb_bands_error(x->bands[r->unit]));
            return -1;
        }
    }
    return 0;
}

static int enough(void *ud, int g, int reps)
{
    cli_exec *x = ud;
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
    cli_exec *x = ud;
    if (!x->tty)
        return;
    long done = p->jobs_done, total = p->jobs_total;
    double elapsed = p->elapsed_s;
    char pts[64] = "";
    if (x->sweep) {
        const cli_sweep_progress *sp = x->sweep;
        done += sp->jobs_done;
        long block_max = 0;
        for (int u = 0; u < x->nunits; u++)
            block_max += x->units[u].max_reps;
        total = sp->jobs_done + p->jobs_total + (sp->jobs - sp->jobs_max_done - block_max);
        elapsed = cli_mono_now() - sp->t0;
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
int cli_run_batch(cli_exec *x, unsigned keep, const char *const *cols, int ncols)
{
    bb_batch b;
    memset(&b, 0, sizeof b);
    b.units = x->units;
    b.nunits = x->nunits;
    b.threads = x->o->threads;
    b.batch = CLI_PRECISION_BATCH;
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
    cli_print_errors(&err);
    bb_errors_free(&err);
    return rc;
}

/* Set up the units' replication counts, summaries, bands and precision
 * rows. Returns BB_OK, BB_ERR_INPUT (bad precision target) or BB_ERR_RUN. */
int cli_exec_init(cli_exec *x, const cli_opts *o, int nunits, int ngroups)
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
        return cli_oom("setting up the run");
    return BB_OK;
}

/* After the scenarios are loaded: seeds, replications, groups, summaries. */
int cli_exec_prepare(cli_exec *x, const int *group)
{
    const cli_opts *o = x->o;
    for (int u = 0; u < x->nunits; u++) {
        bb_unit *U = &x->units[u];
        const bb_scenario *s = x->scen[u];
        U->s = s;
        U->seed = o->seed >= 0 ? (uint64_t)o->seed : bb_scenario_seed(s);
        U->group = group[u];
        if (o->nprec) {
            U->max_reps = o->reps > 0 ? (int)o->reps : CLI_PRECISION_MAX_REPS;
            U->min_reps = CLI_PRECISION_MIN_REPS;
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
            return cli_oom("setting up the summaries");
        for (int k = 0; k < o->nprec; k++) {
            bb_errors err;
            bb_errors_init(&err);
            int row = cli_precision_row(&o->prec[k], s, &err);
            cli_print_errors(&err);
            bb_errors_free(&err);
            if (row < 0)
                return BB_ERR_INPUT;
            x->prow[u * o->nprec + k] = row;
        }
        if (o->bands && !(x->bands[u] = bb_bands_new(s)))
            return cli_oom("setting up the bands");
    }
    return BB_OK;
}

void cli_exec_free(cli_exec *x)
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
