"""What eight themed sets (284-291, stop 69: trouble first told through what customers see,
people asking for the exact words, volunteer-run organisations, sarcasm and understatement,
people asking the coach to explain itself, a long backstory before the trouble, one named
person blamed, and people coming back to say what they tried) showed the coach missing:
a working life told in steps ("started as a barista ... they made me manager") read by its
first job; "im on a roofing crew" and "one of 3 operators" not read as team members; a
shop's "events calendar" taken for live events and a charity's "booking app" for software;
"what sphere would you put first" not heard as asking which first; a lost client, "its all
tony" and "10/10 would tour again (I would not)" taken for no trouble; "I had the truck pack
part wrong", "it's less about blame than I made it sound", "the checklist was never the
issue" and "its bigger than Ortiz" not taken as a second look; "and the cherry on top: ..."
not heard as one more problem; two problems of one sphere told as a list in one sentence,
or as "same with X" / "X is the same story; ..." after a count, kept as one; of two problems of one sphere,
a second look at one took both back; and cues for two sides pointing at each other, a
handover that is one line, copies of one schedule that disagree, a record skipped, a
motive suspected ("the logs are just there to blame them") and a mood back ("joking around
again")."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.industry import Industries
from assistant.coaching.intents import Intents
from assistant.diagnosis.classifier import Classifier

from .test_listening import ledger_spheres as _spheres
from .test_listening import talk


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "Some history: the bakery was my aunt's. I started as a counter assistant in 2015, "
            "became head baker in 2018 and she made me manager last spring.",
            "manager",
        ),
        (
            "The firm was set up by two brothers in 2001. I joined in 2019 as office manager "
            "and we are 30 people now.",
            "manager",
        ),
        (
            "I worked for a big kitchen fitter until 2010, then went out on my own. By 2016 "
            "we had a unit and my business partner Sam joined us.",
            "owner",
        ),
        ("she became a supervisor last year and everything changed", None),
        ("im on a roofing crew, 4 of us", "team-member"),
        ("I'm one of 5 drivers at a flower wholesaler", "team-member"),
        ("I've worked in the pathology lab for nine years", "team-member"),
    ],
)
def test_who_is_speaking(intents: Intents, text: str, role: str | None) -> None:
    found = intents.role(text)
    assert (str(found) if found is not None else None) == role


def test_a_shops_events_calendar_is_no_live_event(coach: Coach) -> None:
    turns = talk(
        coach,
        "i work at a toy shop on the high street, been there 3 years.",
        "officially i'm a sales assistant but for a year i've run the events calendar and "
        "the window too, and when a supplier order is late it lands on me with no say over it",
    )
    assert turns[-1]["industry"] == "retail"


def test_a_booking_app_is_no_software_team(industries: Industries) -> None:
    assert industries.detect("we keep the rota in the booking app and on a whiteboard") is None
    assert industries.detect("we build a booking app for gyms") == "software"


@pytest.mark.parametrize(
    "ask", ["what sphere would you put first", "which sphere do you reckon we tackle first"]
)
def test_which_sphere_asked_by_name(coach: Coach, ask: str) -> None:
    turns = talk(
        coach,
        "I run a small garage. Nobody owns the parts order: the mechanics say the front desk "
        "does it, the desk says the mechanics do, and cars sit for days waiting on parts.",
        ask,
    )
    assert turns[-1]["action"] == "which_sphere"


@pytest.mark.parametrize(
    "opener",
    [
        "I own a signage company. Our biggest client, twelve years with us, just told us "
        "they're going with someone else next year.",
        "i own a landscaping company, 3 crews. honestly its all gary",
        "I'm a chef at a hotel. everything's wonderful. best job ever. (it is not)",
    ],
)
def test_trouble_told_only_by_its_outcome_is_asked_about(coach: Coach, opener: str) -> None:
    (turn,) = talk(coach, opener)
    assert turn["action"] == "follow_up"
    assert turn["problems"] == []


@pytest.mark.parametrize(
    "second",
    [
        "actually I had the scheduling part wrong. every foreman uses the same board, it's "
        "been that way for years. the real trouble is nobody owns ordering the skips, the "
        "foremen say it's the office and the office says it's the foremen",
        "the scheduling was never the issue, we checked. the real trouble is nobody owns "
        "ordering the skips, the foremen say it's the office and the office says it's the "
        "foremen",
        "it's less about scheduling than I made it sound. nobody owns ordering the skips, "
        "the foremen say it's the office and the office says it's the foremen",
    ],
)
def test_a_second_look_in_other_words_replaces_the_reading(coach: Coach, second: str) -> None:
    turns = talk(
        coach,
        "I run a small building firm. Scheduling is a mess: every foreman plans the week his "
        "own way, nothing is written down, and crews turn up at the wrong site.",
        second,
    )
    assert _spheres(turns[0]) == ["execution"]
    assert _spheres(turns[-1]) == ["accountability"]


def test_one_person_blamed_then_the_wider_picture(coach: Coach) -> None:
    turns = talk(
        coach,
        "I supervise nights at a bottling plant. Rejects on line 2 are up and it's all Kev. "
        "He skips recording fill weights and the line drifts for hours.",
        "actually its bigger than Kev. the whole crew stopped recording after the plant "
        "manager brought in the new audit in a five minute talk. they think the records are "
        "just there to blame them.",
    )
    assert turns[0]["action"] == "recommend"
    assert _spheres(turns[0]) == ["execution"]
    assert _spheres(turns[-1]) == ["leadership"]


def test_the_cherry_on_top_is_one_more_problem(coach: Coach) -> None:
    turns = talk(
        coach,
        "I'm a care assistant at a nursing home. Handover is chaos: the night staff tell "
        "the day staff whatever they remember, standing in the corridor, nothing written.",
        "and the cherry on top: when we proposed a proper handover sheet the manager said "
        "'lovely idea' and nothing came of it. people have stopped suggesting anything.",
    )
    assert _spheres(turns[-1]) == ["execution", "leadership"]


@pytest.mark.parametrize(
    ("text", "spheres"),
    [
        (
            "I manage a pub kitchen. Two things: orders get lost between the bar and the pass "
            "on quiz nights, and the starters are plated differently depending on who's on.",
            ["execution", "execution"],
        ),
        (
            "I manage a vet practice. Two problems. Nobody owns the controlled drugs check: "
            "the vets think the nurses do it, the nurses think the vets do. Same with the "
            "autoclave log, nobody owns it and it's blank most weeks.",
            ["accountability", "accountability"],
        ),
        (
            "I manage a community choir's office. Two problems. Venue bookings go in late "
            "because nobody owns them: the chair thinks I do it, I think the secretary does. "
            "Ticket refunds are the same story; some people got two, some none.",
            ["accountability", "accountability"],
        ),
    ],
)
def test_two_problems_of_one_sphere_in_one_message(
    coach: Coach, text: str, spheres: list[str]
) -> None:
    (turn,) = talk(coach, text)
    assert _spheres(turn) == spheres


def test_a_second_look_at_one_of_two_keeps_the_other(coach: Coach) -> None:
    turns = talk(
        coach,
        "Ops manager at a print works, 40 people. Two problems: trimming is done differently "
        "on every shift so the same job comes out in three sizes, and the handoff of sheets "
        "from press to bindery is a mess, pallets sit for days.",
        "I looked closer at the handoff. It isn't a process problem, there's a written flow "
        "and people follow it. The problem is no one owns the staging bay between the two, "
        "the press lead and the bindery lead each say it's the other's.",
    )
    assert _spheres(turns[0]) == ["execution", "execution"]
    assert _spheres(turns[-1]) == ["execution", "accountability"]


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "the drivers say the pickers load the wrong crates, the pickers say the drivers "
            "never check the manifest",
            "accountability",
        ),
        (
            "whoever finishes the late shift texts 'all fine' to the group and that's the whole "
            "handover, so we keep missing open jobs",
            "execution",
        ),
        (
            "we have three different rotas, a spreadsheet, a paper one and the app, and they "
            "never match each other",
            "execution",
        ),
        ("the supplier invoices come in every format you can imagine", "execution"),
        ("they think the cameras are just there to catch them out", "leadership"),
    ],
)
def test_plain_accounts_are_read(classifier: Classifier, text: str, sphere: str) -> None:
    assert str(classifier.classify(text).sphere) == sphere


def test_the_rumour_said_false_and_the_mood_back_are_no_trouble(classifier: Classifier) -> None:
    assert classifier.classify("the owner told us the closure rumour is false").sphere is None
    assert classifier.classify("people are laughing together at lunch again").sphere is None
    assert classifier.classify("there's a rumour the shop is closing").sphere is not None


@pytest.mark.parametrize(
    "question", ["how i say this to my supervisor", "how we raise it with the manager?"]
)
def test_a_question_without_do_is_a_question(intents: Intents, question: str) -> None:
    assert intents.question(question) == "first_steps"
