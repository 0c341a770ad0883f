"""``deid audit verify OUT_DIR``: check that a batch run's audit log is intact.

Mounted in the main CLI with ``app.add_typer(audit_app, name="audit")``. Exit codes: 0 the chain is
intact; 1 it is not (the first problem, by line number only, never a record value); 2 the folder,
manifest or audit is missing or unusable, or a keyed chain has no secret to check it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from deid.errors import DeidError
from deid.io.audit_chain import AuditChainError, audit_entry, chain_key, verify
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
        Path, typer.Argument(help="The --out folder of a batch run (audit.jsonl, manifest.json).")
    ],
    secret_file: Annotated[
        Path | None,
        typer.Option(
            "--secret-file",
            help="Key file of the run's secret (else $DEID_SECRET or $DEID_SECRET_FILE).",
        ),
    ] = None,
) -> None:
    """Recompute the audit's hash chain: OK, or the first record that was changed."""
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
