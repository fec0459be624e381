"""Committing to an action in words: "let's do the checklist one, Dana owns it, by Friday".

Reads which of the suggested interventions is meant, who owns it, by when (dates such as
"Friday", "tomorrow", "in two weeks" or "2026-12-18", resolved against today), and how
success will be judged. A date it cannot read is asked about, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

COMMITS = re.compile(
    r"\b(let'?s (do|try|go with|start with|pick|commit to)|we('ll| will) (do|try|go with|"
    r"start with|take)|i('?ll| will) (do|try|take|start with|own|go with)|commit to|"
    r"(add|put) (it|that|this|the \w+( \w+)? one) (to|in|on) (the|our|my) plan|"
    r"make (it|that) a plan|go with the|"
    # "im gonna do the first one", "going with the checklist", "I pick the second"
    r"(i\'?m|we\'?re) (gonna|going to) (do|try|start with|go with|take)|going with the|"
    r"(i|we)(\'ll| will)? (pick|choose) the)\b",
    re.IGNORECASE,
)
# "the first one i guess. me, by next friday": a move named by its place in the list, said
# together with who or when, is a commitment too
ORDINAL_ONE = re.compile(
    r"\b(the )?(first|frist|second|third|1st|2nd|3rd|last) (one|move|idea|option)\b", re.IGNORECASE
)
# a message that asks about a move rather than picks it: "steps for the second one", "how
# do i start the checklist one"
ASKS_ABOUT = re.compile(
    r"^\W*(how|what|why|where|who|can|could|should|would|is|are|do|does|explain|"
    r"tell me)\b|\b(steps?|how (do|does|would|will|to)|more about|what about|explain)\b",
    re.IGNORECASE,
)
# none of the moves shown: "none of those really. what im gonna do is…"
NONE_OF_THEM = re.compile(
    r"\b(none of (those|them|these|that|the above)|neither of (those|them|these))\b", re.IGNORECASE
)
# a move turned down: "doesnt fit", "wont work for us", "not for us"
NOT_WANTED = re.compile(
    r"\b(doesn\x27?t|does not|doesnt|won\x27?t|wont|wouldn\x27?t|wouldnt|can\x27?t|cant|"
    r"couldn\x27?t|didn\x27?t|didnt|did not) (really )?(fit|work|apply|help)\b|\bnot for us\b|"
    r"\bno good\b|\bnot (a )?fit\b|\b(failed|rubbish|useless|pointless|a waste)\b",
    re.IGNORECASE,
)
# a move picked by its number in the list: "go with 2", "option 2", "#3", "number 1"
NUMBERED = re.compile(
    r"(?:\b(?:go with|try|do|pick|take|choose|start with|going with|option|number|no\.?|move|idea)"
    r"\s*#?|#)\s*([1-3])\b(?!\s*(?:weeks?|days?|months?|hours?|people|of|more|times|x|%|am|pm|"
    r"problem|issue|thing|shifts?|calls?|jobs?|orders?|staff|guys|at once)\b)",
    re.IGNORECASE,
)
NUMBER_WORDS = 8  # a move picked by its number is said in a short message ("go with 2 then")
# a move liked by its place: "the third one sounds good", "i like the second one"
LIKED = re.compile(
    r"\b(the )?(first|second|third|1st|2nd|3rd|last) (one|move|idea|option) (sounds|looks|seems) "
    r"(good|great|best|right|doable|like the one)\b|\bi(\x27d| would)? (like|prefer) the (first|second|"
    r"third|last) (one|move|idea|option)\b",
    re.IGNORECASE,
)
DATED = re.compile(
    r"\b(by|before|until|due|next|this|on) (monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|tomorrow|the end|end of|next week|\d{4}-\d{2}-\d{2})\b|\btomorrow\b|"
    r"\bin (a|one|two|three|a couple of) (days?|weeks?)\b",
    re.IGNORECASE,
)
ORDINALS = {
    "first": 0,
    "frist": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "last": -1,
}
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "one",
        "that",
        "this",
        "it",
        "its",
        "we",
        "our",
        "let",
        "lets",
        "do",
        "try",
        "go",
        "start",
        "take",
        "pick",
        "own",
        "owns",
        "will",
        "be",
        "is",
        "are",
        "who",
        "what",
        # when, not which: "Marco owns it, by end of next week"
        "end",
        "next",
        "week",
        "weeks",
        "day",
        "days",
        "month",
        "months",
        "tomorrow",
        "today",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "fine",
        "okay",
        "sure",
    ]
)
# "fine lets do it", "we'll go with that": the move just suggested first
GENERIC = re.compile(
    r"\b(do it|do that|do this|that one|this one|(go with|try|start with) (it|that|this))\b",
    re.IGNORECASE,
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "a": 1, "a couple of": 2, "couple of": 2}
NAME = r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
OWNER_PATTERNS = (
    re.compile(
        rf"\b{NAME},? (?:owns|will own|'ll own|should own|can own|is on|will do|'ll do|takes|will take|"
        rf"will lead|leads|is in charge of|handles|will handle)\b"
    ),
    re.compile(rf"\b(?:owner|owned by|led by|assign(?:ed)? to|give it to)(?: is|:)? {NAME}\b"),
    re.compile(rf"\b{NAME} (?:as|is) (?:the )?owner\b"),
    # typed in lower case, said with what they are: "rosa my floor supervisor owns it"
    re.compile(
        r"\b([a-z][a-z'-]+)(?:,? (?:my|our|the) [a-z]+(?: [a-z]+){0,2},?)? (?:owns|will own|"
        r"'ll own|ll own|should own|can own) (?:it|that|this)\b",
        re.IGNORECASE,
    ),
    # typed in lower case: "jo should own it"
    re.compile(
        r"\b([a-z][a-z'-]+) (?:owns|will own|'ll own|ll own|should own|can own) "
        r"(?:it|that|this)\b",
        re.IGNORECASE,
    ),
)
SELF_OWNER = re.compile(
    r"\b(i('ll| will| should| can|ll) (own|do|take|lead|handle) (it|that|this)( myself)?|i own it|"
    r"owner is me|me as (the )?owner|i('m| am) (doing|taking|on|owning) it|"
    r"(it\'?s|its) (on )?me)\b|"
    # "the first one. me, by next friday": "me" said on its own; "myself"
    r"(^|[,.;:!]\s*)me( lol| haha| obviously| i guess)?\s*([,.;:!]|$)|\bmyself\b",
    re.IGNORECASE,
)
MEASURE = re.compile(
    r"\b(?:so that|success (?:is|means|would be|will be|looks like|=)|measured? (?:by|is|as|:)|"
    r"(?:we|i|you|they)(?:'ll| will|'d| would) know (?:(?:it|that)(?:'s| is| has)? "
    r"(?:worked|working|done|fixed) )?(?:when|if)|it(?:'s| has)? worked (?:when|if)|"
    r"the measure is|(?:the )?(?:goal|aim|target) is)\s+(.+?)(?:[.!?]|$)|"
    # "Dana owns it, by Friday, so nothing runs out": a closing "so" clause
    r",\s*so (?!(?:that|yeah|ok|okay|um|like|i guess)\b)([^,.!?]{8,}?)(?:[.!?]|$)",
    re.IGNORECASE,
)
# what opens an answer to "how will you know it worked?" ("if i get less write ups")
MEASURE_LEAD = re.compile(
    r"^\W*((ok|okay|well|hmm+|um+|i guess|probably|i think|maybe|i (just )?told you|like i said|"
    r"i said|as i said)\W+)*((i|we)(\'ll| will) know "
    r"(it worked )?)?(if|when)\s+",
    re.IGNORECASE,
)
WHEN = re.compile(
    r"\b(by|before|on|until|due|in|next|this|end of|tomorrow|today|within)\b", re.IGNORECASE
)


@dataclass
class Draft:
    """An item being committed to, filled over one or more messages."""

    title: str | None = None
    source: str | None = None
    owner: str | None = None
    due: str | None = None
    measure: str | None = None
    unclear_date: str | None = None  # the words that looked like a date but did not read
    reasked: bool = False  # a reply read as nothing was asked about once more
    missing: list[str] = field(default_factory=list)

    def missing_fields(self) -> list[str]:
        return [n for n in ("owner", "due", "measure") if getattr(self, n) is None]


_LEAVE_IT = re.compile(
    r"\b(never ?mind|forget (it|that)|cancel|skip (it|that)|not now|no thanks|leave it|"
    r"drop it|scratch that)\b",
    re.IGNORECASE,
)


def short_reply(text: str) -> bool:
    """A reply short enough to be meant for the question just asked (not a new story, not
    a question, not "never mind")."""
    said = text.strip()
    return (
        0 < len(said.split()) <= 12
        and "?" not in said
        and not ASKS_ABOUT.match(said)
        and not _LEAVE_IT.search(said)
        and not COMMITS.search(said)
    )


# a correction of what was just put on the plan: "wrong one, I meant the second one",
# "actually Sam owns it", "make it Thursday instead"
AMENDS = re.compile(
    r"\b(wrong (one|move|date|day|person)|not that one|i meant|i mean|meant to say|actually|"
    r"make (it|that)|change (it|that) to|switch (it|that )?to|instead|scratch that,)",
    re.IGNORECASE,
)
AMEND_WORDS = 10  # a correction cue later in a message counts only in one this short
# words that say the move itself was the wrong one (not only who or when)
OTHER_MOVE = re.compile(
    r"\b(wrong (one|move)|not that one|(i )?meant the|instead of that one|other one)\b|"
    + ORDINAL_ONE.pattern,
    re.IGNORECASE,
)


def amend(
    text: str, item: dict[str, str], shown: Sequence[tuple[str, str]], today: dt.date
) -> dict[str, str]:
    """What a correction of the item just committed to changes (the item's keys and new
    values); empty when the message is no correction of it."""
    said = text.strip()
    cue = AMENDS.search(said)
    # (a correction opens the message or is all of it: "actually the real issue is nobody
    # checks the fridge on monday" is a new story, not a new date)
    if cue is None or "?" in said or len(said.split()) > 25:
        return {}
    if cue.start() > 12 and len(said.split()) > AMEND_WORDS:
        return {}
    if re.search(r"\b(problem|issue|thing|trouble)\b", said, re.I) and not OTHER_MOVE.search(said):
        return {}
    changes: dict[str, str] = {}
    if OTHER_MOVE.search(said):
        picked = pick(said, shown)
        if picked is not None and picked[1] != item["title"]:
            changes.update(source=picked[0], title=picked[1])
    owner = read_owner(said)
    due, _ = read_due(said, today)
    measure = read_measure(said)
    for key, value in (("owner", owner), ("due", due), ("measure", measure)):
        if value is not None and value != item.get(key):
            changes[key] = value
    return changes


# a step of the person's own, said with a day: "i will talk to marco about the linen carts,
# me, by thursday", "ill ask my supervisor dave in my 1:1 next thursday"
OWN_STEP = re.compile(
    r"(?:^|[.!;]\s+|\b(?:ok|okay|so|right|alright|fine|then|and|also|plus)\W+)"
    r"(?:i|we)(?:\x27ll| will|ll|\x27m going to| am going to|m going to|\x27m gonna| am gonna|"
    r"m gonna|im gonna|\x27re going to| are going to|re gonna|\x27re gonna| are gonna) "
    r"(?:(?:also|first|then|just|probably|definitely)\s+)?"
    r"(?!know\b|see\b|never\b|not\b|lose\b|get\b|run out\b|be\b|end up\b|miss\b|fail\b|let you know|tell you\b|think\b|keep you posted|update you|report back|"
    r"check back|come back|need\b|have to\b|be\b|get back to you|try (?:it|that|this)\b|do (?:it|that|this)\b)"
    r"([a-z][a-z\x27-]+\b[^.!?;]{6,})",
    re.IGNORECASE,
)
# what is said of when, inside the step's words: "next thursday", "by the 18th", "monday"
_WHEN_SPAN = re.compile(
    r"\s*\b(?:(?:by|on|before|until|till|starting|from|due)\s+)?(?:(?:next|this|the)\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|"
    r"end of (?:the )?(?:week|month|day)|\d{1,2}(?:st|nd|rd|th)|\d{4}-\d{2}-\d{2}|"
    r"(?:week|month)\b)(?:\s+the\s+\d{1,2}(?:st|nd|rd|th)?)?",
    re.IGNORECASE,
)
# where the step's own words end: who, or how it will be judged, or a new clause
_STEP_END = re.compile(
    r",?\s+(?:me|myself)\b(?=\s*[,.;]|$)|,?\s+(?:so that|so|and i\x27ll know|i\x27ll know|"
    r"we\x27ll know|in the next|within)\b|"
    # a comma ends it only before who, when or how it will be judged: "…in our 1:1, ask
    # him if the leads can read out the changes" is one step
    r",\s*(?=(?:me|myself|by|before|starting|from|owner|so|and|[a-z]+ (?:owns|will own|should own))\b)|,\s*$",
    re.IGNORECASE,
)


_WHAT_I_DO = re.compile(
    r"\bwhat (i\x27m|im|i am|we\x27re|we are|i\x27ll|ill|i will|we\x27ll|we will) (gonna |going to )?"
    r"(do|try) is (to )?",
    re.IGNORECASE,
)


def own_step(text: str) -> str | None:
    """The step in the person's own words when the message commits to one they name
    themselves ("i will talk to marco about stocking the linen carts, me, by thursday" →
    "Talk to marco about stocking the linen carts"); None otherwise."""
    what = _WHAT_I_DO.search(text)
    if what is not None:  # "what im gonna do is put one person on the rota": the step follows
        said = re.split(r"[.!?;]", text[what.end() :])[0]
    else:
        found = OWN_STEP.search(text)
        if found is None or "?" in text[found.start() :]:
            return None
        said = found.group(1)
    step = _WHEN_SPAN.sub(" ", said)
    end = _STEP_END.search(step)
    step = " ".join((step[: end.start()] if end else step).split())
    step = re.sub(r"\s+([,;:])", r"\1", step).strip(" ,;:-")
    if len(step.split()) < 3:
        return None
    return (step[0].upper() + step[1:])[:120]


def commits(text: str) -> bool:
    """Whether the message commits to a move: in words ("let's do the checklist one"), or
    by its place in the list said with who or when ("the first one. me, by Friday"), or by
    its number ("go with 2"), or liked by its place ("the third one sounds good")."""
    if NOT_WANTED.search(text):
        return False  # "number 2 doesnt fit at all", "the second one wont work for us"
    numbered = NUMBERED.search(text) is not None and len(text.split()) <= NUMBER_WORDS
    if COMMITS.search(text) or numbered or LIKED.search(text):
        return not NONE_OF_THEM.search(text)
    if (
        ORDINAL_ONE.search(text)
        and len(text.split()) <= 6
        and "?" not in text
        and not ASKS_ABOUT.search(text)
    ):
        return True  # "the first one i guess", "second one pls" (not "steps for the second one")
    return bool(ORDINAL_ONE.search(text)) and (
        read_owner(text) is not None or bool(DATED.search(text))
    )


def pick(
    text: str, shown: Sequence[tuple[str, str]], ordinals: bool = True
) -> tuple[str, str] | None:
    """Which of the shown (source, title) interventions the message means: by an ordinal
    ("the second one") or by the words it shares with a title ("the checklist one")."""
    if not shown:
        return None
    lowered = text.lower()
    number = NUMBERED.search(lowered) if ordinals else None
    if number is not None and int(number.group(1)) <= len(shown):
        return shown[int(number.group(1)) - 1]
    for word, index in ORDINALS.items() if ordinals else ():
        if re.search(rf"\b(the )?{word}( one| move| idea)?\b", lowered) and (
            -len(shown) <= index < len(shown)
        ):
            return shown[index]
    words = {w.rstrip("s") for w in re.findall(r"[a-z]+", lowered) if w not in STOP and len(w) > 2}
    best, score = None, 0
    for source, title in shown:
        title_words = {w.rstrip("s") for w in re.findall(r"[a-z]+", title.lower()) if w not in STOP}
        stem = source.rsplit("/", 1)[-1].removesuffix(".md").split("-")
        overlap = len(words & (title_words | {s.rstrip("s") for s in stem}))
        if overlap > score:
            best, score = (source, title), overlap
    if best is None and ordinals and GENERIC.search(text):
        return shown[0]
    return best


def read_owner(text: str) -> str | None:
    if SELF_OWNER.search(text):
        return "me"
    for pattern in OWNER_PATTERNS:
        for match in pattern.finditer(text):
            if (
                match.group(1).lower() not in WEEKDAYS
                and match.group(1).capitalize() not in _NOT_NAMES
                and match.group(1).lower() not in _NOT_OWNERS
            ):
                return " ".join(w.capitalize() for w in match.group(1).split())
    return None


# lower-case words before "owns it" that are no name ("nobody owns it", "who takes it")
_NOT_OWNERS = frozenset(
    [
        "i",
        "we",
        "he",
        "she",
        "they",
        "who",
        "what",
        "which",
        "nobody",
        "noone",
        "everyone",
        "everybody",
        "somebody",
        "someone",
        "anyone",
        "anybody",
        "one",
        "each",
        "it",
        "that",
        "this",
        "there",
        "nothing",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "supervisor",
        "manager",
        "lead",
        "boss",
        "owner",
        "chef",
        "foreman",
        "sup",
        "gm",
        "director",
        "team",
        "shift",
        "its",
        "really",
        "whoever",
        "them",
        "hr",
        "rota",
        "just",
        "also",
        "actually",
        "still",
        "only",
    ]
)


def read_measure(text: str) -> str | None:
    match = MEASURE.search(text)
    if not match:
        return None
    measure = " ".join((match.group(1) or match.group(2)).split()).rstrip(",;")
    return measure[:300] or None


_NOT_NAMES = frozenset(
    [
        "The",
        "It",
        "We",
        "I",
        "You",
        "They",
        "He",
        "She",
        "This",
        "That",
        "Yes",
        "No",
        "Ok",
        "Okay",
        "Well",
        "So",
        "Sure",
        "Maybe",
        "Probably",
        "Me",
        "Nobody",
        "Somebody",
        "Someone",
        "Everyone",
        "Hmm",
        "Um",
        "Thanks",
        "Sorry",
        "Actually",
    ]
)


_NOT_A_MEASURE = re.compile(
    r"\b(new (issue|problem|thing)|another (thing|issue|problem)|separate (thing|issue|problem)|"
    r"(weeks?|months?|days?) on\b|since then)",
    re.IGNORECASE,
)


def answer_as(missing: str, text: str) -> str | None:
    """A short reply to the one question still open ("how will you know it worked?" → "if
    i get less write ups for mispicks", "who will own it?" → "Tom"), read as that field;
    None when the reply is not an answer (a question, a change of subject)."""
    said = " ".join(text.split()).strip()
    if not said or "?" in said:
        return None
    if _NOT_A_MEASURE.search(said):
        # ("Three weeks on: complaints have stopped. New issue though: ...": news and a new
        # problem, not how success will be judged)
        return None
    if missing == "measure" and len(said.split()) <= 40:
        # ("i just told you. the snag list gets shorter every week")
        said = re.sub(
            r"^\W*(i (just )?told you|like i said|as i said|i said)\W+", "", said, flags=re.I
        )
        measure = MEASURE_LEAD.sub("", said).rstrip(" .!,;")
        measure = re.sub(
            r"(\W+(i guess|i think|probably|tbh|lol|haha|i suppose))+$", "", measure, flags=re.I
        )
        return measure[:300] or None
    lead = re.match(r"^\W*([A-Z][a-z]+)\s*[,.(-]", said)
    if missing == "owner" and lead and lead.group(1) not in _NOT_NAMES:
        return lead.group(1)  # "Priya, the senior carer on nights."
    if missing == "owner" and len(said.split()) <= 4:
        name = re.sub(
            r"^\W*((it\'?s|its|owner is|maybe|probably|ok|okay|i (just )?said|like i said|"
            r"i told you)\W+)*",
            "",
            said,
            flags=re.I,
        )
        name = name.strip(" .!,;")
        if re.fullmatch(r"(me|myself|i|i will|i\'ll do it)", name, re.I):
            return "me"
        if re.fullmatch(r"[A-Za-z][a-z'-]+( [A-Za-z][a-z'-]+)?", name):
            return " ".join(w.capitalize() for w in name.split())
    return None


def read_due(text: str, today: dt.date) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, None) when a date is read; (None, words) when something looked like
    a date but could not be read; (None, None) when no date was given."""
    lowered = _full_weekdays(text.lower())
    iso = re.search(r"\b(\d{4}-\d{2}-\d{2})\b", lowered)
    if iso:
        try:
            return dt.date.fromisoformat(iso.group(1)).isoformat(), None
        except ValueError:
            return None, iso.group(1)
    named = _named_date(lowered, today)
    if named is not None:
        return named
    if re.search(r"\btoday\b|\bend of (the )?day\b", lowered):
        return today.isoformat(), None
    if re.search(r"\btomorrow\b", lowered):
        return (today + dt.timedelta(days=1)).isoformat(), None
    for number, day in enumerate(WEEKDAYS):
        match = re.search(rf"\b(next )?{day}\b", lowered)
        if match:
            ahead = (number - today.weekday()) % 7 or 7
            if match.group(1):  # "next Friday": that day in the coming Monday-to-Sunday week
                ahead = 7 - today.weekday() + number
            return (today + dt.timedelta(days=ahead)).isoformat(), None
    span = re.search(
        r"\b(?:in|within) (a couple of|couple of|one|two|three|four|a|\d+) (day|week|month)s?\b",
        lowered,
    )
    if span:
        count = NUMBERS.get(span.group(1)) or int(span.group(1))
        days = {"day": 1, "week": 7, "month": 30}[span.group(2)] * count
        return (today + dt.timedelta(days=days)).isoformat(), None
    if re.search(r"\bnext week\b", lowered):
        return (today + dt.timedelta(days=7)).isoformat(), None
    if re.search(r"\b(end of (the |this )?week|this week)\b", lowered):
        return (today + dt.timedelta(days=(4 - today.weekday()) % 7 or 7)).isoformat(), None
    if re.search(r"\bend of (the |this )?month\b", lowered):
        following = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return (following - dt.timedelta(days=1)).isoformat(), None
    vague = re.search(r"\b(soon|later|asap|sometime|some time|when we can|eventually)\b", lowered)
    if vague:
        return None, vague.group(1)
    return None, None


MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"


_SHORT_DAYS = {
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "weds": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}
_SHORT_DAY = re.compile(
    # after a word that says when ("next thurs about the rota"), or on its own ("fri",
    # "me, thurs")
    r"\b(by|on|next|this|till|until|before|due|from|starting) (mon|tues?|weds?|thu(?:rs?)?|fri|sat|"
    r"sun)\b\.?|(?:^\W*|(?<=[,;:] ))(mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)\b\.?"
    r"(?=\W*$|\s*[,;.]|\s+(?:the \d|\d))"
)


def _full_weekdays(lowered: str) -> str:
    """Weekdays typed short where a day is meant ("next fri", "by thurs", "fri"): spelt
    out; not "sat with him" or "the sun"."""
    return _SHORT_DAY.sub(
        lambda m: (f"{m.group(1)} " if m.group(1) else "") + _SHORT_DAYS[m.group(2) or m.group(3)],
        lowered,
    )


def _month(word: str) -> int | None:
    return next((i + 1 for i, m in enumerate(MONTHS) if m.startswith(word[:3])), None)


def _named_date(lowered: str, today: dt.date) -> tuple[str | None, str | None] | None:
    """A date given with a month ("the 29th of january", "31 January", "january 8th",
    "end of january") or as day/month numbers ("31/12"); the next such day from `today`.
    None when the text has none; (None, words) when numbers cannot be told apart."""
    found = re.search(rf"\b(\d{{1,2}})(st|nd|rd|th)?( of)? {_MONTH}\b", lowered)
    day: int | None = None
    month: int | None = None
    if found:
        day, month = int(found.group(1)), _month(found.group(4))
    elif found := re.search(rf"\b{_MONTH} (\d{{1,2}})(st|nd|rd|th)?\b", lowered):
        day, month = int(found.group(2)), _month(found.group(1))
    elif found := re.search(rf"\b(end|the end) of {_MONTH}\b", lowered):
        month = _month(found.group(2))
        if month is not None:
            year = today.year + (month < today.month)
            following = dt.date(year + (month == 12), month % 12 + 1, 1)
            return (following - dt.timedelta(days=1)).isoformat(), None
    elif found := _DAY_OF_MONTH.search(lowered):
        return _day_of_month(found, today)
    elif found := re.search(r"\b(\d{1,2})/(\d{1,2})\b(?!/)", lowered):
        first, second = int(found.group(1)), int(found.group(2))
        if first > 12 >= second:
            day, month = first, second  # 31/12
        elif second > 12 >= first:
            day, month = second, first  # 12/31
        else:
            return None, found.group(0)  # 4/5: which is the month?
    if found is None or month is None or day is None:
        return None
    for year in (today.year, today.year + 1):
        try:
            when = dt.date(year, month, day)
        except ValueError:
            return None, found.group(0)
        if when >= today:
            return when.isoformat(), None
    return None, found.group(0)


# a day of the month said without its month: "monday 14th", "by the 18th", "friday the 18th"
_DAY_OF_MONTH = re.compile(
    r"(?:\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday),? (?:the )?|"
    r"\b(?:by|on|before|until|till|due|for) (?:the )?|^\W*(?:the )?(?=\d{1,2}(?:st|nd|rd|th)\W*$))"
    r"(\d{1,2})(?:st|nd|rd|th)\b(?! (?:one|shift|floor|move|idea|option|time|item|place|grade))|"
    r"\b(?:by|on|before|until|till) the (\d{1,2})\b(?! ?(?:st|nd|rd|th)?\w)",
)


def _day_of_month(found: re.Match[str], today: dt.date) -> tuple[str | None, str | None]:
    """The next day with that number (this month, else the next), checked against a
    weekday said with it ("monday 14th" must be a Monday, or it is asked about)."""
    day = int(found.group(2) or found.group(3))
    for ahead in range(3):
        year, month = (
            today.year + (today.month + ahead - 1) // 12,
            (today.month + ahead - 1) % 12 + 1,
        )
        try:
            when = dt.date(year, month, day)
        except ValueError:
            continue
        if when < today:
            continue
        if found.group(1) and WEEKDAYS[when.weekday()] != found.group(1):
            return None, found.group(0)
        return when.isoformat(), None
    return None, found.group(0)


def fill(draft: Draft, text: str, today: dt.date) -> Draft:
    """The draft with whatever this message adds (what it already had stays)."""
    rest = MEASURE.sub(" ", text)  # "so that nothing runs out on Saturday" is no date
    draft.owner = draft.owner or read_owner(rest)
    if draft.due is None:
        due, unclear = read_due(rest, today)
        draft.due, draft.unclear_date = due, unclear
    draft.measure = draft.measure or read_measure(text) or _trailing_measure(text, today)
    return draft


def _trailing_measure(text: str, today: dt.date) -> str | None:
    """How it will be judged, said last after who and when without a lead-in ("jo should
    own it, by the 14th, no double bookings for a week"); None when the last part is who,
    when or the move itself."""
    parts = [p.strip() for p in re.split(r"[,;.]", text) if p.strip()]
    if len(parts) < 3:
        return None
    last = parts[-1]
    earlier = ", ".join(parts[:-1])
    told = read_owner(earlier) is not None or read_due(earlier, today)[0] is not None
    if (
        not told
        or len(last.split()) < 3
        or "?" in text
        or read_owner(last) is not None
        or any(read_due(last, today))
        or commits(last)
        or SELF_OWNER.search(last)
        or OWN_STEP.search(last)
        or not _COUNTS.search(last)
    ):
        return None
    return last[:300]


# what a measure of success says: fewer, none, every, a number ("no double bookings for a week")
_COUNTS = re.compile(
    r"\b(no|none|zero|fewer|less|more|every|each|all|down|under|below|within|at least|"
    r"stops?|never|always|on time|\d+)\b",
    re.IGNORECASE,
)


def question(draft: Draft) -> str:
    """What to ask for the missing fields, one sentence."""
    if draft.unclear_date:
        return (
            f"When exactly is “{draft.unclear_date}”? Give me a day, such as Friday, "
            "“in two weeks” or a date like 2026-12-18."
        )
    asks = {
        "owner": "who will own it (one name)",
        "due": "by when",
        "measure": "how you will know it worked",
    }
    questions = {
        "owner": "who will own it (one name)?",
        "due": "by when?",
        "measure": "how will you know it worked?",
    }
    missing = draft.missing_fields()
    if len(missing) == 1:
        return f"One more thing: {questions[missing[0]]}"
    said = [asks[n] for n in missing]
    return "Tell me " + ", ".join(said[:-1]) + f" and {said[-1]}."
