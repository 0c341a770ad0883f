"""Terse ICU nursing notes: system by system, and a free-run shift note, mostly without PHI.

Real ICU nursing notes are dense with shorthand (gtt, peep, c/d/i, q2h), numbers that look like
dates and are not (pain 4/10, PSV 10/5, 1/2 NS, strength 3/5) and carry few identifiers: most
have none. These styles draw their phrases from icu_vocabulary.txt, vary the case (ALL CAPS,
lower, mixed), drop spaces and misspell now and then. About a third carry 1-5 identifiers, placed
in the sections where nurses write them and in the forms they use (icu_phi.py): a physician by
bare surname, a relative by first name, a hospital by abbreviation, a shorthand date, a sign-off.
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import icu_phi
from builder import Doc, Phi
from context import Ctx
from people import Person

VOCABULARY = Path(__file__).with_name("icu_vocabulary.txt")
NO_PHI_SHARE = 0.65
"""Share of ICU notes with no identifier (real ICU nursing notes: about 60-70%)."""
SYSTEMS = ("neuro", "cv", "resp", "gi", "gu", "skin", "id", "heme", "labs", "social", "plan")
LABELS = {"id": "ID", "heme": "HEME", "labs": "LABS", "cv": "CV", "gi": "GI", "gu": "GU"}
MIXED_UPPER = frozenset(
    (
        "hr nsr st sb bp map cvp abg peep fio2 psv cpap tf ngt ogt gcs mae perrla perrl npo prn "
        "iv ivp k mg na cl co2 bun cr wbc hct plt inr ptt prbc ffp ns lr ett sbt rsbi cxr ci "
        "svr iabp pvc's pac's ble lue rue nc rt md rn dnr/dni tlc ij uo ppi ss fs icu micu "
        "sicu ccu ct cvvh mrsa pt/ot oob afib a/c riker ramsay ciwa"
    ).split()
)
"""Words a nurse writing in mixed case usually capitalises."""

SLOTS = {
    "orient": lambda r: str(r.choice([1, 2, 3, 3, 3])),
    "riker": lambda r: str(r.randint(2, 5)),
    "ramsay": lambda r: str(r.randint(2, 5)),
    "gcs": lambda r: str(r.choice([15, 15, 14, 11, 10, 9, 8, 7])),
    "pupil": lambda r: str(r.choice([2, 3, 3, 4])),
    "strength": lambda r: str(r.randint(2, 5)),
    "pain": lambda r: str(r.randint(0, 9)),
    "time": lambda r: (
        f"{r.choice([22, 23, 0, 1, 2, 3, 4, 5, 6, 8, 10, 14, 16, 18]):02d}"
        + r.choice(["00", "00", "30", "15", "45"])
    ),
    "fent": lambda r: str(r.choice([25, 50, 50, 75, 100])),
    "ciwa": lambda r: str(r.randint(4, 18)),
    "ativan": lambda r: r.choice(["0.5", "1", "1", "2"]),
    "dil": lambda r: r.choice(["0.5", "1", "2"]),
    "qh": lambda r: str(r.choice([1, 2, 2, 4])),
    "hr10": lambda r: str(r.choice([60, 70, 80, 80, 90, 100])),
    "hr10b": lambda r: str(r.choice([90, 100, 110, 120])),
    "hr": lambda r: str(r.randint(58, 124)),
    "sbp10": lambda r: str(r.choice([80, 90, 90, 100, 110])),
    "sbp10b": lambda r: str(r.choice([110, 120, 130])),
    "sbp": lambda r: str(r.randint(84, 168)),
    "dbp": lambda r: str(r.randint(42, 96)),
    "map": lambda r: str(r.randint(58, 96)),
    "mapgoal": lambda r: str(r.choice([60, 65, 65, 70])),
    "levo": lambda r: r.choice(["0.02", "0.04", "0.05", "0.08", "0.1", "0.12"]),
    "neo": lambda r: str(r.choice([20, 40, 60, 80, 100, 150])),
    "cvp": lambda r: str(r.randint(4, 10)),
    "cvp2": lambda r: str(r.randint(11, 16)),
    "ci": lambda r: f"{r.uniform(1.8, 3.4):.1f}",
    "svr": lambda r: str(r.randint(700, 1600)),
    "k": lambda r: f"{r.uniform(3.0, 4.9):.1f}",
    "kcl": lambda r: str(r.choice([20, 40, 60])),
    "mg": lambda r: f"{r.uniform(1.4, 2.4):.1f}",
    "bolus": lambda r: str(r.choice([250, 500, 500, 1000])),
    "edema": lambda r: str(r.randint(1, 3)),
    "lop": lambda r: r.choice(["2.5", "5", "5"]),
    "hep": lambda r: str(r.choice([800, 1000, 1100, 1250])),
    "ptt": lambda r: str(r.randint(38, 95)),
    "vt": lambda r: str(r.choice([400, 450, 500, 550, 600, 650])),
    "rrset": lambda r: str(r.choice([10, 12, 14, 16, 18])),
    "peep": lambda r: str(r.choice([5, 5, 8, 10, 12])),
    "fio2": lambda r: str(r.choice([30, 35, 40, 40, 50, 60, 100])),
    "psv": lambda r: str(r.choice([5, 8, 10, 10, 12, 15])),
    "rr": lambda r: str(r.randint(12, 32)),
    "tv": lambda r: str(r.choice([300, 350, 400, 450, 500])),
    "ph": lambda r: f"7.{r.randint(22, 48)}",
    "pco2": lambda r: str(r.randint(30, 62)),
    "po2": lambda r: str(r.randint(58, 180)),
    "hco3": lambda r: str(r.randint(16, 32)),
    "spo2": lambda r: str(r.randint(88, 95)),
    "spo2b": lambda r: str(r.randint(96, 100)),
    "o2": lambda r: str(r.choice([2, 3, 4, 6])),
    "ett": lambda r: str(r.choice([21, 22, 23, 24])),
    "ipap": lambda r: str(r.choice([10, 12, 14])),
    "epap": lambda r: str(r.choice([5, 6])),
    "rsbi": lambda r: str(r.randint(30, 110)),
    "tf": lambda r: str(r.choice([40, 50, 60, 65, 70, 80])),
    "resid": lambda r: str(r.choice([50, 100, 150, 200, 250])),
    "n": lambda r: str(r.randint(1, 4)),
    "glu": lambda r: str(r.randint(88, 180)),
    "glu2": lambda r: str(r.randint(181, 260)),
    "ins": lambda r: r.choice(["1", "2", "3.5", "4", "6"]),
    "uo": lambda r: str(r.choice([20, 30, 30, 40, 50])),
    "uo2": lambda r: str(r.choice([60, 80, 100, 150])),
    "lasix": lambda r: str(r.choice([20, 40, 40, 80])),
    "io": lambda r: f"{r.uniform(0.2, 2.5):.1f}",
    "los": lambda r: f"{r.uniform(2, 12):.1f}",
    "cr": lambda r: f"{r.uniform(0.6, 3.8):.1f}",
    "bun": lambda r: str(r.randint(8, 70)),
    "cvvh": lambda r: str(r.choice([50, 100, 150])),
    "stage": lambda r: r.choice(["i", "ii", "ii", "iii"]),
    "tmax": lambda r: f"{r.choice(['99.', '100.', '101.', '102.'])}{r.randint(0, 9)}",
    "temp": lambda r: f"{r.choice(['98.', '99.', '100.', '101.', '37.', '38.'])}{r.randint(0, 9)}",
    "wbc": lambda r: f"{r.uniform(3.1, 24.0):.1f}",
    "hct": lambda r: f"{r.uniform(21.0, 36.0):.1f}",
    "plt": lambda r: str(r.randint(34, 420)),
    "inr": lambda r: f"{r.uniform(1.0, 3.4):.1f}",
    "phos": lambda r: f"{r.uniform(1.8, 5.0):.1f}",
    "na": lambda r: str(r.randint(128, 148)),
    "cl": lambda r: str(r.randint(96, 112)),
    "co2": lambda r: str(r.randint(16, 32)),
    "lact": lambda r: f"{r.uniform(0.8, 6.5):.1f}",
    "trop": lambda r: f"0.{r.randint(1, 90):02d}",
}
SLOT = re.compile(r"\{(\w+)\}")
HEADERS = (
    "npn {shift}",
    "nursing progress note {shift}",
    "micu nsg note {shift}",
    "ccu npn {shift}",
    "sicu nursing {shift}",
    "csru nsg note {shift}",
    "nsg {shift}",
    "rn note {shift}",
    "{shift} npn",
)
SHIFTS = ("7a-7p", "7p-7a", "11p-7a", "3p-11p", "0700-1900", "1900-0700", "7a-3p", "noc")
REASONS = (
    "resp failure",
    "sepsis",
    "chf exacerbation",
    "gi bleed",
    "dka",
    "copd flare",
    "pna",
    "s/p cabg x3",
    "s/p avr",
    "etoh w/d",
    "sah",
    "nstemi",
    "uro-sepsis",
    "ards",
)
HISTORY = ("htn", "dm2", "cad", "copd", "ckd", "afib", "chf", "etoh abuse", "obesity", "pvd")


@cache
def vocabulary() -> dict[str, tuple[str, ...]]:
    """icu_vocabulary.txt as section -> phrases (file order)."""
    out: dict[str, list[str]] = {}
    section = None
    for line in VOCABULARY.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            out[section] = []
        elif section is None:
            raise ValueError("icu_vocabulary.txt: phrase before the first [section]")
        else:
            out[section].append(line)
    return {k: tuple(v) for k, v in out.items()}


def fill(r: random.Random, phrase: str) -> str:
    """Fill {slot}s with values; an unknown slot is an error in the vocabulary file."""
    return SLOT.sub(lambda m: SLOTS[m.group(1)](r), phrase)


class Writer:
    """One note's case and habits: mixed-case capitalisation, typos, dropped spaces."""

    def __init__(self, c: Ctx) -> None:
        self.c, self.r = c, c.rng
        self.case = self.r.choices(["upper", "lower", "mixed"], [40, 30, 30])[0]
        self.typo_rate = self.r.choice([0.0, 0.0, 0.01, 0.02, 0.04])
        self.tight = self.r.random() < 0.4  # drops spaces after commas and colons
        self.name_habit = self.r.choices(["as", "lower", "upper"], [45, 35, 20])[0]
        self._md: Person | None = None
        self._writer: Person | None = None

    def plain(self, s: str) -> str:
        """Non-PHI text as this nurse writes it (the whole note is cased after building)."""
        words = s.split(" ")
        out = []
        for w in words:
            if self.case == "mixed" and w.lower().strip(",.;:") in MIXED_UPPER:
                w = w.upper()
            if len(w) > 3 and w.isalpha() and self.r.random() < self.typo_rate:
                w = _typo(self.r, w)
            out.append(w)
        text = " ".join(out)
        if self.tight:
            text = re.sub(
                r"([,:]) (?=\S)",
                lambda m: m.group(1) if self.r.random() < 0.5 else m.group(0),
                text,
            )
        return text

    def phrases(self, section: str, lo: int, hi: int) -> str:
        pool = list(vocabulary()[section])
        self.r.shuffle(pool)
        picked = [fill(self.r, p) for p in pool[: self.r.randint(lo, hi)]]
        if self.case == "mixed" and self.r.random() < 0.5:
            picked = [p[0].upper() + p[1:] for p in picked]
        sep = self.r.choice([", ", ". ", "; ", ",", ". "])
        return self.plain(sep.join(picked))

    def label(self, section: str) -> str:
        name = LABELS.get(section, section)
        name = name.upper() if self.case != "lower" else name
        if self.case == "mixed" and section not in LABELS:
            name = self.r.choice([name.upper(), name.capitalize()])
        return name + self.r.choice([": ", ":", " - ", ": "])

    def proper(self, phi: Phi) -> Phi:
        """A name or place as this nurse writes it in a mixed-case note: as spelled, lower case
        ("paged hale") or capitals ("spoke w/ ROSA"); ALL CAPS and lower notes are cased later."""
        if self.case != "mixed":
            return phi
        habit = (
            self.name_habit if self.r.random() < 0.8 else self.r.choice(["as", "lower", "upper"])
        )
        text = {"as": phi.text, "lower": phi.text.lower(), "upper": phi.text.upper()}[habit]
        return Phi(text, phi.label, phi.oov)

    def sep(self, s: str) -> str:
        """A separator; a tight writer often drops the space after it ("AWARE,K 3.1")."""
        return s.rstrip() if self.tight and self.r.random() < 0.5 else s

    def fill(self, phrase: str) -> str:
        return self.plain(fill(self.r, phrase))

    def md(self) -> Person:
        """The physician this note talks about (one per note: "paged hale x2 ... hale in")."""
        if self._md is None:
            self._md = icu_phi.surname_person(self)
        return self._md

    def writer(self) -> Person:
        """The nurse who signs the note."""
        if self._writer is None:
            self._writer = icu_phi.surname_person(self)
        return self._writer

    def finish(self, d: Doc, plan: list[tuple[str, str]]) -> Doc:
        """Hand the note's case and identifier kinds to generate.py (which cases the note after
        building); every planned identifier must have been written, and nothing else."""
        d.case = None if self.case == "mixed" else self.case
        d.kinds = [icu_phi.KIND_OF.get(k, k) for k, _ in plan for _ in range(icu_phi.cost(k))]
        d.kinds += ["age"] * sum(1 for s in d.spans if s[2] == "AGE")
        if len(d.spans) != len(d.kinds):
            raise AssertionError("an ICU note's spans differ from its identifier plan")
        return d


def _typo(r: random.Random, w: str) -> str:
    i = r.randrange(1, len(w) - 1)
    kind = r.randrange(3)
    if kind == 0:
        return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    if kind == 1:
        return w[:i] + w[i + 1 :]
    return w[:i] + w[i] + w[i:]


# -- where the identifiers go ---------------------------------------------------------------
SYSTEMS_PLACES = ("history",) + SYSTEMS + ("sign",)
SHIFT_PLACES = ("history", "events", "neuro", "cv", "resp", "gi", "gu", "skin", "labs")
SHIFT_PLACES += ("social", "plan", "sign")


def _phi_plan(c: Ctx, places: tuple[str, ...]) -> list[tuple[str, str]]:
    """Which identifiers this note holds and where: none in about 65% of notes, else 1-5."""
    if c.chance(NO_PHI_SHARE):
        return []
    return icu_phi.plan(c.rng, places)


def _pieces(w: Writer, plan: list[tuple[str, str]], where: str) -> list:
    """The identifier fragments planned for a place in the note, each preceded by a separator."""
    out: list = []
    for kind, place in plan:
        if place == where:
            out += [w.sep(w.c.ch(", ", ". ", "; ", ". ")), icu_phi.BUILDERS[kind](w, place)]
    return out


def _places(plan: list[tuple[str, str]]) -> set[str]:
    return {place for _, place in plan}


def _history(w: Writer, plan: list[tuple[str, str]]) -> list:
    c = w.c
    hx = ", ".join(c.rng.sample(HISTORY, c.rng.randint(1, 4)))
    room = plan and icu_phi.spans(plan) < 5
    years = c.age if c.age <= 89 or room else c.rng.randint(45, 88)  # over 89 is PHI
    age = c.age_piece(years)
    sex = c.ch("m", "f", "yo m", "yo f")
    return [
        w.plain(f"{c.ch('pt is a ', '', 'pt ')}"),
        age,
        w.plain(f" {sex} w/ pmh {hx}, admitted w {c.ch(*REASONS)}"),
        _pieces(w, plan, "history"),
        ".",
    ]


def _sign_off(w: Writer, plan: list[tuple[str, str]]) -> list:
    """The last line: the nurse's signature when planned, else now and then a bare "rn"."""
    if "sign" in _places(plan):
        return [icu_phi.BUILDERS["sign"](w, "sign"), "\n"]
    if w.c.chance(0.5):
        return [w.plain(w.c.ch("rn", "-rn", "nsg", "-RN")), "\n"]
    return []


def systems(c: Ctx) -> Doc:
    """System-by-system ICU nursing note: NEURO: ... CV: ... RESP: ... SOCIAL: ... PLAN: ..."""
    d, w = Doc(), Writer(c)
    plan = _phi_plan(c, SYSTEMS_PLACES)
    used = _places(plan)
    d.line(w.plain(c.ch(*HEADERS).format(shift=c.ch(*SHIFTS))))
    if c.chance(0.6) or "history" in used:
        d.add(_history(w, plan), "\n")
    for section in SYSTEMS:
        if section in ("id", "heme", "labs") and c.chance(0.5) and section not in used:
            continue
        lo, hi = (1, 3) if section in ("social", "plan") else (1, 4)
        d.add(w.label(section), w.phrases(section, lo, hi))
        if section == "cv" and c.chance(0.5):
            d.add(w.plain(", " + fill(c.rng, "bp {sbp}/{dbp} hr {hr}")))
        d.add(_pieces(w, plan, section))
        d.add(c.ch(".\n", "\n", "\n", ". \n"))
    d.add(_sign_off(w, plan))
    return w.finish(d, plan)


def shift(c: Ctx) -> Doc:
    """Free-run shift note: events of the shift with times, drips, vent and labs in one run."""
    d, w = Doc(), Writer(c)
    plan = _phi_plan(c, SHIFT_PLACES)
    used = _places(plan)
    d.line(w.plain(c.ch("nursing note ", "npn ", "nsg ", "") + c.ch(*SHIFTS)))
    if c.chance(0.5) or "history" in used:
        d.add(_history(w, plan), " ")
    order = ["events", "neuro", "cv", "resp", "gi", "gu", "skin", "labs"]
    for section in order:
        if c.chance(0.25) and section not in ("events", "resp", "cv") and section not in used:
            continue
        if section != "events" and c.chance(0.4):
            d.add(w.plain(f"at {fill(c.rng, '{time}')} "))
        d.add(w.phrases(section, 1, 3), _pieces(w, plan, section))
        d.add(c.ch(". ", ". ", ".", ", ", "\n"))
    d.add(
        w.plain(c.ch("vs: ", "vss, ", "")),
        w.plain(fill(c.rng, "hr {hr} bp {sbp}/{dbp} rr {rr} sats {spo2b}%")),
        ". ",
    )
    d.add(w.phrases("social", 1, 2), _pieces(w, plan, "social"), ". ")
    d.add(w.phrases("plan", 1, 3), _pieces(w, plan, "plan"), ".\n")
    d.add(_sign_off(w, plan))
    return w.finish(d, plan)
