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
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 10 /* libconfig's own include depth limit */

static int check_file(const char *path, const char *dir, int depth, bb_errors *err)
{
    if (depth > MAX_DEPTH)
        return 0; /* libconfig reports the depth */
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return 0; /* the caller checked the top file; nested ones were checked below */
    }
    char line[4096];
    int lineno = 0, rc = 0;
    bool in_comment = false;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        if (in_comment) { /* inside a C comment: @include there is text */
            char *end = strstr(p, "*/");
            if (!end)
                continue;
            in_comment = false;
            p = end + 2;
        }
        p += strspn(p, " \t");
        if (strncmp(p, "@include", 8) == 0) {
            char *q = p + 8;
            q += strspn(q, " \t");
            char *close = *q == '"' ? strchr(q + 1, '"') : NULL;
            if (close) {
                char target[4096];
                size_t n = (size_t)(close - q - 1);
                if (q[1] == '/' || !dir || !*dir)
                    snprintf(target, sizeof target, "%.*s", (int)n, q + 1);
                else
                    snprintf(target, sizeof target, "%s/%.*s", dir, (int)n, q + 1);
                if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
                    bb_errors_add(err, "%s:%d: @include \"%.*s\" is not a regular file (%s)",
                                  path, lineno, (int)n, q + 1,
                                  S_ISDIR(st.st_mode) ? "a directory" : "a device, pipe or socket");
                    rc = -1;
                } else if (stat(target, &st) == 0) {
                    rc = check_file(target, dir, depth + 1, err);
                }
            }
        }
        /* a comment opened on this line and not closed on it */
        char *open = strstr(p, "/*");
        if (open && !strstr(open + 2, "*/"))
            in_comment = true;
    }
    fclose(f);
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
