/*
 * job.c - one job of a batch: replication `rep` of a unit run on its own
 * bb_sim into a bb_job_output (its metric rows, and as the batch asks
 * its timeseries.csv rows as text and its period rows as numbers).
 *
 * bb_batch_run's worker threads run their jobs here (experiment.c), and
 * so does a process that runs jobs for another (bb_job_run: the ranks of
 * bbsim-mpi): the same code, so a job's output is the same bytes
 * wherever it ran.
 */
#include "job.h"
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A growing text buffer: a replication's timeseries rows. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
    bool oom;
} sbuf;

typedef struct jobctx {
    const bb_batch *b;
    const int *colmap;
    const bb_scenario *s;
    int rep;
    bb_job_output *out;
    sbuf *text;
    const char *name; /* the scenario name as a CSV field */
    int start_day;
    bool oom;
} jobctx;

static bool sb_room(sbuf *b, size_t k)
{
    if (b->n + k <= b->cap)
        return true;
    size_t cap = b->cap ? 2 * b->cap : 65536;
    while (cap < b->n + k)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

static void sb_add(sbuf *b, const char *s, size_t k)
{
    if (sb_room(b, k)) {
        memcpy(b->p + b->n, s, k);
        b->n += k;
    }
}

/* A number exactly as bb_csv_num writes it (empty when not finite;
 * whole numbers without decimals, else %.10g), with a fast path for
 * whole numbers, most of a timeseries row. */
static void sb_num(sbuf *b, double v)
{
    if (!isfinite(v))
        return;
    char buf[40];
    int k;
    if (v == floor(v) && fabs(v) < 1e15) {
        long long x = (long long)v;
        char *e = buf + sizeof buf, *q = e;
        unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
        do
            *--q = (char)('0' + u % 10);
        while (u /= 10);
        if (x < 0 || (x == 0 && signbit(v)))
            *--q = '-'; /* "%.0f" of -0.0 is "-0" */
        sb_add(b, q, (size_t)(e - q));
        return;
    }
    k = snprintf(buf, sizeof buf, "%.10g", v);
    sb_add(b, buf, (size_t)k);
}

/* A period row of a replication: as text and/or as numbers. */
static void on_period(bb_sim *sim, void *ud)
{
    jobctx *c = ud;
    bb_job_output *o = c->out;
    const char **names;
    int n = bb_sim_period_columns(sim, &names);
    const double *row = bb_sim_period_row(sim);
    if (c->text) {
        sbuf *b = c->text;
        char head[64];
        char date[16];
        bb_date_format(c->start_day + (int)floor(row[0] + 1e-9), date);
        sb_add(b, c->name, strlen(c->name));
        int k = snprintf(head, sizeof head, ",%d,%s", c->rep, date);
        sb_add(b, head, (size_t)k);
        const int *map = c->colmap;
        k = map ? c->b->nts_cols : n;
        for (int i = 0; i < k; i++) {
            int j = map ? map[i] : i;
            sb_add(b, ",", 1);
            if (j < 0)
                continue;
            const char *label = bb_scenario_column_label(c->s, j, row[j]);
            if (label)
                sb_add(b, label, strlen(label));
            else
                sb_num(b, row[j]);
        }
        sb_add(b, "\n", 1);
    }
    if (c->b->keep & BB_KEEP_PERIODS) {
        if (o->nperiods == o->capperiods) {
            int cap = o->capperiods ? 2 * o->capperiods : 64;
            double *p = realloc(o->periods, (size_t)cap * (size_t)n * sizeof *p);
            if (!p) {
                c->oom = true;
                return;
            }
            o->periods = p;
            o->capperiods = cap;
        }
        memcpy(o->periods + (size_t)o->nperiods * (size_t)n, row, (size_t)n * sizeof *row);
        o->nperiods++;
        o->ncols = n;
    }
}

int *bb_job_colmap(const bb_batch *b, int unit, int *oom)
{
    if (!(b->keep & BB_KEEP_TEXT) || !b->ts_cols)
        return NULL;
    const char *const *names;
    int n = bb_scenario_period_columns(b->units[unit].s, &names);
    int *map = malloc((size_t)(b->nts_cols ? b->nts_cols : 1) * sizeof *map);
    if (!map) {
        *oom = 1;
        return NULL;
    }
    for (int i = 0; i < b->nts_cols; i++) {
        map[i] = -1;
        for (int j = 0; j < n; j++)
            if (strcmp(b->ts_cols[i], names[j]) == 0) {
                map[i] = j;
                break;
            }
    }
    return map;
}

void bb_job_exec(const bb_batch *b, const int *colmap, int unit, int rep, bb_job_output *out)
{
    bb_job_output_clear(out);
    const bb_unit *U = &b->units[unit];
    const char *name = bb_scenario_name(U->s);
    sbuf text = {NULL, 0, 0, false};
    char field[160]; /* the name as a CSV field: quoted when needed */
    if (strpbrk(name, ",\"\n\r")) {
        size_t k = 0;
        field[k++] = '"';
        for (const char *p = name; *p && k + 3 < sizeof field; p++) {
            if (*p == '"')
                field[k++] = '"';
            field[k++] = *p;
        }
        field[k++] = '"';
        field[k] = 0;
    } else {
        snprintf(field, sizeof field, "%s", name);
    }
    jobctx c = {b, colmap, U->s, rep, out, b->keep & BB_KEEP_TEXT ? &text : NULL, field,
                bb_scenario_start_day(U->s), false};
    bb_sim *sim = bb_sim_new(U->s, U->seed, rep);
    if (!sim) {
        snprintf(out->error, sizeof out->error, "%s: out of memory creating replication %d",
                 name, rep);
        return;
    }
    if (b->keep)
        bb_sim_on_period(sim, on_period, &c);
    int st = bb_sim_run(sim);
    out->text = text.p;
    out->text_len = text.n;
    c.oom |= text.oom;
    if (st == BB_RUN_LIMIT) {
        snprintf(out->error, sizeof out->error, "%s: replication %d stopped: %s", name, rep,
                 bb_sim_error(sim));
    } else if (c.oom) {
        snprintf(out->error, sizeof out->error, "%s: out of memory in replication %d", name,
                 rep);
    } else {
        const bb_metric *rows;
        int n = bb_sim_metrics(sim, &rows);
        out->rows = malloc((size_t)(n ? n : 1) * sizeof *rows);
        if (!out->rows)
            snprintf(out->error, sizeof out->error, "%s: out of memory in replication %d",
                     name, rep);
        else
            memcpy(out->rows, rows, (size_t)n * sizeof *rows);
        out->nrows = n;
        out->events = bb_sim_events(sim);
    }
    bb_sim_free(sim);
}

void bb_job_run(const bb_batch *b, int unit, int rep, bb_job_output *out)
{
    int oom = 0;
    int *map = bb_job_colmap(b, unit, &oom);
    if (oom) {
        bb_job_output_clear(out);
        snprintf(out->error, sizeof out->error, "%s: out of memory in replication %d",
                 bb_scenario_name(b->units[unit].s), rep);
        return;
    }
    bb_job_exec(b, map, unit, rep, out);
    free(map);
}

void bb_job_output_clear(bb_job_output *o)
{
    free(o->rows);
    free(o->text);
    free(o->periods);
    memset(o, 0, sizeof *o);
}
