"""Frames folders: onset and apex frames found through a path template per database layout.

Templates (fields {subject}, {clip}, {n} = frame number; Python format syntax, so {n:05d} pads):
- ``casme2``: ``sub{subject2}/{clip}/img{n}.jpg`` — CASME II's ``sub01/EP02_01f/img46.jpg``; {subject2} is the
  subject id without a leading "sub", zero-padded to 2 digits (sheets write 1, 01 or sub01).
- ``samm``: ``{subject3}/{clip}/{subject3}_{n:05d}.jpg`` — SAMM's ``006/006_1_2/006_05562.jpg`` ({subject3}: 3 digits).
- ``dfme``: ``{subject}/{clip}/{n}.jpg`` — DFME's ``<Subject>/<Filename>/<n>.jpg``.
``--frame-template`` overrides the layout's template. The layout is picked from the sample's dataset name
(casme2, samm, dfme; anything else uses dfme's) unless ``--layout`` names one.

Frames are read as grey, scaled to [0, 1] and resized to ``size`` × ``size`` (area interpolation) before flow.
Samples without onset/apex frame numbers, missing files and unreadable images are all collected and
reported together, by sample id and path, in one line.
"""
from __future__ import annotations

import os
import re

import cv2
import numpy as np

from ..errors import EvalError

LAYOUTS = {
    "casme2": "sub{subject2}/{clip}/img{n}.jpg",
    "samm": "{subject3}/{clip}/{subject3}_{n:05d}.jpg",
    "dfme": "{subject}/{clip}/{n}.jpg",
}


def frame_path(root: str, template: str, sample, n: int) -> str:
    bare = re.sub(r"^sub", "", sample.subject, flags=re.IGNORECASE)
    fields = {
        "subject": sample.subject, "clip": sample.clip, "n": n,
        "subject2": bare.zfill(2) if bare.isdigit() else bare,
        "subject3": bare.zfill(3) if bare.isdigit() else bare,
    }
    try:
        rel = template.format(**fields)
    except (KeyError, IndexError, ValueError) as err:
        raise EvalError(f"frame template {template!r}: unknown field or bad format ({err})") from None
    return os.path.join(root, rel)


def template_for(sample, layout: str | None, template: str | None) -> str:
    if template:
        return template
    if layout:
        if layout not in LAYOUTS:
            raise EvalError(f"--layout {layout!r}: unknown layout (choose {', '.join(LAYOUTS)})")
        return LAYOUTS[layout]
    return LAYOUTS.get(sample.dataset.lower().replace(" ", "").replace("_", ""), LAYOUTS["dfme"])


def read_frame(root: str, tpl: str, sample, n: int, flags: int, size: int, problems: list):
    """One frame resized to size×size, or None after naming the sample and the missing/unreadable file in problems."""
    p = frame_path(root, tpl, sample, n)
    if not os.path.exists(p):
        problems.append(f"{sample.sample_id} (missing {os.path.relpath(p, root)})")
        return None
    img = cv2.imread(p, flags)
    if img is None:
        problems.append(f"{sample.sample_id} (unreadable image {os.path.relpath(p, root)})")
        return None
    return cv2.resize(img, (size, size), interpolation=cv2.INTER_AREA)


def load_pairs(samples, root: str, size: int, layout: str | None = None, template: str | None = None):
    """→ (onsets [N,size,size], apexes [N,size,size]) float32 in [0,1], in sample order."""
    if not os.path.isdir(root):
        raise EvalError(f"--frames {root}: not a folder")
    problems = []
    onsets = np.zeros((len(samples), size, size), np.float32)
    apexes = np.zeros_like(onsets)
    for i, s in enumerate(samples):
        if s.onset is None or s.apex is None:
            problems.append(f"{s.sample_id} (row {s.row}: no {'onset' if s.onset is None else 'apex'} frame number)")
            continue
        tpl = template_for(s, layout, template)
        for n, dest in ((s.onset, onsets), (s.apex, apexes)):
            img = read_frame(root, tpl, s, n, cv2.IMREAD_GRAYSCALE, size, problems)
            if img is not None:
                dest[i] = img.astype(np.float32) / 255.0
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise EvalError(f"--frames {root}: {len(problems)} problem(s) with frames: {shown}")
    return onsets, apexes
