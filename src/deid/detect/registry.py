"""The recognizer registry: which recognizers run, in what order, on what evidence.

``recognizers.yaml`` (beside this module) is the list; a policy can switch recognizers off by
name. Each entry names the class that implements it, the kind of evidence its findings carry
(``deid.model.Evidence``) and the context words that raise its scores.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml
from presidio_analyzer import EntityRecognizer

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

    def build(self) -> EntityRecognizer:
        module_name, _, class_name = self.implementation.partition(":")
        recognizer = getattr(importlib.import_module(module_name), class_name)()
        if recognizer.name != self.name:
            raise ValueError(f"{REGISTRY_FILE}: {self.implementation} is named {recognizer.name!r}")
        if self.context is not None:
            recognizer.context = list(self.context)
        return recognizer


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


def build_recognizers(disabled: Iterable[str] = ()) -> list[EntityRecognizer]:
    """The recognizers a policy runs, in registry order."""
    return [entry.build() for entry in enabled_entries(disabled)]


def all_recognizers() -> list[EntityRecognizer]:
    """Every registered recognizer, in run order (for callers outside a policy)."""
    return build_recognizers()
