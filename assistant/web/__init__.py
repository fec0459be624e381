"""The Gradio web app (`python app.py` builds and launches it). Importing this loads gradio."""

from assistant.web.app import build
from assistant.web.launch import launch

__all__ = ["build", "launch"]
