/*
 * errors.c - bb_errors, the list of messages the library reports.
 *
 * Messages are collected, never printed: a front-end shows them. Each is
 * one line (control characters from the user's text are shown escaped),
 * and the list stops growing at 1,000 messages so that a broken file
 * cannot take unbounded memory.
 */
#include "bbsim.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bb_errors_init(bb_errors *e) { memset(e, 0, sizeof *e); }

void bb_errors_free(bb_errors *e)
{
    for (int i = 0; i < e->n; i++)
        free(e->msg[i]);
    free(e->msg);
    bb_errors_init(e);
}

void bb_errors_add(bb_errors *e, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (e->n >= 1000)
        return; /* enough for anyone; keeps memory bounded */
    if (e->n == e->cap) {
        int cap = e->cap ? 2 * e->cap : 16;
        char **m = realloc(e->msg, (size_t)cap * sizeof *m);
        if (!m)
            return;
        e->msg = m;
        e->cap = cap;
    }
    /* one line each: control characters from the user's text (a --set
     * argument or a string with "\n" in it) are shown escaped */
    char line[4 * sizeof buf];
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)buf; *p; p++) {
        if (*p >= 0x20 && *p != 0x7f)
            line[k++] = (char)*p;
        else if (*p == '\n' || *p == '\r' || *p == '\t')
            k += (size_t)snprintf(line + k, 3, "\\%c", *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't');
        else
            k += (size_t)snprintf(line + k, 5, "\\x%02x", *p);
    }
    line[k] = 0;
    char *s = strdup(line);
    if (s)
        e->msg[e->n++] = s;
}
