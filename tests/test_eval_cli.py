"""`ale eval`: metric maths, thresholds and exit codes, invalid suites, baselines,
reports (JSON, HTML, JUnit) and the judge kind against a loopback LLM server."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.evals.suites import conversation_metrics, retrieval_metrics
from assistant.render.eval_report import html, junit

from .conftest import EVALS, run_ale
from .fake_llm import FakeLLM

RULES = {"ALE_CLASSIFIER": "rules"}  # the cue-only classifier: no model load, fast

CLASSIFIER_SUITE = """name: tiny-classifier
kind: classifier
thresholds: {{accuracy: {accuracy}}}
cases:
  - id: c1
    text: "Every crew chief packs the truck his own way and we keep forgetting the same cables."
    expect: {{sphere: execution}}
  - id: c2
    text: "Nobody knows who is supposed to call the venue, and when it goes wrong everyone points at someone else."
    expect: {{sphere: {second}}}
  - id: c3
    text: "Thanks, have a nice weekend!"
    expect: {{sphere: null}}
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- metric maths ----------------------------------------------------------------------------
def test_retrieval_metrics_by_hand_with_several_relevant_items() -> None:
    cases = [
        {"id": "a", "expect": {"sphere": "execution", "sources": ["x.md", "y.md"]}},
        {"id": "b", "expect": {"sphere": None, "sources": ["z.md"], "ids": ["p7"]}},
        {"id": "c", "expect": {"sphere": "leadership", "sources": ["q.md"]}},
    ]
    ranked = [
        # relevant at ranks 2 and 4: RR 1/2, recall@3 = 1/2 (y.md only), hit
        [
            {"source": "n.md", "sphere": "execution", "id": "1"},
            {"source": "y.md", "sphere": "execution", "id": "2"},
            {"source": "m.md", "sphere": None, "id": "3"},
            {"source": "x.md", "sphere": "execution", "id": "4"},
        ],
        # the passage id p7 is relevant at rank 3 and z.md at rank 5: RR 1/3, recall 1/2
        [
            {"source": "a.md", "sphere": None, "id": "p1"},
            {"source": "b.md", "sphere": None, "id": "p2"},
            {"source": "c.md", "sphere": None, "id": "p7"},
            {"source": "d.md", "sphere": None, "id": "p4"},
            {"source": "z.md", "sphere": None, "id": "p5"},
        ],
        # nothing relevant anywhere: RR 0, but a top-3 hit has the sphere
        [{"source": "k.md", "sphere": "leadership", "id": "9"}],
    ]
    m = retrieval_metrics(cases, ranked, k=3)
    assert m["hit_at_3"] == pytest.approx(2 / 3)
    assert m["mrr"] == pytest.approx((1 / 2 + 1 / 3 + 0) / 3)
    assert m["recall_at_3"] == pytest.approx((1 / 2 + 1 / 2 + 0) / 3)
    assert m["sphere_hit_at_3"] == pytest.approx(1.0)  # b has no sphere: same as its hit
    assert [c["rank"] for c in m["cases"]] == [2, 3, None]
    one = retrieval_metrics(cases, ranked, k=1)
    assert one["hit_at_1"] == 0.0 and one["recall_at_1"] == 0.0


def test_conversation_metrics_count_each_check_over_its_uses() -> None:
    results = [
        {"passed": True, "checks": [{"check": "sphere_is", "passed": True}]},
        {
            "passed": False,
            "checks": [
                {"check": "sphere_is", "passed": False},
                {"check": "mentions", "passed": True},
            ],
        },
    ]
    m = conversation_metrics(results)
    assert m["pass_rate"] == 0.5
    assert m["checks"] == {"mentions": 1.0, "sphere_is": 0.5}
    assert m["check_counts"] == {"mentions": 1, "sphere_is": 2}


# -- thresholds, exit codes and reports --------------------------------------------------------
def test_a_met_threshold_exits_0_and_writes_json_html_and_junit(tmp_path: Path) -> None:
    suite = write(
        tmp_path / "s", "tiny.yaml", CLASSIFIER_SUITE.format(accuracy=0.6, second="accountability")
    )
    out = tmp_path / "out"
    done = run_ale(
        "eval",
        "run",
        str(suite),
        "--json",
        str(out / "r.json"),
        "--report",
        str(out / "r.html"),
        "--junit",
        str(out / "r.xml"),
        env=RULES,
    )
    assert done.returncode == 0, done.stderr
    assert "tiny-classifier" in done.stdout and "PASS" in done.stdout
    report = json.loads((out / "r.json").read_text())
    (only,) = report["suites"]
    assert {"name", "kind", "passed", "metrics", "cases"} <= set(only)
    assert only["passed"] is True and report["passed"] is True
    assert only["metrics"]["accuracy"] == pytest.approx(1.0)
    assert {"accuracy", "macro_f1", "micro_f1", "per_label", "confusion"} <= set(only["metrics"])
    assert only["metrics"]["confusion"]["null"]["null"] == 1
    assert [c["id"] for c in only["cases"]] == ["c1", "c2", "c3"]
    assert all({"id", "passed"} <= set(c) for c in only["cases"])
    page = (out / "r.html").read_text()
    assert "<table class='confusion'>" in page and "http" not in page.split("</style>")[1]
    tree = ET.fromstring((out / "r.xml").read_text())
    assert tree.find("testsuite").get("failures") == "0"


def test_a_missed_threshold_exits_1_and_names_the_metric(tmp_path: Path) -> None:
    # c2 now expects leadership: one of three wrong, accuracy 0.667 < 0.9
    suite = write(tmp_path, "tiny.yaml", CLASSIFIER_SUITE.format(accuracy=0.9, second="leadership"))
    done = run_ale("eval", "run", str(suite), "--junit", str(tmp_path / "j.xml"), env=RULES)
    assert done.returncode == 1, done.stderr
    assert "accuracy = 0.667, below 0.9" in done.stdout
    tree = ET.fromstring((tmp_path / "j.xml").read_text())
    assert tree.find("testsuite").get("failures") == "1"
    assert "c2: expected leadership, got accountability" in tree.find("testsuite/system-out").text


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("name: x\nkind: classifier\ncases: []\n", "field 'cases': holds no cases"),
        ("name: x\nkind: sorting\ncases: [{id: 1}]\n", "field 'kind': must be one of"),
        (
            "name: x\nkind: classifier\nthresholds: {acuracy: 0.9}\ncases: [{id: 1, text: t, expect: {sphere: null}}]\n",
            "field 'thresholds.acuracy': is not a metric of a classifier suite",
        ),
        (
            "name: x\nkind: classifier\nthresholds: {accuracy: 90}\ncases: [{id: 1, text: t, expect: {sphere: null}}]\n",
            "field 'thresholds.accuracy': must be a number from 0 to 1",
        ),
        (
            "name: x\nkind: classifier\ncases:\n  - {id: 1, text: t, expect: {sphere: purple}}\n",
            "case 1: field 'expect.sphere': must be one of",
        ),
        (
            "name: x\nkind: retrieval\ncases:\n  - {id: 1, query: q, expect: {sphere: execution}}\n",
            "field 'expect.sources'",
        ),
        (
            "name: x\nkind: judge\ncases:\n  - {id: 1, turns: [hi]}\n",
            "field 'question': is required",
        ),
        (
            "name: x\nkind: conversation\ncases:\n  - {id: 1, turns: [{user: hi, expect: {sphere: execution}}]}\n",
            "field 'turns[1].expect.sphere': is not a known check",
        ),
        ("name: x\nkind: classifier\ncases: [\n", "invalid YAML"),
        (
            "name: x\nkind: conversation\ncases:\n  - {id: 1, turns: [{user: hi, expect: {sphere_is: executin}}]}\n",
            "field 'turns[1].expect.sphere_is': must be one of",
        ),
        (
            "name: x\nkind: conversation\ncases:\n  - {id: 1, turns: [{user: hi, expect: {mentions: execution}}]}\n",
            "field 'turns[1].expect.mentions': must be a list",
        ),
        (
            "name: x\nkind: conversation\ncases:\n  - {id: 1, turns: [{user: hi}], checks: {diagnosed_within_turns: 0}}\n",
            "field 'checks.diagnosed_within_turns': must be a whole number",
        ),
        (
            "name: x\nkind: classifier\ncases:\n  - {id: 1, text: t, expect: {sphere: null, alsoo: [execution]}}\n",
            "field 'expect.alsoo': is not a known field",
        ),
    ],
)
def test_invalid_suites_exit_2_naming_file_and_field(tmp_path: Path, text: str, named: str) -> None:
    suite = write(tmp_path, "broken.yaml", text)
    for command in (["eval", "run"], ["eval", "validate"]):
        done = run_ale(*command, str(suite), env=RULES)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert str(suite) in done.stderr and named in done.stderr
        assert "Traceback" not in done.stderr


def test_a_broken_jsonl_case_file_names_its_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "cases.jsonl",
        '{"id": 1, "text": "ok", "expect": {"sphere": null}}\n{"id": 2, "text": \n',
    )
    suite = write(tmp_path, "s.yaml", "name: x\nkind: classifier\ncases: cases.jsonl\n")
    done = run_ale("eval", "validate", str(suite), env=RULES)
    assert done.returncode == 2 and f"{tmp_path / 'cases.jsonl'}:2: not valid JSON" in done.stderr


def test_list_and_validate_shipped_suites_of_each_kind(tmp_path: Path) -> None:
    # One shipped suite of each kind, copied: the CLI's listing and validation are the
    # same for 4 files or 240 (`ale eval run evals`, at the end of the README's test
    # command, reads and validates every shipped suite).
    names = ("classifier-holdout", "retrieval-core", "conversations-core", "judge-core")
    for name in names:
        for shipped in EVALS.glob(f"{name}.*"):  # the suite and any JSON Lines cases file
            (tmp_path / shipped.name).write_text(shipped.read_text())
    listed = run_ale("eval", "list", str(tmp_path), env=RULES)
    assert listed.returncode == 0, listed.stderr
    for name in names:
        assert name in listed.stdout
    checked = run_ale("eval", "validate", str(tmp_path), env=RULES)
    assert checked.returncode == 0 and checked.stdout.count("OK:") == len(names)
    (tmp_path / "retrieval-core.yaml").write_text("name: broken\nkind: nonsense\n")
    broken = run_ale("eval", "validate", str(tmp_path), env=RULES)
    assert broken.returncode != 0 and "retrieval-core.yaml" in broken.stdout + broken.stderr


def test_a_baseline_lists_every_case_that_went_from_pass_to_fail(tmp_path: Path) -> None:
    suite = write(
        tmp_path / "s", "tiny.yaml", CLASSIFIER_SUITE.format(accuracy=0.5, second="accountability")
    )
    baseline = tmp_path / "base.json"
    saved = run_ale("eval", "baseline", "save", str(suite), "-o", str(baseline), env=RULES)
    assert saved.returncode == 0, saved.stderr
    assert json.loads(baseline.read_text())["suites"][0]["cases"][1]["passed"] is True

    same = run_ale("eval", "run", str(suite), "--baseline", str(baseline), env=RULES)
    assert same.returncode == 0 and "regression" not in same.stdout

    suite.write_text(CLASSIFIER_SUITE.format(accuracy=0.5, second="leadership"))
    worse = run_ale(
        "eval",
        "run",
        str(suite),
        "--baseline",
        str(baseline),
        "--json",
        str(tmp_path / "r.json"),
        env=RULES,
    )
    assert worse.returncode == 1  # the threshold still holds; the regression fails the run
    assert "regression: tiny-classifier / c2 passed before, fails now" in worse.stdout
    assert json.loads((tmp_path / "r.json").read_text())["regressions"] == [
        {"suite": "tiny-classifier", "id": "c2"}
    ]
    missing = run_ale(
        "eval", "run", str(suite), "--baseline", str(tmp_path / "nope.json"), env=RULES
    )
    assert missing.returncode == 2 and "the baseline cannot be read" in missing.stderr


def test_every_text_in_the_html_report_is_escaped() -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    report = {
        "passed": False,
        "created": "now",
        "regressions": [{"suite": hostile, "id": hostile}],
        "settings": {"classifier": "rules", "llm": None, "embeddings": "local"},
        "suites": [
            {
                "name": hostile,
                "kind": "conversation",
                "file": hostile,
                "passed": False,
                "skipped": None,
                "seconds": 0.1,
                "thresholds": [],
                "metrics": {
                    "pass_rate": 0.0,
                    "checks": {hostile: 0.0},
                    "check_counts": {hostile: 1},
                },
                "cases": [
                    {
                        "id": hostile,
                        "passed": False,
                        "checks": [
                            {"turn": 1, "check": hostile, "passed": False, "detail": hostile}
                        ],
                        "transcript": [
                            {"user": hostile, "reply": hostile, "sphere": None, "mode": "offline"}
                        ],
                    }
                ],
            }
        ],
    }
    page = html(report)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    ET.fromstring(junit(report))  # well-formed XML whatever the text


# -- the judge kind ---------------------------------------------------------------------------------
JUDGE_SUITE = """name: tiny-judge
kind: judge
thresholds: {pass_rate: 1.0}
cases:
  - id: j1
    turns: ["Every crew chief packs the truck his own way and we keep forgetting the same cables."]
    question: "Does the coach point to Execution and suggest process changes?"
  - id: j2
    turns: ["Nobody owns the venue call."]
    question: "Is the reply respectful?"
    choices: [good, fair, poor]
    pass: [good, fair]
"""


def test_a_judge_suite_may_write_yes_and_no_bare(tmp_path: Path) -> None:
    suite = write(
        tmp_path,
        "judge.yaml",
        "name: j\nkind: judge\ncases:\n  - id: 1\n    turns: [hello]\n    question: ok?\n"
        "    choices: [yes, no]\n    pass: [yes]\n",
    )
    done = run_ale("eval", "validate", str(suite), env=RULES)
    assert done.returncode == 0, done.stderr


def test_the_judge_is_skipped_without_an_llm_and_never_fails(tmp_path: Path) -> None:
    suite = write(tmp_path, "judge.yaml", JUDGE_SUITE)
    done = run_ale("eval", "run", str(suite), "--json", str(tmp_path / "r.json"), env=RULES)
    assert done.returncode == 0, done.stderr
    (only,) = json.loads((tmp_path / "r.json").read_text())["suites"]
    assert only["passed"] is None and "no LLM configured" in only["skipped"]
    assert "SKIPPED" in done.stdout


@pytest.mark.slow
def test_the_judge_grades_with_the_llm_at_temperature_0(tmp_path: Path) -> None:
    suite = write(tmp_path, "judge.yaml", JUDGE_SUITE)
    with FakeLLM() as server:
        server.mode = "normal"
        server.reply = "A reworded coaching reply about Execution."
        server.reply_when = {"You grade the replies": "Yes."}
        env = {**RULES, "OPENAI_BASE_URL": server.url, "ALE_LLM_TIMEOUT": "10"}
        done = run_ale("eval", "run", str(suite), "--json", str(tmp_path / "r.json"), env=env)
        judged = [r for r in server.requests if "You grade the replies" in json.dumps(r)]
    (only,) = json.loads((tmp_path / "r.json").read_text())["suites"]
    # j1: "yes" passes; j2 allows good/fair/poor, so "yes" is no answer and fails
    assert [c["passed"] for c in only["cases"]] == [True, False]
    assert only["cases"][0]["answer"] == "yes" and only["cases"][1]["answer"] is None
    assert "the judge answered" in only["cases"][1]["error"]
    assert only["cases"][0]["transcript"][0]["mode"] == "llm"
    assert done.returncode == 1  # pass_rate 0.5 < 1.0
    assert len(judged) == 2 and all(r["temperature"] == 0.0 for r in judged)
    assert "Answer with exactly one word: good or fair or poor." in json.dumps(judged[1])
