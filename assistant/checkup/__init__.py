"""The ALE checkup: statements rated 1-5, scores per sphere and overlap, and the
anonymous team pulse built from many people's answers.

    from assistant.checkup import load_statements, parse_answers, score
    statements = load_statements(knowledge_dir)        # knowledge/checkup/statements.yaml
    answers = parse_answers(json.load(f), statements)  # InputError names the bad item
    result = score(statements, answers)                # scores, weakest sphere, overlap

Everything here is plain arithmetic on plain data: no model, no network, no database
(the stores are in `assistant.storage`).
"""

from __future__ import annotations

from .pulse import MIN_N, PulseAnswer, new_code, normalize_code, pulse_results
from .scoring import (
    CheckupResult,
    parse_answers,
    role_group,
    score,
    suggestions_for,
    trend,
)
from .statements import Statement, Statements, load_statements

__all__ = [
    "MIN_N",
    "CheckupResult",
    "PulseAnswer",
    "Statement",
    "Statements",
    "load_statements",
    "new_code",
    "normalize_code",
    "parse_answers",
    "pulse_results",
    "role_group",
    "score",
    "suggestions_for",
    "trend",
]
