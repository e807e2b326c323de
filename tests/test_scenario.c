/*
 * test_scenario.c - the scenario loader (scenario.c): one test per kind of
 * error, each checking "t.cfg:<line>" and the setting's path; --set;
 * @include; the bound on expected arrivals; the shipped scenarios;
 * bb_scenario_write.
 *
 * BASE is scenarios/validation/erlang_c.cfg with one setting per line, so
 * that each test can break one thing and know its line. Lines are found
 * in the broken text itself (line_of), not hard-coded. (That layout is why
 * it is not the shared base of fixture.h, which has several settings to a
 * line.)
 */
#include "testutil.h"
#include "internal.h"
#include <glob.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

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
    "pools = {\n"
    "  information = {\n"
    "    fte = 1.0;\n"
    "    hours = \"24/7\";\n"
    "    effort_hours = { dist = \"const\"; value = 0.0; };\n"
    "  };\n"
    "  advice_decentral = {\n"
    "    fte = 5.0;\n"
    "    hours = \"24/7\";\n"
    "    effort_hours = { dist = \"exponential\"; mean = 10.0; };\n"
    "  };\n"
    "  advice_central = { fte = 1.0; hours = \"24/7\";"
    " effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "};\n"
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
static char *subst(const char *text, const char *from, const char *to)
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
static int line_of(const char *text, const char *needle)
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

static void dump(const bb_errors *e)
{
    for (int i = 0; i < e->n; i++)
        print_error("  [%d] %s\n", i, e->msg[i]);
}

/* True when one message holds all of a, b and c. */
static bool has3(const bb_errors *e, const char *a, const char *b, const char *c)
{
    for (int i = 0; i < e->n; i++)
        if (strstr(e->msg[i], a) && strstr(e->msg[i], b) && strstr(e->msg[i], c))
            return true;
    return false;
}

/* Load `text`, expect failure, and one message with "t.cfg:<line>: ",
 * `path` and `msg`, where <line> is the line of `at` in the text. */
static void expect_error(const char *text, const char *at, const char *path,
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
static void expect_base_error(const char *from, const char *to, const char *at,
                              const char *path, const char *msg)
{
    char *t = subst(BASE, from, to);
    expect_error(t, at, path, msg);
    free(t);
}

/* Load and expect success. */
static bb_scenario *load_ok(const char *text, const char *const *sets, int nsets)
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

/* ---- the base ---- */

static void test_base_loads(void **state)
{
    (void)state;
    bb_scenario *s = load_ok(BASE, NULL, 0);
    assert_string_equal(bb_scenario_name(s), "t");
    int d0, d1;
    assert_int_equal(bb_date_parse("2000-01-01", &d0), 0);
    assert_int_equal(bb_date_parse("2006-01-01", &d1), 0);
    assert_int_equal(bb_scenario_start_day(s), d0);
    assert_true(bb_scenario_horizon_hours(s) == 24.0 * (d1 - d0));
    assert_true(bb_scenario_period_hours(s) == 28 * 24.0);
    assert_int_equal(bb_scenario_replications(s), 10);
    assert_int_equal(bb_scenario_seed(s), 1);
    assert_int_equal(bb_scenario_category_count(s), 1);
    assert_string_equal(bb_scenario_category_name(s, 0), "signal");
    assert_int_equal(bb_scenario_provider_count(s), 1);
    assert_string_equal(bb_scenario_provider_name(s, 0), "none");
    assert_true(s->pool[BB_STAGE_ADVICE_DECENTRAL].fte == 5.0);
    assert_false(s->pool[BB_STAGE_ADVICE_DECENTRAL].office);
    assert_int_equal(s->pool[BB_STAGE_ADVICE_DECENTRAL].effort.kind, BB_D_EXP);
    assert_true(s->pool[BB_STAGE_ADVICE_DECENTRAL].effort.a == 10.0);
    assert_true(s->cat[0].rate_per_year == 3506.4);
    assert_true(s->warmup_h == 30 * 24.0);
    bb_scenario_free(s);

    /* and with a level defined */
    char *t = subst(BASE, "levels = { };\n", LEVEL_1);
    s = load_ok(t, NULL, 0);
    assert_int_equal(s->level[1].nopt, 1);
    assert_int_equal(s->level[1].opt[0].part[0].provider, 0);
    assert_true(s->level[1].duration_h.a == 240.0); /* days into hours */
    bb_scenario_free(s);
    free(t);
}

/* ---- one test per kind of error ---- */

static void test_err_syntax(void **state)
{
    (void)state;
    expect_base_error("    fte = 5.0;\n", "    fte = ;\n", "fte = ;", "", "syntax error");
    /* a missing closing brace is reported too (at libconfig's line) */
    char *t = subst(BASE, "basic_units = { cap_fte = 0.0; };\n",
                    "basic_units = { cap_fte = 0.0;\n");
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(t, NULL, 0, &s, &err), BB_ERR_INPUT);
    assert_null(s);
    assert_true(tu_has_error(&err, "t.cfg:", "syntax error"));
    bb_errors_free(&err);
    free(t);
}

static void test_err_unknown_key(void **state)
{
    (void)state;
    expect_base_error("    fte = 1.0;\n", "    fte = 1.0;\n    ftee = 3;\n",
                      "ftee", "pools.information.ftee", "is not a known setting");
    /* an unknown top-level group */
    expect_base_error("name = \"t\";\n", "name = \"t\";\nextras = { a = 1; };\n",
                      "extras", "extras", "is not a known setting");
    /* an unknown key inside a distribution */
    expect_base_error("mean = 10.0; }", "mean = 10.0; sd = 2.0; }",
                      "sd = 2.0", "pools.advice_decentral.effort_hours.sd",
                      "is not a known setting");
}

static void test_err_wrong_type(void **state)
{
    (void)state;
    expect_base_error("    fte = 5.0;\n", "    fte = \"five\";\n",
                      "\"five\"", "pools.advice_decentral.fte", "must be a number");
    expect_base_error("  start = \"2000-01-01\";\n", "  start = 2000;\n",
                      "start = 2000", "run.start", "must be a date");
    expect_base_error("    domain = \"decentral\";\n", "    domain = 1;\n",
                      "domain = 1", "categories.signal.domain", "must be a string");
}

static void test_err_out_of_range(void **state)
{
    (void)state;
    expect_base_error("    fte = 5.0;\n", "    fte = -3;\n",
                      "fte = -3", "pools.advice_decentral.fte", "must be >= 0 (got -3)");
    expect_base_error("    acute_share = 0.0;\n", "    acute_share = 1.5;\n",
                      "acute_share", "categories.signal.acute_share", "must be <= 1 (got 1.5)");
    expect_base_error("  replications = 10;\n", "  replications = 0;\n",
                      "replications", "run.replications", "must be >= 1 (got 0)");
}

static void test_err_probabilities_sum(void **state)
{
    (void)state;
    expect_base_error("[1.0, 0.0, 0.0, 0.0, 0.0]", "[0.5, 0.0, 0.0, 0.0, 0.0]",
                      "levels = [", "categories.signal.levels", "must sum to 1");
    /* 1 + 1e-3 is out; 1 within 1e-6 is in */
    expect_base_error("[1.0, 0.0, 0.0, 0.0, 0.0]", "[0.999, 0.002, 0.0, 0.0, 0.0]",
                      "levels = [", "categories.signal.levels", "must sum to 1");
    char *t = subst(BASE, "[1.0, 0.0, 0.0, 0.0, 0.0]", "[0.9999999, 0.0, 0.0, 0.0, 0.0]");
    bb_scenario *s = load_ok(t, NULL, 0);
    bb_scenario_free(s);
    free(t);
}

static void test_err_array_length(void **state)
{
    (void)state;
    expect_base_error("[1.0, 0.0, 0.0, 0.0, 0.0]", "[1.0, 0.0, 0.0, 0.0]",
                      "levels = [", "categories.signal.levels",
                      "must be an array of 5 probabilities");
    expect_base_error("[1.0, 0.0, 0.0, 0.0, 0.0]", "[1.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
                      "levels = [", "categories.signal.levels",
                      "must be an array of 5 probabilities");
}

static void test_err_dates_out_of_order(void **state)
{
    (void)state;
    expect_base_error("  end = \"2006-01-01\";\n", "  end = \"1999-06-01\";\n",
                      "end = ", "run.end", "must be after run.start");
    /* equal dates: an empty horizon */
    expect_base_error("  end = \"2006-01-01\";\n", "  end = \"2000-01-01\";\n",
                      "end = ", "run.end", "must be after run.start");
}

static void test_err_invalid_date(void **state)
{
    (void)state;
    expect_base_error("  start = \"2000-01-01\";\n", "  start = \"2000-02-30\";\n",
                      "start = ", "run.start", "must be a date");
    expect_base_error("  end = \"2006-01-01\";\n", "  end = \"2006-1-1\";\n",
                      "end = ", "run.end", "must be a date");
}

static void test_err_unknown_provider_in_level(void **state)
{
    (void)state;
    char *lv = subst(LEVEL_1, "provider = \"none\"", "provider = \"nobody\"");
    char *t = subst(BASE, "levels = { };\n", lv);
    expect_error(t, "\"nobody\"", "levels.level_1.providers", "names no provider");
    expect_error(t, "\"nobody\"", "provider", "(got \"nobody\")");
    free(t);
    free(lv);
}

static void test_err_unknown_category_in_surge(void **state)
{
    (void)state;
    char *t = malloc(strlen(BASE) + 512);
    assert_non_null(t);
    strcpy(t, BASE);
    strcat(t, "surges = (\n"
              "  { name = \"x\"; date = \"2001-01-01\"; duration_days = 10.0;\n"
              "    categories = [\"signal\",\n"
              "                  \"nosuch\"];\n"
              "    rate_factor = 2.0; }\n"
              ");\n");
    /* the path's element syntax is not pinned here, only the line */
    expect_error(t, "\"nosuch\"", "surges", "categories");
    expect_error(t, "\"nosuch\"", "surges", "names no category");
    /* the same with a known category loads */
    char *ok = subst(t, "\"nosuch\"", "\"signal\"");
    bb_scenario *s = load_ok(ok, NULL, 0);
    assert_int_equal(s->nsurge, 1);
    assert_true(s->surge[0].cat[0]);
    assert_true(s->surge[0].factor == 2.0);
    bb_scenario_free(s);
    free(ok);
    /* and an unknown extra_category */
    char *ex = subst(t, "\"nosuch\"];\n", "\"signal\"];\n    extra_category = \"nix\";\n");
    expect_error(ex, "extra_category", "extra_category", "names no category");
    free(ex);
    free(t);
}

static void test_err_unknown_dist(void **state)
{
    (void)state;
    expect_base_error("dist = \"exponential\"", "dist = \"weibull\"",
                      "weibull", "pools.advice_decentral.effort_hours.dist",
                      "must be one of const, exponential, uniform, lognormal, gamma");
    /* a known dist missing its parameter */
    expect_base_error("{ dist = \"exponential\"; mean = 10.0; }", "{ dist = \"exponential\"; }",
                      "effort_hours = { dist = \"exponential\"",
                      "pools.advice_decentral.effort_hours.mean", "is required");
}

static void test_err_required_missing(void **state)
{
    (void)state;
    char *t = subst(BASE, "    fte = 5.0;\n", "");
    /* reported at the line of the group that lacks it */
    expect_error(t, "advice_decentral = {", "pools.advice_decentral.fte", "is required");
    free(t);
    expect_base_error("  start = \"2000-01-01\";\n", "", "run = {", "run.start", "is required");
    expect_base_error("    rate_per_year = 3506.4;\n", "",
                      "signal = {", "categories.signal.rate_per_year", "is required");
}

static void test_err_all_reported(void **state)
{
    (void)state;
    char *a = subst(BASE, "    fte = 5.0;\n", "    fte = -3;\n");
    char *b = subst(a, "    fte = 1.0;\n", "    fte = 1.0;\n    ftee = 3;\n");
    char *c = subst(b, "  end = \"2006-01-01\";\n", "  end = \"2006-13-01\";\n");
    char *t = subst(c, "dist = \"exponential\"", "dist = \"weibull\"");
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(t, NULL, 0, &s, &err), BB_ERR_INPUT);
    assert_null(s);
    if (err.n < 4)
        dump(&err);
    assert_true(err.n >= 4);
    struct {
        const char *at, *path, *msg;
    } want[] = {
        {"fte = -3", "pools.advice_decentral.fte", "must be >= 0"},
        {"ftee", "pools.information.ftee", "is not a known setting"},
        {"2006-13-01", "run.end", "must be a date"},
        {"weibull", "effort_hours.dist", "must be one of"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char loc[64];
        snprintf(loc, sizeof loc, "t.cfg:%d: ", line_of(t, want[i].at));
        if (!has3(&err, loc, want[i].path, want[i].msg)) {
            dump(&err);
            fail_msg("missing: %s %s %s", loc, want[i].path, want[i].msg);
        }
    }
    bb_errors_free(&err);
    free(a);
    free(b);
    free(c);
    free(t);
}

/* ---- --set ---- */

static void test_set_changes_value(void **state)
{
    (void)state;
    const char *sets[] = {
        "pools.advice_decentral.fte=7",     /* float setting, integer text */
        "run.seed=42",                      /* integer setting */
        "run.end=\"2003-01-01\"",           /* string, quoted */
        "name=other",                       /* string, unquoted */
        "categories.signal.acute_share=0.25",
    };
    bb_scenario *s = load_ok(BASE, sets, 5);
    assert_true(s->pool[BB_STAGE_ADVICE_DECENTRAL].fte == 7.0);
    assert_int_equal(bb_scenario_seed(s), 42);
    int d0, d1;
    assert_int_equal(bb_date_parse("2000-01-01", &d0), 0);
    assert_int_equal(bb_date_parse("2003-01-01", &d1), 0);
    assert_true(bb_scenario_horizon_hours(s) == 24.0 * (d1 - d0));
    assert_string_equal(bb_scenario_name(s), "other");
    assert_true(s->cat[0].acute_share == 0.25);
    /* the rest is untouched */
    assert_int_equal(bb_scenario_replications(s), 10);
    assert_true(s->pool[BB_STAGE_INFORMATION].fte == 1.0);
    bb_scenario_free(s);
    /* a later --set of the same path wins */
    const char *twice[] = {"run.seed=5", "run.seed=6"};
    s = load_ok(BASE, twice, 2);
    assert_int_equal(bb_scenario_seed(s), 6);
    bb_scenario_free(s);
}

static void test_set_unknown_path(void **state)
{
    (void)state;
    const char *paths[] = {"pools.advice_decentral.ftee=3", "nosuch.group.x=1",
                           "run.start.x=1"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        bb_scenario *s = &sentinel;
        bb_errors err;
        bb_errors_init(&err);
        int rc = tu_load_text(BASE, &paths[i], 1, &s, &err);
        char path[64];
        snprintf(path, sizeof path, "%.*s", (int)(strchr(paths[i], '=') - paths[i]), paths[i]);
        if (rc != BB_ERR_INPUT || s || !tu_has_error(&err, path, "no such setting")) {
            dump(&err);
            fail_msg("--set %s: rc %d", paths[i], rc);
        }
        bb_errors_free(&err);
    }
    /* not PATH=VALUE */
    const char *bad = "run.seed";
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(BASE, &bad, 1, &s, &err), BB_ERR_INPUT);
    assert_null(s);
    assert_true(tu_has_error(&err, "run.seed", "PATH=VALUE"));
    bb_errors_free(&err);
}

static void test_set_bad_value(void **state)
{
    (void)state;
    struct {
        const char *set, *msg;
    } cases[] = {
        {"pools.advice_decentral.fte=abc", "is not a number"},
        {"pools.advice_decentral.fte=", "is not a number"},
        {"run.replications=ten", "is not a number"},
        {"run.replications=5x", "is not a number"},
        {"pools=3", "group"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bb_scenario *s = &sentinel;
        bb_errors err;
        bb_errors_init(&err);
        int rc = tu_load_text(BASE, &cases[i].set, 1, &s, &err);
        char path[64];
        snprintf(path, sizeof path, "%.*s", (int)(strchr(cases[i].set, '=') - cases[i].set),
                 cases[i].set);
        if (rc != BB_ERR_INPUT || s || !tu_has_error(&err, path, cases[i].msg)) {
            dump(&err);
            fail_msg("--set %s: rc %d, expected \"%s\"", cases[i].set, rc, cases[i].msg);
        }
        bb_errors_free(&err);
    }
}

static void test_set_out_of_range(void **state)
{
    (void)state;
    const char *set = "pools.advice_decentral.fte=-3";
    bb_scenario *s = &sentinel;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(BASE, &set, 1, &s, &err), BB_ERR_INPUT);
    assert_null(s);
    char loc[64];
    snprintf(loc, sizeof loc, "t.cfg:%d (--set): ", line_of(BASE, "    fte = 5.0;"));
    if (!has3(&err, loc, "pools.advice_decentral.fte", "must be >= 0 (got -3)")) {
        dump(&err);
        fail_msg("expected \"%s pools.advice_decentral.fte must be >= 0 (got -3)\"", loc);
    }
    bb_errors_free(&err);

    /* an error in the file itself is not marked (--set) */
    char *t = subst(BASE, "    acute_share = 0.0;\n", "    acute_share = 2.0;\n");
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(t, &set, 1, &s, &err), BB_ERR_INPUT);
    snprintf(loc, sizeof loc, "t.cfg:%d: ", line_of(t, "acute_share"));
    assert_true(has3(&err, loc, "categories.signal.acute_share", "must be <= 1"));
    for (int i = 0; i < err.n; i++)
        if (strstr(err.msg[i], "acute_share"))
            assert_null(strstr(err.msg[i], "(--set)"));
    bb_errors_free(&err);
    free(t);
}

static void test_set_decimal_into_integer(void **state)
{
    (void)state;
    const char *sets[] = {"run.period_days=3.5", "run.seed=7"};
    bb_scenario *s = load_ok(BASE, sets, 2);
    assert_true(bb_scenario_period_hours(s) == 3.5 * 24.0);
    assert_int_equal(bb_scenario_seed(s), 7);
    bb_scenario_free(s);
    /* an integer into a float setting stays exact */
    const char *f = "categories.signal.rate_per_year=1000";
    s = load_ok(BASE, &f, 1);
    assert_true(s->cat[0].rate_per_year == 1000.0);
    bb_scenario_free(s);
}

/* docs/scenarios.md: errors in overridden values are reported as
 * "file:line (--set): ...". A decimal set into an integer setting must
 * keep the setting's line like any other --set. */
static void test_set_decimal_into_integer_error_keeps_line(void **state)
{
    (void)state;
    const char *set = "run.replications=0.5";
    bb_scenario *s = &sentinel;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(BASE, &set, 1, &s, &err), BB_ERR_INPUT);
    assert_null(s);
    char loc[64];
    snprintf(loc, sizeof loc, "t.cfg:%d (--set): ", line_of(BASE, "replications = 10"));
    if (!has3(&err, loc, "run.replications", "must be >= 1 (got 0.5)")) {
        dump(&err);
        fail_msg("expected \"%srun.replications must be >= 1 (got 0.5)\"", loc);
    }
    bb_errors_free(&err);
}

/* An out-of-range value set into an array element (libconfig's path
 * syntax "a.b.[1]") is marked "(--set)" like any other overridden value. */
static void test_set_array_element_out_of_range_marked(void **state)
{
    (void)state;
    /* the element can be set: a valid change loads */
    const char *ok[] = {"categories.signal.levels.[0]=0.25",
                        "categories.signal.levels.[1]=0.75"};
    char *t = subst(BASE, "levels = { };\n", LEVEL_1);
    bb_scenario *s = load_ok(t, ok, 2);
    assert_true(s->cat[0].level_p[0] == 0.25);
    assert_true(s->cat[0].level_p[1] == 0.75);
    bb_scenario_free(s);

    const char *set = "categories.signal.levels.[1]=1.5";
    s = &sentinel;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(t, &set, 1, &s, &err), BB_ERR_INPUT);
    assert_null(s);
    char loc[64];
    snprintf(loc, sizeof loc, "t.cfg:%d (--set): ", line_of(t, "levels = ["));
    if (!has3(&err, loc, "categories.signal.levels", "must be <= 1 (got 1.5)")) {
        dump(&err);
        fail_msg("expected \"%scategories.signal.levels...[1] must be <= 1 (got 1.5)\"", loc);
    }
    bb_errors_free(&err);
    free(t);
}

/* ---- @include ---- */

/* Write files into one fresh directory; returns the directory. */
static char *write_dir(const char *const *names, const char *const *texts, int n)
{
    char tmpl[] = "/tmp/bbtest.XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    for (int i = 0; i < n; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", tmpl, names[i]);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(texts[i], f);
        fclose(f);
    }
    return strdup(tmpl);
}

static void remove_dir(char *dir, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    free(dir);
}

static const char POOLS[] =
    "pools = {\n"
    "  information = {\n"
    "    fte = 1.0;\n"
    "    hours = \"24/7\";\n"
    "    effort_hours = { dist = \"const\"; value = 0.0; };\n"
    "  };\n"
    "  advice_decentral = {\n"
    "    fte = 5.0;\n"
    "    hours = \"24/7\";\n"
    "    effort_hours = { dist = \"exponential\"; mean = 10.0; };\n"
    "  };\n"
    "  advice_central = { fte = 1.0; hours = \"24/7\";"
    " effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "};\n";

static void test_include_same_dir(void **state)
{
    (void)state;
    char *main_text = subst(BASE, POOLS, "@include \"common.cfg\"\n");
    char *common = subst(POOLS, "    fte = 5.0;\n", "    fte = 6.0;\n");
    const char *names[] = {"t.cfg", "common.cfg"};
    const char *texts[] = {main_text, common};
    char *dir = write_dir(names, texts, 2);
    char path[256];
    snprintf(path, sizeof path, "%s/t.cfg", dir);

    /* resolved next to t.cfg, not in the working directory */
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    int rc = bb_scenario_load(path, NULL, 0, &s, &err);
    if (rc != BB_OK)
        dump(&err);
    assert_int_equal(rc, BB_OK);
    assert_non_null(s);
    assert_true(s->pool[BB_STAGE_ADVICE_DECENTRAL].fte == 6.0);
    assert_false(s->pool[BB_STAGE_ADVICE_DECENTRAL].office);
    bb_scenario_free(s);
    bb_errors_free(&err);

    /* --set reaches settings of the included file */
    const char *set = "pools.advice_decentral.fte=9";
    bb_errors_init(&err);
    assert_int_equal(bb_scenario_load(path, &set, 1, &s, &err), BB_OK);
    assert_true(s->pool[BB_STAGE_ADVICE_DECENTRAL].fte == 9.0);
    bb_scenario_free(s);
    bb_errors_free(&err);

    remove_dir(dir, names, 2);
    free(main_text);
    free(common);
}

static void test_include_error_names_included_file(void **state)
{
    (void)state;
    char *main_text = subst(BASE, POOLS, "@include \"common.cfg\"\n");
    char *common = subst(POOLS, "    fte = 5.0;\n", "    fte = -2.0;\n");
    const char *names[] = {"t.cfg", "common.cfg"};
    const char *texts[] = {main_text, common};
    char *dir = write_dir(names, texts, 2);
    char path[256];
    snprintf(path, sizeof path, "%s/t.cfg", dir);
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(bb_scenario_load(path, NULL, 0, &s, &err), BB_ERR_INPUT);
    assert_null(s);
    char loc[64];
    snprintf(loc, sizeof loc, "common.cfg:%d: ", line_of(common, "fte = -2.0"));
    if (!has3(&err, loc, "pools.advice_decentral.fte", "must be >= 0")) {
        dump(&err);
        fail_msg("expected \"%s pools.advice_decentral.fte must be >= 0\"", loc);
    }
    bb_errors_free(&err);
    remove_dir(dir, names, 2);
    free(main_text);
    free(common);
}

static void test_include_missing(void **state)
{
    (void)state;
    char *t = subst(BASE, POOLS, "@include \"missing-bbtest.cfg\"\n");
    bb_scenario *s = &sentinel;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(t, NULL, 0, &s, &err), BB_ERR_INPUT);
    assert_null(s);
    char loc[64];
    snprintf(loc, sizeof loc, "t.cfg:%d: ", line_of(t, "@include"));
    if (!tu_has_error(&err, loc, "include")) {
        dump(&err);
        fail_msg("expected \"%s...include...\"", loc);
    }
    bb_errors_free(&err);
    free(t);
}

/* ---- bounds ---- */

static void test_huge_rate_rejected(void **state)
{
    (void)state;
    /* 1e6 a year (the per-category maximum) for 60 years: 6e7 > 5e7 */
    char *a = subst(BASE, "rate_per_year = 3506.4;", "rate_per_year = 1000000.0;");
    char *t = subst(a, "  end = \"2006-01-01\";\n", "  end = \"2060-01-01\";\n");
    expect_error(t, "categories = {", "categories", "the bound is 5e+07");
    free(t);
    /* 40 years stays under the bound */
    t = subst(a, "  end = \"2006-01-01\";\n", "  end = \"2040-01-01\";\n");
    bb_scenario *s = load_ok(t, NULL, 0);
    bb_scenario_free(s);
    free(t);
    /* growth counts: 1e6 a year growing 10% a year for 20 years is 6e7 */
    char *g = subst(a, "    acute_share = 0.0;\n",
                    "    growth_per_year = 0.1;\n    acute_share = 0.0;\n");
    t = subst(g, "  end = \"2006-01-01\";\n", "  end = \"2020-01-01\";\n");
    expect_error(t, "categories = {", "categories", "the bound is 5e+07");
    free(t);
    free(g);
    /* and a surge's rate factor counts */
    char *u = subst(a, "  end = \"2006-01-01\";\n", "  end = \"2030-01-01\";\n");
    t = malloc(strlen(u) + 256);
    assert_non_null(t);
    strcpy(t, u);
    strcat(t, "surges = ( { date = \"2001-01-01\"; duration_days = 10.0;"
              " categories = [\"signal\"]; rate_factor = 3.0; } );\n");
    expect_error(t, "categories = {", "categories", "the bound is 5e+07");
    free(t);
    free(u);
    free(a);
}

/* ---- the shipped scenarios ---- */

static void test_shipped_scenarios_load(void **state)
{
    (void)state;
    glob_t g;
    memset(&g, 0, sizeof g);
    assert_int_equal(glob("scenarios/*.cfg", 0, NULL, &g), 0);
    assert_int_equal(glob("scenarios/validation/*.cfg", GLOB_APPEND, NULL, &g), 0);
    assert_true(g.gl_pathc >= 3);
    int bad = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        bb_scenario *s = NULL;
        bb_errors err;
        bb_errors_init(&err);
        int rc = bb_scenario_load(g.gl_pathv[i], NULL, 0, &s, &err);
        if (rc != BB_OK || !s || err.n) {
            print_error("%s: rc %d\n", g.gl_pathv[i], rc);
            dump(&err);
            bad++;
        } else {
            assert_true(bb_scenario_horizon_hours(s) > 0);
            assert_true(bb_scenario_category_count(s) > 0);
            assert_true(strlen(bb_scenario_name(s)) > 0);
        }
        bb_scenario_free(s);
        bb_errors_free(&err);
    }
    globfree(&g);
    assert_int_equal(bad, 0);
}

/* ---- bb_scenario_write ---- */

static char *slurp(FILE *f)
{
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = 0;
    return b;
}

/* Write `s` with seed/reps, reload the written text. */
static bb_scenario *write_and_reload(bb_scenario *s, uint64_t seed, int reps, char **text)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(bb_scenario_write(s, f, seed, reps), 0);
    fflush(f);
    *text = slurp(f);
    fclose(f);
    return load_ok(*text, NULL, 0);
}

static void test_write_reloads(void **state)
{
    (void)state;
    const char *set = "pools.advice_decentral.fte=7";
    bb_scenario *s = load_ok(BASE, &set, 1);
    char *text;
    bb_scenario *r = write_and_reload(s, 12345, 3, &text);
    assert_non_null(strstr(text, "seed 12345"));   /* the comment */
    assert_non_null(strstr(text, "12345"));
    assert_non_null(strstr(text, bb_version()));
    assert_int_equal(bb_scenario_seed(r), 12345);
    assert_int_equal(bb_scenario_replications(r), 3);
    /* as run: with the --set value */
    assert_true(r->pool[BB_STAGE_ADVICE_DECENTRAL].fte == 7.0);
    assert_true(bb_scenario_horizon_hours(r) == bb_scenario_horizon_hours(s));
    assert_string_equal(bb_scenario_name(r), bb_scenario_name(s));
    assert_true(r->cat[0].rate_per_year == s->cat[0].rate_per_year);
    bb_scenario_free(r);
    free(text);
    bb_scenario_free(s);

    /* a shipped scenario with an @include writes as one loadable file */
    bb_scenario *b = NULL;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(bb_scenario_load("scenarios/baseline-2019.cfg", NULL, 0, &b, &err), BB_OK);
    r = write_and_reload(b, 99, 2, &text);
    assert_null(strstr(text, "@include"));
    assert_int_equal(bb_scenario_seed(r), 99);
    assert_int_equal(bb_scenario_replications(r), 2);
    assert_int_equal(bb_scenario_provider_count(r), bb_scenario_provider_count(b));
    assert_int_equal(bb_scenario_category_count(r), bb_scenario_category_count(b));
    assert_int_equal(r->ninitial, b->ninitial);
    assert_true(bb_scenario_horizon_hours(r) == bb_scenario_horizon_hours(b));
    bb_scenario_free(r);
    free(text);
    bb_scenario_free(b);
    bb_errors_free(&err);
}

/* docs/scenarios.md: numeric keys accept integers and decimals alike, so
 * `replications = 10.0;` is valid; the written scenario must still carry
 * the replications actually used. */
static void test_write_sets_replications_given_as_decimal(void **state)
{
    (void)state;
    char *t = subst(BASE, "  replications = 10;\n", "  replications = 10.0;\n");
    bb_scenario *s = load_ok(t, NULL, 0);
    assert_int_equal(bb_scenario_replications(s), 10);
    char *text;
    bb_scenario *r = write_and_reload(s, 5, 3, &text);
    assert_int_equal(bb_scenario_seed(r), 5);
    if (bb_scenario_replications(r) != 3) {
        const char *l = strstr(text, "  replications");
        fail_msg("written scenario has %d replications, the run used 3 (\"%.*s\")",
                 bb_scenario_replications(r), l ? (int)strcspn(l, "\n") : 0, l ? l : "");
    }
    bb_scenario_free(r);
    free(text);
    bb_scenario_free(s);
    free(t);
}

/* bbsim run --seed accepts any whole number up to INT64_MAX and writes
 * it into scenario.cfg; that file must reproduce the run, so the loader
 * must take the seed back unchanged. */
static void test_write_large_seed_reloads(void **state)
{
    (void)state;
    bb_scenario *s = load_ok(BASE, NULL, 0);
    const uint64_t seeds[] = {0, 4294967296ULL, 9000000000000000ULL,
                              10000000000000000ULL, 1ULL << 62, (uint64_t)INT64_MAX};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        FILE *f = tmpfile();
        assert_non_null(f);
        assert_int_equal(bb_scenario_write(s, f, seeds[i], 2), 0);
        fflush(f);
        char *text = slurp(f);
        fclose(f);
        bb_scenario *r = NULL;
        bb_errors err;
        bb_errors_init(&err);
        int rc = tu_load_text(text, NULL, 0, &r, &err);
        if (rc != BB_OK || bb_scenario_seed(r) != seeds[i]) {
            dump(&err);
            fail_msg("seed %llu: written scenario reloads with rc %d, seed %llu",
                     (unsigned long long)seeds[i], rc,
                     r ? (unsigned long long)bb_scenario_seed(r) : 0ULL);
        }
        bb_scenario_free(r);
        bb_errors_free(&err);
        free(text);
    }
    bb_scenario_free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_loads),
        cmocka_unit_test(test_err_syntax),
        cmocka_unit_test(test_err_unknown_key),
        cmocka_unit_test(test_err_wrong_type),
        cmocka_unit_test(test_err_out_of_range),
        cmocka_unit_test(test_err_probabilities_sum),
        cmocka_unit_test(test_err_array_length),
        cmocka_unit_test(test_err_dates_out_of_order),
        cmocka_unit_test(test_err_invalid_date),
        cmocka_unit_test(test_err_unknown_provider_in_level),
        cmocka_unit_test(test_err_unknown_category_in_surge),
        cmocka_unit_test(test_err_unknown_dist),
        cmocka_unit_test(test_err_required_missing),
        cmocka_unit_test(test_err_all_reported),
        cmocka_unit_test(test_set_changes_value),
        cmocka_unit_test(test_set_unknown_path),
        cmocka_unit_test(test_set_bad_value),
        cmocka_unit_test(test_set_out_of_range),
        cmocka_unit_test(test_set_decimal_into_integer),
        cmocka_unit_test(test_set_decimal_into_integer_error_keeps_line),
        cmocka_unit_test(test_set_array_element_out_of_range_marked),
        cmocka_unit_test(test_include_same_dir),
        cmocka_unit_test(test_include_error_names_included_file),
        cmocka_unit_test(test_include_missing),
        cmocka_unit_test(test_huge_rate_rejected),
        cmocka_unit_test(test_shipped_scenarios_load),
        cmocka_unit_test(test_write_reloads),
        cmocka_unit_test(test_write_sets_replications_given_as_decimal),
        cmocka_unit_test(test_write_large_seed_reloads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
