/*
 * errors.c - bb_errors, the list of messages the library reports, and
 * bb_escape, text from a user made safe to print.
 *
 * Messages are collected, never printed: a front-end shows them. Each is
 * one line (control characters from the user's text, ANSI escapes too,
 * are shown escaped), at most BB_MAX_MSG bytes: a longer one keeps its
 * start and its end (where the reason is) around " ... ". The list stops
 * growing at BB_MAX_ERRORS messages, so that a broken file cannot take
 * unbounded memory, and counts the ones it dropped (e->dropped).
 */
#include "bbsim.h"
#include <stdarg.h>
#include <stdbool.h>
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

size_t bb_escape(char *dst, size_t n, const char *src)
{
    size_t k = 0;
    if (!n)
        return 0;
    for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
        bool plain = *p >= 0x20 && *p != 0x7f;
        bool short_esc = *p == '\n' || *p == '\r' || *p == '\t';
        size_t need = plain ? 1 : short_esc ? 2 : 4;
        if (k + need >= n)
            break;
        if (plain)
            dst[k++] = (char)*p;
        else if (short_esc)
            k += (size_t)snprintf(dst + k, 3, "\\%c", *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't');
        else
            k += (size_t)snprintf(dst + k, 5, "\\x%02x", *p);
    }
    dst[k] = 0;
    return k;
}

void bb_errors_add(bb_errors *e, const char *fmt, ...)
{
    if (e->n >= BB_MAX_ERRORS) {
        e->dropped++; /* enough for anyone; keeps memory bounded */
        return;
    }
    if (e->n == e->cap) {
        int cap = e->cap ? 2 * e->cap : 16;
        char **m = realloc(e->msg, (size_t)cap * sizeof *m);
        if (!m) {
            e->dropped++;
            return;
        }
        e->msg = m;
        e->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *buf = len >= 0 ? malloc((size_t)len + 1) : NULL;
    char *line = buf ? malloc(4 * (size_t)len + 1) : NULL;
    if (!line) {
        free(buf);
        e->dropped++; /* out of memory: counted, so the front-end says so */
        return;
    }
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)len + 1, fmt, ap);
    va_end(ap);
    /* one line each: control characters from the user's text (a --set
     * argument, a string with "\n" in it, an ANSI escape) shown escaped */
    size_t k = bb_escape(line, 4 * (size_t)len + 1, buf);
    free(buf);
    if (k > BB_MAX_MSG) {
        /* too long: the start, " ... ", and the end, where the reason is */
        size_t head = BB_MAX_MSG / 2, tail = BB_MAX_MSG - head - 5;
        memcpy(line + head, " ... ", 5);
        memmove(line + head + 5, line + k - tail, tail);
        line[BB_MAX_MSG] = 0;
    }
    char *s = realloc(line, strlen(line) + 1);
    e->msg[e->n++] = s ? s : line;
}
