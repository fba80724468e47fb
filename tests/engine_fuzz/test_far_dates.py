"""Dates of any year, offset, zone and digits, through the decision and the calendar (the paths
the browser and the CLI take): a field error or a result, never the internal error (issue 18)."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool import calendar_json, evaluate_json
from tests.trust.corpus import DATE_TEXTS

NOW = "2026-12-07T10:00:00Z"
CI = bool(os.environ.get("CI"))
DATE_FIELDS = ("started_at", "next_touchpoint", "shift_ends_at", "now")
ZONES = ("Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14", "America/St_Johns", "UTC")
#: Digit sets: ASCII, and others `int()` would read (Arabic-Indic, fullwidth, mathematical).
DIGITS = tuple(
    "".join(map(chr, range(first, first + 10))) for first in (0x30, 0x660, 0xFF10, 0x1D7CE)
)


def number(digits: str, value: int, width: int) -> str:
    """`value` zero-padded to `width`, written in a digit set."""
    return "".join(digits[int(d)] for d in f"{value:0{width}d}")


@st.composite
def dates(draw: st.DrawFn) -> str:
    """An ISO 8601 date and time: any year, often at a year's first or last minute, the widest
    offsets, now and then foreign digits."""
    digits = draw(st.sampled_from(DIGITS[:1] * 6 + DIGITS[1:]))
    year = draw(st.sampled_from([0, 1, 1969, 1970, 9998, 9999]) | st.integers(0, 9999))
    edge = st.sampled_from([(1, 1, 0, 0), (12, 31, 23, 59)])
    anywhere = st.tuples(st.integers(1, 12), st.integers(1, 28), st.integers(0, 23),
                         st.integers(0, 59))  # fmt: skip
    month, day, hour, minute = draw(edge | anywhere)
    offset = draw(st.sampled_from(["Z", "+23:59", "-23:59", "+14:00", "-12:00", "+00:30"]))
    time = f"{hour:02d}:{minute:02d}:59.999999{offset}"
    return f"{number(digits, year, 4)}-{month:02d}-{day:02d}T{time}"


answers = st.fixed_dictionaries(
    {"resolution_in_sight": st.sampled_from(["yes", "no"])},
    optional={
        "now": dates(),
        "next_touchpoint": dates(),
        "shift_ends_at": dates(),
        "customer_timezone": st.sampled_from(ZONES),
    },
).flatmap(
    lambda base: st.one_of(
        st.just({**base, "hours_running": 1}),
        dates().map(lambda start: {**base, "started_at": start}),
    )
)


def assert_no_internal_error(result: dict) -> None:
    """Errors (if any) each name a field: nothing asks to be reported."""
    for error in result["errors"]:
        assert error["field"] is not None, error
        assert "please report" not in error["message"], error


@settings(max_examples=300, deadline=None, derandomize=CI)
@given(answers, dates())
def test_any_date_is_a_field_error_or_a_decision_and_a_calendar(answered: dict, now: str) -> None:
    """evaluate_json and calendar_json (as `--format ics`): never the internal error."""
    text = json.dumps(answered, ensure_ascii=False)
    assert_no_internal_error(json.loads(evaluate_json(text, now=now)))
    assert_no_internal_error(json.loads(calendar_json(text, now=now)))


@pytest.mark.parametrize("case", sorted(DATE_TEXTS))
def test_the_red_team_dates_are_errors_at_their_field(case: str) -> None:
    """The corpus's far-off and foreign-digit dates: one error, at the field."""
    text, field = DATE_TEXTS[case]
    for result in (evaluate_json(text, now=NOW), calendar_json(text, now=NOW)):
        errors = json.loads(result)["errors"]
        assert [error["field"] for error in errors] == [field], errors
