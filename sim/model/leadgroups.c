/*
 * leadgroups.c - the lead-time figures of each group of records, for the
 * metric rows: per group (all, acute, regular, a level, an acute level, a
 * category, a region) and per intake year or the whole run, the cases
 * needing measures, protected and never protected, and per kind (first
 * action, definitive package) how many reached their target time, how
 * many were within it, and the exact p50, p90 and p95.
 *
 * One year's records (or the whole run's) are read once for all groups
 * at once: the pass counts per cell and copies each record's lead times
 * into "all"'s value lists, with no check of the target time before the
 * last records (intake order). A group whose cases past their target
 * are as many as the whole year's is the same set of cases (every group
 * is part of "all"), so its quantiles are those of "all" and its values
 * are not copied: a scenario of one category, or whose cases all have
 * one level, takes its quantiles once and reads its records once. Only
 * where some group differs from "all" does a second pass copy the values
 * of those groups (at most five a record). The quantiles are taken when a
 * row asks for them (exact selection, bb_quantiles_select: the three
 * from one array). Reading each group's records separately cost a
 * quarter of a 100-year loss model's run (docs/performance.md).
 *
 * The whole run's rows come first: its pass counts the records a year at
 * a time (the years cover the records, in intake order, so the values are
 * appended as one pass would) and keeps each year's cells and regions
 * (ltg_tally); a year's rows in the same metric call take those counts
 * and only copy the year's values. A call at another time counts again.
 */
#include "model/schema.h"
#include <stdlib.h>
#include <string.h>

/* The groups record r belongs to, in g[]; their number. */
static int groups_of(const bb_scenario *s, const crec *r, int *g)
{
    int n = 0;
    g[n++] = G_ALL;
    g[n++] = r->acute ? G_ACUTE : G_REGULAR;
    if (r->level >= 1 && r->level < BB_LEVELS) {
        g[n++] = G_LEVEL1 + r->level - 1;
        if (r->acute)
            g[n++] = G_ACUTE_LEVEL1 + r->level - 1;
    }
    if (r->cat >= 0 && r->cat < s->ncat)
        g[n++] = G_CAT + r->cat;
    if (s->regional && r->region < s->nreg)
        g[n++] = ltg_region0(s) + r->region;
    return n;
}

/* Does group g keep its own values of kind k (else it shares "all"'s)? */
static bool own_values(const ltg_table *t, int g, int k)
{
    return g == G_ALL || t->st[g].n[k] != t->st[G_ALL].n[k];
}

static void add(ltg_stats *to, const ltg_stats *c)
{
    to->needing += c->needing;
    to->protected_def += c->protected_def;
    to->never += c->never;
    for (int k = 0; k < BB_KINDS; k++) {
        to->n[k] += c->n[k];
        to->within[k] += c->within[k];
    }
}

static void fail(bb_sim *m, ltg_table *t)
{
    for (int g = 0; g < t->ng; g++) {
        t->st[g].qdone = true;
        for (int k = 0; k < BB_KINDS; k++)
            t->st[g].q[k][0] = t->st[g].q[k][1] = t->st[g].q[k][2] = NAN;
    }
    if (!m->error[0]) /* never a silent hole: the run fails */
        snprintf(m->error, sizeof m->error, "out of memory computing lead-time quantiles");
}

/* One record into a cell's or a region's counts (add() with a whole
 * ltg_stats built per record cost the counting pass a third more). */
static inline void tally(ltg_stats *x, long def, long never, long d0, long d1, long in0,
                         long in1)
{
    x->needing++;
    x->protected_def += def;
    x->never += never;
    x->n[0] += (size_t)d0;
    x->n[1] += (size_t)d1;
    x->within[0] += in0;
    x->within[1] += in1;
}

/* The counting pass over n records from r: into their cells and
 * regions (cell NULL: none, the values only, for a year whose counts the
 * whole run's pass kept), "all"'s values of each kind appended to all[k].
 * `check`: some records' target times may be after the end of the run. */
static inline __attribute__((always_inline)) void
count(const bb_sim *m, const crec *rec, size_t n, ltg_stats *cell, ltg_stats *reg,
      double **all, size_t *nall, bool check, bool regional)
{
    _Static_assert(BB_KINDS == 2, "two kinds of lead time");
    const bb_scenario *s = m->s;
    const int ncat = s->ncat, nreg = s->nreg;
    const double now = m->now;
    /* the target times and their bounds with the tolerance, once; the
     * value lists in locals (stores through them could otherwise change
     * the counts, for all the compiler knows) */
    double T[2][2], Te[2][2];
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 2; k++) {
            T[a][k] = s->target_h[a][k];
            Te[a][k] = T[a][k] + EPS;
        }
    double *restrict v0 = all[0] + nall[0], *restrict v1 = all[1] + nall[1];
    for (size_t i = 0; i < n; i++) {
        const crec *r = &rec[i];
        int a = r->acute;
        double l0 = r->lead[0], l1 = r->lead[1];
        /* its target times are after the end of the run: not counted */
        bool d0 = !check || !(r->t_in + T[a][0] > now);
        bool d1 = !check || !(r->t_in + T[a][1] > now);
        if (cell) {
            int lv = r->level < BB_LEVELS ? r->level : 0;
            ltg_stats *c = &cell[(a * BB_LEVELS + lv) * ncat + r->cat];
            ltg_stats *e = regional && r->region < nreg ? &reg[r->region] : NULL;
            long def = isfinite(r->lead[BB_DEFINITIVE]), never = r->never != NP_NO;
            long in0 = d0 && l0 <= Te[a][0], in1 = d1 && l1 <= Te[a][1];
            tally(c, def, never, d0, d1, in0, in1);
            if (e)
                tally(e, def, never, d0, d1, in0, in1);
        }
        if (d0)
            *v0++ = l0;
        if (d1)
            *v1++ = l1;
    }
    nall[0] = (size_t)(v0 - all[0]);
    nall[1] = (size_t)(v1 - all[1]);
}

static void to_tally(ltg_tally *x, const ltg_stats *c)
{
    *x = (ltg_tally){(uint32_t)c->needing, (uint32_t)c->protected_def, (uint32_t)c->never,
                     {(uint32_t)c->n[0], (uint32_t)c->n[1]},
                     {(uint32_t)c->within[0], (uint32_t)c->within[1]}};
}

static void from_tally(ltg_stats *c, const ltg_tally *x)
{
    c->needing = x->needing;
    c->protected_def = x->protected_def;
    c->never = x->never;
    for (int k = 0; k < BB_KINDS; k++) {
        c->n[k] = x->n[k];
        c->within[k] = x->within[k];
    }
}

/* The whole run's counting pass, a year at a time: each year's cells and
 * regions kept in t->yt for the years' rows (which then only copy their
 * values), their sums into cell and reg; the values appended in record
 * order, as one pass would. False (nothing done) where the years do not
 * cover the records, a year is too large for the tallies, or there is
 * no memory: then the whole run is counted in one pass. */
static bool count_years(bb_sim *m, ltg_table *t, size_t cut, ltg_stats *cell, ltg_stats *reg,
                        double **all, size_t *nall)
{
    const bb_scenario *s = m->s;
    const recs *R = &m->recs;
    int ny = s->schema ? s->schema->nyears : 0, ncell = 2 * BB_LEVELS * s->ncat;
    int nr = s->regional ? s->nreg : 0;
    size_t per = (size_t)ncell + (size_t)nr;
    if (ny <= 0 || m->rec_year[0] != 0 || m->rec_year[ny] != R->n)
        return false;
    for (int y = 0; y < ny; y++)
        if (m->rec_year[y + 1] - m->rec_year[y] > UINT32_MAX)
            return false;
    if ((size_t)ny * per > t->ytcap) {
        ltg_tally *x = realloc(t->yt, (size_t)ny * per * sizeof *x);
        if (!x)
            return false;
        t->yt = x;
        t->ytcap = (size_t)ny * per;
    }
    enum { CELLS = 2 * BB_LEVELS * BB_MAX_CATEGORIES };
    for (int y = 0; y < ny; y++) {
        ltg_stats yc[CELLS], yr[BB_MAX_REGIONS];
        memset(yc, 0, (size_t)ncell * sizeof *yc);
        memset(yr, 0, sizeof yr);
        size_t a = m->rec_year[y], b = m->rec_year[y + 1];
        size_t mid = a > cut ? a : b < cut ? b : cut; /* before it no target time is later */
        if (s->regional) {
            count(m, R->r + a, mid - a, yc, yr, all, nall, false, true);
            count(m, R->r + mid, b - mid, yc, yr, all, nall, true, true);
        } else {
            count(m, R->r + a, mid - a, yc, yr, all, nall, false, false);
            count(m, R->r + mid, b - mid, yc, yr, all, nall, true, false);
        }
        ltg_tally *x = t->yt + (size_t)y * per;
        for (int i = 0; i < ncell; i++) {
            to_tally(&x[i], &yc[i]);
            add(&cell[i], &yc[i]);
        }
        for (int k = 0; k < nr; k++) {
            to_tally(&x[ncell + k], &yr[k]);
            add(&reg[k], &yr[k]);
        }
    }
    t->yt_ok = true;
    return true;
}

/* Count and copy the records of year y (-1: the whole run) for every
 * group. "All" keeps its values of kind k at v[k * nrec], copied while
 * counting; the other groups' values follow, in a second pass that only
 * a group which is not the same set as "all" needs. */
static void fill(bb_sim *m, ltg_table *t, int y)
{
    const bb_scenario *s = m->s;
    const recs *R = &m->recs;
    size_t lo = y >= 0 ? m->rec_year[y] : 0, hi = y >= 0 ? m->rec_year[y + 1] : R->n;
    size_t nrec = hi - lo;
    t->y = y;
    memset(t->st, 0, (size_t)t->ng * sizeof *t->st);
    if (BB_KINDS * nrec > t->vcap) {
        double *v = realloc(t->v, BB_KINDS * nrec * sizeof *v);
        if (!v) {
            fail(m, t);
            return;
        }
        t->v = v;
        t->vcap = BB_KINDS * nrec;
    }
    /* counted per cell (urgency, level, category) and per region, then
     * summed into the groups: two counts per record instead of six */
    enum { CELLS = 2 * BB_LEVELS * BB_MAX_CATEGORIES };
    ltg_stats cell[CELLS], reg[BB_MAX_REGIONS];
    int ncell = 2 * BB_LEVELS * s->ncat;
    memset(cell, 0, (size_t)ncell * sizeof *cell);
    memset(reg, 0, sizeof reg);
    double *all[BB_KINDS];
    size_t nall[BB_KINDS] = {0};
    for (int k = 0; k < BB_KINDS; k++)
        all[k] = nrec ? t->v + k * nrec : NULL; /* NULL + 0 is UB */
    /* records are in intake order, and t_in + T rounds monotonically:
     * before `cut` every record's target times have passed */
    double Tmax = 0;
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < BB_KINDS; k++)
            Tmax = fmax(Tmax, s->target_h[a][k]);
    size_t cut = lo, top = hi;
    while (cut < top) {
        size_t mid = cut + (top - cut) / 2;
        if (R->r[mid].t_in + Tmax > m->now)
            top = mid;
        else
            cut = mid + 1;
    }
    if (y >= 0 && t->yt_ok) { /* counted by the whole run's pass */
        size_t per = (size_t)ncell + (s->regional ? (size_t)s->nreg : 0);
        const ltg_tally *x = t->yt + (size_t)y * per;
        for (int i = 0; i < ncell; i++)
            from_tally(&cell[i], &x[i]);
        for (int k = 0; s->regional && k < s->nreg; k++)
            from_tally(&reg[k], &x[ncell + k]);
        count(m, R->r + lo, cut - lo, NULL, NULL, all, nall, false, false);
        count(m, R->r + cut, hi - cut, NULL, NULL, all, nall, true, false);
    } else if (y < 0 && count_years(m, t, cut, cell, reg, all, nall)) {
        /* counted a year at a time, the years' counts kept */
    } else if (s->regional) {
        count(m, R->r + lo, cut - lo, cell, reg, all, nall, false, true);
        count(m, R->r + cut, hi - cut, cell, reg, all, nall, true, true);
    } else {
        count(m, R->r + lo, cut - lo, cell, reg, all, nall, false, false);
        count(m, R->r + cut, hi - cut, cell, reg, all, nall, true, false);
    }
    for (int a = 0; a < 2; a++)
        for (int l = 0; l < BB_LEVELS; l++)
            for (int k = 0; k < s->ncat; k++) {
                const crec r = {.acute = (uint8_t)a, .level = (uint8_t)l, .cat = (int16_t)k,
                                .region = UINT8_MAX};
                int gl[8], ng = groups_of(s, &r, gl);
                for (int j = 0; j < ng; j++)
                    add(&t->st[gl[j]], &cell[(a * BB_LEVELS + l) * s->ncat + k]);
            }
    for (int k = 0; s->regional && k < s->nreg; k++)
        add(&t->st[ltg_region0(s) + k], &reg[k]);
    size_t total = BB_KINDS * nrec;
    bool shared = true; /* does only "all" keep values? */
    for (int k = 0; k < BB_KINDS; k++)
        t->st[G_ALL].off[k] = k * nrec;
    for (int g = 0; g < t->ng; g++)
        for (int k = 0; k < BB_KINDS && g != G_ALL; k++) {
            t->st[g].off[k] = total;
            if (own_values(t, g, k) && t->st[g].n[k]) {
                total += t->st[g].n[k];
                shared = false;
            }
        }
    if (shared)
        return;
    if (total > t->vcap) {
        double *v = realloc(t->v, total * sizeof *v);
        if (!v) {
            fail(m, t);
            return;
        }
        t->v = v;
        t->vcap = total;
    }
    size_t at[BB_MAX_LTG][BB_KINDS];
    for (int g = 0; g < t->ng; g++)
        for (int k = 0; k < BB_KINDS; k++)
            at[g][k] = t->st[g].off[k];
    for (size_t i = lo; i < hi; i++) {
        const crec *r = &R->r[i];
        int gl[8], ng = groups_of(s, r, gl);
        for (int k = 0; k < BB_KINDS; k++) {
            if (r->t_in + s->target_h[r->acute][k] > m->now)
                continue;
            for (int j = 1; j < ng; j++) /* gl[0] is "all", copied above */
                if (own_values(t, gl[j], k))
                    t->v[at[gl[j]][k]++] = r->lead[k];
        }
    }
}

static double finite_or_nan(double v) { return isfinite(v) ? v : NAN; }

/* The quantiles of group g (filled for its year). */
static void quantiles(ltg_table *t, int g)
{
    static const double F[3] = {0.50, 0.90, 0.95};
    ltg_stats *st = &t->st[g];
    if (st->qdone)
        return;
    st->qdone = true;
    for (int k = 0; k < BB_KINDS; k++) {
        if (!own_values(t, g, k)) {
            quantiles(t, G_ALL);
            memcpy(st->q[k], t->st[G_ALL].q[k], sizeof st->q[k]);
            continue;
        }
        double *v = t->v ? t->v + st->off[k] : NULL; /* NULL + 0 is UB */
        bb_quantiles_select(v, st->n[k], F, 3, st->q[k]);
        for (int j = 0; j < 3; j++)
            st->q[k][j] = finite_or_nan(st->q[k][j]);
    }
}

void ltg_reset(bb_sim *m)
{
    ltg_table *t = &m->ltg;
    t->y = -2;
    t->yt_ok = false; /* the years' counts are this call's, at this time */
    t->ng = m->s->schema ? ltg_groups(m->s) : 0;
    /* the records of each intake year: [rec_year[y], rec_year[y + 1]),
     * year y beginning at hour 24 (D - start) for its 1 January D */
    const bb_schema *sc = m->s->schema;
    size_t i = 0;
    for (int y = 0; sc && y < sc->nyears; y++) {
        m->rec_year[y] = i;
        char buf[32];
        int d;
        snprintf(buf, sizeof buf, "%04d-01-01", sc->year0 + y + 1);
        double end = bb_date_parse(buf, &d) == 0 ? 24.0 * (d - m->s->start_day) : INFINITY;
        while (i < m->recs.n && m->recs.r[i].t_in < end)
            i++;
    }
    if (sc)
        m->rec_year[sc->nyears] = m->recs.n;
}

const ltg_stats *ltg_get(bb_sim *m, int g, int y)
{
    ltg_table *t = &m->ltg;
    if (t->y != y)
        fill(m, t, y);
    quantiles(t, g);
    return &t->st[g];
}

void ltg_free(bb_sim *m)
{
    free(m->ltg.v);
    free(m->ltg.yt);
}
