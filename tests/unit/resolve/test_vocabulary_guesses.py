"""A guess on one ordinary word needs corroboration (resolve.allow.uncorroborated_vocabulary)."""

import pytest

from deid.detect.casing import CaseMode
from deid.model import Evidence, Finding, PhiType
from deid.resolve.allow import uncorroborated_vocabulary

MIXED, UPPER, LOWER = CaseMode.MIXED, CaseMode.UPPER, CaseMode.LOWER


def guess(text, piece, evidence=Evidence.NER, phi_type=PhiType.NAME):
    start = text.index(piece)
    return Finding(start, start + len(piece), phi_type, 0.85, "r", "x", evidence)


@pytest.mark.parametrize(
    ("text", "piece", "mode"),
    [
        ("PT ON LEVO GTT, WEAN AS TOL.", "WEAN", UPPER),
        ("pt on levo gtt, wean as tol.", "levo", LOWER),
        ("Foley draining clear urine.", "Foley", MIXED),  # capitalised only by the sentence
        ("Vitals stable. Swan in place.", "Swan", MIXED),
        ("plan: wean as tolerated", "wean", MIXED),
    ],
)
def test_a_lone_vocabulary_guess_is_dropped(text, piece, mode):
    assert uncorroborated_vocabulary(text, guess(text, piece), mode)


@pytest.mark.parametrize(
    ("text", "piece", "mode", "evidence"),
    [
        ("Spoke with Hope about the plan.", "Hope", MIXED, Evidence.NER),  # inside a sentence
        ("Art drew a map of the block.", "Art", MIXED, Evidence.NER),  # a given name, capitalised
        ("Referred by APD after the call.", "APD", MIXED, Evidence.NER),  # an acronym
        ("Met Ada Fish at intake.", "Ada Fish", MIXED, Evidence.NER),  # two words
        ("SEEN BY DR GREEN", "GREEN", UPPER, Evidence.CONTEXT),  # a title confirms it
        ("MILLER CALLED", "MILLER", UPPER, Evidence.NER),  # a frequent Census name
        ("JM AWARE", "JM", UPPER, Evidence.WORDLIST),  # initials
        ("PT ON LEVO GTT", "LEVO", UPPER, Evidence.PATTERN),  # not a guess
        ("FRIEND ZORBAK VISITED", "ZORBAK", UPPER, Evidence.NER),  # not a vocabulary word
    ],
)
def test_corroborated_or_unlisted_guesses_stand(text, piece, mode, evidence):
    assert not uncorroborated_vocabulary(text, guess(text, piece, evidence), mode)


@pytest.mark.parametrize(
    ("text", "piece", "mode"),
    [
        ("THICK YELLOW SPUTUM SUCTIONED", "YELLOW SPUTUM", UPPER),  # Yellow: a rare surname
        ("REPEAT CO/CI OFF MILRINONE", "CI OFF MILRINONE", UPPER),  # Off: a rare surname
        ("drains via right groin", "via right groin", LOWER),
    ],
)
def test_a_phrase_of_words_that_are_only_rare_surnames_is_dropped(text, piece, mode):
    assert uncorroborated_vocabulary(text, guess(text, piece, phi_type=PhiType.ORGANIZATION), mode)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("PT SEEN WITH WIFE, BROWN FAMILY AT BEDSIDE", "BROWN FAMILY"),  # Brown: a common surname
        ("KEEP DAUGHTER ADA INFORMED", "DAUGHTER ADA"),  # Ada: a given name
    ],
)
def test_a_phrase_with_a_common_surname_or_given_name_stands(text, piece):
    assert not uncorroborated_vocabulary(text, guess(text, piece), UPPER)
