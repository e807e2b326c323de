/*
 * png.h - saving what the view drew as a PNG file (libpng).
 *
 * The file is written under a temporary name next to the target and
 * renamed into place when complete, so an interrupted run never leaves a
 * half image under the final name.
 */
#ifndef VZ_PNG_H
#define VZ_PNG_H

#include <SDL.h>
#include <stddef.h>

/* Write surface s as an 8-bit RGB PNG to path. Returns 0, or -1 with a
 * message in err. */
int vz_png_write(SDL_Surface *s, const char *path, char *err, size_t errn);

#endif
