/*
 * test_includes.c - the loader's pre-check (sim/includes.c) of issue 12:
 * @include resolved as libconfig 1.5 does (an absolute name included),
 * FIFOs and directories never reach libconfig, missing includes say
 * where they were looked for, cycles and nesting deeper than 10 are
 * named, a scenario read from a FIFO, integers that do not fit 32 bits,
 * a decimal for a whole number, and the input bounds (file size, string
 * length, members per group). Every case runs in a child process where
 * libconfig could exit or hang, so a regression fails instead of ending
 * the suite.
 */
#include "testutil.h"
#include "internal.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

/* Load path in a child (5 s alarm: a hang fails). Returns the child's
 * status: the load status, or 100+signal, or 99 if the child exited
 * otherwise (libconfig's exit(2) shows as 2 only through the status
 * byte, so the child reports BB_ codes + 10). msgs gets the messages. */
static int load_child(const char *path, char *msgs, size_t cap)
{
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(pfd[0]);
        alarm(5);
        bb_scenario *s = NULL;
        bb_errors err;
        bb_errors_init(&err);
        int rc = bb_scenario_load(path, NULL, 0, &s, &err);
        for (int i = 0; i < err.n; i++) {
            ssize_t w = write(pfd[1], err.msg[i], strlen(err.msg[i]));
            w += write(pfd[1], "\n", 1);
            (void)w;
        }
        bb_scenario_free(s);
        bb_errors_free(&err);
        _exit(10 + rc);
    }
    close(pfd[1]);
    size_t k = 0;
    ssize_t r;
    while (k + 1 < cap && (r = read(pfd[0], msgs + k, cap - 1 - k)) > 0)
        k += (size_t)r;
    msgs[k] = 0;
    close(pfd[0]);
    int st;
    waitpid(pid, &st, 0);
    if (WIFSIGNALED(st))
        return 100 + WTERMSIG(st);
    return WIFEXITED(st) && WEXITSTATUS(st) >= 10 ? WEXITSTATUS(st) - 10 : 99;
}

static void put(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int load_in(const char *dir, const char *name, char *msgs, size_t cap)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int rc = load_child(p, msgs, cap);
    if (*msgs)
        fprintf(stderr, "  %s", msgs);
    return rc;
}

/* The 19-byte file of the issue, run from the project root: libconfig
 * looked for scenarios//common (a directory) and exited. */
static void test_absolute_include(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), m[8192];
    put(d, "a.cfg", "@include \"/common\"");
    assert_int_equal(load_in(d, "a.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "a.cfg:1: @include \"/common\" is not a regular file"));
    /* the same run through bbsim: exit 2, one message */
    assert_int_equal(tu_sh("%s check %s/a.cfg 2>/dev/null", tu_bin(), d), 2);
    /* an absolute name that exists as written is not what libconfig opens */
    put(d, "b.cfg", "@include \"/etc/hostname\"\n");
    assert_int_equal(load_in(d, "b.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "cannot open @include \"/etc/hostname\": looked for "));
    tu_rmdir(d);
}

static void test_fifo_include_does_not_hang(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), m[8192], p[512];
    snprintf(p, sizeof p, "%s/pipe", d);
    assert_int_equal(mkfifo(p, 0600), 0);
    put(d, "a.cfg", "@include \"pipe\"\n");
    assert_int_equal(load_in(d, "a.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "a.cfg:1: @include \"pipe\" is not a regular file"));
    assert_non_null(strstr(m, "a device, pipe or socket"));
    tu_rmdir(d);
}

static void test_missing_include_says_where(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), m[8192];
    put(d, "a.cfg", "x = 1;\n@include \"nope.cfg\"\n");
    assert_int_equal(load_in(d, "a.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "a.cfg:2: cannot open @include \"nope.cfg\": looked for "));
    assert_non_null(strstr(m, "/nope.cfg, scenarios/nope.cfg (No such file or directory; "));
    /* a nested one names the file that includes it */
    put(d, "b.cfg", "@include \"c.cfg\"\n");
    put(d, "c.cfg", "\n\n@include \"gone.cfg\"\n");
    assert_int_equal(load_in(d, "b.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "c.cfg:3: cannot open @include \"gone.cfg\""));
    tu_rmdir(d);
}

static void test_cycles_and_depth(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), m[8192];
    put(d, "self.cfg", "@include \"self.cfg\"\n");
    assert_int_equal(load_in(d, "self.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "self.cfg:1: @include \"self.cfg\" includes the file itself"));
    put(d, "a.cfg", "@include \"b.cfg\"\n");
    put(d, "b.cfg", "\n@include \"a.cfg\"\n");
    assert_int_equal(load_in(d, "a.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "b.cfg:2: @include \"a.cfg\" makes a cycle: "));
    assert_non_null(strstr(m, "a.cfg -> "));
    /* a chain of 12 files: libconfig allows 10 nested includes */
    for (int i = 0; i < 12; i++) {
        char n[32], t[64];
        snprintf(n, sizeof n, "d%d.cfg", i);
        snprintf(t, sizeof t, i < 11 ? "@include \"d%d.cfg\"\n" : "x%d = 1;\n", i + 1);
        put(d, n, t);
    }
    assert_int_equal(load_in(d, "d0.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "d10.cfg:1: @include \"d11.cfg\" nests includes deeper than 10"));
    /* ten nested includes are allowed: the file reaches the read pass */
    assert_int_equal(load_in(d, "d1.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_null(strstr(m, "include"));
    assert_non_null(strstr(m, "is required"));
    tu_rmdir(d);
}

/* A scenario read from a FIFO (as from a pipe) with a missing include:
 * it used to hang (read twice) or print seven "is required". */
static void test_scenario_from_a_fifo(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), m[8192], p[512];
    snprintf(p, sizeof p, "%s/in.cfg", d);
    assert_int_equal(mkfifo(p, 0600), 0);
    pid_t w = fork();
    if (w == 0) {
        int fd = open(p, O_WRONLY);
        const char *t = "@include \"missing.cfg\"\n";
        ssize_t r = write(fd, t, strlen(t));
        (void)r;
        close(fd);
        _exit(0);
    }
    assert_int_equal(load_in(d, "in.cfg", m, sizeof m), BB_ERR_INPUT);
    waitpid(w, NULL, 0);
    assert_non_null(strstr(m, "in.cfg:1: cannot open @include \"missing.cfg\""));
    assert_null(strstr(m, "is required"));
    tu_rmdir(d);
}

static void test_integers_beyond_32_bits(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), m[8192];
    put(d, "a.cfg", "run = {\n  seed = 4294967298;\n  replications = 4294967297;\n};\n"
                    "x = 0xFFFFFFFF;\ny = 99999999999999999999L;\n");
    assert_int_equal(load_in(d, "a.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "a.cfg:2: seed: 4294967298 does not fit a 32-bit integer"));
    assert_non_null(strstr(m, "a.cfg:3: replications: 4294967297 does not fit"));
    assert_non_null(strstr(m, "a.cfg:5: x: 0xFFFFFFFF does not fit"));
    assert_non_null(strstr(m, "a.cfg:6: y: 99999999999999999999L does not fit a 64-bit integer"));
    /* in range, negative and with L they pass the pre-check */
    put(d, "b.cfg", "a = -2147483648; b = 2147483647; c = 4294967298L; d = 1e12; e = -5;\n");
    assert_int_equal(load_in(d, "b.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_null(strstr(m, "does not fit"));
    tu_rmdir(d);
    /* through the read pass: a 64-bit seed is taken exactly */
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(bb_scenario_load("scenarios/validation/erlang_c.cfg",
                                      SETS("run.seed=4294967298"), &s, &err), BB_OK);
    assert_true(bb_scenario_seed(s) == 4294967298ULL);
    bb_scenario_free(s);
    bb_errors_free(&err);
}

static void test_decimal_for_a_whole_number(void **st)
{
    (void)st;
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(bb_scenario_load("scenarios/validation/erlang_c.cfg",
                                      SETS("run.replications=2.7"), &s, &err), BB_ERR_INPUT);
    assert_true(tu_has_error(&err, "run.replications must be a whole number (got 2.7)", NULL));
    bb_errors_free(&err);
    /* 2.0 is a whole number */
    assert_int_equal(bb_scenario_load("scenarios/validation/erlang_c.cfg",
                                      SETS("run.replications=2.0"), &s, &err), BB_OK);
    assert_int_equal(bb_scenario_replications(s), 2);
    bb_scenario_free(s);
    bb_errors_free(&err);
}

static void test_input_bounds(void **st)
{
    (void)st;
    char *d = tu_tmpdir(), m[8192], p[512];
    /* a string over 64 KB */
    size_t n = BB_MAX_STRING_BYTES + 10;
    char *big = malloc(n + 64);
    strcpy(big, "description = \"");
    memset(big + strlen(big), 'x', n);
    strcpy(big + 15 + n, "\";\n");
    put(d, "s.cfg", big);
    free(big);
    assert_int_equal(load_in(d, "s.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "s.cfg:1: description: a string longer than 65536 bytes, the bound"));
    /* a group of more than 4096 members */
    snprintf(p, sizeof p, "%s/g.cfg", d);
    FILE *f = fopen(p, "w");
    fputs("providers = {\n", f);
    for (int i = 0; i <= BB_MAX_MEMBERS; i++)
        fprintf(f, "  p%d = { fte = 1.0; };\n", i);
    fputs("};\n", f);
    fclose(f);
    assert_int_equal(load_in(d, "g.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "g.cfg:4098: providers: a group of more than 4096 members, the bound"));
    /* a file over 16 MB (sparse) */
    snprintf(p, sizeof p, "%s/big.cfg", d);
    int fd = open(p, O_WRONLY | O_CREAT, 0600);
    assert_int_equal(ftruncate(fd, BB_MAX_INPUT_BYTES + 1), 0);
    close(fd);
    assert_int_equal(load_in(d, "big.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "big.cfg: the file is over 16 MB, the bound"));
    /* and through an include */
    put(d, "inc.cfg", "@include \"big.cfg\"\n");
    assert_int_equal(load_in(d, "inc.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "inc.cfg:1: @include \"big.cfg\": the scenario with its includes is over 16 MB"));
    /* nesting */
    char deep[200] = "a = ";
    for (int i = 0; i < 40; i++)
        strcat(deep, "(");
    put(d, "n.cfg", deep);
    assert_int_equal(load_in(d, "n.cfg", m, sizeof m), BB_ERR_INPUT);
    assert_non_null(strstr(m, "n.cfg:1: groups and lists nest deeper than 32"));
    tu_rmdir(d);
}

/* The fuzzers' seeds include the regression files (they have no .cfg). */
static void test_fuzz_seeds_glob(void **st)
{
    (void)st;
    assert_int_equal(tu_sh("make -s fuzz-seeds 2>/dev/null | "
                           "grep -qx 'tests/fuzz/regressions/include-directory-exits'"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_absolute_include),
        cmocka_unit_test(test_fifo_include_does_not_hang),
        cmocka_unit_test(test_missing_include_says_where),
        cmocka_unit_test(test_cycles_and_depth),
        cmocka_unit_test(test_scenario_from_a_fifo),
        cmocka_unit_test(test_integers_beyond_32_bits),
        cmocka_unit_test(test_decimal_for_a_whole_number),
        cmocka_unit_test(test_input_bounds),
        cmocka_unit_test(test_fuzz_seeds_glob),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
