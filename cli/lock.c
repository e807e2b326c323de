/*
 * lock.c - one bbsim at a time per output directory.
 *
 * Two runs into one directory would each commit a whole set, but one
 * after the other's files could mix. A run takes flock(LOCK_EX) on the
 * directory itself (released by the kernel when the process ends, even
 * killed) and writes who it is into DIR/.bbsim.lock (pid, command,
 * since when), removed when it is done. A second run does not wait: it
 * fails at once, exit 1, naming the holder from that file.
 */
#include "cli.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static int lock_fd = -1;
static char info_path[4200];

int cli_lock_dir(const char *dir, bb_errors *err)
{
    if (lock_fd >= 0)
        return 0; /* one directory per process */
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        bb_errors_add(err, "%s: cannot open the output directory: %s", dir, strerror(errno));
        return -1;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/.bbsim.lock", dir);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        char who[600] = "";
        int in = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (in >= 0) {
            ssize_t r = read(in, who, sizeof who - 1);
            who[r > 0 ? r : 0] = 0;
            who[strcspn(who, "\n")] = 0;
            close(in);
        }
        close(fd);
        if (e == EWOULDBLOCK)
            bb_errors_add(err, "%s: another bbsim is writing to this directory (%s); wait for it "
                               "to finish or choose another -o", dir,
                          *who ? who : "its pid is not known");
        else
            bb_errors_add(err, "%s: cannot lock the output directory: %s", dir, strerror(e));
        return -1;
    }
    lock_fd = fd;
    snprintf(info_path, sizeof info_path, "%s", path);
    /* who holds it: for the message of a second run (best effort) */
    int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (out >= 0) {
        char line[700], when[40];
        time_t now = time(NULL);
        struct tm tm;
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&now, &tm));
        int n = snprintf(line, sizeof line, "pid %ld, %s, since %s\n", (long)getpid(),
                         cli_command_line(), when);
        ssize_t w = write(out, line, n > 0 && (size_t)n < sizeof line ? (size_t)n : 0);
        (void)w;
        close(out);
    }
    return 0;
}

void cli_unlock_dir(void)
{
    if (lock_fd < 0)
        return;
    unlink(info_path);
    close(lock_fd); /* releases the flock */
    lock_fd = -1;
}
