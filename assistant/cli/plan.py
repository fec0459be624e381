"""`ale plan`: committed actions kept with a conversation (add, list, update, .ics)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.app import app, fail, settings

plan_app = typer.Typer(
    rich_markup_mode=None,
    help="Committed actions: who does what by when, and how it went.",
    no_args_is_help=True,
)
app.add_typer(plan_app, name="plan")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
SessionOption = Annotated[str, typer.Option("--session", help="The conversation's id.")]


def _known_session(session: str, config: Any) -> str:
    """The session id, checked: it must hold a turn or a checkup (exit 2 otherwise)."""
    from assistant.storage import (
        NO_OWNER,
        check_session_id,
        has_session,
        open_checkups,
        open_sessions,
    )

    sid = check_session_id(session)
    sessions, checkups = open_sessions(config), open_checkups(config)
    try:
        known = has_session(sessions, checkups, sid, NO_OWNER)
    finally:
        sessions.close()
        checkups.close()
    if not known:
        fail(
            f"unknown session {session!r}: start it with `ale chat --session {session}` "
            f"or `ale checkup --session {session}`"
        )
    return sid


def _line(item: dict[str, Any]) -> str:
    import datetime as dt

    source = f" (source: {item['source']})" if item["source"] else ""
    late = item["status"] == "open" and item["due"] < dt.date.today().isoformat()
    status = "open, overdue" if late else item["status"]
    notes = "".join(f"\n      {n['date']}: {n['text']}" for n in item["notes"])
    return (
        f"  [{status}] {item['id']}  {item['title']}{source}\n"
        f"      owner {item['owner']}, due {item['due']}; success: {item['measure']}{notes}"
    )


@plan_app.command("add")
def plan_add(
    session: SessionOption,
    title: Annotated[str, typer.Option("--title", help="What will be done.")],
    owner: Annotated[str, typer.Option("--owner", help="The one person who owns it.")],
    due: Annotated[
        str,
        typer.Option("--due", help="When it is due: YYYY-MM-DD, or Friday, 'in two weeks'…"),
    ],
    measure: Annotated[str, typer.Option("--measure", help="How you will know it worked.")],
    source: Annotated[
        str | None,
        typer.Option("--source", help="The intervention it comes from (knowledge/...)."),
    ] = None,
    json_only: JsonFlag = False,
) -> None:
    """Commit to one action in a conversation: who owns it, by when, and its measure."""
    from assistant.actions.plans import check_item
    from assistant.storage import NO_OWNER, open_plans

    config = settings()
    fields = check_item(title, owner, due, measure, source, config.knowledge_dir)
    sid = _known_session(session, config)
    repo = open_plans(config)
    try:
        item = repo.add_item(
            sid,
            NO_OWNER,
            fields["title"],
            fields["source"],
            fields["owner"],
            fields["due"],
            fields["measure"],
        )
    finally:
        repo.close()
    if json_only:
        typer.echo(json.dumps(item, ensure_ascii=False))
        return
    typer.echo(f"Added to the plan of {sid}:\n{_line(item)}")


@plan_app.command("list")
def plan_list(
    session: SessionOption,
    json_only: JsonFlag = False,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also write the due dates as a calendar file.")
    ] = None,
) -> None:
    """The conversation's plan: every item with its status and notes."""
    from assistant.actions.plans import to_ics
    from assistant.storage import NO_OWNER, open_plans

    config = settings()
    sid = _known_session(session, config)
    repo = open_plans(config)
    try:
        items = repo.items(sid, NO_OWNER)
    finally:
        repo.close()
    if ics is not None:
        try:
            ics.write_text(to_ics(items, sid), encoding="utf-8", newline="")
        except OSError as exc:
            fail(f"cannot write {ics}: {exc.strerror or exc}")
    if json_only:
        typer.echo(json.dumps({"items": items}, ensure_ascii=False))
        return
    if not items:
        typer.echo(f"No plan items in {sid} yet (add one with `ale plan add`).")
    for item in items:
        typer.echo(_line(item))
    if ics is not None:
        typer.echo(f"Calendar written to {ics}")


@plan_app.command("update")
def plan_update(
    item_id: Annotated[str, typer.Argument(help="The item's id (as `ale plan list` shows).")],
    status: Annotated[str | None, typer.Option("--status", help="open, done or dropped.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A dated note on how it went.")] = None,
    json_only: JsonFlag = False,
) -> None:
    """Mark an item open, done or dropped, and/or add a dated note to it."""
    import datetime as dt

    from assistant.actions.plans import TEXT_LIMIT, check_status
    from assistant.storage import NO_OWNER, open_plans

    checked = check_status(status.strip().lower() if status is not None else None)
    text = " ".join((note or "").split())
    if note is not None and not text:
        fail("the note is empty")
    if len(text) > TEXT_LIMIT * 4:
        fail(f"the note is {len(text)} characters; keep it to {TEXT_LIMIT * 4}")
    if checked is None and not text:
        fail("nothing to change: give --status open|done|dropped and/or --note TEXT")
    repo = open_plans(settings())
    try:
        item = repo.update_item(
            item_id, NO_OWNER, checked, text or None, dt.date.today().isoformat()
        )
    finally:
        repo.close()
    if item is None:
        fail(f"unknown plan item {item_id[:40]!r} (see `ale plan list --session ID`)")
    if json_only:
        typer.echo(json.dumps(item, ensure_ascii=False))
        return
    typer.echo(_line(item))
