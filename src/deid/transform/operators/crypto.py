"""Keyed ``hash`` and reversible ``encrypt`` operators, and ``reidentify_text`` for key holders.

``hash`` is an HMAC under a key derived from the deid secret (never an unsalted hash, which a
dictionary of names reverses in seconds). ``encrypt`` uses AES-SIV from ``cryptography``:
authenticated like AES-GCM, but deterministic, so the same input, policy and key give
byte-identical output on every core and worker, and one identifier gets one token in a note.
The identifier type is bound as associated data, so a token cannot be relabelled unnoticed.

The encryption key is separate from the fingerprint secret and comes from ``DEID_ENCRYPTION_KEY``
or a key file (``DEID_ENCRYPTION_KEY_FILE`` or an explicit path), never from the command line.

>>> key = b"synthetic-test-key-0123456789abcdef"
>>> token = encrypt_value("Jane Roe", "NAME", key)
>>> reidentify_text(f"Seen by {token}.", key)
'Seen by Jane Roe.'
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from deid.errors import SecretError
from deid.keys import read_key_material
from deid.model import PhiType
from deid.transform.context import NoteContext, identity_key
from deid.transform.operators.base import DeidOperator

if TYPE_CHECKING:
    from deid.policy import OperatorSpec

ENCRYPTION_KEY_ENV = "DEID_ENCRYPTION_KEY"
ENCRYPTION_KEY_FILE_ENV = "DEID_ENCRYPTION_KEY_FILE"
MIN_KEY_BYTES = 16
HASH_HEX_CHARS = 16
"""64 bits of HMAC: enough to link repeats across a corpus, short enough to read."""

TOKEN = re.compile(r"\[ENC:(?P<type>[A-Z_]+):(?P<data>[A-Za-z0-9_-]+)\]")
_KDF_INFO = b"deid encrypt v1 aes-siv-512"


def generate_key() -> str:
    """A fresh random key, printable, for ``DEID_ENCRYPTION_KEY`` or a key file."""
    return secrets.token_urlsafe(48)


def load_encryption_key(key_file: str | Path | None = None) -> bytes:
    """Key material: explicit file, then ``DEID_ENCRYPTION_KEY``, then its ``_FILE`` variant.

    There is no fallback: encrypting under a throwaway key would make the output unrecoverable.
    """
    found = read_key_material(
        key_file, ENCRYPTION_KEY_ENV, ENCRYPTION_KEY_FILE_ENV, "encryption key"
    )
    if found is not None:
        return _checked(*found)
    raise SecretError(
        f"no encryption key configured: set {ENCRYPTION_KEY_ENV} or point "
        f"{ENCRYPTION_KEY_FILE_ENV} at a key file (create one with: "
        'python -c "from deid.transform.operators.crypto import generate_key; '
        'print(generate_key())" > enc.key)'
    )


def _checked(key: bytes, source: str) -> bytes:
    if len(key) < MIN_KEY_BYTES:
        raise SecretError(
            f"the encryption key from {source} is too short: use at least {MIN_KEY_BYTES} bytes"
        )
    return key


def _cipher(key: bytes) -> AESSIV:
    """Stretch any key material of >= 16 bytes into the 512-bit AES-SIV key."""
    derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=_KDF_INFO).derive(key)
    return AESSIV(derived)


def encrypt_value(text: str, phi_type: str, key: bytes) -> str:
    """``[ENC:NAME:...]``: the identifier, encrypted and authenticated, type bound."""
    sealed = _cipher(key).encrypt(text.encode("utf-8"), [phi_type.encode("ascii")])
    return f"[ENC:{phi_type}:{base64.urlsafe_b64encode(sealed).rstrip(b'=').decode('ascii')}]"


def reidentify_text(text: str, key: bytes | str) -> str:
    """Replace every ``[ENC:...]`` token by its original; a wrong key raises ``SecretError``.

    The error names the token by number and offset only, never by content.
    """
    cipher = _cipher(key.encode("utf-8") if isinstance(key, str) else key)
    pieces: list[str] = []
    cursor = 0
    for number, match in enumerate(TOKEN.finditer(text), start=1):
        data = match["data"]
        try:
            sealed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
            plain = cipher.decrypt(sealed, [match["type"].encode("ascii")])
        except (InvalidTag, ValueError):
            raise SecretError(
                f"encrypted token {number} (offset {match.start()}) cannot be decrypted: "
                "wrong encryption key, or the token was altered"
            ) from None
        pieces.extend((text[cursor : match.start()], plain.decode("utf-8")))
        cursor = match.end()
    pieces.append(text[cursor:])
    return "".join(pieces)


def encrypt(original: str, phi_type: PhiType, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Operator: reversible for whoever holds the encryption key (loaded once per note)."""
    if ctx.encryption_key is None:
        ctx.encryption_key = load_encryption_key()
    return encrypt_value(original, phi_type.value, ctx.encryption_key)


def hash_value(text: str, phi_type: str, key: bytes) -> str:
    """``[NAME:3f9a...]``: the same identifier always gives the same token, irreversibly."""
    _, normalised = identity_key(phi_type, text)  # type: ignore[arg-type]
    digest = hmac.new(key, f"{phi_type}\x1f{normalised}".encode(), hashlib.sha256).hexdigest()
    return f"[{phi_type}:{digest[:HASH_HEX_CHARS]}]"


def hash_operator(original: str, phi_type: PhiType, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Operator ``hash``: keyed HMAC under a sub-key of the secret (not the audit fingerprint)."""
    return hash_value(original, phi_type.value, ctx.secret.derive("hash-operator"))


class Hash(DeidOperator):
    """presidio's ``deid_hash``: a keyed HMAC token (presidio's own ``hash`` is unkeyed)."""

    name = "hash"
    apply = staticmethod(hash_operator)


class Encrypt(DeidOperator):
    """presidio's ``deid_encrypt``: deterministic AES-SIV, type bound, key from the environment."""

    name = "encrypt"
    apply = staticmethod(encrypt)
