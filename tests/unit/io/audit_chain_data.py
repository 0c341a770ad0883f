"""Synthetic audit records and sealed runs shared by the audit-chain and ``deid audit`` tests.

Made-up ids and fingerprints shaped like the real AuditRecord fields; never note text.
"""

from __future__ import annotations

import json
from pathlib import Path

from deid.io.audit_chain import AuditChain, chain_key
from deid.keys import Secret

SECRET = "test-audit-secret-0123456789abcdef"
KEY = chain_key(Secret(SECRET.encode(), "env"))[0]
RUN = "6f0c" + "0" * 28
OTHER_RUN = "9a1b" + "1" * 28
N = 8
# Values that must never show up in a report (note ids can be MRNs).
NOTE_IDS = [f"MRN-4001882{i}" for i in range(N)]
FINGERPRINTS = [f"{i:02d}" + "3b9a" * 15 + "ff" for i in range(N)]


def records(run_id: str = RUN, n: int = N) -> list[dict]:
    types = ["NAME", "DATE", "PHONE", "MRN", "STREET", "ZIP", "EMAIL", "AGE"]
    return [
        {
            "run_id": run_id,
            "note_id": NOTE_IDS[i % N],
            "start": 10 * i,
            "end": 10 * i + 7,
            "entity_type": types[i % len(types)],
            "score": 0.85,
            "recognizer": "ContextNameRecognizer",
            "rule": "context:form_field",
            "operator": "tag",
            "out_start": 10 * i,
            "out_end": 10 * i + 8,
            "fingerprint": FINGERPRINTS[i % N],
        }
        for i in range(n)
    ]


def sealed(key: bytes = KEY, run_id: str = RUN, n: int = N) -> tuple[list[str], AuditChain]:
    chain = AuditChain(key, run_id)
    return [chain.seal(r) for r in records(run_id, n)], chain


def write(tmp_path: Path, lines: list[str], entry: dict, run_id: str = RUN) -> Path:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    (out / "audit.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    manifest = {"audit_schema_version": 1, "run_id": run_id, "audit": entry}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return out
