"""De-identified notes out, in the input's format, built chunk by chunk in a staging folder.

Failed notes are never written (fail closed). Only the id and the redacted text are written,
and the columns the caller asks to keep (``--keep-column``, copied as they are, unscanned): other
columns may hold identifiers. A writer can stop at any byte and be reopened at the last
committed position (``position`` / ``reopen``), which is what makes a batch run resumable; the
finished output is only moved into the user's folder when the whole run is done.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from deid.io.readers import Format
from deid.model import Result

PARQUET_ROW_GROUP = 8192
"""Rows per Parquet row group in the final file: fixed, so the bytes never depend on chunking."""


class StagedOutput:
    """The output of one run, growing in ``staging`` until ``finish`` assembles it."""

    def __init__(
        self,
        staging: Path,
        name: str,
        fmt: Format,
        id_column: str,
        text_column: str | Sequence[str],
        kept: Sequence[str] = (),
        kept_types: Sequence[pa.DataType] | None = None,
    ) -> None:
        """``text_column`` is one column or several (written in that order after the id);
        ``kept`` columns are written after the texts, in that order; ``kept_types`` are their
        Parquet types (the input's), string by default."""
        self.fmt = fmt
        self.id_column = id_column
        self.text_columns = (text_column,) if isinstance(text_column, str) else tuple(text_column)
        self.kept = tuple(kept)
        self.kept_types = tuple(kept_types or [pa.string()] * len(self.kept))
        self.staged = staging / name
        self._parts = staging / "parts"
        self._handle: Any = None
        self._csv: Any = None
        self._part_count = 0

    # -- opening ----------------------------------------------------------------------------
    def create(self) -> None:
        """Start empty (a new run)."""
        remove(self.staged)
        remove(self._parts)
        if self.fmt is Format.TXT:
            self.staged.mkdir(parents=True)
        elif self.fmt is Format.PARQUET:
            self._parts.mkdir(parents=True)
        else:
            self._open_text("w")
            if self.fmt is Format.CSV:
                self._csv.writeheader()

    def reopen(self, position: dict[str, int]) -> None:
        """Continue after a crash: drop whatever was written after the last commit."""
        if self.fmt is Format.TXT:
            self.staged.mkdir(parents=True, exist_ok=True)
        elif self.fmt is Format.PARQUET:
            self._parts.mkdir(parents=True, exist_ok=True)
            self._part_count = position["parts"]
            for part in self._parts.iterdir():
                if not part.name.endswith(".parquet") or _part_number(part) >= self._part_count:
                    part.unlink()  # written after the last commit (or half-written)
        else:
            truncate(self.staged, position["bytes"])
            self._open_text("a")

    def _open_text(self, mode: str) -> None:
        self._handle = self.staged.open(mode, encoding="utf-8", newline="")
        if self.fmt is Format.CSV:
            fields = [self.id_column, *self.text_columns, *self.kept]
            self._csv = csv.DictWriter(self._handle, fieldnames=fields, lineterminator="\r\n")

    # -- writing ----------------------------------------------------------------------------
    def write(
        self,
        results: Sequence[Result | Sequence[Result]],
        kept: Sequence[Sequence[Any]] | None = None,
    ) -> None:
        """Write the rows whose notes did not fail; ``kept[i]`` holds the kept columns' values
        of ``results[i]``. With several text columns ``results[i]`` holds one result per text
        column, and the row is written only if none of them failed (fail closed)."""
        grouped = [(r,) if isinstance(r, Result) else tuple(r) for r in results]
        values = list(kept) if kept is not None else [()] * len(grouped)
        if len(values) != len(grouped) or any(len(v) != len(self.kept) for v in values):
            raise ValueError("kept values must match the results and the kept columns")
        if any(len(g) != len(self.text_columns) for g in grouped):
            raise ValueError("each row needs one result per text column")
        rows = [
            (self._fields(g), dict(zip(self.kept, v, strict=True)))
            for g, v in zip(grouped, values, strict=True)
            if all(r.ok for r in g)
        ]
        if self.fmt is Format.TXT:
            for group in grouped:
                result = group[0]
                target = self.staged / f"{result.note_id}.txt"
                if result.ok:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(result.text, encoding="utf-8", newline="")
                else:  # a run resumed over a crash may have left it half-written
                    target.unlink(missing_ok=True)
        elif self.fmt is Format.CSV:
            self._csv.writerows({**fields, **extra} for fields, extra in rows)
        elif self.fmt is Format.JSONL:
            for fields, extra in rows:
                self._handle.write(json.dumps({**fields, **extra}, ensure_ascii=False) + "\n")
        else:
            part = self._parts / f"{self._part_count:08d}.parquet"
            tmp = part.with_suffix(".tmp")
            pq.write_table(self._table(rows), tmp)
            os.replace(tmp, part)
            self._part_count += 1

    def _fields(self, group: tuple[Result, ...]) -> dict[str, str]:
        """The id and the redacted texts of one row, in output order."""
        texts = {column: r.text for column, r in zip(self.text_columns, group, strict=True)}
        return {self.id_column: group[0].note_id, **texts}

    def _table(self, rows: list[tuple[dict[str, str], dict[str, Any]]]) -> pa.Table:
        names = [self.id_column, *self.text_columns]
        columns = {name: [fields[name] for fields, _ in rows] for name in names}
        for column in self.kept:
            columns[column] = [extra[column] for _, extra in rows]
        return pa.table(columns, schema=self._schema())

    def _schema(self) -> pa.Schema:
        kept = list(zip(self.kept, self.kept_types, strict=True))
        texts = [(column, pa.string()) for column in self.text_columns]
        return pa.schema([(self.id_column, pa.string()), *texts, *kept])

    def position(self) -> dict[str, int]:
        """Flush to disk and say where a resumed run must continue from."""
        if self._handle is not None:
            return {"bytes": sync(self._handle)}
        return {"parts": self._part_count}

    # -- finishing --------------------------------------------------------------------------
    def finish(self) -> Path:
        """Close, and for Parquet join the parts into one file with fixed row groups."""
        self.close()
        if self.fmt is Format.PARQUET and self._parts.is_dir():
            tmp = self.staged.with_suffix(".tmp")
            with pq.ParquetWriter(tmp, self._schema()) as writer:
                pending: list[pa.RecordBatch] = []
                rows = 0
                for part in sorted(self._parts.glob("*.parquet")):
                    for batch in pq.ParquetFile(part).iter_batches():
                        pending.append(batch)
                        rows += batch.num_rows
                        while rows >= PARQUET_ROW_GROUP:
                            table = pa.Table.from_batches(pending, self._schema())
                            writer.write_table(table.slice(0, PARQUET_ROW_GROUP))
                            rest = table.slice(PARQUET_ROW_GROUP)
                            pending, rows = rest.to_batches(), rest.num_rows
                if rows:
                    writer.write_table(pa.Table.from_batches(pending, self._schema()))
            os.replace(tmp, self.staged)  # the parts stay until the run is published
        return self.staged

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _part_number(part: Path) -> int:
    try:
        return int(part.name.split(".")[0])
    except ValueError:
        return 1 << 62


def sync(handle: IO) -> int:
    """Flush a file to disk and return its length: a position a resumed run may trust."""
    handle.flush()
    os.fsync(handle.fileno())
    return handle.tell()


def truncate(path: Path, size: int) -> None:
    """Cut a staged file back to a committed position (nothing to do if it is gone)."""
    if path.exists():
        with path.open("r+b") as handle:
            handle.truncate(size)


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def write_text_atomic(path: Path, text: str, *, mode: int = 0o644) -> None:
    """Write a small file (checkpoint, manifest) so readers never see it half-written."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def write_private(path: Path, text: str) -> None:
    """A new file readable by its owner only (it holds PHI); refuses to replace one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
