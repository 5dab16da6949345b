import csv
import json
import os
import subprocess
import sys

from conftest import REPO, SYNTHETIC_LABELS

PY = "/usr/bin/python3"


def run_cli(*args, cwd=REPO):
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "src", "evaluation"))
    return subprocess.run([PY, "-m", "melab_eval", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def node_metrics(csv_path, labels=None):
    cmd = ["node", os.path.join(REPO, "bin", "melab.js"), "metrics", "--predictions", csv_path, "--json"]
    if labels:
        cmd += ["--labels", labels]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    return out


def tiny_labels(path, subjects=4, per_subject=None):
    """The first ``subjects`` subjects of the synthetic table (7-emotion rows only), DFME layout."""
    with open(SYNTHETIC_LABELS, newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    keep, seen = [], []
    for r in body:
        if r[5] == "others":
            continue
        if r[0] not in seen:
            if len(seen) == subjects:
                break
            seen.append(r[0])
        keep.append(r)
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(keep)
    return seen, keep


def read_csv(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def read_json(path):
    with open(path) as fh:
        return json.load(fh)


__all__ = ["run_cli", "node_metrics", "tiny_labels", "read_csv", "read_json", "sys"]
