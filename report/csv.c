/*
 * csv.c - a careful reader of the CSV that bbsim itself writes (sim/
 * output.c), not a general CSV library.
 *
 * What it accepts: a header line of column names, then records of the
 * same number of fields; a field is either bare (no comma, quote or line
 * break in it) or quoted with '"', a quote inside doubled, as bb_csv_str
 * writes it; every record ends with '\n' ("\r\n" is taken too, as after
 * a spreadsheet saved it). Everything else is an error that names the
 * file and the line: a quote inside a bare field, an unterminated quote,
 * a wrong field count, a NUL byte, a last line without its line break (a
 * cut-off file). Numbers are read strictly: an empty field is undefined
 * (bbsim writes no NaN), anything strtod does not take whole is an error.
 * A file written with --csv nl (a UTF-8 byte order mark first) is read
 * with ';' between fields and a decimal comma.
 */
#include "rp.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rp_csv_free(rp_csv *t)
{
    free(t->path);
    free(t->head);
    free(t->cell);
    free(t->line);
    free(t->buf);
    memset(t, 0, sizeof *t);
}

/* The whole file into a NUL-terminated buffer. Returns 0, 1 (no such
 * file) or -1 (message in err). */
static int slurp(const char *path, char **out, size_t *len, bb_errors *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return 1;
        bb_errors_add(err, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (;;) {
        if (!b) {
            bb_errors_add(err, "%s: out of memory", path);
            fclose(f);
            return -1;
        }
        n += fread(b + n, 1, cap - n - 1, f);
        if (ferror(f)) {
            bb_errors_add(err, "%s: cannot read: %s", path, strerror(errno ? errno : EIO));
            free(b);
            fclose(f);
            return -1;
        }
        if (feof(f))
            break;
        if (cap >= (size_t)RP_MAX_FILE) {
            bb_errors_add(err, "%s: larger than %ld MB: not a file bbsim wrote", path,
                          RP_MAX_FILE >> 20);
            free(b);
            fclose(f);
            return -1;
        }
        cap *= 2;
        char *nb = realloc(b, cap);
        if (!nb)
            free(b);
        b = nb;
    }
    fclose(f);
    b[n] = 0;
    *out = b;
    *len = n;
    return 0;
}

/* Grow an array of pointers (cells) or ints (lines) to hold need. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Parse the records of b (len bytes) in place: fields are unquoted into
 * the same buffer and NUL-terminated. The first record is the header. */
static int parse(rp_csv *t, char *b, size_t len, bool nl, bb_errors *err)
{
    const char fs = nl ? ';' : ','; /* the field separator */
    size_t ncell = 0, capc = 0, capl = 0, nrec = 0;
    char **cells = NULL;
    int *lines = NULL;
    int line = 1, fields = 0, want = -1;
    char *r = b, *end = b + len, *w = b;
    if (len == 0) {
        bb_errors_add(err, "%s:1: the file is empty (no header line)", t->path);
        return -1;
    }
    int rec_line = 1;
    while (r < end) {
        /* one field, starting at r; written from w */
        if (grow((void **)&cells, &capc, ncell + 1, sizeof *cells) != 0)
            goto oom;
        cells[ncell++] = w;
        fields++;
        if (*r == '"') {
            int qline = line;
            r++;
            for (;;) {
                if (r >= end) {
                    bb_errors_add(err, "%s:%d: a quoted field is not closed", t->path, qline);
                    goto fail;
                }
                if (*r == '"') {
                    if (r + 1 < end && r[1] == '"') {
                        *w++ = '"';
                        r += 2;
                        continue;
                    }
                    r++;
                    break;
                }
                if (*r == 0) {
                    bb_errors_add(err, "%s:%d: a NUL byte: not a text file", t->path, line);
                    goto fail;
                }
                if (*r == '\n')
                    line++;
                *w++ = *r++;
            }
            if (r < end && *r != fs && *r != '\n' && !(*r == '\r' && r + 1 < end && r[1] == '\n')) {
                bb_errors_add(err, "%s:%d: text after the closing quote of a field", t->path, line);
                goto fail;
            }
        } else {
            while (r < end && *r != fs && *r != '\n') {
                if (*r == '"') {
                    bb_errors_add(err, "%s:%d: a quote inside a field that does not start with one",
                                  t->path, line);
                    goto fail;
                }
                if (*r == 0) {
                    bb_errors_add(err, "%s:%d: a NUL byte: not a text file", t->path, line);
                    goto fail;
                }
                if (*r == '\r' && r + 1 < end && r[1] == '\n') {
                    r++;
                    continue;
                }
                *w++ = nl && *r == ',' ? '.' : *r; /* a decimal comma */
                r++;
            }
        }
        if (r < end && *r == '\r')
            r++; /* "\r\n" after a quoted field */
        if (r >= end) {
            *w = 0;
            bb_errors_add(err, "%s:%d: the last line has no line break: the file is cut off",
                          t->path, line);
            goto fail;
        }
        char sep = *r++;
        *w++ = 0;
        if (sep == fs)
            continue;
        /* the end of a record */
        if (want < 0)
            want = fields;
        else if (fields != want) {
            bb_errors_add(err, "%s:%d: %d fields, but the header has %d", t->path, rec_line,
                          fields, want);
            goto fail;
        }
        if (grow((void **)&lines, &capl, nrec + 1, sizeof *lines) != 0)
            goto oom;
        lines[nrec++] = rec_line;
        fields = 0;
        line++;
        rec_line = line;
    }
    if (nrec == 0 || want <= 0) {
        bb_errors_add(err, "%s:1: no header line", t->path);
        goto fail;
    }
    t->ncols = want;
    t->nrows = (int)nrec - 1;
    t->head = malloc((size_t)want * sizeof *t->head);
    t->cell = malloc((ncell - (size_t)want + 1) * sizeof *t->cell);
    t->line = malloc(nrec * sizeof *t->line);
    if (!t->head || !t->cell || !t->line)
        goto oom;
    memcpy(t->head, cells, (size_t)want * sizeof *cells);
    memcpy(t->cell, cells + want, (ncell - (size_t)want) * sizeof *cells);
    memcpy(t->line, lines + 1, (nrec - 1) * sizeof *lines);
    free(cells);
    free(lines);
    for (int i = 0; i < want; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(t->head[i], t->head[j]) == 0) {
                bb_errors_add(err, "%s:1: the column %s appears twice", t->path, t->head[i]);
                return -1;
            }
    return 0;
oom:
    bb_errors_add(err, "%s: out of memory", t->path);
fail:
    free(cells);
    free(lines);
    return -1;
}

int rp_csv_read(const char *path, rp_csv *t, bb_errors *err)
{
    memset(t, 0, sizeof *t);
    size_t len = 0;
    int rc = slurp(path, &t->buf, &len, err);
    if (rc != 0)
        return rc;
    t->path = strdup(path);
    if (!t->path) {
        bb_errors_add(err, "%s: out of memory", path);
        return -1;
    }
    /* --csv nl (sim/csvnl.c): a UTF-8 byte order mark, ';' between
     * fields, a decimal comma in the bare fields (numbers) */
    bool nl = len >= 3 && memcmp(t->buf, "\xEF\xBB\xBF", 3) == 0;
    return nl ? parse(t, t->buf + 3, len - 3, true, err) : parse(t, t->buf, len, false, err);
}

int rp_csv_col(const rp_csv *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->head[i], name) == 0)
            return i;
    return -1;
}

int rp_csv_need(const rp_csv *t, const char *const *names, int *idx, bb_errors *err)
{
    int rc = 0;
    for (int i = 0; names[i]; i++)
        if ((idx[i] = rp_csv_col(t, names[i])) < 0) {
            bb_errors_add(err, "%s:1: no column %s in the header: not a file bbsim wrote", t->path,
                          names[i]);
            rc = -1;
        }
    return rc;
}

int rp_csv_num(const rp_csv *t, int row, int col, double *v, bb_errors *err)
{
    const char *s = rp_cell(t, row, col);
    if (!*s) {
        *v = NAN;
        return 0;
    }
    char *e;
    errno = 0;
    double x = strtod(s, &e);
    if (e == s || *e || !isfinite(x) || s[0] == ' ' || errno == ERANGE) {
        bb_errors_add(err, "%s:%d: column %s: not a number: \"%.40s\"", t->path, t->line[row],
                      t->head[col], s);
        return -1;
    }
    *v = x;
    return 0;
}

int rp_csv_int(const rp_csv *t, int row, int col, long lo, long hi, long *v, bb_errors *err)
{
    const char *s = rp_cell(t, row, col);
    char *e;
    errno = 0;
    long x = strtol(s, &e, 10);
    if (!*s || *e || errno || x < lo || x > hi || s[0] == ' ' || s[0] == '+') {
        bb_errors_add(err, "%s:%d: column %s: not a whole number in %ld..%ld: \"%.40s\"", t->path,
                      t->line[row], t->head[col], lo, hi, s);
        return -1;
    }
    *v = x;
    return 0;
}
