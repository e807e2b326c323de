/*
 * cfgread.c - typed reads of the scenario's settings (cfgread.h).
 *
 * Every reader marks what it reads through libconfig's per-setting hook
 * pointer (set to &MARK), so that the walk at the end of a load can name
 * every setting nothing read as unknown. Messages say "file:line: path
 * message", with the path in libconfig's syntax (pools.information.fte,
 * surges.[0].date) and "(--set)" where an override gave the value.
 */
#include "cfgread.h"
#include <math.h>
#include <stdarg.h>
#include <string.h>

static char MARK; /* hook value of a setting that was read */

/* ---- messages ---- */

/* The path of st in libconfig's syntax, into buf (cut to n bytes). */
static void path_of(const config_setting_t *st, char *buf, size_t n)
{
    const config_setting_t *chain[64];
    int k = 0;
    for (const config_setting_t *p = st; p && !config_setting_is_root(p) && k < 64;
         p = config_setting_parent(p))
        chain[k++] = p;
    size_t len = 0;
    buf[0] = 0;
    while (k-- > 0 && len < n) {
        const config_setting_t *p = chain[k];
        const char *name = config_setting_name(p);
        int w;
        if (name)
            w = snprintf(buf + len, n - len, "%s%s", len ? "." : "", name);
        else
            w = snprintf(buf + len, n - len, "%s[%d]", len ? "." : "", config_setting_index(p));
        if (w < 0)
            break;
        len += (size_t)w;
    }
    if (len >= n)
        buf[n - 1] = 0;
}

/* Whether a --set string names path. */
static bool from_set(const bb_rd *L, const char *path)
{
    for (int i = 0; i < L->nsets; i++) {
        const char *eq = strchr(L->sets[i], '=');
        size_t k = eq ? (size_t)(eq - L->sets[i]) : strlen(L->sets[i]);
        if (strlen(path) == k && strncmp(L->sets[i], path, k) == 0)
            return true;
    }
    return false;
}

void bb_rd_err(bb_rd *L, const config_setting_t *st, const char *key, const char *fmt, ...)
{
    if (!st && key)
        return; /* its group is absent: that was reported at the group */
    char path[512], msg[512];
    path_of(st, path, sizeof path);
    if (key) {
        size_t l = strlen(path);
        snprintf(path + l, sizeof path - l, "%s%s", l ? "." : "", key);
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *file = st ? config_setting_source_file(st) : NULL;
    int line = st ? (int)config_setting_source_line(st) : 0;
    if (!file)
        file = L->file;
    if (st && config_setting_is_root(st)) /* a top-level key is missing */
        bb_errors_add(L->err, "%s: %s %s", file, path, msg);
    else if (line == 0) /* a setting added by --set */
        bb_errors_add(L->err, "%s (--set): %s %s", file, path, msg);
    else
        bb_errors_add(L->err, "%s:%d%s: %s %s", file, line,
                      from_set(L, path) ? " (--set)" : "", path, msg);
}

/* ---- settings ---- */

config_setting_t *bb_rd_member(const config_setting_t *g, const char *key)
{
    if (!g || !config_setting_is_group(g))
        return NULL;
    config_setting_t *c = config_setting_get_member(g, key);
    if (c)
        c->hook = &MARK;
    return c;
}

config_setting_t *bb_rd_at(const config_setting_t *g, int i)
{
    config_setting_t *e = config_setting_get_elem(g, (unsigned)i);
    e->hook = &MARK;
    return e;
}

static bool is_num(const config_setting_t *c)
{
    int t = config_setting_type(c);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static double num_value(const config_setting_t *c)
{
    switch (config_setting_type(c)) {
    case CONFIG_TYPE_INT:
        return (double)config_setting_get_int(c);
    case CONFIG_TYPE_INT64:
        return (double)config_setting_get_int64(c);
    default:
        return config_setting_get_float(c);
    }
}

static bool check_range(bb_rd *L, const config_setting_t *c, double v, double lo,
                        double hi)
{
    if (!isfinite(v)) {
        bb_rd_err(L, c, NULL, "must be a finite number");
        return false;
    }
    if (v < lo) {
        bb_rd_err(L, c, NULL, "must be >= %g (got %g)", lo, v);
        return false;
    }
    if (v > hi) {
        bb_rd_err(L, c, NULL, "must be <= %g (got %g)", hi, v);
        return false;
    }
    return true;
}

double bb_rd_num(bb_rd *L, const config_setting_t *g, const char *key, double def,
                 double lo, double hi)
{
    config_setting_t *c = bb_rd_member(g, key);
    if (!c) {
        if (isnan(def))
            bb_rd_err(L, g, key, "is required");
        return isnan(def) ? lo : def;
    }
    if (!is_num(c)) {
        bb_rd_err(L, c, NULL, "must be a number");
        return isnan(def) ? lo : def;
    }
    double v = num_value(c);
    if (!check_range(L, c, v, lo, hi))
        return isnan(def) ? lo : def;
    return v;
}

int bb_rd_int(bb_rd *L, const config_setting_t *g, const char *key, double def, double lo,
              double hi)
{
    double v = bb_rd_num(L, g, key, def, lo, hi);
    config_setting_t *c = g && config_setting_is_group(g) ? config_setting_get_member(g, key) : NULL;
    if (c && v != floor(v)) { /* auto-convert would cut 2.7 to 2 */
        bb_rd_err(L, c, NULL, "must be a whole number (got %g)", v);
        return (int)floor(lo);
    }
    return (int)v;
}

bool bb_rd_value(bb_rd *L, const config_setting_t *e, double lo, double hi, double *v)
{
    if (!is_num(e)) {
        bb_rd_err(L, e, NULL, "must be a number");
        return false;
    }
    *v = num_value(e);
    return check_range(L, e, *v, lo, hi);
}

const char *bb_rd_str(bb_rd *L, const config_setting_t *g, const char *key, const char *def)
{
    config_setting_t *c = bb_rd_member(g, key);
    if (!c) {
        if (!def)
            bb_rd_err(L, g, key, "is required");
        return def;
    }
    if (config_setting_type(c) != CONFIG_TYPE_STRING) {
        bb_rd_err(L, c, NULL, "must be a string");
        return def;
    }
    return config_setting_get_string(c);
}

bool bb_rd_bool(bb_rd *L, const config_setting_t *g, const char *key, bool def)
{
    config_setting_t *c = bb_rd_member(g, key);
    if (!c)
        return def;
    if (config_setting_type(c) != CONFIG_TYPE_BOOL) {
        bb_rd_err(L, c, NULL, "must be true or false");
        return def;
    }
    return config_setting_get_bool(c);
}

int bb_rd_date(bb_rd *L, const config_setting_t *g, const char *key, bool required)
{
    config_setting_t *c = bb_rd_member(g, key);
    if (!c) {
        if (required)
            bb_rd_err(L, g, key, "is required");
        return BB_RD_NO_DATE;
    }
    int d;
    if (config_setting_type(c) != CONFIG_TYPE_STRING ||
        bb_date_parse(config_setting_get_string(c), &d) != 0) {
        bb_rd_err(L, c, NULL, "must be a date \"YYYY-MM-DD\"");
        return BB_RD_NO_DATE;
    }
    return d;
}

config_setting_t *bb_rd_group(bb_rd *L, const config_setting_t *g, const char *key,
                              bool required)
{
    config_setting_t *c = bb_rd_member(g, key);
    if (!c) {
        if (required)
            bb_rd_err(L, g, key, "is required");
        return NULL;
    }
    if (!config_setting_is_group(c)) {
        bb_rd_err(L, c, NULL, "must be a group { ... }");
        return NULL;
    }
    return c;
}

config_setting_t *bb_rd_list(bb_rd *L, const config_setting_t *g, const char *key)
{
    config_setting_t *c = bb_rd_member(g, key);
    if (c && !config_setting_is_list(c) && !config_setting_is_array(c)) {
        bb_rd_err(L, c, NULL, "must be a list ( ... ) or array [ ... ]");
        return NULL;
    }
    return c;
}

int bb_rd_choice(bb_rd *L, const config_setting_t *g, const char *key, const char *def,
                 const char *const *names, const char *must, bool got)
{
    const char *v = bb_rd_str(L, g, key, def);
    if (!v)
        return -1;
    for (int i = 0; names[i]; i++)
        if (strcmp(v, names[i]) == 0)
            return i;
    if (got)
        bb_rd_err(L, bb_rd_member(g, key), NULL, "%s (got \"%s\")", must, v);
    else
        bb_rd_err(L, bb_rd_member(g, key), NULL, "%s", must);
    return -1;
}

/* The kinds of distribution, in the order of enum bb_dist_kind. */
static const char *const DIST_KINDS[] = {"const", "exponential", "uniform", "lognormal",
                                         "gamma", NULL};

void bb_rd_dist(bb_rd *L, const config_setting_t *g, const char *key, bb_dist *d,
                bool required, double unit, double max)
{
    config_setting_t *c = bb_rd_member(g, key);
    if (!c) {
        if (required)
            bb_rd_err(L, g, key, "is required");
        return;
    }
    if (!config_setting_is_group(c)) {
        bb_rd_err(L, c, NULL, "must be a distribution { dist = \"...\"; ... }");
        return;
    }
    int k = bb_rd_choice(L, c, "dist", NULL, DIST_KINDS,
                         "must be one of const, exponential, uniform, lognormal, gamma", true);
    if (k < 0)
        return;
    d->tab = NULL; /* a table belongs to the kind and parameters read here */
    d->kind = (enum bb_dist_kind)k;
    switch (d->kind) {
    case BB_D_CONST:
        d->a = bb_rd_num(L, c, "value", NAN, 0, max) * unit;
        break;
    case BB_D_EXP:
        d->a = bb_rd_num(L, c, "mean", NAN, 0, max) * unit;
        break;
    case BB_D_UNIFORM:
        d->a = bb_rd_num(L, c, "min", NAN, 0, max) * unit;
        d->b = bb_rd_num(L, c, "max", NAN, 0, max) * unit;
        if (d->b < d->a)
            bb_rd_err(L, c, "max", "must be >= min");
        break;
    case BB_D_LOGNORMAL:
        d->a = bb_rd_num(L, c, "median", NAN, 0, max) * unit;
        d->b = bb_rd_num(L, c, "sigma", NAN, 0, 5);
        if (bb_dist_prepare(d, &L->s->dist_tables) != 0)
            bb_errors_add(L->err, "out of memory");
        break;
    case BB_D_GAMMA:
        d->a = bb_rd_num(L, c, "mean", NAN, 0, max) * unit;
        d->b = bb_rd_num(L, c, "cv", NAN, 0.01, 10);
        if (bb_dist_prepare(d, &L->s->dist_tables) != 0)
            bb_errors_add(L->err, "out of memory");
        break;
    }
}

void bb_rd_probs(bb_rd *L, const config_setting_t *g, const char *key, double p[BB_LEVELS],
                 bool required)
{
    config_setting_t *c = bb_rd_member(g, key);
    if (!c) {
        if (required)
            bb_rd_err(L, g, key, "is required");
        return;
    }
    if (!(config_setting_is_array(c) || config_setting_is_list(c)) ||
        config_setting_length(c) != BB_LEVELS) {
        bb_rd_err(L, c, NULL, "must be an array of 5 probabilities (levels 0..4)");
        return;
    }
    double sum = 0.0;
    bool ok = true;
    for (int i = 0; i < BB_LEVELS; i++) {
        if (!bb_rd_value(L, bb_rd_at(c, i), 0, 1, &p[i]))
            ok = false; /* an out-of-range p[i] is kept: later checks read it */
        sum += p[i];
    }
    if (ok && fabs(sum - 1.0) > 1e-6)
        bb_rd_err(L, c, NULL, "must sum to 1 (got %.6g)", sum);
}

/* ---- a section's entries ---- */

config_setting_t *bb_rd_entry(bb_rd *L, const config_setting_t *g, int *i, int taken, int max,
                              const char *noun, const char *shape)
{
    int n = g ? config_setting_length(g) : 0;
    for (; *i < n; (*i)++) {
        config_setting_t *c = bb_rd_at(g, *i);
        if (taken >= max) {
            bb_rd_err(L, c, NULL, "is one %s too many (at most %d)", noun, max);
            return NULL;
        }
        if (config_setting_is_group(c))
            return c;
        bb_rd_err(L, c, NULL, "%s", shape ? shape : "must be a group { ... }");
    }
    return NULL;
}

/* ---- the unknown-settings walk ---- */

void bb_rd_mark_tree(config_setting_t *st)
{
    st->hook = &MARK;
    if (config_setting_is_aggregate(st))
        for (int i = 0; i < config_setting_length(st); i++)
            bb_rd_mark_tree(config_setting_get_elem(st, (unsigned)i));
}

bool bb_rd_marked(const config_setting_t *st) { return st->hook == &MARK; }

void bb_rd_report_unknown(bb_rd *L, const config_setting_t *st)
{
    int n = config_setting_length(st);
    for (int i = 0; i < n; i++) {
        config_setting_t *c = config_setting_get_elem(st, (unsigned)i);
        if (c->hook != &MARK) {
            const char *near = bb_suggest_key(c); /* suggest.c */
            bb_rd_err(L, c, NULL, "is not a known setting%s%s%s (see docs/scenarios.md)",
                      near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
        }
        else if (config_setting_is_aggregate(c))
            bb_rd_report_unknown(L, c);
    }
}
