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


def alternation(items: Iterable[str], *, space: str | None = None, tree: bool = False) -> str:
    r"""``a|b|c`` matching exactly these entries, tried in the order given.

    ``space`` replaces each space of a phrase (``r"\s+"``, ``r"[ \t]+"``); without it a space
    matches one space. ``tree``: written as a prefix tree (``trie_alternation``) where that
    tries the entries in the same order, for patterns compiled with Python's ``re``, which
    tries a long list of words one by one at every position (the ``regex`` module needs no
    help; the tree is slower there).
    """
    entries = list(items)
    if tree and (pattern := trie_alternation(list(dict.fromkeys(entries)), space)) is not None:
        return pattern
    return "|".join(_escaped(item, space) for item in entries)


def _escaped(item: str, space: str | None) -> str:
    part = re.escape(item)
    return part if space is None else part.replace(r"\ ", space)


def trie_alternation(entries: list[str], space: str | None) -> str | None:
    """The entries as a prefix tree ("dr|dir" as ``d(?:r|ir)``), which a regex engine tries
    far faster than a long list at every position, or ``None`` where it could match in another
    order than the list.

    At each point of the tree the ways on (stopping at an entry, or one more character) are
    tried in the order of their first entries in the list. Only entries that can match at once
    need the list's order: one that begins the other, compared without case (the pattern may
    ignore it) and without spaces when ``space`` may match none. Where every such pair is
    tried in the list's order, the tree matches the same text, the same way. (Not for a group
    captured inside a look-behind: that is matched backwards, where entries that end alike
    would need the list's order too; a look-around that captures nothing only succeeds or
    fails.)
    """
    tree: dict[str, dict] = {}
    for entry in entries:
        node = tree
        for char in entry:
            node = node.setdefault(char, {})
        node[""] = entry
    first = {entry: i for i, entry in enumerate(entries)}
    ordered: list[str] = []
    pattern = _branches(tree, space, first, ordered)
    return pattern if _same_order(entries, ordered, space) else None


def _branches(node: dict, space: str | None, first: dict[str, int], ordered: list[str]) -> str:
    """The tree below ``node`` as alternatives; ``ordered`` collects the entries in the order
    the pattern tries them."""
    ways = sorted(node, key=lambda char: _first_entry(node[char], first))
    parts = []
    for char in ways:
        if not char:
            ordered.append(node[""])
            parts.append("")
            continue
        below = _branches(node[char], space, first, ordered)
        parts.append(_escaped(char, space) + (f"(?:{below})" if "|" in below else below))
    return "|".join(parts) if parts != [""] else ""


def _first_entry(node: dict | str, first: dict[str, int]) -> int:
    if isinstance(node, str):
        return first[node]
    return min(_first_entry(child, first) for child in node.values())


def _same_order(entries: list[str], ordered: list[str], space: str | None) -> bool:
    """Whether every two entries that can match at once come in the same order in both."""
    drop_space = space is not None and re.fullmatch(space, "") is not None

    def key(entry: str) -> str:
        folded = entry.lower()
        if space is None:
            return folded
        return re.sub(" +", "" if drop_space else " ", folded)  # any run of spaces matches

    listed = {entry: i for i, entry in enumerate(entries)}
    tried = {entry: i for i, entry in enumerate(ordered)}
    by_key: dict[str, list[str]] = {}
    for entry in entries:
        by_key.setdefault(key(entry), []).append(entry)
    for entry in entries:
        k = key(entry)
        related = {k[:i] for i in range(1, len(k))}
        for other in (o for r in related for o in by_key.get(r, ())):
            if (listed[entry] < listed[other]) != (tried[entry] < tried[other]):
                return False
    return True


@cache
def alternatives(name: str, *, space: str | None = None) -> str:
    """The list ``name`` as a regex alternation, in file order (see ``alternation``)."""
    return alternation(entries(name), space=space)
