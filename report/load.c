/*
 * load.c - the output folders a report is made of.
 *
 * A folder of `bbsim run` holds scenario.cfg, summary.csv, yearly.csv,
 * timeseries.csv or bands.csv, and budget.csv when the scenario has
 * budget lines; one of `bbsim compare` holds scenario-NAME.cfg per
 * scenario instead of scenario.cfg, and its CSV files have the paired
 * difference against its first scenario. The report reads only these
 * files (it never runs anything): each missing file is named with the
 * command that makes it, and each CSV is checked (columns, numbers,
 * scenario names matching the scenario files) before anything is drawn.
 *
 * The scenario files are read with libconfig for what the pages need
 * (name, title, description, seed, replications, dates, targets, the
 * borrowing limits, budget lines, provider labels), leniently: a report
 * of an older run still reads when the model has since changed.
 */
#include "rp.h"
#include <dirent.h>
#include <libconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static bool exists(const char *dir, const char *name)
{
    char *p = join(dir, name);
    struct stat st;
    bool ok = p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return ok;
}

/* ---- the scenario files ---- */

/* A number setting (int or float), or NAN. */
static double cfg_num(const config_t *c, const char *path)
{
    const config_setting_t *s = config_lookup(c, path);
    if (!s)
        return NAN;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT: return (double)config_setting_get_int(s);
    case CONFIG_TYPE_INT64: return (double)config_setting_get_int64(s);
    case CONFIG_TYPE_FLOAT: return config_setting_get_float(s);
    default: return NAN;
    }
}

static char *cfg_str(const config_t *c, const char *path)
{
    const char *v = NULL;
    if (!config_lookup_string(c, path, &v) || !v || !*v)
        return NULL;
    return strdup(v);
}

/* "# Scenario as run by bbsim 0.1.0 (seed 1, 10 replications)." */
static void read_version(const char *path, char *out, size_t n)
{
    snprintf(out, n, "?");
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[256], v[32];
    if (fgets(line, sizeof line, f) && sscanf(line, "# Scenario as run by bbsim %31[^ (\n]", v) == 1)
        snprintf(out, n, "%s", v);
    fclose(f);
}

/* Read one scenario file into s (name and the rest). Returns 0 or -1. */
static int read_scenario(const char *path, rp_scen *s, bb_errors *err)
{
    config_t c;
    config_init(&c);
    int rc = -1;
    if (config_read_file(&c, path) != CONFIG_TRUE) {
        bb_errors_add(err, "%s:%d: %s (not a scenario file bbsim wrote?)", path,
                      config_error_line(&c), config_error_text(&c));
        goto done;
    }
    char *name = cfg_str(&c, "name");
    if (!name) {
        bb_errors_add(err, "%s: no name = \"...\": not a scenario file bbsim wrote", path);
        goto done;
    }
    s->name = name;
    s->cfg = strdup(path);
    s->desc = cfg_str(&c, "description");
    read_version(path, s->version, sizeof s->version);
    double seed = cfg_num(&c, "run.seed"), reps = cfg_num(&c, "run.replications");
    s->seed = isfinite(seed) ? (long long)seed : -1;
    s->reps = isfinite(reps) ? (long)reps : -1;
    const char *v;
    s->start[0] = s->end[0] = 0;
    if (config_lookup_string(&c, "run.start", &v))
        snprintf(s->start, sizeof s->start, "%s", v);
    if (config_lookup_string(&c, "run.end", &v))
        snprintf(s->end, sizeof s->end, "%s", v);
    static const char *const U[2] = {"regular", "acute"};
    for (int a = 0; a < 2; a++) {
        char p[64];
        snprintf(p, sizeof p, "targets.%s.first_action_hours", U[a]);
        s->target_h[a][1] = cfg_num(&c, p);
        snprintf(p, sizeof p, "targets.%s.definitive_days", U[a]);
        s->target_h[a][0] = cfg_num(&c, p) * 24.0;
    }
    s->cap_fte = cfg_num(&c, "basic_units.cap_fte");
    s->acute_cap_fte = cfg_num(&c, "basic_units.acute_cap_fte");
    const config_setting_t *bl = config_lookup(&c, "budget_lines");
    s->nlines = bl ? config_setting_length(bl) : 0;
    const config_setting_t *pr = config_lookup(&c, "providers");
    int np = pr ? config_setting_length(pr) : 0;
    for (int i = 0; i < np && s->nprov < BB_MAX_PROVIDERS; i++) {
        const config_setting_t *e = config_setting_get_elem(pr, (unsigned)i);
        const char *id = config_setting_name(e), *lab = NULL;
        if (!id)
            continue;
        config_setting_lookup_string(e, "label", &lab);
        s->prov_id[s->nprov] = strdup(id);
        s->prov_label[s->nprov] = strdup(lab ? lab : id);
        s->nprov++;
    }
    s->title = cfg_str(&c, "title");
    s->title_nl = cfg_str(&c, "title_nl");
    rc = 0;
done:
    config_destroy(&c);
    return rc;
}

/* ---- the CSV tables ---- */

static const char *const SUMMARY_COLS[] = {"scenario", "metric", "group", "mean", "ci_low",
                                           "ci_high", "reps", NULL};
static const char *const YEARLY_COLS[] = {"scenario", "year", "metric", "group", "mean",
                                          "ci_low", "ci_high", "reps", NULL};
static const char *const DIFF_COLS[] = {"diff_mean", "diff_ci_low", "diff_ci_high",
                                        "diff_significant", NULL};
static const char *const BUDGET_COLS[] = {"scenario", "year", "line", "label", "status",
                                          "budget_eur", "cost_mean", "cost_ci_low",
                                          "cost_ci_high", "gap_eur", "reps", NULL};

/* The scenario of the report with this name in folder fi, or -1. */
static int scen_of(const rp_data *d, int fi, const char *name)
{
    for (int k = 0; k < d->ns; k++)
        if (d->s[k].folder == fi && strcmp(d->s[k].name, name) == 0)
            return k;
    return -1;
}

static int unknown_scen(const rp_csv *t, int r, const char *name, bb_errors *err)
{
    bb_errors_add(err, "%s:%d: scenario %s has no scenario file in this folder: the files are "
                       "not from one run", t->path, t->line[r], name);
    return -1;
}

static int add_row(rp_data *d, size_t *cap, const rp_row *x)
{
    if ((size_t)d->nrow >= *cap) {
        size_t c = *cap ? *cap * 2 : 4096;
        rp_row *n = realloc(d->row, c * sizeof *n);
        if (!n)
            return -1;
        d->row = n;
        *cap = c;
    }
    d->row[d->nrow++] = *x;
    return 0;
}

/* The rows of summary.csv (yearly false) or yearly.csv of folder fi. */
static int read_rows(rp_data *d, int fi, bool yearly, size_t *cap, bb_errors *err)
{
    const rp_csv *t = yearly ? &d->f[fi].yearly : &d->f[fi].summary;
    int c[8], dc[4];
    if (rp_csv_need(t, yearly ? YEARLY_COLS : SUMMARY_COLS, c, err) != 0)
        return -1;
    bool diff = rp_csv_col(t, "diff_mean") >= 0;
    if (diff && rp_csv_need(t, DIFF_COLS, dc, err) != 0)
        return -1;
    if (!yearly) /* the same places as yearly's, without the year */
        memmove(c + 2, c + 1, 6 * sizeof *c), c[1] = -1;
    for (int r = 0; r < t->nrows; r++) {
        const char *name = rp_cell(t, r, c[0]);
        rp_row x = {scen_of(d, fi, name), 0, rp_cell(t, r, c[2]), rp_cell(t, r, c[3]),
                    {NAN, NAN, NAN, -1, NAN, NAN, NAN, -1}};
        if (x.k < 0)
            return unknown_scen(t, r, name, err);
        long year = 0, reps, sig = -1;
        if ((yearly && rp_csv_int(t, r, c[1], 1000, 9999, &year, err) != 0) ||
            rp_csv_num(t, r, c[4], &x.v.mean, err) != 0 ||
            rp_csv_num(t, r, c[5], &x.v.lo, err) != 0 ||
            rp_csv_num(t, r, c[6], &x.v.hi, err) != 0 ||
            rp_csv_int(t, r, c[7], 0, 100000000, &reps, err) != 0)
            return -1;
        if (diff && (rp_csv_num(t, r, dc[0], &x.v.dmean, err) != 0 ||
                     rp_csv_num(t, r, dc[1], &x.v.dlo, err) != 0 ||
                     rp_csv_num(t, r, dc[2], &x.v.dhi, err) != 0))
            return -1;
        if (diff && *rp_cell(t, r, dc[3]) && rp_csv_int(t, r, dc[3], 0, 1, &sig, err) != 0)
            return -1;
        x.year = (int)year;
        x.v.reps = (int)reps;
        x.v.dsig = (int)sig;
        if (add_row(d, cap, &x) != 0) {
            bb_errors_add(err, "out of memory");
            return -1;
        }
        if (yearly) {
            if (d->y0 == 0 || year < d->y0)
                d->y0 = (int)year;
            if (year > d->y1)
                d->y1 = (int)year;
        }
    }
    return 0;
}

static int read_budget(rp_data *d, int fi, size_t *cap, bb_errors *err)
{
    const rp_csv *t = &d->f[fi].budget;
    int c[11];
    if (rp_csv_need(t, BUDGET_COLS, c, err) != 0)
        return -1;
    for (int r = 0; r < t->nrows; r++) {
        const char *name = rp_cell(t, r, c[0]);
        rp_brow b = {scen_of(d, fi, name), 0, rp_cell(t, r, c[2]), rp_cell(t, r, c[3]),
                     rp_cell(t, r, c[4]), NAN, NAN, NAN, NAN, NAN};
        if (b.k < 0)
            return unknown_scen(t, r, name, err);
        long year, reps;
        if (rp_csv_int(t, r, c[1], 1000, 9999, &year, err) != 0 ||
            rp_csv_num(t, r, c[5], &b.budget, err) != 0 ||
            rp_csv_num(t, r, c[6], &b.cost, err) != 0 ||
            rp_csv_num(t, r, c[7], &b.lo, err) != 0 || rp_csv_num(t, r, c[8], &b.hi, err) != 0 ||
            rp_csv_num(t, r, c[9], &b.gap, err) != 0 ||
            rp_csv_int(t, r, c[10], 0, 100000000, &reps, err) != 0)
            return -1;
        if (strcmp(b.status, "modelled") && strcmp(b.status, "not modelled") &&
            strcmp(b.status, "opportunity cost")) {
            bb_errors_add(err, "%s:%d: column status: \"%.40s\" is none of modelled, not "
                               "modelled, opportunity cost", t->path, t->line[r], b.status);
            return -1;
        }
        b.year = (int)year;
        if ((size_t)d->nbrow >= *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            rp_brow *n = realloc(d->brow, nc * sizeof *n);
            if (!n) {
                bb_errors_add(err, "out of memory");
                return -1;
            }
            d->brow = n;
            *cap = nc;
        }
        d->brow[d->nbrow++] = b;
    }
    return 0;
}

/* ---- one folder ---- */

/* A file the report needs is missing: which, and what makes it. */
static int need_file(const rp_folder *f, const char *file, const char *rerun, bb_errors *err)
{
    bb_errors_add(err, "%s/%s is missing; bbsim run and compare write it: make it again with: %s", f->dir, file, rerun);
    return -1;
}

/* The scenario files of a compare folder (scenario-*.cfg), in the order
 * their scenarios have in yearly.csv (else in file name order). */
static int read_compare_scenarios(rp_data *d, int fi, bb_errors *err)
{
    rp_folder *f = &d->f[fi];
    DIR *dir = opendir(f->dir);
    if (!dir) {
        bb_errors_add(err, "%s: cannot read the folder", f->dir);
        return -1;
    }
    struct dirent *e;
    char *names[RP_MAX_SCEN * 2];
    int n = 0;
    while ((e = readdir(dir))) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "scenario-", 9) || l < 14 || strcmp(e->d_name + l - 4, ".cfg"))
            continue;
        if (n == RP_MAX_SCEN * 2)
            break;
        names[n++] = join(f->dir, e->d_name);
    }
    closedir(dir);
    /* file name order, for messages that do not depend on the directory */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    int rc = 0, first = d->ns;
    for (int i = 0; i < n && rc == 0; i++) {
        if (d->ns == RP_MAX_SCEN) {
            bb_errors_add(err, "more than %d scenarios in one report", RP_MAX_SCEN);
            rc = -1;
            break;
        }
        rp_scen *s = &d->s[d->ns];
        memset(s, 0, sizeof *s);
        s->folder = fi;
        if (read_scenario(names[i], s, err) != 0)
            rc = -1;
        else
            d->ns++;
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    if (rc != 0)
        return -1;
    /* order by first appearance in yearly.csv */
    const rp_csv *y = &f->yearly;
    int sc = rp_csv_col(y, "scenario"), placed = first;
    for (int r = 0; sc >= 0 && r < y->nrows && placed < d->ns; r++) {
        const char *nm = rp_cell(y, r, sc);
        for (int k = placed; k < d->ns; k++)
            if (strcmp(d->s[k].name, nm) == 0) {
                rp_scen t = d->s[placed];
                d->s[placed] = d->s[k];
                d->s[k] = t;
                placed++;
                break;
            }
    }
    return 0;
}

/* The command that makes the folder's outputs again (scenario files
 * carry the seed and the replications). */
static void set_rerun(rp_data *d, int fi, int first)
{
    rp_folder *f = &d->f[fi];
    size_t n = 64 + strlen(f->dir);
    for (int k = first; k < d->ns; k++)
        n += strlen(d->s[k].cfg) + 1;
    f->rerun = malloc(n);
    if (!f->rerun)
        return;
    snprintf(f->rerun, n, "bbsim %s", f->compare ? "compare" : "run");
    for (int k = first; k < d->ns; k++) {
        strcat(f->rerun, " ");
        strcat(f->rerun, d->s[k].cfg);
    }
    strcat(f->rerun, " -o ");
    strcat(f->rerun, f->dir);
    if (f->bands.ncols)
        strcat(f->rerun, " --bands");
}

/* One CSV of the folder: 0 read, 1 absent, -1 corrupt. */
static int read_csv(rp_folder *f, const char *name, rp_csv *t, bb_errors *err)
{
    char *p = join(f->dir, name);
    if (!p) {
        bb_errors_add(err, "out of memory");
        return -1;
    }
    int rc = rp_csv_read(p, t, err);
    free(p);
    return rc;
}

static int load_folder(rp_data *d, int fi, size_t *rcap, size_t *bcap, bb_errors *err)
{
    rp_folder *f = &d->f[fi];
    struct stat st;
    if (stat(f->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        bb_errors_add(err, "%s: no such folder (give the -o folder of a bbsim run or compare)",
                      f->dir);
        return -1;
    }
    bool run_cfg = exists(f->dir, "scenario.cfg");
    bool any = run_cfg || exists(f->dir, "summary.csv") || exists(f->dir, "yearly.csv");
    DIR *dir = opendir(f->dir);
    bool cmp_cfg = false;
    for (struct dirent *e; dir && (e = readdir(dir));)
        if (strncmp(e->d_name, "scenario-", 9) == 0 && strstr(e->d_name, ".cfg"))
            cmp_cfg = true;
    if (dir)
        closedir(dir);
    if (!any && !cmp_cfg) {
        if (exists(f->dir, "sweep.csv"))
            bb_errors_add(err, "%s: the output of bbsim sweep; a report is made of the folder of "
                               "bbsim run or bbsim compare", f->dir);
        else
            bb_errors_add(err, "%s: no bbsim outputs here (scenario.cfg, summary.csv, yearly.csv);"
                               " make them with: bbsim run SCENARIO.cfg -o %s", f->dir, f->dir);
        return -1;
    }
    f->compare = !run_cfg && cmp_cfg;
    int yr = read_csv(f, "yearly.csv", &f->yearly, err);
    if (yr < 0 || read_csv(f, "bands.csv", &f->bands, err) < 0)
        return -1;
    int first = d->ns;
    if (f->compare) {
        if (read_compare_scenarios(d, fi, err) != 0)
            return -1;
    } else if (run_cfg) {
        if (d->ns == RP_MAX_SCEN) {
            bb_errors_add(err, "more than %d scenarios in one report", RP_MAX_SCEN);
            return -1;
        }
        memset(&d->s[d->ns], 0, sizeof d->s[0]);
        d->s[d->ns].folder = fi;
        char *p = join(f->dir, "scenario.cfg");
        int rc = p ? read_scenario(p, &d->s[d->ns], err) : -1;
        free(p);
        if (rc != 0)
            return -1;
        d->ns++;
    } else {
        bb_errors_add(err, "%s/scenario.cfg is missing; it is written with the CSV files by: "
                           "bbsim run SCENARIO.cfg -o %s", f->dir, f->dir);
        return -1;
    }
    set_rerun(d, fi, first);
    const char *rerun = f->rerun ? f->rerun : "bbsim run SCENARIO.cfg";
    if (yr == 1)
        return need_file(f, "yearly.csv", rerun, err);
    int sr = read_csv(f, "summary.csv", &f->summary, err);
    if (sr < 0)
        return -1;
    if (sr == 1)
        return need_file(f, "summary.csv", rerun, err);
    bool lines = false;
    for (int k = first; k < d->ns; k++)
        lines |= d->s[k].nlines > 0;
    int br = read_csv(f, "budget.csv", &f->budget, err);
    if (br < 0)
        return -1;
    if (br == 1 && lines)
        return need_file(f, "budget.csv", rerun, err);
    if (read_rows(d, fi, true, rcap, err) != 0 || read_rows(d, fi, false, rcap, err) != 0)
        return -1;
    if (br == 0 && read_budget(d, fi, bcap, err) != 0)
        return -1;
    if (f->bands.ncols) {
        static const char *const BANDS_COLS[] = {"scenario", "date", "column", "mean", "p05",
                                                 "p95", NULL};
        int c[6];
        if (rp_csv_need(&f->bands, BANDS_COLS, c, err) != 0)
            return -1;
    }
    for (int k = first + 1; k < d->ns; k++)
        d->s[k].paired = fi == 0 && f->compare && rp_csv_col(&f->yearly, "diff_mean") >= 0;
    return 0;
}

int rp_load(rp_data *d, const char *const *dirs, int ndirs, bb_errors *err)
{
    memset(d, 0, sizeof *d);
    if (ndirs > RP_MAX_DIRS) {
        bb_errors_add(err, "at most %d folders in one report", RP_MAX_DIRS);
        return BB_ERR_INPUT;
    }
    size_t rcap = 0, bcap = 0;
    for (int i = 0; i < ndirs; i++) {
        d->f[i].dir = strdup(dirs[i]);
        d->nf = i + 1;
        if (!d->f[i].dir) {
            bb_errors_add(err, "out of memory");
            return BB_ERR_RUN;
        }
        /* "out/x/" and "out/x" are the same folder in messages */
        size_t l = strlen(d->f[i].dir);
        while (l > 1 && d->f[i].dir[l - 1] == '/')
            d->f[i].dir[--l] = 0;
        if (load_folder(d, i, &rcap, &bcap, err) != 0)
            return BB_ERR_INPUT;
    }
    if (d->y0 == 0 || d->y1 - d->y0 + 1 > RP_MAX_YEARS) {
        bb_errors_add(err, d->y0 ? "%s/yearly.csv: more than %d years" : "%s/yearly.csv: no rows",
                      d->f[0].dir, RP_MAX_YEARS);
        return BB_ERR_INPUT;
    }
    d->paired = d->ns > 1;
    d->bands = true;
    for (int k = 1; k < d->ns; k++)
        d->paired &= d->s[k].paired;
    for (int i = 0; i < d->nf; i++)
        d->bands &= d->f[i].bands.nrows > 0;
    if (rp_index(d) != 0) {
        bb_errors_add(err, "out of memory");
        return BB_ERR_RUN;
    }
    return BB_OK;
}

void rp_data_free(rp_data *d)
{
    for (int i = 0; i < d->nf; i++) {
        rp_folder *f = &d->f[i];
        free(f->dir);
        free(f->rerun);
        rp_csv_free(&f->yearly);
        rp_csv_free(&f->summary);
        rp_csv_free(&f->budget);
        rp_csv_free(&f->bands);
    }
    for (int k = 0; k < d->ns; k++) {
        rp_scen *s = &d->s[k];
        free((char *)s->name);
        free(s->title);
        free(s->title_nl);
        free(s->desc);
        free(s->cfg);
        for (int p = 0; p < s->nprov; p++) {
            free(s->prov_id[p]);
            free(s->prov_label[p]);
        }
    }
    free(d->row);
    free(d->brow);
    free(d->hash);
    memset(d, 0, sizeof *d);
}
