/*
 * bench.h - what the parts of `make bench` share: clocks and loading a
 * scenario (bench.c), the comparison with the hand-written floor and the
 * per-event cost against pending events (bench_floor.c).
 */
#ifndef BENCH_H
#define BENCH_H
#include "bbsim.h"

double bench_now(void);        /* wall seconds (monotonic) */
double bench_cpu(void);        /* CPU seconds of the whole process */
/* A scenario with `nsets` --set strings applied, or NULL (errors on stderr). */
bb_scenario *bench_load(const char *path, const char *const *sets, int nsets);

/* The floor (../shared/tools/anchors/limit.c built with GSL, at `limit`)
 * against bbsim on the same two models, interleaved over `rounds`
 * rounds, in CPU time; rows of the report's table. */
void bench_floor(const char *limit, int rounds);
/* bbsim's CPU time per event with 10^2, 10^4 and 10^6 cases under
 * measures; rows of the report's table. */
void bench_pending(void);
#endif
