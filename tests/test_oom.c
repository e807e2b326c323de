/*
 * test_oom.c - every allocation failure: exit 1 and a message, never a
 * silent hole.
 *
 * build/failmalloc.so (tests/failmalloc.c, LD_PRELOAD) makes the Nth
 * allocation fail. A small run (erlang_c, 2 replications, one thread) is
 * counted first; then bbsim runs with N = 1..150 (start-up, options, the
 * loader) and every Nth beyond up to the count + 1, about 400 runs. Each
 * must either succeed with outputs byte for byte those of a run without
 * failures, or exit 1 with a message on stderr. An exit 2 (the loader's
 * out of memory taken for a scenario error), an exit 1 without a message,
 * a crash, or exit 0 with different outputs fails the test. libconfig's
 * own allocations are not failed (it does not check them).
 */
#include "testutil.h"
#include <stdbool.h>
#include <sys/stat.h>

#define RUN "scenarios/validation/erlang_c.cfg --reps 2 --threads 1 --quiet"
#define SHIM "build/failmalloc.so"

static int build_shim(void)
{
    return tu_sh("cc -O1 -shared -fPIC -o " SHIM " tests/failmalloc.c -ldl 2>/dev/null");
}

static void test_every_allocation(void **st)
{
    (void)st;
    /* ASan's runtime must come first, so no LD_PRELOAD under it: make
     * asan checks the plain build/bbsim (which make test built) instead */
    const char *bin = tu_bin();
    if (strstr(bin, "asan")) {
        bin = "build/bbsim";
        if (access(bin, X_OK) != 0) {
            fprintf(stderr, "out-of-memory test skipped: no plain build/bbsim beside ASan's\n");
            skip();
        }
    }
    if (build_shim() != 0) {
        fprintf(stderr, "out-of-memory test skipped: cannot build the shim\n");
        skip();
    }
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("FAILMALLOC_COUNT=%s/count LD_PRELOAD=" SHIM " %s run " RUN
                           " -o %s/ref", d, bin, d), 0);
    char cp[600];
    snprintf(cp, sizeof cp, "%s/count", d);
    FILE *f = fopen(cp, "r");
    assert_non_null(f);
    long count = 0;
    assert_int_equal(fscanf(f, "%ld", &count), 1);
    fclose(f);
    assert_true(count > 100);
    long step = count / 250 > 1 ? count / 250 : 1;
    int runs = 0, failed = 0, bad = 0;
    for (long n = 1; n <= count + 1; n += n < 150 ? 1 : step) {
        int rc = tu_sh("rm -rf %s/o; FAILMALLOC_N=%ld LD_PRELOAD=" SHIM
                       " timeout 60 %s run " RUN " -o %s/o 2>%s/err", d, n, bin, d, d);
        runs++;
        struct stat es;
        char ep[600];
        snprintf(ep, sizeof ep, "%s/err", d);
        bool said = stat(ep, &es) == 0 && es.st_size > 0;
        if (rc == 0) {
            if (tu_sh("diff -r %s/ref %s/o >/dev/null", d, d) != 0) {
                fprintf(stderr, "  allocation %ld failed: exit 0 but the outputs differ\n", n);
                bad++;
            }
        } else if (rc == 1 && said) {
            failed++;
        } else {
            fprintf(stderr, "  allocation %ld failed: exit %d%s\n", n, rc,
                    said ? "" : " without a message");
            tu_sh("sed 's/^/    /' %s/err >&2", d);
            bad++;
        }
    }
    fprintf(stderr, "  %d runs over %ld allocations: %d exit 1 with a message, %d bad\n", runs,
            count, failed, bad);
    assert_int_equal(bad, 0);
    assert_true(failed > 0);
    tu_rmdir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
