/*
 * draw.c - paints the view onto an SDL_Renderer (see draw.h).
 *
 * The drawing primitives (text, rectangles, lines, areas) are in gfx.c,
 * the charts in charts.c, the chain panel in chain.c.
 */
#include "draw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "chart.h"
#include "charts.h"
#include "gfx.h"
#include "labels.h"

/* ------------------------------------------------------------------ */
/* title                                                               */
/* ------------------------------------------------------------------ */

static void draw_title(vz_gfx *g, const vz_layout *L, const vz_app *a, int np, const int *idx)
{
    SDL_Rect t = L->title;
    gfx_fill(g, t.x, t.y, t.w, t.h, C_BAND);
    int lang = g->lang;
    char buf[160];
    int x = t.x + t.w - L->gap;
    /* right to left: help hint, speed, play state, date */
    if (a->still)
        goto date;
    x -= gfx_text_line(g, L->fs_tick, 0, C_TEXT2, x, t.y, t.h, RIGHT, vz_tr(lang, T_HELP_HINT));
    x -= L->gap * 2;
    if (a->paused)
        snprintf(buf, sizeof buf, "%s", vz_tr(lang, T_PAUSED));
    else
        vz_fmt_speed(buf, sizeof buf, vz_speed_hours(a->speed), lang);
    x -= gfx_text_line(g, L->fs_label, 0, VZ_C_INK, x, t.y, t.h, RIGHT, buf);
    x -= L->pad;
    int isz = L->fs_label;
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
date:
    vz_fmt_date_long(buf, sizeof buf, a->pan[idx[0]].now.day, lang);
    if (vz_app_now(a) >= vz_app_horizon(a)) {
        size_t k = strlen(buf);
        snprintf(buf + k, sizeof buf - k, " (%s)", vz_tr(lang, T_END));
    }
    x -= gfx_text_line(g, L->fs_number, 1, VZ_C_INK, x, t.y, t.h, RIGHT, buf);
    /* the title takes what is left */
    if (np == 1)
        snprintf(buf, sizeof buf, "%s \xc2\xb7 %s", vz_tr(lang, T_TITLE),
                 bb_scenario_name(a->pan[idx[0]].sc));
    else
        snprintf(buf, sizeof buf, "%s", vz_tr(lang, T_TITLE));
    gfx_text_fit(g, L->fs_title, 20, 1, VZ_C_INK, t.x + L->gap, t.y, t.h,
                 x - L->gap * 2 - t.x - L->gap, LEFT, buf, bb_scenario_name(a->pan[idx[0]].sc));
}

/* ------------------------------------------------------------------ */
/* KPI tiles                                                           */
/* ------------------------------------------------------------------ */

static void draw_kpi(vz_gfx *g, const vz_layout *L, SDL_Rect r, int label, const char *value,
                     uint32_t vc, const char *sub)
{
    gfx_fill(g, r.x, r.y, r.w, r.h, C_BOX);
    int x = r.x + L->pad, y = r.y + L->pad, w = r.w - 2 * L->pad;
    gfx_text_fit(g, L->fs_label, 16, 0, VZ_C_INK, x, y, L->lh_label, w, LEFT, vz_tr(g->lang, label),
                 vz_tr(g->lang, label + 1));
    y += L->lh_label;
    gfx_text_fit(g, L->fs_number, 18, 1, vc, x, y, L->lh_number, w, LEFT, value, NULL);
    y += L->lh_number;
    if (!L->compact)
        gfx_text_fit(g, L->fs_tick, 16, 0, C_TEXT2, x, y, L->lh_tick, w, LEFT, sub, NULL);
}

static void draw_kpis(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P, const vz_panel *p)
{
    const bb_state *st = &p->now;
    int lang = g->lang;
    char v[64], sub[128], num[48], num2[48];

    vz_fmt_num(v, sizeof v, st->protected_now, 0, lang);
    vz_fmt_num(num, sizeof num, st->waiting_unprotected, 0, lang);
    snprintf(sub, sizeof sub, "%s %s", num, vz_tr(lang, T_WAITING_LC));
    draw_kpi(g, L, P->kpi[0], T_KPI_PROTECTED, v, VZ_C_INK, sub);

    if (st->protected_total > 0)
        vz_fmt_pct(v, sizeof v, (double)st->within_target / (double)st->protected_total, lang);
    else
        snprintf(v, sizeof v, "\xe2\x80\x93");
    vz_fmt_num(num, sizeof num, chart_target_days(p), 0, lang);
    vz_fmt_num(num2, sizeof num2, bb_scenario_target_hours(p->sc, 1), 0, lang);
    if (lang == VZ_EN)
        snprintf(sub, sizeof sub, "target %s days, acute %s hours", num, num2);
    else
        snprintf(sub, sizeof sub, "norm %s dagen, acuut %s uur", num, num2);
    draw_kpi(g, L, P->kpi[1], T_KPI_WITHIN, v, VZ_C_INK, sub);

    vz_fmt_num(num, sizeof num, st->borrowed_fte, 0, lang);
    snprintf(v, sizeof v, "%s FTE", num);
    vz_fmt_num(num, sizeof num, st->borrowed_fte_years, 0, lang);
    snprintf(sub, sizeof sub, "%s %s %s %s", vz_tr(lang, T_TOTAL), num, vz_tr(lang, T_FTE_YEARS),
             vz_tr(lang, T_SINCE_START));
    draw_kpi(g, L, P->kpi[2], T_KPI_BORROWED, v, VZ_C_BORROW, sub);

    vz_fmt_money(v, sizeof v, st->cost_year, lang);
    if (st->line_budget_year > 0) {
        /* what the budget lines paid this year against their budget */
        char b[32];
        vz_fmt_money(num, sizeof num, st->line_cost_year, lang);
        vz_fmt_money(b, sizeof b, st->line_budget_year, lang);
        snprintf(sub, sizeof sub, "%s %s %s %s", num, vz_tr(lang, T_BUDGET), b,
                 vz_tr(lang, T_BUDGET_LINES));
    } else {
        vz_fmt_money(num, sizeof num, st->cost_to_date, lang);
        snprintf(sub, sizeof sub, "%s %s %s", vz_tr(lang, T_TOTAL), num, vz_tr(lang, T_SINCE_START));
    }
    draw_kpi(g, L, P->kpi[3], T_KPI_COST, v, VZ_C_INK, sub);
}

/* ------------------------------------------------------------------ */
/* the time axis and its marks                                         */
/* ------------------------------------------------------------------ */

static void draw_mark_label(char *buf, size_t n, const vz_mark *m, const vz_panel *p, int lang)
{
    if (m->kind != 'u') {
        snprintf(buf, n, "%s", m->label);
        return;
    }
    char name[40], f[16], t[16];
    if (m->pool == BB_STAGE_INFORMATION)
        snprintf(name, sizeof name, "%s", vz_tr(lang, T_INFO));
    else if (m->pool >= 0)
        snprintf(name, sizeof name, "%s %s", vz_tr(lang, T_SER_ADVICE),
                 vz_tr(lang, m->pool == BB_STAGE_ADVICE_CENTRAL ? T_CENTRAL : T_DECENTRAL));
    else
        vz_provider_short(name, sizeof name, bb_scenario_provider_name(p->sc, m->prov),
                          bb_scenario_provider_label(p->sc, m->prov), lang);
    vz_fmt_num(f, sizeof f, m->from, 0, lang);
    vz_fmt_num(t, sizeof t, m->to, 0, lang);
    snprintf(buf, n, "%s %s\xe2\x86\x92%s FTE", name, f, t);
}

/* The event time axis runs from x0 to x1 inside the timeline rect. */
static void draw_timeline_ends(const vz_layout *L, const vz_panel_layout *P, int *x0, int *x1)
{
    *x0 = P->timeline.x + L->fs_tick * 2;
    *x1 = P->timeline.x + P->timeline.w - L->fs_tick * 2;
}

static void draw_timeline(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P,
                          const vz_panel *p, double t1, double now)
{
    SDL_Rect T = P->timeline;
    int x0, x1;
    draw_timeline_ends(L, P, &x0, &x1);
    SDL_Rect ax = {x0, 0, x1 - x0, 1};
    int ay = T.y + L->lh_tick + L->fs_tick + L->pad / 2;
    int th = L->line + 2;
    gfx_fill(g, x0, ay - th / 2, x1 - x0, th, C_TRACK);
    int xn = (int)lroundf(chart_xpix(&ax, now, t1));
    gfx_fill(g, x0, ay - th / 2, xn - x0, th, 0x555555u);
    /* now: a black notch */
    gfx_fill(g, xn - 2, ay - th, 4, 2 * th, VZ_C_INK);

    char buf[96];
    int d0 = bb_scenario_start_day(p->sc);
    vz_dateticks dt;
    int maxn = (x1 - x0) / (L->fs_tick * 4);
    vz_date_ticks(d0, d0 + (int)floor(t1 / 24.0), maxn < 4 ? 4 : maxn > 8 ? 8 : maxn, &dt);
    for (int i = 0; i < dt.n; i++) {
        int x = (int)lroundf(chart_xpix(&ax, (dt.day[i] - d0) * 24.0, t1));
        gfx_fill(g, x - 1, ay + th / 2, 3, L->pad / 2, VZ_C_INK);
        vz_fmt_date_tick(buf, sizeof buf, dt.day[i], dt.step_months < 12, g->lang);
        gfx_text(g, L->fs_tick, 0, C_TEXT2, x, ay + th / 2 + L->pad / 2, CENTER, buf);
    }
    /* marks with their labels; a label that would overlap the one before
     * is left out (hover over the charts still shows the date) */
    int last_end = -100000;
    if (p->nmark == 0)
        gfx_text_fit(g, L->fs_tick, 16, 0, C_TEXT2, x0, T.y, L->lh_tick, x1 - x0, LEFT,
                     vz_tr(g->lang, T_NO_EVENTS), vz_tr(g->lang, T_NO_EVENTS_SHORT));
    int order[VZ_MAX_MARKS];
    for (int i = 0; i < p->nmark; i++) { /* by time (insertion sort; few marks) */
        int j = i;
        while (j > 0 && p->mark[order[j - 1]].t > p->mark[i].t) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    for (int k = 0; k < p->nmark; k++) {
        const vz_mark *m = &p->mark[order[k]];
        if (m->t < 0 || m->t > t1)
            continue;
        int x = (int)lroundf(chart_xpix(&ax, m->t, t1));
        gfx_event_mark(g, (float)x, (float)(ay - th / 2 - L->fs_tick * 0.55f), L->fs_tick * 0.45f,
                       0);
        draw_mark_label(buf, sizeof buf, m, p, g->lang);
        int w = gfx_text_w(g, L->fs_tick, 0, buf);
        int lx = x - L->fs_tick / 2;
        if (lx + w > T.x + T.w)
            lx = T.x + T.w - w;
        if (lx > last_end + L->pad) {
            gfx_text_line(g, L->fs_tick, 0, VZ_C_INK, lx, T.y, L->lh_tick, LEFT, buf);
            last_end = lx + w;
        }
    }
}

/* Over the time axis: the date and label of the nearest mark. */
static int draw_hover_marks(vz_gfx *g, const vz_layout *L, const vz_app *a, const int *idx, int np)
{
    for (int k = 0; k < np; k++) {
        const vz_panel_layout *P = &L->p[k];
        if (!vz_in_rect(&P->timeline, a->mouse_x, a->mouse_y))
            continue;
        const vz_panel *p = &a->pan[idx[k]];
        int x0, x1, best = -1, bd = L->fs_tick;
        draw_timeline_ends(L, P, &x0, &x1);
        SDL_Rect ax = {x0, 0, x1 - x0, 1};
        for (int i = 0; i < p->nmark; i++) {
            float x = chart_xpix(&ax, p->mark[i].t, vz_app_horizon(a));
            int d = abs((int)lroundf(x) - a->mouse_x);
            if (d <= bd) {
                bd = d;
                best = i;
            }
        }
        if (best < 0)
            return 1;
        char lines[2][96];
        uint32_t lc[2] = {VZ_C_INK, VZ_C_BG};
        int day = bb_scenario_start_day(p->sc) + (int)floor(p->mark[best].t / 24.0);
        vz_fmt_date_long(lines[0], sizeof lines[0], day, g->lang);
        draw_mark_label(lines[1], sizeof lines[1], &p->mark[best], p, g->lang);
        gfx_tooltip(g, L, a->mouse_x, a->mouse_y - L->lh_label * 2, lines, lc, 2);
        return 1;
    }
    return 0;
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
        gfx_text_fit(g, L->fs_label, 16, 0, VZ_C_INK, x + 2 * L->pad + kw + L->gap, ly, L->lh_label,
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
    gfx_text_fit(g, L->fs_label, 16, 0, 0xFFFFFFu, x + 2 * L->pad, y + L->pad, L->lh_label,
                 w - 4 * L->pad, LEFT, msg, NULL);
}

/* ------------------------------------------------------------------ */
/* the whole view                                                      */
/* ------------------------------------------------------------------ */

void vz_draw(vz_gfx *g, const vz_app *a, int w, int h)
{
    gfx_begin(g, a->lang);
    vz_layout L;
    vz_app_layout(a, w, h, &L);
    int idx[2];
    int np = vz_app_visible(a, idx);

    gfx_clear(g, VZ_C_BG);
    draw_title(g, &L, a, np, idx);

    /* shared scales over the visible panels */
    chart_axes ax[VZ_CHARTS];
    for (int c = 0; c < VZ_CHARTS; c++) {
        double m = chart_max(a, c, idx, np);
        int ticks = vz_ticks_for(L.p[0].plot[0].h, L.lh_tick * 2);
        vz_nice_ticks(0, m, 4, ticks, c == VZ_CH_QUEUE, &ax[c].y);
        ax[c].t1 = vz_app_horizon(a);
    }
    double qs = chain_queue_scale(a, idx, np);

    for (int k = 0; k < np; k++) {
        const vz_panel *p = &a->pan[idx[k]];
        const vz_panel_layout *P = &L.p[k];
        if (P->header.h > 0) {
            char buf[160];
            snprintf(buf, sizeof buf, "%c \xc2\xb7 %s", idx[k] ? 'B' : 'A', bb_scenario_name(p->sc));
            gfx_text_fit(g, L.fs_label, 16, 1, VZ_C_INK, P->header.x, P->header.y, L.lh_label,
                         P->header.w, LEFT, buf, NULL);
        }
        chain_draw(g, &L, P, a, p, qs);
        for (int c = 0; c < P->ncharts; c++)
            chart_draw(g, &L, P, c, a, p, &ax[P->chart_id[c]]);
        draw_kpis(g, &L, P, p);
        draw_timeline(g, &L, P, p, vz_app_horizon(a), vz_app_now(a));
    }
    if (np == 2) {
        int x = L.p[1].area.x - L.gap / 2 - 1;
        gfx_fill(g, x, L.p[0].area.y, 3, L.p[0].area.h, 0x999999u);
    }
    if (a->mouse_in && !draw_hover_marks(g, &L, a, idx, np))
        chart_hover(g, &L, a, idx, np, ax);
    if (a->help)
        draw_help(g, &L);
    if (a->error[0])
        draw_toast(g, &L, a->error, VZ_C_BORROW);
    else if (a->toast[0] && a->clock < a->toast_until)
        draw_toast(g, &L, a->toast, 0x222222u);
    gfx_end(g);
}


int vz_offscreen_open(vz_offscreen *o, int w, int h, char *err, size_t errn)
{
    memset(o, 0, sizeof *o);
    int vw, vh;
    int scaled = vz_virtual_size(w, h, &vw, &vh);
    o->surf = SDL_CreateRGBSurfaceWithFormat(0, vw, vh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!o->surf) {
        snprintf(err, errn, "cannot create a %dx%d surface: %s", vw, vh, SDL_GetError());
        return -1;
    }
    o->out = o->surf;
    if (scaled) {
        o->out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!o->out) {
            snprintf(err, errn, "cannot create a %dx%d surface: %s", w, h, SDL_GetError());
            vz_offscreen_close(o);
            return -1;
        }
    }
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
    if (o->out != o->surf)
        SDL_SoftStretchLinear(o->surf, NULL, o->out, NULL);
    return o->out;
}

void vz_offscreen_close(vz_offscreen *o)
{
    vz_gfx_free(o->g);
    if (o->r)
        SDL_DestroyRenderer(o->r);
    if (o->out && o->out != o->surf)
        SDL_FreeSurface(o->out);
    if (o->surf)
        SDL_FreeSurface(o->surf);
    memset(o, 0, sizeof *o);
}
