"""MDMO: main directional mean optical flow (DFME paper Sec. 4.4.2, ref. [20] Liu, Zhang, Yan, Wang, Zhao,
Fu, "A Main Directional Mean Optical Flow Feature for Spontaneous Micro-Expression Recognition", IEEE
Trans. Affective Computing 7(4), 2016), in PyTorch, batched, from the part-1 TV-L1 flow.

For each flow field (frame i against the onset frame) and each region of interest k (the paper's 36 ROIs):
1. every flow vector goes to one of 8 direction bins of 45° (bin b holds angles in [45°·b, 45°·(b+1)),
   angles in [0°, 360°), atan2 of the image's y-down v and x-right u), as the HOOF histogram of Sec. 3;
2. the main direction is the bin holding the most vectors (ties: the lowest bin);
3. the ROI's feature is the mean of the vectors in that bin, in polar form (ρ_k, θ_k) (Eq. 4–5).
Per-frame features are averaged over the frames, and the magnitudes are divided by their largest one
(Eq. 6–7): the MDMO vector (ρ̃_1, θ_1, …, ρ̃_K, θ_K), 72 values for 36 ROIs.

Regions: the paper draws its 36 ROIs from 66 facial landmarks. Without landmarks this module uses a fixed
6 × 6 grid of equal cells over the (aligned, cropped) face — 36 regions as well. With a landmarks file each
landmark is the centre of a square ROI (``roi_size``, a fraction of the frame side), see ``read_landmarks``.
With one flow field per clip (onset → apex, the part-1 flow the runner caches) the average over frames is
that field's feature itself; ``mdmo_features`` takes any number of fields per clip.
"""
from __future__ import annotations

import math

import torch

from ..errors import EvalError, read_csv_rows, where

N_DIRECTIONS = 8


def grid_regions(rows: int = 6, cols: int = 6):
    """Fixed grid: (y0, y1, x0, x1) in [0, 1] frame fractions, row by row (36 cells by default)."""
    return [(r / rows, (r + 1) / rows, c / cols, (c + 1) / cols) for r in range(rows) for c in range(cols)]


def landmark_regions(points, roi_size: float = 0.1):
    """Square ROIs of side ``roi_size`` (frame fraction) centred at the landmarks [(x, y) in [0, 1]]."""
    h = roi_size / 2
    return [(max(0.0, y - h), min(1.0, y + h), max(0.0, x - h), min(1.0, x + h)) for x, y in points]


def region_masks(regions, height: int, width: int, device=None) -> torch.Tensor:
    """[K,H,W] bool: pixel centres inside each region (a region never ends up empty: ≥ its nearest pixel)."""
    ys = (torch.arange(height, device=device, dtype=torch.float64) + 0.5) / height
    xs = (torch.arange(width, device=device, dtype=torch.float64) + 0.5) / width
    masks = []
    for y0, y1, x0, x1 in regions:
        m = ((ys >= y0) & (ys < y1))[:, None] & ((xs >= x0) & (xs < x1))[None, :]
        if not m.any():
            yi = min(height - 1, int((y0 + y1) / 2 * height)); xi = min(width - 1, int((x0 + x1) / 2 * width))
            m = torch.zeros(height, width, dtype=torch.bool, device=device); m[yi, xi] = True
        masks.append(m)
    return torch.stack(masks)


def main_direction_means(flow: torch.Tensor, masks: torch.Tensor, chunk: int = 128) -> torch.Tensor:
    """flow [N,2,H,W], masks [K,H,W] (or [N,K,H,W], per-sample regions) → [N,K,2] (ρ, θ) of the mean vector
    of each region's main-direction bin (Liu et al. Eqs. 3–5). Works through ``chunk`` fields at a time."""
    out = []
    for s in range(0, flow.shape[0], chunk):
        f = flow[s:s + chunk].double()
        m = (masks[s:s + chunk] if masks.dim() == 4 else masks.unsqueeze(0)).double()       # [n|1,K,H,W]
        u, v = f[:, 0], f[:, 1]
        angle = torch.remainder(torch.atan2(v, u), 2 * math.pi)
        bins = torch.clamp((angle / (2 * math.pi / N_DIRECTIONS)).long(), max=N_DIRECTIONS - 1)  # [n,H,W]
        onehot = torch.nn.functional.one_hot(bins, N_DIRECTIONS).double()                     # [n,H,W,8]
        counts = torch.einsum("nkhw,nhwb->nkb", m.expand(len(f), -1, -1, -1), onehot)
        main = counts.argmax(dim=2)                                                            # ties: first
        w = (bins[:, None] == main[:, :, None, None]).double() * m                             # [n,K,H,W]
        cnt = w.sum(dim=(2, 3)).clamp_min(1.0)
        mu = torch.einsum("nkhw,nhw->nk", w, u) / cnt
        mv = torch.einsum("nkhw,nhw->nk", w, v) / cnt
        out.append(torch.stack((torch.sqrt(mu * mu + mv * mv), torch.remainder(torch.atan2(mv, mu), 2 * math.pi)), dim=2))
    return torch.cat(out) if out else torch.zeros(0, masks.shape[-3], 2, dtype=torch.float64)


def mdmo_features(flows: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
    """flows [N,F,2,H,W] (F fields per clip) or [N,2,H,W] → MDMO [N, 2K] float32: (ρ̃_k, θ_k) per region,
    averaged over the fields, ρ divided by the clip's largest ρ (Liu et al. Eqs. 6–7)."""
    if flows.dim() == 4:
        flows = flows.unsqueeze(1)
    n, f = flows.shape[:2]
    per_frame = main_direction_means(flows.reshape(n * f, *flows.shape[2:]),
                                     masks if masks.dim() == 3 else masks.repeat_interleave(f, 0))
    mean = per_frame.view(n, f, -1, 2).mean(dim=1)                                            # [N,K,2]
    rho = mean[..., 0] / mean[..., 0].amax(dim=1, keepdim=True).clamp_min(1e-12)
    return torch.stack((rho, mean[..., 1]), dim=2).reshape(n, -1).float()


def read_landmarks(path: str, sample_ids) -> dict:
    """Landmarks file: CSV ``sample_id,x1,y1,x2,y2,…`` with coordinates as fractions of the frame (0–1,
    x to the right, y down), one row per sample; a row with sample_id ``*`` applies to every sample the file
    does not list. Every sample needs a row; every row the same number of points."""
    rows = read_csv_rows(path, "landmarks file")
    if not rows[0] or rows[0][0].strip() != "sample_id" or len(rows[0]) < 3 or (len(rows[0]) - 1) % 2:
        raise EvalError(f"{where(path, 1)}: expected the header sample_id,x1,y1,x2,y2,…")
    header = [h.strip() for h in rows[0]]
    out = {}
    for n, r in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in r):
            continue
        if len(r) != len(header):
            raise EvalError(f"{where(path, n)}: {len(r)} cells, the header has {len(header)}")
        pts = []
        for i in range(1, len(header), 2):
            xy = []
            for j in (i, i + 1):
                try:
                    val = float(r[j])
                except ValueError:
                    raise EvalError(f"{where(path, n, header[j], r[j])}: not a number") from None
                if not 0.0 <= val <= 1.0:
                    raise EvalError(f"{where(path, n, header[j], r[j])}: coordinates are frame fractions in [0, 1]")
                xy.append(val)
            pts.append(tuple(xy))
        out[r[0].strip()] = pts
    missing = [s for s in sample_ids if s not in out and "*" not in out]
    if missing:
        raise EvalError(f"{where(path)}: no landmarks for {len(missing)} sample(s), e.g. {missing[0]!r}")
    return {s: out.get(s, out.get("*")) for s in sample_ids}
