/*
 * layout.h - where everything goes, computed from the window size alone.
 *
 * Pure arithmetic on rectangles: no drawing, no fonts opened, no state.
 * Type sizes follow design/view.md (title 40, numbers 36, labels 22, ticks
 * 18 px at 1080 lines, scaled with the window, never below 16 px) and
 * every height below is derived from them, so text never overlaps at any
 * size. One panel fills the width; two panels (A | B) halve it with the
 * same structure, so equal heights mean equal numbers on both halves.
 */
#ifndef VZ_LAYOUT_H
#define VZ_LAYOUT_H

#include <SDL.h>

#include "bbsim.h"

/* The boxes of the chain, left to right in the first row. */
enum vz_box {
    VZ_BOX_INTAKE = 0,
    VZ_BOX_INFO,
    VZ_BOX_ADVICE,     /* decentral and central side by side inside */
    VZ_BOX_DECISION,
    VZ_BOX_WAITING,    /* decided, nothing in place yet */
    VZ_BOXES
};

enum vz_chart { VZ_CH_QUEUE = 0, VZ_CH_CAPACITY, VZ_CH_LEAD, VZ_CHARTS };

#define VZ_KPIS 4
#define VZ_MAX_PANELS 2

typedef struct vz_panel_layout {
    SDL_Rect area;                       /* the whole panel */
    SDL_Rect header;                     /* scenario name (two panels only; h 0 otherwise) */
    SDL_Rect box[VZ_BOXES];
    SDL_Rect prov[BB_MAX_PROVIDERS + 1]; /* providers, then Basisteams (geleend) */
    SDL_Rect slider[BB_MAX_PROVIDERS];   /* the FTE slider track inside each provider box */
    SDL_Rect pool_slider[BB_POOLS];      /* FTE sliders of the staffed pools: information
                                            in its box, decentral and central side by
                                            side in the advice box */
    int nprov;                           /* providers (without the borrowed box) */
    int prov_rows;                       /* 1 or 2 */
    int ncharts;                         /* 3, or 2 (no lead time) when narrow */
    int chart_id[VZ_CHARTS];             /* enum vz_chart of each chart shown */
    SDL_Rect chart[VZ_CHARTS];           /* whole chart incl. title and axes */
    SDL_Rect plot[VZ_CHARTS];            /* the plotting area inside */
    int legend_rows;                     /* rows of legend above each chart */
    SDL_Rect kpi[VZ_KPIS];
    SDL_Rect timeline;                   /* the event axis (the axis line is its middle) */
} vz_panel_layout;

typedef struct vz_layout {
    int w, h;
    double s;                      /* scale against 1920x1080 */
    int fs_title, fs_number, fs_label, fs_tick;   /* font pixel sizes */
    int lh_title, lh_number, lh_label, lh_tick;   /* line heights */
    int line;                      /* line width for chart lines, >= 3 */
    int pad, gap;                  /* inner padding, space between blocks */
    int bar;                       /* height of queue / fill bars */
    int arrow;                     /* width of the arrows between boxes */
    int ytick_w;                   /* room for y tick labels left of a plot */
    int compact;                   /* short of height: boxes and tiles drop their
                                      small print, providers their FTE line */
    SDL_Rect title;
    int npanels;
    vz_panel_layout p[VZ_MAX_PANELS];
} vz_layout;

/* Font size at scale s from its size at 1080 lines, never below `floor`. */
int vz_font_px(int at1080, double s, int floor);

/* Compute the layout of a w x h view with npanels (1 or 2) panels of
 * nprov providers each (nprov[i] for panel i). */
void vz_layout_compute(vz_layout *L, int w, int h, int npanels, const int *nprov);

/* The smallest view the layout is made for: below it, text (never under
 * 16 px) would not fit, so smaller windows and pictures are drawn at this
 * size (same aspect) and scaled down. */
#define VZ_MIN_W 1280
#define VZ_MIN_H 720
/* The size to lay out for a w x h output: w x h itself, or the smallest
 * size of the same aspect that is at least VZ_MIN_W x VZ_MIN_H. Returns 1
 * when that differs from w x h (scaling needed). */
int vz_virtual_size(int w, int h, int *vw, int *vh);

/* Does the rectangle contain the point? (SDL_PointInRect without SDL_Point) */
int vz_in_rect(const SDL_Rect *r, int x, int y);

#endif
