/*
 * charts.h - drawing the view's three charts (private to viz/; the tick
 * and scale arithmetic they use is chart.h).
 *
 * The queue chart (queue per stage), the capacity chart (use and
 * borrowed FTE as areas under the capacity line, of the selected
 * provider or all) and the lead-time chart (median and 90th percentile
 * against the target), each with its title, legend, axes and the
 * scenario's event marks, and the values under the mouse. A panel's
 * samples are its recorded history plus the state now.
 */
#ifndef VZ_CHARTS_H
#define VZ_CHARTS_H

#include <SDL.h>

#include "app.h"
#include "chart.h"
#include "gfx.h"
#include "layout.h"

/* The scales of one chart, shared by the visible panels. */
typedef struct chart_axes {
    vz_ticks y;
    double t1; /* x domain [0, t1] hours */
} chart_axes;

/* The state at sample i of a panel, where i == hist.n means now. */
const bb_state *chart_sample(const vz_panel *p, int i);
/* The number of samples: the history, and now when it is later. */
int chart_nsamples(const vz_panel *p);

/* The lead-time target (definitive package) of a panel, in days. */
double chart_target_days(const vz_panel *p);
/* The largest value of chart (enum vz_chart) over the n visible panels
 * idx (same scale for A and B). */
double chart_max(const vz_app *a, int chart, const int *idx, int n);
/* The x pixel of time t (hours) on [0, t1] across r. */
float chart_xpix(const SDL_Rect *r, double t, double t1);

/* Draw chart `pos` of panel layout P (P->chart_id[pos] says which). */
void chart_draw(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P, int pos,
                const vz_app *a, const vz_panel *p, const chart_axes *ax);
/* With the mouse over a plot: a vertical guide at its date through every
 * chart of every panel and a tooltip with the values of that chart; ax
 * are the scales of the charts (enum vz_chart order). */
void chart_hover(vz_gfx *g, const vz_layout *L, const vz_app *a, const int *idx, int np,
                 const chart_axes *ax);

#endif
