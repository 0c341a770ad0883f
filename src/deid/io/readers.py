"""Streaming notes in: CSV, JSONL, Parquet, or a folder of .txt (writers are in ``writers``).

Notes are read in chunks so memory stays flat for large inputs, and every input is read strictly:
text must be UTF-8, a CSV must be well formed (quotes closed, every row as wide as the header, no
NUL byte), a JSONL line must be one JSON object. Anything else is one ``InputError`` that names the
file and the line and says what to do. Messages never quote note text: only file names, line
numbers, column names and the kind of problem.

There is no limit on the length of a note (a CSV field, a JSONL line or a .txt file).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from deid.errors import InputError
from deid.model import Note


class Format(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    PARQUET = "parquet"
    TXT = "txt"


SUFFIXES = {
    ".csv": Format.CSV,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".parquet": Format.PARQUET,
    ".pq": Format.PARQUET,
    ".txt": Format.TXT,
}

TABLES = frozenset({Format.CSV, Format.JSONL, Format.PARQUET})
"""Formats that hold many notes (``deid batch``), as opposed to one note per .txt file."""

BLOCK = 1 << 20
"""Bytes read at a time when counting or scanning a file."""


@dataclass(frozen=True)
class InputScan:
    """What an input holds, for the progress bar and the run summary.

    ``notes`` is the number of notes (None when not counted); ``skipped`` is the number of folder
    entries that are not notes (other files, hidden files, subfolders when not recursive).
    """

    path: Path
    format: Format
    notes: int | None
    skipped: int = 0
    recursive: bool = False


@dataclass(frozen=True)
class FolderListing:
    """The .txt notes of a folder, in reading order, and how many other entries were skipped."""

    folder: Path
    files: tuple[Path, ...]
    skipped: int

    def note_id(self, file: Path) -> str:
        return txt_note_id(self.folder, file)


# -- formats and scanning ------------------------------------------------------------------------


def detect_format(path: Path, *, recursive: bool = False) -> Format:
    """Guess the input format from the path; a folder means a folder of .txt notes.

    A folder must hold at least one .txt note (in a subfolder too when ``recursive``).
    """
    if not path.exists():
        raise InputError(f"input not found: {path}")
    if path.is_dir():
        if not any(kind == "txt" for kind, _ in _walk(path, recursive)):
            raise _no_txt_error(path, recursive)
        return Format.TXT
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(SUFFIXES))
        raise InputError(f"cannot tell the format of {path.name}: use one of {known} or a folder")
    return fmt


def list_txt_files(folder: Path, *, recursive: bool = False) -> FolderListing:
    """The .txt notes of ``folder`` (suffix in any case), sorted by the bytes of their relative
    posix path so the order never depends on the filesystem. Hidden entries, other files, and
    subfolders (unless ``recursive``) are skipped and counted."""
    files: list[Path] = []
    skipped = 0
    for kind, entry in _walk(folder, recursive):
        if kind == "txt":
            files.append(entry)
        else:
            skipped += 1
    files.sort(key=lambda file: _relative(folder, file).encode("utf-8"))
    return FolderListing(folder, tuple(files), skipped)


def txt_note_id(folder: Path, file: Path) -> str:
    """A folder note's id: its path relative to ``folder`` without the suffix (``sub/n01``)."""
    relative = _relative(folder, file)
    return relative[: -len(".txt")]


def scan_input(path: Path, *, recursive: bool = False, count: bool = True) -> InputScan:
    """The input's format, its number of notes (when ``count``) and the entries it skips.

    Counting is cheap: Parquet from its metadata, JSONL by non-blank lines, CSV by records
    (a line count when nothing is quoted), a folder by its .txt files.
    """
    fmt = detect_format(path, recursive=recursive)
    if fmt is Format.TXT and path.is_dir():
        listing = list_txt_files(path, recursive=recursive)
        return InputScan(path, fmt, len(listing.files), listing.skipped, recursive)
    notes = _count(path, fmt) if count else None
    return InputScan(path, fmt, notes, 0, recursive)


def count_notes(path: Path, *, recursive: bool = False) -> int | None:
    """How many notes ``path`` holds, counted cheaply; None when the file cannot be counted."""
    return scan_input(path, recursive=recursive).notes


def _count(path: Path, fmt: Format) -> int | None:
    if fmt is Format.TXT:
        return 1
    try:
        if fmt is Format.PARQUET:
            return pq.ParquetFile(path).metadata.num_rows
        if fmt is Format.JSONL:
            return _count_nonblank_lines(path)
        return _count_csv_records(path)
    except (OSError, pa.ArrowException, csv.Error):
        return None  # reading it will say what is wrong


def _count_nonblank_lines(path: Path) -> int:
    """Lines with something other than whitespace, read in binary blocks (no JSON parse)."""
    count = 0
    pending = False  # the current (unfinished) line has content
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            parts = block.split(b"\n")
            for part in parts[:-1]:
                if pending or part.strip():
                    count += 1
                pending = False
            pending = pending or bool(parts[-1].strip())
    return count + pending


def _count_csv_records(path: Path) -> int:
    """Data records of a CSV (blank lines and the header excluded), right for quoted newlines."""
    records = 0
    with path.open("rb") as handle:
        for line in handle:
            body = line.rstrip(b"\r\n")
            if b'"' in body or b"\r" in body:
                break  # quotes may hold line breaks (or lines end in a bare CR): parse it
            records += bool(body)
        else:
            return max(records - 1, 0)
    with _csv_field_limit(), path.open(encoding="utf-8-sig", errors="replace", newline="") as text:
        records = sum(1 for row in csv.reader(text) if row)
    return max(records - 1, 0)


# -- reading -------------------------------------------------------------------------------------


def read_notes(
    path: Path,
    *,
    id_column: str = "id",
    text_column: str = "text",
    patient_column: str | None = None,
    chunk_size: int = 256,
    recursive: bool = False,
) -> Iterator[list[Note]]:
    """Yield lists of at most ``chunk_size`` notes from any supported input."""
    chunks = read_rows(
        path,
        id_column=id_column,
        text_column=text_column,
        patient_column=patient_column,
        chunk_size=chunk_size,
        recursive=recursive,
    )
    for chunk in chunks:
        yield [note for note, _ in chunk]


Row = tuple[Note, tuple[Any, ...]]
"""A note (its first text column) and the values of the extra columns asked for (None where a
JSONL line has none), after the texts of its other text columns when there are several."""


def text_columns(text_column: str | Sequence[str]) -> tuple[str, ...]:
    """One text column or several, as a tuple (``"text"`` -> ``("text",)``)."""
    columns = (text_column,) if isinstance(text_column, str) else tuple(text_column)
    if not columns:
        raise InputError("give at least one text column")
    return columns


def read_rows(
    path: Path,
    *,
    id_column: str = "id",
    text_column: str | Sequence[str] = "text",
    patient_column: str | None = None,
    extra_columns: Sequence[str] = (),
    chunk_size: int = 256,
    recursive: bool = False,
) -> Iterator[list[Row]]:
    """``read_notes`` with the values of ``extra_columns`` beside each note (tables only: a
    CSV or Parquet file without one of them is refused; a JSONL line without one has None).

    With several text columns the note holds the first one's text and the row's values start
    with the others' texts (each checked as the first one is: text, or empty)."""
    fmt = detect_format(path, recursive=recursive)
    texts = text_columns(text_column)
    extra = tuple(extra_columns)
    if fmt is Format.TXT:
        if extra or len(texts) > 1:
            raise InputError(f"{_shown(path)} is .txt notes: they have no columns")
        rows: Iterator[Row] = ((note, ()) for note in _txt_rows(path, recursive))
    else:
        rows = {
            Format.CSV: _csv_rows,
            Format.JSONL: _jsonl_rows,
            Format.PARQUET: _parquet_rows,
        }[fmt](path, id_column, texts, patient_column, extra)
    return chunked(rows, chunk_size, _shown(path))


def chunked(rows: Iterable[Row], chunk_size: int, name: str) -> Iterator[list[Row]]:
    """Rows in lists of at most ``chunk_size``; a note id seen before is refused."""
    chunk: list[Row] = []
    seen: set[str] = set()
    for note, values in rows:
        if note.note_id in seen:
            raise repeated_id(name, note.note_id)
        seen.add(note.note_id)
        chunk.append((note, values))
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def repeated_id(name: str, note_id: str) -> InputError:
    """The refusal of a note id seen before (ids are copied to the output as they are)."""
    return InputError(f"{name}: note id {note_id!r} appears more than once")


def parquet_types(path: Path, columns: Sequence[str]) -> list[pa.DataType]:
    """The Parquet types of ``columns`` (to write kept columns back with the input's types)."""
    schema = _parquet_file(path).schema_arrow
    return [schema.field(column).type for column in columns]


def project(
    path: Path, fmt: Format, columns: Sequence[str], *, patient_column: str | None = None
) -> Iterator[tuple[str | None, tuple[Any, ...]]]:
    """(patient id, values of ``columns``) of every row of a table, read strictly but keeping
    nothing else: Parquet reads only those columns; CSV and JSONL are parsed a row at a time.

    The patient column is chosen as ``read_notes`` chooses it (``patient_id`` when present)
    and its value is the note's ``patient_id``. A column that is in no row is refused, naming
    the columns there are (for JSONL once the whole file is read, since its lines may have
    different keys; a line without one gives None): consume the iterator to the end.
    """
    wanted = tuple(columns)
    name = path.name
    if fmt is Format.PARQUET:
        parquet = _parquet_file(path)
        present = list(parquet.schema_arrow.names)
        yield from project_batches(
            lambda read: _parquet_batches(parquet, name, read), name, present, wanted,
            patient_column,
        )  # fmt: skip
    elif fmt is Format.CSV:
        header: list[str] | None = None
        for _, row in _csv_records(path):
            if header is None:
                header = row
                _check_columns(name, header, patient_column)
                _check_columns(name, header, *wanted, hint=_EXTRA_HINT)
                _check_unique(name, header, (patient_column, *wanted))
                patient = _patient_column(patient_column, header)
                at = header.index(patient) if patient else None
                indices = [header.index(c) for c in wanted]
            else:
                owner = _patient_of({"p": row[at]}, "p") if at is not None else None
                yield owner, tuple(row[i] for i in indices)
    elif fmt is Format.JSONL:
        seen: set[str] = set()
        for number, row, escaped in _jsonl_objects(path, "id", "text"):
            patient = _patient_column(patient_column, list(row))
            if escaped:
                _refuse_lone_surrogates(row, name, f"line {number}", (patient, *wanted))
            seen.update(c for c in wanted if c in row)
            yield _patient_of(row, patient), tuple(row.get(c) for c in wanted)
        missing = [c for c in wanted if c not in seen]
        if missing:
            raise InputError(
                f"{name} has no key {', '.join(map(repr, missing))} in any line{_EXTRA_HINT}"
            )
    else:
        raise InputError(f"{_shown(path)} is .txt notes: they have no columns")


def project_batches(
    batches: Callable[[list[str]], Iterable[list[dict[str, Any]]]],
    name: str,
    present: list[str],
    wanted: tuple[str, ...],
    patient_column: str | None,
) -> Iterator[tuple[str | None, tuple[Any, ...]]]:
    """``project`` over a columnar table (Parquet, a DataFrame): ``batches(columns)`` reads
    those columns only, as lists of row dicts."""
    _check_columns(name, present, patient_column)
    _check_columns(name, present, *wanted, hint=_EXTRA_HINT)
    patient = _patient_column(patient_column, present)
    read = list(dict.fromkeys(c for c in (patient, *wanted) if c))
    for rows in batches(read):
        for row in rows:
            yield _patient_of(row, patient), tuple(row[c] for c in wanted)


def read_text_note(path: Path) -> Note:
    """One note from a text file, for ``deid redact FILE``; tables and folders are refused."""
    if not path.exists():
        raise InputError(f"note file not found: {path} (give a .txt file, or - to read stdin)")
    if path.is_dir():
        raise InputError(
            f"{path} is a folder: use `deid batch {path} --out DIR` to de-identify its notes"
        )
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt in TABLES:
        raise InputError(
            f"{path.name} is a {fmt.value.upper()} table of notes, not one note: use "
            f"`deid batch {path} --out DIR` to de-identify it"
        )
    return Note(path.stem, _decode(_read_bytes(path, path.name), path.name))


def read_stdin_note(stream: BinaryIO) -> Note:
    """One note from a binary stream (stdin): strict UTF-8, a leading BOM dropped, text as is."""
    return Note("stdin", _decode(stream.read(), "stdin"))


# -- helpers shared by the readers ----------------------------------------------------------------

_ESCAPED = re.compile("[\udc80-\udcff]")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_HEADER_NAME = re.compile(r"[\w\-/#]{1,32}(?: [\w\-/#]+){0,2}")
"""What a column name looks like: short, at most three words, no punctuation. Anything else
may be note text (a file without a header row) and is not put in a message."""


def _utf8_error(name: str, line: int) -> InputError:
    return InputError(
        f"{name} line {line} is not valid UTF-8: deid reads UTF-8 text only; save the file as "
        f"UTF-8 (e.g. Excel 'CSV UTF-8', or iconv -f cp1252 -t utf-8) and run again"
    )


def _decode(data: bytes, name: str) -> str:
    """Strict UTF-8 with a leading BOM removed; line breaks and everything else kept as given."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = len(_LINE_BREAK.findall(data, 0, err.start)) + 1
        raise _utf8_error(name, line) from None


def _first_bad_utf8_line(path: Path) -> int:
    """The line (counted as csv does: CR, LF or CRLF) of a file's first invalid UTF-8 byte."""
    with path.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
        number = 0
        for number, line in enumerate(handle, start=1):  # noqa: B007 (used after the loop)
            if _ESCAPED.search(line):
                return number
    return max(number, 1)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read {name}: {err.strerror or err}") from None


def _show_columns(columns: list[str]) -> str:
    """Column names for a message; a "name" that looks like note text (a header-less file) is
    not shown."""
    shown = [
        repr(c) if len(c) <= 40 and _HEADER_NAME.fullmatch(c) else "(not shown)"
        for c in columns[:30]
    ]
    more = f" and {len(columns) - 30} more" if len(columns) > 30 else ""
    hint = " (does the file have a header row?)" if "(not shown)" in shown else ""
    return ", ".join(shown) + more + hint


_ID_TEXT_HINT = ". Use --id-column / --text-column to choose."
_EXTRA_HINT = ": give a column the input has to --known-column / --keep-column"


def _check_columns(
    name: str, present: list[str], *wanted: str | None, hint: str = _ID_TEXT_HINT
) -> None:
    missing = [c for c in wanted if c and c not in present]
    if missing:
        raise InputError(
            f"{name} has no column {', '.join(map(repr, dict.fromkeys(missing)))}; its columns "
            f"are {_show_columns(present)}{hint}"
        )


def _check_unique(name: str, header: list[str], columns: Iterable[str | None]) -> None:
    for column in columns:
        if column and header.count(column) > 1:
            raise InputError(f"{name}: the header names column {column!r} more than once")


DEFAULT_PATIENT_COLUMN = "patient_id"


def _patient_column(requested: str | None, present: list[str]) -> str | None:
    """The patient column: as asked, else ``patient_id`` when the input has one."""
    if requested:
        return requested
    return DEFAULT_PATIENT_COLUMN if DEFAULT_PATIENT_COLUMN in present else None


def _note(
    row: dict,
    name: str,
    where: str,
    id_col: str,
    text_cols: tuple[str, ...],
    patient_col: str | None,
) -> tuple[Note, tuple[str, ...]]:
    """The row's note (its first text column) and the texts of its other text columns."""
    note_id = row.get(id_col)
    if note_id is None or str(note_id).strip() == "":
        raise InputError(f"{name} {where}: the id column {id_col!r} is empty")
    texts = []
    for text_col in text_cols:
        text = row.get(text_col)
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise InputError(f"{name} {where}: column {text_col!r} is not text")
        texts.append(text)
    return Note(str(note_id), texts[0], _patient_of(row, patient_col)), tuple(texts[1:])


def _patient_of(row: dict, patient_col: str | None) -> str | None:
    """A row's patient id as a note carries it (None when there is none)."""
    patient = row.get(patient_col) if patient_col else None
    return str(patient) if patient not in (None, "") else None


# -- CSV ------------------------------------------------------------------------------------------


@contextmanager
def _csv_field_limit() -> Iterator[None]:
    """No limit on a field's length while a CSV is read (restored afterwards)."""
    previous = csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _refuse_nul(lines: Iterable[str], name: str) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if "\0" in line:
            raise InputError(
                f"{name} line {number} contains a NUL byte: this is not a text CSV (a spreadsheet "
                f"or UTF-16 file?); export it as 'CSV UTF-8' and run again"
            )
        yield line


def _csv_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of the header, then of every data row (each as wide as the header);
    blank lines skipped; every problem an ``InputError`` naming the line."""
    name = path.name
    try:
        raw = path.open("rb")
    except OSError as err:
        raise InputError(f"cannot read {name}: {err.strerror or err}") from None
    with raw, _csv_field_limit():
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.reader(_refuse_nul(text, name), strict=True)
        start = 1  # the line the current record starts on
        try:
            header: list[str] | None = None
            for row in reader:
                if not row:  # a blank line
                    start = reader.line_num + 1
                    continue
                if header is None:
                    header = row
                elif len(row) != len(header):
                    raise _width_error(name, start, len(row), len(header))
                yield start, row
                start = reader.line_num + 1
            if header is None:
                raise InputError(
                    f"{name} is empty: a CSV needs a header row, then one row per note"
                )
        except UnicodeDecodeError:
            raise _utf8_error(name, _first_bad_utf8_line(path)) from None
        except csv.Error as err:
            raise _csv_error(name, str(err), start, reader.line_num) from None


def _csv_rows(
    path: Path,
    id_col: str,
    text_cols: tuple[str, ...],
    patient_col: str | None,
    extra: tuple[str, ...],
) -> Iterator[Row]:
    name = path.name
    header: list[str] | None = None
    for start, row in _csv_records(path):
        if header is None:
            header = row
            _check_header(name, header, id_col, text_cols, patient_col)
            _check_columns(name, header, *extra, hint=_EXTRA_HINT)
            _check_unique(name, header, extra)
            patient_col = _patient_column(patient_col, header)
            continue
        fields = dict(zip(header, row, strict=True))
        note, texts = _note(fields, name, f"line {start}", id_col, text_cols, patient_col)
        yield note, texts + tuple(fields[c] for c in extra)


def _check_header(
    name: str, header: list[str], id_col: str, text_cols: tuple[str, ...], patient_col: str | None
) -> None:
    _check_columns(name, header, id_col, *text_cols, patient_col)
    _check_unique(name, header, (id_col, *text_cols, patient_col))


def _width_error(name: str, line: int, fields: int, wanted: int) -> InputError:
    if fields > wanted:
        hint = "a field with a comma in it must be in double quotes"
    else:
        hint = "a field is missing, or a line break is not inside double quotes"
    return InputError(f"{name} line {line} has {fields} fields but the header has {wanted}: {hint}")


def _csv_error(name: str, reason: str, start: int, line: int) -> InputError:
    if "unexpected end of data" in reason:
        return InputError(
            f"{name} line {start}: a double quote opened in this row is never closed, so the rest "
            f'of the file would be one field; close the quote (write a literal quote as "")'
        )
    if "expected after" in reason:
        return InputError(
            f"{name} line {line}: a quoted field goes on after its closing quote; write a quote "
            f'inside a quoted field as two ("")'
        )
    if "new-line character" in reason:
        return InputError(f"{name} line {line}: a bare carriage return inside an unquoted field")
    return InputError(f"{name} line {line} is not valid CSV")


# -- JSONL ----------------------------------------------------------------------------------------

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_JSON_KIND = {list: "an array", str: "a string", int: "a number", float: "a number"}


def _jsonl_objects(path: Path, id_col: str, text_col: str) -> Iterator[tuple[int, dict, bool]]:
    """(line number, object, whether the line has a surrogate escape) of every non-blank line;
    anything else an ``InputError``."""
    name = path.name
    try:
        handle = path.open("rb")
    except OSError as err:
        raise InputError(f"cannot read {name}: {err.strerror or err}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise _utf8_error(name, number) from None
            where = f"line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(
                    f"{name} {where} is not valid JSON ({err.msg} at column {err.colno})"
                ) from None
            except (ValueError, RecursionError):  # a huge integer; nesting too deep
                raise InputError(f"{name} {where} is not valid JSON") from None
            if not isinstance(row, dict):
                kind = "null" if row is None else _JSON_KIND.get(type(row), "true/false")
                raise InputError(
                    f"{name} {where} is {kind}, not a JSON object: write one object per line, "
                    f'like {{"{id_col}": "n01", "{text_col}": "..."}}'
                )
            yield number, row, bool(_SURROGATE_ESCAPE.search(raw))


def _jsonl_rows(
    path: Path,
    id_col: str,
    text_cols: tuple[str, ...],
    patient_col: str | None,
    extra: tuple[str, ...],
) -> Iterator[Row]:
    name = path.name
    for number, row, escaped in _jsonl_objects(path, id_col, text_cols[0]):
        where = f"line {number}"
        _check_columns(f"{name} {where}", list(row), id_col, *text_cols)
        column = _patient_column(patient_col, list(row))
        for key in (id_col, column):
            value = row.get(key) if key else None
            if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
                raise InputError(f"{name} {where}: {key!r} must be a string or an integer")
        if escaped:
            _refuse_lone_surrogates(row, name, where, (id_col, *text_cols, column, *extra))
        note, texts = _note(row, name, where, id_col, text_cols, column)
        yield note, texts + tuple(row.get(c) for c in extra)


def _refuse_lone_surrogates(row: dict, name: str, where: str, keys: tuple) -> None:
    for key in keys:
        value = row.get(key) if key else None
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError(
                    f"{name} {where}: {key!r} holds an unpaired surrogate escape (\\udXXX), "
                    f"which is not valid Unicode text"
                ) from None


# -- Parquet --------------------------------------------------------------------------------------


def hand_arrow_memory_back() -> None:
    """Give pyarrow's buffers to the C library's allocator, which hands freed memory back for
    Python to reuse; pyarrow's own (mimalloc) kept it, and a batch process that reads and
    writes Parquet for hours grew by about 50 MiB over 100,000 notes. For ``deid batch``, a
    process of deid's own: a library call leaves its caller's choice of allocator alone."""
    pa.set_memory_pool(pa.system_memory_pool())


def _parquet_file(path: Path) -> pq.ParquetFile:
    """Opened without pyarrow's pre-buffering, which reads a row group's column chunks whole
    ahead of use: its allocator keeps what it once held, and a long run's reader grew by about
    40 MiB (100,000 notes of about 1,000 characters; local files lose no speed)."""
    try:
        return pq.ParquetFile(path, pre_buffer=False)
    except (pa.ArrowException, OSError):
        raise InputError(f"{path.name} is not a readable Parquet file") from None


def _parquet_batches(
    parquet: pq.ParquetFile, name: str, columns: list[str]
) -> Iterator[list[dict[str, Any]]]:
    """The rows of ``columns`` only, 1,024 at a time, as dicts."""
    row_number = 0
    batches = parquet.iter_batches(batch_size=1024, columns=columns)
    while True:
        try:
            batch = next(batches, None)
            rows = batch.to_pylist() if batch is not None else None
        except (pa.ArrowException, OSError, UnicodeDecodeError):
            raise InputError(
                f"{name} is damaged or not UTF-8 after row {row_number}: write it again"
            ) from None
        if rows is None:
            return
        row_number += len(rows)
        yield rows


def _parquet_rows(
    path: Path,
    id_col: str,
    text_cols: tuple[str, ...],
    patient_col: str | None,
    extra: tuple[str, ...],
) -> Iterator[Row]:
    name = path.name
    parquet = _parquet_file(path)
    yield from table_rows(
        lambda wanted: _parquet_batches(parquet, name, wanted),
        name, list(parquet.schema_arrow.names), id_col, text_cols, patient_col, extra,
    )  # fmt: skip


def check_table_columns(
    name: str,
    columns: list[str],
    id_col: str,
    text_cols: tuple[str, ...],
    patient_col: str | None,
    extra: tuple[str, ...] = (),
) -> str | None:
    """Refuse a table without the columns asked for (naming those it has); the patient column
    it will use (``patient_id`` when present and none was asked for)."""
    _check_columns(name, columns, id_col, *text_cols, patient_col)
    _check_columns(name, columns, *extra, hint=_EXTRA_HINT)
    return _patient_column(patient_col, columns)


def table_rows(
    batches: Callable[[list[str]], Iterable[list[dict[str, Any]]]],
    name: str,
    columns: list[str],
    id_col: str,
    text_cols: tuple[str, ...],
    patient_col: str | None,
    extra: tuple[str, ...],
) -> Iterator[Row]:
    """The rows of a columnar table (Parquet, a DataFrame): ``batches(columns)`` reads those
    columns only, as lists of row dicts; rows are named ``row N`` (1-based) in messages."""
    patient_col = check_table_columns(name, columns, id_col, text_cols, patient_col, extra)
    wanted = list(dict.fromkeys(c for c in (id_col, *text_cols, patient_col, *extra) if c))
    row_number = 0
    for rows in batches(wanted):
        for row in rows:
            row_number += 1
            note, texts = _note(row, name, f"row {row_number}", id_col, text_cols, patient_col)
            yield note, texts + tuple(row[c] for c in extra)


# -- .txt -----------------------------------------------------------------------------------------


def _txt_rows(path: Path, recursive: bool) -> Iterator[Note]:
    if path.is_file():
        yield Note(path.stem, _decode(_read_bytes(path, path.name), path.name))
        return
    listing = list_txt_files(path, recursive=recursive)
    for file in listing.files:
        shown = f"{_shown(path)}/{_relative(path, file)}"
        yield Note(listing.note_id(file), _decode(_read_bytes(file, shown), shown))


def _shown(path: Path) -> str:
    """A path's name for a message (``.`` has no name)."""
    return path.name or str(path)


def _relative(folder: Path, file: Path) -> str:
    relative = file.relative_to(folder).as_posix()
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"in {folder}: the file name {relative!r} is not valid UTF-8; rename it"
        ) from None
    return relative


def _walk(folder: Path, recursive: bool) -> Iterator[tuple[str, Path]]:
    """Folder entries, lazily: ("txt", file) for a note, ("skip", entry) for anything else.

    Hidden entries and symlinked folders are skipped; subfolders are entered when ``recursive``.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError as err:
        raise InputError(f"cannot read folder {folder}: {err.strerror or err}") from None
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            yield "skip", path
        elif entry.is_dir(follow_symlinks=False):
            if recursive:
                yield from _walk(path, recursive)
            else:
                yield "skip", path
        elif entry.name.lower().endswith(".txt") and entry.is_file():
            yield "txt", path
        else:
            yield "skip", path


def _no_txt_error(folder: Path, recursive: bool) -> InputError:
    skipped = sum(1 for _ in _walk(folder, recursive))
    entries = "entry" if skipped == 1 else "entries"
    others = f" ({skipped} other {entries} skipped: only .txt files are notes)" if skipped else ""
    if recursive:
        return InputError(f"folder {folder} has no .txt notes in it or its subfolders{others}")
    nested = sum(1 for kind, _ in _walk(folder, True) if kind == "txt")
    if nested:
        return InputError(
            f"folder {folder} has no .txt notes in it, but its subfolders have {nested}: "
            f"add --recursive to read them"
        )
    return InputError(f"folder {folder} has no .txt notes in it{others}")
