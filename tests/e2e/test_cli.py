"""The CLI as a user meets it: exit codes, messages that say what to do, fail-closed batches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deid.cli import app

runner = CliRunner()
NOTE = "Met with Dr. Okafor and her daughter Fiona on 6/3. Call 555-201-3344. PHQ-9 = 11.\n"


def deid(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script, as a user would."""
    exe = Path(sys.executable).with_name("deid")
    env = {**os.environ, "DEID_SECRET": "cli-test-secret-0123456789", "COLUMNS": "120"}
    return subprocess.run(
        [str(exe), *args], input=stdin, capture_output=True, text=True, env=env, timeout=300
    )


@pytest.mark.slow
def test_redact_reads_stdin_and_prints_the_redacted_note():
    done = deid("redact", "-", stdin=NOTE)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Met with Dr. [NAME_1] and her daughter [NAME_2] on [DATE_1]. Call [PHONE_1]. PHQ-9 = 11.\n"
    )


def test_redact_writes_an_audit_without_the_identifiers(tmp_path, monkeypatch):
    monkeypatch.setenv("DEID_SECRET", "cli-test-secret-0123456789")
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    audit = tmp_path / "audit.jsonl"
    result = runner.invoke(app, ["redact", str(note), "--audit", str(audit)])
    assert result.exit_code == 0
    records = [json.loads(line) for line in audit.read_text().splitlines()]
    assert [r["entity_type"] for r in records] == ["NAME", "NAME", "DATE", "PHONE"]
    assert "Okafor" not in audit.read_text() and "Fiona" not in audit.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["redact", "missing.txt"], "note file not found"),
        (["batch", "missing.csv", "--out", "OUT"], "input not found"),
        (["batch", "notes.xlsx", "--out", "OUT"], "cannot tell the format"),
        (["redact", "note.txt", "--policy", "nope.yaml"], "policy file not found"),
    ],
)
def test_bad_input_exits_2_with_a_message_that_says_what_to_do(
    tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.xlsx").write_bytes(b"PK")
    (tmp_path / "note.txt").write_text(NOTE)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_missing_column_names_the_columns_there_are(tmp_path):
    source = tmp_path / "notes.csv"
    source.write_text("note_id,body\n1,Seen with Fiona.\n")
    result = runner.invoke(app, ["batch", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no column 'id'" in result.output and "'note_id'" in result.output
    assert "--id-column" in result.output
    assert "Fiona" not in result.output


def test_custom_columns_are_honoured(tmp_path):
    source = tmp_path / "notes.csv"
    source.write_text('note_id,body\nA7,"Seen with her daughter Fiona on 6/3."\n')
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "batch",
            str(source),
            "--out",
            str(out),
            "--id-column",
            "note_id",
            "--text-column",
            "body",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "notes.csv").read_text().splitlines()[
        1
    ] == "A7,Seen with her daughter [NAME_1] on [DATE_1]."


def test_a_note_that_fails_is_never_written_and_is_reported_by_id(tmp_path, monkeypatch):
    """Fault injection: the operator stage raises for one note; the run exits 1, lists the id,
    writes the other notes, and the failed note's text appears nowhere."""
    import deid.pipeline as pipeline

    real_transform = pipeline.transform

    def flaky_transform(note, findings, policy, secret):
        if note.note_id == "bad-2":
            raise RuntimeError(f"cannot handle {note.text}")  # would leak if echoed
        return real_transform(note, findings, policy, secret)

    monkeypatch.setattr(pipeline, "transform", flaky_transform)
    source = tmp_path / "notes.jsonl"
    rows = [
        {"id": "ok-1", "text": "Seen with her daughter Fiona."},
        {"id": "bad-2", "text": "Client Zebulon Featherstonehaugh called."},
        {"id": "ok-3", "text": "Roommate Becca attended."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert "bad-2" in result.output
    written = (out / "notes.jsonl").read_text()
    assert [json.loads(line)["id"] for line in written.splitlines()] == ["ok-1", "ok-3"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["notes"]["failed_ids"] == ["bad-2"]
    for text in (written, result.output, (out / "audit.jsonl").read_text(), json.dumps(manifest)):
        assert "Featherstonehaugh" not in text and "Zebulon" not in text


def test_check_shows_every_finding_with_its_recognizer(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE)
    result = runner.invoke(app, ["check", str(note)])
    assert result.exit_code == 0
    assert "4 findings" in result.output
    assert "Context" in result.output and "PHONE" in result.output


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("redact", "batch", "check"):
        assert command in result.output


def test_several_workers_give_byte_identical_output(tmp_path, monkeypatch):
    """Forked workers must not change a single byte of the redacted notes or the audit."""
    monkeypatch.setenv("DEID_SECRET", "workers-test-secret-0123456789")
    source = tmp_path / "notes.jsonl"
    rows = [
        {
            "id": f"n{i}",
            "text": f"Seen with her daughter Fiona Reyes on 6/{i % 28 + 1}. MRN {48000 + i}.",
        }
        for i in range(40)
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        result = runner.invoke(
            app,
            ["batch", str(source), "--out", str(out), "--workers", workers, "--chunk-size", "16"],
        )
        assert result.exit_code == 0, result.output
        audit = [
            {k: v for k, v in json.loads(line).items() if k not in ("run_id", "chain")}
            for line in (out / "audit.jsonl").read_text().splitlines()
        ]
        outputs.append(((out / "notes.jsonl").read_text(), audit))
    assert outputs[0] == outputs[1]
    assert "Fiona" not in outputs[0][0]
