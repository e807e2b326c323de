/*
 * png.c - PNG output through libpng (see png.h).
 *
 * The surface is converted to packed RGB24 by SDL, then handed to libpng
 * row by row. libpng reports errors by longjmp to the png_jmpbuf.
 */
#include "png.h"

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
        snprintf(err, errn, "libpng failed while writing");
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
        snprintf(err, errn, "cannot convert the image: %s", SDL_GetError());
        return -1;
    }
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        SDL_FreeSurface(rgb);
        snprintf(err, errn, "out of memory");
        return -1;
    }
    snprintf(tmp, n, "%s.part", path);
    int rc = -1;
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(err, errn, "%s: %s", tmp, strerror(errno));
    } else {
        SDL_LockSurface(rgb);
        rc = write_file(f, rgb, err, errn);
        SDL_UnlockSurface(rgb);
        if (fclose(f) != 0 && rc == 0) {
            snprintf(err, errn, "%s: %s", tmp, strerror(errno));
            rc = -1;
        }
        if (rc == 0 && rename(tmp, path) != 0) {
            snprintf(err, errn, "%s: %s", path, strerror(errno));
            rc = -1;
        }
        if (rc != 0)
            remove(tmp);
    }
    free(tmp);
    SDL_FreeSurface(rgb);
    return rc;
}
