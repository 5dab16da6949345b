"""Clips for the 3D CNNs and LBP-TOP: T frames sampled between onset and offset, decoded once and kept as
uint8 tensors [N, 3, T, S, S] (memory and host→GPU copies are a quarter of float32's; each model scales
them to floats on the device).

Sampling (DFME paper Sec. 4.5: 16-frame clips for the 3D-CNN methods): frame numbers
round(linspace(onset, offset, T)), so the clip spans the whole ME whatever its length and frame rate
(short clips repeat frames). Sources: the synthetic generator (grey faces, copied to the three RGB
channels), or a frames folder through the part-1 layouts/templates (read in colour, BGR → RGB, resized
to S × S with area interpolation). Missing or unreadable frames and samples without onset/offset are
reported together in one line.

Disk cache: ``<cache>/clips/<key>.npy``, the key a SHA-256 over the sample ids and frame numbers, T, S,
the source (generator version and seed, or the frames folder with each file's size and mtime).
"""
from __future__ import annotations

import hashlib
import json
import os

import cv2
import numpy as np

from .errors import EvalError
from .sources.frames import frame_path, read_frame, template_for

CLIP_CACHE_VERSION = "clips-1"


def clip_frame_numbers(onset: int, offset: int, frames: int = 16) -> list:
    """round(linspace(onset, offset, T)) — evenly spaced frame numbers from onset to offset inclusive."""
    return [int(v) for v in np.rint(np.linspace(onset, offset, frames))]


def _numbers(samples, frames):
    problems, out = [], []
    for s in samples:
        if s.onset is None or s.offset is None:
            problems.append(f"{s.sample_id} (row {s.row}: no {'onset' if s.onset is None else 'offset'} frame number)")
            out.append(None)
        else:
            out.append(clip_frame_numbers(s.onset, max(s.offset, s.onset), frames))
    if problems:
        raise EvalError(f"clips: {len(problems)} sample(s) without frame numbers: " + "; ".join(problems[:5]))
    return out


def synthetic_clips(samples, size: int, frames: int = 16, seed: int = 0) -> np.ndarray:
    """Renders each sample's T frames with the part-1 synthetic face generator → uint8 [N,3,T,S,S]."""
    from .sources.synthetic import SyntheticFaces
    gen = SyntheticFaces(size=size, seed=seed)
    out = np.empty((len(samples), 3, frames, size, size), np.uint8)
    for i, (s, nums) in enumerate(zip(samples, _numbers(samples, frames))):
        grey = np.rint(gen.frames(s, nums) * 255.0).astype(np.uint8)
        out[i] = grey[None]
    return out


def frames_clips(samples, root: str, size: int, frames: int = 16, layout=None, template=None) -> np.ndarray:
    """Reads each sample's T frames from a frames folder → uint8 [N,3,T,S,S] RGB."""
    if not os.path.isdir(root):
        raise EvalError(f"--frames {root}: not a folder")
    out = np.zeros((len(samples), 3, frames, size, size), np.uint8)
    problems = []
    for i, (s, nums) in enumerate(zip(samples, _numbers(samples, frames))):
        tpl = template_for(s, layout, template)
        for j, n in enumerate(nums):
            img = read_frame(root, tpl, s, n, cv2.IMREAD_COLOR, size, problems)
            if img is None:
                break
            out[i, :, j] = img[:, :, ::-1].transpose(2, 0, 1)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise EvalError(f"--frames {root}: {len(problems)} problem(s) with clip frames: {shown}")
    return out


def clip_key(samples, frames: int, size: int, source: dict) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"v": CLIP_CACHE_VERSION, "T": frames, "S": size, "source": source}, sort_keys=True).encode())
    for s in samples:
        h.update(f"{s.sample_id}|{s.onset}|{s.offset}\n".encode())
    return h.hexdigest()


def _frames_signature(samples, root, frames, layout, template) -> list:
    sig = []
    for s, nums in zip(samples, _numbers(samples, frames)):
        tpl = template_for(s, layout, template)
        for n in nums:
            try:
                st = os.stat(frame_path(root, tpl, s, n))
                sig.append((st.st_size, int(st.st_mtime)))
            except OSError:
                sig.append(None)
    return sig


def load_clips(samples, source: str, size: int, frames: int = 16, cache_dir: str | None = None,
               seed: int = 0, root: str | None = None, layout=None, template=None) -> tuple:
    """→ (uint8 clips [N,3,T,S,S], cache key, whether it came from the cache). ``source``: synthetic | frames."""
    if source == "synthetic":
        from .sources.synthetic import GENERATOR_VERSION
        desc = {"kind": "synthetic", "generator": GENERATOR_VERSION, "seed": seed}
    else:
        desc = {"kind": "frames", "root": os.path.abspath(root or ""), "layout": layout, "template": template,
                "files": hashlib.sha256(json.dumps(_frames_signature(samples, root, frames, layout, template)).encode()).hexdigest()
                if root and os.path.isdir(root) else None}
    key = clip_key(samples, frames, size, desc)
    path = os.path.join(cache_dir, "clips", key[:2], key + ".npy") if cache_dir else None
    if path and os.path.exists(path):
        try:
            return np.load(path), key, True
        except (OSError, ValueError):
            pass
    clips = synthetic_clips(samples, size, frames, seed) if source == "synthetic" else \
        frames_clips(samples, root, size, frames, layout, template)
    if path:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + f".{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            np.save(fh, clips)
        os.replace(tmp, path)
    return clips, key, False


def grey(clips):
    """uint8 RGB clips [N,3,T,S,S] → grey [N,T,S,S] (ITU-R BT.601 weights, as cv2.cvtColor), float32."""
    import torch
    w = torch.tensor([0.299, 0.587, 0.114], dtype=torch.float32, device=clips.device).view(1, 3, 1, 1, 1)
    return (clips.float() * w).sum(dim=1)
