/*
 * colour.c - colour vision deficiency simulation, CIELAB and the colour
 * pairs of the view (see colour.h).
 */
#include "colour.h"

#include <math.h>

#include "draw.h"

/* Machado et al. (2009), severity 1.0, on linear RGB. */
static const double M[3][3][3] = {
    {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216},
     {-0.003882, -0.048116, 1.051998}}, /* protanopia */
    {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413},
     {-0.011820, 0.042940, 0.968881}}, /* deuteranopia */
    {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602},
     {0.004733, 0.691367, 0.303900}}, /* tritanopia */
};

static double lin(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double gam(double c)
{
    c = fmin(1.0, fmax(0.0, c));
    return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055;
}

static void to_lin(uint32_t rgb, double v[3])
{
    v[0] = lin(((rgb >> 16) & 255) / 255.0);
    v[1] = lin(((rgb >> 8) & 255) / 255.0);
    v[2] = lin((rgb & 255) / 255.0);
}

static uint32_t from_lin(const double v[3])
{
    uint32_t r = (uint32_t)lround(gam(v[0]) * 255), g = (uint32_t)lround(gam(v[1]) * 255),
             b = (uint32_t)lround(gam(v[2]) * 255);
    return r << 16 | g << 8 | b;
}

uint32_t vz_see(uint32_t rgb, int k)
{
    double v[3], o[3];
    to_lin(rgb, v);
    if (k == VZ_SEE_GREY) {
        double y = 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
        o[0] = o[1] = o[2] = y;
        return from_lin(o);
    }
    if (k < VZ_SEE_PROTAN || k > VZ_SEE_TRITAN)
        return rgb & 0xFFFFFFu;
    const double(*m)[3] = M[k - VZ_SEE_PROTAN];
    for (int i = 0; i < 3; i++)
        o[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
    return from_lin(o);
}

static double f_lab(double t)
{
    return t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
}

void vz_lab(uint32_t rgb, double lab[3])
{
    double v[3];
    to_lin(rgb, v);
    double x = (0.4124 * v[0] + 0.3576 * v[1] + 0.1805 * v[2]) / 0.95047;
    double y = 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    double z = (0.0193 * v[0] + 0.1192 * v[1] + 0.9505 * v[2]) / 1.08883;
    double fx = f_lab(x), fy = f_lab(y), fz = f_lab(z);
    lab[0] = 116 * fy - 16;
    lab[1] = 500 * (fx - fy);
    lab[2] = 200 * (fy - fz);
}

double vz_delta_e(uint32_t a, uint32_t b)
{
    double p[3], q[3];
    vz_lab(a, p);
    vz_lab(b, q);
    return sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
                (p[2] - q[2]) * (p[2] - q[2]));
}

double vz_delta_l(uint32_t a, uint32_t b)
{
    double p[3], q[3];
    vz_lab(a, p);
    vz_lab(b, q);
    return fabs(p[0] - q[0]);
}

/* What the view tells apart by colour (draw.h), with what each demands:
 * fills next to each other or on their background at least 15 in
 * Delta E and 10 in lightness, in grey too; waiting and borrowed also
 * 12 apart in lightness (and borrowed areas are hatched in a dark
 * brown 30 apart from waiting); lines of the
 * queue chart at least 10 from each other (not in grey: there their
 * labels tell them apart) and 20 from the white plot. */
const vz_pair VZ_PAIRS[] = {
    {VZ_C_USE_TINT, VZ_C_BOX, 15, 10, 1, "capacity in use (box fill) on the box"},
    {VZ_C_BORROW_TINT, VZ_C_BOX, 15, 10, 1, "borrowing (box fill) on the box"},
    {VZ_C_USE_TINT, VZ_C_BORROW_TINT, 10, 0, 1, "the two box fills"},
    {VZ_C_USE, VZ_C_BG, 30, 30, 1, "own use (area) on the plot"},
    {VZ_C_BORROW, VZ_C_BG, 30, 30, 1, "borrowed (area) on the plot"},
    {VZ_C_USE, VZ_C_BORROW, 12, 0, 0, "own use and borrowed areas (separate charts)"},
    {VZ_C_BORROW_TINT, VZ_C_BORROW_DARK, 30, 30, 1, "borrowed for interim measures on the hatched rest"},
    {VZ_C_OVER, VZ_C_USE, 15, 10, 1, "use above capacity on use"},
    {VZ_C_WAIT, VZ_C_BORROW, 15, 12, 1, "waiting and borrowed"},
    {VZ_C_WAIT, VZ_C_BORROW_DARK, 30, 30, 1, "waiting and the hatching of borrowed"},
    {VZ_C_BAND, VZ_C_BG, 5, 3, 1, "a band over replications on the plot"},
    {VZ_C_INFO, VZ_C_ADVICE, 10, 10, 1, "information and assessment lines"},
    {VZ_C_INFO, VZ_C_DECISION, 10, 0, 0, "information and decision lines"},
    {VZ_C_INFO, VZ_C_WAIT, 10, 0, 0, "information and waiting lines"},
    {VZ_C_ADVICE, VZ_C_DECISION, 10, 0, 0, "assessment and decision lines"},
    {VZ_C_ADVICE, VZ_C_WAIT, 10, 0, 0, "assessment and waiting lines"},
    {VZ_C_DECISION, VZ_C_WAIT, 10, 0, 0, "decision and waiting lines"},
    {VZ_C_INFO, VZ_C_BG, 20, 0, 1, "information line on the plot"},
    {VZ_C_WAIT, VZ_C_BG, 20, 0, 1, "waiting line on the plot"},
    {VZ_C_DECISION, VZ_C_BG, 20, 0, 1, "decision line on the plot"},
    {VZ_C_GHOST, VZ_C_BG, 20, 15, 1, "the unchanged run's line on the plot"},
    {VZ_C_BETTER, VZ_C_WORSE, 20, 15, 1, "better and worse (B minus A)"},
    {VZ_C_EVENT, VZ_C_BG, 10, 0, 1, "event marks on the axis"},
};
const int VZ_NPAIRS = (int)(sizeof VZ_PAIRS / sizeof VZ_PAIRS[0]);
