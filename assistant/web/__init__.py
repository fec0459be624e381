"""The Gradio web app (`python app.py` builds and launches it). Importing this loads gradio."""

from assistant.web.app import build
from assistant.web.launch import address, launch
from assistant.web.startup import NotReady, Startup, Status, coach_builder

__all__ = ["NotReady", "Startup", "Status", "address", "build", "coach_builder", "launch"]
