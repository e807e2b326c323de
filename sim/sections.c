/*
 * sections.c - the readers of a scenario's sections (sections.h).
 *
 * One reader per part of the file (run, calendar and targets; categories;
 * budget lines; pools and the decision; providers and basic units;
 * levels; surges; planned hearings; changes; investments; the initial
 * state), each filling its part of the bb_scenario through the typed
 * reads of cfgread.h. They run in the order of what they refer to: a
 * level names providers, a surge categories and levels, an investment a
 * budget line. Cross-checks that need several sections follow the last
 * of them (the FTE through changes and investments).
 */
#include "sections.h"
#include <math.h>
#include <string.h>

/* The choices of the string settings: the index is the enum's value
 * (for hours, 0 is office hours and 1 around the clock). */
static const char *const DOMAINS[] = {"decentral", "central", NULL};
static const char *const HOURS[] = {"office", "24/7", NULL};
static const char *const WHEN_SHRUNK[] = {"overrun", "fallback", NULL};
static const char *const WHEN_FULL[] = {"borrow", "wait", "downgrade", NULL};

static int find_name(const char *names, size_t stride, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names + (size_t)i * stride, key) == 0)
            return i;
    return -1;
}

/* A provider by name; a regional provider's name (its family) gives
 * its first region's, which stands for the one of a case's region. */
static int provider_index(const bb_scenario *s, const char *name)
{
    int i = find_name(s->prov[0].name, sizeof s->prov[0], s->nprov, name);
    if (i < 0 && s->nreg > 0)
        i = find_name(s->prov[0].family, sizeof s->prov[0], s->nprov, name);
    return i;
}

static int category_index(const bb_scenario *s, const char *name)
{
    return find_name(s->cat[0].name, sizeof s->cat[0], s->ncat, name);
}

/* A text for the view's audience (title, title_nl, label_nl): optional,
 * and whole or an error (a cut could split a character). */
static void read_text(bb_rd *L, const config_setting_t *g, const char *key, char *dst, size_t n)
{
    const char *v = bb_rd_str(L, g, key, "");
    if (v && strlen(v) >= n)
        bb_rd_err(L, bb_rd_member(g, key), NULL, "must be at most %zu bytes (got %zu)", n - 1,
                  strlen(v));
    bb_rd_copy(dst, n, v && strlen(v) < n ? v : "");
}

/* ---- the parts of a scenario ---- */

static void read_run(bb_rd *L, const config_setting_t *root, const char *path)
{
    bb_scenario *s = L->s;
    const char *name = bb_rd_str(L, root, "name", "");
    if (!name || !*name) {
        const char *b = strrchr(path, '/');
        b = b ? b + 1 : path;
        bb_rd_copy(s->name, sizeof s->name, b);
        char *dot = strrchr(s->name, '.');
        if (dot)
            *dot = 0;
    } else {
        bb_rd_copy(s->name, sizeof s->name, name);
        for (char *p = s->name; *p; p++)
            if (*p == '/' || *p == '\\' || (*p == '.' && p == s->name))
                *p = '_';
    }
    bb_rd_str(L, root, "description", "");
    read_text(L, root, "title", s->title, sizeof s->title);
    read_text(L, root, "title_nl", s->title_nl, sizeof s->title_nl);
    config_setting_t *r = bb_rd_group(L, root, "run", true);
    s->start_day = bb_rd_date(L, r, "start", r != NULL);
    s->end_day = bb_rd_date(L, r, "end", r != NULL);
    if (s->start_day != BB_RD_NO_DATE && s->end_day != BB_RD_NO_DATE) {
        if (s->end_day <= s->start_day)
            bb_rd_err(L, bb_rd_member(r, "end"), NULL, "must be after run.start");
        else if (s->end_day - s->start_day > BB_MAX_HORIZON_YEARS * 365.25)
            bb_rd_err(L, bb_rd_member(r, "end"), NULL, "must be at most %g years after run.start",
                      BB_MAX_HORIZON_YEARS);
    }
    if (s->start_day != BB_RD_NO_DATE && s->end_day != BB_RD_NO_DATE && s->end_day > s->start_day)
        s->horizon_h = 24.0 * (s->end_day - s->start_day);
    s->replications = bb_rd_int(L, r, "replications", 10, 1, BB_MAX_REPS);
    s->seed = 1;
    config_setting_t *sd = bb_rd_member(r, "seed"); /* a 64-bit whole number, exactly */
    if (sd) {
        int t = config_setting_type(sd);
        long long v = t == CONFIG_TYPE_INT64 ? config_setting_get_int64(sd)
                      : t == CONFIG_TYPE_INT ? config_setting_get_int(sd) : -1;
        if (v < 0)
            bb_rd_err(L, sd, NULL, "must be a whole number >= 0");
        else
            s->seed = (uint64_t)v;
    }
    s->period_h = 24.0 * bb_rd_num(L, r, "period_days", 7, 1, 366);
    s->warmup_h = 24.0 * bb_rd_num(L, r, "warmup_days", 0, 0, 36600);
    if (s->horizon_h > 0 && s->warmup_h >= s->horizon_h)
        bb_rd_err(L, bb_rd_member(r, "warmup_days"), NULL, "must be shorter than the horizon");
    s->max_events =
        (long)bb_rd_num(L, r, "max_events", (double)BB_DEFAULT_MAX_EVENTS, 1000, 4.0e18);
    s->max_open = (long)bb_rd_num(L, r, "max_open_cases", (double)BB_DEFAULT_MAX_OPEN, 100, 1.0e8);

    config_setting_t *c = bb_rd_group(L, root, "calendar", false);
    s->productive_hours =
        bb_rd_num(L, c, "productive_hours_per_fte", 1340, 100, BB_HOURS_POST_YEAR);
    s->office.open_h = bb_rd_num(L, c, "office_open_hour", 8, 0, 23);
    s->office.close_h = bb_rd_num(L, c, "office_close_hour", 17, 1, 24);
    s->office.start_day = s->start_day;
    if (s->office.close_h <= s->office.open_h)
        bb_rd_err(L, bb_rd_member(c, "office_close_hour"), NULL, "must be after office_open_hour");

    /* targets per urgency and kind; the older keys acute_hours and
     * regular_days set both kinds of their urgency */
    config_setting_t *t = bb_rd_group(L, root, "targets", false);
    double acute_h = bb_rd_num(L, t, "acute_hours", 24, 0, 1e6);
    double regular_h = 24.0 * bb_rd_num(L, t, "regular_days", 28, 0, 1e5);
    static const char *const URG[2] = {"regular", "acute"};
    for (int u = 0; u < 2; u++) {
        double def = u ? acute_h : regular_h;
        config_setting_t *tu = bb_rd_group(L, t, URG[u], false);
        s->target_h[u][BB_FIRST_ACTION] = bb_rd_num(L, tu, "first_action_hours", def, 0, 1e6);
        s->target_h[u][BB_DEFINITIVE] =
            24.0 * bb_rd_num(L, tu, "definitive_days", def / 24.0, 0, 1e5);
    }

    /* demand over time: every category grows from a date on */
    config_setting_t *dm = bb_rd_group(L, root, "demand", false);
    s->growth_per_year = bb_rd_num(L, dm, "growth_per_year", 0, -0.5, 2);
    int gd = bb_rd_date(L, dm, "growth_from", false);
    s->growth_from_h = 0;
    if (gd != BB_RD_NO_DATE && s->start_day != BB_RD_NO_DATE)
        s->growth_from_h = fmax(0, 24.0 * ((double)gd - (double)s->start_day));
}

static void read_categories(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_group(L, root, "categories", true);
    if (!g)
        return;
    int n = config_setting_length(g);
    if (n == 0)
        bb_rd_err(L, g, NULL, "must define at least one category");
    config_setting_t *c;
    for (int i = 0; (c = bb_rd_entry(L, g, &i, s->ncat, BB_MAX_CATEGORIES, "category", NULL));
         i++) {
        bb_category *k = &s->cat[s->ncat++];
        bb_rd_copy(k->name, sizeof k->name, config_setting_name(c));
        bb_rd_copy(k->label, sizeof k->label, bb_rd_str(L, c, "label", k->name));
        k->rate_per_year = bb_rd_num(L, c, "rate_per_year", NAN, 0, BB_MAX_RATE_PER_YEAR);
        k->growth_per_year = bb_rd_num(L, c, "growth_per_year", s->growth_per_year, -0.5, 2);
        k->person = bb_rd_bool(L, c, "person", true);
        k->acute_share = bb_rd_num(L, c, "acute_share", 0, 0, 1);
        k->triage_close = bb_rd_num(L, c, "triage_close", 0, 0, 1);
        k->escalation_per_year = bb_rd_num(L, c, "escalation_per_year", 0, 0, 1000);
        int d = bb_rd_choice(L, c, "domain", "decentral", DOMAINS,
                             "must be \"decentral\" or \"central\"", false);
        if (d >= 0)
            k->domain = (enum bb_domain)d;
        k->level_p[0] = 1.0;
        bb_rd_probs(L, c, "levels", k->level_p, true);
    }
}

static void workforce(bb_rd *L, const config_setting_t *g, bb_workforce *w)
{
    w->recruit_h.kind = w->train_h.kind = BB_D_CONST;
    config_setting_t *c = bb_rd_group(L, g, "workforce", false);
    if (!c)
        return;
    w->on = true;
    bb_rd_dist(L, c, "recruit_weeks", &w->recruit_h, false, 168.0, 520);
    bb_rd_dist(L, c, "train_weeks", &w->train_h, false, 168.0, 520);
    w->tranche_fte = bb_rd_num(L, c, "tranche_fte", 0, 0, 1000);
    w->attrition_per_year = bb_rd_num(L, c, "attrition_per_year", 0, 0, 1);
}

static int line_index(const bb_scenario *s, const char *name)
{
    return find_name(s->line[0].name, sizeof s->line[0], s->nlines, name);
}

/* An optional budget line by name; -1 when absent. */
static int budget_line(bb_rd *L, const config_setting_t *g, const char *key)
{
    const char *n = bb_rd_str(L, g, key, "");
    if (!n || !*n)
        return -1;
    int i = line_index(L->s, n);
    if (i < 0)
        bb_rd_err(L, bb_rd_member(g, key), NULL,
                  "names no budget line (got \"%s\"; see budget_lines)", n);
    return i;
}

static void read_budget(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_group(L, root, "budget_lines", false);
    config_setting_t *c;
    for (int i = 0; (c = bb_rd_entry(L, g, &i, s->nlines, BB_MAX_LINES, "budget line", NULL));
         i++) {
        bb_budget_line *b = &s->line[s->nlines++];
        bb_rd_copy(b->name, sizeof b->name, config_setting_name(c));
        bb_rd_copy(b->label, sizeof b->label, bb_rd_str(L, c, "label", b->name));
        b->modelled = bb_rd_bool(L, c, "modelled", true);
        b->first_year = bb_rd_int(L, c, "first_year", NAN, 1900, 2999);
        config_setting_t *a = bb_rd_list(L, c, "eur_million");
        if (!a) {
            bb_rd_err(L, c, "eur_million", "is required");
            continue;
        }
        int k = config_setting_length(a);
        if (k < 1 || k > BB_MAX_BUDGET_YEARS)
            bb_rd_err(L, a, NULL, "must hold 1 to %d yearly amounts", BB_MAX_BUDGET_YEARS);
        for (int y = 0; y < k && y < BB_MAX_BUDGET_YEARS; y++) {
            double v;
            if (bb_rd_value(L, bb_rd_at(a, y), 0, 1e6, &v))
                b->eur[y] = v * 1e6;
        }
        b->nyears = k < BB_MAX_BUDGET_YEARS ? k : BB_MAX_BUDGET_YEARS;
    }
}

static const char *const POOL_KEYS[BB_POOLS] = {"information", "advice_decentral",
                                               "advice_central"};

static void read_pools(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_group(L, root, "pools", true);
    for (int i = 0; i < BB_POOLS; i++) {
        bb_pool_spec *p = &s->pool[i];
        bb_rd_copy(p->name, sizeof p->name, POOL_KEYS[i]);
        bb_rd_copy(p->label, sizeof p->label, POOL_KEYS[i]);
        p->office = true;
        p->effort.kind = BB_D_CONST;
        p->cost_per_fte_year = BB_DEFAULT_COST_PER_FTE;
        config_setting_t *c = bb_rd_group(L, g, POOL_KEYS[i], g != NULL);
        if (!c)
            continue;
        bb_rd_copy(p->label, sizeof p->label, bb_rd_str(L, c, "label", p->label));
        int nerr = L->err->n;
        p->fte = bb_rd_num(L, c, "fte", NAN, 0, BB_MAX_FTE);
        bool fte_ok = L->err->n == nerr;
        int h = bb_rd_choice(L, c, "hours", "office", HOURS, "must be \"office\" or \"24/7\"",
                             false);
        if (h >= 0)
            p->office = h == 0;
        p->duty_posts = bb_rd_num(L, c, "duty_posts", 0, 0, 1000);
        bb_rd_dist(L, c, "effort_hours", &p->effort, true, 1.0, 1e5);
        p->acute_effort = p->effort;
        bb_rd_dist(L, c, "acute_effort_hours", &p->acute_effort, false, 1.0, 1e5);
        p->cost_per_fte_year =
            bb_rd_num(L, c, "cost_per_fte_year", BB_DEFAULT_COST_PER_FTE, 0, 1e7);
        workforce(L, c, &p->wf);
        if (fte_ok && p->office && p->duty_posts * bb_post_fte(s) > p->fte + 1e-9)
            bb_rd_err(L, bb_rd_member(c, "duty_posts"), NULL,
                      "needs %.1f FTE for 24/7 duty, more than fte (%g)",
                      p->duty_posts * bb_post_fte(s), p->fte);
        if (!p->office && p->duty_posts > 0)
            bb_rd_err(L, bb_rd_member(c, "duty_posts"), NULL, "applies only to hours = \"office\"");
    }
    config_setting_t *d = bb_rd_group(L, root, "decision", true);
    s->decision_h.kind = BB_D_CONST;
    bb_rd_dist(L, d, "delay_hours", &s->decision_h, d != NULL, 1.0, 1e6);
    s->acute_decision_h = s->decision_h;
    bb_rd_dist(L, d, "acute_delay_hours", &s->acute_decision_h, false, 1.0, 1e6);
}

static void read_providers(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_group(L, root, "providers", true);
    int n = g ? config_setting_length(g) : 0;
    if (g && n == 0)
        bb_rd_err(L, g, NULL, "must define at least one provider");
    config_setting_t *c;
    for (int i = 0; (c = bb_rd_entry(L, g, &i, s->nprov, BB_MAX_PROVIDERS, "provider", NULL));
         i++) {
        bb_provider_spec *p = &s->prov[s->nprov++];
        bb_rd_copy(p->name, sizeof p->name, config_setting_name(c));
        bb_rd_copy(p->label, sizeof p->label, bb_rd_str(L, c, "label", p->name));
        p->fte = bb_rd_num(L, c, "fte", NAN, 0, BB_MAX_FTE);
        p->from_basic = bb_rd_bool(L, c, "from_basic_units", false);
        p->lead_time_h.kind = BB_D_CONST;
        bb_rd_dist(L, c, "lead_time_hours", &p->lead_time_h, false, 1.0, 1e5);
        p->cost_per_fte_year =
            bb_rd_num(L, c, "cost_per_fte_year", BB_DEFAULT_COST_PER_FTE, 0, 1e7);
        p->cost_per_measure = bb_rd_num(L, c, "cost_per_measure", 0, 0, 1e8);
        p->budget_line = budget_line(L, c, "budget_line");
        if (bb_rd_choice(L, c, "when_shrunk", "overrun", WHEN_SHRUNK,
                         "must be \"overrun\" or \"fallback\"", false) == 1)
            p->shrink_to_fallback = true;
        workforce(L, c, &p->wf);
    }
    config_setting_t *b = bb_rd_group(L, root, "basic_units", true);
    s->basic_cap_fte = bb_rd_num(L, b, "cap_fte", NAN, 0, BB_MAX_FTE);
    s->basic_cost_per_hour = bb_rd_num(L, b, "cost_per_hour", 78, 0, 1e5);
    s->basic_acute_cap_fte = bb_rd_num(L, b, "acute_cap_fte", BB_MAX_FTE, 0, BB_MAX_FTE);
    s->basic_budget_line = budget_line(L, b, "budget_line");
    s->basic_mobilise_h.kind = BB_D_CONST;
    bb_rd_dist(L, b, "mobilisation_hours", &s->basic_mobilise_h, false, 1.0, 1e4);
}

/* One part of a package: a provider (or, where allowed, the basic units)
 * and the FTE held there, as fte or as 24/7 posts. */
static bool read_part(bb_rd *L, const config_setting_t *o, bb_part *p, bool basic_ok)
{
    const bb_scenario *s = L->s;
    if (!config_setting_is_group(o)) {
        bb_rd_err(L, o, NULL, "must be a group { provider = \"...\"; fte = N; }");
        return false;
    }
    const char *pn = bb_rd_str(L, o, "provider", NULL);
    int pi = !pn ? -1 : basic_ok && strcmp(pn, "basic_units") == 0 ? BB_PROV_BASIC_ACUTE
                                                                     : provider_index(s, pn);
    if (pn && pi == -1)
        bb_rd_err(L, bb_rd_member(o, "provider"), NULL, "names no provider (got \"%s\")%s", pn,
                  basic_ok ? " or basic_units" : "");
    bool has_fte = config_setting_get_member(o, "fte") != NULL;
    bool has_posts = config_setting_get_member(o, "posts") != NULL;
    double need = 0;
    if (has_fte && has_posts)
        bb_rd_err(L, o, NULL, "must give fte or posts, not both");
    else if (has_posts)
        need = bb_rd_num(L, o, "posts", NAN, 0, 1e4) * bb_post_fte(s);
    else
        need = bb_rd_num(L, o, "fte", NAN, 0, BB_MAX_FTE);
    p->provider = pi;
    p->fte = need;
    return pi != -1;
}

/* An option of a level or of the interim measure: one provider's part,
 * or a package of parts held together (all or nothing). */
static bool read_option(bb_rd *L, const config_setting_t *o, bb_option *out, bool basic_ok,
                        bool continuous)
{
    memset(out, 0, sizeof *out);
    if (!config_setting_is_group(o)) {
        bb_rd_err(L, o, NULL, "must be a group { provider = \"...\"; fte = N; } or "
                  "{ package = ( ... ); }");
        return false;
    }
    bool ok = true;
    config_setting_t *pk = bb_rd_member(o, "package");
    if (pk) {
        if (config_setting_get_member(o, "provider"))
            bb_rd_err(L, o, NULL, "must give provider or package, not both");
        pk = bb_rd_list(L, o, "package");
        int n = pk ? config_setting_length(pk) : 0;
        if (pk && (n < 1 || n > BB_MAX_PARTS))
            bb_rd_err(L, pk, NULL, "must hold 1 to %d providers", BB_MAX_PARTS);
        for (int k = 0; k < n && k < BB_MAX_PARTS; k++) {
            bb_part *p = &out->part[out->nparts];
            if (!read_part(L, bb_rd_at(pk, k), p, basic_ok)) {
                ok = false;
                continue;
            }
            for (int j = 0; j < out->nparts; j++)
                if (out->part[j].provider == p->provider) {
                    bb_rd_err(L, bb_rd_at(pk, k), NULL, "names its provider twice in a package");
                    ok = false;
                }
            out->nparts++;
        }
        ok &= out->nparts > 0;
    } else if ((ok = read_part(L, o, &out->part[0], basic_ok))) {
        out->nparts = 1;
    }
    for (int k = 0; k < out->nparts; k++)
        out->fte += out->part[k].fte;
    out->continuous = bb_rd_bool(L, o, "continuous", continuous);
    return ok;
}

/* The list of options `key` of group c into opt[] (at most
 * BB_MAX_OPTIONS); returns their number. */
static int read_options(bb_rd *L, const config_setting_t *c, const char *key, bb_option *opt,
                        bool basic_ok, bool continuous, bool required)
{
    config_setting_t *ol = bb_rd_list(L, c, key);
    int no = ol ? config_setting_length(ol) : 0, n = 0;
    if (!ol && required)
        bb_rd_err(L, c, key, "is required");
    else if (ol && no == 0)
        bb_rd_err(L, ol, NULL, "must name at least one provider");
    if (no > BB_MAX_OPTIONS)
        bb_rd_err(L, bb_rd_at(ol, BB_MAX_OPTIONS), NULL, "is one option too many (at most %d)",
                  BB_MAX_OPTIONS);
    for (int k = 0; k < no && k < BB_MAX_OPTIONS; k++)
        if (read_option(L, bb_rd_at(ol, k), &opt[n], basic_ok, continuous))
            n++;
    return n;
}

/* The acute path: the interim measure's options and mobilisation delay. */
static void read_interim(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    bb_interim *I = &s->interim;
    I->mobilise_h.kind = BB_D_CONST;
    config_setting_t *g = bb_rd_group(L, root, "interim", false);
    if (!g)
        return;
    I->nopt = read_options(L, g, "options", I->opt, true, false, true);
    bb_rd_dist(L, g, "mobilisation_hours", &I->mobilise_h, false, 1.0, 1e4);
}

static void read_levels(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_group(L, root, "levels", true);
    for (int lv = 1; lv < BB_LEVELS; lv++) {
        char key[32];
        snprintf(key, sizeof key, "level_%d", lv);
        bb_level_spec *v = &s->level[lv];
        snprintf(v->label, sizeof v->label, "level %d", lv);
        v->transition[lv] = 1.0;
        v->repatriate = true;
        v->borrowed_is_package = true;
        v->review_effort.kind = BB_D_CONST;
        config_setting_t *c = bb_rd_group(L, g, key, false);
        if (!c)
            continue;
        bb_rd_copy(v->label, sizeof v->label, bb_rd_str(L, c, "label", v->label));
        bool cont = bb_rd_bool(L, c, "continuous", false);
        v->nopt = read_options(L, c, "providers", v->opt, false, cont, true);
        int wf = bb_rd_choice(L, c, "when_full", "borrow", WHEN_FULL,
                              "must be \"borrow\", \"wait\" or \"downgrade\"", true);
        if (wf >= 0)
            v->when_full = (enum bb_when_full)wf;
        v->repatriate = bb_rd_bool(L, c, "repatriate", true);
        v->borrowed_is_package = bb_rd_bool(L, c, "borrowed_is_package", true);
        bb_rd_dist(L, c, "duration_days", &v->duration_h, true, 24.0, 36600);
        v->review_h = 168.0 * bb_rd_num(L, c, "review_weeks", 0, 0, 5200);
        if (v->review_h > 0 && v->review_h < 1.0) { /* else reviews could stall the clock */
            bb_rd_err(L, bb_rd_member(c, "review_weeks"), NULL,
                      "must be 0 (no reviews) or at least one hour (%.6g weeks)", 1.0 / 168);
            v->review_h = 0;
        }
        bb_rd_dist(L, c, "review_effort_hours", &v->review_effort, false, 1.0, 1e4);
        bb_rd_probs(L, c, "transitions", v->transition, v->review_h > 0);
    }
    /* every level that can be reached must be defined */
    for (int lv = 1; lv < BB_LEVELS; lv++) {
        if (s->level[lv].nopt > 0 || !g)
            continue;
        char key[32];
        snprintf(key, sizeof key, "level_%d", lv);
        if (config_setting_get_member(g, key))
            continue; /* defined but broken: already reported */
        for (int i = 0; i < s->ncat; i++)
            if (s->cat[i].level_p[lv] > 0) {
                bb_rd_err(L, g, key, "is missing, but categories.%s.levels gives level %d a "
                          "probability above 0", s->cat[i].name, lv);
                break;
            }
        for (int from = 1; from < BB_LEVELS; from++)
            if (s->level[from].nopt > 0 && s->level[from].review_h > 0 &&
                s->level[from].transition[lv] > 0 && from != lv)
                bb_rd_err(L, g, key, "is missing, but levels.level_%d.transitions can lead to it",
                          from);
    }
}

/* Hours from the start to `day` (in double: no int overflow whatever the
 * dates; callers check that both are valid dates first). */
static double day_hours(const bb_scenario *s, int day)
{
    return 24.0 * ((double)day - (double)s->start_day);
}

static bool in_run(const bb_scenario *s, int day)
{
    return s->start_day != BB_RD_NO_DATE && s->end_day != BB_RD_NO_DATE && day >= s->start_day &&
           day <= s->end_day;
}

static void read_surges(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_list(L, root, "surges");
    config_setting_t *c;
    for (int i = 0; (c = bb_rd_entry(L, g, &i, s->nsurge, BB_MAX_SURGES, "surge", NULL)); i++) {
        bb_surge *u = &s->surge[s->nsurge++];
        bb_rd_copy(u->name, sizeof u->name, bb_rd_str(L, c, "name", "surge"));
        read_text(L, c, "label_nl", u->label_nl, sizeof u->label_nl);
        /* a surge may lie outside the run (a shared list of events): one
         * that began before run.start raises the rate from the start while
         * it lasts (its extra cases are in the starting state); one after
         * run.end does nothing */
        int d = bb_rd_date(L, c, "date", true);
        bool dated = d != BB_RD_NO_DATE && s->start_day != BB_RD_NO_DATE;
        u->t0 = dated ? day_hours(s, d) : 0;
        u->t1 = u->t0 + 24.0 * bb_rd_num(L, c, "duration_days", 0, 0, 36600);
        u->factor = bb_rd_num(L, c, "rate_factor", 1, 0, 100);
        config_setting_t *cl = bb_rd_list(L, c, "categories");
        int nc = cl ? config_setting_length(cl) : 0;
        for (int k = 0; k < nc; k++) {
            config_setting_t *e = bb_rd_at(cl, k);
            const char *cn = config_setting_type(e) == CONFIG_TYPE_STRING
                                 ? config_setting_get_string(e) : NULL;
            int ci = cn ? category_index(s, cn) : -1;
            if (ci < 0)
                bb_rd_err(L, e, NULL, "names no category");
            else
                u->cat[ci] = true;
        }
        u->extra_cases = bb_rd_int(L, c, "extra_cases", 0, 0, 100000);
        u->extra_level = bb_rd_int(L, c, "extra_level", 4, 1, 4);
        u->extra_category = 0;
        const char *en = bb_rd_str(L, c, "extra_category", s->ncat ? s->cat[0].name : "");
        if (en && s->ncat && (u->extra_category = category_index(s, en)) < 0) {
            bb_rd_err(L, bb_rd_member(c, "extra_category"), NULL,
                      "names no category (got \"%s\")", en);
            u->extra_category = 0;
        }
        if (u->extra_cases > 0 && s->level[u->extra_level].nopt == 0)
            bb_rd_err(L, bb_rd_member(c, "extra_level"), NULL, "names a level that is not defined");
    }
}

static void read_planned(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_list(L, root, "planned");
    config_setting_t *c;
    for (int i = 0; (c = bb_rd_entry(L, g, &i, s->nplanned, BB_MAX_PLANNED, "plan", NULL)); i++) {
        bb_planned *p = &s->planned[s->nplanned++];
        bb_rd_copy(p->name, sizeof p->name, bb_rd_str(L, c, "name", "planned"));
        read_text(L, c, "label_nl", p->label_nl, sizeof p->label_nl);
        const char *pn = bb_rd_str(L, c, "provider", NULL);
        p->provider = pn ? provider_index(s, pn) : -1;
        if (pn && p->provider < 0)
            bb_rd_err(L, bb_rd_member(c, "provider"), NULL, "names no provider (got \"%s\")", pn);
        p->region = bb_regions_named(L, c, -1);
        if (p->region < 0 && p->provider >= 0 && s->prov[p->provider].region >= 0)
            bb_rd_err(L, c, "region", "is required: provider %s is regional", pn);
        p->day0 = bb_rd_date(L, c, "from", true);
        p->day1 = bb_rd_date(L, c, "to", true);
        if (p->day0 != BB_RD_NO_DATE && p->day1 != BB_RD_NO_DATE && p->day1 < p->day0)
            bb_rd_err(L, bb_rd_member(c, "to"), NULL, "must not be before from");
        config_setting_t *w = bb_rd_list(L, c, "weekdays");
        int nw = w ? config_setting_length(w) : 0;
        if (!w)
            bb_rd_err(L, c, "weekdays", "is required");
        for (int k = 0; k < nw; k++) {
            config_setting_t *e = bb_rd_at(w, k);
            int wd = config_setting_type(e) == CONFIG_TYPE_INT ? config_setting_get_int(e) : 0;
            if (wd < 1 || wd > 7)
                bb_rd_err(L, e, NULL, "must be a weekday 1 (Monday) .. 7 (Sunday)");
            else
                p->weekday[wd] = true;
        }
        double officers = bb_rd_num(L, c, "officers", NAN, 0, 1e5);
        double hours = bb_rd_num(L, c, "hours_per_day", 8, 0, 24);
        p->fte = officers * hours / 24.0 * bb_post_fte(s);
    }
}

static void read_changes(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_list(L, root, "changes");
    config_setting_t *c;
    for (int i = 0; (c = bb_rd_entry(L, g, &i, s->nchange, BB_MAX_CHANGES, "change", NULL)); i++) {
        bb_change *x = &s->change[s->nchange];
        x->elem = i;
        int d = bb_rd_date(L, c, "date", true);
        if (d != BB_RD_NO_DATE && !in_run(s, d))
            bb_rd_err(L, bb_rd_member(c, "date"), NULL, "must lie between run.start and run.end");
        x->t = d != BB_RD_NO_DATE && in_run(s, d) ? day_hours(s, d) : 0;
        const char *pool = bb_rd_str(L, c, "pool", "");
        const char *prov = bb_rd_str(L, c, "provider", "");
        x->index = -1;
        if (*pool && *prov) {
            bb_rd_err(L, c, NULL, "must name a pool or a provider, not both");
        } else if (*pool) {
            x->is_pool = true;
            for (int k = 0; k < BB_POOLS; k++)
                if (strcmp(pool, POOL_KEYS[k]) == 0)
                    x->index = k;
            if (x->index < 0)
                bb_rd_err(L, bb_rd_member(c, "pool"), NULL, "names no pool (got \"%s\")", pool);
        } else if (*prov) {
            x->index = provider_index(s, prov);
            if (x->index < 0)
                bb_rd_err(L, bb_rd_member(c, "provider"), NULL,
                          "names no provider (got \"%s\")", prov);
        } else {
            bb_rd_err(L, c, "pool", "or provider is required");
        }
        x->delta = bb_rd_num(L, c, "delta_fte", NAN, -BB_MAX_FTE, BB_MAX_FTE);
        char def[48];
        snprintf(def, sizeof def, "%+g FTE %s", x->delta, *pool ? pool : prov);
        bb_rd_copy(x->label, sizeof x->label, bb_rd_str(L, c, "label", def));
        read_text(L, c, "label_nl", x->label_nl, sizeof x->label_nl);
        if (x->index < 0)
            continue;
        int u[BB_MAX_REGIONS];
        double dl[BB_MAX_REGIONS];
        int k = bb_regions_split(L, c, (x->is_pool ? 0 : BB_POOLS) + x->index, x->delta, u, dl);
        if (s->nchange + k > BB_MAX_CHANGES) {
            bb_rd_err(L, c, NULL, "is one change too many once split over the regions (at most %d)",
                      BB_MAX_CHANGES);
            break;
        }
        bb_change x0 = *x;
        for (int j = 0; j < k; j++) {
            s->change[s->nchange + j] = x0;
            s->change[s->nchange + j].index = x0.is_pool ? u[j] : u[j] - BB_POOLS;
            s->change[s->nchange + j].part = j > 0;
            s->change[s->nchange + j].delta = dl[j];
        }
        s->nchange += k;
    }
}

/* The unit (pool or provider) a change or investment names. */
static int unit_of(bb_rd *L, config_setting_t *c)
{
    const char *pool = bb_rd_str(L, c, "pool", "");
    const char *prov = bb_rd_str(L, c, "provider", "");
    if (*pool && *prov) {
        bb_rd_err(L, c, NULL, "must name a pool or a provider, not both");
    } else if (*pool) {
        for (int k = 0; k < BB_POOLS; k++)
            if (strcmp(pool, POOL_KEYS[k]) == 0)
                return k;
        bb_rd_err(L, bb_rd_member(c, "pool"), NULL, "names no pool (got \"%s\")", pool);
    } else if (*prov) {
        int i = provider_index(L->s, prov);
        if (i >= 0)
            return BB_POOLS + i;
        bb_rd_err(L, bb_rd_member(c, "provider"), NULL, "names no provider (got \"%s\")", prov);
    } else {
        bb_rd_err(L, c, "pool", "or provider is required");
    }
    return -1;
}

static void read_investments(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_list(L, root, "investments");
    config_setting_t *c;
    for (int i = 0; (c = bb_rd_entry(L, g, &i, s->ninvest, BB_MAX_INVEST, "investment", NULL));
         i++) {
        bb_invest *x = &s->invest[s->ninvest];
        int d = bb_rd_date(L, c, "date", true);
        if (d != BB_RD_NO_DATE && !in_run(s, d))
            bb_rd_err(L, bb_rd_member(c, "date"), NULL, "must lie between run.start and run.end");
        x->t = d != BB_RD_NO_DATE && in_run(s, d) ? day_hours(s, d) : 0;
        x->unit = unit_of(L, c);
        x->delta = bb_rd_num(L, c, "delta_fte", NAN, -BB_MAX_FTE, BB_MAX_FTE);
        x->line = budget_line(L, c, "budget_line");
        char def[48];
        snprintf(def, sizeof def, "%+g FTE %s", x->delta,
                 x->unit >= 0 ? bb_unit_name(s, x->unit) : "");
        bb_rd_copy(x->label, sizeof x->label, bb_rd_str(L, c, "label", def));
        read_text(L, c, "label_nl", x->label_nl, sizeof x->label_nl);
        if (x->unit < 0)
            continue;
        int u[BB_MAX_REGIONS];
        double dl[BB_MAX_REGIONS];
        int k = bb_regions_split(L, c, x->unit, x->delta, u, dl);
        if (s->ninvest + k > BB_MAX_INVEST) {
            bb_rd_err(L, c, NULL,
                      "is one investment too many once split over the regions (at most %d)",
                      BB_MAX_INVEST);
            break;
        }
        bb_invest x0 = *x;
        for (int j = 0; j < k; j++) {
            s->invest[s->ninvest + j] = x0;
            s->invest[s->ninvest + j].unit = u[j];
            s->invest[s->ninvest + j].part = j > 0;
            s->invest[s->ninvest + j].delta = dl[j];
        }
        s->ninvest += k;
    }
}

/* The FTE of every pool and provider must stay >= 0 through its changes
 * and investments in date order. */
static void check_nonnegative(bb_rd *L, const config_setting_t *root)
{
    const bb_scenario *s = L->s;
    config_setting_t *gc = config_setting_get_member(root, "changes");
    config_setting_t *gi = config_setting_get_member(root, "investments");
    int n = s->nchange + s->ninvest;
    for (int i = 0; i < n; i++) {
        bool ci = i < s->nchange;
        int ui = ci ? (s->change[i].is_pool ? 0 : BB_POOLS) + s->change[i].index
                    : s->invest[i - s->nchange].unit;
        double ti = ci ? s->change[i].t : s->invest[i - s->nchange].t;
        double fte = bb_unit_fte(s, ui);
        for (int k = 0; k < n; k++) {
            bool ck = k < s->nchange;
            int uk = ck ? (s->change[k].is_pool ? 0 : BB_POOLS) + s->change[k].index
                        : s->invest[k - s->nchange].unit;
            double tk = ck ? s->change[k].t : s->invest[k - s->nchange].t;
            if (uk == ui && (tk < ti || (tk == ti && k <= i)))
                fte += ck ? s->change[k].delta : s->invest[k - s->nchange].delta;
        }
        if (fte < -1e-9) {
            config_setting_t *g = ci ? gc : gi;
            config_setting_t *e = g && config_setting_length(g) > (ci ? i : i - s->nchange)
                                      ? config_setting_get_elem(g, (unsigned)(ci ? i : i - s->nchange))
                                      : NULL;
            bb_rd_err(L, e, "delta_fte", "takes %s below 0 FTE (to %g)", bb_unit_name(s, ui), fte);
            return;
        }
        if (fte > BB_MAX_FTE) {
            config_setting_t *g = ci ? gc : gi;
            config_setting_t *e = g && config_setting_length(g) > (ci ? i : i - s->nchange)
                                      ? config_setting_get_elem(g, (unsigned)(ci ? i : i - s->nchange))
                                      : NULL;
            bb_rd_err(L, e, "delta_fte", "takes %s above %g FTE (to %g)", bb_unit_name(s, ui),
                      BB_MAX_FTE, fte);
            return;
        }
    }
}

static void read_initial(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    config_setting_t *g = bb_rd_group(L, root, "initial", false);
    if (!g)
        return;
    config_setting_t *a = bb_rd_list(L, g, "active");
    config_setting_t *c;
    for (int i = 0;
         (c = bb_rd_entry(L, a, &i, s->ninitial, BB_MAX_INITIAL, "entry",
                         "must be a group { level; provider; category; count; }"));
         i++) {
        bb_initial *x = &s->initial[s->ninitial];
        x->level = bb_rd_int(L, c, "level", NAN, 1, 4);
        if (s->level[x->level].nopt == 0)
            bb_rd_err(L, bb_rd_member(c, "level"), NULL, "names a level that is not defined");
        const char *pn = bb_rd_str(L, c, "provider", NULL);
        x->provider = pn ? provider_index(s, pn) : -1;
        if (pn && x->provider < 0)
            bb_rd_err(L, bb_rd_member(c, "provider"), NULL, "names no provider (got \"%s\")", pn);
        const char *cn = bb_rd_str(L, c, "category", s->ncat ? s->cat[0].name : "");
        x->category = cn ? category_index(s, cn) : -1;
        if (cn && x->category < 0)
            bb_rd_err(L, bb_rd_member(c, "category"), NULL, "names no category (got \"%s\")", cn);
        x->count = bb_rd_int(L, c, "count", NAN, 0, 1e6);
        x->region = bb_regions_named(L, c, -1);
        bool option = false;
        for (int k = 0; k < s->level[x->level].nopt; k++)
            for (int j = 0; j < s->level[x->level].opt[k].nparts; j++)
                option |= s->level[x->level].opt[k].part[j].provider == x->provider;
        if (x->provider >= 0 && !option && s->level[x->level].nopt > 0)
            bb_rd_err(L, bb_rd_member(c, "provider"), NULL,
                      "is not in an option of levels.level_%d.providers", x->level);
        if (x->provider >= 0 && x->category >= 0)
            s->ninitial++;
    }
    config_setting_t *b = bb_rd_group(L, g, "backlog", false);
    for (int i = 0; i < BB_POOLS; i++)
        s->backlog[i] = bb_rd_int(L, b, POOL_KEYS[i], 0, 0, 1e6);
}

void bb_sections_read(bb_rd *L, const config_setting_t *root)
{
    read_run(L, root, L->file);
    read_categories(L, root);
    read_budget(L, root);
    read_pools(L, root);
    read_providers(L, root);
    bb_regions_read(L, root);
    read_levels(L, root);
    read_interim(L, root);
    read_surges(L, root);
    read_planned(L, root);
    read_changes(L, root);
    read_investments(L, root);
    check_nonnegative(L, root);
    read_initial(L, root);
}

/* Budget of a line in a calendar year (EUR): from its first year on, the
 * last amount repeating for later years. */
double bb_line_budget(const bb_budget_line *l, int year)
{
    int k = year - l->first_year;
    if (k < 0 || l->nyears == 0)
        return 0.0;
    return l->eur[k < l->nyears ? k : l->nyears - 1];
}
