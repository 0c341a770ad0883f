"""Faker en_US data and word lists behind the surrogates, loaded once per process.

The word lists are data (``deid/lexicon/data/surrogate_*.txt``) and the name frequencies come
from ``deid.lexicon`` (1990 Census, Faker's locales); this module only names them.

Kept apart from ``surrogate`` so the operator logic reads in one sitting. Only Faker's data
lists are used (no Faker instance), so seeding stays entirely under deid's control.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from deid import lexicon

# Words a surrogate leaves as written: titles and credentials in names, street suffixes and unit
# words in addresses, generic words in organisation and image file names ("Family Clinic").
NAME_KEEP = lexicon.words("surrogate_name_keep")
STREET_SUFFIXES = lexicon.words("surrogate_street_suffixes")
ADDRESS_ALWAYS_KEEP = lexicon.words("surrogate_address_keep")
ORG_KEEP = lexicon.words("surrogate_org_keep")
IMAGE_KEEP = lexicon.words("surrogate_image_keep")
COUNTRY_KEEP = lexicon.words("surrogate_country_keep")


@dataclass(frozen=True)
class Pools:
    female: tuple[str, ...]
    female_weights: tuple[float, ...]
    male: tuple[str, ...]
    male_weights: tuple[float, ...]
    last: tuple[str, ...]
    last_weights: tuple[float, ...]
    states: tuple[str, ...]
    states_abbr: tuple[str, ...]
    city_suffixes: tuple[str, ...]
    free_mail: frozenset[str]


@cache
def pools() -> Pools:
    """Faker's en_US data lists, read once (no Faker instance: seeding stays under our control)."""
    from faker.providers.address.en_US import Provider as Address
    from faker.providers.internet.en_US import Provider as Internet
    from faker.providers.person.en_US import Provider as Person

    def split(weighted: dict[str, float]) -> tuple[tuple[str, ...], tuple[float, ...]]:
        return tuple(weighted), tuple(weighted.values())

    return Pools(
        *split(Person.first_names_female),
        *split(Person.first_names_male),
        *split(Person.last_names),
        tuple(Address.states),
        tuple(Address.states_abbr),
        tuple(dict.fromkeys(Address.city_suffixes)),
        frozenset(
            (*Internet.free_email_domains, "outlook.com", "aol.com", "icloud.com", "live.com")
        ),
    )


@cache
def sexed_names() -> tuple[frozenset[str], frozenset[str]]:
    """(female, male) given names from Faker's locales, for names the 1990 Census lacks."""
    return (
        frozenset(_folded(lexicon.faker_person_values("first_names_female"))),
        frozenset(_folded(lexicon.faker_person_values("first_names_male"))),
    )


def _folded(values) -> list[str]:
    return [unicodedata.normalize("NFC", str(v)).casefold() for v in values]


def _sex(female: float, male: float) -> str:
    return "first" if female == male else ("female" if female > male else "male")


def name_kind(token: str) -> str:
    """``female``, ``male``, ``first`` (sex unknown) or ``last`` for one word of a name.

    Census frequencies settle words that are both ("Hope", "Kelly" are given names more often;
    "Wilson", "Taylor" surnames); first-name shares count half, as they are per sex.
    """
    folded = unicodedata.normalize("NFC", token).casefold()
    female = lexicon.census("female").get(folded, 0.0)
    male = lexicon.census("male").get(folded, 0.0)
    last = lexicon.census("last").get(folded, 0.0)
    if female or male or last:
        return _sex(female, male) if max(female, male) / 2 > last else "last"
    faker_female, faker_male = sexed_names()
    if folded in faker_female or folded in faker_male:
        return _sex(float(folded in faker_female), float(folded in faker_male))
    return "first" if folded in lexicon.first_names() else "last"


@cache
def street_suffixes() -> frozenset[str]:
    from faker.providers.address.en_US import Provider as Address

    return frozenset(Address.street_suffixes)


@cache
def states() -> frozenset[str]:
    data = pools()
    return frozenset(s.casefold() for s in (*data.states, *data.states_abbr))
