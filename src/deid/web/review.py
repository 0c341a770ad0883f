"""A reviewer's work on one note, as decisions and as the findings to redact.

The page sends every finding it showed, each with where it came from (``origin``: deid's
``detected`` findings, a below-threshold ``candidate`` the reviewer accepted, a span the
``reviewer`` selected, or another mention of it found by ``propagation``), whether it stands
(``status``), its type now and the type deid gave it. Each becomes one ``Decision``:

- ``rejected``: it was rejected (``superseded`` when a span the reviewer added covers it);
- ``added``: the reviewer (or propagation from the reviewer's span) added it;
- ``retyped``: deid's finding or candidate stands with another type;
- ``accepted``: deid's finding (or a candidate) stands as it was.

The findings that stand go to ``transform`` as they are: the exported note is what the batch
tool writes for them. Messages name offsets and counts, never text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from deid.io.review_record import Decision
from deid.keys import Secret
from deid.model import Finding


class ReviewInputError(ValueError):
    """The page's items do not describe a review of this note (the message quotes no text)."""


def decisions_of(
    text: str, items: Sequence, secret: Secret, now: datetime
) -> tuple[list[Decision], list[Finding]]:
    """(every item's decision, in reading order; the findings that stand, to redact)."""
    ordered = sorted(items, key=lambda item: (item.start, item.end))
    check_spans(len(text), [item for item in ordered if item.status == "kept"])
    decisions, findings = [], []
    for item in ordered:
        if item.end > len(text) or item.start >= item.end:
            raise ReviewInputError(f"a finding at {item.start}-{item.end} is outside the note")
        detected_type = item.detected_type
        if item.origin in ("detected", "candidate") and detected_type is None:
            raise ReviewInputError(
                f"the finding at {item.start}-{item.end} has no detected_type (deid's type)"
            )
        if item.status != "kept":
            kind = "rejected"
        elif item.origin in ("reviewer", "propagation"):
            kind = "added"
        elif item.type != detected_type:
            kind = "retyped"
        else:
            kind = "accepted"
        at = (item.at or now).astimezone(UTC).isoformat(timespec="seconds")
        decisions.append(
            Decision(
                kind=kind,
                origin=item.origin,
                start=item.start,
                end=item.end,
                entity_type=item.type.value,
                score=item.score,
                recognizer=item.recognizer,
                rule=item.rule,
                fingerprint=secret.fingerprint(text[item.start : item.end]),
                at=at,
                from_type=detected_type.value if kind == "retyped" else None,
                superseded=item.status == "superseded",
            )
        )
        if kind != "rejected":
            findings.append(item.finding())
    return decisions, findings


def check_spans(length: int, spans: Sequence) -> None:
    """Refuse spans outside a note of ``length`` characters, or two that overlap."""
    end = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.start >= span.end or span.end > length:
            raise ReviewInputError(f"a finding at {span.start}-{span.end} is outside the note")
        if span.start < end:
            raise ReviewInputError(
                f"two findings overlap at {span.start}-{end}: reject one of them first"
            )
        end = span.end
