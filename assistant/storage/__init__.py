"""Where sessions are kept: the `SessionRepo` protocol and the store the settings choose.

    from assistant.storage import open_sessions
    repo = open_sessions(settings)   # SQLite under ALE_DATA_DIR today
    number = repo.append(session_id, text, reply, data, state, owner=NO_OWNER)

The schema is created and upgraded by the numbered migrations in `migrations.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import (
    NO_OWNER,
    CheckupRepo,
    PlanRepo,
    Pulse,
    SessionError,
    SessionRepo,
    StoredCheckup,
    StoredTurn,
    check_session_id,
    has_session,
    new_session_id,
)

if TYPE_CHECKING:
    from assistant.config import Settings

__all__ = [
    "NO_OWNER",
    "CheckupRepo",
    "PlanRepo",
    "Pulse",
    "SessionError",
    "SessionRepo",
    "StoredCheckup",
    "StoredTurn",
    "check_session_id",
    "has_session",
    "new_session_id",
    "open_checkups",
    "open_plans",
    "open_sessions",
]


def open_sessions(settings: Settings) -> SessionRepo:
    """The sessions store for these settings: SQLite in the data folder (PostgreSQL later)."""
    from .sqlite import SqliteSessionRepo

    return SqliteSessionRepo.in_data_dir(settings.data_dir)


def open_checkups(settings: Settings) -> CheckupRepo:
    """Checkups and pulses for these settings: the same database as the sessions."""
    from .sqlite import SqliteCheckupRepo

    return SqliteCheckupRepo.in_data_dir(settings.data_dir)


def open_plans(settings: Settings) -> PlanRepo:
    """Plan items for these settings: the same database as the sessions."""
    from .sqlite import SqlitePlanRepo

    return SqlitePlanRepo.in_data_dir(settings.data_dir)
