"""Date recognizers: every element of a date except a bare year (HIPAA Safe Harbor, item C).

Clinical notes write dates every way at once ("DOB 04/17/1958", "f/u on 6/3", "Sept. 12",
"since March", "on the 14th", "Thursday, October 2, 2025"), in ALL CAPS or lower case, next to
numbers that look like dates but are not: ratings ("mood 6/10", "5/5 strength"), blood pressure,
fractions ("1/2 tab"), times and bare years. Unambiguous shapes score high; shapes that need help
(partial m/d, weekdays, a month alone) score low and rely on explicit cues checked here.

>>> from deid.detect.registry import family
>>> sorted(r.name for r in family("dates"))[:2]
['ClinicalDayReferenceRecognizer', 'ClinicalNumericDateRecognizer']
"""

from __future__ import annotations

import calendar
import re

from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult

from deid import lexicon
from deid.detect.recognizers.base import ReviewsSurroundings, pattern
from deid.model import PhiType

MONTH = (
    rf"(?:{lexicon.alternation(lexicon.months())}"
    rf"|(?:{lexicon.alternation(lexicon.month_abbreviations())})\b\.?)"
)
MONTH_ABBR = (
    rf"(?:{lexicon.alternation(f for row in lexicon.rows('months') for f in row[1:] or row)})"
)
"""A month's abbreviations, or its name when it has none ("may")."""
WEEKDAY = rf"(?:{lexicon.alternation(lexicon.weekdays())})"
WEEKDAY_ANY = rf"(?:{WEEKDAY}|(?:{lexicon.alternation(lexicon.weekday_abbreviations())})\b\.?)"
WEEKDAY_PREFIX = rf"(?:{WEEKDAY_ANY},?\s+)?"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
ORDINAL_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)\b"
YEAR = r"(?:(?:1[89]|20)\d{2}\b|'\d{2}\b)"

SHORT_YEAR = r"\d{2}(?![\w:.%/-])(?![ \t]*\p{L})"
""""14 Nov, 91": after a day and month and a comma two digits are the year ("3 May, 20
patients" is a count)."""

NOT_TITLED = rf"(?<!\b(?:{lexicon.alternatives('titles_before_dates')})\.?\s+)"
""""Dr. May 3" is a person and a number, not a date."""

UNITS = rf"(?:{lexicon.alternatives('date_units')})"
NO_UNIT = rf"(?!\s*-?\s*{UNITS}\b)"
""""march 3 miles" and "may 2 times" are verbs followed by quantities."""

MODAL_FOLLOWERS = rf"(?:{lexicon.alternatives('modal_followers')})"
NOT_MODAL = rf"(?!\s+{MODAL_FOLLOWERS}\b)"
""""this may be", "option 2 may help": the modal verb, not the month."""

NUMERIC_START = r"(?:(?<![\w/.\-:])|(?<=(?<![\w/.\-])[A-Za-z]{2,}[:\-])|(?<=\d/\d{1,4}-))"
"""Not inside a longer number, decimal or time; but a label may touch it ("HX:8/30", "UO-9/10")
and so may the first date of a range ("4/2-6/30")."""
NUMERIC_END = r"(?![\w/]|:\d|\.\d|-(?![A-Za-z\s>]|$|\d{1,2}/\d))"
"""Not inside a longer number; a hyphen may follow before a word or a second date
("9/7-INITIAL EVENTS", "echo 9/30- ef", "4/2-6/30"), not before a number ("10/4-5")."""
CLOCK_BEFORE = r"(?<=(?<![\d:/.])(?:[01]\d|2[0-3])[0-5]\d\s)"
"""A 24-hour clock time written before a date ("arrived at 2300 10/15", "OOB 1800 3/9"), or a
count of procedures ("s/p CABG x3 10/5"): numbers that do not make the date a ratio."""
CLOCK_BEFORE = rf"(?:{CLOCK_BEFORE}|(?<=\b[xX]\d\s)|(?<=\d\.\d\s)|(?<=\d\.\d\d\s))"
"""...or a lab value with its decimal ("cr 2.6 today (3.1 4/22)": the earlier value and its day)."""


GLUED_START = rf"(?:{NUMERIC_START}|(?<=(?<![\w/.\-])[A-Za-z]{{2,}}))"
"""A full date with its year may also touch the word before it ("labs on10/14/82"): a
three-part shape is no ratio or dose, and a typo's missing space does not make it less a date."""


DAY_PAST_TWELVE = r"(?=(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])(?!\d))"
"""After another number a day past 12 still reads as a date ("fever of 102 8/29", "wbc 14
8/30"): readings after a number are ratios of small numbers or scales the grammar explains."""


def _valid_month_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]


def _date_shaped(month: int, day: int) -> bool:
    """A month and a day of at most 31: with its year "2/31/14" is still a date, mistyped."""
    return 1 <= month <= 12 and 1 <= day <= 31


class ClinicalNumericDateRecognizer(PatternRecognizer):
    """All-numeric dates with a year: 04/17/1958, 4/17/58, 4-17-2025, 2025-10-21, 17.04.2025.

    Either m/d or d/m order is accepted; a day past the month's end (2/30/2025) is a typo of a
    date and kept, a month or day no calendar has (13/45/2020) is not.
    """

    PATTERNS = [
        pattern(
            "iso_ymd",
            rf"{NUMERIC_START}(?:1[89]|20)\d{{2}}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
            rf"(?![\d/\-]|\.\d)",
        ),
        pattern(
            "mdy_4digit_year",
            rf"{GLUED_START}\d{{1,2}}([/-])\d{{1,2}}\1(?:1[89]|20)\d{{2}}{NUMERIC_END}",
        ),
        pattern("dmy_dotted", rf"{NUMERIC_START}\d{{1,2}}\.\d{{1,2}}\.(?:1[89]|20)\d{{2}}\b"),
        pattern(
            "mdy_2digit_year",
            rf"{GLUED_START}\d{{1,2}}([/-])\d{{1,2}}\1\d{{2}}{NUMERIC_END}",
        ),
        pattern(
            "month_year_numeric",
            rf"{NUMERIC_START}(?:0?[1-9]|1[0-2])/(?:19|20)\d{{2}}{NUMERIC_END}",
        ),
        pattern(
            "day_monthabbr_year",
            rf"\b(?:3[01]|[12]\d|0?[1-9])[-/ ]?{MONTH_ABBR}[-/ ]?"
            rf"(?:(?:19|20)\d{{2}}|\d{{2}})\b{NO_UNIT}",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.DATE.value,
            name="ClinicalNumericDateRecognizer",
            patterns=list(self.PATTERNS),
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject numbers shaped like dates with a month or day no calendar has (13/45/2020)."""
        parts = [int(p) for p in re.findall(r"\d+", pattern_text)]
        if len(parts) < 3:
            return False  # month/year or a month name: the regex already bounds it
        if len(re.match(r"\D*(\d+)", pattern_text).group(1)) == 4:
            return not _valid_month_day(parts[1], parts[2])
        first, second = parts[0], parts[1]
        return not (_date_shaped(first, second) or _date_shaped(second, first))


class ClinicalWrittenDateRecognizer(PatternRecognizer):
    """Dates with a month name: June 3rd, Jun 3, 2025, Sept. 12, 3 June 2025, June of 2024.

    A leading weekday is part of the span ("Thursday, October 2, 2025" is one finding).
    """

    PATTERNS = [
        pattern(
            "month_day_year",
            rf"{NOT_TITLED}\b{WEEKDAY_PREFIX}{MONTH}\s*,?\s*(?:the\s+)?{DAY}{NO_UNIT}"
            rf"(?:\s*,?\s*(?:of\s+)?{YEAR})?",
        ),
        pattern(
            "day_month_year",
            rf"\b{WEEKDAY_PREFIX}(?:the\s+)?{DAY}\s*(?:of\s+)?{MONTH}(?![\w']){NOT_MODAL}"
            rf"(?:\s*,?\s*{YEAR}|,[ \t]*{SHORT_YEAR})?",
        ),
        pattern("month_year", rf"{NOT_TITLED}\b{MONTH}\s*(?:of\s+|,\s*|-|/)?\s*{YEAR}"),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.DATE.value,
            name="ClinicalWrittenDateRecognizer",
            patterns=list(self.PATTERNS),
        )


DATE_CUES = re.compile(
    rf"(?:\b(?:{lexicon.alternatives('date_cues')}|follow[\s-]?up|week\s+of|no[\s-]?show)"
    rf"|{WEEKDAY_ANY})[\s:,]*$",
    re.IGNORECASE,
)
"""Words right before "6/3" that make a partial date likely ("f/u on 6/3", "SEEN 7/22")."""

SCORE_BEFORE = re.compile(
    rf"\b(?:{lexicon.alternatives('score_words')}|scor\w*|rat\w*|orient\w*|reflex\w*|out\s+of"
    r"|self[\s-]?esteem)\b[^.;\n]{0,15}$",
    re.IGNORECASE,
)
"""A rating, scale, strength or dose word shortly before the match ("mood 6/10", "MMSE 24/30")."""

NOT_DATE_AFTER = re.compile(
    rf"^\s*(?:-?\s*{UNITS}\b|{lexicon.alternatives('rated_things')}|of\b"
    r"|on\s+(?:the\s+)?(?:scale|phq|gad|moca|mmse)|bilat\w*|in\s+all|/)",
    re.IGNORECASE,
)
"""A unit or a rated thing right after the match ("5/5 strength", "1/2 tab", "2/3 items")."""

TIME_AFTER = re.compile(
    r"^\s*(?:@|at\b)?\s*(?:(?:approx\w*|about|around|~)\.?\s*)?"
    r"(?:(?:[01]\d|2[0-3])[0-5]\d(?!\s*(?:%|cc|ml|mg|u\b))|\d{1,2}(?::[0-5]\d)?\s*[ap]\.?m?\b)",
    re.IGNORECASE,
)
"""A clock time right after "9/9" makes it a day ("family in 6/6 @ about 1500", "6/4 0800"):
scores, strengths and fractions are not followed by a time of day."""

PATIENT_AFTER = re.compile(r"^\s*pt\b\.?\s+[a-z]", re.IGNORECASE)
""""8/7 PT HAS FALLEN": "pt" is the patient, the subject of what follows, not a pint or a point."""

FRACTION_LIKE = {(1, 2), (1, 3), (2, 3), (1, 4), (3, 4), (1, 8), (3, 8)}


class ClinicalPartialDateRecognizer(ReviewsSurroundings, PatternRecognizer):
    """Month/day without a year ("SEEN 7/22", "f/u on 6/3"), valid month and day only.

    "x/y" is also how notes write ratings, strength, recall, fractions and doses, which
    ``invalidate_result`` cannot see (it gets the match alone), so ``analyze`` looks at the few
    words around each match: a score word before or a unit after drops it; a date cue before
    raises it; common fractions and "5/5"-style pairs need that cue.
    """

    PATTERNS = [
        pattern(
            "month_day_partial",
            rf"{NUMERIC_START}(?:(?<!\d\s)|{CLOCK_BEFORE}|{DAY_PAST_TWELVE})(?:{WEEKDAY_ANY},?\s+)?"
            rf"(?:0?[1-9]|1[0-2])/(?:3[01]|[12]\d|0?[1-9]){NUMERIC_END}",
        ),
        pattern(  # "echo 8/87", "mill accident 8/87", "(12/93)": no day is 32 or more
            "month_two_digit_year",
            rf"{NUMERIC_START}(?<!\d\s)(?:0?[1-9]|1[0-2])/(?:3[2-9]|[4-9]\d){NUMERIC_END}(?!\s*%)",
        ),
    ]
    CUE_SCORE = 0.75

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.DATE.value,
            name="ClinicalPartialDateRecognizer",
            patterns=list(self.PATTERNS),
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Both halves must be a real month and day (so 24/7, 120/80, 17/30 never match)."""
        month, day = (int(p) for p in re.findall(r"\d+", pattern_text)[-2:])
        if day >= 32:
            return not 1 <= month <= 12  # month and two-digit year
        return not _valid_month_day(month, day)

    def review(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        kept = []
        for result in results:
            before = text[max(0, result.start - 40) : result.start]
            after = text[result.end : result.end + 30]
            cued = (
                bool(DATE_CUES.search(before))
                or not text[result.start].isdigit()
                or bool(TIME_AFTER.match(after))
            )
            unit_after = NOT_DATE_AFTER.match(after) and not PATIENT_AFTER.match(after)
            if unit_after or (not cued and SCORE_BEFORE.search(before)):
                continue
            numbers = tuple(int(p) for p in re.findall(r"\d+", text[result.start : result.end]))
            if cued:
                result.score = max(result.score, self.CUE_SCORE)
            elif numbers in FRACTION_LIKE or numbers[0] == numbers[1]:
                continue
            kept.append(result)
        return EntityRecognizer.remove_duplicates(kept)


MONTH_CUES = "(?:" + lexicon.alternatives("month_cues", space=r"\s+") + ")"
MONTH_ALONE = (
    rf"(?:{lexicon.alternation(lexicon.months())}"
    rf"|{lexicon.alternation(a for a in lexicon.month_abbreviations() if a != 'mar')})"
)
""""Mar" is left out ("documented in MAR" is the medication administration record), and so is a
trailing period, which alone at the end of a sentence is punctuation, not part of the date."""
HOLIDAYS = "(?:" + lexicon.alternatives("holidays", space=r"\s+") + ")"
NOT_A_DAY_NOUN = (
    rf"(?!\s+(?:{lexicon.alternatives('ordinal_nouns')}"
    r"|of\s+(?:the|her|his|their|these|those|them)\b))"
)


CUED_WEEKDAY_ABBREVIATIONS = lexicon.alternation(
    a for a in lexicon.weekday_abbreviations() if a != "thu"
)
""""thu" was never cued here ("next thu" is not a date); kept so the output does not change."""


UNAMBIGUOUS_MONTHS = lexicon.alternation(
    m.capitalize() for m in lexicon.months() if m not in lexicon.first_names()
)
"""Month names that are nobody's given name ("October", not "April", "May" or "June")."""


class ClinicalDayReferenceRecognizer(PatternRecognizer):
    """Weaker date elements: weekdays, a month after a time cue, holidays, "on the 14th".

    "since March" and "in May" are dates; "she may call", "march to the office" and
    "April said" are not, so a month alone needs a cue word before it, unless it is written
    as a month ("unpaid February rent", "due December": capitalised, and nobody's given name)
    or ends a range of months ("March to April").
    """

    PATTERNS = [
        pattern("holiday", rf"\b{HOLIDAYS}\b"),
        pattern(
            "month_after_cue",
            rf"(?<=\b{MONTH_CUES}[\s-]+){MONTH_ALONE}(?![\w']){NOT_MODAL}",
        ),
        pattern(
            "ordinal_day_after_cue",
            rf"(?<=\b(?:{lexicon.alternatives('ordinal_day_cues')}|{WEEKDAY})[\s,]+)"
            rf"the\s+{ORDINAL_DAY}{NOT_A_DAY_NOUN}",
        ),
        pattern("month_name", rf"(?-i:\b{UNAMBIGUOUS_MONTHS}\b)(?!['’]s\b)"),
        pattern(
            "month_range_end",
            rf"(?<=\b{MONTH_ALONE}\.?[ \t]*(?:to|through|thru|until|and|or|-)[ \t]*){MONTH_ALONE}"
            r"(?![\w'])",
        ),
        pattern("weekday", rf"\b{WEEKDAY}s?\b"),
        pattern(
            "weekday_abbreviation_after_cue",  # "f/u thurs", "next tues", "seen on wed"
            rf"(?<=\b(?:{lexicon.alternatives('weekday_abbreviation_cues')})[ \t]+)"
            rf"(?:{CUED_WEEKDAY_ABBREVIATIONS})\b\.?",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.DATE.value,
            name="ClinicalDayReferenceRecognizer",
            patterns=list(self.PATTERNS),
        )
