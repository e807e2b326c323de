/*
 * overrides.h - the --set PATH=VALUE overrides of a scenario (overrides.c),
 * private to the loader.
 */
#ifndef BB_OVERRIDES_H
#define BB_OVERRIDES_H

#include "internal.h"

#define BB_OV_MAX_CREATED 64

/* The overrides of one load. */
typedef struct bb_ov {
    config_setting_t *created[BB_OV_MAX_CREATED]; /* settings that --set added */
    char *created_path[BB_OV_MAX_CREATED];        /* and the path of the --set */
    int ncreated;
    bb_errors *err;                               /* every message goes here */
    const char *file;                             /* the scenario file */
    bool oom;                                     /* an allocation failed */
} bb_ov;

/* Apply one "PATH=VALUE" to the parsed tree cfg, before the read pass. */
void bb_ov_apply(bb_ov *o, config_t *cfg, const char *arg);
/* After the read pass: report every setting an override added that
 * nothing read ("no such setting"), mark it read so that it is not also
 * reported as unknown, and free what bb_ov_apply kept. */
void bb_ov_finish(bb_ov *o);

#endif
