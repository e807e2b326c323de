/*
 * app.c - view state, the clock, and key and mouse handling (see app.h).
 *
 * The panels' runs (stepping, changes, going back) are in run.c; this file
 * creates the app, runs the clock and turns SDL events into calls: play
 * and pause, speed, a week on or back, a slider dragged (applied when it
 * is let go), a click or drag on the time axis (the scrubber: forward it
 * runs on, backward it shows the recorded history while dragging and
 * runs again to the date when let go), undo, the view's modes.
 */
#include "app.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bands.h"
#include "chart.h"
#include "labels.h"
#include "run.h"

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

double vz_slider_top(double fte, double least)
{
    double top = fmax(2.0 * fte, least);
    double step = vz_nice_ceil(top / 10.0);
    return ceil(top / step) * step;
}

static int panel_init(vz_panel *p, const bb_scenario *s, uint64_t seed)
{
    memset(p, 0, sizeof *p);
    p->sc = s;
    if (vz_history_init(&p->hist, vz_history_cap_for(s)))
        return -1;
    bb_marker m[VZ_MAX_MARKS];
    int n = bb_scenario_markers(s, m, VZ_MAX_MARKS);
    for (int i = 0; i < n; i++) {
        p->mark[i].t = m[i].t;
        p->mark[i].kind = m[i].kind;
        p->mark[i].ref = m[i].ref;
        snprintf(p->mark[i].label, sizeof p->mark[i].label, "%s", m[i].label);
        snprintf(p->mark[i].label_nl, sizeof p->mark[i].label_nl, "%s", m[i].label_nl);
    }
    p->nmark = n;
    for (int i = 0; i < bb_scenario_provider_count(s) && i < BB_MAX_PROVIDERS; i++)
        if (bb_scenario_provider_staffed(s, i))
            p->vis[p->nvis++] = i;
    if (vz_panel_start(p, seed))
        return -1;
    for (int i = 0; i < p->now.n_providers && i < BB_MAX_PROVIDERS; i++) {
        p->fte0[i] = p->now.prov_capacity[i];
        p->slider_max[i] = vz_slider_top(p->fte0[i], 100.0);
    }
    for (int i = 0; i < BB_POOLS; i++) {
        p->pool0[i] = p->now.pool_fte[i];
        p->pool_max[i] = vz_slider_top(p->pool0[i], 20.0);
    }
    return 0;
}

int vz_app_init(vz_app *a, const bb_scenario *A, const bb_scenario *B, uint64_t seed, int lang)
{
    memset(a, 0, sizeof *a);
    a->seed = seed;
    a->lang = lang;
    a->speed = DEFAULT_SPEED;
    a->paused = 1;
    a->sel_prov = a->sel_pool = -1;
    a->drag_panel = a->drag_prov = a->drag_pool = -1;
    a->preview_t = -1;
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
    vz_bands_free(a->bands);
    a->bands = NULL;
    for (int i = 0; i < 2; i++)
        vz_panel_free(&a->pan[i]);
}

int vz_app_restart(vz_app *a)
{
    a->error[0] = 0;
    a->preview_t = -1;
    a->scrub = 0;
    a->drag_panel = a->drag_prov = a->drag_pool = -1;
    for (int i = 0; i < a->nscen; i++) {
        a->pan[i].nchg = 0;
        if (vz_panel_start(&a->pan[i], a->seed))
            return -1;
    }
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

void vz_app_tick(vz_app *a, double dt)
{
    if (dt < 0)
        dt = 0;
    if (dt > 0.25)
        dt = 0.25;
    a->clock += dt;
    if (a->paused || a->error[0] || a->scrub)
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
    int room = a->room || w < VZ_MIN_W || h < VZ_MIN_H;
    int more = a->bands != NULL || a->sel_prov >= 0;
    for (int i = 0; i < 2; i++) {
        nprov[i] = room ? a->pan[idx[i]].nvis : a->pan[idx[i]].now.n_providers;
        more |= a->pan[idx[i]].nchg > 0;
    }
    vz_layout_compute2(L, w, h, n, nprov, room, more);
    if (L->room && !room) { /* the desk view did not fit: the room's, with its providers */
        for (int i = 0; i < 2; i++)
            nprov[i] = a->pan[idx[i]].nvis;
        vz_layout_compute2(L, w, h, n, nprov, 1, more);
    }
}

void vz_panel_title2(char *buf, size_t n, const vz_panel *p, int lang, int brief)
{
    const char *t = bb_scenario_title(p->sc, lang == VZ_NL);
    const char *colon = brief ? strstr(t, ": ") : NULL;
    int len = colon ? (int)(colon - t) : (int)strlen(t);
    if (p->nchg > 0)
        snprintf(buf, n, "%.*s (%s)", len, t, vz_tr(lang, T_CHANGED));
    else
        snprintf(buf, n, "%.*s", len, t);
}

void vz_panel_title(char *buf, size_t n, const vz_panel *p, int lang)
{
    vz_panel_title2(buf, n, p, lang, 0);
}

int vz_prov_at(const vz_panel *p, const vz_layout *L, int k)
{
    return L->room ? p->vis[k] : k;
}

/* ------------------------------------------------------------------ */
/* the mouse                                                           */
/* ------------------------------------------------------------------ */

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
            if (r.w <= 0)
                continue;
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
                *prov = vz_prov_at(&a->pan[idx[k]], L, i);
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
                *prov = vz_prov_at(&a->pan[idx[k]], L, i);
                return 1;
            }
    return 0;
}

/* The value of the dragged slider at mouse x. */
static void drag_to(vz_app *a, const vz_layout *L, int x)
{
    int idx[2];
    int n = vz_app_visible(a, idx);
    for (int k = 0; k < n; k++) {
        if (idx[k] != a->drag_panel)
            continue;
        const vz_panel *p = &a->pan[a->drag_panel];
        SDL_Rect r = {0, 0, 0, 0};
        double top;
        if (a->drag_pool >= 0 && a->drag_pool < BB_POOLS) {
            r = L->p[k].pool_slider[a->drag_pool];
            top = p->pool_max[a->drag_pool];
        } else {
            for (int i = 0; i < L->p[k].nprov; i++)
                if (vz_prov_at(p, L, i) == a->drag_prov)
                    r = L->p[k].slider[i];
            top = p->slider_max[a->drag_prov];
        }
        if (r.w <= 0)
            continue;
        double f = fmax(0.0, fmin(1.0, (double)(x - r.x) / r.w));
        a->drag_to = round(f * top);
    }
}

/* The time at mouse x on the time axis. */
static double axis_time(const vz_app *a, const vz_layout *L, int x)
{
    int x0, x1, ay;
    vz_timeline_axis(L, &x0, &x1, &ay);
    double t = vz_unscale(x, 0, vz_app_horizon(a), x0, x1);
    return fmax(0.0, fmin(t, vz_app_horizon(a)));
}

/* The scrubber at mouse x: forward the sims run on; backward the view
 * shows the recorded history until the mouse is let go. */
static void scrub_to(vz_app *a, const vz_layout *L, int x)
{
    double t = axis_time(a, L, x);
    if (t >= vz_app_now(a)) {
        a->preview_t = -1;
        vz_app_run_to(a, t);
    } else {
        a->preview_t = t;
    }
}

static void mouse_down(vz_app *a, int x, int y)
{
    vz_layout L;
    int pi, pv, pl;
    vz_app_layout(a, a->w, a->h, &L);
    if (hit_slider(a, &L, x, y, &pi, &pl, &pv)) {
        a->drag_panel = pi;
        a->drag_prov = pv;
        a->drag_pool = pl;
        a->sel_panel = pi;
        a->sel_prov = pv;
        a->sel_pool = pl;
        drag_to(a, &L, x);
    } else if (hit_box(a, &L, x, y, &pi, &pv)) {
        int same = a->sel_panel == pi && a->sel_prov == pv;
        a->sel_panel = pi;
        a->sel_prov = same ? -1 : pv;
        a->sel_pool = -1;
    } else if (vz_in_rect(&L.timeline, x, y)) {
        a->scrub = 1;
        scrub_to(a, &L, x);
    }
}

static void mouse_up(vz_app *a)
{
    if (a->drag_panel >= 0 && (a->drag_prov >= 0 || a->drag_pool >= 0)) {
        int pi = a->drag_panel, pl = a->drag_pool, pv = a->drag_prov;
        a->drag_panel = a->drag_prov = a->drag_pool = -1;
        vz_app_change(a, pi, pl, pv, a->drag_to);
    }
    if (a->scrub) {
        a->scrub = 0;
        if (a->preview_t >= 0)
            vz_app_seek(a, a->preview_t);
    }
}

/* ------------------------------------------------------------------ */
/* keys                                                                */
/* ------------------------------------------------------------------ */

static void nudge_fte(vz_app *a, int dir)
{
    int pi = a->sel_panel, pv = a->sel_prov, pl = a->sel_pool;
    int pool = pl >= 0 && pl < BB_POOLS;
    if (pi >= a->nscen || (!pool && (pv < 0 || pv >= a->pan[pi].now.n_providers))) {
        vz_app_toast(a, vz_tr(a->lang, T_SELECT_FIRST));
        return;
    }
    const vz_panel *p = &a->pan[pi];
    double step = vz_nice_ceil((pool ? p->pool_max[pl] : p->slider_max[pv]) / 50.0);
    double v = vz_target_fte(&p->now, pool ? pl : -1, pool ? -1 : pv);
    v = dir > 0 ? floor(v / step + 1e-9) * step + step : ceil(v / step - 1e-9) * step - step;
    vz_app_change(a, pi, pool ? pl : -1, pool ? -1 : pv, v);
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

/* Tab: none, the pools in chain order, the providers shown, none. */
static void cycle(vz_app *a, int back)
{
    vz_layout L;
    vz_app_layout(a, a->w, a->h, &L);
    const vz_panel *p = &a->pan[a->sel_panel];
    int np = L.room ? p->nvis : p->now.n_providers;
    int cur = -1;
    if (a->sel_pool >= 0)
        cur = a->sel_pool;
    for (int k = 0; k < np && a->sel_prov >= 0; k++)
        if ((L.room ? p->vis[k] : k) == a->sel_prov)
            cur = BB_POOLS + k;
    int n = BB_POOLS + np;
    int v = cur + 1 + (back ? -1 : 1);
    v = ((v % (n + 1)) + (n + 1)) % (n + 1) - 1;
    a->sel_pool = v >= 0 && v < BB_POOLS ? v : -1;
    a->sel_prov = v >= BB_POOLS ? (L.room ? p->vis[v - BB_POOLS] : v - BB_POOLS) : -1;
}

static int key(vz_app *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode c = k->keysym.sym;
    int shift = (k->keysym.mod & KMOD_SHIFT) != 0, ctrl = (k->keysym.mod & KMOD_CTRL) != 0;
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
    case SDLK_LEFT:
        vz_app_seek(a, vz_app_now(a) - 168.0);
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
    case SDLK_END:
        vz_app_run_to(a, vz_app_horizon(a));
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
    case SDLK_r:
        if (!k->repeat)
            a->room = !a->room;
        break;
    case SDLK_p:
        if (!k->repeat) {
            a->at_once = !a->at_once;
            vz_app_toast(a, vz_tr(a->lang, a->at_once ? T_MODE_AT_ONCE : T_MODE_PIPELINE));
        }
        break;
    case SDLK_z: /* Ctrl+Z, U and Backspace: undo */
    case SDLK_u:
    case SDLK_BACKSPACE:
        if ((c != SDLK_z || ctrl) && vz_app_undo(a) != 0)
            vz_app_toast(a, vz_tr(a->lang, T_NOTHING_TO_UNDO));
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
    case SDLK_TAB:
        cycle(a, shift);
        break;
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
        if (e->window.event == SDL_WINDOWEVENT_LEAVE)
            a->mouse_in = 0;
        break;
    case SDL_MOUSEMOTION:
        a->mouse_x = e->motion.x;
        a->mouse_y = e->motion.y;
        a->mouse_in = 1;
        if (a->drag_prov >= 0 || a->drag_pool >= 0) {
            vz_app_layout(a, a->w, a->h, &L);
            drag_to(a, &L, e->motion.x);
        } else if (a->scrub) {
            vz_app_layout(a, a->w, a->h, &L);
            scrub_to(a, &L, e->motion.x);
        }
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT)
            mouse_down(a, e->button.x, e->button.y);
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT)
            mouse_up(a);
        break;
    default:
        break;
    }
    return 0;
}
