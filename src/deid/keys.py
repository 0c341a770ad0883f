"""The secret behind fingerprints (and, later, surrogates and encryption).

Read from ``DEID_SECRET`` or a key file (``DEID_SECRET_FILE`` or ``--secret-file``), never from
the command line and never written beside the audit. Without one, a random per-run secret is used:
fingerprints are then safe but cannot be linked across runs, and the manifest says so.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from deid.errors import SecretError

SECRET_ENV = "DEID_SECRET"
SECRET_FILE_ENV = "DEID_SECRET_FILE"
MIN_SECRET_BYTES = 16
MIN_SECRET_BITS = 64
"""A secret must carry at least this much entropy by its characters' frequencies: "aaaa..." or
twenty spaces are long enough but guessable, and every fingerprint and surrogate derives from it."""
MAKE_KEY = 'python -c "import secrets; print(secrets.token_hex(32))" > deid.key'


@dataclass(frozen=True)
class Secret:
    """Key material plus where it came from (the source is recorded; the key never is)."""

    key: bytes = field(repr=False)  # a traceback or a log line never shows the key
    source: str  # "env", "file" or "ephemeral"

    def fingerprint(self, text: str) -> str:
        """Keyed HMAC-SHA256 of an identifier: links repeats without revealing the text."""
        return hmac.new(self.key, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def derive(self, purpose: str, *parts: str) -> bytes:
        """A sub-key or deterministic seed for one purpose (e.g. surrogates for one patient)."""
        message = "\x1f".join((purpose, *parts)).encode("utf-8")
        return hmac.new(self.key, message, hashlib.sha256).digest()


def read_key_material(
    key_file: str | Path | None, env: str, file_env: str, what: str
) -> tuple[bytes, str] | None:
    """(key bytes, "env" or "file") from an explicit file, else the ``env`` variable, else the
    file ``file_env`` names; ``None`` when none is set. The one loader for every key deid uses."""
    if key_file is None and os.environ.get(env):
        return os.environ[env].encode("utf-8"), "env"
    path = key_file or os.environ.get(file_env)
    if not path:
        return None
    key_path = Path(path)
    if not key_path.is_file():
        raise SecretError(f"{what} file not found: {key_path}")
    return key_path.read_bytes().strip(), "file"


def load_secret(secret_file: str | Path | None = None, *, allow_ephemeral: bool = True) -> Secret:
    """Find the secret: explicit file, then ``DEID_SECRET``, then ``DEID_SECRET_FILE``."""
    found = read_key_material(secret_file, SECRET_ENV, SECRET_FILE_ENV, "secret")
    if found is not None:
        return _checked(*found)
    if allow_ephemeral:
        return Secret(secrets.token_bytes(32), "ephemeral")
    raise SecretError(
        f"no secret configured: set {SECRET_ENV} or point {SECRET_FILE_ENV} at a key file "
        f"(create one with: {MAKE_KEY})"
    )


def require_secret(secret: Secret, needed_by: str) -> None:
    """Refuse a one-off key where results must be reproducible (surrogates, shifts, hashes)."""
    if secret.source == "ephemeral":
        raise SecretError(
            f"{needed_by} needs a secret so that results are the same on every run: set "
            f"{SECRET_ENV}, point {SECRET_FILE_ENV} at a key file or pass --secret-file "
            f"(create one with: {MAKE_KEY})"
        )


def entropy_bits(key: bytes) -> float:
    """Length times the Shannon entropy of the byte frequencies: a cheap guessability bound."""
    counts = [key.count(b) for b in set(key)]
    return -sum(c * math.log2(c / len(key)) for c in counts) if key else 0.0


def _checked(key: bytes, source: str) -> Secret:
    where = {"env": SECRET_ENV, "file": "the secret file"}.get(source, source)
    if len(key) < MIN_SECRET_BYTES:
        raise SecretError(
            f"the secret in {where} is too short: use at least {MIN_SECRET_BYTES} bytes "
            f"(create one with: {MAKE_KEY})"
        )
    if entropy_bits(key) < MIN_SECRET_BITS:
        raise SecretError(
            f"the secret in {where} is too easy to guess (too few different characters): "
            f"create a random one with: {MAKE_KEY}"
        )
    return Secret(key, source)
