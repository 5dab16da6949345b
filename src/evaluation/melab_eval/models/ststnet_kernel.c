/* STSTNet's three streams in training mode, fused: 3×3 convolution (padding 2) of the 16 stacked filters,
 * ReLU, the batch statistics of batch norm and the 3×3 / stride 3 / padding 1 pooling, one sample at a time
 * and one output row at a time, so that everything stays in the core's cache (models/ststnet_kernel.py
 * explains the algebra; it compiles this file once per machine with REAL_BITS = 32 or 64, COUT = 16 and
 * CIN = the input channels).
 *
 * forward:  per channel the sums of ReLU(z) and ReLU(z)² over all outputs of the batch (double), and per
 *           pooling window the max of s·z (s = −1 where batch norm's scale γ < 0: a min) with the first
 *           pixel in scan order holding it, as nn.MaxPool2d picks it.
 * backward: the weight and bias gradients of dL/dz = 1{z > 0}·(offset + slope·z + g at the window's pixel),
 *           recomputing z (cheaper than storing it).
 *
 * Channels are the vector lanes (GCC/Clang vector extensions): COUT values are NV vectors of 32 bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KS 3      /* convolution kernel */
#define PAD 2     /* convolution padding */
#define PK 3      /* pooling kernel = stride */
#define PPAD 1    /* pooling padding */
#define KK (CIN * KS * KS)
#define PXB 4     /* output pixels computed together (their sums stay in registers) */

#if REAL_BITS == 64
typedef double REAL;
typedef int64_t lane;                        /* an integer as wide as REAL */
#else
typedef float REAL;
typedef int32_t lane;
#endif
typedef REAL vreal __attribute__((vector_size(32)));
typedef lane vmask __attribute__((vector_size(32)));   /* comparisons: lanes of −1 / 0 */
#define VL ((int)(sizeof(vreal) / sizeof(REAL)))
#define NV (COUT / VL)

/* m ? a : b, lane by lane */
static inline vreal pick(vmask m, vreal a, vreal b) { return (vreal)(((vmask)a & m) | ((vmask)b & ~m)); }

typedef struct {
    int64_t h, w, ph, pw, oh, ow, wh, ww, nw;
} geometry;

static geometry make_geometry(int64_t h, int64_t w) {
    geometry g;
    g.h = h; g.w = w;
    g.ph = h + 2 * PAD; g.pw = w + 2 * PAD;
    g.oh = g.ph - KS + 1; g.ow = g.pw - KS + 1;
    g.wh = (g.oh + 2 * PPAD - PK) / PK + 1; g.ww = (g.ow + 2 * PPAD - PK) / PK + 1;
    g.nw = g.wh * g.ww;
    return g;
}

/* per-call scratch: the padded sample, one row of z, the sample's pooling windows [nw][COUT] */
typedef struct {
    REAL* buf;
    vreal* zrow;
    vreal* dzrow;
    vreal* best;
    vmask* arg;
    vreal* gsel;
} scratch;

static int make_scratch(const geometry* g, scratch* s) {
    s->buf = malloc(sizeof(REAL) * CIN * g->ph * g->pw);
    s->zrow = aligned_alloc(32, sizeof(vreal) * NV * (g->ow + PXB));
    s->dzrow = aligned_alloc(32, sizeof(vreal) * NV * (g->ow + PXB));
    s->best = aligned_alloc(32, sizeof(vreal) * NV * g->nw);
    s->arg = aligned_alloc(32, sizeof(vmask) * NV * g->nw);
    s->gsel = aligned_alloc(32, sizeof(vreal) * NV * g->nw);
    return s->buf && s->zrow && s->dzrow && s->best && s->arg && s->gsel ? 0 : -2;
}

static void free_scratch(scratch* s) {
    free(s->buf); free(s->zrow); free(s->dzrow); free(s->best); free(s->arg); free(s->gsel);
}

/* sample → zero-padded copy [CIN][h+4][w+4], so that every patch is read without bounds checks */
static void pad_sample(const REAL* restrict x, const geometry* g, REAL* restrict buf) {
    memset(buf, 0, sizeof(REAL) * CIN * g->ph * g->pw);
    for (int64_t c = 0; c < CIN; c++)
        for (int64_t y = 0; y < g->h; y++)
            memcpy(buf + (c * g->ph + y + PAD) * g->pw + PAD, x + (c * g->h + y) * g->w, sizeof(REAL) * g->w);
}

/* W [COUT][KK] → wt [KK][NV] vectors, and the bias as vectors */
static void vector_weight(const REAL* weight, const REAL* bias, vreal* wt, vreal* bv) {
    for (int k = 0; k < KK; k++)
        for (int o = 0; o < COUT; o++) ((REAL*)wt)[k * COUT + o] = weight[o * KK + k];
    memcpy(bv, bias, sizeof(REAL) * COUT);
}

/* zrow[px] = bias + W·patch(py, px) for every output pixel px of row py */
static void conv_row(const REAL* restrict buf, const geometry* g, int64_t py, const vreal* restrict wt,
                     const vreal* restrict bv, vreal* restrict zrow) {
    const int64_t ow = g->ow, ph = g->ph, pw = g->pw;
    for (int64_t px = 0; px < ow; px += PXB) {      /* zrow has room for a last partial block */
        vreal acc[PXB][NV];
        for (int j = 0; j < PXB; j++)
            for (int n = 0; n < NV; n++) acc[j][n] = bv[n];
        const int64_t cols = px + PXB + KS - 1 <= pw ? PXB : pw - KS + 1 - px;
        for (int c = 0; c < CIN; c++)
            for (int dy = 0; dy < KS; dy++) {
                const REAL* row = buf + (c * ph + py + dy) * pw + px;
                for (int dx = 0; dx < KS; dx++) {
                    const vreal* wk = wt + ((c * KS + dy) * KS + dx) * NV;
                    if (cols == PXB) {
                        for (int j = 0; j < PXB; j++) {
                            const REAL v = row[j + dx];
                            for (int n = 0; n < NV; n++) acc[j][n] += v * wk[n];
                        }
                    } else {
                        for (int j = 0; j < cols; j++) {
                            const REAL v = row[j + dx];
                            for (int n = 0; n < NV; n++) acc[j][n] += v * wk[n];
                        }
                    }
                }
            }
        for (int j = 0; j < PXB; j++)
            for (int n = 0; n < NV; n++) zrow[(px + j) * NV + n] = acc[j][n];
    }
}

int ststnet_forward(const REAL* x, const int64_t* idx, int64_t batch, int64_t h, int64_t w,
                    const REAL* weight, const REAL* bias, const REAL* sign, double* sum, double* sumsq,
                    REAL* pooled, int32_t* argmax) {
    const geometry g = make_geometry(h, w);
    scratch s;
    if (make_scratch(&g, &s)) { free_scratch(&s); return -2; }
    vreal wt[KK * NV], bv[NV], sv[NV];
    vector_weight(weight, bias, wt, bv);
    memcpy(sv, sign, sizeof(REAL) * COUT);
    const REAL* sg = sign;
    for (int o = 0; o < COUT; o++) sum[o] = sumsq[o] = 0.0;
    for (int64_t b = 0; b < batch; b++) {
        pad_sample(x + idx[b] * CIN * h * w, &g, s.buf);
        for (int64_t i = 0; i < NV * g.nw; i++) { s.best[i] = (vreal){0} - INFINITY; s.arg[i] = (vmask){0} - 1; }
        for (int64_t py = 0; py < g.oh; py++) {
            conv_row(s.buf, &g, py, wt, bv, s.zrow);
            vreal rs[NV] = {0}, rs2[NV] = {0};        /* one row's sums, then added in double */
            for (int64_t px = 0; px < g.ow; px++)
                for (int n = 0; n < NV; n++) {
                    const vreal zv = s.zrow[px * NV + n];
                    const vreal r = pick(zv > 0, zv, (vreal){0});
                    rs[n] += r;
                    rs2[n] += r * r;
                }
            for (int o = 0; o < COUT; o++) { sum[o] += ((REAL*)rs)[o]; sumsq[o] += ((REAL*)rs2)[o]; }
            const int64_t wy = (py + PPAD) / PK;
            if (wy >= g.wh) continue;
            for (int64_t px = 0; px < g.ow; px++) {
                const int64_t wx = (px + PPAD) / PK;
                if (wx >= g.ww) continue;
                vreal* best = s.best + (wy * g.ww + wx) * NV;
                vmask* arg = s.arg + (wy * g.ww + wx) * NV;
                const vmask here = (vmask){0} + (lane)(py * g.ow + px);
                for (int n = 0; n < NV; n++) {
                    const vreal v = sv[n] * s.zrow[px * NV + n];
                    const vmask more = v > best[n];
                    best[n] = pick(more, v, best[n]);
                    arg[n] = (here & more) | (arg[n] & ~more);
                }
            }
        }
        REAL* pb = pooled + b * COUT * g.nw;
        int32_t* ab = argmax + b * COUT * g.nw;
        const REAL* best = (const REAL*)s.best;
        const lane* arg = (const lane*)s.arg;
        for (int64_t i = 0; i < g.nw; i++)
            for (int o = 0; o < COUT; o++) {
                pb[o * g.nw + i] = sg[o] * best[i * COUT + o];
                ab[o * g.nw + i] = (int32_t)arg[i * COUT + o];
            }
    }
    free_scratch(&s);
    return 0;
}

int ststnet_backward(const REAL* x, const int64_t* idx, int64_t batch, int64_t h, int64_t w,
                     const REAL* weight, const REAL* bias, const REAL* offset, const REAL* slope,
                     const REAL* gsel, const int32_t* argmax, double* dweight, double* dbias) {
    const geometry g = make_geometry(h, w);
    scratch s;
    if (make_scratch(&g, &s)) { free_scratch(&s); return -2; }
    vreal wt[KK * NV], bv[NV], off[NV], slo[NV];
    vector_weight(weight, bias, wt, bv);
    memcpy(off, offset, sizeof(REAL) * COUT);
    memcpy(slo, slope, sizeof(REAL) * COUT);
    memset(dweight, 0, sizeof(double) * COUT * KK);
    memset(dbias, 0, sizeof(double) * COUT);
    for (int64_t b = 0; b < batch; b++) {
        pad_sample(x + idx[b] * CIN * h * w, &g, s.buf);
        const REAL* gb = gsel + b * COUT * g.nw;
        const int32_t* ab = argmax + b * COUT * g.nw;
        REAL* gsel_s = (REAL*)s.gsel;
        lane* arg_s = (lane*)s.arg;
        for (int64_t i = 0; i < g.nw; i++)
            for (int o = 0; o < COUT; o++) {
                gsel_s[i * COUT + o] = gb[o * g.nw + i];
                arg_s[i * COUT + o] = ab[o * g.nw + i];
            }
        vreal dw[KK * NV], db[NV];
        memset(dw, 0, sizeof(dw));
        memset(db, 0, sizeof(db));
        for (int64_t py = 0; py < g.oh; py++) {
            conv_row(s.buf, &g, py, wt, bv, s.zrow);
            const int64_t wy = (py + PPAD) / PK;
            for (int64_t px = 0; px < g.ow; px++) {
                const int64_t wx = (px + PPAD) / PK;
                const int pooled_here = wy < g.wh && wx < g.ww;
                const int64_t wi = (wy * g.ww + wx) * NV;
                const vmask here = (vmask){0} + (lane)(py * g.ow + px);
                for (int n = 0; n < NV; n++) {
                    const vreal zv = s.zrow[px * NV + n];
                    vreal d = off[n] + slo[n] * zv;
                    if (pooled_here) d += pick(s.arg[wi + n] == here, s.gsel[wi + n], (vreal){0});
                    s.dzrow[px * NV + n] = pick(zv > 0, d, (vreal){0});
                }
            }
            for (int64_t px = 0; px < g.ow; px++)
                for (int n = 0; n < NV; n++) db[n] += s.dzrow[px * NV + n];
            for (int c = 0; c < CIN; c++)
                for (int dy = 0; dy < KS; dy++) {
                    const REAL* row = s.buf + (c * g.ph + py + dy) * g.pw;
                    vreal acc[KS][NV];
                    memset(acc, 0, sizeof(acc));
                    for (int64_t px = 0; px < g.ow; px++)
                        for (int dx = 0; dx < KS; dx++) {
                            const REAL v = row[px + dx];
                            for (int n = 0; n < NV; n++) acc[dx][n] += v * s.dzrow[px * NV + n];
                        }
                    for (int dx = 0; dx < KS; dx++)
                        for (int n = 0; n < NV; n++) dw[((c * KS + dy) * KS + dx) * NV + n] += acc[dx][n];
                }
        }
        const REAL* dwr = (const REAL*)dw;
        const REAL* dbr = (const REAL*)db;
        for (int o = 0; o < COUT; o++) {
            for (int k = 0; k < KK; k++) dweight[o * KK + k] += dwr[k * COUT + o];
            dbias[o] += dbr[o];
        }
    }
    free_scratch(&s);
    return 0;
}
