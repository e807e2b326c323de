/*
 * sections.h - reading a scenario's sections (sections.c), private to
 * the loader.
 */
#ifndef BB_SECTIONS_H
#define BB_SECTIONS_H

#include "cfgread.h"

/* Read every section of the (overridden) tree under root into L->s, with
 * its checks; every problem goes to L->err. */
void bb_sections_read(bb_rd *L, const config_setting_t *root);

/* regions.c: the regions section (after the providers and basic units:
 * regional providers become one per region); the units an investment or
 * change entry c of `delta` FTE on `unit` goes to, with each one's FTE
 * (the named region's; the listed regions' evenly; or every region's by
 * capacity share); returns their count; and an entry's optional
 * `region` by name (its index, def when absent). */
void bb_regions_read(bb_rd *L, const config_setting_t *root);
int bb_regions_split(bb_rd *L, const config_setting_t *c, int unit, double delta, int *units,
                     double *deltas);
int bb_regions_named(bb_rd *L, const config_setting_t *c, int def);

#endif
