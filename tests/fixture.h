/*
 * fixture.h - the tests' shared base scenario and its loader.
 *
 * FX_BASE is a tiny scenario that runs in milliseconds: one signal
 * category with cases (a, 0.1 an hour, all to level 1) and one without
 * (b), three 24/7 pools of 1 FTE with no work, no decision delay, two
 * providers of 1,000 FTE, basic units that can lend without bound,
 * levels 1 and 2 of 10 days each, nothing costs anything; two years from
 * 2019-01-01, weekly periods.
 *
 * A test file varies it in three ways, from coarse to fine:
 *   - overrides: whole top-level settings ("providers = { ... };") that
 *     replace the base's setting of that name in place, or are added
 *     after the base when it has none; a bare name ("calendar") removes
 *     the base's setting. A later override of a name wins over an
 *     earlier one, so a file's variant of the base and a test's own
 *     override can be given in one list.
 *   - extra: text appended as it is (settings the base lacks, comments,
 *     @include lines).
 *   - --set strings, as bbsim takes them.
 * The text is loaded as t.cfg in a fresh directory (tu_load_text), so
 * messages read "t.cfg:<line>: ...".
 */
#ifndef BB_FIXTURE_H
#define BB_FIXTURE_H

#include "testutil.h"

/* One top-level setting per entry, each ending in a newline. */
static const char *const FX_BASE[] = {
    "name = \"tiny\";\n",
    "run = { start = \"2019-01-01\"; end = \"2021-01-01\"; replications = 1; seed = 7;\n"
    "        period_days = 7; };\n",
    "calendar = { productive_hours_per_fte = 8760.0; };\n",
    "targets = { acute_hours = 24.0; regular_days = 28.0; };\n",
    "categories = {\n"
    "  a = { rate_per_year = 876.6; acute_share = 0.0; triage_close = 0.0;\n"
    "        domain = \"decentral\"; escalation_per_year = 0.0;\n"
    "        levels = [0.0, 1.0, 0.0, 0.0, 0.0]; };\n"
    "  b = { rate_per_year = 0.0; acute_share = 0.0; triage_close = 0.0;\n"
    "        domain = \"central\"; levels = [1.0, 0.0, 0.0, 0.0, 0.0]; };\n"
    "};\n",
    "pools = {\n"
    "  information = { fte = 1.0; hours = \"24/7\"; cost_per_fte_year = 0.0;\n"
    "                  effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "  advice_decentral = { fte = 1.0; hours = \"24/7\"; cost_per_fte_year = 0.0;\n"
    "                  effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "  advice_central = { fte = 1.0; hours = \"24/7\"; cost_per_fte_year = 0.0;\n"
    "                  effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "};\n",
    "decision = { delay_hours = { dist = \"const\"; value = 0.0; }; };\n",
    "providers = { p1 = { fte = 1000.0; cost_per_fte_year = 0.0; };\n"
    "              p2 = { fte = 1000.0; cost_per_fte_year = 0.0; }; };\n",
    "basic_units = { cap_fte = 100000.0; cost_per_hour = 0.0; };\n",
    "levels = {\n"
    "  level_1 = { providers = ( { provider = \"p1\"; fte = 1.0; } ); when_full = \"borrow\";\n"
    "              duration_days = { dist = \"const\"; value = 10.0; };\n"
    "              review_weeks = 0.0; transitions = [0.0, 1.0, 0.0, 0.0, 0.0]; };\n"
    "  level_2 = { providers = ( { provider = \"p2\"; fte = 1.0; } ); when_full = \"borrow\";\n"
    "              duration_days = { dist = \"const\"; value = 10.0; }; };\n"
    "};\n",
};
#define FX_NBASE ((int)(sizeof FX_BASE / sizeof FX_BASE[0]))

/* A named list of overrides and its length (SETS gives a literal one). */
#define FX_LIST(a) (a), (int)(sizeof(a) / sizeof((a)[0]))

/* Length of the name a top-level setting (or a bare name) starts with. */
static inline size_t fx_name_len(const char *e)
{
    return strcspn(e, " \t\n=:;");
}

static inline int fx_same_name(const char *a, const char *b)
{
    size_t n = fx_name_len(a);
    return n == fx_name_len(b) && strncmp(a, b, n) == 0;
}

/* The override that decides the setting named like `e`: the last one of
 * that name, or NULL. */
static inline const char *fx_override(const char *e, const char *const *over, int nover)
{
    const char *o = NULL;
    for (int i = 0; i < nover; i++)
        if (fx_same_name(over[i], e))
            o = over[i];
    return o;
}

static inline void fx_put(char *out, const char *e)
{
    if (!e[fx_name_len(e)]) /* a bare name: removed */
        return;
    strcat(out, e);
    if (e[strlen(e) - 1] != '\n')
        strcat(out, "\n");
}

/* The base with the overrides applied and `extra` (may be NULL)
 * appended; malloc'd. */
static inline char *fx_text(const char *const *over, int nover, const char *extra)
{
    size_t n = (extra ? strlen(extra) : 0) + 1;
    for (int i = 0; i < FX_NBASE; i++)
        n += strlen(FX_BASE[i]) + 1;
    for (int i = 0; i < nover; i++)
        n += strlen(over[i]) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    out[0] = 0;
    for (int i = 0; i < FX_NBASE; i++) {
        const char *o = fx_override(FX_BASE[i], over, nover);
        fx_put(out, o ? o : FX_BASE[i]);
    }
    for (int i = 0; i < nover; i++) {
        int in_base = 0;
        for (int k = 0; k < FX_NBASE; k++)
            in_base |= fx_same_name(over[i], FX_BASE[k]);
        if (in_base || fx_override(over[i], over, nover) != over[i])
            continue; /* placed above, or a later one of its name wins */
        if (!over[i][fx_name_len(over[i])])
            fail_msg("fixture: removes \"%s\", which the base does not have", over[i]);
        fx_put(out, over[i]);
    }
    if (extra)
        strcat(out, extra);
    return out;
}

/* Load the base with overrides, extra text and --set strings; returns
 * the status and fills err (which the caller has initialised). */
static inline int fx_load(const char *const *over, int nover, const char *extra,
                          const char *const *sets, int nsets, bb_scenario **s, bb_errors *err)
{
    char *text = fx_text(over, nover, extra);
    int rc = tu_load_text(text, sets, nsets, s, err);
    free(text);
    return rc;
}

/* The same, but the scenario must load: prints its messages and fails
 * the test otherwise. */
static inline bb_scenario *fx_load_ok(const char *const *over, int nover, const char *extra,
                                      const char *const *sets, int nsets)
{
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    int rc = fx_load(over, nover, extra, sets, nsets, &s, &err);
    for (int i = 0; i < err.n; i++)
        print_error("%s\n", err.msg[i]);
    bb_errors_free(&err);
    assert_int_equal(rc, BB_OK);
    assert_non_null(s);
    return s;
}

/* A replication of a loaded variant and its metric rows: what most model
 * tests do (load, run once, read figures, free). */
typedef struct fx_run {
    bb_scenario *s;
    bb_sim *sim;
    const bb_metric *rows;
    int n;
} fx_run;

/* Load the variant (as fx_load_ok) and create replication 0 of seed. */
static inline void fx_start(fx_run *r, const char *const *over, int nover, const char *extra,
                            const char *const *sets, int nsets, uint64_t seed)
{
    r->s = fx_load_ok(over, nover, extra, sets, nsets);
    r->sim = bb_sim_new(r->s, seed, 0);
    assert_non_null(r->sim);
    r->rows = NULL;
    r->n = 0;
}

/* Run it to its end and take its metric rows. */
static inline void fx_finish(fx_run *r)
{
    assert_int_equal(bb_sim_run(r->sim), BB_RUN_DONE);
    r->n = bb_sim_metrics(r->sim, &r->rows);
    assert_true(r->n > 0);
}

/* A whole-run metric, or one calendar year's. */
static inline double fx_m(const fx_run *r, const char *metric, const char *group)
{
    return tu_metric(r->rows, r->n, metric, group);
}

static inline double fx_my(const fx_run *r, const char *metric, const char *group, int year)
{
    return tu_metric_year(r->rows, r->n, metric, group, year);
}

static inline void fx_done(fx_run *r)
{
    bb_sim_free(r->sim);
    bb_scenario_free(r->s);
}

#endif
