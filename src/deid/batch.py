"""A batch run: stream notes from a file or folder, de-identify, write output + audit + manifest.

This is the library behind ``deid batch``; the CLI only parses arguments and shows progress.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from deid.audit import RunManifest, audit_records, file_checksum, new_run_id, now
from deid.io import detect_format, read_notes
from deid.pipeline import Deidentifier
from deid.writers import NoteWriter, write_text_atomic

AUDIT_NAME = "audit.jsonl"
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class BatchOutcome:
    output: Path
    audit: Path
    manifest: Path
    summary: dict


def run_batch(
    deidentifier: Deidentifier,
    input_path: Path,
    out_dir: Path,
    *,
    id_column: str = "id",
    text_column: str = "text",
    patient_column: str | None = None,
    chunk_size: int = 256,
    workers: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> BatchOutcome:
    """De-identify every note of ``input_path`` into ``out_dir``; failed notes are listed by id."""
    fmt = detect_format(input_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = RunManifest(
        run_id=new_run_id(),
        policy=deidentifier.policy,
        secret_source=deidentifier.secret.source,
        input_path=str(input_path),
        input_sha256=file_checksum(input_path),
    )
    writer = NoteWriter(out_dir, input_path, fmt, id_column, text_column)
    audit_path = out_dir / AUDIT_NAME
    audit_tmp = audit_path.with_name(f".{AUDIT_NAME}.partial")
    try:
        with audit_tmp.open("w", encoding="utf-8") as audit:
            chunks = read_notes(
                input_path,
                id_column=id_column,
                text_column=text_column,
                patient_column=patient_column,
                chunk_size=chunk_size,
            )
            for chunk in chunks:
                results = list(deidentifier.run_batch(chunk, workers=workers))
                writer.write(results)
                for note, result in zip(chunk, results, strict=True):
                    manifest.add(result)
                    for record in audit_records(manifest.run_id, note, result, deidentifier.secret):
                        audit.write(record.to_json() + "\n")
                if on_progress:
                    on_progress(len(chunk))
        output = writer.close()
    except BaseException:
        writer.abort()
        audit_tmp.unlink(missing_ok=True)
        raise
    audit_tmp.replace(audit_path)
    manifest.finished_at = now()
    summary = manifest.to_dict()
    manifest_path = out_dir / MANIFEST_NAME
    write_text_atomic(manifest_path, json.dumps(summary, indent=2) + "\n")
    return BatchOutcome(output, audit_path, manifest_path, summary)
