/*
 * layout.h - where everything goes, computed from the window size alone.
 *
 * Pure arithmetic on rectangles: no drawing, no fonts opened, no state.
 * Two modes:
 *   - the desk view (type after design/view.md: title 40, numbers 36,
 *     labels 22, ticks 18 px at 1080 lines, never below 16 px): the whole
 *     chain with every slider, up to four charts, the small print;
 *   - the room view, for a projector (--room, full screen, and any view
 *     smaller than 1280x720): no text under 28 px at 1080 lines (the same
 *     share of the height at any size), fewer and larger elements, laid
 *     out at the output's own pixel size down to 1024x768 and below.
 * Every height is derived from the type sizes, so text never overlaps.
 * One panel fills the width; two panels (A | B) halve it with the same
 * structure, a strip of the differences B minus A above them and one
 * time axis for both below.
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

/* The charts, in the order they stand left to right. */
enum vz_chart { VZ_CH_QUEUE = 0, VZ_CH_CAPACITY, VZ_CH_BORROW, VZ_CH_LEAD, VZ_CHARTS };

#define VZ_KPIS 4
#define VZ_MAX_PANELS 2

typedef struct vz_panel_layout {
    SDL_Rect area;                       /* the whole panel */
    SDL_Rect header;                     /* scenario title (two panels only; h 0 otherwise) */
    int chain;                           /* the chain's boxes are shown (not in the room's A/B) */
    SDL_Rect box[VZ_BOXES];
    SDL_Rect prov[BB_MAX_PROVIDERS + 1]; /* providers, then Basisteams (geleend) */
    SDL_Rect slider[BB_MAX_PROVIDERS];   /* the FTE slider track inside each provider box */
    SDL_Rect pool_slider[BB_POOLS];      /* FTE sliders of the staffed pools (w 0: none) */
    int nprov;                           /* providers (without the borrowed box) */
    int borrowed_box;                    /* the borrowed box is shown (prov[nprov]); the room
                                            view leaves it out when the boxes get narrow
                                            (its figure is a KPI tile and a chart) */
    int prov_rows;                       /* 1 or 2 */
    int ncharts;                         /* charts shown */
    int chart_id[VZ_CHARTS];             /* enum vz_chart of each chart shown */
    SDL_Rect chart[VZ_CHARTS];           /* whole chart incl. title and axes */
    SDL_Rect plot[VZ_CHARTS];            /* the plotting area inside */
    int legend_rows;                     /* rows of legend above each chart */
    SDL_Rect kpi[VZ_KPIS];
} vz_panel_layout;

typedef struct vz_layout {
    int w, h;
    double s;                      /* scale of the type */
    int room;                      /* the room view */
    int fs_title, fs_number, fs_label, fs_tick;   /* font pixel sizes */
    int fs_min;                    /* no text is fitted below this size */
    int lh_title, lh_number, lh_label, lh_tick;   /* line heights */
    int line;                      /* line width for chart lines, >= 3 */
    int pad, gap;                  /* inner padding, space between blocks */
    int bar;                       /* height of queue / fill bars */
    int arrow;                     /* width of the arrows between boxes */
    int ytick_w;                   /* room for y tick labels left of a plot */
    int compact;                   /* no small print in boxes and tiles */
    SDL_Rect title;
    SDL_Rect strip;                /* B minus A (two panels; h 0 otherwise) */
    SDL_Rect timeline;             /* the time axis with its events, full width */
    int caption_lines;             /* lines of event caption above the axis */
    int npanels;
    vz_panel_layout p[VZ_MAX_PANELS];
} vz_layout;

/* Font size at scale s from its size at 1080 lines, never below `floor`. */
int vz_font_px(int at1080, double s, int floor);

/* The smallest view the desk layout is made for: below it, the room
 * layout is used. */
#define VZ_MIN_W 1280
#define VZ_MIN_H 720

/* Compute the layout of a w x h view with npanels (1 or 2) panels of
 * nprov providers each (nprov[i] for panel i), in the room mode when
 * `room` (or when w x h is below the desk view's minimum). */
void vz_layout_compute(vz_layout *L, int w, int h, int npanels, const int *nprov, int room);
/* The same with more to explain in the legends (the run without the
 * changes, bands, a provider chosen): the room view gives them a row more. */
void vz_layout_compute2(vz_layout *L, int w, int h, int npanels, const int *nprov, int room,
                        int more_legend);

/* The time axis inside L->timeline: from x0 to x1 at height ay (the
 * middle of the axis line); marks sit above it, date ticks below. */
void vz_timeline_axis(const vz_layout *L, int *x0, int *x1, int *ay);

/* Does the rectangle contain the point? (SDL_PointInRect without SDL_Point) */
int vz_in_rect(const SDL_Rect *r, int x, int y);

#endif
