/*
 * output.c - CSV formatting and files that are whole or absent.
 *
 * An output file is written to a hidden temporary name in its final
 * directory, flushed and fsync'ed, then renamed over the final name
 * (rename is atomic within a file system), so a reader never sees a
 * half-written CSV: a killed run leaves the previous file or none.
 */
#include "internal.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void bb_csv_num(FILE *f, double v)
{
    if (!isfinite(v))
        return; /* an undefined value is an empty field, never NaN */
    if (v == floor(v) && fabs(v) < 1e15)
        fprintf(f, "%.0f", v);
    else
        fprintf(f, "%.10g", v);
}

void bb_csv_str(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int bb_mkdirs(const char *dir, bb_errors *err)
{
    if (!*dir) {
        bb_errors_add(err, "empty output directory name");
        return -1;
    }
    char *p = strdup(dir);
    if (!p) {
        bb_errors_add(err, "out of memory");
        return -1;
    }
    for (char *q = p + 1;; q++) {
        if (*q == '/' || *q == 0) {
            char c = *q;
            *q = 0;
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                bb_errors_add(err, "%s: cannot create directory: %s", p, strerror(errno));
                free(p);
                return -1;
            }
            *q = c;
            if (!c)
                break;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        bb_errors_add(err, "%s: not a directory", dir);
        free(p);
        return -1;
    }
    free(p);
    return 0;
}

int bb_out_open(bb_out *o, const char *dir, const char *name, bb_errors *err)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(dir) + strlen(name) + 32;
    o->path = malloc(n);
    o->tmp = malloc(n);
    if (!o->path || !o->tmp) {
        bb_out_abort(o);
        bb_errors_add(err, "out of memory");
        return -1;
    }
    snprintf(o->path, n, "%s/%s", dir, name);
    snprintf(o->tmp, n, "%s/.%s.%ld.tmp", dir, name, (long)getpid());
    o->f = fopen(o->tmp, "w");
    if (!o->f) {
        bb_errors_add(err, "%s: cannot write: %s", o->tmp, strerror(errno));
        bb_out_abort(o);
        return -1;
    }
    return 0;
}

int bb_out_commit(bb_out *o, bb_errors *err)
{
    int rc = 0;
    if (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0) {
        bb_errors_add(err, "%s: write failed: %s", o->path, strerror(errno ? errno : EIO));
        rc = -1;
    }
    if (fclose(o->f) != 0 && rc == 0) {
        bb_errors_add(err, "%s: write failed: %s", o->path, strerror(errno));
        rc = -1;
    }
    o->f = NULL;
    if (rc == 0 && rename(o->tmp, o->path) != 0) {
        bb_errors_add(err, "%s: cannot rename into place: %s", o->path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    return rc;
}

void bb_out_abort(bb_out *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}
