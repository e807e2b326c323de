/*
 * test_interrupt.c - the output promises of issue 12, through the
 * bbsim (and bbview) binaries: SIGINT, SIGTERM and SIGHUP remove the
 * temporaries, leave the previous outputs, say so and exit 130/143/129;
 * a second run into a locked directory fails naming the holder; a
 * planted symlink at the old predictable temporary name is never written
 * through; an output set is renamed only when every file can be (a
 * directory named summary.csv replaces nothing); compare's files of
 * "a b" and "a_b" do not collide; bbview --png never renames over a
 * FIFO; and the smaller message fixes (long messages keep their reason,
 * dropped messages are counted, ANSI escapes in names are escaped).
 */
#include "testutil.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#define SCN "scenarios/baseline-2019.cfg"
#define SCN_ARG ((char *)SCN)

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long l = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)l + 1);
    size_t r = fread(b, 1, (size_t)l, f);
    b[r] = 0;
    fclose(f);
    if (n)
        *n = r;
    return b;
}

/* Entries of dir starting with '.' other than . and .. */
static int hidden_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

/* Start bbsim with argv (NULL-terminated) and stderr to errpath; the
 * child waits on a pipe until go() so that the caller knows its pid
 * before it runs. */
static pid_t start(char *const argv[], const char *errpath, int *gofd)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[1]);
        char c;
        ssize_t r = read(p[0], &c, 1);
        (void)r;
        close(p[0]);
        /* as from a terminal: a background job of a shell script would
         * inherit SIGINT ignored, and bbsim keeps an ignored signal ignored */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    close(p[0]);
    *gofd = p[1];
    return pid;
}

static void go(int fd)
{
    ssize_t w = write(fd, "x", 1);
    (void)w;
    close(fd);
}

static int wait_status(pid_t pid)
{
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

/* Wait until dir holds a hidden temporary of timeseries.csv (the run is
 * under way), at most 20 s. */
static void wait_running(const char *dir)
{
    for (int i = 0; i < 2000; i++) {
        DIR *d = opendir(dir);
        if (d) {
            struct dirent *e;
            int found = 0;
            while ((e = readdir(d)))
                found |= !strncmp(e->d_name, ".timeseries.csv.", 16);
            closedir(d);
            if (found)
                return;
        }
        usleep(10000);
    }
    fail_msg("the run never started in %s", dir);
}

static void test_signals(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), out[512], err[512];
    snprintf(out, sizeof out, "%s/o", d);
    snprintf(err, sizeof err, "%s/err", d);
    assert_int_equal(tu_sh("%s run " SCN " --reps 2 -o %s --quiet", tu_bin(), out), 0);
    char sum[600];
    snprintf(sum, sizeof sum, "%s/summary.csv", out);
    size_t n0;
    char *before = slurp(sum, &n0);
    const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
    const char *names[3] = {"SIGINT", "SIGTERM", "SIGHUP"};
    for (int k = 0; k < 3; k++) {
        char bin[256];
        snprintf(bin, sizeof bin, "%s", tu_bin());
        char *argv[] = {bin, (char *)"run", SCN_ARG, (char *)"--reps", (char *)"200",
                        (char *)"--seed", (char *)"7", (char *)"-o", out, (char *)"--quiet", NULL};
        int g;
        pid_t pid = start(argv, err, &g);
        go(g);
        wait_running(out);
        kill(pid, sigs[k]);
        assert_int_equal(wait_status(pid), 128 + sigs[k]);
        char *msg = slurp(err, NULL);
        char want[128];
        snprintf(want, sizeof want, "bbsim: interrupted by %s during the run of baseline-2019", names[k]);
        assert_non_null(strstr(msg, want));
        assert_non_null(strstr(msg, "temporary file"));
        free(msg);
        /* no temporary, no lock file, the previous summary byte for byte */
        assert_int_equal(hidden_entries(out), 0);
        size_t n1;
        char *after = slurp(sum, &n1);
        assert_int_equal(n0, n1);
        assert_memory_equal(before, after, n0);
        free(after);
    }
    free(before);
    tu_rmdir(d);
}

static void test_lock_names_the_holder(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), out[512], err[512], err2[512];
    snprintf(out, sizeof out, "%s/o", d);
    snprintf(err, sizeof err, "%s/err", d);
    snprintf(err2, sizeof err2, "%s/err2", d);
    char bin[256];
    snprintf(bin, sizeof bin, "%s", tu_bin());
    char *argv[] = {bin, (char *)"run", SCN_ARG, (char *)"--reps", (char *)"200",
                    (char *)"-o", out, (char *)"--quiet", NULL};
    int g;
    pid_t pid = start(argv, err, &g);
    go(g);
    wait_running(out);
    assert_int_equal(tu_sh("%s run " SCN " --reps 1 -o %s --quiet 2>%s", tu_bin(), out, err2), 1);
    char *msg = slurp(err2, NULL);
    char want[128];
    snprintf(want, sizeof want, "another bbsim is writing to this directory (pid %ld, bbsim run ",
             (long)pid);
    assert_non_null(strstr(msg, want));
    free(msg);
    kill(pid, SIGTERM);
    assert_int_equal(wait_status(pid), 143);
    /* the lock went with it: a run now succeeds */
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 1 -o %s --quiet",
                           tu_bin(), out), 0);
    assert_int_equal(hidden_entries(out), 0);
    tu_rmdir(d);
}

/* A symlink planted at every name the old scheme would have used for
 * the child's pid: the target is never written and summary.csv is a
 * regular file afterwards. */
static void test_planted_symlink(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), out[512], err[512], target[512];
    snprintf(out, sizeof out, "%s/o", d);
    snprintf(err, sizeof err, "%s/err", d);
    snprintf(target, sizeof target, "%s/precious", d);
    assert_int_equal(mkdir(out, 0755), 0);
    FILE *f = fopen(target, "w");
    fputs("keep me\n", f);
    fclose(f);
    char bin[256];
    snprintf(bin, sizeof bin, "%s", tu_bin());
    char *argv[] = {bin, (char *)"run", (char *)"scenarios/validation/erlang_c.cfg",
                    (char *)"--reps", (char *)"1", (char *)"-o", out, (char *)"--quiet", NULL};
    int g;
    pid_t pid = start(argv, err, &g);
    const char *files[] = {"summary.csv", "yearly.csv", "timeseries.csv", "scenario.cfg"};
    for (int i = 0; i < 4; i++) {
        char l[700];
        snprintf(l, sizeof l, "%s/.%s.%ld.tmp", out, files[i], (long)pid);
        assert_int_equal(symlink(target, l), 0);
    }
    go(g);
    assert_int_equal(wait_status(pid), 0);
    char *t = slurp(target, NULL);
    assert_string_equal(t, "keep me\n");
    free(t);
    char sum[600];
    snprintf(sum, sizeof sum, "%s/summary.csv", out);
    struct stat s;
    assert_int_equal(lstat(sum, &s), 0);
    assert_true(S_ISREG(s.st_mode));
    tu_rmdir(d);
}

/* summary.csv is a directory: exit 1, and no file of the set replaced
 * (timeseries.csv was renamed first before). */
static void test_set_is_committed_whole(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), out[512], p[600];
    snprintf(out, sizeof out, "%s/o", d);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 1 -o %s --quiet",
                           tu_bin(), out), 0);
    snprintf(p, sizeof p, "%s/timeseries.csv", out);
    size_t n0;
    char *ts0 = slurp(p, &n0);
    snprintf(p, sizeof p, "%s/summary.csv", out);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(mkdir(p, 0755), 0);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 2 --seed 9 -o %s "
                           "--quiet 2>%s/err", tu_bin(), out, d), 1);
    assert_int_equal(tu_sh("grep -q 'summary.csv: exists and is not a regular file (a directory); "
                           "not replaced' %s/err", d), 0);
    snprintf(p, sizeof p, "%s/timeseries.csv", out);
    size_t n1;
    char *ts1 = slurp(p, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(ts0, ts1, n0);
    free(ts0);
    free(ts1);
    assert_int_equal(hidden_entries(out), 0);
    tu_rmdir(d);
}

static void test_compare_names_do_not_collide(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), out[512], p[700];
    snprintf(out, sizeof out, "%s/o", d);
    assert_int_equal(tu_sh("%s compare scenarios/validation/erlang_c.cfg scenarios/validation/erlang_c.cfg "
                           "--set '1:name=a b' --set 2:name=a_b --reps 1 -o %s --quiet",
                           tu_bin(), out), 0);
    snprintf(p, sizeof p, "%s/scenario-a_b.cfg", out);
    char *a = slurp(p, NULL);
    snprintf(p, sizeof p, "%s/scenario-a_b-2.cfg", out);
    char *b = slurp(p, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(strstr(a, "name = \"a b\""));
    assert_non_null(strstr(b, "name = \"a_b\""));
    free(a);
    free(b);
    tu_rmdir(d);
}

static void test_png_never_over_a_fifo(void **st)
{
    (void)st;
    if (access("build/bbview", X_OK) != 0)
        skip();
    char *d = tu_tmpdir(), p[600];
    snprintf(p, sizeof p, "%s/pipe.png", d);
    assert_int_equal(mkfifo(p, 0600), 0);
    int rc = tu_sh("SDL_VIDEODRIVER=dummy build/bbview scenarios/validation/erlang_c.cfg --png %s "
                   "--size 320x240 2>%s/err", p, d);
    assert_int_not_equal(rc, 0);
    assert_int_equal(tu_sh("grep -q 'pipe.png: exists and is not a regular file' %s/err", d), 0);
    struct stat s;
    assert_int_equal(lstat(p, &s), 0);
    assert_true(S_ISFIFO(s.st_mode));
    assert_int_equal(hidden_entries(d), 0);
    tu_rmdir(d);
}

static void test_messages(void **st)
{
    (void)st;
    /* a long message keeps its end, where the reason is */
    bb_errors e;
    bb_errors_init(&e);
    char *big = malloc(10000);
    memset(big, 'p', 9999);
    big[9999] = 0;
    bb_errors_add(&e, "%s: the reason", big);
    assert_true(strlen(e.msg[0]) <= BB_MAX_MSG);
    assert_non_null(strstr(e.msg[0], " ... "));
    assert_non_null(strstr(e.msg[0], "ppp: the reason"));
    free(big);
    /* more than BB_MAX_ERRORS: counted */
    for (int i = 0; i < BB_MAX_ERRORS + 41; i++)
        bb_errors_add(&e, "m%d", i);
    assert_int_equal(e.n, BB_MAX_ERRORS);
    assert_int_equal(e.dropped, 42);
    bb_errors_free(&e);
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s check scenarios/validation/erlang_c.cfg "
                           "$(i=0; while [ $i -lt 1100 ]; do printf -- '--set x%%d=1 ' $i; i=$((i+1)); done) "
                           "2>%s/err", tu_bin(), d), 2);
    assert_int_equal(tu_sh("grep -q '^bbsim: ... and [0-9]* more messages (1100 in all' %s/err", d), 0);
    /* ANSI escapes in a scenario name: shown escaped */
    assert_int_equal(tu_sh("%s check scenarios/validation/erlang_c.cfg --set \"name=$(printf 'a\\033[31mred')\" "
                           "2>%s/err", tu_bin(), d), 0);
    assert_int_equal(tu_sh("grep -q 'a\\\\x1b\\[31mred' %s/err", d), 0);
    assert_int_equal(tu_sh("grep -q \"$(printf '\\033')\" %s/err", d), 1);
    tu_rmdir(d);
}

static void test_set_strings_and_paths(void **st)
{
    (void)st;
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    char *set = malloc(2100);
    strcpy(set, "name=");
    memset(set + 5, 'n', 2000);
    set[2005] = 0;
    const char *sets[] = {set};
    assert_int_equal(bb_scenario_load("scenarios/validation/erlang_c.cfg", sets, 1, &s, &err), BB_OK);
    char *text = NULL;
    size_t tl = 0;
    FILE *m = open_memstream(&text, &tl);
    bb_scenario_write(s, m, 1, 1);
    fclose(m);
    char *run = strstr(text, "nnnn");
    assert_non_null(run);
    assert_int_equal(strspn(run, "n"), 2000); /* was cut at 511 */
    free(text);
    bb_scenario_free(s);
    free(set);
    bb_errors_free(&err);
    /* one message for one --set */
    assert_int_equal(bb_scenario_load("scenarios/validation/erlang_c.cfg", SETS("a.b[999999]=1"),
                                      &s, &err), BB_ERR_INPUT);
    assert_int_equal(err.n, 1);
    bb_errors_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signals),
        cmocka_unit_test(test_lock_names_the_holder),
        cmocka_unit_test(test_planted_symlink),
        cmocka_unit_test(test_set_is_committed_whole),
        cmocka_unit_test(test_compare_names_do_not_collide),
        cmocka_unit_test(test_png_never_over_a_fifo),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_set_strings_and_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
