"""IANA time zones from the pinned `tzdata` package, held in memory once read.

zoneinfo would read the zone files lazily from the file system, and in a restored Pyodide memory
snapshot the file system is empty. So the engine reads the zone files itself, through the
`tzdata` package (the same data in CPython and in Pyodide, whatever the system has), and
`preload()` keeps every zone's bytes in memory before a snapshot is taken.
"""

from __future__ import annotations

import difflib
import io
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from decision_tool import humanize
from decision_tool.checks import Invalid, check_line

#: Examples named in messages.
EXAMPLES = "Europe/Berlin, America/New_York or UTC"
#: Names of UTC itself: a time in them is shown once, as UTC.
UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu",
                       "Etc/Zulu", "GMT", "Etc/GMT", "Etc/Greenwich", "Greenwich", "GMT0",
                       "Etc/GMT0", "GMT+0", "GMT-0", "Etc/GMT+0", "Etc/GMT-0"})  # fmt: skip


@cache
def zone_names() -> frozenset[str]:
    """Every zone name the pinned tzdata knows (its `zones` list)."""
    text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def _zone_bytes() -> dict[str, bytes]:
    """The TZif bytes of every zone, read once (see `preload`)."""
    root = resources.files("tzdata").joinpath("zoneinfo")
    return {name: root.joinpath(*name.split("/")).read_bytes() for name in zone_names()}


@cache
def zone(name: str) -> ZoneInfo:
    """The time zone of a known name (check it with `check_timezone` first)."""
    return ZoneInfo.from_file(io.BytesIO(_zone_bytes()[name]), key=name)


def preload() -> None:
    """Read every zone file into memory now, so no zone needs a file later."""
    _zone_bytes()


def check_timezone(value: object) -> str:
    """A known IANA time zone name, exactly as tzdata spells it."""
    name = check_line(value, 64)
    if name in zone_names():
        return name
    by_case = {known.lower(): known for known in zone_names()}
    close = by_case.get(name.lower()) or next(
        iter(difflib.get_close_matches(name, sorted(zone_names()), n=1)), None
    )
    hint = f' Did you mean "{close}"?' if close else ""
    shown = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in name[:64])
    raise Invalid(f'"{shown}" is not a time zone: give an IANA name like {EXAMPLES}.{hint}')


def customer_time(value: datetime, name: str) -> str:
    """A time as the customer reads it: in their zone, with its name, and in UTC.

    `Fri 27 Nov 2026, 16:00 CET (Europe/Berlin time; 15:00 UTC)`; the UTC part repeats the date
    when it differs. A zone that is UTC shows `Fri 27 Nov 2026, 15:00 UTC`.
    """
    local = value.astimezone(zone(name))
    utc = value.astimezone(UTC)
    if not local.utcoffset() and name in UTC_NAMES:
        return f"{humanize.day(utc)}, {utc:%H:%M} UTC"
    abbreviation = local.tzname() or ""
    shown = f" {abbreviation}" if abbreviation[:1].isalpha() else ""
    utc_day = "" if utc.date() == local.date() else f"{humanize.day(utc)}, "
    return f"{humanize.day(local)}, {local:%H:%M}{shown} ({name} time; {utc_day}{utc:%H:%M} UTC)"
