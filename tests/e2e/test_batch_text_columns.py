"""``deid batch --text-column A --text-column B``: each cell a note, the audit names its column;
and the ``--engine`` / ``--master`` refusals that need no Spark. All notes are synthetic."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from deid.cli import app

SECRET = "text-columns-secret-4b2e9d17c0"
ROWS = [
    ("n1", "Met with Dr. Okafor today.", "Call Fiona on 6/3.", "w1", "Ada Lovelace"),
    ("n2", "Client reports better sleep.", "MRN: 00482913.", "w2", "Ada Lovelace"),
]


@pytest.fixture
def table(tmp_path, monkeypatch):
    monkeypatch.setenv("DEID_SECRET", SECRET)
    path = tmp_path / "notes.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "plan", "ward", "patient_name"])
        writer.writerows(ROWS)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", *args, "--workers", "1"])
    return result.exit_code, result.output


def test_two_text_columns_are_both_redacted_and_named_in_the_audit(table, tmp_path):
    out = tmp_path / "out"
    code, output = run(
        str(table), "--out", str(out), "--text-column", "text", "--text-column", "plan",
        "--keep-column", "ward",
    )  # fmt: skip
    assert code == 0, output
    with (out / "notes.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["id", "text", "plan", "ward"],
        ["n1", "Met with Dr. [NAME_1] today.", "Call [NAME_1] on [DATE_1].", "w1"],
        ["n2", "Client reports better sleep.", "MRN: [MRN_1].", "w2"],
    ]  # the name column is neither text nor kept: not written
    records = [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]
    assert [(r["note_id"], r["column"], r["entity_type"]) for r in records] == [
        ("n1", "text", "NAME"),
        ("n1", "plan", "NAME"),
        ("n1", "plan", "DATE"),
        ("n2", "plan", "MRN"),
    ]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["options"]["text_column"] == ["text", "plan"]
    assert manifest["notes"]["ok"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--engine", "dask"), "error: --engine dask: use native or spark"),
        (
            ("--master", "local[2]"),
            "error: --master only makes sense with --engine spark: add it, or drop it",
        ),
        (
            ("--engine", "spark"),
            "error: --engine spark reads Parquet only, and the input is CSV: convert it, or "
            "drop --engine spark",
        ),
        (
            ("--text-column", "text", "--text-column", "text"),
            "error: a --text-column is given more than once: give each column once",
        ),
    ],
)
def test_refusals_are_one_line_and_leave_nothing(table, tmp_path, args, message):
    out = tmp_path / "out"
    code, output = run(str(table), "--out", str(out), *args)
    assert code == 2
    assert " ".join(output.split()) == message
    assert not out.exists()
