"""The batched all-folds LOSO (batched.py) against the fold-by-fold loop (train.fit) with the same seeds, on a
small synthetic set: the same predictions to 1e-5 (float64, so that only the order of float sums differs),
for STSTNet (batch norm, dropout) with Adam as its published recipe and Off-ApexNet with SGD + weight decay
and a step schedule; folds of different sizes so that batches are padded and some folds skip steps."""
import numpy as np
import pytest
import torch

from melab_eval.batched import fit_folds_batched
from melab_eval.models import build_model
from melab_eval.recipes import resolve
from melab_eval.train import fit, predict


def _data(n, channels, k, folds, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, channels, 28, 28, generator=g, dtype=torch.float64)
    y = torch.randint(0, k, (n,), generator=g)
    fold_arr = np.array([i % folds for i in range(n)])
    fold_arr[: n // 5] = 0  # fold 0 is larger: LOSO folds differ in size
    return x, y, fold_arr


def _fold_by_fold(name, k, x, y, fold_arr, recipe, seed):
    out = {}
    for f in sorted(set(fold_arr)):
        train, test = np.nonzero(fold_arr != f)[0], np.nonzero(fold_arr == f)[0]
        torch.manual_seed(seed * 1000 + f)
        model = build_model(name, k, recipe).double()
        model = fit(model, x[train], y[train], "emotion", recipe, seed * 1000 + f, torch.device("cpu"))
        out[f] = (test, predict(model, x[test], "emotion", torch.device("cpu")))
    return out


@pytest.mark.parametrize("name,channels,recipe,overrides", [
    ("ststnet", 3, "published", {"epochs": 3, "batch_size": 12, "lr": 1e-3}),
    ("offapexnet", 2, "dfme", {"epochs": 2, "batch_size": 8, "weight_decay": 1e-3, "lr_step": 1, "lr_gamma": 0.5}),
])
def test_batched_loso_gives_the_fold_by_fold_predictions(name, channels, recipe, overrides):
    torch.set_default_dtype(torch.float64)
    try:
        r = resolve(name, recipe, overrides=overrides)
        x, y, fold_arr = _data(24 if name == "offapexnet" else 40, channels, 3, 3 if name == "offapexnet" else 4)
        ref = _fold_by_fold(name, 3, x, y, fold_arr, r, seed=2)
        got = fit_folds_batched(name, 3, x, y, fold_arr, sorted(set(fold_arr)), "emotion", r, 2, torch.device("cpu"))
    finally:
        torch.set_default_dtype(torch.float32)
    assert sorted(got) == sorted(ref)
    for f in ref:
        assert np.array_equal(got[f][0], ref[f][0])
        assert np.abs(got[f][1] - ref[f][1]).max() < 1e-5, f
    # it trained: predictions moved away from the initial model's, and differ between folds
    assert np.abs(ref[0][1] - ref[0][1].mean(0)).max() > 1e-3
