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
    static char label[256];
    bb_escape(label, sizeof label, bb_scenario_name(s));
    x.label = label;

    const char *names[1] = {bb_scenario_name(s)};
    rc = cli_outdir_check(o, dir, names, 1);
    if (rc == BB_OK)
        rc = cli_write_outputs(&x, dir);
    if (rc == BB_OK && !o->quiet) {
        int reps = bb_summary_reps(x.sum[0]);
        fprintf(stderr, "bbsim: %s, %d replications, seed %" PRIu64 ": wrote %s/summary.csv, "
                        "yearly.csv, %s, scenario.cfg%s%s\n", cli_shown(bb_scenario_name(s)), reps,
                x.units[0].seed, dir, o->bands ? "bands.csv" : "timeseries.csv",
                bb_scenario_budget_lines(s) > 0 ? ", budget.csv" : "",
                bb_scenario_region_count(s) > 0 ? ", regions.csv" : "");
        cli_digest(x.sum[0]);
    }
    if (rc == BB_OK && cli_precision_report(&x, -1, 0, !o->quiet) > 0)
        rc = cli_precision_failed(dir, bb_summary_reps(x.sum[0]));
    cli_exec_free(&x);
    return rc;
}
