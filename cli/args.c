/*
 * args.c - the options of a command (cli_opts) from its arguments: each
 * value read and checked, the combinations a command refuses refused,
 * every refusal a usage error (exit status 2) before anything is loaded.
 */
#include "cli.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "K:PATH=VALUE" (K a whole number): the scenario index K-1 (and the
 * rest after "K:"); -2 when the argument has no "K:" prefix. */
int cli_set_target(const char *v, const char **rest)
{
    const char *p = v;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == v || *p != ':' || p - v > 6)
        return -2;
    *rest = p + 1;
    return atoi(v) - 1;
}

static int add_set(cli_opts *o, const char *v)
{
    if (!v || !strchr(v, '='))
        return cli_usage_error("--set needs PATH=VALUE", v);
    const char *rest;
    if (cli_set_target(v, &rest) != -2)
        o->ksets[o->nksets++] = v;
    else
        o->sets[o->nsets++] = v;
    return BB_OK;
}

/* The options of bbsim size: --target, --lever, --confidence (their
 * values are checked by the library, against the scenario). Returns 1
 * when `a` is one of them (and *i moved past its value), 0 when not,
 * -1 on a usage error. */
static int size_option(cli_opts *o, bool size, const char *a, const char *v, int *i)
{
    const char *const names[] = {"--target", "--lever", "--confidence"};
    int k = -1;
    size_t len = 0;
    for (int j = 0; j < 3 && k < 0; j++) {
        len = strlen(names[j]);
        if (!strncmp(a, names[j], len) && (a[len] == 0 || a[len] == '='))
            k = j;
    }
    if (k < 0)
        return 0;
    const char *arg = a[len] == '=' ? a + len + 1 : v;
    if (!size)
        return cli_usage_error("--target, --lever and --confidence are for bbsim size", a), -1;
    if (!arg || !*arg)
        return cli_usage_error(k == 0   ? "--target needs METRIC[/GROUP][@YEAR]<=VALUE or >=VALUE"
                               : k == 1 ? "--lever needs PATH[@DATE]:STEP[:MAX]"
                                        : "--confidence needs a number",
                               NULL), -1;
    if (k == 0)
        o->targets[o->ntargets++] = arg;
    else if (k == 1)
        o->levers[o->nlevers++] = arg;
    else if (!cli_parse_double(arg, &o->confidence) || !(o->confidence >= 0.5 && o->confidence < 1))
        return cli_usage_error("--confidence needs a number from 0.5 to below 1", arg), -1;
    if (a[len] != '=')
        (*i)++;
    return 1;
}

/* What the options say together: the scenario count of the command,
 * --vary only and always for sweep, --bands and --precision only for
 * runs, K:--set naming a scenario, a grid that is not too large. */
static int check_opts(const cli_opts *o, bool compare, bool sweep, bool check, bool size)
{
    if (o->nfiles == 0)
        return cli_usage_error("no scenario file given", NULL);
    if (!compare && o->nfiles > 1)
        return cli_usage_error("more than one scenario given to", o->cmd);
    if (compare && o->nfiles < 2)
        return cli_usage_error("compare needs at least two scenario files", NULL);
    if (o->nvary > CLI_MAX_VARY) /* before anything uses the sweep's per-point arrays */
        return cli_usage_error("at most " CLI_STR(CLI_MAX_VARY) " --vary settings", NULL);
    if (sweep && o->nvary == 0)
        return cli_usage_error("sweep needs at least one --vary PATH=FROM:TO:STEP", NULL);
    if (sweep && o->bands)
        return cli_usage_error("--bands is for run and compare; sweep writes sweep.csv", NULL);
    if (check && (o->bands || o->nprec))
        return cli_usage_error("check runs nothing; --bands and --precision are for runs", NULL);
    if (size && (o->ntargets == 0 || o->nlevers == 0))
        return cli_usage_error("size needs at least one --target and one --lever", NULL);
    if (size && (o->bands || o->nprec || o->nksets))
        return cli_usage_error("size takes no --bands, --precision or --set K:PATH=VALUE", NULL);
    for (int i = 0; i < o->nksets; i++) {
        const char *rest;
        int t = cli_set_target(o->ksets[i], &rest);
        if (t < 0 || t >= o->nfiles)
            return cli_usage_error("--set K:PATH=VALUE names no scenario K", o->ksets[i]);
    }
    long points = 1;
    for (int i = 0; i < o->nvary; i++) {
        points *= o->vary[i].n;
        if (points > CLI_MAX_POINTS)
            return cli_usage_error("the sweep has more than " CLI_STR(CLI_MAX_POINTS) " points",
                                   NULL);
    }
    return BB_OK;
}

int cli_parse(int argc, char **argv, cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = -1;
    o->reps = -1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = cores >= 1 ? (cores > CLI_MAX_THREADS ? CLI_MAX_THREADS : (int)cores) : 1;
    size_t n = (size_t)argc;
    o->sets = calloc(n, sizeof *o->sets);
    o->ksets = calloc(n, sizeof *o->ksets);
    o->files = calloc(n, sizeof *o->files);
    o->prec = calloc(n, sizeof *o->prec);
    o->vary = calloc(n, sizeof *o->vary);
    o->targets = calloc(n, sizeof *o->targets);
    o->levers = calloc(n, sizeof *o->levers);
    o->overlays = calloc(n, sizeof *o->overlays);
    o->confidence = CLI_SIZE_CONFIDENCE;
    if (!o->sets || !o->ksets || !o->files || !o->prec || !o->vary || !o->targets || !o->levers ||
        !o->overlays)
        return cli_oom("reading the options");
    o->cmd = argv[1];
    bool compare = strcmp(o->cmd, "compare") == 0, sweep = strcmp(o->cmd, "sweep") == 0;
    bool check = strcmp(o->cmd, "check") == 0, size = strcmp(o->cmd, "size") == 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long long k;
        bb_errors err;
        bb_errors_init(&err);
        int so = size_option(o, size, a, v, &i);
        if (so < 0)
            return BB_ERR_INPUT;
        if (so > 0) {
            continue;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0) {
            if (!v || !*v)
                return cli_usage_error("-o: the output directory name is empty", NULL);
            o->outdir = v;
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            if (!v || !cli_parse_long(v, 0, INT64_MAX, &k))
                return cli_usage_error("--seed needs a whole number >= 0", v);
            o->seed = k;
            i++;
        } else if (strcmp(a, "--reps") == 0) {
            if (!v || !cli_parse_long(v, 1, CLI_MAX_REPS, &k))
                return cli_usage_error("--reps needs a whole number 1.." CLI_STR(CLI_MAX_REPS),
                                       v);
            o->reps = (long)k;
            i++;
        } else if (strcmp(a, "--threads") == 0) {
            if (!v || !cli_parse_long(v, 1, CLI_MAX_THREADS, &k))
                return cli_usage_error(
                    "--threads needs a whole number 1.." CLI_STR(CLI_MAX_THREADS), v);
            o->threads = (int)k;
            i++;
        } else if (strcmp(a, "--set") == 0) {
            if (add_set(o, v) != BB_OK)
                return BB_ERR_INPUT;
            i++;
        } else if (strncmp(a, "--set=", 6) == 0) {
            if (add_set(o, a + 6) != BB_OK)
                return BB_ERR_INPUT;
        } else if (strcmp(a, "--vary") == 0 || strncmp(a, "--vary=", 7) == 0) {
            const char *arg = a[6] == '=' ? a + 7 : v;
            if (!sweep)
                return cli_usage_error("--vary is for bbsim sweep", NULL);
            if (!arg || cli_vary_parse(arg, &o->vary[o->nvary], &err) != 0) {
                cli_print_errors(&err);
                bb_errors_free(&err);
                return cli_usage_error("bad --vary", arg);
            }
            o->nvary++;
            if (a[6] != '=')
                i++;
        } else if (strcmp(a, "--precision") == 0 || strncmp(a, "--precision=", 12) == 0) {
            const char *arg = a[11] == '=' ? a + 12 : v;
            if (!arg || cli_precision_parse(arg, &o->prec[o->nprec], &err) != 0) {
                cli_print_errors(&err);
                bb_errors_free(&err);
                return cli_usage_error("bad --precision", arg);
            }
            o->nprec++;
            if (a[11] != '=')
                i++;
        } else if (strcmp(a, "--csv") == 0 || strncmp(a, "--csv=", 6) == 0) {
            const char *arg = a[5] == '=' ? a + 6 : v;
            if (!arg || (strcmp(arg, "nl") && strcmp(arg, "plain")))
                return cli_usage_error("--csv needs nl (Dutch Excel: ';' and decimal comma) or "
                                       "plain", arg);
            o->csv = strcmp(arg, "nl") == 0 ? BB_CSV_NL : BB_CSV_PLAIN;
            if (a[5] != '=')
                i++;
        } else if (strcmp(a, "--with") == 0 || strcmp(a, "--add") == 0) {
            bool with = a[2] == 'w';
            if (!v || !*v || (!with && !strchr(v, '=')))
                return cli_usage_error(with ? "--with needs a scenario file to lay over"
                                            : "--add needs LIST={ ... }, e.g. "
                                              "--add 'investments={ ... }'", v);
            size_t len = strlen(v) + 2;
            char *ov = malloc(len);
            if (!ov)
                return cli_oom("reading the options");
            snprintf(ov, len, "%c%s", with ? '<' : '+', v);
            o->overlays[o->noverlays++] = ov;
            i++;
        } else if (strcmp(a, "--force") == 0) {
            o->force = true;
        } else if (strcmp(a, "--bands") == 0) {
            o->bands = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("unknown option", a);
        } else {
            o->files[o->nfiles++] = a;
        }
    }
    o->found = calloc(n, sizeof *o->found);
    if (!o->found)
        return cli_oom("reading the options");
    for (int i = 0; i < o->nfiles; i++) {
        if (!(o->found[i] = cli_find_scenario(o->files[i])))
            return cli_oom("finding the scenario");
        o->files[i] = o->found[i];
    }
    return check_opts(o, compare, sweep, check, size);
}

void cli_opts_free(cli_opts *o)
{
    for (int i = 0; i < o->nvary; i++)
        cli_vary_free(&o->vary[i]);
    free(o->vary);
    free(o->targets);
    free(o->levers);
    free(o->prec);
    free(o->sets);
    free(o->ksets);
    free(o->files);
    for (size_t i = 0; o->found && o->found[i]; i++)
        free(o->found[i]);
    free(o->found);
    for (int i = 0; i < o->noverlays; i++)
        free(o->overlays[i]);
    free(o->overlays);
}
