"""The review record of one note reviewed in the browser (``deid serve``), and its check.

A review record is what a clinician exports beside the redacted note: the audit records of the
note (``io.audit.AuditRecord``: offsets, type, score, recognizer, rule, operator, keyed
fingerprint) plus the reviewer's decisions on each finding (``accepted``, ``rejected``,
``added``, ``retyped``), who made them and when. Like the audit, it never holds the note's text
or an identifier's: the original note is named by a keyed fingerprint, the redacted note by its
SHA-256 (so anyone can check that a published note is the one reviewed).

The record seals itself: ``seal.value`` is an HMAC-SHA256 of the canonical JSON of the record
without ``seal`` (``audit_chain.canonical_json``). The key is ``Secret.derive("review-record")``
when the server had a configured secret (``--secret-file``, ``DEID_SECRET``); otherwise a public
fixed key, and the record says ``"keyed": false``: it still catches edits and damage, but anyone
could recompute it. ``verify_record`` checks the seal and that the record is consistent with
itself (every kept decision has its audit record, the counts add up), and optionally that a
redacted note file is the one the record describes. Its messages name fields and counts, never
values.
"""

from __future__ import annotations

import hashlib
import hmac
import platform
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from importlib.metadata import version
from typing import Any

from deid.errors import DeidError
from deid.io.audit import AUDIT_SCHEMA_VERSION, AuditRecord, audit_records
from deid.io.audit_chain import canonical_json
from deid.keys import Secret
from deid.model import Note, PhiType, Result
from deid.policy import Policy

RECORD_KIND = "deid-review-record"
REVIEW_SCHEMA_VERSION = 1
SEAL_ALGORITHM = "HMAC-SHA256"
SEAL_PURPOSE = "review-record"
#: The public key of unkeyed records: detects edits, not forgery (anyone can recompute it).
UNKEYED_KEY = b"deid-review-record/unkeyed/v1"
KEYED_SOURCES = frozenset({"env", "file"})
"""Secret sources someone can hold after the server stops; any other (a key made for one server
launch) cannot be given to ``deid audit verify``, so its records are sealed unkeyed."""

DECISION_KINDS = ("accepted", "rejected", "added", "retyped")
ORIGINS = ("detected", "candidate", "reviewer", "propagation")
"""Where a decided finding came from: deid's findings, a below-threshold candidate the reviewer
accepted, a span the reviewer selected, or another mention of it found as propagation does."""

_AUDIT_FIELDS = {f.name: f.type for f in fields(AuditRecord)}
_HEX = frozenset("0123456789abcdef")


class ReviewRecordError(DeidError):
    """The file is not a usable review record, or a keyed record has no key to check it."""


@dataclass(frozen=True)
class Decision:
    """One reviewer decision on one span of the note (offsets into the original note)."""

    kind: str
    origin: str
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    rule: str
    fingerprint: str
    at: str
    from_type: str | None = None
    """``retyped``: the type deid gave it."""
    superseded: bool = False
    """``rejected``: replaced by a span the reviewer added over it."""

    def __post_init__(self) -> None:
        if self.kind not in DECISION_KINDS or self.origin not in ORIGINS:
            raise ValueError("unknown decision kind or origin")

    @property
    def kept(self) -> bool:
        return self.kind != "rejected"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.from_type is None:
            del data["from_type"]
        if not self.superseded:
            del data["superseded"]
        return data


def seal_key(secret: Secret) -> tuple[bytes, bool]:
    """``(key, keyed)``: a key derived from a secret someone holds, else the public key."""
    if secret.source in KEYED_SOURCES:
        return secret.derive(SEAL_PURPOSE), True
    return UNKEYED_KEY, False


def seal_value(key: bytes, body: Mapping[str, Any]) -> str:
    return hmac.new(key, canonical_json(body).encode("utf-8"), hashlib.sha256).hexdigest()


def build_record(
    *,
    run_id: str,
    note: Note,
    result: Result,
    decisions: Sequence[Decision],
    secret: Secret,
    policy: Policy,
    model: Mapping[str, str],
    reviewer: str,
    reviewed_at: str,
    detected: int,
    candidates_offered: int,
) -> dict[str, Any]:
    """The sealed review record of ``note``, redacted as ``result`` after ``decisions``."""
    records = [asdict(r) for r in audit_records(run_id, note, result, secret)]
    counts = Counter(r["entity_type"] for r in records)
    key, keyed = seal_key(secret)
    body: dict[str, Any] = {
        "record": RECORD_KIND,
        "review_schema_version": REVIEW_SCHEMA_VERSION,
        "audit_schema_version": AUDIT_SCHEMA_VERSION,
        "run_id": run_id,
        "deid_version": version("deid"),
        "python": platform.python_version(),
        "policy": {"name": policy.name, "sha256": policy.digest},
        "model": dict(model),
        "fingerprint": {"algorithm": "HMAC-SHA256", "secret_source": secret.source},
        "note": {
            "note_id": note.note_id,
            "characters": len(note.text),
            "fingerprint": secret.fingerprint(note.text),
            "redacted_characters": len(result.text),
            "redacted_sha256": hashlib.sha256(result.text.encode("utf-8")).hexdigest(),
        },
        "reviewer": reviewer,
        "reviewed_at": reviewed_at,
        "detected": {"findings": detected, "candidates_offered": candidates_offered},
        "decisions_by_kind": {
            kind: sum(d.kind == kind for d in decisions) for kind in DECISION_KINDS
        },
        "findings_by_type": dict(sorted(counts.items())),
        "findings_total": len(records),
        "records": records,
        "decisions": [d.to_dict() for d in decisions],
    }
    body["seal"] = {"algorithm": SEAL_ALGORITHM, "keyed": keyed, "value": seal_value(key, body)}
    return body


def is_review_record(obj: Any) -> bool:
    return isinstance(obj, Mapping) and obj.get("record") == RECORD_KIND


def is_keyed(record: Mapping[str, Any]) -> bool:
    """Whether the record's seal needs the server's secret (``ReviewRecordError`` if unusable)."""
    if not is_review_record(record):
        raise ReviewRecordError(f'not a deid review record (no "record": "{RECORD_KIND}")')
    seal = record.get("seal")
    if not isinstance(seal, Mapping) or not isinstance(seal.get("keyed"), bool):
        raise ReviewRecordError("the review record has no usable seal (seal.keyed, seal.value)")
    return seal["keyed"]


@dataclass(frozen=True)
class RecordReport:
    """OK, or the first problem found; ``message`` is one line of field names and counts."""

    ok: bool
    message: str


def verify_record(
    record: Mapping[str, Any], key: bytes | None, redacted_note: bytes | None = None
) -> RecordReport:
    """Check a review record's seal and consistency, and that ``redacted_note`` (the exported
    .txt, if given) is the note it describes.

    ``key`` is ``seal_key(secret)[0]`` for a keyed record (ignored for an unkeyed one). Raises
    ``ReviewRecordError`` when the record is not a review record or lacks what is needed to
    check it: that is unusable input, not evidence of tampering.
    """
    if not is_review_record(record):
        raise ReviewRecordError(f'not a deid review record (no "record": "{RECORD_KIND}")')
    if record.get("review_schema_version") != REVIEW_SCHEMA_VERSION:
        raise ReviewRecordError(
            f"unsupported review_schema_version (this deid reads {REVIEW_SCHEMA_VERSION})"
        )
    keyed = is_keyed(record)
    seal = record["seal"]
    stored = seal.get("value")
    if seal.get("algorithm") != SEAL_ALGORITHM or not _is_hex64(stored):
        raise ReviewRecordError(f"the review record's seal is malformed (needs {SEAL_ALGORITHM})")
    if not keyed:
        key = UNKEYED_KEY
    elif key is None:
        raise ReviewRecordError("this review record is keyed: the server's secret is needed")
    body = {k: v for k, v in record.items() if k != "seal"}
    if not hmac.compare_digest(seal_value(key, body), stored):
        return RecordReport(
            False,
            "the review record does not verify: it was changed after export, or the key is wrong",
        )
    problem = _inconsistency(record)
    if problem:
        return RecordReport(False, f"the review record is inconsistent: {problem}")
    note = record["note"]
    matched = ""
    if redacted_note is not None:
        if hashlib.sha256(redacted_note).hexdigest() != note.get("redacted_sha256"):
            return RecordReport(
                False, "the note file is not the redacted note this record describes (SHA-256)"
            )
        matched = "; the redacted note file matches"
    kinds = record["decisions_by_kind"]
    decided = ", ".join(f"{kinds[k]} {k}" for k in DECISION_KINDS)
    suffix = "" if keyed else " (unkeyed: detects edits, not forgery)"
    return RecordReport(
        True,
        f"OK: review record intact, {record['findings_total']} identifiers replaced "
        f"({decided}){matched}{suffix}",
    )


def _inconsistency(record: Mapping[str, Any]) -> str:
    """What in a sealed record does not add up (a bug or a forgery), or ``""``."""
    note = record.get("note")
    records, decisions = record.get("records"), record.get("decisions")
    if not isinstance(note, Mapping) or not isinstance(records, list):
        return "note and records are required"
    if not isinstance(decisions, list):
        return "decisions are required"
    length = note.get("characters")
    if not _is_count(length):
        return "note.characters is not a count"
    run_id = record.get("run_id")
    spans: list[tuple[int, int, str]] = []
    for number, item in enumerate(records, start=1):
        if not isinstance(item, Mapping) or set(item) != set(_AUDIT_FIELDS):
            return f"audit record {number} does not have the audit record fields"
        if item["run_id"] != run_id or item["note_id"] != note.get("note_id"):
            return f"audit record {number} is from another run or note"
        if not _span_ok(item["start"], item["end"], length) or item["entity_type"] not in _TYPES:
            return f"audit record {number} has a bad span or type"
        if spans and item["start"] < spans[-1][1]:
            return f"audit record {number} overlaps or precedes the one before it"
        spans.append((item["start"], item["end"], item["entity_type"]))
    kept: list[tuple[int, int, str]] = []
    kinds: Counter[str] = Counter()
    for number, item in enumerate(decisions, start=1):
        if not isinstance(item, Mapping) or item.get("kind") not in DECISION_KINDS:
            return f"decision {number} has no known kind"
        if not _span_ok(item.get("start"), item.get("end"), length):
            return f"decision {number} has a bad span"
        if item.get("entity_type") not in _TYPES:
            return f"decision {number} has an unknown type"
        kinds[item["kind"]] += 1
        if item["kind"] != "rejected":
            kept.append((item["start"], item["end"], item["entity_type"]))
    if sorted(kept) != spans:
        return "the kept decisions and the audit records are not the same spans and types"
    if record.get("decisions_by_kind") != {k: kinds[k] for k in DECISION_KINDS}:
        return "decisions_by_kind does not count the decisions"
    counts = Counter(t for _, _, t in spans)
    if record.get("findings_total") != len(spans) or record.get("findings_by_type") != dict(
        sorted(counts.items())
    ):
        return "findings_total or findings_by_type does not count the audit records"
    return ""


_TYPES = frozenset(t.value for t in PhiType)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _span_ok(start: Any, end: Any, length: int) -> bool:
    return _is_count(start) and _is_count(end) and start < end <= length


def _is_hex64(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX
