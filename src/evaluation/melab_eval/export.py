"""The prediction export (schema 1.0; src/analysis/protocol/predictions.ts reads it, ``melab metrics`` scores it).

``<dir>/<model>-<task>.csv``:
- emotion: ``model,dataset,subject,sample_id,fold,y_true,y_pred,p_<class>...`` (classes canonical lower-case
  names, probabilities with 6 decimals summing to 1);
- au: ``model,dataset,subject,sample_id,fold,au_true_<AU>...,au_score_<AU>...`` (au_true 0/1, au_score a
  probability in [0, 1]).
``<dir>/<model>-<task>.manifest.json``: {"schema_version":"1.0","model","task","classes"|"aus","threshold":0.5,
"seed","folds","code_version","hardware","timings":{"total_s",...},"created"} plus the config, inputs,
epochs, device and the samples left out with the reason (``excluded``).
"""
from __future__ import annotations

import csv
import json
import os
import platform
import subprocess
from datetime import datetime, timezone

import torch

from . import __version__

SCHEMA_VERSION = "1.0"


def code_version() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        out = subprocess.run(["git", "-C", here, "describe", "--always", "--dirty"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return f"melab_eval {__version__} ({out.stdout.strip()})"
    except (OSError, subprocess.SubprocessError):
        pass
    return f"melab_eval {__version__}"


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def hardware(device: torch.device) -> str:
    cpu = f"{cpu_name()}, {os.cpu_count()} cores"
    if device.type == "cuda":
        return f"GPU {torch.cuda.get_device_name(device)} (CPU {cpu}); torch {torch.__version__}"
    return f"CPU {cpu}; torch {torch.__version__}"


def write_export(out_dir, model, task, samples, folds_of, probs, labels, names, threshold=0.5):
    """Writes the CSV. ``labels``: class index per sample (emotion) or 0/1 rows (AU); ``names``: classes or AUs."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{model}-{task}.csv")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        if task == "emotion":
            w.writerow(["model", "dataset", "subject", "sample_id", "fold", "y_true", "y_pred"] + [f"p_{c}" for c in names])
            for s, f, p, y in zip(samples, folds_of, probs, labels):
                w.writerow([model, s.dataset, s.subject, s.sample_id, f, names[y], names[int(p.argmax())]] + [f"{v:.6f}" for v in p])
        else:
            w.writerow(["model", "dataset", "subject", "sample_id", "fold"] + [f"au_true_{a}" for a in names] + [f"au_score_{a}" for a in names])
            for s, f, p, y in zip(samples, folds_of, probs, labels):
                w.writerow([model, s.dataset, s.subject, s.sample_id, f] + [int(v) for v in y] + [f"{v:.6f}" for v in p])
    return path


def write_manifest(out_dir, model, task, names, seed, folds, device, timings, extra, threshold=0.5):
    m = {
        "schema_version": SCHEMA_VERSION, "model": model, "task": task,
        ("classes" if task == "emotion" else "aus"): list(names),
        "threshold": threshold, "seed": seed, "folds": folds, "code_version": code_version(),
        "hardware": hardware(device), "timings": {k: round(v, 3) for k, v in timings.items()},
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    }
    m.update(extra)
    path = os.path.join(out_dir, f"{model}-{task}.manifest.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(m, fh, indent=2)
        fh.write("\n")
    return path
