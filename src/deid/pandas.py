"""De-identify a pandas DataFrame: ``deidentify(df) -> (deidentified, audit)``.

For a researcher whose notes are already in a data frame. It is ``deid batch`` without files:
the rows go through the very functions a batch run uses (``readers.table_rows`` reads them as a
Parquet file is read, ``batch.process_rows`` de-identifies them, ``batch.row_audit`` makes the
audit records), so the texts are the bytes ``deid batch`` writes for the same table saved as
Parquet, and the audit has its fields (less the hash chain, which belongs to a file).

Only the id and the text columns come back (redacted), and the columns named in ``keep``
(copied as they are, unscanned, with a warning): any other column may hold identifiers. Bad
input raises ``deid.errors.InputError`` with one line that names columns and row numbers,
never a cell's value.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from deid.errors import InputError
from deid.io.audit import AuditRecord, new_run_id
from deid.io.batch import (
    BatchOptions,
    RowOutcome,
    check_columns,
    process_rows,
    row_audit,
    worker_pool,
)
from deid.io.known import KnownColumn, KnownTable, parse_known_columns
from deid.io.readers import Format, Row, chunked, project_batches, table_rows
from deid.keys import Secret, load_secret
from deid.policy import CONFIG_DIR, Policy, load_policy

NAME = "DataFrame"
"""How messages name the input."""
CHUNK_SIZE = 256
_BATCH_ROWS = 1024

_cache: dict[tuple[str, bytes], Any] = {}
_session_secret: Secret | None = None


class KeptColumnWarning(UserWarning):
    """A column is returned unredacted because ``keep`` named it (the message names it only)."""


class FailedNotesWarning(UserWarning):
    """Some rows could not be de-identified and were left out (listed by id, as the CLI does)."""


def deidentify(
    df: pd.DataFrame,
    text_column: str | Sequence[str] = "text",
    id_column: str = "id",
    patient_column: str | None = None,
    policy: Policy | str | Path | None = None,
    keep: str | Sequence[str] = (),
    secret: Secret | str | Path | None = None,
    workers: int = 1,
    known_columns: Sequence[str | KnownColumn] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The de-identified rows and their audit, as two DataFrames.

    ``text_column`` is one column or several (each cell a note of its own; audit records then
    carry ``column``). ``policy`` is a Policy, a policy file, or a shipped policy's name
    (``"case_study"``); ``secret`` a ``Secret`` or a key file (else ``DEID_SECRET`` /
    ``DEID_SECRET_FILE``, else one random key for this Python process). ``known_columns`` are
    ``--known-column`` specs (``"patient_name"``, ``"dob=DATE"``). The result has the id
    column, the text columns and the ``keep`` columns, in that order, with a fresh index;
    a row that failed is left out (``FailedNotesWarning`` lists its id).
    """
    if not isinstance(df, pd.DataFrame):
        kind = type(df).__name__
        raise InputError(f"deid.pandas.deidentify needs a pandas DataFrame, not a {kind}")
    options = BatchOptions(
        id_column=id_column,
        text_column=_names(text_column, "text_column"),
        patient_column=patient_column,
        workers=max(1, int(workers)),
        known_columns=tuple(
            c if isinstance(c, KnownColumn) else parse_known_columns([c])[0] for c in known_columns
        ),
        keep_columns=_names(keep, "keep"),
    )
    check_columns(Format.PARQUET, options)
    table = frame_table(df, options)
    deidentifier = cached_deidentifier(policy, secret)
    for message in options.warnings():
        warnings.warn(message, KeptColumnWarning, stacklevel=2)
    known = _known(table, options)
    run_id = new_run_id()
    outcomes: list[RowOutcome] = []
    records: list[dict] = []
    pool = worker_pool(deidentifier, options.workers)
    try:
        for rows in chunked(frame_rows(table, options), CHUNK_SIZE, NAME):
            for row in process_rows(deidentifier, pool, rows, options, known):
                outcomes.append(row)
                records.extend(row_audit(run_id, row, options, deidentifier.secret))
    finally:
        if pool is not None:
            pool.close()
    failed = [row.note_id for row in outcomes if not row.ok]
    if failed:
        warnings.warn(
            f"{len(failed)} note(s) failed and were left out of the output: {', '.join(failed)}",
            FailedNotesWarning,
            stacklevel=2,
        )
    return _output(outcomes, table, options), audit_frame(records, options)


def cached_deidentifier(policy: Policy | str | Path | None, secret: Secret | str | Path | None):
    """One ``Deidentifier`` per policy and secret per process (spaCy loads once): the notebook
    calling ``deidentify`` again, or a Spark executor running its next task, reuses it."""
    from deid.pipeline import Deidentifier, check_keys

    resolved = resolve_policy(policy)
    key = resolve_secret(secret)
    check_keys(resolved, key)  # before spaCy loads
    cache_key = (resolved.digest, key.derive("deid.pandas/cache"))
    if cache_key not in _cache:
        _cache[cache_key] = Deidentifier(resolved, key)
    return _cache[cache_key]


def resolve_policy(policy: Policy | str | Path | None) -> Policy:
    """A Policy, a shipped policy's name (``safe_harbor``, ``case_study``...) or a file."""
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, str) and (CONFIG_DIR / f"{policy}.yaml").is_file():
        return load_policy(CONFIG_DIR / f"{policy}.yaml")
    return load_policy(policy)


def resolve_secret(secret: Secret | str | Path | None) -> Secret:
    """A Secret, a key file, or the environment; without any, one random key per process (so
    fingerprints link within a session, and the cached pipeline is reused)."""
    global _session_secret
    if isinstance(secret, Secret):
        return secret
    found = load_secret(secret)
    if found.source != "ephemeral":
        return found
    if _session_secret is None:
        _session_secret = found
    return _session_secret


def audit_frame(records: list[dict], options: BatchOptions) -> pd.DataFrame:
    """Audit records as a DataFrame with the audit's columns, even when there is none."""
    columns = [name for name in AuditRecord.__dataclass_fields__]
    if options.column_field:
        columns.insert(columns.index("note_id") + 1, "column")
    return pd.DataFrame.from_records(records, columns=columns)


def _names(value: str | Sequence[str], what: str) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else tuple(value)
    if not all(isinstance(name, str) for name in names):
        raise InputError(f"{what} must name DataFrame columns by their (string) names")
    return names


def frame_table(df: pd.DataFrame, options: BatchOptions, *, unique_ids: bool = True) -> pa.Table:
    """The columns deid reads, as Arrow reads them from a Parquet file of this DataFrame
    (``unique_ids=False``: a Spark batch, whose ids the driver checks across batches)."""
    names = list(df.columns)
    if not all(isinstance(name, str) for name in names):
        raise InputError(f"{NAME} column names must be strings: rename them (df.columns)")
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise InputError(f"{NAME} has column {twice[0]!r} more than once: rename one")
    patient = options.patient_column or ("patient_id" if "patient_id" in names else None)
    wanted = [
        options.id_column,
        *options.text_columns,
        patient,
        *(c.name for c in options.known_columns),
        *options.keep_columns,
    ]
    present = list(dict.fromkeys(c for c in wanted if c and c in names))
    columns = {}
    for name in present:
        try:
            columns[name] = pa.Array.from_pandas(df[name])
        except (pa.ArrowException, TypeError, ValueError):
            raise InputError(
                f"{NAME} column {name!r} mixes kinds of values (text and numbers, say): give it "
                "one type (df[...].astype(str) for ids)"
            ) from None
    table = pa.table(columns) if columns else pa.table({})
    if unique_ids:
        _check_unique_ids(table, options.id_column)
    return table


def _check_unique_ids(table: pa.Table, id_column: str) -> None:
    """Duplicate ids by row number only (an id can be an MRN)."""
    if id_column not in table.column_names:
        return  # reading names the missing column
    first: dict[str, int] = {}
    for number, value in enumerate(table.column(id_column).to_pylist(), start=1):
        if value is None:
            continue  # reading says the id is empty
        key = str(value)
        if key in first:
            raise InputError(
                f"{NAME} rows {first[key]} and {number} have the same {id_column!r}: ids must be "
                "unique"
            )
        first[key] = number


def _batches(table: pa.Table):
    def read(columns: list[str]) -> Iterator[list[dict[str, Any]]]:
        for batch in table.select(columns).to_batches(max_chunksize=_BATCH_ROWS):
            yield batch.to_pylist()

    return read


def frame_rows(table: pa.Table, options: BatchOptions) -> Iterator[Row]:
    extra = (*(c.name for c in options.known_columns), *options.keep_columns)
    return table_rows(
        _batches(table),
        NAME,
        table.column_names,
        options.id_column,
        options.text_columns,
        options.patient_column,
        extra,
    )


def _known(table: pa.Table, options: BatchOptions) -> KnownTable | None:
    if not options.known_columns:
        return None
    names = tuple(c.name for c in options.known_columns)
    rows = project_batches(_batches(table), NAME, table.column_names, names, options.patient_column)
    return KnownTable.from_rows(options.known_columns, rows)


def _output(rows: list[RowOutcome], table: pa.Table, options: BatchOptions) -> pd.DataFrame:
    """The written rows in the schema ``deid batch`` gives a Parquet output."""
    ok = [row for row in rows if row.ok]
    columns: dict[str, list] = {options.id_column: [row.note_id for row in ok]}
    fields = [pa.field(options.id_column, pa.string())]
    for i, column in enumerate(options.text_columns):
        columns[column] = [row.results[i].text for row in ok]
        fields.append(pa.field(column, pa.string()))
    for i, column in enumerate(options.keep_columns):
        columns[column] = [row.kept[i] for row in ok]
        fields.append(pa.field(column, table.schema.field(column).type))
    return pa.table(columns, schema=pa.schema(fields)).to_pandas()
