"""Plan items: what makes one valid, which are due, how a check-in answer reads, and the
calendar file of their due dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from assistant.errors import InputError

STATUSES = ("open", "done", "dropped")
TEXT_LIMIT = 300

# How a check-in answer reads, first match wins (worse before done: "it got worse after
# we did it" is worse; "not" phrases before "done": "not done yet" is not started).
OUTCOMES = (
    ("worse", r"\b(worse|backfired|made (it|things) (worse|harder)|more mistakes)\b"),
    (
        "not started",
        r"\b(not (yet|started|done|begun)|didn'?t (get to|start|do|happen)|"
        r"haven'?t (started|done|had)|no time|never (got|started)|forgot)\b",
    ),
    ("partly", r"\b(partly|partially|half|some of|started|in progress|so[- ]so|mixed)\b"),
    ("done", r"\b(done|did it|finished|worked|works|went well|completed|we did|sorted)\b"),
)


def parse_due(value: str, today: dt.date | None = None) -> str:
    """A due date as YYYY-MM-DD, from that form or from words the chat also reads
    ("Friday", "in two weeks", "end of the month"); InputError says what was wrong."""
    from assistant.actions.commit import read_due

    text = (value or "").strip()
    if len(text) == 10 and text[4] == "-":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return _bad(text)
    found, _unclear = read_due(text, today or dt.date.today())
    return found if found else _bad(text)


def _bad(text: str) -> str:
    raise InputError(
        f"due date {text[:30]!r} is not a date: use YYYY-MM-DD (e.g. 2026-12-18) or a day "
        "such as Friday or 'in two weeks'"
    )


def _text(value: str | None, name: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InputError(f"the {name} is empty")
    if len(cleaned) > TEXT_LIMIT:
        raise InputError(f"the {name} is {len(cleaned)} characters; keep it to {TEXT_LIMIT}")
    return cleaned


def check_item(
    title: str,
    item_owner: str,
    due: str,
    measure: str,
    source: str | None,
    knowledge_dir: Path,
) -> dict[str, Any]:
    """The fields of a new item, checked (InputError names the first bad one). A source
    must be a knowledge file, written as the coach cites it (knowledge/...)."""
    fields = {
        "title": _text(title, "title"),
        "owner": _text(item_owner, "owner"),
        "due": parse_due(due),
        "measure": _text(measure, "measure of success"),
        "source": None,
    }
    if source:
        given = Path(source.strip())
        if given.is_absolute() and given.resolve().is_relative_to(knowledge_dir.resolve()):
            source = given.resolve().relative_to(knowledge_dir.resolve().parent).as_posix()
        relative = source.strip().lstrip("./")
        path = (knowledge_dir.parent / relative).resolve()
        inside = path.is_relative_to(knowledge_dir.resolve())
        if not relative.startswith("knowledge/") or not inside or not path.is_file():
            raise InputError(
                f"source {source[:80]!r} is not a knowledge file "
                "(use the path the coach shows, e.g. knowledge/interventions/process/job-checklists.md)"
            )
        fields["source"] = relative
    return fields


def check_status(status: str | None) -> str | None:
    if status is None:
        return None
    if status not in STATUSES:
        raise InputError(f"status {status[:20]!r} is not one of: {', '.join(STATUSES)}")
    return status


def due_items(items: Iterable[Mapping[str, Any]], today: dt.date) -> list[Mapping[str, Any]]:
    """Open items due today or earlier, the most overdue first."""
    due = [i for i in items if i["status"] == "open" and i["due"] <= today.isoformat()]
    return sorted(due, key=lambda i: (i["due"], i["id"]))


def judge(answer: str) -> str:
    """How a check-in answer reads: done, partly, not started, worse, or unclear."""
    lowered = answer.lower()
    for outcome, pattern in OUTCOMES:
        if re.search(pattern, lowered):
            return outcome
    return "unclear"


def to_ics(items: Iterable[Mapping[str, Any]], session_id: str) -> str:
    """An iCalendar file with one all-day event per open item, on its due date."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ALE Coach//Plan//EN"]
    for item in items:
        if item["status"] != "open":
            continue
        day = item["due"].replace("-", "")
        end = (dt.date.fromisoformat(item["due"]) + dt.timedelta(days=1)).strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item['id']}@{session_id}.ale-coach",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day}",
            f"DTEND;VALUE=DATE:{end}",
            f"SUMMARY:{_ics_text(item['title'])} ({_ics_text(item['owner'])})",
            f"DESCRIPTION:Measure: {_ics_text(item['measure'])}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _fold(line: str, limit: int = 75) -> str:
    """A content line folded at `limit` octets (RFC 5545): CRLF and a space before each
    continuation, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    for char in line:
        width = 75 if not out else 74  # a continuation starts with a space
        if len((current + char).encode("utf-8")) > min(limit, width):
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)


def _ics_text(value: str) -> str:
    """Text for an iCalendar field: no control characters; backslash, ';' and ','
    escaped with a backslash (RFC 5545)."""
    cleaned = "".join(c for c in value if c >= " " and c != "\x7f")
    for special in ("\\", ";", ","):
        cleaned = cleaned.replace(special, "\\" + special)
    return cleaned
