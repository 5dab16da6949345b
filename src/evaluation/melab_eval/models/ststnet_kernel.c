/* STSTNet's three streams in training mode, fused: 3×3 convolution (padding 2) of the 16 stacked filters,
 * ReLU, the batch statistics of batch norm and the 3×3 / stride 3 / padding 1 pooling, one sample at a time
 * so that everything stays in the core's cache (models/ststnet_kernel.py explains the algebra; this file is
 * compiled there, once per machine, with REAL = float or double and COUT = 16).
 *
 * forward:  per channel the sums of ReLU(z) and ReLU(z)² over all outputs of the batch (double), and per
 *           pooling window the max of s·z (s = −1 where batch norm's scale γ < 0: a min) with the first
 *           pixel in scan order holding it, as nn.MaxPool2d picks it.
 * backward: the weight and bias gradients of dL/dz = 1{z > 0}·(offset + slope·z + g at the window's pixel),
 *           recomputing z (cheaper than storing it).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KS 3      /* convolution kernel */
#define PAD 2     /* convolution padding */
#define PK 3      /* pooling kernel = stride */
#define PPAD 1    /* pooling padding */
#define MAXK 64   /* input channels × 9 */

typedef struct {
    int64_t cin, h, w, ph, pw, oh, ow, wh, ww, kk;
} geometry;

static int make_geometry(int64_t cin, int64_t h, int64_t w, geometry* g) {
    g->cin = cin; g->h = h; g->w = w;
    g->ph = h + 2 * PAD; g->pw = w + 2 * PAD;
    g->oh = g->ph - KS + 1; g->ow = g->pw - KS + 1;
    g->wh = (g->oh + 2 * PPAD - PK) / PK + 1; g->ww = (g->ow + 2 * PPAD - PK) / PK + 1;
    g->kk = cin * KS * KS;
    return g->kk <= MAXK ? 0 : -1;
}

/* sample → zero-padded copy [cin][h+4][w+4], so that every patch is read without bounds checks */
static void pad_sample(const REAL* x, const geometry* g, REAL* buf) {
    memset(buf, 0, sizeof(REAL) * g->cin * g->ph * g->pw);
    for (int64_t c = 0; c < g->cin; c++)
        for (int64_t y = 0; y < g->h; y++)
            memcpy(buf + (c * g->ph + y + PAD) * g->pw + PAD, x + (c * g->h + y) * g->w, sizeof(REAL) * g->w);
}

/* z[COUT] = bias + W·patch at output pixel (py, px); wt is W transposed [kk][COUT] */
static inline void conv_at(const REAL* buf, const geometry* g, int64_t py, int64_t px, const REAL* wt,
                           const REAL* bias, REAL* restrict patch, REAL* restrict z) {
    int64_t k = 0;
    for (int64_t c = 0; c < g->cin; c++)
        for (int64_t dy = 0; dy < KS; dy++)
            for (int64_t dx = 0; dx < KS; dx++)
                patch[k++] = buf[(c * g->ph + py + dy) * g->pw + px + dx];
    for (int64_t o = 0; o < COUT; o++) z[o] = bias[o];
    for (k = 0; k < g->kk; k++) {
        const REAL v = patch[k];
        const REAL* wk = wt + k * COUT;
        for (int64_t o = 0; o < COUT; o++) z[o] += v * wk[o];
    }
}

static void transpose_weight(const REAL* weight, int64_t kk, REAL* wt) {
    for (int64_t o = 0; o < COUT; o++)
        for (int64_t k = 0; k < kk; k++) wt[k * COUT + o] = weight[o * kk + k];
}

int ststnet_forward(const REAL* x, const int64_t* idx, int64_t batch, int64_t cin, int64_t h, int64_t w,
                    const REAL* weight, const REAL* bias, const REAL* sign, double* sum, double* sumsq,
                    REAL* pooled, int32_t* argmax) {
    geometry g;
    if (make_geometry(cin, h, w, &g)) return -1;
    REAL wt[MAXK * COUT], patch[MAXK];
    REAL* buf = malloc(sizeof(REAL) * g.cin * g.ph * g.pw);
    if (!buf) return -2;
    transpose_weight(weight, g.kk, wt);
    const int64_t nw = g.wh * g.ww;
    for (int64_t o = 0; o < COUT; o++) sum[o] = sumsq[o] = 0.0;
    for (int64_t b = 0; b < batch; b++) {
        pad_sample(x + idx[b] * cin * h * w, &g, buf);
        REAL* pb = pooled + b * COUT * nw;
        int32_t* ab = argmax + b * COUT * nw;
        for (int64_t i = 0; i < COUT * nw; i++) { pb[i] = -INFINITY; ab[i] = -1; }
        double s[COUT] = {0}, s2[COUT] = {0};
        for (int64_t py = 0; py < g.oh; py++) {
            const int64_t wy = (py + PPAD) / PK;
            for (int64_t px = 0; px < g.ow; px++) {
                REAL z[COUT];
                conv_at(buf, &g, py, px, wt, bias, patch, z);
                for (int64_t o = 0; o < COUT; o++) {
                    const double r = z[o] > 0 ? (double)z[o] : 0.0;
                    s[o] += r;
                    s2[o] += r * r;
                }
                const int64_t wx = (px + PPAD) / PK;
                if (wy < g.wh && wx < g.ww) {
                    const int64_t wi = wy * g.ww + wx;
                    for (int64_t o = 0; o < COUT; o++) {
                        const REAL v = sign[o] * z[o];
                        if (v > pb[o * nw + wi]) { pb[o * nw + wi] = v; ab[o * nw + wi] = (int32_t)(py * g.ow + px); }
                    }
                }
            }
        }
        for (int64_t o = 0; o < COUT; o++) {
            sum[o] += s[o];
            sumsq[o] += s2[o];
            for (int64_t i = 0; i < nw; i++) pb[o * nw + i] *= sign[o];
        }
    }
    free(buf);
    return 0;
}

int ststnet_backward(const REAL* x, const int64_t* idx, int64_t batch, int64_t cin, int64_t h, int64_t w,
                     const REAL* weight, const REAL* bias, const REAL* offset, const REAL* slope,
                     const REAL* gsel, const int32_t* argmax, double* dweight, double* dbias) {
    geometry g;
    if (make_geometry(cin, h, w, &g)) return -1;
    REAL wt[MAXK * COUT], patch[MAXK], dwt[MAXK * COUT], dbs[COUT];
    REAL* buf = malloc(sizeof(REAL) * g.cin * g.ph * g.pw);
    if (!buf) return -2;
    transpose_weight(weight, g.kk, wt);
    const int64_t nw = g.wh * g.ww;
    memset(dweight, 0, sizeof(double) * COUT * g.kk);
    memset(dbias, 0, sizeof(double) * COUT);
    for (int64_t b = 0; b < batch; b++) {
        pad_sample(x + idx[b] * cin * h * w, &g, buf);
        const REAL* gb = gsel + b * COUT * nw;
        const int32_t* ab = argmax + b * COUT * nw;
        memset(dwt, 0, sizeof(dwt));
        memset(dbs, 0, sizeof(dbs));
        for (int64_t py = 0; py < g.oh; py++) {
            const int64_t wy = (py + PPAD) / PK;
            for (int64_t px = 0; px < g.ow; px++) {
                REAL z[COUT], dz[COUT];
                conv_at(buf, &g, py, px, wt, bias, patch, z);
                for (int64_t o = 0; o < COUT; o++) dz[o] = z[o] > 0 ? offset[o] + slope[o] * z[o] : 0;
                const int64_t wx = (px + PPAD) / PK;
                if (wy < g.wh && wx < g.ww) {
                    const int64_t wi = wy * g.ww + wx;
                    const int32_t here = (int32_t)(py * g.ow + px);
                    for (int64_t o = 0; o < COUT; o++)
                        if (ab[o * nw + wi] == here && z[o] > 0) dz[o] += gb[o * nw + wi];
                }
                for (int64_t k = 0; k < g.kk; k++) {
                    const REAL v = patch[k];
                    REAL* dk = dwt + k * COUT;
                    for (int64_t o = 0; o < COUT; o++) dk[o] += v * dz[o];
                }
                for (int64_t o = 0; o < COUT; o++) dbs[o] += dz[o];
            }
        }
        for (int64_t o = 0; o < COUT; o++) {
            for (int64_t k = 0; k < g.kk; k++) dweight[o * g.kk + k] += dwt[k * COUT + o];
            dbias[o] += dbs[o];
        }
    }
    free(buf);
    return 0;
}
