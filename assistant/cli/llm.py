"""`ale llm serve`: a local model server for the coach, with the bundled small model."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app, listen_for_ctrl_c

llm_app = typer.Typer(
    rich_markup_mode=None, help="Run a language model for the coach locally.", no_args_is_help=True
)
app.add_typer(llm_app, name="llm")


@llm_app.command("serve")
def serve(
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)
    ] = 8080,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    model: Annotated[
        Path | None,
        typer.Option("--model", help="A GGUF model file (default: the bundled SmolLM2-135M)."),
    ] = None,
    threads: Annotated[
        int | None, typer.Option("--threads", help="CPU threads (default: up to 4).", min=1)
    ] = None,
    context: Annotated[
        int, typer.Option("--context", help="The model's context window in tokens.", min=256)
    ] = 4096,
) -> None:
    """Start llama.cpp's OpenAI-compatible server on this machine and print how to point
    the coach at it. Needs the package's local-llm extra installed. Stops cleanly on
    Ctrl-C."""
    from assistant.responders import local_server

    listen_for_ctrl_c()
    server = local_server.start(port, host, model, threads, context, quiet=True)
    typer.echo(f"Starting the local model server on {server.base_url} …", err=True)
    try:
        seconds = server.wait_ready()
        typer.echo(f"Ready in {seconds:.1f} s. In another terminal, set:\n")
        for name, value in server.environment().items():
            typer.echo(f"  export {name}={value}")
        typer.echo(
            "\nthen run `ale chat`, or `python app.py` for the web app. Ctrl-C stops the server."
        )
        signal.signal(signal.SIGTERM, lambda *_: server.stop())
        server.process.wait()
    except KeyboardInterrupt:
        typer.echo("\nStopping the local model server.", err=True)
    finally:
        server.stop()
    if server.process.returncode not in (0, -2, -15, None):
        typer.echo(f"The server exited with code {server.process.returncode}.", err=True)
