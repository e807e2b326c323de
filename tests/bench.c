/*
 * bench.c - the benchmark report of `make bench` (figures, not pass/fail).
 *
 * Prints, as a Markdown report for docs/performance.md, for this machine
 * and this build:
 *   - the machine: CPU model, cores, memory, compiler, GSL;
 *   - a reference in the same run: raw event-queue push/pop operations per
 *     second (a machine-speed yardstick, so figures from a noisy shared
 *     machine can be read relative to it);
 *   - bbsim against the hand-written floor (limit.c) on the floor's two
 *     models, interleaved, in CPU time (bench_floor.c);
 *   - each shipped scenario given on the command line: seconds per
 *     replication and per simulated year, single-threaded;
 *   - the speed-up of the batch runner from 1 to N threads (N = all cores,
 *     at least 2) on 40 replications of the baseline;
 *   - many replications of the baseline (BENCH_REPS, default 1000) on all
 *     cores, with the timeseries rows formatted as for timeseries.csv;
 *   - peak resident memory of the process;
 *   - CPU time per event with 10^2, 10^4 and 10^6 cases under measures
 *     (bench_floor.c; after the memory figure, as 10^6 cases take
 *     hundreds of MiB).
 * The machine is shared: the load average at the start and the end is
 * printed with the figures.
 */
#include "bench.h"
#include "internal.h"
#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double bench_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double queue_reference(void)
{
    bb_queue q;
    bb_queue_init(&q);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    const int N = 2000000, HOLD = 5000;
    double t0 = bench_now(), t = 0;
    for (int i = 0; i < HOLD; i++)
        bb_queue_push(&q, gsl_rng_uniform(r) * 100, 0, 0, NULL, 0);
    bb_event e;
    for (int i = 0; i < N; i++) { /* the hold model: pop one, push one later */
        bb_queue_pop(&q, &e);
        t = e.t;
        bb_queue_push(&q, t + gsl_rng_uniform(r) * 100, 0, 0, NULL, 0);
    }
    double dt = bench_now() - t0;
    gsl_rng_free(r);
    bb_queue_free(&q);
    return 2.0 * N / dt;
}

bb_scenario *bench_load(const char *path, const char *const *sets, int nsets)
{
    bb_errors err;
    bb_errors_init(&err);
    bb_scenario *s;
    if (bb_scenario_load(path, sets, nsets, &s, &err) != BB_OK) {
        for (int i = 0; i < err.n; i++)
            fprintf(stderr, "%s\n", err.msg[i]);
        s = NULL;
    }
    bb_errors_free(&err);
    return s;
}

/* Run `reps` replications on one thread; return seconds and events. */
static int run_scenario(const char *path, int reps, double *secs, double *events, double *years)
{
    bb_scenario *s = bench_load(path, NULL, 0);
    if (!s)
        return -1;
    *events = 0;
    double t0 = bench_now();
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
    *secs = bench_now() - t0;
    *years = bb_scenario_horizon_hours(s) / 8766.0;
    bb_scenario_free(s);
    return 0;
}

typedef struct sink {
    bb_summary *sum;
    FILE *devnull;
} sink;

static int consume(void *ud, bb_job_result *r, bb_errors *err)
{
    sink *k = ud;
    (void)err;
    if (k->devnull && r->text_len)
        fwrite(r->text, 1, r->text_len, k->devnull);
    return bb_summary_add(k->sum, r->rows, r->nrows);
}

/* `reps` replications through the batch runner on `threads` threads:
 * wall seconds (and CPU seconds of the whole process). */
static double batch(const bb_scenario *s, int reps, int threads, unsigned keep, double *cpu)
{
    bb_unit u = {s, 1, 0, reps, reps};
    sink k = {bb_summary_new(), keep ? fopen("/dev/null", "w") : NULL};
    bb_batch b;
    memset(&b, 0, sizeof b);
    b.units = &u;
    b.nunits = 1;
    b.threads = threads;
    b.batch = 1;
    b.keep = keep;
    b.consume = consume;
    b.ud = &k;
    bb_errors err;
    bb_errors_init(&err);
    double c0 = bench_cpu(), t0 = bench_now();
    int rc = bb_batch_run(&b, &err);
    double dt = bench_now() - t0;
    *cpu = bench_cpu() - c0;
    for (int i = 0; i < err.n; i++)
        fprintf(stderr, "%s\n", err.msg[i]);
    bb_errors_free(&err);
    bb_summary_free(k.sum);
    if (k.devnull)
        fclose(k.devnull);
    return rc == BB_OK ? dt : NAN;
}

static void machine(void)
{
    char model[256] = "?", line[512];
    long mem_kb = 0;
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            char *c = strchr(line, ':');
            if (c) {
                snprintf(model, sizeof model, "%s", c + 2);
                model[strcspn(model, "\n")] = 0;
            }
            break;
        }
    if (f)
        fclose(f);
    f = fopen("/proc/meminfo", "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemTotal: %ld kB", &mem_kb) == 1)
            break;
    if (f)
        fclose(f);
    double load[3] = {0};
    f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
            load[0] = NAN;
        fclose(f);
    }
    printf("| machine | %s, %ld cores online, %.0f GiB |\n", model, sysconf(_SC_NPROCESSORS_ONLN),
           (double)mem_kb / 1048576.0);
    printf("| build | gcc %s, GSL %s, bbsim %s |\n", __VERSION__, GSL_VERSION, bb_version());
    printf("| load average (1 min) | %.2f |\n", load[0]);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    const char *env = getenv("BENCH_REPS");
    int many = env && atoi(env) > 0 ? atoi(env) : 1000;
    int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
    int nt = cores > 2 ? cores : 2;
    printf("# bbsim %s benchmark (figures, not pass/fail)\n\n| figure | value |\n|---|---|\n",
           bb_version());
    machine();
    double ref = queue_reference();
    printf("| reference: event queue push+pop, 5,000 pending | %.3g operations/s |\n", ref);
    fflush(stdout);

    /* BENCH_ONLY=floor: the floor and pending figures only; =pending: the latter */
    const char *only = getenv("BENCH_ONLY");
    if (!only || strcmp(only, "pending") != 0)
        bench_floor(getenv("BENCH_LIMIT"), 6);
    if (only && (strcmp(only, "floor") == 0 || strcmp(only, "pending") == 0)) {
        bench_pending();
        return 0;
    }
    double secs, events, years;
    const char *def[] = {"scenarios/baseline-2019.cfg"};
    const char **paths = argc > 1 ? (const char **)argv + 1 : def;
    int n = argc > 1 ? argc - 1 : 1;
    for (int i = 0; i < n; i++) {
        int reps = 5;
        const char *b = strrchr(paths[i], '/');
        if (run_scenario(paths[i], reps, &secs, &events, &years) != 0) {
            printf("| %s | failed |\n", b ? b + 1 : paths[i]);
            continue;
        }
        printf("| %s, one replication of %.0f years (1 thread) | %.3f s (%.3f s per simulated "
               "year, %.3g events/s, %.3g events) |\n",
               b ? b + 1 : paths[i], years, secs / reps, secs / reps / years, events / secs,
               events / reps);
        fflush(stdout);
    }

    bb_scenario *s = bench_load("scenarios/baseline-2019.cfg", NULL, 0);
    if (s) {
        double c1, cn;
        double t1 = batch(s, 40, 1, 0, &c1);
        double tn = batch(s, 40, nt, 0, &cn);
        printf("| 40 replications of baseline-2019, 1 thread | %.2f s (CPU %.2f s) |\n", t1, c1);
        printf("| 40 replications of baseline-2019, %d threads | %.2f s (CPU %.2f s): "
               "speed-up %.2fx |\n", nt, tn, cn, t1 / tn);
        fflush(stdout);
        double cm;
        double tm = batch(s, many, cores, BB_KEEP_TEXT, &cm);
        printf("| %d replications of baseline-2019, %d threads, timeseries rows formatted | "
               "%.1f s (%.3f s per replication; CPU %.1f s) |\n",
               many, cores, tm, tm / many, cm);
        bb_scenario_free(s);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("| peak resident memory of the benchmark process | %.1f MiB |\n",
           (double)ru.ru_maxrss / 1024.0);
    bench_pending();
    double load = NAN;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &load) != 1)
            load = NAN;
        fclose(f);
    }
    printf("| load average at the end (1 min) | %.2f |\n", load);
    return 0;
}
