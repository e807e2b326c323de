/*
 * number.c - numbers in arguments: a whole number in a range, a finite
 * decimal number; the whole argument must be the number.
 */
#include "cli.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>

bool cli_parse_long(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

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
