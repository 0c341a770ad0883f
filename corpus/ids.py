"""Fake identifiers, dates, places and organisations, each returned as labelled pieces."""

from __future__ import annotations

import datetime as dt
import random
import string

import oov
from builder import Phi

OOV_SHARE = 0.3
"""Share of cities, neighbourhoods, streets (and organisations, contacts.py) made by oov.py."""

MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
CITIES = (
    "Chicago|Evanston|Oak Park|Cicero|Joliet|Aurora|Naperville|Milwaukee|Madison|Kenosha|"
    "Minneapolis|St. Paul|Duluth|Des Moines|Cedar Rapids|Omaha|Lincoln|Topeka|Wichita|Tulsa|"
    "Austin|San Antonio|El Paso|Houston|Lubbock|Tyler|Denton|Albuquerque|Santa Fe|Tucson|Mesa|"
    "Phoenix|Flagstaff|Reno|Las Vegas|Boise|Spokane|Tacoma|Olympia|Eugene|Salem|Portland|"
    "Sacramento|Fresno|Oakland|Stockton|Modesto|Bakersfield|Riverside|Pasadena|Chula Vista|"
    "Denver|Boulder|Pueblo|Cheyenne|Billings|Fargo|Sioux Falls|Rapid City|Columbia|Jackson|"
    "Mobile|Montgomery|Birmingham|Memphis|Knoxville|Chattanooga|Louisville|Lexington|Dayton|"
    "Toledo|Akron|Columbus|Cleveland|Flint|Lansing|Kalamazoo|Gary|Fort Wayne|Muncie|Bloomington|"
    "Normal|Peoria|Springfield|Charlotte|Durham|Asheville|Greenville|Savannah|Macon|Tallahassee|"
    "Gainesville|Orlando|Tampa|Hialeah|Richmond|Norfolk|Roanoke|Baltimore|Dover|Trenton|Camden|"
    "Newark|Paterson|Yonkers|Buffalo|Syracuse|Albany|Utica|Scranton|Allentown|Reading|Erie|"
    "Pittsburgh|Hartford|New Haven|Providence|Worcester|Lowell|Burlington|Bangor|Manchester|"
    "Florence|Marion|Troy|Independence|Hope|Eureka|Paris|Athens|Warren|Aurora|Charleston"
).split("|")
NEIGHBOURHOODS = (
    "Logan Square|Pilsen|Humboldt Park|Rogers Park|Fishtown|Kensington|the Bronx|Bed-Stuy|"
    "Flatbush|Dorchester|Roxbury|East Boston|Little Village|Back of the Yards|Overtown|"
    "Little Havana|Boyle Heights|Koreatown|Ballard|Capitol Hill|Five Points|Over-the-Rhine|"
    "Germantown|Southside|Westwood|Near North Side|Uptown|Midtown"
).split("|")
WORLD_CITIES = (
    "Guadalajara|Monterrey|Puebla|Hanoi|Da Nang|Lagos|Ibadan|Mumbai|Pune|Chennai|Krakow|"
    "Gdansk|Lyon|Marseille|Munich|Leipzig|Manila|Cebu|Aleppo|Beirut|Mogadishu|Addis Ababa|"
    "Port-au-Prince|Busan|Shenzhen|Chengdu|Osaka|Kyiv|Izmir|San Salvador"
).split("|")
STATES = (
    "IL|WI|MN|IA|TX|CA|OH|MI|NY|PA|GA|FL|NC|WA|OR|CO|AZ|MA|NJ|TN|Illinois|Texas|Ohio|"
    "California|Michigan|New York|Georgia|Florida"
).split("|")
STREET_NAMES = (
    "Main|Oak|Maple|Elm|Cedar|Pine|Washington|Lincoln|Jefferson|Park|Lake|Hill|Church|Mill|"
    "Martin Luther King Jr.|Cesar Chavez|Division|Fullerton|Western|Halsted|Cottage Grove|"
    "Sunset|Ridge|Prospect|Highland|Spring|Walnut|Chestnut|Grand|Hope|Summer|Rose|Dawn|"
    "Willow|Birch|Meadow|Harrison|Madison|Monroe|Clark|Wells|Franklin|Garfield"
).split("|")
STREET_SUFFIX = "St|St.|Street|Ave|Ave.|Avenue|Blvd|Rd|Road|Dr|Drive|Ln|Lane|Ct|Way|Pl".split("|")
UNITS = ("Apt 2", "Apt. 4B", "Unit 12", "#3", "Apt 1R", "Apt. 207", "Unit C", "Fl 2", "Apt 9F")


def pick(rng: random.Random, seq):
    return seq[rng.randrange(len(seq))]


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def fmt_date(rng: random.Random, d: dt.date, kind: str | None = None) -> Phi:
    """A DATE piece in one of the formats clinicians write."""
    mon, mab = MONTHS[d.month - 1], MONTHS[d.month - 1][:3]
    kinds = {
        "mdy": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdy1": f"{d.month}/{d.day}/{d.year}",
        "mdy2": f"{d.month}/{d.day}/{d.year % 100:02d}",
        "md": f"{d.month}/{d.day}",
        "long": f"{mon} {d.day}, {d.year}",
        "long_nc": f"{mon} {d.day} {d.year}",
        "abbr": f"{mab} {d.day}, {d.year}",
        "abbr_md": f"{mab} {d.day}",
        "md_long": f"{mon} {d.day}",
        "ord": f"{mon} {d.day}{_ordinal(d.day)}",
        "iso": d.isoformat(),
        "dmy": f"{d.day} {mon} {d.year}",
        "dash": f"{d.month:02d}-{d.day:02d}-{d.year}",
        "wk_long": f"{WEEKDAYS[d.weekday()]}, {mon} {d.day}, {d.year}",
        "wk_md": f"{WEEKDAYS[d.weekday()][:3]} {d.month}/{d.day}",
    }
    kind = kind or rng.choices(list(kinds), [14, 10, 8, 10, 10, 3, 5, 4, 6, 3, 3, 3, 3, 2, 2])[0]
    return Phi(kinds[kind], "DATE")


def _ordinal(n: int) -> str:
    return "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def weekday(rng: random.Random, d: dt.date | None = None) -> Phi:
    return Phi(WEEKDAYS[d.weekday()] if d else pick(rng, WEEKDAYS), "DATE")


def month(rng: random.Random) -> Phi:
    return Phi(pick(rng, MONTHS), "DATE")


def phone(rng: random.Random, label: str = "PHONE") -> Phi:
    a, b, c = rng.randint(201, 989), rng.randint(200, 999), digits(rng, 4)
    fmt = rng.choices(range(7), [30, 25, 10, 8, 6, 4, 4])[0]
    text = [
        f"({a}) {b}-{c}",
        f"{a}-{b}-{c}",
        f"{a}.{b}.{c}",
        f"{a} {b} {c}",
        f"+1 {a}-{b}-{c}",
        f"{a}{b}{c}",
        f"1-{a}-{b}-{c}",
    ][fmt]
    if label == "PHONE" and rng.random() < 0.06:
        text += f" x{rng.randint(100, 9999)}"
    return Phi(text, label)


def ssn(rng: random.Random) -> Phi:
    area = rng.choice([n for n in range(1, 900) if n != 666])
    sep = rng.choice(["-", "-", "-", " ", ""])
    return Phi(f"{area:03d}{sep}{rng.randint(1, 99):02d}{sep}{rng.randint(1, 9999):04d}", "SSN")


def mrn(rng: random.Random) -> Phi:
    return Phi(
        rng.choice(
            [
                digits(rng, 8),
                digits(rng, 7),
                "A" + digits(rng, 8),
                f"MR{digits(rng, 6)}",
                f"{digits(rng, 3)}-{digits(rng, 2)}-{digits(rng, 2)}",
                digits(rng, 10),
            ]
        ),
        "MRN",
    )


def plan_id(rng: random.Random) -> Phi:
    return Phi(
        rng.choice(
            [
                f"{letters(rng, 3)}{digits(rng, 9)}",
                f"{digits(rng, 8)}{letters(rng, 1)}",
                f"W{digits(rng, 9)}",
                f"{letters(rng, 2)}{digits(rng, 6)}-{digits(rng, 2)}",
                f"{digits(rng, 11)}",
            ]
        ),
        "HEALTH_PLAN",
    )


def account(rng: random.Random) -> Phi:
    return Phi(
        rng.choice(
            [
                digits(rng, 10),
                f"{digits(rng, 2)}-{digits(rng, 4)}-{digits(rng, 2)}",
                f"ACC{digits(rng, 7)}",
                f"{digits(rng, 4)} {digits(rng, 4)} {digits(rng, 4)}",
            ]
        ),
        "ACCOUNT",
    )


def license_no(rng: random.Random, kind: str = "dl") -> Phi:
    if kind == "dl":
        text = rng.choice(
            [
                f"{letters(rng, 1)}{digits(rng, 3)}-{digits(rng, 4)}-{digits(rng, 4)}",
                f"{letters(rng, 1)}{digits(rng, 7)}",
                f"{digits(rng, 9)}",
                f"{letters(rng, 2)}{digits(rng, 6)}",
            ]
        )
    else:
        text = rng.choice(
            [
                f"{digits(rng, 6)}",
                f"LCSW.{digits(rng, 5)}",
                f"PSY{digits(rng, 5)}",
                f"{digits(rng, 3)}.{digits(rng, 6)}",
                f"RN{digits(rng, 7)}",
            ]
        )
    return Phi(text, "LICENSE")


def plate(rng: random.Random) -> Phi:
    return Phi(
        rng.choice(
            [
                f"{digits(rng, 1)}{letters(rng, 3)}{digits(rng, 3)}",
                f"{letters(rng, 3)} {digits(rng, 4)}",
                f"{letters(rng, 2)}{digits(rng, 5)}",
                f"{letters(rng, 3)}-{digits(rng, 4)}",
            ]
        ),
        "VEHICLE",
    )


def vin(rng: random.Random) -> Phi:
    chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    return Phi("".join(rng.choice(chars) for _ in range(17)), "VEHICLE")


def device_serial(rng: random.Random) -> Phi:
    return Phi(
        rng.choice(
            [
                f"{letters(rng, 3)}{digits(rng, 6)}{letters(rng, 1)}",
                f"SN{digits(rng, 8)}",
                f"{digits(rng, 2)}{letters(rng, 2)}-{digits(rng, 5)}",
                letters(rng, 1)
                + digits(rng, 1)
                + letters(rng, 1)
                + digits(rng, 3)
                + letters(rng, 2),
            ]
        ),
        "DEVICE",
    )


def ip(rng: random.Random) -> Phi:
    if rng.random() < 0.12:
        parts = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(4)]
        return Phi("2601:" + ":".join(parts) + "::" + f"{rng.randint(1, 0xFFF):x}", "IP")
    return Phi(".".join(str(rng.randint(1, 254)) for _ in range(4)), "IP")


def image_name(rng: random.Random) -> Phi:
    d = f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return Phi(
        rng.choice(
            [
                f"IMG_{digits(rng, 4)}.JPG",
                f"IMG_{d}_{digits(rng, 6)}.jpg",
                f"photo_{digits(rng, 3)}.png",
                f"image00{rng.randint(1, 9)}.png",
                f"wound_{rng.choice(['left', 'right'])}_forearm_{digits(rng, 2)}.jpeg",
                f"Screenshot_{d}-{digits(rng, 6)}.png",
                f"PXL_{d}_{digits(rng, 9)}.jpg",
                f"scan_{digits(rng, 4)}.pdf",
            ]
        ),
        "IMAGE",
    )


def other_id(rng: random.Random) -> tuple[str, Phi]:
    """A (prefix, value) pair: case numbers, student ids, NPIs and the like."""
    y = rng.randint(2019, 2025)
    prefix, value = rng.choice(
        [
            ("DCFS case #", f"{y}-JV-{digits(rng, 5)}"),
            ("probation ID ", f"P-{digits(rng, 6)}"),
            ("student ID ", digits(rng, 8)),
            ("claim # ", f"{digits(rng, 2)}-{digits(rng, 7)}"),
            ("NPI ", "1" + digits(rng, 9)),
            ("employee ID ", f"E{digits(rng, 5)}"),
            ("referral # ", f"REF-{digits(rng, 5)}"),
            ("Rx #", digits(rng, 7)),
            ("docket no. ", f"{y % 100}-CR-{digits(rng, 4)}"),
            ("prior auth # ", f"PA{digits(rng, 8)}"),
            ("APS case ", f"{letters(rng, 2)}{digits(rng, 6)}"),
            ("inmate no. ", digits(rng, 6)),
        ]
    )
    return prefix, Phi(value, "OTHER_ID")


def street(
    rng: random.Random, fk_last: str | None = None, last_oov: bool = False, bare: bool = False
) -> Phi:
    """A street line (``bare``: the street name and suffix only, "Ostrell Rd")."""
    made = rng.random() < OOV_SHARE
    if made:
        name, from_oov = oov.word(rng), True
    elif fk_last and rng.random() < 0.3:
        name, from_oov = fk_last, last_oov
    else:
        name, from_oov = pick(rng, STREET_NAMES), False
    pre = rng.choice(["", "", "", "N ", "S. ", "W ", "East "])
    if bare:
        return Phi(f"{pre}{name} {pick(rng, STREET_SUFFIX)}", "STREET", from_oov)
    text = f"{rng.randint(1, 9899)} {pre}{name} {pick(rng, STREET_SUFFIX)}"
    if rng.random() < 0.4:
        text += rng.choice([", ", " "]) + pick(rng, UNITS)
    return Phi(text, "STREET", from_oov)


def city_name(rng: random.Random) -> tuple[str, bool]:
    """A US city, or (about 30%) an invented town; and whether it was invented."""
    if rng.random() < OOV_SHARE:
        return oov.place(rng), True
    return pick(rng, CITIES), False


def city(rng: random.Random) -> Phi:
    name, made = city_name(rng)
    return Phi(name, "LOCATION", made)


def neighbourhood(rng: random.Random) -> Phi:
    if rng.random() < OOV_SHARE:
        return Phi(
            oov.place(rng, tail=False) + rng.choice(["", " Park", " Hill"]), "LOCATION", True
        )
    return Phi(pick(rng, NEIGHBOURHOODS), "LOCATION")


def world_city(rng: random.Random) -> Phi:
    if rng.random() < OOV_SHARE:
        return Phi(oov.place(rng, tail=False), "LOCATION", True)
    return Phi(pick(rng, WORLD_CITIES), "LOCATION")


def zipcode(rng: random.Random) -> Phi:
    z = f"{rng.randint(1001, 99950):05d}"
    return Phi(z + (f"-{digits(rng, 4)}" if rng.random() < 0.15 else ""), "ZIP")


def address(rng: random.Random, sep: str = ", ") -> list:
    """Street, city, state and ZIP; the state is deliberately left unlabelled."""
    return [street(rng), sep, city(rng), ", ", pick(rng, STATES[:20]), " ", zipcode(rng)]
