/*
 * test_loader_robust.c - the scenario loader on hostile and edge input.
 *
 * Each test pins a loader bug found while fuzzing (docs/robustness.md):
 * dates before 1970, --set values that do not fit 32 bits, a --set that
 * replaces a setting an earlier --set created, control characters in
 * messages, FTE changes past the bound, GSL's aborting error handler,
 * office hours a hair apart, markers before the start, an @include of a
 * directory (libconfig's scanner exits the process), and messages for
 * missing top-level groups.
 */
#include "fixture.h"
#include "internal.h"
#include <gsl/gsl_errno.h>
#include <math.h>

/* The shared base (fixture.h) over one year with office-hours pools that
 * take an hour a case, one provider p of 5 FTE and a level 1 at p; no
 * calendar group (a test brings its own). */
static const char *const EDGE[] = {
    "run = { start = \"2019-01-01\"; end = \"2020-01-01\"; seed = 1; replications = 1; };",
    "calendar", /* removed */
    "categories = { a = { rate_per_year = 100.0; levels = [0.0, 1.0, 0.0, 0.0, 0.0]; }; };",
    "pools = {\n"
    "  information = { fte = 1.0; effort_hours = { dist = \"const\"; value = 1.0; }; };\n"
    "  advice_decentral = { fte = 1.0; effort_hours = { dist = \"const\"; value = 1.0; }; };\n"
    "  advice_central = { fte = 1.0; effort_hours = { dist = \"const\"; value = 1.0; }; };\n"
    "};",
    "providers = { p = { fte = 5.0; }; };",
    "basic_units = { cap_fte = 10.0; };",
    "levels = { level_1 = { providers = ( { provider = \"p\"; fte = 1.0; } );\n"
    "                       duration_days = { dist = \"const\"; value = 10.0; }; }; };",
};

/* Load EDGE with `run` replaced (if given) plus extra text. */
static int load(const char *run, const char *extra, const char *const *sets, int nsets,
                bb_scenario **s, bb_errors *err)
{
    const char *over[sizeof EDGE / sizeof EDGE[0] + 1];
    int n = 0;
    for (; n < (int)(sizeof EDGE / sizeof EDGE[0]); n++)
        over[n] = EDGE[n];
    if (run)
        over[n++] = run;
    bb_errors_init(err);
    return fx_load(over, n, extra, sets, nsets, s, err);
}

static void print(const bb_errors *e)
{
    for (int i = 0; i < e->n; i++)
        fprintf(stderr, "  %s\n", e->msg[i]);
}

static void test_dates_before_1970(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    int rc = load("run = { start = \"1950-01-01\"; end = \"1960-01-01\"; };",
                  "surges = ( { date = \"1955-06-01\"; rate_factor = 2.0; duration_days = 10.0; } );\n"
                  "changes = ( { date = \"1959-01-01\"; provider = \"p\"; delta_fte = 1.0; } );\n",
                  NULL, 0, &s, &err);
    print(&err);
    assert_int_equal(rc, BB_OK);
    tu_assert_near(bb_scenario_horizon_hours(s), 24.0 * 3652, 1e-9);
    bb_marker mk[4];
    assert_int_equal(bb_scenario_markers(s, mk, 4), 2);
    assert_true(mk[0].t > 0 && mk[1].t > mk[0].t);
    bb_sim *sim = bb_sim_new(s, 1, 0);
    assert_int_equal(bb_sim_run(sim), BB_RUN_DONE);
    assert_true(bb_sim_now(sim) == bb_scenario_horizon_hours(s));
    bb_sim_free(sim);
    bb_scenario_free(s);
    bb_errors_free(&err);

    /* an end before the start is an error, also before 1970 (it passed
     * with a horizon of 0 before) */
    rc = load("run = { start = \"1960-01-01\"; end = \"1950-01-01\"; };", NULL, NULL, 0, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "run.end", "must be after run.start"));
    bb_errors_free(&err);
    rc = load("run = { start = \"1900-01-01\"; end = \"2001-01-01\"; };", NULL, NULL, 0, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "run.end", "at most 100 years"));
    bb_errors_free(&err);
}

static void test_set_beyond_32_bits(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    /* run.seed = 1 is a 32-bit setting in the file; libconfig would store 0 */
    const char *sets[] = {"run.seed=4294967297"};
    assert_int_equal(load(NULL, NULL, sets, 1, &s, &err), BB_OK);
    assert_true(bb_scenario_seed(s) == 4294967297ULL);
    bb_scenario_free(s);
    bb_errors_free(&err);
    const char *big[] = {"run.replications=99999999999"};
    assert_int_equal(load(NULL, NULL, big, 1, &s, &err), BB_ERR_INPUT);
    print(&err);
    assert_true(tu_has_error(&err, "run.replications", "got 1e+11"));
    bb_errors_free(&err);
}

static void test_set_replaces_created_setting(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    /* the first --set adds run.max_events (an integer), the second turns it
     * into a decimal: the loader must not keep a pointer to the first */
    const char *sets[] = {"run.max_events=5000", "run.max_events=6000.5"};
    assert_int_equal(load(NULL, NULL, sets, 2, &s, &err), BB_OK);
    assert_int_equal(s->max_events, 6000);
    bb_scenario_free(s);
    bb_errors_free(&err);
    const char *unknown[] = {"no.such=1", "no.such=1.5", "no.such=2"};
    assert_int_equal(load(NULL, NULL, unknown, 3, &s, &err), BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "--set no.such", "no such setting"));
    bb_errors_free(&err);
}

static void test_messages_are_one_line(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    const char *sets[] = {"multi\nline", "levels.level_1.when_full=x\ry"};
    int rc = load(NULL, "description = 3;\n", sets, 2, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    assert_true(err.n >= 2);
    for (int i = 0; i < err.n; i++)
        assert_null(strpbrk(err.msg[i], "\n\r"));
    assert_true(tu_has_error(&err, "multi\\nline", NULL));
    assert_true(tu_has_error(&err, "x\\ry", NULL));
    bb_errors_free(&err);
    /* a "\n" escape inside a string of the file */
    rc = load(NULL, "surges = ( { date = \"2019-02-01\"; categories = [\"a\\nb\"]; } );\n",
              NULL, 0, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    for (int i = 0; i < err.n; i++)
        assert_null(strchr(err.msg[i], '\n'));
    bb_errors_free(&err);
}

static void test_change_above_max_fte(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    int rc = load(NULL,
                  "changes = ( { date = \"2019-02-01\"; provider = \"p\"; delta_fte = 1.0; },\n"
                  "            { date = \"2019-03-01\"; provider = \"p\"; delta_fte = 100000.0; } );\n",
                  NULL, 0, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    print(&err);
    assert_true(tu_has_error(&err, "changes.[1].delta_fte", "above 100000 FTE"));
    bb_errors_free(&err);
}

static void test_gsl_never_aborts(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    assert_int_equal(load(NULL, NULL, NULL, 0, &s, &err), BB_OK);
    /* shape 0.01: GSL's gamma inverse does not converge for some u; its
     * default handler would abort the process */
    bb_dist d = {BB_D_GAMMA, 1e5, 10.0};
    for (int i = 0; i <= 1000; i++) {
        double x = bb_dist_quantile(&d, i / 1000.0);
        assert_true(isfinite(x) && x >= 0);
        x = bb_dist_residual(&d, i / 1000.0, 0.5);
        assert_true(isfinite(x) && x >= 0);
    }
    bb_scenario_free(s);
    bb_errors_free(&err);
}

static void test_office_hours_a_hair_apart(void **st)
{
    (void)st;
    bb_office o = {17897, 8.0, nextafter(8.0, 9.0)};
    double t = bb_office_advance(&o, 100.0, 1e5);
    assert_true(isfinite(t) && t > 1e10);
    o.open_h = 23.0;
    o.close_h = nextafter(23.0, 24.0);
    t = bb_office_advance(&o, 5.0, 1.0);
    assert_true(isfinite(t) && t > 1e10);
    /* normal hours still add up exactly: from Tuesday 2019-01-01 08:00,
     * 45 working hours end on Monday 17:00; 18 x 45 h, 17 weeks later */
    o.open_h = 8.0;
    o.close_h = 17.0;
    assert_true(bb_office_advance(&o, 8.0, 45.0) == 6 * 24.0 + 17.0);
    assert_true(bb_office_advance(&o, 8.0, 18 * 45.0) == 6 * 24.0 + 17.0 + 17 * 168.0);
    /* such a scenario loads and runs (bounded) */
    bb_scenario *s;
    bb_errors err;
    const char *sets[] = {"calendar.office_open_hour=8.0", "calendar.office_close_hour=8.000000000000002"};
    assert_int_equal(load(NULL, "calendar = { office_open_hour = 8; office_close_hour = 17; };\n",
                          sets, 2, &s, &err), BB_OK);
    bb_sim *sim = bb_sim_new(s, 1, 0);
    int rc = bb_sim_step(sim, 200000);
    assert_true(rc == BB_RUN_DONE || rc == BB_RUN_MORE);
    bb_sim_free(sim);
    bb_scenario_free(s);
    bb_errors_free(&err);
}

static void test_planned_marker_before_start(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    assert_int_equal(load(NULL,
                          "planned = ( { name = \"trial\"; provider = \"p\"; from = \"2018-01-01\";\n"
                          "              to = \"2019-06-01\"; weekdays = [1]; officers = 2.0; } );\n",
                          NULL, 0, &s, &err), BB_OK);
    bb_marker mk[2];
    assert_int_equal(bb_scenario_markers(s, mk, 2), 1);
    assert_true(mk[0].t == 0.0);
    bb_scenario_free(s);
    bb_errors_free(&err);
}

static void test_include_of_a_directory(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    /* libconfig's scanner would call exit(2) from inside the library.
     * libconfig 1.5 puts the include directory in front of every name,
     * an absolute one too: "/tmp" is looked for as DIR//tmp. */
    int rc = load(NULL, "@include \"/tmp\"\n", NULL, 0, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    print(&err);
    assert_true(tu_has_error(&err, "cannot open @include \"/tmp\": looked for", "No such file"));
    bb_errors_free(&err);
    /* relative, found in the fallback ./scenarios */
    rc = load(NULL, "@include \"common\"\n", NULL, 0, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "@include \"common\" is not a regular file (scenarios/common is a directory)", NULL));
    bb_errors_free(&err);
    /* "/common" is scenarios//common, the same directory */
    rc = load(NULL, "@include \"/common\"\n", NULL, 0, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "@include \"/common\" is not a regular file", "a directory"));
    bb_errors_free(&err);
    /* the test file is in /tmp/bbtest.XXXXXX/: two levels up is / */
    rc = load(NULL, "@include \"../../dev/null\"\n", NULL, 0, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "a device, pipe or socket", NULL));
    bb_errors_free(&err);
    /* inside a comment or a string it is text */
    rc = load(NULL, "/* not this:\n@include \"common\"\n*/\n"
                    "description = \"a string\n@include \\\"common\\\" over lines\";\n",
              NULL, 0, &s, &err);
    print(&err);
    assert_int_equal(rc, BB_OK);
    bb_scenario_free(s);
    bb_errors_free(&err);
    /* a block-comment opener inside a # or // comment opens nothing (found by fuzzing) */
    rc = load(NULL, "# a /* in a comment\n// and /* here\n@include \"common\"\n", NULL, 0, &s, &err);
    assert_int_equal(rc, BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "is not a regular file", NULL));
    bb_errors_free(&err);
    /* the scenario path itself */
    bb_errors_init(&err);
    assert_int_equal(bb_scenario_load("scenarios", NULL, 0, &s, &err), BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "scenarios: cannot open: Is a directory", NULL));
    bb_errors_free(&err);
}

static void test_missing_top_level_groups(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    bb_errors_init(&err);
    char *p = tu_write_tmp("empty.cfg", "");
    assert_int_equal(bb_scenario_load(p, NULL, 0, &s, &err), BB_ERR_INPUT);
    /* one message per missing group, at the file, not "(--set)", and no
     * second message for a key of a group that is absent */
    assert_int_equal(err.n, 7);
    assert_true(tu_has_error(&err, "empty.cfg: basic_units is required", NULL));
    for (int i = 0; i < err.n; i++) {
        assert_null(strstr(err.msg[i], "(--set)"));
        assert_null(strstr(err.msg[i], "cap_fte"));
    }
    bb_errors_free(&err);
    free(p);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_before_1970),
        cmocka_unit_test(test_set_beyond_32_bits),
        cmocka_unit_test(test_set_replaces_created_setting),
        cmocka_unit_test(test_messages_are_one_line),
        cmocka_unit_test(test_change_above_max_fte),
        cmocka_unit_test(test_gsl_never_aborts),
        cmocka_unit_test(test_office_hours_a_hair_apart),
        cmocka_unit_test(test_planned_marker_before_start),
        cmocka_unit_test(test_include_of_a_directory),
        cmocka_unit_test(test_missing_top_level_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
