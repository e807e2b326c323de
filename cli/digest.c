/*
 * digest.c - what bbsim says on stderr when a run is done (unless
 * --quiet): the headline metrics with their intervals (compare: the
 * paired differences) in readable units (EUR 1.01 bn, 2,848 FTE-years,
 * 99.86%), and whether each --precision target was met.
 */
#include "cli.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const DIGEST[][2] = {
    {"arrivals", "all"},
    {"first_action_p50_h", "acute"}, {"first_action_p90_h", "acute"},
    {"first_action_within_target_share", "acute"},
    {"lead_time_p50_h", "all"}, {"lead_time_p90_h", "all"},
    {"within_target_share", "acute"}, {"within_target_share", "regular"},
    {"never_protected", "all"},
    {"borrowed_fte_mean", "basic_units"}, {"borrowed_fte_years", "basic_units"},
    {"borrow_unmet_fte_mean", "basic_units"},
    {"police_hours_lost", "basic_units"}, {"unprotected_person_days", "all"},
    {"cost_cash_eur", "total"}, {"cost_opportunity_eur", "total"}};

/* How a metric's numbers read: scaled, with so many decimals, grouped
 * in thousands, the mean with its unit. */
typedef struct unitfmt {
    double scale;
    int dec;
    const char *pre, *post;
} unitfmt;

static bool ends(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

/* The unit of a metric by its name (docs/outputs.md), its scale chosen
 * for a value of size ref. */
static unitfmt unit_of(const char *metric, double ref)
{
    ref = fabs(ref);
    int dec = ref >= 100 ? 0 : ref >= 10 ? 1 : 2;
    if (ends(metric, "_share"))
        return (unitfmt){100, 2, "", "%"};
    if (ends(metric, "_eur")) {
        if (ref >= 1e9)
            return (unitfmt){1e-9, 2, "EUR ", " bn"};
        if (ref >= 1e6)
            return (unitfmt){1e-6, 1, "EUR ", " mln"};
        return (unitfmt){1, 0, "EUR ", ""};
    }
    if (ends(metric, "_fte_years"))
        return (unitfmt){1, dec, "", " FTE-years"};
    if (strstr(metric, "fte"))
        return (unitfmt){1, ref >= 1000 ? 0 : 1, "", " FTE"};
    if (ends(metric, "_h") || ends(metric, "_hours_lost"))
        return (unitfmt){1, dec, "", " h"};
    if (ends(metric, "_person_days"))
        return (unitfmt){1, dec, "", " person-days"};
    return (unitfmt){1, dec, "", ""};
}

/* v in unit u: "1,234.5" (sign: always a sign, for differences). */
static void fmt_num(char *buf, size_t n, double v, const unitfmt *u, bool sign)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", u->dec, fabs(v * u->scale));
    const char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw), k = 0;
    bool neg = v * u->scale < 0 && strspn(raw, "0.") != strlen(raw);
    if (neg || sign)
        buf[k++] = neg ? '-' : '+';
    for (size_t i = 0; i < ilen && k + 2 < n; i++) {
        buf[k++] = raw[i];
        if ((ilen - i - 1) % 3 == 0 && i + 1 < ilen)
            buf[k++] = ',';
    }
    for (const char *p = dot; p && *p && k + 1 < n; p++)
        buf[k++] = *p;
    buf[k] = 0;
}

/* "EUR 1.01 bn  [0.99 to 1.03]": the mean with its unit, the interval
 * in the same scale. */
static void fmt_value(char *mean_s, size_t n1, char *ci_s, size_t n2, const char *metric,
                      double mean, double lo, double hi, bool sign)
{
    unitfmt u = unit_of(metric, mean);
    if (sign && ends(metric, "_share"))
        u.post = " pp"; /* a difference of shares: percentage points */
    char a[64], b[64], c[64];
    fmt_num(a, sizeof a, mean, &u, sign);
    snprintf(mean_s, n1, "%s%s%s", u.pre, a, u.post);
    ci_s[0] = 0;
    if (isfinite(lo) && isfinite(hi)) {
        fmt_num(b, sizeof b, lo, &u, sign);
        fmt_num(c, sizeof c, hi, &u, sign);
        snprintf(ci_s, n2, "[%s to %s]", b, c);
    }
}

void cli_digest(const bb_summary *sum)
{
    for (size_t k = 0; k < sizeof DIGEST / sizeof DIGEST[0]; k++) {
        int i = bb_summary_find(sum, DIGEST[k][0], DIGEST[k][1]);
        if (i < 0)
            continue;
        const char *m, *g;
        double mean, lo, hi;
        bb_summary_get(sum, i, &m, &g, &mean, &lo, &hi);
        char ms[96], cs[160];
        if (!isfinite(mean)) {
            fprintf(stderr, "  %-34s %-12s %24s\n", m, g, "(no case)");
            continue;
        }
        fmt_value(ms, sizeof ms, cs, sizeof cs, m, mean, lo, hi, false);
        fprintf(stderr, "  %-34s %-12s %24s  %s\n", m, g, ms, cs);
    }
}

void cli_digest_compare(bb_summary *const *sums, bb_scenario *const *scen, int n)
{
    for (size_t k = 0; k < sizeof DIGEST / sizeof DIGEST[0]; k++) {
        int i0 = bb_summary_find(sums[0], DIGEST[k][0], DIGEST[k][1]);
        if (i0 < 0)
            continue;
        for (int j = 1; j < n; j++) {
            int i = bb_summary_find(sums[j], DIGEST[k][0], DIGEST[k][1]);
            if (i < 0)
                continue;
            double m, lo, hi;
            bb_paired_diff(sums[0], i0, sums[j], i, &m, &lo, &hi);
            char ms[96], cs[160];
            if (!isfinite(m)) {
                fprintf(stderr, "  %-34s %-12s %-16s %20s\n", DIGEST[k][0], DIGEST[k][1],
                        cli_shown(bb_scenario_name(scen[j])), "(no case)");
                continue;
            }
            fmt_value(ms, sizeof ms, cs, sizeof cs, DIGEST[k][0], m, lo, hi, true);
            fprintf(stderr, "  %-34s %-12s %-16s %20s  %s%s\n", DIGEST[k][0], DIGEST[k][1],
                    cli_shown(bb_scenario_name(scen[j])), ms, cs,
                    isfinite(lo) && (lo > 0 || hi < 0) ? " *" : "");
        }
    }
}

/* Say whether each --precision target was met, for unit u (paired with
 * unit u0 when u0 >= 0). Returns the number of targets not met. */
int cli_precision_report(const cli_exec *x, int u0, int u, bool print)
{
    int missed = 0;
    for (int k = 0; k < x->o->nprec; k++) {
        const cli_precision *p = &x->o->prec[k];
        int row = x->prow[u * x->o->nprec + k];
        const char *m, *g;
        double mean, lo, hi;
        bb_summary_get(x->sum[u], row, &m, &g, &mean, &lo, &hi);
        double h = NAN;
        if (u0 >= 0) {
            bb_paired_diff(x->sum[u0], x->prow[u0 * x->o->nprec + k], x->sum[u], row, &mean,
                           &lo, &hi);
        }
        if (isfinite(lo) && isfinite(hi))
            h = 0.5 * (hi - lo);
        bool met = isfinite(h) && h <= p->halfwidth;
        missed += !met;
        if (print)
            fprintf(stderr, "  precision %s/%s%s%s: +-%.4g %s +-%g after %d replications%s\n", m, g,
                    u0 >= 0 ? " difference of " : "", u0 >= 0 ? cli_shown(bb_scenario_name(x->scen[u])) : "",
                    h, met ? "<=" : "NOT <=", p->halfwidth, bb_summary_reps(x->sum[u]),
                    met ? "" : " (the maximum; raise --reps)");
    }
    return missed;
}

int cli_precision_failed(const char *dir, int reps)
{
    fprintf(stderr, "bbsim: --precision not met after %d replications (the maximum; raise "
                    "--reps); outputs written to %s (exit status 1)\n", reps, dir);
    return BB_ERR_RUN;
}
