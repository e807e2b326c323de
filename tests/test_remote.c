/*
 * test_remote.c - the hook bbsim-mpi builds on: a batch run through a
 * bb_remote executor gives the same results, in the same order, as on
 * threads; a job's failure there stops the batch with its message; a
 * scenario sent as text (bb_scenario_text / bb_scenario_load_text) runs
 * the same bytes as the one loaded from its file.
 */
#include "testutil.h"

/* What a batch handed over: per job its unit, replication, metric
 * values and timeseries text, concatenated. */
typedef struct seen {
    char *log;
    size_t n;
    FILE *f;
} seen;

static int record(void *ud, bb_job_result *r, bb_errors *err)
{
    (void)err;
    seen *s = ud;
    fprintf(s->f, "%d %d %llu\n", r->unit, r->rep, (unsigned long long)r->events);
    for (int i = 0; i < r->nrows; i++)
        fprintf(s->f, "%s/%s/%d=%a\n", r->rows[i].metric, r->rows[i].group, r->rows[i].year,
                r->rows[i].value);
    fwrite(r->text, 1, r->text_len, s->f);
    for (int i = 0; i < r->nperiods * r->ncols; i++)
        fprintf(s->f, "%a,", r->periods[i]);
    return 0;
}

/* A fake remote: jobs run in place with bb_job_run; job `fail_rep`
 * fails. Counts the calls. */
typedef struct fake {
    const bb_batch *b;
    int begun, ended, runs, fail_rep;
} fake;

static int fk_begin(void *ud, const bb_batch *b, bb_errors *err)
{
    (void)err;
    fake *f = ud;
    f->b = b;
    f->begun++;
    return 0;
}

static void fk_run(void *ud, int w, int unit, int rep, bb_job_output *out)
{
    fake *f = ud;
    assert_true(w >= 0 && w < 3);
    __atomic_add_fetch(&f->runs, 1, __ATOMIC_SEQ_CST);
    bb_job_run(f->b, unit, rep, out);
    if (rep == f->fail_rep) {
        bb_job_output_clear(out);
        snprintf(out->error, sizeof out->error, "remote: job %d failed", rep);
    }
}

static void fk_end(void *ud) { ((fake *)ud)->ended++; }

static char *run_batch(const bb_unit *u, int nu, const bb_remote *r, int *rc, bb_errors *err)
{
    seen s = {NULL, 0, NULL};
    s.f = open_memstream(&s.log, &s.n);
    assert_non_null(s.f);
    const char *cols[] = {"t_days", "queue_information", "no_such_column"};
    bb_batch b;
    memset(&b, 0, sizeof b);
    b.units = u;
    b.nunits = nu;
    b.threads = 2;
    b.batch = 1;
    b.keep = BB_KEEP_TEXT | BB_KEEP_PERIODS;
    b.ts_cols = cols;
    b.nts_cols = 3;
    b.consume = record;
    b.ud = &s;
    b.remote = r;
    *rc = bb_batch_run(&b, err);
    fclose(s.f);
    return s.log;
}

static bb_scenario *load(const char *path, const char *end)
{
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    int rc = bb_scenario_load(path, SETS(end), &s, &err);
    for (int i = 0; i < err.n; i++)
        fprintf(stderr, "%s\n", err.msg[i]);
    assert_int_equal(rc, BB_OK);
    bb_errors_free(&err);
    return s;
}

static void test_remote_same_results(void **st)
{
    (void)st;
    bb_scenario *a = load("scenarios/validation/erlang_c.cfg", "run.end=\"2001-01-01\"");
    bb_scenario *b = load("scenarios/validation/erlang_b.cfg", "run.end=\"2001-01-01\"");
    bb_unit u[2] = {{a, 5, 0, 4, 4}, {b, 5, 0, 4, 4}};
    bb_errors err;
    bb_errors_init(&err);
    int rc;
    char *local = run_batch(u, 2, NULL, &rc, &err);
    assert_int_equal(rc, BB_OK);
    fake f = {NULL, 0, 0, 0, -1};
    bb_remote r = {3, fk_begin, fk_run, fk_end, &f};
    char *remote = run_batch(u, 2, &r, &rc, &err);
    assert_int_equal(rc, BB_OK);
    assert_int_equal(f.begun, 1);
    assert_int_equal(f.ended, 1);
    assert_int_equal(f.runs, 8);
    assert_true(strlen(local) > 1000);
    assert_string_equal(local, remote);
    free(remote);
    /* the process-wide executor is used when the batch names none */
    bb_batch_set_remote(&r);
    remote = run_batch(u, 2, NULL, &rc, &err);
    bb_batch_set_remote(NULL);
    assert_int_equal(f.begun, 2);
    assert_string_equal(local, remote);
    free(remote);
    /* a job that fails remotely stops the batch with its message */
    f.fail_rep = 2;
    remote = run_batch(u, 2, &r, &rc, &err);
    assert_int_equal(rc, BB_ERR_RUN);
    assert_int_equal(f.ended, 3);
    assert_true(err.n >= 1);
    assert_string_equal(err.msg[err.n - 1], "remote: job 2 failed");
    free(remote);
    free(local);
    bb_errors_free(&err);
    bb_scenario_free(a);
    bb_scenario_free(b);
}

static void test_scenario_text_round_trip(void **st)
{
    (void)st;
    const char *paths[] = {"scenarios/baseline-2019.cfg", "scenarios/offensief-2020.cfg"};
    for (int k = 0; k < 2; k++) {
        bb_scenario *s = load(paths[k], "run.end=\"2024-01-01\""), *t = NULL;
        char *text;
        size_t len;
        assert_int_equal(bb_scenario_text(s, &text, &len), 0);
        assert_true(len > 1000);
        assert_null(strstr(text, "@include"));
        bb_errors err;
        bb_errors_init(&err);
        assert_int_equal(bb_scenario_load_text(text, len, &t, &err), BB_OK);
        /* the text of the loaded text is the same text */
        char *text2;
        size_t len2;
        assert_int_equal(bb_scenario_text(t, &text2, &len2), 0);
        assert_int_equal(len, len2);
        assert_memory_equal(text, text2, len);
        bb_unit u1 = {s, 3, 0, 2, 2}, u2 = {t, 3, 0, 2, 2};
        int rc;
        char *a = run_batch(&u1, 1, NULL, &rc, &err);
        assert_int_equal(rc, BB_OK);
        char *b = run_batch(&u2, 1, NULL, &rc, &err);
        assert_int_equal(rc, BB_OK);
        assert_string_equal(a, b);
        free(a);
        free(b);
        free(text);
        free(text2);
        bb_errors_free(&err);
        bb_scenario_free(s);
        bb_scenario_free(t);
    }
    /* text that is not a scenario: an input error, no scenario */
    bb_scenario *t = (bb_scenario *)1;
    bb_errors err;
    bb_errors_init(&err);
    assert_int_equal(bb_scenario_load_text("run = {", 7, &t, &err), BB_ERR_INPUT);
    assert_null(t);
    assert_true(err.n >= 1);
    bb_errors_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_remote_same_results),
        cmocka_unit_test(test_scenario_text_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
