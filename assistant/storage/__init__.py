"""Where sessions are kept: the `SessionRepo` protocol and the store the settings choose.

    from assistant.storage import open_sessions
    repo = open_sessions(settings)   # SQLite under ALE_DATA_DIR, or ALE_DATABASE_URL
    number = repo.append(session_id, text, reply, data, state, owner=NO_OWNER)

The repositories are written once (`sql.py`) over a database: one SQLite file (the
default) or PostgreSQL (`ALE_DATABASE_URL=postgresql://...`, `postgres.py`). A process
opens each database once; its sessions, checkups and plans repos share it. The schema is
created and upgraded by the numbered migrations in `migrations.py`.
"""

from __future__ import annotations

import threading
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

    from .sql import CheckupStore, Database, PlanStore, SessionStore

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
    "open_database",
    "open_plans",
    "open_sessions",
]


_OPEN: dict[str, Database] = {}
_OPEN_LOCK = threading.Lock()


def open_database(settings: Settings) -> Database:
    """The database these settings name, opened (and migrated) once per process and shared:
    PostgreSQL when ALE_DATABASE_URL is set, else the SQLite file in ALE_DATA_DIR. Each
    caller closes what it got; the last close closes the connection or pool."""
    from .sqlite import DATABASE_FILE

    url = settings.database_url
    key = url or str((settings.data_dir / DATABASE_FILE).resolve())
    with _OPEN_LOCK:
        db = _OPEN.get(key)
        if db is not None and db.share():
            return db
        if url:
            from .postgres import PostgresDatabase

            db = PostgresDatabase(url)
        else:
            from .sqlite import SqliteDatabase

            db = SqliteDatabase(settings.data_dir / DATABASE_FILE)
        _OPEN[key] = db

        def forget(key: str = key, db: Database = db) -> None:
            with _OPEN_LOCK:
                if _OPEN.get(key) is db:
                    del _OPEN[key]

        db.on_last_close = forget
        return db


def open_sessions(settings: Settings) -> SessionStore:
    """The sessions store for these settings (`SessionRepo`)."""
    from .sql import SessionStore

    return SessionStore(open_database(settings))


def open_checkups(settings: Settings) -> CheckupStore:
    """Checkups and pulses for these settings (`CheckupRepo`): the sessions' database."""
    from .sql import CheckupStore

    return CheckupStore(open_database(settings))


def open_plans(settings: Settings) -> PlanStore:
    """Plan items for these settings (`PlanRepo`): the sessions' database."""
    from .sql import PlanStore

    return PlanStore(open_database(settings))
