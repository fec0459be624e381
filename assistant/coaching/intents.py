"""The requests the coach recognises besides symptoms (knowledge/coach/intents.yaml).

The file is validated strictly (`IntentsFile`); an error names the file and the field,
for example `knowledge/coach/intents.yaml: field 'roles.owner[2]': invalid regular
expression: ...` (positions count from 0, as in the cue file's errors).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import KnowledgeError
from assistant.model.vocabulary import Role
from assistant.retrieval.knowledge import load_yaml_data, relative_source
from assistant.validation import describe

INTENTS_FILE = "coach/intents.yaml"


def _compilable(pattern: str) -> str:
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None
    return pattern


Pattern = Annotated[str, Field(min_length=1), AfterValidator(_compilable)]
Patterns = Annotated[tuple[Pattern, ...], Field(min_length=1)]


class RolePatterns(BaseModel):
    """How each kind of person says who they are."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    owner: Patterns
    manager: Patterns
    team_member: Patterns = Field(alias="team-member")


class IntentsFile(BaseModel):
    """The schema of knowledge/coach/intents.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    kind: str
    which_sphere: Patterns
    fix_leadership: Patterns
    roles: RolePatterns


def load_intents(knowledge_dir: Path) -> IntentsFile:
    """Read and validate knowledge/coach/intents.yaml."""
    path = knowledge_dir / INTENTS_FILE
    data = load_yaml_data(path, "intents", knowledge_dir)
    try:
        return IntentsFile.model_validate(data)
    except ValidationError as exc:
        field, problem, _ = describe(exc)
        field = field or "file"
        raise KnowledgeError(relative_source(path, knowledge_dir), field, problem) from None


def _compile(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


class Intents:
    """The requests the coach recognises besides symptoms (knowledge/coach/intents.yaml)."""

    def __init__(self, knowledge_dir: Path) -> None:
        spec = load_intents(knowledge_dir)
        self.which_sphere = _compile(spec.which_sphere)
        self.fix_leadership = _compile(spec.fix_leadership)
        self.roles = {
            Role.OWNER: _compile(spec.roles.owner),
            Role.MANAGER: _compile(spec.roles.manager),
            Role.TEAM_MEMBER: _compile(spec.roles.team_member),
        }

    @staticmethod
    def _any(patterns: list[re.Pattern[str]], text: str) -> bool:
        return any(p.search(text) for p in patterns)

    def asks_which_sphere(self, text: str) -> bool:
        """Whether the person asks which sphere to work on first."""
        return self._any(self.which_sphere, text)

    def asks_for_leadership_fix(self, text: str) -> bool:
        """Whether the person reaches for leadership training as the fix."""
        return self._any(self.fix_leadership, text)

    def role(self, text: str) -> str | None:
        """Who is speaking (a `Role`), when the text says so; owner first, then team member."""
        for role in (Role.OWNER, Role.TEAM_MEMBER, Role.MANAGER):
            if self._any(self.roles[role], text):
                return role
        return None
