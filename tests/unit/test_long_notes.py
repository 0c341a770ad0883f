"""Long notes: detection in windows, and propagation in one pass over the note.

Most tests use a copy of the pipeline with small windows (3,000 characters, 400 of overlap), so
that notes of a few kilobytes already cross many window boundaries. All notes are synthetic.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from deid import lexicon as wordlists
from deid.decide import decide
from deid.detect.casing import CaseMode, case_mode, recase_for_ner
from deid.detect.windows import cut_windows
from deid.model import Finding, KnownIdentifiers, Note, PhiType
from deid.pipeline import _to_finding
from deid.resolve import propagation as resolve_module
from deid.resolve import (
    resolve,
)
from deid.resolve.propagation import (
    _DATE_CUE_BEFORE,
    _SUBJECT_FOLLOWS,
    _search_terms,
    propagate,
)
from deid.resolve.text import starts_sentence

ROOT = Path(__file__).resolve().parents[2]
SIZE, OVERLAP = 3_000, 400

FILLER_WORDS = (
    "pt reports improved sleep mood fair anxiety daily denies plan continue weekly appetite "
    "tearful session homework thought record coping skills reviewed follow up in two weeks "
    "the and with no safety concerns"
).split()


def filler(n_chars: int, seed: int = 1) -> str:
    """Clinical-sounding text without identifiers, in one long line (like a transcript)."""
    words, i, length = [], seed, 0
    while length < n_chars:
        word = FILLER_WORDS[(i * 7 + i // 5) % len(FILLER_WORDS)]
        words.append(word + ("." if i % 9 == 8 else ""))
        length += len(words[-1]) + 1
        i += 1
    return " ".join(words)[:n_chars].rstrip() + " "


@pytest.fixture(scope="module")
def small_windows(deidentifier):
    """The session pipeline, but with windows small enough for notes of a few kilobytes."""
    pipeline = copy.copy(deidentifier)
    pipeline.window_size, pipeline.window_overlap = SIZE, OVERLAP
    return pipeline


@pytest.fixture(scope="module")
def one_window(deidentifier):
    """The session pipeline, never cutting a note: the un-windowed path."""
    pipeline = copy.copy(deidentifier)
    pipeline.window_size = 10**12
    return pipeline


def spans(text: str, findings: list[Finding]) -> set[tuple[int, int, str, PhiType]]:
    return {(f.start, f.end, text[f.start : f.end], f.phi_type) for f in findings}


def dev_notes(limit: int) -> list[Note]:
    rows = (ROOT / "data" / "dev" / "tune.jsonl").read_text(encoding="utf-8").splitlines()
    return [Note(r["id"], r["text"]) for r in map(json.loads, rows[:limit])]


def sample_notes() -> list[Note]:
    paths = sorted((ROOT / "sample_data" / "notes").glob("*.txt"))
    return [Note(p.stem, p.read_text(encoding="utf-8")) for p in paths]


# --- short notes: exactly as before windows ------------------------------------------------


def unwindowed_detect(pipeline, note: Note) -> list[Finding]:
    """Detection as it was before windows: NLP and every recognizer on the whole note."""
    engine = pipeline.nlp_engine
    (_, artifacts), *_ = engine.process_batch([recase_for_ner(note.text)], language="en")
    results = []
    for recognizer in pipeline.recognizers:  # presidio's entry point: each reads the case itself
        results.extend(recognizer.analyze(note.text, pipeline.entities, artifacts) or [])
    results = pipeline.context_enhancer.enhance_using_context(
        note.text, results, artifacts, pipeline.recognizers
    )
    raw = [_to_finding(r, pipeline.evidence) for r in results if r.end > r.start]
    mode = case_mode(note.text)
    return resolve(
        note.text,
        decide(note.text, raw, mode, pipeline.decision_model),
        threshold=pipeline.policy.threshold_for,
        mode=mode,
        known=note.known,
        allow_list=pipeline.allow_list,
        propagate_from=pipeline.policy.propagation_threshold,
    )


def test_a_short_note_gives_exactly_the_findings_it_gave_before_windows(deidentifier):
    notes = sample_notes() + dev_notes(6)
    assert all(len(n.text) <= deidentifier.window_size for n in notes)
    for note, findings in deidentifier.detect_batch(notes):
        assert findings == unwindowed_detect(deidentifier, note), note.note_id


# --- identifiers on a window boundary ------------------------------------------------------

BOUNDARY_CASES = [
    # (sentence, identifier, type): each placed so that a core boundary cuts the identifier
    ("Session with her daughter Fiona Castellanos today.", "Fiona Castellanos", PhiType.NAME),
    ("Call back at (847) 555-0193 if needed.", "(847) 555-0193", PhiType.PHONE),
    ("Next session on January 8, 2025 at noon.", "January 8, 2025", PhiType.DATE),
    ("Chart MRN: 40018823 verified.", "MRN: 40018823", PhiType.MRN),  # label | number
    ("Send records to Fax: (847) 555-0100 today.", "Fax: (847) 555-0100", PhiType.FAX),
]


def straddling_note(sentence: str, identifier: str) -> tuple[str, int]:
    """A long one-line note with ``sentence`` placed so a core boundary falls inside
    ``identifier``; returns the note and where the identifier starts."""
    first_cut = SIZE - 2 * OVERLAP  # where the first core ends, give or take a word
    before = filler(first_cut - sentence.index(identifier) - len(identifier) - 20)
    after = filler(3 * SIZE, seed=5)
    for pad in range(len(identifier) + 40):
        text = before + filler(pad, seed=3) + sentence + " " + after
        start = text.index(identifier)
        cores = {w.core_start for w in cut_windows(text, SIZE, OVERLAP)}
        if any(start < cut < start + len(identifier) for cut in cores):
            return text, start
    raise AssertionError("no placement puts a core boundary inside the identifier")


@pytest.mark.parametrize(("sentence", "identifier", "phi_type"), BOUNDARY_CASES)
def test_an_identifier_cut_by_a_window_boundary_is_found_with_its_short_note_span(
    small_windows, sentence, identifier, phi_type
):
    text, start = straddling_note(sentence, identifier)
    short = filler(300) + sentence + " " + filler(300, seed=5)
    short_start = short.index(identifier)
    expected = {
        (f.start - short_start, f.end - short_start, f.phi_type)
        for f in small_windows.detect(Note("short", short))
        if short_start <= f.start < short_start + len(identifier)
    }
    assert {t for *_, t in expected} == {phi_type}  # the short note finds it ...
    found = {
        (f.start - start, f.end - start, f.phi_type)
        for f in small_windows.detect(Note("long", text))
        if start <= f.start < start + len(identifier)
    }
    assert found == expected  # ... and the long note finds it the same, across the cut


# --- a long note: the same findings with or without windows --------------------------------


def long_note(n_chars: int) -> str:
    """Synthetic notes (sample notes, then dev notes) joined until ``n_chars`` long."""
    parts, total = [], 0
    for note in sample_notes() + dev_notes(60):
        parts.append(note.text)
        total += len(note.text) + 2
        if total >= n_chars:
            break
    return "\n\n".join(parts)


def test_a_long_note_gives_the_same_findings_in_windows_as_whole(small_windows, one_window):
    text = long_note(16_000)
    assert len(cut_windows(text, SIZE, OVERLAP)) >= 6
    windowed = small_windows.detect(Note("long", text))
    assert windowed == one_window.detect(Note("long", text))
    assert len(windowed) > 150


def test_windows_read_the_case_of_the_whole_note(small_windows, one_window):
    """A mostly ALL-CAPS note with a mixed-case tail: every window, even one that lies wholly
    in the tail, is read as an ALL-CAPS note, as the note in one piece is."""
    caps = " ".join(n.text.upper() for n in dev_notes(12))[:10_000]
    tail = long_note(4_000)
    text = caps + "\n\n" + tail
    assert case_mode(text) is CaseMode.UPPER and case_mode(tail) is CaseMode.MIXED
    windows = cut_windows(text, SIZE, OVERLAP)
    assert any(w.start > len(caps) for w in windows)
    assert small_windows.detect(Note("mixed", text)) == one_window.detect(Note("mixed", text))


def test_findings_do_not_depend_on_the_batch_a_long_note_comes_in(small_windows):
    long = Note("long", long_note(10_000))
    shorts = sample_notes()[:3]
    alone = small_windows.detect(long)
    together = dict(
        (note.note_id, findings)
        for note, findings in small_windows.detect_batch([shorts[0], long, *shorts[1:]])
    )
    assert together["long"] == alone
    for note in shorts:
        assert together[note.note_id] == small_windows.detect(note)


def test_a_long_note_is_deidentified_whole_and_spacy_sees_only_windows(small_windows, monkeypatch):
    """About 40 KB (15 windows), names planted every kilobyte or so: all of them are replaced,
    and spaCy was never given more than a window."""
    given, names, pieces = [], [], []
    engine = small_windows.nlp_engine
    real = engine.process_batch

    def spy(texts, **kwargs):
        def recorded():
            for text in texts:
                given.append(len(text))
                yield text

        return real(recorded(), **kwargs)

    monkeypatch.setattr(engine, "process_batch", spy)
    first = sorted(n.title() for n in wordlists.first_names() if len(n) >= 6 and n.isalpha())
    for i in range(40):
        name = f"{first[(i * 37) % len(first)]} Thistlewood"
        names.append(name)
        pieces.append(filler(900, seed=i) + f"Seen with her sister {name} today. ")
    text = "".join(pieces)
    result = small_windows.run(Note("long", text))
    assert result.error is None
    assert max(given) <= SIZE + OVERLAP and sum(given) >= len(text) and len(given) >= 15
    replaced = {text[r.finding.start : r.finding.end] for r in result.replacements}
    assert set(names) <= replaced
    assert not any(name in result.text for name in names)


def test_spacy_forgets_the_words_of_a_note_once_it_is_analysed(small_windows):
    """Strings and lexemes spaCy adds for a window live in a memory zone: a long note full of
    new tokens leaves spaCy's vocabulary as it found it (it would grow with every token)."""
    vocab = small_windows.nlp_engine.nlp["en"].vocab
    text = " ".join(f"Ref Zq{i:05d}x seen by Yvork{i:04d}." for i in range(600))
    before = len(vocab.strings)
    findings = small_windows.detect(Note("tokens", text))
    assert len(vocab.strings) == before
    assert len(cut_windows(text, SIZE, OVERLAP)) > 5
    tokens = {f"Zq{i:05d}x" for i in range(600)} | {f"Yvork{i:04d}" for i in range(600)}
    found = {text[f.start : f.end] for f in findings if f.phi_type is PhiType.OTHER_ID}
    assert found == tokens  # every window was analysed, in and after the memory zone


# --- propagation: the same as the one-regex-per-term implementation ------------------------


def _old_calendar_use(text, term, match):
    if term.lower() not in wordlists.months():
        return False
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 4]
    return bool(_DATE_CUE_BEFORE.search(before)) or after.strip()[:1].isdigit()


def old_propagate(text, findings, mode, known):
    """``resolve.propagate`` before it scanned the note once: one regex per term."""
    added = []
    seen = set()
    for term, phi_type, score, evidence in _search_terms(text, findings, known):
        if (term, phi_type) in seen or len(term) < 2:
            continue
        seen.add((term, phi_type))
        common = wordlists.is_common_word(term) and phi_type is PhiType.NAME
        ignore_case = mode is not CaseMode.MIXED or not common
        flags = re.IGNORECASE if ignore_case else 0
        if common and mode is CaseMode.MIXED and not term[:1].isupper():
            continue
        pattern = re.compile(rf"(?<![\w@.-]){re.escape(term)}(?![\w@-]|\.\w)", flags)
        for match in pattern.finditer(text):
            if phi_type is PhiType.NAME and _old_calendar_use(text, term, match):
                continue
            if (
                phi_type is PhiType.NAME
                and wordlists.is_common_word(term)
                and starts_sentence(text, match.start())
                and not _SUBJECT_FOLLOWS.match(text, match.end())
            ):
                continue
            added.append(
                Finding(
                    match.start(),
                    match.end(),
                    phi_type,
                    score,
                    "Propagation",
                    f"propagated:{phi_type}",
                    evidence,
                )
            )
    return added


def gold_findings(row: dict) -> list[Finding]:
    labels = {t.value for t in PhiType}
    return [
        Finding(
            s["start"],
            s["end"],
            PhiType(s["label"]) if s["label"] in labels else PhiType.OTHER_ID,
            0.85,
            "Gold",
            "gold",
        )
        for s in row["spans"]
    ]


KNOWN = KnownIdentifiers(
    names=("Hope Alvarez", "\u0130lker I\u015f\u0131k", "Ann Ann"),
    identifiers=("00482913", "(555) 201-3344", "roz.achterberg@gmail.com"),
    dates=("5/6",),
)
TRICKY = [
    "Ann Ann Ann Ann; ann ANN.",
    "(555) 201-3344 and (555) 201-3344x, call(555) 201-3344 or 555-201-3344.",
    "x-Hope Hope.Alvarez hope HOPE@x Hope. Hope's mood; Hope reports sleep. Will said so.",
    "\u0130lker ilker ILKER I\u015f\u0131k \u0131\u015f\u0131k I\u015eIK isik \u017fam",
    "roz.achterberg@gmail.com ROZ.ACHTERBERG@GMAIL.COM xroz.achterberg@gmail.com",
    "Aunt May visits every May; May 5 was hard. May said she slept.",
    "MRN 00482913, 00482913a, 00482913.5, 00482913. Alvarez-Smith, Alvarez_x, alvarez.",
]


def test_propagation_finds_what_the_one_regex_per_term_version_found():
    rows = []
    for split in ("tune", "heldout"):
        lines = (ROOT / "data" / "dev" / f"{split}.jsonl").read_text(encoding="utf-8")
        rows += [json.loads(line) for line in lines.splitlines()[:40]]
    cases = [(r["text"], gold_findings(r)) for r in rows]
    cases += [(text, []) for text in TRICKY]
    for text, findings in cases:
        for mode in CaseMode:
            for known in (KnownIdentifiers(), KNOWN):
                assert propagate(text, findings, mode, known) == old_propagate(
                    text, findings, mode, known
                ), (text[:60], mode)


def test_propagation_work_grows_with_the_note_not_with_terms_times_length(monkeypatch):
    """Not timed: the number of places a term is compared with the text, for a note ten times
    longer with ten times the names, is about ten times larger (one regex per term: 100x)."""
    checks = []
    real = resolve_module._mention_end

    def counted(*args):
        checks.append(args)
        return real(*args)

    monkeypatch.setattr(resolve_module, "_mention_end", counted)
    surnames = sorted(
        n.title()
        for n in wordlists.surnames()
        if len(n) >= 7 and n.isalpha() and not wordlists.is_common_word(n)
    )

    def work(n_names: int) -> int:
        text, findings = "", []
        for i in range(n_names):
            name = surnames[(i * 101) % len(surnames)]
            sentence = f"Met with {name} today. {name} reports sleep improved. "
            start = len(text) + len("Met with ")
            findings.append(Finding(start, start + len(name), PhiType.NAME, 0.9, "X", "x"))
            text += sentence + filler(200, seed=i)
        checks.clear()
        added = propagate(text, findings, CaseMode.MIXED, KnownIdentifiers())
        assert len(added) >= 2 * n_names
        return len(checks)

    small, large = work(50), work(500)
    assert large <= 12 * small
