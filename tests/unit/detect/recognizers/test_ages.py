"""Ages over 89 are identifiers; younger ages and numbers near an age-like word are not."""

from __future__ import annotations

import pytest

from deid.detect.registry import family
from deid.model import PhiType

AGE = PhiType.AGE
RECOGNIZERS = family("ages")

POSITIVES = [
    ("A 92-year-old widow presents.", "92-year-old"),
    ("92 yo F with dementia.", "92 yo"),
    ("Pt is a 92 y/o male.", "92 y/o"),
    ("93yo, lives alone.", "93yo"),
    ("94 y.o. female, alert.", "94 y.o."),
    ("Patient aged 94 lives alone.", "94"),
    ("AGE: 97", "97"),
    ("Diagnosed at the age of 93.", "93"),
    ("A woman in her 90s.", "90s"),
    ("A man in his late nineties.", "nineties"),
    ("She is 101 years old.", "101 years old"),
    ("He is 100 years of age.", "100 years of age"),
    ("A ninety-three-year-old man.", "ninety-three-year-old"),
    ("She is one hundred and one years old.", "one hundred and one years old"),
    ("A 92 YEAR OLD MAN, 93 YO.", "92 YEAR OLD"),
    ("a 95 year old man", "95 year old"),
    ("92F with dementia.", "92F"),
    ("She turned 95 last week.", "95"),
    ("A nonagenarian in good spirits.", "nonagenarian"),
    ("Grandmother passed away at 97.", "97"),
    ("Father died at 91 of pneumonia.", "91"),
]

NEGATIVES = [
    "A 45-year-old teacher.",
    "89 yo, 89-year-old, aged 89.",
    "Sertraline 92 mg daily.",
    "O2 sat 95% on room air.",
    "Moved to room 92.",
    "BP 95/60, HR 92.",
    "Sats in the 90s overnight.",
    "The late 90s were hard for her.",
    "Married 92 years ago is impossible.",
    "A 9.5 year old nephew.",
    "She turned 90 degrees to face me.",
    "Weight 96 kg, 92 units of insulin.",
    "Patient died at 45.",
    "Passed at 95 mg dose.",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_age_over_89(recognize, text: str, expected: str) -> None:
    assert (expected, AGE) in recognize(RECOGNIZERS, text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores_other_numbers(recognize, text: str) -> None:
    assert recognize(RECOGNIZERS, text) == set()


@pytest.mark.parametrize("age", [90, 99, 105, 120])
def test_boundary_ages_found(recognize, age: int) -> None:
    assert recognize(RECOGNIZERS, f"A {age}-year-old.") == {(f"{age}-year-old", AGE)}


def test_entity_is_age() -> None:
    assert all(r.supported_entities == [AGE.value] for r in RECOGNIZERS)
