"""Word lists that install with deid's dependencies (never downloaded): first names and surnames
(US Census via ``names``, plus Faker's many locales), ordinary English words, clinical terms and
US places. Each list loads once per process, lower-cased, for O(1) membership tests.
"""

from __future__ import annotations

import importlib
import unicodedata
from functools import cache
from importlib.resources import files
from pathlib import Path

import names as census_names

FAKER_LOCALES = (
    "en_US",
    "en_GB",
    "en_IN",
    "es_MX",
    "es_ES",
    "fr_FR",
    "de_DE",
    "it_IT",
    "pl_PL",
    "pt_BR",
    "nl_NL",
    "vi_VN",
    "ar_AA",
    "tr_TR",
    "ru_RU",
    "zh_TW",
    "ko_KR",
    "ja_JP",
    "fil_PH",
    "yo_NG",
    "sw",
    "el_GR",
    "he_IL",
    "fa_IR",
    "uk_UA",
    "hi_IN",
    "ta_IN",
    "ga_IE",
    "no_NO",
    "sv_SE",
)

MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
MONTHS_AND_DAYS = MONTHS | frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
)


def strip_possessive(word: str) -> str:
    """ "Hope's" -> "Hope" (straight or curly apostrophe)."""
    return word.removesuffix("'s").removesuffix("\u2019s")


US_STATES = frozenset(
    s.lower()
    for s in (
        "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia "
        "Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland "
        "Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio "
        "Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin "
        "Wyoming"
    ).split()
) | frozenset(
    {
        "new hampshire",
        "new jersey",
        "new mexico",
        "new york",
        "north carolina",
        "north dakota",
        "rhode island",
        "south carolina",
        "south dakota",
        "west virginia",
        "district of columbia",
        "puerto rico",
    }
)


@cache
def countries() -> frozenset[str]:
    """Country names (Faker's list): not identifiers under Safe Harbor."""
    from faker.providers.address.en_US import Provider

    return frozenset(c.lower() for c in Provider.countries) | {"usa", "us", "uk", "america"}


def _census(filename: str) -> set[str]:
    path = Path(census_names.__file__).parent / filename
    return {line.split()[0].lower() for line in path.read_text().splitlines() if line.strip()}


def _faker_names(attribute: str) -> set[str]:
    found: set[str] = set()
    for locale in FAKER_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        values = getattr(provider, attribute, ())
        for name in values:  # dicts (weighted) iterate over names too
            for part in str(name).replace("-", " ").split():
                if part.isalpha() and part.isascii():
                    found.add(part.lower())
    return found


def _data_lines(filename: str) -> list[str]:
    text = (files("deid.lexicon") / "data" / filename).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def first_names() -> frozenset[str]:
    """Given names from the 1990 US Census and Faker's locales, lower-case."""
    return frozenset(
        _census("dist.female.first") | _census("dist.male.first") | _faker_names("first_names")
    )


@cache
def surnames() -> frozenset[str]:
    """Family names from the 1990 US Census and Faker's locales, lower-case."""
    return frozenset(_census("dist.all.last") | _faker_names("last_names"))


@cache
def common_word_rank() -> dict[str, int]:
    """Ordinary English words -> frequency rank (0 = most frequent)."""
    return {word: rank for rank, word in enumerate(_data_lines("common_words.txt"))}


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


MEDICAL_SUFFIXES = (
    "itis",
    "osis",
    "emia",
    "aemia",
    "ectomy",
    "otomy",
    "opathy",
    "algia",
    "plasty",
    "scopy",
    "graphy",
    "ology",
    "ologist",
    "iasis",
    "oma",
    "ase",
    "azole",
    "pril",
    "sartan",
    "statin",
    "olol",
    "pam",
    "lam",
    "pine",
    "done",
    "cillin",
    "mycin",
    "cycline",
    "vir",
    "mab",
    "xetine",
    "triptyline",
    "zodone",
    "apine",
    "idone",
    "iprazole",
    "oxine",
    "phrine",
    "thiazide",
)
"""Endings of diagnoses, procedures and drug names ("thyroiditis", "sertraline"...)."""


def looks_medical(word: str) -> bool:
    lower = word.lower()
    return lower in clinical_terms() or lower.endswith(MEDICAL_SUFFIXES)


@cache
def clinical_terms() -> frozenset[str]:
    """Clinical vocabulary that is never an identifier by itself (drugs, scales, eponyms...)."""
    return frozenset(w.lower() for line in _data_lines("clinical_terms.txt") for w in line.split())


@cache
def world_cities() -> frozenset[str]:
    """Cities outside the US (GeoNames, population >= 15,000), lower-case, with and without
    accents ("gdańsk" and "gdansk")."""
    names = {line.lower() for line in _data_lines("world_cities.txt")}
    return frozenset(names | {_fold(n) for n in names})


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def us_cities() -> frozenset[str]:
    """US city and town names (GeoNames, population >= 1,000; see data/us_cities.txt)."""
    return frozenset(line.lower() for line in _data_lines("us_cities.txt"))
