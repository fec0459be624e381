"""PostgreSQL as the store of many instances: migrations, processes at once, the CLI across
data folders, and faults (a wrong URL, a server that goes away and comes back).

Every test runs against a real throwaway PostgreSQL (`postgres_server` in conftest).
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import psycopg
import pytest

from assistant.config import Settings
from assistant.errors import ConfigError, InputError
from assistant.storage import NO_OWNER, SessionError, open_sessions
from assistant.storage.migrations import MIGRATIONS, Migration, migrate
from assistant.storage.postgres import PgEngine, PostgresDatabase, Target, parse_url

from .conftest import KNOWLEDGE, run_ale

PROCESSES, MESSAGES = 8, 2
WAIT = 120  # seconds: the bound on every wait below


def ledger(url: str) -> list[int]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]


def tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
        return {r[0] for r in rows}


# -- migrations ------------------------------------------------------------------------------
def test_an_empty_database_gets_every_migration_once(pg_url: str) -> None:
    first = PostgresDatabase(pg_url)
    assert first.migrated == [m.version for m in MIGRATIONS]
    first.close()
    again = PostgresDatabase(pg_url)
    assert again.migrated == []
    again.close()
    assert ledger(pg_url) == [m.version for m in MIGRATIONS]
    assert {"sessions", "turns", "checkups", "pulses", "pulse_answers", "plan_items"} <= tables(
        pg_url
    )


def test_the_previous_schema_version_upgrades_in_place_and_keeps_its_rows(pg_url: str) -> None:
    previous = MIGRATIONS[:-1]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert migrate(PgEngine(conn), previous) == [m.version for m in previous]
        conn.execute(
            "INSERT INTO sessions (owner, session_id, created, updated, last_turn, title)"
            " VALUES ('ana', 'old-1', 1, 1, 1, 'before')"
        )
        conn.execute(
            "INSERT INTO turns (owner, session_id, turn, created, user_text, reply, data, state)"
            " VALUES ('ana', 'old-1', 1, 1, 'before', 'r', '{}', '{\"turn\": 1}')"
        )
    assert "plan_items" not in tables(pg_url)
    settings = Settings(data_dir=Path("/nonexistent"), database_url=pg_url)
    repo = open_sessions(settings)
    assert repo.migrated == [MIGRATIONS[-1].version]
    assert [t.user_text for t in repo.turns("old-1", "ana")] == ["before"]
    assert repo.append("old-1", "after", "r", {}, {"turn": 2}, "ana") == 2
    repo.close()
    assert "plan_items" in tables(pg_url)


def test_a_failing_migration_leaves_the_schema_as_it_was(pg_url: str) -> None:
    PostgresDatabase(pg_url).close()
    broken = (
        *MIGRATIONS,
        Migration(
            len(MIGRATIONS) + 1,
            "half done",
            ("CREATE TABLE half (x INTEGER)", "ALTER TABLE turns ADD COLUMN extra TEXT", "BOGUS"),
        ),
    )
    with psycopg.connect(pg_url, autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as failed:
            migrate(PgEngine(conn), broken)
        assert any("half done" in note for note in failed.value.__notes__)
    assert "half" not in tables(pg_url)
    with psycopg.connect(pg_url) as conn:
        columns = {
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'turns'"
            )
        }
    assert "extra" not in columns
    assert ledger(pg_url) == [m.version for m in MIGRATIONS]


def _open_and_write(url: str, barrier: Any, out: Any) -> None:
    """One process: open the (new) database at the same moment as the others, then write
    its messages to the one shared session."""
    try:
        barrier.wait(timeout=WAIT)
        db = PostgresDatabase(url)
        from assistant.storage.sql import SessionStore

        repo = SessionStore(db)
        barrier.wait(timeout=WAIT)
        numbers = [
            repo.append("shared", f"message {i}", "r", {"i": i}, {"i": i}, NO_OWNER)
            for i in range(MESSAGES)
        ]
        repo.close()
        out.put(("ok", db.migrated, numbers))
    except BaseException as exc:
        out.put(("error", repr(exc), []))


def test_eight_processes_open_a_new_database_and_write_one_session_at_once(pg_url: str) -> None:
    """Each migration is applied by exactly one of them; 16 messages, 16 turns, no gap."""
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [
        ctx.Process(target=_open_and_write, args=(pg_url, barrier, out)) for _ in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    results = [out.get(timeout=WAIT) for _ in procs]
    for proc in procs:
        proc.join(timeout=WAIT)
    assert [kind for kind, _, _ in results] == ["ok"] * PROCESSES, results
    applied = sorted(v for _, versions, _ in results for v in versions)
    assert applied == [m.version for m in MIGRATIONS]
    numbers = sorted(n for _, _, got in results for n in got)
    total = PROCESSES * MESSAGES
    assert numbers == list(range(1, total + 1))
    repo = open_sessions(Settings(data_dir=Path("/nonexistent"), database_url=pg_url))
    assert [t.turn for t in repo.turns("shared", NO_OWNER)] == list(range(1, total + 1))
    repo.close()


# -- the CLI across data folders -------------------------------------------------------------
def test_a_conversation_and_a_pulse_continue_through_another_data_folder(
    pg_url: str, warm_data: Path, tmp_path: Path
) -> None:
    """Two data folders stand for two instances: the conversation, its evidence and a
    pulse live in the database, so either one carries on what the other began."""
    import shutil

    first, second = tmp_path / "one", tmp_path / "two"
    shutil.copytree(warm_data, first)
    shutil.copytree(warm_data, second)
    env_one = {"ALE_DATA_DIR": str(first), "ALE_DATABASE_URL": pg_url}
    env_two = {"ALE_DATA_DIR": str(second), "ALE_DATABASE_URL": pg_url}
    opening = "Nobody owns the stock count, so every Monday the shelves are half empty."
    done = run_ale("chat", "--jsonl", "--session", "shop-1", stdin=opening + "\n", env=env_one)
    assert done.returncode == 0, done.stderr
    turn1 = json.loads(done.stdout.splitlines()[-1])
    assert turn1["sphere"] == "accountability"
    done = run_ale(
        "chat",
        "--jsonl",
        "--session",
        "shop-1",
        stdin="which sphere should we fix?\n",
        env=env_two,
    )
    assert done.returncode == 0, done.stderr
    turn2 = json.loads(done.stdout.splitlines()[-1])
    assert "stock count" in turn2["reply"]  # the evidence of turn 1, kept across folders
    repo = open_sessions(Settings(data_dir=tmp_path / "reader", database_url=pg_url))
    assert [t.turn for t in repo.turns("shop-1", NO_OWNER)] == [1, 2]
    repo.close()
    assert not (first / "sessions.sqlite3").exists() and not (second / "sessions.sqlite3").exists()

    created = run_ale("pulse", "create", "--team", "Shop floor", "--json", env=env_one)
    assert created.returncode == 0, created.stderr
    code = json.loads(created.stdout)["code"]
    answers = tmp_path / "answers.json"
    from assistant.checkup.statements import load_statements

    answers.write_text(
        json.dumps({s.id: 2 + n % 3 for n, s in enumerate(load_statements(KNOWLEDGE).items)})
    )
    for _ in range(3):
        answered = run_ale("pulse", "answer", code, "--answers", str(answers), env=env_two)
        assert answered.returncode == 0, answered.stderr
    results = run_ale("pulse", "results", code, "--json", env=env_one)
    assert results.returncode == 0, results.stderr
    assert json.loads(results.stdout)["n"] == 3


# -- faults ----------------------------------------------------------------------------------
def test_a_wrong_database_url_is_named_without_its_password(tmp_path: Path) -> None:
    url = "postgresql://ale:sekret-word@127.0.0.1:9/nowhere"
    done = run_ale("chat", "--jsonl", stdin="hello\n", env={"ALE_DATABASE_URL": url})
    assert done.returncode != 0
    assert "127.0.0.1:9/nowhere" in done.stderr and "PostgreSQL" in done.stderr
    assert "sekret" not in done.stderr + done.stdout and "Traceback" not in done.stderr
    for bad, says in (
        ("mysql://root:pw@db/x", "must be a postgresql://"),
        ("postgresql://a:pw@ho st/x", "not a valid PostgreSQL URL"),
        ("postgresql://u:se/cretpw@127.0.0.1:1/x", "percent-encode"),
        ("postgresql://u:sec@retpw@127.0.0.1:1/x", "percent-encode"),
    ):
        with pytest.raises(ConfigError, match=says) as error:
            parse_url(bad)
        assert "pw" not in str(error.value) and "cret" not in str(error.value)
    # a password PostgreSQL's parser would misread never reaches a message, whole or in part
    target = Target("postgresql://u:sec@retpw@127.0.0.1:1/x")
    assert target.where == "127.0.0.1:1/x"
    assert "retpw" not in target.scrub("failed to resolve host 'retpw@127.0.0.1'")
    done = run_ale("plan", "list", "--session", "x", env={"ALE_DATABASE_URL": "sqlite:///x.db"})
    assert done.returncode != 0 and "postgresql://" in done.stderr


def test_requests_fail_readably_while_the_server_is_down_and_work_once_it_is_back(
    tmp_path: Path,
) -> None:
    from assistant.cluster import Postgres

    with Postgres() as server:
        settings = Settings(data_dir=tmp_path, database_url=server.url)
        repo = open_sessions(settings)
        assert repo.append("s", "before", "r", {}, {}, NO_OWNER) == 1
        server.stop()
        with pytest.raises(SessionError, match=r"PostgreSQL database at 127\.0\.0\.1:\d+/postgres"):
            repo.append("s", "while down", "r", {}, {}, NO_OWNER)
        with pytest.raises(SessionError, match="not answering"):
            repo.turns("s", NO_OWNER)
        server.start()
        assert repo.append("s", "after", "r", {}, {}, NO_OWNER) == 2  # no restart needed
        assert [t.user_text for t in repo.turns("s", NO_OWNER)] == ["before", "after"]
        with pytest.raises(InputError, match="refused a value"):
            repo.append("s", "a NUL \x00 here", "r", {}, {}, NO_OWNER)
        assert len(repo.turns("s", NO_OWNER)) == 2
        repo.close()
