"""Policies are validated strictly: a typo must be an error, never silently ignored."""

import pytest

from deid.errors import PolicyError
from deid.model import PhiType
from deid.policy import DEFAULT_POLICY, load_policy


def write(tmp_path, body: str):
    path = tmp_path / "policy.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_default_policy_tags_every_type():
    policy = load_policy()
    assert policy.name == "safe_harbor"
    assert all(policy.operator_for(t).operator == "tag" for t in PhiType)


def test_digest_is_stable_and_changes_with_content(tmp_path):
    base = "name: p\noperators:\n  NAME: tag\n"
    assert load_policy(write(tmp_path, base)).digest == load_policy(write(tmp_path, base)).digest
    changed = load_policy(write(tmp_path, base.replace("tag", "mask")))
    assert changed.digest != load_policy(write(tmp_path, base)).digest


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("name: p\nthreshhold: 0.5\n", "threshhold"),
        ("name: p\noperators:\n  NAMES: tag\n", "unknown entity type 'NAMES'"),
        ("name: p\noperators:\n  NAME: scramble\n", "unknown operator 'scramble'"),
        ("name: p\ndefault_operator: blur\n", "unknown operator 'blur'"),
        ("name: p\nthreshold: 2\n", "threshold"),
        ("name: p\nlabel_map:\n  PATIENT: PERSONS\n", "unknown type 'PERSONS'"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("name: [unclosed\n", "not valid YAML"),
        ("description: no name\n", "name"),
    ],
)
def test_bad_policies_are_errors_that_name_the_problem(tmp_path, body, complaint):
    with pytest.raises(PolicyError) as error:
        load_policy(write(tmp_path, body))
    assert complaint in str(error.value)


def test_missing_policy_file_says_what_to_do(tmp_path):
    with pytest.raises(PolicyError, match="not found.*safe_harbor.yaml"):
        load_policy(tmp_path / "nope.yaml")


def test_default_policy_file_is_the_shipped_one():
    assert DEFAULT_POLICY.name == "safe_harbor.yaml" and DEFAULT_POLICY.is_file()
