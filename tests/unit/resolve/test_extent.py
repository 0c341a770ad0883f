"""Organisation findings grow over the rest of the name they are part of, and no further."""

import pytest

from deid.detect.casing import CaseMode
from deid.model import Evidence, Finding, PhiType
from deid.resolve import grow_organisations

ORG = PhiType.ORGANIZATION


def grown(text: str, piece: str, mode: CaseMode = CaseMode.MIXED, phi_type=ORG) -> str:
    start = text.index(piece)
    finding = Finding(start, start + len(piece), phi_type, 0.9, "test", "", Evidence.NER)
    (result,) = grow_organisations(text, [finding], mode)
    return text[result.start : result.end]


@pytest.mark.parametrize(
    ("text", "piece", "expected"),
    [
        # a connector followed by a capitalised word or an acronym continues the name
        (
            "Referred to Bluepine Center for Anxiety and OCD last week.",
            "Bluepine Center for Anxiety",
            "Bluepine Center for Anxiety and OCD",
        ),
        ("Will call Legal Aid of the Tidewater today.", "Legal Aid", "Legal Aid of the Tidewater"),
        # capitalised words on either side belong to it
        (
            "Works at Lakeview Counseling Collective part time.",
            "Lakeview Counseling",
            "Lakeview Counseling Collective",
        ),
        (
            "Info from Healthy Start of Tri-Valley about classes.",
            "Start",
            "Healthy Start of Tri-Valley",
        ),
        # in capitals only organisation head words extend it
        ("ADMITTED FROM HATCHER MEMORIAL YESTERDAY", "HATCHER", "HATCHER MEMORIAL"),
    ],
)
def test_an_organisation_grows_to_its_whole_name(text, piece, expected):
    mode = CaseMode.UPPER if text.isupper() else CaseMode.MIXED
    assert grown(text, piece, mode) == expected


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Let go from Thilar Construction on Nov 19, 2024.", "Thilar Construction"),  # a date
        ("Seen at Mercy Clinic. Next visit in May.", "Mercy Clinic"),  # a sentence ends
        ("Takes Oxycontin and Ativan daily.", "Oxycontin"),  # a list, not a name
        ("Called Bayview Clinic Monday about refills.", "Bayview Clinic"),  # a weekday
        ("Met at Bayview Clinic with Dr. Ruiz.", "Bayview Clinic"),  # a title starts a person
        ("Packet to Drug Court, then home.", "Drug Court"),  # punctuation ends it
        ("ADMITTED FROM HATCHER YESTERDAY", "HATCHER"),  # capitals say nothing
    ],
)
def test_an_organisation_stops_where_its_name_ends(text, piece):
    mode = CaseMode.UPPER if text.isupper() else CaseMode.MIXED
    assert grown(text, piece, mode) == piece


def test_only_organisations_grow():
    text = "Seen by Maria Lopez Garden today."
    assert grown(text, "Maria Lopez", phi_type=PhiType.NAME) == "Maria Lopez"
