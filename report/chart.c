/*
 * chart.c - a chart over the calendar years: a title, a y axis with
 * round ticks (1, 2 or 5 x 10^k, at most 7 of them) and light grid lines,
 * the years under it, and in each year a slot with one bar or point per
 * scenario side by side, with its 95% interval as a whisker; reference
 * lines (targets, limits) dashed or solid with their label. Numbers are
 * formatted in the report's language.
 */
#include "rp.h"
#include <math.h>
#include <stdio.h>

double rp_nice_step(double span, int max)
{
    if (!(span > 0) || !isfinite(span))
        return 1;
    double raw = span / (max > 1 ? max : 1);
    double p = pow(10, floor(log10(raw)));
    static const double M[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++)
        if (M[i] * p >= raw * (1 - 1e-9))
            return M[i] * p;
    return 10 * p;
}

double rp_top(const rp_val *v, int n)
{
    double t = 0;
    for (int i = 0; i < n; i++) {
        if (isfinite(v[i].hi) && v[i].hi > t)
            t = v[i].hi;
        if (isfinite(v[i].mean) && v[i].mean > t)
            t = v[i].mean;
    }
    return t;
}

double rp_chart_y(const rp_chart *c, double v)
{
    if (v < c->lo)
        v = c->lo;
    if (v > c->hi)
        v = c->hi;
    return c->y + c->h - (v - c->lo) / (c->hi - c->lo) * c->h;
}

double rp_chart_bw(const rp_chart *c)
{
    double slot = c->w / c->ny, bw = slot * 0.8 / (c->nk > 0 ? c->nk : 1);
    return bw > 120 ? 120 : bw;
}

double rp_chart_x(const rp_chart *c, int i, int k)
{
    double slot = c->w / c->ny, bw = rp_chart_bw(c);
    double mid = c->x + slot * (i + 0.5);
    return mid - bw * c->nk / 2 + bw * (k + 0.5);
}

void rp_chart_init(rp_gc *g, rp_chart *c, double x, double y, double w, double h,
                   const char *title, double lo, double hi, int nk)
{
    const rp_data *d = g->d;
    c->y0 = d->y0;
    c->ny = d->y1 - d->y0 + 1;
    c->nk = nk;
    if (!(hi > lo) || !isfinite(hi))
        hi = lo + 1;
    double step = rp_nice_step(hi - lo, 6);
    c->lo = floor(lo / step + 1e-9) * step;
    c->hi = ceil(hi / step - 1e-9) * step;
    if (c->hi <= c->lo)
        c->hi = c->lo + step;
    c->step = step;
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    /* the widest tick label sets the plot's left edge */
    char buf[64];
    double tw = 0;
    for (double v = c->lo; v <= c->hi + step / 2; v += step) {
        rp_fmt_num(buf, sizeof buf, fabs(v) < step / 1e6 ? 0 : v, dec, g->lang);
        double t = rp_text_width(g, RP_PX_TICK, 0, buf);
        tw = t > tw ? t : tw;
    }
    /* the title wraps to the box (a long one takes two lines) */
    double th = title ? rp_para(g, x, y, w, RP_PX_LABEL, RP_BOLD, RP_C_INK, title) + 12 : 0;
    if (c->unit)
        th += rp_para(g, x, y + th - 8, w, RP_PX_TICK, 0, RP_C_GREY, c->unit) + 4;
    c->x = x + tw + 14;
    c->y = y + th + 10;
    c->w = x + w - c->x - c->rpad;
    c->h = h - th - 10 - 34;
    for (double v = c->lo; v <= c->hi + step / 2; v += step) {
        double py = rp_chart_y(c, v);
        rp_line(g, c->x, py, c->x + c->w, py, fabs(v) < step / 1e6 ? RP_LINE : 2.0,
                fabs(v) < step / 1e6 ? RP_C_INK : RP_C_GRID);
        rp_fmt_num(buf, sizeof buf, fabs(v) < step / 1e6 ? 0 : v, dec, g->lang);
        rp_text(g, c->x - 10, py, RP_PX_TICK, RP_RIGHT | RP_MIDDLE, RP_C_INK, buf);
    }
    rp_line(g, c->x, c->y, c->x, c->y + c->h, RP_LINE, RP_C_INK);
    double slot = c->w / c->ny;
    int every = slot < 56 ? 2 : 1;
    for (int i = 0; i < c->ny; i++) {
        if (i % every)
            continue;
        snprintf(buf, sizeof buf, "%d", c->y0 + i);
        rp_text(g, c->x + slot * (i + 0.5), c->y + c->h + 8, RP_PX_TICK, RP_CENTER, RP_C_INK,
                buf);
    }
}

void rp_chart_bar(rp_gc *g, const rp_chart *c, int i, int k, double a, double b, unsigned rgb)
{
    if (!isfinite(a) || !isfinite(b))
        return;
    double bw = rp_chart_bw(c), x = rp_chart_x(c, i, k);
    double ya = rp_chart_y(c, a), yb = rp_chart_y(c, b);
    rp_styled_rect(g, x - bw * 0.45, yb, bw * 0.9, ya - yb, rgb, k);
}

void rp_chart_ci(rp_gc *g, const rp_chart *c, int i, int k, double lo, double hi, unsigned rgb)
{
    if (!isfinite(lo) || !isfinite(hi))
        return;
    double x = rp_chart_x(c, i, k), cap = rp_chart_bw(c) * 0.22;
    if (cap < 5)
        cap = 5;
    double y0 = rp_chart_y(c, lo), y1 = rp_chart_y(c, hi);
    rp_line(g, x, y0, x, y1, RP_LINE, rgb);
    rp_line(g, x - cap, y0, x + cap, y0, RP_LINE, rgb);
    rp_line(g, x - cap, y1, x + cap, y1, RP_LINE, rgb);
}

void rp_chart_point(rp_gc *g, const rp_chart *c, int i, int k, double v, unsigned rgb)
{
    if (!isfinite(v))
        return;
    double r = rp_chart_bw(c) * 0.2;
    r = r < 7 ? 7 : r > 11 ? 11 : r;
    rp_marker(g, rp_chart_x(c, i, k), rp_chart_y(c, v), r, rgb, k);
}

void rp_chart_ref(rp_gc *g, const rp_chart *c, double v, const char *word, const char *value,
                  bool dashed)
{
    if (!isfinite(v) || v < c->lo || v > c->hi)
        return;
    double y = rp_chart_y(c, v), x1 = c->x + c->w + (c->rpad > 0 ? 8 : 0);
    if (dashed)
        rp_dashed(g, c->x, y, x1, y, RP_LINE, RP_C_INK);
    else
        rp_line(g, c->x, y, x1, y, RP_LINE, RP_C_INK);
    if (c->rpad > 0) { /* the word above the line's end, the value under it */
        if (word)
            rp_text(g, x1 + 6, y - 1, RP_PX_TICK, RP_BOTTOM | RP_BOLD, RP_C_INK, word);
        if (value)
            rp_text(g, x1 + 6, y + 1, RP_PX_TICK, RP_BOLD, RP_C_INK, value);
    }
}

void rp_chart_label(rp_gc *g, const rp_chart *c, int i, int k, double v, const char *s)
{
    if (!isfinite(v))
        return;
    double y = rp_chart_y(c, v) - 4;
    rp_text(g, rp_chart_x(c, i, k), y, RP_PX_TICK, RP_CENTER | RP_BOTTOM, RP_C_INK, s);
}
