"""The repositories, written once over any SQL `Database` (SQLite or PostgreSQL).

A `Database` offers three things: `read(sql, params)` for one statement, `write(key)` for
one transaction, and `close()`. The SQL here uses `?` placeholders and the subset both
engines share (ON CONFLICT, RETURNING, COALESCE); the PostgreSQL database rewrites the
placeholders. A write names what it changes (`key`): SQLite takes its one write lock
anyway, PostgreSQL serialises writers of the same key with a transaction-scoped advisory
lock, so two instances appending to one session, numbering one session's checkups or
editing one plan item never interleave, while writers of different sessions run side by
side.

One process opens each database once (`assistant.storage.open_database`); the sessions,
checkups and plans repos share it, and it closes when the last of them closes.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from .base import TITLE_LENGTH, Pulse, StoredCheckup, StoredTurn

Rows = list[tuple[Any, ...]]
Run = Callable[..., Rows]  # run(sql, params=()) inside a write transaction


class Database:
    """One opened, migrated database, shared by the repositories of one process."""

    name = "database"
    where = ""  # what messages call it: a file path, or host:port/database (no password)
    migrated: list[int]  # the migration versions this open applied

    def __init__(self) -> None:
        self._users = 1
        self._count_lock = threading.Lock()
        self.on_last_close: Callable[[], None] | None = None

    def read(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        raise NotImplementedError

    def write(self, key: str | None = None) -> AbstractContextManager[Run]:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    def share(self) -> bool:
        """One more user of this open database; False if it has closed meanwhile."""
        with self._count_lock:
            if self._users <= 0:
                return False
            self._users += 1
            return True

    def close(self) -> None:
        """One user fewer; the last one closes the connection (or pool)."""
        with self._count_lock:
            self._users -= 1
            last = self._users == 0
        if last:
            if self.on_last_close is not None:
                self.on_last_close()
            self._close()


def _json(value: Any, sort: bool = False) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=sort)


class SessionStore:
    """Turns of every session; implements `SessionRepo`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def migrated(self) -> list[int]:
        return self.db.migrated

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
        with self.db.write(f"session|{owner}|{session_id}") as run:
            run(
                "INSERT INTO sessions (owner, session_id, created, updated, last_turn, title)"
                " VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (owner, session_id) DO NOTHING",
                (owner, session_id, now, now, user_text[:TITLE_LENGTH]),
            )
            number = int(
                run(
                    "UPDATE sessions SET last_turn = last_turn + 1, updated = ?"
                    " WHERE owner = ? AND session_id = ? RETURNING last_turn",
                    (now, owner, session_id),
                )[0][0]
            )
            run(
                "INSERT INTO turns (owner, session_id, turn, created, user_text, reply, data,"
                " state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (owner, session_id, number, now, user_text, reply, _json(data), _json(state)),
            )
        return number

    def turns(self, session_id: str, owner: str) -> list[StoredTurn]:
        """Every turn of the owner's session, oldest first ([] for another owner's)."""
        rows = self.db.read(
            "SELECT session_id, turn, created, user_text, reply, data, state FROM turns"
            " WHERE owner = ? AND session_id = ? ORDER BY turn",
            (owner, session_id),
        )
        return [
            StoredTurn(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6]))
            for r in rows
        ]

    def last_state(self, session_id: str, owner: str) -> dict[str, Any] | None:
        """The conversation state after the latest turn (one row read, not the session)."""
        rows = self.db.read(
            "SELECT t.state FROM sessions s JOIN turns t"
            " ON t.owner = s.owner AND t.session_id = s.session_id AND t.turn = s.last_turn"
            " WHERE s.owner = ? AND s.session_id = ?",
            (owner, session_id),
        )
        return json.loads(rows[0][0]) if rows else None

    def sessions(self, owner: str, limit: int = 50) -> list[dict[str, Any]]:
        """The owner's recent sessions, newest first: id, turns, last activity, first message."""
        rows = self.db.read(
            "SELECT session_id, last_turn, updated, title FROM sessions"
            " WHERE owner = ? ORDER BY updated DESC LIMIT ?",
            (owner, limit),
        )
        return [{"id": r[0], "turns": r[1], "updated": r[2], "title": r[3]} for r in rows]

    def set_feedback(
        self, session_id: str, turn: int, feedback: dict[str, Any], owner: str
    ) -> None:
        with self.db.write(f"session|{owner}|{session_id}") as run:
            run(
                "UPDATE turns SET feedback = ? WHERE owner = ? AND session_id = ? AND turn = ?",
                (_json(feedback), owner, session_id, turn),
            )

    def close(self) -> None:
        self.db.close()


class CheckupStore:
    """Checkups with a conversation, and anonymous pulses; implements `CheckupRepo`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_checkup(
        self,
        session_id: str,
        owner: str,
        role: str | None,
        answers: dict[str, int],
        scores: dict[str, Any],
    ) -> int:
        with self.db.write(f"checkup|{owner}|{session_id}") as run:
            number = int(
                run(
                    "SELECT COALESCE(MAX(number), 0) + 1 FROM checkups"
                    " WHERE owner = ? AND session_id = ?",
                    (owner, session_id),
                )[0][0]
            )
            run(
                "INSERT INTO checkups (owner, session_id, number, created, role, answers, scores)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    owner,
                    session_id,
                    number,
                    time.time(),
                    role,
                    _json(answers, sort=True),
                    _json(scores, sort=True),
                ),
            )
        return number

    def checkups(self, session_id: str, owner: str) -> list[StoredCheckup]:
        rows = self.db.read(
            "SELECT number, created, role, answers, scores FROM checkups"
            " WHERE owner = ? AND session_id = ? ORDER BY number",
            (owner, session_id),
        )
        return [StoredCheckup(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4])) for r in rows]

    def create_pulse(self, code: str, team: str, owner: str) -> Pulse:
        pulse = Pulse(code, team, owner, today())
        with self.db.write() as run:
            run(
                "INSERT INTO pulses (code, owner, team, day) VALUES (?, ?, ?, ?)",
                (pulse.code, pulse.owner, pulse.team, pulse.day),
            )
        return pulse

    def pulse(self, code: str) -> Pulse | None:
        rows = self.db.read("SELECT code, team, owner, day FROM pulses WHERE code = ?", (code,))
        return Pulse(*rows[0]) if rows else None

    def pulses(self, owner: str) -> list[Pulse]:
        rows = self.db.read(
            "SELECT code, team, owner, day FROM pulses WHERE owner = ? ORDER BY day DESC, team",
            (owner,),
        )
        return [Pulse(*r) for r in rows]

    def add_pulse_answer(self, code: str, group: str | None, answers: dict[str, int]) -> int:
        with self.db.write() as run:
            run(
                "INSERT INTO pulse_answers (code, id, day, role_group, answers)"
                " VALUES (?, ?, ?, ?, ?)",
                (code, secrets.token_hex(16), today(), group, _json(answers, sort=True)),
            )
            count = run("SELECT COUNT(*) FROM pulse_answers WHERE code = ?", (code,))
        return int(count[0][0])

    def pulse_answers(self, code: str) -> list[tuple[str | None, dict[str, int]]]:
        rows = self.db.read(
            "SELECT role_group, answers FROM pulse_answers WHERE code = ? ORDER BY id", (code,)
        )
        return [(r[0], json.loads(r[1])) for r in rows]

    def close(self) -> None:
        self.db.close()


class PlanStore:
    """Plan items of a conversation; implements `PlanRepo`."""

    COLUMNS = "id, title, source, item_owner, due, measure, status, notes"

    def __init__(self, db: Database) -> None:
        self.db = db

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
        with self.db.write() as run:
            run(
                "INSERT INTO plan_items (id, owner, session_id, title, source, item_owner, due,"
                " measure, status, notes, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', '[]', ?)",
                (item_id, owner, session_id, title, source, item_owner, due, measure, time.time()),
            )
        found = self.item(item_id, owner)
        assert found is not None
        return found

    def items(self, session_id: str, owner: str) -> list[dict[str, Any]]:
        rows = self.db.read(
            f"SELECT {self.COLUMNS} FROM plan_items WHERE owner = ? AND session_id = ?"
            " ORDER BY created, id",
            (owner, session_id),
        )
        return [self._item(r) for r in rows]

    def item(self, item_id: str, owner: str) -> dict[str, Any] | None:
        rows = self.db.read(
            f"SELECT {self.COLUMNS} FROM plan_items WHERE id = ? AND owner = ?", (item_id, owner)
        )
        return self._item(rows[0]) if rows else None

    def update_item(
        self, item_id: str, owner: str, status: str | None, note: str | None, day: str
    ) -> dict[str, Any] | None:
        with self.db.write(f"plan|{item_id}") as run:
            rows = run(
                "SELECT status, notes FROM plan_items WHERE id = ? AND owner = ?", (item_id, owner)
            )
            if not rows:
                return None
            notes = json.loads(rows[0][1])
            entry = {"date": day, "text": note}
            if note and entry not in notes:  # the same note the same day is kept once
                notes.append(entry)
            run(
                "UPDATE plan_items SET status = ?, notes = ? WHERE id = ? AND owner = ?",
                (status or rows[0][0], _json(notes), item_id, owner),
            )
        return self.item(item_id, owner)

    def amend_item(
        self, item_id: str, owner: str, changes: dict[str, str]
    ) -> dict[str, Any] | None:
        unknown = set(changes) - set(_AMENDABLE)
        if unknown:
            raise ValueError(f"a plan item has no field {', '.join(sorted(unknown))} to change")
        if changes:
            columns = ", ".join(f"{_AMENDABLE[k]} = ?" for k in changes)
            with self.db.write(f"plan|{item_id}") as run:
                run(
                    f"UPDATE plan_items SET {columns} WHERE id = ? AND owner = ?",
                    (*changes.values(), item_id, owner),
                )
        return self.item(item_id, owner)

    def close(self) -> None:
        self.db.close()


# an item's keys that can be changed after it was committed to, and their columns
_AMENDABLE = {
    "title": "title",
    "source": "source",
    "owner": "item_owner",
    "due": "due",
    "measure": "measure",
}


def today() -> str:
    """The day (UTC), the finest time a pulse keeps."""
    return time.strftime("%Y-%m-%d", time.gmtime())
