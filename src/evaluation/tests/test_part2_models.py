"""R3D-18 and I3D: forward/backward on tiny clips on CPU, output shapes, parameter counts, local weights."""
import pytest
import torch

from melab_eval.errors import EvalError
from melab_eval.models import build_model, check_model, load_config
from melab_eval.models.i3d import I3D, same_padding
from melab_eval.models.r3d import R3D18

# torchvision's published count for r3d_18 (Kinetics-400 head, 400 outputs): 33,371,472
# (torchvision.models.video.R3D_18_Weights.KINETICS400_V1.meta["num_params"]). Its last layer is
# Linear(512, 400) = 205,200, so the body has 33,166,272 and C outputs add 513·C.
R3D_BODY = 33_371_472 - 513 * 400


def i3d_hand_count(c: int) -> int:
    """Counted from the I3D release's channel table (deepmind/kinetics-i3d i3d.py), transcribed here apart
    from the model file: each unit = k_t·k_h·k_w·c_in·c_out convolution weights (no bias) + 2·c_out BN."""
    def unit(cin, cout, k=1):
        return k ** 3 * cin * cout + 2 * cout
    n = unit(3, 64, 7) + unit(64, 64) + unit(64, 192, 3)
    table = [(192, 64, 96, 128, 16, 32, 32), (256, 128, 128, 192, 32, 96, 64), (480, 192, 96, 208, 16, 48, 64),
             (512, 160, 112, 224, 24, 64, 64), (512, 128, 128, 256, 24, 64, 64), (512, 112, 144, 288, 32, 64, 64),
             (528, 256, 160, 320, 32, 128, 128), (832, 256, 160, 320, 32, 128, 128), (832, 384, 192, 384, 48, 128, 128)]
    for cin, b0, b1a, b1b, b2a, b2b, b3 in table:
        n += unit(cin, b0) + unit(cin, b1a) + unit(b1a, b1b, 3) + unit(cin, b2a) + unit(b2a, b2b, 3) + unit(cin, b3)
    return n + 1024 * c + c


def count(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


@pytest.mark.parametrize("c", [400, 7, 12])
def test_parameter_counts(c):
    assert count(R3D18(num_outputs=c)) == R3D_BODY + 513 * c
    assert count(I3D(num_outputs=c)) == i3d_hand_count(c)
    # the docstrings' figures
    assert i3d_hand_count(400) == 12_697_264 and i3d_hand_count(7) == 12_294_439 and R3D_BODY + 513 * 7 == 33_169_863
    assert i3d_hand_count(400) // 10**6 == 12  # Table 1 of the I3D paper: "12M"


@pytest.mark.parametrize("cls", [R3D18, I3D])
def test_forward_backward_on_tiny_uint8_clips(cls):
    torch.manual_seed(0)
    model = cls(num_outputs=7)
    x = torch.randint(0, 256, (2, 3, 8, 16, 16), dtype=torch.uint8)
    out = model(x)
    assert out.shape == (2, 7)
    loss = torch.nn.functional.cross_entropy(out, torch.tensor([1, 5]))
    loss.backward()
    grads = [p.grad for p in model.parameters()]
    assert all(g is not None and torch.isfinite(g).all() for g in grads)
    assert sum(float(g.abs().sum()) for g in grads) > 0


def test_i3d_tf_same_padding_and_final_map_at_paper_size():
    # TensorFlow SAME: out = ceil(n/s), total pad = (out-1)·s + k - n, extra at the end
    assert same_padding(224, 7, 2) == (2, 3)    # (112-1)·2 + 7 - 224 = 5
    assert same_padding(16, 7, 2) == (2, 3)
    assert same_padding(112, 3, 2) == (0, 1)    # (56-1)·2 + 3 - 112 = 1
    assert same_padding(16, 3, 1) == (1, 1)
    # 16×224×224 → 2×7×7 before the average pool, the release's [2, 7, 7] pool (checked on the meta device-free
    # path: run the features on zeros at the paper's size would cost seconds; the SAME arithmetic gives it)
    t, s = 16, 224
    for k_t, s_t, s_s in ((7, 2, 2), (1, 1, 2), (1, 1, 1), (1, 1, 1), (1, 1, 2), (3, 2, 2), (2, 2, 2)):
        t, s = -(-t // s_t), -(-s // s_s)
    assert (t, s) == (2, 7)


def test_registry_and_configs_follow_the_paper():
    for name in ("r3d", "i3d"):
        cfg = load_config(name)
        # DFME Sec. 4.5: 16-frame clips, 224×224, batch 32, SGD momentum 0.9 (the dfme recipe, train.py)
        assert (cfg["clip_frames"], cfg["input_size"], cfg["batch_size"], cfg["input"]) == (16, 224, 32, "clip")
        assert build_model(name, 12).eval()(torch.zeros(1, 3, 4, 16, 16, dtype=torch.uint8)).shape == (1, 12)
    assert check_model("LBP-TOP") == "lbp_top" and check_model("mdmo") == "mdmo"


def test_local_weights_file(tmp_path, capsys):
    torch.manual_seed(1)
    a = I3D(num_outputs=7).eval()
    path = tmp_path / "i3d.pt"
    torch.save({"state_dict": {"module." + k: v for k, v in a.state_dict().items()}}, path)
    b = I3D(num_outputs=7, weights_file=str(path)).eval()
    x = torch.randint(0, 256, (1, 3, 4, 16, 16), dtype=torch.uint8)
    assert torch.equal(a(x), b(x))
    c = I3D(num_outputs=12, weights_file=str(path))  # other head size: the logits keep their init
    assert "kept at their init" in capsys.readouterr().err
    assert torch.equal(c.features.Conv3d_1a_7x7.conv.weight, a.features.Conv3d_1a_7x7.conv.weight)
    r = R3D18(num_outputs=7)
    torch.save(r.net.state_dict(), tmp_path / "r3d.pt")
    assert torch.equal(R3D18(num_outputs=7, weights_file=str(tmp_path / "r3d.pt")).net.fc.weight, r.net.fc.weight)


def test_bad_weights_file_is_one_line(tmp_path):
    bad = tmp_path / "w.pt"
    bad.write_text("not a checkpoint")
    with pytest.raises(EvalError, match=r"file .*w.pt: not a PyTorch weights file"):
        R3D18(num_outputs=7, weights_file=str(bad))
    with pytest.raises(EvalError, match="weights file not found"):
        I3D(num_outputs=7, weights_file=str(tmp_path / "missing.pt"))
