/*
 * dist.c - the scenario's distributions, sampled by inverse CDF.
 *
 * Every draw is a quantile of a uniform taken from a GSL stream at the
 * case's intake, so a case keeps its draws whatever else differs between
 * two scenarios (common random numbers). GSL provides the inverse CDFs.
 */
#include "internal.h"
#include <gsl/gsl_cdf.h>
#include <math.h>

double bb_dist_quantile(const bb_dist *d, double u)
{
    if (u <= 0.0)
        u = 1e-12;
    if (u >= 1.0)
        u = 1.0 - 1e-12;
    double x = 0.0;
    switch (d->kind) {
    case BB_D_CONST:
        x = d->a;
        break;
    case BB_D_EXP:
        x = gsl_cdf_exponential_Pinv(u, d->a);
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

double bb_dist_mean(const bb_dist *d)
{
    switch (d->kind) {
    case BB_D_CONST:
        return d->a;
    case BB_D_EXP:
        return d->a;
    case BB_D_UNIFORM:
        return 0.5 * (d->a + d->b);
    case BB_D_LOGNORMAL:
        return d->a * exp(0.5 * d->b * d->b);
    case BB_D_GAMMA:
        return d->a;
    }
    return 0.0;
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
