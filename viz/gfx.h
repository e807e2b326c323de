/*
 * gfx.h - the drawing primitives of the view (private to viz/: draw.c,
 * charts.c and chain.c draw with them; the public side is draw.h).
 *
 * A vz_gfx holds one renderer's fonts, its cache of rendered text and
 * the scratch buffers of its shapes. Text is drawn by its top, in a line
 * of a given height, or fitted into a width; rectangles are filled or
 * framed; lines, dashes, arrows and event marks are triangles, batched
 * until gfx_flush; areas are filled one pixel column at a time.
 */
#ifndef VZ_GFX_H
#define VZ_GFX_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stddef.h>
#include <stdint.h>

#include "draw.h"
#include "layout.h"

/* greys and tints (not data colours) */
#define C_TEXT2 0x333333u   /* secondary text */
#define C_BOX VZ_C_BOX      /* box background */
#define C_EDGE 0xAAAAAAu    /* box border */
#define C_GRID 0xDDDDDDu    /* chart grid */
#define C_TRACK 0xDEDEDEu   /* empty part of a bar */
#define C_USE_TINT VZ_C_USE_TINT       /* provider box fill */
#define C_BORROW_TINT VZ_C_BORROW_TINT /* the borrowed box while borrowing */
#define C_BAND 0xEFEFEFu    /* title band */
#define C_ARROW 0x555555u

#define MAX_FONTS 40
#define TBUCKETS 1024

typedef struct text_ent {
    char *s;
    int size, bold;
    uint32_t rgb, hash;
    SDL_Texture *tex;
    int w, h;
    unsigned used;
    int next;
} text_ent;

struct vz_gfx {
    SDL_Renderer *r;
    struct {
        int size, bold;
        TTF_Font *f;
    } font[MAX_FONTS];
    int nfont;
    text_ent *ent;
    int nent, cap;
    int bucket[TBUCKETS];
    unsigned frame;
    SDL_Vertex *v;
    int nv, capv;
    float *buf;         /* scratch for chart series */
    int capbuf;
    int lang;           /* enum vz_lang of the frame being drawn */
    int fs_min;         /* the frame's smallest type (layout's fs_min) */
    int cuts;           /* texts cut or left out in this frame */
    char cut[128];      /* the first of them */
};

/* A frame: gfx_begin counts it and sets its language and smallest type,
 * gfx_end drops the text not drawn in it or the one before. */
void gfx_begin(vz_gfx *g, int lang, int fs_min);
/* Note a text that had to be cut or left out (counted per frame). */
void gfx_cut(vz_gfx *g, const char *s);
void gfx_end(vz_gfx *g);
/* Fill the whole output with rgb. */
void gfx_clear(vz_gfx *g, uint32_t rgb);

/* ---- text ---- */

enum { LEFT = 0, CENTER = 1, RIGHT = 2 };

/* Width of s, and the line height of a font, in pixels. */
int gfx_text_w(vz_gfx *g, int size, int bold, const char *s);
int gfx_font_h(vz_gfx *g, int size, int bold);
/* Draw s with its top at y; x is the left, centre or right end (align).
 * Returns the width drawn. */
int gfx_text(vz_gfx *g, int size, int bold, uint32_t rgb, int x, int y, int align,
             const char *s);
/* Draw s vertically centred in a line of height lh starting at y. */
int gfx_text_line(vz_gfx *g, int size, int bold, uint32_t rgb, int x, int y, int lh, int align,
                  const char *s);
/* Draw s (or else alt) within maxw pixels, centred in a line of height
 * lh: shrink from size down to minsize (never below the frame's fs_min),
 * then try alt, then cut with an ellipsis (counted by gfx_cut). */
int gfx_text_fit(vz_gfx *g, int size, int minsize, int bold, uint32_t rgb, int x, int y, int lh,
                 int maxw, int align, const char *s, const char *alt);

/* The same with a list of n candidates, the first that fits (shrunk to
 * minsize at the least) wins; else the last, cut with an ellipsis. */
int gfx_text_fit_list(vz_gfx *g, int size, int minsize, int bold, uint32_t rgb, int x, int y,
                      int lh, int maxw, int align, const char *const *cand, int n);

/* ---- rectangles ---- */

void gfx_fill(vz_gfx *g, int x, int y, int w, int h, uint32_t rgb);
/* The border of r, t pixels thick, inside r. */
void gfx_frame(vz_gfx *g, SDL_Rect r, int t, uint32_t rgb);

/* ---- triangles: queued, drawn by gfx_flush ---- */

void gfx_tri(vz_gfx *g, float x0, float y0, float x1, float y1, float x2, float y2, uint32_t c);
void gfx_flush(vz_gfx *g);

/* ---- lines and areas (drawn at once) ---- */

/* A polyline of n points; NaN y values break it. dash > 0 draws dashes
 * of that length with gaps of 2/3 of it. */
void gfx_polyline(vz_gfx *g, const float *x, const float *y, int n, float w, float dash,
                  uint32_t c);
/* The area between bot[] and top[] over ascending x[] (NaN breaks it). */
void gfx_area(vz_gfx *g, const float *x, const float *top, const float *bot, int n, uint32_t c);
/* An arrow from (x0, y0) to (x1, y1) with a triangular head. */
void gfx_arrow(vz_gfx *g, float x0, float y0, float x1, float y1, float w, uint32_t c);
/* An event mark: a yellow diamond (or triangle) with a dark outline. */
void gfx_event_mark(vz_gfx *g, float x, float y, float r, int triangle);
/* A mark of colour `fill` with a dark outline: 0 diamond, 1 triangle
 * pointing up, 2 triangle pointing down. */
void gfx_mark(vz_gfx *g, float x, float y, float r, int shape, uint32_t fill);
/* Diagonal stripes of colour c, w px wide every `every` px, over the area
 * between bot[] and top[] (as gfx_area) or over a rectangle. */
void gfx_hatch_area(vz_gfx *g, const float *x, const float *top, const float *bot, int n,
                    uint32_t c, int every, int w);
void gfx_hatch_rect(vz_gfx *g, SDL_Rect r, uint32_t c, int every, int w);

/* ---- the rest ---- */

/* A buffer of n floats owned by g (for chart series), valid until the
 * next call; NULL when out of memory. */
float *gfx_scratch(vz_gfx *g, int n);
/* A box of nl lines next to (mx, my), kept inside the view: the first
 * line in bold, the others with a colour swatch (lc[k]) unless lc[k] is
 * the background colour. */
void gfx_tooltip(vz_gfx *g, const vz_layout *L, int mx, int my, char (*lines)[96],
                 const uint32_t *lc, int nl);

#endif
