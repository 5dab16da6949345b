"""STSTNet's training step through the fused C kernel (models/ststnet_kernel.py) against the module's own layers
(nn.Conv2d, ReLU, BatchNorm2d, MaxPool2d) in float64: the same outputs, weight gradients and running
statistics; then whole trainings through train.fit, with and without the kernel, give the same predictions."""
import copy

import numpy as np
import pytest
import torch

from melab_eval.models import build_model
from melab_eval.models.layers import set_dropout_generator
from melab_eval.models import ststnet_kernel
from melab_eval.recipes import resolve
from melab_eval.train import TrainOptions, fit, predict


def _inputs(n, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 3, 28, 28, generator=g, dtype=torch.float64) * 255
    x[1, :, 4:16, 6:20] = 7.0          # flat regions: equal patches, so pooling windows with tied maxima
    x[2] = 0.0                         # an all-zero sample
    x[3, 0] = torch.round(x[3, 0] / 64) * 64   # a few grey levels
    return x


def _pair(seed=3):
    torch.manual_seed(seed)
    ref = build_model("ststnet", 3).double()
    fast = copy.deepcopy(ref)
    for m in (ref, fast):
        m.train()
        set_dropout_generator(m, torch.Generator().manual_seed(11))
    return ref, fast


def _grads(model):
    return {k: p.grad.clone() for k, p in model.named_parameters()}


@pytest.mark.parametrize("negative_gamma", [False, True])
@pytest.mark.parametrize("idx", [torch.arange(2, 14), torch.tensor([9, 0, 3, 1, 2, 15, 7, 4])])
def test_kernel_step_equals_the_module(negative_gamma, idx):
    x = _inputs(16)
    ref, fast = _pair()
    if negative_gamma:  # a min instead of a max over the windows of these channels
        with torch.no_grad():
            for m in (ref, fast):
                m.bn1.weight[1] = -0.7
                m.bn3.weight[[0, 5]] = torch.tensor([-1.3, -0.2], dtype=torch.float64)
    y = torch.randint(0, 3, (16,), generator=torch.Generator().manual_seed(1))
    samples = ststnet_kernel.Samples(x)
    for step in range(3):  # several steps: running statistics and dropout draws follow the module's
        out_ref = ref(x[idx])
        out_fast = fast(samples[idx])
        assert torch.allclose(out_fast, out_ref, rtol=0, atol=1e-10), (step, (out_fast - out_ref).abs().max())
        for m in (ref, fast):
            m.zero_grad()
        torch.nn.functional.cross_entropy(out_ref, y[idx]).backward()
        torch.nn.functional.cross_entropy(out_fast, y[idx]).backward()
        g_ref, g_fast = _grads(ref), _grads(fast)
        for k in g_ref:
            scale = max(1.0, float(g_ref[k].abs().max()))
            assert (g_fast[k] - g_ref[k]).abs().max() / scale < 1e-10, (step, k)
        for (k, a), b in zip(ref.state_dict().items(), fast.state_dict().values()):
            assert torch.allclose(a.double(), b.double(), rtol=1e-12, atol=1e-12), (step, k)


def test_the_kernel_builds_here_and_training_falls_back_to_the_layers_without_a_compiler(monkeypatch, capsys):
    assert ststnet_kernel.available(torch.float32) and ststnet_kernel.available(torch.float64)
    model = build_model("ststnet", 3)
    x = _inputs(4).float()
    assert isinstance(model.training_inputs(x), ststnet_kernel.Samples)
    assert model.training_inputs(x[:, :, :20, :20]) is not None  # another size: the layers
    assert not isinstance(model.training_inputs(x[:, :, :20, :20]), ststnet_kernel.Samples)
    monkeypatch.setattr(ststnet_kernel, "_libraries", {})
    monkeypatch.setattr(ststnet_kernel, "_warned", False)
    monkeypatch.setattr(ststnet_kernel.shutil, "which", lambda name: None)
    assert model.training_inputs(x) is x
    assert "no C compiler" in capsys.readouterr().err


@pytest.mark.parametrize("overrides", [
    {"epochs": 4, "batch_size": 12, "lr": 1e-3},                               # published: Adam, no shuffling
    {"epochs": 3, "batch_size": 10, "lr": 1e-2, "shuffle": True, "optimizer": "sgd", "momentum": 0.9},
])
def test_training_through_the_kernel_gives_the_same_predictions(overrides):
    torch.set_default_dtype(torch.float64)
    try:
        r = resolve("ststnet", "published", overrides=overrides)
        x = _inputs(40, seed=5)
        y = torch.randint(0, 3, (40,), generator=torch.Generator().manual_seed(2))
        got = {}
        for fused in (False, True):
            torch.manual_seed(7)
            model = build_model("ststnet", 3, r).double()
            model = fit(model, x[:30], y[:30], "emotion", r, 7, torch.device("cpu"), TrainOptions(fused_kernel=fused))
            got[fused] = predict(model, x[30:], "emotion", torch.device("cpu"))
    finally:
        torch.set_default_dtype(torch.float32)
    assert np.abs(got[True] - got[False]).max() < 1e-9
    assert np.abs(got[True] - got[True].mean(0)).max() > 1e-3  # it trained: the samples' predictions differ
