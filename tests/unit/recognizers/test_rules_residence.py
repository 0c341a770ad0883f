"""Places named by where someone lives, towns after a street line, and what is not a place."""

import pytest

from deid.model import PhiType

L, N = PhiType.LOCATION, PhiType.NAME

POSITIVE = [
    ("Lives in Bed-Stuy with her son.", "Bed-Stuy", L),
    ("Raised in the Bronx, moved at 12.", "Bronx", L),
    ("Born in Joliet, raised in Flagstaff.", "Joliet", L),
    ("now staying w marty at 697 maple pl, apt 1r, buffalo.", "buffalo", L),
    ("PT LIVES AT 12 OAK ST, SALEM.", "SALEM", L),
]

NEGATIVE = [
    ("Moved here from Vietnam in 2013.", "Vietnam", L),  # countries are not Safe Harbor PHI
    ("Lives in Section 8 housing.", "Section", L),
    ("pt lives in denial about drinking.", "denial", L),
    ("now staying w marty at 697 maple pl.", "w marty", N),  # "w" is shorthand for "with"
]


@pytest.mark.parametrize(("text", "piece", "phi_type"), POSITIVE)
def test_found(found, text, piece, phi_type):
    assert (piece, phi_type) in found(text)


@pytest.mark.parametrize(("text", "piece", "phi_type"), NEGATIVE)
def test_not_found(found, text, piece, phi_type):
    assert (piece, phi_type) not in found(text)


TOWNS = [
    ("Nightmares of the journey through Agadez and Aleppo.", "Agadez"),
    ("Nightmares of the journey through Agadez and Aleppo.", "Aleppo"),
    ("Grandmother, 94, lives in Gdansk with her sister.", "Gdansk"),
    ("Works nights at Menards in Mobile; manager is supportive.", "Mobile"),
]


@pytest.mark.parametrize(("text", "town"), TOWNS)
def test_named_towns_anywhere(found, text, town):
    assert (town, L) in found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Better at Math and Reading this term.", "Reading"),
        ("Moved from Texas to Mexico last year.", "Texas"),
        ("Mobile crisis team called in.", "Mobile"),
    ],
)
def test_everyday_words_that_are_towns_need_a_strong_cue(found, text, word):
    assert (word, L) not in found(text)


def test_town_and_zip_after_a_street_line(found):
    text = "Home: 2218 N Racine Ave, Chicago 60614. Cell on file."
    assert ("Chicago", L) in found(text)
    assert ("60614", PhiType.ZIP) in found(text)
