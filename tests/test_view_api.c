/*
 * test_view_api.c - the library calls the briefing view needs: scenario
 * titles and Dutch labels (title, title_nl, label_nl), markers with their
 * index, providers that ever have capacity, the budget of a window of
 * time, the cost charged to budget lines to date, and investments made
 * while running (bb_sim_invest) with the time their first FTE arrive
 * (bb_sim_invest_arrival).
 */
#include "fixture.h"
#include <gsl/gsl_errno.h>
#include <math.h>

/* The shared base (fixture.h) with no cases and a provider p1 whose new
 * positions take 10 weeks to fill and 20 to train. */
static const char *const V[] = {
    "categories = { a = { rate_per_year = 0.0; levels = [0.0, 1.0, 0.0, 0.0, 0.0]; }; };",
    "providers = { p1 = { fte = 10.0;\n"
    "  workforce = { recruit_weeks = { dist = \"const\"; value = 10.0; };\n"
    "                train_weeks = { dist = \"const\"; value = 20.0; }; }; };\n"
    "  p2 = { fte = 0.0; }; p3 = { fte = 0.0; }; };",
    "levels = { level_1 = { providers = ( { provider = \"p1\"; fte = 1.0; } );\n"
    "           duration_days = { dist = \"const\"; value = 1000.0; }; }; };",
};

#define WEEK 168.0
#define T_JULY 4344.0 /* 2019-07-01 */

/* V, then `over` (a top-level setting replacing V's, or NULL), then
 * `extra` as it is. */
static bb_scenario *load2(const char *over, const char *extra, bb_errors *err)
{
    const char *o[8];
    int n = 0;
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++)
        o[n++] = V[i];
    if (over)
        o[n++] = over;
    bb_scenario *s = NULL;
    int rc = fx_load(o, n, extra, NULL, 0, &s, err);
    return rc == BB_OK ? s : NULL;
}

static bb_scenario *load(const char *extra, bb_errors *err) { return load2(NULL, extra, err); }

static bb_scenario *load_ok2(const char *over, const char *extra)
{
    bb_errors err;
    bb_errors_init(&err);
    bb_scenario *s = load2(over, extra, &err);
    for (int i = 0; !s && i < err.n; i++)
        fprintf(stderr, "%s\n", err.msg[i]);
    bb_errors_free(&err);
    assert_non_null(s);
    return s;
}

static bb_scenario *load_ok(const char *extra) { return load_ok2(NULL, extra); }

static void test_titles_and_dutch_labels(void **st)
{
    (void)st;
    bb_scenario *s = load_ok("title = \"Without the package\";\n"
                             "title_nl = \"Zonder het pakket\";\n"
                             "surges = ( { name = \"Shock\"; label_nl = \"Schok\"; date = \"2019-03-01\"; } );\n"
                             "investments = ( { date = \"2019-07-01\"; provider = \"p1\"; delta_fte = 5.0;\n"
                             "  label = \"+5 p1\"; label_nl = \"+5 FTE p1\"; },\n"
                             "  { date = \"2019-08-01\"; provider = \"p2\"; delta_fte = 1.0; } );\n"
                             "changes = ( { date = \"2019-09-01\"; provider = \"p1\"; delta_fte = 1.0;\n"
                             "  label_nl = \"p1 erbij\"; } );\n");
    assert_string_equal(bb_scenario_title(s, 1), "Zonder het pakket");
    assert_string_equal(bb_scenario_title(s, 0), "Without the package");
    bb_marker m[8];
    int n = bb_scenario_markers(s, m, 8);
    assert_int_equal(n, 4);
    assert_int_equal(m[0].kind, 's');
    assert_string_equal(m[0].label_nl, "Schok");
    assert_int_equal(m[1].kind, 'i');
    assert_int_equal(m[1].ref, 0);
    assert_string_equal(m[1].label, "+5 p1");
    assert_string_equal(m[1].label_nl, "+5 FTE p1");
    assert_int_equal(m[2].ref, 1);
    assert_string_equal(m[2].label_nl, ""); /* none given */
    assert_string_equal(m[3].label_nl, "p1 erbij");
    /* p1 has FTE, p2 gets some through an investment, p3 never */
    assert_true(bb_scenario_provider_staffed(s, 0));
    assert_true(bb_scenario_provider_staffed(s, 1));
    assert_false(bb_scenario_provider_staffed(s, 2));
    assert_false(bb_scenario_provider_staffed(s, 9));
    bb_scenario_free(s);

    /* only one title: both languages get it; none: the name */
    s = load_ok("title = \"Only English\";\n");
    assert_string_equal(bb_scenario_title(s, 1), "Only English");
    bb_scenario_free(s);
    s = load_ok("");
    assert_string_equal(bb_scenario_title(s, 1), "tiny");
    bb_scenario_free(s);

    /* a label that does not fit is an error with its line, not cut */
    bb_errors err;
    bb_errors_init(&err);
    char text[400];
    snprintf(text, sizeof text,
             "investments = ( { date = \"2019-07-01\"; provider = \"p1\"; delta_fte = 5.0;\n"
             "  label_nl = \"%070d\"; } );\n", 0);
    assert_null(load(text, &err));
    assert_int_equal(err.n, 1);
    assert_non_null(strstr(err.msg[0], "label_nl must be at most 63 bytes"));
    bb_errors_free(&err);
    bb_errors_init(&err);
    assert_null(load("title_nl = 5;\n", &err));
    assert_non_null(strstr(err.msg[0], "title_nl must be a string"));
    bb_errors_free(&err);
}

static void test_budget_window(void **st)
{
    (void)st;
    /* 365 M in 2019 and 730 M in 2020 on a modelled line; a line the
     * model does not simulate counts for nothing */
    bb_scenario *s = load_ok("budget_lines = {\n"
                             "  l = { first_year = 2019; eur_million = [365.0, 732.0]; };\n"
                             "  x = { first_year = 2019; eur_million = [1000.0]; modelled = false; };\n"
                             "};\n");
    tu_assert_near(bb_scenario_budget(s, 0, 24 * 365.0), 365e6, 1e-3);
    /* 1 July 2019 to 1 July 2020: 184 days of 2019 and 182 of 2020 (a leap year) */
    double a = 24 * 181.0, b = a + 24 * 366.0;
    tu_assert_near(bb_scenario_budget(s, a, b), 365e6 * 184 / 365 + 732e6 * 182 / 366, 1e-3);
    assert_true(bb_scenario_budget(s, b, a) == 0);
    bb_scenario_free(s);
}

static double cap_at(bb_sim *sim, double t)
{
    bb_sim_run_until(sim, t);
    bb_state x;
    bb_sim_state(sim, &x);
    return x.prov_capacity[0];
}

static void test_invest_through_pipeline(void **st)
{
    (void)st;
    bb_scenario *s = load_ok("investments = ( { date = \"2019-07-01\"; provider = \"p1\";\n"
                             "  delta_fte = 5.0; } );\n");
    bb_sim *sim = bb_sim_new(s, 3, 0);
    assert_non_null(sim);
    /* the scenario's investment: its first FTE after 30 weeks */
    assert_true(bb_sim_invest_arrival(sim, 0) < 0);
    /* one made now, at week 10: +3 FTE arrive 30 weeks later */
    assert_true(cap_at(sim, 10 * WEEK) == 10.0);
    int id = bb_sim_invest(sim, BB_POOLS + 0, 3.0);
    assert_int_equal(id, 1); /* after the scenario's one */
    bb_state x;
    bb_sim_state(sim, &x);
    tu_assert_near(x.prov_pipeline_fte[0], 3.0, 1e-9);
    assert_true(x.prov_capacity[0] == 10.0);
    assert_true(cap_at(sim, 40 * WEEK - 1) == 10.0);
    assert_true(bb_sim_invest_arrival(sim, id) < 0);
    assert_true(cap_at(sim, 40 * WEEK + 1) == 13.0);
    tu_assert_near(bb_sim_invest_arrival(sim, id), 40 * WEEK, 1e-6);
    assert_true(bb_sim_invest_arrival(sim, 0) < 0);
    assert_true(cap_at(sim, T_JULY + 30 * WEEK + 1) == 18.0);
    tu_assert_near(bb_sim_invest_arrival(sim, 0), T_JULY + 30 * WEEK, 1e-6);
    /* a cut takes FTE at once; its arrival is now */
    double now = bb_sim_now(sim);
    int cut = bb_sim_invest(sim, BB_POOLS + 0, -8.0);
    assert_true(cut > id);
    bb_sim_state(sim, &x);
    assert_true(x.prov_capacity[0] == 10.0);
    tu_assert_near(bb_sim_invest_arrival(sim, cut), now, 1e-9);
    /* a pool without a workforce group: at once */
    int pid = bb_sim_invest(sim, BB_STAGE_INFORMATION, 2.0);
    assert_true(pid >= 0);
    bb_sim_state(sim, &x);
    tu_assert_near(x.pool_fte[BB_STAGE_INFORMATION], 3.0, 1e-9);
    /* bad arguments */
    assert_int_equal(bb_sim_invest(sim, -1, 1.0), -1);
    assert_int_equal(bb_sim_invest(sim, BB_POOLS + 3, 1.0), -1);
    assert_int_equal(bb_sim_invest(sim, 0, NAN), -1);
    assert_true(bb_sim_invest_arrival(sim, 99) < 0);
    assert_true(bb_sim_invest_arrival(sim, -1) < 0);
    bb_sim_free(sim);
    bb_scenario_free(s);
}

/* Tranches: the first FTE of an investment arrive with their tranche. */
static void test_invest_arrival_in_tranches(void **st)
{
    (void)st;
    bb_scenario *s = load_ok2("providers = { p1 = { fte = 0.0;\n"
                              "  workforce = { recruit_weeks = { dist = \"uniform\"; min = 4.0; max = 30.0; };\n"
                              "                train_weeks = { dist = \"const\"; value = 12.0; };\n"
                              "                tranche_fte = 12.0; }; }; };\n", NULL);
    bb_sim *sim = bb_sim_new(s, 3, 0);
    int id = bb_sim_invest(sim, BB_POOLS, 30.0);
    assert_int_equal(id, 0);
    double first = -1;
    for (double t = 0; t < 60 * WEEK; t += 24) {
        double c = cap_at(sim, t);
        if (c > 0 && first < 0)
            first = t;
    }
    double arr = bb_sim_invest_arrival(sim, id);
    assert_true(arr > 16 * WEEK && arr < 42 * WEEK);
    assert_true(arr <= first && arr > first - 24);
    bb_sim_free(sim);
    bb_scenario_free(s);
}

/* A run with investments made while running is reproduced by the same
 * calls at the same times; the scenario's own markers are not touched. */
static void test_invest_repeatable(void **st)
{
    (void)st;
    bb_scenario *s = load_ok2("categories = { a = { rate_per_year = 800.0; acute_share = 0.0;\n"
                              "  levels = [0.0, 1.0, 0.0, 0.0, 0.0]; }; };\n", NULL);
    bb_state x[2];
    for (int k = 0; k < 2; k++) {
        bb_sim *sim = bb_sim_new(s, 5, 0);
        for (double t = 0; t < 20 * WEEK; t += k ? 7 : 100) /* other stopping points */
            bb_sim_run_until(sim, t);
        bb_sim_run_until(sim, 20 * WEEK);
        assert_true(bb_sim_invest(sim, BB_POOLS, -9.0) >= 0);
        assert_true(bb_sim_invest(sim, BB_POOLS, 4.0) >= 0);
        bb_sim_run_until(sim, 80 * WEEK);
        char why[200];
        if (bb_sim_check(sim, why, sizeof why) != 0) /* the bookkeeping still adds up */
            fail_msg("%s", why);
        bb_sim_state(sim, &x[k]);
        bb_sim_free(sim);
    }
    assert_memory_equal(&x[0], &x[1], sizeof x[0]);
    bb_scenario_free(s);
}

static void test_line_cost_to_date(void **st)
{
    (void)st;
    /* 12 FTE at 1 M a year on a line from 2019-07-01, at once (no workforce) */
    bb_scenario *s = load_ok2("providers = { p1 = { fte = 0.0; cost_per_fte_year = 1000000.0; }; };\n",
                             "budget_lines = { l = { first_year = 2019; eur_million = [10.0]; }; };\n"
                             "investments = ( { date = \"2019-07-01\"; provider = \"p1\";\n"
                             "  delta_fte = 12.0; budget_line = \"l\"; } );\n");
    bb_sim *sim = bb_sim_new(s, 3, 0);
    bb_sim_run_until(sim, 24 * 365.0 + 24 * 180.0);
    bb_state x;
    bb_sim_state(sim, &x);
    /* a year of 12 M, within a period's accrual */
    tu_assert_near(x.line_cost_to_date, 12e6, 12e6 * 8 / 365.25);
    assert_true(x.line_cost_to_date > x.line_cost_year);
    bb_sim_free(sim);
    bb_scenario_free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_titles_and_dutch_labels),
        cmocka_unit_test(test_budget_window),
        cmocka_unit_test(test_invest_through_pipeline),
        cmocka_unit_test(test_invest_arrival_in_tranches),
        cmocka_unit_test(test_invest_repeatable),
        cmocka_unit_test(test_line_cost_to_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
