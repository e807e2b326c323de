/*
 * draw.c - the drawing primitives of the report, on cairo with pango for
 * text: text anchored or wrapped, lines (3 units or more, view.md: no
 * hairlines), rectangles, the four styles that tell scenarios apart
 * (solid, hatched, tinted, cross-hatched: distinct in grey and for
 * colour-blind readers, without giving a colour a second meaning),
 * point markers, legends, and the frame every page shares. The same
 * calls draw the PDF page (vector) and the PNG.
 */
#include "rp.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

int rp_gc_init(rp_gc *g, cairo_t *cr, const rp_data *d)
{
    memset(g, 0, sizeof *g);
    g->cr = cr;
    g->d = d;
    g->lang = d->lang;
    g->lay = pango_cairo_create_layout(cr);
    g->font = pango_font_description_from_string("DejaVu Sans");
    if (!g->lay || !g->font) {
        rp_gc_free(g);
        return -1;
    }
    /* the same text metrics in the PDF and the PNG: no hinting */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pango_layout_get_context(g->lay), fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(g->lay);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    return 0;
}

void rp_gc_free(rp_gc *g)
{
    if (g->lay)
        g_object_unref(g->lay);
    if (g->font)
        pango_font_description_free(g->font);
    g->lay = NULL;
    g->font = NULL;
}

const char *rp_w(const rp_gc *g, const char *key)
{
    return rp_tr(g->lang, key);
}

void rp_rgb(rp_gc *g, unsigned rgb)
{
    cairo_set_source_rgb(g->cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

/* Set the layout's font and text; returns its logical size. */
static void layout(rp_gc *g, double px, int flags, const char *s, double wrap, double *w,
                   double *h)
{
    pango_font_description_set_absolute_size(g->font, px * PANGO_SCALE);
    pango_font_description_set_weight(g->font, flags & RP_BOLD ? PANGO_WEIGHT_BOLD
                                                               : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(g->lay, g->font);
    pango_layout_set_width(g->lay, wrap > 0 ? (int)(wrap * PANGO_SCALE) : -1);
    pango_layout_set_wrap(g->lay, PANGO_WRAP_WORD);
    pango_layout_set_text(g->lay, s, -1);
    PangoRectangle lr;
    pango_layout_get_extents(g->lay, NULL, &lr);
    *w = (double)lr.width / PANGO_SCALE;
    *h = (double)lr.height / PANGO_SCALE;
}

double rp_text_width(rp_gc *g, double px, int flags, const char *s)
{
    double w, h;
    layout(g, px, flags, s, 0, &w, &h);
    return w;
}

double rp_text(rp_gc *g, double x, double y, double px, int flags, unsigned rgb, const char *s)
{
    double w, h;
    layout(g, px, flags, s, 0, &w, &h);
    int a = flags & 3;
    double x0 = a == RP_CENTER ? x - w / 2 : a == RP_RIGHT ? x - w : x;
    double y0 = flags & RP_MIDDLE ? y - h / 2 : flags & RP_BOTTOM ? y - h : y;
    rp_rgb(g, rgb);
    cairo_move_to(g->cr, x0, y0);
    pango_cairo_update_layout(g->cr, g->lay);
    pango_cairo_show_layout(g->cr, g->lay);
    return w;
}

double rp_para_height(rp_gc *g, double w, double px, int flags, const char *s)
{
    double tw, th;
    layout(g, px, flags, s, w, &tw, &th);
    return th;
}

double rp_para(rp_gc *g, double x, double y, double w, double px, int flags, unsigned rgb,
               const char *s)
{
    double tw, th;
    layout(g, px, flags, s, w, &tw, &th);
    rp_rgb(g, rgb);
    cairo_move_to(g->cr, x, y);
    pango_cairo_update_layout(g->cr, g->lay);
    pango_cairo_show_layout(g->cr, g->lay);
    return th;
}

void rp_line(rp_gc *g, double x0, double y0, double x1, double y1, double width, unsigned rgb)
{
    rp_rgb(g, rgb);
    cairo_set_line_width(g->cr, width);
    cairo_set_line_cap(g->cr, CAIRO_LINE_CAP_BUTT);
    cairo_move_to(g->cr, x0, y0);
    cairo_line_to(g->cr, x1, y1);
    cairo_stroke(g->cr);
}

void rp_dashed(rp_gc *g, double x0, double y0, double x1, double y1, double width, unsigned rgb)
{
    static const double dash[] = {14.0, 8.0};
    cairo_set_dash(g->cr, dash, 2, 0);
    rp_line(g, x0, y0, x1, y1, width, rgb);
    cairo_set_dash(g->cr, NULL, 0, 0);
}

void rp_rect(rp_gc *g, double x, double y, double w, double h, unsigned rgb)
{
    rp_rgb(g, rgb);
    cairo_rectangle(g->cr, x, y, w, h);
    cairo_fill(g->cr);
}

/* The colour mixed with white: t 0 the colour, 1 white. */
static unsigned tint(unsigned rgb, double t)
{
    unsigned out = 0;
    for (int s = 0; s <= 16; s += 8) {
        double c = (rgb >> s) & 255;
        out |= (unsigned)lround(c + (255 - c) * t) << s;
    }
    return out;
}

/* Lines at 45 degrees (and at -45 when cross) over the box, clipped. */
static void hatch(rp_gc *g, double x, double y, double w, double h, unsigned rgb, bool cross)
{
    cairo_save(g->cr);
    cairo_rectangle(g->cr, x, y, w, h);
    cairo_clip(g->cr);
    rp_rgb(g, rgb);
    cairo_set_line_width(g->cr, 4.0);
    const double gap = 13.0;
    for (double t = -h; t < w + h; t += gap) {
        cairo_move_to(g->cr, x + t, y + h);
        cairo_line_to(g->cr, x + t + h, y);
        if (cross) {
            cairo_move_to(g->cr, x + t, y);
            cairo_line_to(g->cr, x + t + h, y + h);
        }
    }
    cairo_stroke(g->cr);
    cairo_restore(g->cr);
}

void rp_styled_rect(rp_gc *g, double x, double y, double w, double h, unsigned rgb, int k)
{
    if (h < 0) {
        y += h;
        h = -h;
    }
    if (w <= 0 || h <= 0)
        return;
    switch (k % 4) {
    case 0: rp_rect(g, x, y, w, h, rgb); return;
    case 1:
        rp_rect(g, x, y, w, h, 0xFFFFFFu);
        hatch(g, x, y, w, h, rgb, false);
        break;
    case 2: rp_rect(g, x, y, w, h, tint(rgb, 0.6)); break;
    default:
        rp_rect(g, x, y, w, h, 0xFFFFFFu);
        hatch(g, x, y, w, h, rgb, true);
        break;
    }
    rp_rgb(g, rgb);
    cairo_set_line_width(g->cr, RP_LINE);
    double in = RP_LINE / 2;
    if (w > RP_LINE && h > RP_LINE) {
        cairo_rectangle(g->cr, x + in, y + in, w - RP_LINE, h - RP_LINE);
        cairo_stroke(g->cr);
    }
}

void rp_marker(rp_gc *g, double x, double y, double r, unsigned rgb, int k)
{
    cairo_t *cr = g->cr;
    cairo_new_path(cr);
    switch (k % 4) {
    case 0: cairo_arc(cr, x, y, r, 0, 2 * M_PI); break;
    case 1: cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8); break;
    case 2:
        cairo_move_to(cr, x, y - r * 1.15);
        cairo_line_to(cr, x + r * 1.1, y + r * 0.8);
        cairo_line_to(cr, x - r * 1.1, y + r * 0.8);
        cairo_close_path(cr);
        break;
    default:
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r * 1.2, y);
        cairo_line_to(cr, x, y + r * 1.2);
        cairo_line_to(cr, x - r * 1.2, y);
        cairo_close_path(cr);
        break;
    }
    rp_rgb(g, rgb);
    cairo_fill_preserve(cr);
    rp_rgb(g, 0xFFFFFFu);
    cairo_set_line_width(cr, 2.0);
    cairo_stroke(cr);
}

double rp_legend_item(rp_gc *g, double x, double y, unsigned rgb, int style, const char *s)
{
    const double sw = 34, sh = 24;
    if (style >= 0)
        rp_styled_rect(g, x, y - sh / 2, sw, sh, rgb, style);
    else
        rp_marker(g, x + sw / 2, y, 10, rgb, -style - 1);
    double w = rp_text(g, x + sw + 10, y, RP_PX_LABEL, RP_MIDDLE, RP_C_INK, s);
    return x + sw + 10 + w + 36;
}

double rp_scen_legend(rp_gc *g, double x, double y, unsigned rgb)
{
    const rp_data *d = g->d;
    if (d->ns < 2)
        return x;
    char b[200];
    for (int k = 0; k < d->ns; k++)
        x = rp_legend_item(g, x, y, rgb, k, rp_scen_short(d, k, b, sizeof b));
    return x;
}

void rp_missing(rp_gc *g, double x, double y, double w, double h, const char *s)
{
    rp_rgb(g, 0xF4F4F4u);
    cairo_rectangle(g->cr, x, y, w, h);
    cairo_fill(g->cr);
    rp_para(g, x + 30, y + h / 2 - 30, w - 60, RP_PX_LABEL, 0, RP_C_GREY, s);
}

void rp_frame(rp_gc *g, const char *title, const char *question, const char *note,
              const char *source, double *top, double *bottom)
{
    const double m = 60, w = RP_W - 2 * m;
    rp_rect(g, 0, 0, RP_W, RP_H, 0xFFFFFFu);
    rp_text(g, m, 34, RP_PX_TITLE, RP_BOLD, RP_C_INK, title);
    double qh = question ? rp_para(g, m, 92, w, RP_PX_LABEL, 0, RP_C_GREY, question) : 0;
    *top = 92 + qh + 22;
    char pg[32];
    snprintf(pg, sizeof pg, "%d / %d", g->page, g->npages);
    double y = RP_H - 28;
    rp_text(g, RP_W - m, y, RP_PX_TICK, RP_RIGHT | RP_BOTTOM, RP_C_GREY, pg);
    if (source) {
        double sh = rp_para_height(g, w - 140, RP_PX_TICK, 0, source);
        rp_para(g, m, y - sh, w - 140, RP_PX_TICK, 0, RP_C_GREY, source);
        y -= sh + 6;
    }
    if (note) {
        double th = rp_para_height(g, w - 140, RP_PX_TICK, 0, note);
        rp_para(g, m, y - th, w - 140, RP_PX_TICK, 0, RP_C_INK, note);
        y -= th;
    }
    rp_line(g, m, y - 14, RP_W - m, y - 14, RP_LINE, RP_C_GRID);
    *bottom = y - 30;
}
