/*
 * fuzz_common.h - shared by the libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 * Input format: the bytes up to the first NUL are the scenario file; each
 * further NUL-separated piece (at most FZ_MAX_SETS) is a --set string
 * "PATH=VALUE". The file is written to a memfd (no disk I/O per run) and
 * loaded through the public path API as /proc/self/fd/N; @include falls
 * back to ./scenarios, so run the targets from the project root.
 *
 * Every check that fails calls fz_fail, which aborts: libFuzzer (and the
 * regression test, tests/test_fuzz_regressions.c) report it as a crash.
 */
#ifndef BB_FUZZ_COMMON_H
#define BB_FUZZ_COMMON_H

#define _GNU_SOURCE
#include "internal.h"
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FZ_MAX_SETS 8
#define FZ_MAX_INPUT (256 * 1024)

static void fz_fail(const char *what)
{
    fprintf(stderr, "fuzz check failed: %s\n", what);
    abort();
}
#define FZ_CHECK(c) do { if (!(c)) fz_fail(#c); } while (0)

typedef struct fz_input {
    char path[64];
    char *sets_buf;
    const char *sets[FZ_MAX_SETS];
    int nsets;
} fz_input;

static int fz_fd = -1;

/* Write the file part to the memfd and split the --set strings. */
static int fz_prepare(fz_input *in, const uint8_t *data, size_t size)
{
    memset(in, 0, sizeof *in);
    if (size > FZ_MAX_INPUT)
        return -1;
    const uint8_t *nul = memchr(data, 0, size);
    size_t flen = nul ? (size_t)(nul - data) : size;
    if (fz_fd < 0) {
        fz_fd = memfd_create("scenario.cfg", 0);
        if (fz_fd < 0)
            return -1;
    }
    if (ftruncate(fz_fd, 0) != 0 || pwrite(fz_fd, data, flen, 0) != (ssize_t)flen)
        return -1;
    snprintf(in->path, sizeof in->path, "/proc/self/fd/%d", fz_fd);
    if (nul) {
        size_t rest = size - flen - 1;
        in->sets_buf = malloc(rest + 1);
        if (!in->sets_buf)
            return -1;
        memcpy(in->sets_buf, nul + 1, rest);
        in->sets_buf[rest] = 0;
        char *p = in->sets_buf, *end = in->sets_buf + rest;
        while (p <= end && in->nsets < FZ_MAX_SETS) {
            in->sets[in->nsets++] = p;
            p += strlen(p) + 1;
        }
    }
    return 0;
}

static void fz_release(fz_input *in) { free(in->sets_buf); }

/* What the loader promises about every message and about a scenario that
 * passed: exit code 0 or 2, messages present on error, every documented
 * bound holds. */
static void fz_check_load(int rc, const bb_scenario *s, const bb_errors *err)
{
    FZ_CHECK(rc == BB_OK || rc == BB_ERR_INPUT);
    FZ_CHECK((rc == BB_OK) == (s != NULL));
    if (rc != BB_OK)
        FZ_CHECK(err->n > 0);
    for (int i = 0; i < err->n; i++) {
        FZ_CHECK(err->msg[i] && err->msg[i][0]);
        FZ_CHECK(!strchr(err->msg[i], '\n'));
    }
    if (!s)
        return;
    FZ_CHECK(s->horizon_h > 0 && s->horizon_h <= 24.0 * (BB_MAX_HORIZON_YEARS * 365.25 + 1));
    FZ_CHECK(s->period_h >= 24 && s->period_h <= 366 * 24);
    FZ_CHECK(s->warmup_h >= 0 && s->warmup_h < s->horizon_h);
    FZ_CHECK(s->replications >= 1 && s->replications <= BB_MAX_REPS);
    FZ_CHECK(s->max_events >= 1000 && s->max_open >= 100);
    FZ_CHECK(s->productive_hours >= 100 && s->productive_hours <= 8760);
    FZ_CHECK(s->office.open_h >= 0 && s->office.close_h <= 24 &&
             s->office.close_h > s->office.open_h);
    FZ_CHECK(s->ncat >= 1 && s->ncat <= BB_MAX_CATEGORIES);
    FZ_CHECK(s->nprov >= 1 && s->nprov <= BB_MAX_PROVIDERS);
    FZ_CHECK(s->name[0]);
    for (int i = 0; i < s->ncat; i++) {
        const bb_category *k = &s->cat[i];
        FZ_CHECK(k->rate_per_year >= 0 && k->rate_per_year <= BB_MAX_RATE_PER_YEAR);
        FZ_CHECK(k->growth_per_year >= -0.5 && k->growth_per_year <= 2);
        FZ_CHECK(k->acute_share >= 0 && k->acute_share <= 1);
        FZ_CHECK(k->triage_close >= 0 && k->triage_close <= 1);
        double sum = 0;
        for (int l = 0; l < BB_LEVELS; l++) {
            FZ_CHECK(k->level_p[l] >= 0 && k->level_p[l] <= 1);
            sum += k->level_p[l];
            if (l > 0 && k->level_p[l] > 0)
                FZ_CHECK(s->level[l].nopt > 0);
        }
        FZ_CHECK(fabs(sum - 1) <= 1e-6);
    }
    for (int p = 0; p < BB_POOLS; p++)
        FZ_CHECK(s->pool[p].fte >= 0 && s->pool[p].fte <= BB_MAX_FTE);
    for (int p = 0; p < s->nprov; p++)
        FZ_CHECK(s->prov[p].fte >= 0 && s->prov[p].fte <= BB_MAX_FTE);
    for (int l = 1; l < BB_LEVELS; l++) {
        const bb_level_spec *v = &s->level[l];
        FZ_CHECK(v->nopt >= 0 && v->nopt <= BB_MAX_OPTIONS);
        for (int k = 0; k < v->nopt; k++) {
            FZ_CHECK(v->opt[k].nparts >= 1 && v->opt[k].nparts <= BB_MAX_PARTS);
            for (int j = 0; j < v->opt[k].nparts; j++)
                FZ_CHECK(v->opt[k].part[j].provider >= 0 && v->opt[k].part[j].provider < s->nprov);
            FZ_CHECK(v->opt[k].fte >= 0 && isfinite(v->opt[k].fte));
        }
        FZ_CHECK(v->review_h >= 0);
    }
    FZ_CHECK(s->nsurge <= BB_MAX_SURGES && s->nplanned <= BB_MAX_PLANNED);
    FZ_CHECK(s->nchange <= BB_MAX_CHANGES && s->ninitial <= BB_MAX_INITIAL);
    for (int i = 0; i < s->nsurge; i++) {
        FZ_CHECK(s->surge[i].extra_category >= 0 && s->surge[i].extra_category < s->ncat);
        FZ_CHECK(s->surge[i].extra_level >= 1 && s->surge[i].extra_level < BB_LEVELS);
    }
    for (int i = 0; i < s->nplanned; i++)
        FZ_CHECK(s->planned[i].provider >= -1 && s->planned[i].provider < s->nprov);
    for (int i = 0; i < s->nchange; i++)
        FZ_CHECK(s->change[i].index >= 0 &&
                 s->change[i].index < (s->change[i].is_pool ? BB_POOLS : s->nprov));
    for (int i = 0; i < s->ninitial; i++) {
        const bb_initial *x = &s->initial[i];
        FZ_CHECK(x->level >= 1 && x->level < BB_LEVELS && s->level[x->level].nopt > 0);
        FZ_CHECK(x->provider >= 0 && x->provider < s->nprov);
        FZ_CHECK(x->category >= 0 && x->category < s->ncat);
        FZ_CHECK(x->count >= 0);
    }
}

/* Load the input as a scenario (its file part and --set strings) and
 * check the loader's promises; the scenario, or NULL when the input is
 * unusable or has errors. */
static bb_scenario *fz_load(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off(); /* as every front-end does: GSL must not abort */
    fz_input in;
    bb_scenario *s = NULL;
    if (fz_prepare(&in, data, size) == 0) {
        bb_errors err;
        bb_errors_init(&err);
        int rc = bb_scenario_load(in.path, in.sets, in.nsets, &s, &err);
        fz_check_load(rc, s, &err);
        bb_errors_free(&err);
    }
    fz_release(&in);
    return s;
}

#endif
