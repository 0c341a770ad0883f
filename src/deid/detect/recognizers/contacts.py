"""Contact details: phone and fax numbers, email addresses, URLs, social handles, IP addresses.

Clinical notes are full of numbers shaped like contact details that are not: times (10:30),
blood pressure (120/80), dosages, lab values, scale scores (PHQ-9), ICD codes (F32.1) and
abbreviations with dots ("a.m.", "b.i.d.", "t.i.d." end in real top-level domains). The
patterns therefore anchor on separators that numbers in clinical text rarely use, refuse to
start or end inside a longer number, decimal, date or time, and keep ambiguous shapes (a bare
ten-digit run, "@name") at a low score that only context lifts over the threshold.

>>> from deid.detect.registry import family
>>> sorted(r.name for r in family("contacts"))[:2]
['ClinicalEmailRecognizer', 'ClinicalIpRecognizer']
"""

from __future__ import annotations

import re
from functools import lru_cache

import tldextract
from presidio_analyzer import PatternRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import EmailRecognizer, IpRecognizer

from deid import lexicon as wordlists
from deid.detect.recognizers.base import Prechecked, ReviewsSurroundings, pattern
from deid.model import PhiType

NUMBER_START = r"(?<![\w+.\-/:,])"
"""A phone number does not start inside a word, a decimal, a date, a time or a longer number."""
NUMBER_END = rf"(?![\w\-/]|[.:,]\d|\s*(?:{wordlists.alternatives('number_units')})(?!\w))"
"""Nor does it end inside a longer number or before a unit ("100-200-3000 mg" is a dose)."""
EXTENSION = r"(?:\s*,?\s*(?:x|ext\.?|extension)\s*\.?\s*\d{1,6})?"

FAX_LABEL_BEFORE = re.compile(r"\b(?:fax|facsimile|telefax)\b|\bf\s*[:#]", re.IGNORECASE)
PHONE_LABEL_BEFORE = re.compile(
    rf"\b(?:{wordlists.alternatives('phone_labels')})\b"
    r"|\b(?:ph|p|c|m|h|w|o)\s*[:#]",
    re.IGNORECASE,
)
FAX_LABEL_AFTER = re.compile(r"\s*[(\[]\s*(?:fax|f)\s*[)\]]", re.IGNORECASE)
LABEL_WINDOW = 40
"""How many characters before a number are searched for its label ("Fax #:", "P:", "cell")."""


class ClinicalPhoneRecognizer(ReviewsSurroundings, PatternRecognizer):
    """US and international phone numbers; a number labelled as a fax is reported as FAX.

    FAX wins over PHONE because one recognizer decides the type from the nearest label, so a
    span is never reported twice: "P: 555-111-2222  F: 555-111-3333" gives a PHONE and a FAX.
    """

    PATTERNS = [
        pattern(
            "us_parenthesised_area_code",
            rf"{NUMBER_START}(?:\+?1[ .\-]?)?\(\d{{3}}\)[ .\-]?\d{{3}}[ .\-]?\d{{4}}"
            rf"{EXTENSION}{NUMBER_END}",
        ),
        pattern(
            "us_plus_one",
            rf"{NUMBER_START}\+1[ .\-]?\d{{3}}[ .\-]?\d{{3}}[ .\-]?\d{{4}}{EXTENSION}{NUMBER_END}",
        ),
        pattern(
            "us_dashed",
            rf"{NUMBER_START}(?:1-)?\d{{3}}-\d{{3}}-\d{{4}}{EXTENSION}{NUMBER_END}",
        ),
        pattern(
            "us_dotted",
            rf"{NUMBER_START}(?:1\.)?\d{{3}}\.\d{{3}}\.\d{{4}}{EXTENSION}{NUMBER_END}",
        ),
        pattern(
            "international_plus",
            rf"{NUMBER_START}\+[2-9]\d{{0,2}}(?:[ .\-]?\(?\d{{1,5}}\)?){{2,6}}{EXTENSION}"
            rf"{NUMBER_END}",
        ),
        pattern(  # "201/324/1423", "301 944-5032", "212- 476- 8356": separators typed by hand
            "us_mixed_separators",
            rf"{NUMBER_START}\(?\d{{3}}\)?(?:/|[ ]?-[ ]?|[ ])\d{{3}}(?:/|[ ]?-[ ]?)\d{{4}}"
            rf"{EXTENSION}{NUMBER_END}",
        ),
        pattern(
            "us_spaced_needs_context",
            rf"{NUMBER_START}\d{{3}} \d{{3}} \d{{4}}{EXTENSION}{NUMBER_END}",
        ),
        pattern(
            "ten_digits_needs_context",
            rf"{NUMBER_START}1?\d{{10}}{EXTENSION}{NUMBER_END}",
        ),
        pattern(
            "local_seven_digits_needs_context",
            rf"{NUMBER_START}\d{{3}}-\d{{4}}{EXTENSION}{NUMBER_END}",
        ),
        pattern(  # "call me at extension 312", "x4417 on the unit": an extension alone
            "extension_alone",
            r"(?<=\b(?:extension|ext\.?)[ \t]*#?[ \t]*)\d{2,6}\b(?![.,]\d)"
            r"|(?<![\w.-])x\d{4,5}\b(?![.,]\d|[ \t]*(?i:mg|mcg|ml|cc|units?|g|kg|%))",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.PHONE.value,
            name="ClinicalPhoneRecognizer",
            patterns=self.PATTERNS,
        )
        self.supported_entities = [PhiType.PHONE.value, PhiType.FAX.value]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Too few or too many digits for a phone number, or a placeholder like 000-000-0000."""
        if len(pattern_text) <= 6 and re.fullmatch(r"x?\d{2,6}", pattern_text):
            return False  # an extension alone ("extension 312", "x4417")
        main = re.split(r"(?i)\s*,?\s*(?:x|ext|extension)\b", pattern_text)[0]
        digits = re.sub(r"\D", "", main)
        return not 7 <= len(digits) <= 15 or len(set(digits)) == 1

    def review(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        for result in results:
            if is_fax(text, result.start, result.end):
                result.entity_type = PhiType.FAX.value
        return results


def is_fax(text: str, start: int, end: int) -> bool:
    """True when the nearest label before the number says fax, or "(fax)" follows it."""
    if FAX_LABEL_AFTER.match(text, end):
        return True
    window = text[max(0, start - LABEL_WINDOW) : start]
    fax = [m.start() for m in FAX_LABEL_BEFORE.finditer(window)]
    phone = [m.start() for m in PHONE_LABEL_BEFORE.finditer(window)]
    return bool(fax) and (not phone or fax[-1] > phone[-1])


@lru_cache(maxsize=1)
def offline_tld_extractor() -> tldextract.TLDExtract:
    """tldextract on the suffix list bundled in its wheel: never fetches, never caches to disk."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class ClinicalEmailRecognizer(Prechecked, EmailRecognizer):
    """presidio's email pattern plus spelled-out forms ("jdoe [at] mail [dot] com").

    A known public suffix lifts the score to 1.0; an unknown one (clinic.local) keeps the
    pattern score instead of dropping the match, because an address is PHI either way.
    """

    PATTERNS = [
        *EmailRecognizer.PATTERNS,
        pattern(
            "email_spelled_out",
            r"\b[\w.+\-]+\s*(?:\[at\]|\(at\)|\{at\}| at )\s*[\w\-]+"
            r"(?:\s*(?:\[dot\]|\(dot\)|\{dot\}| dot |\.)\s*[\w\-]+)*?"
            r"\s*(?:\[dot\]|\(dot\)|\{dot\}| dot )\s*(?:com|org|net|edu|gov|us|io)\b",
        ),
    ]

    PRECHECKS = {"email_spelled_out": r"dot"}  # a spelled-out address ends "dot com"

    def __init__(self) -> None:
        super().__init__(
            patterns=self.PATTERNS,
            supported_entity=PhiType.EMAIL.value,
            name="ClinicalEmailRecognizer",
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        if "@" not in pattern_text:
            return None
        return True if offline_tld_extractor()(pattern_text).fqdn else None


URL_TLDS = rf"(?:{wordlists.alternatives('url_tlds')})"
"""Common endings only: a full suffix list turns "a.m.", "t.i.d." and "file.py" into URLs."""
URL_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
URL_DOMAIN = rf"(?<![\w@.\-/])(?:{URL_LABEL}\.)*[a-z0-9][a-z0-9\-]{{0,61}}[a-z0-9]"
"""Any subdomains, then a registrable label of two or more characters ("a.m" is not a domain)."""
URL_TAIL = r"[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}]"
"""The rest of a URL, without the sentence punctuation that follows it."""


class ClinicalUrlRecognizer(Prechecked, PatternRecognizer):
    """Web addresses: with a scheme, starting with www., or a bare domain (with or without path)."""

    PATTERNS = [
        pattern("url_with_scheme", rf"\b(?:https?|ftp)://{URL_TAIL}"),
        pattern("url_www", rf"(?<![\w@.\-/])www\d{{0,3}}\.{URL_TAIL}"),
        pattern(
            "bare_domain_with_path",
            rf"{URL_DOMAIN}\.{URL_TLDS}(?:\.[a-z]{{2}})?/(?:{URL_TAIL})?",
        ),
        pattern(
            "bare_domain",
            rf"{URL_DOMAIN}\.{URL_TLDS}(?:\.[a-z]{{2}})?(?![\w\-@/]|\.[a-z0-9])",
        ),
    ]
    PRECHECKS = {  # a bare domain holds "." and one of the endings
        "bare_domain_with_path": rf"\.{URL_TLDS}",
        "bare_domain": rf"\.{URL_TLDS}",
    }

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.URL.value,
            name="ClinicalUrlRecognizer",
            patterns=self.PATTERNS,
        )


PLATFORMS = "(?:" + wordlists.alternatives("social_platforms", space=r"\s*") + ")"
HANDLE = r"[a-z0-9_](?:[a-z0-9_.\-]{0,28}[a-z0-9_])?(?![\w@]|[.\-]\w)"
HANDLE_START = r"(?<![\w@.+\-/])"
"""An "@" inside an email (jane@x.org) or a path is not a handle."""
NOT_HANDLES = re.compile(
    r"\d{1,2}(?::\d{2})?(?:am|pm|h|hrs?)?|\d+|" + wordlists.alternatives("not_handles"),
    re.IGNORECASE,
)
"""Clinical shorthand uses "@" for "at": "@3pm", "@ home", "@bedtime" are not handles."""


WEB_SUFFIXES = wordlists.words("web_suffixes")
CLINICAL_TOKEN = re.compile(
    rf"(?:{wordlists.alternatives('clinical_token_stems')})[_.]?\d{{1,4}}",
    re.IGNORECASE,
)
"""Clinical tokens that look like handles ("covid19", "phq9", "week2")."""


_RATE = re.compile(r"\d+(?:\.\d+)?(?P<unit>[a-z]+)", re.IGNORECASE)
_UNITS = wordlists.words("measurement_units") | wordlists.words("number_units")


def _missing_space(bare: str) -> bool:
    """Two words of the non-name vocabulary joined by a full stop are a sentence break typed
    without its space; a handle has a name, a coined word or digits in it ("pearl.coach")."""
    parts = bare.split(".")
    return len(parts) == 2 and all(
        wordlists.is_non_name_word(p) and p.lower() not in wordlists.first_names() for p in parts
    )


class SocialHandleRecognizer(PatternRecognizer):
    """Social media handles: "IG: jdoe", "snapchat: jdoe", "@jane_doe99" (but not emails).

    A plain "@name" is as often shorthand for "at" as a handle, so it needs a platform word
    nearby; a handle with digits, "_" or "." is distinctive enough on its own.
    """

    PATTERNS = [
        pattern("handle_after_platform_label", rf"(?<=\b{PLATFORMS}\s*[:=]\s*)@?{HANDLE}"),
        pattern(
            "at_handle_distinctive",
            rf"{HANDLE_START}@(?=[a-z0-9_.]*[0-9_.][a-z0-9_])(?=[a-z0-9_.]*[a-z]){HANDLE}",
        ),
        pattern("at_handle_needs_context", rf"{HANDLE_START}@[a-z]{HANDLE}"),
        pattern(
            "handle_after_platform",  # "on Instagram as jdoe", "posted on X (jdoe)", "ig @jdoe"
            rf"(?<=\b(?:{PLATFORMS}|x)\s*(?:as|\(|@)\s*)@?{HANDLE}",
        ),
        pattern(
            "handle_before_platform",  # "messaging from jdoe_99 on TikTok", "@jdoe on X"
            rf"{HANDLE_START}(?:@[a-z]{HANDLE}|(?=[a-z0-9_.]*[0-9_])[a-z]{HANDLE})"
            rf"(?=\s+on\s+(?:{PLATFORMS}|x)\b)",
        ),
        pattern(
            "handle_after_from_before_platform",  # "messaging from xopatricaxo on Snapchat"
            rf"(?<=\b(?:from|by|as|follows|following)\s+)@?{HANDLE}(?=\s+on\s+(?:{PLATFORMS}|x)\b)",
        ),
        pattern(
            "dotted_handle_needs_context",  # "a recovery coach, pearl.coach, ..."
            r"(?<![\w@.\-/])[a-z]{3,}\.[a-z]{3,}(?![\w@\-]|\.\w)",
        ),
        pattern(
            "handle_like_token_needs_context",  # "follows a recovery coach, lilbryan8,"
            r"(?<![\w@.\-/])[a-z]{3}[a-z_.]*(?:_[a-z0-9]+|\d{1,4})(?![\w@\-]|\.\w)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.SOCIAL_HANDLE.value,
            name="SocialHandleRecognizer",
            patterns=self.PATTERNS,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        bare = pattern_text.lstrip("@")
        rate = _RATE.fullmatch(bare)
        if rate and rate.group("unit").lower() in _UNITS:
            return True  # "@50cc/hr", "@0.5u", "@3L": a rate or a dose, not a handle
        if _missing_space(bare):
            return True  # "commands.cooperative": two words and a full stop without its space
            return True  # "example.com" is a domain, not a handle
        if not pattern_text.startswith("@") and wordlists.is_everyday_word(bare):
            return True  # "on Instagram as much as she can"
        return (
            NOT_HANDLES.fullmatch(bare) is not None
            or CLINICAL_TOKEN.fullmatch(bare) is not None
            or bare.lower() in wordlists.clinical_terms()
        )


class ClinicalIpRecognizer(IpRecognizer):
    """presidio's IPv4/IPv6 patterns (validated with ``ipaddress``), without the bare "::"."""

    PATTERNS = [p for p in IpRecognizer.PATTERNS if p.name != "IPv6_unspecified"]

    def __init__(self) -> None:
        super().__init__(
            patterns=self.PATTERNS,
            supported_entity=PhiType.IP.value,
            name="ClinicalIpRecognizer",
        )
