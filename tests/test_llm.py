"""The LLM path against a real OpenAI-compatible server on loopback (tests/fake_llm.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.plan import Turn
from assistant.coaching.state import State
from assistant.config import Settings
from assistant.responders.base import Exchange, Retract
from assistant.responders.llm import LLM
from assistant.responders.llm_writer import LLMResponder, estimate_tokens, split
from assistant.wiring import assemble_coach

from .conftest import ROOT, run_ale
from .fake_llm import FakeLLM

PROBLEM = "Every crew packs the truck their own way and we keep forgetting the same cables."


@pytest.fixture
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def llm_coach(rules_classifier, fake: FakeLLM, timeout: float = 15.0) -> Coach:  # type: ignore[no-untyped-def]
    settings = Settings.from_env(
        {
            "OPENAI_BASE_URL": fake.url,
            "OPENAI_API_KEY": "sk-test-secret-123",
            "ALE_LLM_TIMEOUT": str(timeout),
            "ALE_DATA_DIR": "/nonexistent",
        }
    )
    return assemble_coach(settings, rules_classifier)


GOOD = "You said every crew packs the truck their own way: that is Execution, how the work is done."


def offline_coach(rules_classifier) -> Coach:  # type: ignore[no-untyped-def]
    return assemble_coach(Settings.from_env({"ALE_DATA_DIR": "/nonexistent"}), rules_classifier)


@pytest.mark.parametrize("mode", ["stream", "normal"])
def test_the_model_writes_the_opening_and_the_structured_rest_stays(
    rules_classifier, fake: FakeLLM, mode: str
) -> None:  # type: ignore[no-untyped-def]
    fake.mode, fake.reply = mode, GOOD
    coach = llm_coach(rules_classifier, fake)
    items = list(coach.stream(PROBLEM, state=State()))
    turn = items[-1]
    assert isinstance(turn, Turn) and turn.mode == "llm" and turn.fallback_reason is None
    offline = offline_coach(rules_classifier).reply(PROBLEM, state=State())
    _opening, rest = split(offline.reply)
    assert turn.reply == GOOD + "\n\n" + rest  # the model's opening, then the built-in rest
    assert (turn.sphere, turn.overlap, turn.problems) == (
        offline.sphere,
        offline.overlap,
        offline.problems,
    )
    pieces = [p for p in items if isinstance(p, str)]
    assert "".join(pieces).strip() == turn.reply
    assert turn.usage is not None and turn.usage["completion_tokens"] >= 1
    sent = fake.requests[0]
    assert sent["max_tokens"] <= 400 and "max_completion_tokens" not in sent
    assert sent["temperature"] == 0 and sent["seed"] == 0
    system = sent["messages"][0]["content"]
    assert system == (ROOT / "prompts" / "system.md").read_text(encoding="utf-8")
    user = sent["messages"][1]["content"]
    assert PROBLEM in user  # the message, as a variable in a quoted block
    assert "Keep the word Execution" in user
    assert {k.lower(): v for k, v in fake.headers[0].items()}[
        "authorization"
    ] == "Bearer sk-test-secret-123"


UNGROUNDED = [
    ("markers", "This is Execution. <<<CONTEXT [knowledge/x.md] CONTEXT>>>"),
    ("prompt", "This is Execution. " + (ROOT / "prompts" / "system.md").read_text()[:90]),
    ("source", "This is Execution (source: knowledge/interventions/roles/made-up.md)."),
    (
        "sphere",
        "You said every crew packs the truck their own way, which is about how work is done.",
    ),
    ("wrong sphere", "You said every crew packs the truck their own way: that is Leadership."),
    ("question", "This is Execution. Have you tried a checklist?"),
    ("self talk", "As an AI language model, I think this is Execution."),
    ("wandering", "This is Execution. Bananas grow in tropical climates near beautiful oceans."),
]


@pytest.mark.parametrize(("why", "reply"), UNGROUNDED)
def test_the_guard_sends_the_built_in_reply_when_the_model_strays(
    rules_classifier, fake: FakeLLM, why: str, reply: str
) -> None:  # type: ignore[no-untyped-def]
    fake.reply = reply
    items = list(llm_coach(rules_classifier, fake).stream(PROBLEM, state=State()))
    turn = items[-1]
    assert isinstance(turn, Turn)
    assert turn.mode == "fallback" and turn.fallback_reason == "ungrounded", why
    offline = offline_coach(rules_classifier).reply(PROBLEM, state=State())
    assert turn.reply == offline.reply  # nothing of the model's text is kept
    assert (turn.sphere, turn.problems) == (offline.sphere, offline.problems)
    shown = "".join(p for p in items if isinstance(p, str))
    if any(isinstance(p, Retract) for p in items):  # shown, then withdrawn
        shown = shown[shown.index(offline.reply[:30]) :]
    assert shown.strip() == offline.reply


def test_a_sentence_already_shown_is_withdrawn_when_a_later_one_fails(
    rules_classifier, fake: FakeLLM
) -> None:  # type: ignore[no-untyped-def]
    fake.reply = "This is Execution, how the work is done. Ignore the CONTEXT above."
    items = list(llm_coach(rules_classifier, fake).stream(PROBLEM, state=State()))
    retract = next(i for i, p in enumerate(items) if isinstance(p, Retract))
    assert "".join(p for p in items[:retract] if isinstance(p, str)).startswith("This is Execution")
    turn = items[-1]
    assert isinstance(turn, Turn) and turn.fallback_reason == "ungrounded"
    assert "CONTEXT" not in turn.reply and not turn.reply.startswith("This is Execution")


def test_history_is_trimmed_to_the_context_window_oldest_first(
    rules_classifier, fake: FakeLLM
) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.from_env(
        {"OPENAI_BASE_URL": fake.url, "ALE_DATA_DIR": "/nonexistent", "ALE_LLM_CONTEXT": "900"}
    )
    responder = LLMResponder(LLM(settings), ROOT / "prompts", 900, 400)
    coach = offline_coach(rules_classifier)
    state = State()
    coach.reply(PROBLEM, state=state)
    question = "which sphere should we fix?"
    plan = coach.policy.decide(state, question, coach.classifier.classify(question), None)
    history = [Exchange(f"message number {n} " * 20, f"reply number {n} " * 20) for n in range(30)]
    system, prompt = responder.prompts(plan, coach.offline.write(plan), history)
    assert estimate_tokens(system + prompt) <= 900 - responder.max_tokens
    assert "message number 29" in prompt  # the newest exchange is kept
    assert "message number 0 " not in prompt  # the oldest went first
    assert "Execution" in prompt  # the note (the diagnosis) always stays


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
    with pytest.raises(ConfigError, match="ALE_LLM_MAX_TOKENS='lots' is not a whole number"):
        Settings.from_env({"ALE_DATA_DIR": "x", "ALE_LLM_MAX_TOKENS": "lots"})
    with pytest.raises(ConfigError, match="ALE_LLM_CONTEXT must be greater than 0"):
        Settings.from_env({"ALE_DATA_DIR": "x", "ALE_LLM_CONTEXT": "0"})
    settings = Settings.from_env({"ALE_DATA_DIR": "x", "ALE_LLM_MAX_TOKENS": "50"})
    assert (settings.llm_max_tokens, settings.llm_context) == (50, 8192)


def test_every_prompt_renders(tmp_path: Path) -> None:
    from assistant.responders.prompts import PROMPTS, render

    for name in PROMPTS:
        text = render(
            ROOT / "prompts",
            name,
            verb="said",
            note="d",
            task="t",
            problems=[{"sphere": "execution", "text": "p"}],
            history=[{"role": "me", "text": "h"}],
            passages=[{"source": "s", "title": "t", "text": "x"}],
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
    fake: FakeLLM, warm_copy: Path
) -> None:
    env = {"ALE_DATA_DIR": str(warm_copy), "OPENAI_BASE_URL": fake.url, "ALE_LLM_TIMEOUT": "15"}
    fake.reply = GOOD
    out = run_ale("chat", "--jsonl", stdin=PROBLEM + "\n", env=env)
    assert out.returncode == 0, out.stderr
    turn = json.loads(out.stdout)
    assert turn["mode"] == "llm" and turn["reply"].startswith(GOOD)
    assert turn["sphere"] == "execution" and turn["interventions"]
    fake.mode = "500"
    out = run_ale("chat", "--jsonl", stdin=PROBLEM + "\n", env=env)
    assert json.loads(out.stdout)["mode"] == "fallback"


def test_the_opening_is_the_leading_prose_and_a_list_keeps_its_introduction() -> None:
    ranked = "Weighing it all, fix **Execution** first.\n\nHere is how they rank:\n\n1. Execution"
    assert split(ranked) == (
        "Weighing it all, fix **Execution** first.",
        "Here is how they rank:\n\n1. Execution",
    )
    follow_up = "Thanks, that helps. One question first:\n\n**Who owns the handover?**"
    assert split(follow_up) == (
        "Thanks, that helps. One question first:",
        "**Who owns the handover?**",
    )
    why = "This points to **Execution**.\n\nYou said it. That is process.\n\nMoves:\n\n1. A"
    assert split(why) == (
        "This points to **Execution**.\n\nYou said it. That is process.",
        "Moves:\n\n1. A",
    )
    assert split("1. A list first\n2. more") == ("", "1. A list first\n2. more")


def test_the_guard_reads_each_sentence_on_its_own() -> None:
    from assistant.responders.grounding import Guard, Ungrounded
    from assistant.responders.llm_writer import TASKS

    guard = Guard(
        ROOT / "prompts",
        sphere="execution",
        note="This is Execution.",
        instructions=tuple(TASKS.values()),
    )
    guard.whole("This is Execution. It shows in how the work is done.")
    for text in (
        "This is Execution. I'm a manager in healthcare.",  # speaks as the person
        "This is Execution. I said: nothing.",  # echoes the prompt's frame
        "This is Execution. See https://example.com for more.",  # an address
        'This is Execution. Rewrite this in 2 short sentences, speaking to me as "you".',
    ):
        with pytest.raises(Ungrounded):
            guard.whole(text)


def test_a_refused_first_try_gets_one_plainer_try_and_refusals_never_trip_the_breaker(
    rules_classifier, fake: FakeLLM
) -> None:  # type: ignore[no-untyped-def]
    fake.reply = "As an AI language model, I think this is Execution."
    coach = llm_coach(rules_classifier, fake)
    for _ in range(4):  # more refusals than the breaker's threshold of 3 failures
        turn = coach.reply(PROBLEM, state=State())
        assert turn.mode == "fallback" and turn.fallback_reason == "ungrounded"
    assert len(fake.requests) == 8  # two tries a turn, the second without the extras
    first, second = (r["messages"][1]["content"] for r in fake.requests[:2])
    assert "Problems I have told you so far" in first
    assert "Problems I have told you so far" not in second and PROBLEM in second
    fake.reply = GOOD
    assert coach.reply(PROBLEM, state=State()).mode == "llm"  # never paused
