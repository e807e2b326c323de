/*
 * charts.c - the queue, capacity, borrowing and lead-time charts (see
 * charts.h): which series each shows, their values in a state, the
 * scales of both panels, and the drawing of title, legend, axes, band,
 * ghost, series, marks and hover.
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>

#include "bands.h"
#include "labels.h"
#include "story.h"

/* ------------------------------------------------------------------ */
/* the series and their values                                         */
/* ------------------------------------------------------------------ */

/* The series of a chart: legend name, colour and how it is drawn. */
enum { S_LINE, S_DASH, S_AREA, S_HATCH, S_BAR };
typedef struct sdef {
    int text;
    uint32_t rgb;
    int kind;
} sdef;

/* value ids */
enum {
    V_INFO, V_ADVICE, V_DECISION, V_WAITING, V_CHAIN, V_USE, V_OVER, V_CAP, V_BORROWED,
    V_PACKAGE, V_LIMIT, V_BINDS, V_P50, V_P90, V_TARGET
};
typedef struct series {
    sdef d;
    int v;
} series;

static const series QUEUE_S[] = {{{T_INFO, VZ_C_INFO, S_LINE}, V_INFO},
                                 {{T_SER_ADVICE, VZ_C_ADVICE, S_LINE}, V_ADVICE},
                                 {{T_DECISION, VZ_C_DECISION, S_LINE}, V_DECISION},
                                 {{T_SER_WAITING, VZ_C_WAIT, S_LINE}, V_WAITING}};
static const series QUEUE_ROOM_S[] = {{{T_SER_CHAIN, VZ_C_ADVICE, S_LINE}, V_CHAIN},
                                      {{T_SER_WAITING, VZ_C_WAIT, S_LINE}, V_WAITING}};
static const series CAP_S[] = {{{T_SER_USE, VZ_C_USE, S_AREA}, V_USE},
                               {{T_SER_OVER, VZ_C_OVER, S_HATCH}, V_OVER},
                               {{T_SER_CAPACITY, VZ_C_INK, S_LINE}, V_CAP}};
static const series BORROW_S[] = {{{T_SER_PACKAGES, VZ_C_BORROW, S_HATCH}, V_PACKAGE},
                                  {{T_SER_INTERIM, VZ_C_BORROW_TINT, S_AREA}, V_BORROWED},
                                  {{T_SER_LIMIT, VZ_C_INK, S_DASH}, V_LIMIT},
                                  {{T_SER_BINDS, VZ_C_WORSE, S_BAR}, V_BINDS}};
static const series LEAD_S[] = {{{T_SER_P50, VZ_C_WAIT, S_LINE}, V_P50},
                                {{T_SER_P90, VZ_C_WAIT, S_DASH}, V_P90},
                                {{T_SER_TARGET, VZ_C_INK, S_DASH}, V_TARGET}};

static int chart_series(int chart, int room, const series **s)
{
    switch (chart) {
    case VZ_CH_QUEUE:
        *s = room ? QUEUE_ROOM_S : QUEUE_S;
        return room ? 2 : 4;
    case VZ_CH_CAPACITY:
        *s = CAP_S;
        return 3;
    case VZ_CH_BORROW:
        *s = BORROW_S;
        return 4;
    default:
        *s = LEAD_S;
        return 3;
    }
}

/* The value of a chart's main series: what the ghost and bands show. */
static int chart_main(int chart)
{
    static const int M[VZ_CHARTS] = {V_WAITING, V_USE, V_BORROWED, V_P90};
    return M[chart];
}

/* The provider the capacity chart shows in panel p (-1: all). */
static int chart_prov(const vz_app *a, const vz_panel *p)
{
    return a->sel_prov >= 0 && a->sel_prov < p->now.n_providers ? a->sel_prov : -1;
}

/* Value v of a state; NaN when there is none (nobody protected yet). */
static double value(int v, const bb_state *st, int prov, double target_d)
{
    double use = 0, cap = 0;
    if (v == V_USE || v == V_OVER || v == V_CAP) {
        for (int i = 0; i < st->n_providers; i++)
            if (prov < 0 || i == prov) {
                use += st->prov_used[i];
                cap += st->prov_capacity[i];
            }
    }
    switch (v) {
    case V_INFO: return st->queue[BB_STAGE_INFORMATION];
    case V_ADVICE: return st->queue[BB_STAGE_ADVICE_DECENTRAL] + st->queue[BB_STAGE_ADVICE_CENTRAL];
    case V_DECISION: return st->queue[BB_STAGE_DECISION];
    case V_WAITING: return st->waiting_unprotected;
    case V_CHAIN:
        return st->queue[BB_STAGE_INFORMATION] + st->queue[BB_STAGE_ADVICE_DECENTRAL] +
               st->queue[BB_STAGE_ADVICE_CENTRAL] + st->queue[BB_STAGE_DECISION];
    case V_USE: return use;
    case V_OVER: return fmax(0.0, use - cap);
    case V_CAP: return cap;
    case V_BORROWED: return st->borrowed_fte;
    case V_PACKAGE: return st->borrowed_fte - st->borrowed_acute_fte;
    case V_LIMIT: return vz_borrow_limit(st);
    case V_BINDS: return vz_borrow_binds(st);
    case V_P50: return st->protected_total ? st->lead_p50_h / 24.0 : NAN;
    case V_P90: return st->protected_total ? st->lead_p90_h / 24.0 : NAN;
    default: return target_d;
    }
}

double chart_target_days(const vz_panel *p) { return bb_scenario_target_hours(p->sc, 0) / 24.0; }

const bb_state *chart_sample(const vz_panel *p, int i)
{
    return i < p->hist.n ? &p->hist.s[i] : &p->now;
}

int chart_nsamples(const vz_panel *p)
{
    int n = p->hist.n;
    return (n == 0 || p->now.t > p->hist.s[n - 1].t) ? n + 1 : n;
}

/* The ghost's samples, as chart_sample and chart_nsamples. */
static const bb_state *ghost_sample(const vz_panel *p, int i)
{
    return i < p->ghost_hist.n ? &p->ghost_hist.s[i] : &p->ghost_now;
}

static int ghost_nsamples(const vz_panel *p)
{
    if (!p->ghost)
        return 0;
    int n = p->ghost_hist.n;
    return (n == 0 || p->ghost_now.t > p->ghost_hist.s[n - 1].t) ? n + 1 : n;
}

/* Does value v ever show in a panel's samples? (overrun, binding and the
 * limit may not) */
static int present(const vz_panel *p, int v, int prov)
{
    if (v == V_BORROWED) /* the interim part: when there is one */
        v = -1;
    else if (v != V_OVER && v != V_BINDS && v != V_LIMIT)
        return 1;
    for (int i = 0, n = chart_nsamples(p); i < n; i++) {
        const bb_state *st = chart_sample(p, i);
        double x = v < 0 ? st->borrowed_acute_fte : value(v, st, prov, 0);
        if (v == V_LIMIT ? isfinite(x) : x > (v == V_OVER ? 0.05 : 0.5))
            return 1;
    }
    return 0;
}

/* The band of a panel's chart up to now: n periods. */
static int band_of(const vz_app *a, int pi, int chart, int prov, const double **t,
                   const float **lo, const float **mid, const float **hi)
{
    if (!a->bands || prov >= 0 || vz_bands_state(a->bands, NULL, 0) != 1)
        return 0;
    int n = vz_bands_series(a->bands, pi, chart, t, lo, mid, hi);
    while (n > 0 && (*t)[n - 1] > vz_app_now(a) + 1e-6)
        n--;
    return n;
}

/* The largest value of a chart in one panel: series, ghost and band. */
static double panel_max(const vz_app *a, const vz_layout *L, int chart, int pi)
{
    const vz_panel *p = &a->pan[pi];
    const series *sd;
    int ns = chart_series(chart, L->room, &sd);
    int prov = chart == VZ_CH_CAPACITY ? chart_prov(a, p) : -1;
    double td = chart_target_days(p), m = 0;
    for (int i = 0, cnt = chart_nsamples(p); i < cnt; i++)
        for (int s = 0; s < ns; s++)
            if (sd[s].v != V_BINDS && sd[s].v != V_OVER)
                m = fmax(m, value(sd[s].v, chart_sample(p, i), prov, td));
    for (int i = 0, cnt = ghost_nsamples(p); i < cnt; i++)
        m = fmax(m, value(chart_main(chart), ghost_sample(p, i), prov, td));
    const double *t;
    const float *lo, *mid, *hi;
    int nb = band_of(a, pi, chart, prov, &t, &lo, &mid, &hi);
    for (int i = 0; i < nb; i++)
        if (isfinite(hi[i]))
            m = fmax(m, hi[i]);
    return isfinite(m) ? m : 0;
}

void chart_scales(const vz_app *a, const vz_layout *L, const int *idx, int n,
                  chart_axes ax[VZ_MAX_PANELS][VZ_CHARTS])
{
    int ticks = vz_ticks_for(L->p[0].plot[0].h, L->lh_tick * 2);
    for (int c = 0; c < VZ_CHARTS; c++) {
        double m[2] = {0, 0};
        for (int k = 0; k < n; k++)
            m[k] = panel_max(a, L, c, idx[k]);
        double big = fmax(m[0], m[1]), small = n == 2 ? fmin(m[0], m[1]) : big;
        int own = n == 2 && big > 0 && small < 0.4 * big;
        for (int k = 0; k < VZ_MAX_PANELS; k++) {
            vz_nice_ticks(0, own ? m[k < n ? k : 0] : big, 4, ticks, c == VZ_CH_QUEUE, &ax[k][c].y);
            ax[k][c].t1 = vz_app_horizon(a);
            ax[k][c].own = own;
        }
    }
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

/* One legend entry's swatch at (x, y) in a line of lh_tick. */
static void swatch(vz_gfx *g, const vz_layout *L, int x, int y, int sw, const sdef *d)
{
    float cy = y + L->lh_tick / 2.0f;
    int hsz = L->fs_tick * 3 / 4;
    SDL_Rect r = {x, (int)(cy - hsz / 2.0f), sw, hsz};
    if (d->kind == S_AREA) {
        gfx_fill(g, r.x, r.y, r.w, r.h, d->rgb);
    } else if (d->kind == S_HATCH) {
        gfx_fill(g, r.x, r.y, r.w, r.h, d->rgb == VZ_C_OVER ? VZ_C_USE : d->rgb);
        gfx_hatch_rect(g, r, d->rgb == VZ_C_OVER ? VZ_C_OVER : VZ_C_BORROW_DARK, 7, 3);
    } else if (d->kind == S_BAR) {
        gfx_fill(g, r.x, (int)cy - L->line, r.w, 2 * L->line, d->rgb);
    } else {
        float xs[2] = {(float)x, (float)(x + sw)}, ys[2] = {cy, cy};
        gfx_polyline(g, xs, ys, 2, (float)L->line, d->kind == S_DASH ? sw / 2.6f : 0, d->rgb);
    }
}

/* The legend: entries in rows below the title; in the room view it
 * starts on the title's line after the title (from x0). An entry that
 * does not fit is left out (and counted as cut). */
static void chart_draw_legend(vz_gfx *g, const vz_layout *L, SDL_Rect c, int rows, int x0,
                              const sdef *const *sd, const char *const *names, int ns, int own)
{
    /* own: a dark badge first (the panel's header carries it instead) */
    int line = L->room && x0 < c.x + c.w ? -1 : 0; /* -1: the title's line */
    int x = line < 0 ? x0 : c.x;
    int y = line < 0 ? c.y + (L->lh_label - L->lh_tick) / 2 : c.y + L->lh_label;
    int sw = (int)(L->fs_tick * 1.4);
    for (int s = own ? -1 : 0; s < ns; s++) {
        /* s == -1: the mark of a side with its own scale, a dark badge */
        const char *name = s < 0 ? vz_tr(g->lang, T_OWN_SCALE) : names[s];
        int w = s < 0 ? gfx_text_w(g, L->fs_tick, 1, name) + L->pad
                      : sw + L->pad / 2 + gfx_text_w(g, L->fs_tick, 0, name);
        if (x + w > c.x + c.w && !(line >= 0 && x == c.x)) {
            if (++line >= rows) {
                gfx_cut(g, name); /* no room: leave the rest out rather than overlap */
                break;
            }
            x = c.x;
            y = c.y + L->lh_label + line * L->lh_tick;
        }
        if (w > c.w)
            gfx_cut(g, name);
        if (s < 0) {
            gfx_fill(g, x, y, w, L->lh_tick, C_TEXT2);
            gfx_text_line(g, L->fs_tick, 1, VZ_C_BG, x + L->pad / 2, y, L->lh_tick, LEFT, name);
        } else {
            swatch(g, L, x, y, sw, sd[s]);
            gfx_text_line(g, L->fs_tick, 0, C_TEXT2, x + sw + L->pad / 2, y, L->lh_tick, LEFT,
                          name);
        }
        x += w + L->pad * 3 / 2;
    }
}

static void chart_draw_axes(vz_gfx *g, const vz_layout *L, const SDL_Rect *pr, const chart_axes *ax,
                            const vz_panel *p)
{
    char buf[64];
    uint32_t tc = ax->own ? VZ_C_INK : C_TEXT2;
    for (int i = 0; i < ax->y.n; i++) {
        float y = chart_ypix(pr, ax->y.v[i], &ax->y);
        if (i > 0)
            gfx_fill(g, pr->x, (int)lroundf(y) - 1, pr->w, 2, C_GRID);
        vz_fmt_num(buf, sizeof buf, ax->y.v[i], ax->y.decimals, g->lang);
        gfx_text(g, L->fs_tick, ax->own, tc, pr->x - L->pad / 2,
                 (int)lroundf(y) - gfx_font_h(g, L->fs_tick, 0) / 2, RIGHT, buf);
    }
    int d0 = bb_scenario_start_day(p->sc);
    int d1 = d0 + (int)floor(ax->t1 / 24.0);
    vz_dateticks dt;
    int maxn = pr->w / (L->fs_tick * 4);
    vz_date_ticks(d0, d1, maxn < 2 ? 2 : maxn > 8 ? 8 : maxn, &dt);
    int ty = pr->y + pr->h;
    for (int i = 0; i < dt.n; i++) {
        float x = chart_xpix(pr, (dt.day[i] - d0) * 24.0, ax->t1);
        gfx_fill(g, (int)lroundf(x) - 1, ty, 3, L->pad / 2, VZ_C_INK);
        vz_fmt_date_tick(buf, sizeof buf, dt.day[i], dt.step_months < 12, g->lang);
        gfx_text(g, L->fs_tick, 0, C_TEXT2, (int)lroundf(x), ty + L->pad / 2, CENTER, buf);
    }
    int t = L->line > 3 ? L->line - 1 : 3;
    gfx_fill(g, pr->x - t, ty - t / 2, pr->w + t, t, VZ_C_INK);
    gfx_fill(g, pr->x - t, pr->y, t, pr->h + t / 2, VZ_C_INK);
}

/* The title; returns its width. */
static int chart_title(vz_gfx *g, const vz_layout *L, SDL_Rect c, int chart, int prov,
                       const vz_panel *p, int own)
{
    char title[160], alt[160], name[64];
    int t = chart == VZ_CH_QUEUE ? T_CH_QUEUE : chart == VZ_CH_CAPACITY ? T_CH_CAPACITY
                                            : chart == VZ_CH_BORROW     ? T_CH_BORROW
                                                                        : T_CH_LEAD;
    if (chart == VZ_CH_CAPACITY) {
        if (prov >= 0)
            vz_provider_short(name, sizeof name, bb_scenario_provider_name(p->sc, prov),
                              bb_scenario_provider_label(p->sc, prov), g->lang);
        else
            snprintf(name, sizeof name, "%s", vz_tr(g->lang, T_ALL_PROVIDERS));
        snprintf(title, sizeof title, "%s: %s", vz_tr(g->lang, t), name);
        if (prov >= 0)
            snprintf(alt, sizeof alt, "%s: %s", vz_tr(g->lang, t + 1), name);
        else
            snprintf(alt, sizeof alt, "%s", vz_tr(g->lang, t + 1));
    } else {
        snprintf(title, sizeof title, "%s", vz_tr(g->lang, t));
        snprintf(alt, sizeof alt, "%s", vz_tr(g->lang, t + 1));
    }
    (void)own;
    /* the room view: the short title, so the legend can share its line */
    return gfx_text_fit(g, L->fs_label, L->fs_min, 1, VZ_C_INK, c.x, c.y, L->lh_label, c.w, LEFT,
                        L->room ? alt : title, alt);
}

/* The line of value v over a panel's samples (or its ghost's). */
static void series_line(vz_gfx *g, const SDL_Rect *pr, const chart_axes *ax, const vz_panel *p,
                        int ghost, int v, int prov, float w, float dash, uint32_t c)
{
    int n = ghost ? ghost_nsamples(p) : chart_nsamples(p);
    float *buf = gfx_scratch(g, 2 * n + 2);
    if (!buf || n == 0)
        return;
    double td = chart_target_days(p);
    for (int i = 0; i < n; i++) {
        const bb_state *st = ghost ? ghost_sample(p, i) : chart_sample(p, i);
        double y = value(v, st, prov, td);
        buf[i] = chart_xpix(pr, st->t, ax->t1);
        buf[n + i] = isnan(y) ? NAN : chart_ypix(pr, y, &ax->y);
    }
    gfx_polyline(g, buf, buf + n, n, w, dash, c);
}

/* The area of value v (from `base`, another value, or the axis when
 * base < 0), filled, and hatched when `hatch`. */
static void series_area(vz_gfx *g, const SDL_Rect *pr, const chart_axes *ax, const vz_panel *p,
                        int v, int base, int prov, uint32_t c, uint32_t hatch)
{
    int n = chart_nsamples(p);
    float *buf = gfx_scratch(g, 3 * n + 3);
    if (!buf || n == 0)
        return;
    double td = chart_target_days(p);
    float *xs = buf, *top = buf + n, *bot = buf + 2 * n;
    for (int i = 0; i < n; i++) {
        const bb_state *st = chart_sample(p, i);
        xs[i] = chart_xpix(pr, st->t, ax->t1);
        double b = base >= 0 ? value(base, st, prov, td) : ax->y.lo;
        double tv = v == V_OVER ? value(V_USE, st, prov, td) : value(v, st, prov, td);
        if (v == V_OVER && tv < b)
            tv = b;
        if (v == V_USE)
            tv = fmin(tv, value(V_CAP, st, prov, td)); /* above capacity: hatched */
        top[i] = chart_ypix(pr, tv, &ax->y);
        bot[i] = chart_ypix(pr, b, &ax->y);
    }
    if (c)
        gfx_area(g, xs, top, bot, n, c);
    if (hatch)
        gfx_hatch_area(g, xs, top, bot, n, hatch, 9, 3);
}

/* The label of a horizontal line at y: "Norm 28 dagen", "Limiet 250",
 * right-aligned just above it on a white ground. */
static void line_label(vz_gfx *g, const vz_layout *L, const SDL_Rect *pr, float y, int name,
                       double v, int unit)
{
    char num[64], lab[96];
    vz_fmt_num(num, sizeof num, v, v < 10 ? 1 : 0, g->lang);
    snprintf(lab, sizeof lab, "%s %s%s%s", vz_tr(g->lang, name), num, unit >= 0 ? " " : "",
             unit >= 0 ? vz_tr(g->lang, unit) : "");
    int tw = gfx_text_w(g, L->fs_tick, 0, lab), fh = gfx_font_h(g, L->fs_tick, 0);
    int lx = pr->x + pr->w - L->pad / 2 - tw, ly = (int)y - fh - L->line;
    if (ly < pr->y + 2 * L->line + 2)
        ly = (int)y + L->line; /* no room above (the bar of a binding limit): below */
    if (tw > pr->w)
        gfx_cut(g, lab);
    gfx_fill(g, lx - 3, ly, tw + 6, fh, VZ_C_BG);
    gfx_text(g, L->fs_tick, 0, VZ_C_INK, lx, ly, LEFT, lab);
}

/* Where the borrowing limit binds: a bar along the top of the plot. */
static void binds_bar(vz_gfx *g, const vz_layout *L, const SDL_Rect *pr, const chart_axes *ax,
                      const vz_panel *p)
{
    int n = chart_nsamples(p);
    for (int i = 0; i + 1 < n; i++) {
        const bb_state *a = chart_sample(p, i), *b = chart_sample(p, i + 1);
        if (!value(V_BINDS, b, -1, 0))
            continue;
        int x0 = (int)lroundf(chart_xpix(pr, a->t, ax->t1));
        int x1 = (int)lroundf(chart_xpix(pr, b->t, ax->t1));
        gfx_fill(g, x0, pr->y, x1 - x0 + 1, 2 * L->line, VZ_C_WORSE);
    }
}

/* The band over replications and its median, up to now. */
static void band(vz_gfx *g, const vz_layout *L, const SDL_Rect *pr, const chart_axes *ax,
                 const vz_app *a, int pi, int chart, int prov)
{
    const double *t;
    const float *lo, *mid, *hi;
    int n = band_of(a, pi, chart, prov, &t, &lo, &mid, &hi);
    float *buf = gfx_scratch(g, 4 * n + 4);
    if (!buf || n < 2)
        return;
    float *xs = buf, *y0 = buf + n, *y1 = buf + 2 * n, *ym = buf + 3 * n;
    for (int i = 0; i < n; i++) {
        xs[i] = chart_xpix(pr, t[i], ax->t1);
        y0[i] = isnan(lo[i]) ? NAN : chart_ypix(pr, lo[i], &ax->y);
        y1[i] = isnan(hi[i]) ? NAN : chart_ypix(pr, hi[i], &ax->y);
        ym[i] = isnan(mid[i]) ? NAN : chart_ypix(pr, mid[i], &ax->y);
    }
    gfx_area(g, xs, y1, y0, n, VZ_C_BAND);
    gfx_polyline(g, xs, ym, n, fmaxf(2.0f, L->line * 0.6f), L->line * 2.0f, C_ARROW);
}

void chart_draw(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P, int pos, const vz_app *a,
                const vz_panel *p, int pi, const chart_axes *ax)
{
    int chart = P->chart_id[pos];
    SDL_Rect c = P->chart[pos];
    const SDL_Rect *pr = &P->plot[pos];
    const series *sd;
    int ns = chart_series(chart, L->room, &sd);
    int prov = chart == VZ_CH_CAPACITY ? chart_prov(a, p) : -1;
    double td = chart_target_days(p);
    float lw = (float)L->line;

    int title_w = chart_title(g, L, c, chart, prov, p, ax->own);
    /* the legend: the series, then the ghost and the band when shown */
    const sdef *ld[8];
    const char *ln[8];
    char bandname[64];
    int nl = 0;
    for (int s = 0; s < ns; s++) {
        if (!present(p, sd[s].v, prov) || sd[s].v == V_LIMIT || sd[s].v == V_TARGET)
            continue; /* no overrun, no interim borrowing, no binding limit: nothing to
                         explain; the limit and the target are labelled on their lines */
        ld[nl] = &sd[s].d;
        ln[nl++] = vz_tr(g->lang, sd[s].d.text);
    }
    static const sdef GHOST = {T_SER_GHOST, VZ_C_GHOST, S_DASH}, BAND = {0, VZ_C_BAND, S_AREA};
    if (p->ghost) {
        ld[nl] = &GHOST;
        ln[nl++] = vz_tr(g->lang, T_SER_GHOST);
    }
    const double *bt;
    const float *blo, *bmid, *bhi;
    if (band_of(a, pi, chart, prov, &bt, &blo, &bmid, &bhi) > 0) {
        if (c.w >= 24 * L->fs_tick) /* the number of runs where there is room */
            snprintf(bandname, sizeof bandname, "%s (%d %s)", vz_tr(g->lang, T_SER_BAND),
                     vz_bands_reps(a->bands) / (a->nscen ? a->nscen : 1), vz_tr(g->lang, T_RUNS));
        else
            snprintf(bandname, sizeof bandname, "%s", vz_tr(g->lang, T_SER_BAND));
        ld[nl] = &BAND;
        ln[nl++] = bandname;
    }
    /* in the room the legend may start on the title's line */
    int x0 = c.x + title_w + 2 * L->gap;
    chart_draw_legend(g, L, c, P->legend_rows, x0, ld, ln, nl, 0);

    band(g, L, pr, ax, a, pi, chart, prov);
    chart_draw_axes(g, L, pr, ax, p);
    if (p->ghost) /* the run without the changes, under the series */
        series_line(g, pr, ax, p, 1, chart_main(chart), prov, fmaxf(3.0f, lw * 0.8f), lw * 3,
                    VZ_C_GHOST);

    switch (chart) {
    case VZ_CH_CAPACITY:
        series_area(g, pr, ax, p, V_USE, -1, prov, VZ_C_USE, 0);
        series_area(g, pr, ax, p, V_OVER, V_CAP, prov, VZ_C_USE, VZ_C_OVER);
        series_line(g, pr, ax, p, 0, V_CAP, prov, lw, 0, VZ_C_INK);
        break;
    case VZ_CH_BORROW:
        /* for packages and planned demand (the limit is theirs), interim
         * measures on top */
        series_area(g, pr, ax, p, V_PACKAGE, -1, -1, VZ_C_BORROW, VZ_C_BORROW_DARK);
        series_area(g, pr, ax, p, V_BORROWED, V_PACKAGE, -1, VZ_C_BORROW_TINT, 0);
        series_line(g, pr, ax, p, 0, V_LIMIT, -1, lw, lw * 3, VZ_C_INK);
        if (isfinite(value(V_LIMIT, &p->now, -1, 0)))
            line_label(g, L, pr, chart_ypix(pr, value(V_LIMIT, &p->now, -1, 0), &ax->y),
                       T_SER_LIMIT, value(V_LIMIT, &p->now, -1, 0), -1);
        binds_bar(g, L, pr, ax, p);
        break;
    default:
        for (int s = ns - 1; s >= 0; s--) {
            if (sd[s].v == V_TARGET) {
                /* the target: a dashed line over the whole width with its value */
                float ty = chart_ypix(pr, td, &ax->y);
                float xx[2] = {(float)pr->x, (float)(pr->x + pr->w)}, yy[2] = {ty, ty};
                gfx_polyline(g, xx, yy, 2, lw, lw * 4, VZ_C_INK);
                continue;
            }
            series_line(g, pr, ax, p, 0, sd[s].v, prov, lw, sd[s].d.kind == S_DASH ? lw * 3.5f : 0,
                        sd[s].d.rgb);
        }
        if (chart == VZ_CH_LEAD) /* the target's label over the lines */
            line_label(g, L, pr, chart_ypix(pr, td, &ax->y), T_SER_TARGET, td, T_DAYS);
    }

    /* scenario events and slider changes on the x axis */
    for (int i = 0; i < p->nmark + p->nchg; i++) {
        double t = i < p->nmark ? p->mark[i].t : p->chg[i - p->nmark].t;
        if (t < 0 || t > ax->t1)
            continue;
        float x = chart_xpix(pr, t, ax->t1);
        gfx_event_mark(g, x, (float)(pr->y + pr->h) - L->fs_tick * 0.45f, L->fs_tick * 0.4f, 1);
    }
}

/* The vertical guide and the values under the mouse. */
void chart_hover(vz_gfx *g, const vz_layout *L, const vz_app *a, const int *idx, int np)
{
    int hit_k = -1, hit_c = -1;
    for (int k = 0; k < np; k++)
        for (int c = 0; c < L->p[k].ncharts; c++)
            if (vz_in_rect(&L->p[k].plot[c], a->mouse_x, a->mouse_y)) {
                hit_k = k;
                hit_c = c;
            }
    if (hit_k < 0)
        return;
    const SDL_Rect *hr = &L->p[hit_k].plot[hit_c];
    double t1 = vz_app_horizon(a);
    double t = vz_unscale(a->mouse_x, 0, t1, hr->x, hr->x + hr->w);
    int chart = L->p[hit_k].chart_id[hit_c];
    t = fmax(0.0, fmin(t, vz_app_now(a)));
    for (int k = 0; k < np; k++)
        for (int c = 0; c < L->p[k].ncharts; c++) {
            const SDL_Rect *pr = &L->p[k].plot[c];
            float x = chart_xpix(pr, t, t1);
            gfx_fill(g, (int)lroundf(x) - 1, pr->y, 3, pr->h, C_ARROW);
        }
    const vz_panel *p = &a->pan[idx[hit_k]];
    int i = vz_history_nearest(&p->hist, t);
    const bb_state *st = &p->now;
    if (i >= 0 && fabs(p->hist.s[i].t - t) <= fabs(p->now.t - t))
        st = &p->hist.s[i];
    const series *sd;
    int ns = chart_series(chart, L->room, &sd);
    int prov = chart == VZ_CH_CAPACITY ? chart_prov(a, p) : -1;
    char lines[6][96];
    uint32_t lc[6];
    int nl = 0;
    vz_fmt_date_long(lines[nl], sizeof lines[0], st->day, g->lang);
    lc[nl++] = VZ_C_INK;
    for (int s = 0; s < ns && nl < 6; s++) {
        double v = value(sd[s].v, st, prov, chart_target_days(p));
        if (isnan(v))
            continue;
        char num[48];
        if (sd[s].v == V_BINDS)
            snprintf(num, sizeof num, "%s", vz_tr(g->lang, v ? T_YES : T_NO));
        else
            vz_fmt_num(num, sizeof num, v, chart == VZ_CH_LEAD ? 1 : 0, g->lang);
        snprintf(lines[nl], sizeof lines[0], "%s: %s", vz_tr(g->lang, sd[s].d.text), num);
        lc[nl++] = sd[s].d.rgb;
    }
    gfx_tooltip(g, L, a->mouse_x, a->mouse_y, lines, lc, nl);
}
