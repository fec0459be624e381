"""Reports of an evaluation run: a terminal summary, one self-contained HTML page, JUnit XML.

All three read the JSON report (`eval_runner.report_dict`), so what a person sees, what
CI parses and what is saved as a baseline are the same figures. The page is
`templates/eval_report.html.j2` (autoescaped) fed with data shaped here; it loads nothing
from anywhere. The JUnit XML is built with `xml.etree`, which escapes for XML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from assistant.render.environment import clean, render

LABELS = ("accountability", "leadership", "execution", "null")
HEADLINE = {
    "classifier": ("accuracy", "macro_f1"),
    "retrieval": None,  # hit_at_k, sphere_hit_at_k, mrr, recall_at_k: all of them
    "conversation": ("pass_rate",),
    "judge": ("pass_rate",),
}
SHOWN_FAILURES = 200


def headline(suite: dict[str, Any]) -> list[tuple[str, float]]:
    metrics = suite.get("metrics") or {}
    names: tuple[str, ...] | None = HEADLINE.get(suite["kind"])
    if suite["kind"] == "conversation" and "llm_share" in metrics:
        names = ("pass_rate", "llm_share", "ungrounded_share", "latency_ms_p50", "latency_ms_p95")
    if names is None:
        names = tuple(k for k, v in metrics.items() if isinstance(v, float))
    return [(n, float(metrics[n])) for n in names if isinstance(metrics.get(n), int | float)]


def status(suite: dict[str, Any]) -> str:
    if suite.get("skipped"):
        return "SKIPPED"
    return "PASS" if suite.get("passed") else "FAIL"


# -- terminal ------------------------------------------------------------------------------
def terminal(report: dict[str, Any], console: Any) -> None:
    """A table of suites, then missed thresholds, failing cases (a few) and regressions."""
    from rich.table import Table

    table = Table(title="ALE Coach evaluation", show_lines=False)
    for column in ("suite", "kind", "cases", "metrics", "thresholds", "result"):
        table.add_column(column, overflow="fold")
    for suite in report["suites"]:
        passed_cases = sum(bool(c.get("passed")) for c in suite["cases"])
        metrics = ", ".join(f"{n} {v:.3f}" for n, v in headline(suite)) or "-"
        limits = ", ".join(
            f"{t['metric']}≥{t['min']}" + (" ✗" if t["passed"] is False else "")
            for t in suite["thresholds"]
        )
        result = status(suite)
        colour = {"PASS": "green", "FAIL": "red", "SKIPPED": "yellow"}[result]
        cases = f"{passed_cases}/{len(suite['cases'])} pass" if suite["cases"] else "-"
        table.add_row(
            suite["name"],
            suite["kind"],
            cases,
            metrics,
            limits or "none (always passes)",
            f"[{colour}]{result}[/{colour}]",
        )
    console.print(table)
    for suite in report["suites"]:
        if suite.get("skipped"):
            console.print(f"[yellow]{suite['name']}: skipped: {suite['skipped']}[/yellow]")
        for t in suite["thresholds"]:
            if t["passed"] is False:
                value = "missing" if t["value"] is None else f"{t['value']:.3f}"
                console.print(
                    f"[red]{suite['name']}: {t['metric']} = {value}, below {t['min']}[/red]"
                )
    for item in report.get("regressions", []):
        console.print(
            f"[red]regression: {item['suite']} / {item['id']} passed before, fails now[/red]"
        )
    verdict = "passed" if report["passed"] else "FAILED"
    console.print(f"Evaluation {verdict}.")


# -- HTML ----------------------------------------------------------------------------------
def _confusion(confusion: dict[str, dict[str, int]]) -> dict[str, Any]:
    rows = []
    for expected in LABELS:
        total = sum(confusion[expected].values()) or 1
        cells = []
        for predicted in LABELS:
            count = confusion[expected][predicted]
            hue = 140 if expected == predicted else 5
            alpha = 0.08 + 0.8 * count / total
            cells.append(
                {
                    "predicted": predicted,
                    "count": count,
                    "colour": f"hsla({hue}, 60%, 45%, {alpha:.2f})",
                }
            )
        rows.append({"expected": expected, "cells": cells})
    return {"labels": LABELS, "rows": rows}


def _per_label(per_label: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "bars": [
                {"value": f"{m[k]:.3f}", "width": int(m[k] * 120)}
                for k in ("precision", "recall", "f1")
            ],
            "support": m["support"],
        }
        for name, m in per_label.items()
    ]


def _checks(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "rate": f"{rate:.3f}",
            "width": int(rate * 120),
            "uses": metrics["check_counts"][name],
        }
        for name, rate in metrics.get("checks", {}).items()
    ]


def _failing(suite: dict[str, Any]) -> dict[str, Any]:
    """The failing cases: a table for classifier and retrieval suites, else transcripts."""
    failing = [c for c in suite["cases"] if not c.get("passed")]
    shown = failing[:SHOWN_FAILURES]
    table: dict[str, Any] | None = None
    if suite["kind"] == "classifier":
        table = {
            "columns": ("id", "text", "expected", "predicted"),
            "rows": [
                [str(c["id"]), str(c["text"]), str(c["expected"]), str(c["predicted"])]
                for c in shown
            ],
        }
    elif suite["kind"] == "retrieval":
        table = {
            "columns": ("id", "query", "expected", "ranked"),
            "rows": [
                [
                    str(c["id"]),
                    str(c.get("query", "")),
                    ", ".join(c.get("expected", [])),
                    ", ".join(map(str, c.get("ranked", [])[:5])),
                ]
                for c in shown
            ],
        }
    return {
        "count": len(failing),
        "table": table,
        "transcripts": [] if table else [_transcript(c) for c in shown],
    }


def _cost(turn: dict[str, Any]) -> str:
    """The fallback reason, latency and tokens of a turn played with an LLM, in words."""
    parts = []
    if turn.get("fallback_reason"):
        parts.append(f"fallback: {turn['fallback_reason']}")
    if turn.get("latency_ms") is not None:
        parts.append(f"{float(turn['latency_ms']) / 1000:.1f} s")
    usage = turn.get("usage") or {}
    if usage:
        parts.append(
            f"~{usage.get('prompt_tokens')} prompt tokens, {usage.get('completion_tokens')} written"
        )
    return ", ".join(parts)


def _transcript(case: dict[str, Any]) -> dict[str, Any]:
    turns = [
        {
            "number": number,
            "user": str(turn.get("user", "")),
            "sphere": str(turn.get("sphere")),
            "mode": str(turn.get("mode")),
            "reply": str(turn.get("reply", "")),
            "cost": _cost(turn),
        }
        for number, turn in enumerate(case.get("transcript", []), start=1)
    ]
    checks = [
        {
            "passed": bool(check["passed"]),
            "where": f"turn {check['turn']}" if check.get("turn") else "conversation",
            "check": str(check["check"]),
            "detail": str(check["detail"]),
        }
        for check in case.get("checks", [])
    ]
    judge = None
    if "answer" in case:
        judge = {
            "question": str(case.get("question")),
            "answer": str(case.get("answer")),
            "error": str(case.get("error") or ""),
        }
    return {
        "mark": "PASS" if case.get("passed") else "FAIL",
        "id": str(case["id"]),
        "turns": turns,
        "checks": checks,
        "judge": judge,
    }


def _suite(suite: dict[str, Any]) -> dict[str, Any]:
    """One suite as `eval_report.html.j2` shows it."""
    kind = suite["kind"]
    metrics = suite.get("metrics") or {}
    skipped = bool(suite.get("skipped"))
    return {
        "name": str(suite["name"]),
        "kind": str(kind),
        "file": str(suite["file"]),
        "seconds": f"{suite['seconds']:.1f}",
        "status": status(suite),
        "case_count": len(suite["cases"]),
        "headline": [f"{n} {v:.3f}" for n, v in headline(suite)],
        "skipped": str(suite["skipped"]) if skipped else "",
        "thresholds": [
            {
                "metric": str(t["metric"]),
                "min": t["min"],
                "value": "missing" if t["value"] is None else f"{t['value']:.3f}",
                "mark": "PASS" if t["passed"] else "FAIL",
            }
            for t in suite["thresholds"]
        ],
        "confusion": _confusion(metrics["confusion"])
        if kind == "classifier" and not skipped
        else None,
        "per_label": _per_label(metrics["per_label"])
        if kind == "classifier" and not skipped
        else None,
        "checks": _checks(metrics) if kind == "conversation" and not skipped else None,
        "metric_list": (
            None
            if kind in ("classifier", "conversation")
            else [f"{n}: {v:.3f}" for n, v in headline(suite)]
        ),
        "failing": None if skipped else _failing(suite),
        "transcripts": (
            [_transcript(c) for c in suite["cases"]]
            if kind in ("conversation", "judge") and not skipped
            else None
        ),
    }


def html_context(report: dict[str, Any]) -> dict[str, Any]:
    """What `eval_report.html.j2` shows for a JSON report."""
    return {
        "created": str(report.get("created", "")),
        "classifier": str(report["settings"]["classifier"]),
        "llm": str(report["settings"]["llm"] or "none"),
        "overall": "PASS" if report["passed"] else "FAIL",
        "suites": [_suite(s) for s in report["suites"]],
        "regressions": [
            {"suite": str(r["suite"]), "id": str(r["id"])} for r in report.get("regressions", [])
        ],
    }


def html(report: dict[str, Any]) -> str:
    """The report as one self-contained HTML page (every text escaped, nothing loaded)."""
    return render("eval_report.html.j2", **html_context(report))


# -- JUnit ---------------------------------------------------------------------------------
def junit(report: dict[str, Any]) -> str:
    """One <testsuite> per suite. Its test cases are the thresholds (and each regression),
    so a CI system goes red exactly when `ale eval run` exits 1; a suite without
    thresholds lists every case instead. Failing cases are named in <system-out>."""
    root = ET.Element("testsuites", name="ale-eval")
    regressed = {(r["suite"], str(r["id"])) for r in report.get("regressions", [])}
    for suite in report["suites"]:
        element = ET.SubElement(
            root, "testsuite", name=clean(str(suite["name"])), time=f"{suite['seconds']:.3f}"
        )
        counts = {"tests": 0, "failures": 0, "skipped": 0}

        def add(name: str, failure: str | None = None, skipped: str | None = None) -> None:
            _testcase(element, counts, suite["name"], name, failure, skipped)  # noqa: B023

        if suite.get("skipped"):
            add("suite", skipped=str(suite["skipped"]))
        for t in [] if suite.get("skipped") else suite["thresholds"]:
            add(
                f"threshold {t['metric']} >= {t['min']}",
                None if t["passed"] else f"{t['metric']} = {t['value']}",
            )
        for item in suite["cases"]:
            key = (suite["name"], str(item["id"]))
            if key in regressed:
                add(
                    f"regression {item['id']}",
                    "passed in the baseline, fails now: " + _case_message(suite["kind"], item),
                )
            elif not suite["thresholds"] and not suite.get("skipped"):
                add(
                    str(item["id"]),
                    None if item.get("passed") else _case_message(suite["kind"], item),
                )
        failing = [
            f"{item['id']}: {_case_message(suite['kind'], item)}"
            for item in suite["cases"]
            if not item.get("passed")
        ]
        if failing:
            ET.SubElement(element, "system-out").text = clean(
                "failing cases:\n" + "\n".join(failing)
            )
        for counter, number in counts.items():
            element.set(counter, str(number))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _testcase(
    parent: ET.Element,
    counts: dict[str, int],
    classname: str,
    name: str,
    failure: str | None,
    skipped: str | None,
) -> None:
    case = ET.SubElement(parent, "testcase", classname=clean(classname), name=clean(name))
    counts["tests"] += 1
    if failure is not None:
        ET.SubElement(case, "failure", message=clean(failure))
        counts["failures"] += 1
    if skipped is not None:
        ET.SubElement(case, "skipped", message=clean(skipped))
        counts["skipped"] += 1


def _case_message(kind: str, item: dict[str, Any]) -> str:
    if kind == "classifier":
        return f"expected {item['expected']}, got {item['predicted']}"
    if kind == "retrieval":
        return f"no relevant passage in the top results (first relevant rank: {item.get('rank')})"
    if kind == "judge":
        return item.get("error") or f"judge answered {item.get('answer')}"
    failed = [c for c in item.get("checks", []) if not c["passed"]]
    return "; ".join(f"{c['check']} ({c['detail']})" for c in failed) or "failed"
