"""No data loss: a session writer and an index build killed with SIGKILL at random moments,
and sessions that survive a restart of the web app."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval.store import Store

from .conftest import KNOWLEDGE, ROOT
from .fake_llm import FakeLLM

TRIALS = 3  # kills at random moments of one index build

WRITER = """
import sys
from pathlib import Path
from assistant.storage import NO_OWNER
from assistant.storage.sqlite import SqliteSessionRepo
store = SqliteSessionRepo(Path(sys.argv[1]))
for n in range(1, 100000):
    text = f"turn {n}: the crew forgot the cables again " + "x" * (n % 97)
    number = store.append("kill-test", text, "reply " + str(n), {"n": n}, {"turn": n}, NO_OWNER)
    print(number, flush=True)  # acknowledged: the write is committed
"""


def test_a_writer_killed_at_random_moments_loses_no_acknowledged_turn(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    db = tmp_path / "sessions.sqlite3"
    acknowledged = 0
    for trial in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the writer is up and has committed once
        assert first.strip(), f"trial {trial}: the writer did not start"
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()
        proc.stdout.close()
        proc.wait(timeout=10)
        acks = [int(x) for x in (first + rest).split()]
        acknowledged = max(acknowledged, max(acks))
        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok", trial
            rows = check.execute(
                "SELECT turn, user_text FROM turns WHERE session_id = 'kill-test' ORDER BY turn"
            ).fetchall()
        numbers = [r[0] for r in rows]
        assert numbers == list(range(1, len(numbers) + 1)), f"trial {trial}: a gap"
        assert len(numbers) >= acknowledged, f"trial {trial}: an acknowledged turn is missing"
        assert all(text.startswith("turn ") and "cables again" in text for _, text in rows)
    assert acknowledged > 20
    print(f"\nSIGKILL writer: 20 trials, {acknowledged} acknowledged turns, none lost")


BUILD = """
import sys
from assistant.config import Settings
from assistant.retrieval.store import Store
store = Store(Settings.from_env())
print("start", flush=True)
store.sync_knowledge(Settings.from_env().knowledge_dir, rebuild=True)
print("done", flush=True)
"""


def start_build(data: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """A rebuild of the knowledge index in its own process, once it has begun."""
    proc = subprocess.Popen(
        [sys.executable, "-c", BUILD],
        cwd=ROOT,
        env={**os.environ, **env, "ALE_DATA_DIR": str(data)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "start"
    return proc


def index_state(data: Path, env: dict[str, str]) -> tuple[str, int]:
    """(collection in use, passages in it); raises when the index is broken."""
    settings = Settings.from_env({**env, "ALE_DATA_DIR": str(data)})
    store = Store(settings)
    pointer = store.pointer("knowledge")
    assert pointer is not None
    collection = store.client.get_collection(pointer["collection"], embedding_function=None)
    hits = store.search("the crew keeps forgetting cables", k=3)
    assert len(hits) == 3
    return pointer["collection"], collection.count()


@pytest.mark.slow
def test_an_index_build_killed_at_random_moments_leaves_a_complete_index(tmp_path: Path) -> None:
    rng = random.Random(7)
    with FakeLLM() as server:
        env = {
            "ALE_EMBEDDINGS": "openai",
            "OPENAI_BASE_URL": server.url,
            "OPENAI_API_KEY": "sk-test",
            "ALE_LLM": "off",
        }
        base = tmp_path / "base"
        settings = Settings.from_env({**env, "ALE_DATA_DIR": str(base)})
        Store(settings).sync_knowledge(KNOWLEDGE)
        _, complete = index_state(base, env)
        assert complete > 100
        server.embed_delay = 0.08  # the build takes a second or two: room to kill it mid-way
        # how long an unkilled build takes, from "start" to "done": kills land anywhere in it
        timing = tmp_path / "timing"
        shutil.copytree(base, timing)
        proc = start_build(timing, env)
        assert proc.stdout is not None
        began = time.monotonic()
        assert proc.stdout.readline().strip() == "done"
        build_s = time.monotonic() - began
        proc.stdout.close()
        proc.wait(timeout=30)
        outcomes = {"old": 0, "new": 0}
        for trial in range(TRIALS):
            data = tmp_path / f"trial-{trial}"
            shutil.copytree(base, data)
            old, _ = index_state(data, env)
            proc = start_build(data, env)
            assert proc.stdout is not None
            time.sleep(rng.uniform(0.2, build_s * 1.3))
            os.kill(proc.pid, signal.SIGKILL)
            proc.stdout.close()
            proc.wait(timeout=10)
            in_use, count = index_state(data, env)
            assert count == complete, f"trial {trial}: {count} of {complete} passages"
            outcomes["old" if in_use == old else "new"] += 1
            # the next sync works and clears what the killed build left behind (at full
            # speed: only the killed build needs to be slow)
            server.embed_delay = 0.0
            Store(Settings.from_env({**env, "ALE_DATA_DIR": str(data)})).sync_knowledge(KNOWLEDGE)
            assert index_state(data, env)[1] == complete
            server.embed_delay = 0.08
        assert outcomes["old"] >= 1, outcomes  # some kills landed mid-build
        print(
            f"\nSIGKILL index build ({build_s:.1f} s unkilled): {TRIALS} trials, a complete index "
            f"each time: {outcomes}"
        )


@pytest.mark.slow
def test_sessions_survive_a_restart_of_the_web_app(web_data: Path, tmp_path: Path) -> None:
    from gradio_client import Client

    from .webapp import running_app

    first = "Nobody knows who calls the venue about power, and everyone blames someone else."
    with running_app(web_data, tmp_path / "first.log") as url:
        Client(url, verbose=False).predict(first, "restart-1", api_name="/chat")
    with running_app(web_data, tmp_path / "second.log") as url:
        client = Client(url, verbose=False)
        report = client.predict("restart-1", api_name="/export")
        assert "venue about power" in report and "1 turn(s)" in report
        again = client.predict("Which sphere should we fix?", "restart-1", api_name="/chat")
        assert "fix **Accountability** first" in again
        assert "2 turn(s)" in client.predict("restart-1", api_name="/export")
