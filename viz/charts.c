/*
 * charts.c - the queue, capacity and lead-time charts (see charts.h):
 * which series each shows, their values in a state, the shared maximum,
 * and the drawing of title, legend, axes, series, marks and hover.
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>

#include "labels.h"

/* ------------------------------------------------------------------ */
/* the series and their values                                         */
/* ------------------------------------------------------------------ */

/* The series of a chart: legend name, colour and how it is drawn. */
enum { S_LINE, S_DASH, S_AREA };
typedef struct sdef {
    int text;
    uint32_t rgb;
    int kind;
} sdef;

static const sdef QUEUE_S[] = {{T_INFO, VZ_C_INFO, S_LINE},
                               {T_SER_ADVICE, VZ_C_ADVICE, S_LINE},
                               {T_DECISION, VZ_C_DECISION, S_LINE},
                               {T_SER_WAITING, VZ_C_WAIT, S_LINE}};
static const sdef CAP_S[] = {{T_SER_USE, VZ_C_USE, S_AREA},
                             {T_SER_BORROWED, VZ_C_BORROW, S_AREA},
                             {T_SER_CAPACITY, VZ_C_INK, S_LINE}};
static const sdef LEAD_S[] = {{T_SER_P50, VZ_C_WAIT, S_LINE},
                              {T_SER_P90, VZ_C_WAIT, S_DASH},
                              {T_SER_TARGET, VZ_C_INK, S_DASH}};

static int chart_series(int chart, const sdef **s)
{
    switch (chart) {
    case VZ_CH_QUEUE:
        *s = QUEUE_S;
        return 4;
    case VZ_CH_CAPACITY:
        *s = CAP_S;
        return 3;
    default:
        *s = LEAD_S;
        return 3;
    }
}

/* The provider the capacity chart shows in panel p (-1: all). */
static int chart_prov(const vz_app *a, const vz_panel *p)
{
    return a->sel_prov >= 0 && a->sel_prov < p->now.n_providers ? a->sel_prov : -1;
}

/* Value of series `ser` of a chart in a state; for stacked areas the top
 * of the stack. NaN when there is no value (no one protected yet). */
static double chart_value(int chart, int ser, const bb_state *st, int prov, double target_d)
{
    switch (chart) {
    case VZ_CH_QUEUE:
        switch (ser) {
        case 0: return st->queue[BB_STAGE_INFORMATION];
        case 1: return st->queue[BB_STAGE_ADVICE_DECENTRAL] + st->queue[BB_STAGE_ADVICE_CENTRAL];
        case 2: return st->queue[BB_STAGE_DECISION];
        default: return st->waiting_unprotected;
        }
    case VZ_CH_CAPACITY: {
        double use = 0, cap = 0;
        if (prov >= 0) {
            use = st->prov_used[prov];
            cap = st->prov_capacity[prov];
        } else {
            for (int i = 0; i < st->n_providers; i++) {
                use += st->prov_used[i];
                cap += st->prov_capacity[i];
            }
        }
        return ser == 0 ? use : ser == 1 ? use + (prov < 0 ? st->borrowed_fte : 0) : cap;
    }
    default:
        if (ser == 2)
            return target_d;
        if (st->protected_total == 0)
            return NAN;
        return (ser == 0 ? st->lead_p50_h : st->lead_p90_h) / 24.0;
    }
}

/* The value shown for hover (the borrowed part, not the stack top). */
static double chart_shown(int chart, int ser, const bb_state *st, int prov, double target_d)
{
    if (chart == VZ_CH_CAPACITY && ser == 1)
        return prov < 0 ? st->borrowed_fte : NAN;
    return chart_value(chart, ser, st, prov, target_d);
}

double chart_target_days(const vz_panel *p) { return bb_scenario_target_hours(p->sc, 0) / 24.0; }

/* The state at sample i of a panel, where i == hist.n means now. */
const bb_state *chart_sample(const vz_panel *p, int i)
{
    return i < p->hist.n ? &p->hist.s[i] : &p->now;
}

int chart_nsamples(const vz_panel *p)
{
    int n = p->hist.n;
    return (n == 0 || p->now.t > p->hist.s[n - 1].t) ? n + 1 : n;
}

/* The largest value of a chart over the visible panels (same scale for
 * A and B). */
double chart_max(const vz_app *a, int chart, const int *idx, int n)
{
    double m = 0;
    const sdef *sd;
    int ns = chart_series(chart, &sd);
    for (int k = 0; k < n; k++) {
        const vz_panel *p = &a->pan[idx[k]];
        int prov = chart_prov(a, p);
        double td = chart_target_days(p);
        int cnt = chart_nsamples(p);
        for (int i = 0; i < cnt; i++)
            for (int s = 0; s < ns; s++) {
                double v = chart_value(chart, s, chart_sample(p, i), prov, td);
                if (v > m)
                    m = v;
            }
    }
    return m;
}

/* ------------------------------------------------------------------ */
/* drawing                                                             */
/* ------------------------------------------------------------------ */

float chart_xpix(const SDL_Rect *r, double t, double t1)
{
    return (float)vz_scale(t, 0, t1, r->x, r->x + r->w);
}

static float chart_ypix(const SDL_Rect *r, double v, const vz_ticks *y)
{
    return (float)vz_scale(v, y->lo, y->hi, r->y + r->h, r->y);
}

static void chart_draw_legend(vz_gfx *g, const vz_layout *L, SDL_Rect c, int rows, const sdef *sd,
                              int ns, int skip)
{
    int x = c.x, y = c.y + L->lh_label, row = 0;
    int sw = (int)(L->fs_tick * 1.4);
    for (int s = 0; s < ns; s++) {
        if (s == skip)
            continue;
        const char *name = vz_tr(g->lang, sd[s].text);
        int w = sw + L->pad / 2 + gfx_text_w(g, L->fs_tick, 0, name);
        if (x > c.x && x + w > c.x + c.w) {
            if (++row >= rows)
                break; /* no room: leave the rest out rather than overlap */
            x = c.x;
            y += L->lh_tick;
        }
        float cy = y + L->lh_tick / 2.0f;
        if (sd[s].kind == S_AREA) {
            int hsz = L->fs_tick * 3 / 4;
            gfx_fill(g, x, (int)(cy - hsz / 2.0f), sw, hsz, sd[s].rgb);
        } else {
            float xs[2] = {(float)x, (float)(x + sw)}, ys[2] = {cy, cy};
            gfx_polyline(g, xs, ys, 2, (float)L->line, sd[s].kind == S_DASH ? sw / 2.6f : 0,
                         sd[s].rgb);
        }
        gfx_text_line(g, L->fs_tick, 0, C_TEXT2, x + sw + L->pad / 2, y, L->lh_tick, LEFT, name);
        x += w + L->pad * 3 / 2;
    }
}

static void chart_draw_axes(vz_gfx *g, const vz_layout *L, const SDL_Rect *pr, const chart_axes *ax,
                            const vz_panel *p, int decimals)
{
    char buf[64];
    /* y grid and ticks */
    for (int i = 0; i < ax->y.n; i++) {
        float y = chart_ypix(pr, ax->y.v[i], &ax->y);
        if (i > 0)
            gfx_fill(g, pr->x, (int)lroundf(y) - 1, pr->w, 2, C_GRID);
        vz_fmt_num(buf, sizeof buf, ax->y.v[i], decimals, g->lang);
        gfx_text(g, L->fs_tick, 0, C_TEXT2, pr->x - L->pad / 2,
                 (int)lroundf(y) - gfx_font_h(g, L->fs_tick, 0) / 2, RIGHT, buf);
    }
    /* date ticks on the x axis */
    int d0 = bb_scenario_start_day(p->sc);
    int d1 = d0 + (int)floor(ax->t1 / 24.0);
    vz_dateticks dt;
    int maxn = pr->w / (L->fs_tick * 4);
    vz_date_ticks(d0, d1, maxn < 4 ? 4 : maxn > 8 ? 8 : maxn, &dt);
    int ty = pr->y + pr->h;
    for (int i = 0; i < dt.n; i++) {
        float x = chart_xpix(pr, (dt.day[i] - d0) * 24.0, ax->t1);
        gfx_fill(g, (int)lroundf(x) - 1, ty, 3, L->pad / 2, VZ_C_INK);
        vz_fmt_date_tick(buf, sizeof buf, dt.day[i], dt.step_months < 12, g->lang);
        gfx_text(g, L->fs_tick, 0, C_TEXT2, (int)lroundf(x), ty + L->pad / 2, CENTER, buf);
    }
    /* the axes themselves */
    int t = L->line > 3 ? L->line - 1 : 3;
    gfx_fill(g, pr->x - t, ty - t / 2, pr->w + t, t, VZ_C_INK);
    gfx_fill(g, pr->x - t, pr->y, t, pr->h + t / 2, VZ_C_INK);
}

void chart_draw(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P, int pos, const vz_app *a,
                const vz_panel *p, const chart_axes *ax)
{
    int chart = P->chart_id[pos];
    SDL_Rect c = P->chart[pos];
    const SDL_Rect *pr = &P->plot[pos];
    const sdef *sd;
    int ns = chart_series(chart, &sd);
    int prov = chart_prov(a, p);
    double td = chart_target_days(p);

    /* title */
    char title[160], alt[160];
    if (chart == VZ_CH_CAPACITY) {
        char name[64];
        if (prov >= 0)
            vz_provider_short(name, sizeof name, bb_scenario_provider_name(p->sc, prov),
                              bb_scenario_provider_label(p->sc, prov), g->lang);
        else
            snprintf(name, sizeof name, "%s", vz_tr(g->lang, T_ALL_PROVIDERS));
        snprintf(title, sizeof title, "%s: %s", vz_tr(g->lang, T_CH_CAPACITY), name);
        if (prov >= 0)
            snprintf(alt, sizeof alt, "%s: %s", vz_tr(g->lang, T_CH_CAPACITY_SHORT), name);
        else
            snprintf(alt, sizeof alt, "%s", vz_tr(g->lang, T_CH_CAPACITY_SHORT));
    } else {
        int q = chart == VZ_CH_QUEUE;
        snprintf(title, sizeof title, "%s", vz_tr(g->lang, q ? T_CH_QUEUE : T_CH_LEAD));
        snprintf(alt, sizeof alt, "%s", vz_tr(g->lang, q ? T_CH_QUEUE_SHORT : T_CH_LEAD_SHORT));
    }
    gfx_text_fit(g, L->fs_label, 16, 1, VZ_C_INK, c.x, c.y, L->lh_label, c.w, LEFT, title, alt);
    chart_draw_legend(g, L, c, P->legend_rows, sd, ns,
                      chart == VZ_CH_CAPACITY && prov >= 0 ? 1 : -1);

    int decimals = ax->y.decimals;
    chart_draw_axes(g, L, pr, ax, p, decimals);

    /* series */
    int n = chart_nsamples(p);
    float *buf = gfx_scratch(g, 4 * n + 4);
    if (!buf)
        return;
    float *xs = buf, *y0 = buf + n, *y1 = buf + 2 * n, *base = buf + 3 * n;
    for (int i = 0; i < n; i++) {
        xs[i] = chart_xpix(pr, chart_sample(p, i)->t, ax->t1);
        base[i] = (float)(pr->y + pr->h);
    }
    float lw = (float)L->line;
    if (chart == VZ_CH_CAPACITY) {
        for (int i = 0; i < n; i++) {
            y0[i] = chart_ypix(pr, chart_value(chart, 0, chart_sample(p, i), prov, td), &ax->y);
            y1[i] = chart_ypix(pr, chart_value(chart, 1, chart_sample(p, i), prov, td), &ax->y);
        }
        gfx_area(g, xs, y0, base, n, VZ_C_USE);
        if (prov < 0)
            gfx_area(g, xs, y1, y0, n, VZ_C_BORROW);
        for (int i = 0; i < n; i++)
            y0[i] = chart_ypix(pr, chart_value(chart, 2, chart_sample(p, i), prov, td), &ax->y);
        gfx_polyline(g, xs, y0, n, lw, 0, VZ_C_INK);
    } else {
        for (int s = ns - 1; s >= 0; s--) {
            if (chart == VZ_CH_LEAD && s == 2) {
                /* the target: a dashed line over the whole width with its value */
                float ty = chart_ypix(pr, td, &ax->y);
                float xx[2] = {(float)pr->x, (float)(pr->x + pr->w)}, yy[2] = {ty, ty};
                gfx_polyline(g, xx, yy, 2, lw, lw * 4, VZ_C_INK);
                char v[64], lab[96];
                vz_fmt_num(v, sizeof v, td, td < 10 ? 1 : 0, g->lang);
                snprintf(lab, sizeof lab, "%s %s %s", vz_tr(g->lang, T_SER_TARGET), v,
                         vz_tr(g->lang, T_DAYS));
                int tw = gfx_text_w(g, L->fs_tick, 0, lab), fh = gfx_font_h(g, L->fs_tick, 0);
                int lx = pr->x + pr->w - L->pad / 2 - tw, ly = (int)ty - fh - L->line;
                gfx_fill(g, lx - 3, ly, tw + 6, fh, VZ_C_BG);
                gfx_text(g, L->fs_tick, 0, VZ_C_INK, lx, ly, LEFT, lab);
                continue;
            }
            for (int i = 0; i < n; i++) {
                double v = chart_value(chart, s, chart_sample(p, i), prov, td);
                y0[i] = isnan(v) ? NAN : chart_ypix(pr, v, &ax->y);
            }
            gfx_polyline(g, xs, y0, n, lw, sd[s].kind == S_DASH ? lw * 3.5f : 0, sd[s].rgb);
        }
    }

    /* scenario events and slider changes on the x axis */
    for (int i = 0; i < p->nmark; i++) {
        if (p->mark[i].t < 0 || p->mark[i].t > ax->t1)
            continue;
        float x = chart_xpix(pr, p->mark[i].t, ax->t1);
        gfx_event_mark(g, x, (float)(pr->y + pr->h) - L->fs_tick * 0.45f, L->fs_tick * 0.4f, 1);
    }
}

/* The vertical guide and the values under the mouse. */
void chart_hover(vz_gfx *g, const vz_layout *L, const vz_app *a, const int *idx, int np,
                 const chart_axes *ax)
{
    int hit_k = -1, hit_c = -1;
    for (int k = 0; k < np; k++)
        for (int c = 0; c < L->p[k].ncharts; c++) {
            SDL_Rect r = L->p[k].plot[c];
            if (vz_in_rect(&r, a->mouse_x, a->mouse_y)) {
                hit_k = k;
                hit_c = c;
            }
        }
    if (hit_k < 0)
        return;
    const SDL_Rect *hr = &L->p[hit_k].plot[hit_c];
    double t = vz_unscale(a->mouse_x, 0, ax[0].t1, hr->x, hr->x + hr->w);
    hit_c = L->p[hit_k].chart_id[hit_c];
    if (t > vz_app_now(a))
        t = vz_app_now(a);
    if (t < 0)
        t = 0;
    /* guides in every chart of every panel */
    for (int k = 0; k < np; k++)
        for (int c = 0; c < L->p[k].ncharts; c++) {
            const SDL_Rect *pr = &L->p[k].plot[c];
            float x = chart_xpix(pr, t, ax[0].t1);
            gfx_fill(g, (int)lroundf(x) - 1, pr->y, 3, pr->h, C_ARROW);
        }
    /* the values of the chart under the mouse */
    const vz_panel *p = &a->pan[idx[hit_k]];
    int i = vz_history_nearest(&p->hist, t);
    const bb_state *st = &p->now;
    if (i >= 0 && fabs(p->hist.s[i].t - t) <= fabs(p->now.t - t))
        st = &p->hist.s[i];
    const sdef *sd;
    int ns = chart_series(hit_c, &sd);
    int prov = chart_prov(a, p);
    char lines[5][96];
    uint32_t lc[5];
    int nl = 0;
    vz_fmt_date_long(lines[nl], sizeof lines[0], st->day, g->lang);
    lc[nl++] = VZ_C_INK;
    for (int s = 0; s < ns && nl < 5; s++) {
        double v = chart_shown(hit_c, s, st, prov, chart_target_days(p));
        if (isnan(v))
            continue;
        char num[48];
        vz_fmt_num(num, sizeof num, v, hit_c == VZ_CH_LEAD ? 1 : 0, g->lang);
        snprintf(lines[nl], sizeof lines[0], "%s: %s", vz_tr(g->lang, sd[s].text), num);
        lc[nl++] = sd[s].rgb == VZ_C_EVENT ? VZ_C_INK : sd[s].rgb;
    }
    gfx_tooltip(g, L, a->mouse_x, a->mouse_y, lines, lc, nl);
}
