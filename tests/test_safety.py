"""safe_markdown: what the chat renders can fetch nothing and run nothing."""

from __future__ import annotations

import pytest

from assistant.render.safety import safe_markdown


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("<img src=http://evil.example/p.png onerror=alert(1)>", "<img", "&lt;img"),
        ("<script>alert(1)</script>", "<script", "&lt;script>"),
        ("![pixel](http://evil.example/p.png)", "evil.example", "pixel"),
        ("![pixel][t]\n\n[t]: http://evil.example/p.png", "evil.example", "pixel"),
        ("[click me](javascript:alert(1))", "javascript:", "click me"),
        ("[click](  javascript:alert(1) )", "javascript:", "click"),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", "data:", "data"),
        ("<a href='javascript:alert(1)'>x</a>", "<a ", "&lt;a"),
        ("<div onclick=alert(1)>hi</div>", "<div", "&lt;div"),
        ("<http://evil.example/autolink>", "<http", "&lt;http"),
        ("red \x1b[31mtext\x1b[0m bell\x07", "\x1b", "red [31mtext[0m bell"),
    ],
)
def test_dangerous_markup_is_neutralised(text: str, absent: str, present: str) -> None:
    out = safe_markdown(text)
    assert absent not in out
    assert present in out


def test_ordinary_markdown_and_http_links_survive() -> None:
    text = "**Execution** first:\n\n1. A checklist\n2. [Guide](https://example.org/x)\n\n> quote"
    assert safe_markdown(text) == text
    assert safe_markdown("R&D < 5") == "R&amp;D &lt; 5"
