"""Context rules added last: quoted names after a relation, more relations and reporting verbs,
eponym surnames kept in context, and names before a date of birth in parentheses."""

import pytest

from deid.model import PhiType

N = PhiType.NAME

FOUND = [
    ('His ex-wife\'s partner, "Big Mike," will be there.', "Big Mike"),
    ("Landlord Danielle Ward served an eviction notice.", "Danielle Ward"),
    ("Art drew a liquor store on the map.", "Art"),
    ("Momoko M. Hashimoto, PsyD", "Momoko M. Hashimoto"),
    ("Seen by Dr. Hamilton for a second opinion.", "Hamilton"),
    ("Following up on Temuçin Yılmaz-Wolfe (7/8/1994) today.", "Temuçin Yılmaz-Wolfe"),
]

NOT_FOUND = [
    ("History of Hashimoto's thyroiditis, stable.", "Hashimoto"),
    ("Seen by Dr. Zoloft is not a thing; zoloft 50 mg daily.", "Zoloft"),
    ("Art therapy was offered and declined.", "Art"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_found(found, text, name):
    assert (name, N) in found(text)


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_not_found(found, text, word):
    assert (word, N) not in found(text)


HANDLES_AND_INITIALS = [
    ("Her ex keeps messaging from xopatricaxo on Snapchat.", "xopatricaxo", PhiType.SOCIAL_HANDLE),
    (
        "Pt follows a recovery coach, pearl.coach, and finds the posts helpful. "
        "Seen by Dr. Lee on Monday.",
        "pearl.coach",
        PhiType.SOCIAL_HANDLE,
    ),
    ("Will see you Monday to review the plan together.\nThanks,\nDW\n", "DW", N),
]


@pytest.mark.parametrize(("text", "piece", "phi_type"), HANDLES_AND_INITIALS)
def test_handles_and_signature_initials(found, text, piece, phi_type):
    assert (piece, phi_type) in found(text)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("See example.com for the posts she follows.", "example.com"),
        ("Messaging from her on Snapchat stopped.", "her"),
    ],
)
def test_domains_and_pronouns_are_not_handles(found, text, piece):
    assert (piece, PhiType.SOCIAL_HANDLE) not in found(text)


def test_a_team_in_an_address_line_is_not_a_person(found):
    text = "From: Marguerite Olsen <molsen@example.com>\nTo: Intake Team\nSubject: referral"
    result = found(text)
    assert ("Marguerite Olsen", N) in result
    assert not {s for s, t in result if "Intake" in s}
