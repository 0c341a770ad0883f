"""Audit records and the run manifest: everything a reviewer needs, and no PHI.

One JSON record per finding: where it was in the original note, where its replacement landed in
the output, what found it, how sure it was, which operator the policy applied, and a keyed
fingerprint (HMAC-SHA256 under the run's secret) that links repeats of the same identifier
without revealing it. The identifier text and the replacement text are never recorded.
"""

from __future__ import annotations

import hashlib
import json
import platform
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from deid.keys import Secret
from deid.model import Evidence, Note, PhiType, Result
from deid.policy import Policy

AUDIT_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class AuditRecord:
    """One finding, as written to ``audit.jsonl`` (see docs/audit.md)."""

    run_id: str
    note_id: str
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    rule: str
    operator: str
    out_start: int
    out_end: int
    fingerprint: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))


KnownSource = Callable[[str, PhiType], str]
"""The known-identifier column(s) a finding's text came from (``io.known.NoteKnown``)."""


def audit_records(
    run_id: str, note: Note, result: Result, secret: Secret, known_source: KnownSource | None = None
) -> list[AuditRecord]:
    """The audit records of one de-identified note.

    A finding that only a known identifier supports (``Evidence.KNOWN``) gets the rule
    ``known:COLUMN`` when ``known_source`` names the table column it came from (a name, never
    a value), so a reviewer sees which ``--known-column`` found it.
    """
    records = []
    for replacement in result.replacements:
        finding = replacement.finding
        rule = finding.rule
        if known_source is not None and finding.evidence is Evidence.KNOWN:
            surface = note.text[finding.start : finding.end]
            rule = f"known:{known_source(surface, finding.phi_type)}"
        records.append(
            AuditRecord(
                run_id=run_id,
                note_id=note.note_id,
                start=finding.start,
                end=finding.end,
                entity_type=finding.phi_type.value,
                score=finding.score,
                recognizer=finding.recognizer,
                rule=rule,
                operator=replacement.operator,
                out_start=replacement.out_start,
                out_end=replacement.out_end,
                fingerprint=secret.fingerprint(note.text[finding.start : finding.end]),
            )
        )
    return records


def audit_fields(record: AuditRecord, column: str | None = None) -> dict[str, Any]:
    """A record as ``audit.jsonl`` holds it: its fields in order, with ``column`` (the text
    column the note came from) after ``note_id`` when a row has several text columns."""
    fields = asdict(record)
    if column is None:
        return fields
    note_id = fields.pop("note_id")
    return {"run_id": fields.pop("run_id"), "note_id": note_id, "column": column, **fields}


def new_run_id() -> str:
    return uuid.uuid4().hex


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def file_checksum(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files in name order (for a folder of .txt notes)."""
    digest = hashlib.sha256()
    paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for member in paths:
        if path.is_dir():
            digest.update(str(member.relative_to(path)).encode())
        with member.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


@dataclass
class RunManifest:
    """What a batch run did, written as ``manifest.json`` beside the output.

    Everything but ``run_id`` and the two times is a pure function of the input, the policy, the
    secret and the deid version. The input is named by its file name only: a full path can hold
    a patient's name or a hospital's folder layout.
    """

    run_id: str
    policy: Policy
    secret_source: str
    input_name: str = "-"
    input_sha256: str = ""
    started_at: str = field(default_factory=now)
    finished_at: str = ""
    notes_ok: int = 0
    notes_failed: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    skipped_files: int = 0
    files: list[str] = field(default_factory=list)
    """Names in the output folder this run wrote (``--overwrite`` removes only these)."""
    audit: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    model: dict[str, str] = field(default_factory=dict)
    """The detection model's name and versions, from ``Deidentifier.describe_model``."""
    warnings: list[str] = field(default_factory=list)
    """What the reader of the output must know (a column copied unredacted); no PHI."""

    def add(self, result: Result) -> None:
        self.add_note(
            result.note_id, result.ok, [r.finding.phi_type.value for r in result.replacements]
        )

    def add_note(self, note_id: str, ok: bool, entity_types: Iterable[str]) -> None:
        """One written note (or table row) and the types of its replacements, or a failed one
        (listed by id, not counted)."""
        if ok:
            self.notes_ok += 1
            self.counts.update(entity_types)
        else:
            self.notes_failed.append(note_id)

    def progress(self) -> dict[str, Any]:
        """The running totals, for a checkpoint."""
        return {
            "ok": self.notes_ok,
            "failed_ids": list(self.notes_failed),
            "counts": dict(self.counts),
        }

    def restore(self, progress: dict[str, Any]) -> None:
        """Continue from a checkpoint's running totals."""
        self.notes_ok = int(progress["ok"])
        self.notes_failed = list(progress["failed_ids"])
        self.counts = Counter(progress["counts"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "audit_schema_version": AUDIT_SCHEMA_VERSION,
            "run_id": self.run_id,
            "deid_version": version("deid"),
            "python": platform.python_version(),
            "policy": {"name": self.policy.name, "sha256": self.policy.digest},
            "model": self.model or {"name": self.policy.model},
            "fingerprint": {"algorithm": "HMAC-SHA256", "secret_source": self.secret_source},
            "input": {
                "name": self.input_name,
                "sha256": self.input_sha256,
                "skipped_files": self.skipped_files,
            },
            "options": self.options,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "notes": {
                "ok": self.notes_ok,
                "failed": len(self.notes_failed),
                "failed_ids": self.notes_failed,
            },
            "findings_by_type": dict(sorted(self.counts.items())),
            "findings_total": sum(self.counts.values()),
            "audit": self.audit,
            "files": self.files,
        } | ({"warnings": self.warnings} if self.warnings else {})
