/*
 * test_bounds.c - every loop a scenario controls has a stated bound.
 *
 * docs/robustness.md lists the bounds; each test here drives a scenario
 * into one and checks the message (a bound hit during a run is
 * BB_RUN_LIMIT, exit 1; a bound on the scenario itself is an error, exit 2):
 * open cases from the starting state, the backlog and surges; pending
 * events of closed cases; the expected number of signals; the list
 * lengths; the review interval; the number of messages.
 */
#include "fixture.h"
#include "internal.h"
#include <gsl/gsl_errno.h>
#include <math.h>

/* The shared base (fixture.h) over ten years with 100 signals a year and
 * one provider, whose measures last 100 years unless a review ends them
 * (every review does); the basic units lend nothing. */
static const char *const BOUNDS[] = {
    "run = { start = \"2019-01-01\"; end = \"2029-01-01\"; replications = 1; };",
    "categories = { a = { rate_per_year = 100.0; levels = [0.0, 1.0, 0.0, 0.0, 0.0]; }; };",
    "providers = { p = { fte = 100000.0; }; };",
    "basic_units = { cap_fte = 0.0; };",
    "levels = { level_1 = { providers = ( { provider = \"p\"; fte = 1.0; } );\n"
    "                       duration_days = { dist = \"const\"; value = 36000.0; };\n"
    "                       transitions = [1.0, 0.0, 0.0, 0.0, 0.0]; }; };",
};

static int load(const char *extra, const char *const *sets, int nsets, bb_scenario **s,
                bb_errors *err)
{
    bb_errors_init(err);
    return fx_load(FX_LIST(BOUNDS), extra, sets, nsets, s, err);
}

/* Run to the end or a bound; returns the status, error text in *msg. */
static int run_scenario(const char *extra, const char *const *sets, int nsets, char *msg,
                        size_t msgn)
{
    bb_scenario *s;
    bb_errors err;
    int rc = load(extra, sets, nsets, &s, &err);
    for (int i = 0; i < err.n; i++)
        fprintf(stderr, "%s\n", err.msg[i]);
    assert_int_equal(rc, BB_OK);
    bb_errors_free(&err);
    bb_sim *sim = bb_sim_new(s, 1, 0);
    assert_non_null(sim);
    int st = bb_sim_run(sim);
    snprintf(msg, msgn, "%s", bb_sim_error(sim));
    bb_sim_free(sim);
    bb_scenario_free(s);
    return st;
}

static void test_open_cases_from_the_start(void **st)
{
    (void)st;
    char msg[256];
    const char *sets[] = {"run.max_open_cases=1000"};
    /* 64 x 1e6 cases under measures would be 64 million: stops at 1000 */
    assert_int_equal(run_scenario("initial = { active = ( { level = 1; provider = \"p\"; "
                                  "count = 1000000; } ); };\n", sets, 1, msg, sizeof msg),
                     BB_RUN_LIMIT);
    assert_non_null(strstr(msg, "more than 1000 open cases at 0 h"));
    assert_non_null(strstr(msg, "run.max_open_cases"));
    assert_int_equal(run_scenario("initial = { backlog = { information = 1000000; }; };\n", sets,
                                  1, msg, sizeof msg), BB_RUN_LIMIT);
    assert_non_null(strstr(msg, "run.max_open_cases"));
    assert_int_equal(run_scenario("surges = ( { date = \"2020-01-01\"; extra_cases = 100000; "
                                  "extra_level = 1; } );\n", sets, 1, msg, sizeof msg),
                     BB_RUN_LIMIT);
    assert_non_null(strstr(msg, "more than 1000 open cases at 8760 h"));
}

static void test_pending_events_of_closed_cases(void **st)
{
    (void)st;
    char msg[256];
    /* every measure is ended by its first review an hour in, but its end
     * (100 years on) stays queued: open cases stay few, events pile up */
    const char *sets[] = {"run.max_open_cases=100", "categories.a.rate_per_year=100000.0",
                          "levels.level_1.review_weeks=0.006"};
    assert_int_equal(run_scenario("", sets, 3, msg, sizeof msg), BB_RUN_LIMIT);
    fprintf(stderr, "%s\n", msg);
    assert_non_null(strstr(msg, "more than 5696 pending events"));
    assert_non_null(strstr(msg, "16 x run.max_open_cases"));
    /* the same with the default bound runs to the end */
    const char *ok[] = {"levels.level_1.review_weeks=0.006"};
    assert_int_equal(run_scenario("", ok, 1, msg, sizeof msg), BB_RUN_DONE);
}

static void test_max_events(void **st)
{
    (void)st;
    char msg[256];
    const char *sets[] = {"run.max_events=1000", "categories.a.rate_per_year=100000.0"};
    assert_int_equal(run_scenario("", sets, 2, msg, sizeof msg), BB_RUN_LIMIT);
    assert_non_null(strstr(msg, "more than 1000 events in one replication"));
}

static void test_scenario_bounds(void **st)
{
    (void)st;
    bb_scenario *s;
    bb_errors err;
    /* expected signals over the horizon */
    const char *many[] = {"categories.a.rate_per_year=1000000.0", "run.end=\"2079-01-01\""};
    assert_int_equal(load("", many, 2, &s, &err), BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "categories", "the bound is 5e+07"));
    bb_errors_free(&err);
    /* a review interval under an hour would stall the clock */
    const char *rev[] = {"levels.level_1.review_weeks=0.005"};
    assert_int_equal(load("", rev, 1, &s, &err), BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "levels.level_1.review_weeks", "at least one hour"));
    bb_errors_free(&err);
    /* the horizon */
    const char *far[] = {"run.end=\"2119-01-03\""};
    assert_int_equal(load("", far, 1, &s, &err), BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "run.end", "at most 100 years"));
    bb_errors_free(&err);
    const char *lim[] = {"run.max_events=999", "run.max_open_cases=99"};
    assert_int_equal(load("", lim, 2, &s, &err), BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "run.max_events", "must be >= 1000"));
    assert_true(tu_has_error(&err, "run.max_open_cases", "must be >= 100"));
    bb_errors_free(&err);
}

static void test_list_lengths(void **st)
{
    (void)st;
    char *extra = malloc(200000);
    size_t k = (size_t)sprintf(extra, "surges = (");
    for (int i = 0; i < BB_MAX_SURGES + 1; i++)
        k += (size_t)sprintf(extra + k, "%s{ date = \"2020-01-01\"; }", i ? "," : "");
    k += (size_t)sprintf(extra + k, ");\nchanges = (");
    for (int i = 0; i < BB_MAX_CHANGES + 1; i++)
        k += (size_t)sprintf(extra + k, "%s{ date = \"2020-01-01\"; provider = \"p\"; delta_fte = 0.0; }",
                             i ? "," : "");
    sprintf(extra + k, ");\n");
    bb_scenario *s;
    bb_errors err;
    assert_int_equal(load(extra, NULL, 0, &s, &err), BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "surges", "one surge too many (at most 64)"));
    assert_true(tu_has_error(&err, "changes", "one change too many (at most 256)"));
    bb_errors_free(&err);
    free(extra);
}

static void test_messages_bounded(void **st)
{
    (void)st;
    /* 3000 unknown settings (under the bound of 4096 members of a group):
     * the list of messages stops at 1000 and counts the rest */
    char *extra = malloc(100000);
    size_t k = 0;
    for (int i = 0; i < 3000; i++)
        k += (size_t)sprintf(extra + k, "x%d = 1;\n", i);
    bb_scenario *s;
    bb_errors err;
    assert_int_equal(load(extra, NULL, 0, &s, &err), BB_ERR_INPUT);
    assert_int_equal(err.n, 1000);
    assert_int_equal(err.dropped, 2000);
    bb_errors_free(&err);
    free(extra);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_cases_from_the_start),
        cmocka_unit_test(test_pending_events_of_closed_cases),
        cmocka_unit_test(test_max_events),
        cmocka_unit_test(test_scenario_bounds),
        cmocka_unit_test(test_list_lengths),
        cmocka_unit_test(test_messages_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
