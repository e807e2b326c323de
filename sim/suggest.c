/*
 * suggest.c - "did you mean" for a setting nobody read: the known key
 * nearest to it by edit distance (optimal string alignment: insertions,
 * deletions, substitutions and swaps of neighbours), from the keys the
 * section readers ask for (sim/sections.c; tests/test_tool.c checks
 * that every key of docs/scenarios.md is here) and the names of the
 * unknown setting's siblings that were read.
 */
#include "internal.h"
#include "cfgread.h"
#include <string.h>

static const char *const KEYS[] = {
    "active", "acute", "acute_cap_fte", "acute_delay_hours", "acute_effort_hours",
    "acute_hours", "acute_share", "advice_central", "advice_decentral", "allowed",
    "assist_from", "assistance", "attrition_per_year", "backlog", "basic_units", "borrow",
    "borrowed_is_package", "budget_line", "budget_lines", "calendar", "cap_fte",
    "capacity_share", "categories", "category", "central", "change", "changes",
    "continuous", "cost_per_fte_year", "cost_per_hour", "cost_per_measure", "count", "cv",
    "date", "decentral", "decision", "definitive_days", "delay_hours", "delta_fte",
    "demand", "demand_factor", "description", "dist", "domain", "downgrade",
    "duration_days", "duty_posts", "effort_hours", "end", "escalation_per_year",
    "eur_million", "extra_cases", "extra_category", "extra_level", "fallback",
    "first_action_hours", "first_year", "from", "from_basic_units", "fte", "growth_from",
    "growth_per_year", "hours", "hours_per_day", "information", "initial", "interim",
    "investment", "investments", "label", "label_nl", "lead_time_hours", "level", "levels",
    "max", "max_events", "max_open_cases", "mean", "median", "min", "mobilisation_hours",
    "modelled", "name", "office", "office_close_hour", "office_open_hour", "officers",
    "options", "overrun", "package", "period_days", "person", "plan", "planned", "pool",
    "pools", "population_share", "posts", "productive_hours_per_fte", "provider",
    "providers", "rate_factor", "rate_per_year", "recruit_weeks", "region", "regional",
    "regions", "regular", "regular_days", "repatriate", "replications",
    "review_effort_hours", "review_weeks", "run", "seed", "sigma", "start", "surge",
    "surges", "targets", "title", "title_nl", "to", "train_weeks", "tranche_fte",
    "transitions", "triage_close", "units", "value", "wait", "warmup_days", "weekdays",
    "when_full", "when_shrunk", "workforce",
};

/* Edit distance of a and b (at most 63 characters each), or 99. */
static int distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return 99;
    int d[64][64];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int c = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + c < v)
                v = d[i - 1][j - 1] + c;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

static void consider(const char *name, const char *cand, const char **best, int *bd)
{
    if (!cand || strcmp(name, cand) == 0)
        return;
    int dd = distance(name, cand);
    if (dd < *bd) {
        *bd = dd;
        *best = cand;
    }
}

const char *bb_suggest_key(const config_setting_t *st)
{
    const char *name = config_setting_name(st);
    if (!name)
        return NULL;
    size_t len = strlen(name);
    int limit = len <= 4 ? 1 : len <= 9 ? 2 : 3;
    const char *best = NULL;
    int bd = limit + 1;
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++)
        consider(name, KEYS[i], &best, &bd);
    const config_setting_t *p = config_setting_parent(st);
    for (int i = 0; p && i < config_setting_length(p); i++) {
        const config_setting_t *c = config_setting_get_elem(p, (unsigned)i);
        if (bb_rd_marked(c))
            consider(name, config_setting_name(c), &best, &bd);
    }
    return bd <= limit ? best : NULL;
}
