"""Sessions in one SQLite file (WAL) under ALE_DATA_DIR, surviving restarts.

Each turn row holds the user's text, the reply, the turn's JSON (the CLI contract shape) and
the conversation state after the turn, so a later process continues where the last one
stopped. The `sessions` table holds each session's owner and last turn number; a writer
takes the write lock first (BEGIN IMMEDIATE) and bumps that number in the same transaction
as it inserts the turn, so writers in other threads and processes never collide.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from .base import (
    NO_OWNER,
    TITLE_LENGTH,
    Pulse,
    SessionError,
    StoredCheckup,
    StoredTurn,
    check_session_id,
    new_session_id,
)
from .migrations import migrate

DATABASE_FILE = "sessions.sqlite3"

__all__ = [
    "NO_OWNER",
    "SessionError",
    "SqliteCheckupRepo",
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


class SqliteFile:
    """One SQLite file (WAL), opened and migrated to the current schema."""

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
    def in_data_dir(cls, data_dir: Path) -> Self:
        return cls(data_dir / DATABASE_FILE)

    def close(self) -> None:
        with self._lock:
            self._db.close()


class SqliteSessionRepo(SqliteFile):
    """Turns of every session, in one SQLite file; implements `SessionRepo`."""

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


class SqliteCheckupRepo(SqliteFile):
    """Checkups and pulses, in the same SQLite file as the sessions; implements
    `CheckupRepo`."""

    def add_checkup(
        self,
        session_id: str,
        owner: str,
        role: str | None,
        answers: dict[str, int],
        scores: dict[str, Any],
    ) -> int:
        with self._lock, self._engine.exclusive():
            row = self._db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM checkups WHERE owner = ? AND session_id = ?",
                (owner, session_id),
            ).fetchone()
            number = int(row[0])
            self._db.execute(
                "INSERT INTO checkups (owner, session_id, number, created, role, answers, scores)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    owner,
                    session_id,
                    number,
                    time.time(),
                    role,
                    json.dumps(answers, sort_keys=True),
                    json.dumps(scores, sort_keys=True),
                ),
            )
        return number

    def checkups(self, session_id: str, owner: str) -> list[StoredCheckup]:
        with self._lock:
            rows = self._db.execute(
                "SELECT number, created, role, answers, scores FROM checkups"
                " WHERE owner = ? AND session_id = ? ORDER BY number",
                (owner, session_id),
            ).fetchall()
        return [StoredCheckup(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4])) for r in rows]

    def create_pulse(self, code: str, team: str, owner: str) -> Pulse:
        pulse = Pulse(code, team, owner, today())
        with self._lock, self._engine.exclusive():
            self._db.execute(
                "INSERT INTO pulses (code, owner, team, day) VALUES (?, ?, ?, ?)",
                (pulse.code, pulse.owner, pulse.team, pulse.day),
            )
        return pulse

    def pulse(self, code: str) -> Pulse | None:
        with self._lock:
            row = self._db.execute(
                "SELECT code, team, owner, day FROM pulses WHERE code = ?", (code,)
            ).fetchone()
        return Pulse(*row) if row else None

    def pulses(self, owner: str) -> list[Pulse]:
        with self._lock:
            rows = self._db.execute(
                "SELECT code, team, owner, day FROM pulses WHERE owner = ? ORDER BY day DESC, team",
                (owner,),
            ).fetchall()
        return [Pulse(*r) for r in rows]

    def add_pulse_answer(self, code: str, group: str | None, answers: dict[str, int]) -> int:
        with self._lock, self._engine.exclusive():
            self._db.execute(
                "INSERT INTO pulse_answers (code, id, day, role_group, answers)"
                " VALUES (?, ?, ?, ?, ?)",
                (code, secrets.token_hex(16), today(), group, json.dumps(answers, sort_keys=True)),
            )
            row = self._db.execute(
                "SELECT COUNT(*) FROM pulse_answers WHERE code = ?", (code,)
            ).fetchone()
        return int(row[0])

    def pulse_answers(self, code: str) -> list[tuple[str | None, dict[str, int]]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT role_group, answers FROM pulse_answers WHERE code = ? ORDER BY id",
                (code,),
            ).fetchall()
        return [(r[0], json.loads(r[1])) for r in rows]


class SqlitePlanRepo(SqliteFile):
    """Plan items, in the same SQLite file as the sessions; implements `PlanRepo`."""

    COLUMNS = "id, title, source, item_owner, due, measure, status, notes"

    @staticmethod
    def _item(row: Sequence[Any]) -> dict[str, Any]:
        return {
            "id": row[0],
            "title": row[1],
            "source": row[2],
            "owner": row[3],
            "due": row[4],
            "measure": row[5],
            "status": row[6],
            "notes": json.loads(row[7]),
        }

    def add_item(
        self,
        session_id: str,
        owner: str,
        title: str,
        source: str | None,
        item_owner: str,
        due: str,
        measure: str,
    ) -> dict[str, Any]:
        item_id = "p-" + secrets.token_hex(5)
        with self._lock, self._engine.exclusive():
            self._db.execute(
                "INSERT INTO plan_items (id, owner, session_id, title, source, item_owner, due,"
                " measure, status, notes, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', '[]', ?)",
                (item_id, owner, session_id, title, source, item_owner, due, measure, time.time()),
            )
        found = self.item(item_id, owner)
        assert found is not None
        return found

    def items(self, session_id: str, owner: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {self.COLUMNS} FROM plan_items WHERE owner = ? AND session_id = ?"
                " ORDER BY created, id",
                (owner, session_id),
            ).fetchall()
        return [self._item(r) for r in rows]

    def item(self, item_id: str, owner: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {self.COLUMNS} FROM plan_items WHERE id = ? AND owner = ?",
                (item_id, owner),
            ).fetchone()
        return self._item(row) if row else None

    def update_item(
        self, item_id: str, owner: str, status: str | None, note: str | None, day: str
    ) -> dict[str, Any] | None:
        with self._lock, self._engine.exclusive():
            row = self._db.execute(
                "SELECT status, notes FROM plan_items WHERE id = ? AND owner = ?",
                (item_id, owner),
            ).fetchone()
            if row is None:
                return None
            notes = json.loads(row[1])
            entry = {"date": day, "text": note}
            if note and entry not in notes:  # the same note the same day is kept once
                notes.append(entry)
            self._db.execute(
                "UPDATE plan_items SET status = ?, notes = ? WHERE id = ? AND owner = ?",
                (status or row[0], json.dumps(notes, ensure_ascii=False), item_id, owner),
            )
        return self.item(item_id, owner)


def today() -> str:
    """The day (UTC), the finest time a pulse keeps."""
    return time.strftime("%Y-%m-%d", time.gmtime())
