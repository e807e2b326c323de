/*
 * test_viz_replay.c - going back in time and the changes made in the
 * view: the scrubber (a click or drag on the time axis) runs the sims
 * again on the same streams and gives the same state as a straight run
 * to that date, with or without changes; a change goes through the
 * pipeline (its first FTE arrive later, a second mark on the axis) or
 * at once; undo takes back the last change; the ghost run is the run
 * without the changes; the title says "gewijzigd"; the bands of
 * replications in the background are the same for any number of threads;
 * a video through ffmpeg when it is installed.
 */
#include "testutil.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <sys/stat.h>

#include "app.h"
#include "bands.h"
#include "chart.h"
#include "draw.h"
#include "layout.h"
#include "timeline.h"
#include "video.h"

#define BASE "scenarios/baseline-2019.cfg"
#define OFF "scenarios/offensief-2020.cfg"
#define DAY 24.0

static bb_scenario *load(const char *path)
{
    bb_scenario *s = NULL;
    bb_errors e;
    bb_errors_init(&e);
    int rc = bb_scenario_load(path, NULL, 0, &s, &e);
    bb_errors_free(&e);
    assert_int_equal(rc, BB_OK);
    return s;
}

/* A fresh app on s (and B) run straight to t, with one change at t0 of
 * provider prov to `to` (t0 < 0: none). */
static void straight(vz_app *a, const bb_scenario *s, const bb_scenario *b, double t0, int prov,
                     double to, double t)
{
    assert_int_equal(vz_app_init(a, s, b, 1, 0), 0);
    if (t0 >= 0) {
        vz_app_run_to(a, t0);
        assert_int_equal(vz_app_set_fte(a, 0, prov, to), 0);
    }
    vz_app_run_to(a, t);
}

static void same_panel(const vz_panel *x, const vz_panel *y)
{
    assert_memory_equal(&x->now, &y->now, sizeof x->now);
    assert_int_equal(x->hist.n, y->hist.n);
    assert_memory_equal(x->hist.s, y->hist.s, (size_t)x->hist.n * sizeof x->hist.s[0]);
}

/* Back to a date: the same state and history as a straight run there. */
static void test_seek_back_same_state(void **st)
{
    (void)st;
    bb_scenario *s = load(OFF), *b = load(BASE);
    static vz_app a, r;
    straight(&a, s, b, -1, 0, 0, 1500 * DAY);
    assert_int_equal(vz_app_seek(&a, 700 * DAY), BB_RUN_MORE);
    straight(&r, s, b, -1, 0, 0, 700 * DAY);
    same_panel(&a.pan[0], &r.pan[0]);
    same_panel(&a.pan[1], &r.pan[1]);
    /* and forward again from there: as a straight run */
    vz_app_run_to(&a, 1100 * DAY);
    vz_app_run_to(&r, 1100 * DAY);
    same_panel(&a.pan[0], &r.pan[0]);
    vz_app_free(&a);
    vz_app_free(&r);

    /* with a change before the date it comes again; after the date it
     * is kept and made again when the clock passes it */
    straight(&a, s, NULL, 400 * DAY, 0, 300, 1500 * DAY);
    vz_app_seek(&a, 900 * DAY);
    straight(&r, s, NULL, 400 * DAY, 0, 300, 900 * DAY);
    same_panel(&a.pan[0], &r.pan[0]);
    assert_int_equal(a.pan[0].nchg, 1);
    vz_app_seek(&a, 200 * DAY);
    assert_int_equal(a.pan[0].nchg, 1);
    assert_int_equal(a.pan[0].chg_next, 0); /* not yet */
    vz_app_run_to(&a, 900 * DAY);
    same_panel(&a.pan[0], &r.pan[0]);
    vz_app_free(&a);
    vz_app_free(&r);
    bb_scenario_free(s);
    bb_scenario_free(b);
}

/* The scrubber with the mouse: backward the view shows the recorded past
 * while dragging and runs again when let go; forward it runs on. */
static void test_scrubber_mouse(void **st)
{
    (void)st;
    bb_scenario *s = load(OFF);
    static vz_app a, r;
    straight(&a, s, NULL, -1, 0, 0, 2000 * DAY);
    a.w = 1920;
    a.h = 1080;
    vz_layout L;
    vz_app_layout(&a, a.w, a.h, &L);
    int x0, x1, ay;
    vz_timeline_axis(&L, &x0, &x1, &ay);
    double t1 = vz_app_horizon(&a);
    int xa = (int)lround(vz_scale(1000 * DAY, 0, t1, x0, x1));
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = xa;
    e.button.y = ay;
    vz_app_event(&a, &e);
    assert_true(a.scrub);
    double tp = a.preview_t;
    assert_true(tp > 990 * DAY && tp < 1010 * DAY);
    assert_true(vz_app_now(&a) == 2000 * DAY); /* not run yet */
    /* what is drawn: the recorded state at that date */
    vz_app tmp;
    const vz_app *v = vz_app_view(&a, &tmp);
    assert_ptr_equal(v, &tmp);
    assert_true(v->pan[0].now.t <= tp && v->pan[0].now.t > tp - 168.0);
    e.type = SDL_MOUSEBUTTONUP;
    vz_app_event(&a, &e);
    assert_false(a.scrub);
    assert_true(a.preview_t < 0);
    tu_assert_near(vz_app_now(&a), tp, 1e-9);
    straight(&r, s, NULL, -1, 0, 0, tp);
    same_panel(&a.pan[0], &r.pan[0]);
    /* forward: a click further on runs on to there */
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.x = (int)lround(vz_scale(1500 * DAY, 0, t1, x0, x1));
    vz_app_event(&a, &e);
    assert_true(vz_app_now(&a) > 1490 * DAY && a.preview_t < 0);
    e.type = SDL_MOUSEBUTTONUP;
    vz_app_event(&a, &e);
    /* the left arrow: a week back */
    double now = vz_app_now(&a);
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_LEFT;
    vz_app_event(&a, &e);
    tu_assert_near(vz_app_now(&a), now - 168.0, 1e-9);
    vz_app_free(&a);
    vz_app_free(&r);
    bb_scenario_free(s);
}

/* Through the pipeline: the target grows now, the capacity when the
 * first FTE are trained, and that date is a second mark on the axis. */
static void test_change_through_pipeline(void **st)
{
    (void)st;
    bb_scenario *s = load(OFF);
    static vz_app a;
    assert_int_equal(vz_app_init(&a, s, NULL, 1, 0), 0);
    vz_app_run_to(&a, 400 * DAY);
    vz_panel *p = &a.pan[0];
    double cap = p->now.prov_capacity[0], target = vz_target_fte(&p->now, -1, 0);
    assert_int_equal(vz_app_set_fte(&a, 0, 0, target + 40), 0);
    assert_true(p->now.prov_capacity[0] == cap); /* not yet */
    tu_assert_near(vz_target_fte(&p->now, -1, 0), target + 40, 1e-9);
    assert_true(p->chg[0].inv >= 0);
    assert_true(bb_sim_invest_arrival(p->sim, p->chg[0].inv) < 0);
    /* the title says it is changed, and a ghost runs the scenario as it was */
    char t[200];
    vz_panel_title(t, sizeof t, p, 0);
    assert_non_null(strstr(t, "(gewijzigd)"));
    assert_non_null(strstr(t, "Offensief 2020"));
    assert_non_null(p->ghost);
    /* DKDB: 13-26 weeks to recruit, 104-130 to train */
    vz_app_run_to(&a, 1600 * DAY);
    double arr = bb_sim_invest_arrival(p->sim, p->chg[0].inv);
    assert_true(arr >= 400 * DAY + 117 * 168.0 && arr <= 400 * DAY + 156 * 168.0);
    assert_true(p->now.prov_capacity[0] > p->ghost_now.prov_capacity[0]);
    /* on the time axis: the change and its arrival */
    static tl_story S;
    int idx[2] = {0, 0};
    tl_story_build(&S, &a, idx, 1, 0);
    int change = 0, arrival = 0;
    for (int i = 0; i < S.nev; i++) {
        if (S.ev[i].kind == 'u' && strstr(S.ev[i].text, "DKDB"))
            change = 1;
        if (S.ev[i].kind == 'a' && strstr(S.ev[i].text, "DKDB") && fabs(S.ev[i].t - arr) < 1e-6)
            arrival = 1;
    }
    assert_true(change && arrival);
    /* the scenario's own investments have their arrivals too */
    int pkg = 0;
    for (int i = 0; i < S.nev; i++)
        pkg += S.ev[i].kind == 'a' && strstr(S.ev[i].text, "Teams B&B 1-4") != NULL;
    assert_int_equal(pkg, 1);
    vz_app_free(&a);
    bb_scenario_free(s);
}

/* Undo takes back the last change: the same run as without it, which is
 * also what the ghost showed. */
static void test_undo_and_ghost(void **st)
{
    (void)st;
    bb_scenario *s = load(OFF);
    static vz_app a, r;
    assert_int_equal(vz_app_init(&a, s, NULL, 1, 0), 0);
    vz_app_run_to(&a, 300 * DAY);
    assert_int_equal(vz_app_set_fte(&a, 0, 1, 10), 0);
    vz_app_run_to(&a, 500 * DAY);
    assert_int_equal(vz_app_set_pool_fte(&a, 0, BB_STAGE_INFORMATION, 10), 0);
    vz_app_run_to(&a, 800 * DAY);
    straight(&r, s, NULL, -1, 0, 0, 800 * DAY);
    /* the ghost is the unchanged run */
    assert_memory_equal(&a.pan[0].ghost_now, &r.pan[0].now, sizeof r.pan[0].now);
    assert_int_equal(a.pan[0].ghost_hist.n, r.pan[0].hist.n);
    /* undo the pool change: as if only the provider had changed */
    assert_int_equal(vz_app_undo(&a), 0);
    assert_int_equal(a.pan[0].nchg, 1);
    vz_app_free(&r);
    straight(&r, s, NULL, 300 * DAY, 1, 10, 800 * DAY);
    same_panel(&a.pan[0], &r.pan[0]);
    /* and the other: as if nothing had changed */
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_u;
    vz_app_event(&a, &e);
    assert_int_equal(a.pan[0].nchg, 0);
    assert_null(a.pan[0].ghost);
    vz_app_free(&r);
    straight(&r, s, NULL, -1, 0, 0, 800 * DAY);
    same_panel(&a.pan[0], &r.pan[0]);
    char t[200];
    vz_panel_title(t, sizeof t, &a.pan[0], 0);
    assert_null(strstr(t, "gewijzigd"));
    /* nothing left to undo */
    assert_int_equal(vz_app_undo(&a), -1);
    vz_app_event(&a, &e);
    assert_true(a.toast[0] != 0);
    vz_app_free(&a);
    vz_app_free(&r);
    bb_scenario_free(s);
}

/* Bands: the same for one thread or two; the median between the 5th and
 * 95th percentiles. */
static void test_bands(void **st)
{
    (void)st;
    bb_scenario *s = load(BASE);
    vz_bands *b1 = vz_bands_start(s, NULL, 1, 4, 1), *b2 = vz_bands_start(s, NULL, 1, 4, 2);
    assert_non_null(b1);
    assert_non_null(b2);
    vz_bands_wait(b1);
    vz_bands_wait(b2);
    assert_int_equal(vz_bands_state(b1, NULL, 0), 1);
    assert_int_equal(vz_bands_state(b2, NULL, 0), 1);
    assert_int_equal(vz_bands_done(b1), 4);
    for (int c = 0; c < VZ_CHARTS; c++) {
        const double *t1, *t2;
        const float *lo1, *mid1, *hi1, *lo2, *mid2, *hi2;
        int n1 = vz_bands_series(b1, 0, c, &t1, &lo1, &mid1, &hi1);
        int n2 = vz_bands_series(b2, 0, c, &t2, &lo2, &mid2, &hi2);
        assert_true(n1 > 400);
        assert_int_equal(n1, n2);
        assert_memory_equal(lo1, lo2, (size_t)n1 * sizeof *lo1);
        assert_memory_equal(hi1, hi2, (size_t)n1 * sizeof *hi1);
        for (int i = 0; i < n1; i++)
            if (!isnan(mid1[i]))
                assert_true(lo1[i] <= mid1[i] && mid1[i] <= hi1[i]);
        tu_assert_near(t1[1] - t1[0], 168.0, 1e-9);
    }
    const double *t;
    const float *lo, *mid, *hi;
    assert_int_equal(vz_bands_series(b1, 1, 0, &t, &lo, &mid, &hi), 0); /* no B */
    vz_bands_free(b1);
    vz_bands_free(b2);
    /* freed while running: stops */
    vz_bands_free(vz_bands_start(s, NULL, 1, 50, 1));
    bb_scenario_free(s);
}

/* --video: an MP4 when ffmpeg is there; otherwise the message says how
 * to get it. */
static void test_video(void **st)
{
    (void)st;
    char exe[4096], err[512] = "";
    vz_video v;
    char *path = tu_write_tmp("v.mp4", "");
    remove(path);
    if (vz_video_find(exe, sizeof exe) != 0) {
        assert_int_equal(vz_video_open(&v, path, 320, 240, 30, err, sizeof err), -1);
        assert_non_null(strstr(err, "apt-get install ffmpeg"));
        free(path);
        return;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 321, 241, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_int_equal(vz_video_open(&v, path, 321, 241, 30, err, sizeof err), 0);
    for (int i = 0; i < 10; i++) {
        SDL_FillRect(s, NULL, SDL_MapRGB(s->format, (Uint8)(i * 20), 100, 200));
        assert_int_equal(vz_video_frame(&v, s, err, sizeof err), 0);
    }
    assert_int_equal(vz_video_close(&v, 1, err, sizeof err), 0);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 500);
    remove(path);
    SDL_FreeSurface(s);
    free(path);
}

int main(void)
{
    gsl_set_error_handler_off();
    if (TTF_Init() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seek_back_same_state),
        cmocka_unit_test(test_scrubber_mouse),
        cmocka_unit_test(test_change_through_pipeline),
        cmocka_unit_test(test_undo_and_ghost),
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_video),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    TTF_Quit();
    return rc;
}
