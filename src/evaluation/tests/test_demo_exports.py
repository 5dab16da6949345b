"""The committed demo exports (data/predictions/, made by scripts/make-demo-exports.sh from this runner on the
synthetic clips, 10-fold): the baselines learn, and they confuse the negative emotions more than happiness and
surprise, as the paper's Sec. 4.6.1 reports for real DFME (negative emotions share AU4, AU7, AU24: Table 6)."""
import json
import os

import numpy as np
import pytest

from conftest import REPO, SYNTHETIC_LABELS
from helpers import node_metrics, read_csv, read_json

DEMO = os.path.join(REPO, "data", "predictions")
MODELS = ("ststnet", "offapexnet", "rcn_a")
NEGATIVE = ("anger", "contempt", "disgust", "fear", "sadness")


def confusion(rows, classes):
    k = {c: i for i, c in enumerate(classes)}
    m = np.zeros((len(classes), len(classes)), int)
    for r in rows:
        m[k[r["y_true"]], k[r["y_pred"]]] += 1
    return m


def fold_mean_uf1(rows, classes):
    """Eq. (10) per fold, classes with no true and no predicted sample left out (melab metrics' default rule)."""
    out = []
    for f in sorted({r["fold"] for r in rows}):
        m = confusion([r for r in rows if r["fold"] == f], classes)
        f1 = [2 * m[i, i] / (m[i].sum() + m[:, i].sum()) for i in range(len(classes)) if m[i].sum() + m[:, i].sum()]
        out.append(np.mean(f1))
    return float(np.mean(out))


@pytest.mark.parametrize("model", MODELS)
def test_baselines_learn_and_confuse_negative_emotions(model):
    rows = read_csv(os.path.join(DEMO, f"{model}-emotion.csv"))
    man = read_json(os.path.join(DEMO, f"{model}-emotion.manifest.json"))
    classes = man["classes"]
    assert man["folds"] == 10 and man["task"] == "emotion" and classes == ["happiness", "anger", "contempt", "disgust", "fear", "sadness", "surprise"]
    uf1 = fold_mean_uf1(rows, classes)
    # Chance: the same predictions dealt to the samples at random (a seeded permutation) keep the predicted
    # class frequencies but lose any link to the clip.
    rng = np.random.default_rng(0)
    shuffled = [dict(r, y_pred=p) for r, p in zip(rows, rng.permutation([r["y_pred"] for r in rows]))]
    chance = fold_mean_uf1(shuffled, classes)
    assert uf1 > 0.25 and uf1 > 1.8 * chance, (uf1, chance)
    m = confusion(rows, classes)
    recall = {c: m[i, i] / m[i].sum() for i, c in enumerate(classes)}
    negative_miss = np.mean([1 - recall[c] for c in NEGATIVE])
    assert negative_miss > max(1 - recall["happiness"], 1 - recall["surprise"]), recall
    # and a negative sample that is missed goes mostly to another negative emotion
    neg = [classes.index(c) for c in NEGATIVE]
    missed = sum(m[i].sum() - m[i, i] for i in neg)
    to_negative = sum(m[i, j] for i in neg for j in neg if i != j)
    assert to_negative > 0.5 * missed


def auc(truth, score):
    """ROC AUC by the rank-sum (Mann–Whitney) formula, ties given average ranks."""
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score)); ranks[order] = np.arange(1, len(score) + 1)
    for v in np.unique(score):
        tie = score == v
        ranks[tie] = ranks[tie].mean()
    pos = truth == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return (ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def au_scores(model):
    rows = read_csv(os.path.join(DEMO, f"{model}-au.csv"))
    man = read_json(os.path.join(DEMO, f"{model}-au.manifest.json"))
    assert man["folds"] == 10 and len(man["aus"]) == 12
    out = {}
    for a in man["aus"]:
        t = np.array([int(r[f"au_true_{a}"]) for r in rows]); s = np.array([float(r[f"au_score_{a}"]) for r in rows])
        p = s >= 0.5
        tp, fp, fn = np.sum(p & (t == 1)), np.sum(p & (t == 0)), np.sum(~p & (t == 1))
        out[a] = {"f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0, "auc": auc(t, s), "prevalence": t.mean()}
    return out


@pytest.mark.parametrize("model", MODELS)
def test_au_scores_rank_present_aus_first(model):
    sc = au_scores(model)
    # AUC 0.5 is chance; AU4 (brow lowerer, the most frequent AU: Table 5) is found by every baseline
    assert np.mean([v["auc"] for v in sc.values()]) > 0.55
    assert sc["AU4"]["auc"] > 0.75


def test_au_detection_at_threshold():
    sc = au_scores("ststnet")
    # Chance: flagging each AU at random at its own frequency p gives F1 = p on average (precision = recall = p).
    assert np.mean([v["f1"] for v in sc.values()]) > 2 * np.mean([v["prevalence"] for v in sc.values()])
    assert sc["AU4"]["f1"] > 0.5 and sc["AU12"]["f1"] > 0.3
    # Off-ApexNet (10 epochs) and RCN-A (5 epochs, the CPU demo's budget) are left out here: their scores rank
    # the AUs (test above) but at threshold 0.5 they flag few of them (mean F1 0.06 and 0.15); in the paper's
    # Table 9 Off-ApexNet is also the weakest AU detector of all baselines (average F1 0.1060).


def test_manifests_name_the_machine_and_time():
    for model in MODELS:
        for task in ("emotion", "au"):
            man = read_json(os.path.join(DEMO, f"{model}-{task}.manifest.json"))
            assert man["schema_version"] == "1.0" and man["seed"] == 0
            assert "CPU" in man["hardware"] and man["timings"]["total_s"] > 0
            assert man["input"]["labels"] == "data/dfme-synthetic-labels.csv"


def test_melab_reads_and_scores_the_demo_exports():
    for model in MODELS:
        for task in ("emotion", "au"):
            out = node_metrics(os.path.join(DEMO, f"{model}-{task}.csv"), labels=SYNTHETIC_LABELS)
            assert out.returncode == 0, out.stderr
            scored = json.loads(out.stdout)
            assert ("uf1" in scored) if task == "emotion" else ("au_average" in scored)
