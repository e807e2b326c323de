/*
 * schema.h - the results schema: what a replication reports, as tables.
 *
 * Private to sim/model/: schema.c holds the tables and expands them for a
 * scenario; results.c fills the values by the same identifiers.
 */
#ifndef BB_MODEL_SCHEMA_H
#define BB_MODEL_SCHEMA_H

#include "model/state.h"

/* What an entry repeats over. */
enum over {
    O_ONE,       /* one row (metrics: with the entry's fixed group) */
    O_CAT,       /* per category */
    O_LEVEL0,    /* per level 0..4 */
    O_LEVEL1,    /* per level 1..4 */
    O_XSTATE,    /* per state after the decision: waiting, borrowed, downgraded, own */
    O_LTG,       /* per lead-time group (enum ltg) */
    O_REASON,    /* per reason a case was never protected */
    O_STAGE,     /* per stage */
    O_POOL,      /* per staffed pool */
    O_PROV,      /* per provider */
    O_UNIT,      /* per unit (pools, then providers) */
    O_LINE,      /* per budget line */
    O_BNECK,     /* per bottleneck name (none, pools, providers, basic_units) */
    O_REGION,    /* per region (none without a regions section) */
    O_LINE_YEAR  /* per budget line and calendar year (the old budget rows) */
};

/* The lead-time groups: urgency, all, level, urgency x level, category. */
enum ltg {
    G_ACUTE, G_REGULAR, G_ALL, G_LEVEL1, G_ACUTE_LEVEL1 = G_LEVEL1 + BB_LEVELS - 1,
    G_CAT = G_ACUTE_LEVEL1 + BB_LEVELS - 1
};

/* The period columns (timeseries.csv, after scenario,rep,date). */
enum col {
    C_T_DAYS, C_ARRIVALS, C_DECIDED, C_NEWLY_PROTECTED, C_PROTECTED_NOW,
    C_UNPROTECTED, C_UNPROT_NEED, C_DOWNGRADED, C_INTERIM_NOW, C_INTERIM_WAIT,
    C_BORROWED_FTE, C_BORROWED_ACUTE, C_BORROWED_FTE_YEARS, C_UNMET, C_PRESSURE, C_CONTINUOUS,
    C_LEAD_P50, C_LEAD_P90,
    C_FA_DUE, C_FA_WITHIN, C_DEF_DUE, C_DEF_WITHIN,
    C_COST_TO_DATE, C_OPP_TO_DATE, C_BNECK,
    C_QUEUE, C_WAIT, C_UTIL, C_ACTIVE_LEVEL,
    C_PROV_CASES, C_PROV_USED, C_PROV_CAP,
    C_UNIT_OP, C_UNIT_TRAINING, C_UNIT_RECRUITING,
    C_REGION_IN, C_REGION_PROT, C_REGION_UNPROT, C_REGION_NEED, C_REGION_BORROWED,
    C_REGION_ASSISTED,
    C_COUNT
};

/* The metric rows: summary.csv (the whole run) and yearly.csv (per
 * calendar year; per intake year for the lead times of cases). */
enum metric {
    /* whole run */
    M_ARRIVALS_ALL, M_ARRIVALS, M_CLOSED_AT_TRIAGE, M_DECIDED, M_FIRST_SHARE,
    M_NEEDING, M_FA_P50, M_FA_P90, M_FA_P95, M_FA_WITHIN,
    M_LEAD_P50, M_LEAD_P90, M_LEAD_P95, M_WITHIN, M_PROTECTED, M_NEVER,
    M_NEVER_REASON, M_INTERIMS, M_INTERIM_MEAN, M_INTERIM_WAIT_MEAN,
    M_POOL_WAIT, M_POOL_QMEAN, M_POOL_QMAX, M_POOL_QEND, M_POOL_UTIL,
    M_DECISION_WAIT, M_DECISION_QMEAN,
    M_EXEC_WAIT, M_EXEC_QMEAN, M_EXEC_QEND,
    M_ACTIVE_MEAN, M_ACTIVE_END,
    M_PROV_ACTIVE_MEAN, M_PROV_ACTIVE_END, M_PROV_USED_MEAN, M_PROV_UTIL, M_PROV_OVER,
    M_UNIT_OP_MEAN, M_UNIT_OP_END, M_UNIT_PIPE_END,
    M_BORROWED_MEAN, M_BORROWED_MAX, M_BORROWED_YEARS, M_UNMET_MEAN, M_PRESSURE_MEAN,
    M_HOURS_LOST, M_SHIFTS_LOST,
    M_UNPROT_DAYS, M_UNPROT_DAYS_LEVEL, M_UNDERPROT_DAYS, M_CONT_MEAN, M_CONT_END,
    M_CASH, M_OPPORTUNITY, M_BUDGET_COST,
    M_EVENTS,
    M_REGION_IN, M_REGION_UNPROT_DAYS, M_REGION_BORROWED, M_REGION_ASSISTS,
    /* per year */
    Y_ARRIVALS, Y_NEEDING, Y_FA_P50, Y_FA_P90, Y_FA_WITHIN, Y_LEAD_P50, Y_LEAD_P90, Y_WITHIN, Y_NEVER,
    Y_BORROWED_MEAN, Y_UNMET_MEAN, Y_PRESSURE_MEAN, Y_HOURS_LOST, Y_SHIFTS_LOST,
    Y_UNPROT_DAYS, Y_UNDERPROT_DAYS, Y_INTERIM_WAIT_MEAN, Y_CONT_MEAN,
    Y_QUEUE_INFO, Y_QUEUE_ADV_DEC, Y_QUEUE_ADV_CEN, Y_QUEUE_DECISION, Y_QUEUE_EXEC,
    Y_CASH, Y_OPPORTUNITY, Y_BUDGET_COST, Y_BNECK_SHARE,
    Y_REGION_UNPROT_DAYS, Y_REGION_BORROWED,
    M_COUNT
};
#define M_FIRST_YEARLY Y_ARRIVALS

/* One expanded row: which entry, for which group (its index in `over`),
 * and which year (its index from the run's first year; -1 whole run). */
typedef struct srow {
    uint16_t id;
    int16_t g;
    int16_t y;
} srow;

struct bb_schema {
    int ncols;
    char **cols;           /* column names */
    srow *col;             /* what each column is */
    int nrows;
    bb_metric *rows;       /* metric rows, value NAN */
    srow *row;             /* what each row is */
    int year0, nyears;     /* the run's calendar years (at most MAX_YEARS) */
    int nbneck;            /* bottleneck names */
    char **bneck;
};

/* The first lead-time group of the regions (after the categories). */
static inline int ltg_region0(const bb_scenario *s) { return G_CAT + s->ncat; }
/* The number of lead-time groups (the regions' only with regions). */
static inline int ltg_groups(const bb_scenario *s)
{
    return G_CAT + s->ncat + (s->regional ? s->nreg : 0);
}

/* The name of bottleneck index i (0 none, then the pools, the providers,
 * basic_units). */
const char *schema_bneck_name(const bb_scenario *s, int i);

#endif
