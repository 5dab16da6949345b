"""A full tiny run (4 subjects, 2 folds from a split file) whose export the TypeScript reader validates and
`melab metrics` scores: one end-to-end test across both languages."""
import json
import os

import numpy as np

from helpers import node_metrics, read_csv, read_json, run_cli, tiny_labels

FAST = ["--frame-size", "48", "--flow-preset", "fast", "--quiet"]


def write_split(path, subjects, rows):
    fold = {s: (0 if i < len(subjects) // 2 else 1) for i, s in enumerate(subjects)}
    with open(path, "w") as fh:
        fh.write("dataset,subject,sample_id,fold\n")
        for r in rows:
            fh.write(f"dfme,{r[0]},{r[0]}/{r[1]},{fold[r[0]]}\n")
    return fold


def fold_mean_acc(rows):
    accs = []
    for f in sorted({r["fold"] for r in rows}):
        rs = [r for r in rows if r["fold"] == f]
        accs.append(np.mean([r["y_true"] == r["y_pred"] for r in rs]))
    return float(np.mean(accs))


def test_tiny_run_is_read_and_scored_by_melab(tmp_path):
    subjects, rows = tiny_labels(tmp_path / "labels.csv", subjects=4)
    write_split(tmp_path / "split.csv", subjects, rows)
    cache = str(tmp_path / "cache")
    out = str(tmp_path / "out")
    common = ["--labels", str(tmp_path / "labels.csv"), "--synthetic", "--splits", str(tmp_path / "split.csv"), "--out", out,
              "--epochs", "3", "--cache", cache] + FAST
    p = run_cli("run", "--model", "ststnet", "--task", "emotion", *common)
    assert p.returncode == 0, p.stderr
    assert "fold 1/2: train" in p.stderr and "fold 2/2: train" in p.stderr  # per-fold summary lines
    csv_path = os.path.join(out, "ststnet-emotion.csv")
    exported = read_csv(csv_path)
    assert len(exported) == len(rows)
    man = read_json(os.path.join(out, "ststnet-emotion.manifest.json"))
    assert man["schema_version"] == "1.0" and man["folds"] == 2 and man["task"] == "emotion" and man["seed"] == 0
    assert man["timings"]["total_s"] > 0 and man["hardware"] and man["created"].endswith("Z")

    m = node_metrics(csv_path, labels=str(tmp_path / "labels.csv"))
    assert m.returncode == 0, m.stderr
    scored = json.loads(m.stdout)
    assert abs(scored["acc"] - fold_mean_acc(exported)) < 1e-9
    assert [f["fold"] for f in scored["per_fold"]] == [0, 1]

    # the AU task, another model: validated against the label table's AU cells by the TypeScript reader
    p = run_cli("run", "--model", "rcn_a", "--task", "au", *common)
    assert p.returncode == 0, p.stderr
    assert "from the cache" in p.stderr  # same pairs, same parameters: flow computed once
    m = node_metrics(os.path.join(out, "rcn_a-au.csv"), labels=str(tmp_path / "labels.csv"))
    assert m.returncode == 0, m.stderr
    scored = json.loads(m.stdout)
    assert set(scored["aus"]) == {"AU1", "AU2", "AU4", "AU5", "AU6", "AU7", "AU9", "AU10", "AU12", "AU14", "AU15", "AU17"}

    # seeded and deterministic on CPU: the same run again gives the same file
    again = str(tmp_path / "again")
    p = run_cli("run", "--model", "ststnet", "--task", "emotion", *[a if a != out else again for a in common])
    assert p.returncode == 0, p.stderr
    with open(csv_path) as a, open(os.path.join(again, "ststnet-emotion.csv")) as b:
        assert a.read() == b.read()


def test_frames_folder_run(tmp_path):
    subjects, rows = tiny_labels(tmp_path / "labels.csv", subjects=2)
    p = run_cli("synth-frames", "--labels", str(tmp_path / "labels.csv"), "--out", str(tmp_path / "frames"), "--layout", "dfme")
    assert p.returncode == 0, p.stderr
    first = rows[0]
    assert os.path.exists(tmp_path / "frames" / first[0] / first[1] / f"{first[2]}.jpg")  # <Subject>/<Filename>/<n>.jpg
    p = run_cli("run", "--model", "offapexnet", "--labels", str(tmp_path / "labels.csv"), "--frames", str(tmp_path / "frames"),
                "--splits", "loso", "--task", "emotion", "--out", str(tmp_path / "out"), "--epochs", "1", "--no-cache", *FAST)
    assert p.returncode == 0, p.stderr
    exported = read_csv(tmp_path / "out" / "offapexnet-emotion.csv")
    assert sorted(r["sample_id"] for r in exported) == sorted(f"{r[0]}/{r[1]}" for r in rows)
    assert {r["fold"] for r in exported} == {"0", "1"}  # loso: one fold per subject
