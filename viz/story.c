/*
 * story.c - headlines over their windows, B minus A, events grouped per
 * date with their captions, and caption wrapping (see story.h). Pure: no
 * SDL, no state.
 */
#include "story.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const bb_state *vz_sample_at(const bb_state *s, int n, double t)
{
    if (n <= 0)
        return NULL;
    int lo = 0, hi = n - 1; /* the last index with s[i].t <= t */
    if (s[0].t > t)
        return &s[0];
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (s[mid].t <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return &s[lo];
}

double vz_borrow_limit(const bb_state *st)
{
    return st->borrow_limit_fte < 1e5 ? st->borrow_limit_fte : NAN;
}

int vz_borrow_binds(const bb_state *st) { return st->borrow_unmet_fte > 0.01; }

void vz_headline_compute(vz_headline *h, const bb_scenario *sc, const bb_state *s, int n,
                         const bb_state *now)
{
    memset(h, 0, sizeof *h);
    h->protected_now = now->protected_now;
    h->waiting = now->waiting_unprotected;
    h->borrowed = now->borrowed_fte;
    h->limit = vz_borrow_limit(now);
    h->unmet = now->borrow_unmet_fte;
    h->fte_years = now->borrowed_fte_years;
    h->cost_to_date = now->cost_to_date;

    const bb_state *a = vz_sample_at(s, n, now->t - VZ_NORM_WINDOW_H + 1e-6);
    if (!a || a->t > now->t)
        a = now;
    h->norm_window_h = now->t - a->t;
    for (int k = 0; k < 2; k++) {
        long due = now->due[k] - a->due[k], in = now->within[k] - a->within[k];
        h->norm_due[k] = due;
        h->norm_share[k] = due > 0 ? (double)in / (double)due : NAN;
    }

    const bb_state *c = vz_sample_at(s, n, now->t - VZ_COST_WINDOW_H + 1e-6);
    if (!c || c->t > now->t)
        c = now;
    h->cost_window_h = now->t - c->t;
    h->cost = now->cost_to_date - c->cost_to_date;
    h->line_cost = now->line_cost_to_date - c->line_cost_to_date;
    h->budget = sc ? bb_scenario_budget(sc, c->t, now->t) : 0;
}

static int sign_better(double d, double same, int lower_is_better)
{
    if (!isfinite(d) || fabs(d) < same)
        return 0;
    return (d < 0) == (lower_is_better != 0) ? 1 : -1;
}

void vz_headline_diff(const vz_headline *a, const vz_headline *b, vz_diff out[VZ_DIFFS])
{
    out[VZ_DIFF_WAITING].d = (double)b->waiting - (double)a->waiting;
    out[VZ_DIFF_WAITING].better = sign_better(out[VZ_DIFF_WAITING].d, 0.5, 1);
    double n = (b->norm_share[1] - a->norm_share[1]) * 100.0;
    out[VZ_DIFF_NORM].d = isfinite(n) ? n : NAN;
    out[VZ_DIFF_NORM].better = sign_better(n, 0.05, 0);
    out[VZ_DIFF_BORROWED].d = b->borrowed - a->borrowed;
    out[VZ_DIFF_BORROWED].better = sign_better(out[VZ_DIFF_BORROWED].d, 0.5, 1);
    out[VZ_DIFF_COST].d = b->cost - a->cost;
    out[VZ_DIFF_COST].better = sign_better(out[VZ_DIFF_COST].d, 5e4, 1);
}

/* ------------------------------------------------------------------ */
/* events per date                                                     */
/* ------------------------------------------------------------------ */

typedef struct ord {
    int day, arrival, idx;
    double t;
} ord;

static int ord_cmp(const void *x, const void *y)
{
    const ord *a = x, *b = y;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    if (a->arrival != b->arrival)
        return a->arrival - b->arrival;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->idx - b->idx;
}

static int day_of(double t) { return (int)floor(t / 24.0 + 1e-9); }

int vz_events_group(vz_event *ev, int *nev, vz_group *g, int maxg)
{
    int n = *nev;
    if (n <= 0) {
        *nev = 0;
        return 0;
    }
    ord *o = malloc((size_t)n * sizeof *o);
    vz_event *tmp = malloc((size_t)n * sizeof *tmp);
    if (!o || !tmp) {
        free(o);
        free(tmp);
        *nev = 0;
        return 0;
    }
    for (int i = 0; i < n; i++) {
        o[i].day = day_of(ev[i].t);
        o[i].arrival = ev[i].kind == 'a';
        o[i].idx = i;
        o[i].t = ev[i].t;
    }
    qsort(o, (size_t)n, sizeof *o, ord_cmp);
    /* sorted, the same text of one date and class merged into one event */
    int k = 0;
    for (int i = 0; i < n; i++) {
        const vz_event *e = &ev[o[i].idx];
        int same = -1;
        for (int j = k - 1; j >= 0 && day_of(tmp[j].t) == o[i].day; j--)
            if ((tmp[j].kind == 'a') == o[i].arrival && !strcmp(tmp[j].text, e->text)) {
                same = j;
                break;
            }
        if (same >= 0 && !(tmp[same].panels & e->panels))
            tmp[same].panels |= e->panels;
        else
            tmp[k++] = *e;
    }
    memcpy(ev, tmp, (size_t)k * sizeof *ev);
    *nev = k;
    free(o);
    free(tmp);
    int ng = 0;
    for (int i = 0; i < k; i++) {
        int d = day_of(ev[i].t), arr = ev[i].kind == 'a';
        if (ng > 0 && g[ng - 1].day == d && g[ng - 1].arrival == arr) {
            g[ng - 1].n++;
            g[ng - 1].panels |= ev[i].panels;
            continue;
        }
        if (ng == maxg)
            break;
        g[ng].t = ev[i].t;
        g[ng].day = d;
        g[ng].first = i;
        g[ng].n = 1;
        g[ng].arrival = arr;
        g[ng].panels = ev[i].panels;
        ng++;
    }
    return ng;
}

/* The length of a text's prefix up to and with ": " (0: none). */
static size_t prefix_len(const char *s)
{
    const char *c = strstr(s, ": ");
    return c && c - s <= 40 ? (size_t)(c - s) + 2 : 0;
}

static void append(char *dst, size_t n, const char *s)
{
    size_t k = strlen(dst);
    if (k + 1 < n)
        snprintf(dst + k, n - k, "%s", s);
}

/* The " (...)" a text ends with, as an offset into it; -1 when none. */
static int suffix_at(const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || s[n - 1] != ')')
        return -1;
    const char *o = strrchr(s, '(');
    return o && o > s + 1 && o[-1] == ' ' ? (int)(o - s) - 1 : -1;
}

int vz_group_items(const vz_event *ev, const vz_group *g, int two, char (*items)[192], int maxi,
                   char *common, size_t ncommon)
{
    int ni = 0;
    int used[256] = {0};
    int n = g->n < 256 ? g->n : 256;
    /* the common suffix */
    int cut = -1;
    const char *first = ev[g->first].text;
    int k0 = suffix_at(first);
    if (n >= 2 && k0 >= 0) {
        cut = 1;
        for (int i = 1; i < n && cut; i++) {
            const char *t = ev[g->first + i].text;
            int k = suffix_at(t);
            cut = k >= 0 && !strcmp(t + k, first + k0);
        }
    }
    if (common && ncommon)
        snprintf(common, ncommon, "%s", cut == 1 ? first + k0 + 1 : "");
    for (int i = 0; i < n && ni < maxi; i++) {
        if (used[i])
            continue;
        const vz_event *e = &ev[g->first + i];
        char text[VZ_EVENT_TEXT];
        snprintf(text, sizeof text, "%.*s", cut == 1 ? suffix_at(e->text) : (int)strlen(e->text),
                 e->text);
        char *it = items[ni++];
        it[0] = 0;
        if (two && e->panels != 3)
            append(it, 192, e->panels == 2 ? "B: " : "A: ");
        append(it, 192, text);
        size_t p = prefix_len(text);
        if (!p)
            continue;
        /* later events with the same prefix (and panels) join this item */
        for (int j = i + 1; j < n; j++) {
            const vz_event *f = &ev[g->first + j];
            char ft[VZ_EVENT_TEXT];
            snprintf(ft, sizeof ft, "%.*s", cut == 1 ? suffix_at(f->text) : (int)strlen(f->text),
                     f->text);
            if (used[j] || f->panels != e->panels || prefix_len(ft) != p || strncmp(ft, text, p))
                continue;
            used[j] = 1;
            append(it, 192, "; ");
            append(it, 192, ft + p);
        }
    }
    return ni;
}

/* ------------------------------------------------------------------ */
/* wrapping                                                            */
/* ------------------------------------------------------------------ */

typedef struct wrap {
    char (*lines)[256];
    int maxl, nl;
    char cur[256];
    int w;
    vz_measure_fn width;
    void *ud;
} wrap;

static void flush(wrap *W)
{
    if (!W->cur[0])
        return;
    if (W->nl < W->maxl)
        snprintf(W->lines[W->nl], 256, "%s", W->cur);
    W->nl++;
    W->cur[0] = 0;
}

/* Add `s` to the line after separator `sep` if it fits, else start a new
 * line with it. */
static void put(wrap *W, const char *sep, const char *s)
{
    char cand[512];
    snprintf(cand, sizeof cand, "%s%s%s", W->cur, W->cur[0] ? sep : "", s);
    size_t n = strlen(cand);
    if (!W->cur[0] || (n < sizeof W->cur && W->width(W->ud, cand) <= W->w)) {
        if (n >= sizeof W->cur)
            n = sizeof W->cur - 1; /* a single word longer than a line: cut */
        memcpy(W->cur, cand, n);
        W->cur[n] = 0;
        return;
    }
    flush(W);
    snprintf(W->cur, sizeof W->cur, "%.*s", (int)sizeof W->cur - 1, s);
}

int vz_wrap(const char *head, char (*items)[192], int ni, int w, vz_measure_fn width, void *ud,
            char (*lines)[256], int maxl)
{
    wrap W = {lines, maxl, 0, "", w, width, ud};
    if (head && *head)
        put(&W, "", head);
    for (int i = 0; i < ni; i++) {
        const char *sep = i == 0 ? " " : " \xc2\xb7 ";
        char cand[512];
        snprintf(cand, sizeof cand, "%s%s%s", W.cur, W.cur[0] ? sep : "", items[i]);
        if (width(ud, items[i]) <= w || width(ud, cand) <= w) {
            put(&W, sep, items[i]);
            continue;
        }
        /* too long for a line of its own: word by word */
        char buf[192];
        snprintf(buf, sizeof buf, "%s", items[i]);
        const char *s = sep;
        char *save = NULL;
        for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
            put(&W, s, tok);
            s = " ";
        }
    }
    flush(&W);
    return W.nl;
}

/* ------------------------------------------------------------------ */
/* quantiles                                                           */
/* ------------------------------------------------------------------ */

static int dcmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b ? 1 : 0;
}

double vz_quantile(double *v, int n, double q)
{
    if (n <= 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, dcmp);
    double h = (n - 1) * fmin(1.0, fmax(0.0, q));
    int i = (int)floor(h);
    if (i >= n - 1)
        return v[n - 1];
    return v[i] + (h - i) * (v[i + 1] - v[i]);
}
