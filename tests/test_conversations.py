"""Scripted conversations (evals/conversations-core.yaml) through the real offline coach."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.state import State
from assistant.config import Settings
from assistant.evals.suites import load_suite, run_conversation
from assistant.wiring import build_coach

from .conftest import EVALS


@pytest.fixture(scope="session")
def offline_coach(warm_data: Path) -> Coach:
    """The real offline coach on the session's warm index (it only reads it)."""
    settings = Settings.from_env({"ALE_DATA_DIR": str(warm_data), "ALE_LLM": "off"})
    return build_coach(settings, with_sessions=False)


def play(coach: Coach, case: dict) -> dict:  # type: ignore[type-arg]
    state = State()
    return run_conversation(lambda message: coach.reply(message, state=state).to_dict(), case)


SUITE = load_suite(EVALS / "conversations-core.yaml")


def test_the_suite_is_big_enough_and_covers_every_behaviour() -> None:
    assert len(SUITE.cases) >= 25
    covered = {b for case in SUITE.cases for b in case.get("covers", [])}
    for behaviour in (
        "vague opener",
        "follow-up",
        "which sphere",
        "fix-leadership reflex",
        "who is asking",
        "off-topic",
        "small talk",
        "several problems",
        "things going well",
    ):
        assert behaviour in covered, behaviour


@pytest.mark.slow
@pytest.mark.parametrize("case", SUITE.cases, ids=[str(c["id"]) for c in SUITE.cases])
def test_scripted_conversation(offline_coach: Coach, case: dict) -> None:  # type: ignore[type-arg]
    result = play(offline_coach, case)
    failed = [c for c in result["checks"] if not c["passed"]]
    transcript = "\n".join(
        f"  you: {t['user']}\n  coach [{t['sphere']}, follow_up={t['follow_up']}]: {t['reply'][:300]}"
        for t in result["transcript"]
    )
    assert not failed, f"{failed}\n{transcript}"
