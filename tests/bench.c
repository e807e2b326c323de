/*
 * bench.c - performance figures for `make bench` (no pass/fail).
 *
 * Prints, for this machine and this build:
 *   - a reference in the same run: raw event-queue push/pop operations per
 *     second (a machine-speed yardstick, so figures from a noisy shared
 *     machine can be read relative to it);
 *   - the engine on an M/M/c model (scenarios/validation/erlang_c.cfg):
 *     events per second;
 *   - each shipped scenario given on the command line (default the
 *     baseline): seconds per replication and per simulated year;
 *   - peak resident memory of the process.
 */
#include "bbsim.h"
#include "internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double queue_reference(void)
{
    bb_queue q;
    bb_queue_init(&q);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    const int N = 2000000, HOLD = 5000;
    double t0 = now_s(), t = 0;
    for (int i = 0; i < HOLD; i++)
        bb_queue_push(&q, gsl_rng_uniform(r) * 100, 0, 0, NULL, 0);
    bb_event e;
    for (int i = 0; i < N; i++) { /* the hold model: pop one, push one later */
        bb_queue_pop(&q, &e);
        t = e.t;
        bb_queue_push(&q, t + gsl_rng_uniform(r) * 100, 0, 0, NULL, 0);
    }
    double dt = now_s() - t0;
    gsl_rng_free(r);
    bb_queue_free(&q);
    return 2.0 * N / dt;
}

/* Run `reps` replications; return seconds and events. */
static int run_scenario(const char *path, int reps, double *secs, double *events, double *years)
{
    bb_errors err;
    bb_errors_init(&err);
    bb_scenario *s;
    if (bb_scenario_load(path, NULL, 0, &s, &err) != BB_OK) {
        for (int i = 0; i < err.n; i++)
            fprintf(stderr, "%s\n", err.msg[i]);
        bb_errors_free(&err);
        return -1;
    }
    bb_errors_free(&err);
    *events = 0;
    double t0 = now_s();
    for (int r = 0; r < reps; r++) {
        bb_sim *sim = bb_sim_new(s, 1, r);
        if (!sim || bb_sim_run(sim) != BB_RUN_DONE) {
            bb_sim_free(sim);
            bb_scenario_free(s);
            return -1;
        }
        const bb_metric *rows;
        bb_sim_metrics(sim, &rows);
        *events += (double)bb_sim_events(sim);
        bb_sim_free(sim);
    }
    *secs = now_s() - t0;
    *years = bb_scenario_horizon_hours(s) / 8766.0;
    bb_scenario_free(s);
    return 0;
}

int main(int argc, char **argv)
{
    printf("bbsim %s benchmark (figures, not pass/fail)\n\n", BB_VERSION);
    double ref = queue_reference();
    printf("%-44s %12.3g ops/s\n", "reference: event queue push+pop (hold 5000)", ref);

    double secs, events, years;
    if (run_scenario("scenarios/validation/erlang_c.cfg", 10, &secs, &events, &years) == 0)
        printf("%-44s %12.3g events/s  (%.3g events, %.2f s; %.1f%% of reference)\n",
               "engine on M/M/c (erlang_c.cfg, 10 reps)", events / secs, events, secs,
               100.0 * (events / secs) / ref);
    const char *def[] = {"scenarios/baseline-2019.cfg"};
    const char **paths = argc > 1 ? (const char **)argv + 1 : def;
    int n = argc > 1 ? argc - 1 : 1;
    for (int i = 0; i < n; i++) {
        int reps = 5;
        if (run_scenario(paths[i], reps, &secs, &events, &years) != 0) {
            printf("%s: failed\n", paths[i]);
            continue;
        }
        const char *b = strrchr(paths[i], '/');
        printf("%-44s %12.3f s/replication  (%.3f s per simulated year, %.3g events/s)\n",
               b ? b + 1 : paths[i], secs / reps, secs / reps / years, events / secs);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-44s %12.1f MiB\n", "peak resident memory", (double)ru.ru_maxrss / 1024.0);
    return 0;
}
