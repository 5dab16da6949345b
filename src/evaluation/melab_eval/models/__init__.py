"""The baselines, one file each, and their configs (melab_eval/configs/<name>.json).

Heads: the emotion task uses the model's last linear layer with one output per emotion class (softmax,
cross-entropy); the AU task swaps it for a 12-output layer, one per AU of Sec. 4.1 (sigmoid, binary
cross-entropy). Nothing else changes between the tasks.
"""
from ..errors import EvalError
from .offapexnet import OffApexNet
from .rcn_a import RCNA
from .ststnet import STSTNet
from .r3d import R3D18
from .i3d import I3D
from ..handcrafted import LBPTOPSVM, MDMOSVM

MODELS = {"ststnet": STSTNet, "offapexnet": OffApexNet, "rcn_a": RCNA}
#: Part 2 (DFME Sec. 4.4.1-4.4.2): the 3D CNNs on clips and the hand-crafted features with a linear SVM.
MODELS.update({"r3d": R3D18, "i3d": I3D, "lbp_top": LBPTOPSVM, "mdmo": MDMOSVM})


def model_names():
    return sorted(MODELS)


def check_model(name: str) -> str:
    key = name.lower().replace("-", "_")
    if key == "rcna":
        key = "rcn_a"
    if key not in MODELS:
        raise EvalError(f"--model {name!r}: unknown model (choose {', '.join(model_names())})")
    return key


def build_model(name: str, num_outputs: int, recipe=None):
    """A fresh model; RCN-A takes its feature maps and pool size from the recipe (the release's flags)."""
    key = check_model(name)
    if key == "rcn_a" and recipe is not None and recipe.featuremaps:
        return RCNA(num_outputs=num_outputs, featuremaps=recipe.featuremaps, pool_size=recipe.pool_size or 5)
    return MODELS[key](num_outputs=num_outputs)


def load_config(name: str, recipe: str = "dfme") -> dict:
    """The resolved recipe of a model as a plain dict (recipes.resolve gives the frozen Recipe)."""
    from ..recipes import resolve
    return resolve(check_model(name), recipe).as_dict()
