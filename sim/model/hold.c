/*
 * hold.c - capacity held by cases, and what a case counts for.
 *
 * Holds: FTE a case holds at one provider (or its region's basic units),
 * from blocks with a free list, numbered in the order taken (a cut in
 * a provider's capacity moves the newest first). Whether an option fits
 * a case of a region now (counting what its package holds). The
 * protection counters a case's state adds to, national and per region.
 * The pending lists of execution (per region, level, urgency and kind)
 * and the list of cases waiting for an interim measure (per region),
 * each place numbered so the longest waiting case can be found across
 * regions (fill.c).
 */
#include "model/exec.h"
#include <stdlib.h>

void hold_dirty(bb_sim *m, int prov, int region)
{
    if (prov < 0)
        m->dirty_basic |= 1u << region;
    else
        m->dirty |= 1ull << prov;
}

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
            blk[i].prov = HOLD_FREE;
            blk[i].next = m->free_holds;
            m->free_holds = &blk[i];
        }
    }
    hold *h = m->free_holds;
    m->free_holds = h->next;
    return h;
}

/* FTE a provider holds over its capacity: fmax(0, used - cap) without
 * the call into libm (the two agree but for a NaN, which neither gives). */
static inline double over_cap(const provider *P)
{
    double x = P->used - P->cap;
    return x > 0 ? x : 0.0;
}

static void set_borrowed(bb_sim *m, int r)
{
    tw_setx(m, &m->borrowed_tw, m->basic_used + m->acute_used);
    tw_set(m, &m->acute_tw, m->acute_used);
    tw_set(m, &m->rs[r].borrowed_tw, m->rb_used[r] + m->ra_used[r]);
}

/* Hold `need` FTE at a part's provider prov for region r (or r's basic
 * units) for case c; the hold goes to the front of *list. Returns 0, or
 * -1 out of memory. */
int hold_take(bb_sim *m, bcase *c, hold **list, int prov, double need, int r)
{
    hold *h = home_hold(c); /* the case's own, beside it, if it is free */
    if (h->prov != HOLD_FREE)
        h = hold_new(m);
    if (!h) {
        snprintf(m->error, sizeof m->error, "out of memory holding capacity at %.0f h", m->now);
        return -1;
    }
    prov = inst(m, prov, r);
    *h = (hold){.next = *list, .c = c, .need = need, .seq = ++m->holds_taken, .prov = prov,
                .region = (int16_t)r};
    *list = h;
    if (prov >= 0) {
        provider *P = &m->prov[prov];
        P->used += need;
        P->cases++;
        tw_set(m, &P->used_tw, P->used);
        tw_set(m, &P->cases_tw, P->cases);
        tw_set(m, &P->over_tw, over_cap(P));
    } else {
        *(prov == ACUTE ? &m->acute_used : &m->basic_used) += need;
        *(prov == ACUTE ? &m->ra_used[r] : &m->rb_used[r]) += need;
        set_borrowed(m, r);
    }
    return 0;
}

/* Give back every hold of *list. */
void hold_give_back(bb_sim *m, hold **list)
{
    for (hold *h = *list, *next; h; h = next) {
        next = h->next;
        if (h->prov >= 0) {
            provider *P = &m->prov[h->prov];
            P->used -= h->need;
            if (P->used < EPS)
                P->used = 0;
            P->cases--;
            tw_set(m, &P->used_tw, P->used);
            tw_set(m, &P->cases_tw, P->cases);
            tw_set(m, &P->over_tw, over_cap(P));
        } else {
            int r = h->region;
            double *u = h->prov == ACUTE ? &m->acute_used : &m->basic_used;
            double *ur = h->prov == ACUTE ? &m->ra_used[r] : &m->rb_used[r];
            *u -= h->need;
            if (*u < EPS)
                *u = 0;
            *ur -= h->need;
            if (*ur < EPS)
                *ur = 0;
            set_borrowed(m, r);
        }
        hold_dirty(m, h->prov, h->region);
        h->prov = HOLD_FREE;
        if (h != home_hold(h->c)) { /* a home hold stays with its case */
            h->next = m->free_holds;
            m->free_holds = h;
        }
    }
    *list = NULL;
}

static int newest_first(const void *a, const void *b)
{
    uint64_t x = ((const held_at *)a)->seq, y = ((const held_at *)b)->seq;
    return (x < y) - (x > y);
}

/* The holds at provider p, newest first, from the hold blocks.
 * Providers keep no list of their holds: unlinking from it cost every
 * measure's end two misses in the cache (its neighbours' links), for the
 * rare cut in capacity that needs the order (exec_set_capacity). */
held_at *hold_list_at(const bb_sim *m, int p, size_t *n)
{
    *n = 0;
    size_t k = (size_t)(m->prov[p].cases > 0 ? m->prov[p].cases : 0);
    held_at *v = k ? malloc(k * sizeof *v) : NULL;
    if (!v)
        return NULL;
    for (int b = 0; b < m->nblocks; b++) /* the cases' home holds */
        for (int i = 0; i < CASE_BLOCK && *n < k; i++) {
            hold *h = home_hold(&m->blocks[b][i]);
            if (h->prov == p)
                v[(*n)++] = (held_at){h, h->seq};
        }
    for (int b = 0; b < m->nhblocks; b++)
        for (int i = 0; i < 1024 && *n < k; i++)
            if (m->hblocks[b][i].prov == p)
                v[(*n)++] = (held_at){&m->hblocks[b][i], m->hblocks[b][i].seq};
    qsort(v, *n, sizeof *v, newest_first);
    return v;
}

/* FTE case c's package holds at provider p (which it could move into). */
double hold_at(const bcase *c, int p)
{
    double n = 0;
    for (const hold *h = c->pkg; h; h = h->next)
        if (h->prov == p)
            n += h->need;
    return n;
}

/* Does option o fit now for case c in region r (counting what its
 * package holds)? */
bool hold_fits(const bb_sim *m, const bcase *c, const bb_option *o, int r)
{
    for (int k = 0; k < o->nparts; k++) {
        int p = o->part[k].provider;
        double room = prov_free(m, p, r) + (c ? hold_at(c, inst(m, p, r)) : 0);
        if (o->part[k].fte > room + EPS)
            return false;
    }
    return true;
}

/* Does option o use provider p (an instance) for region r? */
bool hold_uses(const bb_sim *m, const bb_option *o, int p, int r)
{
    for (int k = 0; k < o->nparts; k++)
        if (inst(m, o->part[k].provider, r) == p)
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* counting: what a case contributes to the protection counters        */
/* ------------------------------------------------------------------ */

/* Is the package a case holds continuous (a 24/7 package for a person)? */
static bool continuous(const bb_sim *m, const bcase *c)
{
    int o = c->x == X_BORROWED ? 0 : c->opt; /* below BB_MAX_OPTIONS */
    return (m->cont_opts[c->cat][c->held_level] >> o) & 1u;
}

/* Protection counters follow a case's state; call with -1 before a
 * change and +1 after it. A case that needs measures counts as
 * unprotected from its intake (also while it waits for information or
 * advice) until something is in place. Called through hold_count
 * (exec.h), which leaves out a case that counts nowhere. */
void hold_count_case(bb_sim *m, bcase *c, int sign)
{
    const int x = c->x, is = c->istate;
    const bool interim = is == I_IN_PLACE, decided = c->t_decided >= 0;
    _Static_assert(X_BORROWED < X_DOWN && X_DOWN < X_OWN, "the held states last");
    const bool placed = x >= X_BORROWED && c->in_place; /* def_in_place */
    const double d = sign; /* converted once for the levels' changes */
    struct rstat *R = &m->rs[c->region];
    if (c->needs && !interim && !placed && (!decided || x != X_NONE)) {
        m->unprot_need += sign;
        tw_add(m, &m->need_tw, d);
        R->need += sign;
        if (m->s->nreg > 1) /* one region: its level is the national one (res_sync) */
            tw_add(m, &R->need_tw, d);
        /* before its decision a case needs the level drawn at intake */
        int L = c->level > 0 ? c->level : case_level(m, c);
        tw_add(m, &m->need_lv_tw[L], d);
    }
    if (placed) {
        int hl = c->held_level;
        m->protected_now += sign;
        R->prot += sign;
        R->assisted += c->xreg != c->region ? sign : 0;
        m->active_level[hl] += sign;
        tw_add(m, &m->active_tw[hl], d);
        if (x == X_DOWN) {
            m->downgraded += sign;
            tw_add(m, &m->down_tw, d);
        }
        if (continuous(m, c)) {
            m->continuous += sign;
            tw_add(m, &m->cont_tw, d);
        }
    } else if (interim) {
        m->protected_now += sign;
        R->prot += sign;
        m->interim_now += sign;
        tw_add(m, &m->interim_tw, d);
    } else if (x != X_NONE) {
        m->unprotected += sign;
        R->unprot += sign;
        tw_add(m, &m->unprot_tw, d);
    }
    if (is == I_WAIT) {
        m->interim_waiting += sign;
        tw_add(m, &m->iwait_tw, d);
    }
}

/* ------------------------------------------------------------------ */
/* pending lists                                                       */
/* ------------------------------------------------------------------ */

/* Who a waiting case waits for: its level's provider in its region, for
 * the bottleneck. */
static void waits_for(bb_sim *m, int L, int r, int sign)
{
    int p = m->wait_prov[L];
    if (p >= 0) {
        p = inst(m, p, r);
        m->prov[p].waiting += sign;
        tw_set(m, &m->prov[p].wait_tw, m->prov[p].waiting);
    }
}

void hold_pend_remove(bb_sim *m, bcase *c)
{
    if (c->plist < 0)
        return;
    int L = c->level, u = c->acute, k = c->plist, r = c->region;
    if (c->pprev)
        c->pprev->pnext = c->pnext;
    else
        m->pend_head[r][L][u][k] = c->pnext;
    if (c->pnext)
        c->pnext->pprev = c->pprev;
    else
        m->pend_tail[r][L][u][k] = c->pprev;
    c->pnext = c->pprev = NULL;
    c->plist = -1;
    if (!m->pend_head[r][L][u][k])
        m->pmask[L][u][k] &= ~(1u << r);
    m->pend_n[k]--;
    if (k == PEND_WAIT) {
        m->unmet -= borrow_need(m, L);
        if (m->unmet < EPS)
            m->unmet = 0;
        tw_set(m, &m->unmet_tw, m->unmet);
    }
    waits_for(m, L, r, -1);
}

void hold_pend_add(bb_sim *m, bcase *c, enum pend k)
{
    int L = c->level, u = c->acute, r = c->region;
    c->plist = (int8_t)k;
    c->pnext = NULL;
    c->pseq = ++m->pseq;
    c->pprev = m->pend_tail[r][L][u][k];
    if (c->pprev)
        c->pprev->pnext = c;
    else
        m->pend_head[r][L][u][k] = c;
    m->pend_tail[r][L][u][k] = c;
    m->pmask[L][u][k] |= 1u << r;
    m->pend_n[k]++;
    if (k == PEND_WAIT) {
        m->unmet += borrow_need(m, L);
        tw_set(m, &m->unmet_tw, m->unmet);
    }
    waits_for(m, L, r, +1);
}

/* The need of the first interim option that uses the basic units (for
 * the borrowing a waiting case would do), or 0. */
static double interim_basic_need(const bb_sim *m)
{
    const bb_interim *I = &m->s->interim;
    for (int k = 0; k < I->nopt; k++)
        for (int j = 0; j < I->opt[k].nparts; j++)
            if (I->opt[k].part[j].provider == ACUTE)
                return I->opt[k].fte;
    return 0;
}

void hold_iwait_add(bb_sim *m, bcase *c)
{
    int r = c->region;
    c->inext = NULL;
    c->iprev = m->iw_tail[r];
    c->iseq = ++m->iseq;
    if (m->iw_tail[r])
        m->iw_tail[r]->inext = c;
    else
        m->iw_head[r] = c;
    m->iw_tail[r] = c;
    m->iwmask |= 1u << r;
    m->unmet += interim_basic_need(m);
    tw_set(m, &m->unmet_tw, m->unmet);
    m->basic_waiting++;
    tw_set(m, &m->basic_wait_tw, m->basic_waiting);
}

void hold_iwait_remove(bb_sim *m, bcase *c)
{
    int r = c->region;
    if (c->iprev)
        c->iprev->inext = c->inext;
    else
        m->iw_head[r] = c->inext;
    if (c->inext)
        c->inext->iprev = c->iprev;
    else
        m->iw_tail[r] = c->iprev;
    c->inext = c->iprev = NULL;
    if (!m->iw_head[r])
        m->iwmask &= ~(1u << r);
    m->unmet -= interim_basic_need(m);
    if (m->unmet < EPS)
        m->unmet = 0;
    tw_set(m, &m->unmet_tw, m->unmet);
    m->basic_waiting--;
    tw_set(m, &m->basic_wait_tw, m->basic_waiting);
}
