"""spaCy's NER with thinc's default matrix products (blis) and with deid's (numpy, one thread).

    python benchmarks/blas.py                    # the therapy set, 200 notes
    python benchmarks/blas.py --set nursing --notes 300 --repeat 3

Runs the NER pipe alone, as deid does, on the same notes in batches of 32 (inside a memory
zone, as ``pipeline.Deidentifier`` does), taking turns between the two ways each round; prints
each one's CPU seconds (median) and whether every entity of every note is the same.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import BATCH_SIZE, SETS, corpus_notes  # noqa: E402

from deid.detect.blas import one_blas_thread  # noqa: E402
from deid.detect.casing import case_mode, recase_for_ner  # noqa: E402
from deid.detect.engine import DETECTION_PIPE, load_spacy  # noqa: E402
from deid.policy import load_policy  # noqa: E402


def entities(nlp, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    skipped = [name for name in nlp.pipe_names if name != DETECTION_PIPE]
    out = []
    for first in range(0, len(texts), BATCH_SIZE):
        with nlp.memory_zone():
            batch = texts[first : first + BATCH_SIZE]
            for doc in nlp.pipe(batch, batch_size=BATCH_SIZE, disable=skipped):
                out.append([(e.start_char, e.end_char, e.label_) for e in doc.ents])
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="therapy", choices=SETS)
    ap.add_argument("--notes", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    model = load_policy(None).model
    ways = {
        "blis (as shipped)": load_spacy(model),
        "numpy, one thread (deid)": load_spacy(model, numpy_blas=True),
    }
    texts = [recase_for_ner(n.text, case_mode(n.text)) for n in corpus_notes(args.notes, args.set)]
    found, seconds = {}, {name: [] for name in ways}
    with one_blas_thread():
        for name, nlp in ways.items():
            found[name] = entities(nlp, texts[:BATCH_SIZE])  # warm-up
        for _ in range(args.repeat):
            for name, nlp in ways.items():
                started = time.process_time()
                found[name] = entities(nlp, texts)
                seconds[name].append(time.process_time() - started)
    print(f"{args.set}: {len(texts)} notes, NER pipe only, CPU seconds (median of {args.repeat})")
    for name in ways:
        print(f"  {name}: {statistics.median(seconds[name]):.2f}")
    shipped, ours = found.values()
    same = sum(a == b for a, b in zip(shipped, ours, strict=True))
    print(f"  notes with the same entities: {same} of {len(texts)}")


if __name__ == "__main__":
    main()
