"""A throwaway local cluster: PostgreSQL, a Chroma server and N app instances on loopback.

`ale cluster up` and the tests start the real servers the same way:

    with Cluster(folder, instances=2, report=print) as cluster:
        cluster.postgres_url, cluster.chroma_url, cluster.app_urls

Every part listens on a free 127.0.0.1 port; every wait is bounded; leaving the block
stops them all (the app instances, then Chroma, then PostgreSQL) and removes the
throwaway database. PostgreSQL comes from Debian's `postgresql` package (initdb refuses
to run as root, so as root it runs as the `postgres` user); Chroma is the `chroma`
command installed with chromadb; an instance is `python -m assistant.web`.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import TracebackType

from assistant.errors import AleError, ConfigError

START_WAIT = 60.0  # seconds for PostgreSQL or Chroma to answer
APP_WAIT = 300.0  # seconds for an app instance to be ready (a first start builds the index)
READY = "ALE Coach is ready."
FAILED = "ALE Coach could not start"
Report = Callable[[str], None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_process(proc: subprocess.Popen[bytes], wait: float = 20.0) -> None:
    """Ask a server to stop (SIGTERM); kill it if it has not stopped within `wait` s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _tail(path: Path, chars: int = 1500) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


# -- PostgreSQL -------------------------------------------------------------------------------
def postgres_bin() -> Path:
    """The folder of initdb and pg_ctl (Debian keeps them per version)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ConfigError(
        "PostgreSQL is not installed (no initdb found): apt-get install -y postgresql"
    )


class Postgres:
    """A private PostgreSQL cluster in a fresh folder, on a free loopback port."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.bin = postgres_bin()
        self.root = os.geteuid() == 0
        # as root the folder must belong to `postgres`, and pytest's or the user's
        # folders may be closed to it: a folder of its own under the temp dir
        self.folder = Path(tempfile.mkdtemp(prefix="ale-postgres-"))
        self.url = f"postgresql://ale@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        command = [str(a) for a in args]
        if self.root:
            runuser = shutil.which("runuser")
            if runuser:
                command = [runuser, "-u", "postgres", "--", *command]
            else:
                command = ["su", "postgres", "-c", shlex.join(command)]
        return subprocess.run(command, capture_output=True, text=True, timeout=START_WAIT)

    def start(self) -> str:
        """Create the cluster (the first time) and start the server; returns its URL."""
        data = self.folder / "db"
        if not data.exists():
            self._create(data)
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=200"
        )
        log = self.folder / "server.log"
        done = self._run(
            self.bin / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start"
        )
        if done.returncode != 0:
            raise AleError(f"PostgreSQL did not start: {_tail(log)}")
        return self.url

    def _create(self, data: Path) -> None:
        if self.root:
            try:
                shutil.chown(self.folder, "postgres")
            except (LookupError, OSError) as exc:
                raise ConfigError(
                    f"PostgreSQL will not run as root and the 'postgres' user is missing ({exc})"
                ) from None
        done = self._run(
            self.bin / "initdb", "-D", data, "-A", "trust", "-U", "ale", "-E", "UTF8", "--no-sync"
        )
        if done.returncode != 0:
            raise AleError(f"initdb failed: {(done.stderr or done.stdout)[-1500:]}")

    def stop(self) -> None:
        """Stop the server (fast shutdown); the data stays, for `start` again."""
        self._run(self.bin / "pg_ctl", "-D", self.folder / "db", "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Postgres:
        try:
            self.start()
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.remove()


# -- Chroma -----------------------------------------------------------------------------------
@contextmanager
def chroma_server(folder: Path, port: int | None = None) -> Iterator[str]:
    """`chroma run` on a free loopback port with its data in `folder`; yields its URL."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "chroma.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                str(chroma),
                "run",
                "--path",
                str(folder / "db"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_WAIT
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AleError(f"the Chroma server did not start: {_tail(log)}")
            time.sleep(0.25)
        yield url
    finally:
        stop_process(proc)


# -- app instances ----------------------------------------------------------------------------
def app_env(data_dir: Path, port: int, extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of one instance: the caller's (without its ALE_* and GRADIO_*
    settings), its own data folder and port, and `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALE_", "GRADIO_"))}
    env.update(
        ALE_DATA_DIR=str(data_dir),
        GRADIO_SERVER_NAME="127.0.0.1",
        GRADIO_SERVER_PORT=str(port),
        PYTHONUNBUFFERED="1",
        HF_HUB_OFFLINE="1",
    )
    env.update(extra)
    return env


class AppInstance:
    """One `python -m assistant.web` on a free loopback port: `start()` returns at once,
    `wait()` until its coach is ready, `stop()` ends it."""

    def __init__(self, data_dir: Path, log: Path, extra: Mapping[str, str]) -> None:
        self.data_dir = data_dir
        self.log = log
        self.extra = dict(extra)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> AppInstance:
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "assistant.web"],
                env=app_env(self.data_dir, self.port, self.extra),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait(self, wait: float = APP_WAIT) -> str:
        assert self.proc is not None, "start() first"
        wait_ready(self.proc, self.log, wait)
        return self.url

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)


@contextmanager
def app_instance(
    data_dir: Path, log: Path, extra: Mapping[str, str], wait: float = APP_WAIT
) -> Iterator[str]:
    """One `python -m assistant.web`; yields its URL once its coach is ready."""
    instance = AppInstance(data_dir, log, extra).start()
    try:
        yield instance.wait(wait)
    finally:
        instance.stop()


def wait_ready(proc: subprocess.Popen[bytes], log: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while READY not in (text := _tail(log, 100_000)):
        if FAILED in text or proc.poll() is not None:
            raise AleError(f"an app instance did not start:\n{text[-1500:]}")
        if time.monotonic() > deadline:
            raise AleError(f"an app instance was not ready within {wait:.0f} s:\n{text[-1500:]}")
        time.sleep(0.2)


class Cluster:
    """PostgreSQL, a Chroma server and `instances` app instances that share them."""

    def __init__(
        self,
        folder: Path,
        instances: int = 2,
        report: Report | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        if instances < 1:
            raise ConfigError("a cluster needs at least one app instance")
        self.folder = folder
        self.instances = instances
        self.report = report or (lambda message: None)
        self.extra = dict(extra or {})
        self.postgres_url = ""
        self.chroma_url = ""
        self.app_urls: list[str] = []
        self._stack = ExitStack()

    def __enter__(self) -> Cluster:
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise
        return self

    def _start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.report("starting PostgreSQL")
        self.postgres = self._stack.enter_context(Postgres())
        self.postgres_url = self.postgres.url
        self.report("starting the Chroma server")
        self.chroma_url = self._stack.enter_context(chroma_server(self.folder / "chroma"))
        shared = {
            **self.extra,
            "ALE_DATABASE_URL": self.postgres_url,
            "ALE_CHROMA_URL": self.chroma_url,
        }
        # all instances start together: one builds the index, the others wait for it
        self.report(f"starting {self.instances} app instance(s)")
        self.apps = [
            AppInstance(self.folder / f"instance-{n}", self.folder / f"instance-{n}.log", shared)
            for n in range(1, self.instances + 1)
        ]
        for app in self.apps:
            self._stack.callback(app.stop)
            app.start()
        self.app_urls = [app.wait() for app in self.apps]

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.report("stopping")
        self._stack.close()


# -- a client for the /chat API ---------------------------------------------------------------
class ChatError(AleError):
    pass


def chat(url: str, message: str, session: str, timeout: float = 120.0) -> str:
    """One turn through an instance's `/chat` API (Gradio's two-step REST call); the reply.
    ChatError with the server's message when it answers with an error."""
    body = json.dumps({"data": [message, session]}).encode()
    request = urllib.request.Request(
        url + "gradio_api/call/chat", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            event_id = json.loads(response.read())["event_id"]
        with urllib.request.urlopen(
            f"{url}gradio_api/call/chat/{event_id}", timeout=timeout
        ) as response:
            stream = response.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError, ValueError, KeyError) as exc:
        raise ChatError(f"{url}: {exc}") from None
    event, data = "", ""
    for line in stream.splitlines():
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data = line[5:].strip()
    if event != "complete":
        raise ChatError(f"{url}: {event or 'no event'}: {data[:300]}")
    return str(json.loads(data)[0])
