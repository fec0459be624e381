"""The one Jinja environment that turns shaped data into pages and reports.

Templates live in `assistant/render/templates/` and load through the package, so they
work from an installed wheel. `.html.j2`, `.svg.j2` and `.xml.j2` templates are
autoescaped. Markdown (`.md.j2`) has no autoescape that fits, so there every `{{ }}`
must pass through a Markdown filter (`md_text`, `md_reply` or `md_code`); a template that
forgets one fails to render instead of leaking text. In every template, control
characters (NUL, ESC...) and lone surrogates never reach the output.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    TemplateRuntimeError,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext

from assistant.render.safety import CONTROL_CHARS

AUTOESCAPED = ("html", "svg", "xml", "html.j2", "svg.j2", "xml.j2")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


class MarkdownText(str):
    """Text a Markdown filter has made safe to place in a Markdown template."""


def clean(text: str) -> str:
    """`text` without control characters and lone surrogates (tab and newlines stay)."""
    return _SURROGATES.sub("", CONTROL_CHARS.sub("", text))


def _entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_text(value: object) -> MarkdownText:
    """Text from a person or a file as plain Markdown text on one line: no HTML, links,
    images, headings, emphasis or table cells."""
    flat = _entities(" ".join(clean(str(value)).split()))
    for char in "\\`*_[]#|":
        flat = flat.replace(char, "\\" + char)
    return MarkdownText(flat)


def md_reply(value: object) -> MarkdownText:
    """One line of the coach's reply: its Markdown (bold, lists) kept, but no HTML,
    links or images."""
    line = _entities(clean(str(value)))
    for char in "\\[]":
        line = line.replace(char, "\\" + char)
    return MarkdownText(line)


def md_code(value: object) -> MarkdownText:
    """Text for inside a `code span`: one line, no backticks (nothing in a code span is
    read as Markdown or HTML)."""
    return MarkdownText(" ".join(clean(str(value)).replace("`", "'").split()))


@pass_eval_context
def _finalize(context: EvalContext, value: Any) -> Any:
    """Every `{{ }}` output: cleaned, and in Markdown templates refused unless filtered."""
    markup = hasattr(value, "__html__")  # already safe HTML, e.g. a macro's output
    if isinstance(value, str) and not markup and not isinstance(value, MarkdownText):
        value = clean(value)
    if context.autoescape or isinstance(value, MarkdownText | int | float):
        return value
    shown = repr(value)[:60]
    raise TemplateRuntimeError(
        f"{shown} reached a Markdown template unfiltered: pipe it through |md_text "
        "(or |md_reply, |md_code)"
    )


@cache
def environment() -> Environment:
    """The shared environment (built once)."""
    env = Environment(
        loader=PackageLoader("assistant.render", "templates"),
        autoescape=select_autoescape(AUTOESCAPED),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(md_text=md_text, md_reply=md_reply, md_code=md_code)
    return env


def render(name: str, **context: Any) -> str:
    """Template `name` rendered with `context`."""
    return environment().get_template(name).render(**context)
