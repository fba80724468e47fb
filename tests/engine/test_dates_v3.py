"""Dates (contract v3 "Time input", issue 18 point 6): ASCII digits only, years 1970 to 9998,
each a field error; no date the contract allows makes the engine, the calendar or the CLI fail."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from decision_tool import calendar_json, contract, evaluate, evaluate_json
from tests.engine.helpers import COMMANDS, FULL, NOW, errors_of, ok

DATE_FIELDS = ("started_at", "next_touchpoint", "shift_ends_at", "now")
REPORT = "please report"
#: Digits of other scripts that `\d` and `int()` read as 0-9 (issue 18: "pass as ISO 8601").
OTHER_DIGITS = {
    "arabic-indic": "\u0662\u0660\u0662\u0666",
    "fullwidth": "\uff12\uff10\uff12\uff16",
    "mathematical bold": "\U0001d7d0\U0001d7ce\U0001d7d0\U0001d7d4",
    "devanagari": "\u0968\u0966\u0968\u096c",
}


def answers_with(field: str, value: str) -> dict[str, Any]:
    """Full answers with one date field set (a start replaces the hours)."""
    answers = {**FULL, field: value}
    if field == "started_at":
        answers.pop("hours_running", None)
    return answers


@pytest.mark.parametrize("field", DATE_FIELDS)
@pytest.mark.parametrize("script", sorted(OTHER_DIGITS))
def test_digits_of_other_scripts_are_an_error_at_the_field(field: str, script: str) -> None:
    """The year in another script's digits: an error at that field naming the character."""
    value = f"{OTHER_DIGITS[script]}-11-27T09:00:00+01:00"
    errors = errors_of(answers_with(field, value))
    assert list(errors) == [field], errors
    assert "0-9" in errors[field] and "U+" in errors[field], errors[field]


def test_other_digits_anywhere_in_the_date_are_refused() -> None:
    """Not only the year: a fullwidth digit in the hour or the offset too."""
    for value in ("2026-11-27T\uff109:00:00+01:00", "2026-11-27T09:00:00+0\u0661:00"):
        assert list(errors_of({**FULL, "next_touchpoint": value})) == ["next_touchpoint"]


@pytest.mark.parametrize("field", DATE_FIELDS)
@pytest.mark.parametrize("year", ["0001", "0000", "1969", "9999"])
def test_a_year_outside_1970_to_9998_is_an_error_at_the_field(field: str, year: str) -> None:
    """Years 1, 0, 1969 and 9999: an error at the field that says the allowed years."""
    errors = errors_of(answers_with(field, f"{year}-06-01T09:00:00+01:00"))
    assert field in errors, errors
    assert "1970 to 9998" in errors[field], errors[field]


def test_the_years_are_the_contracts() -> None:
    """The bounds live once, in the contract module."""
    assert contract.YEARS == (1970, 9998)


def test_a_now_from_the_caller_is_bounded_too() -> None:
    """`--now` (a string) and a Python datetime: an error at `now`, never a failure."""
    for now in ("9999-12-31T20:00:00Z", datetime(9999, 12, 31, 20, tzinfo=UTC)):
        decision = evaluate({"hours_running": 1, "resolution_in_sight": "no"}, now=now)
        assert [issue.field for issue in decision.errors] == ["now"], decision.errors


#: The red team's far-off dates (issue 18, point 6), each failed with "please report".
RED_TEAM: dict[str, dict[str, Any]] = {
    "year 9999 in Pacific/Kiritimati": {
        "hours_running": 4, "resolution_in_sight": "no", "now": "9999-12-31T20:00:00Z",
        "next_touchpoint": "9999-12-31T21:00:00Z", "customer_timezone": "Pacific/Kiritimati",
    },
    "a shift end in year 1": {
        "hours_running": 4, "resolution_in_sight": "no", "shift_ends_at": "0001-01-01T00:00:00Z",
    },
    "just before year 10000 UTC, in a calendar": {
        "hours_running": 4, "resolution_in_sight": "no", "now": "9999-12-31T22:00:00Z",
        "next_touchpoint": "9999-12-31T23:59:59-00:30",
    },
    "a three-hour mark after year 9999": {
        "started_at": "9999-12-31T22:00:00Z", "resolution_in_sight": "yes",
        "now": "9999-12-31T23:00:00Z",
    },
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(RED_TEAM))
def test_far_off_dates_are_field_errors_in_the_decision_and_the_calendar(case: str) -> None:
    """JSON and calendar: errors at the date fields, never the internal error."""
    text = json.dumps(RED_TEAM[case])
    for result in (json.loads(evaluate_json(text, now=NOW)), json.loads(calendar_json(text))):
        assert result["errors"], case
        for error in result["errors"]:
            assert error["field"] in DATE_FIELDS, error
            assert REPORT not in error["message"], error


@pytest.mark.parametrize("fmt", ["json", "text", "ics"])
@pytest.mark.parametrize("case", sorted(RED_TEAM))
def test_the_cli_never_asks_to_report_a_far_off_date(fmt: str, case: str) -> None:
    """`decision-tool evaluate --format json|text|ics`: exit 2, the field named, no "report"."""
    result = subprocess.run(
        [*COMMANDS["script"], "evaluate", "--format", fmt],
        input=json.dumps(RED_TEAM[case]).encode(),
        capture_output=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    output = (result.stdout + result.stderr).decode("utf-8")
    assert result.returncode == 2, output
    assert REPORT not in output and "OverflowError" not in output, output
    assert any(field in output for field in DATE_FIELDS), output


#: The furthest moments the contract allows: the first and last years, at the widest offsets.
EARLIEST = "1970-01-01T00:00:00+23:59"
LATEST = "9998-12-31T23:59:59.999999-23:59"
FAR_ZONES = ("Pacific/Kiritimati", "Etc/GMT+12", "Pacific/Pago_Pago", "UTC")


@pytest.mark.parametrize("zone", FAR_ZONES)
def test_the_latest_allowed_moments_decide_and_make_a_calendar(zone: str) -> None:
    """Now, the start, the touch-point and the shift end in the last second of 9998 at -23:59:
    a decision (a three-hour mark after it too), a customer time, and a calendar."""
    answers = {
        "started_at": "9998-12-31T22:00:00-23:59", "resolution_in_sight": "yes",
        "now": LATEST, "next_touchpoint": LATEST, "shift_ends_at": LATEST,
        "customer_timezone": zone, "customer": "Acme",
    }  # fmt: skip
    decision = ok(answers)
    assert {m.id for m in decision.moments} >= {"long_running_mark", "next_touchpoint", "handover"}
    calendar = json.loads(calendar_json(json.dumps(answers)))
    assert calendar["errors"] == [] and "BEGIN:VEVENT" in calendar["ics"]


@pytest.mark.parametrize("zone", FAR_ZONES)
def test_the_earliest_allowed_moments_decide_and_make_a_calendar(zone: str) -> None:
    """Everything in the first minute of 1970 at +23:59 (the day before in UTC): a decision
    with a handover before it, and a calendar."""
    answers = {
        "started_at": EARLIEST, "resolution_in_sight": "no", "now": EARLIEST,
        "next_touchpoint": EARLIEST, "shift_ends_at": EARLIEST, "customer_timezone": zone,
    }  # fmt: skip
    decision = ok(answers)
    handover = next(m for m in decision.moments if m.id == "handover")
    assert handover.at < datetime(1970, 1, 1, tzinfo=timezone(timedelta(hours=-12)))
    assert json.loads(calendar_json(json.dumps(answers)))["errors"] == []


@pytest.mark.parametrize("fmt", ["json", "text", "ics"])
def test_the_cli_handles_the_latest_allowed_moment_in_every_format(fmt: str) -> None:
    """The edge the contract allows: exit 0 in json, text and ics."""
    answers = {"hours_running": 1, "resolution_in_sight": "no", "now": "9998-12-31T20:00:00Z",
               "next_touchpoint": LATEST, "customer_timezone": "Pacific/Kiritimati"}  # fmt: skip
    result = subprocess.run(
        [*COMMANDS["script"], "evaluate", "--format", fmt],
        input=json.dumps(answers).encode(),
        capture_output=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
