"""Operators: what each finding becomes in the output, chosen per type by the policy.

deid splices the note itself rather than calling presidio-anonymizer, because its operators need
note-level state (consistent ``[NAME_1]`` numbering, per-patient surrogates) and the audit needs
where each replacement lands in the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from deid.keys import Secret
from deid.model import Finding, Note, PhiType, Replacement, Result
from deid.policy import OperatorSpec, Policy
from deid.transform.operators.crypto import encrypt, hash_operator
from deid.transform.operators.dateshift import date_shift
from deid.transform.operators.generalize import generalize
from deid.transform.operators.surrogate import surrogate

_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)


def identity_key(phi_type: PhiType, text: str) -> tuple[PhiType, str]:
    """Two mentions are the same identifier if their normalised texts match ("Hope's" = "HOPE")."""
    normalised = " ".join(_POSSESSIVE.sub("", text).split()).casefold()
    return phi_type, normalised


@dataclass
class NoteContext:
    """State shared by the operators while one note is transformed."""

    note: Note
    policy: Policy
    secret: Secret
    tag_numbers: dict[tuple[PhiType, str], int] = field(default_factory=dict)
    surrogates: dict[tuple[str, str], str] = field(default_factory=dict)
    """(kind, normalised original) -> surrogate, so a value keeps one surrogate in the note."""
    encryption_key: bytes | None = None
    """Loaded on first use by the encrypt operator (from the environment or a key file)."""
    tags_used: dict[PhiType, set[int]] = field(default_factory=dict)
    """The tag numbers given out so far, per type (so a new one costs no scan of them all)."""
    name_parts: dict[str, list[tuple[frozenset[str], int]]] = field(default_factory=dict)
    """word -> (words, number) of each numbered name with that word, in numbering order."""


Operator = Callable[[str, Finding, OperatorSpec, NoteContext], str]


def tag(original: str, finding: Finding, spec: OperatorSpec, ctx: NoteContext) -> str:
    """``[NAME_1]``: numbered per type, the same identifier getting the same number in a note."""
    key = identity_key(finding.phi_type, original)
    if key not in ctx.tag_numbers:
        used = ctx.tags_used.setdefault(finding.phi_type, set())
        number = _number_of_fuller_name(key, ctx) or 1 + len(used)
        ctx.tag_numbers[key] = number
        used.add(number)
        if finding.phi_type is PhiType.NAME:
            parts = _name_parts(key[1])
            for part in parts:
                ctx.name_parts.setdefault(part, []).append((parts, number))
            if parts:
                ctx.name_parts.setdefault(_ANY_NAME, []).append((parts, number))
    return f"[{finding.phi_type.value}_{ctx.tag_numbers[key]}]"


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


def redact(original: str, finding: Finding, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Remove the identifier (or put the policy's fixed ``value`` in its place)."""
    return spec.value or ""


def mask(original: str, finding: Finding, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Keep the length and layout, hide every letter and digit."""
    return "".join(spec.char if ch.isalnum() else ch for ch in original)


def keep(original: str, finding: Finding, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Leave the identifier in place (e.g. dates in a limited data set); still audited."""
    return original


OPERATORS: dict[str, Operator] = {
    "tag": tag,
    "redact": redact,
    "mask": mask,
    "keep": keep,
    "surrogate": surrogate,
    "date_shift": date_shift,
    "generalize": generalize,
    "hash": hash_operator,
    "encrypt": encrypt,
}


def transform(note: Note, findings: Sequence[Finding], policy: Policy, secret: Secret) -> Result:
    """Apply the policy's operator to each (non-overlapping) finding, left to right."""
    ctx = NoteContext(note=note, policy=policy, secret=secret)
    pieces: list[str] = []
    replacements: list[Replacement] = []
    cursor = 0
    out_length = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            raise ValueError(f"note {note.note_id}: overlapping findings reached transform")
        spec = policy.operator_for(finding.phi_type)
        original = note.text[finding.start : finding.end]
        new_text = OPERATORS[spec.operator](original, finding, spec, ctx)
        gap = note.text[cursor : finding.start]
        pieces.extend((gap, new_text))
        out_start = out_length + len(gap)
        out_length = out_start + len(new_text)
        replacements.append(
            Replacement(finding, spec.operator, new_text, out_start, out_start + len(new_text))
        )
        cursor = finding.end
    pieces.append(note.text[cursor:])
    return Result(note_id=note.note_id, text="".join(pieces), replacements=tuple(replacements))
