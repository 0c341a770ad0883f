"""De-identified notes out, in the input's format.

Failed notes are never written (fail closed). Only the id and the redacted text are written:
other columns may hold identifiers.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from deid.io import Format
from deid.model import Result


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
