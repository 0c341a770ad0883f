"""``deid audit verify`` (deid.cli.audit): exit codes, one-line reports that never show a value,
and where the key comes from. The chain itself is tested in tests/unit/io/test_audit_chain.py."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from deid.cli.audit import audit_app
from deid.io.audit_chain import UNKEYED_KEY, AuditChain, manifest_entry
from tests.unit.io.audit_chain_data import (
    FINGERPRINTS,
    NOTE_IDS,
    RUN,
    SECRET,
    N,
    records,
    sealed,
    write,
)

# --- the command ----------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def no_secret_env(monkeypatch):
    monkeypatch.delenv("DEID_SECRET", raising=False)
    monkeypatch.delenv("DEID_SECRET_FILE", raising=False)


def invoke(args, **env):
    return runner.invoke(audit_app, args, env=env or None)


def keyed_out(tmp_path, lines=None):
    lines_, chain = sealed()
    return write(tmp_path, lines if lines is not None else lines_, manifest_entry(chain, N, True))


def assert_no_values(output: str):
    for value in NOTE_IDS + FINGERPRINTS + [SECRET]:
        assert value not in output


def test_cli_ok_with_env_secret(tmp_path, no_secret_env):
    out = keyed_out(tmp_path)
    result = invoke(["verify", str(out)], DEID_SECRET=SECRET)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"OK: {N} audit records, chain intact"


def test_cli_ok_with_secret_file(tmp_path, no_secret_env):
    out = keyed_out(tmp_path)
    key_file = tmp_path / "deid.key"
    key_file.write_text(SECRET + "\n")
    result = invoke(["verify", str(out), "--secret-file", str(key_file)])
    assert result.exit_code == 0, result.output


def test_cli_mounted_in_an_app(tmp_path, no_secret_env):
    app = typer.Typer()

    @app.command()
    def other() -> None:  # pragma: no cover - only there to make `app` a group
        pass

    app.add_typer(audit_app, name="audit")
    out = keyed_out(tmp_path)
    result = runner.invoke(app, ["audit", "verify", str(out)], env={"DEID_SECRET": SECRET})
    assert result.exit_code == 0, result.output


def test_cli_unkeyed_ok(tmp_path, no_secret_env):
    chain = AuditChain(UNKEYED_KEY, RUN)
    lines = [chain.seal(r) for r in records()]
    out = write(tmp_path, lines, manifest_entry(chain, N, keyed=False))
    result = invoke(["verify", str(out)])
    assert result.exit_code == 0
    assert result.output.strip() == (
        f"OK: {N} audit records, chain intact (unkeyed: detects edits, not forgery)"
    )


@pytest.mark.parametrize(
    "tamper",
    [
        lambda ls: ls[:2] + [ls[2].replace('"start":20,', '"start":21,')] + ls[3:],
        lambda ls: ls[:3] + ls[4:],
        lambda ls: ls[:5],
        lambda ls: [*ls, ls[0]],
        lambda ls: ls[:1] + [ls[2], ls[1]] + ls[3:],
        lambda ls: ls[:1] + ["{oops"] + ls[2:],
    ],
)
def test_cli_tampered_exits_1_with_one_line_and_no_values(tmp_path, no_secret_env, tamper):
    lines, _ = sealed()
    out = keyed_out(tmp_path, tamper(lines))
    result = invoke(["verify", str(out)], DEID_SECRET=SECRET)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("FAILED: ") and result.output.count("\n") == 1
    assert_no_values(result.output)


def test_cli_wrong_key_exits_1(tmp_path, no_secret_env):
    out = keyed_out(tmp_path)
    result = invoke(["verify", str(out)], DEID_SECRET="another-secret-0123456789")
    assert result.exit_code == 1 and "key is wrong" in result.output


def test_cli_missing_folder_exits_2(tmp_path, no_secret_env):
    result = invoke(["verify", str(tmp_path / "nope")], DEID_SECRET=SECRET)
    assert result.exit_code == 2 and "no such folder" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("missing", ["manifest.json", "audit.jsonl"])
def test_cli_missing_file_exits_2(tmp_path, no_secret_env, missing):
    out = keyed_out(tmp_path)
    (out / missing).unlink()
    result = invoke(["verify", str(out)], DEID_SECRET=SECRET)
    assert result.exit_code == 2 and missing in result.output
    assert "Traceback" not in result.output


def test_cli_manifest_without_audit_entry_exits_2(tmp_path, no_secret_env):
    out = keyed_out(tmp_path)
    (out / "manifest.json").write_text(json.dumps({"run_id": RUN}))
    result = invoke(["verify", str(out)], DEID_SECRET=SECRET)
    assert result.exit_code == 2 and "no audit chain entry" in result.output


def test_cli_manifest_not_json_exits_2(tmp_path, no_secret_env):
    out = keyed_out(tmp_path)
    (out / "manifest.json").write_text("{")
    result = invoke(["verify", str(out)], DEID_SECRET=SECRET)
    assert result.exit_code == 2 and "not readable JSON" in result.output


def test_cli_keyed_without_secret_exits_2(tmp_path, no_secret_env):
    out = keyed_out(tmp_path)
    result = invoke(["verify", str(out)])
    assert result.exit_code == 2 and "keyed" in result.output
    assert "Traceback" not in result.output


def test_cli_missing_secret_file_exits_2(tmp_path, no_secret_env):
    out = keyed_out(tmp_path)
    result = invoke(["verify", str(out), "--secret-file", str(tmp_path / "none.key")])
    assert result.exit_code == 2
