"""Sessions, checkups, pulses and plans in PostgreSQL (psycopg 3), for many app instances.

Selected by `ALE_DATABASE_URL=postgresql://user:password@host:port/database`. Opening
connects once to apply the numbered migrations (serialised across instances by an advisory
lock, each in its own transaction: PostgreSQL's DDL is transactional, so a failing
migration leaves the schema as it was), then serves every read and write from a
connection pool. A connection is checked before each use, so when the server goes away
requests fail with a readable `SessionError`, and once it is back they succeed again
without a restart.

Messages name the server (host, port, database) and never the password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import conninfo
from psycopg_pool import ConnectionPool

from assistant.errors import ConfigError, InputError

from .base import SessionError
from .migrations import migrate
from .sql import Database, Rows, Run

CONNECT_TIMEOUT = 5  # seconds to reach the server for one new connection
POOL_TIMEOUT = 5.0  # seconds a request waits for a pooled connection
# seconds the pool keeps retrying a lost connection (with growing pauses) before it gives
# up on it; the next request then tries afresh at once, so a server that is back is used
# within a request or two rather than after a long backoff
RECONNECT_WITHIN = 4.0
POOL_SIZE = 10  # connections per process at most
MIGRATION_LOCK = 0x41_4C_45_43  # "ALEC": the advisory lock migrations take
_FAILURES = (psycopg.OperationalError, psycopg.InterfaceError)


class Target:
    """What messages may say about a database URL: host:port/database, never the user
    information (user and password) before the last '@', even in a URL too malformed to
    parse the way it was meant ("u:pa/ss@host" or "u:p@ss@host")."""

    def __init__(self, url: str) -> None:
        rest = url.split("://", 1)[1] if "://" in url else url
        userinfo, at, tail = rest.rpartition("@")
        pieces = re.split(r"[@/:]", userinfo) if at else []
        self.secrets = [s for s in (userinfo, userinfo.partition(":")[2]) if at and s]
        self.secrets += [p for p in pieces[1:] if len(p) >= 3]
        self.where = tail.split("?", 1)[0].rstrip("/") or "localhost"

    def scrub(self, text: str) -> str:
        text = " ".join(str(text).split())
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text


def parse_url(url: str) -> dict[str, str]:
    """The connection parameters of a postgresql:// URL; ConfigError (never echoing the
    user information) when it is not one."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("postgresql", "postgres"):
        raise ConfigError(
            "ALE_DATABASE_URL must be a postgresql:// (or postgres://) URL, such as "
            "postgresql://user:password@host:5432/database"
            + (f" (it starts with {scheme}://)" if scheme else "")
        )
    userinfo, at, _ = url.split("://", 1)[1].split("?", 1)[0].rpartition("@")
    if at and ("@" in userinfo or "/" in userinfo):
        raise ConfigError(
            "ALE_DATABASE_URL has an '@' or '/' in its user name or password: "
            "percent-encode it ('@' is %40, '/' is %2F)"
        )
    try:
        return {k: str(v) for k, v in conninfo.conninfo_to_dict(url).items()}
    except psycopg.ProgrammingError as exc:
        raise ConfigError(
            f"ALE_DATABASE_URL is not a valid PostgreSQL URL: {Target(url).scrub(str(exc))}; "
            "percent-encode any '@', '/', ':' or '?' in the user name or password"
        ) from None


HINT = "check that the server is up and that ALE_DATABASE_URL (host, user, password, database) is right"


def _run(conn: psycopg.Connection[Any], sql: str, params: Sequence[Any] = ()) -> Rows:
    """One statement with `?` placeholders (the repositories' SQL) on a psycopg connection."""
    if "%" in sql:
        raise ValueError("the repositories' SQL must not contain '%'")
    cursor = conn.execute(sql.replace("?", "%s"), tuple(params) or None)
    return cursor.fetchall() if cursor.description is not None else []


class PgEngine:
    """One autocommit connection, as the migration runner sees it."""

    name = "postgresql"
    param = "%s"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        cursor = self.conn.execute(sql, tuple(params) or None)
        return cursor.fetchall() if cursor.description is not None else []

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """One transaction holding the migrations' advisory lock (other instances wait)."""
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            yield

    def has_table(self, table: str) -> bool:
        row = self.conn.execute("SELECT to_regclass(%s)", (table,)).fetchone()
        return row is not None and row[0] is not None


class PostgresDatabase(Database):
    """A migrated PostgreSQL database behind a connection pool."""

    name = "postgresql"

    def __init__(self, url: str, pool_size: int = POOL_SIZE) -> None:
        super().__init__()
        self._params = parse_url(url)
        self._target = Target(url)
        self.where = self._target.where
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
                self.migrated = migrate(PgEngine(conn))
        except psycopg.Error as exc:
            raise self._failure("cannot be opened", exc) from None
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            check=ConnectionPool.check_connection,
            timeout=POOL_TIMEOUT,
            reconnect_timeout=RECONNECT_WITHIN,
            name="ale-coach",
            open=False,
        )
        self._pool.open(wait=False)

    def _failure(self, what: str, exc: BaseException) -> SessionError:
        detail = self._target.scrub(str(exc)) or type(exc).__name__
        return SessionError(f"the PostgreSQL database at {self.where} {what} ({detail}): {HINT}")

    def read(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        try:
            with self._pool.connection() as conn:
                return _run(conn, sql, params)
        except _FAILURES as exc:
            raise self._failure("is not answering", exc) from None
        except psycopg.DataError as exc:
            raise InputError(
                f"the database refused a value ({self._target.scrub(str(exc))})"
            ) from None

    @contextmanager
    def write(self, key: str | None = None) -> Iterator[Run]:
        """One transaction; writers with the same `key` take turns (an advisory lock)."""
        try:
            with self._pool.connection() as conn, conn.transaction():
                if key is not None:
                    conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))

                def run(sql: str, params: Sequence[Any] = ()) -> Rows:
                    return _run(conn, sql, params)

                yield run
        except _FAILURES as exc:
            raise self._failure("is not answering", exc) from None
        except psycopg.DataError as exc:  # e.g. a NUL character, which PostgreSQL text refuses
            raise InputError(
                f"the database refused a value ({self._target.scrub(str(exc))})"
            ) from None

    def _close(self) -> None:
        self._pool.close(timeout=5)
