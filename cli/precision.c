/*
 * precision.c - the targets of --precision METRIC[/GROUP]=HALFWIDTH and
 * the summary row each one is about.
 */
#include "cli.h"
#include <stdio.h>
#include <string.h>

int cli_precision_parse(const char *arg, cli_precision *p, bb_errors *err)
{
    memset(p, 0, sizeof *p);
    const char *eq = arg ? strrchr(arg, '=') : NULL;
    if (!eq || eq == arg) {
        bb_errors_add(err, "--precision needs METRIC[/GROUP]=HALFWIDTH");
        return -1;
    }
    if (!cli_parse_double(eq + 1, &p->halfwidth) || !(p->halfwidth > 0)) {
        bb_errors_add(err, "--precision %s: HALFWIDTH must be a number > 0", arg);
        return -1;
    }
    const char *sl = memchr(arg, '/', (size_t)(eq - arg));
    const char *mend = sl ? sl : eq;
    if (mend == arg || (size_t)(mend - arg) >= sizeof p->metric ||
        (sl && (eq - sl - 1 <= 0 || (size_t)(eq - sl - 1) >= sizeof p->group))) {
        bb_errors_add(err, "--precision %s: expected METRIC[/GROUP]=HALFWIDTH", arg);
        return -1;
    }
    memcpy(p->metric, arg, (size_t)(mend - arg));
    if (sl)
        memcpy(p->group, sl + 1, (size_t)(eq - sl - 1));
    return 0;
}

int cli_precision_row(const cli_precision *p, const bb_scenario *s, bb_errors *err)
{
    const bb_metric *rows;
    int n = bb_scenario_metric_rows(s, &rows), found = -1, count = 0, all = -1;
    char groups[512] = "";
    for (int i = 0; i < n; i++) {
        if (strcmp(rows[i].metric, p->metric))
            continue;
        count++;
        if (p->group[0] && strcmp(rows[i].group, p->group) == 0)
            found = i;
        if (!p->group[0]) {
            found = i;
            if (strcmp(rows[i].group, "all") == 0)
                all = i;
        }
        size_t len = strlen(groups);
        if (len + strlen(rows[i].group) + 3 < sizeof groups)
            snprintf(groups + len, sizeof groups - len, "%s%s", len ? ", " : "", rows[i].group);
    }
    if (count == 0) {
        bb_errors_add(err, "--precision: %s has no metric %s (see docs/outputs.md)",
                      bb_scenario_name(s), p->metric);
        return -1;
    }
    if (!p->group[0] && all >= 0)
        return all;
    if (!p->group[0] && count > 1) {
        bb_errors_add(err, "--precision: %s has groups %s; name one as %s/GROUP", p->metric,
                      groups, p->metric);
        return -1;
    }
    if (found < 0) {
        bb_errors_add(err, "--precision: %s has no group %s (its groups: %s)", p->metric,
                      p->group, groups);
        return -1;
    }
    return found;
}
