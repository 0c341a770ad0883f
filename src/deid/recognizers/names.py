"""Person names: context rules (titles, credentials, relations, form fields, salutations,
signatures) and a gazetteer of given names and surnames.

spaCy's PERSON entities arrive through ``ner.py``; these rules find the names spaCy misses in
clinical writing ("her daughter Fiona", "Dana Whitfield, LCSW", "aunt carol", "CLIENT: MEI WU").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from deid import wordlists
from deid.model import PhiType
from deid.recognizers.casing import CaseMode, case_mode, looks_like_name

NAME = PhiType.NAME.value

TITLES = (
    r"Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Mister|Prof|Professor|Rev|Reverend|Pastor|Fr|Father|Sr|Sister|"
    r"Nurse|Officer|Ofc|Det|Detective|Judge|Coach|Rabbi|Imam|Sgt|Capt|Lt|Attorney|Atty"
)
CREDENTIALS = (
    r"LCSW|LICSW|LMSW|LSW|MSW|LPC|LPCC|LCPC|LMHC|LMFT|MFT|LCADC|CADC|CASAC|MD|DO|PhD|PsyD|EdD|"
    r"RN|LPN|NP|APRN|PMHNP|PMHNP-BC|FNP|DNP|PA|PA-C|BCBA|OTR|OTR/L|PT|DPT|SLP|CCC-SLP|MA|MS|MSN|"
    r"BSN|CNA|CRNP|LMT|RD|LD|QMHP|CPRS|CRC|NCC"
)
RELATIONS = (
    r"daughter|son|wife|husband|spouse|partner|fianc[eé]e?|boyfriend|girlfriend|ex-wife|"
    r"ex-husband|ex|mother|mom|mum|mama|father|dad|papa|stepmother|stepmom|stepfather|stepdad|"
    r"sister|brother|stepsister|stepbrother|half-sister|half-brother|sibling|twin|aunt|auntie|"
    r"uncle|cousin|niece|nephew|grandmother|grandma|granny|nana|grandfather|grandpa|"
    r"granddaughter|grandson|godmother|godfather|friend|best friend|roommate|neighbor|neighbour|"
    r"classmate|coworker|co-worker|colleague|boss|supervisor|manager|teacher|principal|coach|"
    r"counselor|counsellor|therapist|psychiatrist|psychologist|pediatrician|pcp|doctor|nurse|"
    r"caseworker|case manager|social worker|sponsor|pastor|priest|lawyer|attorney|"
    r"probation officer|parole officer|guardian|foster mother|foster father|caregiver|aide|"
    r"baby|child|kid|stepson|stepdaughter|in-law|mother-in-law|father-in-law|sister-in-law|"
    r"brother-in-law|dog|cat"
)
FORM_FIELDS = (
    r"client(?: name)?|patient(?: name)?|pt(?: name)?|name|full name|preferred name|"
    r"referred by|referral source|referring (?:provider|physician|clinician)|provider|clinician|"
    r"therapist|counselor|psychiatrist|prescriber|attending|pcp|primary care|case manager|"
    r"supervisor|author|signed|signed by|electronically signed by|reviewed by|cosigned by|"
    r"emergency contact|guardian|parent|parents|mother|father|spouse|contact person|interpreter|"
    r"from|to|cc|bcc|attn|attention|re|child|youth|member|subscriber|insured|"
    r"resident|participants?|present|informant|collateral|staff|writer"
)
SALUTATIONS = r"dear|hi|hello|hey|good morning|good afternoon|thanks|thank you|greetings"
CLOSINGS = (
    r"sincerely|best|best regards|kind regards|warm regards|regards|warmly|respectfully|thanks|"
    r"thank you|cheers|take care|with gratitude|yours truly|cordially|love"
)

# A name token in running text: "Fiona", "O'Neil", "Mei-Ling", "McAllister", "J." (initial).
_TOKEN = r"(?:[A-Z][a-z]*['\u2019]?[A-Z]?[a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.)"
# Any-case token for ALL CAPS and lower-case notes (validated against the word lists after).
_ANY_TOKEN = r"(?:[A-Za-z][A-Za-z]*['\u2019]?[A-Za-z]+(?:-[A-Za-z]+)?|[A-Za-z]\.)"


AMBIGUOUS_CREDENTIALS = frozenset({"MA", "MS", "PT", "RD", "DO", "PA", "LD", "RN", "NP", "MD"})
"""Credentials that are also everyday abbreviations ("CEDAR RD", "f/u w/ PT"): trusted only
when written in capitals inside a mixed-case note."""


def _name_run(token: str, max_tokens: int = 3) -> str:
    return rf"(?P<name>{token}(?:[ \t]+{token}){{0,{max_tokens - 1}}})"


def _credentials(token: str) -> str:
    if token is _TOKEN:
        return CREDENTIALS
    return "|".join(c for c in CREDENTIALS.split("|") if c.upper() not in AMBIGUOUS_CREDENTIALS)


def _rules(token: str) -> list[tuple[str, re.Pattern[str], float]]:
    """(rule name, pattern with a ``name`` group, score) for one token shape."""
    flags = re.IGNORECASE if token is _ANY_TOKEN else 0
    i = "(?i:" if token is _TOKEN else "(?:"
    return [
        ("title", re.compile(rf"\b{i}{TITLES})\.?[ \t]+{_name_run(token)}", flags), 0.9),
        (
            "credential",
            re.compile(rf"{_name_run(token)},?[ \t]+(?:{_credentials(token)})\b(?![a-z])", flags),
            0.9,
        ),
        (
            "relation",
            re.compile(
                rf"\b{i}(?:{RELATIONS}))(?:,|[ \t]+(?i:named|called|is|was))?[ \t]+"
                + _name_run(token, 2),
                flags,
            ),
            0.7,
        ),
        (
            "form_field",
            re.compile(
                rf"(?m)^[ \t>*-]*{i}{FORM_FIELDS})[ \t]*[:#][ \t]*"
                + rf"(?P<name>{token}(?:,?[ \t]+{token}){{0,3}})",
                flags,
            ),
            0.85,
        ),
        (
            "salutation",
            re.compile(rf"(?m)^[ \t]*{i}{SALUTATIONS}),?[ \t]+" + _name_run(token, 3), flags),
            0.85,
        ),
        (
            "signature",
            re.compile(
                rf"(?m)^[ \t]*{i}{CLOSINGS}),?[ \t]*\r?\n[ \t]*"
                + rf"(?P<name>{token}(?:[ \t]+{token}){{0,3}})[ \t]*(?:,|$)",
                flags,
            ),
            0.85,
        ),
    ]


_MIXED_RULES = _rules(_TOKEN)
_ANYCASE_RULES = _rules(_ANY_TOKEN)
_NOT_NAMES = frozenset(
    "the a an and or of to in on at for with by from is was he she they her his their him them "
    "this that who which client patient pt today yesterday tomorrow none n/a na unknown "
    "self".split()
)
_MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
)


class ContextNameRecognizer(EntityRecognizer):
    """Names announced by their context: a title, credential, relation, form label or greeting."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[NAME], name="ContextNameRecognizer")

    def load(self) -> None:  # nothing to load: patterns are compiled at import
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        mixed = case_mode(text) is CaseMode.MIXED
        rules = _MIXED_RULES if mixed else _ANYCASE_RULES
        results = []
        for rule, pattern, score in rules:
            for match in pattern.finditer(text):
                spans = _trimmed_name_tokens(text, match, mixed=mixed, nlp_artifacts=nlp_artifacts)
                for start, end in spans:
                    results.append(self._result(start, end, score, rule))
        return results

    def _result(self, start: int, end: int, score: float, rule: str) -> RecognizerResult:
        return RecognizerResult(
            entity_type=NAME,
            start=start,
            end=end,
            score=score,
            analysis_explanation=None,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "rule": f"context:{rule}",
            },
        )


_TITLE_WORDS = frozenset(t.lower() for t in TITLES.split("|"))
_NOT_NAME_POS = frozenset(
    {"VERB", "AUX", "ADP", "DET", "PRON", "ADV", "CCONJ", "SCONJ", "PART", "NUM"}
)


def _acceptable_anycase(word: str, pos: str | None) -> bool:
    """In ALL CAPS / lower-case notes a context word is a name unless it reads as ordinary text."""
    lower = word.lower()
    if pos in _NOT_NAME_POS:
        return False
    rank = wordlists.common_word_rank().get(lower)
    if rank is None or rank >= 3000:
        return True
    return rank >= 150 and (lower in wordlists.first_names() or lower in wordlists.surnames())


def _trimmed_name_tokens(
    text: str, match: re.Match[str], *, mixed: bool, nlp_artifacts: NlpArtifacts | None
) -> Iterator[tuple[int, int]]:
    """The longest leading run of plausible name tokens in the match's ``name`` group."""
    base = match.start("name")
    span_start = None
    kept_end = None
    for token in re.finditer(r"[^\s,]+", match.group("name")):
        word = token.group(0).rstrip(".").removesuffix("'s").removesuffix("\u2019s")
        lower = word.lower()
        if span_start is None and lower in _TITLE_WORDS:
            continue  # "Referred by: Dr. Amal Haddad": the title is not part of the name
        if lower in _NOT_NAMES or lower in _MONTHS_DAYS or lower in wordlists.clinical_terms():
            break
        if mixed and len(word) > 1 and word.isupper() and len(word) <= 4:
            break  # an abbreviation in a mixed-case note
        if not mixed and len(word) > 1:
            pos = _pos_at(nlp_artifacts, base + token.start())
            if not _acceptable_anycase(word, pos):
                break
        if span_start is None:
            span_start = base + token.start()
        kept_end = base + token.start() + len(word)
    if span_start is not None and kept_end is not None and kept_end > span_start:
        yield span_start, kept_end


def _pos_at(nlp_artifacts: NlpArtifacts | None, offset: int) -> str | None:
    """Part of speech spaCy gave the token starting at ``offset`` (on the re-cased note)."""
    if nlp_artifacts is None or nlp_artifacts.tokens is None:
        return None
    for token in nlp_artifacts.tokens:
        if token.idx == offset:
            return token.pos_
        if token.idx > offset:
            return None
    return None


class GazetteerNameRecognizer(EntityRecognizer):
    """Capitalised given names that are not everyday words, plus the surname that follows.

    "Maria reports..." and "met with Becca Olsen" are found without context; "Will" and "Hope"
    are not (they are common words) unless another rule or propagation confirms them.
    """

    _CANDIDATE = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:['\u2019]s)?\b")
    _NEXT = re.compile(
        r"[ \t]+(?:[A-Z]\.[ \t]+)?([A-Z][a-z]*['\u2019]?[A-Z]?[a-z]+(?:-[A-Z][a-z]+)?)"
    )

    def __init__(self) -> None:
        super().__init__(supported_entities=[NAME], name="GazetteerNameRecognizer")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if case_mode(text) is not CaseMode.MIXED:
            return self._anycase(text)
        results = []
        first = wordlists.first_names()
        for match in self._CANDIDATE.finditer(text):
            word = match.group(0).removesuffix("'s").removesuffix("\u2019s")
            lower = word.lower()
            if lower not in first or not looks_like_name(word) or lower in _MONTHS_DAYS:
                continue
            end = match.start() + len(word)
            score = 0.6
            following = self._NEXT.match(text, end)
            if following and self._surname_like(following.group(1)):
                end = following.start(1) + len(
                    following.group(1).removesuffix("'s").removesuffix("\u2019s")
                )
                score = 0.75
            results.append(_gazetteer_result(self, match.start(), end, score))
        return results

    @staticmethod
    def _surname_like(word: str) -> bool:
        lower = word.lower().removesuffix("'s").removesuffix("\u2019s")
        if lower in wordlists.clinical_terms() or lower in _MONTHS_DAYS:
            return False
        return lower in wordlists.surnames() or not wordlists.is_common_word(lower)

    def _anycase(self, text: str) -> list[RecognizerResult]:
        """In ALL CAPS / lower-case notes only a given name followed by a surname is trusted."""
        results = []
        first, last = wordlists.first_names(), wordlists.surnames()
        pair = re.compile(r"\b([A-Za-z]+)[ \t]+([A-Za-z]+(?:-[A-Za-z]+)?)\b")
        for match in pair.finditer(text):
            a, b = match.group(1).lower(), match.group(2).lower()
            if (
                a in first
                and b in last
                and looks_like_name(a)
                and looks_like_name(b)
                and a not in _MONTHS_DAYS
            ):
                results.append(_gazetteer_result(self, match.start(), match.end(), 0.6))
        return results


def _gazetteer_result(recognizer: EntityRecognizer, start: int, end: int, score: float):
    return RecognizerResult(
        entity_type=NAME,
        start=start,
        end=end,
        score=score,
        analysis_explanation=None,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            "rule": "gazetteer",
        },
    )


def recognizers() -> list[EntityRecognizer]:
    return [ContextNameRecognizer(), GazetteerNameRecognizer()]
