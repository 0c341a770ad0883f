"""Fuzzing the readers (hypothesis): any bytes in, either notes or an InputError out, nothing else.

Notes written by the csv and json modules must read back exactly (or, for a NUL in a CSV, be
refused with an InputError). Inputs are synthetic; each example gets its own temporary folder.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deid.errors import InputError
from deid.io.readers import count_notes, read_notes, read_text_note, scan_input

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ROUND_TRIP = settings(FUZZ, max_examples=120)


@contextmanager
def file_with(name: str, data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def read_all(path: Path, **kwargs) -> list | None:
    """The notes, or None when the input is refused with an InputError (anything else fails)."""
    try:
        return [note for chunk in read_notes(path, chunk_size=7, **kwargs) for note in chunk]
    except InputError as err:
        assert str(err) and "\n" not in str(err)
        return None


TOKENS = [
    b'"', b'""', b",", b"\n", b"\r", b"\r\n", b" ", b"\t", b"id", b"text", b"patient_id", b"n1",
    b"n2", b"note", b"\x00", b"\xff", b"\xc3", b"\xa9", b"\xe2\x82", b"\xef\xbb\xbf", b"{", b"}",
    b"[", b"]", b":", b"null", b"true", b"1", b"2.5", b"\\u", b"\\ud800", b"\\n", b"\xf0\x9f\x98",
]  # fmt: skip
token_bytes = st.lists(st.sampled_from(TOKENS), max_size=60).map(b"".join)
anything = st.one_of(
    st.binary(max_size=600),
    token_bytes,
    token_bytes.map(lambda body: b"id,text\r\n" + body),
    token_bytes.map(lambda body: b'{"id": "n0", "text": "x"}\n' + body),
)


@FUZZ
@given(anything, st.sampled_from(["n.csv", "n.jsonl", "n.txt", "N.NDJSON"]))
def test_random_bytes_give_notes_or_an_input_error(data, name):
    with file_with(name, data) as path:
        notes = read_all(path)
        counted = count_notes(path)
        if notes is not None:
            assert counted == len(notes)  # the progress bar's total is right for a good file
        if name.endswith(".txt"):
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                assert notes is None
            else:
                assert [(n.note_id, n.text) for n in notes] == [("n", text)]
                assert read_text_note(path).text == text


@FUZZ
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_random_bytes_in_a_folder_give_notes_or_an_input_error(first, second):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "sub").mkdir()
        (root / "a.txt").write_bytes(first)
        (root / "sub" / "B.TXT").write_bytes(second)
        notes = read_all(root, recursive=True)
        if notes is not None:
            assert [n.note_id for n in notes] == ["a", "sub/B"]
        assert scan_input(root).skipped == 1


SPECIAL = [
    "\u200f", "\u202e", "\u2066", "\u0301", "e\u0301", "\U0001f600", "\U0001f469\u200d\u2695\ufe0f",
    "\x00", "\r\n", "\r", "\n", '"', '""', ",", "\ufeff", "\u2028", "\x85", "\t", " ", "\\", "'",
]  # fmt: skip
chars = st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL))
short_text = st.lists(chars, max_size=40).map("".join)
long_text = st.builds(
    lambda s, n: (s * n)[:200_000], short_text.filter(bool), st.integers(1, 50_000)
)
note_text = st.one_of(short_text, short_text, long_text)
notes_strategy = st.lists(note_text, min_size=1, max_size=5)


@ROUND_TRIP
@given(
    notes_strategy,
    st.sampled_from(["\r\n", "\n"]),
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_unicode_notes_written_by_csv_read_back_exactly(texts, terminator, quoting):
    buffer = _csv_bytes(texts, terminator, quoting)
    if quoting == csv.QUOTE_ALL:  # and the last line without its line break
        buffer = buffer.removesuffix(terminator.encode())
    with file_with("n.csv", buffer) as path:
        notes = read_all(path, id_column="note id")
        # Python 3.11's writer leaves a bare CR unquoted when the line terminator is "\n": that
        # file is not a valid CSV (the CR ends the line), so it must be refused, not misread.
        bare_cr = terminator == "\n" and quoting == csv.QUOTE_MINIMAL
        if any("\x00" in text for text in texts):
            assert notes is None  # a NUL is refused, never passed on
        elif notes is None:
            assert bare_cr and any("\r" in text.replace("\r\n", "") for text in texts)
        else:
            assert [(n.note_id, n.text, n.patient_id) for n in notes] == [
                (f"n{i}", text, f"p{i}") for i, text in enumerate(texts)
            ]
            assert count_notes(path) == len(texts)


@ROUND_TRIP
@given(notes_strategy, st.booleans())
def test_unicode_notes_written_by_json_read_back_exactly(texts, ascii_only):
    lines = [
        json.dumps({"id": i, "text": text, "patient_id": f"p{i}"}, ensure_ascii=ascii_only)
        for i, text in enumerate(texts)
    ]
    with file_with("n.jsonl", ("\n".join(lines) + "\n").encode("utf-8")) as path:
        notes = read_all(path)
        assert notes is not None
        assert [(n.note_id, n.text, n.patient_id) for n in notes] == [
            (str(i), text, f"p{i}") for i, text in enumerate(texts)
        ]
        assert count_notes(path) == len(texts)


@ROUND_TRIP
@given(note_text)
def test_unicode_notes_in_txt_files_read_back_exactly(text):
    with file_with("n.txt", text.encode("utf-8")) as path:
        expected = text[1:] if text.startswith("\ufeff") else text
        assert read_all(path)[0].text == expected


@FUZZ
@given(
    st.lists(short_text, min_size=1, max_size=4),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(['"', ",", "\n", "\r", '""', "x"])),
        min_size=1,
        max_size=3,
    ),
    st.booleans(),
)
def test_broken_csv_quoting_gives_notes_or_an_input_error(texts, edits, delete):
    data = _csv_bytes(texts, "\r\n", csv.QUOTE_ALL).decode("utf-8")
    for position, piece in edits:
        at = position % (len(data) + 1)
        data = (
            data[:at] + data[at + 1 :]
            if delete and at < len(data)
            else data[:at] + piece + data[at:]
        )
    with file_with("n.csv", data.encode("utf-8")) as path:
        notes = read_all(path, id_column="note id")
        if notes is not None:
            assert count_notes(path) == len(notes)
            assert all(isinstance(n.text, str) for n in notes)


def _csv_bytes(texts: list[str], terminator: str, quoting: int) -> bytes:
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=terminator, quoting=quoting)
    writer.writerow(["note id", "text", "patient_id"])
    writer.writerows([f"n{i}", text, f"p{i}"] for i, text in enumerate(texts))
    return buffer.getvalue().encode("utf-8")
