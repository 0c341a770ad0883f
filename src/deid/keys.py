"""The secret behind fingerprints (and, later, surrogates and encryption).

Read from ``DEID_SECRET`` or a key file (``DEID_SECRET_FILE`` or ``--secret-file``), never from
the command line and never written beside the audit. Without one, a random per-run secret is used:
fingerprints are then safe but cannot be linked across runs, and the manifest says so.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from deid.errors import SecretError

SECRET_ENV = "DEID_SECRET"
SECRET_FILE_ENV = "DEID_SECRET_FILE"
MIN_SECRET_BYTES = 16


@dataclass(frozen=True)
class Secret:
    """Key material plus where it came from (the source is recorded; the key never is)."""

    key: bytes
    source: str  # "env", "file" or "ephemeral"

    def fingerprint(self, text: str) -> str:
        """Keyed HMAC-SHA256 of an identifier: links repeats without revealing the text."""
        return hmac.new(self.key, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def derive(self, purpose: str, *parts: str) -> bytes:
        """A sub-key or deterministic seed for one purpose (e.g. surrogates for one patient)."""
        message = "\x1f".join((purpose, *parts)).encode("utf-8")
        return hmac.new(self.key, message, hashlib.sha256).digest()


def load_secret(secret_file: str | Path | None = None, *, allow_ephemeral: bool = True) -> Secret:
    """Find the secret: explicit file, then ``DEID_SECRET``, then ``DEID_SECRET_FILE``."""
    path = secret_file or os.environ.get(SECRET_FILE_ENV)
    if secret_file is None and os.environ.get(SECRET_ENV):
        return _checked(os.environ[SECRET_ENV].encode("utf-8"), "env")
    if path:
        key_path = Path(path)
        if not key_path.is_file():
            raise SecretError(f"secret file not found: {key_path}")
        return _checked(key_path.read_bytes().strip(), "file")
    if allow_ephemeral:
        return Secret(secrets.token_bytes(32), "ephemeral")
    raise SecretError(
        f"no secret configured: set {SECRET_ENV} or point {SECRET_FILE_ENV} at a key file "
        '(create one with: python -c "import secrets; print(secrets.token_hex(32))" > deid.key)'
    )


def _checked(key: bytes, source: str) -> Secret:
    if len(key) < MIN_SECRET_BYTES:
        raise SecretError(
            f"the secret from {source} is too short: use at least {MIN_SECRET_BYTES} bytes"
        )
    return Secret(key, source)
