"""Merge findings: overlapping spans into their union, same-type neighbours into one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from deid.model import COPIES, GUESSES, Evidence, Finding, PhiType
from deid.resolve.trimming import strip_borrowed_edges

_JOINER = re.compile(r"[ \t]?-?[ \t]?")


def merge_adjacent(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Join same-type findings separated only by a space or hyphen ("Hope" + "Alvarez")."""
    merged: list[Finding] = []
    for finding in findings:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.phi_type is finding.phi_type
            and finding.start - previous.end <= 3
            and _JOINER.fullmatch(text[previous.end : finding.start])
        ):
            merged[-1] = _union([previous, finding])
        else:
            merged.append(finding)
    return merged


def merge_overlaps(findings: Iterable[Finding], text: str | None = None) -> list[Finding]:
    """Union overlapping spans; the strongest (then longest) finding names the type. With the
    note's ``text``, a context name keeps none of the everyday words another finding adds."""
    merged: list[Finding] = []
    cluster: list[Finding] = []
    cluster_end = -1
    for finding in sorted(findings, key=_span_order):
        if cluster and finding.start < cluster_end:
            cluster.append(finding)
            cluster_end = max(cluster_end, finding.end)
            continue
        if cluster:
            merged.append(_union(cluster, text))
        cluster, cluster_end = [finding], finding.end
    if cluster:
        merged.append(_union(cluster, text))
    return merged


def _total_order(finding: Finding) -> tuple[str, str, str]:
    return finding.phi_type.value, finding.recognizer, finding.rule


def _span_order(finding: Finding) -> tuple:
    """Position first, then a total order, so the result never depends on arrival order."""
    return (finding.start, -finding.end, *_total_order(finding), finding.score)


def _union(cluster: Sequence[Finding], text: str | None = None) -> Finding:
    """The union span, typed by a finding that covers it all if there is one, else the strongest.

    "Riverside" (a town) inside "Riverside Behavioral Health" (an organisation) stays the latter.
    """
    start = min(f.start for f in cluster)
    end = max(f.end for f in cluster)
    best = max(
        cluster,
        key=lambda f: (
            f.evidence is Evidence.CONTEXT,  # "roommate Becca" is a person whatever spaCy says
            f.start == start and f.end == end,
            f.evidence not in GUESSES,  # a street pattern beats spaCy calling it a PERSON
            f.evidence not in COPIES,  # the audit names the real source
            f.score,
            f.length,
            *_total_order(f),  # the last word on a tie, whatever order findings arrived in
        ),
    )
    if text is not None and best.phi_type is PhiType.NAME and best.evidence is Evidence.CONTEXT:
        # what spaCy's guesses add at the edges of a name that a rule found: "tanked- dr cronin"
        found = [f for f in cluster if f.evidence not in GUESSES]
        own_start, own_end = min(f.start for f in found), max(f.end for f in found)
        start, end = strip_borrowed_edges(text, start, end, own_start, own_end)
    return replace(best, start=start, end=end)
