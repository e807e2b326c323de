/*
 * overrides.c - --set PATH=VALUE on the parsed scenario (overrides.h).
 *
 * An override changes the libconfig tree before the read pass, so that
 * its value is checked like one in the file. A setting keeps its type
 * where the value allows (a decimal or a 64-bit number into an integer
 * setting replaces it by a float or a 64-bit integer, keeping its
 * line); a path the file does not have is added, typed by its value, and
 * reported after the read pass if nothing read it. Its messages start
 * with "--set".
 */
#include "overrides.h"
#include "cfgread.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* --set of a path the file does not have: add it (with any missing
 * groups on the way), typed by its value. Whether the scenario knows the
 * key is decided by the read pass: an unread created setting is reported
 * as "no such setting". */
/* Undo the groups create_set added from entry `first` on (one message
 * for one --set, not a second "no such setting" for a group left). */
static void undo_created(bb_ov *o, int first)
{
    if (first < o->ncreated && o->created[first]) {
        config_setting_t *c = o->created[first];
        config_setting_t *parent = config_setting_parent(c);
        char name[256];
        bb_rd_copy(name, sizeof name, config_setting_name(c));
        if (parent)
            config_setting_remove(parent, name); /* and what it holds */
    }
    for (int i = first; i < o->ncreated; i++) {
        free(o->created_path[i]);
        o->created[i] = NULL;
        o->created_path[i] = NULL;
    }
    o->ncreated = first;
}

static void create_set(bb_ov *o, config_t *cfg, const char *path, const char *val)
{
    config_setting_t *g = config_root_setting(cfg);
    int first = o->ncreated;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL, *part = strtok_r(buf, ".", &save);
    while (part) {
        char *next = strtok_r(NULL, ".", &save);
        config_setting_t *c = config_setting_get_member(g, part);
        bool bad = strchr(part, '[') != NULL || !config_setting_is_group(g) ||
                   (c && next && !config_setting_is_group(c));
        if (bad || o->ncreated >= BB_OV_MAX_CREATED) {
            bb_errors_add(o->err, "--set %s: no such setting in %s", path, o->file);
            undo_created(o, first);
            return;
        }
        if (!c) {
            int type = CONFIG_TYPE_GROUP;
            char *end;
            if (!next) {
                strtod(val, &end);
                if (*val && !*end)
                    type = strpbrk(val, ".eE") ? CONFIG_TYPE_FLOAT : CONFIG_TYPE_INT64;
                else if (!strcmp(val, "true") || !strcmp(val, "false"))
                    type = CONFIG_TYPE_BOOL;
                else
                    type = CONFIG_TYPE_STRING;
            }
            c = config_setting_add(g, part, type);
            if (!c) {
                bb_errors_add(o->err, "--set %s: cannot add this setting", path);
                undo_created(o, first);
                return;
            }
            o->created[o->ncreated] = c;
            o->created_path[o->ncreated] = strdup(path);
            if (!o->created_path[o->ncreated++]) {
                bb_errors_add(o->err, "--set %s: out of memory", path);
                o->oom = true;
                undo_created(o, first);
                return;
            }
            if (!next) {
                /* typed now; bb_ov_apply parses the value */
                size_t n = strlen(path) + strlen(val) + 2;
                char *arg = malloc(n);
                if (!arg) {
                    bb_errors_add(o->err, "--set %s: out of memory", path);
                    o->oom = true;
                    return;
                }
                snprintf(arg, n, "%s=%s", path, val);
                bb_ov_apply(o, cfg, arg);
                free(arg);
                return;
            }
        }
        g = c;
        part = next;
    }
}

void bb_ov_apply(bb_ov *o, config_t *cfg, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        bb_errors_add(o->err, "--set %s: expected PATH=VALUE", arg);
        return;
    }
    char path[256];
    size_t k = (size_t)(eq - arg);
    if (k >= sizeof path) {
        bb_errors_add(o->err, "--set: path too long");
        return;
    }
    memcpy(path, arg, k);
    path[k] = 0;
    const char *val = eq + 1;
    config_setting_t *st = config_lookup(cfg, path);
    if (!st) {
        create_set(o, cfg, path, val);
        return;
    }
    char *end;
    errno = 0;
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: {
        long long v = strtoll(val, &end, 10);
        bool whole = *val && !*end && !errno;
        /* libconfig stores 0 for an int64 value set into a 32-bit setting */
        if (whole && (config_setting_type(st) == CONFIG_TYPE_INT64 ||
                      (v >= INT_MIN && v <= INT_MAX))) {
            config_setting_set_int64(st, v);
            break;
        }
        double d = strtod(val, &end);
        if (!whole && (!*val || *end)) {
            bb_errors_add(o->err, "--set %s: \"%s\" is not a number", path, val);
            break;
        }
        /* a decimal (or a number too large for 32 bits) into an integer
         * setting: replace it by a float (or a 64-bit integer) */
        config_setting_t *parent = config_setting_parent(st);
        if (!config_setting_is_group(parent)) {
            bb_errors_add(o->err, "--set %s: this array holds 32-bit integers", path);
            break;
        }
        config_setting_t *old = st;
        char name[128];
        bb_rd_copy(name, sizeof name, config_setting_name(st));
        unsigned int line = st->line;
        const char *file = st->file; /* owned by the config, not the setting */
        config_setting_remove(parent, name);
        st = config_setting_add(parent, name, whole ? CONFIG_TYPE_INT64 : CONFIG_TYPE_FLOAT);
        for (int i = 0; i < o->ncreated; i++) /* keep no pointer to the old one */
            if (o->created[i] == old)
                o->created[i] = st;
        if (st) {
            if (whole)
                config_setting_set_int64(st, v);
            else
                config_setting_set_float(st, d);
            st->line = line;
            st->file = file;
        }
        break;
    }
    case CONFIG_TYPE_FLOAT: {
        double d = strtod(val, &end);
        if (!*val || *end)
            bb_errors_add(o->err, "--set %s: \"%s\" is not a number", path, val);
        else
            config_setting_set_float(st, d);
        break;
    }
    case CONFIG_TYPE_BOOL:
        if (strcmp(val, "true") == 0 || strcmp(val, "false") == 0)
            config_setting_set_bool(st, val[0] == 't');
        else
            bb_errors_add(o->err, "--set %s: expected true or false", path);
        break;
    case CONFIG_TYPE_STRING: {
        size_t n = strlen(val);
        if (n >= 2 && val[0] == '"' && val[n - 1] == '"') {
            val++;
            n -= 2;
        }
        if (n > BB_MAX_STRING_BYTES) { /* the bound of a string in a file too */
            bb_errors_add(o->err, "--set %s: a string of %zu bytes, longer than %d, the bound",
                          path, n, BB_MAX_STRING_BYTES);
            break;
        }
        char *buf = strndup(val, n);
        if (!buf || !config_setting_set_string(st, buf)) {
            bb_errors_add(o->err, "--set %s: out of memory", path);
            o->oom = true;
        }
        free(buf);
        break;
    }
    default:
        bb_errors_add(o->err, "--set %s: is a group or list; set one of its members", path);
    }
}

void bb_ov_finish(bb_ov *o)
{
    for (int i = 0; i < o->ncreated; i++) {
        if (!o->created[i])
            continue;
        if (!bb_rd_marked(o->created[i]) && o->created_path[i])
            bb_errors_add(o->err, "--set %s: no such setting in %s (see docs/scenarios.md)",
                          o->created_path[i], o->file);
        bb_rd_mark_tree(o->created[i]);
    }
    for (int i = 0; i < o->ncreated; i++)
        free(o->created_path[i]);
}
