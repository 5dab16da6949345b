"""The one error type users see: a one-line message naming the file, row, column and value."""
import csv


class EvalError(Exception):
    """Bad input or an impossible request. The CLI prints ``melab_eval: <message>`` and exits with 2."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


def where(file, row=None, column=None, value=None) -> str:
    """Formats the location part of an error: ``file FILE, row R, column C, value 'V'``."""
    parts = [f"file {file}"]
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column}")
    if value is not None:
        parts.append(f"value {value!r}")
    return ", ".join(parts)


def read_csv_rows(path: str, what: str) -> list:
    """All rows of a CSV file (BOM tolerated); a missing, unreadable or empty file is a one-line EvalError
    naming ``what`` ("label file", "split file")."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise EvalError(f"{where(path)}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise EvalError(f"{where(path)}: {what} not readable ({err})") from None
    if not rows:
        raise EvalError(f"{where(path, 1)}: empty {what}")
    return rows
