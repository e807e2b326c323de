/*
 * page_capacity.c - the pages about capacity: borrowing from the basic
 * teams per year against the limit (with what was needed but not to be
 * had, the whole pressure and the police hours lost), where the
 * bottleneck was (the share of the weeks per stage or provider), and,
 * when the folders have bands.csv, the weeks: borrowing and unprotected
 * waiting with the band of the replications.
 */
#include "rp.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- borrowing ---- */

void rp_page_borrow(rp_gc *g)
{
    const rp_data *d = g->d;
    double top, bottom;
    rp_frame(g, rp_w(g, "t_borrow"), rp_w(g, "q_borrow"), rp_w(g, "n_borrow"),
             "yearly.csv: borrowed_fte_mean, borrow_unmet_fte_mean, pressure_fte_mean, "
             "police_hours_lost (basic_units); scenario.cfg: basic_units.cap_fte, acute_cap_fte",
             &top, &bottom);
    if (!rp_has_metric(d, "borrowed_fte_mean")) {
        char s[128];
        snprintf(s, sizeof s, "%sborrowed_fte_mean (yearly.csv)", rp_w(g, "missing_metric"));
        rp_missing(g, 60, top, RP_W - 120, bottom - top, s);
        return;
    }
    double lx = 60;
    lx = rp_legend_item(g, lx, top + 12, RP_C_BORROW, 0, rp_w(g, "borrowed"));
    lx = rp_legend_item(g, lx, top + 12, RP_C_WAIT, 0, rp_w(g, "unmet"));
    lx = rp_legend_item(g, lx, top + 12, RP_C_INK, -1, rp_w(g, "pressure"));
    if (d->ns > 1) {
        rp_text(g, lx, top + 12, RP_PX_LABEL, RP_MIDDLE, RP_C_GREY, "|");
        rp_scen_legend(g, lx + 30, top + 12, RP_C_GREY);
    }
    top += 48;
    int ny = d->y1 - d->y0 + 1, nk = d->ns;
    double mx = 0;
    for (int k = 0; k < nk; k++) {
        const rp_scen *s = &d->s[k];
        mx = fmax(mx, (isfinite(s->cap_fte) ? s->cap_fte : 0) +
                          (isfinite(s->acute_cap_fte) ? s->acute_cap_fte : 0));
        for (int i = 0; i < ny; i++) {
            rp_val b = rp_get(d, k, d->y0 + i, "borrowed_fte_mean", "basic_units");
            rp_val u = rp_get(d, k, d->y0 + i, "borrow_unmet_fte_mean", "basic_units");
            rp_val p = rp_get(d, k, d->y0 + i, "pressure_fte_mean", "basic_units");
            double stack = (isfinite(b.mean) ? b.mean : 0) + (isfinite(u.mean) ? u.mean : 0);
            mx = fmax(mx, fmax(stack, fmax(rp_top(&b, 1), rp_top(&p, 1))));
            if (isfinite(u.hi) && isfinite(b.mean))
                mx = fmax(mx, b.mean + u.hi);
        }
    }
    double rows = 26.0 * (2 * nk + 2);
    char title[128];
    snprintf(title, sizeof title, "%s", rp_w(g, "fte_year"));
    rp_chart c = {.rpad = 150};
    rp_chart_init(g, &c, 60, top, RP_W - 120, bottom - top - rows, title, 0, mx * 1.1, nk);
    for (int k = 0; k < nk; k++)
        for (int i = 0; i < ny; i++) {
            rp_val b = rp_get(d, k, d->y0 + i, "borrowed_fte_mean", "basic_units");
            rp_val u = rp_get(d, k, d->y0 + i, "borrow_unmet_fte_mean", "basic_units");
            rp_val p = rp_get(d, k, d->y0 + i, "pressure_fte_mean", "basic_units");
            rp_chart_bar(g, &c, i, k, 0, b.mean, RP_C_BORROW);
            double ub = isfinite(u.mean) ? u.mean : 0;
            if (ub > 0)
                rp_chart_bar(g, &c, i, k, b.mean, b.mean + ub, RP_C_WAIT);
            rp_chart_ci(g, &c, i, k, b.lo, b.hi, RP_C_INK);
            if (isfinite(u.lo) && ub > 0)
                rp_chart_ci(g, &c, i, k, b.mean + u.lo, b.mean + u.hi, RP_C_GREY);
            rp_chart_point(g, &c, i, k, p.mean, RP_C_INK);
            char buf[32];
            rp_fmt_num(buf, sizeof buf, b.mean, 0, g->lang);
            if (rp_chart_bw(&c) >= 40 && isfinite(b.mean)) {
                double ty = rp_chart_y(&c, b.mean) + 6;
                if (rp_chart_y(&c, 0) - ty > 30) {
                    double tx = rp_chart_x(&c, i, k);
                    if (k % 4) { /* on a hatch or a tint: on white */
                        double tw = rp_text_width(g, RP_PX_TICK, RP_BOLD, buf);
                        rp_rect(g, tx - tw / 2 - 4, ty - 1, tw + 8, 25, 0xFFFFFFu);
                    }
                    rp_text(g, tx, ty, RP_PX_TICK, RP_CENTER | RP_BOLD,
                            k % 4 == 0 ? 0xFFFFFFu : RP_C_INK, buf);
                }
            }
        }
    for (int k = 0; k < nk; k++) {
        const rp_scen *s = &d->s[k];
        if (k > 0 && s->cap_fte == d->s[0].cap_fte && s->acute_cap_fte == d->s[0].acute_cap_fte)
            continue;
        char lab[128], num[32];
        rp_fmt_num(num, sizeof num, s->cap_fte, 0, g->lang);
        snprintf(lab, sizeof lab, "%s %s", num, rp_w(g, "fte"));
        rp_chart_ref(g, &c, s->cap_fte, rp_w(g, "limit"), lab, true);
        if (isfinite(s->acute_cap_fte) && s->acute_cap_fte > 0) {
            rp_fmt_num(num, sizeof num, s->cap_fte + s->acute_cap_fte, 0, g->lang);
            snprintf(lab, sizeof lab, "%s %s", num, rp_w(g, "fte"));
            rp_chart_ref(g, &c, s->cap_fte + s->acute_cap_fte, rp_w(g, "limit_acute"), lab, true);
        }
    }
    /* rows: needed but not to be had (FTE); regular police hours lost */
    static const char *const RM[] = {"borrow_unmet_fte_mean", "police_hours_lost"};
    static const char *const RW[] = {"unmet", "hours_lost"};
    double ry = c.y + c.h + 34;
    for (int r = 0; r < 2; r++) {
        char cap[128];
        snprintf(cap, sizeof cap, "%s%s%s%s", rp_w(g, RW[r]), r == 0 ? " (" : "",
                 r == 0 ? rp_w(g, "fte") : "", r == 0 ? ")" : "");
        rp_text(g, c.x, ry, RP_PX_TICK, RP_BOLD, r == 0 ? RP_C_WAIT : RP_C_BORROW, cap);
        for (int k = 0; k < nk; k++) {
            ry += 26;
            if (nk > 1)
                rp_styled_rect(g, c.x - 34, ry + 3, 26, 18, RP_C_GREY, k);
            for (int i = 0; i < ny; i++) {
                rp_val v = rp_get(d, k, d->y0 + i, RM[r], "basic_units");
                char buf[32];
                rp_fmt_num(buf, sizeof buf, v.mean, 0, g->lang);
                rp_text(g, c.x + c.w / ny * (i + 0.5), ry, RP_PX_TICK, RP_CENTER, RP_C_INK, buf);
            }
        }
        ry += 26;
    }
}

/* ---- the bottleneck ---- */

/* The colour of a stage or provider: stages by their colour, the basic
 * units as borrowed, no bottleneck grey, providers as own capacity. */
static unsigned group_rgb(const char *g)
{
    if (!strcmp(g, "information"))
        return RP_C_INFO;
    if (!strncmp(g, "advice", 6))
        return RP_C_ADVICE;
    if (!strcmp(g, "decision"))
        return RP_C_DECISION;
    if (!strcmp(g, "basic_units"))
        return RP_C_BORROW;
    if (!strcmp(g, "none"))
        return RP_C_GREY;
    return RP_C_OWN;
}

#define MAX_BNECK 32

void rp_page_bottleneck(rp_gc *g)
{
    const rp_data *d = g->d;
    double top, bottom;
    rp_frame(g, rp_w(g, "t_bottleneck"), rp_w(g, "q_bottleneck"), rp_w(g, "n_bottleneck"),
             "yearly.csv: bottleneck_share (per stage and provider)", &top, &bottom);
    /* the groups that were ever the bottleneck, in file order, none last */
    const char *grp[MAX_BNECK];
    int ng = 0;
    bool none = false;
    for (int i = 0; i < d->nrow; i++) {
        const rp_row *r = &d->row[i];
        if (r->year == 0 || strcmp(r->metric, "bottleneck_share") || !(r->v.mean > 0.0005))
            continue;
        if (!strcmp(r->group, "none")) {
            none = true;
            continue;
        }
        bool seen = false;
        for (int j = 0; j < ng; j++)
            seen |= !strcmp(grp[j], r->group);
        if (!seen && ng < MAX_BNECK - 1)
            grp[ng++] = r->group;
    }
    if (none)
        grp[ng++] = "none";
    if (ng == 0) {
        char s[128];
        snprintf(s, sizeof s, "%sbottleneck_share (yearly.csv)", rp_w(g, "missing_metric"));
        rp_missing(g, 60, top, RP_W - 120, bottom - top, s);
        return;
    }
    if (rp_scen_legend(g, 60, top + 12, RP_C_GREY) > 60)
        top += 44;
    int ny = d->y1 - d->y0 + 1, nk = d->ns;
    double lw = 420, x0 = 60 + lw, cw = (RP_W - 60 - x0) / ny;
    /* rows as tall as the page allows, bars at most 56 high */
    double avail = bottom - top - 90;
    double rh = avail / ng > 150 ? 150 : avail / ng;
    double bh = (rh - 30) / nk - 6;
    bh = bh > 56 ? 56 : bh < 10 ? 10 : bh;
    rh = nk * (bh + 6) + 30;
    char buf[64];
    for (int i = 0; i < ny; i++) {
        snprintf(buf, sizeof buf, "%d", d->y0 + i);
        rp_text(g, x0 + cw * i + 6, top, RP_PX_LABEL, RP_BOLD, RP_C_INK, buf);
    }
    double y = top + 44;
    for (int j = 0; j < ng; j++) {
        rp_line(g, 60, y - 10, RP_W - 60, y - 10, 2.0, RP_C_GRID);
        char wb[96];
        rp_para(g, 60, y + (nk * (bh + 6) - 6) / 2 - 14, lw - 30, RP_PX_LABEL, 0, RP_C_INK,
                rp_group_word(d, grp[j], wb, sizeof wb));
        for (int k = 0; k < nk; k++) {
            double by = y + k * (bh + 6);
            for (int i = 0; i < ny; i++) {
                rp_val v = rp_get(d, k, d->y0 + i, "bottleneck_share", grp[j]);
                double full = cw - 82;
                double len = isfinite(v.mean) ? fmin(v.mean, 1) * full : 0;
                double bx = x0 + cw * i + 6;
                rp_rect(g, bx, by, full, bh, 0xF2F2F2u);
                rp_styled_rect(g, bx, by, len, bh, group_rgb(grp[j]), k);
                rp_fmt_pct(buf, sizeof buf, v.mean, 0, g->lang);
                rp_text(g, bx + full + 6, by + bh / 2, bh >= 30 ? RP_PX_LABEL : RP_PX_TICK,
                        RP_MIDDLE, RP_C_INK, buf);
            }
        }
        y += rh;
    }
    rp_text(g, x0 + 6, y, RP_PX_TICK, 0, RP_C_GREY, rp_w(g, "share_weeks"));
    /* in words: what held each scenario up most, over all its weeks */
    y += 50;
    for (int k = 0; k < nk; k++) {
        int best = -1;
        double bs = 0, all = 0;
        for (int j = 0; j < ng; j++) {
            double s = 0;
            for (int i = 0; i < ny; i++) {
                rp_val v = rp_get(d, k, d->y0 + i, "bottleneck_share", grp[j]);
                s += isfinite(v.mean) ? v.mean : 0;
            }
            all += s;
            if (strcmp(grp[j], "none") && s > bs) {
                bs = s;
                best = j;
            }
        }
        if (best < 0 || !(all > 0))
            continue;
        char wb[96], pct[32], line[400];
        rp_fmt_pct(pct, sizeof pct, bs / ny, 0, g->lang);
        char sb[200];
        snprintf(line, sizeof line, "%s: %s %s (%s %s)", rp_scen_short(d, k, sb, sizeof sb), rp_w(g, "mostly"),
                 rp_group_word(d, grp[best], wb, sizeof wb), pct, rp_w(g, "of_weeks"));
        double x = 60;
        if (nk > 1) {
            rp_styled_rect(g, 60, y + 4, 34, 24, group_rgb(grp[best]), k);
            x += 50;
        }
        rp_text(g, x, y, RP_PX_LABEL, 0, RP_C_INK, line);
        y += 40;
    }
}

/* ---- week by week (bands.csv) ---- */

/* An ISO date as a year and its fraction (2020-07-02: about 2020.5). */
static double iso_years(const char *s)
{
    int y, m, dd;
    if (sscanf(s, "%d-%d-%d", &y, &m, &dd) != 3)
        return NAN;
    static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int doy = (m >= 1 && m <= 12 ? cum[m - 1] : 0) + dd - 1 + (leap && m > 2);
    return y + doy / (leap ? 366.0 : 365.0);
}

typedef struct series {
    double *t, *mean, *lo, *hi;
    int n;
} series;

/* The band of one column of scenario k from its folder's bands.csv. */
static int band(const rp_data *d, int k, const char *column, series *s)
{
    const rp_csv *b = &d->f[d->s[k].folder].bands;
    int sc = rp_csv_col(b, "scenario"), dc = rp_csv_col(b, "date"), cc = rp_csv_col(b, "column");
    int mc = rp_csv_col(b, "mean"), lc = rp_csv_col(b, "p05"), hc = rp_csv_col(b, "p95");
    memset(s, 0, sizeof *s);
    int n = 0;
    for (int r = 0; r < b->nrows; r++)
        n += !strcmp(rp_cell(b, r, cc), column) && !strcmp(rp_cell(b, r, sc), d->s[k].name);
    if (n == 0)
        return 0;
    s->t = malloc(4 * (size_t)n * sizeof *s->t);
    if (!s->t)
        return -1;
    s->mean = s->t + n;
    s->lo = s->mean + n;
    s->hi = s->lo + n;
    bb_errors e;
    bb_errors_init(&e);
    for (int r = 0; r < b->nrows && s->n < n; r++) {
        if (strcmp(rp_cell(b, r, cc), column) || strcmp(rp_cell(b, r, sc), d->s[k].name))
            continue;
        int i = s->n++;
        s->t[i] = iso_years(rp_cell(b, r, dc));
        if (rp_csv_num(b, r, mc, &s->mean[i], &e) || rp_csv_num(b, r, lc, &s->lo[i], &e) ||
            rp_csv_num(b, r, hc, &s->hi[i], &e))
            s->mean[i] = s->lo[i] = s->hi[i] = NAN; /* checked when loaded: not reached */
    }
    bb_errors_free(&e);
    return 0;
}

static void weekly_panel(rp_gc *g, double x, double y, double w, double h, const char *column,
                         const char *title, unsigned rgb, bool limit)
{
    const rp_data *d = g->d;
    series s[RP_MAX_SCEN];
    double mx = 0;
    for (int k = 0; k < d->ns; k++) {
        if (band(d, k, column, &s[k]) != 0)
            s[k].n = 0;
        for (int i = 0; i < s[k].n; i++)
            mx = fmax(mx, fmax(isfinite(s[k].hi[i]) ? s[k].hi[i] : 0,
                               isfinite(s[k].mean[i]) ? s[k].mean[i] : 0));
        if (limit && isfinite(d->s[k].cap_fte))
            mx = fmax(mx, (d->s[k].cap_fte + (isfinite(d->s[k].acute_cap_fte)
                                                  ? d->s[k].acute_cap_fte : 0)) * 1.05);
    }
    rp_chart c = {.rpad = limit ? 110 : 0};
    rp_chart_init(g, &c, x, y, w, h, title, 0, mx * 1.08, 1);
    double t0 = d->y0, t1 = d->y1 + 1;
    cairo_t *cr = g->cr;
    cairo_save(cr);
    cairo_rectangle(cr, c.x, c.y, c.w, c.h);
    cairo_clip(cr);
    for (int k = 0; k < d->ns; k++) {
        series *q = &s[k];
        if (q->n < 2)
            continue;
        /* the band: p05 forward, p95 back */
        cairo_new_path(cr);
        for (int i = 0; i < q->n; i++)
            cairo_line_to(cr, c.x + (q->t[i] - t0) / (t1 - t0) * c.w, rp_chart_y(&c, q->lo[i]));
        for (int i = q->n - 1; i >= 0; i--)
            cairo_line_to(cr, c.x + (q->t[i] - t0) / (t1 - t0) * c.w, rp_chart_y(&c, q->hi[i]));
        cairo_close_path(cr);
        unsigned t = rgb;
        double a = k == 0 ? 0.35 : 0.18;
        cairo_set_source_rgba(cr, ((t >> 16) & 255) / 255.0, ((t >> 8) & 255) / 255.0,
                              (t & 255) / 255.0, a);
        cairo_fill(cr);
    }
    for (int k = 0; k < d->ns; k++) {
        series *q = &s[k];
        cairo_new_path(cr);
        for (int i = 0; i < q->n; i++)
            if (isfinite(q->mean[i]))
                cairo_line_to(cr, c.x + (q->t[i] - t0) / (t1 - t0) * c.w,
                              rp_chart_y(&c, q->mean[i]));
        static const double dash[] = {16.0, 8.0};
        cairo_set_dash(cr, dash, k % 2 ? 2 : 0, 0);
        rp_rgb(g, k == 0 ? rgb : RP_C_INK);
        cairo_set_line_width(cr, 4.0);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    cairo_restore(cr);
    if (limit) {
        const rp_scen *s0 = &d->s[0];
        char lab[96], num[32];
        rp_fmt_num(num, sizeof num, s0->cap_fte, 0, g->lang);
        snprintf(lab, sizeof lab, "%s %s", num, rp_w(g, "fte"));
        rp_chart_ref(g, &c, s0->cap_fte, rp_w(g, "limit"), lab, true);
        if (isfinite(s0->acute_cap_fte) && s0->acute_cap_fte > 0) {
            rp_fmt_num(num, sizeof num, s0->cap_fte + s0->acute_cap_fte, 0, g->lang);
            snprintf(lab, sizeof lab, "%s %s", num, rp_w(g, "fte"));
            rp_chart_ref(g, &c, s0->cap_fte + s0->acute_cap_fte, rp_w(g, "limit_acute"), lab,
                         true);
        }
    }
    for (int i = 0; i <= c.ny; i++) {
        double px = c.x + c.w * i / c.ny;
        rp_line(g, px, c.y + c.h, px, c.y + c.h + 8, RP_LINE, RP_C_INK);
    }
    for (int k = 0; k < d->ns; k++)
        free(s[k].t);
}

void rp_page_weekly(rp_gc *g)
{
    const rp_data *d = g->d;
    double top, bottom;
    rp_frame(g, rp_w(g, "t_weekly"), rp_w(g, "q_weekly"), rp_w(g, "n_weekly"),
             "bands.csv: borrowed_fte, unprotected_waiting (mean, p05, p95 per week)", &top,
             &bottom);
    double lx = rp_legend_item(g, 60, top + 12, RP_C_BORROW, 2, rp_w(g, "band"));
    if (d->ns == 1) {
        rp_line(g, lx, top + 12, lx + 34, top + 12, 4.0, RP_C_BORROW);
        rp_text(g, lx + 44, top + 12, RP_PX_LABEL, RP_MIDDLE, RP_C_INK, rp_w(g, "mean"));
    }
    if (d->ns > 1) {
        for (int k = 0; k < d->ns; k++) {
            double x = lx;
            static const double dash[] = {16.0, 8.0};
            cairo_set_dash(g->cr, dash, k % 2 ? 2 : 0, 0);
            rp_line(g, x, top + 12, x + 34, top + 12, 4.0, k == 0 ? RP_C_BORROW : RP_C_INK);
            cairo_set_dash(g->cr, NULL, 0, 0);
            char sb[200];
            lx = x + 44 + rp_text(g, x + 44, top + 12, RP_PX_LABEL, RP_MIDDLE, RP_C_INK,
                                  rp_scen_short(d, k, sb, sizeof sb)) + 36;
        }
    }
    top += 48;
    double gap = 70, w = (RP_W - 120 - gap) / 2;
    char t1[128], t2[128];
    snprintf(t1, sizeof t1, "%s (%s)", rp_w(g, "borrowed_from"), rp_w(g, "fte"));
    snprintf(t2, sizeof t2, "%s (%s)", rp_w(g, "unprotected"), rp_w(g, "cases"));
    weekly_panel(g, 60, top, w, bottom - top, "borrowed_fte", t1, RP_C_BORROW, true);
    weekly_panel(g, 60 + w + gap, top, w, bottom - top, "unprotected_waiting", t2, RP_C_WAIT,
                 false);
}
