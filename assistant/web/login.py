"""Logins for ALE_AUTH, throttled against guessing (no gradio needed to test it)."""

from __future__ import annotations

import hmac
import threading
import time

LOGIN_LIMIT = 10  # failed logins per user name per minute before a lockout


class LoginGuard:
    """Checks ALE_AUTH logins and throttles guessing: after `limit` failed attempts within
    `window` seconds for one user name (or `limit` x 5 in total), every attempt is refused,
    even a right one, until the window has passed."""

    def __init__(
        self,
        pairs: list[tuple[str, str]],
        limit: int = LOGIN_LIMIT,
        window: float = 60.0,
    ) -> None:
        self.passwords = dict(pairs)
        self.limit = limit
        self.window = window
        self.failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        kept = [t for t in self.failures.get(key, []) if now - t < self.window]
        self.failures[key] = kept
        return kept

    def __call__(self, username: str, password: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if (
                len(self._recent(username, now)) >= self.limit
                or len(self._recent("*", now)) >= self.limit * 5
            ):
                return False  # locked out for now
            expected = self.passwords.get(username)
            ok = expected is not None and hmac.compare_digest(
                expected.encode("utf-8"), password.encode("utf-8")
            )
            if not ok:
                self.failures.setdefault(username, []).append(now)
                self.failures.setdefault("*", []).append(now)
            return ok
