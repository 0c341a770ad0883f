"""deid.io.audit: records that hold no note text, keyed fingerprints, and the run manifest."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest

from deid.io.audit import (
    AUDIT_SCHEMA_VERSION,
    AuditRecord,
    RunManifest,
    audit_records,
    file_checksum,
    new_run_id,
)
from deid.keys import Secret
from deid.model import Finding, Note, PhiType, Replacement, Result
from deid.policy import load_policy

SECRET = Secret(b"audit-test-secret-0123456789abcdef", "env")
OTHER = Secret(b"another-secret-for-the-audit-tests", "env")
RUN = "0123456789abcdef0123456789abcdef"
NOTE = Note(
    "n7",
    "Met with Dr. Okafor today. Okafor's sister Maya Whitlock called 555-201-3344 "
    "from Tacoma; email maya.whitlock@example.org.",
)


def substrings(text: str, shortest: int = 4) -> set[str]:
    return {text[i:j] for i in range(len(text)) for j in range(i + shortest, len(text) + 1)}


def test_records_hold_offsets_types_and_fingerprints_but_no_note_text(deidentifier):
    result = deidentifier.run(NOTE)
    records = audit_records(RUN, NOTE, result, deidentifier.secret)
    found = [NOTE.text[r.start : r.end] for r in records]
    assert found == [
        "Okafor",
        "Okafor",
        "Maya Whitlock",
        "555-201-3344",
        "Tacoma",
        "maya.whitlock@example.org",
    ]
    serialized = "\n".join(record.to_json() for record in records)
    leaked = {piece for text in found for piece in substrings(text) if piece in serialized}
    assert leaked == set()
    replaced = {r.new_text for r in result.replacements}  # the tags are not recorded either
    assert not {tag for tag in replaced if tag in serialized}


def test_each_record_says_where_the_finding_was_and_where_its_replacement_landed(deidentifier):
    result = deidentifier.run(NOTE)
    records = audit_records(RUN, NOTE, result, deidentifier.secret)
    assert len(records) == len(result.replacements)
    for record, replacement in zip(records, result.replacements, strict=True):
        finding = replacement.finding
        assert (record.run_id, record.note_id) == (RUN, "n7")
        assert (record.start, record.end) == (finding.start, finding.end)
        assert record.entity_type == finding.phi_type.value
        assert (record.recognizer, record.rule, record.score) == (
            finding.recognizer,
            finding.rule,
            finding.score,
        )
        assert record.operator == "tag"
        assert result.text[record.out_start : record.out_end] == replacement.new_text
    assert [r.entity_type for r in records] == [
        "NAME",
        "NAME",
        "NAME",
        "PHONE",
        "LOCATION",
        "EMAIL",
    ]


def test_to_json_is_compact_and_has_exactly_the_documented_fields():
    record = AuditRecord(RUN, "n1", 3, 9, "NAME", 0.85, "R", "r", "tag", 3, 11, "ab" * 32)
    assert record.to_json() == (
        '{"run_id":"0123456789abcdef0123456789abcdef","note_id":"n1","start":3,"end":9,'
        '"entity_type":"NAME","score":0.85,"recognizer":"R","rule":"r","operator":"tag",'
        '"out_start":3,"out_end":11,"fingerprint":"' + "ab" * 32 + '"}'
    )


def hand_made_result(note: Note, spans: list[tuple[str, int]]) -> Result:
    """A result replacing the given (piece, occurrence) spans of ``note`` with fixed tags."""
    replacements = []
    for piece, nth in spans:
        start = -1
        for _ in range(nth + 1):
            start = note.text.index(piece, start + 1)
        finding = Finding(start, start + len(piece), PhiType.NAME, 0.9, "test", "t")
        replacements.append(Replacement(finding, "tag", "[NAME_1]", start, start + 8))
    return Result(note.note_id, "redacted", tuple(replacements))


def test_fingerprints_are_keyed_hmacs_equal_for_repeats_and_the_same_secret():
    note = Note("n", "Okafor met Okafor; Maya waited.")
    result = hand_made_result(note, [("Okafor", 0), ("Okafor", 1), ("Maya", 0)])
    once = [r.fingerprint for r in audit_records(RUN, note, result, SECRET)]
    assert once[0] == once[1] != once[2]  # repeats link, different identifiers do not
    same_key = Secret(b"audit-test-secret-0123456789abcdef", "file")  # the source is no part
    assert [r.fingerprint for r in audit_records(RUN, note, result, same_key)] == once
    other = [r.fingerprint for r in audit_records(RUN, note, result, OTHER)]
    assert all(a != b for a, b in zip(once, other, strict=True))
    plain = hashlib.sha256(b"Okafor").hexdigest()  # not a bare hash anyone could recompute
    assert plain not in once
    assert once[0] == SECRET.fingerprint("Okafor")
    assert len(once[0]) == 64 and set(once[0]) <= set("0123456789abcdef")


def test_fingerprints_do_not_depend_on_the_run_or_the_note():
    first = Note("a", "Seen: Okafor.")
    second = Note("b", "Okafor called back twice.")
    one = audit_records(RUN, first, hand_made_result(first, [("Okafor", 0)]), SECRET)
    two = audit_records(new_run_id(), second, hand_made_result(second, [("Okafor", 0)]), SECRET)
    assert one[0].fingerprint == two[0].fingerprint


def test_a_failed_note_has_no_records():
    failed = Result("n", "", (), error="RuntimeError")
    assert audit_records(RUN, Note("n", "Okafor"), failed, SECRET) == []


def test_new_run_ids_are_random_hex():
    ids = {new_run_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i) == 32 and set(i) <= set("0123456789abcdef") for i in ids)


# -- the manifest ---------------------------------------------------------------------------------


def tagged(note_id: str, *types: PhiType) -> Result:
    replacements = tuple(
        Replacement(Finding(i, i + 1, t, 0.9, "test"), "tag", "[X]", i, i + 3)
        for i, t in enumerate(types)
    )
    return Result(note_id, "x", replacements)


def manifest() -> RunManifest:
    return RunManifest(
        run_id=RUN,
        policy=load_policy(None),
        secret_source="env",
        input_name="notes.jsonl",
        input_sha256="f" * 64,
        started_at="2025-01-02T03:04:05+00:00",
    )


def test_the_manifest_counts_notes_and_findings_by_type():
    run = manifest()
    run.add(tagged("a", PhiType.NAME, PhiType.NAME, PhiType.DATE))
    run.add(Result("b", "", (), error="ValueError"))
    run.add(tagged("c", PhiType.PHONE))
    run.finished_at = "2025-01-02T03:05:00+00:00"
    summary = run.to_dict()
    assert summary["notes"] == {"ok": 2, "failed": 1, "failed_ids": ["b"]}
    assert summary["findings_by_type"] == {"DATE": 1, "NAME": 2, "PHONE": 1}
    assert list(summary["findings_by_type"]) == ["DATE", "NAME", "PHONE"]  # sorted
    assert summary["findings_total"] == 4
    assert summary["audit_schema_version"] == AUDIT_SCHEMA_VERSION == 1
    assert summary["run_id"] == RUN
    assert summary["input"] == {"name": "notes.jsonl", "sha256": "f" * 64, "skipped_files": 0}
    assert summary["fingerprint"] == {"algorithm": "HMAC-SHA256", "secret_source": "env"}
    policy = load_policy(None)
    assert summary["policy"] == {"name": policy.name, "sha256": policy.digest}
    assert (summary["started_at"], summary["finished_at"]) == (
        "2025-01-02T03:04:05+00:00",
        "2025-01-02T03:05:00+00:00",
    )


def test_the_manifest_round_trips_through_a_checkpoint():
    run = manifest()
    run.add(tagged("a", PhiType.NAME, PhiType.MRN))
    run.add(Result("b", "", (), error="ValueError"))
    saved = json.loads(json.dumps(run.progress()))  # as written in checkpoint.json
    assert saved == {"ok": 1, "failed_ids": ["b"], "counts": {"NAME": 1, "MRN": 1}}
    resumed = manifest()
    resumed.restore(saved)
    assert resumed.to_dict() == run.to_dict()
    assert resumed.counts == Counter({"NAME": 1, "MRN": 1})
    resumed.add(tagged("c", PhiType.NAME))  # and it goes on counting from there
    run.add(tagged("c", PhiType.NAME))
    assert resumed.to_dict() == run.to_dict()
    assert json.loads(json.dumps(run.to_dict())) == run.to_dict()


@pytest.mark.parametrize("layout", ["file", "folder"])
def test_file_checksum_of_a_file_or_a_folder_in_name_order(tmp_path, layout):
    if layout == "file":
        path = tmp_path / "notes.jsonl"
        path.write_bytes(b'{"id": "a", "text": "x"}\n')
        assert file_checksum(path) == hashlib.sha256(b'{"id": "a", "text": "x"}\n').hexdigest()
        return
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_bytes(b"B")
    (folder / "sub" / "a.txt").write_bytes(b"A")
    expected = hashlib.sha256(b"b.txtB" + b"sub/a.txtA").hexdigest()
    assert file_checksum(folder) == expected
    (folder / "b.txt").write_bytes(b"b")
    assert file_checksum(folder) != expected
