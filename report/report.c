/*
 * report.c - rp_report: read the folders, lay out the pages in order
 * (the title page; for a compare, each scenario's difference from the
 * first, the answer first; then lead times, backlog, borrowing, the
 * bottleneck, never protected, cost; the weeks when there are bands),
 * draw them into one PDF (cairo's PDF surface: vector, text as text) and,
 * with --png, each chart into a 1920x1080 PNG (cairo's PNG writer).
 *
 * Every file is written as bbsim writes its outputs (sim/output.c): under
 * a temporary name, renamed into place when all of them are complete, so
 * a failed report leaves the previous one or none.
 */
#include "rp.h"
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct page {
    const char *stem; /* the PNG's name after its number; NULL: not a chart (the title) */
    const char *tkey; /* its title (text.c), or NULL: the difference of scenario k */
    void (*draw)(rp_gc *g);
    void (*draw_k)(rp_gc *g, int k);
    int k;
} page;

#define MAX_PAGES (RP_MAX_SCEN + 10)

static int plan(const rp_data *d, page *p)
{
    int n = 0;
    p[n++] = (page){NULL, "report", rp_page_title, NULL, 0};
    for (int k = 1; d->paired && k < d->ns; k++)
        p[n++] = (page){"difference", NULL, NULL, rp_page_diff, k};
    p[n++] = (page){"lead-times", "t_lead", rp_page_lead, NULL, 0};
    p[n++] = (page){"backlog", "t_backlog", rp_page_backlog, NULL, 0};
    p[n++] = (page){"borrowing", "t_borrow", rp_page_borrow, NULL, 0};
    p[n++] = (page){"bottleneck", "t_bottleneck", rp_page_bottleneck, NULL, 0};
    p[n++] = (page){"never-protected", "t_never", rp_page_never, NULL, 0};
    p[n++] = (page){"cost", "t_cost", rp_page_cost, NULL, 0};
    if (d->bands)
        p[n++] = (page){"weekly", "t_weekly", rp_page_weekly, NULL, 0};
    return n;
}

/* The pages' titles, for the title page's contents. */
static void contents(const rp_data *d, const page *p, int n, char (*t)[200], const char **toc)
{
    for (int i = 0; i < n; i++) {
        if (p[i].tkey)
            snprintf(t[i], sizeof t[i], "%s", rp_tr(d->lang, p[i].tkey));
        else
        {
            char a[200], b[200];
            snprintf(t[i], sizeof t[i], "%s %s %s", rp_scen_short(d, p[i].k, a, sizeof a),
                     rp_tr(d->lang, "t_diff"), rp_scen_short(d, 0, b, sizeof b));
        }
        toc[i] = t[i];
    }
    toc[n] = NULL;
}

/* Page i of the n pages of the plan p. */
static void draw_page(rp_gc *g, const page *p, int i, int n)
{
    char t[MAX_PAGES][200];
    const char *toc[MAX_PAGES + 1];
    contents(g->d, p, n, t, toc);
    g->toc = toc;
    g->page = i + 1;
    g->npages = n;
    cairo_save(g->cr);
    if (p[i].draw)
        p[i].draw(g);
    else
        p[i].draw_k(g, p[i].k);
    cairo_restore(g->cr);
    g->toc = NULL;
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Split path into its folder ("." when none) and its file name. */
static int split(const char *path, char **dir, char **base)
{
    const char *s = strrchr(path, '/');
    *dir = s ? strndup(path, (size_t)(s - path > 0 ? s - path : 1)) : strdup(".");
    *base = strdup(s ? s + 1 : path);
    return *dir && *base && **base ? 0 : -1;
}

/* The PDF, every page, into f (opened). Returns 0 or -1. */
static int write_pdf(const rp_data *d, const page *p, int n, bb_out *f, bb_errors *err)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_file, f->f, RP_W / 2, RP_H / 2);
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, rp_tr(d->lang, "report"));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "bbsim " BB_VERSION);
#endif
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, 0.5, 0.5);
    rp_gc g;
    int rc = rp_gc_init(&g, cr, d);
    for (int i = 0; rc == 0 && i < n; i++) {
        draw_page(&g, p, i, n);
        cairo_show_page(cr);
    }
    rp_gc_free(&g);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (rc != 0 || st != CAIRO_STATUS_SUCCESS) {
        bb_errors_add(err, "%s: cannot draw the PDF: %s", f->path,
                      rc ? "no font (pango)" : cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

/* Page i as a 1920x1080 PNG into f. Returns 0 or -1. */
static int write_png(const rp_data *d, const page *p, int i, int n, bb_out *f, bb_errors *err)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)RP_W, (int)RP_H);
    cairo_t *cr = cairo_create(s);
    rp_gc g;
    int rc = rp_gc_init(&g, cr, d);
    if (rc == 0)
        draw_page(&g, p, i, n);
    rp_gc_free(&g);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (rc == 0 && st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png_stream(s, to_file, f->f);
    cairo_surface_destroy(s);
    if (rc != 0 || st != CAIRO_STATUS_SUCCESS) {
        bb_errors_add(err, "%s: cannot write the PNG: %s", f->path,
                      rc ? "no font (pango)" : cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

/* "02-difference-NAME.png": the page number, the page, the scenario. */
static void png_name(const rp_data *d, const page *p, int i, char *buf, size_t n)
{
    char nm[80] = "";
    if (p->draw_k) {
        size_t j = 0;
        nm[j++] = '-';
        for (const char *c = d->s[p->k].name; *c && j + 1 < sizeof nm; c++)
            nm[j++] = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                              (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'
                          ? *c
                          : '_';
        nm[j] = 0;
    }
    snprintf(buf, n, "%02d-%s%s.png", i + 1, p->stem, nm);
}

static int write_all(const rp_data *d, const rp_opts *o, bb_errors *err, int *npng,
                     const char **pdf_out, char **pdf_path)
{
    page p[MAX_PAGES];
    int n = plan(d, p);
    char *dir = NULL, *base = NULL;
    char *def = NULL;
    const char *pdf = o->pdf;
    if (!pdf) {
        size_t l = strlen(d->f[0].dir) + 16;
        def = malloc(l);
        if (def)
            snprintf(def, l, "%s/report.pdf", d->f[0].dir);
        pdf = def;
    }
    bb_out f[MAX_PAGES + 1];
    memset(f, 0, sizeof f);
    int nf = 0, rc = -1;
    if (!pdf || split(pdf, &dir, &base) != 0) {
        bb_errors_add(err, "-o %s: not a file name", o->pdf ? o->pdf : "");
        goto done;
    }
    if (bb_mkdirs(dir, err) != 0 || bb_out_open(&f[nf++], dir, base, err) != 0 ||
        write_pdf(d, p, n, &f[0], err) != 0)
        goto done;
    if (o->pngdir) {
        if (bb_mkdirs(o->pngdir, err) != 0)
            goto done;
        for (int i = 0; i < n; i++) {
            if (!p[i].stem)
                continue;
            char name[128];
            png_name(d, &p[i], i, name, sizeof name);
            if (bb_out_open(&f[nf++], o->pngdir, name, err) != 0 ||
                write_png(d, p, i, n, &f[nf - 1], err) != 0)
                goto done;
        }
    }
    if (bb_out_commit_set(f, nf, err) != 0)
        goto done;
    rc = 0;
    *npng = nf - 1;
    *pdf_path = strdup(pdf);
    *pdf_out = *pdf_path;
done:
    for (int i = 0; i < nf; i++)
        if (f[i].path)
            bb_out_abort(&f[i]);
    free(dir);
    free(base);
    free(def);
    return rc;
}

int rp_report(const rp_opts *o)
{
    rp_data d;
    bb_errors err;
    bb_errors_init(&err);
    int rc = rp_load(&d, o->dirs, o->ndirs, &err);
    d.lang = o->lang;
    d.command = o->command;
    int npng = 0;
    const char *pdf = NULL;
    char *pdf_path = NULL;
    if (rc == BB_OK && write_all(&d, o, &err, &npng, &pdf, &pdf_path) != 0)
        rc = BB_ERR_RUN;
    for (int i = 0; i < err.n; i++)
        fprintf(stderr, "bbsim report: %s\n", err.msg[i]);
    if (rc == BB_OK && !o->quiet) {
        page p[MAX_PAGES];
        int n = plan(&d, p);
        fprintf(stderr, "bbsim report: wrote %s (%d pages)", pdf, n);
        if (o->pngdir)
            fprintf(stderr, " and %d PNG charts in %s", npng, o->pngdir);
        fputc('\n', stderr);
    }
    free(pdf_path);
    bb_errors_free(&err);
    rp_data_free(&d);
    /* Give back what pango, cairo and fontconfig keep for the process
     * (font map, caches), so that leak checkers see only our own
     * memory; the next report in the process makes them again. */
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
    return rc;
}
