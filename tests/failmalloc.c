/*
 * failmalloc.c - an LD_PRELOAD shim that makes one allocation fail, for
 * the out-of-memory test (test_oom.c).
 *
 *   FAILMALLOC_N=N      the Nth malloc/calloc/realloc/posix_memalign
 *                       after start-up returns NULL (ENOMEM), the rest
 *                       succeed
 *   FAILMALLOC_COUNT=F  write the number of allocations made to file F
 *                       at exit (to know how far N has to go)
 *   FAILMALLOC_TRACE=1  print the failed allocation's backtrace on stderr
 *
 * Allocations made by libconfig itself are never failed and not counted:
 * libconfig 1.5 does not check its own allocations (a crash inside it is
 * not bbsim's to fix); bbsim's calls into libconfig are checked.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_long count;
static long fail_at = -1;
static const char *count_file;
static int armed;
static void *warm[1];
static __thread int inside;

__attribute__((constructor)) static void init(void)
{
    const char *n = getenv("FAILMALLOC_N");
    fail_at = n ? atol(n) : -1;
    count_file = getenv("FAILMALLOC_COUNT");
    backtrace(warm, 1); /* loads what backtrace needs before counting */
    armed = 1;
}

__attribute__((destructor)) static void fini(void)
{
    armed = 0;
    if (count_file) {
        FILE *f = fopen(count_file, "w");
        if (f) {
            fprintf(f, "%ld\n", (long)atomic_load(&count));
            fclose(f);
        }
    }
}

/* Whether this allocation is the one to fail. */
static int fail_now(void *caller)
{
    if (!armed || inside)
        return 0;
    inside = 1;
    /* the caller, or its caller (libconfig's strdup) */
    void *frames[4] = {caller, NULL, NULL, NULL};
    int nf = backtrace(frames, 4);
    int lib = 0;
    for (int i = 0; i < nf && !lib; i++) {
        Dl_info di;
        lib = dladdr(frames[i], &di) && di.dli_fname && strstr(di.dli_fname, "libconfig");
    }
    Dl_info di;
    lib |= dladdr(caller, &di) && di.dli_fname && strstr(di.dli_fname, "libconfig");
    inside = 0;
    if (lib)
        return 0;
    long k = atomic_fetch_add(&count, 1) + 1;
    if (k == fail_at) {
        if (getenv("FAILMALLOC_TRACE")) { /* where it failed, on stderr */
            void *bt[16];
            inside = 1;
            int m = backtrace(bt, 16);
            backtrace_symbols_fd(bt, m, 2);
            inside = 0;
        }
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

void *malloc(size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}

int posix_memalign(void **p, size_t al, size_t n)
{
    if (fail_now(__builtin_return_address(0)))
        return ENOMEM;
    *p = __libc_memalign(al, n);
    return *p ? 0 : ENOMEM;
}

void *aligned_alloc(size_t al, size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_memalign(al, n);
}
