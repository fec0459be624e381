"""Suite files parse into models; every rule of the format has a bad file that breaks it,
and each error is one message naming the file (or JSONL line, or case) and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evals import CASE_MODELS, Suite, SuiteError, load_suite
from assistant.evals.models import ClassifierCase, JudgeCase, known_metric
from assistant.evals.suites import TURN_CHECKS, run_conversation

from .conftest import EVALS

HEAD = "name: x\nkind: {kind}\n"
OK_CLASSIFIER = "  - {id: 1, text: t, expect: {sphere: null}}\n"


def suite(kind: str, body: str) -> str:
    return HEAD.format(kind=kind) + body


# One row per rule: (rule, suite text, where after the file name, field, words of the problem)
# fmt: off
BAD_SUITES = [
    # the suite file itself
    ("known suite fields", "name: x\nkind: classifier\nmode: fast\ncases: []\n", "", "mode", "is not a known field"),
    ("name is required", "kind: classifier\ncases: []\n", "", "name", "is required"),
    ("name is text", "name: [x]\nkind: classifier\ncases: []\n", "", "name", "must be a non-empty string"),
    ("kind is one of four", "name: x\nkind: sorting\ncases: [{id: 1}]\n", "", "kind", "must be one of classifier, retrieval, conversation, judge, got 'sorting'"),
    ("k is 1..50", suite("retrieval", "k: 0\ncases: []\n"), "", "k", "must be a whole number from 1 to 50"),
    ("k is whole", suite("retrieval", "k: 2.5\ncases: []\n"), "", "k", "must be a whole number"),
    ("description is text", suite("classifier", "description: [a]\ncases: []\n"), "", "description", "must be text"),
    ("thresholds are a mapping", suite("classifier", "thresholds: [accuracy]\ncases: []\n"), "", "thresholds", "must map metric names to numbers"),
    ("threshold above 1", suite("classifier", "thresholds: {accuracy: 90}\ncases: []\n"), "", "thresholds.accuracy", "must be a number from 0 to 1"),
    ("threshold below 0", suite("classifier", "thresholds: {accuracy: -0.1}\ncases: []\n"), "", "thresholds.accuracy", "must be a number from 0 to 1"),
    ("threshold is a number", suite("classifier", "thresholds: {accuracy: high}\ncases: []\n"), "", "thresholds.accuracy", "must be a number from 0 to 1"),
    ("threshold not a bool", suite("classifier", "thresholds: {accuracy: true}\ncases: []\n"), "", "thresholds.accuracy", "must be a number from 0 to 1"),
    ("classifier metric names", suite("classifier", "thresholds: {acuracy: 0.9}\ncases:\n" + OK_CLASSIFIER), "", "thresholds.acuracy", "is not a metric of a classifier suite"),
    ("nested metric label", suite("classifier", "thresholds: {per_label.nul.f1: 0.9}\ncases:\n" + OK_CLASSIFIER), "", "thresholds.per_label.nul.f1", "is not a metric of a classifier suite"),
    ("nested metric part", suite("classifier", "thresholds: {per_label.leadership.support: 0.9}\ncases:\n" + OK_CLASSIFIER), "", "thresholds.per_label.leadership.support", "is not a metric"),
    ("retrieval metric uses k", suite("retrieval", "k: 5\nthresholds: {hit_at_3: 0.9}\ncases: []\n"), "", "thresholds.hit_at_3", "is not a metric of a retrieval suite"),
    ("conversation check metric", suite("conversation", "thresholds: {checks.sphere: 0.9}\ncases: []\n"), "", "thresholds.checks.sphere", "is not a metric of a conversation suite"),
    ("judge metric", suite("judge", "thresholds: {accuracy: 0.9}\ncases: []\n"), "", "thresholds.accuracy", "is not a metric of a judge suite"),
    ("cases are required", "name: x\nkind: classifier\n", "", "cases", "is required"),
    ("cases are a list or a file", suite("classifier", "cases: {a: 1}\n"), "", "cases", "must be a list of cases or the name of a .jsonl file"),
    ("cases are not empty", suite("classifier", "cases: []\n"), "", "cases", "holds no cases"),
    ("the case file exists", suite("classifier", "cases: nope.jsonl\n"), "", "cases", "file not found: nope.jsonl"),
    ("a case is a mapping", suite("classifier", "cases: [42]\n"), ": case 1", None, "must be a mapping"),
    # every case
    ("case id is required", suite("classifier", "cases:\n  - {text: t, expect: {sphere: null}}\n"), ": case 1", "id", "is required"),
    ("case id is a string or number", suite("classifier", "cases:\n  - {id: [1], text: t, expect: {sphere: null}}\n"), ": case 1", "id", "must be a string or a whole number"),
    ("case ids are unique", suite("classifier", "cases:\n" + OK_CLASSIFIER + OK_CLASSIFIER), ": case 2", "id", "duplicate id 1"),
    # classifier cases
    ("classifier text", suite("classifier", "cases:\n  - {id: 1, text: ' ', expect: {sphere: null}}\n"), ": case 1", "text", "must be a non-empty string"),
    ("classifier expect", suite("classifier", "cases:\n  - {id: 1, text: t}\n"), ": case 1", "expect", "is required"),
    ("classifier sphere required", suite("classifier", "cases:\n  - {id: 1, text: t, expect: {also: [execution]}}\n"), ": case 1", "expect.sphere", "is required"),
    ("classifier sphere known", suite("classifier", "cases:\n  - {id: 1, text: t, expect: {sphere: purple}}\n"), ": case 1", "expect.sphere", "must be one of accountability, leadership, execution or null, got 'purple'"),
    ("classifier sphere is not 'none'", suite("classifier", "cases:\n  - {id: 1, text: t, expect: {sphere: none}}\n"), ": case 1", "expect.sphere", "or null, got 'none'"),
    ("classifier expect closed", suite("classifier", "cases:\n  - {id: 1, text: t, expect: {sphere: null, alsoo: [execution]}}\n"), ": case 1", "expect.alsoo", "is not a known field (sphere, also)"),
    ("classifier also spheres", suite("classifier", "cases:\n  - {id: 1, text: t, expect: {sphere: execution, also: [purple]}}\n"), ": case 1", "expect.also[1]", "got 'purple'"),
    # retrieval cases
    ("retrieval query", suite("retrieval", "cases:\n  - {id: 1, expect: {sources: [a.md]}}\n"), ": case 1", "query", "is required"),
    ("retrieval sphere", suite("retrieval", "cases:\n  - {id: 1, query: q, expect: {sphere: purple, sources: [a.md]}}\n"), ": case 1", "expect.sphere", "got 'purple'"),
    ("retrieval overlap", suite("retrieval", "cases:\n  - {id: 1, query: q, expect: {overlap: execution, sources: [a.md]}}\n"), ": case 1", "expect.overlap", "must be one of roles, buy-in, process or null"),
    ("retrieval sources are strings", suite("retrieval", "cases:\n  - {id: 1, query: q, expect: {sources: a.md}}\n"), ": case 1", "expect.sources", "must be a list of strings"),
    ("retrieval ids are strings", suite("retrieval", "cases:\n  - {id: 1, query: q, expect: {ids: [1]}}\n"), ": case 1", "expect.ids", "must be a list of strings"),
    ("retrieval needs something relevant", suite("retrieval", "cases:\n  - {id: 1, query: q, expect: {sphere: execution}}\n"), ": case 1", "expect.sources", "name at least one relevant source file"),
    ("retrieval expect closed", suite("retrieval", "cases:\n  - {id: 1, query: q, expect: {source: [a.md]}}\n"), ": case 1", "expect.source", "is not a known field"),
    # conversation cases
    ("conversation turns", suite("conversation", "cases:\n  - {id: 1, turns: []}\n"), ": case 1", "turns", "must be a non-empty list of turns"),
    ("conversation user", suite("conversation", "cases:\n  - {id: 1, turns: [{expect: {}}]}\n"), ": case 1", "turns[1].user", "is required"),
    ("conversation turn closed", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi, expct: {}}]}\n"), ": case 1", "turns[1].expct", "is not a known field (user, expect)"),
    ("conversation turn expect", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi, expect: [sphere_is]}]}\n"), ": case 1", "turns[1].expect", "must be a mapping"),
    ("conversation known check", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi}, {user: ho, expect: {sphere: execution}}]}\n"), ": case 1", "turns[2].expect.sphere", "is not a known check"),
    ("asks_follow_up is a bool", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi, expect: {asks_follow_up: sometimes}}]}\n"), ": case 1", "turns[1].expect.asks_follow_up", "must be true or false"),
    ("cites_source is a bool", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi, expect: {cites_source: null}}]}\n"), ": case 1", "turns[1].expect.cites_source", "must be true or false"),
    ("sphere_is a sphere", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi, expect: {sphere_is: executin}}]}\n"), ": case 1", "turns[1].expect.sphere_is", "must be one of"),
    ("intervention_kind_is an overlap", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi, expect: {intervention_kind_is: execution}}]}\n"), ": case 1", "turns[1].expect.intervention_kind_is", "must be one of roles, buy-in, process, got 'execution'"),
    ("mentions is a list", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi, expect: {mentions: execution}}]}\n"), ": case 1", "turns[1].expect.mentions", "must be a list of words or phrases"),
    ("not_mentions has no empty word", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi, expect: {not_mentions: ['']}}]}\n"), ": case 1", "turns[1].expect.not_mentions", "must be a list of words or phrases"),
    ("mode_is a mode", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi, expect: {mode_is: online}}]}\n"), ": case 1", "turns[1].expect.mode_is", "must be one of offline, llm, fallback"),
    ("conversation checks known", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi}], checks: {diagnosed_within: 2}}\n"), ": case 1", "checks.diagnosed_within", "is not a known check"),
    ("diagnosed_within_turns >= 1", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi}], checks: {diagnosed_within_turns: 0}}\n"), ": case 1", "checks.diagnosed_within_turns", "must be a whole number of turns, 1 or more"),
    ("no_intervention_before_clear bool", suite("conversation", "cases:\n  - {id: 1, turns: [{user: hi}], checks: {no_intervention_before_clear: 1}}\n"), ": case 1", "checks.no_intervention_before_clear", "must be true or false"),
    # judge cases
    ("judge turns are messages", suite("judge", "cases:\n  - {id: 1, turns: [{user: hi}], question: q}\n"), ": case 1", "turns", "must be a non-empty list of messages (strings)"),
    ("judge question", suite("judge", "cases:\n  - {id: 1, turns: [hi]}\n"), ": case 1", "question", "is required"),
    ("judge choices are words", suite("judge", "cases:\n  - {id: 1, turns: [hi], question: q, choices: [Good!, bad]}\n"), ": case 1", "choices", "must be two or more distinct lower-case words"),
    ("judge choices are two or more", suite("judge", "cases:\n  - {id: 1, turns: [hi], question: q, choices: [yes]}\n"), ": case 1", "choices", "two or more"),
    ("judge choices are distinct", suite("judge", "cases:\n  - {id: 1, turns: [hi], question: q, choices: [yes, yes]}\n"), ": case 1", "choices", "distinct"),
    ("judge pass among choices", suite("judge", "cases:\n  - {id: 1, turns: [hi], question: q, choices: [good, bad], pass: [yes]}\n"), ": case 1", "pass", "must list the choices that count as a pass"),
    ("judge pass not empty", suite("judge", "cases:\n  - {id: 1, turns: [hi], question: q, pass: []}\n"), ": case 1", "pass", "must list the choices"),
    # the file as YAML
    ("valid YAML", "name: x\nkind: classifier\ncases: [\n", "", None, "invalid YAML"),
    ("no duplicate keys", "name: x\nname: y\nkind: classifier\ncases: []\n", "", None, "duplicate key 'name'"),
    ("a mapping", "- name: x\n", "", None, "must be a YAML mapping"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "where", "field", "problem"),
    [case[1:] for case in BAD_SUITES],
    ids=[case[0] for case in BAD_SUITES],
)
def test_a_bad_suite_names_file_and_field(
    tmp_path: Path, text: str, where: str, field: str | None, problem: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    message = str(info.value)
    located = f"{path}{where}: field '{field}': " if field else f"{path}{where}: "
    assert message.startswith(located), message
    assert problem in message
    assert "\n" not in message and "pydantic" not in message  # one plain sentence
    assert info.value.source == f"{path}{where}" and info.value.field == field


def write_jsonl(folder: Path, name: str, rows: list[object]) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "\n", encoding="utf-8")
    return path


BAD_LINES = [
    ({"id": "b", "text": "t", "expect": {"sphere": "nope"}}, "expect.sphere", "got 'nope'"),
    (
        {"id": "b", "text": "t", "expect": {"sphere": None, "extra": 1}},
        "expect.extra",
        "is not a known field",
    ),
    ({"id": "a", "text": "t", "expect": {"sphere": None}}, "id", "duplicate id 'a'"),
    ({"text": "t", "expect": {"sphere": None}}, "id", "is required"),
    (
        {"id": True, "text": "t", "expect": {"sphere": None}},
        "id",
        "must be a string or a whole number",
    ),
    ([1, 2], None, "each line must be a JSON object"),
]


@pytest.mark.parametrize(("row", "field", "problem"), BAD_LINES)
def test_a_bad_jsonl_case_names_its_file_and_line(
    tmp_path: Path, row: object, field: str | None, problem: str
) -> None:
    good = {"id": "a", "text": "t", "expect": {"sphere": None}}
    cases = write_jsonl(tmp_path / "data", "cases.jsonl", [good, row])
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nkind: classifier\ncases: data/cases.jsonl\n", encoding="utf-8")
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    located = f"{cases}:2: field '{field}': " if field else f"{cases}:2: "
    assert str(info.value).startswith(located) and problem in str(info.value), str(info.value)


def test_the_case_file_is_found_next_to_the_suite_not_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_jsonl(tmp_path / "evals", "c.jsonl", [{"id": 1, "text": "t", "expect": {"sphere": None}}])
    path = tmp_path / "evals" / "s.yaml"
    path.write_text("name: x\nkind: classifier\ncases: c.jsonl\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert len(load_suite(Path("evals/s.yaml")).cases) == 1


def test_a_good_suite_parses_into_cases_and_models(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        "name: ok\nkind: classifier\ndescription: '  Some cases.  '\n"
        "thresholds: {accuracy: 0.9, per_label.null.precision: 0.8, macro_f1: 1}\ncases:\n"
        "  - {id: c1, text: t, expect: {sphere: execution, also: [leadership]}, speaker: owner}\n"
        "  - {id: 2, text: u, expect: {sphere: null}}\n",
        encoding="utf-8",
    )
    loaded = load_suite(path)
    assert isinstance(loaded, Suite)
    assert (loaded.name, loaded.kind, loaded.k, loaded.description) == (
        "ok",
        "classifier",
        3,
        "Some cases.",
    )
    assert loaded.thresholds == {"accuracy": 0.9, "per_label.null.precision": 0.8, "macro_f1": 1.0}
    assert loaded.cases == (
        {
            "id": "c1",
            "text": "t",
            "expect": {"sphere": "execution", "also": ["leadership"]},
            "speaker": "owner",
        },
        {"id": 2, "text": "u", "expect": {"sphere": None}},
    )
    first = loaded.parsed[0]
    assert isinstance(first, ClassifierCase) and first.expect.also == ["leadership"]


def test_judge_cases_get_their_defaults_and_bare_yes_no_become_words(tmp_path: Path) -> None:
    path = tmp_path / "j.yaml"
    path.write_text(
        "name: j\nkind: judge\ncases:\n"
        "  - {id: 1, turns: [hi], question: 'ok?'}\n"
        "  - {id: 2, turns: [hi], question: 'ok?', choices: [no, yes], pass: [yes]}\n",
        encoding="utf-8",
    )
    one, two = load_suite(path).cases
    assert (one["choices"], one["pass"]) == (["yes", "no"], ["yes"])
    assert (two["choices"], two["pass"]) == (["no", "yes"], ["yes"])


def test_conversation_cases_keep_only_the_checks_they_write(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "name: c\nkind: conversation\ncases:\n  - id: 1\n    covers: [small talk]\n"
        "    turns:\n      - {user: hi, expect: {sphere_is: null, asks_follow_up: false}}\n"
        "      - {user: ho}\n    checks: {diagnosed_within_turns: 2}\n",
        encoding="utf-8",
    )
    (case,) = load_suite(path).cases
    assert case == {
        "id": 1,
        "covers": ["small talk"],
        "turns": [
            {"user": "hi", "expect": {"sphere_is": None, "asks_follow_up": False}},
            {"user": "ho"},
        ],
        "checks": {"diagnosed_within_turns": 2},
    }


@pytest.mark.parametrize(
    ("kind", "metric", "known"),
    [
        ("classifier", "per_label.leadership.recall", True),
        ("classifier", "per_label.null.f1", True),
        ("classifier", "per_label.none.f1", False),
        ("classifier", "micro_f1", True),
        ("retrieval", "recall_at_3", True),
        ("retrieval", "mrr", True),
        ("conversation", "checks.no_intervention_before_clear", True),
        ("conversation", "checks.mentions", True),
        ("judge", "pass_rate", True),
        ("judge", "unanswered", False),
    ],
)
def test_known_metrics(kind: str, metric: str, known: bool) -> None:
    assert known_metric(kind, metric) is known


def test_every_shipped_suite_parses_and_checks_match_the_runner() -> None:
    # Every suite but the numbered conversation sets, and the newest three of those: the
    # README's test command ends with `ale eval run evals`, which reads every one of the
    # ~240 files (17 MB of YAML) and refuses a malformed one, and so does `ale eval validate`.
    numbered = sorted(
        EVALS.glob("conversations-listening-[0-9]*.yaml"), key=lambda p: int(p.stem.rsplit("-")[-1])
    )
    for path in sorted(set(EVALS.glob("*.yaml")) - set(numbered[:-3])):
        loaded = load_suite(path)
        assert loaded.cases and len(loaded.parsed) == len(loaded.cases)
        assert all(isinstance(c, CASE_MODELS[loaded.kind]) for c in loaded.parsed)
    # every per-turn check the schema accepts is one the runner evaluates
    values = {
        "asks_follow_up": True,
        "sphere_is": "execution",
        "intervention_kind_is": "process",
        "cites_source": True,
        "mentions": ["x"],
        "not_mentions": ["x"],
        "mode_is": "offline",
        "action_is": "answer",
        "role_is": "owner",
        "industry_is": "retail",
        "problems_count": 1,
        "problem_spheres": ["execution"],
        "stores_evidence": False,
        "notice_given": False,
        "names_changed_from": "leadership",
        "plan_items": 1,
        "plan_statuses": ["open"],
        "plan_notes": 0,
    }
    assert set(TURN_CHECKS) == set(values)
    turn = {"reply": "x", "sphere": "execution", "problems": [{"sphere": "execution"}]}
    for name, value in values.items():
        played = run_conversation(
            lambda _message: dict(turn), {"turns": [{"user": "hi", "expect": {name: value}}]}
        )
        assert [c["check"] for c in played["checks"]] == [name]
    judge = load_suite(EVALS / "judge-core.yaml").parsed
    assert all(isinstance(c, JudgeCase) and set(c.pass_) <= set(c.choices) for c in judge)
