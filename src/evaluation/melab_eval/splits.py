"""Subject-independent folds: the split file written by ``melab splits``, or LOSO / k-fold built here.

Split file contract: CSV ``dataset,subject,sample_id,fold``, one row per sample, fold = 0-based index of
the fold whose TEST set holds the sample. Every sample id must be in the label table; a subject in two
folds is an error (the split would leak); label rows the split file does not list are left out of the run
and listed in the manifest (``excluded``), never dropped silently.

``kfoldK`` (DFME paper Sec. 4.3, K = 10): subjects (qualified by dataset when databases are mixed) in
natural sort order, shuffled with the seed, dealt to the K folds in turn, as ``melab splits`` does; the
shuffle is Python's, so for the very same folds as the TypeScript side pass its split file.
``loso``: one fold per subject in natural sort order.
"""
from __future__ import annotations

import random
import re

from .errors import EvalError, read_csv_rows, where
from .labels import subject_key


def natural_key(s: str):
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", s)]


def read_split_file(path: str, samples: list):
    """Returns (fold per sample id for the listed samples, number of folds, sample ids not listed)."""
    rows = read_csv_rows(path, "split file")
    header = [h.strip() for h in rows[0]]
    for c in ("sample_id", "fold"):
        if c not in header:
            raise EvalError(f"{where(path, 1, c)}: missing column (a split file has dataset,subject,sample_id,fold)")
    ci, cf = header.index("sample_id"), header.index("fold")
    by_id = {s.sample_id: s for s in samples}
    mixed = len({s.dataset for s in samples}) > 1
    fold_of, subject_fold = {}, {}
    for n, r in enumerate(rows[1:], start=2):
        if not any(x.strip() for x in r):
            continue
        sid = r[ci].strip() if ci < len(r) else ""
        fs = r[cf].strip() if cf < len(r) else ""
        if sid not in by_id:
            raise EvalError(f"{where(path, n, 'sample_id', sid)}: unknown sample (not in the label table)")
        if not re.fullmatch(r"\d+", fs):
            raise EvalError(f"{where(path, n, 'fold', fs)}: fold must be a non-negative integer")
        if sid in fold_of:
            raise EvalError(f"{where(path, n, 'sample_id', sid)}: sample listed twice")
        f = int(fs)
        subj = subject_key(by_id[sid], mixed)
        if subject_fold.setdefault(subj, f) != f:
            raise EvalError(f"{where(path, n, 'fold', fs)}: subject {subj!r} is in folds {subject_fold[subj]} and {f} (the split leaks)")
        fold_of[sid] = f
    if not fold_of:
        raise EvalError(f"{where(path, 2)}: no split rows")
    folds = max(fold_of.values()) + 1
    missing = sorted(set(range(folds)) - set(fold_of.values()))
    if missing:
        raise EvalError(f"{where(path, None, 'fold', missing[0])}: fold {missing[0]} has no samples")
    unlisted = [s.sample_id for s in samples if s.sample_id not in fold_of]
    return fold_of, folds, unlisted


def make_folds(samples: list, scheme: str, seed: int = 0):
    """``loso`` or ``kfold<K>`` → (fold per sample id, number of folds)."""
    mixed = len({s.dataset for s in samples}) > 1
    subjects = sorted({subject_key(s, mixed) for s in samples}, key=natural_key)
    if scheme == "loso":
        fold_of_subject = {s: i for i, s in enumerate(subjects)}
        folds = len(subjects)
    else:
        m = re.fullmatch(r"kfold(\d+)", scheme)
        if not m:
            raise EvalError(f"--splits {scheme!r}: not a split file, 'loso' or 'kfold<K>' (e.g. kfold10)")
        folds = int(m.group(1))
        if folds < 2:
            raise EvalError(f"--splits {scheme!r}: k-fold needs at least 2 folds")
        if folds > len(subjects):
            raise EvalError(f"--splits {scheme!r}: more folds than subjects ({len(subjects)})")
        order = list(subjects)
        random.Random(seed).shuffle(order)
        fold_of_subject = {s: i % folds for i, s in enumerate(order)}
    return {s.sample_id: fold_of_subject[subject_key(s, mixed)] for s in samples}, folds
