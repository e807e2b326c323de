/*
 * run.h - what app.c and run.c share about the panels' runs (private to
 * viz/; the public side is app.h).
 */
#ifndef VZ_RUN_H
#define VZ_RUN_H

#include "app.h"

/* (Re)create a panel's sim (and its ghost while it has changes) at the
 * start; its changes are kept and applied again as the clock passes
 * them. Returns 0 or -1 (out of memory). */
int vz_panel_start(vz_panel *p, uint64_t seed);
void vz_panel_free(vz_panel *p);
/* Make a change of the target FTE of a pool (pool >= 0) or provider of
 * panel pi to `to` at the current time (see vz_app_set_fte). */
int vz_app_change(vz_app *a, int pi, int pool, int prov, double to);
/* The right end of a slider for `fte`: room to double it, at least
 * `least`, rounded to a tenth of a round step. */
double vz_slider_top(double fte, double least);

#endif
