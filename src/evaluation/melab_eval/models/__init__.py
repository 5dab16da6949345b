"""The baselines, one file each, and their configs (melab_eval/configs/<name>.json).

Heads: the emotion task uses the model's last linear layer with one output per emotion class (softmax,
cross-entropy); the AU task swaps it for a 12-output layer, one per AU of Sec. 4.1 (sigmoid, binary
cross-entropy). Nothing else changes between the tasks.
"""
import json
import os

from ..errors import EvalError
from .offapexnet import OffApexNet
from .rcn_a import RCNA
from .ststnet import STSTNet

MODELS = {"ststnet": STSTNet, "offapexnet": OffApexNet, "rcn_a": RCNA}
_CONFIG_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "configs")


def model_names():
    return sorted(MODELS)


def check_model(name: str) -> str:
    key = name.lower().replace("-", "_")
    if key == "rcna":
        key = "rcn_a"
    if key not in MODELS:
        raise EvalError(f"--model {name!r}: unknown model (choose {', '.join(model_names())})")
    return key


def build_model(name: str, num_outputs: int):
    return MODELS[check_model(name)](num_outputs=num_outputs)


def load_config(name: str) -> dict:
    with open(os.path.join(_CONFIG_DIR, check_model(name) + ".json"), encoding="utf-8") as fh:
        return json.load(fh)
