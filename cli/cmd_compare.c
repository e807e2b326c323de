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
    int rc = group ? cli_exec_init(&x, o, n, 1) : cli_oom("setting up the comparison");
    if (rc != BB_OK) {
        free(group);
        if (group)
            cli_exec_free(&x);
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

    const char **names = calloc((size_t)n, sizeof *names);
    for (int k = 0; names && k < n; k++)
        names[k] = bb_scenario_name(x.scen[k]);
    rc = names ? cli_outdir_check(o, dir, names, n) : BB_ERR_RUN;
    free(names);
    if (rc == BB_OK)
        rc = cli_write_outputs(&x, dir);
    bool budget = false;
    for (int k = 0; k < n; k++)
        budget = budget || bb_scenario_budget_lines(x.scen[k]) > 0;
    if (rc == BB_OK && !o->quiet) {
        int reps = bb_summary_reps(x.sum[0]);
        bool regions = false;
        for (int k = 0; k < n; k++)
            regions |= bb_scenario_region_count(x.scen[k]) > 0;
        fprintf(stderr, "bbsim: compared %d scenarios, %d replications each, seed %" PRIu64
                        ", common random numbers: wrote %s/summary.csv, yearly.csv, %s, "
                        "scenario-*.cfg%s%s\n"
                        "  paired difference against %s, mean [95%% interval], * excludes 0:\n",
                n, reps, x.units[0].seed, dir, o->bands ? "bands.csv" : "timeseries.csv",
                regions ? ", regions.csv" : "",
                budget ? ", budget.csv (every scenario with budget lines)" : "",
                cli_shown(bb_scenario_name(x.scen[0])));
        cli_digest_compare(x.sum, x.scen, n);
    }
    int missed = 0;
    for (int k = 1; k < n && rc == BB_OK; k++)
        missed += cli_precision_report(&x, 0, k, !o->quiet);
    if (missed > 0)
        rc = cli_precision_failed(dir, bb_summary_reps(x.sum[0]));
    cli_exec_free(&x);
    return rc;
}
