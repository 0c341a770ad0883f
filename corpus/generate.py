"""Write deid's synthetic, annotated development corpus and the newcomer sample notes.

    python corpus/generate.py                     # data/dev/ and sample_data/
    python corpus/generate.py --out DIR --samples-out DIR2

Everything is seeded: re-running reproduces byte-identical files. Generated notes are built
piece by piece with offsets recorded as text is appended (see builder.py); hand-written notes
in corpus/handwritten/ and corpus/samples/ use inline ``[[LABEL:text]]`` markup.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import styles_a  # noqa: E402
import styles_b  # noqa: E402
import styles_c  # noqa: E402
import styles_d  # noqa: E402
import styles_e  # noqa: E402
import styles_icu  # noqa: E402
from builder import LABELS, check  # noqa: E402
from context import Ctx, make_patient  # noqa: E402
from people import NameBank  # noqa: E402

SEED = 20240611
PER_STYLE = 16
TUNE_SHARE = 0.6
STYLES = {
    "soap": styles_a.soap,
    "dap": styles_a.dap,
    "birp": styles_a.birp,
    "intake": styles_a.intake,
    "psych_eval": styles_a.psych_eval,
    "med_management": styles_a.med_mgmt,
    "telehealth": styles_b.telehealth,
    "group": styles_b.group,
    "couples": styles_b.couples,
    "child_adolescent": styles_b.child,
    "crisis_call": styles_b.crisis,
    "discharge_summary": styles_b.discharge,
    "referral_letter": styles_c.referral,
    "collateral": styles_c.collateral,
    "email_thread": styles_c.email,
    "terse": styles_d.terse,
    "nursing_caps": styles_d.nursing,
    "icu_systems": styles_icu.systems,
    "icu_shift": styles_icu.shift,
    "brief_therapy": styles_e.brief,
}
COUNT = {"icu_systems": 88, "icu_shift": 88, "brief_therapy": 24}
"""Notes per style where not PER_STYLE: ICU notes are short, and most carry no PHI."""
POOL = {"child_adolescent": "child", "icu_systems": "icu", "icu_shift": "icu"}
REUSE = {"icu": 0.45}
"""Chance a note goes to an earlier patient of its pool (ICU patients get several shift notes)."""
MARKUP = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]")


def parse_markup(source: str) -> tuple[dict[str, str], str, list[dict]]:
    """Turn a hand-written note (front matter, ``---``, marked-up body) into text + spans.

    >>> parse_markup("style: soap\\n---\\nSeen [[NAME:Hope Alvarez]] today.\\n")[1:]
    ('Seen Hope Alvarez today.\\n', [{'start': 5, 'end': 17, 'label': 'NAME'}])
    """
    head, sep, body = source.partition("\n---\n")
    if not sep:
        raise ValueError("missing '---' line after the front matter")
    meta = dict(line.split(":", 1) for line in head.strip().splitlines())
    meta = {k.strip(): v.strip() for k, v in meta.items()}
    parts, spans, pos, last = [], [], 0, 0
    for m in MARKUP.finditer(body):
        plain = body[last : m.start()]
        parts.append(plain)
        pos += len(plain)
        label, value = m.group(1), m.group(2)
        if label not in LABELS:
            raise ValueError(f"unknown label {label} at markup offset {m.start()}")
        spans.append({"start": pos, "end": pos + len(value), "label": label})
        parts.append(value)
        pos += len(value)
        last = m.end()
    parts.append(body[last:])
    text = "".join(parts)
    if "[[" in text or "]]" in text:
        raise ValueError("unbalanced [[...]] markup")
    return meta, text, spans


def _record(nid: str, text: str, style: str, pid: str, spans, oov=frozenset()) -> dict:
    """A note's JSONL record; a span with an invented word (oov.py) gets ``"oov": true``."""
    if spans and isinstance(spans[0], tuple):
        rows = []
        for s, e, lab in sorted(spans, key=lambda s: (s[0], s[1])):
            row = {"start": s, "end": e, "label": lab}
            if (s, e) in oov:
                row["oov"] = True
            rows.append(row)
        spans = rows
    check(text, [(s["start"], s["end"], s["label"]) for s in spans])
    return {"id": nid, "text": text, "style": style, "patient_id": pid, "spans": spans}


def schedule() -> list[str]:
    """The style of each generated note, round-robin over the styles until each has its count."""
    counts = {s: COUNT.get(s, PER_STYLE) for s in STYLES}
    return [s for r in range(max(counts.values())) for s in STYLES if r < counts[s]]


def generated_notes(seed: int = SEED, kinds: dict[str, list[str]] | None = None) -> list[dict]:
    """The generated notes; ``kinds`` (if given) receives each ICU note's identifier kinds."""
    rng = random.Random(seed)
    bank = NameBank(rng, seed)
    pools: dict[str, list] = {"adult": [], "child": [], "icu": []}
    notes = []
    for i, style in enumerate(schedule()):
        kind = POOL.get(style, "adult")
        pool = pools[kind]
        if pool and rng.random() < REUSE.get(kind, 0.22):
            patient = pool[rng.randrange(len(pool))]
        else:
            n = sum(len(p) for p in pools.values()) + 1
            patient = make_patient(rng, bank, f"P{n:04d}", "adult" if kind == "icu" else kind)
            pool.append(patient)
        doc = STYLES[style](Ctx(rng, bank, patient))
        if style == "nursing_caps" or doc.case == "upper":
            text, spans = doc.transformed(str.upper)
        elif doc.case == "lower" or (style == "terse" and rng.random() < 0.8):
            text, spans = doc.transformed(str.lower)
        else:
            text, spans = doc.text, doc.spans
        notes.append(_record(f"gen-{i + 1:04d}", text, style, patient.pid, spans, doc.oov))
        if kinds is not None and doc.kinds:
            kinds[notes[-1]["id"]] = doc.kinds
    return notes


def marked_up_notes(folder: Path, prefix: str) -> list[dict]:
    notes = []
    for path in sorted(folder.glob("*.txt")):
        meta, text, spans = parse_markup(path.read_text(encoding="utf-8"))
        nid = meta.get("id", f"{prefix}{path.stem}")
        notes.append(_record(nid, text, meta["style"], meta["patient_id"], spans))
    return notes


def split(generated: list[dict], handwritten: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split by patient (no patient in both splits); about half the hand-written notes held out."""
    rng = random.Random(SEED + 1)
    by_pid: dict[str, list[dict]] = {}
    for n in generated:
        by_pid.setdefault(n["patient_id"], []).append(n)
    pids = sorted(by_pid)
    rng.shuffle(pids)
    style_total = Counter(n["style"] for n in generated)
    in_tune: Counter = Counter()
    tune, held = [], []
    total = len(generated) + len(handwritten)
    for pid in pids:  # stratify by style: a patient goes where its styles are most lacking
        need = sum(
            TUNE_SHARE * style_total[n["style"]] - in_tune[n["style"]] - 0.75 for n in by_pid[pid]
        )
        if need > 0:
            tune.extend(by_pid[pid])
            in_tune.update(n["style"] for n in by_pid[pid])
        else:
            held.extend(by_pid[pid])
    hw_pids = list(dict.fromkeys(n["patient_id"] for n in handwritten))
    for n in handwritten:  # every other hand-written patient is held out
        (held if hw_pids.index(n["patient_id"]) % 2 else tune).append(n)
    assert len(tune) + len(held) == total
    key = lambda n: n["id"]  # noqa: E731
    return sorted(tune, key=key), sorted(held, key=key)


def dump_jsonl(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def stats_md(splits: dict[str, list[dict]], kinds: dict[str, list[str]] | None = None) -> str:
    out = [
        "# Dev corpus statistics",
        "",
        "Written by `corpus/generate.py`; do not edit by hand.",
        "",
    ]
    styles = sorted({n["style"] for rows in splits.values() for n in rows})
    out += [
        "## Notes per style",
        "",
        "| style | " + " | ".join(splits) + " |",
        "| --- |" + " ---: |" * len(splits),
    ]
    counts = {k: Counter(n["style"] for n in v) for k, v in splits.items()}
    for s in styles:
        out.append(f"| {s} | " + " | ".join(str(counts[k][s]) for k in splits) + " |")
    out.append("| **total** | " + " | ".join(str(len(v)) for v in splits.values()) + " |")
    out += [
        "",
        "## Spans per label",
        "",
        "| label | " + " | ".join(splits) + " |",
        "| --- |" + " ---: |" * len(splits),
    ]
    labels = {k: Counter(s["label"] for n in v for s in n["spans"]) for k, v in splits.items()}
    for lab in LABELS:
        out.append(f"| {lab} | " + " | ".join(str(labels[k][lab]) for k in splits) + " |")
    out.append("| **total** | " + " | ".join(str(sum(c.values())) for c in labels.values()) + " |")
    out += [
        "",
        "## Invented values (out of deid's vocabulary)",
        "",
        'Spans marked `"oov": true` hold a word made by `corpus/oov.py` (not in deid\'s lists).',
        "",
        "| label | " + " | ".join(splits) + " |",
        "| --- |" + " ---: |" * len(splits),
    ]
    for lab in OOV_LABELS:
        cells = []
        for rows in splits.values():
            spans = [s for n in rows for s in n["spans"] if s["label"] == lab]
            made = sum(1 for s in spans if s.get("oov"))
            cells.append(f"{made} / {len(spans)} ({_pct(made, len(spans))})")
        out.append(f"| {lab} | " + " | ".join(cells) + " |")
    out += [
        "",
        "## Notes without identifiers, and identifier density",
        "",
        "| notes | " + " | ".join(f"{k}: no PHI | {k}: PHI tokens / 1,000" for k in splits) + " |",
        "| --- |" + " ---: | ---: |" * len(splits),
    ]
    groups = {"all": None, "ICU styles": ICU_STYLES, "brief_therapy": ("brief_therapy",)}
    for name, member in groups.items():
        cells = []
        for rows in splits.values():
            picked = [n for n in rows if member is None or n["style"] in member]
            empty = sum(1 for n in picked if not n["spans"])
            cells.append(f"{empty} / {len(picked)} ({_pct(empty, len(picked))})")
            cells.append(f"{_density(picked):.1f}")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    if kinds:
        out += [
            "",
            "## ICU identifiers by kind",
            "",
            "Spans in ICU notes by the form they take (`corpus/icu_phi.py`).",
            "",
            "| kind | " + " | ".join(splits) + " |",
            "| --- |" + " ---: |" * len(splits),
        ]
        per = {k: Counter(x for n in v for x in kinds.get(n["id"], ())) for k, v in splits.items()}
        for kind in sorted(set().union(*per.values())):
            out.append(f"| {kind} | " + " | ".join(str(per[k][kind]) for k in splits) + " |")
    out += [
        "",
        "## Note length (characters)",
        "",
        "| split | min | median | max |",
        "| --- | ---: | ---: | ---: |",
    ]
    for k, v in splits.items():
        lens = [len(n["text"]) for n in v]
        out.append(f"| {k} | {min(lens)} | {int(statistics.median(lens))} | {max(lens)} |")
    return "\n".join(out) + "\n"


OOV_LABELS = ("NAME", "LOCATION", "STREET", "ORGANIZATION")
ICU_STYLES = ("icu_systems", "icu_shift")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _density(rows: list[dict]) -> float:
    """Whitespace tokens inside gold spans per 1,000 whitespace tokens."""
    tokens = phi = 0
    for n in rows:
        for m in re.finditer(r"\S+", n["text"]):
            tokens += 1
            phi += any(s["start"] < m.end() and m.start() < s["end"] for s in n["spans"])
    return 1000 * phi / tokens if tokens else 0.0


def write_samples(notes: list[dict], out: Path) -> None:
    """sample_data/: the same notes as csv, jsonl, a txt folder, and gold jsonl."""
    (out / "notes").mkdir(parents=True, exist_ok=True)
    plain = [{"id": n["id"], "patient_id": n["patient_id"], "text": n["text"]} for n in notes]
    dump_jsonl(plain, out / "notes.jsonl")
    dump_jsonl(notes, out / "notes_gold.jsonl")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["id", "patient_id", "text"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(plain)
    (out / "notes.csv").write_text(buf.getvalue(), encoding="utf-8", newline="\n")
    for n in notes:
        (out / "notes" / f"{n['id']}.txt").write_text(n["text"], encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE.parent / "data" / "dev")
    ap.add_argument("--samples-out", type=Path, default=HERE.parent / "sample_data")
    args = ap.parse_args(argv)
    kinds: dict[str, list[str]] = {}
    tune, held = split(generated_notes(kinds=kinds), marked_up_notes(HERE / "handwritten", "hw-"))
    dump_jsonl(tune, args.out / "tune.jsonl")
    dump_jsonl(held, args.out / "heldout.jsonl")
    (args.out / "STATS.md").write_text(
        stats_md({"tune": tune, "heldout": held}, kinds), encoding="utf-8"
    )
    write_samples(marked_up_notes(HERE / "samples", ""), args.samples_out)
    print(f"wrote {len(tune)} tune and {len(held)} heldout notes to {args.out}")


if __name__ == "__main__":
    main()
