"""Where the knowledge base and the prompt templates are: installed or in a checkout.

A wheel carries copies of the top-level `knowledge/` and `prompts/` folders inside the
package, at `assistant/_data/knowledge` and `assistant/_data/prompts` (see setup.py), so
`pip install .` works from any folder. In a checkout (and in an editable install, which
runs the checkout's code) there is no `_data`, and the checkout's own folders are used.

The folders keep their names in both places: a knowledge file's `source` is its path
relative to the knowledge folder's parent (`knowledge/interventions/...`), so it reads
the same whichever copy is loaded.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_DATA = PACKAGE_DIR / "_data"
CHECKOUT_DIR = PACKAGE_DIR.parent


def _folder(name: str) -> Path:
    packaged = PACKAGED_DATA / name
    return packaged if packaged.is_dir() else CHECKOUT_DIR / name


def knowledge_dir() -> Path:
    """The knowledge base shipped with the package, else the checkout's `knowledge/`."""
    return _folder("knowledge")


def prompts_dir() -> Path:
    """The prompt templates shipped with the package, else the checkout's `prompts/`."""
    return _folder("prompts")


def evals_dir() -> Path:
    """The evaluation suites: the checkout's `evals/`, else `evals/` in the current folder."""
    return (checkout_dir() or Path.cwd()) / "evals"


def checkout_dir() -> Path | None:
    """The repository this package runs from, or None when it is installed (no checkout)."""
    if (CHECKOUT_DIR / "pyproject.toml").is_file() and (CHECKOUT_DIR / "knowledge").is_dir():
        return CHECKOUT_DIR
    return None
