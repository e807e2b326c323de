/*
 * loader_fixture.h - what the loader's tests share (test_scenario.c,
 * test_scenario_set.c): BASE, scenarios/validation/erlang_c.cfg with one
 * setting per line, so that each test can break one thing and know its
 * line; LEVEL_1; and the helpers that load a text and check its messages
 * ("t.cfg:<line>: " with the setting's path). Lines are found in the
 * broken text itself (line_of), not hard-coded. (That layout is why it is
 * not the shared base of fixture.h, which has several settings to a line.)
 */
#ifndef BB_LOADER_FIXTURE_H
#define BB_LOADER_FIXTURE_H

#include "testutil.h"
#include "internal.h"

/* The pools of BASE, one setting per line (also included on their own). */
#define LF_POOLS \
    "pools = {\n" \
    "  information = {\n" \
    "    fte = 1.0;\n" \
    "    hours = \"24/7\";\n" \
    "    effort_hours = { dist = \"const\"; value = 0.0; };\n" \
    "  };\n" \
    "  advice_decentral = {\n" \
    "    fte = 5.0;\n" \
    "    hours = \"24/7\";\n" \
    "    effort_hours = { dist = \"exponential\"; mean = 10.0; };\n" \
    "  };\n" \
    "  advice_central = { fte = 1.0; hours = \"24/7\";" \
    " effort_hours = { dist = \"const\"; value = 0.0; }; };\n" \
    "};\n"

static const char BASE[] =
    "name = \"t\";\n"
    "run = {\n"
    "  start = \"2000-01-01\";\n"
    "  end = \"2006-01-01\";\n"
    "  replications = 10;\n"
    "  seed = 1;\n"
    "  period_days = 28;\n"
    "  warmup_days = 30;\n"
    "};\n"
    "calendar = { productive_hours_per_fte = 8760.0; };\n"
    "categories = {\n"
    "  signal = {\n"
    "    rate_per_year = 3506.4;\n"
    "    acute_share = 0.0;\n"
    "    triage_close = 0.0;\n"
    "    domain = \"decentral\";\n"
    "    levels = [1.0, 0.0, 0.0, 0.0, 0.0];\n"
    "  };\n"
    "};\n"
    LF_POOLS
    "decision = { delay_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "providers = { none = { fte = 0.0; }; };\n"
    "basic_units = { cap_fte = 0.0; };\n"
    "levels = { };\n";

/* A level 1 that uses the provider "none" (for tests that need a level). */
static const char LEVEL_1[] =
    "levels = {\n"
    "  level_1 = {\n"
    "    providers = ( { provider = \"none\"; fte = 1.0; } );\n"
    "    duration_days = { dist = \"const\"; value = 10.0; };\n"
    "  };\n"
    "};\n";

/* ---- helpers ---- */

/* `text` with the one occurrence of `from` replaced by `to` (malloc'd). */
static inline char *subst(const char *text, const char *from, const char *to)
{
    const char *p = strstr(text, from);
    if (!p)
        fail_msg("subst: \"%s\" not in the text", from);
    if (strstr(p + 1, from))
        fail_msg("subst: \"%s\" occurs more than once", from);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    size_t k = (size_t)(p - text);
    memcpy(out, text, k);
    strcpy(out + k, to);
    strcat(out, p + strlen(from));
    return out;
}

/* 1-based line of the first occurrence of `needle` in `text`. */
static inline int line_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    if (!p)
        fail_msg("line_of: \"%s\" not in the text", needle);
    int line = 1;
    for (const char *q = text; q < p; q++)
        line += *q == '\n';
    return line;
}

/* Not a scenario: the loader must set *out to NULL on failure. */
static bb_scenario sentinel;

static inline void dump(const bb_errors *e)
{
    for (int i = 0; i < e->n; i++)
        print_error("  [%d] %s\n", i, e->msg[i]);
}

/* True when one message holds all of a, b and c. */
static inline bool has3(const bb_errors *e, const char *a, const char *b, const char *c)
{
    for (int i = 0; i < e->n; i++)
        if (strstr(e->msg[i], a) && strstr(e->msg[i], b) && strstr(e->msg[i], c))
            return true;
    return false;
}

/* Load `text`, expect failure, and one message with "t.cfg:<line>: ",
 * `path` and `msg`, where <line> is the line of `at` in the text. */
static inline void expect_error(const char *text, const char *at, const char *path,
                         const char *msg)
{
    bb_scenario *s = &sentinel; /* must be reset to NULL */
    bb_errors err;
    bb_errors_init(&err);
    int rc = tu_load_text(text, NULL, 0, &s, &err);
    char loc[64];
    snprintf(loc, sizeof loc, "t.cfg:%d: ", line_of(text, at));
    if (rc != BB_ERR_INPUT || s != NULL || !has3(&err, loc, path, msg)) {
        dump(&err);
        fail_msg("rc %d, expected an error with \"%s\", \"%s\", \"%s\"", rc, loc, path, msg);
    }
    /* the helper from testutil.h agrees */
    assert_true(tu_has_error(&err, loc, path));
    /* every message is one line */
    for (int i = 0; i < err.n; i++)
        assert_null(strchr(err.msg[i], '\n'));
    bb_errors_free(&err);
}

/* BASE with `from` replaced by `to` must fail as expect_error says. */
static inline void expect_base_error(const char *from, const char *to, const char *at,
                              const char *path, const char *msg)
{
    char *t = subst(BASE, from, to);
    expect_error(t, at, path, msg);
    free(t);
}

/* Load and expect success. */
static inline bb_scenario *load_ok(const char *text, const char *const *sets, int nsets)
{
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    int rc = tu_load_text(text, sets, nsets, &s, &err);
    if (rc != BB_OK || !s || err.n) {
        dump(&err);
        fail_msg("expected the scenario to load (rc %d, %d messages)", rc, err.n);
    }
    bb_errors_free(&err);
    return s;
}

#endif
