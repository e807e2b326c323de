/*
 * png.c - PNG output through libpng (see png.h).
 *
 * The surface is converted to packed RGB24 by SDL, then handed to libpng
 * row by row. libpng reports errors by longjmp to the png_jmpbuf. The
 * file is written as the library's outputs are (bb_out_open, commit):
 * whole or absent, never through a planted symlink, never over
 * anything but a regular file.
 */
#include "png.h"
#include "bbsim.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_file(FILE *f, SDL_Surface *rgb, char *err, size_t errn)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (!png) {
        snprintf(err, errn, "out of memory");
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        snprintf(err, errn, "out of memory");
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        snprintf(err, errn, "write failed: %s", errno ? strerror(errno) : "libpng error");
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)rgb->w, (png_uint_32)rgb->h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 6);
    png_write_info(png, info);
    for (int y = 0; y < rgb->h; y++)
        png_write_row(png, (png_const_bytep)rgb->pixels + (size_t)y * (size_t)rgb->pitch);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int vz_png_write(SDL_Surface *s, const char *path, char *err, size_t errn)
{
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
    if (!rgb) {
        snprintf(err, errn, "%s: cannot convert the image: %s", path, SDL_GetError());
        return -1;
    }
    /* through the library's atomic outputs: a fresh temporary (O_EXCL,
     * O_NOFOLLOW) in the file's directory, renamed only over a regular
     * file or a new name (never over a FIFO or a device) */
    char *dir = strdup(path);
    if (!dir) {
        SDL_FreeSurface(rgb);
        snprintf(err, errn, "%s: out of memory", path);
        return -1;
    }
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash == dir)
        dir[1] = 0;
    else if (slash)
        *slash = 0;
    bb_errors e;
    bb_errors_init(&e);
    bb_out o;
    int rc = -1;
    if (!*base) {
        snprintf(err, errn, "%s: not a file name", path);
    } else if (bb_out_open(&o, slash ? dir : ".", base, &e) == 0) {
        SDL_LockSurface(rgb);
        rc = write_file(o.f, rgb, err, errn);
        SDL_UnlockSurface(rgb);
        if (rc != 0) {
            char why[256];
            snprintf(why, sizeof why, "%s", err);
            snprintf(err, errn, "%s: %s", path, why);
            bb_out_abort(&o);
        } else if (bb_out_commit(&o, &e) != 0) {
            rc = -1;
        }
    }
    if (e.n)
        snprintf(err, errn, "%s", e.msg[0]);
    bb_errors_free(&e);
    free(dir);
    SDL_FreeSurface(rgb);
    return rc;
}
