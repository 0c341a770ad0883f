"""A word one typing slip from the non-name vocabulary is vocabulary; a name or a town is not."""

import pytest

from deid import lexicon


@pytest.mark.parametrize(
    "word",
    ["gluccose", "protocal", "lethergy", "stablization", "tyleonol", "lopresser", "inital"],
)
def test_a_slip_from_a_vocabulary_word_is_vocabulary(word):
    assert lexicon.is_misspelt_word(word)
    assert lexicon.looks_like_vocabulary(word)


@pytest.mark.parametrize(
    "word",
    [
        "glucose",  # the word itself is vocabulary, not a misspelling
        "morrow",  # a listed surname a letter from "marrow"
        "tacoma",  # a listed town
        "okonkwo",  # a name nowhere near a word
        "carl",  # too short to judge
        "o'brien",  # not all letters
    ],
)
def test_names_towns_short_words_and_real_words_are_not_misspellings(word):
    assert not lexicon.is_misspelt_word(word)
