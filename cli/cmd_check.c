/*
 * cmd_check.c - bbsim check SCENARIO.cfg: load and validate the scenario
 * (every error listed with file:line), run nothing.
 */
#include "cli.h"
#include <stdio.h>

int cli_cmd_check(const cli_opts *o)
{
    bb_scenario *s;
    int rc = cli_load(o, 0, NULL, 0, NULL, &s);
    if (rc != BB_OK)
        return rc;
    if (!o->quiet)
        fprintf(stderr, "%s: ok (scenario \"%s\", %d categories, %d providers, %.1f years)\n",
                o->files[0], cli_shown(bb_scenario_name(s)), bb_scenario_category_count(s),
                bb_scenario_provider_count(s), bb_scenario_horizon_hours(s) / BB_HOURS_PER_YEAR);
    bb_scenario_free(s);
    return BB_OK;
}
