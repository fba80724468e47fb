"""Time (v2): the calendar file, parsed back with `icalendar`, matches the decision's moments."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import astuple
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from decision_tool import calendar_json, evaluate
from decision_tool.policy import load_policy
from tests.engine.helpers import FULL, NOW

BIN = Path(sys.executable).parent
SCENARIO: dict[str, Any] = {
    **FULL,
    "hours_running": None,
    "started_at": "2026-11-27T09:10:00+01:00",  # 2 h 50 min before NOW: continue, mark ahead
    "blocked": [],
    "next_touchpoint": "2026-11-27T15:00:00+01:00",
    "shift_ends_at": "2026-11-27T18:00:00+01:00",
    "customer_timezone": "America/New_York",
}
del SCENARIO["hours_running"]


def ics_of(answers: dict[str, Any], now: str = NOW) -> str:
    """The calendar file for valid answers."""
    result = json.loads(calendar_json(json.dumps(answers), now=now))
    assert result["errors"] == []
    return result["ics"]


def events_of(text: str) -> list[Any]:
    """The VEVENTs of a calendar file, parsed with the library."""
    return Calendar.from_ical(text).walk("VEVENT")


def test_one_event_per_moment_ahead_at_its_utc_time() -> None:
    """Every moment not overdue is one event; DTSTART is that instant, in UTC."""
    moments = evaluate(SCENARIO, now=NOW).moments
    assert [m.id for m in moments] == [
        "long_running_mark",
        "next_touchpoint",
        "handover",
        "shift_end",
    ]
    events = events_of(ics_of(SCENARIO))
    assert len(events) == len(moments)
    for moment, event in zip(moments, events, strict=True):
        start = event.decoded("dtstart")
        assert start == moment.at
        assert start.utcoffset() == timedelta(0)
        assert str(event["description"]).startswith(f"{moment.label}\n")
        assert str(event["summary"]).endswith(": Acme Corp")


def test_times_are_written_in_utc_with_z() -> None:
    """DTSTART and DTSTAMP are UTC date-times (`...Z`), never a local time with a TZID."""
    text = ics_of(SCENARIO)
    starts = re.findall(r"^DTSTART(.*)$", text, flags=re.M)
    assert starts[1] == ":20261127T140000Z\r"  # 15:00 +01:00
    assert all(start.startswith(":") and start.endswith("Z\r") for start in starts)
    assert "TZID" not in text and "VTIMEZONE" not in text
    assert "DTSTAMP:20261127T110000Z" in text  # now, not the wall clock


def test_each_event_has_a_display_alarm_ahead_of_the_moment_and_at_it() -> None:
    """(v3) Two VALARMs per event: ACTION DISPLAY, the policy's minutes ahead of the start and
    at the start, each describing the moment."""
    ahead = timedelta(minutes=load_policy().time.calendar_alarm_minutes)
    assert ahead > timedelta(0)
    for moment, event in zip(
        evaluate(SCENARIO, now=NOW).moments, events_of(ics_of(SCENARIO)), strict=True
    ):
        alarms = event.walk("VALARM")
        assert [alarm.decoded("trigger") for alarm in alarms] == [-ahead, timedelta(0)]
        for alarm in alarms:
            assert str(alarm["action"]) == "DISPLAY"
            assert str(alarm["description"]) == moment.label


def test_uids_are_unique_and_stable() -> None:
    """Distinct per moment; the same for the same answers and now, byte for byte."""
    first, second = ics_of(SCENARIO), ics_of(SCENARIO)
    assert first == second
    uids = [str(event["uid"]) for event in events_of(first)]
    assert len(set(uids)) == len(uids) == 4
    assert all(uid.endswith("@decision-tool") for uid in uids)


def test_a_moved_touchpoint_keeps_its_uid_so_calendars_update_it() -> None:
    """Same emergency (ticket, customer, start), new time: the same UID, a new DTSTART."""

    def touchpoint(answers: dict[str, Any]) -> Any:
        """The touch-point event."""
        return next(e for e in events_of(ics_of(answers)) if "Touch-point" in str(e["summary"]))

    before = touchpoint(SCENARIO)
    after = touchpoint({**SCENARIO, "next_touchpoint": "2026-11-27T16:00:00+01:00"})
    assert str(before["uid"]) == str(after["uid"])
    assert before.decoded("dtstart") != after.decoded("dtstart")


def test_an_anonymous_emergency_still_gets_distinct_uids_per_time() -> None:
    """No ticket, customer or start: the UID comes from the time, so two differ."""
    answers = {"hours_running": 4, "resolution_in_sight": "no"}
    one = ics_of({**answers, "next_touchpoint": "2026-11-27T15:00:00+01:00"})
    two = ics_of({**answers, "next_touchpoint": "2026-11-27T16:00:00+01:00"})
    assert str(events_of(one)[0]["uid"]) != str(events_of(two)[0]["uid"])


def test_the_description_names_the_customer_and_the_ticket() -> None:
    """Each event's description carries the customer and the ticket link."""
    for event in events_of(ics_of(SCENARIO)):
        description = str(event["description"])
        assert "Customer: Acme Corp" in description
        assert f"Ticket: {FULL['ticket_url']}" in description


def test_no_link_but_the_ticket_the_engineer_typed() -> None:
    """No escalation doc, no (suggested) Slack room, no handbook link: only the ticket URL."""
    text = ics_of(SCENARIO).replace("\r\n ", "")  # unfold
    links = set(re.findall(r"https?://[^\s\\,;]+", text))
    assert links == {FULL["ticket_url"]}
    assert FULL["escalation_doc_url"] not in text
    assert "#a_" not in text and "slack" not in text.lower()
    for link in astuple(load_policy().links):
        assert link not in text


def test_overdue_moments_are_left_out() -> None:
    """A touch-point already past is not put in the calendar; the rest is."""
    answers = {**SCENARIO, "next_touchpoint": "2026-11-27T11:00:00+01:00"}
    summaries = [str(event["summary"]) for event in events_of(ics_of(answers))]
    assert len(summaries) == 3
    assert not any("Touch-point" in summary for summary in summaries)


def test_no_moment_ahead_gives_a_calendar_without_events() -> None:
    """Escalating on hours given, no times: a valid VCALENDAR, with no event."""
    calendar = Calendar.from_ical(ics_of({"hours_running": 4, "resolution_in_sight": "no"}))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"


def test_text_values_are_escaped_by_the_library() -> None:
    """A customer name with ; , and a newline-free backslash parses back exactly."""
    name = "Acme; Corp, \\ Ltd"
    event = events_of(ics_of({**SCENARIO, "customer": name}))[0]
    assert str(event["summary"]).endswith(f": {name}")


def test_lines_end_in_crlf_and_are_folded() -> None:
    """RFC 5545: CRLF line ends, no line over 75 octets."""
    text = ics_of({**SCENARIO, "customer": "A" * 120})
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert max(len(line.encode("utf-8")) for line in text.split("\r\n")) <= 75


def test_invalid_answers_give_no_calendar_and_errors_at_their_fields() -> None:
    """Bad answers: `ics` null, errors naming the fields."""
    result = json.loads(calendar_json(json.dumps({**SCENARIO, "customer_timezone": "Nowhere"})))
    assert result["ics"] is None
    assert [error["field"] for error in result["errors"]] == ["customer_timezone"]
    assert json.loads(calendar_json("not json"))["errors"][0]["field"] is None


def run_cli(*args: str, stdin: str) -> subprocess.CompletedProcess[bytes]:
    """The console script, with UTF-8 input."""
    return subprocess.run(
        [str(BIN / "decision-tool"), *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )


def test_cli_format_ics_prints_exactly_the_calendar() -> None:
    """`--format ics --now`: the calendar_json file on stdout, byte for byte, exit 0."""
    result = run_cli("evaluate", "--format", "ics", "--now", NOW, stdin=json.dumps(SCENARIO))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == ics_of(SCENARIO)
    assert result.stderr == b""


def test_cli_format_ics_with_invalid_answers_prints_nothing_and_exits_2() -> None:
    """Invalid answers: empty stdout, the errors on stderr, exit 2."""
    answers = {**SCENARIO, "customer_timezone": "Europe/Berln"}
    result = run_cli("evaluate", "--format", "ics", "--now", NOW, stdin=json.dumps(answers))
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode("utf-8").startswith("customer_timezone: ")
    bad_json = run_cli("evaluate", "--format", "ics", stdin="{")
    assert (bad_json.returncode, bad_json.stdout) == (2, b"")


@pytest.mark.parametrize("how", ["default clock", "--now"])
def test_cli_ics_times_follow_now(how: str) -> None:
    """Without --now the clock is now: a touch-point an hour ahead of the clock is listed."""
    ahead = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
    answers = {
        "hours_running": 4,
        "resolution_in_sight": "no",
        "next_touchpoint": ahead.isoformat(),
    }
    args = ["--now", (ahead - timedelta(hours=2)).isoformat()] if how == "--now" else []
    result = run_cli("evaluate", "--format", "ics", *args, stdin=json.dumps(answers))
    assert result.returncode == 0
    (event,) = events_of(result.stdout.decode("utf-8"))
    assert event.decoded("dtstart") == ahead


# --- (v3) the calendar: durations, two alarms, SEQUENCE, short summaries, UIDs by instant ------


def test_each_event_lasts_the_policys_minutes() -> None:
    """No zero-length event: a DURATION of the policy's minutes after DTSTART."""
    minutes = load_policy().time.calendar_event_minutes
    for event in events_of(ics_of(SCENARIO)):
        assert event.decoded("duration") == timedelta(minutes=minutes) > timedelta(0)


def test_summaries_are_short_with_one_pair_of_brackets_at_most() -> None:
    """`Handover: Acme Corp`, never `Handover to ... (30 min before your shift ends) (Acme
    Corp)`: the long label is the description's first line."""
    summaries = [str(event["summary"]) for event in events_of(ics_of(SCENARIO))]
    assert summaries == [
        "3-hour mark: Acme Corp",
        "Touch-point: Acme Corp",
        "Handover: Acme Corp",
        "Shift ends: Acme Corp",
    ]
    anonymous = {k: v for k, v in SCENARIO.items() if k != "customer"}
    assert [str(e["summary"]) for e in events_of(ics_of(anonymous))][1] == "Touch-point"


def test_sequence_grows_with_now_and_stays_for_the_same_now() -> None:
    """A later download supersedes an earlier one's events (same UID, higher SEQUENCE)."""

    def sequences(now: str) -> set[int]:
        """The SEQUENCE of every event at `now`."""
        return {int(event["sequence"]) for event in events_of(ics_of(SCENARIO, now=now))}

    first, again = sequences(NOW), sequences(NOW)
    later = sequences("2026-11-27T12:05:00+01:00")
    assert len(first) == 1 and first == again
    assert min(later) > max(first)


@pytest.mark.parametrize(
    ("key", "one", "other"),
    [
        ("started_at", "2026-11-27T09:10:00+01:00", "2026-11-27T08:10:00Z"),
        ("started_at", "2026-11-27T09:10:00+01:00", "2026-11-27T03:10:00-05:00"),
    ],
)
def test_the_uid_depends_on_the_instant_not_the_offset(key: str, one: str, other: str) -> None:
    """The same start typed in two offsets: the same emergency, the same UIDs."""

    def uids(value: str) -> list[str]:
        """The UIDs of the calendar with the start typed as `value`."""
        return [str(e["uid"]) for e in events_of(ics_of({**SCENARIO, key: value}))]

    assert uids(one) == uids(other)
    assert uids(one) != uids("2026-11-27T09:11:00+01:00")  # another start: another emergency


def test_typed_hours_as_of_a_time_give_the_same_uids_in_any_offset() -> None:
    """(v3) 2 h as of 10:00 +01:00 or as of 09:00 UTC: one start, the same UIDs."""
    base = {k: v for k, v in SCENARIO.items() if k != "started_at"} | {"hours_running": 2}
    one = ics_of({**base, "hours_as_of": "2026-11-27T10:00:00+01:00"})
    other = ics_of({**base, "hours_as_of": "2026-11-27T09:00:00Z"})
    assert [str(e["uid"]) for e in events_of(one)] == [str(e["uid"]) for e in events_of(other)]
