"""Allow lists: findings that are clinical vocabulary, generic words or deid's own tags."""

from __future__ import annotations

import re

from deid import lexicon as wordlists
from deid.detect.casing import CaseMode
from deid.model import GUESSES, Evidence, Finding, PhiType
from deid.resolve.text import WORD, starts_sentence

_NAME_LIKE = frozenset({PhiType.NAME, PhiType.ORGANIZATION, PhiType.LOCATION})
_NOT_PLACES = wordlists.us_states() | wordlists.words("not_places")

_GENERIC_HEADS = wordlists.words("generic_heads")
_ROLES = wordlists.words("clinician_roles")
_HEADER_WORDS = wordlists.words("header_words")
_EPONYM_HEADS = wordlists.words("eponym_heads")
_NEXT_WORD = re.compile(rf"(?:{wordlists.POSSESSIVE})?[ \t]+([A-Za-z]+)")


_PLACE_CUE_BEFORE = re.compile(
    rf"\b(?i:{wordlists.alternatives('place_cues')})[ \t]+(?:the[ \t]+)?$"
)
_LAB_VALUE_AFTER = re.compile(r"[ \t]*[:=]?[ \t]*\d+(?:\.\d+)?\b")


_TAG = re.compile(r"\[[A-Z][A-Z_]*_\d+\]")


def _inside_tag(text: str, finding: Finding) -> bool:
    """deid's own ``[NAME_1]`` tags are never identifiers (redacting twice changes nothing)."""
    opening = text.rfind("[", max(0, finding.start - 20), finding.start + 1)
    if opening == -1:
        return False
    tag = _TAG.match(text, opening)
    return tag is not None and tag.start() <= finding.start and finding.end <= tag.end()


def _is_term(word: str, terms: frozenset[str]) -> bool:
    return word in terms or all(part in terms for part in word.split("/") if part)


_PROGRAM_HEADS = wordlists.words("program_heads")


def _named_program(surface: str) -> bool:
    """A programme named for its place or its owner, not for what it does: "Lake Wendall Senior
    Meals Program", "the Harlow Valley Recovery Program" (a town, a state, a name, or a word in no
    dictionary, capitalised before the head); "Intensive Outpatient Program" is generic."""
    words = WORD.findall(surface)
    if len(words) < 2 or words[-1].lower() not in _PROGRAM_HEADS:
        return False
    return any(_names_a_place_or_owner(word) for word in words[:-1])


def _names_a_place_or_owner(word: str) -> bool:
    lower = word.lower()
    if not word[:1].isupper() or lower in wordlists.clinical_terms():
        return False
    if lower in wordlists.us_states() or lower in wordlists.countries():
        return True
    if wordlists.is_common_word(lower, top=5_000):
        return False  # "Senior", "Family", "Recovery"
    return wordlists.is_listed_name_or_town(lower) or not wordlists.looks_like_vocabulary(lower)


def uncorroborated_vocabulary(text: str, finding: Finding, mode: CaseMode) -> bool:
    """A guess (spaCy's or a name list's) on one ordinary word ("wean", "soft", "Foley"), or on
    a phrase of ordinary words in no name list, with nothing to confirm it: not capitalised
    inside a sentence of a mixed-case note, no title, relation or form label (those are context
    evidence, which never reaches here)."""
    start = finding.start
    surface = text[start : finding.end]
    if finding.evidence not in GUESSES:
        return False
    words = WORD.findall(surface)
    if len(words) > 1:
        return _ordinary_phrase(words, mode)
    if len(words) != 1 or len(words[0]) < 3:  # initials such as "JM" stand
        return False
    (word,) = words
    if not wordlists.looks_like_vocabulary(word):  # "wean", or "gluccose" for "glucose"
        return False
    if mode is CaseMode.MIXED and word.isupper():
        return False  # an acronym in a mixed-case note ("APD", "SSA") may well be an agency
    if mode is not CaseMode.MIXED or not word[:1].isupper():
        return True
    lower = wordlists.strip_possessive(word.lower())
    if (
        finding.phi_type is not PhiType.ORGANIZATION
        and not wordlists.is_listed_name_or_town(lower)
        and not (
            finding.phi_type is PhiType.LOCATION
            and _PLACE_CUE_BEFORE.search(text, max(0, start - 30), start)
        )
    ):
        return True  # "on Dopamine gtt": a capital confirms only a word some list has as a name,
        # or a place after "in", "from" ("lives in Toburg")
    # capitalised in a mixed-case note: that confirms it inside a sentence, and at a sentence's
    # start too for a given name ("Art drew a map"), never for a surname-like word ("Foley")
    given = lower in wordlists.first_names()
    return starts_sentence(text, start) and not given


def _ordinary_phrase(words: list[str], mode: CaseMode) -> bool:
    """A guess of several words, each an ordinary word in no name list ("wean neo", "sero
    sang", "carevue flowsheet"): nothing about it is a name unless a mixed-case note
    capitalises it at both ends ("Legal Aid of the Tidewater"). "Ada Fish" has a given name."""
    for word in words:
        lower = wordlists.strip_possessive(word.lower())
        if len(word) < 2 or not wordlists.looks_like_vocabulary(word):
            return False
        if lower in wordlists.first_names() or wordlists.is_surname_more_than_word(lower):
            return False
    capitalised = words[0][:1].isupper() and words[-1][:1].isupper()
    return not (mode is CaseMode.MIXED and capitalised)


def is_allowed(text: str, finding: Finding, mode: CaseMode, extra: frozenset[str]) -> bool:
    """True when a finding is clinical vocabulary or a generic word, not an identifier."""
    surface = text[finding.start : finding.end]
    lower = surface.lower()
    if lower in extra or _inside_tag(text, finding):
        return True
    if finding.evidence is Evidence.CONTEXT:
        return False  # a title or relation said it is a name: "Dr. Beck" stays a name
    words = lower.split()
    terms = wordlists.clinical_terms()
    if lower in terms or (words and all(_is_term(w.strip(".,"), terms) for w in words)):
        return True  # "CAD s/p CABG", "GI/GU"
    if finding.phi_type in _NAME_LIKE:
        if uncorroborated_vocabulary(text, finding, mode):
            return True
        if finding.phi_type is PhiType.LOCATION and (
            lower in _NOT_PLACES or lower in wordlists.countries()
        ):
            return True
        if finding.phi_type is PhiType.ORGANIZATION and _HEADER_WORDS & set(words):
            return True  # "Initial Assessment - Behavioral Health", "RN Progress Note - ..."
        if words and words[-1].strip(".,") in _GENERIC_HEADS and not _named_program(surface):
            return True  # "the Beck Anxiety Inventory", "Therapy Note", "Refugee Program"
        following = _NEXT_WORD.match(text, finding.end)
        if following and following.group(1).lower() in _EPONYM_HEADS:
            return True  # "Sjogren's syndrome", "Epstein-Barr virus", "Beck Depression"
        if finding.phi_type is PhiType.NAME and any(ch.isdigit() for ch in surface):
            return True
        if finding.phi_type is PhiType.NAME and lower.rstrip(".") in _ROLES:
            return True  # "HO AWARE", "paged MD": a role; a title rule keeps "Dr. Ho"
        if (
            finding.evidence in GUESSES
            and len(surface) <= 3
            and _LAB_VALUE_AFTER.match(text, finding.end)
        ):
            return True  # "Li 0.9, Cr 0.8": lab names before their values
        if finding.evidence is Evidence.NER and mode is CaseMode.MIXED and surface.islower():
            return True  # spaCy's lower-case "café" in a mixed-case note; context rules still run
        if (
            finding.evidence in GUESSES  # not a signature line "DW": that is a pattern
            and mode is CaseMode.MIXED
            and surface.isupper()
            and len(surface) <= 5
        ):
            return True  # "GAD", "CBT", "ED" in a mixed-case note are abbreviations
        if not any(ch.isalpha() for ch in surface):
            return True
    return False
