"""speed.py's process settings: the thread count reaches the BLAS library's own pool."""
import ctypes

import pytest
import torch

from melab_eval.speed import set_cpu_threads


def _openblas():
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "libopenblas" in line.split()[-1]})
    return ctypes.CDLL(paths[0]) if paths else None


def test_set_cpu_threads_reaches_openblas_which_torch_set_num_threads_does_not():
    blas = _openblas()
    if blas is None:
        pytest.skip("this torch does not use OpenBLAS")
    before = torch.get_num_threads()
    try:
        blas.openblas_set_num_threads(2)
        torch.set_num_threads(1)
        assert blas.openblas_get_num_threads() == 2       # torch's own setting leaves the BLAS pool alone
        set_cpu_threads(1)
        assert (torch.get_num_threads(), blas.openblas_get_num_threads()) == (1, 1)
        set_cpu_threads(2)
        assert (torch.get_num_threads(), blas.openblas_get_num_threads()) == (2, 2)
    finally:
        set_cpu_threads(before)


def test_fit_trains_the_fused_kernel_in_one_thread_and_gives_the_threads_back(monkeypatch):
    """STSTNet's fused kernel path runs its epochs with 1 torch thread (faster on its small layers:
    42–45 vs 62 ms per epoch measured with 2 threads on the 2-core CI machine); the plain layers keep the
    process's count; either way the count before fit is restored."""
    from melab_eval.models import build_model
    from melab_eval.recipes import resolve
    from melab_eval.train import TrainOptions, fit
    recipe = resolve("ststnet", "published", None, {"epochs": 1, "batch_size": 8})
    x = torch.randn(16, 3, 28, 28)
    y = torch.randint(0, 3, (16,))
    seen = []
    before = torch.get_num_threads()
    set_cpu_threads(2)
    try:
        for fused in (True, False):
            opts = TrainOptions(fused_kernel=fused, on_step=lambda loss: seen.append((fused, torch.get_num_threads())))
            fit(build_model("ststnet", 3, recipe), x, y, "emotion", recipe, 0, torch.device("cpu"), opts)
            assert torch.get_num_threads() == 2
    finally:
        set_cpu_threads(before)
    from melab_eval.models.ststnet_kernel import available
    expected_fused = 1 if available(torch.float32, 3) else 2
    assert {t for f, t in seen if f} == {expected_fused} and {t for f, t in seen if not f} == {2}
