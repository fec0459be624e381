"""The LLM path against a real OpenAI-compatible server on loopback (tests/fake_llm.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.state import State
from assistant.config import Settings
from assistant.responders.llm import LLM
from assistant.wiring import assemble_coach

from .conftest import ROOT, run_ale
from .fake_llm import FakeLLM

PROBLEM = "Every crew packs the truck their own way and we keep forgetting the same cables."


@pytest.fixture
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def llm_coach(rules_classifier, fake: FakeLLM, timeout: float = 3.0) -> Coach:  # type: ignore[no-untyped-def]
    settings = Settings.from_env(
        {
            "OPENAI_BASE_URL": fake.url,
            "OPENAI_API_KEY": "sk-test-secret-123",
            "ALE_LLM_TIMEOUT": str(timeout),
            "ALE_DATA_DIR": "/nonexistent",
        }
    )
    return assemble_coach(settings, rules_classifier)


@pytest.mark.parametrize("mode", ["stream", "normal"])
def test_llm_writes_the_reply_and_receives_prompt_context_and_diagnosis(
    rules_classifier, fake: FakeLLM, mode: str
) -> None:  # type: ignore[no-untyped-def]
    fake.mode = mode
    coach = llm_coach(rules_classifier, fake)
    pieces = [p for p in coach.stream(PROBLEM, state=State()) if isinstance(p, str)]
    turn = coach.reply("which sphere should we fix?", state=State(evidence=[]))
    assert "".join(pieces).strip() == fake.reply
    assert len(pieces) > 1 or mode == "normal"
    sent = fake.requests[0]
    system = sent["messages"][0]["content"]
    assert system == (ROOT / "prompts" / "system.md").read_text(encoding="utf-8")
    user = sent["messages"][1]["content"]
    assert "<<<CONTEXT" in user and "CONTEXT>>>" in user
    assert '"sphere": "execution"' in user and '"action": "recommend"' in user
    assert PROBLEM in user  # passed as a variable, inside the quoted message block
    assert {k.lower(): v for k, v in fake.headers[0].items()}[
        "authorization"
    ] == "Bearer sk-test-secret-123"
    assert turn.mode == "llm"


def test_llm_mode_settings() -> None:
    assert Settings.from_env({"ALE_DATA_DIR": "x"}).llm_enabled is False
    assert (
        Settings.from_env({"ALE_DATA_DIR": "x", "OPENAI_BASE_URL": "http://h/v1"}).llm_enabled
        is True
    )
    assert (
        Settings.from_env(
            {"ALE_DATA_DIR": "x", "OPENAI_API_KEY": "k", "ALE_LLM": "off"}
        ).llm_enabled
        is False
    )
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="ALE_LLM=on needs OPENAI_API_KEY"):
        LLM(Settings.from_env({"ALE_DATA_DIR": "x", "ALE_LLM": "on"}))
    with pytest.raises(ConfigError, match="ALE_LLM_TIMEOUT"):
        Settings.from_env({"ALE_DATA_DIR": "x", "ALE_LLM_TIMEOUT": "soon"})


def test_every_prompt_renders(tmp_path: Path) -> None:
    from assistant.responders.prompts import PROMPTS, render

    for name in PROMPTS:
        text = render(
            ROOT / "prompts",
            name,
            action="recommend",
            diagnosis="{}",
            history=[],
            passages=[],
            draft="d",
            message="{{ 7*7 }} {% raw %}",
        )
        assert text.strip()
        if name == "turn":
            assert "{{ 7*7 }} {% raw %}" in text  # user text is data, never template
    (tmp_path / "turn.md").write_text("{% for %}")
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match=r"turn\.md"):
        render(tmp_path, "turn")


@pytest.mark.slow
def test_chat_jsonl_through_the_llm_server_and_back_to_offline(
    fake: FakeLLM, tmp_path: Path
) -> None:
    env = {"ALE_DATA_DIR": str(tmp_path / "d"), "OPENAI_BASE_URL": fake.url, "ALE_LLM_TIMEOUT": "5"}
    out = run_ale("chat", "--jsonl", stdin=PROBLEM + "\n", env=env)
    assert out.returncode == 0, out.stderr
    turn = json.loads(out.stdout)
    assert turn["mode"] == "llm" and turn["reply"] == fake.reply
    assert turn["sphere"] == "execution" and turn["interventions"]
    fake.mode = "500"
    out = run_ale("chat", "--jsonl", stdin=PROBLEM + "\n", env=env)
    assert json.loads(out.stdout)["mode"] == "fallback"
