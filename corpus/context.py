"""Per-patient records and per-note context shared by every style template."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import contacts
import ids
from builder import Phi
from people import NameBank, Person

CREDS_DOC = ("MD", "DO", "PhD", "PsyD")
CREDS_OTHER = ("LCSW", "LPC", "LMFT", "LCPC", "LMHC", "PMHNP-BC", "APRN", "RN", "NP", "CADC")
NUM_WORDS = {
    90: "ninety",
    91: "ninety-one",
    92: "ninety-two",
    93: "ninety-three",
    94: "ninety-four",
    95: "ninety-five",
    96: "ninety-six",
    97: "ninety-seven",
}

SEX_OF = {
    "daughter": "F",
    "son": "M",
    "wife": "F",
    "husband": "M",
    "mother": "F",
    "father": "M",
    "sister": "F",
    "brother": "M",
    "aunt": "F",
    "grandmother": "F",
    "girlfriend": "F",
    "boyfriend": "M",
    "niece": "F",
    "grandfather": "M",
    "great-aunt": "F",
    "nephew": "M",
    "uncle": "M",
}


@dataclass(frozen=True)
class Clinician:
    person: Person
    cred: str

    @property
    def doctor(self) -> bool:
        return self.cred in ("MD", "DO", "PhD", "PsyD")

    def sig(self) -> list:
        return [
            self.person.full_mid() if self.person.middle else self.person.full(),
            ", ",
            self.cred,
        ]

    def ref(self, rng: random.Random) -> list:
        """How a colleague refers to this clinician in running text."""
        if self.doctor:
            return rng.choice([["Dr. ", self.person.ln()], ["Dr. ", self.person.full()]])
        return rng.choice(
            [[self.person.full()], [self.person.fn()], [self.person.full(), ", ", self.cred]]
        )


@dataclass
class Patient:
    pid: str
    person: Person
    dob: dt.date
    mrn: Phi
    ssn: Phi
    phone: Phi
    email: Phi
    street: Phi
    city: Phi
    state: str
    zip: Phi
    plan: Phi
    account: Phi
    notes: list[str] = field(default_factory=list)


def make_patient(rng: random.Random, bank: NameBank, pid: str, kind: str = "adult") -> Patient:
    person = bank.person()
    if kind == "child":
        age = rng.randint(5, 17)
    elif kind == "old" or rng.random() < 0.09:
        age = rng.randint(90, 103)
    else:
        age = rng.randint(18, 86)
    dob = ids.rand_date(rng, dt.date(2024 - age, 1, 1), dt.date(2024 - age, 12, 28))
    return Patient(
        pid=pid,
        person=person,
        dob=dob,
        mrn=ids.mrn(rng),
        ssn=ids.ssn(rng),
        phone=ids.phone(rng),
        email=contacts.email(rng, person.first, person.last),
        street=ids.street(rng, person.last, person.oov_last),
        city=ids.city(rng),
        state=ids.pick(rng, ids.STATES),
        zip=ids.zipcode(rng),
        plan=ids.plan_id(rng),
        account=ids.account(rng),
    )


class Ctx:
    """Everything a template needs for one note: the rng, the patient, dates and new people."""

    def __init__(self, rng: random.Random, bank: NameBank, patient: Patient) -> None:
        self.rng, self.bank, self.p = rng, bank, patient
        self.pt = patient.person
        self.visit = ids.rand_date(rng, dt.date(2022, 1, 3), dt.date(2025, 6, 27))
        self.age = (self.visit - patient.dob).days // 365

    # -- choices -------------------------------------------------------------------------
    def ch(self, *options):
        return options[self.rng.randrange(len(options))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -- dates and ages ------------------------------------------------------------------
    def vdate(self, kind: str | None = None) -> Phi:
        return ids.fmt_date(self.rng, self.visit, kind)

    def date(self, lo: int = -60, hi: int = 60, kind: str | None = None) -> Phi:
        d = self.visit + dt.timedelta(days=self.rng.randint(lo, hi))
        return ids.fmt_date(self.rng, d, kind)

    def dob(self, kind: str | None = None) -> Phi:
        return ids.fmt_date(self.rng, self.p.dob, kind or self.ch("mdy", "mdy1", "long", "iso"))

    def wkday(self) -> Phi:
        return ids.weekday(self.rng)

    def age_piece(self, age: int | None = None, words: bool = False) -> str | Phi:
        """Ages over 89 are PHI; younger ages stay plain text."""
        age = self.age if age is None else age
        if age > 89:
            return Phi(NUM_WORDS.get(age, str(age)) if words else str(age), "AGE")
        return str(age)

    def age_phrase(self) -> list:
        a = self.age_piece()
        return self.ch([a, "-year-old"], [a, " y/o"], [a, "yo"], [a, " year old"], ["age ", a])

    # -- people --------------------------------------------------------------------------
    def person(self, sex: str | None = None) -> Person:
        return self.bank.person(sex=sex)

    def clin(self, doctor: bool | None = None) -> Clinician:
        doctor = self.chance(0.4) if doctor is None else doctor
        cred = self.ch(*CREDS_DOC) if doctor else self.ch(*CREDS_OTHER)
        return Clinician(self.bank.person(), cred)

    def relative(self) -> tuple[str, Person]:
        rel = self.ch(
            "daughter",
            "son",
            "wife",
            "husband",
            "mother",
            "father",
            "sister",
            "brother",
            "partner",
            "roommate",
            "aunt",
            "grandmother",
            "girlfriend",
            "boyfriend",
            "cousin",
            "niece",
            "best friend",
            "neighbor",
        )
        return rel, self.kin(rel)

    def kin(self, role: str) -> Person:
        """A new person whose sex fits the family role (mother, son...)."""
        return self.bank.person(sex=SEX_OF.get(role.lower()))

    def name_ref(self, who: Person | None = None) -> list:
        """A varied reference to a person (default the patient)."""
        p = who or self.pt
        r = self.rng.random()
        if r < 0.3:
            return [p.fn()]
        if r < 0.45:
            return p.formal()
        if r < 0.6:
            return [p.called()]
        if r < 0.7:
            return [p.ln()]
        return [p.full()]

    # -- places and organisations --------------------------------------------------------
    def org(self, kind: str) -> Phi:
        return contacts.org(self.rng, kind, self.bank.vocab_surname())

    def address(self) -> list:
        p = self.p
        return [p.street, ", ", p.city, ", ", p.state, " ", p.zip]
