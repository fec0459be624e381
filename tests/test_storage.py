"""The sessions store: numbered migrations, upgrading a 0.1 database, owners, and turn numbers
that never collide when several threads and processes write one session at once.

`tests/data/sessions-release-0.1.sqlite3` was written by release 0.1's own code
(`git show 33d0726^:assistant/sessions.py`, imported standalone): two sessions of three turns,
'release-alice-1' owned by 'alice' with feedback on turn 2, and 'release-open-1' with no
owner (''); then the WAL was checkpointed so the file stands alone.
"""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.storage import NO_OWNER, SessionError, SessionRepo, open_sessions
from assistant.storage.migrations import MIGRATIONS, Migration, migrate
from assistant.storage.sqlite import SqliteEngine, SqliteSessionRepo

RELEASE_0_1 = Path(__file__).parent / "data" / "sessions-release-0.1.sqlite3"
WRITERS, APPENDS = 4, 25
WAIT = 120  # seconds: the bound on every wait below


def ledger(path: Path) -> list[tuple[int, str, float]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT version, name, applied FROM schema_migrations ORDER BY 1"
        ).fetchall()


def feedback(path: Path, session_id: str, turn: int) -> str | None:
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT feedback FROM turns WHERE session_id = ? AND turn = ?", (session_id, turn)
        ).fetchone()
    return None if row is None else row[0]


# -- migrations ----------------------------------------------------------------------------
def test_a_new_database_records_each_migration_once_and_reopening_applies_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sessions.sqlite3"
    first = SqliteSessionRepo(path)
    assert first.migrated == [m.version for m in MIGRATIONS]
    first.append("s1", "hello", "hi", {}, {"turn": 1}, NO_OWNER)
    first.close()
    recorded = ledger(path)
    assert [(v, name) for v, name, _ in recorded] == [(m.version, m.name) for m in MIGRATIONS]

    again = SqliteSessionRepo(path)
    assert again.migrated == []
    assert ledger(path) == recorded  # same rows, same timestamps: nothing re-applied
    assert [t.user_text for t in again.turns("s1", NO_OWNER)] == ["hello"]
    assert again.db.read("PRAGMA journal_mode") == [("wal",)]
    again.close()


def test_only_missing_migrations_run_in_order_and_a_newer_database_is_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sessions.sqlite3"
    SqliteSessionRepo(path).close()
    ran: list[str] = []
    n = len(MIGRATIONS)
    later = (
        *MIGRATIONS,
        Migration(n + 1, "notes", ("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",)),
        Migration(n + 2, "a python step", step=lambda engine: ran.append(engine.name)),
    )
    db = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(SqliteEngine(db), later) == [n + 1, n + 2]
        assert migrate(SqliteEngine(db), later) == []
        assert ran == ["sqlite"]
        assert [v for v, _, _ in ledger(path)] == list(range(1, n + 3))
    finally:
        db.close()
    with pytest.raises(SessionError, match=f"schema version {n + 2}, newer than this ALE Coach"):
        SqliteSessionRepo(path)


def test_a_failing_migration_leaves_nothing_half_done(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    SqliteSessionRepo(path).close()
    n = len(MIGRATIONS)
    broken = (
        *MIGRATIONS,
        Migration(n + 1, "broken", ("CREATE TABLE half (x)", "NOT SQL AT ALL")),
    )
    db = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError) as info:
            migrate(SqliteEngine(db), broken)
        assert f"while applying migration {n + 1} (broken)" in info.value.__notes__
        assert not SqliteEngine(db).has_table("half")
        assert [v for v, _, _ in ledger(path)] == list(range(1, n + 1))
    finally:
        db.close()


def _open_at_once(path: str, barrier: Any, out: Any) -> None:
    try:
        barrier.wait(timeout=WAIT)
        repo = SqliteSessionRepo(Path(path))
        out.put(("ok", repo.migrated))
        repo.close()
    except BaseException as exc:
        out.put(("error", repr(exc)))


def test_processes_opening_one_new_database_at_once_apply_each_migration_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sessions.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(WRITERS), ctx.Queue()
    procs = [
        ctx.Process(target=_open_at_once, args=(str(path), barrier, out)) for _ in range(WRITERS)
    ]
    for proc in procs:
        proc.start()
    results = [out.get(timeout=WAIT) for _ in procs]
    for proc in procs:
        proc.join(timeout=WAIT)
    assert [kind for kind, _ in results] == ["ok"] * WRITERS, results
    applied = sorted(v for _, versions in results for v in versions)
    assert applied == [
        m.version for m in MIGRATIONS
    ]  # each migration applied by exactly one process
    assert [v for v, _, _ in ledger(path)] == [m.version for m in MIGRATIONS]


# -- upgrading a release 0.1 database --------------------------------------------------------
def test_a_release_0_1_database_upgrades_in_place_with_every_turn_kept(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    shutil.copyfile(RELEASE_0_1, path)
    with sqlite3.connect(path) as db:
        assert not db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'"
        ).fetchall()
        before = db.execute("SELECT * FROM turns ORDER BY session_id, turn").fetchall()
    assert len(before) == 6

    repo = SqliteSessionRepo.in_data_dir(tmp_path)
    assert repo.migrated == [m.version for m in MIGRATIONS]
    columns = "session_id, turn, created, user_text, reply, data, state, owner, feedback"
    with sqlite3.connect(path) as db:  # every column of every row, exactly as 0.1 wrote it
        after = db.execute(f"SELECT {columns} FROM turns ORDER BY session_id, turn").fetchall()
        assert after == before
    assert repo.turns("release-alice-1", NO_OWNER) == []  # alice's stays alice's
    alice = repo.turns("release-alice-1", "alice")
    assert [t.turn for t in alice] == [1, 2, 3]
    assert alice[0].user_text == "The venue never told us about the power limits."
    assert [t.state for t in alice] == [{"turn": n, "who": "alice"} for n in (1, 2, 3)]
    assert alice[2].data == {"sphere": "accountability", "n": 3}
    assert repo.turns("release-open-1", NO_OWNER)[0].user_text == (
        "Our crew keeps forgetting cables at load-in — again."
    )
    assert repo.last_state("release-open-1", NO_OWNER) == {"turn": 3, "who": ""}
    assert feedback(path, "release-alice-1", 2) == (
        '{"liked": true, "reason": "", "note": "spot on", "at": 1767225600.0}'
    )
    listed = repo.sessions("alice")
    assert [(s["id"], s["turns"]) for s in listed] == [("release-alice-1", 3)]
    assert listed[0]["title"] == "The venue never told us about the power limits."

    # numbering continues after the old turns, and the owners still hold
    assert repo.append("release-alice-1", "And now?", "r", {}, {"turn": 4}, "alice") == 4
    assert repo.append("release-open-1", "Next?", "r", {}, {"turn": 4}, NO_OWNER) == 4
    assert repo.last_state("release-alice-1", "alice") == {"turn": 4}
    assert repo.sessions("alice")[0]["turns"] == 4
    repo.close()


# -- owners ----------------------------------------------------------------------------------
def test_owners_see_only_their_own_sessions(tmp_path: Path) -> None:
    repo: SessionRepo = open_sessions(Settings(data_dir=tmp_path))
    assert (tmp_path / "sessions.sqlite3").exists()
    repo.append("alice-1", "Our venue...", "r", {}, {"turn": 1}, "alice")
    repo.append("open-1", "No login here", "r", {}, {"turn": 1}, NO_OWNER)
    assert repo.turns("alice-1", "bob") == []
    assert repo.turns("alice-1", NO_OWNER) == []
    assert repo.last_state("alice-1", "bob") is None
    assert [s["id"] for s in repo.sessions("bob")] == []
    assert [s["id"] for s in repo.sessions(NO_OWNER)] == ["open-1"]
    # the same id used by bob is bob's own session; alice's is untouched
    assert repo.append("alice-1", "my own words", "r", {}, {"turn": 1}, "bob") == 1
    assert [t.user_text for t in repo.turns("alice-1", "alice")] == ["Our venue..."]
    assert [t.user_text for t in repo.turns("alice-1", "bob")] == ["my own words"]
    assert repo.append("alice-1", "again", "r", {}, {"turn": 2}, "alice") == 2
    repo.close()


def test_no_owner_is_the_empty_string_and_reads_only_its_own_sessions(tmp_path: Path) -> None:
    """One representation of "no owner" (the app without login): NO_OWNER, the empty
    string. It is an owner like any other: it never reads a logged-in person's session."""
    store = SqliteSessionRepo.in_data_dir(tmp_path)
    assert store.append("s1", "hi", "r", {}, {"turn": 1}, NO_OWNER) == 1
    store.append("s2", "hi", "r", {}, {"turn": 1}, owner="ana")
    assert store.turns("s2", NO_OWNER) == [] and store.last_state("s2", NO_OWNER) is None
    assert [t.turn for t in store.turns("s2", "ana")] == [1]
    assert store.last_state("s2", "ana") == {"turn": 1}
    assert {s["id"] for s in store.sessions(NO_OWNER)} == {"s1"}
    assert {s["id"] for s in store.sessions("ana")} == {"s2"}
    store.set_feedback("s1", 1, {"liked": True}, NO_OWNER)
    store.set_feedback("s1", 1, {"liked": False}, "ana")  # ana has no session s1: no change
    assert feedback(tmp_path / "sessions.sqlite3", "s1", 1) == '{"liked": true}'
    store.close()


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    path.write_bytes(b"this is not a database, it is a shopping list" * 100)
    with pytest.raises(SessionError, match=r"cannot be opened .*point ALE_DATA_DIR"):
        SqliteSessionRepo(path)


# -- turn numbers under concurrency ------------------------------------------------------------
def _append_many(path: str, barrier: Any, out: Any) -> None:
    try:
        repo = SqliteSessionRepo(Path(path))  # its own connection
        barrier.wait(timeout=WAIT)
        numbers = [
            repo.append("by-processes", f"turn {i}", "r", {"i": i}, {"i": i}, NO_OWNER)
            for i in range(APPENDS)
        ]
        repo.close()
        out.put(("ok", numbers))
    except BaseException as exc:
        out.put(("error", repr(exc)))


def test_threads_and_processes_writing_one_session_never_collide_or_lose_a_turn(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sessions.sqlite3"
    shared = SqliteSessionRepo(path)  # created and migrated before the race
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(WRITERS + 1), ctx.Queue()
    procs = [
        ctx.Process(target=_append_many, args=(str(path), barrier, out)) for _ in range(WRITERS)
    ]
    for proc in procs:
        proc.start()

    thread_numbers: list[int] = []
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for i in range(APPENDS):
                thread_numbers.append(
                    shared.append("by-threads", f"turn {i}", "r", {}, {}, NO_OWNER)
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    barrier.wait(timeout=WAIT)  # processes and threads start together
    for thread in threads:
        thread.start()
    results = [out.get(timeout=WAIT) for _ in procs]
    for thread in threads:
        thread.join(timeout=WAIT)
    for proc in procs:
        proc.join(timeout=WAIT)

    assert [kind for kind, _ in results] == ["ok"] * WRITERS, results
    assert errors == [] and not any(t.is_alive() for t in threads)
    total = WRITERS * APPENDS
    process_numbers = [n for _, numbers in results for n in numbers]
    assert sorted(process_numbers) == list(range(1, total + 1))
    assert sorted(thread_numbers) == list(range(1, total + 1))
    for session_id in ("by-processes", "by-threads"):
        stored = shared.turns(session_id, NO_OWNER)
        assert [t.turn for t in stored] == list(range(1, total + 1)), session_id
    listed = {s["id"]: s["turns"] for s in shared.sessions(NO_OWNER)}
    assert listed == {"by-processes": total, "by-threads": total}
    shared.close()
