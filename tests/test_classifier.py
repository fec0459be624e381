"""Classifier behaviour, as tables: symptom over keyword, negation and contrast,
several problems, null texts, evidence, follow-ups and determinism."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.diagnosis import Classifier, normalise
from assistant.diagnosis.text import split_clauses
from assistant.errors import InputError

from .conftest import ROOT

# (text, expected primary sphere). Written for these tests, not taken from evals/.
BEHAVIOUR = [
    # the examples ALE_MODEL.md spells out
    ("Senior techs mock the new process.", "leadership"),
    ("Everyone knows their role, but load-ins are sloppy.", "execution"),
    ("Roles and checklists look fine but nobody is bought in.", "leadership"),
    ("We have a bought-in team that keeps making the same mistakes.", "execution"),
    # symptoms without the sphere's keywords
    ("The projector case showed up at the venue without the lens again.", "execution"),
    (
        "When the client complained, the warehouse blamed the crew and the crew blamed sales.",
        "accountability",
    ),
    (
        "Half the techs still text the coordinator instead of using the scheduling app the owners announced.",
        "leadership",
    ),
    ("If Dave is out sick nobody can program the lighting desk.", "execution"),
    (
        "I'm on the hook for the budget but I can't approve a single rental without the owner.",
        "accountability",
    ),
    ("Our two best A1s handed in their notice this month.", "leadership"),
    ("The owners tell us one thing on Monday and the opposite on Friday.", "leadership"),
    ("Every crew chief packs the truck his own way.", "execution"),
    ("Nobody is sure who is supposed to confirm power with the venue.", "accountability"),
    ("We keep hiring more stagehands and the load-outs still run late.", "execution"),
    # other businesses
    (
        "In the kitchen every cook plates the special differently and half the tickets come back.",
        "execution",
    ),
    (
        "Our developers and ops people each say the outage was the other team's fault.",
        "accountability",
    ),
    (
        "At the clinic the nurses roll their eyes whenever management announces another initiative.",
        "leadership",
    ),
    ("Delivery notes from the warehouse keep arriving unsigned and half-filled.", "execution"),
    (
        "The two shift leads set different rules and nobody in the lab knows who decides.",
        "accountability",
    ),
    ("Test environments get set up by hand every time and half our runs fail.", "execution"),
    (
        "Repairs are assigned to 'the workshop' as a group, so no one person is on the hook.",
        "accountability",
    ),
    # a chore nobody does; each side saying the other should have; rules dismissed as
    # paperwork or followed only when watched; an assignment that is there (healthy)
    ("Nobody refills the glove boxes in the exam rooms.", "accountability"),
    (
        "Returns pile up: the front desk says the stockroom should have logged them, the "
        "stockroom says the front desk should have.",
        "accountability",
    ),
    ("The drivers think the new pre-trip form is just paperwork for the insurance.", "leadership"),
    ("Our packers only wear the wrist guards when the safety auditor visits.", "leadership"),
    ("The waiters call the upsell script another one of the owner's gimmicks.", "leadership"),
    (
        "The clinic is being sold and the nurses found out from a Facebook post; two are job "
        "hunting already.",
        "leadership",
    ),
    ("Nobody restocks the linen, every cleaner thinks someone else does it.", "accountability"),
    ("Half the drivers log fuel on the app, half on paper, and receipts get missed.", "execution"),
    (
        "They keep the log when the sergeant is around. When he's not, they skip it and call "
        "it the sergeant's paperwork.",
        "leadership",
    ),
    (
        "The duty is assigned, it's on the rota with a name for every shift. People skip it "
        "on purpose because nobody ever told them why it matters.",
        "leadership",
    ),
    # things passed around, each side pointing at the next, a lead never given the power
    ("Quality problems get passed around like a hot potato.", "accountability"),
    (
        "When a part fails, welding says the cut was off, cutting says the drawing was wrong, "
        "engineering says nobody asked them.",
        "accountability",
    ),
    ("I have a quality manager but I never gave her that power.", "accountability"),
    (
        "The mechanic says the front desk promised a date without asking him, the front desk "
        "says keeping to the date is the workshop's job.",
        "accountability",
    ),
    ("the delivery gets put away diff every night depending whos lead", "execution"),
    # two sides each sure the other has it, naming each other back; news passed by hand
    (
        "Sales thinks engineering should send the quote, engineering thinks sales sends it.",
        "accountability",
    ),
    (
        "When the schedule changes the news reaches us through three different people.",
        "execution",
    ),
    # "nobody knows which one is current" is the confusion itself, not a denial of it
    (
        "Mornings use the whiteboard, afternoons the app, and nobody knows which one is current.",
        "execution",
    ),
    ("Each shift assumes the last shift cleaned the tanks.", "accountability"),
    # a wrong never put right from the top; rule-makers who exempt themselves
    (
        "The plant manager tore into them in front of the whole floor. Nobody ever apologised.",
        "leadership",
    ),
    (
        "The supervisors dont follow the points system themselves, they come in late and "
        "nothing happens.",
        "leadership",
    ),
    # typed as said: "roll there eyes", "without really explaining why"
    ("I brought in a new till without really explaining why.", "leadership"),
    ("the servers roll there eyes every time i mention the new system", "leadership"),
    (
        "the boss bring a new time app on the phones and say nothing why. everybody think he "
        "want to spy on us",
        "leadership",
    ),
    # how the work is done lives in memory, said without "process" or "checklist"
    (
        "There's no set way of sending schedule changes: some subs get a text, some a call, "
        "depending on what I remember that day.",
        "execution",
    ),
    ("Nobody's sure which carer goes to which client on Tuesdays.", "accountability"),
    (
        "The devs believe the new time-tracking mandate means leadership doesn't trust them. "
        "Nobody above me explained it.",
        "leadership",
    ),
    (
        "The other two still book by phone and call the new system 'your pet project'. I never "
        "really sat down with them and explained why I wanted it.",
        "leadership",
    ),
    # each side says it is the other's: the restock nobody was told about
    ("Day shift say it's ours, we say it's theirs.", "accountability"),
    (
        "The restock used to be the night porter's job and since they cut the porter nobody "
        "was told who does it now.",
        "accountability",
    ),
    # cover that nobody can pick up is what comes of notes kept anyhow, not of roles
    (
        "Case files are all over the place, everybody keeps notes their own way, and when "
        "someone's off sick nobody can pick up their cases.",
        "execution",
    ),
    # a rule kept only while someone watches: compliance without commitment
    ("The lads dont wear PPE unless im watching.", "leadership"),
    # what comes from above is not believed
    ("also the targets are a joke, nobody thinks they are real", "leadership"),
    ("forget the app. they just dont wear their hard hats when im not there", "leadership"),
]

NULL_TEXTS = [
    "Hi there, how are you today?",
    "What's the weather going to be like in Denver this weekend?",
    "Can you give me a good recipe for banana bread?",
    "Things are going really well: shows run smoothly, the crew is happy and we hit our numbers.",
    "Thanks, that was helpful!",
    # "I own corner grocery": an owner, not a silo ("their own corner")
    "sorry, english. I own corner grocery, 5 staff.",
    # the speaker's own correction or worry is no symptom
    "I sat in on three shifts and I was wrong about that.",
    "don't want to look like I'm pointing fingers at anyone",
    # "mockups" is no mocking, a pointer at who it is no symptom yet
    "Design hands us the mockups on Mondays.",
    "it's the owner.",
    # lying awake is worry, not lying to people
    "I keep lying awake on Sunday nights.",
    # the speaker waving a topic away, or saying what the problem is not
    "forget the app, i dont care about it",
    "Hmm i dont think its about who owns it",
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "sphere"), BEHAVIOUR)
def test_tags_by_symptom(classifier: Classifier, text: str, sphere: str) -> None:
    diagnosis = classifier.classify(text)
    assert diagnosis.sphere == sphere, diagnosis.to_dict()
    assert (
        diagnosis.overlap
        == {"accountability": "roles", "leadership": "buy-in", "execution": "process"}[sphere]
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "the client keeps changing his mind, third time this month.",
        "A customer screamed at me on a call for 20 minutes today about a bug.",
    ],
)
def test_an_outsider_behaving_badly_is_asked_about_not_tagged(
    classifier: Classifier, text: str
) -> None:
    diagnosis = classifier.classify(text)
    assert diagnosis.sphere is None and diagnosis.tags == (), diagnosis.to_dict()


@pytest.mark.slow
@pytest.mark.parametrize("text", NULL_TEXTS)
def test_small_talk_off_topic_and_things_going_well_are_null(
    classifier: Classifier, text: str
) -> None:
    diagnosis = classifier.classify(text)
    assert diagnosis.sphere is None, diagnosis.to_dict()
    assert diagnosis.overlap is None
    assert diagnosis.tags == ()
    assert diagnosis.follow_up is None


@pytest.mark.slow
def test_several_problems_give_several_tags_strongest_first(classifier: Classifier) -> None:
    text = (
        "We keep forgetting cables and every crew packs the truck differently, the load-in is "
        "a scramble every single show. On top of that, the warehouse and the crew blame each "
        "other for every miss."
    )
    diagnosis = classifier.classify(text)
    spheres = [t.sphere for t in diagnosis.tags]
    assert spheres[:2] == ["execution", "accountability"], diagnosis.to_dict()
    scores = [t.score for t in diagnosis.tags]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.slow
def test_one_clause_is_quoted_under_one_sphere_only(classifier: Classifier) -> None:
    texts = [
        # a clause with a roles cue ("isn't strictly theirs") and a buy-in word ("refuse")
        "The mechanics refuse to touch any repair that isn't strictly 'theirs', so jobs sit in "
        "the queue for days, and the new booking system gets mocked by the staff.",
        "Nobody owns the stock count and the new app the owner bought gets eye-rolls, and "
        "every closer counts the float a different way.",
        "Every call I make gets bounced up to the CTO, so the team ignores me and waits for him.",
    ]
    for diagnosis in classifier.classify_many(texts):
        seen: dict[str, str] = {}
        for tag in diagnosis.tags:
            assert tag.clauses, tag
            for clause in tag.clauses:
                assert seen.setdefault(clause, tag.sphere) == tag.sphere, diagnosis.to_dict()
    # the refusal is quoted as roles only; the mocking carries buy-in on its own
    both = classifier.classify(texts[0])
    assert sorted(t.sphere for t in both.tags) == ["accountability", "leadership"], both.to_dict()


@pytest.mark.slow
def test_evidence_is_quoted_from_the_text(classifier: Classifier) -> None:
    text = "Honestly the crew is great. But nobody owns the pull sheet, so gear goes missing."
    diagnosis = classifier.classify(text)
    assert diagnosis.tags
    for tag in diagnosis.tags:
        assert tag.evidence, tag
        for phrase in tag.evidence:
            assert phrase in normalise(text), phrase


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "not_sphere"),
    [
        ("There's no finger-pointing here at all, people own their mistakes.", "accountability"),
        # words after a symptom that say it stopped deny it as a negator before it would
        ("The blame game is gone since we put names on the board.", "accountability"),
        ("The finger pointing between shifts has finally stopped.", "accountability"),
        ("Defects down by half since March.", "execution"),
        ("Morale is great and the team trusts the owners.", "leadership"),
        ("Our checklists are solid and people use them.", "execution"),
        # a cue inside a denied one is denied with it
        (
            "Nobody is confused about who handles what. Still, once a month a van goes out "
            "missing cables.",
            "accountability",
        ),
    ],
)
def test_negated_symptoms_and_healthy_statements_do_not_tag(
    classifier: Classifier, text: str, not_sphere: str
) -> None:
    assert not_sphere not in [t.sphere for t in classifier.classify(text).tags]


@pytest.mark.slow
def test_a_symptom_said_to_stop_only_after_a_new_clause_still_counts(
    classifier: Classifier,
) -> None:
    # "when" ends the reach: the bestseller is gone, the blame is not
    text = "I get blamed when the bestseller is gone."
    assert [t.sphere for t in classifier.classify(text).tags] == ["accountability"]
    # "over" says it stopped only after is/are/was
    text = "the leads blame each other over and over"
    assert [t.sphere for t in classifier.classify(text).tags] == ["accountability"]


@pytest.mark.slow
def test_negated_health_is_a_symptom(classifier: Classifier) -> None:
    assert (
        classifier.classify("Honestly, roles are not clear at all around here.").sphere
        == "accountability"
    )
    assert (
        classifier.classify("Nobody on the crew trusts the owners anymore.").sphere == "leadership"
    )
    assert (
        classifier.classify("We don't have a pack list for any of the trucks.").sphere
        == "execution"
    )


@pytest.mark.slow
def test_vague_opener_asks_a_three_way_question(classifier: Classifier) -> None:
    diagnosis = classifier.classify(
        "Things are a mess at our company and I don't know where to start."
    )
    assert diagnosis.sphere is None
    assert diagnosis.follow_up and diagnosis.follow_up.endswith("?")
    question = next(q for q in classifier.questions.questions if q.id == diagnosis.follow_up_id)
    assert question.separates == frozenset({"accountability", "leadership", "execution"})


@pytest.mark.slow
def test_an_outcome_beside_a_named_mechanism_is_no_close_call(classifier: Classifier) -> None:
    diagnosis = classifier.classify(
        "Our food bank keeps missing pantry deliveries. Last Wednesday the church pantry on "
        "5th got nothing at all. Nobody seems to own the routes."
    )
    assert diagnosis.sphere == "accountability" and "accountability" in diagnosis.cued
    assert "execution" not in diagnosis.cued and diagnosis.follow_up is None


@pytest.mark.slow
def test_close_call_asks_the_question_that_separates_the_top_two(classifier: Classifier) -> None:
    diagnosis = classifier.classify("Stuff gets missed on shows and then everyone argues about it.")
    if diagnosis.follow_up is None:  # must be a clear call then
        assert diagnosis.confidence >= 0.6
        return
    question = next(q for q in classifier.questions.questions if q.id == diagnosis.follow_up_id)
    top_two = {t.sphere for t in diagnosis.tags[:2]} or {diagnosis.sphere}
    assert top_two <= question.separates


def test_pick_question_prefers_an_exact_pair_and_honours_exclusions(
    rules_classifier: Classifier,
) -> None:
    first = rules_classifier.questions.pick(["execution", "accountability"])
    assert first is not None and first.separates == frozenset({"execution", "accountability"})
    second = rules_classifier.questions.pick(
        ["execution", "accountability"], excluded=frozenset({first.id})
    )
    assert second is not None and second.id != first.id
    assert second.separates >= {"execution", "accountability"}


def test_clauses_split_at_contrast_words() -> None:
    from assistant.diagnosis.cues import load_cues

    from .conftest import KNOWLEDGE

    cues = load_cues(KNOWLEDGE)
    text = "Everyone knows their role, but load-ins are sloppy. Although the crew is keen, gear goes missing"
    clauses = [text[a:b] for a, b in split_clauses(text, cues.contrast)]
    assert clauses == [
        "Everyone knows their role",
        "but load-ins are sloppy",
        "Although the crew is keen",
        "gear goes missing",
    ]


def test_rules_only_mode_needs_no_model(rules_classifier: Classifier) -> None:
    assert not rules_classifier.uses_embeddings
    assert (
        rules_classifier.classify("The warehouse blamed the crew again.").sphere == "accountability"
    )
    assert rules_classifier.classify("hello!").sphere is None


def test_too_long_text_is_an_input_error(rules_classifier: Classifier) -> None:
    with pytest.raises(InputError, match="limit is 10000"):
        rules_classifier.classify("x" * 10_001)


def test_normalise_strips_control_characters_and_curly_quotes() -> None:
    assert normalise("it\u2019s  not\x00 my\tjob") == "it's not my job"


def test_scores_are_shares_and_confidence_is_the_top_score(rules_classifier: Classifier) -> None:
    d = rules_classifier.classify(
        "Nobody owns the truck pack and people blame each other for every miss."
    )
    assert d.sphere == "accountability"
    assert d.confidence == d.scores["accountability"] == max(d.scores.values())
    assert 0 < sum(d.scores.values()) <= 1.0001


@pytest.mark.slow
def test_same_output_in_two_processes_in_any_batch_order() -> None:
    """Determinism: two fresh processes, the second with the lines reversed."""
    texts = [text for text, _ in BEHAVIOUR] + NULL_TEXTS
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)]

    def run(order: list[str]) -> dict[int, str]:
        out = subprocess.run(
            [sys.executable, "-m", "assistant.cli", "classify", "--jsonl", "-"],
            input="\n".join(order) + "\n",
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
        assert out.returncode == 0, out.stderr
        return {json.loads(line)["id"]: line for line in out.stdout.splitlines()}

    first = run(lines)
    second = run(list(reversed(lines)))
    assert len(first) == len(texts)
    assert first == second


@pytest.mark.slow
def test_a_text_gets_the_same_bits_alone_and_in_any_batch() -> None:
    """The embedder encodes each text alone, unpadded, on one BLAS thread, so a single
    query and a bulk batch give bit-identical vectors, however busy the machine is."""
    import numpy as np

    from assistant.retrieval.embeddings import local_embedder

    embedder = local_embedder()
    texts = [
        "Nobody owns the venue call.",
        "Every crew chief packs the truck his own way and we keep forgetting the same cables.",
        "The senior techs roll their eyes at every new system the owners announce, and two of "
        "our best A1s quit this spring after the third reorganisation in a year.",
        "ok",
    ] + [f"load-in number {i} went sideways because the pull sheet was wrong" for i in range(20)]
    kept = dict(embedder._cache)  # this test empties the cache: the session's warm one comes back
    embedder._cache.clear()
    together = embedder.embed(texts)
    # the same again while two other processes keep both cores busy (bounded: 60 s)
    burners = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import time\nend = time.time() + 60\nwhile time.time() < end: pass",
            ]
        )
        for _ in range(2)
    ]
    try:
        for _round in range(3):
            for index in (0, 1, 2, 3, 17):
                embedder._cache.clear()
                alone = embedder.embed([texts[index]])[0]
                assert np.array_equal(alone, together[index]), texts[index]
            embedder._cache.clear()
            shuffled = embedder.embed(list(reversed(texts)))
            assert np.array_equal(shuffled[::-1], together)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait(timeout=10)
        embedder._cache.update(kept)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Is a weekly release meeting a waste of time?",
        "What can I do about it this week?",
        "How do I start fixing that?",
        "Should we do the checklist one first?",
        "Any advice?",
    ],
)
def test_a_request_for_advice_is_not_a_symptom(classifier: Classifier, text: str) -> None:
    diagnosis = classifier.classify(text)
    assert diagnosis.sphere is None and diagnosis.tags == (), diagnosis.tags


@pytest.mark.slow
def test_a_symptom_stated_next_to_a_request_still_counts(classifier: Classifier) -> None:
    said = classifier.classify("The dentists think the huddle is a waste of time and skip it.")
    assert said.sphere == "leadership"
    asked = classifier.classify(
        "Every cook plates the dish his own way and we keep sending out wrong orders. "
        "What should I do?"
    )
    assert asked.sphere == "execution"
    assert all("What should I do" not in phrase for t in asked.tags for phrase in t.evidence)


def test_a_quote_is_never_cut_a_word_or_two_before_its_clause_ends(classifier) -> None:  # type: ignore[no-untyped-def]
    text = (
        "I manage 9 engineers. Every release something breaks in prod because someone skipped a"
        " step in the deploy runbook, or the runbook is out of date and people just do it from"
        " memory. Last sprint we had two rollbacks in one week."
    )
    (tag,) = classifier.classify(text).tags
    assert tag.evidence[0].endswith("do it from memory")


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "I own a haunted attraction with forty scare actors. For the last three weekends the"
            " actors have been out of position when their cues come.",
            "execution",
        ),
        (
            "When a family rings after hours, the on-call nurse, the social worker and the chaplain"
            " each assume one of the others will phone them back. Last week a widow waited three"
            " days for anyone to call her.",
            "accountability",
        ),
        (
            "i own a custom neon sign shop, 14 ppl. brought in a lean consultant last month, didnt"
            " really tell anyone why, now the benders call him the stopwatch guy, everyone pads"
            " their times when hes around and my best bender is interviewing elsewhere",
            "leadership",
        ),
    ],
)
def test_a_story_of_repeated_trouble_is_read_as_a_problem(
    classifier, text: str, sphere: str
) -> None:  # type: ignore[no-untyped-def]
    assert classifier.classify(text).sphere == sphere


@pytest.mark.slow
def test_a_bare_introduction_is_who_speaks_not_a_symptom(classifier: Classifier) -> None:
    for text in (
        "food truck owner. the guys keep running out of tortillas because nobody counts "
        "stock the same way",
        "Co-owner of a rigging company. Nobody volunteers for extra calls anymore.",
    ):
        quoted = [p for tag in classifier.classify(text).tags for p in tag.evidence]
        assert quoted and not any("owner" in p.lower() for p in quoted), quoted


@pytest.mark.slow
def test_an_outcome_yields_to_the_mechanism_another_clause_names(
    classifier: Classifier,
) -> None:
    outcome = "Our food bank keeps missing pantry deliveries."
    alone = classifier.classify(outcome).raw["execution"]
    # the routes nobody owns explain the missed deliveries: less execution of their own
    explained = classifier.classify(f"{outcome} Nobody seems to own the routes.")
    assert explained.sphere == "accountability"
    assert explained.raw["execution"] < 0.8 * alone, (alone, explained.raw)
    # ...unless the person tells it as a problem of its own
    another = classifier.classify(
        "Nobody seems to own the routes. We've also had deliveries keep going missing."
    )
    assert "execution" in [t.sphere for t in another.tags]


@pytest.mark.slow
def test_people_fed_up_and_stuff_falling_through_the_cracks_are_outcomes(
    classifier: Classifier,
) -> None:
    # fed up beside a way of working is what came of it: no leadership mechanism named
    told = classifier.classify(
        "Whoever's closing does it their own way. The morning people are getting fed up."
    )
    assert told.sphere == "execution" and "leadership" not in told.cued, told.to_dict()
    # ...but fed up with management is about leadership
    managed = classifier.classify("The crew is fed up with management.")
    assert managed.sphere == "leadership" and "leadership" in managed.cued
    # what fell through the cracks names a gap between people; "stuff" says nothing yet
    vague = classifier.classify("Stuff keeps falling through the cracks.")
    named = classifier.classify("Orders keep falling through the cracks between teams.")
    assert named.sphere == "accountability"
    assert vague.raw["accountability"] < named.raw["accountability"], (vague.raw, named.raw)


@pytest.mark.slow
def test_things_that_keep_getting_lost_are_an_outcome_of_the_roles_named_beside_them(
    classifier: Classifier,
) -> None:
    told = classifier.classify(
        "Special orders keep getting lost, and when I ask, the counter says receiving "
        "should have called the customer, receiving says the counter should have."
    )
    assert [t.sphere for t in told.tags] == ["accountability"], told.to_dict()
    # details lost on the way between two teams is how the work is done
    assert classifier.classify("Details get lost between sales and the shop.").sphere == (
        "execution"
    )


def test_first_and_second_in_one_run_on_sentence_are_two_problems(
    classifier: Classifier,
) -> None:
    diagnosis = classifier.classify(
        "i own a pizza place two locations about 30 people and honestly two things are "
        "driving me nuts, first the dough and cheese orders, my two shift leads each think "
        "the other one places the order with the supplier on thursday so twice this month "
        "nobody did and we ran out friday night, and second i brought in a new pos system in "
        "the spring without really explaining why and the servers roll there eyes every time "
        "i mention it, they call it my toy and keep writing tickets by hand when im not there"
    )
    assert {t.sphere for t in diagnosis.tags} == {"accountability", "leadership"}


def test_an_outcome_marked_as_one_more_problem_keeps_its_weight(classifier: Classifier) -> None:
    marked = classifier.classify(
        "The district flips the curriculum every year with no explanation and my teachers "
        "are cynical. Our handoffs between grade levels are sloppy too."
    )
    assert {t.sphere for t in marked.tags} == {"leadership", "execution"}


def test_problems_numbered_with_bare_digits_are_listed_one_by_one() -> None:
    from assistant.diagnosis.text import enumerated_parts

    text = (
        "own a small roofing firm. 2 things doing my head in. 1 the vans are never stocked "
        "right and nobody checks anything before they leave. 2 my foreman and my son keep "
        "contradicting each other on prices."
    )
    spans = enumerated_parts(text)
    assert [text[a:b].split()[:3] for a, b in spans] == [
        ["1", "the", "vans"],
        ["2", "my", "foreman"],
    ]
    # a number that counts something starts no new problem
    assert enumerated_parts("We lost 3 pallets. 2 of the pickers skip the scan.") == []


def test_two_sides_each_counting_on_the_other_is_accountability(classifier: Classifier) -> None:
    diagnosis = classifier.classify(
        "Nobody owns the count at the end: the crew chief thinks the warehouse counts it in "
        "and the warehouse thinks the crew counts it out."
    )
    assert diagnosis.sphere == "accountability"
    # "nobody owns the count" names who owns it, not a check nobody does
    assert "accountability" in diagnosis.cued and "execution" not in diagnosis.cued


def test_a_friend_who_owns_a_shop_is_no_question_of_ownership(
    rules_classifier: Classifier,
) -> None:
    diagnosis = rules_classifier.classify(
        "A friend who owns a flower shop told me about this coaching thing."
    )
    assert "accountability" not in diagnosis.cued


def test_a_rule_the_team_finds_insulting_and_was_never_asked_about(
    rules_classifier: Classifier,
) -> None:
    diagnosis = rules_classifier.classify(
        "They all know the intake steps, we trained on them in January. They think the "
        "home-check rule I added is insulting to adopters, nobody asked their opinion, so "
        "they quietly skip parts of it."
    )
    assert diagnosis.sphere == "leadership"
    assert "execution" in diagnosis.healthy


def test_not_knowing_who_to_ask_is_no_unclear_role(rules_classifier: Classifier) -> None:
    diagnosis = rules_classifier.classify(
        "Things at work are getting on my nerves lately and I don't know who else to ask."
    )
    assert "accountability" not in diagnosis.cued
    assert (
        "accountability" in rules_classifier.classify("Nobody knows who signs off the order.").cued
    )


def test_each_side_says_it_is_the_others_call(rules_classifier: Classifier) -> None:
    diagnosis = rules_classifier.classify(
        "QC says production should decide on the rework, production says it's QC's call."
    )
    assert diagnosis.sphere == "accountability"


def test_the_leaders_own_outburst_is_leadership(rules_classifier: Classifier) -> None:
    diagnosis = rules_classifier.classify(
        "At the first debrief I lost my temper and shouted at two of them in front of "
        "everyone. Now they sit there silent."
    )
    assert diagnosis.sphere == "leadership"


def test_a_meeting_called_a_blame_session_is_no_blame_itself(
    rules_classifier: Classifier,
) -> None:
    # what people say of a meeting ("it's just a blame session") is not blame passed on;
    # a meeting that turns into one is
    said = rules_classifier.classify("The techs say the debrief is just a blame session.")
    assert "accountability" not in said.cued
    turns = rules_classifier.classify("Every debrief turns into a blame session.")
    assert "accountability" in turns.cued


def test_blame_landing_on_the_speaker_yields_to_the_mechanism_beside_it(
    classifier: Classifier,
) -> None:
    diagnosis = classifier.classify(
        "The practice manager brought in a new booking system without explaining why, and "
        "the doctors make fun of it in front of patients. So patients don't use it, and we "
        "at the desk get the blame."
    )
    assert [t.sphere for t in diagnosis.tags] == ["leadership"]
    # blame with no mechanism beside it is still read as blame
    assert classifier.classify("We always get the blame, nobody owns the dock.").sphere == (
        "accountability"
    )


def test_a_bitter_batch_is_no_bitter_team(rules_classifier: Classifier) -> None:
    assert (
        "leadership"
        not in rules_classifier.classify("One batch is hazy, the next is too bitter.").cued
    )
    assert rules_classifier.classify("The crew is bitter about the new rota.").sphere == (
        "leadership"
    )


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "We rolled out an output bonus and the leads are badmouthing it, telling operators "
            "it's a scam. Nobody, me included, ever explained to them why we did it.",
            "leadership",
        ),
        (
            "Pay is late again, I know you cannot fix that. Nobody checks the scaffold in the "
            "morning, every gang thinks the other gang did it.",
            "accountability",
        ),
        (
            "The count is off every month and I keep blaming the weekend kids, but honestly "
            "each person counts however they like, there's no written way to do it.",
            "execution",
        ),
        (
            "Every nurse hands over her own way. Last week a patient's fasting status wasn't "
            "passed on and his surgery got pushed back a day.",
            "execution",
        ),
    ],
)
def test_the_symptom_is_read_not_the_words_around_it(
    classifier: Classifier, text: str, sphere: str
) -> None:
    diagnosis = classifier.classify(text)
    assert [t.sphere for t in diagnosis.tags] == [sphere]


def test_a_place_that_no_longer_feels_like_ours_is_leadership(classifier: Classifier) -> None:
    diagnosis = classifier.classify(
        "people feel unheard and several regulars stopped coming, they say the place isn't "
        "ours anymore"
    )
    assert diagnosis.sphere == "leadership"
    assert classifier.classify("That's not ours, it's the warehouse's.").sphere == "accountability"


def test_a_step_found_undone_when_the_work_arrived_is_execution(
    rules_classifier: Classifier,
) -> None:
    diagnosis = rules_classifier.classify(
        "Last week the pump arrived and the forms hadn't been checked, we lost half a day."
    )
    assert diagnosis.sphere == "execution"


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "The old manager watered the plants himself every Sunday, it was never anyone's "
            "job on the rota. Now each of us thinks someone else waters.",
            "accountability",
        ),
        (
            "Now nobody does it, the new guy thinks the weekend staff will, we think he will.",
            "accountability",
        ),
        (
            "I moved the handover from 7:00 to 6:45. When I am not on shift they go back to the "
            "old time. I did not explain why.",
            "leadership",
        ),
        (
            "How we sign the kids out is different at every site. Nothing is written, she knew "
            "it by heart and told people as she went.",
            "execution",
        ),
    ],
)
def test_new_in_the_role_stories_are_read_by_their_symptom(
    classifier: Classifier, text: str, sphere: str
) -> None:
    assert classifier.classify(text).sphere == sphere


@pytest.mark.parametrize(
    ("text", "cued", "not_cued"),
    [
        # paper as a medium is no title in name only
        ("Half of them still write on paper.", set(), {"accountability"}),
        ("On paper she is the store manager but nobody asks her.", {"accountability"}, set()),
        ("the steps were only in the head of Marge who retired", {"execution"}, set()),
        # a leader who runs down or skips their own rule
        ("The owner tells customers the rules are silly.", {"leadership"}, set()),
        ("The staff say why follow it if she doesn't.", {"leadership"}, set()),
        ("The owner overrides it whenever she's in.", set(), {"accountability"}),
        ("The owner overrides my decisions in front of the team.", {"accountability"}, set()),
        # saying fine after a doubt is no mixed message
        (
            "He said he's been doing it by feel for years, then shrugged and said fine.",
            set(),
            {"leadership"},
        ),
        (
            "He told us the menu was final, then told the chef to keep the old one.",
            {"leadership"},
            set(),
        ),
        # a motive suspected, said aloud, and a change sent without a word of why
        ("The carers say it's only there to spy on them.", {"leadership"}, set()),
        ("They said it was only to cut the queue times.", set(), {"leadership"}),
        ("I just sent an email announcing it without explaining anything.", {"leadership"}, set()),
        # a leader who changes course daily, and people who stopped believing
        ("Every day I change the priority of jobs.", {"leadership"}, set()),
        ("The guys stopped believing me.", {"leadership"}, set()),
        ("He never shares them or writes anything down.", {"execution"}, set()),
        # two sides, each thinking the other does it, said in few words
        ("counter thinks the mechanic calls, mechanic thinks counter", {"accountability"}, set()),
        ("last one out thinks someone else locked up", {"accountability"}, set()),
        ("the CEO calls release notes a waste", {"leadership"}, set()),
        (
            "The guys wear them when I pull up and take them off when I leave.",
            {"leadership"},
            set(),
        ),
        (
            "But they never sign in themselves, they say it's different for staff.",
            {"leadership"},
            set(),
        ),
        ("nobody wrote down which medicines count as high-risk", {"execution"}, {"accountability"}),
        ("The chef tells them the cards are silly.", {"leadership"}, set()),
        # wonder, not a report
        ("How did we get away with it this long?", set(), {"accountability"}),
    ],
)
def test_cues_read_what_is_told(
    rules_classifier: Classifier, text: str, cued: set[str], not_cued: set[str]
) -> None:
    found = set(rules_classifier.classify(text).cued)
    assert cued <= found and not (not_cued & found)


def test_a_routine_is_no_story_of_trouble(rules_classifier: Classifier) -> None:
    # when the work happens is not how it goes wrong
    routine = rules_classifier.classify(
        "Hi. I own two pizza places. I go through the numbers every Monday morning."
    )
    assert routine.follow_up is None and not routine.trouble
    story = rules_classifier.classify("Every Monday the delivery is late at our shop.")
    assert story.trouble


def test_a_mechanism_named_beyond_doubt_is_a_problem_beside_a_louder_one(
    rules_classifier: Classifier,
) -> None:
    # four clauses of distrust outweigh the roles clause more than twice over; its
    # mechanism, named twice in one clause, still makes it a problem of its own
    diagnosis = rules_classifier.classify(
        "Nobody owns welcoming them: the shift leads think I do it, I thought the shift "
        "leads did. The long-time volunteers don't trust the board. They grumble that the "
        "board doesn't care. Nobody believes a word from the office. They roll their eyes at "
        "every new rule. Morale is at rock bottom."
    )
    assert diagnosis.sphere == "leadership"
    assert diagnosis.raw["leadership"] > 3 * diagnosis.raw["accountability"]
    assert "accountability" in [t.sphere for t in diagnosis.tags]
