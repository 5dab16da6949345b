"""RCN-A: recurrent convolutional network with the parameter-free attention unit (Xia, Peng, Hong, Zhao,
"Revealing the Invisible With Model and Data Shrinking for Composite-Database Micro-Expression Recognition",
IEEE TIP 29, 2020; code github.com/xiazhaoqiang/ParameterFreeRCNs-MicroExpressionRec, MeNets.RCN_A,
model_version 3).

Input [B,3,60,60] (u, v, optical strain; Sec. 4.5 of the DFME paper: 60×60 for RCN-A). A 5×5 convolution
(F maps, no padding) + BN + ReLU + 2×2 max pooling + dropout; one recurrent convolutional layer (a 1×1
feed-forward convolution, then the same 3×3 recurrent convolution applied twice to x + its last output, BN +
ReLU each, 2×2 max pooling + dropout); adaptive average pooling to P×P; a linear classifier. The attention
unit has no parameters: it weights the pooled features by the class activation maps that the classifier's
own weights draw on the (P×P-pooled) first-layer features, min-max normalised and averaged over classes.
F = 32 and P = 5 as in the authors' README command (featuremap 32, poolsize 5).

Parameters (hand count, F = 32, P = 5): conv 3·32·25+32 = 2,432; BN 64; 1×1 conv 32·32+32 = 1,056; BN 64;
3×3 conv 32·32·9+32 = 9,248; BN 64; linear 800·C + C. C = 3: 15,331; C = 7: 18,535; C = 12 (AU head): 22,540.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import SeededDropout


class RecurrentConvLayer(nn.Module):
    """RclBlock: ff 1×1 conv, then y = rr(x + y) twice with a shared 3×3 conv; pooled."""

    def __init__(self, planes: int):
        super().__init__()
        self.ffconv = nn.Sequential(nn.Conv2d(planes, planes, 1), nn.BatchNorm2d(planes), nn.ReLU(inplace=True))
        self.rrconv = nn.Sequential(nn.Conv2d(planes, planes, 3, padding=1), nn.BatchNorm2d(planes), nn.ReLU(inplace=True))
        self.downsample = nn.Sequential(nn.MaxPool2d(2, 2), SeededDropout(0.5))

    def forward(self, x):
        y = self.ffconv(x)
        y = self.rrconv(x + y)
        y = self.rrconv(x + y)
        return self.downsample(y)


def class_attention(features: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """Parameter-free attention map [B,1,P,P] from pooled features [B,F,P,P] and classifier weights [C,F·P·P]."""
    b, f, p, _ = features.shape
    w = weight.view(weight.shape[0], f, p, p)
    cams = (w.unsqueeze(0) * features.unsqueeze(1)).mean(dim=2)  # [B,C,P,P]
    lo = cams.amin(dim=(2, 3), keepdim=True)
    cams = cams - lo
    cams = cams / cams.amax(dim=(2, 3), keepdim=True).clamp_min(1e-12)
    return cams.mean(dim=1, keepdim=True)


class RCNA(nn.Module):
    input_size = 60
    in_channels = 3

    def __init__(self, num_outputs: int = 3, in_channels: int = 3, featuremaps: int = 32, pool_size: int = 5):
        super().__init__()
        self.conv1 = nn.Sequential(
            nn.Conv2d(in_channels, featuremaps, 5), nn.BatchNorm2d(featuremaps), nn.ReLU(inplace=True),
            nn.MaxPool2d(2, 2), SeededDropout(0.5),
        )
        self.rcl = RecurrentConvLayer(featuremaps)
        self.pool_size = pool_size
        self.classifier = nn.Linear(pool_size * pool_size * featuremaps, num_outputs)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.constant_(m.bias, 0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x)
        att = class_attention(F.adaptive_avg_pool2d(x, self.pool_size), self.classifier.weight)
        x = F.adaptive_avg_pool2d(self.rcl(x), self.pool_size) * att
        return self.classifier(torch.flatten(x, 1))
