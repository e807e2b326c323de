/*
 * bbsim.h - the public API of libbbsim, the B&B chain simulator.
 *
 * Everything a front-end (the bbsim CLI, the bbview window, the tests) may
 * use is declared here. The library never prints, never exits and never
 * aborts on user input: functions return a status and fill a bb_errors list
 * with messages shaped "file:line: path message".
 *
 * Reading order: scenario (load, validate, override) -> sim (one
 * replication, stepped or run to a time) -> state readers (what the view
 * draws) -> results (metric rows per replication) -> experiment (many
 * replications, summary statistics) -> output (CSV files, written
 * atomically).
 */
#ifndef BBSIM_H
#define BBSIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BB_VERSION "0.1.0"

/* Exit codes shared by every front-end (interface.md). */
#define BB_OK 0
#define BB_ERR_RUN 1      /* I/O, out of memory, a runtime bound hit */
#define BB_ERR_INPUT 2    /* usage or scenario error */

/* Fixed structure of the chain. */
#define BB_LEVELS 5       /* threat level 0 (no measures) .. 4 (highest) */
#define BB_MAX_CATEGORIES 16
#define BB_MAX_PROVIDERS 16

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

/* A growing list of messages. Every message is one line without '\n'. */
typedef struct bb_errors {
    char **msg;
    int n, cap;
} bb_errors;

void bb_errors_init(bb_errors *e);
void bb_errors_free(bb_errors *e);
void bb_errors_add(bb_errors *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* Scenario                                                            */
/* ------------------------------------------------------------------ */

typedef struct bb_scenario bb_scenario;

/*
 * Load and validate a scenario file. `sets` holds `nsets` strings
 * "PATH=VALUE" applied before validation (an unknown PATH is an error).
 * All errors are collected in `err`; on any error the function returns
 * BB_ERR_INPUT and *out is NULL. On success returns BB_OK.
 */
int bb_scenario_load(const char *path, const char *const *sets, int nsets,
                     bb_scenario **out, bb_errors *err);
void bb_scenario_free(bb_scenario *s);

/* Write the scenario as run (after --set), with run.seed and
 * run.replications set to what was used and the version in a comment, so
 * that `bbsim run scenario.cfg` reproduces it. Returns 0 or -1. */
int bb_scenario_write(bb_scenario *s, FILE *f, uint64_t seed, int reps);

const char *bb_scenario_name(const bb_scenario *s);
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
double bb_scenario_target_hours(const bb_scenario *s, int acute);

/* Scheduled happenings of a scenario (surges, planned demand, FTE
 * changes) for marking a time axis. Returns the count; fills up to max. */
typedef struct bb_marker {
    double t;             /* hours since start */
    char kind;            /* 's' surge, 'p' planned demand, 'f' FTE change,
                             'i' investment (positions funded) */
    char label[48];
} bb_marker;
int bb_scenario_markers(const bb_scenario *s, bb_marker *out, int max);

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
double bb_sim_horizon(const bb_sim *sim);
uint64_t bb_sim_events(const bb_sim *sim);      /* events executed */

/* Called at the end of every period (week by default), before the period
 * accumulators reset. Use bb_sim_period_row() inside it. */
typedef void (*bb_period_fn)(bb_sim *sim, void *ud);
void bb_sim_on_period(bb_sim *sim, bb_period_fn fn, void *ud);

/* Change the FTE of a pool (0..BB_POOLS-1) or provider from now on. The
 * change is logged as a marker. Returns 0, or -1 for a bad index/value. */
int bb_sim_set_pool_fte(bb_sim *sim, int pool, double fte);
int bb_sim_set_provider_fte(bb_sim *sim, int provider, double fte);

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
    double borrowed_fte_years;          /* since start */
    int active_by_level[BB_LEVELS];     /* cases with measures in place */
    int protected_now;                  /* measures in place (any kind) */
    int waiting_unprotected;            /* decided, nothing in place */
    int downgraded;                     /* in place, lighter than decided */
    long arrived, decided, protected_total, within_target;
    double lead_p50_h, lead_p90_h;      /* lead time to protection so far */
    double cost_to_date;                /* EUR */
    double cost_year;                   /* EUR this calendar year */
    double line_cost_year;              /* EUR charged to budget lines this year */
    double line_budget_year;            /* EUR budget of all lines this year */
    double pool_pipeline_fte[BB_POOLS]; /* recruiting + in training */
    double prov_pipeline_fte[BB_MAX_PROVIDERS];
} bb_state;

void bb_sim_state(const bb_sim *sim, bb_state *st);

/* The last completed period as named columns (for timeseries.csv). The
 * column names are fixed for a scenario; values are finite. */
int bb_sim_period_columns(const bb_sim *sim, const char ***names);
const double *bb_sim_period_row(const bb_sim *sim);

/* ------------------------------------------------------------------ */
/* Results of a replication                                            */
/* ------------------------------------------------------------------ */

/* One summary figure: metric name, group (e.g. "acute", "dkdb", "all")
 * and its value for this replication. Rows come in a fixed order that
 * depends only on the scenario's structure. */
typedef struct bb_metric {
    const char *metric;  /* static or scenario-owned string */
    char group[40];
    double value;
} bb_metric;

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
/* Mean and 95% t interval of row i; ci are NAN when reps < 2. */
void bb_summary_get(const bb_summary *s, int i, const char **metric,
                    const char **group, double *mean, double *lo, double *hi);
/* The value of row i in replication r. */
double bb_summary_value(const bb_summary *s, int i, int r);

/* Mean and 95% t confidence interval of n values (GSL t quantile). */
void bb_mean_ci(const double *x, int n, double *mean, double *lo, double *hi);

/* ------------------------------------------------------------------ */
/* Output: atomic files                                                */
/* ------------------------------------------------------------------ */

/* An output file written under a temporary name in the same directory
 * and renamed into place by bb_out_commit. */
typedef struct bb_out {
    FILE *f;
    char *path, *tmp;
    void *priv;   /* output.c's: the descriptor and its first write error */
} bb_out;

/* Opens dir/.NAME.PID.tmp; first removes such temporaries of NAME left
 * by processes that no longer exist (killed runs). */
int bb_out_open(bb_out *o, const char *dir, const char *name, bb_errors *err);
int bb_out_commit(bb_out *o, bb_errors *err); /* fflush+fsync+rename */
void bb_out_abort(bb_out *o);                 /* remove the temporary */
/* Create a directory and its parents. Returns 0 or -1 (message in err). */
int bb_mkdirs(const char *dir, bb_errors *err);

/* CSV helpers: numbers with %.10g (no NaN/inf: empty field instead),
 * strings quoted when needed. */
void bb_csv_num(FILE *f, double v);
void bb_csv_str(FILE *f, const char *s);

/* Write budget.csv rows: per budget line and calendar year, the budget
 * against the simulated cost (mean and 95% interval) and the gap. */
void bb_budget_write(FILE *f, const bb_summary *s, const bb_scenario *sc,
                     const char *scenario, int header);
int bb_scenario_budget_lines(const bb_scenario *s);

/* Write summary.csv rows for one scenario (header if `header`). */
void bb_summary_write(FILE *f, const bb_summary *s, const char *scenario,
                      int header);

#endif
