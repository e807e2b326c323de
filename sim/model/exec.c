/*
 * exec.c - execution: from the first protective action to the end of the
 * measure.
 *
 * The acute path. An acute case asks at intake for an interim measure
 * (the first protective action: surveillance attention, a post at the
 * door, moving the person to safety) from the first interim option with
 * room, in place after a mobilisation delay; it keeps it until its
 * definitive package is in place or it is decided "no measures". When no
 * interim option has room, the case waits for one (first come, first
 * served).
 *
 * The definitive package. The decision gives a case its level (0: no
 * measures). A level above 0 needs one of its options: FTE held at one or
 * more providers at once, all or nothing, for the measure's duration; it
 * is in place once the slowest part's lead time has passed (a technical
 * measure must be installed). When no option has room, the level's policy
 * decides: borrow from the basic units (in place after the officers'
 * mobilisation delay; pressure on regular police work), wait
 * (unprotected), or a lighter package (under-protected).
 *
 * Priority. Freed capacity goes first to cases waiting for an interim
 * measure, then by level, highest first; within a level acute cases
 * before regular ones, waiting (unprotected) cases before borrowed and
 * downgraded ones (repatriation), and the longest waiting first. A case
 * that does not fit never blocks a smaller one behind it: every list is
 * asked in turn, and all cases of one list need the same package, so
 * only its head is asked.
 *
 * Reviews and escalations send the case back to its advice pool, which
 * may change its level or end the measure. Planned demand (trial days)
 * holds capacity by a calendar, taking the basic units' officers for
 * what the provider cannot give. Capacity changes mark providers
 * "dirty"; exec_settle fills them after every event.
 */
#include "model/state.h"
#include <stdlib.h>

static void mark_dirty(bb_sim *m, int prov)
{
    m->dirty |= prov < 0 ? (1u << 31) : (1u << prov);
}

static double prov_free(const bb_sim *m, int p)
{
    return p == BASIC   ? m->s->basic_cap_fte - m->basic_used
           : p == ACUTE ? m->s->basic_acute_cap_fte - m->acute_used
                        : m->prov[p].cap - m->prov[p].used;
}

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
                staffed &= bb_scenario_provider_staffed(m->s, v->opt[k].part[j].provider) != 0;
            if (staffed) {
                p = v->opt[k].part[0].provider;
                break;
            }
        }
        m->wait_prov[L] = (int8_t)p;
    }
}

static int primary(const bb_sim *m, int L)
{
    return m->wait_prov[L];
}

/* ------------------------------------------------------------------ */
/* holds                                                               */
/* ------------------------------------------------------------------ */

static hold *hold_new(bb_sim *m)
{
    if (!m->free_holds) {
        if (m->nhblocks == m->caphblocks) {
            int cap = m->caphblocks ? 2 * m->caphblocks : 16;
            hold **b = realloc(m->hblocks, (size_t)cap * sizeof *b);
            if (!b)
                return NULL;
            m->hblocks = b;
            m->caphblocks = cap;
        }
        hold *blk = malloc(1024 * sizeof *blk);
        if (!blk)
            return NULL;
        m->hblocks[m->nhblocks++] = blk;
        for (int i = 1023; i >= 0; i--) {
            blk[i].next = m->free_holds;
            m->free_holds = &blk[i];
        }
    }
    hold *h = m->free_holds;
    m->free_holds = h->next;
    return h;
}

/* Hold `need` FTE at provider prov (or the basic units) for case c; the
 * hold goes to the front of *list. Returns 0, or -1 out of memory. */
static int take(bb_sim *m, bcase *c, hold **list, int prov, double need)
{
    hold *h = hold_new(m);
    if (!h) {
        snprintf(m->error, sizeof m->error, "out of memory holding capacity at %.0f h", m->now);
        return -1;
    }
    *h = (hold){.next = *list, .c = c, .need = need, .prov = prov};
    *list = h;
    if (prov >= 0) {
        provider *P = &m->prov[prov];
        h->hprev = P->held_tail;
        if (P->held_tail)
            P->held_tail->hnext = h;
        else
            P->held_head = h;
        P->held_tail = h;
        P->used += need;
        P->cases++;
        tw_set(m, &P->used_tw, P->used);
        tw_set(m, &P->cases_tw, P->cases);
        tw_set(m, &P->over_tw, fmax(0, P->used - P->cap));
    } else {
        *(prov == ACUTE ? &m->acute_used : &m->basic_used) += need;
        tw_set(m, &m->borrowed_tw, m->basic_used + m->acute_used);
        tw_set(m, &m->acute_tw, m->acute_used);
    }
    return 0;
}

/* Give back every hold of *list. */
static void give_back(bb_sim *m, hold **list)
{
    for (hold *h = *list, *next; h; h = next) {
        next = h->next;
        if (h->prov >= 0) {
            provider *P = &m->prov[h->prov];
            if (h->hprev)
                h->hprev->hnext = h->hnext;
            else
                P->held_head = h->hnext;
            if (h->hnext)
                h->hnext->hprev = h->hprev;
            else
                P->held_tail = h->hprev;
            P->used -= h->need;
            if (P->used < EPS)
                P->used = 0;
            P->cases--;
            tw_set(m, &P->used_tw, P->used);
            tw_set(m, &P->cases_tw, P->cases);
            tw_set(m, &P->over_tw, fmax(0, P->used - P->cap));
        } else {
            double *u = h->prov == ACUTE ? &m->acute_used : &m->basic_used;
            *u -= h->need;
            if (*u < EPS)
                *u = 0;
            tw_set(m, &m->borrowed_tw, m->basic_used + m->acute_used);
            tw_set(m, &m->acute_tw, m->acute_used);
        }
        mark_dirty(m, h->prov);
        h->next = m->free_holds;
        m->free_holds = h;
    }
    *list = NULL;
}

/* FTE case c's package holds at provider p (which it could move into). */
static double held_at(const bcase *c, int p)
{
    double n = 0;
    for (const hold *h = c->pkg; h; h = h->next)
        if (h->prov == p)
            n += h->need;
    return n;
}

/* Does option o fit now for case c (counting what its package holds)? */
static bool option_fits(const bb_sim *m, const bcase *c, const bb_option *o)
{
    for (int k = 0; k < o->nparts; k++) {
        int p = o->part[k].provider;
        double room = prov_free(m, p) + (c ? held_at(c, p) : 0);
        if (o->part[k].fte > room + EPS)
            return false;
    }
    return true;
}

static bool option_uses(const bb_option *o, int p)
{
    for (int k = 0; k < o->nparts; k++)
        if (o->part[k].provider == p)
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* counting: what a case contributes to the protection counters        */
/* ------------------------------------------------------------------ */

static bool def_in_place(const bcase *c)
{
    return (c->x == X_OWN || c->x == X_DOWN || c->x == X_BORROWED) && c->in_place;
}

/* Is the package a case holds continuous (a 24/7 package for a person)? */
static bool continuous(const bb_sim *m, const bcase *c)
{
    const bb_level_spec *v = &m->s->level[c->held_level];
    int o = c->x == X_BORROWED ? 0 : c->opt;
    return m->s->cat[c->cat].person && o < v->nopt && v->opt[o].continuous;
}

/* Protection counters follow a case's state; call with -1 before a
 * change and +1 after it. A case that needs measures counts as
 * unprotected from its intake (also while it waits for information or
 * advice) until something is in place. */
static void count_case(bb_sim *m, bcase *c, int sign)
{
    bool interim = c->istate == I_IN_PLACE;
    bool decided = c->t_decided >= 0;
    if (c->needs && !interim && !(c->x != X_NONE && def_in_place(c)) &&
        (!decided || c->x != X_NONE)) {
        m->unprot_need += sign;
        tw_add(m, &m->need_tw, sign);
        /* before its decision a case needs the level drawn at intake */
        int L = c->level > 0 ? c->level : decided_level(&m->s->cat[c->cat], c->u_level);
        tw_add(m, &m->need_lv_tw[L], sign);
    }
    if (c->x != X_NONE && def_in_place(c)) {
        m->protected_now += sign;
        m->active_level[c->held_level] += sign;
        tw_add(m, &m->active_tw[c->held_level], sign);
        if (c->x == X_DOWN) {
            m->downgraded += sign;
            tw_add(m, &m->down_tw, sign);
        }
        if (continuous(m, c)) {
            m->continuous += sign;
            tw_add(m, &m->cont_tw, sign);
        }
    } else if (interim) {
        m->protected_now += sign;
        m->interim_now += sign;
        tw_add(m, &m->interim_tw, sign);
    } else if (c->x != X_NONE) {
        m->unprotected += sign;
        tw_add(m, &m->unprot_tw, sign);
    }
    if (c->istate == I_WAIT) {
        m->interim_waiting += sign;
        tw_add(m, &m->iwait_tw, sign);
    }
}

/* ------------------------------------------------------------------ */
/* pending lists                                                       */
/* ------------------------------------------------------------------ */

/* The FTE a waiting case of level L would borrow, or 0 if L does not. */
static double borrow_need(const bb_sim *m, int L)
{
    const bb_level_spec *v = &m->s->level[L];
    return v->when_full == BB_FULL_BORROW && v->nopt ? v->opt[0].fte : 0;
}

/* Who a waiting case waits for: its level's provider, for the bottleneck. */
static void waits_for(bb_sim *m, int L, int sign)
{
    int p = primary(m, L);
    if (p >= 0) {
        m->prov[p].waiting += sign;
        tw_set(m, &m->prov[p].wait_tw, m->prov[p].waiting);
    }
}

static void pend_remove(bb_sim *m, bcase *c)
{
    if (c->plist < 0)
        return;
    int L = c->level, u = c->acute, k = c->plist;
    if (c->pprev)
        c->pprev->pnext = c->pnext;
    else
        m->pend_head[L][u][k] = c->pnext;
    if (c->pnext)
        c->pnext->pprev = c->pprev;
    else
        m->pend_tail[L][u][k] = c->pprev;
    c->pnext = c->pprev = NULL;
    c->plist = -1;
    m->pend_n[k]--;
    if (k == PEND_WAIT) {
        m->unmet -= borrow_need(m, L);
        if (m->unmet < EPS)
            m->unmet = 0;
        tw_set(m, &m->unmet_tw, m->unmet);
    }
    waits_for(m, L, -1);
}

static void pend_add(bb_sim *m, bcase *c, enum pend k)
{
    int L = c->level, u = c->acute;
    c->plist = (int8_t)k;
    c->pnext = NULL;
    c->pprev = m->pend_tail[L][u][k];
    if (c->pprev)
        c->pprev->pnext = c;
    else
        m->pend_head[L][u][k] = c;
    m->pend_tail[L][u][k] = c;
    m->pend_n[k]++;
    if (k == PEND_WAIT) {
        m->unmet += borrow_need(m, L);
        tw_set(m, &m->unmet_tw, m->unmet);
    }
    waits_for(m, L, +1);
}

/* The need of the first interim option that uses the basic units (for
 * the borrowing a waiting case would do), or 0. */
static double interim_basic_need(const bb_sim *m)
{
    const bb_interim *I = &m->s->interim;
    for (int k = 0; k < I->nopt; k++)
        if (option_uses(&I->opt[k], ACUTE))
            return I->opt[k].fte;
    return 0;
}

static void iwait_add(bb_sim *m, bcase *c)
{
    c->inext = NULL;
    c->iprev = m->iw_tail;
    if (m->iw_tail)
        m->iw_tail->inext = c;
    else
        m->iw_head = c;
    m->iw_tail = c;
    m->unmet += interim_basic_need(m);
    tw_set(m, &m->unmet_tw, m->unmet);
    m->basic_waiting++;
    tw_set(m, &m->basic_wait_tw, m->basic_waiting);
}

static void iwait_remove(bb_sim *m, bcase *c)
{
    if (c->iprev)
        c->iprev->inext = c->inext;
    else
        m->iw_head = c->inext;
    if (c->inext)
        c->inext->iprev = c->iprev;
    else
        m->iw_tail = c->iprev;
    c->inext = c->iprev = NULL;
    m->unmet -= interim_basic_need(m);
    if (m->unmet < EPS)
        m->unmet = 0;
    tw_set(m, &m->unmet_tw, m->unmet);
    m->basic_waiting--;
    tw_set(m, &m->basic_wait_tw, m->basic_waiting);
}

/* ------------------------------------------------------------------ */
/* the interim measure                                                 */
/* ------------------------------------------------------------------ */

/* The interim measure ends: the definitive package is in place, or no
 * measures are needed, or the case closes. */
static void interim_end(bb_sim *m, bcase *c)
{
    if (c->istate == I_NONE || c->istate == I_DONE)
        return;
    count_case(m, c, -1);
    if (c->istate == I_WAIT)
        iwait_remove(m, c);
    give_back(m, &c->interim);
    c->istate = I_DONE;
    count_case(m, c, +1);
}

/* Put the interim option o in place for c: held now, on site after the
 * mobilisation delay. */
static void interim_take(bb_sim *m, bcase *c, const bb_option *o)
{
    count_case(m, c, -1);
    if (c->istate == I_WAIT)
        iwait_remove(m, c);
    for (int k = 0; k < o->nparts; k++)
        if (take(m, c, &c->interim, o->part[k].provider, o->part[k].fte) != 0)
            return;
    c->istate = I_HELD;
    c->cover = false;
    c->interim_seq = ++m->assignments;
    double d = bb_dist_quantile(&m->s->interim.mobilise_h, c->u_mob);
    count_case(m, c, +1);
    if (d > 0)
        push(m, m->now + d, EV_INTERIM, 0, c, c->interim_seq);
    else
        exec_interim_in_place(m, c, (uint32_t)c->interim_seq);
}

/* The first interim option with room, or NULL. */
static const bb_option *interim_option(const bb_sim *m)
{
    const bb_interim *I = &m->s->interim;
    for (int k = 0; k < I->nopt; k++)
        if (option_fits(m, NULL, &I->opt[k]))
            return &I->opt[k];
    return NULL;
}

/* A new case (a signal past triage, a surge case, a backlog case): if it
 * needs measures it is unprotected from now on. */
void exec_admit(bb_sim *m, bcase *c)
{
    const bb_scenario *s = m->s;
    int L = c->level > 0 ? c->level : decided_level(&s->cat[c->cat], c->u_level);
    c->needs = L > 0 && s->level[L].nopt > 0;
    count_case(m, c, +1);
    if (!c->needs)
        return;
    /* the threat lasts its level's duration from now: it runs while the
     * case waits for information and advice too */
    c->t_end = m->now + bb_dist_quantile(&s->level[L].duration_h, c->u_dur);
    push(m, c->t_end, EV_MEASURE_END, 0, c, c->id);
}

/* At intake: an acute case asks for its first protective action. */
void exec_request_interim(bb_sim *m, bcase *c)
{
    if (!c->acute || m->s->interim.nopt == 0 || c->istate != I_NONE)
        return;
    const bb_option *o = interim_option(m);
    if (o) {
        interim_take(m, c, o);
        return;
    }
    count_case(m, c, -1);
    c->istate = I_WAIT;
    iwait_add(m, c);
    count_case(m, c, +1);
}

/* EV_INTERIM: the officers of the interim measure are on site. */
void exec_interim_in_place(bb_sim *m, bcase *c, uint32_t tag)
{
    if (!c->id || c->istate != I_HELD || (uint32_t)c->interim_seq != tag)
        return;
    count_case(m, c, -1);
    c->istate = I_IN_PLACE;
    count_case(m, c, +1);
    if (!c->cover)
        m->interims++;
    res_protected(m, c, false);
}

/* While a package is put in place (an alarm installed, a provider's team
 * on its way), a case whose level borrows is covered by the basic units
 * (surveillance attention) when they have room, from the officers'
 * mobilisation until the package is in place. An acute case keeps its
 * interim measure for that instead. */
static void cover_wait_remove(bb_sim *m, bcase *c)
{
    if (!c->cover_wait)
        return;
    int L = c->level;
    if (c->iprev)
        c->iprev->inext = c->inext;
    else
        m->cw_head[L] = c->inext;
    if (c->inext)
        c->inext->iprev = c->iprev;
    else
        m->cw_tail[L] = c->iprev;
    c->inext = c->iprev = NULL;
    c->cover_wait = false;
    m->cover_waiting--;
    m->unmet -= borrow_need(m, L);
    if (m->unmet < EPS)
        m->unmet = 0;
    tw_set(m, &m->unmet_tw, m->unmet);
}

/* No room at the basic units for the cover yet: the case waits for it,
 * in order within its level (fill_basic). */
static void cover_wait_add(bb_sim *m, bcase *c)
{
    int L = c->level;
    c->cover_wait = true;
    c->inext = NULL;
    c->iprev = m->cw_tail[L];
    if (m->cw_tail[L])
        m->cw_tail[L]->inext = c;
    else
        m->cw_head[L] = c;
    m->cw_tail[L] = c;
    m->cover_waiting++;
    m->unmet += borrow_need(m, L);
    tw_set(m, &m->unmet_tw, m->unmet);
}

static void cover(bb_sim *m, bcase *c)
{
    double need = borrow_need(m, c->level);
    if (c->istate == I_WAIT || c->istate == I_HELD || c->istate == I_IN_PLACE || need <= 0)
        return;
    if (need > prov_free(m, BASIC) + EPS) {
        if (!c->cover_wait)
            cover_wait_add(m, c);
        return;
    }
    cover_wait_remove(m, c);
    count_case(m, c, -1);
    if (take(m, c, &c->interim, BASIC, need) != 0)
        return;
    c->istate = I_HELD;
    c->cover = true;
    c->interim_seq = ++m->assignments;
    double d = bb_dist_quantile(&m->s->basic_mobilise_h, c->u_mob);
    count_case(m, c, +1);
    if (d > 0)
        push(m, m->now + d, EV_INTERIM, 0, c, c->interim_seq);
    else
        exec_interim_in_place(m, c, (uint32_t)c->interim_seq);
}

/* ------------------------------------------------------------------ */
/* the definitive package                                              */
/* ------------------------------------------------------------------ */

/* The package (own, borrowed or lighter) is in place. A lighter one, or
 * borrowed officers standing in for a package of another kind (level 1:
 * surveillance attention instead of technical measures), is a protective
 * action, not the definitive package. */
static void package_in_place(bb_sim *m, bcase *c)
{
    cover_wait_remove(m, c);
    interim_end(m, c);
    bool definitive = c->x == X_OWN ||
                      (c->x == X_BORROWED && m->s->level[c->held_level].borrowed_is_package);
    res_protected(m, c, definitive);
}

/* A protected case moving to option o (its own package back from
 * borrowing or a lighter level, or a new level's package) keeps what it
 * has in place as cover while o is put in place, unless o uses a provider
 * it holds (then o takes over at once). */
static bool keeps_as_cover(const bcase *c, const bb_option *o)
{
    if (!def_in_place(c) || c->interim || c->istate == I_WAIT || c->istate == I_HELD ||
        c->istate == I_IN_PLACE)
        return false;
    for (int k = 0; k < o->nparts; k++)
        if (held_at(c, o->part[k].provider) > 0)
            return false;
    return true;
}

/* Put a case into a state: waiting, or holding option `o` of level
 * held_level (X_OWN, X_DOWN), or borrowing o's FTE (X_BORROWED). With
 * `delay`, the package comes in place after its lead time (or the
 * officers' mobilisation). Without, it replaces protection in place:
 * what the case has covers it through the lead time (keeps_as_cover),
 * or, sharing a provider, the new package takes over at once. */
static void set_state(bb_sim *m, bcase *c, enum xstate x, int held_level, int opt, bool delay)
{
    const bb_option *o = x == X_WAIT ? NULL : &m->s->level[held_level].opt[opt];
    count_case(m, c, -1);
    cover_wait_remove(m, c);
    if (!delay && (x == X_OWN || x == X_DOWN) && keeps_as_cover(c, o)) {
        /* the package in place covers until the new one is in place */
        c->interim = c->pkg;
        c->pkg = NULL;
        c->istate = I_IN_PLACE;
        c->cover = true;
        c->interim_seq = ++m->assignments;
        delay = true;
    }
    give_back(m, &c->pkg);
    pend_remove(m, c);
    c->x = x;
    c->held_level = (uint8_t)held_level;
    c->opt = (uint8_t)opt;
    c->in_place = false;
    /* numbered across all cases: a stale EV_IN_PLACE of a case whose slot
     * has been reused cannot match the new case's assignment */
    c->assign_seq = ++m->assignments;
    double lead = 0.0;
    if (x == X_WAIT) {
        pend_add(m, c, PEND_WAIT);
    } else if (x == X_BORROWED) {
        if (take(m, c, &c->pkg, BASIC, o->fte) != 0)
            return;
        if (delay)
            lead = bb_dist_quantile(&m->s->basic_mobilise_h, c->u_mob);
    } else {
        for (int k = 0; k < o->nparts; k++) {
            int p = o->part[k].provider;
            if (take(m, c, &c->pkg, p, o->part[k].fte) != 0)
                return;
            if (delay) {
                lead = fmax(lead, bb_dist_quantile(&m->s->prov[p].lead_time_h, c->u_lead));
                wf_charge(m, m->s->prov[p].budget_line, m->s->prov[p].cost_per_measure);
            }
        }
    }
    if (x != X_WAIT) {
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
        package_in_place(m, c);
    else if (x == X_OWN || x == X_DOWN)
        cover(m, c); /* the basic units cover while it is put in place */
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
        if (option_uses(&v->opt[k], prov))
            opt = k;
    set_state(m, c, X_OWN, level, opt < 0 ? 0 : opt, false);
}

/* EV_IN_PLACE: the package's lead time has passed for this assignment. */
void exec_in_place(bb_sim *m, bcase *c, uint32_t tag)
{
    if (c->id && (uint32_t)c->assign_seq == tag && !c->in_place && c->x != X_NONE &&
        c->x != X_WAIT) {
        count_case(m, c, -1);
        c->in_place = true;
        count_case(m, c, +1);
        package_in_place(m, c);
    }
}

/* The first option of level L that fits now, or -1. */
static int find_option(const bb_sim *m, int L)
{
    const bb_level_spec *v = &m->s->level[L];
    for (int k = 0; k < v->nopt; k++)
        if (option_fits(m, NULL, &v->opt[k]))
            return k;
    return -1;
}

/* A decided case (or one whose level changed) looks for capacity. */
static void assign(bb_sim *m, bcase *c)
{
    int L = c->level, k;
    const bb_level_spec *v = &m->s->level[L];
    if ((k = find_option(m, L)) >= 0) {
        set_state(m, c, X_OWN, L, k, true);
        return;
    }
    if (v->when_full == BB_FULL_BORROW && v->nopt && v->opt[0].fte <= prov_free(m, BASIC) + EPS) {
        set_state(m, c, X_BORROWED, L, 0, true);
        return;
    }
    if (v->when_full == BB_FULL_DOWNGRADE)
        for (int l = L - 1; l >= 1; l--)
            if (m->s->level[l].nopt && (k = find_option(m, l)) >= 0) {
                set_state(m, c, X_DOWN, l, k, true);
                return;
            }
    if (c->x != X_WAIT)
        set_state(m, c, X_WAIT, L, 0, false);
}

/* The older of the borrowed and downgraded cases of level L, urgency u. */
static bcase *moved_head(bb_sim *m, int L, int u)
{
    bcase *b = m->pend_head[L][u][PEND_BORROWED], *d = m->pend_head[L][u][PEND_DOWN];
    if (b && d)
        return b->t_decided <= d->t_decided ? b : d;
    return b ? b : d;
}

/* The first option of level L that uses provider p and fits for c. */
static int fit_at(const bb_sim *m, const bcase *c, int L, int p)
{
    const bb_level_spec *v = &m->s->level[L];
    for (int k = 0; k < v->nopt; k++)
        if (option_uses(&v->opt[k], p) && option_fits(m, c, &v->opt[k]))
            return k;
    return -1;
}

/* The first interim option that uses p and fits, or NULL. */
static const bb_option *interim_at(const bb_sim *m, int p)
{
    const bb_interim *I = &m->s->interim;
    for (int k = 0; k < I->nopt; k++)
        if (option_uses(&I->opt[k], p) && option_fits(m, NULL, &I->opt[k]))
            return &I->opt[k];
    return NULL;
}

/* Capacity freed at provider p: cases move in by priority (above). */
static void fill_provider(bb_sim *m, int p)
{
    for (;;) {
        const bb_option *io;
        if (m->iw_head && (io = interim_at(m, p))) {
            interim_take(m, m->iw_head, io);
            continue;
        }
        bcase *best = NULL;
        int opt = -1;
        for (int L = BB_LEVELS - 1; L >= 1 && !best; L--) {
            for (int u = 1; u >= 0 && !best; u--) {
                bcase *w = m->pend_head[L][u][PEND_WAIT];
                if (w && (opt = fit_at(m, w, L, p)) >= 0)
                    best = w;
            }
            for (int u = 1; u >= 0 && !best; u--) {
                bcase *w = moved_head(m, L, u);
                if (w && (opt = fit_at(m, w, L, p)) >= 0)
                    best = w;
            }
        }
        if (!best)
            return;
        bool was_protected = def_in_place(best);
        set_state(m, best, X_OWN, best->level, opt, !was_protected);
    }
}

/* Basic units freed: interim requests first, then waiting cases whose
 * level borrows, by priority. */
static void fill_basic(bb_sim *m)
{
    for (;;) {
        const bb_option *io;
        if (m->iw_head && (io = interim_option(m))) {
            interim_take(m, m->iw_head, io);
            continue;
        }
        /* by level, highest first: cases waiting to borrow their package
         * (acute first), then those waiting for cover while their package
         * is put in place */
        bcase *best = NULL;
        bool borrow = false;
        for (int L = BB_LEVELS - 1; L >= 1 && !best; L--) {
            double need = borrow_need(m, L);
            if (need <= 0 || need > prov_free(m, BASIC) + EPS)
                continue;
            for (int u = 1; u >= 0 && !best; u--)
                best = m->pend_head[L][u][PEND_WAIT];
            borrow = best != NULL;
            if (!best)
                best = m->cw_head[L];
        }
        if (!best)
            return;
        if (borrow)
            set_state(m, best, X_BORROWED, best->level, 0, true);
        else
            cover(m, best);
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
    if (!c->ever_protected)
        res_never_protected(m, c);
    interim_end(m, c);
    cover_wait_remove(m, c);
    count_case(m, c, -1);
    give_back(m, &c->pkg);
    pend_remove(m, c);
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
    count_case(m, c, -1); /* undecided: unprotected while it needs measures */
    c->t_decided = m->now;
    count_case(m, c, +1); /* decided, nothing assigned yet: counted by assign() */
    if (c->level == 0) /* forced level (surge cases) keeps its value */
        c->level = (int8_t)decided_level(&m->s->cat[c->cat], c->u_level);
    if (m->stats_on) {
        m->decided[c->level]++;
        rm_add(&m->decision_wait, m->now - c->t_queue);
    }
    m->p_decided++;
    if (c->level == 0 || m->s->level[c->level].nopt == 0 || c->ended) {
        /* no measures, or the threat ended while it was assessed */
        c->level = 0;
        c->needs = false;
        interim_end(m, c);
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
    interim_end(m, c);
    count_case(m, c, -1);
    c->ended = true;
    c->needs = false;
    count_case(m, c, +1);
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
        count_case(m, c, -1);
        cover_wait_remove(m, c);
        give_back(m, &c->pkg);
        pend_remove(m, c);
        c->x = X_NONE;
        c->level = (int8_t)L;
        count_case(m, c, +1);
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
        if (option_fits(m, c, &v->opt[o]))
            k = o;
    pend_remove(m, c); /* from the lists of its old level */
    cover_wait_remove(m, c);
    c->level = (int8_t)L;
    if (k >= 0) {
        set_state(m, c, X_OWN, L, k, false);
        return;
    }
    double room = prov_free(m, BASIC) + held_at(c, BASIC);
    if (v->when_full == BB_FULL_BORROW && v->nopt && v->opt[0].fte <= room + EPS) {
        set_state(m, c, X_BORROWED, L, 0, false);
        return;
    }
    count_case(m, c, -1);
    if (c->x != X_BORROWED)
        c->x = c->held_level < L ? X_DOWN : X_OWN;
    pend_add(m, c, c->x == X_BORROWED ? PEND_BORROWED : PEND_DOWN);
    count_case(m, c, +1);
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
    if (m->s->prov[p].shrink_to_fallback)
        while (P->used > P->cap + EPS && P->held_tail) {
            hold *h = P->held_tail;
            bcase *c = h->c;
            bool interim = false;
            for (const hold *i = c->interim; i; i = i->next)
                interim |= i == h;
            if (!interim) {
                set_state(m, c, X_BORROWED, c->level, 0, !def_in_place(c));
                continue;
            }
            double need = 0;
            for (const hold *i = c->interim; i; i = i->next)
                need += i->need;
            give_back(m, &c->interim);
            if (take(m, c, &c->interim, ACUTE, need) != 0)
                return;
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
    tw_set(m, &m->borrowed_tw, m->basic_used + m->acute_used);
    tw_set(m, &m->acute_tw, m->acute_used);
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
    tw_set(m, &m->borrowed_tw, m->basic_used + m->acute_used);
    tw_set(m, &m->acute_tw, m->acute_used);
    mark_dirty(m, BASIC);
    m->plan[i].own = m->plan[i].borrowed = 0;
    exec_plan_schedule(m, i, day + 1);
}
