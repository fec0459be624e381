"""Sessions in SQLite (WAL): one row per turn, surviving restarts.

Each row holds the user's text, the reply, the turn's JSON (the CLI contract shape) and
the conversation state after the turn, so a later process continues where the last one
stopped. A small interface (`SessionStore`) keeps the seam for a server database.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import AleError, InputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL,
    turn INTEGER NOT NULL,
    created REAL NOT NULL,
    user_text TEXT NOT NULL,
    reply TEXT NOT NULL,
    data TEXT NOT NULL,
    state TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    feedback TEXT,
    PRIMARY KEY (session_id, turn)
);
CREATE INDEX IF NOT EXISTS turns_by_owner ON turns (owner, created);
"""
SESSION_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class SessionError(AleError):
    pass


@dataclass(frozen=True)
class StoredTurn:
    session_id: str
    turn: int
    created: float
    user_text: str
    reply: str
    data: dict[str, Any]
    state: dict[str, Any]


def new_session_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]


def check_session_id(value: str) -> str:
    import re

    if not re.match(SESSION_ID, value):
        raise InputError(
            f"session id {value!r} is not valid: use 1-64 letters, digits, '.', '_' or '-'"
        )
    return value


class SessionStore:
    """Turns of every session, in one SQLite file under ALE_DATA_DIR."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise SessionError(f"the sessions database {path} cannot be opened ({exc})") from None

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SessionStore:
        return cls(data_dir / "sessions.sqlite3")

    def append(
        self,
        session_id: str,
        user_text: str,
        reply: str,
        data: dict[str, Any],
        state: dict[str, Any],
        owner: str = "",
    ) -> int:
        """Store one turn; returns its number (1-based). The write is committed on return."""
        with self._lock, self._db:
            row = self._db.execute(
                "SELECT COALESCE(MAX(turn), 0) FROM turns WHERE session_id = ?", (session_id,)
            ).fetchone()
            number = int(row[0]) + 1
            self._db.execute(
                "INSERT INTO turns (session_id, turn, created, user_text, reply, data, state, owner)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    number,
                    time.time(),
                    user_text,
                    reply,
                    json.dumps(data, ensure_ascii=False),
                    json.dumps(state, ensure_ascii=False),
                    owner,
                ),
            )
        return number

    def turns(self, session_id: str, owner: str | None = None) -> list[StoredTurn]:
        query = "SELECT session_id, turn, created, user_text, reply, data, state FROM turns WHERE session_id = ?"
        params: list[Any] = [session_id]
        if owner is not None:
            query += " AND owner = ?"
            params.append(owner)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY turn", params).fetchall()
        return [
            StoredTurn(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6]))
            for r in rows
        ]

    def last_state(self, session_id: str, owner: str | None = None) -> dict[str, Any] | None:
        """The conversation state after the latest turn (one row read, not the session)."""
        query = "SELECT state FROM turns WHERE session_id = ?"
        params: list[Any] = [session_id]
        if owner is not None:
            query += " AND owner = ?"
            params.append(owner)
        with self._lock:
            row = self._db.execute(query + " ORDER BY turn DESC LIMIT 1", params).fetchone()
        return json.loads(row[0]) if row else None

    def sessions(self, owner: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Recent sessions, newest first: id, turns, last activity, first message."""
        where = "WHERE owner = ?" if owner is not None else ""
        params: list[Any] = [owner] if owner is not None else []
        with self._lock:
            rows = self._db.execute(
                f"SELECT session_id, COUNT(*), MAX(created), MIN(turn) FROM turns {where} "
                "GROUP BY session_id ORDER BY MAX(created) DESC LIMIT ?",
                [*params, limit],
            ).fetchall()
            out = []
            for session_id, count, last, first_turn in rows:
                first = self._db.execute(
                    "SELECT user_text FROM turns WHERE session_id = ? AND turn = ?",
                    (session_id, first_turn),
                ).fetchone()
                out.append(
                    {
                        "id": session_id,
                        "turns": count,
                        "updated": last,
                        "title": (first[0] if first else "")[:80],
                    }
                )
        return out

    def owner_of(self, session_id: str) -> str | None:
        """Who a session belongs to ('' without login), or None for a session not yet stored."""
        with self._lock:
            row = self._db.execute(
                "SELECT owner FROM turns WHERE session_id = ? ORDER BY turn LIMIT 1", (session_id,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_feedback(self, session_id: str, turn: int, feedback: dict[str, Any]) -> None:
        with self._lock, self._db:
            self._db.execute(
                "UPDATE turns SET feedback = ? WHERE session_id = ? AND turn = ?",
                (json.dumps(feedback, ensure_ascii=False), session_id, turn),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
