/*
 * test_bands.c - bands.csv's rows kept in memory or in the temporary
 * file (sim/bands.c): the same bytes either way, memory bounded, and a
 * temporary file that cannot be made is an error that says where.
 */
#include "testutil.h"
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#define SCEN "scenarios/validation/erlang_c.cfg"
#define NB 4

typedef struct sink {
    bb_bands *b[NB];
    int failed;
} sink;

/* Each replication's rows go to every bands object (each takes a copy). */
static int consume(void *ud, bb_job_result *r, bb_errors *err)
{
    sink *k = ud;
    (void)err;
    size_t n = (size_t)r->nperiods * (size_t)r->ncols;
    for (int i = 0; i < NB; i++) {
        double *copy = malloc(n * sizeof *copy);
        assert_non_null(copy);
        memcpy(copy, r->periods, n * sizeof *copy);
        if (bb_bands_add(k->b[i], copy, r->nperiods, r->ncols) != 0)
            k->failed++;
    }
    return 0;
}

static char *written(bb_bands *b, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    assert_int_equal(bb_bands_write(f, b, "erlang_c", 10957, 1), 0);
    fclose(f);
    return buf;
}

static void test_spilled_same_bytes(void **st)
{
    (void)st;
    bb_scenario *s = tu_load_file(SCEN, NULL, 0);
    assert_non_null(s);
    sink k = {{NULL}, 0};
    for (int i = 0; i < NB; i++)
        assert_non_null(k.b[i] = bb_bands_new(s));
    /* 0: all in memory; 1 and 3: none (3 is written twice: reading the
     * file back does not change it); 2: the first 3 replications */
    bb_bands_memory(k.b[1], 0);
    const char *const *cols;
    int ncols = bb_scenario_period_columns(s, &cols);
    bb_bands_memory(k.b[2], 3 * 80 * (size_t)ncols * sizeof(double));
    bb_bands_memory(k.b[3], 0);
    bb_unit u = {s, 1, 0, 12, 12};
    bb_batch b;
    memset(&b, 0, sizeof b);
    b.units = &u;
    b.nunits = 1;
    b.threads = 2;
    b.batch = 1;
    b.keep = BB_KEEP_PERIODS;
    b.consume = consume;
    b.ud = &k;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(bb_batch_run(&b, &err), BB_OK);
    bb_errors_free(&err);
    assert_int_equal(k.failed, 0);
    assert_int_equal(bb_bands_spilled(k.b[0]), 0);
    assert_int_equal(bb_bands_spilled(k.b[1]), 12);
    assert_true(bb_bands_spilled(k.b[2]) > 0 && bb_bands_spilled(k.b[2]) < 12);
    size_t l0, l;
    char *ref = written(k.b[0], &l0);
    assert_true(l0 > 1000);
    for (int i = 1; i < NB; i++) {
        char *x = written(k.b[i], &l);
        assert_int_equal(l, l0);
        assert_memory_equal(x, ref, l0);
        free(x);
    }
    char *again = written(k.b[3], &l);
    assert_int_equal(l, l0);
    assert_memory_equal(again, ref, l0);
    free(again);
    free(ref);
    for (int i = 0; i < NB; i++)
        bb_bands_free(k.b[i]);
    bb_scenario_free(s);
}

/* No room for the temporary file: bb_bands_add fails and says where. */
static void test_no_temporary_file(void **st)
{
    (void)st;
    bb_scenario *s = tu_load_file(SCEN, NULL, 0);
    assert_non_null(s);
    bb_bands *b = bb_bands_new(s);
    assert_non_null(b);
    bb_bands_memory(b, 0);
    const char *const *cols;
    int ncols = bb_scenario_period_columns(s, &cols);
    double *rows = calloc((size_t)ncols * 4, sizeof *rows);
    assert_non_null(rows);
    char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", "/nonexistent/bbsim-bands", 1);
    assert_int_equal(bb_bands_add(b, rows, 4, ncols), -1);
    assert_non_null(strstr(bb_bands_error(b), "/nonexistent/bbsim-bands"));
    if (old) {
        setenv("TMPDIR", old, 1);
        free(old);
    } else {
        unsetenv("TMPDIR");
    }
    bb_bands_free(b);
    bb_scenario_free(s);
}

/* Through the command line: --bands with the rows spilled gives the same
 * bands.csv (BBSIM_BANDS_MEMORY=0 keeps none in memory). */
static void test_cli_spilled(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run " SCEN " --reps 6 --bands -o %s/a --quiet && "
                           "BBSIM_BANDS_MEMORY=0 %s run " SCEN " --reps 6 --bands -o %s/b --quiet && "
                           "cmp %s/a/bands.csv %s/b/bands.csv",
                           tu_bin(), d, tu_bin(), d, d, d), 0);
    tu_rmdir(d);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spilled_same_bytes),
        cmocka_unit_test(test_no_temporary_file),
        cmocka_unit_test(test_cli_spilled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
