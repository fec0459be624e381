"""The requests the coach recognises besides symptoms (knowledge/coach/intents.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.retrieval.knowledge import load_yaml_data


class Intents:
    """The requests the coach recognises besides symptoms (knowledge/coach/intents.yaml)."""

    def __init__(self, knowledge_dir: Path) -> None:
        data = load_yaml_data(knowledge_dir / "coach" / "intents.yaml", "intents", knowledge_dir)
        source = "knowledge/coach/intents.yaml"
        try:
            self.which_sphere = [re.compile(p, re.I) for p in data["which_sphere"]]
            self.fix_leadership = [re.compile(p, re.I) for p in data["fix_leadership"]]
            self.roles = {
                role: [re.compile(p, re.I) for p in data["roles"][role]]
                for role in ("owner", "manager", "team-member")
            }
        except (KeyError, TypeError) as exc:
            from assistant.errors import KnowledgeError

            raise KnowledgeError(source, str(exc).strip("'"), "is missing or malformed") from None
        except re.error as exc:
            from assistant.errors import KnowledgeError

            raise KnowledgeError(source, None, f"invalid regular expression: {exc}") from None

    @staticmethod
    def _any(patterns: list[re.Pattern[str]], text: str) -> bool:
        return any(p.search(text) for p in patterns)

    def asks_which_sphere(self, text: str) -> bool:
        return self._any(self.which_sphere, text)

    def asks_for_leadership_fix(self, text: str) -> bool:
        return self._any(self.fix_leadership, text)

    def role(self, text: str) -> str | None:
        for role in ("owner", "team-member", "manager"):
            if self._any(self.roles[role], text):
                return role
        return None
