"""The web app through the official gradio_client, against `python app.py` on loopback."""

from __future__ import annotations

import json
import re
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from assistant.coaching.coach import Coach
from assistant.config import Settings
from assistant.errors import KnowledgeError
from assistant.storage import NO_OWNER
from assistant.storage.sqlite import SqliteSessionRepo
from assistant.web.startup import INDEX_STAGE, NotReady, Startup, Status

from .conftest import KNOWLEDGE
from .webapp import READY, Gate, app_in_process, running_app

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
    assert {"/chat", "/which_sphere", "/export", "/session"} <= names
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
    assert "## The current plan" in report and "Source: `knowledge/interventions/process/" in report
    plan = report.split("## The current plan", 1)[1].split("## Committed actions", 1)[0]
    assert "1. **" in plan and "\\*" not in plan  # a step's bold lead is kept, not escaped
    assert "## Open questions" in report and "Who is asking" in report
    assert "Tom Stimson" in report

    # the conversation is kept server-side, in the SQLite store
    session_id = report.split("session ", 1)[1].split("\n", 1)[0]
    assert c.predict(api_name="/session") == session_id  # the id a client can pass on
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
    # bob uses a session id first; alice then uses the same id: two sessions, one each
    bob.predict("Our kitchen printer keeps jamming at dinner.", "alice-private-1", api_name="/chat")
    alice.predict(ROLES, "alice-private-1", api_name="/chat")
    alice_report = alice.predict("alice-private-1", api_name="/export")
    bob_report = bob.predict("alice-private-1", api_name="/export")
    assert "venue about power" in alice_report and "printer" not in alice_report
    assert "printer" in bob_report and "venue about power" not in bob_report
    # an id only someone else used and an id nobody used get the same answer
    alice.predict(ROLES, "alice-only-2", api_name="/chat")
    foreign = bob.predict("alice-only-2", api_name="/export")
    unknown = bob.predict("never-used-2", api_name="/export")
    assert foreign.replace("alice-only-2", "ID") == unknown.replace("never-used-2", "ID")
    bob.predict("Our crew keeps forgetting cables at load-in.", "bob-own-1", api_name="/chat")
    store = SqliteSessionRepo.in_data_dir(web_data)
    try:  # the web app's session list asks the store for the logged-in owner's sessions
        assert {s["id"] for s in store.sessions("bob")} >= {"bob-own-1"}
        assert "alice-private-1" in {s["id"] for s in store.sessions("bob")}  # his own
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


# -- start-up: the page at once, the coach when it is built ------------------------------------
def fake_coach() -> Coach:
    return cast(Coach, SimpleNamespace(sessions=object()))


def test_startup_tells_how_far_it_got_and_hands_out_the_coach_once_built() -> None:
    coach, gate, counted = fake_coach(), threading.Event(), threading.Event()
    seen: list[Status] = []

    def builder(report: Any) -> Coach:
        report("Opening the knowledge index")
        report(INDEX_STAGE, 64, 310, "passages")
        assert gate.wait(30)
        report(INDEX_STAGE, 310, 310, "passages")
        return coach

    def listen(status: Status) -> None:
        seen.append(status)
        if status.total:
            counted.set()

    startup = Startup(builder, listen).start()
    assert counted.wait(30)
    status = startup.status()
    assert status.loading and status.message == "Building the knowledge index: 64 / 310 passages"
    with pytest.raises(NotReady) as info:
        startup.coach(wait=0.05)
    assert str(info.value) == (
        "ALE Coach is still loading (building the knowledge index, 64 of 310 passages). "
        "Try again in a moment."
    )
    waiter: list[Coach] = []
    asking = threading.Thread(target=lambda: waiter.append(startup.coach(wait=30)))
    asking.start()  # an API call waits for the coach...
    gate.set()
    asking.join(30)
    assert waiter == [coach]  # ...and gets it once it is built
    assert startup.coach() is coach and startup.wait(1).ready
    assert [s.message for s in seen] == [
        "Opening the knowledge index…",
        "Building the knowledge index: 64 / 310 passages",
        "Building the knowledge index: 310 / 310 passages",
        "ALE Coach is ready.",
    ]
    assert Startup.ready(coach).coach() is coach


@pytest.mark.parametrize(
    ("problem", "told"),
    [
        (
            KnowledgeError("knowledge/interventions/roles/x.md", "title", "is missing"),
            "ALE Coach could not start: knowledge/interventions/roles/x.md: field 'title': is missing.",
        ),
        (
            RuntimeError("boom at /srv/secret/path"),
            "ALE Coach could not start: an unexpected RuntimeError (building the knowledge index); "
            "the server log has the details.",
        ),
    ],
)
def test_a_start_that_fails_says_why_once_and_never_shows_a_traceback(
    problem: Exception, told: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def builder(report: Any) -> Coach:
        report(INDEX_STAGE, 1, 2, "passages")
        raise problem

    status = Startup(builder).start().wait(30)
    assert status.error is not None and status.message == told
    with pytest.raises(NotReady) as info:
        Startup(builder).start().coach(wait=30)
    assert str(info.value) == told + " Fix that and restart the app."
    assert "Traceback" not in told and "secret" not in told
    # an unexpected error is a bug: its traceback goes to the server log
    assert ("Traceback" in capsys.readouterr().err) is isinstance(problem, RuntimeError)


def test_a_coach_without_a_session_store_is_a_failed_start() -> None:
    no_store = cast(Coach, SimpleNamespace(sessions=None))
    status = Startup(lambda report: no_store).start().wait(30)
    assert (
        status.message
        == "ALE Coach could not start: the web app needs a coach with a session store."
    )


def test_the_page_and_api_answer_while_the_coach_is_held_back_then_it_chats(
    warm_copy: Path,
) -> None:
    """The app in this process around a build the test holds back (then the real build, on
    an index that is already there): the API says 'still loading, N of M', then answers."""
    settings = Settings.from_env({"ALE_DATA_DIR": str(warm_copy)})
    gate = Gate(settings)
    with app_in_process(settings, gate, api_wait=0.5) as (url, startup):
        assert gate.holding.wait(60)
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200  # the page is served before the coach exists
        c = client(url)
        with pytest.raises(AppError) as info:
            c.predict(PROCESS, api_name="/chat")
        assert (
            "ALE Coach is still loading (building the knowledge index, 120 of 310 passages)"
            in str(info.value)
        )
        with pytest.raises(AppError, match="still loading"):
            c.predict(api_name="/export")
        assert page_props(url)["ale-status"]["visible"] is True
        assert page_props(url)["ale-send"]["interactive"] is False
        gate.opened.set()
        assert startup.wait(180).ready, startup.status().message
        reply = c.predict(PROCESS, api_name="/chat")
        assert "Execution" in reply and "knowledge/interventions/process/" in reply
        # a page opened from now on starts ready: no loading box, Send on
        props = page_props(url)
        assert props["ale-status"]["visible"] is False
        assert (props["ale-send"]["value"], props["ale-send"]["interactive"]) == ("Send", True)


def page_props(url: str) -> dict[str, dict[str, Any]]:
    """The first properties of the page's components, by elem_id, from its config."""
    with urllib.request.urlopen(url + "config", timeout=10) as response:
        config = json.load(response)
    return {
        c["props"]["elem_id"]: c["props"] for c in config["components"] if c["props"].get("elem_id")
    }


def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"  # the same folder name: sources stay knowledge/...
    shutil.copytree(KNOWLEDGE, target)
    return target


def test_a_start_that_updates_the_index_shows_its_progress_then_chats(
    warm_copy: Path, tmp_path: Path
) -> None:
    """The real `python app.py` start: one knowledge file changed since the index was built,
    so its passages are embedded again, with progress, before the coach is ready."""
    knowledge = knowledge_copy(tmp_path)
    changed = knowledge / "interventions" / "process" / "fix-the-step.md"
    text = changed.read_text(encoding="utf-8")
    head, _, body = text.partition("\n## ")
    changed.write_text(head.rstrip() + " Start with one step.\n\n## " + body, encoding="utf-8")
    log = tmp_path / "app.log"
    with running_app(warm_copy, log, ALE_KNOWLEDGE_DIR=str(knowledge)) as url:
        printed = log.read_text()
        counts = re.findall(r"Building the knowledge index: (\d+) / (\d+) passages", printed)
        assert counts and counts[-1][0] == counts[-1][1], printed
        assert 0 < int(counts[-1][1]) < 50, "only the changed file is embedded again"
        assert printed.index("serving the page") < printed.index(READY)
        reply = client(url).predict(PROCESS, api_name="/chat")
        assert "Execution" in reply
    assert "Traceback" not in log.read_text()


def test_a_broken_knowledge_file_is_told_to_the_api_and_the_log_not_as_a_traceback(
    tmp_path: Path,
) -> None:
    knowledge = knowledge_copy(tmp_path)
    broken = knowledge / "interventions" / "roles" / "decision-rights.md"
    broken.write_text("no front matter here\n", encoding="utf-8")
    log = tmp_path / "app.log"
    with running_app(tmp_path / "fresh", log, ready=False, ALE_KNOWLEDGE_DIR=str(knowledge)) as url:
        with pytest.raises(AppError) as info:
            client(url).predict(PROCESS, api_name="/chat")
        told = str(info.value)
        assert told.startswith(
            "ALE Coach could not start: knowledge/interventions/roles/decision-rights.md: "
        ), told
        assert "Fix that and restart the app." in told and "Traceback" not in told
    printed = log.read_text()
    assert "ALE Coach could not start: knowledge/interventions/roles/decision-rights.md" in printed
    # the only tracebacks in the server log are gradio's own record of the error it answered
    assert printed.count("Traceback") == printed.count("gradio.exceptions.Error: ")


def test_an_idle_app_looks_for_work_every_10_ms_not_every_millisecond() -> None:
    """Gradio's queue looks for work every millisecond when idle (about 4 % of a core per
    idle instance); the app makes it every IDLE_POLL. Asserted on gradio's own queue, so a
    gradio that renames the intervals fails here instead of quietly polling fast again."""
    from gradio.queueing import Queue

    from assistant.web.launch import IDLE_POLL, _poll_less_when_idle

    # gradio's own queue object, as `Blocks.queue()` makes it (without building a whole app)
    queue = Queue(False, 1, 1.0, None, cast(Any, None))
    assert queue.sleep_when_free < IDLE_POLL  # gradio's own default, before
    _poll_less_when_idle(cast(Any, SimpleNamespace(_queue=queue)))
    assert queue.sleep_when_free == IDLE_POLL == 0.01
    assert queue.progress_update_sleep_when_free >= IDLE_POLL
