"""Metrics on hand-computed cases. Each expected number is written as a fraction with its sum."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from rich.console import Console

from deid.errors import InputError
from deid.evaluation.gold import GoldNote, GoldSpan
from deid.evaluation.metrics import (
    EvaluationReport,
    Miss,
    evaluate_notes,
    pipeline_predict,
    prf,
    score_note,
    tokenize,
)
from deid.model import Finding, Note, PhiType


def spans(text: str, *items: tuple[str, str]) -> list[GoldSpan]:
    """Spans from (unique substring, label) pairs, so the cases read as text."""
    out = []
    for sub, label in items:
        assert text.count(sub) == 1, sub
        start = text.index(sub)
        out.append(GoldSpan(start, start + len(sub), label))
    return out


def scores(block: dict) -> tuple:
    return (block["recall"], block["precision"], block["f1"])


def approx(*values: F | None) -> tuple:
    return tuple(None if v is None else pytest.approx(float(v)) for v in values)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Dr. O'Neil, 03/14", ["Dr", "O", "Neil", "03", "14"]),
        ("e-mail: a_b@x.org", ["e", "mail", "a", "b", "x", "org"]),  # "_" splits tokens
        ("José Müller (55)", ["José", "Müller", "55"]),
        ("  ...  ", []),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert [text[s:e] for s, e in tokenize(text)] == tokens


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((3, 4, 3, 3), approx(F(3, 4), F(1), F(6, 7))),  # 2*(3/4)*1 / (3/4 + 1) = 6/7
        ((0, 2, 0, 1), approx(F(0), F(0), F(0))),  # nothing right: F1 0, not 0/0
        ((0, 0, 0, 1), approx(None, F(0), None)),  # no gold: recall undefined
        ((0, 0, 0, 0), approx(None, None, None)),
    ],
)
def test_prf(args: tuple, expected: tuple) -> None:
    assert scores(prf(*args)) == expected


# --- case A: partial names, a wrongly typed organisation, one spurious token --------------------
#
# tokens:  Zelda Quimby met Bob Stone at Mercy Hospital today            (9 tokens)
# gold:    NAME[Zelda Quimby]  NAME[Bob Stone]  ORGANIZATION[Mercy Hospital]
# pred:    NAME[Zelda]         NAME[Bob Stone]  LOCATION[Hospital today]
TEXT_A = "Zelda Quimby met Bob Stone at Mercy Hospital today"
GOLD_A = spans(
    TEXT_A, ("Zelda Quimby", "NAME"), ("Bob Stone", "NAME"), ("Mercy Hospital", "ORGANIZATION")
)
PRED_A = spans(TEXT_A, ("Zelda", "NAME"), ("Bob Stone", "NAME"), ("Hospital today", "LOCATION"))


@pytest.fixture(scope="module")
def report_a() -> dict:
    return EvaluationReport(score_note("a", TEXT_A, GOLD_A, PRED_A)).to_json()


def test_token_binary_case_a(report_a: dict) -> None:
    # gold tokens: Zelda Quimby Bob Stone Mercy Hospital = 6; predicted: Zelda Bob Stone
    # Hospital today = 5; TP = Zelda Bob Stone Hospital = 4 -> R 4/6, P 4/5,
    # F1 = 2*4 / (2*4 + 1 FP + 2 FN) = 8/11
    binary = report_a["token"]["binary"]
    assert scores(binary) == approx(F(4, 6), F(4, 5), F(8, 11))
    assert (binary["gold"], binary["predicted"]) == (6, 5)
    assert report_a["counts"]["tokens"] == 9


@pytest.mark.parametrize(
    ("phi", "expected"),
    [
        # NAME: gold tokens Zelda Quimby Bob Stone, 3 predicted (any type) -> R 3/4;
        # predicted NAME tokens Zelda Bob Stone are all gold -> P 3/3; F1 = 2*(3/4)/(7/4) = 6/7
        ("NAME", approx(F(3, 4), F(1), F(6, 7))),
        # ORGANIZATION: Mercy Hospital, only Hospital predicted (as LOCATION) -> R 1/2; no
        # ORGANIZATION predictions -> P undefined
        ("ORGANIZATION", approx(F(1, 2), None, None)),
        # LOCATION: no gold; predicted Hospital today, Hospital is gold PHI -> P 1/2
        ("LOCATION", approx(None, F(1, 2), None)),
    ],
)
def test_token_by_type_case_a(report_a: dict, phi: str, expected: tuple) -> None:
    assert scores(report_a["token"]["by_type"][phi]) == expected


@pytest.mark.parametrize(
    ("mode", "phi", "expected"),
    [
        # strict: only Bob Stone matches exactly. R 1/3, P 1/3, F1 1/3
        ("strict", None, approx(F(1, 3), F(1, 3), F(1, 3))),
        ("strict", "NAME", approx(F(1, 2), F(1, 2), F(1, 2))),
        ("strict", "ORGANIZATION", approx(F(0, 1), None, None)),
        ("strict", "LOCATION", approx(None, F(0, 1), None)),
        # partial: Zelda~Zelda Quimby and Bob Stone match (same type); Mercy Hospital is only
        # overlapped by a LOCATION. R 2/3, P 2/3, F1 2/3
        ("partial", None, approx(F(2, 3), F(2, 3), F(2, 3))),
        ("partial", "NAME", approx(F(2, 2), F(2, 2), F(1))),
        ("partial", "ORGANIZATION", approx(F(0, 1), None, None)),
        ("partial", "LOCATION", approx(None, F(0, 1), None)),
    ],
)
def test_entity_case_a(report_a: dict, mode: str, phi: str | None, expected: tuple) -> None:
    block = report_a["entity"][mode]
    assert scores(block["overall"] if phi is None else block["by_type"][phi]) == expected


# --- case B: IGNORE spans -----------------------------------------------------------------------
#
# tokens:  Seen in Boston MA by Ann          (6 tokens; MA is inside an IGNORE span)
# gold:    LOCATION[Boston] IGNORE[MA] NAME[Ann]
# pred:    NAME[Seen] LOCATION[Boston MA] ORGANIZATION[MA]
TEXT_B = "Seen in Boston MA by Ann"
GOLD_B = spans(TEXT_B, ("Boston", "LOCATION"), ("MA", "IGNORE"), ("Ann", "NAME"))
PRED_B = spans(TEXT_B, ("Seen", "NAME"), ("Boston MA", "LOCATION")) + [
    GoldSpan(15, 17, "ORGANIZATION")  # "MA"
]


@pytest.fixture(scope="module")
def report_b() -> dict:
    return EvaluationReport(score_note("b", TEXT_B, GOLD_B, PRED_B)).to_json()


def test_ignore_tokens_count_neither_way(report_b: dict) -> None:
    # MA is skipped: 5 tokens scored. gold Boston Ann; predicted Seen Boston; TP Boston
    # -> R 1/2, P 1/2, F1 1/2
    assert scores(report_b["token"]["binary"]) == approx(F(1, 2), F(1, 2), F(1, 2))
    assert (report_b["counts"]["tokens"], report_b["counts"]["ignored_tokens"]) == (5, 1)
    assert "IGNORE" not in report_b["token"]["by_type"]
    # ORGANIZATION only predicted MA, which is ignored: no tokens at all for it
    assert "ORGANIZATION" not in report_b["token"]["by_type"]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        # strict: no exact match -> R 0/2. "Boston MA" and ORGANIZATION "MA" overlap IGNORE and
        # are not counted; only NAME "Seen" is a false positive -> P 0/1
        ("strict", approx(F(0, 2), F(0, 1), F(0))),
        # partial: Boston is overlapped by LOCATION "Boston MA" (counted as a hit), Ann missed
        # -> R 1/2. Predictions counted: Boston MA (hit), Seen (miss); MA (ignored) -> P 1/2
        ("partial", approx(F(1, 2), F(1, 2), F(1, 2))),
    ],
)
def test_entity_predictions_over_ignore_are_not_false_positives(
    report_b: dict, mode: str, expected: tuple
) -> None:
    assert scores(report_b["entity"][mode]["overall"]) == expected
    assert report_b["entity"][mode]["overall"]["gold"] == 2  # IGNORE is not a gold entity


def test_counts_case_b(report_b: dict) -> None:
    assert report_b["counts"] == {
        "gold_spans": 2,
        "ignored_spans": 1,
        "ignored_tokens": 1,
        "notes": 1,
        "predicted_spans": 3,
        "tokens": 5,
    }


# --- misses -------------------------------------------------------------------------------------
TEXT_M = "Zelda Quimby called Mercy about Bob, ok"
GOLD_M = spans(TEXT_M, ("Zelda Quimby", "NAME"), ("Mercy", "ORGANIZATION"), ("Bob", "NAME"))
PRED_M = spans(TEXT_M, ("Zelda", "NAME"), ("Mercy", "LOCATION"), ("ok", "NAME"))
EXPECTED_MISSES = [
    ("partial", 0, 12, "NAME", "Zelda Quimby"),  # Quimby is left
    ("wrong_type", 20, 25, "ORGANIZATION", "Mercy"),  # covered, but as LOCATION
    ("missed", 32, 35, "NAME", "Bob"),
    ("spurious", 37, 39, "NAME", "ok"),
]


@pytest.mark.parametrize("show_text", [False, True])
def test_misses(show_text: bool) -> None:
    tally = score_note("m", TEXT_M, GOLD_M, PRED_M, show_text=show_text)
    assert tally.misses == [
        Miss(kind, "m", start, end, label, text if show_text else None)
        for kind, start, end, label, text in EXPECTED_MISSES
    ]


def test_full_and_duplicate_coverage_is_not_a_miss() -> None:
    text = "Call Zelda Quimby now"
    gold = spans(text, ("Zelda Quimby", "NAME"))
    pred = spans(text, ("Zelda", "NAME"), ("Quimby", "NAME")) * 2  # duplicates are dropped
    tally = score_note("d", text, gold, pred)
    assert tally.misses == []
    assert tally.counts["predicted_spans"] == 2


def test_report_json_has_no_text_unless_asked() -> None:
    hidden = EvaluationReport(score_note("m", TEXT_M, GOLD_M, PRED_M)).to_json()
    dumped = json.dumps(hidden)
    for phi in ("Zelda", "Quimby", "Mercy", "Bob"):
        assert phi not in dumped
    assert hidden["misses"][2] == {
        "kind": "missed",
        "note_id": "m",
        "start": 32,
        "end": 35,
        "label": "NAME",
    }
    shown = EvaluationReport(score_note("m", TEXT_M, GOLD_M, PRED_M, show_text=True)).to_json()
    assert shown["misses"][2]["text"] == "Bob"


def test_prediction_outside_text_is_an_error() -> None:
    with pytest.raises(InputError, match="note x: prediction 3-99"):
        score_note("x", "short", [], [GoldSpan(3, 99, "NAME")])


# --- evaluate_notes: micro-averaged over notes, batched -------------------------------------------


def _findings(preds: list[GoldSpan]) -> list[Finding]:
    return [Finding(p.start, p.end, PhiType(p.label), 0.9, "test") for p in preds]


GOLD_NOTES = [
    GoldNote("a", TEXT_A, tuple(GOLD_A), "p1"),
    GoldNote("b", TEXT_B, tuple(GOLD_B)),
    GoldNote("empty", "No identifiers here.", ()),
]
PREDICTIONS = {"a": _findings(PRED_A), "b": _findings(PRED_B), "empty": []}


@pytest.mark.parametrize("batch_size", [1, 2, 32])
def test_evaluate_notes_adds_up_notes(batch_size: int) -> None:
    seen: list[list[Note]] = []

    def predict(notes: list[Note]) -> list[list[Finding]]:
        seen.append(notes)
        return [PREDICTIONS[n.note_id] for n in notes]

    report = evaluate_notes(GOLD_NOTES, predict, batch_size=batch_size).to_json()
    # token TP 4+1, gold 6+2, predicted 5+2 -> R 5/8, P 5/7, F1 = 10/(10+2+3) = 2/3
    assert scores(report["token"]["binary"]) == approx(F(5, 8), F(5, 7), F(2, 3))
    # partial entity: hits 2+1 of gold 3+2 -> R 3/5; hits 2+1 of counted predictions 3+2 -> P 3/5
    assert scores(report["entity"]["partial"]["overall"]) == approx(F(3, 5), F(3, 5), F(3, 5))
    assert report["counts"]["notes"] == 3
    assert [len(b) for b in seen] == {1: [1, 1, 1], 2: [2, 1], 32: [3]}[batch_size]
    assert seen[0][0] == Note("a", TEXT_A, "p1")


def test_evaluate_notes_checks_prediction_count() -> None:
    with pytest.raises(InputError, match="predict returned 0 results for 3 notes"):
        evaluate_notes(GOLD_NOTES, lambda notes: [])


def test_evaluate_notes_needs_mapped_labels() -> None:
    gold = [GoldNote("x", "Dr Zelda", (GoldSpan(3, 8, "DOCTOR"),))]
    with pytest.raises(InputError, match="note x: gold labels DOCTOR are not deid types"):
        evaluate_notes(gold, lambda notes: [[] for _ in notes])


def test_pipeline_predict_adapts_detect_batch() -> None:
    class FakeDeidentifier:
        def detect_batch(self, notes):
            for note in notes:
                yield note, iter(PREDICTIONS[note.note_id])

    report = evaluate_notes(GOLD_NOTES, pipeline_predict(FakeDeidentifier()))
    assert report.to_json()["counts"]["predicted_spans"] == 6


def test_render_tables_without_phi() -> None:
    report = evaluate_notes(GOLD_NOTES[:1], lambda notes: [PREDICTIONS["a"]])
    console = Console(record=True, width=160)
    report.render(console, misses=True)
    output = console.export_text()
    assert (
        "Token level" in output and "Entity level" in output and "Misses (2)" in output
    )  # two partly covered spans
    assert "ORGANIZATION" in output and "all (binary)" in output
    assert "66.7" in output  # token recall 4/6
    assert "Zelda" not in output and "Mercy" not in output
