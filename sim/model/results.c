/*
 * results.c - what a replication reports: the results schema, the period
 * row, the metric rows and the live state.
 *
 * The schema is a pair of static tables: the period columns of
 * timeseries.csv (COLS) and the metric rows of summary.csv (METRICS).
 * Each entry names a quantity and what it repeats over (one row; per
 * category, level, pool, provider, unit, year, budget line and year);
 * entries marked `next` repeat together with the entry before them, per
 * group. bb_schema_build expands the tables for a scenario at load time,
 * so the names and the order of every row are known without running a
 * replication; res_period_end and bb_sim_metrics fill values in that
 * order from one function per table (col_value, metric_value), so names
 * and values cannot drift apart.
 *
 * Statistics are time-weighted levels (`tw`, in state.h), running means
 * and the kept lead times of every protected case (for exact quantiles by
 * selection: those of each period for its row, all of them at the end).
 */
#include "model/state.h"
#include <stdlib.h>
#include <string.h>

/* What an entry repeats over. */
enum over {
    O_ONE,       /* one row (metrics: with the entry's fixed group) */
    O_CAT,       /* per category */
    O_LEVEL0,    /* per level 0..4 */
    O_LEVEL1,    /* per level 1..4 */
    O_XSTATE,    /* per state after the decision: waiting, borrowed, downgraded, own */
    O_LT,        /* per lead-time group: acute, regular, all, level_1..4 */
    O_STAGE,     /* per stage */
    O_POOL,      /* per staffed pool */
    O_PROV,      /* per provider */
    O_UNIT,      /* per unit (pools, then providers) */
    O_YEAR,      /* per calendar year of the run */
    O_LINE_YEAR  /* per budget line and calendar year */
};

static const char *const STAGE_NAME[BB_STAGES] = {"information", "advice_decentral",
                                                  "advice_central", "decision", "execution"};
static const char *const LT_NAME[LT_GROUPS] = {"acute", "regular", "all", "level_1",
                                               "level_2", "level_3", "level_4"};
static const char *const XSTATE_NAME[5] = {"none", "waiting", "borrowed", "downgraded", "own"};

/* ---- the period columns (timeseries.csv, after scenario,rep,date) ---- */

enum col {
    C_T_DAYS, C_ARRIVALS, C_DECIDED, C_NEWLY_PROTECTED, C_PROTECTED_NOW,
    C_UNPROTECTED, C_DOWNGRADED, C_BORROWED_FTE, C_BORROWED_FTE_YEARS,
    C_LEAD_P50, C_LEAD_P90, C_COST_TO_DATE,
    C_QUEUE, C_WAIT, C_UTIL, C_ACTIVE_LEVEL,
    C_PROV_CASES, C_PROV_USED, C_PROV_CAP,
    C_UNIT_OP, C_UNIT_TRAINING, C_UNIT_RECRUITING,
    C_COUNT
};

/* What every entry of the two tables says about itself: what it repeats
 * over, whether it repeats per group together with the entry before it
 * (a block: per group, every entry of the block), and whether its value
 * may be undefined (NAN: an empty CSV field; docs/outputs.md). */
typedef struct entry {
    enum over over;
    bool next;
    bool undef;
} entry;

static const struct col_def {
    entry e;
    const char *fmt;   /* the name, with %s for the group */
} COLS[C_COUNT] = {
    [C_T_DAYS] = {{O_ONE}, "t_days"},
    [C_ARRIVALS] = {{O_ONE}, "arrivals"},
    [C_DECIDED] = {{O_ONE}, "decided"},
    [C_NEWLY_PROTECTED] = {{O_ONE}, "newly_protected"},
    [C_PROTECTED_NOW] = {{O_ONE}, "protected_now"},
    [C_UNPROTECTED] = {{O_ONE}, "unprotected_waiting"},
    [C_DOWNGRADED] = {{O_ONE}, "downgraded"},
    [C_BORROWED_FTE] = {{O_ONE}, "borrowed_fte"},
    [C_BORROWED_FTE_YEARS] = {{O_ONE}, "borrowed_fte_years"},
    [C_LEAD_P50] = {{O_ONE, .undef = true}, "lead_time_p50_h"},
    [C_LEAD_P90] = {{O_ONE, .undef = true}, "lead_time_p90_h"},
    [C_COST_TO_DATE] = {{O_ONE}, "cost_to_date_eur"},
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
};

/* ---- the metric rows (summary.csv) ---- */

enum metric {
    M_ARRIVALS_ALL, M_ARRIVALS, M_CLOSED_AT_TRIAGE, M_DECIDED, M_FIRST_SHARE,
    M_PROTECTED, M_LEAD_MEAN, M_LEAD_P50, M_LEAD_P90, M_LEAD_P95, M_WITHIN,
    M_POOL_WAIT, M_POOL_QMEAN, M_POOL_QMAX, M_POOL_QEND, M_POOL_UTIL,
    M_DECISION_WAIT, M_DECISION_QMEAN,
    M_EXEC_WAIT, M_EXEC_QMEAN, M_EXEC_QEND,
    M_ACTIVE_MEAN, M_ACTIVE_END,
    M_PROV_ACTIVE_MEAN, M_PROV_ACTIVE_END, M_PROV_USED_MEAN, M_PROV_UTIL, M_PROV_OVER,
    M_UNIT_OP_MEAN, M_UNIT_OP_END, M_UNIT_PIPE_END,
    M_BORROWED_MEAN, M_BORROWED_MAX, M_BORROWED_YEARS,
    M_UNPROT_DAYS, M_UNDERPROT_DAYS,
    M_COST_YEAR, M_COST_TOTAL, M_BUDGET_COST,
    M_EVENTS,
    M_COUNT
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
    [M_PROTECTED] = {{O_LT}, "protected"},
    [M_LEAD_MEAN] = {{O_LT, .next = true, .undef = true}, "lead_time_mean_h"},
    [M_LEAD_P50] = {{O_LT, .next = true, .undef = true}, "lead_time_p50_h"},
    [M_LEAD_P90] = {{O_LT, .next = true, .undef = true}, "lead_time_p90_h"},
    [M_LEAD_P95] = {{O_LT, .next = true, .undef = true}, "lead_time_p95_h"},
    [M_WITHIN] = {{O_LT, .next = true, .undef = true}, "within_target_share"},
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
    [M_UNPROT_DAYS] = {{O_ONE}, "unprotected_person_days", "all"},
    [M_UNDERPROT_DAYS] = {{O_ONE}, "underprotected_person_days", "all"},
    [M_COST_YEAR] = {{O_YEAR}, "cost_eur"},
    [M_COST_TOTAL] = {{O_ONE}, "cost_eur", "total"},
    [M_BUDGET_COST] = {{O_LINE_YEAR}, "budget_cost_eur"},
    [M_EVENTS] = {{O_ONE}, "events", "all"},
};

/* ------------------------------------------------------------------ */
/* the schema of a scenario                                            */
/* ------------------------------------------------------------------ */

/* One expanded row: which entry, for which group (its index in `over`). */
typedef struct srow {
    uint16_t id;
    int16_t g;
} srow;

struct bb_schema {
    int ncols;
    char **cols;           /* column names */
    srow *col;             /* what each column is */
    int nrows;
    bb_metric *rows;       /* metric rows, value NAN */
    srow *row;             /* what each row is */
    int year0, nyears;     /* the run's calendar years (at most MAX_YEARS) */
    int budget_row0;       /* the first budget_cost_eur row */
};

/* How many groups `over` has in scenario s. */
static int groups(const bb_scenario *s, const bb_schema *sc, enum over over)
{
    switch (over) {
    case O_ONE: return 1;
    case O_CAT: return s->ncat;
    case O_LEVEL0: return BB_LEVELS;
    case O_LEVEL1: return BB_LEVELS - 1;
    case O_XSTATE: return 4;
    case O_LT: return LT_GROUPS;
    case O_STAGE: return BB_STAGES;
    case O_POOL: return BB_POOLS;
    case O_PROV: return s->nprov;
    case O_UNIT: return bb_nunits(s);
    case O_YEAR: return sc->nyears;
    case O_LINE_YEAR: return s->nlines * sc->nyears;
    }
    return 0;
}

/* The name of group g of `over`. */
static void group_name(const bb_scenario *s, const bb_schema *sc, enum over over, int g,
                       char *buf, size_t n)
{
    switch (over) {
    case O_ONE: buf[0] = 0; break;
    case O_CAT: snprintf(buf, n, "%s", s->cat[g].name); break;
    case O_LEVEL0: snprintf(buf, n, "level_%d", g); break;
    case O_LEVEL1: snprintf(buf, n, "level_%d", g + 1); break;
    case O_XSTATE: snprintf(buf, n, "%s", XSTATE_NAME[g + 1]); break;
    case O_LT: snprintf(buf, n, "%s", LT_NAME[g]); break;
    case O_STAGE:
    case O_POOL: snprintf(buf, n, "%s", STAGE_NAME[g]); break;
    case O_PROV: snprintf(buf, n, "%s", s->prov[g].name); break;
    case O_UNIT: snprintf(buf, n, "%s", bb_unit_name(s, g)); break;
    case O_YEAR: snprintf(buf, n, "%d", sc->year0 + g); break;
    case O_LINE_YEAR:
        snprintf(buf, n, "%s/%d", s->line[g / sc->nyears].name, sc->year0 + g % sc->nyears);
        break;
    }
}

static const entry *col_entry(int k) { return &COLS[k].e; }
static const entry *metric_entry(int k) { return &METRICS[k].e; }

/* Expand a table of `count` entries for a scenario: for each block (an
 * entry and the `next` ones after it), per group, every entry of the
 * block. Fills out[] when it is given; returns the number of rows. */
static int expand(const bb_scenario *s, const bb_schema *sc, const entry *(*at)(int), int count,
                  srow *out)
{
    int n = 0;
    for (int i = 0; i < count;) {
        int j = i + 1;
        while (j < count && at(j)->next)
            j++;
        int ng = groups(s, sc, at(i)->over);
        for (int g = 0; g < ng; g++)
            for (int k = i; k < j; k++, n++)
                if (out)
                    out[n] = (srow){(uint16_t)k, (int16_t)g};
        i = j;
    }
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
    int nc = expand(s, sc, col_entry, C_COUNT, NULL);
    int nr = expand(s, sc, metric_entry, M_COUNT, NULL);
    sc->cols = calloc((size_t)(nc ? nc : 1), sizeof *sc->cols);
    sc->col = calloc((size_t)(nc ? nc : 1), sizeof *sc->col);
    sc->rows = calloc((size_t)(nr ? nr : 1), sizeof *sc->rows);
    sc->row = calloc((size_t)(nr ? nr : 1), sizeof *sc->row);
    if (!sc->cols || !sc->col || !sc->rows || !sc->row)
        return -1;
    sc->ncols = expand(s, sc, col_entry, C_COUNT, sc->col);
    sc->nrows = expand(s, sc, metric_entry, M_COUNT, sc->row);
    char g[64], name[128];
    for (int i = 0; i < sc->ncols; i++) {
        const struct col_def *d = &COLS[sc->col[i].id];
        group_name(s, sc, d->e.over, sc->col[i].g, g, sizeof g);
        const char *pc = strstr(d->fmt, "%s");
        if (pc)
            snprintf(name, sizeof name, "%.*s%s%s", (int)(pc - d->fmt), d->fmt, g, pc + 2);
        else
            snprintf(name, sizeof name, "%s", d->fmt);
        if (!(sc->cols[i] = strdup(name)))
            return -1;
    }
    sc->budget_row0 = -1;
    for (int i = 0; i < sc->nrows; i++) {
        const struct metric_def *d = &METRICS[sc->row[i].id];
        bb_metric *r = &sc->rows[i];
        r->metric = d->name;
        if (d->e.over == O_ONE)
            snprintf(r->group, sizeof r->group, "%s", d->group);
        else
            group_name(s, sc, d->e.over, sc->row[i].g, r->group, sizeof r->group);
        r->value = NAN;
        if (sc->row[i].id == M_BUDGET_COST && sc->budget_row0 < 0)
            sc->budget_row0 = i;
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

int bb_schema_budget_row(const bb_scenario *s, int line, int year)
{
    const bb_schema *sc = s->schema;
    int y = year - sc->year0;
    if (sc->budget_row0 < 0 || line < 0 || line >= s->nlines || y < 0 || y >= sc->nyears)
        return -1;
    return sc->budget_row0 + line * sc->nyears + y;
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
    for (int i = 0; i < M_COUNT; i++)
        if (!strcmp(METRICS[i].name, name))
            return METRICS[i].e.undef;
    for (int i = 0; i < C_COUNT; i++)
        if (fits_pattern(COLS[i].fmt, name))
            return COLS[i].e.undef;
    return 0;
}

/* ------------------------------------------------------------------ */
/* a replication's statistics                                          */
/* ------------------------------------------------------------------ */

int res_new(bb_sim *m)
{
    const bb_schema *sc = m->s->schema;
    m->row = calloc((size_t)sc->ncols, sizeof *m->row);
    m->metrics = malloc((size_t)(sc->nrows ? sc->nrows : 1) * sizeof *m->metrics);
    if (!m->row || !m->metrics)
        return -1;
    memcpy(m->metrics, sc->rows, (size_t)sc->nrows * sizeof *m->metrics);
    return 0;
}

void res_free(bb_sim *m)
{
    free(m->leads.v);
    free(m->leads.g);
    free(m->leads.scratch);
    free(m->row);
    free(m->metrics);
}

/* Bring every time-weighted level up to now. */
void res_sync(bb_sim *m)
{
    for (int p = 0; p < BB_POOLS; p++) {
        pool *P = &m->pool[p];
        tw_set(m, &P->q, P->q.v);
        tw_set(m, &P->avail, P->avail.v);
        tw_set(m, &P->fte_tw, P->fte_tw.v);
    }
    for (int p = 0; p < m->s->nprov; p++) {
        provider *P = &m->prov[p];
        tw_set(m, &P->used_tw, P->used_tw.v);
        tw_set(m, &P->cap_tw, P->cap_tw.v);
        tw_set(m, &P->cases_tw, P->cases_tw.v);
        tw_set(m, &P->over_tw, P->over_tw.v);
    }
    for (int l = 1; l < BB_LEVELS; l++)
        tw_set(m, &m->active_tw[l], m->active_tw[l].v);
    tw_set(m, &m->deciding_tw, m->deciding_tw.v);
    tw_set(m, &m->borrowed_tw, m->borrowed_tw.v);
    tw_set(m, &m->unprot_tw, m->unprot_tw.v);
    tw_set(m, &m->down_tw, m->down_tw.v);
    for (int u = 0; u < bb_nunits(m->s); u++) {
        tw_set(m, &m->wf[u].filled, m->wf[u].filled.v);
        tw_set(m, &m->wf[u].op, m->wf[u].op.v);
    }
}

/* EV_WARMUP: statistics start now. */
void res_start(bb_sim *m)
{
    intake_accrue_triage(m, m->now); /* closed signals before now are not counted */
    res_sync(m); /* areas up to now are not counted */
    m->stats_on = true;
}

/* A case is protected for the first time: its lead time counts. */
void res_first_protected(bb_sim *m, bcase *c)
{
    if (c->ever_protected)
        return;
    c->ever_protected = true;
    m->protected_total++;
    m->p_protected++;
    if (!c->counted)
        return; /* started before the statistics (initial state, warm-up) */
    double lead = m->now - c->t_in;
    double target = c->acute ? m->s->target_acute_h : m->s->target_regular_h;
    int groups_of[3] = {c->acute ? LT_ACUTE : LT_REGULAR, LT_ALL, LT_ALL + c->level};
    for (int i = 0; i < 3; i++) {
        struct lt_group *g = &m->lt[groups_of[i]];
        rm_add(&g->mean, lead);
        g->n++;
        if (lead <= target + EPS)
            g->within++;
    }
    lead_log *L = &m->leads;
    if (L->n == L->cap) {
        size_t cap = L->cap ? 2 * L->cap : 4096;
        double *v = realloc(L->v, cap * sizeof *v);
        if (v)
            L->v = v;
        unsigned char *gg = v ? realloc(L->g, cap) : NULL;
        if (gg)
            L->g = gg;
        if (!v || !gg) {
            snprintf(m->error, sizeof m->error,
                     "out of memory keeping %zu lead times", L->n);
            return;
        }
        L->cap = cap;
    }
    L->v[L->n] = lead;
    L->g[L->n++] = (unsigned char)((c->acute ? 1 : 0) | c->level << 1);
    rm_add(&m->exec_wait, m->now - c->t_decided);
}

/* Is lead time i (of m->leads) in group k (acute, regular, all, level 1..4)? */
static bool in_group(const lead_log *L, size_t i, int k)
{
    unsigned g = L->g[i];
    return k == LT_ALL || (k == LT_ACUTE && (g & 1)) || (k == LT_REGULAR && !(g & 1)) ||
           (k > LT_ALL && (int)(g >> 1) == k - LT_ALL);
}

/* Gather the lead times of group k from leads.v[from] on into the scratch
 * array; their number, or 0 when memory runs out. */
static size_t lead_gather(bb_sim *m, int k, size_t from)
{
    lead_log *L = &m->leads;
    if (L->scratch_cap < L->n) {
        double *x = realloc(L->scratch, L->n * sizeof *x);
        if (!x)
            return 0;
        L->scratch = x;
        L->scratch_cap = L->n;
    }
    size_t n = 0;
    for (size_t i = from; i < L->n; i++)
        if (in_group(L, i, k))
            L->scratch[n++] = L->v[i];
    return n;
}

/* The value of period column id (group g) at the end of a period of
 * length len; p50/p90 of the period's lead times in lp (C_LEAD_P50 first). */
static double col_value(bb_sim *m, int id, int g, double len, double *lp)
{
    const pool *P = g >= 0 && g < BB_POOLS ? &m->pool[g] : NULL;
    switch ((enum col)id) {
    case C_T_DAYS: return m->period_start / 24.0;
    case C_ARRIVALS: return (double)m->p_arrived;
    case C_DECIDED: return (double)m->p_decided;
    case C_NEWLY_PROTECTED: return (double)m->p_protected;
    case C_PROTECTED_NOW: return m->protected_now;
    case C_UNPROTECTED: return m->unprotected;
    case C_DOWNGRADED: return m->downgraded;
    case C_BORROWED_FTE: return m->borrowed_tw.aperiod / len;
    case C_BORROWED_FTE_YEARS: return m->borrowed_tw.area / HOURS_PER_YEAR;
    case C_LEAD_P50: {
        /* the lead times of the cases protected in this period, exact */
        size_t nl = lead_gather(m, LT_ALL, m->lead_p0);
        lp[0] = bb_quantile_select(m->leads.scratch, nl, 0.50);
        lp[1] = bb_quantile_select(m->leads.scratch, nl, 0.90);
        if (nl > 0) {
            m->last_p50 = lp[0];
            m->last_p90 = lp[1];
        }
        m->lead_p0 = m->leads.n;
        return lp[0];
    }
    case C_LEAD_P90: return lp[1];
    case C_COST_TO_DATE: return m->cost_total;
    case C_QUEUE:
        return g < BB_POOLS ? m->pool[g].qlen
               : g == BB_STAGE_DECISION ? m->deciding : m->pend_n[PEND_WAIT];
    case C_WAIT:
        return P->wait_n_period ? P->wait_sum_period / (double)P->wait_n_period : NAN;
    case C_UTIL: return P->avail.aperiod > 0 ? P->work_period / P->avail.aperiod : NAN;
    case C_ACTIVE_LEVEL: return m->active_level[g + 1];
    case C_PROV_CASES: return m->prov[g].cases;
    case C_PROV_USED: return m->prov[g].used_tw.aperiod / len;
    case C_PROV_CAP: return m->prov[g].cap_tw.aperiod / len;
    case C_UNIT_OP: return wf_op_fte(m, g);
    case C_UNIT_TRAINING: return m->wf[g].training + m->wf[g].ready;
    case C_UNIT_RECRUITING: return m->wf[g].recruiting;
    case C_COUNT: break;
    }
    return NAN;
}

/* EV_PERIOD (and the horizon): the period's row, then its accumulators
 * start again. */
void res_period_end(bb_sim *m)
{
    const bb_scenario *s = m->s;
    const bb_schema *sc = s->schema;
    double len = m->now - m->period_start;
    if (len <= 0)
        return;
    intake_accrue_triage(m, m->now);
    res_sync(m);
    wf_accrue_cost(m);
    double lp[2] = {NAN, NAN};
    for (int i = 0; i < sc->ncols; i++)
        m->row[i] = col_value(m, sc->col[i].id, sc->col[i].g, len, lp);
    if (m->on_period)
        m->on_period(m, m->on_period_ud);
    /* reset the period accumulators */
    m->p_arrived = m->p_decided = m->p_protected = 0;
    for (int p = 0; p < BB_POOLS; p++) {
        pool *P = &m->pool[p];
        P->q.aperiod = P->avail.aperiod = 0;
        P->work_period = P->wait_sum_period = 0;
        P->wait_n_period = 0;
    }
    m->borrowed_tw.aperiod = 0;
    for (int p = 0; p < s->nprov; p++)
        m->prov[p].used_tw.aperiod = m->prov[p].cap_tw.aperiod = 0;
    m->period_start = m->now;
}

/* ------------------------------------------------------------------ */
/* state and metric rows                                               */
/* ------------------------------------------------------------------ */

void bb_sim_state(const bb_sim *m, bb_state *st)
{
    const bb_scenario *s = m->s;
    memset(st, 0, sizeof *st);
    st->t = m->now;
    st->day = s->start_day + (int)bb_floor(m->now / 24.0);
    for (int p = 0; p < BB_POOLS; p++) {
        st->queue[p] = m->pool[p].qlen;
        st->in_service[p] = m->pool[p].busy_office + m->pool[p].busy_duty;
        st->pool_fte[p] = m->pool[p].fte;
        st->pool_servers[p] = m->pool[p].servers;
    }
    st->queue[BB_STAGE_DECISION] = m->deciding;
    st->queue[BB_STAGE_EXECUTION] = m->pend_n[PEND_WAIT];
    st->n_providers = s->nprov;
    for (int p = 0; p < s->nprov; p++) {
        st->prov_capacity[p] = m->prov[p].cap;
        st->prov_used[p] = m->prov[p].used;
        st->prov_cases[p] = m->prov[p].cases;
    }
    for (int u = 0; u < bb_nunits(s); u++) {
        const unit_wf *w = &m->wf[u];
        double pipe = w->recruiting + w->training + w->ready;
        if (u < BB_POOLS)
            st->pool_pipeline_fte[u] = pipe;
        else
            st->prov_pipeline_fte[u - BB_POOLS] = pipe;
    }
    st->borrowed_fte = m->basic_used;
    double dt = m->now - m->borrowed_tw.last;
    st->borrowed_fte_years = (m->borrowed_tw.area + (m->stats_on ? m->borrowed_tw.v * dt : 0)) / HOURS_PER_YEAR;
    for (int l = 0; l < BB_LEVELS; l++)
        st->active_by_level[l] = m->active_level[l];
    st->protected_now = m->protected_now;
    st->waiting_unprotected = m->unprotected;
    st->downgraded = m->downgraded;
    for (int i = 0; i < s->ncat; i++)
        st->arrived += m->arrived[i];
    for (int l = 0; l < BB_LEVELS; l++)
        st->decided += m->decided[l];
    st->protected_total = m->lt[LT_ALL].n;
    st->within_target = m->lt[LT_ALL].within;
    st->lead_p50_h = m->last_p50;
    st->lead_p90_h = m->last_p90;
    double pending = wf_pending_cost(m);
    st->cost_to_date = m->cost_total + pending;
    int y = bb_date_year(st->day) - m->year0;
    st->cost_year = (y >= 0 && y < MAX_YEARS ? m->cost_year[y] : 0) + pending;
    for (int l = 0; l < s->nlines; l++) {
        st->line_budget_year += bb_line_budget(&s->line[l], bb_date_year(st->day));
        if (y >= 0 && y < MAX_YEARS)
            st->line_cost_year += m->cost_line[l + 1][y]; /* accrued to the last week */
    }
}

int bb_sim_period_columns(const bb_sim *m, const char ***names)
{
    *names = (const char **)m->s->schema->cols;
    return m->s->schema->ncols;
}

const double *bb_sim_period_row(const bb_sim *m) { return m->row; }

static double rmean(const runmean *w)
{
    return w->n ? w->mean : NAN;
}

/* The value of metric id (group g) over the run of length T; the lead
 * times of an O_LT group are gathered at M_LEAD_P50 (nl: their count). */
static double metric_value(bb_sim *m, int id, int g, double T, size_t *nl)
{
    const bb_scenario *s = m->s;
    const pool *P = g >= 0 && g < BB_POOLS ? &m->pool[g] : NULL;
    const provider *V = g >= 0 && g < s->nprov ? &m->prov[g] : NULL;
    const struct lt_group *x = g >= 0 && g < LT_GROUPS ? &m->lt[g] : NULL;
    const unit_wf *w = g >= 0 && g < BB_UNITS ? &m->wf[g] : NULL;
    const bb_schema *sc = s->schema;
    switch ((enum metric)id) {
    case M_ARRIVALS_ALL: {
        long arrived = 0;
        for (int i = 0; i < s->ncat; i++)
            arrived += m->arrived[i];
        return (double)arrived;
    }
    case M_ARRIVALS: return (double)m->arrived[g];
    case M_CLOSED_AT_TRIAGE: return (double)m->triaged;
    case M_DECIDED: return (double)m->decided[g];
    case M_FIRST_SHARE: {
        long nfirst = 0;
        for (int k = 1; k < 5; k++)
            nfirst += m->first_state[k];
        return nfirst ? (double)m->first_state[g + 1] / (double)nfirst : NAN;
    }
    case M_PROTECTED: return (double)x->n;
    case M_LEAD_MEAN: return rmean(&x->mean);
    case M_LEAD_P50:
        *nl = x->n ? lead_gather(m, g, 0) : 0;
        return bb_quantile_select(m->leads.scratch, *nl, 0.50);
    case M_LEAD_P90: return bb_quantile_select(m->leads.scratch, *nl, 0.90);
    case M_LEAD_P95: return bb_quantile_select(m->leads.scratch, *nl, 0.95);
    case M_WITHIN: return x->n ? (double)x->within / (double)x->n : NAN;
    case M_POOL_WAIT: return rmean(&P->wait);
    case M_POOL_QMEAN: return P->q.area / T;
    case M_POOL_QMAX: return P->q.max;
    case M_POOL_QEND: return P->qlen;
    case M_POOL_UTIL: return P->avail.area > 0 ? P->work_total / P->avail.area : NAN;
    case M_DECISION_WAIT: return rmean(&m->decision_wait);
    case M_DECISION_QMEAN: return m->deciding_tw.area / T;
    case M_EXEC_WAIT: return rmean(&m->exec_wait);
    case M_EXEC_QMEAN: return m->unprot_tw.area / T;
    case M_EXEC_QEND: return m->unprotected;
    case M_ACTIVE_MEAN: return m->active_tw[g + 1].area / T;
    case M_ACTIVE_END: return m->active_level[g + 1];
    case M_PROV_ACTIVE_MEAN: return V->cases_tw.area / T;
    case M_PROV_ACTIVE_END: return V->cases;
    case M_PROV_USED_MEAN: return V->used_tw.area / T;
    case M_PROV_UTIL: return V->cap_tw.area > 0 ? V->used_tw.area / V->cap_tw.area : NAN;
    case M_PROV_OVER: return V->over_tw.area / T;
    case M_UNIT_OP_MEAN: return w->op.area / T;
    case M_UNIT_OP_END: return wf_op_fte(m, g);
    case M_UNIT_PIPE_END: return w->recruiting + w->training + w->ready;
    case M_BORROWED_MEAN: return m->borrowed_tw.area / T;
    case M_BORROWED_MAX: return m->borrowed_tw.max;
    case M_BORROWED_YEARS: return m->borrowed_tw.area / HOURS_PER_YEAR;
    case M_UNPROT_DAYS: return m->unprot_tw.area / 24.0;
    case M_UNDERPROT_DAYS: return m->down_tw.area / 24.0;
    case M_COST_YEAR: return m->cost_year[g];
    case M_COST_TOTAL: return m->cost_total;
    case M_BUDGET_COST: return m->cost_line[g / sc->nyears + 1][g % sc->nyears];
    case M_EVENTS: return (double)m->events;
    case M_COUNT: break;
    }
    return NAN;
}

int bb_sim_metrics(bb_sim *m, const bb_metric **rows)
{
    const bb_scenario *s = m->s;
    const bb_schema *sc = s->schema;
    double T = (m->now - (s->warmup_h > 0 ? s->warmup_h : 0));
    if (T <= 0)
        T = 1;
    res_sync(m);
    size_t nl = 0;
    for (int i = 0; i < sc->nrows; i++)
        m->metrics[i].value = metric_value(m, sc->row[i].id, sc->row[i].g, T, &nl);
    *rows = m->metrics;
    return sc->nrows;
}
