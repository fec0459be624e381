"""Start the real web app: `python app.py` in its own process on a free loopback port, or
the same Blocks in this process around a start-up a test holds back (`Gate`)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.cluster import READY, free_port, stop_process, wait_ready
from assistant.coaching.coach import Coach
from assistant.config import Settings
from assistant.errors import AleError

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 240.0  # seconds: a first start also builds the index

__all__ = ["READY", "Gate", "app_in_process", "clean_env", "free_port", "running_app"]


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "ALE_", "GRADIO_")) or k == "ALE_SCREENSHOT_DIR"
    }
    env.update(
        ALE_DATA_DIR=str(data_dir),
        HF_HUB_OFFLINE="1",
        GRADIO_SERVER_NAME="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@contextmanager
def running_app(data_dir: Path, log: Path, ready: bool = True, **extra: str) -> Iterator[str]:
    """Yields the app's URL once it answers and, with `ready`, once its coach is built
    (the page itself answers at once); stops the process afterwards."""
    port = free_port()
    env = clean_env(data_dir, GRADIO_SERVER_PORT=str(port), **extra)
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"app.py exited with {proc.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(url + "config", timeout=2) as response:
                    if response.status in (200, 401):
                        break
            except OSError as exc:
                if getattr(exc, "code", None) in (401, 403):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"app.py did not answer within {START_TIMEOUT}s:\n{log.read_text()}"
                )
            time.sleep(0.1)
        if ready:
            wait_ready(proc, log, deadline - time.monotonic())
        yield url
    finally:
        stop_process(proc)


class Gate:
    """A test-only builder that holds the start back: it reports "building the knowledge
    index, 120 of 310 passages", waits until the test opens it, then fails with `fail`
    or runs the real builder (on an index that is already built, so that is quick)."""

    def __init__(self, settings: Settings, fail: AleError | None = None) -> None:
        self.settings = settings
        self.fail = fail
        self.holding = threading.Event()  # set when the builder waits at the gate
        self.opened = threading.Event()
        self.cancelled = False

    def __call__(self, report: Any) -> Coach:
        from assistant.web.startup import INDEX_STAGE, coach_builder

        report("Opening the knowledge index")
        report(INDEX_STAGE, 120, 310, "passages")
        self.holding.set()
        if not self.opened.wait(timeout=START_TIMEOUT) or self.cancelled:
            raise AleError("the test ended before it opened the gate")
        if self.fail is not None:
            raise self.fail
        return coach_builder(self.settings)(report)


@contextmanager
def app_in_process(
    settings: Settings, builder: Any, api_wait: float = 150.0
) -> Iterator[tuple[str, Any]]:
    """The web app's Blocks served from this process, through the same `launch` as
    `python app.py`, around a `Startup` of `builder` (started). Yields (url, startup)."""
    from assistant.web import Startup, build, launch

    startup = Startup(builder)
    # Garbage left by earlier tests (a client socket in a reference cycle) is collected
    # here, not in the middle of the imports Gradio makes while it builds the page: a
    # finalizer that warns during an import can trip CPython's module lock (KeyError in
    # importlib's _ModuleLock.acquire, python/cpython#87712), seen once in a full run.
    gc.collect()
    blocks = build(startup, settings, api_wait=api_wait)
    startup.start()
    port = free_port()
    saved = {k: os.environ.get(k) for k in ("GRADIO_SERVER_NAME", "GRADIO_SERVER_PORT")}
    os.environ.update(GRADIO_SERVER_NAME="127.0.0.1", GRADIO_SERVER_PORT=str(port))
    try:
        launch(blocks, settings, prevent_thread_lock=True, quiet=True)
        yield f"http://127.0.0.1:{port}/", startup
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        blocks.close()
        if isinstance(builder, Gate) and not builder.opened.is_set():
            builder.cancelled = True  # a build still held back ends without building
            builder.opened.set()
