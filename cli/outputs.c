/*
 * outputs.c - the output files of a run: their names, their header lines,
 * and the temporaries removed when a run fails.
 */
#include "cli.h"
#include <stdio.h>

/* A scenario name as part of a file or directory name. */
void cli_safe_name(char *dst, size_t n, const char *name)
{
    size_t k = 0;
    for (; *name && k + 1 < n; name++)
        dst[k++] = (*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z') ||
                           (*name >= '0' && *name <= '9') || *name == '-' || *name == '_' ||
                           *name == '.'
                       ? *name
                       : '_';
    dst[k] = 0;
}

void cli_abort_all(bb_out *f, int n)
{
    for (int i = 0; i < n; i++)
        if (f[i].f)
            bb_out_abort(&f[i]);
}

/* Write the timeseries header into x->ts. */
void cli_ts_header(FILE *f, char **cols, int n)
{
    fputs("scenario,rep,date", f);
    for (int i = 0; i < n; i++)
        fprintf(f, ",%s", cols[i]);
    fputc('\n', f);
}
