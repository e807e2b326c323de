/*
 * vary.c - the values of --vary PATH=FROM:TO:STEP or PATH=V1,V2,...: the
 * settings of a sweep's grid, as --set values.
 */
#include "cli.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool whole_text(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static int vary_add(cli_vary *v, const char *val)
{
    char **p = realloc(v->values, (size_t)(v->n + 1) * sizeof *p);
    if (!p)
        return -1;
    v->values = p;
    if (!(v->values[v->n] = strdup(val)))
        return -1;
    v->n++;
    return 0;
}

int cli_vary_parse(const char *arg, cli_vary *v, bb_errors *err)
{
    memset(v, 0, sizeof *v);
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof v->path || !eq[1]) {
        bb_errors_add(err, "--vary %s: expected PATH=FROM:TO:STEP or PATH=V1,V2,...", arg);
        return -1;
    }
    memcpy(v->path, arg, (size_t)(eq - arg));
    v->path[eq - arg] = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", eq + 1);
    char *c1 = strchr(buf, ':');
    if (c1) {
        char *c2 = strchr(c1 + 1, ':');
        double from, to, step;
        if (!c2 || strchr(c2 + 1, ':')) {
            bb_errors_add(err, "--vary %s: a grid is FROM:TO:STEP", arg);
            return -1;
        }
        *c1 = *c2 = 0;
        const char *sf = buf, *st = c1 + 1, *ss = c2 + 1;
        if (!cli_parse_double(sf, &from) || !cli_parse_double(st, &to) ||
            !cli_parse_double(ss, &step)) {
            bb_errors_add(err, "--vary %s: FROM, TO and STEP must be numbers", arg);
            return -1;
        }
        if (step == 0 || (to - from) / step < 0) {
            bb_errors_add(err, "--vary %s: STEP must be non-zero and lead from FROM to TO", arg);
            return -1;
        }
        double count = floor((to - from) / step + 1e-9) + 1;
        if (count > CLI_MAX_VARY_VALUES) {
            bb_errors_add(err, "--vary %s: %.0f values; at most %d", arg, count,
                          CLI_MAX_VARY_VALUES);
            return -1;
        }
        bool whole = whole_text(sf) && whole_text(st) && whole_text(ss);
        for (int k = 0; k < (int)count; k++) {
            double x = from + k * step;
            if (fabs(x) < 1e-9 * fabs(step))
                x = 0; /* no -2.8e-17 from rounding */
            char val[64];
            if (whole) {
                snprintf(val, sizeof val, "%.0f", x);
            } else {
                snprintf(val, sizeof val, "%.10g", x);
                if (!strpbrk(val, ".eEn"))
                    strcat(val, ".0"); /* stays a decimal in the file */
            }
            if (vary_add(v, val) != 0)
                goto oom;
        }
        return 0;
    }
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        if (!*t)
            continue;
        if (v->n >= CLI_MAX_VARY_VALUES) {
            bb_errors_add(err, "--vary %s: at most %d values", arg, CLI_MAX_VARY_VALUES);
            cli_vary_free(v);
            return -1;
        }
        if (vary_add(v, t) != 0)
            goto oom;
    }
    if (v->n == 0) {
        bb_errors_add(err, "--vary %s: no values", arg);
        return -1;
    }
    return 0;
oom:
    bb_errors_add(err, "out of memory");
    cli_vary_free(v);
    return -1;
}

void cli_vary_free(cli_vary *v)
{
    bb_names_free(v->values, v->n);
    v->values = NULL;
    v->n = 0;
}
