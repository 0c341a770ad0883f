"""The secret's key never shows up where a Secret is printed (logs, tracebacks, reprs)."""

from deid.keys import Secret


def test_repr_and_str_of_a_secret_hide_the_key():
    key = bytes(range(32))
    secret = Secret(key=key, source="file")
    for shown in (repr(secret), str(secret), f"{secret!r}"):
        assert "source='file'" in shown
        assert repr(key) not in shown and key.hex() not in shown
