/*
 * overlay.c - settings laid over a scenario's tree, keeping each
 * setting's file and line for messages:
 *
 *  - a top-level file that sets again what a file it @includes set (its
 *    own `name`, one pool's `fte`): libconfig refuses that as "duplicate
 *    setting name", so the file is then read in parts: each top-level
 *    @include on its own, then the file's own settings (its @include lines
 *    blanked, so the lines stay), each part laid over the ones before it;
 *  - `--with FILE`: a small scenario file laid over the scenario, its
 *    entries of the lists investments, surges, changes and planned added
 *    to the scenario's;
 *  - `--add LIST=ENTRY`: one entry added to one of those lists.
 *
 * Laying a group over a group merges them key by key (recursively); any
 * other setting replaces the one of the same name, or is added. The
 * copies carry the line and file of where they were written (libconfig's
 * setting struct holds both), so a bad value is reported at its own
 * file:line. The configs the file names belong to live as long as the
 * scenario (bb_scenario's aux list).
 */
#include "internal.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const LISTS[] = {"investments", "surges", "changes", "planned"};

/* Keep a config alive with the scenario (its file names are used). */
static int keep(bb_scenario *s, config_t *c)
{
    config_t **a = realloc(s->aux, (size_t)(s->naux + 1) * sizeof *a);
    if (!a)
        return -1;
    s->aux = a;
    s->aux[s->naux++] = c;
    return 0;
}

void bb_overlay_free(bb_scenario *s)
{
    for (int i = 0; i < s->naux; i++) {
        config_destroy(s->aux[i]);
        free(s->aux[i]);
    }
    free(s->aux);
    s->aux = NULL;
    s->naux = 0;
}

/* A copy of src (scalar, array, list or group) added to dst under name
 * (NULL inside an array or list); line 0 when !lines (a command-line
 * entry). Returns the copy or NULL (out of memory). */
static config_setting_t *copy(config_setting_t *dst, const char *name,
                              const config_setting_t *src, bool lines)
{
    int type = config_setting_type(src);
    config_setting_t *c = config_setting_add(dst, name, type);
    if (!c)
        return NULL;
    switch (type) {
    case CONFIG_TYPE_INT: config_setting_set_int(c, config_setting_get_int(src)); break;
    case CONFIG_TYPE_INT64: config_setting_set_int64(c, config_setting_get_int64(src)); break;
    case CONFIG_TYPE_FLOAT: config_setting_set_float(c, config_setting_get_float(src)); break;
    case CONFIG_TYPE_BOOL: config_setting_set_bool(c, config_setting_get_bool(src)); break;
    case CONFIG_TYPE_STRING: config_setting_set_string(c, config_setting_get_string(src)); break;
    default:
        for (int i = 0; i < config_setting_length(src); i++) {
            const config_setting_t *e = config_setting_get_elem(src, (unsigned)i);
            if (!copy(c, type == CONFIG_TYPE_GROUP ? config_setting_name(e) : NULL, e, lines))
                return NULL;
        }
    }
    config_setting_set_format(c, (short)src->format);
    c->line = lines ? src->line : 0;
    c->file = lines ? src->file : NULL;
    return c;
}

static bool is_list_key(const char *name)
{
    for (size_t i = 0; i < sizeof LISTS / sizeof LISTS[0]; i++)
        if (name && strcmp(name, LISTS[i]) == 0)
            return true;
    return false;
}

/* Lay group src over group dst: groups merge, the rest replaces; with
 * append, the top-level lists of LISTS get src's entries added. Returns
 * 0 or -1 (out of memory). */
static int lay(config_setting_t *dst, const config_setting_t *src, bool append, bool lines,
               bool top)
{
    for (int i = 0; i < config_setting_length(src); i++) {
        const config_setting_t *e = config_setting_get_elem(src, (unsigned)i);
        const char *name = config_setting_name(e);
        config_setting_t *d = config_setting_get_member(dst, name);
        if (d && config_setting_is_group(d) && config_setting_is_group(e)) {
            if (lay(d, e, append, lines, false) != 0)
                return -1;
            continue;
        }
        if (d && append && top && is_list_key(name) && config_setting_is_list(d) &&
            config_setting_is_list(e)) {
            for (int k = 0; k < config_setting_length(e); k++)
                if (!copy(d, NULL, config_setting_get_elem(e, (unsigned)k), lines))
                    return -1;
            continue;
        }
        if (d) {
            /* replace in place: a new setting at the end, then moved to
             * the old one's position so the tree's order (and the
             * outputs' row order) stays as it was */
            int at = config_setting_index(d);
            config_setting_remove(dst, name);
            config_setting_t *c = copy(dst, name, e, lines);
            if (!c)
                return -1;
            config_list_t *l = dst->value.list;
            unsigned last = l->length - 1;
            memmove(&l->elements[at + 1], &l->elements[at],
                    (last - (unsigned)at) * sizeof *l->elements);
            l->elements[at] = c;
        } else if (!copy(dst, name, e, lines)) {
            return -1;
        }
    }
    return 0;
}

/* Whether line is a top-level "@include" (at the start, after blanks). */
static const char *include_name(const char *line, char *name, size_t n)
{
    const char *p = line + strspn(line, " \t");
    if (strncmp(p, "@include", 8) != 0)
        return NULL;
    const char *q = strchr(p, '"'), *r = q ? strchr(q + 1, '"') : NULL;
    if (!r || (size_t)(r - q - 1) >= n)
        return NULL;
    memcpy(name, q + 1, (size_t)(r - q - 1));
    name[r - q - 1] = 0;
    return name;
}

/* A parse error of c as file:line: text, with the decimal-comma hint. */
static void parse_error(const config_t *c, const char *path, bb_errors *err)
{
    const char *ef = config_error_file(c);
    bb_errors_add(err, "%s:%d: %s%s", ef ? ef : path, config_error_line(c), config_error_text(c),
                  bb_decimal_comma_hint(ef ? ef : path, config_error_line(c)));
}

/* One attempt of bb_overlay_read with the include folder incdir.
 * Returns 0, -1 (message in err) or -2: an @include is not in incdir
 * (its file and line in *ifile (malloc'd), *iline; nothing in err). */
static int read_parts(bb_scenario *s, const char *path, const char *incdir, char **ifile,
                      int *iline, bb_errors *err)
{
    if (bb_check_includes(path, incdir, err) != 0) /* no directory, FIFO or device */
        return -1;
    FILE *f = fopen(path, "r");
    if (!f) {
        bb_errors_add(err, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    /* the file with its top-level @include lines blanked (an @include
     * at the start of a line, outside any group or list by a count of
     * braces and parentheses before a '#'; one nested in a group stays
     * and libconfig reads it with the rest) */
    size_t cap = 1 << 16, len = 0;
    char *own = malloc(cap), line[4096];
    char **inc = NULL;
    int *incline = NULL;
    int ninc = 0, rc = -1, depth = 0, lineno = 0;
    while (own && fgets(line, sizeof line, f)) {
        lineno++;
        char name[1024];
        size_t l = strlen(line);
        if (depth == 0 && line[0] == '@' && include_name(line, name, sizeof name)) {
            char **ni = realloc(inc, (size_t)(ninc + 1) * sizeof *ni);
            int *nl = ni ? realloc(incline, (size_t)(ninc + 1) * sizeof *nl) : NULL;
            if (ni)
                inc = ni;
            if (!nl)
                break;
            incline = nl;
            incline[ninc] = lineno;
            inc[ninc++] = strdup(name);
            snprintf(line, sizeof line, "\n");
            l = 1;
        } else {
            bool str = false;
            for (const char *p = line; *p && (str || *p != '#'); p++) {
                if (*p == '"' && (p == line || p[-1] != '\\'))
                    str = !str;
                else if (!str)
                    depth += (*p == '{' || *p == '(') - (*p == '}' || *p == ')');
            }
        }
        if (len + l + 1 > cap) {
            char *no = realloc(own, cap *= 2);
            if (!no)
                break;
            own = no;
        }
        memcpy(own + len, line, l);
        len += l;
        own[len] = 0;
    }
    fclose(f);
    if (!own)
        goto done;
    config_destroy(&s->cfg);
    config_init(&s->cfg);
    config_set_auto_convert(&s->cfg, 1);
    config_set_include_dir(&s->cfg, incdir);
    /* each top-level include, in order, laid over the ones before */
    for (int i = 0; i < ninc; i++) {
        config_t *c = calloc(1, sizeof *c);
        char *p = malloc(strlen(incdir) + strlen(inc[i]) + 2);
        if (!c || !p || keep(s, c) != 0) {
            free(c);
            free(p);
            bb_errors_add(err, "out of memory");
            goto done;
        }
        sprintf(p, inc[i][0] == '/' ? "%s" : "%s/%s", inc[i][0] == '/' ? inc[i] : incdir,
                inc[i]);
        config_init(c);
        config_set_auto_convert(c, 1);
        config_set_include_dir(c, incdir);
        if (access(p, F_OK) != 0) { /* this include is not in incdir */
            *ifile = strdup(path);
            *iline = incline[i];
            free(p);
            rc = -2;
            goto done;
        }
        int ok = bb_check_includes(p, incdir, err) == 0 && config_read_file(c, p);
        if (!ok && config_error_text(c) && strstr(config_error_text(c), "include") &&
            config_error_file(c)) { /* a nested include is not in incdir */
            *ifile = strdup(config_error_file(c));
            *iline = config_error_line(c);
            free(p);
            rc = -2;
            goto done;
        }
        if (!ok && config_error_text(c))
            parse_error(c, p, err);
        free(p);
        if (!ok)
            goto done;
        if (lay(config_root_setting(&s->cfg), config_root_setting(c), false, true, true) != 0) {
            bb_errors_add(err, "out of memory");
            goto done;
        }
    }
    /* then the file's own settings (their file is the scenario's) */
    config_t *c = calloc(1, sizeof *c);
    if (!c || keep(s, c) != 0) {
        free(c);
        bb_errors_add(err, "out of memory");
        goto done;
    }
    config_init(c);
    config_set_auto_convert(c, 1);
    config_set_include_dir(c, incdir);
    int read_ok = config_read_string(c, own);
    if (!read_ok && config_error_text(c) && strstr(config_error_text(c), "include")) {
        *ifile = strdup(config_error_file(c) ? config_error_file(c) : path);
        *iline = config_error_line(c);
        rc = -2;
        goto done;
    }
    if (!read_ok) {
        bb_errors_add(err, "%s:%d: %s%s", config_error_file(c) ? config_error_file(c) : path,
                      config_error_line(c), config_error_text(c),
                      bb_decimal_comma_hint(path, config_error_line(c)));
        goto done;
    }
    if (lay(config_root_setting(&s->cfg), config_root_setting(c), false, true, true) != 0) {
        bb_errors_add(err, "out of memory");
        goto done;
    }
    rc = 0;
done:
    for (int i = 0; i < ninc; i++)
        free(inc[i]);
    free(inc);
    free(incline);
    free(own);
    return rc;
}

int bb_overlay_read(bb_scenario *s, const char *path, const char *const *dirs, int ndirs,
                    bb_errors *err)
{
    for (int k = 0; k < ndirs; k++) {
        char *ifile = NULL;
        int iline = 0;
        bb_overlay_free(s);
        int rc = read_parts(s, path, dirs[k], &ifile, &iline, err);
        if (rc == -2 && k == ndirs - 1)
            bb_include_error(ifile ? ifile : path, iline, dirs, ndirs, err);
        free(ifile);
        if (rc != -2)
            return rc;
    }
    return -1;
}

int bb_overlay_arg(bb_scenario *s, const char *arg, const char *incdir, bb_errors *err)
{
    config_t *c = calloc(1, sizeof *c);
    if (!c || keep(s, c) != 0) {
        free(c);
        bb_errors_add(err, "out of memory");
        return -1;
    }
    config_init(c);
    config_set_auto_convert(c, 1);
    config_set_include_dir(c, incdir);
    if (arg[0] == '<') { /* --with FILE */
        const char *file = arg + 1;
        struct stat st;
        if (stat(file, &st) != 0) {
            bb_errors_add(err, "--with %s: cannot open: %s", file, strerror(errno));
            return -1;
        }
        if (!S_ISREG(st.st_mode)) { /* a directory, FIFO or device */
            bb_errors_add(err, "--with %s: not a regular file", file);
            return -1;
        }
        if (bb_check_includes(file, incdir, err) != 0)
            return -1;
        if (!config_read_file(c, file)) {
            parse_error(c, file, err);
            return -1;
        }
        if (lay(config_root_setting(&s->cfg), config_root_setting(c), true, true, true) != 0) {
            bb_errors_add(err, "out of memory");
            return -1;
        }
        return 0;
    }
    /* --add LIST=ENTRY: "LIST = ( ENTRY );" read as a file */
    const char *eq = strchr(arg + 1, '=');
    size_t k = eq ? (size_t)(eq - arg - 1) : 0;
    bool known = false;
    for (size_t i = 0; i < sizeof LISTS / sizeof LISTS[0] && eq; i++)
        known = known || (strlen(LISTS[i]) == k && strncmp(arg + 1, LISTS[i], k) == 0);
    if (!known) {
        bb_errors_add(err, "--add %s: expected LIST={ ... } with LIST one of investments, "
                           "surges, changes, planned", arg + 1);
        return -1;
    }
    size_t n = strlen(arg) + 16;
    char *text = malloc(n);
    if (!text) {
        bb_errors_add(err, "out of memory");
        return -1;
    }
    snprintf(text, n, "%.*s = ( %s );", (int)k, arg + 1, eq + 1);
    int ok = config_read_string(c, text);
    free(text);
    if (!ok) {
        bb_errors_add(err, "--add %s: %s", arg + 1, config_error_text(c));
        return -1;
    }
    config_setting_t *root = config_root_setting(&s->cfg);
    char key[32];
    snprintf(key, sizeof key, "%.*s", (int)k, arg + 1);
    if (!config_setting_get_member(root, key) && !config_setting_add(root, key, CONFIG_TYPE_LIST)) {
        bb_errors_add(err, "out of memory");
        return -1;
    }
    if (lay(root, config_root_setting(c), true, false, true) != 0) {
        bb_errors_add(err, "out of memory");
        return -1;
    }
    return 0;
}
