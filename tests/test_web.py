"""The web app through the official gradio_client, against `python app.py` on loopback."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from assistant.storage import NO_OWNER
from assistant.storage.sqlite import SqliteSessionRepo

pytestmark = pytest.mark.slow

PROCESS = (
    "Every crew chief packs the truck his own way and we keep forgetting the same "
    "cables at the shop."
)
ROLES = "Nobody knows who is supposed to call the venue about power, and when it goes wrong everyone points at someone else."


def client(url: str, auth: tuple[str, str] | None = None) -> Client:
    return Client(url, auth=auth, verbose=False, download_files=False)


def test_chat_which_sphere_and_export_through_gradio_client(web_app: str, web_data: Path) -> None:
    c = client(web_app)
    names = set(c.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/chat", "/which_sphere", "/export"} <= names
    assert not any(name.startswith("/ui_") for name in names), "UI events must stay private"

    reply = c.predict(PROCESS, api_name="/chat")
    assert "Execution" in reply and "process" in reply
    assert "knowledge/interventions/process/" in reply  # grounded: the source is shown

    ranking = c.predict(api_name="/which_sphere")
    assert "fix **Execution** first" in ranking

    report = c.predict(api_name="/export")
    assert report.startswith("# ALE Coach report: session api-")
    assert "**Fix first: Execution** (it shows as process problems)." in report
    assert "packs the truck his own way" in report
    assert (
        "## Suggested interventions" in report
        and "(source: `knowledge/interventions/process/" in report
    )
    assert "## Open questions" in report and "Who is asking" in report
    assert "Tom Stimson" in report

    # the conversation is kept server-side, in the SQLite store
    session_id = report.split("session ", 1)[1].split("\n", 1)[0]
    store = SqliteSessionRepo.in_data_dir(web_data)
    try:
        turns = store.turns(session_id, NO_OWNER)
        assert [t.user_text for t in turns] == [PROCESS, "Which sphere should we fix?"]
        assert turns[0].data["sphere"] == "execution" and turns[0].data["passages"]
        assert any(s["id"] == session_id for s in store.sessions(""))
    finally:
        store.close()


def test_each_client_has_its_own_conversation_and_a_named_session_continues(web_app: str) -> None:
    first, second = client(web_app), client(web_app)
    first.predict(ROLES, api_name="/chat")
    assert "no turns yet" in second.predict(api_name="/export")

    # a named session is shared by whoever names it (no login here) and continues
    reply = second.predict(ROLES, "team-offsite-7", api_name="/chat")
    assert "Accountability" in reply
    again = first.predict("Which sphere should we fix?", "team-offsite-7", api_name="/chat")
    assert "fix **Accountability** first" in again


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("x" * 4001, "the limit is 4000"),
        ("   \n\t ", "the message is empty"),
    ],
)
def test_bad_messages_get_a_clear_error_not_a_traceback(
    web_app: str, message: str, expected: str
) -> None:
    with pytest.raises(AppError) as info:
        client(web_app).predict(message, api_name="/chat")
    assert expected in str(info.value)
    assert "Traceback" not in str(info.value)


def test_a_bad_session_id_is_refused_with_a_reason(web_app: str) -> None:
    with pytest.raises(AppError) as info:
        client(web_app).predict("hello", "../../etc/passwd", api_name="/chat")
    assert "is not valid" in str(info.value)


def test_login_is_required_and_each_user_sees_only_their_sessions(
    auth_app: str, web_data: Path
) -> None:
    with pytest.raises(Exception):  # noqa: B017 - gradio_client raises different types by version
        client(auth_app).predict("hello", api_name="/chat")
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(auth_app + "gradio_api/info", timeout=10)
    assert denied.value.code in (401, 403)

    alice = client(auth_app, ("alice", "wonder-land"))
    bob = client(auth_app, ("bob", "b:uilder"))  # a password may contain ':'
    alice.predict(ROLES, "alice-private-1", api_name="/chat")
    # bob names alice's session: he can neither continue nor export it
    with pytest.raises(AppError) as info:
        bob.predict("Which sphere should we fix?", "alice-private-1", api_name="/chat")
    assert "no session" in str(info.value)
    assert "no turns yet" in bob.predict("alice-private-1", api_name="/export")
    assert "venue about power" in alice.predict("alice-private-1", api_name="/export")
    bob.predict("Our crew keeps forgetting cables at load-in.", "bob-own-1", api_name="/chat")
    store = SqliteSessionRepo.in_data_dir(web_data)
    try:  # the web app's session list asks the store for the logged-in owner's sessions
        assert {s["id"] for s in store.sessions("bob")} >= {"bob-own-1"}
        assert "alice-private-1" not in {s["id"] for s in store.sessions("bob")}
        assert "bob-own-1" not in {s["id"] for s in store.sessions("alice")}
        assert not any(s["id"] == "alice-private-1" for s in store.sessions(""))
    finally:
        store.close()

    with pytest.raises(ValueError):
        client(auth_app, ("alice", "wrong"))


def test_the_app_binds_loopback_and_offers_no_share_link(web_app: str, web_data: Path) -> None:
    assert web_app.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(web_app + "config", timeout=10) as response:
        config = response.read().decode()
    assert '"share_url":null' in config.replace(" ", "") or "gradio.live" not in config
    assert '"analytics_enabled":false' in config.replace(" ", "")
