"""Operator name (as a policy writes it) -> deid's presidio operator, and the engine that runs them.

The one place that maps names to implementations: ``deid.policy.OPERATORS`` lists the names a
policy may write, and a test keeps the two the same set.
"""

from __future__ import annotations

from functools import cache

from presidio_anonymizer import AnonymizerEngine

from deid.errors import PolicyError
from deid.transform.operators.base import DeidOperator
from deid.transform.operators.basic import Keep, Mask, Redact, Tag
from deid.transform.operators.crypto import Encrypt, Hash
from deid.transform.operators.dateshift import DateShift
from deid.transform.operators.generalize import Generalize
from deid.transform.operators.surrogate import Surrogate

OPERATORS: dict[str, type[DeidOperator]] = {
    operator.name: operator
    for operator in (Tag, Redact, Mask, Keep, Surrogate, DateShift, Generalize, Hash, Encrypt)
}


def operator_class(name: str) -> type[DeidOperator]:
    """The operator a policy names; an unknown name is an error, never a silent default."""
    try:
        return OPERATORS[name]
    except KeyError:
        raise PolicyError(
            f"unknown operator {name!r}; deid implements {', '.join(OPERATORS)}"
        ) from None


@cache
def anonymizer_engine() -> AnonymizerEngine:
    """A presidio ``AnonymizerEngine`` with every deid operator added (one per process)."""
    engine = AnonymizerEngine()
    for operator in OPERATORS.values():
        engine.add_anonymizer(operator)
    return engine
