"""Label tables in: melab's canonical CSV (written by ``melab convert --to canonical``, toCanonicalCsv in
src/analysis/labels/write.ts) into ``Sample`` records. The TypeScript side reads every released sheet; this
side reads only its canonical output (and split files), so both sides see the same rows, emotions and AUs.

Formats (recognised by the header):
- melab canonical CSV: ``dataset,part,subject,clip,onset,apex,offset,fps,emotion,emotion_raw,aus,aus_raw``
  then extras (docs/formats.md). ``emotion`` holds the canonical name (vocabulary aliases accepted, as the
  TypeScript reader does), ``aus`` the canonical AU string (``AU4+L-AU12``, ``(R-AU6 or R-AU12)+R-AU15``,
  ``AU13?``); ``emotion_raw``/``aus_raw`` are the sheet's original strings, kept but not re-read.
- the DFME column layout of melab's own synthetic table (data/dfme-synthetic-labels.csv): the same
  canonical cells under DFME's column names (``Subject,Filename,OnsetFrame,...,Emotion,...,AU``).
Any other sheet: convert it first (``melab convert --labels FILE --to canonical --out OUT.csv``).

AU cells follow the FACS grammar of src/analysis/labels/au.ts (docs/formats.md "AU cells"; AD31/38/39 and
M51-58 whatever the prefix, from the vocabulary; "1.2" = AU1+AU2), the same here
so that the canonical strings and hand-written canonical cells (``4+L12``, ``12L``) read alike; a piece that
is not a code is an error naming file, row, column and value (the TypeScript side lists it as a warning and
leaves it out of ``aus``). The side of a lateral AU counts as the AU for the AU task (L-AU12 → AU12), as
the paper's Table 5 counts L/R-AU12 among the AU12 occurrences (Sec. 4.1). Vocabularies (emotion order and
aliases, the 12 task AUs) come from data/vocabulary.json (vocabulary.py).

sample_id is ``subject/clip``, or ``dataset/subject/clip`` when the table mixes databases (the contract of
the split file and the prediction export).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from .errors import EvalError, read_csv_rows, where
from .vocabulary import DFME_EMOTIONS, EMOTION_ORDER, LABEL_ORDER, TASK_AUS, canonical_emotion, canonical_kind  # noqa: F401 (re-exported)

DFME_COLUMNS = ("Subject", "Filename", "OnsetFrame", "ApexFrame", "OffsetFrame", "Emotion", "Fps", "AU")
CANONICAL_COLUMNS = ("dataset", "subject", "clip", "onset", "apex", "offset", "fps", "emotion", "aus")

_EMPTY_CELLS = {"", "none", "null", "nan", "n/a", "na", "/", "-", "\u2014", "no", "nil"}
_CODE = re.compile(
    r"^(?:(L/R|R/L|[LRTBA])\s*-?\s*(?=(?:AU|AD|M)?\s*-?\s*\d))?(?:(AU|AD|M)\s*-?\s*)?(\d{1,2})\s*"
    r"(?:([A-E](?:\s*/\s*[A-E])?)\s*)?(L/R|R/L|[LR])?\s*(?:([A-E](?:\s*/\s*[A-E])?)\s*)?(\?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class AuCode:
    """One AU of a cell: ``kind`` AU/AD/M, ``number``, ``side`` L/R/T/B/A or None, ``uncertain`` (``13?``),
    ``alternative`` (the group number of ``(X or Y)``, None otherwise)."""

    kind: str
    number: int
    side: str | None
    uncertain: bool = False
    alternative: int | None = None

    @property
    def base(self) -> str:
        return f"{self.kind}{self.number}"

    @property
    def code(self) -> str:
        """The canonical key: AU4, L-AU12, A-AU9, T-AU18, AD38, M57 (au.ts auCodeOf)."""
        return f"{self.side}-{self.base}" if self.side else self.base


@dataclass
class Sample:
    dataset: str
    subject: str
    clip: str
    onset: int | None
    apex: int | None
    offset: int | None
    fps: float | None
    emotion: str | None
    emotion_raw: str
    aus: tuple = ()
    aus_raw: str = ""
    part: str | None = None
    row: int = 0
    sample_id: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def au_set(self) -> set:
        """Base codes present (AU12 for L-AU12)."""
        return {a.base for a in self.aus}


def _code(text: str, alternative=None):
    m = _CODE.match(text.strip())
    if not m:
        return None
    pre, kind, num, int1, post, int2, q = m.groups()
    if (pre and post) or (int1 and int2):
        return None
    side = (pre or post or "").upper()
    side = None if not side else ("A" if "/" in side else side)
    number = int(num)
    return AuCode(canonical_kind(number, (kind or "AU").upper()), number, side, q == "?", alternative)


def _split_top(text: str) -> list:
    out, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and c in "+,;&":
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


def _all_codes(parts, alternative=None):
    toks = []
    for p in parts:
        t = _code(p, alternative) if p.strip() else None
        if t is None:
            return None
        toks.append(t)
    return toks


def _piece(piece: str, st: dict) -> None:
    text = piece.strip()
    if not text:
        return
    single = _code(text)
    if single:
        st["tokens"].append(single)
        return
    ref = re.match(r"^ref\s*\(\s*(.*?)\s*\)$", text, re.IGNORECASE)
    if ref:
        inner = _all_codes([p for p in _split_top(ref.group(1)) if p.strip()])
        if inner:
            st["references"].extend(inner)
            return
    paren = re.match(r"^\((.*)\)$", text)
    body = paren.group(1) if paren else text
    for sep in (r"\s*or\s*", r"\s*/\s*"):  # alternatives: (R6 or R12), 14or23, AD31/AD38
        parts = re.split(sep, body, flags=re.IGNORECASE)
        if len(parts) > 1:
            alts = _all_codes(parts, st["group"])
            if alts:
                st["group"] += 1
                st["tokens"].extend(alts)
                return
    if paren:  # "(12)", "(4+7)": a parenthesised list without "or" reads as its contents
        inner = {"tokens": [], "references": [], "unreadable": [], "group": st["group"]}
        for p in _split_top(body):
            _piece(p, inner)
        if not inner["unreadable"] and inner["tokens"] + inner["references"]:
            st["tokens"].extend(inner["tokens"])
            st["references"].extend(inner["references"])
            st["group"] = inner["group"]
            return
    words = text.split()
    if len(words) > 1:
        spaced = _all_codes(words)
        if spaced:
            st["tokens"].extend(spaced)
            return
    st["unreadable"].append(text)


def read_au_cell(cell) -> tuple:
    """(codes, references, unreadable pieces) of one AU cell, by au.ts's grammar; ``ref(43)`` codes are
    references (seen, not part of the movement) and not among the codes."""
    text = unicodedata.normalize("NFKC", str(cell or "")).replace("\u200b", "").replace("\ufeff", "").strip()
    if re.fullmatch(r"\d{1,2}(\.\d{1,2})+", text):  # "1.2" is AU1+AU2 (MEVIEW); "12.0" a stored number
        text = "+".join(re.sub(r"\.0+$", "", text).split("."))
    if text.lower() in _EMPTY_CELLS:
        return (), (), ()
    st = {"tokens": [], "references": [], "unreadable": [], "group": 1}
    for p in _split_top(text):
        _piece(p, st)
    return tuple(st["tokens"]), tuple(st["references"]), tuple(st["unreadable"])


def parse_aus(cell: str, file: str, row: int, column: str) -> tuple:
    """AU cell → AuCode tuple. A piece that is not a code is an error naming file, row, column and value."""
    codes, _refs, bad = read_au_cell(cell)
    if bad:
        raise EvalError(f"{where(file, row, column, str(cell).strip())}: unreadable AU code {bad[0]!r}")
    return codes


def _emotion(v: str, file, row, column):
    """A canonical emotion cell → its name (vocabulary aliases, as the TypeScript reader); empty → None."""
    s = str(v or "").strip()
    if not s:
        return None
    e = canonical_emotion(s)
    if e is None:
        raise EvalError(f"{where(file, row, column, s)}: not an emotion of melab's vocabulary "
                        f"({', '.join(LABEL_ORDER)}); convert the sheet with melab convert --to canonical")
    return e


def _number_or_none(v: str, file, row, column, unreadable: str, valid, invalid: str):
    """A number cell: None when empty or "/" (missing), else a float that passes valid(), else a one-line error."""
    s = str(v or "").strip()
    if s in ("", "/", "-", "NA", "null"):
        return None
    try:
        f = float(s)
    except ValueError:
        raise EvalError(f"{where(file, row, column, s)}: {unreadable}") from None
    if not (math.isfinite(f) and valid(f)):
        raise EvalError(f"{where(file, row, column, s)}: {invalid}")
    return f


def _int_or_none(v: str, file, row, column):
    f = _number_or_none(v, file, row, column, "not a frame number", lambda x: x == int(x) and x >= 0, "not a frame number")
    return None if f is None else int(f)


def _float_or_none(v: str, file, row, column):
    return _number_or_none(v, file, row, column, "not a number", lambda x: x > 0, "frame rate must be positive")


def read_labels(path: str) -> list:
    """Reads a label CSV (DFME layout or melab canonical) into Samples with sample ids assigned."""
    rows = read_csv_rows(path, "label file")
    header = [h.strip() for h in rows[0]]
    if all(c in header for c in DFME_COLUMNS):
        kind = "dfme"
    elif all(c in header for c in CANONICAL_COLUMNS):
        kind = "canonical"
    else:
        raise EvalError(f"{where(path, 1, None, ','.join(header))}: unknown label layout "
                        f"(expected the DFME columns {','.join(DFME_COLUMNS)} or melab's canonical {','.join(CANONICAL_COLUMNS)})")
    col = {h: i for i, h in enumerate(header)}
    samples = []
    for n, r in enumerate(rows[1:], start=2):
        if not any(x.strip() for x in r):
            continue
        if len(r) < len(header):
            r = r + [""] * (len(header) - len(r))
        get = lambda name: r[col[name]].strip() if name in col else ""  # noqa: E731
        if kind == "dfme":
            s = Sample(
                dataset="dfme", subject=get("Subject"), clip=get("Filename"),
                onset=_int_or_none(get("OnsetFrame"), path, n, "OnsetFrame"),
                apex=_int_or_none(get("ApexFrame"), path, n, "ApexFrame"),
                offset=_int_or_none(get("OffsetFrame"), path, n, "OffsetFrame"),
                fps=_float_or_none(get("Fps"), path, n, "Fps"),
                emotion=_emotion(get("Emotion"), path, n, "Emotion"), emotion_raw=get("Emotion"),
                aus=parse_aus(get("AU"), path, n, "AU"), aus_raw=get("AU"), part=get("Part") or None, row=n)
            subj_col, clip_col = "Subject", "Filename"
        else:
            s = Sample(
                dataset=get("dataset") or "unknown", subject=get("subject"), clip=get("clip"),
                onset=_int_or_none(get("onset"), path, n, "onset"),
                apex=_int_or_none(get("apex"), path, n, "apex"),
                offset=_int_or_none(get("offset"), path, n, "offset"),
                fps=_float_or_none(get("fps"), path, n, "fps"),
                emotion=_emotion(get("emotion"), path, n, "emotion"), emotion_raw=get("emotion_raw") or get("emotion"),
                aus=parse_aus(get("aus"), path, n, "aus"), aus_raw=get("aus_raw") or get("aus"), part=get("part") or None, row=n,
                extra={k: get(k) for k in header if k not in CANONICAL_COLUMNS + ("part", "emotion_raw", "aus_raw")})
            subj_col, clip_col = "subject", "clip"
        if not s.subject:
            raise EvalError(f"{where(path, n, subj_col, '')}: empty subject")
        if not s.clip:
            raise EvalError(f"{where(path, n, clip_col, '')}: empty clip name")
        samples.append(s)
    if not samples:
        raise EvalError(f"{where(path, 2)}: no label rows")
    assign_sample_ids(samples)
    seen = {}
    for s in samples:
        if s.sample_id in seen:
            raise EvalError(f"{where(path, s.row, 'sample_id', s.sample_id)}: duplicated sample (also row {seen[s.sample_id]})")
        seen[s.sample_id] = s.row
    return samples


def assign_sample_ids(samples: list) -> None:
    """``subject/clip``; ``dataset/subject/clip`` when the samples mix databases (model.ts sampleIdsOf)."""
    mixed = len({s.dataset for s in samples}) > 1
    for s in samples:
        s.sample_id = f"{s.dataset}/{s.subject}/{s.clip}" if mixed else f"{s.subject}/{s.clip}"


def subject_key(s: Sample, mixed: bool) -> str:
    """Subject qualified by dataset when databases are mixed (ids collide across them)."""
    return f"{s.dataset}/{s.subject}" if mixed else s.subject


def emotion_classes(samples: list) -> list:
    """The emotion classes of a sample set in the vocabulary's order (DFME's seven first, paper order)."""
    present = {s.emotion for s in samples if s.emotion}
    return [e for e in LABEL_ORDER if e in present] + sorted(present - set(LABEL_ORDER))


def au_targets(s: Sample, aus=TASK_AUS) -> list:
    """0/1 per task AU (side variants count: L-AU12 → AU12)."""
    have = {a.base for a in s.aus if a.kind == "AU"}  # side folded (vocabulary.fold_side of the key)
    return [1 if a in have else 0 for a in aus]
