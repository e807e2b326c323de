/*
 * cfgread.h - typed reads of libconfig settings for the scenario loader
 * (cfgread.c), private to the loader's modules.
 *
 * In the spirit of Lua's lauxlib: each helper reads one setting of one
 * type, checks its range, marks it as read, and on a problem adds one
 * message "file:line: path message" to the loader's list and returns a
 * default, so that one pass finds every error. What no helper marked is
 * reported as unknown at the end (bb_rd_report_unknown).
 */
#ifndef BB_CFGREAD_H
#define BB_CFGREAD_H

#include "internal.h"
#include <limits.h>

#define BB_RD_NO_DATE INT_MIN /* absent or invalid date (valid ones before 1970 are < 0) */

/* The reader's context: one scenario being loaded. */
typedef struct bb_rd {
    bb_scenario *s;           /* filled by the readers */
    bb_errors *err;           /* every message goes here */
    const char *file;         /* the scenario file, for messages */
    const char *const *sets;  /* the --set strings: a setting they name */
    int nsets;                /* is shown as "(--set)" in messages */
    int nerr0;                /* messages in err before this load */
} bb_rd;

/* Report an error at setting st: "file:line: path message". With key, the
 * message is about member key of the group st, which may be missing (st
 * NULL with a key: nothing is reported, the absent group already was). */
void bb_rd_err(bb_rd *L, const config_setting_t *st, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Member key of group g, marked as read; NULL if absent or g is no group. */
config_setting_t *bb_rd_member(const config_setting_t *g, const char *key);
/* Element i of a list, array or group, marked as read. */
config_setting_t *bb_rd_at(const config_setting_t *g, int i);

/* Each reader below reads member key of group g (g may be NULL: then the
 * member is absent), reports what is wrong, and returns `def` (or the
 * stated fallback) when the value is absent or unusable. */

/* A number in [lo, hi]; `def` when absent unless required (def NAN =
 * required; then lo is returned on any error). */
double bb_rd_num(bb_rd *L, const config_setting_t *g, const char *key, double def,
                 double lo, double hi);
/* The same as an int (truncated: 2.5 reads as 2, as it always has). */
int bb_rd_int(bb_rd *L, const config_setting_t *g, const char *key, double def, double lo,
              double hi);
/* The number of setting e itself (a list's element), in [lo, hi]: true if
 * it is a number in range. *v gets the number even when it is out of
 * range (not when it is no number). */
bool bb_rd_value(bb_rd *L, const config_setting_t *e, double lo, double hi, double *v);
/* A string; def NULL = required. */
const char *bb_rd_str(bb_rd *L, const config_setting_t *g, const char *key, const char *def);
bool bb_rd_bool(bb_rd *L, const config_setting_t *g, const char *key, bool def);
/* A date "YYYY-MM-DD" as a calendar day; BB_RD_NO_DATE if absent or invalid. */
int bb_rd_date(bb_rd *L, const config_setting_t *g, const char *key, bool required);
/* A group { ... }; NULL if absent (an error when required) or not a group. */
config_setting_t *bb_rd_group(bb_rd *L, const config_setting_t *g, const char *key,
                              bool required);
/* A list ( ... ) or array [ ... ]; NULL if absent or neither (reported). */
config_setting_t *bb_rd_list(bb_rd *L, const config_setting_t *g, const char *key);
/* A distribution group { dist = "..."; ... } into *d, its values scaled by
 * `unit` (e.g. 24 for days into hours) and at most `max` before scaling;
 * *d is left as it was when absent. */
void bb_rd_dist(bb_rd *L, const config_setting_t *g, const char *key, bb_dist *d,
                bool required, double unit, double max);
/* A string that must be one of `names` (NULL-terminated): its index; the
 * index of `def` when absent (def NULL = required). Otherwise -1, after the
 * message `must` (followed by (got "...") when `got`). */
int bb_rd_choice(bb_rd *L, const config_setting_t *g, const char *key, const char *def,
                 const char *const *names, const char *must, bool got);
/* Five probabilities for levels 0..4 that sum to 1, into p. */
void bb_rd_probs(bb_rd *L, const config_setting_t *g, const char *key, double p[BB_LEVELS],
                 bool required);

/* The loop over a section's entries, the groups in list or group g (NULL:
 * none): the entry at element *i or the next one after it, marked as read,
 * with *i set to its index; NULL at the end. An element that is not a group
 * is reported (`shape`, or "must be a group { ... }") and skipped. When
 * `taken`, the entries already in the scenario, has reached `max`, the
 * element is reported as "is one NOUN too many (at most MAX)" and the loop
 * ends (what follows stays unread: reported as unknown):
 *
 *     for (int i = 0; (c = bb_rd_entry(L, g, &i, s->nsurge, BB_MAX_SURGES, "surge", NULL));
 *          i++)
 */
config_setting_t *bb_rd_entry(bb_rd *L, const config_setting_t *g, int *i, int taken, int max,
                              const char *noun, const char *shape);

/* Mark st and everything in it as read. */
void bb_rd_mark_tree(config_setting_t *st);
/* Whether a reader (or bb_rd_mark_tree) marked st. */
bool bb_rd_marked(const config_setting_t *st);
/* Report every setting under st that nothing marked as not known. */
void bb_rd_report_unknown(bb_rd *L, const config_setting_t *st);
/* suggest.c: the known key nearest to an unknown setting's name (a few
 * edits away), or NULL. */
const char *bb_suggest_key(const config_setting_t *st);

/* Copy a string, cut to fit n bytes (src NULL: the empty string). */
static inline void bb_rd_copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

#endif
