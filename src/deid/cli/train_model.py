"""Retrain the shipped decision model: ``python -m deid.cli.train_model``.

Trains only on the project's own synthetic corpus (``data/dev/tune.jsonl``), which the project
can redistribute and regenerate; other corpora are for measuring (``--check`` prints the
model's calibration on one). Run it after any change to a recognizer or to the corpus, and
commit the model it writes: ``tests/unit/decide/test_training.py`` checks the shipped file is
what this makes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from deid.decide.model import MODEL_PATH
from deid.decide.train import fit_calibrated, grouped_rows, reliability, training_rows
from deid.evaluation.gold import GoldNote, read_gold
from deid.model import Finding, Note
from deid.pipeline import Deidentifier
from deid.policy import load_policy

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "data" / "dev" / "tune.jsonl"


def corpus_candidates(gold_notes: Sequence[GoldNote]) -> list[list[Finding]]:
    """Every recognizer's candidates on each note, as a Safe Harbor run proposes them (they
    come before the decision stage, so no shipped model is needed to make them)."""
    deidentifier = Deidentifier(load_policy(None).model_copy(update={"decision": "scores"}))
    notes = [Note(g.note_id, g.text, g.patient_id) for g in gold_notes]
    return [found for _, found in deidentifier.candidates_batch(notes)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "--check", type=Path, help="an annotated corpus to print the model's calibration on"
    )
    args = parser.parse_args(argv)
    gold_notes = list(read_gold(args.corpus))
    rows = grouped_rows(gold_notes, corpus_candidates(gold_notes))
    model = fit_calibrated(rows)
    model.about["corpus"] = args.corpus.name
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"{len(rows)} candidates, {len(model.weights)} weights -> {args.out}")
    if args.check:
        check_notes = list(read_gold(args.check))
        check_rows = training_rows(check_notes, corpus_candidates(check_notes))
        print(f"calibration on {args.check.name}: probability bin, mean, observed, candidates")
        for low, mean, observed, n in reliability(model, check_rows):
            print(f"  {low:.1f}-{low + 0.1:.1f}  {mean:.3f}  {observed:.3f}  {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
