/*
 * chain.h - drawing the chain panel of the view (private to viz/).
 *
 * The first row: intake, information, assessment and advice (decentral
 * and central), decision and waiting unprotected, each with its queue as
 * a count and a bar against a scale shared by A and B, the staffed pools
 * with their FTE sliders; arrows between them and down to the second
 * row: the providers, capacity in use as a fill, with their FTE sliders,
 * and the FTE borrowed from the basic teams in the alarm colour.
 */
#ifndef VZ_CHAIN_H
#define VZ_CHAIN_H

#include "app.h"
#include "gfx.h"
#include "layout.h"

/* The scale of the queue bars in the boxes: the largest queue seen in
 * the n visible panels idx, rounded up to 1, 2, 5 x 10^k (at least 10). */
double chain_queue_scale(const vz_app *a, const int *idx, int n);

/* Draw the chain of panel p into the boxes of P, queue bars at qscale. */
void chain_draw(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P, const vz_app *a,
                const vz_panel *p, double qscale);

#endif
