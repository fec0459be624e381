"""ALE Coach: an explainable coach for Tom Stimson's ALE model.

The public surface is small on purpose: the ALE vocabulary (`assistant.model.vocabulary`), the
classifier (`assistant.diagnosis.classifier`), the knowledge base (`assistant.retrieval.knowledge`) and the
settings (`assistant.config`). Heavy dependencies (torch, chromadb, gradio) are only
imported by the modules that need them, when they need them.
"""

__version__ = "0.1.0"
