"""Each baseline's output shape and parameter count (hand counts in each model file's docstring)."""
import pytest
import torch

from melab_eval.errors import EvalError
from melab_eval.models import MODELS, build_model, check_model, load_config

# Hand counts (see the docstrings): STSTNet 480 + 401·C; Off-ApexNet 2,661,400 + 1,025·C; RCN-A 12,928 + 801·C.
EXPECTED = {
    ("ststnet", 3): 1683, ("ststnet", 7): 3287, ("ststnet", 12): 5292,
    ("offapexnet", 3): 2664475, ("offapexnet", 7): 2668575, ("offapexnet", 12): 2673700,
    ("rcn_a", 3): 15331, ("rcn_a", 7): 18535, ("rcn_a", 12): 22540,
}


@pytest.mark.parametrize("name,outputs", sorted(EXPECTED))
def test_parameter_count_and_output_shape(name, outputs):
    model = build_model(name, outputs)
    assert sum(p.numel() for p in model.parameters() if p.requires_grad) == EXPECTED[(name, outputs)]
    cfg = load_config(name)
    x = torch.rand(5, len(cfg["input_channels"]), cfg["input_size"], cfg["input_size"])
    model.eval()
    assert model(x).shape == (5, outputs)


def test_input_sizes_follow_the_paper():
    # DFME Sec. 4.5: 28×28 for OffApexNet and STSTNet, 60×60 for RCN-A; batch 256 for these baselines.
    flow_models = ("ststnet", "offapexnet", "rcn_a")  # part 2's clip and hand-crafted models: test_part2_models.py
    assert {n: load_config(n)["input_size"] for n in flow_models} == {"ststnet": 28, "offapexnet": 28, "rcn_a": 60}
    assert all(load_config(n)["batch_size"] == 256 for n in flow_models)
    assert load_config("offapexnet")["input_channels"] == ["u", "v"]


def test_off_apexnet_streams_see_one_flow_component_each():
    model = build_model("offapexnet", 7).eval()
    x = torch.rand(2, 2, 28, 28)
    y = x.clone(); y[:, 1] = torch.rand(2, 28, 28)
    assert not torch.allclose(model(x), model(y))  # v reaches the output
    assert torch.allclose(model.stream_u(x[:, :1]), model.stream_u(y[:, :1]))  # the u stream ignores v


def test_unknown_model_name():
    with pytest.raises(EvalError, match="unknown model"):
        check_model("resnet")
    assert check_model("RCN-A") == "rcn_a"
