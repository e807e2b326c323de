/*
 * sim.c - one replication's life: create it, run its event loop, free it.
 *
 * bb_sim_new opens the random streams (one per purpose and category, so
 * that scenarios compared on common random numbers draw the same numbers
 * for the same purpose), sets the capacity of every pool and provider,
 * and schedules what the scenario fixes in advance (arrivals, surges,
 * planned demand, FTE changes and investments, periods, years, the
 * horizon); then it puts the starting state in place. The event loop pops
 * the next event (engine.c) and hands it to the module it belongs to;
 * after every event, execution fills the capacity that was freed.
 *
 * A case event carries the case and a tag (the low bits of its id, or of
 * its assignment for EV_IN_PLACE): an event whose case has since closed,
 * or whose slot now holds another case, is stale and ignored.
 */
#include "model/state.h"
#include <stdlib.h>

int sim_push_failed(bb_sim *m, int rc)
{
    if (rc == -2 && !m->error[0])
        snprintf(m->error, sizeof m->error,
                 "more than %zu pending events at %.0f h: the bound (%d x run.max_open_cases "
                 "+ %d) was reached", m->q.max, m->now, BB_EVENTS_PER_OPEN, BB_QUEUE_SLACK);
    else if (rc != 0 && !m->error[0])
        snprintf(m->error, sizeof m->error, "out of memory in the event queue");
    return -1;
}

/* The streams of the intake draws (enum draw), by purpose. */
static const char *const draw_name[D_DRAWS] = {
    "acute", "effort", "advice_effort", "decision", "outcome", "duration", "lead", "mobilise",
};

static bool open_streams(bb_sim *m)
{
    const bb_scenario *s = m->s;
    uint64_t seed = m->seed;
    int rep = m->rep;
    bool ok = true;
    for (int i = 0; i < s->ncat; i++) {
        const char *n = s->cat[i].name;
        ok &= (m->r_arrival[i] = bb_stream_new(seed, rep, "arrival", n)) != NULL;
        ok &= (m->r_triage[i] = bb_stream_new(seed, rep, "triage", n)) != NULL;
        ok &= (m->r_escalation[i] = bb_stream_new(seed, rep, "escalation", n)) != NULL;
        for (int d = 0; d < D_DRAWS; d++)
            ok &= (m->r_draw[d][i] = bb_stream_new(seed, rep, draw_name[d], n)) != NULL;
    }
    for (int i = 0; i < s->ncat; i++)
        m->life_base[i] = bb_stream_seed(seed, rep, "life", s->cat[i].name);
    m->init_base = bb_stream_seed(seed, rep, "life", "");
    ok &= (m->r_initial = bb_stream_new(seed, rep, "initial", "")) != NULL;
    if (s->nreg > 1) { /* a case's region: a stream of its own, only with regions */
        for (int i = 0; i < s->ncat; i++)
            ok &= (m->r_region[i] = bb_stream_new(seed, rep, "region", s->cat[i].name)) != NULL;
        ok &= (m->r_region_init = bb_stream_new(seed, rep, "region", "")) != NULL;
    }
    for (int u = 0; u < bb_nunits(s); u++)
        ok &= (m->r_wf[u] = bb_stream_new(seed, rep, "workforce", bb_unit_name(s, u))) != NULL;
    return ok;
}

/* What the scenario fixes in advance. */
static void schedule_all(bb_sim *m)
{
    const bb_scenario *s = m->s;
    for (int i = 0; i < s->ninvest; i++)
        push(m, s->invest[i].t, EV_INVEST, i, NULL, 0);
    for (int i = 0; i < s->ncat; i++)
        intake_schedule_arrival(m, i, 0.0);
    /* the signals closed at triage are counted a day at a time; where no
     * category closes any, there is nothing to count (a day's event in a
     * model of ten events a day) */
    bool closes = false;
    for (int i = 0; i < s->ncat; i++)
        closes |= s->cat[i].triage_close > 0.0;
    if (closes && s->horizon_h > 24.0)
        push(m, 24.0, EV_TRIAGE, 0, NULL, 0);
    for (int i = 0; i < s->nsurge; i++) /* extra cases of the surges within the run */
        if (s->surge[i].t0 >= 0 && s->surge[i].t0 < s->horizon_h)
            push(m, s->surge[i].t0, EV_SURGE, i, NULL, 0);
    for (int i = 0; i < s->nplanned; i++)
        exec_plan_schedule(m, i, s->planned[i].day0 > s->start_day ? s->planned[i].day0 : s->start_day);
    for (int i = 0; i < s->nchange; i++)
        push(m, s->change[i].t, EV_CHANGE, i, NULL, 0);
    push(m, fmin(s->period_h, s->horizon_h), EV_PERIOD, 0, NULL, 0);
    for (int y = m->year0 + 1;; y++) {
        char buf[32];
        int d;
        snprintf(buf, sizeof buf, "%04d-01-01", y);
        if (bb_date_parse(buf, &d) != 0 || 24.0 * (d - s->start_day) >= s->horizon_h)
            break;
        push(m, 24.0 * (d - s->start_day), EV_YEAR, 0, NULL, 0);
    }
    if (s->warmup_h > 0)
        push(m, s->warmup_h, EV_WARMUP, 0, NULL, 0);
    push(m, s->horizon_h, EV_HORIZON, 0, NULL, 0);
}

bb_sim *bb_sim_new(const bb_scenario *s, uint64_t seed, int rep)
{
    if (gsl_rng_taus2->size > sizeof ((case_rng *)0)->gen_state[0])
        return NULL; /* a GSL whose taus2 needs more state than a case keeps */
    bb_sim *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->s = s;
    m->seed = seed;
    m->rep = rep;
    bb_queue_init(&m->q);
    m->q.max = (size_t)s->max_open * BB_EVENTS_PER_OPEN + BB_QUEUE_SLACK;
    if (!open_streams(m) || res_new(m) != 0) {
        bb_sim_free(m);
        return NULL;
    }
    intake_fix_draws(m);
    if (s->ninvest > 0) {
        m->inv_arrived = malloc((size_t)s->ninvest * sizeof *m->inv_arrived);
        m->inv_ready = calloc((size_t)s->ninvest, 1);
        if (!m->inv_arrived || !m->inv_ready) {
            bb_sim_free(m);
            return NULL;
        }
        for (int i = 0; i < s->ninvest; i++)
            m->inv_arrived[i] = -1;
    }
    m->year0 = bb_date_year(s->start_day);
    m->stats_on = s->warmup_h <= 0;
    m->now = 0;

    /* capacity */
    exec_setup_waits(m);
    for (int p = 0; p < BB_POOLS; p++)
        pool_start_calendar(m, p);
    for (int p = 0; p < s->nprov; p++)
        exec_set_capacity(m, p, s->prov[p].fte);
    m->dirty = 0;
    m->dirty_basic = 0;
    for (int u = 0; u < bb_nunits(s); u++) {
        m->wf[u].est[0] = bb_unit_fte(s, u); /* the starting staff: no budget line */
        m->wf[u].att_rem = bb_ran_exp1(m->r_wf[u]);
        wf_sync(m, u);
        wf_attrition_schedule(m, u);
    }
    schedule_all(m);
    if (intake_setup_initial(m) != 0) {
        /* the error is kept; the first run call reports it */
        m->done = true;
    }
    exec_settle(m);
    return m;
}

void bb_sim_free(bb_sim *m)
{
    if (!m)
        return;
    for (int i = 0; i < BB_MAX_CATEGORIES; i++) {
        gsl_rng_free(m->r_arrival[i]);
        gsl_rng_free(m->r_triage[i]);
        gsl_rng_free(m->r_escalation[i]);
        for (int d = 0; d < D_DRAWS; d++)
            gsl_rng_free(m->r_draw[d][i]);
        gsl_rng_free(m->r_region[i]);
    }
    gsl_rng_free(m->r_initial);
    gsl_rng_free(m->r_region_init);
    for (int u = 0; u < BB_UNITS; u++)
        gsl_rng_free(m->r_wf[u]);
    for (int i = 0; i < m->nblocks; i++)
        free(m->blocks[i]);
    free(m->blocks);
    for (int i = 0; i < m->nhblocks; i++)
        free(m->hblocks[i]);
    free(m->hblocks);
    free(m->xinv);
    free(m->inv_arrived);
    free(m->inv_ready);
    res_free(m);
    bb_queue_free(&m->q);
    free(m);
}

/* Does a case event still concern its case? */
static bool alive(const bb_event *e)
{
    const bcase *c = e->ptr;
    return c && c->id && (uint32_t)c->id == e->tag;
}

/* A live case under measures. */
static bool measured(const bb_event *e)
{
    return alive(e) && ((const bcase *)e->ptr)->x != X_NONE;
}

static void handle(bb_sim *m, const bb_event *e)
{
    bcase *c = e->ptr;
    switch ((enum ev)e->type) {
    case EV_ARRIVAL:
        intake_arrival(m, e->arg);
        break;
    case EV_TRIAGE:
        intake_accrue_triage(m, m->now);
        if (m->now + 24.0 < m->s->horizon_h)
            push(m, m->now + 24.0, EV_TRIAGE, 0, NULL, 0);
        break;
    case EV_JOB_DONE:
        if (!alive(e))
            return;
        pool_job_done(m, e->arg, c);
        break;
    case EV_OPEN:
    case EV_CLOSE:
        pool_open(m, e->arg, e->type == EV_OPEN);
        break;
    case EV_DECIDED:
        if (alive(e))
            exec_decided(m, c);
        break;
    case EV_IN_PLACE:
        exec_in_place(m, c, e->tag);
        break;
    case EV_INTERIM:
        exec_interim_in_place(m, c, e->tag);
        break;
    case EV_MEASURE_END:
        if (alive(e))
            exec_threat_end(m, c);
        break;
    case EV_REVIEW:
        if (measured(e))
            exec_review(m, c);
        break;
    case EV_ESCALATE:
        if (measured(e))
            exec_escalate(m, c);
        break;
    case EV_PLAN_START:
        exec_plan_start(m, e->arg, (int)e->tag);
        break;
    case EV_PLAN_END:
        exec_plan_end(m, e->arg, (int)e->tag);
        break;
    case EV_SURGE:
        intake_surge(m, e->arg);
        break;
    case EV_CHANGE:
        wf_change(m, e->arg);
        break;
    case EV_INVEST:
        wf_invest(m, e->arg);
        break;
    case EV_HIRED:
        wf_hired(m, e->arg, e->bits);
        break;
    case EV_TRAINED:
        wf_trained(m, e->arg, e->bits);
        break;
    case EV_ATTRITION:
        wf_leaver(m, e->arg, e->tag);
        break;
    case EV_PERIOD:
        res_period_end(m);
        if (m->now < m->s->horizon_h)
            push(m, fmin(m->now + m->s->period_h, m->s->horizon_h), EV_PERIOD, 0, NULL, 0);
        break;
    case EV_YEAR:
        wf_accrue_cost(m);
        res_year_end(m);
        break;
    case EV_WARMUP:
        res_start(m);
        break;
    case EV_HORIZON:
        if (m->now > m->period_start)
            res_period_end(m);
        wf_accrue_cost(m);
        res_year_end(m);
        m->done = true;
        break;
    }
    exec_settle(m);
}

static int run(bb_sim *m, double t_stop, long n_stop)
{
    if (m->error[0])
        return BB_RUN_LIMIT;
    if (m->done)
        return BB_RUN_DONE;
    long n = 0;
    bb_event e;
    bool bounded = t_stop < INFINITY || n_stop >= 0; /* else no need to peek */
    for (;;) {
        if (bounded) {
            const bb_event *top = bb_queue_peek(&m->q);
            if (!top)
                break;
            if (top->t > t_stop || (n_stop >= 0 && n >= n_stop)) {
                if (top->t > t_stop && t_stop > m->now)
                    m->now = t_stop; /* the clock reaches t: a change made now is dated t */
                return BB_RUN_MORE;
            }
        }
        if (!bb_queue_pop(&m->q, &e))
            break;
        if (e.t > m->now)
            m->now = e.t;
        m->events++;
        n++;
        /* the next event's case (its first two lines) and its home hold,
         * fetched while this one is handled: with 10^6 cases under
         * measures the case of a measure's end is in no cache, nor its
         * hold, and each first touch was a fifth of the time
         * (docs/performance.md). Not every event has a case (its ptr may
         * be NULL or payload bits): a prefetch never faults, and the
         * address is made as an integer, not by pointer arithmetic. */
        if (m->q.n) {
            uintptr_t nc = (uintptr_t)m->q.heap[0].ptr;
            __builtin_prefetch((const void *)nc);
            __builtin_prefetch((const void *)(nc + 64));
            if (m->q.heap[0].type == EV_MEASURE_END) /* its hold is given back */
                __builtin_prefetch((const void *)home_hold_addr(nc));
        }
        handle(m, &e);
        if (m->error[0])
            return BB_RUN_LIMIT;
        if (m->done)
            return BB_RUN_DONE;
        if (m->events >= (uint64_t)m->s->max_events) {
            snprintf(m->error, sizeof m->error,
                     "more than %ld events in one replication: the bound run.max_events "
                     "was reached at %.0f h", m->s->max_events, m->now);
            return BB_RUN_LIMIT;
        }
    }
    m->done = true;
    return BB_RUN_DONE;
}

int bb_sim_run_until(bb_sim *m, double t) { return run(m, t, -1); }
int bb_sim_step(bb_sim *m, long n) { return run(m, INFINITY, n < 0 ? 0 : n); }
int bb_sim_run(bb_sim *m) { return run(m, INFINITY, -1); }
const char *bb_sim_error(const bb_sim *m) { return m->error; }
double bb_sim_now(const bb_sim *m) { return m->now; }
double bb_sim_horizon(const bb_sim *m) { return m->s->horizon_h; }
uint64_t bb_sim_events(const bb_sim *m) { return m->events; }

void bb_sim_on_period(bb_sim *m, bb_period_fn fn, void *ud)
{
    m->on_period = fn;
    m->on_period_ud = ud;
}

int bb_sim_set_pool_fte(bb_sim *m, int p, double fte)
{
    if (p < 0 || p >= BB_POOLS || !(fte >= 0) || fte > BB_MAX_FTE)
        return -1;
    wf_set_op_fte(m, p, fte);
    exec_settle(m);
    return 0;
}

/* The share of a provider family's FTE that instance p has (1 for a
 * national provider; a region's capacity share for a regional one). */
static double fam_share(const bb_scenario *s, int p)
{
    return s->prov[p].region >= 0 ? s->reg[s->prov[p].region].cap_share : 1.0;
}

/* p is the view's provider (a family): a regional one's FTE are split
 * over its regions by capacity share. */
int bb_sim_set_provider_fte(bb_sim *m, int p, double fte)
{
    const bb_scenario *s = m->s;
    if (p < 0 || p >= s->nfam || !(fte >= 0) || fte > BB_MAX_FTE)
        return -1;
    for (int k = 0; k < s->fam_n[p]; k++) {
        int q = s->fam_first[p] + k;
        wf_set_op_fte(m, BB_POOLS + q, s->fam_n[p] > 1 ? fte * fam_share(s, q) : fte);
    }
    exec_settle(m);
    return 0;
}

/* A provider unit is the view's (a family): a regional one's investment
 * is one per region, split by capacity share; the first one's id. */
int bb_sim_invest(bb_sim *m, int unit, double delta_fte)
{
    const bb_scenario *s = m->s;
    if (unit < 0 || unit >= BB_POOLS + s->nfam || !isfinite(delta_fte) ||
        fabs(delta_fte) > BB_MAX_FTE || m->done || m->error[0])
        return -1;
    if (unit < BB_POOLS || s->fam_n[unit - BB_POOLS] == 1) {
        int id = wf_invest_now(m, unit < BB_POOLS ? unit : BB_POOLS + s->fam_first[unit - BB_POOLS],
                               delta_fte);
        if (id >= 0)
            exec_settle(m);
        return id;
    }
    int f = unit - BB_POOLS, first = -1;
    for (int k = 0; k < s->fam_n[f]; k++) {
        int q = s->fam_first[f] + k;
        int id = wf_invest_now(m, BB_POOLS + q, delta_fte * fam_share(s, q));
        if (id < 0)
            return -1;
        if (first < 0)
            first = id;
    }
    exec_settle(m);
    return first;
}

double bb_sim_invest_arrival(const bb_sim *m, int id)
{
    if (id < 0 || id >= m->s->ninvest + m->nxinv || !m->inv_arrived)
        return -1;
    return m->inv_arrived[id];
}
