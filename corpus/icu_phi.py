"""The identifiers an ICU nursing note carries, written the way nurses chart them.

Real ICU notes rarely put a cue a rule knows before an identifier: a physician is "MARLOW AWARE"
or "paged hale x2", a relative is "ROSA IN TO VISIT", a hospital is "XGH" or "osh (st.
brennan's)", a date is "s/p cabg 9/7" or "HX:8/30", and the note ends "J. MARLOW RN". A model
trained on tidy cues ("dr green", "daughter Ruby") learns that a bare name in an ICU note is never
one. Each builder here returns the pieces of one fragment (``Phi`` values and plain text) for a
place in the note, and how many spans it holds is its declared cost, so the planner can keep a
note at 1-5 identifiers. The look-alikes these fragments sit among (times, "2/2", "csru",
"7 west", "retired from the post office") stay plain text.
"""

from __future__ import annotations

import random

import ids
import oov
from builder import Phi
from contacts import SAINTS
from people import OOV_SHARE, Person

WORD_SURNAMES = (
    "Green Hale Marsh Rose Bell Gray Moss Reed Hart Park Wise Lamb Nash Stone Wells Frost Banks "
    "Lane Hill Cross Sharp Small Long Strong Price Day Young Black White Brown Fox Love Woods"
).split()
"""Census surnames that are also ordinary English words ("paged hale", "rose in to see pt")."""
TRIP_PLACES = (
    "Rome|Dublin|Cancun|Toronto|Vancouver|Lisbon|Athens|Naples|Manila|Seoul|Warsaw|Lima|"
    "San Juan|Honolulu|Montreal|Vegas|Myrtle Beach|Branson|Palm Springs"
).split("|")
"""Where families fly to or in from (the state a note names instead stays unlabelled)."""
UNIT_ACRONYMS = frozenset(
    "ICU MICU SICU CCU CSRU CVICU NICU PICU TSICU PACU ED ER OR IR ICN OSH VA CT MRI GI ENT".split()
)
"""Generic unit and service acronyms a hospital abbreviation must not collide with."""
PROCS = ("cabg", "mi", "avr", "mvr", "chole", "cva", "ppm", "lap chole", "turp", "cea")
ORDERS = ("new orders rec'd", "no new orders", "will cont to monitor", "orders given")
WEEKDAYS = (
    "mon|monday|tues|tuesday|wed|wednesday|thurs|thursday|fri|friday|sat|saturday|sun|sunday"
).split("|")
CREDS = ("RN", "RN", "RN", "R.N.", "RN BSN", "RRT", "SN", "NP")


# -- names and places in the forms nurses write -----------------------------------------------
def surname_person(w) -> Person:
    """A clinician; now and then one whose surname is an ordinary word (Hale, Marsh, Rose)."""
    p = w.c.person()
    if w.r.random() < 0.25 and not p.oov_last:  # keeps the invented share of surnames
        p = Person(p.first, w.r.choice(WORD_SURNAMES), p.sex, p.middle, p.nick, p.oov_first)
    return p


def clinician_ref(w, p: Person) -> Phi:
    """A clinician by surname (most often), initial + surname, or first name, with no title."""
    r = w.r
    form = r.choices(["last", "init", "first", "full"], [55, 25, 10, 10])[0]
    if form == "last":
        phi = p.ln()
    elif form == "init":
        dot = r.choice([". ", ".", " ", ". "])
        phi = Phi(f"{p.first[0]}{dot}{p.last}", "NAME", p.oov_last)
    elif form == "first":
        phi = p.fn()
    else:
        phi = p.full()
    return w.proper(phi)


def signature(w, p: Person) -> list:
    """The nurse's sign-off on the last line: "J. MARLOW RN", "- E. Tavren, RN", "KOSTER/RN"."""
    r, cred = w.r, w.r.choice(CREDS)
    form = r.choices(["init", "full", "last_slash", "last", "initials"], [30, 25, 15, 15, 15])[0]
    if form == "init":
        name = Phi(f"{p.first[0]}.{r.choice([' ', ' ', ''])}{p.last}", "NAME", p.oov_last)
    elif form == "full":
        name = p.full()
    elif form in ("last_slash", "last"):
        name = p.ln()
    else:  # the writer's initials, "-jm" (a signature's initials are a name)
        name = Phi(f"{p.first[0]}{p.last[0]}".lower(), "NAME")
        return [r.choice(["-", "- ", ""]), name, r.choice(["", " " + cred.lower()])]
    sep = "/" if form == "last_slash" else r.choice([" ", ", ", ","])
    return [r.choice(["", "", "- ", "-"]), w.proper(name), sep, cred]


def _place_word(w) -> tuple[str, bool]:
    """A town name for a hospital ("Harlow"): a US city, or (~30%) an invented one."""
    if w.r.random() < OOV_SHARE:
        return oov.place(w.r, tail=False), True
    return ids.pick(w.r, ids.CITIES), False


def _surname_word(w) -> tuple[str, bool]:
    if w.r.random() < OOV_SHARE:
        return oov.surname(w.r), True
    return w.c.bank.vocab_surname(), False


def _saint(w) -> tuple[str, bool]:
    if w.r.random() < OOV_SHARE:
        return oov.word(w.r), True
    return ids.pick(w.r, SAINTS), False


def _abbreviation(name: str) -> str:
    """ "Harlow General Hospital" -> "HGH"; "St. Anne's Medical Center" -> "SAMC"."""
    words = [x for x in name.replace("-", " ").split() if x.lower() not in ("of", "&", "the")]
    return "".join(x[0] for x in words if x[0].isalpha()).upper()


def hospital(w) -> Phi:
    """A hospital as a nurse writes it: short name ("Harlow General"), abbreviation ("HGH")
    or the whole name."""
    r = w.r
    form = r.choices(["short", "abbr", "full"], [40, 40, 20])[0]
    if form == "full":
        return w.proper(w.c.org("hospital"))
    kind = r.choice(["general", "regional", "memorial", "saint", "mercy", "medical"])
    if kind == "saint":
        word, made = _saint(w)
        name = r.choice([f"St. {word}'s", f"St {word}'s", f"St. {word}"])
        long = f"St. {word}'s Hospital"
    elif kind == "memorial":
        word, made = _surname_word(w)
        name, long = f"{word} Memorial", f"{word} Memorial Hospital"
    else:
        word, made = _place_word(w)
        name = {
            "general": f"{word} General",
            "regional": f"{word} Regional",
            "mercy": f"Mercy {word}",
            "medical": f"{word} Medical Center",
        }[kind]
        long = name + ("" if kind == "medical" else " Hospital")
    if form == "abbr":
        abbr = _abbreviation(long)
        if 2 < len(abbr) <= 5 and abbr not in UNIT_ACRONYMS:
            return Phi(abbr, "ORGANIZATION")  # no invented word survives in the letters
    return w.proper(Phi(name, "ORGANIZATION", made))


def facility(w) -> Phi:
    """Where a patient goes after the ICU: a rehab, nursing home or hospice by its short name."""
    r = w.r
    if r.random() < 0.5:
        word, made = _place_word(w)
        name = r.choice([f"{word} Rehab", f"{word} Nursing & Rehab", f"{word} Manor"])
    else:
        word, made = _surname_word(w)
        name = r.choice([f"{word} House", f"{word} Manor", f"{word} Rehab", f"{word} Hospice"])
    return w.proper(Phi(name, "ORGANIZATION", made))


def town(w) -> Phi:
    return w.proper(ids.city(w.r))


def trip_place(w) -> Phi:
    if w.r.random() < 0.5:
        return w.proper(ids.world_city(w.r))
    return w.proper(Phi(w.r.choice(TRIP_PLACES), "LOCATION"))


def short_date(w, year: bool = False) -> Phi:
    """Nursing shorthand dates: "9/7", "10/15", "8/87" (month/year); never "m/5", which reads
    as a strength score."""
    r = w.r
    m = r.randint(1, 12)
    if year:
        return Phi(f"{m}/{r.choice([r.randint(70, 99), r.randint(0, 23)]):02d}", "DATE")
    d = r.randint(1, 30 if m != 2 else 28)
    if d == 5 and m < 10:
        d = 15
    return Phi(f"{m}/{d}", "DATE")


def weekday(w) -> Phi:
    return w.proper(Phi(w.r.choice(WEEKDAYS), "DATE"))


# -- fragments, by kind --------------------------------------------------------------------
def clin_bare(w, place: str) -> list:
    """A physician or NP by name alone, as subject or object."""
    c, n = w.c, clinician_ref(w, w.md())
    k = w.fill(c.ch("k {k}", "sbp {sbp10}s", "uo {uo}cc/hr", "hct {hct}", "tmax {tmax}"))
    return c.ch(
        [n, " aware"],
        [n, " aware of ", k],
        ["informed ", n, w.sep(", "), k],
        ["spoke w/", c.ch(" ", ""), n, " re plan"],
        ["per ", n, " ", c.ch("wean levo", "hold tf", "cont current plan", "ok to extubate")],
        ["paged ", n, " x", c.ch("1", "2", "3")],
        [n, " in to see pt"],
        ["d/w ", n, w.sep(", "), c.ch(*ORDERS)],
        [n, " notified", w.sep(", "), c.ch(*ORDERS)],
        [n, w.fill(" at bedside at {time}")],
        ["covering ", c.ch("md", "np", "resident"), " ", n, " aware"],
    )


def clin_titled(w, place: str) -> list:
    """The tidy form, kept at a lower share: a title before the surname."""
    c = w.c
    title = c.ch("dr ", "dr. ", "Dr. ", "dr.", "Dr ")
    return c.ch(
        [title, w.proper(w.md().ln()), " aware"],
        [
            title,
            w.proper(w.md().ln()),
            " notified of ",
            c.ch("sbp 80s", "uo", "temp"),
            ", no new orders",
        ],
        ["seen by ", title, w.proper(w.md().ln()), w.fill(" at {time}")],
    )


def clin_twice_first(w, place: str) -> list:
    """The first of two mentions of one physician ("paged hale x2 ... hale in to see pt")."""
    c = w.c
    return c.ch(
        ["paged ", clinician_ref(w, w.md()), " x", c.ch("2", "3")],
        [clinician_ref(w, w.md()), " aware of ", w.fill(c.ch("sbp {sbp10}s", "k {k}"))],
        ["informed ", clinician_ref(w, w.md())],
    )


def clin_twice_second(w, place: str) -> list:
    c = w.c
    return c.ch(
        [clinician_ref(w, w.md()), " in to see pt", w.sep(", "), c.ch(*ORDERS)],
        ["per ", clinician_ref(w, w.md()), " ", c.ch("cont current plan", "wean as tol")],
        [clinician_ref(w, w.md()), " to reassess in am"],
    )


def sign(w, place: str) -> list:
    return signature(w, w.writer())


def fam_bare(w, place: str) -> list:
    """A relative by first name, mostly with no relation word nearby."""
    c = w.c
    rel = c.ch("wife", "husband", "dtr", "son", "sister", "brother", "daughter")
    f = w.proper(c.kin({"dtr": "daughter"}.get(rel, rel)).fn())
    return c.ch(
        [f, " in to visit"],
        [f, " at bedside", w.sep(", "), "updated"],
        ["spoke w/", c.ch(" ", ""), f, " by phone"],
        ["called ", f, w.sep(", "), "updated re plan"],
        [f, " (hcp) updated by phone"],
        ["hcp is ", f],
        ["message left for ", f],
        [rel, " (", f, ") called"],
        [f, " (", rel, ") called for update"],
        [rel, " ", f, " in to visit"],
    )


def fam_pair(w, place: str) -> list:
    """Two relatives in one breath ("son Teo & dtr Lina")."""
    c = w.c
    a, b = c.ch(("son", "dtr"), ("wife", "son"), ("dtr", "dtr"), ("sister", "niece"))
    fa = w.proper(c.kin({"dtr": "daughter"}.get(a, a)).fn())
    fb = w.proper(c.kin({"dtr": "daughter"}.get(b, b)).fn())
    return c.ch(
        [a, " ", fa, " & ", b, " ", fb, " in to visit"],
        [fa, " and ", fb, " at bedside"],
        [a, " ", fa, "/", b, " ", fb, " updated"],
        [fa, c.ch(" & ", " and ", "+"), fb, " in", w.sep(", "), "questions answered"],
    )


def fam_surname(w, place: str) -> list:
    """The family by the patient's surname ("KEEP ROMANO FAMILY AWARE")."""
    c, last = w.c, w.proper(w.c.pt.ln())
    return c.ch(
        ["keep ", last, " family aware"],
        [last, " family in to visit"],
        [last, " family meeting", w.fill(" at {time}")],
        ["updated ", last, " family"],
    )


def pt_surname(w, place: str) -> list:
    """The patient by title and surname ("MR. ODELL", "ms odell")."""
    c, p = w.c, w.c.pt
    sex = p.sex if p.sex in "FM" else c.ch("F", "M")
    title = c.ch("mr. ", "mr ", "Mr. ") if sex == "M" else c.ch("ms. ", "ms ", "mrs ", "Mrs. ")
    doing = c.ch(
        "resting comfortably",
        "turned q2h",
        "oob to chair",
        w.fill("c/o pain {pain}/10"),
        "more alert this am",
        "pulling at lines",
    )
    return [title, w.proper(p.ln()), " ", doing]


def hosp(w, place: str) -> list:
    c = w.c
    return c.ch(
        ["transferred from ", hospital(w)],
        ["osh (", hospital(w), ")"],
        ["came from ", hospital(w), " ed"],
        ["transfer from ", hospital(w), " for ", c.ch("cath", "ercp", "higher level of care")],
        ["records from ", hospital(w), " faxed"],
        ["pt was at ", hospital(w), " x", c.ch("2", "3", "5"), " days"],
    )


def rehab(w, place: str) -> list:
    c = w.c
    return c.ch(
        ["to be sent to ", facility(w)],
        ["screened for ", facility(w)],
        ["d/c plan: ", facility(w), " vs home"],
        ["pt lives at ", facility(w)],
        ["came in from ", facility(w)],
    )


def where_lives(w, place: str) -> list:
    c = w.c
    return c.ch(
        ["lives in ", town(w), " w/ ", c.ch("wife", "husband", "dtr", "son", "family")],
        ["from ", town(w)],
        ["lives alone in ", town(w)],
        ["pt lives in ", town(w), ", ", ids.pick(w.r, ids.STATES[:20])],
        ["family driving in from ", town(w)],
    )


def trip(w, place: str) -> list:
    c = w.c
    return c.ch(
        [c.ch("dtr", "son", "wife", "family"), " to fly to ", trip_place(w), " next week"],
        [c.ch("son", "dtr", "sister"), " flying in from ", trip_place(w), " tonight"],
        ["pt was visiting from ", trip_place(w)],
        ["recently back from ", trip_place(w)],
        ["dtr lives in ", trip_place(w)],
    )


def named_ward(w, place: str) -> list:
    """A ward named after a person or building ("back to Farrow 6"); the number is not PHI."""
    c = w.c
    if w.r.random() < 0.5:
        p = c.person()
        ward = Phi(p.last, "LOCATION", p.oov_last)
    else:
        word, made = _surname_word(w)
        ward = Phi(word, "LOCATION", made)
    n = str(w.r.randint(2, 12))
    return c.ch(
        ["back to ", w.proper(ward), " ", n],
        ["? transfer to ", w.proper(ward), " ", n, " in am"],
        ["came up from ", w.proper(ward), " ", n],
        ["bed on ", w.proper(ward), " ", n, " requested"],
    )


def employer(w, place: str) -> list:
    c = w.c
    who = c.ch("husband", "wife", "pt", "son", "dtr")
    return c.ch(
        [who, " works at ", w.proper(c.org("employer"))],
        [who, " works for ", w.proper(c.org("employer"))],
        ["retired from ", w.proper(c.org("employer"))],
        [who, " is a teacher at ", w.proper(c.org("school"))],
    )


def date_hx(w, place: str) -> list:
    c = w.c
    return c.ch(
        ["s/p ", c.ch(*PROCS), " ", short_date(w)],
        ["s/p ", c.ch(*PROCS), " ", short_date(w, year=True)],
        [c.ch("mi", "cabg", "cva", "ppm"), " ", short_date(w, year=True)],
        [w.label("hx"), short_date(w, year=True), " ", c.ch("mi", "cva", "cabg", "pe")],
        [w.label("hx"), short_date(w), " fall at home"],
        ["intubated at osh ", short_date(w)],
        ["admitted ", short_date(w), " w ", c.ch("cp", "sob", "fever", "ams")],
    )


DATE_BODY = {
    "resp": (["ett placed ", "D"], ["extubated ", "D"], ["trach ", "D"]),
    "gi": (["last bm ", "D"], ["peg placed ", "D"], ["tf started ", "D"]),
    "gu": (["foley placed ", "D"], ["foley changed ", "D"]),
    "skin": (["r ij placed ", "D"], ["l fem line d/c'd ", "D"], ["picc placed ", "D"]),
    "id": (["abx started ", "D"], ["blood cx ", "D", " + gpc"], ["d/c'd vanco ", "D"]),
    "cv": (["at {time} ", "D", " pt became hypotensive"], ["echo ", "D", " ef 35%"]),
    "neuro": (["on ", "D", " pt self-extubated"], ["ct head ", "D", " neg"]),
    "events": (["on ", "D", " pt ", "went into afib"], ["at {time} ", "D", " pt had a fall"]),
}
"""Where a short date sits in a note's clinical sections; "D" is the date."""


def date_body(w, place: str) -> list:
    frag = w.c.ch(*DATE_BODY[place])
    return [short_date(w) if p == "D" else w.fill(p) for p in frag]


def date_plan(w, place: str) -> list:
    """A date ahead: a procedure in the plan, a visit or meeting (a weekday) anywhere."""
    c = w.c
    if place != "plan":
        return c.ch(
            ["family meeting ", weekday(w)],
            [c.ch("dtr", "son", "wife"), " to visit ", weekday(w)],
            ["last visit ", weekday(w)],
        )
    return c.ch(
        ["trach planned for ", short_date(w)],
        ["peg ", short_date(w), " if no change"],
        ["family meeting ", weekday(w)],
        [c.ch("dtr", "son", "wife"), " to visit ", weekday(w)],
        ["hd ", weekday(w), " per renal"],
    )


def phone(w, place: str) -> list:
    c = w.c
    return c.ch(
        ["family contact ", ids.phone(c.rng)],
        [c.ch("wife", "daughter", "son", "dtr"), "'s cell ", ids.phone(c.rng)],
        ["hcp # ", ids.phone(c.rng)],
    )


BODY = ("neuro", "cv", "resp", "gi", "gu", "skin", "id", "labs", "events")
KINDS: dict[str, tuple] = {
    # kind: (builder, spans it holds, places it may go, weight)
    "clin_bare": (clin_bare, 1, BODY + ("plan",), 20),
    "clin_titled": (clin_titled, 1, BODY + ("plan",), 6),
    "clin_twice": (None, 2, (), 7),  # clin_twice_first in the body, clin_twice_second in plan
    "sign": (sign, 1, ("sign",), 14),
    "fam_bare": (fam_bare, 1, ("social",), 12),
    "fam_pair": (fam_pair, 2, ("social",), 4),
    "fam_surname": (fam_surname, 1, ("social", "plan"), 3),
    "pt_surname": (pt_surname, 1, BODY, 6),
    "hosp": (hosp, 1, ("history",), 11),
    "rehab": (rehab, 1, ("plan", "social"), 4),
    "where_lives": (where_lives, 1, ("social",), 5),
    "trip": (trip, 1, ("social",), 3),
    "named_ward": (named_ward, 1, ("plan",), 4),
    "employer": (employer, 1, ("social",), 3),
    "date_hx": (date_hx, 1, ("history",), 9),
    "date_body": (date_body, 1, tuple(DATE_BODY), 8),
    "date_plan": (date_plan, 1, ("plan", "social"), 5),
    "phone": (phone, 1, ("social",), 3),
}
SPAN_COUNTS = (1, 2, 3, 4, 5)
SPAN_WEIGHTS = (32, 26, 20, 13, 9)
"""How many identifiers a note that has any carries (1-5, most often one or two)."""


def plan(r: random.Random, places: tuple[str, ...]) -> list[tuple[str, str]]:
    """(kind, place) pairs whose spans add up to 1-5; only places this style writes."""
    target = r.choices(SPAN_COUNTS, SPAN_WEIGHTS)[0]
    kinds = sorted(KINDS)
    out: list[tuple[str, str]] = []
    left = target
    while left > 0:
        kind = r.choices(kinds, [KINDS[k][3] for k in kinds])[0]
        build, cost, where, _ = KINDS[kind]
        if cost > left or (kind in ("sign", "clin_twice") and any(k == kind for k, _ in out)):
            continue
        if kind == "clin_twice":
            body = [p for p in BODY if p in places]
            out += [("clin_twice_first", r.choice(body)), ("clin_twice_second", "plan")]
        else:
            usable = [p for p in where if p in places]
            if not usable:
                continue
            out.append((kind, r.choice(usable)))
        left -= cost
    return out


KIND_OF = {"clin_twice_first": "clin_twice", "clin_twice_second": "clin_twice"}
"""The kind a plan entry counts under in STATS.md."""


def cost(kind: str) -> int:
    """How many spans one plan entry writes (each mention of "clin_twice" is one)."""
    return KINDS[kind][1] if kind in KINDS else 1


def spans(plan: list[tuple[str, str]]) -> int:
    """How many identifier spans a plan writes."""
    return sum(cost(k) for k, _ in plan)


BUILDERS = {k: v[0] for k, v in KINDS.items() if v[0] is not None} | {
    "clin_twice_first": clin_twice_first,
    "clin_twice_second": clin_twice_second,
}
