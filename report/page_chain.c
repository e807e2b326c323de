/*
 * page_chain.c - the pages about cases going through the chain: lead
 * times per year against the targets (first protective action and the
 * definitive package, acute and regular), the backlog per stage, and the
 * cases never protected (per year, and why).
 */
#include "rp.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* "Niet in de uitvoer: METRIC" in a box, when an older or newer model
 * did not write a metric. */
static void no_metric(rp_gc *g, double x, double y, double w, double h, const char *metric)
{
    char s[256];
    snprintf(s, sizeof s, "%s%s (yearly.csv)", rp_w(g, "missing_metric"), metric);
    rp_missing(g, x, y, w, h, s);
}

/* A scenario's style in a row under a chart: its swatch at x. */
static void row_swatch(rp_gc *g, double x, double y, int k, unsigned rgb)
{
    if (g->d->ns > 1)
        rp_styled_rect(g, x, y + 3, 26, 18, rgb, k);
}

/* ---- lead times ---- */

/* True when two metrics have the same value in every year and scenario
 * (a regular case's first action is its definitive package). */
static bool same_series(const rp_data *d, const char *m1, const char *m2, const char *grp)
{
    for (int k = 0; k < d->ns; k++)
        for (int y = d->y0; y <= d->y1; y++) {
            rp_val a = rp_get(d, k, y, m1, grp), b = rp_get(d, k, y, m2, grp);
            if (a.reps != b.reps || (a.mean != b.mean && !(isnan(a.mean) && isnan(b.mean))))
                return false;
        }
    return true;
}

/* One panel: p90 bars, p50 points, intervals, the target; the share
 * within the target under each year. */
static void lead_panel(rp_gc *g, double x, double y, double w, double h, int acute, int first)
{
    const rp_data *d = g->d;
    const char *pre = first ? "first_action_" : "lead_time_";
    char m50[64], m90[64], mw[64];
    snprintf(m50, sizeof m50, "%sp50_h", first ? "first_action_" : "lead_time_");
    snprintf(m90, sizeof m90, "%sp90_h", pre);
    snprintf(mw, sizeof mw, "%s", first ? "first_action_within_target_share"
                                        : "within_target_share");
    const char *grp = acute ? "acute" : "regular";
    bool hours = acute && first; /* hours for the acute first action, days otherwise */
    double unit = hours ? 1.0 : 24.0;
    char title[160];
    snprintf(title, sizeof title, "%s: %s (%s)", rp_w(g, acute ? "acute" : "regular"),
             rp_w(g, first ? "first_action" : "definitive"), rp_w(g, hours ? "hours" : "days"));
    if (!rp_has_metric(d, m90)) {
        rp_text(g, x, y, RP_PX_LABEL, RP_BOLD, RP_C_INK, title);
        no_metric(g, x, y + 40, w, h - 40, m90);
        return;
    }
    int ny = d->y1 - d->y0 + 1, nk = d->ns;
    double top = 0, target = NAN;
    for (int k = 0; k < nk; k++) {
        double t = d->s[k].target_h[acute][first] / unit;
        if (isfinite(t))
            target = isfinite(target) ? fmax(target, t) : t;
        for (int i = 0; i < ny; i++) {
            rp_val a = rp_get(d, k, d->y0 + i, m90, grp), b = rp_get(d, k, d->y0 + i, m50, grp);
            double v[] = {a.mean, a.hi, b.mean, b.hi};
            for (int j = 0; j < 4; j++)
                if (isfinite(v[j]) && v[j] / unit > top)
                    top = v[j] / unit;
        }
    }
    if (top == 0) { /* no case of this kind in any year */
        rp_text(g, x, y, RP_PX_LABEL, RP_BOLD, RP_C_INK, title);
        rp_missing(g, x, y + 40, w, h - 40, rp_w(g, "no_cases"));
        return;
    }
    if (isfinite(target) && target * 1.12 > top)
        top = target * 1.12;
    double rows = 26.0 * (nk + 1);
    rp_chart c = {.rpad = 96};
    rp_chart_init(g, &c, x, y, w, h - rows, title, 0, top * 1.08, nk);
    if (first && !acute && same_series(d, "first_action_p90_h", "lead_time_p90_h", grp))
        rp_text(g, x + rp_text_width(g, RP_PX_LABEL, RP_BOLD, title) + 14, y + 3, RP_PX_TICK, 0,
                RP_C_GREY, rp_w(g, "same_as_def"));
    for (int k = 0; k < nk; k++)
        for (int i = 0; i < ny; i++) {
            rp_val a = rp_get(d, k, d->y0 + i, m90, grp), b = rp_get(d, k, d->y0 + i, m50, grp);
            rp_chart_bar(g, &c, i, k, 0, a.mean / unit, RP_C_WAIT);
            rp_chart_ci(g, &c, i, k, a.lo / unit, a.hi / unit, RP_C_INK);
            rp_chart_ci(g, &c, i, k, b.lo / unit, b.hi / unit, RP_C_GREY);
            rp_chart_point(g, &c, i, k, b.mean / unit, RP_C_INK);
            /* a p90 that only some replications reached: say in how many */
            long n = d->s[k].reps;
            if (n > 0 && a.reps >= 0 && a.reps < n) {
                char buf[32];
                snprintf(buf, sizeof buf, "%d/%ld", a.reps, n);
                double v = isfinite(a.hi) ? fmax(a.hi, a.mean) : a.mean;
                rp_chart_label(g, &c, i, k, isfinite(v) ? v / unit : 0, buf);
            }
        }
    for (int k = 0; k < nk; k++) {
        double t = d->s[k].target_h[acute][first] / unit;
        if (!isfinite(t) || (k > 0 && t == d->s[0].target_h[acute][first] / unit))
            continue;
        char lab[96], num[32];
        rp_fmt_num(num, sizeof num, t, t == floor(t) ? 0 : 1, g->lang);
        snprintf(lab, sizeof lab, "%s %s", num, rp_w(g, hours ? "hours" : "days"));
        rp_chart_ref(g, &c, t, rp_w(g, "norm"), lab, true);
    }
    /* the share within the target, per scenario a row */
    double ry = c.y + c.h + 34;
    rp_text(g, c.x, ry, RP_PX_TICK, RP_BOLD, RP_C_OWN, rp_w(g, "within"));
    for (int k = 0; k < nk; k++) {
        ry += 26;
        row_swatch(g, c.x - 34, ry, k, RP_C_WAIT);
        for (int i = 0; i < ny; i++) {
            rp_val s = rp_get(d, k, d->y0 + i, mw, grp);
            char buf[32];
            rp_fmt_pct(buf, sizeof buf, s.mean, 0, g->lang);
            rp_text(g, c.x + c.w / ny * (i + 0.5), ry, RP_PX_TICK, RP_CENTER, RP_C_INK, buf);
        }
    }
}

void rp_page_lead(rp_gc *g)
{
    double top, bottom;
    rp_frame(g, rp_w(g, "t_lead"), rp_w(g, "q_lead"), rp_w(g, "n_lead"),
             "yearly.csv: first_action_p50_h, first_action_p90_h, "
             "first_action_within_target_share, lead_time_p50_h, lead_time_p90_h, "
             "within_target_share (acute, regular); scenario.cfg: targets",
             &top, &bottom);
    double lx = 60;
    lx = rp_legend_item(g, lx, top + 12, RP_C_WAIT, 0, rp_w(g, "p90"));
    lx = rp_legend_item(g, lx, top + 12, RP_C_INK, -1, rp_w(g, "p50"));
    rp_dashed(g, lx, top + 12, lx + 34, top + 12, RP_LINE, RP_C_INK);
    lx = rp_text(g, lx + 44, top + 12, RP_PX_LABEL, RP_MIDDLE, RP_C_INK, rp_w(g, "norm")) + lx +
         44 + 36;
    rp_scen_legend(g, lx + 20, top + 12, RP_C_WAIT);
    top += 44;
    double gap = 70, w = (RP_W - 120 - gap) / 2, h = (bottom - top - 30) / 2;
    for (int r = 0; r < 2; r++)
        for (int col = 0; col < 2; col++)
            lead_panel(g, 60 + col * (w + gap), top + r * (h + 30), w, h, r == 0, col == 0);
}

/* ---- backlog ---- */

static const struct {
    const char *group;
    unsigned rgb;
} STAGES[] = {
    {"information", RP_C_INFO},  {"advice_decentral", RP_C_ADVICE},
    {"advice_central", RP_C_ADVICE}, {"decision", RP_C_DECISION},
    {"execution", RP_C_WAIT},
};

/* One stage's yearly queue: bars with intervals, the value on top. */
static void stage_panel(rp_gc *g, double x, double y, double w, double h, int st)
{
    const rp_data *d = g->d;
    int ny = d->y1 - d->y0 + 1, nk = d->ns;
    char wbuf[96], title[160];
    const char *word = rp_group_word(d, STAGES[st].group, wbuf, sizeof wbuf);
    snprintf(title, sizeof title, "%s (%s)", word, rp_w(g, "cases"));
    double top = 0;
    for (int k = 0; k < nk; k++)
        for (int i = 0; i < ny; i++) {
            rp_val v = rp_get(d, k, d->y0 + i, "queue_mean", STAGES[st].group);
            top = fmax(top, rp_top(&v, 1));
        }
    rp_chart c = {0};
    rp_chart_init(g, &c, x, y, w, h, title, 0, top * 1.12, nk);
    bool labels = rp_chart_bw(&c) >= 34;
    for (int k = 0; k < nk; k++)
        for (int i = 0; i < ny; i++) {
            rp_val v = rp_get(d, k, d->y0 + i, "queue_mean", STAGES[st].group);
            rp_chart_bar(g, &c, i, k, 0, v.mean, STAGES[st].rgb);
            rp_chart_ci(g, &c, i, k, v.lo, v.hi, RP_C_INK);
            if (labels) {
                char buf[32];
                rp_fmt_sig(buf, sizeof buf, v.mean, 2, g->lang);
                rp_chart_label(g, &c, i, k, isfinite(v.hi) ? fmax(v.hi, v.mean) : v.mean, buf);
            }
        }
}

void rp_page_backlog(rp_gc *g)
{
    double top, bottom;
    rp_frame(g, rp_w(g, "t_backlog"), rp_w(g, "q_backlog"), rp_w(g, "n_backlog"),
             "yearly.csv: queue_mean (information, advice_decentral, advice_central, decision, "
             "execution)", &top, &bottom);
    if (!rp_has_metric(g->d, "queue_mean")) {
        no_metric(g, 60, top, RP_W - 120, bottom - top, "queue_mean");
        return;
    }
    if (rp_scen_legend(g, 60, top + 12, RP_C_GREY) > 60)
        top += 44;
    double gap = 60, h = (bottom - top - 30) / 2;
    double w3 = (RP_W - 120 - 2 * gap) / 3, w2 = (RP_W - 120 - gap) / 2;
    for (int st = 0; st < 3; st++)
        stage_panel(g, 60 + st * (w3 + gap), top, w3, h, st);
    for (int st = 3; st < 5; st++)
        stage_panel(g, 60 + (st - 3) * (w2 + gap), top + h + 30, w2, h, st);
}

/* ---- never protected ---- */

void rp_page_never(rp_gc *g)
{
    const rp_data *d = g->d;
    double top, bottom;
    rp_frame(g, rp_w(g, "t_never"), rp_w(g, "q_never"), rp_w(g, "n_never"),
             "yearly.csv: never_protected, needing_measures (acute, regular, all); summary.csv: "
             "never_protected (reason_no_capacity, reason_lead_time, reason_assessment)",
             &top, &bottom);
    if (!rp_has_metric(d, "never_protected")) {
        no_metric(g, 60, top, RP_W - 120, bottom - top, "never_protected");
        return;
    }
    if (rp_scen_legend(g, 60, top + 12, RP_C_WAIT) > 60)
        top += 44;
    int ny = d->y1 - d->y0 + 1, nk = d->ns;
    /* left: per year, the count, and the share of those needing measures */
    double w = (RP_W - 120) * 0.62, rows = 26.0 * (nk + 1);
    double mx = 0;
    for (int k = 0; k < nk; k++)
        for (int i = 0; i < ny; i++) {
            rp_val v = rp_get(d, k, d->y0 + i, "never_protected", "all");
            mx = fmax(mx, rp_top(&v, 1));
        }
    char title[160];
    snprintf(title, sizeof title, "%s: %s (%s)", rp_w(g, "per_year"), rp_w(g, "never_all"),
             rp_w(g, "cases"));
    rp_chart c = {0};
    rp_chart_init(g, &c, 60, top, w, bottom - top - rows, title, 0, mx * 1.12, nk);
    bool labels = rp_chart_bw(&c) >= 40;
    for (int k = 0; k < nk; k++)
        for (int i = 0; i < ny; i++) {
            rp_val v = rp_get(d, k, d->y0 + i, "never_protected", "all");
            rp_chart_bar(g, &c, i, k, 0, v.mean, RP_C_WAIT);
            rp_chart_ci(g, &c, i, k, v.lo, v.hi, RP_C_INK);
            if (labels) {
                char buf[32];
                rp_fmt_num(buf, sizeof buf, v.mean, 0, g->lang);
                rp_chart_label(g, &c, i, k, isfinite(v.hi) ? fmax(v.hi, v.mean) : v.mean, buf);
            }
        }
    double ry = c.y + c.h + 34;
    rp_text(g, c.x, ry, RP_PX_TICK, RP_BOLD, RP_C_INK, rp_w(g, "of_needing"));
    for (int k = 0; k < nk; k++) {
        ry += 26;
        row_swatch(g, c.x - 34, ry, k, RP_C_WAIT);
        for (int i = 0; i < ny; i++) {
            rp_val v = rp_get(d, k, d->y0 + i, "never_protected", "all");
            rp_val n = rp_get(d, k, d->y0 + i, "needing_measures", "all");
            char buf[32];
            rp_fmt_pct(buf, sizeof buf, n.mean > 0 ? v.mean / n.mean : NAN, 1, g->lang);
            rp_text(g, c.x + c.w / ny * (i + 0.5), ry, RP_PX_TICK, RP_CENTER, RP_C_INK, buf);
        }
    }
    /* right: why, over the whole period (summary.csv), horizontal bars */
    static const char *const R[] = {"reason_no_capacity", "reason_lead_time", "reason_assessment"};
    double x0 = 60 + w + 90, bw = RP_W - 60 - x0;
    rp_text(g, x0, top, RP_PX_LABEL, RP_BOLD, RP_C_INK, rp_w(g, "by_reason"));
    double rmax = 0;
    for (int k = 0; k < nk; k++)
        for (int r = 0; r < 3; r++) {
            rp_val v = rp_get(d, k, 0, "never_protected", R[r]);
            rmax = fmax(rmax, rp_top(&v, 1));
        }
    if (!(rmax > 0))
        rmax = 1;
    double y = top + 60, bh = 30;
    for (int r = 0; r < 3; r++) {
        char buf[96];
        rp_text(g, x0, y, RP_PX_LABEL, 0, RP_C_INK, rp_group_word(d, R[r], buf, sizeof buf));
        y += 34;
        for (int k = 0; k < nk; k++) {
            rp_val v = rp_get(d, k, 0, "never_protected", R[r]);
            double len = isfinite(v.mean) ? v.mean / rmax * (bw - 120) : 0;
            rp_styled_rect(g, x0, y, len, bh, RP_C_WAIT, k);
            char num[32];
            rp_fmt_num(num, sizeof num, v.mean, 0, g->lang);
            rp_text(g, x0 + len + 10, y + bh / 2, RP_PX_TICK, RP_MIDDLE, RP_C_INK, num);
            y += bh + 8;
        }
        y += 24;
    }
}
