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
