/*
 * test_fuzz_regressions.c - replay fuzzing inputs through both targets.
 *
 * Every file in tests/fuzz/regressions/ (inputs that once crashed a
 * fuzz target, in the targets' format: scenario text, then optional
 * NUL-separated --set strings), the extreme scenarios in tests/extremes/
 * and the shipped scenarios go through the same checks as under
 * libFuzzer (tests/fuzz/fuzz_scenario.c and fuzz_run.c, included here
 * with renamed entry points): the loader returns 0 or 2, a scenario that
 * passes satisfies every bound, round-trips through scenario.cfg, and
 * runs a bounded number of events with finite results. Each file runs in
 * a child process, so a crash names its file. Runs under make asan and
 * make valgrind like every test.
 */
#define LLVMFuzzerTestOneInput fuzz_scenario_one
#include "fuzz/fuzz_scenario.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_run_one
#include "fuzz/fuzz_run.c"
#undef LLVMFuzzerTestOneInput

#include "testutil.h"
#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <sys/wait.h>

/* Replay one file through one target in a child; returns its status. */
static int replay(const char *path, int (*target)(const uint8_t *, size_t))
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    static uint8_t buf[FZ_MAX_INPUT];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        target(buf, n);
        exit(0); /* exit, not _exit: LeakSanitizer checks the child */
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Replay every regular file in dir; returns how many there were. */
static int replay_dir(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t l = strlen(e->d_name), k = suffix ? strlen(suffix) : 0;
        if (suffix && (l < k || strcmp(e->d_name + l - k, suffix)))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        int a = replay(path, fuzz_scenario_one), b = replay(path, fuzz_run_one);
        if (a != 0 || b != 0)
            fprintf(stderr, "%s: fuzz_scenario status %d, fuzz_run status %d\n", path, a, b);
        assert_int_equal(a, 0);
        assert_int_equal(b, 0);
        count++;
    }
    closedir(d);
    return count;
}

static void test_regressions(void **st)
{
    (void)st;
    assert_true(replay_dir("tests/fuzz/regressions", NULL) > 0);
}

static void test_extremes_and_shipped(void **st)
{
    (void)st;
    assert_true(replay_dir("tests/extremes", ".cfg") >= 4);
    assert_true(replay_dir("scenarios/validation", ".cfg") >= 2);
    assert_true(replay_dir("scenarios", ".cfg") >= 1);
}

/* The checks can fail: a target must reject what breaks a promise. */
static void test_checks_can_fail(void **st)
{
    (void)st;
    bb_errors err;
    bb_errors_init(&err);
    bb_errors_add(&err, "two\nlines");
    assert_null(strchr(err.msg[0], '\n')); /* bb_errors_add escapes it */
    bb_errors_free(&err);
    /* a CSV text with "nan" in a numeric column fails the CSV check */
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    fputs("1,nan,3\n", mf);
    fflush(mf);
    pid_t pid = fork();
    if (pid == 0) {
        check_csv_text(mf, &buf, &len, 0, 0);
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    fclose(mf);
    free(buf);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regressions),
        cmocka_unit_test(test_extremes_and_shipped),
        cmocka_unit_test(test_checks_can_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
