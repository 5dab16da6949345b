"""LBP-TOP codes against a hand-computed 3×3×3 example and an independent per-voxel loop."""
import math

import pytest
import torch

from melab_eval.handcrafted.lbp_top import LBPTOP, lbp_top_codes, n_bins, uniform_table

# The worked example. Volume V[t][y][x]: frame t=0 all 60, frame t=1 the grid below, frame t=2 all 45.
#        x=0 x=1 x=2
#   y=0   10  20  30
#   y=1   40  50  60         centre voxel (t=1, y=1, x=1) = 50
#   y=2   70  80  90
# Neighbour p (P=8, R=1) sits at (row, col) offset (−sin(2πp/8), cos(2πp/8)): p=0 right, p=2 up, p=4 left,
# p=6 down; diagonals are bilinear mixes with weights a=0.70711, b=0.29289: a·b=0.20711 for each of the two
# on-axis pixels, a·a=0.5 for the corner, b·b=0.08579 for the centre. Bit p = [g_p ≥ g_c].
# XY plane (t=1, rows y, columns x):
#   p0 right 60 ≥ 50 → 1
#   p1 up-right .20711·20 + .5·30 + .08579·50 + .20711·60 = 35.86 → 0
#   p2 up 20 → 0;  p3 up-left .20711·20 + .5·10 + 4.289 + .20711·40 = 21.72 → 0;  p4 left 40 → 0
#   p5 down-left .20711·40 + .5·70 + 4.289 + .20711·80 = 64.14 → 1;  p6 down 80 → 1
#   p7 down-right .20711·60 + .5·90 + 4.289 + .20711·80 = 78.28 → 1
#   code = 1 + 32 + 64 + 128 = 225 (11100001: two transitions, uniform)
# XT plane (y=1; rows t = 60 60 60 / 40 50 60 / 45 45 45, columns x):
#   p0 60 → 1; p1 .20711·60 + .5·60 + 4.289 + .20711·60 = 59.14 → 1; p2 60 → 1;
#   p3 .20711·60 + .5·60 + 4.289 + .20711·40 = 55.0 → 1; p4 40 → 0; p5 .20711·40 + .5·45 + 4.289 + .20711·45 = 44.39 → 0;
#   p6 45 → 0; p7 .20711·60 + .5·45 + 4.289 + .20711·45 = 48.54 → 0          code = 1+2+4+8 = 15
# YT plane (x=1; rows t = 60 60 60 / 20 50 80 / 45 45 45, columns y):
#   p0 80 → 1; p1 .20711·60 + 30 + 4.289 + .20711·80 = 63.28 → 1; p2 60 → 1; p3 12.43 + 30 + 4.289 + .20711·20 = 50.86 → 1;
#   p4 20 → 0; p5 .20711·20 + 22.5 + 4.289 + .20711·45 = 40.25 → 0; p6 45 → 0;
#   p7 .20711·80 + 22.5 + 4.289 + .20711·45 = 52.68 → 1                       code = 1+2+4+8+128 = 143
# Uniform bins (uniform codes numbered in increasing order, 58 of them, non-uniform → 58):
#   15: uniform codes below it are 0,1,2,3,4,6,7,8,12,14 → bin 10.
#   143 (10001111): the 29 uniform codes with bit 7 = 0 (code 0 and, for run lengths L = 1..7, 8 − L
#       positions: 28) plus 128, 129, 131, 135 → bin 33.
#   225 (11100001): uniform codes above it: 227, 231, 239, 240, 241, 243, 247, 248, 249, 251, 252, 253, 254,
#       255 (14) → bin 58 − 1 − 14 = 43.
EXAMPLE = torch.tensor([[[60.0] * 3] * 3,
                        [[10.0, 20, 30], [40, 50, 60], [70, 80, 90]],
                        [[45.0] * 3] * 3])


def test_hand_computed_codes():
    xy, xt, yt = lbp_top_codes(EXAMPLE[None])
    assert xy.shape == xt.shape == yt.shape == (1, 1, 1, 1)
    assert (int(xy), int(xt), int(yt)) == (225, 15, 143)


def test_uniform_bins_hand_counted():
    table = uniform_table(8)
    assert n_bins(8) == 59 and int(table.max()) == 58 and int((table < 58).sum()) == 58  # P(P−1)+2 uniform
    assert (int(table[15]), int(table[143]), int(table[225])) == (10, 33, 43)
    assert int(table[0]) == 0 and int(table[255]) == 57
    assert int(table[85]) == 58  # 01010101: eight transitions, non-uniform


def test_histogram_features_of_the_example():
    f = LBPTOP(blocks=(1, 1, 1))(EXAMPLE[None])
    expected = torch.zeros(3 * 59)
    expected[0 * 59 + 43] = expected[1 * 59 + 10] = expected[2 * 59 + 33] = 1.0
    assert torch.equal(f[0], expected)


def test_constant_and_checkerboard_planes():
    flat = torch.full((1, 3, 3, 3), 77.0)
    assert [int(c) for c in lbp_top_codes(flat)] == [255, 255, 255]  # equal neighbours count as ≥ (s(0) = 1)
    chk = torch.full((1, 3, 3, 3), 50.0)
    chk[0, 1] = torch.tensor([[0.0, 100, 0], [100, 50, 100], [0, 100, 0]])
    # XY: on-axis neighbours 100 → 1; diagonals .20711·100·2 + .5·0 + 4.289 = 45.71 → 0: 01010101 = 85
    assert int(lbp_top_codes(chk)[0]) == 85


def _reference_codes(vol, rx, ry, rt, p_count=8):
    """An independent per-voxel loop (bilinear interpolation written out) for the three planes."""
    t_n, h_n, w_n = vol.shape
    mt, my, mx = math.ceil(rt), math.ceil(ry), math.ceil(rx)

    def at(t, y, x):
        return float(vol[t, y, x])

    def interp(get, r, c):
        r0, c0 = math.floor(r), math.floor(c)
        fr, fc = r - r0, c - c0
        total = 0.0
        for rr, cc, w in ((r0, c0, (1 - fr) * (1 - fc)), (r0, c0 + 1, (1 - fr) * fc), (r0 + 1, c0, fr * (1 - fc)), (r0 + 1, c0 + 1, fr * fc)):
            if w > 1e-12:
                total += w * get(rr, cc)
        return total

    out = {"xy": [], "xt": [], "yt": []}
    for t in range(mt, t_n - mt):
        for y in range(my, h_n - my):
            for x in range(mx, w_n - mx):
                gc = at(t, y, x)
                for name, get, rr_, rc_ in (("xy", lambda a, b: at(t, y + a, x + b), ry, rx),
                                            ("xt", lambda a, b: at(t + a, y, x + b), rt, rx),
                                            ("yt", lambda a, b: at(t + a, y + b, x), rt, ry)):
                    code = 0
                    for p in range(p_count):
                        ang = 2 * math.pi * p / p_count
                        r, c = round(-rr_ * math.sin(ang), 5), round(rc_ * math.cos(ang), 5)
                        if interp(get, r, c) >= gc - 1e-3:
                            code |= 1 << p
                    out[name].append(code)
    return out


@pytest.mark.parametrize("radii", [(1.0, 1.0, 1.0), (2.0, 1.0, 1.0), (1.0, 1.0, 2.0)])
def test_against_an_independent_loop(radii):
    g = torch.Generator().manual_seed(3)
    vol = torch.randint(0, 8, (6, 7, 8), generator=g).float() * 30  # many ties, to exercise s(0) = 1
    ref = _reference_codes(vol, *radii)
    got = lbp_top_codes(vol[None], radii=radii)
    for name, codes in zip(("xy", "xt", "yt"), got):
        assert codes.flatten().tolist() == ref[name]


def test_block_grid_shape_and_normalisation():
    clips = torch.randint(0, 256, (2, 8, 22, 22)).float()
    f = LBPTOP(blocks=(5, 5, 2))(clips)
    assert f.shape == (2, 5 * 5 * 2 * 3 * 59) == (2, LBPTOP(blocks=(5, 5, 2)).dim)
    assert torch.allclose(f.view(2, 50, 3, 59).sum(-1), torch.ones(2, 50, 3))
    with pytest.raises(ValueError, match="too small"):
        lbp_top_codes(torch.zeros(1, 2, 5, 5))
