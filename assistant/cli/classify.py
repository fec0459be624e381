"""`ale classify`: a description (or a JSON Lines file of them) to a diagnosis."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.app import (
    app,
    check_input_file,
    fail,
    json_object,
    json_or_none,
    settings,
)

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.diagnosis import Classifier, Diagnosis


def build_classifier(config: Settings, rules_only: bool) -> Classifier:
    from assistant.wiring import build_classifier as build

    return build(config, rules_only)


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
        check_input_file(jsonl)
        raise typer.Exit(_classify_jsonl(jsonl, build_classifier(config, rules_only)))
    assert text is not None
    if not text.strip():
        fail("TEXT is empty; describe what is going wrong")
    diagnosis = build_classifier(config, rules_only).classify(text)
    if as_json:
        typer.echo(json.dumps(diagnosis.to_dict(), ensure_ascii=False))
    else:
        _print_diagnosis(diagnosis)


def _parse_line(raw: str, number: int) -> tuple[Any, str]:
    """(id, text) from one input line; InputError names what was wrong."""
    from assistant.diagnosis import MAX_CHARS, lone_surrogate
    from assistant.errors import InputError

    item = json_object(raw, number, hint=" with a 'text' field")
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
    for batch in batches(source, sys.stdin):
        parsed: list[tuple[Any, str | None, str | None]] = []  # (id, text, error)
        for raw in batch:
            number += 1
            try:
                item_id, text = _parse_line(raw, number)
                parsed.append((item_id, text, None))
            except InputError as exc:
                parsed.append(((json_or_none(raw) or {}).get("id"), None, str(exc)))
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
    if diagnosis.notice:
        console.print(diagnosis.notice, markup=False)
    elif diagnosis.sphere is None:
        console.print("[bold]No ALE problem found[/bold] (no sphere to strengthen)")
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
