/*
 * test_outputs.c - output files are whole or absent.
 *
 * - SIGKILL at 30 moments spread over a run: each output file is then
 *   byte for byte the previous complete version or the new complete one
 *   (references from uninterrupted runs with the same seeds), never a
 *   truncated CSV; the only other entries are the killed run's hidden
 *   temporaries .NAME.PID.tmp, and the next run removes them.
 * - A full disk (a small tmpfs, when mount is permitted; else skipped)
 *   and a read-only directory give exit 1 with the path in the message
 *   and leave the previous outputs as they were.
 * - The write-failure hook (bb_out_fail_after) shows the same in-process,
 *   without mount.
 * The binary is BBSIM_BIN (default build/bbsim).
 */
#include "testutil.h"
#include "internal.h"
#include <dirent.h>
#include <math.h>
#include <errno.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const FILES[] = {"summary.csv", "timeseries.csv", "scenario.cfg",
                                    "yearly.csv"};
#define NFILES 4
#define SCN "scenarios/validation/erlang_c.cfg"
#define REPS "12"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Start `bbsim run SCN --seed seed -o dir --quiet`; stderr to errfile. */
static pid_t start_run_reps(const char *reps, const char *seed, const char *dir,
                           const char *errfile)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        FILE *e = freopen(errfile ? errfile : "/dev/null", "w", stderr);
        (void)e;
        execl(tu_bin(), tu_bin(), "run", SCN, "--reps", reps, "--seed", seed, "-o", dir, "--quiet",
              (char *)NULL);
        _exit(127);
    }
    return pid;
}

static pid_t start_run(const char *seed, const char *dir, const char *errfile)
{
    return start_run_reps(REPS, seed, dir, errfile);
}

static int wait_status(pid_t pid)
{
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int same_file(const char *a, const char *b)
{
    return tu_sh("cmp -s '%s' '%s'", a, b) == 0;
}

/* Every entry of dir is an output file or a temporary of process pid
 * (any pid when pid is 0); returns the number of temporaries. */
static int check_entries(const char *dir, long pid)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int tmps = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, ".bbsim.lock"))
            continue;
        int known = 0;
        for (int i = 0; i < NFILES; i++) {
            char want[128];
            if (!strcmp(n, FILES[i]))
                known = 1;
            if (pid)
                snprintf(want, sizeof want, ".%s.%ld.", FILES[i], pid);
            if (pid && !strncmp(n, want, strlen(want)) && strlen(n) == strlen(want) + 12 &&
                !strcmp(n + strlen(n) - 4, ".tmp"))
                known = 2; /* .NAME.PID.RANDOM.tmp */
            if (!pid && n[0] == '.' && !strncmp(n + 1, FILES[i], strlen(FILES[i])) &&
                strstr(n, ".tmp"))
                known = 2;
        }
        if (!known)
            fail_msg("unexpected entry %s/%s", dir, n);
        tmps += known == 2;
    }
    closedir(d);
    return tmps;
}

static void test_kill_leaves_whole_files(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    char prev[512], next[512], out[512];
    snprintf(prev, sizeof prev, "%s/prev", d);
    snprintf(next, sizeof next, "%s/next", d);
    snprintf(out, sizeof out, "%s/out", d);
    /* references: the previous run (seed 1) and the new one (seed 2) */
    double t0 = now_s();
    assert_int_equal(wait_status(start_run("1", prev, NULL)), 0);
    double t1 = now_s();
    assert_int_equal(wait_status(start_run("2", next, NULL)), 0);
    double T = fmin(t1 - t0, now_s() - t1); /* the shorter: few kills land after the end */
    for (int i = 0; i < NFILES; i++) {
        char a[600], b[600];
        snprintf(a, sizeof a, "%s/%s", prev, FILES[i]);
        snprintf(b, sizeof b, "%s/%s", next, FILES[i]);
        assert_false(same_file(a, b)); /* so that the two can be told apart */
    }
    int kills = 30;
    int n_old = 0, n_new = 0, n_tmp = 0, n_done = 0;
    srand(12345);
    for (int k = 0; k < kills; k++) {
        assert_int_equal(tu_sh("rm -rf '%s' && mkdir -p '%s' && cp '%s'/* '%s'/", out, out, prev, out), 0);
        /* delays spread over the whole run, 0 .. T, one in each slot */
        double delay = T * (k + (double)rand() / RAND_MAX) / kills;
        pid_t pid = start_run("2", out, NULL);
        usleep((useconds_t)(delay * 1e6));
        kill(pid, SIGKILL);
        int rc = wait_status(pid);
        n_done += rc == 0;
        for (int i = 0; i < NFILES; i++) {
            char o[600], a[600], b[600];
            snprintf(o, sizeof o, "%s/%s", out, FILES[i]);
            snprintf(a, sizeof a, "%s/%s", prev, FILES[i]);
            snprintf(b, sizeof b, "%s/%s", next, FILES[i]);
            int is_old = same_file(o, a), is_new = same_file(o, b);
            if (!is_old && !is_new)
                fail_msg("kill %d after %.3f s: %s is neither the previous nor the new file",
                         k, delay, o);
            n_old += is_old;
            n_new += is_new;
        }
        n_tmp += check_entries(out, (long)pid);
    }
    fprintf(stderr, "kill test: run %.2f s, %d kills: %d files old, %d new, %d temporaries "
                    "left, %d runs finished first\n", T, kills, n_old, n_new, n_tmp, n_done);
    assert_true(n_old > 0); /* the kills did land during the run */
    /* the next run into the same directory removes stale temporaries */
    assert_int_equal(tu_sh("rm -rf '%s' && mkdir -p '%s' && touch '%s/.summary.csv.999999999.tmp' "
                        "'%s/.timeseries.csv.999999998.tmp' '%s/.scenario.cfg.999999997.tmp'",
                        out, out, out, out, out), 0);
    assert_int_equal(check_entries(out, 0), 3);
    assert_int_equal(wait_status(start_run("2", out, NULL)), 0);
    assert_int_equal(check_entries(out, 0), 0);
    for (int i = 0; i < NFILES; i++) {
        char o[600], b[600];
        snprintf(o, sizeof o, "%s/%s", out, FILES[i]);
        snprintf(b, sizeof b, "%s/%s", next, FILES[i]);
        assert_true(same_file(o, b));
    }
    tu_rmdir(d);
}

static void test_live_temporaries_kept(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    /* a temporary of a live process (this test) and unrelated files stay */
    assert_int_equal(tu_sh("touch '%s/.summary.csv.%ld.tmp' '%s/.summary.csv.x.tmp' '%s/.other.1.tmp' "
                        "'%s/.summary.csv.-5.tmp'", d, (long)getpid(), d, d, d), 0);
    assert_int_equal(tu_sh("%s run " SCN " --reps 1 -o '%s' --quiet", tu_bin(), d), 0);
    assert_int_equal(tu_sh("test -e '%s/.summary.csv.%ld.tmp' && test -e '%s/.summary.csv.x.tmp' && "
                        "test -e '%s/.other.1.tmp' && test -e '%s/.summary.csv.-5.tmp'",
                        d, (long)getpid(), d, d, d), 0);
    tu_rmdir(d);
}

/* Mount a tmpfs at dir with options; 0 if permitted. */
static int try_mount(const char *dir, const char *opts, unsigned long flags)
{
    return mount("tmpfs", dir, "tmpfs", flags, opts);
}

static void test_full_disk_exit_1(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    char mnt[512], err[600];
    snprintf(mnt, sizeof mnt, "%s/small", d);
    snprintf(err, sizeof err, "%s/err", d);
    assert_int_equal(mkdir(mnt, 0755), 0);
    if (try_mount(mnt, "size=160k", 0) != 0) {
        fprintf(stderr, "full-disk test skipped: mount not permitted (%s)\n", strerror(errno));
        tu_rmdir(d);
        skip();
    }
    /* a previous complete output that fits */
    assert_int_equal(tu_sh("%s run " SCN " --reps 1 -o '%s/o' --quiet", tu_bin(), mnt), 0);
    assert_int_equal(tu_sh("cp -r '%s/o' '%s/before'", mnt, d), 0);
    /* 30 replications need ~280 kB of timeseries.csv */
    char o[600];
    snprintf(o, sizeof o, "%s/o", mnt);
    assert_int_equal(wait_status(start_run_reps("30", "2", o, err)), 1);
    assert_int_equal(tu_sh("grep -q '%s/o/timeseries.csv: write failed: No space left on device' '%s'",
                        mnt, err), 0);
    for (int i = 0; i < NFILES; i++)
        assert_int_equal(tu_sh("cmp -s '%s/o/%s' '%s/before/%s'", mnt, FILES[i], d, FILES[i]), 0);
    assert_int_equal(check_entries(o, 0), 0); /* no temporary left on the full disk */
    assert_int_equal(umount(mnt), 0);
    tu_rmdir(d);
}

static void test_read_only_dir_exit_1(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    char mnt[512];
    snprintf(mnt, sizeof mnt, "%s/ro", d);
    assert_int_equal(mkdir(mnt, 0755), 0);
    if (try_mount(mnt, "size=64k", MS_RDONLY) != 0) {
        fprintf(stderr, "read-only test skipped: mount not permitted (%s)\n", strerror(errno));
        tu_rmdir(d);
        skip();
    }
    assert_int_equal(tu_sh("%s run " SCN " --reps 1 -o '%s/o' 2>'%s/err'", tu_bin(), mnt, d), 1);
    assert_int_equal(tu_sh("grep -q '%s/o: cannot create directory: Read-only file system' '%s/err'",
                        mnt, d), 0);
    assert_int_equal(tu_sh("%s run " SCN " --reps 1 -o '%s' 2>'%s/err'", tu_bin(), mnt, d), 1);
    assert_int_equal(tu_sh("grep -q '%s/.timeseries.csv.[0-9]*.[0-9a-f]*.tmp: cannot write: Read-only file system' "
                        "'%s/err'", mnt, d), 0);
    assert_int_equal(umount(mnt), 0);
    tu_rmdir(d);
}

static void test_empty_output_dir_name(void **st)
{
    (void)st;
    assert_int_equal(tu_sh("%s run " SCN " --reps 1 -o '' 2>&1 | grep -q 'output directory name is empty'",
                        tu_bin()), 0);
    assert_int_equal(tu_sh("%s run " SCN " --reps 1 -o '' 2>/dev/null", tu_bin()), 2); /* usage */
}

/* In-process: writes fail after a byte budget, as on a full disk. */
static void test_write_failure_hook(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    bb_errors err;
    bb_errors_init(&err);
    bb_out o;
    /* a previous version */
    assert_int_equal(bb_out_open(&o, d, "x.csv", &err), 0);
    fputs("old,complete\n", o.f);
    assert_int_equal(bb_out_commit(&o, &err), 0);
    char line[4096];
    memset(line, 'a', sizeof line - 2);
    line[sizeof line - 2] = '\n';
    line[sizeof line - 1] = 0;
    const long budgets[] = {0, 1, 4095, 4096, 10000};
    for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
        bb_out_fail_after(budgets[b]);
        assert_int_equal(bb_out_open(&o, d, "x.csv", &err), 0);
        for (int i = 0; i < 3; i++)
            fputs(line, o.f); /* 12285 bytes: more than any budget */
        assert_int_equal(bb_out_commit(&o, &err), -1);
        bb_out_fail_after(-1);
        char want[600];
        snprintf(want, sizeof want, "%s/x.csv: write failed: No space left on device", d);
        assert_true(tu_has_error(&err, want, NULL));
        assert_int_equal(tu_sh("printf 'old,complete\\n' | cmp -s - '%s/x.csv'", d), 0);
        assert_int_equal(tu_sh("ls -A '%s' | grep -qv '^x.csv$'", d), 1); /* no temporary */
        bb_errors_free(&err);
    }
    /* a budget that suffices: the new file replaces the old one */
    bb_out_fail_after(12285);
    assert_int_equal(bb_out_open(&o, d, "x.csv", &err), 0);
    for (int i = 0; i < 3; i++)
        fputs(line, o.f);
    assert_int_equal(bb_out_commit(&o, &err), 0);
    bb_out_fail_after(-1);
    assert_int_equal(tu_sh("test $(wc -c < '%s/x.csv') -eq 12285", d), 0);
    tu_rmdir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_leaves_whole_files),
        cmocka_unit_test(test_live_temporaries_kept),
        cmocka_unit_test(test_full_disk_exit_1),
        cmocka_unit_test(test_read_only_dir_exit_1),
        cmocka_unit_test(test_empty_output_dir_name),
        cmocka_unit_test(test_write_failure_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
