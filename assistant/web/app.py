"""The Gradio web app around a `Coach`: chat beside a live ALE diagnosis.

`build(startup, settings)` makes the Blocks; `launch(blocks, settings)` serves them on
loopback by default. The page comes up at once: while the coach is still being built (a
first start builds the knowledge index) it shows a progress bar, Send stays off, and the
`/chat` API waits for the coach (bounded). Everything the CLI also needs lives in the
package (coach, sessions, report); this module only wires it to components. Sessions are
stored server-side, per login.
"""

from __future__ import annotations

import base64
import html
import os
import time
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr
from gradio.events import api as endpoint

from assistant.checkup.statements import Statements, cached_statements, load_statements
from assistant.coaching.coach import Coach, suggestion_titles
from assistant.coaching.plan import Turn
from assistant.config import Settings
from assistant.errors import AleError, InputError
from assistant.render.checkup_panel import checkup_html
from assistant.render.panel import panel_html
from assistant.render.plan_panel import plan_html
from assistant.render.report import session_markdown
from assistant.render.safety import safe_markdown
from assistant.responders.base import Retract
from assistant.storage import (
    CheckupRepo,
    SessionRepo,
    StoredTurn,
    check_session_id,
    has_session,
    new_session_id,
)
from assistant.web.startup import Startup, Status
from assistant.web.status import status_html

WHICH_SPHERE = "Which sphere should we fix?"
API_WAIT = 150.0  # seconds an API call waits for a coach that is still loading
STATUS_EVERY = 1.0  # seconds between the page's looks at the start-up status
SEND = "Send"
LOADING = "Loading…"
MESSAGE_HINT = "Describe what is going wrong…"
FAILED_HINT = "The coach could not start (see above)."
ROLES = [
    ("Not said", ""),
    ("Owner", "owner"),
    ("Manager", "manager"),
    ("Team member", "team-member"),
]
FEEDBACK = ("Like", "Dislike", "Wrong sphere", "Not practical", "Unclear")
INTRO = (
    "Tell me what is going wrong at work, in your own words: a late delivery, a team that "
    "ignores the new checklist, nobody owning the weekly order. I will tag it to "
    "**Accountability**, **Leadership** or **Execution** (Tom Stimson's ALE model), ask one "
    "question when the picture is unclear, and suggest concrete moves with their sources."
)
PLACEHOLDER = (
    "**Start with what went wrong recently.** For example: *“Every shift closes up its "
    "own way and the next morning the same jobs are always left undone.”*"
)
CHECKUP_INTRO = (
    "Rate each statement about your workplace from **1** (strongly disagree) to **5** "
    "(strongly agree). Skip any you cannot judge; answer at least half. The scores (0-100, "
    "higher is healthier) show which sphere to fix first, and the checkup is kept with "
    "this conversation: the coach weighs it when you ask which sphere to fix."
)
PULSE_INTRO = (
    "A **team pulse** is the same checkup taken anonymously by a whole team. Create one, "
    "share its code, and read the results once 3 people have answered. Only a role group "
    "(leaders or team members) and the answers are kept: no names, no times finer than the day."
)
CSS = """
.ale-panel svg.ale-diagram { width: 100%; max-width: 340px; display: block; margin: 0 auto; }
.ale-panel details { border: 1px solid #ddd; border-radius: 6px; padding: 4px 8px; margin: 6px 0; }
.ale-panel blockquote { font-size: 0.85em; color: #444; margin: 6px 0; }
.ale-panel ul { margin: 2px 0 8px 0; }
.ale-panel ol.ale-steps { margin: 2px 0 8px 0; padding-left: 1.6em; }
.ale-panel ol.ale-steps li { margin: 2px 0; }
.ale-panel .ale-example { border-left: 3px solid #ccc; padding-left: 8px; margin: 6px 0; }
.ale-panel .ale-label { margin: 6px 0 2px 0; }
.ale-status { border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; }
.ale-status[data-state="failed"] { border-color: #c0392b; background: #fdf0ee; }
.ale-status progress { width: 100%; height: 14px; }
.ale-status progress[value] { appearance: none; border: none; border-radius: 7px; background: #e4e8ee; }
.ale-status progress[value]::-webkit-progress-bar { background: #e4e8ee; border-radius: 7px; }
.ale-status progress[value]::-webkit-progress-value { background: #2f6db5; border-radius: 7px; }
.ale-status progress[value]::-moz-progress-bar { background: #2f6db5; border-radius: 7px; }
.ale-status p { margin: 2px 0; }
.ale-problem { color: #b3261e; font-weight: 600; margin: 4px 0; }
.ale-checkup svg.ale-diagram, .ale-pulse svg.ale-diagram { width: 100%; max-width: 300px; display: block; margin: 0 auto; }
.ale-checkup .ale-bar { display: inline-block; height: 10px; border-radius: 3px; }
.ale-checkup td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ale-pulse-code { font-size: 1.3em; letter-spacing: 0.08em; }
#ale-checkup-result { position: sticky; top: 8px; }
"""


def _owner(request: gr.Request | None) -> str:
    """The logged-in user (their sessions only), or '' when the app runs without login."""
    return (getattr(request, "username", None) or "") if request is not None else ""


def _history(turns: list[StoredTurn]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for stored in turns:
        out.append({"role": "user", "content": safe_markdown(stored.user_text)})
        out.append({"role": "assistant", "content": safe_markdown(stored.reply)})
    return out


def _panel(turns: list[StoredTurn]) -> str:
    if not turns:
        return panel_html(None)
    last = turns[-1]
    with_passages = next((t for t in reversed(turns) if t.data.get("passages")), None)
    passages = with_passages.data["passages"] if with_passages else []
    return panel_html(last.state, passages, last.data.get("mode"))


def _session_choices(coach: Coach | None, owner: str) -> list[tuple[str, str]]:
    if coach is None or coach.sessions is None:
        return []
    out = []
    for item in coach.sessions.sessions(owner):
        when = time.strftime("%d %b %H:%M", time.localtime(item["updated"]))
        title = " ".join(item["title"].split())[:48] or "(empty)"
        out.append((f"{when} · {title} ({item['turns']})", item["id"]))
    return out


def _mode_line(settings: Settings) -> str:
    if settings.llm_enabled:
        where = settings.openai_base_url or "OpenAI"
        return f"Mode: language model `{settings.model}` at {where}, with the built-in replies as fallback."
    return "Mode: offline (built-in replies; set `OPENAI_API_KEY` or `OPENAI_BASE_URL` for an LLM)."


class App:
    """The handlers, bound to one coach that may still be loading; each takes the request
    to know whose sessions. Until the coach is ready, handlers say so (`NotReady`)."""

    def __init__(self, startup: Startup, settings: Settings, api_wait: float = API_WAIT) -> None:
        self.startup = startup
        self.settings = settings
        self.api_wait = api_wait

    def coach(self, wait: float = 0.0) -> Coach:
        """The coach, or `NotReady` (an AleError) while it loads or when it failed."""
        return self.startup.coach(wait)

    @property
    def sessions(self) -> SessionRepo:
        sessions = self.coach().sessions
        assert sessions is not None  # Startup only hands out coaches with a session store
        return sessions

    def _ready_coach(self) -> Coach | None:
        return self.coach() if self.startup.status().ready else None

    # -- start-up ------------------------------------------------------------------------
    def poll(self, request: gr.Request) -> tuple[Any, ...]:
        """The page's look at the start: status box, message box, Send, which-sphere,
        session list and the timer (stopped once the start is over)."""
        status = self.startup.status()
        if status.ready:
            on = gr.update(interactive=True)
            return (
                gr.update(value="", visible=False),
                gr.update(placeholder=MESSAGE_HINT),
                gr.update(value=SEND, interactive=True),
                on,
                gr.update(
                    choices=_session_choices(self._ready_coach(), _owner(request)), value=None
                ),
                gr.Timer(active=False),
            )
        box = gr.update(value=status_html(status), visible=True)
        if status.error is not None:
            return (
                box,
                gr.update(interactive=False, placeholder=FAILED_HINT),
                gr.update(value=SEND, interactive=False),
                gr.update(interactive=False),
                gr.skip(),
                gr.Timer(active=False),
            )
        return box, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()

    # -- one turn ------------------------------------------------------------------------
    def turns(self, session_id: str, owner: str) -> list[StoredTurn]:
        return self.sessions.turns(session_id, owner) if session_id else []

    def run_turn(
        self, message: str, session_id: str, role: str, owner: str
    ) -> tuple[Iterator[str | Retract | Turn], str]:
        """The coach's stream for one message; InputError and NotReady surface before
        anything else."""
        coach = self.coach()
        sid = check_session_id(session_id) if session_id else new_session_id()
        return coach.stream(message, sid, None, owner, role or None), sid

    def respond(
        self, message: str, session_id: str, role: str, request: gr.Request
    ) -> Iterator[tuple[Any, ...]]:
        owner = _owner(request)
        try:
            stream, sid = self.run_turn(message, session_id, role, owner)
            first = next(stream)
        except AleError as exc:
            # a toast names the problem; the conversation, the panel and the typed text stay
            gr.Warning(f"Message not sent: {exc}")
            yield (gr.skip(),) * 6
            return
        try:
            yield from self._stream_reply(message, sid, owner, role, first, stream)
        except AleError as exc:  # the database went away mid-turn: say so, keep the page
            gr.Warning(f"Message not sent: {exc}")
            yield (gr.skip(),) * 6

    def _stream_reply(
        self,
        message: str,
        sid: str,
        owner: str,
        role: str,
        first: str | Retract | Turn,
        stream: Iterator[str | Retract | Turn],
    ) -> Iterator[tuple[Any, ...]]:
        history = _history(self.turns(sid, owner))
        history += [
            {"role": "user", "content": safe_markdown(message)},
            {"role": "assistant", "content": ""},
        ]
        reply = ""
        for item in [first, *stream]:
            if isinstance(item, Turn):
                break
            if isinstance(item, Retract):
                reply = ""  # the model's words were withdrawn; the built-in reply follows
                continue
            reply += item
            history[-1]["content"] = safe_markdown(reply)
            yield history, gr.skip(), sid, "", gr.skip(), gr.skip()
        turns = self.turns(sid, owner)
        role_now = turns[-1].state.get("role") or "" if turns else role
        yield (
            _history(turns),
            _panel(turns),
            sid,
            "",
            gr.update(choices=_session_choices(self._ready_coach(), owner), value=sid),
            role_now,
        )

    def which_sphere(
        self, session_id: str, role: str, request: gr.Request
    ) -> Iterator[tuple[Any, ...]]:
        yield from self.respond(WHICH_SPHERE, session_id, role, request)

    # -- sessions ------------------------------------------------------------------------
    def resume(self, session_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        owner = _owner(request)
        try:
            turns = self.turns(session_id or "", owner)
        except AleError as exc:
            raise gr.Error(str(exc), title="Not ready") from None
        if session_id and not turns:
            raise gr.Error("That session was not found.", title="Not found")
        role = (turns[-1].state.get("role") or "") if turns else ""
        return _history(turns), _panel(turns), session_id or "", role, ""

    def open_linked(self, request: gr.Request) -> tuple[Any, ...]:
        """A page opened with ?session=ID shows that conversation (the owner's own only), on
        whichever instance serves it: everything comes from the database."""
        wanted = (getattr(request, "query_params", None) or {}).get("session", "")
        if not wanted:
            return (gr.skip(),) * 5
        try:
            sid = check_session_id(str(wanted))
            self.coach(self.api_wait)
            turns = self.turns(sid, _owner(request))
        except AleError as exc:
            gr.Warning(f"That conversation could not be opened: {exc}")
            return (gr.skip(),) * 5
        if not turns:
            gr.Warning("That conversation was not found.")
            return (gr.skip(),) * 5
        role = turns[-1].state.get("role") or ""
        return _history(turns), _panel(turns), sid, role, ""

    def new_session(self, request: gr.Request) -> tuple[Any, ...]:
        owner = _owner(request)
        return (
            [],
            _panel([]),
            "",
            "",
            "",
            gr.update(choices=_session_choices(self._ready_coach(), owner), value=None),
        )

    def export(self, session_id: str, request: gr.Request) -> str:
        """The owner's report as a link that carries the file itself (a data URL): it is
        made for this request and never stored on the server, so no other user can fetch
        it by its address."""
        owner = _owner(request)
        try:
            turns = self.turns(session_id, owner)
        except AleError as exc:
            raise gr.Error(str(exc), title="Not ready") from None
        if not turns:
            raise gr.Error("Nothing to export yet: send a message first.", title="Empty session")
        return download_link(f"ale-coach-{session_id}.md", self.report(session_id, turns, owner))

    def report(self, session_id: str, turns: list[StoredTurn], owner: str) -> str:
        """The session's Markdown report, with its plan items and checkups."""
        coach = self.coach()
        items = coach.plans.items(session_id, owner) if coach.plans else []
        taken = coach.checkups.checkups(session_id, owner) if coach.checkups else []
        return session_markdown(session_id, turns, self.settings.knowledge_dir, items, taken)

    # -- feedback ------------------------------------------------------------------------
    def feedback(self, data: gr.LikeData, session_id: str, note: str, request: gr.Request) -> str:
        owner = _owner(request)
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn = index // 2 + 1
        try:
            turns = self.turns(session_id, owner)
        except AleError as exc:
            raise gr.Error(str(exc), title="Feedback not saved") from None
        if not any(t.turn == turn for t in turns):
            raise gr.Error("That reply is not in this session.", title="Feedback not saved")
        liked = data.liked
        value = {
            "liked": liked if isinstance(liked, bool) else False,
            "reason": (liked if isinstance(liked, str) else "") or "",
            "note": (note or "").strip()[:1000],
            "at": time.time(),
        }
        self.sessions.set_feedback(session_id, turn, value, owner)
        gr.Info("Thanks: your feedback is stored with that reply.")
        return ""

    # -- the plan ----------------------------------------------------------------------------
    def _plan_outputs(self, sid: str, owner: str, problem: str = "") -> tuple[Any, ...]:
        """The plan view, the message by the form, the item picker, the suggestion picker."""
        coach = self.coach()
        items = coach.plans.items(sid, owner) if coach.plans and sid else []
        taken = coach.checkups.checkups(sid, owner) if coach.checkups and sid else []
        state = coach.load_state(sid, owner) if sid else None
        shown = suggestion_titles(state.suggested, coach.policy) if state else []
        return (
            plan_html(items, taken, sid),
            _problem(problem) if problem else "",
            gr.update(choices=[(f"{i['title']} ({i['status']})", i["id"]) for i in items]),
            gr.update(choices=[("(my own action)", "")] + [(t, src) for src, t in shown]),
        )

    def plan_view(self, session_id: str, request: gr.Request) -> tuple[Any, ...]:
        try:
            return self._plan_outputs(session_id or "", _owner(request))
        except AleError as exc:
            return gr.skip(), _problem(str(exc)), gr.skip(), gr.skip()

    def _known(self, session_id: str, owner: str) -> str:
        if not session_id:
            raise InputError(
                "start a conversation (or take a checkup) first: the plan is kept with it"
            )
        sid = check_session_id(session_id)
        if not has_session(self.sessions, self.coach().checkups, sid, owner):
            raise InputError(
                "start a conversation (or take a checkup) first: the plan is kept with it"
            )
        return sid

    def add_item(
        self,
        session_id: str,
        source: str,
        title: str,
        item_owner: str,
        due: str,
        measure: str,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        from assistant.actions.plans import check_item

        owner = _owner(request)
        try:
            sid = self._known(session_id, owner)
            if source and not (title or "").strip():
                shown = dict(suggestion_titles([source], self.coach().policy))
                title = shown.get(source, "")
            fields = check_item(
                title, item_owner, due, measure, source or None, self.settings.knowledge_dir
            )
            plans = self.coach().plans
            assert plans is not None
            plans.add_item(
                sid,
                owner,
                fields["title"],
                fields["source"],
                fields["owner"],
                fields["due"],
                fields["measure"],
            )
        except AleError as exc:
            return (gr.skip(), _problem(str(exc)), gr.skip(), gr.skip())
        return self._plan_outputs(sid, owner)

    def update_item(
        self, session_id: str, item_id: str, status: str, note: str, request: gr.Request
    ) -> tuple[Any, ...]:
        import datetime as dt

        from assistant.actions.plans import check_status

        owner = _owner(request)
        try:
            sid = self._known(session_id, owner)
            if not item_id:
                raise InputError("pick the action to update")
            text = " ".join((note or "").split())[:1200]
            checked = check_status(status or None)
            if checked is None and not text:
                raise InputError("nothing to change: pick a status or write a note")
            plans = self.coach().plans
            assert plans is not None
            found = plans.item(item_id, owner)
            if found is None or found["id"] not in {i["id"] for i in plans.items(sid, owner)}:
                raise InputError("that action is not in this conversation's plan")
            plans.update_item(item_id, owner, checked, text or None, dt.date.today().isoformat())
        except AleError as exc:
            return (gr.skip(), _problem(str(exc)), gr.skip(), gr.skip())
        return self._plan_outputs(sid, owner)

    # -- the checkup and the team pulse ----------------------------------------------------
    @property
    def checkups(self) -> CheckupRepo:
        checkups = self.coach().checkups
        if checkups is None:
            raise AleError("checkups are not kept by this coach")
        return checkups

    def statements(self) -> Statements:
        return cached_statements(self.settings.knowledge_dir)

    def _answers(self, values: tuple[Any, ...]) -> dict[str, int]:
        """The radios' values as a checked answer set (InputError says what is wrong)."""
        from assistant.checkup import parse_answers

        statements = self.statements()
        given = {s.id: v for s, v in zip(statements.items, values, strict=True) if v is not None}
        return parse_answers(given, statements)

    def take_checkup(
        self, request: gr.Request, session_id: str, role: str, *values: Any
    ) -> tuple[Any, ...]:
        """Score the checkup and keep it with the conversation (a new one if none yet).
        Outputs: the result, the message by the button, the session id."""
        from assistant.checkup import role_group, score, suggestions_for, trend

        owner = _owner(request)
        try:
            statements = self.statements()
            answers = self._answers(values)
            role_group(role or None)
            sid = check_session_id(session_id) if session_id else new_session_id()
            result = score(statements, answers)
            moves = suggestions_for(statements, result.weakest_items, self.settings.knowledge_dir)
            data = result.to_contract(moves)
            before = self.checkups.checkups(sid, owner)
            stored = {"scores": data["scores"], "overlaps": data["overlaps"]}
            self.checkups.add_checkup(sid, owner, role or None, answers, stored)
        except AleError as exc:
            return gr.skip(), _problem(str(exc)), gr.skip()
        data["trend"] = trend(data["scores"], before[-1].scores["scores"] if before else None)
        return checkup_html(data, answers, statements, sid), "", sid

    def create_pulse(self, team: str, request: gr.Request) -> tuple[str, str]:
        """Outputs: what to share (the code), the message by the field."""
        from assistant.checkup.pulse import create_pulse

        try:
            pulse = create_pulse(self.checkups, team, _owner(request))
        except AleError as exc:
            return gr.skip(), _problem(str(exc))
        return pulse_created_html(pulse.team, pulse.code), ""

    def answer_pulse(self, code: str, role: str, *values: Any) -> tuple[Any, ...]:
        """Anyone with the code may answer; nothing that names them is kept. Outputs: the
        thanks, the message by the field, then every statement's radio (cleared once the
        answers are in, so the next person at the same screen starts from nothing)."""
        from assistant.checkup import role_group
        from assistant.checkup.pulse import answer_pulse, find_pulse

        try:
            pulse = find_pulse(self.checkups, code)
            group = role_group(role or None)
            answers = self._answers(values)
            n = answer_pulse(self.checkups, pulse.code, group, answers)
        except AleError as exc:
            return (gr.skip(), _problem(str(exc)), *(gr.skip() for _ in values))
        cleared = (gr.update(value=None) for _ in values)
        return (pulse_thanks_html(pulse.team, n), "", *cleared)

    def pulse_results(self, code: str, request: gr.Request) -> tuple[str, str]:
        """Results for the person who created the pulse only (anyone else is told the code
        is unknown, as for a wrong code). Outputs: the results, the message by the field."""
        from assistant.checkup.pulse import find_pulse, read_results
        from assistant.render.pulse_report import pulse_body

        try:
            pulse = find_pulse(self.checkups, code)
            if pulse.owner != _owner(request):
                raise InputError(f"unknown pulse code {code.strip()[:24]!r}")
            statements = self.statements()
            data, rows = read_results(self.checkups, pulse.code, statements)
        except AleError as exc:
            return gr.skip(), _problem(str(exc))
        if not data["ready"]:
            return pulse_waiting_html(pulse.team, data["n"], data["min_n"]), ""
        body = pulse_body(pulse.team, data, rows, statements, self.settings.knowledge_dir)
        return body, ""

    # -- the API (gradio_client) -----------------------------------------------------------
    def api_session(self, session_id: str, request: gr.Request) -> str:
        if session_id:
            return check_session_id(session_id)
        hash_ = getattr(request, "session_hash", None) or new_session_id()
        return check_session_id(("api-" + "".join(c for c in hash_ if c.isalnum()))[:64])

    def api_chat(self, message: str, session_id: str, request: gr.Request) -> str:
        owner = _owner(request)
        try:
            coach = self.coach(self.api_wait)
            sid = self.api_session(session_id, request)
            turn = None
            for item in coach.stream(message, sid, None, owner):
                if isinstance(item, Turn):
                    turn = item
        except AleError as exc:
            raise gr.Error(str(exc)) from None
        assert turn is not None
        return turn.reply


# The conversation's id goes into the page address (?session=ID) after each turn, so a
# reload, a bookmark or another instance behind the load balancer opens the same one.
REMEMBER_SESSION = """(sid) => {
  const url = new URL(window.location.href);
  if (sid) { url.searchParams.set("session", sid); } else { url.searchParams.delete("session"); }
  window.history.replaceState(null, "", url);
}"""


QUIET: dict[str, Any] = {
    "queue": False,
    "show_progress": "hidden",
    "api_visibility": "private",
}


def _same(value: str) -> str:
    return value


def _problem(message: str) -> str:
    """The message shown next to a form's button when its input cannot be used."""
    return f'<p class="ale-problem" role="alert">{html.escape(message)}</p>'


def pulse_created_html(team: str, code: str) -> str:
    return (
        f"<p>Pulse for <b>{html.escape(team)}</b> created. Share this code with the team: "
        f'<code class="ale-pulse-code">{html.escape(code)}</code></p>'
        "<p><small>Each person answers under “Answer a pulse” with the code alone; no names "
        "are kept. Results show once 3 people have answered, and only to you.</small></p>"
    )


def pulse_thanks_html(team: str, n: int) -> str:
    return (
        f'<p class="ale-pulse-thanks" data-n="{n}">Thank you: your answers for '
        f"<b>{html.escape(team)}</b> are in. Nothing that names you was kept.</p>"
    )


def pulse_waiting_html(team: str, n: int, min_n: int) -> str:
    return (
        f'<p class="ale-pulse-waiting" data-n="{n}">{n} of the {min_n} answers needed for '
        f"<b>{html.escape(team)}</b> so far. Results show from {min_n} answers on, so no one "
        "can be singled out.</p>"
    )


def statement_radios(statements: Statements, prefix: str) -> list[gr.Radio]:
    """One 1-5 radio per checkup statement, labelled with the statement."""
    choices = [(str(n), n) for n in range(statements.low, statements.high + 1)]
    return [
        gr.Radio(
            choices,
            value=None,
            label=f"{item.id}. {item.text}",
            elem_id=f"{prefix}-{item.id}",
            elem_classes=["ale-statement"],
        )
        for item in statements.items
    ]


def download_link(name: str, text: str) -> str:
    """An HTML link that downloads `text` as the file `name` from the page itself."""
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    label = html.escape(name)
    return (
        f'<a class="ale-download" download="{label}" '
        f'href="data:text/markdown;charset=utf-8;base64,{data}">Download {label}</a> '
        "<small>(made for you just now; not kept on the server)</small>"
    )


def plan_tab(app: App, session: gr.State) -> None:
    """The Plan tab: the conversation's committed actions, adding and updating them, and
    the checkups' scores over time (inside `gr.Tabs`)."""
    with gr.Tab("Plan", id="plan", elem_id="ale-plan-tab") as tab, gr.Row():
        with gr.Column(scale=3):
            view = gr.HTML(plan_html([], [], ""), elem_id="ale-plan-view")
        with gr.Column(scale=2):
            with gr.Accordion("Add an action", open=True, elem_id="ale-plan-add"):
                source = gr.Dropdown(
                    [("(my own action)", "")],
                    value="",
                    label="From a suggestion (optional)",
                    elem_id="ale-plan-source",
                )
                title = gr.Textbox(label="What will be done", max_lines=2, elem_id="ale-plan-title")
                item_owner = gr.Textbox(
                    label="Who owns it (one name)", max_lines=1, elem_id="ale-plan-owner"
                )
                due = gr.Textbox(label="Due (YYYY-MM-DD)", max_lines=1, elem_id="ale-plan-due")
                measure = gr.Textbox(
                    label="How you will know it worked", max_lines=2, elem_id="ale-plan-measure"
                )
                add = gr.Button("Add to the plan", variant="primary", elem_id="ale-plan-add-button")
            with gr.Accordion("Update an action", open=True, elem_id="ale-plan-update"):
                item = gr.Dropdown([], label="Action", elem_id="ale-plan-item")
                status = gr.Radio(
                    [
                        ("Keep as is", ""),
                        ("Open", "open"),
                        ("Done", "done"),
                        ("Dropped", "dropped"),
                    ],
                    value="",
                    label="Status",
                    elem_id="ale-plan-status",
                )
                note = gr.Textbox(label="Note (how it went)", max_lines=3, elem_id="ale-plan-note")
                save = gr.Button("Save", elem_id="ale-plan-save")
            problem = gr.HTML("", elem_id="ale-plan-problem")
    outputs = [view, problem, item, source]
    tab.select(app.plan_view, [session], outputs, api_name="ui_plan", api_visibility="private")
    add.click(
        app.add_item,
        [session, source, title, item_owner, due, measure],
        outputs,
        api_name="ui_plan_add",
        api_visibility="private",
    )
    save.click(
        app.update_item,
        [session, item, status, note],
        outputs,
        api_name="ui_plan_update",
        api_visibility="private",
    )


def checkup_tabs(app: App, statements: Statements, session: gr.State) -> None:
    """The Checkup and Team pulse tabs, and what their buttons do (inside `gr.Tabs`)."""
    with gr.Tab("Checkup", id="checkup", elem_id="ale-checkup-tab"):
        gr.Markdown(CHECKUP_INTRO)
        with gr.Row():
            with gr.Column(scale=3):
                checkup_role = gr.Radio(
                    ROLES, value="", label="Who is answering?", elem_id="ale-checkup-role"
                )
                checkup_radios = statement_radios(statements, "ale-checkup")
                take = gr.Button("Score my checkup", variant="primary", elem_id="ale-checkup-score")
                checkup_problem = gr.HTML("", elem_id="ale-checkup-problem")
            with gr.Column(scale=2):
                checkup_result = gr.HTML(
                    "<p>Your scores appear here.</p>", elem_id="ale-checkup-result"
                )
    with gr.Tab("Team pulse", id="pulse", elem_id="ale-pulse-tab"):
        gr.Markdown(PULSE_INTRO)
        with gr.Accordion("Create a pulse", open=True, elem_id="ale-pulse-create"):
            with gr.Row():
                team = gr.Textbox(label="Team name", max_lines=1, scale=3, elem_id="ale-pulse-team")
                create = gr.Button("Create pulse", scale=1, elem_id="ale-pulse-new")
            create_problem = gr.HTML("", elem_id="ale-pulse-create-problem")
            created = gr.HTML("", elem_id="ale-pulse-created")
        with gr.Accordion("Answer a pulse", open=True, elem_id="ale-pulse-answer"):
            answer_code = gr.Textbox(
                label="Pulse code", max_lines=1, elem_id="ale-pulse-answer-code"
            )
            answer_role = gr.Radio(
                ROLES, value="", label="Your role (optional)", elem_id="ale-pulse-role"
            )
            pulse_radios = statement_radios(statements, "ale-pulse")
            send_answers = gr.Button("Send my answers", variant="primary", elem_id="ale-pulse-send")
            answer_problem = gr.HTML("", elem_id="ale-pulse-answer-problem")
            answered = gr.HTML("", elem_id="ale-pulse-answered")
        with gr.Accordion("Results", open=True, elem_id="ale-pulse-results"):
            with gr.Row():
                results_code = gr.Textbox(
                    label="Pulse code",
                    max_lines=1,
                    scale=3,
                    elem_id="ale-pulse-results-code",
                )
                show = gr.Button("Show results", scale=1, elem_id="ale-pulse-show")
            results_problem = gr.HTML("", elem_id="ale-pulse-results-problem")
            results = gr.HTML("", elem_id="ale-pulse-report")

    take.click(
        app.take_checkup,
        [session, checkup_role, *checkup_radios],
        [checkup_result, checkup_problem, session],
        api_name="ui_checkup",
        api_visibility="private",
    )
    create.click(
        app.create_pulse,
        [team],
        [created, create_problem],
        api_name="ui_pulse_create",
        api_visibility="private",
    )
    send_answers.click(
        app.answer_pulse,
        [answer_code, answer_role, *pulse_radios],
        [answered, answer_problem, *pulse_radios],
        api_name="ui_pulse_answer",
        api_visibility="private",
    )
    show.click(
        app.pulse_results,
        [results_code],
        [results, results_problem],
        api_name="ui_pulse_results",
        api_visibility="private",
    )


def build(coach: Coach | Startup, settings: Settings, api_wait: float = API_WAIT) -> gr.Blocks:
    """The web app's Blocks, around a coach with a session store, or a `Startup` that is
    still building one (the page shows its progress and turns Send on when it is ready).
    API calls wait up to `api_wait` seconds for a coach that is still loading."""
    startup = coach if isinstance(coach, Startup) else Startup.ready(coach)
    if isinstance(coach, Coach) and coach.sessions is None:
        raise ValueError("the web app needs a Coach with a session store")
    app = App(startup, settings, api_wait)
    first = startup.status()
    blocks = gr.Blocks(title="ALE Coach", analytics_enabled=False)
    with blocks:
        session = gr.State("")
        # the page address carries the conversation (?session=ID): a State never reaches
        # the browser, so a hidden box mirrors it and its change rewrites the address
        address = gr.Textbox("", visible=False, elem_id="ale-session-id")
        address.change(None, [address], None, js=REMEMBER_SESSION, **QUIET)
        gr.Markdown("# ALE Coach\n" + INTRO)
        gr.Markdown(_mode_line(settings), elem_id="ale-mode-line")
        status = gr.HTML(status_html(first), visible=not first.ready, elem_id="ale-status")
        timer = gr.Timer(STATUS_EVERY, active=not first.ready)
        unavailable = ""
        try:  # the form needs only the statements; a broken file shows up when scoring
            statements: Statements | None = load_statements(settings.knowledge_dir, False)
        except AleError as exc:
            statements, unavailable = None, str(exc)
        with gr.Tabs(elem_id="ale-tabs"):
            with gr.Tab("Coach", id="coach", elem_id="ale-coach-tab"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="Conversation",
                            height=480,
                            feedback_options=FEEDBACK,
                            elem_id="ale-chat",
                            buttons=["copy"],
                            placeholder=PLACEHOLDER,
                        )
                        with gr.Row():
                            message = gr.Textbox(
                                placeholder=MESSAGE_HINT
                                if first.ready
                                else "The coach is loading: you can type meanwhile…",
                                show_label=False,
                                scale=5,
                                max_lines=8,
                                elem_id="ale-message",
                                autofocus=True,
                            )
                            send = gr.Button(
                                SEND if first.ready else LOADING,
                                variant="primary",
                                scale=1,
                                elem_id="ale-send",
                                interactive=first.ready,
                            )
                        with gr.Row():
                            which = gr.Button(
                                WHICH_SPHERE, elem_id="ale-which-sphere", interactive=first.ready
                            )
                            role = gr.Radio(
                                ROLES, value="", label="Who is asking?", elem_id="ale-role"
                            )
                        note = gr.Textbox(
                            label="Feedback note (optional): type it, then rate a reply with the thumb or flag icons under it",
                            max_lines=2,
                            elem_id="ale-feedback-note",
                        )
                    with gr.Column(scale=2):
                        panel = gr.HTML(panel_html(None), elem_id="ale-panel")
                with gr.Accordion("Sessions and export", open=False, elem_id="ale-sessions"):
                    with gr.Row():
                        picker = gr.Dropdown(
                            [], label="Resume an earlier session", scale=3, elem_id="ale-picker"
                        )
                        new = gr.Button("New session", scale=1, elem_id="ale-new")
                        export = gr.Button(
                            "Export report (Markdown)", scale=1, elem_id="ale-export"
                        )
                    report = gr.HTML("", elem_id="ale-report")
            plan_tab(app, session)
            if statements is not None:
                checkup_tabs(app, statements, session)
            else:
                with gr.Tab("Checkup", id="checkup", elem_id="ale-checkup-tab"):
                    gr.HTML(_problem(f"The checkup is unavailable: {unavailable}"))
        turn_outputs = [chatbot, panel, session, message, picker, role]
        for event in (message.submit, send.click):
            event(
                app.respond,
                [message, session, role],
                turn_outputs,
                api_name="ui_send",
                api_visibility="private",
                concurrency_id="turn",
            ).then(_same, [session], [address], **QUIET)
        which.click(
            app.which_sphere,
            [session, role],
            turn_outputs,
            api_name="ui_which_sphere",
            api_visibility="private",
            concurrency_id="turn",
        ).then(_same, [session], [address], **QUIET)
        picker.input(
            app.resume,
            [picker],
            [chatbot, panel, session, role, report],
            api_name="ui_resume",
            api_visibility="private",
        ).then(_same, [session], [address], **QUIET)
        blocks.load(
            app.open_linked,
            None,
            [chatbot, panel, session, role, report],
            api_name="ui_open_linked",
            api_visibility="private",
        )
        export.click(
            app.export, [session], [report], api_name="ui_export", api_visibility="private"
        )
        chatbot.like(
            app.feedback, [session, note], [note], api_name="ui_feedback", api_visibility="private"
        )
        for start_over, name in ((new.click, "ui_new"), (chatbot.clear, "ui_clear")):
            start_over(
                app.new_session,
                None,
                [chatbot, panel, session, role, report, picker],
                api_name=name,
                api_visibility="private",
            ).then(_same, [session], [address], **QUIET)

        # the start-up status: on page load, then every STATUS_EVERY s until it is over
        def settle(now: Status) -> None:
            """Once the start is over, pages opened later begin in the final state (no
            flash of the loading box): the components' first values and the page config."""
            if now.loading:
                return
            status.value, status.visible = status_html(now), not now.ready
            send.value, send.interactive = SEND, now.ready
            which.interactive = now.ready
            message.placeholder = MESSAGE_HINT if now.ready else FAILED_HINT
            message.interactive = None if now.ready else False
            timer.active = False
            if getattr(blocks, "config", None):  # served already: its config is made again
                blocks.config = blocks.get_config_file()

        startup.add_listener(settle)
        poll_outputs = [status, message, send, which, picker, timer]
        for trigger, name in ((blocks.load, "ui_load"), (timer.tick, "ui_status")):
            trigger(
                app.poll,
                None,
                poll_outputs,
                api_name=name,
                api_visibility="private",
                show_progress="hidden",
                concurrency_limit=None,
            )

        def chat(message: str, session_id: str = "", request: gr.Request = None) -> str:  # type: ignore[assignment]
            """Send one message; returns the coach's reply. Turns share a session per client
            unless `session_id` names one."""
            return app.api_chat(message, session_id, request)

        def which_sphere(session_id: str = "", request: gr.Request = None) -> str:  # type: ignore[assignment]
            """Ask which sphere to fix, from everything said in the session."""
            return app.api_chat(WHICH_SPHERE, session_id, request)

        def export_report(session_id: str = "", request: gr.Request = None) -> str:  # type: ignore[assignment]
            """The session as a Markdown report."""
            try:
                app.coach(app.api_wait)
                sid = app.api_session(session_id, request)
                turns = app.turns(sid, _owner(request))
            except AleError as exc:
                raise gr.Error(str(exc)) from None
            return app.report(sid, turns, _owner(request))

        def session_of_client(request: gr.Request = None) -> str:  # type: ignore[assignment]
            """The id of the stored session this client's calls without a `session_id` go
            to: pass it as `session_id` from another client or instance, or to
            `ale export`."""
            try:
                return app.api_session("", request)
            except AleError as exc:
                raise gr.Error(str(exc)) from None

        endpoint(chat, api_name="chat", concurrency_id="turn")
        endpoint(session_of_client, api_name="session")
        endpoint(which_sphere, api_name="which_sphere", concurrency_id="turn")
        endpoint(export_report, api_name="export")
    return blocks
