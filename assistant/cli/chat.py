"""`ale chat` (interactive or JSON Lines) and `ale export` (a session as Markdown)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.app import (
    app,
    fail,
    open_store,
    settings,
)

if TYPE_CHECKING:
    from assistant.coaching.coach import Coach
    from assistant.coaching.state import State


@app.command()
def chat(
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl", help="Read one message per stdin line; print one JSON object per turn."
        ),
    ] = False,
    session: Annotated[
        str | None,
        typer.Option(
            "--session", help="Store the conversation under this id; a later run continues it."
        ),
    ] = None,
) -> None:
    """Talk with the coach.

    Describe what is going wrong in your own words. Ask "which sphere should we fix?" at
    any point. Type "exit" (or Ctrl-D) to leave.

    With --jsonl, each stdin line is one message (plain text, or a JSON object with a
    "message" field) and each turn prints {"reply", "sphere", "overlap", "follow_up",
    "interventions", "sources", "evidence", "mode", "action", "role", "problems",
    "notice", "fallback_reason"}.
    """
    from assistant.coaching.coach import session_id_or_new
    from assistant.coaching.state import State
    from assistant.wiring import build_coach

    config = settings()
    session_id = session_id_or_new(session) if (session is not None or not jsonl) else None
    if not jsonl:
        typer.echo("Loading the coach (the first run also builds the search index)…", err=True)
    coach = build_coach(config, store=open_store(config, progress=not jsonl))
    if jsonl:
        state = coach.load_state(session_id)
        raise typer.Exit(_chat_jsonl(coach, session_id, state))
    _chat_interactive(
        coach, session_id or "", State() if session is None else coach.load_state(session_id)
    )


@app.command()
def export(
    session: Annotated[str, typer.Argument(help="The session id (as shown by `ale chat`).")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report here instead of printing it."),
    ] = None,
) -> None:
    """Write a stored session as a Markdown report: diagnosis, evidence, interventions
    with their sources, open questions and the conversation."""
    from assistant.render.report import session_markdown
    from assistant.storage import (
        NO_OWNER,
        check_session_id,
        open_checkups,
        open_plans,
        open_sessions,
    )

    config = settings()
    store, plans, checkups = open_sessions(config), open_plans(config), open_checkups(config)
    try:
        sid = check_session_id(session)
        turns = store.turns(sid, NO_OWNER)
        items = plans.items(sid, NO_OWNER)
        taken = checkups.checkups(sid, NO_OWNER)
    finally:
        store.close()
        plans.close()
        checkups.close()
    if not turns and not items and not taken:
        fail(f"no session {session!r} in {config.data_dir} (see `ale chat --session`)")
    text = session_markdown(session, turns, config.knowledge_dir, items, taken)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    typer.echo(f"Report written to {output}", err=True)


def _message_of(raw: str) -> str:
    """A line is the message itself, or a JSON object with a "message" (or "text") string."""
    from assistant.errors import InputError

    stripped = raw.strip()
    if stripped.startswith("{"):
        try:
            item = json.loads(stripped)
        except (ValueError, RecursionError):
            return raw
        if isinstance(item, dict):
            for key in ("message", "text"):
                if isinstance(item.get(key), str):
                    return str(item[key])
            raise InputError('a JSON line needs a "message" field holding text')
    return raw


def _chat_jsonl(coach: Coach, session_id: str | None, state: State) -> int:
    from assistant.coaching.plan import Turn
    from assistant.errors import InputError

    had_error = False
    for number, raw in enumerate(sys.stdin, start=1):
        try:
            message = _message_of(raw.rstrip("\r\n"))
            turn = None
            for item in coach.stream(message, session_id, state):
                if isinstance(item, Turn):
                    turn = item
            assert turn is not None
            out: dict[str, Any] = turn.to_dict()
        except InputError as exc:
            had_error = True
            out = {"error": f"line {number}: {exc}"}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if had_error else 0


def _chat_interactive(coach: Coach, session_id: str, state: State) -> None:
    from rich.console import Console

    from assistant.coaching.plan import Turn
    from assistant.errors import InputError
    from assistant.render.safety import CONTROL_CHARS
    from assistant.responders.base import Retract

    console = Console(highlight=False)
    mode = "LLM" if coach.llm is not None else "offline"
    console.print(
        f"[bold]ALE Coach[/bold] ({mode}). Session [cyan]{session_id}[/cyan] "
        '(continue it later with --session). Tell me what\'s going wrong; "exit" leaves.'
    )
    while True:
        try:
            message = console.input("[bold green]you>[/bold green] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if message.strip().lower() in ("exit", "quit", ":q"):
            return
        if not message.strip():
            continue
        console.print("[bold magenta]coach>[/bold magenta] ", end="")
        try:
            for item in coach.stream(message, session_id, state):
                if isinstance(item, Turn):
                    if item.mode == "fallback":
                        console.print("[dim](offline fallback)[/dim]", end="")
                elif isinstance(item, Retract):
                    console.print(
                        "\n[dim](the model's wording strayed from the diagnosis; "
                        "here is the built-in reply instead)[/dim]"
                    )
                else:  # a terminal shows Markdown emphasis as plain text
                    # no terminal control sequences from a model (or a quoted user) get through
                    console.out(
                        CONTROL_CHARS.sub("", item.replace("**", "")), end="", highlight=False
                    )
        except InputError as exc:
            console.print(f"[red]{exc}[/red]", end="")
        console.print("\n")
