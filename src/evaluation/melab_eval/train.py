"""Training one model on one fold's training set, and predicting its test set.

DFME paper Sec. 4.5: SGD with momentum 0.9, batch size 256 for the shallow MER baselines, cross-entropy
(emotion task); the AU task uses binary cross-entropy over the 12 AU outputs. Learning rate, epochs and
weight decay come from the model's config (configs/<model>.json, which cites their source). The number of
epochs is fixed in advance: the test fold is never looked at to choose an epoch or anything else.

Seeded and, on CPU, deterministic: torch.manual_seed per fold, a seeded generator for the batch order,
torch.use_deterministic_algorithms(True) (warn-only on CUDA, where some kernels have no deterministic form).
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn


def set_determinism(device: torch.device) -> None:
    try:
        torch.use_deterministic_algorithms(True, warn_only=device.type == "cuda")
    except TypeError:  # torch < 1.11 has no warn_only
        if device.type != "cuda":
            torch.use_deterministic_algorithms(True)
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = False
        torch.backends.cudnn.deterministic = True


def train_model(model: nn.Module, x: torch.Tensor, y: torch.Tensor, task: str, cfg: dict, epochs: int,
                seed: int, device: torch.device, on_epoch=None) -> nn.Module:
    """x [N,C,H,W] float, y [N] long (emotion) or [N,12] float (AU). Returns the trained model (eval mode)."""
    model = model.to(device)
    opt = torch.optim.SGD(model.parameters(), lr=cfg["lr"], momentum=0.9, weight_decay=cfg.get("weight_decay", 0.0))
    sched = None
    if cfg.get("lr_step"):
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=cfg["lr_step"], gamma=cfg.get("lr_gamma", 0.5))
    loss_fn = nn.CrossEntropyLoss() if task == "emotion" else nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(seed)
    batch = cfg.get("batch_size", 256)
    n = len(x)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(n, generator=gen)
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            if len(idx) < 2 and n >= 2:  # batch norm needs two samples
                continue
            xb = x[idx].to(device, non_blocking=True)
            yb = y[idx].to(device, non_blocking=True)
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
        if sched:
            sched.step()
        if on_epoch:
            on_epoch()
    model.eval()
    return model


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor, task: str, device: torch.device, batch: int = 1024) -> np.ndarray:
    """Probabilities: softmax over classes (emotion) or a sigmoid per AU (AU), float64 [N,K]."""
    model.eval()
    out = []
    for s in range(0, len(x), batch):
        logits = model(x[s:s + batch].to(device)).double()
        out.append((torch.softmax(logits, 1) if task == "emotion" else torch.sigmoid(logits)).cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, 0))
