"""Errors a user can act on. Messages never contain note text (PHI)."""


class DeidError(Exception):
    """Base class: a problem deid can explain to its user."""


class PolicyError(DeidError):
    """The policy file is missing, malformed or names something deid does not know."""


class ModelError(DeidError):
    """The spaCy pipeline named by the policy cannot be loaded offline."""


class InputError(DeidError):
    """The input notes cannot be read (missing file, unknown format, missing column...)."""


class SecretError(DeidError):
    """No fingerprint/encryption secret is configured, or it is unusable."""


class NoteFailed(DeidError):
    """A single note could not be processed; carries only its id, never its text."""

    def __init__(self, note_id: str, reason: str) -> None:
        super().__init__(f"note {note_id}: {reason}")
        self.note_id = note_id
        self.reason = reason
