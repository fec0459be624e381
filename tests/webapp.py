"""Start the real web app (`python app.py`) in its own process on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 240.0  # seconds: a first start also builds the index


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server process; kill it if it does not stop within 20 s."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


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
def running_app(data_dir: Path, log: Path, **extra: str) -> Iterator[str]:
    """Yields the app's URL once it answers; stops the process afterwards."""
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
            time.sleep(0.5)
        yield url
    finally:
        stop(proc)
