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
 * regional providers become one per region), and the units an
 * investment or change entry c on `unit` goes to: the named region's, or
 * every region's with weights (capacity shares). Returns their count. */
void bb_regions_read(bb_rd *L, const config_setting_t *root);
int bb_regions_split(bb_rd *L, const config_setting_t *c, int unit, int *units, double *w);

#endif
