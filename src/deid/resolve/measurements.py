"""A measurement grammar: the spans of a note that read as vitals, scores, doses and settings.

ICU and nursing notes are dense with numbers that look like dates or identifiers to a pattern:
"PSV 10/5" (ventilator settings), "pain 4/10" (a score), "1/2 NS" (a fluid), "q2-4hrs" (a
frequency), "11p-7a" (a shift), "hr80-90" (a vital). Date-shifting "pain 4/10" changes a
clinical fact, and a surrogate for "10mcg" corrupts a dose, so ``drop_explained`` removes a
numeric candidate (date, age, phone, zip or catch-all identifier) that lies wholly inside a
span the grammar explains.

The grammar claims a span only with a measurement word (a vital sign, lab, ventilator setting,
scale, rhythm, fluid or unit) or a score's denominator after a score word: a bare "4/10" is not
explained, and neither is "on 4/10", "seen 10/5" or "DOB 3/5/1950". Its numbers never include a
four-digit part inside a slash or dash chain, so a full date ("4/10/2023") is never explained.
All vocabulary comes from ``lexicon/data/measurement_*.txt`` (and the score lists the date
recognizer already uses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from deid.lexicon import loader
from deid.model import Evidence, Finding, PhiType

NUMERIC_TYPES = frozenset(
    {
        PhiType.DATE,
        PhiType.AGE,
        PhiType.PHONE,
        PhiType.FAX,
        PhiType.ZIP,
        PhiType.MRN,
        PhiType.HEALTH_PLAN,
        PhiType.ACCOUNT,
        PhiType.LICENSE,
        PhiType.VEHICLE,
        PhiType.DEVICE,
        PhiType.OTHER_ID,
        PhiType.SOCIAL_HANDLE,
    }
)
"""Candidates a measurement can be mistaken for: shapes of digits ("psv12" reads as a handle).
Names, places, emails, URLs, SSNs and IPs are never dropped by this step."""

GENERIC_DENOMINATORS = frozenset({10, 30})
"""A score word without its own scale ("mood", "anxiety", "rated") takes x/10 or x/30."""


def _words(name: str) -> str:
    """A list as a regex alternation, longest entry first (so "o2 sats" beats "o2 sat")."""
    items = sorted(loader.entries(name), key=len, reverse=True)
    return loader.alternation(items, space=r"[ \t]*", tree=True)


def _scales() -> dict[str, frozenset[int]]:
    """score word -> the maxima of its scale ("mmse" -> {30}); score_words get /10 and /30."""
    scales: dict[str, set[int]] = {
        w: set(GENERIC_DENOMINATORS) for w in loader.entries("score_words")
    }
    for line in loader.entries("measurement_scales"):
        parts = line.split()
        maxima = {int(p[1:]) for p in parts if p.startswith("/")}
        word = " ".join(p for p in parts if not p.startswith("/"))
        scales.setdefault(word, set()).update(maxima)
    return {word: frozenset(maxima) for word, maxima in scales.items()}


SCALES = _scales()
SCALE_WORDS = loader.alternation(sorted(SCALES, key=len, reverse=True), space=r"[ \t]+", tree=True)
UNITS = _words("measurement_units")
VITALS = _words("measurement_vitals")
RHYTHMS = _words("measurement_rhythms")
VENT = _words("measurement_ventilator")
FLUIDS = _words("measurement_fluids")
DATE_CUES = loader.words("date_cues")
TREND = loader.alternation(
    sorted((w for w in loader.entries("measurement_trend_words") if w not in DATE_CUES), key=len)[
        ::-1
    ],
    tree=True,
)
"""Trend words, less the date cues ("from", "about"): "pain since 3/10" is a date."""
ANY_TREND = _words("measurement_trend_words")
ROUTES = _words("measurement_routes")
RATED = _words("rated_things")

WORD_START = r"(?<![A-Za-z0-9])"
WORD_END = r"(?![A-Za-z])"
"""A measurement word may be glued to its number ("hr80", "PSV12"), never to other letters."""

PART = r"(?:\d{1,3}(?:\.\d+)?|\.\d+)(?:'?s(?![A-Za-z]))?%?"
"""One number of a chain: at most three digits, so "3/14/2020" is never a measurement."""
CHAIN_SEP = r"(?:[ \t]*(?:-+>?|->|/|[xX]|to)[ \t]*)"
NUMBER_END = r"(?![\d.]*\d|[/-]\d)"
VALUE = rf"{PART}(?:{CHAIN_SEP}{PART})*{NUMBER_END}"
"""A reading: "110/70", "80-90s", "600x12", "95-98%". A number of four digits or more is never
a reading: after "CV" or "PS" it is an identifier ("CV-20917", "PS 07843")."""
UNIT_TAIL = rf"(?:[ \t]*-?(?:{UNITS})(?:/(?:{UNITS}))*{WORD_END})?"
GLUED_TAIL = (
    rf"(?:(?:-?(?:{ROUTES}|{FLUIDS})|{RHYTHMS}){WORD_END})?"
    rf"(?:-(?!(?:{VITALS}|{RHYTHMS}|{VENT}){WORD_END})[A-Za-z]+{WORD_END})?"
)
"""After a reading: a glued route or rhythm ("102rectal", "83-85NSR"), or a word joined by a
dash that stands for a pause ("sats 97-98-but"), unless it starts the next reading
("sr-90-st-100s")."""
READING = rf"{VALUE}{UNIT_TAIL}{GLUED_TAIL}(?![A-Za-z])"
LEAD = rf"(?:[ \t]*[:=~@(\-][ \t]*|[ \t]*)(?:(?:{TREND}){WORD_END}[ \t:=\-]*){{0,3}}"
"""Between a measurement word and its reading: punctuation and up to three trend words."""
JOIN = r"(?:[ \t]*(?:[,;&+/()\-]|(?<=[ \t])(?:and|with|w/|c|of)(?=[ \t])))*[ \t]*"

MEASURED = rf"(?:{VITALS}|{RHYTHMS}|{VENT})"

ANCHORED = re.compile(
    rf"(?P<anchor>{WORD_START}{MEASURED}(?:[ \t]*[/-][ \t]*{MEASURED})*{WORD_END})"
    rf"(?:{LEAD}(?P<reading>{READING}))?",
    re.IGNORECASE,
)
"""A vital, lab, rhythm or ventilator word, with its reading when one follows ("BP 110/70")."""
MONTH_DAY = re.compile(r"(?<![\d.])(\d{1,2})/(\d{1,2})(?![\d.])")
CLOCK_AFTER = re.compile(
    r"[ \t]*(?:@|at)?[ \t]*(?:(?:[01]\d|2[0-3]):?[0-5]\d|\d:[0-5]\d)(?![\dx%.])"
)
"""A clock time right after a date ("10/17 0500"): the date is a date, whatever is around it."""

SETTING = re.compile(
    rf"{JOIN}(?:(?:(?:{VENT}|{VITALS}){WORD_END}{LEAD})?\(?{READING}\)?"
    rf"(?:[ \t]*(?:{VENT}){WORD_END})?"
    rf"|(?:{VENT}){WORD_END})",
    re.IGNORECASE,
)
"""One more setting after a ventilator word ("A/C 600x12, 40%, 5 peep")."""

VENT_WORD = re.compile(rf"{WORD_START}(?:{VENT}){WORD_END}", re.IGNORECASE)
READING_BEFORE_VENT = re.compile(rf"{WORD_START}{VALUE}[ \t]*(?:{VENT}){WORD_END}", re.IGNORECASE)
"""A setting written before its mode ("5/5 PSV/CPAP", "16peep", "12IPS")."""
READING_BEFORE_RHYTHM = re.compile(rf"{WORD_START}{VALUE}-?(?:{RHYTHMS}){WORD_END}", re.IGNORECASE)

SCORE_AFTER_WORD = re.compile(
    rf"{WORD_START}(?P<word>{SCALE_WORDS}){WORD_END}{LEAD}"
    rf"(?P<score>\d{{1,3}}[+-]?)/(?P<max>\d{{1,3}}){NUMBER_END}",
    re.IGNORECASE,
)
"""A score word, then N/MAX after at most punctuation and two trend words ("pain 4/10",
"MMSE score: 27/30"); never across a date cue ("pain since 3/10")."""
SCORE_BEFORE_WORD = re.compile(
    rf"{WORD_START}(?P<score>\d{{1,3}}[+-]?)/(?P<max>\d{{1,3}}){NUMBER_END}"
    rf"(?:[ \t]+(?P<word>{SCALE_WORDS})|(?:[ \t]+[\w/-]+){{1,2}}?[ \t]+(?P<far>{SCALE_WORDS})"
    rf"|[ \t]+(?P<rated>{RATED})){WORD_END}",
    re.IGNORECASE,
)
"""N/MAX then its scale ("6/10 cp", "3/10 incisional pain", "5/5 strength", "2/3 items")."""
CUE_BEFORE = re.compile(
    rf"{WORD_START}(?:{loader.alternatives('date_cues')})[ \t:,]*$", re.IGNORECASE
)
FUNCTION_WORDS = frozenset(loader.entries("common_words")[:300])
"""The most frequent English words ("with", "for", "after"): not a description of a pain."""
NEXT_SCORE = re.compile(
    rf"(?:[ \t]*(?:,|->|-+>|>|\(|\)|(?:{ANY_TREND}){WORD_END})[ \t]*){{1,3}}"
    rf"(?P<score>\d{{1,3}}[+-]?)/(?P<max>\d{{1,3}}){NUMBER_END}",
    re.IGNORECASE,
)
"""Another reading of the same scale ("pain 6/10, up from 4/10")."""

FLUID = re.compile(
    rf"{WORD_START}(?:(?:{FLUIDS})[ \t]*)?(?:\d[ \t]+)?\d/\d{NUMBER_END}"
    rf"[ \t]*-?(?:{FLUIDS}){WORD_END}"
    rf"|{WORD_START}d\d{{1,2}}w?[ \t]*\d/\d{NUMBER_END}"
    rf"|{WORD_START}{VALUE}[ \t]*(?:(?:{UNITS})[ \t]*)?-?(?:{FLUIDS}){WORD_END}",
    re.IGNORECASE,
)
"""A fluid by strength or volume ("1/2 NS", "D5 1/2", "500cc NS", "250NS")."""
FRACTION_UNIT = re.compile(
    rf"{WORD_START}(?:\d[ \t]+)?(?P<n>[1-7])/(?P<d>[2-8]){NUMBER_END}[ \t]*-?(?:{UNITS}){WORD_END}",
    re.IGNORECASE,
)
"""A common fraction of a unit ("1 1/2 hr", "1/5 liters")."""
WORD_UNITS = loader.alternation(
    sorted((u for u in loader.entries("measurement_units") if len(u) > 1), key=len, reverse=True),
    tree=True,
)
AMOUNT = (
    rf"(?:(?:\d{{1,5}}(?:\.\d+)?|\.\d+)(?:[ \t]*-[ \t]*\d{{1,5}}(?:\.\d+)?)?{NUMBER_END}|{VALUE})"
)
"""An amount before a unit may be large ("1200cc", "800-1000 ccs", "5000 units")."""
DOSE = re.compile(
    rf"{WORD_START}{AMOUNT}[ \t]*-?(?:{UNITS})(?:/(?:{UNITS}))*"
    rf"(?:-?(?:{ROUTES}|{FLUIDS})){{0,2}}{WORD_END}{GLUED_TAIL}"
    rf"|{WORD_START}{AMOUNT}(?:{ROUTES}){WORD_END}"
    rf"|{WORD_START}[A-Za-z]{{3,20}}-?{VALUE}[ \t]*(?:{WORD_UNITS}){WORD_END}",
    re.IGNORECASE,
)
"""A number with its unit, maybe glued to its route or drug ("10mcg", "40meqIV", "20IVP",
"Lasix40mg"); after letters the unit is a word, so a plate like "ABC123L" is not a dose."""
LARGE = re.compile(
    rf"{WORD_START}(?:{_words('measurement_large_readings')}){WORD_END}{LEAD}"
    rf"\d{{1,5}}(?:[ \t]*-[ \t]*\d{{1,5}})?{NUMBER_END}",
    re.IGNORECASE,
)
"""Readings that run to four or five digits ("SVR 900-1300", "CPK 11058")."""
FREQUENCY = re.compile(
    rf"{WORD_START}q[ \t]*\d{{1,2}}(?:[ \t]*-[ \t]*\d{{1,2}})?(?!\d)"
    rf"[ \t]*(?:prn|{UNITS}|d|days?)?{WORD_END}"
    rf"|{WORD_START}x[ \t]*\d{{1,3}}(?!\d)(?:[ \t]*(?:{UNITS}|days?))?{WORD_END}",
    re.IGNORECASE,
)
"""How often or how long: "q2", "q4h", "Q3-4HRS", "x2", "x30mins"."""
CLOCK = r"\d{1,2}(?::?\d{2})?[ \t]*(?:[ap]\.?m?\.?|noon|midnight)"
SHIFT = re.compile(
    rf"{WORD_START}{CLOCK}[ \t]*(?:-|to)[ \t]*{CLOCK}{WORD_END}"
    rf"|{WORD_START}\d{{1,2}}[ \t]*noon{WORD_END}"
    rf"|{WORD_START}(?:[01]\d|2[0-3])[0-5]\d[ \t]*[ap]\.?m?\.?{WORD_END}",
    re.IGNORECASE,
)
"""A shift or a clock time: "11p-7a", "7a-7p", "7p-11p", "12noon", "1850P"."""


SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")
"""Where a sentence of a note ends: a stop before a space, or a line break."""
SCORE_SHAPE = re.compile(
    r"(?<![\w/.])(?P<score>\d{1,3}[+-]?)/(?P<max>\d{1,3})" + NUMBER_END + r"(?![A-Za-z])"
)


def _score_spans(text: str) -> Iterable[tuple[int, int]]:
    for start, end, maximum in _worded_scores(text):
        yield start, end
        yield from _same_scale_in_sentence(text, start, end, maximum)


def _worded_scores(text: str) -> Iterable[tuple[int, int, str]]:
    """Scores a score word explains: (start, end, the scale's maximum)."""
    for match in SCORE_AFTER_WORD.finditer(text):
        maxima = SCALES.get(re.sub(r"\s+", " ", match["word"].lower()), frozenset())
        if _is_score(match["score"], match["max"], maxima):
            yield match.start(), _chain(text, match.end(), match["max"]), match["max"]
    for match in SCORE_BEFORE_WORD.finditer(text):
        if CUE_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            continue  # "seen 4/10 for pain": the cue makes it a date
        if match["rated"]:
            maxima = None  # a rated thing ("2/3 items") takes any maximum
        else:
            word = match["word"] or match["far"]
            maxima = SCALES.get(re.sub(r"\s+", " ", word.lower()), frozenset())
            gap = text[match.end("max") : match.start("far")] if match["far"] else ""
            if any(w.lower() in FUNCTION_WORDS for w in re.findall(r"[A-Za-z]+", gap)):
                continue  # "4/10 for chest pain": only describing words may stand between
        if _is_score(match["score"], match["max"], maxima):
            yield match.start(), match.end(), match["max"]


def _same_scale_in_sentence(
    text: str, start: int, end: int, maximum: str
) -> Iterable[tuple[int, int]]:
    """Later readings out of the same maximum in the sentence of an explained score: "anxiety
    4/10 (was 8/10 in May)", "cravings 2/10 most days, 6/10 after a trigger". A date cue
    before one keeps it a date ("pain 4/10, seen 6/10"), and so does coming before the score
    ("6/10: pain 4/10")."""
    stop = SENTENCE_END.search(text, end)
    sentence_end = stop.start() if stop else len(text)
    for match in SCORE_SHAPE.finditer(text, end, sentence_end):
        if match["max"] != maximum:
            continue
        if int(match["score"].rstrip("+-")) > int(maximum):
            continue
        if CUE_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            continue
        yield match.start(), match.end()


def _is_score(score: str, maximum: str, maxima: frozenset[int] | None) -> bool:
    top = int(maximum)
    return (maxima is None or top in maxima) and 0 < top and int(score.rstrip("+-")) <= top


def _chain(text: str, end: int, maximum: str) -> int:
    """The end of a run of readings of one scale that starts before ``end``."""
    while (match := NEXT_SCORE.match(text, end)) and match["max"] == maximum:
        if int(match["score"].rstrip("+-")) > int(maximum):
            break
        end = match.end()
    return end


def _settings(text: str) -> Iterable[tuple[int, int]]:
    """A ventilator word with the run of settings after it, and readings written before it."""
    for match in VENT_WORD.finditer(text):
        end = match.end()
        anchored = ANCHORED.match(text, match.start())
        if anchored:
            end = max(end, anchored.end())
        while (more := SETTING.match(text, end)) and more.end() > end:
            end = more.end()
        yield match.start(), end
    for pattern in (READING_BEFORE_VENT, READING_BEFORE_RHYTHM):
        for match in pattern.finditer(text):
            yield match.start(), match.end()


def _readings(text: str) -> Iterable[tuple[int, int]]:
    """Vital and lab readings; a month/day shape after a vital is only a ventilator setting's.

    "BP 110/70" is a reading, but "UO-9/10 lasix" or "CO/CI (10/17 0500)" is a date beside a
    vital, so there only the word is claimed.
    """
    for match in ANCHORED.finditer(text):
        reading = match["reading"]
        if reading and not VENT_WORD.search(match["anchor"]) and _month_day(reading):
            yield match.start(), match.end("anchor")
        else:
            yield match.start(), match.end()


def _month_day(reading: str) -> bool:
    return any(1 <= int(m) <= 12 and 1 <= int(d) <= 31 for m, d in MONTH_DAY.findall(reading))


def _spans(text: str) -> Iterable[tuple[int, int]]:
    yield from _score_spans(text)
    yield from _settings(text)
    yield from _readings(text)
    for pattern in (FLUID, FRACTION_UNIT, DOSE, LARGE, FREQUENCY, SHIFT):
        for match in pattern.finditer(text):
            if match.end() > match.start():
                yield match.start(), match.end()


@lru_cache(maxsize=8)
def measurement_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans the grammar explains as measurements: sorted, and joined where they overlap or
    only a dash or slash separates them ("CV-sr-90-st-100s" is one run of readings). Cached for
    the few notes in hand: the decision stage and ``resolve`` both ask about the same note."""
    merged: list[list[int]] = []
    for start, end in sorted(set(_spans(text))):
        if merged and (start < merged[-1][1] or _joined(text, merged[-1][1], start)):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def _joined(text: str, end: int, start: int) -> bool:
    return 0 < start - end <= 1 and text[end:start] in {"-", "/"}


def explains(text: str, spans: tuple[tuple[int, int], ...], finding: Finding) -> bool:
    """Whether ``finding`` is a numeric candidate wholly inside one measurement span.

    A caller's known identifier is never explained away, and neither is a date whose shape the
    grammar does not explain: one written with a word ("02 dec") or followed by a clock time,
    unless the reading's label stands before it inside the span ("PSV 5/5 at 1800").
    """
    if finding.phi_type not in NUMERIC_TYPES or finding.evidence is Evidence.KNOWN:
        return False
    for start, end in spans:
        if start <= finding.start and finding.end <= end:
            labelled = start < finding.start  # "PSV 5/5 at 1800": a reading's label precedes
            return labelled or not (finding.phi_type is PhiType.DATE and _date_shape(text, finding))
    return False


def _date_shape(text: str, finding: Finding) -> bool:
    written = text[finding.start : finding.end]
    return bool(re.search(r"[A-Za-z]{2}", written) or CLOCK_AFTER.match(text, finding.end))


def drop_explained(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` less the numeric candidates the measurement grammar explains."""
    found = list(findings)
    if not any(f.phi_type in NUMERIC_TYPES for f in found):
        return found
    spans = measurement_spans(text)
    return [f for f in found if not explains(text, spans, f)]
