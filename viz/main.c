/*
 * main.c - bbview: the command line and the window loop of the briefing
 * view.
 *
 *   bbview SCENARIO.cfg [B.cfg]                          live, in a window
 *   bbview SCENARIO.cfg [B.cfg] --png FILE [--at DATE] [--size WxH]
 *   bbview SCENARIO.cfg [B.cfg] --frames DIR [--every 4w] [--size WxH]
 *   bbview SCENARIO.cfg [B.cfg] --bench N [--size WxH]   frame time
 *
 * Without a window (--png, --frames, --bench) the video subsystem is never
 * started: the view is drawn by the software renderer into a surface, so
 * it works with no display at all. Exit status: 0 ok, 1 failure (I/O, no
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
#include "bbsim.h"
#include "draw.h"
#include "labels.h"
#include "png.h"

static const char USAGE[] =
    "usage: bbview SCENARIO.cfg [B.cfg] [options]\n"
    "       bbview SCENARIO.cfg [B.cfg] --png FILE [--at DATE] [--size WxH]\n"
    "       bbview SCENARIO.cfg [B.cfg] --frames DIR [--every 4w] [--size WxH]\n"
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
    "  --every N{d|w|m|y}  step for --frames (default 4w)\n"
    "  --size WxH       picture or window size (default 1920x1080)\n"
    "  --lang nl|en     labels in Dutch (default) or English\n"
    "  --seed N         master seed (default: run.seed of scenario A)\n"
    "  --bench N        draw N frames of one simulated week each, headless,\n"
    "                   and print the time per frame\n"
    "\n"
    "keys in the window: space play/pause, right arrow one week, + - speed,\n"
    "Home restart, 1 2 B scenario A, B or both, Tab and up/down provider FTE,\n"
    "F full screen, S save PNG, L Dutch/English, ? help, Esc quit\n"
    "\n"
    "exit status: 0 ok, 1 failure (I/O, no display), 2 usage or scenario error\n"
    "docs: docs/view.md\n";

typedef struct opts {
    const char *scen[2];
    int nscen;
    const char *png, *frames, *at;
    double every_h;
    int w, h, size_given;
    int lang;
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
            printf("bbview %s\n", BB_VERSION);
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
        } else if (!strcmp(a, "--every")) {
            NEED();
            if (parse_every(v, &o->every_h))
                return usage_error("--every wants a step like 4w, 2m, 10d or 1y", v);
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
    if (o->png && o->frames)
        return usage_error("--png and --frames exclude each other", NULL);
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

/* --png, --frames and --bench: the software renderer into a surface. */
static int headless(const opts *o, vz_app *a)
{
    char err[512];
    vz_offscreen off;
    a->paused = 1;
    a->still = 1;
    a->w = o->w;
    a->h = o->h;
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
        double end = vz_app_horizon(a);
        int k = 0;
        for (double t = 0;; t = fmin(t + o->every_h, end)) {
            if (vz_app_run_to(a, t) == BB_RUN_LIMIT) {
                fprintf(stderr, "bbview: %s\n", a->error);
                rc = BB_ERR_RUN;
                break;
            }
            char path[4096];
            snprintf(path, sizeof path, "%s/frame-%04d.png", o->frames, k++);
            if (vz_png_write(vz_offscreen_draw(&off, a), path, err, sizeof err)) {
                fprintf(stderr, "bbview: %s\n", err);
                rc = BB_ERR_RUN;
                break;
            }
            if (t >= end)
                break;
        }
        if (rc == BB_OK)
            fprintf(stderr, "bbview: wrote %d frames to %s\n", k, o->frames);
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
        printf("bbview bench: %ld frames at %dx%d, software renderer, one simulated week per "
               "frame\n",
               o->bench, o->w, o->h);
        printf("  step %.2f ms + draw %.2f ms = %.2f ms per frame (worst %.2f ms), %.0f fps\n",
               1e3 * t_step / n, 1e3 * t_draw / n, 1e3 * (t_step + t_draw) / n, 1e3 * worst,
               n / (t_step + t_draw));
    }
    vz_offscreen_close(&off);
    return rc;
}

static void save_png(vz_app *a, int w, int h)
{
    char err[512], name[512], msg[700];
    vz_offscreen off;
    if (vz_offscreen_open(&off, w, h, err, sizeof err) == 0) {
        out_name(name, sizeof name, a);
        a->toast[0] = 0; /* not in the picture */
        if (vz_png_write(vz_offscreen_draw(&off, a), name, err, sizeof err) == 0) {
            snprintf(msg, sizeof msg, "%s %s", vz_tr(a->lang, T_SAVED), name);
            vz_app_toast(a, msg);
            fprintf(stderr, "bbview: saved %s\n", name);
            vz_offscreen_close(&off);
            return;
        }
        vz_offscreen_close(&off);
    }
    vz_app_toast(a, err);
    fprintf(stderr, "bbview: %s\n", err);
}

/* The view's size for the window: its output size, or, below the
 * layout's minimum, the minimum as a logical size that SDL scales down
 * (SDL then also maps the mouse to it). */
static void fit_view(SDL_Renderer *r, vz_app *a, int *logical)
{
    int ow, oh, vw, vh;
    SDL_GetRendererOutputSize(r, &ow, &oh); /* real pixels, also while scaling */
    if (vz_virtual_size(ow, oh, &vw, &vh)) {
        int cw, ch;
        SDL_RenderGetLogicalSize(r, &cw, &ch);
        if (cw != vw || ch != vh)
            SDL_RenderSetLogicalSize(r, vw, vh);
        *logical = 1;
    } else if (*logical) {
        SDL_RenderSetLogicalSize(r, 0, 0);
        *logical = 0;
    }
    a->w = vw;
    a->h = vh;
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
                                       SDL_WINDOW_RESIZABLE);
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
    double last = seconds();
    int full = 0, quit = 0;
    int logical = 0;
    while (!quit) {
        fit_view(r, a, &logical);
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
            int act = vz_app_event(a, &e);
            if (act & VZ_ACT_QUIT)
                quit = 1;
            if (act & VZ_ACT_FULLSCREEN) {
                full = !full;
                SDL_SetWindowFullscreen(win, full ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
            }
            if (act & VZ_ACT_SAVE)
                save_png(a, a->w, a->h);
        }
        fit_view(r, a, &logical);
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
        if (o.png || o.frames || o.bench)
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
