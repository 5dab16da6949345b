"""One label model across the two languages: every real sheet in ../shared/real-sheets (or
$MELAB_REAL_SHEETS) goes through ``node bin/melab.js convert --to canonical`` (whose file must equal
toCanonicalCsv's text for the same sheet), and the Python reader of that canonical
CSV must give the rows, frames, emotions and AU codes the TypeScript label model holds (printed as JSON by
tests/ts/label_rows.ts). The Python port of the AU grammar must also read the sheets' raw AU cells as
au.ts does. The sheets are licensed: read in place, never copied; a missing folder fails the test."""
import json
import os
import subprocess

import pytest

from conftest import REPO
from melab_eval.labels import read_au_cell, read_labels

SHEETS_DIR = os.environ.get("MELAB_REAL_SHEETS", os.path.join(REPO, "..", "shared", "real-sheets"))
SHEET_EXT = (".csv", ".xlsx", ".xls")


def _sheets():
    if not os.path.isdir(SHEETS_DIR):
        return []
    out = []
    for root, _dirs, files in os.walk(SHEETS_DIR):
        out += [os.path.join(root, f) for f in files if f.lower().endswith(SHEET_EXT)]
    return sorted(out)


def _has_convert():
    p = subprocess.run(["node", os.path.join(REPO, "bin", "melab.js"), "convert", "--help"], cwd=REPO,
                       capture_output=True, text=True, timeout=120)
    return p.returncode == 0


@pytest.fixture(scope="module")
def ts_side():
    if not os.path.isdir(SHEETS_DIR):
        pytest.fail(f"the real sheets folder is missing: {SHEETS_DIR} (set MELAB_REAL_SHEETS)")
    sheets = _sheets()
    p = subprocess.run(["npx", "tsx", os.path.join(REPO, "src", "evaluation", "tests", "ts", "label_rows.ts"), *sheets],
                       cwd=REPO, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout), _has_convert()


def test_all_sixteen_sheets_are_there():
    if not os.path.isdir(SHEETS_DIR):
        pytest.fail(f"the real sheets folder is missing: {SHEETS_DIR} (set MELAB_REAL_SHEETS)")
    with open(os.path.join(SHEETS_DIR, "sources.json"), encoding="utf-8") as fh:
        listed = json.load(fh)
    assert len(listed) == 16 and len(_sheets()) == 16


def _canonical(sheet, ts, has_convert, tmp_path):
    out = tmp_path / "canonical.csv"
    assert has_convert, "node bin/melab.js has no convert command"
    if has_convert:
        p = subprocess.run(["node", os.path.join(REPO, "bin", "melab.js"), "convert", "--labels", sheet, "--to", "canonical",
                            "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        assert out.read_text(encoding="utf-8") == ts["canonical"]  # the CLI writes what toCanonicalCsv writes
    return str(out)


def _num(v):
    return None if v is None or v == "" else float(v)


@pytest.mark.parametrize("index", range(16))
def test_python_reads_the_canonical_csv_as_the_typescript_model(index, ts_side, tmp_path):
    rows_by_sheet, has_convert = ts_side
    sheet = _sheets()[index]
    ts = rows_by_sheet[sheet]
    assert "error" not in ts, f"the TypeScript side could not read {sheet}: {ts.get('error')}"
    samples = read_labels(_canonical(sheet, ts, has_convert, tmp_path))
    assert len(samples) == len(ts["rows"]), sheet
    for s, t in zip(samples, ts["rows"]):
        where = f"{os.path.relpath(sheet, SHEETS_DIR)} row {s.row}"
        assert (s.dataset, s.subject, s.clip) == (t["dataset"], t["subject"], t["clip"]), where
        assert (s.onset, s.apex, s.offset) == (t["onset"], t["apex"], t["offset"]), where
        assert _num(s.fps) == _num(t["fps"]), where
        assert s.emotion == t["emotion"], where
        assert [a.code for a in s.aus] == t["aus"], where
        # the Python grammar reads the sheet's raw cell as au.ts did
        assert [a.code for a in read_au_cell(t["aus_raw"])[0]] == t["aus"], (where, t["aus_raw"])


def test_canonical_strings_of_the_typescript_writer_parse():
    codes, refs, bad = read_au_cell("(R-AU6 or R-AU12)+R-AU15")
    assert [c.code for c in codes] == ["R-AU6", "R-AU12", "R-AU15"] and not bad
    assert codes[0].alternative == codes[1].alternative == 1 and codes[2].alternative is None
    assert [c.code for c in read_au_cell("12L+4+L/R10+AD38+M57+13?")[0]] == ["L-AU12", "AU4", "A-AU10", "AD38", "M57", "AU13"]
    assert [c.code for c in read_au_cell("4+ref(43)")[1]] == ["AU43"]  # a reference code, not part of the movement
    assert read_au_cell("R14+soft focus")[2] == ("soft focus",)
