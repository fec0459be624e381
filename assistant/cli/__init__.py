"""The `ale` command: typer commands, thin (parse, call, print)."""

from assistant.cli.main import app, main

__all__ = ["app", "main"]
