/*
 * wire.c - what travels between bbsim-mpi's ranks, packed into bytes.
 *
 * A batch (rank 0 -> every worker, once per bb_batch_run):
 *   u32 keep, i32 nunits, i32 nts_cols (-1: each unit's own columns);
 *   per unit u64 seed, i32 group, i32 min_reps, i32 max_reps, u64 length
 *   and the scenario as text (bb_scenario_text: a few tens of kB);
 *   per column u64 length and its name.
 * A job's output (worker -> rank 0, once per job):
 *   i32 failed; failed: u64 length and the message; else i32 nrows,
 *   u64 events, u64 text length, i32 nperiods, i32 ncols, then nrows
 *   doubles (the metric values: names, groups and years are the unit's
 *   schema, bb_scenario_metric_rows, checked here on the worker), the
 *   timeseries text, nperiods x ncols doubles.
 * Numbers are in the sender's byte order: the ranks of one run are
 * assumed to be the same architecture (docs/mpi.md).
 */
#include "bbmpi.h"
#include <stdlib.h>
#include <string.h>

void bbmpi_buf_free(bbmpi_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

void bbmpi_put(bbmpi_buf *b, const void *v, size_t k)
{
    if (b->bad)
        return;
    if (b->n + k > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + k)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->bad = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    if (k)
        memcpy(b->p + b->n, v, k);
    b->n += k;
}

void bbmpi_put_u64(bbmpi_buf *b, uint64_t v) { bbmpi_put(b, &v, sizeof v); }
void bbmpi_put_i32(bbmpi_buf *b, int32_t v) { bbmpi_put(b, &v, sizeof v); }

void bbmpi_get(bbmpi_buf *b, void *v, size_t k)
{
    if (!k)
        return;
    if (b->bad || k > b->n - b->at) {
        b->bad = 1;
        memset(v, 0, k);
        return;
    }
    memcpy(v, b->p + b->at, k);
    b->at += k;
}

uint64_t bbmpi_get_u64(bbmpi_buf *b)
{
    uint64_t v;
    bbmpi_get(b, &v, sizeof v);
    return v;
}

int32_t bbmpi_get_i32(bbmpi_buf *b)
{
    int32_t v;
    bbmpi_get(b, &v, sizeof v);
    return v;
}

/* A length read from a message, checked against what is left of it. */
static size_t get_len(bbmpi_buf *b, size_t each)
{
    uint64_t k = bbmpi_get_u64(b);
    if (b->bad || (each && k > (b->n - b->at) / each)) {
        b->bad = 1;
        return 0;
    }
    return (size_t)k;
}

int bbmpi_pack_batch(const bb_batch *b, bbmpi_buf *out)
{
    bbmpi_put_i32(out, (int32_t)b->keep);
    bbmpi_put_i32(out, b->nunits);
    bbmpi_put_i32(out, b->ts_cols ? b->nts_cols : -1);
    for (int u = 0; u < b->nunits; u++) {
        const bb_unit *U = &b->units[u];
        char *text;
        size_t len;
        if (bb_scenario_text(U->s, &text, &len) != 0)
            return -1;
        bbmpi_put_u64(out, U->seed);
        bbmpi_put_i32(out, U->group);
        bbmpi_put_i32(out, U->min_reps);
        bbmpi_put_i32(out, U->max_reps);
        bbmpi_put_u64(out, len);
        bbmpi_put(out, text, len);
        free(text);
    }
    for (int i = 0; b->ts_cols && i < b->nts_cols; i++) {
        size_t len = strlen(b->ts_cols[i]);
        bbmpi_put_u64(out, len);
        bbmpi_put(out, b->ts_cols[i], len);
    }
    return out->bad ? -1 : 0;
}

void bbmpi_batch_free(bbmpi_batch *wb)
{
    for (int u = 0; wb->scen && u < wb->b.nunits; u++)
        bb_scenario_free(wb->scen[u]);
    for (int i = 0; wb->cols && i < wb->b.nts_cols; i++)
        free(wb->cols[i]);
    free(wb->scen);
    free(wb->units);
    free(wb->cols);
    memset(wb, 0, sizeof *wb);
}

int bbmpi_unpack_batch(bbmpi_buf *in, bbmpi_batch *wb, char *why, size_t n)
{
    memset(wb, 0, sizeof *wb);
    wb->b.keep = (unsigned)bbmpi_get_i32(in);
    int nu = bbmpi_get_i32(in), nc = bbmpi_get_i32(in);
    if (in->bad || nu < 1 || nu > 1000000 || nc < -1 || nc > 1000000) {
        snprintf(why, n, "a malformed batch message");
        return -1;
    }
    wb->units = calloc((size_t)nu, sizeof *wb->units);
    wb->scen = calloc((size_t)nu, sizeof *wb->scen);
    wb->cols = calloc((size_t)(nc > 0 ? nc : 1), sizeof *wb->cols);
    if (!wb->units || !wb->scen || !wb->cols) {
        snprintf(why, n, "out of memory");
        return -1;
    }
    wb->b.units = wb->units;
    for (int u = 0; u < nu; u++) {
        bb_unit *U = &wb->units[u];
        U->seed = bbmpi_get_u64(in);
        U->group = bbmpi_get_i32(in);
        U->min_reps = bbmpi_get_i32(in);
        U->max_reps = bbmpi_get_i32(in);
        size_t len = get_len(in, 1);
        if (in->bad) {
            snprintf(why, n, "a malformed batch message");
            return -1;
        }
        bb_errors err;
        bb_errors_init(&err);
        int rc = bb_scenario_load_text((const char *)in->p + in->at, len, &wb->scen[u], &err);
        in->at += len;
        if (rc != BB_OK) {
            snprintf(why, n, "cannot load scenario %d sent by rank 0: %s", u + 1,
                     err.n ? err.msg[0] : "unknown error");
            bb_errors_free(&err);
            return -1;
        }
        bb_errors_free(&err);
        U->s = wb->scen[u];
        wb->b.nunits = u + 1;
    }
    if (nc >= 0) {
        for (int i = 0; i < nc; i++) {
            size_t len = get_len(in, 1);
            if (in->bad || !(wb->cols[i] = malloc(len + 1))) {
                snprintf(why, n, in->bad ? "a malformed batch message" : "out of memory");
                return -1;
            }
            bbmpi_get(in, wb->cols[i], len);
            wb->cols[i][len] = 0;
            wb->b.nts_cols = i + 1;
        }
        wb->b.ts_cols = (const char *const *)wb->cols;
    }
    wb->b.threads = 1;
    return 0;
}

/* The worker's rows against its scenario's schema: same count, names,
 * groups and years (rank 0 rebuilds the rows from its own schema). */
static const char *schema_mismatch(const bb_scenario *s, const bb_job_output *o)
{
    const bb_metric *sch;
    int n = bb_scenario_metric_rows(s, &sch);
    if (n != o->nrows)
        return "its metric rows differ in number from the scenario's schema";
    for (int i = 0; i < n; i++)
        if (strcmp(sch[i].metric, o->rows[i].metric) || strcmp(sch[i].group, o->rows[i].group) ||
            sch[i].year != o->rows[i].year)
            return "its metric rows differ from the scenario's schema";
    return NULL;
}

int bbmpi_pack_output(const bb_scenario *s, const bb_job_output *o, bbmpi_buf *out)
{
    const char *why = o->error[0] ? o->error : schema_mismatch(s, o);
    bbmpi_put_i32(out, why != NULL);
    if (why) {
        bbmpi_put_u64(out, strlen(why));
        bbmpi_put(out, why, strlen(why));
        return out->bad ? -1 : 0;
    }
    bbmpi_put_i32(out, o->nrows);
    bbmpi_put_u64(out, o->events);
    bbmpi_put_u64(out, o->text_len);
    bbmpi_put_i32(out, o->nperiods);
    bbmpi_put_i32(out, o->ncols);
    for (int i = 0; i < o->nrows; i++)
        bbmpi_put(out, &o->rows[i].value, sizeof(double));
    bbmpi_put(out, o->text, o->text_len);
    bbmpi_put(out, o->periods, (size_t)o->nperiods * (size_t)o->ncols * sizeof(double));
    return out->bad ? -1 : 0;
}

int bbmpi_unpack_output(const bb_scenario *s, bbmpi_buf *in, bb_job_output *o)
{
    bb_job_output_clear(o);
    if (bbmpi_get_i32(in)) {
        size_t len = get_len(in, 1);
        if (len >= sizeof o->error)
            len = sizeof o->error - 1;
        bbmpi_get(in, o->error, len);
        return in->bad ? -1 : 0;
    }
    int nrows = bbmpi_get_i32(in);
    o->events = bbmpi_get_u64(in);
    size_t tlen = (size_t)bbmpi_get_u64(in);
    int np = bbmpi_get_i32(in), nc = bbmpi_get_i32(in);
    const bb_metric *sch;
    if (in->bad || nrows != bb_scenario_metric_rows(s, &sch) || np < 0 || nc < 0 ||
        tlen > in->n - in->at)
        return -1;
    o->rows = malloc((size_t)(nrows ? nrows : 1) * sizeof *o->rows);
    o->text = tlen ? malloc(tlen) : NULL;
    size_t nv = (size_t)np * (size_t)nc;
    o->periods = nv ? malloc(nv * sizeof(double)) : NULL;
    if (!o->rows || (tlen && !o->text) || (nv && !o->periods))
        return -1;
    for (int i = 0; i < nrows; i++) {
        o->rows[i] = sch[i];
        bbmpi_get(in, &o->rows[i].value, sizeof(double));
    }
    o->nrows = nrows;
    bbmpi_get(in, o->text, tlen);
    o->text_len = tlen;
    bbmpi_get(in, o->periods, nv * sizeof(double));
    o->nperiods = np;
    o->ncols = nc;
    o->capperiods = np;
    return in->bad || in->at != in->n ? -1 : 0;
}
