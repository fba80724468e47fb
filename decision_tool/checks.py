"""Checks of single answer values by type; each returns the normalised value or raises Invalid."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from decision_tool import contract, invisible
from decision_tool.humanize import number


class Invalid(ValueError):
    """An answer value breaks a rule; the message is shown next to its field."""


BIDI_CONTROLS = frozenset(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
ALLOWED_CONTROLS = frozenset("\n\r\t")
_LINE_BREAK = re.compile("[" + "".join(map(re.escape, sorted(LINE_BREAKS))) + "]")
_BIDI_CONTROL = re.compile("[" + "".join(map(re.escape, sorted(BIDI_CONTROLS))) + "]")
#: A lone surrogate, or a control character (Unicode's `Cc`: U+0000-001F, U+007F-009F, fixed
#: by Unicode's stability policy) other than the allowed ones: one search instead of a look-up
#: per character (the form's long answers are checked again at every keystroke).
_REFUSED = re.compile(
    "[\ud800-\udfff"
    + "".join(
        re.escape(chr(code))
        for code in (*range(0x20), *range(0x7F, 0xA0))
        if chr(code) not in ALLOWED_CONTROLS
    )
    + "]"
)
DATETIME_EXAMPLE = "2026-11-27T09:00:00+01:00"
DATETIME_RE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[Tt ](?P<h>\d{2}):(?P<m>\d{2})"
    r"(?::(?P<s>\d{2})(?:\.(?P<frac>\d{1,6}))?)?"
    r"(?P<tz>[Zz]|(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2}))?",
    re.ASCII,
)


def describe(value: Any) -> str:
    """The JSON type of a value, as a reader says it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Sequence):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__


def check_number(value: Any, low: float, high: float, unit: str = "hours") -> float:
    """A finite number (never a boolean) in low..high."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"Must be a number of {unit}, not {describe(value)}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid(f"Must be a finite number of {unit}.")
    if not low <= value <= high:
        raise Invalid(f"Must be from {number(low)} to {number(high)} {unit}.")
    return float(value)


def check_string(value: Any, *, single_line: bool) -> str:
    """A string without forbidden characters, stripped of surrounding whitespace."""
    if not isinstance(value, str):
        raise Invalid(f"Must be text, not {describe(value)}.")
    if found := _REFUSED.search(value):
        char = found.group()
        if "\ud800" <= char <= "\udfff":
            raise Invalid("Contains an invalid character (a lone surrogate).")
        raise Invalid(f"Contains a control character (U+{ord(char):04X}); remove it.")
    if hidden := invisible.hidden_character(value):
        raise Invalid(hidden)
    value = value.strip()
    if single_line:
        if _LINE_BREAK.search(value):
            raise Invalid("Must be a single line: remove the line break.")
        if bidi := _BIDI_CONTROL.search(value):
            raise Invalid(
                f"Contains a bidirectional control character (U+{ord(bidi.group()):04X}), "
                "which can disguise text; remove it."
            )
    return value


def check_line(value: Any, max_length: int) -> str:
    """A single-line string of 1..max_length characters (surrounding whitespace trimmed)."""
    text = check_string(value, single_line=True)
    if not text:
        raise Invalid("Must not be empty: leave the answer out instead.")
    _check_length(value, max_length)
    return text


def check_text(value: Any, max_length: int) -> str:
    """Non-blank free text up to max_length characters, line endings normalised to LF."""
    text = check_string(value, single_line=False).replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        raise Invalid("Is blank: write something, or leave the answer out.")
    _check_length(value, max_length)
    return text


def _check_length(value: str, max_length: int) -> None:
    """At most max_length characters, counted as given."""
    if len(value) > max_length:
        raise Invalid(f"Must be at most {max_length} characters (this has {len(value)}).")


def check_choice(value: Any, allowed: Sequence[str]) -> str:
    """One of the allowed values."""
    if value not in allowed or not isinstance(value, str):
        raise Invalid(f"Must be one of: {', '.join(allowed)}.")
    return value


def check_choices(value: Any, allowed: Sequence[str]) -> tuple[str, ...]:
    """A list of distinct allowed values."""
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        raise Invalid(f"Must be a list of any of: {', '.join(allowed)}.")
    seen: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            shown = f'"{invisible.visible(item)}"' if isinstance(item, str) else describe(item)
            raise Invalid(f"{shown[:60]} is not one of: {', '.join(allowed)}.")
        if item in seen:
            raise Invalid(f'"{item}" is listed twice; list each once.')
        seen.append(item)
    return tuple(seen)


def check_bool(value: Any) -> bool:
    """A boolean, strictly (not 0/1, not "true")."""
    if not isinstance(value, bool):
        raise Invalid(f"Must be true or false, not {describe(value)}.")
    return value


def check_judgement(value: Any) -> str | None:
    """(v3) `"escalate"` or `"stay"`; an old link's `true` is `"escalate"`, `false` no judgement."""
    if isinstance(value, bool):
        return contract.JUDGEMENT_TRUE if value else None
    allowed = contract.CHOICE_VALUES["judgement"]
    if not isinstance(value, str) or value not in allowed:
        raise Invalid(f'Must be "{allowed[0]}" or "{allowed[1]}", or left out.')
    return value


def check_room(value: Any, max_length: int, example: str) -> str:
    """A Slack room name: `#` then 1..max_length of a-z, 0-9, - and _ (`example` shows one)."""
    text = check_line(value, max_length + 1)
    if not re.fullmatch(rf"#[a-z0-9_-]{{1,{max_length}}}", text):
        raise Invalid(
            f"Must be # then 1 to {max_length} lowercase letters a-z, digits, - or _ "
            f"(Slack's rule), like {example}."
        )
    return text


def check_year(year: int) -> int:
    """A year in the contract's range (v3: 1970 to 9998)."""
    low, high = contract.YEARS
    if not low <= year <= high:
        raise Invalid(f"The year must be from {low} to {high}, not {year:04d}: check the date.")
    return year


def check_datetime(value: Any) -> datetime:
    """An ISO 8601 date and time with an explicit UTC offset (or Z)."""
    text = check_line(value, 64)
    digit = next((char for char in text if char.isdigit() and not char.isascii()), None)
    if digit is not None:
        raise Invalid(
            f"Write the date and time with the digits 0-9: it has "
            f"{invisible.code_point(digit)} ({digit}). Example: {DATETIME_EXAMPLE}."
        )
    match = DATETIME_RE.fullmatch(text)
    if match is None:
        raise Invalid(
            f"Must be an ISO 8601 date and time with a UTC offset, like {DATETIME_EXAMPLE}."
        )
    if match["tz"] is None:
        raise Invalid(
            f"Add the UTC offset (like +01:00, or Z for UTC): without it the time is ambiguous. "
            f"Example: {DATETIME_EXAMPLE}."
        )
    year, month, day = map(int, match["date"].split("-"))
    check_year(year)
    try:
        offset = timedelta(0)
        if match["sign"]:
            if int(match["om"]) > 59:
                raise ValueError("offset minutes must be below 60")
            offset = timedelta(hours=int(match["oh"]), minutes=int(match["om"]))
            offset = -offset if match["sign"] == "-" else offset
        zone = UTC if not offset else timezone(offset)
        frac = int((match["frac"] or "0").ljust(6, "0"))
        return datetime(
            year,
            month,
            day,
            int(match["h"]),
            int(match["m"]),
            int(match["s"] or 0),
            frac,
            tzinfo=zone,
        )
    except ValueError as exc:
        raise Invalid(f"Is not a real date and time ({exc}).") from exc
