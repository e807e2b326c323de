/*
 * includes.c - check a scenario's @include targets before libconfig reads.
 *
 * libconfig 1.5 opens an @include with fopen, which succeeds on a
 * directory; its flex scanner then fails to read and calls exit(2) from
 * inside the library ("input in flex scanner failed"), ending the whole
 * process (the view, a test). A FIFO or a terminal would block for ever.
 * So before config_read, the loader walks the @include lines itself,
 * resolving them as libconfig 1.5 does (an absolute path as it is,
 * anything else under the include directory, for nested files too), and
 * refuses any target that exists but is not a regular file. A target
 * that does not exist is left to libconfig, which reports it.
 */
#include "internal.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 10          /* libconfig's own include depth limit */
#define MAX_SCAN (64L << 20)  /* larger files are left to libconfig */

static int check_file(const char *path, const char *dir, int depth, bb_errors *err);

/* Check one @include target found at path:line. */
static int check_target(const char *path, int line, const char *name, const char *dir,
                        int depth, bb_errors *err)
{
    bool rel = name[0] != '/' && dir && *dir;
    size_t len = strlen(name) + (rel ? strlen(dir) + 1 : 0) + 1;
    char *target = malloc(len);
    if (!target)
        return 0;
    if (rel)
        snprintf(target, len, "%s/%s", dir, name);
    else
        snprintf(target, len, "%s", name);
    struct stat st;
    int rc = 0;
    if (stat(target, &st) != 0) {
        rc = 0; /* libconfig reports a missing file */
    } else if (!S_ISREG(st.st_mode)) {
        bb_errors_add(err, "%s:%d: @include \"%s\" is not a regular file (%s)", path, line, name,
                      S_ISDIR(st.st_mode) ? "a directory" : "a device, pipe or socket");
        rc = -1;
    } else {
        rc = check_file(target, dir, depth + 1, err);
    }
    free(target);
    return rc;
}

/* Scan a file as libconfig's scanner does for what matters here: block
 * comments, line comments (# and //) and strings hide an "@include",
 * which counts only at the start of a line, after blanks. */
static int check_file(const char *path, const char *dir, int depth, bb_errors *err)
{
    if (depth > MAX_DEPTH)
        return 0; /* libconfig reports the depth */
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_SCAN) {
        fclose(f);
        return 0;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!buf)
        return 0;
    buf[n] = 0;
    enum { NORMAL, STRING, BLOCK, LINE } state = NORMAL;
    int line = 1, rc = 0;
    bool bol = true; /* at the start of a line (blanks skipped) */
    for (size_t i = 0; i < n && rc == 0; i++) {
        char c = buf[i];
        if (c == '\n') {
            line++;
            bol = true;
            if (state == LINE)
                state = NORMAL;
            continue;
        }
        switch (state) {
        case NORMAL:
            if (bol && (c == ' ' || c == '\t'))
                continue;
            if (bol && !strncmp(buf + i, "@include", 8) && (buf[i + 8] == ' ' || buf[i + 8] == '\t')) {
                size_t k = i + 8;
                while (buf[k] == ' ' || buf[k] == '\t')
                    k++;
                if (buf[k] == '"') {
                    char name[4096];
                    size_t m = 0;
                    for (k++; k < n && buf[k] != '"' && m + 1 < sizeof name; k++) {
                        if (buf[k] == '\\' && k + 1 < n)
                            k++;
                        name[m++] = buf[k];
                    }
                    name[m] = 0;
                    if (k < n && buf[k] == '"')
                        rc = check_target(path, line, name, dir, depth, err);
                    i = k;
                    bol = false;
                    continue;
                }
            }
            bol = false;
            if (c == '"')
                state = STRING;
            else if (c == '#' || (c == '/' && buf[i + 1] == '/'))
                state = LINE;
            else if (c == '/' && buf[i + 1] == '*') {
                state = BLOCK;
                i++;
            }
            break;
        case STRING:
            if (c == '\\' && i + 1 < n && buf[i + 1] != '\n')
                i++;
            else if (c == '"') {
                state = NORMAL;
                bol = false;
            }
            break;
        case BLOCK:
            if (c == '*' && buf[i + 1] == '/') {
                state = NORMAL;
                bol = false;
                i++;
            }
            break;
        case LINE:
            break;
        }
    }
    free(buf);
    return rc;
}

int bb_check_includes(const char *path, const char *include_dir, bb_errors *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        bb_errors_add(err, "%s: cannot open: %s", path, strerror(EISDIR));
        return -1;
    }
    return check_file(path, include_dir, 1, err);
}
