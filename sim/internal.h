/*
 * internal.h - types shared by the library's modules, not by front-ends.
 *
 * The scenario (what a planner wrote, validated and converted to model
 * units: hours and FTE), the distribution spec, the random streams and the
 * event queue. The model's run-time state lives in model.c.
 */
#ifndef BB_INTERNAL_H
#define BB_INTERNAL_H

#include "bbsim.h"
#include <gsl/gsl_rng.h>
#include <libconfig.h>
#include <math.h>
#include <stdbool.h>

/* Stated bounds (docs/robustness in docs/scenarios.md). */
#define BB_MAX_RATE_PER_YEAR 1.0e6
#define BB_MAX_FTE 1.0e5
#define BB_MAX_HORIZON_YEARS 100.0
#define BB_MAX_REPS 100000
#define BB_MAX_EXPECTED_ARRIVALS 5.0e7
#define BB_DEFAULT_MAX_EVENTS 200000000L
#define BB_DEFAULT_MAX_OPEN 2000000L
/* Pending events are bounded by this many per allowed open case (plus
 * BB_QUEUE_SLACK for the calendar's own events): events of closed cases
 * (a measure's end after a review closed it) stay queued until due. */
#define BB_EVENTS_PER_OPEN 16
#define BB_QUEUE_SLACK 4096
#define BB_MAX_SURGES 64
#define BB_MAX_PLANNED 32
#define BB_MAX_CHANGES 256
#define BB_MAX_INITIAL 64
#define BB_NAME 40
#define BB_MAX_LINES 16          /* budget lines */
#define BB_MAX_BUDGET_YEARS 40
#define BB_MAX_INVEST 256
#define BB_UNITS (BB_POOLS + BB_MAX_PROVIDERS) /* pools, then providers */

/* ---- distributions (dist.c) ---- */
enum bb_dist_kind { BB_D_CONST, BB_D_EXP, BB_D_UNIFORM, BB_D_LOGNORMAL, BB_D_GAMMA };
typedef struct bb_dist_table bb_dist_table;
typedef struct bb_dist {
    enum bb_dist_kind kind;
    double a, b;  /* const: a; exp: mean a; uniform: a..b;
                     lognormal: median a, sigma b; gamma: mean a, cv b */
    const bb_dist_table *tab; /* NULL, or a quantile table (bb_dist_prepare) */
} bb_dist;
/* Quantile of the distribution at u in (0,1) (inverse CDF, via GSL). */
double bb_dist_quantile(const bb_dist *d, double u);
/* The Exp(1) quantile, -log(1 - u), for u in [0, 1). GSL computes it as
 * -log1p(-u) (gsl_cdf_exponential_Pinv, gsl_ran_exponential), which
 * keeps the digits of a small u when 1 - u rounds. A GSL stream's
 * uniform is a multiple of 2^-32 (taus2: k / 2^32), so 1 - u is exact
 * and log(1 - u) is the same number, correctly rounded to within an ulp
 * as log1p's is; glibc's log costs 6 ns, its log1p 15 (measured, docs/
 * performance.md). For a u whose 1 - u does round (a clamped end, 1e-12)
 * GSL's expression is kept. 1 - v is exact for v in [0.5, 1] (Sterbenz),
 * so the test is exact. */
static inline double bb_exp1_quantile(double u)
{
    double v = 1.0 - u;
    return 1.0 - v == u ? -log(v) : -log1p(-u);
}
/* An Exp(1) variate from stream r: the uniform gsl_ran_exponential would
 * take (gsl_rng_uniform), so a stream's draws are those of GSL's, each
 * to within an ulp. */
static inline double bb_ran_exp1(gsl_rng *r) { return bb_exp1_quantile(gsl_rng_uniform(r)); }
/* Is it one value whatever u (then nothing need be drawn for it)? */
bool bb_dist_fixed(const bb_dist *d);
/* Remaining life of an item found in progress in a stationary renewal
 * process: u2 times the length-biased quantile at u1. */
double bb_dist_residual(const bb_dist *d, double u1, double u2);
/* Prepare a distribution for fast sampling: a log-normal keeps log(median);
 * a gamma, whose inverse CDF GSL finds by iteration (~1 us a draw), gets a
 * quantile table (attached to d).
 * The table is checked against GSL at every interval's midpoint and kept
 * only when it agrees to 1e-8 (relative; GSL's own inversion is good to
 * about that). Gammas with cv outside 0.05..1 are left to GSL. Tables are chained on *list
 * for bb_dist_tables_free. Returns 0, or -1 when out of memory. */
int bb_dist_prepare(bb_dist *d, bb_dist_table **list);
void bb_dist_tables_free(bb_dist_table *list);

/* ---- random streams (rng.c) ---- */
/* Seed for (master seed, replication, stream name): a mixing function so
 * that a purpose's stream does not depend on which other streams exist. */
uint64_t bb_stream_seed(uint64_t master, int rep, const char *purpose,
                        const char *key);
gsl_rng *bb_stream_new(uint64_t master, int rep, const char *purpose,
                       const char *key);
/* The seed of a case's own GSL stream for (base, index, purpose), where
 * base is a bb_stream_seed and index the case's place in its intake (a
 * mixing function, like bb_stream_seed). */
uint64_t bb_seq_key(uint64_t base, uint64_t index, unsigned purpose);

/* ---- calendar (calendar.c) ---- */
/* Office schedule: open on weekdays 1..5 from open_h to close_h. */
typedef struct bb_office {
    int start_day;        /* calendar day of t = 0 */
    double open_h, close_h;
} bb_office;
bool bb_office_is_open(const bb_office *o, double t);
double bb_office_next_open(const bb_office *o, double t);   /* >= t */
/* The time at which `work` open hours have passed after t. */
double bb_office_advance(const bb_office *o, double t, double work);
double bb_office_open_hours_per_year(const bb_office *o);

/* floor(x), without the libm call in the common case: for 0 <= x < 2^52
 * truncation is the floor and the result is exact (hot in the event
 * queue and the office calendar: every event's hour and day). */
static inline double bb_floor(double x)
{
    return x >= 0.0 && x < 4503599627370496.0 ? (double)(long long)x : floor(x);
}

/* ---- statistics (stats.c) ---- */
/* Quantile f of x[0..n), as gsl_stats_quantile_from_sorted_data defines
 * it (linear interpolation between order statistics), found with GSL's
 * selection in linear time instead of a sort. Reorders x; NAN if n is 0. */
double bb_quantile_select(double *x, size_t n, double f);
/* The same for nf quantiles f (ascending) of one array, into q. */
void bb_quantiles_select(double *x, size_t n, const double *f, int nf, double *q);

/* ---- event queue (engine.c) ---- */
/* 32 bytes: the queue moves events by value, so their size is its
 * memory traffic. */
typedef struct bb_event {
    double t;
    uint64_t seq;     /* insertion order: ties at equal t run FIFO */
    union {
        void *ptr;    /* the case, for case events */
        uint64_t bits; /* or 64 bits of payload (bb_queue_push_bits) */
    };
    uint32_t tag;     /* checked against the case when the event fires */
    uint16_t type;    /* plain fields, not bit-fields: writing one into a */
    int16_t arg;      /* cold bucket must not read the line first */
} bb_event;
#define BB_EVENT_TYPE_MAX 65535
#define BB_EVENT_ARG_MAX 32767

/* A bucket of events not yet in the heap (engine.c). */
typedef struct bb_bucket {
    bb_event *ev;
    size_t n, cap;
} bb_bucket;

/* A day of the ring: a chain of fixed-size blocks of events, taken from
 * and given back to the queue's free list (engine.c), so that a drained
 * day's memory serves the next day pushed to and nothing is copied or
 * newly touched once the ring has reached its size. Every block but the
 * last is full; the day itself says where its next event goes, so a
 * push reads no block (a block's header is a cache miss: read on every
 * push, it stalled the push's caller, exec_admit, at 10^6 pending
 * events; the event's own slot is only written). */
#define BB_BLOCK_EVENTS 63 /* a block of 2,048 bytes: 63 events and the header */
typedef struct bb_block {
    struct bb_block *next;
    uint32_t nblocks;        /* the first block of a day: the chain's length */
    char pad_[sizeof(bb_event) - sizeof(void *) - sizeof(uint32_t)];
    bb_event ev[BB_BLOCK_EVENTS];
} bb_block;
typedef struct bb_day {
    bb_block *head;          /* NULL when the day has no events */
    bb_event *slot, *end;    /* the last block's next free slot and its end
                                (both NULL without a block) */
} bb_day;

typedef struct bb_queue {
    bb_event *heap;   /* the pool: one array, grown by doubling */
    size_t n, cap;
    size_t count;     /* pending events, wherever they wait */
    uint64_t next_seq;
    size_t max;       /* the most pending events; 0: no bound */
    /* later events wait unsorted: in the hours of the current day, in
     * day buckets (a ring over the next 4096 days), then in `far`; they
     * enter the heap an hour at a time (engine.c) */
    long hfront;      /* the heap holds every event before hour `hfront` */
    bb_bucket today;  /* day front-1's events from the ring, sorted by hour
                         (today.cap is at least every ring day's
                         room: its blocks times BB_BLOCK_EVENTS) */
    size_t today_at[25]; /* hour k of that day: today.ev[today_at[k] ..] */
    uint64_t seq_day0; /* next_seq when that day began */
    bb_bucket hour[24]; /* pushed during day front-1 for a later hour of it */
    size_t nday;      /* events of day front-1 not yet in the heap */
    uint32_t hmask;   /* bit k: hour k of that day has some of them */
    bb_day *ring;
    long front;       /* the ring holds days from `front` on */
    size_t nring;     /* events in the ring */
    bb_bucket far;    /* events beyond the ring: a binary min-heap */
    long far_min;     /* the earliest hour in `far` */
    bb_block *free_blocks; /* drained days' blocks, for the next day's pushes */
} bb_queue;

void bb_queue_init(bb_queue *q);
void bb_queue_free(bb_queue *q);
size_t bb_queue_size(const bb_queue *q); /* pending events */
/* Returns 0, -1 out of memory (or a type outside 0..BB_EVENT_TYPE_MAX, an
 * arg outside +-BB_EVENT_ARG_MAX), -2 when q->max events are pending. */
int bb_queue_push(bb_queue *q, double t, int type, int arg, void *ptr,
                  uint32_t tag);
/* The same with 64 bits of payload in `bits` instead of ptr and tag. */
int bb_queue_push_bits(bb_queue *q, double t, int type, int arg, uint64_t bits);
/* bb_queue_push's common cases inline, for the model's push (its type
 * is a constant, so its check folds away): an event for a
 * later day of the ring whose last block has room, and one before the
 * heap's front hour (a sift up a heap of a few events). Everything else
 * (today's hour buckets, a day's next block, a bucket to grow, the far
 * heap, the bounds and the growth of the heap) is bb_queue_push's; the
 * slot and sequence an event gets are the same either way. */
#define BB_RING_DAYS 4096L /* days in the ring (engine.c) */
/* The heap's slot for a new event (t, seq), the heap grown by one and
 * the events after it sifted down; the caller fills it in (in place: an
 * event built on the stack and copied stalls on the copy). */
static inline bb_event *bb_heap_slot(bb_queue *q, double t, uint64_t seq)
{
    size_t i = q->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        const bb_event *x = &q->heap[p];
        if (!(t < x->t || (t == x->t && seq < x->seq)))
            break;
        q->heap[i] = *x;
        i = p;
    }
    return &q->heap[i];
}
static inline int bb_queue_push_inline(bb_queue *q, double t, int type, int arg, void *ptr,
                                       uint32_t tag)
{
    /* one unsigned compare a range (a variable arg, the arrival's
     * category, is not folded); max - 1 wraps to SIZE_MAX when there is
     * no bound (max 0) */
    if (!(t >= 0.0 && t < 1e15) || (unsigned)type > BB_EVENT_TYPE_MAX ||
        (unsigned)arg + BB_EVENT_ARG_MAX > 2u * BB_EVENT_ARG_MAX || q->max - 1 < q->count ||
        q->count + 1 > q->cap)
        return bb_queue_push(q, t, type, arg, ptr, tag);
    long h = (long)t; /* the floor: t is not negative */
    bb_event *e;
    if (h < q->hfront) {
        e = bb_heap_slot(q, t, q->next_seq);
    } else {
        unsigned long d = (unsigned long)h / 24;
        bb_day *b = q->ring ? &q->ring[d % BB_RING_DAYS] : NULL;
        if (h < 24 * q->front || d >= (unsigned long)(q->front + BB_RING_DAYS) || !b ||
            b->slot == b->end)
            return bb_queue_push(q, t, type, arg, ptr, tag);
        e = b->slot++;
        q->nring++;
    }
    e->t = t;
    e->seq = q->next_seq++;
    e->type = (uint16_t)type;
    e->arg = (int16_t)arg;
    e->ptr = ptr;
    e->tag = tag;
    q->count++;
    return 0;
}
int bb_queue_pop(bb_queue *q, bb_event *out); /* 0 when empty */
const bb_event *bb_queue_peek(bb_queue *q);   /* the next event, or NULL */

/* ---- scenario (the loader: scenario.c, sections.c) ---- */
enum bb_domain { BB_DECENTRAL = 0, BB_CENTRAL = 1 };
enum bb_when_full { BB_FULL_BORROW, BB_FULL_WAIT, BB_FULL_DOWNGRADE };

typedef struct bb_category {
    char name[BB_NAME], label[64];
    double rate_per_year, growth_per_year, acute_share, triage_close;
    double escalation_per_year;
    enum bb_domain domain;
    double level_p[BB_LEVELS];
    bool person;           /* a person (not an object): counts as protected person */
} bb_category;

/* How a unit's (pool's or provider's) FTE become capacity over time. */
typedef struct bb_workforce {
    bool on;                       /* a workforce group was given */
    bb_dist recruit_h, train_h;    /* vacancy to hire; hire to operational */
    double tranche_fte;            /* new FTE become operational in groups */
    double attrition_per_year;     /* share of operational FTE leaving */
} bb_workforce;

typedef struct bb_pool_spec {
    char name[BB_NAME], label[64];
    double fte;
    bool office;           /* office hours (else 24/7) */
    double duty_posts;     /* staff on 24/7 duty for acute work */
    bb_dist effort, acute_effort;  /* staff hours per case */
    double cost_per_fte_year;
    bb_workforce wf;
} bb_pool_spec;

typedef struct bb_provider_spec {
    char name[BB_NAME], label[64];
    double fte;
    bool from_basic;       /* its staff are drawn from the basic teams (the
                              Bewakingseenheid): their hours are regular
                              police work lost, an opportunity cost */
    bb_dist lead_time_h;   /* from assignment to measures in place */
    double cost_per_fte_year;
    double cost_per_measure;   /* EUR once per measure put in place */
    int budget_line;           /* of the per-measure cost; -1: none */
    bool shrink_to_fallback;   /* capacity below use: move cases out */
    bb_workforce wf;
    /* Regions (sim/regions.c): a regional provider is one provider per
     * region, named <family>_<region>; inst[r] is the provider that
     * serves region r in place of this one (itself for a national
     * provider, and for every provider of a scenario without regions). */
    char family[BB_NAME];      /* the name the scenario gives it */
    char flabel[64];           /* and its label */
    int fam;                   /* its family: the scenario's provider (the view's) */
    int region;                /* its region, -1 national */
    int inst[BB_MAX_REGIONS];
} bb_provider_spec;

/* A regional police unit (sim/regions.c). A scenario without a regions
 * section is one region, "all", holding the national figures. */
typedef struct bb_region {
    char name[BB_NAME], label[64];
    double demand_p;           /* the share of every category's cases (sums to 1) */
    double cap_share;          /* its share of split capacity (sums to 1) */
    double basic_cap_fte;      /* its basic teams' borrowing limit */
    double basic_acute_cap_fte;
    int nassist;               /* regions it may ask for assistance, in order */
    int assist[BB_MAX_REGIONS];
} bb_region;

/* Assistance between regions ("bijstand"): a case whose own region's
 * providers are full may be served by another region's, after a delay
 * and at a cost. */
typedef struct bb_assist {
    bool allowed;
    bb_dist delay_h;           /* added to the provider's lead time */
    double cost_per_measure;   /* EUR once per assisted measure */
    int budget_line;           /* -1: none */
} bb_assist;

typedef struct bb_budget_line {
    char name[BB_NAME], label[64];
    bool modelled;         /* false: the model spends nothing on it ("not modelled") */
    int first_year, nyears;
    double eur[BB_MAX_BUDGET_YEARS]; /* per year from first_year; the last repeats */
} bb_budget_line;

/* An FTE investment: new positions that go through the workforce
 * pipeline (or a cut, effective at once). */
typedef struct bb_invest {
    double t;
    int unit;                  /* 0..2 pools, BB_POOLS + provider */
    double delta;
    int line;                  /* budget line, -1: none */
    char label[48];
    char label_nl[64];         /* for the view's audience ("": none) */
    bool part;                 /* a later part of an entry split over regions */
} bb_invest;

/* A measure package: FTE held at one or more providers at once, all or
 * nothing (DKDB "met bijstand van de BSB": so many FTE at each). A part's
 * provider is an index, or BB_PROV_BASIC_ACUTE (the basic units' acute
 * response; interim measures only). */
#define BB_PROV_BASIC (-2)
#define BB_PROV_BASIC_ACUTE (-3)   /* the basic units' acute response (interim only) */
#define BB_MAX_PARTS 4
#define BB_MAX_OPTIONS 16
typedef struct bb_part { int provider; double fte; } bb_part;
typedef struct bb_option {
    bb_part part[BB_MAX_PARTS];
    int nparts;
    double fte;            /* of all parts together */
    bool continuous;       /* a 24/7 package: persons under continuous protection */
} bb_option;

/* The acute path: an interim measure (the first protective action) from
 * the first option with room, after a mobilisation delay, held until the
 * definitive package is in place or the decision is "no measures". */
typedef struct bb_interim {
    bb_option opt[BB_MAX_OPTIONS];
    int nopt;              /* 0: no interim measures */
    bb_dist mobilise_h;
} bb_interim;

/* Lead-time targets: per urgency (0 regular, 1 acute) and kind. */
enum bb_kind { BB_FIRST_ACTION = 0, BB_DEFINITIVE = 1, BB_KINDS };

typedef struct bb_level_spec {
    char label[64];
    bb_option opt[BB_MAX_OPTIONS];
    int nopt;
    enum bb_when_full when_full;
    bool repatriate;
    bool borrowed_is_package; /* borrowed officers doing the package's work count as its package */
    bb_dist duration_h;
    double review_h;                   /* 0: no reviews */
    bb_dist review_effort;             /* adviser hours */
    double transition[BB_LEVELS];      /* new level after a review */
} bb_level_spec;

typedef struct bb_surge {
    char name[64];
    char label_nl[64];
    double t0, t1;                       /* hours */
    double factor;
    bool cat[BB_MAX_CATEGORIES];
    int extra_cases, extra_level, extra_category;
} bb_surge;

typedef struct bb_planned {
    char name[64];
    char label_nl[64];
    int provider;
    int region;                          /* whose basic units and team; -1: every region's
                                            basic units by capacity share */
    int day0, day1;                      /* calendar days, inclusive */
    bool weekday[8];                     /* 1..7 */
    double fte;                          /* FTE held on a hearing day */
} bb_planned;

typedef struct bb_change {
    double t;
    bool is_pool;
    int index;
    double delta;
    char label[48];
    char label_nl[64];
    int elem;        /* index in the scenario's changes list (for messages) */
    bool part;       /* a later part of an entry split over regions */
} bb_change;

typedef struct bb_initial {
    int level, provider, category, count;
    int region;                          /* -1: spread by demand share */
} bb_initial;

/* The results schema of a scenario (model/results.c): the names and order
 * of its period columns and metric rows, built when it is loaded. */
typedef struct bb_schema bb_schema;
int bb_schema_build(bb_scenario *s);   /* 0, or -1 out of memory */
void bb_schema_free(bb_schema *sc);
/* The summary row of budget line `line` in calendar year `year`, or -1. */
int bb_schema_budget_row(const bb_scenario *s, int line, int year);

struct bb_scenario {
    config_t cfg;            /* the parsed file, after --set */
    config_t **aux;          /* configs whose file names cfg's settings use */
    int naux;                /* (sim/overlay.c) */
    char *path;
    char name[64];
    char title[96], title_nl[96];  /* for an audience (the view) */
    int start_day, end_day;
    double horizon_h, period_h, warmup_h;
    int replications;
    uint64_t seed;
    long max_events, max_open;
    double productive_hours;
    bb_office office;
    double target_h[2][BB_KINDS];  /* [acute][kind] */
    double growth_from_h;          /* categories grow from this time on */
    double growth_per_year;        /* of every category without its own */

    bb_category cat[BB_MAX_CATEGORIES];
    int ncat;
    bb_pool_spec pool[BB_POOLS];
    bb_dist decision_h, acute_decision_h;
    bb_provider_spec prov[BB_MAX_PROVIDERS];
    int nprov;
    /* the providers as the scenario names them (families): what the
     * view's API (bb_scenario_provider_*, bb_state, bb_sim_set_provider_fte,
     * bb_sim_invest) counts; a regional one is several providers above */
    int nfam, fam_first[BB_MAX_PROVIDERS], fam_n[BB_MAX_PROVIDERS];
    double basic_cap_fte, basic_cost_per_hour;
    double basic_acute_cap_fte;    /* for interim measures, beside cap_fte */
    int basic_budget_line;         /* pays borrowed hours in its years with budget; -1 none */
    bb_dist basic_mobilise_h;      /* borrowing: officers on site after */
    bb_region reg[BB_MAX_REGIONS]; /* at least one */
    int nreg;
    bool regional;                 /* the scenario has a regions section */
    bb_assist assist;
    bb_interim interim;
    bb_budget_line line[BB_MAX_LINES];
    int nlines;
    bb_invest invest[BB_MAX_INVEST];
    int ninvest;
    bb_level_spec level[BB_LEVELS];     /* 1..4 used */

    bb_surge surge[BB_MAX_SURGES];
    int nsurge;
    bb_planned planned[BB_MAX_PLANNED];
    int nplanned;
    bb_change change[BB_MAX_CHANGES];
    int nchange;
    bb_initial initial[BB_MAX_INITIAL];
    int ninitial;
    int backlog[BB_POOLS];
    bb_dist_table *dist_tables;  /* owned: quantile tables of the dists */
    bb_schema *schema;           /* owned: the results' columns and rows */
};

/* Does provider (instance) i ever have capacity in the scenario? */
int bb_provider_staffed(const bb_scenario *s, int i);

/* Regions (regions.c): the index of a region by name, or -1. */
int bb_region_index(const bb_scenario *s, const char *name);

/* Units: the three pools, then the providers (model/staffing.c). */
static inline int bb_nunits(const bb_scenario *s) { return BB_POOLS + s->nprov; }
const char *bb_unit_name(const bb_scenario *s, int u);
const bb_workforce *bb_unit_wf(const bb_scenario *s, int u);
double bb_unit_fte(const bb_scenario *s, int u);
double bb_unit_cost(const bb_scenario *s, int u);
/* Budget of a line in a calendar year (EUR; scenario.c). */
double bb_line_budget(const bb_budget_line *l, int year);

/* Bounds on the text libconfig is given (its parsing is quadratic in
 * string length and in members per group), checked by includes.c. */
#define BB_MAX_INPUT_BYTES (16 << 20) /* a scenario file with all its includes */
#define BB_MAX_STRING_BYTES 65536     /* one string (adjacent strings together) */
#define BB_MAX_MEMBERS 4096           /* settings of a group, elements of a list */
#define BB_MAX_NESTING 32             /* groups and lists inside each other */

/* Read the scenario file at path whole (it may be a FIFO or /dev/stdin)
 * and pre-check it and its @include targets (includes.c): targets
 * resolved as libconfig 1.5 does, under dirs[0] or else dirs[1]; not a
 * regular file, missing, a cycle, deeper than 10; integers that do not
 * fit; the bounds above; dirs tried in turn. Returns BB_OK with *text
 * (malloc'ed, *len bytes) and the include directory's index in *dir, or BB_ERR_INPUT /
 * BB_ERR_RUN (out of memory) with messages. */
int bb_scenario_read_checked(const char *path, const char *const *dirs, int ndirs, char **text,
                             size_t *len, int *dir, bb_errors *err);
/* The same check of one file with one include directory, for overlay.c.
 * Returns 0 or -1 (messages). */
int bb_check_includes(const char *path, const char *include_dir, bb_errors *err);

/* overlay.c: read path in parts when it sets again what its top-level
 * @includes set (each include, then its own settings laid over them),
 * with the include folders dirs tried in turn;
 * lay an overlay over s->cfg: arg "<FILE" (--with FILE: lists added to)
 * or "+LIST=ENTRY" (--add). Each returns 0 or -1 (message in err).
 * bb_overlay_free destroys the configs kept for their file names. */
int bb_overlay_read(bb_scenario *s, const char *path, const char *const *dirs, int ndirs,
                    bb_errors *err);
int bb_overlay_arg(bb_scenario *s, const char *arg, const char *incdir, bb_errors *err);
void bb_overlay_free(bb_scenario *s);
/* loaderr.c: " (a decimal comma? ...)" when line `line` of path has a
 * digit-comma-digit outside a string, else ""; the message for an
 * @include at file:line that none of dirs holds. */
const char *bb_decimal_comma_hint(const char *path, int line);
void bb_include_error(const char *file, int line, const char *const *dirs, int ndirs,
                      bb_errors *err);

/* Write a libconfig tree like config_write, but with every float exact
 * (cfgwrite.c). */
void bb_cfg_write(const config_setting_t *root, FILE *f);

/* Test hook (output.c): writes to files opened by bb_out_open from now
 * on fail with ENOSPC once `bytes` more bytes have been written, as on a
 * full disk; -1 turns it off. Not for front-ends; not thread-safe. */
void bb_out_fail_after(long bytes);

/* FTE of a 24/7 post under the scenario's productive hours (model/staffing.c). */
double bb_post_fte(const bb_scenario *s);
/* Staff on hand in a pool of `fte` FTE when it is open (model/staffing.c). */
int bb_pool_servers(const bb_scenario *s, const bb_pool_spec *p, double fte);

#endif
