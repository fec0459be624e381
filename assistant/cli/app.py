"""The `ale` application object and what every command shares: settings, clean
failures, progress bars, JSON Lines parsing. Commands live in the modules beside it."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from assistant.cli.eval import eval_app

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.retrieval.store import Store

app = typer.Typer(
    rich_markup_mode=None,
    help="ALE Coach: diagnose organisational problems with Tom Stimson's ALE model "
    "(Accountability, Leadership, Execution).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
knowledge_app = typer.Typer(
    rich_markup_mode=None, help="Work with the knowledge base in knowledge/.", no_args_is_help=True
)
app.add_typer(knowledge_app, name="knowledge")
app.add_typer(eval_app, name="eval")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"ale-coach {version('ale-coach')}")
        except PackageNotFoundError:
            typer.echo("ale-coach (not installed as a package)")
        raise typer.Exit(0)


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """ALE Coach: diagnose organisational problems with Tom Stimson's ALE model
    (Accountability, Leadership, Execution)."""


def listen_for_ctrl_c() -> None:
    """Let Ctrl-C raise KeyboardInterrupt in a long-running command, even when it was
    started by a process that ignores or blocks SIGINT (a shell's background job, a test
    runner's worker): both the ignored handler and the blocked mask are inherited."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def settings() -> Settings:
    from assistant.config import Settings

    return Settings.from_env()


def check_input_file(source: str) -> None:
    """Fail fast, before any model loads, when the input file is missing."""
    if source != "-" and not Path(source).is_file():
        fail(f"no such file: {source}")


def json_object(raw: str, number: int, hint: str = "") -> dict[str, Any]:
    """One input line as a JSON object; InputError names the line and what was wrong."""
    from assistant.errors import InputError

    if not raw.strip():
        raise InputError(f"line {number}: empty line; expected a JSON object{hint}")
    try:
        item = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = getattr(exc, "msg", "too deeply nested")
        raise InputError(f"line {number}: not valid JSON ({detail})") from None
    if not isinstance(item, dict):
        kind = type(item).__name__.replace("list", "array").replace("str", "string")
        raise InputError(f"line {number}: expected a JSON object, got {kind}")
    return item


def json_or_none(raw: str) -> dict[str, Any] | None:
    try:
        item = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return item if isinstance(item, dict) else None


def progress_bar(label: str) -> Any:
    """A rich progress bar on stderr, as a (done, total) callback, and its context."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        f"[bold]{label}[/bold]",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, update


def open_store(config: Settings, progress: bool = True) -> Store:
    """The retrieval store, with the knowledge index brought up to date (built on first use)."""
    from assistant.retrieval.store import Store

    store = Store(config)
    bar, update = progress_bar("Indexing the knowledge base")
    with bar if progress else nothing():
        stats = store.sync_knowledge(config.knowledge_dir, progress=update if progress else None)
    if stats.embedded:
        typer.echo(
            f"Indexed {stats.chunks} knowledge passages "
            f"({stats.embedded} embedded) in {stats.seconds:.1f}s",
            err=True,
        )
    return store


class nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
