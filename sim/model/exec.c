/*
 * exec.c - execution: from the decision to the end of the measure.
 *
 * The definitive package. The decision gives a case its level (0: no
 * measures). A level above 0 needs one of its options: FTE held at one or
 * more providers at once, all or nothing, for the measure's duration; it
 * is in place once the slowest part's lead time has passed (a technical
 * measure must be installed). When no option has room in the case's own
 * region (or nationally), another region may assist (fill.c); else the
 * level's policy decides: borrow from the region's basic units (in place
 * after the officers' mobilisation delay; pressure on regular police
 * work), wait (unprotected), or a lighter package (under-protected).
 *
 * Reviews and escalations send the case back to its advice pool, which
 * may change its level or end the measure. Planned demand (trial days)
 * holds capacity by a calendar, taking the basic units' officers for
 * what the provider cannot give. The acute path and cover are in
 * acute.c, holds and counting in hold.c, the priority fill in fill.c.
 */
#include "model/exec.h"

/* The provider a case of level L waits for, for the bottleneck: the
 * first part of its first option whose providers all have staff at some
 * time in the scenario (a provider that never has FTE is no bottleneck:
 * the B&B teams before 2020), else of its first option. Fixed for the
 * run, so a case counts for the same provider from its wait to its end. */
void exec_setup_waits(bb_sim *m)
{
    for (int L = 0; L < BB_LEVELS; L++) {
        const bb_level_spec *v = &m->s->level[L];
        int p = v->nopt && v->opt[0].nparts ? v->opt[0].part[0].provider : -1;
        for (int k = 0; k < v->nopt; k++) {
            bool staffed = v->opt[k].nparts > 0;
            for (int j = 0; j < v->opt[k].nparts; j++)
                staffed &= bb_provider_staffed(m->s, v->opt[k].part[j].provider) != 0;
            if (staffed) {
                p = v->opt[k].part[0].provider;
                break;
            }
        }
        m->wait_prov[L] = (int8_t)p;
    }
    /* which providers (in any region) each level's and the interim's
     * options use: freed capacity skips the levels that cannot use it */
    const bb_scenario *s = m->s;
    for (int L = 0; L <= BB_LEVELS; L++) {
        const bb_option *o = L < BB_LEVELS ? s->level[L].opt : s->interim.opt;
        int n = L < BB_LEVELS ? s->level[L].nopt : s->interim.nopt;
        uint64_t u = 0;
        for (int k = 0; k < n; k++)
            for (int j = 0; j < o[k].nparts; j++)
                for (int r = 0; r < s->nreg && o[k].part[j].provider >= 0; r++)
                    u |= 1ull << inst(m, o[k].part[j].provider, r);
        *(L < BB_LEVELS ? &m->luse[L] : &m->iuse) = u;
    }
    /* which options of each level are a continuous package for a case
     * of each category (a person's 24/7 package: the counters) */
    for (int k = 0; k < s->ncat; k++)
        for (int L = 0; L < BB_LEVELS; L++) {
            uint16_t c = 0;
            for (int o = 0; o < s->level[L].nopt && s->cat[k].person; o++)
                c |= (uint16_t)(s->level[L].opt[o].continuous ? 1u << o : 0u);
            m->cont_opts[k][L] = c;
        }
}

/* A new case (a signal past triage, a surge case, a backlog case): if it
 * needs measures it is unprotected from now on. */
void exec_admit(bb_sim *m, bcase *c)
{
    const bb_scenario *s = m->s;
    int L = c->level > 0 ? c->level : case_level(m, c);
    c->needs = L > 0 && s->level[L].nopt > 0;
    hold_count(m, c, +1);
    if (!c->needs)
        return;
    /* the threat lasts its level's duration from now: it runs while the
     * case waits for information and advice too */
    c->t_end = m->now + bb_dist_quantile(&s->level[L].duration_h, c->u_dur);
    push(m, c->t_end, EV_MEASURE_END, 0, c, c->id);
}

/* ------------------------------------------------------------------ */
/* the definitive package                                              */
/* ------------------------------------------------------------------ */

/* The package (own, borrowed or lighter) is in place. A lighter one, or
 * borrowed officers standing in for a package of another kind (level 1:
 * surveillance attention instead of technical measures), is a protective
 * action, not the definitive package. */
void exec_package_in_place(bb_sim *m, bcase *c)
{
    acute_cover_wait_remove(m, c);
    acute_end(m, c);
    bool definitive = c->x == X_OWN ||
                      (c->x == X_BORROWED && m->s->level[c->held_level].borrowed_is_package);
    res_protected(m, c, definitive);
}

/* A protected case moving to option o (its own package back from
 * borrowing or a lighter level, or a new level's package) keeps what it
 * has in place as cover while o is put in place, unless o uses a provider
 * it holds (then o takes over at once). */
static bool keeps_as_cover(const bb_sim *m, const bcase *c, const bb_option *o, int r)
{
    if (!def_in_place(c) || c->interim || c->istate == I_WAIT || c->istate == I_HELD ||
        c->istate == I_IN_PLACE)
        return false;
    for (int k = 0; k < o->nparts; k++)
        if (hold_at(c, inst(m, o->part[k].provider, r)) > 0)
            return false;
    return true;
}

/* Put a case into a state: waiting, or holding option `o` of level
 * held_level (X_OWN, X_DOWN), or borrowing o's FTE (X_BORROWED). With
 * `delay`, the package comes in place after its lead time (or the
 * officers' mobilisation). Without, it replaces protection in place:
 * what the case has covers it through the lead time (keeps_as_cover),
 * or, sharing a provider, the new package takes over at once. Parts are
 * held at region reg's providers: the case's own, or (X_OWN) another
 * region's that assists, in place after the assistance delay too. */
void exec_set_state(bb_sim *m, bcase *c, enum xstate x, int held_level, int opt, bool delay,
                    int reg)
{
    const bb_option *o = x == X_WAIT ? NULL : &m->s->level[held_level].opt[opt];
    if (x != X_OWN)
        reg = c->region;
    hold_count(m, c, -1);
    acute_cover_wait_remove(m, c);
    if (!delay && (x == X_OWN || x == X_DOWN) && keeps_as_cover(m, c, o, reg)) {
        /* the package in place covers until the new one is in place */
        c->interim = c->pkg;
        c->pkg = NULL;
        c->istate = I_IN_PLACE;
        c->cover = true;
        c->interim_seq = ++m->assignments;
        delay = true;
    }
    if (c->pkg) /* a new case's first state: nothing to give back, on no list */
        hold_give_back(m, &c->pkg);
    if (c->plist >= 0)
        hold_pend_remove(m, c);
    c->x = x;
    c->xreg = (int8_t)reg;
    c->held_level = (uint8_t)held_level;
    c->opt = (uint8_t)opt;
    c->in_place = false;
    /* numbered across all cases: a stale EV_IN_PLACE of a case whose slot
     * has been reused cannot match the new case's assignment */
    c->assign_seq = ++m->assignments;
    double lead = 0.0;
    if (x == X_WAIT) {
        hold_pend_add(m, c, PEND_WAIT);
    } else if (x == X_BORROWED) {
        if (hold_take(m, c, &c->pkg, BASIC, o->fte, reg) != 0)
            return;
        if (delay)
            lead = bb_dist_quantile(&m->s->basic_mobilise_h, c->u_mob);
    } else {
        for (int k = 0; k < o->nparts; k++) {
            int p = inst(m, o->part[k].provider, reg);
            if (hold_take(m, c, &c->pkg, o->part[k].provider, o->part[k].fte, reg) != 0)
                return;
            if (delay) {
                /* not libm's fmax, a call: neither is NaN */
                double q = bb_dist_quantile(&m->s->prov[p].lead_time_h, c->u_lead);
                lead = q > lead ? q : lead;
                wf_charge(m, m->s->prov[p].budget_line, m->s->prov[p].cost_per_measure);
            }
        }
        if (delay && reg != c->region) { /* assistance from another region */
            const bb_assist *a = &m->s->assist;
            lead += bb_dist_quantile(&a->delay_h, c->u_lead);
            wf_charge(m, a->budget_line, a->cost_per_measure);
            if (m->stats_on)
                m->rs[c->region].assists++;
        }
    }
    if (x != X_WAIT) {
        if (lead <= 0.0)
            c->in_place = true;
        else
            push(m, m->now + lead, EV_IN_PLACE, 0, c, c->assign_seq);
        if (m->s->level[c->level].repatriate && x == X_BORROWED)
            hold_pend_add(m, c, PEND_BORROWED);
        if (m->s->level[c->level].repatriate && x == X_DOWN)
            hold_pend_add(m, c, PEND_DOWN);
    }
    hold_count(m, c, +1);
    if (c->in_place)
        exec_package_in_place(m, c);
    else if (x == X_OWN || x == X_DOWN)
        acute_cover(m, c); /* the basic units cover while it is put in place */
}

/* A measure already running at the start keeps its provider, even over
 * capacity (intake_setup_initial): the first option of its level whose
 * first part is that provider, else the first that uses it. */
void exec_hold_running(bb_sim *m, bcase *c, int prov, int level)
{
    const bb_level_spec *v = &m->s->level[level];
    int opt = -1;
    for (int k = 0; k < v->nopt && opt < 0; k++)
        if (v->opt[k].part[0].provider == prov)
            opt = k;
    for (int k = 0; k < v->nopt && opt < 0; k++)
        for (int j = 0; j < v->opt[k].nparts; j++)
            if (v->opt[k].part[j].provider == prov && opt < 0)
                opt = k;
    exec_set_state(m, c, X_OWN, level, opt < 0 ? 0 : opt, false, c->region);
}

/* EV_IN_PLACE: the package's lead time has passed for this assignment. */
void exec_in_place(bb_sim *m, bcase *c, uint32_t tag)
{
    if (c->id && (uint32_t)c->assign_seq == tag && !c->in_place && c->x != X_NONE &&
        c->x != X_WAIT) {
        hold_count(m, c, -1);
        c->in_place = true;
        hold_count(m, c, +1);
        exec_package_in_place(m, c);
    }
}

/* The first option of level L that fits now in region r, or -1. */
static int find_option(const bb_sim *m, int L, int r)
{
    const bb_level_spec *v = &m->s->level[L];
    for (int k = 0; k < v->nopt; k++)
        if (hold_fits(m, NULL, &v->opt[k], r))
            return k;
    return -1;
}

/* A decided case (or one whose level changed) looks for capacity. */
static void assign(bb_sim *m, bcase *c)
{
    int L = c->level, k, r = c->region, ra;
    const bb_level_spec *v = &m->s->level[L];
    if ((k = find_option(m, L, r)) >= 0) {
        exec_set_state(m, c, X_OWN, L, k, true, r);
        return;
    }
    if (fill_assist(m, c, L, &k, &ra)) {
        exec_set_state(m, c, X_OWN, L, k, true, ra);
        return;
    }
    if (v->when_full == BB_FULL_BORROW && v->nopt &&
        v->opt[0].fte <= prov_free(m, BASIC, r) + EPS) {
        exec_set_state(m, c, X_BORROWED, L, 0, true, r);
        return;
    }
    if (v->when_full == BB_FULL_DOWNGRADE)
        for (int l = L - 1; l >= 1; l--)
            if (m->s->level[l].nopt && (k = find_option(m, l, r)) >= 0) {
                exec_set_state(m, c, X_DOWN, l, k, true, r);
                return;
            }
    if (c->x != X_WAIT)
        exec_set_state(m, c, X_WAIT, L, 0, false, r);
}

/* ------------------------------------------------------------------ */
/* a measure's life                                                    */
/* ------------------------------------------------------------------ */

/* The case leaves the system (EV_MEASURE_END, or a review ended it). */
void exec_close(bb_sim *m, bcase *c)
{
    if (!c->ever_protected)
        res_never_protected(m, c);
    acute_end(m, c);
    acute_cover_wait_remove(m, c);
    hold_count(m, c, -1);
    hold_give_back(m, &c->pkg);
    if (c->plist >= 0)
        hold_pend_remove(m, c);
    c->x = X_NONE;
    if (!c->in_pool)
        intake_case_free(m, c);
    else
        c->t_end = -1; /* freed when its pool job ends */
}

/* The decision is for measures: reviews and escalations until the threat
 * ends (its end was set at intake), and capacity. */
static void start_measure(bb_sim *m, bcase *c, double first_review)
{
    const bb_level_spec *v = &m->s->level[c->level];
    if (v->review_h > 0 && m->now + first_review < c->t_end)
        push(m, m->now + first_review, EV_REVIEW, 0, c, c->id);
    /* the rate tested before it is divided: most categories never
     * escalate, and the test waited for the division */
    double epy = m->s->cat[c->cat].escalation_per_year;
    if (epy > 0) {
        double esc = epy / HOURS_PER_YEAR;
        if (m->now + c->esc_e / esc < c->t_end)
            push(m, m->now + c->esc_e / esc, EV_ESCALATE, 0, c, c->id);
    }
    assign(m, c);
    if (m->stats_on && c->counted)
        m->first_state[c->x]++;
}

/* EV_DECIDED: the authority's decision gives the case its level. */
void exec_decided(bb_sim *m, bcase *c)
{
    m->deciding--;
    tw_set(m, &m->deciding_tw, m->deciding);
    hold_count(m, c, -1); /* undecided: unprotected while it needs measures */
    c->t_decided = m->now;
    hold_count(m, c, +1); /* decided, nothing assigned yet: counted by assign() */
    if (c->level == 0) /* forced level (surge cases) keeps its value */
        c->level = (int8_t)case_level(m, c);
    if (m->stats_on) {
        m->decided[c->level]++;
        rm_add(&m->decision_wait, m->now - c->t_queue);
    }
    m->p_decided++;
    if (c->level == 0 || m->s->level[c->level].nopt == 0 || c->ended) {
        /* no measures, or the threat ended while it was assessed */
        c->level = 0;
        c->needs = false;
        acute_end(m, c);
        intake_case_free(m, c);
        return;
    }
    start_measure(m, c, m->s->level[c->level].review_h);
}

/* EV_MEASURE_END: the threat ends (its duration, drawn at intake, is
 * counted from the intake). A case under measures leaves; a case still
 * being assessed is done with at its decision, and if nothing protected
 * it meanwhile it was never protected (waiting for the assessment). */
void exec_threat_end(bb_sim *m, bcase *c)
{
    if (c->x != X_NONE) {
        exec_close(m, c);
        return;
    }
    if (c->t_decided >= 0 || c->ended)
        return;
    if (!c->ever_protected)
        res_never_protected(m, c);
    acute_end(m, c);
    hold_count(m, c, -1);
    c->ended = true;
    c->needs = false;
    hold_count(m, c, +1);
}

static void change_level(bb_sim *m, bcase *c, int L)
{
    if (L == c->level)
        return;
    if (L == 0) {
        exec_close(m, c);
        return;
    }
    if (!def_in_place(c)) { /* nothing in place to keep */
        hold_count(m, c, -1);
        acute_cover_wait_remove(m, c);
        hold_give_back(m, &c->pkg);
        hold_pend_remove(m, c);
        c->x = X_NONE;
        c->level = (int8_t)L;
        hold_count(m, c, +1);
        assign(m, c);
        return;
    }
    /* protected: the new package takes over at once where there is room
     * (counting what the case holds); else the case keeps what it has
     * until there is (a lighter package than its new level needs is
     * under-protection; a heavier one is kept until its own is free) */
    const bb_level_spec *v = &m->s->level[L];
    int k = -1;
    for (int o = 0; o < v->nopt && k < 0; o++)
        if (hold_fits(m, c, &v->opt[o], c->region))
            k = o;
    hold_pend_remove(m, c); /* from the lists of its old level */
    acute_cover_wait_remove(m, c);
    c->level = (int8_t)L;
    if (k >= 0) {
        exec_set_state(m, c, X_OWN, L, k, false, c->region);
        return;
    }
    double room = prov_free(m, BASIC, c->region) + hold_at(c, BASIC);
    if (v->when_full == BB_FULL_BORROW && v->nopt && v->opt[0].fte <= room + EPS) {
        exec_set_state(m, c, X_BORROWED, L, 0, false, c->region);
        return;
    }
    hold_count(m, c, -1);
    if (c->x != X_BORROWED)
        c->x = c->held_level < L ? X_DOWN : X_OWN;
    hold_pend_add(m, c, c->x == X_BORROWED ? PEND_BORROWED : PEND_DOWN);
    hold_count(m, c, +1);
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
     * reported), or move to the basic units, newest first (an interim
     * measure held there ends: the basic units take over at once) */
    if (m->s->prov[p].shrink_to_fallback && P->used > P->cap + EPS && P->cases > 0) {
        size_t nh;
        held_at *held = hold_list_at(m, p, &nh);
        if (!held) {
            snprintf(m->error, sizeof m->error, "out of memory cutting a provider's capacity");
            return;
        }
        /* the moves give back holds here (a package's other parts too)
         * and take none here, so the next live one is the newest */
        for (size_t i = 0; i < nh && P->used > P->cap + EPS; i++) {
            hold *h = held[i].h;
            if (h->prov != p || h->seq != held[i].seq)
                continue; /* given back (and perhaps taken again elsewhere) */
            bcase *c = h->c;
            bool interim = false;
            for (const hold *k = c->interim; k; k = k->next)
                interim |= k == h;
            if (!interim) {
                exec_set_state(m, c, X_BORROWED, c->level, 0, !def_in_place(c), c->region);
                continue;
            }
            double need = 0;
            for (const hold *k = c->interim; k; k = k->next)
                need += k->need;
            hold_give_back(m, &c->interim);
            if (hold_take(m, c, &c->interim, ACUTE, need, c->region) != 0)
                break;
        }
        free(held);
        if (m->error[0])
            return;
    }
    tw_set(m, &P->over_tw, fmax(0, P->used - P->cap));
    hold_dirty(m, p, 0);
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

/* The basic units' FTE a planned day borrows, added (sign +1) or given
 * back (-1): its region's, or every region's by capacity share. */
static void plan_borrow(bb_sim *m, const bb_planned *p, double fte, int sign)
{
    int r0 = p->region >= 0 ? p->region : 0, r1 = p->region >= 0 ? p->region + 1 : m->s->nreg;
    if (sign > 0)
        m->basic_used += fte;
    else
        m->basic_used = fmax(0, m->basic_used - fte);
    for (int r = r0; r < r1; r++) {
        double f = p->region >= 0 ? fte : fte * m->s->reg[r].cap_share;
        if (sign > 0)
            m->rb_used[r] += f;
        else
            m->rb_used[r] = fmax(0, m->rb_used[r] - f);
        tw_set(m, &m->rs[r].borrowed_tw, m->rb_used[r] + m->ra_used[r]);
        if (sign < 0)
            hold_dirty(m, BASIC, r);
    }
    tw_setx(m, &m->borrowed_tw, m->basic_used + m->acute_used);
    tw_set(m, &m->acute_tw, m->acute_used);
}

/* A hearing day begins: its FTE come first from the provider's free
 * capacity (its region's when regional), the rest from the basic units. */
void exec_plan_start(bb_sim *m, int i, int day)
{
    const bb_planned *p = &m->s->planned[i];
    int r = p->region >= 0 ? p->region : 0;
    double own = p->provider >= 0 ? fmin(p->fte, fmax(0, prov_free(m, p->provider, r))) : 0;
    double borrowed = p->fte - own;
    if (own > 0) {
        provider *P = &m->prov[inst(m, p->provider, r)];
        P->used += own;
        tw_set(m, &P->used_tw, P->used);
    }
    plan_borrow(m, p, borrowed, +1);
    m->plan[i].own = own;
    m->plan[i].borrowed = borrowed;
    push(m, m->now + 24.0, EV_PLAN_END, i, NULL, (uint64_t)day);
}

void exec_plan_end(bb_sim *m, int i, int day)
{
    const bb_planned *p = &m->s->planned[i];
    int r = p->region >= 0 ? p->region : 0;
    if (m->plan[i].own > 0) {
        int q = inst(m, p->provider, r);
        provider *P = &m->prov[q];
        P->used = fmax(0, P->used - m->plan[i].own);
        tw_set(m, &P->used_tw, P->used);
        hold_dirty(m, q, r);
    }
    plan_borrow(m, p, m->plan[i].borrowed, -1);
    m->plan[i].own = m->plan[i].borrowed = 0;
    exec_plan_schedule(m, i, day + 1);
}
