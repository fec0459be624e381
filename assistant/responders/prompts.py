"""Prompt files from prompts/, rendered in a sandboxed Jinja environment.

User text only ever enters a prompt as a variable; the templates are files a coach can
edit. A missing file or a template error is a `ConfigError` naming the file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

PROMPTS = ("system", "turn")


@cache
def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )


def load(prompts_dir: Path, name: str) -> Any:
    path = prompts_dir / f"{name}.md"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        raise ConfigError(f"prompt file {path} is missing") from None
    from jinja2 import TemplateSyntaxError

    try:
        return _environment().from_string(source)
    except TemplateSyntaxError as exc:
        raise ConfigError(f"prompt file {path}: line {exc.lineno}: {exc.message}") from None


def render(prompts_dir: Path, name: str, **variables: Any) -> str:
    from jinja2 import TemplateError

    try:
        text: str = load(prompts_dir, name).render(**variables)
    except TemplateError as exc:
        raise ConfigError(f"prompt file {prompts_dir / (name + '.md')}: {exc}") from None
    return text
