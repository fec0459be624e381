"""What two themed sets (293 and 295, stop 70: trouble involving people outside the team,
and polite writers who hedge) showed the coach missing: a log each person fills in their own
way and leaves empty half the time, a batch made to each cook's own measure, a change told
by a note followed by a cold team, "after we're done" read as people fed up, "Second,
smaller maybe, ..." not heard as the lesser of two problems, "on second thought the prep
isn't it" not heard as a second look, a result with "everything came back, first
clean return" taken for asking which sphere comes first; notes "late and missing bits", a job
agreed to "whoever closes", a change "brought in ... then never mentioned again" not read;
"I coordinate volunteers at a food bank" and "I don't want to blame anyone" read as
trouble; "every loaf has been out by 7 since" not heard as a result."""

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
            "Two of us fill in the fridge log, one puts the date and the other puts the day, "
            "and most of the days it's empty.",
            "execution",
        ),
        ("nobody knows what we're supposed to do when the freezer alarm goes", "execution"),
        ("each baker cuts them to a different size, so no two trays match", "execution"),
        ("the delivery reports are usually late and incomplete", "execution"),
        (
            "we agreed whoever opens does the bank run, and I've never said a word to anyone "
            "about it when it's missed",
            "accountability",
        ),
        (
            "the director rolled out a suggestion box in spring, then never once mentioned it "
            "again",
            "leadership",
        ),
        (
            "When we moved the rota to Sundays I just pinned a notice in the staff room, and "
            "the kitchen has been frosty with me since.",
            "leadership",
        ),
    ],
)
def test_trouble_told_in_these_words_is_read(
    classifier: Classifier, text: str, sphere: str
) -> None:
    assert str(classifier.classify(text).sphere) == sphere


def test_hedges_and_introductions_are_no_symptom(classifier: Classifier) -> None:
    from assistant.diagnosis.classifier import about_the_speaker

    assert about_the_speaker("I supervise cleaners at a hotel, it's a paid job and I report to HR")
    # (no blame cue; what the learned vote makes of the hedge alone is another matter)
    assert classifier.classify("I don't want to blame anyone.").cued == ()
    assert classifier.classify("they just blame anyone but themselves").cued != ()


def test_a_result_kept_every_day_since_is_good_news(coach: Coach) -> None:
    turns = talk(
        coach,
        "I run a sandwich bar. There's no prep list, it's all in Dan's head and some mornings "
        "the fillings aren't ready when we open.",
        "not sure it counts, but we put a prep list on the wall and every tray has been ready "
        "by 8 since.",
    )
    assert turns[1]["action"] == "affirm" and not turns[1]["stored"]


def test_after_the_job_is_done_is_no_one_fed_up(classifier: Classifier) -> None:
    found = classifier.classify(
        "The skips sit in the yard for a week after we're done and we pay for every day."
    )
    assert found.sphere != "leadership"
    assert str(classifier.classify("honestly we're done, nobody cares any more").sphere) == (
        "leadership"
    )


def test_the_second_problem_called_smaller_leaves_the_first_in_front(coach: Coach) -> None:
    turns = talk(
        coach,
        "I run a small garage with 6 mechanics. Two things. First the jobs: there's no "
        "checklist, every mechanic does a service his own way and cars come back with the "
        "oil cap loose. Second, minor maybe, when I changed the opening times I just put up a "
        "sign by the kettle and the lads have been cold with me ever since.",
    )
    assert _spheres(turns[0]) == ["execution", "leadership"]
    assert turns[0]["sphere"] == "execution"


def test_a_second_look_without_really_is_heard(intents: Intents) -> None:
    assert intents.rereads("on second thought the rota isn't it. nobody owns the rota.")
    assert intents.rereads("Actually the checklist wasn't the problem at all")
    assert not intents.rereads("the rota, isn't it?")


def test_a_result_with_everything_in_it_is_no_which_first_question(intents: Intents) -> None:
    assert not intents.asks_which_sphere(
        "did the stock count on friday, everything matched, first clean count in months"
    )
    assert intents.asks_which_sphere("ok so with everything going on, what do we tackle first?")
