"""Fuzzing the CLI: whatever bytes or text arrive, deid answers with exit 0, 1 or 2, never a
traceback, and never writes an identifier it was given to redact."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from deid.cli import app

pytestmark = pytest.mark.slow

PLANTED = ("555-201-3344", "fiona.reyes@example.org")
SENTENCE = f" Call {PLANTED[0]} or write to {PLANTED[1]} today. "
TRICKY = st.sampled_from(
    ["\u200f", "\u202e", "\u0301", "\u0308", "\U0001f600", "\x00", "\r\n", "\r", "\ufeff", "\t"]
)
NOTE_TEXT = st.lists(st.one_of(st.text(max_size=40), TRICKY, st.just("x" * 5000)), max_size=12).map(
    "".join
)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module", autouse=True)
def secret():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEID_SECRET", "cli-fuzz-secret-6d2e91b0a7c4")
        yield


def _invoke(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(app, list(args), input=input)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    return result


def _no_planted_identifier(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for identifier in PLANTED:
                assert identifier.encode() not in content, path.name


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".jsonl", ".txt"]))
def test_random_bytes_as_an_input_file(data, suffix):
    work = Path(tempfile.mkdtemp())
    try:
        source = work / f"notes{suffix}"
        source.write_bytes(data)
        _invoke("batch", str(source), "--out", str(work / "out"), "--workers", "1")
        assert source.read_bytes() == data, "the input is never touched"
    finally:
        shutil.rmtree(work)


@FUZZ
@given(before=NOTE_TEXT, after=NOTE_TEXT, fmt=st.sampled_from(["jsonl", "csv"]))
def test_random_unicode_notes_are_redacted_or_refused_never_leaked(before, after, fmt):
    work = Path(tempfile.mkdtemp())
    try:
        text = before + SENTENCE + after
        source = work / f"notes.{fmt}"
        if fmt == "jsonl":
            source.write_text(json.dumps({"id": "n1", "text": text}) + "\n", encoding="utf-8")
        else:
            import csv

            with source.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows([["id", "text"], ["n1", text]])
        result = _invoke("batch", str(source), "--out", str(work / "out"), "--workers", "1")
        if (work / "out").exists():
            _no_planted_identifier(work / "out")
        if fmt == "jsonl" and "\x00" not in text:
            assert result.exit_code == 0, result.output
    finally:
        shutil.rmtree(work)


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_on_stdin(data):
    result = _invoke("redact", "-", input=data + SENTENCE.encode())
    if result.exit_code == 0:
        for identifier in PLANTED:
            assert identifier not in result.stdout
