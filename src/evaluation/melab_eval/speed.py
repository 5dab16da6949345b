"""GPU speed switches for the clip models, each guarded so that the CPU path (Debian's torch 1.13, CI) runs
unchanged and PyTorch 2.x on CUDA gets the fast path:

- ``bf16``: autocast to bfloat16 on CUDA devices that support it (Ampere and later; H100 yes). Never on CPU.
- ``channels_last``: channels-last 3D memory format (NDHWC) for the model and each batch on CUDA, where
  cuDNN's 3D convolutions are faster in it; never on CPU (torch 1.13's CPU 3D convolutions gain nothing).
- ``compile``: ``torch.compile`` on CUDA when torch ≥ 2 has it; off by default on CPU and skipped where
  missing. Compiling costs tens of seconds per model, which a 10-fold run pays per fold; worth it for
  full-size clips, not for tiny ones.
- ``workers``: DataLoader worker processes that slice uint8 batches from the cached clips and pin them for
  asynchronous host→GPU copies (0: the main process does it, the right choice on a 2-core CPU machine).

``SpeedOptions.for_device`` picks the defaults: everything on for CUDA, everything off for CPU.

On a CPU, ``keep_freed_memory`` stops glibc from handing freed blocks of a few MiB back to the kernel after every
step: the next step's tensors would page-fault them in again, which made the same STSTNet fold-epoch take 66 ms in
one process and 150–210 ms in the next (BENCHMARKS.md, issue 18).
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
from dataclasses import asdict, dataclass

import torch


def bf16_supported(device: torch.device) -> bool:
    if device.type != "cuda" or not torch.cuda.is_available():
        return False
    check = getattr(torch.cuda, "is_bf16_supported", None)
    return bool(check()) if check else False


def compile_available() -> bool:
    return hasattr(torch, "compile") and int(torch.__version__.split(".")[0]) >= 2


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3     # mallopt parameters (malloc.h)
_kept = False


def keep_freed_memory() -> bool:
    """glibc only: freed memory stays in the heap (trim threshold 1 GiB) and blocks under 32 MiB (mmap's
    ceiling) come from it, so a training loop reuses its pages instead of faulting fresh ones in each step.
    Once per process; False where the C library has no mallopt."""
    global _kept
    if _kept:
        return True
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        _kept = bool(libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)) and bool(libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20))
    except (OSError, AttributeError):
        _kept = False
    return _kept


def set_cpu_threads(n: int) -> None:
    """n threads for torch's own kernels and for the BLAS library it calls (OpenBLAS keeps a pool of its own,
    one thread per core, that torch.set_num_threads does not reach: its idle threads spin in sched_yield and
    take a core from the next fold worker). Linux: the loaded BLAS is found in /proc/self/maps."""
    torch.set_num_threads(n)
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.split()[-1]}
    except OSError:
        return
    for path in sorted(paths):
        try:
            ctypes.CDLL(path).openblas_set_num_threads(n)
        except (OSError, AttributeError):
            pass


@contextlib.contextmanager
def cpu_threads(n: int):
    """set_cpu_threads(n) for a block, then back to torch's thread count before it."""
    before = torch.get_num_threads()
    if n == before:
        yield
        return
    set_cpu_threads(n)
    try:
        yield
    finally:
        set_cpu_threads(before)


@dataclass
class SpeedOptions:
    bf16: bool = False
    channels_last: bool = False
    compile: bool = False
    workers: int = 0

    @staticmethod
    def for_device(device: torch.device, bf16=None, channels_last=None, compile=None, workers=None) -> "SpeedOptions":
        cuda = device.type == "cuda"
        o = SpeedOptions(
            bf16=bf16_supported(device) if bf16 is None else (bool(bf16) and bf16_supported(device)),
            channels_last=cuda if channels_last is None else (bool(channels_last) and cuda),
            compile=(cuda and compile_available()) if compile is None else (bool(compile) and cuda and compile_available()),
            workers=(min(8, max(1, (os.cpu_count() or 2) // 2)) if cuda else 0) if workers is None else max(0, int(workers)),
        )
        return o

    def as_dict(self) -> dict:
        return asdict(self)

    def autocast(self, device: torch.device):
        if self.bf16 and device.type == "cuda":
            return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def prepare_model(self, model: torch.nn.Module) -> torch.nn.Module:
        if self.channels_last:
            model = model.to(memory_format=torch.channels_last_3d)
        return model

    def prepare_batch(self, x: torch.Tensor) -> torch.Tensor:
        if self.channels_last and x.dim() == 5:
            return x.contiguous(memory_format=torch.channels_last_3d)
        return x

    def maybe_compile(self, model):
        return torch.compile(model) if self.compile else model
