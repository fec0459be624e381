"""The coach's retriever: grounded interventions for a sphere, from the knowledge index."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.model.vocabulary import INDUSTRIES, overlap_for
from assistant.patterns import Compiled, compiled
from assistant.retrieval.knowledge import cached_knowledge
from assistant.retrieval.protocols import InterventionQuery, Suggestion
from assistant.retrieval.store import Store

CANDIDATES = (
    12  # passages fetched per query (more than any kind has moves) before dropping those shown
)


class KnowledgeRetriever:
    """Searches the intervention passages of one sphere; implements `Retriever`."""

    def __init__(self, store: Store, knowledge_dir: Path) -> None:
        self.store = store
        self.knowledge_dir = knowledge_dir
        self._parts_by_source: dict[str, InterventionParts] | None = None

    def interventions(self, query: InterventionQuery) -> list[Suggestion]:
        """Best first, unseen sources before ones suggested earlier. With `query.clauses`,
        the search vector is their mean (their vectors are cached from classifying them)."""
        vector = self.store.mean_vector(query.clauses) if query.clauses else None
        hits = self.store.search(
            query.text, k=CANDIDATES, sphere=query.sphere, kind="intervention", vector=vector
        )
        hits = [h for h in hits if h.source not in query.avoid]
        fresh = [h for h in hits if h.source not in query.exclude]
        if not fresh and query.repeat:
            fresh = hits
        named = [h for h in hits if h.source == query.prefer]
        if named:  # "how do i start the checklist one?": that move, shown before or not
            fresh = named + [h for h in fresh if h.source != query.prefer]
        industry = query.industry
        role = query.role
        if not named:
            # who is asking comes first: a move written for owners and managers is of no
            # use to someone on the team, in whatever words; a move whose form fits
            # another kind of work goes after the ones that fit; among those, a move
            # written for the symptom the person names comes before moves that only read
            # alike
            fresh.sort(
                key=lambda h: (
                    bool(role) and role not in h.audience,
                    bool(industry) and industry not in (self._parts(h.source).suits or (industry,)),
                    not self._parts(h.source).signalled(query.text),
                )
            )
        if role == "team-member" and not named and any(role in h.audience for h in hits):
            # (nor is it later: an agent is never told to run an all-hands; when the moves
            # for them were all shown, the ones shown before come again)
            fresh = [h for h in fresh if role in h.audience] or (
                [h for h in hits if role in h.audience] if query.repeat else []
            )
        overlap = overlap_for(query.sphere)
        assert overlap is not None
        out = []
        for hit in fresh:
            parts = self._parts(hit.source)
            steps = parts.steps
            example = parts.examples.get(query.industry or "", "")
            summary = parts.summary or hit.text
            # what is shown and given to an LLM: the neutral sections, and the example of
            # the person's own industry (never another industry's example chunk)
            passage = "\n".join(
                [summary, *(f"{n}. {s}" for n, s in enumerate(steps, start=1)), example]
            ).strip()
            out.append(
                Suggestion(
                    overlap,
                    hit.title.split(" — ")[0],
                    hit.source,
                    summary,
                    passage,
                    steps,
                    example,
                    parts.signs,
                )
            )
        return out

    def warm(self) -> None:
        self.store.search("warming up the coach", k=1)

    def _parts(self, source: str) -> InterventionParts:
        if self._parts_by_source is None:
            self._parts_by_source = {
                doc.source: replace(
                    intervention_parts(doc.body),
                    suits=doc.meta.suits,
                    signals=tuple(compiled(p) for p in doc.meta.signals),
                )
                for doc in cached_knowledge(self.knowledge_dir).documents
            }
        return self._parts_by_source.get(source, InterventionParts("", (), {}))


@dataclass(frozen=True)
class InterventionParts:
    summary: str  # the opening paragraph: what the intervention is, in brief
    steps: tuple[str, ...]  # the items of its numbered "Steps" list
    examples: dict[str, str]  # industry id -> its example
    signs: tuple[str, ...] = ()  # the items of its "What good looks like" list
    suits: tuple[str, ...] = ()  # the industries its form fits (empty: all)
    signals: tuple[Compiled, ...] = ()  # the symptoms it is written for

    def signalled(self, text: str) -> bool:
        """Whether the person's words name a symptom this move is written for."""
        return any(signal.search(text) for signal in self.signals)


def _section(body: str, heading: str) -> str:
    """The text under `heading` (a full heading line) up to the next heading of its level
    or above."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = body.splitlines()
    try:
        start = lines.index(heading) + 1
    except ValueError:
        return ""
    out = []
    for line in lines[start:]:
        if re.match(rf"^#{{1,{level}}} ", line):
            break
        out.append(line)
    return "\n".join(out).strip()


def intervention_parts(body: str) -> InterventionParts:
    """A knowledge file's summary, steps and per-industry examples."""
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    summary = " ".join(next((p for p in paragraphs if not p.startswith("#")), "").split())
    steps = _items(_section(body, "## Steps"), r"\d+\.")
    examples = {
        industry: " ".join(_section(body, f"### {industry}").split()) for industry in INDUSTRIES
    }
    signs = _items(_section(body, "## What good looks like"), r"[-*]")
    return InterventionParts(summary, steps, {k: v for k, v in examples.items() if v}, signs)


def _items(section: str, marker: str) -> tuple[str, ...]:
    """The items of a list (each line starting with `marker`, a pattern such as "1." or
    "-"); an item that wraps onto the next line is joined to it."""
    items: list[str] = []
    for line in section.splitlines():
        item = re.match(rf"^\s*{marker}\s+(.*)", line)
        if item:
            items.append(item.group(1).strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return tuple(items)
