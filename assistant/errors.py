"""Errors whose messages are safe to show a user.

    AleError
    ├── KnowledgeError      a knowledge file is missing or malformed (names file and field)
    ├── InputError          a user message or input line is unusable (says what was wrong)
    └── ConfigError         an environment variable has a bad value (names the variable)

The CLI and the web app catch `AleError` at the edge and print its message; anything
else is a bug.
"""

from __future__ import annotations


class AleError(Exception):
    """Base class: the message is written for the person using ALE Coach."""


class KnowledgeError(AleError):
    def __init__(self, path: str, field: str | None, problem: str) -> None:
        self.path = path
        self.field = field
        self.problem = problem
        where = f"{path}: field '{field}'" if field else path
        super().__init__(f"{where}: {problem}")


class InputError(AleError):
    pass


class ConfigError(AleError):
    pass
