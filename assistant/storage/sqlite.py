"""Sessions in one SQLite file (WAL) under ALE_DATA_DIR, surviving restarts.

Each turn row holds the user's text, the reply, the turn's JSON (the CLI contract shape) and
the conversation state after the turn, so a later process continues where the last one
stopped. The `sessions` table holds each session's owner and last turn number; a writer
takes the write lock first (BEGIN IMMEDIATE) and bumps that number in the same transaction
as it inserts the turn, so writers in other threads and processes never collide.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .base import (
    NO_OWNER,
    TITLE_LENGTH,
    SessionError,
    StoredTurn,
    check_session_id,
    new_session_id,
)
from .migrations import migrate

__all__ = [
    "NO_OWNER",
    "SessionError",
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


class SqliteSessionRepo:
    """Turns of every session, in one SQLite file; implements `SessionRepo`."""

    def __init__(self, path: Path) -> None:
        self.path = path
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
            self.migrated = migrate(self._engine)  # the versions this open applied
        except sqlite3.Error as exc:
            db.close()
            raise SessionError(
                f"the sessions database {path} cannot be opened ({exc}): {hint}"
            ) from None
        except BaseException:
            db.close()
            raise
        self._db = db

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SqliteSessionRepo:
        return cls(data_dir / "sessions.sqlite3")

    def append(
        self,
        session_id: str,
        user_text: str,
        reply: str,
        data: dict[str, Any],
        state: dict[str, Any],
        owner: str,
    ) -> int:
        """Store one turn; returns its number (1-based). The write is committed on return."""
        now = time.time()
        with self._lock, self._engine.exclusive():
            self._db.execute(
                "INSERT INTO sessions (owner, session_id, created, updated, last_turn, title)"
                " VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (owner, session_id) DO NOTHING",
                (owner, session_id, now, now, user_text[:TITLE_LENGTH]),
            )
            row = self._db.execute(
                "UPDATE sessions SET last_turn = last_turn + 1, updated = ?"
                " WHERE owner = ? AND session_id = ? RETURNING last_turn",
                (now, owner, session_id),
            ).fetchone()
            number = int(row[0])
            self._db.execute(
                "INSERT INTO turns (owner, session_id, turn, created, user_text, reply, data,"
                " state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    owner,
                    session_id,
                    number,
                    now,
                    user_text,
                    reply,
                    json.dumps(data, ensure_ascii=False),
                    json.dumps(state, ensure_ascii=False),
                ),
            )
        return number

    def turns(self, session_id: str, owner: str) -> list[StoredTurn]:
        """Every turn of the owner's session, oldest first ([] for another owner's)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT session_id, turn, created, user_text, reply, data, state FROM turns"
                " WHERE owner = ? AND session_id = ? ORDER BY turn",
                (owner, session_id),
            ).fetchall()
        return [
            StoredTurn(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6]))
            for r in rows
        ]

    def last_state(self, session_id: str, owner: str) -> dict[str, Any] | None:
        """The conversation state after the latest turn (one row read, not the session)."""
        with self._lock:
            row = self._db.execute(
                "SELECT t.state FROM sessions s JOIN turns t"
                " ON t.owner = s.owner AND t.session_id = s.session_id AND t.turn = s.last_turn"
                " WHERE s.owner = ? AND s.session_id = ?",
                (owner, session_id),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def sessions(self, owner: str, limit: int = 50) -> list[dict[str, Any]]:
        """The owner's recent sessions, newest first: id, turns, last activity, first message."""
        with self._lock:
            rows = self._db.execute(
                "SELECT session_id, last_turn, updated, title FROM sessions s"
                " WHERE owner = ? ORDER BY updated DESC LIMIT ?",
                (owner, limit),
            ).fetchall()
        return [{"id": r[0], "turns": r[1], "updated": r[2], "title": r[3]} for r in rows]

    def set_feedback(
        self, session_id: str, turn: int, feedback: dict[str, Any], owner: str
    ) -> None:
        with self._lock, self._engine.exclusive():
            self._db.execute(
                "UPDATE turns SET feedback = ? WHERE owner = ? AND session_id = ? AND turn = ?",
                (json.dumps(feedback, ensure_ascii=False), owner, session_id, turn),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
