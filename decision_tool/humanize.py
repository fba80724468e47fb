"""Readable forms of numbers, durations, offsets and dates for the texts (English, one clock)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: The minus sign of an offset as people write it (`UTC-05:00` with U+2212), not a hyphen.
MINUS = "\u2212"


def number(value: float) -> str:
    """A number as a reader writes it: 3, 2.5 (no trailing `.0`)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _minutes(hours: float, above: float | None) -> int:
    """Whole minutes, to the nearest; past `above` hours, at least a minute more than that (a
    time past a mark never reads as the mark itself: not "more than 3 hours (3 h)")."""
    minutes = math.floor(round(hours * 60, 6) + 0.5)  # round first: 0.1 h is 6 min
    if above is not None and hours > above:
        minutes = max(minutes, math.floor(round(above * 60, 6)) + 1)
    return minutes


def duration(hours: float, above: float | None = None) -> str:
    """Hours as an internal text writes them: `2 h 30 min`, `45 min`, `4 h`, `under 1 min`."""
    whole, rest = divmod(_minutes(hours, above), 60)
    if not whole:
        return f"{rest} min" if rest else "under 1 min"
    return f"{whole} h {rest} min" if rest else f"{whole} h"


def _count(amount: int, unit: str) -> str:
    """`1 hour`, `2 hours`."""
    return f"{amount} {unit}" if amount == 1 else f"{amount} {unit}s"


def spoken(hours: float, above: float | None = None) -> str:
    """Hours as a public text writes them: `3 hours 30 minutes`, `1 hour`, `less than a minute`."""
    whole, rest = divmod(_minutes(hours, above), 60)
    parts = [_count(whole, "hour")] if whole else []
    parts += [_count(rest, "minute")] if rest else []
    return " ".join(parts) or "less than a minute"


def signed(delta: timedelta | None) -> str:
    """A UTC offset as `+01:00` or `-05:00` (the minus is U+2212)."""
    delta = delta or timedelta(0)
    sign = MINUS if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def offset(moment: datetime) -> str:
    """The UTC offset as `UTC+01:00`, `UTC-03:00` (minus U+2212), or `UTC` for zero."""
    delta = moment.utcoffset()
    return f"UTC{signed(delta)}" if delta else "UTC"


def day(value: datetime) -> str:
    """A date as `Fri 27 Nov 2026`."""
    return f"{DAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def clock(value: datetime) -> str:
    """The time of day as `16:00` (24-hour), in the value's own offset."""
    return f"{value.hour:02d}:{value.minute:02d}"


def utc_clock(value: datetime) -> str:
    """The time of day in UTC: `15:00 UTC`."""
    return f"{clock(value.astimezone(UTC))} UTC"


def moment(value: datetime) -> str:
    """A date and time in UTC, whatever offset it was typed in: `Fri 27 Nov 2026, 15:00 UTC`."""
    utc = value.astimezone(UTC)
    return f"{day(utc)}, {utc_clock(utc)}"


def local(value: datetime, name: str, other: datetime) -> str:
    """`16:00 CET` in a zone called `name`; with the day first when `other` has another day."""
    time = f"{clock(value)} {name}"
    return time if value.date() == other.date() else f"{day(value)}, {time}"
