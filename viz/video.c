/*
 * video.c - frames piped to ffmpeg (see video.h).
 *
 * fork + execv, no shell: the file name is passed as it is. SIGPIPE is
 * ignored while a video is open, so an ffmpeg that dies makes a write
 * fail with EPIPE instead of ending bbview.
 */
#include "video.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int vz_video_find(char *buf, size_t n)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *e = strchr(path, ':');
        size_t len = e ? (size_t)(e - path) : strlen(path);
        if (len > 0 && len + 8 < n) {
            snprintf(buf, n, "%.*s/ffmpeg", (int)len, path);
            if (access(buf, X_OK) == 0)
                return 0;
        }
        path += len + (e ? 1 : 0);
    }
    return -1;
}

int vz_video_open(vz_video *v, const char *file, int w, int h, int fps, char *err, size_t errn)
{
    memset(v, 0, sizeof *v);
    v->fd = -1;
    char exe[4096];
    if (vz_video_find(exe, sizeof exe) != 0) {
        snprintf(err, errn,
                 "--video needs ffmpeg, which is not installed (on Debian: "
                 "sudo apt-get install ffmpeg); --frames DIR writes the pictures without it");
        return -1;
    }
    snprintf(v->path, sizeof v->path, "%s", file);
    /* a fresh temporary beside the file (O_EXCL|O_NOFOLLOW: never a
     * planted name or symlink), which ffmpeg then fills */
    {
        const char *slash = strrchr(file, '/');
        int dl = slash ? (int)(slash - file) + 1 : 0;
        int fd = -1;
        for (int i = 0; i < 100 && fd < 0; i++) {
            snprintf(v->tmp, sizeof v->tmp, "%.*s.%s.%ld.%d%04x.part", dl, file,
                     slash ? slash + 1 : file, (long)getpid(), i, (unsigned)rand() & 0xffff);
            fd = open(v->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
            if (fd < 0 && errno != EEXIST)
                break;
        }
        if (fd < 0) {
            snprintf(err, errn, "%s: cannot write: %s", v->tmp, strerror(errno));
            return -1;
        }
        close(fd);
    }
    v->w = w;
    v->h = h;
    char size[32], rate[16];
    snprintf(size, sizeof size, "%dx%d", w, h);
    snprintf(rate, sizeof rate, "%d", fps);
    const char *argv[] = {exe, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-f", "rawvideo", "-pixel_format", "bgra", "-video_size", size,
                    "-framerate", rate, "-i", "pipe:0",
                    "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264",
                    "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
                    "-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
                    "-map_metadata", "-1", "-movflags", "+faststart", "-f", "mp4", v->tmp, NULL};
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(err, errn, "cannot make a pipe for ffmpeg: %s", strerror(errno));
        remove(v->tmp);
        return -1;
    }
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errn, "cannot start ffmpeg: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        remove(v->tmp);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[0], 0);
        close(fds[0]);
        close(fds[1]);
        execv(exe, (char *const *)argv);
        _exit(127);
    }
    close(fds[0]);
    v->pid = pid;
    v->fd = fds[1];
    return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t k = write(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

int vz_video_frame(vz_video *v, SDL_Surface *s, char *err, size_t errn)
{
    if (v->fd < 0 || s->w != v->w || s->h != v->h)
        return -1;
    SDL_LockSurface(s);
    int rc = 0;
    for (int y = 0; y < s->h && rc == 0; y++)
        rc = write_all(v->fd, (const char *)s->pixels + (size_t)y * (size_t)s->pitch,
                       (size_t)s->w * 4);
    SDL_UnlockSurface(s);
    if (rc != 0)
        snprintf(err, errn, "ffmpeg stopped taking frames (%s)", strerror(errno));
    return rc;
}

int vz_video_close(vz_video *v, int ok, char *err, size_t errn)
{
    if (v->fd >= 0)
        close(v->fd);
    v->fd = -1;
    int st = 0;
    if (v->pid > 0 && waitpid(v->pid, &st, 0) < 0)
        st = -1;
    v->pid = 0;
    signal(SIGPIPE, SIG_DFL);
    int good = st == 0;
    if (ok && !good)
        snprintf(err, errn, "ffmpeg failed (status %d); no video written", st);
    struct stat ds;
    if (ok && good && lstat(v->path, &ds) == 0 && !S_ISREG(ds.st_mode) && !S_ISLNK(ds.st_mode)) {
        snprintf(err, errn, "%s: exists and is not a regular file; not replaced", v->path);
        good = 0;
    }
    if (ok && good && rename(v->tmp, v->path) != 0) {
        snprintf(err, errn, "%s: %s", v->path, strerror(errno));
        good = 0;
    }
    if (!ok || !good)
        remove(v->tmp);
    return ok && good ? 0 : -1;
}
