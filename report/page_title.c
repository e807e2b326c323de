/*
 * page_title.c - the title page: the scenarios in words (title or name,
 * description, seed, replications, period, the bbsim that ran them, the
 * folder), the key figures over the whole period (summary.csv) side by
 * side, whether differences are paired, the command that made the report
 * and the commands that make the outputs again.
 */
#include "rp.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct key {
    const char *metric, *group;
    const char *nl, *en;
    int kind; /* 0 share, 1 count, 2 days from hours, 3 euros, 4 FTE */
} key;

static const key KEYS[] = {
    {"first_action_within_target_share", "acute", "Acuut: eerste maatregel binnen norm",
     "Acute: first action within target", 0},
    {"within_target_share", "acute", "Acuut: definitief pakket binnen norm",
     "Acute: definitive package within target", 0},
    {"within_target_share", "regular", "Regulier: definitief pakket binnen norm",
     "Regular: definitive package within target", 0},
    {"lead_time_p90_h", "regular", "Regulier: 90% had het pakket binnen (dagen)",
     "Regular: 90% had the package within (days)", 2},
    {"never_protected", "all", "Nooit beveiligd (zaken)", "Never protected (cases)", 1},
    {"borrowed_fte_mean", "basic_units", "Geleend van de basisteams (fte)",
     "Borrowed from the basic teams (FTE)", 4},
    {"borrow_unmet_fte_mean", "basic_units", "Nodig, niet te krijgen (fte)",
     "Needed, not to be had (FTE)", 4},
    {"cost_cash_eur", "total", "Kosten, kas, hele periode", "Cash cost, whole period", 3},
    {"cost_opportunity_eur", "total", "Uren regulier politiewerk, in euro's",
     "Regular police hours, in euros", 3},
};

static void fmt_key(const rp_gc *g, const key *m, double v, char *buf, size_t n)
{
    switch (m->kind) {
    case 0: rp_fmt_pct(buf, n, v, 1, g->lang); break;
    case 2: rp_fmt_num(buf, n, v / 24.0, 0, g->lang); break;
    case 3: rp_fmt_eur(buf, n, v, g->lang); break;
    default: rp_fmt_num(buf, n, v, 0, g->lang); break;
    }
}

/* One cell's mean and interval as text. */
static void cell(const rp_gc *g, const key *m, rp_val v, char *a, char *c, size_t n)
{
    char lo[64], hi[64];
    fmt_key(g, m, v.mean, a, n); /* a and c: n bytes each */
    c[0] = 0;
    if (isfinite(v.lo)) {
        fmt_key(g, m, v.lo, lo, sizeof lo);
        fmt_key(g, m, v.hi, hi, sizeof hi);
        snprintf(c, n, "[%s; %s]", lo, hi);
    }
}

/* The key figures, a column per scenario: the mean, its interval beside
 * it, or under it in a row where beside does not fit. */
static double key_table(rp_gc *g, double x, double y, double w, double ymax)
{
    const rp_data *d = g->d;
    rp_text(g, x, y, RP_PX_LABEL, RP_BOLD, RP_C_INK, rp_w(g, "key_figures"));
    y += 40;
    double lw = 560, cw = (w - lw) / d->ns;
    if (cw > 380)
        cw = 380;
    for (int k = 0; k < d->ns && d->ns > 1; k++) {
        rp_styled_rect(g, x + lw + cw * k + 8, y + 2, 26, 18, RP_C_GREY, k);
        char t[200];
        rp_scen_short(d, k, t, sizeof t);
        rp_text(g, x + lw + cw * k + 42, y, RP_PX_TICK, RP_BOLD, RP_C_INK, t);
    }
    if (d->ns > 1)
        y += 32;
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        const key *m = &KEYS[i];
        rp_val v0 = rp_get(d, 0, 0, m->metric, m->group);
        if (v0.reps < 0)
            continue;
        if (y + 36 > ymax)
            break; /* many scenarios: the rest of the table would run into the commands */
        char a[160], c[160];
        bool under = false;
        for (int k = 0; k < d->ns; k++) {
            cell(g, m, rp_get(d, k, 0, m->metric, m->group), a, c, sizeof a);
            under |= rp_text_width(g, RP_PX_LABEL, RP_BOLD, a) + 12 +
                         rp_text_width(g, RP_PX_TICK, 0, c) > cw - 24;
        }
        rp_line(g, x, y - 4, x + lw + cw * d->ns, y - 4, 2.0, RP_C_GRID);
        rp_text(g, x, y + 2, RP_PX_LABEL, 0, RP_C_INK, g->lang == RP_EN ? m->en : m->nl);
        for (int k = 0; k < d->ns; k++) {
            cell(g, m, rp_get(d, k, 0, m->metric, m->group), a, c, sizeof a);
            double mw = rp_text(g, x + lw + cw * k + 8, y + 2, RP_PX_LABEL, RP_BOLD, RP_C_INK, a);
            rp_text(g, x + lw + cw * k + 8 + (under ? 0 : mw + 12), y + (under ? 32 : 5),
                    RP_PX_TICK, 0, RP_C_GREY, c);
        }
        y += under ? 58 : 36;
    }
    return y;
}

void rp_page_title(rp_gc *g)
{
    const rp_data *d = g->d;
    const double m = 60, w = RP_W - 2 * m;
    rp_rect(g, 0, 0, RP_W, RP_H, 0xFFFFFFu);
    rp_rect(g, 0, 0, 24, RP_H, RP_C_ADVICE);
    rp_text(g, m, 50, 56, RP_BOLD, RP_C_INK, rp_w(g, "report"));
    rp_text(g, m, 124, RP_PX_LABEL + 4, 0, RP_C_GREY, rp_w(g, "subtitle"));
    double y = 190;
    char buf[1024];
    const double tx = RP_W - m - 400, bw = tx - m - 40; /* the contents right of bw */
    for (int k = 0; k < d->ns; k++) {
        const rp_scen *s = &d->s[k];
        double x = m;
        if (d->ns > 1) {
            rp_styled_rect(g, m, y + 8, 34, 24, RP_C_GREY, k);
            x += 50;
        }
        rp_text(g, x, y, 32, RP_BOLD, RP_C_INK, rp_scen_title(d, k));
        y += 46;
        const char *desc = s->desc;
        if (!s->title && !s->title_nl) {
            /* the name is the title: the description says what it is */
        } else {
            snprintf(buf, sizeof buf, "%s%s%s", s->name, desc ? ": " : "", desc ? desc : "");
            desc = buf;
        }
        if (desc && d->ns <= 3) /* more scenarios: their titles and facts only */
            y += rp_para(g, x, y, bw - (x - m), RP_PX_LABEL, 0, RP_C_INK, desc) + 6;
        char seed[32] = "?", reps[32] = "?";
        if (s->seed >= 0)
            snprintf(seed, sizeof seed, "%lld", s->seed);
        if (s->reps >= 0)
            rp_fmt_num(reps, sizeof reps, (double)s->reps, 0, g->lang);
        char facts[1024];
        snprintf(facts, sizeof facts, "%s %s  \xc2\xb7  %s %s  \xc2\xb7  %s %s \xe2\x80\x93 %s  "
                                      "\xc2\xb7  %s %s  \xc2\xb7  %s %s",
                 rp_w(g, "seed"), seed, reps, rp_w(g, "reps"), rp_w(g, "period"), s->start,
                 s->end, rp_w(g, "version"), s->version, rp_w(g, "folder"), d->f[s->folder].dir);
        y += rp_para(g, x, y, bw - (x - m), RP_PX_TICK, 0, RP_C_GREY, facts) + 22;
    }
    /* the contents, right */
    if (g->toc) {
        double ty = 190;
        rp_text(g, tx, ty, RP_PX_LABEL, RP_BOLD, RP_C_INK, rp_w(g, "pages"));
        ty += 40;
        for (int i = 1; g->toc[i]; i++) {
            snprintf(buf, sizeof buf, "%d", i + 1);
            rp_text(g, tx, ty, RP_PX_LABEL, 0, RP_C_GREY, buf);
            ty += rp_para(g, tx + 44, ty, 356, RP_PX_LABEL, 0, RP_C_INK, g->toc[i]) + 8;
        }
        /* how to read the figures, under the contents */
        ty += 30;
        ty += rp_para(g, tx, ty, 400, RP_PX_TICK, 0, RP_C_INK, rp_w(g, "ci_note")) + 12;
        if (d->ns > 1)
            rp_para(g, tx, ty, 400, RP_PX_TICK, 0, RP_C_INK,
                    rp_w(g, d->paired ? "paired_yes" : "paired_no"));
    }
    /* the commands, at the bottom, from the last line up */
    double by = RP_H - 36;
    for (int i = d->nf; i >= 0; i--) {
        if (i == 0)
            snprintf(buf, sizeof buf, "%s: %s  (bbsim %s)", rp_w(g, "made_by"),
                     d->command ? d->command : "bbsim report", bb_version());
        else
            snprintf(buf, sizeof buf, "%s: %s", rp_w(g, "rerun"),
                     d->f[i - 1].rerun ? d->f[i - 1].rerun : "?");
        by -= rp_para_height(g, w, RP_PX_TICK, 0, buf);
        rp_para(g, m, by, w, RP_PX_TICK, 0, i ? RP_C_GREY : RP_C_INK, buf);
        by -= 6;
    }
    key_table(g, m, y + 10, bw, by - 20);
}
