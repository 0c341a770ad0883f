"""Out-of-vocabulary names and places, composed from syllables, absent from deid's word lists.

A detector that memorises a list scores well on a corpus drawn from the same list; real notes
are full of names no list has. Every word made here is checked against the vocabulary deid
reads (its data files, the 1990 Census names, Faker's person names) and redrawn if present.
deid's lexicon is imported for that check only: nothing here decides where an identifier is.

Each draw takes one number from the caller's rng and builds the word from its own
``random.Random``, so a redraw (a list that grew) changes that word only, not the stream.
"""

from __future__ import annotations

import random
import re
from functools import cache

ONSETS = "b br bl d dr f fr g gr h k kr l m n p pr pl r s st t tr th v w z ch sh j".split()
VOWELS = "a a e e i o o u a e o ai ei ou".split()
LINKS = "n r l v s m t d".split()  # between a root and an ending that starts with a vowel
CODAS = ("", "", "n", "r", "l")  # before an ending that starts with a consonant
GIVEN_ENDS = {
    "F": "a ia ine elle ora essa ith ene ara ys".split(),
    "M": "o an el or ius en ard ek im us".split(),
}
SURNAME_ENDS = (
    "enko ovic ard wick ley mar ston ane ell quist ter aro ini sen berg holt ridge "
    "ansky oglu ides ashi"
).split()
PLACE_ENDS = "ford wick mere dale haven ton burg field brook mont ville stead".split()
PLACE_TAILS = ("", "", "", " Falls", " Heights", " Springs", " Junction", " Crossing")
WORD_ENDS = "ar en ell ik or ant is ow ane".split()


@cache
def _vocabulary() -> frozenset[str]:
    """Every lower-case word deid's lexicon knows: its data lists, given names, surnames."""
    from deid.lexicon import loader, names  # the membership check only

    words: set[str] = set(names.first_names()) | set(names.surnames())
    stems = sorted(
        p.name.removesuffix(".txt")
        for p in loader.DATA.iterdir()
        if p.name.endswith(".txt") and ".exceptions." not in p.name
    )
    for stem in stems:
        for entry in loader.entries(stem):
            words.update(re.findall(r"[a-z]+", entry.lower()))
    return frozenset(words)


def known(word: str) -> bool:
    """Whether any alphabetic part of ``word`` is in deid's vocabulary."""
    vocab = _vocabulary()
    return any(part in vocab for part in re.findall(r"[a-z]+", word.lower()))


def _compose(r: random.Random, ends: list[str]) -> str:
    """One or two consonant-vowel syllables joined to an ending ("Tava" + "r" + "enko")."""
    root = "".join(r.choice(ONSETS) + r.choice(VOWELS) for _ in range(r.randint(1, 2)))
    end = r.choice(ends)
    link = r.choice(LINKS) if end[0] in "aeiou" else r.choice(CODAS)
    return (root + link + end).title()


def _draw(rng: random.Random, build) -> str:
    """A word from ``build(r)`` that deid does not know; one number taken from ``rng``."""
    r = random.Random(rng.getrandbits(64))
    for _ in range(200):
        word = build(r)
        head = word.split()[0]
        if 4 <= len(head) <= 11 and head.isalpha() and not known(head):
            return word
    raise RuntimeError("could not draw an out-of-vocabulary word")


def given(rng: random.Random, sex: str) -> str:
    """A given name such as "Dravora" or "Kelvius"."""
    ends = GIVEN_ENDS[sex if sex in "FM" else rng.choice("FM")]
    return _draw(rng, lambda r: _compose(r, ends))


def surname(rng: random.Random) -> str:
    """A family name such as "Tavrenko" or "Ploustwick"."""
    return _draw(rng, lambda r: _compose(r, SURNAME_ENDS))


def place(rng: random.Random, tail: bool = True) -> str:
    """A town such as "Brenwick Falls" or "Quorvale"; only the first word is invented."""
    return _draw(
        rng,
        lambda r: _compose(r, PLACE_ENDS) + (r.choice(PLACE_TAILS) if tail else ""),
    )


def word(rng: random.Random) -> str:
    """A capitalised invented word for streets and organisations ("Ostrell", "Vannik")."""
    return _draw(rng, lambda r: _compose(r, WORD_ENDS))
