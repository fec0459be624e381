"""`ale eval`: run, list and validate evaluation suites; save baselines.

Exit codes (DESIGN.md): 0 every threshold met, 1 a threshold missed (or, with
--baseline, a case that passed before fails now), 2 an invalid suite file or option.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

eval_app = typer.Typer(
    rich_markup_mode=None,
    help="Measure how well the coach diagnoses, retrieves and coaches (suites in evals/).",
    no_args_is_help=True,
)
baseline_app = typer.Typer(
    rich_markup_mode=None, help="Save a run to compare later runs with.", no_args_is_help=True
)
eval_app.add_typer(baseline_app, name="baseline")

PathsArg = Annotated[
    list[Path], typer.Argument(help="Suite files, or folders holding them (*.yaml).")
]


def _write(path: Path, text: str, what: str) -> None:
    from assistant.errors import AleError

    try:
        if str(path) == "-":
            typer.echo(text)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AleError(f"cannot write the {what} to {path}: {exc.strerror or exc}") from None
    typer.echo(f"{what[0].upper() + what[1:]} written to {path}", err=True)


def _run(paths: list[Path], quiet: bool) -> tuple[list[Any], Any]:
    """Validate every suite first (exit 2 on the first invalid one), then run them all."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from assistant.config import Settings
    from assistant.evals.runner import Runner, load_all

    suites = load_all(paths)
    settings = Settings.from_env()
    console = Console(stderr=True)
    bar = Progress(
        "[bold]{task.description}[/bold]",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )
    tasks: dict[str, Any] = {}

    def progress(name: str, done: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=total)
        bar.update(tasks[name], completed=done, total=total)

    runner = Runner(settings, progress)
    results = []
    with bar:
        for suite in suites:
            if not quiet and bar.disable:
                typer.echo(f"running {suite.name} ({len(suite.cases)} cases)…", err=True)
            results.append(runner.run(suite))
    return results, settings


@eval_app.command("run")
def run(
    paths: PathsArg,
    json_out: Annotated[
        Path | None,
        typer.Option("--json", help="Write the JSON report here ('-' for stdout)."),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Write a self-contained HTML report here."),
    ] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Write JUnit XML here, for CI systems.")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Compare with a saved run; every case that passed there and fails now is "
            "listed, and the run fails.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No table and no progress, only files.")
    ] = False,
) -> None:
    """Run suites and check their thresholds.

    Exit 0 when every threshold is met, 1 when one is missed (or a baseline case
    regressed), 2 when a suite file is invalid (the message names file and field).
    """
    from rich.console import Console

    from assistant.evals.runner import read_baseline, regressions, report_dict
    from assistant.render import eval_report

    before = read_baseline(baseline) if baseline is not None else None
    results, settings = _run(paths, quiet)
    regressed = regressions(results, before) if before is not None else []
    data = report_dict(results, settings, regressed)
    if json_out is not None:
        _write(json_out, json.dumps(data, ensure_ascii=False, indent=1), "JSON report")
    if report is not None:
        _write(report, eval_report.html(data), "HTML report")
    if junit is not None:
        _write(junit, eval_report.junit(data), "JUnit report")
    if not quiet:
        to_stderr = str(json_out) == "-"
        console = Console(stderr=to_stderr)
        if not console.is_terminal:
            console = Console(stderr=to_stderr, width=140)
        eval_report.terminal(data, console)
    raise typer.Exit(0 if data["passed"] else 1)


@eval_app.command("list")
def list_suites(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Suite files or folders (default: evals/).")
    ] = None,
) -> None:
    """List suites: name, kind, cases, thresholds and file."""
    from assistant.evals.runner import find_suites
    from assistant.evals.suites import SuiteError, load_suite
    from assistant.resources import evals_dir

    bad = 0
    for path in find_suites(paths or [evals_dir()]):
        try:
            suite = load_suite(path)
        except SuiteError as exc:
            bad += 1
            typer.echo(f"INVALID  {exc}")
            continue
        limits = ", ".join(f"{k}≥{v}" for k, v in suite.thresholds.items()) or "no thresholds"
        typer.echo(
            f"{suite.name:<24} {suite.kind:<12} {len(suite.cases):>5} cases  {limits}  ({path})"
        )
    raise typer.Exit(2 if bad else 0)


@eval_app.command("validate")
def validate(paths: PathsArg) -> None:
    """Check suite files without running them; every problem names file and field."""
    from assistant.evals.runner import find_suites
    from assistant.evals.suites import SuiteError, load_suite

    bad = 0
    files = find_suites(paths)
    for path in files:
        try:
            suite = load_suite(path)
            typer.echo(f"OK: {path} ({suite.kind}, {len(suite.cases)} cases)")
        except SuiteError as exc:
            bad += 1
            typer.echo(f"Error: {exc}", err=True)
    if bad:
        typer.echo(f"{bad} of {len(files)} suite files are invalid", err=True)
    raise typer.Exit(2 if bad else 0)


@baseline_app.command("save")
def baseline_save(
    paths: PathsArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Where to save the baseline (a JSON report)."),
    ] = Path("eval-baseline.json"),
) -> None:
    """Run suites and save the results as the baseline for `ale eval run --baseline`."""
    from assistant.evals.runner import report_dict

    results, settings = _run(paths, quiet=False)
    data = report_dict(results, settings)
    _write(output, json.dumps(data, ensure_ascii=False, indent=1), "baseline")
    failed = [r.suite.name for r in results if r.passed is False]
    if failed:
        typer.echo(f"Note: thresholds missed in {', '.join(failed)} (saved anyway)", err=True)
