/*
 * chain.c - the chain panel (see chain.h): the stage boxes left to right
 * with arrows between them, then the providers and the FTE borrowed from
 * the basic teams. One function per kind of box draws its contents;
 * chain_draw takes each box's rectangle from the panel layout, draws its
 * background and frame and calls it.
 */
#include "chain.h"

#include <math.h>
#include <stdio.h>

#include "charts.h"
#include "labels.h"
#include "story.h"

#define EDGE_W 2 /* the frame of a box that is not selected */

static int imax2(int a, int b) { return a > b ? a : b; }

/* ------------------------------------------------------------------ */
/* parts of boxes                                                      */
/* ------------------------------------------------------------------ */

static void chain_box_bg(vz_gfx *g, SDL_Rect r, uint32_t bg, uint32_t edge, int t)
{
    gfx_fill(g, r.x, r.y, r.w, r.h, bg);
    gfx_frame(g, r, t, edge);
}

/* A small unit ("FTE", "zaken") right after a big number of width nw
 * drawn in the number line starting at y, on the number's baseline. */
static void chain_unit(vz_gfx *g, const vz_layout *L, int x, int y, int nw, const char *unit)
{
    gfx_text(g, L->fs_tick, 0, C_TEXT2, x + nw + L->pad / 2,
             y + L->lh_number - gfx_font_h(g, L->fs_tick, 0) - L->lh_number / 10, LEFT, unit);
}

/* A queue: its count in big type and a bar against the shared scale. */
static void chain_queue_cell(vz_gfx *g, const vz_layout *L, int x, int y, int w, int count,
                             double scale, uint32_t c, const char *sub, const char *sub_short)
{
    char num[48];
    vz_fmt_num(num, sizeof num, count, 0, g->lang);
    gfx_text_fit(g, L->fs_number, L->fs_min, 1, VZ_C_INK, x, y, L->lh_number, w, LEFT, num, NULL);
    y += L->lh_number;
    gfx_fill(g, x, y, w, L->bar, C_TRACK);
    double f = scale > 0 ? fmin(1.0, count / scale) : 0;
    int fw = (int)lround(w * f);
    if (count > 0 && fw < 3)
        fw = 3;
    gfx_fill(g, x, y, fw, L->bar, c);
    y += L->bar + L->pad / 2;
    if (sub && !L->compact)
        gfx_text_fit(g, L->fs_tick, L->fs_min, 0, C_TEXT2, x, y, L->lh_tick, w, LEFT, sub, sub_short);
}

/* An FTE slider: a track, the starting FTE as a notch, the operational
 * FTE as a dark part of the track, those on their way (recruitment and
 * training) in green after it, the knob at the target (the operational
 * FTE plus those on their way; filled when selected). */
static void chain_slider(vz_gfx *g, const vz_layout *L, SDL_Rect s, double fte0, double op,
                         double target, double top, int sel)
{
    double mx = top > 0 ? top : 1;
    int th = L->line;
    int cy = s.y + s.h / 2;
    gfx_fill(g, s.x, cy - th / 2, s.w, th, 0x999999u);
    int xo = s.x + (int)lround(s.w * fmin(1.0, op / mx));
    int kx = s.x + (int)lround(s.w * fmin(1.0, target / mx));
    gfx_fill(g, s.x, cy - th / 2, xo - s.x, th, C_ARROW);
    if (kx > xo)
        gfx_fill(g, xo, cy - th, kx - xo, 2 * th, VZ_C_USE);
    int x0 = s.x + (int)lround(s.w * fmin(1.0, fte0 / mx));
    gfx_fill(g, x0 - 1, s.y + s.h / 4, 3, s.h / 2, C_TEXT2);
    int kw = imax2(L->fs_tick * 2 / 3, 8);
    gfx_fill(g, kx - kw / 2, s.y, kw, s.h, VZ_C_INK);
    gfx_fill(g, kx - kw / 2 + 3, s.y + 3, kw - 6, s.h - 6, sel ? VZ_C_EVENT : 0xFFFFFFu);
}

/* The value a slider shows: the dragged value while it is dragged, else
 * the target FTE. */
static double slider_value(const vz_app *a, const vz_panel *p, int pool, int prov)
{
    int pi = (int)(p - a->pan);
    if (a->drag_panel == pi && a->drag_pool == pool && a->drag_prov == prov &&
        (pool >= 0 || prov >= 0))
        return a->drag_to;
    return vz_target_fte(&p->now, pool, prov);
}

/* The slider of pool `pl` and whether it is the selected one. */
static void chain_pool_slider(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P,
                              const vz_app *a, const vz_panel *p, int pl)
{
    if (P->pool_slider[pl].w <= 0)
        return;
    int sel = a->sel_pool == pl && a->sel_panel == (int)(p - a->pan);
    chain_slider(g, L, P->pool_slider[pl], p->pool0[pl], p->now.pool_fte[pl],
                 slider_value(a, p, pl, -1), p->pool_max[pl], sel);
}

/* ------------------------------------------------------------------ */
/* the stage boxes (contents inside the padding of r)                  */
/* ------------------------------------------------------------------ */

/* A box's label: its name, or a short form when it does not fit. */
static void chain_label(vz_gfx *g, const vz_layout *L, int x, int y, int w, const char *s,
                        const char *alt)
{
    gfx_text_fit(g, L->fs_label, L->fs_min, 0, VZ_C_INK, x, y, L->lh_label, w, LEFT, s, alt);
}

/* Intake: signals in the last full period, as a weekly rate. */
static void chain_intake(vz_gfx *g, const vz_layout *L, SDL_Rect r, const vz_panel *p)
{
    const int pad = L->pad;
    int x = r.x + pad, y = r.y + pad, w = r.w - 2 * pad;
    char num[48];
    if (L->room)
        chain_label(g, L, x, y, w, vz_tr(g->lang, T_INTAKE_WEEK), vz_tr(g->lang, T_INTAKE_WEEK_SHORT));
    else
        chain_label(g, L, x, y, w, vz_tr(g->lang, T_INTAKE), NULL);
    double per = 0;
    if (p->hist.n >= 2) {
        const bb_state *s1 = &p->hist.s[p->hist.n - 1], *s0 = &p->hist.s[p->hist.n - 2];
        if (s1->t > s0->t)
            per = (double)(s1->arrived - s0->arrived) * 168.0 / (s1->t - s0->t);
    }
    vz_fmt_num(num, sizeof num, per, 0, g->lang);
    int nw = gfx_text_fit(g, L->fs_number, L->fs_min, 1, VZ_C_INK, x, y + L->lh_label, L->lh_number,
                          w, LEFT, num, NULL);
    if (L->room)
        return;
    if (!L->compact)
        gfx_text_fit(g, L->fs_tick, L->fs_min, 0, C_TEXT2, x,
                     y + L->lh_label + L->lh_number + L->bar + pad / 2, L->lh_tick, w, LEFT,
                     vz_tr(g->lang, T_PER_WEEK), vz_tr(g->lang, T_PER_WEEK_SHORT));
    else if (nw + pad / 2 + gfx_text_w(g, L->fs_tick, 0, vz_tr(g->lang, T_SLASH_WEEK)) <= w)
        chain_unit(g, L, x, y + L->lh_label, nw, vz_tr(g->lang, T_SLASH_WEEK));
}

/* Information: its queue, those in service and the pool's FTE slider. */
static void chain_info(vz_gfx *g, const vz_layout *L, SDL_Rect r, const vz_panel_layout *P,
                       const vz_app *a, const vz_panel *p, double qscale)
{
    const bb_state *st = &p->now;
    int x = r.x + L->pad, y = r.y + L->pad, w = r.w - 2 * L->pad;
    char buf[192], buf2[64], num[48], fte[48];
    chain_label(g, L, x, y, w, vz_tr(g->lang, T_INFO), "Info");
    vz_fmt_num(num, sizeof num, st->in_service[BB_STAGE_INFORMATION], 0, g->lang);
    vz_fmt_num(fte, sizeof fte, st->pool_fte[BB_STAGE_INFORMATION], 0, g->lang);
    snprintf(buf, sizeof buf, "%s %s \xc2\xb7 %s FTE", num, vz_tr(g->lang, T_IN_SERVICE), fte);
    snprintf(buf2, sizeof buf2, "%s FTE", fte);
    chain_queue_cell(g, L, x, y + L->lh_label, w, st->queue[BB_STAGE_INFORMATION], qscale,
                     VZ_C_INFO, buf, buf2);
    chain_pool_slider(g, L, P, a, p, BB_STAGE_INFORMATION);
}

/* Assessment and advice: decentral and central side by side, each with
 * its queue and its pool's FTE slider; in the room one queue for both. */
static void chain_advice(vz_gfx *g, const vz_layout *L, SDL_Rect r, const vz_panel_layout *P,
                         const vz_app *a, const vz_panel *p, double qscale)
{
    const bb_state *st = &p->now;
    const int pad = L->pad;
    int x = r.x + pad, y = r.y + pad, w = r.w - 2 * pad;
    char buf[192], fte[48];
    chain_label(g, L, x, y, w, vz_tr(g->lang, T_ADVICE), vz_tr(g->lang, T_SER_ADVICE));
    if (L->room) {
        chain_queue_cell(g, L, x, y + L->lh_label, w,
                         st->queue[BB_STAGE_ADVICE_DECENTRAL] + st->queue[BB_STAGE_ADVICE_CENTRAL],
                         qscale, VZ_C_ADVICE, NULL, NULL);
        return;
    }
    int hw = (w - pad) / 2;
    vz_fmt_num(fte, sizeof fte, st->pool_fte[BB_STAGE_ADVICE_DECENTRAL], 0, g->lang);
    snprintf(buf, sizeof buf, "%s \xc2\xb7 %s FTE", vz_tr(g->lang, T_DECENTRAL), fte);
    chain_queue_cell(g, L, x, y + L->lh_label, hw, st->queue[BB_STAGE_ADVICE_DECENTRAL], qscale,
                     VZ_C_ADVICE, buf, vz_tr(g->lang, T_DECENTRAL));
    vz_fmt_num(fte, sizeof fte, st->pool_fte[BB_STAGE_ADVICE_CENTRAL], 0, g->lang);
    snprintf(buf, sizeof buf, "%s \xc2\xb7 %s FTE", vz_tr(g->lang, T_CENTRAL), fte);
    chain_queue_cell(g, L, x + hw + pad, y + L->lh_label, w - hw - pad,
                     st->queue[BB_STAGE_ADVICE_CENTRAL], qscale, VZ_C_ADVICE, buf,
                     vz_tr(g->lang, T_CENTRAL));
    chain_pool_slider(g, L, P, a, p, BB_STAGE_ADVICE_DECENTRAL);
    chain_pool_slider(g, L, P, a, p, BB_STAGE_ADVICE_CENTRAL);
}

/* Decision: its queue. */
static void chain_decision(vz_gfx *g, const vz_layout *L, SDL_Rect r, const bb_state *st,
                           double qscale)
{
    int x = r.x + L->pad, y = r.y + L->pad, w = r.w - 2 * L->pad;
    chain_label(g, L, x, y, w, vz_tr(g->lang, T_DECISION), NULL);
    chain_queue_cell(g, L, x, y + L->lh_label, w, st->queue[BB_STAGE_DECISION], qscale,
                     VZ_C_DECISION, NULL, NULL);
}

/* Waiting, unprotected: decided, nothing in place yet; how many of them
 * wait for a provider's capacity. */
static void chain_waiting(vz_gfx *g, const vz_layout *L, SDL_Rect r, const bb_state *st,
                          double qscale)
{
    int x = r.x + L->pad, y = r.y + L->pad, w = r.w - 2 * L->pad;
    char buf[192], num[48];
    chain_label(g, L, x, y, w, vz_tr(g->lang, T_WAITING), vz_tr(g->lang, T_SER_WAITING));
    vz_fmt_num(num, sizeof num, st->queue[BB_STAGE_EXECUTION], 0, g->lang);
    snprintf(buf, sizeof buf, "%s %s", num, vz_tr(g->lang, T_WAIT_CAP));
    chain_queue_cell(g, L, x, y + L->lh_label, w, st->waiting_unprotected, qscale, VZ_C_WAIT, buf,
                     NULL);
}

/* ------------------------------------------------------------------ */
/* the providers and the borrowed FTE                                  */
/* ------------------------------------------------------------------ */

/* Box k shows provider i: capacity in use as a fill from the bottom
 * (full and hatched when use is above capacity), its cases, FTE used of
 * capacity with "overrun" when above (the room view: the share in use),
 * and its FTE slider. */
static void chain_provider(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P, const vz_app *a,
                           const vz_panel *p, int k, int i)
{
    const bb_state *st = &p->now;
    const int pad = L->pad, edge = EDGE_W;
    char buf[192], num[48];
    SDL_Rect r = P->prov[k];
    double cap = st->prov_capacity[i], used = st->prov_used[i];
    /* use above capacity is always called so; below the rule it is shown
     * at capacity, never as "101%" or "40 / 39" without the word */
    int over = used > cap + 0.05;
    if (!over)
        used = fmin(used, cap);
    gfx_fill(g, r.x, r.y, r.w, r.h, C_BOX);
    double f = cap > 0 ? fmin(1.0, used / cap) : (used > 0 ? 1.0 : 0.0);
    int fh = (int)lround((r.h - 2 * edge) * f);
    gfx_fill(g, r.x, r.y + r.h - edge - fh, r.w, fh, C_USE_TINT);
    if (over) /* use above capacity: a hatched band along the top */
        gfx_hatch_rect(g, (SDL_Rect){r.x, r.y, r.w, L->pad}, VZ_C_OVER, 7, 3);
    int sel = a->sel_prov == i && a->sel_panel == (int)(p - a->pan);
    gfx_frame(g, r, sel ? L->line + 1 : edge, sel ? VZ_C_INK : C_EDGE);
    int x = r.x + pad, y = r.y + pad, w = r.w - 2 * pad;
    char name[64];
    char tiny[64];
    vz_provider_short(name, sizeof name, bb_scenario_provider_name(p->sc, i),
                      bb_scenario_provider_label(p->sc, i), g->lang);
    vz_provider_tiny(tiny, sizeof tiny, bb_scenario_provider_name(p->sc, i), name, g->lang);
    char u[32], c2[32];
    vz_fmt_num(u, sizeof u, used, 0, g->lang);
    vz_fmt_num(c2, sizeof c2, cap, 0, g->lang);
    vz_fmt_num(num, sizeof num, st->prov_cases[i], 0, g->lang);
    uint32_t nc = cap > 0 || used > 0 ? VZ_C_INK : 0x888888u;
    if (L->room) {
        /* name, cases, the share in use (or "overrun"), at the room's sizes */
        gfx_text_fit(g, L->fs_tick, L->fs_min, 0, VZ_C_INK, x, y, L->lh_tick, w, LEFT, name, tiny);
        y += L->lh_tick;
        snprintf(buf, sizeof buf, "%s %s", num, vz_tr(g->lang, T_CASES));
        gfx_text_fit(g, L->fs_label, L->fs_min, 1, nc, x, y, L->lh_label, w, LEFT, buf, num);
        y += L->lh_label;
        char pct[32], alt[48];
        if (over) {
            snprintf(buf, sizeof buf, "%s", vz_tr(g->lang, T_OVERRUN));
            snprintf(alt, sizeof alt, "%s", vz_tr(g->lang, T_OVERRUN_SHORT));
        } else if (cap <= 0) {
            snprintf(buf, sizeof buf, "%s", vz_tr(g->lang, T_NO_FTE_YET));
            snprintf(alt, sizeof alt, "0 FTE");
        } else {
            vz_fmt_num(pct, sizeof pct, 100.0 * used / cap, 0, g->lang);
            snprintf(buf, sizeof buf, "%s%% %s", pct, vz_tr(g->lang, T_IN_USE));
            snprintf(alt, sizeof alt, "%s%%", pct);
        }
        gfx_text_fit(g, L->fs_tick, L->fs_min, over, over ? VZ_C_WORSE : C_TEXT2, x, y, L->lh_tick,
                     w, LEFT, buf, alt);
    } else {
        chain_label(g, L, x, y, w, name, tiny);
        y += L->lh_label;
        int nw = gfx_text_line(g, L->fs_number, 1, nc, x, y, L->lh_number, LEFT, num);
        if (nw + gfx_text_w(g, L->fs_tick, 0, vz_tr(g->lang, T_CASES)) + pad / 2 <= w)
            chain_unit(g, L, x, y, nw, vz_tr(g->lang, T_CASES));
        y += L->lh_number;
        if (!L->compact) {
            snprintf(buf, sizeof buf, "%s / %s FTE%s%s", u, c2, over ? " \xc2\xb7 " : "",
                     over ? vz_tr(g->lang, T_OVERRUN) : "");
            char alt[96];
            snprintf(alt, sizeof alt, "%s / %s%s", u, c2, over ? " !" : "");
            gfx_text_fit(g, L->fs_tick, L->fs_min, over, over ? VZ_C_WORSE : C_TEXT2, x, y,
                         L->lh_tick, w, LEFT, buf, alt);
        }
    }
    chain_slider(g, L, P->slider[k], p->fte0[i], cap, slider_value(a, p, -1, i), p->slider_max[i],
                 sel);
}

/* Borrowed from the basic teams: FTE now (tinted while borrowing), the
 * limit (in the alarm colour when it binds) and FTE-years since the start. */
static void chain_borrowed(vz_gfx *g, const vz_layout *L, SDL_Rect r, const bb_state *st)
{
    const int pad = L->pad;
    char buf[192], num[48], lim[48];
    int on = st->borrowed_fte > 0.05;
    int binds = vz_borrow_binds(st);
    double limit = vz_borrow_limit(st);
    gfx_fill(g, r.x, r.y, r.w, r.h, on ? C_BORROW_TINT : C_BOX);
    gfx_frame(g, r, L->line, VZ_C_BORROW);
    int x = r.x + pad, y = r.y + pad, w = r.w - 2 * pad;
    chain_label(g, L, x, y, w, vz_tr(g->lang, T_BORROWED), vz_tr(g->lang, T_SER_BORROWED));
    y += L->lh_label;
    vz_fmt_num(num, sizeof num, st->borrowed_fte, 0, g->lang);
    int nw = gfx_text_line(g, L->fs_number, 1, VZ_C_INK, x, y, L->lh_number, LEFT, num);
    if (nw + pad / 2 + gfx_text_w(g, L->fs_tick, 0, "FTE") <= w)
        chain_unit(g, L, x, y, nw, "FTE");
    y += L->lh_number;
    vz_fmt_num(lim, sizeof lim, limit, 0, g->lang);
    if (binds)
        snprintf(buf, sizeof buf, "%s", vz_tr(g->lang, T_LIMIT_REACHED));
    else if (isfinite(limit))
        snprintf(buf, sizeof buf, "%s %s", vz_tr(g->lang, T_LIMIT_LC), lim);
    else
        buf[0] = 0;
    gfx_text_fit(g, L->fs_tick, L->fs_min, binds, binds ? VZ_C_INK : C_TEXT2, x, y, L->lh_tick, w,
                 LEFT, buf, binds ? vz_tr(g->lang, T_LIMIT_REACHED_SHORT) : lim);
    if (L->room || L->compact)
        return;
    y += L->lh_tick + pad / 2;
    vz_fmt_num(num, sizeof num, st->borrowed_fte_years, 0, g->lang);
    snprintf(buf, sizeof buf, "%s %s %s", num, vz_tr(g->lang, T_FTE_YEARS),
             vz_tr(g->lang, T_SINCE_START));
    char alt[64];
    snprintf(alt, sizeof alt, "%s %s", num, vz_tr(g->lang, T_FTE_YEARS));
    gfx_text_fit(g, L->fs_tick, L->fs_min, 0, C_TEXT2, x, y, L->lh_tick, w, LEFT, buf, alt);
}

/* ------------------------------------------------------------------ */
/* the panel                                                           */
/* ------------------------------------------------------------------ */

double chain_queue_scale(const vz_app *a, const int *idx, int n)
{
    double m = 10;
    for (int k = 0; k < n; k++) {
        const vz_panel *p = &a->pan[idx[k]];
        int cnt = chart_nsamples(p);
        for (int i = 0; i < cnt; i++) {
            const bb_state *st = chart_sample(p, i);
            for (int s = 0; s < BB_STAGE_EXECUTION; s++)
                m = fmax(m, st->queue[s]);
            m = fmax(m, st->queue[BB_STAGE_ADVICE_DECENTRAL] + st->queue[BB_STAGE_ADVICE_CENTRAL]);
            m = fmax(m, st->waiting_unprotected);
        }
    }
    return vz_nice_ceil(m);
}

void chain_draw(vz_gfx *g, const vz_layout *L, const vz_panel_layout *P, const vz_app *a,
                const vz_panel *p, double qscale)
{
    if (!P->chain)
        return;
    const bb_state *st = &p->now;
    int here = a->sel_panel == (int)(p - a->pan);
    for (int b = 0; b < VZ_BOXES; b++) {
        SDL_Rect r = P->box[b];
        /* a box with the selected pool gets the heavy frame of a selected provider */
        int sel = here && ((b == VZ_BOX_INFO && a->sel_pool == BB_STAGE_INFORMATION) ||
                           (b == VZ_BOX_ADVICE && (a->sel_pool == BB_STAGE_ADVICE_DECENTRAL ||
                                                   a->sel_pool == BB_STAGE_ADVICE_CENTRAL)));
        chain_box_bg(g, r, C_BOX, sel ? VZ_C_INK : C_EDGE, sel ? L->line + 1 : EDGE_W);
        switch (b) {
        case VZ_BOX_INTAKE:
            chain_intake(g, L, r, p);
            break;
        case VZ_BOX_INFO:
            chain_info(g, L, r, P, a, p, qscale);
            break;
        case VZ_BOX_ADVICE:
            chain_advice(g, L, r, P, a, p, qscale);
            break;
        case VZ_BOX_DECISION:
            chain_decision(g, L, r, st, qscale);
            break;
        default:
            chain_waiting(g, L, r, st, qscale);
            break;
        }
        if (b + 1 < VZ_BOXES) {
            float ay = r.y + r.h / 2.0f;
            gfx_arrow(g, (float)(r.x + r.w + 3), ay, (float)(P->box[b + 1].x - 3), ay,
                      (float)L->line, C_ARROW);
        }
    }
    /* from the decided cases (the waiting box) down to the providers */
    SDL_Rect w = P->box[VZ_BOX_WAITING];
    float ax = w.x + w.w / 2.0f;
    gfx_arrow(g, ax, (float)(w.y + w.h + 2), ax, (float)(P->prov[0].y - 2), (float)L->line,
              C_ARROW);

    for (int k = 0; k < P->nprov; k++)
        chain_provider(g, L, P, a, p, k, vz_prov_at(p, L, k));
    if (P->borrowed_box)
        chain_borrowed(g, L, P->prov[P->nprov], st);
}
