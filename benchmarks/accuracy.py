"""Token-level accuracy of deid beside plain presidio and plain spaCy NER, corpus by corpus.

    python benchmarks/accuracy.py                        # held-out split + ../shared corpora
    python benchmarks/accuracy.py --systems deid --label after --workers 2
    python benchmarks/accuracy.py --split tune --no-shared --corpus my.jsonl --json

One run scores every corpus separately: the project's split (``--split``, default held-out),
the two development corpora in ``../shared/corpora/`` when that folder exists (a fresh clone
has none: skipped with a note), and every ``--corpus``. Each is read by ``deid.evaluation.gold``
with ``LABEL_MAP`` on top of the policy's label map (what ``deid evaluate --label-map`` does),
and every system is scored by the same evaluator (``deid.evaluation.metrics``), so the numbers
differ only because the detectors do, and deid's agree with ``deid evaluate``. Reported: token
binary recall / precision / F1, per type, per note casing, and the recall of name and place
tokens inside and outside deid's own word lists. The markdown goes straight into RESULTS.md;
where the time went is printed on stderr.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from deid.detect.casing import case_mode
from deid.evaluation.gold import GoldNote, GoldSpan, apply_label_map, read_gold
from deid.evaluation.metrics import evaluate_notes, pipeline_predict, tokenize
from deid.keys import Secret
from deid.model import Finding, Note, PhiType
from deid.policy import IGNORE_LABEL, load_policy

ROOT = Path(__file__).resolve().parents[1]
SPLITS = {name: ROOT / "data" / "dev" / f"{name}.jsonl" for name in ("heldout", "tune")}
SHARED = ROOT.parent / "shared" / "corpora"
SHARED_CORPORA = ("physionet_dev", "therapy_dev")
"""Annotated notes deid did not write (``../shared/corpora/README.md``): measured, never copied."""
LABEL_MAP = {"ID": "OTHER_ID", "ORG": "ORGANIZATION", "PLAN": "HEALTH_PLAN", "OTHER": "OTHER_ID"}
"""The shared corpora's labels that are not deid type names (IGNORE spans count neither way)."""
TERSE_STYLES = frozenset({"terse", "nursing_caps", "icu_systems", "icu_shift"})
"""Issue 4 sets looser targets for terse notes (ALL-CAPS nursing, lower-case shorthand)."""
TARGETS = {"therapy": (0.99, 0.90), "terse": (0.97, 0.80)}  # (recall, precision), issue 4
CASINGS = {"upper": "ALL CAPS", "lower": "lower case", "mixed": "mixed"}
"""``deid.detect.casing.case_mode`` values (by the share of upper-case letters), as shown."""
VOCAB_TYPES = ("NAME", "LOCATION")

PRESIDIO_TO_DEID: dict[str, PhiType | None] = {
    "PERSON": PhiType.NAME,
    "DATE_TIME": PhiType.DATE,
    "AGE": PhiType.AGE,
    "PHONE_NUMBER": PhiType.PHONE,
    "EMAIL_ADDRESS": PhiType.EMAIL,
    "EMAIL": PhiType.EMAIL,
    "URL": PhiType.URL,
    "IP_ADDRESS": PhiType.IP,
    "MAC_ADDRESS": PhiType.DEVICE,
    "LOCATION": PhiType.LOCATION,
    "ORGANIZATION": PhiType.ORGANIZATION,
    "US_SSN": PhiType.SSN,
    "US_ITIN": PhiType.OTHER_ID,
    "US_PASSPORT": PhiType.OTHER_ID,
    "US_DRIVER_LICENSE": PhiType.LICENSE,
    "MEDICAL_LICENSE": PhiType.LICENSE,
    "US_BANK_NUMBER": PhiType.ACCOUNT,
    "CREDIT_CARD": PhiType.ACCOUNT,
    "IBAN_CODE": PhiType.ACCOUNT,
    "CRYPTO": PhiType.ACCOUNT,
    "UK_NHS": PhiType.OTHER_ID,
    "UUID": PhiType.OTHER_ID,
    "ID": PhiType.OTHER_ID,
    "NRP": None,  # nationality, religion, political group: not a Safe Harbor identifier
}
"""presidio's entity names onto deid types; ``None`` drops the finding. Unknown names count as
OTHER_ID (anything presidio flags is redacted by its anonymizer)."""

SPACY_TO_DEID = {
    "PERSON": PhiType.NAME,
    "ORG": PhiType.ORGANIZATION,
    "GPE": PhiType.LOCATION,
    "LOC": PhiType.LOCATION,
    "FAC": PhiType.LOCATION,
    "DATE": PhiType.DATE,
}
"""spaCy labels that name identifiers; every other label (TIME, CARDINAL, NORP...) is dropped."""

BENCH_SECRET = Secret(b"benchmark-secret-not-for-real-data", "benchmark")
Predict = Callable[[list[Note]], list[list[Finding]]]


# --- the three systems -----------------------------------------------------------------------


def deid_system(policy: str | None) -> Predict:
    from deid.pipeline import Deidentifier

    return pipeline_predict(Deidentifier.from_policy(policy, BENCH_SECRET))  # type: ignore[return-value]


def presidio_system(model: str) -> Predict:
    """presidio's AnalyzerEngine with its default recognizers and threshold (as a user gets it)."""
    from deid.detect.engine import build_plain_presidio

    analyzer = build_plain_presidio(model)

    def predict(notes: list[Note]) -> list[list[Finding]]:
        out = []
        for note in notes:
            findings = []
            for r in analyzer.analyze(text=note.text, language="en"):
                phi = PRESIDIO_TO_DEID.get(r.entity_type, PhiType.OTHER_ID)
                if phi is not None and r.end > r.start:
                    findings.append(Finding(r.start, r.end, phi, float(r.score), r.entity_type))
            out.append(findings)
        return out

    return predict


def spacy_system(model: str) -> Predict:
    """The spaCy model's own NER, nothing else: the floor every detector should beat."""
    from deid.detect.engine import load_spacy

    nlp = load_spacy(model)

    def predict(notes: list[Note]) -> list[list[Finding]]:
        docs = nlp.pipe([n.text for n in notes], batch_size=len(notes) or 1)
        return [
            [
                Finding(e.start_char, e.end_char, SPACY_TO_DEID[e.label_], 1.0, f"spacy:{e.label_}")
                for e in doc.ents
                if e.label_ in SPACY_TO_DEID and e.end_char > e.start_char
            ]
            for doc in docs
        ]

    return predict


SYSTEMS = {"deid": "deid", "presidio": "presidio (defaults)", "spacy": "spaCy NER"}


# --- corpora ---------------------------------------------------------------------------------


@dataclass
class Corpus:
    """Gold notes (labels mapped) and what the JSONL records beside them."""

    name: str
    path: Path
    notes: list[GoldNote]
    styles: dict[str, str] = field(default_factory=dict)
    """note id -> style, when the corpus records one (the project's corpus does)."""
    flagged: frozenset[tuple[str, int, int]] = frozenset()
    """(note id, start, end) of the spans marked ``"oov": true`` (out of deid's vocabulary)."""


def corpus_paths(args: argparse.Namespace) -> tuple[list[Path], list[str]]:
    """The corpora to score, in order, and one-line notes on those skipped."""
    paths = [SPLITS.get(args.split, Path(args.split))]
    skipped = []
    if not args.no_shared:
        if SHARED.is_dir():
            paths += [SHARED / f"{name}.jsonl" for name in SHARED_CORPORA]
        else:
            skipped.append(f"no {SHARED} (a fresh clone has none): shared corpora skipped")
    paths += [Path(p) for p in args.corpus]
    missing = [p for p in paths if not p.exists()]
    if missing:
        sys.exit(
            f"gold not found: {', '.join(map(str, missing))} (the project's splits: "
            "python corpus/generate.py)"
        )
    return list(dict.fromkeys(paths)), skipped


def load_corpus(path: Path, policy: str | None, limit: int = 0) -> Corpus:
    """Read with ``deid.evaluation.gold``; the label map is the policy's plus ``LABEL_MAP``."""
    notes = apply_label_map(read_gold(path), {**load_policy(policy).label_map, **LABEL_MAP})
    if limit:
        notes = notes[:limit]
    styles, flagged = jsonl_extras(path) if path.suffix == ".jsonl" else ({}, frozenset())
    return Corpus(corpus_name(path), path, notes, styles, flagged)


def corpus_name(path: Path) -> str:
    return path.stem if path.is_file() else path.name


def jsonl_extras(path: Path) -> tuple[dict[str, str], frozenset[tuple[str, int, int]]]:
    """Each note's ``style`` and the spans flagged ``"oov": true``: fields the gold reader
    (rightly) does not keep, read from the same lines."""
    styles: dict[str, str] = {}
    flagged: set[tuple[str, int, int]] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            note_id = str(row["id"])
            if "style" in row:
                styles[note_id] = str(row["style"])
            for span in row.get("spans", []):
                if span.get("oov") is True:
                    flagged.add((note_id, int(span["start"]), int(span["end"])))
    return styles, frozenset(flagged)


# --- the notes each table scores -------------------------------------------------------------


def style_groups(corpus: Corpus) -> dict[str, list[GoldNote]]:
    """therapy / terse (issue 4's two targets), when the corpus records a style per note."""
    if not corpus.styles:
        return {}
    terse = [n for n in corpus.notes if corpus.styles.get(n.note_id) in TERSE_STYLES]
    therapy = [n for n in corpus.notes if corpus.styles.get(n.note_id) not in TERSE_STYLES]
    return {"therapy": therapy, "terse": terse}


def by_style(corpus: Corpus) -> dict[str, list[GoldNote]]:
    out: dict[str, list[GoldNote]] = {}
    for note in corpus.notes:
        if note.note_id in corpus.styles:
            out.setdefault(corpus.styles[note.note_id], []).append(note)
    return dict(sorted(out.items()))


def by_casing(notes: Iterable[GoldNote]) -> dict[str, list[GoldNote]]:
    """Notes by ``case_mode`` of their letters, in the order of ``CASINGS``."""
    out: dict[str, list[GoldNote]] = {mode: [] for mode in CASINGS}
    for note in notes:
        out[case_mode(note.text).value].append(note)
    return {mode: members for mode, members in out.items() if members}


@cache
def vocabulary() -> dict[str, frozenset[str]]:
    """What deid's own lists know, per gold type, lower-case: given names and surnames (words)
    for NAME; US and world cities, US states and countries (phrases, their words joined by one
    space: "st louis", "winston salem") for LOCATION."""
    from deid import lexicon

    places = (
        *lexicon.us_cities(),
        *lexicon.world_cities(),
        *lexicon.us_states(),
        *lexicon.countries(),
    )
    return {
        "NAME": lexicon.first_names() | lexicon.surnames(),
        "LOCATION": frozenset(_words(place) for place in places),
    }


def _words(text: str) -> str:
    """Lower-case words as the evaluator tokenizes them, joined by one space."""
    return " ".join(text[s:e].lower() for s, e in tokenize(text))


LONGEST_PLACE = 5
"""Words in the longest place phrase looked up inside a gold LOCATION span."""


def listed_tokens(text: str, span: GoldSpan, tokens: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The tokens of a NAME or LOCATION gold span that deid's lists know: a NAME token whose
    word is a listed name; a LOCATION token inside a run of the span's words that is a listed
    place ("New" and "York" in "New York Presbyterian", not "Presbyterian")."""
    known = vocabulary()[span.label]
    if span.label == "NAME":
        return {t for t in tokens if text[t[0] : t[1]].lower() in known}
    found: set[tuple[int, int]] = set()
    for i in range(len(tokens)):
        for j in range(i + 1, min(len(tokens), i + LONGEST_PLACE) + 1):
            if " ".join(text[s:e].lower() for s, e in tokens[i:j]) in known:
                found.update(tokens[i:j])
    return found


def reduce_gold(note: GoldNote, chosen: Iterable[GoldSpan]) -> GoldNote:
    """The note with only ``chosen`` as gold; every original span becomes IGNORE, so the rest
    of its tokens count neither way and recall is over the chosen tokens alone."""
    ignored = {GoldSpan(s.start, s.end, IGNORE_LABEL) for s in note.spans}
    spans = tuple(sorted(set(chosen) | ignored, key=lambda s: (s.start, s.end, s.label)))
    return GoldNote(note.note_id, note.text, spans, note.patient_id)


def vocabulary_groups(notes: Sequence[GoldNote]) -> dict[str, list[GoldNote]]:
    """NAME and LOCATION gold tokens (as the evaluator tokenizes the note) that deid's lists
    know (``listed``) and the others (``unlisted``), each as gold of its span's type."""
    listed: list[GoldNote] = []
    unlisted: list[GoldNote] = []
    for note in notes:
        tokens = tokenize(note.text)
        known: set[GoldSpan] = set()
        unknown: set[GoldSpan] = set()
        for span in note.spans:
            if span.label not in VOCAB_TYPES:
                continue
            inside = [(s, e) for s, e in tokens if s < span.end and span.start < e]
            hits = listed_tokens(note.text, span, inside)
            known.update(GoldSpan(s, e, span.label) for s, e in inside if (s, e) in hits)
            unknown.update(GoldSpan(s, e, span.label) for s, e in inside if (s, e) not in hits)
        unknown -= known  # a token in two spans of a type: listed if either span knows it
        listed.append(reduce_gold(note, known))
        unlisted.append(reduce_gold(note, unknown))
    return {"listed": listed, "unlisted": unlisted}


def flag_groups(corpus: Corpus) -> dict[str, list[GoldNote]]:
    """Spans the corpus marks ``"oov": true`` vs the other spans of the types it marks."""
    if not corpus.flagged:
        return {}

    def flagged(note: GoldNote, span: GoldSpan) -> bool:
        return (note.note_id, span.start, span.end) in corpus.flagged

    types = {s.label for n in corpus.notes for s in n.spans if flagged(n, s)}
    oov, others = [], []
    for note in corpus.notes:
        marked = [s for s in note.spans if s.label in types]
        oov.append(reduce_gold(note, [s for s in marked if flagged(note, s)]))
        others.append(reduce_gold(note, [s for s in marked if not flagged(note, s)]))
    return {"oov": oov, "in-vocabulary": others}


# --- running and scoring ---------------------------------------------------------------------

_WORKER_PREDICT: Predict | None = None
"""The system a forked worker runs, inherited from the parent (models already loaded)."""


def _install(predict: Predict) -> None:
    global _WORKER_PREDICT
    _WORKER_PREDICT = predict


def _predict_batch(notes: list[Note]) -> list[list[Finding]]:
    assert _WORKER_PREDICT is not None, "started by predict_all"
    return [list(f) for f in _WORKER_PREDICT(notes)]


def predict_all(
    predict: Predict, notes: Sequence[GoldNote], batch_size: int, workers: int = 1
) -> tuple[dict[str, list[Finding]], float]:
    """Findings per note id, and the seconds it took (model loading excluded).

    ``workers > 1``: batches go to that many forked processes that inherit the loaded system
    (as ``deid batch --workers`` does); results are the same, in the same order.
    """
    started = time.perf_counter()
    batches = [
        [Note(g.note_id, g.text, g.patient_id) for g in notes[i : i + batch_size]]
        for i in range(0, len(notes), batch_size)
    ]
    if workers > 1 and len(batches) > 1:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_install,
            initargs=(predict,),
        ) as pool:
            outputs = list(pool.map(_predict_batch, batches))
    else:
        outputs = [[list(f) for f in predict(batch)] for batch in batches]
    found = {
        note.note_id: findings
        for batch, output in zip(batches, outputs, strict=True)
        for note, findings in zip(batch, output, strict=True)
    }
    return found, time.perf_counter() - started


def score(notes: Sequence[GoldNote], found: dict[str, list[Finding]]) -> dict[str, Any]:
    """The evaluator's report for these notes, from findings computed once."""
    report = evaluate_notes(notes, lambda batch: [found[n.note_id] for n in batch])
    return report.to_json(include_misses=False)


def score_corpus(corpus: Corpus, found: dict[str, list[Finding]]) -> dict[str, Any]:
    """Every table's report for one system on one corpus."""
    tables = {
        "groups": style_groups(corpus),
        "by_casing": by_casing(corpus.notes),
        "by_style": by_style(corpus),
        "vocabulary": vocabulary_groups(corpus.notes),
        "oov_flag": flag_groups(corpus),
    }
    out: dict[str, Any] = {"all": score(corpus.notes, found)}
    for table, groups in tables.items():
        out[table] = {g: score(members, found) for g, members in groups.items() if members}
    return out


@dataclass
class Clock:
    """Where the time went: (what, seconds), in order; each line also goes to stderr."""

    steps: list[tuple[str, float]] = field(default_factory=list)

    def add(self, what: str, seconds: float) -> None:
        self.steps.append((what, round(seconds, 2)))
        print(f"[accuracy] {what}: {seconds:.1f} s", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    clock = Clock()
    paths, skipped = corpus_paths(args)
    for line in skipped:
        print(f"[accuracy] {line}", file=sys.stderr)
    t = time.perf_counter()
    corpora = [load_corpus(p, args.policy, args.limit) for p in paths]
    for i, corpus in enumerate(corpora):  # two files with one stem: the second by its path
        if any(c.name == corpus.name for c in corpora[:i]):
            corpus.name = shown_path(corpus.path)
    vocabulary()
    read = f"{len(corpora)} corpora" if len(corpora) > 1 else "1 corpus"
    clock.add(f"reading {read} and deid's word lists", time.perf_counter() - t)
    model = load_policy(args.policy).model
    makers = {
        "deid": lambda: deid_system(args.policy),
        "presidio": lambda: presidio_system(model),
        "spacy": lambda: spacy_system(model),
    }
    results: dict[str, dict[str, Any]] = {c.name: {} for c in corpora}
    for name in args.systems:
        t = time.perf_counter()
        predict = makers[name]()
        clock.add(f"{name}: loading", time.perf_counter() - t)
        for corpus in corpora:
            found, seconds = predict_all(predict, corpus.notes, args.batch_size, args.workers)
            clock.add(f"{name}: detecting {corpus.name} ({len(corpus.notes)} notes)", seconds)
            t = time.perf_counter()
            results[corpus.name][name] = {
                "seconds": round(seconds, 2),
                **score_corpus(corpus, found),
            }
            clock.add(f"{name}: scoring {corpus.name}", time.perf_counter() - t)
    clock.add("total", time.perf_counter() - started)
    return {
        "meta": meta(model, args, skipped),
        "corpora": {
            c.name: {"gold": shown_path(c.path), "notes": len(c.notes), "systems": results[c.name]}
            for c in corpora
        },
        "timing": clock.steps,
    }


def shown_path(path: Path) -> str:
    """Relative to the repository (``../shared/...`` for the shared corpora) where it can be."""
    full = path.resolve()
    for base, prefix in ((ROOT, ""), (ROOT.parent, "../")):
        if full.is_relative_to(base):
            return prefix + str(full.relative_to(base))
    return str(path)


def meta(model: str, args: argparse.Namespace, skipped: list[str]) -> dict[str, Any]:
    return {
        "date": date.today().isoformat(),
        "commit": commit(),
        "label": args.label,
        "model": model,
        "policy": args.policy or "configs/safe_harbor.yaml",
        "label_map": LABEL_MAP,
        "workers": args.workers,
        "skipped": skipped,
    }


def commit() -> str:
    """Commit of the deid code being measured (``+dirty``: with uncommitted changes to it).

    Taken from where ``deid`` is imported from, so a checkout of an older commit put first on
    ``PYTHONPATH`` (see README) is reported as that commit.
    """
    import deid

    git = ["git", "-C", str(Path(deid.__file__).resolve().parents[2])]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", "src", "configs"], capture_output=True, text=True
        )
    except OSError:
        return "unknown"
    if head.returncode != 0:  # an installed wheel, not a checkout
        return "unknown"
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


# --- markdown --------------------------------------------------------------------------------


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def run_name(name: str, m: dict[str, Any]) -> str:
    label = f" {m['label']}" if m["label"] else ""
    return f"deid{label} @ {m['commit']}" if name == "deid" else SYSTEMS[name]


def _binary(report: dict[str, Any]) -> dict[str, Any]:
    return report["token"]["binary"]


def markdown(data: dict[str, Any]) -> str:
    m = data["meta"]
    out = [
        f"Model `{m['model']}`; policy `{m['policy']}`; {m['date']}, commit {m['commit']}; "
        f"gold labels mapped {', '.join(f'{k} -> {v}' for k, v in m['label_map'].items())}, "
        "IGNORE spans counted neither way.",
        *(f"Skipped: {line}." for line in m["skipped"]),
        "",
        *summary_table(data),
    ]
    for name, corpus in data["corpora"].items():
        out += ["", f"### {name}", "", *corpus_tables(name, corpus, m)]
    out += ["", *timing_lines(data)]
    return "\n".join(out) + "\n"


def summary_table(data: dict[str, Any]) -> list[str]:
    """One row per system: token binary R / P / F1 on each corpus."""
    m, corpora = data["meta"], data["corpora"]
    names = list(next(iter(corpora.values()))["systems"])
    out = [
        "Token-level binary PHI per corpus (R = recall, P = precision; "
        + "; ".join(
            f"{c}: {v['notes']} notes, "
            f"{_binary(next(iter(v['systems'].values()))['all'])['gold']} gold PHI tokens"
            for c, v in corpora.items()
        )
        + ")",
        "",
        "| run | " + " | ".join(f"{c} R | {c} P | {c} F1" for c in corpora) + " |",
        "| --- |" + " ---: |" * (3 * len(corpora)),
    ]
    for name in names:
        cells = []
        for corpus in corpora.values():
            b = _binary(corpus["systems"][name]["all"])
            cells += [_f(b["recall"]), _f(b["precision"]), _f(b["f1"])]
        out.append(f"| {run_name(name, m)} | " + " | ".join(cells) + " |")
    return out


def corpus_tables(name: str, corpus: dict[str, Any], m: dict[str, Any]) -> list[str]:
    systems = corpus["systems"]
    out = [f"Gold: `{corpus['gold']}`, {corpus['notes']} notes.", ""]
    tables = (
        group_table(systems, m),
        per_type_table(systems, m),
        breakdown_table(
            systems, m, "by_casing", "Token-level binary PHI per note casing", "casing", CASINGS
        ),
        breakdown_table(systems, m, "by_style", "Token-level binary PHI per note style", "style"),
        vocabulary_table(systems, m),
        flag_table(systems, m),
        [
            "Detection time (models loaded): "
            + "; ".join(f"{run_name(n, m)} {r['seconds']} s" for n, r in systems.items())
            + "."
        ],
    )
    for table in tables:
        out += [*table, ""] if table else []
    return out[:-1]


def group_table(systems: dict[str, Any], m: dict[str, Any]) -> list[str]:
    """All notes, and issue 4's therapy / terse groups when the corpus records styles."""
    first = next(iter(systems.values()))
    groups = {"all": first["all"], **first["groups"]}
    shown = [g for g in groups if g in TARGETS]
    out = ["Token-level binary PHI" + (f" ({', '.join(groups)} notes)" if shown else ""), ""]
    if shown:
        goals = "; ".join(f"{g} R >= {TARGETS[g][0]}, P >= {TARGETS[g][1]}" for g in shown)
        out += [f"Issue 4 targets: {goals}.", ""]
    out += [
        "| run | " + " | ".join(f"{g} R | {g} P | {g} F1" for g in groups) + " |",
        "| --- |" + " ---: |" * (3 * len(groups)),
    ]
    for name, res in systems.items():
        cells = []
        for g in groups:
            b = _binary(res["all"] if g == "all" else res["groups"][g])
            cells += [_f(b["recall"]), _f(b["precision"]), _f(b["f1"])]
        out.append(f"| {run_name(name, m)} | " + " | ".join(cells) + " |")
    return out


def per_type_table(systems: dict[str, Any], m: dict[str, Any]) -> list[str]:
    """Recall per gold type (a gold token counts as found whatever type covers it) and
    precision per predicted type (a predicted token is right if it is PHI of any type)."""
    names = list(systems)
    by_type = {n: systems[n]["all"]["token"]["by_type"] for n in names}
    types = sorted({t for bt in by_type.values() for t in bt})
    out = [
        "Token recall per gold type, precision per predicted type (gold tokens: of that type)",
        "",
        "| type | gold tokens | " + " | ".join(f"{run_name(n, m)} R | P" for n in names) + " |",
        "| --- | ---: |" + " ---: | ---: |" * len(names),
    ]
    for t in types:
        gold = max(bt.get(t, {}).get("gold", 0) for bt in by_type.values())
        cells = []
        for n in names:
            s = by_type[n].get(t, {})
            cells += [_f(s.get("recall") if gold else None), _f(s.get("precision"))]
        out.append(f"| {t} | {gold} | " + " | ".join(cells) + " |")
    return out


def breakdown_table(
    systems: dict[str, Any],
    m: dict[str, Any],
    key: str,
    title: str,
    column: str,
    shown: dict[str, str] | None = None,
) -> list[str]:
    """Binary R / P for each group of notes (``key``: ``by_casing`` or ``by_style``)."""
    names = list(systems)
    groups = list(dict.fromkeys(g for res in systems.values() for g in res[key]))
    if not groups:
        return []
    out = [
        title,
        "",
        f"| {column} | notes | gold tokens | "
        + " | ".join(f"{run_name(n, m)} R | P" for n in names)
        + " |",
        "| --- | ---: | ---: |" + " ---: | ---: |" * len(names),
    ]
    for g in groups:
        first = next(res[key][g] for res in systems.values() if g in res[key])
        cells = []
        for n in names:
            b = _binary(systems[n][key][g]) if g in systems[n][key] else {}
            cells += [_f(b.get("recall")), _f(b.get("precision"))]
        label = (shown or {}).get(g, g)
        out.append(
            f"| {label} | {first['counts']['notes']} | {_binary(first)['gold']} | "
            + " | ".join(cells)
            + " |"
        )
    return out


def _recall_rows(
    systems: dict[str, Any], key: str, groups: dict[str, str]
) -> list[tuple[str, str, int, list[str]]]:
    """(group shown, type, gold tokens, recall per system) for every type with gold tokens."""
    rows = []
    for g, shown in groups.items():
        reports = {n: res[key].get(g) for n, res in systems.items()}
        first = next((r for r in reports.values() if r), None)
        if first is None:
            continue
        by_type = first["token"]["by_type"]
        for t in [*sorted(t for t, s in by_type.items() if s["gold"]), "all"]:
            gold = _binary(first)["gold"] if t == "all" else by_type[t]["gold"]
            cells = [
                _f(
                    None
                    if not r
                    else _binary(r)["recall"]
                    if t == "all"
                    else r["token"]["by_type"].get(t, {}).get("recall")
                )
                for r in reports.values()
            ]
            rows.append((shown, t, gold, cells))
    return rows


def vocabulary_table(systems: dict[str, Any], m: dict[str, Any]) -> list[str]:
    """Recall of NAME / LOCATION tokens whose word is in deid's own lists, and of the others."""
    groups = {"listed": "in deid's lists", "unlisted": "not in deid's lists"}
    rows = _recall_rows(systems, "vocabulary", groups)
    if not rows:
        return []
    names = list(systems)
    out = [
        "Token recall of NAME and LOCATION tokens by whether their word is in deid's word lists "
        "(NAME: given names, surnames; LOCATION: inside a run of words that is a listed US or "
        "world city, US state or country)",
        "",
        "| tokens | type | gold tokens | "
        + " | ".join(f"{run_name(n, m)} R" for n in names)
        + " |",
        "| --- | --- | ---: |" + " ---: |" * len(names),
    ]
    out += [f"| {g} | {t} | {gold} | " + " | ".join(c) + " |" for g, t, gold, c in rows]
    return out


def flag_table(systems: dict[str, Any], m: dict[str, Any]) -> list[str]:
    """Recall of the spans the corpus marks ``"oov": true``, and of the others of those types."""
    rows = _recall_rows(systems, "oov_flag", {"oov": '"oov": true', "in-vocabulary": "not marked"})
    if not rows:
        return []
    names = list(systems)
    out = [
        'Token recall of gold spans marked `"oov": true` by the corpus and of the other spans '
        "of the same types",
        "",
        "| spans | type | gold tokens | " + " | ".join(f"{run_name(n, m)} R" for n in names) + " |",
        "| --- | --- | ---: |" + " ---: |" * len(names),
    ]
    out += [f"| {g} | {t} | {gold} | " + " | ".join(c) + " |" for g, t, gold, c in rows]
    return out


def timing_lines(data: dict[str, Any]) -> list[str]:
    """Where the time went, step by step (also printed on stderr as the run goes)."""
    m = data["meta"]
    return [
        f"Where the time went ({m['workers']} worker(s) for detection, {os.cpu_count()} cores)",
        "",
        "| step | seconds |",
        "| --- | ---: |",
        *(f"| {what} | {seconds} |" for what, seconds in data["timing"]),
    ]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="heldout", help="heldout, tune, or a gold file/folder")
    ap.add_argument(
        "--corpus", action="append", default=[], help="another gold file/folder (repeatable)"
    )
    ap.add_argument(
        "--no-shared",
        action="store_true",
        help="skip the corpora in ../shared/corpora/ even if present",
    )
    ap.add_argument("--json", action="store_true", help="print every metric as JSON")
    ap.add_argument("--policy", default=None, help="policy YAML for deid (default: Safe Harbor)")
    ap.add_argument(
        "--systems",
        default="deid,presidio,spacy",
        type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
        help="comma-separated subset of deid,presidio,spacy",
    )
    ap.add_argument("--label", default="", help="tag for the deid row, e.g. 'before' or 'after'")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N notes of each")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument(
        "--workers", type=int, default=1, help="forked processes for detection (default 1)"
    )
    args = ap.parse_args(argv)
    unknown = [s for s in args.systems if s not in SYSTEMS]
    if unknown or not args.systems:
        ap.error(f"--systems: choose from {', '.join(SYSTEMS)}")
    if args.workers < 1:
        ap.error("--workers must be at least 1")
    data = run(args)
    print(
        json.dumps(data, indent=2) if args.json else markdown(data), end="\n" if args.json else ""
    )


if __name__ == "__main__":
    main()
