"""Propagation: every other mention of a name or identifier found once, or known in advance."""

from __future__ import annotations

import re
from collections.abc import Sequence

from deid import lexicon as wordlists
from deid.detect.casing import CaseMode
from deid.model import Evidence, Finding, KnownIdentifiers, PhiType
from deid.resolve.text import starts_sentence
from deid.resolve.trimming import is_plain_word

PROPAGATED_TYPES = frozenset(PhiType) - {PhiType.DATE, PhiType.AGE}
"""Types whose exact text is searched for again; dates are too short and generic ("5/6")."""


def _search_terms(text: str, findings: Sequence[Finding], known: KnownIdentifiers):
    """(term, type, score, evidence) to look for again: whole findings, name parts, known
    identifiers."""
    copy, known_copy = Evidence.PROPAGATION, Evidence.KNOWN
    for finding in findings:
        if finding.phi_type not in PROPAGATED_TYPES:
            continue
        surface = text[finding.start : finding.end]
        yield surface, finding.phi_type, finding.score, copy
        if finding.phi_type is PhiType.NAME:
            for part in re.split(r"[\s,]+", surface):
                part = part.strip(".")
                # a span a context name shares with a longer finding ("CONTACT BROTHER X VIA
                # SW DEPARTMENT") has everyday words in it: alone they would redact every
                # "contact" in the note; the whole span is still searched for as written
                if len(part) >= 2 and not is_plain_word(part):
                    yield part, PhiType.NAME, finding.score, copy
    for name in known.names:
        yield name, PhiType.NAME, 1.0, known_copy
        for part in re.split(r"[\s,]+", name):  # "Bramble, Alice" -> Bramble, Alice
            part = part.strip(".")
            if len(part) >= 2:
                yield part, PhiType.NAME, 1.0, known_copy
    for identifier in known.identifiers:
        yield identifier, PhiType.OTHER_ID, 1.0, known_copy
    for date in known.dates:
        yield date, PhiType.DATE, 1.0, known_copy
    for phi_type, value in known.typed:
        yield value, phi_type, 1.0, known_copy


_SUBJECT_FOLLOWS = re.compile(
    rf"{wordlists.POSSESSIVE}\b|[ \t]+(?:{wordlists.alternatives('subject_followers')})\b",
    re.IGNORECASE,
)


_DATE_CUE_BEFORE = re.compile(
    rf"(?:\b(?:{wordlists.alternatives('calendar_cues')})[ \t]+|-)$", re.IGNORECASE
)


def _calendar_use(text: str, term: str, start: int, end: int) -> bool:
    """A month-name name used as a month: after a date cue ("every May") or before a day."""
    if term.lower() not in wordlists.months():
        return False
    before = text[max(0, start - 12) : start]
    after = text[end : end + 4]
    return bool(_DATE_CUE_BEFORE.search(before)) or after.strip()[:1].isdigit()


def propagate(
    text: str, findings: Sequence[Finding], mode: CaseMode, known: KnownIdentifiers
) -> list[Finding]:
    """Every other mention of an identifier found once (or known in advance) in the note.

    A mention is the term as a whole word: not after a letter, digit, ``_``, ``@``, ``.`` or
    ``-``, not before a letter, digit, ``_``, ``@``, ``-`` or a dot and a letter; in any case,
    except everyday words that are names ("Will", "Hope"), which in a mixed-case note match only
    as written. The note is scanned once for all terms (``_mentions``), not once per term.
    """
    terms: list[tuple[str, PhiType, float, Evidence, bool, bool]] = []
    seen: set[tuple[str, PhiType]] = set()
    for term, phi_type, score, evidence in _search_terms(text, findings, known):
        if (term, phi_type) in seen or len(term) < 2:
            continue
        seen.add((term, phi_type))
        # everyday words that are names ("Will", "Hope") only match as written, capitalised
        common = wordlists.is_common_word(term) and phi_type is PhiType.NAME
        ignore_case = mode is not CaseMode.MIXED or not common
        if common and mode is CaseMode.MIXED and not term[:1].isupper():
            continue
        terms.append((term, phi_type, score, evidence, ignore_case, common))
    added: list[Finding] = []
    mentions = _mentions(text, [(term, ignore_case) for term, *_, ignore_case, _ in terms])
    for (term, phi_type, score, evidence, _, common), spans in zip(terms, mentions, strict=True):
        for start, end in spans:
            if phi_type is PhiType.NAME and _calendar_use(text, term, start, end):
                continue  # "Aunt May visits every May": the second May is a month
            if common and starts_sentence(text, start) and not _SUBJECT_FOLLOWS.match(text, end):
                continue  # "Frank discussion about...", "Mark on left forearm"
            rule = f"propagated:{phi_type}"
            added.append(Finding(start, end, phi_type, score, "Propagation", rule, evidence))
    return added


_WORD_AT_START = re.compile(r"\w+")
_WORD_MENTION_START = re.compile(r"(?<![\w@.-])\w+")
_MENTION_BEFORE = r"(?<![\w@.-])"
_MENTION_AFTER = re.compile(r"(?![\w@-]|\.\w)")


def _fold(text: str) -> str:
    """A case key at least as loose as ``re.IGNORECASE``, which also matches dotted and dotless
    i with i (casefold alone keeps them apart)."""
    return text.casefold().replace("i\u0307", "i").replace("\u0131", "i")


def _mentions(text: str, terms: Sequence[tuple[str, bool]]) -> list[list[tuple[int, int]]]:
    r"""(start, end) of each (term, ignore_case)'s mentions in ``text``, left to right, not
    overlapping: what ``re.finditer`` of ``(?<![\w@.-])TERM(?![\w@-]|\.\w)`` finds, term by
    term, in one pass over the note's words.

    Terms are indexed by their first word (or first character, when it is not a word
    character); a mention must start with that whole word, so each word of the note is looked
    up once and only the terms that start with it are checked there.
    """
    by_word: dict[str, list[int]] = {}
    by_char: dict[str, list[int]] = {}
    for index, (term, _) in enumerate(terms):
        first = _WORD_AT_START.match(term)
        if first:
            by_word.setdefault(_fold(first.group(0)), []).append(index)
        else:
            by_char.setdefault(_fold(term[0]), []).append(index)
    candidates: list[list[int]] = [[] for _ in terms]
    if by_word:
        for match in _WORD_MENTION_START.finditer(text):
            for index in by_word.get(_fold(match.group(0)), ()):
                candidates[index].append(match.start())
    if by_char:
        starts = "".join(sorted({term[0] for term, _ in terms if not _WORD_AT_START.match(term)}))
        char_start = re.compile(rf"{_MENTION_BEFORE}[{re.escape(starts)}]", re.IGNORECASE)
        for match in char_start.finditer(text):
            for index in by_char.get(_fold(match.group(0)), ()):
                candidates[index].append(match.start())
    found: list[list[tuple[int, int]]] = []
    for (term, ignore_case), starts_at in zip(terms, candidates, strict=True):
        spans: list[tuple[int, int]] = []
        last_end = 0
        for start in starts_at:
            if start < last_end:
                continue  # finditer does not return overlapping matches
            end = _mention_end(text, term, start, ignore_case)
            if end is not None:
                spans.append((start, end))
                last_end = end
        found.append(spans)
    return found


def _mention_end(text: str, term: str, start: int, ignore_case: bool) -> int | None:
    """Where a mention of ``term`` at ``start`` ends, or None when there is none there (the
    boundary before ``start`` is already checked)."""
    end = start + len(term)
    piece = text[start:end]
    if not ignore_case:
        same = piece == term
    elif piece.isascii() and term.isascii():
        same = piece.lower() == term.lower()  # what re.IGNORECASE does on ASCII
    else:
        match = _mention_pattern(term).match(text, start)
        return match.end() if match else None
    return end if same and _MENTION_AFTER.match(text, end) else None


def _mention_pattern(term: str) -> re.Pattern[str]:
    """The whole-mention pattern, for the rare non-ASCII case-insensitive comparison."""
    return re.compile(rf"{_MENTION_BEFORE}{re.escape(term)}(?![\w@-]|\.\w)", re.IGNORECASE)
