"""Time (v2, v3): the moments ahead as an iCalendar file (RFC 5545), written with `icalendar`.

One VEVENT per moment not yet overdue: a UID stable for the emergency's moment, DTSTART in UTC
with a DURATION, a SEQUENCE that grows with now (a later download updates the events it moves),
a short summary (`Touch-point: Acme Corp`), a description naming the customer and the ticket,
and two VALARMs that display, one ahead of the moment and one at it. The file holds no link but
the ticket link the engineer typed, and depends only on the answers and now.

`icalendar` is imported when a calendar is first asked for, not with this module: the browser's
memory snapshot leaves it out (it would add about 0.8 MB to every first visit) and the worker
installs it on that first request.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from decision_tool import contract
from decision_tool.model import Moment
from decision_tool.policy import Policy
from decision_tool.policy_text import fill
from decision_tool.validate import Answers

PRODID = "-//decision-tool//Escalation moments//EN"
UID_DOMAIN = "decision-tool"
#: SEQUENCE counts minutes from here: a download made later carries a higher one.
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
#: The largest INTEGER value RFC 5545 allows.
MAX_INTEGER = 2**31 - 1

if TYPE_CHECKING:
    from icalendar import Alarm, Event


def _start(answers: Answers) -> datetime | None:
    """The emergency's start when it is known: typed, or (v3) the hours typed as of a time."""
    start, as_of = answers.get("started_at"), answers.get(contract.HOURS_AS_OF)
    if start is None and as_of is not None:
        start = as_of - timedelta(hours=answers.get("hours_running"))
    return start


def uid(moment: Moment, answers: Answers) -> str:
    """A UID stable for one emergency's moment: the same on every download.

    It comes from the emergency's identity (ticket, customer, the start's instant in UTC,
    whatever offset it was typed in) so that a calendar updates the event when the time
    changes; with none of them given, from the moment's instant in UTC.
    """
    start = _start(answers)
    identity = [
        answers.get("ticket_url"),
        answers.get("customer"),
        start.astimezone(UTC).isoformat() if start else None,
    ]
    if not any(identity):
        identity.append(moment.at.astimezone(UTC).isoformat())
    digest = hashlib.sha256(json.dumps([moment.id, *identity]).encode("utf-8")).hexdigest()
    return f"{moment.id}-{digest[:24]}@{UID_DOMAIN}"


def summary(moment: Moment, answers: Answers, policy: Policy) -> str:
    """A short summary: the moment's short label, and the customer (`Touch-point: Acme Corp`)."""
    short, customer = policy.time.short_labels[moment.id], answers.get("customer")
    return fill(policy.time.calendar_summary, label=short, customer=customer) if customer else short


def sequence(answers: Answers) -> int:
    """SEQUENCE: the minutes from SEQUENCE_EPOCH to now, so a later download supersedes (kept
    inside RFC 5545's integers: 0 before the epoch, the largest one after the year 6100)."""
    minutes = int((answers.now - SEQUENCE_EPOCH).total_seconds() // 60)
    return min(max(0, minutes), MAX_INTEGER)


def _alarm(label: str, ahead: timedelta) -> Alarm:
    """A display alarm `ahead` of the event's start."""
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", label)
    alarm.add("trigger", -ahead)
    return alarm


def _event(moment: Moment, answers: Answers, policy: Policy) -> Event:
    """One moment's VEVENT with its display alarms, ahead and at the moment."""
    from icalendar import Event

    customer, ticket = answers.get("customer"), answers.get("ticket_url")
    lines = [moment.label]
    if customer:
        lines.append(fill(policy.time.calendar_customer, customer=customer))
    if ticket:
        lines.append(fill(policy.time.calendar_ticket, ticket=ticket))
    event = Event()
    event.add("uid", uid(moment, answers))
    event.add("sequence", sequence(answers))
    event.add("dtstamp", answers.now.astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", moment.at.astimezone(UTC).replace(microsecond=0))
    event.add("duration", timedelta(minutes=policy.time.calendar_event_minutes))
    event.add("summary", summary(moment, answers, policy))
    event.add("description", "\n".join(lines))
    event.add_component(_alarm(moment.label, timedelta(minutes=policy.time.calendar_alarm_minutes)))
    event.add_component(_alarm(moment.label, timedelta(0)))
    return event


def calendar_text(moments: tuple[Moment, ...], answers: Answers, policy: Policy) -> str:
    """The iCalendar file of the moments not yet overdue (CRLF line ends, as RFC 5545 says)."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for moment in moments:
        if not moment.overdue:
            calendar.add_component(_event(moment, answers, policy))
    return calendar.to_ical().decode("utf-8")
