"""Beyond one GPU: folds spread over the devices of a machine, and DistributedDataParallel through torchrun.

**Folds over devices** (``run_folds``): one worker process per device takes the next fold from a shared
queue, trains and predicts it, and sends the result back; ten folds on four GPUs keep all four busy until
the last folds. Results come back keyed by fold, so the export is the same whatever device ran which fold
(each fold is seeded by its number). Tensors passed to the job travel through shared memory
(torch.multiprocessing), not copies. ``parse_devices("all")`` lists every visible GPU.

**DDP** (one model across GPUs or machines): start the runner under torchrun,
``torchrun --nproc_per_node=4 -m melab_eval run --model r3d ...`` (``--nnodes``/``--rdzv-endpoint`` for
several machines). Each rank reads RANK, WORLD_SIZE, LOCAL_RANK from the environment, joins the process
group (NCCL on CUDA, gloo on CPU), takes ``cuda:LOCAL_RANK``, and trains on its share of every global batch:
the global batch (``batch_size`` of the config) is cut into WORLD_SIZE equal parts, DDP averages the
gradients, so each step equals the single-process step on the whole batch (tests/test_part2_distributed.py
checks the loss and the weights against one process, with gloo and 2 CPU processes). Only rank 0 writes
the export.
"""
from __future__ import annotations

import os
import traceback

import torch
import torch.distributed as dist

from .errors import EvalError
from .speed import set_cpu_threads


# ---- DDP ---------------------------------------------------------------------------------------------
def env_world() -> tuple:
    """(rank, world size, local rank) from torchrun's environment; (0, 1, 0) outside torchrun."""
    return (int(os.environ.get("RANK", 0)), int(os.environ.get("WORLD_SIZE", 1)), int(os.environ.get("LOCAL_RANK", 0)))


def ddp_active() -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def init_from_env(device: torch.device) -> torch.device:
    """Joins the process group when started by torchrun (WORLD_SIZE > 1); returns this rank's device."""
    rank, world, local = env_world()
    if world <= 1:
        return device
    if not dist.is_initialized():
        backend = "nccl" if device.type == "cuda" else "gloo"
        dist.init_process_group(backend=backend, init_method="env://")
    if device.type == "cuda":
        torch.cuda.set_device(local)
        return torch.device("cuda", local)
    return device


def is_primary() -> bool:
    return not ddp_active() or dist.get_rank() == 0


def rank_share(indices: torch.Tensor) -> torch.Tensor:
    """This rank's part of a global batch (equal contiguous parts; all of it without DDP)."""
    if not ddp_active():
        return indices
    return indices.tensor_split(dist.get_world_size())[dist.get_rank()]


def mean_over_ranks(value: torch.Tensor) -> torch.Tensor:
    """The mean of a scalar over ranks (itself without DDP)."""
    if not ddp_active():
        return value
    v = value.detach().clone()
    dist.all_reduce(v)
    return v / dist.get_world_size()


class CpuSyncBatchNorm(torch.nn.modules.batchnorm._BatchNorm):
    """Batch norm whose batch statistics are those of the global batch (all ranks), for CPU tensors over
    gloo, where torch's SyncBatchNorm refuses CPU input: the per-rank sums of x and x² and the counts are
    all-reduced with autograd (torch.distributed.nn), so the gradients also flow across ranks. Running
    statistics as nn.BatchNorm (momentum, unbiased variance)."""

    def _check_input_dim(self, x):  # any [N, C, ...] (BatchNorm1d/2d/3d alike)
        if x.dim() < 2:
            raise ValueError(f"expected a [N, C, ...] input, got {x.dim()} dimensions")

    def forward(self, x):
        if not self.training:
            return super().forward(x)
        from torch.distributed.nn.functional import all_reduce
        dims = [0] + list(range(2, x.dim()))
        n = torch.tensor([float(x.numel() // x.shape[1])], dtype=x.dtype)
        stats = all_reduce(torch.cat([x.sum(dims), (x * x).sum(dims), n]))
        c = x.shape[1]
        count = stats[-1]
        mean = stats[:c] / count
        var = stats[c:2 * c] / count - mean * mean
        with torch.no_grad():
            m = self.momentum if self.momentum is not None else 0.1
            self.running_mean.mul_(1 - m).add_(m * mean.detach())
            self.running_var.mul_(1 - m).add_(m * var.detach() * count / (count - 1))
            self.num_batches_tracked += 1
        shape = [1, c] + [1] * (x.dim() - 2)
        y = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + self.eps)
        return y * self.weight.view(shape) + self.bias.view(shape) if self.affine else y


def sync_batch_norm(model: torch.nn.Module, device: torch.device) -> torch.nn.Module:
    """Every batch norm layer synchronised across ranks: torch's SyncBatchNorm on CUDA, CpuSyncBatchNorm
    on CPU. Models without batch norm come back unchanged."""
    if device.type == "cuda":
        return torch.nn.SyncBatchNorm.convert_sync_batchnorm(model)
    for name, child in model.named_children():
        if isinstance(child, torch.nn.modules.batchnorm._BatchNorm) and not isinstance(child, CpuSyncBatchNorm):
            new = CpuSyncBatchNorm(child.num_features, child.eps, child.momentum, child.affine, child.track_running_stats)
            new.load_state_dict(child.state_dict())
            setattr(model, name, new)
        else:
            sync_batch_norm(child, device)
    return model


def has_batch_norm(model: torch.nn.Module) -> bool:
    return any(isinstance(m, torch.nn.modules.batchnorm._BatchNorm) for m in model.modules())


def wrap_ddp(model: torch.nn.Module, device: torch.device) -> torch.nn.Module:
    """DDP around the model (batch norm synchronised across ranks first); the model itself without DDP."""
    if not ddp_active():
        return model
    if has_batch_norm(model):
        model = sync_batch_norm(model, device)
    ids = [device.index] if device.type == "cuda" else None
    return torch.nn.parallel.DistributedDataParallel(model, device_ids=ids)


# ---- folds over devices ------------------------------------------------------------------------------
def parse_devices(spec: str | None) -> list:
    """``cuda:0,cuda:1`` | ``all`` (every visible GPU) | ``cpu,cpu`` (tests) → list of torch.device."""
    if not spec:
        return []
    if spec == "all":
        return [torch.device("cuda", i) for i in range(torch.cuda.device_count())]
    out = []
    for part in spec.split(","):
        part = part.strip()
        try:
            d = torch.device(part)
        except RuntimeError:
            raise EvalError(f"--devices {spec!r}: {part!r} is not a device (cpu, cuda, cuda:N)") from None
        if d.type == "cuda" and (not torch.cuda.is_available() or (d.index or 0) >= torch.cuda.device_count()):
            raise EvalError(f"--devices {spec!r}: {part} is not available on this machine")
        out.append(d)
    return out


def _worker(job, device, pending, done):
    set_cpu_threads(max(1, int(os.environ.get("MELAB_EVAL_THREADS_PER_WORKER", "1"))))
    while True:
        fold = pending.get()
        if fold is None:  # one stop mark per worker, after the folds
            return
        try:
            done.put((fold, str(device), job(fold, device), None))
        except Exception as err:  # noqa: BLE001 - sent back to the parent, which raises it as one line
            done.put((fold, str(device), None, f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=3)}"))


def run_folds(job, folds, devices) -> tuple:
    """Runs ``job(fold, device)`` for every fold, one worker process per device pulling folds from a queue.
    Returns ({fold: result}, {fold: device name}). With one device the folds run here, in order."""
    folds = list(folds)
    if len(devices) <= 1:
        dev = devices[0] if devices else torch.device("cpu")
        return {f: job(f, dev) for f in folds}, {f: str(dev) for f in folds}
    ctx = torch.multiprocessing.get_context("spawn")
    pending, done = ctx.Queue(), ctx.Queue()
    for f in folds:
        pending.put(f)
    for _ in devices:
        pending.put(None)
    procs = [ctx.Process(target=_worker, args=(job, d, pending, done), daemon=True) for d in devices]
    for p in procs:
        p.start()
    results, where = {}, {}
    try:
        for _ in folds:
            fold, dev, res, err = done.get()
            if err:
                raise EvalError(f"fold {fold} on {dev} failed: {err.splitlines()[0]}")
            results[fold], where[fold] = res, dev
    finally:
        for p in procs:
            p.join(timeout=60)
            if p.is_alive():
                p.terminate()
    return results, where
