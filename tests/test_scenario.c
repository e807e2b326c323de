/*
 * test_scenario.c - the scenario loader (scenario.c): one test per kind of
 * error, each checking "t.cfg:<line>" and the setting's path; @include;
 * the bound on expected arrivals; the shipped scenarios. --set and
 * bb_scenario_write: test_scenario_set.c. BASE and the helpers:
 * loader_fixture.h.
 */
#include "loader_fixture.h"
#include <glob.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

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

static const char POOLS[] = LF_POOLS; /* as in BASE, so subst finds it */

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
        cmocka_unit_test(test_include_same_dir),
        cmocka_unit_test(test_include_error_names_included_file),
        cmocka_unit_test(test_include_missing),
        cmocka_unit_test(test_huge_rate_rejected),
        cmocka_unit_test(test_shipped_scenarios_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
