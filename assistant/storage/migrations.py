"""Numbered schema migrations, recorded in the database they change.

Each migration has a version (1, 2, ...), a name, and SQL statements (one list for every
engine, or one list per engine name) or a Python step. `migrate` applies the missing ones in
order, each in its own exclusive transaction with the ledger re-read inside it, so several
processes opening one database at once apply every migration exactly once. The ledger is the
table `schema_migrations(version, name, applied)`.

To change the schema, append a migration; never edit one that has shipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from .base import SessionError

Statements = tuple[str, ...]


class Engine(Protocol):
    """The little the runner needs from one database connection.

    `name` keys per-engine SQL ("sqlite", "postgresql"); `param` is the placeholder ("?",
    "%s"). `exclusive()` is one transaction that holds the database's write lock from its
    start (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN plus pg_advisory_xact_lock), commits on
    success and rolls back on any error.
    """

    name: str
    param: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def exclusive(self) -> AbstractContextManager[None]: ...

    def has_table(self, table: str) -> bool: ...


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: Statements | Mapping[str, Statements] = ()
    step: Callable[[Engine], None] | None = None

    def statements(self, engine: str) -> Statements:
        if isinstance(self.sql, tuple):
            return self.sql
        if engine not in self.sql:
            raise SessionError(
                f"migration {self.version} ({self.name}) has no SQL for {engine}: "
                "add it to assistant/storage/migrations.py"
            )
        return self.sql[engine]


LEDGER = {
    "sqlite": "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied REAL NOT NULL)",
    "postgresql": "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied DOUBLE PRECISION NOT NULL)",
}

# 1: the schema of release 0.1 exactly (IF NOT EXISTS: a 0.1 database upgrades in place).
_TURNS = """CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL,
    turn INTEGER NOT NULL,
    created {real} NOT NULL,
    user_text TEXT NOT NULL,
    reply TEXT NOT NULL,
    data TEXT NOT NULL,
    state TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    feedback TEXT,
    PRIMARY KEY (session_id, turn)
)"""
_TURNS_BY_OWNER = "CREATE INDEX IF NOT EXISTS turns_by_owner ON turns (owner, created)"

# 2: one row per session: its owner (the one place it is decided), the last turn number
# (allocated by UPDATE ... last_turn + 1 in the writer's transaction), and what the session
# list shows. Back-filled from the turns; the owner of a session is the owner of its first turn.
_SESSIONS = """CREATE TABLE sessions (
    session_id TEXT NOT NULL PRIMARY KEY,
    owner TEXT NOT NULL DEFAULT '',
    created DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL,
    last_turn INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT ''
)"""
_BACKFILL = """INSERT INTO sessions (session_id, owner, created, updated, last_turn, title)
SELECT g.session_id, COALESCE(f.owner, ''), g.first_created, g.last_created, g.last_turn,
       substr(f.user_text, 1, 80)
FROM (SELECT session_id, MIN(turn) AS first_turn, MAX(turn) AS last_turn,
             MIN(created) AS first_created, MAX(created) AS last_created
      FROM turns GROUP BY session_id) g
JOIN turns f ON f.session_id = g.session_id AND f.turn = g.first_turn"""

# 3: per-owner namespaces: the same session id used by two people is two sessions. Both
# tables are rebuilt with the owner in their keys (SQLite cannot change a primary key in
# place); every row is kept, and a turn takes its session's owner.
_SESSIONS_3 = """CREATE TABLE sessions_3 (
    owner TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL,
    created DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL,
    last_turn INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (owner, session_id)
)"""
_TURNS_3 = """CREATE TABLE turns_3 (
    owner TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL,
    turn INTEGER NOT NULL,
    created DOUBLE PRECISION NOT NULL,
    user_text TEXT NOT NULL,
    reply TEXT NOT NULL,
    data TEXT NOT NULL,
    state TEXT NOT NULL,
    feedback TEXT,
    PRIMARY KEY (owner, session_id, turn)
)"""
NAMESPACES = (
    _SESSIONS_3,
    "INSERT INTO sessions_3 (owner, session_id, created, updated, last_turn, title)"
    " SELECT owner, session_id, created, updated, last_turn, title FROM sessions",
    _TURNS_3,
    "INSERT INTO turns_3 (owner, session_id, turn, created, user_text, reply, data, state,"
    " feedback) SELECT s.owner, t.session_id, t.turn, t.created, t.user_text, t.reply, t.data,"
    " t.state, t.feedback FROM turns t JOIN sessions s ON s.session_id = t.session_id",
    "DROP TABLE turns",
    "DROP TABLE sessions",
    "ALTER TABLE sessions_3 RENAME TO sessions",
    "ALTER TABLE turns_3 RENAME TO turns",
    "CREATE INDEX sessions_by_owner ON sessions (owner, updated)",
)

# 4: checkups kept with a conversation, and anonymous team pulses. A pulse answer holds its
# role group, its answers and the day, nothing else: its key is random, and SQLite keeps
# the rows in key order (WITHOUT ROWID), so not even the order of answering is stored.
_CHECKUPS = """CREATE TABLE checkups (
    owner TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    created DOUBLE PRECISION NOT NULL,
    role TEXT,
    answers TEXT NOT NULL,
    scores TEXT NOT NULL,
    PRIMARY KEY (owner, session_id, number)
)"""
_PULSES = """CREATE TABLE pulses (
    code TEXT NOT NULL PRIMARY KEY,
    owner TEXT NOT NULL DEFAULT '',
    team TEXT NOT NULL,
    day TEXT NOT NULL
)"""
_PULSE_ANSWERS = """CREATE TABLE pulse_answers (
    code TEXT NOT NULL,
    id TEXT NOT NULL,
    day TEXT NOT NULL,
    role_group TEXT,
    answers TEXT NOT NULL,
    PRIMARY KEY (code, id)
){suffix}"""
CHECKUPS = {
    "sqlite": (
        _CHECKUPS,
        _PULSES,
        "CREATE INDEX pulses_by_owner ON pulses (owner)",
        _PULSE_ANSWERS.format(suffix=" WITHOUT ROWID"),
    ),
    "postgresql": (
        _CHECKUPS,
        _PULSES,
        "CREATE INDEX pulses_by_owner ON pulses (owner)",
        _PULSE_ANSWERS.format(suffix=""),
    ),
}

# 5: committed actions (plan items) kept with a conversation; notes are a JSON list.
_PLAN_ITEMS = """CREATE TABLE plan_items (
    id TEXT NOT NULL PRIMARY KEY,
    owner TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    item_owner TEXT NOT NULL,
    due TEXT NOT NULL,
    measure TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    notes TEXT NOT NULL DEFAULT '[]',
    created DOUBLE PRECISION NOT NULL
)"""
PLANS = (_PLAN_ITEMS, "CREATE INDEX plan_items_by_session ON plan_items (owner, session_id)")

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "turns",
        {
            "sqlite": (_TURNS.format(real="REAL"), _TURNS_BY_OWNER),
            "postgresql": (_TURNS.format(real="DOUBLE PRECISION"), _TURNS_BY_OWNER),
        },
    ),
    Migration(
        2,
        "sessions table: one owner per session, atomic turn numbers",
        (
            "UPDATE turns SET owner = '' WHERE owner IS NULL",
            _SESSIONS,
            _BACKFILL,
            "CREATE INDEX sessions_by_owner ON sessions (owner, updated)",
            "DROP INDEX IF EXISTS turns_by_owner",
        ),
    ),
    Migration(3, "per-owner namespaces: a session is (owner, session id)", NAMESPACES),
    Migration(4, "checkups with a conversation, anonymous team pulses", CHECKUPS),
    Migration(5, "plan items: committed actions with owner, due date and notes", PLANS),
)


def migrate(
    engine: Engine,
    migrations: Sequence[Migration] = MIGRATIONS,
    clock: Callable[[], float] = time.time,
) -> list[int]:
    """Apply the missing migrations in order; returns the versions this call applied."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise SessionError(f"migrations must be numbered 1, 2, 3... without gaps, not {versions}")
    if engine.has_table("schema_migrations") and set(versions) <= _applied(engine, versions):
        return []  # the usual case: up to date, no write lock taken
    done: list[int] = []
    for migration in migrations:
        try:
            with engine.exclusive():
                engine.execute(LEDGER[engine.name])
                if migration.version in _applied(engine, versions):
                    continue  # another process applied it while we waited for the lock
                for statement in migration.statements(engine.name):
                    engine.execute(statement)
                if migration.step is not None:
                    migration.step(engine)
                p = engine.param
                engine.execute(
                    f"INSERT INTO schema_migrations (version, name, applied) VALUES ({p}, {p}, {p})",
                    (migration.version, migration.name, clock()),
                )
        except Exception as exc:
            exc.add_note(f"while applying migration {migration.version} ({migration.name})")
            raise
        done.append(migration.version)
    return done


def _applied(engine: Engine, known: list[int]) -> set[int]:
    applied = {int(row[0]) for row in engine.execute("SELECT version FROM schema_migrations")}
    newer = sorted(applied - set(known))
    if newer:
        raise SessionError(
            f"the sessions database has schema version {newer[-1]}, newer than this ALE Coach "
            f"knows (up to {max(known, default=0)}): upgrade ALE Coach, or use another database"
        )
    return applied
