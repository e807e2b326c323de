/*
 * outputs.c - the output files of run and compare, written the same way
 * for both (cli_write_outputs): the series, streamed while the batch runs
 * (timeseries.csv, or bands.csv with --bands), then summary.csv, the
 * scenarios as run and budget.csv (the scenarios with budget lines, one
 * after the other); each under a temporary name,
 * renamed into place only when every file is complete. Also the names
 * made from scenario names and the temporaries removed when a run fails.
 */
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A scenario name as part of a file or directory name. */
void cli_safe_name(char *dst, size_t n, const char *name)
{
    size_t k = 0;
    for (; *name && k + 1 < n; name++)
        dst[k++] = (*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z') ||
                           (*name >= '0' && *name <= '9') || *name == '-' || *name == '_' ||
                           *name == '.'
                       ? *name
                       : '_';
    dst[k] = 0;
}

void cli_scenario_file(char *dst, size_t n, const char *name, const char (*taken)[256],
                       int ntaken)
{
    char nm[200];
    cli_safe_name(nm, sizeof nm, name);
    snprintf(dst, n, "scenario-%s.cfg", nm);
    /* "a b" and "a_b" (or a scenario compared with itself) would share
     * one file: the later ones get -2, -3, ... */
    for (int suffix = 2;; suffix++) {
        int clash = 0;
        for (int i = 0; i < ntaken; i++)
            clash |= strcmp(taken[i], dst) == 0;
        if (!clash)
            return;
        snprintf(dst, n, "scenario-%s-%d.cfg", nm, suffix);
    }
}

void cli_abort_all(bb_out *f, int n)
{
    for (int i = 0; i < n; i++)
        if (f[i].f)
            bb_out_abort(&f[i]);
}

/* Write the timeseries header. */
static void ts_header(FILE *f, char **cols, int n)
{
    fputs("scenario,rep,date", f);
    for (int i = 0; i < n; i++)
        fprintf(f, ",%s", cols[i]);
    fputc('\n', f);
}

/* Is column name c a regional column of some scenario of x? */
static bool regional_col(const cli_exec *x, const char *c)
{
    for (int k = 0; k < x->nunits; k++) {
        const char *const *names;
        int n = bb_scenario_period_columns(x->scen[k], &names);
        const char *r, *m;
        for (int j = 0; j < n; j++)
            if (!strcmp(names[j], c) && bb_scenario_column_region(x->scen[k], j, &r, &m))
                return true;
    }
    return false;
}

static bool any_regions(const cli_exec *x)
{
    for (int k = 0; k < x->nunits; k++)
        if (bb_scenario_region_count(x->scen[k]) > 0)
            return true;
    return false;
}

/* The series file: bands.csv with --bands, else timeseries.csv with its
 * header (the columns of every scenario but the regional ones, which go
 * to regions.csv), into which x streams the rows while the batch runs.
 * Returns 0 or -1 (message in err). */
static int open_series(cli_exec *x, const char *dir, bb_out *f, char ***cols, int *ncols,
                       bb_errors *err)
{
    if (bb_mkdirs(dir, err) != 0 || cli_lock_dir(dir, err) != 0 ||
        bb_out_open(f, dir, x->o->bands ? "bands.csv" : "timeseries.csv", err) != 0)
        return -1;
    f->dialect = x->o->csv;
    if (!x->o->bands) {
        if ((*ncols = bb_period_columns_union((const bb_scenario *const *)x->scen, x->nunits,
                                              cols)) < 0) {
            bb_errors_add(err, "out of memory (the columns of timeseries.csv)");
            return -1;
        }
        if (any_regions(x)) { /* drop the regional columns */
            int k = 0;
            for (int i = 0; i < *ncols; i++)
                if (regional_col(x, (*cols)[i]))
                    free((*cols)[i]);
                else
                    (*cols)[k++] = (*cols)[i];
            *ncols = k;
        }
        ts_header(f->f, *cols, *ncols);
        x->ts = f->f;
        x->ts_path = f->path;
    }
    return 0;
}

/* summary.csv and yearly.csv (f[0], f[1]): compare's with the paired
 * differences against the first scenario, or run's. Returns 0 or -1. */
static int write_summary(const cli_exec *x, const char *dir, bb_out *f, bb_errors *err)
{
    int n = x->nunits;
    if (!x->paired) {
        if (bb_out_open(&f[0], dir, "summary.csv", err) != 0 ||
            bb_out_open(&f[1], dir, "yearly.csv", err) != 0)
            return -1;
        f[0].dialect = f[1].dialect = x->o->csv;
        bb_summary_write(f[0].f, x->sum[0], bb_scenario_name(x->scen[0]), 1);
        bb_yearly_write(f[1].f, x->sum[0], bb_scenario_name(x->scen[0]), 1);
        return 0;
    }
    const char **names = calloc((size_t)n, sizeof *names);
    if (!names) {
        bb_errors_add(err, "out of memory");
        return -1;
    }
    for (int k = 0; k < n; k++)
        names[k] = bb_scenario_name(x->scen[k]);
    int rc = bb_out_open(&f[0], dir, "summary.csv", err);
    if (rc == 0)
        rc = bb_out_open(&f[1], dir, "yearly.csv", err);
    if (rc == 0) {
        f[0].dialect = f[1].dialect = x->o->csv;
        bb_compare_write(f[0].f, x->sum, names, n);
        bb_compare_yearly_write(f[1].f, x->sum, names, n);
    }
    free(names);
    return rc;
}

/* After the batch: the bands, summary.csv, yearly.csv, the scenarios as run
 * (compare: scenario-NAME.cfg each) and budget.csv when a scenario has
 * budget lines. Returns 0 or -1 (message in err). */
static int write_rest(const cli_exec *x, const char *dir, bb_out *f, bb_errors *err)
{
    int n = x->nunits;
    if (x->o->bands)
        for (int k = 0; k < n; k++)
            if (bb_bands_write(f[0].f, x->bands[k], bb_scenario_name(x->scen[k]),
                               bb_scenario_start_day(x->scen[k]), k == 0) != 0) {
                bb_errors_add(err, "bands.csv: %s", bb_bands_error(x->bands[k]));
                return -1;
            }
    if (write_summary(x, dir, &f[1], err) != 0)
        return -1;
    int reps = bb_summary_reps(x->sum[0]);
    char (*file)[256] = calloc((size_t)n, sizeof *file);
    if (!file) {
        bb_errors_add(err, "out of memory");
        return -1;
    }
    for (int k = 0; k < n; k++) {
        snprintf(file[k], sizeof file[k], "scenario.cfg");
        if (x->paired)
            cli_scenario_file(file[k], sizeof file[k], bb_scenario_name(x->scen[k]),
                              (const char(*)[256])file, k);
        if (bb_out_open(&f[3 + k], dir, file[k], err) != 0) {
            free(file);
            return -1;
        }
        bb_scenario_write(x->scen[k], f[3 + k].f, x->units[k].seed, reps);
    }
    free(file);
    for (int k = 0, header = 1; k < n; k++) {
        const bb_scenario *s = x->scen[k];
        if (bb_scenario_budget_lines(s) == 0)
            continue;
        if (header && bb_out_open(&f[3 + n], dir, "budget.csv", err) != 0)
            return -1;
        f[3 + n].dialect = x->o->csv;
        bb_budget_write(f[3 + n].f, x->sum[k], s, bb_scenario_name(s), header);
        header = 0;
    }
    return 0;
}

/* Every file opened written and synced, then all renamed into place as
 * a set (bb_out_commit_set). Returns 0 or -1. */
static int commit_all(bb_out *f, int n, bb_errors *err)
{
    return bb_out_commit_set(f, n, err);
}

int cli_write_outputs(cli_exec *x, const char *dir)
{
    int n = x->nunits;
    int nf = 3 + n + 2; /* series, summary, yearly, scenario(s), budget, regions */
    bb_errors err;
    bb_errors_init(&err);
    bb_out *f = calloc((size_t)nf, sizeof *f);
    char **cols = NULL;
    int ncols = 0;
    int rc = BB_ERR_RUN;
    char doing[700];
    snprintf(doing, sizeof doing, "%s of %s into %s", x->paired ? "the comparison" : "the run",
             cli_shown(bb_scenario_name(x->scen[0])), cli_shown(dir));
    cli_signals_doing(doing);
    if (!f)
        bb_errors_add(&err, "out of memory");
    bool regions = f && any_regions(x);
    if (f && open_series(x, dir, &f[0], &cols, &ncols, &err) == 0 &&
        (!regions || bb_out_open(&f[nf - 1], dir, "regions.csv", &err) == 0)) {
        /* one scenario without regions: the batch writes its own columns,
         * no mapping */
        const char *const *ts_cols = n > 1 || regions ? (const char *const *)cols : NULL;
        unsigned keep = x->o->bands ? BB_KEEP_PERIODS : BB_KEEP_TEXT;
        if (regions) {
            x->rg = f[nf - 1].f;
            fputs("scenario,rep,week,date,region,metric,value\n", x->rg);
            keep |= BB_KEEP_PERIODS;
        }
        if (cli_run_batch(x, keep, ts_cols, ts_cols ? ncols : 0) == BB_OK &&
            write_rest(x, dir, f, &err) == 0 && commit_all(f, nf, &err) == 0)
            rc = BB_OK;
    }
    if (f)
        cli_abort_all(f, nf);
    cli_unlock_dir();
    free(f);
    cli_print_errors(&err);
    bb_errors_free(&err);
    bb_names_free(cols, ncols);
    return rc;
}
