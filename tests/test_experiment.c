/*
 * test_experiment.c - experiments: common random numbers, compare, sweep,
 * threads, bands and the precision rule. (The engine pieces they lean on
 * for speed, the day-bucket queue and gamma quantile tables, are tested
 * in test_engine.c.)
 *
 * Library tests run replications directly; CLI tests run the built
 * binary (BBSIM_BIN, default build/bbsim) on small scenarios written to
 * /tmp and read the CSV files back.
 */
#include "testutil.h"
#include "internal.h"
#include "cli.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    size_t n = fread(buf, 1, (size_t)len, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Field k (0-based) of the CSV line that starts with `prefix` in text
 * (no quoted fields in these tests), copied into out. Returns 0 or -1. */
static int field(const char *text, const char *prefix, int k, char *out, size_t n)
{
    size_t pl = strlen(prefix);
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, prefix, pl) != 0)
            continue;
        const char *p = l;
        for (int i = 0; i < k; i++) {
            p = strpbrk(p, ",\n");
            if (!p || *p == '\n')
                return -1;
            p++;
        }
        size_t len = strcspn(p, ",\n");
        if (len >= n)
            return -1;
        memcpy(out, p, len);
        out[len] = 0;
        return 0;
    }
    return -1;
}

static double fieldnum(const char *text, const char *prefix, int k)
{
    char buf[64];
    if (field(text, prefix, k, buf, sizeof buf) != 0 || !buf[0])
        return NAN;
    return strtod(buf, NULL);
}

/* |a - b| <= tol x max(1, |a|, |b|); says by how much when not. */
static bool close_rel(double a, double b, double tol)
{
    double lim = tol * fmax(1.0, fmax(fabs(a), fabs(b)));
    if (fabs(a - b) <= lim)
        return true;
    print_error("close_rel: %.17g and %.17g differ by %.17g, more than %.17g\n", a, b,
                fabs(a - b), lim);
    return false;
}

/* Load a scenario from a file with overrides. */
static bb_scenario *load(const char *path, const char *const *sets, int nsets)
{
    return tu_load_file(path, sets, nsets);
}

/* One replication's value of metric/group. */
static double rep_value(const bb_scenario *s, uint64_t seed, int rep, const char *metric,
                        const char *group)
{
    bb_sim *sim = bb_sim_new(s, seed, rep);
    assert_non_null(sim);
    assert_int_equal(bb_sim_run(sim), BB_RUN_DONE);
    const bb_metric *rows;
    int n = bb_sim_metrics(sim, &rows);
    double v = tu_metric(rows, n, metric, group);
    bb_sim_free(sim);
    return v;
}

/* ------------------------------------------------------------------ */
/* common random numbers                                               */
/* ------------------------------------------------------------------ */

/* A small congested chain: two categories in two domains, office pools
 * with log-normal efforts, a level with reviews (gamma effort) and
 * escalations, a provider that fills up. */
static const char TOY[] =
    "name = \"toy\";\n"
    "run = { start = \"2019-01-01\"; end = \"2020-07-01\"; replications = 4; seed = 5; };\n"
    "calendar = { productive_hours_per_fte = 1340.0; };\n"
    "categories = {\n"
    "  a = { rate_per_year = 900.0; acute_share = 0.2; triage_close = 0.5;\n"
    "        domain = \"decentral\"; escalation_per_year = 0.5;\n"
    "        levels = [0.3, 0.4, 0.3, 0.0, 0.0]; };\n"
    "  b = { rate_per_year = 300.0; acute_share = 0.1; triage_close = 0.6;\n"
    "        domain = \"central\"; escalation_per_year = 0.2;\n"
    "        levels = [0.2, 0.4, 0.4, 0.0, 0.0]; };\n"
    "};\n"
    "pools = {\n"
    "  information = { fte = 4.0; effort_hours = { dist = \"lognormal\"; median = 6.0; sigma = 0.8; }; };\n"
    "  advice_decentral = { fte = 4.0; effort_hours = { dist = \"lognormal\"; median = 5.0; sigma = 0.8; }; };\n"
    "  advice_central = { fte = 2.0; effort_hours = { dist = \"lognormal\"; median = 8.0; sigma = 0.8; }; };\n"
    "};\n"
    "decision = { delay_hours = { dist = \"lognormal\"; median = 48.0; sigma = 0.9; }; };\n"
    "providers = { p1 = { fte = 30.0; }; p2 = { fte = 20.0; }; };\n"
    "basic_units = { cap_fte = 40.0; };\n"
    "levels = {\n"
    "  level_1 = { providers = ( { provider = \"p1\"; fte = 0.2; } ); when_full = \"borrow\";\n"
    "              duration_days = { dist = \"lognormal\"; median = 90.0; sigma = 1.0; };\n"
    "              review_weeks = 6.0; review_effort_hours = { dist = \"gamma\"; mean = 2.0; cv = 0.5; };\n"
    "              transitions = [0.2, 0.7, 0.1, 0.0, 0.0]; };\n"
    "  level_2 = { providers = ( { provider = \"p2\"; fte = 0.5; } ); when_full = \"wait\";\n"
    "              duration_days = { dist = \"lognormal\"; median = 120.0; sigma = 1.0; };\n"
    "              review_weeks = 6.0; review_effort_hours = { dist = \"gamma\"; mean = 4.0; cv = 0.5; };\n"
    "              transitions = [0.2, 0.2, 0.6, 0.0, 0.0]; };\n"
    "};\n";

static void test_crn_intake_aligned(void **st)
{
    (void)st;
    char *p = tu_write_tmp("toy.cfg", TOY);
    bb_scenario *a = load(p, NULL, 0);
    bb_scenario *b = load(p, SETS("pools.information.fte=9.0"));
    int differ = 0;
    for (int rep = 0; rep < 4; rep++) {
        const char *same[][2] = {{"arrivals", "all"}, {"arrivals", "a"}, {"arrivals", "b"},
                                 {"closed_at_triage", "all"}};
        for (int k = 0; k < 4; k++)
            assert_true(rep_value(a, 9, rep, same[k][0], same[k][1]) ==
                        rep_value(b, 9, rep, same[k][0], same[k][1]));
        differ += rep_value(a, 9, rep, "wait_mean_h", "information") !=
                  rep_value(b, 9, rep, "wait_mean_h", "information");
    }
    assert_int_equal(differ, 4); /* the change did change the run */
    bb_scenario_free(a);
    bb_scenario_free(b);
    free(p);
}

/* 400 cases at once (two surges, one per domain), instant pools and
 * reviews, no capacity limits, everything over long before the horizon.
 * The second scenario delays only the decentral cases (the first 200,
 * whose reviews came first) by 50 hours, which reorders every review
 * between the two domains. With a sequence per
 * case each case still gets the same review outcomes, so the total time
 * at level 1 (active_mean x horizon) is the same; a stream shared by all
 * cases of a level would hand the outcomes to other cases (it did, before
 * the per-case sequences: the mean over these three replications moved
 * from 12.21 to 12.30). */
static const char SHIFT[] =
    "name = \"shift\";\n"
    "run = { start = \"2019-01-01\"; end = \"2024-01-01\"; replications = 1; seed = 3; };\n"
    "calendar = { productive_hours_per_fte = 8760.0; };\n"
    "categories = {\n"
    "  a = { rate_per_year = 0.0; acute_share = 0.0; triage_close = 0.0; domain = \"decentral\";\n"
    "        levels = [0.0, 1.0, 0.0, 0.0, 0.0]; };\n"
    "  b = { rate_per_year = 0.0; acute_share = 0.0; triage_close = 0.0; domain = \"central\";\n"
    "        levels = [0.0, 1.0, 0.0, 0.0, 0.0]; };\n"
    "};\n"
    "pools = {\n"
    "  information = { fte = 1000.0; hours = \"24/7\"; effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "  advice_decentral = { fte = 1000.0; hours = \"24/7\"; effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "  advice_central = { fte = 1000.0; hours = \"24/7\"; effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "};\n"
    "decision = { delay_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "providers = { p1 = { fte = 100000.0; }; };\n"
    "basic_units = { cap_fte = 100000.0; };\n"
    "levels = {\n"
    "  level_1 = { providers = ( { provider = \"p1\"; fte = 1.0; } ); when_full = \"borrow\";\n"
    "              duration_days = { dist = \"const\"; value = 36000.0; };\n"
    "              review_weeks = 2.0; transitions = [0.2, 0.8, 0.0, 0.0, 0.0]; };\n"
    "};\n"
    "surges = ( { name = \"a\"; date = \"2019-01-01\"; extra_cases = 200; extra_level = 1;\n"
    "             extra_category = \"a\"; },\n"
    "           { name = \"b\"; date = \"2019-01-01\"; extra_cases = 200; extra_level = 1;\n"
    "             extra_category = \"b\"; } );\n";

static void test_crn_per_case_reviews(void **st)
{
    (void)st;
    char *p = tu_write_tmp("shift.cfg", SHIFT);
    bb_scenario *a = load(p, NULL, 0);
    bb_scenario *b = load(p, SETS("pools.advice_decentral.effort_hours.value=50.0"));
    for (int rep = 0; rep < 3; rep++) {
        double x = rep_value(a, 21, rep, "active_mean", "level_1");
        double y = rep_value(b, 21, rep, "active_mean", "level_1");
        assert_true(x > 1.0);
        assert_true(close_rel(x, y, 1e-9));
        /* the same cases, protected later in b */
        assert_true(rep_value(a, 21, rep, "protected", "all") == 400);
        assert_true(rep_value(b, 21, rep, "lead_time_p50_h", "all") > 20.0);
        assert_true(rep_value(a, 21, rep, "lead_time_p95_h", "all") == 0.0);
    }
    bb_scenario_free(a);
    bb_scenario_free(b);
    free(p);
}

/* Each intake draw has a stream of its own, and one that cannot make a
 * difference (a constant, an acute share of 0) is not drawn: the other
 * draws must not move. Four chains that differ only in the acute share,
 * the decision delay's and the information effort's distribution (a
 * constant against a tiny spread) decide the same number of cases at
 * each level (the outcome draw) and keep as many cases under measures
 * at the end (the duration draw). A stream shared by two purposes, with
 * the constant one's draw left out, hands every case another outcome. */
static const char DRAWS[] =
    "name = \"draws\";\n"
    "run = { start = \"2019-01-01\"; end = \"2020-01-01\"; replications = 1; seed = 3; };\n"
    "calendar = { productive_hours_per_fte = 8760.0; };\n"
    "categories = {\n"
    "  a = { rate_per_year = 3000.0; acute_share = %s; triage_close = 0.0; domain = \"decentral\";\n"
    "        levels = [0.0, 0.5, 0.5, 0.0, 0.0]; };\n"
    "};\n"
    "pools = {\n"
    "  information = { fte = 1000.0; hours = \"24/7\"; effort_hours = %s; };\n"
    "  advice_decentral = { fte = 1000.0; hours = \"24/7\"; effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "  advice_central = { fte = 1000.0; hours = \"24/7\"; effort_hours = { dist = \"const\"; value = 0.0; }; };\n"
    "};\n"
    "decision = { delay_hours = %s; };\n"
    "providers = { p1 = { fte = 100000.0; }; };\n"
    "basic_units = { cap_fte = 100000.0; };\n"
    "levels = {\n"
    "  level_1 = { providers = ( { provider = \"p1\"; fte = 1.0; } ); when_full = \"borrow\";\n"
    "              duration_days = { dist = \"lognormal\"; median = 60.0; sigma = 1.0; }; };\n"
    "  level_2 = { providers = ( { provider = \"p1\"; fte = 1.0; } ); when_full = \"borrow\";\n"
    "              duration_days = { dist = \"lognormal\"; median = 60.0; sigma = 1.0; }; };\n"
    "};\n";

static void test_crn_fixed_draws(void **st)
{
    (void)st;
    const char *zero = "{ dist = \"const\"; value = 0.0; }";
    const char *tiny = "{ dist = \"exponential\"; mean = 0.0001; }";
    const char *v[4][3] = {{"0.0", zero, zero}, {"0.3", zero, zero}, {"0.0", zero, tiny},
                           {"0.0", tiny, zero}};
    double got[4][3];
    for (int i = 0; i < 4; i++) {
        char text[4096];
        snprintf(text, sizeof text, DRAWS, v[i][0], v[i][1], v[i][2]);
        char *p = tu_write_tmp("draws.cfg", text);
        bb_scenario *s = load(p, NULL, 0);
        got[i][0] = rep_value(s, 3, 0, "decided", "level_1");
        got[i][1] = rep_value(s, 3, 0, "decided", "level_2");
        got[i][2] = rep_value(s, 3, 0, "active_mean", "level_1");
        bb_scenario_free(s);
        free(p);
    }
    assert_true(got[0][0] > 1000 && got[0][1] > 1000 && got[0][2] > 100);
    for (int i = 1; i < 4; i++) {
        assert_true(got[i][0] == got[0][0]);
        assert_true(got[i][1] == got[0][1]);
        assert_true(close_rel(got[i][2], got[0][2], 1e-4));
    }
}

static void test_case_sequences(void **st)
{
    (void)st;
    /* a case's key depends on (base, index, purpose) only */
    uint64_t k1 = bb_seq_key(77, 5, 1), k2 = bb_seq_key(77, 5, 1), k3 = bb_seq_key(77, 6, 1);
    assert_true(k1 == k2 && k1 != k3 && bb_seq_key(77, 5, 2) != k1);
    /* distinct keys over many cases (the seeds of the cases' GSL streams) */
    for (uint64_t i = 0; i < 1000; i++)
        assert_true(bb_seq_key(77, i, 1) != bb_seq_key(77, i + 1, 1));
}

/* ------------------------------------------------------------------ */
/* compare                                                             */
/* ------------------------------------------------------------------ */

static void test_compare_with_itself(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    char path[512];
    assert_int_equal(tu_sh("%s compare scenarios/validation/erlang_c.cfg scenarios/validation/erlang_c.cfg "
                        "--set 2:name=twin --set run.end=\\\"2002-01-01\\\" --reps 4 -o %s/c --quiet",
                        tu_bin(), d), 0);
    snprintf(path, sizeof path, "%s/c/summary.csv", d);
    char *s = slurp(path);
    assert_non_null(s);
    assert_true(strncmp(s, "scenario,metric,group,mean,ci_low,ci_high,reps,"
                           "diff_mean,diff_ci_low,diff_ci_high,diff_significant\n", 95) == 0);
    int twin = 0, first = 0;
    for (char *l = strchr(s, '\n') + 1; *l; l = strchr(l, '\n') + 1) {
        char line[512];
        size_t n = strcspn(l, "\n");
        snprintf(line, sizeof line, "%.*s", (int)n, l);
        /* the last four fields */
        char *f[11];
        int k = 0;
        for (char *q = line, *t; (t = strsep(&q, ",")) && k < 11;)
            f[k++] = t;
        assert_int_equal(k, 11);
        if (strcmp(f[0], "twin") == 0) {
            twin++;
            if (f[7][0]) { /* defined: exactly zero */
                assert_string_equal(f[7], "0");
                assert_string_equal(f[8], "0");
                assert_string_equal(f[9], "0");
                assert_string_equal(f[10], "0");
            }
        } else {
            first++;
            assert_string_equal(f[7], "");
            assert_string_equal(f[10], "");
        }
    }
    assert_true(twin > 50 && twin == first);
    free(s);
    /* a file per scenario, and the timeseries of both */
    assert_int_equal(tu_sh("test -s %s/c/scenario-erlang_c.cfg && test -s %s/c/scenario-twin.cfg && "
                        "grep -q '^twin,3,' %s/c/timeseries.csv", d, d, d), 0);
    /* two scenarios with one name: usage error */
    assert_int_equal(tu_sh("%s compare scenarios/validation/erlang_c.cfg scenarios/validation/erlang_c.cfg "
                        "-o %s/x --quiet 2>/dev/null", tu_bin(), d), 2);
    tu_rmdir(d);
}

static void test_compare_diff_by_hand(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    const int R = 6;
    assert_int_equal(tu_sh("%s compare scenarios/validation/erlang_b.cfg scenarios/validation/erlang_b.cfg "
                        "--set run.end=\\\"2001-01-01\\\" --set 2:name=eight "
                        "--set 2:providers.posts.fte=8 --seed 4 --reps %d --threads 3 -o %s/c --quiet",
                        tu_bin(), R, d), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/c/summary.csv", d);
    char *s = slurp(path);
    assert_non_null(s);
    bb_scenario *a = load("scenarios/validation/erlang_b.cfg", SETS("run.end=\"2001-01-01\""));
    bb_scenario *b = load("scenarios/validation/erlang_b.cfg",
                          SETS("run.end=\"2001-01-01\"", "name=eight", "providers.posts.fte=8"));
    const char *rows[][2] = {{"first_assignment_share", "borrowed"}, {"used_fte_mean", "posts"},
                             {"borrowed_fte_mean", "basic_units"}, {"arrivals", "all"}};
    for (int k = 0; k < 4; k++) {
        double dv[16];
        for (int r = 0; r < R; r++)
            dv[r] = rep_value(b, 4, r, rows[k][0], rows[k][1]) -
                    rep_value(a, 4, r, rows[k][0], rows[k][1]);
        double mean = 0, ss = 0;
        for (int r = 0; r < R; r++)
            mean += dv[r] / R;
        for (int r = 0; r < R; r++)
            ss += (dv[r] - mean) * (dv[r] - mean);
        double h = gsl_cdf_tdist_Pinv(0.975, R - 1) * sqrt(ss / (R - 1)) / sqrt((double)R);
        char prefix[128];
        snprintf(prefix, sizeof prefix, "eight,%s,%s,", rows[k][0], rows[k][1]);
        assert_true(close_rel(fieldnum(s, prefix, 7), mean, 1e-8));
        assert_true(close_rel(fieldnum(s, prefix, 8), mean - h, 1e-8));
        assert_true(close_rel(fieldnum(s, prefix, 9), mean + h, 1e-8));
        char sig[8];
        assert_int_equal(field(s, prefix, 10, sig, sizeof sig), 0);
        assert_string_equal(sig, mean - h > 0 || mean + h < 0 ? "1" : "0");
    }
    /* fewer posts: more borrowed, and significantly so */
    assert_true(fieldnum(s, "eight,first_assignment_share,borrowed,", 7) > 0);
    assert_true(fieldnum(s, "eight,first_assignment_share,borrowed,", 8) > 0);
    /* the same arrivals (common random numbers): a difference of exactly 0 */
    assert_true(fieldnum(s, "eight,arrivals,all,", 7) == 0.0);
    bb_scenario_free(a);
    bb_scenario_free(b);
    free(s);
    tu_rmdir(d);
}

static void test_compare_unmatched_rows(void **st)
{
    (void)st;
    /* the second scenario has a provider the first lacks: its rows get
     * empty diff fields, the shared rows get differences */
    char *d = tu_tmpdir();
    char *p = tu_write_tmp("toy.cfg", TOY);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "sed 's/p2 = { fte = 20.0; };/p2 = { fte = 20.0; }; p3 = { fte = 5.0; };/; "
             "s/name = \"toy\"/name = \"toy3\"/' %s > %s/toy3.cfg", p, d);
    assert_int_equal(tu_sh("%s", cmd), 0);
    assert_int_equal(tu_sh("%s compare %s %s/toy3.cfg --reps 3 -o %s/c --quiet", tu_bin(), p, d, d), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/c/summary.csv", d);
    char *s = slurp(path);
    assert_non_null(s);
    char f[64];
    assert_int_equal(field(s, "toy3,active_mean,p3,", 7, f, sizeof f), 0);
    assert_string_equal(f, "");
    assert_int_equal(field(s, "toy3,arrivals,all,", 7, f, sizeof f), 0);
    assert_string_equal(f, "0");
    /* the timeseries has the union of the columns */
    snprintf(path, sizeof path, "%s/c/timeseries.csv", d);
    char *t = slurp(path);
    assert_non_null(strstr(t, ",cases_p3,"));
    free(t);
    free(s);
    free(p);
    tu_rmdir(d);
}

/* ------------------------------------------------------------------ */
/* sweep                                                               */
/* ------------------------------------------------------------------ */

static void test_sweep_grid(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s sweep scenarios/validation/erlang_b.cfg --vary providers.posts.fte=8:12:2 "
                        "--vary run.replications=2:3:1 --set run.end=\\\"2000-07-01\\\" -o %s/s --quiet",
                        tu_bin(), d), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/s/sweep.csv", d);
    char *s = slurp(path);
    assert_non_null(s);
    const char *hdr = "providers.posts.fte,run.replications,metric,group,mean,ci_low,ci_high,reps\n";
    assert_true(strncmp(s, hdr, strlen(hdr)) == 0);
    bb_scenario *sc = load("scenarios/validation/erlang_b.cfg", SETS("run.end=\"2000-07-01\""));
    bb_sim *sim = bb_sim_new(sc, 1, 0);
    const bb_metric *rows;
    int nrows = bb_sim_metrics(sim, &rows);
    bb_sim_free(sim);
    bb_scenario_free(sc);
    assert_int_equal(count_lines(s), 1 + 6 * nrows);
    /* points in order, the first --vary slowest; reps as varied */
    const char *pts[6] = {"8,2,", "8,3,", "10,2,", "10,3,", "12,2,", "12,3,"};
    const char *l = strchr(s, '\n') + 1;
    for (int p = 0; p < 6; p++)
        for (int i = 0; i < nrows; i++) {
            assert_true(strncmp(l, pts[p], strlen(pts[p])) == 0);
            l = strchr(l, '\n') + 1;
        }
    assert_true(fieldnum(s, "8,3,arrivals,all,", 7) == 3);
    assert_true(fieldnum(s, "12,2,arrivals,all,", 7) == 2);
    /* common random numbers: every point sees the same arrivals */
    assert_true(fieldnum(s, "8,2,arrivals,all,", 4) == fieldnum(s, "12,2,arrivals,all,", 4));
    /* fewer posts, more borrowed */
    assert_true(fieldnum(s, "8,3,first_assignment_share,borrowed,", 4) >
                fieldnum(s, "12,3,first_assignment_share,borrowed,", 4));
    free(s);
    tu_rmdir(d);
}

static void test_sweep_bad_point(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s sweep scenarios/validation/erlang_b.cfg --vary providers.posts.fte=-2:4:2 "
                        "-o %s/s 2>%s/err", tu_bin(), d, d), 2);
    assert_int_equal(tu_sh("grep -q 'sweep point 1/4 (providers.posts.fte=-2).*must be >= 0' %s/err", d), 0);
    assert_int_equal(tu_sh("test -e %s/s/sweep.csv", d), 1);
    assert_int_equal(tu_sh("%s sweep scenarios/validation/erlang_b.cfg --vary no.such=1:2:1 -o %s/s 2>/dev/null",
                        tu_bin(), d), 2);
    assert_int_equal(tu_sh("%s sweep scenarios/validation/erlang_b.cfg --vary providers.posts.fte=1:2:0 "
                        "-o %s/s 2>/dev/null", tu_bin(), d), 2);
    assert_int_equal(tu_sh("%s sweep scenarios/validation/erlang_b.cfg -o %s/s 2>/dev/null", tu_bin(), d), 2);
    tu_rmdir(d);
}

static void test_vary_parse(void **st)
{
    (void)st;
    bb_errors err;
    bb_errors_init(&err);
    cli_vary v;
    assert_int_equal(cli_vary_parse("a.b=60:90:10", &v, &err), 0);
    assert_string_equal(v.path, "a.b");
    assert_int_equal(v.n, 4);
    assert_string_equal(v.values[0], "60");
    assert_string_equal(v.values[3], "90");
    cli_vary_free(&v);
    assert_int_equal(cli_vary_parse("x=0.1:0.3:0.1", &v, &err), 0);
    assert_int_equal(v.n, 3);
    assert_string_equal(v.values[0], "0.1");
    assert_string_equal(v.values[2], "0.3");
    cli_vary_free(&v);
    assert_int_equal(cli_vary_parse("x=1.0:3.0:1.0", &v, &err), 0);
    assert_string_equal(v.values[1], "2.0"); /* stays a decimal */
    cli_vary_free(&v);
    assert_int_equal(cli_vary_parse("x=-1:1:1", &v, &err), 0);
    assert_string_equal(v.values[1], "0");
    cli_vary_free(&v);
    assert_int_equal(cli_vary_parse("x=10:0:-5", &v, &err), 0);
    assert_int_equal(v.n, 3);
    assert_string_equal(v.values[2], "0");
    cli_vary_free(&v);
    assert_int_equal(cli_vary_parse("x=3,5,\"a\"", &v, &err), 0);
    assert_int_equal(v.n, 3);
    assert_string_equal(v.values[2], "\"a\"");
    cli_vary_free(&v);
    assert_int_equal(err.n, 0);
    assert_int_equal(cli_vary_parse("x=1:2", &v, &err), -1);
    assert_int_equal(cli_vary_parse("x=1:2:0", &v, &err), -1);
    assert_int_equal(cli_vary_parse("x=2:1:1", &v, &err), -1);
    assert_int_equal(cli_vary_parse("x=a:2:1", &v, &err), -1);
    assert_int_equal(cli_vary_parse("=1:2:1", &v, &err), -1);
    assert_int_equal(cli_vary_parse("x=0:1e9:1", &v, &err), -1);
    assert_int_equal(err.n, 6);
    bb_errors_free(&err);
}

/* ------------------------------------------------------------------ */
/* threads: the same bytes for any number                              */
/* ------------------------------------------------------------------ */

static void test_threads_same_bytes(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    char *p = tu_write_tmp("toy.cfg", TOY);
    const char *sc = "scenarios/validation/erlang_c.cfg --set run.end=\\\"2001-07-01\\\"";
    for (int t = 1; t <= 4; t += 3) {
        assert_int_equal(tu_sh("%s run %s --reps 7 --threads %d -o %s/run%d --quiet", tu_bin(), sc, t, d, t), 0);
        assert_int_equal(tu_sh("%s run %s --reps 7 --threads %d --bands -o %s/bands%d --quiet", tu_bin(), sc, t,
                            d, t), 0);
        assert_int_equal(tu_sh("%s compare %s %s --set 2:name=more --set 2:pools.information.fte=6 "
                            "--reps 5 --threads %d -o %s/cmp%d --quiet", tu_bin(), p, p, t, d, t), 0);
        assert_int_equal(tu_sh("%s sweep %s --vary pools.advice_decentral.fte=5:7:1 --reps 3 --threads %d "
                            "-o %s/sweep%d --quiet", tu_bin(), sc, t, d, t), 0);
        assert_int_equal(tu_sh("%s run %s --precision queue_mean/advice_decentral=0.5 --reps 40 --threads %d "
                            "-o %s/prec%d --quiet", tu_bin(), sc, t, d, t), 0);
    }
    const char *files[][2] = {{"run", "summary.csv"}, {"run", "timeseries.csv"},
                              {"run", "scenario.cfg"}, {"bands", "bands.csv"},
                              {"bands", "summary.csv"}, {"cmp", "summary.csv"},
                              {"cmp", "timeseries.csv"}, {"sweep", "sweep.csv"},
                              {"prec", "summary.csv"}, {"prec", "timeseries.csv"}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (tu_sh("cmp -s %s/%s1/%s %s/%s4/%s", d, files[i][0], files[i][1], d, files[i][0],
               files[i][1]) != 0)
            fail_msg("%s/%s differs between --threads 1 and 4", files[i][0], files[i][1]);
    /* the timeseries is in replication order: rep 0's rows, then rep 1's */
    assert_int_equal(tu_sh("cut -d, -f2 %s/run4/timeseries.csv | uniq | tr '\\n' ' ' | "
                        "grep -q '^rep 0 1 2 3 4 5 6 $'", d), 0);
    /* compare: replication by replication, every scenario */
    assert_int_equal(tu_sh("cut -d, -f1,2 %s/cmp4/timeseries.csv | uniq | head -5 | tr '\\n' ' ' | "
                        "grep -q '^scenario,rep toy,0 more,0 toy,1 more,1 $'", d), 0);
    free(p);
    tu_rmdir(d);
}

static void test_bands_file(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --set run.end=\\\"2001-01-01\\\" "
                        "--reps 20 --bands -o %s/b --quiet", tu_bin(), d), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/b/bands.csv", d);
    char *s = slurp(path);
    assert_non_null(s);
    assert_true(strncmp(s, "scenario,date,t_days,column,mean,p05,p95,reps\n", 46) == 0);
    assert_int_equal(tu_sh("test -e %s/b/timeseries.csv", d), 1);
    int rows = 0;
    for (char *l = strchr(s, '\n') + 1; *l; l = strchr(l, '\n') + 1) {
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)strcspn(l, "\n"), l);
        char *f[8];
        int k = 0;
        for (char *q = line, *t; (t = strsep(&q, ",")) && k < 8;)
            f[k++] = t;
        assert_int_equal(k, 8);
        assert_string_equal(f[0], "erlang_c");
        if (f[4][0]) {
            double m = strtod(f[4], NULL), lo = strtod(f[5], NULL), hi = strtod(f[6], NULL);
            assert_true(lo <= m + 1e-9 && m <= hi + 1e-9);
        }
        rows++;
    }
    /* 2000 in four-week periods: 14 periods (the last one short) */
    assert_int_equal(tu_sh("grep -c ',queue_advice_decentral,' %s | grep -q '^14$'", path), 0);
    assert_true(rows > 14 * 20);
    free(s);
    tu_rmdir(d);
}

/* ------------------------------------------------------------------ */
/* precision                                                           */
/* ------------------------------------------------------------------ */

static double halfwidth(const double *x, int n)
{
    double m, lo, hi;
    bb_mean_ci(x, n, &m, &lo, &hi);
    return 0.5 * (hi - lo);
}

static void test_precision_rule(void **st)
{
    (void)st;
    /* arrivals of erlang_b over half a year: Poisson, mean 1278, sd 36 */
    const char *end = "run.end=\"2000-07-01\"";
    bb_scenario *s = load("scenarios/validation/erlang_b.cfg", SETS(end));
    double v[40];
    for (int r = 0; r < 40; r++)
        v[r] = rep_value(s, 1, r, "arrivals", "all");
    bb_scenario_free(s);
    /* the target: the half-width after 20; the rule stops at the first
     * batch (5, 10, 15, ...) whose half-width is at most that */
    double target = halfwidth(v, 20) * 1.000001;
    int stop = 0;
    for (int n = 5; n <= 40 && !stop; n += 5)
        if (halfwidth(v, n) <= target)
            stop = n;
    assert_true(stop >= 5 && stop <= 20);
    char *d = tu_tmpdir();
    char path[512];
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_b.cfg --set run.end=\\\"2000-07-01\\\" "
                        "--precision arrivals=%.17g --reps 40 --threads 3 -o %s/p --quiet",
                        tu_bin(), target, d), 0);
    snprintf(path, sizeof path, "%s/p/summary.csv", d);
    char *out = slurp(path);
    assert_true(fieldnum(out, "erlang_b,arrivals,all,", 6) == stop);
    double mean = 0;
    for (int r = 0; r < stop; r++)
        mean += v[r] / stop;
    assert_true(close_rel(fieldnum(out, "erlang_b,arrivals,all,", 3), mean, 1e-9));
    free(out);
    /* scenario.cfg records the replications used */
    assert_int_equal(tu_sh("grep -q 'replications = %d;' %s/p/scenario.cfg", stop, d), 0);
    /* unattainable: stops at the maximum (not a multiple of the batch) */
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_b.cfg --set run.end=\\\"2000-07-01\\\" "
                        "--precision arrivals/all=0.001 --reps 12 -o %s/q --quiet", tu_bin(), d), 1);
    snprintf(path, sizeof path, "%s/q/summary.csv", d);
    out = slurp(path);
    assert_true(fieldnum(out, "erlang_b,arrivals,all,", 6) == 12);
    free(out);
    /* exit status 1 with the outputs written, and the message says so
     * even with --quiet */
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_b.cfg --set run.end=\\\"2000-07-01\\\" "
                        "--precision arrivals/all=0.001 --reps 6 -o %s/q2 --quiet 2>&1 | "
                        "grep -q 'not met after 6 replications.*outputs written'", tu_bin(), d), 0);
    assert_int_equal(tu_sh("test -s %s/q2/summary.csv && test -s %s/q2/scenario.cfg", d, d), 0);
    /* a metric that does not exist, or an ambiguous one: usage error */
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_b.cfg --precision nope=1 -o %s/r 2>/dev/null",
                        tu_bin(), d), 2);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_b.cfg --precision first_assignment_share=1 "
                        "-o %s/r 2>/dev/null", tu_bin(), d), 2);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_b.cfg --precision arrivals=-1 -o %s/r "
                        "2>/dev/null", tu_bin(), d), 2);
    tu_rmdir(d);
}

/* The batch runner's order and stopping rule, without the CLI. */
typedef struct order_ctx {
    int seen[64][3];
    int n, asked;
    double target;
    bb_summary *sum[2];
} order_ctx;

static int order_consume(void *ud, bb_job_result *r, bb_errors *err)
{
    (void)err;
    order_ctx *c = ud;
    if (c->n < 64) {
        c->seen[c->n][0] = r->group;
        c->seen[c->n][1] = r->rep;
        c->seen[c->n][2] = r->unit;
    }
    c->n++;
    return bb_summary_add(c->sum[r->unit], r->rows, r->nrows);
}

static int order_enough(void *ud, int g, int reps)
{
    order_ctx *c = ud;
    (void)g;
    c->asked++;
    int row = bb_summary_find(c->sum[0], "arrivals", "all");
    double m, lo, hi;
    bb_paired_diff(c->sum[0], row, c->sum[1], row, &m, &lo, &hi);
    return reps >= 3 && isfinite(lo) && 0.5 * (hi - lo) <= c->target;
}

static void test_batch_order_and_stop(void **st)
{
    (void)st;
    bb_scenario *s = load("scenarios/validation/erlang_b.cfg", SETS("run.end=\"2000-03-01\""));
    for (int threads = 1; threads <= 3; threads += 2) {
        order_ctx c;
        memset(&c, 0, sizeof c);
        c.sum[0] = bb_summary_new();
        c.sum[1] = bb_summary_new();
        c.target = 1e-9; /* the same scenario twice: differences are 0 */
        bb_unit u[2] = {{s, 8, 0, 3, 20}, {s, 8, 0, 3, 20}};
        bb_batch b;
        memset(&b, 0, sizeof b);
        b.units = u;
        b.nunits = 2;
        b.threads = threads;
        b.batch = 2;
        b.consume = order_consume;
        b.enough = order_enough;
        b.ud = &c;
        bb_errors err;
        bb_errors_init(&err);
        assert_int_equal(bb_batch_run(&b, &err), BB_OK);
        bb_errors_free(&err);
        /* asked after 3 (the minimum): enough; 3 replications of each unit */
        assert_int_equal(c.asked, 1);
        assert_int_equal(c.n, 6);
        for (int i = 0; i < 6; i++) {
            assert_int_equal(c.seen[i][0], 0);
            assert_int_equal(c.seen[i][1], i / 2);
            assert_int_equal(c.seen[i][2], i % 2);
        }
        bb_summary_free(c.sum[0]);
        bb_summary_free(c.sum[1]);
    }
    bb_scenario_free(s);
}

/* ------------------------------------------------------------------ */
/* usage                                                               */
/* ------------------------------------------------------------------ */

static void test_usage_errors(void **st)
{
    (void)st;
    const char *sc = "scenarios/validation/erlang_b.cfg";
    assert_int_equal(tu_sh("%s run %s --threads 0 2>/dev/null", tu_bin(), sc), 2);
    assert_int_equal(tu_sh("%s run %s --threads x 2>/dev/null", tu_bin(), sc), 2);
    assert_int_equal(tu_sh("%s run %s --threads -3 2>/dev/null", tu_bin(), sc), 2);
    assert_int_equal(tu_sh("%s run %s --threads 2x 2>/dev/null", tu_bin(), sc), 2);
    assert_int_equal(tu_sh("%s run %s --threads 2>/dev/null", tu_bin(), sc), 2);
    assert_int_equal(tu_sh("%s compare %s 2>/dev/null", tu_bin(), sc), 2);
    assert_int_equal(tu_sh("%s compare %s %s --set 3:name=x 2>/dev/null", tu_bin(), sc, sc), 2);
    assert_int_equal(tu_sh("%s run %s --vary x=1:2:1 2>/dev/null", tu_bin(), sc), 2);
    assert_int_equal(tu_sh("%s sweep %s --vary providers.posts.fte=1:2:1 --bands 2>/dev/null", tu_bin(), sc), 2);
    assert_int_equal(tu_sh("%s check %s --threads 2 2>/dev/null", tu_bin(), sc), 0);
    assert_int_equal(tu_sh("%s --help | grep -q 'compare'", tu_bin()), 0);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crn_intake_aligned),
        cmocka_unit_test(test_crn_per_case_reviews),
        cmocka_unit_test(test_crn_fixed_draws),
        cmocka_unit_test(test_case_sequences),
        cmocka_unit_test(test_compare_with_itself),
        cmocka_unit_test(test_compare_diff_by_hand),
        cmocka_unit_test(test_compare_unmatched_rows),
        cmocka_unit_test(test_sweep_grid),
        cmocka_unit_test(test_sweep_bad_point),
        cmocka_unit_test(test_vary_parse),
        cmocka_unit_test(test_threads_same_bytes),
        cmocka_unit_test(test_bands_file),
        cmocka_unit_test(test_precision_rule),
        cmocka_unit_test(test_batch_order_and_stop),
        cmocka_unit_test(test_usage_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
