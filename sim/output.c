/*
 * output.c - CSV formatting and files that are whole or absent.
 *
 * An output file is written to a hidden temporary name in its final
 * directory (.NAME.PID.RANDOM.tmp, created with O_EXCL|O_NOFOLLOW, so a
 * planted file or symlink is never written through), then flushed and
 * fsync'ed. A set of files (bb_out_commit_set) is renamed over the final
 * names only when every one of them is written and synced and every
 * final name is a regular file or free (rename is atomic within a file
 * system), so a reader never sees a half-written CSV and a failed run
 * replaces nothing. The temporaries that exist are listed, so a
 * front-end interrupted by a signal can remove them
 * (bb_out_remove_temporaries).
 *
 * A killed run leaves its temporaries behind; the next run that writes
 * NAME into the same directory removes those whose process is gone. Tests can make writes fail after N bytes
 * (bb_out_fail_after) to see what a full disk does.
 */
#define _GNU_SOURCE /* fopencookie, for the write-failure hook */
#include "internal.h"
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/random.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
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

void bb_csv_nums(FILE *f, const double *v, int n)
{
    for (int i = 0; i < n; i++) {
        fputc(',', f);
        bb_csv_num(f, v[i]);
    }
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
        bb_errors_add(err, "the output directory name is empty");
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

/* ---- the stream of an output file ----
 *
 * A stdio stream (fopencookie) over the file descriptor, so that the
 * first write error is kept with its errno: stdio drops a failed buffer
 * and a later fflush may succeed, leaving only a stale errno to report. */

typedef struct outfd {
    int fd;
    int err;  /* errno of the first failed write, 0 if none */
} outfd;

static long fail_budget = -1; /* test hook: bytes left before ENOSPC; -1 off */

void bb_out_fail_after(long bytes) { fail_budget = bytes; }

static ssize_t out_write(void *cookie, const char *buf, size_t n)
{
    outfd *o = cookie;
    size_t want = n, done = 0;
    if (fail_budget >= 0 && (long)want > fail_budget)
        want = (size_t)fail_budget; /* what still fits on the "disk" */
    while (done < want) {
        ssize_t w = write(o->fd, buf + done, want - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            if (!o->err)
                o->err = errno;
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)w;
    }
    if (fail_budget >= 0)
        fail_budget -= (long)done;
    if (done < n) {
        errno = o->err = o->err ? o->err : ENOSPC;
        return done ? (ssize_t)done : -1;
    }
    return (ssize_t)n;
}

static int out_close(void *cookie)
{
    outfd *o = cookie;
    int rc = o->fd >= 0 ? close(o->fd) : 0;
    o->fd = -1;
    return rc;
}

/* ---- the temporaries that exist now ----
 *
 * Every temporary from bb_out_open until it is renamed or removed, so
 * that a front-end's signal handling can remove them all
 * (bb_out_remove_temporaries). Guarded by a mutex; a commit holds it
 * over its renames, so an interruption waits for a set to be whole. */

#define MAX_LIVE 256
static char *live[MAX_LIVE];
static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;

/* Call with live_mu held. */
static void live_add_locked(char *tmp)
{
    for (int i = 0; i < MAX_LIVE; i++)
        if (!live[i]) {
            live[i] = tmp;
            break;
        }
}


/* Call with live_mu held. */
static void live_drop_locked(const char *tmp)
{
    for (int i = 0; i < MAX_LIVE; i++)
        if (live[i] == tmp)
            live[i] = NULL;
}

static void live_drop(const char *tmp)
{
    pthread_mutex_lock(&live_mu);
    live_drop_locked(tmp);
    pthread_mutex_unlock(&live_mu);
}

int bb_out_remove_temporaries(void)
{
    int n = 0;
    pthread_mutex_lock(&live_mu);
    for (int i = 0; i < MAX_LIVE; i++)
        if (live[i]) {
            n += unlink(live[i]) == 0;
            live[i] = NULL; /* the owner still frees the name */
        }
    return n; /* live_mu stays held: no output is committed after this */
}

/* ---- stale temporaries ---- */

/* Remove dir/.NAME.PID.XXXXXXXX.tmp (and the older .NAME.PID.tmp) left by
 * runs that were killed: PID is not this process and no process has it.
 * A temporary of a live run (another bbsim writing the same directory) is
 * left alone. Best effort. */
static void clean_stale(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t nl = strlen(name);
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (n[0] != '.' || strncmp(n + 1, name, nl) || n[1 + nl] != '.')
            continue;
        const char *p = n + 2 + nl;
        char *end;
        errno = 0;
        long pid = strtol(p, &end, 10);
        if (*end == '.' && strlen(end) == 13 && strspn(end + 1, "0123456789abcdef") == 8)
            end += 9; /* the random part */
        if (end == p || *p == '-' || *p == '+' || errno || strcmp(end, ".tmp") ||
            pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* alive (or not ours to judge) */
        size_t len = strlen(dir) + strlen(n) + 2;
        char *path = malloc(len);
        if (path) {
            snprintf(path, len, "%s/%s", dir, n);
            unlink(path);
            free(path);
        }
    }
    closedir(d);
}

/* 32 random bits for a temporary's name (getrandom; the clock and a
 * counter should it fail). */
static uint32_t name_bits(void)
{
    static unsigned counter;
    uint32_t r;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) == (ssize_t)sizeof r)
        return r;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint32_t)ts.tv_nsec ^ (uint32_t)(ts.tv_sec << 20) ^ (++counter * 2654435761u);
}

int bb_out_open(bb_out *o, const char *dir, const char *name, bb_errors *err)
{
    memset(o, 0, sizeof *o);
    clean_stale(dir, name);
    size_t n = strlen(dir) + strlen(name) + 48;
    o->path = malloc(n);
    o->tmp = malloc(n);
    outfd *p = calloc(1, sizeof *p);
    if (!o->path || !o->tmp || !p) {
        free(p);
        bb_out_abort(o);
        bb_errors_add(err, "%s/%s: out of memory", dir, name);
        return -1;
    }
    p->fd = -1;
    snprintf(o->path, n, "%s/%s", dir, name);
    /* a fresh random name, created here and nowhere else: O_EXCL (and
     * O_NOFOLLOW) refuse a name that exists, a planted symlink too. It is
     * created and registered under live_mu, so an interruption's clean-up
     * (which holds it from then on) sees every temporary that exists */
    pthread_mutex_lock(&live_mu);
    for (int tries = 0; tries < 100 && p->fd < 0; tries++) {
        snprintf(o->tmp, n, "%s/.%s.%ld.%08x.tmp", dir, name, (long)getpid(), name_bits());
        p->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (p->fd < 0 && errno != EEXIST)
            break;
    }
    if (p->fd >= 0)
        live_add_locked(o->tmp);
    int open_errno = errno;
    pthread_mutex_unlock(&live_mu);
    if (p->fd < 0) {
        bb_errors_add(err, "%s: cannot write: %s", o->tmp, strerror(open_errno));
        free(p);
        bb_out_abort(o);
        return -1;
    }
    o->priv = p;
    cookie_io_functions_t io = {NULL, out_write, NULL, out_close};
    o->f = fopencookie(p, "w", io);
    if (!o->f) {
        bb_errors_add(err, "%s: cannot write: %s", o->tmp, strerror(errno));
        bb_out_abort(o);
        return -1;
    }
    return 0;
}

/* Rewrite the synced temporary in the Dutch dialect: into a second
 * fresh temporary (dir/.NAME~nl.PID.RANDOM.tmp, O_EXCL|O_NOFOLLOW),
 * synced, which then replaces the first. Returns 0 or -1 (message in err, the second one removed). */
static int to_nl(bb_out *o, bb_errors *err)
{
    const char *slash = strrchr(o->path, '/');
    size_t dl = slash ? (size_t)(slash - o->path) : 1;
    const char *base = slash ? slash + 1 : o->path;
    size_t n = strlen(o->path) + 40;
    char *dir = malloc(dl + 1), *nm = malloc(strlen(base) + 4), *tmp = malloc(n);
    int rc = -1;
    FILE *in = NULL, *out = NULL;
    if (!dir || !nm || !tmp) {
        bb_errors_add(err, "out of memory");
        goto done;
    }
    snprintf(dir, dl + 1, "%s", slash ? o->path : ".");
    snprintf(nm, strlen(base) + 4, "%s~nl", base);
    clean_stale(dir, nm);
    int fd = -1;
    for (int tries = 0; tries < 100 && fd < 0; tries++) {
        snprintf(tmp, n, "%s/.%s.%ld.%08x.tmp", dir, nm, (long)getpid(), name_bits());
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    in = fd >= 0 ? fopen(o->tmp, "r") : NULL;
    out = in ? fdopen(fd, "w") : NULL;
    if (!out && fd >= 0)
        close(fd);
    if (!in || !out) {
        bb_errors_add(err, "%s: cannot write: %s", in ? tmp : o->tmp, strerror(errno));
        goto done;
    }
    errno = 0;
    if (bb_csv_to_nl(in, out) != 0 || fflush(out) != 0 || fsync(fileno(out)) != 0) {
        bb_errors_add(err, "%s: write failed: %s", o->path, strerror(errno ? errno : EIO));
        goto done;
    }
    int e = fclose(out);
    out = NULL;
    if (e != 0 || rename(tmp, o->tmp) != 0) {
        bb_errors_add(err, "%s: write failed: %s", o->path, strerror(errno ? errno : EIO));
        goto done;
    }
    rc = 0;
done:
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    if (rc != 0 && tmp)
        unlink(tmp);
    free(dir);
    free(nm);
    free(tmp);
    return rc;
}

/* Flush, check and fsync one file and close its stream; the temporary
 * stays. Returns 0 or -1 (message). */
static int out_sync(bb_out *o, bb_errors *err)
{
    int rc = 0;
    outfd *p = o->priv;
    errno = 0;
    if (fflush(o->f) != 0 || ferror(o->f) || p->err || fsync(p->fd) != 0) {
        int e = p->err ? p->err : errno ? errno : EIO;
        bb_errors_add(err, "%s: write failed: %s", o->path, strerror(e));
        rc = -1;
    }
    if (fclose(o->f) != 0 && rc == 0) {
        bb_errors_add(err, "%s: write failed: %s", o->path, strerror(errno ? errno : EIO));
        rc = -1;
    }
    o->f = NULL;
    if (rc == 0 && o->dialect == BB_CSV_NL)
        rc = to_nl(o, err); /* the Dutch dialect, into the same temporary name */
    return rc;
}

/* What is at an output's final name may be replaced only if it is a
 * regular file (or a symbolic link, which rename replaces, never its
 * target) or nothing: rename would turn a FIFO or a device into a
 * regular file, and fails on a directory only after the others. */
static int check_dest(const bb_out *o, bb_errors *err)
{
    struct stat st;
    if (lstat(o->path, &st) != 0)
        return errno == ENOENT ? 0 : (bb_errors_add(err, "%s: cannot replace: %s", o->path,
                                                     strerror(errno)), -1);
    if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
        return 0;
    bb_errors_add(err, "%s: exists and is not a regular file (%s); not replaced", o->path,
                  S_ISDIR(st.st_mode) ? "a directory" : "a device, pipe or socket");
    return -1;
}

/* fsync the directory of a path, so the renames are on disk too. */
static void sync_dir(const char *path)
{
    char *d = strdup(path);
    if (!d)
        return;
    char *slash = strrchr(d, '/');
    if (slash)
        slash[slash == d ? 1 : 0] = 0;
    int fd = open(slash ? d : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(d);
}

int bb_out_commit_set(bb_out *f, int n, bb_errors *err)
{
    int rc = 0;
    for (int i = 0; i < n; i++) /* every file written and on disk first */
        if (f[i].priv && f[i].f && out_sync(&f[i], err) != 0)
            rc = -1;
    for (int i = 0; i < n && rc == 0; i++)
        if (f[i].priv && check_dest(&f[i], err) != 0)
            rc = -1;
    if (rc == 0) {
        pthread_mutex_lock(&live_mu); /* an interruption waits for the renames */
        for (int i = 0; i < n; i++) {
            if (!f[i].priv || !f[i].tmp)
                continue;
            bool gone = true;
            for (int k = 0; k < MAX_LIVE; k++)
                gone &= live[k] != f[i].tmp;
            if (gone) { /* removed by bb_out_remove_temporaries */
                rc = -1;
                continue;
            }
            if (rc == 0 && rename(f[i].tmp, f[i].path) != 0) {
                bb_errors_add(err, "%s: cannot rename into place: %s", f[i].path, strerror(errno));
                rc = -1;
            }
            if (rc == 0) {
                live_drop_locked(f[i].tmp);
                free(f[i].tmp);
                f[i].tmp = NULL; /* renamed: nothing to remove */
            }
        }
        pthread_mutex_unlock(&live_mu);
        for (int i = 0; i < n; i++)
            if (f[i].priv && !f[i].tmp) {
                sync_dir(f[i].path);
                break;
            }
    }
    for (int i = 0; i < n; i++)
        if (f[i].priv)
            bb_out_abort(&f[i]); /* removes what was not renamed, frees */
    return rc;
}

int bb_out_commit(bb_out *o, bb_errors *err) { return bb_out_commit_set(o, 1, err); }

void bb_out_abort(bb_out *o)
{
    if (o->f)
        fclose(o->f);
    else if (o->priv)
        out_close(o->priv);
    if (o->tmp && o->priv) {
        live_drop(o->tmp);
        unlink(o->tmp); /* after a commit the name is gone already */
    }
    free(o->priv);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}

/* summary.csv rows (yearly false: the whole run's) or yearly.csv rows. */
static void summary_rows(FILE *f, const bb_summary *s, const char *scenario, bool yearly)
{
    for (int i = 0; i < bb_summary_rows(s); i++) {
        const char *metric, *group;
        double mean, lo, hi;
        int year = bb_summary_year(s, i);
        if ((year != 0) != yearly)
            continue;
        bb_summary_get(s, i, &metric, &group, &mean, &lo, &hi);
        bb_csv_str(f, scenario);
        if (yearly)
            fprintf(f, ",%d", year);
        fputc(',', f);
        bb_csv_str(f, metric);
        fputc(',', f);
        bb_csv_str(f, group);
        bb_csv_nums(f, (const double[]){mean, lo, hi}, 3);
        fprintf(f, ",%d\n", bb_summary_defined(s, i));
    }
}

void bb_summary_write(FILE *f, const bb_summary *s, const char *scenario, int header)
{
    if (header)
        fputs("scenario,metric,group,mean,ci_low,ci_high,reps\n", f);
    summary_rows(f, s, scenario, false);
}

void bb_yearly_write(FILE *f, const bb_summary *s, const char *scenario, int header)
{
    if (header)
        fputs("scenario,year,metric,group,mean,ci_low,ci_high,reps\n", f);
    summary_rows(f, s, scenario, true);
}

/* One budget.csv row, with the mean and interval of the values x (NULL:
 * none, a line that is not modelled). */
static void budget_row(FILE *f, int reps, const char *scenario, int year, const char *line,
                       const char *label, const char *status, double budget, const double *x)
{
    double mean = NAN, lo = NAN, hi = NAN;
    if (x)
        bb_metric_ci("cost_eur", x, reps, &mean, &lo, &hi);
    fprintf(f, "%s,%d,", scenario, year);
    bb_csv_str(f, line);
    fputc(',', f);
    bb_csv_str(f, label);
    fputc(',', f);
    bb_csv_str(f, status);
    bb_csv_nums(f, (const double[]){budget, mean, lo, hi, budget - mean}, 5);
    fprintf(f, ",%d\n", reps);
}

/* budget.csv: per calendar year, each budget line's budget against the
 * cash the model charged to it (found by the schema's row of the line
 * and year), the modelled lines together, and the opportunity cost
 * beside them. */
void bb_budget_write(FILE *f, const bb_summary *s, const bb_scenario *sc,
                     const char *scenario, int header)
{
    if (header)
        fputs("scenario,year,line,label,status,budget_eur,cost_mean,cost_ci_low,cost_ci_high,"
              "gap_eur,reps\n", f);
    int reps = bb_summary_reps(s), nr = reps ? reps : 1;
    int y0 = bb_date_year(sc->start_day), y1 = bb_date_year(sc->end_day - 1);
    double *x = malloc((size_t)nr * 2 * sizeof *x), *v = x + nr;
    if (!x)
        return;
    for (int y = y0; y <= y1; y++) {
        double budget_all = 0;
        for (int r = 0; r < reps; r++)
            x[r] = 0;
        int found = 0;
        for (int l = 0; l < sc->nlines; l++) {
            const bb_budget_line *bl = &sc->line[l];
            int i = bb_schema_budget_row(sc, l, y);
            if (i < 0 || i >= bb_summary_rows(s))
                continue;
            found++;
            double budget = bb_line_budget(bl, y);
            if (!bl->modelled) {
                budget_row(f, reps, scenario, y, bl->name, bl->label, "not modelled", budget, NULL);
                continue;
            }
            for (int r = 0; r < reps; r++) {
                v[r] = bb_summary_value(s, i, r);
                x[r] += v[r];
            }
            budget_all += budget;
            budget_row(f, reps, scenario, y, bl->name, bl->label, "modelled", budget, v);
        }
        if (!found)
            continue;
        budget_row(f, reps, scenario, y, "all", "All modelled lines", "modelled", budget_all, x);
        int io = bb_summary_find_year(s, "cost_opportunity_eur", "all", y);
        if (io < 0)
            continue;
        for (int r = 0; r < reps; r++)
            v[r] = bb_summary_value(s, io, r);
        budget_row(f, reps, scenario, y, "opportunity",
                   "Regular police hours given to guarding (no budget line, not added in)",
                   "opportunity cost", NAN, v);
    }
    free(x);
}
