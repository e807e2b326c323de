/*
 * cli.h - the bbsim command's private header: its limits, in one place,
 * and the parsers of the option values that only the command line knows
 * (--vary grids, --precision targets). Not part of libbbsim.
 */
#ifndef BB_CLI_H
#define BB_CLI_H

#include "bbsim.h"
#include <stdbool.h>

/* ---- limits ---- */

/* Values of one --vary (a grid or a list). */
#define CLI_MAX_VARY_VALUES 10000

/* ---- option values ---- */

/* Parse a whole option value as a finite number. */
bool cli_parse_double(const char *s, double *out);

/* ---- --vary: one varied setting of a sweep ---- */

/* PATH=FROM:TO:STEP (inclusive grid) or PATH=V1,V2,... (a list). Values
 * are kept as --set values; a grid whose FROM, TO and STEP are written as
 * whole numbers gives whole numbers, so integer settings stay integers. */
typedef struct cli_vary {
    char path[256];
    char **values;
    int n;
} cli_vary;
/* Returns 0 or -1 (message in err, naming --vary). */
int cli_vary_parse(const char *arg, cli_vary *v, bb_errors *err);
void cli_vary_free(cli_vary *v);

/* ---- --precision: replications until an interval is narrow enough ---- */

typedef struct cli_precision {
    char metric[64], group[40]; /* group "" : "all", or the only group */
    double halfwidth;
} cli_precision;
/* Parse METRIC[/GROUP]=HALFWIDTH. Returns 0 or -1 (message in err). */
int cli_precision_parse(const char *arg, cli_precision *p, bb_errors *err);
/* The summary row a precision target is about, in a scenario's metric
 * rows (found from a fresh replication). Returns the row or -1 (message
 * in err). */
int cli_precision_row(const cli_precision *p, const bb_scenario *s, bb_errors *err);

#endif
