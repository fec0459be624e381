"""Shared fixtures: every test gets its own data dir and no LLM configuration."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import assistant  # noqa: F401  (first: it pins numpy's CPU kernels before any test imports numpy)

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
EVALS = ROOT / "evals"


# The modules that take longest, longest first (seconds of CPU each, run alone, in stop 65).
# `--dist loadfile` hands whole modules to the workers in collection order, so the long ones
# go out first and the short ones fill in behind them: left in alphabetical order, the web
# modules came last and one worker ran on alone. (pytest-xdist sorts modules by their number
# of tests unless told `--no-loadscope-reorder`, which pyproject's addopts says: sorted so, the
# many small tests of the listening modules went first and the web modules last.)
LONGEST_FIRST = (
    "test_web_security.py",  # ~57 s
    "test_cluster.py",  # ~46 s
    "test_browser.py",  # ~44 s
    "test_web.py",  # ~43 s
    "test_durability.py",  # ~40 s
    "test_listening.py",  # ~40 s (195 s before the knowledge patterns were compiled once)
    "test_bad_input.py",  # ~33 s
    "test_bench.py",  # ~28 s
    "test_local_llm.py",  # ~24 s
    "test_pulse_web.py",  # ~23 s
    "test_injection.py",  # ~20 s
    "test_packaging.py",
    "test_classifier.py",
    "test_encoder.py",
    "test_chat.py",
    "test_lazy.py",
    "test_retrieval.py",
    "test_llm.py",
    "test_postgres.py",
    "test_faults.py",
    "test_eval_suites.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: order kept within


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALE_DATA_DIR", str(tmp_path / "data"))
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "ALE_LLM",
        "ALE_CHROMA_URL",
        "ALE_DATABASE_URL",
        "ALE_CLASSIFIER",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def classifier(cache_dir: Path):  # type: ignore[no-untyped-def]
    """The real hybrid classifier: real cues, real exemplars, the real bundled MiniLM."""
    from assistant.diagnosis import load_classifier

    return load_classifier(KNOWLEDGE, cache_dir, "hybrid")


@pytest.fixture(scope="session")
def intents():  # type: ignore[no-untyped-def]
    """The coach's phrase lists, read once (they are never changed by a test)."""
    from assistant.coaching.intents import Intents

    return Intents(KNOWLEDGE)


@pytest.fixture(scope="session")
def industries():  # type: ignore[no-untyped-def]
    """The industry words, read once."""
    from assistant.coaching.industry import Industries

    return Industries(KNOWLEDGE)


@pytest.fixture(scope="session")
def rules_classifier():  # type: ignore[no-untyped-def]
    from assistant.diagnosis import load_classifier

    return load_classifier(KNOWLEDGE, None, "rules")


def run_ale(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run the `ale` entry point in this process (typer's CliRunner isolation: its own
    stdin, stdout, stderr and environment), with the same edge as the console script:
    `main()` turns errors into an exit status and a clean message. The embedding model
    and the classifier caches are shared with the rest of the test session."""
    from typer.testing import CliRunner

    from assistant.cli.main import main

    runner = CliRunner()
    code = 0
    with runner.isolation(input=stdin, env=env) as (out, err, _):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace")
    return subprocess.CompletedProcess(["ale", *args], code, stdout, stderr)


def run_ale_process(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run the real `ale` entry point in a fresh process (for the true end-to-end tests)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=ROOT,
    )


@pytest.fixture(scope="session")
def warm_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose knowledge index and classifier caches are built once per test run,
    with the real bundled model. Tests that only read the index share it; tests that
    change it take `warm_copy`."""
    from assistant.config import Settings
    from assistant.wiring import build_classifier, build_store

    path = tmp_path_factory.mktemp("warm-data")
    settings = Settings.from_env({"ALE_DATA_DIR": str(path)})
    build_store(settings)
    build_classifier(settings)
    return path


@pytest.fixture(scope="module")
def coach(warm_data: Path):  # type: ignore[no-untyped-def]
    """The real offline coach on the warm index, one per test module; conversations pass
    their own `State`, so nothing is stored between tests."""
    from assistant.config import Settings
    from assistant.wiring import build_coach

    settings = Settings.from_env({"ALE_DATA_DIR": str(warm_data), "ALE_LLM": "off"})
    return build_coach(settings, with_sessions=False)


@pytest.fixture
def warm_copy(warm_data: Path, tmp_path: Path) -> Path:
    """A private copy of the warm data dir (index and caches), for a test that changes it."""
    target = tmp_path / "warm"
    shutil.copytree(warm_data, target)
    return target


@pytest.fixture
def ale() -> Iterator[object]:
    yield run_ale


@pytest.fixture(scope="session")
def web_data(tmp_path_factory: pytest.TempPathFactory, warm_data: Path) -> Path:
    """One data dir for the web app processes of a test run: a copy of the warm index."""
    path = tmp_path_factory.mktemp("web") / "data"
    shutil.copytree(warm_data, path)
    return path


@pytest.fixture(scope="session")
def web_app(web_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real `python app.py`, offline, without login, on a free loopback port."""
    from .webapp import running_app

    log = tmp_path_factory.mktemp("web-logs") / "app.log"
    with running_app(web_data, log) as url:
        yield url


@pytest.fixture(scope="session")
def auth_app(
    web_app: str, web_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A second app on the same data, with ALE_AUTH logins for alice and bob."""
    from .webapp import running_app

    log = tmp_path_factory.mktemp("web-logs") / "auth-app.log"
    with running_app(
        web_data, log, ALE_AUTH="alice:wonder-land,bob:b:uilder,carol:sea-shell"
    ) as url:
        yield url


@pytest.fixture(scope="session")
def local_llm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real llama.cpp server with the bundled SmolLM2-135M on a free loopback port; its
    base URL. Needs the local-llm extra: CI installs it (and fails without it); elsewhere
    the tests that need it skip, saying why."""
    from assistant.errors import ConfigError
    from assistant.responders import local_server

    from .webapp import free_port

    try:
        local_server.check_server_installed()
        local_server.bundled_model()
    except ConfigError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the real local model: {exc}")
        pytest.skip(f"no local model server here: {exc}")
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with local_server.start(free_port(), context=4096, threads=1, log=log) as server:
        server.wait_ready()
        yield server.base_url


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A real throwaway PostgreSQL (Debian's package) for the whole test run. CI installs
    it and fails without it; elsewhere the tests that need it skip, saying why."""
    from assistant.cluster import Postgres, postgres_bin
    from assistant.errors import ConfigError

    try:
        postgres_bin()
    except ConfigError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL on this machine: {exc}")
    with Postgres() as server:
        yield server


@pytest.fixture
def pg_url(postgres_server: object) -> str:
    """The URL of a new, empty database on the test run's server, for one test."""
    import secrets

    import psycopg

    url: str = postgres_server.url  # type: ignore[attr-defined]
    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on a free loopback port for the whole test run."""
    from assistant.cluster import chroma_server

    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url
