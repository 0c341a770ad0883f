"""``deid serve``: the review page for one note at a time, on the clinician's own machine.

Registered in ``deid.cli.main``. The web stack (FastAPI, uvicorn) is the ``web`` extra: it is
imported only when the command runs, so the rest of deid works without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def serve(
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: a free one).")
    ] = 0,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; only loopback unless --allow-remote."),
    ] = "127.0.0.1",
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote", help="Allow a --host that other machines can reach (plain HTTP)."
        ),
    ] = False,
    policy: Annotated[
        list[Path] | None,
        typer.Option(
            "--policy",
            "-p",
            help="A policy YAML to offer besides the shipped ones (repeatable; the first "
            "one given is chosen by default).",
        ),
    ] = None,
    secret_file: Annotated[
        Path | None,
        typer.Option(
            "--secret-file",
            help="Key file for fingerprints and surrogates (else $DEID_SECRET or "
            "$DEID_SECRET_FILE, else a random key for this launch).",
        ),
    ] = None,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the page in the default browser.")
    ] = False,
) -> None:
    """Review one note in the browser: accept, reject, add, export (nothing leaves this machine).

    Prints the URL, with this launch's access token. Notes stay in memory until you export.
    """
    try:
        from deid.web.server import prepare
    except ImportError as exc:  # printed here: the usual error line would read [web] as markup
        typer.echo(
            f"error: deid serve needs the web extra ({exc.name} is missing): "
            "pip install 'deid[web]'",
            err=True,
        )
        raise typer.Exit(2) from None
    try:
        launch = prepare(
            host=host,
            port=port,
            policy_files=list(policy or ()),
            secret_file=secret_file,
            allow_remote=allow_remote,
        )
        if launch.warning:
            typer.secho(f"warning: {launch.warning}", err=True, fg="yellow")
        if launch.secret_source == "launch":
            keys = "a random key for this launch (give --secret-file to link reviews)"
        else:
            keys = f"the configured secret ({launch.secret_source})"
        typer.echo(f"deid review page: {launch.url}")
        typer.echo(f"  policies: {', '.join(launch.policies)}; fingerprints: {keys}")
        typer.echo(
            "  notes stay in this process's memory; nothing is written unless you export. "
            "Ctrl-C stops it."
        )
        launch.run(open_browser=open_browser)
    except KeyboardInterrupt:
        pass
    typer.echo("deid serve stopped; no note was kept.")
