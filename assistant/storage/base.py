"""What every sessions store offers: the turn record, session ids, and the `SessionRepo` protocol.

An owner is always a `str`: the logged-in user name, or `NO_OWNER` ('') when the app runs
without login. Every stored object belongs to its owner: a session is (owner, session id),
so the same id used by two people is two sessions, and every read takes the owner and
sees nothing of anyone else's.
"""

from __future__ import annotations

import re
import secrets
import time
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
    """A new id: the date (for people) and 96 random bits (nobody guesses another's)."""
    return time.strftime("%Y%m%d-") + secrets.token_hex(12)


def check_session_id(value: str) -> str:
    if not SESSION_ID.match(value):
        shown = repr(value[:40]) + ("…" if len(value) > 40 else "")  # never echo a long input
        raise InputError(
            f"session id {shown} is not valid: use 1-64 letters, digits, '.', '_' or '-'"
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
        """Store one turn in the owner's session and return its number (1, 2, ...);
        committed on return."""
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

    def set_feedback(
        self, session_id: str, turn: int, feedback: dict[str, Any], owner: str
    ) -> None:
        """Attach the owner's feedback (JSON) to one turn of their session."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class StoredCheckup:
    """One checkup taken in a conversation: its number there (1, 2, ...), when, who said
    they are, the answers and the rounded scores (spheres and overlaps, as in the contract)."""

    number: int
    created: float
    role: str | None
    answers: dict[str, int]
    scores: dict[str, Any]


@dataclass(frozen=True)
class Pulse:
    code: str
    team: str
    owner: str
    day: str  # YYYY-MM-DD: never finer than the day


class CheckupRepo(Protocol):
    """Checkups kept with a conversation, and anonymous team pulses."""

    def add_checkup(
        self,
        session_id: str,
        owner: str,
        role: str | None,
        answers: dict[str, int],
        scores: dict[str, Any],
    ) -> int:
        """Store a checkup with the owner's conversation; returns its number there."""
        ...

    def checkups(self, session_id: str, owner: str) -> list[StoredCheckup]:
        """The owner's checkups in that conversation, oldest first."""
        ...

    def create_pulse(self, code: str, team: str, owner: str) -> Pulse: ...

    def pulse(self, code: str) -> Pulse | None: ...

    def pulses(self, owner: str) -> list[Pulse]:
        """The pulses this owner created, newest first."""
        ...

    def add_pulse_answer(self, code: str, group: str | None, answers: dict[str, int]) -> int:
        """Store one anonymous answer (no name, no time finer than the day); returns how
        many the pulse now has."""
        ...

    def pulse_answers(self, code: str) -> list[tuple[str | None, dict[str, int]]]:
        """Every answer as (role group, answers), in no meaningful order."""
        ...

    def close(self) -> None: ...


class PlanRepo(Protocol):
    """Committed actions kept with a conversation. An item is a dict in the contract's
    shape: id, title, source, owner, due (YYYY-MM-DD), measure, status, notes."""

    def add_item(
        self,
        session_id: str,
        owner: str,
        title: str,
        source: str | None,
        item_owner: str,
        due: str,
        measure: str,
    ) -> dict[str, Any]: ...

    def items(self, session_id: str, owner: str) -> list[dict[str, Any]]:
        """The items of the owner's conversation, in the order they were added."""
        ...

    def item(self, item_id: str, owner: str) -> dict[str, Any] | None: ...

    def update_item(
        self, item_id: str, owner: str, status: str | None, note: str | None, day: str
    ) -> dict[str, Any] | None:
        """Set the status and/or add a dated note; the item after, or None if unknown."""
        ...

    def amend_item(
        self, item_id: str, owner: str, changes: dict[str, str]
    ) -> dict[str, Any] | None:
        """Change what was committed to: any of title, source, owner, due and measure
        (`changes` in the item's own keys); the item after, or None if unknown."""
        ...

    def close(self) -> None: ...


def has_session(
    sessions: SessionRepo, checkups: CheckupRepo | None, session_id: str, owner: str
) -> bool:
    """Whether the owner has this conversation: a turn in it, or a checkup kept with it."""
    if sessions.last_state(session_id, owner):
        return True
    return bool(checkups is not None and checkups.checkups(session_id, owner))
