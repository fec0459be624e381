"""Two stateless app instances behind one PostgreSQL and one Chroma server, all real and
on loopback (`assistant.cluster`, as `ale cluster up` starts them): a conversation moves
between instances, the index is built once, a pulse is answered on either, a page link
opens the conversation on the other instance, load loses nothing, and a database that goes
away and comes back is told readably and then used again without a restart.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from assistant.cluster import ChatError, Cluster, chat
from assistant.config import Settings
from assistant.storage import NO_OWNER, open_sessions

from .conftest import KNOWLEDGE, run_ale

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
OPENING = "Nobody owns the stock count, so every Monday the shelves are half empty."


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, postgres_server: object) -> Iterator[Any]:
    """PostgreSQL, a Chroma server and two app instances, started together (the index
    build is theirs to coordinate)."""
    with Cluster(tmp_path_factory.mktemp("cluster"), 2, extra={"ALE_LLM": "off"}) as running:
        yield running


def health(url: str) -> tuple[int, dict[str, Any]]:
    """GET /healthz: the status code and the JSON body."""
    try:
        with urllib.request.urlopen(url + "healthz", timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def stored(cluster: Any, session: str) -> list[Any]:
    repo = open_sessions(Settings(data_dir=Path("/nonexistent"), database_url=cluster.postgres_url))
    try:
        return repo.turns(session, NO_OWNER)
    finally:
        repo.close()


def test_a_conversation_started_on_one_instance_continues_on_the_other(cluster: Any) -> None:
    first, second = cluster.app_urls
    reply = chat(first, OPENING, "moving-1")
    assert "Accountability" in reply
    answer = chat(second, "which sphere should we fix?", "moving-1")
    assert "stock count" in answer  # the other instance read turn 1's evidence from the database
    turns = stored(cluster, "moving-1")
    assert [t.turn for t in turns] == [1, 2]
    assert turns[0].user_text == OPENING and turns[1].reply == answer
    with psycopg.connect(cluster.postgres_url) as conn:  # the rows themselves, in PostgreSQL
        rows = conn.execute(
            "SELECT turn, user_text FROM turns WHERE session_id = 'moving-1' ORDER BY turn"
        ).fetchall()
    assert rows == [(1, OPENING), (2, "which sphere should we fix?")]
    for n in (1, 2):  # neither instance kept a sessions file of its own
        assert not (cluster.folder / f"instance-{n}" / "sessions.sqlite3").exists()


def test_the_instances_built_the_shared_index_once(cluster: Any) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    url = urllib.parse.urlparse(cluster.chroma_url)
    client = chromadb.HttpClient(
        host=url.hostname, port=url.port, settings=ChromaSettings(anonymized_telemetry=False)
    )
    names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    assert len([n for n in names if n.startswith("ale-knowledge-")]) == 1, names
    logs = [log.read_text() for log in sorted(cluster.folder.glob("instance-*.log"))]
    built = [log for log in logs if "Building the knowledge index: 0 /" in log]
    assert len(built) <= 1, "both instances embedded the knowledge passages"


def test_a_pulse_created_through_one_instance_is_answered_on_both(cluster: Any) -> None:
    from assistant.checkup.statements import load_statements

    env = {
        "ALE_DATA_DIR": str(cluster.folder / "instance-1"),
        "ALE_DATABASE_URL": cluster.postgres_url,
    }
    created = run_ale("pulse", "create", "--team", "Night shift", "--json", env=env)
    assert created.returncode == 0, created.stderr
    code = json.loads(created.stdout)["code"]
    items = load_statements(KNOWLEDGE).items
    for n, url in enumerate([*cluster.app_urls, cluster.app_urls[0]]):
        fields = {"code": code, "role": "team-member", **{s.id: str(2 + n % 3) for s in items}}
        body = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(url.rstrip("/") + "/pulse", data=body, timeout=30) as page:
            assert page.status == 200 and "are in" in page.read().decode()
    results = run_ale("pulse", "results", code, "--json", env=env)
    assert results.returncode == 0, results.stderr
    assert json.loads(results.stdout)["n"] == 3


def test_a_page_link_opens_the_conversation_on_the_other_instance(
    cluster: Any, tmp_path: Path
) -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must install Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} on this machine (CI installs it)")
    from playwright.sync_api import sync_playwright

    first, second = cluster.app_urls
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            headless=True,
        )
        page = browser.new_page()
        page.goto(first, timeout=60_000)
        page.locator("#ale-message textarea").fill(OPENING)
        page.locator("#ale-send").click()
        page.wait_for_function("location.search.includes('session=')", timeout=60_000)
        session = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["session"][0]
        # the same address on the other instance shows the same conversation
        other = browser.new_page()
        other.goto(f"{second}?session={session}", timeout=60_000)
        other.wait_for_function(
            "document.querySelector('#ale-chat') &&"
            " document.querySelector('#ale-chat').innerText.includes('stock count')",
            timeout=60_000,
        )
        other.screenshot(path=str(tmp_path / "linked.png"), full_page=True)
        browser.close()
    assert [t.user_text for t in stored(cluster, session)] == [OPENING]


def test_load_across_both_instances_loses_no_turn(cluster: Any) -> None:
    from assistant.evals.load import drive

    repo = open_sessions(Settings(data_dir=Path("/nonexistent"), database_url=cluster.postgres_url))
    try:
        result = drive(
            "test", cluster.app_urls, lambda s: len(repo.turns(s, NO_OWNER)), 4, seconds=4
        )
    finally:
        repo.close()
    assert result.errors == 0, result.error_samples
    assert result.lost == 0 and result.turns >= 4


def test_a_database_that_goes_away_is_told_readably_and_used_again_once_back(
    cluster: Any,
) -> None:
    """Last in the module: it stops the cluster's database for a while."""
    first, second = cluster.app_urls
    assert health(first) == (200, {"ready": True})
    cluster.postgres.stop()
    try:
        with pytest.raises(ChatError) as down:
            chat(first, "Handovers between shifts lose half the notes.", "outage-1", timeout=60)
        assert "PostgreSQL database at 127.0.0.1" in str(down.value)
        assert "Traceback" not in str(down.value)
        status, body = health(second)  # the load balancer's probe says so too
        assert status == 503 and body["ready"] is False and "PostgreSQL" in body["status"]
    finally:
        cluster.postgres.start()
    deadline, reply = time.monotonic() + 30, ""
    while not reply:  # the next request or two after the server is back (bounded)
        try:
            reply = chat(second, "Handovers between shifts lose half the notes.", "outage-1")
        except ChatError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    assert chat(first, "which sphere should we fix?", "outage-1")
    assert [t.turn for t in stored(cluster, "outage-1")] == [1, 2]
    assert health(first) == (200, {"ready": True})


def test_ale_cluster_up_prints_the_addresses_and_stops_everything_on_ctrl_c(
    tmp_path: Path, postgres_server: object
) -> None:
    """The command itself, as a person runs it: up, one answered turn, Ctrl-C, all gone."""
    import re
    import signal
    import socket
    import subprocess
    import sys

    log = tmp_path / "cluster.out"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALE_", "OPENAI_"))}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assistant.cli",
                "cluster",
                "up",
                "--instances",
                "1",
                "--dir",
                str(tmp_path / "run"),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**env, "ALE_LLM": "off"},
        )
    try:
        deadline = time.monotonic() + 300
        while "A conversation started on one instance" not in log.read_text():
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        text = log.read_text()
        instance = re.search(r"instance 1\s+(http://127\.0\.0\.1:\d+/)", text)
        chroma = re.search(r"Chroma server\s+http://127\.0\.0\.1:(\d+)", text)
        database = re.search(r"PostgreSQL\s+postgresql://ale@127\.0\.0\.1:(\d+)/postgres", text)
        assert instance and chroma and database, text
        assert "Accountability" in chat(instance.group(1), OPENING, "via-command")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    assert "Stopped: instances, Chroma server and PostgreSQL." in log.read_text()
    for port in (chroma.group(1), database.group(1), instance.group(1).rsplit(":", 1)[1][:-1]):
        with socket.socket() as probe:  # nothing listens there any more
            assert probe.connect_ex(("127.0.0.1", int(port))) != 0, port
