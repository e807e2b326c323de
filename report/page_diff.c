/*
 * page_diff.c - a compared scenario's difference from the first, per
 * year, for the headline figures: the paired difference of bbsim compare
 * (yearly.csv's diff_mean and its interval) as a point with its whisker
 * around a zero line, green where it is better, red where it is worse,
 * grey where the interval includes zero, and its value beside it.
 */
#include "rp.h"
#include <math.h>
#include <stdio.h>

typedef struct headline {
    const char *metric, *group;
    const char *nl, *en;  /* the panel's title */
    const char *unl, *uen; /* its unit */
    double scale;         /* the difference times this, in the unit of the title */
    int better;           /* +1 more is better, -1 less is better */
    int decimals;
} headline;

static const headline H[] = {
    {"first_action_within_target_share", "acute", "Acuut: eerste maatregel binnen norm",
     "Acute: first action within target", "procentpunt", "percentage points", 100, +1, 1},
    {"within_target_share", "acute", "Acuut: definitief pakket binnen norm",
     "Acute: definitive package within target", "procentpunt", "percentage points", 100, +1, 1},
    {"within_target_share", "regular", "Regulier: definitief pakket binnen norm",
     "Regular: definitive package within target", "procentpunt", "percentage points", 100, +1,
     1},
    {"lead_time_p90_h", "regular", "Regulier: tijd tot 90% het pakket had",
     "Regular: time until 90% had the package", "dagen", "days", 1 / 24.0, -1, 0},
    {"queue_mean", "execution", "Wacht op uitvoering, onbeveiligd",
     "Waiting for execution, unprotected", "zaken, gemiddeld", "cases, on average", 1, -1, 0},
    {"never_protected", "all", "Nooit beveiligd", "Never protected", "zaken", "cases", 1, -1, 0},
    {"borrowed_fte_mean", "basic_units", "Geleend van de basisteams",
     "Borrowed from the basic teams", "fte, gemiddeld", "FTE, on average", 1, -1, 0},
    {"borrow_unmet_fte_mean", "basic_units", "Nodig, niet te krijgen",
     "Needed, not to be had", "fte, gemiddeld", "FTE, on average", 1, -1, 0},
    {"cost_cash_eur", "all", "Kosten (kas)", "Cash cost", "mln \xe2\x82\xac",
     "EUR m", 1e-6, -1, 1},
};
#define NH ((int)(sizeof H / sizeof H[0]))

static void diff_panel(rp_gc *g, double x, double y, double w, double h, const headline *m,
                       int k)
{
    const rp_data *d = g->d;
    int ny = d->y1 - d->y0 + 1;
    double lo = 0, hi = 0;
    bool any = false;
    for (int i = 0; i < ny; i++) {
        rp_val v = rp_get(d, k, d->y0 + i, m->metric, m->group);
        double a[] = {v.dmean, v.dlo, v.dhi};
        for (int j = 0; j < 3; j++)
            if (isfinite(a[j])) {
                lo = fmin(lo, a[j] * m->scale);
                hi = fmax(hi, a[j] * m->scale);
                any = true;
            }
    }
    const char *title = g->lang == RP_EN ? m->en : m->nl;
    if (!any) {
        rp_text(g, x, y, RP_PX_LABEL, RP_BOLD, RP_C_INK, title);
        char s[160];
        snprintf(s, sizeof s, "%s%s/%s (yearly.csv)", rp_w(g, "missing_metric"), m->metric,
                 m->group);
        rp_missing(g, x, y + 40, w, h - 40, s);
        return;
    }
    double pad = (hi - lo) * 0.25 + 1e-9;
    rp_chart c = {.unit = g->lang == RP_EN ? m->uen : m->unl};
    rp_chart_init(g, &c, x, y, w, h, title, lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : pad, 1);
    for (int i = 0; i < ny; i++) {
        rp_val v = rp_get(d, k, d->y0 + i, m->metric, m->group);
        if (!isfinite(v.dmean))
            continue;
        double s = m->scale;
        unsigned rgb = RP_C_GREY;
        if (v.dsig == 1)
            rgb = v.dmean * m->better > 0 ? RP_C_OWN : RP_C_BORROW;
        rp_chart_ci(g, &c, i, 0, v.dlo * s, v.dhi * s, rgb);
        rp_chart_point(g, &c, i, 0, v.dmean * s, rgb);
        char buf[32];
        rp_fmt_signed(buf, sizeof buf, v.dmean * s, m->decimals, g->lang);
        /* the value over the whisker's top, where no neighbour is */
        double top = isfinite(v.dhi) ? fmax(v.dhi, v.dmean) : v.dmean;
        double py = rp_chart_y(&c, top * s) - 12;
        rp_text(g, rp_chart_x(&c, i, 0), py, RP_PX_TICK,
                RP_CENTER | RP_BOTTOM | (v.dsig == 1 ? RP_BOLD : 0), RP_C_INK, buf);
    }
}

void rp_page_diff(rp_gc *g, int k)
{
    const rp_data *d = g->d;
    char title[400], a[200], b[200];
    /* the short forms: two whole titles do not fit on one line */
    snprintf(title, sizeof title, "%s %s %s", rp_scen_short(d, k, a, sizeof a), rp_w(g, "t_diff"),
             rp_scen_short(d, 0, b, sizeof b));
    double top, bottom;
    rp_frame(g, title, rp_w(g, "q_diff"), rp_w(g, "n_diff"),
             "yearly.csv: diff_mean, diff_ci_low, diff_ci_high, diff_significant (bbsim compare)",
             &top, &bottom);
    double lx = rp_legend_item(g, 60, top + 12, RP_C_OWN, -1, rp_w(g, "better"));
    lx = rp_legend_item(g, lx, top + 12, RP_C_BORROW, -1, rp_w(g, "worse"));
    rp_legend_item(g, lx, top + 12, RP_C_GREY, -1, rp_w(g, "no_diff"));
    top += 48;
    const int cols = 3, rows = (NH + cols - 1) / cols;
    double gapx = 70, gapy = 26;
    double w = (RP_W - 120 - gapx * (cols - 1)) / cols;
    double h = (bottom - top - gapy * (rows - 1)) / rows;
    for (int i = 0; i < NH; i++)
        diff_panel(g, 60 + (i % cols) * (w + gapx), top + (i / cols) * (h + gapy), w, h, &H[i],
                   k);
}
