"""Streaming notes in and de-identified notes out: CSV, JSONL, Parquet, or a folder of .txt.

Notes are read in chunks so memory stays flat for large inputs. Output is written to a temporary
file beside its destination and renamed into place only when the run finishes, so a crash never
leaves a half-written file that looks complete. Failed notes are never written (fail closed).
Only the id and the redacted text are written: other columns may hold identifiers.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from deid.errors import InputError
from deid.model import Note, Result

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


class NoteWriter:
    """Writes successful results in the input's format, atomically on ``close``."""

    def __init__(
        self, out_dir: Path, input_path: Path, fmt: Format, id_column: str, text_column: str
    ):
        self.fmt = fmt
        self.id_column, self.text_column = id_column, text_column
        name = input_path.name if input_path.name else "notes"
        self.final = out_dir / (name if fmt is not Format.TXT or input_path.is_dir() else "notes")
        self.tmp = self.final.with_name(f".{self.final.name}.partial")
        self._handle: IO[str] | None = None
        self._csv: csv.DictWriter | None = None
        self._parquet: pq.ParquetWriter | None = None
        _remove(self.tmp)
        if fmt is Format.TXT:
            self.tmp.mkdir(parents=True)
        elif fmt is not Format.PARQUET:
            self._handle = self.tmp.open("w", encoding="utf-8", newline="")
            if fmt is Format.CSV:
                self._csv = csv.DictWriter(self._handle, fieldnames=[id_column, text_column])
                self._csv.writeheader()

    def write(self, results: list[Result]) -> None:
        ok = [r for r in results if r.ok]
        if self.fmt is Format.TXT:
            for result in ok:
                (self.tmp / f"{result.note_id}.txt").write_text(result.text, encoding="utf-8")
        elif self.fmt is Format.CSV:
            assert self._csv is not None
            self._csv.writerows({self.id_column: r.note_id, self.text_column: r.text} for r in ok)
        elif self.fmt is Format.JSONL:
            assert self._handle is not None
            for result in ok:
                row = {self.id_column: result.note_id, self.text_column: result.text}
                self._handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            table = pa.table(
                {self.id_column: [r.note_id for r in ok], self.text_column: [r.text for r in ok]},
                schema=pa.schema([(self.id_column, pa.string()), (self.text_column, pa.string())]),
            )
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.tmp, table.schema)
            self._parquet.write_table(table)

    def close(self) -> Path:
        """Finish the file and move it into place."""
        if self._handle is not None:
            self._handle.close()
        if self.fmt is Format.PARQUET:
            if self._parquet is None:
                empty = pa.schema([(self.id_column, pa.string()), (self.text_column, pa.string())])
                self._parquet = pq.ParquetWriter(self.tmp, empty)
            self._parquet.close()
        _remove(self.final)
        os.replace(self.tmp, self.final)
        return self.final

    def abort(self) -> None:
        """Drop the partial output (used when the run stops early)."""
        if self._handle is not None:
            self._handle.close()
        if self._parquet is not None:
            self._parquet.close()
        _remove(self.tmp)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def write_text_atomic(path: Path, text: str) -> None:
    """Write a small file (audit, manifest) so readers never see it half-written."""
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
