"""The loader: entries in file order, comments skipped, exceptions subtracted, regexes exact."""

from __future__ import annotations

import re

import pytest

from deid import lexicon
from deid.lexicon import loader


def _write(directory, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_exceptions_are_subtracted_and_order_is_kept(tmp_path):
    _write(
        tmp_path, "colours.txt", "# Source: test\n# Licence: test\nred\n\ngreen\n  blue  \nteal\n"
    )
    _write(tmp_path, "colours.exceptions.txt", "# wrong entries\ngreen\nmauve\n")
    entries, removed = loader.load(tmp_path, "colours")
    assert entries == ("red", "blue", "teal")
    assert removed == {"green", "mauve"}


def test_a_list_needs_its_exceptions_file(tmp_path):
    _write(tmp_path, "colours.txt", "red\n")
    with pytest.raises(FileNotFoundError):
        loader.load(tmp_path, "colours")


def test_a_table_exception_drops_a_row_or_one_form(tmp_path):
    _write(tmp_path, "months.txt", "january jan\nfebruary feb\nseptember sept sep\n")
    _write(tmp_path, "months.exceptions.txt", "february feb\nsep\n")
    lines, removed = loader.load(tmp_path, "months")
    assert loader.split_rows(lines, removed) == (("january", "jan"), ("september", "sept"))


def test_lists_load_once():
    assert lexicon.words("titles") is lexicon.words("titles")
    assert lexicon.first_names() is lexicon.first_names()


def test_alternation_matches_exactly_the_entries_in_order():
    pattern = lexicon.alternation(["st.", "dr", "best friend", "pa-c"])
    assert pattern == r"st\.|dr|best\ friend|pa\-c"
    assert re.fullmatch(pattern, "st.") and not re.fullmatch(pattern, "stx")
    assert not re.fullmatch(pattern, "best  friend")
    spaced = lexicon.alternation(["blue cross"], space=r"\s*")
    assert re.fullmatch(spaced, "bluecross") and re.fullmatch(spaced, "blue  cross")


def test_calendar_views():
    assert lexicon.months()[0] == "january" and len(lexicon.months()) == 12
    assert lexicon.weekdays() == (
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    )  # fmt: skip
    assert {"sept", "sep", "may", "thurs"} <= lexicon.months_and_days()
    assert lexicon.number_words()["nineteen"] == 19 and lexicon.number_words()["ninety"] == 90


def test_names_come_from_the_census_and_faker():
    assert {"maria", "hope", "mei"} <= lexicon.first_names()
    assert {"alvarez", "nguyen"} <= lexicon.surnames()
    assert lexicon.census("last")["smith"] > 0.5


TREE_CASES = [
    (["o2 sats", "o2 sat", "o2sats", "hr", "heart rate", "hct"], r"[ \t]*"),
    (["pain score", "pain", "mood", "mmse", "moca"], r"[ \t]+"),
    (["mg", "mcg", "g", "kg", "ml", "l", "mmol", "mm"], None),
]


@pytest.mark.parametrize(("items", "space"), TREE_CASES)
def test_a_tree_alternation_matches_what_the_list_matches(items, space):
    tree = lexicon.alternation(items, space=space, tree=True)
    assert tree != lexicon.alternation(items, space=space)  # written as a tree
    text = "O2 SATS 95, o2sat, hr 80 heart  rate, 5mg 10 mcg, 2kg, 3mmol, pain score 4 moca mm"
    for wrap in (r"\b(?:{})", r"(?P<w>{})\b", r"(?:{})[ \t]*\d+"):
        plain = re.compile(wrap.format(lexicon.alternation(items, space=space)), re.IGNORECASE)
        treed = re.compile(wrap.format(tree), re.IGNORECASE)
        assert [m.span() for m in treed.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_tree_keeps_the_order_of_the_list_or_is_not_used():
    assert loader.trie_alternation(["drs", "dr"], None) == "d(?:r(?:s|))"  # longer first
    assert loader.trie_alternation(["dr", "drs"], None) == "d(?:r(?:|s))"  # shorter first
    # "drs", "d", "dr": no tree tries "d" between the two that extend it
    assert loader.trie_alternation(["drs", "d", "dr"], None) is None
    assert lexicon.alternation(["drs", "d", "dr"], tree=True) == "drs|d|dr"
