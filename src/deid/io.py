"""Streaming notes in: CSV, JSONL, Parquet, or a folder of .txt.

Notes are read in chunks so memory stays flat for large inputs (writers are in ``writers``).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from deid.errors import InputError
from deid.model import Note

csv.field_size_limit(sys.maxsize)


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


def detect_format(path: Path) -> Format:
    """Guess the input format from the path; a folder means a folder of .txt notes."""
    if not path.exists():
        raise InputError(f"input not found: {path}")
    if path.is_dir():
        if not any(path.glob("*.txt")):
            raise InputError(f"folder {path} has no .txt notes in it")
        return Format.TXT
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(SUFFIXES))
        raise InputError(f"cannot tell the format of {path.name}: use one of {known} or a folder")
    return fmt


def read_notes(
    path: Path,
    *,
    id_column: str = "id",
    text_column: str = "text",
    patient_column: str | None = None,
    chunk_size: int = 256,
) -> Iterator[list[Note]]:
    """Yield lists of at most ``chunk_size`` notes from any supported input."""
    fmt = detect_format(path)
    rows = {
        Format.CSV: _csv_rows,
        Format.JSONL: _jsonl_rows,
        Format.PARQUET: _parquet_rows,
        Format.TXT: _txt_rows,
    }[fmt](path, id_column, text_column, patient_column)
    chunk: list[Note] = []
    seen: set[str] = set()
    for note in rows:
        if note.note_id in seen:
            raise InputError(f"{path.name}: note id {note.note_id!r} appears more than once")
        seen.add(note.note_id)
        chunk.append(note)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check_columns(path: Path, present: list[str], *wanted: str | None) -> None:
    missing = [c for c in wanted if c and c not in present]
    if missing:
        raise InputError(
            f"{path.name} has no column {', '.join(map(repr, missing))}; its columns are "
            f"{', '.join(map(repr, present))}. Use --id-column / --text-column to choose."
        )


DEFAULT_PATIENT_COLUMN = "patient_id"


def _patient_column(requested: str | None, present: list[str]) -> str | None:
    """The patient column: as asked, else ``patient_id`` when the input has one."""
    if requested:
        return requested
    return DEFAULT_PATIENT_COLUMN if DEFAULT_PATIENT_COLUMN in present else None


def _note(
    row: dict, path: Path, where: str, id_col: str, text_col: str, patient_col: str | None
) -> Note:
    note_id = row.get(id_col)
    if note_id is None or str(note_id).strip() == "":
        raise InputError(f"{path.name} {where}: the id column {id_col!r} is empty")
    text = row.get(text_col)
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise InputError(f"{path.name} {where}: column {text_col!r} is not text")
    patient = row.get(patient_col) if patient_col else None
    return Note(str(note_id), text, str(patient) if patient not in (None, "") else None)


def _csv_rows(path: Path, id_col: str, text_col: str, patient_col: str | None) -> Iterator[Note]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        _check_columns(path, list(reader.fieldnames or []), id_col, text_col, patient_col)
        patient_col = _patient_column(patient_col, list(reader.fieldnames or []))
        for row in reader:
            yield _note(row, path, f"line {reader.line_num}", id_col, text_col, patient_col)


def _jsonl_rows(path: Path, id_col: str, text_col: str, patient_col: str | None) -> Iterator[Note]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise InputError(f"{path.name} line {number} is not valid JSON") from None
            if not isinstance(row, dict):
                raise InputError(f"{path.name} line {number} is not a JSON object")
            _check_columns(path, list(row), id_col, text_col)
            column = _patient_column(patient_col, list(row))
            yield _note(row, path, f"line {number}", id_col, text_col, column)


def _parquet_rows(
    path: Path, id_col: str, text_col: str, patient_col: str | None
) -> Iterator[Note]:
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError):
        raise InputError(f"{path.name} is not a readable Parquet file") from None
    columns = parquet.schema_arrow.names
    _check_columns(path, columns, id_col, text_col, patient_col)
    patient_col = _patient_column(patient_col, columns)
    wanted = [c for c in (id_col, text_col, patient_col) if c]
    row_number = 0
    for batch in parquet.iter_batches(batch_size=1024, columns=wanted):
        for row in batch.to_pylist():
            row_number += 1
            yield _note(row, path, f"row {row_number}", id_col, text_col, patient_col)


def _txt_rows(path: Path, id_col: str, text_col: str, patient_col: str | None) -> Iterator[Note]:
    files = [path] if path.is_file() else sorted(path.glob("*.txt"))
    for file in files:
        try:
            yield Note(file.stem, file.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise InputError(f"{file.name} is not UTF-8 text") from None
