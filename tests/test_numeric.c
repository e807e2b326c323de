/*
 * test_numeric.c - sums over long horizons keep their precision.
 *
 * A constant planned demand held every day for 50 simulated years, with
 * no provider capacity, is borrowed in full from the basic units: the
 * borrowed FTE-years and the cost (borrowed hours at cost_per_hour plus
 * the pools' FTE at cost_per_fte_year) have closed forms, which the run
 * must meet to a relative 1e-9, in total and for every calendar year.
 * A capacity changed every day through the API for 50 years gives a cost
 * with a closed form too; it found that bb_sim_run_until(t) left the
 * clock at the last event before t, so a change made then was dated
 * back to that event.
 *
 * And the exact quantile by selection equals GSL's quantile of the
 * sorted values.
 */
#include "testutil.h"
#include "internal.h"
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Not the shared base of fixture.h: every number here enters the closed
 * forms below, so the scenario is spelled out whole. */
static const char SCN[] =
    "name = \"fifty\";\n"
    "run = { start = \"2000-01-01\"; end = \"2050-01-01\"; replications = 1; period_days = 7; };\n"
    "calendar = { productive_hours_per_fte = 1340.0; };\n"
    "categories = { a = { rate_per_year = 0.0; levels = [1.0, 0.0, 0.0, 0.0, 0.0]; }; };\n"
    "pools = {\n"
    "  information = { fte = 7.0; cost_per_fte_year = 104000.0; effort_hours = { dist = \"const\"; value = 1.0; }; };\n"
    "  advice_decentral = { fte = 3.0; cost_per_fte_year = 99000.0; effort_hours = { dist = \"const\"; value = 1.0; }; };\n"
    "  advice_central = { fte = 0.0; effort_hours = { dist = \"const\"; value = 1.0; }; };\n"
    "};\n"
    "decision = { delay_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "providers = { court = { fte = 0.0; cost_per_fte_year = 0.0; }; };\n"
    "basic_units = { cap_fte = 0.0; cost_per_hour = 78.0; };\n"
    "levels = { };\n"
    "planned = ( { name = \"trials\"; provider = \"court\"; from = \"2000-01-01\"; to = \"2049-12-31\";\n"
    "              weekdays = [1, 2, 3, 4, 5, 6, 7]; officers = 3.0; hours_per_day = 7.0; } );\n";

static double rel(double a, double b) { return fabs(a - b) / fabs(b); }

static void test_fifty_years_closed_form(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(SCN, NULL, 0, &s, &err), BB_OK);
    bb_sim *sim = bb_sim_new(s, 1, 0);
    assert_int_equal(bb_sim_run(sim), BB_RUN_DONE);
    const bb_metric *rows;
    int n = bb_sim_metrics(sim, &rows);

    const double P = 1340.0, H = 8766.0;
    double fte = 3.0 * 7.0 / 24.0 * 8760.0 / P;  /* borrowed on every day */
    double fixed_per_hour = (7.0 * 104000.0 + 3.0 * 99000.0) / H;
    int d0, d1;
    assert_int_equal(bb_date_parse("2000-01-01", &d0), 0);
    assert_int_equal(bb_date_parse("2050-01-01", &d1), 0);
    double hours = 24.0 * (d1 - d0);
    double fte_years = fte * hours / H;
    double opportunity = fte_years * P * 78.0, cash = fixed_per_hour * hours;

    double got = tu_metric(rows, n, "borrowed_fte_years", "basic_units");
    fprintf(stderr, "borrowed_fte_years %.17g, exact %.17g, rel %.3g\n", got, fte_years,
            rel(got, fte_years));
    tu_assert_rel(got, fte_years, 1e-9);
    tu_assert_rel(tu_metric(rows, n, "borrowed_fte_mean", "basic_units"), fte, 1e-9);
    tu_assert_rel(tu_metric(rows, n, "borrowed_fte_max", "basic_units"), fte, 1e-9);
    got = tu_metric(rows, n, "cost_cash_eur", "total");
    fprintf(stderr, "cost_cash_eur total %.17g, exact %.17g, rel %.3g\n", got, cash, rel(got, cash));
    tu_assert_rel(got, cash, 1e-9);
    tu_assert_rel(tu_metric(rows, n, "cost_opportunity_eur", "total"), opportunity, 1e-9);
    for (int y = 2000; y < 2050; y++) {
        char a[32], b[32], g[16];
        int ya, yb;
        snprintf(a, sizeof a, "%d-01-01", y);
        snprintf(b, sizeof b, "%d-01-01", y + 1);
        assert_int_equal(bb_date_parse(a, &ya), 0);
        assert_int_equal(bb_date_parse(b, &yb), 0);
        double h = 24.0 * (yb - ya);
        (void)g;
        tu_assert_rel(tu_metric_year(rows, n, "cost_cash_eur", "all", y), fixed_per_hour * h, 1e-9);
        tu_assert_rel(tu_metric_year(rows, n, "cost_opportunity_eur", "all", y),
                      fte * h / H * P * 78.0, 1e-9);
    }
    /* the state the view reads agrees */
    bb_state stt;
    bb_sim_state(sim, &stt);
    tu_assert_rel(stt.borrowed_fte_years, fte_years, 1e-9);
    tu_assert_rel(stt.cost_to_date, cash, 1e-9);
    tu_assert_rel(stt.opportunity_to_date, opportunity, 1e-9);
    bb_sim_free(sim);
    bb_scenario_free(s);
    bb_errors_free(&err);
}

/* Time-weighted sums that add many small, uneven pieces: a provider
 * whose capacity changes every day for 50 years (through the API, as the
 * view's sliders do); its cost has a closed form. */
static void test_many_small_changes(void **st)
{
    (void)st;
    char text[sizeof SCN];
    snprintf(text, sizeof text, "%s", SCN);
    *strstr(text, "planned = (") = 0; /* no planned demand */
    const char *sets[] = {"providers.court.cost_per_fte_year=100000.0"};
    bb_scenario *s;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(tu_load_text(text, sets, 1, &s, &err), BB_OK);
    bb_sim *sim = bb_sim_new(s, 1, 0);
    /* from 11:00 on day d the capacity is 0.1 * (d % 10) FTE (0 before
     * the first change) */
    int days = (int)(bb_scenario_horizon_hours(s) / 24.0);
    double cap_hours = 0, prev = 0;
    for (int d = 0; d < days; d++) {
        assert_int_equal(bb_sim_run_until(sim, 24.0 * d + 11.0), BB_RUN_MORE);
        assert_true(bb_sim_now(sim) == 24.0 * d + 11.0); /* the clock reached t */
        assert_int_equal(bb_sim_set_provider_fte(sim, 0, 0.1 * (d % 10)), 0);
        cap_hours += prev * 24.0; /* 11:00 the day before to 11:00 today */
        prev = 0.1 * (d % 10);
    }
    cap_hours += prev * 13.0; /* the last day, 11:00 to the horizon */
    assert_int_equal(bb_sim_run(sim), BB_RUN_DONE);
    const bb_metric *rows;
    int n = bb_sim_metrics(sim, &rows);
    double hours = bb_scenario_horizon_hours(s);
    double exact = (7.0 * 104000.0 + 3.0 * 99000.0) / 8766.0 * hours + 1e5 * cap_hours / 8766.0;
    double got = tu_metric(rows, n, "cost_cash_eur", "total");
    fprintf(stderr, "cost_cash_eur total %.17g, exact %.17g, rel %.3g\n", got, exact, rel(got, exact));
    tu_assert_rel(got, exact, 1e-9);
    assert_true(rel(tu_metric(rows, n, "utilisation", "court"), 0.0) < 1e-9 ||
                tu_metric(rows, n, "utilisation", "court") == 0.0);
    bb_sim_free(sim);
    bb_scenario_free(s);
    bb_errors_free(&err);
}

/* The exact lead-time quantiles of a replication (bb_quantile_select,
 * by selection) equal GSL's quantile of the sorted values, to the bit,
 * for sizes from 1 up, with many ties and without. */
static void test_quantile_select_matches_sorted(void **st)
{
    (void)st;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    assert_non_null(r);
    static const size_t sizes[] = {1, 2, 3, 4, 5, 10, 11, 100, 1001, 40000};
    static const double fs[] = {0.0, 0.05, 0.25, 0.5, 0.9, 0.95, 0.999, 1.0};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        size_t n = sizes[si];
        double *x = malloc(n * sizeof *x), *sorted = malloc(n * sizeof *x),
               *work = malloc(n * sizeof *x);
        assert_true(x && sorted && work);
        for (int ties = 0; ties < 2; ties++) {
            for (size_t i = 0; i < n; i++)
                x[i] = ties ? (double)gsl_rng_uniform_int(r, 7) : 1000.0 * gsl_rng_uniform(r);
            memcpy(sorted, x, n * sizeof *x);
            gsl_sort(sorted, 1, n);
            for (size_t k = 0; k < sizeof fs / sizeof *fs; k++) {
                memcpy(work, x, n * sizeof *x);
                double want = gsl_stats_quantile_from_sorted_data(sorted, 1, n, fs[k]);
                double got = bb_quantile_select(work, n, fs[k]);
                assert_true(got == want);
            }
        }
        free(x);
        free(sorted);
        free(work);
    }
    double one = 5.0;
    assert_true(isnan(bb_quantile_select(&one, 0, 0.5)));
    gsl_rng_free(r);
}

/* Several quantiles of one array at once (bb_quantiles_select, which
 * relies on GSL's selection leaving the values partitioned) equal GSL's
 * quantiles of the sorted values, to the bit (with infinite values, cases
 * never reached, the same interpolation on them): sizes from 1 up, ties,
 * repeated and adjacent levels; every value the same (0.3, 0 or infinite:
 * no selection is made) and all the same but the last. */
static void test_quantiles_select_matches_sorted(void **st)
{
    (void)st;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    assert_non_null(r);
    static const size_t sizes[] = {1, 2, 3, 4, 5, 7, 10, 11, 20, 100, 1001, 40000};
    static const double fs[][4] = {
        {0.50, 0.90, 0.95, 0.95}, {0.0, 0.05, 0.5, 1.0}, {0.5, 0.5, 0.51, 0.52},
        {0.05, 0.95, 0.999, 1.0}, {0.9, 0.5, 0.95, 0.1} /* not ascending: still right */};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        size_t n = sizes[si];
        double *x = malloc(n * sizeof *x), *sorted = malloc(n * sizeof *x),
               *work = malloc(n * sizeof *x);
        assert_true(x && sorted && work);
        for (int kind = 0; kind < 7; kind++) {
            static const double same[] = {0.3, 0.0, INFINITY, 0.3};
            for (size_t i = 0; i < n; i++) {
                x[i] = kind == 1 ? (double)gsl_rng_uniform_int(r, 7) : 1000.0 * gsl_rng_uniform(r);
                if (kind == 2 && gsl_rng_uniform(r) < 0.2)
                    x[i] = INFINITY;
                if (kind >= 3)
                    x[i] = same[kind - 3];
            }
            if (kind == 6)
                x[n - 1] = 0.7; /* not all the same: selected */
            memcpy(sorted, x, n * sizeof *x);
            gsl_sort(sorted, 1, n);
            for (size_t k = 0; k < sizeof fs / sizeof *fs; k++) {
                double got[4];
                memcpy(work, x, n * sizeof *x);
                bb_quantiles_select(work, n, fs[k], 4, got);
                for (int j = 0; j < 4; j++) {
                    /* GSL's interpolation of two infinite values is NaN;
                     * with them the reference is the same formula on the
                     * sorted values */
                    double want = gsl_stats_quantile_from_sorted_data(sorted, 1, n, fs[k][j]);
                    if (kind == 2 || kind == 5) {
                        double idx = fs[k][j] * (double)(n - 1), d = idx - floor(idx);
                        size_t lo = (size_t)floor(idx);
                        want = d <= 0.0 || lo + 1 >= n
                                   ? sorted[lo]
                                   : (1.0 - d) * sorted[lo] + d * sorted[lo + 1];
                    }
                    if (!(got[j] == want || (isnan(got[j]) && isnan(want))))
                        fail_msg("n %zu, kind %d, f %g: %.17g, sorted %.17g", n, kind,
                                 fs[k][j], got[j], want);
                }
            }
        }
        free(x);
        free(sorted);
        free(work);
    }
    double q[2], one = 5.0;
    static const double f2[2] = {0.5, 0.9};
    bb_quantiles_select(&one, 0, f2, 2, q);
    assert_true(isnan(q[0]) && isnan(q[1]));
    gsl_rng_free(r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifty_years_closed_form),
        cmocka_unit_test(test_many_small_changes),
        cmocka_unit_test(test_quantile_select_matches_sorted),
        cmocka_unit_test(test_quantiles_select_matches_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
