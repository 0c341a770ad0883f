"""``deid audit verify OUT_DIR``: check that a batch run's audit log is intact; ``deid audit verify
RECORD.json [--note NOTE.txt]``: the same for a review record exported by ``deid serve``.

Mounted in the main CLI with ``app.add_typer(audit_app, name="audit")``. Exit codes: 0 the chain
(or record) is intact; 1 it is not (the first problem, by line number or field only, never a
record value); 2 the folder, manifest, audit or record is missing or unusable, or a keyed chain or
record has no secret to check it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from deid.errors import DeidError
from deid.io.audit_chain import AuditChainError, audit_entry, chain_key, verify
from deid.io.review_record import ReviewRecordError, is_keyed, seal_key, verify_record
from deid.keys import load_secret

AUDIT_NAME = "audit.jsonl"  # the names `deid batch` writes (deid.io.batch)
MANIFEST_NAME = "manifest.json"
EXIT_OK, EXIT_TAMPERED, EXIT_USAGE = 0, 1, 2

audit_app = typer.Typer(
    name="audit",
    help="Check the audit log of a batch run (tamper evidence).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@audit_app.callback()
def audit() -> None:
    """Check the audit log of a batch run (tamper evidence)."""


def _usage(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


@audit_app.command("verify")
def verify_command(
    out_dir: Annotated[
        Path,
        typer.Argument(
            help="The --out folder of a batch run (audit.jsonl, manifest.json), or a review "
            "record .json exported by deid serve."
        ),
    ],
    secret_file: Annotated[
        Path | None,
        typer.Option(
            "--secret-file",
            help="Key file of the run's secret (else $DEID_SECRET or $DEID_SECRET_FILE).",
        ),
    ] = None,
    note: Annotated[
        Path | None,
        typer.Option("--note", help="Review record: also check this redacted note file."),
    ] = None,
) -> None:
    """Recompute the audit's hash chain: OK, or the first record that was changed."""
    if out_dir.is_file():
        _verify_review_record(out_dir, secret_file, note)
    if note is not None:
        raise _usage("--note goes with a review record .json, not a batch folder")
    if not out_dir.is_dir():
        raise _usage(f"no such folder: {out_dir}")
    manifest_path, audit_path = out_dir / MANIFEST_NAME, out_dir / AUDIT_NAME
    for path in (manifest_path, audit_path):
        if not path.is_file():
            raise _usage(f"{path.name} not found in {out_dir} (is it a `deid batch --out` folder?)")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise _usage(f"{MANIFEST_NAME} in {out_dir} is not readable JSON") from None
    try:
        entry = audit_entry(manifest)
        key = None
        if entry.keyed:
            try:
                key = chain_key(load_secret(secret_file, allow_ephemeral=False))[0]
            except DeidError as error:
                raise _usage(f"this audit chain is keyed: {error}") from None
        report = verify(audit_path, manifest, key)
    except (AuditChainError, OSError) as error:
        message = str(error) if isinstance(error, AuditChainError) else f"cannot read {AUDIT_NAME}"
        raise _usage(message) from None
    if report.ok:
        typer.echo(report.message)
        raise typer.Exit(EXIT_OK)
    typer.echo(f"FAILED: {report.message}")
    raise typer.Exit(EXIT_TAMPERED)


def _verify_review_record(path: Path, secret_file: Path | None, note: Path | None) -> None:
    """Check a review record (and the redacted note it describes); exits with the outcome."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise _usage(
            f"{path.name} is not readable JSON (give a review record or a batch folder)"
        ) from None
    try:
        note_bytes = note.read_bytes() if note is not None else None
    except OSError:
        raise _usage(f"cannot read the note file {note}") from None
    try:
        key = None
        if is_keyed(record):
            try:
                key = seal_key(load_secret(secret_file, allow_ephemeral=False))[0]
            except DeidError as error:
                raise _usage(f"this review record is keyed: {error}") from None
        report = verify_record(record, key, note_bytes)
    except ReviewRecordError as error:
        raise _usage(f"{path.name}: {error}") from None
    if report.ok:
        typer.echo(report.message)
        raise typer.Exit(EXIT_OK)
    typer.echo(f"FAILED: {report.message}")
    raise typer.Exit(EXIT_TAMPERED)
