/*
 * data.c - looking the figures up: an index of every yearly and summary
 * row by (scenario, year, metric, group), the budget rows of a year, a
 * scenario's title and its providers' labels.
 */
#include "rp.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a over the key's parts. */
static uint32_t hash_key(int k, int year, const char *metric, const char *group)
{
    uint32_t h = 2166136261u;
    h = (h ^ (uint32_t)k) * 16777619u;
    h = (h ^ (uint32_t)year) * 16777619u;
    for (const char *p = metric; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    h = (h ^ 0xffu) * 16777619u;
    for (const char *p = group; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

int rp_index(rp_data *d)
{
    int n = 1;
    while (n < 2 * d->nrow + 16)
        n *= 2;
    d->hash = malloc((size_t)n * sizeof *d->hash);
    if (!d->hash)
        return -1;
    d->nhash = n;
    for (int i = 0; i < n; i++)
        d->hash[i] = -1;
    for (int i = 0; i < d->nrow; i++) {
        const rp_row *r = &d->row[i];
        uint32_t h = hash_key(r->k, r->year, r->metric, r->group) & (uint32_t)(n - 1);
        while (d->hash[h] >= 0)
            h = (h + 1) & (uint32_t)(n - 1);
        d->hash[h] = i; /* a repeated row: the first one is found */
    }
    return 0;
}

rp_val rp_get(const rp_data *d, int k, int year, const char *metric, const char *group)
{
    rp_val none = {NAN, NAN, NAN, -1, NAN, NAN, NAN, -1};
    if (!d->hash || k < 0 || k >= d->ns)
        return none;
    uint32_t m = (uint32_t)(d->nhash - 1), h = hash_key(k, year, metric, group) & m;
    for (; d->hash[h] >= 0; h = (h + 1) & m) {
        const rp_row *r = &d->row[d->hash[h]];
        if (r->k == k && r->year == year && strcmp(r->metric, metric) == 0 &&
            strcmp(r->group, group) == 0)
            return r->v;
    }
    return none;
}

bool rp_has_metric(const rp_data *d, const char *metric)
{
    for (int i = 0; i < d->nrow; i++)
        if (strcmp(d->row[i].metric, metric) == 0)
            return true;
    return false;
}

int rp_budget_rows(const rp_data *d, int k, int year, const rp_brow **out, int max)
{
    int n = 0;
    for (int i = 0; i < d->nbrow && n < max; i++)
        if (d->brow[i].k == k && d->brow[i].year == year)
            out[n++] = &d->brow[i];
    return n;
}

const char *rp_scen_title(const rp_data *d, int k)
{
    const rp_scen *s = &d->s[k];
    if (d->lang == RP_NL && s->title_nl)
        return s->title_nl;
    if (s->title)
        return s->title;
    if (s->title_nl)
        return s->title_nl;
    return s->name;
}

const char *rp_scen_short(const rp_data *d, int k, char *buf, size_t n)
{
    const char *t = rp_scen_title(d, k);
    const char *colon = strchr(t, ':');
    int len = colon ? (int)(colon - t) : (int)strlen(t);
    snprintf(buf, n, "%.*s", len, t);
    return buf;
}

const char *rp_prov_label(const rp_data *d, int k, const char *id)
{
    if (k < 0 || k >= d->ns)
        return NULL;
    for (int p = 0; p < d->s[k].nprov; p++)
        if (strcmp(d->s[k].prov_id[p], id) == 0)
            return d->s[k].prov_label[p];
    return NULL;
}
