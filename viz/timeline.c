/*
 * timeline.c - the time axis, its marks and the story caption (see
 * timeline.h).
 */
#include "timeline.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "charts.h"
#include "labels.h"

/* The text of a change made in the view: "DKDB 200→260 FTE". */
static void change_text(char *buf, size_t n, const vz_change *c, const vz_panel *p, int lang)
{
    char name[48], f[16], t[16];
    if (c->pool == BB_STAGE_INFORMATION)
        snprintf(name, sizeof name, "%s", vz_tr(lang, T_INFO));
    else if (c->pool >= 0)
        snprintf(name, sizeof name, "%s %s", vz_tr(lang, T_SER_ADVICE),
                 vz_tr(lang, c->pool == BB_STAGE_ADVICE_CENTRAL ? T_CENTRAL : T_DECENTRAL));
    else
        vz_provider_short(name, sizeof name, bb_scenario_provider_name(p->sc, c->prov),
                          bb_scenario_provider_label(p->sc, c->prov), lang);
    vz_fmt_num(f, sizeof f, c->from, 0, lang);
    vz_fmt_num(t, sizeof t, c->to, 0, lang);
    snprintf(buf, n, "%s %s\xe2\x86\x92%s FTE", name, f, t);
}

static void add(tl_story *s, double t, char kind, int panels, const char *text)
{
    if (s->nev >= TL_MAX_EVENTS)
        return;
    vz_event *e = &s->ev[s->nev++];
    e->t = t;
    e->kind = kind;
    e->panels = panels;
    snprintf(e->text, sizeof e->text, "%s", text);
}

int tl_story_build(tl_story *s, const vz_app *a, const int *idx, int np, int lang)
{
    s->nev = 0;
    s->start = bb_scenario_start_day(a->pan[idx[0]].sc);
    double now = vz_app_now(a);
    for (int k = 0; k < np; k++) {
        const vz_panel *p = &a->pan[idx[k]];
        int bit = 1 << idx[k];
        for (int i = 0; i < p->nmark; i++) {
            const vz_mark *m = &p->mark[i];
            const char *txt = lang == VZ_NL && m->label_nl[0] ? m->label_nl : m->label;
            add(s, m->t, m->kind, bit, txt);
            if (m->kind != 'i')
                continue;
            double arr = bb_sim_invest_arrival(p->sim, m->ref);
            if (arr > m->t + 24.0 && arr <= now)
                add(s, arr, 'a', bit, txt);
        }
        for (int i = 0; i < p->nchg; i++) {
            char txt[VZ_EVENT_TEXT];
            change_text(txt, sizeof txt, &p->chg[i], p, lang);
            add(s, p->chg[i].t, 'u', bit, txt);
            double arr = p->chg[i].inv >= 0 ? bb_sim_invest_arrival(p->sim, p->chg[i].inv) : -1;
            if (arr > p->chg[i].t + 24.0 && arr <= now)
                add(s, arr, 'a', bit, txt);
        }
    }
    s->ng = vz_events_group(s->ev, &s->nev, s->g, TL_MAX_GROUPS);
    return s->ng;
}

static int measure(void *ud, const char *text)
{
    void **u = ud;
    return gfx_text_w(u[0], *(const int *)u[1], 0, text);
}

int tl_caption(vz_gfx *g, const vz_layout *L, const tl_story *s, int gi, int two, int lang,
               int w, char (*lines)[256], int maxl)
{
    const vz_group *gr = &s->g[gi];
    char items[32][192], common[VZ_EVENT_TEXT];
    int ni = vz_group_items(s->ev, gr, two, items, 32, common, sizeof common);
    char head[256], date[48];
    vz_fmt_date_short(date, sizeof date, s->start + gr->day, lang);
    snprintf(head, sizeof head, "%s%s%s%s%s:", date, gr->arrival ? " \xc2\xb7 " : "",
             gr->arrival ? vz_tr(lang, T_ARRIVES) : "", common[0] ? " " : "", common);
    int fs = L->fs_tick;
    void *ud[2] = {g, &fs};
    return vz_wrap(head, items, ni, w, measure, ud, lines, maxl);
}

/* The group whose marker is nearest to x (within r px), or -1. */
static int group_at(const tl_story *s, const SDL_Rect *ax, double t1, int x, int r)
{
    int best = -1, bd = r + 1;
    for (int i = 0; i < s->ng; i++) {
        int gx = (int)lroundf(chart_xpix(ax, s->g[i].t, t1));
        int d = gx > x ? gx - x : x - gx;
        if (d < bd) {
            bd = d;
            best = i;
        }
    }
    return best;
}

void tl_draw(vz_gfx *g, const vz_layout *L, const vz_app *a, const int *idx, int np)
{
    static tl_story S; /* large; the view draws from one thread */
    SDL_Rect T = L->timeline;
    int x0, x1, ay;
    vz_timeline_axis(L, &x0, &x1, &ay);
    double t1 = vz_app_horizon(a), now = vz_app_now(a);
    int start = bb_scenario_start_day(a->pan[idx[0]].sc);
    tl_story_build(&S, a, idx, np, g->lang);
    SDL_Rect ax = {x0, 0, x1 - x0, 1};

    /* the axis: dark up to now, a handle at now (and at the date shown
     * while scrubbing back) */
    int th = L->line + 2;
    gfx_fill(g, x0, ay - th / 2, x1 - x0, th, C_TRACK);
    int xn = (int)lroundf(chart_xpix(&ax, now, t1));
    gfx_fill(g, x0, ay - th / 2, xn - x0, th, C_ARROW);

    char buf[96];
    vz_dateticks dt;
    int maxn = (x1 - x0) / (L->fs_tick * 4);
    vz_date_ticks(start, start + (int)floor(t1 / 24.0), maxn < 2 ? 2 : maxn > 8 ? 8 : maxn, &dt);
    for (int i = 0; i < dt.n; i++) {
        int x = (int)lroundf(chart_xpix(&ax, (dt.day[i] - start) * 24.0, t1));
        gfx_fill(g, x - 1, ay + th / 2, 3, L->pad / 2, VZ_C_INK);
        vz_fmt_date_tick(buf, sizeof buf, dt.day[i], dt.step_months < 12, g->lang);
        gfx_text(g, L->fs_tick, 0, C_TEXT2, x, ay + th / 2 + L->pad / 2, CENTER, buf);
    }

    /* the caption: the date under the mouse, else the latest passed,
     * else the first to come */
    int hover = -1;
    if (a->mouse_in && vz_in_rect(&T, a->mouse_x, a->mouse_y) && !a->scrub)
        hover = group_at(&S, &ax, t1, a->mouse_x, L->fs_tick);
    int cur = hover;
    for (int i = 0; cur < 0 && i < S.ng; i++)
        if (S.g[i].t <= now + 1e-6 && (i + 1 == S.ng || S.g[i + 1].t > now + 1e-6))
            cur = i;
    int future = 0;
    if (cur < 0 && S.ng > 0) {
        cur = 0;
        future = S.g[0].t > now;
    }

    /* the marks: one per date; the future ones pale; the caption's one large */
    float r = L->fs_tick * 0.42f, my = (float)(ay - th / 2) - r - 3;
    for (int i = 0; i < S.ng; i++) {
        if (S.g[i].t < 0 || S.g[i].t > t1)
            continue;
        float x = chart_xpix(&ax, S.g[i].t, t1);
        float rr = i == cur ? r * 1.35f : r;
        uint32_t fill = S.g[i].arrival ? VZ_C_USE : S.g[i].t > now ? 0xF8F3C4u : VZ_C_EVENT;
        gfx_mark(g, x, my + r - rr, rr, S.g[i].arrival ? 1 : 0, fill);
    }
    gfx_fill(g, xn - L->line, ay - th * 2, 2 * L->line, th * 4, VZ_C_INK);
    if (a->preview_t >= 0 && a->preview_t < now) {
        int xp = (int)lroundf(chart_xpix(&ax, a->preview_t, t1));
        gfx_frame(g, (SDL_Rect){xp - L->line - 2, ay - th * 2, 2 * L->line + 4, th * 4}, 2,
                  VZ_C_INK);
    }

    if (S.ng == 0) {
        gfx_text_fit(g, L->fs_tick, L->fs_min, 0, C_TEXT2, T.x, T.y, L->lh_tick, T.w, LEFT,
                     vz_tr(g->lang, T_NO_EVENTS), vz_tr(g->lang, T_NO_EVENTS_SHORT));
        return;
    }
    char lines[4][256];
    int need = tl_caption(g, L, &S, cur, np == 2, g->lang, T.w, lines, L->caption_lines);
    int nl = need < L->caption_lines ? need : L->caption_lines;
    if (need > L->caption_lines) {
        gfx_cut(g, lines[nl - 1]);
        size_t k = strlen(lines[nl - 1]);
        if (k + 4 < sizeof lines[0])
            memcpy(lines[nl - 1] + k, "\xe2\x80\xa6", 4);
    }
    uint32_t c = future ? C_TEXT2 : VZ_C_INK;
    for (int i = 0; i < nl; i++)
        gfx_text_line(g, L->fs_tick, 0, c, T.x, T.y + i * L->lh_tick, L->lh_tick, LEFT, lines[i]);
}
