"""`ale chat --jsonl` contract, sessions that survive a restart, and the session store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.storage import NO_OWNER, check_session_id
from assistant.storage.sqlite import SqliteSessionRepo

from .conftest import run_ale, run_ale_process

TURN_KEYS = {
    "reply",
    "sphere",
    "overlap",
    "follow_up",
    "interventions",
    "sources",
    "evidence",
    "mode",
    "action",
    "role",
    "problems",
    "notice",
    "fallback_reason",
    "industry",
}


@pytest.mark.slow
def test_a_second_process_continues_the_session(warm_copy: Path) -> None:
    """Two real processes, one after the other, on one data dir (its index prebuilt)."""
    env = {"ALE_DATA_DIR": str(warm_copy), "ALE_LLM": "off"}
    first = run_ale_process(
        "chat",
        "--jsonl",
        "--session",
        "load-in-woes",
        stdin="Honestly things are a mess at our company.\n",
        env=env,
    )
    assert first.returncode == 0, first.stderr
    opener = json.loads(first.stdout)
    assert set(opener) == TURN_KEYS
    assert (
        opener["follow_up"] is True and opener["sphere"] is None and opener["interventions"] == []
    )
    second = run_ale_process(
        "chat",
        "--jsonl",
        "--session",
        "load-in-woes",
        stdin=(
            "Every crew chief packs the truck his own way and we keep forgetting the same cables.\n"
            '{"message": "So which sphere should we fix first?"}\n'
        ),
        env=env,
    )
    assert second.returncode == 0, second.stderr
    diagnosis, ranking = (json.loads(line) for line in second.stdout.splitlines())
    assert diagnosis["sphere"] == "execution" and diagnosis["overlap"] == "process"
    assert diagnosis["interventions"] and all(
        i["kind"] == "process" for i in diagnosis["interventions"]
    )
    assert all(s["source"].startswith("knowledge/") for s in diagnosis["sources"])
    assert diagnosis["evidence"] and diagnosis["mode"] == "offline"
    assert ranking["sphere"] == "execution" and "Execution" in ranking["reply"]
    store = SqliteSessionRepo.in_data_dir(warm_copy)
    turns = store.turns("load-in-woes", NO_OWNER)
    assert [t.turn for t in turns] == [1, 2, 3]
    assert turns[0].user_text == "Honestly things are a mess at our company."
    assert turns[2].data["sphere"] == "execution"


@pytest.mark.slow
def test_bad_lines_get_error_objects_and_the_conversation_goes_on(tmp_path: Path) -> None:
    env = {"ALE_DATA_DIR": str(tmp_path / "data")}
    lines = ["", "x" * 5000, "The warehouse and the crew blame each other for every missing case."]
    out = run_ale("chat", "--jsonl", stdin="\n".join(lines) + "\n", env=env)
    assert out.returncode == 1
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 3
    assert rows[0] == {"error": "line 1: the message is empty; tell me what is going on at work"}
    assert "limit is 4000" in rows[1]["error"]
    assert rows[2]["sphere"] == "accountability"
    assert "Traceback" not in out.stderr


def test_invalid_session_id_is_a_clean_error(tmp_path: Path) -> None:
    out = run_ale(
        "chat",
        "--jsonl",
        "--session",
        "../../etc",
        stdin="hi\n",
        env={"ALE_DATA_DIR": str(tmp_path)},
    )
    assert out.returncode == 2 and "session id '../../etc' is not valid" in out.stderr


def test_session_store_round_trips_text_exactly_and_lists_sessions(tmp_path: Path) -> None:
    store = SqliteSessionRepo.in_data_dir(tmp_path)
    odd = "emoji \U0001f3a4, bidi \u202e, quotes ' \" and {{braces}} <script>x</script>"
    assert store.append("s1", odd, "reply", {"a": 1}, {"turn": 1}, owner="ana") == 1
    assert store.append("s1", "second", "reply 2", {}, {"turn": 2}, owner="ana") == 2
    store.append("s2", "other", "r", {}, {}, owner="bo")
    reopened = SqliteSessionRepo.in_data_dir(tmp_path)
    assert reopened.turns("s1", "ana")[0].user_text == odd
    assert reopened.last_state("s1", "ana") == {"turn": 2}
    assert [s["id"] for s in reopened.sessions(owner="ana")] == ["s1"]
    assert reopened.turns("s1", owner="bo") == []
    assert reopened.db.read("PRAGMA journal_mode") == [("wal",)]


@pytest.mark.parametrize("bad", ["", "a/b", "../x", "x" * 65, "spa ce"])
def test_session_ids_are_checked(bad: str) -> None:
    with pytest.raises(InputError):
        check_session_id(bad)


def _coach(tmp_path: Path, rules_classifier):  # type: ignore[no-untyped-def]
    from assistant.config import Settings
    from assistant.wiring import assemble_coach

    settings = Settings.from_env({"ALE_DATA_DIR": str(tmp_path), "ALE_LLM": "off"})
    return assemble_coach(settings, rules_classifier)


def test_which_sphere_before_any_problem_says_it_is_too_early(
    tmp_path: Path, rules_classifier
) -> None:  # type: ignore[no-untyped-def]
    from assistant.coaching.state import State

    turn = _coach(tmp_path, rules_classifier).reply("Which sphere should we fix?", state=State())
    assert turn.action == "which_sphere" and turn.sphere is None
    assert "can't rank the spheres yet" in turn.reply and "Thanks" not in turn.reply


def test_a_role_picked_outside_the_message_tailors_the_next_reply(
    tmp_path: Path, rules_classifier
) -> None:  # type: ignore[no-untyped-def]
    from assistant.coaching.plan import Turn
    from assistant.coaching.state import State

    coach = _coach(tmp_path, rules_classifier)
    state = State()
    first = coach.reply(
        "The PMs and the warehouse keep blaming each other and nobody owns the venue call.",
        state=state,
    )
    assert first.sphere == "accountability"

    def say(message: str, role: str | None) -> Turn:
        out = [x for x in coach.stream(message, None, state, "", role) if isinstance(x, Turn)]
        return out[0]

    picked = say("ok", "manager")
    assert state.role == "manager" and picked.action == "recommend"
    assert "As a manager" in picked.reply
    # the same role again is not news; "what should I do first?" about one problem gets
    # its first steps ("which sphere should we fix?" would rank the spheres)
    first_step = say("What should I do first?", "manager")
    assert first_step.action == "answer" and first_step.sphere == "accountability"
    assert "first steps" in first_step.reply
    ranked = say("Which sphere should we fix first?", "manager")
    assert ranked.action == "which_sphere" and ranked.sphere == "accountability"


def test_a_message_in_another_language_gets_the_notice_and_keeps_the_conversation(
    tmp_path: Path, rules_classifier
) -> None:  # type: ignore[no-untyped-def]
    from assistant.coaching.state import State

    coach = _coach(tmp_path, rules_classifier)
    state = State()
    first = coach.reply(
        "Every crew chief packs the truck his own way and we keep forgetting cables.",
        state=state,
    )
    before = [e.phrase for e in state.evidence]
    turn = coach.reply(
        "Nadie sabe quién es responsable y siempre hay errores en los pedidos.", state=state
    )
    assert turn.action == "notice" and "English" in turn.reply
    assert turn.sphere == first.sphere and turn.interventions == ()
    assert [e.phrase for e in state.evidence] == before  # nothing was read as evidence
