/*
 * state.h - the state of one replication, shared by the model's modules.
 *
 * The model (sim/model/) is one replication of the chain as a
 * discrete-event simulation. This header is its private "lstate.h": the
 * case, the staffed pools, the execution providers, the workforce of
 * every unit, the statistics, the event kinds, and the hot helpers every
 * module calls (time-weighted levels, pushing events). Nothing outside
 * sim/model/ includes it; front-ends see only bbsim.h.
 *
 * The modules, each with its own prefix, in the order a case meets them:
 *
 *   sim.c        sim_    the replication's life: create, the event loop, free
 *   intake.c     intake_ cases and their streams, arrivals, triage, surges,
 *                        the starting state
 *   pool.c       pool_   the staffed pools (information, advice)
 *   exec.c       exec_   execution: the decision, capacity at providers and
 *                        basic units, measures, reviews, planned demand
 *   workforce.c  wf_     FTE over time (investments, recruitment, training,
 *                        attrition) and cost
 *   results.c    res_    statistics: the period row, the metric rows, the
 *                        state readers, and the results schema
 */
#ifndef BB_MODEL_STATE_H
#define BB_MODEL_STATE_H

#include "internal.h"
#include <math.h>
#include <stddef.h>

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

static inline void rm_add(runmean *r, double x)
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

/* Where a decided case stands in execution. */
enum xstate { X_NONE, X_WAIT, X_BORROWED, X_DOWN, X_OWN };
/* What a case in a pool is being worked on for. */
enum job { J_CASE, J_REVIEW, J_ESCALATION };
/* The execution pending lists of each level: decided cases waiting with
 * nothing in place, and (for repatriation) cases held by the basic units
 * or in a lighter package, waiting for their own provider. */
enum pend { PEND_WAIT, PEND_BORROWED, PEND_DOWN, PEND_LISTS };
/* A case's two own streams: reviews and escalations. */
enum { RR, RE };

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
    int plist;                         /* which pending list (enum pend), -1 none */
    int held_level;                    /* level of held package */
    bool ever_protected, counted, seeded;
    int prov;                          /* provider index, BASIC, or -1 */
    double need;                       /* FTE held */
    double t_in, t_decided, t_end;
    /* draws taken at intake (common random numbers) */
    double u_level, u_dur, u_lead, esc_e;
    /* the state of the case's own GSL streams (taus2), [RR] reviews and
     * [RE] escalations, kept in the case itself: a case is one block of
     * memory, not five (intake_case_rng; sim_new checks the size). They
     * are seeded from (key_base, key_index) when first used: most cases
     * are never reviewed. */
    unsigned long gen_state[2][CASE_RNG_WORDS];
    uint64_t key_base, key_index;
} bcase;

_Static_assert(offsetof(bcase, pnext) == 64, "a case's hot fields fill its first cache line");
_Static_assert(sizeof(bcase) == 256, "a case is four cache lines");
_Static_assert(BB_MAX_CATEGORIES <= 32767 && BB_LEVELS <= 127, "a case's cat and level fit");

/* A staffed pool: office staff and 24/7 duty posts, an acute and a
 * regular queue (FIFO each). */
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

/* An execution provider: capacity in FTE and the cases holding it. */
typedef struct provider {
    double cap, used;
    int cases;
    bcase *held_head, *held_tail;
    tw used_tw, cap_tw, cases_tw, over_tw;
} provider;

/* A planned-demand calendar's hold today: at its provider, borrowed. */
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

/* Lead-time statistics of one group of cases (res_first_protected). */
enum { LT_ACUTE, LT_REGULAR, LT_ALL, LT_LEVEL1, LT_GROUPS = LT_LEVEL1 + BB_LEVELS - 1 };
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
    bcase *pend_head[BB_LEVELS][PEND_LISTS], *pend_tail[BB_LEVELS][PEND_LISTS];
    int pend_n[PEND_LISTS];
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
    struct lt_group lt[LT_GROUPS]; /* acute, regular, all, level 1..4 */
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
    double *row;           /* the last period's values (the schema's columns) */
    bb_metric *metrics;    /* the metric rows (the schema's rows) */
};

/* ------------------------------------------------------------------ */
/* hot helpers                                                         */
/* ------------------------------------------------------------------ */

/* A time-weighted level takes value v from now on. */
static inline void tw_set(bb_sim *m, tw *x, double v)
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

static inline void tw_add(bb_sim *m, tw *x, double d) { tw_set(m, x, x->v + d); }

/* Report a failed push (rc from bb_queue_push) in m->error; -1. */
int sim_push_failed(bb_sim *m, int rc);

/* An event; for a case, tag is what the case must still show when it
 * fires (the low 32 bits of its id or assignment count: a slot reused
 * 2^32 cases later is beyond run.max_open_cases and the arrival bound). */
static inline int push(bb_sim *m, double t, int type, int arg, void *ptr, uint64_t tag)
{
    int rc = bb_queue_push(&m->q, t, type, arg, ptr, (uint32_t)tag);
    return rc ? sim_push_failed(m, rc) : 0;
}

static inline int push_bits(bb_sim *m, double t, int type, int arg, uint64_t bits)
{
    int rc = bb_queue_push_bits(&m->q, t, type, arg, bits);
    return rc ? sim_push_failed(m, rc) : 0;
}

static inline double u01(gsl_rng *r) { return gsl_rng_uniform_pos(r); }

/* The advice pool of a category's domain. */
static inline int advice_pool(const bb_sim *m, int cat)
{
    return 1 + (int)m->s->cat[cat].domain;
}

/* ------------------------------------------------------------------ */
/* the modules' entry points                                           */
/* ------------------------------------------------------------------ */

/* intake.c */
bcase *intake_case_new(bb_sim *m);
void intake_case_free(bb_sim *m, bcase *c);
gsl_rng intake_case_rng(bcase *c, int which);
void intake_arrival(bb_sim *m, int cat);
void intake_schedule_arrival(bb_sim *m, int cat, double t);
void intake_accrue_triage(bb_sim *m, double t);
void intake_surge(bb_sim *m, int i);
int intake_setup_initial(bb_sim *m);

/* pool.c */
void pool_enqueue(bb_sim *m, int p, bcase *c);
void pool_dispatch(bb_sim *m, int p);
void pool_resize(bb_sim *m, int p, double fte);
void pool_job_done(bb_sim *m, int p, bcase *c);
void pool_open(bb_sim *m, int p, bool open);
void pool_start_calendar(bb_sim *m, int p);

/* exec.c */
void exec_decided(bb_sim *m, bcase *c);
void exec_in_place(bb_sim *m, bcase *c, uint32_t tag);
void exec_close(bb_sim *m, bcase *c);
void exec_review(bb_sim *m, bcase *c);
void exec_escalate(bb_sim *m, bcase *c);
void exec_review_done(bb_sim *m, bcase *c);
void exec_hold_running(bb_sim *m, bcase *c, int prov, double need, int level);
void exec_set_capacity(bb_sim *m, int p, double fte);
void exec_settle(bb_sim *m);
void exec_plan_schedule(bb_sim *m, int i, int from_day);
void exec_plan_start(bb_sim *m, int i, int day);
void exec_plan_end(bb_sim *m, int i, int day);

/* workforce.c */
double wf_op_fte(const bb_sim *m, int u);
void wf_sync(bb_sim *m, int u);
void wf_attrition_schedule(bb_sim *m, int u);
void wf_set_op_fte(bb_sim *m, int u, double fte);
void wf_hired(bb_sim *m, int arg, uint64_t bits);
void wf_trained(bb_sim *m, int arg, uint64_t bits);
void wf_leaver(bb_sim *m, int u, uint32_t ver);
void wf_invest(bb_sim *m, int i);
void wf_change(bb_sim *m, int i);
void wf_charge(bb_sim *m, int line, double eur);
void wf_accrue_cost(bb_sim *m);
double wf_pending_cost(const bb_sim *m);

/* results.c */
int res_new(bb_sim *m);
void res_free(bb_sim *m);
void res_sync(bb_sim *m);
void res_start(bb_sim *m);
void res_first_protected(bb_sim *m, bcase *c);
void res_period_end(bb_sim *m);

#endif
