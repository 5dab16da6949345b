"""The runner's paths for the part-2 models, chosen by the config's ``input``:

- ``clip`` (R3D-18, I3D): uint8 clips [N,3,T,S,S], T frames between onset and offset (clips.py, cached on
  disk); trained by train.py's one loop (bf16 / channels-last / compile / workers on CUDA, DDP under torchrun).
- ``lbp_top``: grey clips → LBP-TOP histograms (handcrafted/lbp_top.py, computed on the device in batches).
- ``mdmo``: onset→apex TV-L1 flow (part 1's flow and its disk cache, so a flow model run on the same clips
  has already computed it) → MDMO over a 6 × 6 grid of regions, or landmark ROIs with ``--landmarks``.
Hand-crafted features go to the one-vs-rest linear SVM (handcrafted/svm.py); the runner's part-1 predict
turns its margins into the export's probabilities.

Everything the part-1 runner calls for a model goes through ``model_inputs`` and ``trainers``; a model whose
recipe has no ``input`` of these keeps the part-1 path. ``opts`` is the run's RunOptions (options.py), ``recipe``
its frozen Recipe (recipes.py): nothing here changes either.
"""
from __future__ import annotations

import sys
import time

import numpy as np
import torch

from . import distributed
from .clips import grey, load_clips
from .errors import EvalError
from .speed import SpeedOptions

PART2_INPUTS = ("clip", "lbp_top", "mdmo")


def handles(recipe) -> bool:
    return recipe.input in PART2_INPUTS


def _log(msg):
    if distributed.is_primary():
        print(msg, file=sys.stderr, flush=True)


def clip_geometry(recipe) -> tuple:
    """(frames T, size S) of the recipe (``--clip-frames``/``--input-size`` are recipe overrides)."""
    return (recipe.clip_frames or 16, recipe.input_size)


def _clips(samples, kind, opts, recipe, timings):
    if kind == "flows":
        raise EvalError(f"--model {recipe.model}: needs clips (--labels with --frames, or --synthetic), not --flows images")
    frames, size = clip_geometry(recipe)
    t = time.time()
    clips, key, cached = load_clips(samples, "synthetic" if kind == "synthetic" else "frames", size, frames,
                                    opts.cache_dir, seed=opts.synthetic_seed, root=opts.frames, layout=opts.layout,
                                    template=opts.frame_template)
    timings["clips_cached_s" if cached else "clips_s"] = time.time() - t
    _log(f"clips: {len(samples)} × {frames}×{size}×{size} uint8 ({clips.nbytes / 2**20:.0f} MiB) "
               f"{'from the cache' if cached else 'decoded'} ({key[:12]}), {time.time() - t:.1f} s")
    return torch.from_numpy(clips)


def _onset_apex_flow(samples, kind, opts, device, timings):
    """[N,2,S,S] flow, S = --frame-size: the runner's one flow path (runner.onset_apex_flow, same disk cache as part 1)."""
    from .runner import onset_apex_flow
    if kind == "flows":
        raise EvalError("--model mdmo: needs frames (--labels with --frames, or --synthetic) to compute flow, not --flows images")
    return torch.from_numpy(onset_apex_flow(samples, kind, opts, device, timings, say=_log, progress=False))


def model_inputs(samples, kind, opts, recipe, device, timings) -> torch.Tensor:
    """The model's input for every sample: uint8 clips (clip models) or float32 features (hand-crafted)."""
    what = recipe.input
    if what == "clip":
        x = _clips(samples, kind, opts, recipe, timings)
        return x.share_memory_() if opts.devices else x
    if what == "lbp_top":
        from .clips import frames_clips, synthetic_clips
        from .handcrafted.lbp_top import LBPTOP
        if kind == "flows":
            raise EvalError("--model lbp_top: needs clips (--labels with --frames, or --synthetic), not --flows images")
        frames, size = clip_geometry(recipe)
        lbp = LBPTOP(points=recipe.points or 8, radii=tuple(recipe.radii or (1, 1, 1)), blocks=tuple(recipe.blocks or (5, 5, 1)))
        t = time.time()
        feats = []
        for s in range(0, len(samples), 256):  # clips decoded a chunk at a time: features are all that is kept
            part = samples[s:s + 256]
            c = synthetic_clips(part, size, frames, opts.synthetic_seed) if kind == "synthetic" else \
                frames_clips(part, opts.frames, size, frames, opts.layout, opts.frame_template)
            feats.append(lbp(grey(torch.from_numpy(c).to(device))).cpu())
        timings["clips_and_features_s"] = time.time() - t
        x = torch.cat(feats)
        _log(f"LBP-TOP: {len(samples)} clips {frames}×{size}×{size}, {x.shape[1]} features each, {time.time() - t:.1f} s")
        return x
    if what == "mdmo":
        from .handcrafted.mdmo import grid_regions, landmark_regions, mdmo_features, read_landmarks, region_masks
        flow = _onset_apex_flow(samples, kind, opts, device, timings)
        h, w = flow.shape[-2:]
        t = time.time()
        if opts.landmarks:
            pts = read_landmarks(opts.landmarks, [s.sample_id for s in samples])
            masks = torch.stack([region_masks(landmark_regions(pts[s.sample_id], recipe.roi_size or 0.1), h, w)
                                 for s in samples])
        else:
            g = recipe.grid or (6, 6)
            masks = region_masks(grid_regions(*g), h, w)
        x = mdmo_features(flow.to(device), masks.to(device)).cpu()
        timings["features_s"] = time.time() - t
        _log(f"MDMO: {x.shape[1]} features per clip ({'landmark' if opts.landmarks else 'grid'} regions)")
        return x
    raise EvalError(f"recipe of {recipe.model}: unknown input {what!r}")


def speed_options(opts, device) -> SpeedOptions:
    """--bf16/--channels-last/--compile on|off|auto (auto: on for CUDA, off for CPU), --workers N."""
    return SpeedOptions.for_device(device, bf16=opts.bf16, channels_last=opts.channels_last, compile=opts.compile,
                                   workers=opts.workers)


def trainers(recipe, opts):
    """(fit, predict): fit(model, x, y, task, recipe, seed, device, on_epoch) → model; predict(model, x, task,
    device) → probabilities. Networks go through train.py's one loop (the clip models with speed switches
    and local weights), the hand-crafted features through their SVM."""
    from .train import TrainOptions, fit as train_fit, predict as train_predict
    what = recipe.input
    if what in ("lbp_top", "mdmo"):
        def fit(model, x, y, task, recipe, seed, device, on_epoch=None):
            torch.manual_seed(seed)
            model.fit(x, y, steps=recipe.epochs, lr=recipe.lr, device=device, c=recipe.C)
            if on_epoch:
                on_epoch(recipe.epochs)
            return model
        return fit, train_predict
    if what == "clip":
        from .models.clip_input import load_local_weights

        def fit(model, x, y, task, recipe, seed, device, on_epoch=None):
            if opts.weights:
                load_local_weights(getattr(model, "net", model), opts.weights)
            return train_fit(model, x, y, task, recipe, seed, device, TrainOptions(speed_options(opts, device), on_epoch))

        def predict(model, x, task, device):
            return train_predict(model, x, task, device, recipe.batch_size or 32, speed_options(opts, device))
        return fit, predict

    def fit(model, x, y, task, recipe, seed, device, on_epoch=None):
        return train_fit(model, x, y, task, recipe, seed, device, TrainOptions(on_epoch=on_epoch, fused_kernel=opts.fused_kernel))
    return fit, train_predict


class FoldJob:
    """One fold, picklable for distributed.run_folds: train on the other folds, predict this one."""

    def __init__(self, name, n_out, x, y, fold_arr, task, recipe, seed, opts):
        self.name, self.n_out, self.x, self.y, self.fold_arr = name, n_out, x, y, fold_arr
        self.task, self.recipe, self.seed, self.opts = task, recipe, seed, opts

    def __call__(self, fold, device):
        from .models import build_model
        from .train import set_determinism
        set_determinism(device)
        test = np.nonzero(self.fold_arr == fold)[0]
        train = np.nonzero(self.fold_arr != fold)[0]
        torch.manual_seed(self.seed * 1000 + fold)
        fit, predict = trainers(self.recipe, self.opts)
        model = fit(build_model(self.name, self.n_out, self.recipe), self.x[train], self.y[train], self.task,
                    self.recipe, self.seed * 1000 + fold, device)
        return test, predict(model, self.x[test], self.task, device)


def parallel_folds(name, n_out, x, y, fold_arr, folds, task, recipe, seed, opts, devices) -> dict:
    """{fold: (test indices, probabilities)} computed over ``devices`` (one process per device)."""
    job = FoldJob(name, n_out, x, y, fold_arr, task, recipe, seed, opts)
    pending = [f for f in range(folds) if np.any(fold_arr == f)]
    t = time.time()
    results, where = distributed.run_folds(job, pending, devices)
    _log(f"{len(pending)} folds on {len(devices)} devices in {time.time() - t:.1f} s")
    return results
