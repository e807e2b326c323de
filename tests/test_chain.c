/*
 * test_chain.c - the chain as planners know it, rule by rule, on tiny
 * hand-computable scenarios: the acute path (interim measures after a
 * mobilisation delay), packages held at several providers at once,
 * priority without head-of-line blocking, borrowing with a mobilisation
 * delay and borrowing beyond the limit, borrowing that stands in for
 * another kind of package, lead times without survivor bias,
 * cost kinds, demand growth from a date, surges for parts of a day,
 * yearly rows, the weekly bottleneck, persons under continuous
 * protection, and that more capacity never makes the acute first action,
 * the unprotected person-days or the never-protected count worse.
 *
 * Each scenario is the shared base of fixture.h (zero efforts and delays,
 * two providers of 1,000 FTE, levels 1 and 2 of 1 FTE for 10 days) with
 * arrivals switched off and cases put in by surges (acute, with a forced
 * level, at 00:00 of their date) or the backlog (regular, at t = 0), so
 * every time below follows from the rules alone.
 */
#include "fixture.h"
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdbool.h>

typedef fx_run run;
#define finish fx_finish
#define M fx_m
#define MY fx_my
#define teardown_run fx_done

/* The base with overrides of whole top-level settings (over), extra text
 * and --set strings; replication 0 of seed 7. */
static void setup_over(run *r, const char *const *over, int nover, const char *extra,
                       const char *const *sets, int nsets)
{
    fx_start(r, over, nover, extra, sets, nsets, 7);
}

static void setup(run *r, const char *extra, const char *const *sets, int nsets)
{
    fx_start(r, NULL, 0, extra, sets, nsets, 7);
}

/* No arrivals; the run is January 2019 unless a test says otherwise. */
#define QUIET "categories.a.rate_per_year=0.0", "run.end=\"2019-02-01\""

/* ---- the acute path ---- */

/* An interim measure from the basic units, on site 2 h after intake (a
 * constant mobilisation delay); the package at p1 takes 100 h to put in
 * place. The acute case's first protective action is at 2 h exactly, its
 * definitive package at 100 h, and the interim ends then. */
static const char INTERIM[] =
    "interim = { options = ( { provider = \"basic_units\"; fte = 2.0; } );\n"
    "            mobilisation_hours = { dist = \"const\"; value = 2.0; }; };\n"
    "surges = ( { name = \"s\"; date = \"2019-01-01\"; extra_cases = 1; extra_level = 1;\n"
    "             extra_category = \"a\"; } );\n";

static void test_interim_first_action(void **st)
{
    (void)st;
    run r;
    setup(&r, INTERIM, SETS(QUIET, "providers.p1.lead_time_hours.dist=const",
                            "providers.p1.lead_time_hours.value=100.0"));
    assert_int_equal(bb_sim_run_until(r.sim, 50.0), BB_RUN_MORE);
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_int_equal(s.interim_now, 1);       /* protected by the interim only */
    assert_int_equal(s.waiting_unprotected, 0);
    tu_assert_near(s.borrowed_fte, 2.0, 1e-9); /* the interim is borrowed */
    finish(&r);
    tu_assert_near(M(&r, "first_action_p50_h", "acute"), 2.0, 1e-9);
    tu_assert_near(M(&r, "lead_time_p50_h", "acute"), 100.0, 1e-9);
    assert_true(M(&r, "first_action_within_target_share", "acute") == 1.0);
    assert_true(M(&r, "interim_measures", "all") == 1);
    /* held from 0 (taken at once, on site at 2 h) to 100 h */
    tu_assert_near(M(&r, "borrowed_fte_years", "basic_units"), 2.0 * 100.0 / 8766.0, 1e-12);
    teardown_run(&r);
}

/* The interim cannot be staffed (the acute response limit is 1 FTE, the
 * measure needs 2): the case waits for it, counted as waiting, and its
 * first action is its package at 100 h. */
static void test_interim_waits_when_unstaffed(void **st)
{
    (void)st;
    run r;
    setup(&r, INTERIM, SETS(QUIET, "basic_units.acute_cap_fte=1.0",
                            "providers.p1.lead_time_hours.dist=const",
                            "providers.p1.lead_time_hours.value=100.0"));
    assert_int_equal(bb_sim_run_until(r.sim, 50.0), BB_RUN_MORE);
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_int_equal(s.interim_waiting, 1);
    assert_int_equal(s.interim_now, 0);
    finish(&r);
    tu_assert_near(M(&r, "first_action_p50_h", "acute"), 100.0, 1e-9);
    assert_true(M(&r, "interim_measures", "all") == 0);
    tu_assert_near(M(&r, "interim_waiting_mean", "all") * (bb_sim_now(r.sim)), 100.0, 1e-6);
    teardown_run(&r);
}

/* Acute signals decided "no measures" after 10 h: each interim measure
 * is taken at intake, on site at 2 h and ends at the decision. None of
 * these cases needs measures, so none is in a lead-time share. */
static void test_interim_ends_with_no_measures(void **st)
{
    (void)st;
    run r;
    setup(&r, "interim = { options = ( { provider = \"basic_units\"; fte = 2.0; } );\n"
              "            mobilisation_hours = { dist = \"const\"; value = 2.0; }; };\n",
          SETS("categories.a.rate_per_year=200.0", "categories.a.acute_share=1.0",
               "categories.a.levels.[0]=1.0", "categories.a.levels.[1]=0.0",
               "decision.delay_hours.value=10.0", "run.end=\"2019-02-01\""));
    finish(&r);
    double n = M(&r, "arrivals", "all"), d = M(&r, "decided", "level_0");
    assert_true(d > 3 && d <= n && d >= n - 1); /* the last may still be deciding */
    assert_true(M(&r, "interim_measures", "all") >= d);
    assert_true(M(&r, "needing_measures", "all") == 0);
    assert_true(isnan(M(&r, "first_action_within_target_share", "acute")));
    /* each decided case held its interim (2 FTE) for exactly its 10 hours */
    double fte_h = M(&r, "borrowed_fte_years", "basic_units") * 8766.0;
    tu_assert_between(fte_h, d * 2.0 * 10.0 - 1e-6, n * 2.0 * 10.0 + 1e-6);
    assert_true(M(&r, "unprotected_person_days", "all") == 0);
    teardown_run(&r);
}

/* ---- packages ---- */

/* Level 1 holds 2 FTE at p1 and 3 FTE at p2 at once for its 10 days. */
static const char PACKAGE[] =
    "surges = ( { name = \"s\"; date = \"2019-01-01\"; extra_cases = 1; extra_level = 1;\n"
    "             extra_category = \"a\"; } );\n";
static const char *const PKG_LEVELS[] = {
    "levels = {\n"
    "  level_1 = { providers = ( { package = ( { provider = \"p1\"; fte = 2.0; },\n"
    "                                          { provider = \"p2\"; fte = 3.0; } ); } );\n"
    "              when_full = \"borrow\"; duration_days = { dist = \"const\"; value = 10.0; }; };\n"
    "};\n"};
static const char *const PKG_SETS[] = {"categories.a.rate_per_year=0.0",
                                       "run.end=\"2019-01-21\""};

static void test_package_holds_both(void **st)
{
    (void)st;
    run r;
    setup_over(&r, FX_LIST(PKG_LEVELS), PACKAGE, PKG_SETS, 2);
    assert_int_equal(bb_sim_run_until(r.sim, 24.0), BB_RUN_MORE);
    bb_state s;
    bb_sim_state(r.sim, &s);
    tu_assert_near(s.prov_used[0], 2.0, 1e-9);
    tu_assert_near(s.prov_used[1], 3.0, 1e-9);
    finish(&r);
    /* 10 of 20 days */
    tu_assert_near(M(&r, "used_fte_mean", "p1"), 1.0, 1e-9);
    tu_assert_near(M(&r, "used_fte_mean", "p2"), 1.5, 1e-9);
    assert_true(M(&r, "borrowed_fte_years", "basic_units") == 0);
    teardown_run(&r);
}

/* All or nothing: with 2 FTE at p2 the package does not fit, so the case
 * borrows the package's 5 FTE and neither provider holds anything. */
static void test_package_all_or_nothing(void **st)
{
    (void)st;
    run r;
    const char *sets[] = {PKG_SETS[0], PKG_SETS[1], "providers.p2.fte=2.0"};
    setup_over(&r, FX_LIST(PKG_LEVELS), PACKAGE, sets, 3);
    assert_int_equal(bb_sim_run_until(r.sim, 24.0), BB_RUN_MORE);
    bb_state s;
    bb_sim_state(r.sim, &s);
    assert_true(s.prov_used[0] == 0 && s.prov_used[1] == 0);
    tu_assert_near(s.borrowed_fte, 5.0, 1e-9);
    finish(&r);
    teardown_run(&r);
}

/* ---- priority ---- */

/* p1 has 1 FTE. At t = 0 two regular backlog cases are decided: R1 takes
 * p1 for its 10 days, R2 waits. On day 2 an acute case A is decided and
 * waits too. When R1 ends (240 h) A goes first, though R2 waited longer:
 * A's lead time is 216 h. R2's own 10 days end at 240 h as well, before
 * it got anything: it is never protected (no capacity), and counts as
 * not within target in both shares of the regular cases. */
static void test_acute_overtakes_regular(void **st)
{
    (void)st;
    run r;
    setup(&r, "initial = { backlog = { advice_decentral = 2; }; };\n"
              "surges = ( { name = \"s\"; date = \"2019-01-02\"; extra_cases = 1;\n"
              "             extra_level = 1; extra_category = \"a\"; } );\n",
          SETS(QUIET, "providers.p1.fte=1.0", "levels.level_1.when_full=wait"));
    finish(&r);
    tu_assert_near(M(&r, "lead_time_p50_h", "acute"), 216.0, 1e-9);
    assert_true(M(&r, "needing_measures", "regular") == 2);
    assert_true(M(&r, "protected", "regular") == 1);
    assert_true(M(&r, "never_protected", "regular") == 1);
    assert_true(M(&r, "never_protected", "reason_no_capacity") == 1);
    assert_true(M(&r, "within_target_share", "regular") == 0.5);
    assert_true(M(&r, "first_action_within_target_share", "regular") == 0.5);
    teardown_run(&r);
}

/* p1 has 2 FTE; level 2 needs both. At t = 0 a level-1 case takes 1 FTE
 * for 10 days and a level-2 case waits (1 free, it needs 2). On day 2 a
 * second level-1 case fits in the free FTE and takes it at once: the
 * waiting level-2 case does not block it. Level 2 gets p1 on day 12, when
 * both level-1 cases are gone: lead 11 days. */
static void test_small_passes_big(void **st)
{
    (void)st;
    run r;
    setup(&r, "surges = ( { name = \"a\"; date = \"2019-01-01\"; extra_cases = 1;\n"
              "             extra_level = 1; extra_category = \"a\"; },\n"
              "           { name = \"b\"; date = \"2019-01-01\"; extra_cases = 1;\n"
              "             extra_level = 2; extra_category = \"a\"; },\n"
              "           { name = \"c\"; date = \"2019-01-02\"; extra_cases = 1;\n"
              "             extra_level = 1; extra_category = \"a\"; } );\n",
          SETS(QUIET, "providers.p1.fte=2.0", "levels.level_1.when_full=wait",
               "levels.level_2.when_full=wait", "levels.level_2.providers.[0].provider=p1",
               "levels.level_2.providers.[0].fte=2.0", "levels.level_2.duration_days.value=30.0"));
    finish(&r);
    assert_true(M(&r, "lead_time_p95_h", "level_1") == 0.0);
    tu_assert_near(M(&r, "lead_time_p50_h", "level_2"), 264.0, 1e-9);
    teardown_run(&r);
}

/* ---- borrowing ---- */

/* p1 has no FTE: the case borrows; the officers are on site after the
 * mobilisation delay (5 h), which is its first action and its package. */
static void test_borrowing_mobilisation_delay(void **st)
{
    (void)st;
    run r;
    static const char *const BASIC[] = {
        "basic_units = { cap_fte = 100000.0; cost_per_hour = 0.0;\n"
        "                mobilisation_hours = { dist = \"const\"; value = 5.0; }; };\n"};
    setup_over(&r, FX_LIST(BASIC), PACKAGE, SETS(QUIET, "providers.p1.fte=0.0"));
    finish(&r);
    tu_assert_near(M(&r, "first_action_p50_h", "acute"), 5.0, 1e-9);
    tu_assert_near(M(&r, "lead_time_p50_h", "acute"), 5.0, 1e-9);
    teardown_run(&r);
}

/* Borrowed officers standing in for another kind of package (level 1's
 * borrowed_is_package = false): p1 has room for one case. A takes it at
 * once; B (two days later) borrows, on site after 5 h, and moves to p1
 * when A's threat ends at 240 h. B's first protective action is at 5 h
 * either way; its definitive package at 5 h when borrowing counts as the
 * package, at 192 h (240 - 48) when it does not. */
static void test_borrowed_stands_in(void **st)
{
    (void)st;
    static const char *const BASIC[] = {
        "basic_units = { cap_fte = 100000.0; cost_per_hour = 0.0;\n"
        "                mobilisation_hours = { dist = \"const\"; value = 5.0; }; };\n"};
    static const char TWO[] =
        "surges = ( { name = \"a\"; date = \"2019-01-01\"; extra_cases = 1; extra_level = 1;\n"
        "             extra_category = \"a\"; },\n"
        "           { name = \"b\"; date = \"2019-01-03\"; extra_cases = 1; extra_level = 1;\n"
        "             extra_category = \"a\"; } );\n";
    for (int stands_in = 0; stands_in < 2; stands_in++) {
        run r;
        setup_over(&r, FX_LIST(BASIC), TWO,
                   SETS(QUIET, "providers.p1.fte=1.0",
                        stands_in ? "levels.level_1.borrowed_is_package=false"
                                  : "levels.level_1.borrowed_is_package=true"));
        finish(&r);
        tu_assert_near(M(&r, "first_action_p50_h", "all"), 2.5, 1e-9);
        tu_assert_near(M(&r, "lead_time_p50_h", "all"), stands_in ? 96.0 : 2.5, 1e-9);
        /* protected from 5 h either way: the same unprotected time */
        tu_assert_near(M(&r, "unprotected_person_days", "all"), 5.0 / 24.0, 1e-9);
        assert_true(M(&r, "never_protected", "all") == 0.0);
        char why[256];
        assert_int_equal(bb_sim_check(r.sim, why, sizeof why), 0);
        teardown_run(&r);
    }
}

/* The limit is 1 FTE; two cases would each borrow 1: one does, the other
 * waits its 10 days, and its 1 FTE is borrowing needed beyond the limit
 * (unmet) for those 240 h of the 744-hour January. */
static void test_unmet_borrowing(void **st)
{
    (void)st;
    run r;
    setup(&r, "surges = ( { name = \"s\"; date = \"2019-01-01\"; extra_cases = 2;\n"
              "             extra_level = 1; extra_category = \"a\"; } );\n",
          SETS(QUIET, "providers.p1.fte=0.0", "basic_units.cap_fte=1.0"));
    finish(&r);
    /* the second borrows when the first ends, at 240 h */
    tu_assert_near(M(&r, "borrow_unmet_fte_mean", "basic_units"), 240.0 / 744.0, 1e-9);
    tu_assert_near(M(&r, "lead_time_p95_h", "all"), 0.95 * 240.0, 1e-9);
    tu_assert_near(M(&r, "unprotected_person_days", "all"), 10.0, 1e-9);
    tu_assert_near(M(&r, "borrowed_fte_mean", "basic_units"), 240.0 / 744.0, 1e-9);
    tu_assert_near(MY(&r, "borrow_unmet_fte_mean", "basic_units", 2019), 240.0 / 744.0, 1e-9);
    /* officer-hours and 8-hour shifts of regular police work lost */
    double hours = 240.0 / 8766.0 * 8760.0;
    tu_assert_near(M(&r, "police_hours_lost", "basic_units"), hours, 1e-6);
    tu_assert_near(M(&r, "police_shifts_lost", "basic_units"), hours / 8.0, 1e-6);
    teardown_run(&r);
}

/* A provider whose staff come from the basic teams counts toward the
 * pressure on them, and its staff's cost is an opportunity cost. */
static void test_from_basic_units_is_pressure(void **st)
{
    (void)st;
    run r;
    setup(&r, NULL, SETS(QUIET, "providers.p2.from_basic_units=true", "providers.p2.fte=10.0",
                         "providers.p2.cost_per_fte_year=100000.0"));
    finish(&r);
    tu_assert_near(M(&r, "pressure_fte_mean", "basic_units"), 10.0, 1e-9);
    tu_assert_near(M(&r, "cost_opportunity_eur", "total"), 10 * 100000.0 * 744 / 8766.0, 1e-3);
    assert_true(M(&r, "cost_cash_eur", "total") == 0);
    teardown_run(&r);
}

/* Borrowed hours are cash on the line that pays them, in a year when it
 * has budget; opportunity cost in the others. */
static void test_paid_borrowing_is_cash(void **st)
{
    (void)st;
    run r;
    setup(&r, "budget_lines = { extra = { first_year = 2019; eur_million = [1.0, 0.0]; }; };\n"
              "planned = ( { name = \"t\"; provider = \"p1\"; from = \"2019-01-01\";\n"
              "  to = \"2020-12-31\"; weekdays = [2]; officers = 10.0; hours_per_day = 24.0; } );\n",
          SETS("categories.a.rate_per_year=0.0", "providers.p1.fte=0.0",
               "basic_units.cost_per_hour=10.0", "basic_units.budget_line=extra"));
    finish(&r);
    double c19 = MY(&r, "cost_cash_eur", "all", 2019), o19 = MY(&r, "cost_opportunity_eur", "all", 2019);
    double c20 = MY(&r, "cost_cash_eur", "all", 2020), o20 = MY(&r, "cost_opportunity_eur", "all", 2020);
    assert_true(c19 > 0 && o19 == 0);
    assert_true(c20 == 0 && o20 > 0);
    tu_assert_near(MY(&r, "budget_cost_eur", "extra", 2019), c19, 1e-6);
    teardown_run(&r);
}

/* ---- demand ---- */

/* 10 signals an hour; from 2020-01-01 the rate doubles every year: 2019
 * has 87,660 expected, 2020 87,660 / ln 2 = 126,468 (Poisson sd ~ 356). */
static void test_growth_from_a_date(void **st)
{
    (void)st;
    run r;
    setup(&r, "demand = { growth_per_year = 1.0; growth_from = \"2020-01-01\"; };\n",
          SETS("categories.a.rate_per_year=87660.0", "categories.a.levels.[0]=1.0",
               "categories.a.levels.[1]=0.0", "categories.a.triage_close=1.0",
               "run.end=\"2021-01-01\""));
    finish(&r);
    double a19 = MY(&r, "arrivals", "all", 2019), a20 = MY(&r, "arrivals", "all", 2020);
    tu_assert_near(a19, 87660.0, 5 * 296.0);
    tu_assert_near(a20, 87660.0 * 366.0 / 365.25 / log(2.0), 5 * 356.0);
    teardown_run(&r);
}

/* A surge of half a day triples the rate for exactly 12 hours: over 48 h
 * at 100 an hour that is 100 x (36 + 3 x 12) = 7,200 signals (sd 85),
 * not 9,600 as a surge raising the whole day would give. */
static void test_half_day_surge(void **st)
{
    (void)st;
    run r;
    setup(&r, "surges = ( { name = \"s\"; date = \"2019-01-01\"; duration_days = 0.5;\n"
              "             categories = [\"a\"]; rate_factor = 3.0; } );\n",
          SETS("categories.a.rate_per_year=876600.0", "categories.a.triage_close=1.0",
               "categories.a.levels.[0]=1.0", "categories.a.levels.[1]=0.0",
               "run.end=\"2019-01-03\""));
    finish(&r);
    tu_assert_near(M(&r, "arrivals", "all"), 7200.0, 5 * 85.0);
    teardown_run(&r);
}

/* ---- reported per year, the bottleneck, continuous protection ---- */

static int bneck_col(bb_sim *sim)
{
    const char **names;
    int n = bb_sim_period_columns(sim, &names);
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], "bottleneck"))
            return i;
    return -1;
}

static void count_bneck(bb_sim *sim, void *ud)
{
    int *k = ud; /* [weeks with p1 named, weeks with none] */
    int c = bneck_col(sim);
    const char *name = bb_sim_period_label(sim, c);
    k[0] += name && !strcmp(name, "p1");
    k[1] += name && !strcmp(name, "none");
}

/* p1 has 1 FTE and 20 level-1 cases wait for it: every week names p1 as
 * the bottleneck; yearly.csv gives it all the year's weeks. */
static void test_bottleneck_named(void **st)
{
    (void)st;
    run r;
    setup(&r, "surges = ( { name = \"s\"; date = \"2019-01-01\"; extra_cases = 20;\n"
              "             extra_level = 1; extra_category = \"a\"; } );\n",
          SETS(QUIET, "providers.p1.fte=1.0", "levels.level_1.when_full=wait",
               "levels.level_1.duration_days.value=100.0"));
    int k[2] = {0, 0};
    bb_sim_on_period(r.sim, count_bneck, k);
    finish(&r);
    assert_true(k[0] >= 4 && k[1] == 0);
    assert_true(MY(&r, "bottleneck_share", "p1", 2019) == 1.0);
    assert_true(MY(&r, "bottleneck_share", "none", 2019) == 0.0);
    teardown_run(&r);
}

/* A provider that never has staff is no bottleneck: level 1 lists p2
 * (no FTE, ever) before p1 (1 FTE); the 20 waiting cases wait for p1. */
static void test_bottleneck_staffed(void **st)
{
    (void)st;
    static const char *const LEVELS[] = {
        "levels = {\n"
        "  level_1 = { providers = ( { provider = \"p2\"; fte = 1.0; },\n"
        "                            { provider = \"p1\"; fte = 1.0; } ); when_full = \"wait\";\n"
        "              duration_days = { dist = \"const\"; value = 100.0; }; };\n"
        "};\n"};
    run r;
    setup_over(&r, FX_LIST(LEVELS),
               "surges = ( { name = \"s\"; date = \"2019-01-01\"; extra_cases = 20;\n"
               "             extra_level = 1; extra_category = \"a\"; } );\n",
               SETS(QUIET, "providers.p1.fte=1.0", "providers.p2.fte=0.0"));
    finish(&r);
    assert_true(MY(&r, "bottleneck_share", "p1", 2019) == 1.0);
    assert_true(MY(&r, "bottleneck_share", "p2", 2019) == 0.0);
    teardown_run(&r);
}

/* Persons, not FTE: a continuous package held by a person counts one; an
 * object (person = false) does not. */
static void test_continuous_persons(void **st)
{
    (void)st;
    run r;
    setup(&r, "surges = ( { name = \"s\"; date = \"2019-01-01\"; extra_cases = 3;\n"
              "             extra_level = 2; extra_category = \"a\"; },\n"
              "           { name = \"o\"; date = \"2019-01-01\"; extra_cases = 2;\n"
              "             extra_level = 2; extra_category = \"b\"; } );\n",
          SETS(QUIET, "levels.level_2.continuous=true", "categories.b.person=false",
               "levels.level_2.duration_days.value=100.0"));
    finish(&r);
    assert_true(M(&r, "continuous_protection_persons_end", "all") == 3);
    tu_assert_near(M(&r, "continuous_protection_persons_mean", "all"), 3.0, 1e-9);
    teardown_run(&r);
}

/* ---- more capacity never makes these worse ---- */

/* A small congested chain: two categories, office pools, a level with
 * reviews and escalations, providers that fill up, an interim measure.
 * Adding FTE to any pool or provider, on common random numbers, must not
 * make acute first action, unprotected person-days or never-protected
 * significantly worse (paired, 95%). */
static const char *const CONGESTED[] = {
    "categories = {\n"
    "  a = { rate_per_year = 3000.0; acute_share = 0.3; triage_close = 0.0; domain = \"decentral\";\n"
    "        escalation_per_year = 0.5; levels = [0.2, 0.6, 0.2, 0.0, 0.0]; };\n"
    "  b = { rate_per_year = 400.0; acute_share = 0.2; triage_close = 0.0; domain = \"central\";\n"
    "        levels = [0.3, 0.4, 0.3, 0.0, 0.0]; };\n"
    "};\n",
    "pools = {\n"
    "  information = { fte = 1.4; hours = \"24/7\"; cost_per_fte_year = 0.0;\n"
    "                  effort_hours = { dist = \"exponential\"; mean = 2.5; }; };\n"
    "  advice_decentral = { fte = 1.2; hours = \"24/7\"; cost_per_fte_year = 0.0;\n"
    "                  effort_hours = { dist = \"exponential\"; mean = 2.0; }; };\n"
    "  advice_central = { fte = 0.5; hours = \"24/7\"; cost_per_fte_year = 0.0;\n"
    "                  effort_hours = { dist = \"exponential\"; mean = 5.0; }; };\n"
    "};\n",
    "providers = { p1 = { fte = 25.0; cost_per_fte_year = 0.0;\n"
    "                     lead_time_hours = { dist = \"exponential\"; mean = 24.0; }; };\n"
    "              p2 = { fte = 12.0; cost_per_fte_year = 0.0; }; };\n",
    "basic_units = { cap_fte = 8.0; acute_cap_fte = 6.0; cost_per_hour = 0.0;\n"
    "                mobilisation_hours = { dist = \"exponential\"; mean = 6.0; }; };\n",
    "levels = {\n"
    "  level_1 = { providers = ( { provider = \"p1\"; fte = 1.0; } ); when_full = \"borrow\";\n"
    "              duration_days = { dist = \"exponential\"; mean = 4.0; };\n"
    "              review_weeks = 0.5; transitions = [0.1, 0.8, 0.1, 0.0, 0.0]; };\n"
    "  level_2 = { providers = ( { provider = \"p2\"; fte = 2.0; } ); when_full = \"borrow\";\n"
    "              duration_days = { dist = \"exponential\"; mean = 8.0; }; };\n"
    "};\n",
    "run = { start = \"2019-01-01\"; end = \"2020-01-01\"; replications = 1; seed = 7; };\n",
};
static const char CONG_INTERIM[] =
    "interim = { options = ( { provider = \"basic_units\"; fte = 1.0; } );\n"
    "            mobilisation_hours = { dist = \"lognormal\"; median = 3.0; sigma = 0.5; }; };\n";

/* Every period: the bookkeeping recounted from scratch agrees. */
static void check_period(bb_sim *sim, void *ud)
{
    (void)ud;
    char why[256];
    if (bb_sim_check(sim, why, sizeof why) != 0)
        fail_msg("%s", why);
}

static void summarise(const char *extra_set, bb_summary *sum, int reps)
{
    bb_scenario *s = fx_load_ok(FX_LIST(CONGESTED), CONG_INTERIM, &extra_set, extra_set != NULL);
    for (int rep = 0; rep < reps; rep++) {
        bb_sim *sim = bb_sim_new(s, 11, rep);
        if (rep == 0)
            bb_sim_on_period(sim, check_period, NULL);
        assert_int_equal(bb_sim_run(sim), BB_RUN_DONE);
        const bb_metric *rows;
        int k = bb_sim_metrics(sim, &rows);
        assert_int_equal(bb_summary_add(sum, rows, k), 0);
        bb_sim_free(sim);
    }
    bb_scenario_free(s);
}

static void test_more_capacity_never_worse(void **st)
{
    (void)st;
    const int reps = 8;
    bb_summary *base = bb_summary_new();
    summarise(NULL, base, reps);
    static const char *const MORE[] = {
        "pools.information.fte=2.4", "pools.advice_decentral.fte=2.2", "pools.advice_central.fte=1.5",
        "providers.p1.fte=35.0", "providers.p2.fte=20.0", "basic_units.cap_fte=16.0"};
    static const char *const CHECK[][3] = {
        {"first_action_within_target_share", "acute", "+"},
        {"unprotected_person_days", "all", "-"},
        {"never_protected", "all", "-"}};
    int improved = 0;
    for (size_t k = 0; k < sizeof MORE / sizeof MORE[0]; k++) {
        bb_summary *more = bb_summary_new();
        summarise(MORE[k], more, reps);
        for (size_t c = 0; c < 3; c++) {
            int ia = bb_summary_find(base, CHECK[c][0], CHECK[c][1]);
            int ib = bb_summary_find(more, CHECK[c][0], CHECK[c][1]);
            assert_true(ia >= 0 && ib >= 0);
            double m, lo, hi;
            bb_paired_diff(base, ia, more, ib, &m, &lo, &hi);
            bool better_up = CHECK[c][2][0] == '+';
            bool worse = better_up ? hi < 0 : lo > 0;
            if (worse)
                fail_msg("%s makes %s/%s worse: %+g [%g, %g]", MORE[k], CHECK[c][0], CHECK[c][1],
                         m, lo, hi);
            improved += better_up ? lo > 0 : hi < 0;
        }
        bb_summary_free(more);
    }
    assert_true(improved >= 3); /* the check can see an effect at all */
    bb_summary_free(base);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interim_first_action),
        cmocka_unit_test(test_interim_waits_when_unstaffed),
        cmocka_unit_test(test_interim_ends_with_no_measures),
        cmocka_unit_test(test_package_holds_both),
        cmocka_unit_test(test_package_all_or_nothing),
        cmocka_unit_test(test_acute_overtakes_regular),
        cmocka_unit_test(test_small_passes_big),
        cmocka_unit_test(test_borrowing_mobilisation_delay),
        cmocka_unit_test(test_borrowed_stands_in),
        cmocka_unit_test(test_unmet_borrowing),
        cmocka_unit_test(test_from_basic_units_is_pressure),
        cmocka_unit_test(test_paid_borrowing_is_cash),
        cmocka_unit_test(test_growth_from_a_date),
        cmocka_unit_test(test_half_day_surge),
        cmocka_unit_test(test_bottleneck_named),
        cmocka_unit_test(test_bottleneck_staffed),
        cmocka_unit_test(test_continuous_persons),
        cmocka_unit_test(test_more_capacity_never_worse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
