"""The handbook's rule: recommendation, reasons, re-evaluation time, severity and steps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from decision_tool import evaluate
from decision_tool.humanize import duration, number
from decision_tool.policy import Policy
from tests.engine.helpers import FULL, MINIMAL, NOW, ok

ESCALATE_STEPS = [
    "touch_base_managers",
    "choose_severity",
    "create_slack_room",
    "escalation_doc_by_manager",
    "assign_ticket",
    "link_doc_and_room",
    "post_updates",
    "schedule_touchpoint",
    "handover_end_of_shift",
    "consider_dev_escalation",
]


@pytest.mark.parametrize(
    ("hours", "resolution", "blocked", "expected", "reasons"),
    [
        (3, "no", [], "continue", []),
        (3.0, "unsure", [], "continue", []),
        (3.01, "no", [], "escalate", ["long_running"]),
        (3.01, "unsure", [], "escalate", ["long_running"]),
        (3.01, "yes", [], "continue", []),
        (720, "yes", [], "continue", []),
        (0, "no", ["renewal"], "escalate", ["outside_factors"]),
        (0, "yes", ["migration"], "escalate", ["outside_factors"]),
        (5, "yes", ["other_initiative"], "escalate", ["outside_factors"]),
        (5, "no", ["renewal", "migration"], "escalate", ["long_running", "outside_factors"]),
        (0, "no", [], "continue", []),
    ],
)
def test_rule_at_its_boundaries(
    hours: float, resolution: str, blocked: list[str], expected: str, reasons: list[str]
) -> None:
    """The handbook's rule (literal on purpose): strictly more than 3 hours without a clear
    resolution, or anything blocked, escalates."""
    decision = ok({"hours_running": hours, "resolution_in_sight": resolution, "blocked": blocked})
    assert decision.recommendation == expected
    assert [r.id for r in decision.reasons] == reasons


def test_reason_texts_name_the_facts(policy: Policy) -> None:
    """Reasons say the threshold, how long it ran and what it blocks, in the reader's words."""
    hours = policy.rule.long_running_hours + 1.5
    decision = ok({**MINIMAL, "hours_running": hours, "blocked": ["renewal", "other_initiative"]})
    long_running, outside = (r.text for r in decision.reasons)
    assert f"more than {number(policy.rule.long_running_hours)} hours" in long_running
    assert duration(hours) in long_running
    assert "a renewal and another initiative" in outside


@pytest.mark.parametrize(
    ("hours", "resolution", "expected"),
    [(0, "no", 3.0), (1.25, "unsure", 1.75), (2.999, "no", 0.001), (3, "no", 0.0),
     (2.5, "yes", 0.5), (3.01, "yes", None), (4, "no", None)],
)  # fmt: skip
def test_reevaluate_in_hours(hours: float, resolution: str, expected: float | None) -> None:
    """Hours left to the 3-hour mark for `continue` up to 3 hours; otherwise null. (v3) 0 only
    at the mark exactly: 3.6 seconds before it, 0.001 h are left."""
    decision = ok({"hours_running": hours, "resolution_in_sight": resolution})
    assert decision.reevaluate_in_hours == expected
    if expected is not None:
        assert isinstance(decision.reevaluate_in_hours, float)


def test_reevaluate_is_null_when_escalating_early_for_outside_factors() -> None:
    """An escalation has no re-evaluation time, even before the 3-hour mark."""
    decision = ok({"hours_running": 1, "resolution_in_sight": "yes", "blocked": ["renewal"]})
    assert decision.recommendation == "escalate"
    assert decision.reevaluate_in_hours is None


def test_hours_from_started_at_use_now() -> None:
    """started_at counts up to now (from the caller, or the answers' own `now`)."""
    start = "2026-11-27T08:59:00+01:00"
    decision = ok({"started_at": start, "resolution_in_sight": "no"})
    assert decision.recommendation == "escalate"  # 3 h 1 min
    decision = ok({"started_at": "2026-11-27T08:00:00Z", "resolution_in_sight": "no"})
    assert decision.reevaluate_in_hours == 0.0  # 12:00+01:00 is 11:00Z: exactly 3 hours
    inside = {"started_at": start, "now": "2026-11-27T10:00:00+01:00", "resolution_in_sight": "no"}
    assert ok(inside).reevaluate_in_hours == 1.9833  # answers' now beats the caller's


def test_default_now_is_the_clock() -> None:
    """Without any now, a start in the far past is too long ago; a recent one works."""
    decision = evaluate({"started_at": "2000-01-01T00:00:00Z", "resolution_in_sight": "no"})
    assert [e.field for e in decision.errors] == ["started_at"]
    recent = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    decision = evaluate({"started_at": recent, "resolution_in_sight": "no"})
    assert decision.recommendation == "continue"
    assert 0.9 < decision.reevaluate_in_hours <= 1.0


def test_severity_facts_only_when_given(policy: Policy) -> None:
    """The chosen level's id and four facts, else null."""
    assert ok(MINIMAL).severity is None
    decision = ok({**MINIMAL, "severity": "critical"})
    level = policy.level("critical")
    assert decision.severity == {
        "id": "critical",
        "when": level.when,
        "cadence": level.cadence,
        "involved": level.involved,
        "dri": level.dri,
    }
    assert list(decision.to_dict()["severity"]) == ["id", "when", "cadence", "involved", "dri"]


def test_escalate_steps_in_contract_order_without_tam() -> None:
    """All ten escalate steps, each once; the manager gets the doc created without a TAM."""
    assert [s.id for s in ok(MINIMAL).steps] == ESCALATE_STEPS


def test_escalate_steps_with_tam_and_a_long_call() -> None:
    """With a TAM, the TAM starts the doc; a call past 3 hours adds take_break first (v2)."""
    steps = [s.id for s in ok({**MINIMAL, "has_tam": True, "call_hours": 3.5}).steps]
    assert steps == [
        "take_break",
        *ESCALATE_STEPS[:3],
        "escalation_doc_by_tam",
        *ESCALATE_STEPS[4:],
    ]


@pytest.mark.parametrize(("call_hours", "breaks"), [(None, False), (3, False), (3.01, True)])
def test_continue_steps(call_hours: float | None, breaks: bool) -> None:
    """Continue: reevaluate, schedule_touchpoint, and take_break only past 3 call hours."""
    answers: dict[str, Any] = {"hours_running": 1, "resolution_in_sight": "no"}
    if call_hours is not None:
        answers["call_hours"] = call_hours
    steps = [s.id for s in ok(answers).steps]
    assert steps == [*(["take_break"] if breaks else []), "reevaluate", "schedule_touchpoint"]


def test_reevaluate_text_before_and_after_the_threshold() -> None:
    """Below 3 hours it names the time left; past it, it says to ask again when it slips."""
    before = ok({"hours_running": 1.5, "resolution_in_sight": "no"}).steps[0]
    after = ok({"hours_running": 5, "resolution_in_sight": "yes"}).steps[0]
    assert before.id == after.id == "reevaluate"
    assert "in 1 h 30 min" in before.text
    assert "slips" in after.text and "slips" not in before.text


def test_steps_name_the_channels_and_the_room() -> None:
    """Step texts are filled from the policy and the decision, with no braces left."""
    decision = ok(FULL)
    text = " ".join(s.text for s in decision.steps)
    assert "#support-managers" in text and "#escalated_customers" in text
    assert "#a_acme-corp_escalation" in text
    assert "{" not in text and "}" not in text
    no_room = ok({**MINIMAL}).steps[2].text
    assert "#a_<customer>_escalation" in no_room


def test_decision_dict_has_the_contract_keys_in_order() -> None:
    """to_dict gives exactly the contract's keys in its order."""
    assert list(ok(FULL).to_dict()) == [
        "recommendation",
        "headline",
        "reasons",
        "reevaluate_in_hours",
        "severity",
        "slack_room",
        "steps",
        "templates",
        "moments",
        "record",
        "warnings",
        "errors",
    ]


def test_errors_blank_out_everything() -> None:
    """With errors: recommendation, severity, room and re-evaluation null; lists empty."""
    decision = evaluate({**FULL, "resolution_in_sight": "maybe"}, now=NOW).to_dict()
    assert decision == {
        "recommendation": None,
        "headline": None,
        "reasons": [],
        "reevaluate_in_hours": None,
        "severity": None,
        "slack_room": None,
        "steps": [],
        "templates": {},
        "moments": [],
        "record": [],
        "warnings": [],
        "errors": decision["errors"],
    }
    assert decision["errors"][0]["field"] == "resolution_in_sight"
