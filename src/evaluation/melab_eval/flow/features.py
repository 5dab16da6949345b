"""From flow to model inputs: optical strain, per-channel normalisation, resizing (DFME paper Sec. 4.5:
28×28 for Off-ApexNet and STSTNet, 60×60 for RCN-A).

Optical strain (Liong et al., STSTNet 2019, after Shreve et al.): with the infinitesimal strain tensor
ε = ½(∇f + ∇fᵀ) of the flow f = (u, v), the strain magnitude is
|ε| = sqrt(ε_xx² + ε_yy² + ε_xy² + ε_yx²) = sqrt(u_x² + v_y² + ½(u_y + v_x)²),
derivatives by central differences (replicated borders).

Normalisation ``minmax`` scales each channel of each sample to [0, 1] (the "norm_u_v_os" inputs of the
STSTNet release); ``none`` leaves pixels as they are.

Example::

    >>> import torch
    >>> from melab_eval.flow.features import optical_strain
    >>> u = torch.arange(5.).repeat(5, 1)[None]; v = torch.zeros(1, 5, 5)  # u = x: u_x = 1
    >>> float(optical_strain(torch.stack((u, v), 1))[0, 2, 2])
    1.0
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def _central(f: torch.Tensor):
    p = F.pad(f.unsqueeze(1), (1, 1, 1, 1), mode="replicate").squeeze(1)
    return 0.5 * (p[:, 1:-1, 2:] - p[:, 1:-1, :-2]), 0.5 * (p[:, 2:, 1:-1] - p[:, :-2, 1:-1])


def optical_strain(flow: torch.Tensor) -> torch.Tensor:
    """flow [B,2,H,W] → strain magnitude [B,H,W]."""
    ux, uy = _central(flow[:, 0])
    vx, vy = _central(flow[:, 1])
    return torch.sqrt(ux * ux + vy * vy + 0.5 * (uy + vx) ** 2)


def normalise(x: torch.Tensor, mode: str = "minmax") -> torch.Tensor:
    """Per-sample, per-channel normalisation of [B,C,H,W]."""
    if mode == "none":
        return x
    if mode != "minmax":
        raise ValueError(f"unknown normalisation {mode!r}")
    lo = x.amin(dim=(2, 3), keepdim=True)
    hi = x.amax(dim=(2, 3), keepdim=True)
    return (x - lo) / (hi - lo).clamp_min(1e-8)


def resize(x: torch.Tensor, size: int) -> torch.Tensor:
    """[B,C,H,W] → [B,C,size,size]: area averaging when shrinking, bilinear when enlarging."""
    if x.shape[-1] == size and x.shape[-2] == size:
        return x
    if x.shape[-1] > size and x.shape[-2] > size:
        return F.adaptive_avg_pool2d(x, size)
    return F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)


def flow_features(flow: torch.Tensor, size: int, norm: str = "minmax") -> torch.Tensor:
    """flow [B,2,H,W] → [B,3,size,size] channels (u, v, optical strain), resized then normalised."""
    x = torch.cat((flow, optical_strain(flow).unsqueeze(1)), dim=1)
    return normalise(resize(x, size), norm)
