"""Training and prediction for the clip models (R3D-18, I3D) on uint8 clip caches.

As part 1's train.py (DFME paper Sec. 4.5: cross-entropy for emotions, BCE over the 12 AUs, SGD with
momentum 0.9, batch 32 for the 3D-CNN methods, learning rate and epochs from configs/<model>.json, a fixed
number of epochs so the test fold is never used to choose one), plus the speed switches of speed.py and DDP
(distributed.py): under torchrun each rank trains on its share of every global batch.

Batches: the seeded permutation of the training indices is cut into global batches of ``batch_size``; a
last batch of one sample is skipped (batch norm needs two). The clips stay uint8 until the device.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn

from . import distributed
from .speed import SpeedOptions


class ClipBatches(torch.utils.data.Dataset):
    """Indexable by a list of indices: one item = one batch (x uint8, y), sliced in a worker when workers > 0."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor, batches: list):
        self.x, self.y, self.batches = x, y, batches

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, i):
        idx = self.batches[i]
        return self.x[idx], self.y[idx]


def global_batches(n: int, batch: int, seed: int, epoch: int) -> list:
    gen = torch.Generator().manual_seed(seed * 100003 + epoch)
    order = torch.randperm(n, generator=gen)
    return [b for b in order.split(batch) if len(b) >= 2 or n < 2]


def loss_function(task: str):
    return nn.CrossEntropyLoss() if task == "emotion" else nn.BCEWithLogitsLoss()


def train_clip_model(model: nn.Module, x: torch.Tensor, y: torch.Tensor, task: str, cfg: dict, epochs: int,
                     seed: int, device: torch.device, on_epoch=None, speed: SpeedOptions | None = None,
                     on_step=None) -> nn.Module:
    """x uint8 [N,3,T,S,S] (CPU, ideally shared/pinned), y [N] long or [N,12] float → trained model (eval)."""
    device = distributed.init_from_env(device)
    speed = speed or SpeedOptions.for_device(device)
    model = speed.prepare_model(model.to(device))
    opt = torch.optim.SGD(model.parameters(), lr=cfg["lr"], momentum=0.9, weight_decay=cfg.get("weight_decay", 0.0))
    sched = None
    if cfg.get("lr_step"):
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=cfg["lr_step"], gamma=cfg.get("lr_gamma", 0.1))
    net = speed.maybe_compile(distributed.wrap_ddp(model, device))
    loss_fn = loss_function(task)
    pin = device.type == "cuda"
    for epoch in range(epochs):
        model.train()
        shares = [distributed.rank_share(b) for b in global_batches(len(x), cfg.get("batch_size", 32), seed, epoch)]
        loader = torch.utils.data.DataLoader(ClipBatches(x, y, shares), batch_size=None, shuffle=False,
                                             num_workers=speed.workers, pin_memory=pin)
        for xb, yb in loader:
            xb = speed.prepare_batch(xb.to(device, non_blocking=True))
            yb = yb.to(device, non_blocking=True)
            opt.zero_grad(set_to_none=True)
            with speed.autocast(device):
                out = net(xb)
            loss = loss_fn(out.float(), yb)
            loss.backward()
            opt.step()
            if on_step:
                on_step(float(distributed.mean_over_ranks(loss)))
        if sched:
            sched.step()
        if on_epoch:
            on_epoch()
    model.eval()
    return model


@torch.no_grad()
def predict_clips(model: nn.Module, x: torch.Tensor, task: str, device: torch.device, batch: int = 32,
                  speed: SpeedOptions | None = None) -> np.ndarray:
    """Softmax (emotion) or sigmoid per AU (AU) probabilities, float64 [N,K]."""
    device = next(model.parameters()).device if any(True for _ in model.parameters()) else device
    speed = speed or SpeedOptions.for_device(device)
    model.eval()
    out = []
    for s in range(0, len(x), batch):
        xb = speed.prepare_batch(x[s:s + batch].to(device, non_blocking=True))
        with speed.autocast(device):
            logits = model(xb)
        logits = logits.double()
        out.append((torch.softmax(logits, 1) if task == "emotion" else torch.sigmoid(logits)).cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, 0))
