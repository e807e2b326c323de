/*
 * video.h - an MP4 file from the view's frames through ffmpeg
 * (bbview --video FILE.mp4).
 *
 * ffmpeg (Debian package `ffmpeg`) is started as a child process with a
 * pipe to its standard input; every frame goes down the pipe as raw
 * BGRA pixels, ffmpeg encodes H.264 (yuv420p, bit-exact flags) into
 * FILE.part, which is renamed to FILE when ffmpeg ends well. Without
 * ffmpeg on PATH nothing starts and the message says how to get it.
 */
#ifndef VZ_VIDEO_H
#define VZ_VIDEO_H

#include <SDL.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct vz_video {
    pid_t pid;
    int fd;         /* the pipe to ffmpeg's standard input */
    int w, h;
    char path[4096], tmp[4110];
} vz_video;

/* ffmpeg's path on PATH into buf: 0, or -1 when it is not installed. */
int vz_video_find(char *buf, size_t n);
/* Start ffmpeg for w x h frames at fps into `file`. 0, or -1 with a
 * message in err (ffmpeg missing: how to install it). */
int vz_video_open(vz_video *v, const char *file, int w, int h, int fps, char *err, size_t errn);
/* Send one frame (an ARGB8888 surface of w x h). 0 or -1 (ffmpeg died). */
int vz_video_frame(vz_video *v, SDL_Surface *s, char *err, size_t errn);
/* Close the pipe and wait for ffmpeg; when `ok` and it ended well, the
 * file takes its name. 0 or -1 (then no file is left). */
int vz_video_close(vz_video *v, int ok, char *err, size_t errn);

#endif
