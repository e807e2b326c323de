/*
 * history.c - the view's own record of the simulation, one bb_state per
 * period (see history.h).
 */
#include "history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

int vz_history_init(vz_history *h, int cap)
{
    memset(h, 0, sizeof *h);
    if (cap < 2)
        cap = 2;
    h->s = calloc((size_t)cap, sizeof *h->s);
    if (!h->s)
        return -1;
    h->cap = cap;
    return 0;
}

void vz_history_free(vz_history *h)
{
    free(h->s);
    memset(h, 0, sizeof *h);
}

void vz_history_clear(vz_history *h) { h->n = 0; }

int vz_history_push(vz_history *h, const bb_state *st)
{
    if (h->n > 0 && h->s[h->n - 1].t >= st->t) {
        h->s[h->n - 1] = *st;
        return 0;
    }
    if (h->n >= h->cap)
        return -1;
    h->s[h->n++] = *st;
    return 0;
}

int vz_history_nearest(const vz_history *h, double t)
{
    if (h->n == 0)
        return -1;
    return vz_nearest(&h->s[0].t, sizeof h->s[0], h->n, t);
}

int vz_history_cap_for(const bb_scenario *s)
{
    double per = bb_scenario_period_hours(s);
    double hor = bb_scenario_horizon_hours(s);
    if (!(per > 0))
        per = 168;
    double n = ceil(hor / per) + 4;
    return n > 1e6 ? 1000000 : (int)n;
}
