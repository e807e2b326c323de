/*
 * args.c - reading the values of bbsim's options.
 */
#include "cli.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>

bool cli_parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v))
        return false;
    *out = v;
    return true;
}
