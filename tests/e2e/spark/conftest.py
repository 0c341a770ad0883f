"""Spark in ``local[2]``: one session per test module, no web UI, two shuffle partitions.

pyspark (the ``spark`` extra, in ``dev``) needs Java 17 (``.ci/run`` installs it). Without
either the tests skip on a developer's machine and fail under ``CI=true``: CI must not pass by
skipping them. The driver talks to its JVM over 127.0.0.1 only (pytest-socket's
``allow_hosts``, set on each test module).
"""

from __future__ import annotations

import os
import shutil

import pytest


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the Spark tests must run)")
    pytest.skip(reason)


def require_spark() -> None:
    """Skip (or fail under CI=true) without pyspark or Java."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        unavailable("pyspark is not installed (pip install -e '.[spark]')")
    if shutil.which("java") is None:
        unavailable("java is not on PATH (Spark 4 needs Java 17: openjdk-17-jre-headless)")


@pytest.fixture
def spark_installed() -> None:
    """For a test that starts Spark in a subprocess (``deid batch --engine spark``)."""
    require_spark()


@pytest.fixture(scope="module")
def spark():
    require_spark()
    from deid.spark import local_session

    session = local_session("local[2]", partitions=2)
    yield session
    session.stop()
