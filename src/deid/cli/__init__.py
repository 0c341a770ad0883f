"""The command line: typer commands (``main``), ``deid audit`` (``audit``), the terminal review."""

from deid.cli.main import app

__all__ = ["app"]
