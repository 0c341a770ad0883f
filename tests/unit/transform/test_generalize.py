"""Safe Harbor generalisation: ages over 89 and ZIP codes (restricted ZIP3 areas zeroed)."""

from __future__ import annotations

import re

import pytest

from deid.errors import PolicyError
from deid.keys import Secret
from deid.model import Finding, Note, PhiType
from deid.policy import Policy, load_policy
from deid.transform import transform
from deid.transform.operators.generalize import generalize_age, generalize_zip, restricted_zip3

HHS_RESTRICTED = (
    "036 059 063 102 203 556 692 790 821 823 830 831 878 879 884 890 893".split()
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("92", "90+"),
        ("90", "90+"),
        ("89", "89"),
        ("45", "45"),
        ("92-year-old", "90+-year-old"),
        ("92yo", "90+yo"),
        ("aged 104", "aged 90+"),
        ("ninety-two", "90+"),
        ("Ninety two years", "90+ years"),
        ("one hundred and one", "90+"),
        ("eighty-nine", "eighty-nine"),
        ("very old", "90+"),  # no number found: generalise rather than keep
    ],
)
def test_ages_over_89_are_generalised(text: str, expected: str) -> None:
    assert generalize_age(text) == expected


def test_the_age_label_comes_from_the_policy() -> None:
    assert generalize_age("a 97 year old", "over 89") == "a over 89 year old"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02139", "02100"),
        ("02139-4307", "02100"),
        ("941031234", "94100"),
        ("MA 02139", "MA 02100"),
        ("03601", "00000"),
        ("89301-1234", "00000"),
        ("05901", "00000"),
        ("59001", "59000"),
        ("no zip here", "00000"),
    ],
)
def test_zip_codes_keep_only_an_unrestricted_zip3(text: str, expected: str) -> None:
    assert generalize_zip(text) == expected


def test_restricted_list_is_the_hhs_list() -> None:
    assert restricted_zip3() == frozenset(HHS_RESTRICTED)


@pytest.mark.parametrize("zip3", HHS_RESTRICTED)
def test_every_restricted_zip3_is_zeroed(zip3: str) -> None:
    assert generalize_zip(f"{zip3}42") == "00000"
    assert generalize_zip(f"{zip3}42-0001") == "00000"


def test_the_data_file_cites_its_source() -> None:
    from importlib import resources

    header = (resources.files("deid.lexicon") / "data" / "restricted_zip3.csv").read_text("utf-8")
    assert re.search(r"^# .*Health and Human Services", header, re.MULTILINE)
    assert "2000 Census" in header


def test_generalize_operator_in_a_note() -> None:
    policy = Policy(name="t", operators={"AGE": "generalize", "ZIP": "generalize"})
    text = "A 93 year old from 05901, son aged 61, lives in 02139."
    findings = [
        Finding(m.start(), m.end(), PhiType.ZIP if len(m[0]) == 5 else PhiType.AGE, 1.0, "test")
        for m in re.finditer(r"\d+", text)
    ]
    result = transform(Note("n", text), findings, policy, Secret(b"x" * 32, "env"))
    assert result.text == "A 90+ year old from 00000, son aged 61, lives in 02100."


@pytest.mark.parametrize(
    "policy",
    [
        {"name": "t", "operators": {"NAME": "generalize"}},
        {"name": "t", "default_operator": "generalize"},
    ],
)
def test_generalize_is_only_accepted_for_age_and_zip(tmp_path, policy) -> None:
    import yaml

    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(policy))
    with pytest.raises(PolicyError, match="generalize"):
        load_policy(path)
