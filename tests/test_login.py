"""The login throttle's policy, on a fake clock (the real app is probed in
tests/test_web_security.py)."""

from __future__ import annotations

import asyncio
from typing import Any

from assistant.web.login import ADDRESS_FREE, FREE_TRIES, AddressThrottle, LoginGuard


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failures_under_other_names_never_refuse_a_right_password() -> None:
    clock = Clock()
    guard = LoginGuard([("alice", "wonder-land"), ("bob", "builder")], clock=clock)
    for number in range(500):
        assert not guard(f"made-up-{number}", "guess")
    assert guard("alice", "wonder-land")
    assert len(guard.failures) == 500  # remembered per name ...
    clock.now += 901
    assert guard.wait_for("made-up-1") == 0 and not guard("made-up-1", "x")
    assert len(guard.failures) <= 2  # ... and forgotten after the window


def test_a_name_gets_growing_delays_after_its_free_tries() -> None:
    clock = Clock()
    guard = LoginGuard([("bob", "builder")], clock=clock)
    for _ in range(FREE_TRIES):
        assert guard.wait_for("bob") == 0
        assert not guard("bob", "wrong")
    assert guard.wait_for("bob") == 1.0
    assert not guard("bob", "builder"), "the right password waits out the delay too"
    waits = []
    for _ in range(4):
        clock.now += guard.wait_for("bob")
        waits.append(guard.wait_for("bob"))
        assert not guard("bob", "wrong")
        waits.append(guard.wait_for("bob"))
    assert waits == [0.0, 2.0, 0.0, 4.0, 0.0, 8.0, 0.0, 16.0]
    clock.now += guard.wait_for("bob")
    assert guard("bob", "builder")  # once the delay has passed, it is checked and works
    assert guard.wait_for("bob") == 0  # and a success clears the name's failures


def test_an_address_is_paused_not_refused_and_answered_one_at_a_time() -> None:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["client"][0])
        ok = scope["query_string"] == b"right"
        await send({"type": "http.response.start", "status": 200 if ok else 400})
        await send({"type": "http.response.body", "body": b""})

    throttle = AddressThrottle(app)

    async def attempt(address: str, password: bytes) -> int:
        status: list[int] = []

        async def send(message: Any) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        scope = {
            "type": "http",
            "method": "POST",
            "path": "/login",
            "client": (address, 1),
            "query_string": password,
        }
        await throttle(scope, None, send)  # type: ignore[arg-type]
        return status[0]

    async def run() -> None:
        for _ in range(ADDRESS_FREE):
            assert await attempt("10.0.0.9", b"wrong") == 400
        assert throttle.pause_for("10.0.0.9") == 0.05
        assert throttle.pause_for("10.0.0.1") == 0.0  # other addresses are untouched
        assert await attempt("10.0.0.9", b"right") == 200  # paused, never refused
        throttle.failures["10.0.0.9"] *= 10
        assert throttle.pause_for("10.0.0.9") == 1.0  # the pause has a ceiling

    asyncio.run(run())
    assert len(seen) == ADDRESS_FREE + 1


def test_thirty_wrong_passwords_for_one_name_are_all_refused() -> None:
    clock = Clock()
    guard = LoginGuard([("alice", "wonder-land"), ("bob", "b:uilder")], clock=clock)
    for attempt in range(30):
        assert not guard("bob", f"guess-{attempt}")
        clock.now += 0.5  # a guesser trying twice a second
    assert not guard("bob", "b:uilder"), "the right password waits out the delay too"
    assert guard("alice", "wonder-land")  # and nobody else is held up


def test_the_address_table_forgets_old_addresses() -> None:
    throttle = AddressThrottle(lambda *a: None)  # type: ignore[arg-type, return-value]
    now = throttle._swept
    for number in range(1000):
        throttle.failures[f"10.1.{number // 250}.{number % 250}"] = [now]
    throttle.sweep(now + 30)  # at most once a minute
    assert len(throttle.failures) == 1000
    throttle.failures["10.9.9.9"] = [now + 950]
    throttle.sweep(now + 960)
    assert list(throttle.failures) == ["10.9.9.9"]  # the others are older than the window
