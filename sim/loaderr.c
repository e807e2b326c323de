/*
 * loaderr.c - what a scenario's parse errors add to libconfig's words:
 * an @include that cannot be opened names the file it looked for and
 * every folder it looked in; a syntax error on a line with a decimal
 * comma (60,0) says that numbers take a point.
 */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

/* Line `line` (1-based) of path into buf; false when there is none. */
static bool read_line(const char *path, int line, char *buf, size_t n)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f)
        return false;
    bool ok = false;
    for (int k = 1; fgets(buf, (int)n, f); k++)
        if (k == line) {
            ok = true;
            break;
        }
    fclose(f);
    return ok;
}

const char *bb_decimal_comma_hint(const char *path, int line)
{
    char buf[1024];
    if (!read_line(path, line, buf, sizeof buf))
        return "";
    char *hash = strchr(buf, '#');
    if (hash)
        *hash = 0;
    bool quoted = false;
    for (const char *p = buf; *p; p++) {
        quoted ^= *p == '"';
        if (!quoted && p > buf && p[0] == ',' && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' &&
            p[1] <= '9')
            return " (a decimal comma? numbers are written with a point: 60.0, not 60,0)";
    }
    return "";
}

void bb_include_error(const char *file, int line, const char *const *dirs, int ndirs,
                      bb_errors *err)
{
    char buf[1024], name[512] = "?";
    if (read_line(file, line, buf, sizeof buf)) {
        char *q = strchr(buf, '"'), *r = q ? strchr(q + 1, '"') : NULL;
        if (r && (size_t)(r - q) < sizeof name) {
            memcpy(name, q + 1, (size_t)(r - q - 1));
            name[r - q - 1] = 0;
        }
    }
    char where[2048] = "";
    size_t len = 0;
    for (int i = 0; i < ndirs && len < sizeof where - 2; i++) {
        size_t dl = strlen(dirs[i]);
        bool slash = dl && dirs[i][dl - 1] == '/';
        len += (size_t)snprintf(where + len, sizeof where - len, "%s%s%s%s", i ? ", " : "",
                                dirs[i], slash ? "" : "/", name);
    }
    bb_errors_add(err, "%s:%d: cannot open @include \"%s\": looked for %s (an @include is "
                       "looked for beside the scenario given, then in ./scenarios and the "
                       "installed scenarios)", file, line, name, where);
}
