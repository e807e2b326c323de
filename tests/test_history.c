/*
 * test_history.c - the shipped offensive scenario against history.
 *
 * The progress letter of 17 November 2021 (seed 003, line 154): four
 * police B&B teams have finished their training, and recruitment for two
 * more starts soon. scenarios/offensief-2020.cfg funds the teams (12 FTE
 * each: 10 officers + 2 leaders) through the workforce pipeline of the
 * provider teams_bb (one per regional unit: teams_bb_<unit>); this test
 * runs it and reads, from the simulated weekly time series, the B&B team
 * FTE of all units in the week that contains 2021-11-17:
 *
 *   - operational FTE / 12 is four teams in (almost) every replication;
 *   - the FTE recruiting or in training are about two more teams;
 *   - half a year after the funding, nobody is operational yet (the money
 *     is not capacity on the day it arrives);
 *   - the baseline (no package) has no B&B teams at all.
 *
 * Runs from the project root (scenario paths are relative to it).
 */
#include "testutil.h"
#include <gsl/gsl_errno.h>
#include <math.h>

#define REPS 10
#define TEAM_FTE 12.0

/* What one replication shows in the week that contains a given day. */
typedef struct probe {
    int day;               /* days since run.start */
    int period_days;
    int found;
    double op, training, recruiting;
    /* column indices, looked up by name on the first call: the B&B
     * teams' columns of every unit */
    int c_t, c_op[BB_MAX_PROVIDERS], c_tr[BB_MAX_PROVIDERS], c_rc[BB_MAX_PROVIDERS], nteam;
} probe;

static int col(const char **names, int n, const char *want)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], want))
            return i;
    return -1;
}

/* The columns whose name starts with prefix, into c; how many. */
static int cols(const char **names, int n, const char *prefix, int *c)
{
    int k = 0;
    for (int i = 0; i < n && k < BB_MAX_PROVIDERS; i++)
        if (!strncmp(names[i], prefix, strlen(prefix)))
            c[k++] = i;
    return k;
}

static void on_period(bb_sim *sim, void *ud)
{
    probe *p = ud;
    const char **names;
    int n = bb_sim_period_columns(sim, &names);
    if (p->c_t < 0) {
        p->c_t = col(names, n, "t_days");
        p->nteam = cols(names, n, "fte_operational_teams_bb_", p->c_op);
        assert_int_equal(cols(names, n, "fte_training_teams_bb_", p->c_tr), p->nteam);
        assert_int_equal(cols(names, n, "fte_recruiting_teams_bb_", p->c_rc), p->nteam);
    }
    /* the columns must exist, by name: ten units */
    assert_true(p->c_t >= 0);
    assert_int_equal(p->nteam, 10);
    const double *row = bb_sim_period_row(sim);
    double t0 = row[p->c_t];
    if (t0 <= p->day && p->day < t0 + p->period_days) {
        p->found = 1;
        p->op = p->training = p->recruiting = 0;
        for (int k = 0; k < p->nteam; k++) {
            p->op += row[p->c_op[k]];
            p->training += row[p->c_tr[k]];
            p->recruiting += row[p->c_rc[k]];
        }
    }
}

static bb_scenario *load(const char *path) { return tu_load_file(path, NULL, 0); }

static int day_of(const bb_scenario *s, const char *date)
{
    int d;
    assert_int_equal(bb_date_parse(date, &d), 0);
    return d - bb_scenario_start_day(s);
}

/* Run replication `rep` of `s` far enough to see the week with `date`. */
static probe look(const bb_scenario *s, int rep, const char *date)
{
    probe p = {.c_t = -1};
    p.day = day_of(s, date);
    p.period_days = (int)lround(bb_scenario_period_hours(s) / 24.0);
    bb_sim *sim = bb_sim_new(s, bb_scenario_seed(s), rep);
    assert_non_null(sim);
    bb_sim_on_period(sim, on_period, &p);
    double until = 24.0 * (p.day + 2 * p.period_days);
    assert_true(bb_sim_run_until(sim, until) != BB_RUN_LIMIT);
    bb_sim_free(sim);
    assert_true(p.found);
    return p;
}

/* Seed 003 l.154: four teams trained by November 2021, two more recruiting. */
static void test_offensive_four_teams_november_2021(void **st)
{
    (void)st;
    bb_scenario *s = load("scenarios/offensief-2020.cfg");
    double sum = 0;
    for (int r = 0; r < REPS; r++) {
        probe p = look(s, r, "2021-11-17");
        double teams = p.op / TEAM_FTE;
        double pipeline = p.training + p.recruiting;
        printf("  rep %d, week of 2021-11-17: operational %.1f FTE (%.2f teams), "
               "training %.1f, recruiting %.1f\n", r, p.op, teams, p.training, p.recruiting);
        sum += teams;
        long whole = lround(teams);
        assert_true(whole >= 3 && whole <= 5);
        /* about two more teams on their way: between one and three */
        tu_assert_between(pipeline, 1 * TEAM_FTE, 3 * TEAM_FTE);
    }
    double mean = sum / REPS;
    printf("  mean %.2f teams operational\n", mean);
    tu_assert_between(mean, 3.5, 4.5);
    bb_scenario_free(s);
}

/* The money of mid-2020 is not capacity at once: in January 2021 the
 * first 48 FTE are still recruiting or in training, none operational. */
static void test_offensive_teams_not_ready_on_funding(void **st)
{
    (void)st;
    bb_scenario *s = load("scenarios/offensief-2020.cfg");
    for (int r = 0; r < REPS; r++) {
        probe p = look(s, r, "2021-01-13");
        assert_true(p.op == 0.0);
        tu_assert_near(p.training + p.recruiting, 4 * TEAM_FTE, 1e-6);
    }
    bb_scenario_free(s);
}

/* Without the package there are no B&B teams. */
static void test_baseline_has_no_teams(void **st)
{
    (void)st;
    bb_scenario *s = load("scenarios/baseline-2019.cfg");
    for (int r = 0; r < 3; r++) {
        probe p = look(s, r, "2021-11-17");
        assert_true(p.op == 0.0);
        assert_true(p.training + p.recruiting == 0.0);
    }
    bb_scenario_free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offensive_four_teams_november_2021),
        cmocka_unit_test(test_offensive_teams_not_ready_on_funding),
        cmocka_unit_test(test_baseline_has_no_teams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
