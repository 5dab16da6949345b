"""The published STSTNet LOSO (MEGC2019 composite: 442 clips, 68 subjects, 3 classes; Adam lr 5e-5, batch 256,
no shuffling, 800 epochs) timed four ways in one run, on this machine (BENCHMARKS.md):

- ``release``: the loop of the STSTNet release (main.py), re-implemented: folds one after another in one
  process; per epoch a DataLoader over a TensorDataset, per batch ``loss.item()`` and accuracy bookkeeping,
  and the test subject evaluated after every epoch (the release does all three);
- ``module``: melab's one loop (train.fit) on the plain layers (``--fused-kernel off``), folds one after another:
  index slicing instead of a DataLoader, no per-step host sync, no per-epoch test pass, freed memory kept;
- ``sequential``: the same through the fused STSTNet kernel (models/ststnet_kernel.py), the CPU default;
- ``processes``: the same, folds spread over the CPU cores (one process, one thread each): what
  ``melab_eval run --splits loso`` does on a CPU;
- ``batched``: all folds as one fold-stacked model (batched.py), the GPU path.

Every variant runs in a fresh process of its own (so that one variant's allocator setting, speed.keep_freed_memory,
does not reach the release's loop, which runs as released).
Inputs are random 3×28×28 maps in 0–255 (what the timing depends on: sizes, not content), subjects of the
MEGC2019 sizes (442 clips over 68 subjects). ``--epochs`` and ``--folds`` measure a fraction of the full
run; the JSON gives each variant's seconds and the extrapolation to 68 folds × 800 epochs (time ∝ folds ×
epochs: every fold trains the same number of steps on ~435 clips), after the fixed cost of each variant
(starting processes, building models, predicting: the same folds run with 0 epochs) is measured apart and
counted once. The folds are measured in ``--rounds``
interleaved rounds (each round runs every variant on its share of the folds), so that a machine whose load
changes during the run (other users) weighs on every variant alike.

    PYTHONPATH=src/evaluation /usr/bin/python3 -m melab_eval.bench_loso --epochs 4 [--folds 68] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

FULL_FOLDS, FULL_EPOCHS, CLIPS = 68, 800, 442


def megc_like(seed: int = 0, clips: int = CLIPS, subjects: int = FULL_FOLDS):
    """x [442,3,28,28] in 0-255, y [442] in 0..2, fold per clip (68 subjects of varying sizes)."""
    g = np.random.default_rng(seed)
    sizes = np.maximum(1, np.round(g.gamma(2.0, clips / subjects / 2.0, subjects))).astype(int)
    while sizes.sum() != clips:  # adjust to exactly `clips` clips
        i = g.integers(subjects)
        sizes[i] = max(1, sizes[i] + (1 if sizes.sum() < clips else -1))
    fold_arr = np.repeat(np.arange(subjects), sizes)
    x = torch.from_numpy(g.uniform(0, 255, (clips, 3, 28, 28)).astype(np.float32))
    y = torch.from_numpy(g.integers(0, 3, clips))
    return x, y, fold_arr


def release_loop(x, y, fold_arr, folds, recipe, device):
    """main.py's structure: DataLoader(batch 256, no shuffle), Adam, per-batch .item(), test after every epoch."""
    from torch.utils.data import DataLoader, TensorDataset
    from .models import build_model
    loss_fn = torch.nn.CrossEntropyLoss()
    for f in folds:
        tr, te = fold_arr != f, fold_arr == f
        train_dl = DataLoader(TensorDataset(x[tr], y[tr]), batch_size=recipe.batch_size)
        test_dl = DataLoader(TensorDataset(x[te], y[te]), batch_size=recipe.batch_size)
        torch.manual_seed(f)
        model = build_model("ststnet", 3).to(device)
        opt = torch.optim.Adam(model.parameters(), lr=recipe.lr)
        for _ in range(recipe.epochs):
            model.train()
            train_loss, correct = 0.0, 0
            for xb, yb in train_dl:
                opt.zero_grad()
                xb, yb = xb.to(device), yb.to(device)
                out = model(xb)
                loss = loss_fn(out, yb)
                loss.backward()
                opt.step()
                train_loss += loss.data.item() * xb.size(0)
                correct += (torch.max(out, 1)[1] == yb).sum().item()
            model.eval()
            for xb, yb in test_dl:
                out = model(xb.to(device))
                loss_fn(out, yb.to(device)).item()


def _time_variant(name, x, y, fold_arr, folds, recipe, device, workers, threads, done):
    from . import distributed, pipelines
    from .batched import fit_folds_batched
    from .options import RunOptions
    from .speed import set_cpu_threads
    from .train import set_determinism
    set_cpu_threads(threads)
    set_determinism(device)
    t = time.time()
    if name == "release":
        release_loop(x, y, fold_arr, folds, recipe, device)
    elif name == "batched":
        fit_folds_batched("ststnet", 3, x, y, fold_arr, folds, "emotion", recipe, 0, device)
    else:
        opts = RunOptions(model="ststnet", splits="loso", task="emotion", out="", fused_kernel=name != "module")
        job = pipelines.FoldJob("ststnet", 3, x, y, fold_arr, "emotion", recipe, 0, opts)
        devices = [device] * (workers if name == "processes" else 1)
        distributed.run_folds(job, folds, devices)
    if device.type == "cuda":
        torch.cuda.synchronize()
    done.put(time.time() - t)


def run_variant(name, x, y, fold_arr, folds, recipe, device, workers=0):
    """Seconds ``name`` takes on ``folds``, timed inside a fresh process (its start and imports not counted)."""
    ctx = torch.multiprocessing.get_context("spawn")
    done = ctx.Queue()
    p = ctx.Process(target=_time_variant, args=(name, x, y, fold_arr, folds, recipe, device, workers,
                                                max(1, os.cpu_count() or 1), done))
    p.start()
    try:
        return done.get()
    finally:
        p.join()


def bench_loso(epochs: int, folds: int, variants, device, workers: int = 0, batched_epochs: int | None = None,
               rounds: int = 1, batched_folds: int | None = None, clips: int = CLIPS) -> dict:
    """Seconds per variant; ``clips`` < 442 shrinks the set (gpu-check --tiny), subjects = folds then."""
    from .export import hardware
    from .recipes import resolve
    x, y, fold_arr = megc_like(clips=clips, subjects=FULL_FOLDS if clips == CLIPS else folds)
    fold_list = list(range(min(folds, FULL_FOLDS)))
    workers = workers or (os.cpu_count() or 1)
    out = {"hardware": hardware(device), "device": str(device), "clips": len(x), "subjects": int(fold_arr.max()) + 1,
           "recipe": "ststnet published (Adam 5e-5, batch 256, no shuffle)", "rounds": rounds,
           "load_average_start": list(os.getloadavg()), "variants": {}}
    secs = {v: 0.0 for v in variants}
    fixed = {v: 0.0 for v in variants}
    done = {v: 0 for v in variants}
    for r in range(rounds):
        share = fold_list[r::rounds]
        for v in variants:
            e = batched_epochs if (v == "batched" and batched_epochs) else epochs
            mine = share[: max(1, round(len(share) * batched_folds / len(fold_list)))] if (v == "batched" and batched_folds) else share
            recipe = resolve("ststnet", "published", overrides={"epochs": e})
            secs[v] += run_variant(v, x, y, fold_arr, mine, recipe, device, workers)
            fixed[v] += run_variant(v, x, y, fold_arr, mine, recipe.with_overrides(epochs=0), device, workers)
            done[v] += len(mine)
            print(f"round {r + 1}/{rounds} {v}: {done[v]} folds × {e} epochs, {secs[v]:.1f} s so far", file=sys.stderr, flush=True)
    for v in variants:
        e = batched_epochs if (v == "batched" and batched_epochs) else epochs
        s = secs[v]
        train = max(s - fixed[v], 1e-9)
        full = (FULL_FOLDS / done[v]) * (fixed[v] + train * FULL_EPOCHS / max(e, 1))
        out["variants"][v] = {"folds": done[v], "epochs": e, "seconds": round(s, 2), "fixed_seconds": round(fixed[v], 2),
                              "fold_epochs_per_s": round(done[v] * e / train, 3),
                              "full_run_s_extrapolated": round(full, 1),
                              **({"processes": workers} if v == "processes" else {})}
    out["load_average_end"] = list(os.getloadavg())
    if "release" in out["variants"]:
        ref = out["variants"]["release"]["full_run_s_extrapolated"]
        for v, r in out["variants"].items():
            r["speedup_vs_release"] = round(ref / r["full_run_s_extrapolated"], 2)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="melab_eval.bench_loso")
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batched-epochs", type=int, help="epochs for the batched variant (default: --epochs)")
    p.add_argument("--folds", type=int, default=FULL_FOLDS)
    p.add_argument("--batched-folds", type=int, help="folds for the batched variant (default: --folds)")
    p.add_argument("--rounds", type=int, default=1, help="interleaved rounds (each variant runs on 1/rounds of the folds per round)")
    p.add_argument("--variants", default="release,module,sequential,processes,batched")
    p.add_argument("--workers", type=int, default=0)
    p.add_argument("--device", default="cpu")
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    device = torch.device(a.device)
    r = bench_loso(a.epochs, a.folds, a.variants.split(","), device, a.workers, a.batched_epochs, a.rounds, a.batched_folds)
    print(json.dumps(r, indent=None if a.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
