/*
 * app.c - view state, stepping of the sims and key/mouse handling.
 *
 * See app.h. The sims only ever move forward through bb_sim_run_until;
 * the history is filled by the period callback, so the charts get one
 * sample per simulated week however fast the clock runs.
 */
#include "app.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "labels.h"

static const double SPEED[VZ_SPEEDS] = {
    168.0,                    /* a week a second */
    336.0,                    /* two weeks */
    BB_HOURS_PER_YEAR / 12.0, /* a month */
    BB_HOURS_PER_YEAR / 4.0,  /* three months */
    BB_HOURS_PER_YEAR / 2.0,  /* half a year */
    BB_HOURS_PER_YEAR,        /* a year a second */
};
#define DEFAULT_SPEED 3

double vz_speed_hours(int idx)
{
    if (idx < 0)
        idx = 0;
    if (idx >= VZ_SPEEDS)
        idx = VZ_SPEEDS - 1;
    return SPEED[idx];
}

static void on_period(bb_sim *sim, void *ud)
{
    vz_panel *p = ud;
    bb_state st;
    bb_sim_state(sim, &st);
    vz_history_push(&p->hist, &st);
}

/* (Re)create the sim of a panel and its start state. */
static int panel_start(vz_panel *p, uint64_t seed)
{
    bb_sim_free(p->sim);
    p->sim = bb_sim_new(p->sc, seed, 0);
    if (!p->sim)
        return -1;
    bb_sim_on_period(p->sim, on_period, p);
    vz_history_clear(&p->hist);
    p->nmark = p->nscenmark;
    bb_sim_state(p->sim, &p->now);
    vz_history_push(&p->hist, &p->now);
    for (int i = 0; i < p->now.n_providers && i < BB_MAX_PROVIDERS; i++)
        p->fte0[i] = p->now.prov_capacity[i];
    for (int i = 0; i < BB_POOLS; i++)
        p->pool0[i] = p->now.pool_fte[i];
    return 0;
}

/* The right end of a slider: room to double it, at least `least` FTE (100
 * for providers, 20 for the smaller pools) for those that start empty,
 * rounded to a tenth of a round step. */
static double slider_top_min(double fte, double least)
{
    double top = fmax(2.0 * fte, least);
    double step = vz_nice_ceil(top / 10.0);
    return ceil(top / step) * step;
}

static double slider_top(double fte) { return slider_top_min(fte, 100.0); }
static double pool_top(double fte) { return slider_top_min(fte, 20.0); }

static int panel_init(vz_panel *p, const bb_scenario *s, uint64_t seed)
{
    memset(p, 0, sizeof *p);
    p->sc = s;
    if (vz_history_init(&p->hist, vz_history_cap_for(s)))
        return -1;
    bb_marker m[VZ_MAX_MARKS];
    int n = bb_scenario_markers(s, m, VZ_MAX_MARKS / 2);
    for (int i = 0; i < n; i++) {
        p->mark[i].t = m[i].t;
        p->mark[i].kind = m[i].kind;
        snprintf(p->mark[i].label, sizeof p->mark[i].label, "%s", m[i].label);
        p->mark[i].prov = -1;
        p->mark[i].pool = -1;
    }
    p->nscenmark = p->nmark = n;
    if (panel_start(p, seed))
        return -1;
    for (int i = 0; i < p->now.n_providers && i < BB_MAX_PROVIDERS; i++)
        p->slider_max[i] = slider_top(p->fte0[i]);
    for (int i = 0; i < BB_POOLS; i++)
        p->pool_max[i] = pool_top(p->pool0[i]);
    return 0;
}

static void panel_free(vz_panel *p)
{
    bb_sim_free(p->sim);
    vz_history_free(&p->hist);
    p->sim = NULL;
}

int vz_app_init(vz_app *a, const bb_scenario *A, const bb_scenario *B, uint64_t seed, int lang)
{
    memset(a, 0, sizeof *a);
    a->seed = seed;
    a->lang = lang;
    a->speed = DEFAULT_SPEED;
    a->sel_prov = a->sel_pool = -1;
    a->drag_panel = a->drag_prov = a->drag_pool = -1;
    a->w = 1920;
    a->h = 1080;
    a->nscen = B ? 2 : 1;
    a->show = VZ_SHOW_A;
    if (panel_init(&a->pan[0], A, seed) || (B && panel_init(&a->pan[1], B, seed))) {
        vz_app_free(a);
        return -1;
    }
    return 0;
}

void vz_app_free(vz_app *a)
{
    for (int i = 0; i < 2; i++)
        panel_free(&a->pan[i]);
}

int vz_app_restart(vz_app *a)
{
    for (int i = 0; i < a->nscen; i++)
        if (panel_start(&a->pan[i], a->seed))
            return -1;
    a->error[0] = 0;
    a->drag_panel = a->drag_prov = a->drag_pool = -1;
    return 0;
}

double vz_app_now(const vz_app *a) { return a->pan[0].now.t; }

double vz_app_horizon(const vz_app *a)
{
    double h = bb_scenario_horizon_hours(a->pan[0].sc);
    if (a->nscen == 2)
        h = fmax(h, bb_scenario_horizon_hours(a->pan[1].sc));
    return h;
}

int vz_app_run_to(vz_app *a, double t)
{
    if (a->error[0])
        return BB_RUN_LIMIT;
    int done = 1;
    for (int i = 0; i < a->nscen; i++) {
        vz_panel *p = &a->pan[i];
        double h = bb_scenario_horizon_hours(p->sc);
        int rc = bb_sim_run_until(p->sim, fmin(t, h));
        if (rc == BB_RUN_LIMIT) {
            snprintf(a->error, sizeof a->error, "%s: %s", bb_scenario_name(p->sc),
                     bb_sim_error(p->sim));
            a->paused = 1;
            return BB_RUN_LIMIT;
        }
        bb_sim_state(p->sim, &p->now);
        /* a scheduled change that outgrows a slider widens it (not while
         * it is being dragged) */
        for (int k = 0; k < p->now.n_providers && k < BB_MAX_PROVIDERS; k++)
            if (p->now.prov_capacity[k] > p->slider_max[k] &&
                !(a->drag_panel == i && a->drag_prov == k))
                p->slider_max[k] = slider_top(p->now.prov_capacity[k]);
        for (int k = 0; k < BB_POOLS; k++)
            if (p->now.pool_fte[k] > p->pool_max[k] &&
                !(a->drag_panel == i && a->drag_pool == k))
                p->pool_max[k] = pool_top(p->now.pool_fte[k]);
        /* the state between events: show the clock at the requested time */
        if (p->now.t < fmin(t, h)) {
            p->now.t = fmin(t, h);
            p->now.day = bb_scenario_start_day(p->sc) + (int)floor(p->now.t / 24.0);
        }
        if (rc != BB_RUN_DONE && p->now.t < h)
            done = 0;
    }
    return done ? BB_RUN_DONE : BB_RUN_MORE;
}

void vz_app_tick(vz_app *a, double dt)
{
    if (dt < 0)
        dt = 0;
    if (dt > 0.25)
        dt = 0.25;
    a->clock += dt;
    if (a->paused || a->error[0])
        return;
    if (vz_app_run_to(a, vz_app_now(a) + vz_speed_hours(a->speed) * dt) != BB_RUN_MORE)
        a->paused = 1;
}

void vz_app_toast(vz_app *a, const char *msg)
{
    snprintf(a->toast, sizeof a->toast, "%s", msg);
    a->toast_until = a->clock + 2.5;
}

int vz_app_visible(const vz_app *a, int idx[2])
{
    if (a->nscen == 2 && a->show == VZ_SHOW_BOTH) {
        idx[0] = 0;
        idx[1] = 1;
        return 2;
    }
    idx[0] = idx[1] = (a->nscen == 2 && a->show == VZ_SHOW_B) ? 1 : 0;
    return 1;
}

void vz_app_layout(const vz_app *a, int w, int h, vz_layout *L)
{
    int idx[2], nprov[2];
    int n = vz_app_visible(a, idx);
    for (int i = 0; i < 2; i++)
        nprov[i] = a->pan[idx[i]].now.n_providers;
    vz_layout_compute(L, w, h, n, nprov);
}

/* Set a pool (pool >= 0) or a provider (prov >= 0) of panel pi to fte from
 * now on and mark it on the time axis. */
static int set_op_fte(vz_app *a, int pi, int pool, int prov, double fte)
{
    if (pi < 0 || pi >= a->nscen)
        return -1;
    vz_panel *p = &a->pan[pi];
    double from, top;
    if (pool >= 0) {
        if (pool >= BB_POOLS)
            return -1;
        from = p->now.pool_fte[pool];
        top = p->pool_max[pool];
    } else {
        if (prov < 0 || prov >= p->now.n_providers)
            return -1;
        from = p->now.prov_capacity[prov];
        top = p->slider_max[prov];
    }
    fte = fmax(0.0, fmin(fte, fmax(top, from)));
    if (fte == from)
        return 0;
    double t = p->now.t; /* the view's clock, at or after the sim's last event */
    if (pool >= 0 ? bb_sim_set_pool_fte(p->sim, pool, fte)
                  : bb_sim_set_provider_fte(p->sim, prov, fte))
        return -1;
    bb_sim_state(p->sim, &p->now);
    p->now.t = t;
    p->now.day = bb_scenario_start_day(p->sc) + (int)floor(t / 24.0);
    /* dragging makes many changes at one moment: keep one mark for them */
    vz_mark *last = p->nmark > p->nscenmark ? &p->mark[p->nmark - 1] : NULL;
    if (last && last->kind == 'u' && last->prov == prov && last->pool == pool && last->t == t) {
        last->to = fte;
    } else if (p->nmark < VZ_MAX_MARKS) {
        vz_mark *m = &p->mark[p->nmark++];
        memset(m, 0, sizeof *m);
        m->t = t;
        m->kind = 'u';
        m->prov = prov;
        m->pool = pool;
        m->from = from;
        m->to = fte;
    }
    return 0;
}

int vz_app_set_fte(vz_app *a, int pi, int prov, double fte)
{
    if (prov < 0)
        return -1;
    return set_op_fte(a, pi, -1, prov, fte);
}

int vz_app_set_pool_fte(vz_app *a, int pi, int pool, double fte)
{
    if (pool < 0)
        return -1;
    return set_op_fte(a, pi, pool, -1, fte);
}

/* The slider under (x, y), if any: a pool's (*pool >= 0, *prov -1) or a
 * provider's (*prov >= 0, *pool -1). */
static int hit_slider(const vz_app *a, const vz_layout *L, int x, int y, int *pi, int *pool,
                      int *prov)
{
    int idx[2];
    int n = vz_app_visible(a, idx);
    for (int k = 0; k < n; k++) {
        const vz_panel_layout *P = &L->p[k];
        for (int i = 0; i < BB_POOLS; i++) {
            SDL_Rect r = P->pool_slider[i];
            r.x -= L->pad / 2;
            r.w += L->pad;
            if (vz_in_rect(&r, x, y)) {
                *pi = idx[k];
                *pool = i;
                *prov = -1;
                return 1;
            }
        }
        for (int i = 0; i < P->nprov; i++) {
            SDL_Rect r = P->slider[i];
            r.x -= L->pad / 2; /* a little slack at both ends */
            r.w += L->pad;
            if (vz_in_rect(&r, x, y)) {
                *pi = idx[k];
                *pool = -1;
                *prov = i;
                return 1;
            }
        }
    }
    return 0;
}

static int hit_box(const vz_app *a, const vz_layout *L, int x, int y, int *pi, int *prov)
{
    int idx[2];
    int n = vz_app_visible(a, idx);
    for (int k = 0; k < n; k++)
        for (int i = 0; i < L->p[k].nprov; i++)
            if (vz_in_rect(&L->p[k].prov[i], x, y)) {
                *pi = idx[k];
                *prov = i;
                return 1;
            }
    return 0;
}

static void drag_to(vz_app *a, const vz_layout *L, int x)
{
    int idx[2];
    int n = vz_app_visible(a, idx);
    for (int k = 0; k < n; k++) {
        if (idx[k] != a->drag_panel)
            continue;
        const vz_panel *p = &a->pan[a->drag_panel];
        const SDL_Rect *r;
        double top;
        if (a->drag_pool >= 0 && a->drag_pool < BB_POOLS) {
            r = &L->p[k].pool_slider[a->drag_pool];
            top = p->pool_max[a->drag_pool];
        } else if (a->drag_prov >= 0 && a->drag_prov < L->p[k].nprov) {
            r = &L->p[k].slider[a->drag_prov];
            top = p->slider_max[a->drag_prov];
        } else {
            continue;
        }
        double f = r->w > 0 ? (double)(x - r->x) / r->w : 0;
        f = fmax(0.0, fmin(1.0, f));
        double v = round(f * top);
        set_op_fte(a, a->drag_panel, a->drag_pool, a->drag_prov, v);
    }
}

static void nudge_fte(vz_app *a, int dir)
{
    int pi = a->sel_panel, pv = a->sel_prov, pl = a->sel_pool;
    int pool = pl >= 0 && pl < BB_POOLS;
    if (pi >= a->nscen || (!pool && (pv < 0 || pv >= a->pan[pi].now.n_providers))) {
        vz_app_toast(a, a->lang == 1 ? "Select a pool or provider first (Tab or click)"
                                     : "Kies eerst een pool of uitvoerder (Tab of klik)");
        return;
    }
    const vz_panel *p = &a->pan[pi];
    double step = vz_nice_ceil((pool ? p->pool_max[pl] : p->slider_max[pv]) / 50.0);
    double v = pool ? p->now.pool_fte[pl] : p->now.prov_capacity[pv];
    v = dir > 0 ? floor(v / step + 1e-9) * step + step : ceil(v / step - 1e-9) * step - step;
    set_op_fte(a, pi, pool ? pl : -1, pool ? -1 : pv, v);
}

static void show(vz_app *a, int which)
{
    if (which != VZ_SHOW_A && a->nscen < 2) {
        vz_app_toast(a, vz_tr(a->lang, T_NO_B));
        return;
    }
    a->show = which;
    if (which != VZ_SHOW_BOTH)
        a->sel_panel = which;
}

static int key(vz_app *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode c = k->keysym.sym;
    int shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    switch (c) {
    case SDLK_SPACE:
        if (!k->repeat && !a->error[0]) {
            if (a->paused && vz_app_now(a) >= vz_app_horizon(a))
                break;
            a->paused = !a->paused;
        }
        break;
    case SDLK_RIGHT:
        vz_app_run_to(a, vz_app_now(a) + 168.0);
        break;
    case SDLK_PLUS:
    case SDLK_KP_PLUS:
    case SDLK_EQUALS:
        if (a->speed < VZ_SPEEDS - 1)
            a->speed++;
        break;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        if (a->speed > 0)
            a->speed--;
        break;
    case SDLK_HOME:
        vz_app_restart(a);
        break;
    case SDLK_1:
    case SDLK_KP_1:
        show(a, VZ_SHOW_A);
        break;
    case SDLK_2:
    case SDLK_KP_2:
        show(a, VZ_SHOW_B);
        break;
    case SDLK_b:
        show(a, VZ_SHOW_BOTH);
        break;
    case SDLK_f:
    case SDLK_F11:
        return k->repeat ? 0 : VZ_ACT_FULLSCREEN;
    case SDLK_s:
        return k->repeat ? 0 : VZ_ACT_SAVE;
    case SDLK_l:
        if (!k->repeat)
            a->lang = !a->lang;
        break;
    case SDLK_SLASH:
    case SDLK_QUESTION:
    case SDLK_F1:
    case SDLK_h:
        if (!k->repeat)
            a->help = !a->help;
        break;
    case SDLK_ESCAPE:
        if (a->help) {
            a->help = 0;
            break;
        }
        return VZ_ACT_QUIT;
    case SDLK_q:
        return VZ_ACT_QUIT;
    case SDLK_TAB: {
        /* cycle none, the pools in chain order, providers 0 .. n-1, none */
        int n = BB_POOLS + a->pan[a->sel_panel].now.n_providers;
        int cur = a->sel_pool >= 0 ? a->sel_pool : a->sel_prov >= 0 ? BB_POOLS + a->sel_prov : -1;
        int v = cur + 1 + (shift ? -1 : 1);
        v = ((v % (n + 1)) + (n + 1)) % (n + 1) - 1;
        a->sel_pool = v >= 0 && v < BB_POOLS ? v : -1;
        a->sel_prov = v >= BB_POOLS ? v - BB_POOLS : -1;
        break;
    }
    case SDLK_UP:
        nudge_fte(a, +1);
        break;
    case SDLK_DOWN:
        nudge_fte(a, -1);
        break;
    default:
        break;
    }
    return 0;
}

int vz_app_event(vz_app *a, const SDL_Event *e)
{
    vz_layout L;
    switch (e->type) {
    case SDL_QUIT:
        return VZ_ACT_QUIT;
    case SDL_KEYDOWN:
        return key(a, &e->key);
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            e->window.event == SDL_WINDOWEVENT_RESIZED) {
            a->w = e->window.data1;
            a->h = e->window.data2;
        } else if (e->window.event == SDL_WINDOWEVENT_LEAVE) {
            a->mouse_in = 0;
        }
        break;
    case SDL_MOUSEMOTION:
        a->mouse_x = e->motion.x;
        a->mouse_y = e->motion.y;
        a->mouse_in = 1;
        if (a->drag_prov >= 0 || a->drag_pool >= 0) {
            vz_app_layout(a, a->w, a->h, &L);
            drag_to(a, &L, e->motion.x);
        }
        break;
    case SDL_MOUSEBUTTONDOWN: {
        if (e->button.button != SDL_BUTTON_LEFT)
            break;
        int pi, pv, pl;
        vz_app_layout(a, a->w, a->h, &L);
        if (hit_slider(a, &L, e->button.x, e->button.y, &pi, &pl, &pv)) {
            a->drag_panel = pi;
            a->drag_prov = pv;
            a->drag_pool = pl;
            a->sel_panel = pi;
            a->sel_prov = pv;
            a->sel_pool = pl;
            drag_to(a, &L, e->button.x);
        } else if (hit_box(a, &L, e->button.x, e->button.y, &pi, &pv)) {
            int same = a->sel_panel == pi && a->sel_prov == pv;
            a->sel_panel = pi;
            a->sel_prov = same ? -1 : pv;
            a->sel_pool = -1;
        }
        break;
    }
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT)
            a->drag_panel = a->drag_prov = a->drag_pool = -1;
        break;
    default:
        break;
    }
    return 0;
}
