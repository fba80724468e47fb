"""Sample answers: one set for the build's smoke check, the snapshot warm-up, tests and benchmark.

A Python module rather than a data file: after a Pyodide memory snapshot is restored, the
package's data files are gone, but its imported modules are not.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

#: The moment the samples are evaluated at (their times are relative to it).
NOW = "2026-11-27T12:00:00+01:00"

#: The two required answers, escalating.
MINIMAL: dict[str, Any] = {"hours_running": 4, "resolution_in_sight": "no"}

#: Every question answered (the hours, not the start time): escalates and fills every text.
ESCALATE: dict[str, Any] = {
    "hours_running": 4,
    "resolution_in_sight": "no",
    "blocked": ["renewal"],
    "blocked_detail": "The Q4 renewal is signed next week.",
    "has_tam": True,
    "severity": "high",
    "customer": "Acme Corp",
    "ticket_url": "https://support.example.com/tickets/4711",
    "escalation_doc_url": "https://docs.example.com/escalations/acme",
    "call_hours": 1,
    "next_touchpoint": "2026-11-27T16:00:00+01:00",
    "engineer": "Dana Engineer",
    "manager": "Max Manager",
    "next_engineer": "Noor Next",
    "next_manager": "Mia Nextmanager",
    "tam": "Tom Tam",
    "summary": "Pushes to the main repository fail with 500 errors.",
    "impact": "All 2,000 developers of Acme Corp cannot push.",
    "customer_contact": "Jane",
    "signature": "Dana from Support",
    "latest_update": "Database failover done; errors down by half.",
    "tried": "Restarted the web nodes; rolled back the 16.5 upgrade.",
    "next_steps": "Check Gitaly logs with development.",
}

#: A clear resolution in sight below the threshold: continue, with the text it needs.
CONTINUE: dict[str, Any] = {
    "hours_running": 1.5,
    "resolution_in_sight": "yes",
    "customer": "Acme Corp",
    "next_touchpoint": "2026-11-27T13:00:00+01:00",
    "engineer": "Dana Engineer",
    "summary": "A fix is being deployed.",
}

#: Counted from the start time (with the answers' own now), resolution unsure.
STARTED: dict[str, Any] = {
    "started_at": "2026-11-27T07:30:00+01:00",
    "now": NOW,
    "resolution_in_sight": "unsure",
}

#: Every rule broken at once: the error path.
INVALID: dict[str, Any] = {
    "hours_running": -1,
    "resolution_in_sight": "maybe",
    "ticket_url": "javascript:x",
}

#: Past the threshold but a clear resolution in sight: continue, without a time left.
PAST_THRESHOLD: dict[str, Any] = {
    "hours_running": 5,
    "resolution_in_sight": "yes",
    "severity": "low",
    "slack_room": "#a_x",
}

#: Free text that each format must escape: a mention, HTML, Markdown, a link, a heading.
HOSTILE_TEXT = "@here <b>*x*</b> [a](javascript:x) # Ünïcödé & co"

#: The full escalation with every free text hostile and a name beyond ASCII.
HOSTILE: dict[str, Any] = {
    **ESCALATE,
    "customer": "Ünïcödé Corp",
    "severity": "critical",
    "judgement": True,
    **dict.fromkeys(
        (
            "blocked_detail",
            "summary",
            "latest_update",
            "tried",
            "next_steps",
            "impact",
            "judgement_reason",
        ),
        HOSTILE_TEXT,
    ),
}

#: The complete samples by the recommendation they must get.
BY_RECOMMENDATION: MappingProxyType[str, dict[str, Any]] = MappingProxyType(
    {"escalate": ESCALATE, "continue": CONTINUE}
)

#: Time (v2): a start time, a touch-point across Berlin's spring-forward, a customer time zone
#: and a shift end: every moment, a zone name in the reply, and a calendar file.
TIME: dict[str, Any] = {
    "started_at": "2026-03-29T00:00:00+01:00",
    "now": "2026-03-29T02:00:00+01:00",
    "resolution_in_sight": "no",
    "customer": "Ünïcödé Corp",
    "ticket_url": "https://support.example.com/t/1",
    "next_touchpoint": "2026-03-29T04:00:00+02:00",
    "customer_timezone": "America/New_York",
    "shift_ends_at": "2026-03-29T18:00:00+02:00",
}
