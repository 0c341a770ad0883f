"""deid on Spark gives the native bytes: ``deid batch --engine spark`` against the native run on
the same Parquet (several Spark partitions), and ``deid.spark.deidentify`` against
``deid.pandas.deidentify`` whatever the partitioning. All notes are synthetic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from deid.errors import InputError
from deid.keys import Secret

pytestmark = [
    pytest.mark.slow,
    pytest.mark.allow_hosts(["127.0.0.1"]),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

ROOT = Path(__file__).resolve().parents[3]
DEID = str(Path(sys.executable).with_name("deid"))
SECRET = "spark-e2e-secret-7c1d0e5f9a3b"
RUN_FIELDS = ("run_id", "started_at", "finished_at", "chain", "chain_head", "seal")


def _table(copies: int = 4) -> pd.DataFrame:
    """The sample notes, ``copies`` times under new ids, with a second text column and a
    kept one."""
    notes = pd.read_csv(ROOT / "sample_data" / "notes.csv", dtype=str)
    table = pd.concat([notes] * copies, ignore_index=True)
    table["id"] = [f"n{i:03d}" for i in range(len(table))]
    table["summary"] = [text[:120] for text in table["text"]]
    table["ward"] = list(range(len(table)))
    table["home_phone"] = "555-201-3344"  # neither text nor kept: never written
    return table


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in RUN_FIELDS}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _batch(source: Path, out: Path, *extra: str, env: dict | None = None):
    return subprocess.run(
        [DEID, "batch", str(source), "--out", str(out), "--text-column", "text",
         "--text-column", "summary", "--keep-column", "ward", *extra],
        env={**os.environ, "DEID_SECRET": SECRET, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


def test_deid_batch_engine_spark_writes_the_native_runs_bytes(tmp_path, spark_installed):
    source = tmp_path / "notes.parquet"
    pq.write_table(pa.Table.from_pandas(_table(), preserve_index=False), source, row_group_size=3)
    native = _batch(source, tmp_path / "native", "--workers", "1")
    assert native.returncode == 0, native.stderr[-2000:]
    # small splits: Spark reads the file in several partitions, and the driver joins them
    spark_env = {
        "PYSPARK_SUBMIT_ARGS": "--conf spark.sql.files.maxPartitionBytes=4096 pyspark-shell"
    }
    spark = _batch(source, tmp_path / "spark", "--engine", "spark", "--master", "local[2]",
                   env=spark_env)  # fmt: skip
    assert spark.returncode == 0, spark.stderr[-3000:]
    native_out, spark_out = tmp_path / "native", tmp_path / "spark"
    assert sorted(p.name for p in spark_out.iterdir()) == sorted(
        p.name for p in native_out.iterdir()
    )
    written = (spark_out / "notes.parquet").read_bytes()
    assert written == (native_out / "notes.parquet").read_bytes()
    assert pq.read_table(spark_out / "notes.parquet").column_names == [
        "id", "text", "summary", "ward",
    ]  # fmt: skip
    audits = [
        [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]
        for out in (native_out, spark_out)
    ]
    assert len(audits[0]) > 100 and _strip(audits[0]) == _strip(audits[1])
    manifests = [json.loads((out / "manifest.json").read_text()) for out in (native_out, spark_out)]
    assert _strip(manifests[0]) == _strip(manifests[1])
    assert manifests[1]["options"]["text_column"] == ["text", "summary"]
    verified = subprocess.run(
        [DEID, "audit", "verify", str(spark_out)],
        env={**os.environ, "DEID_SECRET": SECRET},
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert b"555-201-3344" not in written and b"Achterberg" not in written


def test_partitioning_never_changes_a_byte_and_equals_the_pandas_api(spark, deidentifier):
    from deid.pandas import deidentify as deidentify_pandas
    from deid.spark import deidentify

    table = _table(copies=2)
    secret = deidentifier.secret
    expected, expected_audit = deidentify_pandas(
        table, ["text", "summary"], keep=["ward"], policy="case_study", secret=secret
    )
    frame = spark.createDataFrame(table)
    key = ["note_id", "column", "start"]
    for partitions in (1, 3):
        notes, audit = deidentify(
            frame.repartition(partitions), ["text", "summary"], keep=["ward"],
            policy="case_study", secret=secret,
        )  # fmt: skip
        got = notes.toPandas().sort_values("id", ignore_index=True)
        assert got.to_dict("list") == expected.to_dict("list"), partitions
        records = audit.toPandas().drop(columns="run_id").sort_values(key, ignore_index=True)
        want = expected_audit.drop(columns="run_id").sort_values(key, ignore_index=True)
        assert records.to_dict("records") == want.to_dict("records"), partitions
    assert "Achterberg" not in "".join(expected["text"])


def test_a_text_column_that_is_not_text_is_refused_on_the_driver(spark):
    from deid.spark import deidentify

    frame = spark.createDataFrame([("n1", 7)], "id string, text long")
    with pytest.raises(InputError, match="^the DataFrame's column 'text' is not text"):
        deidentify(frame, secret=Secret(b"spark-test-secret-0123456789", "test"))
