/*
 * bands.h - replications in the background for the charts' bands
 * (--bands N).
 *
 * N replications of each scenario (0 .. N-1 on the view's seed, so the
 * run on screen is the first of them) run on a thread of their own
 * through bb_batch_run; when all are done, each chart's main series has
 * per period its median and its 5th and 95th percentile: the queue chart
 * the cases waiting unprotected, the capacity chart the FTE in use of all
 * providers, the borrowing chart the FTE borrowed, the lead-time chart
 * the 90th percentile in days. The results do not depend on the number
 * of threads (bb_batch_run hands them over in order).
 */
#ifndef VZ_BANDS_H
#define VZ_BANDS_H

#include <stdint.h>

#include "bbsim.h"
#include "layout.h"

typedef struct vz_bands vz_bands;

/* Start N replications of A (and B when not NULL) on `threads` worker
 * threads. Returns NULL when out of memory or no thread could start. */
vz_bands *vz_bands_start(const bb_scenario *A, const bb_scenario *B, uint64_t seed, int reps,
                         int threads);
/* Wait until all are done (for pictures). */
void vz_bands_wait(vz_bands *b);
/* Done (1), still running (0), or failed (-1, with the reason in err). */
int vz_bands_state(vz_bands *b, char *err, size_t errn);
/* Replications asked for; done so far. */
int vz_bands_reps(const vz_bands *b);
int vz_bands_done(vz_bands *b);
/* After the bands are done: the series of `chart` (enum vz_chart) of
 * panel `pi`: n periods at times t (hours), the 5%, 50% and 95% values.
 * Returns n (0 when not there). */
int vz_bands_series(const vz_bands *b, int pi, int chart, const double **t, const float **lo,
                    const float **mid, const float **hi);
/* Stop (as soon as the replication in hand is done) and free. */
void vz_bands_free(vz_bands *b);

#endif
