"""Rules for terse and ALL-CAPS notes: header lines, "w" shorthand, initials, unknown places."""

import pytest

from deid.model import PhiType

N, L, ORG = PhiType.NAME, PhiType.LOCATION, PhiType.ORGANIZATION

POSITIVE = [
    ("12/13 14:15 a. de la garza\npt seen for 2wk f/u.", "a. de la garza", N),
    ("4/2/24 tel f/u w Hope A. ~15 min\nc/o anxiety.", "Hope A", N),
    ("pt seen. now staying w hodan at her place.\n", "hodan", N),
    (
        "pt seen for f/u, tolerating meds, sleeping better, appetite ok, no si/hi, mood fair, "
        "plan to continue current dose and return in two weeks.\nDW\n",
        "DW",
        N,
    ),
    ("SISTER HA-EUN CALLED FROM ALEPPO; HER NUMBER IS ON FILE. PT CALM.", "ALEPPO", L),
    ("WAS LET GO FROM WALMART ON MAY 30. PT TEARFUL.", "WALMART", ORG),
    ("TRANSFERRED FROM NORTHSHORE WELLNESS GROUP. PT CALM.", "NORTHSHORE WELLNESS GROUP", ORG),
]

NEGATIVE = [
    ("pt c/o poor sleep w/ nightmares, seen w/ mother today.\n", "nightmares", N),
    ("pt c/o poor sleep w/ nightmares, seen w/ mother today.\n", "mother", N),
    ("pt seen for f/u, tolerating meds.\nSI\n", "SI", N),
    ("PT RELEASED FROM RESTRAINTS. PAIN IN ABDOMEN. ATTENDED DBT GROUP.", "ABDOMEN", L),
    ("PT RELEASED FROM RESTRAINTS. PAIN IN ABDOMEN. ATTENDED DBT GROUP.", "DBT GROUP", ORG),
]


@pytest.mark.parametrize(("text", "piece", "phi_type"), POSITIVE)
def test_found(found, text, piece, phi_type):
    assert (piece, phi_type) in found(text)


@pytest.mark.parametrize(("text", "piece", "phi_type"), NEGATIVE)
def test_not_found(found, text, piece, phi_type):
    assert (piece, phi_type) not in found(text)


NICKNAMES = [
    ('Client: Rosalind "Roz" Achterberg\nRoz is a 41-year-old teacher.', "Roz"),
    ("Patient: Margaret (Peggy) O'Sullivan. Peggy said hi.", "Peggy"),
    ("He goes by Zbyszek now.", "Zbyszek"),
    ('Known as "Big Mike" to his friends.', "Big Mike"),
]


@pytest.mark.parametrize(("text", "nickname"), NICKNAMES)
def test_nicknames_are_names_everywhere_in_the_note(found, text, nickname):
    assert (nickname, N) in found(text)


def test_a_parenthesised_word_that_is_not_between_names_is_not_a_nickname(found):
    assert ("good", N) not in found("Mood (good) today; sleep (fair) and appetite (poor).")


TERSE_HEADERS_AND_LABELS = [
    ("6/3/25 1015 f/u j. okoro (tel, 20 min)\npt c/o cravings since the weekend.", "j. okoro", N),
    ("DATE: 04/14/2025   SHIFT: 0700-1900   RN: B. OKONKWO\nPT CALM TODAY.", "B. OKONKWO", N),
    ("pt c/o cravings, plan f/u thurs, will call back if worse.", "thurs", PhiType.DATE),
]


@pytest.mark.parametrize(("text", "piece", "phi_type"), TERSE_HEADERS_AND_LABELS)
def test_terse_headers_and_mid_line_labels(found, text, piece, phi_type):
    assert (piece, phi_type) in found(text)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("6/3/25 1015 f/u j. okoro (tel, 20 min)\npt c/o cravings since the weekend.", "f"),
        ("pt ate lunch. thurs group cancelled due to weather, will reschedule.", "thurs group"),
    ],
)
def test_terse_shorthand_is_not_a_name(found, text, piece):
    assert (piece, N) not in found(text)


def test_a_terse_school_note(found):
    text = (
        "11/20 tel f/u w/ mom (tanya) re: jaylen. jaylen 9yo, 4th grade at whittier elementary, "
        "teacher ms. okwu reports 3 office referrals this wk. discussed iep mtg 12/3 w/ school "
        "counselor mr. fitzpatrick. f/u 1 wk."
    )
    result = found(text)
    for name in ("tanya", "jaylen", "okwu", "fitzpatrick"):
        assert (name, N) in result
    assert ("whittier elementary", ORG) in result
    assert not {s for s, t in result if s in {"mom", "school", "grade at whittier elementary"}}
