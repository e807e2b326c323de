/*
 * test_viz_render.c - the view drawn offscreen and driven by synthetic
 * SDL events: pixels in the title, a chart line that rises with its
 * series, two panels side by side, the hover guide, the caption of the
 * time axis, a PNG file; keys and mouse that pause the clock, step a
 * week, change speed, restart, switch panels and change a provider's FTE
 * in the model (checked through bb_sim_state). The scrubber, undo and
 * the ghost run are in test_viz_story.c. No display, no timing: the
 * clock is fed by hand.
 */
#include "testutil.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <gsl/gsl_errno.h>
#include <math.h>

#include "app.h"
#include "chart.h"
#include "draw.h"
#include "layout.h"
#include "png.h"

#define SCEN "scenarios/baseline-2019.cfg"
#define W 1280
#define H 720

typedef struct fx {
    bb_scenario *s;
    vz_app a;
    vz_offscreen off;
} fx;

static int setup2(void **state, int two)
{
    fx *f = calloc(1, sizeof *f);
    bb_errors e;
    bb_errors_init(&e);
    if (!f || bb_scenario_load(SCEN, NULL, 0, &f->s, &e) != BB_OK)
        return -1;
    bb_errors_free(&e);
    if (TTF_Init() != 0)
        return -1;
    if (vz_app_init(&f->a, f->s, two ? f->s : NULL, 1, 0))
        return -1;
    f->a.w = W;
    f->a.h = H;
    char err[256];
    if (vz_offscreen_open(&f->off, W, H, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int setup(void **state) { return setup2(state, 0); }
static int setup_two(void **state) { return setup2(state, 1); }

static int teardown(void **state)
{
    fx *f = *state;
    vz_offscreen_close(&f->off);
    vz_app_free(&f->a);
    bb_scenario_free(f->s);
    free(f);
    TTF_Quit();
    return 0;
}

static uint32_t px(SDL_Surface *s, int x, int y)
{
    const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * s->pitch);
    return row[x] & 0xFFFFFFu;
}

static int count_not(SDL_Surface *s, SDL_Rect r, uint32_t bg)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            n += px(s, x, y) != bg;
    return n;
}

static int count_rgb(SDL_Surface *s, SDL_Rect r, uint32_t c)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            n += px(s, x, y) == c;
    return n;
}

/* Topmost row of colour c in column x of r, -1 if none. */
static int top_of(SDL_Surface *s, SDL_Rect r, int x, uint32_t c)
{
    for (int y = r.y; y < r.y + r.h; y++)
        if (px(s, x, y) == c)
            return y;
    return -1;
}

static void key(vz_app *a, SDL_Keycode k, int *act)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = k;
    int r = vz_app_event(a, &e);
    if (act)
        *act = r;
}

static void mouse(vz_app *a, Uint32 type, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    if (type == SDL_MOUSEMOTION) {
        e.motion.x = x;
        e.motion.y = y;
    } else {
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = x;
        e.button.y = y;
    }
    vz_app_event(a, &e);
}

static double model_fte(const vz_app *a, int panel, int prov)
{
    bb_state st;
    bb_sim_state(a->pan[panel].sim, &st);
    return st.prov_capacity[prov];
}

static double model_pool_fte(const vz_app *a, int panel, int pool)
{
    bb_state st;
    bb_sim_state(a->pan[panel].sim, &st);
    return st.pool_fte[pool];
}

/* ---------------------------------------------------------------- */

static void test_title_not_empty(void **state)
{
    fx *f = *state;
    vz_app_run_to(&f->a, 24 * 365.0);
    SDL_Surface *s = vz_offscreen_draw(&f->off, &f->a);
    vz_layout L;
    vz_app_layout(&f->a, W, H, &L);
    /* the title band carries dark text: many pixels that are not the band */
    uint32_t band = px(s, 1, 1);
    int ink = count_not(s, L.title, band);
    assert_true(ink > 2000);
    /* and the whole picture is not blank */
    SDL_Rect all = {0, 0, W, H};
    assert_true(count_not(s, all, VZ_C_BG) > W * H / 10);
}

/* Replace the panel's history with n weekly samples from f(i). */
static void fake_history(vz_app *a, int n, int info0, int info_step, int decision)
{
    vz_panel *p = &a->pan[0];
    bb_state st0 = p->hist.s[0];
    vz_history_clear(&p->hist);
    for (int i = 0; i < n; i++) {
        bb_state st = st0;
        st.t = i * 168.0;
        st.day = bb_scenario_start_day(p->sc) + 7 * i;
        st.queue[BB_STAGE_INFORMATION] = info0 + info_step * i;
        st.queue[BB_STAGE_ADVICE_DECENTRAL] = st.queue[BB_STAGE_ADVICE_CENTRAL] = 0;
        st.queue[BB_STAGE_DECISION] = decision;
        st.waiting_unprotected = 0;
        vz_history_push(&p->hist, &st);
    }
    p->now = p->hist.s[n - 1];
}

static int info_line_y(fx *f, double t)
{
    SDL_Surface *s = vz_offscreen_draw(&f->off, &f->a);
    vz_layout L;
    vz_app_layout(&f->a, W, H, &L);
    assert_int_equal(L.p[0].chart_id[0], VZ_CH_QUEUE);
    SDL_Rect pr = L.p[0].plot[0];
    int x = (int)lround(vz_scale(t, 0, vz_app_horizon(&f->a), pr.x, pr.x + pr.w));
    return top_of(s, pr, x, VZ_C_INFO);
}

static void test_line_rises_with_series(void **state)
{
    fx *f = *state;
    /* along time: a rising queue draws a line that climbs */
    fake_history(&f->a, 60, 0, 10, 0);
    int early = info_line_y(f, 10 * 168.0), late = info_line_y(f, 50 * 168.0);
    assert_true(early > 0 && late > 0);
    assert_true(late < early - 20);

    /* at a fixed axis (set by another series at 1000): 500 sits above 100 */
    fake_history(&f->a, 60, 100, 0, 1000);
    int low = info_line_y(f, 30 * 168.0);
    fake_history(&f->a, 60, 500, 0, 1000);
    int high = info_line_y(f, 30 * 168.0);
    assert_true(low > 0 && high > 0);
    assert_true(high < low - 20);
    /* 100 and 500 of 1000: the heights are in proportion */
    vz_layout L;
    vz_app_layout(&f->a, W, H, &L);
    SDL_Rect pr = L.p[0].plot[0];
    double bottom = pr.y + pr.h;
    double r = (bottom - high) / (bottom - low);
    tu_assert_strictly_between(r, 4.0, 6.0);
}

/* Two panels at 1280x720: the desk view does not fit, so the room's A/B
 * (the tiles and two charts of each, the strip of B minus A); one panel
 * again: the desk view with its chain. */
static void test_side_by_side(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    vz_app_run_to(a, 24 * 400.0);
    key(a, SDLK_b, NULL);
    int idx[2];
    assert_int_equal(vz_app_visible(a, idx), 2);
    SDL_Surface *s = vz_offscreen_draw(&f->off, a);
    vz_layout L;
    vz_app_layout(a, W, H, &L);
    assert_int_equal(L.npanels, 2);
    assert_true(L.room);
    assert_true(L.p[1].area.x >= L.p[0].area.x + L.p[0].area.w);
    assert_true(count_not(s, L.strip, VZ_C_BOX) > 300); /* B minus A */
    for (int k = 0; k < 2; k++) {
        assert_true(count_not(s, L.p[k].header, VZ_C_BG) > 200);
        /* a borrowing chart with its vermilion area */
        int pos = 1;
        assert_int_equal(L.p[k].chart_id[pos], VZ_CH_BORROW);
        assert_true(count_rgb(s, L.p[k].plot[pos], VZ_C_BORROW) > 300);
    }
    /* same seed, same scenario: both halves draw the same chart pixels */
    SDL_Rect p0 = L.p[0].plot[0], p1 = L.p[1].plot[0];
    assert_true(abs(p0.w - p1.w) <= 1); /* halves differ by rounding at most */
    int same = 0, total = 0, w = p0.w < p1.w ? p0.w : p1.w;
    for (int y = p0.y; y < p0.y + p0.h; y++)
        for (int x = 0; x < w * 9 / 10; x++) {
            same += px(s, p0.x + x, y) == px(s, p1.x + x, y);
            total++;
        }
    assert_true(same > total * 99 / 100);
    assert_int_equal(vz_gfx_cuts(f->off.g, NULL), 0);

    /* back to one panel: the desk view, the borrowed box framed in vermilion */
    key(a, SDLK_1, NULL);
    assert_int_equal(vz_app_visible(a, idx), 1);
    s = vz_offscreen_draw(&f->off, a);
    vz_app_layout(a, W, H, &L);
    assert_int_equal(L.npanels, 1);
    assert_false(L.room);
    SDL_Rect b = L.p[0].prov[L.p[0].nprov];
    assert_true(L.p[0].borrowed_box);
    assert_true(count_rgb(s, b, VZ_C_BORROW) > 2 * (b.w + b.h));
}

static void test_hover_guide(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    vz_app_run_to(a, 24 * 700.0);
    vz_layout L;
    vz_app_layout(a, W, H, &L);
    SDL_Rect pr = L.p[0].plot[1];
    int mx = pr.x + pr.w / 8, my = pr.y + pr.h / 2;
    SDL_Surface *s = vz_offscreen_draw(&f->off, a);
    SDL_Rect col = {mx - 1, pr.y, 3, pr.h};
    int before = count_rgb(s, col, 0x555555u);
    mouse(a, SDL_MOUSEMOTION, mx, my);
    s = vz_offscreen_draw(&f->off, a);
    /* the guide runs through every chart at the same date */
    for (int c = 0; c < L.p[0].ncharts; c++) {
        SDL_Rect q = L.p[0].plot[c];
        int x = (int)lround(vz_scale(vz_unscale(mx, 0, vz_app_horizon(a), pr.x, pr.x + pr.w), 0,
                                     vz_app_horizon(a), q.x, q.x + q.w));
        SDL_Rect g = {x - 1, q.y, 3, q.h / 4};
        assert_true(count_rgb(s, g, 0x555555u) > q.h / 4);
    }
    assert_true(count_rgb(s, col, 0x555555u) > before);
}

/* Pointing at a date on the time axis puts its events in the caption;
 * away from every mark the caption tells the latest date passed. */
static void test_timeline_hover(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    vz_app_run_to(a, 24 * 1000.0);
    a->at_once = 1;
    assert_int_equal(vz_app_set_fte(a, 0, 1, 10), 0); /* a mark at day 1000 */
    vz_layout L;
    vz_app_layout(a, W, H, &L);
    int x0, x1, ay;
    vz_timeline_axis(&L, &x0, &x1, &ay);
    int mx = (int)lround(vz_scale(24 * 1000.0, 0, vz_app_horizon(a), x0, x1));
    SDL_Rect cap = {L.timeline.x, L.timeline.y, L.timeline.w, L.caption_lines * L.lh_tick};
    /* the first mark of the scenario: Wiersum, 18 September 2019 */
    int xw = (int)lround(vz_scale(a->pan[0].mark[0].t, 0, vz_app_horizon(a), x0, x1));
    SDL_Surface *s = vz_offscreen_draw(&f->off, a);
    int latest = count_rgb(s, cap, VZ_C_INK);
    assert_true(latest > 100); /* "... KMar BSB 63→10 FTE" */
    mouse(a, SDL_MOUSEMOTION, xw, ay);
    s = vz_offscreen_draw(&f->off, a);
    int wiersum = count_rgb(s, cap, VZ_C_INK);
    assert_true(wiersum > latest * 2); /* six events in two lines */
    mouse(a, SDL_MOUSEMOTION, mx, ay);
    s = vz_offscreen_draw(&f->off, a);
    assert_int_equal(count_rgb(s, cap, VZ_C_INK), latest);
}

static void test_png(void **state)
{
    fx *f = *state;
    char *path = tu_write_tmp("v.png", "");
    char err[256];
    vz_app_run_to(&f->a, 24 * 100.0);
    assert_int_equal(vz_png_write(vz_offscreen_draw(&f->off, &f->a), path, err, sizeof err), 0);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    unsigned char sig[8];
    assert_int_equal(fread(sig, 1, 8, fp), 8);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fclose(fp);
    assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
    assert_true(size > 10000);
    remove(path);
    free(path);
    /* a directory that does not exist is an error with a message */
    err[0] = 0;
    assert_int_equal(vz_png_write(f->off.surf, "/nonexistent/dir/x.png", err, sizeof err), -1);
    assert_true(err[0] != 0);
}

/* ---------------------------------------------------------------- */

static void test_pause_stops_clock(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    assert_true(a->paused); /* the view starts paused */
    vz_app_tick(a, 0.1);
    assert_true(vz_app_now(a) == 0);
    key(a, SDLK_SPACE, NULL);
    assert_false(a->paused);
    vz_app_tick(a, 0.1);
    double t1 = vz_app_now(a);
    assert_true(t1 > 0);
    key(a, SDLK_SPACE, NULL);
    assert_true(a->paused);
    for (int i = 0; i < 10; i++)
        vz_app_tick(a, 0.1);
    assert_true(vz_app_now(a) == t1);
    assert_true(bb_sim_now(a->pan[0].sim) <= t1);
    key(a, SDLK_SPACE, NULL);
    assert_false(a->paused);
    vz_app_tick(a, 0.1);
    assert_true(vz_app_now(a) > t1);
}

static void test_week_step_and_speed(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    double t0 = vz_app_now(a);
    key(a, SDLK_RIGHT, NULL);
    tu_assert_near(vz_app_now(a), t0 + 168.0, 1e-9);
    assert_true(a->pan[0].now.day == bb_scenario_start_day(f->s) + 7);
    int sp = a->speed;
    key(a, SDLK_PLUS, NULL);
    assert_int_equal(a->speed, sp + 1);
    for (int i = 0; i < 10; i++)
        key(a, SDLK_EQUALS, NULL);
    assert_int_equal(a->speed, VZ_SPEEDS - 1);
    assert_true(vz_speed_hours(a->speed) >= 8760); /* a year a second */
    for (int i = 0; i < 10; i++)
        key(a, SDLK_MINUS, NULL);
    assert_int_equal(a->speed, 0);
    assert_true(vz_speed_hours(a->speed) == 168); /* a week a second */
    /* at a week a second, a quarter second is a quarter week */
    key(a, SDLK_SPACE, NULL);
    double t1 = vz_app_now(a);
    vz_app_tick(a, 0.25);
    tu_assert_near(vz_app_now(a), t1 + 42.0, 1e-9);
    /* a stalled frame (5 s) never jumps more than a quarter second */
    vz_app_tick(a, 5.0);
    tu_assert_near(vz_app_now(a), t1 + 84.0, 1e-9);
}

/* The arrow keys change the selected unit's FTE (here at once, P), and
 * one unit changed again at one moment is one change with the last value. */
static void test_fte_keys_change_model(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    key(a, SDLK_p, NULL); /* at once */
    assert_true(a->at_once);
    vz_app_run_to(a, 24 * 90.0);
    double before = model_fte(a, 0, 0), target0 = vz_target_fte(&a->pan[0].now, -1, 0);
    /* nothing selected: the arrow keys only explain */
    key(a, SDLK_UP, NULL);
    assert_true(model_fte(a, 0, 0) == before);
    assert_true(a->toast[0] != 0);
    /* Tab goes through the pools first (chain order), then the providers */
    for (int i = 0; i < BB_POOLS + 1; i++)
        key(a, SDLK_TAB, NULL);
    assert_int_equal(a->sel_pool, -1);
    assert_int_equal(a->sel_prov, 0);
    key(a, SDLK_UP, NULL);
    double up = model_fte(a, 0, 0);
    assert_true(up > before);
    /* the change is kept for the time axis at this moment */
    vz_panel *p = &a->pan[0];
    assert_int_equal(p->nchg, 1);
    assert_true(p->chg[0].t == vz_app_now(a));
    assert_true(p->chg[0].prov == 0 && p->chg[0].pool == -1);
    key(a, SDLK_DOWN, NULL);
    key(a, SDLK_DOWN, NULL);
    assert_true(model_fte(a, 0, 0) < before);
    assert_int_equal(p->nchg, 1); /* same moment: one change, its last value */
    tu_assert_near(p->chg[0].to, vz_target_fte(&p->now, -1, 0), 1e-9);
    tu_assert_near(p->chg[0].from, target0, 1e-9);
    tu_assert_near(model_fte(a, 0, 0) - before, p->chg[0].to - p->chg[0].from, 1e-9);
    /* later changes get their own */
    key(a, SDLK_RIGHT, NULL);
    key(a, SDLK_UP, NULL);
    assert_int_equal(p->nchg, 2);
    /* Tab cycles through the providers back to none */
    for (int i = 1; i < p->now.n_providers; i++)
        key(a, SDLK_TAB, NULL);
    assert_int_equal(a->sel_prov, p->now.n_providers - 1);
    key(a, SDLK_TAB, NULL);
    assert_int_equal(a->sel_prov, -1);
    assert_int_equal(a->sel_pool, -1);
    /* ... and Shift+Tab back from none to the last provider */
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_TAB;
    e.key.keysym.mod = KMOD_LSHIFT;
    vz_app_event(a, &e);
    assert_int_equal(a->sel_prov, p->now.n_providers - 1);
    key(a, SDLK_TAB, NULL);
    assert_int_equal(a->sel_prov, -1);
    /* bad arguments are refused */
    assert_int_equal(vz_app_set_fte(a, 0, 99, 10), -1);
    assert_int_equal(vz_app_set_fte(a, 1, 0, 10), -1);
}

/* A drag moves the knob; the change is made when the slider is let go:
 * one change with the final value. */
static void test_slider_drag_changes_model(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    a->at_once = 1;
    vz_app_run_to(a, 24 * 30.0);
    vz_layout L;
    vz_app_layout(a, W, H, &L);
    int prov = 2;
    SDL_Rect r = L.p[0].slider[prov];
    double mx = a->pan[0].slider_max[prov];
    double before = vz_target_fte(&a->pan[0].now, -1, prov);
    mouse(a, SDL_MOUSEBUTTONDOWN, r.x + r.w, r.y + r.h / 2);
    tu_assert_near(a->drag_to, mx, 1e-9);
    assert_true(vz_target_fte(&a->pan[0].now, -1, prov) == before); /* not yet */
    assert_int_equal(a->sel_prov, prov);
    mouse(a, SDL_MOUSEMOTION, r.x + r.w / 4, r.y + r.h / 2);
    tu_assert_near_le(a->drag_to, mx / 4, mx / r.w + 1);
    mouse(a, SDL_MOUSEMOTION, r.x - 50, r.y + r.h / 2);
    assert_true(a->drag_to == 0);
    /* the knob is drawn where the drag is */
    SDL_Surface *sf = vz_offscreen_draw(&f->off, a);
    assert_int_equal(px(sf, r.x, r.y + r.h / 2), 0xFFFFFFu & VZ_C_EVENT);
    mouse(a, SDL_MOUSEBUTTONUP, r.x, r.y);
    assert_true(model_fte(a, 0, prov) == 0); /* at once: none operational */
    mouse(a, SDL_MOUSEMOTION, r.x + r.w, r.y + r.h / 2); /* no longer dragging */
    assert_true(model_fte(a, 0, prov) == 0);
    /* one change for the whole drag, with its final value */
    assert_int_equal(a->pan[0].nchg, 1);
    assert_true(a->pan[0].chg[0].to == 0);
    tu_assert_near(a->pan[0].chg[0].from, before, 1e-9);
    /* the model runs on with the new capacity */
    vz_app_run_to(a, 24 * 60.0);
    assert_true(a->pan[0].now.prov_capacity[prov] == 0);
    /* clicking a box selects it for the capacity chart, again deselects */
    SDL_Rect b = L.p[0].prov[4];
    mouse(a, SDL_MOUSEBUTTONDOWN, b.x + 5, b.y + 5);
    assert_int_equal(a->sel_prov, 4);
    mouse(a, SDL_MOUSEBUTTONDOWN, b.x + 5, b.y + 5);
    assert_int_equal(a->sel_prov, -1);
}

/* The pools have sliders too: Tab and the arrow keys, and a drag in the
 * chain boxes, change bb_state.pool_fte in the model and record the change. */
static void test_pool_sliders_change_model(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    a->at_once = 1;
    vz_app_run_to(a, 24 * 90.0);
    vz_panel *p = &a->pan[0];
    double info0 = model_pool_fte(a, 0, BB_STAGE_INFORMATION);
    double prov0 = model_fte(a, 0, 0);
    key(a, SDLK_TAB, NULL);
    assert_int_equal(a->sel_pool, BB_STAGE_INFORMATION);
    assert_int_equal(a->sel_prov, -1);
    key(a, SDLK_UP, NULL);
    double up = model_pool_fte(a, 0, BB_STAGE_INFORMATION);
    assert_true(up > info0);
    assert_true(model_fte(a, 0, 0) == prov0); /* no provider touched */
    assert_int_equal(p->nchg, 1);
    assert_int_equal(p->chg[0].pool, BB_STAGE_INFORMATION);
    assert_int_equal(p->chg[0].prov, -1);
    assert_true(p->chg[0].from == info0 && p->chg[0].to == up);
    key(a, SDLK_DOWN, NULL);
    key(a, SDLK_DOWN, NULL);
    assert_true(model_pool_fte(a, 0, BB_STAGE_INFORMATION) < info0);
    assert_int_equal(p->nchg, 1); /* same moment: one change */
    /* the next Tab moves to decentral advice; up changes only that pool */
    key(a, SDLK_TAB, NULL);
    assert_int_equal(a->sel_pool, BB_STAGE_ADVICE_DECENTRAL);
    double dec0 = model_pool_fte(a, 0, BB_STAGE_ADVICE_DECENTRAL);
    double info1 = model_pool_fte(a, 0, BB_STAGE_INFORMATION);
    key(a, SDLK_UP, NULL);
    assert_true(model_pool_fte(a, 0, BB_STAGE_ADVICE_DECENTRAL) > dec0);
    assert_true(model_pool_fte(a, 0, BB_STAGE_INFORMATION) == info1);
    assert_int_equal(p->nchg, 2); /* another pool: its own change */

    /* mouse: drag the central advice slider (right half of the advice box) */
    key(a, SDLK_RIGHT, NULL);
    vz_layout L;
    vz_app_layout(a, W, H, &L);
    int pl = BB_STAGE_ADVICE_CENTRAL;
    SDL_Rect r = L.p[0].pool_slider[pl];
    SDL_Rect box = L.p[0].box[VZ_BOX_ADVICE];
    assert_true(r.w > 0 && r.x > box.x + box.w / 3 && r.x + r.w <= box.x + box.w);
    assert_true(r.y > box.y && r.y + r.h <= box.y + box.h);
    double mx = p->pool_max[pl];
    mouse(a, SDL_MOUSEBUTTONDOWN, r.x + r.w, r.y + r.h / 2);
    tu_assert_near(a->drag_to, mx, 1e-9);
    assert_int_equal(a->sel_pool, pl);
    assert_int_equal(a->sel_prov, -1);
    mouse(a, SDL_MOUSEMOTION, r.x + r.w / 2, r.y + r.h / 2);
    tu_assert_near_le(a->drag_to, mx / 2, mx / r.w + 1);
    mouse(a, SDL_MOUSEMOTION, r.x - 50, r.y + r.h / 2);
    mouse(a, SDL_MOUSEBUTTONUP, r.x, r.y);
    assert_true(model_pool_fte(a, 0, pl) == 0);
    assert_int_equal(p->nchg, 3); /* one change for the whole drag */
    assert_int_equal(p->chg[2].pool, pl);
    vz_app_run_to(a, 24 * 120.0);
    assert_true(p->now.pool_fte[pl] == 0);
    /* the information slider sits in the information box */
    SDL_Rect ri = L.p[0].pool_slider[BB_STAGE_INFORMATION], bi = L.p[0].box[VZ_BOX_INFO];
    assert_true(ri.x >= bi.x && ri.x + ri.w <= bi.x + bi.w && ri.y + ri.h <= bi.y + bi.h);
    /* the selected pool's knob is drawn filled where the layout put it */
    SDL_Surface *sf = vz_offscreen_draw(&f->off, a);
    assert_non_null(sf);
    assert_int_equal(px(sf, r.x, r.y + r.h / 2), VZ_C_EVENT);
    /* bad arguments are refused */
    assert_int_equal(vz_app_set_pool_fte(a, 0, BB_POOLS, 10), -1);
    assert_int_equal(vz_app_set_pool_fte(a, 0, -1, 10), -1);
    assert_int_equal(vz_app_set_pool_fte(a, 1, 0, 10), -1);
}

static void test_restart(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    a->at_once = 1;
    vz_app_run_to(a, 24 * 365.0);
    double fte0 = a->pan[0].fte0[0];
    double before = model_fte(a, 0, 0);
    double target = vz_target_fte(&a->pan[0].now, -1, 0);
    assert_int_equal(vz_app_set_fte(a, 0, 0, target + 50), 0);
    tu_assert_near(model_fte(a, 0, 0), before + 50, 1e-9);
    assert_true(a->pan[0].hist.n > 50);
    assert_non_null(a->pan[0].ghost); /* the run without the change */
    key(a, SDLK_HOME, NULL);
    assert_true(vz_app_now(a) == 0);
    assert_true(bb_sim_now(a->pan[0].sim) == 0);
    assert_int_equal(a->pan[0].hist.n, 1);
    assert_int_equal(a->pan[0].nchg, 0);
    assert_null(a->pan[0].ghost);
    assert_true(model_fte(a, 0, 0) == fte0);
    (void)target;
    /* the same seed gives the same run again */
    vz_app_run_to(a, 24 * 200.0);
    bb_state s1 = a->pan[0].now;
    key(a, SDLK_HOME, NULL);
    vz_app_run_to(a, 24 * 200.0);
    assert_memory_equal(&a->pan[0].now, &s1, sizeof s1);
}

static void test_toggles(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    int act;
    /* one scenario: 2 and B cannot show a B */
    key(a, SDLK_2, &act);
    assert_int_equal(a->show, VZ_SHOW_A);
    assert_true(a->toast[0] != 0);
    key(a, SDLK_b, &act);
    assert_int_equal(a->show, VZ_SHOW_A);
    key(a, SDLK_l, &act);
    assert_int_equal(a->lang, 1);
    key(a, SDLK_l, &act);
    assert_int_equal(a->lang, 0);
    key(a, SDLK_SLASH, &act);
    assert_true(a->help);
    SDL_Surface *s = vz_offscreen_draw(&f->off, a);
    SDL_Rect mid = {W / 2 - 50, H / 2 - 20, 100, 40};
    assert_true(count_rgb(s, mid, VZ_C_BG) > 100); /* the help box is white */
    key(a, SDLK_ESCAPE, &act);
    assert_false(a->help);
    assert_int_equal(act, 0);
    key(a, SDLK_ESCAPE, &act);
    assert_int_equal(act, VZ_ACT_QUIT);
    key(a, SDLK_f, &act);
    assert_int_equal(act, VZ_ACT_FULLSCREEN);
    key(a, SDLK_s, &act);
    assert_int_equal(act, VZ_ACT_SAVE);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_QUIT;
    assert_int_equal(vz_app_event(a, &e), VZ_ACT_QUIT);
}

static void test_two_scenarios_keys(void **state)
{
    fx *f = *state;
    vz_app *a = &f->a;
    int idx[2];
    key(a, SDLK_2, NULL);
    assert_int_equal(vz_app_visible(a, idx), 1);
    assert_int_equal(idx[0], 1);
    key(a, SDLK_b, NULL);
    assert_int_equal(vz_app_visible(a, idx), 2);
    key(a, SDLK_1, NULL);
    assert_int_equal(vz_app_visible(a, idx), 1);
    assert_int_equal(idx[0], 0);
    /* both sims run in lockstep on one clock */
    vz_app_run_to(a, 24 * 50.0);
    assert_true(a->pan[0].now.t == a->pan[1].now.t);
    assert_int_equal(a->pan[0].now.arrived, a->pan[1].now.arrived); /* same seed */
    /* an FTE change in B leaves A alone (through the pipeline: the
     * target grows, capacity later) */
    key(a, SDLK_2, NULL);
    for (int i = 0; i < BB_POOLS + 1; i++) /* past the pools to provider 0 */
        key(a, SDLK_TAB, NULL);
    assert_int_equal(a->sel_prov, 0);
    key(a, SDLK_UP, NULL);
    assert_true(vz_target_fte(&a->pan[1].now, -1, 0) > vz_target_fte(&a->pan[0].now, -1, 0));
    assert_true(model_fte(a, 1, 0) == model_fte(a, 0, 0));
    assert_int_equal(a->pan[0].nchg, 0);
    assert_int_equal(a->pan[1].nchg, 1);
}

/* Through a whole run with investments, every slider keeps room for the
 * provider's capacity (scheduled growth widens it), and keys never lower
 * an FTE that already exceeds the slider's old end. */
static void test_sliders_follow_growth(void **state)
{
    (void)state;
    bb_scenario *s = NULL;
    bb_errors e;
    bb_errors_init(&e);
    assert_int_equal(bb_scenario_load("scenarios/offensief-2020.cfg", NULL, 0, &s, &e), BB_OK);
    bb_errors_free(&e);
    vz_app a;
    assert_int_equal(vz_app_init(&a, s, NULL, 1, 0), 0);
    double start_max[BB_MAX_PROVIDERS];
    for (int i = 0; i < a.pan[0].now.n_providers; i++)
        start_max[i] = a.pan[0].slider_max[i];
    int widened = 0;
    for (double t = 0; t <= vz_app_horizon(&a); t += 24 * 91.0) {
        vz_app_run_to(&a, t);
        for (int i = 0; i < a.pan[0].now.n_providers; i++) {
            assert_true(a.pan[0].slider_max[i] >= a.pan[0].now.prov_capacity[i]);
            widened |= a.pan[0].slider_max[i] > start_max[i];
        }
        for (int i = 0; i < BB_POOLS; i++)
            assert_true(a.pan[0].pool_max[i] >= a.pan[0].now.pool_fte[i]);
    }
    assert_true(widened); /* the 2020 package outgrows a starting slider */
    for (int i = 0; i < a.pan[0].now.n_providers; i++) {
        a.sel_prov = i;
        double before = vz_target_fte(&a.pan[0].now, -1, i);
        key(&a, SDLK_UP, NULL);
        assert_true(vz_target_fte(&a.pan[0].now, -1, i) >= before);
    }
    vz_app_free(&a);
    bb_scenario_free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_title_not_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_rises_with_series, setup, teardown),
        cmocka_unit_test_setup_teardown(test_side_by_side, setup_two, teardown),
        cmocka_unit_test_setup_teardown(test_hover_guide, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeline_hover, setup, teardown),
        cmocka_unit_test_setup_teardown(test_png, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pause_stops_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_week_step_and_speed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fte_keys_change_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slider_drag_changes_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pool_sliders_change_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_toggles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_scenarios_keys, setup_two, teardown),
        cmocka_unit_test(test_sliders_follow_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
