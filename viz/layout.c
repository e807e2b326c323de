/*
 * layout.c - pure layout computation for the view (see layout.h).
 *
 * Top to bottom: the title band; with two panels the strip of B minus A;
 * the panels; the time axis across the whole width. In each panel of the
 * desk view: [header] / chain boxes / provider boxes (one row, or two
 * when the boxes would get too narrow for their labels) / the charts /
 * the four KPI tiles. The room view keeps the chain, providers, charts
 * and tiles with larger type and less print; with two panels it shows per
 * panel its header, the tiles two by two and two charts. Heights come
 * from the type sizes; the charts take what is left.
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

static int imax(int a, int b) { return a > b ? a : b; }

static SDL_Rect rect(int x, int y, int w, int h)
{
    SDL_Rect r = {x, y, w < 0 ? 0 : w, h < 0 ? 0 : h};
    return r;
}

/* The chain's first row (intake .. waiting) at y; returns its height. */
static int chain_boxes(vz_layout *L, vz_panel_layout *P, SDL_Rect a, int y)
{
    const int pad = L->pad;
    /* count, bar, small print, then the pool sliders in a row of their own */
    int hs = 2 * pad + L->lh_label + L->lh_number + L->bar;
    if (!L->room)
        hs += pad / 2 + L->lh_tick + (L->compact ? 0 : pad / 2 + L->lh_tick);
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
    for (int i = 0; i < BB_POOLS; i++)
        P->pool_slider[i] = rect(0, 0, 0, 0);
    if (!L->room) {
        int sy = y + hs - pad - L->lh_tick;
        SDL_Rect bi = P->box[VZ_BOX_INFO], ba = P->box[VZ_BOX_ADVICE];
        int w = ba.w - 2 * pad, hw = (w - pad) / 2;
        P->pool_slider[BB_STAGE_INFORMATION] = rect(bi.x + pad, sy, bi.w - 2 * pad, L->lh_tick);
        P->pool_slider[BB_STAGE_ADVICE_DECENTRAL] = rect(ba.x + pad, sy, hw, L->lh_tick);
        P->pool_slider[BB_STAGE_ADVICE_CENTRAL] =
            rect(ba.x + pad + hw + pad, sy, w - hw - pad, L->lh_tick);
    }
    return hs;
}

/* The providers plus the borrowed box at y, in one or more rows;
 * returns their height. */
static int provider_boxes(vz_layout *L, vz_panel_layout *P, SDL_Rect a, int y)
{
    const int pad = L->pad;
    /* the room: a name of about 6 em at the tick size must fit ("Teams
     * B&B"), the borrowed box goes first when it does not */
    int minw = L->room ? (int)lround(5.9 * L->fs_tick) + 2 * pad : (int)lround(7.5 * L->fs_label);
    P->borrowed_box = 1;
    int nbox = P->nprov + 1;
    if (L->room && (a.w - (nbox - 1) * pad) / nbox < minw && P->nprov > 0) {
        P->borrowed_box = 0;
        nbox = P->nprov;
    }
    int rows = 1;
    while (rows < 3 && (a.w - ((nbox + rows - 1) / rows - 1) * pad) / ((nbox + rows - 1) / rows) < minw)
        rows++;
    int cols = (nbox + rows - 1) / rows;
    int sh = L->room ? L->lh_tick * 4 / 5 : L->lh_tick;
    /* the room: name and status at the tick size, the cases in bold labels */
    int hp = L->room ? 2 * pad + 2 * L->lh_tick + L->lh_label + sh
                     : 2 * pad + L->lh_label + L->lh_number + sh;
    if (!L->room && !L->compact)
        hp += L->lh_tick + pad / 2;
    P->prov_rows = rows;
    int bw = (a.w - (cols - 1) * pad) / cols;
    for (int i = 0; i <= P->nprov; i++)
        P->prov[i] = rect(0, 0, 0, 0);
    for (int i = 0; i < nbox; i++) {
        int r = i / cols, c = i % cols;
        int bx = a.x + c * (bw + pad);
        int w = c == cols - 1 ? a.x + a.w - bx : bw;
        P->prov[i] = rect(bx, y + r * (hp + pad), w, hp);
        if (i < P->nprov)
            P->slider[i] = rect(bx + pad, y + r * (hp + pad) + hp - pad - sh, w - 2 * pad, sh);
    }
    return rows * hp + (rows - 1) * pad;
}

/* Charts side by side in r, the first n of `ids`. */
static void charts_row(vz_layout *L, vz_panel_layout *P, SDL_Rect r, const int *ids, int n)
{
    int base = P->ncharts;
    int cw = (r.w - (n - 1) * L->gap) / n;
    for (int i = 0; i < n; i++) {
        int cx = r.x + i * (cw + L->gap);
        SDL_Rect c = rect(cx, r.y, i == n - 1 ? r.x + r.w - cx : cw, r.h);
        P->chart[base + i] = c;
        P->chart_id[base + i] = ids[i];
        int top = L->lh_label + P->legend_rows * L->lh_tick + L->fs_tick / 2 + L->pad / 2;
        int bot = L->lh_tick + L->pad / 2;
        P->plot[base + i] =
            rect(c.x + L->ytick_w, c.y + top, c.w - L->ytick_w - L->fs_tick, c.h - top - bot);
    }
    P->ncharts = base + n;
}

/* Which charts fit side by side in width w: the first of QUEUE, BORROW,
 * CAPACITY, LEAD that leave each at least `least` wide, at most `most`;
 * written in screen order (enum order). Returns how many. */
static int pick_charts(const vz_layout *L, int w, int least, int most, int *ids)
{
    static const int prio[VZ_CHARTS] = {VZ_CH_QUEUE, VZ_CH_BORROW, VZ_CH_CAPACITY, VZ_CH_LEAD};
    int n = most;
    while (n > 2 && (w - (n - 1) * L->gap) / n < least)
        n--;
    int on[VZ_CHARTS] = {0};
    for (int i = 0; i < n; i++)
        on[prio[i]] = 1;
    int k = 0;
    for (int c = 0; c < VZ_CHARTS; c++)
        if (on[c])
            ids[k++] = c;
    return k;
}

/* KPI tiles in `cols` columns from y; returns their height. */
static int kpi_tiles(vz_layout *L, vz_panel_layout *P, SDL_Rect a, int y, int cols)
{
    int hk = 2 * L->pad + L->lh_label + L->lh_number + L->lh_tick; /* the sub line always */
    int rows = (VZ_KPIS + cols - 1) / cols;
    int kw = (a.w - (cols - 1) * L->gap) / cols;
    for (int i = 0; i < VZ_KPIS; i++) {
        int r = i / cols, c = i % cols;
        int kx = a.x + c * (kw + L->gap);
        P->kpi[i] = rect(kx, y + r * (hk + L->gap), c == cols - 1 ? a.x + a.w - kx : kw, hk);
    }
    return rows * hk + (rows - 1) * L->gap;
}

static void panel(vz_layout *L, vz_panel_layout *P, SDL_Rect a, int nprov, int two, int more)
{
    const int gap = L->gap;
    P->area = a;
    P->nprov = nprov < 0 ? 0 : nprov > BB_MAX_PROVIDERS ? BB_MAX_PROVIDERS : nprov;
    P->ncharts = 0;
    int y = a.y;
    int hh = two ? L->lh_label + L->pad / 2 : 0;
    P->header = rect(a.x, y, a.w, hh);
    y += hh;
    int ids[VZ_CHARTS];
    int bottom = a.y + a.h;

    if (L->room && two) {
        /* the room's A/B: tiles two by two, two charts */
        P->chain = 0;
        P->nprov = 0;
        P->borrowed_box = 0;
        y += kpi_tiles(L, P, a, y, 2) + gap;
        /* and the title's line; narrow charts hold one entry a row */
        int narrow = (a.w - gap) / 2 < 16 * L->fs_tick;
        P->legend_rows = 2 + narrow + (more != 0) * (1 + narrow);
        ids[0] = VZ_CH_QUEUE;
        ids[1] = VZ_CH_BORROW;
        charts_row(L, P, rect(a.x, y, a.w, bottom - y), ids, 2);
        return;
    }
    P->chain = 1;
    y += chain_boxes(L, P, a, y) + imax(gap, (int)lround(22 * L->s));
    y += provider_boxes(L, P, a, y) + gap;
    /* from the bottom: the KPI tiles; the charts take the rest */
    int hk = kpi_tiles(L, P, a, 0, VZ_KPIS);
    int ky = bottom - hk;
    kpi_tiles(L, P, a, ky, VZ_KPIS);
    int n = L->room ? pick_charts(L, a.w, 20 * L->fs_tick, 3, ids)
                    : pick_charts(L, a.w, 16 * L->fs_tick, 4, ids);
    int cw = (a.w - (n - 1) * gap) / n;
    /* the room's legend also uses the title's line */
    P->legend_rows = L->room ? 1 + (more != 0) : cw >= 30 * L->fs_tick ? 1 : 2;
    charts_row(L, P, rect(a.x, y, a.w, ky - gap - y), ids, n);
}

static void sizes(vz_layout *L, int w, int h)
{
    if (L->room) {
        /* 28 px ticks at 1080 lines; a 4:3 view scales by its width */
        double s = fmin(h / 1080.0, w / 1440.0);
        L->s = s;
        L->fs_tick = vz_font_px(28, s, 8);
        L->fs_label = vz_font_px(30, s, 8);
        L->fs_number = vz_font_px(50, s, 10);
        L->fs_title = vz_font_px(42, s, 10);
        L->fs_min = L->fs_tick;
    } else {
        double s = fmin(h / 1080.0, w / 1920.0);
        L->s = s;
        L->fs_title = vz_font_px(40, s, 20);
        L->fs_number = vz_font_px(36, s, 18);
        L->fs_label = vz_font_px(22, s, 16);
        L->fs_tick = vz_font_px(18, s, 16);
        L->fs_min = 16;
    }
    double s = L->s;
    L->lh_title = (int)lround(L->fs_title * 1.25);
    L->lh_number = (int)lround(L->fs_number * 1.2);
    L->lh_label = (int)lround(L->fs_label * 1.25);
    L->lh_tick = (int)lround(L->fs_tick * 1.25);
    L->line = imax(3, (int)lround(4 * s));
    L->pad = imax(L->room ? 4 : 6, (int)lround((L->room ? 10 : 12) * s));
    L->gap = imax(L->room ? 4 : 6, (int)lround(14 * s));
    L->bar = imax(L->room ? 6 : 8, (int)lround((L->room ? 16 : 12) * s));
    L->arrow = imax(L->room ? 12 : 18, (int)lround(34 * s));
    L->ytick_w = (int)lround(L->fs_tick * (L->room ? 3.3 : 3.8)) + L->pad / 2;
}

void vz_timeline_axis(const vz_layout *L, int *x0, int *x1, int *ay)
{
    SDL_Rect T = L->timeline;
    *x0 = T.x + L->fs_tick * 2;
    *x1 = T.x + T.w - L->fs_tick * 2;
    int th = L->line + 2;
    *ay = T.y + L->caption_lines * L->lh_tick + (int)lround(L->fs_tick * 1.3) + th / 2;
}

static void compute(vz_layout *L, int w, int h, int npanels, const int *nprov, int room,
                    int more)
{
    L->w = w;
    L->h = h;
    L->room = room;
    sizes(L, w, h);
    L->npanels = npanels == 2 ? 2 : 1;
    L->title = rect(0, 0, w, L->lh_title + L->pad);
    int top = L->title.h + L->gap / 2;
    L->strip = rect(L->gap, top, w - 2 * L->gap, 0);
    if (L->npanels == 2) {
        L->strip.h = L->lh_label + L->pad;
        top += L->strip.h + L->gap / 2;
    }
    /* the time axis: caption lines, marks, the axis, date ticks */
    L->caption_lines = 2;
    int th = L->caption_lines * L->lh_tick + (int)lround(L->fs_tick * 1.3) + L->line + 2 +
             L->pad / 2 + L->lh_tick + L->pad / 2;
    L->timeline = rect(L->gap, h - L->gap / 2 - th, w - 2 * L->gap, th);
    int bottom = L->timeline.y - L->gap;

    L->compact = L->room;
    for (int pass = 0; pass < 2; pass++) {
        if (L->npanels == 1) {
            panel(L, &L->p[0], rect(L->gap, top, w - 2 * L->gap, bottom - top), nprov[0], 0, more);
        } else {
            int pw = (w - 3 * L->gap) / 2;
            panel(L, &L->p[0], rect(L->gap, top, pw, bottom - top), nprov[0], 1, more);
            panel(L, &L->p[1], rect(2 * L->gap + pw, top, w - 3 * L->gap - pw, bottom - top),
                  nprov[1], 1, more);
        }
        /* too little height left for the charts: drop the small print */
        if (L->room || L->p[0].plot[0].h >= 7 * L->lh_tick || L->compact)
            break;
        L->compact = 1;
    }
}

void vz_layout_compute2(vz_layout *L, int w, int h, int npanels, const int *nprov, int room,
                        int more_legend)
{
    if (w < 160)
        w = 160;
    if (h < 120)
        h = 120;
    room = room || w < VZ_MIN_W || h < VZ_MIN_H;
    compute(L, w, h, npanels, nprov, room, more_legend);
    /* the desk view does not fit (two panels on a low screen): the room's */
    if (!room && L->p[0].plot[0].h < 4 * L->lh_tick)
        compute(L, w, h, npanels, nprov, 1, more_legend);
}

void vz_layout_compute(vz_layout *L, int w, int h, int npanels, const int *nprov, int room)
{
    vz_layout_compute2(L, w, h, npanels, nprov, room, 0);
}
