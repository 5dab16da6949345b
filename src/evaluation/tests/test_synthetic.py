"""The synthetic clip generator: faces per subject, AU-driven local motion, timing, sides, determinism."""
import numpy as np

from melab_eval.labels import Sample, parse_aus
from melab_eval.sources.synthetic import SyntheticFaces, intensity


def sample(aus, subject="s1", clip="c1", onset=100, apex=130, offset=170, fps=200.0):
    s = Sample("dfme", subject, clip, onset, apex, offset, fps, "happiness", "happiness", parse_aus(aus, "t", 2, "AU"), aus)
    s.sample_id = f"{subject}/{clip}"
    return s


def test_intensity_profile():
    assert intensity(100, 100, 130, 170) == 0.0
    assert intensity(130, 100, 130, 170) == 1.0
    assert abs(intensity(115, 100, 130, 170) - 0.5) < 1e-12  # sin²(π/4) = ½ halfway to apex
    assert intensity(170, 100, 130, 170) == 0.0 and intensity(90, 100, 130, 170) == 0.0


def test_faces_differ_per_subject_and_repeat_per_seed():
    g = SyntheticFaces(64)
    a, _ = g.face("s1")
    b, _ = g.face("s2")
    assert np.abs(a - b).mean() > 0.02
    assert np.array_equal(SyntheticFaces(64).frames(sample("AU12"), [100, 130]), g.frames(sample("AU12"), [100, 130]))
    assert not np.array_equal(SyntheticFaces(64, seed=1).face("s1")[0], a)


def test_au_motion_is_local_and_sided():
    g = SyntheticFaces(64)
    _, jit = g.face("s1")
    d12 = np.hypot(*g.displacement(sample("AU12"), jit))
    d4 = np.hypot(*g.displacement(sample("AU4"), jit))
    mouth, brows = (slice(44, 52), slice(20, 44)), (slice(18, 24), slice(18, 46))
    assert d12[mouth].max() > 0.5 and d12[brows].max() < 0.05   # lip corners move, brows do not
    assert d4[brows].max() > 0.5 and d4[mouth].max() < 0.05
    left = np.hypot(*g.displacement(sample("L-AU12"), jit))
    assert left[:, 33:].max() > 0.5 and left[:, :31].max() < 0.05  # subject's left = image right
    assert np.hypot(*g.displacement(sample("AU38+M57"), jit)).max() == 0.0  # no motion modelled


def test_onset_to_apex_changes_the_moving_region_most():
    g = SyntheticFaces(64)
    s = sample("AU1+AU2")
    on, ap = g.frames(s, [s.onset, s.apex])
    diff = np.abs(ap - on)
    assert diff[14:26, 14:50].mean() > 2 * diff[40:60, 14:50].mean()
    # noise and head motion: two renderings of the onset frame with different seeds differ slightly
    other = SyntheticFaces(64, seed=5).frames(s, [s.onset])[0]
    assert 0 < np.abs(other - on).mean()


def test_head_motion_scales_with_frame_rate():
    g = SyntheticFaces(64)
    slow = np.hypot(*g.head_offset(sample("AU1", fps=500.0, apex=150), 150))
    fast = np.hypot(*g.head_offset(sample("AU1", fps=100.0, apex=150), 150))
    # the same 50 frames are 0.1 s at 500 fps and 0.5 s at 100 fps: the drift is smaller at the higher rate
    assert slow < fast <= 0.6
