"""(v3) Time input that catches the classic mistakes: abbreviations for zones, the fixed-offset
legacy zones, `Factory`, a touch-point typed with an offset the customer's zone does not have
then, and a touch-point outside the customer's day."""

from __future__ import annotations

from typing import Any

import pytest

from decision_tool.policy import Policy
from tests.engine.helpers import FULL, errors_of, ok

#: 2026-07-01: summer in the north (Los Angeles at -07:00, New York at -04:00).
SUMMER_NOW = "2026-07-01T12:00:00Z"


def warnings_at(answers: dict[str, Any], field: str, now: str = SUMMER_NOW) -> list[str]:
    """The warnings of valid answers at one field."""
    return [w.message for w in ok(answers, now=now).warnings if w.field == field]


@pytest.mark.parametrize(
    ("typed", "means"),
    [
        ("PST", ["America/Los_Angeles"]),
        ("PDT", ["America/Los_Angeles"]),
        ("EDT", ["America/New_York"]),
        ("CST", ["America/Chicago"]),
        ("CDT", ["America/Chicago"]),
        ("MDT", ["America/Denver"]),
        ("CET", ["Europe/Berlin"]),
        ("CEST", ["Europe/Berlin"]),
        ("BST", ["Europe/London"]),
        ("IST", ["Asia/Kolkata", "Europe/Dublin"]),
        ("JST", ["Asia/Tokyo"]),
        ("AEST", ["Australia/Sydney"]),
        ("pst", ["America/Los_Angeles"]),
        ("est", ["America/New_York"]),
        ("WAT", ["Africa/Lagos"]),  # not in the policy's table: found in tzdata
    ],
)
def test_an_abbreviation_is_an_error_naming_the_zones_it_means(typed: str, means: list) -> None:
    """An error at customer_timezone that names the IANA zones; never "did you mean" another
    abbreviation (`PST` was once "did you mean MST?")."""
    message = errors_of({**FULL, "customer_timezone": typed})["customer_timezone"]
    assert "abbreviation" in message
    for zone in means:
        assert zone in message, message
    assert "Did you mean" not in message


def test_an_unknown_abbreviation_gets_no_fuzzy_match() -> None:
    """Letters no zone uses: not a time zone, and no guess at another abbreviation."""
    message = errors_of({**FULL, "customer_timezone": "XST"})["customer_timezone"]
    assert "is not a time zone" in message and "Did you mean" not in message


def test_factory_is_an_error() -> None:
    """tzdata's `Factory` is no place: an error at its field."""
    message = errors_of({**FULL, "customer_timezone": "Factory"})["customer_timezone"]
    assert "Factory" in message and "IANA" in message


@pytest.mark.parametrize(
    ("zone", "offset", "place"),
    [("EST", "UTC\u221205:00", "America/New_York"), ("MST", "UTC\u221207:00", "America/Denver"),
     ("HST", "UTC\u221210:00", "Pacific/Honolulu")],
)  # fmt: skip
def test_a_fixed_offset_zone_is_a_warning_that_it_ignores_daylight_saving(
    zone: str, offset: str, place: str
) -> None:
    """`EST` is valid, but a New York customer in July is at -04:00: a warning at the field;
    the zone the customer is in (`America/New_York`) gets none."""
    (message,) = warnings_at({**FULL, "customer_timezone": zone}, "customer_timezone")
    assert "daylight saving" in message and offset in message and place in message
    assert warnings_at({**FULL, "customer_timezone": place}, "customer_timezone") == []


def test_a_touchpoint_with_last_seasons_offset_warns() -> None:
    """10:00 typed at -08:00 in July, for Los Angeles (-07:00 then): the customer would be told
    11:00; the warning says both offsets."""
    answers = {
        **FULL,
        "next_touchpoint": "2026-07-01T10:00:00-08:00",
        "customer_timezone": "America/Los_Angeles",
    }
    (message,) = warnings_at(answers, "next_touchpoint", now="2026-07-01T12:00:00Z")
    assert "you typed \u221208:00; Los Angeles is at \u221207:00 then" in message
    assert "11:00 Pacific Time" in message


def test_across_the_march_night_only_the_offset_la_does_not_have_then_warns() -> None:
    """Either side of the spring-forward night, the offset Los Angeles has at that instant is
    no mistake; the other one is."""
    typed = {
        "2026-03-08T01:30:00-08:00": False,  # PST, before the change: right
        "2026-03-08T03:30:00-07:00": False,  # PDT, after it: right
        "2026-03-08T03:30:00-08:00": True,  # last season's offset after the change
        "2026-03-08T01:30:00-07:00": True,  # the summer offset before it
    }
    warned = {}
    for touchpoint in typed:
        answers = {
            **FULL,
            "next_touchpoint": touchpoint,
            "customer_timezone": "America/Los_Angeles",
        }
        messages = warnings_at(answers, "next_touchpoint", now="2026-03-01T00:00:00Z")
        warned[touchpoint] = any("you typed" in message for message in messages)
    assert warned == typed


@pytest.mark.parametrize(
    ("typed", "outside"),
    [
        ("2026-07-01T06:59:00-07:00", True),
        ("2026-07-01T07:00:00-07:00", False),
        ("2026-07-01T21:00:00-07:00", False),
        ("2026-07-01T21:01:00-07:00", True),
        ("2026-07-02T04:30:00Z", True),  # 21:30 in Los Angeles
    ],
)
def test_a_touchpoint_outside_the_customers_day_warns(
    typed: str, outside: bool, policy: Policy
) -> None:
    """Outside 07:00-21:00 (the policy's hours) in the customer's zone: a warning."""
    answers = {**FULL, "next_touchpoint": typed, "customer_timezone": "America/Los_Angeles"}
    messages = warnings_at(answers, "next_touchpoint", now="2026-06-01T00:00:00Z")
    day = [message for message in messages if "outside 07:00\u201321:00" in message]
    assert bool(day) == outside, messages
    assert policy.time.customer_day_start_hour == 7 and policy.time.customer_day_end_hour == 21
    unzoned = {k: v for k, v in answers.items() if k != "customer_timezone"}
    assert warnings_at(unzoned, "next_touchpoint", now="2026-06-01T00:00:00Z") == []
