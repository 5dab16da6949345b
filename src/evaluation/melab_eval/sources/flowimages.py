"""Precomputed optical-flow images as the MER repositories distribute them: one small PNG per sample holding
horizontal flow u, vertical flow v and optical strain as its three channels, with a label CSV of columns
``dataset,subject,sample_id,emotion,file`` (file relative to the CSV's folder or to --flows DIR).

Channel order. These images are written with OpenCV (the STSTNet release's ``norm_u_v_os``), whose
``imwrite`` takes channels in B, G, R order: an array stacked (u, v, strain) lands in the file as
B = u, G = v, R = strain. Read back with ``cv2.imread`` (as here) the channels come out as (u, v, strain)
again; a reader that decodes RGB (PIL, imageio) gets (strain, v, u). ``channels`` names what the
cv2.imread channels hold (default ``u,v,strain``); tests/test_flowimages.py writes a PNG with a plain RGB
encoder (no OpenCV) to pin this down.

Pixel values 0..255 become [0, 1]; images are resized to the model's input size.
"""
from __future__ import annotations

import os

import cv2
import numpy as np

from ..errors import EvalError, read_csv_rows, where
from ..labels import Sample
from ..vocabulary import canonical_emotion

COLUMNS = ("dataset", "subject", "sample_id", "emotion", "file")


def read_flow_labels(path: str):
    """Label CSV → Samples (no frame numbers, no AUs) with their image paths in ``extra['file']``."""
    rows = read_csv_rows(path, "flow label file")
    header = [h.strip() for h in rows[0]]
    for c in COLUMNS:
        if c not in header:
            raise EvalError(f"{where(path, 1, c)}: missing column (flow labels have {','.join(COLUMNS)})")
    col = {h: i for i, h in enumerate(header)}
    samples = []
    seen = {}
    for n, r in enumerate(rows[1:], start=2):
        if not any(x.strip() for x in r):
            continue
        r = r + [""] * (len(header) - len(r))
        g = lambda c: r[col[c]].strip()  # noqa: E731
        sid = g("sample_id")
        if not sid:
            raise EvalError(f"{where(path, n, 'sample_id', '')}: empty sample id")
        if sid in seen:
            raise EvalError(f"{where(path, n, 'sample_id', sid)}: duplicated sample (also row {seen[sid]})")
        seen[sid] = n
        emo = canonical_emotion(g("emotion"))
        clip = sid.split("/")[-1]
        s = Sample(dataset=g("dataset") or "unknown", subject=g("subject"), clip=clip, onset=None, apex=None,
                   offset=None, fps=None, emotion=emo, emotion_raw=g("emotion"), row=n, extra={"file": g("file")})
        s.sample_id = sid
        samples.append(s)
    if not samples:
        raise EvalError(f"{where(path, 2)}: no rows")
    return samples


def load_flow_images(samples, root: str, size: int, channels: str = "u,v,strain") -> np.ndarray:
    """→ [N,3,size,size] float32 in [0,1], channels reordered to (u, v, strain)."""
    order = [c.strip() for c in channels.split(",")]
    if sorted(order) != ["strain", "u", "v"]:
        raise EvalError(f"--flow-channels {channels!r}: name u, v and strain once each, in cv2.imread order")
    perm = [order.index(c) for c in ("u", "v", "strain")]
    out = np.zeros((len(samples), 3, size, size), np.float32)
    problems = []
    for i, s in enumerate(samples):
        p = os.path.join(root, s.extra.get("file", ""))
        if not s.extra.get("file") or not os.path.isfile(p):
            problems.append(f"{s.sample_id} (missing {s.extra.get('file') or 'file name'})")
            continue
        img = cv2.imread(p, cv2.IMREAD_COLOR)
        if img is None:
            problems.append(f"{s.sample_id} (unreadable image {s.extra['file']})")
            continue
        img = cv2.resize(img, (size, size), interpolation=cv2.INTER_AREA if img.shape[0] > size else cv2.INTER_LINEAR)
        out[i] = img.transpose(2, 0, 1)[perm].astype(np.float32) / 255.0
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise EvalError(f"--flows {root}: {len(problems)} problem(s) with flow images: {shown}")
    return out
