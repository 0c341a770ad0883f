"""The base for recognizers written as code rather than as a presidio pattern table, and
presidio's pattern scan from a given position (``scan_patterns``)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cache

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

from deid.detect.casing import CaseMode, case_mode
from deid.model import Evidence, PhiType

log = logging.getLogger(__name__)

UNSCORED = 0.0
"""A pattern's score until the registry gives it its own (``detect/recognizers.yaml``)."""

EVIDENCE_KEY = "evidence"
"""Where a result may name its own kind of evidence, when it differs from its recognizer's."""


def pattern(name: str, regex: str) -> Pattern:
    """A named regex; its base score is data, set from the registry when the recognizer is built
    (``deid.detect.registry``), so build recognizers through the registry."""
    return Pattern(name, regex, UNSCORED)


class RuleRecognizer(EntityRecognizer):
    """A recognizer with no model to load whose results name the rule that fired (for the audit).

    Subclasses implement ``analyze_in_mode`` and build each result with ``self.result(...)``.
    deid's pipeline hands them the note's case mode, computed once per note; presidio's
    ``analyze`` (a presidio user's own pipeline) computes it from the text.
    """

    def __init__(self, entities: list[PhiType], name: str) -> None:
        super().__init__(supported_entities=[e.value for e in entities], name=name)

    def load(self) -> None:
        """Nothing to load: rules are compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return self.analyze_in_mode(text, nlp_artifacts, case_mode(text))

    def analyze_in_mode(
        self, text: str, nlp_artifacts: NlpArtifacts | None, mode: CaseMode
    ) -> list[RecognizerResult]:
        raise NotImplementedError

    def result(
        self,
        phi_type: PhiType,
        start: int,
        end: int,
        score: float,
        rule: str,
        evidence: Evidence | None = None,
    ) -> RecognizerResult:
        metadata = {
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            "rule": rule,
        }
        if evidence is not None:
            metadata[EVIDENCE_KEY] = evidence
        return RecognizerResult(
            entity_type=phi_type.value,
            start=start,
            end=end,
            score=score,
            analysis_explanation=None,
            recognition_metadata=metadata,
        )


class ReviewsSurroundings:
    """Mixin for presidio pattern recognizers whose verdict needs the text around a match.

    presidio's ``invalidate_result`` sees the matched text alone; ``review`` also sees the note,
    so "mood 6/10" can be dropped for the word before it and "Fax: 555-..." retyped as FAX.
    List it before the presidio base class: ``class X(ReviewsSurroundings, PatternRecognizer)``.
    """

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)  # type: ignore[misc]
        return self.review(text, results)

    def review(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        return results


class Prechecked:
    """Mixin for presidio pattern recognizers whose costly patterns each hold a cheap part.

    ``PRECHECKS`` maps a pattern's name to a regex that every match of the pattern contains (a
    file name with an image extension holds ".jpg"; a bare domain holds "." and a known ending):
    a note without it is not scanned for the pattern, which would otherwise try its look-behinds
    at every character. The patterns tried are tried as presidio tries them (``scan_patterns``),
    so the results are presidio's. A precheck shared by several patterns is searched once.
    List it before the presidio base class: ``class X(Prechecked, PatternRecognizer)``.
    """

    PRECHECKS: dict[str, str] = {}

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        flags = regex_flags if regex_flags else self.global_regex_flags  # type: ignore[attr-defined]
        found: dict[str, bool] = {}
        for check in set(self.PRECHECKS.values()):
            found[check] = _compiled(check, flags).search(text) is not None
        patterns = [
            p
            for p in self.patterns  # type: ignore[attr-defined]
            if p.name not in self.PRECHECKS or found[self.PRECHECKS[p.name]]
        ]
        return scan_patterns(self, text, 0, regex_flags, patterns)  # type: ignore[arg-type]


@cache
def _compiled(source: str, flags: int) -> regex.Pattern:
    return regex.compile(source, flags)


def scan_patterns(
    recognizer: PatternRecognizer,
    text: str,
    start: int,
    flags: int | None = None,
    patterns: Sequence[Pattern] | None = None,
    regions: Sequence[tuple[int, int]] | None = None,
) -> list[RecognizerResult]:
    """presidio's ``PatternRecognizer.analyze`` (its private ``__analyze_patterns``, step for
    step: the same results, explanations and scores) with each pattern's search starting at
    ``start``, for a recognizer that knows no match can start before it (a label's first
    occurrence). The text before ``start`` is still seen by look-behinds. ``patterns``: the
    recognizer's patterns to try (all of them by default), for a caller that knows the others
    cannot match. ``regions``: ``(start, end)`` spans, in order and apart, for a caller that
    knows every match lies well inside one (``label_regions``); only they are searched, the
    whole text still seen by look-arounds."""
    flags = flags if flags else recognizer.global_regex_flags
    spans = [(start, len(text))] if regions is None else regions
    results = []
    for pattern in recognizer.patterns if patterns is None else patterns:
        if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
            pattern.compiled_with_flags = flags
            pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
        try:
            for low, high in spans:
                for match in pattern.compiled_regex.finditer(
                    text, low, high, timeout=REGEX_TIMEOUT_SECONDS
                ):
                    results.extend(_pattern_result(recognizer, pattern, match, flags))
        except TimeoutError:  # as presidio does: the pattern is skipped, the text not logged
            log.warning(
                "pattern %s timed out after %s s; skipped", pattern.name, REGEX_TIMEOUT_SECONDS
            )
    return EntityRecognizer.remove_duplicates(results)


LABEL_REACH = 300
"""Characters other than white space from a label's start to past the end of any value its
patterns read: a label (under 30), what may stand between it and the value ("member ID no.",
"words... #": under 80), the value (at most 25) and the look-ahead after it are far inside."""
_REACH = regex.compile(rf"(?:\s*\S){{0,{LABEL_REACH}}}")


def label_regions(cue: regex.Pattern, text: str) -> list[tuple[int, int]]:
    """The spans, in order and apart, from each occurrence of ``cue`` to ``LABEL_REACH``
    characters (white space not counted) past its start: where a labelled value can lie.

    A label that overlaps an occurrence found before it (``finditer`` passes over it) starts
    inside that occurrence, so its values lie in the same span."""
    regions: list[tuple[int, int]] = []
    for found in cue.finditer(text):
        low = found.start()
        high = _REACH.match(text, low).end()
        if regions and low <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(high, regions[-1][1]))
        else:
            regions.append((low, high))
    return regions


def _pattern_result(
    recognizer: PatternRecognizer, pattern: Pattern, match: regex.Match, flags: int
) -> list[RecognizerResult]:
    """presidio's result for one match, validated as it validates them (none if dropped)."""
    start, end = match.span()
    current = match.string[start:end]
    if current == "":
        return []
    validation = recognizer.validate_result(current)
    description = recognizer.build_regex_explanation(
        recognizer.name, pattern.name, pattern.regex, pattern.score, validation, flags
    )
    result = RecognizerResult(
        entity_type=recognizer.supported_entities[0],
        start=start,
        end=end,
        score=pattern.score,
        analysis_explanation=description,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )
    if validation is not None:
        result.score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
    if recognizer.invalidate_result(current):
        result.score = EntityRecognizer.MIN_SCORE
    description.score = result.score
    return [result] if result.score > EntityRecognizer.MIN_SCORE else []
