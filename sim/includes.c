/*
 * includes.c - read a scenario file and pre-check it and its @include
 * targets before libconfig parses them.
 *
 * libconfig 1.5 has ways to end or hang the process and to misread
 * numbers that the loader must catch first:
 *   - an @include that opens a directory makes its flex scanner call
 *     exit(2) ("input in flex scanner failed"); a FIFO or a terminal
 *     blocks for ever. libconfig always puts the include directory in
 *     front of the name (an absolute "/x" becomes "DIR//x"), so the
 *     check resolves every target exactly that way and refuses what is
 *     not a regular file;
 *   - an include nested deeper than 10, a cycle, or a file not found
 *     come back as one vague "cannot open include file": here each is
 *     named, with where it was looked for (the scenario's directory,
 *     then ./scenarios) and the chain of a cycle;
 *   - integers are 32 bits and taken modulo 2^32 (4294967298 reads as
 *     2); a 64-bit one needs the L suffix;
 *   - parsing is quadratic in string length and in members per group.
 * So the whole input is bounded (BB_MAX_INPUT_BYTES over the file and its
 * includes, BB_MAX_STRING_BYTES per string, BB_MAX_MEMBERS per group or
 * list, BB_MAX_NESTING brackets), checked here by a lexical scan that
 * follows the includes as libconfig splices them in. The scenario file
 * is read once, whole, so it may be a FIFO or /dev/stdin; the loader
 * gives libconfig that text.
 */
#include "internal.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 10 /* libconfig 1.5's MAX_INCLUDE_DEPTH */

typedef struct scan {
    bb_errors *err;
    bool report;               /* add messages (else only count) */
    const char *dir;           /* this attempt's include directory */
    const char *const *dirs;   /* all of them, for the message of a missing one */
    int ndirs;
    bool quiet_missing;        /* leave missing targets to libconfig (bb_check_includes) */
    int depth;                 /* files in the chain */
    const char *chain[MAX_DEPTH + 1];
    dev_t dev[MAX_DEPTH + 1];
    ino_t ino[MAX_DEPTH + 1];
    int missing, hard;         /* includes not found; other errors */
    long long total;           /* bytes over all files */
    int top;                   /* bracket stack, shared across files */
    char kind[BB_MAX_NESTING + 1];   /* 'g' group, 'l' list or array */
    int count[BB_MAX_NESTING + 1];
    bool over[BB_MAX_NESTING + 1];   /* reported already */
    char name[BB_MAX_NESTING + 1][64]; /* the setting each bracket opens */
    bool oom;
} scan;

#define ERR(s, ...)                                                                           \
    do {                                                                                      \
        (s)->hard++;                                                                          \
        if ((s)->report)                                                                      \
            bb_errors_add((s)->err, __VA_ARGS__);                                             \
    } while (0)

/* "dir/name" for a message (no doubled slash); libconfig's own
 * concatenation is DIR "/" NAME. */
static void shown(char *dst, size_t n, const char *dir, const char *name)
{
    size_t l = strlen(dir);
    snprintf(dst, n, "%s%s%s", dir, l && dir[l - 1] == '/' ? "" : "/", name);
}

/* Read a whole file from an open descriptor, at most `room` bytes (more:
 * *over). Returns the text (NUL-terminated, *n bytes) or NULL with errno. */
static char *read_fd(int fd, long long room, size_t *n, bool *over)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    *over = false;
    while (buf) {
        if (len == cap) {
            if ((long long)cap > room) {
                *over = true;
                break;
            }
            char *b = realloc(buf, 2 * cap + 1);
            if (!b) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            errno = e;
            return NULL;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (!buf) {
        errno = ENOMEM;
        return NULL;
    }
    if ((long long)len > room)
        *over = true;
    buf[len] = 0;
    *n = len;
    return buf;
}

static void scan_text(scan *s, const char *file, const char *buf, size_t n);

/* The chain of files from the scenario down to `name`, for a cycle. */
static void chain_text(const scan *s, const char *name, char *dst, size_t cap)
{
    size_t k = 0;
    dst[0] = 0;
    for (int i = 0; i < s->depth && k < cap; i++)
        k += (size_t)snprintf(dst + k, cap - k, "%s -> ", s->chain[i]);
    if (k < cap)
        snprintf(dst + k, cap - k, "%s", name);
}

/* One @include "name" at file:line, resolved under the include directory
 * as libconfig does; a regular file is scanned in place. */
static void include(scan *s, const char *file, int line, const char *name)
{
    size_t len = strlen(s->dir) + strlen(name) + 2;
    char *target = malloc(len), where[1024];
    if (!target) {
        s->oom = true;
        ERR(s, "out of memory");
        return;
    }
    snprintf(target, len, "%s/%s", s->dir, name); /* exactly libconfig's path */
    shown(where, sizeof where, s->dir, name);
    struct stat st;
    if (stat(target, &st) != 0) {
        int e = errno;
        s->missing++;
        if (s->report && !s->quiet_missing) {
            char all[2048] = "";
            size_t k = 0;
            for (int i = 0; i < s->ndirs && k < sizeof all - 2; i++) {
                char one[1024];
                shown(one, sizeof one, s->dirs[i], name);
                k += (size_t)snprintf(all + k, sizeof all - k, "%s%s", i ? ", " : "", one);
            }
            bb_errors_add(s->err, "%s:%d: cannot open @include \"%s\": looked for %s (%s; an "
                          "@include is looked for beside the scenario given, then in ./scenarios "
                          "and the installed scenarios)", file, line, name, all, strerror(e));
        }
        free(target);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        ERR(s, "%s:%d: @include \"%s\" is not a regular file (%s is %s)", file, line, name, where,
            S_ISDIR(st.st_mode) ? "a directory" : "a device, pipe or socket");
        free(target);
        return;
    }
    for (int i = 0; i < s->depth; i++)
        if (s->dev[i] == st.st_dev && s->ino[i] == st.st_ino) {
            char chain[2048];
            chain_text(s, where, chain, sizeof chain);
            if (i == s->depth - 1)
                ERR(s, "%s:%d: @include \"%s\" includes the file itself", file, line, name);
            else
                ERR(s, "%s:%d: @include \"%s\" makes a cycle: %s", file, line, name, chain);
            free(target);
            return;
        }
    if (s->depth >= MAX_DEPTH + 1) {
        char chain[2048];
        chain_text(s, where, chain, sizeof chain);
        ERR(s, "%s:%d: @include \"%s\" nests includes deeper than %d: %s", file, line, name,
            MAX_DEPTH, chain);
        free(target);
        return;
    }
    /* O_NONBLOCK: should it have become a FIFO since the stat, do not wait */
    int fd = open(target, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    struct stat st2;
    if (fd < 0 || fstat(fd, &st2) != 0 || !S_ISREG(st2.st_mode)) {
        ERR(s, "%s:%d: cannot open include file \"%s\": %s (%s)", file, line, name,
            fd < 0 ? strerror(errno) : "not a regular file", where);
        if (fd >= 0)
            close(fd);
        free(target);
        return;
    }
    size_t nb = 0;
    bool over = false;
    char *text = read_fd(fd, BB_MAX_INPUT_BYTES - s->total, &nb, &over);
    int e = errno;
    close(fd);
    if (!text) {
        s->oom |= e == ENOMEM;
        ERR(s, "%s: cannot read: %s", where, strerror(e));
    } else if (over) {
        ERR(s, "%s:%d: @include \"%s\": the scenario with its includes is over %d MB, the bound "
               "(see docs/robustness.md)", file, line, name, BB_MAX_INPUT_BYTES >> 20);
    } else {
        s->total += (long long)nb;
        s->chain[s->depth] = where;
        s->dev[s->depth] = st2.st_dev;
        s->ino[s->depth] = st2.st_ino;
        s->depth++;
        scan_text(s, where, text, nb);
        s->depth--;
    }
    free(text);
    free(target);
}

/* A number token at buf[i] (a sign or a digit): libconfig reads an
 * integer without L as 32 bits modulo 2^32, with L as 64 bits saturated;
 * refuse what does not fit. Returns the index after the token. */
static size_t number(scan *s, const char *file, int line, const char *key, const char *buf,
                     size_t i)
{
    size_t j = i;
    bool neg = buf[j] == '-';
    if (buf[j] == '-' || buf[j] == '+')
        j++;
    bool hex = buf[j] == '0' && (buf[j + 1] == 'x' || buf[j + 1] == 'X');
    if (hex)
        j += 2;
    size_t d0 = j;
    while (hex ? isxdigit((unsigned char)buf[j]) : isdigit((unsigned char)buf[j]))
        j++;
    if (!hex && (buf[j] == '.' || buf[j] == 'e' || buf[j] == 'E')) {
        while (isdigit((unsigned char)buf[j]) || (buf[j] && strchr(".eE+-", buf[j])))
            j++;
        return j; /* a float */
    }
    bool l64 = buf[j] == 'L';
    uint64_t v = 0;
    bool big = false;
    for (size_t k = d0; k < j; k++) {
        int dg = isdigit((unsigned char)buf[k]) ? buf[k] - '0' : (tolower(buf[k]) - 'a' + 10);
        uint64_t base = hex ? 16 : 10;
        if (v > (UINT64_MAX - (uint64_t)dg) / base)
            big = true;
        else
            v = v * base + (uint64_t)dg;
    }
    uint64_t lim = l64 ? (uint64_t)INT64_MAX + (neg && !hex) : (uint64_t)INT_MAX + (neg && !hex);
    if (hex && !l64)
        lim = 0x7fffffff; /* 0xFFFFFFFF would read as -1 */
    if (j > d0 && (big || v > lim)) {
        char num[48];
        snprintf(num, sizeof num, "%.*s", (int)(j - i < 40 ? j - i : 40), buf + i);
        if (l64)
            ERR(s, "%s:%d: %s: %sL does not fit a 64-bit integer", file, line, key, num);
        else
            ERR(s, "%s:%d: %s: %s does not fit a 32-bit integer (libconfig would take it "
                   "modulo 2^32); write %sL for a 64-bit integer", file, line, key, num, num);
    }
    while (buf[j] == 'L')
        j++;
    return j;
}

/* Scan a file as libconfig's scanner does for what matters here: block
 * comments, line comments (# and //) and strings hide everything; an
 * @include counts only at the start of a line, after blanks. */
static void scan_text(scan *s, const char *file, const char *buf, size_t n)
{
    enum { NORMAL, STRING, BLOCK, LINE } state = NORMAL;
    int line = 1, str_line = 0;
    bool bol = true;          /* at the start of a line (blanks skipped) */
    bool after_str = false;   /* adjacent strings are one string */
    bool str_over = false;
    long long str_len = 0;
    char key[128] = "(top level)";
    for (size_t i = 0; i < n && s->hard < 100; i++) {
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
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f')
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
                        include(s, file, line, name);
                    i = k;
                    bol = false;
                    continue;
                }
            }
            bol = false;
            if (c == '"') {
                if (!after_str) {
                    str_len = 0;
                    str_over = false;
                    str_line = line;
                }
                state = STRING;
                continue;
            }
            if (c == '#' || (c == '/' && buf[i + 1] == '/')) {
                state = LINE;
                continue;
            }
            if (c == '/' && buf[i + 1] == '*') {
                state = BLOCK;
                i++;
                continue;
            }
            after_str = false;
            if (c == '{' || c == '(' || c == '[') {
                if (s->top >= BB_MAX_NESTING) {
                    ERR(s, "%s:%d: groups and lists nest deeper than %d, the bound", file, line,
                        BB_MAX_NESTING);
                    return;
                }
                s->top++;
                s->kind[s->top] = c == '{' ? 'g' : 'l';
                s->count[s->top] = c == '{' ? 0 : 1;
                s->over[s->top] = false;
                snprintf(s->name[s->top], sizeof s->name[0], "%s", key);
            } else if (c == '}' || c == ')' || c == ']') {
                if (s->top > 0)
                    s->top--;
            } else if ((c == '=' || c == ':') && s->kind[s->top] == 'g') {
                s->count[s->top]++;
            } else if (c == ',' && s->kind[s->top] == 'l') {
                s->count[s->top]++;
            } else if (isalpha((unsigned char)c) || c == '*') {
                size_t k = i, m = 0;
                while (isalnum((unsigned char)buf[k]) || buf[k] == '_' || buf[k] == '-' ||
                       buf[k] == '*') {
                    if (m + 1 < sizeof key)
                        key[m++] = buf[k];
                    k++;
                }
                key[m] = 0;
                i = k - 1;
            } else if (isdigit((unsigned char)c) ||
                       ((c == '-' || c == '+') && isdigit((unsigned char)buf[i + 1]))) {
                i = number(s, file, line, key, buf, i) - 1;
            }
            if (s->count[s->top] > BB_MAX_MEMBERS && !s->over[s->top]) {
                s->over[s->top] = true;
                ERR(s, "%s:%d: %s: a %s of more than %d members, the bound (see docs/robustness.md)",
                    file, line, s->top ? s->name[s->top] : "(top level)",
                    s->kind[s->top] == 'g' ? "group" : "list", BB_MAX_MEMBERS);
            }
            break;
        case STRING:
            if (c == '\\' && i + 1 < n && buf[i + 1] != '\n')
                i++;
            else if (c == '"') {
                state = NORMAL;
                after_str = true;
                break;
            }
            if (++str_len > BB_MAX_STRING_BYTES && !str_over) {
                str_over = true;
                ERR(s, "%s:%d: %s: a string longer than %d bytes, the bound (see docs/robustness.md)",
                    file, str_line, key, BB_MAX_STRING_BYTES);
            }
            break;
        case BLOCK:
            if (c == '*' && buf[i + 1] == '/') {
                state = NORMAL;
                i++;
            }
            break;
        case LINE:
            break;
        }
    }
}

/* One pass over the scenario text with include directory dir. */
static void attempt(scan *s, const char *path, const char *text, size_t n, const struct stat *st)
{
    s->depth = 1;
    s->chain[0] = path;
    s->dev[0] = st->st_dev;
    s->ino[0] = st->st_ino;
    s->top = 0;
    s->kind[0] = 'g';
    s->count[0] = 0;
    s->over[0] = false;
    s->missing = s->hard = 0;
    s->total = (long long)n;
    scan_text(s, path, text, n);
}

/* Read path whole from an open descriptor (the bound checked). */
static char *read_scenario(const char *path, size_t *len, struct stat *st, int *rc, bb_errors *err)
{
    *rc = BB_ERR_INPUT;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 || fstat(fd, st) != 0 || S_ISDIR(st->st_mode)) {
        bb_errors_add(err, "%s: cannot open: %s", path, fd < 0 ? strerror(errno) : strerror(EISDIR));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    bool over = false;
    char *buf = read_fd(fd, BB_MAX_INPUT_BYTES, len, &over);
    int e = errno;
    close(fd);
    if (!buf) {
        bb_errors_add(err, "%s: %s: %s", path, e == ENOMEM ? "cannot read it whole" : "cannot read",
                      strerror(e));
        *rc = e == ENOMEM ? BB_ERR_RUN : BB_ERR_INPUT;
        return NULL;
    }
    if (over) {
        bb_errors_add(err, "%s: the file is over %d MB, the bound for a scenario with its includes "
                           "(see docs/robustness.md)", path, BB_MAX_INPUT_BYTES >> 20);
        free(buf);
        return NULL;
    }
    return buf;
}

int bb_scenario_read_checked(const char *path, const char *const *dirs, int ndirs, char **text,
                             size_t *len, int *dir, bb_errors *err)
{
    *text = NULL;
    struct stat st;
    int rc;
    char *buf = read_scenario(path, len, &st, &rc, err);
    if (!buf)
        return rc;
    /* Find the include directory under which every @include resolves:
     * the scenario's own, else the next ones in turn. Count first, then
     * report. */
    scan s = {.err = err, .dirs = dirs, .ndirs = ndirs, .quiet_missing = ndirs == 1};
    int k = 0, found = -1;
    for (k = 0; k < ndirs && found < 0; k++) {
        s.dir = dirs[k];
        attempt(&s, path, buf, *len, &st);
        if (s.hard)
            break; /* report this attempt */
        if (s.missing == 0)
            found = k;
    }
    if (found < 0 && ndirs == 1 && !s.hard) {
        found = 0; /* bb_check_includes: a missing target is libconfig's to report */
    } else if (found < 0) {
        if (!s.hard) /* missing everywhere: say where it was looked for */
            s.dir = dirs[0];
        s.report = true;
        attempt(&s, path, buf, *len, &st);
        free(buf);
        return s.oom ? BB_ERR_RUN : BB_ERR_INPUT;
    }
    *dir = found;
    *text = buf;
    return BB_OK;
}

int bb_check_includes(const char *path, const char *include_dir, bb_errors *err)
{
    char *text = NULL;
    size_t len = 0;
    int k = 0;
    int rc = bb_scenario_read_checked(path, &include_dir, 1, &text, &len, &k, err);
    free(text);
    return rc == BB_OK ? 0 : -1;
}
