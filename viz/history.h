/*
 * history.h - the samples the charts draw, recorded by the view.
 *
 * The simulator keeps no history, so the view stores a copy of bb_state at
 * the end of every period (a week by default, via bb_sim_on_period). The
 * array is sized for the scenario's horizon when created and never grows
 * past it; 8 years of weeks is about 420 samples of ~600 bytes.
 */
#ifndef VZ_HISTORY_H
#define VZ_HISTORY_H

#include "bbsim.h"

typedef struct vz_history {
    bb_state *s;   /* samples, oldest first, times ascending */
    int n, cap;
} vz_history;

/* Allocate room for `cap` samples. Returns 0 or -1 (out of memory). */
int vz_history_init(vz_history *h, int cap);
void vz_history_free(vz_history *h);
void vz_history_clear(vz_history *h);
/* Append a sample; a sample at the same time as the last replaces it,
 * and a full history drops the new sample. Returns 0 or -1 when full. */
int vz_history_push(vz_history *h, const bb_state *st);
/* Index of the sample nearest to time t (hours), -1 when empty. */
int vz_history_nearest(const vz_history *h, double t);
/* The samples needed for a scenario: one per period plus start and end. */
int vz_history_cap_for(const bb_scenario *s);

#endif
