"""melab_eval: the evaluation module of melab (PyTorch).

ME clips in (label table + frames folder, precomputed flow images, or synthetic clips), TV-L1 optical
flow between onset and apex, the shallow MER baselines (STSTNet, Off-ApexNet, RCN-A), subject-independent
cross-validated training, prediction exports out (the contract in schema/ and docs/ of the repository).
"""

__version__ = "0.1.0"
