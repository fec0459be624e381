"""The web app in a real browser: Debian's Chromium driven by Playwright (never a download).

Types a problem, waits for the streamed reply, checks the diagram marks the expected
sphere, opens an intervention's steps, uses the which-sphere button, the role selector,
feedback, sessions and export; watches the page while the coach is still being built,
and a start that failed; saves screenshots (to ALE_SCREENSHOT_DIR when set, else the
test's temp dir).
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.errors import KnowledgeError
from assistant.storage import NO_OWNER
from assistant.storage.sqlite import SqliteSessionRepo

from .webapp import Gate, app_in_process

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 60_000
PROBLEM = (
    "Nobody knows who is supposed to call the venue about power, and when a gig goes "
    "wrong everyone points at someone else."
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must install Chromium at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"no Chromium at {CHROMIUM} on this machine (CI installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def outside_requests(page: Any) -> list[str]:
    """A list that fills with every URL the page requests outside loopback."""
    outside: list[str] = []
    local = ("http://127.0.0.1", "data:", "blob:")
    page.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
    return outside


def shot(page: Any, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    target = os.environ.get("ALE_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / name)
    assert path.stat().st_size > 10_000
    return path


def test_a_problem_lights_up_the_diagram_and_the_coach_answers(
    browser: Any, web_app: str, web_data: Path, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside = outside_requests(page)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(web_app)

    # before anything is said, nothing is marked
    page.wait_for_selector("#ale-panel svg.ale-diagram")
    assert page.locator('.ale-sphere[data-recommended="true"]').count() == 0

    page.locator("#ale-message textarea").fill(PROBLEM)
    page.locator("#ale-send").click()
    page.wait_for_selector('#ale-panel .ale-verdict[data-recommended="accountability"]')
    marked = page.locator('.ale-sphere[data-recommended="true"]')
    assert marked.count() == 1 and marked.get_attribute("data-sphere") == "accountability"
    assert (
        page.locator('.ale-sphere[data-sphere="accountability"]').get_attribute("data-share")
        == "1.00"
    )
    assert page.locator(".ale-fix-first").count() == 1

    bot = page.locator("#ale-chat .bot")
    assert "Accountability" in bot.last.inner_text()
    # evidence quotes and interventions with their sources, passages expandable
    assert (
        "call the venue about power"
        in page.locator('.ale-evidence[data-sphere="accountability"]').inner_text()
    )
    interventions = page.locator(".ale-intervention")
    assert interventions.count() >= 2
    first_one = interventions.first
    first_one.locator("summary").click()
    # opened: summary, the numbered steps, the example, then the source
    steps = first_one.locator("ol.ale-steps > li")
    steps.first.wait_for()
    assert steps.count() >= 3 and all(
        steps.nth(i).inner_text().strip() for i in range(steps.count())
    )
    assert first_one.locator(".ale-summary").is_visible()
    assert "knowledge/interventions/roles/" in first_one.locator(".ale-source").inner_text()
    opened = first_one.inner_text()
    assert opened.index(first_one.locator(".ale-summary").inner_text()) < opened.index(
        steps.first.inner_text()
    )
    assert page.locator(".ale-mode").get_attribute("data-mode") == "offline"
    first = shot(page, tmp_path, "web-app.png")

    # a bad message: a toast says why; the conversation and the panel stay as they were
    page.locator("#ale-message textarea").fill("x" * 4001)
    page.locator("#ale-send").click()
    page.get_by_text("Message not sent").first.wait_for()
    assert "the limit is 4000" in page.locator("body").inner_text()
    # Gradio may still show its pending bubble for a moment after the toast: wait it out
    page.wait_for_function("document.querySelectorAll('#ale-chat .bot').length === 1")
    assert page.locator("#ale-chat .bot").count() == 1
    assert page.locator('#ale-panel .ale-verdict[data-recommended="accountability"]').count() == 1
    assert page.locator("#ale-message textarea").input_value() == "x" * 4001
    page.locator("#ale-message textarea").fill("")

    # the role selector and the which-sphere button
    page.locator("#ale-role label", has_text="Manager").click()
    page.locator("#ale-which-sphere").click()
    page.wait_for_function("document.querySelectorAll('#ale-chat .bot').length >= 2")
    page.wait_for_selector("#ale-panel :text('Who is asking: manager')")
    assert "fix **Accountability** first".replace("**", "") in bot.last.inner_text()

    # feedback with a note, stored with the turn
    page.locator("#ale-feedback-note textarea").fill("spot on")
    page.locator("#ale-chat .bot").first.hover()
    page.locator("#ale-chat button[aria-label='Like']").first.click()
    page.wait_for_function("!document.querySelector('#ale-feedback-note textarea').value")
    store = SqliteSessionRepo.in_data_dir(web_data)
    try:
        session_id = max(store.sessions(NO_OWNER), key=lambda s: s["updated"])["id"]
        row = store.db.read(
            "SELECT feedback FROM turns WHERE session_id = ? AND turn = 1", (session_id,)
        )[0]
    finally:
        store.close()
    assert row[0] is not None and '"liked": true' in row[0] and "spot on" in row[0]

    # export the session as a Markdown report
    page.locator("#ale-sessions").get_by_text("Sessions and export").click()
    page.locator("#ale-export").click()
    link = page.locator("#ale-report a").first
    link.wait_for()
    href = link.get_attribute("href") or ""
    # the report travels inside the link (a data URL): it has no address on the server
    # that another user could fetch
    assert href.startswith("data:text/markdown;charset=utf-8;base64,")
    assert (link.get_attribute("download") or "").endswith(".md")
    report = base64.b64decode(href.split(",", 1)[1]).decode("utf-8")
    assert "**Fix first: Accountability**" in report and "call the venue about power" in report
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_text(encoding="utf-8") == report

    # a new session clears the view; the old one can be resumed from the list
    page.locator("#ale-new").click()
    page.wait_for_selector('#ale-panel .ale-verdict:text("No diagnosis yet")')
    assert page.locator("#ale-chat .bot").count() == 0
    page.locator("#ale-picker input").click()
    page.get_by_role("option").filter(has_text="Nobody knows who").first.click()
    page.wait_for_selector('#ale-panel .ale-verdict[data-recommended="accountability"]')
    assert page.locator("#ale-chat .bot").count() == 2
    shot(page, tmp_path, "web-app-resumed.png")

    assert outside == [], f"the page fetched from outside loopback: {outside}"
    assert first.exists()
    page.close()


def test_the_page_shows_the_index_build_and_turns_send_on_when_the_coach_is_ready(
    browser: Any, warm_copy: Path, tmp_path: Path
) -> None:
    """The app in this process, its build held back at "120 of 310 passages" by the test,
    then let go (the real build, on an index that is already there)."""
    settings = Settings.from_env({"ALE_DATA_DIR": str(warm_copy)})
    gate = Gate(settings)
    with app_in_process(settings, gate) as (url, startup):
        assert gate.holding.wait(60)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        outside = outside_requests(page)
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)

        # a progress bar with counts; Send and which-sphere are off
        status = page.locator('#ale-status .ale-status[data-state="loading"][data-total="310"]')
        status.wait_for()
        assert "Building the knowledge index: 120 / 310 passages" in status.inner_text()
        bar = status.locator("progress")
        assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("120", "310")
        send = page.locator("#ale-send")
        assert send.is_disabled() and send.inner_text().strip() == "Loading…"
        assert page.locator("#ale-which-sphere").is_disabled()
        # typing is allowed; Enter before the coach is ready is answered, the text is kept
        box = page.locator("#ale-message textarea")
        box.fill(PROBLEM)
        box.press("Enter")
        page.get_by_text("Message not sent").first.wait_for()
        note = "still loading (building the knowledge index, 120 of 310 passages)"
        assert note in page.locator("body").inner_text()
        assert box.input_value() == PROBLEM
        assert page.locator("#ale-chat .bot").count() == 0
        shot(page, tmp_path, "web-app-loading.png")

        # let the build go: Send turns on and the bar goes away, without a reload
        gate.opened.set()
        # Gradio may re-mount the button while it updates it, so a missing button is "not yet"
        page.wait_for_function(
            "(document.querySelector('#ale-send') && !document.querySelector('#ale-send').disabled)"
            " || document.querySelector('#ale-status [data-state=failed]')",
            timeout=180_000,
        )
        assert startup.status().ready, startup.status().message
        assert send.inner_text().strip() == "Send"
        page.locator("#ale-status").wait_for(state="hidden")
        assert page.locator("#ale-which-sphere").is_enabled()
        send.click()
        page.wait_for_selector('#ale-panel .ale-verdict[data-recommended="accountability"]')
        assert "Accountability" in page.locator("#ale-chat .bot").last.inner_text()
        assert outside == [], f"the page fetched from outside loopback: {outside}"
        page.close()


def test_a_start_that_failed_shows_its_error_on_the_page(browser: Any, tmp_path: Path) -> None:
    settings = Settings.from_env({"ALE_DATA_DIR": str(tmp_path / "data")})
    problem = KnowledgeError(
        "knowledge/interventions/<b>bad</b>.md", "title", "is missing <script>alert(1)</script>"
    )
    gate = Gate(settings, fail=problem)
    gate.opened.set()
    with app_in_process(settings, gate) as (url, startup):
        assert startup.wait(60).error is not None
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        failed = page.locator('#ale-status .ale-status[data-state="failed"]')
        failed.wait_for()
        text = failed.inner_text()
        assert (
            "ALE Coach could not start: knowledge/interventions/<b>bad</b>.md: field 'title': "
            "is missing <script>alert(1)</script>." in text
        )
        assert "restart the app" in text and "Traceback" not in page.locator("body").inner_text()
        # shown as text, not markup
        assert failed.locator("script").count() == 0 and failed.locator("b b").count() == 0
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in failed.inner_html()
        page.wait_for_selector("#ale-send[disabled]")
        assert page.locator("#ale-which-sphere").is_disabled()
        shot(page, tmp_path, "web-app-start-failed.png")
        page.close()


def test_the_html_eval_report_renders(
    browser: Any, web_app: str, web_data: Path, tmp_path: Path
) -> None:
    """`ale eval run --report` on a classifier and a conversation suite, opened in Chromium."""
    from .conftest import EVALS, run_ale

    suites = tmp_path / "suites"
    suites.mkdir()
    conversations = (EVALS / "conversations-core.yaml").read_text(encoding="utf-8")
    (suites / "conv.yaml").write_text(conversations, encoding="utf-8")
    (suites / "cls.yaml").write_text(
        "name: mini-classifier\nkind: classifier\nthresholds: {accuracy: 0.3}\ncases:\n"
        '  - {id: a, text: "We keep forgetting the same cables at every load-in.", expect: {sphere: execution}}\n'
        '  - {id: b, text: "The crew rolls their eyes at <b>every</b> new rule.", expect: {sphere: accountability}}\n'
        '  - {id: c, text: "Thanks!", expect: {sphere: accountability}}\n',
        encoding="utf-8",
    )
    page_path = tmp_path / "report.html"
    # web_data already holds a built index, so this run only loads models
    done = run_ale(
        "eval", "run", str(suites), "--report", str(page_path), env={"ALE_DATA_DIR": str(web_data)}
    )
    assert done.returncode == 0, done.stdout + done.stderr

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith("file://") else outside.append(r.url))
    page.goto(page_path.as_uri())
    assert page.locator("#overall").inner_text() == "PASS"
    cell = page.locator("table.confusion td[data-expected='accountability'][data-predicted='null']")
    assert cell.inner_text() == "1"
    assert "hsla(5" in (cell.get_attribute("style") or "")  # an error cell, shaded
    assert page.locator("section[data-kind='conversation'] details").count() == 30
    assert page.get_by_text("The crew rolls their eyes at <b>every</b> new rule.").count() == 1
    shot(page, tmp_path, "eval-report.png")
    assert outside == []
    page.close()


def _rate(page: Any, prefix: str, answers: dict[str, int]) -> None:
    for item_id, value in answers.items():
        page.locator(f"#{prefix}-{item_id}").get_by_label(str(value), exact=True).check()


def _statements() -> list[Any]:
    from assistant.checkup.statements import load_statements

    from .conftest import KNOWLEDGE

    return list(load_statements(KNOWLEDGE).items)


def _worst_in(sphere: str) -> dict[str, int]:
    """Healthy answers, except for `sphere`, answered as badly as it gets."""
    out = {}
    for item in _statements():
        healthy = 1 if item.sphere == sphere else 5
        out[item.id] = 6 - healthy if item.reverse else healthy
    return out


def test_a_checkup_taken_in_the_page_shows_its_scores_on_the_diagram(
    browser: Any, web_app: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside = outside_requests(page)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(web_app)
    page.wait_for_selector("#ale-send:not([disabled])")
    page.get_by_role("tab", name="Checkup").click()
    # too few answers: the message sits by the button, and nothing is scored
    _rate(page, "ale-checkup", {"A1": 4, "A2": 2})
    page.locator("#ale-checkup-score").click()
    problem = page.locator("#ale-checkup-problem .ale-problem")
    problem.wait_for()
    assert "only 2 of" in problem.inner_text() and "half" in problem.inner_text()
    assert page.locator("#ale-checkup-result .ale-checkup").count() == 0

    _rate(page, "ale-checkup", _worst_in("execution"))
    page.locator("#ale-checkup-score").click()
    page.wait_for_selector('#ale-checkup-result .ale-checkup[data-sphere="execution"]')
    assert page.locator("#ale-checkup-problem .ale-problem").count() == 0
    scores = page.locator("#ale-checkup-result .ale-score")
    assert scores.count() == 3
    shown = {s.get_attribute("data-sphere"): s.get_attribute("data-score") for s in scores.all()}
    assert shown == {"accountability": "100", "leadership": "100", "execution": "0"}
    marked = page.locator('#ale-checkup-result .ale-sphere[data-recommended="true"]')
    assert marked.get_attribute("data-sphere") == "execution"
    # its overlaps clip to its own circles, not to the (hidden) chat panel's
    clip = page.locator('#ale-checkup-result .ale-overlap[data-overlap="process"]')
    assert clip.get_attribute("clip-path") == "url(#checkup-clip-leadership)"
    assert page.locator("#checkup-clip-leadership").count() == 1
    assert "Fix Execution first" in page.locator("#ale-checkup-result").inner_text()
    assert "knowledge/interventions/process/" in page.locator("#ale-checkup-result").inner_text()
    shot(page, tmp_path, "checkup.png")

    # the checkup is kept with the conversation: the which-sphere answer weighs it
    page.get_by_role("tab", name="Coach").click()
    page.locator("#ale-which-sphere").click()
    page.wait_for_selector('#ale-panel .ale-verdict[data-recommended="execution"]')
    assert "From your checkup alone" in page.locator("#ale-chat .bot").last.inner_text()
    assert outside == []
    page.close()


def test_a_pulse_is_created_answered_three_times_and_read_in_the_page(
    browser: Any, web_app: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(web_app)
    page.wait_for_selector("#ale-send:not([disabled])")
    page.get_by_role("tab", name="Team pulse").click()
    page.locator("#ale-pulse-new").click()  # no team name yet
    page.wait_for_selector("#ale-pulse-create-problem .ale-problem")
    assert "team name is empty" in page.locator("#ale-pulse-create-problem").inner_text()
    page.locator("#ale-pulse-team input, #ale-pulse-team textarea").first.fill(
        "Kitchen <i>crew</i>"
    )
    page.locator("#ale-pulse-new").click()
    code = page.locator(".ale-pulse-code").inner_text()
    assert len(code.replace("-", "")) >= 8
    assert page.locator("#ale-pulse-create-problem .ale-problem").count() == 0

    field = page.locator("#ale-pulse-answer-code input, #ale-pulse-answer-code textarea").first
    field.fill("WRONG-CODE0")
    _rate(page, "ale-pulse", _worst_in("leadership"))
    page.locator("#ale-pulse-send").click()
    page.wait_for_selector("#ale-pulse-answer-problem .ale-problem")
    assert "unknown pulse code" in page.locator("#ale-pulse-answer-problem").inner_text()

    results_field = page.locator(
        "#ale-pulse-results-code input, #ale-pulse-results-code textarea"
    ).first
    for n in (1, 2, 3):
        field.fill(code)
        _rate(page, "ale-pulse", _worst_in("leadership"))
        page.locator("#ale-pulse-send").click()
        page.wait_for_selector(f'.ale-pulse-thanks[data-n="{n}"]')
        # the answers are cleared for the next person at this screen
        assert page.locator("#ale-pulse-A1 input:checked").count() == 0
        if n == 2:
            results_field.fill(code)
            page.locator("#ale-pulse-show").click()
            page.wait_for_selector('.ale-pulse-waiting[data-n="2"]')
    page.locator("#ale-pulse-show").click()
    page.wait_for_selector("#ale-pulse-report .ale-pulse")
    report = page.locator("#ale-pulse-report")
    text = report.inner_text()
    assert "Team pulse: Kitchen <i>crew</i>" in text and "3 anonymous answers" in text
    marked = report.locator('.ale-sphere[data-recommended="true"]')
    assert marked.get_attribute("data-sphere") == "leadership"
    assert "knowledge/interventions/buy-in/" in text
    shot(page, tmp_path, "pulse.png")
    page.close()


def test_an_action_is_added_marked_done_and_exported_from_the_plan_view(
    browser: Any, web_app: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(web_app)
    page.wait_for_selector("#ale-send:not([disabled])")
    # the plan needs a conversation first
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.get_by_role("tab", name="Plan").click()
    # (on a loaded machine the first click can land before the freshly shown tab's events
    # are wired up: it is clicked again, at most three times, until the answer shows)
    for _ in range(3):
        page.locator("#ale-plan-add-button").click()
        try:
            page.wait_for_selector("#ale-plan-problem .ale-problem", timeout=TIMEOUT_MS // 3)
            break
        except PlaywrightTimeout:
            continue
    assert "start a conversation" in page.locator("#ale-plan-problem").inner_text()

    page.get_by_role("tab", name="Coach").click()
    page.locator("#ale-message textarea").fill(PROBLEM)
    page.locator("#ale-send").click()
    page.wait_for_selector('#ale-panel .ale-verdict[data-recommended="accountability"]')
    page.get_by_role("tab", name="Plan").click()
    page.wait_for_selector("#ale-plan-view .ale-plan[data-items='0']")

    def fill(field: str, value: str) -> None:
        page.locator(f"#ale-plan-{field} textarea, #ale-plan-{field} input").first.fill(value)

    fill("title", "Name one owner for every venue call")
    fill("owner", "Priya")
    fill("due", "someday")  # not a date: told so, nothing added
    fill("measure", "No gig without a named caller for a month")
    page.locator("#ale-plan-add-button").click()
    page.wait_for_selector("#ale-plan-problem .ale-problem")
    assert "is not a date" in page.locator("#ale-plan-problem").inner_text()
    assert page.locator("#ale-plan-view .ale-plan-item").count() == 0
    fill("due", "2026-12-18")
    page.locator("#ale-plan-add-button").click()
    item = page.locator("#ale-plan-view .ale-plan-item[data-status='open']")
    item.wait_for()
    assert "Priya" in item.inner_text() and "2026-12-18" in item.inner_text()
    assert page.locator("#ale-plan-problem .ale-problem").count() == 0

    page.locator("#ale-plan-item input").click()
    page.get_by_role("option").filter(has_text="Name one owner for every venue call").first.click()
    page.locator("#ale-plan-status").get_by_label("Done", exact=True).check()
    fill("note", "Every gig this week had a caller.")
    page.locator("#ale-plan-save").click()
    done = page.locator("#ale-plan-view .ale-plan-item[data-status='done']")
    done.wait_for()
    assert "Every gig this week had a caller." in done.inner_text()
    shot(page, tmp_path, "plan.png")

    page.get_by_role("tab", name="Coach").click()
    page.locator("#ale-sessions").click()
    page.locator("#ale-export").click()
    link = page.locator("#ale-report a.ale-download")
    link.wait_for()
    href = link.get_attribute("href") or ""
    report = base64.b64decode(href.split(",", 1)[1]).decode("utf-8")
    assert "**Name one owner for every venue call** (done): owner Priya" in report
    assert "Every gig this week had a caller." in report
    page.close()
