"""The team pulse on the web: the public answer form (no login, answers only, limited per
address and per code) and results only for the person who created the pulse. The form is
tested in-process through its ASGI middleware and against the real app with logins."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.checkup.pulse import create_pulse
from assistant.checkup.statements import load_statements
from assistant.config import Settings
from assistant.storage.sqlite import SqliteCheckupRepo

from .conftest import KNOWLEDGE


def form(code: str, value: int = 3, role: str = "", **extra: str) -> bytes:
    fields = {
        "code": code,
        "role": role,
        **{s.id: str(value) for s in load_statements(KNOWLEDGE).items},
    }
    fields.update(extra)
    return urllib.parse.urlencode(fields).encode()


class Fallthrough:
    """The app behind the middleware: records that a request reached it."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@pytest.fixture
def public(tmp_path: Path) -> Any:
    from starlette.testclient import TestClient

    from assistant.web.public_pulse import PublicPulse

    settings = Settings.from_env({"ALE_DATA_DIR": str(tmp_path / "data")})
    inner = Fallthrough()
    middleware = PublicPulse(inner, settings, address_limit=6, code_limit=4)
    repo = SqliteCheckupRepo.in_data_dir(settings.data_dir)
    yield SimpleNamespace(
        client=TestClient(middleware), inner=inner, repo=repo, middleware=middleware
    )
    repo.close()


def test_the_form_answers_with_a_code_alone_and_shows_no_results(public: Any) -> None:
    pulse = create_pulse(public.repo, "Kitchen", "alice")
    page = public.client.get(f"/pulse?code={pulse.code}")
    assert page.status_code == 200 and f"value='{pulse.code}'" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.text.count("type='radio'") == 4 + 5 * len(load_statements(KNOWLEDGE).items)
    done = public.client.post("/pulse", content=form(pulse.code.lower(), 4, "manager"))
    assert done.status_code == 200 and "your answers for <b>Kitchen</b> are in" in done.text
    assert public.repo.pulse_answers(pulse.code) == [
        ("leaders", {s.id: 4 for s in load_statements(KNOWLEDGE).items})
    ]
    for shown in (page.text, done.text):
        assert "score" not in shown.lower() and "spread" not in shown.lower()
    assert public.client.get("/").status_code == 204 and public.inner.paths == ["/"]


def test_bad_answers_are_named_and_keep_what_was_chosen(public: Any) -> None:
    pulse = create_pulse(public.repo, "Kitchen", "alice")
    unknown = public.client.post("/pulse", content=form("ZZZZZ-ZZZZZ"))
    assert unknown.status_code == 400 and "unknown pulse code &#39;ZZZZZ-ZZZZZ&#39;" in unknown.text
    few = urllib.parse.urlencode({"code": pulse.code, "A1": "5"}).encode()
    page = public.client.post("/pulse", content=few)
    assert page.status_code == 400 and "answer at least" in page.text
    assert re.search(r"name='A1' value='5' checked", page.text)
    bad = public.client.post("/pulse", content=form(pulse.code, A2="9"))
    assert bad.status_code == 400 and "item A2" in bad.text
    role = public.client.post("/pulse", content=form(pulse.code, role="ceo"))
    assert role.status_code == 400 and "role" in role.text
    big = public.client.post("/pulse", content=b"x" * 20_000)
    assert big.status_code == 413
    assert public.client.put("/pulse").status_code == 405
    assert public.repo.pulse_answers(pulse.code) == []


def test_answers_are_limited_per_code_and_per_address(public: Any) -> None:
    first = create_pulse(public.repo, "Kitchen", "alice")
    second = create_pulse(public.repo, "Bar", "alice")
    statuses = [
        public.client.post("/pulse", content=form(first.code)).status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the code's limit: 4
    assert len(public.repo.pulse_answers(first.code)) == 4
    assert public.client.post("/pulse", content=form(second.code)).status_code == 200
    # six submissions from this address so far: the seventh is refused, whatever the code
    refused = public.client.post("/pulse", content=form(second.code))
    assert refused.status_code == 429 and "try again later" in refused.text
    assert len(public.repo.pulse_answers(second.code)) == 1


def test_results_are_only_for_the_person_who_created_the_pulse(
    tmp_path: Path, rules_classifier: Any
) -> None:
    from assistant.storage import open_checkups, open_sessions
    from assistant.web.app import App
    from assistant.web.startup import Startup
    from assistant.wiring import assemble_coach

    settings = Settings.from_env({"ALE_DATA_DIR": str(tmp_path / "data")})
    coach = assemble_coach(
        settings, rules_classifier, None, open_sessions(settings), open_checkups(settings)
    )
    app = App(Startup.ready(coach), settings)
    alice, bob = SimpleNamespace(username="alice"), SimpleNamespace(username="bob")
    created, problem = app.create_pulse("Kitchen", alice)  # type: ignore[arg-type]
    assert problem == ""
    code = re.search(r"ale-pulse-code\">([^<]+)<", created).group(1)  # type: ignore[union-attr]
    values = [3] * len(load_statements(KNOWLEDGE).items)
    for _ in range(3):
        thanks, problem, *_cleared = app.answer_pulse(code, "team-member", *values)
        assert problem == "" and "are in" in thanks
    shown, problem = app.pulse_results(code, alice)  # type: ignore[arg-type]
    assert problem == "" and "Team pulse: Kitchen" in shown
    hidden, problem = app.pulse_results(code, bob)  # type: ignore[arg-type]
    assert not isinstance(hidden, str)  # nothing shown: the results area is left alone
    unknown = app.pulse_results("ZZZZZ-ZZZZZ", bob)[1]  # type: ignore[arg-type]
    assert "unknown pulse code" in problem and "Kitchen" not in problem
    assert problem.replace(code, "X") == unknown.replace("ZZZZZ-ZZZZZ", "X")  # told alike


@pytest.mark.slow
def test_the_real_app_takes_pulse_answers_without_login_and_never_shows_results(
    auth_app: str, web_data: Path
) -> None:
    import urllib.error
    import urllib.request

    repo = SqliteCheckupRepo.in_data_dir(web_data)
    try:
        pulse = create_pulse(repo, "Night shift", "alice")
    finally:
        repo.close()

    def call(path: str, data: bytes | None = None) -> tuple[int, str]:
        request = urllib.request.Request(auth_app.rstrip("/") + path, data=data)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    status, page = call(f"/pulse?code={pulse.code}")
    assert status == 200 and "Answer a team pulse" in page
    assert "login" not in page.lower()
    for n in range(3):
        status, page = call("/pulse", form(pulse.code, 2 + n % 3, "team-member"))
        assert status == 200 and "are in" in page, page
    status, page = call("/pulse", form("WRONG-CODE0"))
    assert status == 400 and "unknown pulse code" in page
    assert "Night shift" not in page and "score" not in page.lower()
    # everything else still needs a login
    assert call("/config")[0] in (401, 403)
    repo = SqliteCheckupRepo.in_data_dir(web_data)
    try:
        assert len(repo.pulse_answers(pulse.code)) == 3
    finally:
        repo.close()
