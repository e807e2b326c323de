/*
 * test_model.c - each rule of the model on a tiny hand-made scenario.
 *
 * One small scenario (the shared base of fixture.h: two categories, three
 * pools that can be skipped, two providers) is varied through --set
 * overrides and extra text, so each test changes one thing and checks the
 * rule it is about: triage, level outcomes, domains, office hours and
 * 24/7 duty, acute priority, the three policies when providers are full,
 * repatriation, planned demand, reviews, escalation, surges, growth, the
 * starting state, costs, bounds, and common random numbers.
 */
#include "fixture.h"
#include <gsl/gsl_errno.h>
#include <math.h>

typedef fx_run run;
#define finish fx_finish
#define M fx_m
#define teardown_run fx_done

/* Load the shared base (fixture.h) + extra with overrides; create
 * replication 0 of seed 7. */
static void setup(run *r, const char *extra, const char *const *sets, int nsets)
{
    fx_start(r, NULL, 0, extra, sets, nsets, 7);
}

/* ---- intake ---- */

static void test_triage_closes_all(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("categories.a.triage_close=1.0"));
    finish(&r);
    assert_true(M(&r, "arrivals", "all") > 1000);
    assert_true(M(&r, "closed_at_triage", "all") == M(&r, "arrivals", "all"));
    assert_true(M(&r, "protected", "all") == 0);
    teardown_run(&r);
}

static void test_triage_share(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("categories.a.triage_close=0.7"));
    finish(&r);
    double share = M(&r, "closed_at_triage", "all") / M(&r, "arrivals", "all");
    tu_assert_near(share, 0.7, 0.02);
    teardown_run(&r);
}

static void test_poisson_rate(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, NULL, 0);
    finish(&r);
    /* 0.1 per hour over two years (17,544 h): 1,754 expected, sd 42 */
    double n = M(&r, "arrivals", "a");
    tu_assert_near(n, 1754.4, 4 * 42);
    teardown_run(&r);
}

static void test_growth(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("categories.a.growth_per_year=1.0"));
    finish(&r);
    /* rate doubles each year: integral = rate * (2^T - 1) / ln 2, T = 2.0014 y */
    double T = 17544.0 / 8766.0;
    double expect = 876.6 * (pow(2.0, T) - 1.0) / log(2.0);
    tu_assert_near(M(&r, "arrivals", "a"), expect, 4 * sqrt(expect));
    teardown_run(&r);
}

static void test_surge_factor(void **st)
{
    (void)st;
    run r;
    /* doubles the rate for the first year */
    setup(&r, "surges = ( { name = \"s\"; date = \"2019-01-01\"; duration_days = 365.0;\n"
              "  categories = [\"a\"]; rate_factor = 2.0; } );\n", NULL, 0);
    finish(&r);
    double expect = 0.1 * (365 * 24 * 2.0 + (17544 - 365 * 24));
    tu_assert_near(M(&r, "arrivals", "a"), expect, 4 * sqrt(expect));
    teardown_run(&r);
}

static void test_surge_extra_cases(void **st)
{
    (void)st;
    run r;
    setup(&r, "surges = ( { name = \"s\"; date = \"2019-06-01\"; duration_days = 0.0;\n"
              "  categories = [\"a\"]; rate_factor = 1.0; extra_cases = 25;\n"
              "  extra_level = 2; extra_category = \"a\"; } );\n",
          SETS("categories.a.rate_per_year=0.0"));
    finish(&r);
    assert_true(M(&r, "arrivals", "all") == 25);
    assert_true(M(&r, "protected", "level_2") == 25);
    assert_true(M(&r, "protected", "acute") == 25);
    teardown_run(&r);
}

static void test_level_outcomes(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("categories.a.levels.[0]=0.5", "categories.a.levels.[1]=0.5"));
    finish(&r);
    double l0 = M(&r, "decided", "level_0"), l1 = M(&r, "decided", "level_1");
    assert_true(l0 > 0 && l1 > 0);
    tu_assert_near(l0 / (l0 + l1), 0.5, 0.05);
    teardown_run(&r);
}

/* ---- pools ---- */

static const char *const WORK_INFO[] = {"pools.information.effort_hours.value=1.0"};

static void test_domain_routing(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("categories.a.rate_per_year=0.0", "categories.b.rate_per_year=876.6",
                         "pools.advice_central.effort_hours.value=0.5"));
    finish(&r);
    assert_true(isnan(M(&r, "wait_mean_h", "advice_decentral")));
    assert_false(isnan(M(&r, "wait_mean_h", "advice_central")));
    assert_true(M(&r, "utilisation", "advice_central") > 0.02);
    teardown_run(&r);
}

static void test_office_hours_delay(void **st)
{
    (void)st;
    run r;
    /* one backlog case at 00:00 on Tuesday 2019-01-01, 1 h of work in an
     * office pool open 08-17: it is done at 09:00, lead time 9 h */
    setup(&r, "initial = { backlog = { information = 1; }; };\n",
          SETS("categories.a.rate_per_year=0.001", "pools.information.hours=office",
               WORK_INFO[0], "run.end=\"2019-02-01\""));
    finish(&r);
    assert_true(M(&r, "protected", "all") == 1);
    tu_assert_near(M(&r, "lead_time_p50_h", "all"), 9.0, 1e-6);
    tu_assert_near(M(&r, "first_action_p50_h", "all"), 9.0, 1e-6);
    teardown_run(&r);
}

static void test_duty_posts_take_acute_at_night(void **st)
{
    (void)st;
    const char *surge = "surges = ( { name = \"s\"; date = \"2019-01-01\"; duration_days = 0.0;\n"
                        "  categories = [\"a\"]; rate_factor = 1.0; extra_cases = 1;\n"
                        "  extra_level = 1; extra_category = \"a\"; } );\n";
    run r;
    /* acute case at midnight, 2 h of work: duty post -> done at 02:00 */
    setup(&r, surge,
          SETS("categories.a.rate_per_year=0.0", "pools.information.hours=office",
               "pools.information.fte=3.0", "pools.information.duty_posts=1.0",
               "pools.information.effort_hours.value=2.0", "run.end=\"2019-02-01\""));
    finish(&r);
    tu_assert_near(M(&r, "lead_time_p50_h", "acute"), 2.0, 1e-6);
    teardown_run(&r);
    /* without duty, it waits for the office to open at 08:00 */
    setup(&r, surge,
          SETS("categories.a.rate_per_year=0.0", "pools.information.hours=office",
               "pools.information.fte=3.0", "pools.information.duty_posts=0.0",
               "pools.information.effort_hours.value=2.0", "run.end=\"2019-02-01\""));
    finish(&r);
    tu_assert_near(M(&r, "lead_time_p50_h", "acute"), 10.0, 1e-6);
    teardown_run(&r);
}

static void test_acute_priority(void **st)
{
    (void)st;
    run r;
    /* a busy information pool (rho = 0.9): acute cases jump the queue */
    setup(&r, NULL, SETS("categories.a.acute_share=0.3", WORK_INFO[0],
                         "pools.information.effort_hours.value=9.0",
                         "categories.a.rate_per_year=876.6"));
    finish(&r);
    double acute = M(&r, "lead_time_p50_h", "acute");
    double regular = M(&r, "lead_time_p50_h", "regular");
    assert_true(acute < regular / 2);
    teardown_run(&r);
}

static void test_zero_capacity_pool_blocks(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("pools.information.fte=0.0", WORK_INFO[0]));
    finish(&r);
    assert_true(M(&r, "protected", "all") == 0);
    assert_true(M(&r, "queue_end", "information") == M(&r, "arrivals", "all"));
    teardown_run(&r);
}

static void test_littles_law_on_a_stage(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("pools.information.fte=2.0",
                         "pools.information.effort_hours.value=15.0",
                         "run.end=\"2029-01-01\""));
    finish(&r);
    /* L = lambda W for the queue: lambda = 0.1 per hour */
    double lambda = M(&r, "arrivals", "all") / (10 * 8766.0 - 0.0);
    double L = M(&r, "queue_mean", "information");
    double W = M(&r, "wait_mean_h", "information");
    assert_true(L > 0.5);
    tu_assert_rel(lambda * W, L, 0.03);
    teardown_run(&r);
}

/* ---- execution ---- */

static void test_all_own_within_target(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, NULL, 0);
    finish(&r);
    assert_true(M(&r, "first_assignment_share", "own") == 1.0);
    assert_true(M(&r, "within_target_share", "all") == 1.0);
    assert_true(M(&r, "borrowed_fte_mean", "basic_units") == 0.0);
    /* Little: active = lambda x 10 days = 24 */
    tu_assert_near(M(&r, "active_mean", "p1"), 24.0, 3.0);
    teardown_run(&r);
}

static void test_borrow_when_full(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("providers.p1.fte=0.0"));
    finish(&r);
    assert_true(M(&r, "first_assignment_share", "borrowed") == 1.0);
    /* borrowed FTE = active cases x 1 FTE, about 24 */
    tu_assert_near(M(&r, "borrowed_fte_mean", "basic_units"), 24.0, 3.0);
    assert_true(M(&r, "unprotected_person_days", "all") == 0.0);
    teardown_run(&r);
}

static void test_borrow_cap_then_wait(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("providers.p1.fte=0.0", "basic_units.cap_fte=10.0"));
    finish(&r);
    assert_true(M(&r, "borrowed_fte_max", "basic_units") <= 10.0 + 1e-9);
    assert_true(M(&r, "first_assignment_share", "waiting") > 0.1);
    assert_true(M(&r, "unprotected_person_days", "all") > 0.0);
    teardown_run(&r);
}

static void test_wait_policy(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("providers.p1.fte=0.0", "levels.level_1.when_full=wait"));
    finish(&r);
    assert_true(M(&r, "protected", "all") == 0);
    assert_true(M(&r, "borrowed_fte_mean", "basic_units") == 0.0);
    /* every decided case waits its 10 days unprotected */
    double days = M(&r, "unprotected_person_days", "all");
    double expect = M(&r, "decided", "level_1") * 10.0;
    tu_assert_rel(days, expect, 0.03);
    teardown_run(&r);
}

static void test_downgrade_policy(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("categories.a.levels.[1]=0.0", "categories.a.levels.[2]=1.0",
                         "providers.p2.fte=0.0", "levels.level_2.when_full=downgrade"));
    finish(&r);
    assert_true(M(&r, "first_assignment_share", "downgraded") == 1.0);
    assert_true(M(&r, "underprotected_person_days", "all") > 0);
    /* the downgraded cases hold the level 1 package at p1 */
    assert_true(M(&r, "active_mean", "p1") > 10);
    assert_true(M(&r, "active_mean", "level_1") > 10);
    assert_true(M(&r, "active_mean", "level_2") == 0);
    teardown_run(&r);
}

static void test_repatriation(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("providers.p1.fte=0.0"));
    assert_int_equal(bb_sim_run_until(r.sim, 24.0 * 100), BB_RUN_MORE);
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_true(s.borrowed_fte > 5);
    assert_int_equal(s.prov_cases[0], 0);
    /* capacity arrives: borrowed cases move back at once */
    assert_int_equal(bb_sim_set_provider_fte(r.sim, 0, 1000.0), 0);
    bb_sim_state(r.sim, &s);
    assert_true(s.borrowed_fte == 0.0);
    assert_true(s.prov_cases[0] > 5);
    finish(&r);
    teardown_run(&r);
}

static void test_no_repatriation(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("providers.p1.fte=0.0", "levels.level_1.repatriate=false"));
    assert_int_equal(bb_sim_run_until(r.sim, 24.0 * 100), BB_RUN_MORE);
    bb_state s;
    bb_sim_state(r.sim, &s);
    double before = s.borrowed_fte;
    assert_int_equal(bb_sim_set_provider_fte(r.sim, 0, 1000.0), 0);
    bb_sim_state(r.sim, &s);
    assert_true(s.borrowed_fte == before);
    teardown_run(&r);
}

static void test_waiting_served_by_level_first(void **st)
{
    (void)st;
    run r;
    /* both levels wait at p1 (no room); when room for exactly one case
     * appears, the level 2 case goes first even if it came later */
    setup(&r, "initial = { backlog = { information = 0; }; };\n",
          SETS("categories.a.levels.[1]=0.5", "categories.a.levels.[2]=0.5",
               "providers.p1.fte=0.0", "levels.level_1.when_full=wait",
               "levels.level_2.when_full=wait", "levels.level_2.providers.[0].provider=p1"));
    assert_int_equal(bb_sim_run_until(r.sim, 24.0 * 5), BB_RUN_MORE);
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_true(s.waiting_unprotected > 4);
    assert_int_equal(bb_sim_set_provider_fte(r.sim, 0, 1.0), 0);
    bb_sim_state(r.sim, &s);
    assert_int_equal(s.active_by_level[2], 1);
    assert_int_equal(s.active_by_level[1], 0);
    teardown_run(&r);
}

static void test_small_case_passes_big_one(void **st)
{
    (void)st;
    run r;
    /* p1 (15 FTE) is always full of level-1 cases (1 FTE each); a level-2
     * case needs all 15. A waiting case that does not fit never blocks a
     * smaller one behind it: room that frees goes to the level-1 cases
     * that fit, so level 1 keeps being served while level 2 waits for a
     * moment when 15 FTE are free at once. */
    setup(&r, NULL, SETS("providers.p1.fte=15.0", "categories.a.levels.[1]=0.9",
                         "categories.a.levels.[2]=0.1", "levels.level_1.when_full=wait",
                         "levels.level_2.when_full=wait", "levels.level_2.providers.[0].provider=p1",
                         "levels.level_2.providers.[0].fte=15.0"));
    finish(&r);
    assert_true(M(&r, "decided", "level_2") > 100);
    assert_true(M(&r, "protected", "level_1") > 0.9 * M(&r, "needing_measures", "level_1") - 60);
    assert_true(M(&r, "protected", "level_2") < 10);
    teardown_run(&r);
}

static void test_lead_time_of_provider(void **st)
{
    (void)st;
    run r;
    /* a level that borrows: the basic units cover the 72 h of putting the
     * package in place (mobilisation 0 h): first action at once */
    setup(&r, NULL, SETS("providers.p1.lead_time_hours.dist=const", "providers.p1.lead_time_hours.value=72.0"));
    finish(&r);
    tu_assert_near(M(&r, "lead_time_p50_h", "all"), 72.0, 1e-6);
    tu_assert_near(M(&r, "first_action_p95_h", "all"), 0.0, 1e-6);
    assert_true(M(&r, "unprotected_person_days", "all") == 0);
    assert_true(M(&r, "borrowed_fte_years", "basic_units") > 0);
    teardown_run(&r);
    /* a level that waits has no cover: unprotected for those 72 h */
    setup(&r, NULL, SETS("providers.p1.lead_time_hours.dist=const", "providers.p1.lead_time_hours.value=72.0",
                         "levels.level_1.when_full=wait"));
    finish(&r);
    tu_assert_near(M(&r, "first_action_p50_h", "all"), 72.0, 1e-6);
    assert_true(M(&r, "unprotected_person_days", "all") > 0);
    assert_true(M(&r, "borrowed_fte_years", "basic_units") == 0);
    teardown_run(&r);
}

/* Lead times of 10 h (70% of cases, level 1 at p1) and 1,000 h (level 2
 * at p2), arrivals stopped from 2020-01-01. The quantiles are exact: the
 * median is 10 and the p90 1,000 to the bit (a P^2 estimate of such a
 * two-valued distribution lands in between). Each period's columns are
 * of the cases protected in that period: right after arrivals stop only
 * the 1,000-hour cases are still coming in (median 1,000, where a median
 * "so far" would stay 10), and once they are in, the columns are empty. */
static void count_leads(bb_sim *sim, void *ud)
{
    int *k = ud; /* [periods with 1000 as median after the stop, empty after the stop, bad] */
    const double *row = bb_sim_period_row(sim);
    const char **names;
    int n = bb_sim_period_columns(sim, &names), c50 = -1, c90 = -1;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], "lead_time_p50_h") == 0)
            c50 = i;
        if (strcmp(names[i], "lead_time_p90_h") == 0)
            c90 = i;
    }
    assert_true(c50 > 0 && c90 > 0);
    double t = row[0], p50 = row[c50], p90 = row[c90];
    if (isnan(p50) != isnan(p90) ||
        (!isnan(p50) && (p50 < 10.0 - 1e-6 || p90 > 1000.0 + 1e-6 || p50 > p90)))
        k[2]++;
    /* the rows are dated by their period's start (day 364: 2019-12-31) */
    if (t >= 371.0 && t <= 399.0 && fabs(p50 - 1000.0) < 1e-6 && fabs(p90 - 1000.0) < 1e-6)
        k[0]++;
    if (t >= 420.0 && isnan(p50))
        k[1]++;
}

static void test_lead_quantiles_exact_per_period(void **st)
{
    (void)st;
    run r;
    setup(&r, "surges = ( { name = \"stop\"; date = \"2020-01-01\"; duration_days = 400.0;\n"
              "  categories = [\"a\"]; rate_factor = 0.0; } );\n",
          SETS("categories.a.levels.[1]=0.7", "categories.a.levels.[2]=0.3",
               "providers.p1.lead_time_hours.dist=const", "providers.p1.lead_time_hours.value=10.0",
               "providers.p2.lead_time_hours.dist=const", "providers.p2.lead_time_hours.value=1000.0",
               "levels.level_2.duration_days.value=100.0"));
    int k[3] = {0, 0, 0};
    bb_sim_on_period(r.sim, count_leads, k);
    finish(&r);
    assert_true(M(&r, "protected", "all") > 500);
    /* lead = (t_in + lead) - t_in: within rounding of 10 and 1,000 */
    tu_assert_near(M(&r, "lead_time_p50_h", "all"), 10.0, 1e-6);
    tu_assert_near(M(&r, "lead_time_p90_h", "all"), 1000.0, 1e-6);
    tu_assert_near(M(&r, "lead_time_p95_h", "all"), 1000.0, 1e-6);
    tu_assert_near(M(&r, "lead_time_p90_h", "level_1"), 10.0, 1e-6);
    tu_assert_near(M(&r, "lead_time_p50_h", "level_2"), 1000.0, 1e-6);
    assert_int_equal(k[2], 0);
    assert_int_equal(k[0], 5); /* weeks 1-5 after the stop: only 1,000-hour cases */
    assert_true(k[1] >= 40);   /* from week 8 after the stop: nobody protected, empty */
    bb_state sts;
    bb_sim_state(r.sim, &sts);
    tu_assert_near(sts.lead_p50_h, 1000.0, 1e-6); /* the last period that had cases */
    teardown_run(&r);
}

/* A measure that ends before it is in place (10 days against a lead time
 * of 1,000 h) never protects anyone; its stale "in place" event must not
 * mark the case that took over its slot (it did when the check was the
 * case's own count of assignments, which restarts with each case). */
static void test_stale_in_place_event(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL,
          SETS("categories.a.levels.[1]=0.7", "categories.a.levels.[2]=0.3",
               "providers.p1.lead_time_hours.dist=const", "providers.p1.lead_time_hours.value=10.0",
               "providers.p2.lead_time_hours.dist=const", "providers.p2.lead_time_hours.value=1000.0",
               "levels.level_2.when_full=wait")); /* no cover by the basic units */
    finish(&r);
    assert_true(M(&r, "decided", "level_2") > 200);
    assert_true(M(&r, "protected", "level_2") == 0);
    tu_assert_near(M(&r, "lead_time_p95_h", "level_1"), 10.0, 1e-6);
    /* no survivor bias: the level-2 cases are never protected (the reason
     * is the installation lead time), they count as not within target, and
     * the p95 of all cases falls on them: undefined */
    double l2 = M(&r, "needing_measures", "level_2");
    assert_true(l2 > 200);
    /* all but those still open at the end (about 7: 10 days of arrivals) */
    assert_true(M(&r, "never_protected", "level_2") >= l2 - 20);
    assert_true(M(&r, "never_protected", "reason_lead_time") == M(&r, "never_protected", "all"));
    assert_true(M(&r, "never_protected", "reason_no_capacity") == 0);
    assert_true(M(&r, "within_target_share", "level_2") == 0);
    assert_true(isnan(M(&r, "lead_time_p95_h", "all")));
    teardown_run(&r);
}

static void test_planned_demand(void **st)
{
    (void)st;
    run r;
    /* a hearing every Tuesday for 100 officers x 24 h = 100 posts = 100 FTE
     * (productive hours 8760); p1 has 40, so 60 are borrowed that day */
    setup(&r, "planned = ( { name = \"trial\"; provider = \"p1\"; from = \"2019-01-01\";\n"
              "  to = \"2019-03-01\"; weekdays = [2]; officers = 100.0; hours_per_day = 24.0; } );\n",
          SETS("categories.a.rate_per_year=0.0", "providers.p1.fte=40.0"));
    assert_int_equal(bb_sim_run_until(r.sim, 12.0), BB_RUN_MORE); /* Tuesday noon */
    bb_state s;
    bb_sim_state(r.sim, &s);
    tu_assert_near(s.prov_used[0], 40.0, 1e-9);
    tu_assert_near(s.borrowed_fte, 60.0, 1e-9);
    assert_int_equal(bb_sim_run_until(r.sim, 36.0), BB_RUN_MORE); /* Wednesday */
    bb_sim_state(r.sim, &s);
    assert_true(s.prov_used[0] == 0.0 && s.borrowed_fte == 0.0);
    teardown_run(&r);
}

/* ---- duration, reviews, escalation ---- */

static void test_duration_ends_measure(void **st)
{
    (void)st;
    run r;
    setup(&r, "initial = { active = ( { level = 1; provider = \"p1\"; category = \"a\"; count = 30; } ); };\n",
          SETS("categories.a.rate_per_year=0.0"));
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_int_equal(s.prov_cases[0], 30);
    /* remaining durations are fractions of 10 days */
    assert_int_equal(bb_sim_run_until(r.sim, 24.0 * 10 + 1), BB_RUN_MORE);
    bb_sim_state(r.sim, &s);
    assert_int_equal(s.prov_cases[0], 0);
    teardown_run(&r);
}

static void test_review_ends_measures(void **st)
{
    (void)st;
    run r;
    /* measures of 100 days, reviewed weekly, always ended at review */
    setup(&r, NULL, SETS("levels.level_1.duration_days.value=100.0",
                         "levels.level_1.review_weeks=1.0",
                         "levels.level_1.transitions.[0]=1.0",
                         "levels.level_1.transitions.[1]=0.0"));
    finish(&r);
    /* each case lasts 7 days instead of 100: active = 0.1 x 168 = 16.8 */
    tu_assert_near(M(&r, "active_mean", "p1"), 16.8, 3.0);
    teardown_run(&r);
}

static void test_review_escalates(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("levels.level_1.review_weeks=1.0",
                         "levels.level_1.transitions.[2]=1.0",
                         "levels.level_1.transitions.[1]=0.0"));
    finish(&r);
    assert_true(M(&r, "active_mean", "level_2") > 1.0);
    assert_true(M(&r, "active_mean", "p2") > 1.0);
    teardown_run(&r);
}

static void test_escalation_raises_level(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("categories.a.escalation_per_year=365.0"));
    finish(&r);
    /* about one escalation a day for a 10-day measure: most reach level 2 */
    assert_true(M(&r, "active_mean", "level_2") > M(&r, "active_mean", "level_1"));
    teardown_run(&r);
}

/* ---- state, cost, bounds, reproducibility ---- */

static void test_backlog_at_start(void **st)
{
    (void)st;
    run r;
    setup(&r, "initial = { backlog = { information = 20; }; };\n",
          SETS("pools.information.effort_hours.value=5.0"));
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_int_equal(s.queue[BB_STAGE_INFORMATION] + s.in_service[BB_STAGE_INFORMATION], 20);
    assert_int_equal(s.in_service[BB_STAGE_INFORMATION], 1);
    teardown_run(&r);
}

static void test_cost_closed_form(void **st)
{
    (void)st;
    run r;
    /* no cases; 2 FTE at 100,000 a year for exactly 2 years (2019, 2020) */
    setup(&r, NULL, SETS("categories.a.rate_per_year=0.0", "providers.p1.fte=2.0",
                         "providers.p1.cost_per_fte_year=100000.0"));
    finish(&r);
    double hours = 24.0 * 731;
    tu_assert_near(M(&r, "cost_cash_eur", "total"), 200000.0 * hours / 8766.0, 1e-3);
    tu_assert_near(tu_metric_year(r.rows, r.n, "cost_cash_eur", "all", 2019),
                   200000.0 * 24 * 365 / 8766.0, 1e-3);
    assert_true(M(&r, "cost_opportunity_eur", "total") == 0.0);
    teardown_run(&r);
}

static void test_borrowed_cost(void **st)
{
    (void)st;
    run r;
    /* a hearing day: 100 FTE borrowed for 24 h at EUR 50 per productive hour */
    setup(&r, "planned = ( { name = \"t\"; provider = \"p1\"; from = \"2019-01-01\";\n"
              "  to = \"2019-01-01\"; weekdays = [2]; officers = 100.0; hours_per_day = 24.0; } );\n",
          SETS("categories.a.rate_per_year=0.0", "providers.p1.fte=0.0",
               "basic_units.cost_per_hour=50.0"));
    finish(&r);
    /* 100 FTE for 24 h = 100 x 24 / 8766 FTE-years of 8760 productive
     * hours, at EUR 50 an hour */
    double posts_fte = 100.0;
    double expect = posts_fte * 24.0 / 8766.0 * 8760.0 * 50.0;
    /* regular police hours given to guarding: an opportunity cost, not cash */
    tu_assert_near(M(&r, "cost_opportunity_eur", "total"), expect, 1e-3);
    assert_true(M(&r, "cost_cash_eur", "total") == 0.0);
    tu_assert_near(M(&r, "police_hours_lost", "basic_units"), posts_fte * 24.0 / 8766.0 * 8760.0,
                   1e-6);
    tu_assert_near(M(&r, "borrowed_fte_years", "basic_units"), posts_fte * 24 / 8766.0, 1e-9);
    teardown_run(&r);
}

static void test_max_events_bound(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("run.max_events=1000"));
    assert_int_equal(bb_sim_run(r.sim), BB_RUN_LIMIT);
    assert_non_null(strstr(bb_sim_error(r.sim), "max_events"));
    teardown_run(&r);
}

static void test_max_open_bound(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("pools.information.fte=0.0", WORK_INFO[0], "run.max_open_cases=100"));
    assert_int_equal(bb_sim_run(r.sim), BB_RUN_LIMIT);
    assert_non_null(strstr(bb_sim_error(r.sim), "max_open_cases"));
    teardown_run(&r);
}

static void test_time_never_goes_back(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS("categories.a.acute_share=0.3", "pools.information.hours=office",
                         "pools.information.effort_hours.value=2.0"));
    double last = 0;
    int rc;
    while ((rc = bb_sim_step(r.sim, 1)) == BB_RUN_MORE) {
        assert_true(bb_sim_now(r.sim) >= last);
        last = bb_sim_now(r.sim);
    }
    assert_int_equal(rc, BB_RUN_DONE);
    teardown_run(&r);
}

static void test_same_seed_same_results(void **st)
{
    (void)st;
    run a, b;
    setup(&a, NULL, SETS("categories.a.acute_share=0.2"));
    setup(&b, NULL, SETS("categories.a.acute_share=0.2"));
    finish(&a);
    finish(&b);
    assert_int_equal(a.n, b.n);
    for (int i = 0; i < a.n; i++)
        assert_memory_equal(&a.rows[i].value, &b.rows[i].value, sizeof(double));
    teardown_run(&a);
    teardown_run(&b);
}

static void test_common_random_numbers(void **st)
{
    (void)st;
    /* two scenarios that differ in capacity see the same cases */
    for (int rep = 0; rep < 3; rep++) {
        run a, b;
        setup(&a, NULL, SETS("providers.p1.fte=5.0", "categories.a.triage_close=0.5"));
        setup(&b, NULL, SETS("providers.p1.fte=500.0", "categories.a.triage_close=0.5",
                             "pools.information.fte=3.0"));
        bb_sim_free(a.sim);
        bb_sim_free(b.sim);
        a.sim = bb_sim_new(a.s, 11, rep);
        b.sim = bb_sim_new(b.s, 11, rep);
        finish(&a);
        finish(&b);
        assert_true(M(&a, "arrivals", "a") == M(&b, "arrivals", "a"));
        assert_true(M(&a, "closed_at_triage", "all") == M(&b, "closed_at_triage", "all"));
        assert_true(M(&a, "first_assignment_share", "borrowed") > 0.1);
        assert_true(M(&b, "first_assignment_share", "borrowed") == 0.0);
        teardown_run(&a);
        teardown_run(&b);
    }
}

static void test_replications_differ(void **st)
{
    (void)st;
    run a;
    setup(&a, NULL, NULL, 0);
    finish(&a);
    double n0 = M(&a, "arrivals", "all");
    bb_sim_free(a.sim);
    a.sim = bb_sim_new(a.s, 7, 1);
    finish(&a);
    assert_true(M(&a, "arrivals", "all") != n0);
    teardown_run(&a);
}

static void test_period_rows(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, NULL, 0);
    finish(&r);
    const char **names;
    int n = bb_sim_period_columns(r.sim, &names);
    assert_true(n > 20);
    assert_string_equal(names[0], "t_days");
    teardown_run(&r);
}

static void count_period(bb_sim *sim, void *ud)
{
    int *k = ud;
    const double *row = bb_sim_period_row(sim);
    /* t_days of the k-th period is 7 k */
    tu_assert_near(row[0], 7.0 * *k, 1e-9);
    (*k)++;
}

static void test_period_callback(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, NULL, 0);
    int k = 0;
    bb_sim_on_period(r.sim, count_period, &k);
    finish(&r);
    /* 731 days: 104 whole weeks and a last partial period */
    assert_int_equal(k, 105);
    teardown_run(&r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_triage_closes_all),
        cmocka_unit_test(test_triage_share),
        cmocka_unit_test(test_poisson_rate),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_surge_factor),
        cmocka_unit_test(test_surge_extra_cases),
        cmocka_unit_test(test_level_outcomes),
        cmocka_unit_test(test_domain_routing),
        cmocka_unit_test(test_office_hours_delay),
        cmocka_unit_test(test_duty_posts_take_acute_at_night),
        cmocka_unit_test(test_acute_priority),
        cmocka_unit_test(test_zero_capacity_pool_blocks),
        cmocka_unit_test(test_littles_law_on_a_stage),
        cmocka_unit_test(test_all_own_within_target),
        cmocka_unit_test(test_borrow_when_full),
        cmocka_unit_test(test_borrow_cap_then_wait),
        cmocka_unit_test(test_wait_policy),
        cmocka_unit_test(test_downgrade_policy),
        cmocka_unit_test(test_repatriation),
        cmocka_unit_test(test_no_repatriation),
        cmocka_unit_test(test_waiting_served_by_level_first),
        cmocka_unit_test(test_small_case_passes_big_one),
        cmocka_unit_test(test_lead_time_of_provider),
        cmocka_unit_test(test_lead_quantiles_exact_per_period),
        cmocka_unit_test(test_stale_in_place_event),
        cmocka_unit_test(test_planned_demand),
        cmocka_unit_test(test_duration_ends_measure),
        cmocka_unit_test(test_review_ends_measures),
        cmocka_unit_test(test_review_escalates),
        cmocka_unit_test(test_escalation_raises_level),
        cmocka_unit_test(test_backlog_at_start),
        cmocka_unit_test(test_cost_closed_form),
        cmocka_unit_test(test_borrowed_cost),
        cmocka_unit_test(test_max_events_bound),
        cmocka_unit_test(test_max_open_bound),
        cmocka_unit_test(test_time_never_goes_back),
        cmocka_unit_test(test_same_seed_same_results),
        cmocka_unit_test(test_common_random_numbers),
        cmocka_unit_test(test_replications_differ),
        cmocka_unit_test(test_period_rows),
        cmocka_unit_test(test_period_callback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
