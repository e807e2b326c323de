/*
 * app.h - the state of the view and what the keys and mouse do to it.
 *
 * One or two scenarios (A and B) each run in their own bb_sim on the same
 * seed, in lockstep on one clock. The app records a bb_state per period
 * for the charts (history.h), keeps the scenario's markers and the
 * user's FTE changes for the time axis, and turns SDL events into changes
 * of that state. It never draws and never touches a window: actions that
 * need the window (full screen, save, quit) are returned to the caller.
 * Everything here is driven by explicit calls, so tests feed synthetic
 * SDL_Events and step the clock without any timing.
 *
 * A change made with a slider or the arrow keys is kept as a record (its
 * time, unit and the FTE before and after) and applied to the sim when
 * the clock reaches it; so the view can go back to any date by running
 * its sims again from the start on the same streams, with the changes
 * made before that date (run.c). While a panel has changes, a second sim
 * runs the scenario without them (the ghost line on the charts).
 */
#ifndef VZ_APP_H
#define VZ_APP_H

#include <SDL.h>

#include "bbsim.h"
#include "history.h"
#include "layout.h"

#define VZ_MAX_MARKS 128
#define VZ_MAX_CHANGES 128

enum vz_show { VZ_SHOW_A = 0, VZ_SHOW_B = 1, VZ_SHOW_BOTH = 2 };

/* Actions for the caller, returned as bits by vz_app_event. */
enum {
    VZ_ACT_QUIT = 1,
    VZ_ACT_FULLSCREEN = 2,
    VZ_ACT_SAVE = 4,
};

/* A scheduled scenario event on the time axis: 's' surge, 'p' planned
 * demand, 'f' FTE change, 'i' investment (bb_scenario_markers). */
typedef struct vz_mark {
    double t;               /* hours since start */
    char kind;
    char label[48];         /* the scenario's label (English) */
    char label_nl[64];      /* its Dutch label, "" when the scenario has none */
    int ref;                /* 'i': the investment id (bb_sim_invest_arrival) */
} vz_mark;

/* A change made in the view: the target FTE of a pool or provider (its
 * operational FTE plus those on their way) from `from` to `to` at time t,
 * as an investment through the unit's workforce pipeline or at once. */
typedef struct vz_change {
    double t;               /* hours since start */
    int pool, prov;         /* one of them >= 0 */
    double from, to;        /* target FTE before and after */
    int at_once;            /* 1: operational at once; 0: through the pipeline */
    int seq;                /* order made: undo takes the last one */
    int inv;                /* its investment id once applied (pipeline), else -1 */
} vz_change;

typedef struct vz_panel {
    const bb_scenario *sc;  /* borrowed; must outlive the app */
    bb_sim *sim;
    vz_history hist;        /* one sample per period, plus the start */
    bb_state now;           /* the state at the current time */
    vz_mark mark[VZ_MAX_MARKS];
    int nmark;              /* the scenario's events */
    vz_change chg[VZ_MAX_CHANGES]; /* changes made in the view, by (t, seq) */
    int nchg, chg_next;     /* how many; the first not yet applied to sim */
    bb_sim *ghost;          /* the run without the changes (while nchg > 0) */
    vz_history ghost_hist;
    bb_state ghost_now;
    int nvis, vis[BB_MAX_PROVIDERS]; /* providers the room view shows */
    double fte0[BB_MAX_PROVIDERS];       /* provider FTE at the start */
    double slider_max[BB_MAX_PROVIDERS]; /* right end of each slider */
    double pool0[BB_POOLS];              /* pool FTE at the start */
    double pool_max[BB_POOLS];           /* right end of each pool slider */
} vz_panel;

typedef struct vz_bands vz_bands; /* bands.h */

typedef struct vz_app {
    vz_panel pan[2];
    int nscen;              /* 1 or 2 scenarios loaded */
    uint64_t seed;
    int show;               /* enum vz_show */
    int paused;
    int speed;              /* index into the speed table */
    int lang;               /* enum vz_lang */
    int help;               /* help overlay shown */
    int still;              /* a still picture: no play state, key hint or messages */
    int room;               /* room mode asked for (--room, full screen, R) */
    int at_once;            /* slider changes operational at once (P), else pipeline */
    int sel_panel;          /* panel the keyboard acts on (0 = A, 1 = B) */
    int sel_prov;           /* selected provider, -1 none (charts show all) */
    int sel_pool;           /* selected pool, -1 none; never both a pool and
                               a provider */
    int w, h;               /* size of the view, for mouse hit tests */
    int mouse_x, mouse_y, mouse_in;
    int drag_panel, drag_prov;  /* slider being dragged; -1 none */
    int drag_pool;              /* pool slider being dragged; -1 none */
    double drag_to;             /* the dragged slider's value, applied on release */
    int scrub;              /* dragging on the time axis */
    double preview_t;       /* while scrubbing back: the date shown from the
                               recorded history (< 0: none) */
    int seq;                /* numbers the changes */
    double clock;           /* real seconds fed to vz_app_tick */
    char toast[200];        /* a short message on screen ... */
    double toast_until;     /* ... until this clock time */
    char error[256];        /* a run error (bound hit); the clock stops */
    vz_bands *bands;        /* replications in the background (--bands), or NULL */
} vz_app;

/* Speeds in simulated hours per real second, slowest first. */
#define VZ_SPEEDS 6
double vz_speed_hours(int idx);

/* Create the sims for A (and B when not NULL) on `seed`. The app must
 * not move in memory afterwards (the sims call back into it). Returns 0,
 * or -1 when out of memory (the app is then freed). Starts paused at the
 * default speed (3 months a second), showing A. */
int vz_app_init(vz_app *a, const bb_scenario *A, const bb_scenario *B, uint64_t seed, int lang);
void vz_app_free(vz_app *a);
/* Free and recreate the sims; history and slider changes are dropped. */
int vz_app_restart(vz_app *a);

/* Run every sim to time t (hours, clipped to the horizon), applying the
 * changes due on the way. Returns BB_RUN_MORE, BB_RUN_DONE (all at the
 * horizon) or BB_RUN_LIMIT (a sim hit a bound; a->error says which). */
int vz_app_run_to(vz_app *a, double t);
/* Go to time t, also backwards: the sims run again from the start on the
 * same streams with the changes made before t (those after t are kept
 * and applied when the clock reaches them). Returns as vz_app_run_to. */
int vz_app_seek(vz_app *a, double t);
double vz_app_now(const vz_app *a);
double vz_app_horizon(const vz_app *a);
/* Advance the real clock by dt seconds; when playing, run the sims by
 * speed x dt (dt is capped at 0.25 s so a stalled frame never jumps far).
 * Pauses at the horizon. */
void vz_app_tick(vz_app *a, double dt);

/* Handle one SDL event. Returns VZ_ACT_* bits for the caller. */
int vz_app_event(vz_app *a, const SDL_Event *e);

/* Set the target FTE of provider `prov` of panel `pi` to `fte` from now
 * on (clamped to 0..slider max): a change through the pipeline, or at
 * once when a->at_once. A second change of the same unit at the same
 * moment replaces the first (one mark with the final value). Returns 0
 * or -1. */
int vz_app_set_fte(vz_app *a, int pi, int prov, double fte);
/* The same for staffed pool `pool` (0..BB_POOLS-1) of panel `pi`. */
int vz_app_set_pool_fte(vz_app *a, int pi, int pool, double fte);
/* Take back the last change made (of any panel); 0, or -1 when none. */
int vz_app_undo(vz_app *a);
/* The target FTE of a pool or provider now: operational plus on its way. */
double vz_target_fte(const bb_state *st, int pool, int prov);

/* Panels on screen: writes their indices to idx and returns 1 or 2. */
int vz_app_visible(const vz_app *a, int idx[2]);
/* The layout of the view at w x h for the panels on screen. */
void vz_app_layout(const vz_app *a, int w, int h, vz_layout *L);
/* A panel's title in words (the scenario's title or title_nl), with
 * "(gewijzigd)" once changes were made in the view. */
void vz_panel_title(char *buf, size_t n, const vz_panel *p, int lang);
/* The same, brief: the title up to its colon ("Offensief 2020"). */
void vz_panel_title2(char *buf, size_t n, const vz_panel *p, int lang, int brief);
/* The provider shown in box k of a panel laid out by L. */
int vz_prov_at(const vz_panel *p, const vz_layout *L, int k);
/* Show a message for a few seconds. */
void vz_app_toast(vz_app *a, const char *msg);

/* The app as it is drawn: `a` itself, or, while scrubbing back, a copy in
 * `tmp` whose panels show the recorded state at the previewed date. */
const vz_app *vz_app_view(const vz_app *a, vz_app *tmp);

#endif
