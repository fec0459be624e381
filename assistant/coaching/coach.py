"""The Coach: one object that answers turns, for the CLI and the web app alike.

It wires the policy (what to do), retrieval (which interventions, with sources), a
responder (offline templates, or the LLM that only rewords them) and the session store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from assistant.coaching.policy import Plan, Policy, State, Suggestion, Turn, stream_words
from assistant.config import Settings
from assistant.errors import InputError
from assistant.responders.offline import write
from assistant.storage.sqlite import SessionStore, new_session_id

HISTORY_TURNS = 6


class Coach:
    def __init__(
        self,
        settings: Settings,
        policy: Policy,
        store: Any | None = None,
        sessions: SessionStore | None = None,
        llm: Any | None = None,
    ) -> None:
        self.settings = settings
        self.policy = policy
        self.store = store
        self.sessions = sessions
        self.llm = llm
        self._summaries: dict[str, str] | None = None
        if store is not None and policy.retrieve is None:
            policy.retrieve = self._retrieve

    @classmethod
    def from_settings(
        cls, settings: Settings, with_sessions: bool = True, store: Any | None = None
    ) -> Coach:
        """The real thing: hybrid classifier, Chroma index (built if needed), SQLite, LLM if configured."""
        from assistant.coaching.intents import Intents
        from assistant.diagnosis.classifier import load_classifier
        from assistant.responders.llm import LLM
        from assistant.retrieval.store import Store

        classifier = load_classifier(
            settings.knowledge_dir, settings.data_dir / "cache", settings.classifier
        )
        if store is None:
            store = Store(settings)
            store.sync_knowledge(settings.knowledge_dir)
        policy = Policy(classifier, Intents(settings.knowledge_dir))
        sessions = SessionStore.in_data_dir(settings.data_dir) if with_sessions else None
        llm = LLM(settings) if settings.llm_enabled else None
        return cls(settings, policy, store, sessions, llm)

    def warm(self) -> None:
        """Load what the first turn would otherwise load (models, index), so it is quick."""
        self.policy.classifier.classify("warming up the coach")
        if self.store is not None:
            self.store.search("warming up the coach", k=1)

    # -- retrieval -----------------------------------------------------------------------
    def _retrieve(
        self,
        query: str,
        sphere: str,
        role: str | None,
        exclude: set[str],
        parts: list[str] | None = None,
    ) -> list[Suggestion]:
        """Interventions for `sphere`. With `parts` (the user's clauses that point there),
        the search vector is their mean: those vectors are cached from classifying them."""
        from assistant.model.vocabulary import OVERLAP_OF

        assert self.store is not None
        vector = self.store.mean_vector(parts) if parts else None
        hits = self.store.search(query, k=9, sphere=sphere, kind="intervention", vector=vector)
        fresh = [h for h in hits if h.source not in exclude] or hits
        if role:  # who is asking: interventions written for them come first
            fresh.sort(key=lambda h: role not in h.audience)
        overlap = OVERLAP_OF[sphere]  # type: ignore[index]
        return [
            Suggestion(
                overlap,
                h.title.split(" — ")[0],
                h.source,
                self._summary(h.source) or h.text,
                h.text,
            )
            for h in fresh
        ]

    def _summary(self, source: str) -> str:
        """The opening paragraph of a knowledge file: what the intervention is, in brief."""
        if self._summaries is None:
            from assistant.retrieval.knowledge import cached_knowledge

            self._summaries = {}
            for doc in cached_knowledge(self.settings.knowledge_dir).documents:
                paragraphs = [p.strip() for p in doc.body.split("\n\n") if p.strip()]
                self._summaries[doc.source] = next(
                    (p for p in paragraphs if not p.startswith("#")), ""
                )
        return self._summaries.get(source, "")

    # -- turns ---------------------------------------------------------------------------
    def load_state(self, session_id: str | None, owner: str | None = None) -> State:
        if session_id and self.sessions is not None:
            data = self.sessions.last_state(session_id, owner)
            if data:
                return State.from_dict(data)
        return State()

    def reply(
        self, message: str, session_id: str | None = None, state: State | None = None
    ) -> Turn:
        turn: Turn | None = None
        for item in self.stream(message, session_id, state):
            if isinstance(item, Turn):
                turn = item
        assert turn is not None
        return turn

    def stream(
        self,
        message: str,
        session_id: str | None = None,
        state: State | None = None,
        owner: str = "",
        role: str | None = None,
    ) -> Iterator[str | Turn]:
        """Yields pieces of the reply as they are written, then the finished Turn.

        Bad input raises InputError before anything is stored. The turn is stored (when a
        session id is given) before the Turn is yielded. `role` is who is asking when it
        was picked outside the message (owner, manager, team-member).
        """
        if session_id and self.sessions is not None:
            holder = self.sessions.owner_of(session_id)
            if holder is not None and holder != owner:
                # another person's conversation: never continue, show or send it anywhere
                raise InputError(f"there is no session {session_id!r} for you")
        state = state if state is not None else self.load_state(session_id, owner or None)
        plan = self.policy.plan(message, state, role)
        draft = write(plan)
        mode, notice, interrupted = "offline", None, False
        pieces: list[str] = []
        if self.llm is not None:
            from assistant.responders.llm import LLMFailure

            try:
                for piece in self.llm.stream(*self._prompts(plan, draft, session_id, owner)):
                    pieces.append(piece)
                    yield piece
                mode = "llm"
            except LLMFailure as failure:
                mode = "fallback"
                interrupted = bool(pieces)  # what was streamed stays; the turn says so
                if interrupted:
                    notice = (
                        f"(The language model stopped mid-reply: {failure}. "
                        "Above is what it wrote; below is the built-in reply.)"
                    )
                else:
                    notice = (
                        f"(The language model was unavailable: {failure}. "
                        "This is the built-in reply.)"
                    )
                lead = ("\n\n" if pieces else "") + notice + "\n\n"
                pieces.append(lead)
                yield lead
        if mode != "llm":
            for piece in stream_words(draft):
                pieces.append(piece)
                yield piece
        turn = self._turn(plan, "".join(pieces), mode, notice, state.recommended, interrupted)
        if session_id and self.sessions is not None:
            self.sessions.append(
                session_id, message, turn.reply, turn.record(), state.to_dict(), owner
            )
        yield turn

    def _prompts(
        self, plan: Plan, draft: str, session_id: str | None, owner: str
    ) -> tuple[str, str]:
        from assistant.responders.prompts import render

        history: list[dict[str, str]] = []
        if session_id and self.sessions is not None:
            for stored in self.sessions.turns(session_id, owner or None)[-HISTORY_TURNS:]:
                history += [
                    {"role": "user", "text": stored.user_text},
                    {"role": "coach", "text": stored.reply},
                ]
        diagnosis = {
            "action": plan.action,
            "sphere": plan.sphere,
            "overlap": plan.overlap,
            "question": plan.question.text if plan.question else None,
            "user_words": plan.quotes.get(plan.sphere, []) if plan.sphere else [],
            "interventions": [{"title": s.title, "source": s.source} for s in plan.suggestions],
            "who_is_asking": plan.role,
        }
        passages = [
            {"source": s.source, "title": s.title, "text": s.text} for s in plan.suggestions
        ]
        prompts_dir = self.settings.prompts_dir
        system = render(prompts_dir, "system")
        prompt = render(
            prompts_dir,
            "turn",
            action=plan.action,
            diagnosis=json.dumps(diagnosis, ensure_ascii=False, indent=1),
            history=history,
            passages=passages,
            draft=draft,
            message=plan.message,
        )
        return system, prompt

    @staticmethod
    def _turn(
        plan: Plan,
        reply: str,
        mode: str,
        notice: str | None,
        current: str | None,
        interrupted: bool = False,
    ) -> Turn:
        """`current` is the conversation's recommendation so far (null until there is one)."""
        from assistant.model.vocabulary import overlap_for

        interventions = tuple(
            {"kind": s.kind, "title": s.title, "source": s.source} for s in plan.suggestions
        )
        sources: list[dict[str, str]] = []
        for s in plan.suggestions:
            if all(x["source"] != s.source for x in sources):
                sources.append({"source": s.source, "title": s.title})
        if plan.question is not None:
            sources.append({"source": plan.question.source, "title": plan.question.text})
        if plan.action in ("recommend", "which_sphere", "reflex") and plan.sphere:
            evidence = plan.quotes.get(plan.sphere, [])
        elif plan.diagnosis is not None:
            evidence = [p for tag in plan.diagnosis.tags for p in tag.evidence]
        else:
            evidence = []
        return Turn(
            reply=reply.strip(),
            sphere=current,
            overlap=overlap_for(current),
            follow_up=plan.action == "follow_up",
            interventions=interventions,
            sources=tuple(sources),
            evidence=tuple(evidence),
            mode=mode,
            action=plan.action,
            notice=notice,
            interrupted=interrupted,
            passages=tuple(
                {"source": s.source, "title": s.title, "summary": s.text, "passage": s.passage}
                for s in plan.suggestions
            ),
        )


def session_id_or_new(value: str | None) -> str:
    from assistant.storage.sqlite import check_session_id

    return check_session_id(value) if value is not None else new_session_id()
