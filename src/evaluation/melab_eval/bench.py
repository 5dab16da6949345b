"""``melab_eval bench``: flow throughput (pairs/s) per backend and preset on synthetic 64×64 onset/apex pairs,
and training throughput (samples/s: training samples × epochs / seconds) per model, on this machine."""
from __future__ import annotations

import os
import time

import numpy as np
import torch

from .export import hardware
from .flow.compute import compute_flows, opencv_tvl1
from .flow.tvl1 import PRESETS
from .labels import read_labels
from .models import build_model
from .recipes import resolve
from .runner import SYNTHETIC_LABELS, pick_device
from .sources.synthetic import SyntheticFaces
from .train import fit


def bench(args) -> dict:
    device = pick_device(args.device)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    samples = read_labels(SYNTHETIC_LABELS)[: args.pairs]
    gen = SyntheticFaces(64)
    pairs = [gen.pair(s) for s in samples]
    on = np.stack([p[0] for p in pairs]); ap = np.stack([p[1] for p in pairs])
    out = {"hardware": hardware(device), "device": str(device), "pairs": len(samples), "frame_size": 64}
    backends = ["torch"] + (["opencv"] if opencv_tvl1() is not None else [])
    for backend in backends:
        for preset in PRESETS:
            t = time.time()
            compute_flows(on, ap, backend, device if backend == "torch" else torch.device("cpu"), params=PRESETS[preset])
            if device.type == "cuda":
                torch.cuda.synchronize()
            out[f"flow_{backend}_{preset}_pairs_per_s"] = round(len(samples) / (time.time() - t), 2)
    for name in ("ststnet", "offapexnet", "rcn_a"):  # the shallow baselines (bench_part2.py covers the others)
        recipe = resolve(name, "dfme", overrides={"epochs": args.epochs})
        x = torch.rand(args.samples, len(recipe.input_channels), recipe.input_size, recipe.input_size)
        y = torch.randint(0, 7, (args.samples,))
        model = build_model(name, 7, recipe)
        t = time.time()
        fit(model, x, y, "emotion", recipe, 0, device)
        if device.type == "cuda":
            torch.cuda.synchronize()
        out[f"train_{name}_samples_per_s"] = round(args.samples * args.epochs / (time.time() - t), 1)
    return out
