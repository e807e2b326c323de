/*
 * workforce.c - FTE over time and what they cost.
 *
 * Every unit (the three pools, then the providers) has operational FTE,
 * which is its capacity, and a pipeline: an investment's new positions
 * are vacancies first (recruitment delay), then trainees (training
 * time), then operational, in whole tranches when the unit deploys in
 * teams. Attrition (a Poisson process over the operational FTE) is
 * replaced through the same pipeline. A cut takes operational FTE at
 * once and cancels staff still on their way beyond the establishment.
 *
 * Cost: hired FTE (trainees and operational) at the unit's cost per FTE,
 * to the budget lines in proportion to the positions each line funds;
 * borrowed basic-unit hours at their hourly cost; one-off costs per
 * measure put in place. Costs accrue to calendar years.
 */
#include "model/state.h"
#include <stdlib.h>
#include <string.h>

double wf_op_fte(const bb_sim *m, int u)
{
    return u < BB_POOLS ? m->pool[u].fte : m->prov[u - BB_POOLS].cap;
}

void wf_sync(bb_sim *m, int u)
{
    unit_wf *w = &m->wf[u];
    double op = wf_op_fte(m, u);
    tw_set(m, &w->op, op);
    tw_setx(m, &w->filled, op + w->training + w->ready);
}

/* Attrition is a Poisson process of rate attrition x operational FTE;
 * one Exp(1) draw of integrated hazard is spent across rate changes. */
static void attrition_consume(bb_sim *m, int u)
{
    unit_wf *w = &m->wf[u];
    double a = bb_unit_wf(m->s, u)->attrition_per_year / HOURS_PER_YEAR;
    w->att_rem -= a * wf_op_fte(m, u) * (m->now - w->att_last);
    if (w->att_rem < 0)
        w->att_rem = 0;
    w->att_last = m->now;
}

void wf_attrition_schedule(bb_sim *m, int u)
{
    unit_wf *w = &m->wf[u];
    double rate = bb_unit_wf(m->s, u)->attrition_per_year / HOURS_PER_YEAR * wf_op_fte(m, u);
    w->att_ver++;
    if (rate > 0)
        push(m, m->now + w->att_rem / rate, EV_ATTRITION, u, NULL, w->att_ver);
}

/* The operational FTE of a unit change from now on. */
void wf_set_op_fte(bb_sim *m, int u, double fte)
{
    if (fte < 0)
        fte = 0;
    attrition_consume(m, u);
    if (u < BB_POOLS) {
        pool_resize(m, u, fte);
        pool_dispatch(m, u);
    } else {
        exec_set_capacity(m, u - BB_POOLS, fte);
    }
    wf_sync(m, u);
    wf_attrition_schedule(m, u);
}

/* An FTE amount travels in an event's 64-bit payload. */
static uint64_t fte_bits(double f)
{
    uint64_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static double bits_fte(uint64_t b)
{
    double f;
    memcpy(&f, &b, sizeof f);
    return f;
}

/* A pipeline event's arg: the unit, whether the FTE replaces a leaver,
 * and the investment it belongs to (-1: none, a replacement). */
static int wf_arg(int u, bool replacement, int inv)
{
    /* the event's arg runs from -BB_EVENT_ARG_MAX (state.h) */
    return 2 * u + replacement + 2 * BB_UNITS * (inv + 1) - BB_EVENT_ARG_MAX;
}

/* The investment with id i: the scenario's, then those made while
 * running (bb_sim_invest). */
static const bb_invest *inv_get(const bb_sim *m, int i)
{
    return i < m->s->ninvest ? &m->s->invest[i] : &m->xinv[i - m->s->ninvest];
}

/* FTE of investment inv (>= 0) became operational now. */
static void arrived(bb_sim *m, int inv)
{
    if (inv >= 0 && m->inv_arrived && m->inv_arrived[inv] < 0)
        m->inv_arrived[inv] = m->now;
}

/* The FTE of unit u waiting in a tranche became operational now. */
static void tranche_arrived(bb_sim *m, int u)
{
    int n = m->s->ninvest + m->nxinv;
    for (int i = 0; m->inv_ready && i < n; i++)
        if (m->inv_ready[i] && inv_get(m, i)->unit == u) {
            m->inv_ready[i] = 0;
            arrived(m, i);
        }
}

/* An FTE (or part) enters the pipeline: vacancy and recruitment first. */
static void start_recruit(bb_sim *m, int u, double f, bool replacement, int inv)
{
    unit_wf *w = &m->wf[u];
    w->recruiting += f;
    if (!replacement)
        w->inv_pipe += f;
    double t = bb_dist_quantile(&bb_unit_wf(m->s, u)->recruit_h, u01(m->r_wf[u]));
    push_bits(m, m->now + t, EV_HIRED, wf_arg(u, replacement, inv), fte_bits(f));
    wf_sync(m, u);
}

/* A cut below the staff already on the way: the next persons to finish a
 * pipeline step are dropped. Returns true when this one is. */
static bool dropped(unit_wf *w, bool replacement, double f)
{
    if (w->cancel <= EPS)
        return false;
    w->cancel = fmax(0, w->cancel - f);
    if (!replacement)
        w->inv_pipe = fmax(0, w->inv_pipe - f);
    return true;
}

static double establishment(const bb_sim *m, int u)
{
    double e = 0;
    for (int l = 0; l <= m->s->nlines; l++)
        e += m->wf[u].est[l];
    return e;
}

static void trained(bb_sim *m, int u, bool replacement, double f, int inv);

static void hired(bb_sim *m, int u, bool replacement, double f, int inv)
{
    unit_wf *w = &m->wf[u];
    w->recruiting = fmax(0, w->recruiting - f);
    if (dropped(w, replacement, f)) {
        if (w->ready > 0 && w->inv_pipe <= EPS)
            trained(m, u, false, 0.0, -1); /* release a waiting last tranche */
        wf_sync(m, u);
        return;
    }
    w->training += f;
    double t = bb_dist_quantile(&bb_unit_wf(m->s, u)->train_h, u01(m->r_wf[u]));
    push_bits(m, m->now + t, EV_TRAINED, wf_arg(u, replacement, inv), fte_bits(f));
    wf_sync(m, u);
}

/* Trained: operational at once, or with the rest of its tranche (the
 * last, smaller tranche goes when no more of the investment is on its
 * way). Replacements of leavers join one by one. */
static void trained(bb_sim *m, int u, bool replacement, double f, int inv)
{
    unit_wf *w = &m->wf[u];
    double tranche = bb_unit_wf(m->s, u)->tranche_fte;
    w->training = fmax(0, w->training - f);
    if (f > 0 && dropped(w, replacement, f)) {
        f = 0; /* this person is cut; a waiting tranche may still go */
        inv = -1;
        if (replacement) {
            wf_sync(m, u);
            return;
        }
    }
    if (replacement || tranche <= 0) {
        if (!replacement) {
            w->inv_pipe = fmax(0, w->inv_pipe - f);
            if (f > 0)
                arrived(m, inv);
        }
        wf_set_op_fte(m, u, wf_op_fte(m, u) + f);
        return;
    }
    w->inv_pipe = fmax(0, w->inv_pipe - f);
    w->ready += f;
    if (inv >= 0 && f > 0 && m->inv_ready)
        m->inv_ready[inv] = 1;
    if (w->ready >= tranche - EPS || w->inv_pipe <= EPS) {
        double r = w->ready;
        w->ready = 0;
        if (r > 0)
            tranche_arrived(m, u);
        wf_set_op_fte(m, u, wf_op_fte(m, u) + r);
    } else {
        wf_sync(m, u);
    }
}

/* EV_HIRED and EV_TRAINED: arg is wf_arg(unit, replacement, investment),
 * the payload the FTE. */
void wf_hired(bb_sim *m, int arg, uint64_t bits)
{
    arg += BB_EVENT_ARG_MAX;
    int k = arg % (2 * BB_UNITS);
    hired(m, k / 2, k % 2, bits_fte(bits), arg / (2 * BB_UNITS) - 1);
}

void wf_trained(bb_sim *m, int arg, uint64_t bits)
{
    arg += BB_EVENT_ARG_MAX;
    int k = arg % (2 * BB_UNITS);
    trained(m, k / 2, k % 2, bits_fte(bits), arg / (2 * BB_UNITS) - 1);
}

/* EV_ATTRITION: one FTE leaves (unless the clock was reset since). */
void wf_leaver(bb_sim *m, int u, uint32_t ver)
{
    unit_wf *w = &m->wf[u];
    if (ver != (uint32_t)w->att_ver)
        return; /* rescheduled since */
    attrition_consume(m, u);
    double f = fmin(1.0, wf_op_fte(m, u));
    w->att_rem = bb_ran_exp1(m->r_wf[u]);
    if (f > 0) {
        wf_set_op_fte(m, u, wf_op_fte(m, u) - f);
        /* the position is refilled, unless cuts took it away */
        double pipe = w->recruiting + w->training + w->ready - w->cancel;
        double room = establishment(m, u) - wf_op_fte(m, u) - pipe;
        if (room > EPS)
            start_recruit(m, u, fmin(f, room), true, -1);
    } else {
        wf_attrition_schedule(m, u);
    }
}

/* EV_INVEST: new positions (through the pipeline) or a cut, of the
 * investment with id i (inv_get). */
void wf_invest(bb_sim *m, int i)
{
    const bb_invest *x = inv_get(m, i);
    unit_wf *w = &m->wf[x->unit];
    wf_accrue_cost(m); /* costs so far go by the old shares */
    if (x->delta >= 0) {
        w->est[x->line + 1] += x->delta;
        if (!bb_unit_wf(m->s, x->unit)->on) {
            arrived(m, i);
            wf_set_op_fte(m, x->unit, wf_op_fte(m, x->unit) + x->delta);
            return;
        }
        for (double left = x->delta; left > EPS; left -= 1.0)
            start_recruit(m, x->unit, fmin(1.0, left), false, i);
        return;
    }
    /* a cut: positions go from its own line first, then from the others;
     * the FTE go from operational staff at once */
    arrived(m, i);
    double cut = -x->delta;
    for (int l = -1; l <= m->s->nlines && cut > EPS; l++) {
        int k = l < 0 ? x->line + 1 : l;
        double d = fmin(cut, w->est[k]);
        w->est[k] -= d;
        cut -= d;
    }
    double op = wf_op_fte(m, x->unit);
    wf_set_op_fte(m, x->unit, op + x->delta);
    /* cut below the operational staff: drop staff still on their way */
    double pipe = w->recruiting + w->training + w->ready - w->cancel;
    double over = wf_op_fte(m, x->unit) + pipe - establishment(m, x->unit);
    if (over > EPS)
        w->cancel += fmin(over, pipe);
}

/* A new investment now (bb_sim_invest): id, or -1 (bound, memory). */
int wf_invest_now(bb_sim *m, int u, double delta)
{
    if (m->nxinv >= BB_MAX_SIM_INVEST)
        return -1;
    if (m->nxinv == m->capxinv) {
        int cap = m->capxinv ? 2 * m->capxinv : 16;
        int n = m->s->ninvest + cap;
        bb_invest *x = realloc(m->xinv, (size_t)cap * sizeof *x);
        if (!x)
            return -1;
        m->xinv = x;
        double *a = realloc(m->inv_arrived, (size_t)n * sizeof *a);
        if (!a)
            return -1;
        m->inv_arrived = a;
        uint8_t *r = realloc(m->inv_ready, (size_t)n);
        if (!r)
            return -1;
        m->inv_ready = r;
        m->capxinv = cap;
    }
    int id = m->s->ninvest + m->nxinv;
    bb_invest *x = &m->xinv[m->nxinv++];
    memset(x, 0, sizeof *x);
    x->t = m->now;
    x->unit = u;
    x->delta = delta;
    x->line = -1; /* no budget line: regular budgets */
    m->inv_arrived[id] = -1;
    m->inv_ready[id] = 0;
    wf_invest(m, id);
    return id;
}

/* EV_CHANGE: the operational FTE change at once (no pipeline). */
void wf_change(bb_sim *m, int i)
{
    const bb_change *x = &m->s->change[i];
    int u = (x->is_pool ? 0 : BB_POOLS) + x->index;
    wf_set_op_fte(m, u, wf_op_fte(m, u) + x->delta);
}

/* ------------------------------------------------------------------ */
/* cost                                                                */
/* ------------------------------------------------------------------ */

static int year_index(const bb_sim *m, double t)
{
    int day = m->s->start_day + (int)bb_floor(t / 24.0);
    return bb_date_year(day) - m->year0;
}

/* A one-off cost (EUR) now, on a budget line (-1: none). */
void wf_charge(bb_sim *m, int line, double eur)
{
    if (eur <= 0)
        return;
    int y = year_index(m, m->now);
    if (y >= 0 && y < MAX_YEARS) {
        m->cost_year[y] += eur;
        m->cost_line[line + 1][y] += eur;
    }
    m->cost_total += eur;
}

/* Does the line that pays borrowed hours have budget in year index y? */
static bool borrowing_paid(const bb_sim *m, int y)
{
    const bb_scenario *s = m->s;
    return s->basic_budget_line >= 0 &&
           bb_line_budget(&s->line[s->basic_budget_line], m->year0 + y) > 0;
}

/* Costs since the last accrual go to the current calendar year. Cash:
 * the units' staff, to the budget lines in proportion to the positions
 * each funds. Opportunity: the hours of regular police work given to
 * guarding (borrowed officers, and units whose staff come from the basic
 * teams), never added to cash, unless a line pays for the borrowed
 * hours in that year (basic_units.budget_line). */
void wf_accrue_cost(bb_sim *m)
{
    const bb_scenario *s = m->s;
    res_sync(m);
    int y = year_index(m, m->now - 1e-6);
    bool in = y >= 0 && y < MAX_YEARS;
    for (int u = 0; u < bb_nunits(s); u++) {
        unit_wf *w = &m->wf[u];
        double c = w->filled.acost * bb_unit_cost(s, u) / HOURS_PER_YEAR;
        w->filled.acost = 0;
        if (u >= BB_POOLS && s->prov[u - BB_POOLS].from_basic) {
            if (in)
                m->opp_year[y] += c;
            m->opp_total += c;
            continue;
        }
        double est = 0;
        for (int l = 0; l <= s->nlines; l++)
            est += w->est[l];
        for (int l = 0; l <= s->nlines && in; l++)
            if (est > 0 && w->est[l] > 0)
                m->cost_line[l][y] += c * w->est[l] / est;
            else if (est <= 0 && l == 0)
                m->cost_line[0][y] += c;
        if (in)
            m->cost_year[y] += c;
        m->cost_total += c;
    }
    double b = m->borrowed_tw.acost / HOURS_PER_YEAR * s->productive_hours * s->basic_cost_per_hour;
    m->borrowed_tw.acost = 0;
    if (in && borrowing_paid(m, y)) {
        m->cost_year[y] += b;
        m->cost_line[s->basic_budget_line + 1][y] += b;
        m->cost_total += b;
    } else {
        if (in)
            m->opp_year[y] += b;
        m->opp_total += b;
    }
}

/* Cost accrued since the last accrual (for live readers). */
void wf_pending_cost(const bb_sim *m, double *cash, double *opportunity)
{
    const bb_scenario *s = m->s;
    *cash = *opportunity = 0;
    for (int u = 0; u < bb_nunits(s); u++) {
        const tw *f = &m->wf[u].filled;
        double c = (f->acost + tw_pending(m, f)) * bb_unit_cost(s, u) / HOURS_PER_YEAR;
        if (u >= BB_POOLS && s->prov[u - BB_POOLS].from_basic)
            *opportunity += c;
        else
            *cash += c;
    }
    const tw *b = &m->borrowed_tw;
    double c = (b->acost + tw_pending(m, b)) / HOURS_PER_YEAR * s->productive_hours *
               s->basic_cost_per_hour;
    if (borrowing_paid(m, year_index(m, m->now)))
        *cash += c;
    else
        *opportunity += c;
}
