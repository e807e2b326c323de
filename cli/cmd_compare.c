/*
 * cmd_compare.c - bbsim compare A.cfg B.cfg [C.cfg...]: every scenario on
 * the same random streams (common random numbers); summary.csv with the
 * paired differences against the first, timeseries.csv (or bands.csv) and
 * one scenario-NAME.cfg per scenario as run.
 */
#include "cli.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_cmd_compare(const cli_opts *o)
{
    int n = o->nfiles;
    cli_exec x;
    int *group = calloc((size_t)n, sizeof *group);
    int rc = group ? cli_exec_init(&x, o, n, 1) : BB_ERR_RUN;
    if (rc != BB_OK) {
        free(group);
        if (rc == BB_ERR_RUN)
            fprintf(stderr, "bbsim: out of memory\n");
        return rc;
    }
    for (int k = 0; k < n; k++)
        if (cli_load(o, k, NULL, 0, NULL, &x.scen[k]) != BB_OK)
            rc = BB_ERR_INPUT;
    for (int k = 0; k < n && rc == BB_OK; k++)
        for (int j = 0; j < k; j++)
            if (strcmp(bb_scenario_name(x.scen[j]), bb_scenario_name(x.scen[k])) == 0) {
                fprintf(stderr, "bbsim: scenarios %d and %d are both named \"%s\"; give one "
                                "another name, e.g. --set %d:name=\"%s-b\"\n",
                        j + 1, k + 1, bb_scenario_name(x.scen[k]), k + 1,
                        bb_scenario_name(x.scen[k]));
                rc = BB_ERR_INPUT;
                break;
            }
    if (rc == BB_OK)
        rc = cli_exec_prepare(&x, group);
    free(group);
    x.paired = true;
    if (rc != BB_OK) {
        cli_exec_free(&x);
        return rc;
    }
    char defdir[600];
    int len = snprintf(defdir, sizeof defdir, "out/compare");
    for (int k = 0; k < n && len < 400; k++) {
        char nm[128];
        cli_safe_name(nm, sizeof nm, bb_scenario_name(x.scen[k]));
        len += snprintf(defdir + len, sizeof defdir - (size_t)len, "%s%s", k ? "-vs-" : "-", nm);
    }
    const char *dir = o->outdir ? o->outdir : defdir;
    x.label = "compare";

    bb_errors err;
    bb_errors_init(&err);
    bb_out *f = calloc((size_t)n + 2, sizeof *f); /* series, summary, one cfg per scenario */
    char **cols = NULL;
    int ncols = 0;
    rc = BB_ERR_RUN;
    if (!f)
        goto out;
    if (bb_mkdirs(dir, &err) != 0 ||
        bb_out_open(&f[0], dir, o->bands ? "bands.csv" : "timeseries.csv", &err) != 0)
        goto out;
    if (!o->bands) {
        if ((ncols = bb_period_columns_union((const bb_scenario *const *)x.scen, n, &cols)) < 0)
            goto out;
        cli_ts_header(f[0].f, cols, ncols);
        x.ts = f[0].f;
        x.ts_path = f[0].path;
    }
    if (cli_run_batch(&x, o->bands ? BB_KEEP_PERIODS : BB_KEEP_TEXT, (const char *const *)cols,
                      ncols) != BB_OK)
        goto out;
    const char **names = calloc((size_t)n, sizeof *names);
    if (!names)
        goto out;
    for (int k = 0; k < n; k++) {
        names[k] = bb_scenario_name(x.scen[k]);
        if (o->bands)
            bb_bands_write(f[0].f, x.bands[k], names[k], bb_scenario_start_day(x.scen[k]), k == 0);
    }
    if (bb_out_open(&f[1], dir, "summary.csv", &err) != 0) {
        free(names);
        goto out;
    }
    bb_compare_write(f[1].f, x.sum, names, n);
    free(names);
    int reps = bb_summary_reps(x.sum[0]);
    for (int k = 0; k < n; k++) {
        char nm[200], file[256];
        cli_safe_name(nm, sizeof nm, bb_scenario_name(x.scen[k]));
        snprintf(file, sizeof file, "scenario-%s.cfg", nm);
        if (bb_out_open(&f[2 + k], dir, file, &err) != 0)
            goto out;
        bb_scenario_write(x.scen[k], f[2 + k].f, x.units[k].seed, reps);
    }
    for (int k = 0; k < n + 2; k++)
        if (bb_out_commit(&f[k], &err) != 0)
            goto out;
    rc = BB_OK;
    if (!o->quiet) {
        fprintf(stderr, "bbsim: compared %d scenarios, %d replications each, seed %" PRIu64
                        ", common random numbers: wrote %s/summary.csv, %s, scenario-*.cfg\n"
                        "  paired difference against %s, mean [95%% interval], * excludes 0:\n",
                n, reps, x.units[0].seed, dir, o->bands ? "bands.csv" : "timeseries.csv",
                bb_scenario_name(x.scen[0]));
        cli_digest_compare(x.sum, x.scen, n);
        for (int k = 1; k < n; k++)
            cli_precision_report(&x, 0, k, true);
    }
out:
    if (f)
        cli_abort_all(f, n + 2);
    free(f);
    cli_print_errors(&err);
    bb_errors_free(&err);
    bb_names_free(cols, ncols);
    cli_exec_free(&x);
    return rc;
}
