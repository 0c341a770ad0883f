"""``scan_patterns`` is presidio's pattern loop, and a cued recognizer that starts it at its
label's first occurrence finds what presidio's own loop finds from the start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from presidio_analyzer import PatternRecognizer

from deid.detect.recognizers.base import ReviewsSurroundings, scan_patterns
from deid.detect.registry import entries

SAMPLE = Path(__file__).resolve().parents[4] / "sample_data" / "notes.jsonl"
TEXTS = [
    json.loads(line)["text"] for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line
] + [
    "MRN: 00482913, acct ending 7719, member ID no. XJ-55120, DL # D1234567, S/N A12-99811",
    "mrn number 1234567 MRN 2019 med rec #A55 plate 7ABC123 tag ABC 1234 serial no. 88-1",
    "Licensed Psychologist IL #071-009912; account for rent no. 5512; BCBS 1234 5678 9012",
]
PATTERN_RECOGNIZERS = [
    r for r in (entry.build() for entry in entries()) if isinstance(r, PatternRecognizer)
]


CUED_RECOGNIZERS = [r for r in PATTERN_RECOGNIZERS if getattr(r, "CUE", "")]


def _assert_cued_analysis_is_the_whole_scan(recognizer, texts):
    """What the cued recognizer finds is what a scan of the whole text finds (reviewed as the
    recognizer reviews its results)."""
    for text in texts:
        found = recognizer.analyze(text, recognizer.supported_entities)
        expected = scan_patterns(recognizer, text, 0)
        if isinstance(recognizer, ReviewsSurroundings):
            expected = recognizer.review(text, expected)
        assert _described(found) == _described(expected)


def _described(results):
    return sorted(
        (
            r.entity_type,
            r.start,
            r.end,
            r.score,
            tuple(sorted(r.recognition_metadata.items())),
            r.analysis_explanation.pattern_name,
            r.analysis_explanation.score,
            r.analysis_explanation.validation_result,
        )
        for r in results
    )


@pytest.mark.parametrize("recognizer", PATTERN_RECOGNIZERS, ids=lambda r: r.name)
def test_the_scan_is_presidios(recognizer):
    for text in TEXTS:
        presidio = PatternRecognizer.analyze(recognizer, text, recognizer.supported_entities)
        assert _described(scan_patterns(recognizer, text, 0)) == _described(presidio)


@pytest.mark.parametrize("recognizer", CUED_RECOGNIZERS, ids=lambda r: r.name)
def test_a_cued_scan_finds_what_a_scan_from_the_start_finds(recognizer):
    _assert_cued_analysis_is_the_whole_scan(recognizer, TEXTS)


FRAGMENTS = [
    "MRN",
    "mrn",
    "med rec",
    "Medical Record",
    "chart",
    "record",
    "member ID",
    "policy",
    "acct",
    "account",
    "license",
    "DL",
    "serial",
    "S/N",
    "device",
    "group",
    "plan",
    "#",
    ":",
    "no.",
    "number",
    "is",
    "ending in",
    "last four",
    "for rent",
    "of the client",
    "00482913",
    "A12-99811",
    "XJ-55120",
    "7719",
    "1234 5678 9012",
    "D1234567",
    "2019",
    "she said",
    "the",
    "and we talked",
    ".",
    ",",
    "\n",
    "\n\n",
    " " * 40,
    "\t",
    "\n" * 30,
    "x" * 120,
    "word " * 80,
]


def _mixed_texts(count: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    return [
        " ".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(5, 120))) for _ in range(count)
    ]


@pytest.mark.parametrize("recognizer", CUED_RECOGNIZERS, ids=lambda r: r.name)
def test_searching_near_labels_only_misses_nothing(recognizer):
    """Labels, fillers and values in every order, with long runs of spaces, blank lines and
    words between them: searching only within each label's reach finds every value the scan
    of the whole text finds, and nothing else."""
    texts = _mixed_texts(300, seed=12)
    texts.append("MRN:" + " " * 5000 + "00482913 and " + "chart " * 200 + "# 55120-7")
    assert sum(bool(scan_patterns(recognizer, t, 0)) for t in texts) > 20  # the test bites
    _assert_cued_analysis_is_the_whole_scan(recognizer, texts)


def test_a_labels_reach_counts_characters_other_than_white_space():
    from deid.detect.recognizers.base import LABEL_REACH, label_regions
    from deid.detect.recognizers.identifiers import MrnRecognizer

    cue = MrnRecognizer()._cue
    text = "Seen today. MRN:" + "\n" * 500 + "word " * LABEL_REACH + "MRN 5 chart 7"
    first, last = label_regions(cue, text)  # the last two labels share one span
    assert (
        first[0] == text.index("MRN") and len("".join(text[slice(*first)].split())) == LABEL_REACH
    )
    assert last == (text.rindex("MRN"), len(text))
