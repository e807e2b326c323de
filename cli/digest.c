/*
 * digest.c - what bbsim says on stderr when a run is done (unless
 * --quiet): the headline metrics with their intervals (compare: the
 * paired differences), and whether each --precision target was met.
 */
#include "cli.h"
#include <math.h>
#include <stdio.h>

static const char *const DIGEST[][2] = {
    {"arrivals", "all"},
    {"first_action_p50_h", "acute"}, {"first_action_p90_h", "acute"},
    {"first_action_within_target_share", "acute"},
    {"lead_time_p50_h", "all"}, {"lead_time_p90_h", "all"},
    {"within_target_share", "acute"}, {"within_target_share", "regular"},
    {"never_protected", "all"},
    {"borrowed_fte_mean", "basic_units"}, {"borrow_unmet_fte_mean", "basic_units"},
    {"police_hours_lost", "basic_units"}, {"unprotected_person_days", "all"},
    {"cost_cash_eur", "total"}, {"cost_opportunity_eur", "total"}};

void cli_digest(const bb_summary *sum)
{
    for (size_t k = 0; k < sizeof DIGEST / sizeof DIGEST[0]; k++) {
        int i = bb_summary_find(sum, DIGEST[k][0], DIGEST[k][1]);
        if (i < 0)
            continue;
        const char *m, *g;
        double mean, lo, hi;
        bb_summary_get(sum, i, &m, &g, &mean, &lo, &hi);
        if (!isfinite(mean))
            fprintf(stderr, "  %-34s %-12s %14s\n", m, g, "(no case)");
        else if (isfinite(lo))
            fprintf(stderr, "  %-34s %-12s %14.4g  [%.4g, %.4g]\n", m, g, mean, lo, hi);
        else
            fprintf(stderr, "  %-34s %-12s %14.4g\n", m, g, mean);
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
            fprintf(stderr, "  %-26s %-12s %-16s %+12.4g", DIGEST[k][0], DIGEST[k][1],
                    bb_scenario_name(scen[j]), m);
            if (isfinite(lo))
                fprintf(stderr, "  [%+.4g, %+.4g]%s", lo, hi, lo > 0 || hi < 0 ? " *" : "");
            fputc('\n', stderr);
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
                    u0 >= 0 ? " difference of " : "", u0 >= 0 ? bb_scenario_name(x->scen[u]) : "",
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
