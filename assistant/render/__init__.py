"""What a person sees: the diagnosis panel and its ALE diagram, a session as a Markdown
report, and the reports of an evaluation run (HTML page, JUnit XML, terminal table).

Pages and reports are Jinja templates in `templates/`, fed with data shaped in Python
(see `environment.py`). The names below load their module on first use, so importing
this package, or `assistant.render.safety`, stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.render.eval_report import html as eval_html
    from assistant.render.eval_report import junit as eval_junit
    from assistant.render.eval_report import terminal as eval_terminal
    from assistant.render.panel import diagram_svg, panel_html
    from assistant.render.report import session_markdown

__all__ = [
    "diagram_svg",
    "eval_html",
    "eval_junit",
    "eval_terminal",
    "panel_html",
    "session_markdown",
]

_WHERE = {
    "diagram_svg": ("panel", "diagram_svg"),
    "panel_html": ("panel", "panel_html"),
    "session_markdown": ("report", "session_markdown"),
    "eval_html": ("eval_report", "html"),
    "eval_junit": ("eval_report", "junit"),
    "eval_terminal": ("eval_report", "terminal"),
}


def __getattr__(name: str) -> Any:
    """Load a public name's module the first time the name is used."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _WHERE[name]
    return getattr(import_module(f"{__name__}.{module}"), attribute)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
