"""Fixtures for the review server: one service (one spaCy load) for the whole session, and a
client that talks to the real app in-process (FastAPI's TestClient: no socket), as the page
does: from the server's own origin, with the launch's token."""

from __future__ import annotations

import warnings

import pytest

from deid.keys import Secret

TOKEN = "test-token-0123456789abcdefghijklmnop"
PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"
SECRET = Secret(b"web-test-secret-0123456789abcdef", "file")

# synthetic, written for these tests
NOTE = (
    "Client: Marisol Quintero     DOB: 04/17/1986     MRN: 20417783\n"
    "Marisol spent the weekend with her brother Tobias in Sheboygan and called "
    "608-555-0147. She is reading Wuthering Heights and bowls with the Pinheads; "
    "the Pinheads captain checks on her. PHQ-9 = 9.\n"
)


@pytest.fixture(scope="session")
def service():
    from deid.web.service import ReviewService, policy_choices

    return ReviewService(policy_choices(), SECRET)


@pytest.fixture(scope="session")
def app(service):
    from deid.web.app import AppConfig, create_app

    return create_app(AppConfig(service, TOKEN, "127.0.0.1", PORT, max_request_bytes=64 * 1024))


@pytest.fixture(scope="session")
def client(app):
    """Requests as the page sends them: token header, same-origin."""
    with warnings.catch_warnings():  # starlette's notice about its httpx transport
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    with TestClient(
        app, base_url=ORIGIN, headers={"X-Deid-Token": TOKEN}, raise_server_exceptions=False
    ) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def detected(client):
    """The page's first call on NOTE, made once."""
    response = client.post("/api/deidentify", json={"text": NOTE})
    assert response.status_code == 200, response.text
    return response.json()
