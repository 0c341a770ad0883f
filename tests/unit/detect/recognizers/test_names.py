"""Person names through the full pipeline: context rules, gazetteer and spaCy, in any case."""

import pytest

from deid.model import PhiType

N = PhiType.NAME

POSITIVE = [
    ("Met with Dr. Okafor to review the plan.", "Okafor"),
    ("Seen with her daughter Fiona, who drove her.", "Fiona"),
    ("Client's roommate Becca was present.", "Becca"),
    ("His wife Mei-Ling joined by phone.", "Mei-Ling"),
    ("pt here w/ aunt carol re: housing.", "carol"),
    ("Dana Whitfield, LCSW", "Dana Whitfield"),
    ("Client: Mei-Ling Wu\nDOB: see chart", "Mei-Ling Wu"),
    ("Referred by: Dr. Amal Haddad", "Amal Haddad"),
    ("Dear Rebecca,\nThank you for the referral.", "Rebecca"),
    ("Warm regards,\nJonah Feldstein\n", "Jonah Feldstein"),
    ("Maria reports better sleep this week.", "Maria"),
    ("Talked with Siobhan Gallagher about school.", "Siobhan Gallagher"),
    ("DAUGHTER FIONA ALVAREZ AT BEDSIDE. DR OKAFOR AWARE.", "FIONA ALVAREZ"),
    ("DAUGHTER FIONA ALVAREZ AT BEDSIDE. DR OKAFOR AWARE.", "OKAFOR"),
    ("Hope Alvarez arrived late. Hope's mood was low.", "Hope Alvarez"),
    ("Mr. Nguyen-Tran reports nightmares.", "Nguyen-Tran"),
]

NEGATIVE = [
    "Client reports hope for the future and will call next week.",
    "History of Parkinson's disease; Beck Depression Inventory score 21.",
    "Continue sertraline 100 mg; PHQ-9 = 11; GAD-7: 14; mood 6/10.",
    "Practiced DBT skills and CBT thought records; EMDR deferred.",
    "PT A&O X3. GI: NO N/V. CV: RRR. O2 98% RA. BP 128/84. TODAY TOLERATED PO.",
    "pt c/o poor sleep, f/u in 2 wks, s/p med change, denies si/hi.",
    "Grace under pressure was a theme; she may march in the parade.",
    "Her mother struggles with depression and her son will visit.",
]


@pytest.mark.parametrize(("text", "name"), POSITIVE)
def test_names_are_found(found, text, name):
    assert (name, N) in found(text)


@pytest.mark.parametrize("text", NEGATIVE)
def test_clinical_words_are_not_names(found, text):
    assert {s for s, t in found(text) if t is N} == set()
