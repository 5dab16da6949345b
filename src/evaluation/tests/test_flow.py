"""TV-L1 in PyTorch against OpenCV's DualTVL1 (Debian's python3-opencv has cv2.optflow), strain, features, cache."""
import cv2
import numpy as np
import torch

from melab_eval.flow import cache
from melab_eval.flow.compute import compute_flows, opencv_tvl1
from melab_eval.flow.features import flow_features, optical_strain
from melab_eval.flow.tvl1 import TVL1Params, tvl1_flow
from melab_eval.labels import read_labels
from melab_eval.sources.synthetic import SyntheticFaces
from conftest import SYNTHETIC_LABELS

H = W = 48


def textured_pair(seed):
    """A smooth random texture and its warp by a known field (a 0.3 px drift plus two Gaussian bumps)."""
    r = np.random.default_rng(seed)
    img = cv2.GaussianBlur(r.random((H, W)).astype(np.float32), (0, 0), 2.0)
    img = (img - img.min()) / (img.max() - img.min())
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    du = (1.5 * np.exp(-((xx - 16) ** 2 + (yy - 24) ** 2) / 120) + 0.3).astype(np.float32)
    dv = (-1.0 * np.exp(-((xx - 34) ** 2 + (yy - 16) ** 2) / 80)).astype(np.float32)
    moved = cv2.remap(img, xx - du, yy - dv, cv2.INTER_CUBIC, borderMode=cv2.BORDER_REFLECT)
    return img, moved, np.stack([du, dv])


def epe(a, b):
    """Mean end-point error between [2,H,W] flows, over the interior (3 px border left out: OpenCV reads
    zeros outside the image when warping, so border pixels depend on sub-pixel border handling)."""
    d = np.sqrt(((a - b) ** 2).sum(0))
    return float(d[3:-3, 3:-3].mean())


def test_opencv_tvl1_is_available():
    # The comparison below must really run in CI: Debian's python3-opencv ships the contrib optflow module.
    assert opencv_tvl1() is not None


def test_torch_tvl1_matches_opencv_dualtvl1():
    pairs = [textured_pair(s) for s in range(4)]
    ref = [opencv_tvl1().calc(p[0], p[1], None).transpose(2, 0, 1) for p in pairs]
    ours = tvl1_flow(torch.tensor(np.stack([p[0] for p in pairs])), torch.tensor(np.stack([p[1] for p in pairs]))).numpy()
    for k, p in enumerate(pairs):
        # Bound: 0.05 px mean end-point error between the two implementations (measured 0.016–0.030 px on
        # 64×64 pairs: the pyramid resize and float order differ slightly), while each is ≈0.08 px from truth.
        assert epe(ours[k], ref[k]) < 0.05
        assert epe(ours[k], p[2]) < 0.15
        assert epe(ref[k], p[2]) < 0.15


def test_batched_equals_one_at_a_time():
    pairs = [textured_pair(s) for s in (10, 11, 12)]
    i0 = torch.tensor(np.stack([p[0] for p in pairs]))
    i1 = torch.tensor(np.stack([p[1] for p in pairs]))
    batched = tvl1_flow(i0, i1)
    single = tvl1_flow(i0[1], i1[1])
    assert single.shape == (2, H, W)
    assert torch.allclose(batched[1], single, atol=1e-4)


def test_synthetic_clip_flow_agrees_between_backends():
    samples = read_labels(SYNTHETIC_LABELS)[:6]
    gen = SyntheticFaces(size=48)
    on = np.stack([gen.pair(s)[0] for s in samples]); ap = np.stack([gen.pair(s)[1] for s in samples])
    a = compute_flows(on, ap, "torch", torch.device("cpu"))
    b = compute_flows(on, ap, "opencv", torch.device("cpu"))
    for k in range(len(samples)):
        assert epe(a[k], b[k]) < 0.05


def test_optical_strain_of_known_fields():
    yy, xx = torch.meshgrid(torch.arange(9.0), torch.arange(9.0), indexing="ij")
    # u = 0.1·x, v = 0: u_x = 0.1 → |ε| = 0.1
    s = optical_strain(torch.stack((0.1 * xx, torch.zeros_like(xx)))[None])
    assert torch.allclose(s[0, 2:-2, 2:-2], torch.full((5, 5), 0.1), atol=1e-6)
    # rotation u = -0.1·y, v = 0.1·x: u_y + v_x = 0, no strain (rigid motion)
    s = optical_strain(torch.stack((-0.1 * yy, 0.1 * xx))[None])
    assert float(s[0, 2:-2, 2:-2].abs().max()) < 1e-6
    # shear u = 0.2·y: ½(u_y)² = 0.02 → |ε| = sqrt(0.02)
    s = optical_strain(torch.stack((0.2 * yy, torch.zeros_like(yy)))[None])
    assert abs(float(s[0, 4, 4]) - 0.02 ** 0.5) < 1e-6


def test_features_sizes_and_normalisation():
    flow = torch.randn(3, 2, 64, 64)
    for size in (28, 60):
        f = flow_features(flow, size)
        assert f.shape == (3, 3, size, size)
        assert torch.allclose(f.amin(dim=(2, 3)), torch.zeros(3, 3)) and torch.allclose(f.amax(dim=(2, 3)), torch.ones(3, 3))


def test_cache_is_keyed_by_inputs_and_parameters(tmp_path):
    a, b, _ = textured_pair(1)
    on, ap = a[None], b[None]
    prm = TVL1Params().as_dict()
    k = cache.flow_key(on, ap, prm)
    assert cache.load(str(tmp_path), k) is None
    flow = np.random.default_rng(0).normal(size=(1, 2, H, W)).astype(np.float32)
    cache.store(str(tmp_path), k, flow)
    assert np.allclose(cache.load(str(tmp_path), k), flow, atol=2e-3)  # float16 storage
    assert cache.flow_key(on.copy(), ap.copy(), prm) == k
    changed = ap.copy(); changed[0, 5, 5] += 1e-3
    assert cache.flow_key(on, changed, prm) != k
    assert cache.flow_key(on, ap, dict(prm, warps=3)) != k
