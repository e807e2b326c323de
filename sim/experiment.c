/*
 * experiment.c - many replications on many threads, and what is made of
 * them: paired comparisons over replications.
 *
 * The batch runner. Jobs are (unit, replication) pairs in a fixed order:
 * by group, then replication, then unit. Worker threads take the next
 * job under a mutex, run it on their own bb_sim (the scenario is only
 * read), and leave the result in a slot of a small ring (threads + 4
 * slots). The caller's thread hands the results to the consumer strictly
 * in job order, so every output is the same for any number of threads;
 * a worker waits when it is a full ring ahead of the consumer, which
 * bounds memory (a replication's timeseries rows are held only while it
 * is in the ring).
 *
 * Where a job runs: on the worker threads (job.c does the job), or,
 * with a bb_remote executor, through it: each of its workers is a
 * thread here that hands its job to the executor and waits for the
 * output (bbsim-mpi sends it to another rank). Everything else below
 * is the same either way.
 *
 * Stopping early (--precision) is decided in the caller's thread after
 * complete batches of replications, in replication order; jobs already
 * started beyond the stopping point are dropped. The decision therefore
 * depends only on the replications' values, not on timing.
 *
 * The rest of the file: the comparison summary (paired differences per
 * replication). Bands over the replications' period rows are in
 * bands.c.
 */
#include "internal.h"
#include "job.h"
#include <errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* the batch runner                                                    */
/* ------------------------------------------------------------------ */

enum { SLOT_EMPTY, SLOT_RUNNING, SLOT_READY };

typedef struct slot {
    int state;
    int unit, group, rep;
    bb_job_output o; /* o.error non-empty: the replication failed */
} slot;

typedef struct runner {
    const bb_batch *b;
    pthread_mutex_t mu;
    pthread_cond_t ready, space;
    slot *slots;
    long W;
    /* groups */
    int ngroups;
    int *gfirst, *gn, *gmin, *gmax, *gstop; /* gstop: replications the group runs */
    /* the next job to hand out: group g, replication r, unit u of the group */
    int g, r, u;
    long next_seq, consumed;
    bool abort;
    /* BB_KEEP_TEXT: per unit, for each output column the sim's column or -1 */
    int **colmap;
    const bb_remote *remote; /* NULL: every job on this process's threads */
} runner;

/* A worker thread: local, or remote worker `w` of R->remote. */
typedef struct worker_arg {
    runner *R;
    int w; /* -1: local */
} worker_arg;

static const bb_remote *process_remote;

void bb_batch_set_remote(const bb_remote *r) { process_remote = r; }

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Skip groups that have all their jobs handed out; true if a job is left. */
static bool gen_left(runner *R)
{
    while (R->g < R->ngroups) {
        if (R->r < R->gstop[R->g])
            return true;
        R->g++;
        R->r = R->u = 0;
    }
    return false;
}

static void gen_take(runner *R, slot *sl)
{
    sl->group = R->g;
    sl->rep = R->r;
    sl->unit = R->gfirst[R->g] + R->u;
    if (++R->u == R->gn[R->g]) {
        R->u = 0;
        R->r++;
    }
}

static void slot_clear(slot *sl)
{
    bb_job_output_clear(&sl->o);
    memset(sl, 0, sizeof *sl);
}

static void *worker(void *arg)
{
    runner *R = ((worker_arg *)arg)->R;
    int w = ((worker_arg *)arg)->w;
    pthread_mutex_lock(&R->mu);
    for (;;) {
        if (R->abort || !gen_left(R))
            break;
        if (R->next_seq >= R->consumed + R->W) {
            pthread_cond_wait(&R->space, &R->mu);
            continue;
        }
        slot *sl = &R->slots[R->next_seq % R->W];
        R->next_seq++;
        slot_clear(sl);
        gen_take(R, sl);
        sl->state = SLOT_RUNNING;
        pthread_mutex_unlock(&R->mu);
        if (w >= 0)
            R->remote->run(R->remote->ud, w, sl->unit, sl->rep, &sl->o);
        else
            bb_job_exec(R->b, R->colmap ? R->colmap[sl->unit] : NULL, sl->unit, sl->rep,
                        &sl->o);
        pthread_mutex_lock(&R->mu);
        sl->state = SLOT_READY;
        pthread_cond_broadcast(&R->ready);
    }
    pthread_mutex_unlock(&R->mu);
    return NULL;
}

static long jobs_total(const runner *R)
{
    long t = 0;
    for (int g = 0; g < R->ngroups; g++)
        t += (long)R->gstop[g] * R->gn[g];
    return t;
}

static int build_groups(runner *R, bb_errors *err)
{
    const bb_batch *b = R->b;
    int ng = 0;
    for (int u = 0; u < b->nunits; u++) {
        int g = b->units[u].group;
        if (g != ng - 1 && g != ng) {
            bb_errors_add(err, "batch: unit groups must be contiguous from 0");
            return -1;
        }
        if (g == ng)
            ng++;
    }
    R->ngroups = ng;
    R->gfirst = calloc((size_t)ng, sizeof(int));
    R->gn = calloc((size_t)ng, sizeof(int));
    R->gmin = calloc((size_t)ng, sizeof(int));
    R->gmax = calloc((size_t)ng, sizeof(int));
    R->gstop = calloc((size_t)ng, sizeof(int));
    if (!R->gfirst || !R->gn || !R->gmin || !R->gmax || !R->gstop) {
        bb_errors_add(err, "out of memory");
        return -1;
    }
    for (int u = b->nunits - 1; u >= 0; u--) {
        const bb_unit *U = &b->units[u];
        int g = U->group;
        R->gfirst[g] = u;
        R->gn[g]++;
        R->gmax[g] = U->max_reps > 0 ? U->max_reps : 1;
        R->gmin[g] = U->min_reps < 1 ? 1 : U->min_reps > R->gmax[g] ? R->gmax[g] : U->min_reps;
        R->gstop[g] = R->gmax[g];
    }
    return 0;
}

static int build_colmaps(runner *R, bb_errors *err)
{
    const bb_batch *b = R->b;
    if (!(b->keep & BB_KEEP_TEXT) || !b->ts_cols)
        return 0;
    int oom = 0;
    R->colmap = calloc((size_t)b->nunits, sizeof *R->colmap);
    for (int u = 0; R->colmap && u < b->nunits && !oom; u++)
        R->colmap[u] = bb_job_colmap(b, u, &oom);
    if (!R->colmap || oom) {
        bb_errors_add(err, "out of memory");
        return -1;
    }
    return 0;
}

static void runner_free(runner *R)
{
    if (R->slots)
        for (long i = 0; i < R->W; i++)
            slot_clear(&R->slots[i]);
    free(R->slots);
    if (R->colmap)
        for (int u = 0; u < R->b->nunits; u++)
            free(R->colmap[u]);
    free(R->colmap);
    free(R->gfirst);
    free(R->gn);
    free(R->gmin);
    free(R->gmax);
    free(R->gstop);
}

int bb_batch_run(const bb_batch *b, bb_errors *err)
{
    runner R;
    memset(&R, 0, sizeof R);
    R.b = b;
    if (b->nunits <= 0 || b->threads < 1) {
        bb_errors_add(err, "batch: nothing to run");
        return BB_ERR_RUN;
    }
    int rc = BB_ERR_RUN;
    if (build_groups(&R, err) != 0 || build_colmaps(&R, err) != 0) {
        runner_free(&R);
        return BB_ERR_RUN;
    }
    long total = jobs_total(&R);
    R.remote = b->remote ? b->remote : process_remote;
    if (R.remote && R.remote->workers < 1)
        R.remote = NULL;
    int want = R.remote ? R.remote->workers : b->threads;
    int nthreads = want < total ? want : (int)total;
    R.W = nthreads + 4;
    R.slots = calloc((size_t)R.W, sizeof *R.slots);
    pthread_t *tid = calloc((size_t)nthreads, sizeof *tid);
    worker_arg *wa = calloc((size_t)nthreads, sizeof *wa);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&R.mu, NULL);
    pthread_cond_init(&R.ready, &ca);
    pthread_cond_init(&R.space, NULL);
    pthread_condattr_destroy(&ca);
    int started = 0;
    bool begun = false;
    if (!R.slots || !tid || !wa) {
        bb_errors_add(err, "out of memory");
        goto out;
    }
    if (R.remote) {
        if (R.remote->begin && R.remote->begin(R.remote->ud, b, err) != 0)
            goto out;
        begun = true;
    }
    for (; started < nthreads; started++) {
        wa[started] = (worker_arg){&R, R.remote ? started : -1};
        if (pthread_create(&tid[started], NULL, worker, &wa[started]) != 0) {
            if (started == 0) {
                bb_errors_add(err, "cannot start a thread: %s", strerror(errno));
                goto out;
            }
            break; /* run with the threads we have */
        }
    }

    double t0 = mono_s(), last_progress = t0;
    bb_progress prog = {0, total, 0, R.ngroups, 0, 0.0};
    int batch = b->batch > 0 ? b->batch : 1;
    pthread_mutex_lock(&R.mu);
    for (;;) {
        if (R.consumed == R.next_seq && !gen_left(&R))
            break;
        slot *sl = &R.slots[R.consumed % R.W];
        if (R.consumed >= R.next_seq || sl->state != SLOT_READY) {
            if (b->progress && b->progress_every_s > 0) {
                double next = last_progress + b->progress_every_s;
                struct timespec ts;
                ts.tv_sec = (time_t)next;
                ts.tv_nsec = (long)((next - (double)ts.tv_sec) * 1e9);
                pthread_cond_timedwait(&R.ready, &R.mu, &ts);
                double now = mono_s();
                if (now >= next) {
                    prog.elapsed_s = now - t0;
                    prog.jobs_total = jobs_total(&R);
                    pthread_mutex_unlock(&R.mu);
                    b->progress(b->ud, &prog);
                    pthread_mutex_lock(&R.mu);
                    last_progress = now;
                }
            } else {
                pthread_cond_wait(&R.ready, &R.mu);
            }
            continue;
        }
        /* hand over job R.consumed (no lock held while consuming) */
        bool dropped = sl->rep >= R.gstop[sl->group];
        pthread_mutex_unlock(&R.mu);
        int failed = 0, stop = 0, g = sl->group;
        if (!dropped) {
            if (sl->o.error[0]) {
                bb_errors_add(err, "%s", sl->o.error);
                failed = 1;
            } else {
                bb_job_result res = {sl->unit, g, sl->rep, sl->o.rows, sl->o.nrows,
                                     sl->o.events, sl->o.text, sl->o.text_len, sl->o.periods,
                                     sl->o.nperiods, sl->o.ncols};
                if (b->consume && b->consume(b->ud, &res, err) != 0)
                    failed = 1;
                sl->o.periods = res.periods; /* the consumer may have taken them */
                prog.jobs_done++;
                prog.events += sl->o.events;
                int reps = sl->rep + 1;
                if (!failed && sl->unit == R.gfirst[g] + R.gn[g] - 1) {
                    /* the group completed replication `reps` - 1 */
                    if (reps >= R.gmax[g])
                        prog.groups_done++;
                    else if (b->enough && reps >= R.gmin[g] && (reps - R.gmin[g]) % batch == 0 &&
                             b->enough(b->ud, g, reps)) {
                        stop = reps;
                        prog.groups_done++;
                    }
                }
            }
        }
        pthread_mutex_lock(&R.mu);
        slot_clear(sl);
        R.consumed++;
        if (stop)
            R.gstop[g] = stop;
        pthread_cond_broadcast(&R.space);
        if (failed) {
            R.abort = true;
            break;
        }
    }
    if (!R.abort)
        rc = BB_OK;
    R.abort = true;
    pthread_cond_broadcast(&R.space);
    pthread_mutex_unlock(&R.mu);
    if (rc == BB_OK && b->progress) {
        prog.elapsed_s = mono_s() - t0;
        prog.jobs_total = jobs_total(&R);
        b->progress(b->ud, &prog);
    }
out:
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    if (begun && R.remote->end)
        R.remote->end(R.remote->ud);
    free(tid);
    free(wa);
    pthread_cond_destroy(&R.ready);
    pthread_cond_destroy(&R.space);
    pthread_mutex_destroy(&R.mu);
    runner_free(&R);
    return rc;
}

int bb_period_columns_union(const bb_scenario *const *s, int n, char ***names)
{
    char **out = NULL;
    int k = 0, cap = 0;
    for (int i = 0; i < n; i++) {
        const char *const *cols;
        int nc = bb_scenario_period_columns(s[i], &cols);
        for (int j = 0; j < nc; j++) {
            bool have = false;
            for (int q = 0; q < k && !have; q++)
                have = strcmp(out[q], cols[j]) == 0;
            if (have)
                continue;
            if (k == cap) {
                cap = cap ? 2 * cap : 64;
                char **p = realloc(out, (size_t)cap * sizeof *p);
                if (!p)
                    goto oom;
                out = p;
            }
            if (!(out[k] = strdup(cols[j])))
                goto oom;
            k++;
        }
    }
    *names = out;
    return k;
oom:
    bb_names_free(out, k);
    *names = NULL;
    return -1;
}

void bb_names_free(char **names, int n)
{
    if (!names)
        return;
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* ------------------------------------------------------------------ */
/* comparing summaries                                                 */
/* ------------------------------------------------------------------ */

int bb_summary_find_year(const bb_summary *s, const char *metric, const char *group, int year)
{
    for (int i = 0; i < bb_summary_rows(s); i++) {
        const char *m, *g;
        bb_summary_names(s, i, &m, &g);
        if (bb_summary_year(s, i) == year && strcmp(m, metric) == 0 && strcmp(g, group) == 0)
            return i;
    }
    return -1;
}

int bb_summary_find(const bb_summary *s, const char *metric, const char *group)
{
    return bb_summary_find_year(s, metric, group, 0);
}

double bb_summary_halfwidth(const bb_summary *s, int i)
{
    const char *m, *g;
    double mean, lo, hi;
    bb_summary_get(s, i, &m, &g, &mean, &lo, &hi);
    return isfinite(lo) && isfinite(hi) ? 0.5 * (hi - lo) : NAN;
}

int bb_paired_diff(const bb_summary *a, int ia, const bb_summary *b, int ib,
                   double *mean, double *lo, double *hi)
{
    int n = bb_summary_reps(a) < bb_summary_reps(b) ? bb_summary_reps(a) : bb_summary_reps(b);
    double *d = malloc((size_t)(n ? n : 1) * sizeof *d);
    int k = 0;
    if (d)
        for (int r = 0; r < n; r++) {
            double x = bb_summary_value(a, ia, r), y = bb_summary_value(b, ib, r);
            if (isfinite(x) && isfinite(y))
                d[k++] = y - x;
        }
    bb_mean_ci(d, k, mean, lo, hi);
    free(d);
    return k;
}

/* The rows of a comparison (yearly: those of yearly.csv, else those of
 * summary.csv) with the paired difference against the first scenario. */
static void compare_rows(FILE *f, bb_summary *const *sums, const char *const *names, int n,
                         bool yearly)
{
    for (int k = 0; k < n; k++) {
        const bb_summary *s = sums[k];
        for (int i = 0; i < bb_summary_rows(s); i++) {
            int year = bb_summary_year(s, i);
            if ((year != 0) != yearly)
                continue;
            const char *metric, *group;
            double mean, lo, hi;
            bb_summary_get(s, i, &metric, &group, &mean, &lo, &hi);
            int defined = bb_summary_defined(s, i);
            bb_csv_str(f, names[k]);
            fputc(',', f);
            if (yearly)
                fprintf(f, "%d,", year);
            bb_csv_str(f, metric);
            fputc(',', f);
            bb_csv_str(f, group);
            bb_csv_nums(f, (const double[]){mean, lo, hi}, 3);
            fprintf(f, ",%d,", defined);
            int i0 = k > 0 ? bb_summary_find_year(sums[0], metric, group, year) : -1;
            if (i0 >= 0) {
                double dm, dlo, dhi;
                bb_paired_diff(sums[0], i0, s, i, &dm, &dlo, &dhi);
                bb_csv_num(f, dm);
                fputc(',', f);
                bb_csv_num(f, dlo);
                fputc(',', f);
                bb_csv_num(f, dhi);
                fputc(',', f);
                if (isfinite(dlo) && isfinite(dhi))
                    fputs(dlo > 0 || dhi < 0 ? "1" : "0", f);
            } else {
                fputs(",,,", f);
            }
            fputc('\n', f);
        }
    }
}

void bb_compare_write(FILE *f, bb_summary *const *sums, const char *const *names, int n)
{
    fputs("scenario,metric,group,mean,ci_low,ci_high,reps,"
          "diff_mean,diff_ci_low,diff_ci_high,diff_significant\n", f);
    compare_rows(f, sums, names, n, false);
}

void bb_compare_yearly_write(FILE *f, bb_summary *const *sums, const char *const *names, int n)
{
    fputs("scenario,year,metric,group,mean,ci_low,ci_high,reps,"
          "diff_mean,diff_ci_low,diff_ci_high,diff_significant\n", f);
    compare_rows(f, sums, names, n, true);
}
