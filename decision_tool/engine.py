"""The entry points: `evaluate` (answers in, Decision out), `evaluate_json` (JSON in and out)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from decision_tool.decide import decide
from decision_tool.model import Decision, Issue
from decision_tool.policy import load_policy
from decision_tool.texts import environment
from decision_tool.validate import validate

INTERNAL_ERROR = "The decision tool failed on these answers; please report it with the answers."


def _evaluate(answers: object, now: datetime | str | None, duplicates: tuple[str, ...]) -> Decision:
    """Validate, then decide; a bug becomes an error object instead of an exception."""
    try:
        policy = load_policy()
        checked = validate(answers, policy, now, duplicates)
        if isinstance(checked, list):
            return Decision.failed(checked)
        return decide(checked, policy)
    except Exception as exc:  # the contract: never raise on any input
        return Decision.failed([Issue(None, f"{INTERNAL_ERROR} ({type(exc).__name__})")])


def evaluate(answers: object, *, now: datetime | str | None = None) -> Decision:
    """Decide from answers (a mapping); never raises: problems come back in `errors`."""
    return _evaluate(answers, now, ())


def warm_up() -> None:
    """Load the policy and compile every template now (e.g. before a Pyodide memory snapshot).

    Afterwards evaluation needs no package files: policy, template sources and compiled
    templates stay in memory.
    """
    policy = load_policy()
    for template in policy.templates.values():
        environment().get_template(f"{template.id}.j2")


def parse_answers(text: str) -> tuple[Any, tuple[str, ...]]:
    """Parse JSON text; return the value and the top-level keys given more than once."""
    repeats: list[tuple[str, ...]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        """Build one object, noting its repeated keys (the outermost object comes last)."""
        seen: dict[str, Any] = {}
        found: list[str] = []
        for key, value in items:
            if key in seen and key not in found:
                found.append(key)
            seen[key] = value
        repeats.append(tuple(found))
        return seen

    value = json.loads(text, object_pairs_hook=pairs)
    return value, (repeats[-1] if isinstance(value, dict) else ())


def evaluate_json(text: str, *, now: str | None = None) -> str:
    """Evaluate JSON answers and return the decision as JSON text; never raises."""
    try:
        if not isinstance(text, str):
            raise TypeError
        answers, duplicates = parse_answers(text)
    except (ValueError, RecursionError, TypeError) as exc:
        detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "not readable"
        where = (
            f" (line {exc.lineno}, column {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        decision = Decision.failed(
            [Issue(None, f"The answers are not valid JSON: {detail}{where}.")]
        )
    else:
        decision = _evaluate(answers, now, duplicates)
    return json.dumps(decision.to_dict(), ensure_ascii=False)
