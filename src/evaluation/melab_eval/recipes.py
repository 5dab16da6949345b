"""Training recipes: what a run trains with, resolved once into a frozen ``Recipe`` that nothing changes.

Each model's ``configs/<model>.json`` holds the model's fixed facts (input size, channels, paper) and named
``recipes``: ``dfme`` (the DFME paper's settings, Sec. 4.5: the default) and, for the shallow baselines,
``published`` (the model's own release: optimizer, lr, schedule, epochs, batch, input scaling, channel order,
shuffling), each field's source in the recipe's ``sources`` (file and line of the release). Resolution order,
later wins: the model's facts, the named recipe (``--recipe``), a JSON file with the same keys (``--config``),
``--set key=value`` pairs (values parsed as JSON, else kept as text). Unknown keys and bad values are
one-line errors. The manifest records ``Recipe.as_dict()``: every field as it was trained with.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields, replace

from .errors import EvalError

CONFIG_DIR = os.path.join(os.path.dirname(__file__), "configs")
OPTIMIZERS = ("sgd", "adam", "adamw")
#: input scaling of flow models: per-sample per-channel min-max to [0, 1], the same ×255 (the releases read
#: 8-bit flow images with OpenCV and feed them unnormalised, 0–255), or the raw flow values.
NORMALISATIONS = ("minmax", "minmax255", "none")


@dataclass(frozen=True)
class Recipe:
    model: str
    recipe: str
    paper: str = ""
    input: str = "flow"                    # flow (part 1), clip, lbp_top, mdmo
    input_size: int = 28
    input_channels: tuple = ("u", "v", "strain")
    normalisation: str = "minmax"
    optimizer: str = "sgd"
    lr: float = 0.01
    momentum: float = 0.9                  # SGD only
    betas: tuple = (0.9, 0.999)            # Adam / AdamW only
    eps: float = 1e-8                      # Adam / AdamW only
    weight_decay: float = 0.0
    batch_size: int = 256
    epochs: int = 10
    lr_step: int = 0                       # StepLR every lr_step epochs (0: constant lr)
    lr_gamma: float = 0.1
    shuffle: bool = True                   # a seeded permutation per epoch; False: the table's order
    # model-specific facts (RCN-A, clips, hand-crafted features)
    featuremaps: int = 0
    pool_size: int = 0
    clip_frames: int = 0
    points: int = 0
    radii: tuple = ()
    blocks: tuple = ()
    grid: tuple = ()
    roi_size: float = 0.0
    C: float = 1.0
    classifier: str = ""
    notes: str = ""
    sources: tuple = field(default=())     # ((field, "file:line — what it says"), ...)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["sources"] = dict(self.sources)
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}

    def get(self, key, default=None):  # dict-like reads for code that takes either
        return getattr(self, key, default)

    def __getitem__(self, key):
        return getattr(self, key)

    def with_overrides(self, **kw) -> "Recipe":
        return _check(replace(self, **_coerce(kw, "override")))


_FIELDS = {f.name: f for f in fields(Recipe)}
_INT = {"input_size", "batch_size", "epochs", "lr_step", "featuremaps", "pool_size", "clip_frames", "points"}
_FLOAT = {"lr", "momentum", "eps", "weight_decay", "lr_gamma", "roi_size", "C"}
_TUPLE = {"input_channels", "betas", "radii", "blocks", "grid"}


def _coerce(values: dict, where: str) -> dict:
    out = {}
    for k, v in values.items():
        if k not in _FIELDS or k in ("model",):
            raise EvalError(f"{where}: unknown recipe key {k!r} (keys: {', '.join(sorted(set(_FIELDS) - {'model'}))})")
        try:
            if k in _INT:
                if isinstance(v, bool) or float(v) != int(float(v)):
                    raise ValueError
                v = int(float(v))
            elif k in _FLOAT:
                if isinstance(v, bool):
                    raise ValueError
                v = float(v)
            elif k in _TUPLE:
                v = tuple(v.split(",")) if isinstance(v, str) else tuple(v)
            elif k == "shuffle":
                if isinstance(v, str) and v.lower() in ("true", "false"):
                    v = v.lower() == "true"
                if not isinstance(v, bool):
                    raise ValueError
            elif k == "sources":
                v = tuple(sorted(dict(v).items()))
            else:
                v = str(v)
        except (TypeError, ValueError):
            raise EvalError(f"{where}: recipe key {k!r}: bad value {v!r}") from None
        out[k] = v
    return out


def _check(r: Recipe) -> Recipe:
    if r.optimizer not in OPTIMIZERS:
        raise EvalError(f"recipe {r.recipe!r} of {r.model}: optimizer {r.optimizer!r} (choose {', '.join(OPTIMIZERS)})")
    if r.input == "flow" and r.normalisation not in NORMALISATIONS:
        raise EvalError(f"recipe {r.recipe!r} of {r.model}: normalisation {r.normalisation!r} (choose {', '.join(NORMALISATIONS)})")
    if r.lr <= 0 or r.epochs < 0 or r.batch_size < 0:
        raise EvalError(f"recipe {r.recipe!r} of {r.model}: lr must be > 0, epochs and batch_size >= 0")
    return r


def config_file(model: str) -> dict:
    path = os.path.join(CONFIG_DIR, model + ".json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def recipe_names(model: str) -> list:
    return sorted(config_file(model).get("recipes", {}))


def parse_set(pairs) -> dict:
    """``["lr=0.001", "optimizer=adam"]`` → {"lr": 0.001, "optimizer": "adam"} (JSON values, else text)."""
    out = {}
    for p in pairs or ():
        if "=" not in p:
            raise EvalError(f"--set {p!r}: write key=value (e.g. --set lr=0.001)")
        k, v = p.split("=", 1)
        try:
            out[k.strip()] = json.loads(v)
        except ValueError:
            out[k.strip()] = v
    return out


def resolve(model: str, recipe: str = "dfme", config_path: str | None = None, overrides: dict | None = None) -> Recipe:
    """The frozen recipe of one run (see the module docstring for the order)."""
    cfg = config_file(model)
    recipes = cfg.get("recipes", {})
    if recipe not in recipes:
        raise EvalError(f"--recipe {recipe!r}: {model} has the recipes {', '.join(sorted(recipes))}")
    base = {k: v for k, v in cfg.items() if k not in ("recipes", "model")}
    values = dict(base, **recipes[recipe])
    values = _coerce(values, f"configs/{model}.json recipe {recipe}")
    if config_path:
        try:
            with open(config_path, encoding="utf-8") as fh:
                extra = json.load(fh)
        except FileNotFoundError:
            raise EvalError(f"--config {config_path}: file not found") from None
        except ValueError as err:
            raise EvalError(f"--config {config_path}: not JSON ({err})") from None
        if not isinstance(extra, dict):
            raise EvalError(f"--config {config_path}: expected a JSON object of recipe keys")
        extra.pop("model", None)
        values.update(_coerce(extra, f"--config {config_path}"))
    if overrides:
        values.update(_coerce(overrides, "--set"))
    values.setdefault("recipe", recipe)
    return _check(Recipe(model=model, **values))
