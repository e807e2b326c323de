/*
 * bbsim.h - the public API of libbbsim, the B&B chain simulator.
 *
 * Everything a front-end (the bbsim CLI, the bbview window, the tests) may
 * use is declared here. The library never prints, never exits and never
 * aborts on user input: functions return a status and fill a bb_errors list
 * with messages shaped "file:line: path message". A front-end turns GSL's
 * process-wide abort-on-error handler off before it loads a scenario
 * (gsl_set_error_handler_off()), as bbsim and bbview do.
 *
 * Reading order: scenario (load, validate, override) -> sim (one
 * replication, stepped or run to a time) -> state readers (what the view
 * draws) -> results (metric rows per replication) -> experiment (many
 * replications, summary statistics) -> output (CSV files, written
 * atomically) -> sizing (the cheapest plan that meets targets).
 */
#ifndef BBSIM_H
#define BBSIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The release number; bb_version() adds the commit it was built from
 * (git describe at build time, sim/version.c), e.g. "0.1.0-180-g40dbc83". */
#define BB_VERSION "0.1.0"
const char *bb_version(void);

/* Exit codes shared by every front-end (interface.md). */
#define BB_OK 0
#define BB_ERR_RUN 1      /* I/O, out of memory, a runtime bound hit */
#define BB_ERR_INPUT 2    /* usage or scenario error */

/* Units of time and money used across the library and its front-ends.
 * A calendar year is 365.25 days (rates per year, FTE-years, growth); a
 * 24/7 post is staffed 365 x 24 hours a year. The default cost of an FTE
 * is the police's all-in cost per FTE (docs/assumptions.md: EUR 6.6 bn /
 * 63.2 k FTE, 2022). */
#define BB_HOURS_PER_YEAR 8766.0
#define BB_HOURS_POST_YEAR 8760.0
#define BB_DEFAULT_COST_PER_FTE 104000.0

/* Fixed structure of the chain. */
#define BB_LEVELS 5       /* threat level 0 (no measures) .. 4 (highest) */
#define BB_MAX_CATEGORIES 16
#define BB_MAX_PROVIDERS 32 /* after a regional provider is one per region */
#define BB_MAX_REGIONS 12  /* regional police units (the Netherlands has ten) */

/* The staffed stages in front of execution (each a pool of advisers). */
enum bb_stage {
    BB_STAGE_INFORMATION = 0,   /* information gathering */
    BB_STAGE_ADVICE_DECENTRAL,  /* assessment + advice, police/OM */
    BB_STAGE_ADVICE_CENTRAL,    /* assessment + advice, NCTV (Rijksdomein) */
    BB_STAGE_DECISION,          /* decision delay by the authority (no pool) */
    BB_STAGE_EXECUTION,         /* decided, waiting for a provider */
    BB_STAGES
};
#define BB_POOLS 3 /* the first three stages are staffed pools */

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* A growing list of messages. Every message is one line without '\n',
 * at most BB_MAX_MSG bytes (a longer one keeps its start and its end);
 * after BB_MAX_ERRORS messages the rest are counted in `dropped`. */
#define BB_MAX_ERRORS 1000
#define BB_MAX_MSG 4096
typedef struct bb_errors {
    char **msg;
    int n, cap;
    int dropped;
} bb_errors;

/* Copy src to dst (n bytes) with control characters and DEL shown
 * escaped (\n, \r, \t, \xNN: an ANSI escape becomes \x1b): user text
 * made safe to print on one line. Returns the length written. */
size_t bb_escape(char *dst, size_t n, const char *src);

void bb_errors_init(bb_errors *e);
void bb_errors_free(bb_errors *e);
void bb_errors_add(bb_errors *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* Scenario                                                            */
/* ------------------------------------------------------------------ */

typedef struct bb_scenario bb_scenario;
typedef struct bb_metric bb_metric; /* one summary figure (below) */

/*
 * Load and validate a scenario file. `sets` holds `nsets` strings
 * "PATH=VALUE" applied before validation (an unknown PATH is an error),
 * in order; also "<FILE" (an overlay file, --with FILE: its settings
 * replace, its list entries are added) and "+LIST=ENTRY" (--add: one
 * entry added to investments, surges, changes or planned). A file that
 * sets again what its top-level @include set overrides it. @include is
 * looked for beside the file, in ./scenarios and in
 * $BBSIM_DATADIR/scenarios.
 * All errors are collected in `err`; on any error the function returns
 * BB_ERR_INPUT and *out is NULL. On success returns BB_OK.
 */
int bb_scenario_load(const char *path, const char *const *sets, int nsets,
                     bb_scenario **out, bb_errors *err);
void bb_scenario_free(bb_scenario *s);

/* An investment added to a scenario as it is loaded: one more entry at
 * the end of its `investments` list (bbsim size's dated levers), read,
 * checked and written by bb_scenario_write like the file's own. */
typedef struct bb_investment {
    const char *date;         /* "YYYY-MM-DD" */
    const char *unit;         /* the pool's or provider's name */
    int is_pool;              /* 1: `pool = unit`, 0: `provider = unit` */
    double delta_fte;
    const char *budget_line;  /* NULL: none */
    const char *label;        /* NULL: the loader's default */
} bb_investment;
/* bb_scenario_load, with `ninv` investments added after the --sets. */
int bb_scenario_load_with(const char *path, const char *const *sets, int nsets,
                          const bb_investment *inv, int ninv, bb_scenario **out, bb_errors *err);

/* Write the scenario as run (after --set), with run.seed and
 * run.replications set to what was used and the version in a comment, so
 * that `bbsim run scenario.cfg` reproduces it. Returns 0 or -1. */
int bb_scenario_write(bb_scenario *s, FILE *f, uint64_t seed, int reps);

/* The scenario as self-contained text (includes resolved, --set and
 * added investments applied, every number exact), malloc'ed, and a
 * scenario loaded back from such text: its replications are the same
 * bytes (another process runs the same scenario; scenario_text.c).
 * Return 0 or -1; BB_OK or BB_ERR_INPUT/BB_ERR_RUN (messages in err). */
int bb_scenario_text(const bb_scenario *s, char **text, size_t *len);
int bb_scenario_load_text(const char *text, size_t len, bb_scenario **out, bb_errors *err);

const char *bb_scenario_name(const bb_scenario *s);
/* The scenario's title in words for an audience: the top-level `title_nl`
 * (nl != 0) or `title`; the one given when only one is, else the name. */
const char *bb_scenario_title(const bb_scenario *s, int nl);
int bb_scenario_replications(const bb_scenario *s);
uint64_t bb_scenario_seed(const bb_scenario *s);
double bb_scenario_horizon_hours(const bb_scenario *s);
double bb_scenario_period_hours(const bb_scenario *s);
int bb_scenario_start_day(const bb_scenario *s); /* days since 1970-01-01 */
int bb_scenario_provider_count(const bb_scenario *s);
const char *bb_scenario_provider_name(const bb_scenario *s, int i);
const char *bb_scenario_provider_label(const bb_scenario *s, int i);
int bb_scenario_category_count(const bb_scenario *s);
const char *bb_scenario_category_name(const bb_scenario *s, int i);
/* The target of the definitive package (hours from intake) for acute or
 * regular cases; bb_scenario_target also of the first protective action. */
double bb_scenario_target_hours(const bb_scenario *s, int acute);
double bb_scenario_target(const bb_scenario *s, int acute, int first_action);

/* The results schema: what every replication of the scenario reports,
 * known without running one. The period columns of timeseries.csv (after
 * scenario,rep,date) and the metric rows of summary.csv (metric and
 * group; value NAN), in the order bb_sim_period_row and bb_sim_metrics
 * give them. Owned by the scenario. */
int bb_scenario_period_columns(const bb_scenario *s, const char *const **names);
int bb_scenario_metric_rows(const bb_scenario *s, const bb_metric **rows);
/* For a period column whose values are names (the weekly bottleneck):
 * the name of value v; NULL for a numeric column. */
const char *bb_scenario_column_label(const bb_scenario *s, int col, double v);
/* For a period column of one region (a scenario with a regions section:
 * regions.csv, not timeseries.csv): 1, with the region's name and the
 * metric's; 0 for a national column. */
int bb_scenario_column_region(const bb_scenario *s, int col, const char **region,
                              const char **metric);
/* The regions of a scenario: 0 without a regions section. */
int bb_scenario_region_count(const bb_scenario *s);

/* Scheduled happenings of a scenario (surges, planned demand, FTE
 * changes) for marking a time axis. Returns the count; fills up to max. */
typedef struct bb_marker {
    double t;             /* hours since start */
    char kind;            /* 's' surge, 'p' planned demand, 'f' FTE change,
                             'i' investment (positions funded) */
    char label[48];
    char label_nl[64];    /* the entry's `label_nl` ("" when it has none) */
    int ref;              /* the entry's index among those of its kind; for
                             'i' the investment id of bb_sim_invest_arrival */
} bb_marker;
int bb_scenario_markers(const bb_scenario *s, bb_marker *out, int max);

/* Does provider i ever have capacity in the scenario: FTE at the start,
 * an investment or change that adds FTE, or planned demand on it? */
int bb_scenario_provider_staffed(const bb_scenario *s, int i);
/* The budget of the modelled budget lines (those the model charges)
 * over [t0, t1) hours since start: each calendar year's budget in
 * proportion to the days of that year in the window (EUR). */
double bb_scenario_budget(const bb_scenario *s, double t0, double t1);

/* ------------------------------------------------------------------ */
/* Calendar helpers (pure)                                             */
/* ------------------------------------------------------------------ */

/* Parse "YYYY-MM-DD" into days since 1970-01-01. Returns 0 or -1. */
int bb_date_parse(const char *s, int *days);
/* Format days since 1970-01-01 as "YYYY-MM-DD" (buf >= 11 bytes). */
void bb_date_format(int days, char *buf);
/* ISO weekday 1 (Monday) .. 7 (Sunday). */
int bb_date_weekday(int days);
/* Calendar year of a day number. */
int bb_date_year(int days);

/* ------------------------------------------------------------------ */
/* One replication                                                     */
/* ------------------------------------------------------------------ */

typedef struct bb_sim bb_sim;

/* Create replication `rep` of scenario `s` with master seed `seed`.
 * Returns NULL on out-of-memory. The scenario must outlive the sim. */
bb_sim *bb_sim_new(const bb_scenario *s, uint64_t seed, int rep);
void bb_sim_free(bb_sim *sim);

/* Status of the run loop. */
enum bb_run_status {
    BB_RUN_MORE = 0,     /* stopped at the requested time or event count */
    BB_RUN_DONE = 1,     /* reached the horizon */
    BB_RUN_LIMIT = -1,   /* a stated bound was hit (see bb_sim_error) */
};

/* Run events up to and including time t (hours since start), or to the
 * horizon, whichever comes first. */
int bb_sim_run_until(bb_sim *sim, double t);
/* Run at most n events. */
int bb_sim_step(bb_sim *sim, long n);
/* Run to the horizon. */
int bb_sim_run(bb_sim *sim);
const char *bb_sim_error(const bb_sim *sim);

double bb_sim_now(const bb_sim *sim);           /* hours since start */
/* Recount the replication's bookkeeping from scratch (protection
 * counters, pending lists, what every provider and the basic units hold)
 * and compare with what it keeps: a consistency check for tests and
 * fuzzing, a pass over every case. Returns 0, or -1 with the first
 * disagreement in why (n bytes). */
int bb_sim_check(const bb_sim *sim, char *why, size_t n);
double bb_sim_horizon(const bb_sim *sim);
uint64_t bb_sim_events(const bb_sim *sim);      /* events executed */

/* Called at the end of every period (week by default), before the period
 * accumulators reset. Use bb_sim_period_row() inside it. */
typedef void (*bb_period_fn)(bb_sim *sim, void *ud);
void bb_sim_on_period(bb_sim *sim, bb_period_fn fn, void *ud);

/* Providers here (and in bb_scenario_provider_*, bb_state) are the
 * scenario's: a regional provider is one, its FTE split over the regions
 * by capacity share (the outputs show each region's).
 * Change the FTE of a pool (0..BB_POOLS-1) or provider from now on. The
 * change is logged as a marker. Returns 0, or -1 for a bad index/value. */
int bb_sim_set_pool_fte(bb_sim *sim, int pool, double fte);
int bb_sim_set_provider_fte(bb_sim *sim, int provider, double fte);

/* An investment from now on, like a scenario's `investments` entry
 * without a budget line: unit 0..BB_POOLS-1 is a pool, BB_POOLS + i
 * provider i. New positions (delta_fte > 0) go through the unit's
 * workforce pipeline (recruitment, training, tranches); a cut takes
 * operational FTE at once. Returns the investment's id (the scenario's
 * investments are 0 .. n-1 in file order, these follow), or -1 for a bad
 * unit or value, a finished run, or more than 512 of them. */
int bb_sim_invest(bb_sim *sim, int unit, double delta_fte);
/* When the first FTE of investment `id` became operational (hours since
 * start; a cut: its time), or -1 when none is yet (or a bad id). */
double bb_sim_invest_arrival(const bb_sim *sim, int id);

/* ------------------------------------------------------------------ */
/* State readers (what the view draws)                                 */
/* ------------------------------------------------------------------ */

typedef struct bb_state {
    double t;                           /* hours since start */
    int day;                            /* calendar day (days since 1970) */
    int queue[BB_STAGES];               /* cases waiting per stage */
    int in_service[BB_STAGES];          /* cases being worked on */
    double pool_fte[BB_POOLS];
    int pool_servers[BB_POOLS];         /* staff on hand when open */
    int n_providers;
    double prov_capacity[BB_MAX_PROVIDERS]; /* FTE */
    double prov_used[BB_MAX_PROVIDERS];     /* FTE held by measures + plans */
    int prov_cases[BB_MAX_PROVIDERS];
    double borrowed_fte;                /* held from basic units now */
    double borrowed_acute_fte;          /* of it for interim measures (the rest for
                                           packages and planned demand) */
    double borrow_limit_fte;            /* what the basic units release at most */
    double borrow_acute_limit_fte;      /* ... and beside it for interim measures */
    double borrow_unmet_fte;            /* what waiting cases would borrow beyond it */
    double borrowed_fte_years;          /* since start */
    int active_by_level[BB_LEVELS];     /* cases with measures in place */
    int protected_now;                  /* measures in place (any kind) */
    int waiting_unprotected;            /* decided, nothing in place */
    int unprotected_needing;            /* needing measures (decided or not), nothing in place */
    int downgraded;                     /* in place, lighter than decided */
    int interim_now;                    /* acute cases under an interim measure only */
    int interim_waiting;                /* acute cases waiting for an interim measure */
    int continuous_persons;             /* persons in a continuous (24/7) package */
    long due[2], within[2];             /* cases whose target time has passed, and of
                                           those reached in time: [0] first action,
                                           [1] definitive package (since start) */
    long arrived, decided, protected_total, within_target;
    double lead_p50_h, lead_p90_h;      /* lead time to protection, median and p90,
                                           of the cases protected in the last period
                                           that had any (0 before the first) */
    double cost_to_date;                /* EUR, cash */
    double opportunity_to_date;         /* EUR, regular police hours given to guarding */
    double cost_year;                   /* EUR this calendar year */
    double line_cost_year;              /* EUR charged to budget lines this year */
    double line_budget_year;            /* EUR budget of all lines this year */
    double line_cost_to_date;           /* EUR charged to budget lines since start
                                           (accrued to the last period) */
    double pool_pipeline_fte[BB_POOLS]; /* recruiting + in training */
    double prov_pipeline_fte[BB_MAX_PROVIDERS];
} bb_state;

void bb_sim_state(const bb_sim *sim, bb_state *st);

/* The last completed period as named columns (for timeseries.csv). The
 * column names are fixed for a scenario; values are finite. */
int bb_sim_period_columns(const bb_sim *sim, const char ***names);
const double *bb_sim_period_row(const bb_sim *sim);
/* The name a label column (the bottleneck) holds in the last period's
 * row; NULL for a numeric column. */
const char *bb_sim_period_label(const bb_sim *sim, int col);

/* ------------------------------------------------------------------ */
/* Results of a replication                                            */
/* ------------------------------------------------------------------ */

/* One summary figure: metric name, group (e.g. "acute", "dkdb", "all")
 * and its value for this replication. Rows come in a fixed order that
 * depends only on the scenario's structure. */
struct bb_metric {
    const char *metric;  /* static or scenario-owned string */
    char group[40];
    int year;            /* 0: the whole run (summary.csv); else yearly.csv */
    double value;
};

/* True for the metrics and period columns whose value is undefined
 * (NAN, written as an empty CSV field) when no case of that kind was
 * seen: lead times, waits, utilisation, shares (docs/outputs.md). */
int bb_metric_may_be_undefined(const char *name);

/* After the run: fill the metric rows; returns their count. *rows is
 * owned by the sim. */
int bb_sim_metrics(bb_sim *sim, const bb_metric **rows);

/* ------------------------------------------------------------------ */
/* Summary over replications                                           */
/* ------------------------------------------------------------------ */

typedef struct bb_summary bb_summary;
bb_summary *bb_summary_new(void);
void bb_summary_free(bb_summary *s);
/* Add one replication's metric rows; returns 0 or -1 (out of memory or
 * rows whose structure differs from the first replication). */
int bb_summary_add(bb_summary *s, const bb_metric *rows, int n);
int bb_summary_rows(const bb_summary *s);
int bb_summary_reps(const bb_summary *s);
/* Mean and 95% interval of row i, in the metric's range (bb_metric_ci);
 * ci are NAN when reps < 2. Never allocates (the buffer it uses was made
 * by bb_summary_add), so it cannot fail; one thread at a time per summary. */
void bb_summary_get(const bb_summary *s, int i, const char **metric,
                    const char **group, double *mean, double *lo, double *hi);
/* The value of row i in replication r. */
double bb_summary_value(const bb_summary *s, int i, int r);
/* Row i's names, without computing its interval; its year (0: the
 * whole run, a summary.csv row; else a yearly.csv row). */
void bb_summary_names(const bb_summary *s, int i, const char **metric, const char **group);
int bb_summary_year(const bb_summary *s, int i);
/* The number of replications in which row i is defined (finite). */
int bb_summary_defined(const bb_summary *s, int i);

/* Mean and 95% t confidence interval of n values (GSL t quantile). */
void bb_mean_ci(const double *x, int n, double *mean, double *lo, double *hi);
/* Mean and 95% interval of n values of a metric, in the metric's range
 * (docs/outputs.md): a share (name ending in _share) gets a Wilson score
 * interval with the t quantile and the effective sample size
 * p(1-p)/se^2, always within [0, 1]; every other metric row is a count,
 * time, FTE or cost and its interval is the t interval cut at 0 (unless
 * a value is negative: a signed metric keeps its t interval). */
void bb_metric_ci(const char *metric, const double *x, int n, double *mean, double *lo,
                  double *hi);

/* ------------------------------------------------------------------ */
/* Output: atomic files                                                */
/* ------------------------------------------------------------------ */

/* An output file written under a temporary name in the same directory
 * and renamed into place by bb_out_commit. */
typedef struct bb_out {
    FILE *f;
    char *path, *tmp;
    void *priv;   /* output.c's: the descriptor and its first write error */
    int dialect;  /* BB_CSV_PLAIN; BB_CSV_NL (set after bb_out_open): the
                   * CSV written is rewritten for Dutch Excel on commit */
} bb_out;

/* CSV dialects: plain (',' and '.', for R and pandas) and Dutch Excel
 * (';', decimal comma, UTF-8 with BOM; sim/csvnl.c). */
enum { BB_CSV_PLAIN = 0, BB_CSV_NL = 1 };
/* Copy plain CSV from in to out in the Dutch dialect. Returns 0 or -1. */
int bb_csv_to_nl(FILE *in, FILE *out);

/* Opens a fresh dir/.NAME.PID.RANDOM.tmp (O_EXCL|O_NOFOLLOW); first
 * removes such temporaries of NAME left by processes that no longer
 * exist (killed runs). Open outputs from one thread. */
int bb_out_open(bb_out *o, const char *dir, const char *name, bb_errors *err);
/* Commit a set of outputs (entries never opened are skipped): flush and
 * fsync every one; only when all succeeded and every final name is free,
 * a regular file or a symlink, rename them all into place. Either way
 * the entries are freed and what was not renamed is removed. Returns 0
 * or -1 (messages, naming the file and the reason). */
int bb_out_commit_set(bb_out *f, int n, bb_errors *err);
int bb_out_commit(bb_out *o, bb_errors *err); /* a set of one */
void bb_out_abort(bb_out *o);                 /* remove the temporary */
/* Remove every temporary that exists now and let no commit rename
 * after this (for a front-end interrupted by a signal, from an ordinary
 * thread, not a signal handler; it waits for a set being renamed to be
 * whole). Returns the number removed. */
int bb_out_remove_temporaries(void);
/* Create a directory and its parents. Returns 0 or -1 (message in err). */
int bb_mkdirs(const char *dir, bb_errors *err);

/* CSV helpers: numbers with %.10g (no NaN/inf: empty field instead),
 * strings quoted when needed. */
void bb_csv_num(FILE *f, double v);
/* n numbers, each after a comma: ",v0,v1,..." */
void bb_csv_nums(FILE *f, const double *v, int n);
void bb_csv_str(FILE *f, const char *s);

/* Write budget.csv rows: per budget line and calendar year, the budget
 * against the simulated cash cost (mean and 95% interval) and the gap;
 * lines the model does not simulate as "not modelled" (no cost, outside
 * the total of the modelled lines); then the opportunity cost (regular
 * police hours given to guarding) beside them, never added in. */
void bb_budget_write(FILE *f, const bb_summary *s, const bb_scenario *sc,
                     const char *scenario, int header);
int bb_scenario_budget_lines(const bb_scenario *s);

/* Write summary.csv rows for one scenario (header if `header`): the
 * whole run's rows. */
void bb_summary_write(FILE *f, const bb_summary *s, const char *scenario,
                      int header);
/* Write yearly.csv rows: scenario,year,metric,group,mean,ci_low,ci_high,reps. */
void bb_yearly_write(FILE *f, const bb_summary *s, const char *scenario, int header);

/* ------------------------------------------------------------------ */
/* Experiments: many replications on many threads (experiment.c)       */
/* ------------------------------------------------------------------ */

/*
 * A batch runs replications of one or more units (a unit is a scenario
 * with its master seed) on worker threads and hands every result to the
 * caller's thread in a fixed order, so results do not depend on the
 * number of threads. Units with the same `group` run in lockstep (the
 * scenarios of a comparison: replication r of every unit before r + 1);
 * groups are contiguous in the unit array and run one after the other.
 * At most threads + 4 replications are in flight or waiting to be handed
 * over, so memory stays bounded whatever the number of replications.
 *
 * Each group runs max_reps replications, or, when `enough` is given,
 * stops earlier: after min_reps and after every further `batch`
 * replications (all of them complete, in replication order) `enough` is
 * asked whether the group has enough. Replications started beyond the
 * stopping point are dropped, never handed over.
 *
 * The scenarios are only read; every replication has its own bb_sim.
 */
typedef struct bb_unit {
    const bb_scenario *s;
    uint64_t seed;
    int group;          /* 0, 1, ...: contiguous and non-decreasing */
    int min_reps, max_reps; /* of the unit's group (read from its first unit) */
} bb_unit;

/* What a replication hands back (valid only during the callback). */
typedef struct bb_job_result {
    int unit, group, rep;
    const bb_metric *rows;  /* the replication's metric rows */
    int nrows;
    uint64_t events;
    const char *text;       /* BB_KEEP_TEXT: its timeseries.csv rows */
    size_t text_len;
    double *periods;        /* BB_KEEP_PERIODS: nperiods x ncols values, */
    int nperiods, ncols;    /* row-major; the callback may take it and set */
                            /* the pointer to NULL (then it must free() it) */
} bb_job_result;

typedef struct bb_progress {
    long jobs_done, jobs_total; /* total: an upper bound while groups may stop early */
    int groups_done, groups;
    uint64_t events;            /* events of the replications done */
    double elapsed_s;
} bb_progress;

#define BB_KEEP_TEXT 1u     /* format each period row as a timeseries.csv line */
#define BB_KEEP_PERIODS 2u  /* keep each period row as numbers (for bands) */

typedef struct bb_batch {
    const bb_unit *units;
    int nunits;
    int threads;            /* >= 1 */
    int batch;              /* replications between `enough` questions (>= 1) */
    unsigned keep;          /* BB_KEEP_* */
    /* BB_KEEP_TEXT: the timeseries columns after scenario,rep,date (NULL:
     * the unit's own); a unit's column missing here is left out, a column
     * the unit lacks is written empty. */
    const char *const *ts_cols;
    int nts_cols;
    /* Called in the caller's thread for each replication in order: by
     * group, then replication, then unit. Return 0, or -1 to stop the
     * batch (put the reason in err). */
    int (*consume)(void *ud, bb_job_result *r, bb_errors *err);
    /* Optional: does `group` have enough after `reps` replications? */
    int (*enough)(void *ud, int group, int reps);
    /* Optional: called in the caller's thread about every
     * progress_every_s seconds and once at the end. */
    void (*progress)(void *ud, const bb_progress *p);
    double progress_every_s;
    void *ud;
    /* Optional: run the jobs through this executor (below) instead of
     * on `threads` threads; NULL: the process's (bb_batch_set_remote),
     * if any. */
    const struct bb_remote *remote;
} bb_batch;

/* Run a batch. Returns BB_OK, or BB_ERR_RUN with the reason in err (a
 * replication hit a stated bound, out of memory, or consume failed). */
int bb_batch_run(const bb_batch *b, bb_errors *err);

/* ---- jobs run elsewhere: the hook of bbsim-mpi (mpi/) ---- */

/*
 * What one job (replication `rep` of a unit) produces, as bb_batch_run
 * keeps it until it is handed over in job order; every pointer is
 * malloc'ed. A job's output depends only on (unit's scenario, seed, rep)
 * and the batch's keep and ts_cols, never on where it ran: this is what
 * another process sends back (docs/mpi.md: its size).
 */
typedef struct bb_job_output {
    bb_metric *rows;        /* nrows, in the order of bb_scenario_metric_rows */
    int nrows;
    uint64_t events;
    char *text;             /* BB_KEEP_TEXT: its timeseries.csv rows */
    size_t text_len;
    double *periods;        /* BB_KEEP_PERIODS: nperiods x ncols, row-major */
    int nperiods, ncols;
    int capperiods;         /* rows allocated in periods */
    char error[320];        /* non-empty: the job failed (this is the message) */
} bb_job_output;

/* Run one job of batch b in this process and thread, exactly as a worker
 * thread of bb_batch_run does (b's units, keep and ts_cols are used; its
 * callbacks are not). `out` is cleared first. */
void bb_job_run(const bb_batch *b, int unit, int rep, bb_job_output *out);
/* Free what an output holds and zero it. */
void bb_job_output_clear(bb_job_output *o);

/*
 * An executor for a batch's jobs: `workers` threads of bb_batch_run each
 * hand their job to `run` (no lock held), which returns when the job's
 * output is filled, wherever the job ran (in this process or another).
 * The ring, the job order, the window of threads + 4 jobs, --precision's
 * stopping and dropping are bb_batch_run's as without it, so the outputs
 * are the same bytes. A failure (the job's, or of the process that ran
 * it) is put in out->error; the batch then stops with it.
 *
 * begin is called in the caller's thread before any job (e.g. to send
 * the units to other processes; 0, or -1 with the reason in err), end
 * after the last worker has returned.
 */
typedef struct bb_remote {
    int workers;            /* < 1: not used, jobs run on b->threads threads */
    int (*begin)(void *ud, const bb_batch *b, bb_errors *err);
    void (*run)(void *ud, int worker, int unit, int rep, bb_job_output *out);
    void (*end)(void *ud);
    void *ud;
} bb_remote;

/* The executor of every batch whose own `remote` is NULL (NULL: none).
 * Set by a front-end's main() before any batch runs, not while one does;
 * the executor must outlive every batch. */
void bb_batch_set_remote(const bb_remote *r);

/* The timeseries columns of a scenario (after scenario,rep,date), or the
 * union over several in order of first appearance. *names is malloc'ed
 * (free with bb_names_free). Returns the count, or -1. */
int bb_period_columns_union(const bb_scenario *const *s, int n, char ***names);
void bb_names_free(char **names, int n);

/* ---- comparing summaries ---- */

/* Row index of (metric, group) of the whole run in a summary, or -1;
 * of a year's row. */
int bb_summary_find(const bb_summary *s, const char *metric, const char *group);
int bb_summary_find_year(const bb_summary *s, const char *metric, const char *group, int year);
/* Half-width of the 95% interval of row i (NAN with fewer than 2 values). */
double bb_summary_halfwidth(const bb_summary *s, int i);
/* Paired difference b[ib] - a[ia] per replication, over the replications
 * where both are defined: mean and 95% t interval (NAN when undefined).
 * Returns the number of pairs. */
int bb_paired_diff(const bb_summary *a, int ia, const bb_summary *b, int ib,
                   double *mean, double *lo, double *hi);
/* summary.csv of a comparison: the usual columns for every scenario's
 * rows, plus diff_mean,diff_ci_low,diff_ci_high,diff_significant: the
 * paired difference against the first scenario, matched by (metric,
 * group); empty for the first scenario and for unmatched rows. */
void bb_compare_write(FILE *f, bb_summary *const *sums, const char *const *names, int n);
/* yearly.csv of a comparison: the same, per year. */
void bb_compare_yearly_write(FILE *f, bb_summary *const *sums, const char *const *names, int n);

/* ---- bands: percentiles of the period rows over replications ---- */

/* Every replication's period rows (periods x columns x reps doubles),
 * the first ones in memory up to a bound (64 MiB), the later ones in an
 * unnamed temporary file ($TMPDIR or /tmp), so memory does not grow with
 * the replications; writes, per period and column, the mean and the 5th
 * and 95th percentiles over the replications (exact, as GSL's quantiles
 * of the sorted values). The same bytes wherever the rows were kept. */
typedef struct bb_bands bb_bands;
bb_bands *bb_bands_new(const bb_scenario *s); /* its period columns */
void bb_bands_free(bb_bands *b);
/* Bytes of rows kept in memory before the temporary file is used (tests). */
void bb_bands_memory(bb_bands *b, size_t bytes);
/* Add one replication's rows (nperiods x ncols, column 0 is t_days);
 * takes ownership of `rows` (freed with free()). Returns 0, or -1 with
 * the reason in bb_bands_error (out of memory, the temporary file). */
int bb_bands_add(bb_bands *b, double *rows, int nperiods, int ncols);
/* Columns: scenario,date,t_days,column,mean,p05,p95,reps. Returns 0, or
 * -1 with the reason in bb_bands_error. */
int bb_bands_write(FILE *f, bb_bands *b, const char *scenario, int start_day, int header);
const char *bb_bands_error(const bb_bands *b);
int bb_bands_spilled(const bb_bands *b); /* replications in the temporary file */

/* ------------------------------------------------------------------ */
/* Sizing: the cheapest plan of FTE that meets targets (sizing.c)      */
/* ------------------------------------------------------------------ */

/*
 * bbsim size: targets on metric rows (METRIC[/GROUP][@YEAR] <= or >=
 * VALUE), levers on a pool's or provider's FTE (from the start, or as an
 * investment at a date through the unit's workforce pipeline) in steps up
 * to a maximum. The search (docs/sizing.md) adds the step that removes
 * the most of the remaining shortfall per euro a year, judged on common
 * random numbers, until every target holds at the stated confidence
 * (one-sided bound); confirms the plan on fresh streams with twice the
 * replications (and searches on if that fails); then trims every step
 * whose removal keeps every target, again confirmed. Replications run in
 * batches (bb_batch_run): the same plan for any number of threads.
 */
#define BB_SIZE_MAX_TARGETS 32
#define BB_SIZE_MAX_LEVERS 16
#define BB_SIZE_DEFAULT_STEPS 50   /* a lever without MAX may take this many steps */
#define BB_SIZE_CONFIRMATIONS 4    /* confirmations before the search gives up */

typedef struct bb_size_target {
    char arg[160];          /* as given (messages, size.csv) */
    char metric[64];
    char group[40];         /* "" until bb_size_check: "all" or the only group */
    int year;               /* 0: the whole run (summary.csv); else yearly.csv */
    int ge;                 /* 1: METRIC >= VALUE; 0: METRIC <= VALUE */
    double value;
} bb_size_target;

typedef struct bb_size_lever {
    char arg[200];          /* as given */
    char path[160];         /* pools.NAME.fte or providers.NAME.fte */
    char date[11];          /* "": from the start (--set); else an investment at DATE */
    double step, max;       /* max NAN: not given (start + BB_SIZE_DEFAULT_STEPS steps) */
    /* set by bb_size_check */
    char unit[40];          /* the pool or provider */
    int is_pool;
    double start;           /* the value before any step: the fte, or 0 (investment) */
    double cost_per_fte_year;
    int nsteps;             /* steps up to the maximum */
} bb_size_lever;

/* Parse METRIC[/GROUP][@YEAR]{<=|>=}VALUE and PATH[@DATE]:STEP[:MAX].
 * Return 0 or -1 (message in err, naming the argument). */
int bb_size_parse_target(const char *arg, bb_size_target *t, bb_errors *err);
int bb_size_parse_lever(const char *arg, bb_size_lever *l, bb_errors *err);

/* The value of one target in one plan, over its replications: the mean
 * and the interval at 2 x confidence - 1, so that its relevant end (hi for
 * <=, lo for >=) is the one-sided bound at the confidence. Also used for
 * paired differences. */
typedef struct bb_size_value {
    double mean, lo, hi;
    int n;                  /* replications in which it is defined */
    int holds;              /* the bound meets the target (values only) */
} bb_size_value;

/* One evaluated plan, for the caller (size.csv). Valid during the call. */
typedef struct bb_size_eval {
    const char *phase;      /* start, step, jump, joint, confirm, trim, trim-confirm */
    int round;              /* steps accepted so far */
    const int *steps;       /* the plan: steps per lever */
    const int *from;        /* the plan it moves from (NULL: start, confirm) */
    double cost;            /* EUR a year of the plan's added FTE */
    uint64_t seed;
    int reps;
    const bb_size_value *value; /* per target */
    const bb_size_value *diff;  /* per target, paired against `from` (NULL: none) */
    double gain;            /* shortfall removed, each target's counted as a share of its scale */
    double score;           /* gain per million EUR a year */
    int accepted;
    long reps_run;          /* replications run so far */
} bb_size_eval;

typedef struct bb_size_spec {
    const char *path;                 /* the scenario file */
    const char *const *sets;          /* its --set PATH=VALUE */
    int nsets;
    bb_size_target *targets;
    int ntargets;
    bb_size_lever *levers;
    int nlevers;
    double confidence;                /* of the one-sided bounds, in [0.5, 1) */
    int reps;                         /* replications of a plan in the search, >= 2 */
    uint64_t seed;                    /* of the search; confirmation k runs on seed + k */
    int threads;
    void (*on_eval)(void *ud, const bb_size_eval *e); /* optional */
    void *ud;
} bb_size_spec;

/* Check the targets and levers against the scenario `base` (the file
 * with its --sets): each target names a metric row, each lever a pool's
 * or provider's fte, a date inside the run, a step > 0 and a maximum not
 * below the start; fills the groups and the levers' units, starts, costs
 * and step counts; loads the scenario with every lever at its maximum.
 * Returns BB_OK, BB_ERR_INPUT (every message in err) or BB_ERR_RUN. */
int bb_size_check(bb_size_spec *sp, const bb_scenario *base, bb_errors *err);

enum bb_size_status {
    BB_SIZE_MET = 0,        /* every target holds, confirmed */
    BB_SIZE_INFEASIBLE = 1, /* no step (up to the maxima) meets every target */
    BB_SIZE_UNCONFIRMED = 2 /* BB_SIZE_CONFIRMATIONS confirmations failed */
};

typedef struct bb_size_result {
    int status;
    int steps[BB_SIZE_MAX_LEVERS];    /* the plan */
    double cost;                      /* EUR a year */
    uint64_t seed;                    /* the run the values are from: the */
    int reps;                         /* last confirmation, or the search's */
    bb_size_value value[BB_SIZE_MAX_TARGETS];
    /* per target, the best mean of any plan evaluated, and that plan */
    bb_size_value best[BB_SIZE_MAX_TARGETS];
    int best_steps[BB_SIZE_MAX_TARGETS][BB_SIZE_MAX_LEVERS];
    long reps_run;                    /* replications run (plans run again: none) */
    int plans_run, rounds, confirmations;
} bb_size_result;

/* Run the search (after bb_size_check). Returns BB_OK (see res->status)
 * or BB_ERR_RUN (a replication hit a bound, out of memory; in err). */
int bb_size_run(const bb_size_spec *sp, bb_size_result *res, bb_errors *err);

/* The scenario with a plan applied (levers from the start as --set,
 * dated ones as investments): for plan.cfg (bb_scenario_write). */
int bb_size_plan_load(const bb_size_spec *sp, const int *steps, bb_scenario **out,
                      bb_errors *err);
/* A lever's value after `steps` steps (its fte, or the investment's FTE). */
double bb_size_lever_value(const bb_size_lever *l, int steps);
/* EUR a year of a plan's added FTE. */
double bb_size_plan_cost(const bb_size_spec *sp, const int *steps);
/* "PATH=VALUE; PATH@DATE=+DELTA; ..." of the levers that moved, or
 * "(none)"; truncated to n bytes. */
void bb_size_plan_text(const bb_size_spec *sp, const int *steps, char *buf, size_t n);
/* A number in the fewest digits that read back exactly (buf >= 32). */
void bb_size_num(double v, char *buf, size_t n);

#endif
