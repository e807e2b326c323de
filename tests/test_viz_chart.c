/*
 * test_viz_chart.c - the view's pure parts: axis ticks (1, 2, 5 x 10^k,
 * 4-8 of them), date ticks (months or years), scaling, number and date
 * formats in Dutch and English, and the layout (type sizes, no overlaps,
 * everything inside the window).
 */
#include "testutil.h"

#include <math.h>

#include "chart.h"
#include "labels.h"
#include "layout.h"

static int is_125(double step)
{
    double e = floor(log10(step) + 1e-9);
    double m = step / pow(10.0, e);
    return fabs(m - 1) < 1e-6 || fabs(m - 2) < 1e-6 || fabs(m - 5) < 1e-6;
}

static void test_nice_ticks_example(void **st)
{
    (void)st;
    vz_ticks t;
    assert_int_equal(vz_nice_ticks(0, 5327, 4, 8, 0, &t), 7);
    tu_assert_near(t.step, 1000, 1e-9);
    assert_true(t.lo == 0);
    tu_assert_near(t.hi, 6000, 1e-9);
    assert_int_equal(t.decimals, 0);
    vz_nice_ticks(0, 0.37, 4, 8, 0, &t);
    assert_true(fabs(t.step - 0.05) < 1e-12 || fabs(t.step - 0.1) < 1e-12);
    assert_true(t.decimals >= 1);
}

static void test_nice_ticks_many(void **st)
{
    (void)st;
    /* over 15 decades and awkward values, for any room from 4 to 8 ticks:
     * always 4-8 round ticks covering the data */
    for (double hi = 1e-4; hi < 1e11; hi *= 1.137) {
        for (int k = 0; k < 10; k++) {
            int integer = k % 2, maxn = 4 + k / 2;
            vz_ticks t;
            int n = vz_nice_ticks(0, hi, 4, maxn, integer, &t);
            assert_int_equal(n, t.n);
            assert_true(n >= 4 && n <= 8);
            assert_true(is_125(t.step));
            assert_true(t.v[0] <= 0 + 1e-12);
            assert_true(t.v[n - 1] >= hi * (1 - 1e-12));
            if (integer)
                assert_true(t.step >= 1);
            for (int i = 1; i < n; i++)
                tu_assert_near(t.v[i] - t.v[i - 1], t.step, t.step * 1e-9);
        }
    }
}

static void test_nice_ticks_flat_and_negative(void **st)
{
    (void)st;
    vz_ticks t;
    int n = vz_nice_ticks(0, 0, 4, 8, 1, &t); /* empty chart of counts */
    assert_true(n >= 4 && n <= 8);
    assert_true(t.step >= 1);
    n = vz_nice_ticks(0, 0, 4, 8, 0, &t);
    assert_true(n >= 4 && n <= 8 && t.hi > 0);
    n = vz_nice_ticks(-30, 70, 4, 8, 0, &t);
    assert_true(n >= 4 && n <= 8 && t.lo <= -30 && t.hi >= 70);
    n = vz_nice_ticks(0, NAN, 4, 8, 0, &t);
    assert_true(n >= 4 && n <= 8);
}

static void test_nice_ceil(void **st)
{
    (void)st;
    assert_true(vz_nice_ceil(0.7) == 1);
    assert_true(vz_nice_ceil(1) == 1);
    assert_true(vz_nice_ceil(1.2) == 2);
    assert_true(vz_nice_ceil(3) == 5);
    assert_true(vz_nice_ceil(7) == 10);
    assert_true(vz_nice_ceil(4500) == 5000);
    assert_true(vz_nice_ceil(0) == 1);
}

static int day_of(const char *s)
{
    int d = 0;
    assert_int_equal(bb_date_parse(s, &d), 0);
    return d;
}

static void check_first_of_month(const vz_dateticks *t, int d0, int d1)
{
    for (int i = 0; i < t->n; i++) {
        char buf[16];
        bb_date_format(t->day[i], buf);
        assert_string_equal(buf + 8, "01");
        assert_true(t->day[i] >= d0 && t->day[i] <= d1);
        if (i)
            assert_true(t->day[i] > t->day[i - 1]);
    }
}

static void test_date_ticks_years(void **st)
{
    (void)st;
    int d0 = day_of("2019-01-01"), d1 = day_of("2027-01-01");
    vz_dateticks t;
    /* 9 yearly ticks are too many for 8: every two years, on even years */
    assert_int_equal(vz_date_ticks(d0, d1, 8, &t), 4);
    assert_int_equal(t.step_months, 24);
    assert_int_equal(t.day[0], day_of("2020-01-01"));
    assert_int_equal(t.day[3], day_of("2026-01-01"));
    check_first_of_month(&t, d0, d1);
    /* with room for 16: every year */
    assert_int_equal(vz_date_ticks(d0, d1, 16, &t), 9);
    assert_int_equal(t.step_months, 12);
    check_first_of_month(&t, d0, d1);
}

static void test_date_ticks_months(void **st)
{
    (void)st;
    int d0 = day_of("2022-01-01"), d1 = day_of("2022-07-01");
    vz_dateticks t;
    assert_int_equal(vz_date_ticks(d0, d1, 8, &t), 7);
    assert_int_equal(t.step_months, 1);
    check_first_of_month(&t, d0, d1);
    /* three years: half years */
    d0 = day_of("2019-01-01");
    d1 = day_of("2022-01-01");
    vz_date_ticks(d0, d1, 8, &t);
    assert_int_equal(t.step_months, 6);
    assert_int_equal(t.n, 7);
    check_first_of_month(&t, d0, d1);
    /* a start in mid-month: the first tick is the next first of a month */
    d0 = day_of("2022-03-15");
    d1 = day_of("2022-09-30");
    vz_date_ticks(d0, d1, 8, &t);
    assert_int_equal(t.day[0], day_of("2022-04-01"));
    assert_true(t.n >= 4 && t.n <= 8);
    check_first_of_month(&t, d0, d1);
}

static void test_scale(void **st)
{
    (void)st;
    assert_true(vz_scale(5, 0, 10, 100, 200) == 150);
    assert_true(vz_scale(10, 0, 10, 500, 100) == 100); /* y grows upward */
    assert_true(vz_scale(0, 0, 10, 500, 100) == 500);
    assert_true(vz_scale(3, 2, 2, 40, 80) == 40);     /* zero-width domain */
    for (double v = -5; v < 20; v += 0.7)
        tu_assert_near(vz_unscale(vz_scale(v, 1, 9, 30, 700), 1, 9, 30, 700), v, 1e-9);
    assert_int_equal(vz_ticks_for(1000, 50), 8);
    assert_int_equal(vz_ticks_for(100, 50), 4);
    assert_int_equal(vz_ticks_for(250, 50), 6);
}

static void test_nearest(void **st)
{
    (void)st;
    struct s {
        double t;
        int other[3];
    } a[5] = {{0, {0}}, {10, {0}}, {20, {0}}, {30, {0}}, {40, {0}}};
    assert_int_equal(vz_nearest(&a[0].t, sizeof a[0], 5, -3), 0);
    assert_int_equal(vz_nearest(&a[0].t, sizeof a[0], 5, 14), 1);
    assert_int_equal(vz_nearest(&a[0].t, sizeof a[0], 5, 16), 2);
    assert_int_equal(vz_nearest(&a[0].t, sizeof a[0], 5, 99), 4);
    assert_int_equal(vz_nearest(&a[0].t, sizeof a[0], 0, 1), -1);
}

static void test_numbers(void **st)
{
    (void)st;
    char b[64];
    vz_fmt_num(b, sizeof b, 1234567.891, 1, VZ_NL);
    assert_string_equal(b, "1.234.567,9");
    vz_fmt_num(b, sizeof b, 1234567.891, 1, VZ_EN);
    assert_string_equal(b, "1,234,567.9");
    vz_fmt_num(b, sizeof b, -12345, 0, VZ_NL);
    assert_string_equal(b, "-12.345");
    vz_fmt_num(b, sizeof b, 999, 0, VZ_NL);
    assert_string_equal(b, "999");
    vz_fmt_num(b, sizeof b, 999.6, 0, VZ_EN);
    assert_string_equal(b, "1,000");
    vz_fmt_num(b, sizeof b, -0.04, 1, VZ_NL);
    assert_string_equal(b, "0,0");
    vz_fmt_pct(b, sizeof b, 0.8304, VZ_NL);
    assert_string_equal(b, "83,0%");
    vz_fmt_money(b, sizeof b, 54.0e6, VZ_NL);
    assert_string_equal(b, "\xe2\x82\xac 54,0 mln");
    vz_fmt_money(b, sizeof b, 1.234e9, VZ_EN);
    assert_string_equal(b, "\xe2\x82\xac" "1.23 bn");
}

static void test_dates_and_words(void **st)
{
    (void)st;
    char b[64];
    vz_fmt_date_long(b, sizeof b, day_of("2022-06-01"), VZ_NL);
    assert_string_equal(b, "1 juni 2022");
    vz_fmt_date_long(b, sizeof b, day_of("2022-06-01"), VZ_EN);
    assert_string_equal(b, "1 June 2022");
    vz_fmt_date_tick(b, sizeof b, day_of("2022-03-01"), 1, VZ_NL);
    assert_string_equal(b, "mrt");
    vz_fmt_date_tick(b, sizeof b, day_of("2022-01-01"), 1, VZ_NL);
    assert_string_equal(b, "2022");
    vz_fmt_speed(b, sizeof b, 8766, VZ_NL);
    assert_string_equal(b, "1 jaar/s");
    vz_fmt_speed(b, sizeof b, 168, VZ_EN);
    assert_string_equal(b, "1 week/s");
    vz_fmt_speed(b, sizeof b, 8766.0 / 4, VZ_NL);
    assert_string_equal(b, "3 maanden/s");
    assert_string_equal(vz_tr(VZ_NL, T_WAITING), "Onbeveiligd wachtend");
    assert_string_equal(vz_tr(VZ_NL, T_BORROWED), "Basisteams (geleend)");
    /* every label exists in both languages */
    for (int i = 0; i < T_COUNT; i++) {
        assert_true(vz_tr(VZ_NL, i)[0] != 0);
        assert_true(vz_tr(VZ_EN, i)[0] != 0);
    }
    vz_provider_short(b, sizeof b, "teams_bb", "Police B&B teams", VZ_NL);
    assert_string_equal(b, "Teams B&B");
    vz_provider_short(b, sizeof b, "other", "Some unit (with a note)", VZ_NL);
    assert_string_equal(b, "Some unit");
}

static int overlap(SDL_Rect a, SDL_Rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static int inside(SDL_Rect in, SDL_Rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

static void check_layout(int w, int h, int np, int room)
{
    int nprov[2] = {7, 7};
    vz_layout L;
    vz_layout_compute(&L, w, h, np, nprov, room);
    SDL_Rect win = {0, 0, w, h};
    assert_true(L.line >= 3);
    if (room) {
        /* no text under 28 px at 1080 lines, the same share of any height
         * (by the width for views narrower than 4:3) */
        double floor = 28.0 * fmin(h / 1080.0, w / 1440.0);
        assert_true(L.room);
        assert_true(L.fs_min >= (int)lround(floor));
        assert_true(L.fs_tick >= L.fs_min && L.fs_label >= L.fs_min &&
                    L.fs_number >= L.fs_min && L.fs_title >= L.fs_min);
    } else {
        assert_true(L.fs_tick >= 16 && L.fs_label >= 16 && L.fs_number >= 16 && L.fs_title >= 16);
    }
    assert_int_equal(L.npanels, np);
    assert_true(inside(L.timeline, win));
    assert_true(inside(L.title, win));
    assert_false(overlap(L.title, L.timeline));
    if (np == 2) {
        assert_true(L.strip.h > 0 && inside(L.strip, win));
        assert_false(overlap(L.strip, L.title));
    }
    for (int k = 0; k < np; k++) {
        const vz_panel_layout *P = &L.p[k];
        assert_true(inside(P->area, win));
        assert_false(overlap(P->area, L.title));
        assert_false(overlap(P->area, L.timeline));
        if (np == 2)
            assert_false(overlap(P->area, L.strip));
        SDL_Rect all[64];
        int n = 0;
        if (P->chain) {
            for (int i = 0; i < VZ_BOXES; i++)
                all[n++] = P->box[i];
            for (int i = 0; i < P->nprov + P->borrowed_box; i++)
                all[n++] = P->prov[i];
        }
        for (int i = 0; i < P->ncharts; i++)
            all[n++] = P->chart[i];
        for (int i = 0; i < VZ_KPIS; i++)
            all[n++] = P->kpi[i];
        for (int i = 0; i < n; i++) {
            assert_true(all[i].w > 0 && all[i].h > 0);
            assert_true(inside(all[i], P->area));
            for (int j = i + 1; j < n; j++)
                assert_false(overlap(all[i], all[j]));
        }
        assert_true(P->ncharts >= 2);
        for (int i = 0; i < P->ncharts; i++) {
            assert_true(inside(P->plot[i], P->chart[i]));
            assert_true(P->plot[i].h >= 4 * L.lh_tick); /* room for 4 ticks */
        }
        for (int i = 0; i < P->nprov; i++)
            assert_true(inside(P->slider[i], P->prov[i]));
        if (np == 2)
            assert_false(overlap(L.p[0].area, L.p[1].area));
    }
}

static void test_layout(void **st)
{
    (void)st;
    vz_layout L;
    int nprov[2] = {7, 7};
    vz_layout_compute(&L, 1920, 1080, 1, nprov, 0);
    assert_false(L.room);
    assert_int_equal(L.fs_title, 40);
    assert_int_equal(L.fs_number, 36);
    assert_int_equal(L.fs_label, 22);
    assert_int_equal(L.fs_tick, 18);
    assert_int_equal(L.p[0].ncharts, 4);
    vz_layout_compute(&L, 1280, 720, 1, nprov, 0);
    assert_false(L.room);
    assert_true(L.fs_tick >= 16 && L.fs_label >= 16);
    assert_true(L.fs_title > L.fs_number && L.fs_number > L.fs_label);
    /* the room view: 28 px at 1080 lines; below 1280x720 always */
    vz_layout_compute(&L, 1920, 1080, 1, nprov, 1);
    assert_int_equal(L.fs_min, 28);
    assert_int_equal(L.p[0].ncharts, 3);
    vz_layout_compute(&L, 1024, 768, 1, nprov, 0);
    assert_true(L.room);
    assert_int_equal(L.fs_min, 20);
    assert_int_equal(L.p[0].ncharts, 2);
    /* the room's A/B: no chain, the tiles two by two, two charts each */
    vz_layout_compute(&L, 1920, 1080, 2, nprov, 1);
    assert_false(L.p[0].chain);
    assert_int_equal(L.p[1].ncharts, 2);
    assert_true(L.p[0].kpi[2].y > L.p[0].kpi[0].y);
    for (int room = 0; room < 2; room++) {
        check_layout(1920, 1080, 1, room);
        check_layout(1920, 1080, 2, room);
        check_layout(1280, 720, 1, room);
        check_layout(1280, 720, 2, room);
        check_layout(1366, 768, 1, room);
        check_layout(2560, 1440, 2, room);
    }
    check_layout(1024, 768, 1, 1);
    check_layout(1024, 768, 2, 1);
    check_layout(800, 600, 1, 1);
    check_layout(800, 600, 2, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nice_ticks_example),
        cmocka_unit_test(test_nice_ticks_many),
        cmocka_unit_test(test_nice_ticks_flat_and_negative),
        cmocka_unit_test(test_nice_ceil),
        cmocka_unit_test(test_date_ticks_years),
        cmocka_unit_test(test_date_ticks_months),
        cmocka_unit_test(test_scale),
        cmocka_unit_test(test_nearest),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_dates_and_words),
        cmocka_unit_test(test_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
