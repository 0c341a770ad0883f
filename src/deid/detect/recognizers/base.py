"""The base for recognizers written as code rather than as a presidio pattern table."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from deid.detect.casing import CaseMode, case_mode
from deid.model import Evidence, PhiType

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
