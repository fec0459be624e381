"""What is at stake in a problem: someone's safety, an exposure, money going out.

The offline reply says first what cannot wait ("someone was hurt or nearly hurt"), and
"which first?" puts a problem that endangers someone or keeps costing money ahead of an
annoyance, whatever sphere lies behind it: contain the harm, then fix the cause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.diagnosis.text import enumerated_parts

if TYPE_CHECKING:
    from assistant.coaching.state import Problem

# What cannot wait for any sphere's fix: someone hurt or nearly hurt, money going missing
SAFETY = re.compile(
    r"\b(near[- ]?miss(es)?|injur(y|ies|ed)|punched|assaulted|attacked|(got|was|were|been) (hurt|harmed|burned|burnt|cut)|"
    r"hit (a|the) (gas|water|power|electric) (main|line|cable|pipe)|wrong[- ](strength|dose|drug|"
    r"medication|patient|meds)|overdose|allergic reaction|anaphyla\w*|electrocut\w*|"
    r"fell (off|from|through)|(resident|patient) (eloped|went missing|wandered off)|"
    # "a resident nearly fell last night", "he almost got crushed", "she had a fall"
    r"(nearly|almost) (fell|fallen|got (hurt|crushed|hit|burned|burnt|electrocuted)|hit (someone|somebody|a))|"
    r"had a (bad )?fall|"
    # people left without shelter: "a family with a baby got missed and spent the night in the
    # station"
    r"(spent|slept|spending|sleeping) (the|a|last) night (in|on|at) (the|a) (station|streets?|car|park|"
    r"bus stop|doorway|bench)|(slept|sleeping|sleep) rough)\b",
    re.I,
)
# a risk to someone's safety named in the story, before anyone is hurt
RISK = re.compile(
    r"\b(allergen|allergens|allergy|allergies|cross[- ]contaminat\w*|food safety|harness(es)?|"
    r"anchor (point|check)s?|fall protection|lock-?out|tag-?out|guards? (off|removed|missing)|"
    r"fire (exits?|doors?) (blocked|locked|propped)|evac(uation)? routes?|dig permits?|"
    r"permit[- ]to[- ](dig|work)|hygiene checks?|temperature (logs?|checks?)|sharps|ppe|"
    r"hard ?hats?|hi-?vis|safety (glasses|goggles|boots|gear|harness(es)?|rules?|checks?)|"
    # "the wheel nuts weren't torqued", "nobody checks the brakes before it goes back out"
    r"wheel ?nuts? (weren\x27t |wasn\x27t |were not |was not |not |never )?(torqued|tightened|re-?torqued|checked)|"
    r"(loose|untorqued|untightened) wheel ?nuts?|torque (check|settings?|wrench)|"
    r"(someone|somebody|one of (them|us|the \w+)|a \w+) (could|might|will|is going to|"
    r"gonna|\x27ll) (get )?(hurt|killed|injured)|before (someone|somebody) gets hurt|"
    # "the baby room sleep check chart had a 2 hour gap", "a safeguarding thing"
    r"sleep checks?|safeguarding|(baby|child|infant|patient|resident)( \w+)? (wasn\x27t|was not|"
    r"wasnt|not|never) checked)\b",
    re.I,
)
# harm said not to have happened: "nobody was hurt lol", "no one got injured", "nothing
# was taken", "no injuries thank god"
_DENIED = re.compile(
    r"\b(nobody|no one|noone|no-one|none of (us|them))( (was|were|got|has been|had been|have been))?"
    r"( (hurt|injured|harmed|burned|burnt|cut|taken)|( (hurt|injured|harmed)))\b|"
    r"\bno (injur(y|ies)|harm done|one hurt)\b|\bnothing (was |got |has been )?(taken|stolen|missing)\b|"
    r"\b(wasn\x27t|weren\x27t|was not|were not|didn\x27t get|did not get) (hurt|injured|harmed)\b",
    re.I,
)


def without_denials(text: str) -> str:
    """`text` with the harm it says did not happen left out ("nobody was hurt" is no
    one hurt)."""
    return _DENIED.sub(" ", text)


MONEY = re.compile(
    r"\b((cash|till|drawer|float|register|takings)( drawer)? (is |was |keeps |kept |came |comes )?"
    r"(coming up |being |ending up )?short|(money|cash) (is |keeps |has )?(going )?missing|missing "
    r"(money|cash)|stolen|theft|steal(s|ing)? from|nick(s|ing|ed)? from|"
    r"skim(s|ming|med)? (the |some )?(cash|money|tips|takings|till)|"
    r"pocket(s|ing|ed)? (the |some )?(cash|money|tips|takings))\b",
    re.I,
)


# further words of harm a problem can carry, for ranking which comes first
_HARMFUL = re.compile(
    r"\b(\d+ ?(degrees|°c?)|temp(erature)? (log|checks?|probe)|use-?by|out of date (food|stock|meds?)|"
    r"allergen\w*|peanuts?|tree nuts|nut (allergy|free|traces)|gluten|coeliac|celiac|insulin|(missed|wrong|double) (a |the )?(dose|doses|meds|"
    r"medication|insulin)|(meds?|medication|doses?) (was |were |got )?(missed|skipped|given twice)|"
    r"defib\w*|oxygen|leak(ing|ed)? acid|acid (leak|spill)\w*|battery acid|"
    r"(front-of-stage |crowd |safety )?barrier (inspection|checks?)|toe ?boards?|guard ?rails? "
    r"(missing|off|down)|scaffold(ing)? (wasn\x27t|was not|isn\x27t|is not|not) (inspected|tagged|checked)|"
    r"scaffold(ing)? inspections?|emergency (kit|trolley|exits?)|fire (exits?|doors?|alarms?|extinguishers?)|"
    r"(broken|cracked|wobbly|dodgy) (ladder|step|scaffold|barrier|guard)|scaffold(ing)? tags?|gas (main|line|leak)|"
    r"live (wires?|cables?)|electricals|pat test\w*|lock-?out|jammed (machine|press|line|conveyor)|"
    r"reach(es|ed|ing)? into|guarding|(unchecked|uninspected|untested) (truss\w*|rigging|barriers?|"
    r"electricals|equipment)|crowd barriers?|crush|safeguarding|dbs checks?|background checks?|"
    r"(children|kids|minors|vulnerable)\b[^.]{0,40}\b(unchecked|without (a )?checks?)|"
    r"patients? (got|given|received) (the )?wrong|wrong (patient|papers|chart)|falls? risk)\b",
    re.I,
)
# an exposure: access that should be gone, data or a licence at risk
_EXPOSED = re.compile(
    r"\b(creds|credentials|passwords?|logins?|api keys?|admin rights|(access|accounts?) "
    r"(still|are still|is still) (work|works|active|live|open)|still (have|has) access|"
    r"data (breach|leak)|gdpr|hipaa|licen[cs]e at risk|audit (fail\w*|finding)|compliance|"
    # "a password reset bug that let people into other customers' accounts"
    r"security (bug|hole|flaw|breach|issue|incident)s?|(let|lets|letting|gave|gives) (people|users|"
    r"customers|anyone|strangers) (into|see|access|read) (other|each other\x27s|someone else\x27s|"
    r"other people\x27s|other customers\x27)\b[^.]{0,20}\b(accounts?|data|records|files|details))\b",
    re.I,
)
_COSTLY = re.compile(
    r"(£|\$|€) ?\d|\b(\d+ ?k\b|lost (money|\w+ (grand|thousand))|losing money|bleeding (money|cash)|"
    r"costing us|cost us|lost (on|money on) \d|(checkout|site|the app|payments?|the system) (was |went |is )?"
    r"(down|offline)|outages?|unbilled|(never|not) (billed|invoiced|charged)|double deliveries|"
    r"paying twice|write-?offs?|written off)",
    re.I,
)

# the person says it cannot wait: "Also, and this one's urgent.", "this can't wait"
_URGENT = re.compile(
    r"\b(this one\x27s|this one is|this is|it\x27s|that\x27s|this bit\x27s)( really| very| properly| genuinely)? "
    r"urgent\b|\b(this|it|that) (can\x27t|cannot) wait\b",
    re.IGNORECASE,
)
# a problem the person calls small: "Second thing is small but it drives me mad",
# "Second, smaller one", "a minor thing" (not the size of a place: "a small arts charity")
_SMALL = re.compile(
    r"\b((a|one|this|that|the|the other|another|second) (pretty |really |quite |much |very )?(small|smaller|"
    r"minor|petty|little) (one|thing|issue|problem|stuff|matter|point|niggle|gripe)|((thing|one|problem|"
    r"issue|bit|part) is|it\x27s|its|it is|this is|this one\x27s|this one is|that\x27s|thats|that is) "
    r"(pretty |really |quite |much |very |way )?(small|smaller|minor|petty)(?=\s*([,.;:!?)\u2014-]|$|"
    r"(but|and|though|compared|next to|beside|by comparison|really|one|thing|issue|problem|stuff)\b))|"
    r"smaller one|not (a )?(huge|big|major) (deal|thing|problem|issue)|less (urgent|important)|"
    r"(just )?an annoyance|minor annoyance)\b"
    # said of it at the start or end of a clause: "small one, changeover cleaning ...",
    # "..., small thing."
    r"|(^|[.,;:!?]\s*)(small|smaller|minor|little) (one|thing|issue|problem)\b",
    re.I,
)
# what is told now outweighs what came before: "More pressing, though: ...", "But the
# bigger thing is the staff room", "what really hurts is ..."
_BIGGER = re.compile(
    r"\b(more (pressing|urgent|important|serious)|(the |a )?(bigger|biggest|real|main) (thing|problem|issue|"
    r"worry|headache)|what really (hurts|matters|bites|worries me)|much worse)\b",
    re.I,
)
SAFETY_FIRST, EXPOSURE_FIRST, MONEY_FIRST, SMALL = 3, 2, 1, -1


def level(text: str) -> int:
    """What `text` puts at stake: 3 someone's safety, 2 an exposure (access, data,
    compliance), 1 money (or said to be urgent), 0 nothing named, -1 the person calls it
    small."""
    text = without_denials(text)
    if SAFETY.search(text) or RISK.search(text) or _HARMFUL.search(text):
        return SAFETY_FIRST
    if _EXPOSED.search(text):
        return EXPOSURE_FIRST
    if MONEY.search(text) or _COSTLY.search(text) or _URGENT.search(text):
        return MONEY_FIRST
    return SMALL if _SMALL.search(text) else 0


def note(problems: Sequence[Problem], turn: int, text: str, stored: Sequence[str]) -> None:
    """Raise the stakes of the problems `text` (the message of `turn`) tells: one new
    problem takes the whole message, several each take their own stretch of it; a message
    that only adds to problems told before (`stored`: the spheres it gave evidence) raises
    the open one of that sphere. A new problem said to be the bigger one makes those told
    before it small."""
    new = [p for p in problems if p.turn == turn]
    if new and _BIGGER.search(text):
        for earlier in problems:
            if earlier.turn < turn and earlier.status == "open" and earlier.stakes == 0:
                earlier.stakes = SMALL  # smaller than what is told now, by their own account
    if len(new) == 1:
        new[0].stakes = _raised(new[0].stakes, level(text))
        return
    if new:
        lower = text.lower()  # (an entry starts with a capital the message may not have)
        starts = sorted((max(lower.find(p.text[:30].lower()), 0), i) for i, p in enumerate(new))
        # each stretch opens with the sentence its problem is told in ("Second, smaller: the
        # walk-in log. Nobody owns it." says the log is the small one, not the one before)
        starts = [
            (max(at if k == 0 else _sentence_start(lower, at), starts[k - 1][0] + 1 if k else 0), i)
            for k, (at, i) in enumerate(starts)
        ]
        parts = enumerated_parts(text)  # a list told part by part: each problem its part
        for k, (at, i) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
            part = next(((a, b) for a, b in parts if a <= at < b), None)
            if part is not None:
                at, end = part
            new[i].stakes = _raised(new[i].stakes, level(text[at:end]))
        return
    for sphere in dict.fromkeys(stored):
        open_ones = [p for p in problems if p.sphere == sphere and p.status == "open"]
        if len(open_ones) == 1:
            open_ones[0].stakes = max(open_ones[0].stakes, level(text), 0)


def _sentence_start(lower: str, at: int) -> int:
    """Where the sentence holding position `at` of `lower` starts."""
    found = [(lower.rfind(mark, 0, at), mark) for mark in (". ", "! ", "? ", "; ", "\n")]
    where, mark = max(found)
    return where + len(mark) if where >= 0 else 0


def _raised(before: int, now: int) -> int:
    """The stakes of a problem told now: what it puts at stake, or small when only that is
    said of it."""
    return now if before == 0 else max(before, now)


def first(problems: Sequence[Problem]) -> Problem | None:
    """The open problem whose harm cannot wait for the others: the only one at the highest
    stakes named, when the spheres differ and those stakes are someone's safety or an
    exposure. Money lost is no reason to fix a problem before its root ("we comped $900 of
    food" beside "nobody owns the line"): the root still comes first."""
    open_ones = [p for p in problems if p.status == "open"]
    top = max((p.stakes for p in open_ones), default=0)
    at_top = {p.sphere for p in open_ones if p.stakes == top}
    if top < EXPOSURE_FIRST or len(at_top) != 1 or len({p.sphere for p in open_ones}) < 2:
        return None
    return next(p for p in open_ones if p.stakes == top)
