"""deid.cli.review: the terminal review of one note for ``deid check``."""

from __future__ import annotations

from rich.console import Console

from deid.cli.review import render_check
from deid.model import Finding, Note, PhiType
from deid.policy import load_policy

NOTE = Note("n1", "Seen with her daughter Fiona on 4/17; MRN 00482913.")
FINDINGS = [
    Finding(23, 28, PhiType.NAME, 0.7, "ContextNameRecognizer", "context:relation"),
    Finding(32, 36, PhiType.DATE, 0.6, "ClinicalPartialDateRecognizer", "month_day"),
    Finding(42, 50, PhiType.MRN, 0.95, "MrnRecognizer", "mrn_after_label"),
]


def shown(note: Note, findings: list[Finding]) -> list[str]:
    console = Console(record=True, width=120, color_system=None)
    render_check(console, note, findings, load_policy(None))
    return [line.rstrip() for line in console.export_text().splitlines()]


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_the_review_shows_the_note_a_row_per_finding_and_a_summary():
    lines = shown(NOTE, FINDINGS)
    assert lines[0].strip("─ ") == "note n1"
    assert lines[1] == NOTE.text
    rows = [cells(line) for line in lines if line.startswith("│")]
    assert rows == [
        ["1", "NAME", "Fiona", "23-28", "0.70", "ContextNameRecognizer", "context:relation", "tag"],
        ["2", "DATE", "4/17", "32-36", "0.60", "ClinicalPartialDateRecognizer", "month_day", "tag"],
        ["3", "MRN", "00482913", "42-50", "0.95", "MrnRecognizer", "mrn_after_label", "tag"],
    ]
    assert lines[-1] == "3 findings (1 NAME, 1 DATE, 1 MRN); policy safe_harbor."


def test_a_note_without_findings_says_so():
    lines = shown(Note("n2", "Nothing to see."), [])
    assert [line for line in lines if line.startswith("│")] == []
    assert lines[-1] == "0 findings (no identifiers found); policy safe_harbor."
