"""`ale cluster up`: PostgreSQL, a Chroma server and app instances on this machine."""

from __future__ import annotations

import signal
import tempfile
import threading
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app, listen_for_ctrl_c

cluster_app = typer.Typer(
    rich_markup_mode=None,
    help="Run a throwaway local cluster: PostgreSQL, a Chroma server and app instances.",
    no_args_is_help=True,
)
app.add_typer(cluster_app, name="cluster")


@cluster_app.command("up")
def up(
    instances: Annotated[
        int, typer.Option("--instances", min=1, max=8, help="App instances to start.")
    ] = 2,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="Folder for the instances' logs, caches and Chroma data (default: a temporary "
            "one); the PostgreSQL database is always a throwaway one.",
        ),
    ] = None,
) -> None:
    """Start PostgreSQL, a Chroma server and app instances; Ctrl-C stops them all.

    Each part runs on a free loopback port, the instances share the database and the
    index, and the addresses are printed once all are ready. Needs PostgreSQL installed
    (apt-get install -y postgresql). Offline unless OPENAI_* or ALE_LLM say otherwise.
    """
    import os

    from assistant.cluster import Cluster

    def say(message: str) -> None:
        typer.echo(f"… {message}", err=True)

    stop = threading.Event()
    listen_for_ctrl_c()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    # the instances get the caller's ALE_* settings (model, auth, classifier...), with
    # their own data folder, the cluster's database and its Chroma server
    own = ("ALE_DATA_DIR", "ALE_DATABASE_URL", "ALE_CHROMA_URL")
    extra = {k: v for k, v in os.environ.items() if k.startswith("ALE_") and k not in own}
    with tempfile.TemporaryDirectory(prefix="ale-cluster-") as tmp:
        where = folder or Path(tmp)
        try:
            with Cluster(where, instances, say, extra) as cluster:
                typer.echo("ALE Coach cluster is up (throwaway; Ctrl-C stops everything):")
                typer.echo(f"  PostgreSQL     {cluster.postgres_url}")
                typer.echo(f"  Chroma server  {cluster.chroma_url}")
                for n, url in enumerate(cluster.app_urls, 1):
                    typer.echo(f"  instance {n}     {url}")
                typer.echo(f"  logs and data  {where}")
                typer.echo("A conversation started on one instance continues on any other.")
                while not stop.wait(1.0):
                    pass
        except KeyboardInterrupt:
            pass
        typer.echo("Stopped: instances, Chroma server and PostgreSQL.", err=True)
