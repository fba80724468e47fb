"""Time (v2): the moments ahead, from the answers and now; the warning for a past touch-point."""

from __future__ import annotations

from datetime import datetime, timedelta

from decision_tool import contract, humanize
from decision_tool.model import Issue, Moment
from decision_tool.policy import Policy
from decision_tool.validate import Answers


def _times(answers: Answers, escalate: bool, policy: Policy) -> list[tuple[str, datetime]]:
    """Each moment that applies, with its time (in the offset its answer was given in)."""
    found: list[tuple[str, datetime]] = []
    threshold, start = policy.rule.long_running_hours, answers.get("started_at")
    if not escalate and start is not None and answers.hours <= threshold:
        found.append(("long_running_mark", start + timedelta(hours=threshold)))
    if answers.next_touchpoint is not None:
        found.append(("next_touchpoint", answers.next_touchpoint))
    shift_end = answers.get("shift_ends_at")
    if shift_end is not None:
        lead = timedelta(minutes=policy.time.handover_lead_minutes)
        found += [("handover", shift_end - lead), ("shift_end", shift_end)]
    return found


def label(moment_id: str, policy: Policy) -> str:
    """The moment's name, with the handover lead filled in."""
    lead = humanize.duration(policy.time.handover_lead_minutes / 60)
    return policy.time.labels[moment_id].format(lead=lead, customer="", ticket="")


def moments(answers: Answers, escalate: bool, policy: Policy) -> tuple[Moment, ...]:
    """The moments ahead, sorted by time (ties in contract order), each marked when overdue."""
    found = sorted(
        _times(answers, escalate, policy),
        key=lambda pair: (pair[1], contract.MOMENT_IDS.index(pair[0])),
    )
    return tuple(
        Moment(moment_id, at, label(moment_id, policy), at < answers.now) for moment_id, at in found
    )


def warnings(found: tuple[Moment, ...], policy: Policy) -> tuple[Issue, ...]:
    """A warning at `next_touchpoint` when that touch-point is already past."""
    past = any(m.id == "next_touchpoint" and m.overdue for m in found)
    message = policy.time.touchpoint_past.format(lead="", customer="", ticket="")
    return (Issue("next_touchpoint", message),) if past else ()
