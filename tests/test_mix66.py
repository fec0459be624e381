"""What eight themed sets (260-267, stop 66: texting, one incident first, seasonal peaks,
pushing back, venting, short replies, new managers, numbers) showed the coach missing: a
second look said as "hmm talked to them and no, ...", "thinking more" or "I'm wrong about
that" not heard; "if i did the order i'd mess it up too" and "what drives them nuts is the
handoffs" taken for questions; "what first?" about one problem answered as first steps; a
step told as "the board approved ..." or "two shows with a sign-off" not heard as news; a
clerk's "new owner. changes stuff" taken for the speaker's own title; "4 caseworkers left
this year" and "one calls, one texts" not read at all; a vague opener's leaning words kept as
evidence while the coach asks; and a complaint that turns ("but honestly there's no count
procedure") filed under the sphere it turns away from."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents

from .test_listening import ledger_spheres as _spheres
from .test_listening import talk


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("if i did the ordering i'd mess it up the same way", False),
        ("what drives them nuts is the handoffs: code comes over with no notes", False),
        ("if we did a huddle would that help", True),
        ("crew bbq worth it or waste of time", True),
    ],
)
def test_statements_that_look_like_questions(intents: Intents, text: str, asks: bool) -> None:
    assert intents.asks(text) is asks


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("ok. what first?", True),
        ("what should they fix first do you think", True),
        ("which one of the three should be top of my list", True),
        # people, not problems: where to start with them
        ("how do I start with the two old-timers, I can't afford to lose them", False),
        ("what should I do first this week", False),
    ],
)
def test_what_first(intents: Intents, text: str, which: bool) -> None:
    assert intents.asks_which_sphere(text) is which


def test_what_first_about_one_problem_is_the_which_answer(coach: Coach) -> None:
    turns = talk(
        coach,
        "own a bagel shop. every batch of dough comes out different, nothing is written "
        "down, it's all in Rosa's head and she's off mondays",
        "ok. what first?",
    )
    assert turns[-1]["action"] == "which_sphere"


@pytest.mark.parametrize(
    "text",
    [
        "The board approved a volunteer lead role on Tuesday, and the April report went in "
        "two days early.",
        "Three gigs with a pack-list sign-off at the dock. Nothing left behind.",
    ],
)
def test_steps_told_with_their_result_are_news(intents: Intents, text: str) -> None:
    assert intents.brings_good_news(text)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "im the only qa person at a fintech startup and the devs ignore my bug reports",
            "team-member",
        ),
        ("I was made engineering lead of the mobile team in March", "manager"),
        ("just made site foreman on a school extension job", "manager"),
        ("sorry. english ok. sushi cook. the owner changes the menu every week", "team-member"),
        ("they made Tom the lead", None),
    ],
)
def test_who_is_speaking(intents: Intents, text: str, role: str | None) -> None:
    found = intents.role(text)
    assert (str(found) if found is not None else None) == role


def test_a_new_owner_spoken_of_is_no_title_of_a_clerk(coach: Coach) -> None:
    turns = talk(
        coach,
        "i work at a garden centre. vibe is bad",
        "new owner. changes the rota every week w no reason. everyone rolls their eyes",
    )
    assert [t["role"] for t in turns] == ["team-member", "team-member"]


@pytest.mark.parametrize(
    ("opener", "second_look", "before", "after"),
    [
        (
            "we keep putting marquees up wrong. i think nobody owns the install, the drivers "
            "think the crew lead does it and the crew lead thinks the drivers do",
            "hmm talked to them and no, the crew lead owns it for sure. its that theres no "
            "install sheet, every lead does it their own way",
            "accountability",
            "execution",
        ),
        (
            "line cook at a noodle bar. the sous is useless, the veg order came in wrong "
            "AGAIN and he blames whoever is nearest. nobody ever owns the screwup",
            "ok actually thinking about it its not really him. there's no par sheet, whoever "
            "orders just guesses. if i did the order i'd mess it up the same way",
            "accountability",
            "execution",
        ),
        (
            "sound tech on a touring musical. the tour manager says one thing, the producer "
            "says the opposite, and nobody believes the schedule any more",
            "ok thinking more its less the mixed msgs. its that nobody owns the advance, each "
            "of them thinks the other one does it",
            "leadership",
            "accountability",
        ),
        (
            "I own a cider barn. The press gets cleaned differently by every seasonal and "
            "nobody ever wrote the cleaning steps down.",
            "wait, I'm wrong about that. There is a written SOP and they all have it. The "
            "thing is nobody has been made responsible for checking it, it's 'whoever "
            "notices'.",
            "execution",
            "accountability",
        ),
    ],
)
def test_a_second_look_replaces_the_reading(
    coach: Coach, opener: str, second_look: str, before: str, after: str
) -> None:
    first, again = talk(coach, opener, second_look)
    assert _spheres(first) == [before]
    assert again["action"] == "recommend"
    assert _spheres(again) == [after]
    assert again["sphere"] == after


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "caseworker at a shelter. the director switched us to a new case system in a week, "
            "no explanation, we get told 'trust the process', and 4 caseworkers left this year",
            "leadership",
        ),
        (
            "I manage a late-night diner. Servers comp whatever they like and there's no rule "
            "for when you can comp something. Everyone just decides on their own.",
            "execution",
        ),
        (
            "front desk lead at a dental practice. the recall calls are a mess: one calls, one "
            "texts, one emails, and nobody logs who was reached",
            "execution",
        ),
        (
            "I'm an A2 on a tour. our production manager keeps promising days off and then it "
            "never happens, and the crew rolls their eyes when he talks",
            "leadership",
        ),
    ],
)
def test_plain_accounts_are_read(coach: Coach, text: str, sphere: str) -> None:
    (turn,) = talk(coach, text)
    assert turn["action"] == "recommend" and turn["sphere"] == sphere


@pytest.mark.parametrize(
    "text",
    [
        "Hi. I run the kitchen at a gastropub. Last night a table of ten waited 50 minutes "
        "for their mains.",
        "I own a physio clinic with 4 therapists. We had 41 missed appointments in March.",
        "I lead a team of 6 devs at an agency. We've missed 3 of the last 5 client deadlines.",
    ],
)
def test_one_figure_of_trouble_is_asked_about_and_nothing_is_stored(
    coach: Coach, text: str
) -> None:
    (turn,) = talk(coach, text)
    assert turn["action"] == "follow_up"
    assert not turn["stored"] and turn["problems"] == []


def test_a_vague_opener_stores_nothing_while_the_coach_asks(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "I own a bakery with 6 staff. food cost was 29% in January and it's 36% now. "
        "something's off and I can't see where",
    )
    assert turn["action"] == "follow_up"
    assert not turn["stored"] and turn["evidence"] == []


def test_a_complaint_that_turns_is_filed_under_what_it_turns_to(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "i work the till at a phone shop. the drawer is short every other week. Sam gets "
        "blamed, then me, then Sam again. but honestly there's no closing count procedure at "
        "all, everyone drops the drawer in the safe their own way",
    )
    assert turn["sphere"] == "execution"
    assert _spheres(turn) == ["execution"]


def test_a_symptom_beside_an_owned_mechanism_is_no_problem_of_its_own(coach: Coach) -> None:
    turns = talk(
        coach,
        "I own an AV hire company. Pull sheets are made from memory and every tech packs the "
        "truck their own way.",
        "Separate problem: when we get back nobody is responsible for checking gear back in. "
        "Broken cables go straight back on the shelf.",
    )
    assert _spheres(turns[-1]) == ["execution", "accountability"]


def test_titles_that_hide_different_jobs_are_accountability(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "I'm programs manager at a charity. Three people have 'coordinator' in their title "
        "but do completely different jobs, and nobody answers for the matches that fall "
        "through.",
    )
    assert _spheres(turn) == ["accountability"]
