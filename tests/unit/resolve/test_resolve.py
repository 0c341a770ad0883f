"""Resolution: trimming, allow lists, recall-first overlap merging and propagation."""

import pytest

from deid.detect.casing import CaseMode
from deid.model import Evidence, Finding, KnownIdentifiers, PhiType
from deid.resolve import merge_overlaps, propagate, resolve, trim


def finding(text, piece, phi_type=PhiType.NAME, score=0.9, rule="", start_at=0):
    start = text.index(piece, start_at)
    evidence = Evidence.CONTEXT if rule.startswith("context:") else Evidence.PATTERN
    return Finding(start, start + len(piece), phi_type, score, "test", rule, evidence)


def surfaces(text, findings):
    return [(text[f.start : f.end], f.phi_type) for f in findings]


@pytest.mark.parametrize(
    ("text", "piece", "phi_type", "expected"),
    [
        ("Saw Hope's mother", "Hope's", PhiType.NAME, "Hope"),
        ("Seen by Dr. Okafor.", "Dr. Okafor.", PhiType.NAME, "Okafor"),
        ("call (555) 201-3344.", "(555) 201-3344.", PhiType.PHONE, "(555) 201-3344"),
        ('"Riverside Clinic",', '"Riverside Clinic",', PhiType.ORGANIZATION, "Riverside Clinic"),
    ],
)
def test_trim_cuts_titles_possessives_and_punctuation(text, piece, phi_type, expected):
    trimmed = trim(text, finding(text, piece, phi_type))
    assert text[trimmed.start : trimmed.end] == expected


def test_overlapping_spans_merge_into_their_union_typed_by_the_covering_finding():
    text = "works at Riverside Behavioral Health now"
    merged = merge_overlaps(
        [
            finding(text, "Riverside", PhiType.LOCATION, 0.9),
            finding(text, "Riverside Behavioral Health", PhiType.ORGANIZATION, 0.6),
        ]
    )
    assert surfaces(text, merged) == [("Riverside Behavioral Health", PhiType.ORGANIZATION)]


def test_partial_overlap_keeps_the_wider_union():
    text = "Mei-Ling Wu Chen arrived"
    merged = merge_overlaps(
        [finding(text, "Mei-Ling Wu"), finding(text, "Wu Chen", PhiType.LOCATION, 0.5)]
    )
    assert surfaces(text, merged) == [("Mei-Ling Wu Chen", PhiType.NAME)]


def guess(text, piece, phi_type=PhiType.NAME):
    start = text.index(piece)
    return Finding(start, start + len(piece), phi_type, 0.9, "spacy", "spacy:X", Evidence.NER)


@pytest.mark.parametrize(
    ("text", "spacy_piece", "rule_piece", "expected"),
    [
        # everyday words and titles that spaCy's guess adds to a rule's name are dropped
        (
            "pt needs to be paced- dr halloran ordered pc",
            "paced- dr halloran",
            "halloran",
            "halloran",
        ),
        ("relook by Dr Oyelaran.there was no bleeding", "Oyelaran.there", "Oyelaran", "Oyelaran"),
        # a greeting too, though "Dear" is on the census surname list
        ("Dear Dr. Ilesanmi,\n\nThank you", "Dear Dr. Ilesanmi", "Ilesanmi", "Ilesanmi"),
        # a listed given name spaCy adds stays: it is part of the person's name
        ("spoke with sister Hope Alvarez today", "Hope Alvarez", "Alvarez", "Hope Alvarez"),
    ],
)
def test_a_rule_found_name_keeps_none_of_the_everyday_words_a_guess_adds(
    text, spacy_piece, rule_piece, expected
):
    merged = merge_overlaps(
        [guess(text, spacy_piece), finding(text, rule_piece, rule="context:title")], text
    )
    assert surfaces(text, merged) == [(expected, PhiType.NAME)]


def test_a_pattern_finding_in_the_cluster_keeps_its_words():
    text = "ADDRESS CHANGED TO 7781 W TOUPONOR DR, PRENHAVEN"
    merged = merge_overlaps(
        [
            finding(text, "W TOUPONOR", rule="context:with_shorthand"),
            finding(text, "7781 W TOUPONOR DR", PhiType.STREET, 0.8, rule="street"),
        ],
        text,
    )
    assert [text[f.start : f.end] for f in merged] == ["7781 W TOUPONOR DR"]


@pytest.mark.parametrize(
    ("text", "piece", "phi_type", "rule"),
    [
        ("started Zoloft today", "Zoloft", PhiType.NAME, ""),
        ("history of Parkinson's", "Parkinson", PhiType.NAME, ""),
        ("doing CBT", "CBT", PhiType.ORGANIZATION, ""),
        ("moved from Texas", "Texas", PhiType.LOCATION, ""),
        ("GAD screen", "GAD", PhiType.NAME, ""),
    ],
)
def test_clinical_words_states_and_abbreviations_are_not_identifiers(text, piece, phi_type, rule):
    kept = resolve(
        text, [finding(text, piece, phi_type, rule=rule)], threshold=0.4, mode=CaseMode.MIXED
    )
    assert kept == []


def test_a_context_rule_overrides_the_allow_list():
    text = "Seen by Dr. Beck today"
    kept = resolve(
        text, [finding(text, "Beck", rule="context:title")], threshold=0.4, mode=CaseMode.MIXED
    )
    assert surfaces(text, kept) == [("Beck", PhiType.NAME)]


def test_findings_below_the_threshold_are_dropped():
    text = "Maria came"
    assert (
        resolve(text, [finding(text, "Maria", score=0.3)], threshold=0.4, mode=CaseMode.MIXED) == []
    )


def test_a_name_found_once_is_found_everywhere_including_parts_and_possessives():
    text = (
        "Client Hope Alvarez arrived. Hope's mood improved; Alvarez family supportive. I hope so."
    )
    kept = resolve(text, [finding(text, "Hope Alvarez")], threshold=0.4, mode=CaseMode.MIXED)
    assert surfaces(text, kept) == [
        ("Hope Alvarez", PhiType.NAME),
        ("Hope", PhiType.NAME),
        ("Alvarez", PhiType.NAME),
    ]  # "I hope so." is not a name: an everyday word propagates only as written


def test_in_an_all_caps_note_propagation_ignores_case():
    text = "PT HOPE ALVAREZ SEEN. HOPE TOLERATED MEDS."
    added = propagate(text, [finding(text, "HOPE ALVAREZ")], CaseMode.UPPER, KnownIdentifiers())
    assert ("HOPE", PhiType.NAME) in surfaces(text, added)


def test_everyday_words_of_a_name_span_are_not_searched_for_alone():
    """A context name merged with a longer finding carries everyday words; alone they would
    redact every "contact" and "brother" of the note. Its name parts still propagate."""
    text = "CONTACT BROTHER ODELL VIA SW DEPARTMENT. ODELL TO CALL. CONTACT OTHER BROTHER LATER."
    span = finding(text, "CONTACT BROTHER ODELL VIA SW DEPARTMENT")
    added = surfaces(text, propagate(text, [span], CaseMode.UPPER, KnownIdentifiers()))
    assert ("ODELL", PhiType.NAME) in added
    assert not {("CONTACT", PhiType.NAME), ("BROTHER", PhiType.NAME)} & set(added)


def test_known_identifiers_are_found_without_any_recognizer():
    text = "Patient MRN 00482913 seen; follow up with Alvarez."
    known = KnownIdentifiers(names=("Hope Alvarez",), identifiers=("00482913",))
    kept = resolve(text, [], threshold=0.4, mode=CaseMode.MIXED, known=known)
    assert surfaces(text, kept) == [("00482913", PhiType.OTHER_ID), ("Alvarez", PhiType.NAME)]
