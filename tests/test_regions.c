/*
 * test_regions.c - regions on small hand-made scenarios: a region's full
 * team serves another region only as assistance, after its delay and at
 * its cost, and only when the scenario allows it; national providers
 * serve every region; the regional figures add up to the national ones;
 * the loader splits and routes investments and reports bad region names;
 * the same seed gives the same results; one region is the model without
 * regions; regions.csv is tidy and timeseries.csv keeps its columns.
 *
 * The scenarios are the shared base of fixture.h (zero efforts and
 * delays) with provider p1 regional. In the routing tests every case
 * belongs to region "a" (region "b" has no population), so where a case
 * is served follows from the rules alone.
 */
#include "fixture.h"
#include "internal.h"
#include <gsl/gsl_errno.h>
#include <math.h>

/* p1 is regional: 1 FTE in a, 5 in b. Two acute level-1 cases in a at
 * t = 0 (a surge); level 1 waits when full; p1 takes 0 h to put in place. */
static const char *const TWO[] = {
    "providers = { p1 = { fte = 6.0; cost_per_fte_year = 0.0; regional = true; };\n"
    "              p2 = { fte = 1000.0; cost_per_fte_year = 0.0; }; };\n",
    "levels = {\n"
    "  level_1 = { providers = ( { provider = \"p1\"; fte = 1.0; } ); when_full = \"wait\";\n"
    "              duration_days = { dist = \"const\"; value = 10.0; };\n"
    "              review_weeks = 0.0; transitions = [0.0, 1.0, 0.0, 0.0, 0.0]; };\n"
    "};\n",
    "surges = ( { name = \"s\"; date = \"2019-01-01\"; extra_cases = 2; extra_level = 1;\n"
    "             extra_category = \"a\"; } );\n",
};

#define REGIONS(assist)                                                                  \
    "regions = {\n"                                                                      \
    "  assistance = { allowed = " assist "; cost_per_measure = 500.0;\n"                 \
    "                 delay_hours = { dist = \"const\"; value = 30.0; }; };\n"           \
    "  units = { a = { population_share = 1.0; fte = { p1 = 1.0; }; };\n"               \
    "            b = { population_share = 0.0; capacity_share = 0.5; fte = { p1 = 5.0; }; }; };\n" \
    "};\n"

#define QUIET "categories.a.rate_per_year=0.0", "run.end=\"2019-03-01\""

typedef fx_run run;
#define M fx_m
#define done fx_done

static void start(run *r, const char *const *over, int nover, const char *extra,
                  const char *const *sets, int nsets)
{
    fx_start(r, over, nover, extra, sets, nsets, 7);
}

static void finish(run *r)
{
    char why[256];
    assert_int_equal(bb_sim_run_until(r->sim, 24.0 * 20), BB_RUN_MORE);
    assert_int_equal(bb_sim_check(r->sim, why, sizeof why), 0);
    assert_int_equal(bb_sim_run(r->sim), BB_RUN_DONE);
    assert_int_equal(bb_sim_check(r->sim, why, sizeof why), 0);
    r->n = bb_sim_metrics(r->sim, &r->rows);
    assert_true(r->n > 0);
}


/* Assistance allowed: the first case takes a's only FTE at once; the
 * second is served by b's team, 30 h later (the assistance delay), and
 * the assistance costs 500 once. */
static void test_assistance_after_delay(void **st)
{
    (void)st;
    run r;
    start(&r, FX_LIST(TWO), REGIONS("true"), SETS(QUIET));
    finish(&r);
    tu_assert_near(M(&r, "needing_measures", "region_a"), 2, 1e-12);
    tu_assert_near(M(&r, "needing_measures", "region_b"), 0, 1e-12);
    tu_assert_near(M(&r, "assisted_measures", "region_a"), 1, 1e-12);
    /* the median of the two lead times, 0 and 30 h (interpolated) */
    tu_assert_near(M(&r, "lead_time_p50_h", "region_a"), 15, 1e-9);
    tu_assert_near(M(&r, "cost_cash_eur", "total"), 500, 1e-9);
    /* b's team held the assisted case for its ten days */
    tu_assert_near(M(&r, "active_mean", "p1_b") * 59 * 24, 10 * 24, 1e-6);
    done(&r);
}

/* Assistance not allowed: b's five free FTE stay unused; the second
 * case waits until the first one's measure ends (10 days). */
static void test_no_assistance_waits(void **st)
{
    (void)st;
    run r;
    start(&r, FX_LIST(TWO), REGIONS("false"), SETS(QUIET));
    finish(&r);
    tu_assert_near(M(&r, "assisted_measures", "region_a"), 0, 1e-12);
    tu_assert_near(M(&r, "lead_time_p50_h", "region_a"), 120, 1e-9); /* of 0 and 240 h */
    tu_assert_near(M(&r, "active_mean", "p1_b"), 0, 1e-12);
    tu_assert_near(M(&r, "cost_cash_eur", "total"), 0, 1e-12);
    done(&r);
}

/* Capacity freed in b while a case of a waits goes to it as assistance
 * (with the delay), not at once: b starts with no FTE, an investment
 * (of b) brings 1 FTE on 2019-01-03. */
static void test_freed_capacity_assists(void **st)
{
    (void)st;
    run r;
    const char *extra =
        "regions = {\n"
        "  assistance = { delay_hours = { dist = \"const\"; value = 30.0; }; };\n"
        "  units = { a = { population_share = 1.0; fte = { p1 = 1.0; }; };\n"
        "            b = { population_share = 0.0; fte = { p1 = 0.0; }; }; };\n"
        "};\n"
        "investments = ( { date = \"2019-01-03\"; provider = \"p1\"; region = \"b\";\n"
        "                  delta_fte = 1.0; } );\n";
    start(&r, FX_LIST(TWO), extra, SETS(QUIET));
    finish(&r);
    tu_assert_near(M(&r, "assisted_measures", "region_a"), 1, 1e-12);
    tu_assert_near(M(&r, "lead_time_p50_h", "region_a"), (48 + 30) / 2.0, 1e-9); /* 0, 78 h */
    done(&r);
}

/* A national provider serves every region at once: level 1 at p2
 * (national) for cases of a, no assistance involved. */
static void test_national_serves_all(void **st)
{
    (void)st;
    run r;
    start(&r, FX_LIST(TWO), REGIONS("true"),
          SETS(QUIET, "levels.level_1.providers.[0].provider=\"p2\""));
    finish(&r);
    tu_assert_near(M(&r, "assisted_measures", "region_a"), 0, 1e-12);
    tu_assert_near(M(&r, "lead_time_p50_h", "region_a"), 0, 1e-9);
    done(&r);
}

/* Three regions, arrivals all run long, p1 regional and short (so cases
 * borrow and wait): every regional figure adds up to the national one. */
static const char SUMS[] =
    "regions = {\n"
    "  assistance = { delay_hours = { dist = \"const\"; value = 12.0; }; };\n"
    "  units = { n = { population_share = 0.2; };\n"
    "            m = { population_share = 0.5; demand_factor = 1.3; assist_from = [\"n\"]; };\n"
    "            s = { population_share = 0.3; }; };\n"
    "};\n"
    "interim = { options = ( { provider = \"basic_units\"; fte = 0.5; } );\n"
    "            mobilisation_hours = { dist = \"const\"; value = 2.0; }; };\n";
static const char *const SUMS_OVER[] = {
    "providers = { p1 = { fte = 9.0; cost_per_fte_year = 0.0; regional = true;\n"
    "                     lead_time_hours = { dist = \"const\"; value = 5.0; }; };\n"
    "              p2 = { fte = 3.0; cost_per_fte_year = 0.0; }; };\n",
    "basic_units = { cap_fte = 6.0; acute_cap_fte = 4.0; cost_per_hour = 0.0; };\n",
    "categories = {\n"
    "  a = { rate_per_year = 876.6; acute_share = 0.3; triage_close = 0.0;\n"
    "        domain = \"decentral\"; escalation_per_year = 0.0;\n"
    "        levels = [0.0, 0.7, 0.3, 0.0, 0.0]; };\n"
    "};\n",
    "levels = {\n"
    "  level_1 = { providers = ( { provider = \"p1\"; fte = 1.0; } ); when_full = \"borrow\";\n"
    "              duration_days = { dist = \"const\"; value = 10.0; }; };\n"
    "  level_2 = { providers = ( { provider = \"p2\"; fte = 1.0; }, { provider = \"p1\"; fte = 1.0; } );\n"
    "              when_full = \"wait\"; duration_days = { dist = \"const\"; value = 10.0; }; };\n"
    "};\n",
};

static void test_sums(void **st)
{
    (void)st;
    run r;
    start(&r, FX_LIST(SUMS_OVER), SUMS, NULL, 0);
    finish(&r);
    const char *reg[] = {"region_n", "region_m", "region_s"};
    const char *count[] = {"needing_measures", "protected", "never_protected", "cases_in"};
    for (int k = 0; k < 4; k++) {
        double sum = 0;
        for (int i = 0; i < 3; i++)
            sum += M(&r, count[k], reg[i]);
        tu_assert_near(sum, M(&r, k == 3 ? "arrivals" : count[k], "all"), 1e-12);
    }
    double days = 0, borrowed = 0, assists = 0;
    for (int i = 0; i < 3; i++) {
        days += M(&r, "unprotected_person_days", reg[i]);
        borrowed += M(&r, "borrowed_fte_mean", reg[i]);
        assists += M(&r, "assisted_measures", reg[i]);
    }
    tu_assert_rel(days, M(&r, "unprotected_person_days", "all"), 1e-9);
    tu_assert_rel(borrowed, M(&r, "borrowed_fte_mean", "basic_units"), 1e-9);
    assert_true(M(&r, "needing_measures", "all") > 1000);
    assert_true(assists > 0);
    /* the yearly rows add up too */
    for (int y = 2019; y <= 2020; y++) {
        double d = 0;
        for (int i = 0; i < 3; i++)
            d += tu_metric_year(r.rows, r.n, "unprotected_person_days", reg[i], y);
        tu_assert_rel(d, tu_metric_year(r.rows, r.n, "unprotected_person_days", "all", y), 1e-9);
    }
    /* the period row: the regions' counts are the national ones */
    const char **cols;
    int nc = bb_sim_period_columns(r.sim, &cols);
    const double *row = bb_sim_period_row(r.sim);
    double need = 0, nat = NAN;
    for (int j = 0; j < nc; j++) {
        const char *rg, *mt;
        if (bb_scenario_column_region(r.s, j, &rg, &mt) && !strcmp(mt, "unprotected_needing"))
            need += row[j];
        if (!strcmp(cols[j], "unprotected_needing"))
            nat = row[j];
    }
    tu_assert_near(need, nat, 1e-12);
    done(&r);
}

/* The same seed gives the same results, twice. */
static void test_same_seed(void **st)
{
    (void)st;
    run a, b;
    start(&a, FX_LIST(SUMS_OVER), SUMS, NULL, 0);
    start(&b, FX_LIST(SUMS_OVER), SUMS, NULL, 0);
    finish(&a);
    finish(&b);
    assert_int_equal(a.n, b.n);
    for (int i = 0; i < a.n; i++)
        if (!(isnan(a.rows[i].value) && isnan(b.rows[i].value)))
            assert_memory_equal(&a.rows[i].value, &b.rows[i].value, sizeof(double));
    done(&a);
    done(&b);
}

/* One region in a regions section is the model without regions: every
 * national row has the same value (the region rows come on top). */
static void test_one_region_same(void **st)
{
    (void)st;
    run a, b;
    const char *one = "regions = { units = { all = { population_share = 1.0; }; }; };\n";
    start(&a, FX_LIST(SUMS_OVER), strstr(SUMS, "interim"), NULL, 0);
    char extra[1024];
    snprintf(extra, sizeof extra, "%s%s", strstr(SUMS, "interim"), one);
    start(&b, FX_LIST(SUMS_OVER), extra, NULL, 0);
    finish(&a);
    finish(&b);
    int k = 0;
    for (int i = 0; i < b.n; i++) {
        if (!strncmp(b.rows[i].group, "region_", 7))
            continue;
        assert_true(k < a.n);
        assert_string_equal(a.rows[k].metric, b.rows[i].metric);
        assert_string_equal(a.rows[k].group, b.rows[i].group);
        if (!(isnan(a.rows[k].value) && isnan(b.rows[i].value)))
            tu_assert_near(b.rows[i].value, a.rows[k].value, 1e-12);
        k++;
    }
    assert_int_equal(k, a.n);
    done(&a);
    done(&b);
}

/* The loader: a regional provider is one per region; an investment
 * naming a region goes to its provider, one without is split by capacity
 * share; bad names are reported with their line. */
static void test_loader(void **st)
{
    (void)st;
    const char *extra =
        "regions = { units = { a = { population_share = 0.75; };\n"
        "                      b = { population_share = 0.25; }; }; };\n"
        "investments = ( { date = \"2019-02-01\"; provider = \"p1\"; region = \"b\"; delta_fte = 4.0; },\n"
        "                { date = \"2019-03-01\"; provider = \"p1\"; delta_fte = 8.0; } );\n"
        "changes = ( { date = \"2019-04-01\"; provider = \"p1\"; region = \"a\"; delta_fte = -2.0; } );\n";
    const char *const over[] = {
        "providers = { p1 = { fte = 100.0; cost_per_fte_year = 0.0; regional = true; };\n"
        "              p2 = { fte = 1000.0; cost_per_fte_year = 0.0; }; };\n",
    };
    bb_scenario *s = fx_load_ok(FX_LIST(over), extra, NULL, 0);
    assert_int_equal(s->nprov, 3);
    assert_string_equal(s->prov[0].name, "p1_a");
    assert_string_equal(s->prov[1].name, "p1_b");
    assert_string_equal(s->prov[2].name, "p2");
    assert_int_equal(bb_scenario_provider_count(s), 2);
    assert_string_equal(bb_scenario_provider_name(s, 0), "p1");
    tu_assert_near(s->prov[0].fte, 75, 1e-9);
    tu_assert_near(s->prov[1].fte, 25, 1e-9);
    tu_assert_near(s->reg[0].basic_cap_fte, 75000, 1e-6);
    assert_int_equal(s->ninvest, 3);
    assert_int_equal(s->invest[0].unit, BB_POOLS + 1);
    tu_assert_near(s->invest[0].delta, 4, 1e-12);
    tu_assert_near(s->invest[1].delta, 6, 1e-12);
    tu_assert_near(s->invest[2].delta, 2, 1e-12);
    assert_int_equal(s->nchange, 1);
    assert_int_equal(s->change[0].index, 0);
    bb_scenario_free(s);

    const char *bad =
        "regions = { units = { a = { population_share = 1.0; fte = { p2 = 1.0; }; }; };\n"
        "            assistance = { budget_line = \"nope\"; }; };\n"
        "investments = ( { date = \"2019-02-01\"; provider = \"p1\"; region = \"x\"; delta_fte = 4.0; },\n"
        "                { date = \"2019-02-01\"; provider = \"p2\"; region = \"a\"; delta_fte = 4.0; },\n"
        "                { date = \"2019-02-01\"; pool = \"information\"; region = \"a\"; delta_fte = 1.0; } );\n";
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(fx_load(FX_LIST(over), bad, NULL, 0, &s, &err), BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "regions.units.a.fte.p2", "names no regional provider"));
    assert_true(tu_has_error(&err, "budget_line", "names no budget line"));
    assert_true(tu_has_error(&err, "investments.[0].region", "names no region"));
    assert_true(tu_has_error(&err, "investments.[1].region", "is national"));
    assert_true(tu_has_error(&err, "investments.[2].region", "not a pool"));
    bb_errors_free(&err);
}

/* bbsim run: regions.csv is tidy (one row per week, replication, region
 * and metric, the regions adding up to timeseries.csv's national
 * column), and timeseries.csv has no regional columns. */
static void test_regions_csv(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/r.cfg", d);
    char *text = fx_text(FX_LIST(SUMS_OVER), SUMS);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(text);
    assert_int_equal(tu_sh("'%s' run '%s' --reps 2 --threads 2 --quiet -o '%s/o'", tu_bin(), path,
                           d),
                     0);
    assert_int_equal(tu_sh("head -1 '%s/o/regions.csv' | grep -qx "
                           "'scenario,rep,week,date,region,metric,value'", d),
                     0);
    assert_int_equal(tu_sh("! head -1 '%s/o/timeseries.csv' | grep -q 'region_'", d), 0);
    /* 2 reps x 105 weeks x 3 regions x 6 metrics */
    assert_int_equal(tu_sh("test $(tail -n +2 '%s/o/regions.csv' | wc -l) -eq %d", d,
                           2 * 105 * 3 * 6),
                     0);
    /* the regions' unprotected_needing adds up to the national column */
    assert_int_equal(
        tu_sh("awk -F, 'NR==1{for(i=1;i<=NF;i++)if($i==\"unprotected_needing\")c=i;next}"
              "{n[$2\",\"$3]=$c}END{for(k in n)print k\",\"n[k]}' '%s/o/timeseries.csv' | sort >"
              " '%s/nat' && awk -F, '$6==\"unprotected_needing\"{s[$2\",\"$4]+=$7}"
              "END{for(k in s)print k\",\"s[k]}' '%s/o/regions.csv' | sort > '%s/reg' && "
              "cmp -s '%s/nat' '%s/reg'",
              d, d, d, d, d, d),
        0);
    /* the same bytes again, with another number of threads */
    assert_int_equal(tu_sh("'%s' run '%s' --reps 2 --threads 1 --quiet -o '%s/p' && "
                           "cmp -s '%s/o/regions.csv' '%s/p/regions.csv' && "
                           "cmp -s '%s/o/summary.csv' '%s/p/summary.csv'",
                           tu_bin(), path, d, d, d, d, d),
                     0);
    tu_rmdir(d);
}

/* The shipped 2020 package, regional: the bookkeeping holds every
 * quarter (bb_sim_check), there are ten B&B teams, and the regions add
 * up to the country. */
static void test_shipped_regional(void **st)
{
    (void)st;
    bb_scenario *s = tu_load_file("scenarios/offensief-2020.cfg", NULL, 0);
    assert_non_null(s);
    assert_int_equal(bb_scenario_region_count(s), 10);
    int teams = 0;
    for (int p = 0; p < s->nprov; p++)
        teams += !strncmp(s->prov[p].name, "teams_bb_", 9);
    assert_int_equal(teams, 10);
    /* the view's providers: the scenario's eight, the B&B teams as one */
    assert_int_equal(bb_scenario_provider_count(s), 8);
    assert_string_equal(bb_scenario_provider_name(s, 4), "teams_bb");
    bb_sim *m = bb_sim_new(s, 1, 0);
    assert_non_null(m);
    char why[256];
    int rc;
    double t = 0;
    while ((rc = bb_sim_run_until(m, t += 24.0 * 91)) == BB_RUN_MORE) {
        if (bb_sim_check(m, why, sizeof why) != 0)
            fail_msg("at %.0f h: %s", t, why);
    }
    assert_int_equal(rc, BB_RUN_DONE);
    const bb_metric *rows;
    int n = bb_sim_metrics(m, &rows);
    double need = 0;
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].metric, "needing_measures") && !strncmp(rows[i].group, "region_", 7) &&
            rows[i].year == 0)
            need += rows[i].value;
    tu_assert_near(need, tu_metric(rows, n, "needing_measures", "all"), 1e-9);
    assert_true(tu_metric(rows, n, "used_fte_mean", "teams_bb_amsterdam") > 0);
    bb_sim_free(m);
    bb_scenario_free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assistance_after_delay),
        cmocka_unit_test(test_no_assistance_waits),
        cmocka_unit_test(test_freed_capacity_assists),
        cmocka_unit_test(test_national_serves_all),
        cmocka_unit_test(test_sums),
        cmocka_unit_test(test_same_seed),
        cmocka_unit_test(test_one_region_same),
        cmocka_unit_test(test_loader),
        cmocka_unit_test(test_regions_csv),
        cmocka_unit_test(test_shipped_regional),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
