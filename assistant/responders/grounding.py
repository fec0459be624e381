"""The grounding guard: what a language model wrote reaches the person only if it holds.

A model's text is checked twice. Each finished sentence is checked before it is shown
(`sentence`): no prompt markers or instructions, no run copied from the prompt files, no
source that was not retrieved for this turn, no markup, links or addresses, no question
of its own, no refusal or talk about itself. The whole
text is checked at the end (`whole`): it names the diagnosed sphere when the turn
recommends or says which sphere to fix, it is not a copy of a retrieved passage longer
than a sentence, it does not repeat itself, it names no sphere the diagnosis does not,
and it stays on what the coach's note says. A failed check raises
`Ungrounded`; the coach then sends the built-in reply instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from assistant.model.vocabulary import SPHERE_NAMES
from assistant.responders.base import ResponderFailure

RUN = 40  # characters: a run this long taken from the prompt files is a leak
REPEAT = 30  # characters: a run this long written twice is a model going round in circles
MARKERS = re.compile(
    r"<<<|>>>|\bCONTEXT\b|\bcoach'?s note\b|\bdraft reply\b|\bsystem prompt\b"
    r"|\b(?:these|my|your) (?:rules|instructions)\b|\bthe instructions\b|\b(?:task|note|facts|diagnosis|draft)\s*:|\b(?:wrote|said)\s*:|\b(?:the answer is|here is|here's)\b[^.:\n]{0,30}:"
    r"|\b(?:original (?:message|text|note)|rephrased|rewritten|paraphrase\w*)\b"
    r"|^\s*(?:[-*•]|\d+[.)])\s",
    re.IGNORECASE | re.MULTILINE,
)
SELF_TALK = re.compile(
    r"\bas an? (?:ai|language model|assistant|friendly workplace coach|coach)\b"
    r"|\bI(?:'m| am) (?:sorry|an ai|a language model|not able)\b|\bI (?:can(?:no|')t|do not|don't)"
    r" (?:help|provide|have the ability)\b|\bsorry for your loss\b"
    r"|^\W*I(?:'m| am)(?: not)? (?:the|an?|on the) (?:owner|manager|team|person)\b",
    re.IGNORECASE,
)
MARKUP = re.compile(
    r"<\s*/?\s*[a-z!][^>]*>|!\[[^\]]*\]\(|\]\([^)]*\)|\b(?:https?|javascript|data):|\bwww\.",
    re.IGNORECASE,
)
SOURCE = re.compile(r"\(source:\s*([^)]+)\)|\b(knowledge/[\w./-]+\.md)\b", re.IGNORECASE)
WORD = re.compile(r"[a-z][a-z'’-]{3,}")
COMMON_WORDS = """
this that with your have they them their there what when which will would could should
about from into than then just also more most only very much many some such each every
make made does doing done been being were here where while because before after again
these those other same need needs want yours you're it's that's people thing things
first next start work team
"""
COMMON = frozenset(COMMON_WORDS.split())


class Ungrounded(ResponderFailure):
    """The model's text broke a grounding rule; `shown` says whether part of it was shown."""

    def __init__(self, detail: str, shown: bool = False) -> None:
        super().__init__("ungrounded", f"ungrounded: {detail}")
        self.shown = shown


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _windows(flat: str) -> Iterator[str]:
    """Every RUN-character window of a normalised text."""
    return (flat[i : i + RUN] for i in range(len(flat) - RUN + 1))


@cache
def prompt_runs(prompts_dir: Path) -> frozenset[str]:
    """Every RUN-character window of the fixed text of the prompt files (template tags
    and variables removed): a reply holding one copied the instructions."""
    runs: set[str] = set()
    for path in sorted(prompts_dir.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        text = path.read_text(encoding="utf-8")
        for part in re.split(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", text, flags=re.DOTALL):
            runs.update(_windows(_normal(part)))
    return frozenset(runs)


@cache
def text_runs(texts: tuple[str, ...]) -> frozenset[str]:
    """Every RUN-character window of some fixed instructions (the tasks written in code)."""
    runs: set[str] = set()
    for text in texts:
        runs.update(_windows(_normal(re.sub(r"\{\w*\}", " ", text))))
    return frozenset(runs)


@dataclass
class Guard:
    """The rules for one turn's model text."""

    prompts_dir: Path
    sphere: str | None = None  # the sphere the text must name (recommend, which sphere)
    sources: frozenset[str] = frozenset()  # the sources retrieved for this turn
    passages: Sequence[str] = ()  # their texts, which must not be copied wholesale
    note: str = ""  # what the coach's own reply says; the model's text must stay on it
    allowed: Iterable[str] = field(default=())  # more text it may draw words from
    instructions: tuple[str, ...] = ()  # the task lines sent with the prompt, never repeated

    def sentence(self, text: str) -> None:
        """Checks finished sentences (or the unfinished rest at the end), each alone."""
        for part in re.split(r"(?<=[.!?])[\"”’)\]]*\s+", text.strip()):
            if part:
                self._one(part)

    def _one(self, text: str) -> None:
        if MARKERS.search(text):
            raise Ungrounded("it repeated the prompt's markers or instructions")
        if MARKUP.search(text):
            raise Ungrounded("it wrote markup, a link or an address")
        if "?" in text:
            raise Ungrounded("it asked a question of its own (the coach's question is fixed)")
        if SELF_TALK.search(text):
            raise Ungrounded("it talked about itself instead of the person's problem")
        fixed, tasks = prompt_runs(self.prompts_dir), text_runs(self.instructions)
        if any(w in fixed or w in tasks for w in _windows(_normal(text))):
            raise Ungrounded("it copied the prompt's instructions")
        for match in SOURCE.finditer(text):
            cited = (match.group(1) or match.group(2) or "").strip()
            if cited not in self.sources:
                raise Ungrounded(f"it cited a source that was not retrieved ({cited[:60]})")

    def whole(self, text: str) -> None:
        """Checks a finished text: each sentence, then the text as a whole."""
        self.sentence(text)
        self.finish(text)

    def finish(self, text: str) -> None:
        """The rules only a finished text can be held to (its sentences were checked)."""
        if not text.strip():
            raise Ungrounded("it wrote nothing")
        if self.sphere is not None and SPHERE_NAMES[self.sphere].lower() not in text.lower():
            raise Ungrounded(f"it did not name the diagnosed sphere ({SPHERE_NAMES[self.sphere]})")
        flat = _normal(text)
        for passage in self.passages:
            source = _normal(passage)
            match = SequenceMatcher(None, flat, source, autojunk=False).find_longest_match()
            copied = flat[match.a : match.a + match.size]
            if match.size >= 150 or (match.size >= 60 and re.search(r"[.!?] \w", copied)):
                raise Ungrounded("it copied a retrieved passage instead of writing")
        for i in range(0, max(len(flat) - REPEAT, 0)):
            if flat.find(flat[i : i + REPEAT], i + REPEAT) >= 0:
                raise Ungrounded("it repeated itself")
        context = _normal(" ".join([self.note, *self.allowed]))
        for sphere, name in SPHERE_NAMES.items():
            if name.lower() in flat and name.lower() not in context and sphere != self.sphere:
                raise Ungrounded(f"it named {name}, which the diagnosis does not")
        said = set(WORD.findall(context))
        words = [w for w in WORD.findall(flat) if w not in COMMON]
        if len(words) >= 6:
            kept = sum(1 for w in words if w in said or w.rstrip("s") in said)
            if kept / len(words) < 0.45:
                raise Ungrounded("it wandered from what the diagnosis says")
