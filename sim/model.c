/*
 * model.c - the B&B chain as a discrete-event model: one replication.
 *
 * A case (threat signal about a person, object or service) arrives per
 * category, is triaged, worked on in the information pool and in the
 * advice pool of its domain, waits for the authority's decision, and, if
 * its level is above 0, needs capacity at an execution provider for the
 * length of the threat, with periodic re-evaluations and escalations.
 * Signals closed at triage are only counted (a Poisson count per day).
 *
 * Reading order: case and pool state, random draws at intake, arrivals
 * and triage, pools (dispatch, office hours), execution (assign,
 * release, fill, the three policies when full, repatriation), planned
 * demand, reviews, the event loop, statistics. The statistics are
 * time-weighted accumulators (`tw`), running means and the kept lead
 * times; the per-period row and the metric rows are built from them at
 * the end of this file.
 *
 * Memory is bounded by the number of open cases, plus 9 bytes per
 * protected case: closed cases return to a free list; each protected
 * case's lead time is kept for exact quantiles (by selection), those of
 * each period's cases for its row and those of all cases at the end.
 */
#include "internal.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9
#define HOURS_PER_YEAR BB_HOURS_PER_YEAR
#define BASIC (-2) /* provider index of the basic units */
#define MAX_YEARS 102

/* ---- time-weighted level ---- */
typedef struct tw {
    double v, last;   /* current value, time of last change */
    double area;      /* since statistics started (warm-up) */
    double aperiod;   /* since the current period started */
    double acost;     /* since the last cost accrual */
    double max;
} tw;

/* ---- running mean (the update gsl_rstat uses) ---- */
typedef struct runmean {
    double mean;
    long n;
} runmean;

static void rm_add(runmean *r, double x)
{
    r->n++;
    r->mean += (x - r->mean) / (double)r->n;
}

/* ---- events ---- */
enum ev {
    EV_ARRIVAL, EV_JOB_DONE, EV_OPEN, EV_CLOSE, EV_DECIDED, EV_IN_PLACE,
    EV_MEASURE_END, EV_REVIEW, EV_ESCALATE, EV_PLAN_START, EV_PLAN_END,
    EV_SURGE, EV_CHANGE, EV_PERIOD, EV_YEAR, EV_WARMUP, EV_HORIZON,
    EV_INVEST, EV_HIRED, EV_TRAINED, EV_ATTRITION, EV_TRIAGE
};
/* an event's arg is an index into one of these (engine.c keeps 16 bits) */
_Static_assert(BB_MAX_INVEST <= BB_EVENT_ARG_MAX && BB_MAX_CHANGES <= BB_EVENT_ARG_MAX &&
                   BB_MAX_SURGES <= BB_EVENT_ARG_MAX && BB_MAX_PLANNED <= BB_EVENT_ARG_MAX &&
                   2 * BB_UNITS + 1 <= BB_EVENT_ARG_MAX && BB_MAX_CATEGORIES <= BB_EVENT_ARG_MAX,
               "event args fit in 16 bits");

#define CASE_RNG_WORDS 3 /* room for a taus2 state (GSL: 3 unsigned longs) */

enum xstate { X_NONE, X_WAIT, X_BORROWED, X_DOWN, X_OWN };
enum job { J_CASE, J_REVIEW, J_ESCALATION };

/* A case. The fields read when its event fires or when a pool takes it
 * from the queue come first, in the first 64 bytes (one cache line: a
 * case waiting in a backlog or for its next review is cold); the blocks
 * of cases are aligned to 64 bytes. */
typedef struct bcase {
    _Alignas(64) uint64_t id;
    struct bcase *qnext;               /* pool queue (singly linked) */
    double eff[2];                     /* efforts drawn at intake; eff[1] a review's */
    double t_queue;                    /* joined the current queue */
    double decision_h;                 /* drawn at intake */
    uint8_t job;                       /* enum job */
    uint8_t x;                         /* enum xstate */
    bool acute, in_pool, in_place, job_on_duty;
    int8_t level;                      /* decided level */
    int16_t cat;
    /* --- 64 bytes --- */
    struct bcase *pnext, *pprev;       /* execution pending list */
    struct bcase *hnext, *hprev;       /* cases held at the same provider */
    uint64_t assign_seq;
    int plist;                         /* which pending list, -1 none */
    int held_level;                    /* level of held package */
    bool ever_protected, counted, seeded;
    int prov;                          /* provider index, BASIC, or -1 */
    double need;                       /* FTE held */
    double t_in, t_decided, t_end;
    /* draws taken at intake (common random numbers) */
    double u_level, u_dur, u_lead, esc_e;
    /* the state of the case's own GSL streams (taus2), [0] reviews and
     * [1] escalations, kept in the case itself: a case is one block of
     * memory, not five (case_rng; bb_sim_new checks the size). They are
     * seeded from (key_base, key_index) when first used: most cases are
     * never reviewed. */
    unsigned long gen_state[2][CASE_RNG_WORDS];
    uint64_t key_base, key_index;
} bcase;

_Static_assert(offsetof(bcase, pnext) == 64, "a case's hot fields fill its first cache line");
_Static_assert(sizeof(bcase) == 256, "a case is four cache lines");
_Static_assert(BB_MAX_CATEGORIES <= 32767 && BB_LEVELS <= 127, "a case's cat and level fit");

enum { RR, RE };

typedef struct pool {
    double fte;
    int servers, duty;
    int busy_office, busy_duty;
    bcase *qa_head, *qa_tail, *qr_head, *qr_tail;
    int qlen;
    bool open;
    tw q, avail, fte_tw;
    double work_period, work_total;    /* effort hours started */
    runmean wait;
    double wait_sum_period;
    long wait_n_period;
} pool;

typedef struct provider {
    double cap, used;
    int cases;
    bcase *held_head, *held_tail;
    tw used_tw, cap_tw, cases_tw, over_tw;
} provider;

typedef struct plan_state { double own, borrowed; } plan_state;

/* The workforce of a unit (pool or provider): FTE on the way in, the
 * positions each budget line funds, and the attrition clock. */
typedef struct unit_wf {
    double recruiting, training, ready;  /* FTE in the pipeline */
    double inv_pipe;                     /* of which from investments */
    double cancel;                       /* FTE in the pipeline to drop (cuts) */
    double est[BB_MAX_LINES + 1];        /* positions by line; [0] no line */
    tw filled;                           /* hired FTE (paid): training+ready+operational */
    tw op;                               /* operational FTE */
    double att_rem, att_last;            /* integrated hazard left; updated at */
    uint64_t att_ver;
} unit_wf;

struct lt_group {
    runmean mean;
    long n, within;
};

/* Lead times of the counted protected cases, for exact quantiles at the
 * end: the value and its groups (bit 0 acute, bits 1-3 the level). */
typedef struct lead_log {
    double *v;
    unsigned char *g;
    size_t n, cap;
    double *scratch; /* one group's values while its quantiles are taken */
    size_t scratch_cap;
} lead_log;

struct bb_sim {
    const bb_scenario *s;
    uint64_t seed;
    int rep;
    bb_queue q;
    double now;
    uint64_t events;
    bool done, stats_on;
    char error[256];
    bb_period_fn on_period;
    void *on_period_ud;

    /* random streams, one per purpose (and category / level) */
    gsl_rng *r_arrival[BB_MAX_CATEGORIES], *r_case[BB_MAX_CATEGORIES];
    gsl_rng *r_effort[BB_MAX_CATEGORIES], *r_outcome[BB_MAX_CATEGORIES];
    gsl_rng *r_duration[BB_MAX_CATEGORIES], *r_escalation[BB_MAX_CATEGORIES];
    gsl_rng *r_triage[BB_MAX_CATEGORIES];
    gsl_rng *r_initial;
    double triage_t;                      /* closed signals counted up to */
    long dr_day[BB_MAX_CATEGORIES][2];    /* day + 1 of day_rate's entries, by day parity */
    double dr_v[BB_MAX_CATEGORIES][2];
    /* keys of the cases' own sequences: per category and intake count */
    uint64_t life_base[BB_MAX_CATEGORIES], life_n[BB_MAX_CATEGORIES];
    uint64_t init_base, init_n;

    /* cases */
    bcase *free_cases;
    bcase **blocks;
    int nblocks, capblocks;
    uint64_t next_id;
    uint64_t assignments;  /* numbers every assignment of every case */
    long open_cases;

    pool pool[BB_POOLS];
    int deciding;
    tw deciding_tw;
    provider prov[BB_MAX_PROVIDERS];
    double basic_used;
    tw borrowed_tw;
    bcase *pend_head[BB_LEVELS][3], *pend_tail[BB_LEVELS][3]; /* wait, borrowed, down */
    int pend_n[3];
    int active_level[BB_LEVELS];
    tw active_tw[BB_LEVELS];
    int unprotected, downgraded, protected_now;
    tw unprot_tw, down_tw;
    plan_state plan[BB_MAX_PLANNED];
    uint32_t dirty;     /* providers to fill (bit i), bit 31: basic */

    /* statistics */
    long arrived[BB_MAX_CATEGORIES], triaged, decided[BB_LEVELS], protected_total;
    long p_arrived, p_decided, p_protected;  /* this period */
    long first_state[5];   /* state right after the decision, per xstate */
    struct lt_group lt[7]; /* acute, regular, all, level 1..4 */
    lead_log leads;
    size_t lead_p0;        /* leads.v[lead_p0 ..]: protected this period */
    double last_p50, last_p90; /* of the last period with a case protected */
    runmean exec_wait, decision_wait;
    unit_wf wf[BB_UNITS];
    gsl_rng *r_wf[BB_UNITS];
    double cost_year[MAX_YEARS], cost_total;
    double cost_line[BB_MAX_LINES + 1][MAX_YEARS]; /* [0]: no budget line */
    int year0;
    double period_start;

    /* outputs */
    const char **colnames;
    double *row;
    int ncols;
    bb_metric *metrics;
    int nmetrics, capmetrics;
};

/* ------------------------------------------------------------------ */
/* time-weighted levels                                                */
/* ------------------------------------------------------------------ */

static void tw_set(bb_sim *m, tw *x, double v)
{
    double dt = m->now - x->last;
    if (dt > 0) {
        if (m->stats_on)
            x->area += x->v * dt;
        x->aperiod += x->v * dt;
        x->acost += x->v * dt;
    }
    x->last = m->now;
    x->v = v;
    if (v > x->max && m->stats_on)
        x->max = v;
}

static void tw_add(bb_sim *m, tw *x, double d) { tw_set(m, x, x->v + d); }

static void sync_all(bb_sim *m);

/* ------------------------------------------------------------------ */
/* cases                                                               */
/* ------------------------------------------------------------------ */

static bcase *case_new(bb_sim *m)
{
    if (m->open_cases >= m->s->max_open) {
        snprintf(m->error, sizeof m->error,
                 "more than %ld open cases at %.0f h: the bound run.max_open_cases "
                 "was reached (the chain cannot keep up)", m->s->max_open, m->now);
        return NULL;
    }
    if (!m->free_cases) {
        if (m->nblocks == m->capblocks) {
            int cap = m->capblocks ? 2 * m->capblocks : 16;
            bcase **b = realloc(m->blocks, (size_t)cap * sizeof *b);
            if (!b)
                goto oom;
            m->blocks = b;
            m->capblocks = cap;
        }
        /* not zeroed: case_new clears a case when it is taken */
        bcase *blk = aligned_alloc(_Alignof(bcase), 1024 * sizeof *blk);
        if (!blk)
            goto oom;
        m->blocks[m->nblocks++] = blk;
        for (int i = 1023; i >= 0; i--) {
            blk[i].qnext = m->free_cases;
            m->free_cases = &blk[i];
        }
    }
    bcase *c = m->free_cases;
    m->free_cases = c->qnext;
    memset(c, 0, sizeof *c);
    c->id = ++m->next_id;
    c->prov = -1;
    c->plist = -1;
    c->t_decided = -1;
    m->open_cases++;
    return c;
oom:
    snprintf(m->error, sizeof m->error, "out of memory with %ld open cases", m->open_cases);
    return NULL;
}

static void case_free(bb_sim *m, bcase *c)
{
    c->id = 0;
    c->qnext = m->free_cases;
    m->free_cases = c;
    m->open_cases--;
}

/* Report a failed push (rc from bb_queue_push); -1. */
static int push_failed(bb_sim *m, int rc)
{
    if (rc == -2 && !m->error[0])
        snprintf(m->error, sizeof m->error,
                 "more than %zu pending events at %.0f h: the bound (%d x run.max_open_cases "
                 "+ %d) was reached", m->q.max, m->now, BB_EVENTS_PER_OPEN, BB_QUEUE_SLACK);
    else if (rc != 0 && !m->error[0])
        snprintf(m->error, sizeof m->error, "out of memory in the event queue");
    return -1;
}

/* An event; for a case, tag is what the case must still show when it
 * fires (the low 32 bits of its id or assignment count: a slot reused
 * 2^32 cases later is beyond run.max_open_cases and the arrival bound). */
static int push(bb_sim *m, double t, int type, int arg, void *ptr, uint64_t tag)
{
    int rc = bb_queue_push(&m->q, t, type, arg, ptr, (uint32_t)tag);
    return rc ? push_failed(m, rc) : 0;
}

static int push_bits(bb_sim *m, double t, int type, int arg, uint64_t bits)
{
    int rc = bb_queue_push_bits(&m->q, t, type, arg, bits);
    return rc ? push_failed(m, rc) : 0;
}

static double u01(gsl_rng *r) { return gsl_rng_uniform_pos(r); }

/* Give a case its own GSL streams (taus2: small state, cheap to seed),
 * keyed by its place in an intake, so its reviews and escalations draw
 * the same numbers in every scenario whatever the timing. The streams are
 * seeded when first used (case_rng). */
static void case_key(bcase *c, uint64_t base, uint64_t index)
{
    c->key_base = base;
    c->key_index = index;
    c->seeded = false;
}

/* GSL's generator over one of a case's stream states (gsl_rng is GSL's
 * public two-field struct: the type and a pointer to its state), both
 * streams seeded on first use. */
static gsl_rng case_rng(bcase *c, int which)
{
    gsl_rng rr = {gsl_rng_taus2, c->gen_state[RR]}, re = {gsl_rng_taus2, c->gen_state[RE]};
    if (!c->seeded) {
        uint64_t k1 = bb_seq_key(c->key_base, c->key_index, 1);
        uint64_t k2 = bb_seq_key(c->key_base, c->key_index, 2);
        gsl_rng_set(&rr, (unsigned long)((k1 >> 32) ^ (k1 & 0xffffffffULL)) | 1UL);
        gsl_rng_set(&re, (unsigned long)((k2 >> 32) ^ (k2 & 0xffffffffULL)) | 1UL);
        c->seeded = true;
    }
    return which == RR ? rr : re;
}

/* Draw everything a case will need at its intake, each from the stream
 * of its purpose, so scenarios that differ elsewhere see the same case. */
static void draw_case(bb_sim *m, bcase *c, int cat, bool force_acute)
{
    const bb_scenario *s = m->s;
    const bb_category *k = &s->cat[cat];
    c->cat = cat;
    double ua = u01(m->r_case[cat]);
    c->acute = force_acute || ua < k->acute_share;
    int adv = 1 + (int)k->domain;
    const bb_dist *d0 = c->acute ? &s->pool[0].acute_effort : &s->pool[0].effort;
    const bb_dist *d1 = c->acute ? &s->pool[adv].acute_effort : &s->pool[adv].effort;
    c->eff[0] = bb_dist_quantile(d0, u01(m->r_effort[cat]));
    c->eff[1] = bb_dist_quantile(d1, u01(m->r_effort[cat]));
    c->decision_h = bb_dist_quantile(c->acute ? &s->acute_decision_h : &s->decision_h,
                                     u01(m->r_case[cat]));
    c->u_level = u01(m->r_outcome[cat]);
    c->u_dur = u01(m->r_duration[cat]);
    c->u_lead = u01(m->r_duration[cat]);
    c->esc_e = gsl_ran_exponential(m->r_escalation[cat], 1.0);
    case_key(c, m->life_base[cat], m->life_n[cat]++);
}

/* ------------------------------------------------------------------ */
/* arrivals: a non-homogeneous Poisson process per category            */
/* ------------------------------------------------------------------ */

static double rate_at(const bb_sim *m, int cat, double t)
{
    const bb_scenario *s = m->s;
    const bb_category *k = &s->cat[cat];
    double r = k->rate_per_year / HOURS_PER_YEAR;
    if (k->growth_per_year != 0.0)
        r *= pow(1.0 + k->growth_per_year, t / HOURS_PER_YEAR);
    for (int i = 0; i < s->nsurge; i++)
        if (s->surge[i].cat[cat] && t >= s->surge[i].t0 && t < s->surge[i].t1)
            r *= s->surge[i].factor;
    return r;
}

/* The rate of a calendar day (at its start), kept for the day and the
 * one before: both the passed signals and the closed ones use it. */
static double day_rate(bb_sim *m, int cat, long day)
{
    int k = (int)(day & 1);
    if (m->dr_day[cat][k] != day + 1) {
        m->dr_day[cat][k] = day + 1;
        m->dr_v[cat][k] = rate_at(m, cat, 24.0 * (double)day);
    }
    return m->dr_v[cat][k];
}

/* Time of the next signal that triage passes, after t. A Poisson
 * process whose signals are each closed at triage with probability p,
 * independently, is two independent Poisson processes: the passed
 * signals at rate r (1 - p), which get an event each, and the closed
 * ones at rate r p, which need only their number (accrue_triage). The
 * rate is constant within a calendar day, and one Exp(1) draw of
 * integrated rate is spent across days (time change), so exactly one
 * draw is used per passed signal. */
static void schedule_arrival(bb_sim *m, int cat, double t)
{
    double e = gsl_ran_exponential(m->r_arrival[cat], 1.0);
    double H = m->s->horizon_h, pass = 1.0 - m->s->cat[cat].triage_close;
    while (t < H) {
        double day_end = (bb_floor(t / 24.0) + 1.0) * 24.0;
        double r = day_rate(m, cat, (long)(day_end / 24.0) - 1) * pass;
        double cap = r * (day_end - t);
        if (r > 0 && cap >= e) {
            push(m, t + e / r, EV_ARRIVAL, cat, NULL, 0);
            return;
        }
        e -= cap;
        t = day_end;
    }
}

/* Count the signals closed at triage from triage_t up to t (at most the
 * horizon): per category one Poisson draw of the integrated rate r p,
 * the rate constant within a calendar day as for the passed signals.
 * Called at every day's end, and before a period's row or the start of
 * the statistics reads the counts. */
static void accrue_triage(bb_sim *m, double t)
{
    const bb_scenario *s = m->s;
    t = fmin(t, s->horizon_h);
    if (t <= m->triage_t)
        return;
    for (int i = 0; i < s->ncat; i++) {
        double p = s->cat[i].triage_close, mu = 0.0;
        if (p <= 0.0)
            continue;
        for (double a = m->triage_t; a < t;) {
            double day0 = bb_floor(a / 24.0) * 24.0, b = fmin(day0 + 24.0, t);
            mu += day_rate(m, i, (long)(day0 / 24.0)) * p * (b - a);
            a = b;
        }
        long n = 0;
        for (; mu > 1e9; mu -= 1e9) /* gsl_ran_poisson returns an unsigned int */
            n += (long)gsl_ran_poisson(m->r_triage[i], 1e9);
        if (mu > 0.0)
            n += (long)gsl_ran_poisson(m->r_triage[i], mu);
        if (m->stats_on) {
            m->arrived[i] += n;
            m->triaged += n;
        }
        m->p_arrived += n;
    }
    m->triage_t = t;
}

/* ------------------------------------------------------------------ */
/* pools: information and advice                                       */
/* ------------------------------------------------------------------ */

static void pool_enqueue(bb_sim *m, int p, bcase *c);
static void job_done(bb_sim *m, int p, bcase *c);

static void pool_start(bb_sim *m, int p, bcase *c, bool duty, double effort)
{
    pool *P = &m->pool[p];
    const bb_pool_spec *ps = &m->s->pool[p];
    if (duty)
        P->busy_duty++;
    else
        P->busy_office++;
    c->job_on_duty = duty;
    double wait = m->now - c->t_queue;
    if (m->stats_on)
        rm_add(&P->wait, wait);
    P->wait_sum_period += wait;
    P->wait_n_period++;
    P->work_period += effort;
    if (m->stats_on)
        P->work_total += effort;
    double done;
    if ((c->job == J_CASE && c->acute) || c->job == J_ESCALATION || !ps->office)
        done = m->now + effort; /* urgent work runs around the clock */
    else
        done = bb_office_advance(&m->s->office, m->now, effort);
    push(m, done, EV_JOB_DONE, p, c, c->id);
}

/* Effort of a job: the case's own draw for its stage; a review's effort
 * is drawn when it is sent and kept in eff[1] (the advice draw is spent). */
static double head_effort(const bcase *c, int p)
{
    return c->job == J_CASE ? c->eff[p == 0 ? 0 : 1] : c->eff[1];
}

static bcase *qpop(bcase **head, bcase **tail)
{
    bcase *c = *head;
    *head = c->qnext;
    if (!*head)
        *tail = NULL;
    c->qnext = NULL;
    return c;
}

static void pool_dispatch(bb_sim *m, int p)
{
    pool *P = &m->pool[p];
    for (;;) {
        bool office_free = P->open && P->busy_office < P->servers;
        if (P->qa_head) {
            bool duty_free = P->busy_duty < P->duty;
            if (!office_free && !duty_free)
                break;
            bcase *c = qpop(&P->qa_head, &P->qa_tail);
            P->qlen--;
            pool_start(m, p, c, !office_free, head_effort(c, p));
            continue;
        }
        if (P->qr_head && office_free) {
            bcase *c = qpop(&P->qr_head, &P->qr_tail);
            P->qlen--;
            pool_start(m, p, c, false, head_effort(c, p));
            continue;
        }
        break;
    }
    tw_set(m, &P->q, P->qlen);
}

static void pool_enqueue(bb_sim *m, int p, bcase *c)
{
    pool *P = &m->pool[p];
    c->t_queue = m->now;
    c->in_pool = true;
    if (head_effort(c, p) <= 0.0) { /* a zero effort skips the stage */
        job_done(m, p, c);
        return;
    }
    bool urgent = (c->job == J_CASE && c->acute) || c->job == J_ESCALATION;
    if (urgent) {
        if (P->qa_tail)
            P->qa_tail->qnext = c;
        else
            P->qa_head = c;
        P->qa_tail = c;
    } else {
        if (P->qr_tail)
            P->qr_tail->qnext = c;
        else
            P->qr_head = c;
        P->qr_tail = c;
    }
    c->qnext = NULL;
    P->qlen++;
    pool_dispatch(m, p);
}

static void pool_resize(bb_sim *m, int p, double fte)
{
    pool *P = &m->pool[p];
    const bb_pool_spec *ps = &m->s->pool[p];
    P->fte = fte;
    P->servers = bb_pool_servers(m->s, ps, fte);
    P->duty = ps->office ? (int)floor(ps->duty_posts + 0.5) : 0;
    tw_set(m, &P->fte_tw, fte);
    tw_set(m, &P->avail, (P->open ? P->servers : 0) + P->duty);
}

/* ------------------------------------------------------------------ */
/* execution                                                           */
/* ------------------------------------------------------------------ */

static void mark_dirty(bb_sim *m, int prov)
{
    m->dirty |= prov == BASIC ? (1u << 31) : (1u << prov);
}

static void pend_remove(bb_sim *m, bcase *c)
{
    if (c->plist < 0)
        return;
    int L = c->level, k = c->plist;
    if (c->pprev)
        c->pprev->pnext = c->pnext;
    else
        m->pend_head[L][k] = c->pnext;
    if (c->pnext)
        c->pnext->pprev = c->pprev;
    else
        m->pend_tail[L][k] = c->pprev;
    c->pnext = c->pprev = NULL;
    c->plist = -1;
    m->pend_n[k]--;
}

static void pend_add(bb_sim *m, bcase *c, int k)
{
    int L = c->level;
    c->plist = k;
    c->pnext = NULL;
    c->pprev = m->pend_tail[L][k];
    if (c->pprev)
        c->pprev->pnext = c;
    else
        m->pend_head[L][k] = c;
    m->pend_tail[L][k] = c;
    m->pend_n[k]++;
}

/* Protection counters follow a case's (state, in_place) pair. */
static void count_case(bb_sim *m, bcase *c, int sign)
{
    if (c->x == X_NONE)
        return;
    bool prot = c->x == X_BORROWED || ((c->x == X_OWN || c->x == X_DOWN) && c->in_place);
    if (prot) {
        m->protected_now += sign;
        m->active_level[c->held_level] += sign;
        tw_add(m, &m->active_tw[c->held_level], sign);
    } else {
        m->unprotected += sign;
        tw_add(m, &m->unprot_tw, sign);
    }
    if (c->x == X_DOWN && c->in_place) {
        m->downgraded += sign;
        tw_add(m, &m->down_tw, sign);
    }
}

static void release(bb_sim *m, bcase *c)
{
    if (c->prov >= 0) {
        provider *P = &m->prov[c->prov];
        if (c->hprev)
            c->hprev->hnext = c->hnext;
        else
            P->held_head = c->hnext;
        if (c->hnext)
            c->hnext->hprev = c->hprev;
        else
            P->held_tail = c->hprev;
        c->hnext = c->hprev = NULL;
        P->used -= c->need;
        if (P->used < EPS)
            P->used = 0;
        P->cases--;
        tw_set(m, &P->used_tw, P->used);
        tw_set(m, &P->cases_tw, P->cases);
        tw_set(m, &P->over_tw, fmax(0, P->used - P->cap));
        mark_dirty(m, c->prov);
    } else if (c->prov == BASIC) {
        m->basic_used -= c->need;
        if (m->basic_used < EPS)
            m->basic_used = 0;
        tw_set(m, &m->borrowed_tw, m->basic_used);
        mark_dirty(m, BASIC);
    }
    c->prov = -1;
    c->need = 0;
}

static void hold(bb_sim *m, bcase *c, int prov, double need)
{
    c->prov = prov;
    c->need = need;
    if (prov >= 0) {
        provider *P = &m->prov[prov];
        c->hnext = NULL;
        c->hprev = P->held_tail;
        if (P->held_tail)
            P->held_tail->hnext = c;
        else
            P->held_head = c;
        P->held_tail = c;
        P->used += need;
        P->cases++;
        tw_set(m, &P->used_tw, P->used);
        tw_set(m, &P->cases_tw, P->cases);
        tw_set(m, &P->over_tw, fmax(0, P->used - P->cap));
    } else {
        m->basic_used += need;
        tw_set(m, &m->borrowed_tw, m->basic_used);
    }
}

static void protected_first(bb_sim *m, bcase *c)
{
    if (c->ever_protected)
        return;
    c->ever_protected = true;
    m->protected_total++;
    m->p_protected++;
    if (!c->counted)
        return; /* started before the statistics (initial state, warm-up) */
    double lead = m->now - c->t_in;
    double target = c->acute ? m->s->target_acute_h : m->s->target_regular_h;
    int groups[3] = {c->acute ? 0 : 1, 2, 2 + c->level};
    for (int i = 0; i < 3; i++) {
        struct lt_group *g = &m->lt[groups[i]];
        rm_add(&g->mean, lead);
        g->n++;
        if (lead <= target + EPS)
            g->within++;
    }
    lead_log *L = &m->leads;
    if (L->n == L->cap) {
        size_t cap = L->cap ? 2 * L->cap : 4096;
        double *v = realloc(L->v, cap * sizeof *v);
        if (v)
            L->v = v;
        unsigned char *gg = v ? realloc(L->g, cap) : NULL;
        if (gg)
            L->g = gg;
        if (!v || !gg) {
            snprintf(m->error, sizeof m->error,
                     "out of memory keeping %zu lead times", L->n);
            return;
        }
        L->cap = cap;
    }
    L->v[L->n] = lead;
    L->g[L->n++] = (unsigned char)((c->acute ? 1 : 0) | c->level << 1);
    rm_add(&m->exec_wait, m->now - c->t_decided);
}

static int year_index(const bb_sim *m, double t)
{
    int day = m->s->start_day + (int)bb_floor(t / 24.0);
    return bb_date_year(day) - m->year0;
}

/* A one-off cost (EUR) now, on a budget line (-1: none). */
static void charge(bb_sim *m, int line, double eur)
{
    if (eur <= 0)
        return;
    int y = year_index(m, m->now);
    if (y >= 0 && y < MAX_YEARS) {
        m->cost_year[y] += eur;
        m->cost_line[line + 1][y] += eur;
    }
    m->cost_total += eur;
}

/* Put a case into a state holding capacity at prov (or BASIC). */
static void set_state(bb_sim *m, bcase *c, enum xstate x, int prov, double need,
                      int held_level, bool lead_time)
{
    count_case(m, c, -1);
    release(m, c);
    pend_remove(m, c);
    c->x = x;
    c->held_level = held_level;
    c->in_place = false;
    /* numbered across all cases: a stale EV_IN_PLACE of a case whose slot
     * has been reused cannot match the new case's assignment */
    c->assign_seq = ++m->assignments;
    if (x == X_WAIT) {
        pend_add(m, c, 0);
    } else {
        hold(m, c, prov, need);
        double lead = 0.0;
        if (lead_time && prov >= 0) {
            lead = bb_dist_quantile(&m->s->prov[prov].lead_time_h, c->u_lead);
            charge(m, m->s->prov[prov].budget_line, m->s->prov[prov].cost_per_measure);
        }
        if (lead <= 0.0)
            c->in_place = true;
        else
            push(m, m->now + lead, EV_IN_PLACE, 0, c, c->assign_seq);
        if (m->s->level[c->level].repatriate && x == X_BORROWED)
            pend_add(m, c, 1);
        if (m->s->level[c->level].repatriate && x == X_DOWN)
            pend_add(m, c, 2);
    }
    count_case(m, c, +1);
    if (c->in_place)
        protected_first(m, c);
}

static double prov_free(const bb_sim *m, int p)
{
    return m->prov[p].cap - m->prov[p].used;
}

/* The FTE a level needs at provider p, or -1 if p is not an option. */
static double need_at(const bb_sim *m, int L, int p)
{
    const bb_level_spec *v = &m->s->level[L];
    for (int k = 0; k < v->nopt; k++)
        if (v->opt[k].provider == p)
            return v->opt[k].fte;
    return -1;
}

/* Capacity is served by level: while a waiting case of a level above L
 * could use provider p (and p is large enough to hold it) but does not
 * fit yet, p's free room is kept for it. */
static bool reserved(const bb_sim *m, int p, int L)
{
    for (int H = BB_LEVELS - 1; H > L; H--) {
        if (!m->pend_head[H][0])
            continue;
        double need = need_at(m, H, p);
        if (need >= 0 && need <= m->prov[p].cap + EPS && need > prov_free(m, p) + EPS)
            return true;
    }
    return false;
}

/* The same for the basic units and the levels that borrow. */
static bool basic_reserved(const bb_sim *m, int L)
{
    for (int H = BB_LEVELS - 1; H > L; H--) {
        const bb_level_spec *v = &m->s->level[H];
        if (!m->pend_head[H][0] || v->when_full != BB_FULL_BORROW || !v->nopt)
            continue;
        double need = v->opt[0].fte;
        if (need <= m->s->basic_cap_fte + EPS && m->basic_used + need > m->s->basic_cap_fte + EPS)
            return true;
    }
    return false;
}

/* Find room for level L among its options; returns the option or -1. */
static int find_option(const bb_sim *m, int L, int *prov, double *need)
{
    const bb_level_spec *v = &m->s->level[L];
    for (int k = 0; k < v->nopt; k++)
        if (v->opt[k].fte <= prov_free(m, v->opt[k].provider) + EPS &&
            !reserved(m, v->opt[k].provider, L)) {
            *prov = v->opt[k].provider;
            *need = v->opt[k].fte;
            return k;
        }
    return -1;
}

/* A decided case (or one whose level changed) looks for capacity. */
static void assign(bb_sim *m, bcase *c)
{
    int L = c->level, prov;
    double need;
    const bb_level_spec *v = &m->s->level[L];
    if (find_option(m, L, &prov, &need) >= 0) {
        set_state(m, c, X_OWN, prov, need, L, true);
        return;
    }
    double need0 = v->nopt ? v->opt[0].fte : 0;
    if (v->when_full == BB_FULL_BORROW && m->basic_used + need0 <= m->s->basic_cap_fte + EPS &&
        !basic_reserved(m, L)) {
        set_state(m, c, X_BORROWED, BASIC, need0, L, false);
        return;
    }
    if (v->when_full == BB_FULL_DOWNGRADE)
        for (int l = L - 1; l >= 1; l--)
            if (m->s->level[l].nopt && find_option(m, l, &prov, &need) >= 0) {
                set_state(m, c, X_DOWN, prov, need, l, true);
                return;
            }
    if (c->x != X_WAIT)
        set_state(m, c, X_WAIT, -1, 0, L, false);
}



/* The older of the borrowed and downgraded cases of level L. */
static bcase *moved_head(bb_sim *m, int L)
{
    bcase *b = m->pend_head[L][1], *d = m->pend_head[L][2];
    if (b && d)
        return b->t_decided <= d->t_decided ? b : d;
    return b ? b : d;
}

static bool fits(const bb_sim *m, const bcase *c, int p, double need)
{
    return c && need <= prov_free(m, p) + (c->prov == p ? c->need : 0) + EPS;
}

/* Capacity freed at provider p: waiting (unprotected) cases move in
 * first, then borrowed and downgraded ones, highest level first and the
 * longest waiting first within a level. A waiting case that does not fit
 * yet keeps the room for itself (lower levels wait); a borrowed or
 * downgraded case that does not fit lets smaller ones past. */
static void fill_provider(bb_sim *m, int p)
{
    for (;;) {
        bcase *best = NULL;
        double need = 0;
        for (int L = BB_LEVELS - 1; L >= 1 && !best; L--) {
            const bb_level_spec *v = &m->s->level[L];
            for (int k = 0; k < v->nopt; k++) {
                if (v->opt[k].provider != p)
                    continue;
                need = v->opt[k].fte;
                bcase *w = m->pend_head[L][0];
                if (fits(m, w, p, need))
                    best = w;
                else if (w && need <= m->prov[p].cap + EPS)
                    return; /* keep the room for this waiting case */
                else if (fits(m, moved_head(m, L), p, need))
                    best = moved_head(m, L);
                break;
            }
        }
        if (!best)
            return;
        bool was_protected = best->x == X_BORROWED || (best->x == X_DOWN && best->in_place);
        set_state(m, best, X_OWN, p, need, best->level, !was_protected);
    }
}

/* Basic units freed: waiting cases whose level borrows take them. */
static void fill_basic(bb_sim *m)
{
    for (int L = BB_LEVELS - 1; L >= 1; L--) {
        const bb_level_spec *v = &m->s->level[L];
        if (v->when_full != BB_FULL_BORROW || !v->nopt)
            continue;
        bcase *c;
        while ((c = m->pend_head[L][0]) &&
               m->basic_used + v->opt[0].fte <= m->s->basic_cap_fte + EPS)
            set_state(m, c, X_BORROWED, BASIC, v->opt[0].fte, L, false);
        if (m->pend_head[L][0] && v->opt[0].fte <= m->s->basic_cap_fte + EPS)
            return; /* keep the room for this waiting level */
    }
}

static void settle(bb_sim *m)
{
    while (m->dirty) {
        uint32_t d = m->dirty;
        m->dirty = 0;
        for (int p = 0; p < m->s->nprov; p++)
            if (d & (1u << p))
                fill_provider(m, p);
        if (d & (1u << 31))
            fill_basic(m);
    }
}

/* The case leaves the system. */
static void close_case(bb_sim *m, bcase *c)
{
    count_case(m, c, -1);
    release(m, c);
    pend_remove(m, c);
    c->x = X_NONE;
    if (!c->in_pool)
        case_free(m, c);
    else
        c->t_end = -1; /* freed when its pool job ends */
}

static void start_measure(bb_sim *m, bcase *c, double duration, double first_review)
{
    const bb_level_spec *v = &m->s->level[c->level];
    c->t_end = m->now + duration;
    push(m, c->t_end, EV_MEASURE_END, 0, c, c->id);
    if (v->review_h > 0 && m->now + first_review < c->t_end)
        push(m, m->now + first_review, EV_REVIEW, 0, c, c->id);
    double esc = m->s->cat[c->cat].escalation_per_year / HOURS_PER_YEAR;
    if (esc > 0 && m->now + c->esc_e / esc < c->t_end)
        push(m, m->now + c->esc_e / esc, EV_ESCALATE, 0, c, c->id);
    assign(m, c);
    if (m->stats_on && c->counted)
        m->first_state[c->x]++;
}

static void decided(bb_sim *m, bcase *c)
{
    m->deciding--;
    tw_set(m, &m->deciding_tw, m->deciding);
    const bb_category *k = &m->s->cat[c->cat];
    if (c->level == 0) { /* forced level (surge cases) keeps its value */
        double acc = 0.0;
        c->level = BB_LEVELS - 1;
        for (int l = 0; l < BB_LEVELS; l++) {
            acc += k->level_p[l];
            if (c->u_level < acc) {
                c->level = l;
                break;
            }
        }
    }
    if (m->stats_on) {
        m->decided[c->level]++;
        rm_add(&m->decision_wait, m->now - c->t_queue);
    }
    m->p_decided++;
    c->t_decided = m->now;
    if (c->level == 0 || m->s->level[c->level].nopt == 0) {
        c->level = 0;
        case_free(m, c);
        return;
    }
    double dur = bb_dist_quantile(&m->s->level[c->level].duration_h, c->u_dur);
    start_measure(m, c, dur, m->s->level[c->level].review_h);
}

static void change_level(bb_sim *m, bcase *c, int L)
{
    if (L == c->level)
        return;
    if (L == 0) {
        close_case(m, c);
        return;
    }
    count_case(m, c, -1);
    release(m, c);
    pend_remove(m, c);
    c->x = X_NONE;
    c->level = L;
    assign(m, c);
}

/* A job (case work, review or escalation) ends in pool p. */
static void job_done(bb_sim *m, int p, bcase *c)
{
    c->in_pool = false;
    if (c->job == J_CASE) {
        if (p == BB_STAGE_INFORMATION) {
            int adv = 1 + (int)m->s->cat[c->cat].domain;
            pool_enqueue(m, adv, c);
        } else {
            m->deciding++;
            tw_set(m, &m->deciding_tw, m->deciding);
            c->t_queue = m->now;
            push(m, m->now + c->decision_h, EV_DECIDED, 0, c, c->id);
        }
        return;
    }
    /* a review or escalation of a case under measures */
    if (c->x == X_NONE) { /* the measure ended during the review */
        case_free(m, c);
        return;
    }
    int L = c->level;
    if (c->job == J_ESCALATION) {
        int up = L;
        for (int l = L + 1; l < BB_LEVELS; l++)
            if (m->s->level[l].nopt) {
                up = l;
                break;
            }
        change_level(m, c, up);
    } else {
        gsl_rng rr = case_rng(c, RR);
        double u = u01(&rr), acc = 0.0;
        int to = L;
        for (int l = 0; l < BB_LEVELS; l++) {
            acc += m->s->level[L].transition[l];
            if (u < acc) {
                to = l;
                break;
            }
        }
        change_level(m, c, to);
    }
    if (c->x != X_NONE && c->job == J_REVIEW) {
        double next = m->now + m->s->level[c->level].review_h;
        if (m->s->level[c->level].review_h > 0 && next < c->t_end)
            push(m, next, EV_REVIEW, 0, c, c->id);
    }
    if (c->x == X_NONE && !c->in_pool && c->id)
        case_free(m, c);
}

static void send_review(bb_sim *m, bcase *c, enum job kind)
{
    if (c->in_pool)
        return; /* already being re-assessed */
    int adv = 1 + (int)m->s->cat[c->cat].domain;
    c->job = kind;
    gsl_rng g = case_rng(c, kind == J_ESCALATION ? RE : RR);
    c->eff[1] = bb_dist_quantile(&m->s->level[c->level].review_effort, u01(&g));
    pool_enqueue(m, adv, c);
}

/* ------------------------------------------------------------------ */
/* initial state, surges, planned demand, FTE changes                  */
/* ------------------------------------------------------------------ */

static int pick_category(bb_sim *m, int domain)
{
    const bb_scenario *s = m->s;
    double tot = 0;
    for (int i = 0; i < s->ncat; i++)
        if (domain < 0 || (int)s->cat[i].domain == domain)
            tot += s->cat[i].rate_per_year;
    bool flat = tot <= 0; /* no rates: pick uniformly */
    if (flat)
        for (int i = 0; i < s->ncat; i++)
            tot += domain < 0 || (int)s->cat[i].domain == domain;
    double u = u01(m->r_initial) * tot, acc = 0;
    int last = 0;
    for (int i = 0; i < s->ncat; i++)
        if (domain < 0 || (int)s->cat[i].domain == domain) {
            acc += flat ? 1.0 : s->cat[i].rate_per_year;
            last = i;
            if (u < acc)
                return i;
        }
    return last;
}

static int setup_initial(bb_sim *m)
{
    const bb_scenario *s = m->s;
    for (int i = 0; i < s->ninitial; i++) {
        const bb_initial *x = &s->initial[i];
        for (int n = 0; n < x->count; n++) {
            bcase *c = case_new(m);
            if (!c)
                return -1;
            c->cat = x->category;
            c->level = x->level;
            c->t_in = c->t_decided = 0;
            c->u_lead = 0.5;
            c->esc_e = gsl_ran_exponential(m->r_initial, 1.0);
            case_key(c, m->init_base, m->init_n++);
            const bb_level_spec *v = &s->level[x->level];
            /* remaining duration of a measure already running: the
             * equilibrium residual life (a uniform share of a
             * length-biased draw), so long measures are not cut short */
            double dur = bb_dist_residual(&v->duration_h, u01(m->r_initial), u01(m->r_initial));
            double first = v->review_h * u01(m->r_initial);
            c->t_end = dur;
            push(m, dur, EV_MEASURE_END, 0, c, c->id);
            if (v->review_h > 0 && first < dur)
                push(m, first, EV_REVIEW, 0, c, c->id);
            double esc = s->cat[c->cat].escalation_per_year / HOURS_PER_YEAR;
            if (esc > 0 && c->esc_e / esc < dur)
                push(m, c->esc_e / esc, EV_ESCALATE, 0, c, c->id);
            /* the running measure keeps its provider, even over capacity */
            double need = v->opt[0].fte;
            for (int k = 0; k < v->nopt; k++)
                if (v->opt[k].provider == x->provider)
                    need = v->opt[k].fte;
            c->ever_protected = true;
            set_state(m, c, X_OWN, x->provider, need, x->level, false);
        }
    }
    for (int p = 0; p < BB_POOLS; p++)
        for (int n = 0; n < s->backlog[p]; n++) {
            int cat = pick_category(m, p == 0 ? -1 : p - 1);
            if (p > 0 && (int)s->cat[cat].domain != p - 1)
                break; /* no category in this domain */
            bcase *c = case_new(m);
            if (!c)
                return -1;
            draw_case(m, c, cat, false);
            c->acute = false;
            c->t_in = 0;
            c->counted = m->stats_on;
            pool_enqueue(m, p, c);
        }
    return 0;
}

static void surge(bb_sim *m, int i)
{
    const bb_surge *u = &m->s->surge[i];
    for (int n = 0; n < u->extra_cases; n++) {
        bcase *c = case_new(m);
        if (!c)
            return;
        draw_case(m, c, u->extra_category, true);
        c->level = u->extra_level;
        c->t_in = m->now;
        c->counted = m->stats_on;
        if (m->stats_on)
            m->arrived[c->cat]++;
        m->p_arrived++;
        pool_enqueue(m, BB_STAGE_INFORMATION, c);
    }
}

static void schedule_plan_day(bb_sim *m, int i, int from_day)
{
    const bb_planned *p = &m->s->planned[i];
    /* at most 7 days are looked at (with no weekday set: the rest of the
     * horizon, once) */
    for (int d = from_day; d <= p->day1 && 24.0 * (d - m->s->start_day) < m->s->horizon_h; d++)
        if (p->weekday[bb_date_weekday(d)]) {
            push(m, 24.0 * (d - m->s->start_day), EV_PLAN_START, i, NULL, (uint64_t)d);
            return;
        }
}

static void plan_start(bb_sim *m, int i, int day)
{
    const bb_planned *p = &m->s->planned[i];
    double own = p->provider >= 0 ? fmin(p->fte, fmax(0, prov_free(m, p->provider))) : 0;
    double borrowed = p->fte - own;
    if (own > 0) {
        provider *P = &m->prov[p->provider];
        P->used += own;
        tw_set(m, &P->used_tw, P->used);
    }
    m->basic_used += borrowed;
    tw_set(m, &m->borrowed_tw, m->basic_used);
    m->plan[i].own = own;
    m->plan[i].borrowed = borrowed;
    push(m, m->now + 24.0, EV_PLAN_END, i, NULL, (uint64_t)day);
}

static void plan_end(bb_sim *m, int i, int day)
{
    const bb_planned *p = &m->s->planned[i];
    if (m->plan[i].own > 0) {
        provider *P = &m->prov[p->provider];
        P->used = fmax(0, P->used - m->plan[i].own);
        tw_set(m, &P->used_tw, P->used);
        mark_dirty(m, p->provider);
    }
    m->basic_used = fmax(0, m->basic_used - m->plan[i].borrowed);
    tw_set(m, &m->borrowed_tw, m->basic_used);
    mark_dirty(m, BASIC);
    m->plan[i].own = m->plan[i].borrowed = 0;
    schedule_plan_day(m, i, day + 1);
}

static void set_provider_cap(bb_sim *m, int p, double fte)
{
    provider *P = &m->prov[p];
    P->cap = fte;
    tw_set(m, &P->cap_tw, fte);
    /* capacity below use: running measures keep their staff (overrun,
     * reported), or move to the basic units, newest first */
    if (m->s->prov[p].shrink_to_fallback)
        while (P->used > P->cap + EPS && P->held_tail) {
            bcase *c = P->held_tail;
            set_state(m, c, X_BORROWED, BASIC, c->need, c->held_level, false);
        }
    tw_set(m, &P->over_tw, fmax(0, P->used - P->cap));
    mark_dirty(m, p);
}

/* Costs since the last accrual go to the current calendar year, and
 * to the budget lines in proportion to the positions each funds. */
static void accrue_cost(bb_sim *m)
{
    const bb_scenario *s = m->s;
    sync_all(m);
    int y = year_index(m, m->now - 1e-6);
    bool in = y >= 0 && y < MAX_YEARS;
    for (int u = 0; u < bb_nunits(s); u++) {
        unit_wf *w = &m->wf[u];
        double c = w->filled.acost * bb_unit_cost(s, u) / HOURS_PER_YEAR;
        w->filled.acost = 0;
        double est = 0;
        for (int l = 0; l <= s->nlines; l++)
            est += w->est[l];
        for (int l = 0; l <= s->nlines && in; l++)
            if (est > 0 && w->est[l] > 0)
                m->cost_line[l][y] += c * w->est[l] / est;
            else if (est <= 0 && l == 0)
                m->cost_line[0][y] += c;
        if (in)
            m->cost_year[y] += c;
        m->cost_total += c;
    }
    double b = m->borrowed_tw.acost / HOURS_PER_YEAR * s->productive_hours * s->basic_cost_per_hour;
    m->borrowed_tw.acost = 0;
    if (in) {
        m->cost_year[y] += b;
        m->cost_line[s->basic_budget_line + 1][y] += b;
    }
    m->cost_total += b;
}

/* Cost accrued since the last accrual (for live readers). */
static double pending_cost(const bb_sim *m)
{
    const bb_scenario *s = m->s;
    double c = 0;
    for (int u = 0; u < bb_nunits(s); u++) {
        const tw *f = &m->wf[u].filled;
        c += (f->acost + f->v * (m->now - f->last)) * bb_unit_cost(s, u) / HOURS_PER_YEAR;
    }
    const tw *b = &m->borrowed_tw;
    c += (b->acost + b->v * (m->now - b->last)) / HOURS_PER_YEAR * s->productive_hours *
         s->basic_cost_per_hour;
    return c;
}

/* ------------------------------------------------------------------ */
/* workforce: investments, recruitment, training, tranches, attrition  */
/* ------------------------------------------------------------------ */

static double op_fte(const bb_sim *m, int u)
{
    return u < BB_POOLS ? m->pool[u].fte : m->prov[u - BB_POOLS].cap;
}

static void wf_sync(bb_sim *m, int u)
{
    unit_wf *w = &m->wf[u];
    double op = op_fte(m, u);
    tw_set(m, &w->op, op);
    tw_set(m, &w->filled, op + w->training + w->ready);
}

/* Attrition is a Poisson process of rate attrition x operational FTE;
 * one Exp(1) draw of integrated hazard is spent across rate changes. */
static void attrition_consume(bb_sim *m, int u)
{
    unit_wf *w = &m->wf[u];
    double a = bb_unit_wf(m->s, u)->attrition_per_year / HOURS_PER_YEAR;
    w->att_rem -= a * op_fte(m, u) * (m->now - w->att_last);
    if (w->att_rem < 0)
        w->att_rem = 0;
    w->att_last = m->now;
}

static void attrition_schedule(bb_sim *m, int u)
{
    unit_wf *w = &m->wf[u];
    double rate = bb_unit_wf(m->s, u)->attrition_per_year / HOURS_PER_YEAR * op_fte(m, u);
    w->att_ver++;
    if (rate > 0)
        push(m, m->now + w->att_rem / rate, EV_ATTRITION, u, NULL, w->att_ver);
}

/* The operational FTE of a unit changes from now on. */
static void set_op_fte(bb_sim *m, int u, double fte)
{
    if (fte < 0)
        fte = 0;
    attrition_consume(m, u);
    if (u < BB_POOLS) {
        pool_resize(m, u, fte);
        pool_dispatch(m, u);
    } else {
        set_provider_cap(m, u - BB_POOLS, fte);
    }
    wf_sync(m, u);
    attrition_schedule(m, u);
}

static uint64_t fte_bits(double f)
{
    uint64_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static double bits_fte(uint64_t b)
{
    double f;
    memcpy(&f, &b, sizeof f);
    return f;
}

/* An FTE (or part) enters the pipeline: vacancy and recruitment first. */
static void start_recruit(bb_sim *m, int u, double f, bool replacement)
{
    unit_wf *w = &m->wf[u];
    w->recruiting += f;
    if (!replacement)
        w->inv_pipe += f;
    double t = bb_dist_quantile(&bb_unit_wf(m->s, u)->recruit_h, u01(m->r_wf[u]));
    push_bits(m, m->now + t, EV_HIRED, 2 * u + replacement, fte_bits(f));
    wf_sync(m, u);
}

/* A cut below the staff already on the way: the next persons to finish a
 * pipeline step are dropped. Returns true when this one is. */
static bool dropped(unit_wf *w, bool replacement, double f)
{
    if (w->cancel <= EPS)
        return false;
    w->cancel = fmax(0, w->cancel - f);
    if (!replacement)
        w->inv_pipe = fmax(0, w->inv_pipe - f);
    return true;
}

static double establishment(const bb_sim *m, int u)
{
    double e = 0;
    for (int l = 0; l <= m->s->nlines; l++)
        e += m->wf[u].est[l];
    return e;
}

static void trained(bb_sim *m, int u, bool replacement, double f);

static void hired(bb_sim *m, int u, bool replacement, double f)
{
    unit_wf *w = &m->wf[u];
    w->recruiting = fmax(0, w->recruiting - f);
    if (dropped(w, replacement, f)) {
        if (w->ready > 0 && w->inv_pipe <= EPS)
            trained(m, u, false, 0.0); /* release a waiting last tranche */
        wf_sync(m, u);
        return;
    }
    w->training += f;
    double t = bb_dist_quantile(&bb_unit_wf(m->s, u)->train_h, u01(m->r_wf[u]));
    push_bits(m, m->now + t, EV_TRAINED, 2 * u + replacement, fte_bits(f));
    wf_sync(m, u);
}

/* Trained: operational at once, or with the rest of its tranche (the
 * last, smaller tranche goes when no more of the investment is on its
 * way). Replacements of leavers join one by one. */
static void trained(bb_sim *m, int u, bool replacement, double f)
{
    unit_wf *w = &m->wf[u];
    double tranche = bb_unit_wf(m->s, u)->tranche_fte;
    w->training = fmax(0, w->training - f);
    if (f > 0 && dropped(w, replacement, f)) {
        f = 0; /* this person is cut; a waiting tranche may still go */
        if (replacement) {
            wf_sync(m, u);
            return;
        }
    }
    if (replacement || tranche <= 0) {
        if (!replacement)
            w->inv_pipe = fmax(0, w->inv_pipe - f);
        set_op_fte(m, u, op_fte(m, u) + f);
        return;
    }
    w->inv_pipe = fmax(0, w->inv_pipe - f);
    w->ready += f;
    if (w->ready >= tranche - EPS || w->inv_pipe <= EPS) {
        double r = w->ready;
        w->ready = 0;
        set_op_fte(m, u, op_fte(m, u) + r);
    } else {
        wf_sync(m, u);
    }
}

static void leaver(bb_sim *m, int u, uint32_t ver)
{
    unit_wf *w = &m->wf[u];
    if (ver != (uint32_t)w->att_ver)
        return; /* rescheduled since */
    attrition_consume(m, u);
    double f = fmin(1.0, op_fte(m, u));
    w->att_rem = gsl_ran_exponential(m->r_wf[u], 1.0);
    if (f > 0) {
        set_op_fte(m, u, op_fte(m, u) - f);
        /* the position is refilled, unless cuts took it away */
        double pipe = w->recruiting + w->training + w->ready - w->cancel;
        double room = establishment(m, u) - op_fte(m, u) - pipe;
        if (room > EPS)
            start_recruit(m, u, fmin(f, room), true);
    } else {
        attrition_schedule(m, u);
    }
}

static void invest(bb_sim *m, int i)
{
    const bb_invest *x = &m->s->invest[i];
    unit_wf *w = &m->wf[x->unit];
    accrue_cost(m); /* costs so far go by the old shares */
    if (x->delta >= 0) {
        w->est[x->line + 1] += x->delta;
        if (!bb_unit_wf(m->s, x->unit)->on) {
            set_op_fte(m, x->unit, op_fte(m, x->unit) + x->delta);
            return;
        }
        for (double left = x->delta; left > EPS; left -= 1.0)
            start_recruit(m, x->unit, fmin(1.0, left), false);
        return;
    }
    /* a cut: positions go from its own line first, then from the others;
     * the FTE go from operational staff at once */
    double cut = -x->delta;
    for (int l = -1; l <= m->s->nlines && cut > EPS; l++) {
        int k = l < 0 ? x->line + 1 : l;
        double d = fmin(cut, w->est[k]);
        w->est[k] -= d;
        cut -= d;
    }
    double op = op_fte(m, x->unit);
    set_op_fte(m, x->unit, op + x->delta);
    /* cut below the operational staff: drop staff still on their way */
    double pipe = w->recruiting + w->training + w->ready - w->cancel;
    double over = op_fte(m, x->unit) + pipe - establishment(m, x->unit);
    if (over > EPS)
        w->cancel += fmin(over, pipe);
}

/* ------------------------------------------------------------------ */
/* periods                                                             */
/* ------------------------------------------------------------------ */

enum { COL_FIXED = 12 };
static const char *const FIXED_COLS[COL_FIXED] = {
    "t_days", "arrivals", "decided", "newly_protected", "protected_now",
    "unprotected_waiting", "downgraded", "borrowed_fte", "borrowed_fte_years",
    "lead_time_p50_h", "lead_time_p90_h", "cost_to_date_eur"};

static int build_columns(bb_sim *m)
{
    const bb_scenario *s = m->s;
    int n = COL_FIXED + BB_STAGES + BB_POOLS * 2 + (BB_LEVELS - 1) + s->nprov * 3 +
            bb_nunits(s) * 3;
    m->colnames = calloc((size_t)n, sizeof *m->colnames);
    m->row = calloc((size_t)n, sizeof *m->row);
    char **names = calloc((size_t)n, sizeof *names);
    if (!m->colnames || !m->row || !names) {
        free(names);
        return -1;
    }
    static const char *const stage[BB_STAGES] = {"information", "advice_decentral",
                                                 "advice_central", "decision", "execution"};
    int k = 0;
    for (int i = 0; i < COL_FIXED; i++)
        names[k++] = strdup(FIXED_COLS[i]);
    char buf[96];
    for (int i = 0; i < BB_STAGES; i++) {
        snprintf(buf, sizeof buf, "queue_%s", stage[i]);
        names[k++] = strdup(buf);
    }
    for (int i = 0; i < BB_POOLS; i++) {
        snprintf(buf, sizeof buf, "wait_%s_h", stage[i]);
        names[k++] = strdup(buf);
    }
    for (int i = 0; i < BB_POOLS; i++) {
        snprintf(buf, sizeof buf, "util_%s", stage[i]);
        names[k++] = strdup(buf);
    }
    for (int l = 1; l < BB_LEVELS; l++) {
        snprintf(buf, sizeof buf, "active_level_%d", l);
        names[k++] = strdup(buf);
    }
    for (int p = 0; p < s->nprov; p++) {
        snprintf(buf, sizeof buf, "cases_%s", s->prov[p].name);
        names[k++] = strdup(buf);
        snprintf(buf, sizeof buf, "used_fte_%s", s->prov[p].name);
        names[k++] = strdup(buf);
        snprintf(buf, sizeof buf, "capacity_fte_%s", s->prov[p].name);
        names[k++] = strdup(buf);
    }
    for (int u = 0; u < bb_nunits(s); u++) {
        snprintf(buf, sizeof buf, "fte_operational_%s", bb_unit_name(s, u));
        names[k++] = strdup(buf);
        snprintf(buf, sizeof buf, "fte_training_%s", bb_unit_name(s, u));
        names[k++] = strdup(buf);
        snprintf(buf, sizeof buf, "fte_recruiting_%s", bb_unit_name(s, u));
        names[k++] = strdup(buf);
    }
    for (int i = 0; i < n; i++) {
        if (!names[i]) {
            for (int j = 0; j < n; j++)
                free(names[j]);
            free(names);
            return -1;
        }
        m->colnames[i] = names[i];
    }
    free(names);
    m->ncols = n;
    return 0;
}

/* Is lead time i (of m->leads) in group k (acute, regular, all, level 1..4)? */
static bool in_group(const lead_log *L, size_t i, int k)
{
    unsigned g = L->g[i];
    return k == 2 || (k == 0 && (g & 1)) || (k == 1 && !(g & 1)) ||
           (k > 2 && (int)(g >> 1) == k - 2);
}

/* Gather the lead times of group k from leads.v[from] on into the scratch
 * array; their number, or 0 when memory runs out. */
static size_t lead_gather(bb_sim *m, int k, size_t from)
{
    lead_log *L = &m->leads;
    if (L->scratch_cap < L->n) {
        double *x = realloc(L->scratch, L->n * sizeof *x);
        if (!x)
            return 0;
        L->scratch = x;
        L->scratch_cap = L->n;
    }
    size_t n = 0;
    for (size_t i = from; i < L->n; i++)
        if (in_group(L, i, k))
            L->scratch[n++] = L->v[i];
    return n;
}

/* Bring every time-weighted level up to now. */
static void sync_all(bb_sim *m)
{
    for (int p = 0; p < BB_POOLS; p++) {
        pool *P = &m->pool[p];
        tw_set(m, &P->q, P->q.v);
        tw_set(m, &P->avail, P->avail.v);
        tw_set(m, &P->fte_tw, P->fte_tw.v);
    }
    for (int p = 0; p < m->s->nprov; p++) {
        provider *P = &m->prov[p];
        tw_set(m, &P->used_tw, P->used_tw.v);
        tw_set(m, &P->cap_tw, P->cap_tw.v);
        tw_set(m, &P->cases_tw, P->cases_tw.v);
        tw_set(m, &P->over_tw, P->over_tw.v);
    }
    for (int l = 1; l < BB_LEVELS; l++)
        tw_set(m, &m->active_tw[l], m->active_tw[l].v);
    tw_set(m, &m->deciding_tw, m->deciding_tw.v);
    tw_set(m, &m->borrowed_tw, m->borrowed_tw.v);
    tw_set(m, &m->unprot_tw, m->unprot_tw.v);
    tw_set(m, &m->down_tw, m->down_tw.v);
    for (int u = 0; u < bb_nunits(m->s); u++) {
        tw_set(m, &m->wf[u].filled, m->wf[u].filled.v);
        tw_set(m, &m->wf[u].op, m->wf[u].op.v);
    }
}

static void period_end(bb_sim *m)
{
    const bb_scenario *s = m->s;
    double len = m->now - m->period_start;
    if (len <= 0)
        return;
    accrue_triage(m, m->now);
    double *r = m->row;
    int k = 0;
    sync_all(m);
    accrue_cost(m);
    r[k++] = m->period_start / 24.0;
    r[k++] = (double)m->p_arrived;
    r[k++] = (double)m->p_decided;
    r[k++] = (double)m->p_protected;
    r[k++] = m->protected_now;
    r[k++] = m->unprotected;
    r[k++] = m->downgraded;
    r[k++] = m->borrowed_tw.aperiod / len;
    r[k++] = m->borrowed_tw.area / HOURS_PER_YEAR;
    /* the lead times of the cases protected in this period, exact */
    size_t nl = lead_gather(m, 2, m->lead_p0);
    double p50 = bb_quantile_select(m->leads.scratch, nl, 0.50);
    double p90 = bb_quantile_select(m->leads.scratch, nl, 0.90);
    r[k++] = p50;
    r[k++] = p90;
    if (nl > 0) {
        m->last_p50 = p50;
        m->last_p90 = p90;
    }
    m->lead_p0 = m->leads.n;
    r[k++] = m->cost_total;
    for (int p = 0; p < BB_POOLS; p++)
        r[k++] = m->pool[p].qlen;
    r[k++] = m->deciding;
    r[k++] = m->pend_n[0];
    for (int p = 0; p < BB_POOLS; p++)
        r[k++] = m->pool[p].wait_n_period ? m->pool[p].wait_sum_period / (double)m->pool[p].wait_n_period : NAN;
    for (int p = 0; p < BB_POOLS; p++)
        r[k++] = m->pool[p].avail.aperiod > 0 ? m->pool[p].work_period / m->pool[p].avail.aperiod : NAN;
    for (int l = 1; l < BB_LEVELS; l++)
        r[k++] = m->active_level[l];
    for (int p = 0; p < s->nprov; p++) {
        r[k++] = m->prov[p].cases;
        r[k++] = m->prov[p].used_tw.aperiod / len;
        r[k++] = m->prov[p].cap_tw.aperiod / len;
    }
    for (int u = 0; u < bb_nunits(s); u++) {
        r[k++] = op_fte(m, u);
        r[k++] = m->wf[u].training + m->wf[u].ready;
        r[k++] = m->wf[u].recruiting;
    }
    if (m->on_period)
        m->on_period(m, m->on_period_ud);
    /* reset the period accumulators */
    m->p_arrived = m->p_decided = m->p_protected = 0;
    for (int p = 0; p < BB_POOLS; p++) {
        pool *P = &m->pool[p];
        P->q.aperiod = P->avail.aperiod = 0;
        P->work_period = P->wait_sum_period = 0;
        P->wait_n_period = 0;
    }
    m->borrowed_tw.aperiod = 0;
    for (int p = 0; p < s->nprov; p++)
        m->prov[p].used_tw.aperiod = m->prov[p].cap_tw.aperiod = 0;
    m->period_start = m->now;
}

/* ------------------------------------------------------------------ */
/* create, run                                                         */
/* ------------------------------------------------------------------ */

bb_sim *bb_sim_new(const bb_scenario *s, uint64_t seed, int rep)
{
    if (gsl_rng_taus2->size > sizeof ((bcase *)0)->gen_state[0])
        return NULL; /* a GSL whose taus2 needs more state than a case keeps */
    bb_sim *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->s = s;
    m->seed = seed;
    m->rep = rep;
    bb_queue_init(&m->q);
    m->q.max = (size_t)s->max_open * BB_EVENTS_PER_OPEN + BB_QUEUE_SLACK;
    bool ok = true;
    for (int i = 0; i < s->ncat; i++) {
        const char *n = s->cat[i].name;
        ok &= (m->r_arrival[i] = bb_stream_new(seed, rep, "arrival", n)) != NULL;
        ok &= (m->r_case[i] = bb_stream_new(seed, rep, "case", n)) != NULL;
        ok &= (m->r_triage[i] = bb_stream_new(seed, rep, "triage", n)) != NULL;
        ok &= (m->r_effort[i] = bb_stream_new(seed, rep, "effort", n)) != NULL;
        ok &= (m->r_outcome[i] = bb_stream_new(seed, rep, "outcome", n)) != NULL;
        ok &= (m->r_duration[i] = bb_stream_new(seed, rep, "duration", n)) != NULL;
        ok &= (m->r_escalation[i] = bb_stream_new(seed, rep, "escalation", n)) != NULL;
    }
    for (int i = 0; i < s->ncat; i++)
        m->life_base[i] = bb_stream_seed(seed, rep, "life", s->cat[i].name);
    m->init_base = bb_stream_seed(seed, rep, "life", "");
    ok &= (m->r_initial = bb_stream_new(seed, rep, "initial", "")) != NULL;
    for (int u = 0; u < bb_nunits(s); u++)
        ok &= (m->r_wf[u] = bb_stream_new(seed, rep, "workforce", bb_unit_name(s, u))) != NULL;
    if (!ok || build_columns(m) != 0) {
        bb_sim_free(m);
        return NULL;
    }
    m->year0 = bb_date_year(s->start_day);
    m->stats_on = s->warmup_h <= 0;
    m->now = 0;

    /* capacity */
    for (int p = 0; p < BB_POOLS; p++) {
        pool *P = &m->pool[p];
        P->open = !s->pool[p].office || bb_office_is_open(&s->office, 0.0);
        pool_resize(m, p, s->pool[p].fte);
        if (s->pool[p].office) {
            double t = P->open ? 0.0 : bb_office_next_open(&s->office, 0.0);
            if (P->open) {
                double close = floor(0.0 / 24.0) * 24.0 + s->office.close_h;
                push(m, close, EV_CLOSE, p, NULL, 0);
            } else {
                push(m, t, EV_OPEN, p, NULL, 0);
            }
        }
    }
    for (int p = 0; p < s->nprov; p++)
        set_provider_cap(m, p, s->prov[p].fte);
    m->dirty = 0;
    for (int u = 0; u < bb_nunits(s); u++) {
        m->wf[u].est[0] = bb_unit_fte(s, u); /* the starting staff: no budget line */
        m->wf[u].att_rem = gsl_ran_exponential(m->r_wf[u], 1.0);
        wf_sync(m, u);
        attrition_schedule(m, u);
    }
    for (int i = 0; i < s->ninvest; i++)
        push(m, s->invest[i].t, EV_INVEST, i, NULL, 0);

    /* scheduled happenings */
    for (int i = 0; i < s->ncat; i++)
        schedule_arrival(m, i, 0.0);
    if (s->horizon_h > 24.0)
        push(m, 24.0, EV_TRIAGE, 0, NULL, 0);
    for (int i = 0; i < s->nsurge; i++)
        push(m, s->surge[i].t0, EV_SURGE, i, NULL, 0);
    for (int i = 0; i < s->nplanned; i++)
        schedule_plan_day(m, i, s->planned[i].day0 > s->start_day ? s->planned[i].day0 : s->start_day);
    for (int i = 0; i < s->nchange; i++)
        push(m, s->change[i].t, EV_CHANGE, i, NULL, 0);
    push(m, fmin(s->period_h, s->horizon_h), EV_PERIOD, 0, NULL, 0);
    for (int y = m->year0 + 1;; y++) {
        char buf[32];
        int d;
        snprintf(buf, sizeof buf, "%04d-01-01", y);
        if (bb_date_parse(buf, &d) != 0 || 24.0 * (d - s->start_day) >= s->horizon_h)
            break;
        push(m, 24.0 * (d - s->start_day), EV_YEAR, 0, NULL, 0);
    }
    if (s->warmup_h > 0)
        push(m, s->warmup_h, EV_WARMUP, 0, NULL, 0);
    push(m, s->horizon_h, EV_HORIZON, 0, NULL, 0);
    if (setup_initial(m) != 0) {
        /* the error is kept; the first run call reports it */
        m->done = true;
    }
    settle(m);
    return m;
}

void bb_sim_free(bb_sim *m)
{
    if (!m)
        return;
    for (int i = 0; i < BB_MAX_CATEGORIES; i++) {
        gsl_rng_free(m->r_arrival[i]);
        gsl_rng_free(m->r_case[i]);
        gsl_rng_free(m->r_triage[i]);
        gsl_rng_free(m->r_effort[i]);
        gsl_rng_free(m->r_outcome[i]);
        gsl_rng_free(m->r_duration[i]);
        gsl_rng_free(m->r_escalation[i]);
    }
    gsl_rng_free(m->r_initial);
    for (int u = 0; u < BB_UNITS; u++)
        gsl_rng_free(m->r_wf[u]);
    free(m->leads.v);
    free(m->leads.g);
    free(m->leads.scratch);
    for (int i = 0; i < m->nblocks; i++)
        free(m->blocks[i]);
    free(m->blocks);
    if (m->colnames)
        for (int i = 0; i < m->ncols; i++)
            free((void *)m->colnames[i]);
    free(m->colnames);
    free(m->row);
    free(m->metrics);
    bb_queue_free(&m->q);
    free(m);
}

static bool alive(const bb_event *e)
{
    const bcase *c = e->ptr;
    return c && c->id && (uint32_t)c->id == e->tag;
}

static void start_stats(bb_sim *m)
{
    accrue_triage(m, m->now); /* closed signals before now are not counted */
    sync_all(m); /* areas up to now are not counted */
    m->stats_on = true;
}

static void handle(bb_sim *m, const bb_event *e)
{
    bcase *c = e->ptr;
    switch ((enum ev)e->type) {
    case EV_ARRIVAL: {
        schedule_arrival(m, e->arg, m->now);
        if (m->stats_on)
            m->arrived[e->arg]++;
        m->p_arrived++;
        bcase *n = case_new(m);
        if (!n)
            return;
        draw_case(m, n, e->arg, false);
        n->t_in = m->now;
        n->counted = m->stats_on;
        pool_enqueue(m, BB_STAGE_INFORMATION, n);
        break;
    }
    case EV_TRIAGE:
        accrue_triage(m, m->now);
        if (m->now + 24.0 < m->s->horizon_h)
            push(m, m->now + 24.0, EV_TRIAGE, 0, NULL, 0);
        break;
    case EV_JOB_DONE: {
        if (!alive(e))
            return;
        pool *P = &m->pool[e->arg];
        if (c->job_on_duty)
            P->busy_duty--;
        else
            P->busy_office--;
        job_done(m, e->arg, c);
        pool_dispatch(m, e->arg);
        break;
    }
    case EV_OPEN:
    case EV_CLOSE: {
        pool *P = &m->pool[e->arg];
        P->open = e->type == EV_OPEN;
        tw_set(m, &P->avail, (P->open ? P->servers : 0) + P->duty);
        if (P->open) {
            double close = bb_floor(m->now / 24.0) * 24.0 + m->s->office.close_h;
            push(m, close, EV_CLOSE, e->arg, NULL, 0);
            pool_dispatch(m, e->arg);
        } else {
            push(m, bb_office_next_open(&m->s->office, m->now + 1e-6), EV_OPEN, e->arg, NULL, 0);
        }
        break;
    }
    case EV_DECIDED:
        if (alive(e))
            decided(m, c);
        break;
    case EV_IN_PLACE:
        if (c->id && (uint32_t)c->assign_seq == e->tag && !c->in_place && c->x != X_NONE &&
            c->x != X_WAIT) {
            count_case(m, c, -1);
            c->in_place = true;
            count_case(m, c, +1);
            protected_first(m, c);
        }
        break;
    case EV_MEASURE_END:
        if (alive(e) && c->x != X_NONE)
            close_case(m, c);
        break;
    case EV_REVIEW:
        if (alive(e) && c->x != X_NONE) {
            if (c->in_pool) { /* busy with an escalation: try next interval */
                double next = m->now + m->s->level[c->level].review_h;
                if (next < c->t_end)
                    push(m, next, EV_REVIEW, 0, c, c->id);
            } else {
                send_review(m, c, J_REVIEW);
            }
        }
        break;
    case EV_ESCALATE:
        if (alive(e) && c->x != X_NONE) {
            send_review(m, c, J_ESCALATION);
            double esc = m->s->cat[c->cat].escalation_per_year / HOURS_PER_YEAR;
            gsl_rng re = case_rng(c, RE);
            double next = m->now - log(u01(&re)) / esc;
            if (next < c->t_end)
                push(m, next, EV_ESCALATE, 0, c, c->id);
        }
        break;
    case EV_PLAN_START:
        plan_start(m, e->arg, (int)e->tag);
        break;
    case EV_PLAN_END:
        plan_end(m, e->arg, (int)e->tag);
        break;
    case EV_SURGE:
        surge(m, e->arg);
        break;
    case EV_CHANGE: {
        const bb_change *x = &m->s->change[e->arg];
        int u = (x->is_pool ? 0 : BB_POOLS) + x->index;
        set_op_fte(m, u, op_fte(m, u) + x->delta);
        break;
    }
    case EV_INVEST:
        invest(m, e->arg);
        break;
    case EV_HIRED:
        hired(m, e->arg / 2, e->arg % 2, bits_fte(e->bits));
        break;
    case EV_TRAINED:
        trained(m, e->arg / 2, e->arg % 2, bits_fte(e->bits));
        break;
    case EV_ATTRITION:
        leaver(m, e->arg, e->tag);
        break;
    case EV_PERIOD:
        period_end(m);
        if (m->now < m->s->horizon_h)
            push(m, fmin(m->now + m->s->period_h, m->s->horizon_h), EV_PERIOD, 0, NULL, 0);
        break;
    case EV_YEAR:
        accrue_cost(m);
        break;
    case EV_WARMUP:
        start_stats(m);
        break;
    case EV_HORIZON:
        if (m->now > m->period_start)
            period_end(m);
        accrue_cost(m);
        m->done = true;
        break;
    }
    settle(m);
}

static int run(bb_sim *m, double t_stop, long n_stop)
{
    if (m->error[0])
        return BB_RUN_LIMIT;
    if (m->done)
        return BB_RUN_DONE;
    long n = 0;
    bb_event e;
    bool bounded = t_stop < INFINITY || n_stop >= 0; /* else no need to peek */
    for (;;) {
        if (bounded) {
            const bb_event *top = bb_queue_peek(&m->q);
            if (!top)
                break;
            if (top->t > t_stop || (n_stop >= 0 && n >= n_stop)) {
                if (top->t > t_stop && t_stop > m->now)
                    m->now = t_stop; /* the clock reaches t: a change made now is dated t */
                return BB_RUN_MORE;
            }
        }
        if (!bb_queue_pop(&m->q, &e))
            break;
        if (e.t > m->now)
            m->now = e.t;
        m->events++;
        n++;
        handle(m, &e);
        if (m->error[0])
            return BB_RUN_LIMIT;
        if (m->done)
            return BB_RUN_DONE;
        if (m->events >= (uint64_t)m->s->max_events) {
            snprintf(m->error, sizeof m->error,
                     "more than %ld events in one replication: the bound run.max_events "
                     "was reached at %.0f h", m->s->max_events, m->now);
            return BB_RUN_LIMIT;
        }
    }
    m->done = true;
    return BB_RUN_DONE;
}

int bb_sim_run_until(bb_sim *m, double t) { return run(m, t, -1); }
int bb_sim_step(bb_sim *m, long n) { return run(m, INFINITY, n < 0 ? 0 : n); }
int bb_sim_run(bb_sim *m) { return run(m, INFINITY, -1); }
const char *bb_sim_error(const bb_sim *m) { return m->error; }
double bb_sim_now(const bb_sim *m) { return m->now; }
double bb_sim_horizon(const bb_sim *m) { return m->s->horizon_h; }
uint64_t bb_sim_events(const bb_sim *m) { return m->events; }

void bb_sim_on_period(bb_sim *m, bb_period_fn fn, void *ud)
{
    m->on_period = fn;
    m->on_period_ud = ud;
}

int bb_sim_set_pool_fte(bb_sim *m, int p, double fte)
{
    if (p < 0 || p >= BB_POOLS || !(fte >= 0) || fte > BB_MAX_FTE)
        return -1;
    set_op_fte(m, p, fte);
    settle(m);
    return 0;
}

int bb_sim_set_provider_fte(bb_sim *m, int p, double fte)
{
    if (p < 0 || p >= m->s->nprov || !(fte >= 0) || fte > BB_MAX_FTE)
        return -1;
    set_op_fte(m, BB_POOLS + p, fte);
    settle(m);
    return 0;
}

/* ------------------------------------------------------------------ */
/* state and results                                                   */
/* ------------------------------------------------------------------ */

void bb_sim_state(const bb_sim *m, bb_state *st)
{
    const bb_scenario *s = m->s;
    memset(st, 0, sizeof *st);
    st->t = m->now;
    st->day = s->start_day + (int)bb_floor(m->now / 24.0);
    for (int p = 0; p < BB_POOLS; p++) {
        st->queue[p] = m->pool[p].qlen;
        st->in_service[p] = m->pool[p].busy_office + m->pool[p].busy_duty;
        st->pool_fte[p] = m->pool[p].fte;
        st->pool_servers[p] = m->pool[p].servers;
    }
    st->queue[BB_STAGE_DECISION] = m->deciding;
    st->queue[BB_STAGE_EXECUTION] = m->pend_n[0];
    st->n_providers = s->nprov;
    for (int p = 0; p < s->nprov; p++) {
        st->prov_capacity[p] = m->prov[p].cap;
        st->prov_used[p] = m->prov[p].used;
        st->prov_cases[p] = m->prov[p].cases;
    }
    for (int u = 0; u < bb_nunits(s); u++) {
        const unit_wf *w = &m->wf[u];
        double pipe = w->recruiting + w->training + w->ready;
        if (u < BB_POOLS)
            st->pool_pipeline_fte[u] = pipe;
        else
            st->prov_pipeline_fte[u - BB_POOLS] = pipe;
    }
    st->borrowed_fte = m->basic_used;
    double dt = m->now - m->borrowed_tw.last;
    st->borrowed_fte_years = (m->borrowed_tw.area + (m->stats_on ? m->borrowed_tw.v * dt : 0)) / HOURS_PER_YEAR;
    for (int l = 0; l < BB_LEVELS; l++)
        st->active_by_level[l] = m->active_level[l];
    st->protected_now = m->protected_now;
    st->waiting_unprotected = m->unprotected;
    st->downgraded = m->downgraded;
    for (int i = 0; i < s->ncat; i++)
        st->arrived += m->arrived[i];
    for (int l = 0; l < BB_LEVELS; l++)
        st->decided += m->decided[l];
    st->protected_total = m->lt[2].n;
    st->within_target = m->lt[2].within;
    st->lead_p50_h = m->last_p50;
    st->lead_p90_h = m->last_p90;
    double pending = pending_cost(m);
    st->cost_to_date = m->cost_total + pending;
    int y = bb_date_year(st->day) - m->year0;
    st->cost_year = (y >= 0 && y < MAX_YEARS ? m->cost_year[y] : 0) + pending;
    for (int l = 0; l < s->nlines; l++) {
        st->line_budget_year += bb_line_budget(&s->line[l], bb_date_year(st->day));
        if (y >= 0 && y < MAX_YEARS)
            st->line_cost_year += m->cost_line[l + 1][y]; /* accrued to the last week */
    }
}

int bb_sim_period_columns(const bb_sim *m, const char ***names)
{
    *names = m->colnames;
    return m->ncols;
}

const double *bb_sim_period_row(const bb_sim *m) { return m->row; }

static void put(bb_sim *m, const char *metric, const char *group, double v)
{
    if (m->nmetrics == m->capmetrics) {
        int cap = m->capmetrics ? 2 * m->capmetrics : 128;
        bb_metric *r = realloc(m->metrics, (size_t)cap * sizeof *r);
        if (!r)
            return;
        m->metrics = r;
        m->capmetrics = cap;
    }
    bb_metric *r = &m->metrics[m->nmetrics++];
    r->metric = metric;
    snprintf(r->group, sizeof r->group, "%s", group);
    r->value = v;
}

static double rmean(const runmean *w)
{
    return w->n ? w->mean : NAN;
}

int bb_sim_metrics(bb_sim *m, const bb_metric **rows)
{
    const bb_scenario *s = m->s;
    static const char *const stage[BB_STAGES] = {"information", "advice_decentral",
                                                 "advice_central", "decision", "execution"};
    static const char *const ltg[7] = {"acute", "regular", "all", "level_1",
                                       "level_2", "level_3", "level_4"};
    char g[40];
    m->nmetrics = 0;
    double T = (m->now - (s->warmup_h > 0 ? s->warmup_h : 0));
    if (T <= 0)
        T = 1;
    sync_all(m);

    long arrived = 0;
    for (int i = 0; i < s->ncat; i++)
        arrived += m->arrived[i];
    put(m, "arrivals", "all", (double)arrived);
    for (int i = 0; i < s->ncat; i++)
        put(m, "arrivals", s->cat[i].name, (double)m->arrived[i]);
    put(m, "closed_at_triage", "all", (double)m->triaged);
    for (int l = 0; l < BB_LEVELS; l++) {
        snprintf(g, sizeof g, "level_%d", l);
        put(m, "decided", g, (double)m->decided[l]);
    }
    static const char *const xs[5] = {"none", "waiting", "borrowed", "downgraded", "own"};
    long nfirst = 0;
    for (int k = 1; k < 5; k++)
        nfirst += m->first_state[k];
    for (int k = 1; k < 5; k++)
        put(m, "first_assignment_share", xs[k],
            nfirst ? (double)m->first_state[k] / (double)nfirst : NAN);
    for (int i = 0; i < 7; i++) {
        const struct lt_group *x = &m->lt[i];
        put(m, "protected", ltg[i], (double)x->n);
        put(m, "lead_time_mean_h", ltg[i], rmean(&x->mean));
        size_t nl = x->n ? lead_gather(m, i, 0) : 0;
        double *lv = m->leads.scratch;
        put(m, "lead_time_p50_h", ltg[i], bb_quantile_select(lv, nl, 0.50));
        put(m, "lead_time_p90_h", ltg[i], bb_quantile_select(lv, nl, 0.90));
        put(m, "lead_time_p95_h", ltg[i], bb_quantile_select(lv, nl, 0.95));
        put(m, "within_target_share", ltg[i], x->n ? (double)x->within / (double)x->n : NAN);
    }
    for (int p = 0; p < BB_POOLS; p++) {
        put(m, "wait_mean_h", stage[p], rmean(&m->pool[p].wait));
        put(m, "queue_mean", stage[p], m->pool[p].q.area / T);
        put(m, "queue_max", stage[p], m->pool[p].q.max);
        put(m, "queue_end", stage[p], m->pool[p].qlen);
        put(m, "utilisation", stage[p],
            m->pool[p].avail.area > 0 ? m->pool[p].work_total / m->pool[p].avail.area : NAN);
    }
    put(m, "wait_mean_h", "decision", rmean(&m->decision_wait));
    put(m, "queue_mean", "decision", m->deciding_tw.area / T);
    put(m, "wait_mean_h", "execution", rmean(&m->exec_wait));
    put(m, "queue_mean", "execution", m->unprot_tw.area / T);
    put(m, "queue_end", "execution", m->unprotected);
    for (int l = 1; l < BB_LEVELS; l++) {
        snprintf(g, sizeof g, "level_%d", l);
        put(m, "active_mean", g, m->active_tw[l].area / T);
        put(m, "active_end", g, m->active_level[l]);
    }
    for (int p = 0; p < s->nprov; p++) {
        const provider *P = &m->prov[p];
        put(m, "active_mean", s->prov[p].name, P->cases_tw.area / T);
        put(m, "active_end", s->prov[p].name, P->cases);
        put(m, "used_fte_mean", s->prov[p].name, P->used_tw.area / T);
        put(m, "utilisation", s->prov[p].name,
            P->cap_tw.area > 0 ? P->used_tw.area / P->cap_tw.area : NAN);
        put(m, "over_capacity_fte_mean", s->prov[p].name, P->over_tw.area / T);
    }
    for (int u = 0; u < bb_nunits(s); u++) {
        const unit_wf *w = &m->wf[u];
        put(m, "fte_operational_mean", bb_unit_name(s, u), w->op.area / T);
        put(m, "fte_operational_end", bb_unit_name(s, u), op_fte(m, u));
        put(m, "fte_pipeline_end", bb_unit_name(s, u), w->recruiting + w->training + w->ready);
    }
    put(m, "borrowed_fte_mean", "basic_units", m->borrowed_tw.area / T);
    put(m, "borrowed_fte_max", "basic_units", m->borrowed_tw.max);
    put(m, "borrowed_fte_years", "basic_units", m->borrowed_tw.area / HOURS_PER_YEAR);
    put(m, "unprotected_person_days", "all", m->unprot_tw.area / 24.0);
    put(m, "underprotected_person_days", "all", m->down_tw.area / 24.0);
    int y1 = bb_date_year(s->end_day - 1);
    for (int y = m->year0; y <= y1 && y - m->year0 < MAX_YEARS; y++) {
        snprintf(g, sizeof g, "%d", y);
        put(m, "cost_eur", g, m->cost_year[y - m->year0]);
    }
    put(m, "cost_eur", "total", m->cost_total);
    for (int l = 0; l < s->nlines; l++)
        for (int y = m->year0; y <= y1 && y - m->year0 < MAX_YEARS; y++) {
            snprintf(g, sizeof g, "%s/%d", s->line[l].name, y);
            put(m, "budget_cost_eur", g, m->cost_line[l + 1][y - m->year0]);
        }
    put(m, "events", "all", (double)m->events);
    *rows = m->metrics;
    return m->nmetrics;
}
