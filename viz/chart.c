/*
 * chart.c - axis ticks and scaling for the charts (pure functions).
 *
 * See chart.h. Dates go through the library's calendar helpers
 * (bb_date_parse / bb_date_format) so the view and the model agree on
 * every day number.
 */
#include "chart.h"

#include <math.h>
#include <stdio.h>

#include "bbsim.h"

double vz_nice_ceil(double x)
{
    if (!(x > 0))
        return 1;
    double base = pow(10.0, floor(log10(x)));
    static const double m[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++)
        if (m[i] * base >= x * (1 - 1e-12))
            return m[i] * base;
    return 10 * base;
}

int vz_nice_ticks(double lo, double hi, int min_n, int max_n, int integer, vz_ticks *t)
{
    if (max_n > VZ_MAX_TICKS)
        max_n = VZ_MAX_TICKS;
    if (max_n < 2)
        max_n = 2;
    if (!isfinite(lo))
        lo = 0;
    if (!isfinite(hi) || hi < lo)
        hi = lo;
    if (hi <= lo)
        hi = lo + (integer ? 1 : (fabs(hi) > 0 ? fabs(hi) / 10 : 1));
    if (integer && hi - lo < min_n - 1)
        hi = lo + (min_n - 1);
    double span = hi - lo;
    int k = (int)floor(log10(span / max_n)) - 1;
    static const double mult[] = {1, 2, 5};
    double step = 0, a = 0, pstep = 0, pa = 0;
    int n = 0, pn = 0;
    for (int tries = 0; tries < 40 && !n; tries++, k++) {
        double base = pow(10.0, k);
        for (int i = 0; i < 3; i++) {
            double s = mult[i] * base;
            if (integer && s < 1)
                continue;
            double a0 = floor(lo / s + 1e-9) * s;
            double b0 = ceil(hi / s - 1e-9) * s;
            int cnt = (int)lround((b0 - a0) / s) + 1;
            if (cnt <= max_n) {
                step = s;
                a = a0;
                n = cnt;
                break;
            }
            pstep = s; /* the step before: more ticks than max_n */
            pa = a0;
            pn = cnt;
        }
    }
    /* too few ticks: take the finer step if it stays within the hard limit */
    if (n && n < min_n && pn > 0 && pn <= VZ_MAX_TICKS && pn <= 8) {
        step = pstep;
        a = pa;
        n = pn;
    }
    if (!n) { /* unreachable for finite input; keep the struct sane */
        step = span;
        a = lo;
        n = 2;
    }
    t->n = n;
    t->step = step;
    for (int i = 0; i < n; i++) {
        double v = a + i * step;
        t->v[i] = fabs(v) < step * 1e-9 ? 0 : v;
    }
    t->lo = t->v[0];
    t->hi = t->v[n - 1];
    int d = -(int)floor(log10(step) + 1e-9);
    t->decimals = d > 0 ? d : 0;
    return n;
}

int vz_month_day(int y, int m)
{
    while (m > 12) {
        m -= 12;
        y++;
    }
    while (m < 1) {
        m += 12;
        y--;
    }
    char s[32];
    snprintf(s, sizeof s, "%04d-%02d-01", y, m);
    int day = 0;
    bb_date_parse(s, &day);
    return day;
}

void vz_day_ym(int day, int *y, int *m)
{
    char s[16];
    bb_date_format(day, s);
    int d;
    *y = *m = 0;
    sscanf(s, "%d-%d-%d", y, m, &d);
}

int vz_date_ticks(int d0, int d1, int max_n, vz_dateticks *t)
{
    static const int steps[] = {1, 2, 3, 6, 12, 24, 60, 120};
    if (max_n > VZ_MAX_TICKS)
        max_n = VZ_MAX_TICKS;
    if (max_n < 1)
        max_n = 1;
    if (d1 < d0)
        d1 = d0;
    int y, m;
    vz_day_ym(d0, &y, &m);
    int mi0 = y * 12 + (m - 1); /* month index of the first tick candidate */
    if (vz_month_day(y, m) < d0)
        mi0++;
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
        int st = steps[s];
        int first = (mi0 + st - 1) / st * st;
        int n = 0;
        for (int mi = first; n <= max_n; mi += st) {
            int day = vz_month_day(mi / 12, mi % 12 + 1);
            if (day > d1)
                break;
            if (n < VZ_MAX_TICKS)
                t->day[n] = day;
            n++;
        }
        if (n <= max_n || s + 1 == sizeof steps / sizeof steps[0]) {
            t->n = n < max_n ? n : max_n;
            t->step_months = st;
            return t->n;
        }
    }
    return t->n; /* not reached */
}

double vz_scale(double v, double d0, double d1, double p0, double p1)
{
    if (d1 == d0)
        return p0;
    return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
}

double vz_unscale(double p, double d0, double d1, double p0, double p1)
{
    if (p1 == p0)
        return d0;
    return d0 + (p - p0) / (p1 - p0) * (d1 - d0);
}

int vz_ticks_for(int pixels, int spacing)
{
    int n = spacing > 0 ? pixels / spacing + 1 : 8;
    return n < 4 ? 4 : n > 8 ? 8 : n;
}

int vz_nearest(const double *first, size_t stride, int n, double t)
{
    if (n <= 0)
        return -1;
    const char *b = (const char *)first;
#define AT(i) (*(const double *)(const void *)(b + (size_t)(i) * stride))
    int lo = 0, hi = n - 1;
    while (lo < hi) { /* first index with time >= t */
        int mid = (lo + hi) / 2;
        if (AT(mid) < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && fabs(AT(lo - 1) - t) <= fabs(AT(lo) - t))
        lo--;
#undef AT
    return lo;
}
