/*
 * sizing.c - bbsim size: the cheapest plan of FTE steps that meets
 * stated targets with stated confidence (bbsim.h, docs/sizing.md).
 *
 * The search, on common random numbers:
 *   1. greedy marginal allocation: each round runs one more step of every
 *      lever on the streams of the current plan and takes the step that
 *      removes the most of the remaining shortfall per euro a year, where
 *      a target's change counts only when its paired difference is
 *      significant at the confidence; when no step helps, jumps of 2, 4,
 *      ... steps, each lever alone and all together;
 *   2. when every target holds (its one-sided bound), a confirmation on
 *      fresh streams (seed + k) with twice the replications; when that
 *      fails, the search goes on from the same plan on the confirmation's
 *      streams and replications;
 *   3. a trim pass: one step less of a lever (the one that last lost a
 *      step, then the dearest first) is taken when every target still
 *      holds on the search streams and on the confirmation's.
 * Plans run in batches through bb_batch_run, so the plan is the same for
 * any number of threads; a plan already run on the same streams is not
 * run again. Nothing is printed: every evaluated plan goes to the
 * caller's on_eval, problems to a bb_errors list. Parsing and checking
 * the arguments: sizing_args.c.
 */
#include "internal.h"
#include "sizing.h"
#include <gsl/gsl_cdf.h>
#include <stdlib.h>
#include <string.h>

/* A plan run on some streams: the targets' values per replication. */
typedef struct entry {
    int steps[BB_SIZE_MAX_LEVERS];
    uint64_t seed;
    int reps;
    double *y;              /* ntargets x reps, NAN where undefined */
} entry;

typedef struct sizer {
    const bb_size_spec *sp;
    int nt, nl;
    entry **e;              /* every plan run */
    int ne, cap;
    double scale[BB_SIZE_MAX_TARGETS]; /* a target's shortfall is counted in these */
    bb_size_result *res;
    bb_errors *err;
} sizer;

/* The streams plans are judged on. */
typedef struct streams {
    uint64_t seed;
    int reps;
} streams;

static entry *find(const sizer *Z, const int *steps, streams st)
{
    for (int i = 0; i < Z->ne; i++)
        if (Z->e[i]->seed == st.seed && Z->e[i]->reps == st.reps &&
            !memcmp(Z->e[i]->steps, steps, sizeof Z->e[i]->steps))
            return Z->e[i];
    return NULL;
}

static entry *add_entry(sizer *Z, const int *steps, streams st)
{
    if (Z->ne == Z->cap) {
        int cap = Z->cap ? 2 * Z->cap : 64;
        entry **e = realloc(Z->e, (size_t)cap * sizeof *e);
        if (!e)
            return NULL;
        Z->e = e;
        Z->cap = cap;
    }
    entry *x = calloc(1, sizeof *x);
    if (!x || !(x->y = malloc((size_t)Z->nt * (size_t)st.reps * sizeof *x->y))) {
        free(x);
        return NULL;
    }
    memcpy(x->steps, steps, sizeof x->steps);
    x->seed = st.seed;
    x->reps = st.reps;
    for (int i = 0; i < Z->nt * st.reps; i++)
        x->y[i] = NAN;
    Z->e[Z->ne++] = x;
    return x;
}

/* ---- running plans ---- */

typedef struct batch_ctx {
    entry **ents;                       /* per unit */
    int (*rows)[BB_SIZE_MAX_TARGETS];   /* per unit and target: its metric row */
    int nt;
} batch_ctx;

static int consume(void *ud, bb_job_result *r, bb_errors *err)
{
    (void)err;
    batch_ctx *c = ud;
    entry *e = c->ents[r->unit];
    for (int k = 0; k < c->nt; k++) {
        int row = c->rows[r->unit][k];
        e->y[k * e->reps + r->rep] = row >= 0 && row < r->nrows ? r->rows[row].value : NAN;
    }
    return 0;
}

/* Run the plans not yet run on these streams; out[i] is plan i's entry. */
static int run_plans(sizer *Z, const int (*plans)[BB_SIZE_MAX_LEVERS], int n, streams st,
                     entry **out)
{
    const bb_size_spec *sp = Z->sp;
    bb_scenario **scen = calloc((size_t)n, sizeof *scen);
    bb_unit *units = calloc((size_t)n, sizeof *units);
    entry **ents = calloc((size_t)n, sizeof *ents);
    int(*rows)[BB_SIZE_MAX_TARGETS] = calloc((size_t)n, sizeof *rows);
    int nu = 0, rc = BB_OK;
    if (!scen || !units || !ents || !rows) {
        bb_errors_add(Z->err, "out of memory");
        rc = BB_ERR_RUN;
    }
    for (int i = 0; i < n && rc == BB_OK; i++) {
        if ((out[i] = find(Z, plans[i], st)))
            continue; /* run before, or earlier in this batch */
        if (!(out[i] = add_entry(Z, plans[i], st))) {
            bb_errors_add(Z->err, "out of memory");
            rc = BB_ERR_RUN;
            break;
        }
        rc = bb_size_plan_load(sp, plans[i], &scen[nu], Z->err);
        if (rc != BB_OK) {
            rc = BB_ERR_RUN; /* bb_size_check loaded the extremes; this is unexpected */
            break;
        }
        for (int k = 0; k < Z->nt; k++)
            rows[nu][k] = bb_size_target_row(scen[nu], &sp->targets[k]);
        units[nu] = (bb_unit){scen[nu], st.seed, 0, st.reps, st.reps};
        ents[nu++] = out[i];
    }
    if (rc == BB_OK && nu > 0) {
        batch_ctx c = {ents, rows, Z->nt};
        bb_batch b;
        memset(&b, 0, sizeof b);
        b.units = units;
        b.nunits = nu;
        b.threads = sp->threads > 0 ? sp->threads : 1;
        b.batch = 1;
        b.consume = consume;
        b.ud = &c;
        rc = bb_batch_run(&b, Z->err);
        if (rc == BB_OK) {
            Z->res->reps_run += (long)nu * st.reps;
            Z->res->plans_run += nu;
        }
    }
    for (int i = 0; i < nu; i++)
        bb_scenario_free(scen[i]);
    free(scen);
    free(units);
    free(ents);
    free(rows);
    return rc;
}

/* ---- statistics ---- */

/* Mean and the interval at 2 conf - 1 of the finite values among x. */
static void interval(const double *x, int n, double conf, bb_size_value *v)
{
    double sum = 0;
    int m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(x[i])) {
            sum += x[i];
            m++;
        }
    v->n = m;
    v->mean = m ? sum / m : NAN;
    v->lo = v->hi = NAN;
    v->holds = 0;
    if (m < 2)
        return;
    double ss = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(x[i]))
            ss += (x[i] - v->mean) * (x[i] - v->mean);
    double h = gsl_cdf_tdist_Pinv(conf, m - 1) * sqrt(ss / (m - 1) / m);
    v->lo = v->mean - h;
    v->hi = v->mean + h;
}

static void values(const sizer *Z, const entry *e, bb_size_value *v)
{
    for (int k = 0; k < Z->nt; k++) {
        const bb_size_target *t = &Z->sp->targets[k];
        interval(e->y + k * e->reps, e->reps, Z->sp->confidence, &v[k]);
        double tol = 1e-12 * fmax(1.0, fabs(t->value));
        v[k].holds = t->ge ? v[k].lo >= t->value - tol : v[k].hi <= t->value + tol;
    }
}

/* Paired differences b - a per target (the same streams). */
static void diffs(const sizer *Z, const entry *a, const entry *b, bb_size_value *d)
{
    double *x = malloc((size_t)a->reps * sizeof *x);
    for (int k = 0; k < Z->nt && x; k++) {
        for (int r = 0; r < a->reps; r++)
            x[r] = b->y[k * b->reps + r] - a->y[k * a->reps + r];
        interval(x, a->reps, Z->sp->confidence, &d[k]);
    }
    if (!x)
        for (int k = 0; k < Z->nt; k++)
            d[k] = (bb_size_value){NAN, NAN, NAN, 0, 0};
    free(x);
}

static bool all_hold(const sizer *Z, const bb_size_value *v)
{
    for (int k = 0; k < Z->nt; k++)
        if (!v[k].holds)
            return false;
    return true;
}

/* How far target k's bound is on the wrong side of its value (>= 0), in
 * the target's own unit; NAN when the bound is undefined. */
static double raw_shortfall(const bb_size_target *t, const bb_size_value *v)
{
    double b = t->ge ? v->lo : v->hi;
    if (!isfinite(b))
        return NAN;
    double s = t->ge ? t->value - b : b - t->value;
    return s > 0 ? s : 0;
}

/* The same as a share of the target's scale (an undefined bound: 1). */
static double shortfall(const sizer *Z, int k, const bb_size_value *v)
{
    double s = raw_shortfall(&Z->sp->targets[k], v);
    return isfinite(s) ? s / Z->scale[k] : 1.0;
}

/* The shortfall a move removes: the sum over targets of the change of
 * their shortfalls, each counted only when its paired difference is
 * significant in the same direction. */
static double gain_of(const sizer *Z, const bb_size_value *va, const bb_size_value *vb,
                      const bb_size_value *d)
{
    double g = 0;
    for (int k = 0; k < Z->nt; k++) {
        const bb_size_target *t = &Z->sp->targets[k];
        double sa = shortfall(Z, k, &va[k]), sb = shortfall(Z, k, &vb[k]);
        bool better = t->ge ? d[k].lo > 0 : d[k].hi < 0;
        bool worse = t->ge ? d[k].hi < 0 : d[k].lo > 0;
        if (sb < sa && better)
            g += sa - sb;
        else if (sb > sa && worse)
            g -= sb - sa;
    }
    return g;
}

/* Keep the best mean of every target seen, and its plan. */
static void note_best(sizer *Z, const entry *e, const bb_size_value *v)
{
    for (int k = 0; k < Z->nt; k++) {
        bb_size_value *b = &Z->res->best[k];
        if (!isfinite(v[k].mean))
            continue;
        bool ge = Z->sp->targets[k].ge;
        if (!b->n || (ge ? v[k].mean > b->mean : v[k].mean < b->mean)) {
            *b = v[k];
            memcpy(Z->res->best_steps[k], e->steps, sizeof Z->res->best_steps[k]);
        }
    }
}

/* ---- what the caller sees ---- */

typedef struct judged {
    entry *e, *from;
    bb_size_value v[BB_SIZE_MAX_TARGETS], d[BB_SIZE_MAX_TARGETS];
    double gain, score;
} judged;

/* Values of e, and against `from` (NULL: none) its paired differences,
 * gain and gain per million EUR a year. */
static void judge(sizer *Z, entry *e, entry *from, judged *j)
{
    j->e = e;
    j->from = from;
    values(Z, e, j->v);
    note_best(Z, e, j->v);
    j->gain = j->score = NAN;
    if (!from)
        return;
    bb_size_value vf[BB_SIZE_MAX_TARGETS];
    values(Z, from, vf);
    diffs(Z, from, e, j->d);
    j->gain = gain_of(Z, vf, j->v, j->d);
    double cost = bb_size_plan_cost(Z->sp, e->steps) - bb_size_plan_cost(Z->sp, from->steps);
    j->score = j->gain / fmax(fabs(cost), 1.0) * 1e6;
}

static void emit(sizer *Z, const char *phase, const judged *j, int accepted)
{
    if (!Z->sp->on_eval)
        return;
    bb_size_eval ev = {phase, Z->res->rounds, j->e->steps, j->from ? j->from->steps : NULL,
                       bb_size_plan_cost(Z->sp, j->e->steps), j->e->seed, j->e->reps, j->v,
                       j->from ? j->d : NULL, j->gain, j->score, accepted, Z->res->reps_run};
    Z->sp->on_eval(Z->sp->ud, &ev);
}

/* ---- the search ---- */

/* The candidates of one round for a jump of `jump` steps: each lever
 * alone (capped at its maximum), and for a jump > 1 all levers together.
 * Candidates already tried at a smaller jump are left out. Returns the
 * count; *capped is true when no lever can jump further. */
static int candidates(const sizer *Z, const int *x, int jump, int (*c)[BB_SIZE_MAX_LEVERS],
                      const char **phase, bool *capped)
{
    int n = 0, moving = 0;
    *capped = true;
    int joint[BB_SIZE_MAX_LEVERS];
    memcpy(joint, x, sizeof joint);
    for (int j = 0; j < Z->nl; j++) {
        int room = Z->sp->levers[j].nsteps - x[j];
        int mv = room < jump ? room : jump;
        int prev = room < jump / 2 ? room : jump / 2;
        if (room > jump)
            *capped = false;
        joint[j] += mv;
        moving += mv > 0;
        if (mv <= 0 || (jump > 1 && mv == prev))
            continue;
        memcpy(c[n], x, sizeof c[n]);
        c[n][j] += mv;
        phase[n++] = jump == 1 ? "step" : "jump";
    }
    if (jump > 1 && moving > 1) {
        memcpy(c[n], joint, sizeof c[n]);
        phase[n++] = "joint";
    }
    return n;
}

/* Greedy rounds from *cur until every target holds on its streams
 * (returns 1), or no move helps (returns 0); -1 on a failed run. */
static int search(sizer *Z, entry **cur)
{
    streams st = {(*cur)->seed, (*cur)->reps};
    int(*c)[BB_SIZE_MAX_LEVERS] = malloc((BB_SIZE_MAX_LEVERS + 1) * sizeof *c);
    entry **out = malloc((BB_SIZE_MAX_LEVERS + 1) * sizeof *out);
    judged *jd = malloc((BB_SIZE_MAX_LEVERS + 1) * sizeof *jd);
    const char *phase[BB_SIZE_MAX_LEVERS + 1];
    int result = -1;
    if (!c || !out || !jd) {
        bb_errors_add(Z->err, "out of memory");
        goto done;
    }
    for (;;) {
        bb_size_value v[BB_SIZE_MAX_TARGETS];
        values(Z, *cur, v);
        if (all_hold(Z, v)) {
            result = 1;
            break;
        }
        int best = -1;
        bool capped = false;
        for (int jump = 1; best < 0 && !capped; jump *= 2) {
            int n = candidates(Z, (*cur)->steps, jump, c, phase, &capped);
            if (n == 0)
                break;
            if (run_plans(Z, (const int(*)[BB_SIZE_MAX_LEVERS])c, n, st, out) != BB_OK)
                goto done;
            for (int i = 0; i < n; i++) {
                judge(Z, out[i], *cur, &jd[i]);
                if (jd[i].gain > 1e-12 && (best < 0 || jd[i].score > jd[best].score))
                    best = i;
            }
            for (int i = 0; i < n; i++)
                emit(Z, phase[i], &jd[i], i == best);
        }
        if (best < 0) {
            result = 0;
            break;
        }
        *cur = jd[best].e;
        Z->res->rounds++;
    }
done:
    free(c);
    free(out);
    free(jd);
    return result;
}

/* Try plans c[0..n) (each one step less than *cur) in order: the first
 * whose targets all hold on the search streams and then on the
 * confirmation's replaces *cur and *conf. Returns 1 when one did, 0 when
 * none, -1 on a failed run. */
static int try_removals(sizer *Z, int (*c)[BB_SIZE_MAX_LEVERS], int n, entry **out, entry **cur,
                        entry **conf)
{
    streams st = {(*cur)->seed, (*cur)->reps}, sc = {(*conf)->seed, (*conf)->reps};
    if (n && run_plans(Z, (const int(*)[BB_SIZE_MAX_LEVERS])c, n, st, out) != BB_OK)
        return -1;
    for (int i = 0; i < n; i++) {
        judged a, b;
        judge(Z, out[i], *cur, &a);
        if (!all_hold(Z, a.v)) {
            emit(Z, "trim", &a, 0);
            continue;
        }
        entry *ec;
        if (run_plans(Z, (const int(*)[BB_SIZE_MAX_LEVERS])&c[i], 1, sc, &ec) != BB_OK)
            return -1;
        judge(Z, ec, *conf, &b);
        bool ok = all_hold(Z, b.v);
        emit(Z, "trim", &a, ok);
        emit(Z, "trim-confirm", &b, ok);
        if (ok) {
            *cur = out[i];
            *conf = ec;
            return 1;
        }
    }
    return 0;
}

/* Trim: one step less of a lever while every target holds on the search
 * streams and on the confirmation's. The lever that last lost a step is
 * tried first, alone (it often loses another); then the others together,
 * the dearest step first. */
static int trim(sizer *Z, entry **cur, entry **conf)
{
    const bb_size_lever *L = Z->sp->levers;
    int(*c)[BB_SIZE_MAX_LEVERS] = malloc(BB_SIZE_MAX_LEVERS * sizeof *c);
    entry **out = malloc(BB_SIZE_MAX_LEVERS * sizeof *out);
    int found = 1, last = -1;
    if (!c || !out) {
        bb_errors_add(Z->err, "out of memory");
        found = -1;
    }
    while (found == 1) {
        found = 0;
        if (last >= 0 && (*cur)->steps[last] > 0) {
            memcpy(c[0], (*cur)->steps, sizeof c[0]);
            c[0][last]--;
            if ((found = try_removals(Z, c, 1, out, cur, conf)) != 0)
                continue;
        }
        int order[BB_SIZE_MAX_LEVERS], n = 0;
        for (int j = 0; j < Z->nl; j++) {
            if ((*cur)->steps[j] == 0 || j == last)
                continue;
            int k = n++;
            double cj = L[j].step * L[j].cost_per_fte_year;
            while (k > 0 && L[order[k - 1]].step * L[order[k - 1]].cost_per_fte_year < cj) {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = j;
        }
        for (int i = 0; i < n; i++) {
            memcpy(c[i], (*cur)->steps, sizeof c[i]);
            c[i][order[i]]--;
        }
        const entry *before = *cur;
        found = try_removals(Z, c, n, out, cur, conf);
        for (int j = 0; found == 1 && j < Z->nl; j++)
            if ((*cur)->steps[j] != before->steps[j])
                last = j;
    }
    free(c);
    free(out);
    return found < 0 ? BB_ERR_RUN : BB_OK;
}

static void finish(sizer *Z, const entry *e, int status)
{
    bb_size_result *r = Z->res;
    r->status = status;
    memcpy(r->steps, e->steps, sizeof r->steps);
    r->cost = bb_size_plan_cost(Z->sp, e->steps);
    r->seed = e->seed;
    r->reps = e->reps;
    values(Z, e, r->value);
}

int bb_size_run(const bb_size_spec *sp, bb_size_result *res, bb_errors *err)
{
    memset(res, 0, sizeof *res);
    sizer Z = {.sp = sp, .nt = sp->ntargets, .nl = sp->nlevers, .res = res, .err = err};
    int x[BB_SIZE_MAX_LEVERS] = {0};
    entry *cur = NULL, *conf = NULL;
    streams st = {sp->seed, sp->reps};
    int rc = run_plans(&Z, (const int(*)[BB_SIZE_MAX_LEVERS])&x, 1, st, &cur);
    if (rc == BB_OK) {
        judged j;
        judge(&Z, cur, NULL, &j);
        for (int k = 0; k < Z.nt; k++) {
            /* a target's shortfall counts as a share of the start's */
            double s = raw_shortfall(&sp->targets[k], &j.v[k]);
            double v = fabs(sp->targets[k].value);
            Z.scale[k] = isfinite(s) && s > 0 ? s : v > 0 ? v : 1.0;
        }
        emit(&Z, "start", &j, 1);
    }
    while (rc == BB_OK) {
        int found = search(&Z, &cur);
        if (found < 0) {
            rc = BB_ERR_RUN;
            break;
        }
        if (!found) {
            finish(&Z, cur, BB_SIZE_INFEASIBLE);
            break;
        }
        /* confirmation k on seed + k, twice the replications */
        res->confirmations++;
        streams sc = {sp->seed + (uint64_t)res->confirmations, 2 * cur->reps};
        if (sc.seed > (uint64_t)INT64_MAX) /* run.seed holds 63 bits */
            sc.seed -= (uint64_t)INT64_MAX;
        if ((rc = run_plans(&Z, (const int(*)[BB_SIZE_MAX_LEVERS])cur->steps, 1, sc, &conf)) !=
            BB_OK)
            break;
        judged j;
        judge(&Z, conf, NULL, &j);
        bool ok = all_hold(&Z, j.v);
        emit(&Z, "confirm", &j, ok);
        if (ok) {
            if ((rc = trim(&Z, &cur, &conf)) == BB_OK)
                finish(&Z, conf, BB_SIZE_MET);
            break;
        }
        if (res->confirmations == BB_SIZE_CONFIRMATIONS) {
            finish(&Z, conf, BB_SIZE_UNCONFIRMED);
            break;
        }
        cur = conf; /* search on from here, on the confirmation's streams */
    }
    for (int i = 0; i < Z.ne; i++) {
        free(Z.e[i]->y);
        free(Z.e[i]);
    }
    free(Z.e);
    return rc;
}
