"""The ``deid`` command line: thin typer commands over the library.

Exit codes: 0 all good; 1 some notes failed (listed by id only); 2 bad usage or unreadable input.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from deid.errors import DeidError
from deid.keys import load_secret
from deid.model import Note

app = typer.Typer(
    name="deid",
    help=(
        "De-identify clinical notes offline (HIPAA Safe Harbor).\n\n"
        "Start with: deid redact sample_data/notes/n02-soap.txt  |  "
        "deid batch sample_data/notes.csv --out out/  |  deid check NOTE.txt"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

EXIT_OK, EXIT_NOTES_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_WORKERS = min(4, os.cpu_count() or 1)

PolicyOption = Annotated[
    Path | None,
    typer.Option("--policy", "-p", help="Policy YAML (default: configs/safe_harbor.yaml)."),
]
SecretOption = Annotated[
    Path | None,
    typer.Option(
        "--secret-file",
        help="Key file for fingerprints (else $DEID_SECRET or $DEID_SECRET_FILE).",
    ),
]


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False)],
    )


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _deidentifier(policy: Path | None, secret_file: Path | None, *, fingerprints: bool = True):
    from deid.pipeline import Deidentifier

    secret = load_secret(secret_file)
    if fingerprints and secret.source == "ephemeral":
        err.print(
            "[yellow]note:[/] no $DEID_SECRET or key file: fingerprints use a one-off key and "
            "cannot be linked across runs."
        )
    return Deidentifier.from_policy(policy, secret)


def _read_note(path: str) -> Note:
    if path == "-":
        return Note("stdin", sys.stdin.read())
    file = Path(path)
    if not file.is_file():
        raise _fail(f"note file not found: {file} (give a .txt file, or - to read stdin)")
    try:
        return Note(file.stem, file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _fail(f"{file} is not UTF-8 text") from None


@app.command()
def redact(
    note: Annotated[str, typer.Argument(help="A .txt note, or - for stdin.")],
    policy: PolicyOption = None,
    audit: Annotated[
        Path | None, typer.Option("--audit", help="Write the audit JSONL here.")
    ] = None,
    secret_file: SecretOption = None,
) -> None:
    """Print one note de-identified."""
    from deid.audit import audit_records, new_run_id

    source = _read_note(note)
    try:
        deidentifier = _deidentifier(policy, secret_file, fingerprints=audit is not None)
        result = deidentifier.run(source)
    except DeidError as exc:
        raise _fail(str(exc)) from None
    if not result.ok:
        raise _fail(
            f"note {result.note_id} could not be processed ({result.error}); nothing written",
            EXIT_NOTES_FAILED,
        )
    sys.stdout.write(result.text if result.text.endswith("\n") else result.text + "\n")
    if audit:
        records = audit_records(new_run_id(), source, result, deidentifier.secret)
        audit.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")


@app.command()
def batch(
    input_path: Annotated[
        Path,
        typer.Argument(metavar="INPUT", help="CSV, JSONL, Parquet, or a folder of .txt notes."),
    ],
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Folder for the redacted notes, audit.jsonl and manifest.json."
        ),
    ],
    policy: PolicyOption = None,
    id_column: Annotated[str, typer.Option(help="Column holding the note id (tables).")] = "id",
    text_column: Annotated[
        str, typer.Option(help="Column holding the note text (tables).")
    ] = "text",
    patient_column: Annotated[
        str | None,
        typer.Option(help="Column holding the patient id (default: patient_id if present)."),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option(min=1, help="Notes read and processed at a time.")
    ] = 256,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes to use (default: one per core, at most 4).")
    ] = DEFAULT_WORKERS,
    secret_file: SecretOption = None,
) -> None:
    """De-identify a table or folder of notes into OUT with an audit log and a run manifest."""
    from deid.batch import run_batch

    try:
        deidentifier = _deidentifier(policy, secret_file)
        with Progress(
            TextColumn("[bold]redacting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("notes"),
            TimeElapsedColumn(),
            console=err,
            transient=False,
        ) as progress:
            task = progress.add_task("notes", total=None)
            outcome = run_batch(
                deidentifier,
                input_path,
                out_dir,
                id_column=id_column,
                text_column=text_column,
                patient_column=patient_column,
                chunk_size=chunk_size,
                workers=workers,
                on_progress=lambda n: progress.advance(task, n),
            )
    except DeidError as exc:
        raise _fail(str(exc)) from None
    notes = outcome.summary["notes"]
    err.print(
        f"[green]done:[/] {notes['ok']} notes redacted, {outcome.summary['findings_total']} "
        f"identifiers replaced -> {outcome.output}\n      audit: {outcome.audit}  "
        f"manifest: {outcome.manifest}"
    )
    if notes["failed"]:
        err.print(
            f"[bold red]{notes['failed']} notes failed and were NOT written:[/] "
            + ", ".join(notes["failed_ids"])
        )
        raise typer.Exit(EXIT_NOTES_FAILED)


@app.command()
def check(
    note: Annotated[str, typer.Argument(help="A .txt note, or - for stdin.")],
    policy: PolicyOption = None,
) -> None:
    """Show one note with every finding highlighted, a table of findings and a summary.

    For a clinician reviewing a note on their own machine: the note's text is shown on screen.
    """
    from deid.review import render_check

    source = _read_note(note)
    try:
        deidentifier = _deidentifier(policy, None, fingerprints=False)
        findings = deidentifier.detect(source)
    except DeidError as exc:
        raise _fail(str(exc)) from None
    render_check(out, source, findings, deidentifier.policy)


@app.command()
def evaluate(
    gold: Annotated[
        Path, typer.Argument(help="Gold corpus: a .jsonl file, a brat folder, or i2b2 .xml files.")
    ],
    policy: PolicyOption = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="jsonl, brat or i2b2 (default: guessed from GOLD)."),
    ] = None,
    label_map: Annotated[
        Path | None,
        typer.Option(
            "--label-map",
            help="YAML of LABEL: TYPE (a deid type or IGNORE), on top of the policy's label_map.",
        ),
    ] = None,
    misses: Annotated[
        bool, typer.Option("--misses", help="List missed and spurious spans (offsets only).")
    ] = False,
    show_text: Annotated[
        bool,
        typer.Option("--show-text", help="Show span text in misses (PHI on a real corpus)."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score deid against annotated notes: token and entity recall, precision, F1 per type.

    See docs/evaluate.md for the formats, the tokenization and each metric.
    """
    import json

    from deid.evaluate import evaluate_notes, pipeline_predict
    from deid.gold import apply_label_map, load_label_map, read_gold
    from deid.policy import load_policy

    try:
        resolved = load_policy(policy)
        mapping = {**resolved.label_map, **(load_label_map(label_map) if label_map else {})}
        notes = apply_label_map(read_gold(gold, fmt), mapping)
        deidentifier = _deidentifier(resolved, None, fingerprints=False)
        report = evaluate_notes(notes, pipeline_predict(deidentifier), show_text=show_text)
    except DeidError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        data = report.to_json(include_misses=misses or show_text)
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        report.render(out, misses=misses or show_text)


@app.command()
def reidentify(
    encrypted: Annotated[
        Path, typer.Argument(metavar="FILE", help="Text, CSV or JSONL written with encrypt.")
    ],
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            help="Encryption key file (else $DEID_ENCRYPTION_KEY / $DEID_ENCRYPTION_KEY_FILE).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Restore the originals behind [ENC:...] tokens, for a holder of the encryption key.

    The result contains PHI again: write it only where the originals may be kept.
    """
    from deid.crypto import load_encryption_key, reidentify_text

    try:
        text = encrypted.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(f"cannot read {encrypted}: {exc.strerror}") from None
    try:
        restored = reidentify_text(text, load_encryption_key(key_file))
    except DeidError as exc:
        raise _fail(str(exc)) from None
    if output is not None:
        output.write_text(restored, encoding="utf-8")
    else:
        sys.stdout.write(restored)


def run() -> None:  # pragma: no cover - console entry for `python -m deid`
    app()
