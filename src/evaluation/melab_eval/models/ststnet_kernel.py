"""STSTNet's training step on a CPU through a fused C kernel (ststnet_kernel.c): the function STSTNet.forward
computes in training mode, at a fraction of the layers' cost per step (BENCHMARKS.md, issue 18), which is what
a LOSO run of the 800-epoch published recipe spends its time on.

Each stream is maxpool(BN(ReLU(conv(x)))) (3×3 convolutions, padding 2 → 30×30; pooling 3×3, stride 3,
padding 1 → 10×10). What the kernel uses, none of which changes the result:

- the three streams' convolutions share their input: one pass with the 16 stacked filters;
- ReLU is non-decreasing and batch norm is, per channel, r ↦ γ·(r − μ)/σ + β: the max over a pooling window
  of BN(ReLU(z)) is BN(ReLU(max z)) when γ ≥ 0 (min z when γ < 0), so only the pooled 10×10 values are
  normalised here; μ and σ are still those of all 30×30 outputs of the batch (nn.BatchNorm2d's, biased σ² in
  the normalisation, unbiased in the running variance);
- batch norm's gradient for all outputs of a channel is an affine function of the output, offset + slope·r,
  plus γ/σ times the incoming gradient at each window's chosen pixel (the first holding the max, as
  nn.MaxPool2d chooses; where all of a window's z ≤ 0 the choice differs but its gradient is 0 either way);
  the kernel recomputes z in the backward pass instead of storing it, sample by sample in cache;
- the 2×2 average pooling before the linear layer is folded into the linear layer's weight (averaged_linear).

Where no C compiler is found, training uses the plain layers (the same function, slower), said once on stderr.
The shared library is built once per machine into the cache folder (flow/cache.py's, ``MELAB_EVAL_CACHE``).
tests/test_ststnet_kernel.py checks outputs, gradients and running statistics against the layers in float64.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch

CHANNELS = 16                      # the streams' 3 + 5 + 8 filters
_SOURCE = os.path.join(os.path.dirname(__file__), "ststnet_kernel.c")
_libraries: dict = {}
_warned = False


def _library(dtype: torch.dtype, in_channels: int = 3):
    """The compiled kernel for float32 or float64 inputs of ``in_channels``, or None where it cannot be built."""
    global _warned
    if (dtype, in_channels) in _libraries:
        return _libraries[dtype, in_channels]
    bits = {torch.float32: 32, torch.float64: 64}.get(dtype)
    compiler = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
    lib, why = None, "no C compiler"
    if bits and compiler:
        lib, why = _build(compiler, [f"-DREAL_BITS={bits}", f"-DCOUT={CHANNELS}", f"-DCIN={in_channels}"])
    if lib is not None:
        p, i = ctypes.c_void_p, ctypes.c_int64
        lib.ststnet_forward.argtypes = [p, p, i, i, i, p, p, p, p, p, p, p]
        lib.ststnet_backward.argtypes = [p, p, i, i, i, p, p, p, p, p, p, p, p]
    elif bits and not _warned:
        print(f"melab_eval: STSTNet kernel not built ({why}): training uses the plain layers (slower)",
              file=sys.stderr)
        _warned = True
    _libraries[dtype, in_channels] = lib
    return lib


def _build(compiler: str, defines: list):
    """(the loaded library, None) or (None, why): compiled once per machine into the cache folder."""
    from ..flow.cache import default_cache_dir
    with open(_SOURCE, "rb") as f:
        key = hashlib.sha256(f.read() + " ".join([compiler] + defines).encode()).hexdigest()[:16]
    folder = default_cache_dir()
    path = os.path.join(folder, f"ststnet_kernel-{key}.so")
    try:
        if not os.path.exists(path):
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(suffix=".so", dir=folder)
            os.close(fd)
            try:
                subprocess.run([compiler, "-O3", "-march=native", "-shared", "-fPIC", *defines, "-o", tmp,
                                _SOURCE], check=True, capture_output=True, text=True)
                os.replace(tmp, path)           # atomic: fold workers building at once are safe
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
        return ctypes.CDLL(path), None
    except subprocess.CalledProcessError as e:
        return None, f"{os.path.basename(compiler)} failed: {(e.stderr or '').strip().splitlines()[:1]}"
    except OSError as e:
        return None, str(e)


def available(dtype: torch.dtype = torch.float32, in_channels: int = 3) -> bool:
    return _library(dtype, in_channels) is not None


class Samples:
    """A fixed training set for the kernel; ``samples[idx]`` is a batch of it (indices only: nothing copied)."""

    def __init__(self, x: torch.Tensor):
        self.x = x.contiguous()

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx: torch.Tensor) -> "Batch":
        return Batch(self.x, torch.as_tensor(idx, dtype=torch.int64).contiguous())


class Batch:
    def __init__(self, x: torch.Tensor, idx: torch.Tensor):
        self.x, self.idx = x, idx


def _sizes(h: int, w: int) -> tuple:
    """(convolution outputs, pooling windows) per sample and channel: 3×3 convolution with padding 2, then 3×3
    pooling with stride 3 and padding 1 (ststnet_kernel.c's geometry; 28×28 → 900, 100)."""
    oh, ow = h + 2, w + 2
    return oh * ow, ((oh + 2 - 3) // 3 + 1) * ((ow + 2 - 3) // 3 + 1)


def _ptr(t: torch.Tensor):
    return ctypes.c_void_p(t.data_ptr())


def _call(fn, *args):
    if fn(*args) != 0:
        raise RuntimeError("STSTNet kernel: out of memory")


class _PooledStreams(torch.autograd.Function):
    """Training-mode maxpool(BN(ReLU(conv))) of the 16 stacked channels → ([B, 16, 100], μ, biased σ²)."""

    @staticmethod
    def forward(ctx, batch, weight, bias, gamma, beta, eps):
        x, idx = batch.x, batch.idx
        b, (cin, h, w) = len(idx), x.shape[1:]
        lib = _library(x.dtype, cin)
        weight, bias = weight.detach().contiguous(), bias.detach().contiguous()
        sign = torch.where(gamma >= 0, 1.0, -1.0).to(x.dtype).contiguous()
        sums = torch.zeros(CHANNELS, dtype=torch.float64)
        squares = torch.zeros(CHANNELS, dtype=torch.float64)
        outputs, windows = _sizes(h, w)
        pooled = torch.empty(b, CHANNELS, windows, dtype=x.dtype)
        argmax = torch.empty(b, CHANNELS, windows, dtype=torch.int32)
        _call(lib.ststnet_forward, _ptr(x), _ptr(idx), b, h, w, _ptr(weight), _ptr(bias), _ptr(sign),
              _ptr(sums), _ptr(squares), _ptr(pooled), _ptr(argmax))
        n = b * outputs
        mean64 = sums / n
        var = (squares / n - mean64 * mean64).clamp_min(0).to(x.dtype)
        mean = mean64.to(x.dtype)
        invstd = torch.rsqrt(var + eps)
        xhat = (torch.relu(pooled) - mean[:, None]) * invstd[:, None]
        ctx.save_for_backward(weight, bias, gamma, mean, invstd, xhat, argmax)
        ctx.batch, ctx.n = batch, n
        ctx.mark_non_differentiable(mean, var)
        return xhat * gamma[:, None] + beta[:, None], mean, var

    @staticmethod
    def backward(ctx, grad, _mean, _var):
        weight, bias, gamma, mean, invstd, xhat, argmax = ctx.saved_tensors
        x, idx, n = ctx.batch.x, ctx.batch.idx, ctx.n
        (cin, h, w) = x.shape[1:]
        grad = grad.contiguous()
        dbeta = grad.sum((0, 2))
        dgamma = (grad * xhat).sum((0, 2))
        # d r_i = γ/σ·(g_i − Σg/n − x̂_i·Σ(g·x̂)/n) = offset + slope·r_i + (γ/σ)·g_i (g_i ≠ 0 at chosen pixels only)
        slope = (-gamma * invstd * invstd * dgamma / n).contiguous()
        offset = (-gamma * invstd * (dbeta - mean * invstd * dgamma) / n).contiguous()
        chosen = (grad * (gamma * invstd)[:, None]).contiguous()
        dweight = torch.empty(CHANNELS, cin * 9, dtype=torch.float64)
        dbias = torch.empty(CHANNELS, dtype=torch.float64)
        _call(_library(x.dtype, cin).ststnet_backward, _ptr(x), _ptr(idx), len(idx), h, w, _ptr(weight),
              _ptr(bias), _ptr(offset), _ptr(slope), _ptr(chosen), _ptr(argmax), _ptr(dweight), _ptr(dbias))
        return None, dweight.to(x.dtype).view_as(weight), dbias.to(x.dtype), dgamma, dbeta, None


def pooled_streams(model, batch: Batch) -> list:
    """The three streams' pooled maps [B, C_s, 10, 10] of ``model`` (an STSTNet in training mode) for a batch;
    updates the batch norms' running statistics as nn.BatchNorm2d does."""
    convs = (model.conv1, model.conv2, model.conv3)
    bns = (model.bn1, model.bn2, model.bn3)
    weight = torch.cat([m.weight.flatten(1) for m in convs])
    bias = torch.cat([m.bias for m in convs])
    gamma = torch.cat([m.weight for m in bns])
    beta = torch.cat([m.bias for m in bns])
    out, mean, var = _PooledStreams.apply(batch, weight, bias, gamma, beta, bns[0].eps)
    n = len(batch.idx) * _sizes(*batch.x.shape[2:])[0]
    with torch.no_grad():
        s = 0
        for m in bns:
            e = s + m.num_features
            m.running_mean.mul_(1 - m.momentum).add_(mean[s:e], alpha=m.momentum)
            m.running_var.mul_(1 - m.momentum).add_(var[s:e] * (n / max(n - 1, 1)), alpha=m.momentum)
            m.num_batches_tracked.add_(1)
            s = e
    side = int(round(np.sqrt(out.shape[2])))
    return list(out.view(len(out), CHANNELS, side, side).split([m.num_features for m in bns], 1))


def averaged_linear(fc: torch.nn.Linear, maps: torch.Tensor) -> torch.Tensor:
    """fc(flatten(avgpool₂ₓ₂(maps))) as one linear map of the unpooled maps [B, 16, 10, 10]: each weight
    spread over its 2×2 window, ¼ each (a linear function of a linear function; cheaper than pooling)."""
    c, (k, h, w) = fc.out_features, maps.shape[1:]
    weight = fc.weight.view(c, k, h // 2, 1, w // 2, 1).expand(c, k, h // 2, 2, w // 2, 2) * 0.25
    return torch.nn.functional.linear(maps.flatten(1), weight.reshape(c, k * h * w), fc.bias)
