"""deid.io.writers: staged output in the input's format, resumable at any committed position,
Parquet joined with fixed row groups, and the small files (checkpoint, manifest, id map)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pyarrow.parquet as pq
import pytest

import deid.io.writers as writers
from deid.io.readers import Format
from deid.io.writers import StagedOutput, remove, sync, truncate, write_private, write_text_atomic
from deid.model import Result

TEXTS = ["Seen with [NAME_1].", 'She said "fine", then left.\r\nNext line', "Caf\u00e9 \U0001f600"]


def ok(note_id: str, text: str) -> Result:
    return Result(note_id=note_id, text=text, replacements=())


def failed(note_id: str) -> Result:
    return Result(note_id=note_id, text="", replacements=(), error="RuntimeError")


def results(n: int, start: int = 0) -> list[Result]:
    return [ok(f"n{i:03d}", f"note {i}: {TEXTS[i % len(TEXTS)]}") for i in range(start, start + n)]


def staged(tmp_path, fmt: Format, name: str = "notes") -> StagedOutput:
    staging = tmp_path / ".deid-run"
    staging.mkdir(parents=True, exist_ok=True)
    suffix = {Format.TXT: ""}.get(fmt, f".{fmt.value}")
    return StagedOutput(staging, name + suffix, fmt, "id", "text")


def write_all(tmp_path, fmt: Format, chunks: list[list[Result]]):
    output = staged(tmp_path, fmt)
    output.create()
    for chunk in chunks:
        output.write(chunk)
        output.position()
    return output.finish()


def read_rows(path, fmt: Format) -> list[tuple[str, str]]:
    if fmt is Format.CSV:
        with path.open(encoding="utf-8", newline="") as handle:
            return [(row["id"], row["text"]) for row in csv.DictReader(handle)]
    if fmt is Format.JSONL:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [(row["id"], row["text"]) for row in map(json.loads, lines)]
    if fmt is Format.PARQUET:
        table = pq.read_table(path)
        return list(zip(table["id"].to_pylist(), table["text"].to_pylist(), strict=True))
    return sorted((p.stem, p.read_bytes().decode("utf-8")) for p in path.iterdir())


# -- create, write, position, finish ------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_writes_the_ok_notes_only_in_order(tmp_path, fmt):
    chunk = [ok("a", TEXTS[0]), failed("b"), ok("c", TEXTS[1]), ok("d", TEXTS[2])]
    path = write_all(tmp_path, fmt, [chunk])
    assert read_rows(path, fmt) == [("a", TEXTS[0]), ("c", TEXTS[1]), ("d", TEXTS[2])]


def test_csv_bytes_are_a_header_and_crlf_rows_quoted_only_when_needed(tmp_path):
    path = write_all(tmp_path, Format.CSV, [[ok("a", "plain"), ok("b", 'say "hi", ok')]])
    assert path.read_bytes() == b'id,text\r\na,plain\r\nb,"say ""hi"", ok"\r\n'


def test_jsonl_bytes_are_one_object_per_line_unescaped_utf8(tmp_path):
    path = write_all(tmp_path, Format.JSONL, [[ok("a", "Caf\u00e9\nx")]])
    assert path.read_bytes() == '{"id": "a", "text": "Caf\u00e9\\nx"}\n'.encode()


def test_txt_notes_are_files_named_by_id_with_the_text_exactly(tmp_path):
    path = write_all(tmp_path, Format.TXT, [[ok("sub/n1", "line\r\nline"), ok("n2", "x")]])
    assert (path / "sub" / "n1.txt").read_bytes() == b"line\r\nline"
    assert (path / "n2.txt").read_bytes() == b"x"


def test_a_failed_note_removes_a_txt_file_a_crashed_run_left_half_written(tmp_path):
    output = staged(tmp_path, Format.TXT)
    output.create()
    output.write([ok("n1", "partial text")])
    output.write([failed("n1")])  # the resumed run fails the same note this time
    assert list(output.staged.iterdir()) == []


def test_position_is_the_flushed_byte_length_for_text_formats(tmp_path):
    output = staged(tmp_path, Format.JSONL)
    output.create()
    assert output.position() == {"bytes": 0}
    output.write([ok("a", "x")])
    line = b'{"id": "a", "text": "x"}\n'
    assert output.position() == {"bytes": len(line)}
    assert output.staged.read_bytes() == line  # flushed, not buffered
    output.close()
    csv_output = staged(tmp_path, Format.CSV)
    csv_output.create()
    assert csv_output.position() == {"bytes": len(b"id,text\r\n")}
    csv_output.close()


def test_position_counts_parquet_parts_and_none_for_an_empty_chunk_is_still_a_part(tmp_path):
    output = staged(tmp_path, Format.PARQUET)
    output.create()
    assert output.position() == {"parts": 0}
    output.write(results(3))
    output.write([failed("x")])
    assert output.position() == {"parts": 2}
    parts = sorted(p.name for p in (tmp_path / ".deid-run" / "parts").iterdir())
    assert parts == ["00000000.parquet", "00000001.parquet"]
    assert read_rows(output.finish(), Format.PARQUET) == read_rows_of(results(3))


def read_rows_of(items: list[Result]) -> list[tuple[str, str]]:
    return [(r.note_id, r.text) for r in items]


def test_create_starts_empty_over_a_previous_attempt(tmp_path):
    first = staged(tmp_path, Format.JSONL)
    first.create()
    first.write(results(2))
    first.close()
    again = staged(tmp_path, Format.JSONL)
    again.create()
    again.write(results(1, start=5))
    assert read_rows(again.finish(), Format.JSONL) == read_rows_of(results(1, start=5))


# -- reopen: truncate to the committed position ----------------------------------------------------


@pytest.mark.parametrize("fmt", [Format.CSV, Format.JSONL])
def test_reopen_drops_what_was_written_after_the_commit(tmp_path, fmt):
    straight = write_all(tmp_path / "straight", fmt, [results(2), results(2, start=2)])

    crashed = staged(tmp_path / "resumed", fmt)
    crashed.create()
    crashed.write(results(2))
    committed = crashed.position()
    crashed.write(results(2, start=2))  # written, never committed
    crashed._handle.write("half a li")  # and a torn last line
    crashed.close()

    resumed = staged(tmp_path / "resumed", fmt)
    resumed.reopen(committed)
    assert resumed.staged.stat().st_size == committed["bytes"]
    resumed.write(results(2, start=2))
    assert resumed.finish().read_bytes() == straight.read_bytes()


def test_reopen_removes_parquet_parts_after_the_commit_and_temporary_files(tmp_path):
    crashed = staged(tmp_path, Format.PARQUET)
    crashed.create()
    crashed.write(results(2))
    committed = crashed.position()
    crashed.write(results(2, start=2))
    parts = tmp_path / ".deid-run" / "parts"
    (parts / "00000002.tmp").write_bytes(b"torn")

    resumed = staged(tmp_path, Format.PARQUET)
    resumed.reopen(committed)
    assert sorted(p.name for p in parts.iterdir()) == ["00000000.parquet"]
    resumed.write(results(2, start=2))
    assert read_rows(resumed.finish(), Format.PARQUET) == read_rows_of(results(4))


def test_truncate_cuts_a_file_and_ignores_a_missing_one(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"0123456789")
    truncate(path, 4)
    assert path.read_bytes() == b"0123"
    truncate(tmp_path / "missing", 4)
    assert not (tmp_path / "missing").exists()


def test_sync_returns_the_length_and_remove_takes_files_and_folders(tmp_path):
    with (tmp_path / "f").open("w", encoding="utf-8") as handle:
        handle.write("abc\u00e9")
        assert sync(handle) == 5
    folder = tmp_path / "d"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "x.txt").write_text("x")
    remove(folder)
    remove(tmp_path / "f")
    remove(tmp_path / "never")
    assert list(tmp_path.iterdir()) == []


# -- Parquet: fixed row groups, bytes independent of chunking --------------------------------------


def test_parquet_parts_are_joined_with_fixed_row_groups(tmp_path, monkeypatch):
    monkeypatch.setattr(writers, "PARQUET_ROW_GROUP", 5)
    path = write_all(tmp_path, Format.PARQUET, [results(7), results(9, start=7), results(7, 16)])
    metadata = pq.ParquetFile(path).metadata
    groups = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert groups == [5, 5, 5, 5, 3]
    assert read_rows(path, Format.PARQUET) == read_rows_of(results(23))


def test_parquet_bytes_do_not_depend_on_how_the_notes_were_chunked(tmp_path, monkeypatch):
    monkeypatch.setattr(writers, "PARQUET_ROW_GROUP", 4)
    notes = results(23)
    outputs = []
    for size in (1, 3, 7, 23):
        chunks = [notes[i : i + size] for i in range(0, len(notes), size)]
        outputs.append(write_all(tmp_path / f"chunks-of-{size}", Format.PARQUET, chunks))
    first = outputs[0].read_bytes()
    assert all(out.read_bytes() == first for out in outputs[1:])
    assert read_rows(outputs[0], Format.PARQUET) == read_rows_of(notes)


def test_a_run_with_no_ok_note_is_an_empty_parquet_file_with_the_schema(tmp_path):
    path = write_all(tmp_path, Format.PARQUET, [[failed("a")], [failed("b")]])
    table = pq.read_table(path)
    assert (table.num_rows, table.column_names) == (0, ["id", "text"])


# -- small files ---------------------------------------------------------------------------------


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode_of(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_private_is_owner_only_and_never_replaces_a_file(tmp_path, umask_022):
    path = tmp_path / "id_map.csv"
    write_private(path, "note_id,pseudonym\r\nn1,note-ab\n")
    assert mode_of(path) == 0o600
    assert path.read_bytes() == b"note_id,pseudonym\r\nn1,note-ab\n"  # newlines as given
    with pytest.raises(FileExistsError):
        write_private(path, "replaced")
    assert path.read_bytes() == b"note_id,pseudonym\r\nn1,note-ab\n"


def test_write_text_atomic_replaces_whole_and_leaves_no_temporary_file(tmp_path, umask_022):
    path = tmp_path / "checkpoint.json"
    write_text_atomic(path, '{"n": 1}\n')
    assert (path.read_text(), mode_of(path)) == ('{"n": 1}\n', 0o644)
    write_text_atomic(path, '{"n": 2}\n')
    assert path.read_text() == '{"n": 2}\n'
    write_text_atomic(tmp_path / "key", "k", mode=0o600)
    assert mode_of(tmp_path / "key") == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkpoint.json", "key"]


def test_write_text_atomic_keeps_the_old_file_when_the_write_fails(tmp_path, monkeypatch):
    path = tmp_path / "manifest.json"
    path.write_text("old")

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomic(path, "new")
    assert path.read_text() == "old"


def test_staged_output_writes_only_id_and_text_columns(tmp_path):
    output = StagedOutput(tmp_path, "n.csv", Format.CSV, "note_key", "body")
    output.create()
    output.write([ok("a", "x")])
    output.finish()
    assert list(csv.reader(io.StringIO((tmp_path / "n.csv").read_text()))) == [
        ["note_key", "body"],
        ["a", "x"],
    ]
