"""The base for recognizers written as code rather than as a presidio pattern table."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult

from deid.model import PhiType


class RuleRecognizer(EntityRecognizer):
    """A recognizer with no model to load whose results name the rule that fired (for the audit).

    Subclasses implement ``analyze`` and build each result with ``self.result(...)``.
    """

    def __init__(self, entities: list[PhiType], name: str) -> None:
        super().__init__(supported_entities=[e.value for e in entities], name=name)

    def load(self) -> None:
        """Nothing to load: rules are compiled at import."""

    def result(
        self, phi_type: PhiType, start: int, end: int, score: float, rule: str
    ) -> RecognizerResult:
        return RecognizerResult(
            entity_type=phi_type.value,
            start=start,
            end=end,
            score=score,
            analysis_explanation=None,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "rule": rule,
            },
        )
