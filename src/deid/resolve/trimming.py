"""Trim a finding's edges: whitespace, punctuation, titles, possessives, everyday words."""

from __future__ import annotations

import re
from dataclasses import replace

from deid import lexicon as wordlists
from deid.model import Evidence, Finding, PhiType
from deid.resolve.text import WORD

_TRAILING = ".,;:!?\"')]}>\u201d\u2019"
_LEADING = " \t\r\n\"'([{<\u201c\u2018"
_TITLE = re.compile(rf"^(?:{wordlists.alternatives('trimmed_titles')})\.?\s+", re.IGNORECASE)
_FIELD_GAP = re.compile(r"\n|\t| {3,}")
_LOWER_ARTICLE = re.compile(r"the\s+")
_POSSESSIVE = re.compile(rf"{wordlists.POSSESSIVE}$", re.IGNORECASE)


def trim(text: str, finding: Finding) -> Finding | None:
    """Cut whitespace, punctuation, titles and possessives off a span's edges."""
    start, end = finding.start, finding.end
    while start < end and text[start] in _LEADING:
        if text[start] == "(" and ")" in text[start:end]:
            break  # "(555) 123-4567" keeps its own parentheses
        start += 1
    while end > start and (text[end - 1] in _TRAILING or text[end - 1].isspace()):
        if text[end - 1] == ")" and "(" in text[start:end]:
            break  # "(555) 123-4567" keeps its own parentheses
        end -= 1
    gap = _FIELD_GAP.search(text, start, end)
    if gap is not None:
        # an entity never runs across lines ("Mei-Ling Wu\nDOB") or a form's columns
        # ("Employer: Corvell Plastics   Insurance: ...")
        end = gap.start()
        while end > start and text[end - 1] in _TRAILING + " \t\r":
            end -= 1
    if finding.phi_type in (PhiType.ORGANIZATION, PhiType.LOCATION):
        article = _LOWER_ARTICLE.match(text, start, end)
        if article and article.end() < end:
            start = article.end()  # spaCy's "the Ohio Valley ... Program"; "The Home Depot" stays
    if finding.phi_type in (PhiType.NAME, PhiType.LOCATION):  # "Lowe's" is the store's name
        possessive = _POSSESSIVE.search(text, start, end)
        if possessive and possessive.end() == end and end - start > 2:
            end = possessive.start()
    if finding.phi_type is PhiType.NAME:
        title = _TITLE.match(text[start:end])
        if title and title.end() < end - start:
            start += title.end()
    if finding.phi_type is PhiType.NAME:
        start, end = _strip_cue_edges(text, start, end)  # "PER B. VOLKANIS" -> "B. VOLKANIS"
    if finding.phi_type is PhiType.NAME and finding.evidence is not Evidence.CONTEXT:
        start, end = _strip_common_edges(text, start, end)  # "Attends Lincoln" -> "Lincoln"
    if start >= end:
        return None
    if (start, end) == (finding.start, finding.end):
        return finding
    return replace(finding, start=start, end=end)


def _single_words(*lists: str) -> frozenset[str]:
    return frozenset(w.lower() for name in lists for w in wordlists.words(name) if " " not in w)


_CUES_BEFORE = _single_words("relations", "clinician_cues_before", "roles_before_names")
"""Words before a name that are never part of it: "son David", "per Volkanis", "NP Darla"."""
_CUES_AFTER = _single_words("credentials", "clinician_cues_after")
"""Words after a name that are never part of it: "Volkanis PA", "Marlow aware"."""


def trim_name_cues(text: str, finding: Finding) -> Finding:
    """A name without the cue and credential words at its edges, which a merged span can
    bring back ("B. VOLKANIS" by a rule inside spaCy's "B. VOLKANIS PA AWARE")."""
    if finding.phi_type is not PhiType.NAME:
        return finding
    start, end = _strip_cue_edges(text, finding.start, finding.end)
    if (start, end) == (finding.start, finding.end):
        return finding
    return replace(finding, start=start, end=end)


def _strip_cue_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop relation and clinician-cue words before a multi-word name, credentials and cues
    after it."""
    words = list(WORD.finditer(text, start, end))
    if not words:
        return start, end
    first, last = words[0], words[-1]
    while len(words) > 1 and (
        words[0].group(0).lower() in _CUES_BEFORE or _with_slash(text, words[0])
    ):
        words.pop(0)
    while len(words) > 1 and words[-1].group(0).lower() in _CUES_AFTER:
        words.pop()
    # only a dropped word moves an edge: "3429 W Main Lane" keeps its number
    return (
        words[0].start() if words[0] is not first else start,
        words[-1].end() if words[-1] is not last else end,
    )


def _with_slash(text: str, word: re.Match[str]) -> bool:
    """ "w/" (with), as in "checked w/MD Orlov": the shorthand, never an initial ("W. Orlov")."""
    return word.group(0).lower() == "w" and text[word.end() : word.end() + 1] == "/"


def _strip_common_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop everyday words at a name's edges: "Attends Lincoln" -> "Lincoln"."""
    words = list(WORD.finditer(text, start, end))
    while len(words) > 1 and is_plain_word(words[0].group(0)):
        words.pop(0)
    while len(words) > 1 and is_plain_word(words[-1].group(0)):
        words.pop()
    if not words:
        return start, end
    first, last = words[0].start(), words[-1].end()
    return (min(first, end) if first > start else start), (last if last < end else end)


_TITLE_WORDS = frozenset(w.lower() for w in wordlists.words("titles"))
_SALUTATION_WORDS = frozenset(w.lower() for w in wordlists.words("salutations") if " " not in w)


def strip_borrowed_edges(
    text: str, start: int, end: int, own_start: int, own_end: int
) -> tuple[int, int]:
    """A name that rules found (``own_start``..``own_end``) after a merge, less the everyday
    words and titles spaCy's guesses brought to its edges: "needs to be paced- dr halloran"
    around the title rule's "halloran", "Dr Oyelaran.there" around "Oyelaran". Listed names
    ("Hope" before "Alvarez") stay."""
    words = list(WORD.finditer(text, start, end))
    before = [w for w in words if w.end() <= own_start]
    after = [w for w in words if w.start() >= own_end]
    kept_before, kept_after = list(before), list(after)
    while kept_before and _borrowed(kept_before[0].group(0)):
        kept_before.pop(0)
    while kept_after and _borrowed(kept_after[-1].group(0)):
        kept_after.pop()
    if len(kept_before) < len(before):  # only a dropped word moves an edge
        start = kept_before[0].start() if kept_before else own_start
    if len(kept_after) < len(after):
        end = kept_after[-1].end() if kept_after else own_end
    return start, end


def _borrowed(word: str) -> bool:
    """A title or greeting ("Dear", a surname too), an everyday word that is no name, or one of
    the commonest words even when it is a surname too ("has", "been", "he"; not "Will" or
    "Hope", which are given names)."""
    lower = word.lower()
    if lower in _TITLE_WORDS or lower in _SALUTATION_WORDS or is_plain_word(word):
        return True
    rank = wordlists.common_word_rank().get(lower)
    return rank is not None and rank < 200 and lower not in wordlists.first_names()


def is_plain_word(word: str) -> bool:
    """An everyday word or an inflection of one ("Attends", "Reported"), or a clinical term
    ("LCSW", "Clinic"), and not a name."""
    lower = word.lower()
    if lower in wordlists.clinical_terms() or (len(word) == 1 and word.islower()):
        return True  # clinical words, and shorthand like "w" (with) in "staying w marty"
    return (
        wordlists.is_everyday_word(lower)
        and lower not in wordlists.first_names()
        and lower not in wordlists.surnames()
    )
