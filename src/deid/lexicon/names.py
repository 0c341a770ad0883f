"""Given names and surnames, read in place from two installed dependencies, through one reader
each: the 1990 US Census lists shipped with ``names`` (public domain; the package is MIT) and
the person lists of Faker's locales (MIT). They are package data pinned with deid's
dependencies, so nothing is copied into deid; ``first_names.exceptions.txt`` and
``surnames.exceptions.txt`` are subtracted as for every other list.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

import names as census_package

from deid.lexicon import loader

FAKER_LOCALES: tuple[str, ...] = loader.entries("faker_locales")
"""Faker locales whose person names deid knows (data/faker_locales.txt)."""

_CENSUS_FILES = {"female": "dist.female.first", "male": "dist.male.first", "last": "dist.all.last"}
_EXCEPTIONS = {"female": "first_names", "male": "first_names", "last": "surnames"}


@cache
def census(kind: str) -> dict[str, float]:
    """Lower-cased name -> frequency (percent of people) from one 1990 Census list: ``female``,
    ``male`` (given names) or ``last``; the matching exceptions file is subtracted."""
    path = Path(census_package.__file__).parent / _CENSUS_FILES[kind]
    removed = loader.exceptions(_EXCEPTIONS[kind])
    frequencies: dict[str, float] = {}
    for line in path.read_text().lower().splitlines():
        parts = line.split(None, 2)
        if parts:
            frequencies[parts[0]] = float(parts[1])
    for name in removed:
        frequencies.pop(name, None)
    return frequencies


@cache
def faker_person_values(attribute: str) -> tuple[str, ...]:
    """One attribute of every locale's person provider (``first_names``, ``last_names``,
    ``first_names_female``...), as written there, locale by locale (weighted dicts: the keys)."""
    values: list[str] = []
    for locale in FAKER_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        values.extend(str(value) for value in getattr(provider, attribute, ()))
    return tuple(values)


def _faker_words(attribute: str) -> set[str]:
    """The ASCII words of Faker's names ("Mei-Ling" -> "mei", "ling"), lower-cased."""
    found: set[str] = set()
    for name in faker_person_values(attribute):
        for part in name.replace("-", " ").split():
            if part.isalpha() and part.isascii():
                found.add(part.lower())
    return found


@cache
def first_names() -> frozenset[str]:
    """Given names from the 1990 US Census and Faker's locales, lower-case."""
    found = set(census("female")) | set(census("male")) | _faker_words("first_names")
    return frozenset(found - loader.exceptions("first_names"))


@cache
def surnames() -> frozenset[str]:
    """Family names from the 1990 US Census and Faker's locales, lower-case."""
    found = set(census("last")) | _faker_words("last_names")
    return frozenset(found - loader.exceptions("surnames"))


@cache
def census_rank(kind: str) -> dict[str, int]:
    """One Census list (``female``, ``male``, ``last``) -> rank by frequency (0 = most common;
    ties by spelling)."""
    frequencies = census(kind)
    ordered = sorted(frequencies, key=lambda name: (-frequencies[name], name))
    return {name: rank for rank, name in enumerate(ordered)}
