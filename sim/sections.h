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

#endif
