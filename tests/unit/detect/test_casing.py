"""deid.detect.casing: which case a note is written in, and the same-length re-cased copy spaCy
reads for ALL CAPS and all-lower-case notes."""

from __future__ import annotations

import pytest

from deid.detect.casing import CaseMode, case_mode, looks_like_name, recase_for_ner

CAPS = "DAUGHTER FIONA ALVAREZ AT BEDSIDE. DR OKAFOR AWARE OF FALL RISK. PT CALM, SLEPT 6 HRS."
LOWER = "pt seen w/ aunt carol re: housing. dr okafor aware, mood fair, f/u 2 wks."
MIXED = "Seen with her daughter Fiona Alvarez today. Dr. Okafor is aware of the fall risk."


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        (CAPS, CaseMode.UPPER),
        (LOWER, CaseMode.LOWER),
        (MIXED, CaseMode.MIXED),
        ("PT CALM", CaseMode.MIXED),  # fewer than 20 letters: too short to tell
        ("", CaseMode.MIXED),
        ("12/13 14:15 --- 555-201-3344", CaseMode.MIXED),  # no letters at all
    ],
)
def test_case_mode(text, mode):
    assert case_mode(text) is mode


@pytest.mark.parametrize(
    ("upper", "lower", "mode"),
    [
        (71, 29, CaseMode.UPPER),  # more than 70 % upper case
        (70, 30, CaseMode.MIXED),
        (3, 97, CaseMode.MIXED),  # 3 % is not under 3 %
        (2, 98, CaseMode.LOWER),
    ],
)
def test_case_mode_thresholds(upper, lower, mode):
    assert case_mode("A" * upper + " " + "b" * lower + " 1234.") is mode


def test_a_mixed_note_is_given_to_spacy_unchanged():
    assert recase_for_ner(MIXED) is MIXED


@pytest.mark.parametrize("text", [CAPS, LOWER])
def test_recasing_keeps_length_and_every_offset(text):
    recased = recase_for_ner(text)
    assert len(recased) == len(text)
    for original, changed in zip(text, recased, strict=True):
        assert original.lower() == changed.lower()  # only the case of letters changes
        assert original.isalpha() or original == changed


def test_an_all_caps_note_gets_capitalised_names_and_lower_case_words():
    assert recase_for_ner(CAPS) == (
        "daughter Fiona Alvarez at bedside. dr Okafor aware of fall risk. pt calm, slept 6 hrs."
    )


def test_a_lower_case_note_gets_capitalised_names():
    assert recase_for_ner(LOWER) == (
        "pt seen w/ aunt Carol re: housing. dr Okafor aware, mood fair, f/u 2 wks."
    )


def test_everyday_and_clinical_words_that_are_also_names_stay_lower_case():
    text = "HOPE FOR THE FUTURE. GRACE UNDER PRESSURE. MARK ON LEFT FOREARM. MAY CALL BACK."
    assert recase_for_ner(text) == text.lower()


def test_hyphens_and_apostrophes_end_a_word_so_each_part_is_recased_on_its_own():
    text = "SEEN WITH MEI-LING AND O'SULLIVAN TODAY, ZO\u00cb TOO. NO DISTRESS NOTED."
    assert recase_for_ner(text) == (
        "seen with Mei-Ling and o'Sullivan today, zo\u00eb too. no distress noted."
    )


def test_a_given_mode_is_used_instead_of_the_text_s_own():
    # a window of a long note is re-cased with the whole note's mode, whatever its own case
    window = "Seen by Dr Okafor today"
    assert recase_for_ner(window, CaseMode.MIXED) is window
    assert recase_for_ner(window, CaseMode.UPPER) == "seen by dr Okafor today"
    assert recase_for_ner(CAPS, CaseMode.MIXED) is CAPS


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("FIONA", True),
        ("okafor", True),
        ("Alvarez's", True),  # the possessive is not part of the name
        ("hope", False),  # an everyday word
        ("mark", False),
        ("depression", False),
        ("a", False),  # too short
        ("zzyzxqq", False),  # in no name list
    ],
)
def test_looks_like_name(word, expected):
    assert looks_like_name(word) is expected
