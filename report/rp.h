/*
 * rp.h - the report's private header: the CSV tables it reads, the data
 * of the folders (scenarios, yearly rows, budget rows), the words and
 * number formats, the drawing context and the pages.
 *
 *   csv.c       a careful reader of bbsim's own CSV (rp_csv_)
 *   load.c      the folders: which files, the scenario files, the tables
 *   data.c      looking figures up, the years, scenario names and styles
 *   text.c      Dutch and English words; numbers in Dutch or English format
 *   draw.c      cairo and pango: text, lines, bars, patterns, the page frame
 *   chart.c     a chart over the years: axes, bars, points, intervals, lines
 *   page_*.c    one file per kind of page
 *   report.c    rp_report: the pages in order, into the PDF and the PNGs
 *
 * Everything is drawn on a page of 1920 x 1080 units (the PNG's pixels;
 * the PDF page is 960 x 540 pt, half of that), so type sizes are those of
 * ../shared/design/view.md at 1080 lines.
 */
#ifndef BB_RP_H
#define BB_RP_H

#include "bbsim.h"
#include "report.h"
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- limits ---- */

#define RP_MAX_DIRS 8     /* output folders of one report */
#define RP_MAX_SCEN 8     /* scenarios of one report (over all folders) */
#define RP_MAX_YEARS 40   /* calendar years a chart shows */
#define RP_MAX_LINES 16   /* budget lines of one scenario */
#define RP_MAX_FILE (512L << 20) /* the largest CSV read (bands.csv of a long run) */

/* ---- csv.c: one CSV file, as bbsim writes it ---- */

/* Fields are unquoted, or quoted with '"' (a quote doubled inside) when
 * they hold a comma, a quote or a line break (sim/output.c bb_csv_str);
 * every record ends with '\n'; every record has the header's field
 * count. Cells point into one buffer owned by the table. */
typedef struct rp_csv {
    char *path;       /* for messages */
    int ncols, nrows; /* nrows: without the header */
    char **head;      /* ncols names */
    char **cell;      /* nrows x ncols */
    int *line;        /* the line each row starts on, for messages */
    char *buf;
} rp_csv;

/* Read path. Returns 0; 1 when the file does not exist (nothing in err);
 * -1 when it cannot be read or is not well-formed CSV (err has
 * "path:line: what"). Free with rp_csv_free either way. */
int rp_csv_read(const char *path, rp_csv *t, bb_errors *err);
void rp_csv_free(rp_csv *t);
/* The column named name, or -1. */
int rp_csv_col(const rp_csv *t, const char *name);
/* Look up the columns named in names (NULL-terminated) into idx; a
 * missing one is an error naming the file. Returns 0 or -1. */
int rp_csv_need(const rp_csv *t, const char *const *names, int *idx, bb_errors *err);
static inline const char *rp_cell(const rp_csv *t, int row, int col)
{
    return t->cell[(size_t)row * (size_t)t->ncols + (size_t)col];
}
/* A number field: empty gives NAN (undefined); anything but a whole
 * finite number (strtod) is an error "path:line: column C: ...". */
int rp_csv_num(const rp_csv *t, int row, int col, double *v, bb_errors *err);
/* A whole number in [lo, hi] (not empty). */
int rp_csv_int(const rp_csv *t, int row, int col, long lo, long hi, long *v, bb_errors *err);

/* ---- load.c, data.c: the folders' outputs ---- */

/* A figure and its 95% interval; the paired difference against the
 * report's first scenario (compare only). NAN when undefined or absent. */
typedef struct rp_val {
    double mean, lo, hi;
    int reps;             /* -1: no such row */
    double dmean, dlo, dhi;
    int dsig;             /* 1 interval excludes 0, 0 it does not, -1 no difference */
} rp_val;

/* One row of yearly.csv (year > 0) or summary.csv (year 0). */
typedef struct rp_row {
    int k;                /* the report's scenario */
    int year;
    const char *metric, *group;
    rp_val v;
} rp_row;

/* One row of budget.csv. */
typedef struct rp_brow {
    int k;                /* the report's scenario */
    int year;
    const char *line, *label, *status;
    double budget, cost, lo, hi, gap;
} rp_brow;

typedef struct rp_scen {
    const char *name;             /* the scenario's name (rows are found by it) */
    char *title, *title_nl, *desc; /* title, Dutch title, description; may be NULL */
    char *cfg;                    /* the scenario file it was read from */
    char version[32];             /* of the bbsim that ran it, from its comment */
    long long seed;
    long reps;
    char start[16], end[16];      /* run.start, run.end */
    double target_h[2][2];        /* [acute][first action]: hours; NAN: none */
    double cap_fte, acute_cap_fte; /* basic_units: the borrowing limits (NAN: none) */
    int nlines;                   /* budget_lines of the scenario */
    int folder;                   /* the folder it comes from */
    bool paired;                  /* its rows carry the paired difference against scenario 0 */
    int nprov;
    char *prov_id[BB_MAX_PROVIDERS], *prov_label[BB_MAX_PROVIDERS];
} rp_scen;

typedef struct rp_folder {
    char *dir;
    bool compare;                 /* written by bbsim compare */
    rp_csv yearly, summary, budget, bands; /* budget, bands: nrows 0 when absent */
    char *rerun;                  /* the command that makes the folder's outputs again */
} rp_folder;

typedef struct rp_data {
    rp_folder f[RP_MAX_DIRS];
    int nf;
    rp_scen s[RP_MAX_SCEN];
    int ns;
    rp_row *row;                  /* every yearly and summary row, of every folder */
    int nrow;
    int *hash, nhash;             /* index of row by scenario, year, metric, group */
    rp_brow *brow;
    int nbrow;
    int y0, y1;                   /* the calendar years of yearly.csv */
    bool paired;                  /* every scenario after the first has the difference */
    bool bands;                   /* every folder has bands.csv */
    int lang;
    const char *command;
} rp_data;

/* Read the folders. Returns BB_OK, BB_ERR_INPUT (messages in err: which
 * file is missing and which command makes it, or where a file is
 * corrupt) or BB_ERR_RUN. Free with rp_data_free either way. */
int rp_load(rp_data *d, const char *const *dirs, int ndirs, bb_errors *err);
void rp_data_free(rp_data *d);
/* load.c's index, built once the rows are in (data.c). */
int rp_index(rp_data *d);

/* The figure of scenario k, year (0: the whole run, summary.csv), metric
 * and group; reps -1 and NANs when there is no such row. */
rp_val rp_get(const rp_data *d, int k, int year, const char *metric, const char *group);
/* True when any scenario has a row of that metric (any year, any group). */
bool rp_has_metric(const rp_data *d, const char *metric);
/* The budget.csv rows of scenario k and year (at most max), in file order. */
int rp_budget_rows(const rp_data *d, int k, int year, const rp_brow **out, int max);
/* A scenario's name in words: its title, else its name. */
const char *rp_scen_title(const rp_data *d, int k);
/* The title's short form (the part before a colon) into buf. */
const char *rp_scen_short(const rp_data *d, int k, char *buf, size_t n);
/* The label of a provider id in scenario k's file, or NULL. */
const char *rp_prov_label(const rp_data *d, int k, const char *id);

/* ---- text.c: words and numbers ---- */

/* The words, Dutch and English, by key (text.c's table); "?" for an
 * unknown key. */
const char *rp_tr(int lang, const char *key);
/* A group of the outputs (a stage, a provider, a reason) in words; the
 * provider's label in the scenario file, else the id, for the unknown. */
const char *rp_group_word(const rp_data *d, const char *group, char *buf, size_t n);
/* Numbers with thousands separators: "1.234,5" (nl) or "1,234.5" (en);
 * an en dash for NAN. rp_fmt_sig: to the given significant digits (at
 * least 0 decimals). */
void rp_fmt_num(char *buf, size_t n, double v, int decimals, int lang);
void rp_fmt_sig(char *buf, size_t n, double v, int sig, int lang);
/* A share as a percentage: "62%" (decimals 0) or "62,8%". */
void rp_fmt_pct(char *buf, size_t n, double share, int decimals, int lang);
/* Euro amounts: "€ 22,8 mln" (nl), "€22.8m" (en); mln only: "22,8". */
void rp_fmt_eur(char *buf, size_t n, double eur, int lang);
/* A number with its sign, "+1,5" or "−1,5" (a real minus sign). */
void rp_fmt_signed(char *buf, size_t n, double v, int decimals, int lang);

/* ---- draw.c: the drawing context ---- */

#define RP_W 1920.0
#define RP_H 1080.0

/* Type sizes (view.md at 1080 lines) and line widths. */
#define RP_PX_TITLE 40.0
#define RP_PX_NUMBER 36.0
#define RP_PX_LABEL 22.0
#define RP_PX_TICK 18.0
#define RP_LINE 3.0

/* Colours (Okabe-Ito, one meaning each: view.md). */
#define RP_C_INFO 0x56B4E9u     /* information gathering */
#define RP_C_ADVICE 0x0072B2u   /* assessment and advice */
#define RP_C_DECISION 0xCC79A7u /* decision */
#define RP_C_OWN 0x009E73u      /* own capacity in use; within target; better */
#define RP_C_WAIT 0xE69F00u     /* waiting, unprotected */
#define RP_C_BORROW 0xD55E00u   /* borrowed from basic units; worse */
#define RP_C_INK 0x000000u      /* text, axes, the capacity line */
#define RP_C_GREY 0x6E6E6Eu     /* secondary text, no difference */
#define RP_C_GRID 0xDDDDDDu     /* grid lines */
#define RP_C_EVENT 0xF0E442u    /* events */

enum { RP_LEFT = 0, RP_CENTER = 1, RP_RIGHT = 2 };   /* horizontal anchor */
#define RP_BOLD 4
#define RP_MIDDLE 8  /* vertical: y is the middle of the text, else its top */
#define RP_BOTTOM 16 /* y is the bottom of the text */

typedef struct rp_gc {
    cairo_t *cr;
    PangoLayout *lay;
    PangoFontDescription *font;
    const rp_data *d;
    int lang;
    int page, npages;
    const char *const *toc; /* the title of every page, for the title page */
} rp_gc;

int rp_gc_init(rp_gc *g, cairo_t *cr, const rp_data *d);
void rp_gc_free(rp_gc *g);
const char *rp_w(const rp_gc *g, const char *key); /* rp_tr in the report's language */

void rp_rgb(rp_gc *g, unsigned rgb);
/* Text at (x, y) with the anchor flags; returns its width. */
double rp_text(rp_gc *g, double x, double y, double px, int flags, unsigned rgb, const char *s);
double rp_text_width(rp_gc *g, double px, int flags, const char *s);
/* The height of text wrapped to width w. */
double rp_para_height(rp_gc *g, double w, double px, int flags, const char *s);
/* Text wrapped to width w from (x, y) top; returns its height. */
double rp_para(rp_gc *g, double x, double y, double w, double px, int flags, unsigned rgb,
               const char *s);
void rp_line(rp_gc *g, double x0, double y0, double x1, double y1, double width, unsigned rgb);
void rp_dashed(rp_gc *g, double x0, double y0, double x1, double y1, double width, unsigned rgb);
void rp_rect(rp_gc *g, double x, double y, double w, double h, unsigned rgb);
/* A filled shape in the style of scenario k: 0 solid, 1 hatched, 2 a
 * light tint, 3 cross-hatched; outlined in the colour. */
void rp_styled_rect(rp_gc *g, double x, double y, double w, double h, unsigned rgb, int k);
/* A point marker of scenario k (circle, square, triangle, diamond). */
void rp_marker(rp_gc *g, double x, double y, double r, unsigned rgb, int k);
/* The frame of a page: title, the question it answers, the footnote
 * (how to read it, where the figures come from), the page number. The
 * area left for the charts is returned in *top and *bottom. */
void rp_frame(rp_gc *g, const char *title, const char *question, const char *note,
              const char *source, double *top, double *bottom);
/* The legend of the scenarios (their styles) at y, from x; returns the
 * x after it. With rgb the colour of the swatches. */
double rp_scen_legend(rp_gc *g, double x, double y, unsigned rgb);
/* One swatch with its words; returns the x after it. */
double rp_legend_item(rp_gc *g, double x, double y, unsigned rgb, int style, const char *s);
/* A message instead of a chart (a file or a figure that is not there). */
void rp_missing(rp_gc *g, double x, double y, double w, double h, const char *s);

/* ---- chart.c: a chart over the years ---- */

typedef struct rp_chart {
    double rpad;            /* room right of the plot for reference labels (set before init) */
    const char *unit;       /* a line under the title (set before init), or NULL */
    double x, y, w, h;      /* the plot area (inside the axes) */
    double lo, hi;          /* the y range */
    double step;            /* between y ticks */
    int y0, ny;             /* the years */
    int nk;                 /* the scenarios side by side in a year */
} rp_chart;

/* Lay out a chart in the box (x, y, w, h) with a title above (c->rpad
 * set first, or 0: the room kept right of the plot): the y range
 * from 0 (or lo when negative) to hi with round ticks; draws the title,
 * grid, y ticks (formatted with decimals, or in the unit), the years. */
void rp_chart_init(rp_gc *g, rp_chart *c, double x, double y, double w, double h,
                   const char *title, double lo, double hi, int nk);
/* The x of scenario k's bar in year index i, and a bar's width. */
double rp_chart_x(const rp_chart *c, int i, int k);
double rp_chart_bw(const rp_chart *c);
double rp_chart_y(const rp_chart *c, double v);
/* A bar from a to b (scenario k's style), its interval, a point, a
 * horizontal reference line with its word and value right of the plot. */
void rp_chart_bar(rp_gc *g, const rp_chart *c, int i, int k, double a, double b, unsigned rgb);
void rp_chart_ci(rp_gc *g, const rp_chart *c, int i, int k, double lo, double hi, unsigned rgb);
void rp_chart_point(rp_gc *g, const rp_chart *c, int i, int k, double v, unsigned rgb);
void rp_chart_ref(rp_gc *g, const rp_chart *c, double v, const char *word, const char *value,
                  bool dashed);
/* A value written above (or inside) scenario k's bar. */
void rp_chart_label(rp_gc *g, const rp_chart *c, int i, int k, double v, const char *s);
/* The largest of the values' interval tops (or means), for a range. */
double rp_top(const rp_val *v, int n);
/* Round ticks: the step (1, 2 or 5 x 10^k) for at most max ticks over span. */
double rp_nice_step(double span, int max);

/* ---- the pages (page_*.c) ---- */

void rp_page_title(rp_gc *g);
void rp_page_lead(rp_gc *g);
void rp_page_backlog(rp_gc *g);
void rp_page_borrow(rp_gc *g);
void rp_page_bottleneck(rp_gc *g);
void rp_page_cost(rp_gc *g);
void rp_page_never(rp_gc *g);
void rp_page_weekly(rp_gc *g);
void rp_page_diff(rp_gc *g, int k);

#endif
