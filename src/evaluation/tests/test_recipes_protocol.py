"""Recipes (recipes.py) through the runner, and the MEGC protocol end to end: a composite canonical table
(CASME II, SAMM and SMIC subjects, the MEGC2019 classes), LOSO, the published STSTNet recipe for a few epochs;
the manifest records every resolved recipe field and the protocol, ``melab metrics --by dataset`` scores the
export per database, and the three fold modes (sequential, batched, processes) give the same predictions."""
import csv
import dataclasses
import json
import os
import subprocess

import numpy as np
import pytest

from conftest import REPO, SYNTHETIC_LABELS
from helpers import read_csv, read_json, run_cli
from melab_eval.errors import EvalError
from melab_eval.recipes import Recipe, resolve

MEGC = {"happiness": "positive", "surprise": "surprise"}  # the rest: negative (MEGC2019's three classes)
FAST = ["--frame-size", "32", "--flow-preset", "fast", "--quiet"]


@pytest.fixture(scope="module")
def composite(tmp_path_factory):
    """Six synthetic subjects as two of each database, in melab's canonical CSV layout."""
    d = tmp_path_factory.mktemp("megc")
    with open(SYNTHETIC_LABELS, newline="") as fh:
        rows = list(csv.DictReader(fh))
    subjects = []
    for r in rows:
        if r["Subject"] not in subjects:
            subjects.append(r["Subject"])
        if len(subjects) == 7:
            break
    subjects = subjects[:6]
    out = d / "composite.csv"
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["dataset", "part", "subject", "clip", "onset", "apex", "offset", "fps", "emotion", "emotion_raw", "aus", "aus_raw"])
        for r in rows:
            if r["Subject"] in subjects and r["Emotion"] != "others":
                ds = ("casme2", "samm", "smic")[subjects.index(r["Subject"]) // 2]
                emo = MEGC.get(r["Emotion"], "negative")
                w.writerow([ds, "", r["Subject"], r["Filename"], r["OnsetFrame"], r["ApexFrame"], r["OffsetFrame"], r["Fps"],
                            emo, r["Emotion"], r["AU"], r["AU"]])
    return d


def _run(d, out, *extra):
    p = run_cli("run", "--model", "ststnet", "--labels", str(d / "composite.csv"), "--synthetic", "--splits", "loso",
                "--task", "emotion", "--out", str(out), "--cache", str(d / "cache"), "--recipe", "published",
                "--set", "epochs=3", "--set", "batch_size=16", *FAST, *extra)
    assert p.returncode == 0, p.stderr
    return read_csv(os.path.join(out, "ststnet-emotion.csv")), read_json(os.path.join(out, "ststnet-emotion.manifest.json"))


@pytest.fixture(scope="module")
def sequential(composite):
    return _run(composite, composite / "seq", "--fold-mode", "sequential")


def test_published_recipe_and_megc_protocol(composite, sequential):
    rows, man = sequential
    want = resolve("ststnet", "published", overrides={"epochs": 3, "batch_size": 16}).as_dict()
    assert man["config"] == want  # every resolved field, as trained
    assert set(man["config"]) == {f.name for f in dataclasses.fields(Recipe)}
    assert (want["optimizer"], want["lr"], want["shuffle"], want["normalisation"]) == ("adam", 5e-5, False, "minmax255")
    assert all(want["sources"].get(k) for k in ("optimizer", "lr", "epochs", "batch_size", "shuffle", "normalisation"))
    assert man["recipe"] == "published" and man["recipe_overrides"] == {"epochs": 3, "batch_size": 16}
    assert man["protocol"] == {"splits": "loso", "composite": True, "datasets": ["casme2", "samm", "smic"],
                               "classes": ["surprise", "positive", "negative"], "subject_independent": True,
                               "epoch_selection": "none (fixed epochs)"}
    assert man["folds"] == 6 and {r["dataset"] for r in rows} == {"casme2", "samm", "smic"}
    # melab metrics reports the databases separately (the MEGC2019 composite protocol)
    m = subprocess.run(["node", os.path.join(REPO, "bin", "melab.js"), "metrics", "--predictions",
                        str(composite / "seq" / "ststnet-emotion.csv"), "--by", "dataset", "--json"],
                       cwd=REPO, capture_output=True, text=True, timeout=300)
    assert m.returncode == 0, m.stderr
    by = json.loads(m.stdout)["by"]
    assert sorted(by) == ["casme2", "samm", "smic"]
    assert {k: v["n"] for k, v in by.items()} == {ds: sum(r["dataset"] == ds for r in rows) for ds in by}


def _probs(rows):
    return np.array([[float(v) for k, v in r.items() if k.startswith("p_")] for r in rows])


def test_fold_modes_give_the_same_predictions(composite, sequential):
    seq = sequential[0]
    bat, man_b = _run(composite, composite / "bat", "--fold-mode", "batched")
    pro, man_p = _run(composite, composite / "pro", "--fold-mode", "processes", "--fold-workers", "2")
    assert man_b["run"]["fold_mode"] == "batched" and man_p["run"]["fold_mode"] == "processes"
    assert [r["sample_id"] for r in seq] == [r["sample_id"] for r in bat] == [r["sample_id"] for r in pro]
    assert np.abs(_probs(seq) - _probs(pro)).max() <= 2e-6  # the same computation, one thread per process: last digit
    assert np.abs(_probs(seq) - _probs(bat)).max() < 1e-4  # float32 sums in another order (1e-5 in float64: test_batched_loso)


def test_config_file_and_set_overrides(tmp_path):
    cfg = tmp_path / "r.json"
    cfg.write_text(json.dumps({"optimizer": "adamw", "lr": 0.001, "weight_decay": 0.01, "epochs": 7}))
    r = resolve("offapexnet", "published", str(cfg), {"lr": 0.002})
    assert (r.optimizer, r.lr, r.weight_decay, r.epochs, r.batch_size) == ("adamw", 0.002, 0.01, 7, 64)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.lr = 1.0  # nothing changes a recipe during training
    with pytest.raises(EvalError, match="unknown recipe key 'learning_rate'"):
        resolve("ststnet", "dfme", overrides={"learning_rate": 1})
    with pytest.raises(EvalError, match="optimizer 'rmsprop'"):
        resolve("ststnet", "dfme", overrides={"optimizer": "rmsprop"})
    with pytest.raises(EvalError, match="has the recipes dfme, published"):
        resolve("rcn_a", "paper")
    p = run_cli("run", "--model", "ststnet", "--synthetic", "--splits", "kfold2", "--task", "emotion", "--out", str(tmp_path),
                "--set", "epochs")
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "write key=value" in p.stderr
