"""The policy file (`policy.toml`) read, checked and loaded into the dataclasses of policy_model."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from decision_tool import contract
from decision_tool.humanize import number, spoken
from decision_tool.policy_check import BANNER_KEYS, HEADLINE_KEYS, TIME_TABLES, Checker
from decision_tool.policy_model import (
    TIMEZONE_LENGTH,
    WARNING_KEYS,
    Blockers,
    Channels,
    Group,
    Level,
    Limits,
    Links,
    Option,
    Policy,
    PolicyError,
    Question,
    Rule,
    Step,
    Template,
    Texts,
    Time,
    Warnings,
)
from decision_tool.policy_record import parse_record, static_values
from decision_tool.policy_text import room_pattern


def _static_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The values static placeholders in policy texts are filled with."""
    rule, limits, ch = data.get("rule", {}), data.get("limits", {}), data.get("channels", {})
    values = {k: number(v) for k, v in rule.items() if isinstance(v, int | float)}
    for threshold in ("long_running", "call_break"):  # (v3) "3 hours", "1 hour"
        hours = rule.get(f"{threshold}_hours")
        if isinstance(hours, int | float) and not isinstance(hours, bool) and hours >= 0:
            values[f"{threshold}_duration"] = spoken(hours)
    values |= {f"{k}_length": str(v) for k, v in limits.items() if isinstance(v, int)}
    values |= {k: v for k, v in ch.items() if isinstance(v, str)}
    values["room_pattern"] = room_pattern(ch.get("room_prefix", ""), ch.get("room_suffix", ""))
    time = data.get("time", {})
    if isinstance(time, Mapping):
        values |= {k: number(v) for k, v in time.items() if isinstance(v, int | float)}
    return values | static_values(data)


def _number_bounds(key: str, rule: Rule) -> tuple[float | None, float | None]:
    """The min/max of a number question, from the rule."""
    if key == "hours_running":
        return 0, rule.max_hours_running
    if key == "call_hours":
        return 0, rule.max_call_hours
    return None, None


def _max_length(key: str, limits: Limits) -> int | None:
    """The max_length of a string question, from the limits."""
    kind = contract.KEY_TYPES[key]
    if key == "customer":
        return limits.customer
    by_type = {
        "line": limits.name,
        "text": limits.free_text,
        "url": limits.url,
        "room": limits.room_name + 1,
        "timezone": TIMEZONE_LENGTH,
    }
    return by_type.get(kind)


def _question(
    entry: dict[str, Any], rule: Rule, limits: Limits, levels: tuple[Level, ...]
) -> Question:
    """One Question from its checked entry, with bounds and lengths from the rule and limits.

    The escalation level's options are the levels, by their labels.
    """
    fields = {k: v for k, v in entry.items() if k != "options"}
    low, high = _number_bounds(entry["key"], rule)
    if entry["key"] == contract.LEVEL_KEY:
        options = tuple(Option(level.id, level.label) for level in levels)
    else:
        options = tuple(Option(**o) for o in entry.get("options", ()))
    return Question(
        **fields, min=low, max=high, max_length=_max_length(entry["key"], limits), options=options
    )


def parse_policy(data: Mapping[str, Any]) -> Policy:
    """Build and check a Policy from parsed TOML; raise PolicyError naming every problem."""
    values = _static_values(data)
    checker = Checker(values)
    checker.check_top(data)
    rule = Rule(
        **checker.numbers(
            data,
            "rule",
            ("long_running_hours", "max_hours_running", "max_call_hours", "call_break_hours"),
        )
    )
    limits = Limits(
        **checker.ints(data, "limits", ("customer", "name", "room_name", "free_text", "url"))
    )
    channels = Channels(
        **checker.strings(
            data, "channels", ("managers", "escalated_customers", "room_prefix", "room_suffix")
        )
    )
    links = Links(
        **checker.strings(
            data, "links", ("escalation_levels", "tam_escalations", "dev_escalations")
        )
    )
    checker.consistency(rule, limits, channels)
    levels = tuple(Level(**entry) for entry in checker.levels(data))
    level_facts = checker.level_facts(data)
    groups = tuple(Group(**entry) for entry in checker.groups(data))
    questions = tuple(_question(entry, rule, limits, levels) for entry in checker.questions(data))
    checker.table(data, "reasons", contract.REASON_IDS)
    checker.table(data, "steps", contract.STEP_IDS)
    checker.table(data, "templates", contract.ALL_TEMPLATE_IDS)
    checker.table(data, "warnings", WARNING_KEYS)
    reasons = {
        rid: checker.dynamic_text(data, ("reasons", rid, "text")) for rid in contract.REASON_IDS
    }
    steps = {sid: Step(sid, **checker.step(data, sid)) for sid in contract.STEP_IDS}
    templates = {
        tid: Template(tid, **checker.template(data, tid)) for tid in contract.ALL_TEMPLATE_IDS
    }
    warnings = Warnings(
        **{key: checker.dynamic_text(data, ("warnings", key)) for key in WARNING_KEYS}
    )
    time_table = checker.time(data)
    time = Time(
        **{key: value for key, value in time_table.items() if key not in TIME_TABLES},
        **{key: MappingProxyType(time_table[key]) for key in TIME_TABLES},
    )
    headlines = checker.strings(data, "headlines", HEADLINE_KEYS)
    banner = checker.strings(data, "banner", BANNER_KEYS)
    texts = Texts(**checker.strings(data, "texts", ("team_signature",)))
    blockers = Blockers(
        **checker.strings(data, "blockers", ("placeholder", "past_touchpoint", "stage"))
    )
    record = parse_record(data, checker)
    if checker.problems:
        raise PolicyError("policy.toml: " + "; ".join(checker.problems))
    return Policy(
        rule=rule,
        limits=limits,
        channels=channels,
        links=links,
        levels=levels,
        level_facts=MappingProxyType(level_facts),
        groups=groups,
        questions=questions,
        reasons=MappingProxyType(reasons),
        steps=MappingProxyType(steps),
        templates=MappingProxyType(templates),
        warnings=warnings,
        values=MappingProxyType(values),
        time=time,
        headlines=MappingProxyType(headlines),
        banner=MappingProxyType(banner),
        texts=texts,
        blockers=blockers,
        record=record,
    )


def parse_policy_text(text: str) -> Policy:
    """Parse and check policy TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"policy.toml is not valid TOML: {exc}") from exc
    return parse_policy(data)


@lru_cache(maxsize=1)
def load_policy() -> Policy:
    """The package's policy (read once from `decision_tool/policy.toml`)."""
    text = resources.files("decision_tool").joinpath("policy.toml").read_text(encoding="utf-8")
    return parse_policy_text(text)


__all__ = [
    "Blockers",
    "Channels",
    "Group",
    "Level",
    "Limits",
    "Links",
    "Option",
    "Policy",
    "PolicyError",
    "Question",
    "Rule",
    "Step",
    "Template",
    "Texts",
    "Time",
    "Warnings",
    "load_policy",
    "parse_policy",
    "parse_policy_text",
]
