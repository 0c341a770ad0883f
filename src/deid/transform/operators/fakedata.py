"""Faker en_US data and word lists behind the surrogates, loaded once per process.

Kept apart from ``surrogate`` so the operator logic reads in one sitting. Only Faker's data
lists are used (no Faker instance), so seeding stays entirely under deid's control.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

# Words a surrogate leaves as written: titles and credentials in names, street suffixes and unit
# words in addresses, generic words in organisation and image file names ("Family Clinic").
NAME_KEEP = frozenset(
    "dr dr. mr mrs ms miss mx prof sir madam rev fr sr jr ii iii iv md do phd psyd rn np pa lpn "
    "lcsw licsw lmhc lpc lmft msw mft cnp aprn pmhnp dds bsn msn ma ms. van von der den de del "
    "della di da la le du st st.".split()
)
STREET_SUFFIXES = frozenset("st ave av rd blvd dr ln ct pl hwy pkwy cir ter sq trl way".split())
ADDRESS_ALWAYS_KEEP = frozenset(
    "n s e w ne nw se sw north south east west apt apartment suite ste unit fl floor bldg "
    "building room rm po p.o box no".split()
)
ORG_KEEP = frozenset(
    "the of and for at in on & hospital hospitals clinic clinics medical center centre health "
    "healthcare care behavioral behavioural mental services service associates group practice "
    "general memorial regional community county state university college school academy "
    "institute foundation church house home shelter residence program programme unit ward "
    "department dept family counseling counselling therapy rehabilitation rehab recovery "
    "treatment psychiatric pediatric pediatrics children's women's veterans va saint st st. "
    "mount mt inc llc ltd corp co pc pllc company partners office lab laboratory pharmacy "
    "prison jail correctional facility park lake county sons brothers primary urgent elementary "
    "middle high senior living assisted nursing hospice".split()
)
IMAGE_KEEP = frozenset(
    "img image dsc dscn dcim pxl photo photos pic picture scan screenshot screen shot selfie "
    "face portrait wound xray x ray ct mri us dicom dcm vid video frame camera cam file copy "
    "final edited front back left right side profile full".split()
)
COUNTRY_KEEP = frozenset({"usa", "us", "u.s.", "u.s.a.", "united states", "america"})


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
    import importlib

    from deid.lexicon import FAKER_LOCALES

    female, male = set(), set()
    for locale in FAKER_LOCALES:
        try:
            person = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        female.update(_folded(getattr(person, "first_names_female", ())))
        male.update(_folded(getattr(person, "first_names_male", ())))
    return frozenset(female), frozenset(male)


@cache
def _census(filename: str) -> dict[str, float]:
    """Name -> frequency (percent) from the 1990 US Census lists shipped with ``names``."""
    from pathlib import Path

    import names as census

    lines = (Path(census.__file__).parent / filename).read_text().splitlines()
    return {line.split()[0].casefold(): float(line.split()[1]) for line in lines if line.strip()}


def _folded(values) -> list[str]:
    return [unicodedata.normalize("NFC", str(v)).casefold() for v in values]


def _sex(female: float, male: float) -> str:
    return "first" if female == male else ("female" if female > male else "male")


def name_kind(token: str) -> str:
    """``female``, ``male``, ``first`` (sex unknown) or ``last`` for one word of a name.

    Census frequencies settle words that are both ("Hope", "Kelly" are given names more often;
    "Wilson", "Taylor" surnames); first-name shares count half, as they are per sex.
    """
    from deid.lexicon import first_names

    folded = unicodedata.normalize("NFC", token).casefold()
    female = _census("dist.female.first").get(folded, 0.0)
    male = _census("dist.male.first").get(folded, 0.0)
    last = _census("dist.all.last").get(folded, 0.0)
    if female or male or last:
        return _sex(female, male) if max(female, male) / 2 > last else "last"
    faker_female, faker_male = sexed_names()
    if folded in faker_female or folded in faker_male:
        return _sex(float(folded in faker_female), float(folded in faker_male))
    return "first" if folded in first_names() else "last"


@cache
def street_suffixes() -> frozenset[str]:
    from faker.providers.address.en_US import Provider as Address

    return frozenset(Address.street_suffixes)


@cache
def states() -> frozenset[str]:
    data = pools()
    return frozenset(s.casefold() for s in (*data.states, *data.states_abbr))
