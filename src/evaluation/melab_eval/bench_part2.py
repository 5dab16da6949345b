"""Throughput and peak memory of the part-2 models on this machine (BENCHMARKS.md, "part 2").

    PYTHONPATH=src/evaluation /usr/bin/python3 -m melab_eval.bench_part2 [--device cpu|cuda] [--json]

Each measurement runs in a fresh subprocess, so its peak resident memory (ru_maxrss) is its own; on CUDA the
peak GPU memory (torch.cuda.max_memory_allocated) is reported too. Training: SGD momentum 0.9 steps on random
uint8 clips (bf16 autocast, channels-last 3D and torch.compile as speed.py picks for the device), timed after
one warm-up step. Features: LBP-TOP on random grey clips, MDMO on random flow fields; the SVM on random
features (N × D, 7 classes).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

CASES = {
    "r3d_train_16x32x32": ("r3d", 16, 32, 8, 3), "i3d_train_16x32x32": ("i3d", 16, 32, 8, 3),
    "r3d_train_16x112x112": ("r3d", 16, 112, 4, 1), "i3d_train_16x112x112": ("i3d", 16, 112, 4, 1),
    "lbp_top_features_16x48x48": ("lbp_top", 16, 48, 128, 1), "mdmo_features_48x48": ("mdmo", 1, 48, 1024, 1),
    "svm_fit_3000x4425_100_steps": ("svm", 0, 0, 3000, 100),
}


def _one(case: str, device_name: str) -> dict:
    import torch
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    from .speed import SpeedOptions
    device = torch.device(device_name)
    kind, t_, s, n, reps = CASES[case]
    out = {"case": case}
    if kind in ("r3d", "i3d"):
        from .models import build_model
        from .train import train_step
        speed = SpeedOptions.for_device(device)
        model = speed.prepare_model(build_model(kind, 7).to(device))
        net = speed.maybe_compile(model)
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        x = torch.randint(0, 256, (n, 3, t_, s, s), dtype=torch.uint8)
        y = torch.randint(0, 7, (n,))

        def step():
            train_step(net, opt, torch.nn.functional.cross_entropy, speed, device, speed.prepare_batch(x.to(device)), y.to(device))
            if device.type == "cuda":
                torch.cuda.synchronize()
        step()
        t0 = time.time()
        for _ in range(reps):
            step()
        dt = time.time() - t0
        out.update(samples_per_s=n * reps / dt, batch=n, speed=speed.as_dict())
    elif kind == "lbp_top":
        from .handcrafted.lbp_top import LBPTOP
        x = torch.randint(0, 256, (n, t_, s, s)).float().to(device)
        t0 = time.time(); LBPTOP()(x)
        if device.type == "cuda":
            torch.cuda.synchronize()
        out.update(samples_per_s=n / (time.time() - t0))
    elif kind == "mdmo":
        from .handcrafted.mdmo import grid_regions, mdmo_features, region_masks
        f = torch.randn(n, 2, s, s).to(device)
        t0 = time.time(); mdmo_features(f, region_masks(grid_regions(), s, s, device))
        out.update(samples_per_s=n / (time.time() - t0))
    else:
        from .handcrafted.svm import fit_svm
        x = torch.rand(n, 4425); y = torch.randint(0, 7, (n,))
        t0 = time.time(); fit_svm(x, y, 7, steps=reps, device=device)
        out.update(seconds=time.time() - t0)
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if device.type == "cuda":
        out["peak_gpu_mib"] = torch.cuda.max_memory_allocated() / 2**20
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="melab_eval.bench_part2")
    p.add_argument("--device", default="cpu")
    p.add_argument("--json", action="store_true")
    p.add_argument("--case", help=argparse.SUPPRESS)
    p.add_argument("--only", help="comma-separated case names (default: all)")
    a = p.parse_args(argv)
    if a.case:
        print(json.dumps(_one(a.case, a.device)))
        return 0
    results = []
    for case in (a.only.split(",") if a.only else CASES):
        r = subprocess.run([sys.executable, "-m", "melab_eval.bench_part2", "--case", case, "--device", a.device],
                           capture_output=True, text=True)
        results.append(json.loads(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else {"case": case, "error": r.stderr.strip().splitlines()[-1:]})
        if not a.json:
            print(results[-1], file=sys.stderr, flush=True)
    if a.json:
        print(json.dumps({"device": a.device, "load_average": os.getloadavg(), "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
