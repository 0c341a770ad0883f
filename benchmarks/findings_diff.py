"""Record, or check, the exact findings ``Deidentifier.detect`` returns for the dev notes.

Faster than ``behaviour_snapshot.py`` (one process, detection only) and it names the notes
that differ, so a refactor meant to keep behaviour can be checked after every step. The JSON
holds each finding's text: development notes only.

    python benchmarks/findings_diff.py record /tmp/findings_before.json
    python benchmarks/findings_diff.py check /tmp/findings_before.json   # exit 1 on differences
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("data/dev/tune.jsonl", "data/dev/heldout.jsonl", "sample_data/notes.jsonl")
SECRET = b"findings-diff-secret-not-for-real-data-0001"


def _findings() -> dict[str, list[list[object]]]:
    from deid.keys import Secret
    from deid.model import Note
    from deid.pipeline import Deidentifier

    deidentifier = Deidentifier.from_policy(None, Secret(SECRET, "findings-diff"))
    out: dict[str, list[list[object]]] = {}
    for source in INPUTS:
        for line in (ROOT / source).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            note_id = str(row.get("note_id", row.get("id")))
            found = deidentifier.detect(Note(note_id, row["text"]))
            out[f"{source}:{note_id}"] = [
                [
                    f.start,
                    f.end,
                    str(f.phi_type),
                    f.score,
                    f.recognizer,
                    f.rule,
                    row["text"][f.start : f.end],
                ]
                for f in found
            ]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "check"])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    current = _findings()
    if args.action == "record":
        args.path.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
        print(f"recorded {len(current)} notes in {args.path}")
        return 0
    recorded = json.loads(args.path.read_text())
    differing = sorted(
        k for k in recorded.keys() | current.keys() if recorded.get(k) != current.get(k)
    )
    for key in differing:
        before = {tuple(f) for f in recorded.get(key, [])}
        after = {tuple(f) for f in current.get(key, [])}
        print(key)
        for f in sorted(before - after):
            print("   -", f)
        for f in sorted(after - before):
            print("   +", f)
    by_split: dict[str, int] = {}
    for key in differing:
        split = key.split(":", 1)[0]
        by_split[split] = by_split.get(split, 0) + 1
    print(f"{len(differing)} of {len(current)} notes differ {by_split}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
