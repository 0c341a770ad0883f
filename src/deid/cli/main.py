"""The ``deid`` command line: thin typer commands over the library.

Exit codes: 0 all good; 1 some notes failed (listed by id only); 2 bad usage or unreadable input.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from deid.cli.audit import audit_app
from deid.cli.serve import serve
from deid.errors import DeidError, InputError
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
app.add_typer(audit_app, name="audit")
out = Console()
err = Console(stderr=True)

EXIT_OK, EXIT_NOTES_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_WORKERS = os.cpu_count() or 1
_verbose = False

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
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Report chunks and timings; tracebacks on errors."),
    ] = False,
) -> None:
    global _verbose
    _verbose = verbose
    logging.basicConfig(
        level=logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False, show_time=verbose)],
        force=True,
    )
    logging.getLogger("deid").setLevel(logging.INFO if verbose else logging.WARNING)


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    # the message is text, not markup: "deid[spark]" or a file named "notes[1].csv" stay whole
    err.print(
        f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False, soft_wrap=True
    )
    return typer.Exit(code)


Command = TypeVar("Command", bound=Callable[..., None])


def _guarded(command: Command) -> Command:
    """One line and exit 2 for any error, never a traceback (unless -v); Ctrl-C exits 130.

    The line names the exception's class only: its text could quote a note.
    """

    @functools.wraps(command)
    def guarded(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DeidError as exc:
            raise _fail(str(exc)) from None
        except KeyboardInterrupt:
            raise _fail("interrupted", EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if _verbose:
                err.print_exception()
            raise _fail(
                f"unexpected {type(exc).__name__}; nothing was written unredacted. "
                + ("" if _verbose else "Run again with -v to see where it happened.")
            ) from None

    return guarded  # type: ignore[return-value]


def _deidentifier(policy, secret_file: Path | None, *, fingerprints: bool = True):
    """Policy, secret and keys checked first (cheap, before spaCy loads), then the pipeline."""
    from deid.pipeline import Deidentifier, check_keys
    from deid.policy import Policy, load_policy

    resolved = policy if isinstance(policy, Policy) else load_policy(policy)
    secret = load_secret(secret_file)
    check_keys(resolved, secret)
    if fingerprints and secret.source == "ephemeral":
        err.print(
            "[yellow]note:[/] no $DEID_SECRET or key file: fingerprints use a one-off key and "
            "cannot be linked across runs."
        )
    return Deidentifier(resolved, secret)


def _read_note(path: str) -> Note:
    from deid.io.readers import read_stdin_note, read_text_note

    if path == "-":
        return read_stdin_note(sys.stdin.buffer)
    return read_text_note(Path(path))


def _check_new_file(path: Path, what: str, *, inputs: tuple[Path, ...] = ()) -> None:
    """A file deid is about to create: in an existing folder, not a folder, not an input."""
    if any(path.resolve() == source.resolve() for source in inputs):
        raise InputError(f"{what} {path} is the input file: choose another name")
    if path.is_dir():
        raise InputError(f"{what} {path} is a folder: give a file name, e.g. {path}/audit.jsonl")
    if not path.parent.is_dir():
        raise InputError(f"{what} {path}: folder {path.parent} does not exist; create it first")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class _RateColumn(ProgressColumn):
    """Notes per second, once there is a rate to show."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} notes/s" if speed else "", style="progress.data.speed")


@app.command()
@_guarded
def redact(
    note: Annotated[str, typer.Argument(help="A .txt note, or - for stdin.")],
    policy: PolicyOption = None,
    audit: Annotated[
        Path | None, typer.Option("--audit", help="Write the audit JSONL here.")
    ] = None,
    secret_file: SecretOption = None,
) -> None:
    """Print one note de-identified (for a table or folder of notes, use batch)."""
    from deid.io.audit import audit_records, new_run_id

    if audit is not None:
        inputs = () if note == "-" else (Path(note),)
        _check_new_file(audit, "--audit", inputs=inputs)
    source = _read_note(note)
    deidentifier = _deidentifier(policy, secret_file, fingerprints=audit is not None)
    result = deidentifier.run(source)
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
@_guarded
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
        list[str] | None,
        typer.Option(
            "--text-column",
            metavar="COLUMN",
            help=(
                "Column holding the note text (tables; default: text). Repeat it for several "
                "text columns: each cell is a note, and audit records name their column."
            ),
        ),
    ] = None,
    patient_column: Annotated[
        str | None,
        typer.Option(help="Column holding the patient id (default: patient_id if present)."),
    ] = None,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Folder input: include subfolders.")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run into the same OUT.")
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite", help="Replace a previous deid run in OUT (only the files it listed)."
        ),
    ] = False,
    pseudonymize_ids: Annotated[
        bool,
        typer.Option(
            "--pseudonymize-ids",
            help="Replace note ids (and output file names) by keyed fingerprints everywhere.",
        ),
    ] = False,
    id_map: Annotated[
        Path | None,
        typer.Option(
            "--id-map",
            help="With --pseudonymize-ids: write the id -> pseudonym map here (owner-only; PHI).",
        ),
    ] = None,
    known_column: Annotated[
        list[str] | None,
        typer.Option(
            "--known-column",
            metavar="COLUMN[=TYPE]",
            help=(
                "Tables: a column holding the patient's identifiers (name, MRN, DOB, address); "
                "its values are found in all that patient's notes, and it is not written out. "
                "TYPE is a deid type (NAME, DATE, MRN, LOCATION...), else guessed from the name."
            ),
        ),
    ] = None,
    keep_column: Annotated[
        list[str] | None,
        typer.Option(
            "--keep-column",
            metavar="COLUMN",
            help="Tables: copy this column to the output as it is (NOT scanned or redacted).",
        ),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option(min=1, help="Notes read, processed and committed at a time.")
    ] = 256,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes to use (default: one per core).")
    ] = DEFAULT_WORKERS,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            metavar="native|spark",
            help="native (default), or spark: Parquet read and written through Spark "
            "(pip install 'deid\\[spark]'; see docs/spark.md).",
        ),
    ] = "native",
    master: Annotated[
        str | None,
        typer.Option("--master", help="With --engine spark: the Spark master (default local[*])."),
    ] = None,
    secret_file: SecretOption = None,
) -> None:
    """De-identify a table or folder of notes into OUT with an audit log and a run manifest.

    Note ids and .txt file names are copied to the output as they are unless --pseudonymize-ids.
    """
    from deid.io.batch import BatchOptions, check_output, collect_known, run_batch
    from deid.io.known import parse_known_columns
    from deid.io.readers import hand_arrow_memory_back, scan_input

    if id_map is not None and not pseudonymize_ids:
        raise InputError("--id-map only makes sense with --pseudonymize-ids: add it, or drop it")
    if engine not in ("native", "spark"):
        raise InputError(f"--engine {engine}: use native or spark")
    if master is not None and engine != "spark":
        raise InputError("--master only makes sense with --engine spark: add it, or drop it")
    known_columns = parse_known_columns(known_column or ())
    scan = scan_input(input_path, recursive=recursive)
    options = BatchOptions(
        id_column=id_column,
        text_column=tuple(text_column or ("text",)),
        patient_column=patient_column,
        recursive=recursive,
        pseudonymize_ids=pseudonymize_ids,
        chunk_size=chunk_size,
        workers=workers,
        id_map=id_map,
        known_columns=known_columns,
        keep_columns=tuple(keep_column or ()),
    )
    check_output(input_path, out_dir, resume=resume, overwrite=overwrite)
    if id_map is not None:
        _check_new_file(id_map, "--id-map", inputs=(input_path,))
    if engine == "spark":
        from deid.spark import check_spark_batch

        check_spark_batch(scan.format, options, resume=resume)  # before spaCy or Java start
    hand_arrow_memory_back()
    known = collect_known(input_path, scan.format, options)  # before spaCy loads
    for column in known_columns:
        if column.guessed:
            err.print(
                f"[yellow]note:[/] --known-column {column.name}: read as {column.phi_type} "
                f"(from its name; give {column.name}=TYPE to choose)",
                highlight=False,
            )
    for warning in options.warnings():
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    deidentifier = _deidentifier(policy, secret_file)
    with Progress(
        TextColumn("[bold]redacting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("notes"),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task("notes", total=scan.notes)
        try:
            runner = run_batch
            if engine == "spark":
                from deid.spark import run_spark_batch

                runner = functools.partial(run_spark_batch, master=master)
            outcome = runner(
                deidentifier,
                input_path,
                out_dir,
                scan.format,
                options,
                resume=resume,
                overwrite=overwrite,
                skipped_files=scan.skipped,
                on_progress=lambda n: progress.advance(task, n),
                known=known,
            )
        except KeyboardInterrupt:
            raise _fail(
                f"interrupted; what was done is kept: continue with "
                f"deid batch {input_path} --out {out_dir} --resume",
                EXIT_INTERRUPTED,
            ) from None
    notes = outcome.summary["notes"]
    skipped = f", {_count(scan.skipped, 'file')} skipped (not .txt)" if scan.skipped else ""
    err.print(
        f"[green]done:[/] {_count(notes['ok'], 'note')} redacted, "
        f"{_count(outcome.summary['findings_total'], 'identifier')} replaced{skipped} -> "
        f"{outcome.output}\n      audit: {outcome.audit}  "
        f"manifest: {outcome.manifest}",
        highlight=False,
    )
    if notes["failed"]:
        err.print(
            f"[bold red]{_count(notes['failed'], 'note')} failed and were NOT written:[/] "
            + ", ".join(notes["failed_ids"]),
            highlight=False,
        )
        raise typer.Exit(EXIT_NOTES_FAILED)


@app.command()
@_guarded
def check(
    note: Annotated[str, typer.Argument(help="A .txt note, or - for stdin.")],
    policy: PolicyOption = None,
) -> None:
    """Show one note with every finding highlighted, a table of findings and a summary.

    For a clinician reviewing a note on their own machine: the note's text is shown on screen.
    """
    from deid.cli.review import render_check

    source = _read_note(note)
    deidentifier = _deidentifier(policy, None, fingerprints=False)
    findings = deidentifier.detect(source)
    render_check(out, source, findings, deidentifier.policy)


@app.command()
@_guarded
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

    from deid.evaluation.gold import apply_label_map, load_label_map, read_gold
    from deid.evaluation.metrics import evaluate_notes, pipeline_predict
    from deid.policy import load_policy

    resolved = load_policy(policy)
    mapping = {**resolved.label_map, **(load_label_map(label_map) if label_map else {})}
    notes = apply_label_map(read_gold(gold, fmt), mapping)
    deidentifier = _deidentifier(resolved, None, fingerprints=False)
    report = evaluate_notes(notes, pipeline_predict(deidentifier), show_text=show_text)
    if as_json:
        data = report.to_json(include_misses=misses or show_text)
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        report.render(out, misses=misses or show_text)


@app.command()
@_guarded
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
        Path | None,
        typer.Option("--out", "-o", help="Write here (owner-only) instead of stdout."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --out file (never the input).")
    ] = False,
) -> None:
    """Restore the originals behind [ENC:...] tokens, for a holder of the encryption key.

    The result contains PHI again: write it only where the originals may be kept.
    """
    from deid.io.writers import write_private
    from deid.transform.operators.crypto import load_encryption_key, reidentify_text

    if output is not None:
        _check_new_file(output, "--out", inputs=(encrypted,))
        if output.exists() and not force:
            raise InputError(f"--out {output} exists: add --force to replace it")
    if not encrypted.is_file():
        raise InputError(f"file not found: {encrypted} (give a file written with encrypt)")
    try:
        text = encrypted.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{encrypted.name} is not UTF-8 text") from None
    restored = reidentify_text(text, load_encryption_key(key_file))
    if output is None:
        sys.stdout.write(restored)
        return
    staged = output.with_name(f".{output.name}.partial")
    staged.unlink(missing_ok=True)
    write_private(staged, restored)
    staged.replace(output)  # owner-only from the first byte; replaces only with --force


app.command("serve")(_guarded(serve))  # deid.cli.serve: the review page in the browser


def run() -> None:  # pragma: no cover - console entry for `python -m deid`
    app()
