"""Date shifting: every date of one patient moves by the same keyed number of days.

A research text whose dates are all removed loses the time course of treatment; shifting keeps
the intervals between events exact while hiding the real calendar. The shift derives from the
secret and the patient (or note) id, so it is identical on every core, run and Spark worker.

Each mention is parsed, shifted and written back in its own format: separators, zero padding,
month-name style and case, ordinal suffixes and two-digit years are kept, and a weekday is
recomputed. Dates without a year (``5/6``, ``June 3rd``) shift as if in a leap year, so
``Feb 29`` is valid; their weekday moves by the shift modulo 7.

>>> shift_date_text("Thursday, October 2, 2025", 10)
'Sunday, October 12, 2025'
>>> shift_date_text("04/17/1958", -30)
'03/18/1958'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from deid import lexicon
from deid.model import PhiType
from deid.transform.context import NoteContext, scope_of
from deid.transform.operators.base import DeidOperator

if TYPE_CHECKING:
    from deid.policy import OperatorSpec

DEFAULT_SHIFT_RANGE = (-365, 365)
"""Used when the policy gives no ``shift_days_range``; a shift of 0 days is never chosen."""

FALLBACK = "[DATE]"
"""What an unparseable date becomes: the date is removed rather than left in place."""

_REFERENCE_LEAP_YEAR = 2000
_MONTHS = lexicon.months()  # calendar order: _MONTHS[month - 1]
_WEEKDAYS = lexicon.weekdays()  # from Monday: _WEEKDAYS[date.weekday()]
_CALENDAR_ROWS = (*lexicon.rows("months"), *lexicon.rows("weekdays"))
_LONG_ABBREVIATIONS = {r[0]: r[1] for r in _CALENDAR_ROWS if len(r) > 1 and len(r[1]) > 3}
"""Names whose long abbreviation is kept when rewritten ("Sept."); the others get 3 letters."""
# Every form of each name, longest first ("september|sept|sep"), so the longest one matches.
_MONTH_RE = "(?:" + lexicon.alternation(f for r in lexicon.rows("months") for f in r) + ")"
_WEEKDAY_RE = "(?:" + lexicon.alternation(f for r in lexicon.rows("weekdays") for f in r) + ")"
_YEAR_RE = r"(?P<year>\d{4}|'\d{2})"
_WD = rf"(?:(?P<weekday>{_WEEKDAY_RE})\.?,?\s+)?"
_TIME = r"(?P<rest>(?:[T\s]+|,\s*|\s+at\s+)\d{1,2}:\d{2}.*)?"

_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE | re.DOTALL)
    for p in (
        # 2025-10-21, 2025/10/21 (optionally with a time, kept as written)
        rf"(?P<year>\d{{4}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}){_TIME}",
        # 20251021
        r"(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)",
        # 04/17/1958, 4-17-58, 17.04.1958 (day first when the first number exceeds 12), 5/6
        rf"{_WD}(?P<first>\d{{1,2}})(?P<sep>[-/.])(?P<second>\d{{1,2}})"
        rf"(?:(?P=sep)(?P<year>\d{{4}}|\d{{2}}))?{_TIME}",
        # 04/2019
        r"(?P<month>\d{1,2})(?P<sep>[-/])(?P<year>\d{4})",
        # Thursday, October 2, 2025 / June 3rd / Oct. 2nd '25
        rf"{_WD}(?P<monthname>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?P<ordinal>st|nd|rd|th)?"
        rf"(?:,?\s+{_YEAR_RE})?{_TIME}",
        # 3 June 2025 / the 3rd of June / Thu 2 Oct
        rf"{_WD}(?:the\s+)?(?P<day>\d{{1,2}})(?P<ordinal>st|nd|rd|th)?(?:\s+of)?\s+"
        rf"(?P<monthname>{_MONTH_RE})\.?(?:,?\s+{_YEAR_RE})?{_TIME}",
        # June 2025 / Sept. '19
        rf"(?P<monthname>{_MONTH_RE})\.?,?\s+{_YEAR_RE}",
        # June
        rf"(?P<monthname>{_MONTH_RE})\.?",
        # Thursday
        rf"(?P<weekday>{_WEEKDAY_RE})\.?",
        # 2019
        r"(?P<year>(?:1[89]|20)\d{2})",
    )
)


@dataclass(frozen=True)
class _Parsed:
    match: re.Match[str]
    when: date
    has_year: bool
    month_field: str  # "month", "first", "second" or "monthname"
    day_field: str | None


def _year_value(text: str) -> int:
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    return (2000 if int(digits) < 50 else 1900) + int(digits)


def _month_index(name: str) -> int:
    prefix = name.casefold().rstrip(".")[:3]
    return next(i for i, m in enumerate(_MONTHS, start=1) if m.startswith(prefix))


def _parse(text: str) -> _Parsed | None:
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = match.groupdict()
        month_field, day_field = "month", "day"
        if groups.get("first") is not None:
            first, second = int(groups["first"]), int(groups["second"])
            month_field, day_field = ("second", "first") if first > 12 else ("first", "second")
            month, day = (second, first) if first > 12 else (first, second)
        elif groups.get("monthname") is not None:
            month_field = "monthname"
            month = _month_index(groups["monthname"])
            day = int(groups["day"]) if groups.get("day") else 15
        elif groups.get("month") is not None:
            month = int(groups["month"])
            day = int(groups["day"]) if groups.get("day") else 15
        else:  # a weekday or a year on its own
            month, day = 7, 1
        if groups.get("day") is None and groups.get("first") is None:
            day_field = None
        has_year = groups.get("year") is not None
        year = _year_value(groups["year"]) if has_year else _REFERENCE_LEAP_YEAR
        try:
            when = date(year, month, day)
        except ValueError:
            return None
        return _Parsed(match, when, has_year, month_field, day_field)
    return None


def _case_like(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template.islower():
        return word.lower()
    return word.capitalize()


def _name_like(template: str, full: str, names: tuple[str, ...]) -> str:
    """Render a month or weekday name in the style of ``template`` (full or abbreviated, case)."""
    bare = template.rstrip(".")
    if bare.casefold() in names:
        return _case_like(bare, full)
    abbreviation = _LONG_ABBREVIATIONS.get(full, full[:3]) if len(bare) > 3 else full[:3]
    return _case_like(bare, abbreviation)


def _number_like(template: str, value: int, sibling: str | None = None) -> str:
    """Keep zero padding: ``04`` -> ``03``, ``4`` -> ``3``; ``12`` pads when its sibling did."""
    if len(template) == 1:
        return str(value)
    if template.startswith("0") or sibling is None or len(sibling) == 2:
        return f"{value:02d}"
    return str(value)


def _ordinal(day: int, template: str) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return suffix.upper() if template.isupper() else suffix


def _render(parsed: _Parsed, new: date, weekday: int) -> str:
    match = parsed.match
    groups = match.groupdict()
    values: dict[str, str] = {}
    if groups.get("year") is not None:
        year = groups["year"]
        if year.startswith("'"):
            values["year"] = f"'{new.year % 100:02d}"
        elif len(year) == 2:
            values["year"] = f"{new.year % 100:02d}"
        else:
            values["year"] = f"{new.year:04d}"
    month_text = groups[parsed.month_field] if parsed.month_field in groups else None
    day_text = groups[parsed.day_field] if parsed.day_field else None
    if month_text is not None:
        if parsed.month_field == "monthname":
            values["monthname"] = _name_like(month_text, _MONTHS[new.month - 1], _MONTHS)
        else:
            values[parsed.month_field] = _number_like(month_text, new.month, day_text)
    if day_text is not None and parsed.day_field is not None:
        values[parsed.day_field] = _number_like(day_text, new.day, month_text)
        if groups.get("ordinal"):
            values["ordinal"] = _ordinal(new.day, groups["ordinal"])
    if groups.get("weekday"):
        values["weekday"] = _name_like(groups["weekday"], _WEEKDAYS[weekday], _WEEKDAYS)
    text = match.string
    for name in sorted(values, key=lambda g: match.start(g), reverse=True):
        text = text[: match.start(name)] + values[name] + text[match.end(name) :]
    return text


def shift_date_text(text: str, days: int, *, shift_years: bool = True) -> str | None:
    """Shift one date mention by ``days`` and render it as written; ``None`` if unparseable.

    With ``shift_years=False`` the year stays as written and only month and day move (intervals
    then hold exactly only between dates that do not cross a year end); a bare year is kept.
    """
    stripped = text.strip()
    parsed = _parse(stripped)
    if parsed is None:
        return None
    new = parsed.when + timedelta(days=days)
    if not shift_years and parsed.has_year:
        year = parsed.when.year
        new = new.replace(year=year, day=28) if (new.month, new.day) == (2, 29) else new
        new = new.replace(year=year)
    groups = parsed.match.groupdict()
    if parsed.has_year or not groups.get("weekday"):
        weekday = new.weekday()
    else:  # no year: the weekday written moves by the shift, whatever calendar year it was
        written = next(i for i, w in enumerate(_WEEKDAYS) if w[:3] == groups["weekday"][:3].lower())
        weekday = (written + days) % 7
    rendered = _render(parsed, new, weekday)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead + rendered + trail


def shift_days(ctx: NoteContext, spec: OperatorSpec) -> int:
    """The patient's shift (the note's when no patient id is known), never 0, within range."""
    low, high = spec.shift_days_range or DEFAULT_SHIFT_RANGE
    spans_zero = low <= 0 <= high
    seed = ctx.secret.derive("date_shift", scope_of(ctx))
    days = low + int.from_bytes(seed[:8], "big") % (high - low + 1 - spans_zero)
    return days + 1 if spans_zero and days >= 0 else days


def date_shift(original: str, phi_type: PhiType, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Operator: shift the date by the patient's keyed offset, keeping its format.

    A mention that cannot be parsed ("last Easter") is removed (``spec.value`` or ``[DATE]``),
    never left in place.
    """
    shifted = shift_date_text(original, shift_days(ctx, spec), shift_years=spec.shift_years)
    return shifted if shifted is not None else (spec.value or FALLBACK)


class DateShift(DeidOperator):
    """presidio's ``deid_date_shift``: every date of one patient moves by the same keyed days."""

    name = "date_shift"
    apply = staticmethod(date_shift)
