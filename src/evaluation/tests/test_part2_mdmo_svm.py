"""MDMO on hand-built flow fields; the PyTorch linear SVM against scikit-learn's LinearSVC."""
import math

import numpy as np
import pytest
import torch

from melab_eval.errors import EvalError
from melab_eval.handcrafted.mdmo import (grid_regions, landmark_regions, main_direction_means, mdmo_features,
                                         read_landmarks, region_masks)
from melab_eval.handcrafted.svm import LinearSVM, fit_svm, pm_one_targets


def test_grid_regions_tile_the_frame_once():
    masks = region_masks(grid_regions(6, 6), 12, 18)
    assert masks.shape == (36, 12, 18)
    assert torch.equal(masks.sum(0), torch.ones(12, 18, dtype=torch.long))  # every pixel in exactly one ROI


def test_main_direction_mean_by_hand():
    # One 4×4 region (grid 1×1). Vectors (u, v), angles from atan2(v, u) in image axes, 45° bins:
    #   10 vectors (1, 0.2)  → 11.3°, bin 0        3 vectors (0, 1)   → 90°, bin 2
    #    2 vectors (3, 0.3)  → 5.7°,  bin 0        1 vector (−1, −1) → 225°, bin 5
    # main bin 0 (12 vectors): mean = ((10·1 + 2·3)/12, (10·0.2 + 2·0.3)/12) = (1.3333, 0.21667)
    # ρ = sqrt(1.3333² + 0.21667²) = 1.35082, θ = atan(0.1625) ≈ 0.1625 − 0.1625³/3 + 0.1625⁵/5 = 0.16109 rad
    u = [1.0] * 10 + [3.0] * 2 + [0.0] * 3 + [-1.0]
    v = [0.2] * 10 + [0.3] * 2 + [1.0] * 3 + [-1.0]
    flow = torch.tensor([u, v]).view(1, 2, 4, 4)
    got = main_direction_means(flow, region_masks(grid_regions(1, 1), 4, 4))
    assert got.shape == (1, 1, 2)
    assert float(got[0, 0, 0]) == pytest.approx(math.hypot(16 / 12, 2.6 / 12), abs=1e-9)
    assert float(got[0, 0, 0]) == pytest.approx(1.35082, abs=1e-5)
    assert float(got[0, 0, 1]) == pytest.approx(0.16109, abs=1e-5)


def test_mdmo_vector_normalised_by_the_largest_magnitude():
    flow = torch.zeros(1, 2, 4, 4)
    flow[0, 0, :2, :2] = 2.0        # top-left ROI moves right by 2 (θ = 0)
    flow[0, 1, 2:, 2:] = 0.5        # bottom-right ROI moves down by 0.5 (image y down: θ = 90°)
    f = mdmo_features(flow, region_masks(grid_regions(2, 2), 4, 4))
    assert f.shape == (1, 8)
    rho, theta = f[0, 0::2], f[0, 1::2]
    assert rho.tolist() == pytest.approx([1.0, 0.0, 0.0, 0.25])
    assert float(theta[3]) == pytest.approx(math.pi / 2, abs=1e-6)
    # several fields per clip: the per-field features are averaged before normalising
    two = mdmo_features(torch.stack([flow[0], 3 * flow[0]])[None], region_masks(grid_regions(2, 2), 4, 4))
    assert two[0, 0::2].tolist() == pytest.approx([1.0, 0.0, 0.0, 0.25])


def test_landmarks_file(tmp_path):
    p = tmp_path / "lm.csv"
    p.write_text("sample_id,x1,y1,x2,y2\ns1/c1,0.3,0.4,0.7,0.4\n*,0.5,0.5,0.5,0.8\n")
    lm = read_landmarks(str(p), ["s1/c1", "s2/c9"])
    assert lm["s1/c1"] == [(0.3, 0.4), (0.7, 0.4)] and lm["s2/c9"] == [(0.5, 0.5), (0.5, 0.8)]
    m = region_masks(landmark_regions(lm["s1/c1"], 0.2), 10, 10)
    assert m.shape == (2, 10, 10) and int(m[0].sum()) == 4  # a 0.2-side square holds 2×2 pixel centres
    p.write_text("sample_id,x1,y1\ns1/c1,0.3,1.7\n")
    with pytest.raises(EvalError, match=r"row 2, column y1, value '1.7'"):
        read_landmarks(str(p), ["s1/c1"])
    p.write_text("sample_id,x1,y1\ns1/c1,0.3,0.2\n")
    with pytest.raises(EvalError, match="no landmarks for 1 sample"):
        read_landmarks(str(p), ["s1/c1", "s3/c3"])


def test_landmarks_file_errors_name_the_file(tmp_path):
    # the one CSV opener (errors.read_csv_rows): missing, empty and undecodable files are one-line EvalErrors
    p = tmp_path / "lm.csv"
    with pytest.raises(EvalError, match=r"lm.csv: landmarks file not found"):
        read_landmarks(str(p), ["s1/c1"])
    p.write_text("")
    with pytest.raises(EvalError, match=r"lm.csv, row 1: empty landmarks file"):
        read_landmarks(str(p), ["s1/c1"])
    p.write_bytes(b"sample_id,x1,y1\n\xff\xfe\xfa,0.1,0.2\n")
    with pytest.raises(EvalError, match=r"lm.csv: landmarks file not readable"):
        read_landmarks(str(p), ["s1/c1"])


def _blobs():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(m, 1.0, (40, 4)) for m in (0.0, 1.5, 3.0)])
    x = (x - x.mean(0)) / x.std(0)
    return x, np.repeat([0, 1, 2], 40)


@pytest.mark.parametrize("c", [0.1, 1.0])
def test_svm_reaches_liblinear_objective(c):
    """Reference: scikit-learn LinearSVC(loss="hinge") (LIBLINEAR's dual solver). It penalises the bias a
    little (intercept_scaling), so its solution, scored by our objective (bias free), can only be ≥ the true
    minimum: ours must come within 1 % of it, and the one-vs-rest decisions must agree."""
    from sklearn.svm import LinearSVC
    x, y = _blobs()
    sk = LinearSVC(loss="hinge", C=c, max_iter=200000, tol=1e-8, intercept_scaling=100).fit(x, y)
    xt, t = torch.tensor(x, dtype=torch.float32), pm_one_targets(torch.tensor(y), 3)
    ours = fit_svm(xt, torch.tensor(y), 3, c=c, steps=1500, standardise=False)
    ref = LinearSVM(4, 3, c)
    with torch.no_grad():
        ref.linear.weight.copy_(torch.tensor(sk.coef_)); ref.linear.bias.copy_(torch.tensor(sk.intercept_))
        assert float(ours.objective(xt, t)) <= 1.01 * float(ref.objective(xt, t))
        assert np.mean(ours(xt).argmax(1).numpy() == sk.predict(x)) >= 0.95


def test_svm_multilabel_and_train_only_scaling():
    x, y = _blobs()
    multi = torch.tensor(np.stack([y == 0, y == 2], 1).astype(np.float32))
    assert pm_one_targets(multi, 2)[0].tolist() == [1.0, -1.0]
    m = fit_svm(torch.tensor(x * 50 + 7, dtype=torch.float32), multi, 2, steps=400)
    assert torch.allclose(m.mean, torch.tensor(x * 50 + 7, dtype=torch.float32).mean(0))  # from the training data
    pred = (m(torch.tensor(x * 50 + 7, dtype=torch.float32)) >= 0).float()
    assert float((pred == multi).float().mean()) > 0.9
    one = m(torch.tensor(x[:1] * 50 + 7, dtype=torch.float32))  # a sample's score does not depend on its batch
    assert torch.allclose(one, m(torch.tensor(x * 50 + 7, dtype=torch.float32))[:1])
