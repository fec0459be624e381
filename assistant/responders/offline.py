"""The offline responder: deterministic templates that read naturally and vary.

It writes every reply when no LLM is configured, and the fallback when the LLM fails.
Wording varies with the situation (action, sphere, role, what was said) and, among
equivalent phrasings, with the turn number, so a long conversation does not repeat itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.diagnosis.stakes import EXPOSURE_FIRST, SAFETY_FIRST, without_denials
from assistant.diagnosis.stakes import MONEY as _MONEY
from assistant.diagnosis.stakes import RISK as _RISK
from assistant.diagnosis.stakes import SAFETY as _SAFETY
from assistant.diagnosis.stakes import first as first_at_stake
from assistant.model.asking import LINKED
from assistant.model.vocabulary import OVERLAP_NAMES, OVERLAP_OF, SPHERE_NAMES
from assistant.responders.base import Exchange
from assistant.retrieval.protocols import Suggestion

if TYPE_CHECKING:
    from assistant.coaching.plan import Plan
    from assistant.coaching.state import Problem

NAMES = SPHERE_NAMES
WHAT_IT_MEANS = {
    "accountability": "people are not sure what is theirs, so work falls between them and blame fills the gap",
    "leadership": "people have stopped believing the direction, so they comply without committing",
    "execution": "the work depends on memory and on who happens to be there, not on a shared way of doing it",
}
WHY_KIND = {
    "accountability": "Role moves give every outcome one named owner with the authority to match.",
    "leadership": "Buy-in moves give people reasons they believe, not just instructions.",
    "execution": "Process moves make the right way the easy way, without adding people.",
}
ROLE_ADVICE = {
    "owner": (
        "As the owner, your job is to keep all three spheres in balance: fix this one "
        "without letting the other two slide, and check back in a month."
    ),
    "manager": (
        "As a manager, pick one of these, name who owns it, and review it with your team "
        "after the next two {works}; bring the results to whoever you report to."
    ),
    "team-member": (
        "From where you are, you can still move this: propose one clear, light pathway "
        "(a short list, a named owner, a written handoff), try it on your own work first, "
        "and bring what happened to your manager."
    ),
}
# said again later in the same conversation: the same stance in other words
ROLE_ADVICE_AGAIN = {
    "owner": "As before: fix this one without letting the other two spheres slide.",
    "manager": "As before: one named owner for it, and a look back with the team once it has run.",
    "team-member": (
        "As before: start with what is in your own hands, and bring your manager what "
        "happened rather than a proposal."
    ),
}
GREETINGS = (
    "Hello, and welcome.",
    "Good to hear from you.",
    "Hello!",
)
ROLE_NAMES = {"owner": "the owner", "manager": "a manager", "team-member": "on the team"}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pick(options: tuple[str, ...], turn: int) -> str:
    return options[turn % len(options)]


def _quote_list(quotes: list[str]) -> str:
    return ", ".join(f"\u201c{q}\u201d" for q in quotes)


def _w(plan: Plan, key: str, default: str) -> str:
    """One of the person's industry words (see knowledge/coach/industries.yaml)."""
    return plan.words.get(key, default)


def _suggestion_lines(suggestions: tuple[Suggestion, ...]) -> list[str]:
    lines = []
    for number, item in enumerate(suggestions, start=1):
        summary = " ".join(item.text.split())
        if len(summary) > 180:
            summary = summary[:177].rsplit(" ", 1)[0] + "…"
        lines.append(f"{number}. **{item.title}**: {summary} (source: {item.source})")
    return lines


def _ranking_lines(plan: Plan) -> list[str]:
    lines = []
    ranking = list(plan.ranking)
    if plan.checkup:  # the order the weighing gave (what was said and the checkup)
        _top, weights = plan.state.weighed()
        ranking.sort(key=lambda item: -round(weights.get(item[0], 0.0), 9))
    for place, (sphere, score) in enumerate(ranking, start=1):
        quotes = plan.quotes.get(sphere) or []
        said = (
            f": you said {_quote_list(quotes[:2])}"
            if quotes
            else ": nothing you said points here yet"
        )
        checkup = (plan.checkup or {}).get(sphere)
        scored = f"; checkup {checkup:.1f}/100" if checkup is not None else ""
        lines.append(f"{place}. {NAMES[sphere]} ({_strength(score)}{scored}){said}")
    return lines


def _strength(score: float) -> str:
    """How much of what the person said points to a sphere, in words."""
    if score >= 1.2:
        return "strong signs"
    if score >= 0.5:
        return "clear signs"
    if score > 0.05:
        return "a few signs"
    return "no signs yet"


def _ledger_lines(plan: Plan) -> list[str]:
    lines = []
    for problem in plan.state.problems:
        overlap = OVERLAP_NAMES[OVERLAP_OF[problem.sphere]].title.lower()
        done = " (addressed)" if problem.status == "addressed" else ""
        lines.append(
            f"- \u201c{problem.text}\u201d: {NAMES[problem.sphere].lower()}, "
            f"a {overlap} problem{done}"
        )
    return lines


def write(plan: Plan) -> str:
    """The reply for `plan`, as Markdown."""
    from assistant.responders.answers import answer

    text = {
        "follow_up": _follow_up,
        "recommend": _recommend,
        "which_sphere": _which_sphere,
        "reflex": _reflex,
        "redirect": _redirect,
        "greet": _greet,
        "affirm": _affirm,
        "example": _example,
        "too_early": _too_early,
        "notice": _notice,
        "answer": answer,
        "check_in": _check_in,
        "commit": _said,
    }[plan.action](plan)
    if plan.action == "recommend" and (plan.new_problems or plan.first_diagnosis):
        aside = _asked_too(plan)
        if aside:
            text = f"{text}\n\n{aside}"
    stakes = _stakes(plan)
    if stakes:
        text = f"{stakes}\n\n{text}"
    from assistant.coaching.intents import DISTRESS

    if DISTRESS.search(plan.message):
        # "ive cried in the toilets twice this week, thinking of quitting": the person first
        text = f"{DISTRESS_LINE}\n\n{text}"
    if plan.offer_plan and plan.suggestions:
        text += (
            "\n\nTo commit to one, tell me which, who owns it and by when, for example "
            "\u201clet's do the first one, Dana owns it, by Friday, so that nothing is "
            "forgotten\u201d. I will ask how it went when it is due."
        )
    text = f"{plan.noted}\n\n{text}" if plan.noted else text
    plain = plan.plain_words
    if plain is not None:
        # ("no loadout list" from a roofer): the person's own words, quoted back, in plain
        # words where they are live-event production's (nobody else hears those)
        text = _QUOTED.sub(lambda q: plain(q.group(0)), text)
    return text


_QUOTED = re.compile("\u201c[^\u201d]{1,400}\u201d")


def _asked_too(plan: Plan) -> str | None:
    """The answer to a question asked after the new problem the message told ("... Should
    I flag that to the area manager myself?"), said after the moves, or None."""
    from assistant.coaching.intents import asks_sentence, sentences, unquoted
    from assistant.responders.answers import answer_aside

    asked = [s for s in sentences(plan.message) if asks_sentence(unquoted(s))]
    if not asked:
        return None
    question = " ".join(asked)
    aside = answer_aside(replace(plan, message=question, question_kind="general"))
    if not aside:
        return None
    # (its first paragraph: the moves above already give the steps)
    mark = "" if question.rstrip().endswith("?") else ":"
    return f"You also asked \u201c{question}\u201d{mark} {aside.split(chr(10) * 2)[0]}"


DISTRESS_LINE = (
    "That sounds really hard, and how you are doing matters more than any fix. If it keeps "
    "up, talk to someone you trust, your doctor, or an employee helpline if you have one."
)


# the rule for today, for the risk the message names
_ALLERGY_RULE = "every allergy order is checked by a second person before it leaves the kitchen"
_ALLERGY_RULES = {
    "restaurants": _ALLERGY_RULE,
    "manufacturing": (
        "nothing from the line is released after an allergen changeover until a second "
        "person has checked the clean and the labels and signed for it"
    ),
    "live-events": (
        "every guest's allergy on the list is checked by a second person before their plate "
        "leaves the kitchen, and the caterer's lead confirms it at the pass"
    ),
}
_ALLERGY_ELSEWHERE = (
    "everyone with a known allergy is on one list that the person in charge checks at the "
    "start of each day, and their medicine (an adrenaline pen, an inhaler) is with them or "
    "somewhere everyone on shift knows"
)
_RULES_FOR_TODAY = (
    (
        re.compile(
            r"\b(ppe|hard ?hats?|hi-?vis|gloves|goggles|safety (glasses|boots|gear))\b", re.I
        ),
        "no safety gear, no work: anyone without it is sent to get it before they start",
    ),
    (
        re.compile(
            r"\b(harness(es)?|at height|fall protection|anchor (point|check)s?|scaffold)", re.I
        ),
        "harness on and clipped at height every time, checked by a second person",
    ),
    (
        re.compile(
            r"\b(lock-?out|tag-?out|guards? (off|removed|missing)|reach(es|ed|ing)? into)", re.I
        ),
        "nobody reaches into a machine that is not locked out, whoever is in a hurry",
    ),
    (
        re.compile(r"\b(allerg\w*|cross[- ]contaminat\w*|nut|gluten|coeliac|celiac)\b", re.I),
        _ALLERGY_RULE,
    ),
    (
        re.compile(
            r"\b(temperatures?|temps?|fridges?|freezers?|walk-?in|chill(er)?s?|cold chain|"
            r"vaccines?)\b",
            re.I,
        ),
        "the fridge and freezer temperatures are read and written down at opening and at close, "
        "with a name next to each reading, and anything out of range is binned or moved at once",
    ),
    (
        re.compile(r"\b(meds?|medication|doses?|dosing|insulin|blood thinners?)\b", re.I),
        "every dose is checked against the chart by a second person before it is given",
    ),
    (
        re.compile(r"\b(food safety|hygiene|raw chicken|undercooked)\b", re.I),
        "nothing goes out that hasn't been checked against the food-safety sheet by the person "
        "on the pass",
    ),
)


# an exposure open now: "a bug that let people into other customers' accounts", "the
# leaver still has access", "a data breach" (not every mention of logins or compliance)
_OPEN_EXPOSURE = re.compile(
    r"\b(security (bug|hole|flaw|breach)|data (breach|leak)|(let|lets|letting) (people|users|"
    r"customers|anyone|strangers) (into|see|access|read) (other|each other\x27s|someone else\x27s|"
    r"other people\x27s|other customers\x27)|still (have|has) access|(access|accounts?) (is |are )?"
    r"still (work|works|active|live|open))",
    re.IGNORECASE,
)


def _stakes(plan: Plan) -> str:
    """Said first when the message tells of harm or missing money: what to do today,
    before any sphere's fix."""
    if plan.action not in ("follow_up", "recommend", "which_sphere", "answer"):
        return ""
    message = without_denials(plan.message)  # "nobody was hurt lol" is no harm to report
    if _SAFETY.search(message):
        until = (
            "the fix below is in place"
            if plan.action in ("recommend", "which_sphere")
            else "what lies behind it is fixed"
        )
        return (
            "One thing before the rest: someone was hurt or nearly hurt, and that comes "
            "first. If it isn't reported yet, report it through your usual incident process "
            f"today, and agree with whoever is in charge what everyone does until {until}."
        )
    if _RISK.search(message) and plan.action in ("recommend", "which_sphere"):
        if plan.warned_before:
            return "Safety still comes first: keep the rule for today in place while this is fixed."
        rule = next(
            (said for pattern, said in _RULES_FOR_TODAY if pattern.search(plan.message)),
            "nothing restarts until the check is signed",
        )
        if rule == _ALLERGY_RULE:
            # (the kitchen's rule only in a kitchen: a school, a ward or a food line has its own)
            rule = _ALLERGY_RULES.get(plan.state.industry or "", _ALLERGY_ELSEWHERE)
        return (
            "One thing before the rest: this touches someone's safety. Until the fix below is "
            "in place, agree with whoever is in charge one rule that holds from today (for "
            f"example, {rule})."
        )
    if _OPEN_EXPOSURE.search(plan.message) and plan.action in ("recommend", "which_sphere"):
        return (
            "One thing before the rest: access or data at risk cannot wait for the cause to "
            "be fixed. Today, close it (the bug, the login, the access that should be gone) "
            "and tell whoever looks after data and security, then come back to what let it "
            "happen."
        )
    if _MONEY.search(plan.message):
        return (
            "One thing before the rest: money going missing needs a control today, whatever "
            "the cause. From the next handover, two people count it together and both sign "
            "for it."
        )
    return ""


def _said(plan: Plan) -> str:
    return plan.said or ""


def _check_in(plan: Plan) -> str:
    item = plan.check_in
    assert item is not None
    import datetime as dt

    days = (dt.date.today() - dt.date.fromisoformat(item["due"])).days
    when = {0: "today", 1: "yesterday"}.get(days, f"on {item['due']}")
    return (
        f"Welcome back. Before we go on: **{item['title']}**, owned by {item['owner']}, was "
        f"due {when} (success meant: {item['measure']}). How did it go: done, partly done, "
        "not started, or did it make things worse?"
    )


def _notice(plan: Plan) -> str:
    assert plan.notice is not None
    return plan.notice


def _too_early(plan: Plan) -> str:
    return (
        "I can't rank the spheres yet: you haven't told me what's going wrong. Describe one "
        f"recent problem in your own words ({plan.industry_example}) and I'll tell you "
        "where to start."
    )


def _example(plan: Plan) -> str:
    return (
        "Let's try it from another angle. Tell me about one concrete moment from "
        f"{_w(plan, 'work', 'a piece of work')} that went wrong recently: what happened, "
        "who was involved, and what happened next. The details are where the spheres show."
    )


def _follow_up(plan: Plan) -> str:
    assert plan.question is not None
    heard = [s for s, v in plan.ranking if v > 0][:2]
    if len(heard) == 2:
        lead = (
            f"I'm hearing signs of both {NAMES[heard[0]].lower()} and {NAMES[heard[1]].lower()}, "
            "and the fix differs, so one question before I suggest anything:"
        )
    elif heard:
        lead = f"Some of that sounds like {NAMES[heard[0]].lower()}, but I want to be sure. One question:"
    else:
        lead = _pick(
            (
                "Let's find where it really pinches before fixing anything. One question:",
                "Thanks, that helps me see the shape of it. One question to narrow it down:",
            ),
            # on a first message nothing has been told yet to thank for
            plan.turn if plan.state.turn > 1 else 0,
        )
    if plan.state.turn == 1 and (plan.state.role or plan.state.industry):
        lead = f"{_introduced(plan)} {lead}"
    if plan.one_off:
        lead = f"{one_off_heard(plan)} One question:"
    elif plan.question.id == "q-behind-it":
        lead = "A first in all that time is worth knowing: one bad event isn't a pattern. One question:"
    return f"{lead}\n\n**{plan.question.text}**"


def one_off_heard(plan: Plan) -> str:
    """Says the incident told reads as a one-off, and that nothing is filed for it."""
    said = plan.state.one_off or ""
    because = f" (you said \u201c{short(said.rstrip('.,;:'), 16)}\u201d)" if said else ""
    return (
        f"That sounds like a one-off rather than a pattern{because}. One slip where the way "
        "of working holds, or bad luck from outside, doesn't show weak accountability, "
        "leadership or execution, so I haven't filed it as a problem."
    )


def _introduced(plan: Plan) -> str:
    """Acknowledges who the person said they are."""
    role = ROLE_NAMES.get(plan.state.role or "")
    industry = plan.state.industry
    if role and industry:
        return f"Thanks, it helps to know you're {role} in {_industry_name(plan)}."
    if role:
        return f"Thanks, it helps to know you're {role}."
    return f"Thanks, it helps to know you work in {_industry_name(plan)}."


def _industry_name(plan: Plan) -> str:
    return plan.words.get("industry_name", "your line of work")


def _recommend(plan: Plan) -> str:
    if not plan.first_diagnosis and plan.sphere:
        return _what_is_new(plan)
    sphere = plan.sphere
    assert sphere is not None
    overlap = plan.overlap or ""
    quotes = plan.quotes.get(sphere, [])
    opening = _pick(
        (
            f"From what you've described, the sphere to strengthen is **{NAMES[sphere]}**, and it shows in the **{overlap}** overlap.",
            f"This points to **{NAMES[sphere]}**: the trouble shows up as a **{overlap}** problem.",
        ),
        plan.turn,
    )
    parts = [opening]
    if quotes:
        parts.append(
            f"You said {_quote_list(quotes)}. That is what weak {sphere} looks like: {WHAT_IT_MEANS[sphere]}."
        )
    others = [s for s, v in plan.ranking[1:] if v > 0]
    if others:
        parts.append(
            f"There are signs of {' and '.join(NAMES[s].lower() for s in others)} too, "
            f"but fix {sphere} first: it feeds the others."
        )
    parts.extend(_moves(plan, sphere))
    parts.extend(_role_line(plan))
    return "\n\n".join(parts)


def _moves(plan: Plan, sphere: str) -> list[str]:
    if not plan.suggestions:
        return []
    kind = OVERLAP_NAMES[OVERLAP_OF[sphere]].adjective
    count = len(plan.suggestions)
    lead = f"{WHY_KIND[sphere]} {count} {kind} move{'s' if count > 1 else ''} you could start this week:"
    return [lead, "\n".join(_suggestion_lines(plan.suggestions))]


def _role_line(plan: Plan) -> list[str]:
    if plan.role in ROLE_ADVICE:
        said = ROLE_ADVICE[plan.role].replace("{works}", _w(plan, "works", "pieces of work"))
        if not plan.advise_role and plan.state.role_advised == plan.role:
            said = ROLE_ADVICE_AGAIN[plan.role]  # given in full before, in this conversation
        if len(plan.suggestions) == 1:
            said = said.replace("pick one of these", "take this one")  # one move shown
        return [said]
    if plan.ask_role:
        business = (
            " And what kind of business is it? I'll use examples from your line of work."
            if plan.state.industry is None
            else ""
        )
        return [
            "Who are you in this: the owner, a manager, or on the team? The first step "
            f"differs.{business}"
        ]
    return []


def short(quote: str, words: int = 12) -> str:
    """A quote cut to its first `words` words: a later reply refers back, it doesn't
    re-print."""
    parts = quote.split()
    return quote if len(parts) <= words else " ".join(parts[:words]) + "…"


def _what_is_new(plan: Plan) -> str:
    """A later diagnosis: only what this message added or changed."""
    sphere = plan.sphere
    assert sphere is not None
    parts: list[str] = []
    if (
        plan.changed_from
        and not plan.reframed
        and plan.new_problems
        and any(p.status == "open" and p.sphere == plan.changed_from for p in plan.state.problems)
    ):
        said = f"\u201c{short(plan.because)}\u201d" if plan.because else "this"
        earlier = plan.changed_from
        told = f"{said} points to **{NAMES[sphere]}**, a **{plan.overlap}** problem"
        urgent = first_at_stake(plan.state.problems)
        if (
            plan.ranking
            and plan.ranking[0][0] == sphere  # it also leads everything told
            # (unless the earlier one puts someone at risk or costs money: that comes first)
            and (urgent is None or urgent.sphere == sphere)
        ):
            parts.append(
                f"That's a separate problem, and now the bigger one: {told}. Earlier the "
                f"focus was **{NAMES[earlier]}**; with this, {sphere} comes first, because "
                f"{WHAT_IT_MEANS[sphere]}. I've kept the {earlier} problem on the list."
            )
        else:  # the problem told last, taken up now (`State.focus`)
            parts.append(
                f"That's a separate problem: {told}. Earlier the focus was "
                f"**{NAMES[earlier]}**; let's take this one now: {WHAT_IT_MEANS[sphere]}. The "
                f"{earlier} problem stays on the list; ask \u201cwhich first?\u201d and "
                "I'll weigh the two."
            )
    elif (
        plan.changed_from
        and any(p.sphere != plan.changed_from for p in plan.new_problems)
        and not any(
            p.status == "open" and p.sphere == plan.changed_from for p in plan.state.problems
        )
        # (sorted before, and still on the list: not a reading put right)
        and any(
            p.status == "addressed" and p.sphere == plan.changed_from for p in plan.state.problems
        )
        and not plan.reframed
    ):
        # a new problem after the one worked on was sorted: no reading changed
        said = f"\u201c{short(plan.because)}\u201d" if plan.because else "this"
        parts.append(
            f"That's a new problem: {said} points to **{NAMES[sphere]}**, a **{plan.overlap}** "
            f"problem: {WHAT_IT_MEANS[sphere]}. The {plan.changed_from} problem stays marked "
            "as addressed."
        )
    elif plan.changed_from:
        said = f" about \u201c{short(plan.because)}\u201d" if plan.because else ""
        parts.append(
            f"That changes my reading. Earlier this looked like **{NAMES[plan.changed_from]}**; "
            f"what you just said{said} points to **{NAMES[sphere]}**, and now more of what "
            f"you've told me sits there. The trouble shows as a **{plan.overlap}** problem: "
            f"{WHAT_IT_MEANS[sphere]}."
        )
    elif plan.faded and not any(p.sphere != sphere for p in plan.new_problems):
        # "it was good for two weeks, now back to the old mess": the step took, then faded
        parts.append(
            f"So it held for a while and then slipped back: the {sphere} problem is still "
            f"open, and the fade is worth reading. {_WHY_NOT_TAKEN[sphere]}"
        )
    else:
        new = [p for p in plan.new_problems]
        if new:
            for problem in new:
                kind = OVERLAP_NAMES[OVERLAP_OF[problem.sphere]].title.lower()
                parts.append(
                    f"I've noted that as a problem of its own: \u201c{problem.text}\u201d "
                    f"({NAMES[problem.sphere].lower()}, a {kind} problem)."
                )
            if any(p.sphere != sphere for p in new):
                parts.append(
                    f"{NAMES[sphere]} still comes first: more of what you've told me points "
                    "there, and fixing it takes pressure off the rest. Ask \u201cwhich sphere?\u201d "
                    "any time for the full picture."
                )
            else:
                parts.append(f"It adds to the case for **{NAMES[sphere]}**.")
        elif plan.because:
            quote = f"\u201c{short(plan.because)}\u201d"
            parts.append(
                _pick(
                    (
                        f"{quote} adds to the case for **{NAMES[sphere]}**: the same pattern again.",
                        f"{quote}: another sign of weak {sphere}, so the focus stays there.",
                        f"That fits what you told me before. {quote} points to {sphere} too.",
                    ),
                    plan.turn,
                )
            )
        else:
            parts.append(
                f"Nothing in that changes the picture: **{NAMES[sphere]}** is still the sphere to work on."
            )
    if plan.suggestions:
        kind = OVERLAP_NAMES[OVERLAP_OF[sphere]].adjective
        if plan.changed_from:
            parts.extend(_moves(plan, sphere))
        else:
            parts.append(
                _pick(
                    (
                        f"Another {kind} move worth a look:",
                        f"One more {kind} move to consider:",
                        f"If the first moves are under way, add this {kind} move:",
                    ),
                    plan.turn,
                )
            )
            parts.append("\n".join(_suggestion_lines(plan.suggestions[:1])))
    if plan.ask_role or plan.advise_role:
        parts.extend(_role_line(plan))
    parts.extend(_tried(plan))
    return "\n\n".join(parts)


def _tried(plan: Plan) -> list[str]:
    if not plan.tried_now:
        return []
    from assistant.responders.answers import tried_line

    return [tried_line(plan)]


def _checkup_opening(plan: Plan, sphere: str) -> str:
    """How the checkup and what was said come together, in one or two sentences."""
    scores = plan.checkup or {}
    lowest = min(
        (s for s in scores if scores[s] is not None),
        key=lambda s: (scores[s], list(NAMES).index(s)),
    )
    said = next((s for s, v in plan.ranking if v > 0), None)
    score = f"{scores[lowest]:.1f} of 100"
    fix = f"fix **{NAMES[sphere]}** first (it shows in **{plan.overlap}**)"
    if said is None:
        return (
            f"From your checkup alone, {fix}: it scored lowest, {score}. Tell me what goes "
            f"wrong there, in your own words, and I can be more specific."
        )
    if said == lowest:
        return (
            f"Your checkup and what you told me agree on **{NAMES[sphere].lower()}**: {fix}. "
            f"The checkup scored it lowest, {score}."
        )
    return (
        f"What you told me points to **{NAMES[said].lower()}**, while your checkup scored "
        f"**{NAMES[lowest].lower()}** lowest ({score}). Weighing both, {fix}."
    )


def _checkup_trend(plan: Plan) -> str | None:
    """The change per sphere since the checkup before the latest, in one sentence."""
    now, before = plan.checkup or {}, plan.state.checkup_before or {}
    changes = []
    for sphere in NAMES:
        a, b = now.get(sphere), before.get(sphere)
        if a is None or b is None:
            continue
        delta = round(a - b, 1)
        word = f"up {delta:.1f}" if delta > 0 else f"down {-delta:.1f}" if delta < 0 else "flat"
        changes.append(f"{NAMES[sphere]} {word}")
    return f"Since your previous checkup: {', '.join(changes)}." if changes else None


# why a sphere comes first when several problems are open (ALE_MODEL.md: fix the root,
# not the loudest)
WHY_FIRST = {
    "leadership": (
        "while people don't believe in the direction, every new owner or checklist gets the "
        "same shrug, so win back belief first and the other fixes have something to stand on."
    ),
    "accountability": (
        "until one person owns each of these, a better way of working has nobody to keep it "
        "alive and nobody to answer when it slips."
    ),
    "execution": (
        "by your own account the other is the smaller one, and once the work has one agreed "
        "way, owners have something clear to answer for and people can see the direction "
        "working."
    ),
}


# why a problem comes first whatever sphere lies behind the others
_AT_STAKE = {
    SAFETY_FIRST: "it puts someone's safety at risk, and that cannot wait for the others.",
    EXPOSURE_FIRST: "it leaves you exposed (access, data or compliance), and that cannot wait "
    "for the others.",
}

# the same harm, said of a problem that is not the one to fix first
_AT_RISK_NOW = {
    SAFETY_FIRST: "someone could get hurt before the cause is fixed",
    EXPOSURE_FIRST: "you stay exposed (access, data or compliance) while it lasts",
}


# how one sphere's trouble feeds the next, in the virtuous cycle turned vicious
_FEEDS = {
    ("leadership", "accountability"): (
        "when people stop believing in the direction, they stop putting their name to outcomes"
    ),
    ("accountability", "execution"): (
        "when nobody owns a job, nobody keeps its way of working, so it is done differently "
        "each time"
    ),
    ("execution", "leadership"): (
        "when the same mistakes come back week after week, people stop believing things "
        "will get better"
    ),
}


def linked_answer(plan: Plan, which: bool = False) -> str | None:
    """Whether the problems told are one or two ("are those actually connected?"): the
    one the person said lies behind the other, else how their spheres feed each other,
    with a fix for each."""
    open_ones = [p for p in plan.state.problems if p.status == "open"]
    if not open_ones:
        return None
    if len(open_ones) == 1:
        only = open_ones[0]
        kind = OVERLAP_NAMES[OVERLAP_OF[only.sphere]].adjective
        return (
            f"Connected, yes: I read what you've told me as one {NAMES[only.sphere].lower()} "
            f"problem, {_quote(only)}, and the rest as how it shows. So one {kind} fix "
            "should reach all of it. If part of it carries on once that is in place, tell me: "
            "then it is a problem of its own."
        )
    first, second = open_ones[-2], open_ones[-1]
    one, two = _quote(first), _quote(second)
    if first.sphere == second.sphere:
        kind = OVERLAP_NAMES[OVERLAP_OF[first.sphere]].adjective
        return (
            f"They are two problems of one sphere: {one} and {two} are both "
            f"{NAMES[first.sphere].lower()} problems. That helps: one {kind} fix, done "
            "properly, eases both. Start with the one that bites most often."
        )
    root = plan.state.root
    if root in (first.sphere, second.sphere):
        cause, effect = (first, second) if first.sphere == root else (second, first)
        return (
            f"Connected, by your own account: {_quote(cause)} "
            f"({NAMES[cause.sphere].lower()}) lies behind {_quote(effect)} "
            f"({NAMES[effect.sphere].lower()}). Fix the {NAMES[cause.sphere].lower()} one "
            "first and the other should ease; if it doesn't within a few weeks, it needs a "
            "fix of its own."
        )
    link = _FEEDS.get((first.sphere, second.sphere)) or _FEEDS.get((second.sphere, first.sphere))
    parts = [
        f"Two problems, I'd say: {one} is {NAMES[first.sphere].lower()} and {two} is "
        f"{NAMES[second.sphere].lower()}."
    ]
    if link:
        parts.append(f"They can feed each other ({link}), but each needs its own fix.")
    else:
        parts.append("Trouble in one sphere shows in the others, but each needs its own fix.")
    if not which:  # (asked with "which first?", the weighing follows)
        parts.append(
            "If you can see that one of them causes the other, say so; otherwise ask me "
            "which to fix first and I'll weigh them."
        )
    return " ".join(parts)


def _quote(problem: Problem) -> str:
    return f"\u201c{short(problem.text, 12)}\u201d"


def _which_sphere(plan: Plan) -> str:
    sphere = plan.sphere
    assert sphere is not None
    trend = _checkup_trend(plan) if plan.checkup else None
    parts = [
        _checkup_opening(plan, sphere) + (f" {trend}" if trend else "")
        if plan.checkup
        else f"Weighing everything you've told me, fix **{NAMES[sphere]}** first (it shows in **{plan.overlap}**).",
    ]
    linked = linked_answer(plan, which=True) if LINKED.search(plan.message) else None
    if linked:
        # "which first? or is it the same thing?": whether they are one problem, first
        parts.append(linked)
    if len(plan.state.problems) > 1:
        parts.append("The problems you've described:")
        parts.append("\n".join(_ledger_lines(plan)))
        open_ones = [p for p in plan.state.problems if p.status == "open"]
        urgent = first_at_stake(plan.state.problems)
        if urgent is not None and urgent.sphere == sphere:
            parts.append(
                f"Start with {NAMES[sphere].lower()}: what you said of it "
                f"(\u201c{short(urgent.text, 10)}\u201d) tells me "
                f"{_AT_STAKE[urgent.stakes]} Put a "
                "stopgap in place this week (one named person checks it daily until the fix "
                "below holds), then come back to the rest."
            )
        elif len(open_ones) > 1 and plan.state.root == sphere:
            parts.append(
                f"Start with {NAMES[sphere].lower()}: you said yourself it lies behind the "
                "other, so fixing it takes some of the other with it, while fixing the other "
                "first would leave its cause in place."
            )
        elif len(open_ones) > 1 and len({p.sphere for p in open_ones}) == 1:
            parts.append(
                f"They are all {sphere} problems, so one {plan.overlap} fix, done properly, "
                "helps every one of them: start with the one that bites most often."
            )
        elif len(open_ones) > 1:
            parts.append(f"Start with {NAMES[sphere].lower()}: {WHY_FIRST[sphere]}")
            if urgent is not None and urgent.status == "open":
                # the harm told of another problem is contained now; its cause waits its turn
                parts.append(
                    f"One thing can't wait, though: what you said of {urgent.sphere} "
                    f"(\u201c{short(urgent.text, 10)}\u201d) means "
                    f"{_AT_RISK_NOW[urgent.stakes]}, so put a stopgap on it this week (one "
                    "named person checks it every day) while the fix above takes hold."
                )
        elif open_ones:
            parts.append(
                f"Only one of them is still open, so that is the one: {NAMES[sphere].lower()}."
            )
    lines = _ranking_lines(plan)
    if plan.checkup:
        parts.append("Here is how the three spheres rank from what you said and your checkup:")
    elif lines and not lines[0].startswith(f"1. {NAMES[sphere]} "):
        # (harm, or a cause you named, put another sphere first than the one most said)
        parts.append(
            "How much of what you said points to each sphere (the amount of evidence, "
            "before weighing what is at stake and what causes what):"
        )
    else:
        parts.append("Here is how the three spheres rank from what you said:")
    parts.append("\n".join(lines))
    if plan.suggestions:
        parts.append("Where to start:")
        parts.append("\n".join(_suggestion_lines(plan.suggestions)))
    parts.extend(_role_line(plan))
    parts.extend(_tried(plan))
    from assistant.responders.answers import also_asked

    also = also_asked(plan)
    if also:
        # "which first? and honestly what can I do as a TL, i dont control the CRM"
        parts.append(also)
    return "\n\n".join(parts)


def _reflex(plan: Plan) -> str:
    sphere = plan.sphere
    counterfactual = "Ask yourself: **if your leaders were perfect, would this still happen?**"
    if sphere is None and plan.state.asked:
        # a story told and asked about, not yet tagged: weigh the training against it
        return (
            "Maybe, but check first whether training would touch what you told me. Most "
            "companies reach for leadership training when the trouble sits in roles or "
            f"process, and training fixes neither.\n\n{counterfactual} If it would, the "
            "fix is in who owns it or how it is done, and my question above will tell us which."
        )
    if sphere is None:
        return (
            "Before booking coaching, tell me what is actually going wrong: a few concrete "
            f"examples from recent {_w(plan, 'works', 'pieces of work')}. Most companies reach "
            f"for leadership training when the trouble sits in roles or process.\n\n{counterfactual}"
        )
    quotes = plan.quotes.get(sphere, [])
    said = f" You said {_quote_list(quotes)}." if quotes else ""
    if sphere == "leadership":
        parts = [
            f"What you describe does point to **Leadership**, shown as a **buy-in** problem.{said}",
            "So here the instinct is right about the sphere, but a workshop rarely builds "
            "buy-in; concrete moves that explain the why and involve people do:",
        ]
    else:
        parts = [
            f"I'd hold off on leadership coaching. What you describe points to **{NAMES[sphere]}**, "
            f"a **{plan.overlap}** problem, not to leadership.{said}",
            f"Coaching your leaders won't change that: {WHAT_IT_MEANS[sphere]}.",
            counterfactual + f" If the answer is yes, start with {plan.overlap}:",
        ]
    if plan.suggestions:
        parts.append("\n".join(_suggestion_lines(plan.suggestions)))
    return "\n\n".join(parts)


def _greet(plan: Plan) -> str:
    if re.match(
        r"^\W*(thanks|thank you|thx|cheers|bye|goodbye|see you|ok bye)\b", plan.message, re.I
    ):
        return _thanks(plan)
    greeting = _pick(GREETINGS, plan.turn - 1)  # a first message is welcomed
    if plan.state.role or plan.state.industry:
        return (
            f"{greeting} {_introduced(plan)} What is going on at work that you'd like to "
            f"sort out? For example: {plan.industry_example}. Tell me in your own words."
        )
    return (
        f"{greeting} I'm a coach for the ALE model (Accountability, Leadership, Execution). "
        f"Tell me what's going wrong at work: {plan.industry_example}. I'll help you find "
        "which sphere to strengthen."
    )


def _thanks(plan: Plan) -> str:
    return (
        "You're welcome. Come back when you've tried a first step, or when something "
        "new comes up; I'll be here."
    )


def _redirect(plan: Plan) -> str:
    if re.match(
        r"^\W*(thanks|thank you|thx|cheers|bye|goodbye|see you|ok bye)\b", plan.message, re.I
    ):
        return _thanks(plan)
    from assistant.coaching.intents import outside_topic

    topic = outside_topic(plan.message)
    if topic is not None:
        # "my commute is 90 mins each way", "the pay rate here is a joke": real, and outside
        # what the model looks at
        back = (
            f" On what we were looking at ({NAMES[plan.sphere].lower()}), tell me how a "
            "first step goes, or ask me anything about it."
            if plan.sphere
            else " Tell me what is going wrong at work, in your own words."
        )
        return _pick(
            (
                f"That sounds hard, and {topic} is outside what I can help with: I coach on "
                "who owns what, whether people believe in the way things are done, and how "
                f"the work gets done.{back}",
                f"I hear you. {_capital(topic)} is a real worry, but not one I can help with; "
                f"my part is ownership, buy-in and the way the work is done.{back}",
            ),
            plan.turn,
        )
    if plan.sphere:
        return (
            f"We've been looking at {NAMES[plan.sphere].lower()}. When you've tried a first "
            "step, tell me how it went; or tell me what else is going on at work, or ask me "
            "anything about what I suggested."
        )
    return _greet(plan)


# Why a move of one sphere may not take: the cause often sits in a neighbouring sphere
# (ALE_MODEL.md: the spheres hold each other up).
_WHY_NOT_TAKEN = {
    "execution": (
        "A new way of working fades when nobody owns keeping it alive (accountability), and "
        "it gets skipped when the people using it don't see what it is for (leadership). "
        "Ask who looks after it, and ask two of the people meant to use it what gets in the way."
    ),
    "accountability": (
        "A named owner still drops things when there is no set way of doing the work "
        "(execution) or no authority to match the task (accountability itself), and the "
        "team works around an owner they don't back (leadership). Ask the owner what stops "
        "them, in their words."
    ),
    "leadership": (
        "People can agree with a change and still let it slide when nobody owns it "
        "(accountability) or nothing in the daily routine carries it (execution). Ask what "
        "happened the last time it was dropped: who noticed, and what they did."
    ),
}


def faded_line(sphere: str) -> str:
    """What news of a step that held and then slipped back says: the step can work, and its
    problem stays open."""
    return (
        "So it held for a while and then slipped back. That tells us the step can work; what "
        "is missing is whatever keeps it going when nobody is watching. I've kept the "
        f"{NAMES[sphere].lower()} problem open."
    )


def _step_news(plan: Plan, sphere: str) -> str:
    """News that a step took only part of the way, or not at all: the problem stays open."""
    name = NAMES[sphere].lower()
    if plan.news == "part":
        return (
            f"Progress part of the way, and worth building on. I've kept the {name} problem "
            "open until it holds everywhere. Look at what differs where it works: who "
            "keeps it going there, and whether the others were told why it matters. Then "
            "ask the ones who haven't moved what is in their way, and fix that one thing."
        )
    told = (
        faded_line(sphere)
        if plan.news == "faded"
        else "Thanks for telling me straight; a step that didn't take tells us something too. "
        f"I've kept the {name} problem open."
    )
    parts = [f"{told} {_WHY_NOT_TAKEN[sphere]}"]
    if plan.suggestions:
        kind = OVERLAP_NAMES[OVERLAP_OF[sphere]].adjective
        parts.append(
            f"Another {kind} move to try, if the answer is that the move itself did not fit:"
        )
        parts.append("\n".join(_suggestion_lines(plan.suggestions[:1])))
    return "\n\n".join(parts)


def _affirm(plan: Plan) -> str:
    if plan.small_talk:  # thanks for the advice, no news
        return _thanks(plan)
    if plan.retracted:
        left = [p for p in plan.state.problems if p.status == "open"]
        rest = (
            f" If it happens again, tell me. Still on the list: \u201c{short(left[-1].text, 12)}\u201d."
            if left
            else " If it happens again, or something else keeps going wrong, tell me."
        )
        return (
            f"Done: I've taken \u201c{short(plan.retracted, 12)}\u201d off the list. One bad "
            "event where the way of working holds isn't a pattern, so there is nothing in how "
            f"the team works to fix for it.{rest}"
        )
    if plan.one_off or (plan.state.one_off and not plan.state.problems):
        return f"{one_off_heard(plan)} If something else keeps going wrong, tell me about it."
    if plan.news == "undone" and plan.settled in NAMES:
        reopened = [p for p in plan.state.problems if p.status == "open"]
        which = (
            f"the {NAMES[plan.settled].lower()} problem" if len(reopened) == 1 else "those problems"
        )
        return (
            f"You're right, I took that as progress too soon. I've put {which} back as "
            "open: nothing counts as settled until you've tried something and seen it hold. "
            "When you've taken a first step, tell me what happened, good or bad."
        )
    if plan.news == "started" and plan.settled in NAMES:
        told = _step_told(plan.message)
        started = f"\u201c{told}\u201d" if told else "that step"
        return (
            f"A good start: {started}. Give it a couple of weeks of ordinary, busy days, then "
            f"tell me what changed; I'll keep the {NAMES[plan.settled].lower()} problem open "
            "until it holds."
        )
    if plan.news == "hands" and plan.settled in NAMES:
        return (
            "Glad it's easier. More people can cover a problem without fixing it: watch "
            "whether it holds on a short-staffed day. If it slips then, the "
            f"{NAMES[plan.settled].lower()} fix is still needed, so I've kept that problem "
            "open until you've seen it."
        )
    if plan.news == "not_yet" and plan.settled in NAMES:
        return (
            f"Understood: nothing is marked as settled, and the {NAMES[plan.settled].lower()} "
            "problem stays open. When you've tried a first step, tell me how it went, good "
            "or bad."
        )
    if plan.news in ("part", "failed", "faded") and plan.settled in NAMES:
        return _step_news(plan, plan.settled)
    if plan.sphere and plan.state.problems:
        open_ones = [p for p in plan.state.problems if p.status == "open"]
        # the problem the news settled: the one the plan names, else one addressed and not
        # still open, else the one recommended
        settled = plan.settled or next(
            (
                p.sphere
                for p in plan.state.problems
                if p.status == "addressed" and p.sphere not in {q.sphere for q in open_ones}
            ),
            plan.sphere,
        )
        rest = (
            f" Still open: {', '.join(chr(0x201C) + short(p.text, 8) + chr(0x201D) for p in open_ones[:2])}."
            if open_ones
            else ""
        )
        if sum(p.status == "addressed" for p in plan.state.problems) > 1:
            # news of a second problem settled: said afresh, not the first news word for word
            return (
                f"Another one moving: I've marked the {NAMES[settled].lower()} problem as "
                f"addressed too.{rest} Watch each change for the next month; what holds when "
                "people are busy or someone is away is what has really changed. If one of "
                "them slips, tell me what you see."
            )
        step = _step_told(plan.message)
        done = [p for p in plan.state.problems if p.status == "addressed" and p.sphere == settled]
        which = (
            f"\u201c{short(done[-1].text, 8)}\u201d ({NAMES[settled].lower()})"
            if len(done) == 1 and len(plan.state.problems) > 1
            else f"the {NAMES[settled].lower()} problem"
        )
        lead = (
            f"Good news. What made the difference was what you did: \u201c{step}\u201d."
            if step
            else "Good news, and worth noticing what made the difference."
        )
        return (
            f"{lead} I've marked {which} as addressed. Keep the new habit alive for "
            f"a few more weeks before you call it done.{rest} Tell me if anything starts to slip."
        )
    return (
        "That sounds like the centre of the model: it's working. Enjoy it, and keep the "
        "balance: keep the processes alive with short reviews, keep every outcome's owner "
        "named, and keep explaining the why behind decisions. If one of those starts to slip, "
        "come back and tell me what you see."
    )


# a step the person says they took: "we made Maria the owner of lab cases", "I put a
# laminated card at each register"
_STEP_TOLD = re.compile(
    r"\b(we|i)( finally| just| now| then)? (made|put|gave|named|wrote|started|set up|added|moved|"
    r"agreed|asked|brought in|switched|taped|printed|posted|built|changed|split|held|"
    r"sat down with|introduced|created|assigned|drew up|laminated)\b(?!\s+(no|zero|not)\b)[^.;!?]{3,80}",
    re.I,
)


def _step_told(message: str) -> str | None:
    """The step the person reports taking, in their words (a dozen words at most)."""
    found = _STEP_TOLD.search(message)
    if found is None:
        return None
    return short(found.group(0).strip().rstrip(","), 12)


def stream_words(text: str) -> Iterator[str]:
    """An offline reply, streamed a few words at a time."""
    for match in re.finditer(r"\S+\s*", text):
        yield match.group(0)


class OfflineResponder:
    """The built-in replies; implements `Responder` and writes every draft."""

    mode = "offline"

    def write(self, plan: Plan) -> str:
        return write(plan)

    def writes(self, plan: Plan) -> bool:
        return True

    def stream(self, plan: Plan, draft: str, history: Sequence[Exchange]) -> Iterator[str]:
        return stream_words(draft)
