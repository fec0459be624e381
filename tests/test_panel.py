"""The diagnosis panel, the ALE diagram and the Markdown report (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents
from assistant.coaching.policy import Policy
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.render.panel import diagram_svg, panel_html, shares
from assistant.render.report import session_markdown
from assistant.storage.sqlite import SessionStore

from .conftest import KNOWLEDGE

HOSTILE = '<img src=x onerror="alert(1)"> [click](javascript:alert(2)) <script>alert(3)</script>'


def marked(svg: str) -> list[str]:
    return re.findall(r'data-sphere="(\w+)" data-share="[\d.]+" data-recommended="true"', svg)


def test_the_diagram_shades_by_evidence_and_marks_only_the_recommended_sphere() -> None:
    totals = {"accountability": 0.2, "leadership": 0.0, "execution": 0.8}
    assert shares(totals) == {"accountability": 0.25, "leadership": 0.0, "execution": 1.0}
    svg = diagram_svg(totals, "execution")
    assert marked(svg) == ["execution"]
    assert svg.count("▲ fix first") == 1
    # weak execution shows in the process overlap, shaded as strongly as the sphere
    assert 'data-overlap="process" data-share="1.00"' in svg
    assert 'data-overlap="buy-in" data-share="0.00"' in svg
    assert 'data-overlap="roles" data-share="0.25"' in svg


def test_without_evidence_nothing_is_shaded_or_marked() -> None:
    svg = diagram_svg(dict.fromkeys(("accountability", "leadership", "execution"), 0.0), None)
    assert marked(svg) == []
    assert "fix first" not in svg
    assert 'data-share="0.00"' in svg and 'data-share="1.00"' not in svg
    assert "No diagnosis yet" in panel_html(None)


def test_the_panel_escapes_everything_that_came_from_a_person_or_a_file() -> None:
    state = {
        "evidence": [{"sphere": "leadership", "phrase": HOSTILE, "turn": 1, "score": 0.7}],
        "recommended": "leadership",
        "role": "owner",
    }
    passages = [
        {"title": HOSTILE, "source": "team/<b>x</b>.md", "summary": HOSTILE, "passage": HOSTILE}
    ]
    html = panel_html(state, passages, "offline")
    assert "<img" not in html and "<script" not in html and "<b>x" not in html
    assert "&lt;script&gt;" in html
    assert 'data-recommended="leadership"' in html and "Fix first: <b>Leadership</b>" in html
    assert "Who is asking: owner" in html
    assert 'data-mode="offline"' in html


def offline_coach(tmp_path: Path, rules_classifier) -> Coach:  # type: ignore[no-untyped-def]
    settings = Settings.from_env({"ALE_DATA_DIR": str(tmp_path), "ALE_LLM": "off"})
    policy = Policy(rules_classifier, Intents(KNOWLEDGE))
    return Coach(settings, policy, None, SessionStore(tmp_path / "s.sqlite3"))


def test_the_report_has_diagnosis_evidence_open_questions_and_the_conversation(
    tmp_path: Path, rules_classifier
) -> None:  # type: ignore[no-untyped-def]
    coach = offline_coach(tmp_path, rules_classifier)
    assert coach.sessions is not None
    coach.reply("Honestly, things feel like a mess at our production company lately.", "r1")
    turns = coach.sessions.turns("r1")
    early = session_markdown("r1", turns, KNOWLEDGE)
    assert "No sphere recommended yet" in early
    assert "still unanswered:" in early  # the coach's question is listed as open

    coach.reply(
        "The techs roll their eyes at every new system and nobody believes the owners any more.",
        "r1",
    )
    coach.reply("Which sphere should we fix?", "r1")
    report = session_markdown("r1", coach.sessions.turns("r1"), KNOWLEDGE)
    assert "**Fix first: Leadership** (it shows as buy-in problems)." in report
    assert "| Leadership |" in report
    assert "roll their eyes" in report
    assert "Who is asking (owner, manager or team member)?" in report
    assert "**You (3):** Which sphere should we fix?" in report
    assert session_markdown("none", [], KNOWLEDGE).endswith("This session has no turns yet.\n")


def test_the_report_neutralises_links_images_and_html_in_user_text(
    tmp_path: Path, rules_classifier
) -> None:  # type: ignore[no-untyped-def]
    coach = offline_coach(tmp_path, rules_classifier)
    assert coach.sessions is not None
    coach.reply("Nobody owns the venue call. " + HOSTILE, "r2")
    report = session_markdown("r2", coach.sessions.turns("r2"), KNOWLEDGE)
    assert "<script" not in report and "<img" not in report
    assert not re.search(r"(?<!\\)\]\(", report), "an unescaped Markdown link"
    assert "\\[click\\]" in report


@pytest.mark.parametrize(
    ("raw", "pairs"),
    [
        ("alice:one", [("alice", "one")]),
        ("alice:one, bob:t:w:o", [("alice", "one"), ("bob", "t:w:o")]),
    ],
)
def test_ale_auth_pairs(raw: str, pairs: list[tuple[str, str]]) -> None:
    assert Settings.from_env({"ALE_AUTH": raw}).auth_pairs == pairs


@pytest.mark.parametrize("raw", ["alice", "alice:", ":pw", "alice:one,,bob:two"])
def test_malformed_ale_auth_is_a_clear_error(raw: str) -> None:
    with pytest.raises(ConfigError, match="ALE_AUTH must be user:password pairs"):
        Settings.from_env({"ALE_AUTH": raw}).auth_pairs  # noqa: B018


def test_ale_export_writes_the_report_of_a_stored_session(tmp_path: Path, rules_classifier) -> None:  # type: ignore[no-untyped-def]
    from .conftest import run_ale

    data = tmp_path / "data"
    settings = Settings.from_env({"ALE_DATA_DIR": str(data), "ALE_LLM": "off"})
    sessions = SessionStore.in_data_dir(data)
    coach = Coach(settings, Policy(rules_classifier, Intents(KNOWLEDGE)), None, sessions)
    coach.reply("Every crew chief packs the truck his own way and we forget cables.", "show-42")
    sessions.close()

    env = {"ALE_DATA_DIR": str(data)}
    printed = run_ale("export", "show-42", env=env)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("# ALE Coach report: session show-42")
    out = tmp_path / "report.md"
    written = run_ale("export", "show-42", "-o", str(out), env=env)
    assert written.returncode == 0 and out.read_text(encoding="utf-8") == printed.stdout

    missing = run_ale("export", "no-such-session", env=env)
    assert missing.returncode == 2 and "no session 'no-such-session'" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = run_ale("export", "../etc", env=env)
    assert bad.returncode == 2 and "is not valid" in bad.stderr
