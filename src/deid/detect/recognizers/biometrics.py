"""Biometric identifiers (Safe Harbor item P): finger and voice prints, retina and iris scans,
facial-recognition templates and DNA profiles held as identifiers.

A note rarely contains the biometric itself, but it may name one that is on file
("voiceprint enrolled for phone ID", "fingerprint ID 44-2291"); the phrase and any id after it
are flagged. Everyday uses ("fingerprint-like rash", "her voice was soft") are not.
"""

from __future__ import annotations

import re

from presidio_analyzer import PatternRecognizer

from deid import lexicon
from deid.detect.recognizers.base import pattern
from deid.model import PhiType

BIOMETRIC = (
    r"(?:finger\s?prints?|thumb\s?prints?|palm\s?prints?|voice\s?prints?|retina(?:l)?\s+scans?"
    r"|iris\s+scans?|face\s?prints?|facial[\s-]+recognition|facial\s+geometry|dna\s+profiles?"
    r"|gait\s+signature)"
)
HELD_AS_ID = r"(?:\s+(?:" + lexicon.alternatives("biometric_held_words", space=r"\s+") + "))"


class BiometricRecognizer(PatternRecognizer):
    """A biometric named as an identifier, with the id that follows it when there is one."""

    PATTERNS = [
        pattern(
            "biometric_held_as_identifier",
            rf"\b{BIOMETRIC}{HELD_AS_ID}"
            r"(?:\s*(?:#|no\.?|:)?\s*(?=[a-z0-9-]*\d)[a-z0-9][a-z0-9-]{3,})?",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.BIOMETRIC.value,
            patterns=self.PATTERNS,
            name="BiometricRecognizer",
            global_regex_flags=re.IGNORECASE,
        )
