"""The `ale` command line: a thin edge over the package.

Commands import what they need when they run, so `ale --help` stays fast. Domain errors
(`AleError`) become one clean line on stderr; nothing prints a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from assistant.cli.eval import eval_app
from assistant.errors import AleError

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.diagnosis.classifier import Classifier, Diagnosis

app = typer.Typer(
    help="ALE Coach: diagnose organisational problems with Tom Stimson's ALE model "
    "(Accountability, Leadership, Execution).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
knowledge_app = typer.Typer(
    help="Work with the knowledge base in knowledge/.", no_args_is_help=True
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


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def settings() -> Settings:
    from assistant.config import Settings

    return Settings.from_env()


def build_classifier(config: Settings, rules_only: bool) -> Classifier:
    from assistant.diagnosis.classifier import load_classifier

    mode = "rules" if rules_only else config.classifier
    return load_classifier(config.knowledge_dir, config.data_dir / "cache", mode)


@app.command()
def classify(
    text: Annotated[str | None, typer.Argument(help="The problem, in your own words.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE|-",
            help='Classify a JSON Lines file (or - for stdin); each line is {"text": ...}.',
        ),
    ] = None,
    rules_only: Annotated[
        bool,
        typer.Option("--rules-only", help="Use the cue rules only (no embedding model)."),
    ] = False,
) -> None:
    """Tag a description of what is going wrong to an ALE sphere and overlap.

    Examples:

        ale classify "The crew keeps forgetting steps at load-in."

        ale classify --json "Nobody knows who owns the truck pack."

        ale classify --jsonl problems.jsonl > diagnoses.jsonl
    """
    if (text is None) == (jsonl is None):
        fail("give either TEXT or --jsonl FILE|- (see ale classify --help)")
    config = settings()
    if jsonl is not None:
        if as_json:
            fail("--json and --jsonl cannot be combined; --jsonl already prints JSON")
        _check_input_file(jsonl)
        raise typer.Exit(_classify_jsonl(jsonl, build_classifier(config, rules_only)))
    assert text is not None
    if not text.strip():
        fail("TEXT is empty; describe what is going wrong")
    diagnosis = build_classifier(config, rules_only).classify(text)
    if as_json:
        typer.echo(json.dumps(diagnosis.to_dict(), ensure_ascii=False))
    else:
        _print_diagnosis(diagnosis)


def _check_input_file(source: str) -> None:
    """Fail fast, before any model loads, when the input file is missing."""
    if source != "-" and not Path(source).is_file():
        fail(f"no such file: {source}")


def _parse_line(raw: str, number: int) -> tuple[Any, str]:
    """(id, text) from one input line; InputError names what was wrong."""
    from assistant.diagnosis.classifier import MAX_CHARS, lone_surrogate
    from assistant.errors import InputError

    item = _json_object(raw, number, hint=" with a 'text' field")
    if "text" not in item:
        raise InputError(f"line {number}: missing field 'text'")
    text = item["text"]
    if not isinstance(text, str):
        names = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}
        got = "null" if text is None else names.get(type(text), type(text).__name__)
        raise InputError(f"line {number}: field 'text' must be a string, got {got}")
    if not text.strip():
        raise InputError(f"line {number}: field 'text' is empty")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"line {number}: field 'text' is {len(text)} characters; the limit is {MAX_CHARS}"
        )
    surrogate = lone_surrogate(text)
    if surrogate:
        raise InputError(
            f"line {number}: field 'text' holds a broken character (a lone surrogate, {surrogate})"
        )
    return item.get("id"), text


def _classify_jsonl(source: str, classifier: Classifier) -> int:
    """One output line per input line, in order; exit status 1 if any line failed."""
    from assistant.cli.jsonl import batches
    from assistant.errors import InputError

    had_error = False
    number = 0
    for batch in batches(source, sys.stdin.fileno() if source == "-" else 0):
        parsed: list[tuple[Any, str | None, str | None]] = []  # (id, text, error)
        for raw in batch:
            number += 1
            try:
                item_id, text = _parse_line(raw, number)
                parsed.append((item_id, text, None))
            except InputError as exc:
                parsed.append(((_json_or_none(raw) or {}).get("id"), None, str(exc)))
        texts = [t for _, t, _ in parsed if t is not None]
        diagnoses = iter(classifier.classify_many(texts))
        for item_id, maybe_text, error in parsed:
            ok = maybe_text is not None
            out: dict[str, Any] = next(diagnoses).to_dict() if ok else {"error": error}
            had_error = had_error or not ok
            if item_id is not None:
                out = {"id": item_id, **out}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if had_error else 0


def _print_diagnosis(diagnosis: Diagnosis) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if diagnosis.sphere is None:
        console.print("[bold]No ALE problem found[/bold] (sphere: none)")
    else:
        console.print(
            f"[bold]Sphere to strengthen:[/bold] {diagnosis.sphere}   "
            f"[bold]shows in:[/bold] {diagnosis.overlap}   "
            f"[bold]confidence:[/bold] {diagnosis.confidence:.2f}"
        )
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("sphere")
    table.add_column("score", justify="right")
    table.add_column("")
    for sphere, score in diagnosis.scores.items():
        table.add_row(sphere, f"{score:.2f}", "█" * round(score * 20))
    console.print(table)
    for tag in diagnosis.tags:
        console.print(f"[bold]{tag.sphere}[/bold] → {tag.overlap} ({tag.score:.2f})")
        for phrase in tag.evidence:
            console.print(f'  • "{phrase}"', markup=False)
    if diagnosis.follow_up:
        console.print(f"[bold]To tell them apart, ask:[/bold] {diagnosis.follow_up}")


def _progress_bar(label: str) -> Any:
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


def open_store(config: Settings, progress: bool = True) -> Any:
    """The retrieval store, with the knowledge index brought up to date (built on first use)."""
    from assistant.retrieval.store import Store

    store = Store(config)
    bar, update = _progress_bar("Indexing the knowledge base")
    with bar if progress else _nothing():
        stats = store.sync_knowledge(config.knowledge_dir, progress=update if progress else None)
    if stats.embedded:
        typer.echo(
            f"Indexed {stats.chunks} knowledge passages "
            f"({stats.embedded} embedded) in {stats.seconds:.1f}s",
            err=True,
        )
    return store


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


@app.command()
def search(
    query: Annotated[
        str | None, typer.Argument(help="What to look for, in your own words.")
    ] = None,
    k: Annotated[int, typer.Option("-k", "--k", min=1, max=50, help="How many passages.")] = 3,
    sphere: Annotated[
        str | None,
        typer.Option(
            "--sphere", help="Only passages about accountability, leadership or execution."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl", metavar="FILE|-", help='Search a JSON Lines file of {"query": ..., "k": 3}.'
        ),
    ] = None,
) -> None:
    """Search the knowledge base and your team's documents.

    Examples:

        ale search "our truck packs keep missing cables"

        ale search "two departments blame each other" --sphere accountability -k 5
    """
    from assistant.model.vocabulary import SPHERES

    if (query is None) == (jsonl is None):
        fail("give either QUERY or --jsonl FILE|- (see ale search --help)")
    sphere = sphere.lower() if sphere else None
    if sphere is not None and sphere not in SPHERES:
        fail(f"--sphere must be one of {', '.join(SPHERES)}, got {sphere!r}")
    if jsonl is not None:
        _check_input_file(jsonl)
    config = settings()
    if query is not None and not query.strip():
        fail("QUERY is empty")
    store = open_store(config)
    # without a --sphere filter, the classifier's reading of the query nudges the ranking
    classifier = None if sphere else build_classifier(config, rules_only=False)

    def run(text: str, count: int) -> list[Any]:
        prior = classifier.classify(text).scores if classifier is not None else None
        return list(store.search(text, k=count, sphere=sphere, prior=prior))

    if jsonl is not None:
        raise typer.Exit(_search_jsonl(jsonl, run))
    assert query is not None
    hits = run(query, k)
    if as_json:
        typer.echo(
            json.dumps({"query": query, "hits": [h.to_dict() for h in hits]}, ensure_ascii=False)
        )
        return
    if not hits:
        typer.echo("No passages found.")
    for rank, hit in enumerate(hits, start=1):
        where = hit.sphere or "general"
        typer.echo(f"{rank}. {hit.title}  [{where}, {hit.kind}, score {hit.score:.2f}]")
        typer.echo(f"   {hit.source}" + ("  (team document)" if hit.collection == "team" else ""))
        snippet = " ".join(hit.text.split())
        typer.echo(f"   {snippet[:220]}{'…' if len(snippet) > 220 else ''}")


def _search_jsonl(source: str, run: Any) -> int:
    from assistant.cli.jsonl import batches
    from assistant.errors import InputError

    had_error = False
    number = 0
    for batch in batches(source, sys.stdin.fileno() if source == "-" else 0):
        for raw in batch:
            number += 1
            try:
                item = _json_object(raw, number)
                query = item.get("query")
                if not isinstance(query, str) or not query.strip():
                    raise InputError(f"line {number}: field 'query' must be a non-empty string")
                k = item.get("k", 3)
                if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 50:
                    raise InputError(
                        f"line {number}: field 'k' must be a whole number from 1 to 50"
                    )
                hits = run(query, k)
                out: dict[str, Any] = {"query": query, "hits": [h.to_dict() for h in hits]}
            except InputError as exc:
                had_error = True
                out = {"error": str(exc)}
            if "id" in (item_or_none := _json_or_none(raw) or {}):
                out = {"id": item_or_none["id"], **out}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if had_error else 0


def _json_object(raw: str, number: int, hint: str = "") -> dict[str, Any]:
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


def _json_or_none(raw: str) -> dict[str, Any] | None:
    try:
        item = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return item if isinstance(item, dict) else None


@app.command()
def index(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Team documents to add: Markdown, text or PDF files, or folders of them."
        ),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Embed everything again (after changing ALE_EMBEDDINGS)."),
    ] = False,
) -> None:
    """Build or update the search index.

    With no PATH, brings the knowledge base and the team documents already added up to
    date (only changed passages are embedded again; deleted files leave the index).
    With PATHs, adds those team documents too.
    """
    from assistant.retrieval.store import Store

    config = settings()
    store = Store(config)
    bar, update = _progress_bar("Indexing the knowledge base")
    with bar:
        stats = store.sync_knowledge(config.knowledge_dir, rebuild, update)
    _report("Knowledge base", stats)
    bar, update = _progress_bar("Indexing team documents")
    with bar:
        stats = store.sync_team(paths or (), rebuild, update)
    if stats.chunks:
        count = len(stats.files)
        _report(f"Team documents ({count} file{'s' if count != 1 else ''})", stats)
    else:
        typer.echo("Team documents: none yet (add some with `ale index PATH...`)")


def _report(label: str, stats: Any) -> None:
    typer.echo(
        f"{label}: {stats.chunks} passages, {stats.embedded} embedded, "
        f"{stats.reused} reused, {stats.removed} removed ({stats.seconds:.1f}s)"
    )


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
    "interventions", "sources", "evidence", "mode"}.
    """
    from assistant.coaching.coach import Coach, session_id_or_new
    from assistant.coaching.policy import State

    config = settings()
    session_id = session_id_or_new(session) if (session is not None or not jsonl) else None
    if not jsonl:
        typer.echo("Loading the coach (the first run also builds the search index)…", err=True)
    coach = Coach.from_settings(config, store=open_store(config, progress=not jsonl))
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
    from assistant.storage.sqlite import SessionStore, check_session_id

    config = settings()
    store = SessionStore.in_data_dir(config.data_dir)
    try:
        turns = store.turns(check_session_id(session), owner="")
    finally:
        store.close()
    if not turns:
        fail(f"no session {session!r} in {config.data_dir} (see `ale chat --session`)")
    text = session_markdown(session, turns, config.knowledge_dir)
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


def _chat_jsonl(coach: Any, session_id: str | None, state: Any) -> int:
    from assistant.coaching.policy import Turn
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


def _chat_interactive(coach: Any, session_id: str, state: Any) -> None:
    from rich.console import Console

    from assistant.coaching.policy import Turn
    from assistant.errors import InputError
    from assistant.render.safety import CONTROL_CHARS

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
                else:  # a terminal shows Markdown emphasis as plain text
                    # no terminal control sequences from a model (or a quoted user) get through
                    console.out(
                        CONTROL_CHARS.sub("", item.replace("**", "")), end="", highlight=False
                    )
        except InputError as exc:
            console.print(f"[red]{exc}[/red]", end="")
        console.print("\n")


@app.command()
def bench(
    json_only: Annotated[
        bool, typer.Option("--json", help="Print only the JSON line (no readable summary).")
    ] = False,
    quick: Annotated[
        bool,
        typer.Option("--quick", help="A few texts and small indexes: checks the bench, not speed."),
    ] = False,
) -> None:
    """Measure speed in a fresh temporary data dir; the last line printed is one JSON object.

    Fields: classify_per_s, turn_p50_ms, turn_p95_ms, floor_ms (one query embedding plus
    one vector search), scaling (chunks, index_s, search_p95_ms), cold_start_s, peak_rss_mb.
    Takes about two minutes.
    """
    from assistant.evals import bench as benchmark

    def step(message: str) -> None:
        if not json_only:
            typer.echo(f"… {message}", err=True)

    result = benchmark.run(settings(), step, quick)
    if not json_only:
        for line in benchmark.summary(result):
            typer.echo(line)
    typer.echo(benchmark.to_json(result))


@knowledge_app.command("check")
def knowledge_check() -> None:
    """Validate every file in the knowledge base (front matter, sections, classifier data)."""
    from assistant.diagnosis.cues import load_cues, load_exemplars
    from assistant.retrieval.knowledge import load_knowledge

    config = settings()
    kb = load_knowledge(config.knowledge_dir)
    cues = load_cues(config.knowledge_dir)
    exemplars = load_exemplars(config.knowledge_dir)
    kinds: dict[str, int] = {}
    for doc in kb.documents:
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    cue_count = sum(len(c) for c in cues.symptoms.values()) + sum(
        len(c) for c in cues.healthy.values()
    )
    typer.echo(f"OK: {len(kb.documents)} knowledge files ({summary})")
    typer.echo(f"OK: {cue_count} cues, {sum(len(v) for v in exemplars.values())} exemplars")


def main() -> None:
    """Console entry point: run the app, turning errors into clean messages."""
    try:
        app()
    except AleError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # the edge: never a traceback
        typer.echo(f"Error: unexpected {type(exc).__name__}: {exc}", err=True)
        sys.exit(70)


if __name__ == "__main__":
    main()
