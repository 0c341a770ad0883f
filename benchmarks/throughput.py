"""Notes per second for plain presidio and for deid, on the same notes, and their ratio.

    python benchmarks/throughput.py                       # 200 notes, one process
    python benchmarks/throughput.py --notes 400 --workers 2 --repeat 3
    python benchmarks/throughput.py --sets nursing,therapy --systems presidio-batch,deid-batch

Each set is drawn from the dev corpus (held-out then tune), cycled up to ``--notes``: ``dev``
all of it, ``nursing`` its short ICU and nursing notes, ``therapy`` its therapy notes of 1,300
characters or more (about 1,450 on average). ``deid-batch`` is what ``deid batch`` does: read a
JSONL file, detect, transform, write notes, audit and manifest, with ``--workers`` processes.
Models are loaded and warmed up before the clock starts; each measurement is the median of
``--repeat`` runs, the systems taking turns in every round. Every set ends with the ratio of
``deid-batch`` (else ``deid``) to ``presidio-batch`` in notes per second. The markdown rows go
straight into RESULTS.md.
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
from itertools import count, cycle, islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import BENCH_SECRET, SPLITS, commit  # noqa: E402

from deid.model import Note  # noqa: E402
from deid.policy import load_policy  # noqa: E402

BATCH_SIZE = 32
SYSTEMS = ("presidio-loop", "presidio-batch", "spacy-pipe", "deid", "deid-batch")
LABELS = {
    "presidio-loop": "presidio `AnalyzerEngine.analyze()` loop (1 process)",
    "presidio-batch": "presidio `BatchAnalyzerEngine` (batch {b}, n_process {w})",
    "spacy-pipe": "bare spaCy `nlp.pipe` (batch {b}, n_process {w})",
    "deid": "deid `run_batch` (batch {b}, workers {w})",
    "deid-batch": "`deid batch` JSONL in, notes + audit out (workers {w})",
}
NURSING_STYLES = frozenset({"icu_systems", "icu_shift", "nursing_caps", "terse"})
THERAPY_MIN_CHARS = 1300
SETS = ("dev", "nursing", "therapy")


def _in_set(record: dict[str, Any], name: str) -> bool:
    style = record.get("style", "")
    if name == "nursing":
        return style in NURSING_STYLES
    if name == "therapy":
        return style not in NURSING_STYLES and len(record["text"]) >= THERAPY_MIN_CHARS
    return True


def corpus_notes(n: int, name: str = "dev") -> list[Note]:
    """``n`` notes of one set from the dev corpus (ids made unique when it is cycled)."""
    texts = []
    for path in (SPLITS["heldout"], SPLITS["tune"]):
        if not path.exists():
            sys.exit(f"missing {path}: generate it with python corpus/generate.py")
        records = (json.loads(line) for line in path.open(encoding="utf-8") if line.strip())
        texts += [r["text"] for r in records if _in_set(r, name)]
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


def deid_batch(policy: str | None, workers: int) -> Callable[[list[Note]], int]:
    """``deid batch``'s own run (``deid.io.batch.run_batch``) from a JSONL file into a fresh
    folder: reading, detection, transform, writing the notes, the audit and the manifest."""
    import tempfile

    from deid.io.batch import BatchOptions, run_batch
    from deid.io.readers import Format
    from deid.pipeline import Deidentifier

    deidentifier = Deidentifier.from_policy(policy, BENCH_SECRET)
    list(deidentifier.run_batch(corpus_notes(8)))  # warm up here, so forked workers start warm
    options = BatchOptions(workers=workers)
    scratch = Path(tempfile.mkdtemp(prefix="deid-throughput-"))
    runs = count()

    def go(notes: list[Note]) -> int:
        folder = scratch / f"run-{next(runs)}"
        folder.mkdir()
        source = folder / "notes.jsonl"
        with source.open("w", encoding="utf-8") as f:
            for note in notes:
                f.write(json.dumps({"id": note.note_id, "text": note.text}) + "\n")
        outcome = run_batch(deidentifier, source, folder / "out", Format.JSONL, options)
        return int(outcome.summary.get("notes", {}).get("ok", 0))

    return go


# --- measuring ------------------------------------------------------------------------------


def measure(
    systems: dict[str, Callable[[list[Note]], int]], notes: list[Note], repeat: int
) -> dict[str, dict[str, Any]]:
    """Each system's median over ``repeat`` timed runs, the systems taking turns in every round
    (in a rotating order), so a machine that slows down or speeds up during the benchmark
    slows every system alike instead of the one that happened to run then."""
    for go in systems.values():
        go(notes[:8])  # warm-up: lazy initialisation, caches, first-call costs
    names = list(systems)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            systems[name](notes)
            times[name].append(time.perf_counter() - started)
    chars = sum(len(n.text) for n in notes)
    results = {}
    for name in names:
        seconds = statistics.median(times[name])
        results[name] = {
            "seconds": round(seconds, 2),
            "notes_per_s": round(len(notes) / seconds, 1),
            "chars_per_s": round(chars / seconds),
            "runs": [round(t, 2) for t in times[name]],
        }
    return results


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


def ratio(results: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """deid's notes per second over presidio ``BatchAnalyzerEngine``'s (above 1: deid faster)."""
    ours = next((name for name in ("deid-batch", "deid") if name in results), None)
    if ours is None or "presidio-batch" not in results:
        return None
    value = results[ours]["notes_per_s"] / results["presidio-batch"]["notes_per_s"]
    return {"system": ours, "vs": "presidio-batch", "ratio": round(value, 2)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    model = load_policy(args.policy).model
    makers = {
        "presidio-loop": lambda: presidio_loop(model, args.workers),
        "presidio-batch": lambda: presidio_batch(model, args.workers),
        "spacy-pipe": lambda: spacy_pipe(model, args.workers),
        "deid": lambda: deid_run(args.policy, args.workers),
        "deid-batch": lambda: deid_batch(args.policy, args.workers),
    }
    host = machine()  # before the runs: the load average says whether the machine was quiet
    systems = {name: makers[name]() for name in args.systems}  # each built and warmed once
    sets = {}
    for name in args.sets:
        notes = corpus_notes(args.notes, name)
        results = measure(systems, notes, args.repeat)
        sets[name] = {
            "notes": len(notes),
            "mean_chars": round(sum(len(n.text) for n in notes) / len(notes)),
            "systems": results,
            "ratio": ratio(results),
        }
    return {
        "meta": {
            "date": date.today().isoformat(),
            "commit": commit(),
            "label": args.label,
            "workers": args.workers,
            "repeat": args.repeat,
            "model": model,
            "machine": host,
            "versions": versions(model),
        },
        "sets": sets,
    }


def markdown(data: dict[str, Any]) -> str:
    m = data["meta"]
    hw, v = m["machine"], m["versions"]
    out = [
        f"{m['date']}, commit {m['commit']}; {hw['cpu']}, {hw['cores']} cores "
        f"({hw['usable_cores']} usable), {hw['memory']}, load average at start {hw['load']}; "
        + ", ".join(f"{k} {val}" for k, val in v.items())
        + f"; median of {m['repeat']} run(s).",
    ]
    for name, found in data["sets"].items():
        out += [
            "",
            f"**{name}**: {found['notes']} notes, mean {found['mean_chars']} characters",
            "",
            "| run | notes/s | chars/s | seconds |",
            "| --- | ---: | ---: | ---: |",
        ]
        for system, r in found["systems"].items():
            label = LABELS[system].format(b=BATCH_SIZE, w=m["workers"])
            if system.startswith("deid"):
                label = f"{label}{' ' + m['label'] if m['label'] else ''} @ {m['commit']}"
            out.append(f"| {label} | {r['notes_per_s']} | {r['chars_per_s']:,} | {r['seconds']} |")
        if found["ratio"]:
            r = found["ratio"]
            out += ["", f"{r['system']} / {r['vs']}, notes per second: **{r['ratio']}x**"]
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
    ap.add_argument(
        "--sets",
        default="dev",
        type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
        help=f"comma-separated subset of {','.join(SETS)}",
    )
    ap.add_argument("--label", default="", help="tag for the deid row, e.g. 'before' or 'after'")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.systems or any(s not in SYSTEMS for s in args.systems):
        ap.error(f"--systems: choose from {', '.join(SYSTEMS)}")
    if not args.sets or any(s not in SETS for s in args.sets):
        ap.error(f"--sets: choose from {', '.join(SETS)}")
    data = run(args)
    print(json.dumps(data, indent=2) if args.json else markdown(data), end="")


if __name__ == "__main__":
    main()
