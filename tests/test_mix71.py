"""What two themed sets (296 and 298, stop 71: people who say what works beside what does
not, and training and onboarding) showed the coach missing: a shift that leaves no notes, a
setting changed without a word, three ways of doing one thing side by side, a handover done
badly and news found out by accident, the plan living on one person's phone, a wall closed
before its inspection; "people joke that 'leadership has no plan'" read as a missing plan,
"nobody asked us to skip it" read as a team nobody listens to; "I'm being unfair to nights"
not heard as a second look; a devtools company not placed in software; "work in the yard
at", "6 weeks into a job at" and "moved from ... to ... lead for 8 shops" not placed; "From
Monday the nurse on each shift is the named sign-off person" not heard as a step; and
"did the huddle every morning" (a step told, its subject left out) taken for a question."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents
from assistant.diagnosis.classifier import Classifier

from .test_listening import ledger_spheres as _spheres
from .test_listening import talk


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "the late shift leaves no notes, so we find out at noon that the oat milk ran out",
            "execution",
        ),
        ("someone changed the oven temps and didn't tell anyone", "execution"),
        (
            "Some of the nurses hand over from the sheet, some just talk, some skip the drains "
            "entirely.",
            "execution",
        ),
        ("the temps get a different induction every time", "execution"),
        ("at shift change nobody hands over properly to the new starters", "execution"),
        ("the job schedule only lives on the foreman's phone", "execution"),
        ("the plasterers close the ceiling before we've had our inspection", "execution"),
        ("the crew openly joke that management has no plan", "leadership"),
    ],
)
def test_trouble_told_in_these_words_is_read(
    classifier: Classifier, text: str, sphere: str
) -> None:
    assert str(classifier.classify(text).sphere) == sphere


def test_a_plan_said_missing_of_the_top_is_no_missing_process(classifier: Classifier) -> None:
    found = classifier.classify(
        "The bug tracker is fine. But nobody told us why the reorg happened and people now "
        "joke that 'leadership has no plan'."
    )
    assert found.sphere == "leadership"
    assert "execution" not in {str(t.sphere) for t in found.tags}
    # a plan the team lacks is still a process problem
    assert str(classifier.classify("we have no plan for the weekend rush").sphere) == "execution"


def test_pressure_that_stopped_is_no_unheard_team(classifier: Classifier) -> None:
    assert "leadership" not in {
        str(t.sphere)
        for t in classifier.classify("First week since, nobody asked us to skip it.").tags
    }
    assert str(classifier.classify("nobody asked us before they changed the rota").sphere) == (
        "leadership"
    )


def test_being_unfair_to_a_team_takes_the_reading_back(intents: Intents) -> None:
    assert intents.rereads("wait, I'm being unfair to nights. Bev owns the stockroom.")
    assert not intents.rereads("the night shift is being unfair to the day shift")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("work in the yard at a scaffolding firm. 2 things.", "team-member"),
        ("hey so im 6 weeks into a job at a phone shop", "team-member"),
        (
            "I got moved from running one store to regional visual merchandising lead for 8 shops.",
            "manager",
        ),
    ],
)
def test_who_is_speaking(intents: Intents, text: str, role: str) -> None:
    assert intents.role(text) == role


def test_a_devtools_company_is_software(coach: Coach) -> None:
    turns = talk(coach, "I'm the founder of a small devtools company, 9 people.")
    assert turns[0]["industry"] == "software"


def test_a_named_owner_from_monday_and_carers_signed_off_is_news(coach: Coach) -> None:
    turns = talk(
        coach,
        "I'm deputy manager at a care home. Nobody ever signs a new carer off as competent: "
        "the seniors say it's the nurse's job, the nurse says it's mine.",
        "From Monday the nurse on each shift is the named sign-off person. Three new carers "
        "have been properly signed off already.",
    )
    assert turns[0]["sphere"] == "accountability"
    assert turns[1]["action"] == "affirm" and not turns[1]["stored"]


def test_a_step_told_without_its_subject_is_no_question(intents: Intents) -> None:
    assert not intents.asks("did the huddle every morning this week, no misses")
    assert not intents.asks("did my first one-on-one with Dave, went well")
    assert intents.asks("did the team agree to it")
    assert intents.asks("did the huddle every morning help")
    assert intents.asks("did the team like it")


def test_a_correction_in_its_own_words_replaces_the_entry(coach: Coach) -> None:
    turns = talk(
        coach,
        "Produce manager at a grocery store. The back stockroom is nobody's. Dairy blames "
        "produce, produce blames the night shift, and pallets sit in the aisle for hours.",
        "wait, I'm being unfair to nights. Bev owns the stockroom and she clears it every "
        "night. The real problem is date rotation. Everyone does it differently and we threw "
        "away 60 kg of yogurt last week.",
    )
    assert _spheres(turns[0]) == ["accountability"]
    assert _spheres(turns[1]) == ["execution"]
    assert "accountability" in turns[1]["reply"].lower()


@pytest.mark.parametrize(
    "text",
    [
        "The director came to Tuesday's briefing and explained the end date himself. People "
        "were noticeably less cynical after.",
        "spoke up at the tuesday meeting, boss listened and stopped the job a day to fit the "
        "edge protection. feels different on site this week",
        "The two directors came out Monday and ran the briefing themselves. Every gang did it "
        "properly all week.",
    ],
)
def test_a_leader_stepping_in_and_what_came_of_it_is_news(intents: Intents, text: str) -> None:
    assert intents.reports_a_step(text)
    assert intents.brings_good_news(text)
    assert intents.news_outcome(text) == "worked"


def test_a_leader_who_came_and_shouted_is_no_news(intents: Intents) -> None:
    assert not intents.brings_good_news(
        "The director came to the briefing and shouted at everyone about the delays."
    )
