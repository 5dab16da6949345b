"""One prepared GPU session (``scripts/gpu-check.sh``): everything BENCHMARKS.md needs from one H100/H200, in
at most 8 minutes of wall time, written to ``OUT/gpu-check.json`` (updated after every step, so a cut run
keeps what it measured) with the prediction exports under ``OUT/exports``.

Steps, in order (each in a subprocess with a timeout, so none can overrun the budget; a step whose
estimate does not fit the time left is skipped, and the JSON says so and why):

1. ``environment``: GPU name, driver, memory, torch / CUDA / cuDNN versions, bf16 support, the Python
   modules present (cv2, tqdm), CPU.
2. ``flow``: TV-L1 pairs/s, PyTorch on the GPU at 128×128 and 224×224 (the 3D CNNs' input side; the DFME
   paper gives no crop size) vs OpenCV's DualTVL1 on this machine's CPU in the same run (ratio).
3. ``shallow``: STSTNet, Off-ApexNet, RCN-A, a full 10-fold run on the DFME-scale synthetic table
   (7,275 clips), flow included (the first run computes it, the others read the cache), wall time and
   training samples/s, exports.
4. ``loso``: the published STSTNet LOSO (68 folds × 800 epochs): batched all-folds vs fold-by-fold and the
   release's loop (bench_loso.py), fractions extrapolated where the full run does not fit.
5. ``clips``: R3D-18 and I3D train steps at 16×112×112 (and a slice at 224×224): samples/s and peak GPU
   memory for fp32 / bf16, channels-last off / on, torch.compile off / on.
6. ``clip_training``: 10-fold R3D-18 and I3D at 112×112 for as many epochs as the budget left allows
   (time per epoch measured), exports.
7. ``handcrafted``: LBP-TOP and MDMO features, GPU vs CPU (clips/s).
8. ``ddp``: ``torchrun --nproc_per_node=2`` on the runner (NCCL with two GPUs, else gloo on CPU tensors,
   since one GPU cannot host two NCCL ranks).

``--tiny`` runs the same steps at toy sizes on the CPU (CI runs it: tests/test_gpu_check.py).

    bash scripts/gpu-check.sh [--tiny] [--out DIR] [--budget SECONDS]
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time

HARD_LIMIT_S = 480  # the 8 minutes
STEPS = ("environment", "flow", "shallow", "loso", "clips", "clip_training", "handcrafted", "ddp")
#: rough GPU estimates (s) used to skip a step that cannot fit; tiny mode uses TINY_ESTIMATE
ESTIMATE = {"environment": 10, "flow": 40, "shallow": 120, "loso": 90, "clips": 120, "clip_training": 60,
            "handcrafted": 20, "ddp": 40}
TINY_ESTIMATE = {k: 5 for k in STEPS}
MARGIN_S = 20


def _sync(device):
    import torch
    if device.type == "cuda":
        torch.cuda.synchronize()


def _device(tiny):
    import torch
    return torch.device("cpu" if tiny or not torch.cuda.is_available() else "cuda")


# ---- steps (each returns a dict; runs in its own process) -------------------------------------------------
def step_environment(out, tiny, left):
    import torch
    from .export import cpu_name
    env = {"torch": torch.__version__, "cuda": torch.version.cuda, "python": platform.python_version(),
           "cpu": f"{cpu_name()}, {os.cpu_count()} cores", "cuda_available": torch.cuda.is_available(),
           "modules": {m: importlib.util.find_spec(m) is not None for m in ("cv2", "tqdm", "numpy")}}
    if torch.cuda.is_available():
        p = torch.cuda.get_device_properties(0)
        env.update(gpu=p.name, gpu_memory_gib=round(p.total_memory / 2**30, 1), capability=f"{p.major}.{p.minor}",
                   gpus=torch.cuda.device_count(), bf16=bool(torch.cuda.is_bf16_supported()),
                   cudnn=torch.backends.cudnn.version())
        if shutil.which("nvidia-smi"):
            q = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                               capture_output=True, text=True, timeout=30)
            env["driver"] = q.stdout.strip().splitlines()[0] if q.returncode == 0 and q.stdout.strip() else None
    env["compile_available"] = hasattr(torch, "compile") and int(torch.__version__.split(".")[0]) >= 2
    return env


def _pairs(n, size):
    import numpy as np
    from .labels import read_labels
    from .runner import SYNTHETIC_LABELS
    from .sources.synthetic import SyntheticFaces
    gen = SyntheticFaces(size=size, seed=0)
    pairs = [gen.pair(s) for s in read_labels(SYNTHETIC_LABELS)[:n]]
    return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])


def step_flow(out, tiny, left):
    import torch
    from .flow.compute import compute_flows, opencv_tvl1
    from .flow.tvl1 import PRESETS
    device = _device(tiny)
    preset = "fast" if tiny else "opencv"
    res = {"device": str(device), "preset": f"{preset} (flow/tvl1.py PRESETS)", "sizes": {}}
    for size, n_gpu, n_cpu in (((16, 2, 2), (24, 2, 2)) if tiny else ((128, 256, 16), (224, 128, 8))):
        on, ap = _pairs(max(n_gpu, n_cpu), size)
        r = {}
        compute_flows(on[:2], ap[:2], "torch", device, params=PRESETS[preset])  # warm-up
        t = time.time(); compute_flows(on[:n_gpu], ap[:n_gpu], "torch", device, params=PRESETS[preset]); _sync(device)
        r["torch_pairs_per_s"] = round(n_gpu / (time.time() - t), 2)
        if opencv_tvl1() is not None:
            t = time.time(); compute_flows(on[:n_cpu], ap[:n_cpu], "opencv", torch.device("cpu"), params=PRESETS[preset])
            r["opencv_cpu_pairs_per_s"] = round(n_cpu / (time.time() - t), 2)
            r["ratio_torch_vs_opencv"] = round(r["torch_pairs_per_s"] / r["opencv_cpu_pairs_per_s"], 2)
        else:
            r["opencv_cpu_pairs_per_s"] = "skipped: OpenCV without TV-L1 on this machine"
        res["sizes"][f"{size}x{size}"] = dict(r, pairs_torch=n_gpu, pairs_opencv=n_cpu)
    return res


def _run(model, out, tiny, **kw):
    from .options import RunOptions
    from .runner import run
    base = dict(model=model, splits="kfold2" if tiny else "kfold10", task="emotion", out=os.path.join(out, "exports"),
                synthetic=True, quiet=True, cache=os.path.join(out, "cache"), device="cpu" if tiny else "auto")
    if tiny:
        base.update(subjects=2, frame_size=24, flow_preset="fast", epochs=1)
    base.update(kw)
    t = time.time()
    paths = run(RunOptions(**base))
    with open(paths["manifest"], encoding="utf-8") as fh:
        man = json.load(fh)
    return {"wall_s": round(time.time() - t, 2), "samples": man["samples"], "folds": man["folds"], "epochs": man["epochs"],
            "timings": man["timings"], "export": os.path.relpath(paths["csv"], out), "fold_mode": man["run"]["fold_mode"]}


def step_shallow(out, tiny, left):
    res = {}
    for m in ("ststnet", "offapexnet", "rcn_a"):
        res[m] = _run(m, out, tiny)
    res["note"] = "the first run computes the onset-apex flow of every clip; the others read it from the cache"
    return res


def step_loso(out, tiny, left):
    import torch
    from .bench_loso import bench_loso
    device = _device(tiny)
    if tiny:
        return bench_loso(1, 3, ["release", "sequential", "batched"], device, clips=24)
    probe = bench_loso(20, 68, ["batched"], device)
    full_est = probe["variants"]["batched"]["full_run_s_extrapolated"]
    res = {"probe": probe}
    if full_est < 0.6 * (left - 30):  # the full published run fits: measure it, not an extrapolation
        res["batched_full"] = bench_loso(800, 68, ["batched"], device)
    res["fold_by_fold"] = bench_loso(10, 8, ["release", "sequential"], device)
    torch.cuda.empty_cache() if device.type == "cuda" else None
    return res


def _clip_step_rate(model, size, frames, batch, bf16, cl, comp, device, steps):
    import torch
    from .models import build_model
    from .speed import SpeedOptions
    from .train import train_step
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    speed = SpeedOptions.for_device(device, bf16=bf16, channels_last=cl, compile=comp, workers=0)
    net0 = speed.prepare_model(build_model(model, 7).to(device))
    net = speed.maybe_compile(net0)
    opt = torch.optim.SGD(net0.parameters(), lr=0.01, momentum=0.9)
    x = torch.randint(0, 256, (batch, 3, frames, size, size), dtype=torch.uint8, device=device)
    y = torch.randint(0, 7, (batch,), device=device)

    def one():
        train_step(net, opt, torch.nn.functional.cross_entropy, speed, device, speed.prepare_batch(x), y)
    t = time.time(); one(); one(); _sync(device)
    warm = time.time() - t
    t = time.time()
    for _ in range(steps):
        one()
    _sync(device)
    dt = time.time() - t
    r = {"samples_per_s": round(batch * steps / dt, 1), "first_two_steps_s": round(warm, 2), "speed": speed.as_dict()}
    if device.type == "cuda":
        r["peak_gpu_mib"] = round(torch.cuda.max_memory_allocated() / 2**20)
    return r


def step_clips(out, tiny, left):
    import torch
    from .speed import compile_available
    device = _device(tiny)
    size, frames, batch, steps = (16, 4, 2, 1) if tiny else (112, 16, 32, 5)
    combos = [("fp32", False, False, False), ("bf16", True, False, False), ("fp32+channels_last", False, True, False),
              ("bf16+channels_last", True, True, False), ("bf16+channels_last+compile", True, True, True)]
    res = {"device": str(device), "clip": f"{frames}x{size}x{size}", "batch": batch}
    t0 = time.time()
    for model in ("r3d", "i3d"):
        res[model] = {}
        for name, bf16, cl, comp in combos:
            if device.type != "cuda" and (bf16 or cl or comp):
                res[model][name] = "skipped: CPU (bf16 / channels-last / compile are CUDA switches, speed.py)"
                continue
            if comp and not compile_available():
                res[model][name] = "skipped: torch.compile not available"
                continue
            if time.time() - t0 > left - 60:
                res[model][name] = "skipped: budget"
                continue
            try:
                res[model][name] = _clip_step_rate(model, size, frames, batch, bf16, cl, comp, device, steps)
            except Exception as err:  # noqa: BLE001 - a failing compile or OOM is a finding, recorded
                res[model][name] = f"failed: {type(err).__name__}: {str(err).splitlines()[0][:300]}"
            if device.type == "cuda":
                torch.cuda.empty_cache()
        if device.type == "cuda" and time.time() - t0 < left - 60:
            try:
                res[model]["224x224_bf16+channels_last"] = _clip_step_rate(model, 224, 16, 32, True, True, False, device, 3)
            except Exception as err:  # noqa: BLE001
                res[model]["224x224_bf16+channels_last"] = f"failed: {type(err).__name__}: {str(err).splitlines()[0][:300]}"
    return res


def step_clip_training(out, tiny, left):
    prev = _read(out).get("steps", {}).get("clips", {}).get("result", {})
    res = {}
    for model in ("r3d", "i3d"):
        if tiny:
            res[model] = _run(model, out, tiny, input_size=16, clip_frames=4)
            continue
        rates = [v["samples_per_s"] for v in prev.get(model, {}).values() if isinstance(v, dict) and "samples_per_s" in v]
        sps = max(rates) if rates else 200.0
        epoch_s = 7275 * 0.9 * 10 / sps  # 10 folds, each trains on ~90% of the clips
        avail = (left - 40) / 2 - 30     # half of what is left per model, clip decoding and prediction aside
        epochs = int(avail // epoch_s)
        if epochs < 1:
            res[model] = f"skipped: one 10-fold epoch needs ~{epoch_s:.0f} s at {sps:.0f} samples/s, {avail:.0f} s left"
            continue
        r = _run(model, out, tiny, input_size=112, epochs=min(epochs, 30))
        r["time_per_epoch_s"] = round(r["timings"]["train_s"] / r["epochs"], 1)
        res[model] = r
    return res


def step_handcrafted(out, tiny, left):
    import torch
    from .handcrafted.lbp_top import LBPTOP
    from .handcrafted.mdmo import grid_regions, mdmo_features, region_masks
    n, t_, s = (4, 8, 16) if tiny else (256, 16, 64)
    res = {}
    devices = [torch.device("cpu")] + ([] if tiny or not torch.cuda.is_available() else [torch.device("cuda")])
    for d in devices:
        x = torch.randint(0, 256, (n, t_, s, s)).float().to(d)
        LBPTOP()(x[:2]); _sync(d)
        t = time.time(); LBPTOP()(x); _sync(d)
        res[f"lbp_top_{d.type}_clips_per_s"] = round(n / (time.time() - t), 1)
        f = torch.randn(n * 4, 2, s, s).to(d)
        masks = region_masks(grid_regions(), s, s, d)
        mdmo_features(f[:2], masks); _sync(d)
        t = time.time(); mdmo_features(f, masks); _sync(d)
        res[f"mdmo_{d.type}_clips_per_s"] = round(n * 4 / (time.time() - t), 1)
    if len(devices) == 2:
        res["lbp_top_gpu_vs_cpu"] = round(res["lbp_top_cuda_clips_per_s"] / res["lbp_top_cpu_clips_per_s"], 1)
        res["mdmo_gpu_vs_cpu"] = round(res["mdmo_cuda_clips_per_s"] / res["mdmo_cpu_clips_per_s"], 1)
    res["sizes"] = {"clips": n, "frames": t_, "side": s}
    return res


def step_ddp(out, tiny, left):
    import socket
    import torch
    two_gpus = not tiny and torch.cuda.device_count() >= 2
    # tiny: STSTNet (batch norm: the synchronised path) on the shallow step's cached flow; GPU: a small R3D-18 run
    model, size_args = ("ststnet", ["--frame-size", "24", "--flow-preset", "fast"]) if tiny else ("r3d", ["--input-size", "16", "--clip-frames", "4"])
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]
    # --redirects/--tee given explicitly: with Python 3.11 torch ≤ 2.0's launcher maps their default "0" to
    # None (IntFlag iteration skips 0) and fails before starting any rank, the "torchrun could not start"
    # of Debian's torch 1.13; 2 / 1 keep every rank's stderr in the log folder and stdout on the console.
    log_dir = os.path.join(out, "ddp-logs")
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", f"--master_port={port}",
           "--redirects", "2", "--tee", "1", "--log_dir", log_dir,
           "-m", "melab_eval", "run", "--model", model, "--synthetic", "--subjects", "2", "--splits", "kfold2",
           "--task", "emotion", "--epochs", "1", *size_args,
           "--device", "cuda" if two_gpus else "cpu", "--out", os.path.join(out, "ddp"), "--cache", os.path.join(out, "cache"),
           "--quiet", "--fold-mode", "sequential"]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    t = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=max(5, left - 5), env=env)
    ok = p.returncode == 0 and os.path.exists(os.path.join(out, "ddp", f"{model}-emotion.csv"))
    rank_errors = []
    for root, _d, files in os.walk(log_dir):
        rank_errors += [open(os.path.join(root, f), encoding="utf-8", errors="replace").read().strip().splitlines()[-3:]
                        for f in files if f == "stderr.log" and not ok]
    return {"ok": ok, "model": model, "returncode": p.returncode, "wall_s": round(time.time() - t, 1),
            "backend": "nccl (2 GPUs)" if two_gpus else "gloo on CPU tensors (one GPU cannot host two NCCL ranks)",
            "launcher": "python -m torch.distributed.run (torchrun)", "stderr_tail": p.stderr.strip().splitlines()[-5:], "rank_stderr_tails": rank_errors}


FUNCS = {name: globals()[f"step_{name}"] for name in STEPS}


# ---- the driver --------------------------------------------------------------------------------------------
def _read(out):
    path = os.path.join(out, "gpu-check.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    return {}


def _write(out, doc):
    tmp = os.path.join(out, "gpu-check.json.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, os.path.join(out, "gpu-check.json"))


def drive(out, tiny, budget, only=None) -> dict:
    os.makedirs(out, exist_ok=True)
    budget = min(budget, HARD_LIMIT_S)
    start = time.time()
    deadline = start + budget
    doc = {"tiny": tiny, "budget_s": budget, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "steps": {}}
    _write(out, doc)
    estimates = TINY_ESTIMATE if tiny else ESTIMATE
    env = dict(os.environ)
    pkg_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = pkg_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    for name in STEPS:
        if only and name not in only:
            continue
        left = deadline - time.time() - MARGIN_S
        if left < estimates[name]:
            doc["steps"][name] = {"status": "skipped", "why": f"needs ~{estimates[name]} s, {max(0, left):.0f} s left of the {budget} s budget"}
            print(f"gpu-check: {name}: skipped ({doc['steps'][name]['why']})", file=sys.stderr, flush=True)
            _write(out, doc)
            continue
        t = time.time()
        cmd = [sys.executable, "-m", "melab_eval.gpu_check", "--step", name, "--out", out, "--left", str(int(left))] + (["--tiny"] if tiny else [])
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=left, env=env)
            lines = p.stdout.strip().splitlines()
            if p.returncode == 0 and lines:
                result = json.loads(lines[-1])
                status = "failed" if isinstance(result, dict) and result.get("ok") is False else "ok"
                doc["steps"][name] = {"status": status, "seconds": round(time.time() - t, 1), "result": result}
            else:
                doc["steps"][name] = {"status": "failed", "seconds": round(time.time() - t, 1), "returncode": p.returncode,
                                      "stderr_tail": p.stderr.strip().splitlines()[-8:]}
        except subprocess.TimeoutExpired:
            doc["steps"][name] = {"status": "cut", "seconds": round(time.time() - t, 1), "why": "reached the budget"}
        print(f"gpu-check: {name}: {doc['steps'][name]['status']} ({time.time() - t:.1f} s)", file=sys.stderr, flush=True)
        _write(out, doc)
    doc["total_s"] = round(time.time() - start, 1)
    doc["ok"] = all(s["status"] in ("ok", "skipped") for s in doc["steps"].values())
    _write(out, doc)
    return doc


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="melab_eval.gpu_check")
    p.add_argument("--out", default="gpu-check-out")
    p.add_argument("--tiny", action="store_true", help="the same steps at toy sizes on the CPU")
    p.add_argument("--budget", type=float, default=HARD_LIMIT_S, help=f"seconds (at most {HARD_LIMIT_S})")
    p.add_argument("--only", help="comma-separated steps")
    p.add_argument("--step", help=argparse.SUPPRESS)
    p.add_argument("--left", type=float, default=HARD_LIMIT_S, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.step:
        import torch
        torch.set_num_threads(max(1, os.cpu_count() or 1))
        from .train import set_determinism
        set_determinism(_device(a.tiny))
        print(json.dumps(FUNCS[a.step](a.out, a.tiny, a.left)))
        return 0
    doc = drive(a.out, a.tiny, a.budget, a.only.split(",") if a.only else None)
    print(json.dumps({k: (v["status"]) for k, v in doc["steps"].items()}))
    return 0 if doc["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
