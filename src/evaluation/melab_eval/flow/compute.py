"""Onset→apex flow for many pairs: the PyTorch TV-L1 (batched, GPU or CPU) or OpenCV's DualTVL1 (CPU).

Backends: ``torch`` (melab_eval.flow.tvl1, any device), ``opencv`` (cv2.optflow.DualTVL1OpticalFlow,
falling back to cv2.DualTVL1OpticalFlow_create; needs opencv-contrib, which Debian's python3-opencv has and
pip's opencv-python-headless lacks), ``auto``: torch on CUDA, OpenCV on CPU when present (it is about 4×
faster per pair there, see BENCHMARKS.md), else torch. Both run the same algorithm with the same parameters;
tests/test_flow.py bounds the end-point error between them.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from .tvl1 import TVL1Params, tvl1_flow


def opencv_tvl1():
    """A DualTVL1 instance with OpenCV's defaults, or None when OpenCV has no TV-L1."""
    try:
        import cv2
    except ImportError:
        return None
    make = getattr(getattr(cv2, "optflow", None), "DualTVL1OpticalFlow_create", None) or getattr(cv2, "DualTVL1OpticalFlow_create", None)
    return make() if make else None


def choose_backend(backend: str, device: torch.device) -> str:
    if backend != "auto":
        return backend
    if device.type == "cuda":
        return "torch"
    return "opencv" if opencv_tvl1() is not None else "torch"


def compute_flows(onsets: np.ndarray, apexes: np.ndarray, backend: str, device: torch.device,
                  batch: int = 256, progress=None, params: TVL1Params | None = None) -> np.ndarray:
    """[N,H,W] float32 frames in [0,1] → [N,2,H,W] float32 flow (u, v) in pixels."""
    n = len(onsets)
    out = np.zeros((n, 2) + onsets.shape[1:], np.float32)
    if backend == "opencv":
        prm = params or TVL1Params()

        def one(i):
            tv = opencv_tvl1()
            tv.setTau(prm.tau); tv.setLambda(prm.lambda_); tv.setTheta(prm.theta)
            tv.setScalesNumber(prm.nscales); tv.setWarpingsNumber(prm.warps); tv.setEpsilon(prm.epsilon)
            tv.setInnerIterations(prm.inner_iterations); tv.setOuterIterations(prm.outer_iterations)
            tv.setScaleStep(prm.scale_step); tv.setMedianFiltering(prm.median_filtering)
            f = tv.calc(onsets[i], apexes[i], None)
            out[i] = f.transpose(2, 0, 1)
            return i

        workers = max(1, os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as ex:
            for _ in ex.map(one, range(n)):
                if progress:
                    progress(1)
        return out
    if backend != "torch":
        raise ValueError(f"unknown flow backend {backend!r}")
    for s in range(0, n, batch):
        i0 = torch.from_numpy(onsets[s:s + batch]).to(device)
        i1 = torch.from_numpy(apexes[s:s + batch]).to(device)
        out[s:s + batch] = tvl1_flow(i0, i1, params).cpu().numpy()
        if progress:
            progress(len(i0))
    return out
