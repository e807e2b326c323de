/*
 * run.c - the panels' simulations: creating them, running them forward
 * with the changes made in the view applied at their times, going back
 * to a date by running again from the start, the changes themselves
 * (made, merged, undone), and the ghost run without them (see app.h).
 *
 * The sims only ever move forward through bb_sim_run_until; going back
 * means a new sim on the same seed and replication, so the same streams
 * give the same run up to the first change, and the same changes at the
 * same times give the same run after it. The history is filled by the
 * period callback, so the charts get one sample per simulated week
 * however fast the clock runs.
 */
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "labels.h"

static void on_period(bb_sim *sim, void *ud)
{
    bb_state st;
    bb_sim_state(sim, &st);
    vz_history_push(ud, &st);
}

/* A panel's view of the clock: the state between events is shown at the
 * requested time t. */
static void state_at(const bb_scenario *sc, bb_sim *sim, bb_state *st, double t)
{
    bb_sim_state(sim, st);
    if (st->t < t) {
        st->t = t;
        st->day = bb_scenario_start_day(sc) + (int)floor(t / 24.0);
    }
}

static void ghost_free(vz_panel *p)
{
    bb_sim_free(p->ghost);
    p->ghost = NULL;
    vz_history_free(&p->ghost_hist);
}

/* The run without the changes, from the start: made when a panel gets
 * its first change. */
static int ghost_start(vz_panel *p, uint64_t seed)
{
    ghost_free(p);
    if (vz_history_init(&p->ghost_hist, vz_history_cap_for(p->sc)))
        return -1;
    p->ghost = bb_sim_new(p->sc, seed, 0);
    if (!p->ghost)
        return -1;
    bb_sim_on_period(p->ghost, on_period, &p->ghost_hist);
    bb_sim_state(p->ghost, &p->ghost_now);
    vz_history_push(&p->ghost_hist, &p->ghost_now);
    return 0;
}

/* (Re)create the sim of a panel at its start state; its changes are
 * kept, none applied yet. */
int vz_panel_start(vz_panel *p, uint64_t seed)
{
    bb_sim_free(p->sim);
    p->sim = bb_sim_new(p->sc, seed, 0);
    if (!p->sim)
        return -1;
    bb_sim_on_period(p->sim, on_period, &p->hist);
    vz_history_clear(&p->hist);
    p->chg_next = 0;
    bb_sim_state(p->sim, &p->now);
    vz_history_push(&p->hist, &p->now);
    if (p->nchg > 0)
        return ghost_start(p, seed);
    ghost_free(p);
    return 0;
}

void vz_panel_free(vz_panel *p)
{
    bb_sim_free(p->sim);
    vz_history_free(&p->hist);
    ghost_free(p);
    p->sim = NULL;
}

double vz_target_fte(const bb_state *st, int pool, int prov)
{
    if (pool >= 0)
        return st->pool_fte[pool] + st->pool_pipeline_fte[pool];
    return st->prov_capacity[prov] + st->prov_pipeline_fte[prov];
}

/* Apply change c to the panel's sim (its clock is at c->t). */
static int apply(vz_panel *p, vz_change *c)
{
    bb_state st;
    bb_sim_state(p->sim, &st);
    double d = c->to - c->from;
    c->inv = -1;
    if (!c->at_once) {
        int unit = c->pool >= 0 ? c->pool : BB_POOLS + c->prov;
        c->inv = bb_sim_invest(p->sim, unit, d);
        return c->inv >= 0 ? 0 : -1;
    }
    if (c->pool >= 0)
        return bb_sim_set_pool_fte(p->sim, c->pool, fmax(0.0, st.pool_fte[c->pool] + d));
    return bb_sim_set_provider_fte(p->sim, c->prov, fmax(0.0, st.prov_capacity[c->prov] + d));
}

/* Run one panel to t, applying its changes due on the way. */
static int panel_run_to(vz_app *a, int i, double t)
{
    vz_panel *p = &a->pan[i];
    double h = bb_scenario_horizon_hours(p->sc);
    t = fmin(t, h);
    int rc = BB_RUN_MORE;
    while (p->chg_next < p->nchg && p->chg[p->chg_next].t <= t) {
        vz_change *c = &p->chg[p->chg_next++];
        rc = bb_sim_run_until(p->sim, c->t);
        if (rc == BB_RUN_LIMIT)
            break;
        if (rc != BB_RUN_DONE && apply(p, c) != 0)
            c->inv = -1; /* refused (a bound): the mark stays, nothing happens */
    }
    if (rc != BB_RUN_LIMIT)
        rc = bb_sim_run_until(p->sim, t);
    if (rc != BB_RUN_LIMIT && p->ghost && bb_sim_run_until(p->ghost, t) == BB_RUN_LIMIT)
        rc = BB_RUN_LIMIT;
    if (rc == BB_RUN_LIMIT) {
        snprintf(a->error, sizeof a->error, "%s: %s", bb_scenario_name(p->sc),
                 bb_sim_error(p->sim)[0] ? bb_sim_error(p->sim) : bb_sim_error(p->ghost));
        a->paused = 1;
        return rc;
    }
    state_at(p->sc, p->sim, &p->now, t);
    if (p->ghost)
        state_at(p->sc, p->ghost, &p->ghost_now, t);
    /* a scheduled change that outgrows a slider widens it (not while it
     * is being dragged) */
    for (int k = 0; k < p->now.n_providers && k < BB_MAX_PROVIDERS; k++) {
        double v = vz_target_fte(&p->now, -1, k);
        if (v > p->slider_max[k] && !(a->drag_panel == i && a->drag_prov == k))
            p->slider_max[k] = vz_slider_top(v, 100.0);
    }
    for (int k = 0; k < BB_POOLS; k++) {
        double v = vz_target_fte(&p->now, k, -1);
        if (v > p->pool_max[k] && !(a->drag_panel == i && a->drag_pool == k))
            p->pool_max[k] = vz_slider_top(v, 20.0);
    }
    return p->now.t >= h ? BB_RUN_DONE : BB_RUN_MORE;
}

int vz_app_run_to(vz_app *a, double t)
{
    if (a->error[0])
        return BB_RUN_LIMIT;
    int done = 1;
    for (int i = 0; i < a->nscen; i++) {
        int rc = panel_run_to(a, i, t);
        if (rc == BB_RUN_LIMIT)
            return rc;
        done &= rc == BB_RUN_DONE;
    }
    return done ? BB_RUN_DONE : BB_RUN_MORE;
}

int vz_app_seek(vz_app *a, double t)
{
    a->preview_t = -1;
    t = fmax(0.0, fmin(t, vz_app_horizon(a)));
    if (t >= vz_app_now(a))
        return vz_app_run_to(a, t);
    a->error[0] = 0;
    for (int i = 0; i < a->nscen; i++)
        if (vz_panel_start(&a->pan[i], a->seed)) {
            snprintf(a->error, sizeof a->error, "out of memory");
            a->paused = 1;
            return BB_RUN_LIMIT;
        }
    return vz_app_run_to(a, t);
}

/* ------------------------------------------------------------------ */
/* changes                                                             */
/* ------------------------------------------------------------------ */

/* Insert c in time order (after those of the same time). */
static int insert(vz_panel *p, const vz_change *c)
{
    if (p->nchg >= VZ_MAX_CHANGES)
        return -1;
    int k = p->nchg;
    while (k > 0 && p->chg[k - 1].t > c->t) {
        p->chg[k] = p->chg[k - 1];
        k--;
    }
    p->chg[k] = *c;
    p->nchg++;
    return k;
}

static void remove_at(vz_panel *p, int k)
{
    memmove(&p->chg[k], &p->chg[k + 1], (size_t)(p->nchg - k - 1) * sizeof p->chg[0]);
    p->nchg--;
}

/* The panel and index of the last change made, or -1. */
static int last_change(const vz_app *a, int *pi)
{
    int best = -1, bs = -1;
    for (int i = 0; i < a->nscen; i++)
        for (int k = 0; k < a->pan[i].nchg; k++)
            if (a->pan[i].chg[k].seq > bs) {
                bs = a->pan[i].chg[k].seq;
                best = k;
                *pi = i;
            }
    return best;
}

/* Everything again from the start to now (after a change was taken back
 * or replaced). */
static int rerun(vz_app *a)
{
    double t = vz_app_now(a);
    for (int i = 0; i < a->nscen; i++)
        if (vz_panel_start(&a->pan[i], a->seed))
            return -1;
    a->error[0] = 0;
    return vz_app_run_to(a, t) == BB_RUN_LIMIT ? -1 : 0;
}

int vz_app_change(vz_app *a, int pi, int pool, int prov, double to)
{
    if (pi < 0 || pi >= a->nscen)
        return -1;
    vz_panel *p = &a->pan[pi];
    if (pool >= BB_POOLS || (pool < 0 && (prov < 0 || prov >= p->now.n_providers)))
        return -1;
    double from = vz_target_fte(&p->now, pool, prov);
    double top = pool >= 0 ? p->pool_max[pool] : p->slider_max[prov];
    to = fmax(0.0, fmin(to, fmax(top, from)));
    double t = p->now.t;
    /* the same unit again at the same moment: replace the last change */
    int li = -1, lk = last_change(a, &li);
    if (lk >= 0 && li == pi && p->chg[lk].t == t && p->chg[lk].pool == pool &&
        p->chg[lk].prov == prov && p->chg[lk].at_once == a->at_once) {
        if (to == p->chg[lk].from)
            remove_at(p, lk); /* back where it was: no change at all */
        else
            p->chg[lk].to = to;
        return rerun(a);
    }
    if (to == from)
        return 0;
    vz_change c = {t, pool, prov, from, to, a->at_once, a->seq++, -1};
    int first = p->nchg == 0;
    int k = insert(p, &c);
    if (k < 0)
        return -1;
    if (first && (p->ghost || ghost_start(p, a->seed) == 0) && p->ghost) {
        /* the unchanged run catches up with the clock */
        bb_sim_run_until(p->ghost, t);
        state_at(p->sc, p->ghost, &p->ghost_now, t);
    }
    if (k == p->chg_next) {
        /* due now: apply it (the sim is at t) */
        p->chg_next++;
        if (apply(p, &p->chg[k]) != 0)
            p->chg[k].inv = -1;
        state_at(p->sc, p->sim, &p->now, t);
        return 0;
    }
    return rerun(a); /* before changes already applied (cannot happen at now) */
}

int vz_app_set_fte(vz_app *a, int pi, int prov, double fte)
{
    return prov < 0 ? -1 : vz_app_change(a, pi, -1, prov, fte);
}

int vz_app_set_pool_fte(vz_app *a, int pi, int pool, double fte)
{
    return pool < 0 ? -1 : vz_app_change(a, pi, pool, -1, fte);
}

int vz_app_undo(vz_app *a)
{
    int pi = -1, k = last_change(a, &pi);
    if (k < 0)
        return -1;
    remove_at(&a->pan[pi], k);
    return rerun(a);
}

/* ------------------------------------------------------------------ */
/* the view while scrubbing back                                       */
/* ------------------------------------------------------------------ */

/* Cut a history to the samples at or before t; the state at t is the
 * last of them. */
static void cut_history(vz_history *h, bb_state *now, double t)
{
    int n = h->n;
    while (n > 1 && h->s[n - 1].t > t)
        n--;
    h->n = n;
    if (n > 0)
        *now = h->s[n - 1];
}

const vz_app *vz_app_view(const vz_app *a, vz_app *tmp)
{
    if (a->preview_t < 0 || a->preview_t >= vz_app_now(a))
        return a;
    *tmp = *a;
    for (int i = 0; i < tmp->nscen; i++) {
        vz_panel *p = &tmp->pan[i];
        cut_history(&p->hist, &p->now, a->preview_t);
        if (p->ghost)
            cut_history(&p->ghost_hist, &p->ghost_now, a->preview_t);
    }
    return tmp;
}
