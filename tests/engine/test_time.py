"""Time (v2): the moments ahead at their boundaries, the customer's time zone, the handover lead."""

from __future__ import annotations

import copy
import importlib.resources
import json
import tomllib
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

import pytest

import decision_tool
from decision_tool import evaluate
from decision_tool.decide import decide
from decision_tool.humanize import number
from decision_tool.policy import Policy, PolicyError, parse_policy
from decision_tool.validate import validate
from tests.engine.helpers import FULL, NOW, errors_of, ok

START_2H50 = "2026-11-27T09:10:00+01:00"  # 2 h 50 min before NOW (12:00 +01:00)


def moments_of(answers: dict[str, Any], now: str = NOW) -> list[dict[str, Any]]:
    """The decision's moments as the contract's JSON objects."""
    return ok(answers, now=now).to_dict()["moments"]


def by_id(answers: dict[str, Any], now: str = NOW) -> dict[str, dict[str, Any]]:
    """The moments keyed by id."""
    return {moment["id"]: moment for moment in moments_of(answers, now)}


def reply(answers: dict[str, Any], now: str = NOW) -> str:
    """The customer reply's text."""
    return ok(answers, now=now).templates["customer_update"].text


def raw_policy() -> dict[str, Any]:
    """The package's policy.toml, parsed but not checked."""
    text = resources.files("decision_tool").joinpath("policy.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


# --- the long-running mark (the policy's threshold; 3 hours in the handbook) ------------------


def test_the_long_running_mark_is_the_threshold_after_the_start_and_ahead(policy: Policy) -> None:
    """Started 2 h 50 min ago, no resolution: continue, and the mark is the policy's threshold
    after the start (3 hours: due in 10 minutes), named by that threshold."""
    threshold = policy.rule.long_running_hours
    decision = ok({"started_at": START_2H50, "resolution_in_sight": "no"})
    assert decision.recommendation == "continue"
    mark = by_id({"started_at": START_2H50, "resolution_in_sight": "no"})["long_running_mark"]
    start = datetime.fromisoformat(START_2H50)
    assert mark["at"] == (start + timedelta(hours=threshold)).isoformat()
    assert mark["overdue"] is False
    assert f"{number(threshold)}-hour mark" in mark["label"]


def test_exactly_three_hours_is_still_continue_with_the_mark_now_not_overdue() -> None:
    """The handbook's rule: at exactly three hours the mark is now, not yet past (strictly more)."""
    answers = {"started_at": "2026-11-27T09:00:00+01:00", "resolution_in_sight": "no"}
    decision = ok(answers)
    assert decision.recommendation == "continue"
    assert decision.reevaluate_in_hours == 0
    assert moments_of(answers) == [
        {
            "id": "long_running_mark",
            "at": "2026-11-27T12:00:00+01:00",
            "label": "The 3-hour mark: ask both questions again",
            "overdue": False,
        }
    ]


def test_one_second_past_three_hours_escalates_and_the_mark_is_gone() -> None:
    """One second after the mark: escalate; the mark has done its job and is not listed."""
    answers = {"started_at": "2026-11-27T08:59:59+01:00", "resolution_in_sight": "no"}
    assert ok(answers).recommendation == "escalate"
    assert "long_running_mark" not in by_id(answers)


@pytest.mark.parametrize(
    "answers",
    [
        {"started_at": "2026-11-27T07:00:00+01:00", "resolution_in_sight": "yes"},  # past it
        {"hours_running": 3.5, "resolution_in_sight": "yes"},  # past it, from hours
        {"started_at": START_2H50, "resolution_in_sight": "no", "blocked": ["renewal"]},
    ],
    ids=["past-with-resolution", "past-from-hours", "escalate"],
)
def test_no_long_running_mark_past_it_or_when_escalating(answers: dict[str, Any]) -> None:
    """The mark is listed only for continue, before the mark."""
    assert "long_running_mark" not in by_id(answers)


def test_the_mark_keeps_the_offset_the_start_was_given_in() -> None:
    """`at` is ISO 8601 with the start's own offset; now in another offset changes nothing."""
    answers = {"started_at": "2026-11-27T03:10:00-05:00", "resolution_in_sight": "unsure"}
    mark = by_id(answers, now="2026-11-27T11:00:00Z")["long_running_mark"]
    assert mark["at"] == "2026-11-27T06:10:00-05:00"
    assert datetime.fromisoformat(mark["at"]) - datetime.fromisoformat(NOW) == timedelta(minutes=10)


# --- the next touch-point ---------------------------------------------------------------------


def test_a_touchpoint_ahead_is_a_moment_without_a_warning() -> None:
    """A future touch-point: listed, not overdue, no warning at next_touchpoint."""
    decision = ok({**FULL, "next_touchpoint": "2026-11-27T15:00:00+01:00"})
    moments = {m.id: m for m in decision.moments}
    assert moments["next_touchpoint"].overdue is False
    assert moments["next_touchpoint"].label == "Touch-point with the customer"
    assert "next_touchpoint" not in {w.field for w in decision.warnings}


def test_a_touchpoint_in_the_past_is_overdue_and_warns_at_its_field() -> None:
    """A touch-point one minute ago: overdue, and one warning at next_touchpoint."""
    decision = ok({**FULL, "next_touchpoint": "2026-11-27T11:59:00+01:00"})
    (moment,) = [m for m in decision.moments if m.id == "next_touchpoint"]
    assert moment.overdue is True
    warned = [w for w in decision.warnings if w.field == "next_touchpoint"]
    assert len(warned) == 1
    assert "already past" in warned[0].message


def test_a_touchpoint_exactly_now_is_not_overdue() -> None:
    """At the touch-point itself it is due, not yet missed."""
    decision = ok({**FULL, "next_touchpoint": NOW})
    assert [m.overdue for m in decision.moments if m.id == "next_touchpoint"] == [False]
    assert "next_touchpoint" not in {w.field for w in decision.warnings}


# --- the shift end and the handover -----------------------------------------------------------


def test_shift_end_gives_the_handover_thirty_minutes_before() -> None:
    """shift_ends_at: `handover` 30 min (the policy's lead) before, and `shift_end` itself."""
    moments = by_id({**FULL, "shift_ends_at": "2026-11-27T18:00:00+01:00"})
    assert moments["handover"]["at"] == "2026-11-27T17:30:00+01:00"
    assert moments["shift_end"]["at"] == "2026-11-27T18:00:00+01:00"
    assert "30 min before your shift ends" in moments["handover"]["label"]
    assert not moments["handover"]["overdue"] and not moments["shift_end"]["overdue"]


def test_a_shift_ending_within_the_lead_makes_the_handover_overdue() -> None:
    """Ten minutes before the shift ends: the handover is overdue, the shift end is not."""
    moments = by_id({**FULL, "shift_ends_at": "2026-11-27T12:10:00+01:00"})
    assert moments["handover"] == {**moments["handover"], "overdue": True}
    assert moments["handover"]["at"] == "2026-11-27T11:40:00+01:00"
    assert moments["shift_end"]["overdue"] is False


def test_the_handover_at_exactly_now_is_due_not_overdue() -> None:
    """Exactly the lead before the shift end: the handover is now."""
    moments = by_id({**FULL, "shift_ends_at": "2026-11-27T12:30:00+01:00"})
    assert moments["handover"]["at"] == NOW
    assert moments["handover"]["overdue"] is False


def test_moments_are_sorted_by_time_with_ties_in_contract_order() -> None:
    """Sorted by the instant (offsets differ); equal instants: touch-point before handover."""
    answers = {
        "started_at": START_2H50,
        "resolution_in_sight": "no",
        "next_touchpoint": "2026-11-27T16:30:00Z",  # 17:30 +01:00, the handover's instant
        "shift_ends_at": "2026-11-27T18:00:00+01:00",
    }
    moments = moments_of(answers)
    assert [m["id"] for m in moments] == [
        "long_running_mark",
        "next_touchpoint",
        "handover",
        "shift_end",
    ]
    instants = [datetime.fromisoformat(m["at"]) for m in moments]
    assert instants == sorted(instants)


def test_invalid_answers_have_no_moments() -> None:
    """With errors, `moments` is [] like every other part."""
    decision = evaluate({"hours_running": -1, "resolution_in_sight": "no"}, now=NOW)
    assert decision.to_dict()["moments"] == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-11-27T18:00:00", "UTC offset"),
        ("tomorrow", "ISO 8601"),
        (18, "text"),
    ],
)
def test_a_bad_shift_end_is_an_error_at_its_field(value: object, message: str) -> None:
    """shift_ends_at follows the date rules: an offset is required."""
    errors = errors_of({**FULL, "shift_ends_at": value})
    assert message in errors["shift_ends_at"]


# --- the policy's handover lead ---------------------------------------------------------------


def test_the_handover_lead_comes_from_the_policy() -> None:
    """A team that sets 45 minutes gets the handover 45 minutes before the shift end."""
    data = raw_policy()
    data["time"]["handover_lead_minutes"] = 45
    policy = parse_policy(data)
    answers = validate({**FULL, "shift_ends_at": "2026-11-27T18:00:00+01:00"}, policy, NOW)
    assert not isinstance(answers, list)
    (handover,) = [m for m in decide(answers, policy).moments if m.id == "handover"]
    assert handover.at.isoformat() == "2026-11-27T17:15:00+01:00"
    assert "45 min before" in handover.label


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda t: t.update(handover_lead_minutes=0), "time.handover_lead_minutes"),
        (lambda t: t.update(handover_lead_minutes=True), "time.handover_lead_minutes"),
        (lambda t: t.update(handover_lead_minutes=2000), "time.handover_lead_minutes"),
        (lambda t: t.pop("handover_lead_minutes"), "time.handover_lead_minutes"),
        (lambda t: t["labels"].pop("handover"), "time.labels.handover"),
        (lambda t: t["labels"].update(extra="x"), "time.labels.extra"),
        (lambda t: t["labels"].update(shift_end="Ends at {when}"), "{when}"),
        (lambda t: t.update(touchpoint_past=""), "time.touchpoint_past"),
    ],
    ids=["zero", "bool", "too-long", "missing", "no-label", "extra-label", "placeholder", "empty"],
)
def test_a_broken_time_table_fails_the_policy_check_naming_it(change: Any, named: str) -> None:
    """The policy check covers [time]: the lead's range, every label, the placeholders."""
    data = copy.deepcopy(raw_policy())
    change(data["time"])
    with pytest.raises(PolicyError) as caught:
        parse_policy(data)
    assert named in str(caught.value)


def test_the_shift_question_names_the_policy_lead() -> None:
    """The form's help for shift_ends_at says the lead from the policy, not a number in code."""
    data = raw_policy()
    data["time"]["handover_lead_minutes"] = 20
    assert "20 minutes" in parse_policy(data).question("shift_ends_at").help


# --- the customer's time zone -----------------------------------------------------------------


def test_the_reply_shows_the_touchpoint_in_the_customer_zone_by_its_name_and_utc() -> None:
    """(v3) Europe/Berlin: the zone's name from the policy's table, and the moment in UTC; never
    the IANA name."""
    text = reply(
        {
            **FULL,
            "next_touchpoint": "2026-11-27T10:00:00-05:00",
            "customer_timezone": "Europe/Berlin",
        }
    )
    assert "Fri 27 Nov 2026, 16:00 Central European Time (15:00 UTC)" in text
    assert "Europe/Berlin" not in text


def test_without_a_customer_zone_the_reply_shows_utc() -> None:
    """(v3) No customer_timezone: the touch-point in UTC, whatever offset it was typed in."""
    assert "by Fri 27 Nov 2026, 15:00 UTC," in reply(FULL)


def test_the_utc_part_names_the_day_when_it_differs() -> None:
    """Late evening in New York is the next day in UTC: the UTC part says which day."""
    text = reply(
        {
            **FULL,
            "next_touchpoint": "2026-11-27T23:30:00-05:00",
            "customer_timezone": "America/New_York",
        }
    )
    assert "Fri 27 Nov 2026, 23:30 Eastern Time (Sat 28 Nov 2026, 04:30 UTC)" in text


def test_a_utc_customer_sees_the_time_once() -> None:
    """customer_timezone UTC: one time, in UTC."""
    text = reply({**FULL, "customer_timezone": "UTC"})
    assert "by Fri 27 Nov 2026, 15:00 UTC," in text


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("America/Sao_Paulo", "Fri 27 Nov 2026, 12:00 UTC\u221203:00 (15:00 UTC)"),
        ("Etc/GMT+5", "Fri 27 Nov 2026, 10:00 UTC\u221205:00 (15:00 UTC)"),
        ("Asia/Kathmandu", "Fri 27 Nov 2026, 20:45 UTC+05:45 (15:00 UTC)"),
        ("Pacific/Chatham", "Sat 28 Nov 2026, 04:45 UTC+13:45 (Fri 27 Nov 2026, 15:00 UTC)"),
        ("America/Argentina/Buenos_Aires", "Fri 27 Nov 2026, 12:00 UTC\u221203:00 (15:00 UTC)"),
        ("Africa/Lagos", "Fri 27 Nov 2026, 16:00 WAT (15:00 UTC)"),
        ("EST", "Fri 27 Nov 2026, 10:00 EST (15:00 UTC)"),
    ],
)
def test_a_zone_not_in_the_table_shows_its_letters_else_its_offset(zone: str, shown: str) -> None:
    """(v3) Not in the policy's table: tzdata's abbreviation when it is letters, else the offset
    with a true minus sign (`Etc/GMT+5` is five hours *behind* UTC); never the IANA name."""
    text = reply({**FULL, "customer_timezone": zone})
    assert shown in text
    assert "/" not in zone or zone not in text


@pytest.mark.parametrize(
    ("zone", "touchpoint", "shown"),
    [
        # Europe/Berlin springs forward on 29 Mar 2026 at 01:00 UTC (02:00 CET -> 03:00 CEST).
        ("Europe/Berlin", "2026-03-29T00:30:00Z", "Sun 29 Mar 2026, 01:30 Central European Time"),
        ("Europe/Berlin", "2026-03-29T01:30:00Z", "Sun 29 Mar 2026, 03:30 Central European Time"),
        # ... and falls back on 25 Oct 2026 at 01:00 UTC: 02:30 happens twice.
        ("Europe/Berlin", "2026-10-25T00:30:00Z", "Sun 25 Oct 2026, 02:30 Central European Time"),
        ("Europe/Berlin", "2026-10-25T01:30:00Z", "Sun 25 Oct 2026, 02:30 Central European Time"),
        # America/New_York springs forward on 8 Mar 2026 at 07:00 UTC (02:00 EST -> 03:00 EDT).
        ("America/New_York", "2026-03-08T06:30:00Z", "Sun 8 Mar 2026, 01:30 Eastern Time"),
        ("America/New_York", "2026-03-08T07:30:00Z", "Sun 8 Mar 2026, 03:30 Eastern Time"),
        # ... and falls back on 1 Nov 2026 at 06:00 UTC: 01:30 happens twice.
        ("America/New_York", "2026-11-01T05:30:00Z", "Sun 1 Nov 2026, 01:30 Eastern Time"),
        ("America/New_York", "2026-11-01T06:30:00Z", "Sun 1 Nov 2026, 01:30 Eastern Time"),
        # A zone outside the table keeps its abbreviation, which tells the seasons apart.
        ("America/Havana", "2026-03-08T04:30:00Z", "Sat 7 Mar 2026, 23:30 CST"),
        ("America/Havana", "2026-03-08T05:30:00Z", "Sun 8 Mar 2026, 01:30 CDT"),
    ],
)
def test_dst_changes_show_the_right_local_time(zone: str, touchpoint: str, shown: str) -> None:
    """Each side of a DST change: the local time and the zone's name, and the UTC time, which
    tells the two 02:30 of a fall-back night apart."""
    now = "2026-02-01T00:00:00Z"
    text = reply({**FULL, "next_touchpoint": touchpoint, "customer_timezone": zone}, now=now)
    utc = datetime.fromisoformat(touchpoint)
    assert f"{shown} (" in text
    assert f"{utc:%H:%M} UTC)" in text


@pytest.mark.parametrize(
    ("zone", "now", "touchpoint", "local"),
    [
        ("Europe/Berlin", "2026-03-29T01:00:00+01:00", "2026-03-29T02:00:00Z", "04:00 Central"),
        ("America/New_York", "2026-03-08T01:00:00-05:00", "2026-03-08T08:00:00Z", "04:00 Eastern"),
    ],
)
def test_a_touchpoint_across_the_change_is_counted_in_real_hours(
    zone: str, now: str, touchpoint: str, local: str
) -> None:
    """Two real hours ahead across spring-forward: the clock on the wall jumps three hours."""
    decision = ok({**FULL, "next_touchpoint": touchpoint, "customer_timezone": zone}, now=now)
    (moment,) = [m for m in decision.moments if m.id == "next_touchpoint"]
    assert moment.at - datetime.fromisoformat(now) == timedelta(hours=2)
    assert moment.overdue is False
    assert local in decision.templates["customer_update"].text


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("Europe/Berln", 'Did you mean "Europe/Berlin"?'),
        ("europe/berlin", 'Did you mean "Europe/Berlin"?'),
        ("Mars/Olympus_Mons", ""),
        ("../../../etc/passwd", ""),
        ("CEST", ""),
        ("+01:00", ""),
    ],
)
def test_an_unknown_time_zone_is_an_error_at_its_field(value: str, hint: str) -> None:
    """Not an IANA name tzdata knows: an error at customer_timezone, with a close match."""
    errors = errors_of({**FULL, "customer_timezone": value})
    assert set(errors) == {"customer_timezone"}
    assert "is not a time zone" in errors["customer_timezone"]
    assert hint in errors["customer_timezone"]


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "empty"), (1, "text"), ("Europe/\nBerlin", "single line"), (None, "text")],
)
def test_a_time_zone_of_the_wrong_shape_is_an_error_at_its_field(
    value: object, message: str
) -> None:
    """Not a non-empty single line of text: an error at customer_timezone."""
    assert message in errors_of({**FULL, "customer_timezone": value})["customer_timezone"]


def test_an_unprintable_zone_name_is_echoed_escaped() -> None:
    """A message that echoes input shows an unprintable character escaped."""
    message = errors_of({**FULL, "customer_timezone": "Europe/\u200eBerlin"})["customer_timezone"]
    assert "\\u200e" in message
    assert "\u200e" not in message


def test_after_warm_up_zones_need_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """After warm_up, zones never used before resolve with the files gone (a restored snapshot).

    zoneinfo reads tzdata's files lazily; the engine keeps their bytes in memory instead.
    """
    decision_tool.warm_up()

    def gone(*args: object) -> None:
        """Stand-in for importlib.resources.files with site-packages empty."""
        raise FileNotFoundError("site-packages is empty")

    monkeypatch.setattr(importlib.resources, "files", gone)
    for zone, local in (("Asia/Kathmandu", "20:45 UTC+05:45"), ("Pacific/Chatham", "04:45")):
        text = reply({**FULL, "customer_timezone": zone})
        assert local in text, text
    assert (
        "Did you mean"
        in errors_of({**FULL, "customer_timezone": "Asia/Katmandoo"})["customer_timezone"]
    )
    # (v3) an abbreviation no common zone uses is looked up in all of tzdata (its links left out)
    assert "Africa/Lagos" in errors_of({**FULL, "customer_timezone": "WAT"})["customer_timezone"]
    calendar = json.loads(
        decision_tool.calendar_json(
            json.dumps({**FULL, "customer_timezone": "Asia/Kolkata"}), now=NOW
        )
    )
    assert calendar["errors"] == [] and "BEGIN:VEVENT" in calendar["ics"]
