"""spaCy's NER with thinc's default matrix products (blis) and with deid's (numpy, one thread),
each decoded by spaCy's greedy decoder and by deid's (the beam decoder at width 1).

    python benchmarks/blas.py                    # the therapy set, 200 notes
    python benchmarks/blas.py --set nursing --notes 300 --repeat 3

Runs the NER pipe alone, as deid does, on the same notes in batches of 32 (inside a memory
zone, as ``pipeline.Deidentifier`` does), taking turns between the ways each round; prints
each one's CPU seconds (median) and how many notes have every entity the same as the model
as shipped (blis, greedy) gives them.
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
from deid.detect.engine import DETECTION_PIPE, load_spacy, run_pipes  # noqa: E402
from deid.policy import load_policy  # noqa: E402


def entities(nlp, texts: list[str], width_one: bool) -> list[list[tuple[int, int, str]]]:
    skipped = [name for name in nlp.pipe_names if name != DETECTION_PIPE]
    out = []
    for first in range(0, len(texts), BATCH_SIZE):
        with nlp.memory_zone():
            batch = texts[first : first + BATCH_SIZE]
            if width_one:  # as deid's engine runs it
                docs = run_pipes(nlp, [DETECTION_PIPE], batch, BATCH_SIZE)
            else:
                docs = nlp.pipe(batch, batch_size=BATCH_SIZE, disable=skipped)
            out.extend([(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="therapy", choices=SETS)
    ap.add_argument("--notes", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    model = load_policy(None).model
    blis, numpy = load_spacy(model), load_spacy(model, numpy_blas=True)
    ways = {  # name: (pipeline, decoded at width one)
        "blis, greedy (as shipped)": (blis, False),
        "numpy, greedy": (numpy, False),
        "blis, width-one beam": (blis, True),
        "numpy, width-one beam (deid)": (numpy, True),
    }
    texts = [recase_for_ner(n.text, case_mode(n.text)) for n in corpus_notes(args.notes, args.set)]
    found, seconds = {}, {name: [] for name in ways}
    with one_blas_thread():
        for name, (nlp, width_one) in ways.items():
            found[name] = entities(nlp, texts[:BATCH_SIZE], width_one)  # warm-up
        for _ in range(args.repeat):
            for name, (nlp, width_one) in ways.items():
                started = time.process_time()
                found[name] = entities(nlp, texts, width_one)
                seconds[name].append(time.process_time() - started)
    print(f"{args.set}: {len(texts)} notes, NER pipe only, CPU seconds (median of {args.repeat})")
    shipped = next(iter(found.values()))
    for name in ways:
        same = sum(a == b for a, b in zip(shipped, found[name], strict=True))
        print(
            f"  {name}: {statistics.median(seconds[name]):.2f} s, "
            f"{same} of {len(texts)} notes with the same entities as shipped"
        )


if __name__ == "__main__":
    main()
