/*
 * cli.h - the bbsim command's private header: its limits (in one place),
 * the parsed options, the run of a batch of replications that run,
 * compare and sweep share, and the declarations the cli/ files share.
 * Not part of libbbsim (sim/bbsim.h is its whole interface).
 *
 *   main.c         main(), dispatch, --help and --version
 *   usage.c        the help text, usage errors, lists of errors
 *   help.c         bbsim COMMAND --help
 *   args.c         the options (cli_opts) and their values
 *   vary.c         --vary PATH=FROM:TO:STEP | PATH=V1,V2,...
 *   precision.c    --precision METRIC[/GROUP]=HALFWIDTH
 *   signals.c      SIGINT, SIGTERM, SIGHUP: temporaries removed, exit 128 + signal
 *   lock.c         one bbsim at a time per output directory (flock)
 *   load.c         loading a scenario with the --set options
 *   datadir.c      the shipped scenarios of an installed bbsim
 *   exec.c         a batch of replications on worker threads, progress
 *   outputs.c      the output files run and compare write
 *   digest.c       what a run says on stderr when it is done
 *   outdir.c       -o refuses another scenario's results unless --force
 *   cmd_*.c        the commands (cmd_report.c: the options of report/; cmd_size.c: bbsim size)
 */
#ifndef BB_CLI_H
#define BB_CLI_H

#include "bbsim.h"
#include <stdbool.h>
#include <stdio.h>

/* ---- limits ---- */

#define CLI_STR_(x) #x
#define CLI_STR(x) CLI_STR_(x)   /* a limit in a message: CLI_STR(CLI_MAX_VARY) */

/* --vary settings of one sweep; it also sizes the per-point arrays on
 * the stack in cmd_sweep.c (cli_parse refuses more before any of them is
 * used). */
#define CLI_MAX_VARY 16
/* Values of one --vary (a grid or a list); with CLI_MAX_POINTS checked
 * after each factor, the point count never overflows a long. */
#define CLI_MAX_VARY_VALUES 10000
/* Points of a sweep's grid (the product of its --vary counts). */
#define CLI_MAX_POINTS 10000
/* --reps, and --threads (also the most the default of all cores gives). */
#define CLI_MAX_REPS 100000
#define CLI_MAX_THREADS 1024
/* --precision: replications at least, added at a time, at most (unless
 * --reps says the most). */
#define CLI_PRECISION_MIN_REPS 5
#define CLI_PRECISION_BATCH 5
#define CLI_PRECISION_MAX_REPS 1000
/* size: the confidence of the one-sided bounds unless --confidence. */
#define CLI_SIZE_CONFIDENCE 0.95

/* ---- --vary: one varied setting of a sweep ---- */

/* PATH=FROM:TO:STEP (inclusive grid) or PATH=V1,V2,... (a list). Values
 * are kept as --set values; a grid whose FROM, TO and STEP are written as
 * whole numbers gives whole numbers, so integer settings stay integers. */
typedef struct cli_vary {
    char path[256];
    char **values;
    int n;
} cli_vary;
/* Returns 0 or -1 (message in err, naming --vary). */
int cli_vary_parse(const char *arg, cli_vary *v, bb_errors *err);
void cli_vary_free(cli_vary *v);

/* ---- --precision: replications until an interval is narrow enough ---- */

typedef struct cli_precision {
    char metric[64], group[40]; /* group "" : "all", or the only group */
    double halfwidth;
} cli_precision;
/* Parse METRIC[/GROUP]=HALFWIDTH. Returns 0 or -1 (message in err). */
int cli_precision_parse(const char *arg, cli_precision *p, bb_errors *err);
/* The summary row a precision target is about, in a scenario's metric
 * rows (found from a fresh replication). Returns the row or -1 (message
 * in err). */
int cli_precision_row(const cli_precision *p, const bb_scenario *s, bb_errors *err);

/* ---- the options (args.c) ---- */

typedef struct cli_opts {
    const char *cmd, *outdir;
    const char **files;
    int nfiles;
    char **found;        /* files[i] as found (cli_find_scenario), to free */
    const char **sets;   /* for every scenario */
    int nsets;
    const char **ksets;  /* "K:PATH=VALUE": one scenario */
    int nksets;
    char **overlays;     /* --with FILE as "<FILE", --add as "+LIST=ENTRY" */
    int noverlays;       /* (applied before the --set, to every scenario) */
    long long seed;      /* -1: from scenario */
    long reps;           /* -1: from scenario */
    int threads;
    bool quiet, bands;
    bool force;          /* -o: write over another scenario's results */
    int csv;             /* BB_CSV_PLAIN or BB_CSV_NL (--csv nl) */
    cli_precision *prec;
    int nprec;
    cli_vary *vary;
    int nvary;
    const char **targets; /* size: --target and --lever as given */
    int ntargets;
    const char **levers;
    int nlevers;
    double confidence;    /* size: --confidence */
} cli_opts;

/* Parse argv[2...] for the command argv[1]. Returns BB_OK, BB_ERR_INPUT
 * (message printed) or BB_ERR_RUN; free with cli_opts_free either way. */
int cli_parse(int argc, char **argv, cli_opts *o);
void cli_opts_free(cli_opts *o);
/* "K:PATH=VALUE" (K a whole number): the scenario index K-1 (and the
 * rest after "K:"); -2 when the argument has no "K:" prefix. */
int cli_set_target(const char *v, const char **rest);
/* number.c: a whole option value as a number in [lo, hi]; as a finite
 * number. */
bool cli_parse_long(const char *s, long long lo, long long hi, long long *out);
bool cli_parse_double(const char *s, double *out);

/* ---- messages (usage.c) ---- */

void cli_usage(void); /* the --help text, on stdout */
/* help.c: whether cmd is one of the commands; whether argv[2...] asks
 * for --help (or -h); the help of one command on stdout (BB_OK, or a
 * usage error for an unknown command). */
bool cli_is_command(const char *cmd);
bool cli_wants_help(int argc, char **argv);
int cli_command_help(const char *cmd);
/* "bbsim: MSG[: ARG]" and a pointer to --help on stderr; BB_ERR_INPUT. */
int cli_usage_error(const char *msg, const char *arg);
void cli_print_errors(const bb_errors *e);
/* "bbsim: out of memory WHAT" on stderr; returns BB_ERR_RUN. */
int cli_oom(const char *what);

/* A scenario's name (or any user text) safe to print: control
 * characters and ANSI escapes shown escaped (bb_escape). The result
 * lives until the 8th call after (a ring of static buffers). */
const char *cli_shown(const char *text);

/* ---- signals (signals.c) and the output directory's lock (lock.c) ---- */

/* Block SIGINT, SIGTERM and SIGHUP in this thread and every thread made
 * later, and handle them in a thread of their own: remove the output
 * temporaries, release the lock, one line on stderr, exit 128 + signal.
 * Call first in main(), before any thread exists. */
void cli_signals_start(int argc, char **argv);
/* What is being done, for the message of an interruption. */
void cli_signals_doing(const char *what);
/* The command line as given (escaped, cut at 500 bytes). */
const char *cli_command_line(void);
/* Take the lock on an output directory (flock; DIR/.bbsim.lock names the
 * holder) or fail at once naming the holder. Returns 0 or -1 (message). */
int cli_lock_dir(const char *dir, bb_errors *err);
void cli_unlock_dir(void);

/* ---- the data folder of an installed bbsim (datadir.c) ---- */

/* $BBSIM_DATADIR, else PROGRAM_DIR/../share/bbsim when it exists; false
 * when there is none. */
bool cli_datadir(char *buf, size_t n);
/* A scenario argument as given when it exists (or is absolute), else
 * the shipped scenario it names in the data folder (NAME, NAME.cfg,
 * scenarios/NAME[.cfg]); malloc'd, NULL on out of memory. */
char *cli_find_scenario(const char *arg);

/* ---- loading (load.c) ---- */

/* Load scenario file k with the common --set, its own K:--set and `extra`
 * (a sweep point); errors are prefixed with `what` when given. */
int cli_load(const cli_opts *o, int k, const char *const *extra, int nextra, const char *what,
             bb_scenario **s);

/* ---- running a batch (exec.c) ---- */

/* A sweep runs its points in blocks; progress counts over all of them. */
typedef struct cli_sweep_progress {
    long points_done, points;
    long jobs_done, jobs;   /* done in earlier blocks; at most, all points */
    long jobs_max_done;     /* the at-most count of the earlier blocks */
    double t0;
} cli_sweep_progress;

typedef struct cli_exec {
    const cli_opts *o;
    bb_scenario **scen;  /* per unit */
    bb_unit *units;
    int nunits, ngroups;
    int *gfirst, *gn;    /* per group */
    bb_summary **sum;    /* per unit */
    bb_bands **bands;    /* per unit, with --bands */
    int *prow;           /* per unit and precision target */
    bool paired;         /* precision on the paired difference (compare) */
    FILE *ts;            /* timeseries.csv being written */
    const char *ts_path; /* its final path, for messages */
    FILE *rg;            /* regions.csv being written (scenarios with regions) */
    bool tty;
    const char *label;
    cli_sweep_progress *sweep; /* sweep: progress over all blocks */
} cli_exec;

double cli_mono_now(void);
/* Set up the units' replication counts, summaries, bands and precision
 * rows. Returns BB_OK, BB_ERR_INPUT (bad precision target) or BB_ERR_RUN. */
int cli_exec_init(cli_exec *x, const cli_opts *o, int nunits, int ngroups);
/* After the scenarios are loaded: seeds, replications, groups, summaries. */
int cli_exec_prepare(cli_exec *x, const int *group);
void cli_exec_free(cli_exec *x);
/* Run the units; fills the summaries (and bands, and the streamed
 * timeseries). Returns BB_OK or BB_ERR_RUN (messages printed). */
int cli_run_batch(cli_exec *x, unsigned keep, const char *const *cols, int ncols);

/* ---- output files (outputs.c) ---- */

/* A scenario name as part of a file or directory name. */
void cli_safe_name(char *dst, size_t n, const char *name);
/* compare's scenario-NAME.cfg for scenario name `name`, unlike the
 * ntaken names before it (NAME-2, -3, ... when the safe names clash). */
void cli_scenario_file(char *dst, size_t n, const char *name, const char (*taken)[256],
                       int ntaken);
/* Remove the temporaries of the files not committed. */
void cli_abort_all(bb_out *f, int n);
/* The output set of run (one unit) or compare (x->paired: one unit per
 * scenario) in dir: opens the series, runs the batch (the timeseries is
 * streamed into it), writes summary.csv, the scenarios as run and run's
 * budget.csv, then renames them all into place. Returns BB_OK or
 * BB_ERR_RUN (messages printed, the temporaries not renamed removed). */
int cli_write_outputs(cli_exec *x, const char *dir);

/* outdir.c: BB_OK when dir is new or holds only the results of the
 * scenarios named (or --force); else a message and BB_ERR_INPUT. */
int cli_outdir_check(const cli_opts *o, const char *dir, const char *const *names, int n);

/* ---- stderr when done (digest.c) ---- */

void cli_digest(const bb_summary *sum);
void cli_digest_compare(bb_summary *const *sums, bb_scenario *const *scen, int n);
/* Say whether each --precision target was met, for unit u (paired with
 * unit u0 when u0 >= 0). Returns the number of targets not met. */
int cli_precision_report(const cli_exec *x, int u0, int u, bool print);
/* The message that a --precision target was not met though the outputs
 * in dir are written; returns BB_ERR_RUN (exit status 1). */
int cli_precision_failed(const char *dir, int reps);

/* ---- the commands (cmd_*.c) ---- */

int cli_cmd_run(const cli_opts *o);
int cli_cmd_compare(const cli_opts *o);
int cli_cmd_sweep(const cli_opts *o);
int cli_cmd_check(const cli_opts *o);
int cli_cmd_report(int argc, char **argv); /* its own options; report/ */
int cli_cmd_size(const cli_opts *o);

#endif
