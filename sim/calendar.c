/*
 * calendar.c - dates and office hours.
 *
 * Model time is hours since 00:00 on the scenario's start day; calendar
 * days are counted from 1970-01-01 (proleptic Gregorian, the algorithm of
 * H. Hinnant's "chrono-compatible low-level date algorithms"). Office
 * pools are open on weekdays between two hours; bb_office_advance turns
 * "so many working hours" into a wall-clock finish time.
 */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

int bb_date_parse(const char *s, int *days)
{
    int y, m, d, n = 0;
    if (!s || strlen(s) != 10)
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[4] != '-' ||
        s[7] != '-')
        return -1;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *days = days_from_civil(y, m, d);
    return 0;
}

void bb_date_format(int days, char *buf)
{
    int y, m, d;
    char tmp[40];
    civil_from_days(days, &y, &m, &d);
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    memcpy(buf, tmp, 10);
    buf[10] = 0;
}

int bb_date_weekday(int days)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int w = (days + 3) % 7;
    if (w < 0)
        w += 7;
    return w + 1;
}

int bb_date_year(int days)
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    return y;
}

/* ---- office hours ---- */

static bool workday(const bb_office *o, long day)
{
    return bb_date_weekday(o->start_day + (int)day) <= 5;
}

bool bb_office_is_open(const bb_office *o, double t)
{
    long day = (long)bb_floor(t / 24.0);
    double h = t - 24.0 * (double)day;
    return workday(o, day) && h >= o->open_h && h < o->close_h;
}

double bb_office_next_open(const bb_office *o, double t)
{
    if (bb_office_is_open(o, t))
        return t;
    long day = (long)bb_floor(t / 24.0);
    double h = t - 24.0 * (double)day;
    if (workday(o, day) && h < o->open_h)
        return 24.0 * (double)day + o->open_h;
    for (long d = day + 1;; d++)
        if (workday(o, d))
            return 24.0 * (double)d + o->open_h;
}

double bb_office_advance(const bb_office *o, double t, double work)
{
    double per_day = o->close_h - o->open_h;
    if (work <= 0.0 || per_day <= 0.0)
        return t;
    t = bb_office_next_open(o, t);
    /* skip whole weeks: five open days each */
    double week = 5.0 * per_day;
    /* beyond a million weeks (far past the 100-year horizon bound) the
     * exact finish does not matter; stepping days there would lose the
     * hours to rounding and overflow the day count */
    if (work > 1.0e6 * week)
        return t + work / week * 168.0;
    if (work > 2.0 * week) {
        double weeks = floor(work / week) - 1.0;
        t += weeks * 168.0;
        work -= weeks * week;
    }
    /* t is at an open moment: work through the day's close, then from
     * the next workday's opening (days counted, not recomputed from t) */
    long day = (long)bb_floor(t / 24.0);
    for (;;) {
        double close = 24.0 * (double)day + o->close_h;
        if (t + work <= close)
            return t + work;
        work -= close - t;
        do
            day++;
        while (!workday(o, day));
        t = 24.0 * (double)day + o->open_h;
    }
}

double bb_office_open_hours_per_year(const bb_office *o)
{
    return (o->close_h - o->open_h) * 5.0 * 365.25 / 7.0;
}
