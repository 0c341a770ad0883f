"""Record, or check, deid's exact behaviour: the bytes it writes for known notes.

A refactor that should change structure, not behaviour, is checked by this script: ``record``
before the first move, ``check`` after the last. For every shipped policy it runs ``deid batch``
on the development corpus (tune and held-out) and on ``sample_data/`` and stores the SHA-256 of
the redacted notes, of the audit (less the run id and the hash chain, which start from the run)
and of the manifest's counts, in ``benchmarks/behaviour_snapshot.json``.

    python benchmarks/behaviour_snapshot.py record
    python benchmarks/behaviour_snapshot.py check      # exit 1 and the differing runs if any

``--keep DIR`` keeps the outputs, to diff two versions note by note.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "benchmarks" / "behaviour_snapshot.json"
SECRET = "behaviour-snapshot-secret-not-for-real-data-7c41"
POLICIES = ("safe_harbor", "case_study", "limited_data_set")
INPUTS = ("data/dev/tune.jsonl", "data/dev/heldout.jsonl", "sample_data/notes.jsonl")
RUN_FIELDS = frozenset({"run_id", "chain"})


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(policy: str, source: str, out: Path) -> dict[str, str]:
    deid = Path(sys.executable).with_name("deid")
    env = {**os.environ, "DEID_SECRET": SECRET, "PYTHONHASHSEED": "0"}
    command = [str(deid), "batch", str(ROOT / source), "--out", str(out)]
    command += ["--policy", str(ROOT / "configs" / f"{policy}.yaml"), "--workers", "1"]
    subprocess.run(command, env=env, check=True, capture_output=True)
    audit = [
        {k: v for k, v in json.loads(line).items() if k not in RUN_FIELDS}
        for line in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = {k: manifest[k] for k in ("notes", "findings_by_type", "findings_total")}
    return {
        "notes": _sha((out / Path(source).name).read_bytes()),
        "audit": _sha(json.dumps(audit, sort_keys=True).encode()),
        "counts": _sha(json.dumps(counts, sort_keys=True).encode()),
    }


def snapshot(keep: Path | None) -> dict[str, dict[str, str]]:
    results: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        base = keep or Path(scratch)
        for policy in POLICIES:
            for source in INPUTS:
                name = f"{policy}:{source}"
                print(f"running {name}", file=sys.stderr)
                results[name] = _run(policy, source, base / policy / Path(source).stem)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "check"])
    parser.add_argument("--keep", type=Path, help="keep the outputs in this (new) folder")
    args = parser.parse_args()
    current = snapshot(args.keep)
    if args.action == "record":
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
        print(f"recorded {len(current)} runs in {SNAPSHOT.relative_to(ROOT)}")
        return 0
    recorded = json.loads(SNAPSHOT.read_text())
    differing = [
        f"{name}: {part}"
        for name in sorted(set(recorded) | set(current))
        for part in ("notes", "audit", "counts")
        if recorded.get(name, {}).get(part) != current.get(name, {}).get(part)
    ]
    for line in differing:
        print(f"differs  {line}")
    print("identical" if not differing else f"{len(differing)} differences")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
