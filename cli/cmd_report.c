/*
 * cmd_report.c - bbsim report OUTDIR [OUTDIR2 ...] [-o report.pdf]
 * [--lang nl|en] [--png DIR] [--quiet]: the options of the report, then
 * report/ makes it from the folders' outputs (report/report.h). Built
 * without cairo and pango (-DBB_NO_REPORT), the command says so.
 */
#include "cli.h"
#include "report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef BB_NO_REPORT

int cli_cmd_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bbsim: this bbsim was built without the report (cairo, pango): install "
                    "libcairo2-dev and libpango1.0-dev and build again (make clean && make)\n");
    return BB_ERR_INPUT;
}

#else

/* The command as typed, for the title page: each argument quoted when it
 * holds anything but plain characters. */
static char *command_line(int argc, char **argv)
{
    size_t n = 8;
    for (int i = 1; i < argc; i++)
        n += 2 * strlen(argv[i]) + 4;
    char *s = malloc(n), *p = s;
    if (!s)
        return NULL;
    p += sprintf(p, "bbsim");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool plain = *a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789-_./=:,+@%") == strlen(a);
        *p++ = ' ';
        if (!plain)
            *p++ = '\'';
        for (; *a; a++) {
            if (*a == '\'' && !plain) {
                memcpy(p, "'\\''", 4);
                p += 4;
            } else {
                *p++ = *a;
            }
        }
        if (!plain)
            *p++ = '\'';
    }
    *p = 0;
    return s;
}

/* Parse the options into o (dirs holds room for argc folders). Returns
 * BB_OK or BB_ERR_INPUT (message printed). */
static int parse(int argc, char **argv, rp_opts *o, const char **dirs)
{
    o->dirs = dirs;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0) {
            if (!v || !*v)
                return cli_usage_error("-o needs the name of the PDF", NULL);
            o->pdf = argv[++i];
        } else if (strcmp(a, "--png") == 0) {
            if (!v || !*v)
                return cli_usage_error("--png needs a folder for the PNGs", NULL);
            o->pngdir = argv[++i];
        } else if (strcmp(a, "--lang") == 0) {
            if (!v || (strcmp(v, "nl") && strcmp(v, "en")))
                return cli_usage_error("--lang needs nl or en", v);
            o->lang = strcmp(v, "en") == 0 ? RP_EN : RP_NL;
            i++;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("unknown option of report", a);
        } else {
            dirs[o->ndirs++] = a;
        }
    }
    if (o->ndirs == 0)
        return cli_usage_error("report needs the output folder of a bbsim run or compare", NULL);
    return BB_OK;
}

int cli_cmd_report(int argc, char **argv)
{
    rp_opts o = {0};
    const char **dirs = calloc((size_t)argc, sizeof *dirs);
    char *cmd = command_line(argc, argv);
    int rc = BB_ERR_RUN;
    if (dirs && cmd && (rc = parse(argc, argv, &o, dirs)) == BB_OK) {
        o.command = cmd;
        rc = rp_report(&o);
    }
    free(cmd);
    free(dirs);
    return rc;
}

#endif
