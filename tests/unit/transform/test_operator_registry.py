"""The registry maps every policy operator name to a presidio operator, and nothing else."""

from __future__ import annotations

import pytest
from presidio_anonymizer.entities import InvalidParamError
from presidio_anonymizer.operators import Operator

from deid.errors import PolicyError
from deid.keys import Secret
from deid.model import Note
from deid.policy import OPERATORS as POLICY_OPERATORS
from deid.policy import OperatorSpec, Policy
from deid.transform import NoteContext
from deid.transform.operators.base import PRESIDIO_PREFIX
from deid.transform.registry import OPERATORS, anonymizer_engine, operator_class

SECRET = Secret(b"synthetic-test-secret-0123456789", "env")


def test_policy_operator_names_are_the_registry_keys() -> None:
    assert set(POLICY_OPERATORS) == set(OPERATORS)


@pytest.mark.parametrize("name", POLICY_OPERATORS)
def test_every_policy_operator_resolves_to_a_presidio_operator(name: str) -> None:
    operator = operator_class(name)
    assert issubclass(operator, Operator) and operator.name == name
    assert operator().operator_name() == PRESIDIO_PREFIX + name
    assert PRESIDIO_PREFIX + name in anonymizer_engine().get_anonymizers()


def test_an_unknown_operator_name_is_a_clear_error() -> None:
    with pytest.raises(PolicyError, match="unknown operator 'scramble'; deid implements tag"):
        operator_class("scramble")


def test_presidios_own_operators_stay_in_the_engine() -> None:
    assert {"mask", "hash", "encrypt", "replace"} <= set(anonymizer_engine().get_anonymizers())


def _context() -> NoteContext:
    return NoteContext(Note("n", "Jane Roe"), Policy(name="t"), SECRET)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"entity_type": "NAME", "context": None}, "needs params\\['context'\\]"),
        ({"entity_type": "NAME", "context": "a dict?"}, "needs params\\['context'\\]"),
        ({"entity_type": "PERSON"}, "'PERSON' is not a deid type"),
        ({"entity_type": "NAME", "spec": OperatorSpec(operator="mask")}, "OperatorSpec for 'tag'"),
    ],
)
def test_params_are_validated(params: dict, message: str) -> None:
    params = {"context": _context(), **params}
    with pytest.raises(InvalidParamError, match=message):
        operator_class("tag")().validate(params)


def test_phi_type_param_names_the_deid_type_for_another_entity_type() -> None:
    tag = operator_class("tag")()
    params = {"context": _context(), "entity_type": "PERSON", "phi_type": "NAME"}
    tag.validate(params)
    assert tag.operate("Jane Roe", params) == "[NAME_1]"
