/*
 * fill.c - freed capacity goes to waiting cases by priority, and the
 * regional routing of a case that finds its own region full.
 *
 * Priority. Freed capacity goes first to cases waiting for an interim
 * measure, then by level, highest first; within a level acute cases
 * before regular ones, waiting (unprotected) cases before borrowed and
 * downgraded ones (repatriation), and the longest waiting first. A case
 * that does not fit never blocks a smaller one behind it: every list is
 * asked in turn, and all cases of one list need the same package, so
 * only its head is asked.
 *
 * Regions. The lists are kept per region. A regional provider's freed
 * capacity goes to its own region's cases; a national provider's to the
 * longest waiting head of the same list across the regions. When its own
 * region has nobody it can serve, a regional provider serves, as
 * assistance ("bijstand", when the scenario allows it), the waiting
 * cases of the regions that ask it (regions.*.assist_from), by the same
 * priority. A decided case looks for capacity in this order (exec.c,
 * assign): its level's options in their order with its own region's
 * providers and the national ones; then, if allowed, the same options at
 * the regions it asks, in the order it asks them (after the assistance
 * delay, at its cost); then its level's policy (borrow from its own
 * region's basic units, wait, or a lighter package).
 *
 * Capacity changes mark providers (and a region's basic units) "dirty";
 * exec_settle fills them after every event.
 */
#include "model/exec.h"

/* The older of the borrowed and downgraded cases of region r, level L,
 * urgency u. */
static bcase *moved_head(bb_sim *m, int r, int L, int u)
{
    bcase *b = m->pend_head[r][L][u][PEND_BORROWED], *d = m->pend_head[r][L][u][PEND_DOWN];
    if (b && d)
        return b->t_decided <= d->t_decided ? b : d;
    return b ? b : d;
}

/* The first option of level L that uses provider p for region r and fits
 * there for c. */
static int fit_at(const bb_sim *m, const bcase *c, int L, int p, int r)
{
    const bb_level_spec *v = &m->s->level[L];
    for (int k = 0; k < v->nopt; k++)
        if (hold_uses(m, &v->opt[k], p, r) && hold_fits(m, c, &v->opt[k], r))
            return k;
    return -1;
}

/* The first interim option that uses p for region r and fits, or NULL. */
static const bb_option *interim_at(const bb_sim *m, int p, int r)
{
    const bb_interim *I = &m->s->interim;
    for (int k = 0; k < I->nopt; k++)
        if (hold_uses(m, &I->opt[k], p, r) && hold_fits(m, NULL, &I->opt[k], r))
            return &I->opt[k];
    return NULL;
}

/* Does region r ask region a for assistance? */
static bool asks(const bb_sim *m, int r, int a)
{
    const bb_region *g = &m->s->reg[r];
    for (int k = 0; k < g->nassist; k++)
        if (g->assist[k] == a)
            return true;
    return false;
}

/* Is any part of option o at a regional provider? */
static bool regional_option(const bb_sim *m, const bb_option *o)
{
    for (int k = 0; k < o->nparts; k++)
        if (o->part[k].provider >= 0 && m->s->prov[o->part[k].provider].region >= 0)
            return true;
    return false;
}

bool fill_assist(const bb_sim *m, const bcase *c, int L, int *opt, int *region)
{
    const bb_scenario *s = m->s;
    if (!s->assist.allowed)
        return false;
    const bb_level_spec *v = &s->level[L];
    const bb_region *g = &s->reg[c->region];
    for (int k = 0; k < v->nopt; k++) {
        if (!regional_option(m, &v->opt[k]))
            continue;
        for (int j = 0; j < g->nassist; j++)
            if (hold_fits(m, NULL, &v->opt[k], g->assist[j])) {
                *opt = k;
                *region = g->assist[j];
                return true;
            }
    }
    return false;
}

/* The lowest region of a mask (a region whose list is not empty). */
static inline int first_region(uint32_t b) { return __builtin_ctz(b); }

/* Capacity freed at provider p: cases move in by priority (above). Only
 * the regions whose lists are not empty are asked, and only the levels
 * whose options use p. */
static void fill_provider(bb_sim *m, int p)
{
    const bb_scenario *s = m->s;
    int pr = s->prov[p].region;
    uint32_t rm = pr >= 0 ? 1u << pr : (s->nreg >= 32 ? ~0u : (1u << s->nreg) - 1);
    uint64_t bit = 1ull << p;
    for (;;) {
        bcase *iw = NULL;
        const bb_option *io = NULL, *o;
        if (m->iuse & bit)
            for (uint32_t b = m->iwmask & rm; b; b &= b - 1) {
                int r = first_region(b);
                bcase *w = m->iw_head[r];
                if ((!iw || w->iseq < iw->iseq) && (o = interim_at(m, p, r))) {
                    iw = w;
                    io = o;
                }
            }
        if (iw) {
            acute_take(m, iw, io);
            continue;
        }
        bcase *best = NULL;
        int opt = -1, k;
        for (int L = BB_LEVELS - 1; L >= 1 && !best; L--) {
            if (!(m->luse[L] & bit))
                continue;
            for (int u = 1; u >= 0 && !best; u--)
                for (uint32_t b = m->pmask[L][u][PEND_WAIT] & rm; b; b &= b - 1) {
                    int r = first_region(b);
                    bcase *w = m->pend_head[r][L][u][PEND_WAIT];
                    if ((!best || w->pseq < best->pseq) && (k = fit_at(m, w, L, p, r)) >= 0) {
                        best = w;
                        opt = k;
                    }
                }
            for (int u = 1; u >= 0 && !best; u--)
                for (uint32_t b = (m->pmask[L][u][PEND_BORROWED] | m->pmask[L][u][PEND_DOWN]) & rm;
                     b; b &= b - 1) {
                    int r = first_region(b);
                    bcase *w = moved_head(m, r, L, u);
                    if ((!best || w->t_decided < best->t_decided) &&
                        (k = fit_at(m, w, L, p, r)) >= 0) {
                        best = w;
                        opt = k;
                    }
                }
        }
        if (best) {
            bool was_protected = def_in_place(best);
            exec_set_state(m, best, X_OWN, best->level, opt, !was_protected, best->region);
            continue;
        }
        if (pr < 0 || !s->assist.allowed)
            return;
        /* assistance: the waiting cases of the regions that ask this one */
        for (int L = BB_LEVELS - 1; L >= 1 && !best; L--) {
            if (!(m->luse[L] & bit))
                continue;
            for (int u = 1; u >= 0 && !best; u--)
                for (uint32_t b = m->pmask[L][u][PEND_WAIT] & ~rm; b; b &= b - 1) {
                    int r = first_region(b);
                    bcase *w = m->pend_head[r][L][u][PEND_WAIT];
                    if ((!best || w->pseq < best->pseq) && asks(m, r, pr) &&
                        (k = fit_at(m, w, L, p, pr)) >= 0) {
                        best = w;
                        opt = k;
                    }
                }
        }
        if (!best)
            return;
        exec_set_state(m, best, X_OWN, best->level, opt, true, pr);
    }
}

/* Region r's basic units freed: interim requests first, then waiting
 * cases whose level borrows, by priority. */
static void fill_basic(bb_sim *m, int r)
{
    for (;;) {
        const bb_option *io;
        if (m->iw_head[r] && (io = acute_option(m, r))) {
            acute_take(m, m->iw_head[r], io);
            continue;
        }
        /* by level, highest first: cases waiting to borrow their package
         * (acute first), then those waiting for cover while their package
         * is put in place */
        bcase *best = NULL;
        bool borrow = false;
        for (int L = BB_LEVELS - 1; L >= 1 && !best; L--) {
            double need = borrow_need(m, L);
            if (need <= 0 || need > prov_free(m, BASIC, r) + EPS)
                continue;
            for (int u = 1; u >= 0 && !best; u--)
                best = m->pend_head[r][L][u][PEND_WAIT];
            borrow = best != NULL;
            if (!best)
                best = m->cw_head[r][L];
        }
        if (!best)
            return;
        if (borrow)
            exec_set_state(m, best, X_BORROWED, best->level, 0, true, best->region);
        else
            acute_cover(m, best);
    }
}

/* Fill every provider (and region's basic units) whose capacity changed
 * (exec_settle, when some did). */
void exec_fill_dirty(bb_sim *m)
{
    while (m->dirty || m->dirty_basic) {
        uint64_t d = m->dirty;
        uint32_t b = m->dirty_basic;
        m->dirty = 0;
        m->dirty_basic = 0;
        for (int p = 0; p < m->s->nprov; p++)
            if (d & (1ull << p))
                fill_provider(m, p);
        for (int r = 0; r < m->s->nreg; r++)
            if (b & (1u << r))
                fill_basic(m, r);
    }
}
