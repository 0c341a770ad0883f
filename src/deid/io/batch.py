"""A batch run: stream notes from a file or folder, de-identify, write output + audit + manifest.

This is the library behind ``deid batch``; the CLI only parses arguments and shows progress.

A run never destroys or mixes: an output folder that is, holds or lies inside the input is
refused, and so is a non-empty one unless the caller asks to ``resume`` an interrupted run or to
``overwrite`` a finished one (which removes only the files that run's manifest lists). While it
runs, everything is built in ``OUT/.deid-run/``; after every chunk the output, the audit and a
checkpoint are committed there (the checkpoint last, so it is the commit point). A run killed at
any moment resumes from its last checkpoint; the finished files are moved into ``OUT`` only at
the end, the manifest last.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from deid.errors import InputError
from deid.io import audit_chain
from deid.io.audit import (
    RunManifest,
    audit_fields,
    audit_records,
    file_checksum,
    new_run_id,
    now,
)
from deid.io.known import KnownColumn, KnownTable, NoteKnown
from deid.io.readers import Format, Row, parquet_types, read_rows, text_columns
from deid.io.writers import StagedOutput, remove, sync, truncate, write_text_atomic
from deid.model import Note, Result
from deid.pipeline import Deidentifier

log = logging.getLogger(__name__)

AUDIT_NAME = "audit.jsonl"
MANIFEST_NAME = "manifest.json"
STAGING_NAME = ".deid-run"
CHECKPOINT_NAME = "checkpoint.json"
ID_MAP_NAME = "id_map.csv"
CHECKPOINT_VERSION = 1


@dataclass(frozen=True)
class BatchOptions:
    """How to read the input and what to write; part of what a resumed run must match."""

    id_column: str = "id"
    text_column: str | tuple[str, ...] = "text"
    """One text column, or several (each cell is de-identified as a note of its own; see
    ``text_columns``)."""
    patient_column: str | None = None
    recursive: bool = False
    pseudonymize_ids: bool = False
    chunk_size: int = 256
    workers: int = 1
    id_map: Path | None = None
    """Where to write the original-id -> pseudonym map (only with ``pseudonymize_ids``)."""
    known_columns: tuple[KnownColumn, ...] = ()
    """Table columns whose values are known identifiers of the row's patient (all their
    notes); they are not written to the output unless kept."""
    keep_columns: tuple[str, ...] = ()
    """Table columns copied to the output as they are, unscanned."""

    def __post_init__(self) -> None:
        # one spelling per choice, so identity() (checkpoint, manifest) is the same however the
        # caller wrote it: "text" and ("text",) are one text column
        columns = text_columns(self.text_column)
        object.__setattr__(self, "text_column", columns[0] if len(columns) == 1 else columns)
        object.__setattr__(self, "keep_columns", tuple(self.keep_columns))

    @property
    def text_columns(self) -> tuple[str, ...]:
        """The text columns in output order (one or several)."""
        return text_columns(self.text_column)

    @property
    def column_field(self) -> bool:
        """Whether audit records name their text column (only when there are several)."""
        return len(self.text_columns) > 1

    def identity(self) -> dict[str, Any]:
        """The options that change the output (chunk size and workers never do); the known
        and kept columns (names and types, never values) only when there are some."""
        identity: dict[str, Any] = {
            "id_column": self.id_column,
            "text_column": (
                self.text_column if isinstance(self.text_column, str) else list(self.text_column)
            ),
            "patient_column": self.patient_column,
            "recursive": self.recursive,
            "pseudonymize_ids": self.pseudonymize_ids,
        }
        if self.known_columns:
            identity["known_columns"] = [c.describe() for c in self.known_columns]
        if self.keep_columns:
            identity["keep_columns"] = list(self.keep_columns)
        return identity

    def warnings(self) -> list[str]:
        """What the manifest and the CLI say about kept columns (names only)."""
        return [
            f"column {column!r} is copied to the output unredacted: deid does not scan kept "
            "columns for identifiers"
            for column in self.keep_columns
        ]


@dataclass(frozen=True)
class BatchOutcome:
    output: Path
    audit: Path
    manifest: Path
    summary: dict


@dataclass
class _Checkpoint:
    """What has been committed so far; written after every chunk."""

    run_id: str
    started_at: str
    input_sha256: str
    policy_sha256: str
    options: dict[str, Any]
    secret_check: str
    secret_source: str = ""
    notes_done: int = 0
    output: dict[str, int] = field(default_factory=dict)
    audit_bytes: int = 0
    audit_records: int = 0
    chain_head: str = ""
    id_map_bytes: int = 0
    totals: dict[str, Any] = field(default_factory=dict)
    finished: bool = False
    version: int = CHECKPOINT_VERSION


# -- the output folder: never destroy, never mix ---------------------------------------------
def check_output(input_path: Path, out_dir: Path, *, resume: bool, overwrite: bool) -> None:
    """Refuse, before anything is read or written, an output that could harm the input."""
    if resume and overwrite:
        raise InputError("--resume and --overwrite cannot be used together: choose one")
    source, target = input_path.resolve(), out_dir.resolve()
    for parent in [target, *target.parents]:
        if parent.exists() and not parent.is_dir():
            raise InputError(
                f"--out {out_dir} is not a folder ({parent.name} is a file): give a folder path"
            )
    if source == target or source.is_relative_to(target):
        raise InputError(
            f"--out {out_dir} holds the input {input_path.name}: choose a folder outside the "
            "input, so the original notes are never touched"
        )
    if target.is_relative_to(source):
        raise InputError(
            f"--out {out_dir} is inside the input folder {input_path.name}: choose a folder "
            "outside it"
        )
    if not target.exists() or not any(target.iterdir()):
        if resume:
            raise InputError(f"nothing to resume: {out_dir} holds no interrupted deid run")
        return
    staged = (target / STAGING_NAME).is_dir()  # an interrupted run (maybe before its first commit)
    if resume:
        if not staged:
            finished = (target / MANIFEST_NAME).is_file()
            raise InputError(
                f"nothing to resume in {out_dir}: "
                + ("its run already finished" if finished else "it holds no interrupted deid run")
            )
        return
    if overwrite:
        if not staged and not (target / MANIFEST_NAME).is_file():
            raise InputError(
                f"--overwrite only replaces a previous deid run's output, and {out_dir} has no "
                "manifest.json: choose an empty folder"
            )
        return
    hint = (
        "an interrupted run is in it: add --resume to continue it or --overwrite to start again"
        if staged
        else "choose an empty folder, or add --overwrite to replace a previous deid run's output"
    )
    raise InputError(f"output folder {out_dir} is not empty: {hint}")


def remove_previous_run(out_dir: Path, new_names: list[str]) -> None:
    """``--overwrite``: remove only what a previous deid run listed, and its staging folder."""
    listed: list[str] = []
    manifest = out_dir / MANIFEST_NAME
    if manifest.is_file():
        try:
            listed = list(json.loads(manifest.read_text(encoding="utf-8")).get("files", []))
        except (ValueError, AttributeError):
            raise InputError(f"{manifest} is not a deid manifest: remove it yourself") from None
    for name in listed:
        path = out_dir / name
        if Path(name).name != name or not path.exists():
            continue  # only plain names inside OUT, never a path elsewhere
        if path.is_dir():
            if any(p.is_file() and p.suffix.lower() != ".txt" for p in path.rglob("*")):
                raise InputError(
                    f"{path} holds files deid did not write: move them before --overwrite"
                )
            remove(path)
        else:
            path.unlink()
    remove(out_dir / STAGING_NAME)
    for name in new_names:
        if (out_dir / name).exists():
            raise InputError(
                f"{out_dir / name} was not written by the previous deid run: move it, or choose "
                "another folder"
            )


# -- the run -----------------------------------------------------------------------------
def output_name(input_path: Path, fmt: Format) -> str:
    """The output's name in OUT: the input's own file or folder name."""
    name = input_path.resolve().name or "notes"
    return name if fmt is not Format.TXT or input_path.is_dir() else "notes"


def pseudonym(deidentifier: Deidentifier, note_id: str) -> str:
    """A keyed fingerprint that replaces a note id (ids are often MRNs, file stems names)."""
    return "note-" + deidentifier.secret.derive("note-id", note_id).hex()[:20]


def run_batch(
    deidentifier: Deidentifier,
    input_path: Path,
    out_dir: Path,
    fmt: Format,
    options: BatchOptions = BatchOptions(),
    *,
    resume: bool = False,
    overwrite: bool = False,
    skipped_files: int = 0,
    on_progress: Callable[[int], None] | None = None,
    known: KnownTable | None = None,
) -> BatchOutcome:
    """De-identify every note of ``input_path`` into ``out_dir``; failed notes are listed by id.

    ``known`` is ``collect_known``'s table when the caller already read it (the CLI does, to
    refuse a bad column before spaCy loads); else it is collected here.
    """
    check_output(input_path, out_dir, resume=resume, overwrite=overwrite)
    if known is None:
        known = collect_known(input_path, fmt, options)
    name = output_name(input_path, fmt)
    staging = out_dir / STAGING_NAME
    checkpoint_path = staging / CHECKPOINT_NAME
    fresh = _Checkpoint(
        run_id=new_run_id(),
        started_at=now(),
        input_sha256=file_checksum(input_path),
        policy_sha256=deidentifier.policy.digest,
        options=options.identity(),
        secret_check=deidentifier.secret.derive("checkpoint").hex()[:16],
        secret_source=deidentifier.secret.source,
    )
    resume = resume and checkpoint_path.is_file()  # killed before its first commit: start over
    checkpoint = _load_checkpoint(checkpoint_path, fresh) if resume else fresh
    if options.id_map is not None and not resume and options.id_map.exists():
        raise InputError(f"--id-map {options.id_map} exists: deid never replaces it")

    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        if overwrite:
            remove_previous_run(out_dir, [name, AUDIT_NAME, MANIFEST_NAME])
        staging.mkdir(exist_ok=True)
        return _run(
            deidentifier, input_path, out_dir, fmt, name, options, checkpoint, resume,
            skipped_files, on_progress, known,
        )  # fmt: skip
    except Exception:
        # a bad input, setting or bug: nothing of this run is kept. An interrupted run (Ctrl-C,
        # SIGKILL, power loss) keeps its staging folder for --resume.
        if not resume:
            discard(out_dir, created)
        raise


def discard(out_dir: Path, created: bool) -> None:
    """Remove what a failed run staged, and ``out_dir`` itself if the run created it."""
    remove(out_dir / STAGING_NAME)
    if created and out_dir.is_dir() and not any(out_dir.iterdir()):
        out_dir.rmdir()


def check_columns(fmt: Format, options: BatchOptions) -> None:
    """Known and kept columns need a table, and are never the note's own text or id; several
    text columns need a table and are each named once."""
    texts = options.text_columns
    if len(set(texts)) != len(texts):
        raise InputError("a --text-column is given more than once: give each column once")
    if options.id_column in texts:
        raise InputError(
            f"--text-column {options.id_column} is the id column: give the columns that hold "
            "the notes"
        )
    if len(texts) > 1 and fmt is Format.TXT:
        raise InputError(
            "several --text-column need a table input (CSV, JSONL or Parquet): .txt notes "
            "have no columns"
        )
    columns = [c.name for c in options.known_columns] + list(options.keep_columns)
    if not columns:
        return
    if fmt is Format.TXT:
        flag = "--known-column" if options.known_columns else "--keep-column"
        raise InputError(
            f"{flag} needs a table input (CSV, JSONL or Parquet): .txt notes have no columns"
        )
    for column in options.keep_columns:
        if column == options.id_column or column in texts:
            what = "id" if column == options.id_column else "text"
            raise InputError(
                f"--keep-column {column} is the {what} column, which is always written "
                "(redacted, for the text): drop it"
            )
    if len(set(options.keep_columns)) != len(options.keep_columns):
        raise InputError("a --keep-column is given more than once: give each column once")
    for column in options.known_columns:
        if column.name in texts:
            raise InputError(
                f"--known-column {column.name} is the text column: give the columns that hold "
                "the patient's identifiers"
            )


def collect_known(input_path: Path, fmt: Format, options: BatchOptions) -> KnownTable | None:
    """The known columns' values per patient (a first pass over the input that reads only the
    patient and known columns), which also checks that the kept columns exist; None when
    there are neither."""
    check_columns(fmt, options)
    if not options.known_columns and not options.keep_columns:
        return None
    table = KnownTable.collect(
        input_path,
        fmt,
        options.known_columns,
        patient_column=options.patient_column,
        also_check=options.keep_columns,
    )
    return table


def _run(
    deidentifier: Deidentifier,
    input_path: Path,
    out_dir: Path,
    fmt: Format,
    name: str,
    options: BatchOptions,
    checkpoint: _Checkpoint,
    resume: bool,
    skipped_files: int,
    on_progress: Callable[[int], None] | None,
    known: KnownTable | None = None,
) -> BatchOutcome:
    staging = out_dir / STAGING_NAME
    kept_types = None
    if fmt is Format.PARQUET and options.keep_columns:
        kept_types = parquet_types(input_path, options.keep_columns)
    output = StagedOutput(
        staging, name, fmt, options.id_column, options.text_columns, options.keep_columns,
        kept_types,
    )  # fmt: skip
    manifest = RunManifest(
        run_id=checkpoint.run_id,
        policy=deidentifier.policy,
        secret_source=deidentifier.secret.source,
        input_name=input_path.resolve().name,
        input_sha256=checkpoint.input_sha256,
        started_at=checkpoint.started_at,
        skipped_files=skipped_files,
        options=options.identity(),  # a resume checked it equals the checkpoint's
        model=deidentifier.describe_model(),
        warnings=options.warnings(),
    )
    key, keyed = audit_chain.chain_key(deidentifier.secret)
    chain = audit_chain.AuditChain(key, checkpoint.run_id, checkpoint.chain_head or None)
    audit_staged = staging / AUDIT_NAME
    id_map_staged = staging / ID_MAP_NAME
    if resume:
        manifest.restore(checkpoint.totals)
    if resume and not checkpoint.finished:
        output.reopen(checkpoint.output)
        truncate(audit_staged, checkpoint.audit_bytes)
        truncate(id_map_staged, checkpoint.id_map_bytes)
    elif not resume:
        output.create()
        audit_staged.write_bytes(b"")
        if options.id_map is not None:
            id_map_staged.touch(mode=0o600)
            id_map_staged.write_text("note_id,pseudonym\n", encoding="utf-8")
    if on_progress and checkpoint.notes_done:
        on_progress(checkpoint.notes_done)

    if not checkpoint.finished:
        pool = worker_pool(deidentifier, options.workers)
        try:
            with audit_staged.open("a", encoding="utf-8") as audit:
                id_map = id_map_staged.open("a", encoding="utf-8") if options.id_map else None
                try:

                    def commit(number: int, started: float, submitted: SubmittedRows) -> None:
                        """Write a chunk's results, audit and checkpoint (the commit point)."""
                        chunk = submitted.outcomes()
                        output.write([row.results for row in chunk], [row.kept for row in chunk])
                        for row in chunk:
                            records = row_audit(chain.run_id, row, options, deidentifier.secret)
                            manifest.add_note(
                                row.note_id, row.ok, [r["entity_type"] for r in records]
                            )
                            for record in records:
                                audit.write(chain.seal(record) + "\n")
                                checkpoint.audit_records += 1
                        checkpoint.notes_done += len(chunk)
                        checkpoint.output = output.position()
                        checkpoint.audit_bytes = sync(audit)
                        checkpoint.id_map_bytes = submitted.id_map_bytes
                        checkpoint.chain_head = chain.head
                        checkpoint.totals = manifest.progress()
                        write_text_atomic(staging / CHECKPOINT_NAME, _dump(checkpoint))
                        seconds = time.perf_counter() - started
                        log.info(
                            "chunk %d: %d notes in %.1f s (%.1f notes/s), %d done",
                            number + 1, len(chunk), seconds, len(chunk) / max(seconds, 1e-9),
                            checkpoint.notes_done,
                        )  # fmt: skip
                        if on_progress:
                            on_progress(len(chunk))

                    # each chunk goes to the workers before the last one is written, so they
                    # work while the parent writes and seals the audit
                    pending = None
                    for number, rows in enumerate(_chunks(input_path, options, checkpoint)):
                        started = time.perf_counter()
                        submitted = submit_rows(deidentifier, pool, rows, options, known, id_map)
                        if pending is not None:
                            commit(*pending)
                        pending = (number, started, submitted)
                    if pending is not None:
                        commit(*pending)
                finally:
                    if id_map:
                        id_map.close()
        finally:
            if pool is not None:
                pool.close()
        staged_output = output.finish()
        checkpoint.finished = True
        write_text_atomic(staging / CHECKPOINT_NAME, _dump(checkpoint))
    else:
        staged_output = output.staged  # killed while publishing: finish moving the files

    manifest.audit = audit_chain.manifest_entry(chain, checkpoint.audit_records, keyed)
    manifest.files = [name, AUDIT_NAME, MANIFEST_NAME]
    manifest.finished_at = now()
    return publish(out_dir, staged_output, audit_staged, id_map_staged, manifest, options)


def publish(
    out_dir: Path,
    staged_output: Path,
    audit_staged: Path,
    id_map_staged: Path,
    manifest: RunManifest,
    options: BatchOptions,
) -> BatchOutcome:
    """Move the finished files into OUT, the manifest last; safe to repeat after a crash."""
    final_output = out_dir / staged_output.name
    final_audit = out_dir / AUDIT_NAME
    for staged, final in ((staged_output, final_output), (audit_staged, final_audit)):
        if staged.exists():
            staged.replace(final)
    if options.id_map is not None and id_map_staged.exists():
        id_map_staged.replace(options.id_map)
    summary = manifest.to_dict()
    manifest_path = out_dir / MANIFEST_NAME
    write_text_atomic(manifest_path, json.dumps(summary, indent=2) + "\n")
    remove(out_dir / STAGING_NAME)
    return BatchOutcome(final_output, final_audit, manifest_path, summary)


def _chunks(path: Path, options: BatchOptions, checkpoint: _Checkpoint) -> Iterator[list]:
    """The input in chunks of (note, known cells + kept cells), after the notes an interrupted
    run already committed."""
    to_skip = checkpoint.notes_done
    chunks = read_rows(
        path,
        id_column=options.id_column,
        text_column=options.text_columns,
        patient_column=options.patient_column,
        extra_columns=[*(c.name for c in options.known_columns), *options.keep_columns],
        chunk_size=options.chunk_size,
        recursive=options.recursive,
    )
    for chunk in chunks:
        if to_skip >= len(chunk):
            to_skip -= len(chunk)
            continue
        yield chunk[to_skip:]
        to_skip = 0


@dataclass(frozen=True)
class RowOutcome:
    """One input row de-identified: a note per text column (all with the row's id), their
    results in the same order, the row's known identifiers and its kept cells."""

    notes: tuple[Note, ...]
    results: tuple[Result, ...]
    known: NoteKnown | None
    kept: tuple[Any, ...]

    @property
    def note_id(self) -> str:
        return self.notes[0].note_id

    @property
    def ok(self) -> bool:
        """A row is written only if every one of its texts was de-identified (fail closed)."""
        return all(result.ok for result in self.results)


def process_rows(
    deidentifier: Deidentifier,
    pool,
    rows: list[Row],
    options: BatchOptions,
    known: KnownTable | None,
    id_map=None,
) -> list[RowOutcome]:
    """De-identify a chunk of rows (``readers.read_rows``' shape) however they were read: the
    one step ``run_batch``, ``deid.pandas`` and ``deid.spark`` share. Every text cell is a note
    of its own, in row order then column order; all cells of a row carry the row's id, patient
    and known identifiers (so surrogates and date shifts agree across its columns)."""
    return submit_rows(deidentifier, pool, rows, options, known, id_map).outcomes()


def submit_rows(
    deidentifier: Deidentifier,
    pool,
    rows: list[Row],
    options: BatchOptions,
    known: KnownTable | None,
    id_map=None,
) -> SubmittedRows:
    """``process_rows`` in two steps: the rows' notes go to the workers now (their pseudonyms
    are written to ``id_map`` and flushed), ``outcomes()`` waits for them. Without a pool the
    notes are run when ``outcomes()`` is called."""
    groups, knowns, kept = _with_known(rows, options, known)
    if options.pseudonymize_ids:
        groups = _pseudonymize(deidentifier, groups, id_map)
    flat = [note for group in groups for note in group]
    if pool is None:
        results = partial(_run_here, deidentifier, flat)
    else:
        results = partial(pool.collect, pool.submit(flat, _batch_size(len(flat), options.workers)))
    return SubmittedRows(
        groups, knowns, kept, len(options.text_columns), results, sync(id_map) if id_map else 0
    )


@dataclass
class SubmittedRows:
    """A chunk of rows handed to the workers (``submit_rows``)."""

    groups: list[tuple[Note, ...]]
    knowns: list[NoteKnown | None]
    kept: list[tuple]
    width: int
    results: Callable[[], list[Result]]
    id_map_bytes: int
    """The id map's length once this chunk's pseudonyms are in it (what its commit records)."""

    def outcomes(self) -> list[RowOutcome]:
        results, width = self.results(), self.width
        return [
            RowOutcome(group, tuple(results[i * width : (i + 1) * width]), note_known, cells)
            for i, (group, note_known, cells) in enumerate(
                zip(self.groups, self.knowns, self.kept, strict=True)
            )
        ]


def row_audit(run_id: str, row: RowOutcome, options: BatchOptions, secret) -> list[dict]:
    """The audit records of one row, in text column order; none for a row that failed (it is
    not written). Records carry ``column`` only when there are several text columns."""
    if not row.ok:
        return []
    source = row.known.column_of if row.known else None
    column_field = options.column_field
    return [
        audit_fields(record, column if column_field else None)
        for column, note, result in zip(options.text_columns, row.notes, row.results, strict=True)
        for record in audit_records(run_id, note, result, secret, source)
    ]


def _with_known(
    rows: list[Row], options: BatchOptions, known: KnownTable | None
) -> tuple[list[tuple[Note, ...]], list[NoteKnown | None], list[tuple]]:
    """Each row's notes (one per text column) with its patient's known identifiers, and its
    kept cells. A row's cells are: its other texts, its known cells, its kept cells."""
    texts = len(options.text_columns) - 1
    width = len(options.known_columns)
    groups: list[tuple[Note, ...]] = []
    knowns: list[NoteKnown | None] = []
    kept: list[tuple] = []
    for note, cells in rows:
        own = cells[texts : texts + width]
        note_known = known.for_note(note.patient_id, own) if width and known else None
        first = replace(note, known=note_known.identifiers) if note_known else note
        others = (replace(first, text=text) for text in cells[:texts])
        groups.append((first, *others))
        knowns.append(note_known)
        kept.append(tuple(cells[texts + width :]))
    return groups, knowns, kept


def _pseudonymize(
    deidentifier: Deidentifier, groups: list[tuple[Note, ...]], id_map
) -> list[tuple[Note, ...]]:
    renamed = []
    for group in groups:
        alias = pseudonym(deidentifier, group[0].note_id)
        if id_map is not None:
            id_map.write(_csv_row(group[0].note_id, alias))
        renamed.append(tuple(replace(note, note_id=alias) for note in group))
    return renamed


def _csv_row(*values: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def worker_pool(deidentifier: Deidentifier, workers: int):
    if workers <= 1:
        return None
    from deid.workers import WorkerPool

    return WorkerPool(deidentifier, workers)


def _run_here(deidentifier: Deidentifier, notes: list[Note]) -> list[Result]:
    return list(deidentifier.run_batch(notes))


def _batch_size(notes: int, workers: int) -> int:
    """Batches of at most 32 notes, as many as a multiple of the workers (so none is left
    alone at the end of the run with the last, larger share)."""
    batches = workers * -(-notes // (workers * 32))
    return max(1, -(-notes // max(1, batches)))


def _dump(checkpoint: _Checkpoint) -> str:
    return json.dumps(asdict(checkpoint), sort_keys=True) + "\n"


def _load_checkpoint(path: Path, fresh: _Checkpoint) -> _Checkpoint:
    """The interrupted run's checkpoint, if it is for this very input, policy and secret."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        saved = _Checkpoint(**data)
    except (OSError, ValueError, TypeError):
        raise InputError(
            f"the checkpoint in {path.parent} is unreadable: start again with --overwrite"
        ) from None
    if "ephemeral" in (saved.secret_source, fresh.secret_source):
        raise InputError(
            "cannot resume a run made without a secret (its one-off key is gone): start again "
            "with --overwrite, and set DEID_SECRET or DEID_SECRET_FILE so runs can be resumed"
        )
    if saved.version != CHECKPOINT_VERSION:
        raise InputError("the interrupted run was made by another deid version: use --overwrite")
    for what, now_value, then_value, hint in (
        ("input", fresh.input_sha256, saved.input_sha256, "the input changed since"),
        ("policy", fresh.policy_sha256, saved.policy_sha256, "give the same --policy"),
        ("secret", fresh.secret_check, saved.secret_check, "set the same secret"),
        ("options", fresh.options, saved.options, "give the same column and id options"),
    ):
        if now_value != then_value:
            raise InputError(
                f"cannot resume: the {what} differs from the interrupted run's ({hint}); "
                "use --overwrite to start again"
            )
    return saved
