"""The adapter that makes each deid operator a presidio-anonymizer ``Operator``.

An operator's logic is a plain function ``(original, phi_type, spec, ctx) -> new text``;
``DeidOperator`` wraps one for presidio. presidio builds a fresh operator object for every entity
and hands it only the entity's text and the params, so everything a note shares comes in the
params of the ``OperatorConfig``:

- ``context`` (required): the note's ``NoteContext`` (tag numbers, surrogates, the secret);
- ``spec``: the ``OperatorSpec`` with the operator's options (default: no options);
- ``phi_type``: the deid type to treat the entity as (default: presidio's ``entity_type``, which
  must then be a deid type name such as ``NAME``; give it for ``PERSON`` or ``DATE_TIME``).

Each answer is kept in the context (``ctx.decided``), so the same mention asked again, in
whatever order, gets the same text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar

from presidio_anonymizer.entities import InvalidParamError
from presidio_anonymizer.operators import Operator, OperatorType

from deid.model import PhiType
from deid.policy import OperatorSpec
from deid.transform.context import NoteContext

PRESIDIO_PREFIX = "deid_"
"""presidio knows deid's operators as ``deid_tag``, ``deid_surrogate``...: an engine that adds
them keeps its own ``mask``, ``hash``, ``encrypt``..."""

OperatorFunction = Callable[[str, PhiType, OperatorSpec, NoteContext], str]

_PHI_TYPES = {t.value: t for t in PhiType}


class DeidOperator(Operator):
    """Base of deid's presidio operators; a subclass names itself and its function."""

    name: ClassVar[str]
    """The policy's name for the operator, e.g. ``surrogate``."""
    apply: ClassVar[OperatorFunction]
    """The operator's logic (set with ``staticmethod``)."""

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        """The new text for ``text``: decided once per mention and note, then recalled."""
        params = params or {}
        ctx: NoteContext = params["context"]
        key = (self.name, str(params.get("entity_type")), text)
        if key not in ctx.decided:
            phi_type = _PHI_TYPES[params.get("phi_type") or params["entity_type"]]
            spec = params.get("spec") or _default_spec(self.name)
            ctx.decided[key] = self.apply(text, phi_type, spec, ctx)
        return ctx.decided[key]

    def validate(self, params: dict[str, Any] | None = None) -> None:
        """Refuse params that would make ``operate`` fail or guess (presidio calls this first)."""
        params = params or {}
        where = self.operator_name()
        if not isinstance(params.get("context"), NoteContext):
            raise InvalidParamError(
                f"{where} needs params['context']: the note's deid.transform.NoteContext"
            )
        spec = params.get("spec")
        if spec is not None and (not isinstance(spec, OperatorSpec) or spec.operator != self.name):
            raise InvalidParamError(
                f"{where}: params['spec'] must be a deid.policy.OperatorSpec for {self.name!r}"
            )
        phi_type = params.get("phi_type") or params.get("entity_type")
        if phi_type not in _PHI_TYPES:
            raise InvalidParamError(
                f"{where}: entity type {phi_type!r} is not a deid type; give params['phi_type'] "
                f"(one of {', '.join(_PHI_TYPES)})"
            )

    def operator_name(self) -> str:
        return PRESIDIO_PREFIX + self.name

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


@cache
def _default_spec(name: str) -> OperatorSpec:
    return OperatorSpec(operator=name)
