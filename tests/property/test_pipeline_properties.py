"""Properties that must hold for any note (hypothesis), on the real default pipeline."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deid.model import Note

CLINICAL_WORDS = [
    "pt", "reports", "improved", "sleep", "mood", "anxiety", "sertraline", "50", "mg", "daily",
    "denies", "si", "hi", "plan", "continue", "cbt", "weekly", "phq-9", "gad-7", "appetite",
    "fair", "tearful", "session", "homework", "thought", "record", "coping", "skills", "reviewed",
    "follow", "up", "in", "two", "weeks", "the", "and", "with", "no", "safety", "concerns",
]  # fmt: skip
IDENTIFIERS = [
    "Dr. Okafor", "her daughter Fiona", "555-201-3344", "fiona.lee@example.org", "MRN 00482913",
    "on 6/3", "1423 Maple Ave", "Springfield, IL 62704", "SSN 123-45-6789", "IMG_20250506_1415.jpg",
]  # fmt: skip

words = st.lists(st.sampled_from(CLINICAL_WORDS), min_size=3, max_size=40)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples in CI every time
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(words)
def test_clinical_text_without_identifiers_passes_unchanged(deidentifier, tokens):
    text = " ".join(tokens) + "."
    assert deidentifier.run(Note("p", text)).text == text


@SETTINGS
@given(words, st.lists(st.sampled_from(IDENTIFIERS), min_size=1, max_size=4), st.randoms())
def test_replacements_sit_where_the_audit_says_and_nothing_else_moves(
    deidentifier, tokens, identifiers, rng
):
    pieces = list(tokens)
    for identifier in identifiers:
        pieces.insert(rng.randrange(len(pieces) + 1), identifier)
    text = " ".join(pieces) + "."
    result = deidentifier.run(Note("p", text))
    cursor_in, cursor_out = 0, 0
    for replacement in result.replacements:
        finding = replacement.finding
        gap = text[cursor_in : finding.start]
        assert result.text[cursor_out : cursor_out + len(gap)] == gap  # untouched text kept
        assert result.text[replacement.out_start : replacement.out_end] == replacement.new_text
        cursor_in, cursor_out = finding.end, replacement.out_end
    assert result.text[cursor_out:] == text[cursor_in:]


@SETTINGS
@given(words, st.lists(st.sampled_from(IDENTIFIERS), min_size=1, max_size=4), st.randoms())
def test_redacting_twice_changes_nothing_more(deidentifier, tokens, identifiers, rng):
    pieces = list(tokens)
    for identifier in identifiers:
        pieces.insert(rng.randrange(len(pieces) + 1), identifier)
    once = deidentifier.run(Note("p", " ".join(pieces) + ".")).text
    assert deidentifier.run(Note("p", once)).text == once
