"""From raw recognizer output to the final, non-overlapping findings of one note.

Pure functions, applied in order by ``resolve``: drop the numeric candidates the measurement
grammar explains ("pain 4/10", "PSV 10/5", "q2-4hrs"), apply the score threshold, trim spans and
apply the allow lists, merge overlaps (recall first: the union of overlapping spans survives,
less the everyday words a guess adds to a name that rules found), grow each organisation over
the rest of its name ("Bluepine Center for Anxiety" + "and OCD"), then
propagate every name and identifier found with confidence (``propagate_from``) to all its other
mentions in the note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from deid.detect.casing import CaseMode
from deid.model import Finding, KnownIdentifiers, PhiType
from deid.resolve.allow import is_allowed
from deid.resolve.extent import grow_organisations
from deid.resolve.measurements import drop_explained
from deid.resolve.merge import merge_adjacent, merge_overlaps
from deid.resolve.propagation import propagate
from deid.resolve.trimming import trim, trim_name_cues

__all__ = [
    "drop_explained",
    "grow_organisations",
    "is_allowed",
    "merge_adjacent",
    "merge_overlaps",
    "propagate",
    "resolve",
    "trim",
]

NO_KNOWN_IDENTIFIERS = KnownIdentifiers()


def resolve(
    text: str,
    raw: Iterable[Finding],
    *,
    threshold: float | Callable[[PhiType], float],
    mode: CaseMode,
    known: KnownIdentifiers = NO_KNOWN_IDENTIFIERS,
    allow_list: frozenset[str] = frozenset(),
    propagate_from: float = 0.0,
) -> list[Finding]:
    """The note's final findings: sorted, non-overlapping, every mention covered."""
    threshold_for = threshold if callable(threshold) else (lambda _type: threshold)
    kept = []
    for finding in drop_explained(text, raw):
        if finding.score < threshold_for(finding.phi_type):
            continue
        trimmed = trim(text, finding)
        if trimmed is not None and not is_allowed(text, trimmed, mode, allow_list):
            kept.append(trimmed)
    merged = merge_adjacent(text, merge_overlaps(kept, text))
    merged = merge_adjacent(text, merge_overlaps(grow_organisations(text, merged, mode), text))
    merged = [trim_name_cues(text, finding) for finding in merged]
    confident = [finding for finding in merged if finding.score >= propagate_from]
    copies = propagate(text, confident, mode, known)
    return merge_adjacent(text, merge_overlaps([*merged, *copies], text))
