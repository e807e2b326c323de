/*
 * fuzz_run.c - libFuzzer target: run whatever passes validation.
 *
 * Input as for fuzz_scenario (scenario text, NUL, --set strings). A
 * scenario that loads is run for a bounded amount of work: up to 1 h and
 * 24 h with bb_sim_run_until, then bb_sim_step in chunks to at most
 * FZ_EVENTS events (run.max_open_cases is lowered to FZ_OPEN so that the
 * starting state stays small). Checks: time never goes backwards and
 * stays within the horizon; the state, every period row and every metric
 * are finite, except the values documented as undefined (NaN, written as
 * an empty field); no CSV text holds "nan" or "inf"; a run stops only at
 * the horizon, at a bound with a message, or at the event cap.
 */
#include "fuzz_common.h"

#define FZ_EVENTS 20000
#define FZ_OPEN 20000L

/* Every numeric CSV field (column >= first, after `skip` header lines) is
 * empty or a finite number: strtod takes all of it and gives a finite
 * value. Catches "nan", "inf", "-nan(...)" in any spelling. */
static void check_csv_text(FILE *mf, char **buf, size_t *len, int skip, int first)
{
    fflush(mf);
    const char *p = *buf, *end = *buf + *len;
    for (; skip > 0 && p < end; skip--)
        p += strcspn(p, "\n") + 1;
    int col = 0;
    while (p < end) {
        size_t n = strcspn(p, ",\n");
        if (col >= first && n > 0) {
            char tmp[64], *e;
            FZ_CHECK(n < sizeof tmp);
            memcpy(tmp, p, n);
            tmp[n] = 0;
            double v = strtod(tmp, &e);
            if (*e != 0 || !isfinite(v))
                fprintf(stderr, "CSV field %d is \"%s\"\n", col, tmp);
            FZ_CHECK(*e == 0 && isfinite(v));
        }
        col = p[n] == '\n' ? 0 : col + 1;
        p += n + 1;
    }
}

static void on_period(bb_sim *sim, void *ud)
{
    (void)ud;
    const char **names;
    int n = bb_sim_period_columns(sim, &names);
    const double *row = bb_sim_period_row(sim);
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    for (int i = 0; i < n; i++) {
        FZ_CHECK(!isinf(row[i]));
        if (isnan(row[i]) && !bb_metric_may_be_undefined(names[i])) {
            fprintf(stderr, "period column %s is NaN\n", names[i]);
            fz_fail("period row NaN");
        }
        if (mf) {
            bb_csv_num(mf, row[i]);
            fputc(',', mf);
        }
    }
    if (mf) {
        check_csv_text(mf, &buf, &len, 0, 0);
        fclose(mf);
        free(buf);
    }
}

static void check_state(const bb_sim *sim, double *last_t)
{
    double now = bb_sim_now(sim);
    FZ_CHECK(isfinite(now) && now >= *last_t && now >= 0);
    FZ_CHECK(now <= bb_sim_horizon(sim));
    *last_t = now;
    bb_state st;
    bb_sim_state(sim, &st);
    FZ_CHECK(isfinite(st.borrowed_fte) && st.borrowed_fte >= 0);
    FZ_CHECK(isfinite(st.borrowed_fte_years) && st.borrowed_fte_years >= 0);
    FZ_CHECK(isfinite(st.cost_to_date) && isfinite(st.cost_year));
    FZ_CHECK(isfinite(st.lead_p50_h) && isfinite(st.lead_p90_h));
    for (int i = 0; i < BB_STAGES; i++)
        FZ_CHECK(st.queue[i] >= 0 && st.in_service[i] >= 0);
    for (int p = 0; p < st.n_providers; p++)
        FZ_CHECK(isfinite(st.prov_used[p]) && st.prov_used[p] >= 0 && st.prov_cases[p] >= 0);
    FZ_CHECK(st.protected_now >= 0 && st.waiting_unprotected >= 0 && st.downgraded >= 0);
    FZ_CHECK(st.unprotected_needing >= 0 && st.interim_now >= 0 && st.interim_waiting >= 0);
    char why[256];
    if (bb_sim_check(sim, why, sizeof why) != 0) {
        fprintf(stderr, "bookkeeping: %s\n", why);
        FZ_CHECK(0);
    }
}

static void check_metrics(bb_sim *sim)
{
    const bb_metric *rows;
    int n = bb_sim_metrics(sim, &rows);
    FZ_CHECK(n > 0);
    bb_summary *sum = bb_summary_new();
    FZ_CHECK(sum);
    for (int i = 0; i < n; i++) {
        FZ_CHECK(!isinf(rows[i].value));
        if (isnan(rows[i].value) && !bb_metric_may_be_undefined(rows[i].metric)) {
            fprintf(stderr, "metric %s/%s is NaN\n", rows[i].metric, rows[i].group);
            fz_fail("metric NaN");
        }
        if (strstr(rows[i].metric, "share") && !isnan(rows[i].value))
            FZ_CHECK(rows[i].value >= -1e-12 && rows[i].value <= 1 + 1e-12);
    }
    FZ_CHECK(bb_summary_add(sum, rows, n) == 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    if (mf) {
        bb_summary_write(mf, sum, "fuzz", 1);
        check_csv_text(mf, &buf, &len, 1, 3);
        fclose(mf);
        free(buf);
    }
    bb_summary_free(sum);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bb_scenario *s = fz_load(data, size);
    if (!s)
        return 0;
    if (s->max_open > FZ_OPEN)
        s->max_open = FZ_OPEN;
    bb_sim *sim = bb_sim_new(s, 1, 0);
    FZ_CHECK(sim);
    bb_sim_on_period(sim, on_period, NULL);
    double last = 0;
    int st = bb_sim_run_until(sim, 1.0);
    check_state(sim, &last);
    if (st == BB_RUN_MORE) {
        FZ_CHECK(bb_sim_now(sim) == 1.0); /* the clock reaches t */
        st = bb_sim_run_until(sim, 24.0);
        check_state(sim, &last);
        if (st == BB_RUN_MORE)
            FZ_CHECK(bb_sim_now(sim) == 24.0);
    }
    while (st == BB_RUN_MORE && bb_sim_events(sim) < FZ_EVENTS) {
        uint64_t before = bb_sim_events(sim);
        st = bb_sim_step(sim, 2000);
        check_state(sim, &last);
        if (st == BB_RUN_MORE)
            FZ_CHECK(bb_sim_events(sim) > before);
    }
    if (st == BB_RUN_LIMIT)
        FZ_CHECK(bb_sim_error(sim)[0]);
    else
        FZ_CHECK(!bb_sim_error(sim)[0]);
    if (st == BB_RUN_DONE)
        FZ_CHECK(bb_sim_now(sim) == bb_sim_horizon(sim));
    check_metrics(sim);
    bb_sim_free(sim);
    bb_scenario_free(s);
    return 0;
}
