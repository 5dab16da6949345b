"""Shared by the 3D CNNs: uint8 clip → normalised float clip, and loading a user's local weights file.

The frame cache holds clips as uint8 [B, 3, T, H, W] (a quarter of float32's memory, copied to the GPU as
bytes); each model turns them into floats on the device, on the fly, with its own paper's normalisation.
"""
from __future__ import annotations

import sys

import torch
import torch.nn as nn

from ..errors import EvalError


def normalise_clip(x: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """uint8 clip → (x / 255 − mean) / std per channel; a float clip passes unchanged (already normalised)."""
    if x.dtype == torch.uint8:
        x = x.to(mean.dtype).div_(255.0)
        return (x - mean) / std
    return x


def load_local_weights(module: nn.Module, path: str) -> list:
    """Loads a state dict (or a checkpoint holding ``state_dict``/``model``) from a local file into
    ``module``; ``module.`` prefixes (DataParallel/DDP checkpoints) are stripped. Tensors whose shape
    differs (another number of classes in the last layer) keep their fresh init and are named on stderr.
    Returns the names skipped."""
    try:
        state = torch.load(path, map_location="cpu")
    except FileNotFoundError:
        raise EvalError(f"file {path}: weights file not found") from None
    except Exception as err:  # noqa: BLE001 - pickle/zip errors have many types; one line for the user
        raise EvalError(f"file {path}: not a PyTorch weights file ({type(err).__name__})") from None
    if isinstance(state, dict):
        for key in ("state_dict", "model", "model_state_dict"):
            if isinstance(state.get(key), dict):
                state = state[key]
                break
    if not isinstance(state, dict):
        raise EvalError(f"file {path}: holds no state dict")
    own = module.state_dict()
    usable, skipped = {}, []
    for k, v in state.items():
        name = k[len("module."):] if k.startswith("module.") else k
        if name.startswith("net."):
            name = name[len("net."):]
        if name in own and hasattr(v, "shape") and tuple(v.shape) == tuple(own[name].shape):
            usable[name] = v
        else:
            skipped.append(name)
    if not usable:
        raise EvalError(f"file {path}: no tensor matches this model's layers (first key {next(iter(state), '')!r})")
    module.load_state_dict(usable, strict=False)
    if skipped:
        print(f"weights {path}: {len(usable)} tensors loaded, {len(skipped)} kept at their init "
              f"(shape or name differs, e.g. {skipped[0]})", file=sys.stderr)
    return skipped
