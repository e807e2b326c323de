/*
 * layout.c - pure layout computation for the view (see layout.h).
 *
 * Top to bottom in each panel: [header] / chain boxes / provider boxes
 * (one row, or two when the boxes would get too narrow for their labels)
 * / three charts / four KPI tiles / the event time axis. Heights come from
 * the type sizes; the charts take what is left.
 */
#include "layout.h"

#include <math.h>

int vz_font_px(int at1080, double s, int floor_px)
{
    int px = (int)lround(at1080 * s);
    return px < floor_px ? floor_px : px;
}

int vz_in_rect(const SDL_Rect *r, int x, int y)
{
    return x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

int vz_virtual_size(int w, int h, int *vw, int *vh)
{
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;
    *vw = w;
    *vh = h;
    if (w >= VZ_MIN_W && h >= VZ_MIN_H)
        return 0;
    double f = fmax((double)VZ_MIN_W / w, (double)VZ_MIN_H / h);
    *vw = (int)ceil(w * f);
    *vh = (int)ceil(h * f);
    if (*vw < VZ_MIN_W)
        *vw = VZ_MIN_W;
    if (*vh < VZ_MIN_H)
        *vh = VZ_MIN_H;
    return 1;
}

static int imax(int a, int b) { return a > b ? a : b; }

static SDL_Rect rect(int x, int y, int w, int h)
{
    SDL_Rect r = {x, y, w < 0 ? 0 : w, h < 0 ? 0 : h};
    return r;
}

static void panel(vz_layout *L, vz_panel_layout *P, SDL_Rect a, int nprov, int two)
{
    const int pad = L->pad, gap = L->gap;
    P->area = a;
    P->nprov = nprov < 0 ? 0 : nprov > BB_MAX_PROVIDERS ? BB_MAX_PROVIDERS : nprov;
    int y = a.y;

    /* header with the scenario name when two panels are shown */
    int hh = two ? L->lh_label + pad / 2 : 0;
    P->header = rect(a.x, y, a.w, hh);
    y += hh;

    /* first row: the chain up to the decision and the waiting queue */
    /* count, bar, small print, then the pool sliders in a row of their own */
    int hs = 2 * pad + L->lh_label + L->lh_number + L->bar + pad / 2 + L->lh_tick + pad / 2 +
             L->lh_tick;
    if (L->compact)
        hs = 2 * pad + L->lh_label + L->lh_number + L->bar + pad / 2 + L->lh_tick;
    static const double weight[VZ_BOXES] = {1.0, 1.0, 1.7, 1.0, 1.25};
    double wsum = 0;
    for (int i = 0; i < VZ_BOXES; i++)
        wsum += weight[i];
    int avail = a.w - (VZ_BOXES - 1) * L->arrow;
    double x = a.x;
    for (int i = 0; i < VZ_BOXES; i++) {
        int bw = (int)lround(avail * weight[i] / wsum);
        if (i == VZ_BOXES - 1)
            bw = a.x + a.w - (int)lround(x);
        P->box[i] = rect((int)lround(x), y, bw, hs);
        x += bw + L->arrow;
    }
    {
        int sy = y + hs - pad - L->lh_tick;
        SDL_Rect bi = P->box[VZ_BOX_INFO], ba = P->box[VZ_BOX_ADVICE];
        int w = ba.w - 2 * pad, hw = (w - pad) / 2;
        P->pool_slider[BB_STAGE_INFORMATION] = rect(bi.x + pad, sy, bi.w - 2 * pad, L->lh_tick);
        P->pool_slider[BB_STAGE_ADVICE_DECENTRAL] = rect(ba.x + pad, sy, hw, L->lh_tick);
        P->pool_slider[BB_STAGE_ADVICE_CENTRAL] =
            rect(ba.x + pad + hw + pad, sy, w - hw - pad, L->lh_tick);
    }
    y += hs + imax(gap, (int)lround(22 * L->s));

    /* providers plus the borrowed box, in one or two rows */
    int nbox = P->nprov + 1;
    int minw = (int)lround(7.5 * L->fs_label);
    int rows = (a.w - (nbox - 1) * pad) / nbox >= minw ? 1 : 2;
    int cols = (nbox + rows - 1) / rows;
    int hp = 2 * pad + L->lh_label + L->lh_number + L->lh_tick + pad / 2 + L->lh_tick;
    if (L->compact)
        hp = 2 * pad + L->lh_label + L->lh_number + L->lh_tick;
    P->prov_rows = rows;
    int bw = (a.w - (cols - 1) * pad) / cols;
    for (int i = 0; i < nbox; i++) {
        int r = i / cols, c = i % cols;
        int bx = a.x + c * (bw + pad);
        int w = c == cols - 1 ? a.x + a.w - bx : bw;
        P->prov[i] = rect(bx, y + r * (hp + pad), w, hp);
        if (i < P->nprov)
            P->slider[i] = rect(bx + pad, y + r * (hp + pad) + hp - pad - L->lh_tick,
                                w - 2 * pad, L->lh_tick);
    }
    y += rows * hp + (rows - 1) * pad + gap;

    /* from the bottom: time axis, KPI tiles */
    int bottom = a.y + a.h;
    int ht = 2 * L->lh_tick + L->fs_tick + pad;
    P->timeline = rect(a.x, bottom - ht, a.w, ht);
    int hk = 2 * pad + L->lh_label + L->lh_number + (L->compact ? 0 : L->lh_tick);
    int ky = P->timeline.y - gap - hk;
    int kw = (a.w - (VZ_KPIS - 1) * gap) / VZ_KPIS;
    for (int i = 0; i < VZ_KPIS; i++) {
        int kx = a.x + i * (kw + gap);
        P->kpi[i] = rect(kx, ky, i == VZ_KPIS - 1 ? a.x + a.w - kx : kw, hk);
    }

    /* the charts take the rest; a narrow panel shows two of them */
    int ch = ky - gap - y;
    int nc = a.w >= 50 * L->fs_tick ? VZ_CHARTS : 2;
    P->ncharts = nc;
    for (int i = 0; i < VZ_CHARTS; i++)
        P->chart_id[i] = i;
    int cw = (a.w - (nc - 1) * gap) / nc;
    P->legend_rows = cw >= 30 * L->fs_tick ? 1 : 2;
    for (int i = 0; i < nc; i++) {
        int cx = a.x + i * (cw + gap);
        SDL_Rect c = rect(cx, y, i == nc - 1 ? a.x + a.w - cx : cw, ch);
        P->chart[i] = c;
        int top = L->lh_label + P->legend_rows * L->lh_tick + L->fs_tick / 2 + pad / 2;
        int bot = L->lh_tick + pad / 2;
        P->plot[i] = rect(c.x + L->ytick_w, c.y + top, c.w - L->ytick_w - L->fs_tick, c.h - top - bot);
    }
}

void vz_layout_compute(vz_layout *L, int w, int h, int npanels, const int *nprov)
{
    if (w < 320)
        w = 320;
    if (h < 240)
        h = 240;
    L->w = w;
    L->h = h;
    double s = fmin(h / 1080.0, w / 1920.0);
    L->s = s;
    L->fs_title = vz_font_px(40, s, 20);
    L->fs_number = vz_font_px(36, s, 18);
    L->fs_label = vz_font_px(22, s, 16);
    L->fs_tick = vz_font_px(18, s, 16);
    L->lh_title = (int)lround(L->fs_title * 1.25);
    L->lh_number = (int)lround(L->fs_number * 1.2);
    L->lh_label = (int)lround(L->fs_label * 1.25);
    L->lh_tick = (int)lround(L->fs_tick * 1.25);
    L->line = imax(3, (int)lround(4 * s));
    L->pad = imax(6, (int)lround(12 * s));
    L->gap = imax(6, (int)lround(14 * s));
    L->bar = imax(8, (int)lround(12 * s));
    L->arrow = imax(18, (int)lround(34 * s));
    L->ytick_w = (int)lround(L->fs_tick * 3.8) + L->pad / 2;
    L->title = rect(0, 0, w, L->lh_title + L->pad);
    L->npanels = npanels == 2 ? 2 : 1;

    int top = L->title.h + L->gap / 2, bottom = h - L->gap / 2;
    L->compact = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (L->npanels == 1) {
            panel(L, &L->p[0], rect(L->gap, top, w - 2 * L->gap, bottom - top), nprov[0], 0);
        } else {
            int pw = (w - 3 * L->gap) / 2;
            panel(L, &L->p[0], rect(L->gap, top, pw, bottom - top), nprov[0], 1);
            panel(L, &L->p[1], rect(2 * L->gap + pw, top, w - 3 * L->gap - pw, bottom - top),
                  nprov[1], 1);
        }
        /* too little height left for the charts: drop the small print */
        if (L->p[0].plot[0].h >= 7 * L->lh_tick || L->compact)
            break;
        L->compact = 1;
    }
}
