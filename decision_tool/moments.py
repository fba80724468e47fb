"""Time (v2, v3): the moments ahead, from the answers and now; what an overdue one makes urgent."""

from __future__ import annotations

from datetime import datetime, timedelta

from decision_tool import contract, humanize
from decision_tool.model import Issue, Moment
from decision_tool.policy import Policy
from decision_tool.policy_text import fill
from decision_tool.validate import Answers

#: (v3) The moments whose passing makes a step the most urgent: the step, and the answer to fix.
URGENT: dict[str, tuple[str, str]] = {
    "next_touchpoint": ("schedule_touchpoint", "next_touchpoint"),
    "handover": ("handover_end_of_shift", "shift_ends_at"),
}


def _mark(answers: Answers, threshold: float) -> datetime:
    """(v3) When the emergency reaches the threshold: from its start, else from the hours typed
    (as of `hours_as_of`, else now). In the offset of the answer it comes from."""
    start = answers.get("started_at")
    if start is not None:
        return start + timedelta(hours=threshold)
    as_of = answers.get(contract.HOURS_AS_OF)
    typed = answers.get("hours_running")
    if as_of is not None and typed is not None:
        return as_of + timedelta(hours=threshold - typed)
    return answers.now + timedelta(hours=threshold - answers.hours)


def _times(answers: Answers, escalate: bool, policy: Policy) -> list[tuple[str, datetime]]:
    """Each moment that applies, with its time (in the offset its answer was given in)."""
    found: list[tuple[str, datetime]] = []
    threshold = policy.rule.long_running_hours
    if not escalate and answers.hours <= threshold:
        found.append(("long_running_mark", _mark(answers, threshold)))
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
    return fill(policy.time.labels[moment_id], lead=lead)


def moments(answers: Answers, escalate: bool, policy: Policy) -> tuple[Moment, ...]:
    """The moments ahead, sorted by time (ties in contract order), each marked when overdue."""
    found = sorted(
        _times(answers, escalate, policy),
        key=lambda pair: (pair[1], contract.MOMENT_IDS.index(pair[0])),
    )
    return tuple(
        Moment(moment_id, at, label(moment_id, policy), at < answers.now) for moment_id, at in found
    )


def overdue(found: tuple[Moment, ...]) -> dict[str, Moment]:
    """(v3) The urgent steps whose moment is overdue, most urgent first, with that moment."""
    late = {m.id: m for m in found if m.overdue and m.id in URGENT}
    return {URGENT[key][0]: late[key] for key in URGENT if key in late}


def warnings(found: tuple[Moment, ...], policy: Policy) -> tuple[Issue, ...]:
    """A warning at the answer of each overdue touch-point or handover (v3: the handover too)."""
    texts = {"next_touchpoint": policy.time.touchpoint_past, "handover": policy.time.handover_past}
    late = {m.id for m in found if m.overdue}
    return tuple(Issue(URGENT[key][1], fill(texts[key])) for key in URGENT if key in late)
