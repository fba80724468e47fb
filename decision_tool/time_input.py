"""Time input (v3): warnings about a zone or a touch-point that is valid but likely a mistake.

`EST`, `MST` and `HST` ignore daylight saving; a touch-point typed with an offset the customer's
zone does not have at that instant (last season's, say) becomes another hour for the customer;
one outside the customer's day may not be what they expect.
"""

from __future__ import annotations

from datetime import datetime

from decision_tool import humanize, timezones
from decision_tool.model import Issue
from decision_tool.policy import Policy
from decision_tool.policy_text import fill
from decision_tool.validate import Answers


def _hour(hours: float) -> str:
    """A policy hour as a clock: 7 -> `07:00`, 21.5 -> `21:30`."""
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _zone_warning(name: str, policy: Policy, now: datetime) -> Issue:
    """`EST` and the like: one offset all year, whatever the places it is named after do."""
    usual = timezones.usual_zones(name, policy.time.zone_names)
    message = fill(
        policy.time.fixed_offset_zone,
        zone=name,
        offset=humanize.offset(now.astimezone(timezones.zone(name))),
        usual=timezones.any_of(usual),
    )
    return Issue("customer_timezone", message)


def _place(name: str, local: datetime, policy: Policy) -> str:
    """A zone's place in a message: `Los Angeles`; a zone with no place by its name or offset."""
    if "/" in name and not name.startswith("Etc/"):
        return timezones.place(name)
    return timezones.zone_label(local, name, policy.time.zone_names)


def _touchpoint_warnings(touchpoint: datetime, name: str, policy: Policy) -> list[Issue]:
    """The touch-point's offset against the customer's zone then, and the customer's day."""
    local = touchpoint.astimezone(timezones.zone(name))
    label = timezones.zone_label(local, name, policy.time.zone_names)
    clock = humanize.local(local, label, touchpoint)
    found = []
    typed, expected = touchpoint.utcoffset(), local.utcoffset()
    if typed != expected:
        message = fill(
            policy.time.touchpoint_offset,
            typed=humanize.signed(typed),
            place=_place(name, local, policy),
            expected=humanize.signed(expected),
            clock=clock,
        )
        found.append(Issue("next_touchpoint", message))
    start, end = policy.time.customer_day_start_hour, policy.time.customer_day_end_hour
    hours = local.hour + local.minute / 60 + local.second / 3600
    if not start <= hours <= end:
        message = fill(
            policy.time.touchpoint_outside_day, clock=clock, start=_hour(start), end=_hour(end)
        )
        found.append(Issue("next_touchpoint", message))
    return found


def warnings(answers: Answers, policy: Policy) -> tuple[Issue, ...]:
    """The warnings about the customer's zone and the touch-point typed for them."""
    name = answers.get("customer_timezone")
    if name is None:
        return ()
    found = [_zone_warning(name, policy, answers.now)] if name in timezones.FIXED_OFFSET else []
    if answers.next_touchpoint is not None:
        found += _touchpoint_warnings(answers.next_touchpoint, name, policy)
    return tuple(found)
