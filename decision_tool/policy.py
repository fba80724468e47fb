"""The policy (thresholds, channels, levels, questions, texts) as frozen dataclasses."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from decision_tool import contract
from decision_tool.humanize import number, spoken
from decision_tool.policy_check import BANNER_KEYS, HEADLINE_KEYS, TIME_TABLES, Checker
from decision_tool.policy_record import RecordPolicy, parse_record, static_values
from decision_tool.policy_text import room_pattern

#: Longest IANA time zone name accepted (the longest real one has 32 characters).
TIMEZONE_LENGTH = 64


class PolicyError(ValueError):
    """The policy file is broken; the message names every problem found."""


@dataclass(frozen=True, slots=True)
class Rule:
    """Thresholds and number ranges of the rule."""

    long_running_hours: float
    max_hours_running: float
    max_call_hours: float
    call_break_hours: float


@dataclass(frozen=True, slots=True)
class Limits:
    """Maximum string lengths, in characters."""

    customer: int
    name: int
    room_name: int
    free_text: int
    url: int


@dataclass(frozen=True, slots=True)
class Channels:
    """Slack channel names and the escalation room naming convention."""

    managers: str
    escalated_customers: str
    room_prefix: str
    room_suffix: str

    @property
    def room_pattern(self) -> str:
        """The room naming convention as a reader sees it, e.g. `#a_<customer>_escalation`."""
        return room_pattern(self.room_prefix, self.room_suffix)


@dataclass(frozen=True, slots=True)
class Links:
    """Absolute links to the public handbook pages the guidance points to."""

    escalation_levels: str
    tam_escalations: str
    dev_escalations: str


@dataclass(frozen=True, slots=True)
class Level:
    """One escalation level and its facts."""

    id: str
    label: str
    when: str
    cadence: str
    involved: str
    dri: str

    @property
    def anchor(self) -> str:
        """The stable HTML id of the level's row in the handbook's table, e.g. `level-high`."""
        return f"level-{self.id}"

    def facts(self) -> dict[str, str]:
        """The contract's `severity` object: id and the four facts."""
        return {"id": self.id, **{fact: getattr(self, fact) for fact in contract.LEVEL_FACTS}}


@dataclass(frozen=True, slots=True)
class Group:
    """One group of questions in the form: its contract id, its title, a line under it and the
    handbook section (`page.md#id`) the group links to."""

    id: str
    title: str
    intro: str
    source: str


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a radio, select or checkboxes question."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the form, named by its contract answer key."""

    key: str
    label: str
    help: str
    kind: str
    group: str
    source: str
    required: bool
    short: str
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    placeholder: str | None = None
    options: tuple[Option, ...] = ()
    #: The checkbox question this one details: the form shows it once that one is answered.
    detail_of: str | None = None

    @property
    def either(self) -> str | None:
        """The other half of the contract's either pair, when this question is in it."""
        if self.key not in contract.EITHER:
            return None
        return next(key for key in contract.EITHER if key != self.key)

    def option_label(self, value: str) -> str:
        """The label of one option value (the value itself when unknown)."""
        return next((o.label for o in self.options if o.value == value), value)


@dataclass(frozen=True, slots=True)
class Step:
    """A step's text (with dynamic placeholders still in it)."""

    id: str
    text: str
    text_past_threshold: str | None = None
    text_at_threshold: str | None = None
    #: (v3) The text when the step's moment is overdue (the step then comes first).
    text_overdue: str | None = None
    #: (v3) The reevaluate step's text after a `stay` judgement (ask again, with the manager).
    text_stay: str | None = None
    #: The id of the text to paste that this step's own Copy copies (the page's step list).
    paste: str | None = None


@dataclass(frozen=True, slots=True)
class Template:
    """A paste-ready text's metadata; its body is `templates/<id>.j2`."""

    id: str
    title: str
    audience: str
    format: str
    needs: tuple[str, ...]
    uses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Warnings:
    """Warning texts (with dynamic placeholders still in them)."""

    missing: str
    no_room: str
    non_ascii_host: str
    #: (v3) A name the customer reply would greet or be signed with is a handle.
    handle_contact: str
    handle_signature: str
    #: (v3) `stay` when no question calls for an escalation.
    stay_without_call: str
    #: (v3) A handbook question left unanswered because another reason was enough.
    unanswered: str


#: The warnings' keys in the policy's `[warnings]`, in order.
WARNING_KEYS = ("missing", "no_room", "non_ascii_host", "handle_contact", "handle_signature",
                "stay_without_call", "unanswered")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Blockers:
    """(v3) Why a public text is not ready: a placeholder ({short}), a touch-point now past."""

    placeholder: str
    past_touchpoint: str
    #: (v3) An internal text that presumes a running escalation, before the stage `open`.
    stage: str


@dataclass(frozen=True, slots=True)
class Time:
    """Time (v2, v3): the moments' lead and labels, the calendar, the clock's words, warnings."""

    handover_lead_minutes: float
    customer_day_start_hour: float
    customer_day_end_hour: float
    calendar_event_minutes: float
    calendar_alarm_minutes: float
    touchpoint_past: str
    handover_past: str
    calendar_customer: str
    calendar_ticket: str
    calendar_summary: str
    customer_clock: str
    as_of: str
    touchpoint_passed: str
    fixed_offset_zone: str
    touchpoint_offset: str
    touchpoint_outside_day: str
    labels: Mapping[str, str]
    short_labels: Mapping[str, str]
    #: The name a customer reads for each common zone (`Pacific Time`), by tzdata name.
    zone_names: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Texts:
    """(v2) Fixed words of the texts."""

    team_signature: str


@dataclass(frozen=True, slots=True)
class Policy:
    """The whole policy, as read from `policy.toml`."""

    rule: Rule
    limits: Limits
    channels: Channels
    links: Links
    levels: tuple[Level, ...]
    level_facts: Mapping[str, str]
    groups: tuple[Group, ...]
    questions: tuple[Question, ...]
    reasons: Mapping[str, str]
    steps: Mapping[str, Step]
    templates: Mapping[str, Template]
    warnings: Warnings
    #: The policy's values as a reader sees them ("3", "#support-managers", ...), by the names
    #: that policy texts use as {placeholders}; handbook pages use them too.
    values: Mapping[str, str]
    time: Time
    #: (v3) The headline texts, by headline id (and `continue_at_mark`).
    headlines: Mapping[str, str]
    #: The page's banner wording, by state (see `policy_check.BANNER_KEYS`).
    banner: Mapping[str, str]
    texts: Texts
    blockers: Blockers
    #: (v3) The stage and the record: limits, names, help.
    record: RecordPolicy

    def question(self, key: str) -> Question:
        """The question of one answer key."""
        return next(q for q in self.questions if q.key == key)

    def level(self, level_id: str) -> Level:
        """The level with this id."""
        return next(lv for lv in self.levels if lv.id == level_id)

    @property
    def question_order(self) -> tuple[str, ...]:
        """Answer keys in form order."""
        return tuple(q.key for q in self.questions)


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
