"""Every data file says where it comes from and under which licence; lists are clean."""

from __future__ import annotations

from collections import Counter
from importlib.resources import files

import pytest

from deid.lexicon import loader

DATA = files("deid.lexicon") / "data"
FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith((".txt", ".csv")))
LISTS = sorted(
    n.removesuffix(".txt") for n in FILES if n.endswith(".txt") and ".exceptions." not in n
)
BUILT_FROM_PACKAGES = {"first_names", "surnames"}
"""Lists read from installed packages (``names``, Faker): only their exceptions are files here."""
CASED = {
    "ambiguous_credentials": 'matched as written in mixed-case notes ("PhD", "LCSW")',
    "credentials": "matched as written in mixed-case notes",
    "state_like_credentials": "upper-case abbreviations",
    "us_state_abbreviations": "upper-case abbreviations, matched as written after a comma",
    "org_heads": "matched as written and in capitals in mixed-case notes",
    "org_prefixes": "matched as written in mixed-case notes",
    "faker_locales": 'Faker\'s locale names ("en_US")',
    "us_cities": "GeoNames spelling; the loader lower-cases it",
    "world_cities": "GeoNames spelling; the loader lower-cases it",
}
"""Lists kept as written, and why; every other list is lower-case, as its callers expect."""


def _header(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    return header


@pytest.mark.parametrize("name", FILES)
def test_every_data_file_names_its_source_and_licence(name):
    header = _header(name)
    assert any(line.startswith("# Source: ") for line in header), name
    assert any(line.startswith("# Licence: ") for line in header), name


@pytest.mark.parametrize("name", LISTS)
def test_every_list_has_an_exceptions_file(name):
    assert (DATA / f"{name}.exceptions.txt").is_file()


def test_every_exceptions_file_belongs_to_a_list():
    for name in FILES:
        if name.endswith(".exceptions.txt"):
            owner = name.removesuffix(".exceptions.txt")
            assert owner in LISTS or owner in BUILT_FROM_PACKAGES, name


@pytest.mark.parametrize("name", LISTS)
def test_no_duplicates_or_empty_entries(name):
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    entries = loader.read_entries(DATA / f"{name}.txt")
    assert entries, f"{name} is empty"
    assert all(line == line.strip() for line in lines), f"{name}: spaces around an entry"
    assert all("  " not in e for e in entries), f"{name}: a double space"
    forms = [f for e in entries for f in e.split()] if _is_table(name) else entries
    duplicates = [e for e, n in Counter(forms).items() if n > 1]
    assert not duplicates, f"{name}: {duplicates[:10]}"


@pytest.mark.parametrize("name", sorted(set(LISTS) - set(CASED)))
def test_lists_are_lower_case(name):
    entries = loader.read_entries(DATA / f"{name}.txt")
    assert [e for e in entries if e != e.lower()] == []


@pytest.mark.parametrize("name", LISTS)
def test_exceptions_name_entries_of_their_list(name):
    """A stale exception (its entry is gone from the list) is a typo waiting to happen."""
    raw = loader.read_entries(DATA / f"{name}.txt")
    forms = set(raw) | {f for e in raw for f in e.split()}
    exceptions = loader.read_entries(DATA / f"{name}.exceptions.txt")
    assert [e for e in exceptions if e not in forms] == []


def _is_table(name: str) -> bool:
    return "# A table:" in "\n".join(_header(f"{name}.txt"))
