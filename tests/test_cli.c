/*
 * test_cli.c - the bbsim program as users and scripts call it.
 *
 * Runs the built binary (BBSIM_BIN, default build/bbsim) and checks exit
 * codes, messages, the output files and that the same seed gives the same
 * bytes. Output goes to fresh directories under /tmp.
 */
#include "testutil.h"
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    *n = fread(buf, 1, (size_t)len, f);
    buf[*n] = 0;
    fclose(f);
    return buf;
}

static void test_help_and_version(void **st)
{
    (void)st;
    assert_int_equal(tu_sh("%s --help >/dev/null", tu_bin()), 0);
    assert_int_equal(tu_sh("%s --version | grep -q '^bbsim [0-9]'", tu_bin()), 0);
    assert_int_equal(tu_sh("%s 2>/dev/null", tu_bin()), 2);
    assert_int_equal(tu_sh("%s frobnicate x.cfg 2>/dev/null", tu_bin()), 2);
    assert_int_equal(tu_sh("%s run 2>/dev/null", tu_bin()), 2);
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg --reps zero 2>/dev/null", tu_bin()), 2);
}

static void test_check_ok_and_missing(void **st)
{
    (void)st;
    assert_int_equal(tu_sh("%s check scenarios/baseline-2019.cfg 2>/dev/null", tu_bin()), 0);
    assert_int_equal(tu_sh("%s check /nonexistent.cfg 2>/dev/null", tu_bin()), 2);
}

static void test_same_seed_same_bytes(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    const char *files[] = {"summary.csv", "timeseries.csv", "scenario.cfg"};
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg --seed 5 --reps 2 --set run.end=\\\"2021-01-01\\\" "
                        "-o %s/a --quiet", tu_bin(), d), 0);
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg --seed 5 --reps 2 --set run.end=\\\"2021-01-01\\\" "
                        "-o %s/b --quiet", tu_bin(), d), 0);
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg --seed 6 --reps 2 --set run.end=\\\"2021-01-01\\\" "
                        "-o %s/c --quiet", tu_bin(), d), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tu_sh("cmp -s %s/a/%s %s/b/%s", d, files[i], d, files[i]), 0);
    }
    assert_int_not_equal(tu_sh("cmp -s %s/a/summary.csv %s/c/summary.csv", d, d), 0);
    tu_rmdir(d);
}

static void test_outputs_complete(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    char p[512];
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 3 -o %s/o --quiet", tu_bin(), d), 0);
    size_t n;
    snprintf(p, sizeof p, "%s/o/summary.csv", d);
    char *s = slurp(p, &n);
    assert_non_null(s);
    assert_true(strncmp(s, "scenario,metric,group,mean,ci_low,ci_high,reps\n", 47) == 0);
    const char *bad[] = {",nan,", ",nan\n", ",inf,", ",inf\n", ",-inf,", ",-inf\n"};
    for (int i = 0; i < 6; i++)
        assert_null(strstr(s, bad[i]));
    free(s);
    snprintf(p, sizeof p, "%s/o/timeseries.csv", d);
    s = slurp(p, &n);
    assert_non_null(s);
    assert_true(strncmp(s, "scenario,rep,date,t_days,", 25) == 0);
    /* reps 0..2, each with its periods */
    assert_non_null(strstr(s, "\nerlang_c,2,"));
    free(s);
    /* no temporary file is left behind */
    assert_int_not_equal(tu_sh("ls -a %s/o | grep -q tmp", d), 0);
    /* scenario.cfg as run reloads and names the seed */
    assert_int_equal(tu_sh("%s check %s/o/scenario.cfg 2>/dev/null", tu_bin(), d), 0);
    assert_int_equal(tu_sh("grep -q 'seed = 1' %s/o/scenario.cfg", d), 0);
    tu_rmdir(d);
}

static void test_rerun_from_scenario_cfg(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_b.cfg --seed 99 --reps 2 "
                        "--set providers.posts.fte=8 -o %s/a --quiet", tu_bin(), d), 0);
    assert_int_equal(tu_sh("%s run %s/a/scenario.cfg -o %s/b --quiet", tu_bin(), d, d), 0);
    assert_int_equal(tu_sh("cmp -s %s/a/summary.csv %s/b/summary.csv", d, d), 0);
    tu_rmdir(d);
}

static void test_scenario_error_exit_2(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("sed 's/fte = 30.0;/fte = -3.0;/' scenarios/validation/erlang_c.cfg > %s/bad.cfg; "
                        "sed -i 's/fte = 5.0;/fte = -3.0;/' %s/bad.cfg", d, d), 0);
    assert_int_equal(tu_sh("%s run %s/bad.cfg -o %s/o 2>%s/err", tu_bin(), d, d, d), 2);
    assert_int_equal(tu_sh("grep -q 'bad.cfg:[0-9]*: pools.advice_decentral.fte must be >= 0 (got -3)' %s/err", d), 0);
    /* nothing was written */
    struct stat stt;
    char p[512];
    snprintf(p, sizeof p, "%s/o/summary.csv", d);
    assert_int_not_equal(stat(p, &stt), 0);
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg --set no.such.setting=1 -o %s/x 2>/dev/null", tu_bin(), d), 2);
    tu_rmdir(d);
}

static void test_unwritable_output_exit_1(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("touch %s/file", d), 0);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 1 -o %s/file/sub 2>%s/err",
                        tu_bin(), d, d), 1);
    assert_int_equal(tu_sh("grep -q '%s/file' %s/err", d, d), 0);
    tu_rmdir(d);
}

static void test_bound_exit_1(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 1 --set run.max_events=2000 "
                        "-o %s/o 2>%s/err", tu_bin(), d, d), 1);
    assert_int_equal(tu_sh("grep -q 'max_events' %s/err", d), 0);
    tu_rmdir(d);
}

static void test_previous_output_kept_on_failure(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 2 -o %s/o --quiet", tu_bin(), d), 0);
    assert_int_equal(tu_sh("cp %s/o/summary.csv %s/before.csv", d, d), 0);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 2 --set run.max_events=2000 "
                        "-o %s/o 2>/dev/null", tu_bin(), d), 1);
    assert_int_equal(tu_sh("cmp -s %s/o/summary.csv %s/before.csv", d, d), 0);
    tu_rmdir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_check_ok_and_missing),
        cmocka_unit_test(test_same_seed_same_bytes),
        cmocka_unit_test(test_outputs_complete),
        cmocka_unit_test(test_rerun_from_scenario_cfg),
        cmocka_unit_test(test_scenario_error_exit_2),
        cmocka_unit_test(test_unwritable_output_exit_1),
        cmocka_unit_test(test_bound_exit_1),
        cmocka_unit_test(test_previous_output_kept_on_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
