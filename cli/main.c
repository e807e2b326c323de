/*
 * main.c - the bbsim command line: a thin front-end over libbbsim.
 * main() sets up the process, answers --help and --version and hands the
 * parsed options (args.c) to one of the five commands (cmd_*.c).
 *
 *   bbsim run SCENARIO.cfg [-o DIR] [--seed N] [--reps N] [--set PATH=VALUE]...
 *   bbsim compare A.cfg B.cfg [C.cfg...] [-o DIR] [--seed N] [--reps N] [--set ...]
 *   bbsim sweep SCENARIO.cfg --vary PATH=FROM:TO:STEP [--vary ...] [-o DIR]
 *   bbsim check SCENARIO.cfg [--set PATH=VALUE]...
 *   bbsim report OUTDIR [OUTDIR2 ...] [-o report.pdf] [--lang nl|en] [--png DIR]
 *   bbsim size SCENARIO.cfg --target METRIC[/GROUP][@YEAR]{<=|>=}VALUE ...
 *              --lever PATH[@DATE]:STEP[:MAX] ... [--confidence 0.95]
 *   common: --threads N, --bands, --precision METRIC[/GROUP]=HALFWIDTH, --quiet
 *   bbsim COMMAND --help | bbsim help COMMAND   (help.c)
 *   bbsim --help | --version
 *
 * Every command that runs replications goes through one path (exec.c):
 * load and validate everything first (exit 2 before anything runs), open
 * the streamed output under a temporary name, run the batch on worker
 * threads (bb_batch_run hands results back in replication order), then
 * write the summaries and rename every file into place.
 *
 * Exit status: 0 success, 1 the run failed (I/O, a stated bound), 2 usage
 * or scenario error. Data goes to files (and nothing else to stdout);
 * messages and progress go to stderr.
 */
#include "cli.h"
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

int main(int argc, char **argv)
{
    /* GSL reports domain errors as return values; never abort() */
    gsl_set_error_handler_off();
    /* before any thread exists: every worker inherits the blocked signals */
    cli_signals_start(argc, argv);
#ifdef __GLIBC__
    /* Each replication allocates its cases and events afresh (a few MB)
     * and frees them: keep that memory in the process instead of giving
     * it back and faulting it in again for the next replication. */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    /* an installed bbsim: the library looks for @include files in the
     * shipped scenarios too (cli/datadir.c) */
    char dd[4096];
    if (!getenv("BBSIM_DATADIR") && cli_datadir(dd, sizeof dd))
        setenv("BBSIM_DATADIR", dd, 0);
    if (argc < 2)
        return cli_usage_error("no command given", NULL);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (strcmp(argv[1], "help") == 0 && argc > 2) /* bbsim help COMMAND */
            return cli_command_help(argv[2]);
        cli_usage();
        return BB_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("bbsim %s\n", bb_version());
        return BB_OK;
    }
    if (cli_is_command(argv[1]) && cli_wants_help(argc, argv))
        return cli_command_help(argv[1]);
    if (strcmp(argv[1], "report") == 0) /* its own options (cmd_report.c) */
        return cli_cmd_report(argc, argv);
    static const char *const cmds[] = {"run", "compare", "sweep", "check", "size"};
    int cmd = -1;
    for (int i = 0; i < 5; i++)
        if (strcmp(argv[1], cmds[i]) == 0)
            cmd = i;
    if (cmd < 0)
        return cli_usage_error("unknown command", argv[1]);
    cli_opts o;
    int rc = cli_parse(argc, argv, &o);
    if (rc == BB_OK) {
        switch (cmd) {
        case 0: rc = cli_cmd_run(&o); break;
        case 1: rc = cli_cmd_compare(&o); break;
        case 2: rc = cli_cmd_sweep(&o); break;
        case 4: rc = cli_cmd_size(&o); break;
        default: rc = cli_cmd_check(&o); break;
        }
    }
    cli_opts_free(&o);
    return rc;
}
