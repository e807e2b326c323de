/*
 * bands.c - bands.csv: per period and column, the mean and the 5th and
 * 95th percentiles of the period rows over the replications.
 *
 * Exact percentiles need every replication's rows. The first ones are
 * kept in memory, up to a bound (64 MiB; the environment's
 * BBSIM_BANDS_MEMORY bytes, or bb_bands_memory); the rows of the later ones go to an unnamed
 * temporary file (O_TMPFILE in $TMPDIR or /tmp, else a mkstemp name
 * unlinked at once: nothing is left behind, even after a crash) and are
 * read back a block of periods at a time when bands.csv is written
 * (blocks of at most 8 MiB, or of the memory bound when it is smaller,
 * and at least one period). Memory therefore stays bounded whatever the
 * number of replications (1,000 baseline replications kept 280 MB), and
 * the file is the same bytes either way: each cell's values are taken in
 * replication order.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "internal.h"
#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BB_BANDS_MEMORY ((size_t)64 << 20)
#define BB_BANDS_BLOCK ((size_t)8 << 20)

struct bb_bands {
    const bb_scenario *s;
    char **cols;
    int ncols, nperiods;
    double **reps;   /* in memory: the first nmem replications' rows */
    int nmem, capreps;
    size_t limit;    /* bytes of rows kept in memory at most */
    int fd;          /* the temporary file of the later ones, or -1 */
    int nspill;      /* replications in it */
    char why[256];   /* the last failure */
};

bb_bands *bb_bands_new(const bb_scenario *s)
{
    const char *const *cols;
    int ncols = bb_scenario_period_columns(s, &cols);
    bb_bands *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->s = s;
    b->fd = -1;
    b->limit = BB_BANDS_MEMORY;
    const char *env = getenv("BBSIM_BANDS_MEMORY"); /* bytes; for tests and small machines */
    if (env && *env) {
        char *end;
        unsigned long long v = strtoull(env, &end, 10);
        if (*end == 0)
            b->limit = (size_t)v;
    }
    b->cols = calloc((size_t)(ncols ? ncols : 1), sizeof *b->cols);
    if (!b->cols) {
        free(b);
        return NULL;
    }
    for (int i = 0; i < ncols; i++)
        if (!(b->cols[i] = strdup(cols[i]))) {
            b->ncols = i;
            bb_bands_free(b);
            return NULL;
        }
    b->ncols = ncols;
    b->nperiods = -1;
    return b;
}

void bb_bands_memory(bb_bands *b, size_t bytes) { b->limit = bytes; }

const char *bb_bands_error(const bb_bands *b) { return b->why; }

int bb_bands_spilled(const bb_bands *b) { return b->nspill; }

void bb_bands_free(bb_bands *b)
{
    if (!b)
        return;
    bb_names_free(b->cols, b->ncols);
    for (int r = 0; r < b->nmem; r++)
        free(b->reps[r]);
    free(b->reps);
    if (b->fd >= 0)
        close(b->fd);
    free(b);
}

static size_t row_bytes(const bb_bands *b)
{
    return (size_t)b->nperiods * (size_t)b->ncols * sizeof(double);
}

/* The temporary file, unnamed from the start where the file system can. */
static int spill_open(bb_bands *b)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
#ifdef O_TMPFILE
    b->fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    if (b->fd >= 0)
        return 0;
#endif
    char path[4096];
    snprintf(path, sizeof path, "%s/.bbsim-bands.XXXXXX", dir);
    b->fd = mkstemp(path);
    if (b->fd < 0) {
        snprintf(b->why, sizeof b->why, "cannot make a temporary file in %s for the bands: %s",
                 dir, strerror(errno));
        return -1;
    }
    unlink(path);
    return 0;
}

static int spill_write(bb_bands *b, const double *rows)
{
    const char *p = (const char *)rows;
    size_t left = row_bytes(b);
    off_t at = (off_t)b->nspill * (off_t)row_bytes(b);
    while (left > 0) {
        ssize_t k = pwrite(b->fd, p, left, at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            snprintf(b->why, sizeof b->why, "writing the bands' temporary file: %s",
                     k < 0 ? strerror(errno) : "no space written");
            return -1;
        }
        p += k;
        left -= (size_t)k;
        at += k;
    }
    b->nspill++;
    return 0;
}

int bb_bands_add(bb_bands *b, double *rows, int nperiods, int ncols)
{
    if (ncols != b->ncols || (b->nperiods >= 0 && nperiods != b->nperiods)) {
        free(rows);
        snprintf(b->why, sizeof b->why, "a replication's rows do not match the others'");
        return -1;
    }
    b->nperiods = nperiods;
    if (b->nspill == 0 && (size_t)(b->nmem + 1) * row_bytes(b) <= b->limit) {
        if (b->nmem == b->capreps) {
            int cap = b->capreps ? 2 * b->capreps : 16;
            double **p = realloc(b->reps, (size_t)cap * sizeof *p);
            if (!p) {
                free(rows);
                snprintf(b->why, sizeof b->why, "out of memory collecting bands");
                return -1;
            }
            b->reps = p;
            b->capreps = cap;
        }
        b->reps[b->nmem++] = rows;
        return 0;
    }
    int rc = (b->fd >= 0 || spill_open(b) == 0) ? spill_write(b, rows) : -1;
    free(rows);
    return rc;
}

/* Periods [p0, p0 + np) of every spilled replication into buf. */
static int spill_read(bb_bands *b, double *buf, int p0, int np)
{
    size_t len = (size_t)np * (size_t)b->ncols * sizeof(double);
    for (int r = 0; r < b->nspill; r++) {
        char *p = (char *)(buf + (size_t)r * (size_t)np * (size_t)b->ncols);
        off_t at = (off_t)r * (off_t)row_bytes(b) + (off_t)p0 * (off_t)b->ncols * 8;
        size_t left = len;
        while (left > 0) {
            ssize_t k = pread(b->fd, p, left, at);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0) {
                snprintf(b->why, sizeof b->why, "reading the bands' temporary file: %s",
                         k < 0 ? strerror(errno) : "shorter than written");
                return -1;
            }
            p += k;
            left -= (size_t)k;
            at += k;
        }
    }
    return 0;
}

/* One period's lines: every replication's row of period p (in memory, or
 * row q of the block read from the file) copied into a column-major
 * block, then each column's mean (in replication order) and its 5th and
 * 95th percentiles (by selection, equal to the quantiles of the sorted
 * values). */
static void write_period(FILE *f, const bb_bands *b, const char *scenario, int start_day,
                         double *blk, const double *spilled, int p, int q, int np)
{
    int nrep = b->nmem + b->nspill;
    size_t nr = (size_t)(nrep ? nrep : 1), nc = (size_t)b->ncols;
    for (int r = 0; r < nrep; r++) {
        const double *row = r < b->nmem ? b->reps[r] + (size_t)p * nc
                                         : spilled + ((size_t)(r - b->nmem) * (size_t)np +
                                                      (size_t)q) * nc;
        for (size_t c = 1; c < nc; c++)
            blk[c * nr + (size_t)r] = row[c];
        if (r == 0)
            blk[0] = row[0]; /* t_days */
    }
    double t = blk[0];
    char date[16];
    bb_date_format(start_day + (int)floor(t + 1e-9), date);
    for (int c = 1; c < b->ncols; c++) {
        if (bb_scenario_column_label(b->s, c, 0)) /* names have no percentiles */
            continue;
        double *x = blk + (size_t)c * nr;
        size_t k = 0;
        for (int r = 0; r < nrep; r++)
            if (isfinite(x[r]))
                x[k++] = x[r];
        double mean = NAN, p05 = NAN, p95 = NAN;
        if (k > 0) {
            mean = gsl_stats_mean(x, 1, k);
            static const double F[2] = {0.05, 0.95};
            double pq[2];
            bb_quantiles_select(x, k, F, 2, pq); /* after the mean: it reorders x */
            p05 = pq[0];
            p95 = pq[1];
        }
        bb_csv_str(f, scenario);
        fprintf(f, ",%s,", date);
        bb_csv_num(f, t);
        fputc(',', f);
        bb_csv_str(f, b->cols[c]);
        fputc(',', f);
        bb_csv_num(f, mean);
        fputc(',', f);
        bb_csv_num(f, p05);
        fputc(',', f);
        bb_csv_num(f, p95);
        fprintf(f, ",%zu\n", k);
    }
}

int bb_bands_write(FILE *f, bb_bands *b, const char *scenario, int start_day, int header)
{
    if (header)
        fputs("scenario,date,t_days,column,mean,p05,p95,reps\n", f);
    int nrep = b->nmem + b->nspill;
    if (nrep == 0 || b->nperiods <= 0 || b->ncols <= 0)
        return 0;
    size_t nc = (size_t)b->ncols, period = nc * sizeof(double);
    /* periods per block of the spilled rows: at most 8 MiB, or the memory
     * bound when it is smaller (at least one period) */
    size_t budget = b->limit < BB_BANDS_BLOCK ? b->limit : BB_BANDS_BLOCK;
    size_t per = b->nspill ? budget / (period * (size_t)b->nspill) : (size_t)b->nperiods;
    int np = per < 1 ? 1 : per > (size_t)b->nperiods ? b->nperiods : (int)per;
    double *blk = malloc((size_t)nrep * nc * sizeof *blk);
    double *spilled = b->nspill ? malloc((size_t)b->nspill * (size_t)np * period) : NULL;
    int rc = 0;
    if (!blk || (b->nspill && !spilled)) {
        snprintf(b->why, sizeof b->why, "out of memory writing the bands");
        rc = -1;
    }
    for (int p0 = 0; rc == 0 && p0 < b->nperiods; p0 += np) {
        int n = b->nperiods - p0 < np ? b->nperiods - p0 : np;
        if (b->nspill && spill_read(b, spilled, p0, n) != 0) {
            rc = -1;
            break;
        }
        for (int q = 0; q < n; q++)
            write_period(f, b, scenario, start_day, blk, spilled, p0 + q, q, n);
    }
    free(spilled);
    free(blk);
    return rc;
}
