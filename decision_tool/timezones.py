"""IANA time zones from the pinned `tzdata` package, held in memory once read, and their names.

zoneinfo would read the zone files lazily from the file system, and in a restored Pyodide memory
snapshot the file system is empty. So the engine reads the zone files itself, through the
`tzdata` package (the same data in CPython and in Pyodide, whatever the system has), and
`preload()` keeps every zone's bytes in memory before a snapshot is taken.

(v3) A customer never reads an IANA name: a zone is named from the policy's table of common
zones (`Pacific Time`), else by tzdata's abbreviation when it is letters (`PDT`), else by its
offset (`UTC-03:00`, minus U+2212). An abbreviation typed as a zone is refused, naming the
zones it usually means.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Mapping
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
#: (v3) Valid names with one offset all year, though the places they are named after keep
#: daylight saving: accepted, with a warning.
FIXED_OFFSET = frozenset({"EST", "MST", "HST"})
#: (v3) Valid tzdata names that are abbreviations of a season's time: refused like any other.
ABBREVIATED = frozenset({"CET", "EET", "WET", "MET"})
#: tzdata's zone for a machine whose zone is not set: no place at all.
FACTORY = "Factory"
#: What an abbreviation looks like: letters only.
LETTERS = re.compile(r"[A-Za-z]{1,6}")
#: The years whose January and July show the abbreviations a zone uses now.
RECENT_YEARS = (2025, 2026)
#: Zones named in a message, at most.
MAX_NAMED = 3


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


@cache
def links() -> frozenset[str]:
    """The names that are links to another zone (tzdata.zi's `L` lines): old or duplicate names."""
    text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text(encoding="utf-8")
    return frozenset(line.split()[2] for line in text.splitlines() if line.startswith("L "))


def preload() -> None:
    """Read every zone file into memory now, so no zone needs a file later."""
    _zone_bytes()
    links()


@cache
def abbreviations(name: str) -> frozenset[str]:
    """The abbreviations a zone uses these years (January and July: both seasons)."""
    tz = zone(name)
    moments = (datetime(year, month, 15, tzinfo=UTC) for year in RECENT_YEARS for month in (1, 7))
    return frozenset(moment.astimezone(tz).tzname() or "" for moment in moments)


@cache
def _zones_using(abbreviation: str) -> tuple[str, ...]:
    """Every place (`Area/City`, no link) whose zone uses this abbreviation these years, sorted."""
    names = zone_names() - links()
    places = (name for name in names if re.fullmatch(r"[A-Z][a-z]+/[A-Za-z_/-]+", name))
    return tuple(sorted(name for name in places if abbreviation in abbreviations(name)))


def usual_zones(abbreviation: str, common: Mapping[str, str]) -> tuple[str, ...]:
    """The zones an abbreviation usually means: the common zones using it, else any."""
    upper = abbreviation.upper()
    found = tuple(name for name in common if upper in abbreviations(name))
    return (found or _zones_using(upper))[:MAX_NAMED]


def any_of(names: tuple[str, ...]) -> str:
    """`A`, `A or B`, `A, B or C`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _shown(name: str) -> str:
    """A typed name echoed in a message, unprintable characters escaped."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in name[:64])


def check_timezone(value: object, common: Mapping[str, str]) -> str:
    """A known IANA time zone name, exactly as tzdata spells it (v3: no abbreviation, no
    `Factory`); `common` is the policy's table of common zones, named first in messages."""
    name = check_line(value, 64)
    known = zone_names()
    if name == FACTORY:
        raise Invalid(
            f'"{FACTORY}" is tzdata\'s zone for a machine with no zone set, not a place: give the '
            f"customer's IANA time zone name, like {EXAMPLES}."
        )
    if name in known and name not in ABBREVIATED:
        return name
    by_case = {known.lower(): known for known in known - ABBREVIATED - FIXED_OFFSET - {FACTORY}}
    close = by_case.get(name.lower())
    if close is None and LETTERS.fullmatch(name):  # an abbreviation: never a fuzzy match
        usual = usual_zones(name, common)
        if usual:
            raise Invalid(
                f'"{_shown(name)}" is not a time zone but an abbreviation: it usually means '
                f"{any_of(usual)}. Give the IANA name, which follows daylight saving."
            )
    elif close is None:
        places = sorted(known_name for known_name in known if "/" in known_name)
        close = next(iter(difflib.get_close_matches(name, places, n=1)), None)
    hint = f' Did you mean "{close}"?' if close else ""
    raise Invalid(f'"{_shown(name)}" is not a time zone: give an IANA name like {EXAMPLES}.{hint}')


def zone_label(local: datetime, name: str, common: Mapping[str, str]) -> str:
    """A zone as a customer reads it: `Pacific Time`, else `PDT`, else `UTC-03:00`."""
    if name in common:
        return common[name]
    abbreviation = local.tzname() or ""
    if abbreviation.isascii() and abbreviation.isalpha():
        return abbreviation
    return humanize.offset(local)


def place(name: str) -> str:
    """The place a zone is named after, as a reader writes it: `Los Angeles`, `EST`."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def customer_time(value: datetime, name: str, common: Mapping[str, str]) -> str:
    """A time as the customer reads it: in their zone by its name, then in UTC.

    `Sun 8 Mar 2026, 03:30 Pacific Time (10:30 UTC)`; the UTC part names its day when it
    differs. A zone that is UTC shows `Sun 8 Mar 2026, 10:30 UTC`.
    """
    if name in UTC_NAMES:
        return humanize.moment(value)
    local = value.astimezone(zone(name))
    utc = value.astimezone(UTC)
    label = zone_label(local, name, common)
    in_utc = humanize.local(utc, "UTC", local)
    return f"{humanize.day(local)}, {humanize.clock(local)} {label} ({in_utc})"


def customer_clock(value: datetime, name: str, common: Mapping[str, str]) -> str | None:
    """The customer's local time beside a UTC time (`03:30 Pacific Time`, with the day when it
    is not UTC's); None when the customer's zone is UTC."""
    if name in UTC_NAMES:
        return None
    local = value.astimezone(zone(name))
    return humanize.local(local, zone_label(local, name, common), value.astimezone(UTC))
