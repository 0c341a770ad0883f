"""Seconds and peak memory of the full pipeline on one long note, per note size.

    python benchmarks/long_notes.py                        # 10 KB, 100 KB, 1 MB, 10 MB
    python benchmarks/long_notes.py --sizes 10k,100k       # a quick one (tests, CI)
    python benchmarks/long_notes.py --sizes 1m --json

Each note is built deterministically from the repo's synthetic notes (``sample_data/notes``
and the tune split of the dev corpus), copied until it is long enough; in every copy the
corpus's gold names are replaced by other names, so a long note has many distinct names (as a
merged chart export does), not the same few again and again. Each size runs in a fresh
subprocess: ``Deidentifier.from_policy().run(note)`` (detection and transformation), timed
after the pipeline is loaded and warmed up on a short note; the peak RSS is the child's
``ru_maxrss``, loading included. The markdown rows go straight into RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
import zlib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import BENCH_SECRET, commit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_NOTES = ROOT / "sample_data" / "notes"
TUNE = ROOT / "data" / "dev" / "tune.jsonl"
SIZES = ("10k", "100k", "1m", "10m")
TARGET_RSS_MB = 1024
_NAME_WORD = re.compile(r"[^\W\d_]{2,}")
SEPARATOR = "\n\n" + "=" * 40 + "\n\n"


@lru_cache(maxsize=1)
def _name_pools() -> tuple[list[str], list[str]]:
    """Given names and surnames from deid's own lists (no everyday or clinical words)."""
    from deid import lexicon as wordlists

    def pool(names: frozenset[str]) -> list[str]:
        keep = (
            n
            for n in names
            if n.isalpha()
            and len(n) >= 4
            and not wordlists.is_common_word(n, top=20_000)
            and n not in wordlists.clinical_terms()
        )
        return [n.capitalize() for n in sorted(keep)]

    return pool(wordlists.first_names()), pool(wordlists.surnames())


def parse_size(text: str) -> int:
    """``10k`` -> 10,000 characters; ``1m`` -> 1,000,000; a plain number is characters."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def _sources() -> list[tuple[str, list[tuple[int, int]]]]:
    """(text, gold NAME spans) of every synthetic note, in a fixed order."""
    sources = [(p.read_text(encoding="utf-8"), []) for p in sorted(SAMPLE_NOTES.glob("*.txt"))]
    if TUNE.exists():
        for line in TUNE.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                spans = [(s["start"], s["end"]) for s in row["spans"] if s["label"] == "NAME"]
                sources.append((row["text"], spans))
    return sources


def _renamed(text: str, spans: list[tuple[int, int]], copy: int) -> str:
    """The note with each gold name word swapped for another name, the same one per copy."""
    if copy == 0 or not spans:
        return text

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        key = zlib.crc32(word.lower().encode())
        pool = _name_pools()[key % 2]
        name = pool[(key + 7919 * copy) % len(pool)]
        return name.upper() if word.isupper() else name

    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(_NAME_WORD.sub(swap, text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def build_note(size: int) -> str:
    """A synthetic note of exactly ``size`` characters (cut at a line end, then padded)."""
    sources = _sources()
    parts: list[str] = []
    total, copy = 0, 0
    while total < size:
        for text, spans in sources:
            part = _renamed(text, spans, copy)
            parts.append(part)
            total += len(part) + len(SEPARATOR)
            if total >= size:
                break
        copy += 1
    note = SEPARATOR.join(parts)[:size]
    cut = note.rfind("\n")
    return note[: cut + 1].ljust(size) if cut > 0 else note


# --- the child: one note, one process ---------------------------------------------------------


def child(size: int, policy: str | None) -> dict[str, Any]:
    from deid.model import Note
    from deid.pipeline import Deidentifier

    note = Note("long", build_note(size))
    deid = Deidentifier.from_policy(policy, BENCH_SECRET)
    deid.run(Note("warm-up", build_note(2_000)))
    started = time.perf_counter()
    result = deid.run(note)
    seconds = time.perf_counter() - started
    if result.error:
        raise SystemExit(f"the pipeline failed on the {size:,}-character note: {result.error}")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "chars": len(note.text),
        "seconds": round(seconds, 2),
        "s_per_mb": round(seconds / (len(note.text) / 1_000_000), 2),
        "peak_rss_mb": round(peak_kb / 1024),
        "replacements": len(result.replacements),
    }


def run_size(size: int, policy: str | None, timeout: float) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(size)]
    if policy:
        command += ["--policy", policy]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        raise SystemExit(f"child for {size:,} characters failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _human(chars: int) -> str:
    if chars >= 1_000_000:
        return f"{chars / 1_000_000:g} MB"
    return f"{chars / 1_000:g} KB"


def markdown(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    rates = [r["s_per_mb"] for r in rows]
    spread = max(rates) / min(rates) if rates and min(rates) > 0 else float("nan")
    out = [
        f"{meta['date']}, commit {meta['commit']}, {meta['cores']} cores; one note per size, "
        "each in a fresh process; `Deidentifier.from_policy().run(note)`.",
        "",
        "| size | characters | seconds | seconds per MB | peak RSS (MB) | replacements |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        out.append(
            f"| {_human(r['chars'])} | {r['chars']:,} | {r['seconds']} | {r['s_per_mb']} "
            f"| {r['peak_rss_mb']:,} | {r['replacements']:,} |"
        )
    out.append("")
    out.append(
        f"Seconds per MB, largest / smallest: {spread:.2f} "
        f"(target: at most 2). Peak RSS target: under {TARGET_RSS_MB} MB."
    )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes",
        default=",".join(SIZES),
        type=lambda s: [parse_size(x) for x in s.split(",") if x.strip()],
        help="comma-separated note sizes, e.g. 10k,100k,1m,10m (default: all four)",
    )
    ap.add_argument("--policy", default=None, help="policy YAML (default: Safe Harbor)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed per size")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.policy)))
        return
    rows = []
    for size in args.sizes:
        rows.append(run_size(size, args.policy, args.timeout))
        print(f"{_human(size)}: {rows[-1]}", file=sys.stderr)
    meta = {"date": date.today().isoformat(), "commit": commit(), "cores": os.cpu_count()}
    print(json.dumps({"meta": meta, "rows": rows}, indent=2) if args.json else markdown(rows, meta))


if __name__ == "__main__":
    main()
