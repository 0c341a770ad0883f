"""Runs a researcher can trust: the same bytes on every run, and a killed run resumes exactly.

Both tests start the real ``deid batch`` console script as a user would, on the development
corpus's held-out split. The run id and the times are the only things allowed to differ; the
audit's hash chain starts from the run id, so it is compared through ``deid audit verify``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "data" / "dev" / "heldout.jsonl"
N_HELDOUT = len(HELDOUT.read_text(encoding="utf-8").splitlines())
SECRET = "reproducible-runs-secret-5f1c9a7e"
DEID = str(Path(sys.executable).with_name("deid"))
POLICIES = ("safe_harbor", "case_study", "limited_data_set")
RUN_VARIANT = ("run_id", "started_at", "finished_at", "chain", "chain_head", "seal")
"""Fields that name the run (its id, its times, the hash chain seeded by the id)."""

pytestmark = pytest.mark.slow


def _env(seed: str) -> dict[str, str]:
    return {**os.environ, "DEID_SECRET": SECRET, "PYTHONHASHSEED": seed, "COLUMNS": "120"}


def _batch(out: Path, *extra: str, seed: str = "0", source: Path = HELDOUT) -> None:
    done = subprocess.run(
        [DEID, "batch", str(source), "--out", str(out), *extra],
        env=_env(seed),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def _without_run_fields(value):
    if isinstance(value, dict):
        return {k: _without_run_fields(v) for k, v in value.items() if k not in RUN_VARIANT}
    if isinstance(value, list):
        return [_without_run_fields(v) for v in value]
    return value


def _snapshot(out: Path) -> tuple[bytes, list[dict], dict]:
    """Output bytes, audit records and manifest, less what names the run."""
    audit = [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]
    manifest = json.loads((out / "manifest.json").read_text())
    verified = subprocess.run(
        [DEID, "audit", "verify", str(out)], env=_env("0"), capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    return (
        (out / HELDOUT.name).read_bytes(),
        _without_run_fields(audit),
        _without_run_fields(manifest),
    )


@pytest.mark.parametrize("policy", POLICIES)
def test_output_is_a_pure_function_of_input_policy_and_secret(tmp_path, policy):
    """Three hash seeds, one and two workers, three chunk sizes: one set of bytes."""
    policy_file = str(ROOT / "configs" / f"{policy}.yaml")
    variants = [("0", "1", "256"), ("1", "2", "17"), ("2", "2", "64")]
    snapshots = []
    for seed, workers, chunk in variants:
        out = tmp_path / f"seed{seed}-w{workers}-c{chunk}"
        _batch(out, "--policy", policy_file, "--workers", workers, "--chunk-size", chunk, seed=seed)
        snapshots.append(_snapshot(out))
    first = snapshots[0]
    audit, manifest = first[1], first[2]
    assert manifest["notes"] == {"ok": N_HELDOUT, "failed": 0, "failed_ids": []}
    assert len(audit) == manifest["findings_total"] == manifest["audit"]["records"] > N_HELDOUT
    for other in snapshots[1:]:
        assert other[0] == first[0], "redacted notes differ"
        assert other[1] == first[1], "audit records differ"
        assert other[2] == first[2], "manifest differs"


def _wait_until_running(process: subprocess.Popen, staging: Path, limit: float = 120) -> bool:
    """True once the run has started writing (its staging folder exists)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if staging.exists():
            return True
        time.sleep(0.02)
    raise AssertionError("deid batch never started writing")


def test_a_run_killed_at_random_points_resumes_to_the_same_result(tmp_path):
    reference = tmp_path / "reference"
    _batch(reference, "--workers", "1", "--chunk-size", "8")
    expected = _snapshot(reference)

    out = tmp_path / "killed"
    staging = out / ".deid-run"
    chooser = random.Random(20261201)
    kills = 0
    for attempt in range(12):
        args = [DEID, "batch", str(HELDOUT), "--out", str(out), "--workers", "1"]
        args += ["--chunk-size", "8"] + (["--resume"] if staging.exists() else [])
        process = subprocess.Popen(
            args, env=_env(str(attempt)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        if kills < 5 and _wait_until_running(process, staging):
            time.sleep(chooser.uniform(0.0, 1.2))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=60)
                kills += 1
                continue
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr.decode()[-2000:]
        break
    assert kills >= 5, f"only {kills} kills landed before the run finished"
    assert not staging.exists(), "the finished run leaves no staging folder"

    resumed = _snapshot(out)
    ids = [json.loads(line)["id"] for line in resumed[0].decode().splitlines()]
    assert len(ids) == len(set(ids)) == N_HELDOUT, "no note missing, none twice"
    assert resumed == expected
