"""TV-L1 optical flow in PyTorch, batched, on CPU or GPU.

The duality-based TV-L1 scheme of Zach, Pock and Bischof (2007) as written out by Sánchez Pérez,
Meinhardt-Llopis and Facciolo, "TV-L1 Optical Flow Estimation", IPOL 3 (2013), and as OpenCV's
``DualTVL1OpticalFlow`` (tvl1flow.cpp) implements it: same parameters and defaults, same pyramid
(bilinear resize by ``scale_step``, coarsest level at least 16 px), same warping (bicubic, zero outside
the image), same thresholding, primal and dual steps, same stopping rule (the squared change of u summed
over the image below ``epsilon**2 * area``, checked per pair), and the 5×5 median filter at the start of
each outer iteration. Intensities are on OpenCV's scale: 0..255 (pass floats in [0, 1]; they are scaled
by 255 exactly as OpenCV scales float input).

Every pair in a batch runs the same iterations until its own stopping rule holds; a converged pair is
frozen, so batched results equal one-pair-at-a-time results,
and converged pairs leave the working set (a batch costs what its pairs cost).

Example::

    >>> import torch
    >>> from melab_eval.flow.tvl1 import tvl1_flow
    >>> i0 = torch.rand(4, 64, 64); i1 = torch.roll(i0, 1, dims=2)
    >>> tvl1_flow(i0, i1).shape
    torch.Size([4, 2, 64, 64])
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class TVL1Params:
    """OpenCV's defaults (cv::optflow::DualTVL1OpticalFlow::create)."""

    tau: float = 0.25
    lambda_: float = 0.15
    theta: float = 0.3
    nscales: int = 5
    warps: int = 5
    epsilon: float = 0.01
    inner_iterations: int = 30
    outer_iterations: int = 10
    scale_step: float = 0.8
    median_filtering: int = 5

    def as_dict(self) -> dict:
        return asdict(self)


#: Named parameter sets. ``opencv``: OpenCV's defaults (up to 5 scales × 5 warps × 10 × 30 iterations).
#: ``fast``: 3 scales × 3 warps × 2 × 15 iterations (≤ 270 instead of ≤ 7,500), for CPU-only runs on many
#: small frames, where noisy pairs rarely meet the ε rule early; on the synthetic clips its flow stays within
#: the bound that tests/test_flow.py states from the ``opencv`` preset's flow.
PRESETS = {
    "opencv": TVL1Params(),
    "fast": TVL1Params(nscales=3, warps=3, outer_iterations=2, inner_iterations=15),
}


def _centered_gradient(img: torch.Tensor):
    """Centred differences with replicated borders (OpenCV's centeredGradient). img: [B,H,W]."""
    p = F.pad(img.unsqueeze(1), (1, 1, 1, 1), mode="replicate").squeeze(1)
    dx = 0.5 * (p[:, 1:-1, 2:] - p[:, 1:-1, :-2])
    dy = 0.5 * (p[:, 2:, 1:-1] - p[:, :-2, 1:-1])
    return dx, dy


def _forward_gradient(u: torch.Tensor):
    """Forward differences, zero on the last column/row (OpenCV's forwardGradient)."""
    ux = torch.zeros_like(u)
    uy = torch.zeros_like(u)
    ux[:, :, :-1] = u[:, :, 1:] - u[:, :, :-1]
    uy[:, :-1, :] = u[:, 1:, :] - u[:, :-1, :]
    return ux, uy


def _divergence(v1: torch.Tensor, v2: torch.Tensor):
    """Backward differences with v(-1) = 0 (OpenCV's divergence, the adjoint of _forward_gradient)."""
    d = v1.clone()
    d[:, :, 1:] -= v1[:, :, :-1]
    d = d + v2
    d[:, 1:, :] -= v2[:, :-1, :]
    return d


def _median5(u: torch.Tensor, k: int):
    """k×k median filter with replicated borders (OpenCV's medianBlur on float images)."""
    r = k // 2
    p = F.pad(u.unsqueeze(1), (r, r, r, r), mode="replicate")
    patches = F.unfold(p, kernel_size=k)  # [B, k*k, H*W]
    med = patches.median(dim=1).values
    return med.view_as(u)


def _warp(img: torch.Tensor, u1: torch.Tensor, u2: torch.Tensor, base_x: torch.Tensor, base_y: torch.Tensor):
    """img sampled at (x + u1, y + u2), bicubic, zero outside (OpenCV's remap INTER_CUBIC, BORDER_CONSTANT)."""
    _, h, w = img.shape
    gx = (base_x + u1) * (2.0 / max(w - 1, 1)) - 1.0
    gy = (base_y + u2) * (2.0 / max(h - 1, 1)) - 1.0
    grid = torch.stack((gx, gy), dim=-1)
    out = F.grid_sample(img.unsqueeze(1), grid, mode="bicubic", padding_mode="zeros", align_corners=True)
    return out.squeeze(1)


def _resize(x: torch.Tensor, size):
    """Bilinear resize with half-pixel centres (cv2.resize INTER_LINEAR)."""
    return F.interpolate(x.unsqueeze(1), size=size, mode="bilinear", align_corners=False).squeeze(1)


def _one_scale(i0, i1, u1, u2, prm: TVL1Params):
    """Warps × outer × inner iterations at one pyramid level; each pair stops on its own rule."""
    b, h, w = i0.shape
    dev, dt = i0.device, i0.dtype
    base_y, base_x = torch.meshgrid(torch.arange(h, device=dev, dtype=dt), torch.arange(w, device=dev, dtype=dt), indexing="ij")
    base_x = base_x.expand(b, h, w)
    base_y = base_y.expand(b, h, w)
    i1x, i1y = _centered_gradient(i1)
    p = torch.zeros(4, b, h, w, device=dev, dtype=dt)  # p11, p12, p21, p22
    l_t = prm.lambda_ * prm.theta
    taut = prm.tau / prm.theta
    scaled_eps = prm.epsilon * prm.epsilon * h * w
    for _ in range(prm.warps):
        i1wx = _warp(i1x, u1, u2, base_x, base_y)
        i1wy = _warp(i1y, u1, u2, base_x, base_y)
        grad = i1wx * i1wx + i1wy * i1wy
        rho_c = _warp(i1, u1, u2, base_x, base_y) - i1wx * u1 - i1wy * u2 - i0
        # Working set: the pairs still iterating. Converged pairs are written back to u1/u2/p and
        # dropped from the working tensors (compaction), so a batch costs what its pairs cost.
        idx = torch.arange(b, device=dev)
        wu1, wu2, wp = u1.clone(), u2.clone(), p.clone()
        wx, wy, wg, wr = i1wx, i1wy, grad, rho_c
        active = torch.ones(b, dtype=torch.bool, device=dev)
        for _outer in range(prm.outer_iterations):
            if prm.median_filtering > 1:
                wu1 = _median5(wu1, prm.median_filtering)
                wu2 = _median5(wu2, prm.median_filtering)
            for _inner in range(prm.inner_iterations):
                # thresholding step (estimateV)
                rho = wr + wx * wu1 + wy * wu2
                lt_grad = l_t * wg
                fi = torch.where(wg > 1e-10, -rho / wg.clamp_min(1e-10), torch.zeros_like(rho))
                coef = torch.where(rho < -lt_grad, torch.full_like(rho, l_t),
                                   torch.where(rho > lt_grad, torch.full_like(rho, -l_t), fi))
                v1 = wu1 + coef * wx
                v2 = wu2 + coef * wy
                # primal step (estimateU)
                n1 = v1 + prm.theta * _divergence(wp[0], wp[1])
                n2 = v2 + prm.theta * _divergence(wp[2], wp[3])
                err = ((n1 - wu1) ** 2 + (n2 - wu2) ** 2).sum(dim=(1, 2))
                wu1, wu2 = n1, n2
                # dual step (estimateDualVariables)
                u1x, u1y = _forward_gradient(wu1)
                u2x, u2y = _forward_gradient(wu2)
                ng1 = 1.0 + taut * torch.sqrt(u1x * u1x + u1y * u1y)
                ng2 = 1.0 + taut * torch.sqrt(u2x * u2x + u2y * u2y)
                wp = torch.stack(((wp[0] + taut * u1x) / ng1, (wp[1] + taut * u1y) / ng1,
                                  (wp[2] + taut * u2x) / ng2, (wp[3] + taut * u2y) / ng2))
                active = err > scaled_eps
                if not bool(active.all()):
                    done = idx[~active]
                    u1[done], u2[done] = wu1[~active], wu2[~active]
                    p[:, done] = wp[:, ~active]
                    idx = idx[active]
                    wu1, wu2, wp = wu1[active], wu2[active], wp[:, active]
                    wx, wy, wg, wr = wx[active], wy[active], wg[active], wr[active]
                if idx.numel() == 0:
                    break
            if idx.numel() == 0:
                break
        if idx.numel():
            u1[idx], u2[idx] = wu1, wu2
            p[:, idx] = wp
    return u1, u2


@torch.no_grad()
def tvl1_flow(i0: torch.Tensor, i1: torch.Tensor, params: TVL1Params | None = None) -> torch.Tensor:
    """Dense flow from i0 to i1 (i0(x) ≈ i1(x + flow(x))), batched.

    i0, i1: [B,H,W] or [H,W] float tensors with intensities in [0, 1]. Returns [B,2,H,W] (u = x, v = y
    displacement in pixels), on the inputs' device.
    """
    prm = params or TVL1Params()
    squeeze = i0.dim() == 2
    if squeeze:
        i0, i1 = i0.unsqueeze(0), i1.unsqueeze(0)
    i0 = i0.float() * 255.0
    i1 = i1.float() * 255.0
    levels0, levels1 = [i0], [i1]
    for _ in range(1, prm.nscales):
        h, w = levels0[-1].shape[-2:]
        nh, nw = int(round(h * prm.scale_step)), int(round(w * prm.scale_step))
        if nh < 16 or nw < 16:
            break
        levels0.append(_resize(levels0[-1], (nh, nw)))
        levels1.append(_resize(levels1[-1], (nh, nw)))
    u1 = torch.zeros_like(levels0[-1])
    u2 = torch.zeros_like(levels0[-1])
    for s in range(len(levels0) - 1, -1, -1):
        u1, u2 = _one_scale(levels0[s], levels1[s], u1, u2, prm)
        if s == 0:
            break
        size = levels0[s - 1].shape[-2:]
        u1 = _resize(u1, size) / prm.scale_step
        u2 = _resize(u2, size) / prm.scale_step
    flow = torch.stack((u1, u2), dim=1)
    return flow[0] if squeeze else flow
