"""Committed actions (`ale plan`): the contract, bad input, the check-in when a continued
session has an item due, the note it keeps, and the export."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from assistant.actions.plans import due_items, judge, to_ics

from .conftest import run_ale

PROBLEM = (
    "Every cook preps the line their own way and we run out of the same things every "
    "Saturday because nothing is written down."
)
YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()
NEXT_WEEK = (dt.date.today() + dt.timedelta(days=7)).isoformat()
SOURCE = "knowledge/interventions/process/job-checklists.md"


def add(session: str, env: dict[str, str] | None = None, **fields: str) -> Any:
    values = {
        "title": "Checklists by the line",
        "owner": "Dana",
        "due": YESTERDAY,
        "measure": "No Saturday run-outs for a month",
        **fields,
    }
    args = [a for k, v in values.items() for a in (f"--{k}", v)]
    return run_ale("plan", "add", "--session", session, *args, "--json", env=env)


def chat(session: str, env: dict[str, str], *messages: str) -> list[dict[str, Any]]:
    out = run_ale(
        "chat", "--jsonl", "--session", session, stdin="\n".join(messages) + "\n", env=env
    )
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


@pytest.mark.slow
def test_a_due_item_gets_a_check_in_whose_answer_is_kept_and_exported(warm_copy: Path) -> None:
    env = {"ALE_DATA_DIR": str(warm_copy)}
    (first,) = chat("kitchen", env, PROBLEM)
    assert first["action"] == "recommend" and first["sphere"] == "execution"
    made = add("kitchen", env, source=SOURCE)
    assert made.returncode == 0, made.stderr
    item = json.loads(made.stdout)
    assert {k: item[k] for k in ("title", "source", "owner", "due", "status", "notes")} == {
        "title": "Checklists by the line",
        "source": SOURCE,
        "owner": "Dana",
        "due": YESTERDAY,
        "status": "open",
        "notes": [],
    }
    later = add("kitchen", env, title="Weekly prep review", due=NEXT_WEEK)
    assert later.returncode == 0

    check_in, answered = chat(
        "kitchen", env, "Hi, I'm back.", "Partly: half the cooks use the checklist now."
    )
    assert check_in["action"] == "check_in"
    assert "Checklists by the line" in check_in["reply"] and "Dana" in check_in["reply"]
    assert "Weekly prep review" not in check_in["reply"]  # not due yet
    assert check_in["sphere"] == "execution"
    assert "partly done" in answered["reply"]
    listed = json.loads(run_ale("plan", "list", "--session", "kitchen", "--json", env=env).stdout)
    first_item = listed["items"][0]
    assert first_item["status"] == "open"
    assert [n["text"] for n in first_item["notes"]] == [
        "(partly) Partly: half the cooks use the checklist now."
    ]
    assert first_item["notes"][0]["date"] == dt.date.today().isoformat()
    (again,) = chat("kitchen", env, "Which sphere should we fix?")
    assert again["action"] == "which_sphere"  # asked about once, not at every return

    done = run_ale(
        "plan",
        "update",
        item["id"],
        "--status",
        "done",
        "--note",
        "All cooks now.",
        "--json",
        env=env,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["status"] == "done"
    report = run_ale("export", "kitchen", env=env).stdout
    assert "**Checklists by the line** (done): owner Dana" in report
    assert "(partly) Partly: half the cooks use the checklist now." in report
    assert "All cooks now." in report and "Weekly prep review" in report


def test_bad_plan_input_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    assert add("nobody").returncode == 2  # no such session yet
    statements = json.loads(run_ale("checkup", "items", "--json").stdout)["items"]
    answers = json.dumps({i["id"]: 3 for i in statements})
    assert run_ale("checkup", "--answers", "-", "--session", "s", stdin=answers).returncode == 0
    good = add("s")
    assert good.returncode == 0, good.stderr
    item = json.loads(good.stdout)
    cases = [
        (add("nobody"), "unknown session 'nobody'"),
        (add("s", owner="  "), "owner is empty"),
        (add("s", title=""), "title is empty"),
        (add("s", measure=""), "measure of success is empty"),
        (add("s", due="someday"), "is not a date"),
        (add("s", due="2026-02-30"), "is not a date"),
        (add("s", source="knowledge/../pyproject.toml"), "not a knowledge file"),
        (add("s", source="/etc/passwd"), "not a knowledge file"),
        (run_ale("plan", "update", "p-nope", "--status", "done"), "unknown plan item"),
        (run_ale("plan", "update", item["id"], "--status", "finished"), "not one of"),
        (run_ale("plan", "update", item["id"]), "nothing to change"),
        (run_ale("plan", "update", item["id"], "--note", "  "), "note is empty"),
        (run_ale("plan", "list", "--session", "nobody"), "unknown session"),
        (run_ale("plan", "list", "--session", "bad id!"), "session id"),
    ]
    for result, told in cases:
        assert result.returncode == 2, (told, result.stdout)
        assert told in result.stderr and "Traceback" not in result.stderr, result.stderr
    with sqlite3.connect(tmp_path / "data" / "sessions.sqlite3") as db:
        rows = db.execute("SELECT status, notes FROM plan_items").fetchall()
    assert rows == [("open", "[]")]


def test_the_plan_list_writes_a_calendar_of_open_items(tmp_path: Path) -> None:
    statements = json.loads(run_ale("checkup", "items", "--json").stdout)["items"]
    answers = json.dumps({i["id"]: 3 for i in statements})
    run_ale("checkup", "--answers", "-", "--session", "s", stdin=answers)
    add("s", title="Checklists; by the line, v2", due=NEXT_WEEK)
    out = tmp_path / "plan.ics"
    listed = run_ale("plan", "list", "--session", "s", "--ics", str(out))
    assert listed.returncode == 0 and "Checklists; by the line, v2" in listed.stdout
    ics = out.read_bytes().decode()
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert f"DTSTART;VALUE=DATE:{NEXT_WEEK.replace('-', '')}" in ics
    assert "SUMMARY:Checklists\\; by the line\\, v2 (Dana)" in ics


def test_check_in_answers_are_read_plainly() -> None:
    assert judge("We did it and it worked.") == "done"
    assert judge("Not done yet, no time this week.") == "not started"
    assert judge("Partly: half the team uses it.") == "partly"
    assert judge("Honestly it made things worse, more mistakes.") == "worse"
    assert judge("Hmm.") == "unclear"
    items = [
        {"id": "b", "status": "open", "due": "2026-11-20"},
        {"id": "a", "status": "open", "due": "2026-11-28"},
        {"id": "c", "status": "done", "due": "2026-11-01"},
        {"id": "d", "status": "open", "due": "2026-12-30"},
    ]
    due = due_items(items, dt.date(2026, 12, 1))
    assert [i["id"] for i in due] == ["b", "a"]
    assert "SUMMARY" not in to_ics([items[2]], "s")  # done items are not on the calendar


def test_dates_owners_and_measures_are_read_from_words() -> None:
    from assistant.actions.commit import commits, pick, read_due, read_measure, read_owner

    tuesday = dt.date(2026, 12, 1)
    assert read_due("by Friday", tuesday) == ("2026-12-04", None)
    assert read_due("next Friday", tuesday) == ("2026-12-11", None)
    assert read_due("by Tuesday", tuesday) == ("2026-12-08", None)  # never today's own name
    assert read_due("in two weeks", tuesday) == ("2026-12-15", None)
    assert read_due("tomorrow", tuesday) == ("2026-12-02", None)
    assert read_due("by the end of the month", tuesday) == ("2026-12-31", None)
    assert read_due("due 2027-01-15", tuesday) == ("2027-01-15", None)
    assert read_due("by 2026-02-30", tuesday) == (None, "2026-02-30")
    assert read_due("soon, I hope", tuesday) == (None, "soon")
    assert read_due("Dana owns it", tuesday) == (None, None)
    assert read_owner("let's do it, Dana owns it") == "Dana"
    assert read_owner("the owner is Sam Lee") == "Sam Lee"
    assert read_owner("I'll own it") == "me"
    assert read_owner("by Friday") is None
    assert read_measure("so that nothing runs out on Saturday.") == "nothing runs out on Saturday"
    assert commits("Let's do the checklist one") and not commits("the checklist is late again")
    shown = [
        ("k/a.md", "Checklists that live where the work happens"),
        ("k/b.md", "Written handoffs"),
    ]
    assert pick("we'll go with the second one", shown) == shown[1]
    assert pick("let's try the checklist idea", shown) == shown[0]
    assert pick("let's do something", shown) is None
    # "do it" means the move just suggested first; when words say nothing about which
    assert pick("fine lets do it. Marco owns it, by end of next week", shown) == shown[0]
    weekly = [("k/c.md", "Named, dated commitments reviewed every week")]
    assert pick("fine lets do it. Marco owns it, by end of next week", weekly, False) is None


@pytest.mark.slow
def test_a_commitment_in_words_becomes_a_plan_item_and_an_unclear_date_is_asked(
    warm_copy: Path,
) -> None:
    env = {"ALE_DATA_DIR": str(warm_copy)}
    turns = chat(
        "words",
        env,
        PROBLEM,
        "Let's do the checklist one, Dana owns it.",
        "soon",
        "in two weeks, so that nothing runs out on a Saturday",
    )
    offer, asked, unclear, done = turns
    assert "To commit to one" in offer["reply"]
    assert asked["action"] == "answer" and "Checklists" in asked["reply"]
    assert "by when" in asked["reply"]
    assert "When exactly is “soon”?" in unclear["reply"]
    assert "It is on the plan" in done["reply"]
    listed = json.loads(run_ale("plan", "list", "--session", "words", "--json", env=env).stdout)
    (item,) = listed["items"]
    assert item["owner"] == "Dana" and item["source"] == SOURCE
    assert item["due"] == (dt.date.today() + dt.timedelta(days=14)).isoformat()
    assert item["measure"] == "nothing runs out on a Saturday"
    assert all(t["sphere"] == "execution" for t in turns)


def test_calendar_lines_are_folded_and_a_repeated_note_is_kept_once(tmp_path: Path) -> None:
    from assistant.actions.plans import to_ics

    item = {
        "id": "p-1",
        "status": "open",
        "due": "2026-12-18",
        "owner": "Ana",
        "title": "Ünïcode " * 20,
        "measure": "m",
    }
    ics = to_ics([item], "s")
    for line in ics.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert ics.replace("\r\n ", "").count("Ünïcode") == 20  # unfolds to the same text
    statements = json.loads(run_ale("checkup", "items", "--json").stdout)["items"]
    run_ale(
        "checkup",
        "--answers",
        "-",
        "--session",
        "s",
        stdin=json.dumps({i["id"]: 3 for i in statements}),
    )
    made = json.loads(add("s").stdout)
    for _ in range(2):
        run_ale("plan", "update", made["id"], "--note", "Half done.")
    listed = json.loads(run_ale("plan", "list", "--session", "s", "--json").stdout)
    assert [n["text"] for n in listed["items"][0]["notes"]] == ["Half done."]
    assert "overdue" in run_ale("plan", "list", "--session", "s").stdout


def test_the_cli_reads_a_due_day_in_words_too() -> None:
    from assistant.actions.plans import parse_due

    tuesday = dt.date(2026, 12, 1)
    assert parse_due("Friday", tuesday) == "2026-12-04"
    assert parse_due("in two weeks", tuesday) == "2026-12-15"
    assert parse_due("2026-12-18", tuesday) == "2026-12-18"
    for bad in ("2026-02-30", "soon", "", "12/18/2026"):
        with pytest.raises(Exception, match="is not a date"):
            parse_due(bad, tuesday)


def test_a_commitment_is_read_in_the_words_people_use() -> None:
    from assistant.actions.commit import Draft, answer_as, commits, fill, question, read_measure

    tuesday = dt.date(2026, 12, 1)
    # a move named by its place in the list, with who or when, commits too
    said = "ok the first one i guess. me, by next friday. im gonna write down the bad labels"
    assert commits(said)
    draft = fill(Draft(title="t"), said, tuesday)
    assert (draft.owner, draft.due, draft.measure) == ("me", "2026-12-11", None)
    assert not commits("the first one was better than the second one")
    assert not commits("the second one on the list is what we tried last year")
    # a name set off by commas, and a closing "so" clause as the measure
    draft = fill(Draft(title="t"), "Our front desk person, Tom, owns it, by Friday", tuesday)
    assert draft.owner == "Tom"
    draft = fill(
        Draft(title="t"), "Jess owns it, by friday, so recalls get logged the same way", tuesday
    )
    assert draft.measure == "recalls get logged the same way"
    assert read_measure("I'll know it worked if no volunteer turns up lost.") == (
        "no volunteer turns up lost"
    )
    # the one question still open is asked as a question, and a short reply answers it
    assert question(Draft(title="t", owner="me", due="2026-12-04")) == (
        "One more thing: how will you know it worked?"
    )
    assert answer_as("measure", "if i get less write ups for mispicks i guess") == (
        "i get less write ups for mispicks"
    )
    assert answer_as("measure", "what do you mean?") is None
    # news and a new problem are no measure
    assert (
        answer_as(
            "measure",
            "Three weeks on: complaints have stopped. New issue though: the vans get loaded wrong.",
        )
        is None
    )
    assert answer_as("owner", "tom") == "Tom" and answer_as("owner", "its me") == "me"
    assert answer_as("owner", "nobody here would ever do that to be honest") is None


@pytest.mark.slow
def test_a_commitment_in_a_picker_s_words_is_saved_and_is_no_news(warm_copy: Path) -> None:
    env = {"ALE_DATA_DIR": str(warm_copy)}
    turns = chat(
        "picker",
        env,
        PROBLEM,
        "ok the first one i guess. me, by next friday. im gonna write it all down",
        "if we stop running out on saturdays",
        "thats not good news, nothing is fixed yet",
    )
    _, asked, saved, denied = turns
    assert asked["action"] == "answer" and "how will you know it worked?" in asked["reply"]
    assert "It is on the plan" in saved["reply"] and "owned by you" in saved["reply"]
    assert all(p["status"] == "open" for t in turns for p in t["problems"])
    assert "Good news" not in " ".join(t["reply"] for t in turns)
    assert denied["problems"][0]["status"] == "open"  # nothing was taken as settled
    listed = json.loads(run_ale("plan", "list", "--session", "picker", "--json", env=env).stdout)
    (item,) = listed["items"]
    assert item["owner"] == "me" and item["measure"] == "we stop running out on saturdays"


def test_a_correction_right_after_committing_changes_the_saved_item(warm_copy: Path) -> None:
    env = {"ALE_DATA_DIR": str(warm_copy)}
    turns = chat(
        "amend",
        env,
        PROBLEM,
        "ok the first one. me, by next friday, so that nothing runs out on a Saturday",
        "wait wrong one, I meant the second one",
        "actually Sam owns it",
        "the fridge door broke again and actually nobody fixed it",
    )
    offer, saved, moved, owned, later = turns
    first, second = re.findall(r"^[12]\. \*\*(.+?)\*\*", offer["reply"], re.M)
    assert f"**{first}**" in saved["reply"]
    assert moved["reply"].startswith("Changed.") and f"**{second}**" in moved["reply"]
    assert "owned by Sam" in owned["reply"]
    assert not later["reply"].startswith("Changed.")  # a later story corrects nothing
    listed = json.loads(run_ale("plan", "list", "--session", "amend", "--json", env=env).stdout)
    (item,) = listed["items"]
    assert (item["title"], item["owner"]) == (second, "Sam")
    assert item["measure"] == "nothing runs out on a Saturday"


def test_a_step_in_the_persons_own_words_is_saved_and_the_plan_is_told(
    warm_copy: Path,
) -> None:
    env = {"ALE_DATA_DIR": str(warm_copy)}
    turns = chat(
        "own",
        env,
        PROBLEM,
        "i will talk to marco about getting the walk-in stocked the night before, me, by the 18th",
        "if nothing runs out for two saturdays",
        "did you save that?",
    )
    _, drafted, saved, told = turns
    step = "Talk to marco about getting the walk-in stocked the night before"
    assert drafted["reply"].startswith(f"A good step: **{step}**")
    assert "how will you know it worked?" in drafted["reply"]
    assert "It is on the plan" in saved["reply"] and "owned by you" in saved["reply"]
    assert told["reply"].startswith("Yes. Open on your plan:") and step in told["reply"]
    listed = json.loads(run_ale("plan", "list", "--session", "own", "--json", env=env).stdout)
    (item,) = listed["items"]
    assert (item["title"], item["owner"], item["source"]) == (step, "me", None)
    assert item["due"].endswith("-18") and item["measure"] == "nothing runs out for two saturdays"


def test_steps_days_and_owners_are_read_as_people_type_them() -> None:
    from assistant.actions.commit import answer_as, own_step, read_due, read_owner

    friday = dt.date(2026, 12, 4)
    assert read_due("me, monday 14th", friday) == ("2026-12-14", None)
    assert read_due("by Friday 18th", friday) == ("2026-12-18", None)
    assert read_due("by the 3rd", friday) == ("2027-01-03", None)  # the next 3rd
    assert read_due("monday 15th", friday) == (None, "monday 15th")  # the 15th is a Tuesday
    assert read_due("on the 2nd shift", friday) == (None, None)
    assert read_owner("lets do the second one, rosa my floor supervisor owns it") == "Rosa"
    assert read_owner("nobody owns it") is None
    # a weekday typed short where a day is meant; not "sat with him"
    assert read_due("next fri", friday) == ("2026-12-11", None)
    assert read_due("me, thurs", friday) == ("2026-12-10", None)
    assert read_due("i sat with him", friday) == (None, None)
    # "next <day>" is that day in the coming Monday-to-Sunday week
    assert read_due("ill ask him in our 1:1 next thurs about it", friday) == ("2026-12-10", None)
    assert read_due("next tuesday", friday) == ("2026-12-08", None)
    assert read_due("next friday", dt.date(2026, 12, 7)) == ("2026-12-18", None)
    assert own_step("also ill put a sign on the booking screen, me, monday") == (
        "Put a sign on the booking screen"
    )
    assert answer_as("owner", "i just said, rosa") == "Rosa"
    assert read_owner("actually no, my team lead jo should own it not me") == "Jo"
    assert read_owner("my supervisor owns it") is None  # a role, not a name
    assert answer_as("measure", "i just told you. the list gets shorter") == "the list gets shorter"
    assert (
        own_step(
            "ill bring it up with dave in our 1:1 next thursday, ask him if the leads can read "
            "out the changes"
        )
        == "Bring it up with dave in our 1:1, ask him if the leads can read out the changes"
    )
    assert own_step("none of those. what im gonna do is put one person on the rota, me") == (
        "Put one person on the rota"
    )
    assert own_step("ill ask my supervisor dave in my 1:1 next thursday about the scripts") == (
        "Ask my supervisor dave in my 1:1 about the scripts"
    )
    for said in (
        "ok ill try that",
        "we will know it worked when rooms are ready",
        "i will never get this done by friday",
        "what if i talk to him on monday?",
    ):
        assert own_step(said) is None, said


def test_an_item_is_taken_off_the_plan_in_words_and_kept_as_dropped(warm_copy: Path) -> None:
    env = {"ALE_DATA_DIR": str(warm_copy)}
    turns = chat(
        "drop",
        env,
        PROBLEM,
        "none of those really. what im gonna do is put one person on the order, me, by friday",
        "if nothing runs out for two saturdays",
        "remove the readiness one, i never agreed to it",
        "take the order one off",
        "whats on my plan",
    )
    unclear, dropped, told = turns[3], turns[4], turns[5]
    assert told["reply"].startswith("Nothing is on your plan yet")  # a dropped item is not open
    assert unclear["reply"].startswith("I couldn't tell which one you mean. Open on your plan:")
    assert "Good news" not in unclear["reply"]
    assert dropped["reply"].startswith("Done: **Put one person on the order** is off the plan")
    listed = json.loads(run_ale("plan", "list", "--session", "drop", "--json", env=env).stdout)
    (item,) = listed["items"]
    assert item["status"] == "dropped" and item["notes"][-1]["text"].startswith("(dropped)")


def test_how_it_will_be_judged_said_last_without_a_lead_in_is_the_measure() -> None:
    from assistant.actions.commit import Draft, fill

    friday = dt.date(2026, 12, 4)
    said = fill(
        Draft(title="X"), "jo should own it, by the 14th, no double bookings for a week", friday
    )
    assert (said.owner, said.due, said.measure) == (
        "Jo",
        "2026-12-14",
        "no double bookings for a week",
    )
    plain = fill(Draft(title="X"), "lets do the second one, Dana owns it, by Friday", friday)
    assert plain.measure is None


def test_a_move_picked_by_its_number_or_liked_by_its_place_is_a_commitment() -> None:
    from assistant.actions.commit import commits, pick

    shown = [("k/a.md", "Named owners"), ("k/b.md", "Role cards"), ("k/c.md", "Weekly list")]
    for said, source in (
        ("go with 2", "k/b.md"),
        ("option 3 please", "k/c.md"),
        ("#1", "k/a.md"),
        ("the third one sounds good", "k/c.md"),
    ):
        assert commits(said), said
        assert pick(said, shown) == next(s for s in shown if s[0] == source), said
    for said in (
        "we have 2 weeks",
        "go with 2 people",
        "try 3 times",
        "number 2 doesnt fit at all",
        "the second one wont work for us",
    ):
        assert not commits(said), said


def test_a_correction_is_read_only_when_it_changes_something() -> None:
    from assistant.actions.commit import amend

    today = dt.date(2026, 12, 1)
    shown = [("k/a.md", "Named owners"), ("k/b.md", "Role cards")]
    item = {"title": "Named owners", "owner": "me", "due": "2026-12-04", "measure": "m"}
    assert amend("no wait, I meant the second one", item, shown, today) == {
        "source": "k/b.md",
        "title": "Role cards",
    }
    assert amend("actually make it thursday", item, shown, today) == {"due": "2026-12-03"}
    assert amend("actually the first one is right", item, shown, today) == {}
    assert amend("the second one looks good too", item, shown, today) == {}  # not a correction
    assert amend("actually, should Sam own it?", item, shown, today) == {}  # a question


@pytest.mark.slow
def test_a_reply_read_as_nothing_is_asked_about_once_then_the_draft_is_left(
    warm_copy: Path,
) -> None:
    env = {"ALE_DATA_DIR": str(warm_copy)}
    _, asked, again, left = chat(
        "reask",
        env,
        PROBLEM,
        "Let's do the checklist one, Dana owns it, so that nothing runs out on a Saturday.",
        "after the holidays",
        "never mind, another thing: the dishwasher keeps breaking",
    )
    assert "by when?" in asked["reply"]
    assert again["reply"].startswith("I couldn't read that as an answer.")
    assert "by when?" in again["reply"]
    assert "It is on the plan" not in left["reply"] and "couldn't read" not in left["reply"]
    listed = json.loads(run_ale("plan", "list", "--session", "reask", "--json", env=env).stdout)
    assert listed["items"] == []


def test_asking_about_a_move_is_no_pick_and_no_answer_to_a_pending_question() -> None:
    from assistant.actions.commit import commits, short_reply

    for said in ("steps for the second one", "how do i start the checklist one"):
        assert not commits(said) and not short_reply(said), said
    assert commits("second one pls") and short_reply("soon")


def test_everyday_words_are_not_read_as_plan_commands() -> None:
    from assistant.actions.commit import (
        Draft,
        amend,
        commits,
        fill,
        own_step,
        pick,
        read_due,
        read_owner,
    )
    from assistant.coaching.coach import _DROPS

    friday = dt.date(2026, 12, 4)
    for said in (
        "Scrap that, the real problem is Sam never shows up",
        "Drop offs at the warehouse are always late",
        "bin collections keep getting missed",
    ):
        assert not _DROPS.match(said), said
    for said in (
        "our number 1 problem is the rota",
        "we do 2 shifts a day",
        "first one didnt work",
    ):
        assert not commits(said), said
    assert read_owner("nobody really owns it") is None
    assert read_owner("the rota takes it out of everyone") is None
    assert pick("i meant the third one", [("a", "A"), ("b", "B")]) is None  # not an IndexError
    assert read_due("the 2nd suggestion, me, by friday", friday) == ("2026-12-11", None)
    assert read_due("his 3rd warning", friday) == (None, None)
    assert read_due("sat the team down, me", friday) == (None, None)
    assert own_step("and we are going to lose two chefs by friday if this carries on") is None
    item = {"title": "A", "owner": "me", "due": "2026-12-11", "measure": "m"}
    story = "actually the real issue is nobody checks the fridge on monday"
    assert amend(story, item, [("a", "A")], friday) == {}
    judged = fill(
        Draft(title="x"), "the checklist one, me, by friday, the team will hate it", friday
    )
    assert judged.measure is None
