"""The part-2 models through the runner on a tiny synthetic set: exports in the schema of the protocol issue."""
import csv
import json
import os

import pytest

from conftest import SYNTHETIC_LABELS
from melab_eval.cli import main

SUBJECTS = ("sub002", "sub003")  # two participants (16 clips), so kfold2 is subject-independent


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    d = tmp_path_factory.mktemp("p2")
    with open(SYNTHETIC_LABELS, encoding="utf-8") as fh:
        rows = fh.read().splitlines()
    keep = [rows[0]] + [r for r in rows[1:] if r.split(",")[0] in SUBJECTS]
    (d / "labels.csv").write_text("\n".join(keep) + "\n")
    return d


def _run(d, *extra):
    argv = ["run", "--synthetic", "--labels", str(d / "labels.csv"), "--splits", "kfold2", "--out", str(d / "out"),
            "--cache", str(d / "cache"), "--quiet", "--seed", "0"] + list(extra)
    return main(argv)


def _read(d, model, task):
    with open(d / "out" / f"{model}-{task}.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(d / "out" / f"{model}-{task}.manifest.json", encoding="utf-8") as fh:
        return rows, json.load(fh)


@pytest.mark.parametrize("model,extra", [
    ("r3d", ["--input-size", "16", "--clip-frames", "4", "--epochs", "1"]),
    ("i3d", ["--input-size", "16", "--clip-frames", "4", "--epochs", "1"]),
    ("lbp_top", ["--input-size", "16", "--clip-frames", "6", "--epochs", "30"]),
    ("mdmo", ["--frame-size", "32", "--flow-preset", "fast", "--epochs", "30"]),
])
def test_emotion_export_schema(tiny, model, extra):
    assert _run(tiny, "--model", model, "--task", "emotion", *extra) == 0
    rows, man = _read(tiny, model, "emotion")
    classes = man["classes"]
    assert list(rows[0])[:7] == ["model", "dataset", "subject", "sample_id", "fold", "y_true", "y_pred"]
    assert list(rows[0])[7:] == [f"p_{c}" for c in classes]
    assert {r["model"] for r in rows} == {model} and {r["fold"] for r in rows} == {"0", "1"}
    for r in rows:
        p = [float(r[f"p_{c}"]) for c in classes]
        assert sum(p) == pytest.approx(1.0, abs=1e-5)
        assert r["y_pred"] == classes[max(range(len(p)), key=p.__getitem__)]
    assert man["schema_version"] == "1.0" and man["task"] == "emotion" and man["folds"] == 2
    assert man["timings"]["total_s"] > 0
    if model in ("r3d", "i3d"):  # what ran is recorded: the reduced geometry, the file's, the speed switches
        assert (man["config"]["clip_frames"], man["config"]["input_size"]) == (4, 16)
        assert man["recipe_overrides"] == {"clip_frames": 4, "input_size": 16, "epochs": 1}
        assert man["recipe"] == "dfme" and man["config"]["optimizer"] == "sgd" and man["config"]["batch_size"] == 32
        assert man["run"]["speed"]["bf16"] is False  # CPU: no bf16 autocast


def test_au_export_schema(tiny):
    assert _run(tiny, "--model", "lbp_top", "--task", "au", "--input-size", "16", "--clip-frames", "6", "--epochs", "30") == 0
    rows, man = _read(tiny, "lbp_top", "au")
    aus = man["aus"]
    assert len(aus) == 12 and list(rows[0])[5:] == [f"au_true_{a}" for a in aus] + [f"au_score_{a}" for a in aus]
    assert all(0.0 <= float(r[f"au_score_{a}"]) <= 1.0 and r[f"au_true_{a}"] in ("0", "1") for r in rows for a in aus)


def test_clip_model_on_flow_images_is_one_line(tiny, capsys, tmp_path):
    (tmp_path / "labels.csv").write_text("dataset,subject,sample_id,emotion,file\nx,s1,s1/a,happiness,a.png\nx,s2,s2/b,fear,b.png\n")
    assert main(["run", "--model", "r3d", "--flows", str(tmp_path), "--splits", "kfold2", "--task", "emotion",
                 "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "needs clips" in err


def test_mdmo_sees_the_same_flow_fresh_or_cached(tiny, tmp_path):
    # runner.onset_apex_flow, the one flow path, rounds fresh flow to the cache's float16 for MDMO as for the flow
    # CNNs: a run that computes flow (--no-cache) and one that reads it back from the cache score alike
    common = ["run", "--model", "mdmo", "--task", "emotion", "--synthetic", "--labels", str(tiny / "labels.csv"),
              "--splits", "kfold2", "--frame-size", "32", "--flow-preset", "fast", "--epochs", "30", "--quiet", "--seed", "0"]
    assert main(common + ["--out", str(tmp_path / "fresh"), "--no-cache"]) == 0
    cache = ["--cache", str(tmp_path / "cache")]
    assert main(common + ["--out", str(tmp_path / "first"), *cache]) == 0  # computes the flow and stores it
    assert main(common + ["--out", str(tmp_path / "cached"), *cache]) == 0  # reads it back
    with open(tmp_path / "cached" / "mdmo-emotion.manifest.json", encoding="utf-8") as fh:
        assert "flow_cached_s" in json.load(fh)["timings"]

    def scores(d):
        with open(tmp_path / d / "mdmo-emotion.csv", encoding="utf-8") as fh:
            return [{k: v for k, v in r.items() if k.startswith("p_") or k == "y_pred"} for r in csv.DictReader(fh)]
    assert scores("fresh") == scores("cached")
