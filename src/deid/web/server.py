"""Launching the review server: the address, the secret, the token, uvicorn.

``prepare`` does everything that can fail before anything is served (the address is checked and
bound, the policies and the secret are loaded, the default pipeline is built and warmed), so
``Launch.url`` is printed only once the server can answer; ``Launch.run`` serves until Ctrl-C.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
import webbrowser
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from deid.errors import InputError
from deid.keys import Secret, load_secret
from deid.web.app import AppConfig, create_app
from deid.web.security import MAX_REQUEST_BYTES, is_loopback
from deid.web.service import ReviewService, policy_choices

LAUNCH_SECRET = "launch"
"""The secret source of a key made at random for one server launch (no --secret-file)."""


def check_host(host: str, allow_remote: bool) -> str | None:
    """Refuse an address other machines can reach unless ``allow_remote``; then a warning."""
    if is_loopback(host):
        return None
    if not allow_remote:
        raise InputError(
            f"--host {host} would let other machines reach the notes you review: keep the "
            "default 127.0.0.1, or add --allow-remote if you really mean it"
        )
    return (
        f"serving on {host}: anyone who can reach this machine and learns the URL can send notes "
        "to it, over plain HTTP (not encrypted); stop it when you are done"
    )


def launch_secret(secret_file: Path | None) -> Secret:
    """The configured secret (``--secret-file``, ``DEID_SECRET``, ``DEID_SECRET_FILE``), else a
    random key for this launch: fingerprints, surrogates and date shifts then hold for this
    launch only, and review records are sealed unkeyed."""
    secret = load_secret(secret_file)
    return Secret(secret.key, LAUNCH_SECRET) if secret.source == "ephemeral" else secret


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or a clear ``InputError``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        what = f"port {port} is in use" if port else f"cannot listen on {host}"
        raise InputError(
            f"{what} ({exc.strerror}): choose another --port, or leave it out"
        ) from None
    sock.listen(64)
    return sock


@dataclass
class Launch:
    url: str
    server: uvicorn.Server
    sock: socket.socket
    policies: list[str]
    secret_source: str
    warning: str | None

    def run(self, open_browser: bool = False) -> None:
        """Serve until Ctrl-C (uvicorn finishes the requests in flight, then returns)."""
        if open_browser:
            threading.Thread(target=self._open_when_started, daemon=True).start()
        try:
            self.server.run(sockets=[self.sock])
        finally:
            self.sock.close()

    def _open_when_started(self) -> None:
        deadline = time.monotonic() + 30
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.server.started:
            webbrowser.open(self.url)


def prepare(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    policy_files: Sequence[Path] = (),
    secret_file: Path | None = None,
    allow_remote: bool = False,
    max_request_bytes: int = MAX_REQUEST_BYTES,
) -> Launch:
    warning = check_host(host, allow_remote)
    secret = launch_secret(secret_file)
    choices = policy_choices(policy_files)
    default = next((c.id for c in choices if c.source == "file"), choices[0].id)
    service = ReviewService(choices, secret, default)
    sock = bind(host, port)
    try:
        bound_port = sock.getsockname()[1]
        token = secrets.token_urlsafe(32)
        app = create_app(AppConfig(service, token, host, bound_port, max_request_bytes))
        service.warm()
    except BaseException:
        sock.close()
        raise
    config = uvicorn.Config(
        app,
        log_config=None,  # deid's own logging; nothing about requests is logged
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=5,
    )
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown.strip('[]')}]" if ":" in shown else shown
    return Launch(
        url=f"http://{shown}:{bound_port}/?token={token}",
        server=uvicorn.Server(config),
        sock=sock,
        policies=list(service.choices),
        secret_source=secret.source,
        warning=warning,
    )
