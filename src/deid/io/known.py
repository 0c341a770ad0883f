"""Known identifiers from a table's own columns (``deid batch --known-column COLUMN[=TYPE]``).

A table of notes often carries the patient's name, MRN, date of birth or address in columns of
its own. Those values are the surest identifiers there are: ``KnownTable.collect`` reads them,
per patient, in a first pass over the input that reads only the patient column and these
columns, and ``KnownTable.for_note`` gives each note the ``KnownIdentifiers`` of every row of
its patient (the note's own row when it has no patient id), in the spellings notes use: a
name in both orders and in title case, a date in the usual US formats, an address whole and
by its street line, city and ZIP. Values are sorted and de-duplicated, so row order never
changes the output. Nothing here logs or quotes a value: messages name columns and types.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from deid import lexicon as wordlists
from deid.errors import InputError
from deid.io.readers import Format, project
from deid.lexicon import loader
from deid.model import KnownIdentifiers, PhiType

ADDRESS_TYPES = frozenset({PhiType.STREET, PhiType.LOCATION, PhiType.ZIP})
"""Column types whose values are read as (parts of) an address."""

TYPE_ALIASES = {"ADDRESS": PhiType.LOCATION, "DOB": PhiType.DATE, "ID": PhiType.OTHER_ID}

REFUSED_TYPES = {
    PhiType.AGE: "an age is a small number that would be replaced wherever it occurs; deid's "
    "age rule already handles ages over 89",
}

# What a column's name says about its values, checked in this order (the first hit wins), on
# the lower-cased name cut into words at "_", "-", spaces, digits and camelCase humps.
_GUESSES: tuple[tuple[PhiType, frozenset[str]], ...] = (
    (PhiType.IP, frozenset({"ip"})),
    (PhiType.EMAIL, frozenset({"email", "e mail"})),
    (PhiType.URL, frozenset({"url", "website", "homepage"})),
    (PhiType.DATE, frozenset({"dob", "dod", "birth", "birthdate", "birthday", "date", "dt"})),
    (PhiType.MRN, frozenset({"mrn", "medical record"})),
    (PhiType.SSN, frozenset({"ssn", "social security"})),
    (PhiType.FAX, frozenset({"fax"})),
    (PhiType.PHONE, frozenset({"phone", "telephone", "tel", "mobile", "cell"})),
    (PhiType.ZIP, frozenset({"zip", "zipcode", "postcode", "postal"})),
    (PhiType.LOCATION, frozenset({"address", "addr", "street", "city", "town", "county"})),
    (PhiType.HEALTH_PLAN, frozenset({"insurance", "member", "subscriber", "medicaid"})),
    (PhiType.ACCOUNT, frozenset({"account", "acct"})),
    (PhiType.LICENSE, frozenset({"license", "licence"})),
    (PhiType.VEHICLE, frozenset({"vin", "plate"})),
    (PhiType.ORGANIZATION, frozenset({"hospital", "facility", "clinic", "employer", "school"})),
    (PhiType.NAME, frozenset({"pcp", "physician", "guardian", "spouse", "kin", "contact"})),
)
_NAME_WORDS = frozenset(
    {"name", "names", "surname", "firstname", "lastname", "fname", "lname", "forename"}
    | {"fullname", "maiden", "nickname", "middlename", "givenname", "familyname"}
)
"""A column whose name ends in one of these holds names (an organization's, with one of the
ORGANIZATION words before it: "hospital_name")."""
_NO_GUESS = frozenset({"file", "filename", "user", "username", "state", "country", "age"})
"""Words that make a column's type impossible to guess ("file_name", "state")."""

_NULLS = frozenset({"nan", "nat", "null", "none", "n/a", "na", "<na>", "unknown"})
"""Cell texts that mean "no value" (pandas and database exports)."""

_WORD_SPLIT = re.compile(r"[^a-z]+")
_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class KnownColumn:
    """A column given to ``--known-column`` and the type of its values."""

    name: str
    phi_type: PhiType
    guessed: bool = False

    def describe(self) -> dict[str, str]:
        """For the manifest: the column's name and type, never a value."""
        return {"column": self.name, "type": self.phi_type.value}


def guess_type(column: str) -> PhiType | None:
    """The type a column's name says its values have (``patient_name`` -> NAME, ``dob`` ->
    DATE, ``mrn`` -> MRN, ``address`` -> LOCATION), or None when it does not say."""
    spaced = _HUMP.sub(" ", column).lower()
    words = [word for word in _WORD_SPLIT.split(spaced) if word]
    joined = " ".join(words)
    if not words or _NO_GUESS & set(words):
        return None
    if words[-1] in _NAME_WORDS:
        organization = dict(_GUESSES)[PhiType.ORGANIZATION]
        return PhiType.ORGANIZATION if organization & set(words) else PhiType.NAME
    if words in (["patient"], ["pt"]):
        return PhiType.NAME
    for phi_type, cues in _GUESSES:
        if any(cue in words or (" " in cue and cue in joined) for cue in cues):
            if phi_type is PhiType.DATE and "place" in words:
                return PhiType.LOCATION  # place_of_birth
            return phi_type
    return None


def parse_known_column(spec: str) -> KnownColumn:
    """``COLUMN`` or ``COLUMN=TYPE`` (a ``PhiType`` name in any case, or ADDRESS) -> column."""
    column, sep, type_name = spec.partition("=")
    column = column.strip()
    if not column:
        raise InputError(f"--known-column {spec!r}: give a column name, e.g. patient_name=NAME")
    if not sep:
        guessed = guess_type(column)
        if guessed is None:
            raise InputError(
                f"--known-column {column}: cannot tell from its name what the column holds; "
                f"give its type, e.g. --known-column {column}=NAME (types: {_type_names()})"
            )
        return KnownColumn(column, guessed, guessed=True)
    key = type_name.strip().upper()
    phi_type = TYPE_ALIASES.get(key) or PhiType.__members__.get(key)
    if phi_type is None:
        raise InputError(
            f"--known-column {column}={type_name}: unknown type; use one of {_type_names()}"
        )
    if phi_type in REFUSED_TYPES:
        raise InputError(f"--known-column {column}={key}: not accepted ({REFUSED_TYPES[phi_type]})")
    return KnownColumn(column, phi_type)


def parse_known_columns(specs: Iterable[str]) -> tuple[KnownColumn, ...]:
    """Every ``--known-column``; a column given twice is refused."""
    columns = tuple(parse_known_column(spec) for spec in specs)
    names = [c.name for c in columns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError(f"--known-column {twice[0]} is given more than once: give it once")
    return columns


def _type_names() -> str:
    types = [t.value for t in PhiType if t not in REFUSED_TYPES]
    return ", ".join([*types, "ADDRESS"])


# -- cells to search terms ---------------------------------------------------------------------


def cell_values(cell: Any) -> list[str]:
    """A cell's values as text: none for an empty or NaN cell, one per item of a list."""
    if cell is None or isinstance(cell, bool | dict):
        return []
    if isinstance(cell, list | tuple):
        return [value for item in cell for value in cell_values(item)]
    if isinstance(cell, float):
        if math.isnan(cell) or math.isinf(cell):
            return []
        return [str(int(cell)) if cell.is_integer() else repr(cell)]  # 48213.0 -> "48213"
    if isinstance(cell, datetime | date):
        return [cell.isoformat()]
    lines = (" ".join(line.split()) for line in str(cell).splitlines())
    text = "\n".join(line for line in lines if line)
    return [] if not text or text.lower() in _NULLS else [text]


def name_forms(value: str) -> list[str]:
    """A name as notes write it: as given, without titles and credentials ("Dr.", "MD"),
    "Last, First M" also as "First M Last", and an ALL CAPS or lower-case export also in
    title case ("BRAMBLE, ALICE" -> "Alice Bramble"). Its words are searched too (the known
    loop of ``resolve.propagation``), so a title must not be one of them."""
    value = " ".join(w for w in value.split(" ") if w.strip(".,").lower() not in _name_extras())
    forms = [value]
    last, comma, rest = value.partition(",")
    if comma and last.strip() and rest.strip() and "," not in rest:
        forms.append(f"{rest.strip()} {last.strip()}")
    if value.isupper() or value.islower():
        forms += [form.title() for form in forms]
    return [form for form in forms if len(form) >= 2]


@cache
def _name_extras() -> frozenset[str]:
    """Titles and credentials, lower-case without a dot: not part of a name to search."""
    lists = ("titles", "trimmed_titles", "credentials")
    return frozenset(w.lower().rstrip(".") for name in lists for w in loader.words(name))


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+\-Z]*)?")
_SLASHED = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_date(value: str) -> date | None:
    """A date cell (ISO, US month/day/year, year/month/day, YYYYMMDD), or None."""
    for pattern, order in ((_ISO, "ymd"), (_SLASHED, "mdy"), (_YEAR_FIRST, "ymd")):
        match = pattern.fullmatch(value)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            break
    else:
        match = _COMPACT.fullmatch(value)
        if not match:
            return None
        parts = dict(zip("ymd", map(int, match.groups()), strict=True))
    try:
        return date(parts["y"], parts["m"], parts["d"])
    except ValueError:
        return None


def date_forms(value: str) -> list[str]:
    """A date in the spellings US notes use (4/17/1958, 04/17/58, 1958-04-17, April 17, 1958,
    17 Apr 1958...); a cell that is no date it can read is searched as written if it has a
    digit."""
    day = parse_date(value)
    if day is None:  # searched as written, unless a year alone (not an identifier) or no date
        plain = re.fullmatch(r"\d{1,4}", value) or not any(c.isdigit() for c in value)
        return [] if plain else [value]
    y, m, d, yy = day.year, day.month, day.day, f"{day.year % 100:02d}"
    month = wordlists.months()[m - 1].capitalize()
    short = month[:3]
    forms = [
        f"{y:04d}-{m:02d}-{d:02d}",
        f"{y:04d}/{m:02d}/{d:02d}",
        f"{y:04d}{m:02d}{d:02d}",
        f"{d:02d}-{short}-{y}",
        f"{d}-{short}-{y}",
    ]
    for sep in "/-.":
        forms += [f"{m}{sep}{d}{sep}{y}", f"{m:02d}{sep}{d:02d}{sep}{y}"]
        forms += [f"{m}{sep}{d}{sep}{yy}", f"{m:02d}{sep}{d:02d}{sep}{yy}"]
    for name in dict.fromkeys((month, short, f"{short}.")):
        forms += [f"{name} {d}, {y}", f"{name} {d} {y}", f"{d} {name} {y}"]
        forms += [f"{name} {d}{_ordinal(d)}, {y}", f"{d}{_ordinal(d)} {name} {y}"]
    return forms


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


_HOUSE_NUMBER = re.compile(r"\d+[A-Za-z]?(?:-\d+)?\s+")
_ZIP_CODE = re.compile(r"\b\d{5}(?:-\d{4})?\b")
_UNIT = re.compile(r"(?i)(?:apt|apartment|unit|suite|ste|room|rm|#)\.?\s*\S+")


def address_parts(value: str, phi_type: PhiType) -> list[tuple[PhiType, str]]:
    """An address by its parts: the street line with and without its house number (STREET),
    the city (LOCATION), the ZIP code (ZIP, and its first five digits). The whole address is
    not a term: its parts cover every identifying word, and the state between them is no
    identifier under Safe Harbor. A single word is searched only when it has three letters or
    more and is no everyday word, state or country ("Mobile", "OH" are not)."""
    parts: list[tuple[PhiType, str]] = []
    pieces = [p.strip() for p in re.split(r"[,;\n]", value) if p.strip()]
    for piece in pieces:
        for zip_code in _ZIP_CODE.findall(piece):
            parts += [(PhiType.ZIP, zip_code), (PhiType.ZIP, zip_code[:5])]
        rest = _ZIP_CODE.sub("", piece).strip()
        words = rest.split()
        if len(words) > 1 and not _place_word(words[-1]) and _is_state(words[-1]):
            rest = " ".join(words[:-1])  # "Millbrook OH" -> Millbrook
        number = _HOUSE_NUMBER.match(rest)
        if number and len(rest[number.end() :].split()) >= 2:
            parts += [(PhiType.STREET, rest), (PhiType.STREET, rest[number.end() :])]
        elif _UNIT.fullmatch(rest):
            continue  # "Apt 4B" is in too many addresses to mean this one
        elif rest and not rest.isdigit() and not _is_state(rest):
            kind = phi_type if len(pieces) == 1 else PhiType.LOCATION
            if len(rest.split()) > 1 or _place_word(rest):
                parts.append((kind, rest))
    return [(kind, text) for kind, text in parts if len(text) >= 3]


def _is_state(text: str) -> bool:
    """A US state or a country: not an identifier under Safe Harbor."""
    lower = text.lower().strip(".")
    return (
        lower in wordlists.us_states()
        or text.upper().strip(".") in wordlists.us_state_abbreviations()
        or lower in wordlists.countries()
    )


def _place_word(word: str) -> bool:
    letters = sum(c.isalpha() for c in word)
    return letters >= 3 and not wordlists.is_common_word(word) and not _is_state(word)


def phone_forms(value: str) -> list[str]:
    """A US phone number as written and in its usual layouts (555-201-3344, (555) 201-3344)."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return [value]
    a, b, c = digits[:3], digits[3:6], digits[6:]
    return [value, f"{a}-{b}-{c}", f"({a}) {b}-{c}", f"({a}){b}-{c}", f"{a}.{b}.{c}", digits]


def terms(column: KnownColumn, value: str) -> list[tuple[PhiType, str]]:
    """What to search a note for, given one value of a known column."""
    kind = column.phi_type
    if kind is PhiType.NAME:
        return [(kind, form) for form in name_forms(value)]
    if kind is PhiType.DATE:
        return [(kind, form) for form in date_forms(value)]
    if kind in ADDRESS_TYPES:
        return address_parts(value, kind)
    if kind in (PhiType.PHONE, PhiType.FAX):
        return [(kind, form) for form in phone_forms(value)]
    return [(kind, value)] if len(value) >= 3 else []  # "12" would be found everywhere


def known_identifiers(found: Iterable[tuple[PhiType, str]]) -> KnownIdentifiers:
    """``KnownIdentifiers`` from (type, term) pairs, sorted and without repeats."""
    unique = sorted(set(found), key=lambda item: (item[0].value, item[1]))
    names = tuple(t for k, t in unique if k is PhiType.NAME)
    dates = tuple(t for k, t in unique if k is PhiType.DATE)
    typed = tuple((k, t) for k, t in unique if k not in (PhiType.NAME, PhiType.DATE))
    return KnownIdentifiers(names=names, dates=dates, typed=typed)


# -- per patient -------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class NoteKnown:
    """One note's known identifiers, and which column each search term came from (for the
    audit: column names only)."""

    identifiers: KnownIdentifiers
    sources: Mapping[str, tuple[str, ...]]
    """Case-folded search term (and name word) -> the columns it came from."""
    columns: tuple[KnownColumn, ...]

    def column_of(self, surface: str, phi_type: PhiType) -> str:
        """The known column(s) behind a finding's text, joined by ``+``: its exact term, else
        the columns of its words, else every known column of that type."""
        found = self.sources.get(_fold(surface))
        if not found:
            words = re.split(r"[\s,]+", surface)
            found = tuple(sorted({c for w in words for c in self.sources.get(_fold(w), ())}))
        if not found:
            found = tuple(c.name for c in self.columns if _family(c.phi_type) == _family(phi_type))
        return "+".join(found or (c.name for c in self.columns))


def _family(phi_type: PhiType) -> str:
    return "ADDRESS" if phi_type in ADDRESS_TYPES else phi_type.value


class KnownTable:
    """The values of the known columns, per patient, from a first pass over the input."""

    def __init__(self, columns: Sequence[KnownColumn]) -> None:
        self.columns = tuple(columns)
        self._by_patient: dict[str, tuple[set[str], ...]] = {}

    @classmethod
    def collect(
        cls,
        path: Path,
        fmt: Format,
        columns: Sequence[KnownColumn],
        *,
        patient_column: str | None = None,
        also_check: Sequence[str] = (),
    ) -> KnownTable:
        """Read the patient column and the known columns only (``readers.project``), every row.

        ``also_check`` are more columns that must exist (``--keep-column``); an absent column
        is refused naming the columns there are.
        """
        names = [c.name for c in columns]
        rows = project(path, fmt, [*names, *also_check], patient_column=patient_column)
        return cls.from_rows(columns, rows)

    @classmethod
    def from_rows(
        cls, columns: Sequence[KnownColumn], rows: Iterable[tuple[str | None, Sequence[Any]]]
    ) -> KnownTable:
        """From (patient id, the known columns' cells first) of every row, however they were
        read (``readers.project``, a DataFrame's columns): the one place values are gathered."""
        table = cls(columns)
        width = len(table.columns)
        for patient, values in rows:
            if patient is None or not width:
                continue  # the note's own row gives its known values (``for_note``)
            sets = table._by_patient.get(patient)
            if sets is None:
                sets = table._by_patient[patient] = tuple(set() for _ in range(width))
            for found, cell in zip(sets, values[:width], strict=True):
                found.update(cell_values(cell))
        return table

    @property
    def patients(self) -> int:
        return len(self._by_patient)

    def for_note(self, patient_id: str | None, own_row: Sequence[Any]) -> NoteKnown:
        """The known identifiers of a note: all its patient's rows, or its own row when it has
        no patient id (``own_row`` holds the known columns' cells, in column order)."""
        if patient_id is not None and patient_id in self._by_patient:
            values = [sorted(found) for found in self._by_patient[patient_id]]
        else:
            values = [sorted(set(cell_values(cell))) for cell in own_row[: len(self.columns)]]
        found: list[tuple[PhiType, str]] = []
        sources: dict[str, set[str]] = {}
        for column, column_values in zip(self.columns, values, strict=True):
            for value in column_values:
                for kind, term in terms(column, value):
                    found.append((kind, term))
                    keys = [term]
                    if kind is PhiType.NAME:
                        keys += [w.strip(".") for w in re.split(r"[\s,]+", term)]
                    for key in keys:
                        if key:
                            sources.setdefault(_fold(key), set()).add(column.name)
        return NoteKnown(
            known_identifiers(found),
            {key: tuple(sorted(cols)) for key, cols in sorted(sources.items())},
            self.columns,
        )
