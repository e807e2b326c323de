/*
 * csvnl.c - the Dutch spreadsheet dialect of bbsim's CSV (--csv nl):
 * ';' between fields, a decimal comma in numbers, UTF-8 with a byte
 * order mark, so Excel with Dutch regional settings opens the files as
 * columns. The writers always write plain CSV; an output opened with
 * dialect BB_CSV_NL is rewritten in this dialect when it is committed
 * (bb_out_commit), so it is still whole or absent. Text fields keep
 * their text (quoted when they hold ';', '"' or a line break); a field
 * that is a number has its '.' made ','.
 */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

/* A whole field that is a plain decimal number (as bb_csv_num writes). */
static bool numeric(const char *s, size_t n)
{
    if (n == 0)
        return false;
    size_t i = 0, digits = 0;
    if (s[i] == '-' || s[i] == '+')
        i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    if (digits && i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1, ed = 0;
        if (j < n && (s[j] == '-' || s[j] == '+'))
            j++;
        for (; j < n && s[j] >= '0' && s[j] <= '9'; j++)
            ed++;
        if (ed)
            i = j;
    }
    return digits > 0 && i == n;
}

/* Write one unquoted field in the dialect. */
static void put_field(FILE *out, const char *s, size_t n)
{
    if (numeric(s, n)) {
        for (size_t i = 0; i < n; i++)
            fputc(s[i] == '.' ? ',' : s[i], out);
    } else if (memchr(s, ';', n) || memchr(s, '"', n)) {
        fputc('"', out);
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '"')
                fputc('"', out);
            fputc(s[i], out);
        }
        fputc('"', out);
    } else {
        fwrite(s, 1, n, out);
    }
}

int bb_csv_to_nl(FILE *in, FILE *out)
{
    size_t cap = 256, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    fputs("\xEF\xBB\xBF", out); /* UTF-8 byte order mark */
    bool quoted = false, inq = false;
    int c;
    while ((c = getc(in)) != EOF) {
        if (inq) {
            fputc(c, out); /* a quoted field is copied as it is */
            if (c == '"') {
                int d = getc(in);
                if (d == '"') {
                    fputc(d, out);
                    continue;
                }
                inq = false;
                if (d == EOF)
                    break;
                ungetc(d, in);
            }
            continue;
        }
        if (c == '"' && n == 0 && !quoted) {
            fputc(c, out);
            inq = quoted = true;
        } else if (c == ',' || c == '\n') {
            if (!quoted)
                put_field(out, buf, n);
            fputc(c == ',' ? ';' : '\n', out);
            n = 0;
            quoted = false;
        } else {
            if (n + 1 >= cap) {
                char *b = realloc(buf, cap *= 2);
                if (!b) {
                    free(buf);
                    return -1;
                }
                buf = b;
            }
            buf[n++] = (char)c;
        }
    }
    if (n && !quoted)
        put_field(out, buf, n);
    free(buf);
    return ferror(in) || ferror(out) ? -1 : 0;
}
