"""The policy file: loaded once, complete, and broken policies fail loudly."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from typing import Any

import pytest

from decision_tool import contract
from decision_tool.humanize import number
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


def test_level_facts_and_groups_are_labelled_in_contract_order(policy: Policy) -> None:
    """One label per level fact and one title per form group, in the contract's order."""
    assert tuple(policy.level_facts) == contract.LEVEL_FACTS
    assert policy.level_facts["cadence"] == (
        "The account escalation's communication cadence (internal and with the customer)"
    )
    assert tuple(group.id for group in policy.groups) == contract.GROUPS
    assert all(group.title for group in policy.groups)
    assert [level.anchor for level in policy.levels] == [
        "level-low",
        "level-medium",
        "level-high",
        "level-critical",
    ]


def test_either_pair_comes_from_the_contract(policy: Policy) -> None:
    """The hours and the start time name each other; no other question is in a pair."""
    first, second = contract.EITHER
    assert (policy.question(first).either, policy.question(second).either) == (second, first)
    assert [q.key for q in policy.questions if q.either] == list(contract.EITHER)


def test_the_levels_are_the_severity_options() -> None:
    """The escalation level's choices are the `[[levels]]`, by their labels: one place."""
    data = copy.deepcopy(raw())
    assert "options" not in question(data, "severity")
    data["levels"][2]["label"] = "Serious"
    options = parse_policy(data).question("severity").options
    assert [(o.value, o.label) for o in options] == [
        ("low", "Low"), ("medium", "Medium"), ("high", "Serious"), ("critical", "Critical"),
    ]  # fmt: skip


def test_headlines_and_banner_words_are_complete(policy: Policy) -> None:
    """One headline text per headline id (and at the mark); the page's banner words, filled."""
    assert list(policy.headlines) == [*contract.HEADLINE_IDS, "continue_at_mark"]
    assert "#support-managers" in policy.headlines["escalate"]
    assert "{" not in "".join(policy.headlines.values())
    threshold = number(policy.rule.long_running_hours)
    assert f"more than {threshold} hours" in policy.banner["fallback"]
    assert policy.banner["error_detail"].count("{") == 2  # {error} and {fallback}, for the page


def test_texts_and_templates_exist(policy: Policy) -> None:
    """Every reason, step and template id of the contract has its text."""
    assert list(policy.reasons) == list(contract.REASON_IDS)
    assert set(policy.steps) == set(contract.STEP_IDS)
    assert list(policy.templates) == list(contract.ALL_TEMPLATE_IDS)
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


def question(data: dict[str, Any], key: str) -> dict[str, Any]:
    """The raw question table of one answer key."""
    return next(q for q in data["questions"] if q["key"] == key)


def break_policy(data: dict[str, Any], how: str) -> None:
    """Damage a raw policy in one named way."""
    match how:
        case "drop question":
            data["questions"].remove(question(data, "tam"))
        case "rename question":
            question(data, "hours_running")["key"] = "hours"
        case "drop fact":
            del data["levels"][2]["cadence"]
        case "swap levels":
            data["levels"][0], data["levels"][1] = data["levels"][1], data["levels"][0]
        case "drop step":
            del data["steps"]["take_break"]
        case "extra step":
            data["steps"]["celebrate"] = {"text": "Party."}
        case "drop template":
            del data["templates"]["handover"]
        case "public room":
            data["templates"]["customer_update"]["uses"] = ["slack_room"]
        case "unknown placeholder":
            data["steps"]["assign_ticket"]["text"] = "Assign it in {ticketing_tool}."
        case "bool threshold":
            data["rule"]["long_running_hours"] = True
        case "bad kind":
            question(data, "has_tam")["kind"] = "text"
        case "bad options":
            question(data, "resolution_in_sight")["options"].pop()
        case "bad source":
            question(data, "hours_running")["source"] = "https://example.com"
        case "max in question":
            question(data, "hours_running")["max"] = 10
        case "threshold past range":
            data["rule"]["call_break_hours"] = 100
        case "hours past the years":
            data["rule"]["max_hours_running"] = 24 * 365
        case "bad prefix":
            data["channels"]["room_prefix"] = "A "
        case "bad channel":
            data["channels"]["managers"] = "support managers"
        case "unknown need":
            data["templates"]["handover"]["needs"].append("mood")
        case "drop fact label":
            del data["level_facts"]["dri"]
        case "swap fact labels":
            data["level_facts"] = dict(reversed(data["level_facts"].items()))
        case "empty fact label":
            data["level_facts"]["cadence"] = " "
        case "drop group":
            data["groups"].pop()
        case "untitled group":
            del data["groups"][1]["title"]
        case "either in question":
            question(data, "started_at")["either"] = "hours_running"
        case "step in question":
            question(data, "hours_running")["step"] = 0.25
        case "level options in question":
            question(data, "severity")["options"] = [{"value": "low", "label": "Low"}]
        case "drop headline":
            del data["headlines"]["continue_at_mark"]
        case "old verdicts":
            data["verdicts"] = data.pop("headlines")
        case "drop banner words":
            del data["banner"]["loading_detail"]
        case "unknown banner placeholder":
            data["banner"]["again"] = "Ask again at {when}."


@pytest.mark.parametrize(
    ("breakage", "named"),
    [
        ("drop question", "'tam'"),
        ("rename question", "'hours'"),
        ("drop fact", "levels[2].cadence"),
        ("swap levels", "levels"),
        ("drop step", "steps.take_break"),
        ("extra step", "steps.celebrate"),
        ("drop template", "templates.handover"),
        ("public room", "templates.customer_update"),
        ("unknown placeholder", "{ticketing_tool}"),
        ("bool threshold", "rule.long_running_hours"),
        ("bad kind", "questions[has_tam].kind"),
        ("bad options", "questions[resolution_in_sight].options"),
        ("bad source", "questions[hours_running].source"),
        ("max in question", "questions[hours_running].max"),
        ("unknown need", "templates.handover.needs"),
        ("threshold past range", "rule.call_break_hours"),
        ("hours past the years", "rule.max_hours_running"),
        ("bad prefix", "room_prefix"),
        ("bad channel", "channels.managers"),
        ("drop fact label", "level_facts.dri"),
        ("swap fact labels", "level_facts: keys must be when, cadence, involved, dri"),
        ("empty fact label", "level_facts.cadence"),
        ("drop group", "groups: ids must be decision, context, people, texts"),
        ("untitled group", "groups[1].title"),
        ("either in question", "questions[started_at].either"),
        ("step in question", "questions[hours_running].step"),
        ("level options in question", "questions[severity].options"),
        ("drop headline", "headlines.continue_at_mark"),
        ("old verdicts", "verdicts: unknown top-level key"),
        ("drop banner words", "banner.loading_detail"),
        ("unknown banner placeholder", "{when}"),
    ],
)
def test_broken_policy_fails_naming_the_problem(breakage: str, named: str) -> None:
    """Each broken policy raises PolicyError whose message points at the problem."""
    data = copy.deepcopy(raw())
    break_policy(data, breakage)
    with pytest.raises(PolicyError) as caught:
        parse_policy(data)
    assert named in str(caught.value)
