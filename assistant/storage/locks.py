"""One builder at a time: a lock that every process sharing the data can see.

Instances that share a database (`ALE_DATABASE_URL`) take a PostgreSQL advisory lock, so
when several start at once against one Chroma server, one builds the index and the others
wait, then find it built. Without a database URL the lock is a file lock in ALE_DATA_DIR
(processes sharing one data folder). While it waits, the caller hears about it.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from .base import SessionError

if TYPE_CHECKING:
    from assistant.config import Settings

WAIT = 900.0  # seconds to wait for another builder before giving up
POLL = 0.25  # seconds between tries


@contextmanager
def exclusive(
    settings: Settings,
    name: str,
    waiting: Callable[[], None] | None = None,
    wait: float = WAIT,
) -> Iterator[None]:
    """Hold the lock `name` for the block; `waiting()` is called once if another process
    holds it first. SessionError if it is still held after `wait` seconds."""
    if settings.database_url:
        with _advisory(settings.database_url, name, waiting, wait):
            yield
    else:
        with _file(settings, name, waiting, wait):
            yield


def _take(
    try_once: Callable[[], bool], name: str, waiting: Callable[[], None] | None, wait: float
) -> None:
    """Call `try_once` every POLL s until it takes the lock; `waiting()` once if the first
    try fails; SessionError after `wait` seconds."""
    deadline = time.monotonic() + wait
    told = False
    while not try_once():
        if not told and waiting is not None:
            waiting()
            told = True
        if time.monotonic() > deadline:
            raise SessionError(
                f"another ALE Coach process has held the {name!r} lock for too long; "
                "try again when it has finished"
            )
        time.sleep(POLL)


@contextmanager
def _advisory(
    url: str, name: str, waiting: Callable[[], None] | None, wait: float
) -> Iterator[None]:
    import psycopg

    from .postgres import CONNECT_TIMEOUT, HINT, Target, parse_url

    key = zlib.crc32(f"ale-coach:{name}".encode())
    parse_url(url)
    target = Target(url)
    try:
        conn: Any = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.Error as exc:
        raise SessionError(
            f"the PostgreSQL database at {target.where} cannot be opened "
            f"({target.scrub(str(exc))}): {HINT}"
        ) from None
    with conn:
        _take(
            lambda: bool(conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]),
            name,
            waiting,
            wait,
        )
        try:
            yield
        finally:
            with suppress(psycopg.Error):  # a lost connection took the lock with it
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


@contextmanager
def _file(
    settings: Settings, name: str, waiting: Callable[[], None] | None, wait: float
) -> Iterator[None]:
    import fcntl

    path = settings.data_dir / f"{name}.lock"
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        handle = path.open("a")
    except OSError:  # an unwritable data folder: the build itself will say what is wrong
        yield
        return

    def try_once() -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    with handle:
        _take(try_once, name, waiting, wait)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
