"""deid's vocabulary: word lists that ship as data (``data/*.txt``, each with its source, licence
and an exceptions file) and the name lists read from installed packages (``names``). Each list
loads once per process (before workers fork), for O(1) membership tests.

``entries``/``words``/``rows`` read any list by name; the functions below are the typed views
callers use.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from deid.lexicon.loader import alternation, alternatives, entries, exceptions, rows, words
from deid.lexicon.names import (
    FAKER_LOCALES,
    census,
    census_rank,
    faker_person_values,
    first_names,
    surnames,
)

__all__ = [
    "FAKER_LOCALES",
    "POSSESSIVE",
    "alternation",
    "alternatives",
    "census",
    "census_rank",
    "clinical_terms",
    "common_word_rank",
    "countries",
    "entries",
    "exceptions",
    "faker_person_values",
    "first_names",
    "is_common_word",
    "is_everyday_word",
    "looks_medical",
    "month_abbreviations",
    "months",
    "months_and_days",
    "number_words",
    "rows",
    "strip_possessive",
    "surnames",
    "us_cities",
    "us_state_abbreviations",
    "us_states",
    "weekday_abbreviations",
    "weekdays",
    "words",
    "world_cities",
]

POSSESSIVE = "['\u2019]s"
"""The possessive ending, straight or curly apostrophe ("Hope's", "Hope’s"), as a regex."""


def strip_possessive(word: str) -> str:
    """ "Hope's" -> "Hope" (straight or curly apostrophe)."""
    return word.removesuffix("'s").removesuffix("\u2019s")


# ---- calendar and numbers -------------------------------------------------------------------


@cache
def months() -> tuple[str, ...]:
    """Month names in calendar order, lower-case."""
    return tuple(row[0] for row in rows("months"))


@cache
def month_abbreviations() -> tuple[str, ...]:
    """Month abbreviations in calendar order, longest first per month ("sept", "sep")."""
    return tuple(form for row in rows("months") for form in row[1:])


@cache
def weekdays() -> tuple[str, ...]:
    """Weekday names from Monday, lower-case."""
    return tuple(row[0] for row in rows("weekdays"))


@cache
def weekday_abbreviations() -> tuple[str, ...]:
    """Weekday abbreviations from Monday, longest first per day ("tues", "tue")."""
    return tuple(form for row in rows("weekdays") for form in row[1:])


@cache
def months_and_days() -> frozenset[str]:
    """Every month and weekday name and abbreviation ("may", "sept", "thurs")."""
    return frozenset((*months(), *month_abbreviations(), *weekdays(), *weekday_abbreviations()))


@cache
def number_words() -> dict[str, int]:
    """Number words -> value, "zero" to "nineteen", then the tens to "ninety"."""
    return {word: int(value) for word, value in rows("number_words")}


# ---- places ---------------------------------------------------------------------------------


@cache
def us_states() -> frozenset[str]:
    """US state names, the District of Columbia and Puerto Rico, lower-case."""
    return words("us_states")


def us_state_abbreviations() -> tuple[str, ...]:
    """USPS abbreviations of the states, DC and Puerto Rico, upper-case, in file order."""
    return entries("us_state_abbreviations")


@cache
def countries() -> frozenset[str]:
    """Country names (Faker's list, plus data/countries.txt): not identifiers under Safe Harbor."""
    from faker.providers.address.en_US import Provider

    faker = frozenset(c.lower() for c in Provider.countries) - exceptions("countries")
    return faker | words("countries")


@cache
def world_cities() -> frozenset[str]:
    """Cities outside the US (GeoNames, population >= 15,000), lower-case, with and without
    accents ("gdańsk" and "gdansk")."""
    found = {city.lower() for city in entries("world_cities")}
    return frozenset(found | {_fold(city) for city in found})


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def us_cities() -> frozenset[str]:
    """US city and town names (GeoNames, population >= 1,000; see data/us_cities.txt)."""
    return frozenset(city.lower() for city in entries("us_cities"))


# ---- everyday and clinical words ------------------------------------------------------------


@cache
def common_word_rank() -> dict[str, int]:
    """Ordinary English words -> frequency rank (0 = most frequent)."""
    return {word: rank for rank, word in enumerate(entries("common_words"))}


def is_common_word(word: str, top: int = 10_000) -> bool:
    """True for everyday words ("will", "hope", "grace") that need context to be a name."""
    rank = common_word_rank().get(word.lower())
    return rank is not None and rank < top


def is_everyday_word(word: str, top: int = 10_000) -> bool:
    """An everyday word or a regular inflection of one ("notified", "reports", "attending")."""
    lower = word.lower()
    stems = {
        lower,
        lower.removesuffix("s"),
        lower.removesuffix("es"),
        lower.removesuffix("ed"),
        lower.removesuffix("d"),
        lower.removesuffix("ing"),
        lower.removesuffix("ing") + "e",
        lower.removesuffix("ied") + "y",
        lower.removesuffix("ies") + "y",
    }
    return any(len(stem) > 2 and is_common_word(stem, top) for stem in stems)


@cache
def clinical_terms() -> frozenset[str]:
    """Clinical vocabulary that is never an identifier by itself (drugs, scales, eponyms...)."""
    return frozenset(term.lower() for term in entries("clinical_terms"))


@cache
def _medical_suffixes() -> tuple[str, ...]:
    return entries("medical_suffixes")


def looks_medical(word: str) -> bool:
    """A clinical term or listed medical word, or a word with a drug or diagnosis ending
    ("-itis", "-azepam") that is not in the name lists: "Chase", "Lam" and "Roma" end like
    drugs but are people, and only a list entry makes a name medical."""
    lower = word.lower()
    if lower in clinical_terms() or lower in words("medical_words"):
        return True
    return (
        lower.endswith(_medical_suffixes())
        and lower not in first_names()
        and lower not in surnames()
    )


def non_name_words() -> frozenset[str]:
    """About 195,000 words that are not names (English and medical vocabulary, drugs, nursing
    shorthand: Philter's set). A guess on one of them needs corroboration to stand."""
    return words("non_name_words")


def is_non_name_word(word: str) -> bool:
    return strip_possessive(word.lower()) in non_name_words()


MISSPELLING_MIN_LENGTH = 6
"""Shorter words are too often a letter away from some word ("Marlow", "Hale") to judge."""
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


RARE_SURNAME_RANK = 2_000
"""A vocabulary word that is a surname rarer than this among the Census's (1990) surnames is
read as the word: "Right", "Via", "Low", "Care" are families somewhere, but in a note they are
words. "White", "Brown", "Foley" and "Swan" are common enough to be read as names."""


def is_surname_more_than_word(lower: str) -> bool:
    """A surname that is not, in a note, more likely the ordinary word it spells."""
    if lower not in surnames():
        return False
    rank = census_rank("last").get(lower)
    return rank is None or rank < RARE_SURNAME_RANK or not looks_like_vocabulary(lower)


def is_listed_name_or_town(lower: str) -> bool:
    """In a list of given names, surnames, US towns or world cities (``lower``: lower case)."""
    return (
        lower in first_names()
        or lower in surnames()
        or lower in us_cities()
        or lower in world_cities()
    )


@lru_cache(maxsize=16_384)  # the words a run repeats; memory stays flat
def is_misspelt_word(word: str) -> bool:
    """A word one typing slip (a letter dropped, added, changed or two swapped) away from a
    non-name word, and in no name list: "gluccose", "protocal", "lethergy", "tyleonol" are the
    vocabulary of a hurried note, not people. Words under six letters are never judged."""
    lower = strip_possessive(word.lower())
    if (
        len(lower) < MISSPELLING_MIN_LENGTH
        or not lower.isalpha()
        or lower in non_name_words()
        or is_listed_name_or_town(lower)
        or lower in us_states()
    ):
        return False  # "Tacoma" is a town, not a slip for "tacomas"
    vocabulary = non_name_words()
    splits = [(lower[:i], lower[i:]) for i in range(len(lower) + 1)]
    edits = (
        *(a + b[1:] for a, b in splits if b),  # a letter added by mistake
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),  # two letters swapped
        *(a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]),  # one changed
        *(a + c + b for a, b in splits for c in _LETTERS),  # one dropped
    )
    return any(len(edit) >= MISSPELLING_MIN_LENGTH and edit in vocabulary for edit in edits)


def looks_like_vocabulary(word: str) -> bool:
    """A non-name word, or a misspelling of one."""
    return is_non_name_word(word) or is_misspelt_word(word)
