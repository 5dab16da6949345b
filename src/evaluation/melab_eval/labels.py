"""Label tables in: the DFME sheet layout and melab's canonical CSV export, into ``Sample`` records.

Formats (recognised by the header):
- DFME: ``Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Emotion,EmotionId,Fps,AU,Part,Gender``
  (the layout of data/dfme-synthetic-labels.csv; dataset ``dfme``).
- melab canonical CSV (``melab`` exports it): ``dataset,part,subject,clip,onset,apex,offset,fps,emotion,aus``
  (extra columns such as emotion_raw/aus_raw are ignored).

sample_id is ``subject/clip``, or ``dataset/subject/clip`` when the table mixes databases (the contract of
the split file and the prediction export). AU cells are FACS codes joined by ``+`` (``AU4+L-AU12``,
``R12B``); the side of a unilateral AU counts as the AU for the AU task (L-AU12 → AU12), as the paper's
Table 5 counts L/R-AU12 among the AU12 occurrences of its 12 evaluated AUs (Sec. 4.1).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .errors import EvalError, read_csv_rows, where

#: DFME's seven emotions in the paper's order (Sec. 3.3.3), the classes of the emotion task.
DFME_EMOTIONS = ("happiness", "anger", "contempt", "disgust", "fear", "sadness", "surprise")
#: The 12 AUs of the AU task (Sec. 4.1).
TASK_AUS = ("AU1", "AU2", "AU4", "AU5", "AU6", "AU7", "AU9", "AU10", "AU12", "AU14", "AU15", "AU17")

_EMOTION_ALIASES = {
    "happiness": "happiness", "happy": "happiness", "hap": "happiness", "joy": "happiness",
    "anger": "anger", "angry": "anger", "ang": "anger",
    "contempt": "contempt", "con": "contempt",
    "disgust": "disgust", "disgusted": "disgust", "dis": "disgust",
    "fear": "fear", "afraid": "fear", "scared": "fear",
    "sadness": "sadness", "sad": "sadness",
    "surprise": "surprise", "surprised": "surprise", "sur": "surprise",
    "others": "others", "other": "others", "repression": "repression", "tense": "tense",
    "positive": "positive", "negative": "negative",
}

DFME_COLUMNS = ("Subject", "Filename", "OnsetFrame", "ApexFrame", "OffsetFrame", "Emotion", "Fps", "AU")
CANONICAL_COLUMNS = ("dataset", "subject", "clip", "onset", "apex", "offset", "fps", "emotion", "aus")

_AU_TOKEN = re.compile(r"^(?:(L|R|T|B|A|L/R)-?)?(AU|AD|M)?(\d+)([A-E](?:/[A-E])?)?\??$", re.IGNORECASE)


@dataclass(frozen=True)
class AuCode:
    """One AU of a cell: ``side`` L/R/T/B/A or None, ``kind`` AU/AD/M, ``number``."""

    kind: str
    number: int
    side: str | None

    @property
    def base(self) -> str:
        return f"{self.kind}{self.number}"


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


def canonical_emotion(raw: str) -> str | None:
    key = re.sub(r"[\s_-]+", "", str(raw or "").strip().lower())
    return _EMOTION_ALIASES.get(key)


def parse_aus(cell: str, file: str, row: int, column: str) -> tuple:
    """FACS cell → AuCode tuple. An unreadable token is an error naming file, row, column and value."""
    text = str(cell or "").strip()
    if text in ("", "/", "none", "null", "NA", "-"):
        return ()
    out = []
    for tok in re.split(r"[+,;\s]+", text):
        if not tok:
            continue
        m = _AU_TOKEN.match(tok.strip().strip("()"))
        if not m:
            raise EvalError(f"{where(file, row, column, text)}: unreadable AU code {tok!r}")
        side = m.group(1).upper() if m.group(1) else None
        if side == "L/R":
            side = "A"
        kind = (m.group(2) or "AU").upper()
        out.append(AuCode(kind, int(m.group(3)), side))
    return tuple(out)


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
                emotion=canonical_emotion(get("Emotion")), emotion_raw=get("Emotion"),
                aus=parse_aus(get("AU"), path, n, "AU"), aus_raw=get("AU"), part=get("Part") or None, row=n)
            subj_col, clip_col = "Subject", "Filename"
        else:
            s = Sample(
                dataset=get("dataset") or "unknown", subject=get("subject"), clip=get("clip"),
                onset=_int_or_none(get("onset"), path, n, "onset"),
                apex=_int_or_none(get("apex"), path, n, "apex"),
                offset=_int_or_none(get("offset"), path, n, "offset"),
                fps=_float_or_none(get("fps"), path, n, "fps"),
                emotion=canonical_emotion(get("emotion")), emotion_raw=get("emotion"),
                aus=parse_aus(get("aus"), path, n, "aus"), aus_raw=get("aus"), part=get("part") or None, row=n)
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
    """The emotion classes of a sample set: DFME's seven in paper order, then any other present, sorted."""
    present = {s.emotion for s in samples if s.emotion}
    return [e for e in DFME_EMOTIONS if e in present] + sorted(present - set(DFME_EMOTIONS))


def au_targets(s: Sample, aus=TASK_AUS) -> list:
    """0/1 per task AU (side variants count: L-AU12 → AU12)."""
    have = {a.base for a in s.aus if a.kind == "AU"}
    return [1 if a in have else 0 for a in aus]
