"""What sixteen more everyday-mix sets (204-219, stop 62) showed the coach missing: a second
look at one of two open problems kept as a third problem; a step told as "changed the bonus",
"agreed to trial", "asked the boss to ... and he did" taken for a new problem; a vague opener
whose cause the person cannot name ("... and I dont really know why") stored as evidence;
places named after a job ("I work as a pharmacy tech at a hospital") lost to later words;
and a leader's words followed by the opposite read as a process gap."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents
from assistant.coaching.policy import _ACTUALLY
from assistant.diagnosis.classifier import Classifier

from .test_listening import ledger_spheres as _spheres
from .test_listening import talk

# --- a second look at one of two problems ------------------------------------------------


def test_a_second_look_at_one_of_two_problems_changes_that_one(coach: Coach) -> None:
    first, again, which = talk(
        coach,
        "I run a 9-person design studio. Two things. Invoices go out late because nobody owns "
        "billing: the PMs say finance chases it, finance says the PMs have to send the "
        "hours, and when a client pays 60 days late nobody answers for it. And the "
        "handoffs to print: every designer preps files their own way, no checklist, and we "
        "reprinted a whole brochure run in May.",
        "Thinking about it more, the print files thing isn't a missing checklist. We have "
        "one pinned up. The designers just don't believe in it because I skip it myself "
        "whenever a client is shouting, right after telling them 'quality first'.",
        "which one should we fix first?",
    )
    assert _spheres(first) == ["accountability", "execution"]
    assert again["action"] == "recommend"
    assert _spheres(again) == ["accountability", "leadership"]  # the print one, read again
    assert _spheres(which) == ["accountability", "leadership"]


@pytest.mark.parametrize(
    "text",
    [
        "Hmm, I've thought about it and that's not it. The count sheet is fine.",
        "Hmm, when I dig into it, the eye-rolling is about one thing: the grant forms.",
    ],
)
def test_second_looks_in_more_words(text: str) -> None:
    assert _ACTUALLY.match(text)


# --- steps told as done, and what came of them ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Changed the bonus so it only counts jobs with no remakes. No remakes in 5 weeks",
        "Back. Did a proper 'why' session on Monday and handed the small accounts to Jo.",
        "our ward sister agreed to trial a discharge coordinator, one named nurse per shift",
        "so I asked the boss to do the lockout check with us on the Harwood job, and he did.",
        "I opened the books on the bonus pot and let two of them help decide how it's shared.",
    ],
)
def test_steps_told_in_new_words(intents: Intents, text: str) -> None:
    assert intents.tells_a_step(text)


def test_a_step_after_talking_to_someone_is_no_second_look(intents: Intents) -> None:
    assert not intents.rereads("talked to chef, he started using the sheet himself at lineup")
    assert intents.rereads("talked to Maria, turns out nobody ever showed her the sheet")


def test_still_happening_is_a_step_that_failed(intents: Intents) -> None:
    assert intents.news_outcome("our manager put names on the chart, still happening though") == (
        "failed"
    )
    # (news that worked for one problem and not another stays part of the way)
    assert (
        intents.news_outcome(
            "we made Maria the owner of lab cases, zero missed crowns since. the restocking is "
            "still a mess though"
        )
        != "failed"
    )


def test_news_of_a_step_that_worked_after_a_second_look(coach: Coach) -> None:
    *_, news = talk(
        coach,
        "I own a kitchen fitting business, 6 fitters. Measurements keep going wrong, worktops "
        "cut short, everyone measures their own way and there's no standard sheet.",
        "Thinking about it more, it's not the method. They all know the measuring sheet. They "
        "don't bother because I told them quality comes first and then paid a bonus for "
        "finishing fast. They think the sheet is just for show.",
        "Changed the bonus so it only counts jobs with no remakes and explained why at the "
        "Monday meeting. No remakes in 5 weeks",
    )
    assert news["action"] == "affirm"
    assert not news["stored"]
    assert _spheres(news) == ["leadership"]


# --- where they work ----------------------------------------------------


def test_a_place_named_after_a_job_outweighs_later_words(coach: Coach) -> None:
    first, stock = talk(
        coach,
        "hey, i work as a pharmacy tech at a hospital. just having a look at how this works",
        "ok so the stock room. expired stock keeps turning up on the shelves, nobody checks "
        "dates the same way and everyone restocks however they want",
    )
    assert first["industry"] == stock["industry"] == "healthcare"


# --- questions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("sorry, english: what can I do as an operator, im not a supervisor", "first_steps"),
        ("as a cook what can i even do about that, im not the boss", "first_steps"),
        ("why did you start with the rigging and not the hours though?", "why"),
        ("why the walk-in order thing and not the owner? the owner thing feels bigger", "why"),
    ],
)
def test_questions_in_newer_words(intents: Intents, text: str, kind: str) -> None:
    assert intents.question(text) == kind


def test_the_one_sphere_to_fix_first_asks_which(intents: Intents) -> None:
    assert intents.asks_which_sphere("what's the one sphere we should fix first here?")


# --- cues ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "The dentists say it's admin, admin says the dentists should flag patients, and 60 "
            "patients are overdue.",
            "accountability",
        ),
        ("the two teams argue about watering and there's no name against it", "accountability"),
        (
            "It's on the rota as 'team', so each shift assumes the last one did it",
            "accountability",
        ),
        (
            "the Sunday rota is kept on three different sheets and the desk was empty twice",
            "execution",
        ),
        (
            "Someone takes an order on a scrap of paper, someone else in the notebook, someone "
            "in the system",
            "execution",
        ),
        (
            "Donation sorting is done a different way by every volunteer, no pricing guide",
            "execution",
        ),
        ("Now when I talk strategy they nod and then do whatever they want.", "leadership"),
        ("They nod in meetings and nothing changes.", "leadership"),
        ("The devs have stopped believing I mean it.", "leadership"),
        (
            "the boss keeps going on about safety being number 1 and then when we're behind he "
            "tells us to skip the lockout checks",
            "leadership",
        ),
        (
            "Our plant director launched a 'right first time' campaign, banners everywhere, "
            "then told us to ship a batch that failed inspection",
            "leadership",
        ),
        (
            "I launched our 'person-centred care' plan with a big meeting, and the same month I "
            "cut the activities budget in half",
            "leadership",
        ),
    ],
)
def test_newer_cues_read_the_sphere(classifier: Classifier, text: str, sphere: str) -> None:
    assert classifier.classify(text).sphere == sphere


@pytest.mark.parametrize(
    ("text", "not_sphere"),
    [
        ("the partners told staff there'd be no more rota changes this year", "execution"),
        ("the team thinks the roadmap is just whatever the last big customer wants", "execution"),
        ("The staff now call it 'person-centred on paper'.", "accountability"),
        ("when we left the flats behind nobody was asked anything", "leadership"),
        ("some nights nothing gets written at all", "execution"),
        ("when I suggest anything new they say 'sure' and nothing happens", "accountability"),
    ],
)
def test_words_that_name_no_mechanism_of_a_sphere(
    classifier: Classifier, text: str, not_sphere: str
) -> None:
    assert not_sphere not in classifier.classify(text).cued


def test_however_they_like_is_no_liking(classifier: Classifier) -> None:
    diagnosis = classifier.classify("They feel nothing counts, so they price however they like.")
    assert "leadership" not in diagnosis.healthy
