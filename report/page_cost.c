/*
 * page_cost.c - what the scenario costs per year against the budget
 * (budget.csv): left, the cash cost of the modelled budget lines together
 * with its interval and their budget as a black tick; right, apart, the
 * opportunity cost (regular police hours given to guarding), which is
 * never added to the cash; under both, a table per budget line and year
 * of cost and budget, and the lines the model does not simulate. A
 * scenario without budget lines shows its cash cost per year from
 * yearly.csv (cost_cash_eur) instead.
 */
#include "rp.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The budget.csv row of scenario k, year and line, or NULL. */
static const rp_brow *brow(const rp_data *d, int k, int year, const char *line)
{
    const rp_brow *r[RP_MAX_LINES + 4];
    int n = rp_budget_rows(d, k, year, r, RP_MAX_LINES + 4);
    for (int i = 0; i < n; i++)
        if (!strcmp(r[i]->line, line))
            return r[i];
    return NULL;
}

/* The cash of scenario k in a year: the modelled lines together (or,
 * without budget lines, yearly.csv's cost_cash_eur), and the budget. */
static rp_val cash(const rp_data *d, int k, int year, double *budget)
{
    const rp_brow *b = brow(d, k, year, "all");
    *budget = NAN;
    if (b) {
        rp_val v = {b->cost, b->lo, b->hi, 1, NAN, NAN, NAN, -1};
        *budget = b->budget;
        return v;
    }
    return rp_get(d, k, year, "cost_cash_eur", "all");
}

static rp_val opportunity(const rp_data *d, int k, int year)
{
    const rp_brow *b = brow(d, k, year, "opportunity");
    if (b) {
        rp_val v = {b->cost, b->lo, b->hi, 1, NAN, NAN, NAN, -1};
        return v;
    }
    return rp_get(d, k, year, "cost_opportunity_eur", "all");
}

/* A budget line's label in the report's language: in Dutch the part
 * before an English " (...)". */
static void line_label(const rp_gc *g, const char *label, char *buf, size_t n)
{
    const char *p = strstr(label, " (");
    if (g->lang == RP_NL && p)
        snprintf(buf, n, "%.*s", (int)(p - label), label);
    else
        snprintf(buf, n, "%s", label);
}

/* A modelled line with money in it (budget or cost) in some year. */
static bool has_money(const rp_data *d, int k, const rp_brow *b0)
{
    if (strcmp(b0->status, "modelled"))
        return false;
    for (int y = d->y0; y <= d->y1; y++) {
        const rp_brow *b = brow(d, k, y, b0->line);
        if (b && (b->budget > 0 || b->cost > 0))
            return true;
    }
    return false;
}

/* The table's rows: the lines with money and the cash of each scenario. */
static int table_rows(const rp_data *d)
{
    int n = 0;
    for (int k = 0; k < d->ns; k++) {
        const rp_brow *all[RP_MAX_LINES + 4];
        int m = rp_budget_rows(d, k, d->y0, all, RP_MAX_LINES + 4);
        for (int j = 0; j < m; j++)
            n += has_money(d, k, all[j]);
        n++;
    }
    return n;
}

/* The table: per modelled line with money in it, per scenario, cost /
 * budget per year (mln); then the lines not modelled. */
static void table(rp_gc *g, double x, double y, double w, double h)
{
    const rp_data *d = g->d;
    int ny = d->y1 - d->y0 + 1;
    double lw = 420, cw = (w - lw) / ny;
    char buf[96];
    rp_text(g, x, y, RP_PX_TICK, RP_BOLD, RP_C_INK, rp_w(g, "mln"));
    for (int i = 0; i < ny; i++) {
        snprintf(buf, sizeof buf, "%d", d->y0 + i);
        rp_text(g, x + lw + cw * (i + 1) - 8, y, RP_PX_TICK, RP_RIGHT | RP_BOLD, RP_C_INK, buf);
    }
    y += 28;
    char notm[512] = "";
    for (int k = 0; k < d->ns; k++) {
        const rp_brow *all[RP_MAX_LINES + 4];
        int n = rp_budget_rows(d, k, d->y0, all, RP_MAX_LINES + 4);
        for (int j = 0; j < n; j++) {
            const rp_brow *b0 = all[j];
            if (!strcmp(b0->line, "opportunity"))
                continue;
            bool money = has_money(d, k, b0), modelled = !strcmp(b0->status, "modelled");
            char lab[160];
            line_label(g, b0->label, lab, sizeof lab);
            if (!modelled) {
                if (k == 0 && strlen(notm) + strlen(lab) + 4 < sizeof notm)
                    snprintf(notm + strlen(notm), sizeof notm - strlen(notm), "%s%s",
                             *notm ? ", " : "", lab);
                continue;
            }
            if (!money || y > h)
                continue;
            bool tot = !strcmp(b0->line, "all");
            if (tot)
                snprintf(lab, sizeof lab, "%s", rp_w(g, "modelled_lines"));
            if (d->ns > 1)
                rp_styled_rect(g, x, y + 2, 26, 18, RP_C_OWN, k);
            rp_text(g, x + (d->ns > 1 ? 36 : 0), y, RP_PX_TICK, tot ? RP_BOLD : 0, RP_C_INK, lab);
            for (int i = 0; i < ny; i++) {
                const rp_brow *b = brow(d, k, d->y0 + i, b0->line);
                char c[32], bu[32];
                rp_fmt_num(c, sizeof c, b ? b->cost / 1e6 : NAN, 1, g->lang);
                rp_fmt_num(bu, sizeof bu, b ? b->budget / 1e6 : NAN, 1, g->lang);
                snprintf(buf, sizeof buf, "%s / %s", c, bu);
                bool over = b && b->cost > b->budget * 1.0005 && b->cost > 0;
                rp_text(g, x + lw + cw * (i + 1) - 8, y, RP_PX_TICK, RP_RIGHT | (tot ? RP_BOLD : 0),
                        over ? RP_C_BORROW : RP_C_INK, buf);
            }
            y += 26;
        }
        /* all cash, also what no budget line pays (the chain as it was) */
        if (y > h)
            continue;
        if (d->ns > 1)
            rp_styled_rect(g, x, y + 2, 26, 18, RP_C_OWN, k);
        rp_text(g, x + (d->ns > 1 ? 36 : 0), y, RP_PX_TICK, 0, RP_C_GREY, rp_w(g, "all_cash"));
        for (int i = 0; i < ny; i++) {
            rp_val v = rp_get(d, k, d->y0 + i, "cost_cash_eur", "all");
            rp_fmt_num(buf, sizeof buf, v.mean / 1e6, 1, g->lang);
            rp_text(g, x + lw + cw * (i + 1) - 8, y, RP_PX_TICK, RP_RIGHT, RP_C_GREY, buf);
        }
        y += 26;
    }
    char s[700];
    snprintf(s, sizeof s, "%s: %s / %s. %s%s%s", rp_w(g, "mln"), rp_w(g, "cash"),
             rp_w(g, "budget"), *notm ? rp_w(g, "not_modelled_lines") : "", *notm ? ": " : "",
             notm);
    rp_para(g, x, y + 4, w, RP_PX_TICK, 0, RP_C_GREY, s);
}

void rp_page_cost(rp_gc *g)
{
    const rp_data *d = g->d;
    double top, bottom;
    rp_frame(g, rp_w(g, "t_cost"), rp_w(g, "q_cost"), rp_w(g, "n_cost"),
             "budget.csv: cost_mean, cost_ci_low, cost_ci_high, budget_eur per line and year, "
             "status (modelled, not modelled, opportunity cost); without budget lines "
             "yearly.csv: cost_cash_eur, cost_opportunity_eur", &top, &bottom);
    bool lines = d->nbrow > 0;
    double lx = rp_legend_item(g, 60, top + 12, RP_C_OWN, 0, rp_w(g, "cash"));
    if (lines) {
        rp_line(g, lx, top + 12, lx + 34, top + 12, 6.0, RP_C_INK);
        lx += 44 + rp_text(g, lx + 44, top + 12, RP_PX_LABEL, RP_MIDDLE, RP_C_INK,
                           rp_w(g, "budget")) + 36;
    }
    lx = rp_legend_item(g, lx, top + 12, RP_C_BORROW, 0, rp_w(g, "opportunity"));
    if (d->ns > 1) {
        rp_text(g, lx, top + 12, RP_PX_LABEL, RP_MIDDLE, RP_C_GREY, "|");
        rp_scen_legend(g, lx + 30, top + 12, RP_C_GREY);
    }
    top += 48;
    int ny = d->y1 - d->y0 + 1, nk = d->ns;
    double tab = lines ? 26.0 * (table_rows(d) + 1) + 56 : 60;
    double ch = bottom - top - tab;
    if (ch < (bottom - top) * 0.45) /* many lines: the table gives way (it stops at bottom) */
        ch = (bottom - top) * 0.45;
    double mx = 0, mo = 0;
    for (int k = 0; k < nk; k++)
        for (int i = 0; i < ny; i++) {
            double b;
            rp_val v = cash(d, k, d->y0 + i, &b), o = opportunity(d, k, d->y0 + i);
            mx = fmax(mx, fmax(rp_top(&v, 1), isfinite(b) ? b : 0));
            mo = fmax(mo, rp_top(&o, 1));
        }
    mx = fmax(mx, mo); /* one scale for both: euros are euros */
    double gap = 70, w1 = (RP_W - 120 - gap) * 0.6, w2 = RP_W - 120 - gap - w1;
    char t1[128], t2[128];
    snprintf(t1, sizeof t1, "%s (%s)", rp_w(g, lines ? "c_cash" : "c_cash_all"), rp_w(g, "mln"));
    snprintf(t2, sizeof t2, "%s (%s)", rp_w(g, "c_opportunity"), rp_w(g, "mln"));
    rp_chart c1 = {0}, c2 = {0};
    rp_chart_init(g, &c1, 60, top, w1, ch, t1, 0, mx * 1.1 / 1e6, nk);
    rp_chart_init(g, &c2, 60 + w1 + gap, top, w2, ch, t2, 0, mx * 1.1 / 1e6, nk);
    for (int k = 0; k < nk; k++)
        for (int i = 0; i < ny; i++) {
            double b;
            rp_val v = cash(d, k, d->y0 + i, &b), o = opportunity(d, k, d->y0 + i);
            rp_chart_bar(g, &c1, i, k, 0, v.mean / 1e6, RP_C_OWN);
            rp_chart_ci(g, &c1, i, k, v.lo / 1e6, v.hi / 1e6, RP_C_INK);
            if (isfinite(b)) { /* the budget: a level wider than the bar */
                double x = rp_chart_x(&c1, i, k), bw = rp_chart_bw(&c1) * 0.62;
                double y = rp_chart_y(&c1, b / 1e6);
                rp_line(g, x - bw, y, x + bw, y, 7.0, RP_C_INK);
            }
            rp_chart_bar(g, &c2, i, k, 0, o.mean / 1e6, RP_C_BORROW);
            rp_chart_ci(g, &c2, i, k, o.lo / 1e6, o.hi / 1e6, RP_C_INK);
        }
    if (lines)
        table(g, 60, top + ch + 20, RP_W - 120, bottom);
    else
        rp_text(g, 60, top + ch + 20, RP_PX_LABEL, 0, RP_C_GREY, rp_w(g, "no_lines"));
}
