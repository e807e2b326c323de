/*
 * scenario.c - load a libconfig scenario: parse, override, read, check;
 * and the scenario's accessors.
 *
 * The file is read whole and pre-checked with its includes (includes.c:
 * what would make libconfig exit, hang or misread, and the input bounds);
 * libconfig parses that text (with @include relative to the file, else
 * in ./scenarios) and reports syntax errors with their line. --set overrides
 * are applied to the parsed tree (overrides.c). Then one pass reads every
 * known setting into a bb_scenario, checking type and range (sections.c,
 * through the typed reads of cfgread.c); every setting it reads is marked
 * (libconfig's per-setting hook pointer), and a final walk reports every
 * unmarked setting as unknown. All errors are collected, none stops the
 * pass, and each names file:line and the setting's path. A scenario
 * without errors is then bounded in the work it can ask for.
 * bb_scenario_load_with also adds investments to the tree before the
 * read pass (bbsim size's dated levers), so that they are read, checked
 * and written back (bb_scenario_write) like the file's own.
 */
#include "cfgread.h"
#include "overrides.h"
#include "sections.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bound the work a scenario can ask for before anything runs. */
static void check_bounds(bb_rd *L, const config_setting_t *root)
{
    const bb_scenario *s = L->s;
    if (L->err->n > L->nerr0 || s->horizon_h <= 0)
        return;
    double years = s->horizon_h / BB_HOURS_PER_YEAR, expected = 0.0;
    for (int i = 0; i < s->ncat; i++) {
        double g = s->cat[i].growth_per_year, r = s->cat[i].rate_per_year;
        double peak = 1.0;
        for (int k = 0; k < s->nsurge; k++)
            if (s->surge[k].cat[i] && s->surge[k].factor > peak)
                peak = s->surge[k].factor;
        double grow = fabs(g) < 1e-12 ? years : (pow(1.0 + g, years) - 1.0) / log1p(g);
        expected += r * grow * peak;
    }
    if (expected > BB_MAX_EXPECTED_ARRIVALS)
        bb_rd_err(L, config_setting_get_member(root, "categories"), NULL,
                  "ask for about %.3g threat signals over the horizon; the bound is %.3g "
                  "(lower the rates, growth or horizon)", expected, BB_MAX_EXPECTED_ARRIVALS);
}

/* More entries at the end of the tree's `investments` list (made when the
 * file has none), before the read pass reads them like the file's own.
 * Returns 0, or -1 with a message. */
static int add_investments(config_t *cfg, const char *path, const bb_investment *inv, int n,
                           bb_errors *err)
{
    config_setting_t *root = config_root_setting(cfg);
    config_setting_t *l = config_setting_get_member(root, "investments");
    if (n > 0 && !l)
        l = config_setting_add(root, "investments", CONFIG_TYPE_LIST);
    if (n > 0 && (!l || !config_setting_is_list(l))) {
        bb_errors_add(err, "%s: investments must be a list ( { ... }, ... ) to add to", path);
        return BB_ERR_INPUT;
    }
    for (int i = 0; i < n; i++) {
        const bb_investment *x = &inv[i];
        config_setting_t *g = config_setting_add(l, NULL, CONFIG_TYPE_GROUP);
        config_setting_t *d = g ? config_setting_add(g, "date", CONFIG_TYPE_STRING) : NULL;
        config_setting_t *u =
            d ? config_setting_add(g, x->is_pool ? "pool" : "provider", CONFIG_TYPE_STRING) : NULL;
        config_setting_t *f = u ? config_setting_add(g, "delta_fte", CONFIG_TYPE_FLOAT) : NULL;
        config_setting_t *b = f && x->budget_line
                                  ? config_setting_add(g, "budget_line", CONFIG_TYPE_STRING)
                                  : NULL;
        config_setting_t *t = f && x->label ? config_setting_add(g, "label", CONFIG_TYPE_STRING)
                                            : NULL;
        if (!f || (x->budget_line && !b) || (x->label && !t) ||
            !config_setting_set_string(d, x->date) || !config_setting_set_string(u, x->unit) ||
            !config_setting_set_float(f, x->delta_fte) ||
            (b && !config_setting_set_string(b, x->budget_line)) ||
            (t && !config_setting_set_string(t, x->label))) {
            bb_errors_add(err, "out of memory");
            return BB_ERR_RUN;
        }
    }
    return BB_OK;
}

/* ---- public ---- */

int bb_scenario_load(const char *path, const char *const *sets, int nsets,
                     bb_scenario **out, bb_errors *err)
{
    return bb_scenario_load_with(path, sets, nsets, NULL, 0, out, err);
}

int bb_scenario_load_with(const char *path, const char *const *sets, int nsets,
                          const bb_investment *inv, int ninv, bb_scenario **out, bb_errors *err)
{
    *out = NULL;
    bb_scenario *s = calloc(1, sizeof *s);
    if (!s) {
        bb_errors_add(err, "out of memory");
        return BB_ERR_RUN;
    }
    s->path = strdup(path);
    config_init(&s->cfg);
    /* @include is looked up next to the scenario, then in ./scenarios
     * (so a scenario copied elsewhere still finds the shipped common
     * files when run from the project root). */
    char *dir = strdup(path);
    if (!s->path || !dir) {
        free(dir);
        bb_scenario_free(s);
        bb_errors_add(err, "out of memory");
        return BB_ERR_RUN;
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = 0;
    else
        dir[0] = 0;
    /* and in the installed scenarios ($BBSIM_DATADIR/scenarios; the
     * command sets it for an installed bbsim, cli/datadir.c) */
    char shared[4096];
    const char *dd = getenv("BBSIM_DATADIR");
    snprintf(shared, sizeof shared, "%s/scenarios", dd ? dd : "");
    const char *dirs[3] = {*dir ? dir : ".", "scenarios", shared};
    int nd = dd && *dd ? 3 : 2;
    /* read whole and pre-checked (includes.c), before libconfig could
     * exit, hang or misread on it */
    char *text = NULL;
    size_t len = 0;
    int k = 0;
    int rc0 = bb_scenario_read_checked(path, dirs, nd, &text, &len, &k, err);
    if (rc0 != BB_OK) {
        free(dir);
        bb_scenario_free(s);
        return rc0;
    }
    config_set_auto_convert(&s->cfg, 1);
    config_set_include_dir(&s->cfg, dirs[k]);
    FILE *f = len ? fmemopen(text, len, "r") : NULL;
    if (len && !f) {
        free(text);
        free(dir);
        bb_scenario_free(s);
        bb_errors_add(err, "%s: out of memory", path);
        return BB_ERR_RUN;
    }
    int ok = f ? config_read(&s->cfg, f) : config_read_string(&s->cfg, "");
    if (f)
        fclose(f);
    free(text);
    const char *et = ok ? "" : config_error_text(&s->cfg);
    if (!ok && strstr(et, "duplicate setting")) {
        /* it sets again what it includes: read in parts (overlay.c) */
        if (bb_overlay_read(s, path, dirs, nd, err) != 0) {
            free(dir);
            bb_scenario_free(s);
            return BB_ERR_INPUT;
        }
        ok = 1;
    }
    if (!ok) {
        const char *ef = config_error_file(&s->cfg);
        int el = config_error_line(&s->cfg);
        if (strstr(et, "include")) /* the file and every folder looked in */
            bb_include_error(ef ? ef : path, el, dirs, nd, err);
        else
            bb_errors_add(err, "%s:%d: %s%s", ef ? ef : path, el, et,
                          bb_decimal_comma_hint(ef ? ef : path, el));
        free(dir);
        bb_scenario_free(s);
        return BB_ERR_INPUT;
    }

    bb_rd L = {.s = s, .err = err, .file = path, .sets = sets, .nsets = nsets, .nerr0 = err->n};
    bb_ov O = {.err = err, .file = path};
    for (int i = 0; i < nsets; i++)
        if (sets[i][0] == '<' || sets[i][0] == '+') /* --with FILE, --add LIST=ENTRY */
            bb_overlay_arg(s, sets[i], dirs[0], err);
        else
            bb_ov_apply(&O, &s->cfg, sets[i]);
    free(dir);
    int rc = O.oom ? BB_ERR_RUN : add_investments(&s->cfg, path, inv, ninv, err);
    if (rc != BB_OK) {
        bb_scenario_free(s);
        return rc;
    }
    const config_setting_t *root = config_root_setting(&s->cfg);
    bb_sections_read(&L, root);
    bb_ov_finish(&O);
    bb_rd_report_unknown(&L, root);
    check_bounds(&L, root);
    if (err->n > L.nerr0) {
        bb_scenario_free(s);
        return BB_ERR_INPUT;
    }
    if (bb_schema_build(s) != 0) {
        bb_errors_add(err, "out of memory");
        bb_scenario_free(s);
        return BB_ERR_RUN;
    }
    *out = s;
    return BB_OK;
}

void bb_scenario_free(bb_scenario *s)
{
    if (!s)
        return;
    config_destroy(&s->cfg);
    bb_overlay_free(s);
    bb_dist_tables_free(s->dist_tables);
    bb_schema_free(s->schema);
    free(s->path);
    free(s);
}

int bb_scenario_write(bb_scenario *s, FILE *f, uint64_t seed, int reps)
{
    config_setting_t *run = config_lookup(&s->cfg, "run");
    if (run) {
        config_setting_t *c = config_setting_get_member(run, "seed");
        if (c && config_setting_type(c) != CONFIG_TYPE_INT64) {
            config_setting_remove(run, "seed");
            c = NULL;
        }
        if (!c)
            c = config_setting_add(run, "seed", CONFIG_TYPE_INT64);
        if (c)
            config_setting_set_int64(c, (long long)seed);
        c = config_setting_get_member(run, "replications");
        if (c && config_setting_type(c) != CONFIG_TYPE_INT) {
            config_setting_remove(run, "replications");
            c = NULL;
        }
        if (!c)
            c = config_setting_add(run, "replications", CONFIG_TYPE_INT);
        if (c)
            config_setting_set_int(c, reps);
    }
    fprintf(f, "# Scenario as run by bbsim %s (seed %llu, %d replications).\n"
               "# Rerun it with: bbsim run scenario.cfg\n",
            bb_version(), (unsigned long long)seed, reps);
    bb_cfg_write(config_root_setting(&s->cfg), f); /* config_write loses digits */
    return ferror(f) ? -1 : 0;
}

const char *bb_scenario_name(const bb_scenario *s) { return s->name; }

const char *bb_scenario_title(const bb_scenario *s, int nl)
{
    const char *a = nl ? s->title_nl : s->title, *b = nl ? s->title : s->title_nl;
    return *a ? a : *b ? b : s->name;
}
int bb_scenario_replications(const bb_scenario *s) { return s->replications; }
uint64_t bb_scenario_seed(const bb_scenario *s) { return s->seed; }
double bb_scenario_horizon_hours(const bb_scenario *s) { return s->horizon_h; }
double bb_scenario_period_hours(const bb_scenario *s) { return s->period_h; }
int bb_scenario_start_day(const bb_scenario *s) { return s->start_day; }
/* The view's providers are the scenario's (families): a regional
 * provider counts once (its providers per region are in the outputs). */
int bb_scenario_provider_count(const bb_scenario *s) { return s->nfam; }
const char *bb_scenario_provider_name(const bb_scenario *s, int i)
{
    return s->prov[s->fam_first[i]].family;
}
const char *bb_scenario_provider_label(const bb_scenario *s, int i)
{
    return s->prov[s->fam_first[i]].flabel;
}
int bb_scenario_category_count(const bb_scenario *s) { return s->ncat; }
const char *bb_scenario_category_name(const bb_scenario *s, int i) { return s->cat[i].name; }
double bb_scenario_target_hours(const bb_scenario *s, int acute)
{
    return s->target_h[acute != 0][BB_DEFINITIVE];
}

double bb_scenario_target(const bb_scenario *s, int acute, int first_action)
{
    return s->target_h[acute != 0][first_action ? BB_FIRST_ACTION : BB_DEFINITIVE];
}

int bb_scenario_markers(const bb_scenario *s, bb_marker *out, int max)
{
    int n = 0;
    for (int i = 0; i < s->nsurge && n < max; i++) {
        if (s->surge[i].t0 < 0 || s->surge[i].t0 >= s->horizon_h)
            continue; /* outside the run */
        out[n].t = s->surge[i].t0;
        out[n].kind = 's';
        out[n].ref = i;
        bb_rd_copy(out[n].label, sizeof out[n].label, s->surge[i].name);
        bb_rd_copy(out[n].label_nl, sizeof out[n].label_nl, s->surge[i].label_nl);
        n++;
    }
    for (int i = 0; i < s->nplanned && n < max; i++, n++) {
        out[n].t = fmin(fmax(0.0, 24.0 * (s->planned[i].day0 - s->start_day)), s->horizon_h);
        out[n].kind = 'p';
        out[n].ref = i;
        bb_rd_copy(out[n].label, sizeof out[n].label, s->planned[i].name);
        bb_rd_copy(out[n].label_nl, sizeof out[n].label_nl, s->planned[i].label_nl);
    }
    /* an entry split over regions is one marker (its first part) */
    for (int i = 0; i < s->ninvest && n < max; i++) {
        if (s->invest[i].part)
            continue;
        out[n].t = s->invest[i].t;
        out[n].kind = 'i';
        out[n].ref = i;
        bb_rd_copy(out[n].label, sizeof out[n].label, s->invest[i].label);
        bb_rd_copy(out[n].label_nl, sizeof out[n].label_nl, s->invest[i].label_nl);
        n++;
    }
    for (int i = 0; i < s->nchange && n < max; i++) {
        if (s->change[i].part)
            continue;
        out[n].t = s->change[i].t;
        out[n].kind = 'f';
        out[n].ref = i;
        bb_rd_copy(out[n].label, sizeof out[n].label, s->change[i].label);
        bb_rd_copy(out[n].label_nl, sizeof out[n].label_nl, s->change[i].label_nl);
        n++;
    }
    return n;
}

int bb_scenario_provider_staffed(const bb_scenario *s, int i)
{
    if (i < 0 || i >= s->nfam)
        return 0;
    for (int k = 0; k < s->fam_n[i]; k++)
        if (bb_provider_staffed(s, s->fam_first[i] + k))
            return 1;
    return 0;
}

int bb_provider_staffed(const bb_scenario *s, int i)
{
    if (i < 0 || i >= s->nprov)
        return 0;
    if (s->prov[i].fte > 0)
        return 1;
    for (int k = 0; k < s->ninvest; k++)
        if (s->invest[k].unit == BB_POOLS + i && s->invest[k].delta > 0)
            return 1;
    for (int k = 0; k < s->nchange; k++)
        if (!s->change[k].is_pool && s->change[k].index == i && s->change[k].delta > 0)
            return 1;
    for (int k = 0; k < s->nplanned; k++)
        if (s->planned[k].provider == i)
            return 1;
    return 0;
}

/* Day number of 1 January of year y. */
static int jan1(int y)
{
    char b[32];
    int d = 0;
    snprintf(b, sizeof b, "%04d-01-01", y);
    bb_date_parse(b, &d);
    return d;
}

double bb_scenario_budget(const bb_scenario *s, double t0, double t1)
{
    if (!(t1 > t0))
        return 0;
    double d0 = s->start_day + t0 / 24.0, d1 = s->start_day + t1 / 24.0;
    double sum = 0;
    for (int y = bb_date_year((int)floor(d0)); y <= bb_date_year((int)floor(d1)); y++) {
        double a = jan1(y), b = jan1(y + 1);
        double part = fmin(d1, b) - fmax(d0, a);
        if (part <= 0)
            continue;
        for (int l = 0; l < s->nlines; l++)
            if (s->line[l].modelled)
                sum += bb_line_budget(&s->line[l], y) * part / (b - a);
    }
    return sum;
}
