"""The input layer reads every input strictly; a bad input is one InputError that says what to do.

All notes here are synthetic. ``SECRET`` stands for note text: it must never appear in a message.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from deid.errors import InputError
from deid.io.readers import (
    Format,
    InputScan,
    count_notes,
    detect_format,
    list_txt_files,
    read_notes,
    read_rows,
    read_stdin_note,
    read_text_note,
    scan_input,
)

SECRET = "Wilhelmina Zzyzx-Quorra"


def notes_of(path: Path, **kwargs) -> list:
    return [note for chunk in read_notes(path, **kwargs) for note in chunk]


def error_of(path: Path, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        notes_of(path, **kwargs)
    message = str(caught.value)
    assert SECRET not in message and "Zzyzx" not in message
    assert "\n" not in message
    return message


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


# -- 1. invalid UTF-8 ----------------------------------------------------------------------------


def test_csv_with_invalid_utf8_late_in_the_file_names_file_and_line(tmp_path):
    lines = [b"id,text\r\n"] + [f"n{i},{SECRET} ok\r\n".encode() for i in range(2000)]
    lines[1500] = b"n1499,caf\xe9 " + SECRET.encode() + b"\r\n"  # cp1252, on line 1501
    path = tmp_path / "notes.csv"
    path.write_bytes(b"".join(lines))
    message = error_of(path)
    assert message.startswith("notes.csv line 1501 is not valid UTF-8")
    assert "UTF-8" in message and "save the file as UTF-8" in message


def test_csv_invalid_utf8_inside_a_multiline_field_counts_physical_lines(tmp_path):
    path = tmp_path / "n.csv"
    path.write_bytes(b'id,text\nn1,"first\nsecond\nthird \xff"\n')
    assert error_of(path).startswith("n.csv line 4 is not valid UTF-8")


def test_jsonl_with_invalid_utf8_names_file_and_line(tmp_path):
    rows = [json.dumps({"id": f"n{i}", "text": SECRET}).encode() for i in range(300)]
    rows[250] = b'{"id": "x", "text": "\xc3\x28 ' + SECRET.encode() + b'"}'
    path = tmp_path / "notes.jsonl"
    path.write_bytes(b"\n".join(rows) + b"\n")
    assert error_of(path).startswith("notes.jsonl line 251 is not valid UTF-8")


def test_txt_in_a_folder_with_invalid_utf8_names_that_file(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text(SECRET, encoding="utf-8")
    (folder / "b.txt").write_bytes(SECRET.encode() + b"\r\nline two \x92 " + SECRET.encode())
    message = error_of(folder)
    assert message.startswith("notes/b.txt line 2 is not valid UTF-8")


def test_a_single_txt_with_a_truncated_sequence_at_the_end_is_refused(tmp_path):
    path = tmp_path / "one.txt"
    path.write_bytes(SECRET.encode() + b"\n\xe2\x82")  # the first two bytes of a euro sign
    assert error_of(path).startswith("one.txt line 2 is not valid UTF-8")


# -- 2. strict CSV --------------------------------------------------------------------------------


def test_csv_unclosed_quote_at_the_end_is_an_error_not_one_giant_field(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(f'id,text\nn1,ok\nn2,"{SECRET}\nn3,more\nn4,end\n', encoding="utf-8")
    message = error_of(path)
    assert message.startswith("n.csv line 3: a double quote opened in this row is never closed")


def test_csv_unclosed_quote_without_a_final_newline(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(f'id,text\nn1,"{SECRET}', encoding="utf-8")
    assert error_of(path).startswith("n.csv line 2: a double quote opened")


def test_csv_text_after_a_closing_quote_is_an_error(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(f'id,text\nn1,ok\nn2,"{SECRET}" said\n', encoding="utf-8")
    assert error_of(path).startswith("n.csv line 3: a quoted field goes on after its closing")


def test_csv_row_with_more_fields_than_the_header(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(f"id,text\nn1,ok\nn2,{SECRET}, and more\n", encoding="utf-8")
    message = error_of(path)
    assert message == (
        "n.csv line 3 has 3 fields but the header has 2: "
        "a field with a comma in it must be in double quotes"
    )


def test_csv_row_with_fewer_fields_than_the_header(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(f"id,patient_id,text\nn1,p1,ok\n\nn2,{SECRET}\n", encoding="utf-8")
    assert error_of(path).startswith("n.csv line 4 has 2 fields but the header has 3")


def test_csv_with_a_nul_byte(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(f"id,text\nn1,ok\nn2,{SECRET}\0x\n", encoding="utf-8")
    assert error_of(path).startswith("n.csv line 3 contains a NUL byte")


def test_csv_quoted_fields_with_newlines_commas_and_quotes_still_read(tmp_path):
    texts = [f"{SECRET}\r\nsecond line, with a comma", 'She said "fine".\n\nEnd', "plain"]
    path = write_csv(
        tmp_path / "n.csv", [["id", "text"]] + [[f"n{i}", t] for i, t in enumerate(texts)]
    )
    assert [n.text for n in notes_of(path)] == texts
    no_final_newline = tmp_path / "m.csv"
    no_final_newline.write_bytes(b'id,text\r\nn1,"a\r\nb ""q"""')
    assert [n.text for n in notes_of(no_final_newline)] == ['a\r\nb "q"']


def test_csv_errors_after_a_multiline_field_give_the_row_start_line(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(f'id,text\nn1,"a\nb\nc"\nn2,{SECRET},x\n', encoding="utf-8")
    assert error_of(path).startswith("n.csv line 5 has 3 fields")


def test_csv_empty_file_and_duplicate_header_columns(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "empty.csv is empty" in error_of(empty)
    twice = tmp_path / "twice.csv"
    twice.write_text("id,text,text\nn1,a,b\n", encoding="utf-8")
    assert "names column 'text' more than once" in error_of(twice)


def test_a_headerless_csv_does_not_put_note_text_in_the_missing_column_message(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(f"n1,{SECRET} was seen today for follow up\n", encoding="utf-8")
    message = error_of(path)
    assert "no column 'id'" in message and "'n1'" in message
    assert "(not shown)" in message and "header row" in message


# -- 3. folders -----------------------------------------------------------------------------------


def make_folder(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return root


def test_folder_txt_suffix_in_any_case_sorted_by_bytes_others_skipped_and_counted(tmp_path):
    folder = make_folder(
        tmp_path / "f",
        {
            "b.txt": "b",
            "a.TXT": "a",
            "C.Txt": "C",
            "readme.md": "x",
            "letter.docx": "x",
            ".hidden.txt": "x",
            ".DS_Store": "x",
            "sub/deep.txt": "x",
        },
    )
    notes = notes_of(folder)
    assert [n.note_id for n in notes] == ["C", "a", "b"]  # byte order: upper case first
    assert [n.text for n in notes] == ["C", "a", "b"]
    scan = scan_input(folder)
    assert scan == InputScan(folder, Format.TXT, notes=3, skipped=5, recursive=False)
    assert list_txt_files(folder).skipped == 5


def test_recursive_folder_ids_are_relative_paths_and_same_stems_do_not_clash(tmp_path):
    folder = make_folder(
        tmp_path / "f",
        {"n01.txt": "top", "sub/n01.txt": "sub", "sub/deeper/n01.TXT": "deep", "a.b/x.txt": "x"},
    )
    notes = notes_of(folder, recursive=True)
    assert [(n.note_id, n.text) for n in notes] == [
        ("a.b/x", "x"),
        ("n01", "top"),
        ("sub/deeper/n01", "deep"),
        ("sub/n01", "sub"),
    ]
    assert [n.note_id for n in notes_of(folder)] == ["n01"]  # not recursive: top level only
    assert scan_input(folder).skipped == 2
    assert scan_input(folder, recursive=True) == InputScan(folder, Format.TXT, 4, 0, True)


def test_folder_order_does_not_depend_on_the_filesystem(tmp_path, monkeypatch):
    import os

    folder = make_folder(tmp_path / "f", {name: name for name in ("b.txt", "a.txt", "é.txt")})
    real = os.scandir

    def reversed_scandir(path):
        return iter(sorted(real(path), key=lambda e: e.name, reverse=True))

    monkeypatch.setattr(os, "scandir", reversed_scandir)
    assert [n.note_id for n in notes_of(folder)] == ["a", "b", "é"]


def test_folder_symlinks_to_folders_are_skipped_and_bad_file_names_refused(tmp_path):
    import os

    folder = make_folder(tmp_path / "f", {"n1.txt": "x", "sub/n2.txt": "y"})
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    assert [n.note_id for n in notes_of(folder, recursive=True)] == ["n1", "sub/n2"]
    assert scan_input(folder, recursive=True).skipped == 1
    (folder / os.fsdecode(b"bad\xff.txt")).write_text("z", encoding="utf-8")
    assert "is not valid UTF-8; rename it" in error_of(folder)


def test_folder_without_txt_says_so_and_suggests_recursive_when_subfolders_have_notes(tmp_path):
    only_sub = make_folder(tmp_path / "f", {"sub/n1.txt": "x", "readme.md": "x"})
    message = error_of(only_sub)
    assert "has no .txt notes in it" in message and "--recursive" in message
    assert len(notes_of(only_sub, recursive=True)) == 1
    nothing = make_folder(tmp_path / "g", {"readme.md": "x", "sub/notes.docx": "x"})
    message = error_of(nothing)
    assert "has no .txt notes in it" in message and "--recursive" not in message
    with pytest.raises(InputError, match="or its subfolders"):
        detect_format(nothing, recursive=True)


# -- 4. cheap totals ------------------------------------------------------------------------------


def test_counts_for_every_format(tmp_path):
    table = pa.table({"id": ["a", "b", "c"], "text": ["x", "y", "z"]})
    pq.write_table(table, tmp_path / "n.parquet")
    assert count_notes(tmp_path / "n.parquet") == 3

    jsonl = tmp_path / "n.jsonl"
    jsonl.write_text('{"id": "a", "text": "x"}\n\n   \n{"id": "b", "text": "y"}', encoding="utf-8")
    assert count_notes(jsonl) == 2 == len(notes_of(jsonl))

    plain = write_csv(tmp_path / "plain.csv", [["id", "text"], ["a", "x"], ["b", "y"]])
    assert count_notes(plain) == 2

    quoted_rows = [["id", "text"], ["a", "one\ntwo\n\nthree"], ["b", 'say "hi"\r\n']]
    quoted = write_csv(tmp_path / "quoted.csv", quoted_rows + [["c", ""]])
    assert count_notes(quoted) == 3 == len(notes_of(quoted))

    assert scan_input(tmp_path / "n.parquet", count=False).notes is None
    assert scan_input(quoted).format is Format.CSV


def test_jsonl_count_across_block_boundaries(tmp_path, monkeypatch):
    import deid.io.readers

    monkeypatch.setattr(deid.io.readers, "BLOCK", 7)
    jsonl = tmp_path / "n.jsonl"
    rows = [json.dumps({"id": f"n{i}", "text": "t" * i}) for i in range(40)]
    jsonl.write_text("\n\n".join(rows) + "\n  \n", encoding="utf-8")
    assert count_notes(jsonl) == 40


# -- 5. stdin and single notes --------------------------------------------------------------------


def test_stdin_is_strict_utf8_keeps_text_exactly_and_drops_a_bom():
    raw = f"{SECRET}\r\n  tabs\there  \n\n".encode()
    assert read_stdin_note(io.BytesIO(b"\xef\xbb\xbf" + raw)).text == raw.decode()
    assert read_stdin_note(io.BytesIO(raw)).note_id == "stdin"
    with pytest.raises(InputError) as caught:
        read_stdin_note(io.BytesIO(SECRET.encode() + b"\nok\n\x80"))
    assert str(caught.value).startswith("stdin line 3 is not valid UTF-8")
    assert SECRET not in str(caught.value)


def test_read_text_note_reads_text_and_refuses_tables_and_folders(tmp_path):
    note = tmp_path / "n01.txt"
    note.write_bytes(b"\xef\xbb\xbfline one\r\nline two")
    assert (read_text_note(note).note_id, read_text_note(note).text) == (
        "n01",
        "line one\r\nline two",
    )
    for name in ("notes.csv", "notes.jsonl", "notes.parquet", "NOTES.CSV"):
        (tmp_path / name).write_text("id,text\n", encoding="utf-8")
        with pytest.raises(InputError, match="deid batch"):
            read_text_note(tmp_path / name)
    with pytest.raises(InputError, match="is a folder: use `deid batch"):
        read_text_note(tmp_path)
    with pytest.raises(InputError, match="note file not found"):
        read_text_note(tmp_path / "missing.txt")


# -- 6. any note length ---------------------------------------------------------------------------


def test_importing_deid_io_leaves_the_csv_field_limit_alone():
    code = "import csv, deid.io.readers; print(csv.field_size_limit())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(csv.field_size_limit())


def test_notes_far_over_the_default_csv_field_limit_read_and_the_limit_is_restored(tmp_path):
    before = csv.field_size_limit()
    long = (SECRET + " ") * 50_000  # about 1.2 MB, far over the default 128 KiB
    path = write_csv(tmp_path / "n.csv", [["id", "text"], ["n1", long], ["n2", "short"]])
    assert [n.text for n in notes_of(path)] == [long, "short"]
    assert csv.field_size_limit() == before
    jsonl = tmp_path / "n.jsonl"
    jsonl.write_text(json.dumps({"id": "n1", "text": long}) + "\n", encoding="utf-8")
    assert notes_of(jsonl)[0].text == long


# -- 7. JSONL -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (f'["n1", "{SECRET}"]', "n.jsonl line 2 is an array, not a JSON object"),
        (f'"{SECRET}"', "n.jsonl line 2 is a string, not a JSON object"),
        ("null", "n.jsonl line 2 is null, not a JSON object"),
        (f'{{"id": "n2", "text": "{SECRET}"', "n.jsonl line 2 is not valid JSON"),
        (f'{{"id": ["n2"], "text": "{SECRET}"}}', "n.jsonl line 2: 'id' must be a string or an"),
        (f'{{"id": 2.5, "text": "{SECRET}"}}', "n.jsonl line 2: 'id' must be a string or an"),
        (f'{{"id": true, "text": "{SECRET}"}}', "n.jsonl line 2: 'id' must be a string or an"),
        ('{"id": "n2", "text": 42}', "n.jsonl line 2: column 'text' is not text"),
        ('{"id": "n2", "text": {"a": 1}}', "n.jsonl line 2: column 'text' is not text"),
        ('{"id": "n2", "body": "x"}', "n.jsonl line 2 has no column 'text'"),
        ('{"id": "n2", "text": "\\ud800 x"}', "n.jsonl line 2: 'text' holds an unpaired"),
        ("[" * 100_000, "n.jsonl line 2 is not valid JSON"),
        ('{"id": ' + "9" * 5000 + ', "text": "x"}', "n.jsonl line 2 is not valid JSON"),
        ('{"id": "n1", "text": "again"}', "note id 'n1' appears more than once"),
    ],
)
def test_jsonl_bad_lines(tmp_path, line, message):
    path = tmp_path / "n.jsonl"
    path.write_text(f'{{"id": "n1", "text": "{SECRET}"}}\n{line}\n', encoding="utf-8")
    assert message in error_of(path)


def test_jsonl_integer_ids_a_bom_and_surrogate_pairs_are_fine(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": 7, "text": "\\ud83d\\ude00 ok"}\r\n')
    assert [(n.note_id, n.text) for n in notes_of(path)] == [("7", "\U0001f600 ok")]


# -- 8. chunks, columns, Parquet, formats ----------------------------------------------------------


def test_notes_come_in_chunks_of_at_most_chunk_size_in_input_order(tmp_path):
    rows = [["id", "text"]] + [[f"n{i}", f"text {i}"] for i in range(7)]
    path = write_csv(tmp_path / "n.csv", rows)
    chunks = list(read_notes(path, chunk_size=3))
    assert [[n.note_id for n in chunk] for chunk in chunks] == [
        ["n0", "n1", "n2"],
        ["n3", "n4", "n5"],
        ["n6"],
    ]


def test_other_column_names_a_patient_column_and_an_empty_text(tmp_path):
    rows = [["note", "body", "patient_id", "mrn"], ["a", "x", "p1", "123"], ["b", "", "", "9"]]
    path = write_csv(tmp_path / "n.csv", rows)
    notes = notes_of(path, id_column="note", text_column="body")
    assert [(n.note_id, n.text, n.patient_id) for n in notes] == [("a", "x", "p1"), ("b", "", None)]
    chosen = notes_of(path, id_column="note", text_column="body", patient_column="mrn")
    assert [n.patient_id for n in chosen] == ["123", "9"]
    assert "has no column 'id'" in error_of(path)


def test_jsonl_patient_ids_may_be_integers_and_missing_text_is_empty(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text(
        '{"id": "a", "text": "x", "patient_id": 42}\n{"id": "b", "text": null}\n', encoding="utf-8"
    )
    assert [(n.note_id, n.text, n.patient_id) for n in notes_of(path)] == [
        ("a", "x", "42"),
        ("b", "", None),
    ]


def test_parquet_reads_only_the_named_columns_in_row_order(tmp_path):
    table = pa.table(
        {
            "id": [f"n{i}" for i in range(2500)],
            "text": [f"note {i}" for i in range(2500)],
            "patient_id": [f"p{i % 3}" for i in range(2500)],
            "extra": list(range(2500)),
        }
    )
    path = tmp_path / "n.parquet"
    pq.write_table(table, path, row_group_size=1000)
    notes = notes_of(path, chunk_size=1000)
    assert len(notes) == 2500
    assert (notes[0].note_id, notes[0].text, notes[0].patient_id) == ("n0", "note 0", "p0")
    assert (notes[-1].note_id, notes[-1].text, notes[-1].patient_id) == ("n2499", "note 2499", "p0")
    assert [len(chunk) for chunk in read_notes(path, chunk_size=1000)] == [1000, 1000, 500]


def test_parquet_refusals_name_the_file_and_the_row(tmp_path):
    missing = tmp_path / "cols.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), missing)
    assert "cols.parquet has no column 'text'" in error_of(missing)
    not_text = tmp_path / "ints.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": [1, 2]}), not_text)
    assert error_of(not_text) == "ints.parquet row 1: column 'text' is not text"
    empty_id = tmp_path / "ids.parquet"
    pq.write_table(pa.table({"id": ["a", " "], "text": ["x", "y"]}), empty_id)
    assert error_of(empty_id) == "ids.parquet row 2: the id column 'id' is empty"
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"PAR1 this is not parquet " + SECRET.encode())
    assert error_of(garbage) == "garbage.parquet is not a readable Parquet file"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.csv", Format.CSV),
        ("a.CSV", Format.CSV),
        ("a.jsonl", Format.JSONL),
        ("a.ndjson", Format.JSONL),
        ("a.parquet", Format.PARQUET),
        ("a.pq", Format.PARQUET),
        ("a.txt", Format.TXT),
    ],
)
def test_detect_format_by_suffix(tmp_path, name, fmt):
    (tmp_path / name).write_text("x", encoding="utf-8")
    assert detect_format(tmp_path / name) is fmt


def test_detect_format_refuses_unknown_suffixes_and_missing_paths(tmp_path):
    (tmp_path / "notes.docx").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        detect_format(tmp_path / "notes.docx")
    assert str(caught.value) == (
        "cannot tell the format of notes.docx: use one of .csv, .jsonl, .ndjson, .parquet, "
        ".pq, .txt or a folder"
    )
    with pytest.raises(InputError, match="input not found"):
        detect_format(tmp_path / "missing.csv")


def test_a_single_txt_file_is_one_note_named_by_its_stem(tmp_path):
    path = tmp_path / "visit 3.txt"
    path.write_bytes(b"line one\r\nline two\n")
    assert [(n.note_id, n.text) for n in notes_of(path)] == [("visit 3", "line one\r\nline two\n")]
    assert scan_input(path) == InputScan(path, Format.TXT, notes=1)


def _rows_of(path: Path, **kwargs) -> list:
    return [row for chunk in read_rows(path, **kwargs) for row in chunk]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_several_text_columns_come_after_the_note_before_the_extra_cells(tmp_path, fmt):
    path = tmp_path / f"n.{fmt}"
    rows = [
        {"id": "a", "text": "first", "plan": "second", "ward": "w1"},
        {"id": "b", "text": "third", "plan": "", "ward": "w2"},
    ]
    if fmt == "parquet":
        pq.write_table(pa.Table.from_pylist(rows), path)
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        lines = ["id,text,plan,ward"] + [",".join(r.values()) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = _rows_of(path, text_column=("text", "plan"), extra_columns=["ward"])
    assert [(note.note_id, note.text, cells) for note, cells in read] == [
        ("a", "first", ("second", "w1")),
        ("b", "third", ("", "w2")),
    ]


def test_a_second_text_column_is_checked_like_the_first(tmp_path):
    path = tmp_path / "n.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["x", "y"], "plan": [None, 3]}), path)
    with pytest.raises(InputError) as caught:
        _rows_of(path, text_column=("text", "plan"))
    assert str(caught.value) == "n.parquet row 2: column 'plan' is not text"
    with pytest.raises(InputError, match="n.parquet has no column 'notes'"):
        _rows_of(path, text_column=("text", "notes"))
