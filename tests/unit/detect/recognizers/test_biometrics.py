"""Biometric identifiers: positives name a biometric held as an identifier; negatives are the
everyday and clinical uses of the same words."""

import pytest

from deid.detect.registry import family
from deid.model import PhiType

B = PhiType.BIOMETRIC

POSITIVE = [
    ("Voiceprint enrolled for phone verification last month.", "Voiceprint enrolled"),
    ("Fingerprint ID 44-2291 used at the pharmacy kiosk.", "Fingerprint ID 44-2291"),
    ("Retinal scan on file at the clinic door.", "Retinal scan on file"),
    ("Her facial recognition login was reset.", "facial recognition login"),
    ("DNA profile stored by the court.", "DNA profile stored"),
    ("IRIS SCAN TEMPLATE RE-ENROLLED.", "IRIS SCAN TEMPLATE"),
]

NEGATIVE = [
    "Fingerprint-like rash on both palms.",
    "Her voice was soft and her prints were on the glass.",
    "Retinal exam deferred to ophthalmology.",
    "Facial flushing after niacin.",
    "DNA testing discussed for Huntington's disease.",
    "Thumb pain after the fall.",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_biometrics_held_as_identifiers_are_found(recognize, text, expected):
    assert (expected, B) in recognize(family("biometrics"), text)


@pytest.mark.parametrize("text", NEGATIVE)
def test_everyday_uses_are_not(recognize, text):
    assert recognize(family("biometrics"), text) == set()
