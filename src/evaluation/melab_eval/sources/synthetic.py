"""Synthetic ME clips: procedural grey faces that move as the label table's AUs say.

Driven by the label table (by default the embedded synthetic DFME-like table data/dfme-synthetic-labels.csv,
whose AU combinations follow the paper's Tables 6 and 7, so negative emotions share AU4, AU7, AU24 as real
ones do and models confuse them the same way):

- **Faces differ per subject**: skin tone, feature positions and sizes, skin texture (smooth and fine noise,
  which also gives optical flow something to track) are drawn from a seed derived from the subject id.
- **AU-driven local motions**: each AU moves a Gaussian-weighted patch of the face (brows, lids, cheeks, nose,
  lips, lip corners, chin) in the direction FACS describes (table ``AU_MOTIONS``); ``L-``/``R-`` variants move
  only the subject's left (image right) or right half; ``A-`` (side not given) picks a side from the sample id.
  AUs without a motion here (AU16, AU18, AU28, AD/M codes) leave the face still.
- **Timing**: intensity rises onset→apex and falls apex→offset as sin² / cos² ramps of the frame number, so
  the onset→apex flow is the full AU displacement; head motion is a slow drift in seconds, i.e. in frames
  divided by the clip's fps, so a 500 fps clip drifts less between onset and apex than a 200 fps one.
- **Subtle amplitudes** (about 1 px at 64 px, times a per-sample factor 0.7–1.3), **sensor noise** (σ = 0.01
  of full scale per frame), a ±1% gain flicker, and **slight head motion** (≤ 0.3 px drift).

Only the frames asked for are rendered (onset and apex for the flow models), at ``size`` × ``size``
(default 64 × 64 grey): enough for 28 × 28 and 60 × 60 model inputs and fast on a laptop CPU.
"""
from __future__ import annotations

import math
import os
import zlib

import cv2
import numpy as np

from .frames import frame_path

#: AU number → list of (x, y, dx, dy, sigma, side) in face units (0..1, image coordinates, x to the image
#: right = subject's left; side "L" = subject's left half, "R" = right half, None = midline).
AU_MOTIONS = {
    1: [(0.42, 0.33, 0.0, -1.0, 0.06, "R"), (0.58, 0.33, 0.0, -1.0, 0.06, "L")],           # inner brow raiser
    2: [(0.29, 0.33, 0.0, -1.0, 0.06, "R"), (0.71, 0.33, 0.0, -1.0, 0.06, "L")],           # outer brow raiser
    4: [(0.38, 0.33, 0.45, 0.9, 0.07, "R"), (0.62, 0.33, -0.45, 0.9, 0.07, "L")],          # brow lowerer
    5: [(0.36, 0.385, 0.0, -0.9, 0.045, "R"), (0.64, 0.385, 0.0, -0.9, 0.045, "L")],       # upper lid raiser
    6: [(0.33, 0.52, 0.0, -0.8, 0.07, "R"), (0.67, 0.52, 0.0, -0.8, 0.07, "L")],           # cheek raiser
    7: [(0.36, 0.43, 0.0, -0.8, 0.045, "R"), (0.64, 0.43, 0.0, -0.8, 0.045, "L")],         # lid tightener
    9: [(0.46, 0.52, 0.0, -0.9, 0.05, "R"), (0.54, 0.52, 0.0, -0.9, 0.05, "L")],           # nose wrinkler
    10: [(0.45, 0.70, 0.0, -0.9, 0.05, "R"), (0.55, 0.70, 0.0, -0.9, 0.05, "L")],          # upper lip raiser
    12: [(0.38, 0.74, -0.7, -0.7, 0.05, "R"), (0.62, 0.74, 0.7, -0.7, 0.05, "L")],         # lip corner puller
    14: [(0.39, 0.74, 0.7, 0.0, 0.045, "R"), (0.61, 0.74, -0.7, 0.0, 0.045, "L")],         # dimpler
    15: [(0.38, 0.75, 0.0, 1.0, 0.05, "R"), (0.62, 0.75, 0.0, 1.0, 0.05, "L")],            # lip corner depressor
    17: [(0.50, 0.86, 0.0, -1.0, 0.07, None)],                                             # chin raiser
    20: [(0.38, 0.75, -1.0, 0.1, 0.05, "R"), (0.62, 0.75, 1.0, 0.1, 0.05, "L")],           # lip stretcher
    23: [(0.50, 0.72, 0.0, 0.6, 0.05, None), (0.50, 0.77, 0.0, -0.6, 0.05, None)],         # lip tightener
    24: [(0.50, 0.71, 0.0, 0.8, 0.05, None), (0.50, 0.78, 0.0, -0.8, 0.05, None)],         # lip presser
    25: [(0.50, 0.78, 0.0, 0.8, 0.05, None)],                                              # lips part
    26: [(0.50, 0.82, 0.0, 1.0, 0.08, None)],                                              # jaw drop
    27: [(0.50, 0.82, 0.0, 1.2, 0.08, None)],                                              # mouth stretch
}

GENERATOR_VERSION = "synthetic-faces-1"


def _seed(*parts) -> int:
    return zlib.crc32("|".join(str(p) for p in parts).encode("utf-8"))


def intensity(t: float, onset: float, apex: float, offset: float) -> float:
    """AU intensity at frame t: 0 at onset, 1 at apex, 0 at offset (sin² rise, cos² fall)."""
    if t <= onset or t >= offset:
        return 0.0
    if t <= apex:
        return math.sin(0.5 * math.pi * (t - onset) / max(apex - onset, 1e-9)) ** 2
    return math.cos(0.5 * math.pi * (t - apex) / max(offset - apex, 1e-9)) ** 2


class SyntheticFaces:
    """Renders frames of synthetic ME clips. ``seed`` varies every face, motion and noise draw."""

    def __init__(self, size: int = 64, seed: int = 0):
        self.size = size
        self.seed = seed
        self._faces = {}
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
        self._x, self._y = xx / (size - 1), yy / (size - 1)

    # ---- faces -------------------------------------------------------------------------------------
    def face(self, subject: str):
        """(base image, feature offset (dx, dy) in face units) for a subject, cached."""
        if subject in self._faces:
            return self._faces[subject]
        rng = np.random.default_rng(_seed("face", self.seed, subject))
        x, y, s = self._x, self._y, self.size
        jx, jy = rng.uniform(-0.02, 0.02, 2)
        tone = rng.uniform(0.5, 0.7)
        img = 0.2 + 0.1 * y
        ell = ((x - 0.5 - jx) / rng.uniform(0.33, 0.39)) ** 2 + ((y - 0.52 - jy) / rng.uniform(0.43, 0.48)) ** 2
        face_mask = 1.0 / (1.0 + np.exp((ell - 1.0) * 12.0))
        smooth = cv2.GaussianBlur(rng.standard_normal((s, s)).astype(np.float32), (0, 0), 2.0)
        fine = cv2.GaussianBlur(rng.standard_normal((s, s)).astype(np.float32), (0, 0), 0.8)
        skin = tone + 0.25 * smooth / (np.abs(smooth).max() + 1e-6) * 0.3 + 0.05 * fine / (np.abs(fine).max() + 1e-6)
        img = img * (1 - face_mask) + skin * face_mask

        def blob(cx, cy, rx, ry, depth):
            d = ((x - cx - jx) / rx) ** 2 + ((y - cy - jy) / ry) ** 2
            return depth * np.exp(-d)

        dark = np.zeros_like(img)
        brow_w = rng.uniform(0.015, 0.025)
        for side in (-1, 1):
            ex = 0.5 + side * rng.uniform(0.13, 0.15)
            # brow: an arched band
            for k in np.linspace(-0.08, 0.08, 9):
                dark += blob(ex + k, 0.33 - 0.25 * (0.08 ** 2 - k ** 2) / 0.08, 0.03, brow_w, 0.25 / 3)
            dark += blob(ex, 0.40, 0.06, 0.022, 0.35)            # eye
            dark += blob(ex, 0.40, 0.018, 0.018, 0.25)           # iris
            dark += blob(0.5 + side * 0.04, 0.62, 0.02, 0.012, 0.25)  # nostril
            dark += blob(0.5 + side * 0.17, 0.55, 0.05, 0.06, 0.04)   # cheek shading
        dark += blob(0.5, 0.52, 0.015, 0.09, 0.06)               # nose ridge shadow
        for k in np.linspace(-0.11, 0.11, 12):
            dark += blob(0.5 + k, 0.745 + 0.3 * k * k, 0.025, 0.012, 0.3 / 2.5)  # mouth line
        dark += blob(0.5, 0.77, 0.08, 0.02, 0.08)                # lower lip
        dark += blob(0.5, 0.90, 0.09, 0.03, 0.05)                # chin shading
        img = np.clip(img - dark * face_mask, 0.0, 1.0).astype(np.float32)
        self._faces[subject] = (img, (float(jx), float(jy)))
        return self._faces[subject]

    # ---- motion ------------------------------------------------------------------------------------
    def displacement(self, sample, jitter) -> np.ndarray:
        """Apex displacement field [2,S,S] in pixels for a sample's AUs."""
        rng = np.random.default_rng(_seed("amp", self.seed, sample.sample_id))
        gain = rng.uniform(0.7, 1.3) * self.size / 64.0
        field = np.zeros((2, self.size, self.size), np.float32)
        jx, jy = jitter
        for au in sample.aus:
            if au.kind != "AU" or au.number not in AU_MOTIONS:
                continue
            side = au.side
            if side == "A":
                side = "L" if _seed("side", sample.sample_id, au.number) % 2 else "R"
            for (cx, cy, dx, dy, sig, part) in AU_MOTIONS[au.number]:
                if side in ("L", "R") and part is not None and part != side:
                    continue
                w = np.exp(-(((self._x - cx - jx) ** 2 + (self._y - cy - jy) ** 2) / (2 * sig * sig)))
                a = gain * rng.uniform(0.85, 1.15)
                field[0] += a * dx * w
                field[1] += a * dy * w
        return field

    def head_offset(self, sample, t: float):
        """Slight head drift (pixels) at frame t: ≤ 0.3 px, slow (0.2–0.6 Hz) in seconds = frames / fps."""
        rng = np.random.default_rng(_seed("head", self.seed, sample.sample_id))
        fps = sample.fps or 200.0
        f = rng.uniform(0.2, 0.6, 2)
        ph = rng.uniform(0, 2 * math.pi, 2)
        tau = (t - (sample.onset or 0)) / fps
        return (0.3 * self.size / 64.0 * (math.sin(2 * math.pi * f[0] * tau + ph[0]) - math.sin(ph[0])),
                0.3 * self.size / 64.0 * (math.sin(2 * math.pi * f[1] * tau + ph[1]) - math.sin(ph[1])))

    def frames(self, sample, numbers) -> np.ndarray:
        """Frames ``numbers`` of a sample's clip, [k,S,S] float32 in [0, 1]."""
        base, jitter = self.face(sample.subject)
        disp = self.displacement(sample, jitter)
        onset = sample.onset if sample.onset is not None else 0
        apex = sample.apex if sample.apex is not None else onset + 10
        offset = sample.offset if sample.offset is not None else apex + 10
        out = []
        px, py = self._x * (self.size - 1), self._y * (self.size - 1)
        for t in numbers:
            a = intensity(t, onset, apex, offset)
            hx, hy = self.head_offset(sample, t)
            mx = (px - a * disp[0] - hx).astype(np.float32)
            my = (py - a * disp[1] - hy).astype(np.float32)
            img = cv2.remap(base, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            rng = np.random.default_rng(_seed("noise", self.seed, sample.sample_id, t))
            img = img * (1.0 + rng.uniform(-0.01, 0.01)) + rng.normal(0.0, 0.01, img.shape)
            out.append(np.clip(img, 0.0, 1.0).astype(np.float32))
        return np.stack(out)

    def pair(self, sample):
        """(onset frame, apex frame) of a sample."""
        f = self.frames(sample, [sample.onset or 0, sample.apex if sample.apex is not None else (sample.onset or 0) + 10])
        return f[0], f[1]


def write_frames(samples, out_dir: str, template: str, size: int = 64, seed: int = 0, which=("onset", "apex")) -> int:
    """Writes the onset/apex frames of each sample as 8-bit images at ``out_dir/template`` (a frames folder)."""
    gen = SyntheticFaces(size=size, seed=seed)
    n = 0
    for s in samples:
        nums = [getattr(s, w) for w in which]
        imgs = gen.frames(s, nums)
        for t, img in zip(nums, imgs):
            path = frame_path(out_dir, template, s, t)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            cv2.imwrite(path, np.round(img * 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 100])
            n += 1
    return n
