"""The recognizer registry: which recognizers run, in what order, on what evidence.

``recognizers.yaml`` (beside this module) is the list; a policy can switch recognizers off by
name. Each entry names the class that implements it, the kind of evidence its findings carry
(``deid.model.Evidence``), the context words that raise its scores and, for a pattern
recognizer, the base score of every pattern it has. The regexes themselves stay in the
recognizer modules, composed from ``deid.lexicon`` lists and shared pieces: written out in the
data file, every month or unit list would be copied into each regex that uses it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from deid.errors import PolicyError
from deid.model import Evidence

REGISTRY_FILE = "recognizers.yaml"


@dataclass(frozen=True)
class RecognizerEntry:
    """One recognizer as the registry describes it."""

    name: str
    implementation: str
    """``module:Class``, built with no arguments."""
    evidence: Evidence
    context: tuple[str, ...] | None = None
    """Context words; ``None`` keeps the class's own (presidio's recognizers have some)."""
    scores: tuple[tuple[str, float], ...] = ()
    """(pattern name, base score) for each pattern of a pattern recognizer."""

    def build(self) -> EntityRecognizer:
        module_name, _, class_name = self.implementation.partition(":")
        recognizer = getattr(importlib.import_module(module_name), class_name)()
        if recognizer.name != self.name:
            raise ValueError(f"{REGISTRY_FILE}: {self.implementation} is named {recognizer.name!r}")
        if self.context is not None:
            recognizer.context = list(self.context)
        if isinstance(recognizer, PatternRecognizer):
            recognizer.patterns = self._scored(recognizer.patterns)
        return recognizer

    def _scored(self, patterns: list[Pattern]) -> list[Pattern]:
        """The recognizer's patterns with the registry's scores: every pattern must have one,
        and every score a pattern (a renamed pattern cannot silently keep an old score)."""
        scores = dict(self.scores)
        names = [p.name for p in patterns]
        if set(names) != set(scores) or len(names) != len(set(names)):
            missing = sorted(set(names) - set(scores))
            extra = sorted(set(scores) - set(names))
            raise ValueError(
                f"{REGISTRY_FILE}: {self.name} patterns without a score {missing}, "
                f"scores without a pattern {extra}"
            )
        return [Pattern(p.name, p.regex, float(scores[p.name])) for p in patterns]


@cache
def entries() -> tuple[RecognizerEntry, ...]:
    """Every registered recognizer, in run order."""
    raw = yaml.safe_load((files("deid.detect") / REGISTRY_FILE).read_text(encoding="utf-8"))
    found = []
    for item in raw["recognizers"]:
        context = item.get("context")
        found.append(
            RecognizerEntry(
                name=item["name"],
                implementation=item["class"],
                evidence=Evidence(item["evidence"]),
                context=tuple(context) if context is not None else None,
                scores=tuple((str(k), float(v)) for k, v in (item.get("patterns") or {}).items()),
            )
        )
    names = [entry.name for entry in found]
    if len(set(names)) != len(names):
        raise ValueError(f"{REGISTRY_FILE}: a recognizer is listed twice")
    return tuple(found)


def recognizer_names() -> tuple[str, ...]:
    return tuple(entry.name for entry in entries())


def enabled_entries(disabled: Iterable[str] = ()) -> tuple[RecognizerEntry, ...]:
    """The entries a policy runs: all but those it switches off (an unknown name is an error,
    so a typo cannot leave a recognizer running that the policy meant to drop, or vice versa)."""
    off = set(disabled)
    unknown = sorted(off - set(recognizer_names()))
    if unknown:
        raise PolicyError(
            f"disabled_recognizers: unknown recognizer {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(recognizer_names())}"
        )
    return tuple(entry for entry in entries() if entry.name not in off)


def family(module: str) -> list[EntityRecognizer]:
    """The registered recognizers of one module of ``deid.detect.recognizers`` ("dates"), built
    as a run builds them (for tests, and for a presidio user who wants one family)."""
    prefix = f"deid.detect.recognizers.{module}:"
    return [entry.build() for entry in entries() if entry.implementation.startswith(prefix)]
