"""deid: de-identify clinical session notes offline, with a PHI-free audit trail."""

from deid.model import Finding, KnownIdentifiers, Note, PhiType, Replacement, Result
from deid.policy import Policy, load_policy

__version__ = "0.1.0"

__all__ = [
    "Deidentifier",
    "Finding",
    "KnownIdentifiers",
    "Note",
    "PhiType",
    "Policy",
    "Replacement",
    "Result",
    "load_policy",
]


def __getattr__(name: str):  # lazy: importing deid must not load spaCy
    if name == "Deidentifier":
        from deid.pipeline import Deidentifier

        return Deidentifier
    raise AttributeError(name)
