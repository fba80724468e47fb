"""(v3) Either question is enough: a blocked outside factor or the judgement escalates without
the hours or the resolution in sight; each unanswered question is a warning at its field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from decision_tool.policy import load_policy
from tests.engine.helpers import errors_of, ok

QUESTIONS = ("hours_running", "resolution_in_sight")


def unanswered(decision: Any) -> dict[str, str]:
    """The warnings at the two handbook questions, by field."""
    return {w.field: w.message for w in decision.warnings if w.field in QUESTIONS}


@pytest.mark.parametrize("factor", ["renewal", "migration", "other_initiative"])
def test_a_blocked_factor_alone_escalates(factor: str) -> None:
    """A ticked renewal (say) with no hours and no resolution: escalate, for that reason."""
    decision = ok({"blocked": [factor]})
    assert decision.recommendation == "escalate"
    assert [reason.id for reason in decision.reasons] == ["outside_factors"]
    assert decision.headline is not None and decision.headline.id == "escalate"
    assert decision.reevaluate_in_hours is None
    assert list(unanswered(decision)) == list(QUESTIONS)
    assert all("Not answered yet" in message for message in unanswered(decision).values())
    steps = [step.id for step in decision.steps]
    assert steps[0] == "touch_base_managers"


def test_the_judgement_alone_escalates() -> None:
    """The judgement that it needs an escalation, nothing else answered: escalate on it."""
    decision = ok({"judgement": True, "judgement_reason": "2,000 users locked out."})
    assert decision.recommendation == "escalate"
    assert [reason.id for reason in decision.reasons] == ["judgement"]
    assert decision.headline is not None and decision.headline.id == "judgement"
    assert list(unanswered(decision)) == list(QUESTIONS)


def test_the_texts_show_the_hours_as_missing_until_given() -> None:
    """The touch base says the hours are missing ([hours running]), never a made-up duration."""
    short = load_policy().question("hours_running").short
    decision = ok({"blocked": ["renewal"], "resolution_in_sight": "no"})
    text = decision.templates["managers_touch_base"].text
    assert f"[{short}]" in text
    assert "• Blocking: a renewal" in text
    assert list(unanswered(decision)) == ["hours_running"]


def test_the_texts_never_make_up_a_resolution_answer() -> None:
    """Blocked alone: the touch base shows the resolution answer as missing, not as "unsure"."""
    short = load_policy().question("resolution_in_sight").short
    text = ok({"blocked": ["renewal"]}).templates["managers_touch_base"].text
    assert f"• Clear resolution in sight: [{short}]\n" in text


def test_each_answer_given_is_used_and_only_the_other_warned() -> None:
    """Hours given, resolution not: the hours count in the texts, the resolution is warned."""
    decision = ok({"blocked": ["migration"], "hours_running": 5})
    assert [reason.id for reason in decision.reasons] == ["outside_factors"]
    assert list(unanswered(decision)) == ["resolution_in_sight"]
    assert "5 h" in decision.templates["managers_touch_base"].text
    started = ok({"blocked": ["migration"], "started_at": "2026-11-27T07:00:00+01:00"})
    assert list(unanswered(started)) == ["resolution_in_sight"]


def test_both_questions_answered_leave_no_warning_at_them() -> None:
    """Everything answered: no warning at either question; both reasons listed."""
    decision = ok({"blocked": ["renewal"], "hours_running": 5, "resolution_in_sight": "no"})
    assert unanswered(decision) == {}
    assert [reason.id for reason in decision.reasons] == ["long_running", "outside_factors"]


@pytest.mark.parametrize(
    "answers",
    [{}, {"judgement": False}, {"blocked": []}, {"hours_running": 5}, {"blocked": ["holiday"]}],
    ids=["nothing", "judgement-false", "nothing-blocked", "hours-only", "unknown-factor"],
)
def test_without_another_reason_both_stay_required(answers: dict[str, Any]) -> None:
    """No valid blocked factor and no judgement: the two questions are required as before."""
    errors = errors_of(answers)
    if "hours_running" not in answers:
        assert "Required" in errors["hours_running"]
    assert "Required" in errors["resolution_in_sight"]


def test_a_bad_answer_is_still_an_error_when_a_factor_is_blocked() -> None:
    """Either question is enough only when what is given is valid: bad hours stay an error."""
    errors = errors_of({"blocked": ["renewal"], "hours_running": 9999})
    assert list(errors) == ["hours_running"]
    errors = errors_of({"blocked": ["renewal"], "resolution_in_sight": "maybe"})
    assert list(errors) == ["resolution_in_sight"]


def test_the_cli_escalates_on_a_blocked_factor_alone() -> None:
    """`{"blocked": ["renewal"]}` on standard input: exit 0, escalate, the warnings listed."""
    script = Path(sys.executable).parent / "decision-tool"
    result = subprocess.run(
        [str(script), "evaluate", "--format", "json"],
        input=json.dumps({"blocked": ["renewal"]}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["recommendation"] == "escalate"
    assert {w["field"] for w in decision["warnings"]} >= set(QUESTIONS)
