"""melab's shared vocabulary, read from the repository's ``data/vocabulary.json`` (the file the TypeScript
side reads too, src/analysis/labels/vocabulary.ts): the emotion order and aliases, DFME's seven emotions,
the 12 AUs of the AU task (DFME paper Sec. 4.6.2) and the lateral sides. One file, so both languages agree.
"""
from __future__ import annotations

import json
import os
import re

from .errors import EvalError

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
VOCABULARY_FILE = os.environ.get("MELAB_VOCABULARY", os.path.join(REPO_ROOT, "data", "vocabulary.json"))


def _load(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise EvalError(f"file {path}: melab's vocabulary file not found (set MELAB_VOCABULARY to its path)") from None
    except ValueError as err:
        raise EvalError(f"file {path}: vocabulary is not JSON ({err})") from None


_V = _load(VOCABULARY_FILE)
try:
    #: every canonical emotion name, in melab's order (DFME's seven, others, then the other databases')
    EMOTION_ORDER = tuple(_V["emotions"]["order"])
    #: DFME's seven emotions in the paper's order (Sec. 3.3.3), the classes of the emotion task
    DFME_EMOTIONS = tuple(_V["emotions"]["dfme"])
    #: the 12 AUs of the AU task (Sec. 4.6.2)
    TASK_AUS = tuple(_V["facs"]["paper_au_subset"])
    #: sides of a lateral AU (L, R, A = unilateral, side not given); T/B (top/bottom) are also sides of a key
    LATERAL_SIDES = tuple(_V["facs"]["lateral_sides"])
    #: FACS numbers whose canonical kind is fixed whatever the sheet wrote: AD31/38/39, M51-M58 (Table 3)
    DESCRIPTOR_NUMBERS = frozenset(_V["facs"]["descriptor_numbers"])
    HEAD_MOVEMENT_NUMBERS = frozenset(_V["facs"]["head_movement_numbers"])
    #: Davison et al.'s objective classes I-VII (SAMM, CASME II, CAS(ME)^3 tables label clips with them)
    OBJECTIVE_CLASSES = tuple(_V["objective_classes"]["keys"])
    #: every label the emotion column of a canonical table can hold, in order
    LABEL_ORDER = EMOTION_ORDER + OBJECTIVE_CLASSES
    _ALIASES = {}
    for canon, spellings in list(_V["emotions"]["aliases"].items()) + [(c, []) for c in LABEL_ORDER]:
        for s in [canon, *spellings]:
            _ALIASES[re.sub(r"[\s_-]+", "", s.lower())] = canon
except (KeyError, TypeError) as err:
    raise EvalError(f"file {VOCABULARY_FILE}: vocabulary lacks {err}") from None


def canonical_emotion(raw) -> str | None:
    """An emotion spelling → its canonical name (the vocabulary's aliases, as labels/emotions.ts) or an
    objective class key (objective-I ... objective-VII), else None."""
    key = re.sub(r"[\s_-]+", "", str(raw or "").strip().lower())
    return _ALIASES.get(key)


def canonical_kind(number: int, written: str) -> str:
    """AD for 31/38/39, M for 51-58, else the kind as written (au.ts canonicalKind)."""
    if number in DESCRIPTOR_NUMBERS:
        return _V["facs"].get("descriptor_kind", "AD")
    if number in HEAD_MOVEMENT_NUMBERS:
        return _V["facs"].get("head_movement_kind", "M")
    return written


_SIDED = re.compile(r"^(?:%s)-((?:AU|AD|M)\d+)$" % "|".join(
    re.escape(p) for p in [_V["facs"]["paper_lateral_key"]["as"], *_V["facs"]["sided_prefixes"]]))


def fold_side(code: str) -> str:
    """'L-AU12' → 'AU12', 'T-AU18' → 'AU18': every sided variant folds into its AU, with the sides of
    data/vocabulary.json (labels/au.ts lateralKey's `fold`)."""
    m = _SIDED.match(code)
    return m.group(1) if m else code
