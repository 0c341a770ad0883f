"""spaCy's named entities (PERSON, ORG, GPE/LOC/FAC) as deid findings.

presidio's own SpacyRecognizer reports presidio entity names and drops what it does not map; this
one maps spaCy's labels straight onto PhiType so the audit names the real source.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from deid import lexicon as wordlists
from deid.detect.casing import CaseMode
from deid.detect.recognizers.base import RuleRecognizer
from deid.model import PhiType

PRESIDIO_TO_PHI = {
    "PERSON": PhiType.NAME,
    "ORGANIZATION": PhiType.ORGANIZATION,
    "LOCATION": PhiType.LOCATION,
}


class SpacyNerRecognizer(RuleRecognizer):
    """Entities from the spaCy pipeline that presidio's NLP engine already ran on the note."""

    def __init__(self, score: float = 0.85) -> None:
        self.score = score
        super().__init__(list(PRESIDIO_TO_PHI.values()), "SpacyNerRecognizer")

    def analyze_in_mode(
        self, text: str, nlp_artifacts: NlpArtifacts | None, mode: CaseMode
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []
        results = []
        for entity in nlp_artifacts.entities:
            phi_type = PRESIDIO_TO_PHI.get(entity.label_)
            if phi_type is None or (phi_type is not PhiType.NAME and _generic(entity.text)):
                continue
            results.append(
                self.result(
                    phi_type,
                    entity.start_char,
                    entity.end_char,
                    self.score,
                    f"spacy:{entity.label_}",
                )
            )
        return results


def _generic(text: str) -> bool:
    """spaCy ORG/GPE spans with digits ("IL 62704") or only everyday words ("Mental Health")."""
    if any(ch.isdigit() for ch in text):
        return True
    words = [w for w in text.replace("-", " ").split() if w.isalpha()]
    return bool(words) and all(wordlists.is_common_word(w, top=5000) for w in words)
