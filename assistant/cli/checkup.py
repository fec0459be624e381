"""`ale checkup` (one person's ALE checkup) and `ale pulse` (an anonymous team checkup).

Neither needs the language model, the encoder or the search index: they score answers
and look interventions up in the knowledge base, so they start quickly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.app import app, fail, settings

if TYPE_CHECKING:
    from assistant.checkup import CheckupResult, Statements
    from assistant.config import Settings

checkup_app = typer.Typer(
    rich_markup_mode=None,
    help="The ALE checkup: rate statements 1-5 and get scores per sphere and overlap.",
    invoke_without_command=True,
)
pulse_app = typer.Typer(
    rich_markup_mode=None,
    help="An anonymous team checkup: create a pulse, share its code, read the results "
    "once 3 people have answered.",
    no_args_is_help=True,
)
app.add_typer(checkup_app, name="checkup")
app.add_typer(pulse_app, name="pulse")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
AnswersOption = Annotated[
    str | None,
    typer.Option(
        "--answers",
        help='A JSON object {"A1": 4, "A2": 2, ...} (1 strongly disagree .. 5 strongly '
        "agree), from a file or - for stdin. Without it, the statements are asked one by one.",
    ),
]
RoleOption = Annotated[
    str | None,
    typer.Option("--role", help="Who is answering: owner, manager or team-member."),
]
NAMES = {"accountability": "Accountability", "leadership": "Leadership", "execution": "Execution"}


def _statements(config: Settings) -> Statements:
    from assistant.checkup.statements import cached_statements

    return cached_statements(config.knowledge_dir)


def read_answers(source: str, statements: Statements) -> dict[str, int]:
    """The answers in FILE (or stdin for '-'), checked; InputError says what is wrong."""
    from assistant.checkup import parse_answers
    from assistant.errors import InputError

    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(f"{source} is a folder, not a file of answers")
        if not path.is_file():
            raise InputError(f"no such file: {source}")
        try:
            text = path.read_text(encoding="utf-8-sig")  # a BOM (Windows Notepad) is fine
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {source}: {exc}") from None
    try:
        raw = json.loads(text.lstrip("\ufeff"), object_pairs_hook=_no_repeats)
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = getattr(exc, "msg", "too deeply nested")
        raise InputError(
            f'the answers are not valid JSON ({detail}); expected an object like {{"A1": 4}}'
        ) from None
    return parse_answers(raw, statements)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys (any case) each appear once; InputError names a repeat."""
    from assistant.errors import InputError

    seen: dict[str, str] = {}
    for key, _value in pairs:
        folded = key.strip().upper()
        if folded in seen:
            raise InputError(f"item {key!r} is answered twice (also as {seen[folded]!r})")
        seen[folded] = key
    return dict(pairs)


def ask_answers(statements: Statements) -> dict[str, int]:
    """Ask each statement in the terminal; Enter skips one, q stops."""
    from assistant.checkup import parse_answers

    scale = "  ".join(f"{n} {label}" for n, label in enumerate(statements.labels, start=1))
    typer.echo(f"Rate each statement about your workplace. {scale}", err=True)
    typer.echo("Press Enter to skip a statement, q to finish early.\n", err=True)
    answers: dict[str, int] = {}
    total = len(statements.items)
    for number, statement in enumerate(statements.items, start=1):
        for _attempt in range(5):
            typer.echo(f"[{number}/{total}] {statement.text}", err=True)
            typer.echo("  1-5 > ", err=True, nl=False)
            line = sys.stdin.readline()
            if not line:  # end of input
                return parse_answers(answers, statements)
            value = line.strip().lower()
            if value == "q":
                return parse_answers(answers, statements)
            if value == "":
                break
            if value in {"1", "2", "3", "4", "5"}:
                answers[statement.id] = int(value)
                break
            typer.echo("  Please type a number from 1 to 5 (or Enter to skip).", err=True)
    return parse_answers(answers, statements)


def _bar(value: float | None, width: int = 20) -> str:
    if value is None:
        return "(not answered)"
    filled = round(value / 100 * width)
    return "█" * filled + "░" * (width - filled) + f" {value:5.1f}"


def _print_result(
    result: CheckupResult,
    data: dict[str, Any],
    statements: Statements,
    answers: dict[str, int],
) -> None:
    typer.echo(
        f"Checkup: {result.answered} of {len(statements.items)} statements answered "
        "(scores 0-100; higher is healthier)\n"
    )
    for sphere, value in data["scores"].items():
        mark = "  ← fix first" if sphere == result.sphere else ""
        typer.echo(f"  {NAMES[sphere]:<15}{_bar(value)}{mark}")
    unanswered = [NAMES[s] for s, v in data["scores"].items() if v is None]
    if unanswered:
        typer.echo(
            f"\n  Not answered at all: {', '.join(unanswered)}. The sphere to fix is chosen "
            "from the others; answer those statements for the whole picture."
        )
    overlaps = " · ".join(
        f"{name} {value:.1f}" if value is not None else f"{name} –"
        for name, value in data["overlaps"].items()
    )
    typer.echo(f"\n  Overlaps: {overlaps}")
    if result.sphere is None:
        return
    typer.echo(
        f"\nFix {NAMES[result.sphere]} first: its weakness shows as {result.overlap} problems."
    )
    lowest = [statements.get(i) for i in result.weakest_items[:2]]
    for item in lowest:
        if item is None:
            continue
        reverse = ", a warning sign" if item.reverse else ""
        typer.echo(f'  {item.id} "{item.text}": you answered {answers[item.id]}{reverse}')
    if data["interventions"]:
        typer.echo("\nWhere to start:")
        for number, move in enumerate(data["interventions"], start=1):
            typer.echo(f"  {number}. {move['title']} (source: {move['source']})")
    if data["trend"]:
        changes = ", ".join(
            f"{NAMES[s]} {v:+.1f}" for s, v in data["trend"].items() if v is not None
        )
        typer.echo(f"\nSince your last checkup in this session: {changes}")


@checkup_app.callback()
def checkup(
    ctx: typer.Context,
    answers: AnswersOption = None,
    role: RoleOption = None,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            help="Keep the checkup with this conversation: the coach's which-sphere answer "
            "weighs it, and a later checkup shows the trend.",
        ),
    ] = None,
    json_only: JsonFlag = False,
) -> None:
    """Take the ALE checkup: scores 0-100 per sphere and overlap, the sphere to fix first,
    and interventions for it. `ale checkup items` lists the statements."""
    if ctx.invoked_subcommand is not None:
        return
    from assistant.checkup import role_group, score, suggestions_for, trend
    from assistant.storage import NO_OWNER, check_session_id, open_checkups

    config = settings()
    statements = _statements(config)
    role = role.strip().lower() if role is not None else None
    if role is not None:
        role_group(role)  # checked before anything is asked
    if session is not None:
        check_session_id(session)
    if answers is None and json_only and sys.stdin.isatty():
        fail("--json needs --answers FILE (or - for stdin); without it the checkup is asked")
    given = read_answers(answers, statements) if answers is not None else ask_answers(statements)
    result = score(statements, given)
    moves = suggestions_for(statements, result.weakest_items, config.knowledge_dir)
    data = result.to_contract(moves)
    if session is not None:
        repo = open_checkups(config)
        try:
            before = repo.checkups(session, NO_OWNER)
            stored = {"scores": data["scores"], "overlaps": data["overlaps"]}
            repo.add_checkup(session, NO_OWNER, role, given, stored)
        finally:
            repo.close()
        data["trend"] = trend(data["scores"], before[-1].scores["scores"] if before else None)
    if json_only:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    _print_result(result, data, statements, given)
    if session is not None:
        typer.echo(
            f"\nKept with session {session}: ask the coach `ale chat --session {session}` "
            '"which sphere should we fix?" to weigh it with what you tell it.'
        )


@checkup_app.command("items")
def checkup_items(json_only: JsonFlag = False) -> None:
    """List the checkup statements (rated 1 strongly disagree .. 5 strongly agree)."""
    statements = _statements(settings())
    if json_only:
        typer.echo(json.dumps(statements.to_contract(), ensure_ascii=False))
        return
    typer.echo(
        "Rate each: "
        + ", ".join(f"{n} {label.lower()}" for n, label in enumerate(statements.labels, start=1))
    )
    for item in statements.items:
        where = item.sphere + (f" / {item.overlap}" if item.overlap else "")
        reverse = " (reverse)" if item.reverse else ""
        typer.echo(f"  {item.id:<4}{item.text}  [{where}{reverse}]")


# -- the team pulse ---------------------------------------------------------------------


@pulse_app.command("create")
def pulse_create(
    team: Annotated[str, typer.Option("--team", help="The team's name, as its people know it.")],
    json_only: JsonFlag = False,
) -> None:
    """Create a pulse for a team; share the code it prints with the people who answer."""
    from assistant.checkup.pulse import create_pulse
    from assistant.storage import NO_OWNER, open_checkups

    repo = open_checkups(settings())
    try:
        pulse = create_pulse(repo, team, NO_OWNER)
    finally:
        repo.close()
    if json_only:
        typer.echo(json.dumps({"code": pulse.code, "team": pulse.team}, ensure_ascii=False))
        return
    typer.echo(f"Pulse for {pulse.team}: code {pulse.code}")
    typer.echo(
        f"Each person answers with `ale pulse answer {pulse.code} --answers FILE --role ROLE` "
        "(or the web app's Team pulse tab). No names are kept; results show from 3 answers."
    )


@pulse_app.command("answer")
def pulse_answer(
    code: Annotated[str, typer.Argument(help="The pulse code you were given.")],
    answers: AnswersOption = None,
    role: RoleOption = None,
    json_only: JsonFlag = False,
) -> None:
    """Answer a pulse anonymously: only your role group and answers are kept."""
    from assistant.checkup import role_group
    from assistant.checkup.pulse import answer_pulse, find_pulse
    from assistant.storage import open_checkups

    config = settings()
    statements = _statements(config)
    group = role_group(role.strip().lower() if role else None)
    repo = open_checkups(config)
    try:
        pulse = find_pulse(repo, code)
        if answers is None and json_only and sys.stdin.isatty():
            fail("--json needs --answers FILE (or - for stdin)")
        given = (
            read_answers(answers, statements) if answers is not None else ask_answers(statements)
        )
        n = answer_pulse(repo, pulse.code, group, given)
    finally:
        repo.close()
    if json_only:
        typer.echo(json.dumps({"ok": True, "n": n}))
        return
    typer.echo(f"Thank you: your answers are in ({n} so far). Nothing that names you was kept.")


@pulse_app.command("results")
def pulse_results_command(
    code: Annotated[str, typer.Argument(help="The pulse code.")],
    json_only: JsonFlag = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also write an HTML report (diagram, spread, gaps, moves)."),
    ] = None,
) -> None:
    """The pulse's results: shown from 3 answers on, role groups only from 3 each."""
    from assistant.checkup.pulse import find_pulse, read_results
    from assistant.storage import open_checkups

    config = settings()
    statements = _statements(config)
    repo = open_checkups(config)
    try:
        pulse = find_pulse(repo, code)
        data, rows = read_results(repo, pulse.code, statements)
    finally:
        repo.close()
    if report is not None:
        if not data["ready"]:
            if json_only:
                typer.echo(json.dumps(data, ensure_ascii=False))
            fail(f"no report yet: {data['n']} of {data['min_n']} answers are in")
        from assistant.render.pulse_report import pulse_html

        try:
            report.write_text(
                pulse_html(pulse.team, data, rows, statements, config.knowledge_dir),
                encoding="utf-8",
            )
        except OSError as exc:
            fail(f"cannot write {report}: {exc.strerror or exc}")
    if json_only:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    for line in results_lines(pulse.team, data, statements, rows):
        typer.echo(line)
    if report is not None:
        typer.echo(f"Report written to {report}")


def results_lines(
    team: str, data: dict[str, Any], statements: Statements, rows: Any = ()
) -> list[str]:
    from assistant.checkup.pulse import item_spreads

    spreads = item_spreads(statements, rows) if data["ready"] else {}
    if not data["ready"]:
        return [
            f"Pulse for {team}: {data['n']} answer(s) so far. Results show once "
            f"{data['min_n']} people have answered, so no one can be singled out."
        ]
    lines = [
        f"Pulse for {team}: {data['n']} answers (scores 0-100; spread = how much people differ)"
    ]
    for sphere, value in data["scores"].items():
        mark = "  ← fix first" if sphere == data["sphere"] else ""
        spread = data["spread"][sphere]
        lines.append(
            f"  {NAMES[sphere]:<15}{_bar(value)}  spread {spread if spread is not None else '–'}{mark}"
        )
    if data["disagreement"]:
        lines.append("\nWhere people disagree (spread 25 or more; the widest first):")
        for key in data["disagreement"]:
            item = statements.get(key)
            spread = spreads.get(key, data["spread"].get(key))
            shown = f" (spread {spread})" if spread is not None else ""
            lines.append(
                f"  {key}: {item.text}{shown}"
                if item
                else f"  {NAMES.get(key, key)} as a whole{shown}"
            )
    for group, info in data["roles"].items():
        scores = ", ".join(f"{NAMES[s]} {v}" for s, v in info["scores"].items())
        lines.append(f"\n{group} ({info['n']}): {scores}")
    for gap in data["gaps"]:
        lines.append(
            f"  Gap on {NAMES[gap['sphere']]}: leaders {gap['leaders']}, team members {gap['team-member']}"
        )
    if data["sphere"]:
        lines.append(
            f"\nFix {NAMES[data['sphere']]} first: its weakness shows as {data['overlap']} problems."
        )
    return lines
