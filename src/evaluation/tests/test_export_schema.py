"""What melab_eval writes is valid under schema/prediction-export.schema.json, the same JSON Schema the
TypeScript reader enforces with ajv: every CSV row (cells typed as the schema describes: fold and
au_true_* integers, p_* and au_score_* numbers) against $defs/row and the manifest against
$defs/manifest, with Debian's python3-jsonschema (Draft 2020-12). The date-time format is checked with
an RFC 3339 checker given here (jsonschema checks it only with an optional package)."""
from __future__ import annotations

import csv
import json
import os
import re
from collections import namedtuple
from datetime import datetime

import jsonschema
import pytest
import torch
from jsonschema import Draft202012Validator

from melab_eval.export import write_export, write_manifest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SCHEMA_FILE = os.path.join(ROOT, "schema", "prediction-export.schema.json")
Sample = namedtuple("Sample", "dataset subject sample_id")

FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    if not re.match(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", value):
        raise ValueError(value)
    datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return True


def validator(part):
    schema = json.load(open(SCHEMA_FILE, encoding="utf-8"))
    sub = dict(schema["$defs"][part])
    sub["$defs"] = schema["$defs"]
    return Draft202012Validator(sub, format_checker=FORMATS)


def typed(row):
    out = {}
    for k, v in row.items():
        if v == "":
            continue
        if (k == "fold" or k.startswith("au_true_")) and v.isdigit():
            out[k] = int(v)
        elif k.startswith("p_") or k.startswith("au_score_"):
            out[k] = float(v)
        else:
            out[k] = v
    return out


def errors(v, instance):
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in v.iter_errors(instance)]


def write_both(tmp_path, task):
    torch.manual_seed(0)
    samples = [Sample("dfme", f"sub{i % 4:03d}", f"sub{i % 4:03d}/clip{i}") for i in range(12)]
    folds = [i % 3 for i in range(12)]
    if task == "emotion":
        names = ["happiness", "anger", "disgust"]
        probs = torch.softmax(torch.randn(12, 3), dim=1)
        labels = [i % 3 for i in range(12)]
    else:
        names = ["AU1", "AU4", "L-AU12"]
        probs = torch.rand(12, 3)
        labels = [[(i + j) % 2 for j in range(3)] for i in range(12)]
    csv_path = write_export(str(tmp_path), "ststnet", task, samples, folds, probs, labels, names)
    manifest = write_manifest(str(tmp_path), "ststnet", task, names, 0, 3, torch.device("cpu"), {"total_s": 1.5},
                              {"samples": 12, "input": {"synthetic": {"generator": "test"}}})
    return csv_path, manifest


@pytest.mark.parametrize("task", ["emotion", "au"])
def test_written_export_and_manifest_are_valid(tmp_path, task):
    csv_path, manifest = write_both(tmp_path, task)
    rows = list(csv.DictReader(open(csv_path, encoding="utf-8", newline="")))
    assert len(rows) == 12
    v = validator("row")
    for i, row in enumerate(rows, start=2):
        assert errors(v, typed(row)) == [], f"{csv_path} row {i}"
    assert errors(validator("manifest"), json.load(open(manifest, encoding="utf-8"))) == []


def test_the_schema_check_can_fail(tmp_path):
    """The same validators refuse what the TypeScript reader refuses: an unknown column, a date that is none, an AU that is none."""
    csv_path, manifest = write_both(tmp_path, "emotion")
    row = typed(next(csv.DictReader(open(csv_path, encoding="utf-8", newline=""))))
    assert errors(validator("row"), {**row, "epoch": "3"})
    assert errors(validator("row"), {**row, "p_anger": 1.5})
    assert errors(validator("row"), {**row, "fold": -1})
    m = json.load(open(manifest, encoding="utf-8"))
    assert errors(validator("manifest"), {**m, "created": "not-a-date"})
    assert errors(validator("manifest"), {**m, "task": "au", "aus": ["smile"]})


def test_shipped_exports_are_valid():
    v_row, v_manifest = validator("row"), validator("manifest")
    folder = os.path.join(ROOT, "data", "predictions")
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".manifest.json"):
            assert errors(v_manifest, json.load(open(path, encoding="utf-8"))) == [], name
        elif name.endswith(".csv"):
            for i, row in enumerate(csv.DictReader(open(path, encoding="utf-8", newline="")), start=2):
                assert errors(v_row, typed(row)) == [], f"{name} row {i}"
