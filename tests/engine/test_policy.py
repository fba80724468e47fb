"""The policy file: loaded once, complete, and broken policies fail loudly."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from typing import Any

import pytest

from decision_tool import contract
from decision_tool.policy import Policy, PolicyError, load_policy, parse_policy


def raw() -> dict[str, Any]:
    """A fresh copy of the package's policy.toml, parsed."""
    text = resources.files("decision_tool").joinpath("policy.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_load_policy_is_cached(policy: Policy) -> None:
    """Read once: the same object every time."""
    assert load_policy() is policy


def test_one_question_per_answer_key_except_now(policy: Policy) -> None:
    """Every contract answer key but `now` has exactly one question."""
    keys = [q.key for q in policy.questions]
    assert sorted(keys) == sorted(contract.QUESTION_KEYS)
    assert "now" not in keys


def test_questions_are_complete(policy: Policy) -> None:
    """Labels, help, source links into the handbook, and bounds from [rule]/[limits]."""
    for question in policy.questions:
        assert question.label and question.help and question.short
        assert question.source.split("#")[0] in {
            "emergency-to-escalation.md",
            "escalation-levels.md",
        }
        assert "{" not in question.help + question.label
    assert policy.question("severity").source == "escalation-levels.md#levels"
    hours = policy.question("hours_running")
    assert (hours.min, hours.max, hours.either) == (0, 720, "started_at")
    assert policy.question("call_hours").max == 72
    assert policy.question("customer").max_length == 120
    assert policy.question("summary").max_length == 4000
    assert "3 hours" in policy.question("call_hours").help


def test_levels_in_order_with_all_facts(policy: Policy) -> None:
    """Low, medium, high, critical, each with every fact; DRI per the handbook."""
    assert [lv.id for lv in policy.levels] == ["low", "medium", "high", "critical"]
    assert [lv.dri for lv in policy.levels] == ["Support", "Support", "TAM", "TAM"]
    for level in policy.levels:
        assert all(level.facts()[fact] for fact in contract.LEVEL_FACTS)


def test_texts_and_templates_exist(policy: Policy) -> None:
    """Every reason, step and template id of the contract has its text."""
    assert list(policy.reasons) == list(contract.REASON_IDS)
    assert set(policy.steps) == set(contract.STEP_IDS)
    assert list(policy.templates) == list(contract.TEMPLATE_IDS)
    assert policy.templates["managers_touch_base"].title == "Touch base in #support-managers"


def test_policy_is_frozen(policy: Policy) -> None:
    """Nobody changes the policy at run time."""
    with pytest.raises(AttributeError):
        policy.rule.long_running_hours = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        policy.steps["assign_ticket"] = policy.steps["take_break"]  # type: ignore[index]


def test_the_package_policy_parses_cleanly() -> None:
    """The shipped policy.toml parses through the same checks."""
    assert parse_policy(raw()).rule.long_running_hours == 3


def _drop_question(data: dict[str, Any]) -> None:
    data["questions"] = [q for q in data["questions"] if q["key"] != "tam"]


def _rename_question(data: dict[str, Any]) -> None:
    data["questions"][0]["key"] = "hours"


def _drop_fact(data: dict[str, Any]) -> None:
    del data["levels"][2]["cadence"]


def _swap_levels(data: dict[str, Any]) -> None:
    data["levels"][0], data["levels"][1] = data["levels"][1], data["levels"][0]


def _drop_step(data: dict[str, Any]) -> None:
    del data["steps"]["take_break"]


def _extra_step(data: dict[str, Any]) -> None:
    data["steps"]["celebrate"] = {"text": "Party."}


def _drop_template(data: dict[str, Any]) -> None:
    del data["templates"]["handover"]


def _public_room(data: dict[str, Any]) -> None:
    data["templates"]["customer_update"]["uses"] = ["slack_room"]


def _unknown_placeholder(data: dict[str, Any]) -> None:
    data["steps"]["assign_ticket"]["text"] = "Assign it in {ticketing_tool}."


def _bool_threshold(data: dict[str, Any]) -> None:
    data["rule"]["long_running_hours"] = True


def _bad_kind(data: dict[str, Any]) -> None:
    next(q for q in data["questions"] if q["key"] == "has_tam")["kind"] = "text"


def _bad_options(data: dict[str, Any]) -> None:
    next(q for q in data["questions"] if q["key"] == "resolution_in_sight")["options"].pop()


def _bad_source(data: dict[str, Any]) -> None:
    data["questions"][0]["source"] = "https://example.com"


def _max_in_question(data: dict[str, Any]) -> None:
    data["questions"][0]["max"] = 10


def _unknown_need(data: dict[str, Any]) -> None:
    data["templates"]["handover"]["needs"].append("mood")


@pytest.mark.parametrize(
    ("breakage", "named"),
    [
        (_drop_question, "'tam'"),
        (_rename_question, "'hours'"),
        (_drop_fact, "levels[2].cadence"),
        (_swap_levels, "levels"),
        (_drop_step, "steps.take_break"),
        (_extra_step, "steps.celebrate"),
        (_drop_template, "templates.handover"),
        (_public_room, "templates.customer_update"),
        (_unknown_placeholder, "{ticketing_tool}"),
        (_bool_threshold, "rule.long_running_hours"),
        (_bad_kind, "questions[has_tam].kind"),
        (_bad_options, "questions[resolution_in_sight].options"),
        (_bad_source, "questions[hours_running].source"),
        (_max_in_question, "questions[hours_running].max"),
        (_unknown_need, "templates.handover.needs"),
    ],
)
def test_broken_policy_fails_naming_the_problem(breakage: Any, named: str) -> None:
    """Each broken policy raises PolicyError whose message points at the problem."""
    data = copy.deepcopy(raw())
    breakage(data)
    with pytest.raises(PolicyError) as caught:
        parse_policy(data)
    assert named in str(caught.value)
