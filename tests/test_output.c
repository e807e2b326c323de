/*
 * test_output.c - CSV formatting, atomic output files (output.c) and the
 * summary over replications (stats.c).
 */
#include "testutil.h"
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ---- */

/* What f(stream) writes, as a malloc'd string. */
static char *capture_num(double v)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    bb_csv_num(f, v);
    fclose(f);
    return buf;
}

static char *capture_str(const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    bb_csv_str(f, s);
    fclose(f);
    return buf;
}

static void check_num(double v, const char *want)
{
    char *got = capture_num(v);
    if (strcmp(got, want) != 0)
        fail_msg("bb_csv_num(%.17g) wrote \"%s\", expected \"%s\"", v, got, want);
    free(got);
}

static void check_str(const char *s, const char *want)
{
    char *got = capture_str(s);
    if (strcmp(got, want) != 0)
        fail_msg("bb_csv_str(\"%s\") wrote \"%s\", expected \"%s\"", s, got, want);
    free(got);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(m);
    fclose(f);
    return buf;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Number of entries in dir other than . and .. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* ---- CSV ---- */

static void test_csv_num(void **state)
{
    (void)state;
    check_num(0, "0");
    check_num(3, "3");
    check_num(-2, "-2");
    check_num(42.0, "42");
    check_num(123456789012.0, "123456789012");
    check_num(0.1, "0.1");
    check_num(1.5, "1.5");
    check_num(-0.25, "-0.25");
    check_num(1.0 / 3.0, "0.3333333333");
    check_num(2.0 / 3.0, "0.6666666667");
    check_num(1e-12, "1e-12");
    check_num(1e20, "1e+20");
    check_num(NAN, "");
    check_num(INFINITY, "");
    check_num(-INFINITY, "");
}

static void test_csv_str(void **state)
{
    (void)state;
    check_str("plain", "plain");
    check_str("", "");
    check_str("with space", "with space");
    check_str("a,b", "\"a,b\"");
    check_str("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_str("\"", "\"\"\"\"");
    check_str("two\nlines", "\"two\nlines\"");
    check_str("cr\rhere", "\"cr\rhere\"");
    check_str("a,\"b\"\n", "\"a,\"\"b\"\"\n\"");
}

/* ---- atomic files ---- */

static void test_out_commit(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *path = join(dir, "x.csv");
    bb_errors err;
    bb_errors_init(&err);
    bb_out o;
    assert_int_equal(bb_out_open(&o, dir, "x.csv", &err), 0);
    assert_non_null(o.f);
    assert_string_equal(o.path, path);
    fputs("a,b\n1,2\n", o.f);
    fflush(o.f);
    /* before the commit the final name does not exist; the temporary
     * lives in the same directory */
    assert_false(exists(path));
    assert_true(exists(o.tmp));
    assert_int_equal(strncmp(o.tmp, dir, strlen(dir)), 0);
    assert_int_equal(count_entries(dir), 1);
    assert_int_equal(bb_out_commit(&o, &err), 0);
    assert_int_equal(err.n, 0);
    char *got = read_file(path);
    assert_non_null(got);
    assert_string_equal(got, "a,b\n1,2\n");
    free(got);
    /* only the final file remains */
    assert_int_equal(count_entries(dir), 1);
    assert_null(o.f);
    assert_null(o.tmp);

    /* a second commit replaces the file whole */
    assert_int_equal(bb_out_open(&o, dir, "x.csv", &err), 0);
    fputs("new\n", o.f);
    got = read_file(path);
    assert_string_equal(got, "a,b\n1,2\n"); /* the old one until commit */
    free(got);
    assert_int_equal(bb_out_commit(&o, &err), 0);
    got = read_file(path);
    assert_string_equal(got, "new\n");
    free(got);
    assert_int_equal(count_entries(dir), 1);

    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    bb_errors_free(&err);
}

static void test_out_abort(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *path = join(dir, "y.csv");
    bb_errors err;
    bb_errors_init(&err);
    bb_out o;
    assert_int_equal(bb_out_open(&o, dir, "y.csv", &err), 0);
    fputs("half a fi", o.f);
    bb_out_abort(&o);
    assert_false(exists(path));
    assert_int_equal(count_entries(dir), 0);
    assert_null(o.f);
    assert_null(o.path);
    assert_null(o.tmp);

    /* aborting keeps a previous version intact */
    FILE *f = fopen(path, "w");
    fputs("old\n", f);
    fclose(f);
    assert_int_equal(bb_out_open(&o, dir, "y.csv", &err), 0);
    fputs("replacement", o.f);
    bb_out_abort(&o);
    char *got = read_file(path);
    assert_string_equal(got, "old\n");
    free(got);
    assert_int_equal(count_entries(dir), 1);
    assert_int_equal(err.n, 0);

    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    bb_errors_free(&err);
}

static void test_mkdirs(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *deep = join(dir, "a/b/c/d");
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(bb_mkdirs(deep, &err), 0);
    struct stat st;
    assert_int_equal(stat(deep, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    /* again: it exists, fine */
    assert_int_equal(bb_mkdirs(deep, &err), 0);
    /* a trailing slash */
    char *slash = join(dir, "a/e/");
    assert_int_equal(bb_mkdirs(slash, &err), 0);
    char *e = join(dir, "a/e");
    assert_true(exists(e));
    assert_int_equal(err.n, 0);
    /* files can be opened in the new directory */
    bb_out o;
    assert_int_equal(bb_out_open(&o, deep, "z.csv", &err), 0);
    fputs("1\n", o.f);
    assert_int_equal(bb_out_commit(&o, &err), 0);
    char *z = join(deep, "z.csv");
    assert_true(exists(z));

    /* under a regular file: an error naming the path */
    char *file = join(dir, "file.txt");
    FILE *f = fopen(file, "w");
    fclose(f);
    char *under = join(file, "sub/dir");
    assert_int_equal(bb_mkdirs(under, &err), -1);
    assert_true(err.n >= 1);
    assert_true(tu_has_error(&err, file, NULL));
    bb_errors_free(&err);
    /* the name of an existing file is not a directory */
    bb_errors_init(&err);
    assert_int_equal(bb_mkdirs(file, &err), -1);
    assert_true(tu_has_error(&err, file, NULL));

    unlink(z);
    unlink(file);
    char *rm[] = {deep, join(dir, "a/b/c"), join(dir, "a/b"), e, join(dir, "a")};
    for (int i = 0; i < 5; i++)
        rmdir(rm[i]);
    rmdir(dir);
    for (int i = 1; i < 5; i++)
        free(rm[i]);
    free(deep);
    free(slash);
    free(z);
    free(file);
    free(under);
    free(dir);
    bb_errors_free(&err);
}

/* An empty directory name is an error, not a read past the string (run
 * under `make asan` to see the read). */
static void test_mkdirs_empty_path(void **state)
{
    (void)state;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(bb_mkdirs("", &err), -1);
    assert_true(err.n >= 1);
    bb_errors_free(&err);
}

static void test_out_open_unwritable(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *file = join(dir, "file.txt");
    FILE *f = fopen(file, "w");
    fclose(f);
    char *sub = join(file, "sub");   /* a directory under a regular file */
    bb_errors err;
    bb_errors_init(&err);
    bb_out o;
    assert_int_equal(bb_out_open(&o, sub, "x.csv", &err), -1);
    assert_int_equal(err.n, 1);
    assert_true(tu_has_error(&err, sub, "cannot write"));
    assert_null(o.f);
    assert_null(o.path);
    assert_null(o.tmp);
    bb_errors_free(&err);

    /* a directory that does not exist */
    char *missing = join(dir, "no/such/dir");
    bb_errors_init(&err);
    assert_int_equal(bb_out_open(&o, missing, "x.csv", &err), -1);
    assert_true(tu_has_error(&err, missing, NULL));
    bb_errors_free(&err);

    /* /proc does not take new files, even for root */
    bb_errors_init(&err);
    assert_int_equal(bb_out_open(&o, "/proc", "bbtest.csv", &err), -1);
    assert_true(tu_has_error(&err, "/proc/", NULL));
    bb_errors_free(&err);

    unlink(file);
    rmdir(dir);
    free(missing);
    free(sub);
    free(file);
    free(dir);
}

/* ---- summary statistics ---- */

/* True when some comma-separated field reads as NaN or infinity. */
static bool has_nonfinite_field(const char *csv)
{
    const char *p = csv;
    while (*p) {
        size_t n = strcspn(p, ",\n");
        char field[64];
        snprintf(field, sizeof field, "%.*s", (int)(n < 63 ? n : 63), p);
        char *end;
        double v = strtod(field, &end);
        if (n > 0 && *end == 0 && !isfinite(v))
            return true;
        p += n;
        if (*p)
            p++;
    }
    return false;
}

static void rows2(bb_metric r[2], double a, double b)
{
    r[0].metric = "wait_mean_h";
    snprintf(r[0].group, sizeof r[0].group, "%s", "information");
    r[0].year = r[1].year = 0;
    r[0].value = a;
    r[1].metric = "lead_time_p90_h";
    snprintf(r[1].group, sizeof r[1].group, "%s", "acute");
    r[1].value = b;
}

static void test_mean_ci(void **state)
{
    (void)state;
    double x[] = {1, 2, 3, 4, 5};
    double m, lo, hi;
    bb_mean_ci(x, 5, &m, &lo, &hi);
    /* sd = 1.5811388, t(0.975, 4) = 2.7764451, half-width = 1.9632432 */
    tu_assert_near(m, 3.0, 1e-12);
    tu_assert_near((hi - lo) / 2, 1.9632432, 1e-6);
    tu_assert_near(lo, 3.0 - 1.9632432, 1e-6);
    tu_assert_near(hi, 3.0 + 1.9632432, 1e-6);

    /* two values: t(0.975, 1) = 12.706205; sd of {10, 12} = sqrt 2 */
    double y[] = {10, 12};
    bb_mean_ci(y, 2, &m, &lo, &hi);
    tu_assert_near(m, 11, 1e-12);
    tu_assert_near(hi - 11, 12.706205 * sqrt(2.0) / sqrt(2.0), 1e-5);

    /* identical values: a zero-width interval */
    double z[] = {4, 4, 4};
    bb_mean_ci(z, 3, &m, &lo, &hi);
    assert_true(m == 4 && lo == 4 && hi == 4);

    /* n = 1: a mean, no interval */
    bb_mean_ci(x, 1, &m, &lo, &hi);
    assert_true(m == 1.0);
    assert_true(isnan(lo));
    assert_true(isnan(hi));

    /* n = 0: nothing */
    bb_mean_ci(x, 0, &m, &lo, &hi);
    assert_true(isnan(m) && isnan(lo) && isnan(hi));
}

static void test_summary_add_get(void **state)
{
    (void)state;
    bb_summary *s = bb_summary_new();
    assert_non_null(s);
    assert_int_equal(bb_summary_reps(s), 0);
    bb_metric r[2];
    /* row 0: 1..5; row 1: 2, NaN, 4, NaN, 6 */
    double b[5] = {2, NAN, 4, NAN, 6};
    for (int k = 0; k < 5; k++) {
        rows2(r, k + 1, b[k]);
        assert_int_equal(bb_summary_add(s, r, 2), 0);
    }
    assert_int_equal(bb_summary_rows(s), 2);
    assert_int_equal(bb_summary_reps(s), 5);
    assert_true(bb_summary_value(s, 0, 3) == 4.0);
    assert_true(isnan(bb_summary_value(s, 1, 1)));

    const char *metric, *group;
    double m, lo, hi;
    bb_summary_get(s, 0, &metric, &group, &m, &lo, &hi);
    assert_string_equal(metric, "wait_mean_h");
    assert_string_equal(group, "information");
    tu_assert_near(m, 3.0, 1e-12);
    tu_assert_near(lo, 3.0 - 1.9632432, 1e-6);
    tu_assert_near(hi, 3.0 + 1.9632432, 1e-6);

    /* over the finite values 2, 4, 6: mean 4, sd 2, t(0.975, 2) = 4.3026527 */
    bb_summary_get(s, 1, &metric, &group, &m, &lo, &hi);
    assert_string_equal(metric, "lead_time_p90_h");
    assert_string_equal(group, "acute");
    tu_assert_near(m, 4.0, 1e-12);
    double h = 4.3026527 * 2.0 / sqrt(3.0);
    /* a time is never below 0: the t interval's 4 - h < 0 is cut at 0 */
    assert_true(4.0 - h < 0);
    assert_true(lo == 0.0);
    tu_assert_near(hi, 4.0 + h, 1e-6);

    /* summary.csv: the defined replications per row, no "nan" anywhere */
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    bb_summary_write(f, s, "a,b", 1);
    fclose(f);
    assert_non_null(strstr(buf, "scenario,metric,group,mean,ci_low,ci_high,reps\n"));
    assert_non_null(strstr(buf, "\"a,b\",wait_mean_h,information,3,1.03675"));
    assert_non_null(strstr(buf, "\"a,b\",lead_time_p90_h,acute,4,"));
    assert_non_null(strstr(buf, ",5\n"));
    assert_non_null(strstr(buf, ",3\n"));
    assert_false(has_nonfinite_field(buf));
    free(buf);
    bb_summary_free(s);
}

static void test_summary_all_nan_and_single(void **state)
{
    (void)state;
    bb_summary *s = bb_summary_new();
    bb_metric r[2];
    rows2(r, 7.5, NAN);
    assert_int_equal(bb_summary_add(s, r, 2), 0);
    const char *metric, *group;
    double m, lo, hi;
    /* one replication: mean only */
    bb_summary_get(s, 0, &metric, &group, &m, &lo, &hi);
    assert_true(m == 7.5);
    assert_true(isnan(lo) && isnan(hi));
    /* never defined: all NaN */
    bb_summary_get(s, 1, &metric, &group, &m, &lo, &hi);
    assert_true(isnan(m) && isnan(lo) && isnan(hi));
    /* written as empty fields */
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    bb_summary_write(f, s, "x", 0);
    fclose(f);
    assert_string_equal(buf, "x,wait_mean_h,information,7.5,,,1\n"
                             "x,lead_time_p90_h,acute,,,,0\n");
    free(buf);
    bb_summary_free(s);
}

static void test_summary_rejects_other_structure(void **state)
{
    (void)state;
    bb_summary *s = bb_summary_new();
    bb_metric r[3];
    rows2(r, 1, 2);
    assert_int_equal(bb_summary_add(s, r, 2), 0);

    /* more rows */
    rows2(r, 1, 2);
    r[2] = r[1];
    assert_int_equal(bb_summary_add(s, r, 3), -1);
    /* fewer rows */
    assert_int_equal(bb_summary_add(s, r, 1), -1);
    /* another metric name */
    rows2(r, 1, 2);
    r[1].metric = "lead_time_p50_h";
    assert_int_equal(bb_summary_add(s, r, 2), -1);
    /* another group */
    rows2(r, 1, 2);
    snprintf(r[0].group, sizeof r[0].group, "%s", "advice_central");
    assert_int_equal(bb_summary_add(s, r, 2), -1);
    /* rejected adds leave the summary as it was */
    assert_int_equal(bb_summary_reps(s), 1);
    assert_int_equal(bb_summary_rows(s), 2);
    /* the same structure (other values, other string addresses) is fine */
    char name[] = "wait_mean_h";
    rows2(r, 3, 4);
    r[0].metric = name;
    assert_int_equal(bb_summary_add(s, r, 2), 0);
    assert_int_equal(bb_summary_reps(s), 2);
    assert_true(bb_summary_value(s, 0, 1) == 3.0);
    assert_true(bb_summary_value(s, 1, 1) == 4.0);
    bb_summary_free(s);
}

/* A share's interval is a Wilson score interval with the effective
 * sample size p(1-p)/se^2 (docs/outputs.md): inside [0, 1] where the t
 * interval is not, around the mean, and the t interval's width when the
 * share is far from 0 and 1 with many replications. */
static void test_share_interval_wilson(void **state)
{
    (void)state;
    /* 3 replications 0.0, 0.075, 0.3: mean 0.125, t interval [-0.26, 0.51], Wilson [0.01, 0.67] */
    const double x[3] = {0.0, 0.075, 0.3};
    double m, lo, hi, tm, tlo, thi;
    bb_mean_ci(x, 3, &tm, &tlo, &thi);
    assert_true(tlo < 0);
    bb_metric_ci("within_target_share", x, 3, &m, &lo, &hi);
    tu_assert_near(m, 0.125, 1e-12);
    assert_true(lo >= 0 && hi <= 1 && lo < m && m < hi);
    /* the formula by hand: t = 4.3026527, se = sd / sqrt(3) */
    double t = 4.3026527, se = (thi - tlo) / (2 * t), n = m * (1 - m) / (se * se);
    double mid = (m + t * t / (2 * n)) / (1 + t * t / n);
    double hw = t * sqrt(se * se + t * t / (4 * n * n)) / (1 + t * t / n);
    tu_assert_near(lo, mid - hw, 1e-6);
    tu_assert_near(hi, mid + hw, 1e-6);
    /* near 1: never above 1 */
    const double y[3] = {1.0, 0.99, 0.9};
    bb_metric_ci("first_action_within_target_share", y, 3, &m, &lo, &hi);
    assert_true(hi <= 1 && lo < m && m < hi);
    /* all replications equal: the interval is the point */
    const double z[4] = {1, 1, 1, 1};
    bb_metric_ci("within_target_share", z, 4, &m, &lo, &hi);
    assert_true(m == 1 && lo == 1 && hi == 1);
    /* 200 replications around 0.5: close to the t interval */
    double w[200];
    for (int i = 0; i < 200; i++)
        w[i] = 0.4 + 0.2 * (double)(i % 10) / 9.0;
    bb_mean_ci(w, 200, &tm, &tlo, &thi);
    bb_metric_ci("within_target_share", w, 200, &m, &lo, &hi);
    tu_assert_near(hi - lo, thi - tlo, 0.01 * (thi - tlo));
    /* a signed metric (a negative value) keeps its t interval */
    const double v[3] = {-1, 0, 4};
    bb_mean_ci(v, 3, &tm, &tlo, &thi);
    bb_metric_ci("net_change", v, 3, &m, &lo, &hi);
    assert_true(lo == tlo && hi == thi);
}

/* Many replications: the per-row storage grows. */
static void test_summary_many_reps(void **state)
{
    (void)state;
    bb_summary *s = bb_summary_new();
    bb_metric r[2];
    double sum = 0;
    for (int k = 0; k < 1000; k++) {
        rows2(r, k, -k);
        sum += k;
        assert_int_equal(bb_summary_add(s, r, 2), 0);
    }
    assert_int_equal(bb_summary_reps(s), 1000);
    for (int k = 0; k < 1000; k++)
        assert_true(bb_summary_value(s, 0, k) == k && bb_summary_value(s, 1, k) == -k);
    const char *metric, *group;
    double m, lo, hi;
    bb_summary_get(s, 1, &metric, &group, &m, &lo, &hi);
    tu_assert_near(m, -sum / 1000, 1e-9);
    tu_assert_strictly_between(m, lo, hi);
    bb_summary_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_num),
        cmocka_unit_test(test_csv_str),
        cmocka_unit_test(test_out_commit),
        cmocka_unit_test(test_out_abort),
        cmocka_unit_test(test_mkdirs),
        cmocka_unit_test(test_out_open_unwritable),
        cmocka_unit_test(test_mean_ci),
        cmocka_unit_test(test_summary_add_get),
        cmocka_unit_test(test_summary_all_nan_and_single),
        cmocka_unit_test(test_summary_rejects_other_structure),
        cmocka_unit_test(test_summary_many_reps),
        cmocka_unit_test(test_share_interval_wilson),
        /* last: under ASan the current bb_mkdirs("") aborts the binary */
        cmocka_unit_test(test_mkdirs_empty_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
