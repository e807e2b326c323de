/*
 * main.c - bbview: the command line and the window loop of the briefing
 * view.
 *
 *   bbview SCENARIO.cfg [B.cfg]                          live, in a window
 *   bbview SCENARIO.cfg [B.cfg] --png FILE [--at DATE] [--size WxH]
 *   bbview SCENARIO.cfg [B.cfg] --frames DIR [--every 4w] [--size WxH]
 *   bbview SCENARIO.cfg [B.cfg] --video FILE.mp4 [--every 1w] [--size WxH]
 *   bbview SCENARIO.cfg [B.cfg] --bench N [--size WxH]   frame time
 *   common: --room, --bands N, --lang nl|en, --seed N
 *
 * Without a window (--png, --frames, --video, --bench) the video
 * subsystem is never started: the view is drawn by the software renderer
 * into a surface, so it works with no display at all. The window is laid
 * out at its own pixel size (also on a scaled or high-density display),
 * so text is never a scaled bitmap. Exit status: 0 ok, 1 failure (I/O, no
 * display, a run bound hit), 2 usage or scenario error.
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "bands.h"
#include "bbsim.h"
#include "draw.h"
#include "labels.h"
#include "png.h"
#include "video.h"

static const char USAGE[] =
    "usage: bbview SCENARIO.cfg [B.cfg] [options]\n"
    "       bbview SCENARIO.cfg [B.cfg] --png FILE [--at DATE] [--size WxH]\n"
    "       bbview SCENARIO.cfg [B.cfg] --frames DIR [--every 4w] [--size WxH]\n"
    "       bbview SCENARIO.cfg [B.cfg] --video FILE.mp4 [--every 1w] [--size WxH]\n"
    "       bbview --help | --version\n"
    "\n"
    "The briefing view of the B&B chain: runs the simulation live in a window\n"
    "(scenario A, or A and B side by side on the same seed), or renders the\n"
    "view at a simulated date into PNG files without any display.\n"
    "\n"
    "options:\n"
    "  --png FILE       render one picture at --at DATE (default: the end) and exit\n"
    "  --at DATE        simulated date for --png, YYYY-MM-DD\n"
    "  --frames DIR     render one PNG per step from start to end into DIR\n"
    "  --every N{d|w|m|y}  step for --frames (default 4w) and --video (default 1w)\n"
    "  --video FILE.mp4 render one frame per step into an MP4 through ffmpeg\n"
    "                   (Debian: apt-get install ffmpeg), 30 frames a second\n"
    "  --size WxH       picture or window size (default 1920x1080)\n"
    "  --room           the room view: large type, fewer elements (also in\n"
    "                   full screen and below 1280x720)\n"
    "  --bands N        run N replications in the background and show the\n"
    "                   median and 5-95% band of each chart's main series\n"
    "  --lang nl|en     labels in Dutch (default) or English\n"
    "  --seed N         master seed (default: run.seed of scenario A)\n"
    "  --bench N        draw N frames of one simulated week each, headless,\n"
    "                   and print the time per frame\n"
    "\n"
    "keys in the window: space play/pause (starts paused), right/left arrow a\n"
    "week on/back, + - speed, Home restart, End to the end, 1 2 B scenario A,\n"
    "B or both, Tab and up/down FTE, P pipeline/at once, U undo, R room view,\n"
    "F full screen, S save PNG, L Dutch/English, ? help, Esc quit; click or\n"
    "drag on the time axis to go to a date\n"
    "\n"
    "exit status: 0 ok, 1 failure (I/O, no display), 2 usage or scenario error\n"
    "docs: docs/view.md\n";

typedef struct opts {
    const char *scen[2];
    int nscen;
    const char *png, *frames, *video, *at;
    double every_h;
    int every_given;
    int w, h, size_given;
    int lang;
    int room;
    int bands;
    long long seed;
    long bench;
} opts;

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "bbview: %s%s%s\n(see bbview --help)\n", msg, arg ? ": " : "",
            arg ? arg : "");
    return BB_ERR_INPUT;
}

static int parse_every(const char *s, double *h)
{
    char *end;
    errno = 0;
    double n = strtod(s, &end);
    if (errno || end == s || !(n > 0))
        return -1;
    double unit;
    if (!strcmp(end, "d"))
        unit = 24;
    else if (!strcmp(end, "w") || !*end)
        unit = 168;
    else if (!strcmp(end, "m"))
        unit = BB_HOURS_PER_YEAR / 12.0;
    else if (!strcmp(end, "y"))
        unit = BB_HOURS_PER_YEAR;
    else
        return -1;
    *h = n * unit;
    return 0;
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->w = 1920;
    o->h = 1080;
    o->seed = -1;
    o->every_h = 4 * 168.0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED()                                                                                     \
    do {                                                                                           \
        if (!v)                                                                                    \
            return usage_error("missing value after", a);                                          \
        i++;                                                                                       \
    } while (0)
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(USAGE, stdout);
            exit(0);
        } else if (!strcmp(a, "--version")) {
            printf("bbview %s\n", bb_version());
            exit(0);
        } else if (!strcmp(a, "--png")) {
            NEED();
            o->png = v;
        } else if (!strcmp(a, "--frames")) {
            NEED();
            o->frames = v;
        } else if (!strcmp(a, "--at")) {
            NEED();
            o->at = v;
        } else if (!strcmp(a, "--video")) {
            NEED();
            o->video = v;
        } else if (!strcmp(a, "--room")) {
            o->room = 1;
        } else if (!strcmp(a, "--bands")) {
            NEED();
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 2 || n > 1000)
                return usage_error("--bands wants a number of replications, 2 to 1000", v);
            o->bands = (int)n;
        } else if (!strcmp(a, "--every")) {
            NEED();
            if (parse_every(v, &o->every_h))
                return usage_error("--every wants a step like 4w, 2m, 10d or 1y", v);
            o->every_given = 1;
        } else if (!strcmp(a, "--size")) {
            NEED();
            char x;
            int w, h;
            if (sscanf(v, "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 320 ||
                h < 240 || w > 8192 || h > 8192)
                return usage_error("--size wants WxH between 320x240 and 8192x8192", v);
            o->w = w;
            o->h = h;
            o->size_given = 1;
        } else if (!strcmp(a, "--lang")) {
            NEED();
            if (!strcmp(v, "nl"))
                o->lang = VZ_NL;
            else if (!strcmp(v, "en"))
                o->lang = VZ_EN;
            else
                return usage_error("--lang is nl or en", v);
        } else if (!strcmp(a, "--seed")) {
            NEED();
            char *end;
            errno = 0;
            long long s = strtoll(v, &end, 10);
            if (errno || *end || s < 0)
                return usage_error("--seed wants a number >= 0", v);
            o->seed = s;
        } else if (!strcmp(a, "--bench")) {
            NEED();
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 1000000)
                return usage_error("--bench wants a frame count", v);
            o->bench = n;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option", a);
        } else if (o->nscen < 2) {
            o->scen[o->nscen++] = a;
        } else {
            return usage_error("at most two scenarios (A and B)", a);
        }
#undef NEED
    }
    if (o->nscen == 0)
        return usage_error("no scenario given", NULL);
    if ((o->png != NULL) + (o->frames != NULL) + (o->video != NULL) + (o->bench > 0) > 1)
        return usage_error("--png, --frames, --video and --bench exclude each other", NULL);
    if (o->video && !o->every_given)
        o->every_h = 168.0;
    if (o->at && !o->png)
        return usage_error("--at goes with --png", NULL);
    return 0;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* bbview-NAME[-vs-NAME]-DATE[-K].png in the current directory, for the
 * panels on screen; K counts up so that no earlier picture is replaced. */
static void out_name(char *buf, size_t n, const vz_app *a)
{
    char date[16], base[300];
    int idx[2];
    int np = vz_app_visible(a, idx);
    bb_date_format(a->pan[idx[0]].now.day, date);
    if (np == 2)
        snprintf(base, sizeof base, "bbview-%s-vs-%s-%s", bb_scenario_name(a->pan[0].sc),
                 bb_scenario_name(a->pan[1].sc), date);
    else
        snprintf(base, sizeof base, "bbview-%s-%s", bb_scenario_name(a->pan[idx[0]].sc), date);
    snprintf(buf, n, "%s.png", base);
    for (int k = 2; k < 1000; k++) {
        FILE *f = fopen(buf, "rb");
        if (!f)
            return;
        fclose(f);
        snprintf(buf, n, "%s-%d.png", base, k);
    }
}

/* The steps of --frames and --video: from the start to the end every
 * o->every_h hours, each picture written by put (0, or -1 to stop). */
static int steps(const opts *o, vz_app *a, vz_offscreen *off,
                 int (*put)(void *ud, SDL_Surface *s, int k, char *err, size_t errn), void *ud,
                 int *nframes)
{
    char err[512];
    double end = vz_app_horizon(a);
    int k = 0;
    for (double t = 0;; t = fmin(t + o->every_h, end)) {
        if (vz_app_run_to(a, t) == BB_RUN_LIMIT) {
            fprintf(stderr, "bbview: %s\n", a->error);
            return BB_ERR_RUN;
        }
        if (put(ud, vz_offscreen_draw(off, a), k++, err, sizeof err)) {
            fprintf(stderr, "bbview: %s\n", err);
            return BB_ERR_RUN;
        }
        if (t >= end)
            break;
    }
    *nframes = k;
    return BB_OK;
}

static int put_png(void *ud, SDL_Surface *s, int k, char *err, size_t errn)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/frame-%04d.png", (const char *)ud, k);
    return vz_png_write(s, path, err, errn);
}

static int put_video(void *ud, SDL_Surface *s, int k, char *err, size_t errn)
{
    (void)k;
    return vz_video_frame(ud, s, err, errn);
}

/* --png, --frames, --video and --bench: the software renderer into a
 * surface. */
static int headless(const opts *o, vz_app *a)
{
    char err[512];
    vz_offscreen off;
    a->paused = 1;
    a->still = 1;
    a->w = o->w;
    a->h = o->h;
    if (a->bands && !o->bench) {
        vz_bands_wait(a->bands); /* the same picture every time: all of them */
        if (vz_bands_state(a->bands, err, sizeof err) < 0)
            fprintf(stderr, "bbview: no bands: %s\n", err);
    }
    if (vz_offscreen_open(&off, o->w, o->h, err, sizeof err)) {
        fprintf(stderr, "bbview: %s\n", err);
        return BB_ERR_RUN;
    }
    int rc = BB_OK;
    if (o->png) {
        double t = vz_app_horizon(a);
        if (o->at) {
            int day;
            if (bb_date_parse(o->at, &day)) {
                vz_offscreen_close(&off);
                return usage_error("--at wants a date YYYY-MM-DD", o->at);
            }
            t = (day - bb_scenario_start_day(a->pan[0].sc)) * 24.0;
            if (t < 0 || t > vz_app_horizon(a)) {
                vz_offscreen_close(&off);
                return usage_error("--at is outside the scenario's run.start .. run.end", o->at);
            }
        }
        if (vz_app_run_to(a, t) == BB_RUN_LIMIT) {
            fprintf(stderr, "bbview: %s\n", a->error);
            rc = BB_ERR_RUN;
        } else if (vz_png_write(vz_offscreen_draw(&off, a), o->png, err, sizeof err)) {
            fprintf(stderr, "bbview: %s\n", err);
            rc = BB_ERR_RUN;
        }
    } else if (o->frames) {
        bb_errors e;
        bb_errors_init(&e);
        if (bb_mkdirs(o->frames, &e)) {
            for (int i = 0; i < e.n; i++)
                fprintf(stderr, "bbview: %s\n", e.msg[i]);
            bb_errors_free(&e);
            vz_offscreen_close(&off);
            return BB_ERR_RUN;
        }
        bb_errors_free(&e);
        int k = 0;
        rc = steps(o, a, &off, put_png, (void *)o->frames, &k);
        if (rc == BB_OK)
            fprintf(stderr, "bbview: wrote %d frames to %s\n", k, o->frames);
    } else if (o->video) {
        vz_video v;
        int k = 0;
        if (vz_video_open(&v, o->video, o->w, o->h, 30, err, sizeof err)) {
            fprintf(stderr, "bbview: %s\n", err);
            rc = BB_ERR_RUN;
        } else {
            rc = steps(o, a, &off, put_video, &v, &k);
            if (vz_video_close(&v, rc == BB_OK, err, sizeof err) != 0) {
                if (rc == BB_OK)
                    fprintf(stderr, "bbview: %s\n", err);
                rc = BB_ERR_RUN;
            }
            if (rc == BB_OK)
                fprintf(stderr, "bbview: wrote %d frames (%.1f s) to %s\n", k, k / 30.0, o->video);
        }
    } else { /* --bench: one simulated week per frame, as at a year a second */
        double t_step = 0, t_draw = 0, worst = 0;
        for (long i = 0; i < o->bench; i++) {
            if (vz_app_now(a) >= vz_app_horizon(a))
                vz_app_restart(a);
            double t0 = seconds();
            vz_app_run_to(a, vz_app_now(a) + 168.0);
            double t1 = seconds();
            vz_offscreen_draw(&off, a);
            double t2 = seconds();
            t_step += t1 - t0;
            t_draw += t2 - t1;
            if (t2 - t0 > worst)
                worst = t2 - t0;
        }
        double n = (double)o->bench;
        printf("bbview bench: %ld frames at %dx%d%s, software renderer, one simulated week per "
               "frame\n",
               o->bench, o->w, o->h, a->room ? " (room view)" : "");
        printf("  step %.2f ms + draw %.2f ms = %.2f ms per frame (worst %.2f ms), %.0f fps\n",
               1e3 * t_step / n, 1e3 * t_draw / n, 1e3 * (t_step + t_draw) / n, 1e3 * worst,
               n / (t_step + t_draw));
    }
    vz_offscreen_close(&off);
    return rc;
}

/* S: the view as it is, without the help, the play state, messages or
 * the mouse's hover, into bbview-NAME-DATE.png. */
static void save_png(vz_app *a, int w, int h)
{
    char err[512] = "", name[512], msg[700];
    vz_offscreen off;
    int still = a->still, help = a->help, in = a->mouse_in;
    a->still = 1;
    a->help = 0;
    a->mouse_in = 0;
    int ok = 0;
    if (vz_offscreen_open(&off, w, h, err, sizeof err) == 0) {
        out_name(name, sizeof name, a);
        ok = vz_png_write(vz_offscreen_draw(&off, a), name, err, sizeof err) == 0;
        vz_offscreen_close(&off);
    }
    a->still = still;
    a->help = help;
    a->mouse_in = in;
    if (ok) {
        snprintf(msg, sizeof msg, "%s %s", vz_tr(a->lang, T_SAVED), name);
        vz_app_toast(a, msg);
        fprintf(stderr, "bbview: saved %s\n", name);
        return;
    }
    vz_app_toast(a, err);
    fprintf(stderr, "bbview: %s\n", err);
}

/* The view's size: the renderer's output in real pixels (more than the
 * window's size on a high-density display); the mouse is scaled to it. */
static void fit_view(SDL_Window *win, SDL_Renderer *r, vz_app *a, double *mscale)
{
    int ow, oh, ww, wh;
    SDL_GetRendererOutputSize(r, &ow, &oh);
    SDL_GetWindowSize(win, &ww, &wh);
    a->w = ow;
    a->h = oh;
    *mscale = ww > 0 ? (double)ow / ww : 1.0;
}

/* Mouse coordinates from window points to the view's pixels. */
static void scale_mouse(SDL_Event *e, double f)
{
    if (f == 1.0)
        return;
    if (e->type == SDL_MOUSEMOTION) {
        e->motion.x = (int)lround(e->motion.x * f);
        e->motion.y = (int)lround(e->motion.y * f);
    } else if (e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP) {
        e->button.x = (int)lround(e->button.x * f);
        e->button.y = (int)lround(e->button.y * f);
    }
}

static int window(const opts *o, vz_app *a)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "bbview: cannot open a window (%s); --png FILE renders without one\n",
                SDL_GetError());
        return BB_ERR_RUN;
    }
    /* With no display SDL falls back to a window nobody can see; unless
     * that was asked for (SDL_VIDEODRIVER), say so and stop. */
    const char *drv = SDL_GetCurrentVideoDriver();
    const char *asked = getenv("SDL_VIDEODRIVER");
    if (drv && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy")) && !(asked && *asked)) {
        fprintf(stderr, "bbview: no display to open a window on (is DISPLAY set?); "
                        "--png FILE renders without one\n");
        SDL_Quit();
        return BB_ERR_RUN;
    }
    int w = o->w, h = o->h;
    SDL_Rect usable;
    if (!o->size_given && SDL_GetDisplayUsableBounds(0, &usable) == 0 &&
        (usable.w < w || usable.h < h)) {
        double f = fmin((double)usable.w / w, (double)usable.h / h) * 0.95;
        w = (int)(w * f);
        h = (int)(h * f);
    }
    char title[200];
    snprintf(title, sizeof title, "bbview \xe2\x80\x93 %s", bb_scenario_name(a->pan[0].sc));
    SDL_Window *win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                       SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!win) {
        fprintf(stderr, "bbview: cannot open a window: %s\n", SDL_GetError());
        SDL_Quit();
        return BB_ERR_RUN;
    }
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!r)
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    char err[512];
    vz_gfx *g = r ? vz_gfx_new(r, err, sizeof err) : NULL;
    if (!g) {
        fprintf(stderr, "bbview: %s\n", r ? err : SDL_GetError());
        if (r)
            SDL_DestroyRenderer(r);
        SDL_DestroyWindow(win);
        SDL_Quit();
        return BB_ERR_RUN;
    }
    double last = seconds(), mscale = 1.0;
    int full = 0, quit = 0;
    while (!quit) {
        fit_view(win, r, a, &mscale);
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
            scale_mouse(&e, mscale);
            int act = vz_app_event(a, &e);
            if (act & VZ_ACT_QUIT)
                quit = 1;
            if (act & VZ_ACT_FULLSCREEN) {
                full = !full;
                SDL_SetWindowFullscreen(win, full ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
                a->room = full ? 1 : o->room; /* full screen: the room view */
            }
            if (act & VZ_ACT_SAVE)
                save_png(a, a->w, a->h);
        }
        fit_view(win, r, a, &mscale);
        double now = seconds();
        vz_app_tick(a, now - last);
        last = now;
        vz_draw(g, a, a->w, a->h);
        SDL_RenderPresent(r);
        double spent = seconds() - now;
        if (spent < 1.0 / 60) /* no vsync (software renderer): about 60 frames a second */
            SDL_Delay((Uint32)((1.0 / 60 - spent) * 1000));
    }
    vz_gfx_free(g);
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return a->error[0] ? BB_ERR_RUN : BB_OK;
}

int main(int argc, char **argv)
{
    /* GSL reports domain errors as return values; never abort() */
    gsl_set_error_handler_off();
    opts o;
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc;

    bb_scenario *sc[2] = {NULL, NULL};
    bb_errors err;
    bb_errors_init(&err);
    for (int i = 0; i < o.nscen; i++)
        if (bb_scenario_load(o.scen[i], NULL, 0, &sc[i], &err) != BB_OK)
            rc = BB_ERR_INPUT;
    if (rc) {
        for (int i = 0; i < err.n; i++)
            fprintf(stderr, "%s\n", err.msg[i]);
        if (err.dropped)
            fprintf(stderr, "bbview: ... and %d more messages (%d in all)\n", err.dropped,
                    err.n + err.dropped);
        bb_errors_free(&err);
        for (int i = 0; i < 2; i++)
            bb_scenario_free(sc[i]);
        return rc;
    }
    bb_errors_free(&err);

    if (TTF_Init() != 0) {
        fprintf(stderr, "bbview: cannot start SDL_ttf: %s\n", TTF_GetError());
        for (int i = 0; i < 2; i++)
            bb_scenario_free(sc[i]);
        return BB_ERR_RUN;
    }
    uint64_t seed = o.seed >= 0 ? (uint64_t)o.seed : bb_scenario_seed(sc[0]);
    vz_app *a = malloc(sizeof *a);
    if (!a || vz_app_init(a, sc[0], sc[1], seed, o.lang)) {
        fprintf(stderr, "bbview: out of memory\n");
        free(a);
        rc = BB_ERR_RUN;
    } else {
        if (o.nscen == 2)
            a->show = VZ_SHOW_BOTH;
        a->room = o.room;
        if (o.bands && !(a->bands = vz_bands_start(sc[0], sc[1], seed, o.bands, 2)))
            fprintf(stderr, "bbview: cannot start the replications for --bands\n");
        if (o.png || o.frames || o.video || o.bench)
            rc = headless(&o, a);
        else
            rc = window(&o, a);
        vz_app_free(a);
        free(a);
    }
    TTF_Quit();
    for (int i = 0; i < 2; i++)
        bb_scenario_free(sc[i]);
    return rc;
}
