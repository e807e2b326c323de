/*
 * draw.h - drawing the view onto an SDL_Renderer.
 *
 * vz_draw paints the whole view of an app at a given size: title bar,
 * the strip of B minus A, chain boxes with queue bars and capacity fills,
 * sliders, the charts, KPI tiles, the time axis with its events, hover
 * values, help and messages. It reads the app and never changes it. The same code draws
 * into a window and, through vz_offscreen, into a plain surface with the
 * software renderer (no display needed) for PNG files and tests.
 * (draw.c draws the frame of the view; chain.c, charts.c, timeline.c and
 * gfx.c, with their private headers, the chain, the charts, the time axis
 * and the primitives.)
 *
 * Colours are the Okabe-Ito palette with one meaning each
 * (design/view.md); they are public so tests can look for them.
 */
#ifndef VZ_DRAW_H
#define VZ_DRAW_H

#include <SDL.h>

#include "app.h"

/* Okabe-Ito colours, 0xRRGGBB, and their meaning in the view. */
#define VZ_C_INFO      0x56B4E9u  /* sky blue: information gathering */
#define VZ_C_ADVICE    0x0072B2u  /* blue: assessment and advice */
#define VZ_C_DECISION  0xCC79A7u  /* reddish purple: decision */
#define VZ_C_USE       0x009E73u  /* bluish green: own capacity in use */
#define VZ_C_WAIT      0xE69F00u  /* orange: waiting, unprotected */
#define VZ_C_BORROW    0xD55E00u  /* vermilion: borrowed from basic teams */
#define VZ_C_INK       0x000000u  /* capacity line, axes, text */
#define VZ_C_EVENT     0xF0E442u  /* yellow: events on the time axis */
#define VZ_C_BG        0xFFFFFFu  /* background */
/* fills, tints and marks (not Okabe-Ito: chosen to stay apart for
 * deutan, protan, tritan and grey viewers; colour.c lists the pairs) */
#define VZ_C_BOX       0xF3F3F3u  /* box background */
#define VZ_C_USE_TINT  0x8FD3BEu  /* capacity in use: provider box fill */
#define VZ_C_BORROW_TINT 0xE8956Au /* borrowing now: the borrowed box */
#define VZ_C_BORROW_DARK 0x7A3300u /* the hatching of borrowed areas */
#define VZ_C_OVER      0x004D38u  /* use above capacity ("overrun") */
#define VZ_C_BAND      0xE2E2E2u  /* 5-95% band over replications */
#define VZ_C_GHOST     0x8C8C8Cu  /* the run without the slider changes */
#define VZ_C_BETTER    0x00466Eu  /* B minus A: better */
#define VZ_C_WORSE     0xD55E00u  /* B minus A: worse */

/* Default fonts (Debian fonts-dejavu-core); the environment variables
 * BBVIEW_FONT and BBVIEW_FONT_BOLD override them. */
#define VZ_FONT_REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define VZ_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
const char *vz_font_path(int bold);

typedef struct vz_gfx vz_gfx;

/* A drawing context for one renderer: fonts (opened per pixel size on
 * first use) and a cache of rendered text. TTF_Init must have been
 * called. Returns NULL with a message in err when a font cannot be
 * opened or memory runs out. */
vz_gfx *vz_gfx_new(SDL_Renderer *r, char *err, size_t errn);
void vz_gfx_free(vz_gfx *g);

/* Draw the whole view of `a` at w x h (the renderer's output size). */
void vz_draw(vz_gfx *g, const vz_app *a, int w, int h);

/* Texts the last frame had to cut or leave out (0 means every label was
 * drawn whole); the first of them in *first. */
int vz_gfx_cuts(const vz_gfx *g, const char **first);

/* Offscreen drawing: a w x h ARGB8888 surface with a software renderer,
 * no video subsystem needed; the view is laid out at w x h itself (the
 * room layout below 1280x720), never scaled. */
typedef struct vz_offscreen {
    SDL_Surface *surf;   /* what the renderer draws on */
    SDL_Renderer *r;
    vz_gfx *g;
    SDL_Surface *out;    /* the w x h result (== surf) */
} vz_offscreen;

/* Returns 0, or -1 with a message in err. */
int vz_offscreen_open(vz_offscreen *o, int w, int h, char *err, size_t errn);
/* Draw the view and return the w x h result (owned by o). */
SDL_Surface *vz_offscreen_draw(vz_offscreen *o, const vz_app *a);
void vz_offscreen_close(vz_offscreen *o);

#endif
