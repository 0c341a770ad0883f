"""The name recognizers on their own (before ``resolve``); the pipeline's name cases are data, in
tests/cases/names.yaml."""

import pytest

from deid.detect.recognizers.names import ContextNameRecognizer, GazetteerNameRecognizer
from deid.detect.registry import family
from deid.model import PhiType

N = PhiType.NAME
RULES = [ContextNameRecognizer(), GazetteerNameRecognizer()]


@pytest.mark.parametrize(
    "text",
    [
        "She ordered a latte at the caf\u00e9; a na\u00efve question.",
        "The na\u00efve approach failed; coffee at a caf\u00e9 helped.",
        "Hope is important in recovery.",
        "Anxiety and depression, both chronic.",
    ],
)
def test_name_rules_alone_do_not_flag_lower_case_accented_or_everyday_words(recognize, text):
    assert recognize(RULES, text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Met with Dr. Okafor to review the plan.", {("Okafor", N)}),
        ("Seen with her daughter Fiona, who drove her.", {("Fiona", N)}),
        ("Referred by: Dr. Amal Haddad", {("Amal Haddad", N)}),
    ],
)
def test_name_rules_find_names_after_titles_and_relations(recognize, text, expected):
    assert recognize(RULES, text) == expected


def test_the_registry_lists_both_name_recognizers():
    assert [r.name for r in family("names")] == [
        "ContextNameRecognizer",
        "GazetteerNameRecognizer",
    ]


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("0900 PT CALM IN DAYROOM. -KLM\n0930 ATTENDED GROUP.", "KLM"),  # an entry's sign-off
        ('1400 STATES "I WANT TO GO HOME." -JRT\n', "JRT"),
        ("Will think it over. Next appt 2 wks.\n\n-dw\n", "dw"),  # a dashed line of its own
    ],
)
def test_initials_that_sign_an_entry_are_a_name(found, text, initials):
    assert (initials, PhiType.NAME) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "RHYTHM REGULAR. -NSR\n",  # shorthand, not a signature
        "Resting quietly. -RN\n",  # a credential
        "Seen today.\n-ok\n",  # a word
        "PRN GIVEN AT 0940 PER ORDER -PRN\n",
    ],
)
def test_a_dashed_abbreviation_is_not_initials(recognize, text):
    from deid.detect.registry import family

    assert not any(
        phi_type is PhiType.NAME and len(surface) <= 3
        for surface, phi_type in recognize(family("names"), text)
    )


@pytest.mark.parametrize(
    ("text", "word", "found"),
    [
        ("no visitors. wife, hazel, left a number", "hazel", True),
        ("no visitors. wife hazel left a number", "hazel", False),
        ("no visitors. wife, hazel left a number", "hazel", False),
    ],
)
def test_a_given_name_between_commas_after_a_relation_outweighs_the_tagger(text, word, found):
    """The tagger may read a given name that is also a verb as the verb ("wife, X, left");
    set off by commas after the relation, the word is the relation's name."""
    from deid.detect.recognizers.names import _plausible

    start = text.index(word)
    verb = lambda offset: "VERB"  # noqa: E731 - the tagger's worst answer
    assert _plausible(text, word, start, "relation", mixed=False, pos_of=verb) is found
