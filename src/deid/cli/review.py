"""Terminal review of one note for a clinician: highlighted findings, a table and a summary."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from deid.model import Finding, Note, PhiType
from deid.policy import Policy

STYLES: dict[PhiType, str] = {
    PhiType.NAME: "bold black on bright_yellow",
    PhiType.DATE: "bold black on bright_cyan",
    PhiType.AGE: "bold black on cyan",
    PhiType.ORGANIZATION: "bold black on bright_magenta",
    PhiType.LOCATION: "bold black on bright_green",
    PhiType.STREET: "bold black on green",
    PhiType.ZIP: "bold black on green",
}
DEFAULT_STYLE = "bold white on red"


def render_check(console: Console, note: Note, findings: list[Finding], policy: Policy) -> None:
    """Print the note with findings highlighted by type, then the findings table and summary."""
    text = Text(note.text)
    for finding in findings:
        text.stylize(STYLES.get(finding.phi_type, DEFAULT_STYLE), finding.start, finding.end)
    console.rule(f"note {note.note_id}")
    console.print(text)
    table = Table(title="findings", show_lines=False)
    for column in ("#", "type", "text", "offsets", "score", "recognizer", "rule", "operator"):
        table.add_column(column)
    for number, finding in enumerate(findings, start=1):
        table.add_row(
            str(number),
            Text(finding.phi_type.value, style=STYLES.get(finding.phi_type, DEFAULT_STYLE)),
            note.text[finding.start : finding.end],
            f"{finding.start}-{finding.end}",
            f"{finding.score:.2f}",
            finding.recognizer,
            finding.rule,
            policy.operator_for(finding.phi_type).operator,
        )
    console.print(table)
    counts = Counter(f.phi_type.value for f in findings)
    summary = ", ".join(f"{n} {t}" for t, n in counts.most_common()) or "no identifiers found"
    console.print(f"[bold]{len(findings)} findings[/] ({summary}); policy {policy.name}.")
