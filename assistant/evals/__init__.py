"""Evaluation: suite files (`evals/`), their metrics, the runner and the bench.

Importing this package is cheap (pydantic and PyYAML only); the runner and the bench
load the classifier, the index and the coach on first need.
"""

from assistant.evals.models import CASE_MODELS, SuiteFile, known_metric
from assistant.evals.suites import Suite, SuiteError, load_suite

__all__ = ["CASE_MODELS", "Suite", "SuiteError", "SuiteFile", "known_metric", "load_suite"]
