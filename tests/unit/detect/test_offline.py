"""deid never reaches for the network: the suite runs with sockets disabled (pytest-socket), and
these tests prove that the guard is active and that a full pipeline run still works under it."""

import socket

import pytest
from pytest_socket import SocketBlockedError

from deid.model import Note, PhiType


def test_the_network_is_really_disabled_in_this_suite():
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_emails_and_urls_are_validated_offline(deidentifier):
    """presidio's email check calls tldextract, which would fetch the public suffix list."""
    text = "Write to fiona.lee@example-health.org or see https://portal.example-health.org/x/1"
    found = [(text[f.start : f.end], f.phi_type) for f in deidentifier.detect(Note("n", text))]
    assert found == [
        ("fiona.lee@example-health.org", PhiType.EMAIL),
        ("https://portal.example-health.org/x/1", PhiType.URL),
    ]


def test_a_missing_model_is_a_clear_error_not_a_download():
    from deid.detect.engine import load_spacy
    from deid.errors import ModelError

    with pytest.raises(ModelError, match="not installed"):
        load_spacy("en_core_web_lg")
