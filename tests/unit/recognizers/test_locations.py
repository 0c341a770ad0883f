"""Streets, cities, ZIP codes and organisations through the full pipeline."""

import pytest

from deid.model import PhiType

POSITIVE = [
    (
        "She lives at 1423 Maple Ave Apt 4B with her sister.",
        "1423 Maple Ave Apt 4B",
        PhiType.STREET,
    ),
    ("Mail to PO Box 2210 please.", "PO Box 2210", PhiType.STREET),
    ("LIVES AT 88 N CEDAR RD ALONE.", "88 N CEDAR RD", PhiType.STREET),
    ("Address: Springfield, IL 62704", "62704", PhiType.ZIP),
    ("Address: Springfield, IL 62704", "Springfield", PhiType.LOCATION),
    ("zip code 02139-4301 on file", "02139-4301", PhiType.ZIP),
    ("She moved to Tacoma last spring.", "Tacoma", PhiType.LOCATION),
    ("pt lives in tacoma with mother.", "tacoma", PhiType.LOCATION),
    ("Grew up in Albuquerque before moving.", "Albuquerque", PhiType.LOCATION),
    (
        "Admitted to Riverside Behavioral Health overnight.",
        "Riverside Behavioral Health",
        PhiType.ORGANIZATION,
    ),
    (
        "Attends Lincoln Elementary School in 3rd grade.",
        "Lincoln Elementary School",
        PhiType.ORGANIZATION,
    ),
    ("He works at Dunmore Logistics on nights.", "Dunmore Logistics", PhiType.ORGANIZATION),
]

NEGATIVE = [
    "Moved from Texas to Ohio in 2019.",
    "Take 2 tabs by mouth 3 times a day.",
    "Mental Health is a priority; behavioral health follow-up in 2 weeks.",
    "HR 72, RR 16, O2 98%, weight 72 kg.",
    "Sertraline 50 mg daily for 12 weeks; PHQ-9 = 11.",
]


@pytest.mark.parametrize(("text", "piece", "phi_type"), POSITIVE)
def test_places_are_found(found, text, piece, phi_type):
    assert (piece, phi_type) in found(text)


@pytest.mark.parametrize("text", NEGATIVE)
def test_states_doses_and_generic_phrases_are_not_places(found, text):
    place_types = {PhiType.STREET, PhiType.LOCATION, PhiType.ZIP, PhiType.ORGANIZATION}
    assert {(s, t) for s, t in found(text) if t in place_types} == set()
