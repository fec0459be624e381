"""The composition root: builds the real parts once and hands them to those who need them.

    settings -> classifier (cues, questions, exemplar model on the bundled encoder)
             -> store (Chroma, embedded or server; the knowledge index synced)
             -> retriever, sessions (SQLite), LLM responder (when configured)
             -> Coach

Nothing else in the package constructs collaborators for another part; the CLI, the
web app, the evals and the bench all come here. Heavy libraries load only when a part
that needs them is built.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.coaching.coach import Coach
from assistant.coaching.industry import Industries
from assistant.coaching.intents import Intents
from assistant.coaching.policy import Policy, model_references
from assistant.config import Settings
from assistant.diagnosis import Classifier, load_classifier
from assistant.responders import Responder
from assistant.retrieval.protocols import Retriever
from assistant.retrieval.store import Store
from assistant.storage import (
    CheckupRepo,
    PlanRepo,
    SessionRepo,
    open_checkups,
    open_plans,
    open_sessions,
)

Progress = Callable[[int, int], None]


def build_classifier(settings: Settings, rules_only: bool = False) -> Classifier:
    """The classifier the settings ask for (`ALE_CLASSIFIER`), or the cue rules alone."""
    mode = "rules" if rules_only else settings.classifier
    return load_classifier(settings.knowledge_dir, settings.data_dir / "cache", mode)


def build_store(
    settings: Settings,
    progress: Progress | None = None,
    waiting: Callable[[], None] | None = None,
) -> Store:
    """The search index, with the knowledge base brought up to date (built on first use;
    `waiting()` hears if another instance is building it first)."""
    store = Store(settings)
    store.sync_knowledge(settings.knowledge_dir, progress=progress, waiting=waiting)
    return store


def build_policy(settings: Settings, classifier: Classifier) -> Policy:
    """The policy; with the classifier's encoder it also reads openers, who is speaking
    and news (the rules-only classifier has none: then only the phrase lists count)."""
    from assistant.coaching.news import load_news_model
    from assistant.coaching.openers import load_opener_model
    from assistant.coaching.speakers import load_speaker_model

    embedder = classifier.embedder
    cache = settings.data_dir / "cache"
    openers = (
        load_opener_model(settings.knowledge_dir, embedder, cache) if embedder is not None else None
    )
    speakers = (
        load_speaker_model(settings.knowledge_dir, embedder, cache)
        if embedder is not None
        else None
    )
    news = (
        load_news_model(settings.knowledge_dir, embedder, cache) if embedder is not None else None
    )
    return Policy(
        Intents(settings.knowledge_dir),
        classifier.questions,
        classifier.cues,
        Industries(settings.knowledge_dir),
        model_references(settings.knowledge_dir),
        openers,
        speakers,
        news,
    )


def build_llm(settings: Settings) -> Responder | None:
    """The LLM responder when one is configured (`ALE_LLM`, `OPENAI_*`), else None."""
    if not settings.llm_enabled:
        return None
    from assistant.responders.llm import LLM
    from assistant.responders.llm_writer import LLMResponder

    return LLMResponder(
        LLM(settings), settings.prompts_dir, settings.llm_context, settings.llm_max_tokens
    )


def assemble_coach(
    settings: Settings,
    classifier: Classifier,
    retriever: Retriever | None = None,
    sessions: SessionRepo | None = None,
    checkups: CheckupRepo | None = None,
    plans: PlanRepo | None = None,
) -> Coach:
    """A coach from parts already built (tests pass fakes or a shared classifier here)."""
    return Coach(
        classifier,
        build_policy(settings, classifier),
        retriever,
        sessions,
        build_llm(settings),
        checkups,
        plans,
    )


def build_coach(
    settings: Settings, store: Store | None = None, with_sessions: bool = True
) -> Coach:
    """The real thing: hybrid classifier, Chroma index (built if needed), SQLite, LLM if
    configured. Pass `store` when the caller has already opened (and synced) one."""
    from assistant.retrieval.interventions import KnowledgeRetriever

    classifier = build_classifier(settings)
    store = store if store is not None else build_store(settings)
    retriever = KnowledgeRetriever(store, settings.knowledge_dir)
    sessions = open_sessions(settings) if with_sessions else None
    checkups = open_checkups(settings) if with_sessions else None
    plans = open_plans(settings) if with_sessions else None
    return assemble_coach(settings, classifier, retriever, sessions, checkups, plans)
