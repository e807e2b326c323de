/*
 * test_scenario_set.c - the loader's --set (a value changed, unknown
 * paths, bad values and ranges with the line of the setting they change)
 * and bb_scenario_write (the written scenario reloads to the same one).
 * BASE and the helpers: loader_fixture.h.
 */
#include "loader_fixture.h"
#include <glob.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

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
        cmocka_unit_test(test_set_changes_value),
        cmocka_unit_test(test_set_unknown_path),
        cmocka_unit_test(test_set_bad_value),
        cmocka_unit_test(test_set_out_of_range),
        cmocka_unit_test(test_set_decimal_into_integer),
        cmocka_unit_test(test_set_decimal_into_integer_error_keeps_line),
        cmocka_unit_test(test_set_array_element_out_of_range_marked),
        cmocka_unit_test(test_write_reloads),
        cmocka_unit_test(test_write_sets_replications_given_as_decimal),
        cmocka_unit_test(test_write_large_seed_reloads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
