"""Identifier numbers: SSN, MRN, health plan, account, licence, vehicle, device and other IDs.

Most identifiers have no shape of their own: "00482913" is an MRN only because "MRN:" precedes
it. Those rules put the label in a look-behind (``after(cue)``), so the span is the value alone
and the score is high. Shapes that stand on their own (SSN, VIN, DEA and card numbers with
check digits) have their own patterns. Last comes a recall-first net, ``OtherIdRecognizer``:
any token mixing letters and digits, or any run of five or more digits, is an identifier unless
it is a dosage, lab value, vital sign, score, clinical code, time, year, ZIP code or measurement.

>>> from deid.detect.registry import family
>>> sorted(r.name for r in family("identifiers"))[:2]
['AccountNumberRecognizer', 'CreditCardAccountRecognizer']
"""

from __future__ import annotations

import re

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

from deid import lexicon
from deid.detect.recognizers.base import (
    Prechecked,
    ReviewsSurroundings,
    label_regions,
    pattern,
    scan_patterns,
)
from deid.model import PhiType

FILLER = r"(?:\s*(?:#|:|=|-|\.|no\b\.?|nbr\b|num\b|number\b|id\b|identifier\b|is\b)){0,4}\s*"
"""What sits between a label and its value: "MRN: ", "MR# ", "member ID no. ", "policy # "."""
LABEL_SPACE = r"\s*"
"""A space in a label list matches any spacing, or none ("blue cross", "BlueCross")."""
VALUE = r"[a-z0-9](?:[a-z0-9\-]|\.(?=[a-z0-9])){2,23}[a-z0-9](?![\w\-]|[.,]\d)"
"""An identifier value: 4 to 25 letters, digits and inner hyphens (validated further below)."""


AT_VALUE_START = r"(?:(?![a-z])|(?<![a-z0-9]))"
"""Not a letter right after a letter or digit: written before ``after(cue)`` or a loose label
and a value, a quick test that spares most characters inside words the slow look-behind
through a label list. It never rejects a match: a cue is followed by no letter, and FILLER and
"label words... #" end in a space, a sign or a word boundary."""


def after(cue: str) -> str:
    """A look-behind for ``cue`` as a whole word (not after "/": "mg/dL") followed by FILLER."""
    return rf"(?<=(?<![\w/])(?:{cue})(?![a-z]){FILLER})"


def labelled(name: str, cue: str) -> list[Pattern]:
    """The value right after its label, and (a little less sure) after "label words... #".

    The loose form covers "Licensed Psychologist IL #071-009912" and "account for rent no. 5512":
    the label may be inflected and two words may separate it from an explicit "#" or "no.".
    """
    words = r"(?:s|d|ed|es|ing)?(?:\s+[a-z]{1,15}\.?){0,2}\s*(?:#|no\.)"
    loose = rf"(?<=(?<![\w/])(?:{cue}){words}{FILLER})"
    return [
        pattern(f"{name}_after_label", AT_VALUE_START + after(cue) + VALUE),
        pattern(f"{name}_grouped_digits", after(cue) + r"\d{2,6}(?:[ ]\d{2,6}){1,4}(?![\w\-])"),
        pattern(f"{name}_after_label_words_and_number_sign", AT_VALUE_START + loose + VALUE),
    ]


def plausible_value(value: str) -> bool:
    """A labelled value must hold a digit, and all-digit values need five ("MRN 2019" is not)."""
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    return digits > 0 and (letters > 0 or digits >= 5)


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum used by card numbers, NPIs (with prefix 80840) and IMEIs."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


class CuedIdentifierRecognizer(PatternRecognizer):
    """Base for the table-like recognizers below: ENTITY, NAME and PATTERNS (scores and context
    words are in the registry, ``detect/recognizers.yaml``).

    A recognizer whose every pattern needs its label sets ``CUE``: a note without the label is
    passed over after one search for it, instead of trying each pattern's look-behind at every
    character (most notes have no MRN, licence or device label at all), and in a note with it
    the patterns are tried only near the label's occurrences (``label_regions``: "record" or
    "chart" in a paragraph of a therapy note spares the rest of the note).
    """

    ENTITY: PhiType = PhiType.OTHER_ID
    NAME = ""
    PATTERNS: list[Pattern] = []
    CUE = ""

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY.value,
            name=self.NAME,
            patterns=self.PATTERNS,
        )
        flags = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE  # presidio's pattern flags
        self._cue = regex.compile(rf"(?<![\w/])(?:{self.CUE})", flags) if self.CUE else None

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        if self._cue is None:
            return super().analyze(text, entities, nlp_artifacts, regex_flags)
        regions = label_regions(self._cue, text)
        if not regions:
            return []
        return scan_patterns(self, text, regions[0][0], regex_flags, regions=regions)

    def invalidate_result(self, pattern_text: str) -> bool:
        return not plausible_value(pattern_text)


SSN_CUE = r"ssn|ss\s*#|ss\s*no|soc(?:ial)?\.?\s*sec(?:urity)?\.?(?:\s*(?:number|no|#))?"
SSN_CONTEXT = re.compile(rf"\b(?:{SSN_CUE})(?![a-z])|\bsocial\b", re.IGNORECASE)


class SsnRecognizer(ReviewsSurroundings, CuedIdentifierRecognizer):
    """Social Security numbers, including masked ones ("XXX-XX-6789").

    Numbers SSA never issues (area 000, 666 or 9xx, group 00, serial 0000) are dropped only
    when no SSN label is near: a labelled number is PHI even if it was mistyped or made up.
    """

    ENTITY = PhiType.SSN
    NAME = "SsnRecognizer"
    PATTERNS = [
        pattern("ssn_after_label", after(SSN_CUE) + r"\d{3}([- .]?)\d{2}\1\d{4}\b"),
        pattern("ssn_dashed", r"(?<![\w\-/.])\d{3}-\d{2}-\d{4}(?![\w\-/]|\.\d)"),
        pattern("ssn_spaced", r"(?<![\w\-/.])(?<!\d )\d{3} \d{2} \d{4}(?![\w\-/]| \d|\.\d)"),
        pattern(
            "ssn_last_four",  # "last four of SSN (4671)", "SSN ending in 4671", "SSN xxx-xx-4671"
            r"(?<=\b(?:ssn|social\s+security(?:\s+number)?)\s*(?:[#:(]\s*)?(?:(?:ending|ends)(?:\s+in)?"
            r"|last\s+(?:four|4)(?:\s+digits)?|[#:(]|\s)\s*[:(]?\s*(?:is\s+)?)\d{4}\b(?![\-/]\d)|(?<=\blast\s+(?:four|4)\s+(?:digits\s+)?"
            r"(?:of\s+)?(?:her\s+|his\s+|their\s+)?(?:ssn|social(?:\s+security)?)\b\s*[:(]?\s*)\d{4}\b",
        ),
        pattern("ssn_masked", r"(?<![\w*])(?:x{3}|\*{3})[- ]?(?:x{2}|\*{2})[- ]?\d{4}\b"),
        pattern("ssn_nine_digits_needs_context", r"(?<![\w\-/.])\d{9}(?![\w\-/]|\.\d)"),
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        return False

    def review(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        return [
            r
            for r in results
            if SSN_CONTEXT.search(text, max(0, r.start - 40), r.start)
            or ssn_issuable(text[r.start : r.end])
        ]


def ssn_issuable(value: str) -> bool:
    """True unless SSA rules exclude the number (masked numbers have nothing to check)."""
    digits = re.sub(r"\D", "", value)
    if len(digits) != 9:
        return True
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return not (area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000")


class MrnRecognizer(CuedIdentifierRecognizer):
    """Medical record numbers, which are only recognisable by their label."""

    ENTITY = PhiType.MRN
    NAME = "MrnRecognizer"
    CUE = (
        lexicon.alternatives("mrn_labels", space=LABEL_SPACE) + r"|med(?:ical)?\.?\s*rec(?:ord)?s?"
    )
    PATTERNS = labelled("mrn", CUE)


class HealthPlanRecognizer(CuedIdentifierRecognizer):
    """Health plan beneficiary, member, subscriber, policy and group numbers."""

    ENTITY = PhiType.HEALTH_PLAN
    NAME = "HealthPlanRecognizer"
    CUE = (
        lexicon.alternatives("health_plan_labels", space=LABEL_SPACE)
        + r"|(?:health\s*)?plan(?=\s*(?:id|#|no|number))"
    )
    PATTERNS = labelled("plan_number", CUE)


LAST_DIGITS = (
    r"\s*(?:#\s*)?(?:ending|ends)(?:\s+in|\s+with)?\s*[:#]?\s*|\s*[:#]?\s*last\s+(?:four|4)\s*"
)
"""How notes cite the end of a number: "acct ending 7719", "card ends in 0042", "SSN: last 4"."""
SHORT_VALUE = r"\d{4}\b(?![\-/.,]\d)"


class AccountNumberRecognizer(ReviewsSurroundings, CuedIdentifierRecognizer):
    """Account numbers: patient and billing accounts, bank accounts, invoices, cards.

    The last four digits of an account ("acct ending 7719") identify it as well as the whole.
    """

    ENTITY = PhiType.ACCOUNT
    NAME = "AccountNumberRecognizer"
    CUE = lexicon.alternatives("account_labels", space=LABEL_SPACE)
    PATTERNS = [
        *labelled("account_number", CUE),
        pattern(
            "account_last_digits",
            rf"(?<=(?<![\w/])(?:{CUE})(?:s|ed)?(?:{LAST_DIGITS})){SHORT_VALUE}",
        ),
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        return not (plausible_value(pattern_text) or re.fullmatch(r"\d{4}", pattern_text))

    def review(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        """Four digits alone are an account only after "ending" or "last four"."""
        return [
            r
            for r in results
            if plausible_value(text[r.start : r.end])
            or getattr(r.analysis_explanation, "pattern_name", "") == "account_last_digits"
        ]


class CreditCardAccountRecognizer(ReviewsSurroundings, CreditCardRecognizer):
    """presidio's card-number pattern and Luhn check, reported as ACCOUNT.

    IMEIs pass the same checksum, so a number labelled as a device is left to the device rule.
    """

    DEVICE_LABEL = re.compile(r"\b(?:imei|meid|esn|serial|s/n|sn|device)\b\W*$", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(supported_entity=PhiType.ACCOUNT.value, name="CreditCardAccountRecognizer")

    def review(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        return [r for r in results if not self.DEVICE_LABEL.search(text[: r.start][-20:])]


class LicenseNumberRecognizer(CuedIdentifierRecognizer):
    """Certificate and licence numbers: driver's licence, DEA, NPI, state clinical licences."""

    ENTITY = PhiType.LICENSE
    NAME = "LicenseNumberRecognizer"
    CUE = lexicon.alternatives("license_labels", space=LABEL_SPACE)
    PATTERNS = labelled("license_number", CUE)


class DeaNumberRecognizer(CuedIdentifierRecognizer):
    """DEA registration numbers (AB1234563): two letters, seven digits, a check digit."""

    ENTITY = PhiType.LICENSE
    NAME = "DeaNumberRecognizer"
    PATTERNS = [pattern("dea_with_check_digit", r"\b[a-z][a-z9]\d{7}\b")]

    def validate_result(self, pattern_text: str) -> bool:
        d = [int(c) for c in pattern_text[2:]]
        return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


class NpiRecognizer(CuedIdentifierRecognizer):
    """National Provider Identifiers: ten digits with a Luhn check; ambiguous without "NPI"."""

    ENTITY = PhiType.LICENSE
    NAME = "NpiRecognizer"
    PATTERNS = [pattern("npi_needs_context", r"(?<![\w\-/.])[12]\d{9}(?![\w\-/]|\.\d)")]

    def invalidate_result(self, pattern_text: str) -> bool:
        return not luhn_ok("80840" + pattern_text)


class VehicleRecognizer(Prechecked, CuedIdentifierRecognizer):
    """Vehicle identification numbers (17 characters, no I/O/Q) and labelled licence plates."""

    ENTITY = PhiType.VEHICLE
    NAME = "VehicleRecognizer"
    PLATE_CUE = r"licen[cs]e\s*plate|plate|tag|vin|vehicle\s*(?:id|identification)"
    PATTERNS = [
        pattern("vin_17_characters", r"\b(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-hj-npr-z0-9]{17}\b"),
        pattern(
            "plate_after_label",
            AT_VALUE_START
            + after(PLATE_CUE)
            + r"[a-z0-9]{1,4}[ \-]?[a-z0-9]{1,5}(?![\w\-]|[.,]\d)",
        ),
    ]
    PRECHECKS = {"plate_after_label": rf"(?<![\w/])(?:{PLATE_CUE})"}

    def invalidate_result(self, pattern_text: str) -> bool:
        return not plausible_value(pattern_text.replace(" ", ""))


class DeviceSerialRecognizer(CuedIdentifierRecognizer):
    """Device identifiers and serial numbers (pacemaker, insulin pump, CPAP, phones)."""

    ENTITY = PhiType.DEVICE
    NAME = "DeviceSerialRecognizer"
    CUE = (
        r"serial(?:\s*(?:number|no|#))?|s/n|sn|device(?:\s*(?:id|serial))?|imei|meid|esn|udi"
        r"|implant\s*id"
    )
    PATTERNS = labelled("device_serial", CUE)


class ShortCuedIdRecognizer(CuedIdentifierRecognizer):
    """Short numbers that identify a person only because of the word before them: a badge
    ("Officer Brandt, badge #3318") or the last four digits of some number ("last four 7781").

    The net below needs five digits; these cues make three or four enough.
    """

    ENTITY = PhiType.OTHER_ID
    NAME = "ShortCuedIdRecognizer"
    PATTERNS = [
        pattern(
            "badge_number",
            r"(?<=\bbadge(?:\s*(?:#|no\b\.?|number|num\b))?\s*[:#]?\s*)\d{3,6}\b(?![\-/.,]\d)",
        ),
        pattern(
            "last_four_digits",
            r"(?<=\blast\s+(?:four|4)(?:\s+digits)?\s*(?:is|are|:|#|=)?\s*)\d{4}\b(?![\-/.,]\d)",
        ),
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        return False


OTHER_ID_TOKEN = (
    r"(?<![\w@/\\.\-$£€+]#?)(?<!\d[:,])(?=[a-z0-9-]*[0-9])"
    r"[a-z0-9]+(?:-[a-z0-9]+)*(?![\w@/\-]|[.,:]\d)"
)
"""A token of letters, digits and inner hyphens that is not part of a decimal, time, path,
email, handle or thousands-separated number. A "#" right before it is allowed: "case #44821".
Only a token with a digit can be an identifier (``looks_like_identifier``): the look-ahead
spares building and dropping a result for every word of the note (no match can start inside
a word either way, so the other matches are the same)."""

UNIT_SUFFIX = re.compile(
    rf"\d{{1,5}}(?:{lexicon.alternatives('number_suffixes')})",
    re.IGNORECASE,
)
"""Numbers with a unit or suffix: "100mg", "10am", "21st", "1990s", "401k", "3x"."""
DIMENSIONS = re.compile(r"\d+x\d+(?:x\d+)?[a-z]{0,2}", re.IGNORECASE)
"""Sizes such as "3x4cm" or "10x12x3"."""
HYPHENATED_WORD = re.compile(r"\d+(?:-[a-z]+)+|[a-z]+(?:-[a-z]+)*-\d+")
"""Lower-case compounds such as "12-step", "24-hour", "5-year-old" (case-sensitive)."""
CLINICAL_TERMS = re.compile(
    r"covid-?19|sars-cov-?2|\d{4}-ncov|icd-?\d+(?:-cm|-pcs)?|dsm-?[\divx]+(?:-tr)?|cpt-?\d*"
    r"|cyp\w+|slc\w+|hla-\w+|brca\d|apoe\d?|ca-?\d{2,3}(?:-\d+)?|il-?\d+|h\dn\d|g\d+p\d+"
    r"|hba1c|coq10|mmpi-?\d\w*|phq-?\d+|gad-?\d+|pcl-?\d+|dast-?\d+|audit-?c|epds-?\d*|bdi-?ii|moca\w*|n95|kn95|ffp\d"
    r"|[acgtu]\d{2,5}[acgtu]|rs\d{3,}",
    re.IGNORECASE,
)
"""Names of tests, codes, genes and markers that look like identifiers but are vocabulary."""

STATES = lexicon.alternation(lexicon.us_state_abbreviations())
STATE_NAMES = lexicon.alternation(
    sorted(lexicon.us_states() - {"district of columbia"}), space=r"\s+"
)
"""Without DC, as this pattern always was (locations.py's ZIP rule has it): kept so the output
does not change."""
ZIP_POSITION = re.compile(rf"(?:,\s*(?:{STATES})|(?i:\b(?:{STATE_NAMES})))\.?,?\s+$")
"""A five-digit number after "City, ST" or a state name is a ZIP code (locations.py's job)."""
NOT_AN_ID_BEFORE = re.compile(
    rf"(?:\b(?:{lexicon.alternatives('number_labels', space=LABEL_SPACE)}"
    r"|icd(?:-?\d+)?(?:-cm)?|dsm(?:-?\d)?)\s*[:=]?\s*(?:[a-z]?\d[\w.]*\s*(?:[,+/&]|and)\s*)*"
    r"|[$£€]\s*)$",
    re.IGNORECASE,
)
"""Preceding words that make a number a code, lab value, amount or measurement; a list of
codes counts too ("CPT 90837 + 90785")."""
NOT_AN_ID_AFTER = re.compile(
    rf"\s*(?:{lexicon.alternatives('quantity_words')})(?!\w)", re.IGNORECASE
)
OTHER_ID_WINDOW = 30


class OtherIdRecognizer(ReviewsSurroundings, CuedIdentifierRecognizer):
    """Recall-first net for identifiers nobody labelled: "case #44821", "ref: QX-20931".

    The score is medium on purpose (0.5): above the default threshold so unknown identifiers
    are redacted, below labelled rules so they win overlaps, and a policy can raise the
    threshold for OTHER_ID when precision matters more than recall.
    """

    ENTITY = PhiType.OTHER_ID
    NAME = "OtherIdRecognizer"
    PATTERNS = [pattern("mixed_alphanumeric_or_5_plus_digits", OTHER_ID_TOKEN)]

    def invalidate_result(self, pattern_text: str) -> bool:
        return not looks_like_identifier(pattern_text)

    def review(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        return [r for r in results if not explained_by_neighbours(text, r.start, r.end)]


_DIGIT_GROUPS = re.compile(
    r"(?!(?:19|20)\d\d-[01]\d-[0-3]\d$|\d{3}-\d{3}-\d{4}$)"  # a date or a phone: their own
    r"(?=(?:\d+-)*\d{4})\d+(?:-\d+){2,}"
)


def looks_like_identifier(token: str) -> bool:
    """Mixed letters and digits (two or more digits, five or more characters), 5+ digits, or
    three or more groups of digits with one of four or more ("report 2507-19-0441"; not a trend
    such as "120-130-140")."""
    alnum = token.replace("-", "")
    digits = sum(c.isdigit() for c in alnum)
    if digits == len(alnum):
        return re.search(r"\d{5}", token) is not None or _DIGIT_GROUPS.fullmatch(token) is not None
    if digits < 2 or len(alnum) < 5:
        return False
    return not (
        all(UNIT_SUFFIX.fullmatch(part) or part.isdigit() for part in token.split("-"))
        or DIMENSIONS.fullmatch(alnum)
        or HYPHENATED_WORD.fullmatch(token)
        or CLINICAL_TERMS.fullmatch(token)
    )


def explained_by_neighbours(text: str, start: int, end: int) -> bool:
    """True when nearby words make the token a code, ZIP, amount, lab value or quantity."""
    before = text[max(0, start - OTHER_ID_WINDOW) : start].rstrip("#")
    if NOT_AN_ID_BEFORE.search(before):
        return True
    if re.fullmatch(r"\d{5}(?:-\d{4})?", text[start:end]) and ZIP_POSITION.search(before):
        return True
    return NOT_AN_ID_AFTER.match(text, end) is not None
