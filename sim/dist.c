/*
 * dist.c - the scenario's distributions, sampled by inverse CDF.
 *
 * Every draw is a quantile of a uniform taken from a GSL stream at the
 * case's intake, so a case keeps its draws whatever else differs between
 * two scenarios (common random numbers). GSL provides the inverse CDFs;
 * the gamma's, which GSL finds by iteration, the normal's and each
 * log-normal's are tabulated once per scenario (bb_dist_prepare) and
 * checked against GSL (below).
 */
#include "internal.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

/* ---- quantile tables ----
 *
 * log Q(Phi(z)) is a smooth function of the normal score z (nearly a
 * cubic for the gamma, by Wilson and Hilferty), so it is tabulated at
 * TAB_N equally spaced z over the range of the clamped u, with its exact
 * derivative phi(z) / (f(Q) Q), and evaluated by cubic Hermite
 * interpolation: one gsl_cdf_ugaussian_Pinv, a few multiplications and
 * an exp, instead of GSL's iterative gamma inversion. */
#define TAB_N 257
#define TAB_Z 7.1 /* |z| of u in [1e-12, 1 - 1e-12] is at most 7.035 */

struct bb_dist_table {
    bb_dist_table *next;
    enum bb_dist_kind kind;
    bool normal;  /* the scenario's one normal-quantile table (below) */
    double a, b;
    double mu;    /* lognormal: log(median), computed once */
    const bb_dist_table *nq; /* the normal-quantile table, or NULL: GSL's */
    int n;        /* nodes of the table (0: none) */
    double v[];   /* log Q at the nodes, then d log Q / dz; normal: z, dz/du pairs;
                     lognormal: Q, dQ/du pairs (n 0: not kept) */
};

/* ---- the normal quantile ----
 *
 * Every log-normal and tabulated gamma draw is a function of the normal
 * score z = Phi^-1(u), which GSL computes by rational functions in
 * loops (150 instructions, the largest single cost of a log-normal
 * draw). Over the central u in [NQ_LO, NQ_HI] (85% of the draws) z is
 * tabulated at NQ_N equally spaced u with its exact derivative
 * 1 / phi(z), and evaluated by cubic Hermite interpolation: its error,
 * at most h^4 / 384 times the largest fourth derivative of z (about
 * 8.4e-11 here, near NQ_HI), is checked against GSL at every interval's midpoint,
 * where it is largest, and the table is kept only if all are within
 * NQ_TOL. The tails are GSL's. One table per scenario, shared by its
 * distributions. */
#define NQ_N 1025
#define NQ_LO 0.075
#define NQ_HI 0.925
#define NQ_TOL 1e-10
#define NQ_H ((NQ_HI - NQ_LO) / (NQ_N - 1)) /* the nodes' spacing in u */

/* A log-normal's own table over the same central u: its quantile
 * Q = exp(mu + sigma z) and dQ/du = sigma Q / phi(z) at the NQ_N nodes,
 * so a central draw is one interpolation, with no exp. Its error relative
 * to Q grows with sigma and is largest near NQ_HI (6.6e-11 at sigma 0.5,
 * 1.9e-10 at 1.0, 2.7e-10 at 1.2); it is checked against exp(mu + sigma
 * z), with GSL's z, at every midpoint, and kept if all are within LN_TOL
 * (the shipped scenarios' sigmas are 0.5 to 1.0). Without it, the normal
 * table's z and exp (within sigma NQ_TOL). */
#define LN_TOL 2.5e-10

/* Cubic Hermite interpolation at u in [NQ_LO, NQ_HI] of a function
 * tabulated at the NQ_N nodes as (value, derivative in u) pairs. */
static inline double u_hermite(const double *v, double u)
{
    const double h = NQ_H;
    double x = (u - NQ_LO) * ((NQ_N - 1) / (NQ_HI - NQ_LO));
    int i = (int)x;
    if (i > NQ_N - 2)
        i = NQ_N - 2;
    double s = x - i, s2 = s * s, s3 = s2 * s;
    const double *y = v + 2 * i; /* value, derivative at node i, then at i + 1 */
    return (2 * s3 - 3 * s2 + 1) * y[0] + (s3 - 2 * s2 + s) * h * y[1] +
           (-2 * s3 + 3 * s2) * y[2] + (s3 - s2) * h * y[3];
}

static double nq_eval(const bb_dist_table *t, double u)
{
    if (!t || !(u >= NQ_LO && u <= NQ_HI))
        return gsl_cdf_ugaussian_Pinv(u);
    return u_hermite(t->v, u);
}

/* The scenario's normal-quantile table (made on first use), or NULL when
 * it does not agree with GSL (then GSL's is used); -1 out of memory. */
static int nq_table(bb_dist_table **list, const bb_dist_table **out)
{
    for (const bb_dist_table *t = *list; t; t = t->next)
        if (t->normal) {
            *out = t->n ? t : NULL;
            return 0;
        }
    bb_dist_table *t = malloc(sizeof *t + 2 * NQ_N * sizeof(double));
    if (!t)
        return -1;
    *t = (bb_dist_table){.normal = true, .n = NQ_N};
    const double h = NQ_H;
    for (int i = 0; i < NQ_N; i++) {
        double z = gsl_cdf_ugaussian_Pinv(NQ_LO + i * h);
        t->v[2 * i] = z;
        t->v[2 * i + 1] = 1.0 / gsl_ran_ugaussian_pdf(z);
    }
    double worst = 0;
    for (int i = 0; i + 1 < NQ_N; i++) {
        double u = NQ_LO + (i + 0.5) * h;
        worst = fmax(worst, fabs(nq_eval(t, u) - gsl_cdf_ugaussian_Pinv(u)));
    }
    if (!(worst <= NQ_TOL))
        t->n = 0; /* kept in the list, marked unusable, so it is made once */
    t->next = *list;
    *list = t;
    *out = t->n ? t : NULL;
    return 0;
}

static double exact_quantile(const bb_dist *d, double u);

static double tab_eval(const bb_dist_table *t, double z)
{
    const double h = 2.0 * TAB_Z / (TAB_N - 1);
    double x = (z + TAB_Z) / h;
    int i = (int)x;
    if (i < 0)
        i = 0;
    if (i > TAB_N - 2)
        i = TAB_N - 2;
    double s = x - i, s2 = s * s, s3 = s2 * s;
    const double *y = t->v, *dy = t->v + TAB_N;
    double r = (2 * s3 - 3 * s2 + 1) * y[i] + (s3 - 2 * s2 + s) * h * dy[i] +
               (-2 * s3 + 3 * s2) * y[i + 1] + (s3 - s2) * h * dy[i + 1];
    return exp(r);
}

int bb_dist_prepare(bb_dist *d, bb_dist_table **list)
{
    d->tab = NULL;
    if (d->kind == BB_D_LOGNORMAL && d->a > 0.0) {
        /* log(median) once, not at every draw; the central u's values
         * from a table of their own where it agrees with GSL (LN_TOL) */
        const bb_dist_table *nq;
        if (nq_table(list, &nq) != 0)
            return -1;
        bb_dist_table *t = malloc(sizeof *t + 2 * NQ_N * sizeof(double));
        if (!t)
            return -1;
        *t = (bb_dist_table){.kind = d->kind, .a = d->a, .b = d->b, .mu = log(d->a), .nq = nq,
                             .n = NQ_N};
        const double h = NQ_H;
        for (int i = 0; i < NQ_N; i++) {
            double z = gsl_cdf_ugaussian_Pinv(NQ_LO + i * h), q = exp(t->mu + d->b * z);
            t->v[2 * i] = q;
            t->v[2 * i + 1] = d->b * q / gsl_ran_ugaussian_pdf(z);
        }
        for (int i = 0; i + 1 < NQ_N && t->n; i++) {
            double u = NQ_LO + (i + 0.5) * h;
            double x = exp(t->mu + d->b * gsl_cdf_ugaussian_Pinv(u));
            if (!(isfinite(x) && x > 0 && fabs(u_hermite(t->v, u) - x) <= LN_TOL * x))
                t->n = 0; /* the normal quantile's table and exp, as for large sigma */
        }
        t->next = *list;
        *list = t;
        d->tab = t;
        return 0;
    }
    /* 0.05 <= cv <= 1 (shape 1 to 400): where GSL's inversion converges
     * out to the table's ends (for a shape of 2,500 it fails at 7 sigma);
     * other shapes keep the exact, iterative inversion */
    if (d->kind != BB_D_GAMMA || !(d->a > 0.0) || !(d->b >= 0.05 && d->b <= 1.0))
        return 0;
    const bb_dist_table *nq;
    if (nq_table(list, &nq) != 0)
        return -1;
    bb_dist_table *t = malloc(sizeof *t + 2 * TAB_N * sizeof(double));
    if (!t)
        return -1;
    *t = (bb_dist_table){.kind = d->kind, .a = d->a, .b = d->b, .nq = nq, .n = TAB_N};
    const double h = 2.0 * TAB_Z / (TAB_N - 1);
    double shape = 1.0 / (d->b * d->b), scale = d->a / shape;
    bool ok = true;
    for (int i = 0; i < TAB_N && ok; i++) {
        double z = -TAB_Z + i * h;
        /* the upper half through the upper tail, where 1 - P would round */
        double q = z <= 0 ? gsl_cdf_gamma_Pinv(gsl_cdf_ugaussian_P(z), shape, scale)
                          : gsl_cdf_gamma_Qinv(gsl_cdf_ugaussian_Q(z), shape, scale);
        double f = gsl_ran_gamma_pdf(q, shape, scale);
        t->v[i] = log(q);
        t->v[TAB_N + i] = gsl_ran_ugaussian_pdf(z) / (f * q);
        ok = isfinite(t->v[i]) && isfinite(t->v[TAB_N + i]) && q > 0 && f > 0;
    }
    /* keep the table only where it agrees with GSL's inversion */
    for (int i = 0; i + 1 < TAB_N && ok; i++) {
        double u = gsl_cdf_ugaussian_P(-TAB_Z + (i + 0.5) * h);
        if (u < 1e-12 || u > 1.0 - 1e-12)
            continue;
        double zm = -TAB_Z + (i + 0.5) * h;
        double x = zm <= 0 ? gsl_cdf_gamma_Pinv(u, shape, scale)
                           : gsl_cdf_gamma_Qinv(gsl_cdf_ugaussian_Q(zm), shape, scale);
        double y = tab_eval(t, zm);
        ok = fabs(y - x) <= 1e-8 * fabs(x);
    }
    if (!ok) {
        free(t);
        return 0;
    }
    t->next = *list;
    *list = t;
    d->tab = t;
    return 0;
}

void bb_dist_tables_free(bb_dist_table *list)
{
    while (list) {
        bb_dist_table *n = list->next;
        free(list);
        list = n;
    }
}

double bb_dist_quantile(const bb_dist *d, double u)
{
    if (d->kind == BB_D_CONST) /* most of a scenario's distributions */
        return isfinite(d->a) && d->a >= 0.0 ? d->a : 0.0;
    if (u <= 0.0)
        u = 1e-12;
    if (u >= 1.0)
        u = 1.0 - 1e-12;
    const bb_dist_table *t = d->tab;
    if (t && !t->normal && t->kind == d->kind && t->a == d->a && t->b == d->b) {
        if (t->kind != BB_D_LOGNORMAL)
            return tab_eval(t, nq_eval(t->nq, u));
        /* lognormal: in the centre from its table (within LN_TOL,
         * relatively), else what gsl_cdf_lognormal_Pinv computes (to
         * the bit in the tails; in the centre of a table that was not
         * kept, to within the normal table's NQ_TOL in z) */
        if (t->n && u >= NQ_LO && u <= NQ_HI)
            return u_hermite(t->v, u);
        double x = exp(t->mu + d->b * nq_eval(t->nq, u));
        return isfinite(x) ? x : 0.0;
    }
    return exact_quantile(d, u);
}

/* Does the distribution give one value whatever the uniform (a constant,
 * or a spread of zero)? A quantile function does not decrease, so its two
 * ends tell. */
bool bb_dist_fixed(const bb_dist *d)
{
    return bb_dist_quantile(d, 0.0) == bb_dist_quantile(d, 1.0);
}

/* The quantile by GSL's inverse CDFs (u already clamped). */
static double exact_quantile(const bb_dist *d, double u)
{
    double x = 0.0;
    switch (d->kind) {
    case BB_D_CONST: /* (bb_dist_quantile returns it at once) */
        x = d->a;
        break;
    case BB_D_EXP: /* gsl_cdf_exponential_Pinv, with log for log1p */
        x = d->a * bb_exp1_quantile(u);
        break;
    case BB_D_UNIFORM:
        x = d->a + (d->b - d->a) * u;
        break;
    case BB_D_LOGNORMAL:
        x = d->a > 0.0 ? gsl_cdf_lognormal_Pinv(u, log(d->a), d->b) : 0.0;
        break;
    case BB_D_GAMMA: {
        if (d->a <= 0.0) {
            x = 0.0;
            break;
        }
        double shape = 1.0 / (d->b * d->b);
        x = gsl_cdf_gamma_Pinv(u, shape, d->a / shape);
        break;
    }
    }
    if (!isfinite(x) || x < 0.0)
        x = 0.0;
    return x;
}

/* The length-biased distribution (density x f(x) / mean) of each kind
 * is again of a kind GSL inverts: lognormal(mu + sigma^2, sigma),
 * gamma(shape + 1), exponential -> gamma(2); uniform has the closed form
 * sqrt(a^2 + u (b^2 - a^2)). */
double bb_dist_residual(const bb_dist *d, double u1, double u2)
{
    if (u1 <= 0.0)
        u1 = 1e-12;
    if (u1 >= 1.0)
        u1 = 1.0 - 1e-12;
    double x = 0.0;
    switch (d->kind) {
    case BB_D_CONST:
        x = d->a;
        break;
    case BB_D_EXP:
        x = d->a > 0 ? gsl_cdf_gamma_Pinv(u1, 2.0, d->a) : 0.0;
        break;
    case BB_D_UNIFORM:
        x = sqrt(d->a * d->a + u1 * (d->b * d->b - d->a * d->a));
        break;
    case BB_D_LOGNORMAL:
        x = d->a > 0.0 ? gsl_cdf_lognormal_Pinv(u1, log(d->a) + d->b * d->b, d->b) : 0.0;
        break;
    case BB_D_GAMMA: {
        if (d->a <= 0.0)
            break;
        double shape = 1.0 / (d->b * d->b);
        x = gsl_cdf_gamma_Pinv(u1, shape + 1.0, d->a / shape);
        break;
    }
    }
    if (!isfinite(x) || x < 0.0)
        x = 0.0;
    return u2 * x;
}
