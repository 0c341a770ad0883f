"""The real thing: ``deid serve`` as a subprocess and Debian's Chromium driven by Playwright.

Playwright's own browser download cannot reach its servers here, so the tests launch
``/usr/bin/chromium`` (``.ci/run`` installs it). Without it, or without playwright, the tests
skip on a developer's machine and fail under ``CI=true``: CI must not pass by skipping them.
The test process itself talks only to 127.0.0.1 (pytest-socket's ``allow_hosts``).
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
START_TIMEOUT_S = 120
URL_LINE = re.compile(r"deid review page: (http://127\.0\.0\.1:(\d+)/\?token=(\S+))")
POLICY = """\
# a clinic's own policy, offered beside the shipped ones (synthetic, for the tests)
name: clinic_review
description: Safe Harbor tags, as the clinic reviews its case studies.
threshold: 0.01
default_operator: tag
"""


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    origin: str
    token: str
    lines: list[str] = field(default_factory=list)

    def output(self) -> str:
        return "\n".join(self.lines)


def _pump(stream, lines: list[str], found: queue.Queue) -> None:
    for line in stream:
        lines.append(line.rstrip("\n"))
        if URL_LINE.search(line):
            found.put(line)
    found.put(None)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``deid serve --policy clinic.yaml`` on a free port, its URL read from what it prints."""
    policy = tmp_path_factory.mktemp("policy") / "clinic.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    exe = Path(sys.executable).with_name("deid")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEID_SECRET")}
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [str(exe), "serve", "--policy", str(policy)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines: list[str] = []
    found: queue.Queue = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines, found), daemon=True).start()
    try:
        line = found.get(timeout=START_TIMEOUT_S)
    except queue.Empty:
        line = None
    if line is None:
        process.kill()
        pytest.fail("deid serve did not print its URL:\n" + "\n".join(lines))
    match = URL_LINE.search(line)
    url, port, token = match.group(1), match.group(2), match.group(3)
    yield Server(process, url, f"http://127.0.0.1:{port}", token, lines)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@dataclass
class Tab:
    """A page in a fresh browser context, with every request and console error it made."""

    page: object
    requests: list[str]
    errors: list[str]


@pytest.fixture
def tab(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield Tab(page, requests, errors)
    context.close()
