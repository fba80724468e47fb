"""(v3) The headline: the engine names it (`{"id", "text"}`), and the CLI shows it as given."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from decision_tool import evaluate, evaluate_json
from decision_tool.cli_text import format_decision
from decision_tool.policy import Policy
from tests.engine.helpers import FULL, NOW, ok

CASES = [
    # answers, headline id, the policy's text
    ({"hours_running": 1, "resolution_in_sight": "no"}, "continue", "continue"),
    ({"hours_running": 30, "resolution_in_sight": "yes"}, "continue", "continue"),
    ({"hours_running": 8, "resolution_in_sight": "unsure"}, "escalate", "escalate"),
    ({"hours_running": 0, "resolution_in_sight": "yes", "blocked": ["renewal"]}, "escalate",
     "escalate"),
    ({"hours_running": 1, "resolution_in_sight": "yes", "judgement": True}, "judgement",
     "judgement"),
    ({"hours_running": 1, "resolution_in_sight": "yes", "judgement": True,
      "blocked": ["migration"]}, "escalate", "escalate"),
    ({"hours_running": 8, "resolution_in_sight": "no", "judgement": True}, "escalate",
     "escalate"),
    # (v3) the judgement both ways: stay when a question calls for it, else nothing changes
    ({"hours_running": 8, "resolution_in_sight": "no", "judgement": "stay"}, "stay", "stay"),
    ({"hours_running": 0, "resolution_in_sight": "yes", "blocked": ["renewal"],
      "judgement": "stay"}, "stay", "stay"),
    ({"hours_running": 1, "resolution_in_sight": "no", "judgement": "stay"}, "continue",
     "continue"),
]  # fmt: skip


@pytest.mark.parametrize(("answers", "headline_id", "key"), CASES)
def test_the_engine_names_the_headline(
    answers: dict[str, Any], headline_id: str, key: str, policy: Policy
) -> None:
    """Escalate on a question, on judgement alone, or continue: the id and the policy's text."""
    decision = ok(answers).to_dict()
    assert decision["headline"] == {"id": headline_id, "text": policy.headlines[key]}
    assert list(decision)[:3] == ["recommendation", "headline", "reasons"]


def test_an_escalation_asks_for_the_touch_base_in_the_managers_channel(policy: Policy) -> None:
    """The escalate and judgement headlines name the managers' channel from the policy."""
    for answers in (FULL, {"hours_running": 1, "resolution_in_sight": "no", "judgement": True}):
        text = ok(answers).headline.text
        assert policy.channels.managers in text and "touch base" in text


def test_continue_leaves_the_call_to_the_engineer() -> None:
    """Neither question calls for it yet: the headline says so, and that the call is theirs."""
    text = ok({"hours_running": 1, "resolution_in_sight": "no"}).headline.text
    assert "neither" in text and "The call stays yours" in text


def test_at_the_threshold_exactly_the_headline_says_the_mark_is_reached(policy: Policy) -> None:
    """At the mark: still `continue`, and its text says the mark is reached: touch base now."""
    hours = policy.rule.long_running_hours
    decision = ok({"hours_running": hours, "resolution_in_sight": "no"})
    assert decision.recommendation == "continue" and decision.reevaluate_in_hours == 0
    assert decision.headline.id == "continue"
    assert decision.headline.text == policy.headlines["continue_at_mark"]
    assert "mark is reached now" in decision.headline.text
    assert f"touch base in {policy.channels.managers} now" in decision.headline.text
    below = ok({"hours_running": hours - 0.5, "resolution_in_sight": "no"})
    assert below.headline.text == policy.headlines["continue"]


def test_errors_have_no_headline() -> None:
    """Invalid answers: `headline` is null, in Python and in JSON."""
    assert evaluate({"hours_running": -1}, now=NOW).headline is None
    assert json.loads(evaluate_json("{}", now=NOW))["headline"] is None


@pytest.mark.parametrize(("answers", "headline_id", "key"), CASES)
def test_the_cli_text_shows_the_engines_headline(
    answers: dict[str, Any], headline_id: str, key: str, policy: Policy
) -> None:
    """The text format shows exactly the decision's headline under the recommendation, whatever
    the headline says (the CLI chooses none itself)."""
    decision = ok(answers).to_dict()
    decision["headline"] = {"id": headline_id, "text": "A headline the engine chose."}
    lines = format_decision(decision, policy).splitlines()
    assert lines[1] == "  A headline the engine chose."
    shown = []
    for line in format_decision(ok(answers).to_dict(), policy).splitlines()[1:]:
        if not line.startswith("  ") or line.startswith("  - "):
            break
        shown.append(line.strip())
    assert " ".join(shown) == policy.headlines[key]


def test_the_cli_at_the_mark_shows_the_headline_and_no_zero_wait(policy: Policy) -> None:
    """`decision-tool evaluate` at the threshold: the mark-reached headline, no 'in 0 min'."""
    answers = {"hours_running": policy.rule.long_running_hours, "resolution_in_sight": "no"}
    result = subprocess.run(
        [sys.executable, "-m", "decision_tool", "evaluate", "--now", NOW],
        input=json.dumps(answers), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert policy.headlines["continue_at_mark"] in out
    assert "Re-evaluate" not in out and "0 min" not in out
