"""Model endpoint faults, from a real loopback server: every turn is answered within
ALE_LLM_TIMEOUT + 2 s, streamed text is kept, 401 is not retried, the key never shows,
and a circuit breaker stops calling a failing endpoint for a while. (The one table of
faults: tests/test_llm.py covers the working path.)"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.coaching.coach import Coach
from assistant.config import Settings
from assistant.storage import NO_OWNER
from assistant.storage.sqlite import SqliteSessionRepo
from assistant.wiring import assemble_coach

from .fake_llm import FakeLLM
from .webapp import free_port

KEY = "sk-test-SECRET-4242-do-not-show"
PROBLEM = "Every crew packs the truck their own way and we keep forgetting the same cables."
TIMEOUT = 3.0


@pytest.fixture
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def coach_for(url: str, tmp_path: Path, rules_classifier, **extra: str) -> Coach:  # type: ignore[no-untyped-def]
    settings = Settings.from_env(
        {
            "OPENAI_BASE_URL": url,
            "OPENAI_API_KEY": KEY,
            "ALE_LLM_TIMEOUT": str(TIMEOUT),
            "ALE_DATA_DIR": str(tmp_path),
            **extra,
        }
    )
    sessions = SqliteSessionRepo(tmp_path / "sessions.sqlite3")
    return assemble_coach(settings, rules_classifier, sessions=sessions)


def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there


FAULTS = [
    # (mode, delay, retry_after, requests the server may see)
    ("slow", 30.0, "1", 1),  # hangs before sending headers
    ("stall", 30.0, "1", 1),  # streams three words, then silence
    ("429", 0.0, "2", 2),  # retried once after 2 s (fits in the deadline)
    ("429", 0.0, "120", 1),  # not waited for
    ("500", 0.0, "1", 2),
    ("503", 0.0, "1", 2),
    ("401", 0.0, "1", 1),  # never retried
    ("malformed", 0.0, "1", 1),
    ("null_choices", 0.0, "1", 1),
]


@pytest.mark.parametrize(("mode", "delay", "retry_after", "requests"), FAULTS)
def test_every_fault_is_answered_in_time_without_showing_the_key(
    fake: FakeLLM,
    tmp_path: Path,
    rules_classifier,  # type: ignore[no-untyped-def]
    caplog: pytest.LogCaptureFixture,
    mode: str,
    delay: float,
    retry_after: str,
    requests: int,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.mode, fake.delay, fake.retry_after = mode, delay, retry_after
    fake.reply = "It's Execution. You said every crew packs the truck their own way."
    coach = coach_for(fake.url, tmp_path, rules_classifier)
    started = time.monotonic()
    turn = coach.reply(PROBLEM, "fault-1")
    elapsed = time.monotonic() - started
    assert elapsed <= TIMEOUT + 2, f"{mode}: {elapsed:.1f}s"
    print(f"\n{mode} (Retry-After {retry_after}): answered in {elapsed:.2f} s, {turn.mode}")
    assert turn.mode == "fallback" and turn.fallback_notice
    assert "Execution" in turn.reply and "built-in reply" in turn.reply  # it answers the turn
    assert turn.interventions == ()  # no retriever here: no interventions
    assert len(fake.requests) == requests, mode
    if mode == "stall":
        assert turn.interrupted and turn.reply.startswith("It's Execution.")
        assert "stopped mid-reply" in turn.reply
    else:
        assert not turn.interrupted
    stored = coach.sessions.turns("fault-1", NO_OWNER)  # type: ignore[union-attr]
    assert stored[-1].data["interrupted"] is turn.interrupted
    shown = turn.reply + str(stored[-1].data) + caplog.text
    assert KEY not in shown and "SECRET-4242" not in shown
    assert "Authorization" not in caplog.text


def test_an_unknown_model_is_reported_clearly_once(
    fake: FakeLLM, tmp_path: Path, rules_classifier
) -> None:  # type: ignore[no-untyped-def]
    fake.mode = "404"
    coach = coach_for(fake.url, tmp_path, rules_classifier, ALE_MODEL="no-such-model")
    first, second = coach.reply(PROBLEM), coach.reply(PROBLEM)
    assert first.mode == second.mode == "fallback"
    assert first.fallback_reason == second.fallback_reason == "error"
    assert "does not know that model" in first.reply and "ALE_MODEL" in first.reply
    assert "does not know that model" not in second.reply  # said once, then briefly
    assert "still unavailable" in second.reply
    assert len(fake.requests) == 2  # a 404 is not retried


def test_a_closed_port_is_answered_at_once(tmp_path: Path, rules_classifier) -> None:  # type: ignore[no-untyped-def]
    coach = coach_for(closed_port_url(), tmp_path, rules_classifier)
    started = time.monotonic()
    turn = coach.reply(PROBLEM)
    assert time.monotonic() - started < TIMEOUT
    assert turn.mode == "fallback" and "could not be reached" in (turn.fallback_notice or "")


def test_the_circuit_breaker_stops_calling_a_failing_endpoint_then_tries_again(
    fake: FakeLLM, tmp_path: Path, rules_classifier
) -> None:  # type: ignore[no-untyped-def]
    fake.mode = "500"
    coach = coach_for(fake.url, tmp_path, rules_classifier, ALE_LLM_COOLDOWN="2")
    for _ in range(3):
        assert coach.reply(PROBLEM).mode == "fallback"
    seen = len(fake.requests)
    started = time.monotonic()
    paused = coach.reply(PROBLEM)
    assert time.monotonic() - started < 1.0
    assert len(fake.requests) == seen, "the open breaker must not call the endpoint"
    assert paused.mode == "fallback" and "not calling it" in (paused.fallback_notice or "")

    time.sleep(2.1)  # the cooldown passes: one trial call goes through, and it works
    fake.mode = "normal"
    fake.reply = "Back again: this is Execution."
    again = coach.reply(PROBLEM)
    assert again.mode == "llm" and again.reply.startswith("Back again: this is Execution.")
    assert len(fake.requests) == seen + 1
