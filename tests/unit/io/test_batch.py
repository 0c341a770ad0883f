"""deid.io.batch: the output-folder refusals, a whole run on a few notes, and a resumed run that
writes exactly the bytes of an uninterrupted one. All notes are synthetic."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import deid.io.batch as batch
from deid.errors import InputError
from deid.io.audit_chain import chain_key, verify
from deid.io.batch import (
    AUDIT_NAME,
    CHECKPOINT_NAME,
    MANIFEST_NAME,
    STAGING_NAME,
    BatchOptions,
    check_output,
    output_name,
    run_batch,
)
from deid.io.readers import Format

NOTES = [
    ("n1", "Met with Dr. Okafor today. Okafor's sister Maya called 555-201-3344."),
    ("n2", "Client reports better sleep; PHQ-9 = 11."),
    ("n3", "DOB 04/17/1958. Lives in Tacoma with her daughter Fiona."),
    ("n4", "Seen with her daughter Fiona; email fiona.lee@example.org."),
    ("n5", "MRN: 00482913. Follow up in two weeks."),
]
REDACTED = [
    "Met with Dr. [NAME_1] today. [NAME_1]'s sister [NAME_2] called [PHONE_1].",
    "Client reports better sleep; PHQ-9 = 11.",
    "DOB [DATE_1]. Lives in [LOCATION_1] with her daughter [NAME_1].",
    "Seen with her daughter [NAME_1]; email [EMAIL_1].",
    "MRN: [MRN_1]. Follow up in two weeks.",
]


def write_jsonl(path: Path, notes=NOTES) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": i, "text": t}) for i, t in notes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def refusal(input_path: Path, out: Path, *, resume=False, overwrite=False) -> str:
    with pytest.raises(InputError) as caught:
        check_output(input_path, out, resume=resume, overwrite=overwrite)
    return str(caught.value)


# -- check_output ---------------------------------------------------------------------------------


def test_the_output_cannot_be_the_input_folder(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("x")
    message = refusal(notes, notes)
    assert message == (
        f"--out {notes} holds the input notes: choose a folder outside the input, so the "
        "original notes are never touched"
    )


def test_the_output_cannot_hold_the_input(tmp_path):
    source = write_jsonl(tmp_path / "data" / "notes.jsonl")
    assert refusal(source, tmp_path / "data").startswith(
        f"--out {tmp_path / 'data'} holds the input notes.jsonl"
    )


def test_the_output_cannot_lie_inside_the_input_folder(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    out = notes / "out"
    assert refusal(notes, out) == (
        f"--out {out} is inside the input folder notes: choose a folder outside it"
    )


def test_a_non_empty_folder_needs_resume_or_overwrite(tmp_path):
    source = write_jsonl(tmp_path / "notes.jsonl")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("someone else's file")
    assert refusal(source, out) == (
        f"output folder {out} is not empty: choose an empty folder, or add --overwrite to "
        "replace a previous deid run's output"
    )
    assert refusal(source, out, overwrite=True).startswith(
        f"--overwrite only replaces a previous deid run's output, and {out} has no manifest"
    )
    assert refusal(source, out, resume=True) == (
        f"nothing to resume in {out}: it holds no interrupted deid run"
    )
    (out / STAGING_NAME).mkdir()
    assert refusal(source, out).endswith(
        "an interrupted run is in it: add --resume to continue it or --overwrite to start again"
    )
    check_output(source, out, resume=True, overwrite=False)  # now there is one to resume


def test_other_refusals_resume_with_overwrite_a_file_and_nothing_to_resume(tmp_path):
    source = write_jsonl(tmp_path / "notes.jsonl")
    assert refusal(source, tmp_path / "o", resume=True, overwrite=True) == (
        "--resume and --overwrite cannot be used together: choose one"
    )
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert refusal(source, blocker / "out").endswith("(file is a file): give a folder path")
    assert refusal(source, tmp_path / "empty", resume=True) == (
        f"nothing to resume: {tmp_path / 'empty'} holds no interrupted deid run"
    )
    finished = tmp_path / "finished"
    finished.mkdir()
    (finished / MANIFEST_NAME).write_text("{}")
    assert refusal(source, finished, resume=True).endswith("its run already finished")


def test_an_empty_or_missing_folder_and_a_previous_run_with_overwrite_are_accepted(tmp_path):
    source = write_jsonl(tmp_path / "notes.jsonl")
    check_output(source, tmp_path / "missing", resume=False, overwrite=False)
    (tmp_path / "empty").mkdir()
    check_output(source, tmp_path / "empty", resume=False, overwrite=False)
    previous = tmp_path / "previous"
    previous.mkdir()
    (previous / MANIFEST_NAME).write_text("{}")
    check_output(source, previous, resume=False, overwrite=True)


# -- a run -----------------------------------------------------------------------------------------


def test_a_run_writes_redacted_notes_an_audit_and_a_manifest(deidentifier, tmp_path):
    source = write_jsonl(tmp_path / "in" / "notes.jsonl")
    out = tmp_path / "out"
    seen: list[int] = []
    outcome = run_batch(
        deidentifier, source, out, Format.JSONL, BatchOptions(chunk_size=2),
        on_progress=seen.append,
    )  # fmt: skip
    rows = [json.loads(line) for line in outcome.output.read_text(encoding="utf-8").splitlines()]
    assert rows == [{"id": i, "text": t} for (i, _), t in zip(NOTES, REDACTED, strict=True)]
    assert seen == [2, 2, 1]
    assert sorted(p.name for p in out.iterdir()) == [AUDIT_NAME, MANIFEST_NAME, "notes.jsonl"]

    records = [json.loads(line) for line in outcome.audit.read_text().splitlines()]
    by_note = {}
    for record in records:
        by_note.setdefault(record["note_id"], []).append(record["entity_type"])
    assert by_note == {
        "n1": ["NAME", "NAME", "NAME", "PHONE"],
        "n3": ["DATE", "LOCATION", "NAME"],
        "n4": ["NAME", "EMAIL"],
        "n5": ["MRN"],
    }
    manifest = json.loads(outcome.manifest.read_text())
    assert manifest == outcome.summary
    assert manifest["notes"] == {"ok": 5, "failed": 0, "failed_ids": []}
    assert manifest["findings_total"] == len(records) == 10
    assert manifest["files"] == ["notes.jsonl", AUDIT_NAME, MANIFEST_NAME]
    assert manifest["input"]["name"] == "notes.jsonl"
    assert manifest["audit"]["records"] == 10
    key = chain_key(deidentifier.secret)[0]
    assert verify(outcome.audit, manifest, key).ok


@pytest.mark.parametrize("fmt", [Format.CSV, Format.PARQUET])
def test_a_run_keeps_the_input_format(deidentifier, tmp_path, fmt):
    ids = [i for i, _ in NOTES]
    if fmt is Format.CSV:
        source = tmp_path / "notes.csv"
        lines = ["id,text"] + [f'{i},"{t}"' for i, t in NOTES]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        source = tmp_path / "notes.parquet"
        pq.write_table(pa.table({"id": ids, "text": [t for _, t in NOTES]}), source)
    outcome = run_batch(deidentifier, source, tmp_path / "out", fmt, BatchOptions(chunk_size=3))
    assert outcome.output.name == source.name
    if fmt is Format.CSV:
        expected = "id,text\r\n" + "".join(
            f'{i},"{t}"\r\n' if "," in t or '"' in t else f"{i},{t}\r\n"
            for i, t in zip(ids, REDACTED, strict=True)
        )
        assert outcome.output.read_bytes().decode("utf-8") == expected
    else:
        table = pq.read_table(outcome.output)
        assert (table["id"].to_pylist(), table["text"].to_pylist()) == (ids, REDACTED)


def test_a_folder_of_txt_notes_gives_a_folder_named_like_the_input(deidentifier, tmp_path):
    folder = tmp_path / "visits"
    folder.mkdir()
    for note_id, text in NOTES[:2]:
        (folder / f"{note_id}.txt").write_text(text, encoding="utf-8")
    assert output_name(folder, Format.TXT) == "visits"
    outcome = run_batch(deidentifier, folder, tmp_path / "out", Format.TXT)
    assert outcome.output == tmp_path / "out" / "visits"
    written = {p.name: p.read_text(encoding="utf-8") for p in outcome.output.iterdir()}
    assert written == {"n1.txt": REDACTED[0], "n2.txt": REDACTED[1]}


def test_pseudonymized_ids_and_the_id_map(deidentifier, tmp_path):
    source = write_jsonl(tmp_path / "notes.jsonl", NOTES[:2])
    id_map = tmp_path / "ids.csv"
    options = BatchOptions(pseudonymize_ids=True, id_map=id_map)
    outcome = run_batch(deidentifier, source, tmp_path / "out", Format.JSONL, options)
    aliases = [batch.pseudonym(deidentifier, i) for i, _ in NOTES[:2]]
    assert all(a.startswith("note-") and len(a) == 25 for a in aliases)
    rows = [json.loads(line) for line in outcome.output.read_text().splitlines()]
    assert [r["id"] for r in rows] == aliases
    assert id_map.read_text() == f"note_id,pseudonym\nn1,{aliases[0]}\nn2,{aliases[1]}\n"
    with pytest.raises(InputError, match="exists: deid never replaces it"):
        run_batch(deidentifier, source, tmp_path / "out2", Format.JSONL, options)


# -- resume ----------------------------------------------------------------------------------------


class Interrupted(BaseException):
    """Stands in for Ctrl-C / SIGKILL: not an Exception, so the run keeps its staging folder."""


@pytest.fixture
def fixed_run(monkeypatch):
    """One run id and one clock, so two runs can be compared byte for byte."""
    monkeypatch.setattr(batch, "new_run_id", lambda: "a" * 32)
    monkeypatch.setattr(batch, "now", lambda: "2025-01-02T03:04:05+00:00")


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.parametrize("fmt", [Format.JSONL, Format.CSV, Format.PARQUET])
def test_a_resumed_run_writes_exactly_the_bytes_of_an_uninterrupted_one(
    deidentifier, tmp_path, fixed_run, fmt
):
    source = tmp_path / f"notes.{fmt.value}"
    if fmt is Format.PARQUET:
        pq.write_table(
            pa.table({"id": [i for i, _ in NOTES], "text": [t for _, t in NOTES]}), source
        )
    elif fmt is Format.CSV:
        lines = ["id,text"] + [f'{i},"{t}"' for i, t in NOTES]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        write_jsonl(source)
    options = BatchOptions(chunk_size=2)
    straight = tmp_path / "straight"
    run_batch(deidentifier, source, straight, fmt, options)

    out = tmp_path / "resumed"
    chunks = []

    def stop_after_two_chunks(done: int) -> None:
        chunks.append(done)
        if len(chunks) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        run_batch(deidentifier, source, out, fmt, options, on_progress=stop_after_two_chunks)
    checkpoint = json.loads((out / STAGING_NAME / CHECKPOINT_NAME).read_text())
    assert (checkpoint["notes_done"], checkpoint["finished"]) == (4, False)
    assert [p.name for p in out.iterdir()] == [STAGING_NAME]  # nothing published yet

    resumed_progress: list[int] = []
    run_batch(
        deidentifier, source, out, fmt, options, resume=True, on_progress=resumed_progress.append
    )
    assert resumed_progress == [4, 1]  # the committed notes, then the last chunk
    resumed, uninterrupted = outputs(out), outputs(straight)
    assert resumed.keys() == uninterrupted.keys() == {AUDIT_NAME, MANIFEST_NAME, source.name}
    for name in (source.name, AUDIT_NAME):
        assert resumed[name] == uninterrupted[name], name
    manifest, expected = (json.loads(m[MANIFEST_NAME]) for m in (resumed, uninterrupted))
    assert manifest == expected
    # the options come from the run's own options (they once came back sorted from
    # checkpoint.json, in another order): with one run id and clock, the very same bytes
    assert resumed[MANIFEST_NAME] == uninterrupted[MANIFEST_NAME]


def test_a_resume_refuses_a_changed_input(deidentifier, tmp_path, fixed_run):
    source = write_jsonl(tmp_path / "notes.jsonl")
    out = tmp_path / "out"

    def stop(_done: int) -> None:
        raise Interrupted

    with pytest.raises(Interrupted):
        run_batch(
            deidentifier, source, out, Format.JSONL, BatchOptions(chunk_size=2), on_progress=stop
        )
    write_jsonl(source, NOTES[:3])
    with pytest.raises(InputError, match="the input differs from the interrupted run's"):
        run_batch(deidentifier, source, out, Format.JSONL, BatchOptions(chunk_size=2), resume=True)


def test_a_run_that_fails_on_bad_input_leaves_nothing_behind(deidentifier, tmp_path):
    source = tmp_path / "notes.jsonl"
    source.write_text('{"id": "n1", "text": "ok"}\n{"id": "n1", "text": "again"}\n')
    out = tmp_path / "out"
    with pytest.raises(InputError, match="note id 'n1' appears more than once"):
        run_batch(deidentifier, source, out, Format.JSONL)
    assert not out.exists()


def test_overwrite_removes_only_what_the_previous_run_listed(deidentifier, tmp_path):
    source = write_jsonl(tmp_path / "notes.jsonl", NOTES[:2])
    out = tmp_path / "out"
    run_batch(deidentifier, source, out, Format.JSONL)
    (out / "notes of my own.txt").write_text("keep me")
    run_batch(deidentifier, source, out, Format.JSONL, overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == [
        AUDIT_NAME,
        MANIFEST_NAME,
        "notes of my own.txt",
        "notes.jsonl",
    ]
    assert (out / "notes of my own.txt").read_text() == "keep me"


# -- several text columns ------------------------------------------------------------------------


def write_two_columns(path: Path) -> Path:
    """Each note's text, and a plan column that holds the next note's text."""
    rows = [
        {"id": i, "text": t, "plan": NOTES[(n + 1) % len(NOTES)][1]}
        for n, (i, t) in enumerate(NOTES)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_several_text_columns_are_each_a_note_and_the_audit_names_the_column(
    deidentifier, tmp_path
):
    source = write_two_columns(tmp_path / "notes.jsonl")
    options = BatchOptions(text_column=("text", "plan"), chunk_size=2)
    outcome = run_batch(deidentifier, source, tmp_path / "out", Format.JSONL, options)
    rows = [json.loads(line) for line in outcome.output.read_text().splitlines()]
    assert [list(r) for r in rows] == [["id", "text", "plan"]] * 5
    assert [r["text"] for r in rows] == REDACTED
    assert [r["plan"] for r in rows] == REDACTED[1:] + REDACTED[:1]  # each cell on its own
    records = [json.loads(line) for line in outcome.audit.read_text().splitlines()]
    assert [list(r)[:3] for r in records] == [["run_id", "note_id", "column"]] * len(records)
    n5 = [(r["column"], r["entity_type"]) for r in records if r["note_id"] == "n5"]
    assert n5 == [("text", "MRN")] + [("plan", "NAME")] * 3 + [("plan", "PHONE")]
    manifest = outcome.summary
    assert manifest["notes"]["ok"] == 5  # rows, not cells
    assert manifest["findings_total"] == len(records) == 20
    assert manifest["options"]["text_column"] == ["text", "plan"]
    assert verify(outcome.audit, manifest, chain_key(deidentifier.secret)[0]).ok


def test_one_text_column_keeps_the_options_and_the_audit_as_they_were():
    assert (
        BatchOptions(text_column=("body",)).identity()
        == BatchOptions(text_column="body").identity()
    )
    assert BatchOptions(text_column=["body"]).identity()["text_column"] == "body"
    assert BatchOptions().column_field is False


def test_a_resume_with_other_text_columns_is_refused(deidentifier, tmp_path):
    source = write_two_columns(tmp_path / "notes.jsonl")
    out = tmp_path / "out"

    def stop(_done: int) -> None:
        raise Interrupted

    two = BatchOptions(text_column=("text", "plan"), chunk_size=2)
    with pytest.raises(Interrupted):
        run_batch(deidentifier, source, out, Format.JSONL, two, on_progress=stop)
    one = BatchOptions(chunk_size=2)
    with pytest.raises(InputError, match="the options differs from the interrupted run's"):
        run_batch(deidentifier, source, out, Format.JSONL, one, resume=True)


def test_a_row_is_written_only_if_every_text_column_was_deidentified(
    deidentifier, tmp_path, monkeypatch
):
    """Fault injection: the operator stage raises for the plan of n3 only."""
    import deid.pipeline as pipeline

    real_transform = pipeline.transform

    def flaky_transform(note, findings, policy, secret):
        if note.note_id == "n3" and note.text == NOTES[3][1]:
            raise RuntimeError("boom")
        return real_transform(note, findings, policy, secret)

    monkeypatch.setattr(pipeline, "transform", flaky_transform)
    source = write_two_columns(tmp_path / "notes.jsonl")
    options = BatchOptions(text_column=("text", "plan"))
    outcome = run_batch(deidentifier, source, tmp_path / "out", Format.JSONL, options)
    written = outcome.output.read_text()
    assert [json.loads(line)["id"] for line in written.splitlines()] == ["n1", "n2", "n4", "n5"]
    # n3's text was de-identified, but its row is not written: REDACTED[2] is n2's plan only
    assert written.count(REDACTED[2]) == 1 and "Tacoma" not in written
    assert outcome.summary["notes"]["failed_ids"] == ["n3"]
    records = [json.loads(line) for line in outcome.audit.read_text().splitlines()]
    assert "n3" not in {r["note_id"] for r in records}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (BatchOptions(text_column=("text", "text")), "a --text-column is given more than once"),
        (BatchOptions(text_column=("text", "id")), "--text-column id is the id column"),
        (
            BatchOptions(text_column=("text", "plan"), keep_columns=("plan",)),
            "--keep-column plan is the text column",
        ),
    ],
)
def test_text_column_refusals(deidentifier, tmp_path, options, message):
    source = write_two_columns(tmp_path / "notes.jsonl")
    with pytest.raises(InputError, match=message):
        run_batch(deidentifier, source, tmp_path / "out", Format.JSONL, options)
    assert not (tmp_path / "out").exists()


def test_several_text_columns_need_a_table(deidentifier, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("Seen with Fiona.")
    options = BatchOptions(text_column=("text", "plan"))
    with pytest.raises(InputError, match="several --text-column need a table input"):
        run_batch(deidentifier, folder, tmp_path / "out", Format.TXT, options)
