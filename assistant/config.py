"""One `Settings`, read from the environment once, at the edge.

Every variable shares the `ALE_` prefix except the OpenAI SDK's own
(`OPENAI_API_KEY`, `OPENAI_BASE_URL`) and Gradio's (`GRADIO_SERVER_*`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from assistant import resources
from assistant.errors import ConfigError

N = TypeVar("N", int, float)
LLM_CHOICES = ("auto", "on", "off")
EMBEDDING_CHOICES = ("local", "openai")
CLASSIFIER_MODES = ("hybrid", "rules")


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("ale-coach", appauthor=False))


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env.get(name, default).strip().lower() or default
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not valid; use one of: {', '.join(choices)}")
    return value


def _positive(
    env: Mapping[str, str], name: str, default: N, parse: Callable[[str], N], what: str
) -> N:
    """A number greater than 0 from `name`, read with `parse` (`what` names it in errors)."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = parse(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not {what}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be greater than 0, got {raw}")
    return value


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    return _positive(env, name, default, float, "a number of seconds")


def _tokens(env: Mapping[str, str], name: str, default: int) -> int:
    return _positive(env, name, default, int, "a whole number of tokens")


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    knowledge_dir: Path = field(default_factory=resources.knowledge_dir)
    prompts_dir: Path = field(default_factory=resources.prompts_dir)
    llm: str = "auto"
    openai_api_key: str | None = field(default=None, repr=False)
    openai_base_url: str | None = None
    model: str = "gpt-4o-mini"
    llm_timeout: float = 30.0
    llm_cooldown: float = 30.0
    llm_max_tokens: int = 400
    llm_context: int = 8192
    embeddings: str = "local"
    embedding_model: str = "text-embedding-3-small"
    chroma_url: str | None = None
    database_url: str | None = field(default=None, repr=False)
    auth: str | None = field(default=None, repr=False)
    classifier: str = "hybrid"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = env.get("ALE_DATA_DIR", "").strip()
        knowledge_dir = env.get("ALE_KNOWLEDGE_DIR", "").strip()
        return cls(
            data_dir=Path(data_dir).expanduser() if data_dir else _default_data_dir(),
            knowledge_dir=Path(knowledge_dir) if knowledge_dir else resources.knowledge_dir(),
            llm=_choice(env, "ALE_LLM", "auto", LLM_CHOICES),
            openai_api_key=env.get("OPENAI_API_KEY") or None,
            openai_base_url=env.get("OPENAI_BASE_URL") or None,
            model=env.get("ALE_MODEL", "").strip() or "gpt-4o-mini",
            llm_timeout=_seconds(env, "ALE_LLM_TIMEOUT", 30.0),
            llm_cooldown=_seconds(env, "ALE_LLM_COOLDOWN", 30.0),
            llm_max_tokens=_tokens(env, "ALE_LLM_MAX_TOKENS", 400),
            llm_context=_tokens(env, "ALE_LLM_CONTEXT", 8192),
            embeddings=_choice(env, "ALE_EMBEDDINGS", "local", EMBEDDING_CHOICES),
            embedding_model=env.get("ALE_EMBEDDING_MODEL", "").strip() or "text-embedding-3-small",
            chroma_url=env.get("ALE_CHROMA_URL", "").strip() or None,
            database_url=env.get("ALE_DATABASE_URL", "").strip() or None,
            auth=env.get("ALE_AUTH") or None,
            classifier=_choice(env, "ALE_CLASSIFIER", "hybrid", CLASSIFIER_MODES),
        )

    @property
    def auth_pairs(self) -> list[tuple[str, str]]:
        """ALE_AUTH as (user, password) pairs: `user:password`, several separated by commas."""
        if not self.auth:
            return []
        pairs: list[tuple[str, str]] = []
        for item in self.auth.split(","):
            user, sep, password = item.strip().partition(":")
            if not sep or not user.strip() or not password:
                raise ConfigError(
                    "ALE_AUTH must be user:password pairs separated by commas "
                    f"(entry {len(pairs) + 1} is not)"
                )
            pairs.append((user.strip(), password))
        return pairs

    @property
    def llm_enabled(self) -> bool:
        if self.llm == "on":
            return True
        if self.llm == "off":
            return False
        return bool(self.openai_api_key or self.openai_base_url)
