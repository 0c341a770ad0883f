"""deid.pipeline.Deidentifier: detection as a run does it, candidates before resolve, and a
note that fails alone (the detection cases themselves are data: tests/cases/*.yaml)."""

from __future__ import annotations

from deid.decide import RULE_FLOOR
from deid.model import Note, PhiType
from deid.pipeline import Deidentifier


def test_a_surname_after_surname_comma_given_gets_the_same_tag(deidentifier: Deidentifier):
    text = "NAME: KOWALSKI, THEODORE   Unit no: 472-19-83\nMr. Kowalski is a 67 yo man."
    result = deidentifier.run(Note("d", text))
    assert result.ok
    assert result.text.startswith("NAME: [NAME_1]")
    assert "Mr. [NAME_1] is" in result.text


def test_run_numbers_tags_per_note_and_reuses_them_for_repeats(deidentifier: Deidentifier):
    text = "Met with Dr. Okafor today. Okafor's sister Maya called 555-201-3344."
    result = deidentifier.run(Note("n", text))
    assert (
        result.text == "Met with Dr. [NAME_1] today. [NAME_1]'s sister [NAME_2] called [PHONE_1]."
    )
    assert [(text[r.finding.start : r.finding.end], r.new_text) for r in result.replacements] == [
        ("Okafor", "[NAME_1]"),
        ("Okafor", "[NAME_1]"),
        ("Maya", "[NAME_2]"),
        ("555-201-3344", "[PHONE_1]"),
    ]
    for replacement in result.replacements:  # each replacement says where it landed
        placed = result.text[replacement.out_start : replacement.out_end]
        assert placed == replacement.new_text


def test_candidates_are_every_recognizer_before_resolve(deidentifier: Deidentifier):
    text = "Seen Thursday, October 2, 2025."
    candidates = deidentifier.candidates(Note("c", text))
    assert sorted((text[f.start : f.end], f.phi_type, f.recognizer) for f in candidates) == [
        ("October", PhiType.DATE, "ClinicalDayReferenceRecognizer"),  # a month written as one
        ("Thursday", PhiType.DATE, "ClinicalDayReferenceRecognizer"),
        ("Thursday, October 2, 2025", PhiType.DATE, "ClinicalWrittenDateRecognizer"),
    ]
    detected = deidentifier.detect(Note("c", text))
    assert [(text[f.start : f.end], f.phi_type) for f in detected] == [
        ("Thursday, October 2, 2025", PhiType.DATE)
    ]


def test_candidates_are_not_thresholded(deidentifier: Deidentifier):
    text = "Moved in 2019; code 60614 noted."
    (zip_code,) = deidentifier.candidates(Note("c", text))
    assert (text[zip_code.start : zip_code.end], zip_code.phi_type) == ("60614", PhiType.ZIP)
    assert (zip_code.score, zip_code.recognizer, zip_code.rule) == (
        0.2,
        "ZipCodeRecognizer",
        "zip5",
    )
    assert zip_code.score < RULE_FLOOR  # a bare five-digit number needs context to be proposed
    assert deidentifier.detect(Note("c", text)) == []


def test_a_note_that_fails_is_a_failed_result_without_its_text(deidentifier, monkeypatch):
    import deid.pipeline

    real = deid.pipeline.resolve

    def resolve(text, raw, **kwargs):
        if "explode" in text:
            raise RuntimeError("boom")
        return real(text, raw, **kwargs)

    monkeypatch.setattr(deid.pipeline, "resolve", resolve)
    notes = [
        Note("a", "Seen with her daughter Fiona."),
        Note("b", "explode Fiona"),
        Note("c", "Call Maya."),
    ]
    results = list(deidentifier.run_batch(notes))
    assert [(r.note_id, r.text, r.error) for r in results] == [
        ("a", "Seen with her daughter [NAME_1].", None),
        ("b", "", "RuntimeError"),
        ("c", "Call [NAME_1].", None),
    ]


def test_findings_from_candidates_are_what_detect_finds(deidentifier):
    """The review page shows candidates and findings from one spaCy pass: the findings it
    makes of the candidates must be ``detect``'s, to the score."""
    note = Note("n", "Seen with her daughter Fiona Balcombe on 3/14; pain 4/10. Call 608-555-0147.")
    assert deidentifier.findings_from(note, deidentifier.candidates(note)) == deidentifier.detect(
        note
    )
