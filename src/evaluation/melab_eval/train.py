"""One training loop for every network (STSTNet, Off-ApexNet, RCN-A, R3D-18, I3D) and its prediction.

DFME paper Sec. 4.5: cross-entropy (emotion task), binary cross-entropy over the 12 AU outputs (AU task);
optimizer, lr, schedule, batch, epochs and shuffling from the run's frozen ``Recipe`` (recipes.py; SGD,
Adam or AdamW). The number of epochs is fixed in advance: the test fold is never looked at.

Batches: per epoch, a permutation seeded by (seed, epoch) (``shuffle``; else the table's order) cut into
batches of ``batch_size`` (0: the whole set); a last batch of one sample is skipped (batch norm needs two).
Dropout masks come from a generator seeded by the fold's seed (models/layers.py), so a fold's training
depends on its seed only, which lets batched.py train all folds at once and give the same predictions.

What differs between models is a parameter (``TrainOptions``): the speed switches of speed.py (bf16,
channels-last, compile, DataLoader workers for uint8 clips), DDP under torchrun (each rank takes its share
of every global batch; batch norm becomes synchronised across ranks: distributed.wrap_ddp).

Seeded and, on CPU, deterministic (``set_determinism``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import torch
import torch.nn as nn

from . import distributed
from .models.layers import set_dropout_generator
from .speed import SpeedOptions, cpu_threads, keep_freed_memory


def set_determinism(device: torch.device) -> None:
    try:
        torch.use_deterministic_algorithms(True, warn_only=device.type == "cuda")
    except TypeError:  # torch < 1.11 has no warn_only
        if device.type != "cuda":
            torch.use_deterministic_algorithms(True)
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = False
        torch.backends.cudnn.deterministic = True


@dataclass
class TrainOptions:
    speed: Optional[SpeedOptions] = None      # None: the device's defaults (speed.py)
    on_epoch: Optional[Callable] = None
    on_step: Optional[Callable] = None        # called with the (rank-averaged) loss of each step
    fused_kernel: bool = True                 # models with training_inputs (STSTNet) use them on a CPU
    extra: dict = field(default_factory=dict)


def make_optimizer(params, recipe):
    if recipe.optimizer == "sgd":
        return torch.optim.SGD(params, lr=recipe.lr, momentum=recipe.momentum, weight_decay=recipe.weight_decay)
    if recipe.optimizer == "adam":
        return torch.optim.Adam(params, lr=recipe.lr, betas=tuple(recipe.betas), eps=recipe.eps, weight_decay=recipe.weight_decay)
    return torch.optim.AdamW(params, lr=recipe.lr, betas=tuple(recipe.betas), eps=recipe.eps, weight_decay=recipe.weight_decay)


def lr_at(recipe, epoch: int) -> float:
    """StepLR: lr · gamma^(epoch // lr_step); constant when lr_step is 0."""
    return recipe.lr * (recipe.lr_gamma ** (epoch // recipe.lr_step) if recipe.lr_step else 1.0)


def epoch_batches(n: int, batch: int, seed: int, epoch: int, shuffle: bool = True) -> list:
    order = torch.randperm(n, generator=torch.Generator().manual_seed(int(seed) * 100003 + int(epoch))) if shuffle else torch.arange(n)
    return [b for b in order.split(batch if batch > 0 else max(n, 1)) if len(b) >= 2 or n < 2]


def loss_function(task: str):
    return nn.CrossEntropyLoss() if task == "emotion" else nn.BCEWithLogitsLoss()


class _Batches(torch.utils.data.Dataset):
    """One item = one batch (x, y) sliced from the tensors, in a DataLoader worker when workers > 0."""

    def __init__(self, x, y, batches):
        self.x, self.y, self.batches = x, y, batches

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, i):
        return self.x[self.batches[i]], self.y[self.batches[i]]


def training_inputs(model: nn.Module, x: torch.Tensor, device: torch.device, speed: SpeedOptions, options) -> object:
    """x, or the model's own form of a fixed training set (STSTNet's, for its fused kernel: the same training,
    cheaper steps) on a single CPU process, where the model offers one."""
    make = getattr(model, "training_inputs", None)
    if (make is None or not options.fused_kernel or device.type != "cpu" or distributed.ddp_active()
            or speed.workers or speed.compile or speed.bf16):
        return x
    return make(x)


def _batches(x, y, batches, speed, device):
    if speed.workers > 0:
        return torch.utils.data.DataLoader(_Batches(x, y, batches), batch_size=None, shuffle=False,
                                           num_workers=speed.workers, pin_memory=device.type == "cuda")
    return ((x[b], y[b]) for b in batches)


def train_step(net: nn.Module, opt, loss_fn, speed: SpeedOptions, device: torch.device, xb, yb) -> torch.Tensor:
    """One optimiser step on a prepared batch: forward under the speed options' autocast, the loss in float32,
    backward, step. The training loop (fit) and the throughput checks (bench_part2, gpu_check) all call it, so
    what they time is the step training runs."""
    opt.zero_grad(set_to_none=True)
    with speed.autocast(device):
        out = net(xb)
    loss = loss_fn(out.float(), yb)
    loss.backward()
    opt.step()
    return loss


def fit(model: nn.Module, x: torch.Tensor, y: torch.Tensor, task: str, recipe, seed: int, device: torch.device,
        options: TrainOptions | None = None) -> nn.Module:
    """x [N,...] (float flow inputs or uint8 clips, on the CPU), y [N] long or [N,12] float → trained model (eval)."""
    options = options or TrainOptions()
    device = distributed.init_from_env(device)
    speed = options.speed or SpeedOptions.for_device(device)
    if device.type == "cpu":
        keep_freed_memory()
    model = speed.prepare_model(model.to(device))
    set_dropout_generator(model, torch.Generator(device=device).manual_seed(int(seed)))
    net = speed.maybe_compile(distributed.wrap_ddp(model, device))
    opt = make_optimizer(net.parameters(), recipe)
    loss_fn = loss_function(task)
    inputs = training_inputs(model, x, device, speed, options)
    # the model's own training form (STSTNet's fused kernel) runs in one thread: more torch threads only
    # cost on its small layers (one process: 83 vs 45 ms per fold-epoch on a 2-core CPU, BENCHMARKS.md)
    with cpu_threads(1 if inputs is not x else torch.get_num_threads()):
        for epoch in range(recipe.epochs):
            for group in opt.param_groups:
                group["lr"] = lr_at(recipe, epoch)
            net.train()
            shares = [distributed.rank_share(b) for b in epoch_batches(len(x), recipe.batch_size, seed, epoch, recipe.shuffle)]
            for xb, yb in _batches(inputs, y, shares, speed, device):
                if isinstance(xb, torch.Tensor):
                    xb = speed.prepare_batch(xb.to(device, non_blocking=True))
                yb = yb.to(device, non_blocking=True)
                loss = train_step(net, opt, loss_fn, speed, device, xb, yb)
                if options.on_step:
                    options.on_step(float(distributed.mean_over_ranks(loss.detach())))
            if options.on_epoch:
                options.on_epoch()
    model.eval()
    return model


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor, task: str, device: torch.device, batch: int = 1024,
            speed: SpeedOptions | None = None) -> np.ndarray:
    """Probabilities: softmax over classes (emotion) or a sigmoid per AU (AU), float64 [N,K]."""
    params = list(model.parameters())
    device = params[0].device if params else device
    speed = speed or SpeedOptions.for_device(device)
    model.eval()
    out = []
    for s in range(0, len(x), max(1, batch)):
        xb = speed.prepare_batch(x[s:s + batch].to(device, non_blocking=True))
        with speed.autocast(device):
            logits = model(xb)
        logits = logits.double()
        out.append((torch.softmax(logits, 1) if task == "emotion" else torch.sigmoid(logits)).cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, 0))
