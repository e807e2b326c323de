/*
 * acute.c - the acute path and cover: the first protective action.
 *
 * An acute case asks at intake for an interim measure (surveillance
 * attention, a post at the door, moving the person to safety) from the
 * first interim option with room in its region, in place after a
 * mobilisation delay; it keeps it until its definitive package is in
 * place or it is decided "no measures". When no interim option has room,
 * the case waits for one (first come, first served).
 *
 * Cover. While a package is put in place (an alarm installed, a
 * provider's team on its way), a case whose level borrows is covered by
 * its region's basic units (surveillance attention) when they have room,
 * from the officers' mobilisation until the package is in place. An
 * acute case keeps its interim measure for that instead.
 */
#include "model/exec.h"

/* The interim measure ends: the definitive package is in place, or no
 * measures are needed, or the case closes. */
void acute_end(bb_sim *m, bcase *c)
{
    if (c->istate == I_NONE || c->istate == I_DONE)
        return;
    hold_count(m, c, -1);
    if (c->istate == I_WAIT)
        hold_iwait_remove(m, c);
    hold_give_back(m, &c->interim);
    c->istate = I_DONE;
    hold_count(m, c, +1);
}

/* Put the interim option o in place for c: held now, on site after the
 * mobilisation delay. */
void acute_take(bb_sim *m, bcase *c, const bb_option *o)
{
    hold_count(m, c, -1);
    if (c->istate == I_WAIT)
        hold_iwait_remove(m, c);
    for (int k = 0; k < o->nparts; k++)
        if (hold_take(m, c, &c->interim, o->part[k].provider, o->part[k].fte, c->region) != 0)
            return;
    c->istate = I_HELD;
    c->cover = false;
    c->interim_seq = ++m->assignments;
    double d = bb_dist_quantile(&m->s->interim.mobilise_h, c->u_mob);
    hold_count(m, c, +1);
    if (d > 0)
        push(m, m->now + d, EV_INTERIM, 0, c, c->interim_seq);
    else
        exec_interim_in_place(m, c, (uint32_t)c->interim_seq);
}

/* The first interim option with room in region r, or NULL. */
const bb_option *acute_option(const bb_sim *m, int r)
{
    const bb_interim *I = &m->s->interim;
    for (int k = 0; k < I->nopt; k++)
        if (hold_fits(m, NULL, &I->opt[k], r))
            return &I->opt[k];
    return NULL;
}

/* At intake: an acute case asks for its first protective action. */
void exec_request_interim(bb_sim *m, bcase *c)
{
    if (!c->acute || m->s->interim.nopt == 0 || c->istate != I_NONE)
        return;
    const bb_option *o = acute_option(m, c->region);
    if (o) {
        acute_take(m, c, o);
        return;
    }
    hold_count(m, c, -1);
    c->istate = I_WAIT;
    hold_iwait_add(m, c);
    hold_count(m, c, +1);
}

/* EV_INTERIM: the officers of the interim measure are on site. */
void exec_interim_in_place(bb_sim *m, bcase *c, uint32_t tag)
{
    if (!c->id || c->istate != I_HELD || (uint32_t)c->interim_seq != tag)
        return;
    hold_count(m, c, -1);
    c->istate = I_IN_PLACE;
    hold_count(m, c, +1);
    if (!c->cover)
        m->interims++;
    res_protected(m, c, false);
}

void acute_cover_wait_remove(bb_sim *m, bcase *c)
{
    if (!c->cover_wait)
        return;
    int L = c->level, r = c->region;
    if (c->iprev)
        c->iprev->inext = c->inext;
    else
        m->cw_head[r][L] = c->inext;
    if (c->inext)
        c->inext->iprev = c->iprev;
    else
        m->cw_tail[r][L] = c->iprev;
    c->inext = c->iprev = NULL;
    c->cover_wait = false;
    m->cover_waiting--;
    m->unmet -= borrow_need(m, L);
    if (m->unmet < EPS)
        m->unmet = 0;
    tw_set(m, &m->unmet_tw, m->unmet);
}

/* No room at the basic units for the cover yet: the case waits for it,
 * in order within its region and level (fill.c). */
static void cover_wait_add(bb_sim *m, bcase *c)
{
    int L = c->level, r = c->region;
    c->cover_wait = true;
    c->inext = NULL;
    c->iprev = m->cw_tail[r][L];
    if (m->cw_tail[r][L])
        m->cw_tail[r][L]->inext = c;
    else
        m->cw_head[r][L] = c;
    m->cw_tail[r][L] = c;
    m->cover_waiting++;
    m->unmet += borrow_need(m, L);
    tw_set(m, &m->unmet_tw, m->unmet);
}

void acute_cover(bb_sim *m, bcase *c)
{
    double need = borrow_need(m, c->level);
    if (c->istate == I_WAIT || c->istate == I_HELD || c->istate == I_IN_PLACE || need <= 0)
        return;
    if (need > prov_free(m, BASIC, c->region) + EPS) {
        if (!c->cover_wait)
            cover_wait_add(m, c);
        return;
    }
    acute_cover_wait_remove(m, c);
    hold_count(m, c, -1);
    if (hold_take(m, c, &c->interim, BASIC, need, c->region) != 0)
        return;
    c->istate = I_HELD;
    c->cover = true;
    c->interim_seq = ++m->assignments;
    double d = bb_dist_quantile(&m->s->basic_mobilise_h, c->u_mob);
    hold_count(m, c, +1);
    if (d > 0)
        push(m, m->now + d, EV_INTERIM, 0, c, c->interim_seq);
    else
        exec_interim_in_place(m, c, (uint32_t)c->interim_seq);
}
