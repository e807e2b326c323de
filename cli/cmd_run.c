/*
 * cmd_run.c - bbsim run SCENARIO.cfg: the replications of one scenario;
 * summary.csv, timeseries.csv (or bands.csv), scenario.cfg as run, and
 * budget.csv when the scenario has budget lines.
 */
#include "cli.h"
#include <inttypes.h>
#include <stdio.h>

int cli_cmd_run(const cli_opts *o)
{
    cli_exec x;
    int group[1] = {0};
    int rc = cli_exec_init(&x, o, 1, 1);
    if (rc == BB_OK)
        rc = cli_load(o, 0, NULL, 0, NULL, &x.scen[0]);
    if (rc == BB_OK)
        rc = cli_exec_prepare(&x, group);
    if (rc != BB_OK) {
        cli_exec_free(&x);
        return rc;
    }
    bb_scenario *s = x.scen[0];
    char defdir[300], nm[200];
    cli_safe_name(nm, sizeof nm, bb_scenario_name(s));
    snprintf(defdir, sizeof defdir, "out/%s", nm);
    const char *dir = o->outdir ? o->outdir : defdir;
    x.label = bb_scenario_name(s);

    bb_errors err;
    bb_errors_init(&err);
    bb_out f[4] = {{0}}; /* timeseries or bands, summary, scenario, budget */
    char **cols = NULL;
    int ncols = 0;
    rc = BB_ERR_RUN;
    if (bb_mkdirs(dir, &err) != 0 ||
        bb_out_open(&f[0], dir, o->bands ? "bands.csv" : "timeseries.csv", &err) != 0)
        goto out;
    if (!o->bands) {
        if ((ncols = bb_period_columns_union((const bb_scenario *const *)x.scen, 1, &cols)) < 0)
            goto out;
        cli_ts_header(f[0].f, cols, ncols);
        x.ts = f[0].f;
        x.ts_path = f[0].path;
    }
    if (cli_run_batch(&x, o->bands ? BB_KEEP_PERIODS : BB_KEEP_TEXT, NULL, 0) != BB_OK)
        goto out;
    int reps = bb_summary_reps(x.sum[0]);
    if (o->bands)
        bb_bands_write(f[0].f, x.bands[0], bb_scenario_name(s), bb_scenario_start_day(s), 1);
    if (bb_out_open(&f[1], dir, "summary.csv", &err) != 0)
        goto out;
    bb_summary_write(f[1].f, x.sum[0], bb_scenario_name(s), 1);
    if (bb_out_open(&f[2], dir, "scenario.cfg", &err) != 0)
        goto out;
    bb_scenario_write(s, f[2].f, x.units[0].seed, reps);
    if (bb_scenario_budget_lines(s) > 0) {
        if (bb_out_open(&f[3], dir, "budget.csv", &err) != 0)
            goto out;
        bb_budget_write(f[3].f, x.sum[0], s, bb_scenario_name(s), 1);
    }
    if (bb_out_commit(&f[0], &err) || bb_out_commit(&f[1], &err) || bb_out_commit(&f[2], &err) ||
        (f[3].f && bb_out_commit(&f[3], &err)))
        goto out;
    rc = BB_OK;
    if (!o->quiet) {
        fprintf(stderr, "bbsim: %s, %d replications, seed %" PRIu64 ": wrote %s/summary.csv, "
                        "%s, scenario.cfg%s\n", bb_scenario_name(s), reps, x.units[0].seed, dir,
                o->bands ? "bands.csv" : "timeseries.csv", bb_scenario_budget_lines(s) > 0 ? ", budget.csv" : "");
        cli_digest(x.sum[0]);
        cli_precision_report(&x, -1, 0, true);
    }
out:
    cli_abort_all(f, 4);
    cli_print_errors(&err);
    bb_errors_free(&err);
    bb_names_free(cols, ncols);
    cli_exec_free(&x);
    return rc;
}
