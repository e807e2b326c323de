/*
 * test_rng.c - random streams (rng.c): seeds per (master, replication,
 * purpose, key), reproducible sequences, independence between streams.
 */
#include "testutil.h"
#include "internal.h"
#include <math.h>

#define N 10000

static void fill(gsl_rng *r, double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = gsl_rng_uniform(r);
}

static double mean_of(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i];
    return s / n;
}

static double correlation(const double *x, const double *y, int n)
{
    double mx = mean_of(x, n), my = mean_of(y, n), sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / sqrt(sxx * syy);
}

static void test_seed_deterministic(void **state)
{
    (void)state;
    uint64_t a = bb_stream_seed(1, 0, "arrival", "advocaat");
    uint64_t b = bb_stream_seed(1, 0, "arrival", "advocaat");
    assert_true(a == b);
    /* the strings are read by value, not by address */
    char p[] = "arrival", k[] = "advocaat";
    assert_true(bb_stream_seed(1, 0, p, k) == a);
    for (uint64_t m = 0; m < 50; m++)
        for (int r = 0; r < 5; r++)
            assert_true(bb_stream_seed(m, r, "effort", "information") ==
                        bb_stream_seed(m, r, "effort", "information"));
}

static void test_seed_differs(void **state)
{
    (void)state;
    uint64_t base = bb_stream_seed(1, 0, "arrival", "advocaat");
    /* master seed */
    assert_true(bb_stream_seed(2, 0, "arrival", "advocaat") != base);
    assert_true(bb_stream_seed(0, 0, "arrival", "advocaat") != base);
    /* replication */
    assert_true(bb_stream_seed(1, 1, "arrival", "advocaat") != base);
    assert_true(bb_stream_seed(1, 1, "arrival", "advocaat") !=
                bb_stream_seed(1, 2, "arrival", "advocaat"));
    /* purpose */
    assert_true(bb_stream_seed(1, 0, "level", "advocaat") != base);
    /* key */
    assert_true(bb_stream_seed(1, 0, "arrival", "journalist") != base);
    assert_true(bb_stream_seed(1, 0, "arrival", "") != base);
    /* moving a character between purpose and key gives another stream */
    assert_true(bb_stream_seed(1, 0, "ab", "c") != bb_stream_seed(1, 0, "a", "bc"));
    /* purpose and key are not interchangeable */
    assert_true(bb_stream_seed(1, 0, "x", "y") != bb_stream_seed(1, 0, "y", "x"));
    /* master and replication are not interchangeable */
    assert_true(bb_stream_seed(1, 2, "arrival", "a") != bb_stream_seed(2, 1, "arrival", "a"));

    /* no collisions over a grid of masters x replications x keys */
    enum { M = 20, R = 20, K = 5 };
    static const char *const keys[K] = {"a", "b", "advocaat", "journalist", "rijk"};
    uint64_t *seen = malloc(M * R * K * sizeof *seen);
    assert_non_null(seen);
    int n = 0;
    for (uint64_t m = 0; m < M; m++)
        for (int r = 0; r < R; r++)
            for (int k = 0; k < K; k++)
                seen[n++] = bb_stream_seed(m, r, "arrival", keys[k]);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (seen[i] == seen[j])
                fail_msg("seed collision between entries %d and %d", i, j);
    free(seen);
}

static void test_stream_identical_for_identical_args(void **state)
{
    (void)state;
    static double x[N], y[N];
    gsl_rng *a = bb_stream_new(7, 3, "effort", "advice_central");
    gsl_rng *b = bb_stream_new(7, 3, "effort", "advice_central");
    assert_non_null(a);
    assert_non_null(b);
    fill(a, x, N);
    fill(b, y, N);
    assert_memory_equal(x, y, sizeof x);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_stream_differs_for_other_args(void **state)
{
    (void)state;
    static double x[N], y[N];
    gsl_rng *a = bb_stream_new(7, 3, "effort", "advice_central");
    fill(a, x, 100);
    gsl_rng_free(a);
    struct {
        uint64_t m;
        int r;
        const char *p, *k;
    } other[] = {
        {8, 3, "effort", "advice_central"},
        {7, 4, "effort", "advice_central"},
        {7, 3, "duration", "advice_central"},
        {7, 3, "effort", "advice_decentral"},
        {0, 0, "effort", "advice_central"},
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        gsl_rng *b = bb_stream_new(other[i].m, other[i].r, other[i].p, other[i].k);
        assert_non_null(b);
        fill(b, y, 100);
        gsl_rng_free(b);
        int same = 0;
        for (int j = 0; j < 100; j++)
            same += x[j] == y[j];
        if (same > 2)
            fail_msg("stream %zu shares %d of 100 draws with the base stream", i, same);
    }
}

static void test_streams_uncorrelated(void **state)
{
    (void)state;
    static double x[N], y[N];
    struct {
        uint64_t m1;
        int r1;
        const char *p1, *k1;
        uint64_t m2;
        int r2;
        const char *p2, *k2;
    } pairs[] = {
        {1, 0, "arrival", "advocaat", 1, 0, "arrival", "journalist"},   /* keys */
        {1, 0, "arrival", "advocaat", 1, 1, "arrival", "advocaat"},     /* reps */
        {1, 0, "arrival", "advocaat", 2, 0, "arrival", "advocaat"},     /* masters */
        {1, 0, "arrival", "advocaat", 1, 0, "effort", "advocaat"},      /* purposes */
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        gsl_rng *a = bb_stream_new(pairs[i].m1, pairs[i].r1, pairs[i].p1, pairs[i].k1);
        gsl_rng *b = bb_stream_new(pairs[i].m2, pairs[i].r2, pairs[i].p2, pairs[i].k2);
        assert_non_null(a);
        assert_non_null(b);
        fill(a, x, N);
        fill(b, y, N);
        double r = correlation(x, y, N);
        double ma = mean_of(x, N), mb = mean_of(y, N);
        /* sd of a mean of 10,000 uniforms is 0.0029; of r, 0.01 */
        if (!(fabs(r) < 0.05))
            fail_msg("pair %zu: correlation %g", i, r);
        if (!(fabs(ma - 0.5) < 0.015 && fabs(mb - 0.5) < 0.015))
            fail_msg("pair %zu: means %g %g", i, ma, mb);
        for (int j = 0; j < N; j++)
            assert_true(x[j] >= 0.0 && x[j] < 1.0);
        gsl_rng_free(a);
        gsl_rng_free(b);
    }
}

static void test_stream_independent_of_others(void **state)
{
    (void)state;
    static double alone[N], after[N];
    gsl_rng *a = bb_stream_new(5, 2, "level", "rijk");
    fill(a, alone, N);
    gsl_rng_free(a);

    /* create and draw from several other streams first, keep them alive */
    gsl_rng *others[6];
    const char *keys[6] = {"advocaat", "rijk", "object", "politie", "getuige", ""};
    for (int i = 0; i < 6; i++) {
        others[i] = bb_stream_new(5, 2, i % 2 ? "arrival" : "duration", keys[i]);
        assert_non_null(others[i]);
        for (int k = 0; k < 1000 * (i + 1); k++)
            (void)gsl_rng_uniform(others[i]);
    }
    gsl_rng *b = bb_stream_new(5, 2, "level", "rijk");
    /* interleave draws with the other streams */
    for (int j = 0; j < N; j++) {
        after[j] = gsl_rng_uniform(b);
        (void)gsl_rng_uniform(others[j % 6]);
    }
    assert_memory_equal(alone, after, sizeof alone);
    gsl_rng_free(b);
    for (int i = 0; i < 6; i++)
        gsl_rng_free(others[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_deterministic),
        cmocka_unit_test(test_seed_differs),
        cmocka_unit_test(test_stream_identical_for_identical_args),
        cmocka_unit_test(test_stream_differs_for_other_args),
        cmocka_unit_test(test_streams_uncorrelated),
        cmocka_unit_test(test_stream_independent_of_others),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
