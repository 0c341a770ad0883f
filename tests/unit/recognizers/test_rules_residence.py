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
