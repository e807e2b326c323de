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
 *   exec.c       exec_   execution: the decision, a case's state, measures,
 *                        reviews, capacity changes, planned demand
 *   hold.c       hold_   holds, fitting, the protection counters, pending lists
 *   acute.c      acute_  the interim measure and cover
 *   fill.c       fill_   freed capacity by priority; regions and assistance
 *                        (exec.h is the four files' private header)
 *   workforce.c  wf_     FTE over time (investments, recruitment, training,
 *                        attrition) and cost
 *   results.c    res_    statistics: the period row, the metric rows, the
 *                        state readers, and the results schema
 */
#ifndef BB_MODEL_STATE_H
#define BB_MODEL_STATE_H

#include "internal.h"
#include <limits.h>
#include <math.h>
#include <stddef.h>

#define EPS 1e-9
#define HOURS_PER_YEAR BB_HOURS_PER_YEAR
#define BASIC BB_PROV_BASIC /* provider index of the basic units (guarding) */
#define ACUTE BB_PROV_BASIC_ACUTE /* the basic units' acute response (interim) */
#define MAX_YEARS 102

/* ---- time-weighted level ---- */
/* Its areas are brought up to date only when every level is (res_sync:
 * a period's or a year's end, a cost accrual, the metric rows, the
 * warm-up; a live reader adds tw_pending); in between a change
 * adds to s, the sum of each change times its time after that sync
 * (tw_t0), and the area since the sync is v (now - tw_t0) - s. */
typedef struct tw {
    double v;         /* current value */
    double s;         /* sum of (change x its time after tw_t0) since the sync */
    double area;      /* since statistics started (warm-up), up to the sync */
    double aperiod;   /* since the current period started, up to the sync */
    double acost;     /* since the last cost accrual, up to the sync */
    double max;       /* (tw_setx only) */
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

/* ---- what a case draws at intake, each from its own stream ---- */
enum draw {
    D_ACUTE, D_INFO_EFFORT, D_ADVICE_EFFORT, D_DECISION, D_LEVEL, D_DURATION, D_LEAD,
    D_MOBILISE, D_DRAWS
};

/* ---- events ---- */
enum ev {
    EV_ARRIVAL, EV_JOB_DONE, EV_OPEN, EV_CLOSE, EV_DECIDED, EV_IN_PLACE,
    EV_MEASURE_END, EV_REVIEW, EV_ESCALATE, EV_PLAN_START, EV_PLAN_END,
    EV_SURGE, EV_CHANGE, EV_PERIOD, EV_YEAR, EV_WARMUP, EV_HORIZON,
    EV_INVEST, EV_HIRED, EV_TRAINED, EV_ATTRITION, EV_TRIAGE, EV_INTERIM
};
/* an event's arg is an index into one of these (engine.c keeps 16 bits) */
/* Investments a running replication may add (bb_sim_invest). The
 * pipeline events carry the investment with the unit (wf_arg). */
#define BB_MAX_SIM_INVEST 512
_Static_assert(2 * BB_UNITS * (BB_MAX_INVEST + BB_MAX_SIM_INVEST + 1) + 2 * BB_UNITS <=
                   2 * BB_EVENT_ARG_MAX,
               "pipeline event args fit in 16 bits");
_Static_assert(BB_MAX_INVEST <= BB_EVENT_ARG_MAX && BB_MAX_CHANGES <= BB_EVENT_ARG_MAX &&
                   BB_MAX_SURGES <= BB_EVENT_ARG_MAX && BB_MAX_PLANNED <= BB_EVENT_ARG_MAX &&
                   2 * BB_UNITS + 1 <= BB_EVENT_ARG_MAX && BB_MAX_CATEGORIES <= BB_EVENT_ARG_MAX,
               "event args fit in 16 bits");

#define CASE_RNG_WORDS 3 /* room for a taus2 state (GSL: 3 unsigned longs) */

/* Where a decided case stands in execution. */
enum xstate { X_NONE, X_WAIT, X_BORROWED, X_DOWN, X_OWN };
/* What a case in a pool is being worked on for. */
enum job { J_CASE, J_REVIEW, J_ESCALATION };
/* The execution pending lists of each level and urgency: decided cases
 * waiting for capacity, and (for repatriation) cases held by the basic
 * units or in a lighter package, waiting for their own provider. */
enum pend { PEND_WAIT, PEND_BORROWED, PEND_DOWN, PEND_LISTS };
/* Where a case's interim measure (the acute path) stands. */
enum istate { I_NONE, I_WAIT, I_HELD, I_IN_PLACE, I_DONE };
/* A case's two own streams: reviews and escalations. */
enum { RR, RE };

/* Capacity a case holds at one provider (or the basic units): a part of
 * its package, or its interim measure. Holds come from blocks with a free
 * list, like cases; a provider keeps its holds in a list, newest last. */
typedef struct hold {
    struct hold *next;                 /* the case's next hold */
    struct bcase *c;
    double need;                       /* FTE */
    uint64_t seq;                      /* taken as the seq-th hold of the run */
    int prov;                          /* provider index, BASIC, ACUTE or HOLD_FREE */
    int16_t region;                    /* whose basic units (BASIC, ACUTE) */
} hold;
#define HOLD_FREE INT_MIN              /* the prov of a hold in the free list */

/* A case, in four cache lines; the blocks of cases are aligned. The
 * fields read when its event fires or when a pool takes it from the
 * queue come first, in the first 64 bytes (a case waiting in a backlog
 * or for its next review is cold); what a measure's end reads besides
 * (the package, the flags, the times, the region) fills the second, so
 * the event loop's prefetch of the first two lines covers that event
 * (with 10^6 cases under measures each further line was a miss). The
 * pending and interim lists and the intake draws follow; the state of
 * the case's own two streams, used only by reviews and escalations, is
 * kept beside the case in its block (case_rng_of), not in it. */
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
    uint8_t istate;                    /* enum istate */
    int16_t cat;
    uint8_t held_level;                /* level of the package held */
    uint8_t opt;                       /* its option in that level */
    uint32_t rec;                      /* its lead-time record, or NO_REC */
    /* --- 64 bytes: what a measure's end reads --- */
    hold *pkg;                         /* the package's parts held */
    hold *interim;                     /* the interim measure held */
    double t_in, t_decided, t_end;
    uint64_t assign_seq;               /* the package's assignment */
    int8_t plist;                      /* which pending list (enum pend), -1 none */
    bool ever_protected, counted, seeded;
    bool needs;                        /* its decided level is above 0 (drawn at intake) */
    bool ended;                        /* its threat ended before the decision */
    bool cover;                        /* its interim hold covers a package being put in place */
    bool cover_wait;                   /* waits for the basic units to cover it (inext, iprev) */
    /* regions (fill.c): its own region, the region whose providers hold
     * its package (another one: assistance) */
    int8_t region, xreg;
    /* --- 128 bytes --- */
    struct bcase *pnext, *pprev;       /* execution pending list */
    struct bcase *inext, *iprev;       /* interim waiting list */
    uint64_t interim_seq;              /* the interim's assignment */
    /* its places in the pending and interim lists (the longest waiting
     * first across regions) */
    uint64_t pseq, iseq;
    /* draws taken at intake (common random numbers) */
    double u_level, u_dur, u_lead, esc_e, u_mob;
    /* the key of the case's own GSL streams (taus2), [RR] reviews and
     * [RE] escalations, seeded from it when first used (most cases are
     * never reviewed; intake_case_rng) */
    uint64_t key_base, key_index;
} bcase;

/* The state of a case's two streams, beside it in its block: a case is
 * one block of memory, not five (sim_new checks the size). */
typedef struct case_rng {
    unsigned long gen_state[2][CASE_RNG_WORDS];
} case_rng;

#define NO_REC UINT32_MAX

/* Cases come in blocks of CASE_BLOCK, aligned to their size: the cases,
 * then each case's home hold, the first it takes (hold.c), then each
 * case's stream state. Their addresses follow from the case's, so the
 * event loop can prefetch the hold with the case, without reading the
 * case first. */
#define CASE_BLOCK 1024
#define CASE_BLOCK_BYTES ((size_t)1 << 19)
_Static_assert(CASE_BLOCK * (sizeof(bcase) + sizeof(hold) + sizeof(case_rng)) <= CASE_BLOCK_BYTES,
               "a block holds its cases, their home holds and their stream states");
/* The home hold of the case at address c (an integer: the event loop
 * computes it for any event, also one without a case). */
static inline uintptr_t home_hold_addr(uintptr_t c)
{
    uintptr_t base = c & ~(uintptr_t)(CASE_BLOCK_BYTES - 1);
    return base + CASE_BLOCK * sizeof(bcase) + (c - base) / sizeof(bcase) * sizeof(hold);
}
static inline hold *home_hold(const bcase *c) { return (hold *)home_hold_addr((uintptr_t)c); }
static inline case_rng *case_rng_of(const bcase *c)
{
    uintptr_t p = (uintptr_t)c, base = p & ~(uintptr_t)(CASE_BLOCK_BYTES - 1);
    return (case_rng *)(base + CASE_BLOCK * (sizeof(bcase) + sizeof(hold)) +
                        (p - base) / sizeof(bcase) * sizeof(case_rng));
}

_Static_assert(offsetof(bcase, pkg) == 64, "a case's hot fields fill its first cache line");
_Static_assert(offsetof(bcase, pnext) == 128, "what a measure's end reads fills the second");
_Static_assert(sizeof(bcase) == 256, "a case is four cache lines");
_Static_assert(BB_MAX_OPTIONS <= 16, "a level's options fit a 16-bit mask");
_Static_assert(BB_MAX_PROVIDERS <= 64 && BB_MAX_REGIONS <= 32 && BB_MAX_REGIONS <= 127,
               "dirty masks and a case's region fit");
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

/* An execution provider: capacity in FTE and the holds on it. */
typedef struct provider {
    double cap, used;
    int cases;                         /* holds on it */
    tw used_tw, cap_tw, cases_tw, over_tw;
    int waiting;                       /* cases waiting for it (the bottleneck) */
    tw wait_tw;
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

/* The lead-time record of a counted case that needs measures (its
 * decided level is above 0), kept to the end of the run: when it came in,
 * how long it took to its first protective action and to its definitive
 * package (INFINITY: not (yet) reached), and why it was never protected.
 * Records are appended at intake, so they are in order of t_in. */
enum { NP_NO = 0, NP_NO_CAPACITY = 1, NP_LEAD_TIME = 2, NP_ASSESSMENT = 3 };
typedef struct crec {
    double t_in;
    double lead[BB_KINDS];             /* hours from intake */
    int16_t cat;
    uint8_t level;                     /* the decided level */
    uint8_t acute : 1, never : 2;      /* never: NP_* */
    uint8_t region;
} crec;

typedef struct recs {
    crec *r;
    size_t n, cap;
    size_t due[BB_KINDS][2];           /* records whose target time has been counted */
    size_t of_urgency[2];              /* records of regular and acute cases */
} recs;

/* The lead-time figures of one group of records (leadgroups.c): of one
 * intake year, or of the whole run. */
#define BB_MAX_LTG (3 + 2 * (BB_LEVELS - 1) + BB_MAX_CATEGORIES + BB_MAX_REGIONS)
typedef struct ltg_stats {
    long needing, protected_def, never;
    size_t n[BB_KINDS];                /* whose target time passed */
    long within[BB_KINDS];
    size_t off[BB_KINDS];              /* where its values are in the table's v */
    bool qdone;
    double q[BB_KINDS][3];             /* p50, p90, p95 */
} ltg_stats;

/* One cell's or region's counts of one intake year, kept by the whole
 * run's pass for the years' (leadgroups.c). */
typedef struct ltg_tally {
    uint32_t needing, protected_def, never, n[BB_KINDS], within[BB_KINDS];
} ltg_tally;

/* Every group's figures of one year (y; -1 the whole run, -2 none yet). */
typedef struct ltg_table {
    int y, ng;
    ltg_stats st[BB_MAX_LTG];
    double *v;                         /* the groups' values, for their quantiles */
    size_t vcap;
    ltg_tally *yt;                     /* per year, its cells then its regions */
    size_t ytcap;
    bool yt_ok;                        /* yt holds the counts of this metric call */
} ltg_table;

/* Definitive lead times of the cases whose package came in place in the
 * current period, in order, for its median and p90; emptied at each
 * period's end (its memory stays: no regrowth every week). */
typedef struct lead_log {
    double *v;
    size_t n, cap;
    size_t p0;                         /* always 0 (v[p0 ..]: in place this period) */
} lead_log;

/* Values summed per calendar year (res_year_end): areas of time-weighted
 * levels, and counts. */
enum yser {
    Y_BORROWED, Y_UNMET, Y_PRESSURE, Y_UNPROT, Y_NEED, Y_DOWN, Y_INTERIM, Y_INTERIM_WAIT,
    Y_CONTINUOUS, Y_Q_INFO, Y_Q_ADV_DEC, Y_Q_ADV_CEN, Y_Q_DECISION, Y_HOURS, Y_ARRIVED,
    Y_SERIES
};

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
    gsl_rng *r_arrival[BB_MAX_CATEGORIES], *r_escalation[BB_MAX_CATEGORIES];
    gsl_rng *r_triage[BB_MAX_CATEGORIES];
    /* a stream per draw at intake and category, and whether the draw can
     * make a difference (a fixed one is not drawn: its stream is its own,
     * so no other draw moves) */
    gsl_rng *r_draw[D_DRAWS][BB_MAX_CATEGORIES];
    bool d_fixed[D_DRAWS][BB_MAX_CATEGORIES];
    /* a fixed effort's or decision delay's value, [regular, acute] */
    double d_fixq[D_DRAWS][BB_MAX_CATEGORIES][2];
    int8_t d_fixlevel[BB_MAX_CATEGORIES]; /* the one level, where D_LEVEL is fixed */
    gsl_rng *r_initial;
    gsl_rng *r_region[BB_MAX_CATEGORIES], *r_region_init; /* with regions only */
    double triage_t;                      /* closed signals counted up to */
    long dr_day[BB_MAX_CATEGORIES][2];    /* day + 1 of day_rate's entries, by day parity */
    double dr_v[BB_MAX_CATEGORIES][2];
    /* the arrivals' current rate piece per category: rate_piece over [lo, end) */
    struct { double lo, end, rate; } apiece[BB_MAX_CATEGORIES];
    /* keys of the cases' own sequences: per category and intake count */
    uint64_t life_base[BB_MAX_CATEGORIES], life_n[BB_MAX_CATEGORIES];
    uint64_t init_base, init_n;

    /* cases */
    bcase *free_cases;
    bcase **blocks;
    int nblocks, capblocks;
    uint64_t next_id;
    uint64_t assignments;  /* numbers every assignment of every case */
    uint64_t holds_taken;  /* numbers every hold (hold.seq) */
    long open_cases;

    pool pool[BB_POOLS];
    int deciding;
    tw deciding_tw;
    provider prov[BB_MAX_PROVIDERS];
    double basic_used;  /* borrowed for packages and planned demand */
    double acute_used;  /* borrowed for interim measures */
    double rb_used[BB_MAX_REGIONS], ra_used[BB_MAX_REGIONS]; /* the same per region */
    tw borrowed_tw;     /* of both */
    tw acute_tw;        /* acute_used (interim measures) */
    double unmet;       /* FTE that waiting cases would borrow beyond the limit */
    tw unmet_tw;
    int basic_waiting;  /* cases waiting for the basic units (interim) */
    tw basic_wait_tw;
    /* per region: */
    bcase *pend_head[BB_MAX_REGIONS][BB_LEVELS][2][PEND_LISTS];
    bcase *pend_tail[BB_MAX_REGIONS][BB_LEVELS][2][PEND_LISTS];
    int pend_n[PEND_LISTS];
    bcase *iw_head[BB_MAX_REGIONS], *iw_tail[BB_MAX_REGIONS]; /* waiting for an interim measure, in order */
    bcase *cw_head[BB_MAX_REGIONS][BB_LEVELS], *cw_tail[BB_MAX_REGIONS][BB_LEVELS]; /* waiting for cover, per level */
    uint64_t pseq, iseq;  /* numbers the places in those lists */
    uint32_t pmask[BB_LEVELS][2][PEND_LISTS], iwmask; /* regions whose list is not empty */
    uint64_t luse[BB_LEVELS], iuse; /* providers a level's (the interim's) options use */
    uint16_t cont_opts[BB_MAX_CATEGORIES][BB_LEVELS]; /* continuous options (a bit each) */
    int cover_waiting;
    int active_level[BB_LEVELS];
    tw active_tw[BB_LEVELS];
    int unprotected;    /* decided, nothing in place: waiting in execution */
    int unprot_need;    /* needing measures (decided or not), nothing in place */
    int downgraded, protected_now, interim_now, interim_waiting;
    int continuous;     /* persons in a continuous (24/7) package */
    tw unprot_tw, need_tw, down_tw, interim_tw, iwait_tw, cont_tw;
    tw need_lv_tw[BB_LEVELS];          /* need_tw by the level the case needs */
    hold *free_holds;
    hold **hblocks;
    int nhblocks, caphblocks;
    plan_state plan[BB_MAX_PLANNED];
    uint64_t dirty;     /* providers to fill (bit i) */
    uint32_t dirty_basic; /* basic units to fill (bit: region) */
    int8_t wait_prov[BB_LEVELS]; /* whom a waiting case of each level waits for, or -1 */

    /* per region (results.c: region groups, regions.csv) */
    struct rstat {
        long p_in, in;                 /* cases past triage: this period, counted */
        int prot, unprot, need, assisted;
        long assists;                  /* measures put in place by another region (counted) */
        tw need_tw, borrowed_tw;
        double y_need[MAX_YEARS], y_borrowed[MAX_YEARS], y_last[2];
    } rs[BB_MAX_REGIONS];

    /* statistics */
    long arrived[BB_MAX_CATEGORIES], triaged, decided[BB_LEVELS], protected_total;
    long p_arrived, p_decided, p_protected;  /* this period */
    long first_state[5];   /* state right after the decision, per xstate */
    long interims;         /* interim measures put in place */
    recs recs;
    ltg_table ltg;
    long never_by[4];      /* records by their `never` (NP_*), for one bb_sim_metrics */
    bool never_counted;
    lead_log leads;
    long due_period[BB_KINDS], within_period[BB_KINDS]; /* target time passed this period */
    long due_total[BB_KINDS], within_total[BB_KINDS];
    double last_p50, last_p90; /* of the last period with a case protected */
    runmean exec_wait, decision_wait;
    unit_wf wf[BB_UNITS];
    gsl_rng *r_wf[BB_UNITS];
    /* investments made while running (bb_sim_invest), after the
     * scenario's: id ninvest + k is xinv[k] */
    bb_invest *xinv;
    int nxinv, capxinv;
    /* per investment id: when its first FTE became operational (-1: not
     * yet), and whether some of its FTE wait in a tranche (ready) */
    double *inv_arrived;
    uint8_t *inv_ready;
    double cost_year[MAX_YEARS], cost_total;          /* cash */
    double opp_year[MAX_YEARS], opp_total;            /* opportunity: regular police hours */
    double cost_line[BB_MAX_LINES + 1][MAX_YEARS]; /* [0]: no budget line */
    double y_val[Y_SERIES][MAX_YEARS], y_last[Y_SERIES];
    size_t rec_year[MAX_YEARS + 1]; /* records of intake year y: [rec_year[y], rec_year[y+1]) */
    double stats_t0;       /* when the statistics started */
    double tw_t0;          /* when every time-weighted level was last synced (res_sync) */
    uint16_t *bneck_weeks; /* [year][name]: weeks each was the bottleneck */
    int nbneck;            /* names: none, the pools, the providers, basic_units */
    int year0;
    double period_start;

    /* outputs */
    double *row;           /* the last period's values (the schema's columns) */
    bb_metric *metrics;    /* the metric rows (the schema's rows) */
};

/* ------------------------------------------------------------------ */
/* hot helpers                                                         */
/* ------------------------------------------------------------------ */

/* A time-weighted level takes value v from now on. Its areas wait for
 * the next sync (tw_fold): a change is one multiply-add, where adding
 * each interval's area to two or three sums as it ended was a tenth of
 * a loss model's instructions. */
static inline void tw_set(bb_sim *m, tw *x, double v)
{
    x->s += (v - x->v) * (m->now - m->tw_t0);
    x->v = v;
}

/* The same for the three levels that also keep their maximum (the
 * borrowed FTE, a pool's queue, a unit's hired FTE). */
static inline void tw_setx(bb_sim *m, tw *x, double v)
{
    tw_set(m, x, v);
    if (v > x->max && m->stats_on)
        x->max = v;
}

/* The area of a level since the last sync, not yet in its sums. */
static inline double tw_pending(const bb_sim *m, const tw *x)
{
    return x->v * (m->now - m->tw_t0) - x->s;
}

/* Its area since the last sync into its sums (res_sync, which then
 * moves tw_t0 to now: every level must be folded). */
static inline void tw_fold(bb_sim *m, tw *x)
{
    double a = tw_pending(m, x);
    if (m->stats_on)
        x->area += a;
    x->aperiod += a;
    x->acost += a;
    x->s = 0;
}

/* A level moves by d: the change is d itself, not (v + d) - v, which
 * waited for v's load and the addition (a count's are the same). */
static inline void tw_add(bb_sim *m, tw *x, double d)
{
    x->s += d * (m->now - m->tw_t0);
    x->v += d;
}

/* Report a failed push (rc from bb_queue_push) in m->error; -1. */
int sim_push_failed(bb_sim *m, int rc);

/* An event; for a case, tag is what the case must still show when it
 * fires (the low 32 bits of its id or assignment count: a slot reused
 * 2^32 cases later is beyond run.max_open_cases and the arrival bound). */
static inline int push(bb_sim *m, double t, int type, int arg, void *ptr, uint64_t tag)
{
    int rc = bb_queue_push_inline(&m->q, t, type, arg, ptr, (uint32_t)tag);
    return rc ? sim_push_failed(m, rc) : 0;
}

static inline int push_bits(bb_sim *m, double t, int type, int arg, uint64_t bits)
{
    int rc = bb_queue_push_bits(&m->q, t, type, arg, bits);
    return rc ? sim_push_failed(m, rc) : 0;
}

static inline double u01(gsl_rng *r) { return gsl_rng_uniform_pos(r); }

/* The level a category's case is decided at, from its draw at intake. */
static inline int decided_level(const bb_category *k, double u)
{
    double acc = 0.0;
    for (int l = 0; l < BB_LEVELS; l++) {
        acc += k->level_p[l];
        if (u < acc)
            return l;
    }
    return BB_LEVELS - 1;
}

/* The level case c's draw decides (its category's one level where it can
 * have only one: computed once, intake_fix_draws). */
static inline int case_level(const bb_sim *m, const bcase *c)
{
    return m->d_fixed[D_LEVEL][c->cat] ? m->d_fixlevel[c->cat]
                                       : decided_level(&m->s->cat[c->cat], c->u_level);
}

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
void intake_set_region(bb_sim *m, bcase *c, gsl_rng *r);
void intake_fix_draws(bb_sim *m);
int intake_setup_initial(bb_sim *m);

/* pool.c */
void pool_enqueue(bb_sim *m, int p, bcase *c);
void pool_dispatch(bb_sim *m, int p);
void pool_resize(bb_sim *m, int p, double fte);
void pool_job_done(bb_sim *m, int p, bcase *c);
void pool_open(bb_sim *m, int p, bool open);
void pool_start_calendar(bb_sim *m, int p);

/* exec.c */
void exec_admit(bb_sim *m, bcase *c);
void exec_request_interim(bb_sim *m, bcase *c);
void exec_interim_in_place(bb_sim *m, bcase *c, uint32_t tag);
void exec_decided(bb_sim *m, bcase *c);
void exec_in_place(bb_sim *m, bcase *c, uint32_t tag);
void exec_close(bb_sim *m, bcase *c);
void exec_threat_end(bb_sim *m, bcase *c);
void exec_review(bb_sim *m, bcase *c);
void exec_escalate(bb_sim *m, bcase *c);
void exec_review_done(bb_sim *m, bcase *c);
void exec_hold_running(bb_sim *m, bcase *c, int prov, int level);
void exec_set_capacity(bb_sim *m, int p, double fte);
void exec_setup_waits(bb_sim *m);
void exec_fill_dirty(bb_sim *m);
/* Fill every provider (and region's basic units) whose capacity changed
 * (after every event: most leave nothing to fill, and pay one test).
 * When nobody waits for capacity (no pending list, no interim request,
 * no case waiting for cover: the counts bb_sim_check verifies) there is
 * nothing to fill, as in a model whose measures never wait; the test is
 * made here, so that such an event costs no call. */
static inline void exec_settle(bb_sim *m)
{
    if (!(m->dirty || m->dirty_basic))
        return;
    if (m->pend_n[PEND_WAIT] == 0 && m->pend_n[PEND_BORROWED] == 0 &&
        m->pend_n[PEND_DOWN] == 0 && m->iwmask == 0 && m->cover_waiting == 0) {
        m->dirty = 0;
        m->dirty_basic = 0;
        return;
    }
    exec_fill_dirty(m);
}
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
int wf_invest_now(bb_sim *m, int u, double delta);
void wf_charge(bb_sim *m, int line, double eur);
void wf_accrue_cost(bb_sim *m);
void wf_pending_cost(const bb_sim *m, double *cash, double *opportunity);

/* results.c */
int res_new(bb_sim *m);
void res_free(bb_sim *m);
/* leadgroups.c: after the run, before the metric rows ask ltg_get */
void ltg_reset(bb_sim *m);
const ltg_stats *ltg_get(bb_sim *m, int g, int y);
void ltg_free(bb_sim *m);
void res_sync(bb_sim *m);
void res_start(bb_sim *m);
void res_new_record(bb_sim *m, bcase *c);
void res_protected(bb_sim *m, bcase *c, bool definitive);
void res_never_protected(bb_sim *m, bcase *c);
void res_period_end(bb_sim *m);
void res_year_end(bb_sim *m);

#endif
