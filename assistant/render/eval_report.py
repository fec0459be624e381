"""Reports of an evaluation run: a terminal summary, one self-contained HTML page, JUnit XML.

All three read the JSON report (`eval_runner.report_dict`), so what a person sees, what
CI parses and what is saved as a baseline are the same figures. Every piece of text in
the HTML page is escaped; the page loads nothing from anywhere.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape
from typing import Any

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
    names = HEADLINE.get(suite["kind"])
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
CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.PASS { color: #17733b; font-weight: bold; } .FAIL { color: #b3261e; font-weight: bold; }
.SKIPPED { color: #8a6d00; font-weight: bold; }
.bar { display: inline-block; height: 10px; background: #2f6db5; vertical-align: middle; }
.turn { margin: 4px 0 4px 1em; } .user { color: #2f6db5; } .ko { color: #b3261e; }
details { margin: 4px 0; } pre { white-space: pre-wrap; }
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _confusion(confusion: dict[str, dict[str, int]]) -> str:
    rows = ["<table class='confusion'><tr><th>expected (rows) · predicted (columns)</th>"]
    rows += [f"<th>{_e(x)}</th>" for x in LABELS]
    rows.append("</tr>")
    for expected in LABELS:
        total = sum(confusion[expected].values()) or 1
        rows.append(f"<tr><th>{_e(expected)}</th>")
        for predicted in LABELS:
            count = confusion[expected][predicted]
            share = count / total
            hue = 140 if expected == predicted else 5
            colour = f"hsla({hue}, 60%, 45%, {0.08 + 0.8 * share:.2f})"
            rows.append(
                f"<td class='num' style='background:{colour}' "
                f"data-expected='{_e(expected)}' data-predicted='{_e(predicted)}'>{count}</td>"
            )
        rows.append("</tr>")
    rows.append("</table>")
    return "".join(rows)


def _per_label(per_label: dict[str, dict[str, float]]) -> str:
    rows = [
        "<table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>"
    ]
    for name, m in per_label.items():
        cells = "".join(
            f"<td class='num'>{m[k]:.3f} <span class='bar' style='width:{int(m[k] * 120)}px'></span></td>"
            for k in ("precision", "recall", "f1")
        )
        rows.append(f"<tr><th>{_e(name)}</th>{cells}<td class='num'>{m['support']}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _failing(suite: dict[str, Any]) -> str:
    failing = [c for c in suite["cases"] if not c.get("passed")]
    if not failing:
        return "<p>No failing cases.</p>"
    kind = suite["kind"]
    out = [f"<h4>Failing cases ({len(failing)})</h4>"]
    if kind == "classifier":
        out.append("<table><tr><th>id</th><th>text</th><th>expected</th><th>predicted</th></tr>")
        for c in failing[:SHOWN_FAILURES]:
            out.append(
                f"<tr><td>{_e(c['id'])}</td><td>{_e(c['text'])}</td>"
                f"<td>{_e(c['expected'])}</td><td>{_e(c['predicted'])}</td></tr>"
            )
        out.append("</table>")
    elif kind == "retrieval":
        out.append("<table><tr><th>id</th><th>query</th><th>expected</th><th>ranked</th></tr>")
        for c in failing[:SHOWN_FAILURES]:
            out.append(
                f"<tr><td>{_e(c['id'])}</td><td>{_e(c.get('query', ''))}</td>"
                f"<td>{_e(', '.join(c.get('expected', [])))}</td>"
                f"<td>{_e(', '.join(map(str, c.get('ranked', [])[:5])))}</td></tr>"
            )
        out.append("</table>")
    else:
        out += [_transcript(c) for c in failing[:SHOWN_FAILURES]]
    return "".join(out)


def _transcript(case: dict[str, Any]) -> str:
    mark = "PASS" if case.get("passed") else "FAIL"
    parts = [f"<details><summary><span class='{mark}'>{mark}</span> {_e(case['id'])}</summary>"]
    for number, turn in enumerate(case.get("transcript", []), start=1):
        parts.append(
            f"<div class='turn'><b class='user'>You ({number}):</b> {_e(turn.get('user', ''))}<br>"
            f"<b>Coach</b> <small>(sphere: {_e(turn.get('sphere'))}, mode: {_e(turn.get('mode'))})"
            f"</small><pre>{_e(turn.get('reply', ''))}</pre></div>"
        )
    for check in case.get("checks", []):
        css = "" if check["passed"] else " class='ko'"
        where = f"turn {check['turn']}" if check.get("turn") else "conversation"
        parts.append(
            f"<div{css}>{_e(where)}: {_e(check['check'])} {'ok' if check['passed'] else 'FAILED'}"
            f" ({_e(check['detail'])})</div>"
        )
    if "answer" in case:
        parts.append(
            f"<div>Question: {_e(case.get('question'))}; judge: {_e(case.get('answer'))}"
            f"{' (' + _e(case['error']) + ')' if case.get('error') else ''}</div>"
        )
    parts.append("</details>")
    return "".join(parts)


def html(report: dict[str, Any]) -> str:
    body = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>ALE Coach evaluation</title><style>{CSS}</style></head><body>",
        "<h1>ALE Coach evaluation</h1>",
        f"<p>Run {_e(report.get('created', ''))}; classifier {_e(report['settings']['classifier'])}, "
        f"LLM {_e(report['settings']['llm'] or 'none')}. Overall: "
        f"<span class='{'PASS' if report['passed'] else 'FAIL'}' id='overall'>"
        f"{'PASS' if report['passed'] else 'FAIL'}</span></p>",
        "<table><tr><th>suite</th><th>kind</th><th>cases</th><th>headline</th><th>result</th></tr>",
    ]
    for suite in report["suites"]:
        metrics = ", ".join(f"{_e(n)} {v:.3f}" for n, v in headline(suite))
        body.append(
            f"<tr><td><a href='#suite-{_e(suite['name'])}'>{_e(suite['name'])}</a></td>"
            f"<td>{_e(suite['kind'])}</td><td class='num'>{len(suite['cases'])}</td>"
            f"<td>{metrics}</td><td class='{status(suite)}'>{status(suite)}</td></tr>"
        )
    body.append("</table>")
    if report.get("regressions"):
        body.append("<h2>Regressions (passed in the baseline, fail now)</h2><ul>")
        body += [f"<li>{_e(r['suite'])} / {_e(r['id'])}</li>" for r in report["regressions"]]
        body.append("</ul>")
    for suite in report["suites"]:
        body.append(
            f"<section id='suite-{_e(suite['name'])}' data-kind='{_e(suite['kind'])}'>"
            f"<h2>{_e(suite['name'])} <small class='{status(suite)}'>{status(suite)}</small></h2>"
            f"<p><small>{_e(suite['file'])}, {suite['seconds']:.1f}s</small></p>"
        )
        if suite.get("skipped"):
            body.append(f"<p>Skipped: {_e(suite['skipped'])}</p></section>")
            continue
        if suite["thresholds"]:
            body.append("<table><tr><th>threshold</th><th>minimum</th><th>value</th><th></th></tr>")
            for t in suite["thresholds"]:
                value = "missing" if t["value"] is None else f"{t['value']:.3f}"
                mark = "PASS" if t["passed"] else "FAIL"
                body.append(
                    f"<tr><td>{_e(t['metric'])}</td><td class='num'>{t['min']}</td>"
                    f"<td class='num'>{value}</td><td class='{mark}'>{mark}</td></tr>"
                )
            body.append("</table>")
        metrics = suite["metrics"]
        if suite["kind"] == "classifier":
            body.append("<h3>Confusion matrix</h3>" + _confusion(metrics["confusion"]))
            body.append("<h3>Per label</h3>" + _per_label(metrics["per_label"]))
        elif suite["kind"] == "conversation":
            body.append(
                "<h3>Checks</h3><table><tr><th>check</th><th>pass rate</th><th>uses</th></tr>"
            )
            for name, rate in metrics.get("checks", {}).items():
                body.append(
                    f"<tr><td>{_e(name)}</td><td class='num'>{rate:.3f} "
                    f"<span class='bar' style='width:{int(rate * 120)}px'></span></td>"
                    f"<td class='num'>{metrics['check_counts'][name]}</td></tr>"
                )
            body.append("</table>")
        else:
            body.append(
                "<ul>" + "".join(f"<li>{_e(n)}: {v:.3f}</li>" for n, v in headline(suite)) + "</ul>"
            )
        body.append(_failing(suite))
        if suite["kind"] in ("conversation", "judge"):
            body.append("<h3>Transcripts</h3>" + "".join(_transcript(c) for c in suite["cases"]))
        body.append("</section>")
    body.append(
        "<p><small>ALE model by Tom Stimson. Report written by ALE Coach.</small></p></body></html>"
    )
    return "\n".join(body)


# -- JUnit ---------------------------------------------------------------------------------
def junit(report: dict[str, Any]) -> str:
    """One <testsuite> per suite. Its test cases are the thresholds (and each regression),
    so a CI system goes red exactly when `ale eval run` exits 1; a suite without
    thresholds lists every case instead. Failing cases are named in <system-out>."""
    root = ET.Element("testsuites", name="ale-eval")
    regressed = {(r["suite"], str(r["id"])) for r in report.get("regressions", [])}
    for suite in report["suites"]:
        element = ET.SubElement(
            root, "testsuite", name=suite["name"], time=f"{suite['seconds']:.3f}"
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
            ET.SubElement(element, "system-out").text = "failing cases:\n" + "\n".join(failing)
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
    case = ET.SubElement(parent, "testcase", classname=classname, name=name)
    counts["tests"] += 1
    if failure is not None:
        ET.SubElement(case, "failure", message=failure)
        counts["failures"] += 1
    if skipped is not None:
        ET.SubElement(case, "skipped", message=skipped)
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
