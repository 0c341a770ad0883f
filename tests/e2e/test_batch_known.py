"""``deid batch --known-column``: identifiers a table already holds, found in every note of
the patient; ``--keep-column``: a column copied unscanned. All names and dates are invented.

"Bramble" is an everyday word no recognizer takes for a name at the start of a sentence, and
"4.17.58" a date spelling no date rule reads: only the known columns can find them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from deid.cli import app
from deid.errors import InputError
from deid.io.batch import STAGING_NAME, BatchOptions, run_batch
from deid.io.known import parse_known_columns
from deid.io.readers import Format

runner = CliRunner()

ROWS = [
    {
        "id": "v1",
        "patient_id": "p1",
        "text": "Seen today. Bramble reports less pain. Born 4.17.58 per chart.",
        "patient_name": "Bramble, Alice",
        "dob": "1958-04-17",
        "ward": "East 4",
    },
    {
        "id": "v2",
        "patient_id": "p1",
        "text": "Follow-up. Bramble walked twice in the hall.",
        "patient_name": None,
        "dob": None,
        "ward": "East 5",
    },
    {
        "id": "w1",
        "patient_id": "p2",
        "text": "Seen today. Bramble reports less pain.",
        "patient_name": "Quince Tarrow",
        "dob": None,
        "ward": "West 1",
    },
]
KNOWN = ["--known-column", "patient_name", "--known-column", "dob=DATE"]


def write(path: Path, rows: list[dict]) -> Path:
    if path.suffix == ".parquet":
        pq.write_table(pa.Table.from_pylist(rows), path)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def batch(source: Path, out: Path, *args: str):
    result = runner.invoke(app, ["batch", str(source), "--out", str(out), "--workers", "1", *args])
    return result


def written(out: Path, name: str = "notes.jsonl") -> dict[str, dict]:
    lines = (out / name).read_text(encoding="utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, lines)}


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("DEID_SECRET", "known-columns-test-secret-0123456789")


def test_a_name_and_a_dob_known_only_from_columns_are_found_in_all_the_patients_notes(tmp_path):
    source = write(tmp_path / "notes.jsonl", ROWS)
    plain = batch(source, tmp_path / "plain")
    assert plain.exit_code == 0, plain.output
    assert "Bramble reports" in written(tmp_path / "plain")["v1"]["text"]  # no rule finds it
    assert "4.17.58" in written(tmp_path / "plain")["v1"]["text"]

    out = tmp_path / "out"
    result = batch(source, out, *KNOWN)
    assert result.exit_code == 0, result.output
    rows = written(out)
    assert rows["v1"]["text"] == "Seen today. [NAME_1] reports less pain. Born [DATE_1] per chart."
    assert (
        rows["v2"]["text"] == "Follow-up. [NAME_1] walked twice in the hall."
    )  # no cell of its own
    assert rows["w1"]["text"] == "Seen today. Bramble reports less pain."
    assert all(set(row) == {"id", "text"} for row in rows.values())  # known columns left out
    audit = [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]
    rules = {(r["note_id"], r["entity_type"]): r["rule"] for r in audit}
    assert rules[("v1", "NAME")] == rules[("v2", "NAME")] == "known:patient_name"
    assert rules[("v1", "DATE")] == "known:dob"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["options"]["known_columns"] == [
        {"column": "patient_name", "type": "NAME"},
        {"column": "dob", "type": "DATE"},
    ]
    assert "warnings" not in manifest
    for text in ((out / "audit.jsonl").read_text(), json.dumps(manifest), result.output):
        assert "Bramble" not in text and "1958" not in text and "Alice" not in text


def test_a_kept_column_is_written_as_it_is_with_a_warning(tmp_path):
    source = write(tmp_path / "notes.parquet", ROWS)
    out = tmp_path / "out"
    result = batch(source, out, *KNOWN, "--keep-column", "ward", "--keep-column", "dob")
    assert result.exit_code == 0, result.output
    assert "'ward' is copied to the output unredacted" in result.output
    table = pq.read_table(out / "notes.parquet")
    assert table.column_names == ["id", "text", "ward", "dob"]
    assert table.column("ward").to_pylist() == ["East 4", "East 5", "West 1"]
    assert table.column("dob").to_pylist() == ["1958-04-17", None, None]  # known and kept
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["options"]["keep_columns"] == ["ward", "dob"]
    assert len(manifest["warnings"]) == 2 and "not scan" in manifest["warnings"][0]


def test_row_order_does_not_change_a_byte_of_any_note(tmp_path):
    rows = [*ROWS, {**ROWS[1], "id": "v3", "patient_name": "Alice Q. Bramble"}]
    outputs = []
    for name, order in (("forward", rows), ("backward", rows[::-1])):
        (tmp_path / name).mkdir()
        source = write(tmp_path / name / "notes.jsonl", order)
        out = tmp_path / f"out-{name}"
        result = batch(source, out, *KNOWN, "--keep-column", "ward")
        assert result.exit_code == 0, result.output
        lines = (out / "notes.jsonl").read_bytes().splitlines()
        audit = [
            {k: v for k, v in json.loads(line).items() if k not in ("run_id", "chain")}
            for line in (out / "audit.jsonl").read_text().splitlines()
        ]
        outputs.append((sorted(lines), sorted(audit, key=lambda r: (r["note_id"], r["start"]))))
    assert outputs[0] == outputs[1]


class Stop(BaseException):
    """Like Ctrl-C: the run keeps what it committed."""


def stop(_done: int) -> None:
    raise Stop


def test_a_resumed_run_with_known_columns_writes_the_same_bytes(deidentifier, tmp_path):
    source = write(tmp_path / "notes.jsonl", ROWS)
    options = BatchOptions(
        chunk_size=1, known_columns=parse_known_columns(["patient_name", "dob"]),
        keep_columns=("ward",),
    )  # fmt: skip
    straight = tmp_path / "straight"
    run_batch(deidentifier, source, straight, Format.JSONL, options)
    out = tmp_path / "resumed"
    with pytest.raises(Stop):
        run_batch(deidentifier, source, out, Format.JSONL, options, on_progress=stop)
    run_batch(deidentifier, source, out, Format.JSONL, options, resume=True)
    assert (out / "notes.jsonl").read_bytes() == (straight / "notes.jsonl").read_bytes()

    def audit(folder: Path) -> list[dict]:
        lines = (folder / "audit.jsonl").read_text().splitlines()
        return [
            {k: v for k, v in json.loads(x).items() if k not in ("run_id", "chain")} for x in lines
        ]

    assert audit(out) == audit(straight)


def test_a_resume_with_other_known_columns_is_refused(deidentifier, tmp_path):
    source = write(tmp_path / "notes.jsonl", ROWS)
    options = BatchOptions(chunk_size=1, known_columns=parse_known_columns(["patient_name"]))
    out = tmp_path / "out"
    with pytest.raises(Stop):
        run_batch(deidentifier, source, out, Format.JSONL, options, on_progress=stop)
    other = BatchOptions(chunk_size=1, known_columns=parse_known_columns(["patient_name", "dob"]))
    with pytest.raises(InputError, match="the options differs"):
        run_batch(deidentifier, source, out, Format.JSONL, other, resume=True)
    assert (out / STAGING_NAME).is_dir()  # the interrupted run is still there to resume


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--known-column", "birthdate"], "has no key 'birthdate' in any line"),
        (["--known-column", "ward"], "cannot tell from its name what the column holds"),
        (["--known-column", "ward=ROOM"], "unknown type; use one of NAME"),
        (["--keep-column", "text"], "is the text column, which is always written"),
    ],
)
def test_a_bad_column_is_one_line_and_exit_2(tmp_path, args, message):
    source = write(tmp_path / "notes.jsonl", ROWS)
    result = batch(source, tmp_path / "out", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_an_unknown_csv_column_names_the_columns_there_are(tmp_path):
    source = tmp_path / "notes.csv"
    source.write_text("id,text,dob\nn1,Seen today.,1958-04-17\n", encoding="utf-8")
    result = batch(source, tmp_path / "out", "--known-column", "patient_name")
    assert result.exit_code == 2
    assert "no column 'patient_name'" in result.output
    assert "'id', 'text', 'dob'" in result.output
    assert "1958" not in result.output


def test_a_folder_of_txt_notes_has_no_columns(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "n1.txt").write_text("Seen today.\n", encoding="utf-8")
    result = batch(folder, tmp_path / "out", "--known-column", "patient_name")
    assert result.exit_code == 2
    assert "needs a table input" in result.output
    assert len(result.output.strip().splitlines()) == 1
