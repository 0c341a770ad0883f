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
