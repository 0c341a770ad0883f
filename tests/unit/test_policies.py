"""Every shipped policy loads, validates and says what it does for every identifier type."""

from __future__ import annotations

from pathlib import Path

import pytest

from deid.model import PhiType
from deid.policy import CONFIG_DIR, OPERATORS, load_policy
from deid.transform.registry import OPERATORS as IMPLEMENTED

SHIPPED = sorted(Path(CONFIG_DIR).glob("*.yaml"))


def test_the_three_policies_ship() -> None:
    names = {path.stem for path in SHIPPED}
    assert {"safe_harbor", "case_study", "limited_data_set"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_policy_loads_and_covers_every_type(path: Path) -> None:
    policy = load_policy(path)
    assert policy.name == path.stem
    assert set(policy.operators) == set(PhiType), "name an operator for every type explicitly"
    for spec in (policy.default_operator, *policy.operators.values()):
        assert spec.operator in IMPLEMENTED


def test_every_allowed_operator_is_implemented() -> None:
    assert set(OPERATORS) == set(IMPLEMENTED)


def test_case_study_uses_surrogates_and_date_shifting() -> None:
    policy = load_policy(CONFIG_DIR / "case_study.yaml")
    assert policy.operator_for(PhiType.DATE).operator == "date_shift"
    assert policy.operator_for(PhiType.AGE).operator == "generalize"
    assert policy.operator_for(PhiType.NAME).operator == "surrogate"
    kept = [t for t, spec in policy.operators.items() if spec.operator == "keep"]
    assert kept == []


def test_limited_data_set_keeps_only_what_hipaa_allows() -> None:
    policy = load_policy(CONFIG_DIR / "limited_data_set.yaml")
    kept = {t for t, spec in policy.operators.items() if spec.operator == "keep"}
    assert kept == {PhiType.DATE, PhiType.AGE, PhiType.LOCATION, PhiType.ZIP}
    assert policy.operator_for(PhiType.STREET).operator != "keep"
    assert policy.default_operator.operator != "keep"
