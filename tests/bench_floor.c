/*
 * bench_floor.c - bbsim against the hand-written floor, and per-event
 * cost against the number of pending events (figures of `make bench`,
 * not pass/fail).
 *
 * The floor is ../shared/tools/anchors/limit.c built with GSL's generator:
 * an event loop with a binary heap and nothing else. bbsim runs the same
 * two models as scenarios (tests/bench/mmc10.cfg: M/M/10 at rho 0.9;
 * tests/bench/loss25.cfg: M/G/25/25 with log-normal holding times), the
 * floor runs as many customers. Both are counted the floor's way: events
 * are arrivals plus departures (a customer the loss system turns away
 * has no departure), whatever else bbsim schedules (its decision step,
 * its weekly rows). Time is CPU time of the whole process: the floor's
 * from wait4(), bbsim's from the clock of this process around loading
 * the scenario and running it. Rounds alternate which runs first, so a
 * change of load on a shared machine falls on both; the ratio is given
 * per round as median and range.
 */
#include "bench.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct run {
    double cpu;    /* CPU seconds */
    double events; /* arrivals + departures */
    double arrivals;
} run;

/* A whole-run metric among the rows of one bb_sim_metrics call. */
static double metric(const bb_metric *rows, int n, const char *name, const char *group)
{
    for (int i = 0; i < n; i++)
        if (rows[i].year == 0 && strcmp(rows[i].metric, name) == 0 &&
            strcmp(rows[i].group, group) == 0)
            return rows[i].value;
    return NAN;
}

/* `reps` replications of a scenario on this thread. */
static int run_bbsim(const char *path, int reps, run *out)
{
    double c0 = bench_cpu();
    bb_scenario *s = bench_load(path, NULL, 0);
    if (!s)
        return -1;
    out->events = out->arrivals = 0;
    for (int r = 0; r < reps; r++) {
        bb_sim *sim = bb_sim_new(s, 1, r);
        if (!sim || bb_sim_run(sim) != BB_RUN_DONE) {
            bb_sim_free(sim);
            bb_scenario_free(s);
            return -1;
        }
        const bb_metric *rows; /* computed once, as a run of bbsim does */
        int n = bb_sim_metrics(sim, &rows);
        double a = metric(rows, n, "arrivals", "all");
        double turned = metric(rows, n, "first_assignment_share", "borrowed"); /* loss */
        out->arrivals += a;
        out->events += a * (2.0 - (isnan(turned) ? 0.0 : turned));
        bb_sim_free(sim);
    }
    bb_scenario_free(s);
    out->cpu = bench_cpu() - c0;
    return 0;
}

/* The floor as a child process: its JSON line's canon_events, its CPU. */
static int run_limit(const char *limit, const char *model, double customers, run *out)
{
    char n[32];
    snprintf(n, sizeof n, "%.0f", customers);
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execl(limit, limit, model, n, "1", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char buf[1024];
    size_t len = 0;
    ssize_t k;
    while (len + 1 < sizeof buf && (k = read(fd[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)k;
    buf[len] = 0;
    close(fd[0]);
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return -1;
    const char *e = strstr(buf, "\"canon_events\": ");
    if (!e)
        return -1;
    out->events = strtod(e + 16, NULL);
    out->arrivals = customers;
    out->cpu = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
               (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
    return 0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void compare(const char *limit, const char *label, const char *path, int reps,
                    const char *model, int rounds)
{
    double ratio[16], fe[16], be[16];
    int n = 0;
    run b, f;
    if (rounds > 16)
        rounds = 16;
    if (run_bbsim(path, reps, &b) != 0) { /* warm-up; gives the customers */
        printf("| %s | bbsim failed |\n", label);
        return;
    }
    double customers = b.arrivals;
    for (int r = 0; r < rounds; r++) {
        int ok = r % 2 ? run_limit(limit, model, customers, &f) == 0 &&
                             run_bbsim(path, reps, &b) == 0
                       : run_bbsim(path, reps, &b) == 0 &&
                             run_limit(limit, model, customers, &f) == 0;
        if (!ok || f.cpu <= 0 || b.cpu <= 0) {
            printf("| %s | the floor or bbsim failed in round %d |\n", label, r + 1);
            return;
        }
        fe[n] = f.events / f.cpu;
        be[n] = b.events / b.cpu;
        ratio[n] = be[n] / fe[n];
        n++;
    }
    double lo = ratio[0], hi = ratio[0];
    for (int i = 1; i < n; i++) {
        lo = fmin(lo, ratio[i]);
        hi = fmax(hi, ratio[i]);
    }
    /* each one's fastest round too: on a shared host the slow rounds are
     * the neighbours' (a program whose data outgrow the first-level
     * caches, as bbsim's do and the floor's do not, loses more to them) */
    double bf = fe[0], bb = be[0];
    for (int i = 1; i < n; i++) {
        bf = fmax(bf, fe[i]);
        bb = fmax(bb, be[i]);
    }
    double mf = median(fe, n), mb = median(be, n), mr = median(ratio, n);
    printf("| %s, %.3g customers, %d rounds | bbsim %.3g events/s, floor %.3g events/s: "
           "**%.2f of the floor** (rounds %.2f-%.2f; fastest rounds %.2f); %.0f ns against "
           "%.0f ns per event |\n",
           label, customers, n, mb, mf, mr, lo, hi, bb / bf, 1e9 / mb, 1e9 / mf);
    fflush(stdout);
}

void bench_floor(const char *limit, int rounds)
{
    if (!limit || access(limit, X_OK) != 0) {
        printf("| floor (limit.c) | not built: `make bench` builds it from "
               "../shared/tools/anchors/limit.c (LIMIT_C=path to use another copy) |\n");
        return;
    }
    compare(limit, "M/M/10 at rho 0.9 against the floor (CPU time)", "tests/bench/mmc10.cfg",
            1, "mmc", rounds);
    compare(limit, "M/G/25/25 loss model against the floor (CPU time)",
            "tests/bench/loss25.cfg", 10, "loss", rounds);
}

/* CPU nanoseconds per event with about `pending` cases under measures:
 * the loss model with room for all, 2,500 arrivals a day and a mean
 * holding time of pending / 2,500 days (one case in 100 FTE, so that
 * 10^6 cases fit the scenario bounds). The run fills the system for three
 * mean holding times, then times the next 400 days (about 2 million
 * events), so every size times the same mix of events. The kernel's
 * part of that time is given too: the page faults of memory the run
 * takes in the window (the records; at 10^6 also the last few percent of
 * growth), whose cost on a virtual machine depends on whether the host
 * still backs the pages (docs/performance.md); the user time alone is
 * bbsim's own work. */
/* The system part of this process's CPU seconds so far. */
static double sys_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static int per_event(double pending, double *ns, double *sys_ns, double *held, double *rss_mib)
{
    const double lambda = 2500.0; /* a day */
    double mean = pending / lambda, warm = 3.0 * mean, window = 400.0;
    char rate[64], fte[64], per[64], med[64], end[64];
    snprintf(rate, sizeof rate, "categories.signal.rate_per_year=%.1f", lambda * 365.25);
    snprintf(fte, sizeof fte, "providers.posts.fte=%.0f", 0.04 * pending + 100.0);
    snprintf(per, sizeof per, "levels.level_1.providers.[0].fte=0.01");
    /* median = mean / exp(sigma^2 / 2), sigma 1 */
    snprintf(med, sizeof med, "levels.level_1.duration_days.median=%.9g", mean / 1.6487212707);
    int y = 2000 + (int)((warm + window) / 365.0) + 2;
    snprintf(end, sizeof end, "run.end=\"%d-01-01\"", y);
    const char *sets[] = {rate, fte, per, med, end};
    bb_scenario *s = bench_load("tests/bench/loss25.cfg", sets, 5);
    if (!s)
        return -1;
    bb_sim *sim = bb_sim_new(s, 1, 0);
    int rc = -1;
    if (sim && bb_sim_run_until(sim, warm * 24.0) == BB_RUN_MORE) {
        bb_state st;
        uint64_t e0 = bb_sim_events(sim);
        double c0 = bench_cpu(), s0 = sys_cpu();
        int r = bb_sim_run_until(sim, (warm + window) * 24.0);
        double c1 = bench_cpu(), s1 = sys_cpu();
        uint64_t e1 = bb_sim_events(sim);
        bb_sim_state(sim, &st);
        if (r != BB_RUN_LIMIT && e1 > e0) {
            *ns = 1e9 * (c1 - c0) / (double)(e1 - e0);
            *sys_ns = 1e9 * (s1 - s0) / (double)(e1 - e0);
            *held = st.prov_cases[0];
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            *rss_mib = (double)ru.ru_maxrss / 1024.0;
            rc = 0;
        }
    }
    bb_sim_free(sim);
    bb_scenario_free(s);
    return rc;
}

void bench_pending(void)
{
    /* three rounds, the sizes in turn within each, as the floor's rounds
     * are interleaved: a change of load falls on every size */
    enum { ROUNDS = 3 };
    const double p[] = {1e2, 1e4, 1e6};
    double ns[3][ROUNDS], sys[3][ROUNDS], user[3][ROUNDS], held[3] = {0}, rss = 0;
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < 3; i++)
            if (per_event(p[i], &ns[i][r], &sys[i][r], &held[i], &rss) != 0) {
                printf("| CPU time per event, %.0e cases under measures | failed |\n", p[i]);
                return;
            }
    double med[3], umed[3];
    for (int i = 0; i < 3; i++) {
        for (int r = 0; r < ROUNDS; r++)
            user[i][r] = ns[i][r] - sys[i][r];
        double lo = fmin(fmin(ns[i][0], ns[i][1]), ns[i][2]);
        double hi = fmax(fmax(ns[i][0], ns[i][1]), ns[i][2]);
        med[i] = median(ns[i], ROUNDS);
        umed[i] = median(user[i], ROUNDS);
        printf("| CPU time per event, about %.0f cases under measures (loss model, 2,500 "
               "arrivals a day, %d rounds) | %.0f ns (rounds %.0f-%.0f; of it in the kernel "
               "%.0f ns; %.3g held at the end) |\n",
               p[i], ROUNDS, med[i], lo, hi, median(sys[i], ROUNDS), held[i]);
    }
    printf("| per-event cost at 10^6 pending against 10^2 | %.2fx (peak memory %.0f MiB); "
           "user time only %.2fx |\n",
           med[2] / med[0], rss, umed[2] / umed[0]);
    fflush(stdout);
}
