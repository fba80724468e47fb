"""(v3) Urgency first: an overdue touch-point or handover warns at its field and its step comes
first; `hours_as_of` dates the hours typed, so the long-running mark is known from them too and
comes closer as the clock runs."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from decision_tool import evaluate_json
from decision_tool.policy import Policy
from tests.engine.helpers import FULL, MINIMAL, NOW, errors_of, ok

PAST = "2026-11-27T11:00:00+01:00"  # an hour before NOW
AHEAD = "2026-11-27T16:00:00+01:00"


def step_ids(answers: dict[str, Any], now: str = NOW) -> list[str]:
    """The decision's step ids, in order."""
    return [step.id for step in ok(answers, now=now).steps]


# --- urgency first ------------------------------------------------------------------------------


def test_an_overdue_touchpoint_comes_first_and_says_it_is_overdue(policy: Policy) -> None:
    """Escalating with a past touch-point: `schedule_touchpoint` first (not step 9), its text
    says it is overdue and when it was due, in UTC; a warning at next_touchpoint."""
    decision = ok({**FULL, "next_touchpoint": PAST})
    assert decision.steps[0].id == "schedule_touchpoint"
    assert decision.steps[0].text.startswith("Overdue:")
    assert "Fri 27 Nov 2026, 10:00 UTC" in decision.steps[0].text
    assert [s.id for s in decision.steps].count("schedule_touchpoint") == 1
    assert "next_touchpoint" in {w.field for w in decision.warnings}
    ahead = ok({**FULL, "next_touchpoint": AHEAD, "shift_ends_at": "2026-11-27T18:00:00Z"})
    assert ahead.steps[0].id == "touch_base_managers"  # ahead: the contract's order
    assert not any(step.text.startswith("Overdue") for step in ahead.steps)


def test_an_overdue_handover_warns_at_the_shift_end_and_comes_first() -> None:
    """The handover was due 20 minutes ago: a warning at shift_ends_at, its step first."""
    decision = ok({**FULL, "shift_ends_at": "2026-11-27T12:10:00+01:00"})
    assert decision.steps[0].id == "handover_end_of_shift"
    assert decision.steps[0].text.startswith("Overdue:")
    assert "Fri 27 Nov 2026, 10:40 UTC" in decision.steps[0].text
    assert "shift_ends_at" in {w.field for w in decision.warnings}


def test_both_overdue_come_before_the_break() -> None:
    """Touch-point, then handover, then the break after a long call, then the rest."""
    answers = {
        **FULL,
        "next_touchpoint": PAST,
        "shift_ends_at": "2026-11-27T12:10:00+01:00",
        "call_hours": 4,
    }
    ids = step_ids(answers)
    assert ids[:4] == [
        "schedule_touchpoint",
        "handover_end_of_shift",
        "take_break",
        "touch_base_managers",
    ]
    assert len(ids) == len(set(ids))


def test_an_overdue_handover_in_a_continue_still_gets_its_step() -> None:
    """Continue has no handover step of its own: an overdue handover adds it, first."""
    answers = {"hours_running": 1, "resolution_in_sight": "yes", "shift_ends_at": NOW}
    assert step_ids(answers, now="2026-11-27T12:45:00+01:00")[0] == "handover_end_of_shift"


# --- hours_as_of --------------------------------------------------------------------------------


def test_typed_hours_grow_with_the_clock() -> None:
    """2 h typed at 10:00; at 11:01 the emergency has run 3 h 1 min: escalate."""
    answers = {**MINIMAL, "hours_running": 2, "hours_as_of": "2026-11-27T10:00:00+01:00"}
    assert ok(answers, now="2026-11-27T10:59:00+01:00").recommendation == "continue"
    decision = ok(answers, now="2026-11-27T11:01:00+01:00")
    assert decision.recommendation == "escalate"
    assert "(3 h 1 min)" in decision.reasons[0].text


def test_the_long_running_mark_is_known_from_typed_hours(policy: Policy) -> None:
    """From the hours typed and when they were typed: the mark, threshold - hours later."""
    answers = {**MINIMAL, "hours_running": 2, "hours_as_of": "2026-11-27T10:00:00-05:00"}
    moments = ok(answers, now="2026-11-27T15:30:00Z").to_dict()["moments"]
    mark = next(m for m in moments if m["id"] == "long_running_mark")
    as_of = datetime.fromisoformat(answers["hours_as_of"])
    expected = as_of + timedelta(hours=policy.rule.long_running_hours - 2)
    assert datetime.fromisoformat(mark["at"]) == expected
    assert mark["overdue"] is False


def test_without_hours_as_of_the_mark_is_counted_from_now() -> None:
    """The CLI's usual case: the hours are as of now, so the mark is 3 - hours after now."""
    moments = ok({**MINIMAL, "hours_running": 2.5}).to_dict()["moments"]
    mark = next(m for m in moments if m["id"] == "long_running_mark")
    assert datetime.fromisoformat(mark["at"]) - datetime.fromisoformat(NOW) == timedelta(minutes=30)


def test_at_the_threshold_exactly_it_is_touch_base_now(policy: Policy) -> None:
    """2 h typed an hour ago: the mark exactly; continue, the mark-reached headline, and the
    first step says to touch base now."""
    answers = {**MINIMAL, "hours_running": 2, "hours_as_of": "2026-11-27T11:00:00+01:00"}
    decision = ok(answers)
    assert decision.recommendation == "continue" and decision.reevaluate_in_hours == 0
    assert decision.headline.text == policy.headlines["continue_at_mark"]
    assert decision.steps[0].id == "reevaluate"
    assert f"touch base in {policy.channels.managers} now" in decision.steps[0].text


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"hours_as_of": "2026-11-27T13:00:00+01:00"}, "after now"),
        ({"hours_as_of": "2026-11-27T13:00"}, "UTC offset"),
        ({"hours_as_of": 5}, "text"),
        ({"hours_as_of": "2026-10-01T12:00:00+01:00"}, "720 hours"),
        ({"hours_running": None, "started_at": "2026-11-27T09:00:00Z",
          "hours_as_of": "2026-11-27T10:00:00Z"}, "hours_running"),
    ],
    ids=["after-now", "no-offset", "not-text", "too-old", "without-hours"],
)  # fmt: skip
def test_a_bad_hours_as_of_is_an_error_at_its_field(answers: dict, message: str) -> None:
    """hours_as_of follows the date rules, is not after now, and dates hours_running only."""
    given = {k: v for k, v in {**MINIMAL, "hours_running": 2, **answers}.items() if v is not None}
    errors = errors_of(given)
    assert list(errors) == ["hours_as_of"], errors
    assert message in errors["hours_as_of"]


def test_the_longest_hours_typed_a_moment_ago_are_no_error(policy: Policy) -> None:
    """The hours typed keep their range; only how long ago they were typed is bounded."""
    longest = policy.rule.max_hours_running
    answers = {**MINIMAL, "hours_running": longest, "hours_as_of": "2026-11-27T11:59:59+01:00"}
    assert ok(answers).recommendation == "escalate"


def test_hours_as_of_is_an_answer_not_an_unknown_key() -> None:
    """The JSON entry point takes it like any answer."""
    text = json.dumps({**MINIMAL, "hours_running": 2, "hours_as_of": "2026-11-27T10:30:00Z"})
    decision = json.loads(evaluate_json(text, now=NOW))
    assert decision["errors"] == [] and decision["recommendation"] == "continue"


def test_internal_texts_never_show_a_passed_touch_point_as_ahead() -> None:
    """The handover, the ticket note and the room update say that the touch-point has passed,
    so that the next engineer does not wait for it; the customer reply is not ready instead."""
    decision = ok({**FULL, "now": "2030-01-01T00:00:00Z"})
    for template_id in ("handover", "ticket_comment", "room_update"):
        text = decision.templates[template_id].text
        assert "15:00 UTC, passed: a new one is still to agree" in text, template_id
    assert "passed" not in decision.templates["customer_update"].text
    ahead = ok({**FULL, "now": NOW}).templates["handover"].text
    assert "passed" not in ahead
