/*
 * results.c - what a replication reports: the lead-time records, the
 * period row, the yearly sums, the metric rows and the live state.
 *
 * Lead times without survivor bias. Every counted case whose decided
 * level is above 0 gets a record at intake (its level is known then: it
 * was drawn at intake). The record keeps the time to the first protective
 * action (interim or package, whichever comes first) and to the
 * definitive package in place (its own or the borrowed package of its
 * level; a lighter package is a first action, not the definitive one),
 * INFINITY until reached. A case's share of a target counts once its
 * target time has passed within the run: within if reached by then, not
 * within otherwise, also when its threat ended first (never protected)
 * or it was still waiting at the end. Quantiles are taken over the same
 * cases, the unreached ones as infinite: a quantile that falls on them
 * is undefined (the share of cases served in that time is below it).
 *
 * Statistics are time-weighted levels (`tw`, in state.h), running means,
 * the records, and the definitive lead times of each period's cases for
 * its median and p90. The names and order of every value are those of
 * the schema (schema.c).
 */
#include "model/schema.h"
#include <stdlib.h>
#include <string.h>

int res_new(bb_sim *m)
{
    const bb_schema *sc = m->s->schema;
    m->row = calloc((size_t)(sc->ncols ? sc->ncols : 1), sizeof *m->row);
    m->metrics = malloc((size_t)(sc->nrows ? sc->nrows : 1) * sizeof *m->metrics);
    m->nbneck = sc->nbneck;
    m->bneck_weeks = calloc((size_t)(sc->nyears ? sc->nyears : 1) * (size_t)sc->nbneck,
                            sizeof *m->bneck_weeks);
    if (!m->row || !m->metrics || !m->bneck_weeks)
        return -1;
    memcpy(m->metrics, sc->rows, (size_t)sc->nrows * sizeof *m->metrics);
    return 0;
}

void res_free(bb_sim *m)
{
    free(m->recs.r);
    ltg_free(m);
    free(m->leads.v);
    free(m->row);
    free(m->metrics);
    free(m->bneck_weeks);
}

/* Bring every time-weighted level up to now (each one: their sums are
 * counted from tw_t0, which moves to now). */
void res_sync(bb_sim *m)
{
    for (int p = 0; p < BB_POOLS; p++) {
        pool *P = &m->pool[p];
        tw_fold(m, &P->q);
        tw_fold(m, &P->avail);
        tw_fold(m, &P->fte_tw);
    }
    for (int p = 0; p < m->s->nprov; p++) {
        provider *P = &m->prov[p];
        tw_fold(m, &P->used_tw);
        tw_fold(m, &P->cap_tw);
        tw_fold(m, &P->cases_tw);
        tw_fold(m, &P->over_tw);
        tw_fold(m, &P->wait_tw);
    }
    for (int r = 0; r < m->s->nreg; r++) {
        if (m->s->nreg > 1) /* one region: its need level is replaced below */
            tw_fold(m, &m->rs[r].need_tw);
        tw_fold(m, &m->rs[r].borrowed_tw);
    }
    for (int l = 0; l < BB_LEVELS; l++) {
        tw_fold(m, &m->active_tw[l]);
        tw_fold(m, &m->need_lv_tw[l]);
    }
    tw *t[] = {&m->borrowed_tw, &m->deciding_tw, &m->acute_tw, &m->unmet_tw, &m->basic_wait_tw,
               &m->unprot_tw, &m->need_tw, &m->down_tw, &m->interim_tw, &m->iwait_tw, &m->cont_tw};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        tw_fold(m, t[i]);
    for (int u = 0; u < bb_nunits(m->s); u++) {
        tw_fold(m, &m->wf[u].filled);
        tw_fold(m, &m->wf[u].op);
    }
    m->tw_t0 = m->now;
    /* one region: its cases needing measures are the nation's, a level
     * counted once (hold_count_case) and given to the region here, where
     * every reader of it syncs first */
    if (m->s->nreg == 1)
        m->rs[0].need_tw = m->need_tw;
}

/* EV_WARMUP: statistics start now. */
void res_start(bb_sim *m)
{
    intake_accrue_triage(m, m->now); /* closed signals before now are not counted */
    res_sync(m); /* areas up to now are not counted */
    m->stats_on = true;
    m->stats_t0 = m->now;
}

/* ------------------------------------------------------------------ */
/* lead-time records                                                   */
/* ------------------------------------------------------------------ */

/* A counted case comes in: its record, if its decided level needs
 * measures (the level was drawn at intake; a surge forces it). */
void res_new_record(bb_sim *m, bcase *c)
{
    c->rec = NO_REC;
    if (!c->counted)
        return;
    const bb_scenario *s = m->s;
    int L = c->level > 0 ? c->level : case_level(m, c);
    if (L <= 0 || s->level[L].nopt == 0)
        return;
    recs *R = &m->recs;
    if (R->n == R->cap) {
        size_t cap = R->cap ? 2 * R->cap : 4096;
        crec *r = realloc(R->r, cap * sizeof *r);
        if (!r) {
            snprintf(m->error, sizeof m->error, "out of memory keeping %zu case records", R->n);
            return;
        }
        R->r = r;
        R->cap = cap;
    }
    c->rec = (uint32_t)R->n;
    R->r[R->n++] = (crec){.t_in = c->t_in, .lead = {INFINITY, INFINITY}, .cat = c->cat,
                          .level = (uint8_t)L, .acute = c->acute, .region = (uint8_t)c->region};
    R->of_urgency[c->acute]++;
}

/* A case is protected now: by its interim measure or a lighter package
 * (definitive false), or by its own or borrowed package. */
void res_protected(bb_sim *m, bcase *c, bool definitive)
{
    if (!c->ever_protected) {
        c->ever_protected = true;
        m->protected_total++;
    }
    if (c->rec == NO_REC)
        return;
    crec *r = &m->recs.r[c->rec];
    double lead = m->now - c->t_in;
    if (isinf(r->lead[BB_FIRST_ACTION]))
        r->lead[BB_FIRST_ACTION] = lead;
    if (!definitive || !isinf(r->lead[BB_DEFINITIVE]))
        return;
    r->lead[BB_DEFINITIVE] = lead;
    m->p_protected++;
    rm_add(&m->exec_wait, m->now - c->t_decided);
    lead_log *L = &m->leads;
    if (L->n == L->cap) {
        size_t cap = L->cap ? 2 * L->cap : 4096;
        double *v = realloc(L->v, cap * sizeof *v);
        if (!v) {
            snprintf(m->error, sizeof m->error, "out of memory keeping %zu lead times", L->n);
            return;
        }
        L->v = v;
        L->cap = cap;
    }
    L->v[L->n++] = lead;
}

/* The case's threat ended before anything was in place. */
void res_never_protected(bb_sim *m, bcase *c)
{
    if (c->rec == NO_REC)
        return;
    bool assigned = (c->x == X_OWN || c->x == X_DOWN || c->x == X_BORROWED) && !c->in_place;
    m->recs.r[c->rec].never = c->t_decided < 0 ? NP_ASSESSMENT
                              : assigned       ? NP_LEAD_TIME
                                               : NP_NO_CAPACITY;
}

static double target(const bb_sim *m, const crec *r, int kind)
{
    return m->s->target_h[r->acute][kind];
}

/* Count the records whose target time passed up to now: per kind and
 * urgency a cursor over the records (in order of t_in). */
static void count_due(bb_sim *m)
{
    recs *R = &m->recs;
    for (int k = 0; k < BB_KINDS; k++)
        for (int u = 0; u < 2; u++) {
            size_t i = R->due[k][u];
            if (R->of_urgency[u] == 0)
                continue; /* none of this urgency: nothing to pass over */
            for (; i < R->n; i++) {
                const crec *r = &R->r[i];
                if (r->acute != u)
                    continue;
                double T = target(m, r, k);
                if (r->t_in + T > m->now)
                    break;
                m->due_period[k]++;
                m->within_period[k] += r->lead[k] <= T + EPS;
            }
            R->due[k][u] = i;
        }
}

/* ------------------------------------------------------------------ */
/* periods and years                                                   */
/* ------------------------------------------------------------------ */

/* FTE of the providers whose staff come from the basic teams, as a
 * time-weighted level's field (area or aperiod). */
static double from_basic(const bb_sim *m, bool period)
{
    double a = 0;
    for (int p = 0; p < m->s->nprov; p++)
        if (m->s->prov[p].from_basic) {
            const tw *t = &m->wf[BB_POOLS + p].op;
            a += period ? t->aperiod : t->area;
        }
    return a;
}

/* The stage or provider with the most case-hours waiting for it in the
 * period; 0 (none) when it averages less than one case. */
static int bottleneck(const bb_sim *m, double len)
{
    double best = len;
    int who = 0;
    for (int p = 0; p < BB_POOLS; p++)
        if (m->pool[p].q.aperiod > best) {
            best = m->pool[p].q.aperiod;
            who = 1 + p;
        }
    for (int p = 0; p < m->s->nprov; p++)
        if (m->prov[p].wait_tw.aperiod > best) {
            best = m->prov[p].wait_tw.aperiod;
            who = 1 + BB_POOLS + p;
        }
    if (m->basic_wait_tw.aperiod > best)
        who = 1 + BB_POOLS + m->s->nprov;
    return who;
}

static int year_of(const bb_sim *m, double t)
{
    return bb_date_year(m->s->start_day + (int)bb_floor(t / 24.0)) - m->year0;
}

/* The value of period column id (group g) at the end of a period of
 * length len; p50/p90 of the period's lead times in lp (C_LEAD_P50 first). */
static double col_value(bb_sim *m, int id, int g, double len, double *lp, int bneck)
{
    const pool *P = g >= 0 && g < BB_POOLS ? &m->pool[g] : NULL;
    switch ((enum col)id) {
    case C_T_DAYS: return m->period_start / 24.0;
    case C_ARRIVALS: return (double)m->p_arrived;
    case C_DECIDED: return (double)m->p_decided;
    case C_NEWLY_PROTECTED: return (double)m->p_protected;
    case C_PROTECTED_NOW: return m->protected_now;
    case C_UNPROTECTED: return m->unprotected;
    case C_UNPROT_NEED: return m->unprot_need;
    case C_DOWNGRADED: return m->downgraded;
    case C_INTERIM_NOW: return m->interim_now;
    case C_INTERIM_WAIT: return m->interim_waiting;
    case C_BORROWED_FTE: return m->borrowed_tw.aperiod / len;
    case C_BORROWED_ACUTE: return m->acute_tw.aperiod / len;
    case C_BORROWED_FTE_YEARS: return m->borrowed_tw.area / HOURS_PER_YEAR;
    case C_UNMET: return m->unmet_tw.aperiod / len;
    case C_PRESSURE: return (m->borrowed_tw.aperiod + from_basic(m, true)) / len;
    case C_CONTINUOUS: return m->continuous;
    case C_LEAD_P50: {
        /* the lead times of the cases whose package came in place in this
         * period, exact */
        lead_log *L = &m->leads;
        size_t nl = L->n - L->p0;
        double *lv = L->v ? L->v + L->p0 : NULL; /* no log yet: NULL + 0 is UB */
        static const double F[2] = {0.50, 0.90};
        bb_quantiles_select(lv, nl, F, 2, lp);
        if (nl > 0) {
            m->last_p50 = lp[0];
            m->last_p90 = lp[1];
        }
        L->n = L->p0 = 0; /* the next period starts the log again, in the same memory */
        return lp[0];
    }
    case C_LEAD_P90: return lp[1];
    case C_FA_DUE: return (double)m->due_period[BB_FIRST_ACTION];
    case C_FA_WITHIN: return (double)m->within_period[BB_FIRST_ACTION];
    case C_DEF_DUE: return (double)m->due_period[BB_DEFINITIVE];
    case C_DEF_WITHIN: return (double)m->within_period[BB_DEFINITIVE];
    case C_COST_TO_DATE: return m->cost_total;
    case C_OPP_TO_DATE: return m->opp_total;
    case C_BNECK: return bneck;
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
    case C_REGION_IN: return (double)m->rs[g].p_in;
    case C_REGION_PROT: return m->rs[g].prot;
    case C_REGION_UNPROT: return m->rs[g].unprot;
    case C_REGION_NEED: return m->rs[g].need;
    case C_REGION_BORROWED: return m->rs[g].borrowed_tw.aperiod / len;
    case C_REGION_ASSISTED: return m->rs[g].assisted;
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
    count_due(m);
    int bneck = bottleneck(m, len);
    int y = year_of(m, m->period_start);
    if (m->stats_on && y >= 0 && y < sc->nyears)
        m->bneck_weeks[y * m->nbneck + bneck]++;
    double lp[2] = {NAN, NAN};
    for (int i = 0; i < sc->ncols; i++)
        m->row[i] = col_value(m, sc->col[i].id, sc->col[i].g, len, lp, bneck);
    if (m->on_period)
        m->on_period(m, m->on_period_ud);
    /* reset the period accumulators */
    m->p_arrived = m->p_decided = m->p_protected = 0;
    for (int k = 0; k < BB_KINDS; k++) {
        m->due_total[k] += m->due_period[k];
        m->within_total[k] += m->within_period[k];
        m->due_period[k] = m->within_period[k] = 0;
    }
    for (int p = 0; p < BB_POOLS; p++) {
        pool *P = &m->pool[p];
        P->q.aperiod = P->avail.aperiod = 0;
        P->work_period = P->wait_sum_period = 0;
        P->wait_n_period = 0;
    }
    m->borrowed_tw.aperiod = m->acute_tw.aperiod = m->unmet_tw.aperiod = m->basic_wait_tw.aperiod = 0;
    for (int p = 0; p < s->nprov; p++)
        m->prov[p].used_tw.aperiod = m->prov[p].cap_tw.aperiod = m->prov[p].wait_tw.aperiod = 0;
    for (int u = 0; u < bb_nunits(s); u++)
        m->wf[u].op.aperiod = 0;
    for (int r = 0; r < s->nreg; r++) {
        m->rs[r].p_in = 0;
        m->rs[r].borrowed_tw.aperiod = 0;
    }
    m->period_start = m->now;
}

/* The cumulative value of yearly series k now. */
static double y_cum(bb_sim *m, int k)
{
    switch ((enum yser)k) {
    case Y_BORROWED: return m->borrowed_tw.area;
    case Y_UNMET: return m->unmet_tw.area;
    case Y_PRESSURE: return m->borrowed_tw.area + from_basic(m, false);
    case Y_UNPROT: return m->unprot_tw.area;
    case Y_NEED: return m->need_tw.area;
    case Y_DOWN: return m->down_tw.area;
    case Y_INTERIM: return m->interim_tw.area;
    case Y_INTERIM_WAIT: return m->iwait_tw.area;
    case Y_CONTINUOUS: return m->cont_tw.area;
    case Y_Q_INFO: return m->pool[BB_STAGE_INFORMATION].q.area;
    case Y_Q_ADV_DEC: return m->pool[BB_STAGE_ADVICE_DECENTRAL].q.area;
    case Y_Q_ADV_CEN: return m->pool[BB_STAGE_ADVICE_CENTRAL].q.area;
    case Y_Q_DECISION: return m->deciding_tw.area;
    case Y_HOURS: return m->stats_on ? m->now - m->stats_t0 : 0;
    case Y_ARRIVED: {
        long a = 0;
        for (int i = 0; i < m->s->ncat; i++)
            a += m->arrived[i];
        return (double)a;
    }
    case Y_SERIES: break;
    }
    return 0;
}

/* EV_YEAR and the horizon: the sums of the year that ends now. */
void res_year_end(bb_sim *m)
{
    intake_accrue_triage(m, m->now);
    res_sync(m);
    int y = year_of(m, m->now - 1e-6);
    for (int k = 0; k < Y_SERIES; k++) {
        double c = y_cum(m, k);
        if (y >= 0 && y < MAX_YEARS)
            m->y_val[k][y] += c - m->y_last[k];
        m->y_last[k] = c;
    }
    for (int r = 0; r < m->s->nreg; r++) {
        struct rstat *R = &m->rs[r];
        if (y >= 0 && y < MAX_YEARS) {
            R->y_need[y] += R->need_tw.area - R->y_last[0];
            R->y_borrowed[y] += R->borrowed_tw.area - R->y_last[1];
        }
        R->y_last[0] = R->need_tw.area;
        R->y_last[1] = R->borrowed_tw.area;
    }
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
    /* the view's providers: a regional one summed over its regions */
    st->n_providers = s->nfam;
    for (int p = 0; p < s->nprov; p++) {
        int f = s->prov[p].fam;
        st->prov_capacity[f] += m->prov[p].cap;
        st->prov_used[f] += m->prov[p].used;
        st->prov_cases[f] += m->prov[p].cases;
    }
    for (int u = 0; u < bb_nunits(s); u++) {
        const unit_wf *w = &m->wf[u];
        double pipe = w->recruiting + w->training + w->ready;
        if (u < BB_POOLS)
            st->pool_pipeline_fte[u] = pipe;
        else
            st->prov_pipeline_fte[s->prov[u - BB_POOLS].fam] += pipe;
    }
    st->borrowed_fte = m->basic_used + m->acute_used;
    st->borrowed_acute_fte = m->acute_used;
    st->borrow_limit_fte = s->basic_cap_fte;
    st->borrow_acute_limit_fte = s->basic_acute_cap_fte;
    st->borrow_unmet_fte = m->unmet;
    st->borrowed_fte_years =
        (m->borrowed_tw.area + (m->stats_on ? tw_pending(m, &m->borrowed_tw) : 0)) / HOURS_PER_YEAR;
    for (int l = 0; l < BB_LEVELS; l++)
        st->active_by_level[l] = m->active_level[l];
    st->protected_now = m->protected_now;
    st->waiting_unprotected = m->unprotected;
    st->unprotected_needing = m->unprot_need;
    st->downgraded = m->downgraded;
    st->interim_now = m->interim_now;
    st->interim_waiting = m->interim_waiting;
    st->continuous_persons = m->continuous;
    for (int i = 0; i < s->ncat; i++)
        st->arrived += m->arrived[i];
    for (int l = 0; l < BB_LEVELS; l++)
        st->decided += m->decided[l];
    st->protected_total = m->protected_total;
    for (int k = 0; k < BB_KINDS; k++) {
        st->due[k] = m->due_total[k];
        st->within[k] = m->within_total[k];
    }
    st->within_target = m->within_total[BB_DEFINITIVE];
    st->lead_p50_h = m->last_p50;
    st->lead_p90_h = m->last_p90;
    double cash, opp;
    wf_pending_cost(m, &cash, &opp);
    st->cost_to_date = m->cost_total + cash;
    st->opportunity_to_date = m->opp_total + opp;
    int y = bb_date_year(st->day) - m->year0;
    st->cost_year = (y >= 0 && y < MAX_YEARS ? m->cost_year[y] : 0) + cash;
    for (int l = 0; l < s->nlines; l++) {
        st->line_budget_year += bb_line_budget(&s->line[l], bb_date_year(st->day));
        if (y >= 0 && y < MAX_YEARS)
            st->line_cost_year += m->cost_line[l + 1][y]; /* accrued to the last week */
        for (int k = 0; k < MAX_YEARS; k++)
            st->line_cost_to_date += m->cost_line[l + 1][k];
    }
}

int bb_sim_period_columns(const bb_sim *m, const char ***names)
{
    *names = (const char **)m->s->schema->cols;
    return m->s->schema->ncols;
}

const double *bb_sim_period_row(const bb_sim *m) { return m->row; }

const char *bb_sim_period_label(const bb_sim *m, int col)
{
    return col >= 0 && col < m->s->schema->ncols ? bb_scenario_column_label(m->s, col, m->row[col])
                                                 : NULL;
}

static double rmean(const runmean *w)
{
    return w->n ? w->mean : NAN;
}

static double ratio(long a, size_t n) { return n ? (double)a / (double)n : NAN; }

/* The value of metric row r over the run of length T; st caches the
 * lead-time figures of the row's group and year. */
static double metric_value(bb_sim *m, const srow *r, double T)
{
    const bb_scenario *s = m->s;
    int g = r->g, y = r->y;
    const pool *P = g >= 0 && g < BB_POOLS ? &m->pool[g] : NULL;
    const provider *V = g >= 0 && g < s->nprov ? &m->prov[g] : NULL;
    const unit_wf *w = g >= 0 && g < BB_UNITS ? &m->wf[g] : NULL;
    const ltg_stats *st = NULL;
    if ((r->id >= M_NEEDING && r->id <= M_NEVER) || (r->id >= Y_NEEDING && r->id <= Y_NEVER))
        st = ltg_get(m, g, y);
    double yh = y >= 0 ? m->y_val[Y_HOURS][y] : 0;
    double yT = yh > 0 ? yh : NAN; /* the year's hours in the statistics */
    switch ((enum metric)r->id) {
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
    case M_NEEDING:
    case Y_NEEDING: return (double)st->needing;
    case M_FA_P50:
    case Y_FA_P50: return st->q[BB_FIRST_ACTION][0];
    case M_FA_P90:
    case Y_FA_P90: return st->q[BB_FIRST_ACTION][1];
    case M_FA_P95: return st->q[BB_FIRST_ACTION][2];
    case M_FA_WITHIN:
    case Y_FA_WITHIN: return ratio(st->within[BB_FIRST_ACTION], st->n[BB_FIRST_ACTION]);
    case M_LEAD_P50:
    case Y_LEAD_P50: return st->q[BB_DEFINITIVE][0];
    case M_LEAD_P90:
    case Y_LEAD_P90: return st->q[BB_DEFINITIVE][1];
    case M_LEAD_P95: return st->q[BB_DEFINITIVE][2];
    case M_WITHIN:
    case Y_WITHIN: return ratio(st->within[BB_DEFINITIVE], st->n[BB_DEFINITIVE]);
    case M_PROTECTED: return (double)st->protected_def;
    case M_NEVER:
    case Y_NEVER: return (double)st->never;
    case M_NEVER_REASON: /* NP_NO_CAPACITY, NP_LEAD_TIME, NP_ASSESSMENT */
        if (!m->never_counted) { /* the three rows from one pass */
            memset(m->never_by, 0, sizeof m->never_by);
            for (size_t i = 0; i < m->recs.n; i++)
                m->never_by[m->recs.r[i].never & 3]++;
            m->never_counted = true;
        }
        return g + 1 >= 0 && g + 1 < 4 ? (double)m->never_by[g + 1] : 0.0;
    case M_INTERIMS: return (double)m->interims;
    case M_INTERIM_MEAN: return m->interim_tw.area / T;
    case M_INTERIM_WAIT_MEAN: return m->iwait_tw.area / T;
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
    case M_UNMET_MEAN: return m->unmet_tw.area / T;
    case M_PRESSURE_MEAN: return (m->borrowed_tw.area + from_basic(m, false)) / T;
    case M_HOURS_LOST:
        return (m->borrowed_tw.area + from_basic(m, false)) / HOURS_PER_YEAR * s->productive_hours;
    case M_SHIFTS_LOST:
        return (m->borrowed_tw.area + from_basic(m, false)) / HOURS_PER_YEAR * s->productive_hours / 8.0;
    case M_UNPROT_DAYS: return m->need_tw.area / 24.0;
    case M_UNPROT_DAYS_LEVEL: return m->need_lv_tw[g + 1].area / 24.0;
    case M_UNDERPROT_DAYS: return m->down_tw.area / 24.0;
    case M_CONT_MEAN: return m->cont_tw.area / T;
    case M_CONT_END: return m->continuous;
    case M_CASH: return m->cost_total;
    case M_OPPORTUNITY: return m->opp_total;
    case M_BUDGET_COST: {
        double c = 0;
        for (int k = 0; k < MAX_YEARS; k++)
            c += m->cost_line[g + 1][k];
        return c;
    }
    case M_EVENTS: return (double)m->events;
    case M_REGION_IN: return (double)m->rs[g].in;
    case M_REGION_UNPROT_DAYS: return m->rs[g].need_tw.area / 24.0;
    case M_REGION_BORROWED: return m->rs[g].borrowed_tw.area / T;
    case M_REGION_ASSISTS: return (double)m->rs[g].assists;
    case Y_REGION_UNPROT_DAYS: return m->rs[g].y_need[y] / 24.0;
    case Y_REGION_BORROWED: return m->rs[g].y_borrowed[y] / yT;
    case Y_ARRIVALS: return m->y_val[Y_ARRIVED][y];
    case Y_BORROWED_MEAN: return m->y_val[Y_BORROWED][y] / yT;
    case Y_UNMET_MEAN: return m->y_val[Y_UNMET][y] / yT;
    case Y_PRESSURE_MEAN: return m->y_val[Y_PRESSURE][y] / yT;
    case Y_HOURS_LOST: return m->y_val[Y_PRESSURE][y] / HOURS_PER_YEAR * s->productive_hours;
    case Y_SHIFTS_LOST:
        return m->y_val[Y_PRESSURE][y] / HOURS_PER_YEAR * s->productive_hours / 8.0;
    case Y_UNPROT_DAYS: return m->y_val[Y_NEED][y] / 24.0;
    case Y_UNDERPROT_DAYS: return m->y_val[Y_DOWN][y] / 24.0;
    case Y_INTERIM_WAIT_MEAN: return m->y_val[Y_INTERIM_WAIT][y] / yT;
    case Y_CONT_MEAN: return m->y_val[Y_CONTINUOUS][y] / yT;
    case Y_QUEUE_INFO: return m->y_val[Y_Q_INFO][y] / yT;
    case Y_QUEUE_ADV_DEC: return m->y_val[Y_Q_ADV_DEC][y] / yT;
    case Y_QUEUE_ADV_CEN: return m->y_val[Y_Q_ADV_CEN][y] / yT;
    case Y_QUEUE_DECISION: return m->y_val[Y_Q_DECISION][y] / yT;
    case Y_QUEUE_EXEC: return m->y_val[Y_UNPROT][y] / yT;
    case Y_CASH: return m->cost_year[y];
    case Y_OPPORTUNITY: return m->opp_year[y];
    case Y_BUDGET_COST: return m->cost_line[g + 1][y];
    case Y_BNECK_SHARE: {
        long weeks = 0;
        for (int k = 0; k < m->nbneck; k++)
            weeks += m->bneck_weeks[y * m->nbneck + k];
        return weeks ? (double)m->bneck_weeks[y * m->nbneck + g] / (double)weeks : NAN;
    }
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
    ltg_reset(m);
    m->never_counted = false;
    for (int k = 0; k < sc->nrows; k++)
        m->metrics[k].value = metric_value(m, &sc->row[k], T);
    *rows = m->metrics;
    return sc->nrows;
}
