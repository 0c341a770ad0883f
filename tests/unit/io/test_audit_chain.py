"""The audit hash chain: every kind of tampering is caught and named (``deid audit verify``'s
command line is tested in tests/unit/cli/test_audit.py).

All records are synthetic (made-up ids and fingerprints shaped like the real AuditRecord fields).
"""

from __future__ import annotations

import json

import pytest

from deid.io.audit_chain import (
    UNKEYED_KEY,
    AuditChain,
    AuditChainError,
    canonical_json,
    chain_key,
    genesis,
    manifest_entry,
    verify,
)
from deid.keys import Secret
from tests.unit.io.audit_chain_data import (
    FINGERPRINTS,
    KEY,
    NOTE_IDS,
    OTHER_RUN,
    RUN,
    SECRET,
    N,
    records,
    sealed,
    write,
)


@pytest.fixture
def run(tmp_path):
    """An intact keyed run: ``(lines, entry, check)`` where ``check(lines)`` verifies them."""
    lines, chain = sealed()
    entry = manifest_entry(chain, len(lines), keyed=True)

    def check(tampered: list[str], key: bytes = KEY, manifest_audit: dict | None = None):
        out = write(tmp_path, tampered, manifest_audit or entry)
        manifest = json.loads((out / "manifest.json").read_text())
        report = verify(out / "audit.jsonl", manifest, key)
        for value in NOTE_IDS + FINGERPRINTS + ["ContextNameRecognizer", "context:form_field"]:
            assert value not in report.message
        return report

    return lines, entry, check


# --- sealing ---------------------------------------------------------------------------------


def test_seal_keeps_key_order_and_puts_chain_last():
    chain = AuditChain(KEY, RUN)
    record = records()[0]
    line = chain.seal(record)
    parsed = json.loads(line)
    assert list(parsed) == [*record, "chain"]
    assert parsed["chain"] == chain.head
    assert "\n" not in line


def test_chain_formula():
    chain = AuditChain(KEY, RUN)
    assert chain.head == genesis(KEY, RUN)
    first, second = records()[:2]
    import hashlib
    import hmac

    chain.seal(first)
    expected = hmac.new(
        KEY, (genesis(KEY, RUN) + canonical_json(first)).encode(), hashlib.sha256
    ).hexdigest()
    assert chain.head == expected
    chain.seal(second)
    assert (
        chain.head
        == hmac.new(KEY, (expected + canonical_json(second)).encode(), hashlib.sha256).hexdigest()
    )


def test_genesis_depends_on_run_and_key():
    assert genesis(KEY, RUN) != genesis(KEY, OTHER_RUN)
    assert genesis(KEY, RUN) != genesis(UNKEYED_KEY, RUN)


def test_seal_refuses_a_record_that_already_has_a_chain():
    with pytest.raises(ValueError):
        AuditChain(KEY, RUN).seal({"a": 1, "chain": "x"})


def test_continuing_from_a_head_equals_one_uninterrupted_chain():
    whole, chain = sealed()
    first = AuditChain(KEY, RUN)
    part = [first.seal(r) for r in records()[:3]]
    resumed = AuditChain(KEY, RUN, head=first.head)
    part += [resumed.seal(r) for r in records()[3:]]
    assert part == whole
    assert resumed.head == chain.head


def test_bad_head_is_refused():
    with pytest.raises(ValueError):
        AuditChain(KEY, RUN, head="not-hex")


def test_key_comes_from_the_secret_or_is_public_when_ephemeral():
    secret = Secret(SECRET.encode(), "file")
    assert chain_key(secret) == (secret.derive("audit-chain"), True)
    assert chain_key(Secret(b"x" * 32, "ephemeral")) == (UNKEYED_KEY, False)


def test_manifest_entry():
    lines, chain = sealed()
    entry = manifest_entry(chain, len(lines), keyed=True)
    assert entry["records"] == N
    assert entry["chain_head"] == chain.head == json.loads(lines[-1])["chain"]
    assert entry["chain"] == "HMAC-SHA256"
    assert entry["keyed"] is True
    assert len(entry["seal"]) == 64
    assert KEY.hex() not in json.dumps(entry) and SECRET not in json.dumps(entry)
    assert SECRET not in repr(chain) and KEY.hex() not in repr(chain)


# --- verify: intact --------------------------------------------------------------------------


def test_intact_is_ok(run):
    lines, _, check = run
    report = check(lines)
    assert report.ok and report.kind is None and report.records == N
    assert report.message == f"OK: {N} audit records, chain intact"


def test_empty_run_is_ok(tmp_path):
    chain = AuditChain(KEY, RUN)
    out = write(tmp_path, [], manifest_entry(chain, 0, keyed=True))
    report = verify(out / "audit.jsonl", json.loads((out / "manifest.json").read_text()), KEY)
    assert report.ok and report.records == 0


def test_unkeyed_chain_is_ok_and_says_so(tmp_path):
    key, keyed = chain_key(Secret(b"e" * 32, "ephemeral"))
    chain = AuditChain(key, RUN)
    lines = [chain.seal(r) for r in records()]
    out = write(tmp_path, lines, manifest_entry(chain, N, keyed=keyed))
    manifest = json.loads((out / "manifest.json").read_text())
    report = verify(out / "audit.jsonl", manifest, None)  # no key needed
    assert report.ok and not report.keyed
    assert report.message.endswith("(unkeyed: detects edits, not forgery)")
    # ... and it still catches an edit
    edited = lines[:]
    edited[2] = edited[2].replace('"score":0.85', '"score":0.95')
    (out / "audit.jsonl").write_text("\n".join(edited) + "\n")
    assert verify(out / "audit.jsonl", manifest, None).kind == "edited"


def test_generic_records_any_json_objects(tmp_path):
    chain = AuditChain(KEY, RUN)
    review = [{"reviewer": "r1", "decision": "accept", "span": [1, 5], "notes": {"x": None}}] * 3
    lines = [chain.seal(r) for r in review]
    out = write(tmp_path, lines, manifest_entry(chain, 3, keyed=True))
    assert verify(out / "audit.jsonl", json.loads((out / "manifest.json").read_text()), KEY).ok


def test_whitespace_and_key_order_in_a_line_do_not_matter(run):
    lines, _, check = run
    relaid = lines[:]
    obj = json.loads(relaid[4])
    relaid[4] = json.dumps(dict(reversed(list(obj.items()))), indent=None)
    assert check(relaid).ok


# --- verify: tampering -----------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 3, N - 1])
def test_one_field_edited(run, index):
    lines, _, check = run
    tampered = lines[:]
    tampered[index] = tampered[index].replace('"operator":"tag"', '"operator":"keep"')
    report = check(tampered)
    assert not report.ok and report.kind == "edited" and report.line == index + 1
    assert f"record {index + 1}" in report.message and "edited" in report.message


def test_chain_value_edited(run):
    lines, _, check = run
    tampered = lines[:]
    obj = json.loads(tampered[2])
    obj["chain"] = "0" * 64
    tampered[2] = json.dumps(obj)
    report = check(tampered)
    assert report.kind == "edited" and report.line == 3 and "chain value" in report.message


def test_chain_field_removed(run):
    lines, _, check = run
    tampered = lines[:]
    obj = json.loads(tampered[2])
    del obj["chain"]
    tampered[2] = json.dumps(obj)
    report = check(tampered)
    assert report.kind == "edited" and report.line == 3


def test_record_dropped_first(run):
    lines, _, check = run
    report = check(lines[1:])
    assert report.kind == "dropped" and report.line == 1
    assert (
        report.message == "record 1 does not follow the start of the run: a record was dropped here"
    )


def test_record_dropped_middle(run):
    lines, _, check = run
    report = check(lines[:3] + lines[4:])
    assert report.kind == "dropped" and report.line == 4
    assert report.message == "record 4 does not follow record 3: a record was dropped here"


def test_two_records_dropped_middle(run):
    lines, _, check = run
    report = check(lines[:3] + lines[5:])
    assert report.kind == "dropped" and report.line == 4 and "2 records were" in report.message


def test_record_dropped_second_to_last(run):
    lines, _, check = run
    report = check(lines[: N - 2] + lines[N - 1 :])
    assert report.kind == "dropped" and report.line == N - 1


def test_record_dropped_last_is_a_truncation(run):
    lines, _, check = run
    report = check(lines[:-1])
    assert report.kind == "truncated" and report.line == N
    assert (
        report.message
        == f"the audit ends after record {N - 1} of {N}: records after {N - 1} are missing"
    )


def test_file_truncated(run):
    lines, _, check = run
    report = check(lines[:3])
    assert report.kind == "truncated" and "records after 3 are missing" in report.message


def test_file_emptied(run):
    _, _, check = run
    report = check([])
    assert report.kind == "truncated" and f"all {N} are missing" in report.message


def test_file_cut_mid_line(run):
    lines, _, check = run
    report = check(lines[:4] + [lines[4][:40]])
    assert report.kind == "not_json" and report.line == 5


def test_truncated_and_manifest_rewritten_without_the_key(run):
    lines, entry, check = run
    forged = {**entry, "records": 5, "chain_head": json.loads(lines[4])["chain"]}
    report = check(lines[:5], manifest_audit=forged)
    assert report.kind == "manifest" and not report.ok


def test_manifest_seal_removed(run):
    lines, entry, check = run
    report = check(lines, manifest_audit={k: v for k, v in entry.items() if k != "seal"})
    assert report.kind == "manifest"


def test_manifest_head_changed(run):
    lines, entry, check = run
    report = check(lines, manifest_audit={**entry, "chain_head": "a" * 64})
    assert report.kind == "manifest" and not report.ok


@pytest.mark.parametrize("position", [0, 4])
def test_record_inserted_copied_from_the_same_run(run, position):
    lines, _, check = run
    report = check(lines[:position] + [lines[6]] + lines[position:])
    assert report.kind == "inserted" and report.line == position + 1
    assert "another run" not in report.message


def test_record_duplicated_in_place(run):
    lines, _, check = run
    report = check(lines[:3] + [lines[2]] + lines[3:])
    assert report.kind == "inserted" and report.line == 4


def test_record_inserted_from_another_run(run):
    lines, _, check = run
    other, _ = sealed(run_id=OTHER_RUN)
    report = check(lines[:4] + [other[4]] + lines[4:])
    assert report.kind == "inserted" and report.line == 5 and "another run" in report.message


def test_run_of_another_run_does_not_verify(run):
    _, entry, check = run
    other, _ = sealed(run_id=OTHER_RUN)
    assert not check(other).ok


@pytest.mark.parametrize("index", [0, 3, N - 2])
def test_two_records_swapped(run, index):
    lines, _, check = run
    tampered = lines[:]
    tampered[index], tampered[index + 1] = tampered[index + 1], tampered[index]
    report = check(tampered)
    assert report.kind == "reordered" and report.line == index + 1
    assert report.message == f"records {index + 1} and {index + 2} were swapped"


def test_record_moved_later(run):
    lines, _, check = run
    tampered = lines[:2] + lines[3:6] + [lines[2]] + lines[6:]
    report = check(tampered)
    assert not report.ok and report.line == 3 and report.kind in {"broken", "dropped"}
    assert report.kind != "edited"


def test_record_moved_earlier(run):
    lines, _, check = run
    tampered = lines[:2] + [lines[5]] + lines[2:5] + lines[6:]
    report = check(tampered)
    assert report.kind == "inserted" and report.line == 3


def test_record_appended_copy(run):
    lines, _, check = run
    report = check([*lines, lines[3]])
    assert report.kind == "appended" and report.line == N + 1
    assert report.message == (
        f"records after {N} were appended: the manifest's chain ends at record {N}"
    )


def test_record_appended_with_the_key(run):
    lines, _, check = run
    chain = AuditChain(KEY, RUN, head=json.loads(lines[-1])["chain"])
    report = check([*lines, chain.seal(records()[0])])
    assert report.kind == "appended" and report.line == N + 1


def test_garbage_appended(run):
    lines, _, check = run
    assert check([*lines, "not json"]).kind == "appended"


def test_wrong_key(run):
    lines, _, check = run
    report = check(lines, key=b"w" * 32)
    assert report.kind == "wrong_key" and report.line == 1 and not report.ok


def test_keyed_chain_checked_with_the_public_key_fails(run):
    lines, _, check = run
    assert check(lines, key=UNKEYED_KEY).kind == "wrong_key"


@pytest.mark.parametrize(
    "garbage", ["not json at all", "", "[1, 2, 3]", '{"a": 1, "a": 2}', '{"note_id": "MRN-1"']
)
def test_line_not_json(run, garbage):
    lines, _, check = run
    tampered = lines[:]
    tampered[5] = garbage
    report = check(tampered)
    assert report.kind == "not_json" and report.line == 6
    assert report.message.startswith("line 6 ")
    assert "MRN-1" not in report.message


def test_line_not_utf8(run, tmp_path):
    lines, entry, _ = run
    out = write(tmp_path, lines, entry)
    data = (out / "audit.jsonl").read_bytes().split(b"\n")
    data[1] = b"\xff\xfe" + data[1]
    (out / "audit.jsonl").write_bytes(b"\n".join(data))
    report = verify(out / "audit.jsonl", json.loads((out / "manifest.json").read_text()), KEY)
    assert report.kind == "not_json" and report.line == 2


def test_manifest_without_an_audit_entry():
    with pytest.raises(AuditChainError):
        verify("unused", {"run_id": RUN}, KEY)
    with pytest.raises(AuditChainError):
        verify("unused", {"run_id": RUN, "audit": {"chain_head": "x", "records": 1}}, KEY)


def test_keyed_chain_needs_a_key(run, tmp_path):
    lines, entry, _ = run
    out = write(tmp_path, lines, entry)
    with pytest.raises(AuditChainError):
        verify(out / "audit.jsonl", json.loads((out / "manifest.json").read_text()), None)
