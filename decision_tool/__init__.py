"""Escalation decision engine: answers in, decision and paste-ready texts out."""

from decision_tool.engine import calendar_json, evaluate, evaluate_json, warm_up
from decision_tool.model import Decision
from decision_tool.policy import PolicyError, load_policy

__all__ = [
    "Decision",
    "PolicyError",
    "calendar_json",
    "evaluate",
    "evaluate_json",
    "load_policy",
    "warm_up",
]
