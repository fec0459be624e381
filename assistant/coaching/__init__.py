"""Coaching: the conversation (State), the dialogue policy (Plan) and the Coach that runs
one turn: guard -> classify -> decide -> retrieve -> respond -> store."""

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents
from assistant.coaching.plan import Plan, Turn, make_turn
from assistant.coaching.policy import Policy
from assistant.coaching.state import Evidence, State

__all__ = ["Coach", "Evidence", "Intents", "Plan", "Policy", "State", "Turn", "make_turn"]
