"""The diagnosis panel, the ALE diagram and the Markdown report (no browser needed)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from jinja2 import DictLoader, TemplateRuntimeError

from assistant.coaching.coach import Coach
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.render.environment import environment
from assistant.render.eval_report import html as eval_html
from assistant.render.eval_report import junit
from assistant.render.panel import diagram_svg, panel_html, shares
from assistant.render.report import session_markdown
from assistant.render.safety import CONTROL_CHARS
from assistant.storage import NO_OWNER, StoredTurn
from assistant.storage.sqlite import SqliteSessionRepo
from assistant.wiring import assemble_coach

from .conftest import KNOWLEDGE, ROOT

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


STEPPED = {
    "source": "knowledge/interventions/roles/decision-rights.md",
    "title": "Write down who decides what",
    "summary": "Make a one-page list of the recurring decisions and who makes each.",
    "passage": "the retrieved passage, shown only without steps",
    "steps": [
        "List the **ten decisions** that come up every week.",
        "2. Next to each, write *one* name, not a team.",
        "Pin it where the crew sees it, e.g. `ops/decisions.md`, and [read it](https://x.example) aloud.",
    ],
    "example": "A rental house put the list on the warehouse door.\n\nThe **arguments** stopped.",
}


def items(html: str) -> list[str]:
    """The text of each step, tags removed."""
    return [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", html, re.S)]


def test_an_interventions_steps_are_a_numbered_list_between_summary_and_example() -> None:
    html = panel_html(None, [STEPPED])
    body = html[html.index('<details class="ale-intervention">') :]
    assert '<ol class="ale-steps">' in body and body.count("<li>") == 3
    # summary, steps, example, source: in that order
    order = [
        body.index("Make a one-page list"),
        body.index('<ol class="ale-steps">'),
        body.index("A rental house put the list"),
        body.index("Source: <code>knowledge/interventions/roles/decision-rights.md</code>"),
    ]
    assert order == sorted(order)
    # the list numbers the steps: a number written in the step itself is dropped
    assert items(body) == [
        "List the ten decisions that come up every week.",
        "Next to each, write one name, not a team.",
        "Pin it where the crew sees it, e.g. ops/decisions.md, and read it aloud.",
    ]
    # inline Markdown becomes tags; a link keeps only its words
    assert "<li>List the <strong>ten decisions</strong> that come up every week.</li>" in body
    assert "<em>one</em>" in body and "<code>ops/decisions.md</code>" in body
    assert "href" not in body and "x.example" not in body
    # the example, paragraph by paragraph, with its emphasis
    assert (
        '<div class="ale-example">' in body
        and "<p>The <strong>arguments</strong> stopped.</p>" in body
    )
    # the steps replace the retrieved passage
    assert "<blockquote>" not in body and "shown only without steps" not in body


@pytest.mark.parametrize(
    ("extra", "steps"),
    [
        ({}, []),  # a turn stored before steps existed
        ({"steps": [], "example": ""}, []),
        ({"steps": None, "example": None}, []),
        (
            {"steps": "1. Name the owner.\n2. Write it\n   down.\n", "example": 7},
            ["Name the owner.", "Write it down."],
        ),
        ({"steps": ["Call the venue.", 42, "", "  "]}, ["Call the venue.", "42"]),
        ({"steps": {"not": "a list"}}, []),
    ],
)
def test_stored_passages_without_proper_steps_still_render(
    extra: dict[str, Any], steps: list[str]
) -> None:
    old = {
        "source": "knowledge/x.md",
        "title": "Old",
        "summary": "In brief.",
        "passage": "Para one.\n\nPara two.",
    }
    html = panel_html(None, [{**old, **extra}])
    assert (
        "<b>Old</b>" in html
        and "In brief." in html
        and "Source: <code>knowledge/x.md</code>" in html
    )
    assert items(html) == steps
    if not steps:  # no steps: the retrieved passage is shown, as before
        assert "<blockquote>" in html and "<p>Para one.</p>" in html and "<p>Para two.</p>" in html
    assert '<div class="ale-example">' not in html
    assert panel_html(None, [{"title": "bare"}]).count('class="ale-intervention"') == 1


def test_markup_in_steps_and_examples_stays_text() -> None:
    hostile = {
        **STEPPED,
        "steps": [HOSTILE, "**<img src=x onerror=alert(1)>**", "`<script>alert(9)</script>`"],
        "example": HOSTILE + " *<b>em</b>*",
    }
    html = panel_html(None, [hostile])
    assert "<img" not in html and "<script" not in html and "<b>em" not in html
    assert "<strong>&lt;img src=x onerror=alert(1)&gt;</strong>" in html
    assert "<code>&lt;script&gt;alert(9)&lt;/script&gt;</code>" in html
    assert "javascript:" not in html  # the hostile link keeps only its words
    assert_no_hostile_markup(html)


def offline_coach(tmp_path: Path, rules_classifier) -> Coach:  # type: ignore[no-untyped-def]
    settings = Settings.from_env({"ALE_DATA_DIR": str(tmp_path), "ALE_LLM": "off"})
    return assemble_coach(
        settings, rules_classifier, sessions=SqliteSessionRepo(tmp_path / "s.sqlite3")
    )


def test_the_report_has_diagnosis_evidence_open_questions_and_the_conversation(
    tmp_path: Path, rules_classifier
) -> None:  # type: ignore[no-untyped-def]
    coach = offline_coach(tmp_path, rules_classifier)
    assert coach.sessions is not None
    coach.reply("Honestly, things feel like a mess at our production company lately.", "r1")
    turns = coach.sessions.turns("r1", NO_OWNER)
    early = session_markdown("r1", turns, KNOWLEDGE)
    assert "No sphere recommended yet" in early
    assert "still unanswered:" in early  # the coach's question is listed as open

    coach.reply(
        "The techs roll their eyes at every new system and nobody believes the owners any more.",
        "r1",
    )
    coach.reply("Which sphere should we fix?", "r1")
    report = session_markdown("r1", coach.sessions.turns("r1", NO_OWNER), KNOWLEDGE)
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
    report = session_markdown("r2", coach.sessions.turns("r2", NO_OWNER), KNOWLEDGE)
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
    sessions = SqliteSessionRepo.in_data_dir(data)
    coach = assemble_coach(settings, rules_classifier, sessions=sessions)
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


# -- templates -------------------------------------------------------------------------------
# Everything a person or a file could slip into a page: markup, a script link, a tracking
# image, control characters (NUL, ESC, BEL, DEL, NEL), a lone surrogate and template braces.
NASTY = (
    '<script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">a</a> '
    "[click](javascript:alert(4)) ![pixel](http://evil.example/p.png) <http://evil.example/auto> "
    "[ref]: javascript:alert(5) `tick` | pipe | # heading *em* _em_ "
    "nul\x00 esc\x1b[31m bell\x07 del\x7f nel\x85 \ud800 {{ 7*191 }} {% raw %}"
)


class _Tags(HTMLParser):
    """Collects every tag and attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_no_hostile_markup(page: str, form_action: str | None = None) -> None:
    """No script, image, frame or event handler, no link that leaves the page, no control
    character and no evaluated braces: the hostile text is only text (an attribute such
    as data-mode may hold it, escaped, as its value). With `form_action`, the page may
    hold forms that post to exactly that path."""
    assert not CONTROL_CHARS.search(page) and not re.search("[\ud800-\udfff]", page)
    assert "1337" not in page  # {{ 7*191 }} in user text is not evaluated
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        if tag == "form" and form_action is not None:
            assert dict(attrs).get("action") == form_action, attrs
            attrs = [(n, v) for n, v in attrs if n != "action"]
        else:
            assert tag not in ("script", "img", "iframe", "object", "embed", "link", "base", "form")
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "action", "formaction", "xlink:href"), (tag, name)
            if name == "href":
                assert (value or "").startswith("#"), (tag, value)
            if name == "style":
                assert "url(" not in (value or "") and "expression" not in (value or "")


def assert_no_hostile_markdown(report: str) -> None:
    """No HTML, no link, image or reference definition, no control character: the hostile
    text reads as text. Code spans are literal in Markdown, so they may hold a `<`."""
    assert not CONTROL_CHARS.search(report) and "\x00" not in report
    assert not re.search("[\ud800-\udfff]", report)
    outside_code = re.sub(r"`[^`\n]*`", "", report)
    assert "<" not in outside_code
    assert not re.search(r"(?<!\\)\]\(", outside_code), "a Markdown link or image"
    assert not re.search(r"(?<!\\)!\[", outside_code), "a Markdown image"
    assert not re.search(r"^\s*(?<!\\)\[[^\]]*(?<!\\)\]:", outside_code, re.M), "a link definition"
    assert "1337" not in report


def hostile_state() -> dict[str, Any]:
    return {
        "evidence": [
            {"sphere": s, "phrase": NASTY, "turn": 1, "score": 0.5}
            for s in ("accountability", "leadership", "execution")
        ],
        "recommended": "execution",
        "role": NASTY,
        "pending": NASTY,
    }


HOSTILE_PASSAGES = [
    {"title": NASTY, "source": "x/" + NASTY + ".md", "summary": NASTY, "passage": NASTY}
]
HOSTILE_STEPPED = [
    *HOSTILE_PASSAGES,
    {
        **HOSTILE_PASSAGES[0],
        "source": "y/" + NASTY + ".md",
        "steps": [NASTY, "**" + NASTY + "**", NASTY],
        "example": NASTY,
    },
]


def hostile_eval_report() -> dict[str, Any]:
    case = {
        "id": NASTY,
        "passed": False,
        "text": NASTY,
        "query": NASTY,
        "expected": NASTY,
        "predicted": NASTY,
        "ranked": [NASTY],
        "question": NASTY,
        "answer": NASTY,
        "error": NASTY,
        "checks": [{"turn": 1, "check": NASTY, "passed": False, "detail": NASTY}],
        "transcript": [{"user": NASTY, "reply": NASTY, "sphere": NASTY, "mode": NASTY}],
    }
    labels = ("accountability", "leadership", "execution", "null")
    metrics = {
        "accuracy": 0.5,
        "macro_f1": 0.5,
        "pass_rate": 0.0,
        "mrr": 0.1,
        "confusion": {e: dict.fromkeys(labels, 1) for e in labels},
        "per_label": {NASTY: {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}},
        "checks": {NASTY: 0.0},
        "check_counts": {NASTY: 1},
    }
    suites = [
        {
            "name": NASTY + kind,
            "kind": kind,
            "file": NASTY,
            "passed": False,
            "skipped": None,
            "seconds": 0.1,
            "thresholds": [{"metric": NASTY, "min": 0.9, "value": None, "passed": False}],
            "metrics": metrics,
            "cases": [case],
        }
        for kind in ("classifier", "retrieval", "conversation", "judge")
    ]
    suites.append({**suites[3], "name": NASTY + "skipped", "skipped": NASTY})
    return {
        "passed": False,
        "created": NASTY,
        "regressions": [{"suite": NASTY, "id": NASTY}],
        "settings": {"classifier": NASTY, "llm": NASTY, "embeddings": NASTY},
        "suites": suites,
    }


def hostile_session() -> list[StoredTurn]:
    # the report's plan lists the passages of the recommended sphere's kind (execution: process)
    interventions = [
        {"kind": "process", "title": p["title"], "source": p["source"]} for p in HOSTILE_STEPPED
    ]
    data = {"passages": HOSTILE_STEPPED, "interventions": interventions}
    state = {
        **hostile_state(),
        "problems": [
            {"id": "p1", "text": NASTY, "sphere": "execution", "turn": 1, "status": NASTY}
        ],
        "tried": [NASTY],
    }
    return [
        StoredTurn(NASTY, 1, 0.0, NASTY, NASTY + "\n" + NASTY, data, state),
        StoredTurn(NASTY, 2, 1.0, NASTY, "[t]: javascript:alert(6)", {}, {**state, "role": NASTY}),
    ]


# Each template in assistant/render/templates/, rendered through its public function with
# hostile text wherever text can enter, and the check its kind of output needs.
HOSTILE_RENDERINGS: dict[str, tuple[Callable[[], str], Callable[[str], None]]] = {
    "panel.html.j2": (
        lambda: panel_html(hostile_state(), HOSTILE_STEPPED, NASTY),
        assert_no_hostile_markup,
    ),
    "diagram.svg.j2": (
        lambda: diagram_svg({"execution": 1.0, NASTY: 5.0}, NASTY),
        assert_no_hostile_markup,
    ),
    "eval_report.html.j2": (lambda: eval_html(hostile_eval_report()), assert_no_hostile_markup),
    "session_report.md.j2": (
        lambda: session_markdown(NASTY, hostile_session(), KNOWLEDGE, HOSTILE_ITEMS),
        assert_no_hostile_markdown,
    ),
    "pulse_report.html.j2": (lambda: hostile_pulse(), assert_no_hostile_markup),
    "pulse_body.html.j2": (lambda: hostile_pulse(body=True), assert_no_hostile_markup),
    "checkup_panel.html.j2": (lambda: hostile_checkup(), assert_no_hostile_markup),
    "plan_panel.html.j2": (lambda: hostile_plan(), assert_no_hostile_markup),
    "pulse_form.html.j2": (
        lambda: hostile_pulse_form(),
        lambda page: assert_no_hostile_markup(page, form_action="/pulse"),
    ),
}


def hostile_pulse_form() -> str:
    """The public answer form given a hostile code, problem, team and kept answers."""
    from assistant.web.public_pulse import PublicPulse

    form = PublicPulse(app=None, settings=Settings.from_env({"ALE_DATA_DIR": "/nonexistent"}))  # type: ignore[arg-type]
    page = form.page(code=NASTY, problem=NASTY, kept={"A1": [NASTY], "role": [NASTY]})
    return page + form.page(thanks=NASTY)


HOSTILE_ITEMS = [
    {
        "id": "p-1",
        "title": NASTY,
        "source": NASTY,
        "owner": NASTY,
        "due": NASTY,
        "measure": NASTY,
        "status": "open",
        "notes": [{"date": NASTY, "text": NASTY}],
    }
]


def hostile_plan() -> str:
    from assistant.render.plan_panel import plan_html
    from assistant.storage import StoredCheckup

    taken = [StoredCheckup(n, 0.0, NASTY, {}, {"scores": {"execution": 10.0 * n}}) for n in (1, 2)]
    return plan_html(HOSTILE_ITEMS, taken, NASTY)


def hostile_checkup() -> str:
    """A checkup result whose session id and source strings are hostile."""
    from assistant.checkup import parse_answers, score
    from assistant.checkup.statements import load_statements
    from assistant.render.checkup_panel import checkup_html

    statements = load_statements(KNOWLEDGE)
    answers = parse_answers({s.id: 2 for s in statements.items}, statements)
    data = score(statements, answers).to_contract(
        [{"kind": "process", "title": NASTY, "source": NASTY}], {"execution": 1.5}
    )
    return checkup_html(data, answers, statements, NASTY)


def hostile_pulse(body: bool = False) -> str:
    """A pulse report whose team name (the one thing a person types) is hostile."""
    from assistant.checkup import PulseAnswer, pulse_results
    from assistant.checkup.statements import load_statements
    from assistant.render.pulse_report import pulse_html

    statements = load_statements(KNOWLEDGE)
    answers = [
        PulseAnswer(group, {s.id: value for s in statements.items})
        for group, value in (("leaders", 5), ("leaders", 4), ("leaders", 5), (None, 1))
        for _ in (0,)
    ] + [PulseAnswer("team-member", {s.id: 1 for s in statements.items})] * 3
    data = pulse_results(statements, answers)
    from assistant.render.pulse_report import pulse_body

    make = pulse_body if body else pulse_html
    return make(NASTY, data, answers, statements, KNOWLEDGE)


def test_every_template_has_a_hostile_rendering_test() -> None:
    assert sorted(environment().list_templates()) == sorted(HOSTILE_RENDERINGS)


@pytest.mark.parametrize("name", sorted(HOSTILE_RENDERINGS))
def test_every_template_renders_hostile_text_harmlessly(name: str) -> None:
    render, check = HOSTILE_RENDERINGS[name]
    check(render())


@pytest.mark.parametrize("name", sorted(HOSTILE_RENDERINGS))
def test_autoescape_is_on_for_every_html_and_svg_template_and_off_for_markdown(
    name: str,
) -> None:
    autoescape = environment().autoescape
    assert callable(autoescape)
    assert autoescape(name) is (not name.endswith(".md.j2"))
    if autoescape(name):
        assert "&lt;script&gt;" in HOSTILE_RENDERINGS[name][0]() or name == "diagram.svg.j2"


def test_a_script_in_user_text_comes_out_escaped_in_the_pages() -> None:
    page = eval_html(hostile_eval_report())
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    panel = panel_html(hostile_state(), HOSTILE_PASSAGES, NASTY)
    assert "<script" not in panel and "&lt;script&gt;alert(1)&lt;/script&gt;" in panel
    assert "{{ 7*191 }}" in panel  # braces in user text stay text


def test_the_markdown_report_keeps_hostile_text_as_text() -> None:
    report = session_markdown(NASTY, hostile_session(), KNOWLEDGE)
    assert "&lt;script&gt;" in report and "\\[click\\](javascript:alert(4))" in report
    assert "!\\[pixel\\](http://evil.example/p.png)" in report
    assert "nul esc[31m bell del nel" in report  # the words stay, the control characters go
    assert "Source: `x/" in report and "'tick'" in report  # no backtick breaks the code span


def test_a_markdown_template_that_forgets_its_filter_does_not_render() -> None:
    env = environment().overlay(
        loader=DictLoader({"forgot.md.j2": "Hi {{ name }}", "kept.md.j2": "Hi {{ name|md_text }}"})
    )
    with pytest.raises(TemplateRuntimeError, match=r"unfiltered: pipe it through \|md_text"):
        env.get_template("forgot.md.j2").render(name=NASTY)
    assert env.get_template("kept.md.j2").render(name="<b>[x](y)\x00") == "Hi &lt;b&gt;\\[x\\](y)"


def test_junit_xml_stays_well_formed_with_control_characters() -> None:
    tree = ET.fromstring(junit(hostile_eval_report()))
    assert "\x00" not in ET.tostring(tree, encoding="unicode")


def test_no_f_string_in_render_builds_markup() -> None:
    tag = re.compile(r"</?[a-zA-Z]")
    for path in (ROOT / "assistant" / "render").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                assert not tag.search(text), f"{path.name}:{node.lineno} builds markup"


def test_the_render_package_is_cheap_to_import_and_exports_its_functions() -> None:
    probe = (
        "import sys, assistant.render as r\n"
        "loaded = [m for m in ('jinja2', 'numpy', 'gradio', 'torch') if m in sys.modules]\n"
        "print(loaded, all(callable(getattr(r, n)) for n in r.__all__))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] True"


def test_an_export_holds_no_control_characters(tmp_path: Path, rules_classifier) -> None:  # type: ignore[no-untyped-def]
    from assistant.render.safety import CONTROL_CHARS
    from assistant.storage.sqlite import SqliteSessionRepo
    from assistant.wiring import assemble_coach

    settings = Settings.from_env({"ALE_DATA_DIR": str(tmp_path), "ALE_LLM": "off"})
    sessions = SqliteSessionRepo.in_data_dir(tmp_path)
    coach = assemble_coach(settings, rules_classifier, sessions=sessions)
    coach.reply(
        "Every cook preps\x00 the line their own way\x1b[31m and we forget\x07 things.", "nul"
    )
    stored = sessions.turns("nul", "")
    assert "\x00" in stored[0].user_text  # the words are kept as said ...
    report = session_markdown("nul", stored)
    assert not CONTROL_CHARS.search(report)  # ... and the export is clean
    assert "Every cook preps the line their own way" in report
    sessions.close()
