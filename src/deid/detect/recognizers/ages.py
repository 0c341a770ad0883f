"""Ages over 89 (HIPAA Safe Harbor, item C: ages of 90 and over are identifiers; younger are not).

Only a number tied to an age marker counts ("92-year-old", "92 y/o", "aged 94", "in her 90s"),
so "92 mg", "95%", "room 92" and "BP 95/60" never match.

>>> from deid.detect.registry import family
>>> [r.name for r in family("ages")]
['ClinicalAgeOver89Recognizer']
"""

from __future__ import annotations

from presidio_analyzer import PatternRecognizer

from deid import lexicon
from deid.detect.recognizers.base import pattern
from deid.model import PhiType

OVER_89 = r"(?<![\d.,/])(?:9\d|1[01]\d|12[0-5])(?![\d.,/]\d|%|\d)"
"""90 to 125 as a whole number (not part of 1092, 9.5, 95/60 or 95%)."""

_NUMBERS = lexicon.number_words().items()
UNITS_TO_NINE = rf"(?:{lexicon.alternation(w for w, n in _NUMBERS if 0 < n < 10)})"
TEENS = rf"(?:{lexicon.alternation(w for w, n in _NUMBERS if 10 <= n < 20)})"
OVER_89_WORDS = (
    rf"(?:ninety(?:[\s-]+{UNITS_TO_NINE})?"
    rf"|(?:one|a)[\s-]+hundred(?:[\s-]+(?:and[\s-]+)?(?:{TEENS}|twenty|{UNITS_TO_NINE}))?)"
)
"""Ninety to one hundred and twenty in words ("ninety-three", "one hundred and one")."""

AGE_SUFFIX = (
    r"(?:\s*-?\s*(?:years?|yrs?|yr|y)\.?\s*-?\s*old\b"
    r"|\s*-?\s*y\s*/\s*o\b"
    r"|\s*-?\s*y\.\s*o\b\.?"
    r"|\s*-?\s*yo\b"
    r"|\s*-?\s*(?:years?|yrs?)\s+of\s+age\b)"
)
"""What makes a number an age: "-year-old", " yo", "y/o", "y.o.", " years of age"."""

PRONOUN = r"(?:her|his|their|my|your|our)"

NOT_A_MEASURE = rf"(?!\s*(?:%|°|degrees?\b|{lexicon.alternatives('number_units')})(?!\w))"
"""What a number of a person's years is not followed by ("she is 95%", "he was 92 kg")."""
CLAUSE_END = r"(?=\s*(?:[,.;:)!?\"\u201d]|$|(?:and|but|when|now|last|next|at|in)\b))"
"""An age said of someone ends its clause: "who is 92.", "I'm ninety-four, honey"."""
SUBJECT_IS = (
    rf"(?:(?:{lexicon.alternatives('age_subjects')})\s+(?:is|was|am|turned)|i'm|i\u2019m)\s+"
)
"""A person, then the verb that gives their age ("who is 92", "Mama was ninety-one")."""


class ClinicalAgeOver89Recognizer(PatternRecognizer):
    """Ages of 90 and over written with an age marker, in digits or words."""

    PATTERNS = [
        pattern("number_with_age_suffix", rf"{OVER_89}{AGE_SUFFIX}"),
        pattern("words_with_age_suffix", rf"\b{OVER_89_WORDS}{AGE_SUFFIX}"),
        pattern(
            "age_label_then_number",
            rf"(?<=\b(?:aged?|age\s+of|ages)\s*[:=]?\s*){OVER_89}(?!\s*(?:mg|mcg|ml|%|kg|lbs?)\b)",
        ),
        pattern(
            "age_label_then_words",
            rf"(?<=\b(?:aged?|age\s+of)\s*[:=]?\s*){OVER_89_WORDS}\b",
        ),
        pattern(
            "decade_of_life",
            rf"(?<=\bin\s+{PRONOUN}\s+(?:early|mid|late)?[\s-]*)(?:90'?s|nineties)\b",
        ),
        pattern("sex_shorthand", rf"{OVER_89}(?-i:[MF])\b"),
        pattern(
            "turned_number",
            rf"(?<=\bturn(?:ed|s|ing)?\s+){OVER_89}\b(?!\s*(?:degrees?|°|%|mg|lbs?|pounds?)\b)",
        ),
        pattern(
            "age_at_death",
            rf"(?<=\b(?:died|passed(?:\s+away)?|deceased|death)\s+at\s+){OVER_89}\b"
            r"(?!\s*(?:degrees?|%|mg|lbs?|pounds?|am|pm|h|hrs?|hours?)\b|:)",
        ),
        pattern(
            "appositive_age",  # "Grandmother Ruth Baer, 96, lives with..." / "her grandmother, 93,"
            rf"(?<=\b(?:[a-z][a-z'-]+)\s*,\s*){OVER_89}(?=\s*[,;)])",
        ),
        pattern(
            "subject_is_number",
            rf"(?<=\b{SUBJECT_IS}){OVER_89}{NOT_A_MEASURE}"
            rf"{CLAUSE_END}",
        ),
        pattern("subject_is_words", rf"(?<=\b{SUBJECT_IS}){OVER_89_WORDS}\b{CLAUSE_END}"),
        pattern(
            "parenthesised_after_name",  # "grandmother Ines Marlowe (91) in Thornbury"
            rf"(?<=\b(?-i:\p{{Lu}}\p{{Ll}}+)\s*\(){OVER_89}(?=\))",
        ),
        pattern(
            "age_at_death_later",  # "her husband, who died in 2019 at 96"
            rf"(?<=\b(?:died|passed\s+away)\s+(?:in\s+(?:19|20)\d{{2}}|\w+)\s+at\s+(?:age\s+)?)"
            rf"{OVER_89}\b(?!\s*(?:degrees?|%|mg|lbs?|pounds?|am|pm|h|hrs?|hours?)\b|:)",
        ),
        pattern("nonagenarian", r"\b(?:nonagenarian|centenarian|supercentenarian)s?\b"),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.AGE.value,
            name="ClinicalAgeOver89Recognizer",
            patterns=list(self.PATTERNS),
        )
