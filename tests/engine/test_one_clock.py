"""(v3) One clock: internal texts, moments and the CLI in UTC, the customer's local time beside
it; the public reply in the customer's zone by its name and in UTC; durations as each audience
reads them; and the wording of times that contradicted itself."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import resources
from typing import Any

import pytest

from decision_tool import humanize
from decision_tool.cli_text import format_decision
from decision_tool.decide import decide
from decision_tool.policy import Policy, parse_policy
from decision_tool.validate import validate
from tests.engine.helpers import FULL, ok

#: The US spring-forward night: 02:00 PST becomes 03:00 PDT at 10:00 UTC.
DST_NOW = "2026-03-08T09:00:00Z"  # 01:00 PST
#: One instant, typed in either offset of Los Angeles: 02:30 PST is 03:30 PDT is 10:30 UTC.
SAME_INSTANT = ("2026-03-08T02:30:00-08:00", "2026-03-08T03:30:00-07:00", "2026-03-08T10:30:00Z")
INTERNAL = ("managers_touch_base", "ticket_comment", "room_update", "handover", "dev_escalation")


def la_answers(touchpoint: str, **more: Any) -> dict[str, Any]:
    """The full escalation, an American customer, a touch-point over the DST night."""
    return {
        **FULL,
        "next_touchpoint": touchpoint,
        "customer_timezone": "America/Los_Angeles",
        **more,
    }


@pytest.mark.parametrize("typed", SAME_INSTANT)
def test_internal_texts_show_the_touchpoint_in_utc_and_the_customer_time(typed: str) -> None:
    """Whatever offset the touch-point was typed in: UTC, then the customer's local time."""
    decision = ok(la_answers(typed), now=DST_NOW)
    shown = "Sun 8 Mar 2026, 10:30 UTC (03:30 Pacific Time for the customer)"
    for template_id in ("ticket_comment", "room_update", "handover"):
        text = decision.templates[template_id].text
        assert shown in text, template_id
        assert "02:30" not in text and "-08:00" not in text, template_id


def test_one_instant_typed_in_two_offsets_gives_the_same_texts() -> None:
    """02:30 PST and 03:30 PDT are one instant: every text, the steps and labels alike."""
    decisions = [ok(la_answers(typed), now=DST_NOW).to_dict() for typed in SAME_INSTANT]
    for decision in decisions:
        for moment in decision["moments"]:
            del moment["at"]  # the instant is the same; `at` keeps the offset typed
    assert decisions[0]["templates"] == decisions[1]["templates"] == decisions[2]["templates"]
    assert decisions[0]["steps"] == decisions[1]["steps"] == decisions[2]["steps"]


def test_the_public_reply_shows_the_customers_time_by_its_name_and_utc() -> None:
    """Pacific Time, from the policy's table: never `America/Los_Angeles`, never `PDT time`."""
    text = ok(la_answers(SAME_INSTANT[0]), now=DST_NOW).templates["customer_update"].text
    assert "Sun 8 Mar 2026, 03:30 Pacific Time (10:30 UTC)" in text
    assert "America/Los_Angeles" not in text and "Los_Angeles" not in text


def test_a_running_time_in_an_internal_text_says_as_of_when() -> None:
    """`5 h as of 09:00 UTC`: the hours at now, and now in UTC."""
    decision = ok(la_answers(SAME_INSTANT[0], hours_running=5), now=DST_NOW)
    for template_id in ("managers_touch_base", "room_update", "handover", "dev_escalation"):
        assert "5 h as of 09:00 UTC" in decision.templates[template_id].text, template_id


def test_the_start_in_the_handover_is_in_utc() -> None:
    """`since` the start, in UTC, whatever offset the start was typed in."""
    answers = {k: v for k, v in la_answers(SAME_INSTANT[0]).items() if k != "hours_running"}
    answers["started_at"] = "2026-03-08T00:00:00-08:00"
    text = ok(answers, now=DST_NOW).templates["handover"].text
    assert "• Running: 1 h as of 09:00 UTC, since Sun 8 Mar 2026, 08:00 UTC" in text


@pytest.mark.parametrize(
    ("hours", "internal", "public"),
    [
        (3.5, "3 h 30 min", "3 hours 30 minutes"),
        (4, "4 h", "4 hours"),
        (1, "1 h", "1 hour"),
        (1 + 1 / 60, "1 h 1 min", "1 hour 1 minute"),
        (1.0167, "1 h 1 min", "1 hour 1 minute"),
        (2 + 59.5 / 60, "3 h", "3 hours"),
        (0.75, "45 min", "45 minutes"),
        (0.1, "6 min", "6 minutes"),
        (0.001, "under 1 min", "less than a minute"),
        (0, "under 1 min", "less than a minute"),
    ],
)
def test_durations_internal_and_public(hours: float, internal: str, public: str) -> None:
    """`3 h 30 min` in internal texts, `3 hours 30 minutes` in public ones, to the nearest
    minute; never `0 min`."""
    assert humanize.duration(hours) == internal
    assert humanize.spoken(hours) == public


def test_the_reply_after_a_long_call_says_its_length_in_words() -> None:
    """The public reply: `3 hours 30 minutes`, not `3 h 30 min`."""
    text = ok({**FULL, "call_hours": 3.5}).templates["customer_update"].text
    assert "for 3 hours 30 minutes." in text
    assert "3 h 30 min" not in text


def test_past_the_mark_by_seconds_the_reason_says_more_than_the_mark() -> None:
    """At 3.004 h: never "more than 3 hours (3 h)"."""
    reason = ok({"hours_running": 3.004, "resolution_in_sight": "no"}).reasons[0].text
    assert "more than 3 hours (3 h 1 min)" in reason


def test_seconds_before_the_mark_it_is_not_reached_now() -> None:
    """With 14 seconds left: not "the mark is reached now", and a time left that is not 0."""
    decision = ok({"hours_running": 3 - 14 / 3600, "resolution_in_sight": "no"})
    assert decision.recommendation == "continue"
    assert decision.reevaluate_in_hours > 0
    texts = [decision.headline.text, *(step.text for step in decision.steps)]
    assert not any("reached now" in text for text in texts)
    assert "in under 1 min" in decision.steps[0].text


def test_a_touch_base_at_zero_hours_never_says_it_has_run_0_min() -> None:
    """Blocked at 0 hours: "Running: under 1 min", never "0 min"."""
    decision = ok({"hours_running": 0, "resolution_in_sight": "no", "blocked": ["renewal"]})
    text = decision.templates["managers_touch_base"].text
    assert "0 min" not in text
    assert "• Running: under 1 min as of " in text


@pytest.fixture(scope="module")
def one_hour() -> Policy:
    """The package's policy with both thresholds at 1 hour."""
    text = resources.files("decision_tool").joinpath("policy.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    data["rule"]["long_running_hours"] = 1
    data["rule"]["call_break_hours"] = 1
    return parse_policy(data)


def test_a_threshold_of_one_hour_is_one_hour_not_one_hours(one_hour: Policy) -> None:
    """Reasons, steps, questions and the banner's words: `1 hour`, never `1 hours`."""
    checked = validate({"hours_running": 2, "resolution_in_sight": "no", "call_hours": 2},
                       one_hour, "2026-11-27T12:00:00Z")  # fmt: skip
    assert not isinstance(checked, list)
    decision = decide(checked, one_hour)
    printed = json.dumps(decision.to_dict()) + format_decision(decision.to_dict(), one_hour)
    printed += json.dumps([q.help for q in one_hour.questions]) + json.dumps(dict(one_hour.banner))
    assert "1 hours" not in printed
    assert "more than 1 hour (2 h)" in decision.reasons[0].text
    assert "past 1 hour:" in decision.steps[0].text


def test_the_cli_says_when_to_re_evaluate_once() -> None:
    """`Re-evaluate in: 2 h`, never `2 h (2 h)`; moments in UTC, the touch-point with the
    customer's local time."""
    answers = la_answers(SAME_INSTANT[1], hours_running=1, blocked=[], resolution_in_sight="yes")
    result = subprocess.run(
        [sys.executable, "-m", "decision_tool", "evaluate", "--now", DST_NOW],
        input=json.dumps(answers), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Re-evaluate in: 2 h\n" in result.stdout
    assert "(2 h)" not in result.stdout
    assert "  - Sun 8 Mar 2026, 11:00 UTC: The 3-hour mark" in result.stdout
    moments = " ".join(result.stdout.split())
    assert "Sun 8 Mar 2026, 10:30 UTC (03:30 Pacific Time for the customer): Touch-point" in moments
    assert "-07:00" not in result.stdout and "UTC-" not in result.stdout
