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
 */
#ifndef VZ_APP_H
#define VZ_APP_H

#include <SDL.h>

#include "bbsim.h"
#include "history.h"
#include "layout.h"

#define VZ_MAX_MARKS 128

enum vz_show { VZ_SHOW_A = 0, VZ_SHOW_B = 1, VZ_SHOW_BOTH = 2 };

/* Actions for the caller, returned as bits by vz_app_event. */
enum {
    VZ_ACT_QUIT = 1,
    VZ_ACT_FULLSCREEN = 2,
    VZ_ACT_SAVE = 4,
};

/* A mark on the time axis: a scheduled scenario event ('s' surge, 'p'
 * planned demand, 'f' FTE change) or a change made with a slider ('u'). */
typedef struct vz_mark {
    double t;               /* hours since start */
    char kind;
    char label[48];         /* scenario marks */
    int prov;               /* 'u': provider index, or -1 for a pool */
    int pool;               /* 'u': pool index (enum bb_stage), or -1 */
    double from, to;        /* 'u': FTE before and after */
} vz_mark;

typedef struct vz_panel {
    const bb_scenario *sc;  /* borrowed; must outlive the app */
    bb_sim *sim;
    vz_history hist;        /* one sample per period, plus the start */
    bb_state now;           /* the state at the current time */
    vz_mark mark[VZ_MAX_MARKS];
    int nmark, nscenmark;   /* all marks; the first nscenmark are the scenario's */
    double fte0[BB_MAX_PROVIDERS];       /* provider FTE at the start */
    double slider_max[BB_MAX_PROVIDERS]; /* right end of each slider */
    double pool0[BB_POOLS];              /* pool FTE at the start */
    double pool_max[BB_POOLS];           /* right end of each pool slider */
} vz_panel;

typedef struct vz_app {
    vz_panel pan[2];
    int nscen;              /* 1 or 2 scenarios loaded */
    uint64_t seed;
    int show;               /* enum vz_show */
    int paused;
    int speed;              /* index into the speed table */
    int lang;               /* enum vz_lang */
    int help;               /* help overlay shown */
    int still;              /* a still picture: no play state or key hint */
    int sel_panel;          /* panel the keyboard acts on (0 = A, 1 = B) */
    int sel_prov;           /* selected provider, -1 none (charts show all) */
    int sel_pool;           /* selected pool, -1 none; never both a pool and
                               a provider */
    int w, h;               /* size of the view, for mouse hit tests */
    int mouse_x, mouse_y, mouse_in;
    int drag_panel, drag_prov;  /* slider being dragged; -1 none */
    int drag_pool;              /* pool slider being dragged; -1 none */
    double clock;           /* real seconds fed to vz_app_tick */
    char toast[200];        /* a short message on screen ... */
    double toast_until;     /* ... until this clock time */
    char error[256];        /* a run error (bound hit); the clock stops */
} vz_app;

/* Speeds in simulated hours per real second, slowest first. */
#define VZ_SPEEDS 6
double vz_speed_hours(int idx);

/* Create the sims for A (and B when not NULL) on `seed`. The app must
 * not move in memory afterwards (the sims call back into it). Returns 0,
 * or -1 when out of memory (the app is then freed). Starts paused = 0 at
 * the default speed (3 months a second), showing A. */
int vz_app_init(vz_app *a, const bb_scenario *A, const bb_scenario *B, uint64_t seed, int lang);
void vz_app_free(vz_app *a);
/* Free and recreate the sims; history and slider changes are dropped. */
int vz_app_restart(vz_app *a);

/* Run every sim to time t (hours, clipped to the horizon). Returns
 * BB_RUN_MORE, BB_RUN_DONE (all at the horizon) or BB_RUN_LIMIT (a sim
 * hit a bound; a->error says which). */
int vz_app_run_to(vz_app *a, double t);
double vz_app_now(const vz_app *a);
double vz_app_horizon(const vz_app *a);
/* Advance the real clock by dt seconds; when playing, run the sims by
 * speed x dt (dt is capped at 0.25 s so a stalled frame never jumps far).
 * Pauses at the horizon. */
void vz_app_tick(vz_app *a, double dt);

/* Handle one SDL event. Returns VZ_ACT_* bits for the caller. */
int vz_app_event(vz_app *a, const SDL_Event *e);

/* Set provider `prov` of panel `pi` to `fte` from now on (clamped to
 * 0..slider max) and mark it on the time axis. Returns 0 or -1. */
int vz_app_set_fte(vz_app *a, int pi, int prov, double fte);
/* The same for staffed pool `pool` (0..BB_POOLS-1) of panel `pi`. */
int vz_app_set_pool_fte(vz_app *a, int pi, int pool, double fte);

/* Panels on screen: writes their indices to idx and returns 1 or 2. */
int vz_app_visible(const vz_app *a, int idx[2]);
/* The layout of the view at w x h for the panels on screen. */
void vz_app_layout(const vz_app *a, int w, int h, vz_layout *L);
/* Show a message for a few seconds. */
void vz_app_toast(vz_app *a, const char *msg);

#endif
