"""Shared answers of the engine tests (a fixed now, full and minimal answers), the CLI, helpers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from decision_tool import Decision, evaluate, samples

NOW = samples.NOW
MINIMAL: dict[str, Any] = samples.MINIMAL
FULL: dict[str, Any] = samples.ESCALATE

#: The two ways a user starts the CLI: the console script and `python -m decision_tool`.
COMMANDS = {
    "script": [str(Path(sys.executable).with_name("decision-tool"))],
    "module": [sys.executable, "-m", "decision_tool"],
}


def ok(answers: dict[str, Any], **kwargs: Any) -> Decision:
    """Evaluate answers that must be valid (at NOW unless given)."""
    decision = evaluate(answers, now=kwargs.pop("now", NOW), **kwargs)
    assert decision.errors == (), decision.errors
    return decision


def errors_of(answers: object, now: str | None = NOW) -> dict[str | None, str]:
    """Evaluate answers that must be invalid; return field -> message."""
    decision = evaluate(answers, now=now)
    assert decision.recommendation is None
    assert decision.errors, "expected errors"
    return {issue.field: issue.message for issue in decision.errors}
