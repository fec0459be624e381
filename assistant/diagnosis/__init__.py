"""Diagnosis: the input guard and the classifier, from free text to a Diagnosis.

message -> guard() -> Classifier.classify() -> Diagnosis (sphere, tags, evidence)
"""

from assistant.diagnosis.classifier import Classifier
from assistant.diagnosis.diagnosis import Diagnosis, Tag
from assistant.diagnosis.guard import MAX_CHARS, MAX_MESSAGE, check_text, guard
from assistant.diagnosis.loading import load_classifier
from assistant.diagnosis.questions import QuestionBank
from assistant.diagnosis.text import lone_surrogate, normalise

__all__ = [
    "MAX_CHARS",
    "MAX_MESSAGE",
    "Classifier",
    "Diagnosis",
    "QuestionBank",
    "Tag",
    "check_text",
    "guard",
    "load_classifier",
    "lone_surrogate",
    "normalise",
]
