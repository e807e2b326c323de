/*
 * schema.c - the results schema: the period columns and the metric rows
 * every replication of a scenario reports, as two static tables.
 *
 * Each entry names a quantity and what it repeats over (one row; per
 * category, level, lead-time group, pool, provider, unit, budget line,
 * bottleneck name); entries marked `next` repeat together with the entry
 * before them, per group (a block). Yearly entries repeat, block by
 * block, for every calendar year of the run. bb_schema_build expands the
 * tables for a scenario when it is loaded, so names and order are known
 * without running a replication; results.c fills values in that order
 * from one function per table, so names and values cannot drift apart.
 */
#include "model/schema.h"
#include <stdlib.h>
#include <string.h>

static const char *const STAGE_NAME[BB_STAGES] = {"information", "advice_decentral",
                                                  "advice_central", "decision", "execution"};
static const char *const XSTATE_NAME[5] = {"none", "waiting", "borrowed", "downgraded", "own"};
static const char *const REASON_NAME[3] = {"reason_no_capacity", "reason_lead_time",
                                           "reason_assessment"};

/* What every entry of the two tables says about itself: what it repeats
 * over, whether it repeats per group together with the entry before it,
 * whether its value may be undefined (NAN: an empty CSV field;
 * docs/outputs.md), and (columns) whether its value is a name. */
typedef struct entry {
    enum over over;
    bool next;
    bool undef;
    bool label;
} entry;

static const struct col_def {
    entry e;
    const char *fmt; /* the name, with %s for the group */
} COLS[C_COUNT] = {
    [C_T_DAYS] = {{O_ONE}, "t_days"},
    [C_ARRIVALS] = {{O_ONE}, "arrivals"},
    [C_DECIDED] = {{O_ONE}, "decided"},
    [C_NEWLY_PROTECTED] = {{O_ONE}, "newly_protected"},
    [C_PROTECTED_NOW] = {{O_ONE}, "protected_now"},
    [C_UNPROTECTED] = {{O_ONE}, "unprotected_waiting"},
    [C_UNPROT_NEED] = {{O_ONE}, "unprotected_needing"},
    [C_DOWNGRADED] = {{O_ONE}, "downgraded"},
    [C_INTERIM_NOW] = {{O_ONE}, "interim_active"},
    [C_INTERIM_WAIT] = {{O_ONE}, "interim_waiting"},
    [C_BORROWED_FTE] = {{O_ONE}, "borrowed_fte"},
    [C_BORROWED_ACUTE] = {{O_ONE}, "borrowed_acute_fte"},
    [C_BORROWED_FTE_YEARS] = {{O_ONE}, "borrowed_fte_years"},
    [C_UNMET] = {{O_ONE}, "borrow_unmet_fte"},
    [C_PRESSURE] = {{O_ONE}, "pressure_fte"},
    [C_CONTINUOUS] = {{O_ONE}, "continuous_persons"},
    [C_LEAD_P50] = {{O_ONE, .undef = true}, "lead_time_p50_h"},
    [C_LEAD_P90] = {{O_ONE, .undef = true}, "lead_time_p90_h"},
    [C_FA_DUE] = {{O_ONE}, "first_action_due"},
    [C_FA_WITHIN] = {{O_ONE}, "first_action_within"},
    [C_DEF_DUE] = {{O_ONE}, "definitive_due"},
    [C_DEF_WITHIN] = {{O_ONE}, "definitive_within"},
    [C_COST_TO_DATE] = {{O_ONE}, "cost_to_date_eur"},
    [C_OPP_TO_DATE] = {{O_ONE}, "opportunity_to_date_eur"},
    [C_BNECK] = {{O_ONE, .label = true}, "bottleneck"},
    [C_QUEUE] = {{O_STAGE}, "queue_%s"},
    [C_WAIT] = {{O_POOL, .undef = true}, "wait_%s_h"},
    [C_UTIL] = {{O_POOL, .undef = true}, "util_%s"},
    [C_ACTIVE_LEVEL] = {{O_LEVEL1}, "active_%s"},
    [C_PROV_CASES] = {{O_PROV}, "cases_%s"},
    [C_PROV_USED] = {{O_PROV, .next = true}, "used_fte_%s"},
    [C_PROV_CAP] = {{O_PROV, .next = true}, "capacity_fte_%s"},
    [C_UNIT_OP] = {{O_UNIT}, "fte_operational_%s"},
    [C_UNIT_TRAINING] = {{O_UNIT, .next = true}, "fte_training_%s"},
    [C_UNIT_RECRUITING] = {{O_UNIT, .next = true}, "fte_recruiting_%s"},
    [C_REGION_IN] = {{O_REGION}, "%s.cases_in"},
    [C_REGION_PROT] = {{O_REGION, .next = true}, "%s.protected_now"},
    [C_REGION_UNPROT] = {{O_REGION, .next = true}, "%s.unprotected_waiting"},
    [C_REGION_NEED] = {{O_REGION, .next = true}, "%s.unprotected_needing"},
    [C_REGION_BORROWED] = {{O_REGION, .next = true}, "%s.borrowed_fte"},
    [C_REGION_ASSISTED] = {{O_REGION, .next = true}, "%s.assisted_now"},
};

static const struct metric_def {
    entry e;
    const char *name;
    const char *group; /* O_ONE: the group */
} METRICS[M_COUNT] = {
    [M_ARRIVALS_ALL] = {{O_ONE}, "arrivals", "all"},
    [M_ARRIVALS] = {{O_CAT}, "arrivals"},
    [M_CLOSED_AT_TRIAGE] = {{O_ONE}, "closed_at_triage", "all"},
    [M_DECIDED] = {{O_LEVEL0}, "decided"},
    [M_FIRST_SHARE] = {{O_XSTATE, .undef = true}, "first_assignment_share"},
    [M_NEEDING] = {{O_LTG}, "needing_measures"},
    [M_FA_P50] = {{O_LTG, .next = true, .undef = true}, "first_action_p50_h"},
    [M_FA_P90] = {{O_LTG, .next = true, .undef = true}, "first_action_p90_h"},
    [M_FA_P95] = {{O_LTG, .next = true, .undef = true}, "first_action_p95_h"},
    [M_FA_WITHIN] = {{O_LTG, .next = true, .undef = true}, "first_action_within_target_share"},
    [M_LEAD_P50] = {{O_LTG, .next = true, .undef = true}, "lead_time_p50_h"},
    [M_LEAD_P90] = {{O_LTG, .next = true, .undef = true}, "lead_time_p90_h"},
    [M_LEAD_P95] = {{O_LTG, .next = true, .undef = true}, "lead_time_p95_h"},
    [M_WITHIN] = {{O_LTG, .next = true, .undef = true}, "within_target_share"},
    [M_PROTECTED] = {{O_LTG, .next = true}, "protected"},
    [M_NEVER] = {{O_LTG, .next = true}, "never_protected"},
    [M_NEVER_REASON] = {{O_REASON}, "never_protected"},
    [M_INTERIMS] = {{O_ONE}, "interim_measures", "all"},
    [M_INTERIM_MEAN] = {{O_ONE}, "interim_active_mean", "all"},
    [M_INTERIM_WAIT_MEAN] = {{O_ONE}, "interim_waiting_mean", "all"},
    [M_POOL_WAIT] = {{O_POOL, .undef = true}, "wait_mean_h"},
    [M_POOL_QMEAN] = {{O_POOL, .next = true}, "queue_mean"},
    [M_POOL_QMAX] = {{O_POOL, .next = true}, "queue_max"},
    [M_POOL_QEND] = {{O_POOL, .next = true}, "queue_end"},
    [M_POOL_UTIL] = {{O_POOL, .next = true, .undef = true}, "utilisation"},
    [M_DECISION_WAIT] = {{O_ONE, .undef = true}, "wait_mean_h", "decision"},
    [M_DECISION_QMEAN] = {{O_ONE}, "queue_mean", "decision"},
    [M_EXEC_WAIT] = {{O_ONE, .undef = true}, "wait_mean_h", "execution"},
    [M_EXEC_QMEAN] = {{O_ONE}, "queue_mean", "execution"},
    [M_EXEC_QEND] = {{O_ONE}, "queue_end", "execution"},
    [M_ACTIVE_MEAN] = {{O_LEVEL1}, "active_mean"},
    [M_ACTIVE_END] = {{O_LEVEL1, .next = true}, "active_end"},
    [M_PROV_ACTIVE_MEAN] = {{O_PROV}, "active_mean"},
    [M_PROV_ACTIVE_END] = {{O_PROV, .next = true}, "active_end"},
    [M_PROV_USED_MEAN] = {{O_PROV, .next = true}, "used_fte_mean"},
    [M_PROV_UTIL] = {{O_PROV, .next = true, .undef = true}, "utilisation"},
    [M_PROV_OVER] = {{O_PROV, .next = true}, "over_capacity_fte_mean"},
    [M_UNIT_OP_MEAN] = {{O_UNIT}, "fte_operational_mean"},
    [M_UNIT_OP_END] = {{O_UNIT, .next = true}, "fte_operational_end"},
    [M_UNIT_PIPE_END] = {{O_UNIT, .next = true}, "fte_pipeline_end"},
    [M_BORROWED_MEAN] = {{O_ONE}, "borrowed_fte_mean", "basic_units"},
    [M_BORROWED_MAX] = {{O_ONE}, "borrowed_fte_max", "basic_units"},
    [M_BORROWED_YEARS] = {{O_ONE}, "borrowed_fte_years", "basic_units"},
    [M_UNMET_MEAN] = {{O_ONE}, "borrow_unmet_fte_mean", "basic_units"},
    [M_PRESSURE_MEAN] = {{O_ONE}, "pressure_fte_mean", "basic_units"},
    [M_HOURS_LOST] = {{O_ONE}, "police_hours_lost", "basic_units"},
    [M_SHIFTS_LOST] = {{O_ONE}, "police_shifts_lost", "basic_units"},
    [M_UNPROT_DAYS] = {{O_ONE}, "unprotected_person_days", "all"},
    [M_UNPROT_DAYS_LEVEL] = {{O_LEVEL1}, "unprotected_person_days"},
    [M_UNDERPROT_DAYS] = {{O_ONE}, "underprotected_person_days", "all"},
    [M_CONT_MEAN] = {{O_ONE}, "continuous_protection_persons_mean", "all"},
    [M_CONT_END] = {{O_ONE}, "continuous_protection_persons_end", "all"},
    [M_CASH] = {{O_ONE}, "cost_cash_eur", "total"},
    [M_OPPORTUNITY] = {{O_ONE}, "cost_opportunity_eur", "total"},
    [M_BUDGET_COST] = {{O_LINE}, "budget_cost_eur"},
    [M_EVENTS] = {{O_ONE}, "events", "all"},
    [M_REGION_IN] = {{O_REGION}, "cases_in"},
    [M_REGION_UNPROT_DAYS] = {{O_REGION, .next = true}, "unprotected_person_days"},
    [M_REGION_BORROWED] = {{O_REGION, .next = true}, "borrowed_fte_mean"},
    [M_REGION_ASSISTS] = {{O_REGION, .next = true}, "assisted_measures"},

    [Y_ARRIVALS] = {{O_ONE}, "arrivals", "all"},
    [Y_NEEDING] = {{O_LTG}, "needing_measures"},
    [Y_FA_P50] = {{O_LTG, .next = true, .undef = true}, "first_action_p50_h"},
    [Y_FA_P90] = {{O_LTG, .next = true, .undef = true}, "first_action_p90_h"},
    [Y_FA_WITHIN] = {{O_LTG, .next = true, .undef = true}, "first_action_within_target_share"},
    [Y_LEAD_P50] = {{O_LTG, .next = true, .undef = true}, "lead_time_p50_h"},
    [Y_LEAD_P90] = {{O_LTG, .next = true, .undef = true}, "lead_time_p90_h"},
    [Y_WITHIN] = {{O_LTG, .next = true, .undef = true}, "within_target_share"},
    [Y_NEVER] = {{O_LTG, .next = true}, "never_protected"},
    [Y_BORROWED_MEAN] = {{O_ONE, .undef = true}, "borrowed_fte_mean", "basic_units"},
    [Y_UNMET_MEAN] = {{O_ONE, .undef = true}, "borrow_unmet_fte_mean", "basic_units"},
    [Y_PRESSURE_MEAN] = {{O_ONE, .undef = true}, "pressure_fte_mean", "basic_units"},
    [Y_HOURS_LOST] = {{O_ONE}, "police_hours_lost", "basic_units"},
    [Y_SHIFTS_LOST] = {{O_ONE}, "police_shifts_lost", "basic_units"},
    [Y_UNPROT_DAYS] = {{O_ONE}, "unprotected_person_days", "all"},
    [Y_UNDERPROT_DAYS] = {{O_ONE}, "underprotected_person_days", "all"},
    [Y_INTERIM_WAIT_MEAN] = {{O_ONE, .undef = true}, "interim_waiting_mean", "all"},
    [Y_CONT_MEAN] = {{O_ONE, .undef = true}, "continuous_protection_persons_mean", "all"},
    [Y_QUEUE_INFO] = {{O_ONE, .undef = true}, "queue_mean", "information"},
    [Y_QUEUE_ADV_DEC] = {{O_ONE, .undef = true}, "queue_mean", "advice_decentral"},
    [Y_QUEUE_ADV_CEN] = {{O_ONE, .undef = true}, "queue_mean", "advice_central"},
    [Y_QUEUE_DECISION] = {{O_ONE, .undef = true}, "queue_mean", "decision"},
    [Y_QUEUE_EXEC] = {{O_ONE, .undef = true}, "queue_mean", "execution"},
    [Y_CASH] = {{O_ONE}, "cost_cash_eur", "all"},
    [Y_OPPORTUNITY] = {{O_ONE}, "cost_opportunity_eur", "all"},
    [Y_BUDGET_COST] = {{O_LINE}, "budget_cost_eur"},
    [Y_BNECK_SHARE] = {{O_BNECK, .undef = true}, "bottleneck_share"},
    [Y_REGION_UNPROT_DAYS] = {{O_REGION}, "unprotected_person_days"},
    [Y_REGION_BORROWED] = {{O_REGION, .next = true, .undef = true}, "borrowed_fte_mean"},
};

/* How many groups `over` has in scenario s. */
static int groups(const bb_scenario *s, enum over over)
{
    switch (over) {
    case O_ONE: return 1;
    case O_CAT: return s->ncat;
    case O_LEVEL0: return BB_LEVELS;
    case O_LEVEL1: return BB_LEVELS - 1;
    case O_XSTATE: return 4;
    case O_LTG: return ltg_groups(s);
    case O_REASON: return 3;
    case O_STAGE: return BB_STAGES;
    case O_POOL: return BB_POOLS;
    case O_PROV: return s->nprov;
    case O_UNIT: return bb_nunits(s);
    case O_LINE: return s->nlines;
    case O_BNECK: return 2 + BB_POOLS + s->nprov;
    case O_LINE_YEAR: return 0;
    case O_REGION: return s->regional ? s->nreg : 0;
    }
    return 0;
}

const char *schema_bneck_name(const bb_scenario *s, int i)
{
    if (i <= 0)
        return "none";
    if (i <= BB_POOLS)
        return STAGE_NAME[i - 1];
    if (i <= BB_POOLS + s->nprov)
        return s->prov[i - 1 - BB_POOLS].name;
    return "basic_units";
}

/* The name of group g of `over`. */
static void group_name(const bb_scenario *s, enum over over, int g, char *buf, size_t n)
{
    static const char *const LTG_NAME[G_LEVEL1] = {"acute", "regular", "all"};
    switch (over) {
    case O_ONE: buf[0] = 0; break;
    case O_CAT: snprintf(buf, n, "%s", s->cat[g].name); break;
    case O_LEVEL0: snprintf(buf, n, "level_%d", g); break;
    case O_LEVEL1: snprintf(buf, n, "level_%d", g + 1); break;
    case O_XSTATE: snprintf(buf, n, "%s", XSTATE_NAME[g + 1]); break;
    case O_LTG:
        if (g < G_LEVEL1)
            snprintf(buf, n, "%s", LTG_NAME[g]);
        else if (g < G_ACUTE_LEVEL1)
            snprintf(buf, n, "level_%d", g - G_LEVEL1 + 1);
        else if (g < G_CAT)
            snprintf(buf, n, "acute_level_%d", g - G_ACUTE_LEVEL1 + 1);
        else if (g < ltg_region0(s))
            snprintf(buf, n, "cat_%s", s->cat[g - G_CAT].name);
        else
            snprintf(buf, n, "region_%s", s->reg[g - ltg_region0(s)].name);
        break;
    case O_REASON: snprintf(buf, n, "%s", REASON_NAME[g]); break;
    case O_STAGE:
    case O_POOL: snprintf(buf, n, "%s", STAGE_NAME[g]); break;
    case O_PROV: snprintf(buf, n, "%s", s->prov[g].name); break;
    case O_UNIT: snprintf(buf, n, "%s", bb_unit_name(s, g)); break;
    case O_LINE: snprintf(buf, n, "%s", s->line[g].name); break;
    case O_BNECK: snprintf(buf, n, "%s", schema_bneck_name(s, g)); break;
    case O_LINE_YEAR: buf[0] = 0; break;
    case O_REGION: snprintf(buf, n, "region_%s", s->reg[g].name); break;
    }
}

static const entry *col_entry(int k) { return &COLS[k].e; }
static const entry *metric_entry(int k) { return &METRICS[k].e; }

/* Expand entries [from, to) of a table for a scenario and year y: for
 * each block (an entry and the `next` ones after it), per group, every
 * entry of the block. Fills out[] from index n when it is given; returns
 * the new number of rows. */
static int expand(const bb_scenario *s, const entry *(*at)(int), int from, int to, int y,
                  srow *out, int n)
{
    for (int i = from; i < to;) {
        int j = i + 1;
        while (j < to && at(j)->next)
            j++;
        int ng = groups(s, at(i)->over);
        for (int g = 0; g < ng; g++)
            for (int k = i; k < j; k++, n++)
                if (out)
                    out[n] = (srow){(uint16_t)k, (int16_t)g, (int16_t)y};
        i = j;
    }
    return n;
}

/* The metric rows: the whole run's, then each year's. */
static int expand_metrics(const bb_scenario *s, const bb_schema *sc, srow *out)
{
    int n = expand(s, metric_entry, 0, M_FIRST_YEARLY, -1, out, 0);
    for (int y = 0; y < sc->nyears; y++)
        n = expand(s, metric_entry, M_FIRST_YEARLY, M_COUNT, y, out, n);
    return n;
}

void bb_schema_free(bb_schema *sc)
{
    if (!sc)
        return;
    if (sc->cols)
        for (int i = 0; i < sc->ncols; i++)
            free(sc->cols[i]);
    free(sc->cols);
    free(sc->col);
    free(sc->rows);
    free(sc->row);
    free(sc);
}

int bb_schema_build(bb_scenario *s)
{
    bb_schema *sc = calloc(1, sizeof *sc);
    if (!sc)
        return -1;
    s->schema = sc;
    sc->year0 = bb_date_year(s->start_day);
    sc->nyears = bb_date_year(s->end_day - 1) - sc->year0 + 1;
    sc->nyears = sc->nyears < 0 ? 0 : sc->nyears > MAX_YEARS ? MAX_YEARS : sc->nyears;
    sc->nbneck = groups(s, O_BNECK);
    int nc = expand(s, col_entry, 0, C_COUNT, -1, NULL, 0);
    int nr = expand_metrics(s, sc, NULL);
    sc->cols = calloc((size_t)(nc ? nc : 1), sizeof *sc->cols);
    sc->col = calloc((size_t)(nc ? nc : 1), sizeof *sc->col);
    sc->rows = calloc((size_t)(nr ? nr : 1), sizeof *sc->rows);
    sc->row = calloc((size_t)(nr ? nr : 1), sizeof *sc->row);
    if (!sc->cols || !sc->col || !sc->rows || !sc->row)
        return -1;
    sc->ncols = expand(s, col_entry, 0, C_COUNT, -1, sc->col, 0);
    sc->nrows = expand_metrics(s, sc, sc->row);
    char g[64], name[128];
    for (int i = 0; i < sc->ncols; i++) {
        const struct col_def *d = &COLS[sc->col[i].id];
        group_name(s, d->e.over, sc->col[i].g, g, sizeof g);
        const char *pc = strstr(d->fmt, "%s");
        if (pc)
            snprintf(name, sizeof name, "%.*s%s%s", (int)(pc - d->fmt), d->fmt, g, pc + 2);
        else
            snprintf(name, sizeof name, "%s", d->fmt);
        if (!(sc->cols[i] = strdup(name)))
            return -1;
    }
    for (int i = 0; i < sc->nrows; i++) {
        const struct metric_def *d = &METRICS[sc->row[i].id];
        bb_metric *r = &sc->rows[i];
        r->metric = d->name;
        if (d->e.over == O_ONE)
            snprintf(r->group, sizeof r->group, "%s", d->group);
        else
            group_name(s, d->e.over, sc->row[i].g, r->group, sizeof r->group);
        r->year = sc->row[i].y < 0 ? 0 : sc->year0 + sc->row[i].y;
        r->value = NAN;
    }
    return 0;
}

int bb_scenario_period_columns(const bb_scenario *s, const char *const **names)
{
    *names = (const char *const *)s->schema->cols;
    return s->schema->ncols;
}

int bb_scenario_metric_rows(const bb_scenario *s, const bb_metric **rows)
{
    *rows = s->schema->rows;
    return s->schema->nrows;
}

const char *bb_scenario_column_label(const bb_scenario *s, int col, double v)
{
    const bb_schema *sc = s->schema;
    if (col < 0 || col >= sc->ncols || !COLS[sc->col[col].id].e.label)
        return NULL;
    return schema_bneck_name(s, isfinite(v) ? (int)v : 0);
}

int bb_scenario_column_region(const bb_scenario *s, int col, const char **region,
                              const char **metric)
{
    const bb_schema *sc = s->schema;
    if (col < 0 || col >= sc->ncols || COLS[sc->col[col].id].e.over != O_REGION)
        return 0;
    *region = s->reg[sc->col[col].g].name;
    *metric = COLS[sc->col[col].id].fmt + 3; /* after "%s." */
    return 1;
}

int bb_scenario_region_count(const bb_scenario *s) { return s->regional ? s->nreg : 0; }

int bb_schema_budget_row(const bb_scenario *s, int line, int year)
{
    const bb_schema *sc = s->schema;
    for (int i = 0; i < sc->nrows; i++)
        if (sc->row[i].id == Y_BUDGET_COST && sc->row[i].g == line &&
            sc->year0 + sc->row[i].y == year)
            return i;
    return -1;
}

/* Does column name `name` fit pattern fmt (one %s, or none)? */
static bool fits_pattern(const char *fmt, const char *name)
{
    const char *pc = strstr(fmt, "%s");
    if (!pc)
        return strcmp(fmt, name) == 0;
    size_t pre = (size_t)(pc - fmt), suf = strlen(pc + 2), len = strlen(name);
    return len > pre + suf && strncmp(fmt, name, pre) == 0 &&
           strcmp(name + len - suf, pc + 2) == 0;
}

int bb_metric_may_be_undefined(const char *name)
{
    bool known = false, undef = false;
    for (int i = 0; i < M_COUNT; i++)
        if (!strcmp(METRICS[i].name, name)) {
            known = true;
            undef |= METRICS[i].e.undef; /* a yearly row without statistics time */
        }
    if (known)
        return undef;
    for (int i = 0; i < C_COUNT; i++)
        if (fits_pattern(COLS[i].fmt, name))
            return COLS[i].e.undef;
    return 0;
}
