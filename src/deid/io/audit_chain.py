"""Tamper evidence for ``audit.jsonl``: a keyed hash chain over the records, checked by ``verify``.

Every record carries ``"chain"``, a keyed hash of the record chained to the one before it::

    chain_0 = genesis = HMAC-SHA256(key, "deid-audit-chain/genesis" 0x1f run_id)
    chain_i = HMAC-SHA256(key, chain_{i-1} || canonical_json(record_i without "chain"))

(chain values are lower-case hex; ``||`` joins the 64 ASCII hex characters of ``chain_{i-1}`` and
the UTF-8 bytes of the canonical JSON, ``json.dumps(obj, sort_keys=True, ensure_ascii=False,
separators=(",", ":"))``). The genesis depends on the run id, so records cannot be spliced in from
another run. The manifest stores the count and the last chain value (the head), plus a ``seal``
over both, so a truncated audit cannot be passed off by editing the manifest as well.

The key is ``Secret.derive("audit-chain")``. Without a configured secret (an "ephemeral" one-off
key that nobody could verify with later), a public fixed key is used and the chain is marked
unkeyed: it still catches accidental edits and damage, but anyone can forge it.

``verify`` streams the audit line by line and names the first problem by line number only:
messages never contain field values (not even note ids, which may be MRNs). Records are read as
generic JSON objects, so any JSON-lines log sealed with ``AuditChain`` can be checked.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deid.errors import DeidError
from deid.keys import Secret

CHAIN_FIELD = "chain"
CHAIN_ALGORITHM = "HMAC-SHA256"
KEY_PURPOSE = "audit-chain"
#: The public key of unkeyed chains: detects edits, not forgery (anyone can recompute it).
UNKEYED_KEY = b"deid-audit-chain/unkeyed/v1"
_GENESIS = "deid-audit-chain/genesis"
_SEAL = "deid-audit-chain/seal"
_HEX = frozenset("0123456789abcdef")


class AuditChainError(DeidError):
    """The manifest has no usable audit chain entry, or a keyed chain has no key to check it."""


def canonical_json(obj: Any) -> str:
    """The canonical form that is hashed: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_key(secret: Secret) -> tuple[bytes, bool]:
    """``(key, keyed)`` for a run's secret: a derived key, or the public key if ephemeral."""
    if secret.source == "ephemeral":
        return UNKEYED_KEY, False
    return secret.derive(KEY_PURPOSE), True


def genesis(key: bytes, run_id: str) -> str:
    """The predecessor of the first record's chain value: bound to the key and the run."""
    return _mac(key, f"{_GENESIS}\x1f{run_id}".encode())


def link(key: bytes, previous: str, body: Mapping[str, Any]) -> str:
    """The chain value of a record ``body`` (without ``"chain"``) that follows ``previous``."""
    return _mac(key, previous.encode("ascii") + canonical_json(body).encode("utf-8"))


def seal_value(key: bytes, run_id: str, records: int, head: str) -> str:
    """The manifest's seal over the record count and the head."""
    return _mac(key, f"{_SEAL}\x1f{run_id}\x1f{records}\x1f{head}".encode())


def _mac(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class AuditChain:
    """Seals audit records one after another; ``head`` is the chain value of the last one.

    Pass ``head`` (from a checkpoint) to continue the chain of a run that was interrupted: the
    records then chain exactly as if the run had never stopped.
    """

    __slots__ = ("_key", "_run_id", "_head")

    def __init__(self, key: bytes, run_id: str, head: str | None = None) -> None:
        if head is not None and not _is_chain_value(head):
            raise ValueError("head must be a 64-character lower-case hex chain value")
        self._key = key
        self._run_id = run_id
        self._head = genesis(key, run_id) if head is None else head

    @property
    def head(self) -> str:
        return self._head

    @property
    def run_id(self) -> str:
        return self._run_id

    def seal(self, record: Mapping[str, Any]) -> str:
        """The JSON line (no newline) for ``record``, with ``"chain"`` added last; advances head.

        The record's own key order is kept (only the hash uses the canonical form).
        """
        if CHAIN_FIELD in record:
            raise ValueError(f"the record already has a {CHAIN_FIELD!r} field")
        value = link(self._key, self._head, record)
        line = json.dumps({**record, CHAIN_FIELD: value}, ensure_ascii=False, separators=(",", ":"))
        self._head = value
        return line

    def __repr__(self) -> str:  # never show the key
        return f"AuditChain(run_id={self._run_id!r}, head={self._head[:12]}...)"


def manifest_entry(chain: AuditChain, records: int, keyed: bool) -> dict[str, Any]:
    """The manifest's ``"audit"`` entry once ``records`` records have been sealed by ``chain``."""
    return {
        "records": records,
        "chain_head": chain.head,
        "chain": CHAIN_ALGORITHM,
        "keyed": keyed,
        "seal": seal_value(chain._key, chain.run_id, records, chain.head),
    }


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of ``verify``: OK, or the first problem (``kind`` and ``line``, 1-based).

    Kinds: ``edited``, ``dropped``, ``inserted``, ``reordered``, ``broken`` (does not follow, cause
    unclear), ``wrong_key``, ``truncated``, ``appended``, ``not_json``, ``manifest``.
    ``message`` is one line, with line numbers and counts only, never record values.
    """

    ok: bool
    records: int
    keyed: bool
    message: str
    kind: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class AuditEntry:
    """The manifest's audit chain entry, checked (see ``manifest_entry``)."""

    run_id: str
    records: int
    head: str
    keyed: bool
    seal: str | None


def audit_entry(manifest: Mapping[str, Any]) -> AuditEntry:
    """Check and unpack the manifest's audit chain entry (``AuditChainError`` if unusable)."""
    entry = manifest.get("audit") if isinstance(manifest, Mapping) else None
    if not isinstance(entry, Mapping) or "chain_head" not in entry:
        raise AuditChainError('the manifest has no audit chain entry ("audit": {...})')
    run_id = manifest.get("run_id")
    records, head, keyed = entry.get("records"), entry.get("chain_head"), entry.get("keyed")
    seal = entry.get("seal")
    if (
        entry.get("chain") != CHAIN_ALGORITHM
        or not isinstance(run_id, str)
        or not isinstance(records, int)
        or isinstance(records, bool)
        or records < 0
        or not _is_chain_value(head)
        or not isinstance(keyed, bool)
        or not (seal is None or isinstance(seal, str))
    ):
        raise AuditChainError(
            "the manifest's audit chain entry is malformed (needs run_id, and audit.records, "
            f"audit.chain_head, audit.keyed, audit.chain = {CHAIN_ALGORITHM})"
        )
    return AuditEntry(run_id, records, head, keyed, seal)


def _is_chain_value(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


@dataclass(frozen=True)
class _Line:
    number: int
    body: dict[str, Any] | None  # None: not a JSON object
    chain: str | None  # None: missing or not a chain value
    problem: str = ""


class _DuplicateField(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _DuplicateField
    return obj


def _read(path: Path) -> Iterator[_Line]:
    """The audit's lines, parsed one at a time (audit files can be many GB)."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                obj = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
            except _DuplicateField:
                yield _Line(number, None, None, "has a field twice")
                continue
            except (UnicodeDecodeError, ValueError):
                yield _Line(number, None, None, "is not valid JSON")
                continue
            if not isinstance(obj, dict):
                yield _Line(number, None, None, "is not a JSON object")
                continue
            chain = obj.pop(CHAIN_FIELD, None)
            yield _Line(number, obj, chain if _is_chain_value(chain) else None)


def _follows(key: bytes, previous: str | None, line: _Line | None) -> bool:
    """Whether ``line``'s stored chain value is the link from ``previous``."""
    if previous is None or line is None or line.body is None or line.chain is None:
        return False
    return hmac.compare_digest(link(key, previous, line.body), line.chain)


def verify(audit_path: str | Path, manifest: Mapping[str, Any], key: bytes | None) -> VerifyReport:
    """Recompute the chain of ``audit_path`` against ``manifest`` and report the first problem.

    ``key`` is the chain key (``chain_key(secret)[0]``); it is ignored for an unkeyed chain and
    required for a keyed one. Raises ``AuditChainError`` if the manifest has no usable entry.
    """
    entry = audit_entry(manifest)
    if not entry.keyed:
        key = UNKEYED_KEY
    elif key is None:
        raise AuditChainError("this audit chain is keyed: the run's secret is needed to check it")
    checker = _Checker(key, entry)
    return checker.run(_read(Path(audit_path)))


class _Checker:
    def __init__(self, key: bytes, entry: AuditEntry) -> None:
        self.key = key
        self.entry = entry

    def report(self, records: int, message: str, kind: str | None = None, line: int | None = None):
        return VerifyReport(kind is None, records, self.entry.keyed, message, kind, line)

    def run(self, lines: Iterator[_Line]) -> VerifyReport:
        key, entry = self.key, self.entry
        previous = genesis(key, entry.run_id)
        count = 0
        for line in lines:
            count = line.number
            if line.number == entry.records + 1 and previous == entry.head:
                return self.report(
                    count,
                    f"records after {entry.records} were appended: the manifest's chain ends "
                    f"at record {entry.records}",
                    "appended",
                    line.number,
                )
            if line.body is None:
                return self.report(
                    count, f"line {line.number} {line.problem}", "not_json", line.number
                )
            if not _follows(key, previous, line):
                return self._diagnose(line, previous, lines)
            previous = line.chain
        return self._end(count, previous)

    def _end(self, count: int, last: str) -> VerifyReport:
        entry = self.entry
        if last == entry.head and count == entry.records:
            if entry.seal is None:
                return self.report(
                    count, "the manifest's audit entry has no seal", "manifest", None
                )
            if not hmac.compare_digest(seal_value(self.key, entry.run_id, count, last), entry.seal):
                return self.report(
                    count,
                    "the manifest's audit entry does not verify: it was changed, or the key is "
                    "wrong",
                    "manifest",
                )
            suffix = "" if entry.keyed else " (unkeyed: detects edits, not forgery)"
            return self.report(count, f"OK: {count} audit records, chain intact{suffix}")
        if count < entry.records and last != entry.head:
            missing = (
                f"the audit has no records: all {entry.records} are missing"
                if count == 0
                else f"the audit ends after record {count} of {entry.records}: "
                f"records after {count} are missing"
            )
            return self.report(count, missing, "truncated", count + 1)
        return self.report(
            count,
            f"the audit ({count} records) does not end at the manifest's chain head "
            f"({entry.records} records): the audit or the manifest was changed",
            "manifest",
        )

    def _diagnose(self, bad: _Line, previous: str, lines: Iterator[_Line]) -> VerifyReport:
        """Name the first broken link at ``bad`` (record k), reading the rest of the audit.

        Local clues from record k+1, global ones from the rest (does it chain cleanly to the
        manifest's head, and how many records are there): an edited record keeps its stored chain
        value, so k+1 still follows it and the count is right; a dropped record leaves the same
        pattern with fewer records; an inserted or moved record is skipped over by k+1.
        """
        key, entry, k = self.key, self.entry, bad.number
        nxt = next(lines, None)
        last, count = (nxt.chain, nxt.number) if nxt else (bad.chain, k)
        later_breaks, later_links, before = 0, 0, nxt
        for line in lines:  # stream the rest: count breaks, find the end
            if _follows(key, before.chain if before else None, line):
                later_links += 1
            else:
                later_breaks += 1
            before, last, count = line, line.chain, line.number
        expected_k = link(key, previous, bad.body) if bad.body is not None else None
        follows_k = _follows(key, bad.chain, nxt)
        clean_tail = later_breaks == 0 and last == entry.head
        before_k = f"record {k - 1}" if k > 1 else "the start of the run"

        def report(message: str, kind: str) -> VerifyReport:
            return self.report(count, message, kind, k)

        if nxt is not None and _follows(key, expected_k, nxt):
            return report(f"record {k} was edited (its chain value)", "edited")
        if bad.chain is None:
            return report(f"record {k} has no chain value", "edited")
        if nxt is not None and _follows(key, previous, nxt):
            if _follows(key, nxt.chain, bad):
                return report(f"records {k} and {k + 1} were swapped", "reordered")
            other_run = bad.body.get("run_id") not in (None, entry.run_id)
            hint = " (it is from another run)" if other_run else ""
            return report(
                f"record {k} was inserted or moved here{hint}: record {k + 1} follows {before_k}",
                "inserted",
            )
        if k == 1 and count >= 2 and not follows_k and later_links == 0:
            return report(
                "no record verifies: the key is wrong, or the audit is not from this run",
                "wrong_key",
            )
        if (follows_k or nxt is None) and clean_tail:
            if count == entry.records:
                if k == 1:
                    also = "the key is wrong" if count == 1 else "the manifest's run id changed"
                    return report(f"record 1 does not verify: it was edited, or {also}", "edited")
                return report(f"record {k} was edited", "edited")
            if count < entry.records:
                dropped = entry.records - count
                what = "a record was" if dropped == 1 else f"{dropped} records were"
                return report(
                    f"record {k} does not follow {before_k}: {what} dropped here", "dropped"
                )
        return report(
            f"record {k} does not follow {before_k}: a record was dropped, inserted or moved here "
            "(or edited)",
            "broken",
        )
