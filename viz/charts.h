/*
 * charts.h - drawing the view's charts (private to viz/; the tick and
 * scale arithmetic they use is chart.h).
 *
 * The queue chart (queue per stage; in the room view the cases in the
 * chain and those waiting unprotected), the capacity chart (own use as
 * an area under the capacity line, use above capacity hatched as
 * "overrun", of the selected provider or all), the borrowing chart (FTE
 * borrowed from the basic teams, the limit as a line, a bar where it
 * binds) and the lead-time chart (median and 90th percentile against the
 * target). Each has its title, legend, axes and the event marks; with
 * changes made in the view, the run without them as a grey dashed line;
 * with --bands, the 5-95% band and median of the replications. A
 * panel's samples are its recorded history plus the state now.
 */
#ifndef VZ_CHARTS_H
#define VZ_CHARTS_H

#include <SDL.h>

#include "app.h"
#include "chart.h"
#include "gfx.h"
#include "layout.h"

/* The scales of one chart of one panel. */
typedef struct chart_axes {
    vz_ticks y;
    double t1;  /* x domain [0, t1] hours */
    int own;    /* this side has its own scale (A and B differ too much) */
} chart_axes;

/* The state at sample i of a panel, where i == hist.n means now. */
const bb_state *chart_sample(const vz_panel *p, int i);
/* The number of samples: the history, and now when it is later. */
int chart_nsamples(const vz_panel *p);

/* The lead-time target (definitive package) of a panel, in days. */
double chart_target_days(const vz_panel *p);
/* The scales of every chart for the n visible panels idx: shared, or per
 * panel when one side's largest value is under 40% of the other's. */
void chart_scales(const vz_app *a, const vz_layout *L, const int *idx, int n,
                  chart_axes ax[VZ_MAX_PANELS][VZ_CHARTS]);
/* The x pixel of time t (hours) on [0, t1] across r. */
float chart_xpix(const SDL_Rect *r, double t, double t1);

/* Draw chart `pos` of panel layout P (P->chart_id[pos] says which). */
void chart_draw(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P, int pos,
                const vz_app *a, const vz_panel *p, int pi, const chart_axes *ax);
/* With the mouse over a plot: a vertical guide at its date through every
 * chart of every panel and a tooltip with the values of that chart. */
void chart_hover(vz_gfx *g, const vz_layout *L, const vz_app *a, const int *idx, int np);

#endif
