"""``deid serve`` before it serves: which addresses it accepts, which secret it uses, which
policies it offers (the running server is tested in tests/e2e/web)."""

from __future__ import annotations

import socket
import sys

import pytest
from typer.testing import CliRunner

from deid.cli import app
from deid.errors import InputError, ModelError, PolicyError
from deid.web.security import HostRule, is_loopback
from deid.web.server import LAUNCH_SECRET, bind, check_host, launch_secret
from deid.web.service import ReviewService, policy_choices

runner = CliRunner()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_addresses_are_served_without_a_warning(host):
    assert is_loopback(host) and check_host(host, allow_remote=False) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_an_address_other_machines_reach_needs_allow_remote_then_warns(host):
    with pytest.raises(InputError, match="--allow-remote"):
        check_host(host, allow_remote=False)
    assert "plain HTTP" in check_host(host, allow_remote=True)


def test_the_command_refuses_a_remote_host_with_exit_2_before_loading_anything():
    done = runner.invoke(app, ["serve", "--host", "0.0.0.0"])
    assert done.exit_code == 2
    assert "--allow-remote" in done.output


def test_without_the_web_extra_the_command_says_what_to_install(monkeypatch):
    monkeypatch.delitem(sys.modules, "deid.web.server", raising=False)
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if it were not installed
    done = runner.invoke(app, ["serve"])
    assert done.exit_code == 2
    assert "uvicorn is missing" in done.output and "deid[web]" in done.output


def test_a_policy_whose_model_is_not_installed_is_refused_before_serving(tmp_path):
    policy = tmp_path / "other.yaml"
    policy.write_text("name: other\nmodel: en_core_web_xl\n", encoding="utf-8")
    with pytest.raises(ModelError, match="not installed"):
        ReviewService(policy_choices([policy]), launch_secret(None))


def test_host_rule_accepts_the_bound_address_only():
    loopback = HostRule("127.0.0.1", 8000)
    assert loopback.allows("127.0.0.1:8000") and loopback.allows("LOCALHOST:8000")
    for header in ("127.0.0.1:8001", "127.0.0.1", "evil.example:8000", "", "[::1]:8000"):
        assert not loopback.allows(header), header
    assert HostRule("::1", 8000).allows("[::1]:8000")
    wildcard = HostRule("0.0.0.0", 8000)
    assert wildcard.allows("192.168.1.20:8000") and wildcard.allows("localhost:8000")
    assert not wildcard.allows("rebound.example:8000")  # a DNS name: never on a wildcard bind


def test_without_a_configured_secret_each_launch_makes_its_own(monkeypatch):
    monkeypatch.delenv("DEID_SECRET", raising=False)
    monkeypatch.delenv("DEID_SECRET_FILE", raising=False)
    first, second = launch_secret(None), launch_secret(None)
    assert first.source == second.source == LAUNCH_SECRET and first.key != second.key
    monkeypatch.setenv("DEID_SECRET", "serve-test-secret-0123456789")
    assert launch_secret(None).source == "env"


def test_a_launch_secret_lets_the_case_study_policy_run(monkeypatch):
    """Surrogates and date shifts need a secret; one launch's is enough for one review."""
    monkeypatch.delenv("DEID_SECRET", raising=False)
    monkeypatch.delenv("DEID_SECRET_FILE", raising=False)
    service = ReviewService(policy_choices(), launch_secret(None))  # no pipeline built yet
    assert service.choice("case_study").policy.name == "case_study"


def test_policy_files_are_offered_after_the_shipped_ones_with_unique_ids(tmp_path):
    one = tmp_path / "strict.yaml"
    one.write_text("name: safe_harbor\nthreshold: 0.2\n", encoding="utf-8")
    two = tmp_path / "mine.yaml"
    two.write_text("name: mine\n", encoding="utf-8")
    choices = policy_choices([one, two])
    assert [c.id for c in choices] == [
        "safe_harbor",
        "case_study",
        "limited_data_set",
        "safe_harbor-2",
        "mine",
    ]
    assert choices[3].label == "safe_harbor (strict.yaml)" and choices[3].source == "file"
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nthreshold: 7\n", encoding="utf-8")
    with pytest.raises(PolicyError):
        policy_choices([bad])


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_port_in_use_is_a_clear_error():
    taken = bind("127.0.0.1", 0)
    try:
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match=f"port {port} is in use"):
            bind("127.0.0.1", port)
    finally:
        taken.close()


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_port_0_binds_a_free_port_that_listens():
    sock = bind("127.0.0.1", 0)
    try:
        client = socket.create_connection(sock.getsockname(), timeout=2)
        client.close()
    finally:
        sock.close()
