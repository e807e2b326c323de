/*
 * regions.c - the regions section of a scenario: the regional police
 * units, their share of demand and of capacity, assistance between them,
 * and the regional providers made one provider per region.
 *
 * A scenario without a regions section is one region ("all") with the
 * national figures: every provider serves it, the basic units' limits
 * are the national ones, and nothing else changes (the same bytes as
 * before regions existed).
 *
 * With a regions section, a provider marked `regional = true` becomes one
 * provider per region, named <provider>_<region>, each with the
 * provider's lead time, cost and workforce and its own FTE (the region's
 * `fte` for it, or the provider's FTE times the region's capacity share).
 * A level's option, the starting state or a planned calendar that names
 * the provider means, for a case, the one of its own region
 * (bb_provider_spec.inst). The basic units' borrowing limits are split
 * the same way. Investments and changes name a region (`region = "..."`)
 * or are split over the regions by capacity share (bb_regions_split).
 */
#include "sections.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int bb_region_index(const bb_scenario *s, const char *name)
{
    for (int r = 0; r < s->nreg; r++)
        if (strcmp(s->reg[r].name, name) == 0)
            return r;
    return -1;
}

/* One region for the whole country: a scenario without regions. */
static void one_region(bb_scenario *s)
{
    s->nreg = 1;
    s->regional = false;
    bb_region *g = &s->reg[0];
    memset(g, 0, sizeof *g);
    bb_rd_copy(g->name, sizeof g->name, "all");
    bb_rd_copy(g->label, sizeof g->label, "Nederland");
    g->demand_p = 1.0;
    g->cap_share = 1.0;
    g->basic_cap_fte = s->basic_cap_fte;
    g->basic_acute_cap_fte = s->basic_acute_cap_fte;
    s->nfam = s->nprov;
    for (int p = 0; p < s->nprov; p++) {
        bb_rd_copy(s->prov[p].family, sizeof s->prov[p].family, s->prov[p].name);
        bb_rd_copy(s->prov[p].flabel, sizeof s->prov[p].flabel, s->prov[p].label);
        s->prov[p].fam = p;
        s->fam_first[p] = p;
        s->fam_n[p] = 1;
        s->prov[p].region = -1;
        for (int r = 0; r < BB_MAX_REGIONS; r++)
            s->prov[p].inst[r] = p;
    }
}

static int line_of(bb_rd *L, const config_setting_t *g, const char *key)
{
    const char *n = bb_rd_str(L, g, key, "");
    if (!n || !*n)
        return -1;
    for (int i = 0; i < L->s->nlines; i++)
        if (strcmp(L->s->line[i].name, n) == 0)
            return i;
    bb_rd_err(L, bb_rd_member(g, key), NULL, "names no budget line (got \"%s\"; see budget_lines)",
              n);
    return -1;
}

/* Make every regional provider one provider per region. */
static void expand(bb_rd *L, const config_setting_t *pg, const config_setting_t *units)
{
    bb_scenario *s = L->s;
    bb_provider_spec *out = malloc(BB_MAX_PROVIDERS * sizeof *out);
    if (!out) {
        bb_rd_err(L, pg, NULL, "out of memory");
        return;
    }
    bool regional[BB_MAX_PROVIDERS] = {false};
    int n = 0;
    for (int p = 0; p < s->nprov; p++) {
        config_setting_t *c = pg ? config_setting_get_member(pg, s->prov[p].name) : NULL;
        regional[p] = c && bb_rd_bool(L, c, "regional", false);
        n += regional[p] ? s->nreg : 1;
    }
    if (n > BB_MAX_PROVIDERS) {
        bb_rd_err(L, pg, NULL, "has %d providers once the regional ones are one per region "
                  "(at most %d)", n, BB_MAX_PROVIDERS);
        free(out);
        s->nreg = 1;
        s->regional = false;
        return;
    }
    n = 0;
    for (int p = 0; p < s->nprov; p++) {
        const bb_provider_spec *q = &s->prov[p];
        s->fam_first[p] = n;
        s->fam_n[p] = regional[p] ? s->nreg : 1;
        if (!regional[p]) {
            out[n] = *q;
            bb_rd_copy(out[n].family, sizeof out[n].family, q->name);
            out[n].fam = p;
            out[n].region = -1;
            n++;
            continue;
        }
        for (int r = 0; r < s->nreg; r++) {
            bb_provider_spec *o = &out[n++];
            *o = *q;
            bb_rd_copy(o->family, sizeof o->family, q->name);
            o->fam = p;
            o->region = r;
            if (s->nreg == 1) /* one region: the provider keeps its name */
                goto fte;
            if (strlen(q->name) + 1 + strlen(s->reg[r].name) >= sizeof o->name)
                bb_rd_err(L, pg, q->name, "with region %s makes a name over %zu bytes",
                          s->reg[r].name, sizeof o->name - 1);
            snprintf(o->name, sizeof o->name, "%.*s_%s", (int)(sizeof o->name / 2 - 1), q->name,
                     s->reg[r].name);
            snprintf(o->label, sizeof o->label, "%.*s %s", (int)(sizeof o->label / 2 - 1),
                     q->label, s->reg[r].label);
        fte:;
            config_setting_t *u = config_setting_get_elem(units, (unsigned)r);
            config_setting_t *f = u ? bb_rd_group(L, u, "fte", false) : NULL;
            o->fte = f ? bb_rd_num(L, f, q->name, q->fte * s->reg[r].cap_share, 0, BB_MAX_FTE)
                       : q->fte * s->reg[r].cap_share;
        }
    }
    memcpy(s->prov, out, (size_t)n * sizeof *out);
    free(out);
    s->nprov = n;
    for (int p = 0; p < n; p++)
        for (int r = 0; r < BB_MAX_REGIONS; r++) {
            s->prov[p].inst[r] = p;
            if (s->prov[p].region >= 0 && r < s->nreg)
                for (int k = 0; k < n; k++)
                    if (s->prov[k].region == r && !strcmp(s->prov[k].family, s->prov[p].family))
                        s->prov[p].inst[r] = k;
        }
    /* the names an fte group gives must be regional providers */
    for (int r = 0; r < s->nreg; r++) {
        config_setting_t *u = config_setting_get_elem(units, (unsigned)r);
        config_setting_t *f = u ? config_setting_get_member(u, "fte") : NULL;
        for (int k = 0; f && config_setting_is_group(f) && k < config_setting_length(f); k++) {
            config_setting_t *e = config_setting_get_elem(f, (unsigned)k);
            const char *nm = config_setting_name(e);
            bool ok = false;
            for (int p = 0; p < n; p++)
                ok |= s->prov[p].region >= 0 && !strcmp(s->prov[p].family, nm);
            if (!ok)
                bb_rd_err(L, e, NULL, "names no regional provider (providers.%s.regional)", nm);
        }
    }
}

void bb_regions_read(bb_rd *L, const config_setting_t *root)
{
    bb_scenario *s = L->s;
    one_region(s);
    config_setting_t *g = bb_rd_group(L, root, "regions", false);
    if (!g) {
        /* providers.*.regional means nothing without regions: read, so
         * a scenario whose regions section is removed still loads */
        config_setting_t *pg = bb_rd_member(root, "providers");
        for (int p = 0; p < s->nprov; p++) {
            config_setting_t *c = pg ? config_setting_get_member(pg, s->prov[p].name) : NULL;
            if (c)
                bb_rd_bool(L, c, "regional", false);
        }
        return;
    }
    config_setting_t *units = bb_rd_group(L, g, "units", true);
    int n = units ? config_setting_length(units) : 0;
    if (units && n < 1) {
        bb_rd_err(L, units, NULL, "must define at least one region");
        return;
    }
    if (n > BB_MAX_REGIONS) {
        bb_rd_err(L, units, NULL, "has %d regions (at most %d)", n, BB_MAX_REGIONS);
        return;
    }
    if (n == 0)
        return;
    s->nreg = n;
    s->regional = true;
    double pop[BB_MAX_REGIONS], dem[BB_MAX_REGIONS], cap[BB_MAX_REGIONS];
    double tdem = 0, tcap = 0;
    for (int r = 0; r < n; r++) {
        config_setting_t *u = bb_rd_at(units, r);
        bb_region *x = &s->reg[r];
        memset(x, 0, sizeof *x);
        bb_rd_copy(x->name, sizeof x->name, config_setting_name(u));
        if (!config_setting_is_group(u)) {
            bb_rd_err(L, u, NULL, "must be a group { population_share = ...; }");
            pop[r] = dem[r] = cap[r] = 1;
            continue;
        }
        bb_rd_copy(x->label, sizeof x->label, bb_rd_str(L, u, "label", x->name));
        pop[r] = bb_rd_num(L, u, "population_share", NAN, 0, 1);
        double f = bb_rd_num(L, u, "demand_factor", 1.0, 0, 100);
        dem[r] = pop[r] * f;
        cap[r] = bb_rd_num(L, u, "capacity_share", pop[r], 0, 1);
        tdem += dem[r];
        tcap += cap[r];
    }
    if (!(tdem > 0))
        bb_rd_err(L, units, NULL, "must give some region demand (population_share x demand_factor)");
    if (!(tcap > 0))
        bb_rd_err(L, units, NULL, "must give some region capacity (capacity_share)");
    for (int r = 0; r < n; r++) {
        bb_region *x = &s->reg[r];
        x->demand_p = tdem > 0 ? dem[r] / tdem : 1.0 / n;
        x->cap_share = tcap > 0 ? cap[r] / tcap : 1.0 / n;
        x->basic_cap_fte = s->basic_cap_fte * x->cap_share;
        x->basic_acute_cap_fte = s->basic_acute_cap_fte * x->cap_share;
    }
    /* assistance: whom each region asks, in order (default: all others) */
    for (int r = 0; r < n; r++) {
        config_setting_t *u = config_setting_get_elem(units, (unsigned)r);
        bb_region *x = &s->reg[r];
        config_setting_t *a = u && config_setting_is_group(u) ? bb_rd_list(L, u, "assist_from")
                                                              : NULL;
        if (!a) {
            for (int k = 0; k < n; k++)
                if (k != r)
                    x->assist[x->nassist++] = k;
            continue;
        }
        for (int k = 0; k < config_setting_length(a); k++) {
            config_setting_t *e = bb_rd_at(a, k);
            const char *nm = config_setting_get_string(e);
            int j = nm ? bb_region_index(s, nm) : -1;
            if (j < 0 || j == r)
                bb_rd_err(L, e, NULL, "must name another region (got \"%s\")", nm ? nm : "?");
            else if (x->nassist < BB_MAX_REGIONS)
                x->assist[x->nassist++] = j;
        }
    }
    config_setting_t *as = bb_rd_group(L, g, "assistance", false);
    s->assist.allowed = as ? bb_rd_bool(L, as, "allowed", true) : false;
    s->assist.delay_h.kind = BB_D_CONST;
    s->assist.delay_h.a = 0;
    bb_rd_dist(L, as, "delay_hours", &s->assist.delay_h, false, 1.0, 1e5);
    s->assist.cost_per_measure = bb_rd_num(L, as, "cost_per_measure", 0, 0, 1e8);
    s->assist.budget_line = line_of(L, as, "budget_line");
    expand(L, bb_rd_member(root, "providers"), units);
}

/* The units and their weights (split below). */
static int split(bb_rd *L, const config_setting_t *c, int unit, int *units, double *w)
{
    const bb_scenario *s = L->s;
    const char *rn = bb_rd_str(L, c, "region", "");
    if (unit < BB_POOLS) {
        if (rn && *rn)
            bb_rd_err(L, bb_rd_member(c, "region"), NULL, "is for a regional provider, not a pool");
        units[0] = unit;
        w[0] = 1;
        return 1;
    }
    const bb_provider_spec *p = &s->prov[unit - BB_POOLS];
    config_setting_t *rl = bb_rd_member(c, "regions");
    if (rl && p->region >= 0 && !(rn && *rn)) {
        /* a list of regions: the FTE evenly over them */
        int n = 0;
        if (!config_setting_is_array(rl) || config_setting_length(rl) < 1)
            bb_rd_err(L, rl, NULL, "must be a list of region names [\"...\", ...]");
        for (int k = 0; config_setting_is_array(rl) && k < config_setting_length(rl); k++) {
            config_setting_t *e = bb_rd_at(rl, k);
            const char *nm = config_setting_get_string(e);
            int r = nm ? bb_region_index(s, nm) : -1;
            if (r < 0)
                bb_rd_err(L, e, NULL, "names no region (got \"%s\")", nm ? nm : "?");
            else if (n < BB_MAX_REGIONS)
                units[n++] = BB_POOLS + p->inst[r];
        }
        for (int k = 0; k < n; k++)
            w[k] = 1.0 / n;
        if (n > 0)
            return n;
    } else if (rl) {
        bb_rd_err(L, rl, NULL, "is for a regional provider, without region");
    }
    if (rn && *rn) {
        int r = bb_region_index(s, rn);
        if (r < 0) {
            bb_rd_err(L, bb_rd_member(c, "region"), NULL, "names no region (got \"%s\")", rn);
        } else if (p->region < 0) {
            bb_rd_err(L, bb_rd_member(c, "region"), NULL,
                      "is given, but provider %s is national (providers.%s.regional)", p->family,
                      p->family);
        } else {
            units[0] = BB_POOLS + p->inst[r];
            w[0] = 1;
            return 1;
        }
    }
    if (p->region < 0 || (rn && *rn)) {
        units[0] = unit;
        w[0] = 1;
        return 1;
    }
    for (int r = 0; r < s->nreg; r++) {
        units[r] = BB_POOLS + p->inst[r];
        w[r] = s->reg[r].cap_share;
    }
    return s->nreg;
}

int bb_regions_split(bb_rd *L, const config_setting_t *c, int unit, double delta, int *units,
                     double *deltas)
{
    double w[BB_MAX_REGIONS];
    int n = split(L, c, unit, units, w);
    for (int k = 0; k < n; k++)
        deltas[k] = n == 1 && w[k] == 1.0 ? delta : delta * w[k];
    return n;
}

int bb_regions_named(bb_rd *L, const config_setting_t *c, int def)
{
    const char *rn = bb_rd_str(L, c, "region", "");
    if (!rn || !*rn)
        return def;
    int r = bb_region_index(L->s, rn);
    if (r < 0)
        bb_rd_err(L, bb_rd_member(c, "region"), NULL, "names no region (got \"%s\")", rn);
    return r < 0 ? def : r;
}
