/*
 * staffing.c - what the model asks of a scenario's staffing: the FTE of
 * a 24/7 post; the name, FTE, workforce settings and cost of a unit (a
 * pool or a provider); the staff on hand in a pool of a given FTE when it
 * is open.
 *
 * The model uses all of these; the section readers (sections.c) also
 * use bb_post_fte, bb_unit_name and bb_unit_fte in their checks.
 * bb_line_budget, which the summary (stats.c) reads too, stays in
 * scenario.c.
 */
#include "internal.h"
#include <math.h>

double bb_post_fte(const bb_scenario *s) { return BB_HOURS_POST_YEAR / s->productive_hours; }

const char *bb_unit_name(const bb_scenario *s, int u)
{
    return u < BB_POOLS ? s->pool[u].name : s->prov[u - BB_POOLS].name;
}

double bb_unit_fte(const bb_scenario *s, int u)
{
    return u < BB_POOLS ? s->pool[u].fte : s->prov[u - BB_POOLS].fte;
}

const bb_workforce *bb_unit_wf(const bb_scenario *s, int u)
{
    return u < BB_POOLS ? &s->pool[u].wf : &s->prov[u - BB_POOLS].wf;
}

double bb_unit_cost(const bb_scenario *s, int u)
{
    return u < BB_POOLS ? s->pool[u].cost_per_fte_year : s->prov[u - BB_POOLS].cost_per_fte_year;
}

int bb_pool_servers(const bb_scenario *s, const bb_pool_spec *p, double fte)
{
    double open = p->office ? bb_office_open_hours_per_year(&s->office) : BB_HOURS_POST_YEAR;
    double duty = p->office ? p->duty_posts * bb_post_fte(s) : 0.0;
    double staff = (fte - duty) * s->productive_hours / open;
    if (!(staff > 0))
        return 0;
    if (staff > 1e6)
        staff = 1e6;
    return (int)floor(staff + 0.5);
}
