"""Web security and load, against real `python app.py` processes on loopback: file routes,
login and its throttle, safe output in Chromium, concurrency, a full queue, and no
connection outside loopback."""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client

from .conftest import ROOT
from .fake_llm import FakeLLM
from .webapp import running_app

pytestmark = pytest.mark.slow

PROBLEM = "Every crew chief packs the truck his own way and we keep forgetting the same cables."

SITECUSTOMIZE = """
import json, os, socket
_log = os.environ["ALE_CONNECT_LOG"]
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo
def _record(kind, target):
    with open(_log, "a") as f:
        f.write(json.dumps([kind, target if isinstance(target, str) else list(target)[:2]]) + "\\n")
def connect(self, address):
    _record("connect", address)
    return _connect(self, address)
def connect_ex(self, address):
    _record("connect", address)
    return _connect_ex(self, address)
def getaddrinfo(host, *args, **kwargs):
    _record("lookup", [str(host), 0])
    return _getaddrinfo(host, *args, **kwargs)
socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = getaddrinfo
"""


def status_of(url: str, data: bytes | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


# -- hardening ------------------------------------------------------------------------------
def test_the_data_dir_and_the_repo_are_never_served(web_app: str, web_data: Path) -> None:
    secrets = [
        web_data / "sessions.sqlite3",
        web_data / "chroma" / "chroma.sqlite3",
        ROOT / "pyproject.toml",
        ROOT / "assistant" / "config.py",
    ]
    assert all(p.is_file() for p in secrets)
    for path in secrets:
        plain = str(path)
        up = "../" * 12 + plain.lstrip("/")
        variants = [
            f"gradio_api/file={plain}",
            f"gradio_api/file={urllib.parse.quote(plain)}",
            f"gradio_api/file={urllib.parse.quote(up, safe='')}",
            f"gradio_api/file={up.replace('../', '..%2f')}",
            f"gradio_api/file={up.replace('../', '%2e%2e/')}",
            f"file={plain}",
            f"gradio_api/file=/tmp/../{plain.lstrip('/')}",
        ]
        for variant in variants:
            code, body = status_of(web_app + variant)
            assert code in (400, 403, 404), (variant, code)
            assert b"SQLite format" not in body and b"[project]" not in body, variant


def test_config_shows_no_share_link_and_no_analytics(web_app: str) -> None:
    code, body = status_of(web_app + "config")
    config = json.loads(body)
    assert code == 200
    assert config.get("analytics_enabled") is False
    assert not config.get("share_url")
    assert "gradio.live" not in body.decode()


# -- login ---------------------------------------------------------------------------------------
def test_every_route_but_the_login_needs_a_session(auth_app: str) -> None:
    for route in ("config", "gradio_api/info", "gradio_api/queue/status"):
        code, body = status_of(auth_app + route)
        assert code in (401, 403), (route, code)
        assert b"venue" not in body
    code, _ = status_of(auth_app + "gradio_api/call/chat", json.dumps({"data": ["hi"]}).encode())
    assert code in (401, 403)
    with pytest.raises(Exception):  # noqa: B017 - the client cannot even read the config
        Client(auth_app, verbose=False)


def test_made_up_names_cannot_lock_anyone_out_and_a_guessed_name_slows_down(
    auth_app: str,
) -> None:
    def login(name: str, password: str) -> int:
        data = urllib.parse.urlencode({"username": name, "password": password}).encode()
        return status_of(auth_app + "login", data)[0]

    for number in range(60):  # a flood under made-up names, from this one address
        assert login(f"nobody-{number}", "guess") != 200
    began = time.monotonic()
    assert login("alice", "wonder-land") == 200
    assert time.monotonic() - began < 5.0, "the right password must work at once"
    assert login("carol", "sea-shell") == 200
    for _ in range(10):  # guessing one name: refused, and that name now waits
        assert login("carol", "wrong") != 200
    assert login("carol", "sea-shell") != 200, "the right password waits out the delay too"
    Client(auth_app, auth=("alice", "wonder-land"), verbose=False)  # others still sign in


# -- load ------------------------------------------------------------------------------------------
def test_ten_users_with_ten_turns_each(web_app: str) -> None:
    times: list[float] = []
    errors: list[str] = []

    def user(number: int) -> None:
        client = Client(web_app, verbose=False)
        for turn in range(10):
            started = time.monotonic()
            try:
                reply = client.predict(f"{PROBLEM} (user {number}, turn {turn})", api_name="/chat")
                assert reply.strip()
            except Exception as exc:
                errors.append(f"user {number} turn {turn}: {exc}")
            times.append(time.monotonic() - started)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(10)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    wall = time.monotonic() - began
    assert errors == []
    assert len(times) == 100
    p95 = sorted(times)[94]
    print(
        f"\n10 users x 10 turns: {wall:.1f} s, p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )


@pytest.fixture(scope="module")
def llm_app(
    web_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, FakeLLM, Path]]:
    """The app with an LLM on a loopback fake server, every connect() it makes logged."""
    folder = tmp_path_factory.mktemp("llm-app")
    (folder / "site").mkdir()
    (folder / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    connections = folder / "connections.log"
    with FakeLLM() as server:
        server.mode = "stream"
        extra = {
            "OPENAI_BASE_URL": server.url,
            "OPENAI_API_KEY": "sk-test",
            "ALE_LLM_TIMEOUT": "20",
            "PYTHONPATH": str(folder / "site") + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "ALE_CONNECT_LOG": str(connections),
        }
        with running_app(web_data, folder / "app.log", **extra) as url:
            yield url, server, connections


def test_eight_slow_turns_run_side_by_side(llm_app: tuple[str, FakeLLM, Path]) -> None:
    url, server, _ = llm_app
    server.mode, server.delay, server.reply = "slow", 2.0, "A slow but steady reply: Execution."
    clients = [Client(url, verbose=False) for _ in range(8)]  # connected before the clock
    results: list[Any] = []
    seen = len(server.arrivals)

    def one(number: int) -> None:
        results.append(clients[number].predict(f"{PROBLEM} ({number})", api_name="/chat"))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(8)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    wall = time.monotonic() - began
    assert len(results) == 8
    assert all(r.startswith("A slow but steady reply: Execution.") for r in results), results
    arrivals = server.arrivals[seen:]
    assert len(arrivals) == 8
    # all eight model calls were in flight together: each arrived before the first answer
    spread = max(arrivals) - min(arrivals)
    assert spread < 2.0, f"the calls reached the model {spread:.1f} s apart: not side by side"
    # one after another they would take 16 s; side by side well under that, even on a busy
    # 2-core machine (the spread above is the sharper check)
    assert wall < 16.0 * 0.75, f"8 turns of 2 s took {wall:.1f} s"
    print(f"\n8 simultaneous 2-s turns: {wall:.1f} s in all, model calls {spread:.2f} s apart")


def test_a_burst_beyond_the_queue_is_told_busy_and_the_app_recovers(
    llm_app: tuple[str, FakeLLM, Path],
) -> None:
    url, server, _ = llm_app
    server.mode, server.delay, server.reply = "slow", 1.5, "Done: Execution."

    # raw calls to Gradio's REST route: each POST puts one turn in the queue at once
    def post(n: int) -> tuple[int, str]:
        body = json.dumps({"data": [f"{PROBLEM} burst {n}", ""]}).encode()
        request = urllib.request.Request(
            url + "gradio_api/call/chat", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())["event_id"]
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def result(event_id: str) -> str:
        with urllib.request.urlopen(f"{url}gradio_api/call/chat/{event_id}", timeout=120) as r:
            return r.read().decode()

    posted = [post(n) for n in range(60)]
    outcomes: dict[str, Any] = {"answered": 0, "busy": 0, "other": []}
    streams: list[str] = []
    threads = [
        threading.Thread(target=lambda e=event: streams.append(result(e)))
        for code, event in posted
        if code == 200
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    for code, text in posted:
        if code != 200:
            key = "busy" if "full" in text.lower() or code in (429, 503) else "other"
            outcomes[key] += 1 if key == "busy" else 0
            if key == "other":
                outcomes["other"].append(f"{code} {text[:200]}")
    for stream in streams:
        if "event: complete" in stream and "Done: Execution." in stream:
            outcomes["answered"] += 1
        elif "Queue is full" in stream:
            outcomes["busy"] += 1
        else:
            outcomes["other"].append(stream[:200])
    client = Client(url, verbose=False)
    assert outcomes["other"] == []
    assert outcomes["busy"] >= 1 and outcomes["answered"] >= 8, outcomes
    server.mode, server.reply = "stream", "Back to normal: Execution."
    assert client.predict(PROBLEM, api_name="/chat").startswith("Back to normal: Execution.")
    print(
        f"\nburst of 60: {outcomes['answered']} answered, {outcomes['busy']} told the queue is full"
    )


# -- safe output, in a real browser ------------------------------------------------------------------
HOSTILE = (
    "This is Execution, how the work is done. "
    'Try this: <img src="http://evil.example/a.png" onerror="alert(1)"> '
    "![pixel](http://evil.example/b.png) [click](javascript:alert(2)) "
    '<a href="javascript:alert(3)" onclick="alert(4)">x</a> <script>alert(5)</script>.'
)


def test_a_hostile_model_reply_is_withdrawn_and_never_renders(
    llm_app: tuple[str, FakeLLM, Path],
) -> None:
    from .test_browser import ARGS, CHROMIUM, outside_requests

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must install Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} on this machine (CI installs it)")
    from playwright.sync_api import sync_playwright

    url, server, _ = llm_app
    server.mode, server.reply = "stream", HOSTILE
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        outside = outside_requests(page)
        alerts: list[str] = []
        page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
        page.set_default_timeout(60_000)
        page.goto(url)
        page.locator("#ale-message textarea").fill(PROBLEM)
        page.locator("#ale-send").click()
        # the first sentence streams, the hostile one is refused by the grounding guard:
        # what was shown is withdrawn and the built-in reply takes its place
        page.get_by_text("the trouble shows up as a").first.wait_for()
        time.sleep(1.0)
        chat = page.locator("#ale-chat")
        assert chat.locator("img[src*='evil']").count() == 0
        assert chat.locator("a[href^='javascript']").count() == 0
        assert chat.locator("[onclick], [onerror], script").count() == 0
        assert "Try this" not in chat.inner_text() and "pixel" not in chat.inner_text()
        browser.close()
    assert outside == [] and alerts == []


# -- no outbound network -----------------------------------------------------------------------------
def test_the_app_connects_to_nothing_outside_loopback(llm_app: tuple[str, FakeLLM, Path]) -> None:
    url, server, connections = llm_app
    server.mode, server.reply = "stream", "Fine: Execution."
    assert (
        Client(url, verbose=False).predict(PROBLEM, api_name="/chat").startswith("Fine: Execution.")
    )
    lines = connections.read_text().splitlines()
    assert any('"connect"' in line for line in lines), "the probe did not load"
    loopback = ("127.0.0.1", "::1", "localhost", "0.0.0.0", "None")
    outside = []
    for line in lines:
        kind, target = json.loads(line)
        if isinstance(target, list) and str(target[0]) not in loopback:
            outside.append((kind, target))
    assert outside == [], outside
