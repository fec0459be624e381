"""Logins for ALE_AUTH, throttled against guessing in a way that cannot lock others out.

The policy (also in the README):

- **Per user name**: the first FREE_TRIES failed logins for a name within WINDOW seconds
  cost nothing; after that, each further attempt for that name is checked only once a
  delay has passed since its last failure (1 s, then 2, 4, 8 ... up to MAX_DELAY);
  attempts sooner are refused unchecked. Failures under other names never touch a
  name: a flood of made-up names cannot refuse anyone's right password.
- **Per client address** (`AddressThrottle`, an ASGI middleware on the login route):
  after ADDRESS_FREE failures from one address within WINDOW, its login attempts are
  answered one at a time and each waits a growing pause (up to ADDRESS_MAX_PAUSE).
  Pauses only slow an address down; they never refuse a right password.

No gradio is needed to test either part.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

FREE_TRIES = 5  # failed logins per user name before delays begin
MAX_DELAY = 300.0  # seconds: the longest wait between checked attempts for one name
WINDOW = 900.0  # seconds a failure is remembered
ADDRESS_FREE = 40  # failed logins per client address before its attempts are paused
ADDRESS_MAX_PAUSE = 1.0  # seconds: the longest pause per login attempt for one address


def _recent(failures: dict[str, list[float]], key: str, now: float, window: float) -> list[float]:
    """The times of `key`'s failures within the window; a key with none left is dropped
    (made-up names and passing addresses do not pile up in memory)."""
    kept = [t for t in failures.get(key, []) if now - t < window]
    if kept:
        failures[key] = kept
    else:
        failures.pop(key, None)
    return kept


class LoginGuard:
    """Checks ALE_AUTH logins with growing per-name delays (see the module text)."""

    def __init__(
        self,
        pairs: list[tuple[str, str]],
        free_tries: int = FREE_TRIES,
        window: float = WINDOW,
        max_delay: float = MAX_DELAY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.passwords = dict(pairs)
        self.free_tries = free_tries
        self.window = window
        self.max_delay = max_delay
        self.clock = clock
        self.failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._swept = clock()

    def _sweep(self, now: float) -> None:
        """Forget every name whose failures are all older than the window (at most once a
        minute), so that a flood of made-up names does not stay in memory."""
        if now - self._swept < 60:
            return
        self._swept = now
        for name in [n for n, times in self.failures.items() if now - times[-1] >= self.window]:
            del self.failures[name]

    def wait_for(self, name: str) -> float:
        """Seconds until an attempt for `name` will be checked (0: now)."""
        with self._lock:
            now = self.clock()
            recent = _recent(self.failures, name, now, self.window)
            if len(recent) < self.free_tries:
                return 0.0
            delay = min(2.0 ** (len(recent) - self.free_tries), self.max_delay)
            return max(0.0, recent[-1] + delay - now)

    def __call__(self, username: str, password: str) -> bool:
        if self.wait_for(username) > 0:
            return False  # too soon after this name's last failure: not even checked
        expected = self.passwords.get(username)
        ok = expected is not None and hmac.compare_digest(
            expected.encode("utf-8"), password.encode("utf-8")
        )
        with self._lock:
            now = self.clock()
            self._sweep(now)
            if ok:
                self.failures.pop(username, None)
            else:
                _recent(self.failures, username, now, self.window)
                self.failures.setdefault(username, []).append(now)
        return ok


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class AddressThrottle:
    """ASGI middleware: per client address, logins beyond ADDRESS_FREE failures in the
    window are answered one at a time, each after a pause that grows with the failures
    (at most ADDRESS_MAX_PAUSE). A failed login is a 4xx answer to POST /login."""

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        free: int = ADDRESS_FREE,
        window: float = WINDOW,
        max_pause: float = ADDRESS_MAX_PAUSE,
    ) -> None:
        self.app = app
        self.free = free
        self.window = window
        self.max_pause = max_pause
        self.failures: dict[str, list[float]] = {}
        self.locks: dict[str, asyncio.Lock] = {}
        self._swept = time.monotonic()

    def sweep(self, now: float) -> None:
        """Forget every address whose failures are all older than the window (at most once
        a minute), so that failures from many passing addresses do not pile up."""
        if now - self._swept < 60:
            return
        self._swept = now
        for address in [a for a, times in self.failures.items() if now - times[-1] >= self.window]:
            del self.failures[address]
            self.locks.pop(address, None)

    def pause_for(self, address: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        over = len(_recent(self.failures, address, now, self.window)) - self.free
        if over < 0:
            return 0.0
        return min(self.max_pause, 0.05 * 2 ** (over / 10))  # doubles every 10 failures

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")).rstrip("/")
        if scope.get("type") != "http" or scope.get("method") != "POST" or path != "/login":
            await self.app(scope, receive, send)
            return
        client = scope.get("client") or ("unknown", 0)
        address = str(client[0])
        pause = self.pause_for(address)
        lock = self.locks.setdefault(address, asyncio.Lock()) if pause else None
        status: list[int] = []

        async def watch(message: MutableMapping[str, Any]) -> None:
            if message.get("type") == "http.response.start":
                status.append(int(message.get("status", 0)))
            await send(message)

        async with lock if lock is not None else contextlib.nullcontext():
            if pause:
                await asyncio.sleep(pause)
            await self.app(scope, receive, watch)
        if status and 400 <= status[0] < 500:
            now = time.monotonic()
            self.sweep(now)
            self.failures.setdefault(address, []).append(now)
        if lock is not None and not self.failures.get(address):
            self.locks.pop(address, None)
