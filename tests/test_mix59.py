"""What eight more everyday-mix development sets (144-151, stop 59) showed the coach
missing: two problems told as a list ("Two things. ...") where the first ran longer; a
second look opened in new words ("let me put it differently", "having sat with
reception", "thinking it over") beside a sound tool or a settled owner; good news whose
step is told first ("So I sat them all down ..."); statements read as questions ("people
smirk and do the bare minimum", "What's really eating us is finishing"); thanks in Czech,
Romanian or Dutch; a topic taken for a job title ("Volunteer onboarding."); a client's
blame taken for the team's; and an owner, a trade or a job shop not recognised."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.industry import Industries
from assistant.coaching.intents import Intents, asks_sentence
from assistant.diagnosis.classifier import Classifier
from assistant.diagnosis.language import is_english

from .test_listening import ledger_spheres as _spheres
from .test_listening import talk

# --- two problems told as a list: the last is taken up --------------------------------


def test_of_two_problems_told_as_a_list_the_last_is_taken_up_however_long_the_first(
    coach: Coach,
) -> None:
    turn = talk(
        coach,
        "I'm the founder and CEO of a food bank charity. Two problems. Supermarket "
        "collections get missed because no one is responsible for the collection rota, the "
        "volunteers think the coordinator does it and the coordinator thinks the volunteers "
        "sort it among themselves. And my trustees announced we'd stay 'volunteer-led', then "
        "made every decision in closed board meetings, so the volunteers now shrug at "
        "anything the board says.",
    )[-1]
    assert _spheres(turn) == ["accountability", "leadership"]
    assert turn["sphere"] == "leadership"


def test_a_list_counted_by_first_and_second_takes_up_the_second(coach: Coach) -> None:
    turn = talk(
        coach,
        "shift manager at a plastics moulding plant. downtime log first: nobody owns it. "
        "maintenance says operators should fill it in, operators say the setters should, so "
        "half the stoppages aren't recorded and nobody's asked about it. and second, the "
        "plant manager launched an improvement scheme, we handed in 60 suggestions, he hasn't "
        "acted on one, but he still says 'we listen to the floor' in every briefing.",
    )[-1]
    assert _spheres(turn) == ["accountability", "leadership"]
    assert turn["sphere"] == "leadership"


# --- second looks in new words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "was", "now"),
    [
        (
            "I own a conference production company. After every event the invoicing is late "
            "because nobody owns the final reconciliation. The producers say it's finance's "
            "job, finance says the producers. Nobody was held to it.",
            "Hm, let me put it differently. Karen in finance owns invoicing, no doubt about "
            "it, and she answers for it. The problem is the producers hand over costs however "
            "they like: receipts in email, some on paper, some never. There's no standard "
            "wrap-up, so she's chasing things for weeks.",
            "accountability",
            "execution",
        ),
        (
            "I'm the practice manager at a GP surgery. Repeat prescription requests are being "
            "lost. Each receptionist logs them differently, some in the system, some in a "
            "paper tray, some on sticky notes.",
            "Having sat with reception all morning I see it differently. There is a process, "
            "it's written down and every receptionist follows it exactly. The gap is that "
            "nobody is responsible for clearing the queue at the end of the day. Reception "
            "assume the pharmacist does it, the pharmacist assumes the duty doctor does.",
            "execution",
            "accountability",
        ),
        (
            "I'm production manager at a regional theatre. Our get-outs are a mess. Nobody "
            "owns them: our stage crew think the visiting company strikes its own set, the "
            "company think we do, and no one answers for it.",
            "Thinking it over, everyone does know who owns what. The contracts spell it out. "
            "What's missing is a plan: no get-out schedule, no order of work, every head does "
            "it from memory and they trip over each other on stage.",
            "accountability",
            "execution",
        ),
        (
            "I manage projects for a civil engineering contractor. The handover from "
            "estimating to site is messy. Each PM does the handover their own way, some a "
            "meeting, some an email.",
            "Hmm, on reflection that's not fair. We've had a handover form since 2021 and "
            "it's decent. The site teams just don't buy into it, because our MD keeps saying "
            "quality starts at handover and then skips the handover meetings himself.",
            "execution",
            "leadership",
        ),
    ],
)
def test_a_second_look_in_new_words_rereads_the_problem(
    coach: Coach, first: str, second: str, was: str, now: str
) -> None:
    turns = talk(coach, first, second)
    assert turns[0]["sphere"] == was
    last = turns[-1]
    assert last["action"] == "recommend"
    assert last["sphere"] == now
    assert _spheres(last) == [now]  # the same problem read again, not a second one


def test_a_second_look_names_the_problem_it_rereads_among_two(coach: Coach) -> None:
    last = talk(
        coach,
        "I own a wedding planning company. Vendor timelines keep going wrong. Each "
        "coordinator makes timelines her own way, there's no template.",
        "Second thing, unrelated. My coordinators point fingers all the time. When a wedding "
        "day goes wrong nobody owns it, the coordinator says the assistant should have "
        "confirmed, the assistant says it wasn't her job.",
        "hmm wait, about that second one, I had it wrong. they know exactly who owns each "
        "wedding, it's in the contract. the real thing is they don't trust me since I "
        "promised commission on upsells in January and then changed the terms in March.",
    )[-1]
    assert _spheres(last) == ["execution", "leadership"]
    assert last["sphere"] == "leadership"


@pytest.mark.parametrize(
    ("text", "sound"),
    [
        ("the plating specs are on the pass with photos and we all know them", "execution"),
        ("We've had a handover form since 2021 and it's decent.", "execution"),
        ("the cleaning steps are fine", "execution"),
        ("we have a check sheet and the guys know it", "execution"),
        ("Karen in finance owns invoicing, no doubt about it", "accountability"),
        ("Leah in the office does own it, it's in her job", "accountability"),
        ("we all know who owns each step and people do answer for it", "accountability"),
        (
            "I worked a shift with him yesterday. he owns it, he cares, he stays late.",
            "accountability",
        ),
        ("They get why we took the contract and they're into it.", "leadership"),
    ],
)
def test_more_ways_of_saying_a_sphere_is_sound(
    classifier: Classifier, text: str, sound: str
) -> None:
    assert sound in classifier.classify(text).healthy


def test_a_reported_owner_is_still_no_settled_one(classifier: Classifier) -> None:
    assert "accountability" not in classifier.classify("I think he owns it").healthy
    assert classifier.classify("nobody answers for it").sphere == "accountability"


def test_a_clients_blame_is_no_symptom_of_the_team(classifier: Classifier) -> None:
    said = "nobody photographed the existing damage so the client blamed us for a cracked tile"
    assert "accountability" not in classifier.classify(said).cued  # no cue of blame
    assert "accountability" in classifier.classify("the crew blamed each other for it").cued


# --- good news with the step told first ------------------------------------------------


@pytest.mark.parametrize(
    "news",
    [
        "So I sat them all down, owned up to it, explained the cash situation honestly and "
        "handed the last two hourly clients to a freelancer friend. The standup this morning "
        "had actual questions instead of sighs.",
        "I turned down 3 weddings this month and told the team why. At the Monday meeting "
        "the crew pitched their own ideas for the corporate packages.",
        "we switched the whole office to the new terms, and I told the team straight that I "
        "got it wrong. the jokes have stopped and two of them pitched their own ideas",
    ],
)
def test_news_of_a_step_told_first_is_affirmed_and_not_stored(coach: Coach, news: str) -> None:
    turns = talk(
        coach,
        "I own a 12-person web agency. I told the team we were going fixed-price only, then "
        "kept taking hourly rush jobs. Now every time I announce something there's an eye "
        "roll and a senior said 'we'll see how long this one lasts'.",
        news,
    )
    assert turns[0]["sphere"] == "leadership"
    assert turns[-1]["action"] == "affirm"
    assert not turns[-1]["stored"]
    assert _spheres(turns[-1]) == ["leadership"]


def test_owning_up_to_the_team_is_no_correction(intents: Intents) -> None:
    assert not intents.corrects("I told the crew straight that I got it wrong")
    assert intents.corrects("hmm wait, about that second one, I had it wrong.")


# --- statements, questions and openers --------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("now when he gives a speech people literally smirk and do the bare minimum", False),
        ("What's really eating us is finishing: every finisher mixes stain their own way", False),
        ("what's a runbook exactly", True),
        ("and is that normal", True),
    ],
)
def test_statements_in_the_shape_of_a_question(sentence: str, asks: bool) -> None:
    assert asks_sentence(sentence) is asks


def test_how_would_i_start_is_a_question_and_what_follows_is_its_context(coach: Coach) -> None:
    turns = talk(
        coach,
        "I'm the founder of a small literacy charity. Grant reporting: each program lead "
        "compiles the numbers their own way, in their own spreadsheets, and we missed a "
        "deadline in March.",
        "how would I start on that? I've never done the whole who-owns-what thing",
    )
    assert turns[-1]["action"] == "answer"
    assert not turns[-1]["stored"]


def test_a_sentence_that_trails_off_after_an_introduction_is_asked_about(coach: Coach) -> None:
    turn = talk(
        coach,
        "I'm a program manager at a housing nonprofit, 6 caseworkers report to me. My team "
        "is... I don't know. Off.",
    )[-1]
    assert turn["action"] == "follow_up"
    assert not turn["stored"]
    assert turn["role"] == "manager"


def test_i_said_the_girls_could_is_a_problem_not_talk_about_the_moves(coach: Coach) -> None:
    turns = talk(
        coach,
        "I own a small clothing boutique, 5 girls work for me. Stock counts are done "
        "differently by everyone, nobody follows the same steps.",
        "Another problem. The shop Instagram. I said the girls could run it together and now "
        "nobody posts, each of them thinks someone else is doing it and nobody feels it's "
        "theirs.",
    )
    assert turns[-1]["action"] == "recommend"
    assert _spheres(turns[-1]) == ["execution", "accountability"]
    assert turns[-1]["sphere"] == "accountability"


@pytest.mark.parametrize(
    "text",
    [
        "děkuji, zkusím to",
        "mulțumesc, o să încerc săptămâna viitoare",
        "dank je wel, ik ga het proberen",
    ],
)
def test_thanks_in_more_languages_are_not_english(text: str) -> None:
    assert not is_english(text)


def test_an_english_word_that_is_also_thanks_elsewhere_stays_english() -> None:
    assert is_english("dank, that helps")


# --- who and where ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Different thing. Volunteer onboarding. Every shift lead trains new people", None),
        ("I'm a kennel attendant at a nonprofit animal shelter.", "team-member"),
        ("Volunteer coordinator here", "manager"),
        ("My fencing and decking company has 14 guys in 3 vans.", "owner"),
        ("my company has a weird policy", None),
    ],
)
def test_who_is_speaking(intents: Intents, text: str, role: str | None) -> None:
    assert intents.role(text) == role


def test_a_job_shop_is_manufacturing(industries: Industries) -> None:
    said = "im a CNC machinist at a job shop, 25 guys. weve had 3 parts rejected"
    assert industries.detect_with_strength(said, own="at a job shop")[0] == "manufacturing"


# --- sets 152-157 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("messages", "industry"),
    [
        (("I manage three phone repair kiosks in shopping malls for the owner",), "retail"),
        (
            (
                "i own a taco truck with my brother, weekends mostly, we park at the brewery "
                "lots. something's not right lately",
            ),
            "restaurants",
        ),
        (
            ("I manage the volunteer team for a music festival, about 400 volunteers.",),
            "live-events",
        ),
    ],
)
def test_the_place_is_read_from_the_clause_that_names_it(
    coach: Coach, messages: tuple[str, ...], industry: str
) -> None:
    assert talk(coach, *messages)[-1]["industry"] == industry


def test_getting_the_directors_to_restore_a_budget_is_no_store_owned(intents: Intents) -> None:
    assert intents.role("got the directors to restore the catering budget") is None
    assert intents.role("I run a small hardware store") == "owner"


def test_a_leader_who_tells_outsiders_one_thing_is_no_outsider_trouble(coach: Coach) -> None:
    turn = talk(
        coach,
        "I'm a fundraising officer at a small arts charity. The CEO tells funders we're "
        "'community-led' and then makes every programme decision alone and never explains "
        "why, so staff have stopped offering ideas at all. Separately, donor thank-yous: "
        "nobody owns them. Fundraising thinks comms sends them, comms thinks we do.",
    )[-1]
    assert _spheres(turn) == ["leadership", "accountability"]
    assert turn["sphere"] == "accountability"


def test_a_so_now_inside_the_second_story_makes_the_first_no_root(coach: Coach) -> None:
    turns = talk(
        coach,
        "I manage a charity shop for a hospice. Right, two things. Donation sorting: each "
        "volunteer prices and sorts differently, so the same jumper is £2 one day and £8 the "
        "next. And the regional office keeps sending 'you are valued' emails while closing "
        "two shops without telling the volunteers first, so now they're cynical about "
        "anything head office says.",
        "which one should we fix first?",
    )
    assert _spheres(turns[0]) == ["execution", "leadership"]
    assert turns[0]["sphere"] == "leadership"
    assert turns[-1]["sphere"] == "leadership"


@pytest.mark.parametrize(
    ("text", "which", "kind"),
    [
        ("which thing should get fixed first do you think", True, None),
        ("why the walk-in one? the chef thing bugs me way more", False, "why"),
    ],
)
def test_more_ways_of_asking_which_first_and_why(
    intents: Intents, text: str, which: bool, kind: str | None
) -> None:
    assert intents.asks_which_sphere(text) is which
    assert intents.question(text) == kind


@pytest.mark.parametrize(
    "news",
    [
        "told my manager, now the person who signs is the one who chases the credit, name on "
        "the sheet. got $640 back from the supplier already",
        "ok. our unit manager came to the night huddle, admitted the cut was handled badly and "
        "walked us through the budget. first honest conversation we've had in a year",
        "The trustees came to our team meeting, dropped the 200 target and said quality is "
        "what they'll report on from now. Staff were surprised, the mood has really shifted.",
    ],
)
def test_more_news_of_a_step_and_its_result(intents: Intents, news: str) -> None:
    assert intents.reports_progress(news)


def test_asking_without_permission_is_no_news(intents: Intents) -> None:
    asked = "What could I do about the exercise sheets myself, without asking anyone's permission?"
    assert not intents.reports_progress(asked)


# --- sets 158-163 ---------------------------------------------------------------------


def test_english_is_fine_settles_nothing(coach: Coach) -> None:
    turns = talk(
        coach,
        "I own a bike shop, 6 staff. When a bike is late the mechanics say the front desk "
        "didn't log it, front desk says the mechanics didn't update the job, and nobody "
        "answers to the customer.",
        "ok english is fine. another thing: online orders. packing is different every time, "
        "whoever's free just grabs a box and goes",
        "Which one should we fix first?",
    )
    assert _spheres(turns[1]) == ["accountability", "execution"]
    assert turns[-1]["sphere"] == "accountability"  # the root, still open


def test_a_so_now_inside_the_first_story_is_no_link_to_the_second(coach: Coach) -> None:
    turn = talk(
        coach,
        "I'm a project manager at a groundworks company. Two things. The directors announced "
        "a 'no blame' culture in January and then sacked the first lad who reported a near "
        "miss. So now nobody reports anything and the men think head office is full of it. "
        "And the plant checks: every operator does the daily excavator check his own way, "
        "some tick the sheet without looking.",
    )[-1]
    assert _spheres(turn) == ["leadership", "execution"]
    assert turn["sphere"] == "execution"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("separate problem: agency carers. nobody is responsible for inducting them.", None),
        (
            "so who should be in charge of it? im just a cook so idk if its my place to say",
            "team-member",
        ),
        ("My hardware store, 2 locations. Stock counts are wrong all the time.", "owner"),
        ("sorry, English: I'm a DJ working for a wedding entertainment company", "team-member"),
    ],
)
def test_who_is_speaking_in_sets_158_to_163(intents: Intents, text: str, role: str | None) -> None:
    assert intents.role(text) == role


@pytest.mark.parametrize(
    "text",
    [
        "me and my brother own a taco truck, 3 of us on the truck plus a guy who preps at the "
        "commissary. somethings just not clicking lately",
        "I coordinate the volunteers at a food bank, I manage the volunteer side, 2 paid staff "
        "and about 60 volunteers. Things feel off and I can't say why.",
        "hey im an apprentice electrician with a building contractor, 2nd year. somethings not "
        "right at work but idk what",
    ],
)
def test_an_introduction_with_a_vague_remark_is_asked_about(coach: Coach, text: str) -> None:
    turn = talk(coach, text)[-1]
    assert turn["action"] == "follow_up"
    assert not turn["stored"]


@pytest.mark.parametrize(
    ("text", "sound"),
    [
        ("Actually the settings are written down, on a sheet by each booth.", "execution"),
        ("The reminder texts are automatic and they work fine.", "execution"),
        ("the snagging method is standard now, we rolled the app out and it works", "execution"),
        ("they all know exactly who checks what, it's on the board", "accountability"),
        ("I gave the buffet to Tomasz in June and he does own it.", "accountability"),
        ("the lads do care about quality", "leadership"),
        ("they're not that bothered about the lean stuff any more", "leadership"),
    ],
)
def test_more_sound_spheres_from_sets_158_to_163(
    classifier: Classifier, text: str, sound: str
) -> None:
    assert sound in classifier.classify(text).healthy


def test_also_about_a_persons_other_job_marks_no_new_problem(intents: Intents) -> None:
    assert not intents.marks_new_problem("QC is one guy who's also on dispatch")
    assert intents.marks_new_problem("the fryer is also broken and nobody owns it")


def test_a_because_inside_the_first_story_makes_neither_the_root(coach: Coach) -> None:
    turns = talk(
        coach,
        "I own a 40 person IT services company. Tickets bounce between the helpdesk and the "
        "infrastructure team for days, each side says it's the other's job. A client's backup "
        "was failing for 11 days because nobody picked it up, and nobody is ever held to it. "
        "Also our onboarding of new clients is all over the place, each engineer sets them up "
        "differently.",
        "which do we tackle first?",
    )
    assert _spheres(turns[0]) == ["accountability", "execution"]
    assert turns[-1]["sphere"] == "accountability"


def test_one_of_the_assistants_is_a_title(intents: Intents) -> None:
    assert intents.role("hi. one of the assistants at a wedding events company") == "team-member"
