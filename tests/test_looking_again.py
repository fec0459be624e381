"""Outsiders told with an apposition, which-first with the person's own guess at the cause,
a reading looked at again after the person asked around, part-fixed steps, brush-offs and
the answers people got garbled: what fresh development sets 103-105 and two fresh-eyes
reviews showed the coach missing (stop 52)."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents
from assistant.coaching.policy import _proposal
from assistant.diagnosis.classifier import Classifier

from .test_listening import talk

# --- outsiders, and questions about them before any problem -----------------------------


@pytest.mark.parametrize(
    "story",
    [
        "I own a roofing company, nine roofers. One client, a property developer, pays 90 days "
        "late every single time and then argues every invoice line by line.",
        "I work the trade counter at a builders' merchant. One of our trade customers, a "
        "plumbing firm, is rude on the phone and refuses to pay his statement.",
    ],
)
def test_an_outsider_named_with_an_apposition_is_asked_about(coach: Coach, story: str) -> None:
    turn = talk(coach, story)[0]
    assert turn["action"] == "follow_up"
    assert turn["problems"] == []
    assert not turn["stored"]


@pytest.mark.parametrize(
    "question",
    [
        "My staff are great. One question: should I open an account with a second distributor "
        "as a backup?",
        "We hand the bag over like we always do. Is this on us or on them?",
    ],
)
def test_a_question_about_an_outsider_is_answered_before_any_problem(
    coach: Coach, question: str
) -> None:
    opener = "Our distributor has been on strike for two weeks and half our preorders are stuck."
    turns = talk(coach, opener, question)
    assert turns[1]["action"] == "answer"
    assert turns[1]["problems"] == []
    assert not turns[1]["stored"]


def test_a_reading_settled_after_the_questions_run_out_is_in_the_ledger(coach: Coach) -> None:
    turns = talk(
        coach,
        "Our distributor has been on strike for two weeks and half our preorders are stuck.",
        "My staff are great, honestly.",
        "Well, there is one thing. I asked the team to log customer preorders in the "
        "distributor's new ordering portal, and they keep using the old paper book. They say "
        "the portal is just the distributor trying to lock us in. I never told them it's the "
        "portal orders that decide our launch day allocation.",
    )
    last = turns[-1]
    assert last["action"] == "recommend"
    assert [p["sphere"] for p in last["problems"]] == [last["sphere"]]
    assert last["sphere"] == "leadership"


# --- which first, with the person's own guess at the cause -------------------------------


def test_a_guess_at_the_cause_picks_the_root_and_is_not_stored(coach: Coach) -> None:
    turns = talk(
        coach,
        "I'm a site manager for a housebuilder. The directors announced a bonus scheme tied to "
        "handover dates, then scrapped it with no explanation, and now the lads don't believe "
        "anything from head office.",
        "Separate thing: snagging. Every plot gets snagged differently, there's no standard "
        "list, so the same defects turn up at handover.",
        "Which do I go after first? Part of me thinks nobody bothers with snag lists anymore "
        "because of the bonus thing.",
    )
    last = turns[-1]
    assert last["action"] == "which_sphere"
    assert last["sphere"] == "leadership"
    assert not last["stored"]
    assert len(last["problems"]) == 2


@pytest.mark.parametrize(
    "again",
    [
        "More of the same this week. On Monday I said we're moving invoicing onto the app and "
        "got a wall of crossed arms and eye-rolls.",
        "Same again last night: nobody was in charge of the pack, everyone pointing at each other.",
        "And it happened again yesterday: the hotfix went out broken for the fourth time.",
    ],
)
def test_more_of_the_same_is_not_good_news(coach: Coach, again: str) -> None:
    opener = (
        "I own a plumbing firm. Since I brought in the job app the senior lads mock it in the "
        "yard and log jobs on paper out of spite. I never explained why I did it."
    )
    turns = talk(coach, opener, again)
    assert turns[1]["action"] != "affirm"
    assert "Good news" not in turns[1]["reply"]
    assert all(p["status"] == "open" for p in turns[1]["problems"])


def test_the_first_thing_that_needs_fixing_is_which_first(coach: Coach) -> None:
    opener = (
        "I'm a care assistant. Nobody knows whose job it is to reorder the continence supplies: "
        "the nurses think the carers do it, we think the nurse in charge does."
    )
    fixing = talk(coach, opener, "so what's the first thing that needs fixing here?")[1]
    assert fixing["action"] == "which_sphere"
    assert fixing["sphere"] == "accountability"
    doing = talk(coach, opener, "what's the very first thing I do tomorrow?")[1]
    assert doing["action"] == "answer"


# --- a reading looked at again -------------------------------------------------------


def test_talking_to_the_person_named_rereads_the_problem(coach: Coach, intents: Intents) -> None:
    looked = (
        "Talked to Rob, the super. He knows the dailies are his, it's in his job description "
        "and he has the template on his tablet. He just thinks they're pointless paperwork "
        "because nobody in the office has ever read one."
    )
    assert intents.rereads(looked)
    assert not intents.rereads("talked to the foreman, way less confusing this wk")
    turns = talk(
        coach,
        "Project manager for a general contractor. Daily reports from site are a disaster. "
        "Nobody fills them in, the foreman says it's the super's job, the super says the "
        "foreman is closer to the work.",
        looked,
    )
    last = turns[-1]
    assert last["sphere"] == "leadership"
    assert [p["sphere"] for p in last["problems"]] == ["leadership"]


def test_an_update_after_asking_around_is_no_good_news(coach: Coach, intents: Intents) -> None:
    update = (
        "Update after talking to Priya, who leads engineering. She knows triage is hers, she's "
        "had it in writing since January. She's dragging her feet because she thinks the "
        "24-hour bug target I announced is pointless. I never explained it."
    )
    assert not intents.brings_good_news(update)
    turns = talk(
        coach,
        "Founder of a software company. Bug reports sit in the queue for days. Support says "
        "triage is engineering's job, engineering says support should reproduce first.",
        update,
    )
    assert turns[1]["action"] == "recommend"
    assert turns[1]["sphere"] == "leadership"
    assert "accountability" in turns[1]["reply"].lower()  # the reading it replaces is named


def test_a_step_that_helped_in_part_keeps_one_open_entry(coach: Coach, intents: Intents) -> None:
    part = (
        "on the laptops, I made a checklist in a shared doc and it helped, most builds are "
        "clean now, but Ravi still does his from memory and his go out without encryption."
    )
    assert intents.news_outcome(part) == "part"
    turns = talk(
        coach,
        "I work on the IT helpdesk. Every laptop we set up comes out different because there's "
        "no standard image and no checklist, so we keep forgetting the VPN client.",
        part,
    )
    problems = turns[1]["problems"]
    assert [(p["sphere"], p["status"]) for p in problems] == [("execution", "open")]


def test_a_brush_off_is_a_step_that_failed(coach: Coach, intents: Intents) -> None:
    brushed = (
        "ok so i asked the TL about the targets like you said. he said its from head office "
        'and "thats just how it is". now what'
    )
    assert intents.news_outcome(brushed) == "failed"
    turns = talk(
        coach,
        "i pick at a distribution warehouse. targets went up from 180 to 210 cases an hour, "
        "nobody explained why, half the lads are looking for other jobs",
        brushed,
    )
    assert "Good news" not in turns[1]["reply"]
    assert all(p["status"] == "open" for p in turns[1]["problems"])


# --- who is speaking, and what is no symptom -------------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I'm first line at a managed IT services company.", "team-member"),
        ("I'm only on nights stacking shelves, so what can I do?", "team-member"),
        ("evening. landlord of a village pub here, 2 bar staff", "owner"),
        ("as a junior dev on a 12 person team, my PRs sit for a week", "team-member"),
        ("Head of stage let me draft a spike colour chart.", None),
        ("Bought the server, had the crew set it up with me.", None),
    ],
)
def test_who_is_speaking(intents: Intents, text: str, role: str | None) -> None:
    found = intents.role(text)
    assert (str(found) if found else None) == role


def test_guilt_and_an_outsiders_anger_are_no_symptom(classifier: Classifier) -> None:
    said = "We had a safeguarding referral. the family are furious. I feel awful, it was my shift"
    assert classifier.classify(said).sphere is None


def test_a_bare_job_title_is_no_evidence(classifier: Classifier) -> None:
    said = "Production manager on a touring theatre show. Crews mock the venue rules."
    quoted = [q for t in classifier.classify(said).tags for q in t.evidence]
    assert not any("Production manager" in q for q in quoted)


# --- answers that read as answers ------------------------------------------------------


def test_an_opinion_names_the_fix_in_the_persons_words(coach: Coach) -> None:
    opener = (
        "I run a food bank. Saturdays are chaos: every volunteer sets up their own way and "
        "nothing is written down, so the queue stalls."
    )
    turns = talk(
        coach,
        opener,
        "is getting a proper rota app worth it or is that overkill for a food bank?",
    )
    assert turns[1]["reply"].startswith("It can be worth it. A proper rota app is")
    assert "overkill" not in turns[1]["reply"].split(".")[1]
    assert _proposal("should I just do the safeguarding review myself?") == (
        "doing the safeguarding review yourself"
    )


def test_more_people_put_forward_gets_a_view(coach: Coach) -> None:
    turns = talk(
        coach,
        "Run a plumbing firm. Lads keep turning up to boiler jobs without the right parts, every "
        "engineer packs the van his own way and nothing is written down.",
        "honestly I think I just need another 2 engineers and a storeman",
    )
    assert turns[1]["action"] == "answer"
    assert "process smell" in turns[1]["reply"]
    assert not turns[1]["stored"]


def test_whether_to_be_the_one_who_fixes_it(coach: Coach) -> None:
    opener = (
        "i work on the plants at a garden centre, just an assistant. the new watering app gets "
        "ignored, the old boys say they've been watering by eye for 20 years"
    )
    turns = talk(
        coach,
        opener,
        "is that my problem tho?",
        "what?? i meant should i be the one sorting it. im 19 and part time",
    )
    assert turns[0]["industry"] == "retail"
    assert turns[0]["sphere"] == "leadership"
    assert turns[1]["action"] == turns[2]["action"] == "answer"
    assert turns[1]["reply"] != turns[2]["reply"]
    assert turns[2]["reply"].startswith("Not on your own")
