"""Grow an organisation finding to the whole name it is part of.

Recognizers often see only part of a long organisation name: spaCy stops at a connector
("Bluepine Center for Anxiety" of "... and OCD"), a head-word rule stops at the last head it
knows ("Lakeview Counseling" of "... Collective"), a place rule takes the town alone. Every
word left out is an identifier left in the note. In a mixed-case note the name is the run of
capitalised words around the finding, joined by lower-case connectors ("of", "for", "and",
"of the") that are followed by another capitalised word or an acronym ("and OCD"); the run stops
at punctuation, a line break, a lower-case word, a sentence start, a weekday or month, or a
title ("Dr."). "on", "to" and "at" are not connectors: "Thilar Construction on Nov 19" is a
name and a date. In an ALL CAPS or lower-case note, and for a finding in capitals (a heading),
where capitals say nothing, it grows only over organisation head words ("HATCHER" +
"MEMORIAL").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from deid.detect.casing import CaseMode
from deid.lexicon import months_and_days
from deid.lexicon.loader import words
from deid.model import Finding, PhiType
from deid.resolve.text import starts_sentence

_CONNECTORS = ("of the", "of", "for the", "for", "and", "&")
_CONNECTOR = "|".join(re.escape(c) for c in _CONNECTORS)
_TITLE_WORD = r"[A-Z][a-z][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
_ACRONYM = r"[A-Z]{2,5}\b"
_RIGHT = re.compile(rf" (?:({_TITLE_WORD})|(?:{_CONNECTOR}) ({_TITLE_WORD}|{_ACRONYM}))")
_LEFT = re.compile(rf"(?<![\w'’.-])({_TITLE_WORD}|\d+(?:st|nd|rd|th))(?: (?:{_CONNECTOR}))? $")
_ANY_CASE_WORD = re.compile(r" ([^\W\d_][\w'’-]*)")


@cache
def _stop_words() -> frozenset[str]:
    """Capitalised words that end a name rather than continue it."""
    stops = words("titles") | words("salutations") | words("relations")
    return frozenset(w.lower().rstrip(".") for w in stops) | months_and_days() | {"i", "the"}


@cache
def _head_words() -> frozenset[str]:
    heads = words("org_heads") | words("hospital_name_ends")
    return frozenset(h.lower() for head in heads for h in head.split())


def grow_organisations(text: str, findings: Sequence[Finding], mode: CaseMode) -> list[Finding]:
    """The findings, each organisation grown over the rest of its name (order kept)."""
    return [_grow(text, f, mode) if f.phi_type is PhiType.ORGANIZATION else f for f in findings]


def _grow(text: str, finding: Finding, mode: CaseMode) -> Finding:
    start, end = finding.start, finding.end
    if mode is CaseMode.MIXED and not text[start:end].isupper():
        while (match := _RIGHT.match(text, end, min(len(text), end + 40))) and _continues(
            text, match.start(match.lastindex), match.group(match.lastindex)
        ):
            if match.group(0).startswith(" and ") and len(text[start:end].split()) < 3:
                break  # "Oxycontin and Ativan" is a list; "Center for Anxiety and OCD" a name
            end = match.end(match.lastindex)
        while (match := _LEFT.search(text, max(0, start - 40), start)) and _continues(
            text, match.start(1), match.group(1)
        ):
            start = match.start(1)
    else:
        while (match := _ANY_CASE_WORD.match(text, end)) and match.group(1).lower() in (
            _head_words()
        ):
            end = match.end(1)
    if (start, end) == (finding.start, finding.end):
        return finding
    return replace(finding, start=start, end=end)


def _continues(text: str, offset: int, word: str) -> bool:
    """Whether a capitalised word at ``offset`` belongs to the name beside it."""
    if word.rstrip(".").lower() in _stop_words():
        return False
    return not starts_sentence(text, offset)
