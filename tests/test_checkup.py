"""The ALE checkup and the team pulse, end to end through `ale` (in-process): the
statements' contract, the formula on random answers, reverse items, ties, trends,
anonymity, disagreements, role gaps, the combination with the chat, and bad input."""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
from pathlib import Path
from typing import Any

import pytest

from .conftest import KNOWLEDGE, run_ale

SPHERES = ("accountability", "leadership", "execution")
OVERLAPS = ("roles", "buy-in", "process")


def items() -> list[dict[str, Any]]:
    result = run_ale("checkup", "items", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["scale"] == {"min": 1, "max": 5}
    return list(data["items"])


def expected(statements: list[dict[str, Any]], answers: dict[str, int]) -> dict[str, Any]:
    """The contract's formula, computed here from `ale checkup items` alone."""

    def adjusted(item: dict[str, Any]) -> int:
        value = answers[item["id"]]
        return 6 - value if item["reverse"] else value

    def score(group: list[dict[str, Any]]) -> float | None:
        values = [adjusted(i) for i in group if i["id"] in answers]
        return (statistics.fmean(values) - 1) / 4 * 100 if values else None

    return {
        "scores": {s: score([i for i in statements if i["sphere"] == s]) for s in SPHERES},
        "overlaps": {o: score([i for i in statements if i["overlap"] == o]) for o in OVERLAPS},
    }


def checkup(answers: dict[str, Any] | list[Any] | str, *args: str) -> Any:
    raw = answers if isinstance(answers, str) else json.dumps(answers)
    return run_ale("checkup", "--answers", "-", "--json", *args, stdin=raw)


def worst_in(statements: list[dict[str, Any]], sphere: str) -> dict[str, int]:
    """Healthy answers everywhere except `sphere`, which is answered as badly as it gets."""
    out = {}
    for item in statements:
        healthy = 5 if item["sphere"] != sphere else 1
        out[item["id"]] = 6 - healthy if item["reverse"] else healthy
    return out


def test_the_statements_follow_the_contract() -> None:
    statements = items()
    assert {tuple(sorted(i)) for i in statements} == {
        ("id", "overlap", "reverse", "sphere", "text")
    }
    assert len({i["id"] for i in statements}) == len(statements)
    for sphere in SPHERES:
        plain = [i for i in statements if i["sphere"] == sphere and i["overlap"] is None]
        assert len(plain) >= 4
        assert any(i["reverse"] for i in statements if i["sphere"] == sphere)
    pairs = {"roles": "accountability", "buy-in": "leadership", "process": "execution"}
    for overlap, sphere in pairs.items():
        mine = [i for i in statements if i["overlap"] == overlap]
        assert len(mine) >= 2 and all(i["sphere"] == sphere for i in mine)
    human = run_ale("checkup", "items")
    assert human.returncode == 0 and "A1" in human.stdout and "Strongly" not in human.stderr


def test_scores_follow_the_formula_on_random_answers() -> None:
    statements = items()
    ids = [i["id"] for i in statements]
    rng = random.Random(17)
    for _ in range(25):
        chosen = rng.sample(ids, rng.randint((len(ids) + 1) // 2, len(ids)))
        answers = {i: rng.randint(1, 5) for i in chosen}
        result = checkup(answers)
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        want = expected(statements, answers)
        for key in ("scores", "overlaps"):
            for name, value in want[key].items():
                if value is None:
                    assert data[key][name] is None
                else:
                    # half up to one decimal: never more than 0.05 away (float noise aside)
                    assert abs(data[key][name] - value) <= 0.05 + 1e-9, (key, name, answers)
        assert data["answered"] == len(answers)
        assert data["missing"] == [i for i in ids if i not in answers]
        scored = {s: v for s, v in data["scores"].items() if v is not None}
        assert data["scores"][data["sphere"]] == min(scored.values())


@pytest.mark.parametrize("sphere", SPHERES)
def test_the_sphere_answered_worst_is_the_one_to_fix(sphere: str) -> None:
    statements = items()
    data = json.loads(checkup(worst_in(statements, sphere)).stdout)
    overlap = {"accountability": "roles", "leadership": "buy-in", "execution": "process"}[sphere]
    assert (data["sphere"], data["overlap"]) == (sphere, overlap)
    assert data["scores"][sphere] == 0.0
    assert all(data["scores"][s] == 100.0 for s in SPHERES if s != sphere)
    assert data["overlaps"][overlap] == 0.0
    moves = data["interventions"]
    assert moves and all(m["kind"] == overlap for m in moves)
    for move in moves:
        assert (KNOWLEDGE.parent / move["source"]).is_file()
    assert data["trend"] is None


def test_reverse_items_count_against_agreement() -> None:
    statements = items()
    reverse = next(i for i in statements if i["reverse"])
    answers = {i["id"]: 3 for i in statements}
    answers[reverse["id"]] = 5  # strongly agreeing with a warning sign
    data = json.loads(checkup(answers).stdout)
    same = [i for i in statements if i["sphere"] == reverse["sphere"]]
    assert data["scores"][reverse["sphere"]] == pytest.approx(
        round((len(same) * 2 - 2) / len(same) / 4 * 100, 1), abs=0.05
    )
    assert data["sphere"] == reverse["sphere"]


def test_a_tie_goes_to_the_sphere_with_more_low_answers() -> None:
    statements = items()
    answers: dict[str, int] = {}
    for sphere in SPHERES:
        mine = [i for i in statements if i["sphere"] == sphere]
        for n, item in enumerate(mine):
            if sphere == "execution":  # the same mean (3) as accountability, from extremes
                healthy = 3 if n == len(mine) - 1 and len(mine) % 2 else (1 if n % 2 else 5)
            else:
                healthy = 3 if sphere == "accountability" else 5
            answers[item["id"]] = 6 - healthy if item["reverse"] else healthy
    data = json.loads(checkup(answers).stdout)
    assert data["scores"]["accountability"] == data["scores"]["execution"] == 50.0
    assert data["sphere"] == "execution"


BAD = [
    ([1, 2], "JSON object"),
    ('"A1"', "JSON object"),
    ("{not json", "not valid JSON"),
    ({"Z9": 3}, "'Z9'"),
    ({"A1": 6}, "item A1"),
    ({"A1": 0}, "item A1"),
    ({"A1": "4"}, "item A1"),
    ({"A1": 3.5}, "item A1"),
    ({"A1": True}, "item A1"),
    ({"A1": 4}, "half"),
]


@pytest.mark.parametrize(("answers", "named"), BAD)
def test_bad_answers_exit_2_with_one_message_and_store_nothing(
    answers: Any, named: str, tmp_path: Path
) -> None:
    result = checkup(answers, "--session", "kept")
    assert result.returncode == 2
    assert named in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    database = tmp_path / "data" / "sessions.sqlite3"
    if database.exists():
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT COUNT(*) FROM checkups").fetchone()[0] == 0


def test_other_bad_input_is_named() -> None:
    good = json.dumps({f"A{n}": 3 for n in range(1, 6)})
    assert "no such file" in run_ale("checkup", "--answers", "/nope.json").stderr
    result = run_ale("checkup", "--answers", "-", "--role", "boss", stdin=good)
    assert result.returncode == 2 and "role 'boss'" in result.stderr
    result = run_ale("checkup", "--answers", "-", "--session", "bad id!", stdin=good)
    assert result.returncode == 2 and "session id" in result.stderr


def test_a_second_checkup_in_a_session_reports_the_trend() -> None:
    statements = items()
    first = json.loads(checkup(worst_in(statements, "execution"), "--session", "t1").stdout)
    assert first["trend"] is None
    better = {i["id"]: (1 if i["reverse"] else 5) for i in statements}
    second = json.loads(checkup(better, "--session", "t1", "--role", "owner").stdout)
    assert second["trend"] == {"accountability": 0.0, "leadership": 0.0, "execution": 100.0}
    other = json.loads(checkup(better, "--session", "t2").stdout)
    assert other["trend"] is None  # another conversation has its own history


def test_the_checkup_can_be_asked_in_the_terminal() -> None:
    count = len(items())
    typed = "\n".join(["5", "x", "4"] + ["3"] * (count - 2)) + "\n"
    result = run_ale("checkup", "--json", stdin=typed)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answered"] == count and "1 to 5" in result.stderr
    too_few = run_ale("checkup", stdin="q\n")
    assert too_few.returncode == 2 and "half" in too_few.stderr


def test_the_human_output_names_the_sphere_and_where_to_start() -> None:
    statements = items()
    raw = json.dumps(worst_in(statements, "leadership"))
    result = run_ale("checkup", "--answers", "-", stdin=raw)
    assert result.returncode == 0
    assert (
        "Fix Leadership first" in result.stdout
        and "knowledge/interventions/buy-in/" in result.stdout
    )


# -- the team pulse -----------------------------------------------------------------------


def create(team: str = "Kitchen") -> str:
    result = run_ale("pulse", "create", "--team", team, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["team"] == team
    return str(data["code"])


def answer(code: str, answers: dict[str, int], role: str | None = None) -> dict[str, Any]:
    args = ["pulse", "answer", code, "--answers", "-", "--json"]
    result = run_ale(*args, *(["--role", role] if role else []), stdin=json.dumps(answers))
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def results(code: str) -> dict[str, Any]:
    result = run_ale("pulse", "results", code, "--json")
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_pulse_results_stay_hidden_below_three_answers() -> None:
    statements = items()
    code = create()
    assert len(code.replace("-", "")) >= 8
    assert create() != code
    assert results(code) == {"n": 0, "min_n": 3, "ready": False}
    for n in (1, 2):
        assert answer(code, worst_in(statements, "execution"), "owner") == {"ok": True, "n": n}
        assert results(code) == {"n": n, "min_n": 3, "ready": False}
    answer(code, worst_in(statements, "execution"), "team-member")
    data = results(code)
    assert data["ready"] and data["n"] == 3
    assert (data["sphere"], data["overlap"]) == ("execution", "process")
    assert data["scores"]["execution"] == 0.0 and data["spread"]["execution"] == 0.0
    assert data["disagreement"] == [] and data["gaps"] == []
    assert data["roles"] == {}  # 2 leaders and 1 team member: both groups too small
    text = run_ale("pulse", "results", code.lower().replace("-", ""))
    assert text.returncode == 0 and "Fix Execution first" in text.stdout


def test_pulse_scores_spread_disagreement_and_role_gaps() -> None:
    statements = items()
    code = create("Front of house")
    low, high = worst_in(statements, "accountability"), worst_in(statements, "leadership")
    for role in ("owner", "manager", "owner"):
        answer(code, high, role)  # leaders: accountability fine, leadership at 0
    for _ in range(3):
        answer(code, low, "team-member")  # team: accountability at 0
    data = results(code)
    assert data["n"] == 6
    assert data["scores"] == {"accountability": 50.0, "leadership": 50.0, "execution": 100.0}
    assert data["spread"]["accountability"] == 50.0 and data["spread"]["execution"] == 0.0
    assert "accountability" in data["disagreement"] and "leadership" in data["disagreement"]
    assert "execution" not in data["disagreement"]
    accountability_items = [i["id"] for i in statements if i["sphere"] == "accountability"]
    assert set(accountability_items) <= set(data["disagreement"])
    assert data["roles"] == {
        "leaders": {
            "n": 3,
            "scores": {"accountability": 100.0, "leadership": 0.0, "execution": 100.0},
        },
        "team-member": {
            "n": 3,
            "scores": {"accountability": 0.0, "leadership": 100.0, "execution": 100.0},
        },
    }
    assert {g["sphere"]: (g["leaders"], g["team-member"]) for g in data["gaps"]} == {
        "accountability": (100.0, 0.0),
        "leadership": (0.0, 100.0),
    }
    # a seventh answer with no role would leave one person outside both groups, whose
    # answers the total minus the groups would give away: one group is hidden, so what
    # is left over is four people, and no gap can be shown
    answer(code, high)
    data = results(code)
    assert data["n"] == 7 and len(data["roles"]) == 1 and data["gaps"] == []
    assert sum(g["n"] for g in data["roles"].values()) == 3


def test_a_small_role_group_is_never_shown() -> None:
    statements = items()
    code = create()
    for role in ("team-member", "team-member", "team-member", "manager", "team-member"):
        answer(code, worst_in(statements, "execution"), role)
    data = results(code)
    assert "leaders" not in data["roles"]
    for _ in range(2):
        answer(code, worst_in(statements, "execution"), "owner")
    data = results(code)
    assert data["roles"]["leaders"]["n"] == 3 and data["roles"]["team-member"]["n"] == 4


def test_a_pulse_stores_nothing_that_names_a_person(tmp_path: Path) -> None:
    statements = items()
    code = create()
    answer(code, worst_in(statements, "execution"), "manager")
    with sqlite3.connect(tmp_path / "data" / "sessions.sqlite3") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(pulse_answers)")]
        rows = db.execute("SELECT day, role_group FROM pulse_answers").fetchall()
    assert columns == ["code", "id", "day", "role_group", "answers"]
    assert len(rows) == 1 and rows[0][1] == "leaders"
    assert len(rows[0][0]) == 10  # YYYY-MM-DD: nothing finer than the day


def test_pulse_bad_input_exits_2() -> None:
    statements = items()
    good = json.dumps(worst_in(statements, "execution"))
    for code in ("ZZZZZ-ZZZZZ", "nope", ""):
        result = run_ale("pulse", "answer", code, "--answers", "-", stdin=good)
        assert result.returncode == 2 and "unknown pulse code" in result.stderr
        result = run_ale("pulse", "results", code)
        assert result.returncode == 2 and "unknown pulse code" in result.stderr
    assert run_ale("pulse", "create", "--team", "   ").returncode == 2
    code = create()
    result = run_ale("pulse", "answer", code, "--answers", "-", stdin='{"A1": 9}')
    assert result.returncode == 2 and "item A1" in result.stderr
    assert results(code)["n"] == 0


def test_the_pulse_report_is_written_once_results_show(tmp_path: Path) -> None:
    statements = items()
    code = create("Line <b>cooks</b>")
    out = tmp_path / "pulse.html"
    early = run_ale("pulse", "results", code, "--report", str(out))
    assert early.returncode == 2 and not out.exists()
    for role in ("owner", "manager", "owner"):
        answer(code, worst_in(statements, "leadership"), role)
    for _ in range(3):
        answer(code, worst_in(statements, "execution"), "team-member")
    result = run_ale("pulse", "results", code, "--report", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page and 'data-sphere="execution"' in page
    assert "Line &lt;b&gt;cooks&lt;/b&gt;" in page and "<b>cooks" not in page
    assert "knowledge/interventions/" in page
    assert "<table class='ale-gap'>" in page and "<svg class='ale-spread'" in page
    assert "data-sphere='execution' data-mean='50.0' data-spread='50.0'" in page
    assert 'class="ale-score" data-sphere="execution" data-score="50"' in page


@pytest.mark.slow
def test_the_which_sphere_answer_weighs_a_checkup_with_what_was_said(warm_copy: Path) -> None:
    env = {"ALE_DATA_DIR": str(warm_copy)}
    statements = items()
    stored = run_ale(
        "checkup",
        "--answers",
        "-",
        "--session",
        "mix",
        "--json",
        stdin=json.dumps(worst_in(statements, "execution")),
        env=env,
    )
    assert stored.returncode == 0, stored.stderr

    def turns(session: str, *messages: str) -> list[dict[str, Any]]:
        result = run_ale(
            "chat", "--jsonl", "--session", session, stdin="\n".join(messages) + "\n", env=env
        )
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]

    # the checkup alone answers which sphere, and says it is the checkup's view
    (alone,) = turns("mix", "Which sphere should we fix?")
    assert (alone["action"], alone["sphere"], alone["overlap"]) == (
        "which_sphere",
        "execution",
        "process",
    )
    assert "checkup" in alone["reply"] and all(
        i["kind"] == "process" for i in alone["interventions"]
    )
    # what was said agrees: both are named
    said, agreed = turns(
        "mix",
        "Every cook preps the line their own way and we run out of the same things every "
        "Saturday because nothing is written down.",
        "Which sphere should we fix?",
    )
    assert said["sphere"] == "execution"
    assert agreed["sphere"] == "execution" and "agree" in agreed["reply"]
    # a conversation with no checkup is not affected by another's
    (other,) = turns("plain", "Which sphere should we fix?")
    assert other["sphere"] is None and "checkup" not in other["reply"]


def test_answer_files_from_real_editors_and_repeated_items(tmp_path: Path) -> None:
    statements = items()
    answers = {i["id"]: 3 for i in statements}
    bom = tmp_path / "notepad.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(answers).encode())
    result = run_ale("checkup", "--answers", str(bom), "--json")
    assert result.returncode == 0, result.stderr
    twice = json.dumps(answers)[:-1] + ', "a1": 4}'
    result = checkup(twice)
    assert result.returncode == 2 and "'a1' is answered twice" in result.stderr
    result = run_ale("checkup", "--answers", str(tmp_path))
    assert result.returncode == 2 and "is a folder" in result.stderr
    result = checkup({**answers, "A1": True})
    assert result.returncode == 2 and "item A1: true is not an answer" in result.stderr


def test_pulse_json_is_printed_even_when_the_report_must_wait(tmp_path: Path) -> None:
    code = create()
    result = run_ale("pulse", "results", code, "--json", "--report", str(tmp_path / "r.html"))
    assert result.returncode == 2 and "no report yet" in result.stderr
    assert json.loads(result.stdout) == {"n": 0, "min_n": 3, "ready": False}
