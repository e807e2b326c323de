/*
 * colour.h - the view's colours as seen with a colour vision deficiency.
 *
 * Pure functions: the simulation of protanopia, deuteranopia and
 * tritanopia by the matrices of Machado, Oliveira and Fernandes (2009,
 * "A physiologically-based model for simulation of color vision
 * deficiency", IEEE TVCG 15(6), severity 1.0) on linear sRGB, and grey
 * (the luminance alone, as on a grey print or a washed-out projector);
 * CIELAB (D65) and the CIE76 distance between two colours. The pairs of
 * colours the view relies on to tell things apart are listed here, so a
 * test checks each pair in every simulation.
 */
#ifndef VZ_COLOUR_H
#define VZ_COLOUR_H

#include <stdint.h>

enum vz_vision { VZ_SEE_NORMAL, VZ_SEE_PROTAN, VZ_SEE_DEUTAN, VZ_SEE_TRITAN, VZ_SEE_GREY,
                 VZ_SEE_KINDS };

/* 0xRRGGBB as seen in vision kind `k`. */
uint32_t vz_see(uint32_t rgb, int k);
/* CIELAB of 0xRRGGBB (D65 white). */
void vz_lab(uint32_t rgb, double lab[3]);
/* CIE76 distance (Delta E*ab) and lightness difference |L1 - L2|. */
double vz_delta_e(uint32_t a, uint32_t b);
double vz_delta_l(uint32_t a, uint32_t b);

/* Two colours that must stay apart in every vision kind (grey only when
 * `grey`: lines are told apart in grey by their labels): at least min_e
 * in Delta E, and at least min_l in lightness (0: no demand). */
typedef struct vz_pair {
    uint32_t a, b;
    double min_e, min_l;
    int grey;
    const char *what;
} vz_pair;
extern const vz_pair VZ_PAIRS[];
extern const int VZ_NPAIRS;

#endif
