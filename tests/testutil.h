/*
 * testutil.h - shared includes and helpers for the cmocka tests.
 *
 * cmocka 1.1 needs <stdarg.h>, <stddef.h> and <setjmp.h> before
 * <cmocka.h>. Tests run from the project root (scenario paths are
 * relative to it).
 */
#ifndef BB_TESTUTIL_H
#define BB_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "bbsim.h"

/* A list of --set strings and its length, for bb_scenario_load. */
#define SETS(...) (const char *const[]){__VA_ARGS__}, \
    (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* The bbsim binary under test: BBSIM_BIN (make test sets it), or build/bbsim. */
static inline const char *tu_bin(void)
{
    const char *b = getenv("BBSIM_BIN");
    return b && *b ? b : "build/bbsim";
}

/* Run a shell command line built like printf; return its exit status. */
static inline int tu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int tu_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* The names tu_tmpdir handed out and tu_rmdir has not yet freed. A test
 * that forks keeps its directory's name only in the parent's frame, which
 * an optimised build may hold in a register; valgrind, checking leaks when
 * the child exits, would call it lost. Listed here, it stays reachable. */
static char *tu_live_dirs[64];

/* A fresh directory under /tmp (the caller removes it with tu_rmdir). */
static inline char *tu_tmpdir(void)
{
    char t[] = "/tmp/bbtest.XXXXXX";
    char *d = mkdtemp(t);
    assert_non_null(d);
    d = strdup(d);
    for (size_t i = 0; i < sizeof tu_live_dirs / sizeof *tu_live_dirs; i++)
        if (!tu_live_dirs[i]) {
            tu_live_dirs[i] = d;
            break;
        }
    return d;
}

/* Remove a directory from tu_tmpdir, with what is in it, and free its name. */
static inline void tu_rmdir(char *d)
{
    tu_sh("rm -rf '%s'", d);
    for (size_t i = 0; i < sizeof tu_live_dirs / sizeof *tu_live_dirs; i++)
        if (tu_live_dirs[i] == d)
            tu_live_dirs[i] = NULL;
    free(d);
}

/* Write `text` to a fresh file under /tmp and return its path (static
 * buffer per call site is not needed: the caller owns the result). */
static inline char *tu_write_tmp(const char *name, const char *text)
{
    char dir[] = "/tmp/bbtest.XXXXXX";
    if (!mkdtemp(dir))
        return NULL;
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        free(path);
        return NULL;
    }
    fputs(text, f);
    fclose(f);
    return path;
}

/* Load a scenario file with overrides; print its messages and fail the
 * test unless it loads. */
static inline bb_scenario *tu_load_file(const char *path, const char *const *sets, int nsets)
{
    bb_scenario *s = NULL;
    bb_errors err;
    bb_errors_init(&err);
    int rc = bb_scenario_load(path, sets, nsets, &s, &err);
    for (int i = 0; i < err.n; i++)
        print_error("%s\n", err.msg[i]);
    bb_errors_free(&err);
    assert_int_equal(rc, BB_OK);
    assert_non_null(s);
    return s;
}

/* Load a scenario from text; returns the status and fills err. */
static inline int tu_load_text(const char *text, const char *const *sets, int nsets,
                               bb_scenario **s, bb_errors *err)
{
    char *p = tu_write_tmp("t.cfg", text);
    int rc = bb_scenario_load(p, sets, nsets, s, err);
    /* the scenario is in memory now: leave nothing behind in /tmp */
    unlink(p);
    char *slash = strrchr(p, '/');
    if (slash) {
        *slash = 0;
        rmdir(p);
    }
    free(p);
    return rc;
}

/* True when some message contains every one of the fragments. */
static inline int tu_has_error(const bb_errors *e, const char *a, const char *b)
{
    for (int i = 0; i < e->n; i++)
        if (strstr(e->msg[i], a) && (!b || strstr(e->msg[i], b)))
            return 1;
    return 0;
}

/* ---- floating-point checks that say what they compared ----
 *
 * Each one fails the test at the caller's line after printing the
 * expressions, their values (to 17 digits), the difference and the
 * tolerance. A NaN never passes. The comparisons are written out so that
 * each check means what the bare assert_true it replaces meant:
 *
 *   tu_assert_near(a, e, tol)     |a - e| <  tol
 *   tu_assert_near_le(a, e, tol)  |a - e| <= tol
 *   tu_assert_rel(a, e, rtol)     |a - e| / |e| < rtol
 *   tu_assert_between(x, lo, hi)  lo <= x && x <= hi
 *   tu_assert_strictly_between(x, lo, hi)  lo < x && x < hi
 */
enum { TU_ABS_LT, TU_ABS_LE, TU_REL_LT };

static inline void tu_near_(double a, double e, double tol, int how, const char *as,
                            const char *es, const char *file, int line)
{
    double d = fabs(a - e);
    double x = how == TU_REL_LT ? d / fabs(e) : d;
    if (how == TU_ABS_LE ? x <= tol : x < tol)
        return;
    /* the expected value after its expression, unless that is a number
     * that says it already */
    char ev[40] = "";
    char *end;
    double lit = strtod(es, &end);
    if (*end || end == es || lit != e)
        snprintf(ev, sizeof ev, " = %.17g", e);
    print_error("%s = %.17g\n  expected %s%s\n  %s %.17g, tolerance %g (must be %s)\n", as, a, es,
                ev, how == TU_REL_LT ? "relative difference" : "difference", x, tol,
                how == TU_ABS_LE ? "<=" : "<");
    _fail(file, line);
}

static inline void tu_between_(double x, double lo, double hi, int strict, const char *xs,
                               const char *los, const char *his, const char *file, int line)
{
    if (strict ? lo < x && x < hi : lo <= x && x <= hi)
        return;
    print_error("%s = %.17g\n  not in %s%s, %s%s = %s%.17g, %.17g%s\n", xs, x, strict ? "(" : "[",
                los, his, strict ? ")" : "]", strict ? "(" : "[", lo, hi, strict ? ")" : "]");
    _fail(file, line);
}

#define tu_assert_near(actual, expected, tol) \
    tu_near_((actual), (expected), (tol), TU_ABS_LT, #actual, #expected, __FILE__, __LINE__)
#define tu_assert_near_le(actual, expected, tol) \
    tu_near_((actual), (expected), (tol), TU_ABS_LE, #actual, #expected, __FILE__, __LINE__)
#define tu_assert_rel(actual, expected, rtol) \
    tu_near_((actual), (expected), (rtol), TU_REL_LT, #actual, #expected, __FILE__, __LINE__)
#define tu_assert_between(x, lo, hi) \
    tu_between_((x), (lo), (hi), 0, #x, #lo, #hi, __FILE__, __LINE__)
#define tu_assert_strictly_between(x, lo, hi) \
    tu_between_((x), (lo), (hi), 1, #x, #lo, #hi, __FILE__, __LINE__)

/* The value of metric/group in the rows of one replication (NAN if absent). */
static inline double tu_metric_year(const bb_metric *rows, int n, const char *metric,
                                    const char *group, int year)
{
    for (int i = 0; i < n; i++)
        if (rows[i].year == year && !strcmp(rows[i].metric, metric) &&
            !strcmp(rows[i].group, group))
            return rows[i].value;
    return __builtin_nan("");
}

/* The whole run's value of metric/group (NaN when there is no such row). */
static inline double tu_metric(const bb_metric *rows, int n, const char *metric,
                               const char *group)
{
    return tu_metric_year(rows, n, metric, group, 0);
}

#endif
