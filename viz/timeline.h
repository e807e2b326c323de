/*
 * timeline.h - the time axis at the bottom of the view (private to viz/).
 *
 * One axis for the panels on screen: the scenario's events and the
 * changes made in the view as yellow diamonds, one per date (for A and B
 * together), the first operational FTE of each investment as a green
 * triangle when the run reaches it, the past in dark and the present as
 * a handle that can be dragged (the scrubber, app.c), dates below. Above
 * the axis a caption of up to two lines tells the story: the events of
 * the date under the mouse, else of the latest date passed, each in the
 * view's language (label_nl in Dutch), all of them.
 */
#ifndef VZ_TIMELINE_H
#define VZ_TIMELINE_H

#include "app.h"
#include "gfx.h"
#include "layout.h"
#include "story.h"

#define TL_MAX_EVENTS 512
#define TL_MAX_GROUPS 256

/* The events of the panels on screen (idx, np) in the view's language,
 * grouped per date. Returns the number of groups. */
typedef struct tl_story {
    vz_event ev[TL_MAX_EVENTS];
    int nev;
    vz_group g[TL_MAX_GROUPS];
    int ng;
    int start;   /* the calendar day of the axis' start */
} tl_story;
int tl_story_build(tl_story *s, const vz_app *a, const int *idx, int np, int lang);

/* The caption lines of group gi at width w (gfx measures the text at
 * fs_tick). Returns the lines it needs (at most maxl are written). */
int tl_caption(vz_gfx *g, const vz_layout *L, const tl_story *s, int gi, int two, int lang,
               int w, char (*lines)[256], int maxl);

/* Draw the time axis, its marks and the caption. */
void tl_draw(vz_gfx *g, const vz_layout *L, const vz_app *a, const int *idx, int np);

#endif
