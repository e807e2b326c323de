/*
 * report.h - what the bbsim command sees of the report (report/): its
 * options and the one call that makes it. No cairo or pango here, so
 * cli/cmd_report.c compiles also where the report is not built
 * (-DBB_NO_REPORT). The report's own header is rp.h.
 */
#ifndef BB_REPORT_H
#define BB_REPORT_H

#include <stdbool.h>

enum { RP_NL = 0, RP_EN = 1 };

typedef struct rp_opts {
    const char *const *dirs; /* the output folders of bbsim run or compare */
    int ndirs;
    const char *pdf;         /* the PDF to write; NULL: DIRS[0]/report.pdf */
    const char *pngdir;      /* --png DIR: each chart as a 1920x1080 PNG; or NULL */
    int lang;                /* RP_NL (default) or RP_EN */
    const char *command;     /* the report command as typed, for the title page */
    bool quiet;              /* no line on stderr naming what was written */
} rp_opts;

/* Read the folders' outputs and write the PDF (and the PNGs). Messages
 * go to stderr. Returns BB_OK, BB_ERR_INPUT (a folder without outputs, a
 * file missing, a corrupt CSV: nothing written) or BB_ERR_RUN (I/O). */
int rp_report(const rp_opts *o);

#endif
