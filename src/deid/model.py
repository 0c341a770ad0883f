"""The data types that flow through deid: notes in, findings, replacements, results out.

Kept free of logic beyond self-validation so every stage can share them without importing
each other (read -> detect -> resolve -> transform -> write).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PhiType(StrEnum):
    """One enum for every identifier category deid knows (HIPAA Safe Harbor plus ORGANIZATION)."""

    NAME = "NAME"
    DATE = "DATE"
    AGE = "AGE"
    PHONE = "PHONE"
    FAX = "FAX"
    EMAIL = "EMAIL"
    URL = "URL"
    SOCIAL_HANDLE = "SOCIAL_HANDLE"
    IP = "IP"
    SSN = "SSN"
    MRN = "MRN"
    HEALTH_PLAN = "HEALTH_PLAN"
    ACCOUNT = "ACCOUNT"
    LICENSE = "LICENSE"
    VEHICLE = "VEHICLE"
    DEVICE = "DEVICE"
    STREET = "STREET"
    LOCATION = "LOCATION"
    ZIP = "ZIP"
    ORGANIZATION = "ORGANIZATION"
    IMAGE = "IMAGE"
    BIOMETRIC = "BIOMETRIC"
    OTHER_ID = "OTHER_ID"


class Evidence(StrEnum):
    """What a finding rests on; ``resolve`` weighs findings by this, never by recognizer name."""

    NER = "ner"
    """spaCy's entity guess, nothing else behind it."""
    WORDLIST = "wordlist"
    """A word found in a list (a known given name), with no context to confirm it."""
    PATTERN = "pattern"
    """A shape or a labelled value: "MRN: 00482913", "4/17/1958", a signature line of initials."""
    CONTEXT = "context"
    """Words around it say what it is: a title, a relation, a form label ("sister Maya")."""
    PROPAGATION = "propagation"
    """Another mention, in the same note, of something found by other evidence."""
    KNOWN = "known"
    """An identifier the caller gave for this patient (``KnownIdentifiers``)."""


GUESSES = frozenset({Evidence.NER, Evidence.WORDLIST})
"""Evidence that is a guess: it yields to a pattern or a context rule over the same words."""
COPIES = frozenset({Evidence.PROPAGATION, Evidence.KNOWN})
"""Evidence that copies a term: it never names the source of a finding when a real one exists."""


@dataclass(frozen=True)
class KnownIdentifiers:
    """Identifiers the caller already knows for this note's patient (name, MRN, DOB...).

    They are found wherever they occur in the note even if no recognizer fires on them, each
    as written (in any case, except an everyday word used as a name): a date or an address is
    searched in the spellings given here only (``deid.io.known`` turns a table cell into the
    usual spellings, name orders and address parts).
    """

    names: tuple[str, ...] = ()
    """People's names, whole ("Alice Bramble", "Bramble, Alice") and by each word."""
    identifiers: tuple[str, ...] = ()
    """Identifiers of no particular kind (OTHER_ID)."""
    dates: tuple[str, ...] = ()
    typed: tuple[tuple[PhiType, str], ...] = ()
    """Identifiers of a given type: ``(PhiType.MRN, "00482913")``, ``(PhiType.STREET, "12
    Orchard Lane")``; found as that type."""


@dataclass(frozen=True)
class Note:
    """One clinical note to de-identify."""

    note_id: str
    text: str
    patient_id: str | None = None
    known: KnownIdentifiers = field(default_factory=KnownIdentifiers)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"note {self.note_id!r}: text must be a string")


@dataclass(frozen=True)
class Finding:
    """A span of the original note judged to be an identifier.

    The text itself is never stored here: it is ``note.text[start:end]``.
    """

    start: int
    end: int
    phi_type: PhiType
    score: float
    recognizer: str
    rule: str = ""
    evidence: Evidence = Evidence.PATTERN

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Replacement:
    """What a finding became in the output, and where it landed there."""

    finding: Finding
    operator: str
    new_text: str
    out_start: int
    out_end: int


@dataclass(frozen=True)
class Result:
    """The de-identified note plus everything needed to audit it."""

    note_id: str
    text: str
    replacements: tuple[Replacement, ...]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None
