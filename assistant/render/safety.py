"""Text that is shown as Markdown, made safe to render: no HTML, no images, no links that
run code, no terminal control sequences.

Replies may carry a language model's words, and offline replies quote the user; either
could hold `<img src=... onerror=...>`, `![](http://tracker/pixel.png)` or
`[click](javascript:...)`. Markdown formatting (bold, lists, quotes, http(s) links) stays.
"""

from __future__ import annotations

import re

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_REF_IMAGE = re.compile(r"!\[([^\]\n]*)\]\[[^\]\n]*\]")
_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?[^)\n]*\)")
_REF_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.M)
_SAFE_SCHEME = re.compile(r"^(https?://|mailto:|#|/(?!/))", re.I)


def safe_markdown(text: str) -> str:
    """`text` with HTML escaped, images reduced to their alt text, links kept only when
    they point to http(s), mail or a page anchor, and control characters removed."""
    text = CONTROL_CHARS.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _REF_IMAGE.sub(lambda m: m.group(1), text)
    text = _REF_DEFINITION.sub("", text)

    def link(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        return match.group(0) if _SAFE_SCHEME.match(target) else label

    return _LINK.sub(link, text)
