/*
 * cmd_size.c - bbsim size SCENARIO.cfg --target ... --lever ...: the
 * cheapest plan of FTE steps that meets every target (sim/sizing.c does
 * the search; docs/sizing.md). The targets and levers are checked against
 * the scenario before anything runs (exit 2); every plan the search
 * evaluates is streamed into size.csv; then plan.cfg, the scenario with
 * the plan applied and seeded as the run its figures come from (the last
 * confirmation), so that `bbsim run plan.cfg` reproduces them; then the
 * digest on stderr. Exit 1, with the outputs written, when no plan within
 * the levers' maxima meets the targets or the plan could not be confirmed.
 */
#include "cli.h"
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct size_ctx {
    const bb_size_spec *sp;
    FILE *csv;
    bool tty;
    double t0;
} size_ctx;

static const char CSV_HEADER[] =
    "phase,round,lever,fte,move_cost_eur,plan,plan_cost_eur,seed,reps,target,mean,ci_low,"
    "ci_high,bound,holds,diff_mean,diff_low,diff_high,gain,score,accepted\n";

/* A lever as PATH or PATH@DATE. */
static void lever_name(const bb_size_lever *l, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s", l->path, l->date[0] ? "@" : "", l->date);
}

static void on_eval(void *ud, const bb_size_eval *e)
{
    size_ctx *c = ud;
    const bb_size_spec *sp = c->sp;
    char plan[2048], lever[1024] = "", fte[32] = "";
    bb_size_plan_text(sp, e->steps, plan, sizeof plan);
    int moved = 0, last = -1;
    for (int j = 0; e->from && j < sp->nlevers; j++) {
        if (e->steps[j] == e->from[j])
            continue;
        char nm[200];
        lever_name(&sp->levers[j], nm, sizeof nm);
        size_t len = strlen(lever);
        snprintf(lever + len, sizeof lever - len, "%s%s", moved ? " & " : "", nm);
        moved++;
        last = j;
    }
    if (moved == 1)
        bb_size_num(bb_size_lever_value(&sp->levers[last], e->steps[last]), fte, sizeof fte);
    double move = e->from ? e->cost - bb_size_plan_cost(sp, e->from) : NAN;
    for (int k = 0; k < sp->ntargets && c->csv; k++) {
        const bb_size_value *v = &e->value[k];
        const bb_size_target *t = &sp->targets[k];
        FILE *f = c->csv;
        fprintf(f, "%s,%d,", e->phase, e->round);
        bb_csv_str(f, lever);
        fprintf(f, ",%s,", fte);
        bb_csv_num(f, move);
        fputc(',', f);
        bb_csv_str(f, plan);
        fputc(',', f);
        bb_csv_num(f, e->cost);
        fprintf(f, ",%" PRIu64 ",%d,", e->seed, e->reps);
        bb_csv_str(f, t->arg);
        double d[3] = {NAN, NAN, NAN};
        if (e->diff)
            d[0] = e->diff[k].mean, d[1] = e->diff[k].lo, d[2] = e->diff[k].hi;
        double nums[4] = {v->mean, v->lo, v->hi, t->ge ? v->lo : v->hi};
        bb_csv_nums(f, nums, 4);
        fprintf(f, ",%d", v->holds);
        bb_csv_nums(f, d, 3);
        double g[2] = {e->gain, e->score};
        bb_csv_nums(f, g, 2);
        fprintf(f, ",%d\n", e->accepted);
    }
    if (c->tty)
        fprintf(stderr, "\rbbsim: size: %s, round %d, %ld replications, %.0f s\033[K", e->phase,
                e->round, e->reps_run, cli_mono_now() - c->t0);
}

static void eur(char *buf, size_t n, double v)
{
    if (fabs(v) >= 1e6)
        snprintf(buf, n, "EUR %.2f M", v / 1e6);
    else
        snprintf(buf, n, "EUR %.0f k", v / 1e3);
}

static void print_value(const bb_size_target *t, const bb_size_value *v, const char *tail)
{
    if (isfinite(v->lo))
        fprintf(stderr, "    %-52s %10.4g  [%.4g, %.4g]%s\n", t->arg, v->mean, v->lo, v->hi, tail);
    else
        fprintf(stderr, "    %-52s %10.4g  (no interval)%s\n", t->arg, v->mean, tail);
}

/* The plan, its cost and each target's value with its interval; for an
 * unmet target, the best value reached and at what plan. */
static void digest(const bb_size_spec *sp, const bb_size_result *r, const char *dir,
                   const char *name, double secs, bool quiet)
{
    static const char *const what[] = {"every target holds, confirmed",
                                       "NO PLAN within the levers' maxima meets every target",
                                       ("NOT CONFIRMED: the plan met the targets on its search "
                                        "streams but not on fresh ones")};
    if (quiet && r->status == BB_SIZE_MET)
        return;
    fprintf(stderr, "bbsim: size %s: %s; wrote %s/size.csv, plan.cfg\n", name, what[r->status],
            dir);
    char buf[64];
    eur(buf, sizeof buf, r->cost);
    fprintf(stderr, "  plan (%s a year):\n", buf);
    for (int j = 0; j < sp->nlevers; j++) {
        const bb_size_lever *l = &sp->levers[j];
        char nm[200], a[32], b[32], c[64];
        lever_name(l, nm, sizeof nm);
        bb_size_num(l->start, a, sizeof a);
        bb_size_num(bb_size_lever_value(l, r->steps[j]), b, sizeof b);
        eur(c, sizeof c, r->steps[j] * l->step * l->cost_per_fte_year);
        if (!r->steps[j])
            fprintf(stderr, "    %-44s no step\n", nm);
        else if (l->date[0])
            fprintf(stderr, "    %-44s +%s FTE from %s (%d steps, %s a year)\n", nm, b, l->date,
                    r->steps[j], c);
        else
            fprintf(stderr, "    %-44s %s -> %s FTE (%d steps, %s a year)\n", nm, a, b,
                    r->steps[j], c);
    }
    fprintf(stderr, "  targets, %s (seed %" PRIu64 ", %d replications; one-sided %g%% bounds):\n",
            r->status == BB_SIZE_INFEASIBLE ? "where the search stopped" : "confirmation",
            r->seed, r->reps, 100 * sp->confidence);
    for (int k = 0; k < sp->ntargets; k++)
        print_value(&sp->targets[k], &r->value[k], r->value[k].holds ? "  holds" : "  FAILS");
    for (int k = 0; k < sp->ntargets && r->status != BB_SIZE_MET; k++) {
        if (r->value[k].holds)
            continue;
        char plan[2048];
        bb_size_plan_text(sp, r->best_steps[k], plan, sizeof plan);
        fprintf(stderr, "  %s: best value reached %.4g (over %d replications) at plan %s\n",
                sp->targets[k].arg, r->best[k].mean, r->best[k].n, plan);
    }
    fprintf(stderr, "  search: %d steps taken, %d plans run, %ld replications, %d "
                    "confirmation%s, %.1f s\n",
            r->rounds, r->plans_run, r->reps_run, r->confirmations,
            r->confirmations == 1 ? "" : "s", secs);
}

/* plan.cfg: the scenario with the plan, seeded as the run of its values. */
static int write_plan(const bb_size_spec *sp, const bb_size_result *r, FILE *f, bb_errors *err)
{
    bb_scenario *s = NULL;
    int rc = bb_size_plan_load(sp, r->steps, &s, err);
    if (rc != BB_OK)
        return rc;
    char plan[2048];
    bb_size_plan_text(sp, r->steps, plan, sizeof plan);
    fprintf(f, "# bbsim size: %s\n# plan: %s (EUR %.0f a year)\n# targets:",
            r->status == BB_SIZE_MET ? "every target holds, confirmed" : "targets NOT met", plan,
            r->cost);
    for (int k = 0; k < sp->ntargets; k++)
        fprintf(f, " %s", sp->targets[k].arg);
    fprintf(f, "\n# `bbsim run plan.cfg` reproduces the figures of size's digest.\n");
    rc = bb_scenario_write(s, f, r->seed, r->reps) == 0 ? BB_OK : BB_ERR_RUN;
    bb_scenario_free(s);
    return rc;
}

/* Parse every --target and --lever; all errors printed. */
static int parse_all(const cli_opts *o, bb_size_target *t, bb_size_lever *l)
{
    bb_errors err;
    bb_errors_init(&err);
    for (int k = 0; k < o->ntargets; k++)
        bb_size_parse_target(o->targets[k], &t[k], &err);
    for (int j = 0; j < o->nlevers; j++)
        bb_size_parse_lever(o->levers[j], &l[j], &err);
    int rc = err.n ? BB_ERR_INPUT : BB_OK;
    cli_print_errors(&err);
    bb_errors_free(&err);
    return rc;
}

int cli_cmd_size(const cli_opts *o)
{
    if (o->ntargets > BB_SIZE_MAX_TARGETS || o->nlevers > BB_SIZE_MAX_LEVERS)
        return cli_usage_error("size takes at most " CLI_STR(BB_SIZE_MAX_TARGETS)
                               " --target and " CLI_STR(BB_SIZE_MAX_LEVERS) " --lever", NULL);
    bb_size_target t[BB_SIZE_MAX_TARGETS];
    bb_size_lever l[BB_SIZE_MAX_LEVERS];
    bb_scenario *base = NULL;
    int rc = parse_all(o, t, l);
    if (rc == BB_OK)
        rc = cli_load(o, 0, NULL, 0, NULL, &base);
    if (rc != BB_OK)
        return rc;
    size_ctx c = {NULL, NULL, !o->quiet && isatty(2), cli_mono_now()};
    /* the plans are loaded with --with and --add first, then the --set */
    const char **sets = calloc((size_t)(o->noverlays + o->nsets + 1), sizeof *sets);
    if (!sets) {
        bb_scenario_free(base);
        return cli_oom("setting up the search");
    }
    int nsets = 0;
    for (int i = 0; i < o->noverlays; i++)
        sets[nsets++] = o->overlays[i];
    for (int i = 0; i < o->nsets; i++)
        sets[nsets++] = o->sets[i];
    bb_size_spec sp = {o->files[0], sets, nsets, t, o->ntargets, l, o->nlevers,
                       o->confidence, o->reps > 0 ? (int)o->reps : bb_scenario_replications(base),
                       o->seed >= 0 ? (uint64_t)o->seed : bb_scenario_seed(base), o->threads,
                       on_eval, &c};
    c.sp = &sp;
    bb_errors err;
    bb_errors_init(&err);
    rc = bb_size_check(&sp, base, &err);
    char defdir[300], nm[200];
    cli_safe_name(nm, sizeof nm, bb_scenario_name(base));
    snprintf(defdir, sizeof defdir, "out/size-%s", nm);
    const char *dir = o->outdir ? o->outdir : defdir;
    bb_out f[2] = {{0}};
    bb_size_result res;
    const char *names[1] = {bb_scenario_name(base)};
    if (rc == BB_OK)
        rc = cli_outdir_check(o, dir, names, 1);
    if (rc == BB_OK)
        cli_signals_doing("the search of bbsim size");
    if (rc == BB_OK && (bb_mkdirs(dir, &err) != 0 || cli_lock_dir(dir, &err) != 0 ||
                        bb_out_open(&f[0], dir, "size.csv", &err)))
        rc = BB_ERR_RUN;
    if (rc == BB_OK) {
        f[0].dialect = o->csv;
        c.csv = f[0].f;
        fputs(CSV_HEADER, c.csv);
        rc = bb_size_run(&sp, &res, &err);
        if (c.tty)
            fputc('\n', stderr);
    }
    if (rc == BB_OK && (bb_out_open(&f[1], dir, "plan.cfg", &err) != 0 ||
                        write_plan(&sp, &res, f[1].f, &err) != BB_OK))
        rc = BB_ERR_RUN;
    if (rc == BB_OK && bb_out_commit_set(f, 2, &err) != 0)
        rc = BB_ERR_RUN;
    cli_abort_all(f, 2);
    cli_unlock_dir();
    cli_print_errors(&err);
    bb_errors_free(&err);
    if (rc == BB_OK) {
        digest(&sp, &res, dir, cli_shown(bb_scenario_name(base)), cli_mono_now() - c.t0, o->quiet);
        rc = res.status == BB_SIZE_MET ? BB_OK : BB_ERR_RUN;
    }
    bb_scenario_free(base);
    free(sets);
    return rc;
}
