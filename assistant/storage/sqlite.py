"""Sessions in one SQLite file (WAL) under ALE_DATA_DIR, surviving restarts.

Each turn row holds the user's text, the reply, the turn's JSON (the CLI contract shape) and
the conversation state after the turn, so a later process continues where the last one
stopped. The `sessions` table holds each session's owner and last turn number; a writer
takes the write lock first (BEGIN IMMEDIATE) and bumps that number in the same transaction
as it inserts the turn, so writers in other threads and processes never collide.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from .base import NO_OWNER, SessionError, StoredTurn, check_session_id, new_session_id
from .migrations import migrate
from .sql import CheckupStore, Database, PlanStore, Rows, Run, SessionStore

DATABASE_FILE = "sessions.sqlite3"

__all__ = [
    "NO_OWNER",
    "SessionError",
    "SqliteCheckupRepo",
    "SqliteDatabase",
    "SqlitePlanRepo",
    "SqliteSessionRepo",
    "StoredTurn",
    "check_session_id",
    "new_session_id",
]


class SqliteEngine:
    """One sqlite3 connection in autocommit mode, as the migration runner sees it."""

    name = "sqlite"
    param = "?"

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params).fetchall()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """One transaction holding the write lock from its start (waits up to the timeout)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def has_table(self, table: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        return row is not None


def _wal(db: sqlite3.Connection, wait: float = 30.0) -> None:
    """Switch to WAL. On a brand-new file several processes may try at once, and SQLite
    answers "database is locked" at once instead of waiting: retry for up to `wait` s."""
    deadline = time.monotonic() + wait
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class SqliteDatabase(Database):
    """One SQLite file (WAL), opened and migrated to the current schema; one connection,
    used by one thread at a time."""

    name = "sqlite"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.where = str(path)
        self._lock = threading.Lock()
        hint = "check the file and folder permissions, or point ALE_DATA_DIR at another folder"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                str(path), timeout=30, check_same_thread=False, isolation_level=None
            )
        except (OSError, sqlite3.Error) as exc:
            raise SessionError(
                f"the sessions database {path} cannot be opened ({exc}): {hint}"
            ) from None
        try:
            _wal(db)
            db.execute("PRAGMA synchronous=NORMAL")
            self._engine = SqliteEngine(db)
            self.migrated = migrate(self._engine)
        except sqlite3.Error as exc:
            db.close()
            raise SessionError(
                f"the sessions database {path} cannot be opened ({exc}): {hint}"
            ) from None
        except BaseException:
            db.close()
            raise
        self._db = db

    def read(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    @contextmanager
    def write(self, key: str | None = None) -> Iterator[Run]:
        """One transaction holding the file's write lock (`key` needs no lock of its own)."""

        def run(sql: str, params: Sequence[Any] = ()) -> Rows:
            return self._db.execute(sql, params).fetchall()

        with self._lock, self._engine.exclusive():
            yield run

    def _close(self) -> None:
        with self._lock:
            self._db.close()


class _InFile:
    """A repository over its own connection to one SQLite file (tests and tools open one
    directly; the app goes through `assistant.storage.open_*`, which share one)."""

    db: Database

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(SqliteDatabase(path))  # type: ignore[call-arg]

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Self:
        return cls(data_dir / DATABASE_FILE)


class SqliteSessionRepo(_InFile, SessionStore):
    """Turns of every session, in one SQLite file; implements `SessionRepo`."""


class SqliteCheckupRepo(_InFile, CheckupStore):
    """Checkups and pulses, in the same SQLite file as the sessions; implements
    `CheckupRepo`."""


class SqlitePlanRepo(_InFile, PlanStore):
    """Plan items, in the same SQLite file as the sessions; implements `PlanRepo`."""
