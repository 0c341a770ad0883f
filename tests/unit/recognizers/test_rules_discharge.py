"""Rules for dictated discharge summaries: capitalised headers and names inside mixed-case
notes, dotted credentials, facility abbreviations, and slash-joined clinical abbreviations."""

import pytest

from deid.model import Note, PhiType
from deid.pipeline import Deidentifier

N, ORG = PhiType.NAME, PhiType.ORGANIZATION

FOUND = [
    (
        "MERCY GENERAL HOSPITAL\nDischarge summary for the patient below.",
        "MERCY GENERAL HOSPITAL",
        ORG,
    ),
    ("NAME: KOWALSKI, THEODORE J   Unit no: 472-19-83", "KOWALSKI, THEODORE J", N),
    ("Attending: Priya Raman, M.D.   Seen today.", "Priya Raman", N),
    ("He had a CABG at MGH in the past.", "MGH", ORG),
    ("Follow up at BWH cardiology clinic next month.", "BWH", ORG),
]

NOT_FOUND = [
    ("Attending: Priya Raman, M.D.   Seen today.", "Priya Raman, M", N),
    ("Past history: CAD s/p CABG, DM2, and depression.", "CAD s/p CABG", ORG),
    ("Transferred to ICU overnight, then back to the floor.", "ICU", ORG),
    ("Attends the clinic weekly.", "clinic", ORG),
]


@pytest.mark.parametrize(("text", "piece", "phi_type"), FOUND)
def test_found(found, text, piece, phi_type):
    assert (piece, phi_type) in found(text)


@pytest.mark.parametrize(("text", "piece", "phi_type"), NOT_FOUND)
def test_not_found(found, text, piece, phi_type):
    assert (piece, phi_type) not in found(text)


def test_a_surname_after_surname_comma_given_gets_the_same_tag(deidentifier: Deidentifier):
    text = "NAME: KOWALSKI, THEODORE   Unit no: 472-19-83\nMr. Kowalski is a 67 yo man."
    result = deidentifier.run(Note("d", text))
    assert result.text.startswith("NAME: [NAME_1]")
    assert "Mr. [NAME_1] is" in result.text


def test_a_town_before_a_state_is_a_place_not_a_name_with_a_credential(found):
    text = "He works on Route 9 in Marlborough, MA. Jane Smith, MA, co-led the group."
    assert ("Marlborough", PhiType.LOCATION) in found(text)
    assert ("Marlborough", N) not in found(text)
    assert ("Jane Smith", N) in found(text)
    assert ("Route 9", PhiType.STREET) in found(text)
