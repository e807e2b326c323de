/*
 * load.c - loading a scenario file with the command line's --set options:
 * the common ones, the K:PATH=VALUE ones of that scenario and a sweep
 * point's; every error printed, each with the file and line.
 */
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>

/* Load scenario file k with the common --set, its own K:--set and `extra`
 * (a sweep point); errors are prefixed with `what` when given. */
int cli_load(const cli_opts *o, int k, const char *const *extra, int nextra, const char *what,
             bb_scenario **s)
{
    int cap = o->noverlays + o->nsets + o->nksets + nextra + 1;
    const char **sets = calloc((size_t)cap, sizeof *sets);
    if (!sets)
        return cli_oom("loading the scenario");
    int n = 0;
    for (int i = 0; i < o->noverlays; i++) /* --with and --add first */
        sets[n++] = o->overlays[i];
    for (int i = 0; i < o->nsets; i++)
        sets[n++] = o->sets[i];
    for (int i = 0; i < o->nksets; i++) {
        const char *rest;
        if (cli_set_target(o->ksets[i], &rest) == k)
            sets[n++] = rest;
    }
    for (int i = 0; i < nextra; i++)
        sets[n++] = extra[i];
    bb_errors err;
    bb_errors_init(&err);
    int rc = bb_scenario_load(o->files[k], sets, n, s, &err);
    for (int i = 0; i < err.n; i++)
        fprintf(stderr, "%s%s%s\n", what ? what : "", what ? ": " : "", err.msg[i]);
    if (err.dropped && err.n < BB_MAX_ERRORS)
        fprintf(stderr, "bbsim: out of memory (%d message%s lost)\n", err.dropped,
                err.dropped == 1 ? "" : "s");
    else if (err.dropped)
        fprintf(stderr, "bbsim: ... and %d more messages (%d in all; the first %d are shown)\n",
                err.dropped, err.n + err.dropped, err.n);
    if (rc != BB_OK && err.n + err.dropped > 1)
        fprintf(stderr, "bbsim: %d errors in %s\n", err.n + err.dropped, cli_shown(o->files[k]));
    bb_errors_free(&err);
    free(sets);
    return rc;
}
