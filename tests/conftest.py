"""Shared fixtures: every test gets its own data dir and no LLM configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
EVALS = ROOT / "evals"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALE_DATA_DIR", str(tmp_path / "data"))
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "ALE_LLM",
        "ALE_CHROMA_URL",
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
    from assistant.diagnosis.classifier import load_classifier

    return load_classifier(KNOWLEDGE, cache_dir, "hybrid")


@pytest.fixture(scope="session")
def rules_classifier():  # type: ignore[no-untyped-def]
    from assistant.diagnosis.classifier import load_classifier

    return load_classifier(KNOWLEDGE, None, "rules")


def run_ale(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run the real `ale` entry point in a fresh process."""
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


@pytest.fixture
def ale() -> Iterator[object]:
    yield run_ale


@pytest.fixture(scope="session")
def web_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data dir for the web app processes of a test run (the index is built once)."""
    return tmp_path_factory.mktemp("web-data")


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
