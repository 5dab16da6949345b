"""The ``run`` command's options, parsed once into a typed, frozen object (``RunOptions.from_args``); the
runner and the pipelines read its fields, never the argparse namespace."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional


def _tri(v):
    """--bf16/--channels-last/--compile: on → True, off → False, auto → None (speed.py decides per device)."""
    return {"on": True, "off": False}.get(v) if isinstance(v, str) else v


@dataclass(frozen=True)
class RunOptions:
    model: str
    splits: str
    task: str
    out: str
    labels: Optional[str] = None
    frames: Optional[str] = None
    layout: Optional[str] = None
    frame_template: Optional[str] = None
    flows: Optional[str] = None
    flow_labels: Optional[str] = None
    flow_channels: str = "u,v,strain"
    synthetic: bool = False
    synthetic_seed: int = 0
    frame_size: int = 64
    subjects: Optional[int] = None
    classes: Optional[str] = None
    seed: int = 0
    recipe: str = "dfme"
    config: Optional[str] = None
    set: tuple = ()
    epochs: Optional[int] = None
    device: str = "auto"
    flow_backend: str = "auto"
    flow_preset: str = "opencv"
    cache: Optional[str] = None
    no_cache: bool = False
    quiet: bool = False
    fold_mode: str = "auto"            # auto, sequential, batched, processes
    fold_workers: int = 0              # processes for fold_mode processes (0: one per core)
    input_size: Optional[int] = None
    clip_frames: Optional[int] = None
    weights: Optional[str] = None
    landmarks: Optional[str] = None
    devices: Optional[str] = None
    workers: Optional[int] = None
    bf16: Optional[bool] = None
    channels_last: Optional[bool] = None
    compile: Optional[bool] = None
    fused_kernel: bool = True          # STSTNet on a CPU: the fused training kernel (models/ststnet_kernel.py)

    @staticmethod
    def from_args(ns) -> "RunOptions":
        names = {f.name for f in fields(RunOptions)}
        values = {k: v for k, v in vars(ns).items() if k in names and v is not None}
        for k in ("bf16", "channels_last", "compile", "fused_kernel"):
            if k in values:
                values[k] = _tri(values[k])
        values["set"] = tuple(values.get("set") or ())
        return RunOptions(**{k: v for k, v in values.items() if v is not None})

    @property
    def cache_dir(self):
        if self.no_cache:
            return None
        from .flow import cache as flow_cache
        return self.cache or flow_cache.default_cache_dir()

    def recipe_overrides(self) -> dict:
        """--set pairs plus the older single flags (--epochs, --input-size, --clip-frames) as recipe keys."""
        from .recipes import parse_set
        out = parse_set(self.set)
        if self.epochs is not None:
            out["epochs"] = self.epochs
        if self.input_size is not None:
            out["input_size"] = self.input_size
        if self.clip_frames is not None:
            out["clip_frames"] = self.clip_frames
        return out
