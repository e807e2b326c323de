/*
 * draw.c - paints the view onto an SDL_Renderer (see draw.h).
 *
 * This file draws the frame of the view: the title band, the strip of B
 * minus A, the KPI tiles, the help and messages, and puts the panels
 * together; the drawing primitives (text, rectangles, lines, areas) are
 * in gfx.c, the charts in charts.c, the chain panel in chain.c, the time
 * axis in timeline.c, what the headlines say in story.c.
 */
#include "draw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bands.h"
#include "chain.h"
#include "chart.h"
#include "charts.h"
#include "gfx.h"
#include "labels.h"
#include "story.h"
#include "timeline.h"

/* ------------------------------------------------------------------ */
/* title                                                               */
/* ------------------------------------------------------------------ */

/* The title band, right to left: the help hint, the play state with the
 * speed (also while paused), the bands still running, the date; the
 * title takes what is left. When it does not fit, first the hint goes,
 * then the title gets shorter (without "Bewaken en Beveiligen", then
 * the scenario's title up to its colon), then the speed and the date. */
static void draw_title(vz_gfx *g, const vz_layout *L, const vz_app *a, int np, const int *idx)
{
    SDL_Rect t = L->title;
    gfx_fill(g, t.x, t.y, t.w, t.h, C_BAND);
    int lang = g->lang;
    char sp[64], state[96], spshort[64], date[64], dshort[64], bands[64] = "";
    vz_fmt_speed(sp, sizeof sp, vz_speed_hours(a->speed), lang);
    snprintf(spshort, sizeof spshort, "%s", sp);
    char *m = strstr(spshort, "maanden/s");
    if (m)
        snprintf(m, sizeof spshort - (size_t)(m - spshort), "mnd/s");
    vz_fmt_date_long(date, sizeof date, a->pan[idx[0]].now.day, lang);
    vz_fmt_date_short(dshort, sizeof dshort, a->pan[idx[0]].now.day, lang);
    if (vz_app_now(a) >= vz_app_horizon(a)) {
        size_t k = strlen(date);
        snprintf(date + k, sizeof date - k, " (%s)", vz_tr(lang, T_END));
        k = strlen(dshort);
        snprintf(dshort + k, sizeof dshort - k, " (%s)", vz_tr(lang, T_END));
    }
    if (a->bands && vz_bands_state(a->bands, NULL, 0) == 0)
        snprintf(bands, sizeof bands, "%s %d/%d", vz_tr(lang, T_BANDS_RUNNING),
                 vz_bands_done(a->bands), vz_bands_reps(a->bands));
    /* the title's candidates, longest first */
    char pt[160], c0[220], c2[160];
    const char *cand[3];
    if (np == 1) {
        const vz_panel *p = &a->pan[idx[0]];
        vz_panel_title(pt, sizeof pt, p, lang);
        snprintf(c0, sizeof c0, "%s \xc2\xb7 %s", vz_tr(lang, T_TITLE_SHORT), pt);
        vz_panel_title2(c2, sizeof c2, p, lang, 1);
        cand[0] = c0;
        cand[1] = pt;
        cand[2] = c2;
    } else {
        cand[0] = vz_tr(lang, T_TITLE);
        cand[1] = cand[2] = vz_tr(lang, T_TITLE_SHORT);
    }
    int isz = L->fs_label;
    for (int step = 0; step < 5; step++) {
        int hint = !a->still && step == 0, shortspeed = step >= 3, shortdate = step >= 4;
        int w = L->gap;
        if (hint)
            w += gfx_text_w(g, L->fs_tick, 0, vz_tr(lang, T_HELP_HINT)) + 2 * L->gap;
        if (!a->still) {
            const char *s = shortspeed ? spshort : sp;
            if (a->paused)
                snprintf(state, sizeof state, "%s \xc2\xb7 %s", vz_tr(lang, T_PAUSED), s);
            else
                snprintf(state, sizeof state, "%s", s);
            w += gfx_text_w(g, L->fs_label, 0, state) + L->pad + isz + 2 * L->gap;
            if (bands[0])
                w += gfx_text_w(g, L->fs_tick, 0, bands) + 2 * L->gap;
        }
        const char *d = shortdate ? dshort : date;
        w += gfx_text_w(g, L->fs_number, 1, d);
        int room = t.w - w - 3 * L->gap;
        int want = step >= 1 ? 3 : 1; /* step 0: only the full title; then all */
        int fits = 0;
        for (int c = 0; c < want && !fits; c++)
            fits = gfx_text_w(g, L->fs_min, 1, cand[c]) <= room;
        if (!fits && step < 4)
            continue;
        /* draw it */
        int x = t.x + t.w - L->gap;
        if (hint) {
            x -= gfx_text_line(g, L->fs_tick, 0, C_TEXT2, x, t.y, t.h, RIGHT,
                               vz_tr(lang, T_HELP_HINT));
            x -= L->gap * 2;
        }
        if (!a->still) {
            x -= gfx_text_line(g, L->fs_label, 0, VZ_C_INK, x, t.y, t.h, RIGHT, state);
            x -= L->pad;
            float cy = t.y + t.h / 2.0f;
            if (a->paused) {
                gfx_fill(g, x - isz, (int)(cy - isz / 2.0f), isz / 3, isz, VZ_C_INK);
                gfx_fill(g, x - isz / 3, (int)(cy - isz / 2.0f), isz / 3, isz, VZ_C_INK);
            } else {
                gfx_tri(g, (float)(x - isz), cy - isz / 2.0f, (float)x, cy, (float)(x - isz),
                        cy + isz / 2.0f, VZ_C_INK);
                gfx_flush(g);
            }
            x -= isz + L->gap * 2;
            if (bands[0])
                x -= gfx_text_line(g, L->fs_tick, 0, C_TEXT2, x, t.y, t.h, RIGHT, bands) +
                     L->gap * 2;
        }
        x -= gfx_text_line(g, L->fs_number, 1, VZ_C_INK, x, t.y, t.h, RIGHT, d);
        gfx_text_fit_list(g, L->fs_title, L->fs_min, 1, VZ_C_INK, t.x + L->gap, t.y, t.h,
                          x - L->gap * 2 - t.x - L->gap, LEFT, cand, step >= 1 ? 3 : 1);
        return;
    }
}

/* ------------------------------------------------------------------ */
/* KPI tiles                                                           */
/* ------------------------------------------------------------------ */

/* A tile: its label, the value, and the first of n sub lines that fits. */
static void draw_kpi_list(vz_gfx *g, const vz_layout *L, SDL_Rect r, int label, const char *value,
                          uint32_t vc, const char *const *sub, int n, int sub_bold, uint32_t sc)
{
    gfx_fill(g, r.x, r.y, r.w, r.h, C_BOX);
    int x = r.x + L->pad, y = r.y + L->pad, w = r.w - 2 * L->pad;
    gfx_text_fit(g, L->fs_label, L->fs_min, 0, VZ_C_INK, x, y, L->lh_label, w, LEFT,
                 vz_tr(g->lang, label), vz_tr(g->lang, label + 1));
    y += L->lh_label;
    gfx_text_fit(g, L->fs_number, L->fs_min, 1, vc, x, y, L->lh_number, w, LEFT, value, NULL);
    y += L->lh_number;
    gfx_text_fit_list(g, L->fs_tick, L->fs_min, sub_bold, sc, x, y, L->lh_tick, w, LEFT, sub, n);
}

static void draw_kpi(vz_gfx *g, const vz_layout *L, SDL_Rect r, int label, const char *value,
                     uint32_t vc, const char *sub, const char *sub_alt, int sub_bold, uint32_t sc)
{
    gfx_fill(g, r.x, r.y, r.w, r.h, C_BOX);
    int x = r.x + L->pad, y = r.y + L->pad, w = r.w - 2 * L->pad;
    gfx_text_fit(g, L->fs_label, L->fs_min, 0, VZ_C_INK, x, y, L->lh_label, w, LEFT,
                 vz_tr(g->lang, label), vz_tr(g->lang, label + 1));
    y += L->lh_label;
    gfx_text_fit(g, L->fs_number, L->fs_min, 1, vc, x, y, L->lh_number, w, LEFT, value, NULL);
    y += L->lh_number;
    gfx_text_fit(g, L->fs_tick, L->fs_min, sub_bold, sc, x, y, L->lh_tick, w, LEFT, sub, sub_alt);
}

/* A share as "72%", or a dash when there is none. */
static void share(char *buf, size_t n, double v, int lang)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "\xe2\x80\x93");
        return;
    }
    char num[32];
    vz_fmt_num(num, sizeof num, 100.0 * v, 0, lang);
    snprintf(buf, n, "%s%%", num);
}

static void draw_kpis(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P, const vz_panel *p)
{
    vz_headline h;
    vz_headline_compute(&h, p->sc, p->hist.s, p->hist.n, &p->now);
    int lang = g->lang;
    char v[120], sub[200], alt[160], num[48], num2[48], num3[48];

    vz_fmt_num(v, sizeof v, h.protected_now, 0, lang);
    vz_fmt_num(num, sizeof num, h.waiting, 0, lang);
    snprintf(sub, sizeof sub, "%s %s", num, vz_tr(lang, T_WAITING_LC));
    snprintf(alt, sizeof alt, "%s %s", num, vz_tr(lang, T_UNPROTECTED_LC));
    draw_kpi(g, L, P->kpi[0], T_KPI_PROTECTED, v, VZ_C_INK, sub, alt, 0, C_TEXT2);

    share(num, sizeof num, h.norm_share[0], lang);
    share(num2, sizeof num2, h.norm_share[1], lang);
    snprintf(v, sizeof v, "%s / %s", num, num2);
    int full = h.norm_window_h >= VZ_NORM_WINDOW_H - 1e-6;
    draw_kpi(g, L, P->kpi[1], full ? T_KPI_WITHIN : T_KPI_WITHIN_START, v, VZ_C_INK,
             vz_tr(lang, T_NORM_SUB), vz_tr(lang, T_NORM_SUB_SHORT), 0, C_TEXT2);

    vz_fmt_num(num, sizeof num, h.borrowed, 0, lang);
    snprintf(v, sizeof v, "%s FTE", num);
    vz_fmt_num(num, sizeof num, h.limit, 0, lang);
    vz_fmt_num(num2, sizeof num2, h.fte_years, 0, lang);
    int binds = vz_borrow_binds(&p->now);
    if (binds)
        snprintf(sub, sizeof sub, "%s (%s)", vz_tr(lang, T_LIMIT_REACHED), num);
    else if (!isfinite(h.limit))
        snprintf(sub, sizeof sub, "%s %s", num2, vz_tr(lang, T_FTE_YEARS));
    else if (L->room)
        snprintf(sub, sizeof sub, "%s %s FTE", vz_tr(lang, T_LIMIT_LC), num);
    else
        snprintf(sub, sizeof sub, "%s %s \xc2\xb7 %s %s", vz_tr(lang, T_LIMIT_LC), num, num2,
                 vz_tr(lang, T_FTE_YEARS));
    snprintf(alt, sizeof alt, "%s %s", binds ? vz_tr(lang, T_LIMIT_REACHED_SHORT)
                                             : vz_tr(lang, T_LIMIT_LC), num);
    draw_kpi(g, L, P->kpi[2], T_KPI_BORROWED, v, VZ_C_INK, sub, alt, binds,
             binds ? VZ_C_WORSE : C_TEXT2);

    /* cost: all cash over the window; below it what the modelled budget
     * lines were charged against their budget of the same months (the
     * staff of 2019 is on no line), and the cost since the start */
    vz_fmt_money(v, sizeof v, h.cost, lang);
    full = h.cost_window_h >= VZ_COST_WINDOW_H - 24.0;
    char c[4][160], m1[48], m2[48];
    vz_fmt_money(num3, sizeof num3, h.cost_to_date, lang);
    int n = 0;
    if (h.budget > 0) {
        vz_fmt_money(num, sizeof num, h.line_cost, lang);
        vz_fmt_money(num2, sizeof num2, h.budget, lang);
        vz_fmt_num(m1, sizeof m1, h.line_cost / 1e6, 1, lang);
        vz_fmt_num(m2, sizeof m2, h.budget / 1e6, 1, lang);
        const char *eur = "\xe2\x82\xac", *sp = lang == VZ_EN ? "" : " ";
        snprintf(c[n++], sizeof c[0], "%s %s %s %s \xc2\xb7 %s %s", vz_tr(lang, T_BUDGET_WORD), num,
                 vz_tr(lang, T_OF), num2, num3, vz_tr(lang, T_SINCE_START));
        snprintf(c[n++], sizeof c[0], "%s %s %s %s", vz_tr(lang, T_BUDGET_WORD), num,
                 vz_tr(lang, T_OF), num2);
        snprintf(c[n++], sizeof c[0], "%s%s%s / %s %s %s", eur, sp, m1, m2,
                 lang == VZ_EN ? "m" : "mln", vz_tr(lang, T_BUDGETED));
        snprintf(c[n++], sizeof c[0], "%s%s%s / %s %s", eur, sp, m1, m2, lang == VZ_EN ? "m" : "mln");
    } else {
        snprintf(c[n++], sizeof c[0], "%s %s %s", vz_tr(lang, T_TOTAL), num3, vz_tr(lang, T_SINCE_START));
        snprintf(c[n++], sizeof c[0], "%s %s", vz_tr(lang, T_TOTAL), num3);
    }
    const char *cand[4] = {c[0], c[1], c[2], c[3]};
    draw_kpi_list(g, L, P->kpi[3], full ? T_KPI_COST : T_KPI_COST_START, v, VZ_C_INK, cand, n, 0,
                  C_TEXT2);
}

/* ------------------------------------------------------------------ */
/* B minus A                                                           */
/* ------------------------------------------------------------------ */

/* One difference: its name, the signed value, and better or worse in
 * words and colour; the words go first when it does not fit. */
static void draw_diff(vz_gfx *g, const vz_layout *L, SDL_Rect r, int label, const char *val,
                      int better)
{
    int lang = g->lang;
    uint32_t c = better > 0 ? VZ_C_BETTER : better < 0 ? VZ_C_WORSE : C_TEXT2;
    const char *word = vz_tr(lang, better > 0 ? T_BETTER : better < 0 ? T_WORSE : T_SAME);
    const char *name = vz_tr(lang, label);
    int fs = L->fs_label, sp = L->fs_label / 3;
    int wn = gfx_text_w(g, fs, 0, name), wv = gfx_text_w(g, fs, 1, val), ww = gfx_text_w(g, fs, 0, word);
    int with_word = wn + wv + ww + 2 * sp <= r.w;
    if (!with_word && wn + wv + sp > r.w && label == T_DIFF_COST) {
        name = vz_tr(lang, T_DIFF_COST_SHORT); /* the strip says 12 months once */
        wn = gfx_text_w(g, fs, 0, name);
        with_word = wn + wv + ww + 2 * sp <= r.w;
    }
    if (!with_word && wn + wv + sp > r.w) {
        fs = L->fs_min;
        sp = fs / 3;
        wn = gfx_text_w(g, fs, 0, name);
        wv = gfx_text_w(g, fs, 1, val);
        if (wn + wv + sp > r.w)
            gfx_cut(g, name);
    }
    int x = r.x;
    x += gfx_text_line(g, fs, 0, VZ_C_INK, x, r.y, r.h, LEFT, name) + sp;
    x += gfx_text_line(g, fs, 1, c, x, r.y, r.h, LEFT, val) + sp;
    if (with_word)
        gfx_text_line(g, fs, 0, c, x, r.y, r.h, LEFT, word);
}

static void draw_strip(vz_gfx *g, const vz_layout *L, const vz_app *a)
{
    SDL_Rect S = L->strip;
    if (S.h <= 0)
        return;
    int lang = g->lang;
    vz_headline h[2];
    for (int k = 0; k < 2; k++)
        vz_headline_compute(&h[k], a->pan[k].sc, a->pan[k].hist.s, a->pan[k].hist.n,
                            &a->pan[k].now);
    vz_diff d[VZ_DIFFS];
    vz_headline_diff(&h[0], &h[1], d);
    gfx_fill(g, S.x, S.y, S.w, S.h, C_BOX);
    int x = S.x + L->pad;
    x += gfx_text_line(g, L->fs_label, 1, VZ_C_INK, x, S.y, S.h, LEFT, vz_tr(lang, T_DIFF_HEAD)) +
         L->gap;
    int cw = (S.x + S.w - x) / VZ_DIFFS;
    char v[64], m[48];
    static const int LAB[VZ_DIFFS] = {T_DIFF_WAITING, T_DIFF_NORM, T_DIFF_BORROWED, T_DIFF_COST};
    for (int i = 0; i < VZ_DIFFS; i++) {
        if (!isfinite(d[i].d))
            snprintf(v, sizeof v, "\xe2\x80\x93");
        else if (i == VZ_DIFF_NORM) {
            vz_fmt_signed(m, sizeof m, d[i].d, 0, lang);
            snprintf(v, sizeof v, "%s pp", m);
        } else if (i == VZ_DIFF_COST) {
            vz_fmt_money(m, sizeof m, fabs(d[i].d), lang);
            snprintf(v, sizeof v, "%s%s", d[i].d < -5e4 ? "\xe2\x88\x92" : d[i].d > 5e4 ? "+" : "", m);
        } else {
            vz_fmt_signed(v, sizeof v, d[i].d, 0, lang);
            if (i == VZ_DIFF_BORROWED) {
                size_t k = strlen(v);
                snprintf(v + k, sizeof v - k, " FTE");
            }
        }
        SDL_Rect c = {x + i * cw, S.y, cw - L->gap, S.h};
        draw_diff(g, L, c, LAB[i], v, d[i].better);
    }
}

/* ------------------------------------------------------------------ */
/* overlays: help and messages                                         */
/* ------------------------------------------------------------------ */

static void draw_help(vz_gfx *g, const vz_layout *L)
{
    const char *all = vz_tr(g->lang, T_HELP_LINES);
    char keys[20][32], what[20][96];
    int n = 0;
    for (const char *s = all; *s && n < 20;) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        const char *tab = memchr(s, '\t', len);
        if (tab) {
            snprintf(keys[n], sizeof keys[0], "%.*s", (int)(tab - s), s);
            snprintf(what[n], sizeof what[0], "%.*s", (int)(len - (size_t)(tab - s) - 1), tab + 1);
            n++;
        }
        s += len + (e ? 1 : 0);
    }
    int kw = 0, ww = 0;
    for (int i = 0; i < n; i++) {
        int a = gfx_text_w(g, L->fs_label, 1, keys[i]), b = gfx_text_w(g, L->fs_label, 0, what[i]);
        kw = a > kw ? a : kw;
        ww = b > ww ? b : ww;
    }
    int w = kw + ww + 2 * L->gap + 2 * L->pad * 2, h = (n + 1) * L->lh_label * 6 / 5 + L->lh_title +
                                                       2 * L->pad;
    if (w > L->w - 2 * L->gap)
        w = L->w - 2 * L->gap;
    int x = (L->w - w) / 2, y = (L->h - h) / 2;
    gfx_fill(g, x, y, w, h, VZ_C_BG);
    gfx_frame(g, (SDL_Rect){x, y, w, h}, L->line, VZ_C_INK);
    gfx_text_line(g, L->fs_title, 1, VZ_C_INK, x + 2 * L->pad, y + L->pad, L->lh_title, LEFT,
                  vz_tr(g->lang, T_HELP_TITLE));
    int ly = y + L->pad + L->lh_title + L->pad;
    for (int i = 0; i < n; i++, ly += L->lh_label * 6 / 5) {
        gfx_text_line(g, L->fs_label, 1, VZ_C_INK, x + 2 * L->pad, ly, L->lh_label, LEFT, keys[i]);
        gfx_text_fit(g, L->fs_label, L->fs_min, 0, VZ_C_INK, x + 2 * L->pad + kw + L->gap, ly, L->lh_label,
                     w - kw - L->gap - 4 * L->pad, LEFT, what[i], NULL);
    }
}

static void draw_toast(vz_gfx *g, const vz_layout *L, const char *msg, uint32_t bg)
{
    int w = gfx_text_w(g, L->fs_label, 0, msg) + 4 * L->pad;
    if (w > L->w - 2 * L->gap)
        w = L->w - 2 * L->gap;
    int h = L->lh_label + 2 * L->pad;
    int x = (L->w - w) / 2, y = L->h - h - L->lh_tick * 4;
    gfx_fill(g, x, y, w, h, bg);
    gfx_text_fit(g, L->fs_label, L->fs_min, 0, 0xFFFFFFu, x + 2 * L->pad, y + L->pad, L->lh_label,
                 w - 4 * L->pad, LEFT, msg, NULL);
}

/* ------------------------------------------------------------------ */
/* the whole view                                                      */
/* ------------------------------------------------------------------ */

void vz_draw(vz_gfx *g, const vz_app *a0, int w, int h)
{
    vz_app tmp;
    const vz_app *a = vz_app_view(a0, &tmp); /* while scrubbing back: the recorded past */
    vz_layout L;
    vz_app_layout(a, w, h, &L);
    gfx_begin(g, a->lang, L.fs_min);
    int idx[2];
    int np = vz_app_visible(a, idx);

    gfx_clear(g, VZ_C_BG);
    draw_title(g, &L, a, np, idx);
    if (np == 2)
        draw_strip(g, &L, a);

    chart_axes ax[VZ_MAX_PANELS][VZ_CHARTS];
    chart_scales(a, &L, idx, np, ax);
    double qs = chain_queue_scale(a, idx, np);

    for (int k = 0; k < np; k++) {
        const vz_panel *p = &a->pan[idx[k]];
        const vz_panel_layout *P = &L.p[k];
        if (P->header.h > 0) {
            char buf[200], alt[200], pt[160];
            vz_panel_title(pt, sizeof pt, p, a->lang);
            snprintf(buf, sizeof buf, "%c \xc2\xb7 %s", idx[k] ? 'B' : 'A', pt);
            vz_panel_title2(pt, sizeof pt, p, a->lang, 1);
            snprintf(alt, sizeof alt, "%c \xc2\xb7 %s", idx[k] ? 'B' : 'A', pt);
            /* charts with a scale of their own on the right of the header */
            char own[160] = "";
            for (int c = 0; c < P->ncharts; c++)
                if (ax[k][P->chart_id[c]].own) {
                    static const int T[VZ_CHARTS] = {T_CH_QUEUE_SHORT, T_CH_CAPACITY_SHORT,
                                                     T_CH_BORROW_SHORT, T_CH_LEAD_SHORT};
                    const char *nm = vz_tr(a->lang, T[P->chart_id[c]]);
                    const char *paren = strstr(nm, " (");
                    size_t kk = strlen(own);
                    snprintf(own + kk, sizeof own - kk, "%s%.*s", kk ? ", " : "",
                             paren ? (int)(paren - nm) : (int)strlen(nm), nm);
                }
            int bw = 0;
            if (own[0]) {
                char badge[200];
                snprintf(badge, sizeof badge, "%s: %s", vz_tr(a->lang, T_OWN_SCALE), own);
                bw = gfx_text_w(g, L.fs_tick, 1, badge) + L.pad;
                int bx = P->header.x + P->header.w - bw;
                gfx_fill(g, bx, P->header.y + (L.lh_label - L.lh_tick) / 2, bw, L.lh_tick, C_TEXT2);
                gfx_text_line(g, L.fs_tick, 1, VZ_C_BG, bx + L.pad / 2,
                              P->header.y + (L.lh_label - L.lh_tick) / 2, L.lh_tick, LEFT, badge);
                bw += L.gap;
            }
            gfx_text_fit(g, L.fs_label, L.fs_min, 1, VZ_C_INK, P->header.x, P->header.y,
                         L.lh_label, P->header.w - bw, LEFT, buf, alt);
        }
        chain_draw(g, &L, P, a, p, qs);
        for (int c = 0; c < P->ncharts; c++)
            chart_draw(g, &L, P, c, a, p, idx[k], &ax[k][P->chart_id[c]]);
        draw_kpis(g, &L, P, p);
    }
    tl_draw(g, &L, a, idx, np);
    if (np == 2) {
        int x = L.p[1].area.x - L.gap / 2 - 1;
        gfx_fill(g, x, L.p[0].area.y, 3, L.p[0].area.h, 0x999999u);
    }
    if (!a->still) {
        if (a->mouse_in && !vz_in_rect(&L.timeline, a->mouse_x, a->mouse_y))
            chart_hover(g, &L, a, idx, np);
        if (a->help)
            draw_help(g, &L);
        if (a->error[0])
            draw_toast(g, &L, a->error, VZ_C_BORROW);
        else if (a->toast[0] && a->clock < a->toast_until)
            draw_toast(g, &L, a->toast, 0x222222u);
    } else if (a->error[0]) {
        draw_toast(g, &L, a->error, VZ_C_BORROW);
    }
    gfx_end(g);
}

int vz_gfx_cuts(const vz_gfx *g, const char **first)
{
    if (first)
        *first = g->cut;
    return g->cuts;
}

int vz_offscreen_open(vz_offscreen *o, int w, int h, char *err, size_t errn)
{
    memset(o, 0, sizeof *o);
    o->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!o->surf) {
        snprintf(err, errn, "cannot create a %dx%d surface: %s", w, h, SDL_GetError());
        return -1;
    }
    o->out = o->surf;
    o->r = SDL_CreateSoftwareRenderer(o->surf);
    if (!o->r) {
        snprintf(err, errn, "cannot create a software renderer: %s", SDL_GetError());
        vz_offscreen_close(o);
        return -1;
    }
    o->g = vz_gfx_new(o->r, err, errn);
    if (!o->g) {
        vz_offscreen_close(o);
        return -1;
    }
    return 0;
}

SDL_Surface *vz_offscreen_draw(vz_offscreen *o, const vz_app *a)
{
    vz_draw(o->g, a, o->surf->w, o->surf->h);
    SDL_RenderFlush(o->r);
    return o->out;
}

void vz_offscreen_close(vz_offscreen *o)
{
    vz_gfx_free(o->g);
    if (o->r)
        SDL_DestroyRenderer(o->r);
    if (o->surf)
        SDL_FreeSurface(o->surf);
    memset(o, 0, sizeof *o);
}
