"""Life-event sentences dense with identifiers and look-alikes, mixed into every style.

Each builder returns a list of pieces; ``narrative(c, n)`` picks ``n`` of them. Several
sentences deliberately use a word both as a name and as a word (Aunt May visits every May).
"""

from __future__ import annotations

import contacts
import ids
import phrases as ph
from builder import Phi
from context import Ctx


def _rel(c: Ctx) -> list:
    rel, r = c.relative()
    return [c.pt.their, " ", rel, " ", c.ch(r.fn(), r.full(), r.called())]


def _word_name(c: Ctx) -> list:
    return c.ch(
        ["Brother ", Phi("Will", "NAME"), " will drive ", c.pt.them, " to appointments."],
        ["Sponsor ", Phi("Grace", "NAME"), " talked about grace and patience."],
        ["Aunt ", Phi("May", "NAME"), " visits every ", Phi("May", "DATE"), "."],
        ["Friend ", Phi("Hope", "NAME"), " said there is hope if ", c.pt.they, " keeps going."],
        ["Cousin ", Phi("June", "NAME"), " is getting married in ", Phi("June", "DATE"), "."],
        [
            "Her son ",
            Phi("Hunter", "NAME"),
            " goes hunting with his uncle ",
            Phi("Art", "NAME"),
            ".",
        ],
        ["Neighbor ", Phi("Bill", "NAME"), " helped with the electric bill."],
        ["Coworker ", Phi("Mark", "NAME"), " left a mark on the schedule for extra shifts."],
        ["Sister ", Phi("Faith", "NAME"), " brings up faith a lot, which pt finds hard."],
        ["Daughter ", Phi("Summer", "NAME"), " is home for the summer."],
        ["Roommate ", Phi("Joy", "NAME"), " brings some joy to the apartment."],
        ["Ex ", Phi("Chase", "NAME"), " tried to chase pt down in the parking lot."],
        ["Grandma ", Phi("Rose", "NAME"), " rose early to cook for everyone."],
        ["Niece ", Phi("April", "NAME"), " was born in ", Phi("April", "DATE"), "."],
        ["Friend ", Phi("Dawn", "NAME"), " walks with pt at dawn."],
    )


def _events(c: Ctx) -> list:
    pt, r = c.pt, c.rng
    return [
        lambda: ["Went to ", c.org("church"), " on ", c.wkday(), " with ", _rel(c), "."],
        lambda: ["Was let go from ", c.org("employer"), " on ", c.date(-90, -5), "."],
        lambda: [
            role := c.ch("Grandmother", "Great-aunt", "Father"),
            " ",
            c.kin(role).full(),
            ", ",
            c.age_piece(r.randint(90, 104)),
            ", lives with the family.",
        ],
        lambda: [
            pt.their.capitalize(),
            " ",
            c.age_piece(r.randint(90, 101), words=c.chance(0.3)),
            "-year-old ",
            c.ch("mother", "grandfather"),
            " fell on ",
            c.wkday(),
            ".",
        ],
        lambda: [
            "Has an appointment with ",
            c.clin(True).ref(r),
            " at ",
            c.org("hospital"),
            " on ",
            c.date(3, 30),
            " at ",
            ph.time_(c),
            ".",
        ],
        lambda: [
            "Landlord ",
            c.person().full(),
            " served an eviction notice for ",
            c.p.street,
            " on ",
            c.date(-20, -1),
            ".",
        ],
        lambda: [
            "Daughter ",
            c.person("F").fn(),
            " attends ",
            c.org("school"),
            " (student ID ",
            Phi(ids.digits(r, 8), "OTHER_ID"),
            ").",
        ],
        lambda: [
            "Sister ",
            c.person("F").fn(),
            " called from ",
            ids.world_city(r),
            "; her number is ",
            ids.phone(r),
            ".",
        ],
        lambda: ["Uses CPAP at night (serial ", ids.device_serial(r), ")."],
        lambda: [
            "Probation officer ",
            c.person().full(),
            " (",
            ids.phone(r),
            ") wants monthly letters; probation ID ",
            Phi(f"P-{ids.digits(r, 6)}", "OTHER_ID"),
            ".",
        ],
        lambda: ["Pt texted a photo of the bruise (", ids.image_name(r), ")."],
        lambda: [
            "Bank account ",
            ids.account(r),
            " was emptied by ",
            pt.their,
            " nephew ",
            c.person("M").fn(),
            "; ",
            c.org("agency"),
            " notified.",
        ],
        lambda: ["Identity verified with last four of SSN (", Phi(ids.digits(r, 4), "SSN"), ")."],
        lambda: ["SSN ", ids.ssn(r), " given for the disability application."],
        lambda: ["Car (plate ", ids.plate(r), ") was towed from ", ids.street(r), "."],
        lambda: ["VIN ", ids.vin(r), " on the title pt brought in for the DMV form."],
        lambda: ["Portal message came from IP ", ids.ip(r), " and was flagged for review."],
        lambda: [
            "Family set up a fundraiser: ",
            Phi(
                "https://www.gofundme.com/f/help-"
                + contacts._ascii(pt.first).lower()
                + c.ch("-recover", "-family", ""),
                "URL",
            ),
            ".",
        ],
        lambda: [
            "Reports tremor, worried about Parkinson's; neurologist ",
            c.clin(True).ref(r),
            " at ",
            c.org("clinic"),
            " following.",
        ],
        lambda: [
            role := c.ch("Mother", "Father", "Husband"),
            " ",
            c.kin(role).fn(),
            " died on ",
            c.date(-400, -30),
            "; service at ",
            c.org("church"),
            " in ",
            ids.city(r),
            ".",
        ],
        lambda: [
            "Moved to ",
            ids.neighbourhood(r),
            " in ",
            str(c.visit.year - r.randint(1, 9)),
            " after living in ",
            ids.city(r),
            ", ",
            ids.pick(r, ids.STATES),
            ".",
        ],
        lambda: [
            "Works nights at ",
            c.org("employer"),
            " in ",
            ids.city(r),
            "; manager ",
            c.person().fn(),
            " is supportive.",
        ],
        lambda: [
            "Court date ",
            c.date(5, 60),
            " in ",
            ids.city(r),
            ", docket ",
            Phi(f"{c.visit.year % 100}-CR-{ids.digits(r, 4)}", "OTHER_ID"),
            ".",
        ],
        lambda: ["Dog Max sleeps in pt's bed; cat Luna too."],
        lambda: [
            pt.their.capitalize(),
            " ",
            c.ch("ex", "cousin", "coworker"),
            " keeps messaging from ",
            contacts.handle(r, c.person().first, c.person().last),
            " on ",
            c.ch("Instagram", "TikTok", "Snapchat", "X"),
            "; pt blocked the account.",
        ],
        lambda: [
            "Pt follows a recovery coach, ",
            contacts.handle(r, c.person().first, "coach"),
            ", and finds the posts helpful.",
        ],
        lambda: ["Mailing address changed to ", ids.address(r), "."],
        lambda: [
            "Dx ",
            ph.eponym(c),
            "; completed the ",
            c.ch(*ph.INSTRUMENTS),
            " on ",
            c.date(-30, -1),
            ".",
        ],
        lambda: [
            "Driver's license ",
            ids.license_no(r, "dl"),
            " suspended until ",
            c.date(30, 200),
            ".",
        ],
        lambda: [
            "Insurance changed to Medicaid, ID ",
            ids.plan_id(r),
            ", effective ",
            c.date(-30, 10),
            ".",
        ],
        lambda: _word_name(c),
        lambda: _word_name(c),
    ]


def narrative(c: Ctx, n: int = 2) -> list:
    """``n`` distinct event sentences, space separated."""
    builders = _events(c)
    picks = c.rng.sample(range(len(builders)), n)
    out: list = []
    for i, k in enumerate(picks):
        out += ([" "] if i else []) + builders[k]()
    return out
