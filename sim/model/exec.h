/*
 * exec.h - what the execution modules share, private to them: exec.c
 * (the decision, a case's state, a measure's life, capacity, planned
 * demand), hold.c (holds, counting, the pending lists), acute.c (the
 * interim measure and cover) and fill.c (freed capacity by priority, and
 * regional routing: own region, national, assistance).
 *
 * Regions. A case belongs to a region (c->region). An option's part names
 * a provider; for a case of region r it means inst(m, p, r): the
 * region's own provider when p is regional, p itself when national. The
 * basic units (BASIC, ACUTE) are per region too. A scenario without
 * regions is one region, and every provider is its own instance.
 */
#ifndef BB_MODEL_EXEC_H
#define BB_MODEL_EXEC_H

#include "model/state.h"

/* The provider that serves region r for a part naming p. */
static inline int inst(const bb_sim *m, int p, int r)
{
    return p >= 0 ? m->s->prov[p].inst[r] : p;
}

/* Free FTE at provider p (a part's provider, BASIC or ACUTE) for region r. */
static inline double prov_free(const bb_sim *m, int p, int r)
{
    if (p == BASIC)
        return m->s->reg[r].basic_cap_fte - m->rb_used[r];
    if (p == ACUTE)
        return m->s->reg[r].basic_acute_cap_fte - m->ra_used[r];
    const provider *P = &m->prov[m->s->prov[p].inst[r]];
    return P->cap - P->used;
}

static inline bool def_in_place(const bcase *c)
{
    return (c->x == X_OWN || c->x == X_DOWN || c->x == X_BORROWED) && c->in_place;
}

/* The FTE a waiting case of level L would borrow, or 0 if L does not. */
static inline double borrow_need(const bb_sim *m, int L)
{
    const bb_level_spec *v = &m->s->level[L];
    return v->when_full == BB_FULL_BORROW && v->nopt ? v->opt[0].fte : 0;
}

/* hold.c */
void hold_dirty(bb_sim *m, int prov, int region);
int hold_take(bb_sim *m, bcase *c, hold **list, int prov, double need, int region);
void hold_give_back(bb_sim *m, hold **list);
/* The holds at provider p (an instance), newest first, with the seq each
 * had (a hold given back since no longer matches); a new array of *n, or
 * NULL when there are none or no memory. */
typedef struct held_at { hold *h; uint64_t seq; } held_at;
held_at *hold_list_at(const bb_sim *m, int p, size_t *n);
double hold_at(const bcase *c, int p);
bool hold_fits(const bb_sim *m, const bcase *c, const bb_option *o, int region);
bool hold_uses(const bb_sim *m, const bb_option *o, int p, int region);
void hold_count_case(bb_sim *m, bcase *c, int sign);
/* Protection counters follow a case's state (hold.c). A case that holds
 * nothing and has no interim measure waiting or in place counts only
 * while it needs measures and is not yet decided (then as unprotected);
 * otherwise it counts nowhere (most cases: closed without measures; a
 * decided case before its assignment), so the call stops here for it. */
static inline void hold_count(bb_sim *m, bcase *c, int sign)
{
    if (c->x != X_NONE || c->istate == I_WAIT || c->istate == I_IN_PLACE ||
        (c->needs && c->t_decided < 0))
        hold_count_case(m, c, sign);
}
void hold_pend_add(bb_sim *m, bcase *c, enum pend k);
void hold_pend_remove(bb_sim *m, bcase *c);
void hold_iwait_add(bb_sim *m, bcase *c);
void hold_iwait_remove(bb_sim *m, bcase *c);

/* acute.c */
void acute_end(bb_sim *m, bcase *c);
void acute_take(bb_sim *m, bcase *c, const bb_option *o);
const bb_option *acute_option(const bb_sim *m, int region);
void acute_cover_wait_remove(bb_sim *m, bcase *c);
void acute_cover(bb_sim *m, bcase *c);

/* fill.c */
bool fill_assist(const bb_sim *m, const bcase *c, int L, int *opt, int *region);

/* exec.c: put case c in state x holding option opt of level held_level
 * at the providers of region reg (its own, or another's: assistance) */
void exec_set_state(bb_sim *m, bcase *c, enum xstate x, int held_level, int opt, bool delay,
                    int reg);
void exec_package_in_place(bb_sim *m, bcase *c);

#endif
