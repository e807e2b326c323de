/*
 * sizing_args.c - bbsim size's targets and levers (bbsim.h): parsed from
 * their arguments, checked against the scenario before anything runs
 * (each message names the argument), and a plan applied to the scenario
 * (levers from the start as --set PATH=VALUE, dated levers as investments
 * through bb_scenario_load_with). The search itself is in sizing.c.
 */
#include "internal.h"
#include "sizing.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void bb_size_num(double v, char *buf, size_t n)
{
    /* no exponent for the FTE and euros of a plan */
    bool plain = fabs(v) < 1e15 && (v == 0 || fabs(v) >= 1e-4);
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, v);
        if (strtod(buf, NULL) == v && (!plain || !strchr(buf, 'e')))
            return;
    }
}

static bool parse_num(const char *s, size_t len, double *v)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = 0;
    char *end;
    errno = 0;
    *v = strtod(buf, &end);
    return *end == 0 && errno == 0 && isfinite(*v);
}

int bb_size_parse_target(const char *arg, bb_size_target *t, bb_errors *err)
{
    memset(t, 0, sizeof *t);
    snprintf(t->arg, sizeof t->arg, "%s", arg);
    const char *le = strstr(arg, "<="), *ge = strstr(arg, ">=");
    const char *op = le && (!ge || le < ge) ? le : ge;
    if (!op || op == arg) {
        bb_errors_add(err, "--target %s: expected METRIC[/GROUP][@YEAR]<=VALUE or >=VALUE", arg);
        return -1;
    }
    t->ge = op == ge;
    if (!parse_num(op + 2, strlen(op + 2), &t->value)) {
        bb_errors_add(err, "--target %s: VALUE must be a number (got \"%s\")", arg, op + 2);
        return -1;
    }
    char lhs[160];
    size_t n = (size_t)(op - arg);
    if (n >= sizeof lhs) {
        bb_errors_add(err, "--target %s: too long", arg);
        return -1;
    }
    memcpy(lhs, arg, n);
    lhs[n] = 0;
    char *at = strchr(lhs, '@');
    if (at) {
        *at = 0;
        double y;
        if (!parse_num(at + 1, strlen(at + 1), &y) || y != floor(y) || y < 1900 || y > 2999) {
            bb_errors_add(err, "--target %s: YEAR must be a calendar year (got \"%s\")", arg,
                          at + 1);
            return -1;
        }
        t->year = (int)y;
    }
    char *sl = strchr(lhs, '/');
    if (sl) {
        *sl = 0;
        if (!sl[1] || strlen(sl + 1) >= sizeof t->group) {
            bb_errors_add(err, "--target %s: GROUP after / is empty or too long", arg);
            return -1;
        }
        memcpy(t->group, sl + 1, strlen(sl + 1) + 1);
    }
    if (!lhs[0] || strlen(lhs) >= sizeof t->metric) {
        bb_errors_add(err, "--target %s: METRIC is empty or too long", arg);
        return -1;
    }
    memcpy(t->metric, lhs, strlen(lhs) + 1);
    return 0;
}

int bb_size_parse_lever(const char *arg, bb_size_lever *l, bb_errors *err)
{
    memset(l, 0, sizeof *l);
    snprintf(l->arg, sizeof l->arg, "%s", arg);
    l->max = NAN;
    const char *c1 = strchr(arg, ':');
    if (!c1 || c1 == arg) {
        bb_errors_add(err, "--lever %s: expected PATH[@DATE]:STEP[:MAX]", arg);
        return -1;
    }
    const char *at = memchr(arg, '@', (size_t)(c1 - arg));
    const char *pend = at ? at : c1;
    if ((size_t)(pend - arg) >= sizeof l->path) {
        bb_errors_add(err, "--lever %s: PATH too long", arg);
        return -1;
    }
    memcpy(l->path, arg, (size_t)(pend - arg));
    if (at) {
        int d;
        size_t dl = (size_t)(c1 - at - 1);
        if (dl != 10 || (memcpy(l->date, at + 1, dl), bb_date_parse(l->date, &d) != 0)) {
            bb_errors_add(err, "--lever %s: DATE must be YYYY-MM-DD (got \"%.*s\")", arg, (int)dl,
                          at + 1);
            return -1;
        }
    }
    const char *c2 = strchr(c1 + 1, ':');
    size_t sl = c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1);
    if (!parse_num(c1 + 1, sl, &l->step) || !(l->step > 0)) {
        bb_errors_add(err, "--lever %s: STEP must be a number > 0 (got \"%.*s\")", arg, (int)sl,
                      c1 + 1);
        return -1;
    }
    if (c2 && !parse_num(c2 + 1, strlen(c2 + 1), &l->max)) {
        bb_errors_add(err, "--lever %s: MAX must be a number (got \"%s\")", arg, c2 + 1);
        return -1;
    }
    return 0;
}

/* ---- against the scenario ---- */

int bb_size_target_row(const bb_scenario *s, const bb_size_target *t)
{
    const bb_metric *rows;
    int n = bb_scenario_metric_rows(s, &rows);
    for (int i = 0; i < n; i++)
        if (rows[i].year == t->year && !strcmp(rows[i].metric, t->metric) &&
            !strcmp(rows[i].group, t->group))
            return i;
    return -1;
}

/* Name target t's group ("all" or the only one when not given) and check
 * that its row exists. Returns 0 or -1 (message in err). */
static int resolve_target(const bb_scenario *s, bb_size_target *t, bb_errors *err)
{
    const bb_metric *rows;
    int n = bb_scenario_metric_rows(s, &rows);
    int any = 0, in_year = 0, y0 = 0, y1 = 0, only = -1;
    bool all = false, named = false;
    char groups[400] = "";
    for (int i = 0; i < n; i++) {
        if (strcmp(rows[i].metric, t->metric))
            continue;
        any++;
        if (rows[i].year) {
            y0 = y0 && y0 < rows[i].year ? y0 : rows[i].year;
            y1 = y1 > rows[i].year ? y1 : rows[i].year;
        }
        if (rows[i].year != t->year)
            continue;
        in_year++;
        only = i;
        all |= !strcmp(rows[i].group, "all");
        named |= t->group[0] && !strcmp(rows[i].group, t->group);
        size_t len = strlen(groups);
        if (len + strlen(rows[i].group) + 3 < sizeof groups)
            snprintf(groups + len, sizeof groups - len, "%s%s", len ? ", " : "", rows[i].group);
    }
    if (!any) {
        bb_errors_add(err, "--target %s: %s has no metric %s (see docs/outputs.md)", t->arg,
                      bb_scenario_name(s), t->metric);
        return -1;
    }
    if (!in_year) {
        if (!t->year)
            bb_errors_add(err, "--target %s: %s is a yearly metric; name a year, %s@YEAR (%d-%d)",
                          t->arg, t->metric, t->metric, y0, y1);
        else if (y0)
            bb_errors_add(err, "--target %s: %s has no row for %d (its years: %d-%d)", t->arg,
                          t->metric, t->year, y0, y1);
        else
            bb_errors_add(err, "--target %s: %s is not a yearly metric (leave out @%d)", t->arg,
                          t->metric, t->year);
        return -1;
    }
    if (t->group[0] && !named) {
        bb_errors_add(err, "--target %s: %s has no group %s (its groups: %s)", t->arg, t->metric,
                      t->group, groups);
        return -1;
    }
    if (!t->group[0]) {
        if (!all && in_year > 1) {
            bb_errors_add(err, "--target %s: %s has groups %s; name one as %s/GROUP", t->arg,
                          t->metric, groups, t->metric);
            return -1;
        }
        snprintf(t->group, sizeof t->group, "%s", all ? "all" : rows[only].group);
    }
    return 0;
}

/* The unit a lever's path names (pools.NAME.fte, providers.NAME.fte). */
static int resolve_lever(const bb_scenario *s, bb_size_lever *l, bb_errors *err)
{
    const char *p = l->path, *name = NULL;
    size_t len = strlen(p);
    bool pool = !strncmp(p, "pools.", 6), prov = !strncmp(p, "providers.", 10);
    if ((pool || prov) && len > 4 && !strcmp(p + len - 4, ".fte"))
        name = p + (pool ? 6 : 10);
    int unit = -1;
    size_t nl = name ? (size_t)(p + len - 4 - name) : 0;
    for (int u = 0; name && u < bb_nunits(s); u++)
        if ((u < BB_POOLS) == pool && strlen(bb_unit_name(s, u)) == nl &&
            !strncmp(bb_unit_name(s, u), name, nl))
            unit = u;
    /* a regional provider by the scenario's name: its first region's
     * unit stands for all of them (the lever is the national FTE) */
    int fam = -1;
    for (int f = 0; name && prov && unit < 0 && f < s->nfam; f++)
        if (strlen(s->prov[s->fam_first[f]].family) == nl &&
            !strncmp(s->prov[s->fam_first[f]].family, name, nl))
            fam = f;
    if (fam >= 0)
        unit = BB_POOLS + s->fam_first[fam];
    if (unit < 0) {
        char units[600] = "";
        for (int u = 0; u < bb_nunits(s); u++) {
            size_t k = strlen(units);
            snprintf(units + k, sizeof units - k, "%s%s.%s.fte", k ? ", " : "",
                     u < BB_POOLS ? "pools" : "providers", bb_unit_name(s, u));
        }
        bb_errors_add(err, "--lever %s: %s is not the fte of a pool or provider of %s (%s)",
                      l->arg, l->path, bb_scenario_name(s), units);
        return -1;
    }
    snprintf(l->unit, sizeof l->unit, "%s", fam >= 0 ? s->prov[unit - BB_POOLS].family : bb_unit_name(s, unit));
    l->is_pool = unit < BB_POOLS;
    l->cost_per_fte_year = bb_unit_cost(s, unit);
    l->start = l->date[0] ? 0.0 : bb_unit_fte(s, unit);
    for (int k = 1; fam >= 0 && !l->date[0] && k < s->fam_n[fam]; k++)
        l->start += bb_unit_fte(s, unit + k);
    char a[11], b[11];
    bb_date_format(s->start_day, a);
    bb_date_format(s->end_day, b);
    int d = 0;
    if (l->date[0] && (bb_date_parse(l->date, &d) != 0 || d < s->start_day || d > s->end_day)) {
        bb_errors_add(err, "--lever %s: DATE must lie in the run, %s to %s", l->arg, a, b);
        return -1;
    }
    const char *what = l->date[0] ? "the FTE an investment adds" : "the fte";
    if (isnan(l->max))
        l->max = fmin(l->start + BB_SIZE_DEFAULT_STEPS * l->step, BB_MAX_FTE);
    if (l->max < l->start) {
        bb_errors_add(err, "--lever %s: MAX %g is below the start (%s: %g)", l->arg, l->max,
                      what, l->start);
        return -1;
    }
    double k = floor((l->max - l->start) / l->step + 1e-9);
    if (k < 1) {
        bb_errors_add(err, "--lever %s: MAX %g leaves no step of %g above the start (%s: %g)",
                      l->arg, l->max, l->step, what, l->start);
        return -1;
    }
    if (l->start + k * l->step > BB_MAX_FTE) {
        bb_errors_add(err, "--lever %s: MAX must be at most %g FTE", l->arg, BB_MAX_FTE);
        return -1;
    }
    l->nsteps = (int)k;
    return 0;
}

int bb_size_check(bb_size_spec *sp, const bb_scenario *base, bb_errors *err)
{
    int n0 = err->n, dated = 0;
    if (sp->ntargets < 1 || sp->ntargets > BB_SIZE_MAX_TARGETS)
        bb_errors_add(err, "size needs 1 to %d --target", BB_SIZE_MAX_TARGETS);
    if (sp->nlevers < 1 || sp->nlevers > BB_SIZE_MAX_LEVERS)
        bb_errors_add(err, "size needs 1 to %d --lever", BB_SIZE_MAX_LEVERS);
    if (!(sp->confidence >= 0.5 && sp->confidence < 1))
        bb_errors_add(err, "--confidence must be at least 0.5 and below 1 (got %g)",
                      sp->confidence);
    if (sp->reps < 2)
        bb_errors_add(err, "--reps: size needs at least 2 replications a plan (got %d)", sp->reps);
    if (err->n > n0)
        return BB_ERR_INPUT;
    for (int k = 0; k < sp->ntargets; k++)
        resolve_target(base, &sp->targets[k], err);
    for (int k = 0; k < sp->ntargets; k++)
        for (int i = 0; i < k; i++)
            if (!strcmp(sp->targets[i].group, sp->targets[k].group) && sp->targets[i].group[0] &&
                !strcmp(sp->targets[i].metric, sp->targets[k].metric) &&
                sp->targets[i].year == sp->targets[k].year &&
                sp->targets[i].ge == sp->targets[k].ge)
                bb_errors_add(err, "--target %s: the same bound as --target %s",
                              sp->targets[k].arg, sp->targets[i].arg);
    for (int j = 0; j < sp->nlevers; j++) {
        bb_size_lever *l = &sp->levers[j];
        if (resolve_lever(base, l, err) != 0)
            continue;
        dated += l->date[0] != 0;
        for (int i = 0; i < j; i++)
            if (!strcmp(sp->levers[i].path, l->path) && !strcmp(sp->levers[i].date, l->date))
                bb_errors_add(err, "--lever %s: the same lever as --lever %s", l->arg,
                              sp->levers[i].arg);
    }
    if (base->ninvest + dated > BB_MAX_INVEST)
        bb_errors_add(err, "--lever: %d dated levers and the scenario's %d investments are more "
                      "than %d", dated, base->ninvest, BB_MAX_INVEST);
    if (err->n > n0)
        return BB_ERR_INPUT;
    /* the loader's own checks, with every lever at its maximum */
    int steps[BB_SIZE_MAX_LEVERS] = {0};
    for (int j = 0; j < sp->nlevers; j++)
        steps[j] = sp->levers[j].nsteps;
    bb_scenario *s = NULL;
    bb_errors e;
    bb_errors_init(&e);
    int rc = bb_size_plan_load(sp, steps, &s, &e);
    for (int i = 0; i < e.n; i++)
        bb_errors_add(err, "--lever: with every lever at its maximum: %s", e.msg[i]);
    bb_errors_free(&e);
    bb_scenario_free(s);
    return rc;
}

/* ---- plans ---- */

double bb_size_lever_value(const bb_size_lever *l, int steps)
{
    return l->start + steps * l->step;
}

double bb_size_plan_cost(const bb_size_spec *sp, const int *steps)
{
    double c = 0;
    for (int j = 0; j < sp->nlevers; j++)
        c += steps[j] * sp->levers[j].step * sp->levers[j].cost_per_fte_year;
    return c;
}

void bb_size_plan_text(const bb_size_spec *sp, const int *steps, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = 0;
    for (int j = 0; j < sp->nlevers && len < n; j++) {
        const bb_size_lever *l = &sp->levers[j];
        if (!steps[j])
            continue;
        char v[32];
        bb_size_num(bb_size_lever_value(l, steps[j]), v, sizeof v);
        int w = snprintf(buf + len, n - len, "%s%s%s%s=%s%s", len ? "; " : "", l->path,
                         l->date[0] ? "@" : "", l->date, l->date[0] ? "+" : "", v);
        len += w > 0 ? (size_t)w : 0;
    }
    if (!buf[0])
        snprintf(buf, n, "(none)");
}

int bb_size_plan_load(const bb_size_spec *sp, const int *steps, bb_scenario **out,
                      bb_errors *err)
{
    *out = NULL;
    const char **sets = calloc((size_t)(sp->nsets + sp->nlevers) + 1, sizeof *sets);
    char(*buf)[200] = calloc((size_t)sp->nlevers + 1, sizeof *buf);
    char(*label)[96] = calloc((size_t)sp->nlevers + 1, sizeof *label);
    char(*val)[32] = calloc((size_t)sp->nlevers + 1, sizeof *val);
    bb_investment inv[BB_SIZE_MAX_LEVERS];
    if (!sets || !buf || !label || !val) {
        free(sets);
        free(buf);
        free(label);
        free(val);
        bb_errors_add(err, "out of memory");
        return BB_ERR_RUN;
    }
    int ns = 0, ni = 0;
    for (int i = 0; i < sp->nsets; i++)
        sets[ns++] = sp->sets[i];
    for (int j = 0; j < sp->nlevers; j++) {
        const bb_size_lever *l = &sp->levers[j];
        if (!steps[j])
            continue;
        bb_size_num(bb_size_lever_value(l, steps[j]), val[j], sizeof val[j]);
        if (!l->date[0]) {
            snprintf(buf[j], sizeof buf[j], "%s=%s", l->path, val[j]);
            sets[ns++] = buf[j];
        } else {
            snprintf(label[j], sizeof label[j], "size: +%s FTE %s", val[j], l->unit);
            inv[ni++] = (bb_investment){l->date, l->unit, l->is_pool,
                                        bb_size_lever_value(l, steps[j]), NULL, label[j]};
        }
    }
    int rc = bb_scenario_load_with(sp->path, sets, ns, inv, ni, out, err);
    free(sets);
    free(buf);
    free(label);
    free(val);
    return rc;
}
