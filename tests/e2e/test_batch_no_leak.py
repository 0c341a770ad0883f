"""End to end: notes full of known identifiers go through ``deid batch`` in every input format,
and none of the identifier texts survives in the output, the audit, the manifest or the logs."""

from __future__ import annotations

import json
import logging
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from deid.cli import app

# (note id, text, identifiers that must disappear). Synthetic people and places only.
NOTES = [
    (
        "intake-1",
        "Client: Marisol Quintanilla\nDOB: 04/17/1958  MRN: 00482913\n"
        "Seen with her daughter Fiona Quintanilla at Riverside Behavioral Health on June 3rd, "
        "2025. Lives at 1423 Maple Ave Apt 4B, Springfield, IL 62704. Cell (217) 555-0148, "
        "email marisol.q@examplemail.com. Mood 6/10, PHQ-9 = 11, sertraline 100 mg.\n"
        "Dana Whitfield, LCSW",
        [
            "Marisol Quintanilla",
            "Quintanilla",
            "Fiona",
            "04/17/1958",
            "00482913",
            "Riverside Behavioral Health",
            "June 3rd",
            "1423 Maple Ave",
            "Springfield",
            "62704",
            "(217) 555-0148",
            "marisol.q@examplemail.com",
            "Dana Whitfield",
        ],
    ),
    (
        "nursing-2",
        "PT ALEKSANDER WOJCIK SEEN 7/22. DAUGHTER KASIA WOJCIK AT BEDSIDE. DR OKAFOR AWARE. "
        "BP 128/84 HR 72 O2 98% RA. SSN 123-45-6789 ON FILE. F/U 8/5.",
        ["ALEKSANDER WOJCIK", "WOJCIK", "KASIA", "OKAFOR", "7/22", "123-45-6789", "8/5"],
    ),
    (
        "email-3",
        "From: Tobias Reinholt <t.reinholt@northfieldcounseling.org>\nTo: Dr. Amal Haddad\n"
        "Hi Amal,\nMy client Priyanka Venkataraman (DOB 11/02/1987) asked me to send the photo "
        "IMG_20250506_141502.jpg from her appointment on 5/6. Portal: "
        "https://portal.northfieldcounseling.org/patients/88213\nThanks,\nTobias Reinholt",
        [
            "Tobias Reinholt",
            "t.reinholt@northfieldcounseling.org",
            "Amal Haddad",
            "Priyanka Venkataraman",
            "11/02/1987",
            "IMG_20250506_141502.jpg",
            "https://portal.northfieldcounseling.org/patients/88213",
        ],
    ),
]
SECRET = "e2e-test-secret-0123456789abcdef"


def write_input(tmp_path, fmt):
    frame = pd.DataFrame([{"id": i, "text": t} for i, t, _ in NOTES])
    if fmt == "csv":
        path = tmp_path / "notes.csv"
        frame.to_csv(path, index=False)
    elif fmt == "jsonl":
        path = tmp_path / "notes.jsonl"
        frame.to_json(path, orient="records", lines=True)
    elif fmt == "parquet":
        path = tmp_path / "notes.parquet"
        frame.to_parquet(path)
    else:
        path = tmp_path / "notes"
        path.mkdir()
        for note_id, text, _ in NOTES:
            (path / f"{note_id}.txt").write_text(text, encoding="utf-8")
    return path


def read_output(path, fmt) -> dict[str, str]:
    if fmt == "csv":
        frame = pd.read_csv(path, dtype=str)
    elif fmt == "jsonl":
        frame = pd.read_json(path, lines=True, dtype={"id": str})
    elif fmt == "parquet":
        frame = pd.read_parquet(path)
    else:
        return {p.stem: p.read_text(encoding="utf-8") for p in path.glob("*.txt")}
    return dict(zip(frame["id"], frame["text"], strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "txt"])
def test_batch_leaves_no_identifier_anywhere(tmp_path, fmt, monkeypatch, caplog):
    monkeypatch.setenv("DEID_SECRET", SECRET)
    source = write_input(tmp_path, fmt)
    out = tmp_path / "out"
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(app, ["--verbose", "batch", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output

    redacted = read_output(out / source.name, fmt)
    assert set(redacted) == {note_id for note_id, _, _ in NOTES}
    audit = (out / "audit.jsonl").read_text(encoding="utf-8")
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    everything = {
        "output": "\n".join(redacted.values()),
        "audit": audit,
        "manifest": manifest,
        "cli output": result.output,
        "logs": caplog.text,
    }
    for note_id, _, identifiers in NOTES:
        for identifier in identifiers:
            for where, text in everything.items():
                assert identifier.lower() not in text.lower(), f"{note_id}: identifier in {where}"

    # the clinical content survives
    assert "PHQ-9 = 11" in redacted["intake-1"] and "sertraline 100 mg" in redacted["intake-1"]
    assert "BP 128/84 HR 72" in redacted["nursing-2"]

    summary = json.loads(manifest)
    assert summary["notes"] == {"ok": 3, "failed": 0, "failed_ids": []}
    assert summary["fingerprint"]["secret_source"] == "env"
    assert summary["findings_total"] == sum(1 for _ in audit.splitlines())
    assert SECRET not in audit + manifest


@pytest.mark.slow
def test_audit_offsets_and_fingerprints_let_a_reviewer_check_without_seeing_phi(
    tmp_path, monkeypatch
):
    import hashlib
    import hmac

    monkeypatch.setenv("DEID_SECRET", SECRET)
    source = write_input(tmp_path, "jsonl")
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["batch", str(source), "--out", str(out)]).exit_code == 0
    originals = {note_id: text for note_id, text, _ in NOTES}
    redacted = read_output(out / source.name, "jsonl")
    records = [json.loads(line) for line in (out / "audit.jsonl").open()]
    assert {r["note_id"] for r in records} == set(originals)  # every note has findings
    for record in records:
        original = originals[record["note_id"]][record["start"] : record["end"]]
        expected = hmac.new(SECRET.encode(), original.encode(), hashlib.sha256).hexdigest()
        assert record["fingerprint"] == expected
        placed = redacted[record["note_id"]][record["out_start"] : record["out_end"]]
        assert re.fullmatch(rf"\[{record['entity_type']}_\d+\]", placed)  # the tag sits there
        assert list(record) == [
            "run_id",
            "note_id",
            "start",
            "end",
            "entity_type",
            "score",
            "recognizer",
            "rule",
            "operator",
            "out_start",
            "out_end",
            "fingerprint",
            "chain",
        ]
