"""The review record (deid.io.review_record) and ``deid audit verify RECORD.json``: a record
that verifies, and one that was changed, forged without the key, or does not add up, does not;
the messages name fields and counts, never a value."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from typer.testing import CliRunner

from deid.cli.audit import audit_app
from deid.io.review_record import (
    UNKEYED_KEY,
    Decision,
    ReviewRecordError,
    build_record,
    seal_key,
    seal_value,
    verify_record,
)
from deid.keys import Secret
from deid.model import Finding, Note, PhiType
from deid.policy import load_policy
from deid.transform import transform

TEXT = "Seen with her daughter Fiona on 6/3. Fiona's coach, Reed, called.\n"  # synthetic
KEY_TEXT = "review-record-test-secret-0123456789"
CONFIGURED = Secret(KEY_TEXT.encode(), "env")
LAUNCH = Secret(b"a-key-for-one-launch-0123456789ab", "launch")
AT = "2026-01-05T10:00:00+00:00"
runner = CliRunner()


def where(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def decision(kind, origin, word, phi_type=PhiType.NAME, nth=0, **extra) -> Decision:
    start, end = where(word, nth)
    return Decision(
        kind=kind,
        origin=origin,
        start=start,
        end=end,
        entity_type=phi_type.value,
        score=1.0,
        recognizer="Reviewer" if origin == "reviewer" else "ContextNameRecognizer",
        rule="added" if origin == "reviewer" else "context:relation",
        fingerprint=CONFIGURED.fingerprint(TEXT[start:end]),
        at=AT,
        **extra,
    )


DECISIONS = [
    decision("accepted", "detected", "Fiona"),
    decision("rejected", "detected", "6/3", PhiType.DATE),
    decision("retyped", "detected", "Fiona", nth=1, from_type="LOCATION"),
    decision("added", "reviewer", "Reed"),
]


def make_record(secret: Secret = CONFIGURED, decisions=DECISIONS) -> tuple[dict, str]:
    note = Note("note", TEXT)
    findings = [
        Finding(d.start, d.end, PhiType(d.entity_type), d.score, d.recognizer, d.rule)
        for d in decisions
        if d.kept
    ]
    policy = load_policy(None)
    result = transform(note, findings, policy, secret)
    record = build_record(
        run_id="0" * 32,
        note=note,
        result=result,
        decisions=decisions,
        secret=secret,
        policy=policy,
        model={"name": policy.model},
        reviewer="Dr. A. Reviewer",
        reviewed_at=AT,
        detected=3,
        candidates_offered=0,
    )
    return record, result.text


def reseal(record: dict, key: bytes = UNKEYED_KEY) -> dict:
    """What a forger without the key can do to an unkeyed record: edit, then recompute."""
    body = {k: v for k, v in record.items() if k != "seal"}
    return {**body, "seal": {**record["seal"], "value": seal_value(key, body)}}


def test_a_record_verifies_and_holds_no_text_of_the_note():
    record, redacted = make_record()
    report = verify_record(record, seal_key(CONFIGURED)[0], redacted.encode())
    assert report.ok, report.message
    assert "1 accepted, 1 rejected, 1 added, 1 retyped" in report.message
    assert "the redacted note file matches" in report.message
    assert record["seal"]["keyed"] is True
    assert record["note"]["redacted_sha256"] == hashlib.sha256(redacted.encode()).hexdigest()
    assert record["findings_by_type"] == {"NAME": 3}
    dumped = json.dumps(record)
    for word in ("Fiona", "Reed", "6/3", "daughter", "coach"):
        assert word not in dumped
    retyped = record["decisions"][2]
    assert retyped["from_type"] == "LOCATION" and "superseded" not in retyped


def test_a_record_of_a_launch_key_is_sealed_unkeyed_and_verifies_without_a_key():
    record, _ = make_record(LAUNCH)
    assert record["seal"]["keyed"] is False
    assert record["fingerprint"]["secret_source"] == "launch"
    report = verify_record(record, None)
    assert report.ok and "unkeyed" in report.message


@pytest.mark.parametrize(
    "edit",
    [
        lambda r: r.__setitem__("reviewer", "Someone Else"),
        lambda r: r["decisions"][1].__setitem__("kind", "accepted"),
        lambda r: r["records"][0].__setitem__("start", r["records"][0]["start"] + 1),
        lambda r: r["note"].__setitem__("redacted_sha256", "0" * 64),
        lambda r: r["decisions"].pop(),
        lambda r: r.__setitem__("extra", 1),
    ],
)
def test_any_change_after_export_breaks_the_seal(edit):
    record, _ = make_record()
    edit(record)
    report = verify_record(record, seal_key(CONFIGURED)[0])
    assert not report.ok and "does not verify" in report.message


def test_a_keyed_record_resealed_without_the_key_does_not_verify():
    record, _ = make_record()
    record["reviewer"] = "Someone Else"
    assert not verify_record(reseal(record), seal_key(CONFIGURED)[0]).ok
    wrong = Secret(b"another-secret-entirely-0123456789", "file")
    assert not verify_record(make_record()[0], seal_key(wrong)[0]).ok


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda r: r["decisions"][1].__setitem__("kind", "accepted"), "same spans"),
        (lambda r: r.__setitem__("findings_total", 7), "findings_total"),
        (lambda r: r["decisions_by_kind"].__setitem__("added", 0), "decisions_by_kind"),
        (lambda r: r["records"][1].__setitem__("run_id", "f" * 32), "another run"),
        (lambda r: r["records"][0].__setitem__("end", 10_000), "bad span"),
        (lambda r: r["records"].reverse(), "overlaps or precedes"),
    ],
)
def test_a_resealed_record_that_does_not_add_up_is_caught(edit, problem):
    record, _ = make_record(LAUNCH)
    edit(record)
    report = verify_record(reseal(record), None)
    assert not report.ok and "inconsistent" in report.message and problem in report.message


def test_the_wrong_note_file_is_caught():
    record, redacted = make_record(LAUNCH)
    report = verify_record(record, None, (redacted + " ").encode())
    assert not report.ok and "not the redacted note" in report.message


def test_what_is_not_a_usable_record_raises_rather_than_failing():
    record, _ = make_record()
    for bad in ({}, {"record": "something-else"}, [], {**record, "review_schema_version": 9}):
        with pytest.raises(ReviewRecordError):
            verify_record(bad, None)
    with pytest.raises(ReviewRecordError, match="keyed"):
        verify_record(record, None)
    with pytest.raises(ValueError):
        Decision("approved", "detected", 0, 1, "NAME", 1.0, "r", "", "f", AT)


# -- the command -----------------------------------------------------------------------------------


@pytest.fixture
def no_secret_env(monkeypatch):
    monkeypatch.delenv("DEID_SECRET", raising=False)
    monkeypatch.delenv("DEID_SECRET_FILE", raising=False)


def write(tmp_path, record, redacted=None):
    path = tmp_path / "review-record.json"
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    if redacted is not None:
        (tmp_path / "redacted-note.txt").write_text(redacted, encoding="utf-8")
    return path


def verify_cli(*args, **env):
    return runner.invoke(audit_app, ["verify", *map(str, args)], env=env or None)


def test_cli_verifies_a_record_and_its_note(tmp_path, no_secret_env):
    record, redacted = make_record(LAUNCH)
    path = write(tmp_path, record, redacted)
    done = verify_cli(path, "--note", tmp_path / "redacted-note.txt")
    assert done.exit_code == 0, done.output
    assert done.output.startswith("OK: review record intact") and "matches" in done.output
    keyed, _ = make_record(CONFIGURED)
    done = verify_cli(write(tmp_path, keyed), DEID_SECRET=KEY_TEXT)
    assert done.exit_code == 0 and "unkeyed" not in done.output


def test_cli_fails_a_changed_record_with_exit_1_and_one_line(tmp_path, no_secret_env):
    record, redacted = make_record(LAUNCH)
    record["decisions"][1]["kind"] = "accepted"
    done = verify_cli(write(tmp_path, record, redacted))
    assert done.exit_code == 1
    assert done.output.startswith("FAILED: the review record does not verify")
    assert done.output.count("\n") == 1
    (tmp_path / "redacted-note.txt").write_text(redacted + "x", encoding="utf-8")
    done = verify_cli(
        write(tmp_path, make_record(LAUNCH)[0]), "--note", tmp_path / "redacted-note.txt"
    )
    assert done.exit_code == 1 and "not the redacted note" in done.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not readable JSON"),
        ('{"run_id": "x"}', "not a deid review record"),
        ("[1, 2]", "not a deid review record"),
    ],
)
def test_cli_refuses_what_is_not_a_record_with_exit_2(tmp_path, no_secret_env, content, message):
    path = tmp_path / "thing.json"
    path.write_text(content, encoding="utf-8")
    done = verify_cli(path)
    assert done.exit_code == 2 and message in done.output


def test_cli_needs_the_secret_for_a_keyed_record(tmp_path, no_secret_env):
    path = write(tmp_path, make_record(CONFIGURED)[0])
    done = verify_cli(path)
    assert done.exit_code == 2 and "keyed" in done.output
    done = verify_cli(path, DEID_SECRET="another-secret-entirely-0123456789")
    assert done.exit_code == 1


def test_cli_note_option_is_for_records_only(tmp_path, no_secret_env):
    done = verify_cli(tmp_path, "--note", tmp_path / "x.txt")
    assert done.exit_code == 2 and "review record" in done.output


def test_cli_output_never_shows_a_value(tmp_path, no_secret_env):
    record, _ = make_record(LAUNCH)
    tampered = copy.deepcopy(record)
    tampered["records"][0]["fingerprint"] = "f" * 64
    for each in (record, tampered):
        done = verify_cli(write(tmp_path, each))
        for value in ("Dr. A. Reviewer", record["records"][0]["fingerprint"], "f" * 64):
            assert value not in done.output
