"""Errors whose messages are safe to show a user.

    AleError
    ├── FileError           a file we read is missing or malformed (names file and field)
    │   ├── KnowledgeError  ... a knowledge file (cues, intents, Markdown front matter)
    │   └── SuiteError      ... an evaluation suite (assistant.evals.suites)
    ├── InputError          a user message or input line is unusable (says what was wrong)
    ├── ConfigError         an environment variable has a bad value (names the variable)
    ├── StoreError          the search index cannot be used (assistant.retrieval.chroma)
    ├── SessionError        the sessions database cannot be used (assistant.storage)
    └── ResponderFailure    the LLM could not write a reply (the offline reply is used)

The CLI and the web app catch `AleError` at the edge and print its message; anything
else is a bug.
"""

from __future__ import annotations


class AleError(Exception):
    """Base class: the message is written for the person using ALE Coach."""


class FileError(AleError):
    """`source` is the file (with a line where it helps), `field` the field path, if any."""

    def __init__(self, source: str, field: str | None, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = problem
        where = f"{source}: field '{field}'" if field else source
        super().__init__(f"{where}: {problem}")


class KnowledgeError(FileError):
    pass


class InputError(AleError):
    pass


class ConfigError(AleError):
    pass
