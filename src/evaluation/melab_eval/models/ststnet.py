"""STSTNet: Shallow Triple Stream Three-dimensional CNN (Liong, Gan, See, Khor, Huang, FG 2019).

Input [B,3,28,28]: optical strain, horizontal and vertical flow between onset and apex (stacked as one
3-channel "3D" input, hence the name). Three parallel streams of one 3×3 convolution each (3, 5 and 8
filters, padding 2), each followed by ReLU, batch normalisation, 3×3 max pooling with stride 3 (padding 1)
and dropout 0.5; the 16 maps are concatenated, 2×2 average pooled to 5×5 and fed to one linear layer.
Layer for layer as the authors' PyTorch release (github.com/christy1206/STSTNet, main.py).

Parameters (hand count): convolutions 3·27+3 + 5·27+5 + 8·27+8 = 448, batch norm 2·16 = 32, linear
400·C + C. C = 3 (the paper's classes): 1,683; C = 7 (DFME emotions): 3,287; C = 12 (AU head): 5,292.
"""
import torch
import torch.nn as nn

from .layers import SeededDropout
from . import ststnet_kernel


class STSTNet(nn.Module):
    input_size = 28
    in_channels = 3

    def __init__(self, num_outputs: int = 3, in_channels: int = 3):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 3, kernel_size=3, padding=2)
        self.conv2 = nn.Conv2d(in_channels, 5, kernel_size=3, padding=2)
        self.conv3 = nn.Conv2d(in_channels, 8, kernel_size=3, padding=2)
        self.bn1, self.bn2, self.bn3 = nn.BatchNorm2d(3), nn.BatchNorm2d(5), nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=3, padding=1)
        self.avgpool = nn.AvgPool2d(kernel_size=2, stride=2)
        self.dropout = SeededDropout(p=0.5)
        self.fc = nn.Linear(5 * 5 * 16, num_outputs)

    def forward(self, x) -> torch.Tensor:
        """x: [B, 3, 28, 28], or in training a batch of ``training_inputs`` (the same function, cheaper)."""
        if isinstance(x, ststnet_kernel.Batch):
            streams = [self.dropout(p) for p in ststnet_kernel.pooled_streams(self, x)]
            return ststnet_kernel.averaged_linear(self.fc, torch.cat(streams, dim=1))
        else:
            streams = []
            for conv, bn in ((self.conv1, self.bn1), (self.conv2, self.bn2), (self.conv3, self.bn3)):
                streams.append(self.dropout(self.maxpool(bn(self.relu(conv(x))))))
        x = self.avgpool(torch.cat(streams, dim=1))
        return self.fc(torch.flatten(x, 1))

    def training_inputs(self, x: torch.Tensor):
        """A fixed training set for the fused CPU kernel (models/ststnet_kernel.py), or x where it cannot be
        built or does not apply (train.fit on a CPU calls this)."""
        fits = x.dim() == 4 and tuple(x.shape[1:]) == (self.conv1.in_channels, self.input_size, self.input_size)
        return ststnet_kernel.Samples(x) if fits and ststnet_kernel.available(x.dtype, x.shape[1]) else x
