"""The policy's shape: frozen dataclasses, one per table of `policy.toml` (read by policy.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from decision_tool import contract
from decision_tool.policy_record import RecordPolicy
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
