"""The simple operators: ``tag`` (consistently numbered), ``redact``, ``mask`` and ``keep``.

``tag`` is the one with note-level state: ``[NAME_1]`` is the first name met in reading order,
the same identifier keeps its number, and "Hope" after "Hope Alvarez" reuses the full name's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deid.model import PhiType
from deid.transform.context import NoteContext, identity_key
from deid.transform.operators.base import DeidOperator

if TYPE_CHECKING:
    from deid.policy import OperatorSpec


def tag(original: str, phi_type: PhiType, spec: OperatorSpec, ctx: NoteContext) -> str:
    """``[NAME_1]``: numbered per type, the same identifier getting the same number in a note."""
    key = identity_key(phi_type, original)
    if key not in ctx.tag_numbers:
        used = ctx.tags_used.setdefault(phi_type, set())
        number = _number_of_fuller_name(key, ctx) or 1 + len(used)
        ctx.tag_numbers[key] = number
        used.add(number)
        if phi_type is PhiType.NAME:
            parts = _name_parts(key[1])
            for part in parts:
                ctx.name_parts.setdefault(part, []).append((parts, number))
            if parts:
                ctx.name_parts.setdefault(_ANY_NAME, []).append((parts, number))
    return f"[{phi_type.value}_{ctx.tag_numbers[key]}]"


_ANY_NAME = "\x00any"  # not a word: the index entry listing every numbered name with words


def _name_parts(text: str) -> frozenset[str]:
    return frozenset(w.strip(".,;:") for w in text.split())


def _number_of_fuller_name(key: tuple[PhiType, str], ctx: NoteContext) -> int | None:
    """ "Hope" after "Hope Alvarez" is the same person: reuse the full name's number.

    The earliest numbered name whose words strictly include these; only the names sharing the
    rarest of these words are looked at.
    """
    phi_type, text = key
    if phi_type is not PhiType.NAME:
        return None
    parts = _name_parts(text)
    if parts:
        postings = min((ctx.name_parts.get(p, ()) for p in parts), key=len)
    else:
        postings = ctx.name_parts.get(_ANY_NAME, ())
    for other_parts, number in postings:
        if parts < other_parts:
            return number
    return None


def redact(original: str, phi_type: PhiType, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Remove the identifier (or put the policy's fixed ``value`` in its place)."""
    return spec.value or ""


def mask(original: str, phi_type: PhiType, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Keep the length and layout, hide every letter and digit."""
    return "".join(spec.char if ch.isalnum() else ch for ch in original)


def keep(original: str, phi_type: PhiType, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Leave the identifier in place (e.g. dates in a limited data set); still audited."""
    return original


class Tag(DeidOperator):
    name = "tag"
    apply = staticmethod(tag)


class Redact(DeidOperator):
    name = "redact"
    apply = staticmethod(redact)


class Mask(DeidOperator):
    name = "mask"
    apply = staticmethod(mask)


class Keep(DeidOperator):
    name = "keep"
    apply = staticmethod(keep)
