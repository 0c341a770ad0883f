"""Operators replace findings consistently and record where each replacement lands."""

import pytest

from deid.keys import Secret
from deid.model import Finding, Note, PhiType
from deid.policy import Policy
from deid.transform import transform

SECRET = Secret(b"k" * 32, "test")


def spans(text: str, *pieces: tuple[str, PhiType]) -> list[Finding]:
    """Findings for each (substring, type), in order of appearance (repeats found left to right)."""
    findings, cursor = [], 0
    for piece, phi_type in pieces:
        start = text.index(piece, cursor)
        findings.append(Finding(start, start + len(piece), phi_type, 0.9, "test"))
        cursor = start + len(piece)
    return findings


def run(text, findings, **operators):
    policy = Policy(name="t", operators={PhiType(k): v for k, v in operators.items()})
    return transform(Note("n", text), findings, policy, SECRET)


def test_tags_are_numbered_per_type_and_reused_for_the_same_identifier():
    text = "Hope saw Mark. Later HOPE called Mark on 5/6; Hope's sister"
    found = spans(
        text,
        ("Hope", PhiType.NAME),
        ("Mark", PhiType.NAME),
        ("HOPE", PhiType.NAME),
        ("Mark", PhiType.NAME),
        ("5/6", PhiType.DATE),
        ("Hope's", PhiType.NAME),
    )
    result = run(text, found)
    assert (
        result.text
        == "[NAME_1] saw [NAME_2]. Later [NAME_1] called [NAME_2] on [DATE_1]; [NAME_1] sister"
    )


def test_a_first_name_after_the_full_name_gets_the_full_names_tag():
    text = "Hope Alvarez arrived. Hope said Alvarez family is well. Mark too."
    found = spans(
        text,
        ("Hope Alvarez", PhiType.NAME),
        ("Hope", PhiType.NAME),
        ("Alvarez", PhiType.NAME),
        ("Mark", PhiType.NAME),
    )
    assert (
        run(text, found).text
        == "[NAME_1] arrived. [NAME_1] said [NAME_1] family is well. [NAME_2] too."
    )


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("tag", "Call [PHONE_1] today"),
        ("redact", "Call  today"),
        ("mask", "Call ***-***-**** today"),
        ("keep", "Call 555-201-3344 today"),
    ],
)
def test_each_operator(operator, expected):
    text = "Call 555-201-3344 today"
    assert run(text, spans(text, ("555-201-3344", PhiType.PHONE)), PHONE=operator).text == expected


def test_output_offsets_point_at_each_replacement():
    text = "Dr. Okafor saw Fiona Lee on June 3rd at 10 Main St."
    found = spans(
        text,
        ("Okafor", PhiType.NAME),
        ("Fiona Lee", PhiType.NAME),
        ("June 3rd", PhiType.DATE),
        ("10 Main St", PhiType.STREET),
    )
    result = run(text, found, STREET="redact")
    for replacement in result.replacements:
        assert result.text[replacement.out_start : replacement.out_end] == replacement.new_text
    assert [r.operator for r in result.replacements] == ["tag", "tag", "tag", "redact"]


def test_overlapping_findings_are_refused():
    text = "Fiona Lee"
    overlapping = [Finding(0, 5, PhiType.NAME, 0.9, "t"), Finding(3, 9, PhiType.NAME, 0.9, "t")]
    with pytest.raises(ValueError, match="overlapping"):
        run(text, overlapping)
