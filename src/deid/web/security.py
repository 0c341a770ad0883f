"""What stands between the review page's API and anything that is not the clinician's own page.

``Guard`` is a plain ASGI middleware, outermost, that every request passes in this order:

1. **Host**: the ``Host`` header must name the address the server is bound to (``127.0.0.1:PORT``
   or ``localhost:PORT`` on loopback). A web page elsewhere that points a DNS name of its own at
   127.0.0.1 (DNS rebinding) sends its own name, and is refused.
2. **Origin**: a request that carries an ``Origin`` must come from the server's own origin, and
   one that a browser marks ``Sec-Fetch-Site: cross-site`` is refused. Other sites' pages cannot
   post notes to it, nor read its answers.
3. **Token**: ``/api/*``, ``/docs`` and ``/openapi.json`` need the launch's random token, in the
   ``X-Deid-Token`` header (``?token=`` is accepted for the two documentation pages, which a
   person opens as links). Another local user, who can reach the port but has not seen the
   printed URL, gets 401. The page and its static files need no token: they hold no note.
4. **Size**: a body over ``max_body`` bytes is refused with 413 before it is read whole.
5. **UTF-8**: a JSON or text body that is not UTF-8 gets 400 with a message.

Every response gets a strict Content-Security-Policy (nothing but this server, no inline script
or style, no frames), ``Cache-Control: no-store`` (a note or its redaction must not stay in a
browser cache), ``nosniff``, ``no-referrer`` and same-origin isolation headers. An exception
that escapes the app is answered with a generic 500 that quotes nothing and is logged by its
class name only: its message could hold note text.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_HEADER = "x-deid-token"
TOKEN_QUERY = "token"
PROTECTED_PREFIXES = ("/api/",)
PROTECTED_PAGES = ("/docs", "/openapi.json")
"""Paths that need the token; ``PROTECTED_PAGES`` also accept it as ``?token=`` (links)."""
MAX_REQUEST_BYTES = 2 * 1024 * 1024

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = tuple(
    (name.encode(), value.encode())
    for name, value in (
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
    )
)
_TEXT_TYPES = ("application/json", "text/")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class HostRule:
    """The ``Host`` header values a request may carry: the bound address and port, and
    ``localhost`` for a loopback server; a wildcard bind (``0.0.0.0``, ``::``) accepts any IP
    address on the port, never a DNS name."""

    host: str
    port: int

    def allows(self, header: str) -> bool:
        name, port = _split_host(header)
        if port != self.port or not name:
            return False
        bound = self.host.strip("[]")
        if name == bound or (name == "localhost" and is_loopback(bound)):
            return True
        if bound in ("0.0.0.0", "::"):
            return name == "localhost" or _is_ip(name)
        return False


def _split_host(header: str) -> tuple[str, int | None]:
    """``("127.0.0.1", 8000)`` from ``127.0.0.1:8000``; ``("::1", 8000)`` from ``[::1]:8000``."""
    if header.startswith("["):
        name, _, rest = header[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port = header.rpartition(":") if ":" in header else (header, "", "")
    return name.lower(), int(port) if port.isdigit() else None


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Guard:
    """The ASGI middleware described in the module docstring."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str,
        hosts: HostRule,
        max_body: int = MAX_REQUEST_BYTES,
    ) -> None:
        if len(token) < 16:
            raise ValueError("the access token is too short")
        self.app = app
        self.token = token.encode()
        self.hosts = hosts
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            await send({"type": "websocket.close", "code": 1008})
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await _reply(send_secured, *refusal)
            return
        if scope["method"] in ("POST", "PUT", "PATCH"):
            body = await self._read_body(scope, receive)
            if isinstance(body, tuple):
                await _reply(send_secured, *body)
                return
            receive = _replay(body, receive)
        try:
            await self.app(scope, receive, send_secured)
        except Exception as exc:  # noqa: BLE001 - a message could quote the note: class only
            log.error("request %s failed: %s", scope.get("path", "?"), type(exc).__name__)
            if not started:
                await _reply(
                    send_secured,
                    500,
                    "internal error: the request was not processed (nothing "
                    "was stored); if it happens again, restart deid serve",
                )

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        headers = _headers(scope)
        host = headers.get("host", "")
        if not self.hosts.allows(host):
            return 403, "refused: the Host header is not this server's address"
        origin = headers.get("origin")
        if origin is not None and origin.lower() != f"http://{host.lower()}":
            return 403, "refused: cross-origin requests are not accepted"
        if headers.get("sec-fetch-site") == "cross-site":
            return 403, "refused: cross-site requests are not accepted"
        path = scope["path"]
        if path.startswith(PROTECTED_PREFIXES) or path in PROTECTED_PAGES:
            supplied = headers.get(TOKEN_HEADER)
            if not supplied and path in PROTECTED_PAGES:
                query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
                supplied = (query.get(TOKEN_QUERY) or [None])[0]
            if not supplied or not hmac.compare_digest(supplied.encode(), self.token):
                return 401, (
                    "missing or wrong access token: open the URL that deid serve printed "
                    "(it holds the token)"
                )
        return None

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | tuple[int, str]:
        headers = _headers(scope)
        too_large = (
            413,
            f"the request is too large: at most {_size(self.max_body)} "
            "(split the note, or review it with deid check)",
        )
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            return too_large
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return 400, "the client went away"
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        content_type = headers.get("content-type", "").lower()
        if content_type.startswith(_TEXT_TYPES):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return 400, "the request is not UTF-8 text: deid reads UTF-8 only"
        return body


def _size(limit: int) -> str:
    mib = limit / (1024 * 1024)
    return f"{mib:g} MB" if mib >= 1 else f"{limit // 1024} KB"


def _headers(scope: Scope) -> dict[str, str]:
    """The request headers, lower-case names; a repeated header keeps its first value."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        found.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return found


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the app the body already read, then the client's messages."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _reply(send: Send, status: int, message: str) -> None:
    payload = json.dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
