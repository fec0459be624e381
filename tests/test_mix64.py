"""What sixteen more everyday-mix sets (236-251, stop 64) showed the coach missing: a second
look that says the first reading is sound ("They do own the close", "the setups follow the
sheet every time") kept as another problem; "anything i can do this week" and "which of those
should get fixed first" taken for small talk; the coach asked back ("like what do you want to
know?") asked again; two problems told as "The main one: ... The other: ..." read as one;
news told as "8 shows clean in a row" read as a new problem; and a question ("who should own
it honestly") taken for an owner speaking. (Role, trade and cue cases are in test_mix63.)"""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents

from .test_listening import ledger_spheres as _spheres
from .test_listening import talk

# --- a second look that says the first reading is sound ---------------------------------


@pytest.mark.parametrize(
    ("first", "again", "now"),
    [
        (
            "Own a diner. In January I made two of my servers 'shift leads' but they don't "
            "actually run anything. When the side work isn't done they shrug and say it's not "
            "on them.",
            "Actually I talked to both of them properly. They do own the close and they take it "
            "seriously. The real problem is nobody closes the same way. There's no closing list, "
            "one leaves the grill dirty, the other forgets to restock the line.",
            "execution",
        ),
        (
            "Shift supervisor at an injection moulding plant. Our scrap rate on line 3 is 9%. I "
            "think the setup is just done differently every time.",
            "Scratch that, I checked and the setups follow the sheet every time. It's the people "
            "on line 3. They were told in January their line would be automated and nobody has "
            "said a word since. They've basically stopped caring.",
            "leadership",
        ),
        (
            "Site superintendent for a general contractor. Punch list items don't get closed. "
            "Subs point at each other and nothing happens to anyone.",
            "No wait, I've been looking at it wrong. Each item on the punch list does have a "
            "sub's name on it and they know it. Where it falls apart is every sub closes out "
            "their own way. No standard for what 'done' means, no sign-off walk.",
            "execution",
        ),
    ],
)
def test_a_reading_said_sound_is_replaced_not_kept(
    coach: Coach, first: str, again: str, now: str
) -> None:
    _first, turn = talk(coach, first, again)
    assert turn["action"] == "recommend"
    assert _spheres(turn) == [now]


def test_another_problem_with_nobody_named_is_no_second_look(intents: Intents) -> None:
    text = "Two more while I'm at it. Nobody is named for the vaccine fridge temperature log."
    assert not intents.rereads(text)
    assert intents.rereads("the PM is named for the walkthrough")


# --- questions ------------------------------------------------------------------------------

ONE_PROBLEM = (
    "nobody owns the stockroom, shift leads blame the overnight crew and nobody gets written up"
)


@pytest.mark.parametrize(
    ("question", "action"),
    [
        ("anything i can do this week on either one", "answer"),
        ("Anything we could try before friday", "answer"),
        ("which of those should get fixed first you think", "which_sphere"),
        ("if I can only work on one thing this quarter, which one is it", "which_sphere"),
        ("So what's the priority here, is it really accountability?", "which_sphere"),
        ("and what should the store fix first", "which_sphere"),
        ("ok which sphere next then", "which_sphere"),
    ],
)
def test_questions_after_a_diagnosis(coach: Coach, question: str, action: str) -> None:
    _first, turn = talk(coach, ONE_PROBLEM, question)
    assert turn["action"] == action
    assert not turn["stored"]


@pytest.mark.parametrize(
    "question",
    [
        "like what do you want to know?",
        "what kind of detail are you after?",
        "hard to say. how would I even know what kind of problem it is?",
    ],
)
def test_a_question_asked_back_is_answered(coach: Coach, question: str) -> None:
    asked, turn = talk(coach, "I run a small bookshop and things have been messy lately", question)
    assert asked["action"] == "follow_up"
    assert turn["action"] == "answer"
    assert turn["problems"] == []


def test_a_question_is_no_one_speaking(coach: Coach) -> None:
    _opener, turn = talk(
        coach, "we had a really bad day at work yesterday", "who should own it honestly"
    )
    assert turn["role"] is None


def test_a_trailing_remark_about_people_is_no_evidence(coach: Coach) -> None:
    _first, turn = talk(
        coach,
        "I'm the production manager at a concert venue. On show days nobody owns the rigging "
        "plot sign-off. I think the head rigger does it, he thinks I do.",
        "how do I raise the sign-off thing with the owners? they're new and I don't know them "
        "well yet",
    )
    assert turn["action"] == "answer"
    assert not turn["stored"]
    assert _spheres(turn) == ["accountability"]


# --- two problems, and news ------------------------------------------------------------------


def test_the_main_one_and_the_other_are_two_problems(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "Store manager at a clothing chain here. Two problems. The worse one: nobody owns the "
        "fitting rooms. My assistant managers each say it's the other shift's job. The other "
        "one: head office sends new visual merchandising rules every month without explaining "
        "them, and my team has started ignoring them and joking about 'the monthly memo'.",
    )
    assert _spheres(turn) == ["accountability", "leadership"]


def test_new_one_though_is_another_problem_of_the_same_sphere(coach: Coach) -> None:
    *_, turn = talk(
        coach,
        "I own a remodeling company. The handoff from sales to the crew is a mess, the notes "
        "say nothing and the client was promised a tile nobody knew about.",
        "New one though. Everything runs through my lead carpenter Luis. He was out sick for a "
        "week and two jobs just stopped. None of it is written down anywhere.",
    )
    assert _spheres(turn) == ["execution", "execution"]


@pytest.mark.parametrize(
    "news",
    [
        "the SM owns all post-tech changes now with a sign-off sheet. 8 shows clean in a row",
        "had a team lunch, explained why we moved to the app and let them pick two features to "
        "turn off. nobody's called it the spy app since",
    ],
)
def test_results_told_are_news(intents: Intents, news: str) -> None:
    assert intents.brings_good_news(news)


def test_a_headcount_that_dropped_is_no_good_news(intents: Intents) -> None:
    assert not intents.brings_good_news(
        "Our volunteer tutor count dropped from 60 to 35 this year, and the ones who left said "
        "they didn't understand why we switched curriculum."
    )
    assert intents.brings_good_news("Complaints dropped from 12 to 2 this month.")
