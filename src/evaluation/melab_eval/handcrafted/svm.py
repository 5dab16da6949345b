"""A linear SVM trained in PyTorch (GPU or CPU): one-vs-rest, hinge loss, L2 penalty, the classifier the
LBP-TOP and MDMO baselines use (Zhao and Pietikäinen 2007; Liu et al. 2016; DFME Sec. 4.4.2).

For K outputs, K binary SVMs share one linear layer; output k's target is +1 for class k (or AU k present)
and −1 otherwise. The primal objective, per output (LIBLINEAR's / scikit-learn LinearSVC(loss="hinge")):

    ½‖w_k‖² + C Σ_i max(0, 1 − y_ik (w_k·x_i + b_k))          (the bias b_k is not penalised)

minimised by full-batch subgradient steps (SGD with momentum 0.9 and a decaying step; the data of a fold
fit in memory as features, not clips). Features are standardised with the training fold's mean and
standard deviation, stored in the module, so prediction uses the same scaling and never sees test data.

Scores: the margins w_k·x + b_k. The runner's predict turns them into the export's probabilities by softmax
(emotion: its argmax is the one-vs-rest decision) or a sigmoid per AU (AU: σ(m) ≥ 0.5 exactly when m ≥ 0,
the SVM's own decision), so the export's threshold 0.5 is the SVM's decision boundary.
"""
from __future__ import annotations

import torch
import torch.nn as nn


class LinearSVM(nn.Module):
    """K one-vs-rest linear SVMs over ``in_features`` standardised features."""

    def __init__(self, in_features: int, num_outputs: int, c: float = 1.0):
        super().__init__()
        self.c = c
        self.linear = nn.Linear(in_features, num_outputs)
        nn.init.zeros_(self.linear.weight)
        nn.init.zeros_(self.linear.bias)
        self.register_buffer("mean", torch.zeros(in_features))
        self.register_buffer("scale", torch.ones(in_features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear((x.to(self.mean.dtype) - self.mean) / self.scale)

    def objective(self, x: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """Σ_k [½‖w_k‖² + C Σ_i hinge]; ``targets`` ±1 [N,K]."""
        margins = self(x)
        hinge = torch.clamp(1 - targets * margins, min=0).sum()
        return 0.5 * (self.linear.weight ** 2).sum() + self.c * hinge


def pm_one_targets(y: torch.Tensor, num_outputs: int) -> torch.Tensor:
    """Class indices [N] → ±1 one-vs-rest [N,K]; 0/1 multi-label [N,K] → ±1."""
    if y.dim() == 1:
        t = -torch.ones(len(y), num_outputs)
        t[torch.arange(len(y)), y.long()] = 1.0
        return t
    return y.float() * 2 - 1


def fit_svm(x: torch.Tensor, y: torch.Tensor, num_outputs: int, c: float = 1.0, steps: int = 300,
            lr: float = 0.1, device: torch.device | str = "cpu", standardise: bool = True) -> LinearSVM:
    """Trains K one-vs-rest SVMs on x [N,D] and y (class index [N] or 0/1 [N,K]). Deterministic."""
    device = torch.device(device)
    x = x.to(device, torch.float32)
    model = LinearSVM(x.shape[1], num_outputs, c).to(device)
    if standardise and len(x) > 1:
        model.mean.copy_(x.mean(0))
        model.scale.copy_(x.std(0).clamp_min(1e-6))
    t = pm_one_targets(y, num_outputs).to(device)
    n = len(x)
    # Step on the objective divided by C·N (same minimiser, a step size that does not grow with N or C).
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0 / (1.0 + 10.0 * s / max(steps, 1)))
    model.train()
    xs = (x - model.mean) / model.scale  # standardised once; the steps use the linear layer on it directly
    for _ in range(steps):
        opt.zero_grad(set_to_none=True)
        hinge = torch.clamp(1 - t * model.linear(xs), min=0).sum()
        loss = (0.5 * (model.linear.weight ** 2).sum() + c * hinge) / (c * n)
        loss.backward()
        opt.step()
        sched.step()
    model.eval()
    return model


class SVMClassifier(nn.Module):
    """The runner's model for a hand-crafted baseline: K one-vs-rest linear SVMs over precomputed features
    (``fit`` trains them; ``forward`` gives the margins). ``c`` is the SVM's C."""

    feature = "features"

    def __init__(self, num_outputs: int, c: float = 1.0):
        super().__init__()
        self.num_outputs, self.c = num_outputs, c
        self.svm: LinearSVM | None = None

    def fit(self, x: torch.Tensor, y: torch.Tensor, steps: int = 300, lr: float = 0.1, device="cpu", c=None):
        self.svm = fit_svm(x, y, self.num_outputs, self.c if c is None else c, steps, lr, device)
        return self

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.svm is None:
            raise RuntimeError("SVMClassifier: call fit before predicting")
        return self.svm(x)
