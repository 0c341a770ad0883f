"""A name that ends like a drug ("Chase": -ase, "Lam": -lam) is still a name: only an entry of
clinical_terms.txt or medical_words.txt makes a listed name medical, not its ending alone."""

from __future__ import annotations

import pytest

from deid import lexicon
from deid.model import Note, PhiType

NOTE = (
    "PT SEEN FOR FOLLOW UP. SON CHASE CALLED, DR LAM AWARE. GIVEN LORAZEPAM 1 MG PO FOR "
    "ANXIETY, LISINOPRIL HELD FOR LOW BP, METOPROLOL CONTINUED."
)


def _names(deidentifier, text: str) -> set[str]:
    findings = deidentifier.detect(Note("t", text))
    return {text[f.start : f.end] for f in findings if f.phi_type is PhiType.NAME}


@pytest.mark.parametrize("text", [NOTE, NOTE.lower()], ids=["all caps", "lower case"])
def test_names_that_end_like_drugs_are_found(deidentifier, text):
    names = {n.lower() for n in _names(deidentifier, text)}
    assert {"chase", "lam"} <= names


@pytest.mark.parametrize("text", [NOTE, NOTE.lower()], ids=["all caps", "lower case"])
def test_drugs_are_not_names(deidentifier, text):
    names = " ".join(_names(deidentifier, text)).lower()
    for drug in ("lorazepam", "lisinopril", "metoprolol"):
        assert drug not in names


@pytest.mark.parametrize("text", ["SON CHASE CALLED", "DR LAM AWARE"])
def test_the_short_leak_examples(deidentifier, text):
    note = f"PT RESTING IN ROOM, NO DISTRESS NOTED OVERNIGHT. {text}, WILL SEE PT IN AM."
    assert text.split()[1] in _names(deidentifier, note)


@pytest.mark.parametrize("word", ["chase", "lam", "roma", "april", "CHASE", "Lam"])
def test_a_listed_name_is_not_medical_by_its_ending(word):
    assert lexicon.looks_medical(word) is False


@pytest.mark.parametrize(
    "word", ["lorazepam", "LISINOPRIL", "metoprolol", "losartan", "thyroiditis", "coma", "lipoma"]
)
def test_drugs_diagnoses_and_listed_medical_words_stay_medical(word):
    assert lexicon.looks_medical(word) is True


def test_only_list_entries_make_a_name_medical():
    names = lexicon.first_names() | lexicon.surnames()
    listed = lexicon.clinical_terms() | lexicon.words("medical_words")
    suffixes = lexicon.entries("medical_suffixes")
    ending_like_drugs = {n for n in names if n.endswith(suffixes)}
    assert len(ending_like_drugs - listed) > 150  # "chase", "lam", "roma", "april"...
    for name in ending_like_drugs:
        assert lexicon.looks_medical(name) is (name in listed)
