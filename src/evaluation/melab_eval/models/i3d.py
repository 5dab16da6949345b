"""I3D: the Inflated 3D ConvNet (DFME paper Sec. 4.4.1, ref. [82] Carreira and Zisserman, "Quo Vadis,
Action Recognition? A New Model and the Kinetics Dataset", CVPR 2017), RGB stream.

Inception-v1 (GoogLeNet with batch norm) with every N×N kernel inflated to N×N×N (Fig. 3 of the paper),
layer for layer as the authors' release (github.com/deepmind/kinetics-i3d, i3d.py):

    Conv3d_1a_7x7 (64, stride 2) → MaxPool3d_2a (1×3×3, stride 1,2,2) → Conv3d_2b_1x1 (64)
    → Conv3d_2c_3x3 (192) → MaxPool3d_3a (1×3×3, stride 1,2,2) → Mixed_3b, Mixed_3c
    → MaxPool3d_4a (3×3×3, stride 2) → Mixed_4b … Mixed_4f → MaxPool3d_5a (2×2×2, stride 2)
    → Mixed_5b, Mixed_5c → average pool → dropout → Conv3d 1×1×1 logits (bias, no BN) → mean over time.

Each unit: convolution without bias, batch norm (ε = 0.001, momentum 0.01 as TF's 0.99 decay), ReLU;
"SAME" padding as TensorFlow computes it (asymmetric when the stride does not divide the kernel). An
Inception block ``Mixed`` has four branches, channels (b0, b1a, b1b, b2a, b2b, b3): 1×1; 1×1→3×3×3;
1×1→3×3×3; 3×3×3 max pool (stride 1) → 1×1 (the release uses 3×3×3 where Inception-v1 had 5×5).

Input: RGB clip [B, 3, T, H, W], 16 frames at 224 × 224 (DFME Sec. 4.5; the release uses 64+ frames);
uint8 clips are scaled to [−1, 1] as the release's preprocessing. The final average pool is adaptive: at
16 × 224 × 224 the feature map before it is 2 × 7 × 7, exactly the release's [2, 7, 7] pool, and other
sizes (112 × 112, the reduced CPU demo's) still give one feature vector per clip.

Parameters (hand count from the channel table, in tests/test_part2_models.py): 12,287,264 + 1,025·C
(convolutions 12,272,704, batch norm 2 × 7,280 = 14,560; logits 1,024·C + C): 12,697,264 with the
release's 400 Kinetics classes (the paper's Table 1 rounds it to 12M), 12,294,439 for 7 emotions,
12,299,564 for the 12 AUs.
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .clip_input import load_local_weights, normalise_clip

#: Inception blocks: name → (input channels, b0, b1a, b1b, b2a, b2b, b3), from the release's i3d.py.
MIXED = {
    "Mixed_3b": (192, 64, 96, 128, 16, 32, 32),
    "Mixed_3c": (256, 128, 128, 192, 32, 96, 64),
    "Mixed_4b": (480, 192, 96, 208, 16, 48, 64),
    "Mixed_4c": (512, 160, 112, 224, 24, 64, 64),
    "Mixed_4d": (512, 128, 128, 256, 24, 64, 64),
    "Mixed_4e": (512, 112, 144, 288, 32, 64, 64),
    "Mixed_4f": (528, 256, 160, 320, 32, 128, 128),
    "Mixed_5b": (832, 256, 160, 320, 32, 128, 128),
    "Mixed_5c": (832, 384, 192, 384, 48, 128, 128),
}


def same_padding(size: int, kernel: int, stride: int):
    """TensorFlow "SAME": output ceil(size / stride); total padding split with the extra one at the end."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _pad_same(x: torch.Tensor, kernel, stride, value: float = 0.0) -> torch.Tensor:
    pads = []
    for dim, k, s in zip((4, 3, 2), kernel[::-1], stride[::-1]):  # F.pad wants the last dimension first
        pads.extend(same_padding(x.shape[dim], k, s))
    return F.pad(x, pads, value=value) if any(pads) else x


class Unit3D(nn.Module):
    """Conv3d (SAME padding, no bias) → BatchNorm3d → ReLU, as the release's Unit3D."""

    def __init__(self, in_channels: int, out_channels: int, kernel=(1, 1, 1), stride=(1, 1, 1)):
        super().__init__()
        self.kernel, self.stride = tuple(kernel), tuple(stride)
        self.conv = nn.Conv3d(in_channels, out_channels, self.kernel, self.stride, padding=0, bias=False)
        self.bn = nn.BatchNorm3d(out_channels, eps=1e-3, momentum=0.01)

    def forward(self, x):
        return F.relu(self.bn(self.conv(_pad_same(x, self.kernel, self.stride))), inplace=True)


class MaxPool3dSame(nn.Module):
    """Max pooling with TF "SAME" padding (padding by −inf, so padded cells never win)."""

    def __init__(self, kernel, stride):
        super().__init__()
        self.kernel, self.stride = tuple(kernel), tuple(stride)

    def forward(self, x):
        return F.max_pool3d(_pad_same(x, self.kernel, self.stride, float("-inf")), self.kernel, self.stride)


class Mixed(nn.Module):
    """One inflated Inception block: four branches concatenated on channels."""

    def __init__(self, c_in, b0, b1a, b1b, b2a, b2b, b3):
        super().__init__()
        self.b0 = Unit3D(c_in, b0)
        self.b1 = nn.Sequential(Unit3D(c_in, b1a), Unit3D(b1a, b1b, (3, 3, 3)))
        self.b2 = nn.Sequential(Unit3D(c_in, b2a), Unit3D(b2a, b2b, (3, 3, 3)))
        self.b3 = nn.Sequential(MaxPool3dSame((3, 3, 3), (1, 1, 1)), Unit3D(c_in, b3))
        self.out_channels = b0 + b1b + b2b + b3

    def forward(self, x):
        return torch.cat((self.b0(x), self.b1(x), self.b2(x), self.b3(x)), dim=1)


class I3D(nn.Module):
    """I3D (RGB) with ``num_outputs`` logits; ``dropout_keep_prob`` as the release (0.5 while training)."""

    input_kind = "clip"
    clip_frames = 16
    input_size = 224

    def __init__(self, num_outputs: int = 400, in_channels: int = 3, dropout_keep_prob: float = 0.5,
                 weights_file: str | None = None):
        super().__init__()
        layers = [
            ("Conv3d_1a_7x7", Unit3D(in_channels, 64, (7, 7, 7), (2, 2, 2))),
            ("MaxPool3d_2a_3x3", MaxPool3dSame((1, 3, 3), (1, 2, 2))),
            ("Conv3d_2b_1x1", Unit3D(64, 64)),
            ("Conv3d_2c_3x3", Unit3D(64, 192, (3, 3, 3))),
            ("MaxPool3d_3a_3x3", MaxPool3dSame((1, 3, 3), (1, 2, 2))),
            ("Mixed_3b", Mixed(*MIXED["Mixed_3b"])),
            ("Mixed_3c", Mixed(*MIXED["Mixed_3c"])),
            ("MaxPool3d_4a_3x3", MaxPool3dSame((3, 3, 3), (2, 2, 2))),
        ] + [(n, Mixed(*MIXED[n])) for n in ("Mixed_4b", "Mixed_4c", "Mixed_4d", "Mixed_4e", "Mixed_4f")] + [
            ("MaxPool3d_5a_2x2", MaxPool3dSame((2, 2, 2), (2, 2, 2))),
            ("Mixed_5b", Mixed(*MIXED["Mixed_5b"])),
            ("Mixed_5c", Mixed(*MIXED["Mixed_5c"])),
        ]
        self.features = nn.Sequential()
        for name, layer in layers:
            self.features.add_module(name, layer)
        self.dropout = nn.Dropout(p=1.0 - dropout_keep_prob)
        self.logits = nn.Conv3d(1024, num_outputs, kernel_size=1, bias=True)
        self.register_buffer("mean", torch.full((1, 3, 1, 1, 1), 0.5), persistent=False)
        self.register_buffer("std", torch.full((1, 3, 1, 1, 1), 0.5), persistent=False)
        if weights_file:
            load_local_weights(self, weights_file)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(normalise_clip(x, self.mean, self.std))  # uint8 → (x/255 − 0.5)/0.5 ∈ [−1, 1]
        # the release's AvgPool3d([2, 7, 7], stride 1, VALID): windows of 2 frames over the whole map
        x = F.adaptive_avg_pool3d(x, (max(x.shape[2] - 1, 1), 1, 1))
        x = self.logits(self.dropout(x))
        return x.mean(dim=(2, 3, 4))
