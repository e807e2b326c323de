/*
 * sizing.h - what the two files of bbsim size's search share, private to
 * the library: sizing_args.c (the targets and levers, parsed, checked
 * and applied to a scenario) and sizing.c (the search).
 */
#ifndef BB_SIZING_H
#define BB_SIZING_H

#include "bbsim.h"

/* The index of target t's metric row in scenario s's rows, or -1. */
int bb_size_target_row(const bb_scenario *s, const bb_size_target *t);

#endif
