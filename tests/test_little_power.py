"""People with little power over the problem (agency staff, the newest on the rota, the
nurse in charge of a night), and two problems of which one causes the other: what fresh
development sets 110 and 113 and a fresh-eyes review showed the coach missing
(stop 54)."""

from __future__ import annotations

import re

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents

from .test_listening import talk

# --- who is asking ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("hey, I'm agency, they send me to a care home most Sundays", "team-member"),
        ("Agency picker at a parcel hub. The scanners never get charged.", "team-member"),
        ("I'm only agency so nobody listens to me anyway", "team-member"),
        ("I'm the lowest rung in the office, I just do what I'm told", "team-member"),
        ("I'm the only person on the late desk at a hire firm", "team-member"),
        ("I've got a Saturday job at a garden centre", "team-member"),
        ("It's my first proper job and the stockroom is a tip", "team-member"),
        ("Honestly I don't know who my boss is half the time", "team-member"),
        ("I'm the newest and youngest person on the ward", "team-member"),
        ("I'm the nurse in charge on the late shift at a hospice", "manager"),
        ("I'm the chargehand for the drylining gang", "manager"),
        ("I run the bar on Fridays at a golf club", "manager"),
        ("I run a bar in town, twelve staff", "owner"),
        # colleagues on "my team" are no reports of an assistant
        ("Sales assistant at a shoe shop. Two people on my team quit in May.", "team-member"),
        # a sentence that opens with people spoken of is no title of the speaker
        ("The porters though. Nobody tells them which ward comes first.", None),
    ],
)
def test_who_is_asking_when_they_have_little_power(
    intents: Intents, text: str, role: str | None
) -> None:
    assert intents.role(text) == role


def test_the_most_junior_replaces_a_role_guessed_before(intents: Intents) -> None:
    assert intents.steps_down("To be fair I'm the most junior person in accounts")
    assert intents.steps_down("I'm only agency though, I can't tell the chef anything")
    assert not intents.steps_down("On Mondays I do the ordering myself")


def test_an_owner_stays_the_owner_when_they_speak_of_their_workers(coach: Coach) -> None:
    turns = talk(
        coach,
        "I founded a small theatre charity, eight staff. Our grant reports are late every "
        "quarter because nobody has been told they own them.",
        "The youth workers though. Since the board cut the Saturday club without saying why, "
        "they've stopped believing anything we plan will last.",
    )
    assert [t["role"] for t in turns] == ["owner", "owner"]


# --- which problem lies behind which -------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "root"),
    [
        (  # the new one said to cause the first: "that's half the reason"
            "I manage a bakery counter. The allergen labels get written differently by "
            "everyone and last week a tray went out with no label at all.",
            "Also nobody is in charge of checking the labels before we open. Each of us assumes "
            "the early baker does it, and I'm fairly sure that's half the reason the labels are "
            "wrong.",
            "accountability",
        ),
        (  # the new one said to cause the first: "I reckon it's because"
            "I lead a support team at a software firm. Nobody owns the weekend on-call, it's "
            "just 'the team', and when something breaks on a Sunday everyone says it wasn't "
            "theirs.",
            "I reckon it's because there's no handover at all on Fridays. Everyone passes things "
            "on their own way, tickets get closed with no notes and the same faults come back.",
            "execution",
        ),
        (  # the first said to cost the second: "it's costing us people"
            "I own a landscaping firm. Every job starts with a scramble, the kit list is done "
            "from memory and we turn up short of edging or seed half the time.",
            "And now it's costing us people. Two of my best lads left this spring and the rest "
            "roll their eyes at anything I announce, they don't believe it will ever change.",
            "execution",
        ),
        (  # the cause given in the words of the first problem
            "I'm a physio assistant at a clinic. Handovers between sessions are different "
            "with every physio, some write notes, some just talk you through it, and last "
            "week a patient's exercise plan got missed.",
            "Two of the senior physios are leaving and the rest have stopped believing anything "
            "will change. Both said they're sick of the firefighting and the same mistakes "
            "every week.",
            "execution",
        ),
    ],
)
def test_a_cause_the_person_names_decides_which_comes_first(
    coach: Coach, first: str, second: str, root: str
) -> None:
    turns = talk(coach, first, second, "Which of the two should I fix first?")
    assert len(turns[1]["problems"]) == 2, turns[1]["reply"]
    assert turns[2]["action"] == "which_sphere"
    assert turns[2]["sphere"] == root, turns[2]["reply"]


def test_a_cause_told_inside_the_new_problem_is_not_taken_for_the_root(coach: Coach) -> None:
    # "since the merger" repeats the words of the new problem, not of the first one told:
    # the order of the cycle decides (belief before ownership)
    turns = talk(
        coach,
        "I run a youth charity. We merged with another charity last year and I announced the "
        "new structure by email without explaining why. The old team stopped trusting me.",
        "On top of that, our grant reports are late every quarter. Since the merger nobody "
        "knows whether the finance lead or the project leads own them, so each side says it's "
        "the other's job.",
        "Which of these do I fix first?",
    )
    assert [p["sphere"] for p in turns[1]["problems"]] == ["leadership", "accountability"]
    assert turns[2]["sphere"] == "leadership", turns[2]["reply"]


# --- what a fresh-eyes review showed ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("nobody was hurt lol, it's the call logs that nobody fills in", 0),
        ("I said NOBODY was hurt", 0),
        ("no injuries, thank god, but the cage tipped over", 0),
        ("nothing was taken but the till was £40 short", 1),
        ("a customer got hurt on the back stairs", 3),
        ("two cars went back out and the wheel nuts weren't torqued", 3),
    ],
)
def test_harm_said_not_to_have_happened_is_no_harm(text: str, level: int) -> None:
    from assistant.diagnosis import stakes

    assert stakes.level(text) == level


def test_no_incident_report_is_asked_for_when_nobody_was_hurt(coach: Coach) -> None:
    turn = talk(
        coach,
        "I manage an estate agency branch. Call-backs get logged in three different places, "
        "some on the CRM, some on post-its, and last week two buyers never got called back. "
        "Nobody was hurt, it's just sloppy.",
    )[0]
    assert turn["action"] == "recommend"
    assert "someone was hurt" not in turn["reply"] and "incident" not in turn["reply"]


def test_moves_the_person_cannot_do_are_left_out_by_name(coach: Coach) -> None:
    first, second = talk(
        coach,
        "I'm an agent at a call centre. Billing queries get passed to another team and "
        "nobody owns them once they leave us. Each team says the customer is the other's, "
        "so customers ring back angrier.",
        "i cant do role cards or cross training, im on the phones all day. is there anything "
        "i can do on my own calls?",
    )
    shown = {i["title"] for i in first["interventions"]}
    named = {t for t in shown if re.search(r"role cards|cross-training", t, re.I)}
    assert named, shown  # the test needs both moves to have been shown
    assert second["action"] == "answer"
    assert not named & {i["title"] for i in second["interventions"]}
    assert not re.search(r"role cards|cross-training", second["reply"], re.I)
    assert "other kinds of work" not in second["reply"]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("An all hands for 9 people across two shops? Seems a lot.", None),
        ("I own a sheet metal fabrication works, 30 on the floor.", "owner"),
        ("I'm not in charge of anything, I just pick orders", "team-member"),
    ],
)
def test_meetings_and_works_are_read_for_what_they_are(
    intents: Intents, text: str, role: str | None
) -> None:
    assert intents.role(text) == role


# --- one problem or two, and which one a correction takes back -----------------------------


def test_two_problems_asked_about_are_told_apart_with_a_fix_for_each(coach: Coach) -> None:
    *_, turn = talk(
        coach,
        "I run the kitchen at a sandwich company. The labels on our boxes are all over the "
        "place, each chef writes the allergens differently.",
        "Separate thing: the van. Nobody is responsible for the van, it's overdue a service and "
        "when a tyre went flat three people said it wasn't theirs to sort.",
        "Are those the same problem underneath, or two different things?",
    )
    assert turn["action"] == "answer"
    assert len(turn["problems"]) == 2
    assert "Two problems" in turn["reply"] and "own fix" in turn["reply"]


def test_a_problem_said_to_lie_behind_another_is_told_as_connected(coach: Coach) -> None:
    *_, turn = talk(
        coach,
        "I manage a joinery workshop. Nobody owns the saw blades, they're 'communal', and when "
        "one goes missing each shift blames the other.",
        "Which is a big part of why changeovers take anywhere from 20 minutes to two hours, "
        "depending on who's doing it, and we scrapped three batches this month.",
        "Are those connected?",
    )
    assert [p["sphere"] for p in turn["problems"]] == ["accountability", "execution"]
    assert turn["reply"].startswith("Connected, by your own account")


@pytest.mark.parametrize(
    ("correction", "kept", "now"),
    [
        (  # the roles reading is taken back, the process one stays
            "Ok I asked around and I had it wrong. Asha the supervisor does own the list, it's "
            "on her sheet. The lads just ignore it: since the new manager changed the menu "
            "every week without a word of explanation, nobody believes the list matters.",
            "execution",
            "leadership",
        ),
        (  # the buy-in reading is taken back, the process one stays
            "Hang on, I talked to them properly and I had it wrong. They actually like the "
            "forms. The problem is nobody ever decided who fills them in, the therapist or "
            "reception, so each assumes the other does it.",
            "execution",
            "accountability",
        ),
    ],
)
def test_a_correction_takes_back_the_reading_it_denies(
    coach: Coach, correction: str, kept: str, now: str
) -> None:
    first = {
        "leadership": "I own a physio clinic. My physios won't use the new outcome forms, they "
        "nod along in meetings and then don't fill them in, and call it another of my fads.",
        "accountability": "I'm a line cook. Nobody is in charge of the prep list, chef says the "
        "morning cook does it and the morning cook says it's the sous.",
    }
    second = {
        "leadership": "And claims keep bouncing because the forms aren't done. Reception "
        "resubmits each one a different way, so some bounce twice.",
        "accountability": "Also prep is a mess every night, by 6pm we're out of sauce and "
        "everyone preps from memory a different way.",
    }
    taken_back = "leadership" if "forms" in correction else "accountability"
    turns = talk(coach, first[taken_back], second[taken_back], correction)
    spheres = [p["sphere"] for p in turns[-1]["problems"]]
    assert sorted(spheres) == sorted([kept, now]), turns[-1]["reply"]
    assert taken_back not in spheres


def test_a_team_member_asking_what_they_can_do_gets_steps_within_reach(coach: Coach) -> None:
    first, second, third = talk(
        coach,
        "I'm a care assistant at a nursing home. Handover is different with every carer, some "
        "use the sheet, some just talk you through it, and last week a resident's meds got "
        "missed.",
        "I can't make the day staff use a sheet. What can I do from my end?",
        "and from my end, what else?",
    )
    assert first["role"] == "team-member" and first["sphere"] == "execution"
    assert second["action"] == "answer" and not second["problems"][1:]
    assert second["reply"].startswith("From where you stand")
    assert "your own work" in second["reply"]
    assert "(source: knowledge/" in second["reply"]
    # asked again: in short, not the same three steps twice
    assert "From where you stand" not in third["reply"]


def test_which_first_asked_with_are_they_connected_answers_both(coach: Coach) -> None:
    *_, turn = talk(
        coach,
        "I own a craft brewery, 12 staff. Nobody owns the tank cleaning sign-off: each brewer "
        "thinks another one did it, and two batches went out infected.",
        "Also my co-founder keeps changing the brew schedule on a whim without telling anyone "
        "why, and the brewers have stopped believing any plan will hold.",
        "Are these connected? I feel like the schedule chaos is why cleaning gets rushed. "
        "Which do I deal with first?",
    )
    assert turn["action"] == "which_sphere" and turn["sphere"] == "leadership"
    assert "Connected, by your own account" in turn["reply"]
    assert len(turn["problems"]) == 2 and not any(p["status"] != "open" for p in turn["problems"])


def test_a_cause_told_between_two_problems_of_one_message_is_the_root(coach: Coach) -> None:
    *_, turn = talk(
        coach,
        "I own a vet practice. Our nurses keep leaving, three in six months. Exit interviews "
        "all say the same: nobody owns the rota, so they never know which consult room "
        "they're in till the morning.",
        "So which comes first?",
    )
    assert [p["sphere"] for p in turn["problems"]] == ["leadership", "accountability"]
    assert turn["sphere"] == "accountability", turn["reply"]


def test_a_line_of_work_said_not_to_be_theirs_is_taken_back(coach: Coach) -> None:
    first, second = talk(
        coach,
        "Hi, I'm a junior accountant at a small practice, five of us. Month end is a nightmare.",
        "also im not in healthcare lol, it's an accountancy firm",
    )
    assert first["industry"] == "healthcare"  # "practice" alone reads as a clinic
    assert second["industry"] is None


@pytest.mark.parametrize(
    "news",
    [
        "we lost a £5k grant in March, the report was two weeks late and everyone thought "
        "Priya was doing it",
        "line 2 was down 6 hours on thursday and I only found out on friday",
        "we've gone from 40 sign-ups a week to 6",
    ],
)
def test_a_loss_told_after_advice_is_more_of_the_problem_not_good_news(
    coach: Coach, news: str
) -> None:
    first, second = talk(
        coach,
        "I own a small youth charity. Nobody owns the grant reports: each of us thinks "
        "someone else is writing them, and they keep going in late.",
        news,
    )
    assert first["action"] == "recommend"
    assert second["action"] != "affirm", second["reply"]
    assert all(p["status"] == "open" for p in second["problems"])


def test_a_brush_off_and_a_load_nobody_can_carry_is_no_step_that_worked(coach: Coach) -> None:
    *_, turn = talk(
        coach,
        "I'm a cleaner at a primary school, evenings. Since our supervisor left nobody does "
        "the rota, so two of us do the same corridor and the hall gets missed.",
        "update - asked the site manager who owns the hall, he just said sort it out between "
        "yourselves. so now I've got the hall plus 4 classrooms in 3 hours which I physically "
        "can't do",
    )
    # news of a step that did not work: the problem stays open, and no "good news"
    assert all(p["status"] == "open" for p in turn["problems"]), turn["reply"]
    assert "Good news" not in turn["reply"]
