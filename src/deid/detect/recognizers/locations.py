"""Street addresses, cities and towns, ZIP codes and named organisations.

US states are not identifiers under Safe Harbor and are never flagged; a city is found by its
context ("lives in", "moved to", "Springfield, IL") or, when capitalised and not an everyday word,
by the GeoNames gazetteer of US towns.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from deid import lexicon as wordlists
from deid.detect.casing import CaseMode
from deid.detect.recognizers.base import RuleRecognizer, pattern
from deid.model import PhiType

STATE_ABBREVIATIONS = wordlists.alternation(wordlists.us_state_abbreviations())
STATE_NAMES = wordlists.alternation(
    sorted((s.title() for s in wordlists.us_states()), key=lambda s: (-len(s), s))
)
"""Longest first, so "West Virginia" is tried before "Virginia"."""
STREET_SUFFIXES = wordlists.alternation(
    form for row in wordlists.rows("street_suffixes") for form in row
)
_UNIT = (
    rf"(?:,?[ \t]+(?:(?:{wordlists.alternatives('address_units')})\.?|#)"
    r"[ \t]*#?[A-Za-z0-9-]+|,?[ \t]+\d{1,2}(?:st|nd|rd|th)[ \t]+Floor)?"
)


_NAMED_STREET_SUFFIXES = wordlists.alternation(
    w.title() for w in wordlists.entries("named_street_suffixes")
)


class StreetAddressRecognizer(PatternRecognizer):
    """House number + street name + suffix (+ unit), and PO boxes, in any case."""

    PATTERNS = [
        pattern(
            "street_address",
            rf"(?<![\w/.-])\d{{1,6}}[A-Za-z]?"
            rf"(?:[ \t]+(?:{wordlists.alternatives('street_directions')})\.?)?"
            rf"(?:[ \t]+(?:[A-Za-z][A-Za-z'.-]*|\d{{1,3}}(?:st|nd|rd|th)))"
            rf"{{1,4}}?[ \t]+(?:{STREET_SUFFIXES})\b\.?{_UNIT}",
        ),
        pattern(  # the grid addresses of Utah and the Mountain West: "1200 N 400 W, Unit 3"
            "grid_address",
            rf"(?<![\w/.-])\d{{1,6}}[ \t]+(?-i:[NSEW])\.?[ \t]+\d{{1,5}}[ \t]+(?-i:[NSEW])\b\.?"
            rf"(?![\w'-]){_UNIT}",
        ),
        pattern(  # a grid street without a house number: "the shelter on W 3300 S", "on 1700 S"
            "grid_street",
            r"(?<=\b(?:on|off|near)[ \t]+)(?:(?-i:[NSEW])[ \t]+)?\d{3,5}[ \t]+(?-i:[NSEW])\b"
            r"(?![\w'/-])",
        ),
        pattern(  # latitude, longitude with four or more decimals: "40.7128, -74.0060"
            "gps_coordinates",
            r"(?<![\d.])-?\d{1,2}\.\d{4,7},[ \t]*-?\d{1,3}\.\d{4,7}(?![\d.])",
        ),
        pattern(  # "Apt 4C", "Suite 210", "apartment #12" without the street line
            "unit_alone",
            r"\b(?:apt|apartment|suite|ste)\.?[ \t]*#?[ \t]*\d{1,5}[a-z]?\b"
            r"(?![/.:,-]?\d|[ \t]*(?:wks?|weeks?|days?|d|months?|mos?|yrs?|years?|hrs?|hours?|am|pm"
            r"|x|times|mins?|minutes?)\b)",
        ),
        pattern("po_box", r"\bP\.?[ \t]?O\.?[ \t]*Box[ \t]+\d{1,6}\b"),
        pattern(
            "numbered_road",  # "on Route 9", "off Hwy 101", "State Road 7"
            r"\b(?:Route|Rte\.?|Highway|Hwy\.?|State[ \t]+Road|County[ \t]+Road|Interstate)"
            r"[ \t]+\d{1,4}[A-Z]?\b",
        ),
        pattern(
            "street_name",  # "the house on Hope Street": a named street without a number
            r"\b(?-i:[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?[ \t]"
            rf"(?:{_NAMED_STREET_SUFFIXES}))\b",
        ),
        pattern(  # abbreviated, after "on": "the gas station on Quarry Hill Rd", "on Delancey Ave"
            "street_name_after_on",
            r"(?<=\b(?i:on|off)[ \t]+(?:the[ \t]+)?)"
            r"(?-i:(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))(?:[ \t][A-Z][a-z]+){0,2}"
            r"[ \t](?:St|Ave|Rd|Blvd|Ln|Pkwy|Hwy))"  # "on 27th Ave" too
            r"\b\.?",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.STREET.value,
            patterns=self.PATTERNS,
            name="StreetAddressRecognizer",
            global_regex_flags=re.IGNORECASE | re.MULTILINE,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        # "3 times a day", "2 mg daily at noon" are not addresses: the words must not be dosing
        words = pattern_text.lower().split()
        dosing = wordlists.words("dosing_words")
        if any(w in dosing for w in words):
            return True
        # "phq-9 pt pt": the street's name words must not all be clinical shorthand
        name_words = [w.strip(".,") for w in words[1:-1]]
        if name_words and all(w in wordlists.clinical_terms() for w in name_words):
            return True
        if _shorthand_suffix(pattern_text.split(), name_words):
            return True
        return _counts_something(pattern_text)


_UNIT_WORDS = wordlists.words("measurement_units") | wordlists.words("number_units")
_STREET_BREAK_WORDS = wordlists.words("street_break_words")
_NUMBER_AND_UNIT = re.compile(r"\d+(?:[.,]\d+)?(?P<unit>[a-z]*)", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"\.[ \t]{2,}|-[ \t]+\S+$")
_ADDRESS_WORDS = (
    wordlists.words("address_units")
    | wordlists.words("street_directions")
    | frozenset(form for row in wordlists.rows("street_suffixes") for form in row)
)


def _is_unit(word: str) -> bool:
    word = word.lower().strip(".,'").removesuffix("'s")
    if word in _ADDRESS_WORDS:
        return False  # "1420 S 300 W", "Main St, Unit 4": the words of an address
    return word in _UNIT_WORDS or f"{word}s" in _UNIT_WORDS or word.removesuffix("s") in _UNIT_WORDS


_NEXT_WORD = re.compile(r"[ \t]*([^\W\d_]+)")


def _unit_follows(text: str, end: int) -> bool:
    """Whether the number ending at ``end`` counts something ("2 mg", "2 hours")."""
    word = _NEXT_WORD.match(text, end)
    return word is not None and _is_unit(word.group(1))


_DIRECTIONS = wordlists.words("street_directions")


def _shorthand_suffix(words: list[str], name_words: list[str]) -> bool:
    """ "67 YR OLD PT", "2 mediasteinal CT", "25 stable CT", "2 RUNS SVT ST": a suffix that is
    also clinical shorthand (pt, ct; st and sq too: sinus tachycardia, subcutaneous) ends a
    street only after a name, not after ordinary or clinical words."""
    suffix = words[-1].strip(".,").lower() if words else ""
    if words[-1].istitle() or not wordlists.is_non_name_word(suffix):
        return False  # "8553 W Main Ct" is written as a street
    name_words = [w.strip("'-") for w in name_words]
    name_words = [w for w in name_words if not w.isdigit() and w not in _DIRECTIONS]
    if any(_clinical_word(w) for w in name_words):
        return True  # "90 CMS PT", "2 PLEURAL CT", "fs 212 tx'd w ss reg sq"
    return suffix in wordlists.clinical_terms() and any(
        wordlists.is_common_word(w, top=5_000) for w in name_words
    )


def _clinical_word(word: str) -> bool:
    """Clinical vocabulary, shorthand or a slip for either, and no street-name word: "CHURCH",
    "OAK" and "MAIN" are listed names or towns, "SCHOOL" and "WATER" everyday words."""
    lower = word.lower()
    if wordlists.is_misspelt_word(lower) or lower in wordlists.clinical_terms():
        return True
    if wordlists.looks_medical(lower) or (lower.isalpha() and not set(lower) & set("aeiouy")):
        return True
    return (
        wordlists.is_non_name_word(lower)
        and not wordlists.is_listed_name_or_town(lower)
        and not wordlists.is_common_word(lower, top=20_000)
    )


def _counts_something(pattern_text: str) -> bool:
    """A clinical number, not a house number: a unit after it ("4L NP. PT", "20 mcg. bp"), a
    sentence break before the "suffix" ("26 ring. Pt"), or a word a street name never holds
    ("3 way foley in place", "60 when pt asleep"), or a medical word ("2 mediastinal CT")."""
    words = pattern_text.split()
    number = _NUMBER_AND_UNIT.fullmatch(words[0])
    if number and number.group("unit") and _is_unit(number.group("unit")):
        return True
    if len(words) > 1 and _is_unit(words[1]):
        return True
    if _SENTENCE_BREAK.search(pattern_text) or any(
        w.endswith(".") and len(w) > 3 and w.lower().strip(".,") not in _ADDRESS_WORDS
        for w in words[1:-1]
    ):
        return True
    name_words = [w.lower().strip(".,'-") for w in words[1:-1]]
    return any(
        w not in _ADDRESS_WORDS
        and (w in _STREET_BREAK_WORDS or (len(w) > 3 and wordlists.looks_medical(w)))
        for w in name_words
    )


class ZipCodeRecognizer(PatternRecognizer):
    """Five-digit ZIP (+4) after a state, or with ZIP context."""

    PATTERNS = [
        pattern(
            "zip_after_state",
            rf"(?<=\b(?:{STATE_ABBREVIATIONS}|{STATE_NAMES})\.?,?[ \t]{{1,2}})"
            r"\d{5}(?:-\d{4})?\b",
        ),
        pattern("zip_plus4", r"\b\d{5}-\d{4}\b"),
        pattern("zip5", r"\b\d{5}\b"),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.ZIP.value,
            patterns=self.PATTERNS,
            name="ZipCodeRecognizer",
        )


_CITY_CONTEXT = re.compile(
    rf"\b(?:{wordlists.alternatives('city_cues')})[ \t]+"
    r"(?:in[ \t]+|to[ \t]+|from[ \t]+|near[ \t]+)?"
    r"(?P<city>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})",
)
_CITY_CONTEXT_ANYCASE = re.compile(
    _CITY_CONTEXT.pattern.replace("[A-Z][a-z]+", "[A-Za-z]+"), re.IGNORECASE
)
_RESIDENCE_VERBS = wordlists.alternatives("residence_cues", space=r"\s+")
_RESIDENCE_CUE = (
    rf"(?:{_RESIDENCE_VERBS})[ \t]+(?:(?:nearby|locally|now|currently|alone|here)[ \t]+)?"
    r"(?:in|to|at|from|near|back\s+to)"
    r"[ \t]+(?:the[ \t]+)?"
)
_RESIDENCE = re.compile(
    rf"(?i:{_RESIDENCE_CUE})(?P<place>\p{{Lu}}[\p{{L}}'-]+(?:[ \t]+\p{{Lu}}[\p{{L}}'-]+){{0,2}})"
)
_RESIDENCE_ANYCASE = re.compile(
    rf"{_RESIDENCE_CUE}(?P<place>[\p{{L}}'-]+(?:[ \t]+[\p{{L}}'-]+)?)"
    r"(?=[ \t]*(?:[,.;\n]|$|with\b|w/|and\b))",
    re.IGNORECASE,
)
_AFTER_STREET = re.compile(
    rf"\b\d{{1,6}}[ \t]+[\p{{L}}. ]{{2,40}}?[ \t](?:{STREET_SUFFIXES})\.?"
    r"(?:,?[ \t]*(?:apt|unit|suite|ste|fl|floor|#)\.?[ \t]*#?[\w-]+)?,[ \t]*"
    r"(?P<place>[\p{L}][\p{L}'-]+(?:[ \t]+[\p{L}][\p{L}'-]+)?)"
    r"(?=[ \t]*(?:[.;\n(]|$|\d{5}\b))",  # "..., Syracuse (337-284-9881)": a phone may follow
    re.IGNORECASE,
)
_MONTHS_AND_DAYS = wordlists.months_and_days()
_ZIP_AFTER_TOWN = re.compile(r"[ \t]+(?P<zip>\d{5}(?:-\d{4})?)\b")
_UNKNOWN_AFTER_PLACE_WORD = re.compile(
    r"\b(?:from|near)[ \t]+(?P<place>\p{L}{4,})(?=[ \t]*(?:[,.;:\n]|$))", re.IGNORECASE
)
"""ALL CAPS / lower-case notes: "CALLED FROM ALEPPO;" (an unknown word closing a phrase)."""
_PLACE_AFTER_PREPOSITION = re.compile(
    rf"(?<=\b(?P<cue>{wordlists.alternatives('place_cues')})[ \t]+)"
    r"(?P<place>\p{Lu}[\p{L}'-]+(?:[ \t]+\p{Lu}[\p{L}'-]+){0,2})"
)
_PHRASE_END = re.compile(r"[ \t]*(?:[,.;:)\n]|$|[ \t](?:and|with|where|for|since|until)\b)")
_ZIP_AHEAD = re.compile(r"\.?,?[ \t]{1,2}\d{5}\b")
_CITY_STATE = re.compile(
    rf"\b(?P<city>[A-Z][A-Za-z]+(?:[ \t]+[A-Z][A-Za-z]+){{0,2}}),[ \t]*"
    rf"(?:{STATE_ABBREVIATIONS}|{STATE_NAMES})\b"
)
_CITY_STATE_ANYCASE = re.compile(
    rf"\b(?P<city>[A-Za-z]+(?:[ \t]+[A-Za-z]+){{0,2}}),[ \t]*(?i:{STATE_ABBREVIATIONS})\b(?![a-z])",
)


_CITY_BEFORE_STATE_NAME = re.compile(
    rf"\b(?P<city>\p{{L}}+(?:[ \t]+\p{{L}}+)?)[ \t]+(?i:{STATE_NAMES})(?!\p{{L}})",
)
"""A town before its state's name with no comma: "this hagerstown maryland facility"."""


def _known_town_tail(words: str, cities: frozenset[str], *, everyday: bool = True) -> str | None:
    """The longest tail of ``words`` that is a known town (as written), if any; with
    ``everyday=False`` a town that is also an everyday word does not count."""
    parts = words.split()
    for i in range(len(parts)):
        candidate = " ".join(parts[i:])
        lower = candidate.lower()
        if lower in cities and (everyday or not wordlists.is_common_word(lower, top=10_000)):
            return candidate
    return None


_ROOM_OR_BED = re.compile(
    r"\b(?i:room|rm|bed|bunk)\.?[ \t]*[:#]?[ \t]*"
    r"(?P<number>\d{1,4}[A-Za-z]?(?:-[A-Za-z0-9]{1,3})?|\d[A-Za-z]-\d{1,3}|[A-Z]-?\d{2,4})"
    r"(?![\w/]|[.-]\d)"
)
"""Room and bed numbers locate a patient in a facility: "room 412", "bed 3B", "RM 512-C",
"Room: C-207"."""
_DIRECTION = r"(?i:north|south|east|west)"
_WARD_CUE = r"(?<=\b(?i:to|on|from|at|in)[ \t]+(?:the[ \t]+)?)"
_WARD = re.compile(
    r"\b(?i:ward|wing)[ \t]+\d{1,2}[A-Za-z]?\b(?![/.:]\d)"
    rf"|{_WARD_CUE}(?i:unit)[ \t]+\d{{1,2}}[A-Za-z]?(?:[ \t]+{_DIRECTION})?\b"
    r"(?![/.:]\d|[ \t]*(?i:of)\b)"
    rf"|\b(?i:unit)[ \t]+\d{{1,2}}[ \t]+{_DIRECTION}\b"
    rf"|{_WARD_CUE}\d{{1,2}}[ \t]?{_DIRECTION}\b(?![ \t]+(?i:of)\b)"
)
"""Wards and units with a number: "ward 4B", "transferred to unit 7", "Unit 5 North", "transfer
to 5 North" (a unit of blood, "unit 2 of FFP", is not a place, nor "5 miles north of")."""
_TRANSFER_WORDS = wordlists.alternatives("transfer_cues", space=r"[ \t]+")
_TRANSFER_CUE = rf"(?i:{_TRANSFER_WORDS})[ \t]+(?i:to|from|on)[ \t]+"
_MOVE_CUE = (
    rf"(?:{_TRANSFER_CUE}|\b(?i:transfer(?:red|ed)?|(?:pt|patient)[ \t]+to)[ \t]+"
    # "transfer today to", "admitted 9/30 to"
    r"|\b(?i:(?:transfer(?:red|ed)?|admitted)[ \t]+[\p{L}\d/]+[ \t]+to)[ \t]+"
    r"|\b(?i:plan|p)[ \t]*[:\-][ \t]*(?:\?[ \t]*)?(?:(?i:to)[ \t]+)?)"  # "PLAN: (TO) BRANWELL 3"
)
_BUILDING_FLOOR = re.compile(
    rf"(?<={_MOVE_CUE})(?P<place>\p{{L}}{{4,}})[ \t]*\d{{1,2}}[A-Za-z]?(?:/\d)?\b(?![/.:]\d)"
)
"""A building or ward named by a word and a floor, after a move: "transfer to Foxhall 2",
"TRANSFER FOXHALL 2", "pt to foxhall 3/4" (the name is the identifier; the floor alone is not).
A bare "to" is no move: "wean to cpap 5", "diuresed to lasix 40"."""
_COUNTY = re.compile(
    r"\b(?P<place>(?-i:\p{Lu}[\p{Ll}'\u2019.-]+(?:[ \t]\p{Lu}[\p{Ll}'\u2019.-]+){0,2})[ \t]"
    r"(?:County|Parish|Borough)"
    r"|(?i:(?:st\.|\p{L}[\p{L}'\u2019-]+)(?:[ \t]+\p{L}[\p{L}'\u2019-]+)?[ \t]+county))\b"
)
"""A county (or a Louisiana parish, an Alaska borough) is a place smaller than a state: "Will
County", "HARLAN COUNTY"; in capitals or lower case the name must be no ordinary word."""
_NOT_COUNTY_NAMES = wordlists.words("determiners") | wordlists.words("not_county_names")
_PLACE_CUE_WORDS = frozenset(w.lower() for w in wordlists.words("place_cues"))
_CAMPUS = re.compile(r"\b(?P<place>\p{L}{4,})[ \t]+(?i:campus|building|pavilion)\b")
"""A hospital's campus or building named by a word: "the Harlow campus", "HARLOW BUILDING"."""
_COUNTY_WORD = re.compile(r"(?i:county|parish|borough)")
_CAMPUS_WORD = re.compile(r"(?i:campus|building|pavilion)")
"""The words every county and every campus match holds: a note without one is not scanned for
them (both patterns try a run of capitalised words at every word of the note)."""


def _ordinary_not_town(word: str) -> bool:
    """ "from rectum", "from percocet", "FROM TRACH": a word of the non-name vocabulary that is no
    known town closes a phrase as often as a town does ("from Aleppo" stays)."""
    lower = word.lower()
    if lower in wordlists.us_cities() or lower in wordlists.world_cities():
        return False
    return wordlists.is_non_name_word(lower)


class CityRecognizer(RuleRecognizer):
    """US cities and towns: "Springfield, IL", "moved to Tacoma", or a known town name."""

    def __init__(self) -> None:
        super().__init__([PhiType.LOCATION, PhiType.ZIP], "CityRecognizer")

    def analyze_in_mode(
        self, text: str, nlp_artifacts: NlpArtifacts | None, mode: CaseMode
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        cities = wordlists.us_cities()
        for match in _CITY_STATE.finditer(text):
            # "Medicaid, ID ..." and "Psychologist, ME License" are not towns: the name must be
            # a known town, or a ZIP code must follow the state
            known = match.group("city").lower() in cities
            if known or _ZIP_AHEAD.match(text, match.end()):
                results.append(
                    self._result(match.start("city"), match.end("city"), 0.85, "city_state")
                )
        for match in _CITY_STATE_ANYCASE.finditer(text):
            # keep the longest tail of the words that is a known town ("seen in salem, or")
            town = _known_town_tail(match.group("city"), cities)
            if town is not None:
                start = match.end("city") - len(town)
                results.append(self._result(start, match.end("city"), 0.8, "city_state"))
        for match in _CITY_BEFORE_STATE_NAME.finditer(text):
            # "glen burnie maryland"; not "western maryland": no everyday word before a state
            town = _known_town_tail(match.group("city"), cities, everyday=False)
            if town is not None:
                start = match.end("city") - len(town)
                results.append(self._result(start, match.end("city"), 0.7, "city_state_name"))
        mixed = mode is CaseMode.MIXED
        if mixed:
            results.extend(self._named_towns(text, cities))
        for match in (_RESIDENCE if mixed else _RESIDENCE_ANYCASE).finditer(text):
            # "Lives in Bed-Stuy", "raised in the Bronx": a neighbourhood need not be a town
            place = match.group("place")
            words = place.lower().split()
            if all(wordlists.is_common_word(w, top=5000) for w in words) or (
                place.lower() in wordlists.us_states() or place.lower() in wordlists.countries()
            ):
                continue
            if not mixed and not all(
                w in cities or not wordlists.is_everyday_word(w) for w in words
            ):
                continue
            results.append(self._result(match.start("place"), match.end("place"), 0.6, "residence"))
        if not mixed:
            for match in _UNKNOWN_AFTER_PLACE_WORD.finditer(text):
                word = match.group("place")
                if not (
                    wordlists.is_everyday_word(word)
                    or wordlists.looks_medical(word)
                    or _ordinary_not_town(word)
                    or word.lower() in wordlists.first_names()
                    or word.lower() in wordlists.us_states()
                    or word.lower() in wordlists.countries()
                ):
                    results.append(
                        self._result(
                            match.start("place"), match.end("place"), 0.45, "unknown_place"
                        )
                    )
        for match in _AFTER_STREET.finditer(text):
            # "697 maple pl, apt 1r, buffalo." : the town after a street line
            place = match.group("place")
            if place.lower() in cities or not wordlists.is_everyday_word(place):
                results.append(
                    self._result(match.start("place"), match.end("place"), 0.65, "after_street")
                )
                zip_code = _ZIP_AFTER_TOWN.match(text, match.end("place"))
                if zip_code:  # "2218 N Racine Ave, Chicago 60614"
                    start, end = zip_code.span("zip")
                    results.append(self.result(PhiType.ZIP, start, end, 0.8, "zip_after_town"))
        context_pattern = _CITY_CONTEXT if mixed else _CITY_CONTEXT_ANYCASE
        # overlapped: a cue may sit inside the last match ("IN HIS HOME IN MILFORD MILL")
        for match in context_pattern.finditer(text, overlapped=True):
            candidate = match.group("city")
            words = candidate.split()
            for n in range(len(words), 0, -1):
                head = " ".join(words[:n])
                lower = head.lower()
                common_limit = 5000 if mixed else 10_000
                if (
                    lower in cities
                    and lower not in wordlists.us_states()
                    and not (n == 1 and wordlists.is_common_word(lower, top=common_limit))
                    and not (n == 1 and lower in _MONTHS_AND_DAYS)  # "moved in August"
                ):
                    start = match.start("city")
                    results.append(self._result(start, start + len(head), 0.7, "city_context"))
                    break
        results.extend(self._places_in_facilities(text))
        return results

    def _places_in_facilities(self, text: str) -> list[RecognizerResult]:
        """Rooms, beds, wards and named buildings with a floor."""
        results = [
            self._result(m.start(), m.end(), 0.6, "room_or_bed")
            for m in _ROOM_OR_BED.finditer(text)
            if not _unit_follows(text, m.end())  # "went to bed 2 hours later"
        ]
        results.extend(self._result(m.start(), m.end(), 0.6, "ward") for m in _WARD.finditer(text))
        results.extend(self._counties(text))
        campuses = _CAMPUS.finditer(text) if _CAMPUS_WORD.search(text) else ()
        for match in (*_BUILDING_FLOOR.finditer(text), *campuses):
            word = match.group("place").lower()
            if not (
                wordlists.is_everyday_word(word)
                or wordlists.looks_medical(word)
                or word in wordlists.clinical_terms()
                or word in _MONTHS_AND_DAYS
                or (wordlists.is_non_name_word(word) and not wordlists.is_listed_name_or_town(word))
                or _unit_follows(text, match.end())  # "increase to lasix 2 mg"
            ):
                start, end = match.span("place")
                results.append(self._result(start, end, 0.6, "building_floor"))
        return results

    def _counties(self, text: str) -> list[RecognizerResult]:
        if not _COUNTY_WORD.search(text):
            return []
        results = []
        for match in _COUNTY.finditer(text):
            words = match.group("place").split()
            start = match.start()
            while len(words) > 1 and words[0].lower() in _PLACE_CUE_WORDS:
                start = text.index(words[1], start + len(words[0]))  # "from Orange County"
                words.pop(0)
            if len(words) < 2 or any(w.lower() in _NOT_COUNTY_NAMES for w in words):
                continue  # "the county", "This County", "Attends St. Casimir Parish"
            written_as_name = all(w[:1].isupper() and not w.isupper() for w in words)
            if not written_as_name and any(
                wordlists.is_non_name_word(w.lower())
                and not wordlists.is_listed_name_or_town(w.lower())
                for w in words[:-1]
            ):
                continue  # "RURAL COUNTY", "in county jail": words, not a county's name
            results.append(self._result(start, match.end(), 0.8, "county"))
        return results

    def _result(self, start: int, end: int, score: float, rule: str) -> RecognizerResult:
        return self.result(PhiType.LOCATION, start, end, score, rule)

    def _named_towns(self, text: str, us_towns: frozenset[str]) -> list[RecognizerResult]:
        """A capitalised town after "in/from/to/near": any known town that is not an everyday
        word ("fled Aleppo", "from Gdańsk"), and everyday-word towns ("in Mobile", "in Reading")
        only when the phrase ends there."""
        results = []
        world = wordlists.world_cities()
        for match in _PLACE_AFTER_PREPOSITION.finditer(text):
            words = match.group("place").split()
            for n in range(len(words), 0, -1):
                candidate = " ".join(words[:n])
                lower = candidate.lower()
                if lower not in world and lower not in us_towns:
                    continue
                end = match.start("place") + len(candidate)
                ends_phrase = _PHRASE_END.match(text, end) is not None
                everyday = n == 1 and wordlists.is_common_word(lower, top=10_000)
                if lower in wordlists.us_states() or lower in wordlists.countries():
                    break
                if n == 1 and lower in _MONTHS_AND_DAYS:
                    break  # "moved to Ohio in August": a month, whatever town shares its name
                weak_cue = match.group("cue") in {"of", "and", "or", "through", "via", "across"}
                if not everyday or (ends_phrase and not weak_cue):
                    score = 0.6 if not everyday else 0.5
                    results.append(self._result(match.start("place"), end, score, "named_town"))
                break
        return results


ORG_HEADS = wordlists.alternatives("org_heads")


ORG_PREFIXES = wordlists.alternatives("org_prefixes")
_EMPLOYER_CUE = (
    rf"(?:{wordlists.alternatives('employer_cues')})"
    rf"(?:[ \t]+(?:{wordlists.alternatives('work_times')}))?"
    # how long: "worked 30 yrs for", "employed for 6 months at"
    r"(?:[ \t]+(?:for[ \t]+)?\d{1,2}\+?[ \t]*(?i:yrs?|years?|mos?|months?|wks?|weeks?))?"
    r"[ \t]+(?:at|for|from|with|in)[ \t]+(?:the[ \t]+)?"
)
_MIXED_WORD = r"\p{Lu}[\p{L}'&-]*"
_ANY_WORD = r"[\p{L}'&-]+"
_ORG_LABEL = (
    rf"(?m)(?:^|[ \t]{{2,}}|[|;][ \t]*)[ \t>*-]*(?i:{wordlists.alternatives('org_form_fields')})"
    r"[ \t]*:[ \t]*"
)
"""A form label that holds an organisation's name: "Employer: Dollar General", "SCHOOL: ..."."""
_ORG_MIXED = [
    (
        "org_head",
        re.compile(
            rf"\b(?:(?:St\.|Saint|Mount|Mt\.)[ \t]+)?{_MIXED_WORD}"
            # one space between words: a form's columns ("Dollar General   Insurance: ...") are
            # separate fields
            rf"(?:[ \t](?:of|the|and|&|for|da|de|del|{_MIXED_WORD})){{0,5}}"
            rf"[ \t](?:{ORG_HEADS}|{ORG_HEADS.upper()})\b"  # "Mercy Hospital", "MERCY HOSPITAL"
            r"(?:,?[ \t]+(?:LLC|Inc|PC|PLLC|Ltd)\b\.?)?",
        ),
        0.75,
    ),
    (
        "org_prefix",
        re.compile(rf"\b(?:{ORG_PREFIXES})[ \t]+{_MIXED_WORD}(?:[ \t]+{_MIXED_WORD}){{0,3}}"),
        0.7,
    ),
    (
        "org_employer",
        re.compile(rf"(?i:{_EMPLOYER_CUE})(?P<org>{_MIXED_WORD}(?:[ \t]+{_MIXED_WORD}){{0,3}})"),
        0.7,
    ),
    (
        "org_form_field",
        re.compile(
            rf"{_ORG_LABEL}(?P<org>{_MIXED_WORD}(?:[ \t](?:of|the|and|&|for|{_MIXED_WORD})){{0,5}})"
        ),
        0.8,
    ),
    (
        "facility_abbreviation",  # "CABG at MGH", "transferred from BWH", "clinic at UCSF"
        re.compile(
            r"(?<=\b(?i:at|to|from|admitted\s+to|transferred\s+to|followed\s+at)[ \t]+)"
            r"(?P<org>\p{Lu}{2,5})(?![\p{L}\d])"
        ),
        0.55,
    ),
]
_ANYCASE_HEADS = wordlists.alternation(
    h for h in wordlists.entries("org_heads") if h not in {"Group", "Home", "House"}
)
"""In ALL CAPS and lower-case notes "DBT GROUP" and "group home" are not names."""
_ORG_ANYCASE = [
    (
        "org_head",
        re.compile(
            # the first head ends the name ("seen by baltimore rehab for rehab screening"),
            # or a head after "of" ("peterson county department of human services")
            rf"\b{_ANY_WORD}(?:[ \t]+{_ANY_WORD}){{0,4}}?[ \t]+(?:{_ANYCASE_HEADS})\b"
            rf"(?:[ \t]+of(?:[ \t]+{_ANY_WORD}){{1,3}}?[ \t]+(?:{_ANYCASE_HEADS})\b)?"
            r"(?:[ \t]+(?:group|inc|llc|pllc))?\b",
            re.IGNORECASE,
        ),
        0.7,
    ),
    (
        "org_prefix",
        re.compile(rf"\b(?:{ORG_PREFIXES})[ \t]+{_ANY_WORD}(?:[ \t]+{_ANY_WORD}){{0,2}}", re.I),
        0.6,
    ),
    (
        "org_form_field",
        re.compile(
            rf"{_ORG_LABEL}(?P<org>{_ANY_WORD}(?:[ \t]+{_ANY_WORD}){{0,5}}?)"
            r"(?=[ \t]*(?:[,;.()\n]|$|[ \t]{2,}))",
            re.IGNORECASE,
        ),
        0.75,
    ),
    (
        "org_employer",
        re.compile(
            rf"{_EMPLOYER_CUE}(?P<org>{_ANY_WORD}(?:[ \t]+{_ANY_WORD}){{0,3}}?)"
            r"(?=[ \t]*(?:[,;.:()\n]|$|[ \t](?:in|since|on|as|and|until|for|where|with)\b))",
            re.IGNORECASE,
        ),
        0.65,
    ),
]
_FACILITY_CUE = r"(?<=(?:\b(?i:to|at|from|in|by|of|via)|(?<!\S)@)[ \t]+(?:the[ \t]+)?)"
_HOSPITAL_ABBREVIATION = re.compile(
    rf"{_FACILITY_CUE}(?P<org>(?i:\p{{L}}{{0,3}}[\p{{L}}--[ct]]h|\p{{L}}{{1,3}}mc|\p{{L}}{{1,3}}hc))"
    r"(?![\p{L}\d'])",
    re.V1,
)
"""Hospital abbreviations end in H(ospital) or MC/HC (Medical/Health Center): "to GH", "at gh",
"by GBMC", "from VAMC", written in any case. Not after c or t: "trach", "synch", "cath"."""
_NOT_HOSPITAL_ABBREVIATIONS = wordlists.words("not_hospital_abbreviations")
_POLICE_ACRONYM = r"(?-i:[A-Z]{1,4}PD)(?![\p{L}\d])"
_POLICE = re.compile(
    rf"(?<=\b(?i:{wordlists.alternatives('police_cues_before')})[ \t]+(?:the[ \t]+)?)"
    rf"(?P<org>{_POLICE_ACRONYM})"
    rf"|\b(?P<org2>{_POLICE_ACRONYM})(?=[ \t]+(?i:{wordlists.alternatives('police_cues_after')})\b)"
)
"""A police department by its acronym ("brought by APD", "NYPD officers responded"). The cue is
needed: alone, "APD" or "BPD" in a psychiatric note is a personality disorder."""
_STARTS = wordlists.entries("hospital_name_starts")
_ONE_WORD_STARTS = wordlists.alternation(s for s in _STARTS if " " not in s)
_LONGER_STARTS = wordlists.alternation((s for s in _STARTS if " " in s), space=r"[ \t]+")
_HOSPITAL_OPENING = re.compile(
    rf"{_FACILITY_CUE}(?P<org>(?i:{_ONE_WORD_STARTS})[ \t]+\p{{L}}[\p{{L}}'-]+"
    rf"|(?i:{_LONGER_STARTS}))(?![\p{{L}}'-])"
)
"""A one-word opening takes the word after it ("Holy Name"); a longer one is whole."""
_HOSPITAL_ENDING = re.compile(
    rf"{_FACILITY_CUE}(?P<org>(?P<first>\p{{L}}[\p{{L}}'-]+)(?:[ \t]+\p{{L}}[\p{{L}}'-]+)?[ \t]+"
    rf"(?i:{wordlists.alternatives('hospital_name_ends')}))(?![\p{{L}}'-])"
)
_LEADING_JUNK = wordlists.words("org_leading_junk")
_BREAK_WORDS = wordlists.words("org_break_words")
_TRAILING_JUNK = wordlists.words("org_trailing_junk")
_GENERIC_ORG = wordlists.words("generic_orgs")


class OrganizationRecognizer(RuleRecognizer):
    """Named organisations: "Riverside Behavioral Health", "Temple Beth Aslan", "works at UPS".

    In ALL CAPS and lower-case notes any-case variants run, and leading verbs and prepositions
    are trimmed ("admitted from lincoln general hospital" -> "lincoln general hospital").
    """

    def __init__(self) -> None:
        super().__init__([PhiType.ORGANIZATION], "OrganizationRecognizer")

    def analyze_in_mode(
        self, text: str, nlp_artifacts: NlpArtifacts | None, mode: CaseMode
    ) -> list[RecognizerResult]:
        mixed = mode is CaseMode.MIXED
        results = []
        results.extend(self._hospitals(text))
        for rule, regex, score in _ORG_MIXED if mixed else _ORG_ANYCASE:
            for match in regex.finditer(text):
                group = "org" if "org" in regex.groupindex else 0
                span = _trim_org(text, match.start(group), match.end(group), capitalised=mixed)
                if span is None:
                    continue
                head = text[span[0] : span[1]].split()[-1]
                if rule == "org_head" and _only_head(text[span[0] : span[1]]):
                    continue  # "from Outside Hosp": "Outside" trimmed, no name is left
                capitals = head.isupper()  # "FICK CO", "Follow CO" in a mixed-case note
                if rule == "org_head" and (not mixed or capitals) and not _named(text, *span):
                    continue
                if rule == "facility_abbreviation" and _clinical_abbreviation(match.group(group)):
                    continue
                results.append(self.result(PhiType.ORGANIZATION, span[0], span[1], score, rule))
        return results

    def _hospitals(self, text: str) -> list[RecognizerResult]:
        """Hospitals named in ways the head-word rules cannot see: an abbreviation after "to",
        "at" or "from", a name of common words ("Holy Family", "Good Samaritan"), or a place
        before "Memorial" or a church's name ("transferred from Union Memorial"); and police
        departments by their acronym, which bring patients to hospitals ("by APD")."""
        results = []
        for match in _HOSPITAL_ABBREVIATION.finditer(text):
            word = match.group("org").lower()
            if not (
                word in wordlists.clinical_terms()
                or word in _NOT_HOSPITAL_ABBREVIATIONS
                or wordlists.is_common_word(word)
                or wordlists.looks_medical(word)
            ):
                start, end = match.span("org")
                results.append(self.result(PhiType.ORGANIZATION, start, end, 0.5, "hospital_abbr"))
        for match in _POLICE.finditer(text):
            group = "org" if match.group("org") else "org2"
            start, end = match.span(group)
            results.append(self.result(PhiType.ORGANIZATION, start, end, 0.6, "police"))
        for match in _HOSPITAL_OPENING.finditer(text):
            start, end = match.span("org")
            results.append(self.result(PhiType.ORGANIZATION, start, end, 0.6, "hospital_name"))
        for match in _HOSPITAL_ENDING.finditer(text):
            span = _trim_org(text, match.start("org"), match.end("org"), capitalised=True)
            if span is None or span[1] - span[0] <= len(match.group("org").split()[-1]):
                continue  # "at the memorial": no name before the ending
            results.append(self.result(PhiType.ORGANIZATION, *span, 0.6, "hospital_name"))
        return results


_CLINICAL_ABBREVIATIONS = (
    wordlists.words("measurement_ventilator")
    | wordlists.words("measurement_rhythms")
    | wordlists.words("measurement_vitals")
)
_HOSPITAL_ABBREVIATION_END = re.compile(r"(?:h|mc|hc)$")


def _clinical_abbreviation(word: str) -> bool:
    """ "to CPAP", "at MN", "from ST", "the RCA": a ventilator mode, rhythm, vital, state or
    shorthand in the non-name vocabulary is not a facility, unless it ends as a hospital's
    abbreviation does (H, MC, HC: "MGH", "VAMC")."""
    lower = word.lower()
    if lower in _CLINICAL_ABBREVIATIONS or word in wordlists.us_state_abbreviations():
        return True
    return wordlists.is_non_name_word(lower) and not _HOSPITAL_ABBREVIATION_END.search(lower)


_ORG_WORD = re.compile(r"[\p{L}'-]+")
_HOSPITAL_NAME_ENDS = wordlists.words("hospital_name_ends")
_WORD_JOINS = re.compile(r"[-']")
_SPACED_WORD = re.compile(r"[^\s]+")


_HEAD_ALONE = re.compile(rf"(?i:{ORG_HEADS})")


def _only_head(phrase: str) -> bool:
    return _HEAD_ALONE.fullmatch(phrase) is not None


def _named(text: str, start: int, end: int) -> bool:
    """In an ALL CAPS or lower-case note a head word ("labs", "co", "systems", "rehab") names an
    organisation only after a word that is not ordinary vocabulary: a name or a place ("harlan
    rehab", "riverside clinic"), not "review of systems", "follow co" or "check am labs"."""
    words = _ORG_WORD.findall(text[start:end])[:-1]
    if words and words[-1].lower() in _HOSPITAL_NAME_ENDS:
        return True  # "MEMORIAL HOSPITAL", "baptist medical center": a hospital's own name
    return any(_distinctive(w.lower().strip("'-")) for w in words)


def _distinctive(word: str) -> bool:
    word = wordlists.strip_possessive(word)
    if not word or wordlists.looks_medical(word):
        return False
    parts = [part for part in _WORD_JOINS.split(word) if part]
    if len(parts) > 1:  # "re-check labs", "iabp-follow co": each part is judged
        return any(_distinctive(part) for part in parts if len(part) > 1)
    if not wordlists.is_non_name_word(word):
        return True
    town = word in wordlists.us_cities() or word in wordlists.world_cities()
    return town and not wordlists.is_common_word(word, top=10_000)


def _trim_org(text: str, start: int, end: int, *, capitalised: bool) -> tuple[int, int] | None:
    words = list(_SPACED_WORD.finditer(text[start:end]))
    if not capitalised:  # "4th grade at whittier elementary": the name starts after "at"
        cut = [i for i, w in enumerate(words) if w.group(0).lower() in _BREAK_WORDS]
        if cut:
            words = words[cut[-1] + 1 :]
    while words and words[0].group(0).lower().strip(".,") in _LEADING_JUNK:
        words.pop(0)
    while words and words[-1].group(0).lower().strip(".,") in _TRAILING_JUNK:
        words.pop()
    if not words:
        return None
    new_start, new_end = start + words[0].start(), start + words[-1].end()
    phrase = " ".join(w.group(0).lower() for w in words)
    if phrase in _GENERIC_ORG or phrase in wordlists.clinical_terms():
        return None
    if (
        not capitalised
        and len(words) > 1
        and all(
            wordlists.looks_medical(w) or w in {"note", "unit", "-"} for w in phrase.split()[:-1]
        )
    ):
        return None  # "NURSING NOTE - BEHAVIORAL HEALTH", "psych unit services"
    # one everyday word is an employer only when capitalised: "works at Target", not "at home"
    if len(words) == 1 and wordlists.is_common_word(phrase, top=3000) and not capitalised:
        return None
    return new_start, new_end
