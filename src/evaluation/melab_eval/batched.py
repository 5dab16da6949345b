"""All folds of a cross-validation trained at once, as one fold-stacked model (STSTNet, Off-ApexNet).

A LOSO run of a shallow model is dozens of tiny trainings (68 for MEGC2019); one at a time they leave a GPU
idle. Here every weight gets a leading fold axis [F, ...] and one step trains all folds together:

- convolutions are grouped convolutions over the folds (activations [B, F·C, H, W], fold f's channels
  f·C … f·C + C − 1; the computation ``torch.func.vmap`` would do over a conv), linear layers are batched
  matmuls over the fold axis;
- each fold takes its own batches from its own training set (sizes differ between LOSO folds), padded to
  the largest with a mask [F, B]: batch norm statistics (and running statistics) are those of the fold's
  valid samples, the loss is each fold's mean over its valid samples, and a fold with no batch at a step
  is not updated (its optimizer state and step count stay), exactly as if it were trained alone;
- dropout masks come from each fold's own generator, drawn in the same order and shapes as the fold's
  own model would (models/layers.py), and the optimizers (SGD with momentum, Adam, AdamW: the formulas of
  torch.optim) run on the stacked weights.

So ``fit_folds_batched`` gives the same predictions as train.fit fold by fold with the same seeds
(tests/test_batched_loso.py checks it to 1e-5). After training, each fold's weights go back into a model of
its own for prediction (train.predict). On a CPU a grouped convolution over many folds is slower than the
folds one by one; there the runner spreads folds over processes instead (runner.choose_fold_mode).
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from .models import build_model
from .models.layers import dropout_mask
from .train import epoch_batches, lr_at, predict

BATCHED_MODELS = ("ststnet", "offapexnet")


# ---- fold-stacked layers ---------------------------------------------------------------------------------
def conv(x, w, b, padding):
    """x [B, F·Cin, H, W], w [F, O, Cin, k, k], b [F, O] → [B, F·O, H', W']."""
    f, o = w.shape[:2]
    return F.conv2d(x, w.reshape(f * o, *w.shape[2:]), b.reshape(-1), padding=padding, groups=f)


def batch_norm(x, p, name, mask, state, eps=1e-5, momentum=0.1):
    """Training-mode batch norm per fold over the fold's valid samples; updates the running statistics of
    the folds that have a batch (as nn.BatchNorm2d: momentum 0.1, unbiased running variance)."""
    b, fo, h, w = x.shape
    nf = mask.shape[0]
    o = fo // nf
    xv = x.view(b, nf, o, h, w)
    mm = mask.t().reshape(b, nf, 1, 1, 1)
    n = (mask.sum(1) * h * w).clamp_min(1)[:, None]                      # [F, 1]
    mean = (xv * mm).sum((0, 3, 4)) / n                                  # [F, O]
    d = xv - mean.view(1, nf, o, 1, 1)
    var = (d * d * mm).sum((0, 3, 4)) / n
    y = d / torch.sqrt(var.view(1, nf, o, 1, 1) + eps) * p[name + ".weight"].view(1, nf, o, 1, 1) \
        + p[name + ".bias"].view(1, nf, o, 1, 1)
    with torch.no_grad():
        act = (mask.sum(1) > 0)[:, None]
        rm, rv = state[name + ".running_mean"], state[name + ".running_var"]
        rm.copy_(torch.where(act, (1 - momentum) * rm + momentum * mean, rm))
        rv.copy_(torch.where(act, (1 - momentum) * rv + momentum * var * n / (n - 1).clamp_min(1), rv))
    return y.view(b, fo, h, w)


def dropout(x, nf, sizes, gens, p=0.5):
    """x [B, F·C, ...] or [B, F, D]: fold f's rows [:sizes[f]] get a mask from gens[f] shaped as its own model
    would draw it ([sizes[f], C, ...]); padded rows and folds without a batch get zeros."""
    b = x.shape[0]
    xv = x.view(b, nf, -1, *x.shape[2:]) if x.dim() == 4 else x
    m = torch.zeros_like(xv)
    for f, (n, g) in enumerate(zip(sizes, gens)):
        if n:
            m[:n, f] = dropout_mask((n, *xv.shape[2:]), p, g, x.dtype, x.device)
    return (xv * m).view_as(x)


def linear(x, p, name):
    """x [B, F, D] → [B, F, K] with fold f's weight [K, D]."""
    return torch.einsum("bfd,fkd->bfk", x, p[name + ".weight"]) + p[name + ".bias"].unsqueeze(0)


# ---- the two models, functionally -------------------------------------------------------------------------
def ststnet_forward(p, state, x, mask, sizes, gens):
    """models/ststnet.py layer for layer: three streams conv → ReLU → BN → max pool → dropout, concatenated,
    average pooled, one linear layer. x [B, F·3, 28, 28] → logits [B, F, K]."""
    b, nf = x.shape[0], mask.shape[0]
    streams = []
    for i in (1, 2, 3):
        h = F.relu(conv(x, p[f"conv{i}.weight"], p[f"conv{i}.bias"], 2))
        h = batch_norm(h, p, f"bn{i}", mask, state)
        h = dropout(F.max_pool2d(h, 3, 3, 1), nf, sizes, gens)
        streams.append(h.view(b, nf, -1, *h.shape[2:]))
    h = torch.cat(streams, 2)                                            # [B, F, 16, 10, 10]
    h = F.avg_pool2d(h.view(b, -1, *h.shape[3:]), 2, 2).view(b, nf, -1)  # [B, F, 400]
    return linear(h, p, "fc")


def offapexnet_forward(p, state, x, mask, sizes, gens):
    """models/offapexnet.py: a u and a v stream (two conv → ReLU → 2×2 max pool), two 1,024-unit layers with
    dropout, the output layer. x [B, F·2, 28, 28] → logits [B, F, K]."""
    b, nf = x.shape[0], mask.shape[0]
    outs = []
    for c, s in ((0, "stream_u"), (1, "stream_v")):
        h = x[:, c::2]                                                   # [B, F, 28, 28]: one channel per fold
        h = F.max_pool2d(F.relu(conv(h, p[f"{s}.0.weight"], p[f"{s}.0.bias"], 2)), 2, 2)
        h = F.max_pool2d(F.relu(conv(h, p[f"{s}.3.weight"], p[f"{s}.3.bias"], 2)), 2, 2)
        outs.append(h.reshape(b, nf, -1))
    h = torch.cat(outs, 2)
    h = dropout(F.relu(linear(h, p, "classifier.0")), nf, sizes, gens)
    h = dropout(F.relu(linear(h, p, "classifier.3")), nf, sizes, gens)
    return linear(h, p, "classifier.6")


FORWARD = {"ststnet": ststnet_forward, "offapexnet": offapexnet_forward}


# ---- optimizers on stacked weights (torch.optim's formulas, per fold, only folds with a batch) -------------
class StackedOptimizer:
    def __init__(self, params: dict, recipe, folds: int, device):
        self.p, self.r = params, recipe
        self.steps = torch.zeros(folds, dtype=torch.long, device=device)
        self.state = {k: {} for k in params}

    def step(self, active: torch.Tensor, lr: float):
        r = self.r
        self.steps += active.long()
        for k, w in self.p.items():
            g = w.grad
            if g is None:
                continue
            act = active.view(-1, *[1] * (w.dim() - 1))
            st = self.state[k]
            with torch.no_grad():
                if r.optimizer == "sgd":
                    d = g + r.weight_decay * w if r.weight_decay else g
                    if r.momentum:
                        buf = st.get("buf")
                        # first step of a fold: buf = d (torch.optim.SGD), later buf·momentum + d
                        first = (self.steps == 1).view_as(act) if buf is not None else None
                        new = d.clone() if buf is None else torch.where(first, d, buf * r.momentum + d)
                        st["buf"] = new if buf is None else torch.where(act, new, buf)
                        d = st["buf"]
                    w.copy_(torch.where(act, w - lr * d, w))
                else:
                    b1, b2 = r.betas
                    if r.optimizer == "adamw":
                        w_dec = w * (1 - lr * r.weight_decay)
                        d = g
                    else:
                        w_dec = w
                        d = g + r.weight_decay * w if r.weight_decay else g
                    m = st.setdefault("m", torch.zeros_like(w))
                    v = st.setdefault("v", torch.zeros_like(w))
                    m_new = m * b1 + (1 - b1) * d
                    v_new = v * b2 + (1 - b2) * d * d
                    t = self.steps.to(w.dtype).clamp_min(1).view_as(act)
                    denom = (v_new.sqrt() / torch.sqrt(1 - b2 ** t)) + r.eps
                    w_new = w_dec - (lr / (1 - b1 ** t)) * m_new / denom
                    st["m"] = torch.where(act, m_new, m)
                    st["v"] = torch.where(act, v_new, v)
                    w.copy_(torch.where(act, w_new, w))
            w.grad = None


# ---- training -----------------------------------------------------------------------------------------------
def _masked_loss(logits, y, mask, task):
    """Sum over folds of each fold's mean loss over its valid samples (logits [B, F, K], y [F, B(, K)])."""
    lf = logits.transpose(0, 1)                                          # [F, B, K]
    if task == "emotion":
        per = F.cross_entropy(lf.reshape(-1, lf.shape[-1]), y.reshape(-1), reduction="none").view(mask.shape)
    else:
        per = F.binary_cross_entropy_with_logits(lf, y, reduction="none").mean(2)
    return ((per * mask).sum(1) / mask.sum(1).clamp_min(1)).sum()


def fit_folds_batched(name, n_out, x, y, fold_arr, folds, task, recipe, seed, device, on_epoch=None,
                      dtype=None) -> dict:
    """{fold: (test indices, probabilities)} for ``folds``, all trained together (see the module docstring).
    Fold f is seeded as the sequential loop seeds it: weights after torch.manual_seed(seed·1000 + f), batches
    and dropout from seed·1000 + f."""
    if name not in FORWARD:
        raise ValueError(f"no batched form of {name}")
    folds = list(folds)
    trains = [np.nonzero(fold_arr != f)[0] for f in folds]
    seeds = [int(seed * 1000 + f) for f in folds]
    models = []
    for f in folds:
        torch.manual_seed(int(seed * 1000 + f))
        models.append(build_model(name, n_out, recipe))
    dtype = dtype or x.dtype
    sd = [m.state_dict() for m in models]
    params = {k: torch.stack([s[k] for s in sd]).to(device, dtype).requires_grad_(True)
              for k, _ in models[0].named_parameters()}
    state = {k: torch.stack([s[k] for s in sd]).to(device, dtype) for k in sd[0] if k.endswith(("running_mean", "running_var"))}
    gens = [torch.Generator(device=device).manual_seed(s) for s in seeds]
    opt = StackedOptimizer(params, recipe, len(folds), device)
    xd, yd = x.to(device, dtype), y.to(device)
    if task == "au":
        yd = yd.to(dtype)
    forward = FORWARD[name]
    nf = len(folds)
    tr = [torch.as_tensor(t, device=device) for t in trains]
    for epoch in range(recipe.epochs):
        lr = lr_at(recipe, epoch)
        per_fold = [epoch_batches(len(t), recipe.batch_size, s, epoch, recipe.shuffle) for t, s in zip(trains, seeds)]
        steps = max(len(b) for b in per_fold)
        for s in range(steps):
            chosen = [tr[f][b[s].to(device)] if s < len(b) else None for f, b in enumerate(per_fold)]
            sizes = [0 if c is None else len(c) for c in chosen]
            width = max(sizes)
            idx = torch.zeros(nf, width, dtype=torch.long, device=device)
            mask = torch.zeros(nf, width, dtype=dtype, device=device)
            for f, c in enumerate(chosen):
                if c is not None:
                    idx[f, :len(c)] = c
                    mask[f, :len(c)] = 1
            xb = xd[idx]                                                  # [F, B, C, H, W]
            xb = xb.transpose(0, 1).reshape(width, nf * xb.shape[2], *xb.shape[3:])
            logits = forward(params, state, xb, mask, sizes, gens)
            loss = _masked_loss(logits, yd[idx], mask, task)
            loss.backward()
            opt.step(mask.sum(1) > 0, lr)
        if on_epoch:
            on_epoch()
    out = {}
    for i, f in enumerate(folds):
        m = models[i]
        own = {k: v[i].detach().cpu() for k, v in list(params.items()) + list(state.items())}
        own.update({k: v for k, v in m.state_dict().items() if k.endswith("num_batches_tracked")})
        m.load_state_dict(own)
        m.to(device=device, dtype=dtype)
        test = np.nonzero(fold_arr == f)[0]
        out[f] = (test, predict(m, xd[torch.as_tensor(test, device=device)], task, device))
    return out


def steps_per_epoch(n_train: list, batch: int) -> int:
    return max(math.ceil(n / batch) if batch else 1 for n in n_train)
