"""``melab_eval run``: clips in, one model trained per fold, the prediction export + manifest out.

Steps: read the samples (label table, flow-image labels, or the synthetic table); keep the task's samples
(emotion task: samples whose emotion is one of the classes; by default every emotion present except
"others", a catch-all rather than an emotion, so DFME gives the paper's 7 classes and 7,275 samples of
Sec. 4.1; the AU task uses the same samples, with the 12 AUs of Sec. 4.1 as targets); assign folds (split
file, loso or kfold<K>); compute model inputs once (onset→apex TV-L1 flow through the disk cache, optical
strain, resize, per-channel normalisation); for each fold train a fresh model on the other folds for the
config's fixed number of epochs and predict the fold's test samples; write the export. Samples left out
are listed in the manifest with the reason and counted on stderr.
"""
from __future__ import annotations

import os
import sys
import time

import numpy as np
import torch
from tqdm import tqdm

from . import export
from .errors import EvalError
from .flow import cache as flow_cache
from .flow.compute import choose_backend, compute_flows
from .flow.features import flow_features, normalise, resize
from .flow.tvl1 import PRESETS
from .labels import TASK_AUS, au_targets, emotion_classes, read_labels, subject_key
from .models import build_model, check_model, load_config
from .sources import flowimages, frames
from .sources.synthetic import GENERATOR_VERSION, SyntheticFaces
from .splits import make_folds, natural_key, read_split_file
from .train import predict, set_determinism, train_model
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


def load_samples(args):
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


def model_inputs(samples, kind, args, cfg, device, timings):
    """→ tensor [N,C,S,S] for the model (C = 3 u,v,strain or 2 u,v; S = the model's input size)."""
    if pipelines.handles(cfg):  # part 2: clips for the 3D CNNs, LBP-TOP / MDMO features (pipelines.py)
        return pipelines.model_inputs(samples, kind, args, cfg, device, timings)
    size, norm = cfg["input_size"], cfg.get("normalisation", "minmax")
    if kind == "flows":
        t = time.time()
        x = torch.from_numpy(flowimages.load_flow_images(samples, args.flows, size, args.flow_channels))
        x = normalise(x, norm)
        timings["load_s"] = time.time() - t
    else:
        t = time.time()
        if kind == "synthetic":
            gen = SyntheticFaces(size=args.frame_size, seed=args.synthetic_seed)
            pairs = [gen.pair(s) for s in samples]
            onsets = np.stack([p[0] for p in pairs]); apexes = np.stack([p[1] for p in pairs])
        else:
            onsets, apexes = frames.load_pairs(samples, args.frames, args.frame_size, args.layout, args.frame_template)
        timings["frames_s"] = time.time() - t
        t = time.time()
        if args.flow_preset not in PRESETS:
            raise EvalError(f"--flow-preset {args.flow_preset!r}: choose {', '.join(PRESETS)}")
        params = PRESETS[args.flow_preset]
        key = flow_cache.flow_key(onsets, apexes, params.as_dict())
        cache_dir = None if args.no_cache else (args.cache or flow_cache.default_cache_dir())
        flow = flow_cache.load(cache_dir, key) if cache_dir else None
        if flow is None:
            backend = choose_backend(args.flow_backend, device)
            with tqdm(total=len(samples), desc=f"flow ({backend})", unit="pair", file=sys.stderr, disable=args.quiet) as bar:
                flow = compute_flows(onsets, apexes, backend, device, progress=bar.update, params=params)
            if cache_dir:
                flow_cache.store(cache_dir, key, flow)
            timings["flow_s"] = time.time() - t
            log(f"flow: {len(samples)} pairs ({backend}) in {time.time() - t:.1f} s" + (f", cached as {key[:12]}" if cache_dir else ""))
        else:
            timings["flow_cached_s"] = time.time() - t
            log(f"flow: {len(samples)} pairs from the cache ({key[:12]})")
        # float16 is the cache's precision: rounding fresh flow the same way makes a run that computes flow
        # and one that reads it from the cache (or runs with --no-cache) see identical inputs.
        flow = flow.astype(np.float16).astype(np.float32)
        x = flow_features(torch.from_numpy(flow), size, norm)
        timings["flow_pairs"] = float(len(samples))
    if cfg["input_channels"] == ["u", "v"]:
        x = x[:, :2]
    return x.contiguous()


def run(args) -> dict:
    t_total = time.time()
    name = check_model(args.model)
    cfg = load_config(name)
    if args.task not in ("emotion", "au"):
        raise EvalError(f"--task {args.task!r}: choose emotion or au")
    device = pick_device(args.device)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    set_determinism(device)
    timings = {}
    samples, kind, inputs = load_samples(args)
    samples, classes, excluded = select_task_samples(samples, args.task, args.classes)
    if args.subjects is not None:
        if args.subjects < 2:
            raise EvalError(f"--subjects {args.subjects}: use at least 2 subjects")
        mixed = len({s.dataset for s in samples}) > 1
        first = set(sorted({subject_key(s, mixed) for s in samples}, key=natural_key)[: args.subjects])
        excluded += [{"sample_id": s.sample_id, "reason": f"subject not among the first {args.subjects} (--subjects)"}
                     for s in samples if subject_key(s, mixed) not in first]
        samples = [s for s in samples if subject_key(s, mixed) in first]
    if os.path.isfile(args.splits) or args.splits.endswith(".csv"):
        fold_of, folds, unlisted = read_split_file(args.splits, samples)
        excluded += [{"sample_id": sid, "reason": "not in the split file"} for sid in unlisted]
        samples = [s for s in samples if s.sample_id in fold_of]
        split_desc = args.splits
    else:
        fold_of, folds = make_folds(samples, args.splits, args.seed)
        split_desc = f"{args.splits} (seed {args.seed})"
    if excluded:
        log(f"{len(excluded)} sample(s) left out (listed in the manifest), e.g. {excluded[0]['sample_id']}: {excluded[0]['reason']}")
    if not samples:
        raise EvalError("no samples left to evaluate")
    x = model_inputs(samples, kind, args, cfg, device, timings)
    names = classes if args.task == "emotion" else list(TASK_AUS)
    if args.task == "emotion":
        y_all = torch.tensor([classes.index(s.emotion) for s in samples], dtype=torch.long)
    else:
        y_all = torch.tensor([au_targets(s) for s in samples], dtype=torch.float32)
    fold_arr = np.array([fold_of[s.sample_id] for s in samples])
    epochs = args.epochs if args.epochs is not None else cfg["epochs"]
    probs = np.zeros((len(samples), len(names)))
    t_train = time.time()
    n_train_seen = 0
    fit, predict_fn = pipelines.trainers(cfg, args, train_model, predict)
    done = pipelines.parallel_folds(name, len(names), x, y_all, fold_arr, folds, args.task, cfg, epochs, args.seed,
                                    args, train_model, predict)  # {} unless --devices lists two or more
    for f in range(folds):
        t_fold = time.time()
        test = np.nonzero(fold_arr == f)[0]
        train = np.nonzero(fold_arr != f)[0]
        if len(test) == 0:
            continue
        if len(train) == 0:
            raise EvalError(f"fold {f}: no training samples (every sample is in the test fold)")
        torch.manual_seed(args.seed * 1000 + f)
        if f in done:
            probs[test] = done[f][1]
        else:
            model = build_model(name, len(names))
            with tqdm(total=epochs, desc=f"fold {f + 1}/{folds}", unit="epoch", file=sys.stderr, disable=args.quiet, leave=False) as bar:
                model = fit(model, x[train], y_all[train], args.task, cfg, epochs, args.seed * 1000 + f, device, on_epoch=bar.update)
            probs[test] = predict_fn(model, x[test], args.task, device)
        n_train_seen += len(train) * epochs
        dt = time.time() - t_fold
        if args.task == "emotion":
            acc, uf1 = uf1_acc(y_all[test].numpy(), probs[test].argmax(1), len(names))
            log(f"fold {f + 1}/{folds}: train {len(train)}, test {len(test)}, acc {acc:.3f}, uf1 {uf1:.3f}, {dt:.1f} s")
        else:
            log(f"fold {f + 1}/{folds}: train {len(train)}, test {len(test)}, mean AU F1 {au_mean_f1(y_all[test].numpy(), probs[test]):.3f}, {dt:.1f} s")
    timings["train_s"] = time.time() - t_train
    timings["train_samples_per_s"] = n_train_seen / max(timings["train_s"], 1e-9)
    timings["total_s"] = time.time() - t_total
    labels = y_all.numpy() if args.task == "au" else y_all.numpy().astype(int)
    if not distributed.is_primary():  # under torchrun only rank 0 writes the export
        return {}
    csv_path = export.write_export(args.out, name, args.task, samples, fold_arr, probs, labels, names)
    manifest_path = export.write_manifest(args.out, name, args.task, names, args.seed, folds, device, timings, {
        "device": str(device),
        "samples": len(samples),
        "subjects": len({(s.dataset, s.subject) for s in samples}),
        "splits": split_desc,
        "input": dict(inputs, **({} if kind == "flows" else {"frame_size": args.frame_size, "flow_preset": args.flow_preset,
                                                             "flow_params": PRESETS[args.flow_preset].as_dict()})),
        "epochs": epochs,
        "epoch_selection": "fixed number of epochs from the config (or --epochs); the test fold is never used for it",
        "config": cfg,
        "excluded": group_excluded(excluded),
    })
    if args.task == "emotion":
        acc, uf1 = uf1_acc(labels, probs.argmax(1), len(names))
        log(f"{name} {args.task}: {len(samples)} samples, {folds} folds, pooled acc {acc:.3f}, uf1 {uf1:.3f}, {timings['total_s']:.1f} s → {csv_path}")
    else:
        log(f"{name} {args.task}: {len(samples)} samples, {folds} folds, pooled mean AU F1 {au_mean_f1(labels, probs):.3f}, {timings['total_s']:.1f} s → {csv_path}")
    return {"csv": csv_path, "manifest": manifest_path}
