"""Fake people with names from many origins, seeded, for the dev corpus.

Names come from Faker locales (romanised where the locale writes another script), the
US-census lists shipped in the MIT ``names`` package, short hand-made lists for origins Faker
lacks, and a list of first names that are also English words (Hope, Will, May...). About 30%
of given names and, independently, of surnames are invented instead (oov.py), so deid's own
lists do not cover the corpus.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import names as names_pkg
import oov
from builder import Phi
from faker import Faker

OOV_SHARE = 0.3
"""Share of given names, surnames, places and organisations made by oov.py."""

_NAMES_DIR = Path(names_pkg.__file__).parent

WORD_FIRST_F = (
    "Hope Grace April May June Faith Joy Summer Rose Dawn Amber Crystal Iris Ruby Pearl "
    "Destiny Patience Honor Sandy Penny Sky Autumn Ivy Holly Star Charity Mercy Harmony"
).split()
WORD_FIRST_M = (
    "Will Bill Mark Hunter Chase Art Jack Rusty Frank Miles Gene Ray Wade Drew Rich Bob Sonny Guy"
).split()
WORD_LAST = (
    "Young Brown White Black Green King Wells Hill Woods Rivers Price Stone Fox Love Strong Small "
    "Long Walker Baker Cook Hunter Banks Frost Moody Cross Hope Joy Day May Summers Bishop "
    "Noble Sharp Rich Waters Field Lane"
).split()

HAND = {
    "arabic": (
        "Ahmed Omar Youssef Khalid Hassan Tariq Samir Karim Bilal Mahmoud Ziad Rami".split(),
        "Fatima Layla Mariam Noor Amira Rania Huda Salma Yasmin Dalia Hiba Aisha".split(),
        "Haddad Khoury Al-Sayed Mansour Nasser Saleh Abdullah Hamdan El-Amin Farouk Qureshi "
        "Darwish Aziz Bakr Haidari Al-Masri".split(),
    ),
    "korean": (
        "Min-jun Ji-ho Hyun-woo Jae-won Dong-hyun Sung-min Tae-yang".split(),
        "Seo-yeon Ha-eun Soo-jin Eun-ji Ji-woo Mi-rae Hye-jin".split(),
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin".split(),
    ),
    "russian": (
        "Dmitri Sergei Ivan Alexei Mikhail Nikolai Yuri Andrei".split(),
        "Svetlana Olga Natasha Irina Tatiana Yelena Anastasia Oksana".split(),
        "Volkov Ivanova Petrov Smirnova Kuznetsov Sokolov Popova Morozov Lebedev".split(),
    ),
    "east_african": (
        "Abdi Mohamed Yonas Dawit Abdirahman Bereket Tesfaye".split(),
        "Hodan Ayaan Hamdi Selam Meron Fardowsa Tigist".split(),
        "Warsame Abdullahi Tesfaye Bekele Hussein Gebremedhin Osman Haile Mekonnen".split(),
    ),
    "haitian": (
        "Jean-Baptiste Wilner Frantz Reginald Jean-Pierre Fritz".split(),
        "Marie-Claire Guerline Nadège Fabienne Roseline Mirlande".split(),
        "Pierre Louis Toussaint Desir Joseph Charles Dorvil Celestin".split(),
    ),
    "irish_particle": (
        "Liam Declan Padraig Sean Ciaran Ronan".split(),
        "Siobhan Aoife Niamh Maeve Saoirse Bridget".split(),
        "O'Brien O'Connor McAllister MacDonald Van der Berg De La Cruz St. Clair "
        "D'Angelo DuBois Van Buren O'Neill".split(" "),
    ),
}
HAND["irish_particle"] = (
    HAND["irish_particle"][0],
    HAND["irish_particle"][1],
    [
        "O'Brien",
        "O'Connor",
        "McAllister",
        "MacDonald",
        "van der Berg",
        "De La Cruz",
        "St. Clair",
        "D'Angelo",
        "DuBois",
        "Van Buren",
        "O'Neill",
        "de Souza",
    ],
)

FAKER_LOCALES = (
    "en_US es_MX en_IN zh_CN vi_VN fr_FR de_DE pl_PL it_IT pt_BR yo_NG ja_JP tr_TR".split()
)
NICKNAMES = {
    "William": "Billy",
    "Robert": "Bobby",
    "Elizabeth": "Liz",
    "Katherine": "Kate",
    "Michael": "Mikey",
    "Jennifer": "Jen",
    "Christopher": "Chris",
    "Jessica": "Jess",
    "Alexander": "Alex",
    "Margaret": "Peggy",
    "Richard": "Rick",
    "Rebecca": "Becca",
    "Daniel": "Danny",
    "Samantha": "Sam",
    "Anthony": "Tony",
    "Victoria": "Tori",
    "Joseph": "Joey",
    "Patricia": "Trish",
    "Thomas": "Tommy",
    "Nicholas": "Nick",
}


def _plain(s: str) -> str:
    """Drop diacritics the way many US intake forms do (Hoàng -> Hoang)."""
    s = s.replace("đ", "d").replace("Đ", "D").replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _census(file: str, top: int) -> list[str]:
    lines = (_NAMES_DIR / file).read_text().splitlines()[:top]
    return [ln.split()[0].title() for ln in lines]


@dataclass(frozen=True)
class Person:
    """A fake person; the methods return pieces for the usual ways a note names someone."""

    first: str
    last: str
    sex: str  # F, M or X
    middle: str = ""
    nick: str = ""
    oov_first: bool = False  # the given name was made by oov.py
    oov_last: bool = False

    @property
    def they(self) -> str:
        return {"F": "she", "M": "he", "X": "they"}[self.sex]

    @property
    def their(self) -> str:
        return {"F": "her", "M": "his", "X": "their"}[self.sex]

    @property
    def them(self) -> str:
        return {"F": "her", "M": "him", "X": "them"}[self.sex]

    @property
    def title(self) -> str:
        return {"F": "Ms.", "M": "Mr.", "X": "Mx."}[self.sex]

    @property
    def oov(self) -> bool:
        return self.oov_first or self.oov_last

    def full(self) -> Phi:
        return Phi(f"{self.first} {self.last}", "NAME", self.oov)

    def full_mid(self) -> Phi:
        mid = f" {self.middle[0]}. " if self.middle else " "
        return Phi(f"{self.first}{mid}{self.last}", "NAME", self.oov)

    def fn(self) -> Phi:
        return Phi(self.first, "NAME", self.oov_first)

    def ln(self) -> Phi:
        return Phi(self.last, "NAME", self.oov_last)

    def rev(self) -> Phi:
        return Phi(f"{self.last}, {self.first}", "NAME", self.oov)

    def initial(self) -> Phi:
        return Phi(f"{self.first[0]}. {self.last}", "NAME", self.oov_last)

    def called(self) -> Phi:
        return Phi(self.nick or self.first, "NAME", self.oov_first and not self.nick)

    def formal(self) -> list:
        return [self.title + " ", self.ln()]

    def poss(self, form: Phi | None = None) -> list:
        return [form or self.fn(), "'s"]


class NameBank:
    """Draws seeded people from many origins."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng = rng
        self.fakers = {}
        for i, loc in enumerate(FAKER_LOCALES):
            fk = Faker(loc)
            fk.seed_instance(seed + i)
            self.fakers[loc] = fk
        self.census_f = _census("dist.female.first", 700)
        self.census_m = _census("dist.male.first", 500)
        self.census_l = _census("dist.all.last", 3000)

    def vocab_surname(self) -> str:
        """A census surname (for organisations named after people; oov.py makes the rest)."""
        return self.rng.choice(self.census_l)

    def _faker_name(self, loc: str, sex: str) -> tuple[str, str]:
        fk = self.fakers[loc]
        if loc in ("zh_CN", "ja_JP"):
            return fk.first_romanized_name(), fk.last_romanized_name()
        first = fk.first_name_female() if sex == "F" else fk.first_name_male()
        first, last = first.split()[0], fk.last_name()
        if loc == "vi_VN" or (loc in ("pl_PL", "tr_TR", "de_DE") and self.rng.random() < 0.5):
            first, last = _plain(first), _plain(last)
        return first, last

    def person(self, sex: str | None = None, origin: str | None = None) -> Person:
        rng = self.rng
        sex = sex or rng.choice("FFFMMMX" if rng.random() < 0.1 else "FM")
        pick_sex = sex if sex in "FM" else rng.choice("FM")
        origin = (
            origin
            or rng.choices(
                ["census", "faker_us", "word", "faker_world", "hand"], [22, 14, 16, 33, 15]
            )[0]
        )
        if origin == "census":
            first = rng.choice(self.census_f if pick_sex == "F" else self.census_m)
            last = rng.choice(self.census_l)
        elif origin == "faker_us":
            first, last = self._faker_name("en_US", pick_sex)
        elif origin == "word":
            first = rng.choice(WORD_FIRST_F if pick_sex == "F" else WORD_FIRST_M)
            last = rng.choice(WORD_LAST + self.census_l[:200])
        elif origin == "faker_world":
            first, last = self._faker_name(rng.choice(FAKER_LOCALES[1:]), pick_sex)
        else:
            m, f, lasts = HAND[rng.choice(sorted(HAND))]
            first, last = rng.choice(f if pick_sex == "F" else m), rng.choice(lasts)
        oov_first, oov_last = rng.random() < OOV_SHARE, rng.random() < OOV_SHARE
        if oov_first:
            first = oov.given(rng, pick_sex)
        if oov_last:
            last = oov.surname(rng)
        if rng.random() < 0.06:  # hyphenated or double surname
            last = f"{last}-{rng.choice(self.census_l[:400])}"
        middle = rng.choice(self.census_f + self.census_m) if rng.random() < 0.3 else ""
        nick = NICKNAMES.get(first, "") if rng.random() < 0.7 else ""
        return Person(first, last, sex, middle, nick, oov_first, oov_last)
