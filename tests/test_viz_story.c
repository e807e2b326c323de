/*
 * test_viz_story.c - the pure parts of the briefing view: the headlines
 * over their windows (within target over the last 13 weeks, cost over
 * the last 12 months against those months' budget), B minus A and what
 * is better, the events grouped per date with one caption per group and
 * its wrapping, the quantiles of the bands, and the colours: every pair
 * the view tells apart stays apart for protan, deutan and tritan viewers
 * and in grey (Machado et al. 2009).
 */
#include "testutil.h"

#include <math.h>

#include "colour.h"
#include "draw.h"
#include "story.h"

#define WEEK 168.0

/* n weekly samples: each week `due` more cases reach their target time,
 * `in` of them in time (first action: all in time); cost 1 M a week, of
 * it 0.25 M on the budget lines. */
static int samples(bb_state *s, int n, const int *due, const int *in)
{
    long d = 0, w = 0;
    for (int i = 0; i < n; i++) {
        memset(&s[i], 0, sizeof s[i]);
        s[i].t = i * WEEK;
        d += due[i];
        w += in[i];
        s[i].due[0] = s[i].within[0] = d;
        s[i].due[1] = d;
        s[i].within[1] = w;
        s[i].cost_to_date = 1e6 * i;
        s[i].line_cost_to_date = 0.25e6 * i;
        s[i].borrow_limit_fte = 150;
        s[i].borrow_acute_limit_fte = 100;
    }
    return n;
}

static void test_sample_at(void **st)
{
    (void)st;
    bb_state s[5];
    int due[5] = {0}, in[5] = {0};
    samples(s, 5, due, in);
    assert_null(vz_sample_at(s, 0, 10));
    assert_ptr_equal(vz_sample_at(s, 5, -1), &s[0]);   /* all later: the first */
    assert_ptr_equal(vz_sample_at(s, 5, 0), &s[0]);
    assert_ptr_equal(vz_sample_at(s, 5, 2 * WEEK - 1), &s[1]);
    assert_ptr_equal(vz_sample_at(s, 5, 2 * WEEK), &s[2]);
    assert_ptr_equal(vz_sample_at(s, 5, 99 * WEEK), &s[4]);
}

/* The share within target is over the last 13 weeks, not since the
 * start: after 20 good weeks and 13 bad ones it is the bad weeks' share. */
static void test_rolling_norm(void **st)
{
    (void)st;
    enum { N = 60 };
    bb_state s[N];
    int due[N], in[N];
    for (int i = 0; i < N; i++) {
        due[i] = 10;
        in[i] = i < 40 ? 10 : 2; /* all in time, then 20% from week 40 */
    }
    samples(s, N, due, in);
    vz_headline h;
    /* at week 39: all in time over the window */
    vz_headline_compute(&h, NULL, s, 40, &s[39]);
    tu_assert_near(h.norm_share[1], 1.0, 1e-12);
    tu_assert_near(h.norm_window_h, 13 * WEEK, 1e-9);
    assert_int_equal(h.norm_due[1], 130);
    /* at week 52: the last 13 weeks are weeks 40..52: 20% */
    vz_headline_compute(&h, NULL, s, 53, &s[52]);
    tu_assert_near(h.norm_share[1], 0.2, 1e-12);
    tu_assert_near(h.norm_share[0], 1.0, 1e-12);
    /* since the start it would still read (40*10 + 13*2) / 530 */
    double since = (double)s[52].within[1] / (double)s[52].due[1];
    assert_true(since > 0.75);
    /* half way through week 46: the window reaches back to the sample
     * at or before 13 weeks earlier */
    bb_state now = s[46];
    now.t += WEEK / 2;
    vz_headline_compute(&h, NULL, s, 47, &now);
    tu_assert_near(h.norm_window_h, 13.5 * WEEK, 1e-9);
    /* in the first weeks the window is what there is */
    vz_headline_compute(&h, NULL, s, 5, &s[4]);
    tu_assert_near(h.norm_window_h, 4 * WEEK, 1e-9);
    tu_assert_near(h.norm_share[1], 1.0, 1e-12);
    /* nothing due in the window: no share */
    int none[N] = {0};
    samples(s, N, none, none);
    vz_headline_compute(&h, NULL, s, 20, &s[19]);
    assert_true(isnan(h.norm_share[1]));
}

/* Cost over the last 12 months, never "EUR 0 on 1 January", and the
 * budget of the same months. */
static void test_rolling_cost(void **st)
{
    (void)st;
    enum { N = 120 };
    static bb_state s[N];
    int due[N] = {0}, in[N] = {0};
    samples(s, N, due, in);
    vz_headline h;
    vz_headline_compute(&h, NULL, s, 100, &s[99]);
    /* 8766 h back from week 99 is week 46.8: the window starts at week 46 */
    tu_assert_near(h.cost_window_h, 53 * WEEK, 1e-9);
    tu_assert_near(h.cost, 53e6, 1e-3);
    tu_assert_near(h.line_cost, 53 * 0.25e6, 1e-3);
    assert_true(h.budget == 0); /* no scenario: no budget */
    /* before a year has passed: since the start */
    vz_headline_compute(&h, NULL, s, 10, &s[9]);
    tu_assert_near(h.cost_window_h, 9 * WEEK, 1e-9);
    tu_assert_near(h.cost, 9e6, 1e-3);
    /* the limit is the one for protective measures; unbounded: none */
    tu_assert_near(h.limit, 150, 1e-12);
    bb_state x = s[0];
    x.borrow_limit_fte = 1e5;
    assert_true(isnan(vz_borrow_limit(&x)));
    assert_false(vz_borrow_binds(&x));
    x.borrow_unmet_fte = 3;
    assert_true(vz_borrow_binds(&x));
}

static void test_diff(void **st)
{
    (void)st;
    vz_headline a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.waiting = 300;
    b.waiting = 120;
    a.norm_share[1] = 0.5;
    b.norm_share[1] = 0.62;
    a.borrowed = 200;
    b.borrowed = 210;
    a.cost = 60e6;
    b.cost = 60.01e6;
    vz_diff d[VZ_DIFFS];
    vz_headline_diff(&a, &b, d);
    assert_true(d[VZ_DIFF_WAITING].d == -180 && d[VZ_DIFF_WAITING].better == 1);
    tu_assert_near(d[VZ_DIFF_NORM].d, 12.0, 1e-9);
    assert_int_equal(d[VZ_DIFF_NORM].better, 1);
    assert_true(d[VZ_DIFF_BORROWED].d == 10 && d[VZ_DIFF_BORROWED].better == -1);
    assert_int_equal(d[VZ_DIFF_COST].better, 0); /* EUR 10 k: the same */
    a.norm_share[1] = NAN;
    vz_headline_diff(&a, &b, d);
    assert_true(isnan(d[VZ_DIFF_NORM].d));
    assert_int_equal(d[VZ_DIFF_NORM].better, 0);
}

static vz_event ev(double day, char kind, int panels, const char *text)
{
    vz_event e;
    memset(&e, 0, sizeof e);
    e.t = day * 24.0;
    e.kind = kind;
    e.panels = panels;
    snprintf(e.text, sizeof e.text, "%s", text);
    return e;
}

/* Five investments on one date are one group whose caption has all five;
 * the same event of A and B is one event of both; arrivals group apart. */
static void test_grouping(void **st)
{
    (void)st;
    vz_event e[16];
    int n = 0;
    e[n++] = ev(548, 'i', 1, "+30 FTE informatie");
    e[n++] = ev(100.5, 's', 1, "Wiersum: meer dreiging");
    e[n++] = ev(548, 'i', 1, "+40 FTE adviseurs");
    e[n++] = ev(100, 's', 1, "Denkbare dreiging wordt de norm");
    e[n++] = ev(548, 'i', 1, "Teams B&B 1-4 (+48 FTE)");
    e[n++] = ev(100.2, 's', 1, "Wiersum: 24/7 DKDB");
    e[n++] = ev(548, 'i', 1, "+10 FTE adviseurs NCTV");
    e[n++] = ev(548, 'i', 1, "Cameratoezicht: +3 posten");
    e[n++] = ev(548.3, 'a', 1, "+30 FTE informatie"); /* an arrival the same day */
    e[n++] = ev(100, 's', 2, "Denkbare dreiging wordt de norm"); /* B has it too */
    e[n++] = ev(700, 'u', 2, "DKDB 200\xe2\x86\x92" "260 FTE");
    vz_group g[8];
    int ng = vz_events_group(e, &n, g, 8);
    assert_int_equal(n, 10); /* A's and B's norm shift merged */
    assert_int_equal(ng, 4);
    assert_int_equal(g[0].day, 100);
    assert_int_equal(g[0].n, 3);
    assert_int_equal(g[0].panels, 3);
    assert_string_equal(e[g[0].first].text, "Denkbare dreiging wordt de norm");
    assert_int_equal(e[g[0].first].panels, 3);
    assert_int_equal(g[1].day, 548);
    assert_int_equal(g[1].n, 5);
    assert_false(g[1].arrival);
    assert_int_equal(g[2].day, 548);
    assert_true(g[2].arrival);
    assert_int_equal(g[3].panels, 2);

    /* the captions: a shared prefix once, one panel's event marked */
    char items[8][192], common[96];
    int ni = vz_group_items(e, &g[0], 1, items, 8, common, sizeof common);
    assert_string_equal(common, "");
    assert_int_equal(ni, 2);
    assert_string_equal(items[0], "Denkbare dreiging wordt de norm");
    assert_string_equal(items[1], "A: Wiersum: 24/7 DKDB; meer dreiging");
    ni = vz_group_items(e, &g[1], 0, items, 8, NULL, 0);
    assert_int_equal(ni, 5);
    assert_string_equal(items[3], "+10 FTE adviseurs NCTV");
    ni = vz_group_items(e, &g[3], 1, items, 8, NULL, 0);
    assert_string_equal(items[0], "B: DKDB 200\xe2\x86\x92" "260 FTE");
    /* a suffix all of a date's events share is said once */
    vz_event f[3] = {ev(10, 'i', 1, "+30 FTE information (2020 package)"),
                     ev(10, 'i', 1, "B&B teams 1-4 (2020 package)"),
                     ev(10, 'i', 1, "Camera: 3 posts (2020 package)")};
    int nf = 3;
    assert_int_equal(vz_events_group(f, &nf, g, 8), 1);
    ni = vz_group_items(f, &g[0], 0, items, 8, common, sizeof common);
    assert_string_equal(common, "(2020 package)");
    assert_string_equal(items[0], "+30 FTE information");
    assert_string_equal(items[2], "Camera: 3 posts");
    snprintf(f[1].text, sizeof f[1].text, "B&B teams 1-4");
    ni = vz_group_items(f, &g[0], 0, items, 8, common, sizeof common);
    assert_string_equal(common, ""); /* not all of them: each keeps its own */
    assert_string_equal(items[0], "+30 FTE information (2020 package)");
}

/* A fake font: every byte 10 px wide. */
static int width10(void *ud, const char *s)
{
    (void)ud;
    return 10 * (int)strlen(s);
}

static void test_wrap(void **st)
{
    (void)st;
    char items[4][192] = {"aaaa", "bbbbbb", "cc", "dddddddddddddddddddddddd eeee ff"};
    char lines[8][256];
    /* "1 jul:" then items joined by " · " (the dot is two bytes here) */
    int n = vz_wrap("1 jul:", items, 3, 1000, width10, NULL, lines, 8);
    assert_int_equal(n, 1);
    assert_string_equal(lines[0], "1 jul: aaaa \xc2\xb7 bbbbbb \xc2\xb7 cc");
    /* narrow: broken between items, never inside one that fits a line */
    n = vz_wrap("1 jul:", items, 3, 130, width10, NULL, lines, 8);
    assert_int_equal(n, 2);
    assert_string_equal(lines[0], "1 jul: aaaa");
    assert_string_equal(lines[1], "bbbbbb \xc2\xb7 cc");
    /* an item longer than a line is broken between its words */
    n = vz_wrap("x:", items + 3, 1, 280, width10, NULL, lines, 8);
    assert_int_equal(n, 2);
    assert_string_equal(lines[0], "x: dddddddddddddddddddddddd");
    assert_string_equal(lines[1], "eeee ff");
    /* more lines than room: the count says so, the room is filled */
    n = vz_wrap("1 jul:", items, 3, 70, width10, NULL, lines, 2);
    assert_true(n > 2);
}

static void test_quantile(void **st)
{
    (void)st;
    double v[5] = {5, 1, 4, 2, 3};
    tu_assert_near(vz_quantile(v, 5, 0.5), 3, 1e-12);
    tu_assert_near(vz_quantile(v, 5, 0.0), 1, 1e-12);
    tu_assert_near(vz_quantile(v, 5, 1.0), 5, 1e-12);
    tu_assert_near(vz_quantile(v, 5, 0.05), 1.2, 1e-12); /* R type 7 */
    tu_assert_near(vz_quantile(v, 5, 0.95), 4.8, 1e-12);
    assert_true(isnan(vz_quantile(v, 0, 0.5)));
}

/* The simulation itself: greys stay grey, white stays white, and the
 * textbook confusion of red and green for protan and deutan viewers. */
static void test_cvd_simulation(void **st)
{
    (void)st;
    for (int k = 0; k < VZ_SEE_KINDS; k++) {
        assert_true(vz_delta_e(vz_see(0xFFFFFFu, k), 0xFFFFFFu) < 1.0);
        assert_true(vz_delta_e(vz_see(0x808080u, k), 0x808080u) < 1.5);
        assert_true(vz_delta_e(vz_see(0x000000u, k), 0x000000u) < 0.5);
    }
    double normal = vz_delta_e(0xCC3333u, 0x339933u);
    assert_true(normal > 50);
    assert_true(vz_delta_e(vz_see(0xCC3333u, VZ_SEE_DEUTAN), vz_see(0x339933u, VZ_SEE_DEUTAN)) <
                normal / 3);
    assert_true(vz_delta_e(vz_see(0xCC3333u, VZ_SEE_PROTAN), vz_see(0x339933u, VZ_SEE_PROTAN)) <
                normal / 2);
    /* the old box fill (light green) fell into the grey of its box */
    assert_true(vz_delta_e(vz_see(0xB8E3D6u, VZ_SEE_PROTAN), vz_see(VZ_C_BOX, VZ_SEE_PROTAN)) < 10);
    double lab[3];
    vz_lab(0xFFFFFFu, lab);
    tu_assert_near(lab[0], 100, 0.01);
}

/* Every pair of colours the view tells apart, in every kind of vision. */
static void test_colours_distinct(void **st)
{
    (void)st;
    for (int i = 0; i < VZ_NPAIRS; i++) {
        const vz_pair *p = &VZ_PAIRS[i];
        for (int k = 0; k < VZ_SEE_KINDS; k++) {
            if (k == VZ_SEE_GREY && !p->grey)
                continue;
            uint32_t a = vz_see(p->a, k), b = vz_see(p->b, k);
            double e = vz_delta_e(a, b), l = vz_delta_l(a, b);
            if (e < p->min_e || l < p->min_l)
                fail_msg("%s: vision %d: Delta E %.1f (>= %.0f), Delta L %.1f (>= %.0f)", p->what,
                         k, e, p->min_e, l, p->min_l);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_at),      cmocka_unit_test(test_rolling_norm),
        cmocka_unit_test(test_rolling_cost),   cmocka_unit_test(test_diff),
        cmocka_unit_test(test_grouping),       cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_quantile),       cmocka_unit_test(test_cvd_simulation),
        cmocka_unit_test(test_colours_distinct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
