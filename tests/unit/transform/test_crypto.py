"""Keyed hash and reversible encryption: round trip for key holders, clear failure otherwise."""

from __future__ import annotations

import hashlib
import re

import pytest

from deid.errors import SecretError
from deid.keys import Secret
from deid.model import Finding, Note, PhiType
from deid.policy import Policy
from deid.transform import transform
from deid.transform.operators.crypto import (
    ENCRYPTION_KEY_ENV,
    ENCRYPTION_KEY_FILE_ENV,
    TOKEN,
    encrypt_value,
    generate_key,
    hash_value,
    load_encryption_key,
    reidentify_text,
)

KEY = b"synthetic-encryption-key-0123456789"
SECRET = Secret(b"synthetic-test-secret-0123456789", "env")
TEXT = "Jane Roe (MRN 00123456) called Jane Roe's sister Ana Li on 555-0142."
SPANS = [("Jane Roe", "NAME"), ("00123456", "MRN"), ("Jane Roe", "NAME"), ("Ana Li", "NAME"),
         ("555-0142", "PHONE")]  # fmt: skip


def _findings() -> list[Finding]:
    found, cursor = [], 0
    for span, phi_type in SPANS:
        start = TEXT.index(span, cursor)
        found.append(Finding(start, start + len(span), PhiType(phi_type), 1.0, "test"))
        cursor = start + len(span)
    return found


def _run(operator: str):
    policy = Policy(name="t", default_operator=operator)
    return transform(Note("n-1", TEXT, patient_id="p-1"), _findings(), policy, SECRET)


@pytest.fixture
def key_in_env(monkeypatch):
    monkeypatch.delenv(ENCRYPTION_KEY_FILE_ENV, raising=False)
    monkeypatch.setenv(ENCRYPTION_KEY_ENV, KEY.decode())


def test_encrypt_then_reidentify_restores_the_note(key_in_env) -> None:
    result = _run("encrypt")
    for name in ("Jane Roe", "00123456", "Ana Li", "555-0142"):
        assert name not in result.text
    assert len(TOKEN.findall(result.text)) == 5
    assert reidentify_text(result.text, KEY) == TEXT
    assert reidentify_text(result.text, KEY.decode()) == TEXT


def test_encryption_is_deterministic_and_consistent(key_in_env) -> None:
    first, second = _run("encrypt"), _run("encrypt")
    assert first.text == second.text
    tokens = [r.new_text for r in first.replacements]
    assert tokens[0] == encrypt_value("Jane Roe", "NAME", KEY)
    assert tokens[0] != tokens[3]


def test_a_wrong_key_fails_clearly_without_revealing_anything(key_in_env) -> None:
    encrypted = _run("encrypt").text
    with pytest.raises(SecretError, match="wrong encryption key") as failure:
        reidentify_text(encrypted, b"another-synthetic-key-0123456789")
    message = str(failure.value)
    assert "token 1 (offset 0)" in message
    assert "Jane" not in message and "Roe" not in message


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace("[ENC:NAME:", "[ENC:MRN:", 1),  # relabelled type
        lambda t: re.sub(
            r"(\[ENC:NAME:)(.)", lambda m: m[1] + ("B" if m[2] == "A" else "A"), t, count=1
        ),
    ],
)
def test_an_altered_token_fails(tamper) -> None:
    token = encrypt_value("Jane Roe", "NAME", KEY)
    with pytest.raises(SecretError, match="altered"):
        reidentify_text(tamper(token), KEY)


def test_text_without_tokens_is_unchanged() -> None:
    assert reidentify_text("Nothing [NAME_1] to decrypt.", KEY) == "Nothing [NAME_1] to decrypt."


def test_no_key_configured_is_an_error_not_a_silent_fallback(monkeypatch) -> None:
    monkeypatch.delenv(ENCRYPTION_KEY_ENV, raising=False)
    monkeypatch.delenv(ENCRYPTION_KEY_FILE_ENV, raising=False)
    with pytest.raises(SecretError, match=ENCRYPTION_KEY_ENV):
        _run("encrypt")


def test_key_from_a_file(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(ENCRYPTION_KEY_ENV, raising=False)
    key_file = tmp_path / "enc.key"
    key_file.write_text(generate_key() + "\n")
    monkeypatch.setenv(ENCRYPTION_KEY_FILE_ENV, str(key_file))
    assert load_encryption_key() == key_file.read_text().strip().encode()
    assert load_encryption_key(key_file) == load_encryption_key()
    with pytest.raises(SecretError, match="not found"):
        load_encryption_key(tmp_path / "missing.key")


def test_a_short_key_is_refused(monkeypatch) -> None:
    monkeypatch.setenv(ENCRYPTION_KEY_ENV, "short")
    with pytest.raises(SecretError, match="too short"):
        load_encryption_key()


def test_hash_is_keyed_consistent_and_not_a_plain_digest() -> None:
    result = _run("hash")
    tokens = [r.new_text for r in result.replacements]
    assert all(re.fullmatch(r"\[[A-Z_]+:[0-9a-f]{16}\]", t) for t in tokens)
    assert tokens[0] == tokens[2] != tokens[3]
    plain = hashlib.sha256(b"Jane Roe").hexdigest()[:16]
    assert plain not in result.text
    assert hash_value("Jane Roe", "NAME", b"k" * 32) != hash_value("Jane Roe", "NAME", b"j" * 32)
    assert hash_value("Jane Roe's", "NAME", b"k" * 32) == hash_value("JANE ROE", "NAME", b"k" * 32)


def test_hash_differs_from_the_audit_fingerprint() -> None:
    token = _run("hash").replacements[0].new_text
    assert SECRET.fingerprint("Jane Roe")[:16] not in token


def test_cli_reidentify_restores_a_file_and_refuses_a_wrong_key(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from deid.cli import app

    monkeypatch.delenv(ENCRYPTION_KEY_FILE_ENV, raising=False)
    encrypted = tmp_path / "note.txt"
    encrypted.write_text(f"Seen {encrypt_value('Jane Roe', 'NAME', KEY)} today.\n")
    key_file = tmp_path / "enc.key"
    key_file.write_bytes(KEY)
    runner = CliRunner()
    restored = runner.invoke(app, ["reidentify", str(encrypted), "--key-file", str(key_file)])
    assert restored.exit_code == 0
    assert restored.stdout == "Seen Jane Roe today.\n"
    monkeypatch.setenv(ENCRYPTION_KEY_ENV, "another-synthetic-key-0123456789")
    refused = runner.invoke(app, ["reidentify", str(encrypted)])
    assert refused.exit_code == 2
    assert "Jane" not in refused.output
