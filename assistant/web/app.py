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

from assistant.coaching.coach import Coach
from assistant.coaching.plan import Turn
from assistant.config import Settings
from assistant.errors import AleError
from assistant.render.panel import panel_html
from assistant.render.report import session_markdown
from assistant.render.safety import safe_markdown
from assistant.responders.base import Retract
from assistant.storage import SessionRepo, StoredTurn, check_session_id, new_session_id
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
    "Tell me what is going wrong at work, in your own words: a late truck, a crew that "
    "ignores the new pack list, nobody owning the venue call. I will tag it to "
    "**Accountability**, **Leadership** or **Execution** (Tom Stimson's ALE model), ask one "
    "question when the picture is unclear, and suggest concrete moves with their sources."
)
PLACEHOLDER = (
    "**Start with what went wrong recently.** For example: *“Every crew chief packs the "
    "truck his own way and we keep forgetting the same cables.”*"
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
        text = session_markdown(session_id, turns, self.settings.knowledge_dir)
        return download_link(f"ale-coach-{session_id}.md", text)

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


def download_link(name: str, text: str) -> str:
    """An HTML link that downloads `text` as the file `name` from the page itself."""
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    label = html.escape(name)
    return (
        f'<a class="ale-download" download="{label}" '
        f'href="data:text/markdown;charset=utf-8;base64,{data}">Download {label}</a> '
        "<small>(made for you just now; not kept on the server)</small>"
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
        gr.Markdown("# ALE Coach\n" + INTRO)
        gr.Markdown(_mode_line(settings), elem_id="ale-mode-line")
        status = gr.HTML(status_html(first), visible=not first.ready, elem_id="ale-status")
        timer = gr.Timer(STATUS_EVERY, active=not first.ready)
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
                    role = gr.Radio(ROLES, value="", label="Who is asking?", elem_id="ale-role")
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
                export = gr.Button("Export report (Markdown)", scale=1, elem_id="ale-export")
            report = gr.HTML("", elem_id="ale-report")

        turn_outputs = [chatbot, panel, session, message, picker, role]
        for event in (message.submit, send.click):
            event(
                app.respond,
                [message, session, role],
                turn_outputs,
                api_name="ui_send",
                api_visibility="private",
                concurrency_id="turn",
            )
        which.click(
            app.which_sphere,
            [session, role],
            turn_outputs,
            api_name="ui_which_sphere",
            api_visibility="private",
            concurrency_id="turn",
        )
        picker.input(
            app.resume,
            [picker],
            [chatbot, panel, session, role, report],
            api_name="ui_resume",
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
            )

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
            return session_markdown(sid, turns, settings.knowledge_dir)

        endpoint(chat, api_name="chat", concurrency_id="turn")
        endpoint(which_sphere, api_name="which_sphere", concurrency_id="turn")
        endpoint(export_report, api_name="export")
    return blocks
