/*
 * stats.c - summary statistics over replications.
 *
 * Each replication yields the same metric rows in the same order; the
 * summary keeps one value per row per replication (small: rows x reps)
 * and reports the mean with a 95% confidence interval from Student's t
 * (GSL's gsl_cdf_tdist_Pinv), kept in the metric's range: a share's is a
 * Wilson score interval, the others' are cut at 0 (bb_metric_ci). A row
 * whose value is undefined in some replications (no case of that kind)
 * is summarised over the others.
 *
 * bb_quantiles_select: exact quantiles of one replication's values (the
 * lead times), without sorting them; bb_quantile_select: one of them.
 */
#include "internal.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct bb_summary {
    char **metric, **group;
    int *year;      /* 0: the whole run; else a calendar year */
    double **val;   /* val[row][rep] */
    int rows, reps, cap_reps;
    double *scratch; /* cap_reps values: bb_summary_get's, allocated with the rows */
};

/* Are the n > 0 values all x[0], bit for bit? Compared eight at a time,
 * one test a block; other data is left at its first block. */
static bool all_same(const double *x, size_t n)
{
    uint64_t b0, b;
    memcpy(&b0, x, sizeof b0);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t d = 0;
        for (int k = 0; k < 8; k++) {
            memcpy(&b, x + i + k, sizeof b);
            d |= b ^ b0;
        }
        if (d)
            return false;
    }
    for (; i < n; i++) {
        memcpy(&b, x + i, sizeof b);
        if (b != b0)
            return false;
    }
    return true;
}

/* Several exact quantiles of the same values (type 7: between order
 * statistics lo and lo + 1), f ascending, into q[]. GSL's gsl_stats_select is
 * quickselect as in Numerical Recipes: it leaves the values it searched
 * partitioned around the order statistic it returns (smaller before,
 * larger after), so the next quantile is selected among the values after
 * it only, and its neighbour above is the least of those. Three
 * quantiles cost about half of three separate selections and passes;
 * test_numeric checks the results against sorted data, which would catch
 * a GSL whose selection no longer partitions. */
void bb_quantiles_select(double *x, size_t n, const double *f, int nf, double *q)
{
    size_t base = 0, plo = SIZE_MAX; /* x[base, n): at least every value before */
    double pa = NAN, pb = NAN;
    bool have_b = false;
    /* every value the same (a group whose cases were all protected at
     * intake: lead times of 0): each order statistic is that value, and
     * the interpolation below gives what the selections would */
    bool uniform = n > 0 && all_same(x, n);
    if (uniform) {
        pa = pb = x[0];
        have_b = true;
    }
    for (int j = 0; j < nf; j++) {
        if (n == 0) {
            q[j] = NAN;
            continue;
        }
        double idx = f[j] * (double)(n - 1);
        size_t lo = (size_t)floor(idx);
        double delta = idx - (double)lo;
        if (lo >= n)
            lo = n - 1;
        if (lo != plo && !uniform) {
            if (lo < base) { /* not ascending: select again among all */
                base = 0;
            }
            pa = gsl_stats_select(x + base, 1, n - base, lo - base);
            plo = lo;
            base = lo + 1;
            have_b = false;
        }
        double a = pa;
        if (delta <= 0.0 || lo + 1 >= n) {
            q[j] = a;
            continue;
        }
        if (!have_b) {
            double b = INFINITY;
            for (size_t i = lo + 1; i < n; i++)
                if (x[i] < b)
                    b = x[i];
            pb = b;
            have_b = true;
        }
        q[j] = (1.0 - delta) * a + delta * pb;
    }
}

double bb_quantile_select(double *x, size_t n, double f)
{
    double q;
    bb_quantiles_select(x, n, &f, 1, &q);
    return q;
}

bb_summary *bb_summary_new(void) { return calloc(1, sizeof(bb_summary)); }

void bb_summary_free(bb_summary *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->rows; i++) {
        free(s->metric[i]);
        free(s->group[i]);
        free(s->val[i]);
    }
    free(s->metric);
    free(s->group);
    free(s->year);
    free(s->val);
    free(s->scratch);
    free(s);
}

int bb_summary_add(bb_summary *s, const bb_metric *rows, int n)
{
    if (s->reps == 0) {
        s->metric = calloc((size_t)n, sizeof *s->metric);
        s->group = calloc((size_t)n, sizeof *s->group);
        s->val = calloc((size_t)n, sizeof *s->val);
        s->year = calloc((size_t)(n ? n : 1), sizeof *s->year);
        if (!s->metric || !s->group || !s->val || !s->year)
            return -1;
        for (int i = 0; i < n; i++) {
            s->metric[i] = strdup(rows[i].metric);
            s->group[i] = strdup(rows[i].group);
            s->year[i] = rows[i].year;
            s->rows = i + 1; /* before the check: bb_summary_free frees both */
            if (!s->metric[i] || !s->group[i])
                return -1;
        }
    } else if (n != s->rows) {
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (strcmp(s->metric[i], rows[i].metric) || strcmp(s->group[i], rows[i].group) ||
            s->year[i] != rows[i].year)
            return -1;
    if (s->reps == s->cap_reps) {
        int cap = s->cap_reps ? 2 * s->cap_reps : 16;
        for (int i = 0; i < n; i++) {
            double *v = realloc(s->val[i], (size_t)cap * sizeof *v);
            if (!v)
                return -1;
            s->val[i] = v;
        }
        double *sc = realloc(s->scratch, (size_t)cap * sizeof *sc);
        if (!sc)
            return -1;
        s->scratch = sc;
        s->cap_reps = cap;
    }
    for (int i = 0; i < n; i++)
        s->val[i][s->reps] = rows[i].value;
    s->reps++;
    return 0;
}

int bb_summary_rows(const bb_summary *s) { return s->rows; }
int bb_summary_reps(const bb_summary *s) { return s->reps; }
double bb_summary_value(const bb_summary *s, int i, int r) { return s->val[i][r]; }
int bb_summary_year(const bb_summary *s, int i) { return s->year[i]; }

void bb_mean_ci(const double *x, int n, double *mean, double *lo, double *hi)
{
    *mean = *lo = *hi = NAN;
    if (n <= 0)
        return;
    *mean = gsl_stats_mean(x, 1, (size_t)n);
    if (n < 2)
        return;
    double sd = gsl_stats_sd_m(x, 1, (size_t)n, *mean);
    double h = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n);
    *lo = *mean - h;
    *hi = *mean + h;
}

static bool is_share(const char *metric)
{
    size_t n = strlen(metric);
    return n >= 6 && strcmp(metric + n - 6, "_share") == 0;
}

void bb_metric_ci(const char *metric, const double *x, int n, double *mean, double *lo,
                  double *hi)
{
    bb_mean_ci(x, n, mean, lo, hi);
    if (!isfinite(*lo) || !isfinite(*hi))
        return;
    if (!is_share(metric)) {
        /* counts, times, FTE and money are never below 0 (a metric whose
         * values can be negative shows it, and keeps its t interval) */
        double least = gsl_stats_min(x, 1, (size_t)n);
        if (*lo < 0 && least >= 0)
            *lo = 0;
        return;
    }
    /* Wilson score interval for the mean share p with the sample size
     * whose binomial variance p(1-p)/n equals the observed se^2 (so its
     * width follows the replications' spread, and it stays in [0, 1]) */
    double p = *mean, t = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1));
    double se = (*hi - *lo) / (2 * t);
    if (!(p > 0 && p < 1) || !(se > 0)) {
        *lo = *lo < 0 ? 0 : *lo;
        *hi = *hi > 1 ? 1 : *hi;
        return;
    }
    double neff = p * (1 - p) / (se * se), z2 = t * t;
    double den = 1 + z2 / neff, mid = (p + z2 / (2 * neff)) / den;
    double h = t * sqrt(se * se + z2 / (4 * neff * neff)) / den;
    *lo = mid - h < 0 ? 0 : mid - h;
    *hi = mid + h > 1 ? 1 : mid + h;
}

/* Finite values of row i, into buf; returns their count. */
static int finite_values(const bb_summary *s, int i, double *buf)
{
    int k = 0;
    for (int r = 0; r < s->reps; r++)
        if (isfinite(s->val[i][r]))
            buf[k++] = s->val[i][r];
    return k;
}

void bb_summary_names(const bb_summary *s, int i, const char **metric, const char **group)
{
    *metric = s->metric[i];
    *group = s->group[i];
}

void bb_summary_get(const bb_summary *s, int i, const char **metric,
                    const char **group, double *mean, double *lo, double *hi)
{
    *metric = s->metric[i];
    *group = s->group[i];
    *mean = *lo = *hi = NAN;
    if (!s->scratch)
        return; /* no replication */
    /* the buffer was allocated when the replications were added, so
     * reading a summary cannot run out of memory (an empty mean) */
    int k = finite_values(s, i, s->scratch);
    bb_metric_ci(s->metric[i], s->scratch, k, mean, lo, hi);
}

int bb_summary_defined(const bb_summary *s, int i)
{
    int k = 0;
    for (int r = 0; r < s->reps; r++)
        k += isfinite(s->val[i][r]) != 0;
    return k;
}

int bb_scenario_budget_lines(const bb_scenario *s) { return s->nlines; }

