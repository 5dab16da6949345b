"""Dropout that draws its masks from a generator the trainer gives it (``set_dropout_generator``), so a
fold's dropout masks depend on the fold's seed only: the fold-by-fold loop and the batched all-folds
LOSO (batched.py) draw the very same masks. Without a generator it is ``nn.Dropout``."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class SeededDropout(nn.Module):
    def __init__(self, p: float = 0.5):
        super().__init__()
        self.p = p
        self.generator = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        if self.generator is None:
            return F.dropout(x, self.p, True)
        return x * dropout_mask(x.shape, self.p, self.generator, x.dtype, x.device)

    def extra_repr(self):
        return f"p={self.p}"


def dropout_mask(shape, p: float, generator: torch.Generator, dtype, device) -> torch.Tensor:
    """Bernoulli(1 − p) / (1 − p), the inverted-dropout mask of F.dropout, from ``generator``: uniform draws
    below 1 − p (on a CPU 4–5× faster than ``bernoulli_``, the same distribution)."""
    u = torch.rand(shape, dtype=dtype, device=generator.device, generator=generator)
    return (u < 1 - p).to(device, dtype).div_(1 - p)


def set_dropout_generator(model: nn.Module, generator) -> int:
    n = 0
    for m in model.modules():
        if isinstance(m, SeededDropout):
            m.generator = generator
            n += 1
    return n
