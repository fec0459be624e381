"""What eight more everyday-mix sets (252-259, stop 65) showed the coach missing: "which
sphere matters most", "which area is the worst for us" and "out of both, what's more urgent"
not heard as the which-first question; "did a pre-pour checklist ..., no scramble" and
"should we do a receiving checklist first or ..." read the wrong way round (a step told taken
for a question, a question taken for news); "Hold on, I've rethought that." kept as another
problem; results told as "no issues" or "nobody has quit this month" missed; "the manager
promised ..." taken for the speaker's own title; and titles that do not match the work not
read as accountability."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents

from .test_listening import ledger_spheres as _spheres
from .test_listening import talk


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("which sphere matters most for us then", True),
        ("which area is the worst for us", True),
        ("which one of your three things is the worst for us then", True),
        ("out of both, what's more urgent", True),
        ("between the two, which is most pressing?", True),
        # a place or a thing that is worst, not a choice between problems
        ("the worst part is the Monday delivery", False),
        ("honestly the grill station matters most to the chef", False),
    ],
)
def test_more_ways_to_ask_which_first(intents: Intents, text: str, which: bool) -> None:
    assert intents.asks_which_sphere(text) is which


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # a step told, without a subject: no question
        (
            "did a pre-pour checklist for both pours this week, inspections booked 48 hrs "
            "ahead, no scramble",
            False,
        ),
        # still asked: the auxiliary before its subject
        ("did the checklist help at all", True),
        ("should we do a receiving checklist first or just get a better POS system", True),
    ],
)
def test_a_step_told_is_no_question_and_a_choice_is(
    intents: Intents, text: str, asks: bool
) -> None:
    assert intents.asks(text) is asks


def test_asking_what_to_do_is_no_news(intents: Intents) -> None:
    text = "should we do a receiving checklist first or just get a better POS system"
    assert not intents.brings_good_news(text)
    assert not intents.reports_a_step(text)


@pytest.mark.parametrize(
    "text",
    [
        "we named one rigger per show who owns and signs every point, did it all weekend. "
        "clipboard at the motor distro, no issues",
        "We tried it. I walked the team through why the spring menu changed and had the sous "
        "chef run a tasting for input. Nobody has quit this month and two cooks volunteered "
        "ideas for the summer menu.",
    ],
)
def test_results_told_plainly_are_news(intents: Intents, text: str) -> None:
    assert intents.brings_good_news(text) or intents.reports_a_step(text)


def test_a_problem_that_ends_with_no_issue_named_is_no_news(intents: Intents) -> None:
    # "no ..." at the end of a complaint is the complaint, not a clean result
    text = "the handoff is a mess, builds come over with no notes"
    assert not intents.brings_good_news(text)


def test_rethought_replaces_the_reading(coach: Coach) -> None:
    first, again = talk(
        coach,
        "I'm a booking assistant at a small concert promotion company. Nobody knows who's "
        "advancing which show, it's 'the team', and when the rider is wrong nobody answers "
        "for it.",
        "Hold on, I've rethought that. Everyone knows who has which show, it's on the "
        "whiteboard. What's really happening is each of us advances differently: different "
        "templates, some by email, some by phone. There's no standard.",
    )
    assert _spheres(first) == ["accountability"]
    assert again["action"] == "recommend" and _spheres(again) == ["execution"]


def test_someone_else_promising_is_no_title_of_the_speaker(coach: Coach) -> None:
    turns = talk(
        coach,
        "i wait tables at a brewpub. honestly things are a mess lately",
        "ok so. the manager promised in january we'd see the tip-out numbers every week, "
        "hasnt happened once. nobody believes him anymore and half of us are job hunting",
    )
    assert [t["role"] for t in turns] == ["team-member", "team-member"]
    assert turns[1]["sphere"] == "leadership"


def test_titles_that_do_not_match_the_work_are_accountability(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "I own a 12-person SaaS company. our 'Head of Customer Success' spends all day fixing "
        "billing bugs, our 'Product Lead' does sales calls, nobody's title matches what they "
        "do, and when churn went up to 6% in Q2 nobody felt it was on them",
    )
    assert turn["action"] == "recommend" and turn["sphere"] == "accountability"


def test_a_second_look_at_one_of_two_problems_replaces_that_one(coach: Coach) -> None:
    first, again = talk(
        coach,
        "Production manager at a corporate events company. Two things. Pull sheets are done "
        "from memory, every PM builds them differently, and last week we turned up with no DI "
        "boxes. And our account managers promise clients anything and then it's 'not my "
        "problem' when the show team can't deliver.",
        "Actually scratch the second one, the AMs are fine, they just pass on what clients ask "
        "for. The real issue is the directors keep saying 'quality first' in meetings and then "
        "book us three shows a day, so nobody believes the quality line anymore.",
    )
    assert _spheres(first) == ["execution", "accountability"]
    assert again["action"] == "recommend"
    assert _spheres(again) == ["execution", "leadership"]


def test_one_said_to_be_fine_before_the_real_second_problem_is_replaced(coach: Coach) -> None:
    first, again = talk(
        coach,
        "I own a hardware store, 14 staff. Two things. Nobody owns the key cutting machine, "
        "it's been broken for 3 weeks and everyone assumed someone else had reported it. And "
        "returns are handled differently depending on who's on the till.",
        "actually the returns thing is fine now, Mike wrote it down last week and everyone's "
        "using it. the real second problem is the staff don't believe in the loyalty scheme I "
        "launched. they think it's a gimmick and roll their eyes when I bring it up.",
    )
    assert _spheres(first) == ["accountability", "execution"]
    assert again["action"] == "recommend"
    assert _spheres(again) == ["accountability", "leadership"]


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("where do I even start with the deploy checklist", False),  # a move named
        ("where do i even start", True),
        ("where do we start with the two problems", True),
    ],
)
def test_where_to_start_with_a_named_move_is_no_which_first(
    intents: Intents, text: str, which: bool
) -> None:
    assert intents.asks_which_sphere(text) is which


def test_one_more_marks_another_problem_even_of_the_same_sphere(coach: Coach) -> None:
    turns = talk(
        coach,
        "I manage one branch of a hardware store chain. Every cycle count gets done a "
        "different way and half the team skips the back room.",
        "and one more while I'm here: supplier deliveries. whoever's on when they arrive "
        "checks them in however they like, sometimes nobody counts the pallets",
    )
    assert _spheres(turns[-1]) == ["execution", "execution"]


def test_a_first_good_meeting_in_months_is_news(intents: Intents) -> None:
    assert intents.brings_good_news(
        "so on Tuesday I sat the shift leads down and asked them to redesign it themselves. "
        "first meeting in months where nobody rolled their eyes"
    )
