"""`ale search` and `ale index`: the knowledge base and the team's documents."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.app import (
    app,
    check_input_file,
    fail,
    json_object,
    json_or_none,
    open_store,
    progress_bar,
    settings,
)
from assistant.cli.classify import build_classifier

if TYPE_CHECKING:
    from assistant.retrieval.store import BuildStats, Hit


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
        check_input_file(jsonl)
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


def _search_jsonl(source: str, run: Callable[[str, int], list[Hit]]) -> int:
    from assistant.cli.jsonl import batches
    from assistant.errors import InputError

    had_error = False
    number = 0
    for batch in batches(source, sys.stdin):
        for raw in batch:
            number += 1
            try:
                item = json_object(raw, number)
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
            if "id" in (item_or_none := json_or_none(raw) or {}):
                out = {"id": item_or_none["id"], **out}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if had_error else 0


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
    bar, update = progress_bar("Indexing the knowledge base")
    with bar:
        stats = store.sync_knowledge(config.knowledge_dir, rebuild, update)
    _report("Knowledge base", stats)
    bar, update = progress_bar("Indexing team documents")
    with bar:
        stats = store.sync_team(paths or (), rebuild, update)
    if stats.chunks:
        count = len(stats.files)
        _report(f"Team documents ({count} file{'s' if count != 1 else ''})", stats)
    else:
        typer.echo("Team documents: none yet (add some with `ale index PATH...`)")


def _report(label: str, stats: BuildStats) -> None:
    typer.echo(
        f"{label}: {stats.chunks} passages, {stats.embedded} embedded, "
        f"{stats.reused} reused, {stats.removed} removed ({stats.seconds:.1f}s)"
    )
