"""R3D-18: the 18-layer 3D ResNet (DFME paper Sec. 4.4.1, ref. [81] Hara, Kataoka, Satoh, CVPR 2018),
as torchvision builds it (``torchvision.models.video.r3d_18``: Tran et al., "A Closer Look at
Spatiotemporal Convolutions for Action Recognition", CVPR 2018).

Every 2D kernel of ResNet-18 becomes a 3D one: a 3×7×7 stem with stride (1, 2, 2), four stages of two
BasicBlocks with 3×3×3 convolutions (64, 128, 256, 512 channels; stages 2–4 halve T, H and W), global
average pooling and one linear layer. Hara et al.'s own 3D ResNet-18 differs only in its stem (7×7×7 and a
max pool); the issue names torchvision's version, used here unchanged.

Input: a clip [B, 3, T, H, W]: 16 RGB frames sampled between onset and offset, 224 × 224 as the DFME paper
(Sec. 4.5), or 112 × 112 (Hara et al.'s size). uint8 clips (the frame cache) are scaled to [0, 1] and
normalised with the Kinetics-400 mean and std torchvision's video models use; float clips are taken as
already normalised.

No pretrained weights are downloaded (``weights=None``): the model trains from scratch, or starts from a
local state-dict file (``weights_file``; a final layer of another size is left at its fresh init).

Parameters: 33,371,472 with 400 outputs (torchvision's published count for r3d_18, the Kinetics-400 head),
i.e. 33,166,272 + 513·C for C outputs: 33,169,863 for DFME's 7 emotions, 33,172,428 for the 12 AUs.
"""
from __future__ import annotations

import torch
import torch.nn as nn

from .clip_input import load_local_weights, normalise_clip

KINETICS_MEAN = (0.43216, 0.394666, 0.37645)
KINETICS_STD = (0.22803, 0.22145, 0.216989)


def _torchvision_r3d_18(num_classes: int) -> nn.Module:
    from torchvision.models.video import r3d_18
    try:
        return r3d_18(weights=None, num_classes=num_classes)
    except TypeError:  # torchvision < 0.13: ``pretrained`` instead of ``weights``
        return r3d_18(pretrained=False, num_classes=num_classes)


class R3D18(nn.Module):
    """R3D-18 with ``num_outputs`` logits (7 emotions, or 12 AUs for the AU head)."""

    input_kind = "clip"
    clip_frames = 16
    input_size = 224

    def __init__(self, num_outputs: int = 400, in_channels: int = 3, weights_file: str | None = None):
        super().__init__()
        if in_channels != 3:
            raise ValueError("R3D-18 takes RGB clips (in_channels=3)")
        self.net = _torchvision_r3d_18(num_outputs)
        self.register_buffer("mean", torch.tensor(KINETICS_MEAN).view(1, 3, 1, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(KINETICS_STD).view(1, 3, 1, 1, 1), persistent=False)
        if weights_file:
            load_local_weights(self.net, weights_file)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(normalise_clip(x, self.mean, self.std))
