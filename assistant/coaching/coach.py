"""The Coach: one object that answers turns, for the CLI and the web app alike.

One turn, in order (DESIGN.md, "One turn, as data"):

    guard(message) -> classifier.classify() -> policy.decide(state) -> retriever
        -> responder (LLM, or the offline draft) -> Turn -> sessions.append()

Its parts arrive built (see `assistant.wiring`); the coach only runs them in order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import asdict, replace
from typing import Any

from assistant.actions.commit import (
    ORDINALS,
    Draft,
    amend,
    answer_as,
    commits,
    fill,
    own_step,
    pick,
    question,
    short_reply,
)
from assistant.actions.plans import due_items, judge
from assistant.coaching.plan import Plan, Turn, make_turn
from assistant.coaching.policy import INTERVENTIONS, Policy
from assistant.coaching.state import State
from assistant.diagnosis import Classifier, guard
from assistant.diagnosis.text import informal
from assistant.model.vocabulary import Action
from assistant.responders.base import Exchange, Responder, ResponderFailure, Retract, Usage
from assistant.responders.grounding import Ungrounded
from assistant.responders.offline import OfflineResponder
from assistant.retrieval.protocols import Retriever
from assistant.storage import (
    NO_OWNER,
    CheckupRepo,
    PlanRepo,
    SessionRepo,
    check_session_id,
    new_session_id,
)

HISTORY_TURNS = 6


class Coach:
    def __init__(
        self,
        classifier: Classifier,
        policy: Policy,
        retriever: Retriever | None = None,
        sessions: SessionRepo | None = None,
        llm: Responder | None = None,
        checkups: CheckupRepo | None = None,
        plans: PlanRepo | None = None,
    ) -> None:
        self.classifier = classifier
        self.checkups = checkups
        self.plans = plans
        self.policy = policy
        self.retriever = retriever
        self.sessions = sessions
        self.llm = llm
        self.offline = OfflineResponder()
        self._reported: set[str] = set()  # LLM failures already explained in full

    def warm(self) -> None:
        """Load what the first turn would otherwise load (models, index), so it is quick."""
        self.classifier.classify(
            "We are warming up the coach so that it is ready for the first message."
        )
        warm = getattr(self.retriever, "warm", None)
        if warm is not None:
            warm()

    def load_state(self, session_id: str | None, owner: str = NO_OWNER) -> State:
        """The conversation so far, with the latest checkup kept with it (if any)."""
        state = State()
        if session_id and self.sessions is not None:
            data = self.sessions.last_state(session_id, owner)
            if data:
                state = State.from_dict(data)
        if session_id and self.checkups is not None:
            taken = self.checkups.checkups(session_id, owner)
            if taken:
                state.checkup = dict(taken[-1].scores["scores"])
                if len(taken) > 1:
                    state.checkup_before = dict(taken[-2].scores["scores"])
        return state

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
        owner: str = NO_OWNER,
        role: str | None = None,
    ) -> Iterator[str | Retract | Turn]:
        """Yields pieces of the reply as they are written, then the finished Turn.

        Bad input raises InputError before anything is stored. With a session id the turn
        is stored before the Turn is yielded; a `state` given by the caller (a conversation
        kept in memory) is brought up to date instead. `role` is who is asking when it was
        picked outside the message (owner, manager, team-member).
        """
        before = state if state is not None else self.load_state(session_id, owner)
        # (read with chat shorthand spelt out, "shud" as "should", "r" as "are": the words
        # the classifier quotes are then the words every later check reads; the message is
        # stored as it was typed)
        text = informal(guard(message))
        diagnosis = self.classifier.classify(text, exclude_questions=before.asked)
        noted, outcome = self._note_check_in(before, text, session_id, owner)
        committed = None if noted else self._commit(before, text, session_id, owner)
        items = self._plan_items(session_id, owner)  # one read, after this turn's changes
        if committed is not None:
            plan = committed
        else:
            done = outcome == "done"  # a done action is good news, whatever the words
            plan = self.policy.decide(before, text, diagnosis, role, good_news=done)
            due = None if noted else _due_item(plan.state, items)
            if due is not None:
                plan = check_in_plan(plan, due)
        if noted:
            plan = replace(plan, noted=noted)
        plan = self._ground(
            plan, {i["source"] for i in items if i["status"] == "done" and i["source"]}
        )
        if (
            plan.action == Action.RECOMMEND
            and plan.suggestions
            and session_id
            and self.plans is not None
            and not plan.state.plan_offered
        ):
            plan.state.plan_offered = True
            plan = replace(plan, offer_plan=True)
        draft = self.offline.write(plan)
        mode, notice, interrupted = self.offline.mode, None, False
        reason: str | None = None
        usage: Usage | None = None
        pieces: list[str] = []
        written = False
        if self.llm is not None and self.llm.writes(plan):
            try:
                for piece in self.llm.stream(plan, draft, self._history(session_id, owner)):
                    if isinstance(piece, Usage):
                        usage = piece
                        continue
                    pieces.append(piece)
                    yield piece
                mode, written = self.llm.mode, True
            except Ungrounded as failure:
                # the model's words did not hold to the diagnosis: the person gets the
                # built-in reply instead, and whatever was shown of the model's is withdrawn
                mode, reason, notice = "fallback", "ungrounded", str(failure)
                if pieces:
                    pieces = []
                    yield Retract(str(failure))
            except ResponderFailure as failure:
                mode = "fallback"
                reason = _fallback_reason(failure.reason)
                interrupted = bool(pieces)  # what was streamed stays; the turn says so
                notice = self._notice(str(failure), interrupted)
                lead = ("\n\n" if pieces else "") + notice + "\n\n"
                pieces.append(lead)
                yield lead
        if not written:
            for piece in self.offline.stream(plan, draft, ()):
                pieces.append(piece)
                yield piece
        turn = make_turn(plan, "".join(pieces), mode, notice, interrupted, reason, usage)
        if session_id and self.sessions is not None:
            self.sessions.append(
                session_id, message, turn.reply, turn.record(), plan.state.to_dict(), owner
            )
        if state is not None:
            state.update_from(plan.state)
        yield turn

    def _plan_items(self, session_id: str | None, owner: str) -> list[dict[str, Any]]:
        """This conversation's plan items (none without a session or a plan store)."""
        if not session_id or self.plans is None:
            return []
        return list(self.plans.items(session_id, owner))

    def _note_check_in(
        self, state: State, text: str, session_id: str | None, owner: str
    ) -> tuple[str | None, str | None]:
        """When the last turn checked in on a plan item, this message is the answer: kept
        as a dated note on the item (marked done when it says so). Returns what to say
        and how the answer read (done, partly, not started, worse, unclear)."""
        item_id, state.check_in = state.check_in, None
        if not item_id or not session_id or self.plans is None:
            return None, None
        outcome = judge(text)
        status = "done" if outcome == "done" else None
        item = self.plans.update_item(
            item_id, owner, status, f"({outcome}) {text[:600]}", dt.date.today().isoformat()
        )
        return (noted_line(item, outcome) if item is not None else None), outcome

    def _commit(self, state: State, text: str, session_id: str | None, owner: str) -> Plan | None:
        """A plan item committed to in words ("let's do the checklist one, Dana owns it,
        by Friday"), or the question for what it still needs; None when the message is
        not about committing (then the turn goes on as usual)."""
        if not session_id or self.plans is None:
            return None
        today = dt.date.today()
        if _ASKS_PLAN.search(text) and len(text.split()) <= 12:
            return self._plan_told(state, text, session_id, owner)
        if _DROPS.match(text):
            dropped = self._drop(state, text, session_id, owner)
            if dropped is not None:
                return dropped
        amended = self._amend(state, text, owner, today)
        if amended is not None:
            return amended
        if state.draft is not None:
            draft = Draft(**state.draft)
            before = (draft.owner, draft.due, draft.measure)
            fill(draft, text, today)
            if (draft.owner, draft.due, draft.measure) == before and not draft.unclear_date:
                # the reply to the one question still open ("how will you know it
                # worked?" → "if i get fewer write ups for mispicks")
                missing = draft.missing_fields()
                said = answer_as(missing[0], text) if len(missing) == 1 else None
                if said is not None:
                    setattr(draft, missing[0], said)
                elif draft.reasked or not short_reply(text):
                    state.draft = None  # the person moved on: the draft is dropped
                    return None
                else:
                    # ("after the holidays" for "by when?", read as nothing): asked once more
                    draft.reasked = True
                    after = state.copy()
                    after.turn += 1
                    after.draft = asdict(draft)
                    said = (
                        f"I couldn't read that as an answer. {question(draft)} (Or say "
                        "\u201cnever mind\u201d to leave it.)"
                    )
                    return Plan.on(Action.COMMIT, text, None, after, said=said)
        elif commits(text) and state.suggested:
            shown = suggestion_titles(state.suggested, self.policy)
            # the ones just shown first, then any shown before, then any move of the kind
            listed = suggestion_titles(state.listed, self.policy)
            picked = (
                (pick(text, listed) if listed else None)
                or pick(text, shown[-3:])
                or pick(text, shown)
                or pick(text, intervention_titles(self.policy, state.recommended), ordinals=False)
            )
            if picked is None:
                return self._own_step(state, text, today, session_id, owner)
            draft = fill(Draft(title=picked[1], source=picked[0]), text, today)
        else:
            return self._own_step(state, text, today, session_id, owner)
        return self._drafted(state, draft, text, session_id, owner)

    def _drop(self, state: State, text: str, session_id: str, owner: str) -> Plan | None:
        """An open plan item taken off the plan in words ("remove the readiness review one,
        i never agreed to it"): marked dropped, with the words as its note; when none is
        named, the open items are listed to choose from."""
        assert self.plans is not None
        items = [i for i in self.plans.items(session_id, owner) if i["status"] == "open"]
        said = _DROPS.match(text)
        assert said is not None
        rest = said.group(2)
        picked = _named_item(rest, items)
        if picked is None and items and _THAT_ONE.match(rest):
            picked = (items[-1]["id"], items[-1]["title"])  # "drop it", "remove that one"
        after = state.copy()
        after.turn += 1
        if picked is None:
            lines = "\n".join(f"- {_item_line(i)}" for i in items[-5:])
            said_back = (
                f"I couldn't tell which one you mean. Open on your plan:\n{lines}\nSay which to "
                "take off, for example \u201cremove the first one\u201d."
                if items
                else "There is nothing open on your plan to take off."
            )
            if items and (place := re.search(r"\b(first|second|third|last)\b", rest, re.I)):
                index = ORDINALS[place.group(1).lower()]
                if abs(index) < len(items) or index == -1:
                    picked = (items[index]["id"], items[index]["title"])
            if picked is None:
                return Plan.on(Action.COMMIT, text, None, after, said=said_back)
        self.plans.update_item(
            picked[0], owner, "dropped", f"(dropped) {text[:600]}", dt.date.today().isoformat()
        )
        if after.saved == picked[0]:
            after.saved = None
        said_back = f"Done: **{picked[1]}** is off the plan (kept as dropped, so the record stays)."
        return Plan.on(Action.COMMIT, text, None, after, said=said_back)

    def _plan_told(self, state: State, text: str, session_id: str, owner: str) -> Plan:
        """The answer to "did you save that?" or "what's on my plan?": the open items, or
        what the draft still needs, or how to commit to one."""
        assert self.plans is not None
        after = state.copy()
        after.turn += 1
        items = [i for i in self.plans.items(session_id, owner) if i["status"] == "open"]
        if state.draft is not None:
            draft = Draft(**state.draft)
            said = f"Not yet: **{draft.title}** still needs one thing. {question(draft)}"
        elif items:
            lines = "\n".join(f"- {_item_line(i)}" for i in items[-5:])
            said = f"Yes. Open on your plan:\n{lines}"
        else:
            said = (
                "Nothing is on your plan yet. To commit to a step, tell me which, who owns it "
                "and by when, for example \u201cI'll talk to the supervisors, me, by Friday\u201d."
            )
        return Plan.on(Action.COMMIT, text, None, after, said=said)

    def _own_step(
        self, state: State, text: str, today: dt.date, session_id: str, owner: str
    ) -> Plan | None:
        """A step the person names in their own words, with who or when ("i will talk to
        marco about the linen carts, me, by thursday"), started as a plan item; None when
        the message commits to no such step."""
        step = own_step(text) if state.recommended else None
        if step is None:
            return None
        draft = fill(Draft(title=step), text, today)
        if draft.due is None and draft.unclear_date is None and draft.owner is None:
            return None  # ("ill ask him why": no day, no owner: said, not committed to)
        if draft.owner is None and _SAID_BY_ME.match(text):
            draft.owner = "me"
        return self._drafted(state, draft, text, session_id, owner)

    def _drafted(self, state: State, draft: Draft, text: str, session_id: str, owner: str) -> Plan:
        """The draft saved as a plan item when it is whole, else the question for what it
        still needs."""
        assert self.plans is not None
        after = state.copy()
        after.turn += 1
        if draft.missing_fields():
            after.draft = asdict(draft)
            lead = ""
            if state.draft is None:
                lead = f"{'Good choice' if draft.source else 'A good step'}: **{draft.title}**. "
            said = lead + question(draft)
        else:
            after.draft = None
            assert draft.title and draft.owner and draft.due and draft.measure
            item = self.plans.add_item(
                session_id,
                owner,
                draft.title,
                draft.source,
                draft.owner,
                draft.due,
                draft.measure,
            )
            after.saved, after.saved_at = item["id"], after.turn
            said = f"It is on the plan: {_item_line(item)}. I will ask how it went when it is due."
        return Plan.on(Action.COMMIT, text, None, after, said=said)

    def _amend(self, state: State, text: str, owner: str, today: dt.date) -> Plan | None:
        """The plan item committed to in the turn before, changed as the message corrects
        it ("wrong one, I meant the second one", "actually Sam owns it"); None when the
        message corrects nothing of it."""
        if self.plans is None or state.saved is None or state.saved_at != state.turn:
            return None
        item = self.plans.item(state.saved, owner)
        if item is None:
            return None
        listed = suggestion_titles(state.listed or state.suggested[-3:], self.policy)
        changes = amend(text, item, listed, today)
        if not changes:
            return None
        changed = self.plans.amend_item(item["id"], owner, changes)
        assert changed is not None
        after = state.copy()
        after.turn += 1
        after.saved_at = after.turn  # a second correction may follow
        said = f"Changed. The plan now has: {_item_line(changed)}."
        return Plan.on(Action.COMMIT, text, None, after, said=said)

    def _notice(self, failure: str, interrupted: bool) -> str:
        """The line that says the built-in reply stands in: in full the first time a
        failure is seen, shortly after that (a wrong model name is reported once)."""
        if failure in self._reported and not interrupted:
            return "(Built-in reply: the language model is still unavailable.)"
        self._reported.add(failure)
        return _fallback_notice(failure, interrupted)

    def _ground(self, plan: Plan, done: set[str] | frozenset[str] = frozenset()) -> Plan:
        """The plan with the interventions it asked for, when there is a retriever; the
        sources of moves already done in this conversation's plan are not suggested."""
        if plan.retrieval is None:
            return plan
        if self.retriever is None:
            return plan.grounded(())
        found = self.retriever.interventions(plan.retrieval)
        found = [s for s in found if s.source not in done]
        return plan.grounded(tuple(found[: min(INTERVENTIONS, plan.retrieval.limit)]))

    def _history(self, session_id: str | None, owner: str) -> list[Exchange]:
        if not session_id or self.sessions is None:
            return []
        stored = self.sessions.turns(session_id, owner)[-HISTORY_TURNS:]
        return [Exchange(t.user_text, t.reply) for t in stored]


def _due_item(state: State, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first open plan item due by today that this conversation has not asked about
    yet (a continued session's first turn checks in on it)."""
    for item in due_items(items, dt.date.today()):
        if item["id"] not in state.checked_in:
            return dict(item)
    return None


# "did you save that?", "is it on the plan?", "what's on my plan?"
_ASKS_PLAN = re.compile(
    r"\b(did (you|that|it) (save|get saved|get noted|note|write|record|store|keep|add)( (that|it|this|"
    r"down))?|(is|was) (that|it|this) (saved|noted|recorded|on (the|my|our) plan)|"
    r"what(\x27s| is|s) on (my|the|our) plan|what did (i|we) (commit|sign up|agree) to|"
    r"show (me )?(my|the|our) plan)\b",
    re.IGNORECASE,
)
# taking an item off the plan: "remove the readiness review one", "drop it", "scrap that"
_DROPS = re.compile(
    r"^\W*(?:(?:ok|okay|please|pls|actually|and|also|no|sorry)\W+)*(remove|delete|drop|cancel|"
    r"scrap|bin|get rid of|take off|take out|cross off|take(?= .{1,60}? off\b))\b"
    # (what is taken off: "the X one", "it", "that one", or anything said with the plan)
    r"(?=\s+(?:(?:it|that|this)(?: one)?(?:\s+(?:off|from|too)\b|\s*$|\s*[.!])|"
    r"the [^.,;]{1,40}? (?:one|item|step|move)\b|[^.;]{0,60}\b(?:plan|list)\b))"
    r"(.{0,120})",
    re.IGNORECASE,
)
_THAT_ONE = re.compile(r"^\W*(it|that|this|that one|this one|the last one)\b", re.IGNORECASE)


def _named_item(text: str, items: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The open item a message names by two or more words of its title (one word, when the
    title has only one word the message shares with no other item)."""
    said = {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", text.lower())}
    scored = []
    for item in items:
        title = {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", item["title"].lower())}
        scored.append((len(said & (title - _TITLE_STOP)), item))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] == 0:
        return None
    if scored[0][0] == 1 and len(scored) > 1 and scored[1][0] == 1:
        return None  # one shared word, and another item shares one too
    return scored[0][1]["id"], scored[0][1]["title"]


_TITLE_STOP = frozenset(
    ["the", "and", "for", "that", "every", "with", "one", "who", "what", "your"]
)
# a step said by the person for themselves: "i will talk to marco", "ill ask my supervisor"
_SAID_BY_ME = re.compile(r"^\W*((ok|okay|so|right|alright|fine)\W+)?(i\b|ill\b|im\b)", re.I)


def _item_line(item: dict[str, Any]) -> str:
    """A plan item in one line: its move, owner, date and measure of success."""
    who = "you" if item["owner"] == "me" else item["owner"]
    return (
        f"**{item['title']}**, owned by {who}, due {item['due']}; success means {item['measure']}"
    )


def suggestion_titles(sources: list[str], policy: Policy) -> list[tuple[str, str]]:
    """(source, title) of the interventions shown so far, in the order shown."""
    from assistant.retrieval.knowledge import cached_knowledge

    documents = cached_knowledge(policy.intents.knowledge_dir).documents
    titles = {d.source: d.title for d in documents}
    return [(s, titles[s]) for s in sources if s in titles]


def intervention_titles(policy: Policy, sphere: str | None) -> list[tuple[str, str]]:
    """(source, title) of every intervention for the sphere's overlap (all without one)."""
    from assistant.model.vocabulary import overlap_for
    from assistant.retrieval.knowledge import cached_knowledge

    kind = overlap_for(sphere)
    return [
        (d.source, d.title)
        for d in cached_knowledge(policy.intents.knowledge_dir).of_kind("intervention")
        if kind is None or d.overlap == kind
    ]


def check_in_plan(plan: Plan, item: dict[str, Any]) -> Plan:
    """The turn becomes a check-in on a due plan item: what the message said is kept as
    evidence, but the reply asks how the item went (and no follow-up question waits)."""
    state = plan.state
    state.check_in = item["id"]
    state.checked_in.append(item["id"])
    state.pending = None
    return Plan.on(
        Action.CHECK_IN,
        plan.message,
        plan.diagnosis,
        state,
        ranking=plan.ranking,
        quotes=plan.quotes,
        check_in=item,
    )


def noted_line(item: dict[str, Any], outcome: str) -> str:
    """What the coach says about a check-in answer it kept as a note."""
    title = f"\u201c{item['title']}\u201d"
    return {
        "done": f"{title} is marked done, with your words as a note.",
        "partly": f"Noted on {title}: partly done, so it stays open with your note.",
        "not started": (
            f"Noted on {title}: not started yet, so it stays open. When an action stalls, "
            "the owner or the date is usually the reason, not the idea."
        ),
        "worse": (
            f"Noted on {title}: it made things worse. I will weigh what you tell me again "
            "rather than push the same fix."
        ),
    }.get(outcome, f"Noted on {title}, with your words.")


def _fallback_reason(reason: str) -> str:
    """The contract's `fallback_reason` for a responder failure's reason."""
    if reason in ("timeout", "ungrounded"):
        return reason
    return "error"


def _fallback_notice(failure: str, interrupted: bool) -> str:
    if interrupted:
        return (
            f"(The language model stopped mid-reply: {failure}. "
            "Above is what it wrote; below is the built-in reply.)"
        )
    return f"(The language model was unavailable: {failure}. This is the built-in reply.)"


def session_id_or_new(value: str | None) -> str:
    return check_session_id(value) if value is not None else new_session_id()
