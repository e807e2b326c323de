/*
 * story.h - what the headlines and the time axis say, as pure functions.
 *
 * No SDL and no drawing: the headline figures over their windows (the
 * share within target over the last 13 weeks, the cost of the last 12
 * months against those months' budget) computed from the recorded
 * samples; the difference of the headlines between two scenarios (B
 * minus A) and whether it is better or worse; the scenario's events
 * grouped per date with one caption per group; and the wrapping of a
 * caption into lines. The drawing code (draw.c, timeline.c) only lays out
 * what these return, and tests check them directly.
 */
#ifndef VZ_STORY_H
#define VZ_STORY_H

#include <stddef.h>

#include "bbsim.h"

/* The windows of the headlines. */
#define VZ_NORM_WINDOW_H (13 * 168.0)     /* within target: 13 weeks */
#define VZ_COST_WINDOW_H BB_HOURS_PER_YEAR /* cost: 12 months */

/* The last sample at or before time t among n samples in ascending time
 * (the first one when all are later); NULL when n == 0. */
const bb_state *vz_sample_at(const bb_state *s, int n, double t);

/* What the basic teams release at most for protective measures (the
 * limit of borrowing for packages; interim measures have their own
 * beside it, planned demand none); NAN when unbounded (1e5 FTE or more). */
double vz_borrow_limit(const bb_state *st);
/* Does the limit bind: would waiting cases borrow beyond it? */
int vz_borrow_binds(const bb_state *st);

/* The headline figures of a panel at state `now`, from its samples. */
typedef struct vz_headline {
    int protected_now, waiting;      /* under protection; waiting unprotected */
    double norm_share[2];            /* within target over the window: [0] first
                                        action, [1] definitive; NAN: none due */
    long norm_due[2];                /* cases whose target time fell in the window */
    double norm_window_h;            /* the window used (shorter at the start) */
    double borrowed, limit, unmet;   /* FTE borrowed now, the limit (NAN: none),
                                        what waiting cases would borrow beyond it */
    double fte_years;                /* borrowed since the start */
    double cost, line_cost, budget;  /* cash over the cost window; of it on the
                                        modelled budget lines; their budget */
    double cost_window_h;            /* the window used (shorter at the start) */
    double cost_to_date;
} vz_headline;

/* Compute the headlines at `now` from n samples s (times ascending, at or
 * before now) of scenario sc. */
void vz_headline_compute(vz_headline *h, const bb_scenario *sc, const bb_state *s, int n,
                         const bb_state *now);

/* The four headlines compared (B minus A): waiting unprotected (lower is
 * better), within target, definitive (higher), FTE borrowed (lower) and
 * cost over 12 months (lower). */
enum { VZ_DIFF_WAITING, VZ_DIFF_NORM, VZ_DIFF_BORROWED, VZ_DIFF_COST, VZ_DIFFS };
typedef struct vz_diff {
    double d;       /* B - A (norm: percentage points); NAN when undefined */
    int better;     /* +1 B is better, -1 worse, 0 the same or undefined */
} vz_diff;
void vz_headline_diff(const vz_headline *a, const vz_headline *b, vz_diff out[VZ_DIFFS]);

/* ---- events on the time axis ---- */

#define VZ_EVENT_TEXT 96

/* One happening: a scenario's event, a change made with a slider, or the
 * time the first FTE of an investment became operational. */
typedef struct vz_event {
    double t;                  /* hours since start */
    char kind;                 /* 's' 'p' 'i' 'f' scenario, 'u' slider, 'a' arrival */
    int panels;                /* bit 0: scenario A, bit 1: B */
    char text[VZ_EVENT_TEXT];  /* its label in the view's language */
} vz_event;

/* Events of one date: arrivals are grouped apart from the rest. */
typedef struct vz_group {
    double t;                  /* the first event's time */
    int day;                   /* day since start */
    int first, n;              /* its events, in the sorted array */
    int arrival;               /* 1: a group of arrivals */
    int panels;                /* the union of its events' panels */
} vz_group;

/* Sort ev (by day, arrivals after the rest, then by time and as given) and merge the
 * same text of A and B into one event of both panels; then group per
 * date. Returns the number of groups (at most maxg); *nev is the number
 * of events left after merging. */
int vz_events_group(vz_event *ev, int *nev, vz_group *g, int maxg);

/* The items of a group's caption, in order: events whose texts share a
 * prefix up to ": " are one item ("Wiersum: a; b; c"); a suffix in
 * parentheses that all of the group's (two or more) events end with is
 * said once, in `common` ("(2020 package)"; "" when none); with two
 * panels an event of only one of them gets "A: " or "B: " in front.
 * Writes up to maxi items; returns how many. */
int vz_group_items(const vz_event *ev, const vz_group *g, int two, char (*items)[192], int maxi,
                   char *common, size_t ncommon);

/* Lines of a caption: `head` then the items separated by " · ", broken
 * between items (an item too long for a line is broken between words)
 * into lines no wider than w as measured by width(ud, text). Writes up
 * to maxl lines of up to lsz bytes; returns the number of lines the
 * whole caption needs (may exceed maxl: then the rest is not written). */
typedef int (*vz_measure_fn)(void *ud, const char *text);
int vz_wrap(const char *head, char (*items)[192], int ni, int w, vz_measure_fn width, void *ud,
            char (*lines)[256], int maxl);

/* ---- bands over replications ---- */

/* The q-quantile (0..1) of n values, sorted in place (linear between
 * order statistics, as R's type 7); NAN when n == 0. */
double vz_quantile(double *v, int n, double q);

#endif
