/*
 * chart.h - axis ticks and scaling for the charts, as pure functions.
 *
 * Value axes get round ticks (1, 2, 5 x 10^k) starting at the axis'
 * lower end; date axes get ticks on the first of a month, every 1, 2, 3
 * or 6 months or every 1, 2, 5 or 10 years, whichever gives 4-8 ticks
 * (design/view.md). No SDL here, so every function is unit-tested.
 */
#ifndef VZ_CHART_H
#define VZ_CHART_H

#include <stddef.h>

#define VZ_MAX_TICKS 16

typedef struct vz_ticks {
    int n;                    /* number of ticks */
    double v[VZ_MAX_TICKS];   /* tick values, ascending */
    double step;              /* distance between ticks */
    double lo, hi;            /* the axis range: v[0] and v[n-1] */
    int decimals;             /* decimals needed to print a tick */
} vz_ticks;

/*
 * Round ticks for data in [lo, hi] (lo usually 0). The axis starts at a
 * multiple of the step at or below lo and ends at the first multiple at or
 * above hi. Chooses the smallest step from 1, 2, 5 x 10^k that gives at
 * most max_n ticks; if that gives fewer than min_n, the next finer step
 * (at most 8 ticks) instead. With min_n = 4 and 4 <= max_n <= 8 the
 * result always has 4-8 ticks.
 * `integer` forbids steps below 1 (counts of cases). A flat or empty
 * range gets a range of at least 1 (integer) or |hi|/10. Returns t->n.
 */
int vz_nice_ticks(double lo, double hi, int min_n, int max_n, int integer, vz_ticks *t);

/* The smallest 1, 2, 5 x 10^k at or above x (x > 0); 1 for x <= 0. */
double vz_nice_ceil(double x);

typedef struct vz_dateticks {
    int n;
    int day[VZ_MAX_TICKS];   /* days since 1970, first of a month */
    int step_months;         /* 1, 2, 3, 6, 12, 24, 60 or 120 */
} vz_dateticks;

/* Date ticks within [d0, d1] (inclusive): the smallest step that gives at
 * most max_n ticks (max_n <= 16); ticks sit on month (or year) multiples
 * of the step counted from year 0, so yearly ticks are Jan 1 and 2-year
 * ticks even years. Returns t->n. */
int vz_date_ticks(int d0, int d1, int max_n, vz_dateticks *t);

/* Days since 1970 of year y, month m (1..12), day 1. */
int vz_month_day(int y, int m);
/* Year and month of a day number. */
void vz_day_ym(int day, int *y, int *m);

/* Linear map of v from [d0, d1] to [p0, p1] (pixels; p1 < p0 for a y
 * axis that grows upward). A zero-width domain maps to p0. */
double vz_scale(double v, double d0, double d1, double p0, double p1);
/* The inverse: pixel p back to the domain. */
double vz_unscale(double p, double d0, double d1, double p0, double p1);

/* How many ticks fit on `pixels` with at least `spacing` pixels between
 * them, clamped to [4, 8]. */
int vz_ticks_for(int pixels, int spacing);

/* Index of the sample whose time is nearest to t among n ascending times;
 * the i-th time is the double at (char *)first + i * stride. -1 when
 * n == 0. (Samples are structs; stride is their size.) */
int vz_nearest(const double *first, size_t stride, int n, double t);

#endif
