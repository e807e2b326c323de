/*
 * exec.c - execution: from the authority's decision to the end of the
 * measure.
 *
 * The decision gives a case its level (0: no measures). A level above 0
 * needs capacity at one of its options (a provider and the FTE held
 * there) for the measure's duration. A case holding its own provider's
 * capacity is protected once the provider's lead time has passed (a
 * technical measure must be installed); when no option has room, the
 * level's policy decides: borrow from the basic units (protected at once,
 * pressure on regular police work), wait (unprotected), or a lighter
 * package (under-protected). Freed capacity goes to the waiting cases by
 * level, highest first, then to borrowed and downgraded ones
 * (repatriation). Periodic reviews and escalations send the case back to
 * its advice pool, which may change its level or end the measure.
 * Planned demand (trial days) holds capacity by a calendar, taking the
 * basic units' officers for what the provider cannot give.
 *
 * Capacity changes mark providers "dirty"; exec_settle fills them after
 * every event.
 */
#include "model/state.h"

static void mark_dirty(bb_sim *m, int prov)
{
    m->dirty |= prov == BASIC ? (1u << 31) : (1u << prov);
}

static void pend_remove(bb_sim *m, bcase *c)
{
    if (c->plist < 0)
        return;
    int L = c->level, k = c->plist;
    if (c->pprev)
        c->pprev->pnext = c->pnext;
    else
        m->pend_head[L][k] = c->pnext;
    if (c->pnext)
        c->pnext->pprev = c->pprev;
    else
        m->pend_tail[L][k] = c->pprev;
    c->pnext = c->pprev = NULL;
    c->plist = -1;
    m->pend_n[k]--;
}

static void pend_add(bb_sim *m, bcase *c, enum pend k)
{
    int L = c->level;
    c->plist = k;
    c->pnext = NULL;
    c->pprev = m->pend_tail[L][k];
    if (c->pprev)
        c->pprev->pnext = c;
    else
        m->pend_head[L][k] = c;
    m->pend_tail[L][k] = c;
    m->pend_n[k]++;
}

/* Protection counters follow a case's (state, in_place) pair. */
static void count_case(bb_sim *m, bcase *c, int sign)
{
    if (c->x == X_NONE)
        return;
    bool prot = c->x == X_BORROWED || ((c->x == X_OWN || c->x == X_DOWN) && c->in_place);
    if (prot) {
        m->protected_now += sign;
        m->active_level[c->held_level] += sign;
        tw_add(m, &m->active_tw[c->held_level], sign);
    } else {
        m->unprotected += sign;
        tw_add(m, &m->unprot_tw, sign);
    }
    if (c->x == X_DOWN && c->in_place) {
        m->downgraded += sign;
        tw_add(m, &m->down_tw, sign);
    }
}

/* The case gives back the capacity it holds. */
static void release(bb_sim *m, bcase *c)
{
    if (c->prov >= 0) {
        provider *P = &m->prov[c->prov];
        if (c->hprev)
            c->hprev->hnext = c->hnext;
        else
            P->held_head = c->hnext;
        if (c->hnext)
            c->hnext->hprev = c->hprev;
        else
            P->held_tail = c->hprev;
        c->hnext = c->hprev = NULL;
        P->used -= c->need;
        if (P->used < EPS)
            P->used = 0;
        P->cases--;
        tw_set(m, &P->used_tw, P->used);
        tw_set(m, &P->cases_tw, P->cases);
        tw_set(m, &P->over_tw, fmax(0, P->used - P->cap));
        mark_dirty(m, c->prov);
    } else if (c->prov == BASIC) {
        m->basic_used -= c->need;
        if (m->basic_used < EPS)
            m->basic_used = 0;
        tw_set(m, &m->borrowed_tw, m->basic_used);
        mark_dirty(m, BASIC);
    }
    c->prov = -1;
    c->need = 0;
}

/* The case holds `need` FTE at provider prov (or the basic units). */
static void hold(bb_sim *m, bcase *c, int prov, double need)
{
    c->prov = prov;
    c->need = need;
    if (prov >= 0) {
        provider *P = &m->prov[prov];
        c->hnext = NULL;
        c->hprev = P->held_tail;
        if (P->held_tail)
            P->held_tail->hnext = c;
        else
            P->held_head = c;
        P->held_tail = c;
        P->used += need;
        P->cases++;
        tw_set(m, &P->used_tw, P->used);
        tw_set(m, &P->cases_tw, P->cases);
        tw_set(m, &P->over_tw, fmax(0, P->used - P->cap));
    } else {
        m->basic_used += need;
        tw_set(m, &m->borrowed_tw, m->basic_used);
    }
}

/* Put a case into a state holding capacity at prov (or BASIC). */
static void set_state(bb_sim *m, bcase *c, enum xstate x, int prov, double need,
                      int held_level, bool lead_time)
{
    count_case(m, c, -1);
    release(m, c);
    pend_remove(m, c);
    c->x = x;
    c->held_level = held_level;
    c->in_place = false;
    /* numbered across all cases: a stale EV_IN_PLACE of a case whose slot
     * has been reused cannot match the new case's assignment */
    c->assign_seq = ++m->assignments;
    if (x == X_WAIT) {
        pend_add(m, c, PEND_WAIT);
    } else {
        hold(m, c, prov, need);
        double lead = 0.0;
        if (lead_time && prov >= 0) {
            lead = bb_dist_quantile(&m->s->prov[prov].lead_time_h, c->u_lead);
            wf_charge(m, m->s->prov[prov].budget_line, m->s->prov[prov].cost_per_measure);
        }
        if (lead <= 0.0)
            c->in_place = true;
        else
            push(m, m->now + lead, EV_IN_PLACE, 0, c, c->assign_seq);
        if (m->s->level[c->level].repatriate && x == X_BORROWED)
            pend_add(m, c, PEND_BORROWED);
        if (m->s->level[c->level].repatriate && x == X_DOWN)
            pend_add(m, c, PEND_DOWN);
    }
    count_case(m, c, +1);
    if (c->in_place)
        res_first_protected(m, c);
}

/* A measure already running at the start keeps its provider, even over
 * capacity (intake_setup_initial). */
void exec_hold_running(bb_sim *m, bcase *c, int prov, double need, int level)
{
    set_state(m, c, X_OWN, prov, need, level, false);
}

/* EV_IN_PLACE: the provider's lead time has passed for this assignment. */
void exec_in_place(bb_sim *m, bcase *c, uint32_t tag)
{
    if (c->id && (uint32_t)c->assign_seq == tag && !c->in_place && c->x != X_NONE &&
        c->x != X_WAIT) {
        count_case(m, c, -1);
        c->in_place = true;
        count_case(m, c, +1);
        res_first_protected(m, c);
    }
}

static double prov_free(const bb_sim *m, int p)
{
    return m->prov[p].cap - m->prov[p].used;
}

/* The FTE a level needs at provider p, or -1 if p is not an option. */
static double need_at(const bb_sim *m, int L, int p)
{
    const bb_level_spec *v = &m->s->level[L];
    for (int k = 0; k < v->nopt; k++)
        if (v->opt[k].provider == p)
            return v->opt[k].fte;
    return -1;
}

/* Capacity is served by level: while a waiting case of a level above L
 * could use provider p (and p is large enough to hold it) but does not
 * fit yet, p's free room is kept for it. */
static bool reserved(const bb_sim *m, int p, int L)
{
    for (int H = BB_LEVELS - 1; H > L; H--) {
        if (!m->pend_head[H][PEND_WAIT])
            continue;
        double need = need_at(m, H, p);
        if (need >= 0 && need <= m->prov[p].cap + EPS && need > prov_free(m, p) + EPS)
            return true;
    }
    return false;
}

/* The same for the basic units and the levels that borrow. */
static bool basic_reserved(const bb_sim *m, int L)
{
    for (int H = BB_LEVELS - 1; H > L; H--) {
        const bb_level_spec *v = &m->s->level[H];
        if (!m->pend_head[H][PEND_WAIT] || v->when_full != BB_FULL_BORROW || !v->nopt)
            continue;
        double need = v->opt[0].fte;
        if (need <= m->s->basic_cap_fte + EPS && m->basic_used + need > m->s->basic_cap_fte + EPS)
            return true;
    }
    return false;
}

/* Find room for level L among its options; returns the option or -1. */
static int find_option(const bb_sim *m, int L, int *prov, double *need)
{
    const bb_level_spec *v = &m->s->level[L];
    for (int k = 0; k < v->nopt; k++)
        if (v->opt[k].fte <= prov_free(m, v->opt[k].provider) + EPS &&
            !reserved(m, v->opt[k].provider, L)) {
            *prov = v->opt[k].provider;
            *need = v->opt[k].fte;
            return k;
        }
    return -1;
}

/* A decided case (or one whose level changed) looks for capacity. */
static void assign(bb_sim *m, bcase *c)
{
    int L = c->level, prov;
    double need;
    const bb_level_spec *v = &m->s->level[L];
    if (find_option(m, L, &prov, &need) >= 0) {
        set_state(m, c, X_OWN, prov, need, L, true);
        return;
    }
    double need0 = v->nopt ? v->opt[0].fte : 0;
    if (v->when_full == BB_FULL_BORROW && m->basic_used + need0 <= m->s->basic_cap_fte + EPS &&
        !basic_reserved(m, L)) {
        set_state(m, c, X_BORROWED, BASIC, need0, L, false);
        return;
    }
    if (v->when_full == BB_FULL_DOWNGRADE)
        for (int l = L - 1; l >= 1; l--)
            if (m->s->level[l].nopt && find_option(m, l, &prov, &need) >= 0) {
                set_state(m, c, X_DOWN, prov, need, l, true);
                return;
            }
    if (c->x != X_WAIT)
        set_state(m, c, X_WAIT, -1, 0, L, false);
}

/* The older of the borrowed and downgraded cases of level L. */
static bcase *moved_head(bb_sim *m, int L)
{
    bcase *b = m->pend_head[L][PEND_BORROWED], *d = m->pend_head[L][PEND_DOWN];
    if (b && d)
        return b->t_decided <= d->t_decided ? b : d;
    return b ? b : d;
}

static bool fits(const bb_sim *m, const bcase *c, int p, double need)
{
    return c && need <= prov_free(m, p) + (c->prov == p ? c->need : 0) + EPS;
}

/* Capacity freed at provider p: waiting (unprotected) cases move in
 * first, then borrowed and downgraded ones, highest level first and the
 * longest waiting first within a level. A waiting case that does not fit
 * yet keeps the room for itself (lower levels wait); a borrowed or
 * downgraded case that does not fit lets smaller ones past. */
static void fill_provider(bb_sim *m, int p)
{
    for (;;) {
        bcase *best = NULL;
        double need = 0;
        for (int L = BB_LEVELS - 1; L >= 1 && !best; L--) {
            const bb_level_spec *v = &m->s->level[L];
            for (int k = 0; k < v->nopt; k++) {
                if (v->opt[k].provider != p)
                    continue;
                need = v->opt[k].fte;
                bcase *w = m->pend_head[L][PEND_WAIT];
                if (fits(m, w, p, need))
                    best = w;
                else if (w && need <= m->prov[p].cap + EPS)
                    return; /* keep the room for this waiting case */
                else if (fits(m, moved_head(m, L), p, need))
                    best = moved_head(m, L);
                break;
            }
        }
        if (!best)
            return;
        bool was_protected = best->x == X_BORROWED || (best->x == X_DOWN && best->in_place);
        set_state(m, best, X_OWN, p, need, best->level, !was_protected);
    }
}

/* Basic units freed: waiting cases whose level borrows take them. */
static void fill_basic(bb_sim *m)
{
    for (int L = BB_LEVELS - 1; L >= 1; L--) {
        const bb_level_spec *v = &m->s->level[L];
        if (v->when_full != BB_FULL_BORROW || !v->nopt)
            continue;
        bcase *c;
        while ((c = m->pend_head[L][PEND_WAIT]) &&
               m->basic_used + v->opt[0].fte <= m->s->basic_cap_fte + EPS)
            set_state(m, c, X_BORROWED, BASIC, v->opt[0].fte, L, false);
        if (m->pend_head[L][PEND_WAIT] && v->opt[0].fte <= m->s->basic_cap_fte + EPS)
            return; /* keep the room for this waiting level */
    }
}

/* Fill every provider (and the basic units) whose capacity changed. */
void exec_settle(bb_sim *m)
{
    while (m->dirty) {
        uint32_t d = m->dirty;
        m->dirty = 0;
        for (int p = 0; p < m->s->nprov; p++)
            if (d & (1u << p))
                fill_provider(m, p);
        if (d & (1u << 31))
            fill_basic(m);
    }
}

/* ------------------------------------------------------------------ */
/* a measure's life                                                    */
/* ------------------------------------------------------------------ */

/* The case leaves the system (EV_MEASURE_END, or a review ended it). */
void exec_close(bb_sim *m, bcase *c)
{
    count_case(m, c, -1);
    release(m, c);
    pend_remove(m, c);
    c->x = X_NONE;
    if (!c->in_pool)
        intake_case_free(m, c);
    else
        c->t_end = -1; /* freed when its pool job ends */
}

static void start_measure(bb_sim *m, bcase *c, double duration, double first_review)
{
    const bb_level_spec *v = &m->s->level[c->level];
    c->t_end = m->now + duration;
    push(m, c->t_end, EV_MEASURE_END, 0, c, c->id);
    if (v->review_h > 0 && m->now + first_review < c->t_end)
        push(m, m->now + first_review, EV_REVIEW, 0, c, c->id);
    double esc = m->s->cat[c->cat].escalation_per_year / HOURS_PER_YEAR;
    if (esc > 0 && m->now + c->esc_e / esc < c->t_end)
        push(m, m->now + c->esc_e / esc, EV_ESCALATE, 0, c, c->id);
    assign(m, c);
    if (m->stats_on && c->counted)
        m->first_state[c->x]++;
}

/* EV_DECIDED: the authority's decision gives the case its level. */
void exec_decided(bb_sim *m, bcase *c)
{
    m->deciding--;
    tw_set(m, &m->deciding_tw, m->deciding);
    const bb_category *k = &m->s->cat[c->cat];
    if (c->level == 0) { /* forced level (surge cases) keeps its value */
        double acc = 0.0;
        c->level = BB_LEVELS - 1;
        for (int l = 0; l < BB_LEVELS; l++) {
            acc += k->level_p[l];
            if (c->u_level < acc) {
                c->level = l;
                break;
            }
        }
    }
    if (m->stats_on) {
        m->decided[c->level]++;
        rm_add(&m->decision_wait, m->now - c->t_queue);
    }
    m->p_decided++;
    c->t_decided = m->now;
    if (c->level == 0 || m->s->level[c->level].nopt == 0) {
        c->level = 0;
        intake_case_free(m, c);
        return;
    }
    double dur = bb_dist_quantile(&m->s->level[c->level].duration_h, c->u_dur);
    start_measure(m, c, dur, m->s->level[c->level].review_h);
}

static void change_level(bb_sim *m, bcase *c, int L)
{
    if (L == c->level)
        return;
    if (L == 0) {
        exec_close(m, c);
        return;
    }
    count_case(m, c, -1);
    release(m, c);
    pend_remove(m, c);
    c->x = X_NONE;
    c->level = L;
    assign(m, c);
}

/* A review or escalation of a case under measures has been worked on in
 * its advice pool: its level changes (or the measure ends). */
void exec_review_done(bb_sim *m, bcase *c)
{
    if (c->x == X_NONE) { /* the measure ended during the review */
        intake_case_free(m, c);
        return;
    }
    int L = c->level;
    if (c->job == J_ESCALATION) {
        int up = L;
        for (int l = L + 1; l < BB_LEVELS; l++)
            if (m->s->level[l].nopt) {
                up = l;
                break;
            }
        change_level(m, c, up);
    } else {
        gsl_rng rr = intake_case_rng(c, RR);
        double u = u01(&rr), acc = 0.0;
        int to = L;
        for (int l = 0; l < BB_LEVELS; l++) {
            acc += m->s->level[L].transition[l];
            if (u < acc) {
                to = l;
                break;
            }
        }
        change_level(m, c, to);
    }
    if (c->x != X_NONE && c->job == J_REVIEW) {
        double next = m->now + m->s->level[c->level].review_h;
        if (m->s->level[c->level].review_h > 0 && next < c->t_end)
            push(m, next, EV_REVIEW, 0, c, c->id);
    }
    if (c->x == X_NONE && !c->in_pool && c->id)
        intake_case_free(m, c);
}

static void send_review(bb_sim *m, bcase *c, enum job kind)
{
    if (c->in_pool)
        return; /* already being re-assessed */
    c->job = kind;
    gsl_rng g = intake_case_rng(c, kind == J_ESCALATION ? RE : RR);
    c->eff[1] = bb_dist_quantile(&m->s->level[c->level].review_effort, u01(&g));
    pool_enqueue(m, advice_pool(m, c->cat), c);
}

/* EV_REVIEW: the periodic re-assessment is due. */
void exec_review(bb_sim *m, bcase *c)
{
    if (c->in_pool) { /* busy with an escalation: try next interval */
        double next = m->now + m->s->level[c->level].review_h;
        if (next < c->t_end)
            push(m, next, EV_REVIEW, 0, c, c->id);
    } else {
        send_review(m, c, J_REVIEW);
    }
}

/* EV_ESCALATE: new threat information about a case under measures. */
void exec_escalate(bb_sim *m, bcase *c)
{
    send_review(m, c, J_ESCALATION);
    double esc = m->s->cat[c->cat].escalation_per_year / HOURS_PER_YEAR;
    gsl_rng re = intake_case_rng(c, RE);
    double next = m->now - log(u01(&re)) / esc;
    if (next < c->t_end)
        push(m, next, EV_ESCALATE, 0, c, c->id);
}

/* ------------------------------------------------------------------ */
/* provider capacity, planned demand                                   */
/* ------------------------------------------------------------------ */

void exec_set_capacity(bb_sim *m, int p, double fte)
{
    provider *P = &m->prov[p];
    P->cap = fte;
    tw_set(m, &P->cap_tw, fte);
    /* capacity below use: running measures keep their staff (overrun,
     * reported), or move to the basic units, newest first */
    if (m->s->prov[p].shrink_to_fallback)
        while (P->used > P->cap + EPS && P->held_tail) {
            bcase *c = P->held_tail;
            set_state(m, c, X_BORROWED, BASIC, c->need, c->held_level, false);
        }
    tw_set(m, &P->over_tw, fmax(0, P->used - P->cap));
    mark_dirty(m, p);
}

/* The next hearing day of calendar i from from_day on. */
void exec_plan_schedule(bb_sim *m, int i, int from_day)
{
    const bb_planned *p = &m->s->planned[i];
    /* at most 7 days are looked at (with no weekday set: the rest of the
     * horizon, once) */
    for (int d = from_day; d <= p->day1 && 24.0 * (d - m->s->start_day) < m->s->horizon_h; d++)
        if (p->weekday[bb_date_weekday(d)]) {
            push(m, 24.0 * (d - m->s->start_day), EV_PLAN_START, i, NULL, (uint64_t)d);
            return;
        }
}

/* A hearing day begins: its FTE come first from the provider's free
 * capacity, the rest from the basic units. */
void exec_plan_start(bb_sim *m, int i, int day)
{
    const bb_planned *p = &m->s->planned[i];
    double own = p->provider >= 0 ? fmin(p->fte, fmax(0, prov_free(m, p->provider))) : 0;
    double borrowed = p->fte - own;
    if (own > 0) {
        provider *P = &m->prov[p->provider];
        P->used += own;
        tw_set(m, &P->used_tw, P->used);
    }
    m->basic_used += borrowed;
    tw_set(m, &m->borrowed_tw, m->basic_used);
    m->plan[i].own = own;
    m->plan[i].borrowed = borrowed;
    push(m, m->now + 24.0, EV_PLAN_END, i, NULL, (uint64_t)day);
}

void exec_plan_end(bb_sim *m, int i, int day)
{
    const bb_planned *p = &m->s->planned[i];
    if (m->plan[i].own > 0) {
        provider *P = &m->prov[p->provider];
        P->used = fmax(0, P->used - m->plan[i].own);
        tw_set(m, &P->used_tw, P->used);
        mark_dirty(m, p->provider);
    }
    m->basic_used = fmax(0, m->basic_used - m->plan[i].borrowed);
    tw_set(m, &m->borrowed_tw, m->basic_used);
    mark_dirty(m, BASIC);
    m->plan[i].own = m->plan[i].borrowed = 0;
    exec_plan_schedule(m, i, day + 1);
}
