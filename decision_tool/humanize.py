"""Readable forms of numbers, durations and dates for the texts (English, offsets kept)."""

from __future__ import annotations

from datetime import datetime, timedelta

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def number(value: float) -> str:
    """A number as a reader writes it: 3, 2.5 (no trailing `.0`)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def duration(hours: float) -> str:
    """Hours as `2 h 30 min`, `45 min` or `4 h` (rounded to the minute)."""
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    if not whole:
        return f"{rest} min"
    return f"{whole} h {rest} min" if rest else f"{whole} h"


def offset(moment: datetime) -> str:
    """The UTC offset as `UTC+01:00`, or `UTC` for zero."""
    delta = moment.utcoffset() or timedelta(0)
    if not delta:
        return "UTC"
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def moment(value: datetime) -> str:
    """A date and time as `Fri 27 Nov 2026, 16:00 (UTC+01:00)`, in its own offset."""
    day = DAYS[value.weekday()]
    return (
        f"{day} {value.day} {MONTHS[value.month - 1]} {value.year}, "
        f"{value.hour:02d}:{value.minute:02d} ({offset(value)})"
    )
