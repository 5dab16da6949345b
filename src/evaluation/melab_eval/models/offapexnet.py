"""Off-ApexNet (Gan, Liong, Yau, Huang, Tan, "OFF-ApexNet on micro-expression recognition system",
Signal Processing: Image Communication 74, 2019).

Two streams, one per flow component between onset and apex: input [B,2,28,28] = (u, v). Each stream:
5×5 convolution with 6 filters (same padding), ReLU, 2×2 max pooling, 5×5 convolution with 16 filters,
ReLU, 2×2 max pooling → 7×7×16. The two 784-vectors are concatenated and pass two fully connected layers of
1,024 units (ReLU, dropout 0.5) and the output layer.

Parameters (hand count): per stream 1·6·25+6 + 6·16·25+16 = 2,572, both 5,144; FC 1,568·1,024+1,024 =
1,606,656; FC 1,024·1,024+1,024 = 1,049,600; output 1,024·C + C. C = 3: 2,664,475 (the 2.66 M the Off-TANet
authors list for Off-ApexNet, github.com/ECNU-Cross-Innovation-Lab/PRICAI2021-Off-TANet); C = 7: 2,668,575;
C = 12 (AU head): 2,673,700.
"""
import torch
import torch.nn as nn

from .layers import SeededDropout


def _stream() -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
    )


class OffApexNet(nn.Module):
    input_size = 28
    in_channels = 2

    def __init__(self, num_outputs: int = 3):
        super().__init__()
        self.stream_u = _stream()
        self.stream_v = _stream()
        self.classifier = nn.Sequential(
            nn.Linear(2 * 7 * 7 * 16, 1024), nn.ReLU(), SeededDropout(0.5),
            nn.Linear(1024, 1024), nn.ReLU(), SeededDropout(0.5),
            nn.Linear(1024, num_outputs),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        u = self.stream_u(x[:, 0:1])
        v = self.stream_v(x[:, 1:2])
        return self.classifier(torch.cat((torch.flatten(u, 1), torch.flatten(v, 1)), dim=1))
