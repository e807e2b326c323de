/*
 * test_sizing.c - bbsim size's search (sim/sizing.c, sim/sizing_args.c)
 * against queueing theory, and its arguments.
 *
 * Erlang C: on scenarios/validation/erlang_c.cfg (an M/M/c advice pool,
 * lambda 0.4/h, mean effort 10 h) with the pool's FTE as the lever and a
 * target on the mean wait, the plan is the smallest c whose Erlang C wait
 * C(c, a) / (c mu - lambda) meets the target. Erlang B: on erlang_b.cfg
 * (one provider as an M/G/c/c loss system, overflow borrowed from the
 * basic units, a = 7) with the provider's FTE as the lever and a target
 * on the borrowed share, the smallest c with B(c, a) under the target;
 * also as a dated lever (an investment at the start). The formulas are
 * computed here. Then: the same plan and the same evaluations for any
 * number of threads; bad targets and levers refused with the argument
 * named; a failed confirmation searched on; an infeasible target
 * reported with its best value; the command
 * line (exit 2 before anything runs, the same size.csv for any --threads,
 * plan.cfg reproducing the confirmation, exit 1 with outputs when
 * infeasible).
 * The horizons are shortened (--set run.end) to keep the tests fast.
 */
#include "testutil.h"
#include <gsl/gsl_errno.h>

/* Erlang B by the stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)). */
static double erlang_b(int c, double a)
{
    double b = 1.0;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    return b;
}

static double erlang_c(int c, double a)
{
    double b = erlang_b(c, a), rho = a / c;
    return b / (1.0 - rho * (1.0 - b));
}

/* The mean wait of the M/M/c queue of erlang_c.cfg with c servers. */
static double mmc_wait(int c)
{
    double lambda = 0.4, mu = 0.1;
    return c * mu > lambda ? erlang_c(c, lambda / mu) / (c * mu - lambda) : INFINITY;
}

/* A hash of every evaluation the search reports (the same for any
 * number of threads). */
typedef struct trace {
    uint64_t h;
    int n;
} trace;

static void on_eval(void *ud, const bb_size_eval *e)
{
    trace *t = ud;
    uint64_t h = t->h ^ (uint64_t)e->accepted;
    for (const char *p = e->phase; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    uint64_t b;
    memcpy(&b, &e->value[0].mean, sizeof b);
    h = (h ^ b) * 1099511628211ULL;
    h = (h ^ (uint64_t)e->steps[0] ^ ((uint64_t)e->steps[1] << 16) ^ ((uint64_t)e->reps << 32) ^
         e->seed) * 1099511628211ULL;
    t->h = h;
    t->n++;
}

typedef struct sized {
    int rc, status, steps[BB_SIZE_MAX_LEVERS];
    bb_size_result res;
    trace tr;
} sized;

/* Size `path` (with `sets`) for the given targets and levers. */
static sized size_it(const char *path, const char *const *sets, int nsets,
                     const char *const *targets, int nt, const char *const *levers, int nl,
                     int reps, int threads, uint64_t seed)
{
    sized out;
    memset(&out, 0, sizeof out);
    bb_errors err;
    bb_errors_init(&err);
    bb_size_target t[BB_SIZE_MAX_TARGETS];
    bb_size_lever l[BB_SIZE_MAX_LEVERS];
    for (int k = 0; k < nt; k++)
        assert_int_equal(bb_size_parse_target(targets[k], &t[k], &err), 0);
    for (int j = 0; j < nl; j++)
        assert_int_equal(bb_size_parse_lever(levers[j], &l[j], &err), 0);
    bb_scenario *base = tu_load_file(path, sets, nsets);
    bb_size_spec sp = {path, sets, nsets, t, nt, l, nl, 0.95, reps, seed, threads, on_eval,
                       &out.tr};
    out.rc = bb_size_check(&sp, base, &err);
    for (int i = 0; i < err.n; i++)
        print_error("%s\n", err.msg[i]);
    assert_int_equal(out.rc, BB_OK);
    out.rc = bb_size_run(&sp, &out.res, &err);
    for (int i = 0; i < err.n; i++)
        print_error("%s\n", err.msg[i]);
    out.status = out.res.status;
    memcpy(out.steps, out.res.steps, sizeof out.steps);
    bb_scenario_free(base);
    bb_errors_free(&err);
    return out;
}

#define ERLANG_C_SETS SETS("run.end=\"2003-01-01\"")

static void test_erlang_c_smallest_c(void **st)
{
    (void)st;
    const double targets[] = {3.0, 1.0, 0.25};
    for (int i = 0; i < 3; i++) {
        int c = 5;
        while (mmc_wait(c) > targets[i])
            c++;
        char tg[80];
        snprintf(tg, sizeof tg, "wait_mean_h/advice_decentral<=%g", targets[i]);
        const char *tgs[] = {tg}, *lv[] = {"pools.advice_decentral.fte:1:12"};
        sized z = size_it("scenarios/validation/erlang_c.cfg", ERLANG_C_SETS, tgs, 1, lv, 1, 10, 2,
                          1);
        assert_int_equal(z.rc, BB_OK);
        assert_int_equal(z.status, BB_SIZE_MET);
        fprintf(stderr, "Erlang C: Wq <= %g h: smallest c %d (Wq(c-1) = %.3g, Wq(c) = %.3g); "
                        "size found c = %d, %.4g h [%.4g, %.4g], %ld replications\n",
                targets[i], c, mmc_wait(c - 1), mmc_wait(c), 5 + z.steps[0], z.res.value[0].mean,
                z.res.value[0].lo, z.res.value[0].hi, z.res.reps_run);
        assert_int_equal(5 + z.steps[0], c);
        assert_true(z.res.value[0].holds);
        tu_assert_near(z.res.cost, (c - 5) * 104000.0, 1e-6);
    }
}

#define ERLANG_B_SETS SETS("run.end=\"2003-01-01\"")

static void test_erlang_b_smallest_c(void **st)
{
    (void)st;
    const double targets[] = {0.06, 0.035};
    const char *levers[] = {"providers.posts.fte:1:20", "providers.posts.fte@2000-01-01:1:10"};
    for (int i = 0; i < 2; i++)
        for (int d = 0; d < 2; d++) {
            int c = 10;
            while (erlang_b(c, 7.0) > targets[i])
                c++;
            char tg[80];
            snprintf(tg, sizeof tg, "first_assignment_share/borrowed<=%g", targets[i]);
            const char *tgs[] = {tg}, *lv[] = {levers[d]};
            sized z = size_it("scenarios/validation/erlang_b.cfg", ERLANG_B_SETS, tgs, 1, lv, 1,
                              10, 2, 1);
            assert_int_equal(z.rc, BB_OK);
            assert_int_equal(z.status, BB_SIZE_MET);
            fprintf(stderr, "Erlang B: borrowed share <= %g (%s): smallest c %d (B(c-1) = %.4f, "
                            "B(c) = %.4f); size found c = %d, %.4f [%.4f, %.4f]\n",
                    targets[i], d ? "investment" : "from the start", c, erlang_b(c - 1, 7.0),
                    erlang_b(c, 7.0), 10 + z.steps[0], z.res.value[0].mean, z.res.value[0].lo,
                    z.res.value[0].hi);
            assert_int_equal(10 + z.steps[0], c);
        }
}

static void test_same_for_any_threads(void **st)
{
    (void)st;
    const char *tgs[] = {"wait_mean_h/advice_decentral<=1", "utilisation/advice_decentral>=0.5"};
    const char *lv[] = {"pools.advice_decentral.fte:1:12", "pools.information.fte:1:3"};
    sized a = size_it("scenarios/validation/erlang_c.cfg", ERLANG_C_SETS, tgs, 2, lv, 2, 6, 1, 1);
    sized b = size_it("scenarios/validation/erlang_c.cfg", ERLANG_C_SETS, tgs, 2, lv, 2, 6, 3, 1);
    assert_int_equal(a.status, BB_SIZE_MET);
    assert_int_equal(a.tr.n, b.tr.n);
    assert_true(a.tr.h == b.tr.h);
    assert_memory_equal(a.steps, b.steps, sizeof a.steps);
    assert_int_equal(a.res.reps_run, b.res.reps_run);
    /* the pool that does nothing for the targets gets no step */
    assert_int_equal(a.steps[1], 0);
    assert_int_equal(a.steps[0], 2);
}

/* A confirmation that fails: the search goes on from the same plan on
 * the confirmation's streams and twice the replications, and the next
 * confirmation runs on the next seed with twice those. A target near
 * Wq(7) = 0.45 h, with 5 replications of two years, passes on some search
 * streams at c = 7 and then fails on fresh ones. */
static void test_failed_confirmation(void **st)
{
    (void)st;
    const char *tgs[] = {"wait_mean_h/advice_decentral<=0.51"};
    const char *lv[] = {"pools.advice_decentral.fte:1:12"};
    int again = 0;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        sized z = size_it("scenarios/validation/erlang_c.cfg", SETS("run.end=\"2002-01-01\""), tgs,
                          1, lv, 1, 5, 2, seed);
        assert_int_equal(z.status, BB_SIZE_MET);
        assert_true(z.res.confirmations >= 1);
        assert_true(z.res.seed == seed + (uint64_t)z.res.confirmations);
        assert_int_equal(z.res.reps, 5 << z.res.confirmations);
        assert_true(z.res.value[0].holds);
        assert_true(5 + z.steps[0] >= 7); /* Erlang C: Wq(6) = 1.42 h */
        again += z.res.confirmations > 1;
    }
    assert_true(again > 0);
}

static void test_infeasible(void **st)
{
    (void)st;
    /* c = 7 at most: Wq(7) = 0.43 h, so 0.1 h cannot be met */
    const char *tgs[] = {"wait_mean_h/advice_decentral<=0.1"};
    const char *lv[] = {"pools.advice_decentral.fte:1:7"};
    sized z = size_it("scenarios/validation/erlang_c.cfg", ERLANG_C_SETS, tgs, 1, lv, 1, 5, 2, 1);
    assert_int_equal(z.rc, BB_OK);
    assert_int_equal(z.status, BB_SIZE_INFEASIBLE);
    assert_int_equal(z.steps[0], 2);
    assert_false(z.res.value[0].holds);
    /* the best value reached, at the plan with the most advisers */
    assert_int_equal(z.res.best_steps[0][0], 2);
    tu_assert_rel(z.res.best[0].mean, mmc_wait(7), 0.25);
    assert_int_equal(z.res.confirmations, 0);
}

/* A parse or check error: the messages name the argument. */
static void check_refused(const char *target, const char *lever, const char *frag)
{
    bb_errors err;
    bb_errors_init(&err);
    bb_size_target t;
    bb_size_lever l;
    int bad = bb_size_parse_target(target, &t, &err) != 0;
    bad |= bb_size_parse_lever(lever, &l, &err) != 0;
    if (!bad) {
        bb_scenario *base = tu_load_file("scenarios/validation/erlang_c.cfg", NULL, 0);
        bb_size_spec sp = {"scenarios/validation/erlang_c.cfg", NULL, 0, &t, 1, &l, 1, 0.95,
                           10, 1, 1, NULL, NULL};
        assert_int_equal(bb_size_check(&sp, base, &err), BB_ERR_INPUT);
        bb_scenario_free(base);
    }
    if (!tu_has_error(&err, frag, NULL)) {
        for (int i = 0; i < err.n; i++)
            print_error("%s\n", err.msg[i]);
        fail_msg("no message with \"%s\"", frag);
    }
    bb_errors_free(&err);
}

static void test_bad_arguments(void **st)
{
    (void)st;
    const char *T = "wait_mean_h/advice_decentral<=1", *L = "pools.advice_decentral.fte:1:12";
    check_refused("no_such_metric<=1", L, "--target no_such_metric<=1: erlang_c has no metric");
    check_refused("wait_mean_h/nowhere<=1", L, "--target wait_mean_h/nowhere<=1: wait_mean_h has "
                                               "no group nowhere");
    check_refused("wait_mean_h<=1", L, "name one as wait_mean_h/GROUP");
    check_refused("wait_mean_h/advice_decentral=1", L, "expected METRIC");
    check_refused("wait_mean_h/advice_decentral<=x", L, "VALUE must be a number");
    check_refused("within_target_share/acute@1990>=0.9", L, "has no row for 1990");
    check_refused("wait_mean_h/advice_decentral@2001<=1", L, "is not a yearly metric");
    check_refused(T, "pools.nowhere.fte:1:12", "--lever pools.nowhere.fte:1:12: pools.nowhere.fte "
                                               "is not the fte of a pool or provider");
    check_refused(T, "run.seed:1:12", "is not the fte of a pool or provider");
    check_refused(T, "pools.advice_decentral.fte:0:12", "--lever pools.advice_decentral.fte:0:12: "
                                                        "STEP must be a number > 0");
    check_refused(T, "pools.advice_decentral.fte:-1", "STEP must be a number > 0");
    check_refused(T, "pools.advice_decentral.fte:1:4", "--lever pools.advice_decentral.fte:1:4: "
                                                       "MAX 4 is below the start");
    check_refused(T, "pools.advice_decentral.fte:2:6", "leaves no step");
    check_refused(T, "pools.advice_decentral.fte@1999-01-01:1:4", "DATE must lie in the run");
    check_refused(T, "pools.advice_decentral.fte@2001-13-01:1:4", "DATE must be YYYY-MM-DD");
    check_refused(T, "pools.advice_decentral.fte", "expected PATH[@DATE]:STEP[:MAX]");
}

static void test_plan_applied(void **st)
{
    (void)st;
    /* a lever from the start and a dated one on the same pool */
    bb_size_target t;
    bb_size_lever l[2];
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(bb_size_parse_target("wait_mean_h/advice_decentral<=1", &t, &err), 0);
    assert_int_equal(bb_size_parse_lever("pools.advice_decentral.fte:0.5", &l[0], &err), 0);
    assert_int_equal(bb_size_parse_lever("pools.advice_decentral.fte@2002-06-01:2:6", &l[1], &err),
                     0);
    bb_scenario *base = tu_load_file("scenarios/validation/erlang_c.cfg", NULL, 0);
    bb_size_spec sp = {"scenarios/validation/erlang_c.cfg", NULL, 0, &t, 1, l, 2, 0.95,
                       10, 1, 1, NULL, NULL};
    assert_int_equal(bb_size_check(&sp, base, &err), BB_OK);
    assert_int_equal(l[0].nsteps, BB_SIZE_DEFAULT_STEPS);
    tu_assert_near(l[0].start, 5.0, 1e-12);
    tu_assert_near(l[1].start, 0.0, 1e-12);
    assert_int_equal(l[1].nsteps, 3);
    int steps[BB_SIZE_MAX_LEVERS] = {3, 2};
    char text[200];
    bb_size_plan_text(&sp, steps, text, sizeof text);
    assert_string_equal(text, "pools.advice_decentral.fte=6.5; "
                              "pools.advice_decentral.fte@2002-06-01=+4");
    tu_assert_near(bb_size_plan_cost(&sp, steps), 5.5 * 104000.0, 1e-6);
    bb_scenario *s = NULL;
    assert_int_equal(bb_size_plan_load(&sp, steps, &s, &err), BB_OK);
    /* the investment is in the scenario as written */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(bb_scenario_write(s, f, 1, 10), 0);
    fclose(f);
    assert_non_null(strstr(buf, "fte = 6.5;"));
    assert_non_null(strstr(buf, "date = \"2002-06-01\";"));
    assert_non_null(strstr(buf, "pool = \"advice_decentral\";"));
    assert_non_null(strstr(buf, "delta_fte = 4.0;"));
    bb_marker m[8];
    assert_int_equal(bb_scenario_markers(s, m, 8), 1);
    assert_int_equal(m[0].kind, 'i');
    free(buf);
    bb_scenario_free(s);
    bb_scenario_free(base);
    bb_errors_free(&err);
}

/* ---- the command line ---- */

#define SIZE_C "%s size scenarios/validation/erlang_c.cfg --set 'run.end=\"2003-01-01\"' --reps 5 "

static void test_cli_refuses_bad_input(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    const struct {
        const char *args, *says;
    } bad[] = {
        {"--target 'nope<=1' --lever pools.advice_decentral.fte:1:9", "--target nope<=1"},
        {"--target 'wait_mean_h/nowhere<=1' --lever pools.advice_decentral.fte:1:9",
         "no group nowhere"},
        {"--target 'wait_mean_h/advice_decentral<=1' --lever pools.nowhere.fte:1:9",
         "--lever pools.nowhere.fte:1:9"},
        {"--target 'wait_mean_h/advice_decentral<=1' --lever pools.advice_decentral.fte:0:9",
         "STEP must be a number > 0"},
        {"--target 'wait_mean_h/advice_decentral<=1' --lever pools.advice_decentral.fte:1:3",
         "MAX 3 is below the start"},
        {"--target 'wait_mean_h/advice_decentral<=1'", "at least one --target and one --lever"},
        {"--target 'wait_mean_h/advice_decentral<=1' --lever pools.advice_decentral.fte:1:9 "
         "--confidence 1.5", "--confidence"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(tu_sh(SIZE_C "%s -o %s/out 2>%s/err", tu_bin(), bad[i].args, d, d), 2);
        assert_int_equal(tu_sh("grep -qF -- '%s' %s/err", bad[i].says, d), 0);
        assert_int_not_equal(tu_sh("test -e %s/out", d), 0); /* nothing ran */
    }
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --target 'a<=1' 2>/dev/null",
                           tu_bin()), 2);
    tu_rmdir(d);
}

static void test_cli_plan_reproduces(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    const char *args = "--target 'wait_mean_h/advice_decentral<=1' "
                       "--lever pools.advice_decentral.fte:1:12";
    assert_int_equal(tu_sh(SIZE_C "%s -o %s/a --threads 1 2>%s/err", tu_bin(), args, d, d), 0);
    assert_int_equal(tu_sh(SIZE_C "%s -o %s/b --threads 2 --quiet", tu_bin(), args, d), 0);
    assert_int_equal(tu_sh("cmp -s %s/a/size.csv %s/b/size.csv", d, d), 0);
    assert_int_equal(tu_sh("cmp -s %s/a/plan.cfg %s/b/plan.cfg", d, d), 0);
    assert_int_equal(tu_sh("grep -q 'every target holds, confirmed' %s/err", d), 0);
    assert_int_equal(tu_sh("grep -q '5 -> 7 FTE' %s/err", d), 0);
    assert_int_equal(tu_sh("grep -q 'replications' %s/err", d), 0);
    /* bbsim run plan.cfg gives the confirmation's mean */
    assert_int_equal(tu_sh("%s run %s/a/plan.cfg -o %s/r --quiet", tu_bin(), d, d), 0);
    assert_int_equal(tu_sh("m=$(awk -F, '$1==\"confirm\" {print $11}' %s/a/size.csv); "
                           "grep -q \"^erlang_c,wait_mean_h,advice_decentral,$m,\" %s/r/summary.csv",
                           d, d), 0);
    tu_rmdir(d);
}

static void test_cli_infeasible(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh(SIZE_C "--target 'wait_mean_h/advice_decentral<=0.1' "
                                  "--lever pools.advice_decentral.fte:1:7 -o %s/a 2>%s/err",
                           tu_bin(), d, d), 1);
    assert_int_equal(tu_sh("test -s %s/a/size.csv && test -s %s/a/plan.cfg", d, d), 0);
    assert_int_equal(tu_sh("grep -q 'NO PLAN' %s/err", d), 0);
    assert_int_equal(tu_sh("grep -q 'wait_mean_h/advice_decentral<=0.1: best value reached .* "
                           "at plan pools.advice_decentral.fte=7' %s/err", d), 0);
    tu_rmdir(d);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_erlang_c_smallest_c),
        cmocka_unit_test(test_erlang_b_smallest_c),
        cmocka_unit_test(test_same_for_any_threads),
        cmocka_unit_test(test_failed_confirmation),
        cmocka_unit_test(test_infeasible),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_plan_applied),
        cmocka_unit_test(test_cli_refuses_bad_input),
        cmocka_unit_test(test_cli_plan_reproduces),
        cmocka_unit_test(test_cli_infeasible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
