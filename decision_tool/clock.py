"""One clock (v3): the times and durations the texts show, as each audience reads them.

Internal texts show every time in UTC, whatever offset it was typed in, with the customer's local
time in brackets where the customer is concerned; a running time says as of when. The public
reply shows the customer's local time by its zone's name, and UTC. Durations: `3 h 30 min`
internally, `3 hours 30 minutes` in public.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from decision_tool import contract, humanize, timezones
from decision_tool.escaping import Placeholder
from decision_tool.policy import Policy
from decision_tool.policy_text import fill
from decision_tool.validate import Answers


def internal_time(value: datetime, answers: Answers, policy: Policy, customer: bool) -> str:
    """`Sun 8 Mar 2026, 10:30 UTC`; when `customer` and their zone is known, their local time
    follows in brackets: `(03:30 Pacific Time for the customer)`."""
    shown = humanize.moment(value)
    zone = answers.get("customer_timezone")
    local = timezones.customer_clock(value, zone, policy.time.zone_names) if zone else None
    if customer and local:
        shown += f" ({fill(policy.time.customer_clock, clock=local)})"
    return shown


def public_time(value: datetime, answers: Answers, policy: Policy) -> str:
    """A time in the customer's zone and UTC (`... 03:30 Pacific Time (10:30 UTC)`), or in UTC
    when their zone is not known."""
    zone = answers.get("customer_timezone")
    if zone is None:
        return humanize.moment(value)
    return timezones.customer_time(value, zone, policy.time.zone_names)


def text_values(answers: Answers, policy: Policy) -> dict[str, dict[str, Any]]:
    """The timed values of the texts, by audience: `running` (how long it has run; internally
    as of when; a placeholder while the hours are unanswered), `started`, `call_length`, and
    `next_touchpoint` and `touchpoint_for_customer` when a touch-point is given."""
    start, touchpoint = answers.get("started_at"), answers.next_touchpoint
    unknown = Placeholder(f"[{policy.question(contract.EITHER[0]).short}]")
    running = unknown
    if answers.hours is not None:
        running = fill(
            policy.time.as_of,
            duration=humanize.duration(answers.hours),
            clock=humanize.utc_clock(answers.now),
        )
    internal: dict[str, Any] = {
        "running": running,
        "started": humanize.moment(start) if start else None,
        "call_length": humanize.duration(answers.call_hours or 0),
    }
    public: dict[str, Any] = {
        "running": unknown if answers.hours is None else humanize.spoken(answers.hours),
        "started": public_time(start, answers, policy) if start else None,
        "call_length": humanize.spoken(answers.call_hours or 0),
    }
    if touchpoint is not None:
        internal["next_touchpoint"] = internal_time(touchpoint, answers, policy, customer=True)
        if touchpoint < answers.now:  # never read as still ahead by the next engineer
            internal["next_touchpoint"] = fill(
                policy.time.touchpoint_passed, clock=internal["next_touchpoint"]
            )
        public["next_touchpoint"] = public_time(touchpoint, answers, policy)
    internal["touchpoint_for_customer"] = internal.get("next_touchpoint")
    public["touchpoint_for_customer"] = public.get("next_touchpoint")
    return {"internal": internal, "public": public}
