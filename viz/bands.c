/*
 * bands.c - replications on a background thread and their percentiles
 * per period (see bands.h).
 *
 * One thread runs bb_batch_run over the scenarios (a group each, one
 * after the other); its consumer keeps every replication's period rows.
 * When the batch is done the thread turns them into the three quantiles
 * of each chart's series and frees them; only then does `state` say
 * done, so the view reads the series without a lock.
 */
#include "bands.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "story.h"

typedef struct panel_bands {
    const bb_scenario *sc;
    double **rows; /* per replication: nper x ncols, until computed */
    int *nper;
    int n;         /* replications kept */
    int np;        /* periods of the series */
    double *t;
    float *q[VZ_CHARTS][3];
} panel_bands;

struct vz_bands {
    pthread_t th;
    pthread_mutex_t mu;
    int started, cancel, state, ndone; /* under mu */
    char err[256];
    int reps, threads, npan;
    uint64_t seed;
    panel_bands pan[2];
};

static int consume(void *ud, bb_job_result *r, bb_errors *err)
{
    vz_bands *b = ud;
    pthread_mutex_lock(&b->mu);
    int stop = b->cancel;
    pthread_mutex_unlock(&b->mu);
    if (stop) {
        bb_errors_add(err, "stopped");
        return -1;
    }
    panel_bands *p = &b->pan[r->unit];
    if (r->periods && p->n < b->reps) {
        p->rows[p->n] = r->periods;
        p->nper[p->n] = r->nperiods;
        p->n++;
        r->periods = NULL; /* ours now */
    }
    pthread_mutex_lock(&b->mu);
    b->ndone++;
    pthread_mutex_unlock(&b->mu);
    return 0;
}

/* The quantiles of every chart's series from the kept rows. */
static int compute(vz_bands *b, panel_bands *p)
{
    const char *const *names;
    int nc = bb_scenario_period_columns(p->sc, &names);
    int c_t = -1, c_wait = -1, c_borrow = -1, c_lead = -1, nuse = 0;
    int c_use[BB_MAX_PROVIDERS];
    for (int c = 0; c < nc; c++) {
        if (!strcmp(names[c], "t_days"))
            c_t = c;
        else if (!strcmp(names[c], "unprotected_waiting"))
            c_wait = c;
        else if (!strcmp(names[c], "borrowed_fte"))
            c_borrow = c;
        else if (!strcmp(names[c], "lead_time_p90_h"))
            c_lead = c;
        else if (!strncmp(names[c], "used_fte_", 9) && nuse < BB_MAX_PROVIDERS)
            c_use[nuse++] = c;
    }
    if (c_t < 0 || p->n == 0)
        return -1;
    int np = p->nper[0];
    for (int r = 1; r < p->n; r++)
        np = p->nper[r] < np ? p->nper[r] : np;
    p->np = np;
    p->t = malloc((size_t)(np > 0 ? np : 1) * sizeof *p->t);
    double *v = malloc((size_t)p->n * sizeof *v);
    if (!p->t || !v) {
        free(v);
        return -1;
    }
    for (int ch = 0; ch < VZ_CHARTS; ch++)
        for (int k = 0; k < 3; k++)
            if (!(p->q[ch][k] = malloc((size_t)(np > 0 ? np : 1) * sizeof(float)))) {
                free(v);
                return -1;
            }
    for (int i = 0; i < np; i++) {
        p->t[i] = p->rows[0][(size_t)i * nc + c_t] * 24.0;
        for (int ch = 0; ch < VZ_CHARTS; ch++) {
            int m = 0;
            for (int r = 0; r < p->n; r++) {
                const double *row = p->rows[r] + (size_t)i * nc;
                double x = NAN;
                if (ch == VZ_CH_QUEUE && c_wait >= 0)
                    x = row[c_wait];
                else if (ch == VZ_CH_BORROW && c_borrow >= 0)
                    x = row[c_borrow];
                else if (ch == VZ_CH_LEAD && c_lead >= 0)
                    x = row[c_lead] / 24.0;
                else if (ch == VZ_CH_CAPACITY && nuse > 0)
                    for (int u = 0; u < nuse; u++)
                        x = (u ? x : 0) + row[c_use[u]];
                if (isfinite(x))
                    v[m++] = x;
            }
            static const double Q[3] = {0.05, 0.5, 0.95};
            for (int k = 0; k < 3; k++)
                p->q[ch][k][i] = m ? (float)vz_quantile(v, m, Q[k]) : NAN;
        }
    }
    free(v);
    (void)b;
    return 0;
}

static void *thread_main(void *ud)
{
    vz_bands *b = ud;
    bb_unit u[2];
    for (int i = 0; i < b->npan; i++) {
        u[i].s = b->pan[i].sc;
        u[i].seed = b->seed;
        u[i].group = i;
        u[i].min_reps = u[i].max_reps = b->reps;
    }
    bb_batch bt;
    memset(&bt, 0, sizeof bt);
    bt.units = u;
    bt.nunits = b->npan;
    bt.threads = b->threads;
    bt.batch = 1;
    bt.keep = BB_KEEP_PERIODS;
    bt.consume = consume;
    bt.ud = b;
    bb_errors e;
    bb_errors_init(&e);
    int rc = bb_batch_run(&bt, &e);
    int state = 1;
    if (rc != BB_OK) {
        snprintf(b->err, sizeof b->err, "%s", e.n ? e.msg[0] : "the replications failed");
        state = -1;
    }
    bb_errors_free(&e);
    for (int i = 0; i < b->npan && state == 1; i++)
        if (compute(b, &b->pan[i]) != 0) {
            snprintf(b->err, sizeof b->err, "out of memory for the bands");
            state = -1;
        }
    for (int i = 0; i < b->npan; i++) {
        for (int r = 0; r < b->pan[i].n; r++)
            free(b->pan[i].rows[r]);
        b->pan[i].n = 0;
    }
    pthread_mutex_lock(&b->mu);
    b->state = state;
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

vz_bands *vz_bands_start(const bb_scenario *A, const bb_scenario *B, uint64_t seed, int reps,
                         int threads)
{
    if (reps < 1)
        return NULL;
    vz_bands *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    pthread_mutex_init(&b->mu, NULL);
    b->reps = reps;
    b->threads = threads < 1 ? 1 : threads;
    b->seed = seed;
    b->npan = B ? 2 : 1;
    b->pan[0].sc = A;
    b->pan[1].sc = B;
    for (int i = 0; i < b->npan; i++) {
        b->pan[i].rows = calloc((size_t)reps, sizeof *b->pan[i].rows);
        b->pan[i].nper = calloc((size_t)reps, sizeof *b->pan[i].nper);
        if (!b->pan[i].rows || !b->pan[i].nper) {
            vz_bands_free(b);
            return NULL;
        }
    }
    if (pthread_create(&b->th, NULL, thread_main, b) != 0) {
        vz_bands_free(b);
        return NULL;
    }
    b->started = 1;
    return b;
}

void vz_bands_wait(vz_bands *b)
{
    if (b && b->started) {
        pthread_join(b->th, NULL);
        b->started = 0;
    }
}

int vz_bands_state(vz_bands *b, char *err, size_t errn)
{
    pthread_mutex_lock(&b->mu);
    int s = b->state;
    pthread_mutex_unlock(&b->mu);
    if (s < 0 && err)
        snprintf(err, errn, "%s", b->err);
    return s;
}

int vz_bands_reps(const vz_bands *b) { return b->reps * b->npan; }

int vz_bands_done(vz_bands *b)
{
    pthread_mutex_lock(&b->mu);
    int n = b->ndone;
    pthread_mutex_unlock(&b->mu);
    return n;
}

int vz_bands_series(const vz_bands *b, int pi, int chart, const double **t, const float **lo,
                    const float **mid, const float **hi)
{
    if (!b || pi < 0 || pi >= b->npan || chart < 0 || chart >= VZ_CHARTS)
        return 0;
    const panel_bands *p = &b->pan[pi];
    if (!p->t || !p->q[chart][0])
        return 0;
    *t = p->t;
    *lo = p->q[chart][0];
    *mid = p->q[chart][1];
    *hi = p->q[chart][2];
    return p->np;
}

void vz_bands_free(vz_bands *b)
{
    if (!b)
        return;
    pthread_mutex_lock(&b->mu);
    b->cancel = 1;
    pthread_mutex_unlock(&b->mu);
    vz_bands_wait(b);
    for (int i = 0; i < 2; i++) {
        panel_bands *p = &b->pan[i];
        for (int r = 0; r < p->n; r++)
            free(p->rows[r]);
        free(p->rows);
        free(p->nper);
        free(p->t);
        for (int ch = 0; ch < VZ_CHARTS; ch++)
            for (int k = 0; k < 3; k++)
                free(p->q[ch][k]);
    }
    pthread_mutex_destroy(&b->mu);
    free(b);
}
