"""What every sessions store offers: the turn record, session ids, and the `SessionRepo` protocol.

An owner is always a `str`: the logged-in user name, or `NO_OWNER` ('') when the app runs
without login. A session belongs to the owner of its first turn; every read takes the owner
and sees nothing of another owner's sessions.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.errors import AleError, InputError

NO_OWNER = ""
SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
TITLE_LENGTH = 80


class SessionError(AleError):
    """The sessions database cannot be opened or used; the message says what to do."""


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
    if not SESSION_ID.match(value):
        raise InputError(
            f"session id {value!r} is not valid: use 1-64 letters, digits, '.', '_' or '-'"
        )
    return value


class SessionRepo(Protocol):
    """Sessions and their turns, kept across restarts (SQLite today, PostgreSQL later)."""

    def append(
        self,
        session_id: str,
        user_text: str,
        reply: str,
        data: dict[str, Any],
        state: dict[str, Any],
        owner: str,
    ) -> int:
        """Store one turn and return its number (1, 2, ...); committed on return.

        Raises SessionError when the session belongs to another owner.
        """
        ...

    def turns(self, session_id: str, owner: str) -> list[StoredTurn]:
        """Every turn of the owner's session, oldest first ([] for another owner's)."""
        ...

    def last_state(self, session_id: str, owner: str) -> dict[str, Any] | None:
        """The conversation state after the latest turn, or None."""
        ...

    def sessions(self, owner: str, limit: int = 50) -> list[dict[str, Any]]:
        """The owner's recent sessions, newest first: keys id, turns, updated, title."""
        ...

    def owner_of(self, session_id: str) -> str | None:
        """Whose session this is ('' without login), or None when there is no such session."""
        ...

    def set_feedback(self, session_id: str, turn: int, feedback: dict[str, Any]) -> None:
        """Attach the user's feedback (JSON) to one turn."""
        ...

    def close(self) -> None: ...
