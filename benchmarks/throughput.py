"""Notes per second for plain presidio and for deid's ``run_batch``, on the same notes.

    python benchmarks/throughput.py                       # 200 notes, one process
    python benchmarks/throughput.py --notes 400 --workers 2
    python benchmarks/throughput.py --systems deid --label after --repeat 3

Notes are the dev corpus texts (held-out then tune), cycled up to ``--notes``. Models are
loaded and warmed up before the clock starts; each measurement is the median of ``--repeat``
runs. The markdown rows go straight into RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from itertools import cycle, islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import BENCH_SECRET, SPLITS, commit  # noqa: E402

from deid.model import Note  # noqa: E402
from deid.policy import load_policy  # noqa: E402

BATCH_SIZE = 32
SYSTEMS = ("presidio-loop", "presidio-batch", "spacy-pipe", "deid")
LABELS = {
    "presidio-loop": "presidio `AnalyzerEngine.analyze()` loop (1 process)",
    "presidio-batch": "presidio `BatchAnalyzerEngine` (batch {b}, n_process {w})",
    "spacy-pipe": "bare spaCy `nlp.pipe` (batch {b}, n_process {w})",
    "deid": "deid `run_batch` (batch {b}, workers {w})",
}


def corpus_notes(n: int) -> list[Note]:
    """``n`` notes from the dev corpus (ids made unique when the corpus is cycled)."""
    texts = []
    for path in (SPLITS["heldout"], SPLITS["tune"]):
        if not path.exists():
            sys.exit(f"missing {path}: generate it with python corpus/generate.py")
        texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    return [Note(f"bench-{i:05d}", t) for i, t in enumerate(islice(cycle(texts), n))]


# --- the runs (each returns a callable that processes all notes) ----------------------------


def presidio_loop(model: str, workers: int) -> Callable[[list[Note]], int]:
    from deid.detect.engine import build_plain_presidio

    analyzer = build_plain_presidio(model)

    def go(notes: list[Note]) -> int:
        return sum(len(analyzer.analyze(text=n.text, language="en")) for n in notes)

    return go


def presidio_batch(model: str, workers: int) -> Callable[[list[Note]], int]:
    from presidio_analyzer import BatchAnalyzerEngine

    from deid.detect.engine import build_plain_presidio

    batch = BatchAnalyzerEngine(analyzer_engine=build_plain_presidio(model))

    def go(notes: list[Note]) -> int:
        texts = [n.text for n in notes]
        results = batch.analyze_iterator(
            texts, language="en", batch_size=BATCH_SIZE, n_process=workers
        )
        return sum(len(r) for r in results)

    return go


def spacy_pipe(model: str, workers: int) -> Callable[[list[Note]], int]:
    from deid.detect.engine import load_spacy

    nlp = load_spacy(model)

    def go(notes: list[Note]) -> int:
        docs = nlp.pipe((n.text for n in notes), batch_size=BATCH_SIZE, n_process=workers)
        return sum(len(d.ents) for d in docs)

    return go


_WORKER_DEID: Any = None  # the parent's Deidentifier, inherited by forked workers


def _deid_chunk(notes: list[Note]) -> list[str]:
    return [r.text for r in _WORKER_DEID.run_batch(notes, batch_size=BATCH_SIZE)]


def deid_run(policy: str | None, workers: int) -> Callable[[list[Note]], int]:
    """In-process ``run_batch``; with 2+ workers, batches go to forked copies of the engine."""
    global _WORKER_DEID
    from deid.pipeline import Deidentifier

    _WORKER_DEID = Deidentifier.from_policy(policy, BENCH_SECRET)
    list(_WORKER_DEID.run_batch(corpus_notes(8)))  # warm up here, so forked workers start warm

    def go(notes: list[Note]) -> int:
        if workers == 1:
            return sum(len(r.replacements) for r in _WORKER_DEID.run_batch(notes, BATCH_SIZE))
        chunks = [notes[i : i + BATCH_SIZE] for i in range(0, len(notes), BATCH_SIZE)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return sum(len(texts) for texts in pool.imap(_deid_chunk, chunks))

    return go


# --- measuring ------------------------------------------------------------------------------


def measure(go: Callable[[list[Note]], int], notes: list[Note], repeat: int) -> dict[str, Any]:
    go(notes[:8])  # warm-up: lazy initialisation, caches, first-call costs
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        go(notes)
        times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    chars = sum(len(n.text) for n in notes)
    return {
        "seconds": round(seconds, 2),
        "notes_per_s": round(len(notes) / seconds, 1),
        "chars_per_s": round(chars / seconds),
        "runs": [round(t, 2) for t in times],
    }


def machine() -> dict[str, Any]:
    cpu = "unknown"
    mem = "unknown"
    try:
        info = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next((ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), cpu)
        for ln in Path("/proc/meminfo").read_text().splitlines():
            if ln.startswith("MemTotal"):
                mem = f"{int(ln.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory": mem,
        "load": load,
    }


def versions(model: str) -> dict[str, str]:
    out = {"python": platform.python_version()}
    packages = ("deid", "presidio-analyzer", "spacy", model.replace("_", "-"))
    for name in packages:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    model = load_policy(args.policy).model
    notes = corpus_notes(args.notes)
    makers = {
        "presidio-loop": lambda: presidio_loop(model, args.workers),
        "presidio-batch": lambda: presidio_batch(model, args.workers),
        "spacy-pipe": lambda: spacy_pipe(model, args.workers),
        "deid": lambda: deid_run(args.policy, args.workers),
    }
    host = machine()  # before the runs: the load average says whether the machine was quiet
    results = {name: measure(makers[name](), notes, args.repeat) for name in args.systems}
    return {
        "meta": {
            "date": date.today().isoformat(),
            "commit": commit(),
            "label": args.label,
            "notes": len(notes),
            "mean_chars": round(sum(len(n.text) for n in notes) / len(notes)),
            "workers": args.workers,
            "repeat": args.repeat,
            "model": model,
            "machine": host,
            "versions": versions(model),
        },
        "systems": results,
    }


def markdown(data: dict[str, Any]) -> str:
    m = data["meta"]
    hw, v = m["machine"], m["versions"]
    out = [
        f"{m['date']}, commit {m['commit']}; {hw['cpu']}, {hw['cores']} cores "
        f"({hw['usable_cores']} usable), {hw['memory']}, load average at start {hw['load']}; "
        + ", ".join(f"{k} {val}" for k, val in v.items())
        + f". {m['notes']} notes, mean {m['mean_chars']} characters; "
        f"median of {m['repeat']} run(s).",
        "",
        "| run | notes/s | chars/s | seconds |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, r in data["systems"].items():
        label = LABELS[name].format(b=BATCH_SIZE, w=m["workers"])
        if name == "deid":
            label = f"{label}{' ' + m['label'] if m['label'] else ''} @ {m['commit']}"
        out.append(f"| {label} | {r['notes_per_s']} | {r['chars_per_s']:,} | {r['seconds']} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=200, help="how many notes (corpus is cycled)")
    ap.add_argument("--workers", type=int, default=1, choices=(1, 2, 3, 4))
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per system (median kept)")
    ap.add_argument("--policy", default=None, help="policy YAML for deid (default: Safe Harbor)")
    ap.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
        help=f"comma-separated subset of {','.join(SYSTEMS)}",
    )
    ap.add_argument("--label", default="", help="tag for the deid row, e.g. 'before' or 'after'")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.systems or any(s not in SYSTEMS for s in args.systems):
        ap.error(f"--systems: choose from {', '.join(SYSTEMS)}")
    data = run(args)
    print(json.dumps(data, indent=2) if args.json else markdown(data), end="")


if __name__ == "__main__":
    main()
