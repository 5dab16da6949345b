"""LBP-TOP: local binary patterns on three orthogonal planes (DFME paper Sec. 4.4.2, ref. [17] Zhao and
Pietikäinen, "Dynamic Texture Recognition Using Local Binary Patterns with an Application to Facial
Expressions", IEEE TPAMI 29(6), 2007), in PyTorch, batched, on the GPU or the CPU.

For every centre voxel (at least ⌈R⌉ from each border of the clip, as Zhao's LBPTOP.m) and each plane
XY (image at time t), XT (rows = t, columns = x, at fixed y) and YT (rows = t, columns = y, at fixed x),
the P neighbours g_p lie on a circle (an ellipse when the plane's radii differ) around the centre g_c:

    neighbour p at (row, column) offset (−R_row·sin(2πp/P), R_col·cos(2πp/P))   (p = 0: right; p = 2: up)
    LBP = Σ_p s(g_p − g_c)·2^p,  s(d) = 1 if d ≥ 0 else 0                        (Zhao and Pietikäinen Eq. 1)

Off-grid neighbours are bilinearly interpolated (Ojala, Pietikäinen, Mäenpää, TPAMI 2002; offsets rounded
to 5 decimals as scikit-image does), in float32; a neighbour within 1e-3 (0–255 scale) below the centre
counts as equal (``TIE_TOLERANCE``), so that float rounding of interpolated equal intensities never flips a bit.
Uniform patterns ("u2", at most two 0/1 transitions around the circle): each of the P(P−1)+2 uniform codes
has its own bin, in increasing code order, and all other codes share the last bin: 59 bins for P = 8.
The clip is cut into a block grid (``blocks`` = (rows, columns, time slices)); each block gives one
histogram per plane, normalised to sum 1, and the features are the histograms concatenated, block by block,
XY then XT then YT: rows·columns·slices·3·(P(P−1)+3) values (5·5·1·3·59 = 4,425 with the defaults).

Example::

    >>> import torch
    >>> from melab_eval.handcrafted.lbp_top import lbp_top_codes
    >>> v = torch.tensor([[[60.] * 3] * 3, [[10., 20, 30], [40, 50, 60], [70, 80, 90]], [[45.] * 3] * 3])
    >>> [int(c.flatten()[0]) for c in lbp_top_codes(v[None])]   # XY, XT, YT codes of the centre voxel
    [225, 15, 143]
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch


#: s(g_p − g_c) = 1 when g_p ≥ g_c − TIE_TOLERANCE (intensities on the 0–255 scale, float32): equal
#: intensities interpolate to within float32 rounding (~1e-5) of each other and must compare equal.
TIE_TOLERANCE = 1e-3


def uniform_table(points: int = 8) -> torch.Tensor:
    """code → bin: uniform codes get bins 0…P(P−1)+1 in increasing code order, the rest bin P(P−1)+2."""
    table = torch.empty(2 ** points, dtype=torch.long)
    nxt = 0
    for code in range(2 ** points):
        bits = [(code >> i) & 1 for i in range(points)]
        transitions = sum(bits[i] != bits[(i + 1) % points] for i in range(points))
        if transitions <= 2:
            table[code] = nxt
            nxt += 1
        else:
            table[code] = -1
    table[table < 0] = nxt
    return table


def n_bins(points: int = 8) -> int:
    return points * (points - 1) + 3


def _neighbour_offsets(points: int, r_row: float, r_col: float):
    out = []
    for p in range(points):
        a = 2 * math.pi * p / points
        out.append((round(-r_row * math.sin(a), 5), round(r_col * math.cos(a), 5)))
    return out


def _plane_codes(vol: torch.Tensor, row_dim: int, col_dim: int, r_row: float, r_col: float,
                 margins, points: int) -> torch.Tensor:
    """LBP codes of the centre voxels on the plane spanned by (row_dim, col_dim) of vol [B,T,H,W]."""
    b, *size = vol.shape

    def shifted(dr: int, dc: int) -> torch.Tensor:
        sl = [slice(None)]
        for d in range(3):
            off = dr if d + 1 == row_dim else dc if d + 1 == col_dim else 0
            sl.append(slice(margins[d] + off, size[d] - margins[d] + off))
        return vol[tuple(sl)]

    centre = shifted(0, 0)
    threshold = centre - TIE_TOLERANCE
    codes = torch.zeros(centre.shape, dtype=torch.int32, device=vol.device)
    value = torch.empty_like(centre)
    for p, (dr, dc) in enumerate(_neighbour_offsets(points, r_row, r_col)):
        r0, c0 = math.floor(dr), math.floor(dc)
        fr, fc = dr - r0, dc - c0
        terms = [(rr, cc, w) for rr, cc, w in ((r0, c0, (1 - fr) * (1 - fc)), (r0, c0 + 1, (1 - fr) * fc),
                                               (r0 + 1, c0, fr * (1 - fc)), (r0 + 1, c0 + 1, fr * fc)) if w > 1e-12]
        if len(terms) == 1 and abs(terms[0][2] - 1.0) < 1e-12:
            bit = shifted(terms[0][0], terms[0][1]) >= threshold       # on-grid neighbour: no interpolation
        else:
            torch.mul(shifted(terms[0][0], terms[0][1]), terms[0][2], out=value)
            for rr, cc, w in terms[1:]:
                value.add_(shifted(rr, cc), alpha=w)
            bit = value >= threshold
        codes |= bit.to(torch.int32) << p
    return codes


def lbp_top_codes(clips: torch.Tensor, points: int = 8, radii=(1.0, 1.0, 1.0)):
    """clips [B,T,H,W] (grey, any dtype) → (XY, XT, YT) code tensors [B,T',H',W'] over the same centre
    voxels; ``radii`` = (R_x, R_y, R_t)."""
    if clips.dim() != 4:
        raise ValueError(f"LBP-TOP takes grey clips [B,T,H,W], got shape {tuple(clips.shape)}")
    rx, ry, rt = radii
    margins = (math.ceil(rt), math.ceil(ry), math.ceil(rx))
    if any(s <= 2 * m for s, m in zip(clips.shape[1:], margins)):
        raise ValueError(f"clip {tuple(clips.shape[1:])} (T,H,W) too small for radii {tuple(radii)}")
    vol = clips.to(torch.float32)
    xy = _plane_codes(vol, 2, 3, ry, rx, margins, points)   # rows y, columns x, at each t
    xt = _plane_codes(vol, 1, 3, rt, rx, margins, points)   # rows t, columns x, at each y
    yt = _plane_codes(vol, 1, 2, rt, ry, margins, points)   # rows t, columns y, at each x
    return xy, xt, yt


def _block_index(n: int, parts: int, device) -> torch.Tensor:
    """Centre position → block number, for ``parts`` nearly equal blocks (as torch.tensor_split cuts)."""
    edges = [len(c) for c in torch.arange(n).tensor_split(parts)]
    return torch.repeat_interleave(torch.arange(parts, device=device), torch.tensor(edges, device=device))


@dataclass(frozen=True)
class LBPTOP:
    """LBP-TOP histogram features. ``blocks`` = (rows, columns, time slices) of the block grid."""

    points: int = 8
    radii: tuple = (1.0, 1.0, 1.0)
    blocks: tuple = (5, 5, 1)

    @property
    def dim(self) -> int:
        by, bx, bt = self.blocks
        return by * bx * bt * 3 * n_bins(self.points)

    def __call__(self, clips: torch.Tensor) -> torch.Tensor:
        """grey clips [B,T,H,W] → features [B, dim] float32 (per-block, per-plane histograms, each summing to 1)."""
        by, bx, bt = self.blocks
        table = uniform_table(self.points).to(clips.device)
        nb = n_bins(self.points)
        feats = []
        for codes in lbp_top_codes(clips, self.points, self.radii):
            b, t, h, w = codes.shape
            if t < bt or h < by or w < bx:
                raise ValueError(f"block grid {self.blocks} finer than the {t}×{h}×{w} centre voxels")
            blk = (_block_index(t, bt, clips.device)[:, None, None] * (by * bx)
                   + _block_index(h, by, clips.device)[None, :, None] * bx
                   + _block_index(w, bx, clips.device)[None, None, :])          # [T',H',W'] block number
            nblk = by * bx * bt
            idx = (torch.arange(b, device=clips.device).view(b, 1, 1, 1) * nblk + blk.unsqueeze(0)) * nb + table[codes.long()]
            hist = torch.bincount(idx.reshape(-1), minlength=b * nblk * nb).view(b, nblk, nb).to(torch.float64)
            feats.append(hist / hist.sum(dim=2, keepdim=True).clamp_min(1.0))
        # block by block: [B, blocks, 3 planes, bins]
        return torch.stack(feats, dim=2).reshape(clips.shape[0], -1).float()
