"""The `--format text` rendering of a decision, for a person at a terminal."""

from __future__ import annotations

import textwrap
from datetime import datetime
from typing import Any

from decision_tool import humanize, timezones
from decision_tool.policy import Policy
from decision_tool.policy_text import fill

WIDTH = 88


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    """Wrap one paragraph with a hanging indent."""
    return textwrap.wrap(
        text, width=WIDTH, initial_indent=first or indent, subsequent_indent=indent
    ) or [first or indent]


def _severity(severity: dict[str, str], policy: Policy) -> list[str]:
    """The chosen level's facts, one per line."""
    level = policy.level(severity["id"])
    lines = [f"Escalation level: {level.label}"]
    for fact, label in policy.level_facts.items():
        lines += _wrap(f"{label}: {getattr(level, fact)}", "      ", "  - ")
    return lines


def _moments(moments: list[dict[str, Any]], zone: str | None, policy: Policy) -> list[str]:
    """Time (v2): the moments ahead, one per line, overdue ones marked; (v3) in UTC, the
    touch-point with the customer's local time (`zone`) in brackets."""
    lines = ["Moments:"] if moments else []
    for moment in moments:
        at = datetime.fromisoformat(moment["at"])
        when = humanize.moment(at)
        local = timezones.customer_clock(at, zone, policy.time.zone_names) if zone else None
        if local and moment["id"] == "next_touchpoint":
            when += f" ({fill(policy.time.customer_clock, clock=local)})"
        overdue = " (OVERDUE)" if moment["overdue"] else ""
        lines += _wrap(f"{when}{overdue}: {moment['label']}", "    ", "  - ")
    return lines


def format_decision(decision: dict[str, Any], policy: Policy, zone: str | None = None) -> str:
    """A decision as terminal text: recommendation, reasons, steps, warnings, then each text.

    `zone`: the customer's time zone (a valid name), for their local time beside the touch-point.
    """
    lines = [f"Recommendation: {decision['recommendation'].upper()}"]
    lines += _wrap(decision["headline"]["text"], "  ", "  ")
    for reason in decision["reasons"]:
        lines += _wrap(reason["text"], "    ", "  - ")
    left = decision["reevaluate_in_hours"]
    if left:  # at 0 the headline says the mark is reached
        lines.append(f"Re-evaluate in: {humanize.duration(left)}")
    lines += _moments(decision.get("moments", []), zone, policy)
    if decision["severity"]:
        lines += _severity(decision["severity"], policy)
    lines.append(f"Slack room: {decision['slack_room'] or '(none: give one)'}")
    lines += ["", "Steps:"]
    for number, step in enumerate(decision["steps"], start=1):
        done = "(done) " if step.get("done") else ""  # (v3) done at this stage
        lines += _wrap(done + step["text"], "      ", f"  {number:>2}. ")
    if decision["warnings"]:
        lines += ["", "Warnings:"]
        for warning in decision["warnings"]:
            lines += _wrap(f"{warning['field']}: {warning['message']}", "    ", "  - ")
    for template in decision["templates"].values():
        lines += ["", *_template(template)]
    return "\n".join(lines) + "\n"


def _template(template: dict[str, Any]) -> list[str]:
    """One text under its header; (v3) a text not ready is marked NOT READY, with why."""
    header = f"{template['title']} ({template['audience']}, {template['format']})"
    if not template.get("ready", True):
        header += " NOT READY"
    lines = [f"=== {header} " + "=" * max(3, WIDTH - len(header) - 5)]
    blockers = template.get("blockers", [])
    if blockers:
        lines.append("NOT READY to send; fix these first:")
        for blocker in blockers:
            lines += _wrap(f"{blocker['field']}: {blocker['message']}", "    ", "  - ")
        lines.append("---")
    return [*lines, template["text"]]


def format_errors(errors: list[dict[str, Any]]) -> str:
    """Errors one per line as `field: message` (`error:` for the document as a whole)."""
    return "".join(f"{error['field'] or 'error'}: {error['message']}\n" for error in errors)
