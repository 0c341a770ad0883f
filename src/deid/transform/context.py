"""Per-note state the operators share, and when two mentions are the same identifier.

A leaf module (it imports only ``deid.model``, ``deid.policy``, ``deid.keys`` and
``deid.lexicon``): every operator imports it, and it imports no operator, so the operators, the
registry and the engine form no circle. The context travels to deid's presidio operators in
their params (``"context"``), which is how note-level state (``[NAME_1]`` numbering, one
surrogate per value, the patient's date shift) survives presidio creating a fresh operator
object for every entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from deid import lexicon
from deid.keys import Secret
from deid.model import Note, PhiType
from deid.policy import Policy

_POSSESSIVE = re.compile(rf"{lexicon.POSSESSIVE}$", re.IGNORECASE)


def identity_key(phi_type: PhiType, text: str) -> tuple[PhiType, str]:
    """Two mentions are the same identifier if their normalised texts match ("Hope's" = "HOPE")."""
    normalised = " ".join(_POSSESSIVE.sub("", text).split()).casefold()
    return phi_type, normalised


@dataclass
class NoteContext:
    """State shared by the operators while one note is transformed (one context per note)."""

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
    decided: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(operator, entity type, original) -> new text: what an operator gave a mention, so asking
    again (presidio asks from the end of the note) returns the reading-order answer."""


def scope_of(ctx: NoteContext) -> str:
    """Whose identity keys the derivation: the patient when known, else the single note."""
    note = ctx.note
    return f"patient:{note.patient_id}" if note.patient_id else f"note:{note.note_id}"
