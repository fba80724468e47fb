"""A team that moves the threshold changes one line: with `long_running_hours = 5` nothing the
tool prints (decision JSON, CLI text and help, calendar file, the page's words in the policy)
says "three" or "3 h" where the threshold is meant."""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from dataclasses import fields, is_dataclass
from importlib import resources
from typing import Any

import pytest

from decision_tool import samples
from decision_tool.cli import build_parser
from decision_tool.cli_text import format_decision
from decision_tool.decide import decide
from decision_tool.ics import calendar_text
from decision_tool.model import Decision
from decision_tool.policy import Policy, parse_policy
from decision_tool.validate import Answers, validate

NOW = samples.NOW  # 12:00 +01:00
#: "three" (also in an id: `three_hour_mark`), "3 h", "3 hours", "3-hour"; not "13 h".
THREE = re.compile(r"(?<![a-z])three(?![a-z])|(?<![\d.])3(?: h\b| hours?\b|-hour)", re.I)
#: Answers whose own values print no 3: hours and times that leave no "3 h" to the mark.
HOURS = (0, 1, 4, 4.5, 5, 5.5, 8, 30)
STARTS = ("2026-11-27T08:00:00+01:00", "2026-11-27T07:00:00+01:00", "2026-11-27T10:00:00Z")
EXTRAS: tuple[dict[str, Any], ...] = (
    {},
    {"blocked": ["renewal"]},
    {"judgement": True, "judgement_reason": "Thousands locked out."},
    {k: v for k, v in samples.ESCALATE.items() if k not in ("hours_running", "resolution_in_sight")}
    | {"shift_ends_at": "2026-11-27T18:00:00+01:00", "call_hours": 4.5},
)


@pytest.fixture(scope="module")
def five_hours() -> Policy:
    """The package's policy with the threshold at 5 hours (and the call break at 4, so that a
    3 left anywhere is a literal, not a policy value)."""
    text = resources.files("decision_tool").joinpath("policy.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    data["rule"]["long_running_hours"] = 5
    data["rule"]["call_break_hours"] = 4
    return parse_policy(data)


def answer_sets() -> list[dict[str, Any]]:
    """Hours and start times around the 5-hour mark, each resolution, with and without extras."""
    times = [{"hours_running": h} for h in HOURS] + [{"started_at": s} for s in STARTS]
    return [
        {**when, "resolution_in_sight": resolution, **extra}
        for when, resolution, extra in itertools.product(times, ("yes", "no", "unsure"), EXTRAS)
    ]


def decided(answers: dict[str, Any], policy: Policy) -> tuple[Answers, Decision]:
    """The checked answers and the decision under `policy`, at NOW."""
    checked = validate(answers, policy, NOW)
    assert not isinstance(checked, list), checked
    return checked, decide(checked, policy)


def printed(answers: dict[str, Any], policy: Policy) -> str:
    """Everything the tool prints for these answers: decision JSON, CLI text, calendar."""
    checked, decision = decided(answers, policy)
    as_json = json.dumps(decision.to_dict(), ensure_ascii=False)
    cli = format_decision(decision.to_dict(), policy)
    return "\n".join([as_json, cli, calendar_text(decision.moments, checked, policy)])


def policy_texts(value: Any) -> list[str]:
    """Every string the policy holds (questions, headlines, banner, steps, labels, ...)."""
    if isinstance(value, str):
        return [value]
    if is_dataclass(value):
        value = [getattr(value, field.name) for field in fields(value)]
    if isinstance(value, dict) or hasattr(value, "items"):
        return [text for item in value.items() for text in policy_texts(item)]
    if isinstance(value, tuple | list):
        return [text for item in value for text in policy_texts(item)]
    return []


def test_the_threshold_policy_decides_on_five_hours(five_hours: Policy) -> None:
    """The check below means something: 4 h continues, 5 h is the mark, 6 h escalates."""
    decisions = {h: decided({"hours_running": h, "resolution_in_sight": "no"}, five_hours)[1]
                 for h in (4, 5, 6)}  # fmt: skip
    assert [decisions[h].recommendation for h in (4, 5, 6)] == ["continue", "continue", "escalate"]
    assert "5-hour mark is reached" in decisions[5].headline.text


def test_nothing_printed_says_three_hours(five_hours: Policy) -> None:
    """Every answer set's decision JSON, CLI text and calendar file: no "three", no "3 h"."""
    found, marks = {}, 0
    for answers in answer_sets():
        text = printed(answers, five_hours)
        marks += "5-hour mark" in text and "BEGIN:VEVENT" in text
        hits = THREE.findall(text)
        if hits:
            found[json.dumps(answers)[:120]] = sorted(set(hits))
    assert found == {}
    assert marks > 0  # the mark's moment, step and calendar event were printed and checked


def test_no_policy_text_says_three_hours(five_hours: Policy) -> None:
    """The form's questions, the headlines, the banner's words, steps, reasons, labels, and the
    CLI's help: no "three", no "3 h"."""
    texts = [*policy_texts(five_hours), build_parser(five_hours).format_help()]
    assert len(texts) > 200 and any("5 hours" in text for text in texts)
    assert [text for text in texts if THREE.search(text)] == []
