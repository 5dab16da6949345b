"""The runner's paths for the part-2 models, chosen by the config's ``input``:

- ``clip`` (R3D-18, I3D): uint8 clips [N,3,T,S,S], T frames between onset and offset (clips.py, cached on
  disk); trained by train_clips.py (bf16 / channels-last / compile / workers on CUDA, DDP under torchrun).
- ``lbp_top``: grey clips → LBP-TOP histograms (handcrafted/lbp_top.py, computed on the device in batches).
- ``mdmo``: onset→apex TV-L1 flow (part 1's flow and its disk cache, so a flow model run on the same clips
  has already computed it) → MDMO over a 6 × 6 grid of regions, or landmark ROIs with ``--landmarks``.
Hand-crafted features go to the one-vs-rest linear SVM (handcrafted/svm.py); the runner's part-1 predict
turns its margins into the export's probabilities.

Everything the part-1 runner calls for a model goes through ``model_inputs`` and ``trainers``; a model whose
config has no ``input`` of these keeps the part-1 path.
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


def handles(cfg: dict) -> bool:
    return cfg.get("input") in PART2_INPUTS


def _log(args, msg):
    if distributed.is_primary():
        print(msg, file=sys.stderr, flush=True)


def _cache_dir(args):
    if getattr(args, "no_cache", False):
        return None
    from .flow import cache as flow_cache
    return getattr(args, "cache", None) or flow_cache.default_cache_dir()


def clip_geometry(args, cfg) -> tuple:
    """(frames T, size S): ``--clip-frames``/``--input-size`` override the config (16, 224 for the 3D CNNs)."""
    return (getattr(args, "clip_frames", None) or cfg.get("clip_frames", 16),
            getattr(args, "input_size", None) or cfg["input_size"])


def _clips(samples, kind, args, cfg, timings):
    if kind == "flows":
        raise EvalError(f"--model {cfg['model']}: needs clips (--labels with --frames, or --synthetic), not --flows images")
    frames, size = clip_geometry(args, cfg)
    if (frames, size) != (cfg.get("clip_frames", 16), cfg["input_size"]):  # the manifest's config says what ran
        cfg["config_file_geometry"] = {"clip_frames": cfg.get("clip_frames", 16), "input_size": cfg["input_size"]}
        cfg["clip_frames"], cfg["input_size"] = frames, size
    t = time.time()
    clips, key, cached = load_clips(samples, "synthetic" if kind == "synthetic" else "frames", size, frames,
                                    _cache_dir(args), seed=getattr(args, "synthetic_seed", 0),
                                    root=getattr(args, "frames", None), layout=getattr(args, "layout", None),
                                    template=getattr(args, "frame_template", None))
    timings["clips_cached_s" if cached else "clips_s"] = time.time() - t
    _log(args, f"clips: {len(samples)} × {frames}×{size}×{size} uint8 ({clips.nbytes / 2**20:.0f} MiB) "
               f"{'from the cache' if cached else 'decoded'} ({key[:12]}), {time.time() - t:.1f} s")
    return torch.from_numpy(clips)


def _onset_apex_flow(samples, kind, args, device, timings):
    """[N,2,S,S] flow, S = --frame-size, through part 1's flow backends and disk cache (same key as part 1)."""
    from .flow import cache as flow_cache
    from .flow.compute import choose_backend, compute_flows
    from .flow.tvl1 import PRESETS
    from .sources import frames as frame_source
    from .sources.synthetic import SyntheticFaces
    if kind == "flows":
        raise EvalError("--model mdmo: needs frames (--labels with --frames, or --synthetic) to compute flow, not --flows images")
    t = time.time()
    if kind == "synthetic":
        gen = SyntheticFaces(size=args.frame_size, seed=args.synthetic_seed)
        pairs = [gen.pair(s) for s in samples]
        onsets, apexes = np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])
    else:
        onsets, apexes = frame_source.load_pairs(samples, args.frames, args.frame_size, args.layout, args.frame_template)
    timings["frames_s"] = time.time() - t
    t = time.time()
    preset = getattr(args, "flow_preset", "opencv")
    if preset not in PRESETS:
        raise EvalError(f"--flow-preset {preset!r}: choose {', '.join(PRESETS)}")
    params = PRESETS[preset]
    key = flow_cache.flow_key(onsets, apexes, params.as_dict())
    cache_dir = _cache_dir(args)
    flow = flow_cache.load(cache_dir, key) if cache_dir else None
    if flow is None:
        backend = choose_backend(getattr(args, "flow_backend", "auto"), device)
        flow = compute_flows(onsets, apexes, backend, device, params=params)
        if cache_dir:
            flow_cache.store(cache_dir, key, flow)
        timings["flow_s"] = time.time() - t
        _log(args, f"flow: {len(samples)} pairs ({backend}) in {time.time() - t:.1f} s")
    else:
        timings["flow_cached_s"] = time.time() - t
        _log(args, f"flow: {len(samples)} pairs from the cache ({key[:12]})")
    return torch.from_numpy(flow)


def model_inputs(samples, kind, args, cfg, device, timings) -> torch.Tensor:
    """The model's input for every sample: uint8 clips (clip models) or float32 features (hand-crafted)."""
    what = cfg["input"]
    if what == "clip":
        x = _clips(samples, kind, args, cfg, timings)
        return x.share_memory_() if getattr(args, "devices", None) else x
    if what == "lbp_top":
        from .clips import frames_clips, synthetic_clips
        from .handcrafted.lbp_top import LBPTOP
        if kind == "flows":
            raise EvalError("--model lbp_top: needs clips (--labels with --frames, or --synthetic), not --flows images")
        frames, size = clip_geometry(args, cfg)
        cfg["clip_frames"], cfg["input_size"] = frames, size
        lbp = LBPTOP(points=cfg.get("points", 8), radii=tuple(cfg.get("radii", (1, 1, 1))), blocks=tuple(cfg.get("blocks", (5, 5, 1))))
        t = time.time()
        feats = []
        for s in range(0, len(samples), 256):  # clips decoded a chunk at a time: features are all that is kept
            part = samples[s:s + 256]
            c = synthetic_clips(part, size, frames, getattr(args, "synthetic_seed", 0)) if kind == "synthetic" else \
                frames_clips(part, args.frames, size, frames, getattr(args, "layout", None), getattr(args, "frame_template", None))
            feats.append(lbp(grey(torch.from_numpy(c).to(device))).cpu())
        timings["clips_and_features_s"] = time.time() - t
        x = torch.cat(feats)
        _log(args, f"LBP-TOP: {len(samples)} clips {frames}×{size}×{size}, {x.shape[1]} features each, {time.time() - t:.1f} s")
        return x
    if what == "mdmo":
        from .handcrafted.mdmo import grid_regions, landmark_regions, mdmo_features, read_landmarks, region_masks
        flow = _onset_apex_flow(samples, kind, args, device, timings)
        h, w = flow.shape[-2:]
        t = time.time()
        if getattr(args, "landmarks", None):
            pts = read_landmarks(args.landmarks, [s.sample_id for s in samples])
            masks = torch.stack([region_masks(landmark_regions(pts[s.sample_id], cfg.get("roi_size", 0.1)), h, w)
                                 for s in samples])
        else:
            g = cfg.get("grid", [6, 6])
            masks = region_masks(grid_regions(*g), h, w)
        x = mdmo_features(flow.to(device), masks.to(device)).cpu()
        timings["features_s"] = time.time() - t
        _log(args, f"MDMO: {x.shape[1]} features per clip ({'landmark' if getattr(args, 'landmarks', None) else 'grid'} regions)")
        return x
    raise EvalError(f"config of {cfg.get('model')}: unknown input {what!r}")


def _tri(v):
    return {"on": True, "off": False}.get(v) if isinstance(v, str) else v


def speed_options(args, device) -> SpeedOptions:
    """--bf16/--channels-last/--compile on|off|auto (auto: on for CUDA, off for CPU), --workers N."""
    return SpeedOptions.for_device(device, bf16=_tri(getattr(args, "bf16", None)), channels_last=_tri(getattr(args, "channels_last", None)),
                                   compile=_tri(getattr(args, "compile", None)), workers=getattr(args, "workers", None))


def trainers(cfg, args, default_fit, default_predict):
    """(fit, predict) with the part-1 signatures: fit(model, x, y, task, cfg, epochs, seed, device, on_epoch)
    → model; predict(model, x, task, device) → probabilities."""
    what = cfg.get("input")
    if what == "clip":
        from .models.clip_input import load_local_weights
        from .train_clips import predict_clips, train_clip_model

        def fit(model, x, y, task, cfg, epochs, seed, device, on_epoch=None):
            if getattr(args, "weights", None):
                load_local_weights(getattr(model, "net", model), args.weights)
                cfg["weights_file"] = args.weights
            speed = speed_options(args, device)
            cfg["speed"] = speed.as_dict()
            return train_clip_model(model, x, y, task, cfg, epochs, seed, device, on_epoch, speed)

        def predict(model, x, task, device):
            return predict_clips(model, x, task, device, cfg.get("batch_size", 32), speed_options(args, device))
        return fit, predict
    if what in ("lbp_top", "mdmo"):
        def fit(model, x, y, task, cfg, epochs, seed, device, on_epoch=None):
            torch.manual_seed(seed)
            model.fit(x, y, steps=epochs, lr=cfg.get("lr", 0.1), device=device, c=cfg.get("C", 1.0))
            if on_epoch:
                on_epoch(epochs)
            return model
        return fit, default_predict
    return default_fit, default_predict


class FoldJob:
    """One fold, picklable for distributed.run_folds: train on the other folds, predict this one."""

    def __init__(self, name, n_out, x, y, fold_arr, task, cfg, epochs, seed, args, default_fit, default_predict):
        self.__dict__.update(locals())
        del self.__dict__["self"]

    def __call__(self, fold, device):
        from .models import build_model
        from .train import set_determinism
        set_determinism(device)
        test = np.nonzero(self.fold_arr == fold)[0]
        train = np.nonzero(self.fold_arr != fold)[0]
        torch.manual_seed(self.seed * 1000 + fold)
        fit, predict = trainers(self.cfg, self.args, self.default_fit, self.default_predict)
        model = fit(build_model(self.name, self.n_out), self.x[train], self.y[train], self.task, self.cfg,
                    self.epochs, self.seed * 1000 + fold, device)
        return test, predict(model, self.x[test], self.task, device)


def parallel_folds(name, n_out, x, y, fold_arr, folds, task, cfg, epochs, seed, args, default_fit, default_predict) -> dict:
    """{fold: (test indices, probabilities)} computed over ``--devices`` (one process per device); {} when
    fewer than two devices are listed, so the runner's own fold loop does the work."""
    devices = distributed.parse_devices(getattr(args, "devices", None))
    if len(devices) < 2:
        return {}
    job = FoldJob(name, n_out, x, y, fold_arr, task, cfg, epochs, seed, args, default_fit, default_predict)
    pending = [f for f in range(folds) if np.any(fold_arr == f)]
    t = time.time()
    results, where = distributed.run_folds(job, pending, devices)
    _log(args, f"{len(pending)} folds on {len(devices)} devices in {time.time() - t:.1f} s: "
               + ", ".join(f"fold {f + 1} → {where[f]}" for f in sorted(where)))
    return results
