"""Fake organisations and online identifiers (emails, URLs, social handles)."""

from __future__ import annotations

import random
import unicodedata

import oov
from builder import Phi
from ids import CITIES, OOV_SHARE, digits, pick

EMPLOYERS = (
    "Target|Walmart|Amazon|UPS|FedEx|Starbucks|Costco|Home Depot|Kroger|Chipotle|Jewel-Osco|"
    "Menards|Walgreens|Tyson Foods|Aldi|Best Buy|Lowe's|Culver's|Dunkin'|Panera Bread"
).split("|")
SAINTS = (
    "Mary|Joseph|Luke|Anne|Vincent|Francis|Catherine|Jude|Elizabeth|Michael|Teresa|Anthony".split(
        "|"
    )
)
DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com")


def org(rng: random.Random, kind: str, surname: str = "Hawthorne") -> Phi:
    """An organisation of a kind; about 30% are built on invented words (``oov`` set)."""
    if rng.random() < OOV_SHARE:
        return _invented_org(rng, kind)
    c, s = pick(rng, CITIES), pick(rng, SAINTS)
    options = {
        "hospital": [
            f"{c} General Hospital",
            f"St. {s}'s Medical Center",
            f"{surname} Memorial Hospital",
            f"Mercy {c} Medical Center",
            f"{c} Regional Medical Center",
            f"Northwestern {c} Hospital",
            f"{c} Behavioral Hospital",
        ],
        "clinic": [
            f"{c} Counseling Center",
            "Lakeside Behavioral Health",
            f"{surname} Family Clinic",
            f"{c} Community Mental Health Center",
            "Riverbend Psychiatry Associates",
            f"{surname} Psychological Services",
            "Northshore Wellness Group",
            f"{c} Recovery Center",
            "Bright Path Pediatrics",
        ],
        "school": [
            f"{surname} Elementary",
            f"{c} High School",
            f"St. {s} Catholic School",
            f"{surname} Middle School",
            f"{c} Community College",
            f"{c} State University",
            f"{surname} Academy",
            "Lincoln Park High School",
        ],
        "employer": list(EMPLOYERS)
        + [
            f"{surname} Construction",
            f"{c} Public Schools",
            f"{surname} & Sons Plumbing",
            f"{c} Fire Department",
        ],
        "church": [
            "Grace Community Church",
            f"St. {s} Parish",
            f"First Baptist Church of {c}",
            "New Hope Fellowship",
            "Masjid Al-Noor",
            f"Temple Beth {surname}",
            f"{c} Vietnamese Alliance Church",
        ],
        "agency": [
            f"{c} Housing Authority",
            "Catholic Charities",
            f"{c} Youth Services Bureau",
            "Lutheran Social Services",
            f"{surname} County Department of Human Services",
            "Salvation Army",
            f"{c} Legal Aid Society",
            "Thresholds",
            "Heartland Alliance",
        ],
    }[kind]
    return Phi(pick(rng, options), "ORGANIZATION")


INVENTED_ORGS = {
    "hospital": (
        "{p} General Hospital|{w} Memorial Hospital|{p} Regional Medical Center|"
        "St. {w}'s Hospital|{p} Behavioral Hospital|{w} Medical Center"
    ),
    "clinic": (
        "{p} Counseling Center|{w} Behavioral Health|{w} Family Clinic|{p} Recovery Center|"
        "{w} Psychiatry Associates|{p} Community Mental Health Center|{w} Wellness Group"
    ),
    "school": "{w} Elementary|{p} High School|{w} Middle School|{p} Community College|{w} Academy",
    "employer": "{w} Construction|{w} Logistics|{p} Public Schools|{w} Foods|{w} & Sons Plumbing",
    "church": "{w} Baptist Church|St. {w} Parish|{p} Fellowship|First Church of {p}",
    "agency": "{p} Housing Authority|{w} Family Services|{p} Legal Aid Society|{w} House",
}


def _invented_org(rng: random.Random, kind: str) -> Phi:
    """An organisation named with invented words ("Vannik Behavioral Health")."""
    template = pick(rng, INVENTED_ORGS[kind].split("|"))
    name = template.format(p=oov.place(rng, tail=False), w=oov.word(rng))
    return Phi(name, "ORGANIZATION", True)


def email(rng: random.Random, first: str, last: str, domain: str | None = None) -> Phi:
    f, la = _ascii(first).lower(), _ascii(last).lower().replace(" ", "")
    local = rng.choice(
        [
            f"{f}.{la}",
            f"{f[0]}{la}",
            f"{f}{la}{rng.randint(1, 99)}",
            f"{f}_{la[:4]}{rng.randint(70, 99)}",
            f"{la}.{f[0]}",
        ]
    )
    return Phi(f"{local}@{domain or pick(rng, DOMAINS)}", "EMAIL")


def _ascii(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return "".join(c for c in s if c.isalnum()) or "pt"


def url(rng: random.Random, org_name: str = "", person: str = "") -> Phi:
    slug = _ascii(org_name).lower()[:18] or "clinic"
    who = _ascii(person).lower() or "friend"
    return Phi(
        rng.choice(
            [
                f"https://www.{slug}.org/patient-portal",
                f"www.{slug}.com",
                f"https://{slug}.mychart.org/login",
                f"https://www.gofundme.com/f/help-{who}",
                f"http://{who}{rng.randint(1, 99)}.blogspot.com",
                f"https://doxy.me/{slug[:10]}",
                f"zoom.us/j/{digits(rng, 10)}",
                f"https://www.facebook.com/{who}.{digits(rng, 3)}",
            ]
        ),
        "URL",
    )


def handle(rng: random.Random, first: str, last: str) -> Phi:
    f, la = _ascii(first).lower(), _ascii(last).lower()
    base = rng.choice(
        [
            f"{f}_{la[:3]}{rng.randint(1, 99)}",
            f"{f}.{la}",
            f"xo{f}xo",
            f"{la}{f[0]}{rng.randint(0, 9)}",
            f"lil{f}{rng.randint(1, 9)}",
        ]
    )
    return Phi(("@" if rng.random() < 0.75 else "") + base, "SOCIAL_HANDLE")
