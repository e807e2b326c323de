/*
 * check.c - bb_sim_check: the replication's bookkeeping recomputed from
 * scratch and held against the running counters.
 *
 * The model keeps many counters up to date as cases change state (the
 * protection counts, the pending lists, what each provider and the basic
 * units hold). A slip in one of them does not crash anything; it quietly
 * bends every result. The tests and the fuzz targets call this check now
 * and then: it walks every live case, every pending list and every hold,
 * and says what disagrees. It costs a pass over all cases: not for the
 * event loop.
 */
#include "model/state.h"
#include <math.h>
#include <stdarg.h>
#include <string.h>

static int fail(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t n, const char *fmt, ...)
{
    if (why && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static bool close_to(double a, double b) { return fabs(a - b) <= 1e-6 * (1.0 + fabs(a) + fabs(b)); }

int bb_sim_check(const bb_sim *m, char *why, size_t n)
{
    const bb_scenario *s = m->s;
    int need = 0, unprot = 0, prot = 0, interim = 0, down = 0, iwait = 0, cont = 0;
    int active[BB_LEVELS] = {0};
    double used[BB_MAX_PROVIDERS] = {0}, basic = 0, acute = 0;
    int cases[BB_MAX_PROVIDERS] = {0};
    long live = 0;
    for (int b = 0; b < m->nblocks; b++)
        for (int i = 0; i < CASE_BLOCK; i++) {
            const bcase *c = &m->blocks[b][i];
            if (!c->id) {
                if (home_hold(c)->prov != HOLD_FREE) /* given back with its case */
                    return fail(why, n, "a free case slot's home hold is held (at %d)",
                                home_hold(c)->prov);
                continue;
            }
            live++;
            bool in_place = (c->x == X_OWN || c->x == X_DOWN || c->x == X_BORROWED) && c->in_place;
            bool ip = c->istate == I_IN_PLACE;
            bool decided = c->t_decided >= 0;
            if (c->needs && !ip && !(c->x != X_NONE && in_place) && (!decided || c->x != X_NONE))
                need++;
            if (c->x != X_NONE && in_place) {
                prot++;
                active[c->held_level]++;
                down += c->x == X_DOWN;
                const bb_level_spec *v = &s->level[c->held_level];
                int o = c->x == X_BORROWED ? 0 : c->opt;
                cont += s->cat[c->cat].person && o < v->nopt && v->opt[o].continuous;
            } else if (ip) {
                prot++;
                interim++;
            } else if (c->x != X_NONE) {
                unprot++;
            }
            iwait += c->istate == I_WAIT;
            const hold *lists[2] = {c->pkg, c->interim};
            for (int k = 0; k < 2; k++)
                for (const hold *h = lists[k]; h; h = h->next) {
                    if (h->c != c)
                        return fail(why, n, "a hold of case %lu (%s, at %d) points to case %lu",
                                    (unsigned long)c->id, k ? "interim" : "package", h->prov,
                                    (unsigned long)(h->c ? h->c->id : 0));
                    if (h->prov >= 0) {
                        used[h->prov] += h->need;
                        cases[h->prov]++;
                    } else if (h->prov == ACUTE) {
                        acute += h->need;
                    } else {
                        basic += h->need;
                    }
                }
            if (c->plist >= 0) {
                bool found = false;
                for (const bcase *w = m->pend_head[c->region][c->level][c->acute][c->plist]; w && !found;
                     w = w->pnext)
                    found = w == c;
                if (!found)
                    return fail(why, n, "case %lu is not in its pending list (level %d, list %d)",
                                (unsigned long)c->id, c->level, c->plist);
            }
        }
    if (live != m->open_cases)
        return fail(why, n, "%ld live cases, open_cases says %ld", live, m->open_cases);
    if (need != m->unprot_need || unprot != m->unprotected || prot != m->protected_now ||
        interim != m->interim_now || down != m->downgraded || iwait != m->interim_waiting ||
        cont != m->continuous)
        return fail(why, n,
                    "counters: needing %d/%d, unprotected %d/%d, protected %d/%d, interim %d/%d, "
                    "downgraded %d/%d, interim waiting %d/%d, continuous %d/%d (recounted/kept)",
                    need, m->unprot_need, unprot, m->unprotected, prot, m->protected_now, interim,
                    m->interim_now, down, m->downgraded, iwait, m->interim_waiting, cont,
                    m->continuous);
    double need_lv = 0;
    for (int l = 0; l < BB_LEVELS; l++)
        need_lv += m->need_lv_tw[l].v;
    if (fabs(need_lv - m->unprot_need) > 0.5)
        return fail(why, n, "needing by level adds up to %.0f, needing says %d", need_lv,
                    m->unprot_need);
    for (int l = 0; l < BB_LEVELS; l++)
        if (active[l] != m->active_level[l])
            return fail(why, n, "level %d: %d cases in place, active_level says %d", l, active[l],
                        m->active_level[l]);
    for (int p = 0; p < s->nprov; p++) {
        /* planned demand holds provider FTE without a hold */
        double plan = 0;
        for (int i = 0; i < s->nplanned; i++)
            if (s->planned[i].provider >= 0 &&
                s->prov[s->planned[i].provider].inst[s->planned[i].region < 0 ? 0 : s->planned[i].region] == p)
                plan += m->plan[i].own;
        if (!close_to(used[p] + plan, m->prov[p].used) || cases[p] != m->prov[p].cases)
            return fail(why, n, "provider %s: holds %g FTE in %d cases, it says %g in %d",
                        s->prov[p].name, used[p] + plan, cases[p], m->prov[p].used,
                        m->prov[p].cases);
    }
    double plan_b = 0;
    for (int i = 0; i < s->nplanned; i++)
        plan_b += m->plan[i].borrowed;
    if (!close_to(basic + plan_b, m->basic_used) || !close_to(acute, m->acute_used))
        return fail(why, n, "basic units: holds %g + %g (acute), kept %g + %g", basic + plan_b,
                    acute, m->basic_used, m->acute_used);
    int counted[PEND_LISTS] = {0};
    for (int r = 0; r < s->nreg; r++)
    for (int l = 0; l < BB_LEVELS; l++)
        for (int u = 0; u < 2; u++)
            for (int k = 0; k < PEND_LISTS; k++) {
                const bcase *prev = NULL;
                for (const bcase *w = m->pend_head[r][l][u][k]; w; w = w->pnext) {
                    if (w->plist != k || w->level != l || w->acute != u || w->pprev != prev ||
                        w->region != r)
                        return fail(why, n, "pending list (level %d, %s, list %d) holds case %lu "
                                    "of level %d, list %d", l, u ? "acute" : "regular", k,
                                    (unsigned long)w->id, w->level, w->plist);
                    counted[k]++;
                    prev = w;
                }
                if (m->pend_tail[r][l][u][k] != prev)
                    return fail(why, n, "pending list (level %d, list %d): tail is not the last", l,
                                k);
            }
    for (int k = 0; k < PEND_LISTS; k++)
        if (counted[k] != m->pend_n[k])
            return fail(why, n, "pending list %d: %d cases, pend_n says %d", k, counted[k],
                        m->pend_n[k]);
    int ncw = 0;
    for (int r = 0; r < s->nreg; r++)
    for (int l = 0; l < BB_LEVELS; l++)
        for (const bcase *w = m->cw_head[r][l]; w; w = w->inext) {
            if (!w->cover_wait || w->level != l || !w->id || w->region != r)
                return fail(why, n, "cover waiting list of level %d holds case %lu (level %d)", l,
                            (unsigned long)w->id, w->level);
            ncw++;
        }
    if (ncw != m->cover_waiting)
        return fail(why, n, "cover waiting: %d in the lists, %d kept", ncw, m->cover_waiting);
    int nw = 0;
    for (int r = 0; r < s->nreg; r++)
        for (const bcase *w = m->iw_head[r]; w; w = w->inext)
            nw += w->region == r;
    if (nw != iwait || nw != m->basic_waiting)
        return fail(why, n, "interim waiting list: %d cases, %d waiting, basic_waiting %d", nw,
                    iwait, m->basic_waiting);
    return 0;
}
