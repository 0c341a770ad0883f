"""deid's word lists as data: one text file per concept in ``data/``, read once per process.

A list file holds one entry per line (a word or a phrase), after a ``#`` header that names its
source and licence. A table (``rows``) holds one row per line, its forms separated by spaces
("september sept sep"). Beside every list, ``NAME.exceptions.txt`` holds entries the loader
subtracts (deduce/docdeid practice): a wrong entry is fixed in data, not in code.

File order is kept: a regex alternation prefers its earlier alternatives, so lists that become
regexes keep the order their patterns were written in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

DATA: Traversable = files("deid.lexicon") / "data"

EXCEPTIONS_SUFFIX = ".exceptions.txt"


def read_entries(path: Traversable) -> list[str]:
    """The entries of one file: stripped lines that are neither blank nor ``#`` comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]


def load(directory: Traversable, name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """``name``'s entries in file order less its exceptions, and the exceptions (uncached)."""
    removed = frozenset(read_entries(directory / f"{name}{EXCEPTIONS_SUFFIX}"))
    kept = tuple(e for e in read_entries(directory / f"{name}.txt") if e not in removed)
    return kept, removed


@cache
def entries(name: str) -> tuple[str, ...]:
    """A list's entries, in file order, less its exceptions."""
    return load(DATA, name)[0]


@cache
def exceptions(name: str) -> frozenset[str]:
    """The entries ``NAME.exceptions.txt`` removes (also for lists built from packages)."""
    return frozenset(read_entries(DATA / f"{name}{EXCEPTIONS_SUFFIX}"))


@cache
def words(name: str) -> frozenset[str]:
    """A list's entries as a set, for membership tests."""
    return frozenset(entries(name))


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """A table's rows, split into forms; an exception drops a whole row or a single form."""
    return split_rows(entries(name), exceptions(name))


def split_rows(lines: Iterable[str], removed: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """Table lines (already less whole-row exceptions) as rows of forms, less single forms."""
    split = (tuple(f for f in line.split() if f not in removed) for line in lines)
    return tuple(row for row in split if row)


def alternation(items: Iterable[str], *, space: str | None = None) -> str:
    r"""``a|b|c`` matching exactly these entries, tried in the order given.

    ``space`` replaces each space of a phrase (``r"\s+"``, ``r"[ \t]+"``); without it a space
    matches one space.
    """
    parts = (re.escape(item) for item in items)
    if space is not None:
        parts = (part.replace(r"\ ", space) for part in parts)
    return "|".join(parts)


@cache
def alternatives(name: str, *, space: str | None = None) -> str:
    """The list ``name`` as a regex alternation, in file order (see ``alternation``)."""
    return alternation(entries(name), space=space)
