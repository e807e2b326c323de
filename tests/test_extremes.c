/*
 * test_extremes.c - the model at the edges of what a scenario may say.
 *
 * Hand-made extreme scenarios (tests/extremes/ *.cfg, also fuzzing seeds)
 * and variants of them: zero capacity everywhere, rates, growth, FTE and
 * surges at their stated bounds, probabilities of 0 and 1, durations of
 * zero, a horizon of one hour (run_until) and of the maximum (100 years).
 * Each must run, bounded, without a crash; time never goes backwards;
 * every metric and period value is finite except the ones documented as
 * undefined (NaN, written as an empty field); and no CSV text they give
 * holds "nan" or "inf".
 */
#include "testutil.h"
#include <gsl/gsl_errno.h>
#include <math.h>

#define MAX_EVENTS 300000L

/* A CSV line as bb_csv_num writes it: every field empty or a finite number. */
static void assert_csv_finite(const double *v, int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        bb_csv_num(f, v[i]);
    }
    fputc('\n', f);
    fclose(f);
    char *p = buf;
    for (int i = 0; i < n; i++) {
        size_t k = strcspn(p, ",\n");
        if (k) {
            char *end;
            double x = strtod(p, &end);
            assert_true(end == p + k && isfinite(x));
        } else {
            assert_false(isfinite(v[i])); /* only an undefined value is empty */
        }
        p += k + 1;
    }
    free(buf);
}

typedef struct xrun {
    bb_scenario *s;
    bb_sim *sim;
    int status;
    int periods;
} xrun;

static void on_period(bb_sim *sim, void *ud)
{
    xrun *x = ud;
    const char **names;
    int n = bb_sim_period_columns(sim, &names);
    const double *row = bb_sim_period_row(sim);
    for (int i = 0; i < n; i++) {
        if (isinf(row[i]) || (isnan(row[i]) && !bb_metric_may_be_undefined(names[i])))
            fail_msg("period column %s = %g", names[i], row[i]);
    }
    assert_csv_finite(row, n);
    x->periods++;
}

static void check_metrics(bb_sim *sim)
{
    const bb_metric *rows;
    int n = bb_sim_metrics(sim, &rows);
    assert_true(n > 0);
    double *v = malloc((size_t)n * sizeof *v);
    for (int i = 0; i < n; i++) {
        v[i] = rows[i].value;
        if (isinf(v[i]) || (isnan(v[i]) && !bb_metric_may_be_undefined(rows[i].metric)))
            fail_msg("metric %s/%s = %g", rows[i].metric, rows[i].group, v[i]);
        if (strstr(rows[i].metric, "share") && !isnan(v[i]))
            tu_assert_between(v[i], 0, 1 + 1e-12);
    }
    assert_csv_finite(v, n);
    free(v);
    /* and as summary.csv */
    bb_summary *sum = bb_summary_new();
    assert_int_equal(bb_summary_add(sum, rows, n), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    bb_summary_write(f, sum, "x", 1);
    fclose(f);
    /* columns mean, ci_low, ci_high, reps: empty or a finite number */
    char *line = strchr(buf, '\n') + 1;
    while (*line) {
        char *p = line;
        for (int col = 0; col < 7; col++) {
            size_t k = strcspn(p, ",\n");
            if (col >= 3 && k) {
                char *end;
                double y = strtod(p, &end);
                if (end != p + k || !isfinite(y))
                    fail_msg("summary field %d: %.*s", col, (int)k, p);
            }
            p += k + 1;
        }
        line = p;
    }
    free(buf);
    bb_summary_free(sum);
}

static void state_finite(const bb_sim *sim)
{
    bb_state st;
    bb_sim_state(sim, &st);
    assert_true(isfinite(st.borrowed_fte) && isfinite(st.borrowed_fte_years));
    assert_true(isfinite(st.cost_to_date) && isfinite(st.cost_year));
    assert_true(isfinite(st.lead_p50_h) && isfinite(st.lead_p90_h));
    for (int p = 0; p < st.n_providers; p++)
        assert_true(isfinite(st.prov_used[p]) && isfinite(st.prov_capacity[p]));
}

/* Load path with overrides, run in steps (time monotone) to the horizon,
 * a bound, or MAX_EVENTS. */
static void xstart(xrun *x, const char *path, const char *const *sets, int nsets)
{
    memset(x, 0, sizeof *x);
    x->s = tu_load_file(path, sets, nsets);
    x->sim = bb_sim_new(x->s, 1, 0);
    assert_non_null(x->sim);
    bb_sim_on_period(x->sim, on_period, x);
}

static void xrun_steps(xrun *x)
{
    double last = bb_sim_now(x->sim);
    int st = BB_RUN_MORE;
    while (st == BB_RUN_MORE && bb_sim_events(x->sim) < (uint64_t)MAX_EVENTS) {
        st = bb_sim_step(x->sim, 997);
        double now = bb_sim_now(x->sim);
        assert_true(now >= last); /* time never goes backwards */
        assert_true(now <= bb_sim_horizon(x->sim));
        last = now;
    }
    x->status = st;
    state_finite(x->sim);
    check_metrics(x->sim);
}

static void xend(xrun *x)
{
    bb_sim_free(x->sim);
    bb_scenario_free(x->s);
}

#define SETS(...) (const char *const[]){__VA_ARGS__}, (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

static double metric(bb_sim *sim, const char *m, const char *g)
{
    const bb_metric *rows;
    int n = bb_sim_metrics(sim, &rows);
    return tu_metric(rows, n, m, g);
}

static void test_zero_capacity(void **st)
{
    (void)st;
    xrun x;
    xstart(&x, "tests/extremes/zero-capacity.cfg", NULL, 0);
    xrun_steps(&x);
    assert_int_equal(x.status, BB_RUN_DONE);
    assert_true(x.periods > 100);
    /* nothing is ever worked on: all but the closed wait in information */
    assert_true(metric(x.sim, "protected", "all") == 0);
    assert_true(metric(x.sim, "queue_end", "information") ==
                metric(x.sim, "arrivals", "all") + 100);
    assert_true(metric(x.sim, "borrowed_fte_mean", "basic_units") == 0);
    assert_true(isnan(metric(x.sim, "utilisation", "information"))); /* no staff hours */
    /* nobody is decided: every case that needs measures and whose target
     * time has passed counts as not within (no survivor bias), and no
     * quantile of a lead time is reached */
    assert_true(isnan(metric(x.sim, "lead_time_p50_h", "all")));
    assert_true(metric(x.sim, "needing_measures", "all") > 0);
    assert_true(metric(x.sim, "within_target_share", "all") == 0);
    xend(&x);
}

static void test_zero_durations(void **st)
{
    (void)st;
    xrun x;
    xstart(&x, "tests/extremes/zero-capacity-all-skipped.cfg", NULL, 0);
    xrun_steps(&x);
    assert_int_equal(x.status, BB_RUN_DONE);
    /* every stage skipped, zero lead times and zero durations: a threat
     * of no length ends at its intake, before its (instant) decision:
     * every case that needed measures is decided, and was never protected */
    double decided = 0;
    for (int l = 1; l <= 4; l++) {
        char g[24];
        snprintf(g, sizeof g, "level_%d", l);
        decided += metric(x.sim, "decided", g);
    }
    assert_true(decided > 1000);
    double needing = metric(x.sim, "needing_measures", "all");
    assert_true(needing >= decided);
    assert_true(metric(x.sim, "protected", "all") == 0);
    assert_true(metric(x.sim, "never_protected", "all") == needing);
    assert_true(metric(x.sim, "never_protected", "reason_assessment") == needing);
    assert_true(metric(x.sim, "within_target_share", "all") == 0);
    xend(&x);
}

static void test_probabilities_zero_and_one(void **st)
{
    (void)st;
    xrun x;
    /* everything closed at triage */
    xstart(&x, "tests/extremes/zero-capacity-all-skipped.cfg", SETS("categories.a.triage_close=1.0"));
    xrun_steps(&x);
    assert_int_equal(x.status, BB_RUN_DONE);
    assert_true(metric(x.sim, "arrivals", "all") > 1000);
    assert_true(metric(x.sim, "closed_at_triage", "all") == metric(x.sim, "arrivals", "all"));
    assert_true(isnan(metric(x.sim, "first_assignment_share", "own")));
    xend(&x);
    /* all acute, all level 4, a review every week that ends every measure */
    xstart(&x, "tests/extremes/max-horizon.cfg",
           SETS("categories.fading.acute_share=1.0", "levels.level_1.transitions.[0]=1.0",
                "levels.level_1.transitions.[1]=0.0", "levels.level_1.review_weeks=1.0",
                "run.warmup_days=0"));
    xrun_steps(&x);
    assert_true(metric(x.sim, "protected", "regular") == 0);
    assert_true(metric(x.sim, "protected", "acute") > 0);
    xend(&x);
}

static void test_rates_at_bounds(void **st)
{
    (void)st;
    xrun x;
    /* 100,000 surge cases at t = 0 and max_open_cases 100,000: the bound
     * stops the run with a message */
    xstart(&x, "tests/extremes/max-rates.cfg", NULL, 0);
    xrun_steps(&x);
    assert_int_equal(x.status, BB_RUN_LIMIT);
    assert_non_null(strstr(bb_sim_error(x.sim), "run.max_open_cases"));
    xend(&x);
    /* without the surge: 1e6 signals a year, growth 2, gamma cv 10, a
     * lognormal sigma 5 of 1e5 hours; bounded by events */
    xstart(&x, "tests/extremes/max-rates.cfg", SETS("surges.[0].extra_cases=0"));
    xrun_steps(&x);
    assert_true(x.status == BB_RUN_MORE || x.status == BB_RUN_LIMIT);
    assert_true(bb_sim_events(x.sim) >= 1000);
    xend(&x);
}

static void test_horizon_one_hour(void **st)
{
    (void)st;
    const char *files[] = {"scenarios/baseline-2019.cfg", "tests/extremes/zero-capacity.cfg",
                           "tests/extremes/max-horizon.cfg", "tests/extremes/zero-capacity-all-skipped.cfg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        xrun x;
        xstart(&x, files[i], NULL, 0);
        assert_int_equal(bb_sim_run_until(x.sim, 1.0), BB_RUN_MORE);
        assert_true(bb_sim_now(x.sim) <= 1.0);
        state_finite(x.sim);
        check_metrics(x.sim); /* results after one hour, none periodic yet */
        assert_int_equal(x.periods, 0);
        xend(&x);
    }
    /* the shortest horizon a scenario can state: one day */
    xrun x;
    xstart(&x, "scenarios/baseline-2019.cfg", SETS("run.end=\"2019-01-02\""));
    xrun_steps(&x);
    assert_int_equal(x.status, BB_RUN_DONE);
    assert_true(bb_sim_now(x.sim) == 24.0);
    assert_int_equal(x.periods, 1);
    xend(&x);
}

static void test_horizon_maximum(void **st)
{
    (void)st;
    xrun x;
    xstart(&x, "tests/extremes/max-horizon.cfg", NULL, 0);
    xrun_steps(&x);
    assert_int_equal(x.status, BB_RUN_DONE);
    assert_true(bb_scenario_horizon_hours(x.s) > 99.9 * 8766);
    /* a yearly cost row per calendar year, 1900..1999 */
    const bb_metric *rows;
    int n = bb_sim_metrics(x.sim, &rows), years = 0;
    for (int i = 0; i < n; i++)
        years += !strcmp(rows[i].metric, "cost_cash_eur") && rows[i].year > 0;
    assert_int_equal(years, 100);
    assert_true(isfinite(tu_metric_year(rows, n, "cost_cash_eur", "all", 1999)));
    xend(&x);
}

static void test_csv_num_never_writes_nan(void **st)
{
    (void)st;
    const double v[] = {NAN, -NAN, INFINITY, -INFINITY, 0.0, -0.0, 1e300, -1e-300, 0.1, 1e15, 123.0};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        bb_csv_num(f, v[i]);
        fputc(';', f);
    }
    fclose(f);
    assert_string_equal(buf, ";;;;0;-0;1e+300;-1e-300;0.1;1e+15;123;");
    free(buf);
    assert_csv_finite(v, (int)(sizeof v / sizeof v[0]));
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_capacity),
        cmocka_unit_test(test_zero_durations),
        cmocka_unit_test(test_probabilities_zero_and_one),
        cmocka_unit_test(test_rates_at_bounds),
        cmocka_unit_test(test_horizon_one_hour),
        cmocka_unit_test(test_horizon_maximum),
        cmocka_unit_test(test_csv_num_never_writes_nan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
