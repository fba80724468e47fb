"""The entry points: `evaluate` (answers in, Decision out), `evaluate_json` (JSON in and out)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from decision_tool import limits, timezones
from decision_tool.decide import decide
from decision_tool.model import Decision, Issue
from decision_tool.policy import load_policy
from decision_tool.record import Repeats
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
    templates stay in memory, and so does every time zone's data.
    """
    policy = load_policy()
    for template in policy.templates.values():
        environment().get_template(f"{template.id}.j2")
    timezones.preload()


def parse_answers(text: str) -> tuple[Any, tuple[str, ...]]:
    """Parse JSON text; return the value and the top-level keys given more than once."""
    repeats: list[tuple[str, ...]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        """Build one object, noting its repeated keys (the outermost object comes last; (v3)
        a record entry keeps its own)."""
        seen = Repeats()
        found: dict[str, None] = {}
        for key, value in items:
            if key in seen:
                found[key] = None
            seen[key] = value
        seen.repeated = tuple(found)
        repeats.append(seen.repeated)
        return seen

    value = json.loads(text, object_pairs_hook=pairs)
    return value, (repeats[-1] if isinstance(value, dict) else ())


def _read(text: str) -> tuple[Any, tuple[str, ...]] | Decision:
    """The answers and their repeated keys, or a failed Decision (too large, not JSON)."""
    refused = limits.document_issue(text) if isinstance(text, str) else None
    if refused is not None:
        return Decision.failed([refused])
    try:
        if not isinstance(text, str):
            raise TypeError
        return parse_answers(text)
    except (ValueError, RecursionError, TypeError) as exc:
        detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "not readable"
        where = (
            f" (line {exc.lineno}, column {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        return Decision.failed([Issue(None, f"The answers are not valid JSON: {detail}{where}.")])


def _drop_now(
    read: tuple[Any, tuple[str, ...]] | Decision,
) -> tuple[Any, tuple[str, ...]] | Decision:
    """The parsed answers without their `now` key (repeats of it included): the caller's clock
    is the only clock. Dropped after parsing, so the rest of the text keeps the CLI's verdict."""
    if isinstance(read, Decision) or not isinstance(read[0], dict) or "now" not in read[0]:
        return read
    answers = {key: value for key, value in read[0].items() if key != "now"}
    return answers, tuple(key for key in read[1] if key != "now")


def evaluate_json(
    text: str, *, now: str | None = None, drop_now: bool = False, html: bool = True
) -> str:
    """Evaluate JSON answers and return the decision as JSON text; never raises.

    `drop_now`: a `now` key in the answers is ignored (the page's clock, `now`, is the only one).
    `html=False`: each text's `html` is null, not derived (the page while the person types; it
    asks again with the same text and `now` for the HTML when a text is copied).
    """
    read = _drop_now(_read(text)) if drop_now else _read(text)
    decision = read if isinstance(read, Decision) else _evaluate(read[0], now, read[1])
    return json.dumps(decision.to_dict(html=html), ensure_ascii=False)


def calendar_json(text: str, *, now: str | None = None, drop_now: bool = False) -> str:
    """Time (v2): JSON `{"ics": <the calendar file> or null, "errors": [...]}`; never raises.

    The calendar holds the decision's moments not yet overdue (see `decision_tool.ics`);
    `drop_now` as in `evaluate_json`.
    """
    read = _drop_now(_read(text)) if drop_now else _read(text)
    errors: list[Issue] = list(read.errors) if isinstance(read, Decision) else []
    ics = None
    if not errors:
        try:
            policy = load_policy()
            checked = validate(read[0], policy, now, read[1])
            if isinstance(checked, list):
                errors = checked
            else:
                from decision_tool.ics import calendar_text  # only when a calendar is asked for

                ics = calendar_text(decide(checked, policy).moments, checked, policy)
        except Exception as exc:  # the contract: never raise on any input
            errors = [Issue(None, f"{INTERNAL_ERROR} ({type(exc).__name__})")]
    return json.dumps({"ics": ics, "errors": [e.to_dict() for e in errors]}, ensure_ascii=False)
