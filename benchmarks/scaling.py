"""Does ``deid batch`` scale flat? Notes per second and peak RSS at 1k, 10k (and 100k) notes.

    python benchmarks/scaling.py                          # 1,000 and 10,000 notes
    python benchmarks/scaling.py --sizes 1000,10000,100000 --workers 2
    python benchmarks/scaling.py --sizes 1000 --spark      # also --engine spark --master local[2]

For each size, synthetic notes from the corpus generator (``corpus/generate.py``: a new seed per
block of ~470 notes, nothing from ../shared) are written once as Parquet and as JSONL, and
``deid batch`` runs on each as a subprocess, as a user runs it. The clock covers the whole
command (spaCy loading included, so small sizes pay it more); peak RSS is the largest sum of
the RSS of the command and all its descendants (workers, Spark's JVM and Python workers),
sampled every 0.1 s with psutil. The same command on a one-note input, timed first (the median
of three), gives the start-up (imports, spaCy, recognizers, forking the workers, finishing the
output); "notes/s past start-up" divides by the time past it, the rate a long run settles at.
The markdown table goes straight into RESULTS.md; with ``--spark`` a last column gives Spark's
wall time over the native run's on the same Parquet.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import psutil
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "corpus"))
import generate  # noqa: E402

DEID = str(Path(sys.executable).with_name("deid"))
SECRET = "scaling-benchmark-secret-3f9a1c7e5b"
ROWS_PER_WRITE = 4096
FORMATS = ("parquet", "jsonl")
"""The input formats, in the order ``write_inputs`` returns their files."""


def write_inputs(n: int, folder: Path) -> tuple[Path, Path]:
    """``n`` generated notes as notes.parquet and notes.jsonl (streamed: memory stays flat)."""
    parquet, jsonl = folder / "notes.parquet", folder / "notes.jsonl"
    schema = pa.schema([("id", pa.string()), ("patient_id", pa.string()), ("text", pa.string())])
    written, seed = 0, 1
    with pq.ParquetWriter(parquet, schema) as table, jsonl.open("w", encoding="utf-8") as lines:
        pending: list[dict] = []
        while written < n:
            for note in generate.generated_notes(seed):
                if written == n:
                    break
                row = {
                    "id": f"s{written:07d}",
                    "patient_id": f"{seed}-{note['patient_id']}",
                    "text": note["text"],
                }
                lines.write(json.dumps(row, ensure_ascii=False) + "\n")
                pending.append(row)
                written += 1
            if len(pending) >= ROWS_PER_WRITE or written == n:
                table.write_table(pa.Table.from_pylist(pending, schema))
                pending = []
            seed += 1
    return parquet, jsonl


def measure(command: list[str]) -> tuple[float, int]:
    """(seconds, peak RSS bytes of the process tree) of one command; it must succeed."""
    env = {**os.environ, "DEID_SECRET": SECRET}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                total = 0
                for member in tree:
                    try:
                        total += member.memory_info().rss
                    except psutil.Error:
                        pass  # it ended between the listing and the reading
                peak = max(peak, total)
            except psutil.Error:
                return
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return seconds, peak


def _show(row: dict, as_json: bool) -> None:
    if as_json:
        return
    ratio = f"{row['spark_over_native']:.2f}x" if "spark_over_native" in row else ""
    settled = f"{row['notes_per_s_past_start']:.1f}" if "notes_per_s_past_start" in row else ""
    print(
        f"| {row['notes']:,} | {row['input']} | {row['engine']} | {row['seconds']:.1f} | "
        f"{row['notes_per_s']:.1f} | {settled} | {row['peak_rss_mib']:.0f} | {ratio} |",
        flush=True,
    )


def batch(source: Path, out: Path, *extra: str) -> list[str]:
    return [DEID, "batch", str(source), "--out", str(out), *extra]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="note counts, comma-separated")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--inputs", default=",".join(FORMATS), help="formats, comma-separated")
    parser.add_argument("--spark", action="store_true", help="also --engine spark (Parquet)")
    parser.add_argument("--master", default="local[2]", help="Spark master for --spark")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    formats = set(args.inputs.split(","))
    if not formats <= set(FORMATS) or (args.spark and "parquet" not in formats):
        parser.error("--inputs takes parquet and/or jsonl (--spark needs parquet)")
    rows: list[dict] = []
    if not args.json:  # the header now and each row as it is measured: a long run shows progress
        print(
            f"`python benchmarks/scaling.py --sizes {args.sizes} --workers {args.workers}"
            f"{'' if formats == set(FORMATS) else ' --inputs ' + args.inputs}"
            f"{' --spark' if args.spark else ''}`, {date.today()}, {os.cpu_count()} cores, "
            f"{platform.machine()}, Python {platform.python_version()}\n"
        )
        print(
            "| notes | input | engine | seconds | notes/s | notes/s past start-up "
            "| peak RSS (MiB) | spark / native time |"
        )
        print("|---|---|---|---|---|---|---|---|", flush=True)
    workers = ("--workers", str(args.workers))
    with tempfile.TemporaryDirectory(prefix="deid-scaling-") as tmp:
        one = Path(tmp) / "start-up"
        one.mkdir()
        start_up = {  # the median seconds of three one-note runs: what every run pays
            fmt: statistics.median(
                measure(batch(source, one / f"out-{fmt}", "--overwrite", *workers))[0]
                for _ in range(3)
            )
            for fmt, source in zip(FORMATS, write_inputs(1, one), strict=True)
            if fmt in formats
        }
        for n in sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            inputs = dict(zip(FORMATS, write_inputs(n, folder), strict=True))
            for fmt, source in inputs.items():
                if fmt not in formats:
                    continue
                seconds, peak = measure(batch(source, folder / f"out-{fmt}", *workers))
                row = {"notes": n, "input": fmt, "engine": "native", "seconds": seconds,
                       "notes_per_s": n / seconds, "start_up_s": start_up[fmt],
                       "notes_per_s_past_start": n / max(seconds - start_up[fmt], 1e-9),
                       "peak_rss_mib": peak / 2**20}  # fmt: skip
                rows.append(row)
                _show(row, args.json)
            if args.spark:
                spark = ("--engine", "spark", "--master", args.master)
                seconds, peak = measure(batch(inputs["parquet"], folder / "out-spark", *spark))
                native = next(r for r in rows if r["notes"] == n and r["input"] == "parquet")
                rows.append({"notes": n, "input": "parquet", "engine": f"spark {args.master}",
                             "seconds": seconds, "notes_per_s": n / seconds,
                             "peak_rss_mib": peak / 2**20,
                             "spark_over_native": seconds / native["seconds"]})  # fmt: skip
                _show(rows[-1], args.json)
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
