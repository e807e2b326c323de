/*
 * test_workforce.c - FTE over time: investments, recruitment, training,
 * tranches, attrition, capacity cuts, cost and budget lines.
 *
 * A small scenario with no cases (rate 0) isolates the workforce; the
 * provider `p1` and the pool `information` get a `workforce` group and
 * investments through extra scenario text.
 */
#include "fixture.h"
#include "internal.h"
#include <gsl/gsl_errno.h>
#include <math.h>

/* The shared base (fixture.h) with no cases, a level 1 of 1,000 days and
 * no providers: each test's text defines p1. */
static const char *const WF[] = {
    "run = { start = \"2019-01-01\"; end = \"2021-01-01\"; seed = 3; };",
    "categories = { a = { rate_per_year = 0.0; levels = [0.0, 1.0, 0.0, 0.0, 0.0]; }; };",
    "providers", /* removed */
    "levels = { level_1 = { providers = ( { provider = \"p1\"; fte = 1.0; } );\n"
    "           duration_days = { dist = \"const\"; value = 1000.0; }; }; };",
};

typedef fx_run run;
#define finish fx_finish
#define M fx_m
#define MY fx_my
#define done fx_done

/* WF plus `extra` (which must define `providers`). */
static int load(run *r, const char *extra, const char *const *sets, int nsets, bb_errors *err)
{
    return fx_load(FX_LIST(WF), extra, sets, nsets, &r->s, err);
}

static void setup(run *r, const char *extra)
{
    fx_start(r, FX_LIST(WF), extra, NULL, 0, 3);
}

static double cap_at(run *r, double t)
{
    bb_sim_run_until(r->sim, t);
    bb_state st;
    bb_sim_state(r->sim, &st);
    return st.prov_capacity[0];
}

/* 2019-07-01 is day 181 of the run: t = 4344 h */
#define T_JULY 4344.0
#define WEEK 168.0

static void test_pipeline_delay_const(void **st)
{
    (void)st;
    run r;
    setup(&r, "providers = { p1 = { fte = 10.0;\n"
              "  workforce = { recruit_weeks = { dist = \"const\"; value = 10.0; };\n"
              "                train_weeks = { dist = \"const\"; value = 20.0; }; }; }; };\n"
              "investments = ( { date = \"2019-07-01\"; provider = \"p1\"; delta_fte = 5.0; } );\n");
    assert_true(cap_at(&r, T_JULY + 30 * WEEK - 1) == 10.0);
    bb_state s;
    bb_sim_state(r.sim, &s);
    tu_assert_near(s.prov_pipeline_fte[0], 5.0, 1e-9);
    assert_true(cap_at(&r, T_JULY + 30 * WEEK + 1) == 15.0);
    bb_sim_state(r.sim, &s);
    assert_true(s.prov_pipeline_fte[0] == 0.0);
    done(&r);
}

static void test_pipeline_delay_distribution(void **st)
{
    (void)st;
    run r;
    /* 400 FTE: exponential recruitment (mean 10 weeks) then 20 weeks'
     * training; at 20 + 10 ln 2 weeks half of them are operational */
    setup(&r, "providers = { p1 = { fte = 0.0;\n"
              "  workforce = { recruit_weeks = { dist = \"exponential\"; mean = 10.0; };\n"
              "                train_weeks = { dist = \"const\"; value = 20.0; }; }; }; };\n"
              "investments = ( { date = \"2019-07-01\"; provider = \"p1\"; delta_fte = 400.0; } );\n");
    assert_true(cap_at(&r, T_JULY + 20 * WEEK - 1) == 0.0); /* none before training ends */
    double half = cap_at(&r, T_JULY + (20 + 10 * log(2.0)) * WEEK);
    tu_assert_near(half, 200.0, 4 * 10.0); /* binomial sd 10 */
    double most = cap_at(&r, T_JULY + (20 + 10 * log(10.0)) * WEEK);
    tu_assert_near(most, 360.0, 4 * 6.0);
    done(&r);
}

static void test_tranches(void **st)
{
    (void)st;
    run r;
    /* 30 FTE in tranches of 12: capacity takes only 0, 12, 24, 30 */
    setup(&r, "providers = { p1 = { fte = 0.0;\n"
              "  workforce = { recruit_weeks = { dist = \"uniform\"; min = 4.0; max = 30.0; };\n"
              "                train_weeks = { dist = \"const\"; value = 12.0; };\n"
              "                tranche_fte = 12.0; }; }; };\n"
              "investments = ( { date = \"2019-07-01\"; provider = \"p1\"; delta_fte = 30.0; } );\n");
    int seen[4] = {0, 0, 0, 0};
    for (double t = T_JULY; t < T_JULY + 60 * WEEK; t += 24) {
        double c = cap_at(&r, t);
        assert_true(c == 0.0 || c == 12.0 || c == 24.0 || c == 30.0);
        seen[c == 0 ? 0 : c == 12 ? 1 : c == 24 ? 2 : 3] = 1;
    }
    assert_true(seen[0] && seen[1] && seen[2] && seen[3]);
    done(&r);
}

static void test_attrition_steady_state(void **st)
{
    (void)st;
    run r;
    /* 100 FTE, 10% a year leave, each replaced after 26 weeks: the
     * establishment stays 100 and operational FTE average 100 / (1 + 0.1 x 0.4983) */
    setup(&r, "providers = { p1 = { fte = 100.0;\n"
              "  workforce = { recruit_weeks = { dist = \"const\"; value = 26.0; };\n"
              "                attrition_per_year = 0.1; }; }; };\n");
    bb_sim_free(r.sim);
    bb_scenario_free(r.s);
    bb_errors err;
    bb_errors_init(&err);
    const char *sets[] = {"run.end=\"2059-01-01\""};
    assert_int_equal(load(&r, "providers = { p1 = { fte = 100.0;\n"
                              "  workforce = { recruit_weeks = { dist = \"const\"; value = 26.0; };\n"
                              "                attrition_per_year = 0.1; }; }; };\n",
                          sets, 1, &err),
                     BB_OK);
    bb_errors_free(&err);
    r.sim = bb_sim_new(r.s, 3, 0);
    for (double t = 0; t < 40 * 8766.0; t += 4 * WEEK) {
        bb_sim_run_until(r.sim, t);
        bb_state s;
        bb_sim_state(r.sim, &s);
        tu_assert_near(s.prov_capacity[0] + s.prov_pipeline_fte[0], 100.0, 1e-6);
    }
    finish(&r);
    double expect = 100.0 / (1.0 + 0.1 * 26 * WEEK / 8766.0);
    double got = M(&r, "fte_operational_mean", "p1");
    tu_assert_near(got, expect, 1.0);
    assert_true(got < 99.0); /* attrition really happens */
    done(&r);
}

static void test_pool_investment_adds_staff(void **st)
{
    (void)st;
    run r;
    setup(&r, "providers = { p1 = { fte = 1.0; }; };\n"
              "investments = ( { date = \"2019-07-01\"; pool = \"information\"; delta_fte = 4.0; } );\n");
    bb_sim_run_until(r.sim, T_JULY + 1);
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_true(s.pool_fte[0] == 5.0);
    assert_int_equal(s.pool_servers[0], 5);
    done(&r);
}

static void test_cut_and_overrun(void **st)
{
    (void)st;
    run r;
    /* 20 running measures of 1 FTE at p1 (20 FTE); a cut to 5 FTE:
     * the measures keep their staff and the overrun is reported */
    setup(&r, "providers = { p1 = { fte = 20.0; }; };\n"
              "initial = { active = ( { level = 1; provider = \"p1\"; category = \"a\"; count = 20; } ); };\n"
              "investments = ( { date = \"2019-01-02\"; provider = \"p1\"; delta_fte = -15.0; } );\n");
    bb_sim_run_until(r.sim, 30);
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_true(s.prov_capacity[0] == 5.0);
    assert_true(s.prov_used[0] == 20.0);
    assert_true(s.borrowed_fte == 0.0);
    finish(&r);
    assert_true(M(&r, "over_capacity_fte_mean", "p1") > 0.0);
    done(&r);
}

static void test_cut_to_fallback(void **st)
{
    (void)st;
    run r;
    setup(&r, "providers = { p1 = { fte = 20.0; when_shrunk = \"fallback\"; }; };\n"
              "initial = { active = ( { level = 1; provider = \"p1\"; category = \"a\"; count = 20; } ); };\n"
              "investments = ( { date = \"2019-01-02\"; provider = \"p1\"; delta_fte = -15.0; } );\n");
    bb_sim_run_until(r.sim, 30);
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_true(s.prov_used[0] <= 5.0 + 1e-9);
    tu_assert_near(s.borrowed_fte, 15.0, 1e-9);
    assert_int_equal(s.protected_now, 20);
    done(&r);
}

static void test_cut_cancels_pipeline(void **st)
{
    (void)st;
    run r;
    /* high attrition keeps replacements in the pipeline; a cut to zero
     * positions must also stop them: nobody becomes operational later */
    setup(&r, "providers = { p1 = { fte = 10.0;\n"
              "  workforce = { recruit_weeks = { dist = \"const\"; value = 10.0; };\n"
              "                attrition_per_year = 0.9; }; }; };\n"
              "investments = ( { date = \"2019-07-01\"; provider = \"p1\"; delta_fte = -10.0; } );\n");
    bb_sim_run_until(r.sim, T_JULY - 1);
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_true(s.prov_pipeline_fte[0] > 0.0); /* replacements on their way */
    for (double t = T_JULY + 1; t < 17000; t += WEEK) {
        bb_sim_run_until(r.sim, t);
        bb_sim_state(r.sim, &s);
        assert_true(s.prov_capacity[0] == 0.0);
    }
    assert_true(s.prov_pipeline_fte[0] == 0.0);
    done(&r);
}

static const char BUDGET[] =
    "budget_lines = {\n"
    "  uitvoering = { label = \"Versterking uitvoering\"; first_year = 2020;\n"
    "                 eur_million = [3.9, 30.7, 44.0, 47.9, 48.2]; };\n"
    "  stelsel = { first_year = 2020; eur_million = [1.5, 1.5, 1.8, 1.8, 1.8];\n"
    "              modelled = false; };\n"
    "};\n";

static void test_cost_by_line(void **st)
{
    (void)st;
    run r;
    char text[2048];
    /* p1: 10 FTE from the start (no line) and +10 FTE on 2020-01-01 on
     * the line uitvoering, at once (no workforce group); 100k per FTE */
    snprintf(text, sizeof text,
             "%sproviders = { p1 = { fte = 10.0; cost_per_fte_year = 100000.0; }; };\n"
             "investments = ( { date = \"2020-01-01\"; provider = \"p1\"; delta_fte = 10.0;\n"
             "                  budget_line = \"uitvoering\"; } );\n",
             BUDGET);
    setup(&r, text);
    finish(&r);
    double y2019 = 10 * 100000.0 * 365 * 24 / 8766.0, y2020 = 20 * 100000.0 * 366 * 24 / 8766.0;
    tu_assert_near(MY(&r, "cost_cash_eur", "all", 2019), y2019, 1e-3);
    tu_assert_near(MY(&r, "cost_cash_eur", "all", 2020), y2020, 1e-3);
    tu_assert_near(MY(&r, "budget_cost_eur", "uitvoering", 2020), y2020 / 2, 1e-3);
    assert_true(MY(&r, "budget_cost_eur", "uitvoering", 2019) == 0.0);
    assert_true(MY(&r, "budget_cost_eur", "stelsel", 2020) == 0.0);
    done(&r);
}

static void test_budget_table_read_back(void **st)
{
    (void)st;
    run r;
    char text[2048];
    snprintf(text, sizeof text, "%sproviders = { p1 = { fte = 1.0; }; };\n", BUDGET);
    setup(&r, text);
    const double seed002[5] = {3.9e6, 30.7e6, 44.0e6, 47.9e6, 48.2e6};
    assert_int_equal(r.s->nlines, 2);
    for (int y = 0; y < 5; y++)
        tu_assert_near(bb_line_budget(&r.s->line[0], 2020 + y), seed002[y], 1e-6);
    assert_true(bb_line_budget(&r.s->line[0], 2019) == 0.0);
    tu_assert_near(bb_line_budget(&r.s->line[0], 2030), 48.2e6, 1e-6); /* "2024+" */
    done(&r);
}

static void test_budget_csv(void **st)
{
    (void)st;
    run r;
    char text[2048];
    snprintf(text, sizeof text,
             "%sproviders = { p1 = { fte = 0.0; cost_per_fte_year = 100000.0; }; };\n"
             "investments = ( { date = \"2020-01-01\"; provider = \"p1\"; delta_fte = 10.0;\n"
             "                  budget_line = \"uitvoering\"; } );\n",
             BUDGET);
    setup(&r, text);
    finish(&r);
    bb_summary *sum = bb_summary_new();
    assert_int_equal(bb_summary_add(sum, r.rows, r.n), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    bb_budget_write(f, sum, r.s, "wf", 1);
    fclose(f);
    assert_non_null(strstr(buf, "scenario,year,line,label,status,budget_eur,cost_mean"));
    char line[256];
    double cost = 10 * 100000.0 * 366 * 24 / 8766.0;
    snprintf(line, sizeof line,
             "wf,2020,uitvoering,Versterking uitvoering,modelled,3900000,%.10g,,,%.10g,1", cost,
             3.9e6 - cost);
    assert_non_null(strstr(buf, line));
    /* a line the model does not simulate: no cost, no gap, and not in the
     * total of the modelled lines */
    assert_non_null(strstr(buf, "wf,2020,stelsel,stelsel,not modelled,1500000,,,,,1"));
    snprintf(line, sizeof line, "wf,2020,all,All modelled lines,modelled,3900000,%.10g,", cost);
    assert_non_null(strstr(buf, line));
    /* the opportunity cost beside them (none here: nothing borrowed) */
    assert_non_null(strstr(buf, "wf,2020,opportunity,"));
    free(buf);
    bb_summary_free(sum);
    done(&r);
}

static void test_bad_investments(void **st)
{
    (void)st;
    bb_errors err;
    run r;
    /* before the start, unknown line, below zero: all reported with lines */
    bb_errors_init(&err);
    char text[2048];
    snprintf(text, sizeof text,
             "%sproviders = { p1 = { fte = 4.0; }; };\n"
             "investments = (\n"
             "  { date = \"2018-06-01\"; provider = \"p1\"; delta_fte = 1.0; },\n"
             "  { date = \"2019-06-01\"; provider = \"p1\"; delta_fte = 1.0; budget_line = \"nope\"; },\n"
             "  { date = \"2019-07-01\"; provider = \"p1\"; delta_fte = -9.0; }\n"
             ");\n",
             BUDGET);
    assert_int_equal(load(&r, text, NULL, 0, &err), BB_ERR_INPUT);
    int base = 0;
    char *wf = fx_text(FX_LIST(WF), NULL);
    for (const char *p = wf; *p; p++)
        base += *p == '\n';
    free(wf);
    for (const char *p = BUDGET; *p; p++)
        base += *p == '\n';
    char where[32];
    snprintf(where, sizeof where, "t.cfg:%d:", base + 3);
    assert_true(tu_has_error(&err, where, "investments.[0].date must lie between run.start"));
    snprintf(where, sizeof where, "t.cfg:%d:", base + 4);
    assert_true(tu_has_error(&err, where, "budget_line names no budget line"));
    assert_true(tu_has_error(&err, "investments.[2].delta_fte", "below 0 FTE"));
    bb_errors_free(&err);
}

static void test_workforce_keys_checked(void **st)
{
    (void)st;
    bb_errors err;
    run r;
    bb_errors_init(&err);
    assert_int_equal(load(&r, "providers = { p1 = { fte = 4.0;\n"
                              "  workforce = { attrition_per_year = 2.0; tranche = 12; }; }; };\n",
                          NULL, 0, &err),
                     BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "providers.p1.workforce.attrition_per_year", "must be <= 1"));
    assert_true(tu_has_error(&err, "providers.p1.workforce.tranche", "is not a known setting"));
    bb_errors_free(&err);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipeline_delay_const),
        cmocka_unit_test(test_pipeline_delay_distribution),
        cmocka_unit_test(test_tranches),
        cmocka_unit_test(test_attrition_steady_state),
        cmocka_unit_test(test_pool_investment_adds_staff),
        cmocka_unit_test(test_cut_and_overrun),
        cmocka_unit_test(test_cut_to_fallback),
        cmocka_unit_test(test_cut_cancels_pipeline),
        cmocka_unit_test(test_cost_by_line),
        cmocka_unit_test(test_budget_table_read_back),
        cmocka_unit_test(test_budget_csv),
        cmocka_unit_test(test_bad_investments),
        cmocka_unit_test(test_workforce_keys_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
