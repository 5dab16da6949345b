"""A disk cache for flow, keyed by the inputs: SHA-256 over every onset and apex frame's bytes, the frame
shape, the TV-L1 parameters and the algorithm version. The same pairs with the same parameters hit the same
file, whatever model, task or fold asks; a changed pixel, parameter or pair set is a new key.

Location: ``--cache DIR``, else $MELAB_EVAL_CACHE, else $XDG_CACHE_HOME/melab_eval (~/.cache/melab_eval).
Flow is stored as float16 .npy (0.001 px resolution at these magnitudes).
"""
from __future__ import annotations

import hashlib
import json
import os

import numpy as np

FLOW_ALGORITHM_VERSION = "tvl1-1"


def default_cache_dir() -> str:
    if os.environ.get("MELAB_EVAL_CACHE"):
        return os.environ["MELAB_EVAL_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "melab_eval")


def flow_key(onsets: np.ndarray, apexes: np.ndarray, params: dict) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"v": FLOW_ALGORITHM_VERSION, "shape": list(onsets.shape), "params": params}, sort_keys=True).encode())
    h.update(np.ascontiguousarray(onsets, dtype=np.float32).tobytes())
    h.update(np.ascontiguousarray(apexes, dtype=np.float32).tobytes())
    return h.hexdigest()


def load(cache_dir: str, key: str):
    path = os.path.join(cache_dir, "flow", key[:2], key + ".npy")
    if os.path.exists(path):
        try:
            return np.load(path).astype(np.float32)
        except (OSError, ValueError):
            return None
    return None


def store(cache_dir: str, key: str, flow: np.ndarray) -> str:
    path = os.path.join(cache_dir, "flow", key[:2], key + ".npy")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + f".{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        np.save(fh, flow.astype(np.float16))
    os.replace(tmp, path)
    return path
