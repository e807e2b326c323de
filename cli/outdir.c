/*
 * outdir.c - an output directory that holds another scenario's results
 * is not written over unless --force: the scenarios a folder holds are
 * named in its scenario files as run (scenario.cfg of run and sweep,
 * scenario-NAME.cfg of compare, plan.cfg of size), whose top-level
 * `name = "...";` line bb_scenario_write puts first. The same
 * scenario(s) run again write over their own results, as before.
 */
#include "cli.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The top-level name of a scenario file bbsim wrote, into buf. */
static bool file_name(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[1024];
    bool found = false;
    for (int k = 0; k < 50 && !found && fgets(line, sizeof line, f); k++) {
        char *q;
        if (strncmp(line, "name = \"", 8) == 0 && (q = strrchr(line + 8, '"')) && q > line + 7) {
            size_t len = (size_t)(q - (line + 8));
            len = len < n - 1 ? len : n - 1;
            memcpy(buf, line + 8, len);
            buf[len] = 0;
            found = true;
        }
    }
    fclose(f);
    return found;
}

static bool is_scenario_file(const char *f)
{
    size_t n = strlen(f);
    return strcmp(f, "scenario.cfg") == 0 || strcmp(f, "plan.cfg") == 0 ||
           (strncmp(f, "scenario-", 9) == 0 && n > 13 && strcmp(f + n - 4, ".cfg") == 0);
}

static bool among(const char *name, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

int cli_outdir_check(const cli_opts *o, const char *dir, const char *const *names, int n)
{
    DIR *d = opendir(dir);
    if (!d)
        return BB_OK; /* a new folder (or one bb_mkdirs will report) */
    struct dirent *e;
    char other[256] = "", file[256] = "";
    while ((e = readdir(d)) && !other[0]) {
        if (!is_scenario_file(e->d_name))
            continue;
        char path[4096], nm[256];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (file_name(path, nm, sizeof nm) && !among(nm, names, n)) {
            snprintf(other, sizeof other, "%s", nm);
            snprintf(file, sizeof file, "%s", e->d_name);
        }
    }
    closedir(d);
    if (!other[0])
        return BB_OK;
    if (o->force) {
        if (!o->quiet)
            fprintf(stderr, "bbsim: --force: replacing the results of \"%s\" in %s\n", other, dir);
        return BB_OK;
    }
    fprintf(stderr, "bbsim: %s holds the results of scenario \"%s\" (%s), not of \"%s\"; "
                    "give another -o DIR, or --force to replace them\n",
            dir, other, file, names[0]);
    return BB_ERR_INPUT;
}
