"""Case handling shared by the recognizers and the pipeline.

Terse nursing notes come in ALL CAPS and quick notes in all lower case; both defeat spaCy's NER
and any rule that looks for capitalised names. ``case_mode`` tells which a note is, and
``recase_for_ner`` writes a same-length copy with known names capitalised and other words
lowered, so spaCy's offsets still match the original. (Capitalising every unknown word too was
measured on the tune split: terse recall 0.994 -> 0.993 without it, precision 0.850 -> 0.880.)
"""

from __future__ import annotations

import re
from enum import StrEnum

from deid import lexicon as wordlists

WORD = re.compile(r"[^\W\d_][^\W\d_'\-]*")


class CaseMode(StrEnum):
    MIXED = "mixed"
    UPPER = "upper"
    LOWER = "lower"


def case_mode(text: str) -> CaseMode:
    """Classify a note by the share of its letters that are upper case.

    The pipeline calls this once per note and hands the mode to every recognizer and to
    ``resolve``, so each window of a long note is read in the whole note's case.
    """
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return CaseMode.MIXED
    upper = sum(c.isupper() for c in letters) / len(letters)
    if upper > 0.7:
        return CaseMode.UPPER
    if upper < 0.03:
        return CaseMode.LOWER
    return CaseMode.MIXED


def looks_like_name(word: str) -> bool:
    """A word that is a known given or family name and not an everyday or clinical word."""
    lower = wordlists.strip_possessive(word.lower())
    if len(lower) < 2 or lower in wordlists.clinical_terms() or wordlists.is_common_word(lower):
        return False
    return lower in wordlists.first_names() or lower in wordlists.surnames()


def recase_for_ner(text: str, mode: CaseMode | None = None) -> str:
    """Same-length copy of an ALL CAPS or lower-case note that reads like normal prose."""
    if (mode or case_mode(text)) is CaseMode.MIXED:
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        return word[0].upper() + word[1:].lower() if looks_like_name(word) else word.lower()

    return WORD.sub(fix, text)
