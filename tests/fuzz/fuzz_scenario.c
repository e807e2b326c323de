/*
 * fuzz_scenario.c - libFuzzer target for the scenario loader and validator.
 *
 * Input: scenario text, then optional NUL-separated --set strings (see
 * fuzz_common.h). Checks: the loader returns 0 or 2 and never crashes;
 * errors are one-line messages; a scenario that passes satisfies every
 * documented bound; and what bb_scenario_write prints (scenario.cfg "as
 * run") loads again to the same scenario.
 *
 *   make fuzz FUZZ_SECONDS=60     (builds with clang, runs from the root)
 */
#include "fuzz_common.h"

static int fz_out = -1;

/* scenario.cfg as run must reload, and to the same numbers. */
static void check_round_trip(bb_scenario *s)
{
    if (fz_out < 0 && (fz_out = memfd_create("asrun.cfg", 0)) < 0)
        return;
    if (ftruncate(fz_out, 0) != 0 || lseek(fz_out, 0, SEEK_SET) != 0)
        return; /* the dup below shares this offset */
    int fd = dup(fz_out);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f)
        return;
    FZ_CHECK(bb_scenario_write(s, f, 42, 3) == 0);
    fclose(f);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fz_out);
    bb_scenario *t = NULL;
    bb_errors err;
    bb_errors_init(&err);
    int rc = bb_scenario_load(path, NULL, 0, &t, &err);
    if (rc != BB_OK)
        for (int i = 0; i < err.n; i++)
            fprintf(stderr, "reload: %s\n", err.msg[i]);
    FZ_CHECK(rc == BB_OK);
    fz_check_load(rc, t, &err);
    FZ_CHECK(t->seed == 42 && t->replications == 3);
    FZ_CHECK(t->horizon_h == s->horizon_h && t->period_h == s->period_h);
    FZ_CHECK(t->ncat == s->ncat && t->nprov == s->nprov && t->nsurge == s->nsurge);
    FZ_CHECK(t->nplanned == s->nplanned && t->nchange == s->nchange &&
             t->ninitial == s->ninitial);
    for (int i = 0; i < s->ncat; i++)
        FZ_CHECK(t->cat[i].rate_per_year == s->cat[i].rate_per_year);
    for (int i = 0; i < BB_POOLS; i++)
        FZ_CHECK(t->pool[i].fte == s->pool[i].fte);
    for (int i = 0; i < s->nprov; i++)
        FZ_CHECK(t->prov[i].fte == s->prov[i].fte);
    bb_scenario_free(t);
    bb_errors_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bb_scenario *s = fz_load(data, size);
    if (s) {
        bb_marker mk[BB_MAX_SURGES + BB_MAX_PLANNED + BB_MAX_CHANGES];
        int n = bb_scenario_markers(s, mk, (int)(sizeof mk / sizeof mk[0]));
        int parts = 0; /* later parts of entries split over regions: no marker */
        for (int i = 0; i < s->ninvest; i++)
            parts += s->invest[i].part;
        for (int i = 0; i < s->nchange; i++)
            parts += s->change[i].part;
        FZ_CHECK(n == s->nsurge + s->nplanned + s->ninvest + s->nchange - parts);
        for (int i = 0; i < n; i++)
            FZ_CHECK(isfinite(mk[i].t) && mk[i].t >= 0 && mk[i].t <= s->horizon_h);
        for (int i = 0; i < bb_scenario_provider_count(s); i++)
            FZ_CHECK(bb_scenario_provider_name(s, i)[0]);
        check_round_trip(s);
        bb_scenario_free(s);
    }
    return 0;
}
