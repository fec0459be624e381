"""The storage contract, run against both engines: one SQLite file and a real PostgreSQL.

Whatever the engine, a session belongs to its owner, turn numbers are 1, 2, 3... with no
gap or clash under concurrent writers, checkups are numbered per conversation, a pulse keeps
only role groups and answers, and plan items keep their dated notes.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.storage import (
    NO_OWNER,
    has_session,
    open_checkups,
    open_database,
    open_plans,
    open_sessions,
)

THREADS, APPENDS = 8, 10
WAIT = 120  # seconds: the bound on every join


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path / "data")
    url = request.getfixturevalue("pg_url")
    return Settings(data_dir=tmp_path / "data", database_url=url)


def test_sessions_belong_to_their_owner_and_keep_text_exactly(settings: Settings) -> None:
    repo = open_sessions(settings)
    odd = "emoji \U0001f3a4, bidi \u202e, quotes ' \" %s ? and {{braces}} <b>x</b>"
    assert repo.append("s1", odd, "reply", {"a": [1, "é"]}, {"turn": 1}, "alice") == 1
    assert repo.append("s1", "second", "reply 2", {}, {"turn": 2}, "alice") == 2
    assert repo.append("s1", "bob's own", "r", {}, {"turn": 1}, "bob") == 1  # same id, bob's
    repo.append("open-1", "no login", "r", {}, {"turn": 1}, NO_OWNER)
    turns = repo.turns("s1", "alice")
    assert [t.turn for t in turns] == [1, 2]
    assert turns[0].user_text == odd and turns[0].data == {"a": [1, "é"]}
    assert repo.last_state("s1", "alice") == {"turn": 2}
    assert repo.last_state("s1", "carol") is None and repo.turns("s1", NO_OWNER) == []
    assert [t.user_text for t in repo.turns("s1", "bob")] == ["bob's own"]
    listed = repo.sessions("alice")
    assert [(s["id"], s["turns"], s["title"]) for s in listed] == [("s1", 2, odd[:80])]
    assert [s["id"] for s in repo.sessions(NO_OWNER)] == ["open-1"]
    repo.set_feedback("s1", 2, {"liked": True}, "alice")
    repo.set_feedback("s1", 2, {"liked": False}, "bob")  # bob has no turn 2: nothing changes
    rows = repo.db.read(  # type: ignore[attr-defined]
        "SELECT owner, turn, feedback FROM turns WHERE feedback IS NOT NULL"
    )
    assert rows == [("alice", 2, '{"liked": true}')]
    repo.close()


def test_concurrent_writers_to_one_session_never_collide_or_lose_a_turn(
    settings: Settings,
) -> None:
    repo = open_sessions(settings)
    barrier = threading.Barrier(THREADS)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait(timeout=WAIT)
            for i in range(APPENDS):
                numbers.append(repo.append("busy", f"w{n} t{i}", "r", {}, {"i": i}, NO_OWNER))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT)
    assert errors == [] and not any(t.is_alive() for t in threads)
    total = THREADS * APPENDS
    assert sorted(numbers) == list(range(1, total + 1))
    stored = repo.turns("busy", NO_OWNER)
    assert [t.turn for t in stored] == list(range(1, total + 1))
    assert len({t.user_text for t in stored}) == total
    assert repo.sessions(NO_OWNER)[0]["turns"] == total
    repo.close()


def test_checkups_are_numbered_per_conversation_even_when_taken_at_once(
    settings: Settings,
) -> None:
    repo = open_checkups(settings)
    numbers: list[int] = []
    barrier = threading.Barrier(4)

    def take(n: int) -> None:
        barrier.wait(timeout=WAIT)
        numbers.append(repo.add_checkup("c1", "ana", "manager", {"A1": n + 1}, {"n": n}))

    threads = [threading.Thread(target=take, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT)
    assert sorted(numbers) == [1, 2, 3, 4]
    taken = repo.checkups("c1", "ana")
    assert [c.number for c in taken] == [1, 2, 3, 4] and taken[0].role == "manager"
    assert repo.checkups("c1", "bo") == []
    assert repo.add_checkup("c1", "bo", None, {"A1": 5}, {}) == 1  # bo's own numbering
    sessions = open_sessions(settings)
    assert has_session(sessions, repo, "c1", "ana") and not has_session(sessions, repo, "c2", "ana")
    sessions.close()
    repo.close()


def test_a_pulse_keeps_role_groups_and_answers_and_counts_them(settings: Settings) -> None:
    repo = open_checkups(settings)
    pulse = repo.create_pulse("ABCDE-FGHJK", "Night shift", "ana")
    assert repo.pulse("ABCDE-FGHJK") == pulse and repo.pulse("NOPE") is None
    assert pulse.day.count("-") == 2 and len(pulse.day) == 10  # the day, nothing finer
    repo.create_pulse("KLMNP-QRSTU", "Kitchen", "ana")
    repo.create_pulse("VWXYZ-23456", "Other's", "bo")
    assert sorted(p.team for p in repo.pulses("ana")) == ["Kitchen", "Night shift"]
    assert [repo.add_pulse_answer("ABCDE-FGHJK", g, {"A1": 2}) for g in ("manager", None)] == [
        1,
        2,
    ]
    assert sorted(repo.pulse_answers("ABCDE-FGHJK"), key=str) == sorted(
        [("manager", {"A1": 2}), (None, {"A1": 2})], key=str
    )
    columns = repo.db.read(  # type: ignore[attr-defined]
        "SELECT * FROM pulse_answers WHERE code = 'ABCDE-FGHJK'"
    )
    assert all(len(row) == 5 for row in columns)  # code, random id, day, group, answers
    repo.close()


def test_plan_items_keep_dated_notes_and_belong_to_their_owner(settings: Settings) -> None:
    repo = open_plans(settings)
    item = repo.add_item("s1", "ana", "Name one owner", "knowledge/x.md", "Sam", "2026-12-11", "m")
    assert item["status"] == "open" and item["notes"] == []
    assert repo.item(item["id"], "bo") is None
    assert repo.update_item(item["id"], "bo", "done", "nope", "2026-12-02") is None
    after = repo.update_item(item["id"], "ana", None, "started", "2026-12-02")
    again = repo.update_item(item["id"], "ana", "done", "started", "2026-12-02")  # kept once
    assert after is not None and after["status"] == "open"
    assert again is not None and again["status"] == "done"
    assert again["notes"] == [{"date": "2026-12-02", "text": "started"}]
    second = repo.add_item("s1", "ana", "Write the steps", None, "Lee", "2026-12-20", "m2")
    assert [i["id"] for i in repo.items("s1", "ana")] == [item["id"], second["id"]]
    assert repo.items("s1", "bo") == []
    # what was committed to can be corrected; another owner's item is not touched
    assert repo.amend_item(item["id"], "bo", {"owner": "Lee"}) is None
    changed = repo.amend_item(item["id"], "ana", {"title": "Role cards", "due": "2026-12-18"})
    assert changed is not None and (changed["title"], changed["due"]) == (
        "Role cards",
        "2026-12-18",
    )
    assert changed["owner"] == "Sam" and changed["notes"] == again["notes"]
    with pytest.raises(ValueError, match="no field status"):
        repo.amend_item(item["id"], "ana", {"status": "done"})
    assert repo.item(item["id"], "ana")["status"] == "done"
    repo.close()


def test_one_process_opens_each_database_once_and_the_last_close_closes_it(
    settings: Settings,
) -> None:
    sessions, checkups, plans = (
        open_sessions(settings),
        open_checkups(settings),
        open_plans(settings),
    )
    assert sessions.db is checkups.db is plans.db
    sessions.close()
    checkups.close()
    assert plans.items("x", NO_OWNER) == []  # still open for the last user
    plans.close()
    fresh = open_database(settings)
    assert fresh is not plans.db  # the closed one was forgotten
    fresh.close()
