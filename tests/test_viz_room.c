/*
 * test_viz_room.c - the room view has nothing cut: every shipped
 * scenario, alone and beside the baseline, drawn in the room layout at
 * 1024x768, 1280x720 and 1920x1080 at dates through the run, draws every
 * label whole (no ellipsis, no legend entry left out, no text fitted
 * below the room's smallest size: vz_gfx_cuts), and the caption of
 * every date's events fits its lines at those widths. Under valgrind
 * (BB_RUNNER set by make valgrind) one scenario at one size.
 */
#include "testutil.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <gsl/gsl_errno.h>

#include "app.h"
#include "bands.h"
#include "draw.h"
#include "layout.h"
#include "timeline.h"

static const char *const SCEN[] = {
    "scenarios/baseline-2019.cfg", "scenarios/offensief-2020.cfg",
    "scenarios/national-unit-2022.cfg", "scenarios/shock-2025.cfg", "scenarios/marengo.cfg",
};
#define NSCEN ((int)(sizeof SCEN / sizeof SCEN[0]))
static const int SIZE[][2] = {{1024, 768}, {1280, 720}, {1920, 1080}};
#define NSIZE 3
static const char *const DATES[] = {"2019-10-01", "2020-08-01", "2022-06-01", "2025-06-01"};
#define NDATES 4

static int quick(void) { return getenv("BB_RUNNER") && *getenv("BB_RUNNER"); }

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

/* Draw a at every size in both languages; nothing may be cut. */
static void draw_all(vz_app *a, vz_offscreen *off, int nsize, const char *what, const char *date)
{
    for (int k = 0; k < nsize; k++) {
        vz_offscreen *o = &off[k];
        a->w = SIZE[k][0];
        a->h = SIZE[k][1];
        for (int lang = 0; lang < 2; lang++) {
            a->lang = lang;
            vz_offscreen_draw(o, a);
            const char *cut;
            int n = vz_gfx_cuts(o->g, &cut);
            if (n)
                fail_msg("%s, %dx%d, %s, %s: %d cut, the first \"%s\"", what, SIZE[k][0],
                         SIZE[k][1], date, lang ? "en" : "nl", n, cut);
            /* the caption of every date fits its lines */
            vz_layout L;
            vz_app_layout(a, a->w, a->h, &L);
            static tl_story S;
            int idx[2];
            int np = vz_app_visible(a, idx);
            tl_story_build(&S, a, idx, np, lang);
            for (int gi = 0; gi < S.ng; gi++) {
                char lines[4][256];
                int need = tl_caption(o->g, &L, &S, gi, np == 2, lang, L.timeline.w, lines, 4);
                if (need > L.caption_lines)
                    fail_msg("%s, %dx%d, %s: the caption of \"%s\" needs %d lines", what,
                             SIZE[k][0], SIZE[k][1], lang ? "en" : "nl", S.ev[S.g[gi].first].text,
                             need);
            }
        }
    }
    a->lang = 0;
}

static void run_dates(vz_app *a, vz_offscreen *off, int nsize, int ndates, const char *what)
{
    int d0 = bb_scenario_start_day(a->pan[0].sc);
    for (int i = 0; i < ndates; i++) {
        int d;
        assert_int_equal(bb_date_parse(DATES[i], &d), 0);
        vz_app_run_to(a, (d - d0) * 24.0);
        draw_all(a, off, nsize, what, DATES[i]);
    }
    vz_app_run_to(a, vz_app_horizon(a));
    draw_all(a, off, nsize, what, "the end");
}

static void test_room_nothing_cut(void **st)
{
    (void)st;
    int nscen = quick() ? 2 : NSCEN, nsize = quick() ? 1 : NSIZE, ndates = quick() ? 1 : NDATES;
    vz_offscreen off[NSIZE];
    char err[256];
    for (int k = 0; k < nsize; k++)
        assert_int_equal(vz_offscreen_open(&off[k], SIZE[k][0], SIZE[k][1], err, sizeof err), 0);
    bb_scenario *base = load(SCEN[0]);
    for (int i = 0; i < nscen; i++) {
        bb_scenario *s = i ? load(SCEN[i]) : base;
        static vz_app a;
        /* alone */
        assert_int_equal(vz_app_init(&a, s, NULL, 1, 0), 0);
        a.room = 1;
        a.still = 1;
        run_dates(&a, off, nsize, ndates, SCEN[i]);
        vz_app_free(&a);
        /* beside the baseline */
        if (i > 0) {
            assert_int_equal(vz_app_init(&a, base, s, 1, 0), 0);
            a.room = 1;
            a.still = 1;
            a.show = VZ_SHOW_BOTH;
            run_dates(&a, off, nsize, ndates, SCEN[i]);
            vz_app_free(&a);
        }
        if (i)
            bb_scenario_free(s);
    }
    bb_scenario_free(base);
    for (int k = 0; k < nsize; k++)
        vz_offscreen_close(&off[k]);
}

/* In a window (not a still), with everything that adds to the legends:
 * a change made (title "gewijzigd", the ghost), a provider chosen (the
 * capacity chart of one provider), bands over replications; alone and
 * beside the baseline, at every size. */
static void test_room_window_changed(void **st)
{
    (void)st;
    bb_scenario *s = load(SCEN[1]), *base = load(SCEN[0]);
    static vz_app a;
    for (int two = 0; two < 2; two++) {
        assert_int_equal(vz_app_init(&a, two ? base : s, two ? s : NULL, 1, 0), 0);
        a.room = 1;
        if (two)
            a.show = VZ_SHOW_BOTH;
        a.bands = quick() ? NULL : vz_bands_start(a.pan[0].sc, two ? s : NULL, 1, 3, 2);
        if (a.bands)
            vz_bands_wait(a.bands);
        vz_app_run_to(&a, 600 * 24.0);
        assert_int_equal(vz_app_set_fte(&a, two, 4, 200), 0);
        a.sel_panel = two;
        a.sel_prov = 0;
        vz_app_run_to(&a, 1300 * 24.0);
        for (int k = 0; k < (quick() ? 1 : NSIZE); k++) {
            vz_offscreen o;
            char err[256];
            assert_int_equal(vz_offscreen_open(&o, SIZE[k][0], SIZE[k][1], err, sizeof err), 0);
            a.w = SIZE[k][0];
            a.h = SIZE[k][1];
            for (int lang = 0; lang < 2; lang++) {
                a.lang = lang;
                vz_offscreen_draw(&o, &a);
                const char *cut;
                int n = vz_gfx_cuts(o.g, &cut);
                if (n)
                    fail_msg("%s, %dx%d, %s: %d cut, the first \"%s\"", two ? "A/B" : "alone",
                             SIZE[k][0], SIZE[k][1], lang ? "en" : "nl", n, cut);
            }
            vz_offscreen_close(&o);
        }
        vz_app_free(&a);
    }
    bb_scenario_free(s);
    bb_scenario_free(base);
}

int main(void)
{
    gsl_set_error_handler_off();
    if (TTF_Init() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_room_nothing_cut),
        cmocka_unit_test(test_room_window_changed),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    TTF_Quit();
    return rc;
}
