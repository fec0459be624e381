"""The bad-input corpus (tests/bad_inputs.py, 225 messages) through the coach, `ale chat
--jsonl`, `ale classify --jsonl` and the web app's /chat (every refusal and two accepted
messages of each category): no crash, no traceback, a clear reason for every refusal, and
accepted text stored exactly as sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import InputError
from assistant.storage import NO_OWNER
from assistant.storage.sqlite import SqliteSessionRepo
from assistant.wiring import assemble_coach

from .bad_inputs import corpus, expect_rejected
from .conftest import run_ale

CASES = corpus()
REASONS = ("empty", "no visible text", "the limit is", "broken character")


def through_json(message: str) -> str:
    """What a JSON reader receives: an escaped surrogate *pair* becomes one character."""
    return str(json.loads(json.dumps(message)))


def test_the_corpus_is_big_and_covers_every_category() -> None:
    assert len(CASES) >= 200
    assert len({c for c, _ in CASES}) >= 12
    assert sum(expect_rejected(m) for _, m in CASES) >= 30
    assert sum(not expect_rejected(m) for _, m in CASES) >= 150


def test_the_coach_refuses_clearly_or_answers_and_stores_exactly(
    tmp_path: Path, rules_classifier
) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.from_env({"ALE_DATA_DIR": str(tmp_path), "ALE_LLM": "off"})
    sessions = SqliteSessionRepo(tmp_path / "s.sqlite3")
    coach = assemble_coach(settings, rules_classifier, sessions=sessions)
    for number, (category, message) in enumerate(CASES):
        session = f"bad-{number}"
        if expect_rejected(message):
            with pytest.raises(InputError) as info:
                coach.reply(message, session)
            assert any(r in str(info.value) for r in REASONS), (category, str(info.value))
            assert sessions.turns(session, NO_OWNER) == []
        else:
            turn = coach.reply(message, session)
            assert turn.reply.strip(), (category, message)
            (stored,) = sessions.turns(session, NO_OWNER)
            assert stored.user_text == message, (category, message)
            assert stored.reply == turn.reply


@pytest.mark.slow
def test_chat_jsonl_answers_every_line_once_and_keeps_the_session(
    tmp_path: Path, web_data: Path
) -> None:
    lines = "".join(json.dumps({"message": m}) + "\n" for _, m in CASES)
    env = {"ALE_DATA_DIR": str(web_data), "ALE_CLASSIFIER": "rules"}
    done = run_ale("chat", "--jsonl", "--session", "corpus-1", stdin=lines, env=env, timeout=600)
    assert "Traceback" not in done.stderr
    assert done.returncode == 1  # some lines were refused
    outputs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(outputs) == len(CASES)
    accepted = []
    for (category, sent), out in zip(CASES, outputs, strict=True):
        message = through_json(sent)
        if expect_rejected(message):
            assert "error" in out and any(r in out["error"] for r in REASONS), (category, out)
        else:
            assert out["reply"].strip() and out["mode"] == "offline", (category, out)
            accepted.append(message)
    store = SqliteSessionRepo.in_data_dir(web_data)
    try:
        assert [t.user_text for t in store.turns("corpus-1", NO_OWNER)] == accepted
    finally:
        store.close()


def test_classify_jsonl_gives_one_line_per_input_and_no_traceback() -> None:
    lines = "".join(json.dumps({"id": n, "text": m}) + "\n" for n, (_, m) in enumerate(CASES))
    done = run_ale("classify", "--jsonl", "-", "--rules-only", stdin=lines, timeout=300)
    assert "Traceback" not in done.stderr
    outputs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(outputs) == len(CASES)
    for (category, _), out in zip(CASES, outputs, strict=True):
        if "error" in out:
            assert out["error"].strip(), category
        else:
            assert out["sphere"] in ("accountability", "leadership", "execution", None), category
    broken = [
        o
        for (_, m), o in zip(CASES, outputs, strict=True)
        if any(0xD800 <= ord(c) <= 0xDFFF for c in through_json(m))
    ]
    assert len(broken) >= 6 and all("broken character" in o["error"] for o in broken)
    assert done.returncode == 1


def raw_chat_error(url: str, message: str, session: str) -> str:
    """POST to Gradio's REST route for /chat with escaped JSON; the error event's text."""
    import urllib.request

    body = json.dumps({"data": [message, session]}).encode()  # ASCII: \ud800 stays escaped
    request = urllib.request.Request(
        url + "gradio_api/call/chat", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        event_id = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/chat/{event_id}", timeout=30) as response:
        stream = response.read().decode()
    assert stream.startswith("event: error"), stream[:200]
    return stream


@pytest.mark.slow
def web_sample() -> list[tuple[int, str, str]]:
    """The corpus for the web edge: every message the coach must refuse, and the first two
    accepted ones of each category (the coach itself takes all of them above)."""
    taken: dict[str, int] = {}
    sample = []
    for number, (category, sent) in enumerate(CASES):
        if not expect_rejected(through_json(sent)):
            if taken.get(category, 0) >= 2:
                continue
            taken[category] = taken.get(category, 0) + 1
        sample.append((number, category, sent))
    return sample


def test_the_web_sample_covers_every_category_and_every_refusal() -> None:
    sample = web_sample()
    assert {c for _, c, _ in sample} == {c for c, _ in CASES}
    refused = [m for _, m in CASES if expect_rejected(through_json(m))]
    assert [m for _, _, m in sample if expect_rejected(through_json(m))] == refused


def test_the_chat_endpoint_refuses_clearly_or_answers_and_stores_exactly(
    web_app: str, web_data: Path
) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(web_app, verbose=False, download_files=False)
    store = SqliteSessionRepo.in_data_dir(web_data)
    try:
        for number, category, sent in web_sample():
            message = through_json(sent)
            session = f"web-bad-{number}"
            if expect_rejected(message):
                if any(0xD800 <= ord(c) <= 0xDFFF for c in message):
                    # gradio_client cannot even encode a lone surrogate: send raw JSON
                    text = raw_chat_error(web_app, message, session)
                else:
                    with pytest.raises(AppError) as info:
                        client.predict(message, session, api_name="/chat")
                    text = str(info.value)
                assert any(r in text for r in REASONS) and "Traceback" not in text, category
                assert store.turns(session, NO_OWNER) == []
            else:
                reply = client.predict(message, session, api_name="/chat")
                assert isinstance(reply, str) and reply.strip(), category
                assert [t.user_text for t in store.turns(session, NO_OWNER)] == [message], category
    finally:
        store.close()
