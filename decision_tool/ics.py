"""Time (v2): the moments ahead as an iCalendar file (RFC 5545), written with `icalendar`.

One VEVENT per moment not yet overdue: a stable UID, DTSTART in UTC, a summary and a description
naming the customer and the ticket, and a VALARM that displays at the moment. The file holds no
link but the ticket link the engineer typed, and depends only on the answers and now.

`icalendar` is imported when a calendar is first asked for, not with this module: the browser's
memory snapshot leaves it out (it would add about 0.8 MB to every first visit) and the worker
installs it on that first request.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from decision_tool.model import Moment
from decision_tool.policy import Policy
from decision_tool.validate import Answers

PRODID = "-//decision-tool//Escalation moments//EN"
UID_DOMAIN = "decision-tool"

if TYPE_CHECKING:
    from icalendar import Event


def uid(moment: Moment, answers: Answers) -> str:
    """A UID stable for one emergency's moment: the same on every download.

    It comes from the emergency's identity (ticket, customer, start) so that a calendar updates
    the event when the time changes; with none of them given, from the time itself.
    """
    start = answers.get("started_at")
    identity = [
        answers.get("ticket_url"),
        answers.get("customer"),
        start.isoformat() if start else None,
    ]
    if not any(identity):
        identity.append(moment.at.astimezone(UTC).isoformat())
    digest = hashlib.sha256(json.dumps([moment.id, *identity]).encode("utf-8")).hexdigest()
    return f"{moment.id}-{digest[:24]}@{UID_DOMAIN}"


def _event(moment: Moment, answers: Answers, policy: Policy) -> Event:
    """One moment's VEVENT with its display alarm."""
    from icalendar import Alarm, Event

    customer, ticket = answers.get("customer"), answers.get("ticket_url")
    lines = [moment.label]
    if customer:
        lines.append(policy.time.calendar_customer.format(customer=customer, ticket="", lead=""))
    if ticket:
        lines.append(policy.time.calendar_ticket.format(ticket=ticket, customer="", lead=""))
    event = Event()
    event.add("uid", uid(moment, answers))
    event.add("dtstamp", answers.now.astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", moment.at.astimezone(UTC).replace(microsecond=0))
    event.add("summary", f"{moment.label} ({customer})" if customer else moment.label)
    event.add("description", "\n".join(lines))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", moment.label)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
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
