"""Every bad input is one line that says what to do, exit 2, no traceback, nothing left behind.

And the originals are never touched: an output that is, holds or lies inside the input is refused
before any note is read; a non-empty folder needs --resume or --overwrite; reidentify never
replaces a file without --force and writes PHI readable by its owner only.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deid.cli import app

ROOT = Path(__file__).resolve().parents[2]
NOTE = "Met with Dr. Okafor and her daughter Fiona on 6/3. Call 555-201-3344.\n"
SECRET = "refusal-tests-secret-81f3a0c2d4"


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """``cli(*args, input=None) -> (exit_code, output)`` with a secret set, run in tmp_path."""
    monkeypatch.setenv("DEID_SECRET", SECRET)
    monkeypatch.delenv("DEID_SECRET_FILE", raising=False)
    monkeypatch.delenv("DEID_ENCRYPTION_KEY", raising=False)
    monkeypatch.delenv("DEID_ENCRYPTION_KEY_FILE", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None) -> tuple[int, str]:
        result = runner.invoke(app, list(args), input=input)
        return result.exit_code, result.output

    return run


def _one_clear_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, output
    assert "Traceback" not in output
    return errors[0]


def _notes_csv(path: Path, rows: int = 2) -> Path:
    body = "".join(f'n{i},"{NOTE.strip()}"\n' for i in range(rows))
    path.write_text("id,text\n" + body, encoding="utf-8")
    return path


# -- bad input: the table in the issue, as produced now ---------------------------------------
BAD_INPUTS = {
    "csv with invalid UTF-8": (
        lambda d: (d / "bad.csv").write_bytes(b"id,text\nn1,caf\xe9 visit\n"),
        ["batch", "bad.csv", "--out", "OUT"],
        "not valid UTF-8",
    ),
    "csv with an unclosed quote": (
        lambda d: (d / "q.csv").write_text('id,text\nn1,"Seen today\nn2,fine\n'),
        ["batch", "q.csv", "--out", "OUT"],
        "line 2",
    ),
    "--out is a file": (
        lambda d: (_notes_csv(d / "notes.csv"), (d / "taken").write_text("x")),
        ["batch", "notes.csv", "--out", "taken"],
        "is not a folder",
    ),
    "--out under a file": (
        lambda d: (_notes_csv(d / "notes.csv"), (d / "taken").write_text("x")),
        ["batch", "notes.csv", "--out", "taken/sub"],
        "is not a folder",
    ),
    "folder without .txt notes": (
        lambda d: ((d / "in").mkdir(), (d / "in" / "a.md").write_text("x")),
        ["batch", "in", "--out", "OUT"],
        "no .txt",
    ),
    "redact on a CSV table": (
        lambda d: _notes_csv(d / "notes.csv"),
        ["redact", "notes.csv"],
        "deid batch",
    ),
    "redact on a folder": (
        lambda d: (d / "in").mkdir(),
        ["redact", "in"],
        "deid batch",
    ),
    "redact --audit to a folder": (
        lambda d: ((d / "n.txt").write_text(NOTE), (d / "auditdir").mkdir()),
        ["redact", "n.txt", "--audit", "auditdir"],
        "is a folder",
    ),
    "redact --audit in a missing folder": (
        lambda d: (d / "n.txt").write_text(NOTE),
        ["redact", "n.txt", "--audit", "missing/audit.jsonl"],
        "does not exist",
    ),
    "encrypt policy without a key": (
        lambda d: (
            _notes_csv(d / "notes.csv"),
            (d / "enc.yaml").write_text("name: enc\ndefault_operator: encrypt\n"),
        ),
        ["batch", "notes.csv", "--out", "OUT", "--policy", "enc.yaml"],
        "DEID_ENCRYPTION_KEY",
    ),
    "--id-map without --pseudonymize-ids": (
        lambda d: _notes_csv(d / "notes.csv"),
        ["batch", "notes.csv", "--out", "OUT", "--id-map", "ids.csv"],
        "--pseudonymize-ids",
    ),
    "--resume with nothing to resume": (
        lambda d: _notes_csv(d / "notes.csv"),
        ["batch", "notes.csv", "--out", "OUT", "--resume"],
        "nothing to resume",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_leaves_nothing_behind(cli, tmp_path, case):
    make, args, message = BAD_INPUTS[case]
    make(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code, output = cli(*args)
    assert code == 2, output
    assert message in _one_clear_line(output)
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert after == before, "an error must leave nothing behind (no empty OUT folder)"


def test_invalid_bytes_on_stdin_are_the_same_message_as_in_a_file(cli, tmp_path):
    (tmp_path / "n.txt").write_bytes(b"Seen \xff today\n")
    code_file, from_file = cli("redact", "n.txt")
    code_stdin, from_stdin = cli("redact", "-", input=b"Seen \xff today\n")
    assert code_file == code_stdin == 2
    assert "not valid UTF-8" in _one_clear_line(from_file)
    assert "not valid UTF-8" in _one_clear_line(from_stdin)


@pytest.mark.parametrize(
    ("secret", "message"),
    [(" " * 20, "too easy to guess"), ("a" * 40, "too easy to guess"), ("short", "too short")],
)
def test_weak_secrets_are_refused_before_any_note_is_read(
    cli, monkeypatch, tmp_path, secret, message
):
    _notes_csv(tmp_path / "notes.csv")
    monkeypatch.setenv("DEID_SECRET", secret)
    code, output = cli("batch", "notes.csv", "--out", "OUT")
    assert code == 2
    assert message in _one_clear_line(output)
    assert not (tmp_path / "OUT").exists()


def test_case_study_without_a_secret_is_refused_up_front(cli, monkeypatch, tmp_path):
    _notes_csv(tmp_path / "notes.csv")
    monkeypatch.delenv("DEID_SECRET")
    policy = str(ROOT / "configs" / "case_study.yaml")
    code, output = cli("batch", "notes.csv", "--out", "OUT", "--policy", policy)
    assert code == 2
    line = _one_clear_line(output)
    assert "DEID_SECRET" in line and "secrets.token_hex" in line
    assert not (tmp_path / "OUT").exists()


# -- never destroy ------------------------------------------------------------------------------
def test_out_dot_never_replaces_the_input_table(cli, tmp_path):
    source = _notes_csv(tmp_path / "notes.csv")
    original = source.read_bytes()
    code, output = cli("batch", "notes.csv", "--out", ".")
    assert code == 2
    assert "holds the input" in _one_clear_line(output)
    assert source.read_bytes() == original


def test_out_inside_or_equal_to_an_input_folder_is_refused(cli, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "n1.txt").write_text(NOTE)
    for out in ("notes", "notes/redacted", "."):
        code, output = cli("batch", "notes", "--out", out)
        assert code == 2, out
        _one_clear_line(output)
    assert sorted(p.name for p in folder.iterdir()) == ["n1.txt"]
    assert (folder / "n1.txt").read_text() == NOTE


def test_a_non_empty_output_folder_needs_overwrite_which_removes_only_what_deid_wrote(
    cli, tmp_path
):
    _notes_csv(tmp_path / "notes.csv")
    code, output = cli("batch", "notes.csv", "--out", "OUT")
    assert code == 0, output
    (tmp_path / "OUT" / "my-notes.txt").write_text("mine")

    code, output = cli("batch", "notes.csv", "--out", "OUT")
    assert code == 2
    assert "--overwrite" in _one_clear_line(output)

    code, output = cli("batch", "notes.csv", "--out", "OUT", "--overwrite")
    assert code == 0, output
    assert (tmp_path / "OUT" / "my-notes.txt").read_text() == "mine"
    manifest = json.loads((tmp_path / "OUT" / "manifest.json").read_text())
    assert manifest["files"] == ["notes.csv", "audit.jsonl", "manifest.json"]
    assert manifest["input"]["name"] == "notes.csv"
    assert str(tmp_path) not in (tmp_path / "OUT" / "manifest.json").read_text()


def test_overwrite_refuses_a_folder_deid_did_not_write(cli, tmp_path):
    _notes_csv(tmp_path / "notes.csv")
    (tmp_path / "OUT").mkdir()
    (tmp_path / "OUT" / "thesis.docx").write_text("years of work")
    code, output = cli("batch", "notes.csv", "--out", "OUT", "--overwrite")
    assert code == 2
    assert "no manifest" in _one_clear_line(output)
    assert (tmp_path / "OUT" / "thesis.docx").read_text() == "years of work"


def test_resume_refuses_another_input_or_policy(cli, tmp_path):
    """An interrupted run (its staging checkpoint) is only continued with the same input."""
    from deid.io.batch import CHECKPOINT_NAME, STAGING_NAME

    _notes_csv(tmp_path / "notes.csv")
    code, output = cli("batch", "notes.csv", "--out", "OUT")
    assert code == 0, output
    staging = tmp_path / "OUT2" / STAGING_NAME
    staging.mkdir(parents=True)
    checkpoint = {
        "run_id": "r", "started_at": "t", "input_sha256": "0" * 64, "policy_sha256": "p",
        "options": {}, "secret_check": "s", "secret_source": "env",
    }  # fmt: skip
    (staging / CHECKPOINT_NAME).write_text(json.dumps(checkpoint))
    code, output = cli("batch", "notes.csv", "--out", "OUT2", "--resume")
    assert code == 2
    assert "the input differs" in _one_clear_line(output)


def test_reidentify_never_overwrites_without_force_and_writes_owner_only(
    cli, monkeypatch, tmp_path
):
    from deid.transform.operators.crypto import encrypt_value, generate_key

    key = generate_key()
    monkeypatch.setenv("DEID_ENCRYPTION_KEY", key)
    release = tmp_path / "release.txt"
    release.write_text(f"Seen with {encrypt_value('Fiona', 'NAME', key.encode())} today.\n")
    published = release.read_text()

    code, output = cli("reidentify", "release.txt", "--out", "release.txt", "--force")
    assert code == 2 and "is the input" in _one_clear_line(output)
    assert release.read_text() == published

    (tmp_path / "restored.txt").write_text("keep me")
    code, output = cli("reidentify", "release.txt", "--out", "restored.txt")
    assert code == 2 and "--force" in _one_clear_line(output)
    assert (tmp_path / "restored.txt").read_text() == "keep me"

    code, output = cli("reidentify", "release.txt", "--out", "fresh.txt")
    assert code == 0, output
    fresh = tmp_path / "fresh.txt"
    assert fresh.read_text() == "Seen with Fiona today.\n"
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600

    code, output = cli("reidentify", "release.txt", "--out", "restored.txt", "--force")
    assert code == 0, output
    assert stat.S_IMODE((tmp_path / "restored.txt").stat().st_mode) == 0o600


# -- identifiers in ids and file names ---------------------------------------------------------
def test_pseudonymized_ids_replace_ids_and_file_names_everywhere(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "Rosalind Achterberg 2025-01-08.txt").write_text(NOTE)
    (folder / "MRN40018823.TXT").write_text(NOTE)
    code, output = cli("batch", "in", "--out", "OUT", "--pseudonymize-ids", "--id-map", "ids.csv")
    assert code == 0, output
    written = sorted(p.name for p in (tmp_path / "OUT" / "in").iterdir())
    assert len(written) == 2 and all(name.startswith("note-") for name in written)
    everything = output + "".join(
        p.read_text() for p in (tmp_path / "OUT").rglob("*") if p.is_file()
    )
    for identifier in ("Achterberg", "Rosalind", "40018823"):
        assert identifier not in everything
    id_map = tmp_path / "ids.csv"
    assert "MRN40018823" in id_map.read_text()
    assert stat.S_IMODE(id_map.stat().st_mode) == 0o600


def test_without_the_option_ids_are_copied_and_no_id_map_is_written(cli, tmp_path):
    _notes_csv(tmp_path / "notes.csv")
    code, output = cli("batch", "notes.csv", "--out", "OUT", "--pseudonymize-ids")
    assert code == 0, output
    assert sorted(p.name for p in (tmp_path / "OUT").iterdir()) == [
        "audit.jsonl", "manifest.json", "notes.csv",
    ]  # fmt: skip
    assert "n0," not in (tmp_path / "OUT" / "notes.csv").read_text()


def test_folders_match_txt_in_any_case_recurse_on_request_and_count_what_they_skip(cli, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.TXT").write_text(NOTE)
    (folder / "b.txt").write_text(NOTE)
    (folder / "readme.md").write_text("not a note")
    (folder / "sub" / "c.txt").write_text(NOTE)
    code, output = cli("batch", "in", "--out", "OUT")
    assert code == 0, output
    assert "2 notes redacted" in output and "skipped" in output
    assert sorted(p.name for p in (tmp_path / "OUT" / "in").iterdir()) == ["a.txt", "b.txt"]

    code, output = cli("batch", "in", "--out", "OUT2", "--recursive")
    assert code == 0, output
    assert "3 notes redacted" in output
    assert (tmp_path / "OUT2" / "in" / "sub" / "c.txt").is_file()


def test_verbose_reports_chunks_not_recognizers(cli, tmp_path):
    _notes_csv(tmp_path / "notes.csv", rows=5)
    code, output = cli("-v", "batch", "notes.csv", "--out", "OUT", "--chunk-size", "2")
    assert code == 0, output
    assert output.count("chunk ") == 3
    assert "ecognizer" not in output
    assert "5/5" in output, "the progress bar knows its total"


def test_an_error_line_prints_brackets_as_written(cli, tmp_path):
    """Error lines are text, not markup: a file name with brackets is named whole."""
    (tmp_path / "notes[b].csv").write_text("note,body\n1,hello\n", encoding="utf-8")
    code, output = cli("batch", "notes[b].csv", "--out", "out")
    assert code == 2
    assert "notes[b].csv" in output
