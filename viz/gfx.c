/*
 * gfx.c - the drawing primitives of the view (see gfx.h).
 *
 * Thick lines and filled areas are triangles (SDL_RenderGeometry), so the
 * same code gives 3+ px lines on the GPU renderer and on the software
 * renderer. Text is rendered with SDL_ttf once per (string, size, colour)
 * and kept as a texture while it stays on screen; labels that do not fit
 * their box shrink down to the 16 px floor, then use a short form, then
 * get an ellipsis.
 */
#include "gfx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *vz_font_path(int bold)
{
    const char *e = getenv(bold ? "BBVIEW_FONT_BOLD" : "BBVIEW_FONT");
    if (e && *e)
        return e;
    return bold ? VZ_FONT_BOLD : VZ_FONT_REGULAR;
}

/* ------------------------------------------------------------------ */
/* fonts and text                                                      */
/* ------------------------------------------------------------------ */

static TTF_Font *gfx_font(vz_gfx *g, int size, int bold)
{
    int best = -1;
    for (int i = 0; i < g->nfont; i++) {
        if (g->font[i].size == size && g->font[i].bold == bold)
            return g->font[i].f;
        if (g->font[i].bold == bold &&
            (best < 0 || abs(g->font[i].size - size) < abs(g->font[best].size - size)))
            best = i;
    }
    if (g->nfont < MAX_FONTS) {
        TTF_Font *f = TTF_OpenFont(vz_font_path(bold), size);
        if (f) {
            g->font[g->nfont].size = size;
            g->font[g->nfont].bold = bold;
            g->font[g->nfont].f = f;
            g->nfont++;
            return f;
        }
    }
    return best >= 0 ? g->font[best].f : (g->nfont ? g->font[0].f : NULL);
}

static uint32_t gfx_hash(const char *s, int size, int bold, uint32_t rgb)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    h = (h ^ (uint32_t)size) * 16777619u;
    h = (h ^ (uint32_t)bold) * 16777619u;
    return (h ^ rgb) * 16777619u;
}

static SDL_Color gfx_col(uint32_t rgb)
{
    SDL_Color c = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
    return c;
}

static text_ent *gfx_text_get(vz_gfx *g, int size, int bold, uint32_t rgb, const char *s)
{
    if (!s || !*s)
        return NULL;
    uint32_t h = gfx_hash(s, size, bold, rgb);
    for (int i = g->bucket[h % TBUCKETS]; i >= 0; i = g->ent[i].next) {
        text_ent *e = &g->ent[i];
        if (e->hash == h && e->size == size && e->bold == bold && e->rgb == rgb &&
            !strcmp(e->s, s)) {
            e->used = g->frame;
            return e;
        }
    }
    TTF_Font *f = gfx_font(g, size, bold);
    if (!f)
        return NULL;
    SDL_Surface *su = TTF_RenderUTF8_Blended(f, s, gfx_col(rgb));
    if (!su)
        return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(g->r, su);
    int w = su->w, hh = su->h;
    SDL_FreeSurface(su);
    if (!tex)
        return NULL;
    if (g->nent == g->cap) {
        int cap = g->cap ? 2 * g->cap : 256;
        text_ent *n = realloc(g->ent, (size_t)cap * sizeof *n);
        if (!n) {
            SDL_DestroyTexture(tex);
            return NULL;
        }
        g->ent = n;
        g->cap = cap;
    }
    char *copy = malloc(strlen(s) + 1);
    if (!copy) {
        SDL_DestroyTexture(tex);
        return NULL;
    }
    strcpy(copy, s);
    text_ent *e = &g->ent[g->nent];
    e->s = copy;
    e->size = size;
    e->bold = bold;
    e->rgb = rgb;
    e->hash = h;
    e->tex = tex;
    e->w = w;
    e->h = hh;
    e->used = g->frame;
    e->next = g->bucket[h % TBUCKETS];
    g->bucket[h % TBUCKETS] = g->nent++;
    return e;
}

/* Drop text not drawn in this frame or the one before. */
static void gfx_text_sweep(vz_gfx *g)
{
    if (g->nent < 512)
        return;
    int k = 0;
    for (int i = 0; i < g->nent; i++) {
        text_ent *e = &g->ent[i];
        if (e->used + 1 >= g->frame) {
            g->ent[k++] = *e;
        } else {
            SDL_DestroyTexture(e->tex);
            free(e->s);
        }
    }
    g->nent = k;
    for (int i = 0; i < TBUCKETS; i++)
        g->bucket[i] = -1;
    for (int i = 0; i < k; i++) {
        int b = (int)(g->ent[i].hash % TBUCKETS);
        g->ent[i].next = g->bucket[b];
        g->bucket[b] = i;
    }
}

int gfx_text_w(vz_gfx *g, int size, int bold, const char *s)
{
    TTF_Font *f = gfx_font(g, size, bold);
    int w = 0, h = 0;
    if (f && s && *s)
        TTF_SizeUTF8(f, s, &w, &h);
    return w;
}

int gfx_font_h(vz_gfx *g, int size, int bold)
{
    TTF_Font *f = gfx_font(g, size, bold);
    return f ? TTF_FontHeight(f) : size;
}

/* Draw s with its top at y; x is the left, centre or right end. Returns
 * the width drawn. */
int gfx_text(vz_gfx *g, int size, int bold, uint32_t rgb, int x, int y, int align, const char *s)
{
    text_ent *e = gfx_text_get(g, size, bold, rgb, s);
    if (!e)
        return 0;
    int dx = align == CENTER ? -e->w / 2 : align == RIGHT ? -e->w : 0;
    SDL_Rect d = {x + dx, y, e->w, e->h};
    SDL_RenderCopy(g->r, e->tex, NULL, &d);
    return e->w;
}

/* Draw s vertically centred in a line of height lh starting at y. */
int gfx_text_line(vz_gfx *g, int size, int bold, uint32_t rgb, int x, int y, int lh, int align,
                  const char *s)
{
    return gfx_text(g, size, bold, rgb, x, y + (lh - gfx_font_h(g, size, bold)) / 2, align, s);
}

/* Draw s (or else alt) within maxw pixels, centred in a line of height
 * lh: shrink from size down to minsize, then try alt, then cut with an
 * ellipsis at minsize. */
int gfx_text_fit(vz_gfx *g, int size, int minsize, int bold, uint32_t rgb, int x, int y, int lh,
                 int maxw, int align, const char *s, const char *alt)
{
    if (minsize < g->fs_min)
        minsize = g->fs_min;
    if (minsize > size)
        minsize = size;
    const char *cand[2] = {s, alt};
    for (int c = 0; c < 2; c++) {
        if (!cand[c] || !*cand[c])
            continue;
        for (int sz = size; sz >= minsize; sz--)
            if (gfx_text_w(g, sz, bold, cand[c]) <= maxw)
                return gfx_text_line(g, sz, bold, rgb, x, y, lh, align, cand[c]);
    }
    const char *t = alt && *alt ? alt : s;
    gfx_cut(g, s);
    char buf[256];
    snprintf(buf, sizeof buf - 4, "%s", t ? t : "");
    size_t n = strlen(buf);
    while (n > 0) {
        /* drop one UTF-8 character */
        do
            n--;
        while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80);
        char tmp[260];
        snprintf(tmp, sizeof tmp, "%.*s\xe2\x80\xa6", (int)n, buf);
        if (gfx_text_w(g, minsize, bold, tmp) <= maxw || n == 0)
            return gfx_text_line(g, minsize, bold, rgb, x, y, lh, align, tmp);
    }
    return 0;
}

int gfx_text_fit_list(vz_gfx *g, int size, int minsize, int bold, uint32_t rgb, int x, int y,
                      int lh, int maxw, int align, const char *const *cand, int n)
{
    if (minsize < g->fs_min)
        minsize = g->fs_min;
    if (minsize > size)
        minsize = size;
    for (int c = 0; c + 1 < n; c++)
        for (int sz = size; sz >= minsize; sz--)
            if (cand[c] && *cand[c] && gfx_text_w(g, sz, bold, cand[c]) <= maxw)
                return gfx_text_line(g, sz, bold, rgb, x, y, lh, align, cand[c]);
    return gfx_text_fit(g, size, minsize, bold, rgb, x, y, lh, maxw, align, cand[n - 1], NULL);
}

/* ------------------------------------------------------------------ */
/* shapes                                                              */
/* ------------------------------------------------------------------ */

static void gfx_set(vz_gfx *g, uint32_t rgb)
{
    SDL_SetRenderDrawColor(g->r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255);
}

void gfx_fill(vz_gfx *g, int x, int y, int w, int h, uint32_t rgb)
{
    if (w <= 0 || h <= 0)
        return;
    SDL_Rect r = {x, y, w, h};
    gfx_set(g, rgb);
    SDL_RenderFillRect(g->r, &r);
}

void gfx_frame(vz_gfx *g, SDL_Rect r, int t, uint32_t rgb)
{
    gfx_fill(g, r.x, r.y, r.w, t, rgb);
    gfx_fill(g, r.x, r.y + r.h - t, r.w, t, rgb);
    gfx_fill(g, r.x, r.y, t, r.h, rgb);
    gfx_fill(g, r.x + r.w - t, r.y, t, r.h, rgb);
}

static void gfx_vpush(vz_gfx *g, float x, float y, uint32_t rgb)
{
    if (g->nv == g->capv) {
        int cap = g->capv ? 2 * g->capv : 4096;
        SDL_Vertex *n = realloc(g->v, (size_t)cap * sizeof *n);
        if (!n)
            return;
        g->v = n;
        g->capv = cap;
    }
    SDL_Vertex *v = &g->v[g->nv++];
    v->position.x = x;
    v->position.y = y;
    v->color = gfx_col(rgb);
    v->tex_coord.x = v->tex_coord.y = 0;
}

void gfx_flush(vz_gfx *g)
{
    if (g->nv >= 3)
        SDL_RenderGeometry(g->r, NULL, g->v, g->nv - g->nv % 3, NULL, 0);
    g->nv = 0;
}

void gfx_tri(vz_gfx *g, float x0, float y0, float x1, float y1, float x2, float y2, uint32_t c)
{
    gfx_vpush(g, x0, y0, c);
    gfx_vpush(g, x1, y1, c);
    gfx_vpush(g, x2, y2, c);
}

static void gfx_quad(vz_gfx *g, float x0, float y0, float x1, float y1, float x2, float y2,
                     float x3, float y3, uint32_t c)
{
    gfx_tri(g, x0, y0, x1, y1, x2, y2, c);
    gfx_tri(g, x0, y0, x2, y2, x3, y3, c);
}

static void gfx_dot(vz_gfx *g, float x, float y, float w, uint32_t c)
{
    float h = w / 2;
    gfx_quad(g, x - h, y - h, x + h, y - h, x + h, y + h, x - h, y + h, c);
}

static void gfx_seg(vz_gfx *g, float x0, float y0, float x1, float y1, float w, uint32_t c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-3f) {
        gfx_dot(g, x0, y0, w, c);
        return;
    }
    float nx = -dy / len * w / 2, ny = dx / len * w / 2;
    gfx_quad(g, x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny, c);
}

/* A polyline of n points; NaN y values break it. dash > 0 draws dashes
 * of that length with gaps of 2/3 of it. */
void gfx_polyline(vz_gfx *g, const float *x, const float *y, int n, float w, float dash, uint32_t c)
{
    double pos = 0;
    for (int i = 0; i + 1 < n; i++) {
        if (isnan(y[i]) || isnan(y[i + 1]))
            continue;
        if (dash <= 0) {
            gfx_seg(g, x[i], y[i], x[i + 1], y[i + 1], w, c);
            if (i > 0 && !isnan(y[i - 1]))
                gfx_dot(g, x[i], y[i], w, c);
            continue;
        }
        double dx = x[i + 1] - x[i], dy = y[i + 1] - y[i], len = sqrt(dx * dx + dy * dy);
        double period = dash * 5.0 / 3.0;
        double s = 0;
        while (s < len) {
            double ph = fmod(pos + s, period);
            int on = ph < dash;
            double run = on ? dash - ph : period - ph;
            double e = fmin(len, s + fmax(run, 0.25)); /* always move on */
            if (on) {
                double a = s / len, b = e / len;
                gfx_seg(g, (float)(x[i] + dx * a), (float)(y[i] + dy * a), (float)(x[i] + dx * b),
                        (float)(y[i] + dy * b), w, c);
            }
            s = e;
        }
        pos += len;
    }
    gfx_flush(g);
}

/* The area between bot[] and top[] over ascending x[] (NaN breaks it),
 * filled one pixel column at a time: adjacent triangles can leave seams
 * on the software renderer, columns cannot. */
void gfx_area(vz_gfx *g, const float *x, const float *top, const float *bot, int n, uint32_t c)
{
    gfx_set(g, c);
    SDL_Rect cols[256];
    int k = 0;
    for (int i = 0; i + 1 < n; i++) {
        if (isnan(top[i]) || isnan(top[i + 1]))
            continue;
        int xa = (int)lroundf(x[i]), xb = (int)lroundf(x[i + 1]);
        for (int px = xa; px < xb || (px == xa && xb == xa); px++) {
            float f = xb > xa ? (float)(px - xa) / (float)(xb - xa) : 0;
            float t = top[i] + (top[i + 1] - top[i]) * f;
            float b = bot[i] + (bot[i + 1] - bot[i]) * f;
            int y0 = (int)lroundf(fminf(t, b)), y1 = (int)lroundf(fmaxf(t, b));
            if (y1 <= y0)
                continue;
            cols[k++] = (SDL_Rect){px, y0, 1, y1 - y0};
            if (k == 256) {
                SDL_RenderFillRects(g->r, cols, k);
                k = 0;
            }
        }
    }
    if (k)
        SDL_RenderFillRects(g->r, cols, k);
}

/* An arrow from (x0, y0) to (x1, y1) with a triangular head. */
void gfx_arrow(vz_gfx *g, float x0, float y0, float x1, float y1, float w, uint32_t c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1)
        return;
    float ux = dx / len, uy = dy / len, hl = fminf(len * 0.6f, w * 3.2f), hw = w * 2.2f;
    float bx = x1 - ux * hl, by = y1 - uy * hl;
    gfx_seg(g, x0, y0, bx, by, w, c);
    gfx_tri(g, x1, y1, bx - uy * hw, by + ux * hw, bx + uy * hw, by - ux * hw, c);
    gfx_flush(g);
}

void gfx_mark(vz_gfx *g, float x, float y, float r, int shape, uint32_t fill)
{
    float o = fmaxf(2.0f, r * 0.25f);
    if (shape == 1 || shape == 2) {
        float d = shape == 1 ? 1.0f : -1.0f; /* up or down */
        gfx_tri(g, x, y - d * (r + o), x - r - o * 1.6f, y + d * (r * 0.8f + o), x + r + o * 1.6f,
                y + d * (r * 0.8f + o), VZ_C_INK);
        gfx_tri(g, x, y - d * (r - o * 0.9f), x - r + o * 0.4f, y + d * r * 0.8f,
                x + r - o * 0.4f, y + d * r * 0.8f, fill);
    } else {
        gfx_quad(g, x, y - r - o, x + r + o, y, x, y + r + o, x - r - o, y, VZ_C_INK);
        gfx_quad(g, x, y - r + o * 0.4f, x + r - o * 0.4f, y, x, y + r - o * 0.4f, x - r + o * 0.4f,
                 y, fill);
    }
    gfx_flush(g);
}

/* An event mark: a yellow diamond (or triangle) with a dark outline. */
void gfx_event_mark(vz_gfx *g, float x, float y, float r, int triangle)
{
    gfx_mark(g, x, y, r, triangle ? 1 : 0, VZ_C_EVENT);
}

/* Stripes in the pixel column px from y0 to y1: the pixels where
 * (px + y) mod every < w. */
static int stripes(SDL_Rect *out, int max, int px, int y0, int y1, int every, int w)
{
    int k = 0;
    int ph = ((px + y0) % every + every) % every; /* y0 lies ph into a period */
    for (int y = y0 - ph; y < y1 && k < max; y += every) {
        int a = y > y0 ? y : y0, b = y + w < y1 ? y + w : y1;
        if (b > a)
            out[k++] = (SDL_Rect){px, a, 1, b - a};
    }
    return k;
}

void gfx_hatch_area(vz_gfx *g, const float *x, const float *top, const float *bot, int n,
                    uint32_t c, int every, int w)
{
    if (every < 2)
        return;
    gfx_set(g, c);
    SDL_Rect cols[512];
    int k = 0;
    for (int i = 0; i + 1 < n; i++) {
        if (isnan(top[i]) || isnan(top[i + 1]))
            continue;
        int xa = (int)lroundf(x[i]), xb = (int)lroundf(x[i + 1]);
        for (int px = xa; px < xb; px++) {
            float f = (float)(px - xa) / (float)(xb - xa);
            float t = top[i] + (top[i + 1] - top[i]) * f;
            float b = bot[i] + (bot[i + 1] - bot[i]) * f;
            int y0 = (int)lroundf(fminf(t, b)), y1 = (int)lroundf(fmaxf(t, b));
            if (k > 512 - ((y1 - y0) / every + 2)) {
                SDL_RenderFillRects(g->r, cols, k);
                k = 0;
            }
            k += stripes(cols + k, 512 - k, px, y0, y1, every, w);
        }
    }
    if (k)
        SDL_RenderFillRects(g->r, cols, k);
}

void gfx_hatch_rect(vz_gfx *g, SDL_Rect r, uint32_t c, int every, int w)
{
    if (every < 2 || r.w <= 0 || r.h <= 0)
        return;
    gfx_set(g, c);
    SDL_Rect cols[512];
    int k = 0;
    for (int px = r.x; px < r.x + r.w; px++) {
        if (k > 512 - (r.h / every + 2)) {
            SDL_RenderFillRects(g->r, cols, k);
            k = 0;
        }
        k += stripes(cols + k, 512 - k, px, r.y, r.y + r.h, every, w);
    }
    if (k)
        SDL_RenderFillRects(g->r, cols, k);
}

/* ------------------------------------------------------------------ */
/* the tooltip, scratch memory                                         */
/* ------------------------------------------------------------------ */

/* A box of lines next to (mx, my): the first in bold, the others with a
 * colour swatch (lc[k]) unless lc[k] is the background colour. */
void gfx_tooltip(vz_gfx *g, const vz_layout *L, int mx, int my, char (*lines)[96],
                 const uint32_t *lc, int nl)
{
    int w = 0;
    for (int k = 0; k < nl; k++) {
        int tw = gfx_text_w(g, L->fs_label, k == 0, lines[k]) + L->fs_label * 3 / 2;
        if (tw > w)
            w = tw;
    }
    w += 2 * L->pad;
    int h = nl * L->lh_label + 2 * L->pad;
    int x = mx + L->pad * 2, y = my - h / 2;
    if (x + w > L->w - L->pad)
        x = mx - L->pad * 2 - w;
    if (y < L->pad)
        y = L->pad;
    if (y + h > L->h - L->pad)
        y = L->h - L->pad - h;
    gfx_fill(g, x, y, w, h, VZ_C_BG);
    gfx_frame(g, (SDL_Rect){x, y, w, h}, 3, VZ_C_INK);
    for (int k = 0; k < nl; k++) {
        int ly = y + L->pad + k * L->lh_label;
        int tx = x + L->pad;
        if (k > 0 && lc[k] != VZ_C_BG) {
            int sz = L->fs_label * 3 / 4;
            gfx_fill(g, tx, ly + (L->lh_label - sz) / 2, sz, sz, lc[k]);
            tx += L->fs_label * 3 / 2;
        }
        gfx_text_line(g, L->fs_label, k == 0, VZ_C_INK, tx, ly, L->lh_label, LEFT, lines[k]);
    }
}

float *gfx_scratch(vz_gfx *g, int n)
{
    if (n > g->capbuf) {
        float *b = realloc(g->buf, (size_t)n * sizeof *b);
        if (!b)
            return NULL;
        g->buf = b;
        g->capbuf = n;
    }
    return g->buf;
}

/* ------------------------------------------------------------------ */
/* contexts and frames                                                 */
/* ------------------------------------------------------------------ */

vz_gfx *vz_gfx_new(SDL_Renderer *r, char *err, size_t errn)
{
    vz_gfx *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errn, "out of memory");
        return NULL;
    }
    g->r = r;
    for (int i = 0; i < TBUCKETS; i++)
        g->bucket[i] = -1;
    for (int b = 0; b < 2; b++) {
        TTF_Font *f = TTF_OpenFont(vz_font_path(b), 18);
        if (!f) {
            snprintf(err, errn, "cannot open font %s: %s", vz_font_path(b), TTF_GetError());
            vz_gfx_free(g);
            return NULL;
        }
        g->font[g->nfont].size = 18;
        g->font[g->nfont].bold = b;
        g->font[g->nfont].f = f;
        g->nfont++;
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    return g;
}

void vz_gfx_free(vz_gfx *g)
{
    if (!g)
        return;
    for (int i = 0; i < g->nent; i++) {
        SDL_DestroyTexture(g->ent[i].tex);
        free(g->ent[i].s);
    }
    for (int i = 0; i < g->nfont; i++)
        TTF_CloseFont(g->font[i].f);
    free(g->ent);
    free(g->v);
    free(g->buf);
    free(g);
}

void gfx_begin(vz_gfx *g, int lang, int fs_min)
{
    g->frame++;
    g->lang = lang;
    g->fs_min = fs_min;
    g->cuts = 0;
    g->cut[0] = 0;
}

void gfx_cut(vz_gfx *g, const char *s)
{
    if (!g->cuts++)
        snprintf(g->cut, sizeof g->cut, "%s", s ? s : "");
}

void gfx_end(vz_gfx *g) { gfx_text_sweep(g); }

void gfx_clear(vz_gfx *g, uint32_t rgb)
{
    gfx_set(g, rgb);
    SDL_RenderClear(g->r);
}
