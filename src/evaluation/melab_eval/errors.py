"""The one error type users see: a one-line message naming the file, row, column and value."""


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
