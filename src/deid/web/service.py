"""The review server's work, without HTTP: detection, candidates, mentions, redaction, export.

One ``Deidentifier`` per policy is built on first use and kept for the server's life (spaCy
itself loads once per process). Pipeline work runs one request at a time: spaCy's memory zones
and presidio's engines are not made to be shared between threads, and a clinician reviews one
note at a time anyway. Nothing here keeps a note after its request returns.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from deid.decide import decide
from deid.detect.casing import case_mode
from deid.detect.engine import model_location
from deid.io.audit import new_run_id
from deid.io.review_record import build_record
from deid.keys import Secret
from deid.model import Finding, KnownIdentifiers, Note, Result
from deid.pipeline import Deidentifier, check_keys
from deid.policy import CONFIG_DIR, Policy, load_policy
from deid.resolve import drop_explained, merge_overlaps, propagate
from deid.transform import transform
from deid.web.review import decisions_of

NOTE_ID = "note"
"""The id every reviewed note gets: a file's name can be a patient's, so it is never used."""

BUILTIN_POLICIES = (
    ("safe_harbor", "Safe Harbor"),
    ("case_study", "Case study"),
    ("limited_data_set", "Limited data set"),
)


class UnknownPolicy(LookupError):
    """A policy id the server does not offer."""


@dataclass(frozen=True)
class PolicyChoice:
    """A policy the page offers: its id (unique on this server), label and where it came from."""

    id: str
    label: str
    policy: Policy
    source: str  # "builtin" or "file"


def policy_choices(files: Sequence[Path] = ()) -> list[PolicyChoice]:
    """The shipped policies, then each policy file (``PolicyError`` if one is invalid)."""
    choices = [
        PolicyChoice(name, label, load_policy(CONFIG_DIR / f"{name}.yaml"), "builtin")
        for name, label in BUILTIN_POLICIES
    ]
    taken = {choice.id for choice in choices}
    for path in files:
        policy = load_policy(path)
        policy_id, n = policy.name, 1
        while policy_id in taken:
            n += 1
            policy_id = f"{policy.name}-{n}"
        taken.add(policy_id)
        choices.append(
            PolicyChoice(policy_id, f"{policy.name} ({Path(path).name})", policy, "file")
        )
    return choices


@dataclass(frozen=True)
class Detection:
    findings: list[Finding]
    candidates: list[Finding]
    result: Result


class ReviewService:
    """The policies on offer, their pipelines, and the operations the API exposes."""

    def __init__(
        self, choices: Sequence[PolicyChoice], secret: Secret, default: str | None = None
    ) -> None:
        self.choices = {choice.id: choice for choice in choices}
        self.default = default or choices[0].id
        if self.default not in self.choices:
            raise ValueError(f"default policy {self.default!r} is not on offer")
        self.secret = secret
        for choice in choices:  # before any model loads: a policy that cannot run is refused
            check_keys(choice.policy, secret)
            model_location(choice.policy.model)  # ModelError if its spaCy model is missing
        self._pipelines: dict[str, Deidentifier] = {}
        self._lock = threading.RLock()

    def choice(self, policy_id: str | None) -> PolicyChoice:
        choice = self.choices.get(policy_id or self.default)
        if choice is None:
            raise UnknownPolicy(policy_id)
        return choice

    def pipeline(self, policy_id: str | None) -> Deidentifier:
        choice = self.choice(policy_id)
        with self._lock:
            if choice.id not in self._pipelines:
                self._pipelines[choice.id] = Deidentifier(choice.policy, self.secret)
            return self._pipelines[choice.id]

    def warm(self) -> None:
        """Build the default pipeline and run it once, so the first note is not slow."""
        self.detect(None, "Seen on 1/2/2024 with her sister Ann.")

    def describe_model(self, policy_id: str | None) -> dict[str, str]:
        return self.pipeline(policy_id).describe_model()

    def detect(self, policy_id: str | None, text: str) -> Detection:
        """deid's findings (exactly ``Deidentifier.detect``'s), the candidates scored below the
        policy's threshold that overlap none of them, and the note redacted as a run would."""
        deidentifier = self.pipeline(policy_id)
        note = Note(NOTE_ID, text)
        with self._lock:
            raw = deidentifier.candidates(note)  # spaCy and the recognizers, once
            found = deidentifier.findings_from(note, raw)  # the run's decide + resolve
            mode = case_mode(text)
            model = deidentifier.decision_model
            scored = decide(text, raw, mode, model) if model is not None else list(raw)
            result = transform(note, found, deidentifier.policy, deidentifier.secret)
        policy = deidentifier.policy
        below = [c for c in scored if c.score < policy.threshold_for(c.phi_type)]
        return Detection(found, _offered(text, below, found), result)

    def redact(self, policy_id: str | None, text: str, findings: Sequence[Finding]) -> Result:
        """The note with ``findings`` (no two overlapping) replaced by the policy's operators."""
        deidentifier = self.pipeline(policy_id)
        ordered = sorted(findings, key=lambda f: f.start)
        with self._lock:
            return transform(Note(NOTE_ID, text), ordered, deidentifier.policy, deidentifier.secret)

    def mentions(self, text: str, finding: Finding) -> list[Finding]:
        """The note's other mentions of ``finding``, found as ``resolve``'s propagation finds
        the mentions of a name or identifier (whole, and a name's parts; dates and ages are not
        searched), with the reviewer as their source."""
        copies = propagate(text, [finding], case_mode(text), KnownIdentifiers())
        others = [
            c for c in merge_overlaps(copies) if c.end <= finding.start or c.start >= finding.end
        ]
        return [
            Finding(
                c.start, c.end, finding.phi_type, 1.0, "Reviewer", "added:propagated", c.evidence
            )
            for c in others
        ]

    def export(
        self,
        policy_id: str | None,
        text: str,
        items: Sequence,
        reviewer: str,
        candidates_offered: int = 0,
    ) -> tuple[Result, dict]:
        """The redacted note and its sealed review record, from the page's reviewed items."""
        deidentifier = self.pipeline(policy_id)
        now = datetime.now(UTC)
        decisions, findings = decisions_of(text, items, self.secret, now)
        note = Note(NOTE_ID, text)
        with self._lock:
            result = transform(note, findings, deidentifier.policy, deidentifier.secret)
            model = deidentifier.describe_model()
        record = build_record(
            run_id=new_run_id(),
            note=note,
            result=result,
            decisions=decisions,
            secret=self.secret,
            policy=deidentifier.policy,
            model=model,
            reviewer=reviewer,
            reviewed_at=now.isoformat(timespec="seconds"),
            detected=sum(d.origin == "detected" for d in decisions),
            candidates_offered=candidates_offered,
        )
        return result, record


def _offered(text: str, below: list[Finding], found: list[Finding]) -> list[Finding]:
    """Below-threshold candidates worth showing: not a measurement ("pain 4/10"), not over a
    finding, one per span (the likeliest), in reading order."""
    spans = sorted((f.start, f.end) for f in found)  # deid's findings never overlap
    starts = [start for start, _ in spans]
    best: dict[tuple[int, int], Finding] = {}
    for candidate in drop_explained(text, below):
        span = (candidate.start, candidate.end)
        i = bisect_left(starts, candidate.end)  # findings starting before the candidate ends
        if i and spans[i - 1][1] > candidate.start:
            continue
        if span not in best or candidate.score > best[span].score:
            best[span] = candidate
    return [best[span] for span in sorted(best)]
