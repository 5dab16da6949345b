"""scripts/gpu-check.sh --tiny: the GPU session's steps at toy sizes on the CPU (the issue's CI check), and the
budget rule (a step that does not fit the time left is skipped and the JSON says why)."""
import csv
import json
import os
import subprocess
import time

import pytest

from conftest import REPO
from melab_eval.gpu_check import STEPS, drive


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("gpu-check")
    t = time.time()
    p = subprocess.run(["bash", os.path.join(REPO, "scripts", "gpu-check.sh"), "--tiny", "--out", str(out), "--budget", "400"],
                       cwd=REPO, capture_output=True, text=True, timeout=470)
    with open(out / "gpu-check.json", encoding="utf-8") as fh:
        return p, json.load(fh), out, time.time() - t


def test_every_step_runs_in_tiny_mode(tiny_run):
    p, doc, out, wall = tiny_run
    assert p.returncode == 0, (p.stderr[-2000:], {k: v["status"] for k, v in doc["steps"].items()})
    assert list(doc["steps"]) == list(STEPS) and all(s["status"] == "ok" for s in doc["steps"].values())
    assert wall < doc["budget_s"] + 30 and doc["tiny"] is True
    r = {k: v["result"] for k, v in doc["steps"].items()}
    assert r["environment"]["torch"] and "cuda_available" in r["environment"]
    for size in r["flow"]["sizes"].values():
        assert size["torch_pairs_per_s"] > 0 and size["ratio_torch_vs_opencv"] > 0
    assert set(r["loso"]["variants"]) == {"release", "sequential", "batched"}
    assert all(v["seconds"] > 0 for v in r["loso"]["variants"].values())
    assert r["clips"]["r3d"]["fp32"]["samples_per_s"] > 0 and r["clips"]["i3d"]["fp32"]["samples_per_s"] > 0
    assert r["handcrafted"]["lbp_top_cpu_clips_per_s"] > 0 and r["handcrafted"]["mdmo_cpu_clips_per_s"] > 0
    assert r["ddp"]["ok"] is True  # torchrun --nproc_per_node=2 started both ranks (gloo) and rank 0 wrote the export
    for model in ("ststnet", "offapexnet", "rcn_a"):
        exp = r["shallow"][model]["export"]
        with open(out / exp, newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and {row["model"] for row in rows} == {model}
    for model in ("r3d", "i3d"):
        assert os.path.exists(out / r["clip_training"][model]["export"])


def test_steps_that_do_not_fit_are_skipped_with_the_reason(tmp_path):
    t = time.time()
    doc = drive(str(tmp_path), tiny=True, budget=1)
    assert time.time() - t < 5
    assert all(s["status"] == "skipped" and "left of the 1 s budget" in s["why"] for s in doc["steps"].values())
    with open(tmp_path / "gpu-check.json", encoding="utf-8") as fh:
        assert json.load(fh)["steps"] == doc["steps"]


def test_budget_is_capped_at_eight_minutes(tmp_path, monkeypatch):
    import melab_eval.gpu_check as gc
    monkeypatch.setattr(gc, "STEPS", ())
    assert gc.drive(str(tmp_path), tiny=True, budget=10_000)["budget_s"] == 480
