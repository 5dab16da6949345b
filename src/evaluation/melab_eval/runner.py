"""``melab_eval run``: clips in, one model trained per fold, the prediction export + manifest out.

Steps: read the samples (label table, flow-image labels, or the synthetic table); keep the task's samples
(emotion task: samples whose emotion is one of the classes; by default every emotion present except
"others", a catch-all rather than an emotion, so DFME gives the paper's 7 classes and 7,275 samples of
Sec. 4.1; the AU task uses the same samples, with the 12 AUs of Sec. 4.1 as targets); assign folds (split
file, loso or kfold<K>); compute model inputs once (onset→apex TV-L1 flow through the disk cache, optical
strain, resize, per-channel normalisation); for each fold train a fresh model on the other folds for the
recipe's fixed number of epochs and predict the fold's test samples; write the export. Samples left out
are listed in the manifest with the reason and counted on stderr.

Folds (``--fold-mode``): ``sequential`` (one after another, here), ``processes`` (spread over the CPU cores,
or over ``--devices``), ``batched`` (all folds as one fold-stacked model, batched.py: STSTNet and Off-ApexNet).
``auto``: batched on CUDA for the models that have it, processes for 20 folds or more (LOSO) on a CPU with
several cores, else sequential. Every mode gives the same predictions (each fold is seeded by its number).
"""
from __future__ import annotations

import os
import sys
import time

import numpy as np
import torch
try:
    from tqdm import tqdm
except ImportError:  # progress bars are optional (a bare PyTorch image may lack tqdm)
    class tqdm:  # noqa: N801 - the same name and the few methods used here
        def __init__(self, *a, **k):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def update(self, n=1):
            pass

from . import export
from .errors import EvalError
from .flow import cache as flow_cache
from .flow.compute import choose_backend, compute_flows
from .flow.features import flow_features, normalise, resize
from .flow.tvl1 import PRESETS
from .labels import TASK_AUS, au_targets, emotion_classes, read_labels, subject_key
from .models import build_model, check_model
from .options import RunOptions
from .recipes import resolve
from .speed import set_cpu_threads
from .sources import flowimages, frames
from .sources.synthetic import GENERATOR_VERSION, SyntheticFaces
from .splits import make_folds, natural_key, read_split_file
from .train import set_determinism
from . import distributed, pipelines

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SYNTHETIC_LABELS = os.path.join(REPO_ROOT, "data", "dfme-synthetic-labels.csv")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise EvalError("--device cuda: no CUDA device available")
    if name not in ("cpu", "cuda"):
        raise EvalError(f"--device {name!r}: choose auto, cpu or cuda")
    return torch.device(name)


def uf1_acc(y_true, y_pred, k):
    f1s = []
    for c in range(k):
        tp = int(np.sum((y_true == c) & (y_pred == c)))
        fp = int(np.sum((y_true != c) & (y_pred == c)))
        fn = int(np.sum((y_true == c) & (y_pred != c)))
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(y_true == y_pred)), float(np.mean(f1s)) if f1s else 0.0


def au_mean_f1(t, s, threshold=0.5):
    p = s >= threshold
    f1s = []
    for j in range(t.shape[1]):
        tp = np.sum(p[:, j] & (t[:, j] == 1)); fp = np.sum(p[:, j] & (t[:, j] == 0)); fn = np.sum(~p[:, j] & (t[:, j] == 1))
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)) if f1s else 0.0


def group_excluded(excluded):
    """[{sample_id, reason}] → [{reason, count, sample_ids}] (compact, still every id listed)."""
    groups = {}
    for e in excluded:
        groups.setdefault(e["reason"], []).append(e["sample_id"])
    return [{"reason": r, "count": len(ids), "sample_ids": ids} for r, ids in groups.items()]


def load_samples(args: RunOptions):
    """→ (samples, input kind, description of the input for the manifest)."""
    if args.flows:
        lab = args.flow_labels or os.path.join(args.flows, "labels.csv")
        return flowimages.read_flow_labels(lab), "flows", {"flows": args.flows, "flow_labels": lab}
    if args.synthetic:
        lab = args.labels or SYNTHETIC_LABELS
        return read_labels(lab), "synthetic", {"labels": os.path.relpath(lab, REPO_ROOT) if lab.startswith(REPO_ROOT) else lab,
                                               "synthetic": {"generator": GENERATOR_VERSION, "seed": args.synthetic_seed}}
    if not args.labels:
        raise EvalError("run: give --labels FILE with --frames DIR (or --synthetic), or --flows DIR, or --synthetic")
    if not args.frames:
        raise EvalError(f"--labels {args.labels}: give --frames DIR (the clips' frames) or --synthetic")
    return read_labels(args.labels), "frames", {"labels": args.labels, "frames": args.frames}


def select_task_samples(samples, task, classes_opt):
    present = emotion_classes(samples)
    if classes_opt:
        classes = [c.strip() for c in classes_opt.split(",") if c.strip()]
        unknown = [c for c in classes if c not in present]
        if unknown:
            raise EvalError(f"--classes: {unknown[0]!r} is not an emotion of the label table (present: {', '.join(present)})")
    else:
        classes = [c for c in present if c != "others"]
    if not classes:
        raise EvalError("the label table has no usable emotion labels")
    keep, excluded = [], []
    for s in samples:
        if s.emotion in classes:
            keep.append(s)
        else:
            why = "no emotion label" if not s.emotion else f"emotion '{s.emotion}' is not a class of this run"
            excluded.append({"sample_id": s.sample_id, "reason": why})
    if task == "au" and any(s.extra.get("file") for s in samples):
        raise EvalError("--task au: flow-image label files carry no AU labels; use --labels with --frames or --synthetic")
    return keep, classes, excluded


def onset_apex_flow(samples, kind, opts: RunOptions, device, timings, say=log, progress: bool = True) -> np.ndarray:
    """Onset→apex TV-L1 flow [N,2,S,S] (S = --frame-size) of every sample, frames from the synthetic generator or
    --frames, through the disk cache (flow/cache.py, --flow-preset's parameters in the key). The one path to flow
    for every model that needs it (the flow CNNs here, MDMO in pipelines.py), so a model run after another on the
    same clips reads its flow from the cache."""
    t = time.time()
    if kind == "synthetic":
        gen = SyntheticFaces(size=opts.frame_size, seed=opts.synthetic_seed)
        pairs = [gen.pair(s) for s in samples]
        onsets = np.stack([p[0] for p in pairs]); apexes = np.stack([p[1] for p in pairs])
    else:
        onsets, apexes = frames.load_pairs(samples, opts.frames, opts.frame_size, opts.layout, opts.frame_template)
    timings["frames_s"] = time.time() - t
    t = time.time()
    if opts.flow_preset not in PRESETS:
        raise EvalError(f"--flow-preset {opts.flow_preset!r}: choose {', '.join(PRESETS)}")
    params = PRESETS[opts.flow_preset]
    key = flow_cache.flow_key(onsets, apexes, params.as_dict())
    cache_dir = opts.cache_dir
    flow = flow_cache.load(cache_dir, key) if cache_dir else None
    if flow is None:
        backend = choose_backend(opts.flow_backend, device)
        with tqdm(total=len(samples), desc=f"flow ({backend})", unit="pair", file=sys.stderr, disable=opts.quiet or not progress) as bar:
            flow = compute_flows(onsets, apexes, backend, device, progress=bar.update, params=params)
        if cache_dir:
            flow_cache.store(cache_dir, key, flow)
        timings["flow_s"] = time.time() - t
        say(f"flow: {len(samples)} pairs ({backend}) in {time.time() - t:.1f} s" + (f", cached as {key[:12]}" if cache_dir else ""))
    else:
        timings["flow_cached_s"] = time.time() - t
        say(f"flow: {len(samples)} pairs from the cache ({key[:12]})")
    # float16 is the cache's precision: rounding fresh flow the same way makes a run that computes flow
    # and one that reads it from the cache (or runs with --no-cache) see identical inputs.
    return flow.astype(np.float16).astype(np.float32)


def model_inputs(samples, kind, args: RunOptions, cfg, device, timings):
    """→ tensor [N,C,S,S] for the model (C = 3 u,v,strain or 2 u,v; S = the model's input size)."""
    if pipelines.handles(cfg):  # part 2: clips for the 3D CNNs, LBP-TOP / MDMO features (pipelines.py)
        return pipelines.model_inputs(samples, kind, args, cfg, device, timings)
    size, norm = cfg.input_size, cfg.normalisation
    if kind == "flows":
        t = time.time()
        x = torch.from_numpy(flowimages.load_flow_images(samples, args.flows, size, args.flow_channels))
        # images are already 8-bit scaled flow: minmax255 reads them as 0-255 (as cv2.imread does), minmax
        # re-scales each to [0, 1], none keeps the file's [0, 1] values
        x = x * 255.0 if norm == "minmax255" else normalise(x, norm)
        timings["load_s"] = time.time() - t
    else:
        flow = onset_apex_flow(samples, kind, args, device, timings)
        x = flow_features(torch.from_numpy(flow), size, "minmax" if norm == "minmax255" else norm)
        if norm == "minmax255":  # the releases' 8-bit flow images, read unnormalised (0-255)
            x = x * 255.0
        timings["flow_pairs"] = float(len(samples))
    if list(cfg.input_channels) == ["u", "v"]:
        x = x[:, :2]
    return x.contiguous()


def choose_fold_mode(opts: RunOptions, name: str, folds: int, device: torch.device) -> str:
    from .batched import BATCHED_MODELS
    mode = opts.fold_mode
    if mode not in ("auto", "sequential", "processes", "batched"):
        raise EvalError(f"--fold-mode {mode!r}: choose auto, sequential, processes or batched")
    if mode == "batched" and name not in BATCHED_MODELS:
        raise EvalError(f"--fold-mode batched: {name} has no batched form (models: {', '.join(BATCHED_MODELS)}); use processes")
    if mode != "auto":
        return mode
    if len(distributed.parse_devices(opts.devices)) >= 2:
        return "processes"
    if device.type == "cuda" and name in BATCHED_MODELS and folds >= 2:
        return "batched"
    if device.type == "cpu" and folds >= 20 and (os.cpu_count() or 1) >= 2:
        return "processes"
    return "sequential"


def train_folds(mode, name, n_out, x, y, fold_arr, folds, task, recipe, opts, device) -> dict:
    """{fold: (test indices, probabilities)} for every fold with test samples, by ``mode``."""
    pending = [f for f in range(folds) if np.any(fold_arr == f)]
    for f in pending:
        if not np.any(fold_arr != f):
            raise EvalError(f"fold {f}: no training samples (every sample is in the test fold)")
    if mode == "batched":
        from .batched import fit_folds_batched
        with tqdm(total=recipe.epochs, desc=f"{len(pending)} folds batched", unit="epoch", file=sys.stderr, disable=opts.quiet, leave=False) as bar:
            return fit_folds_batched(name, n_out, x, y, fold_arr, pending, task, recipe, opts.seed, device, on_epoch=bar.update)
    if mode == "processes":
        devices = distributed.parse_devices(opts.devices)
        if len(devices) < 2:
            n = opts.fold_workers or min(len(pending), os.cpu_count() or 1)
            devices = [device] * max(1, n)
        return pipelines.parallel_folds(name, n_out, x, y, fold_arr, folds, task, recipe, opts.seed, opts, devices)
    fit, predict_fn = pipelines.trainers(recipe, opts)
    done = {}
    for f in pending:
        test = np.nonzero(fold_arr == f)[0]
        train = np.nonzero(fold_arr != f)[0]
        torch.manual_seed(opts.seed * 1000 + f)
        model = build_model(name, n_out, recipe)
        with tqdm(total=recipe.epochs, desc=f"fold {f + 1}/{folds}", unit="epoch", file=sys.stderr, disable=opts.quiet, leave=False) as bar:
            model = fit(model, x[train], y[train], task, recipe, opts.seed * 1000 + f, device, on_epoch=bar.update)
        done[f] = (test, predict_fn(model, x[test], task, device))
    return done


def protocol_of(samples, opts: RunOptions, names, task) -> dict:
    """What the MEGC-style reader needs to know: the split scheme, whether the table mixes databases
    (a composite, e.g. MEGC2019's CASME II + SAMM + SMIC), which, and the classes."""
    datasets = sorted({s.dataset for s in samples})
    scheme = "split file" if (os.path.isfile(opts.splits) or opts.splits.endswith(".csv")) else opts.splits
    return {"splits": scheme, "composite": len(datasets) > 1, "datasets": datasets,
            ("classes" if task == "emotion" else "aus"): list(names),
            "subject_independent": True, "epoch_selection": "none (fixed epochs)"}


def run(args) -> dict:
    opts = args if isinstance(args, RunOptions) else RunOptions.from_args(args)
    t_total = time.time()
    name = check_model(opts.model)
    recipe = resolve(name, opts.recipe, opts.config, opts.recipe_overrides())
    if opts.task not in ("emotion", "au"):
        raise EvalError(f"--task {opts.task!r}: choose emotion or au")
    device = pick_device(opts.device)
    set_cpu_threads(max(1, os.cpu_count() or 1))
    set_determinism(device)
    timings = {}
    samples, kind, inputs = load_samples(opts)
    samples, classes, excluded = select_task_samples(samples, opts.task, opts.classes)
    if opts.subjects is not None:
        if opts.subjects < 2:
            raise EvalError(f"--subjects {opts.subjects}: use at least 2 subjects")
        mixed = len({s.dataset for s in samples}) > 1
        first = set(sorted({subject_key(s, mixed) for s in samples}, key=natural_key)[: opts.subjects])
        excluded += [{"sample_id": s.sample_id, "reason": f"subject not among the first {opts.subjects} (--subjects)"}
                     for s in samples if subject_key(s, mixed) not in first]
        samples = [s for s in samples if subject_key(s, mixed) in first]
    if os.path.isfile(opts.splits) or opts.splits.endswith(".csv"):
        fold_of, folds, unlisted = read_split_file(opts.splits, samples)
        excluded += [{"sample_id": sid, "reason": "not in the split file"} for sid in unlisted]
        samples = [s for s in samples if s.sample_id in fold_of]
        split_desc = opts.splits
    else:
        fold_of, folds = make_folds(samples, opts.splits, opts.seed)
        split_desc = f"{opts.splits} (seed {opts.seed})"
    if excluded:
        log(f"{len(excluded)} sample(s) left out (listed in the manifest), e.g. {excluded[0]['sample_id']}: {excluded[0]['reason']}")
    if not samples:
        raise EvalError("no samples left to evaluate")
    x = model_inputs(samples, kind, opts, recipe, device, timings)
    names = classes if opts.task == "emotion" else list(TASK_AUS)
    if opts.task == "emotion":
        y_all = torch.tensor([classes.index(s.emotion) for s in samples], dtype=torch.long)
    else:
        y_all = torch.tensor([au_targets(s) for s in samples], dtype=torch.float32)
    fold_arr = np.array([fold_of[s.sample_id] for s in samples])
    probs = np.zeros((len(samples), len(names)))
    mode = choose_fold_mode(opts, name, folds, device)
    t_train = time.time()
    done = train_folds(mode, name, len(names), x, y_all, fold_arr, folds, opts.task, recipe, opts, device)
    n_train_seen = 0
    for f in sorted(done):
        test, p = done[f]
        probs[test] = p
        n_train = int(np.sum(fold_arr != f))
        n_train_seen += n_train * recipe.epochs
        if opts.task == "emotion":
            acc, uf1 = uf1_acc(y_all[test].numpy(), probs[test].argmax(1), len(names))
            log(f"fold {f + 1}/{folds}: train {n_train}, test {len(test)}, acc {acc:.3f}, uf1 {uf1:.3f}")
        else:
            log(f"fold {f + 1}/{folds}: train {n_train}, test {len(test)}, mean AU F1 {au_mean_f1(y_all[test].numpy(), probs[test]):.3f}")
    timings["train_s"] = time.time() - t_train
    timings["train_samples_per_s"] = n_train_seen / max(timings["train_s"], 1e-9)
    timings["total_s"] = time.time() - t_total
    labels = y_all.numpy() if opts.task == "au" else y_all.numpy().astype(int)
    if not distributed.is_primary():  # under torchrun only rank 0 writes the export
        return {}
    run_info = {"fold_mode": mode}
    if name == "ststnet" and device.type == "cpu" and mode != "batched":
        run_info["fused_kernel"] = bool(opts.fused_kernel)
    if recipe.input == "clip":
        run_info["speed"] = pipelines.speed_options(opts, device).as_dict()
        if opts.weights:
            run_info["weights_file"] = opts.weights
    csv_path = export.write_export(opts.out, name, opts.task, samples, fold_arr, probs, labels, names)
    manifest_path = export.write_manifest(opts.out, name, opts.task, names, opts.seed, folds, device, timings, {
        "device": str(device),
        "samples": len(samples),
        "subjects": len({(s.dataset, s.subject) for s in samples}),
        "splits": split_desc,
        "protocol": protocol_of(samples, opts, names, opts.task),
        "input": dict(inputs, **({} if kind == "flows" else {"frame_size": opts.frame_size, "flow_preset": opts.flow_preset,
                                                             "flow_params": PRESETS[opts.flow_preset].as_dict()})),
        "epochs": recipe.epochs,
        "epoch_selection": "fixed number of epochs from the recipe (or --epochs / --set epochs=N); the test fold is never used for it",
        "recipe": recipe.recipe,
        "recipe_config_file": opts.config,
        "recipe_overrides": opts.recipe_overrides(),
        "config": recipe.as_dict(),
        "run": run_info,
        "excluded": group_excluded(excluded),
    })
    if opts.task == "emotion":
        acc, uf1 = uf1_acc(labels, probs.argmax(1), len(names))
        log(f"{name} {opts.task}: {len(samples)} samples, {folds} folds ({mode}), pooled acc {acc:.3f}, uf1 {uf1:.3f}, {timings['total_s']:.1f} s → {csv_path}")
    else:
        log(f"{name} {opts.task}: {len(samples)} samples, {folds} folds ({mode}), pooled mean AU F1 {au_mean_f1(labels, probs):.3f}, {timings['total_s']:.1f} s → {csv_path}")
    return {"csv": csv_path, "manifest": manifest_path}
