"""De-identify a Spark DataFrame, and ``deid batch --engine spark`` (see docs/spark.md).

``deidentify(spark_df)`` returns ``(notes, audit)``: two lazy Spark DataFrames. Each partition
goes through ``DataFrame.mapInPandas`` into the very step a native run uses
(``batch.process_rows`` on rows read as ``readers.table_rows`` reads a Parquet file), with one
``Deidentifier`` per executor Python process (``deid.pandas.cached_deidentifier``, keyed by the
policy's digest and the secret). A note's output depends on the note, its patient id, the
policy and the secret only (tag numbers restart in every note; surrogates and date shifts are
keyed derivations), so the bytes are the same however Spark partitions the rows.

``deid batch --engine spark`` reads the input Parquet through Spark, writes what the executors
return through Spark into ``OUT/.deid-run/spark/``, then the driver joins it in input order into
the same files a native run writes: the Parquet output (fixed row groups), the audit sealed in
its hash chain, the manifest. The output is the native run's, byte for byte, apart from the
run id and the times.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from deid.errors import InputError
from deid.io import audit_chain
from deid.io.audit import AuditRecord, RunManifest, file_checksum, new_run_id, now
from deid.io.batch import (
    AUDIT_NAME,
    ID_MAP_NAME,
    MANIFEST_NAME,
    STAGING_NAME,
    BatchOptions,
    BatchOutcome,
    check_columns,
    check_output,
    discard,
    output_name,
    process_rows,
    publish,
    remove_previous_run,
    row_audit,
)
from deid.io.readers import Format, check_table_columns, parquet_types, read_rows, repeated_id
from deid.io.writers import StagedOutput
from deid.model import Result

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from deid.keys import Secret
    from deid.policy import Policy

OK_COLUMN = "_deid_ok"
AUDIT_COLUMN = "_deid_audit"
"""The row's audit records, each a JSON object (``audit.jsonl``'s fields, unsealed)."""
ROW_COLUMN = "_deid_row"
"""The row's position in the input (``deid batch --engine spark``): the output keeps it."""
_DEID_ERROR = re.compile(r"deid\.errors\.\w+Error: ([^\n]+)")
"""A deid error raised on an executor, as Spark reports it to the driver."""
INSTALL_HINT = "pip install 'deid[spark]' (pyspark and Java 17)"


def deidentify(
    spark_df: DataFrame,
    text_column: str | Sequence[str] = "text",
    id_column: str = "id",
    patient_column: str | None = None,
    policy: Policy | str | Path | None = None,
    keep: str | Sequence[str] = (),
    secret: Secret | str | Path | None = None,
) -> tuple[DataFrame, DataFrame]:
    """``(notes, audit)``: the de-identified rows (id, text columns, ``keep`` columns; rows
    that failed are left out) and one row per audit record.

    Both are lazy and come from one ``deidentify_frame``: computing both runs the pipeline
    twice. To run it once, ``persist()`` the frame and derive both from it
    (``notes_of`` / ``audit_of``).
    """
    options = _options(id_column, text_column, patient_column, keep)
    frame = deidentify_frame(spark_df, options, policy, secret)
    return notes_of(frame, options), audit_of(frame, options)


def deidentify_frame(
    spark_df: DataFrame,
    options: BatchOptions,
    policy: Policy | str | Path | None = None,
    secret: Secret | str | Path | None = None,
    *,
    run_id: str | None = None,
) -> DataFrame:
    """One row per input row: the id, the redacted texts (null when the row failed), the
    ``keep`` columns, ``_deid_ok`` and ``_deid_audit`` (and ``_deid_row`` when the input
    has it); ``options`` are a batch run's (id, text, patient and kept columns). The policy
    and secret are resolved here, on the driver, and travel to the executors in the task
    (see docs/spark.md about the secret)."""
    from pyspark.sql import types as T

    from deid.pandas import resolve_policy, resolve_secret
    from deid.pipeline import check_keys

    check_columns(Format.PARQUET, options)
    id_column = options.id_column
    schema = spark_df.schema
    present = list(schema.names)
    for reserved in (OK_COLUMN, AUDIT_COLUMN):
        if reserved in present:
            raise InputError(f"the DataFrame has a column {reserved!r}, which deid adds: rename it")
    patient = check_table_columns(
        "the DataFrame", present, id_column, options.text_columns, options.patient_column,
        options.keep_columns,
    )  # fmt: skip
    for column in options.text_columns:
        if not isinstance(schema[column].dataType, T.StringType | T.NullType):
            raise InputError(f"the DataFrame's column {column!r} is not text (a string column)")
    resolved, key = resolve_policy(policy), resolve_secret(secret)
    check_keys(resolved, key)  # before any executor starts
    run_id = run_id or new_run_id()
    passed = [c for c in (ROW_COLUMN,) if c in present]
    read = list(dict.fromkeys(c for c in (id_column, *options.text_columns, patient) if c))
    read += [c for c in (*options.keep_columns, *passed) if c not in read]
    fields = [T.StructField(id_column, T.StringType())]
    fields += [T.StructField(c, T.StringType()) for c in options.text_columns]
    fields += [schema[c] for c in (*options.keep_columns, *passed)]
    fields += [
        T.StructField(OK_COLUMN, T.BooleanType(), False),
        T.StructField(AUDIT_COLUMN, T.ArrayType(T.StringType(), False), False),
    ]
    run = _partition_runner(resolved, key, options, run_id, tuple(passed))
    return spark_df.select(*read).mapInPandas(run, T.StructType(fields))


def notes_of(frame: DataFrame, options: BatchOptions) -> DataFrame:
    """The written rows of a ``deidentify_frame``: its rows that did not fail, without
    deid's own columns."""
    columns = [options.id_column, *options.text_columns, *options.keep_columns]
    return frame.filter(frame[OK_COLUMN]).select(*columns)


def audit_of(frame: DataFrame, options: BatchOptions) -> DataFrame:
    """The audit records of a ``deidentify_frame``, one row each, with the audit's columns."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    kinds = {"int": T.LongType(), "float": T.DoubleType(), "str": T.StringType()}
    fields = [
        T.StructField(name, kinds[getattr(field.type, "__name__", field.type)])
        for name, field in AuditRecord.__dataclass_fields__.items()
    ]
    if options.column_field:
        at = [f.name for f in fields].index("note_id") + 1
        fields.insert(at, T.StructField("column", T.StringType()))
    record = F.from_json(F.col("record"), T.StructType(fields))
    return (
        frame.select(F.explode(AUDIT_COLUMN).alias("record"))
        .select(record.alias("r"))
        .select("r.*")
    )


def _options(id_column, text_column, patient_column, keep) -> BatchOptions:
    return BatchOptions(
        id_column=id_column,
        text_column=text_column if isinstance(text_column, str) else tuple(text_column),
        patient_column=patient_column,
        keep_columns=(keep,) if isinstance(keep, str) else tuple(keep),
    )


def _partition_runner(
    policy: Policy, secret: Secret, options: BatchOptions, run_id: str, passed: tuple[str, ...]
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function each task runs over its partition's pandas batches (pickled with the
    policy, the secret and the options; the pipeline is built in the executor, once)."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        from deid.io.readers import chunked
        from deid.pandas import cached_deidentifier, frame_rows, frame_table

        deidentifier = cached_deidentifier(policy, secret)
        for frame in batches:
            table = frame_table(frame, options, unique_ids=False)
            outcomes = [
                row
                for rows in chunked(frame_rows(table, options), 256, "the DataFrame")
                for row in process_rows(deidentifier, None, rows, options, None)
            ]
            out: dict[str, Any] = {options.id_column: [row.note_id for row in outcomes]}
            for i, column in enumerate(options.text_columns):
                out[column] = [row.results[i].text if row.ok else None for row in outcomes]
            for column in (*options.keep_columns, *passed):
                out[column] = frame[column].reset_index(drop=True)
            out[OK_COLUMN] = [row.ok for row in outcomes]
            out[AUDIT_COLUMN] = [
                [_record_json(r) for r in row_audit(run_id, row, options, deidentifier.secret)]
                for row in outcomes
            ]
            yield pd.DataFrame(out)

    return run


def _record_json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


# -- deid batch --engine spark ----------------------------------------------------------------


def check_spark_batch(fmt: Format, options: BatchOptions, *, resume: bool) -> None:
    """What ``--engine spark`` refuses, before spaCy loads or Java starts."""
    if fmt is not Format.PARQUET:
        raise InputError(
            f"--engine spark reads Parquet only, and the input is {fmt.value.upper()}: convert "
            "it, or drop --engine spark"
        )
    for flag, given in (
        ("--known-column", bool(options.known_columns)),
        ("--pseudonymize-ids", options.pseudonymize_ids),
        ("--resume", resume),
    ):
        if given:
            raise InputError(f"{flag} is not available with --engine spark: drop one of them")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise InputError(f"--engine spark needs pyspark: {INSTALL_HINT}") from None
    if shutil.which("java") is None and not _java_home():
        raise InputError(f"--engine spark needs Java (17) on PATH or JAVA_HOME: {INSTALL_HINT}")


TASKS_PER_CORE = 2
"""Tasks per core for ``deid batch --engine spark``: enough to keep every core busy when one
range of notes is slower than another, few enough that each task's set-up is paid rarely."""


def _java_home() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(home) and (Path(home) / "bin" / "java").is_file()


def local_session(master: str | None = None, partitions: int = 4) -> SparkSession:
    """A Spark session for one machine: no web UI, few shuffle partitions, this venv's Python
    on the executors too."""
    from pyspark.sql import SparkSession

    # the executors' Python: this one (its deid and spaCy model), unless the caller chose
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # one machine: nothing off it
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
    spark = (
        SparkSession.builder.master(master or "local[*]")
        .appName("deid")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_spark_batch(
    deidentifier,
    input_path: Path,
    out_dir: Path,
    fmt: Format,
    options: BatchOptions,
    *,
    resume: bool = False,
    overwrite: bool = False,
    skipped_files: int = 0,
    on_progress: Callable[[int], None] | None = None,
    known=None,
    master: str | None = None,
) -> BatchOutcome:
    """``run_batch`` through Spark: the same files in ``out_dir``, no checkpoints (Spark
    retries a failed task itself; a run that stops is started again with ``--overwrite``)."""
    check_spark_batch(fmt, options, resume=resume)
    check_output(input_path, out_dir, resume=False, overwrite=overwrite)
    _check_rows(input_path, options)  # before Java starts, with a native run's messages
    name = output_name(input_path, fmt)
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        if overwrite:
            remove_previous_run(out_dir, [name, AUDIT_NAME, MANIFEST_NAME])
        staging = out_dir / STAGING_NAME
        staging.mkdir()
        manifest = RunManifest(
            run_id=new_run_id(),
            policy=deidentifier.policy,
            secret_source=deidentifier.secret.source,
            input_name=input_path.resolve().name,
            input_sha256=file_checksum(input_path),
            skipped_files=skipped_files,
            options=options.identity(),
            model=deidentifier.describe_model(),
            warnings=options.warnings(),
        )
        parts = staging / "spark"
        _spark_run(deidentifier, input_path, parts, options, manifest.run_id, master)
        return _assemble(deidentifier, input_path, out_dir, name, parts, options, manifest,
                         on_progress)  # fmt: skip
    except Exception:
        discard(out_dir, created)
        raise


def _check_rows(input_path: Path, options: BatchOptions) -> None:
    """Read the input once as a native run reads it (ids, texts and kept columns only): a
    missing column, an empty id, a cell that is not text or a repeated id is refused here in
    the native run's words, with the file's own row numbers."""
    rows = read_rows(
        input_path,
        id_column=options.id_column,
        text_column=options.text_columns,
        patient_column=options.patient_column,
        extra_columns=options.keep_columns,
        chunk_size=4096,
    )
    for _ in rows:
        pass


def _spark_run(deidentifier, input_path: Path, parts: Path, options, run_id, master) -> None:
    """Read the input through Spark, de-identify on the executors, write their rows (redacted
    texts and audit records only) through Spark into ``parts``."""
    from pyspark.sql import functions as F

    spark = local_session(master)
    try:
        source = spark.read.parquet(str(input_path.resolve()))
        source = source.select("*", F.col("_metadata.row_index").alias(ROW_COLUMN))
        # a file of a few row groups is one or two input splits, so one task would do all the
        # work: cut the rows into ranges, in input order, a few per core
        tasks = TASKS_PER_CORE * spark.sparkContext.defaultParallelism
        source = source.repartitionByRange(tasks, ROW_COLUMN).sortWithinPartitions(ROW_COLUMN)
        frame = deidentify_frame(
            source, options, deidentifier.policy, deidentifier.secret, run_id=run_id
        )
        frame.write.mode("overwrite").parquet(str(parts))
    except Exception as exc:
        # an executor refused a row (a text cell that is not text...): the same one line as
        # a native run, not Spark's stack trace
        refused = _DEID_ERROR.search(str(exc))
        if refused is None:
            raise
        raise InputError(f"{input_path.name}: {refused.group(1)}") from None
    finally:
        spark.stop()


def _assemble(
    deidentifier,
    input_path: Path,
    out_dir: Path,
    name: str,
    parts: Path,
    options: BatchOptions,
    manifest: RunManifest,
    on_progress: Callable[[int], None] | None,
) -> BatchOutcome:
    """Join Spark's parts, in input order, into the files a native run writes."""
    staging = out_dir / STAGING_NAME
    kept_types = parquet_types(input_path, options.keep_columns) if options.keep_columns else None
    output = StagedOutput(
        staging, name, Format.PARQUET, options.id_column, options.text_columns,
        options.keep_columns, kept_types,
    )  # fmt: skip
    output.create()
    key, keyed = audit_chain.chain_key(deidentifier.secret)
    chain = audit_chain.AuditChain(key, manifest.run_id)
    audit_staged = staging / AUDIT_NAME
    records = 0
    expected_row = 0
    seen: set[str] = set()
    with audit_staged.open("w", encoding="utf-8") as audit:
        for part in sorted(parts.glob("part-*.parquet")):
            for batch in pq.ParquetFile(part).iter_batches(batch_size=1024):
                rows = batch.to_pylist()
                results, kept = [], []
                for row in rows:
                    if row[ROW_COLUMN] != expected_row:  # never a note out of place
                        raise RuntimeError("Spark returned the rows out of input order")
                    expected_row += 1
                    note_id = row[options.id_column]
                    if note_id in seen:
                        raise repeated_id(input_path.name, note_id)
                    seen.add(note_id)
                    ok = row[OK_COLUMN]
                    error = None if ok else "failed"
                    results.append(
                        tuple(
                            Result(note_id, row[c] if ok else "", (), error)
                            for c in options.text_columns
                        )
                    )
                    kept.append(tuple(row[c] for c in options.keep_columns))
                    found = [json.loads(r) for r in row[AUDIT_COLUMN]]
                    manifest.add_note(note_id, ok, [r["entity_type"] for r in found])
                    for record in found:
                        audit.write(chain.seal(record) + "\n")
                        records += 1
                output.write(results, kept)
                if on_progress:
                    on_progress(len(rows))
    if expected_row != pq.ParquetFile(input_path).metadata.num_rows:
        raise RuntimeError("Spark returned fewer rows than the input has")
    staged_output = output.finish()
    manifest.audit = audit_chain.manifest_entry(chain, records, keyed)
    manifest.files = [name, AUDIT_NAME, MANIFEST_NAME]
    manifest.finished_at = now()
    return publish(out_dir, staged_output, audit_staged, staging / ID_MAP_NAME, manifest, options)
