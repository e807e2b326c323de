/*
 * cmd_sweep.c - bbsim sweep SCENARIO.cfg --vary ...: every point of the
 * grid validated before anything runs, then run a block of points at a
 * time on the same random streams; sweep.csv (one row per point, metric
 * and group) and the base scenario.cfg.
 */
#include "cli.h"
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SWEEP_BLOCK 64 /* points loaded at a time (a loaded scenario is ~0.2 MB) */

/* The --set values of point p (the first --vary varies slowest). */
static void point_values(const cli_opts *o, long p, const char **vals)
{
    for (int i = o->nvary - 1; i >= 0; i--) {
        vals[i] = o->vary[i].values[p % o->vary[i].n];
        p /= o->vary[i].n;
    }
}

/* Load point p (PATH=VALUE for each --vary); errors name the point.
 * (cli_parse allows at most CLI_MAX_VARY --vary.) */
static int load_point(const cli_opts *o, long p, long n, bb_scenario **s)
{
    const char *vals[CLI_MAX_VARY], *sets[CLI_MAX_VARY];
    char *buf[CLI_MAX_VARY] = {0};
    point_values(o, p, vals);
    char what[600];
    int len = snprintf(what, sizeof what, "sweep point %ld/%ld (", p + 1, n);
    int rc = BB_OK;
    for (int i = 0; i < o->nvary; i++) {
        size_t sz = strlen(o->vary[i].path) + strlen(vals[i]) + 2;
        if (!(buf[i] = malloc(sz))) {
            rc = BB_ERR_RUN;
            break;
        }
        snprintf(buf[i], sz, "%s=%s", o->vary[i].path, vals[i]);
        sets[i] = buf[i];
        if (len < 500)
            len += snprintf(what + len, sizeof what - (size_t)len, "%s%s", i ? ", " : "", buf[i]);
    }
    if (len < 590)
        snprintf(what + len, sizeof what - (size_t)len, ")");
    if (rc == BB_OK)
        rc = cli_load(o, 0, sets, o->nvary, what, s);
    for (int i = 0; i < o->nvary; i++)
        free(buf[i]);
    return rc;
}

static void write_sweep_csv(FILE *f, const cli_opts *o, bb_summary *const *sums, long n)
{
    for (int i = 0; i < o->nvary; i++) {
        bb_csv_str(f, o->vary[i].path);
        fputc(',', f);
    }
    fputs("metric,group,mean,ci_low,ci_high,reps\n", f);
    for (long p = 0; p < n; p++) {
        const bb_summary *sum = sums[p];
        const char *vals[CLI_MAX_VARY];
        point_values(o, p, vals);
        for (int i = 0; i < bb_summary_rows(sum); i++) {
            const char *metric, *grp;
            double mean, lo, hi;
            bb_summary_get(sum, i, &metric, &grp, &mean, &lo, &hi);
            for (int k = 0; k < o->nvary; k++) {
                size_t l = strlen(vals[k]);
                if (l >= 2 && vals[k][0] == '"' && vals[k][l - 1] == '"') {
                    char buf[256]; /* a string setting: its value, unquoted */
                    snprintf(buf, sizeof buf, "%.*s", (int)(l - 2), vals[k] + 1);
                    bb_csv_str(f, buf);
                } else {
                    bb_csv_str(f, vals[k]);
                }
                fputc(',', f);
            }
            int defined = 0;
            for (int r = 0; r < bb_summary_reps(sum); r++)
                defined += isfinite(bb_summary_value(sum, i, r)) != 0;
            bb_csv_str(f, metric);
            fputc(',', f);
            bb_csv_str(f, grp);
            fputc(',', f);
            bb_csv_num(f, mean);
            fputc(',', f);
            bb_csv_num(f, lo);
            fputc(',', f);
            bb_csv_num(f, hi);
            fprintf(f, ",%d\n", defined);
        }
    }
}

/* Load and check every point (its --precision rows too) before anything
 * runs, and count the replications at most. Returns BB_OK, BB_ERR_INPUT
 * (the messages of every bad point printed) or BB_ERR_RUN. */
static int validate_points(const cli_opts *o, long n, long *jobs_all)
{
    int bad = 0;
    for (long p = 0; p < n; p++) {
        bb_scenario *s;
        int r = load_point(o, p, n, &s);
        if (r == BB_ERR_RUN)
            return r;
        if (r != BB_OK) {
            bad++;
            continue;
        }
        for (int k = 0; k < o->nprec && r == BB_OK; k++) {
            bb_errors err;
            bb_errors_init(&err);
            if (cli_precision_row(&o->prec[k], s, &err) < 0)
                r = BB_ERR_INPUT;
            cli_print_errors(&err);
            bb_errors_free(&err);
        }
        if (r != BB_OK)
            bad++;
        *jobs_all += o->nprec ? (o->reps > 0 ? o->reps : CLI_PRECISION_MAX_REPS)
                              : (o->reps > 0 ? o->reps : bb_scenario_replications(s));
        bb_scenario_free(s);
    }
    if (bad) {
        fprintf(stderr, "bbsim: %d of %ld sweep points are not valid; nothing was run\n", bad, n);
        return BB_ERR_INPUT;
    }
    return BB_OK;
}

/* Run the points a block at a time, so that memory does not grow with
 * the size of the grid, all on one seed. Fills sums[]; *missed counts the
 * points that did not reach a --precision target. Returns BB_OK or
 * BB_ERR_RUN (messages printed). */
static int run_points(const cli_opts *o, long n, long jobs_all, uint64_t seed, bb_summary **sums,
                      long *missed)
{
    cli_sweep_progress sp = {0, n, 0, jobs_all, 0, cli_mono_now()};
    for (long p0 = 0; p0 < n; p0 += SWEEP_BLOCK) {
        int k = (int)(n - p0 < SWEEP_BLOCK ? n - p0 : SWEEP_BLOCK);
        cli_exec x;
        int group[SWEEP_BLOCK];
        int r = cli_exec_init(&x, o, k, k);
        for (int i = 0; i < k && r == BB_OK; i++) {
            group[i] = i;
            r = load_point(o, p0 + i, n, &x.scen[i]);
        }
        if (r == BB_OK)
            r = cli_exec_prepare(&x, group);
        x.label = "sweep";
        x.sweep = &sp;
        for (int i = 0; i < k; i++)
            x.units[i].seed = seed;
        if (r == BB_OK)
            r = cli_run_batch(&x, 0, NULL, 0);
        for (int i = 0; i < k && r == BB_OK; i++) {
            *missed += cli_precision_report(&x, -1, i, false) > 0;
            sums[p0 + i] = x.sum[i];
            x.sum[i] = NULL;
            sp.jobs_done += bb_summary_reps(sums[p0 + i]);
            sp.jobs_max_done += x.units[i].max_reps;
        }
        sp.points_done += k;
        cli_exec_free(&x);
        if (r != BB_OK)
            return BB_ERR_RUN;
    }
    if (!o->quiet && isatty(2))
        fputc('\n', stderr);
    return BB_OK;
}

/* sweep.csv, and the base scenario.cfg with the seed and the most
 * replications of any point; renamed into place when both are complete.
 * Returns BB_OK or BB_ERR_RUN (messages printed). */
static int write_sweep_files(const cli_opts *o, const char *dir, bb_scenario *base, uint64_t seed,
                             bb_summary *const *sums, long n)
{
    bb_errors err;
    bb_errors_init(&err);
    bb_out f[2] = {{0}};
    int rc = BB_ERR_RUN;
    if (bb_out_open(&f[0], dir, "sweep.csv", &err) != 0)
        goto out;
    f[0].dialect = o->csv;
    write_sweep_csv(f[0].f, o, sums, n);
    int maxreps = 0;
    for (long p = 0; p < n; p++)
        if (bb_summary_reps(sums[p]) > maxreps)
            maxreps = bb_summary_reps(sums[p]);
    if (bb_out_open(&f[1], dir, "scenario.cfg", &err) != 0)
        goto out;
    fprintf(f[1].f, "# The base scenario of a sweep over");
    for (int i = 0; i < o->nvary; i++)
        fprintf(f[1].f, " --vary %s (%d values)", o->vary[i].path, o->vary[i].n);
    fputc('\n', f[1].f);
    bb_scenario_write(base, f[1].f, seed, maxreps);
    if (bb_out_commit_set(f, 2, &err) != 0)
        goto out;
    rc = BB_OK;
out:
    cli_abort_all(f, 2);
    cli_print_errors(&err);
    bb_errors_free(&err);
    return rc;
}

int cli_cmd_sweep(const cli_opts *o)
{
    long n = 1;
    for (int i = 0; i < o->nvary; i++)
        n *= o->vary[i].n;
    bb_scenario *base = NULL;
    bb_summary **sums = calloc((size_t)n, sizeof *sums);
    if (!sums) {
        fprintf(stderr, "bbsim: out of memory\n");
        return BB_ERR_RUN;
    }
    /* the base scenario, then every point: all validated before running */
    long jobs_all = 0, missed = 0;
    int rc = cli_load(o, 0, NULL, 0, NULL, &base);
    if (rc == BB_OK)
        rc = validate_points(o, n, &jobs_all);
    char defdir[300], nm[200];
    const char *dir = NULL;
    uint64_t seed = 0;
    if (rc == BB_OK) {
        cli_safe_name(nm, sizeof nm, bb_scenario_name(base));
        snprintf(defdir, sizeof defdir, "out/sweep-%s", nm);
        dir = o->outdir ? o->outdir : defdir;
        const char *names[1] = {bb_scenario_name(base)};
        rc = cli_outdir_check(o, dir, names, 1);
        /* one seed for every point (common random numbers) */
        seed = o->seed >= 0 ? (uint64_t)o->seed : bb_scenario_seed(base);
        bb_errors err;
        bb_errors_init(&err);
        if (rc == BB_OK && (bb_mkdirs(dir, &err) != 0 || cli_lock_dir(dir, &err) != 0))
            rc = BB_ERR_RUN;
        cli_signals_doing("the sweep");
        cli_print_errors(&err);
        bb_errors_free(&err);
    }
    if (rc == BB_OK)
        rc = run_points(o, n, jobs_all, seed, sums, &missed);
    if (rc == BB_OK)
        rc = write_sweep_files(o, dir, base, seed, sums, n);
    if (rc == BB_OK && !o->quiet) {
        fprintf(stderr, "bbsim: sweep of %s over %ld points, seed %" PRIu64 ", common random "
                        "numbers: wrote %s/sweep.csv, scenario.cfg\n",
                cli_shown(bb_scenario_name(base)), n, seed, dir);
        if (o->nprec)
            fprintf(stderr, "  --precision: %ld of %ld points reached every target%s\n",
                    n - missed, n, missed ? " (the others stopped at the maximum; see reps)" : "");
    }
    cli_unlock_dir();
    if (rc == BB_OK && missed > 0) {
        fprintf(stderr, "bbsim: --precision not met at %ld of %ld points; outputs written to %s "
                        "(exit status 1)\n", missed, n, dir);
        rc = BB_ERR_RUN;
    }
    bb_scenario_free(base);
    for (long p = 0; p < n; p++)
        bb_summary_free(sums[p]);
    free(sums);
    return rc;
}
